"""A reform compared over a population (``sme_rules.compare``), beside two ``screen()`` runs (the
files' rules and the reform's) and the rule-file route ``testing.diff_versions`` with a population.

    python benchmarks/compare_benchmark.py                      # 1,000,000 rows; diff_versions on 100,000
    python benchmarks/compare_benchmark.py --rows 200000 --diff-rows 10000 --repeat 1   # quicker

All in one process, in this order: the machine and its load; ``--rows`` synthetic 西藏 profiles
(``synthetic_population``, seeded) in memory; then, best of ``--repeat`` each, ``screen()`` with the
files' rules, ``screen()`` with the reform, ``compare()`` of the two (counts for the benefits the
reform can change, the default) and ``compare(benefits="all")``; last, ``diff_versions`` on the
first ``--diff-rows`` rows written to Parquet, with ``engine="vector"`` (it counts with compare) and
``engine="reference"`` (profile by profile, as before compare), both without shrinking. Rules are
loaded and compiled before the clock starts (a warm-up run of each).

The reform is the one of the README: 起征点 月12万、季36万 instead of 15万/45万 on 2022-06-01.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from _machine import load, machine  # benchmarks/, the script's own folder

import sme_rules
from sme_rules.testing import diff_versions

REFORM = {"vat_exempt_monthly_sales": "12万", "vat_exempt_quarterly_sales": "36万"}


def best(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--diff-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-of", default="2022-06-01")
    args = parser.parse_args()

    print(f"machine: {machine(('numpy', 'pyarrow', 'pandas'))}, load {load()}")
    print(f"python {platform.python_version()}, sme-rules {metadata.version('sme-rules')}, numpy {metadata.version('numpy')}, pyarrow {metadata.version('pyarrow')}")
    people = sme_rules.synthetic_population(args.rows, seed=2022, regions=("xizang",))
    base = sme_rules.load_region("xizang")
    reform = base.with_parameters(REFORM)
    day = args.as_of
    runs: list[tuple[str, Callable[[], Any]]] = [
        ("screen(), the files' rules", lambda: sme_rules.screen(people, as_of=day, rules=base)),
        ("screen(), the reform", lambda: sme_rules.screen(people, as_of=day, rules=reform)),
        ("compare(), benefits the reform can change", lambda: sme_rules.compare(people, base, reform, as_of=day)),
        ("compare(benefits='all')", lambda: sme_rules.compare(people, base, reform, as_of=day, benefits="all")),
    ]
    print(f"\n{args.rows:,} rows of 西藏, as of {day}, best of {args.repeat}:")
    for name, run in runs:
        run()  # warm-up: rules loaded and compiled
        seconds, _ = best(run, args.repeat)
        print(f"  {name:<45} {seconds:7.3f} s  {args.rows / seconds:>12,.0f} rows/s")
    found = sme_rules.compare(people, base, reform, as_of=day)
    print(f"  (moved eligible → ineligible: {found.moved('vat_small_scale_exemption', 'eligible', 'ineligible'):,})")

    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "people.parquet"
        pq.write_table(people.slice(0, args.diff_rows), file)
        print(f"\ndiff_versions(population=FILE) on {args.diff_rows:,} rows (reading and parsing the file included), shrink=False:")
        for engine in ("vector", "reference"):
            started = time.perf_counter()
            diff_versions(base, reform, as_of=[day], population=file, shrink=False, engine=engine)
            seconds = time.perf_counter() - started
            print(f"  engine={engine:<10} {seconds:7.2f} s  {args.diff_rows / seconds:>10,.0f} rows/s")
    print(f"\nload after: {load()}")


if __name__ == "__main__":
    sys.exit(main())
