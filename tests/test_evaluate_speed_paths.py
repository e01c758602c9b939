"""What keeps ``evaluate()`` fast without changing its answers: no garbage cycles, rules out of the collector's sight.

Timing is measured in benchmarks/evaluate_benchmark.py; these tests check the properties timing
rests on, each of which a change elsewhere could silently undo.
"""

from __future__ import annotations

import contextlib
import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from sme_rules import collector, evaluate
from sme_rules.report import jsondump

PROFILES: list[dict[str, Any]] = [
    {"vat_taxpayer_type": "small_scale", "monthly_sales": "150000.01", "employees": 3, "industry_code": "C13", "annual_revenue": 1000},
    {"entity_type": "enterprise", "industry_code": "J66", "employees": 30, "annual_taxable_income": "3000000.01"},  # 金融业: no 划型 row
    {},  # everything unknown
    {"industry_code": "H", "employees": 500, "annual_revenue": "100000000", "vat_taxpayer_type": "general", "has_rd_expenses": True},
]


@contextlib.contextmanager
def collections_started() -> Iterator[list[int]]:
    """The generations of the collections that start inside the block."""
    runs: list[int] = []

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(count)
    try:
        yield runs
    finally:
        gc.callbacks.remove(count)


@pytest.mark.parametrize("engine", ["durable", "python"])
@pytest.mark.parametrize("profile", PROFILES)
def test_an_evaluation_and_its_json_leave_no_cyclic_garbage(profile: dict[str, Any], engine: str) -> None:
    """Reference cycles would be freed only by the cyclic collector, whose runs are the p99."""
    # rules loaded and compiled, and the report's pydantic schema built (on its first dump: a
    # one-time build whose garbage is not the call's)
    evaluate(profile, "xizang", "2022-06-01", engine=engine).model_dump(mode="json")
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        report = evaluate(profile, "xizang", "2022-06-01", engine=engine)
        jsondump.dumps(report)
        jsondump.dumps(report, brief=True)
        report.model_dump(mode="json")
        del report
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


def test_loaded_rules_are_frozen_out_of_the_collector() -> None:
    evaluate({}, "xinjiang", "2022-06-01")
    assert gc.get_freeze_count() > 10_000  # rule sets, closures and the engine: tens of thousands of objects


def test_the_collector_does_not_run_during_an_evaluation_and_is_left_as_it_was() -> None:
    """An evaluation and its JSON free all they allocate and make no cycles: a collection inside them is pure cost."""
    evaluate({}, "xizang", "2022-06-01")
    assert gc.isenabled()
    with collections_started() as runs:
        for _ in range(20):
            for profile in PROFILES:
                report = evaluate(profile, "xizang", "2022-06-01")
                jsondump.dumps(report, brief=True)  # what a service does next: written without a collection either
                del report
                assert gc.isenabled()
    assert len(runs) <= 5, len(runs)  # about 160 with the collector on during the calls, 80 with it on in the writer
    gc.disable()
    try:
        evaluate({}, "xizang", "2022-06-01")
        assert not gc.isenabled()  # a caller who turned it off keeps it off
    finally:
        gc.enable()


def test_overlapping_calls_still_collect_other_codes_cycles() -> None:
    """A threaded service may always have a call inside: the cycles it makes elsewhere must still be freed."""
    assert gc.isenabled()

    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: freed only by the collector

    collector.pause()  # another thread's call, still running throughout
    try:
        first = Node()
        alive = weakref.ref(first)
        del first
        for _ in range(200):
            collector.pause()  # this thread's calls come and go
            kept = [Node() for _ in range(300)]  # what other code allocates and drops meanwhile
            del kept
            collector.resume()
            if alive() is None:
                break
        assert alive() is None  # collected although the collector was never back on
        assert not gc.isenabled()
    finally:
        collector.resume()
    assert gc.isenabled()


def test_a_backlog_of_what_evaluations_allocate_does_not_start_a_collection() -> None:
    """Below the backlog, leaving while others are inside collects nothing: evaluations free what they allocate."""
    evaluate({}, "xizang", "2022-06-01")
    collector.pause()
    try:
        with collections_started() as runs:
            for profile in PROFILES * 5:
                report = evaluate(profile, "xizang", "2022-06-01")
                del report
    finally:
        collector.resume()
    assert runs == []
