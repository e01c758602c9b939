"""Cold start: ``import sme_rules`` and ``sme-rules evaluate`` on one profile, each in a fresh process.

    python benchmarks/cold_start_benchmark.py            # best of 5 runs each
    python benchmarks/cold_start_benchmark.py --repeat 3

Side by side in one run, with the load average before and after:

- ``python -c "import sme_rules"``, and the same followed by ``sme_rules.evaluate`` (the names are
  imported on first use, so this row is what a program that evaluates pays before its first call);
- ``sme-rules --help``;
- ``sme-rules evaluate examples/xizang_manufacturer.json --as-of 2022-06-01`` with an empty rule
  cache (every process parses the YAML: ``SME_RULES_CACHE=off``), and with a warm one (a second
  process reads the rule sets the first one left in ``SME_RULES_CACHE_DIR``);
- the same with ``--region xizang``: without it the profile's region_code is looked up in every
  region's rule file, so all four are loaded.

Wall time and CPU time (user + system) of the child; the machine is shared, so CPU time is the
steadier figure when the load average exceeds the core count.

``--baseline-src DIR`` runs every command a second time with ``PYTHONPATH=DIR`` (another checkout's
``src``, e.g. the main branch's), the two interleaved run by run so that the load falls on both
alike, and prints both with their ratio.
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


def once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def timed(command: list[str], envs: list[dict[str, str]], repeat: int) -> list[tuple[float, float]]:
    """Best wall time and best CPU time of ``repeat`` runs under each environment, interleaved."""
    runs: list[list[tuple[float, float]]] = [[] for _ in envs]
    for _ in range(repeat):
        for i, env in enumerate(envs):
            runs[i].append(once(command, env))
    return [(min(w for w, _ in r), min(c for _, c in r)) for r in runs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-src", help="another checkout's src folder, run interleaved for comparison")
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("sme-rules"))
    evaluate = [cli, "evaluate", str(PROFILE), "--as-of", "2022-06-01"]
    with tempfile.TemporaryDirectory(prefix="sme-cache-") as folder:
        warm = {**os.environ, "SME_RULES_CACHE_DIR": folder}
        cold = {**os.environ, "SME_RULES_CACHE": "off"}
        variants = [("", {})]
        if args.baseline_src:
            variants.append((f" [{args.baseline_src}]", {"PYTHONPATH": args.baseline_src}))
        for _, extra in variants:
            subprocess.run(evaluate, check=True, capture_output=True, env={**warm, **extra})  # fills the cache
        print(f"command: {' '.join([os.path.basename(sys.executable), *sys.argv])}; Python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
        rows = [
            ("python -c 'import sme_rules'", [sys.executable, "-c", "import sme_rules"], warm),
            ("python -c 'import sme_rules; sme_rules.evaluate'", [sys.executable, "-c", "import sme_rules; sme_rules.evaluate"], warm),
            ("sme-rules --help", [cli, "--help"], warm),
            ("sme-rules evaluate PROFILE, no rule cache", evaluate, cold),
            ("sme-rules evaluate PROFILE, warm rule cache", evaluate, warm),
            ("sme-rules evaluate PROFILE --region xizang, no rule cache", [*evaluate, "--region", "xizang"], cold),
            ("sme-rules evaluate PROFILE --region xizang, warm rule cache", [*evaluate, "--region", "xizang"], warm),
        ]
        print(f"| process | wall s (best of {args.repeat}) | CPU s (best) |")
        print("|---|---:|---:|")
        for label, command, env in rows:
            results = timed(command, [{**env, **extra} for _, extra in variants], args.repeat)
            for (suffix, _), (wall, cpu) in zip(variants, results, strict=True):
                ratio = f" ({cpu / results[-1][1]:.2f}× CPU)" if suffix == "" and len(results) > 1 else ""
                print(f"| {label}{suffix} | {wall:.3f} | {cpu:.3f}{ratio} |", flush=True)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
