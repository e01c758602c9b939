"""Where one ``evaluate()`` call spends its time: each phase timed inside the real call, and what is left.

    python benchmarks/evaluate_phases.py                  # 3,000 profiles of xizang on 2022-06-01
    python benchmarks/evaluate_phases.py --profiles 1000 --brief

The phases are the functions ``evaluate()`` calls, wrapped in place (so the call is the real one, in
its real order, with its real caches): parsing the profile, the compiled interpreter's facts and
verdicts, the durable engine (split into building the snapshots, ``json.dumps`` of string values,
``assert_fact``, taking the fired rules, and retracting the snapshots), the agreement check, the
explanation and the report. What the wrappers do not cover is "the rest" (the loop over benefits,
dict building, the wrappers' own cost, about 0.1 µs a call).

Each figure is the mean per call over ``--profiles`` profiles, in wall time (``perf_counter``) and in
this thread's CPU time (``thread_time``), with the machine's load average: on a shared machine the
wall time of a call exceeds its CPU time by the time the process waited for a core, which is
spread over the phases in proportion to their length. Cyclic garbage collections during the calls
are counted with their time (``gc.callbacks``), and so are switches of the interpreter lock to
another thread of this process (there are none unless a library starts one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import load, machine
from evaluate_benchmark import REGION_PREFIX, generate

import sme_rules
from sme_rules import api
from sme_rules.engines import compiled as compiled_module
from sme_rules.engines import durable
from sme_rules.profile import EnterpriseProfile
from sme_rules.report import jsondump

WALL: dict[str, int] = defaultdict(int)
CPU: dict[str, int] = defaultdict(int)
CALLS: dict[str, int] = defaultdict(int)


def timed(label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
        try:
            return func(*args, **kwargs)
        finally:
            WALL[label] += time.perf_counter_ns() - wall
            CPU[label] += time.thread_time_ns() - cpu
            CALLS[label] += 1

    return wrapper


class _TimedJson:
    """``json`` as durable.py sees it, with ``dumps`` timed."""

    dumps = staticmethod(timed("durable: json.dumps of snapshots", json.dumps))
    loads = staticmethod(json.loads)


class _TimedEngine:
    """The durable_rules C extension as durable.py calls it, each entry point timed."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.assert_fact = timed("durable: assert_fact (C)", inner.assert_fact)
        self.start_action_for_state = timed("durable: take fired rules (C)", inner.start_action_for_state)
        self.complete_and_start_action = timed("durable: take fired rules (C)", inner.complete_and_start_action)
        self.retract_fact = timed("durable: retract_fact (C)", inner.retract_fact)
        self.delete_state = timed("durable: delete_state (C)", inner.delete_state)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def instrument() -> None:
    """Wrap, in place, what ``evaluate_rules`` calls."""
    program_type = type(compiled_module.compiled(sme_rules.load_region("xizang")))
    program_type.derive_facts = timed("compiled: derive facts", program_type.derive_facts)
    program_type.benefit_verdict = timed("compiled: benefit verdicts", program_type.benefit_verdict)
    api.EnterpriseProfile = type("P", (), {"parse": staticmethod(timed("profile parse", EnterpriseProfile.parse))})
    api.durable_engine = timed("durable: engine lookup (lock, key of figures)", api.durable_engine)
    engine_type = durable.DurableEngine
    engine_type.run = timed("durable: run, all of it", engine_type.run)
    durable.json = _TimedJson  # type: ignore[assignment]
    durable._engine.durable_rules_engine = _TimedEngine(durable._engine.durable_rules_engine)
    api._check_agreement = timed("agreement check", api._check_agreement)
    explainer = api.Explainer
    explainer.__init__ = timed("explanation", explainer.__init__)
    explainer.explain = timed("explanation", explainer.explain)
    api.EligibilityReport = type(
        "R", (), {"model_construct": staticmethod(timed("report model_construct", api.EligibilityReport.model_construct))}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--region", default="xizang", choices=list(REGION_PREFIX))
    parser.add_argument("--as-of", default="2022-06-01")
    parser.add_argument("--profiles", type=int, default=3000)
    parser.add_argument("--brief", action="store_true", help="also time jsondump.dumps(report, brief=True)")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.as_of)
    raw = generate(args.profiles, args.region)
    for profile in raw[:500]:
        sme_rules.evaluate(profile, args.region, day)  # warm: rule sets, engines, closures
    instrument()

    collections: list[int] = []
    started: list[int] = []

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(time.perf_counter_ns())
        elif started:
            collections.append(time.perf_counter_ns() - started.pop())

    gc.callbacks.append(on_gc)
    switches_before = sys.getswitchinterval()
    threads = threading.active_count()
    load_before = load()
    total_wall = total_cpu = 0
    calls: list[tuple[int, int]] = []
    for profile in raw:
        wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
        report = sme_rules.evaluate(profile, args.region, day)
        if args.brief:
            timed("jsondump.dumps(brief=True)", jsondump.dumps)(report, brief=True)
        calls.append((time.perf_counter_ns() - wall, time.thread_time_ns() - cpu))
        total_wall += calls[-1][0]
        total_cpu += calls[-1][1]
    gc.callbacks.remove(on_gc)
    n = len(raw)

    print(f"machine: {machine(('durable_rules', 'pydantic'))}")
    print(f"command: {' '.join([os.path.basename(sys.executable), *sys.argv])}")
    print(f"load average before: {load_before}, after: {load()}; threads in this process: {threads}; switch interval {switches_before * 1e3:.0f} ms")
    print(f"rules: {args.region} on {day}; {n:,} profiles; mean per evaluate() call\n")
    print("| phase | wall µs | CPU µs | calls per evaluate() |\n|---|---:|---:|---:|")
    inner = [label for label in WALL if label.startswith("durable: ") and label != "durable: run, all of it" and "lookup" not in label]
    covered_wall = covered_cpu = 0
    for label in WALL:
        nested = label in inner
        if not nested:
            covered_wall += WALL[label]
            covered_cpu += CPU[label]
        name = f"&nbsp;&nbsp;{label}" if nested else label
        print(f"| {name} | {WALL[label] / n / 1e3:.1f} | {CPU[label] / n / 1e3:.1f} | {CALLS[label] / n:.1f} |")
    run_wall, run_cpu = WALL["durable: run, all of it"], CPU["durable: run, all of it"]
    print(
        f"| &nbsp;&nbsp;durable: the adapter's Python (snapshot, decoding) | {(run_wall - sum(WALL[x] for x in inner)) / n / 1e3:.1f} "
        f"| {(run_cpu - sum(CPU[x] for x in inner)) / n / 1e3:.1f} | |"
    )
    print(f"| the rest (loops, dicts, wrappers) | {(total_wall - covered_wall) / n / 1e3:.1f} | {(total_cpu - covered_cpu) / n / 1e3:.1f} | |")
    print(f"| **evaluate() in all** | **{total_wall / n / 1e3:.1f}** | **{total_cpu / n / 1e3:.1f}** | |")
    walls, cpus = sorted(w for w, _ in calls), sorted(c for _, c in calls)
    waited = sum(1 for w, c in calls if w - c > 1_000_000)
    print(
        f"\nper call: wall p50 {walls[n // 2] / 1e3:.0f} µs, p99 {walls[int(n * 0.99)] / 1e3:.0f} µs; CPU p50 {cpus[n // 2] / 1e3:.0f} µs, "
        f"p99 {cpus[int(n * 0.99)] / 1e3:.0f} µs; {waited:,} of {n:,} calls ({waited / n:.1%}) waited over 1 ms for a core"
    )
    print(
        f"cyclic GC during the calls: {len(collections):,} collections, {sum(collections) / 1e6:.1f} ms in all "
        f"({sum(collections) / n / 1e3:.2f} µs per call); wall/CPU {total_wall / max(total_cpu, 1):.2f}"
    )


if __name__ == "__main__":
    main()
