"""Amounts of the regional measures: exact in 元, with the formula and its figures; an unknown base
leaves the amount unknown and names the field that would give it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sme_rules import evaluate
from sme_rules.report import zh

ENGINES = ("python", "durable")
GRADUATES = {"region_code": "540102", "graduate_contract_years": 3, "graduate_employment_years": 1}
SME = {"industry_code": "C13", "employees": 100, "annual_revenue": 1000_0000}


def _amount(profile: dict[str, Any], benefit: str, engine: str) -> Any:
    result = evaluate(profile, region="xizang", as_of="2022-06-01", engine=engine).benefit(benefit)
    assert result.status == "eligible", result.to_text()
    return result


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("hired", "expected"), [(1, "2000"), (3, "6000")])
def test_training_subsidy_is_2000_per_graduate(engine: str, hired: int, expected: str) -> None:
    result = _amount({**GRADUATES, "xizang_graduates_hired": hired}, "graduate_hiring_training_subsidy", engine)
    assert result.amount.value == Decimal(expected)
    formula = f"2,000元 × {hired}人 = {zh.money(Decimal(expected))}"
    assert result.amount.formula == formula
    line = next(x for x in result.to_text().splitlines() if x.startswith("  金额："))
    assert f"（{formula}）" in line


@pytest.mark.parametrize("engine", ENGINES)
def test_social_insurance_subsidy_is_the_yearly_contribution(engine: str) -> None:
    profile = {**GRADUATES, "xizang_graduates_hired": 2, "graduate_social_insurance_paid_per_year": "12345.67"}
    result = _amount(profile, "graduate_hiring_social_insurance_subsidy", engine)
    assert result.amount.value == Decimal("12345.67")
    assert result.amount.unit == "元/年"
    assert result.amount.formula == "12,345.67元 × 100% = 12,345.67元"
    assert result.amount.missing == []


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_base_names_the_field(engine: str) -> None:
    result = _amount({**GRADUATES, "xizang_graduates_hired": 2}, "graduate_hiring_social_insurance_subsidy", engine)
    assert result.amount.value is None
    assert result.amount.missing == ["graduate_social_insurance_paid_per_year"]
    assert "社会保险费" in (result.amount.formula or "") and "未知" in (result.amount.formula or "")
    line = next(x for x in result.to_text().splitlines() if x.startswith("  金额："))
    assert line.startswith("  金额：待定：〔每年为高校毕业生缴纳的社会保险费：未知〕 × 100%")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("fees", "paid", "formula"),
    [
        ("2万", "10000", "2万元 × 50% = 1万元"),
        ("0.01", "0.01", "0.01元 × 50% = 0.01元"),  # half a fen rounds up (四舍五入)
        ("0.03", "0.02", "0.03元 × 50% = 0.02元"),
        ("12345.67", "6172.84", "12,345.67元 × 50% = 6,172.84元"),
    ],
)
def test_service_voucher_pays_half_the_fees_to_the_fen(engine: str, fees: str, paid: str, formula: str) -> None:
    result = _amount({**SME, "enterprise_service_voucher_fees": fees}, "enterprise_service_voucher", engine)
    assert result.amount.value == Decimal(paid)
    assert result.amount.formula == formula
