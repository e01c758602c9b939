"""``evaluate()`` of this checkout beside another's (e.g. the main branch), in alternating processes, by CPU time.

    python benchmarks/evaluate_versus.py --baseline-src /path/to/other/checkout/src
    python benchmarks/evaluate_versus.py --baseline-src ../main/src --profiles 1000 --rounds 3

On a shared machine two benchmark runs a minute apart see different loads. Here each round runs
one child process per checkout (``PYTHONPATH`` selects the other's ``src``), one after the other,
each timing the same generated profiles (benchmarks/evaluate_benchmark.py) call by call in this
thread's CPU time (``time.thread_time_ns``), which a busy machine inflates far less than wall time.
The best round of each is kept; the table gives p50 and p99 per path and the ratio of the p50s.
A checkout whose ``evaluate()`` takes no ``brief=`` runs the brief call as a full one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = """
import datetime as dt, json, sys, time
sys.path.insert(0, {here!r})
import sme_rules
import sme_rules.report
try:
    from sme_rules.report import jsondump as writer
except ImportError:  # before its rename: report/wire.py
    from sme_rules.report import wire as writer
    sys.modules["sme_rules.report.jsondump"] = sme_rules.report.jsondump = writer
import inspect
from evaluate_benchmark import generate
raw = generate({profiles}, {region!r})
day = dt.date.fromisoformat({as_of!r})
# a checkout whose evaluate() has no brief= builds the full report for a brief call
brief = {{"brief": True}} if "brief" in inspect.signature(sme_rules.evaluate).parameters else {{}}
paths = {{
    "evaluate()": lambda p: sme_rules.evaluate(p, {region!r}, day),
    "evaluate() + brief JSON": lambda p: writer.dumps(sme_rules.evaluate(p, {region!r}, day), brief=True),
    "evaluate(brief=True) + brief JSON": lambda p: writer.dumps(sme_rules.evaluate(p, {region!r}, day, **brief), brief=True),
    "evaluate() + full JSON": lambda p: writer.dumps(sme_rules.evaluate(p, {region!r}, day)),
    'evaluate(engine="python")': lambda p: sme_rules.evaluate(p, {region!r}, day, engine="python"),
}}
out = {{}}
for label, run in paths.items():
    for p in raw[:300]:
        run(p)
    samples = []
    for p in raw:
        t = time.thread_time_ns()
        run(p)
        samples.append(time.thread_time_ns() - t)
    samples.sort()
    out[label] = [samples[len(samples) // 2] / 1e6, samples[int(len(samples) * 0.99)] / 1e6]
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline-src", required=True, help="the other checkout's src folder")
    parser.add_argument("--region", default="xizang")
    parser.add_argument("--as-of", default="2022-06-01")
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    code = CHILD.format(here=str(HERE), profiles=args.profiles, region=args.region, as_of=args.as_of)
    variants = {"this checkout": {}, args.baseline_src: {"PYTHONPATH": args.baseline_src}}
    best: dict[str, dict[str, list[float]]] = {}
    print(f"command: {' '.join([os.path.basename(sys.executable), *sys.argv])}; {os.cpu_count()} cores")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for _ in range(args.rounds):
        for name, extra in variants.items():
            found = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env={**os.environ, **extra}).stdout)
            mine = best.setdefault(name, {})
            for label, (p50, p99) in found.items():
                previous = mine.get(label)
                if previous is None or p50 < previous[0]:
                    mine[label] = [p50, p99]
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    ours, theirs = best["this checkout"], best[args.baseline_src]
    print(f"CPU ms per call, {args.region} on {args.as_of}, {args.profiles:,} profiles, best of {args.rounds} rounds\n")
    print(f"| path | p50 | p99 | p50 [{args.baseline_src}] | p99 [{args.baseline_src}] | p50 ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, (p50, p99) in ours.items():
        b50, b99 = theirs[label]
        print(f"| {label} | {p50:.3f} | {p99:.3f} | {b50:.3f} | {b99:.3f} | {p50 / b50:.2f} |")


if __name__ == "__main__":
    main()
