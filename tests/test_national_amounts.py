"""Amounts of national measures, exact in 元, and unknown (naming the field) when the base is unknown."""

from __future__ import annotations

from decimal import Decimal

import pytest

import sme_rules

SLP = {"entity_type": "enterprise", "restricted_or_prohibited_industry": False, "employees": 30, "total_assets": 500_0000}


@pytest.mark.parametrize(
    ("income", "as_of", "saved"),
    [
        # 25% of the income, less the effective rate of each band (财税〔2019〕13号, 2021年第12号, 2022年第13号, 2023年第12号)
        (200_0000, "2020-06-01", 100_0000 * Decimal("0.20") + 100_0000 * Decimal("0.15")),
        (200_0000, "2021-06-01", 100_0000 * Decimal("0.225") + 100_0000 * Decimal("0.15")),
        (200_0000, "2022-06-01", 100_0000 * Decimal("0.225") + 100_0000 * Decimal("0.20")),
        (200_0000, "2024-06-01", 200_0000 * Decimal("0.20")),
        (100_0000, "2021-06-01", 100_0000 * Decimal("0.225")),
        (300_0000, "2027-12-31", 300_0000 * Decimal("0.20")),
    ],
)
def test_small_low_profit_cit_saved(income: int, as_of: str, saved: Decimal) -> None:
    result = sme_rules.evaluate({**SLP, "annual_taxable_income": income}, "qinghai", as_of).benefit("small_low_profit_cit_relief")
    assert result.status == "eligible" and result.amount is not None
    assert result.amount.value == saved and result.amount.unit == "元"


def test_a_loss_saves_nothing() -> None:
    result = sme_rules.evaluate({**SLP, "annual_taxable_income": -5_0000}, "xinjiang", "2024-06-01").benefit("small_low_profit_cit_relief")
    assert result.amount is not None and result.amount.value == 0


@pytest.mark.parametrize(
    ("profile", "as_of", "exempted"),
    [
        ({"vat_filing_period": "monthly", "monthly_sales": 10_0000}, "2020-02-29", Decimal(3000)),  # 3%
        # 1% from 2020-03-01 to 2022-03-31 (2020年第13号 … 2022年第15号)
        ({"vat_filing_period": "monthly", "monthly_sales": 10_0000}, "2022-03-31", Decimal(1000)),
        ({"vat_filing_period": "monthly", "monthly_sales": 10_0000}, "2023-01-01", Decimal(1000)),  # 1% from 2023
        ({"vat_filing_period": "quarterly", "quarterly_sales": 45_0000}, "2021-06-01", Decimal(4500)),
        ({"vat_filing_period": "monthly", "monthly_sales": 20_0000, "sales_at_3pct_levy_rate": 18_0000}, "2022-06-01", Decimal(5400)),
    ],
)
def test_vat_exempted(profile: dict[str, object], as_of: str, exempted: Decimal) -> None:
    result = sme_rules.evaluate({"vat_taxpayer_type": "small_scale", **profile}, "xizang", as_of).benefit("vat_small_scale_exemption")
    assert result.status == "eligible" and result.amount is not None and result.amount.value == exempted


def test_vat_exempted_is_unknown_without_the_filing_period() -> None:
    profile = {"vat_taxpayer_type": "small_scale", "monthly_sales": 5_0000, "quarterly_sales": 15_0000}
    result = sme_rules.evaluate(profile, "xizang", "2024-06-01").benefit("vat_small_scale_exemption")
    assert result.status == "eligible" and result.amount is not None
    assert result.amount.value is None and "vat_filing_period" in result.amount.missing


LOAN = {"entity_type": "individual_business", "single_borrower_credit_line": 50_0000}


@pytest.mark.parametrize(
    ("loan", "exempt"),
    [
        # 2023年第16号: interest on a loan at or below 150% of LPR is exempt in full
        ({"small_loan_interest_income": 3_0000, "small_loan_interest_at_rate_cap": 3_0000}, Decimal(3_0000)),
        # above the cap: method 2 exempts the part computed at 150% of LPR, method 1 nothing
        ({"small_loan_interest_income": Decimal("30000.01"), "small_loan_interest_at_rate_cap": 3_0000,
          "small_loan_exemption_method": "within_cap"}, Decimal(3_0000)),
        ({"small_loan_interest_income": Decimal("30000.01"), "small_loan_interest_at_rate_cap": 3_0000,
          "small_loan_exemption_method": "whole_loan"}, Decimal(0)),
        ({"small_loan_interest_income": 4_0000, "small_loan_interest_at_rate_cap": 3_0000}, None),
    ],
)
def test_small_loan_interest_exempt_up_to_150pct_of_lpr(loan: dict[str, object], exempt: Decimal | None) -> None:
    for region, benefit in (("xinjiang", "small_micro_loan_interest_vat_exemption"), ("xizang", "small_loan_interest_vat_exemption")):
        result = sme_rules.evaluate({**LOAN, **loan}, region, "2024-06-01").benefit(benefit)
        assert result.status == "eligible" and result.amount is not None
        assert result.amount.value == exempt, (region, result.amount)
        if exempt is None:
            assert result.amount.missing == ["small_loan_exemption_method"]
