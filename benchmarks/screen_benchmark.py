"""Population screening from a Parquet file to a status frame, beside ``evaluate()`` per profile.

    python benchmarks/screen_benchmark.py                       # 1,000,000 profiles, 2,000 evaluated
    python benchmarks/screen_benchmark.py --rows 200000 --sample 500 --repeat 1   # quicker

One run, in this order:

1. the machine: CPU model, cores, load average, Python and package versions;
2. the rule set of the largest region (most benefits, then most IR nodes) on ``--as-of``;
3. ``--rows`` synthetic profiles of that region (``sme-rules population``, seeded) written to a
   Parquet file, then screened from that file to an in-memory status frame (pyarrow Table):
   ``screen_path()`` with 1 and with ``--workers`` threads, and with ``--workers`` processes; each
   in a fresh Python process, so that its peak resident set size is its own; best of ``--repeat``;
4. ``sme-rules screen FILE -o OUT.parquet --workers N``: the same, Parquet in and Parquet out;
5. ``evaluate()`` one profile at a time on the first ``--sample`` rows of the same file;
6. ``screen()`` on the same rows as an in-memory pyarrow Table, with 1 and ``--workers`` threads
   (the file's row groups as chunks; one contiguous chunk at the default chunk size and at 262,144);
7. ``screen()`` on the first ``--pandas-rows`` rows as pandas frames of each backend (from
   ``read_csv``, ``Table.to_pandas()`` with Decimal objects, ``read_parquet`` with pyarrow and with
   nullable dtypes) beside the same rows as a pyarrow Table, in one process, best of ``--repeat``;
   the ratio to the Table's time, the CPU of each phase (frame → arrow, screening, result →
   pandas), and whether every output column is the same.

Throughput counts rows screened per second of screening (the file read included); the start-up of
each process (importing, loading and compiling the rules) is shown apart.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import sme_rules
from sme_rules.language import ir
from sme_rules.language.loader import REGIONS, load_region
from sme_rules.screening.population import write_population

CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from sme_rules.screening.files import ScreenOptions, screen_path
options = ScreenOptions(region={region!r}, as_of={as_of!r})
options.screener()
ready = time.perf_counter()
table = screen_path({path!r}, options, workers={workers}, pool={pool!r})
done = time.perf_counter()
print(json.dumps({{"rows": table.num_rows, "columns": table.num_columns, "startup": ready - started, "screen": done - ready,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""

STAGES = """
import json, time
import pyarrow.parquet as pq
from sme_rules.screening.files import ScreenOptions, _text_columns
from sme_rules.screening.input import adapt
from sme_rules.screening.fields import read_field
from sme_rules.engines.vector import Batch
options = ScreenOptions(region={region!r}, as_of={as_of!r})
screener = options.screener()
program = screener.programs[{region!r}]
parquet = pq.ParquetFile({path!r}, read_dictionary=_text_columns(pq.read_schema({path!r}).names))
spent = dict(read=0.0, check=0.0, evaluate=0.0, assemble=0.0)
for group in range(parquet.num_row_groups):
    clock = time.process_time()
    chunk = next(adapt(parquet.read_row_group(group, use_threads=False)).chunks(1 << 30))
    spent["read"] += time.process_time() - clock; clock = time.process_time()
    columns = dict((n, read_field(screener.catalogue[n], v)[0]) for n, v in chunk.data.items() if n in screener.catalogue)
    spent["check"] += time.process_time() - clock; clock = time.process_time()
    program.run(Batch(chunk.size, columns))
    spent["evaluate"] += time.process_time() - clock; clock = time.process_time()
    screener.screen_chunk(chunk)
    spent["assemble"] += time.process_time() - clock
