"""Evaluations from several threads give exactly the answers of one thread."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hypothesis import HealthCheck, given, settings

from sme_rules import evaluate
from sme_rules.testing import profiles

THREADS = 4
PER_THREAD = 2_000


def _collect_profiles(count: int) -> list[dict[str, Any]]:
    drawn: list[dict[str, Any]] = []

    # gathering inputs, not a property: a loaded machine must not fail it on generation speed
    @settings(max_examples=count, database=None, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(profiles("xizang", as_of="2022-06-01"))
    def gather(profile: dict[str, Any]) -> None:
        drawn.append(profile)

    gather()
    return drawn


def _answer(profile: dict[str, Any]) -> tuple[Any, ...]:
    report = evaluate(profile, "xizang", "2022-06-01")
    return tuple((b.id, b.status, tuple(b.missing)) for b in report.benefits) + tuple(sorted(report.facts.items(), key=str))


def test_four_threads_give_the_sequential_answers() -> None:
    base = _collect_profiles(200)
    work = [random.Random(i).choice(base) for i in range(THREADS * PER_THREAD)]
    expected = [_answer(p) for p in work]
    with ThreadPoolExecutor(THREADS) as pool:
        got = list(pool.map(_answer, work, chunksize=50))
    assert got == expected
