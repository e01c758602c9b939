"""sme_rules.testing strategies: valid profiles drawn toward every threshold, dates toward every
boundary, and the core package free of hypothesis."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings

from sme_rules import EnterpriseProfile, evaluate_rules, load_region
from sme_rules.testing import dates, profiles, thresholds
from sme_rules.testing._oracle import Oracle
from sme_rules.testing.strategies import sample

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(profiles(region="xizang"))
def test_drawn_profiles_are_valid_and_registered_in_the_region(profile: dict[str, Any]) -> None:
    EnterpriseProfile.parse(profile)
    assert profile.get("region_code", "54").startswith("54")


@FAST
@given(profiles(region="xishuangbanna", fields=["region_code", "industry_code"], missing=0))
def test_codes_follow_the_region_and_the_industry_pattern(profile: dict[str, Any]) -> None:
    assert profile["region_code"].startswith("5328") and len(profile["region_code"]) == 6
    EnterpriseProfile.parse(profile)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("monthly_sales", Decimal("150000")),
        ("monthly_sales", Decimal("150000.01")),
        ("monthly_sales", Decimal("149999.99")),
        ("monthly_sales", Decimal("100000.01")),
        ("main_business_revenue_share", Decimal("0.59")),
        ("employees", 31),
    ],
)
def test_values_at_and_one_step_either_side_of_each_threshold_are_reachable(field: str, value: object) -> None:
    drawn = profiles(region="xizang", fields=[field, "vat_taxpayer_type", "industry_code"])
    found = find(drawn, lambda p: p.get(field) == value, settings=settings(database=None, max_examples=2000))
    assert found == {field: value}  # shrunk to the one field: every other field may be missing


def test_industry_codes_reach_the_prefixes_the_rules_test() -> None:
    drawn = profiles(region="xizang", fields=["industry_code", "employees"])
    found = find(drawn, lambda p: p.get("industry_code", "").startswith("G592"), settings=settings(max_examples=2000))
    assert found == {"industry_code": "G592"}


def test_dates_reach_each_side_of_each_boundary() -> None:
    for day in (dt.date(2021, 3, 31), dt.date(2021, 4, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1)):
        assert find(dates(region="xizang"), lambda d, day=day: d == day) == day


def test_thresholds_resolve_dated_parameters() -> None:
    assert thresholds("xizang", as_of="2022-06-01")["monthly_sales"] == (Decimal(150000),)
    assert {Decimal(100000), Decimal(150000)} <= set(thresholds("xizang")["monthly_sales"])


def test_an_unknown_field_is_named_with_a_suggestion() -> None:
    with pytest.raises(ValueError, match="did you mean 'monthly_sales'"):
        profiles(region="xizang", fields=["montly_sales"])


def test_samples_are_valid_spread_and_repeatable() -> None:
    rules = load_region("qinghai")
    first = sample([rules], ["vat_taxpayer_type", "monthly_sales", "employees"], 300, seed=7)
    assert first == sample([rules], ["vat_taxpayer_type", "monthly_sales", "employees"], 300, seed=7)
    for profile in first:
        EnterpriseProfile.parse(profile)
    assert sum("monthly_sales" not in p for p in first) < 100  # about one in five left out
    assert sum(p.get("vat_taxpayer_type") == "small_scale" for p in first) > 80


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles(region="qinghai"), day=dates(region="qinghai"))
def test_the_fast_statuses_are_those_evaluate_reports(profile: dict[str, Any], day: dt.date) -> None:
    rules = load_region("qinghai")
    report = evaluate_rules(rules, EnterpriseProfile.parse(profile), day, engine="python")
    assert Oracle(rules).statuses(EnterpriseProfile.parse(profile).known_fields(), day) == {
        b.id: b.status for b in report.benefits
    }


def test_importing_sme_rules_does_not_import_hypothesis() -> None:
    code = (
        "import sys, sme_rules, sme_rules.cli, sme_rules.testing, sme_rules.testing.pytest_plugin;"
        "sme_rules.cli.build_parser(); print('hypothesis' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
