"""Amounts of the regional measures: exact in 元, with the formula and its figures; an unknown base
leaves the amount unknown and names the field that would give it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sme_rules import EnterpriseProfile, evaluate
from sme_rules.report.amount import figure

ENGINES = ("python", "durable")
GRADUATES = {"region_code": "540102", "graduate_contract_years": 3, "graduate_employment_years": 1}
SME = {"industry_code": "C13", "employees": 100, "annual_revenue": 1000_0000}


def _amount(profile: dict[str, Any], benefit: str, engine: str) -> Any:
    result = evaluate(profile, region="xizang", as_of="2022-06-01", engine=engine).benefit(benefit)
    assert result.status == "eligible", result.to_text()
    return result


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("hired", "expected", "shown"), [(1, "2000", "2,000元"), (3, "6000", "6,000元")])
def test_training_subsidy_is_2000_per_graduate(engine: str, hired: int, expected: str, shown: str) -> None:
    result = _amount({**GRADUATES, "xizang_graduates_hired": hired}, "graduate_hiring_training_subsidy", engine)
    assert result.amount.value == Decimal(expected)
    assert result.amount.formula == f"2000 × {hired} = {expected}"
    assert f"金额：{shown}（2000 × {hired} = {expected}）" in result.to_text()


@pytest.mark.parametrize("engine", ENGINES)
def test_social_insurance_subsidy_is_the_yearly_contribution(engine: str) -> None:
    profile = {**GRADUATES, "xizang_graduates_hired": 2, "graduate_social_insurance_paid_per_year": "12345.67"}
    result = _amount(profile, "graduate_hiring_social_insurance_subsidy", engine)
    assert result.amount.value == Decimal("12345.67")
    assert result.amount.unit == "元/年"
    assert result.amount.formula == "12345.67 × 100% = 12345.67"
    assert result.amount.missing == []


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_base_names_the_field(engine: str) -> None:
    result = _amount({**GRADUATES, "xizang_graduates_hired": 2}, "graduate_hiring_social_insurance_subsidy", engine)
    assert result.amount.value is None
    assert result.amount.missing == ["graduate_social_insurance_paid_per_year"]
    assert "社会保险费" in (result.amount.formula or "") and "未知" in (result.amount.formula or "")
    label = EnterpriseProfile.model_fields["graduate_social_insurance_paid_per_year"].title
    line = next(x for x in result.to_text().splitlines() if x.startswith("  金额："))
    assert line.startswith(f"  金额：待定：〔{label}：未知〕")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("fees", "formula"),
    [
        ("2万", "20000 × 50% = 10000"),
        ("0.01", "0.01 × 50% = 0.01"),  # half a fen rounds up (四舍五入)
        ("0.03", "0.03 × 50% = 0.02"),
        ("12345.67", "12345.67 × 50% = 6172.84"),
    ],
)
def test_service_voucher_pays_half_the_fees_to_the_fen(engine: str, fees: str, formula: str) -> None:
    result = _amount({**SME, "enterprise_service_voucher_fees": fees}, "enterprise_service_voucher", engine)
    assert result.amount.value == Decimal(formula.rsplit("= ", 1)[1])
    assert result.amount.formula == formula


def test_figure_is_exact_and_shows_shares_as_percent() -> None:
    assert figure(Decimal("1.00"), percent=True) == "100%"
    assert figure(Decimal("0.5"), percent=True) == "50%"
    assert figure(Decimal("0.055"), percent=True) == "5.5%"
    assert figure(Decimal("150000.00")) == "150000"
    assert figure(Decimal("150000.01")) == "150000.01"
    assert figure(3) == "3"