spent["assemble"] -= spent["check"] + spent["evaluate"]  # screen_chunk = check + evaluate + assemble
print(json.dumps(spent))
"""


def machine() -> dict[str, Any]:
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in ("sme-rules", "numpy", "pyarrow", "pydantic", "durable-rules"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def largest_region() -> str:
    def size(region: str) -> tuple[int, int]:
        rules = load_region(region)
        nodes = sum(len(ir.walk(f.expr)) for f in rules.facts.values()) + sum(len(ir.walk(b.when)) for b in rules.benefits.values())
        return len(rules.benefits), nodes

    return max(REGIONS, key=size)


def run_child(path: Path, region: str, as_of: str, workers: int, pool: str, repeat: int) -> dict[str, Any]:
    code = CHILD.format(path=str(path), region=region, as_of=as_of, workers=workers, pool=pool)
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["screen"])
    best["rate"] = best["rows"] / best["screen"]
    best["all_seconds"] = [round(r["screen"], 3) for r in runs]
    return best


def run_cli(path: Path, out: Path, region: str, as_of: str, workers: int, repeat: int) -> dict[str, Any]:
    command = ["sme-rules", "screen", str(path), "-o", str(out), "--region", region, "--as-of", as_of, "--workers", str(workers), "--progress", "never"]
    exe = str(Path(sys.executable).with_name("sme-rules"))
    best: dict[str, Any] | None = None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        done = subprocess.run([exe, *command[1:]], check=True, capture_output=True, text=True)
        wall = time.perf_counter() - started
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        screening = float(done.stdout.rsplit(" rows in ", 1)[1].split(" s ", 1)[0])  # from its summary line
        if best is None or wall < best["wall"]:
            best = {"wall": wall, "screen": screening, "peak_rss_mib": peak}
    assert best is not None
    best["command"] = " ".join(command)
    return best


def run_evaluate(path: Path, region: str, as_of: str, sample: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(path).read_row_group(0).slice(0, sample).to_pylist()
    profiles = [{k: v for k, v in row.items() if v is not None and k != "id"} for row in rows]
    sme_rules.evaluate(profiles[0], region, as_of)  # warm: the engine is compiled once per rule set
    started = time.perf_counter()
    for profile in profiles:
        sme_rules.evaluate(profile, region, as_of)
    seconds = time.perf_counter() - started
    return {"rows": len(profiles), "seconds": seconds, "rate": len(profiles) / seconds}


def run_table(path: Path, region: str, as_of: str, workers: int, repeat: int) -> list[dict[str, Any]]:
    """``screen()`` on the file's rows as an in-memory pyarrow Table (no file read), status frame out.

    The file's row groups (65,536 rows) are the Table's chunks, as ``pq.read_table`` gives them; the
    same rows as one contiguous chunk are screened with the default chunk size and with 262,144 rows
    a chunk, to show how the chunk size bears on a second thread. CPU is the process's, all threads.
    """
    import pyarrow.parquet as pq

    from sme_rules import screen
    from sme_rules.screening import DEFAULT_CHUNK_ROWS

    chunked = pq.read_table(path)
    whole = chunked.combine_chunks()
    screen(whole.slice(0, 1000), region=region, as_of=as_of)  # warm: rules loaded and compiled
    out = []
    for label, table, chunk_rows in (
        ("row groups as chunks", chunked, DEFAULT_CHUNK_ROWS),
        ("one chunk", whole, DEFAULT_CHUNK_ROWS),
        ("one chunk", whole, 262_144),
    ):
        for threads in dict.fromkeys((1, workers)):
            best_wall, best_cpu = float("inf"), float("inf")
            for _ in range(repeat):
                clock, cpu = time.perf_counter(), time.process_time()
                screen(table, region=region, as_of=as_of, workers=threads, chunk_rows=chunk_rows)
                best_wall, best_cpu = min(best_wall, time.perf_counter() - clock), min(best_cpu, time.process_time() - cpu)
            out.append({"input": label, "chunk_rows": chunk_rows, "threads": threads, "wall": best_wall, "cpu": best_cpu, "rate": table.num_rows / best_wall})
    return out


def run_pandas(path: Path, region: str, as_of: str, rows: int, repeat: int) -> list[dict[str, Any]]:
    import io

    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sme_rules import screen

    table = pq.read_table(path).slice(0, rows)
    table = pa.Table.from_batches(table.to_batches())  # the slice as its own table
    parquet = io.BytesIO()
    pq.write_table(table, parquet, row_group_size=max(1, rows // 8))
    text = io.StringIO()
    table.to_pandas().to_csv(text, index=False)

    def from_csv() -> Any:
        text.seek(0)
        return pd.read_csv(text, dtype={"region_code": str})

    makers = {
        "pyarrow Table": lambda: table,
        "pandas from read_csv (numpy dtypes)": from_csv,
        "pandas Table.to_pandas() (Decimal objects)": table.to_pandas,
        "pandas read_parquet(dtype_backend='pyarrow')": lambda: pd.read_parquet(io.BytesIO(parquet.getvalue()), dtype_backend="pyarrow"),
        "pandas read_parquet(dtype_backend='numpy_nullable')": lambda: pd.read_parquet(io.BytesIO(parquet.getvalue()), dtype_backend="numpy_nullable"),
    }
    from sme_rules.screening import screener as screening

    # CPU per phase: the frame to arrow (adapt), the result back to pandas (deliver), the rest
    spent = {"adapt": 0.0, "deliver": 0.0}

    def timed(name: str, func: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            clock = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - clock

        return wrapper

    adapt, deliver = screening.adapt, screening._deliver
    screening.adapt, screening._deliver = timed("adapt", adapt), timed("deliver", deliver)  # type: ignore[assignment]
    out: list[dict[str, Any]] = []
    expected: Any = None
    for label, make in makers.items():
        data = make()
        best = float("inf")
        phases: dict[str, float] = {}
        for _ in range(repeat):
            spent.update(adapt=0.0, deliver=0.0)
            started, cpu = time.perf_counter(), time.process_time()
            result = screen(data, region=region, as_of=as_of)
            if time.perf_counter() - started < best:
                best = time.perf_counter() - started
                total = time.process_time() - cpu
                phases = {"adapt": spent["adapt"], "screen": total - spent["adapt"] - spent["deliver"], "deliver": spent["deliver"], "cpu": total}
        frame = result if isinstance(result, pd.DataFrame) else result.to_pandas()
        statuses = frame[[c for c in frame.columns if c.startswith("status__") or c == "error"]].astype(object).where(frame.notna(), None)
        if expected is None:
            expected = statuses
        out.append({"input": label, "seconds": best, "rate": rows / best, "same": statuses.equals(expected), "errors": int(frame["error"].notna().sum()), **phases})
    screening.adapt, screening._deliver = adapt, deliver  # type: ignore[assignment]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000, help="profiles for the evaluate() comparison")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-of", default="2024-06-01")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pandas-rows", type=int, default=200_000, help="rows for the pandas-against-arrow comparison")
    parser.add_argument("--dir", help="where to write the population (default: a temporary folder)")
    args = parser.parse_args()

    info = machine()
    print(f"machine     {info['cpu']}, {info['cores']} cores, load average {', '.join(f'{x:.2f}' for x in info['load_average'])}")
    print(f"software    Python {info['python']} on {info['platform']}; " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    print(f"command     python benchmarks/screen_benchmark.py {' '.join(sys.argv[1:])}".rstrip())
    region = largest_region()
    rules = load_region(region)
    print(f"rules       {region}: {len(rules.benefits)} benefits, {len(rules.facts)} facts, as of {args.as_of}")

    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="sme-screen-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"population-{region}-{args.rows}.parquet"
    if not path.exists():
        started = time.perf_counter()
        write_population(path, args.rows, args.seed, regions=(region,))
        print(f"population  {args.rows:,} profiles written to {path} in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)")
    else:
        print(f"population  {path} (kept from an earlier run)")

    print()
    print("| path | profiles/s | screening (s) | start-up (s) | peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|")
    results: dict[str, dict[str, Any]] = {}
    for label, workers, pool in (("vector, 1 thread", 1, "threads"), (f"vector, {args.workers} threads", args.workers, "threads"), (f"vector, {args.workers} processes", args.workers, "processes")):
        result = run_child(path, region, args.as_of, workers, pool, args.repeat)
        results[label] = result
        rss = result["peak_rss_mib"] if pool == "threads" else max(result["peak_rss_mib"], result["children_peak_rss_mib"])
        print(f"| {label} (Parquet → status frame) | {result['rate']:,.0f} | {result['screen']:.3f} | {result['startup']:.2f} | {rss:,.0f} |", flush=True)
    cli = run_cli(path, folder / "statuses.parquet", region, args.as_of, args.workers, args.repeat)
    print(f"| `sme-rules screen --workers {args.workers}` (Parquet → Parquet) | {args.rows / cli['screen']:,.0f} | {cli['screen']:.3f} | {cli['wall'] - cli['screen']:.2f} | {cli['peak_rss_mib']:,.0f} |", flush=True)
    per_profile = run_evaluate(path, region, args.as_of, args.sample)
    print(f"| `evaluate()` per profile, {per_profile['rows']:,} profiles | {per_profile['rate']:,.0f} | {per_profile['seconds']:.3f} | – | – |")
    out = subprocess.run([sys.executable, "-c", STAGES.format(path=str(path), region=region, as_of=args.as_of)], check=True, capture_output=True, text=True)
    stages = json.loads(out.stdout.strip().splitlines()[-1])
    total = sum(stages.values())
    print()
    print(f"where one core's time goes, {args.rows:,} rows (CPU seconds): " + ", ".join(f"{k} {v:.3f} ({v / total:.0%})" for k, v in stages.items()) + f"; total {total:.3f}")
    print()
    print(f"screen() from the same {args.rows:,} rows as an in-memory pyarrow Table (no file read), status Table out; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| input | chunk rows | threads | rows/s | wall s | CPU s |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in run_table(path, region, args.as_of, args.workers, args.repeat):
        print(f"| {row['input']} | {row['chunk_rows']:,} | {row['threads']} | {row['rate']:,.0f} | {row['wall']:.3f} | {row['cpu']:.3f} |", flush=True)
    print()
    print(f"pandas frames against the same {args.pandas_rows:,} rows as a pyarrow Table, screen(region=...), one thread; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("CPU seconds by phase: adapt = the frame to arrow, deliver = the result back to pandas")
    print("| input | rows/s | seconds | × the Table | adapt | screen | deliver | error rows | same statuses |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    frames = run_pandas(path, region, args.as_of, args.pandas_rows, args.repeat)
    for row in frames:
        print(
            f"| {row['input']} | {row['rate']:,.0f} | {row['seconds']:.3f} | {row['seconds'] / frames[0]['seconds']:.2f} | "
            f"{row['adapt']:.3f} | {row['screen']:.3f} | {row['deliver']:.3f} | {row['errors']:,} | {row['same']} |",
            flush=True,
        )
    best = max(results.values(), key=lambda r: r["rate"])
    print()
    print(f"best vector path: {best['rate']:,.0f} profiles/s, {best['rate'] / per_profile['rate']:,.0f}× evaluate() per profile")
    print(f"output frame: {best['rows']:,} rows × {best['columns']} columns; CLI command: {cli['command']}")


if __name__ == "__main__":
    main()
