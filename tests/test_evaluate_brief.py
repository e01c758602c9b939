"""``evaluate(..., brief=True)``: the full report's answers without the trees a brief report leaves out.

Over drawn profiles of every region and days around every change: the same statuses, missing
fields, reasons, near misses, amounts, figures and windows as the full ``evaluate()``, each benefit's
``verdict`` None and ``facts_used`` empty, and the brief JSON byte for byte the full report's. Both
engines still decide a brief call: a disagreement raises as it does in a full one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from sme_rules import api, evaluate
from sme_rules.errors import EngineDisagreement
from sme_rules.language.loader import REGIONS
from sme_rules.report import jsondump
from sme_rules.testing import dates, profiles

LEFT_OUT = {"verdict": None, "facts_used": []}


@pytest.mark.parametrize("region", REGIONS)
def test_a_brief_call_answers_as_the_full_one(region: str) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(profile=profiles(region), day=dates(region))
    def check(profile: dict[str, Any], day: dt.date) -> None:
        full = evaluate(profile, region, day)
        brief = evaluate(profile, region, day, brief=True)
        assert [b.status for b in brief.benefits] == [b.status for b in full.benefits]
        assert [b.missing for b in brief.benefits] == [b.missing for b in full.benefits]
        for short, whole in zip(brief.benefits, full.benefits, strict=True):
            assert short == dataclasses.replace(whole, **LEFT_OUT), whole.id
        assert brief.facts == full.facts
        assert brief.totals == full.totals
        assert jsondump.dumps(brief, brief=True) == jsondump.dumps(full, brief=True)

    check()


@pytest.mark.parametrize("engine", ["durable", "python"])
def test_a_brief_call_still_checks_that_the_engines_agree(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    check = api._check_agreement

    def counted(*args: Any) -> None:
        calls.append(1)
        check(*args)

    monkeypatch.setattr(api, "_check_agreement", counted)
    evaluate({"employees": 3}, "xizang", "2022-06-01", engine=engine, brief=True)
    assert len(calls) == (engine == "durable")

    def disagree(*args: Any) -> None:
        raise EngineDisagreement("engines disagree")

    monkeypatch.setattr(api, "_check_agreement", disagree)
    if engine == "durable":
        with pytest.raises(EngineDisagreement):
            evaluate({"employees": 3}, "xizang", "2022-06-01", brief=True)
