"""The behavioural diff catches mutated copies of the rules: the right benefit, the right direction,
and a minimal example at the threshold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from rule_edits import vat_threshold_lowered, vat_type_condition_dropped, xizang_start_moved
from sme_rules.language.loader import rules_dir
from sme_rules.testing import RuleVersion, diff_versions, load_version
from sme_rules.testing.behaviour import BenefitBehaviour
from sme_rules.testing.diff import RuleDiff

VAT = "vat_small_scale_exemption"


@pytest.fixture(scope="module")
def shipped() -> RuleVersion:
    """The shipped xizang rules, loaded once for the module."""
    return load_version(rules_dir() / "xizang.yaml")


def _xizang(result: RuleDiff) -> dict[str, BenefitBehaviour]:
    (region,) = result.regions
    assert region.region == "xizang" and region.behaviour is not None
    return {b.benefit: b for b in region.behaviour.benefits}


def test_lowered_vat_threshold_loses_the_exemption_between_the_figures(shipped: RuleVersion, rules_copy: Path) -> None:
    vat_threshold_lowered(rules_copy)
    result = diff_versions(shipped, rules_copy, regions=["xizang"], size=400)
    behaviour = _xizang(result)
    assert result.behaviour_changed
    assert VAT in behaviour
    vat = behaviour[VAT]
    assert vat.count("lose") > 0 and vat.count("gain") == 0
    lost = {(t.old, t.new): t for t in vat.transitions}
    assert ("eligible", "ineligible") in lost
    example = lost[("eligible", "ineligible")]
    assert example.shrunk
    assert example.example["vat_taxpayer_type"] == "small_scale"
    assert Decimal("100000.01") <= example.example["monthly_sales"] <= Decimal(150000)
    assert example.example["monthly_sales"] == Decimal("100000.01")  # the smallest sale that now loses it
    assert dt.date(2021, 4, 1) <= example.as_of <= dt.date(2022, 12, 31)
    for other in behaviour.values():  # nothing else moves the wrong way
        assert other.count("gain") == 0


def test_moved_start_date_takes_benefits_out_of_force_in_between(shipped: RuleVersion, rules_copy: Path) -> None:
    xizang_start_moved(rules_copy)
    result = diff_versions(shipped, rules_copy, regions=["xizang"], size=300, shrink_seconds=5)
    behaviour = _xizang(result)
    assert VAT not in behaviour  # a national measure follows its notices, not the regional document
    assert "unemployment_injury_insurance_rate_reduction" not in behaviour  # restates the national rate cut
    cut = behaviour["small_to_above_scale_incentive"]  # created by the regional document
    assert cut.count("gain") == 0 and cut.count("lose") > 0
    for t in cut.transitions:
        assert t.new == "not_in_force"
        assert dt.date(2021, 1, 1) <= t.as_of <= dt.date(2021, 12, 31)
    eligible = next(t for t in cut.transitions if t.old == "eligible")
    assert eligible.example == {"upgraded_to_above_designated_size": True}  # all the incentive needs


def test_dropped_condition_makes_general_taxpayers_gain(shipped: RuleVersion, rules_copy: Path) -> None:
    vat_type_condition_dropped(rules_copy)
    result = diff_versions(shipped, rules_copy, regions=["xizang"], size=300, as_of=["2022-06-01"])
    vat = _xizang(result)[VAT]
    assert vat.count("gain") > 0 and vat.count("lose") == 0
    gained = {(t.old, t.new): t.example for t in vat.transitions}
    assert gained[("ineligible", "eligible")]["vat_taxpayer_type"] == "general"
    assert gained[("undetermined", "eligible")] in (
        {"sales_at_3pct_levy_rate": Decimal("0.01")},  # 2022年第15号: 3%-rate sales exempt whatever the amount
        {"vat_filing_period": "monthly", "monthly_sales": 0},
        {"vat_filing_period": "quarterly", "quarterly_sales": 0},
        {"monthly_sales": 0, "quarterly_sales": 0},
    )


def test_the_same_rules_differ_in_nothing(shipped: RuleVersion) -> None:
    result = diff_versions(shipped, rules_dir() / "xizang.yaml")
    assert not result.behaviour_changed and not result.structure_changed
    behaviour = result.regions[0].behaviour
    assert behaviour is not None and behaviour.population.cases == 0  # nothing could differ: nothing run


def test_a_given_population_is_counted_row_by_row(shipped: RuleVersion, rules_copy: Path, tmp_path: Path) -> None:
    vat_threshold_lowered(rules_copy)
    csv = tmp_path / "people.csv"
    csv.write_text(
        "id,vat_taxpayer_type,vat_filing_period,monthly_sales,quarterly_sales,region_code,as_of\n"
        "a,small_scale,monthly,120000,500000,540102,2022-03-01\n"  # loses the exemption
        "b,small_scale,monthly,50000,,540102,2022-03-01\n"  # keeps it
        "c,small_scale,monthly,120000,500000,630102,2022-03-01\n"  # qinghai: not compared
        "d,general,monthly,120000,,,2022-03-01\n",  # never had it
        encoding="utf-8",
    )
    result = diff_versions(shipped, rules_copy, regions=["xizang"], population=csv)
    vat = _xizang(result)[VAT]
    assert [(t.old, t.new, t.count) for t in vat.transitions] == [("eligible", "ineligible", 1)]
    assert result.ignored_columns == ("id",)
    assert result.regions[0].behaviour is not None and result.regions[0].behaviour.population.cases == 3


def test_a_parquet_population_without_dates_is_evaluated_on_each_day_of_interest(
    shipped: RuleVersion, rules_copy: Path, tmp_path: Path
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    vat_threshold_lowered(rules_copy)
    table = pa.table(
        {"vat_taxpayer_type": ["small_scale"], "vat_filing_period": ["monthly"], "monthly_sales": [120000.5],
         "quarterly_sales": [None], "sales_at_3pct_levy_rate": [0.0]}
    )
    path = tmp_path / "people.parquet"
    pq.write_table(table, path)
    result = diff_versions(shipped, rules_copy, regions=["xizang"], population=path)
    behaviour = result.regions[0].behaviour
    assert behaviour is not None
    (transition,) = _xizang(result)[VAT].transitions
    assert (transition.old, transition.new) == ("eligible", "ineligible")
    assert transition.count == len(behaviour.population.dates)  # one row, every day the figures differ


def test_generated_diffs_repeat_exactly(shipped: RuleVersion, rules_copy: Path) -> None:
    vat_threshold_lowered(rules_copy)
    first = diff_versions(shipped, rules_copy, regions=["xizang"], size=150, seed=3).to_json()
    again = diff_versions(shipped, rules_copy, regions=["xizang"], size=150, seed=3).to_json()
    assert first == again
