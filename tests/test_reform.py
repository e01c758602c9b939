"""Reforms as values: ``with_parameters`` changes figures in memory, checked like the files, and no
cache of compiled rules can hand one rule set's answers to another."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

import sme_rules
from sme_rules.api import evaluate_rules
from sme_rules.language import ir
from sme_rules.language.reform import REFORM_NOTICE, ReformError
from sme_rules.profile import EnterpriseProfile

DAY = dt.date(2022, 6, 1)  # 15万 a month / 45万 a quarter in force (公告2021年第11号)
VAT = "vat_small_scale_exemption"


def _seller(monthly: int, quarterly: int) -> dict[str, object]:
    return {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "sales_at_3pct_levy_rate": 0, "monthly_sales": monthly, "quarterly_sales": quarterly}


def _lowered_by_hand(base: ir.RuleSet) -> ir.RuleSet:
    """The trap: a copy with changed figures made with dataclasses.replace, as a user would."""
    params = dict(base.parameters)
    for name, figure in (("vat_exempt_monthly_sales", 120_000), ("vat_exempt_quarterly_sales", 360_000)):
        old = params[name]
        values = tuple(dataclasses.replace(v, value=Decimal(figure)) if v.value is not None else v for v in old.values)
        params[name] = dataclasses.replace(old, values=values)
    return dataclasses.replace(base, parameters=params)


@pytest.fixture(scope="module")
def base() -> ir.RuleSet:
    return sme_rules.load_region("xizang")


def test_dataclasses_replace_with_other_figures_gives_the_other_answers(base: ir.RuleSet) -> None:
    profile = EnterpriseProfile.parse(_seller(130_000, 390_000))
    # warm every cache with the files' figures first: this is what returned the baseline before
    assert evaluate_rules(base, profile, DAY).status(VAT) == "eligible"
    assert sme_rules.screen([_seller(130_000, 390_000)], rules=base, as_of=DAY).column(f"status__{VAT}").to_pylist() == ["eligible"]
    lowered = _lowered_by_hand(base)
    assert lowered.version != base.version
    assert evaluate_rules(lowered, profile, DAY).status(VAT) == "ineligible"
    assert evaluate_rules(lowered, profile, DAY, engine="python").status(VAT) == "ineligible"
    screened = sme_rules.screen([_seller(130_000, 390_000)], rules=lowered, as_of=DAY)
    assert screened.column(f"status__{VAT}").to_pylist() == ["ineligible"]
    # and the baseline is not disturbed by the copy
    assert evaluate_rules(base, profile, DAY).status(VAT) == "eligible"


def test_a_copy_back_to_the_files_figures_has_the_files_version(base: ir.RuleSet) -> None:
    lowered = _lowered_by_hand(base)
    restored = dataclasses.replace(lowered, parameters=base.parameters)
    assert restored.version == base.version
    assert dataclasses.replace(base).version == base.version


def test_copies_do_not_share_the_per_day_caches(base: ir.RuleSet) -> None:
    base.params_at(DAY)
    lowered = _lowered_by_hand(base)
    assert lowered.params_at(DAY)["vat_exempt_monthly_sales"].value == Decimal(120_000)
    assert base.params_at(DAY)["vat_exempt_monthly_sales"].value == Decimal(150_000)


def test_a_rule_set_survives_pickle_and_copy_with_its_version(base: ir.RuleSet) -> None:
    reform = base.with_parameters({"vat_exempt_monthly_sales": "12万"})
    for clone in (pickle.loads(pickle.dumps(reform)), copy.copy(reform), copy.deepcopy(reform)):
        assert clone.version == reform.version
        assert clone.params_at(DAY)["vat_exempt_monthly_sales"].value == Decimal(120_000)


def test_with_parameters_changes_the_figure_on_every_date_that_has_one(base: ir.RuleSet) -> None:
    reform = base.with_parameters({"vat_exempt_monthly_sales": "12万", "vat_exempt_quarterly_sales": "36万"})
    assert reform.reforms and "12万元" in reform.reforms[0]
    for day in (dt.date(2019, 1, 1), DAY, dt.date(2023, 6, 1), dt.date(2027, 12, 31)):
        figure = reform.params_at(day)["vat_exempt_monthly_sales"]
        assert figure.value == Decimal(120_000) and figure.notice == REFORM_NOTICE
    # the dates without a figure keep none: the notice still ends on 2027-12-31
    assert "vat_exempt_monthly_sales" not in reform.params_at(dt.date(2028, 1, 1))
    assert "vat_exempt_monthly_sales" not in reform.params_at(dt.date(2018, 12, 31))
    assert VAT not in reform.benefits_in_force(dt.date(2028, 1, 1))


@pytest.mark.parametrize(
    ("monthly", "quarterly", "expected"),
    [(120_000, 360_000, "eligible"), (120_000.01, 360_000, "eligible"), (120_000.01, 360_000.01, "ineligible")],
)
def test_the_reformed_threshold_is_inclusive_at_and_one_fen_past(base: ir.RuleSet, monthly: float, quarterly: float, expected: str) -> None:
    reform = base.with_parameters({"vat_exempt_monthly_sales": "12万", "vat_exempt_quarterly_sales": "36万"})
    profile = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "quarterly", "sales_at_3pct_levy_rate": 0, "monthly_sales": monthly, "quarterly_sales": quarterly}
    assert sme_rules.evaluate(profile, as_of=DAY, rules=reform).status(VAT) == expected
    assert sme_rules.screen([profile], as_of=DAY, rules=reform).column(f"status__{VAT}").to_pylist() == [expected]


def test_a_change_from_a_date_keeps_the_files_before_it(base: ir.RuleSet) -> None:
    reform = base.with_parameters({"vat_exempt_monthly_sales": {"from": "2025-01-01", "value": "12万"}})
    assert reform.params_at(dt.date(2024, 12, 31))["vat_exempt_monthly_sales"].value == Decimal(100_000)
    assert reform.params_at(dt.date(2025, 1, 1))["vat_exempt_monthly_sales"].value == Decimal(120_000)
    assert reform.params_at(dt.date(2027, 12, 31))["vat_exempt_monthly_sales"].value == Decimal(120_000)
    assert "vat_exempt_monthly_sales" not in reform.params_at(dt.date(2028, 1, 1))
    profile = _seller(110_000, 330_000)
    assert sme_rules.evaluate(profile, as_of="2024-12-31", rules=reform).status(VAT) == "ineligible"
    assert sme_rules.evaluate(profile, as_of="2025-01-01", rules=reform).status(VAT) == "eligible"


def test_a_figure_ended_from_a_date_takes_its_benefit_out_of_force(base: ir.RuleSet) -> None:
    reform = base.with_parameters({"vat_exempt_monthly_sales": {"from": "2025-01-01", "value": None}})
    assert VAT in reform.benefits_in_force(dt.date(2024, 12, 31))
    assert VAT not in reform.benefits_in_force(dt.date(2025, 1, 1))
    assert sme_rules.evaluate(_seller(1, 1), as_of="2025-01-01", rules=reform).status(VAT) == "not_in_force"


def test_the_reform_changes_the_version_and_the_report_says_so(base: ir.RuleSet) -> None:
    reform = base.with_parameters({"vat_exempt_monthly_sales": 120000})
    report = sme_rules.evaluate(_seller(1, 1), as_of=DAY, rules=reform)
    assert report.rules_version == reform.version != base.version
    assert reform.version.startswith(base.version + "+")
    again = base.with_parameters({"vat_exempt_monthly_sales": Decimal("120000")})
    assert again.version == reform.version  # the same reform is the same rule set


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"vat_exempt_monthly_sale": "12万"}, "vat_exempt_monthly_sale: unknown parameter (did you mean 'vat_exempt_monthly_sales'?)"),
        ({"vat_exempt_monthly_sales": "12万人"}, "vat_exempt_monthly_sales: '12万人' does not fit this figure's unit, 元"),
        ({"vat_exempt_monthly_sales": "60%"}, "vat_exempt_monthly_sales: '60%' does not fit"),
        ({"vat_exempt_monthly_sales": "twelve"}, "vat_exempt_monthly_sales: not a quantity: 'twelve'"),
        ({"vat_exempt_monthly_sales": True}, "vat_exempt_monthly_sales: is a figure in 元"),
        ({"vat_exempt_monthly_sales": None}, "vat_exempt_monthly_sales: a value is needed"),
        ({"vat_exempt_monthly_sales": {"from": "2025-02-30", "value": "12万"}}, "'from' must be a date"),
        ({"vat_exempt_monthly_sales": {"from": "2025-01-01"}}, "needs a 'value'"),
        ({"vat_exempt_monthly_sales": {"since": "2025-01-01", "value": 1}}, "not since"),
        ({"six_taxes_two_fees_covers_small_low_profit": "1"}, "six_taxes_two_fees_covers_small_low_profit: is a yes/no figure"),
    ],
)
def test_a_bad_reform_is_a_clear_error_naming_the_parameter(base: ir.RuleSet, changes: dict[str, object], message: str) -> None:
    with pytest.raises(ReformError) as caught:
        base.with_parameters(changes)
    assert message in str(caught.value)


def test_every_problem_of_a_reform_is_reported_at_once(base: ir.RuleSet) -> None:
    with pytest.raises(ReformError, match="nope: unknown parameter; vat_exempt_monthly_sales: '12人'"):
        base.with_parameters({"nope": 1, "vat_exempt_monthly_sales": "12人"})


def test_qualified_names_as_the_rule_files_write_them(base: ir.RuleSet) -> None:
    reform = base.with_parameters({"national.vat_exempt_monthly_sales": "12万"})
    assert reform.params_at(DAY)["vat_exempt_monthly_sales"].value == Decimal(120_000)


def test_evaluate_refuses_rules_of_another_region(base: ir.RuleSet) -> None:
    with pytest.raises(sme_rules.RegionError, match="rules of 'xizang'"):
        sme_rules.evaluate({}, region="qinghai", as_of=DAY, rules=base)
    with pytest.raises(TypeError, match="rules= takes a rule set"):
        sme_rules.evaluate({}, as_of=DAY, rules="xizang")  # type: ignore[arg-type]


def test_screen_with_a_mapping_replaces_only_that_region(base: ir.RuleSet) -> None:
    reform = base.with_parameters({"vat_exempt_monthly_sales": "12万", "vat_exempt_quarterly_sales": "36万"})
    rows = [{**_seller(130_000, 390_000), "region": "xizang"}, {**_seller(130_000, 390_000), "region": "qinghai"}]
    out = sme_rules.screen(rows, as_of=DAY, rules={"xizang": reform})
    assert out.column(f"status__{VAT}").to_pylist() == ["ineligible", "eligible"]
    with pytest.raises(sme_rules.RegionError, match="maps 'qinghai' to the rule set of 'xizang'"):
        sme_rules.screen(rows, as_of=DAY, rules={"qinghai": reform})


def test_load_rules_reads_an_edited_folder_afresh(rules_copy: Path) -> None:
    national = rules_copy / "national.yaml"
    profile = _seller(130_000, 390_000)
    assert sme_rules.evaluate(profile, as_of=DAY, rules=sme_rules.load_rules(rules_copy, "xizang")).status(VAT) == "eligible"
    text = national.read_text(encoding="utf-8")
    national.write_text(text.replace("{from: 2021-04-01, value: 15万", "{from: 2021-04-01, value: 12万").replace(
        "{from: 2021-04-01, value: 45万", "{from: 2021-04-01, value: 36万"), encoding="utf-8")
    edited = sme_rules.load_rules(rules_copy / "xizang.yaml")
    assert sme_rules.evaluate(profile, as_of=DAY, rules=edited).status(VAT) == "ineligible"
    assert edited.version != sme_rules.load_region("xizang").version


def test_load_rules_names_the_region_when_a_folder_holds_several(rules_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(sme_rules.RegionError, match=r"name the region, it holds xizang\.yaml, qinghai\.yaml"):
        sme_rules.load_rules(rules_copy)
    with pytest.raises(FileNotFoundError, match="no rule file or folder"):
        sme_rules.load_rules(tmp_path / "missing")
    with pytest.raises(sme_rules.RegionError, match="holds none of"):
        sme_rules.load_rules(tmp_path)


def test_a_reform_s_version_is_the_same_in_every_process(base: ir.RuleSet, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = "import sme_rules; print(sme_rules.load_region('xizang').with_parameters({'vat_exempt_monthly_sales': '12万'}).version)"
    versions = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=where,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
        for seed, where in (("1", tmp_path), ("2", Path.cwd()))
    }
    assert versions == {base.with_parameters({"vat_exempt_monthly_sales": "12万"}).version}
