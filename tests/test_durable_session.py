"""The durable engine's one session: reused by every evaluation, left empty, replaced after a failure.

Creating a session costs the C core more than the five staged asserts together, so
``DurableEngine`` keeps one per compiled rule set and retracts every snapshot it asserted. These
tests check the properties that rests on: nothing is left behind (a leftover snapshot would grow
memory, or match a later evaluation's rules), and a failure half way does not poison the session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sme_rules import evaluate
from sme_rules.api import durable_engine
from sme_rules.engines.durable import DurableEngine, DurableEngineError, stage_attributes
from sme_rules.language.loader import load_region

DAY = dt.date(2022, 6, 1)
PROFILES: list[dict[str, Any]] = [
    {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": "150000.01", "employees": 3},
    {"industry_code": "C13", "employees": 50, "annual_revenue": "3000000", "total_assets": "1000000"},
    {},
    {"industry_code": "C13", "employees": 50, "annual_revenue": "3000000", "total_assets": "1000000"},  # again
]


def _engine() -> DurableEngine:
    rules = load_region("xizang")
    return durable_engine(rules, DAY, rules.benefits_in_force(DAY))


def _statuses(profile: dict[str, Any], engine: str) -> dict[str, str]:
    return {b.id: b.status for b in evaluate(profile, "xizang", DAY, engine=engine).benefits}


def test_every_evaluation_shares_one_session_and_leaves_it_empty() -> None:
    evaluate({}, "xizang", DAY)
    engine = _engine()
    session = engine._sid
    for profile in PROFILES:
        evaluate(profile, "xizang", DAY)
        assert engine._sid == session
        assert engine._ruleset.get_facts(session) == []


def test_a_failure_half_way_drops_the_session_and_the_next_evaluation_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    evaluate({}, "xizang", DAY)
    engine = _engine()
    session = engine._sid
    real = DurableEngine._assert_and_fire
    calls = {"n": 0}

    def failing_on_the_third(self: DurableEngine, text: str, fired: dict[str, str]) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise DurableEngineError("injected")
        real(self, text, fired)

    monkeypatch.setattr(DurableEngine, "_assert_and_fire", failing_on_the_third)
    with pytest.raises(DurableEngineError, match="injected"):
        evaluate(PROFILES[1], "xizang", DAY)
    monkeypatch.setattr(DurableEngine, "_assert_and_fire", real)
    assert engine._sid != session  # the half-filled session was deleted
    for profile in PROFILES:
        assert _statuses(profile, "durable") == _statuses(profile, "python")
    assert engine._ruleset.get_facts(engine._sid) == []


def test_a_stage_reads_the_fields_facts_and_marks_its_rules_name() -> None:
    definition = {
        "fact|a|true|0": {"all": [{"m": {"$and": [{"stage": 0}, {"chunk__0": 1}, {"$lte": {"employees": 30}}]}}]},
        "benefit|b|true|0": {
            "all": [{"m": {"$and": [{"stage": 1}, {"chunk__1": 1}, {"$or": [{"a": True}, {"x": {"$m": "y"}}]}]}}]
        },
        "sentinel|all|all|0": {"all": [{"m": {"$gte": {"stage": 0}}}]},
    }
    assert stage_attributes(definition, 2) == [("chunk__0", "employees"), ("chunk__1", "a", "x", "y")]
