"""Golden explanations: ``to_text()`` of reviewed profiles across the four regions.

A change to a rule file or to the rendering shows here as a diff to read. To accept it, run
``SME_RULES_UPDATE_GOLDEN=1 pytest tests/test_explain_golden.py`` and review the diff of
``tests/golden/`` before committing it. The rules version (a content hash) is left out, so an
edit elsewhere in a rule file does not touch every golden file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from sme_rules import evaluate

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SME_RULES_UPDATE_GOLDEN") == "1"

MANUFACTURER = {
    "entity_type": "enterprise", "region_code": "540102", "industry_code": "C13", "employees": 28,
    "annual_revenue": 8200000, "total_assets": 15000000, "vat_taxpayer_type": "small_scale",
    "monthly_sales": 150000, "annual_taxable_income": 860000, "restricted_or_prohibited_industry": False,
    "western_encouraged_industry": True, "main_business_revenue_share": 0.72, "has_rd_expenses": True,
}

#: name → (region, as_of, profile)
CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "xizang_manufacturer_2022": ("xizang", "2022-06-01", MANUFACTURER),
    "xizang_manufacturer_2023": ("xizang", "2023-06-01", dict(MANUFACTURER, monthly_sales=100000, new_equipment_unit_value=6000000)),
    "xizang_large_enterprise": (
        "xizang", "2022-06-01",
        {"entity_type": "enterprise", "region_code": "540102", "industry_code": "C30", "employees": 1200,
         "annual_revenue": 500000000, "total_assets": 600000000, "vat_taxpayer_type": "general"},
    ),
    "xizang_retail_individual": (
        "xizang", "2022-06-01",
        {"entity_type": "individual_business", "region_code": "540102", "industry_code": "F52", "employees": 3,
         "annual_revenue": 600000, "vat_taxpayer_type": "small_scale", "monthly_sales": "150000.01",
         "quarterly_sales": 450000},
    ),
    "qinghai_manufacturer_no_exhibition": (
        "qinghai", "2022-06-01",
        {"entity_type": "enterprise", "region_code": "630100", "industry_code": "C13", "employees": 50,
         "annual_revenue": 30000000, "attended_supported_exhibition": False},
    ),
    "qinghai_software_sme": (
        "qinghai", "2023-06-01",
        {"entity_type": "enterprise", "region_code": "630100", "industry_code": "I65", "employees": 80,
         "annual_revenue": 20000000, "total_assets": 30000000, "is_tech_sme": True, "has_rd_expenses": True,
         "specialized_level": "provincial"},
    ),
    "xishuangbanna_shop_first_loan": (
        "xishuangbanna", "2022-06-01",
        {"entity_type": "enterprise", "region_code": "532801", "industry_code": "F52", "employees": 8,
         "annual_revenue": 900000, "has_prior_bank_loan": True},
    ),
    "xishuangbanna_individual_2023": (
        "xishuangbanna", "2023-06-01",
        {"entity_type": "individual_business", "region_code": "532801", "industry_code": "H62", "employees": 4,
         "annual_revenue": 500000, "vat_taxpayer_type": "small_scale", "monthly_sales": 90000},
    ),
    "xinjiang_finance_firm": (
        "xinjiang", "2022-06-01",
        {"entity_type": "enterprise", "region_code": "650100", "industry_code": "J66", "employees": 50,
         "annual_revenue": 30000000},
    ),
    "xinjiang_exporting_manufacturer": (
        "xinjiang", "2022-06-01",
        {"entity_type": "enterprise", "region_code": "650100", "industry_code": "C17", "employees": 150,
         "annual_revenue": 60000000, "total_assets": 40000000, "engages_in_foreign_trade": True,
         "has_export_business": True, "ownership_type": "private"},
    ),
    "xinjiang_startup_2021": (
        "xinjiang", "2021-06-01",
        {"entity_type": "enterprise", "region_code": "650100", "industry_code": "M75", "employees": 12,
         "annual_revenue": 2000000, "enterprise_stage": "startup",
         "startup_resident_with_audited_collection": True, "startup_years_since_founding": 1,
         "startup_bachelor_staff_share": 0.5, "startup_rd_expense_share": 0.25, "total_assets": 1000000},
    ),
    "xinjiang_unknowns_only": ("xinjiang", "2022-06-01", {"region_code": "650100"}),
}


def rendered(region: str, day: str, profile: dict[str, Any]) -> str:
    text = evaluate(profile, region, day).to_text()
    return re.sub(r"规则版本：\S+", "规则版本：（略）", text) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_explanation_matches_its_golden_file(name: str) -> None:
    path = GOLDEN / f"{name}.txt"
    text = rendered(*CASES[name])
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path.name}: run with SME_RULES_UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name}: explanation changed; review and regenerate with SME_RULES_UPDATE_GOLDEN=1"


def test_golden_files_have_cases() -> None:
    assert {p.stem for p in GOLDEN.glob("*.txt")} == set(CASES), "a golden file without a case, or the reverse"
