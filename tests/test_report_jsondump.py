"""The fast JSON writer gives exactly the bytes of ``model_dump_json()``, brief or whole.

Over drawn profiles of every region (every status, near misses, unknown facts, amounts), with
orjson and without it (pydantic's own writer); read back, the data is ``model_dump(mode="json")``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from sme_rules import evaluate
from sme_rules.language.loader import REGIONS
from sme_rules.report import jsondump
from sme_rules.testing import dates, profiles

BRIEF = {"benefits": {"__all__": set(jsondump.BRIEF_EXCLUDES)}}


@pytest.fixture(params=["orjson", "json"])
def encoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "json":
        monkeypatch.setattr(jsondump, "orjson", None)
    else:
        pytest.importorskip("orjson")
    return str(request.param)


@pytest.mark.parametrize("region", REGIONS)
def test_the_bytes_are_those_of_model_dump_json(region: str, encoder: str) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], database=None)
    @given(profile=profiles(region), day=dates(region))
    def check(profile: dict[str, Any], day: dt.date) -> None:
        report = evaluate(profile, region, day)
        assert jsondump.dumps(report) == report.model_dump_json().encode()
        assert jsondump.dumps(report, brief=True) == report.model_dump_json(exclude=BRIEF).encode()
        # indented: what the command line printed with json.dumps(model_dump(mode="json"), indent=2)
        for brief, exclude in ((False, None), (True, BRIEF)):
            text = json.dumps(report.model_dump(mode="json", exclude=exclude), ensure_ascii=False, indent=2)
            assert jsondump.dumps(report, brief=brief, indent=True) == text.encode()

    check()


def test_the_bytes_read_back_as_model_dump(encoder: str) -> None:
    profile = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "quarterly", "monthly_sales": "150000.01", "quarterly_sales": 450000, "industry_code": "C13", "employees": 28}
    report = evaluate(profile, "xizang", "2022-06-01")
    data = json.loads(jsondump.dumps(report))
    assert data == report.model_dump(mode="json")
    assert json.loads(jsondump.dumps(report, brief=True)) == report.model_dump(mode="json", exclude=BRIEF)
    vat = next(b for b in data["benefits"] if b["id"] == "vat_small_scale_exemption")
    assert vat["status"] == "eligible"  # quarterly 45万 is within the threshold
    assert "verdict" in vat and "verdict" not in json.loads(jsondump.dumps(report, brief=True))["benefits"][0]


def test_a_value_it_cannot_write_is_named() -> None:
    pytest.importorskip("orjson")
    report = evaluate({"employees": 3}, "xizang", "2022-06-01")
    broken = report.model_copy(update={"facts": {"x": object()}})
    with pytest.raises(TypeError, match="object"):
        jsondump.dumps(broken)


def test_brief_leaves_out_what_the_published_brief_schema_leaves_out() -> None:
    from sme_rules.wire.report_schema import TREES

    assert set(TREES) == jsondump.BRIEF_EXCLUDES
