"""The structural diff names what a rule change touched: thresholds, dates, conditions, articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from rule_edits import edit, vat_threshold_lowered, vat_type_condition_dropped, xizang_start_moved
from sme_rules.language.loader import rules_dir
from sme_rules.testing import RuleVersion, diff_versions, load_version
from sme_rules.testing.structure import Change, Structure, dated_changes

VAT = "vat_small_scale_exemption"


@pytest.fixture(scope="module")
def shipped() -> RuleVersion:
    return load_version(rules_dir() / "xizang.yaml")


def _structure(old: RuleVersion, new: Path) -> Structure:
    result = diff_versions(old, new, regions=["xizang"], behaviour=False)
    structure = result.regions[0].structure
    assert structure is not None
    return structure


def _changes(structure: Structure, benefit: str) -> list[Change]:
    return [c for b in structure.benefits if b.benefit == benefit for c in b.changes]


def test_a_lowered_parameter_is_a_dated_threshold_change(shipped: RuleVersion, rules_copy: Path) -> None:
    vat_threshold_lowered(rules_copy)
    structure = _structure(shipped, rules_copy)
    (param,) = structure.parameters
    assert param.subject.startswith("vat_exempt_monthly_sales")
    assert (param.old, param.new, param.period) == ("150000", "100000", "2021-04-01 – 2022-12-31")
    threshold = next(c for c in _changes(structure, VAT) if c.aspect == "threshold")
    assert "monthly_sales <= national.vat_exempt_monthly_sales" in threshold.subject
    assert (threshold.old, threshold.new) == ("150000", "100000")
    located = next(b for b in structure.benefits if b.benefit == VAT).location
    assert located.startswith(str(rules_copy)) and located.split(":")[-1].isdigit()


def test_a_moved_document_date_shows_on_each_benefit_citing_it(shipped: RuleVersion, rules_copy: Path) -> None:
    xizang_start_moved(rules_copy)
    structure = _structure(shipped, rules_copy)
    moved = Change("date", "xz-measures 生效期", "2021-01-01 – 2025-12-31", "2022-01-01 – 2025-12-31")
    assert moved in structure.documents
    assert moved in _changes(structure, VAT)


def test_a_dropped_condition_is_named(shipped: RuleVersion, rules_copy: Path) -> None:
    vat_type_condition_dropped(rules_copy)
    changes = _changes(_structure(shipped, rules_copy), VAT)
    assert Change("condition", "", 'vat_taxpayer_type == "small_scale"', None) in changes


def test_a_literal_threshold_and_a_quote_are_paired_old_to_new(shipped: RuleVersion, rules_copy: Path) -> None:
    edit(rules_copy / "national.yaml", "industrial: {sme_employees_below: 1000,", "industrial: {sme_employees_below: 900,")
    edit(rules_copy / "xizang.yaml", "落实对月销售额15万元的（含）", "落实对月销售额15万元（含）")
    structure = _structure(shipped, rules_copy)
    vat = _changes(structure, VAT)
    assert [c.aspect for c in vat] == ["article"]
    assert vat[0].old is not None and vat[0].new is not None and "15万元（含）" in vat[0].new
    table = [c for b in structure.benefits for c in b.changes if c.aspect == "threshold" and "[industrial]" in c.subject]
    assert table and all((c.old, c.new) == ("1000", "900") for c in table)
    assert any(c.subject.startswith("is_sme: [industrial] employees <") for c in table)


def test_dated_values_compare_period_by_period() -> None:
    from sme_rules.language.loader import load

    national = load(rules_dir() / "national.yaml").parameters["vat_exempt_monthly_sales"]
    assert dated_changes(national, national) == []
    assert dated_changes(national, None)[0][2] == "无"
