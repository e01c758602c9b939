"""The readings of the regional measures are Chinese prose: no rule ids, field ids or English words.

A policy analyst reads ``sme-rules readings`` and the notes in reports; ids belong in the JSON. The
notes of the national measures that the region files restate are kept with the national layer and are
not checked here (``NATIONAL_MEASURES``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sme_rules.cli.main import main
from sme_rules.cli.rules import prose
from sme_rules.language.loader import REGIONS, load_region

#: the national measures restated in the region files (their notes follow the national layer)
NATIONAL_MEASURES = frozenset(
    {
        "vat_small_scale_exemption", "small_low_profit_cit_relief", "individual_business_iit_halving",
        "disability_fund_exemption", "western_development_cit", "rd_super_deduction",
        "rd_super_deduction_manufacturing", "small_loan_interest_vat_exemption", "sme_loan_loss_reserve_deduction",
        "equipment_deduction", "unemployment_injury_insurance_rate_reduction", "six_taxes_two_fees_relief",
        "six_taxes_two_fees_reduction", "manufacturing_tax_deferral", "procurement_sme_reservation",
        "procurement_small_micro_price_preference", "procurement_small_micro_price_deduction",
        "procurement_small_micro_reservation", "entrepreneurship_guaranteed_loan_subsidy",
        "manufacturing_accelerated_depreciation", "equipment_one_off_deduction", "sme_equipment_deduction_2022",
        "sci_tech_innovation_import_tax_exemption", "manufacturing_tax_deferral_2021q4_small_micro",
        "manufacturing_tax_deferral_2021q4_medium", "job_retention_refund", "unemployment_insurance_rate_reduction",
        "small_micro_loan_interest_vat_exemption", "sme_loan_loss_provision_deduction",
        "startup_guaranteed_loan_interest_subsidy", "tech_startup_investment_tax_policy",
        "social_insurance_burden_reduction",
    }
)
#: Latin letters a Chinese policy text itself uses
ALLOWED = frozenset({"APEC", "AEO", "LPR"})
WORD = re.compile(r"[A-Za-z_]{2,}")


def _english(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def _regional_notes() -> list[tuple[str, str, str]]:
    out = []
    for region in REGIONS:
        rules = load_region(region)
        own = f"{region}.yaml"
        for fact in rules.facts.values():
            if fact.note and Path(fact.location.path).name == own:
                out.append((region, fact.name, fact.note))
        for benefit in rules.benefits.values():
            if benefit.note and Path(benefit.location.path).name == own and benefit.id not in NATIONAL_MEASURES:
                out.append((region, benefit.id, benefit.note))
        for document in rules.documents.values():
            for article in document.articles:
                if article.not_encoded:
                    out.append((region, f"{document.id} {article.key}", article.not_encoded))
    return out


NOTES = _regional_notes()


def test_there_are_regional_notes_to_check() -> None:
    assert len(NOTES) > 150
    assert {region for region, _, _ in NOTES} == set(REGIONS)


@pytest.mark.parametrize(("region", "name", "note"), NOTES, ids=[f"{r}:{n}" for r, n, _ in NOTES])
def test_regional_note_is_chinese(region: str, name: str, note: str) -> None:
    assert not _english(note), f"{region} {name}: the note carries ids or English words {_english(note)}"


def test_prose_removes_the_gaps_yaml_folding_leaves_in_chinese() -> None:
    assert prose("正文写的标准，\n  2023年起为月10万元") == "正文写的标准，2023年起为月10万元"
    assert prose("按 国家 标准") == "按国家标准"
    assert prose("the  VAT\nlaw") == "the VAT law"


@pytest.mark.parametrize("region", REGIONS)
def test_text_readings_show_titles_not_ids(region: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["readings", region]) == 0
    text = capsys.readouterr().out
    rules = load_region(region)
    lines = text.splitlines()
    assert f"## {rules.name}" in lines
    for benefit in rules.benefits.values():
        if benefit.note:
            assert any(line.startswith(f"- {benefit.title}") for line in lines), benefit.id
            assert not any(line.startswith(f"- {benefit.id}") for line in lines), benefit.id
    assert main(["readings", region, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["id"] for row in rows if row["kind"] == "benefit"} == {b.id for b in rules.benefits.values() if b.note}
