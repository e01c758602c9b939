"""Cold start: ``import sme_rules`` and ``sme-rules evaluate`` on one profile, each in a fresh process.

    python benchmarks/cold_start_benchmark.py            # best of 5 runs each
    python benchmarks/cold_start_benchmark.py --repeat 3

Side by side in one run, with the load average before and after:

- ``python -c "import sme_rules"``;
- ``sme-rules evaluate examples/xizang_manufacturer.json --as-of 2022-06-01`` with an empty rule
  cache (every process parses the YAML: ``SME_RULES_CACHE=off``), and with a warm one (a second
  process reads the rule sets the first one left in ``SME_RULES_CACHE_DIR``);
- the same with ``--region xizang``: without it the profile's region_code is looked up in every
  region's rule file, so all four are loaded.

Wall time and CPU time (user + system) of the child; the machine is shared, so CPU time is the
steadier figure when the load average exceeds the core count.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]
PROFILE = TOP / "examples" / "xizang_manufacturer.json"


def timed(command: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time of ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("sme-rules"))
    evaluate = [cli, "evaluate", str(PROFILE), "--as-of", "2022-06-01"]
    with tempfile.TemporaryDirectory(prefix="sme-cache-") as folder:
        warm = {**os.environ, "SME_RULES_CACHE_DIR": folder}
        cold = {**os.environ, "SME_RULES_CACHE": "off"}
        subprocess.run(evaluate, check=True, capture_output=True, env=warm)  # fills the cache
        print(f"command: {' '.join([os.path.basename(sys.executable), *sys.argv])}; Python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
        rows = [
            ("python -c 'import sme_rules'", [sys.executable, "-c", "import sme_rules"], warm),
            ("sme-rules evaluate PROFILE, no rule cache", evaluate, cold),
            ("sme-rules evaluate PROFILE, warm rule cache", evaluate, warm),
            ("sme-rules evaluate PROFILE --region xizang, no rule cache", [*evaluate, "--region", "xizang"], cold),
            ("sme-rules evaluate PROFILE --region xizang, warm rule cache", [*evaluate, "--region", "xizang"], warm),
        ]
        print(f"| process | wall s (best of {args.repeat}) | CPU s (best) |")
        print("|---|---:|---:|")
        for label, command, env in rows:
            wall, cpu = timed(command, env, args.repeat)
            print(f"| {label} | {wall:.3f} | {cpu:.3f} |", flush=True)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
