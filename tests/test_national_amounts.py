"""Amounts of national measures, exact in 元, and unknown (naming the field) when the base is unknown."""

from __future__ import annotations

from decimal import Decimal

import pytest

import sme_rules
from sme_rules.report import AmountOut, zh

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


def _amount(profile: dict[str, object], region: str, as_of: str, benefit: str) -> AmountOut:
    result = sme_rules.evaluate(profile, region, as_of).benefit(benefit)
    assert result.status == "eligible" and result.amount is not None, result.to_text()
    return result.amount


IB = {"entity_type": "individual_business"}


@pytest.mark.parametrize(
    ("income", "as_of", "halved", "written"),
    [
        # 国家税务总局公告2021年第8号 example: 8万元 → (80000 × 10% − 1500) × 50% = 3250
        ("8万", "2021-06-01", "3250", "(8万元 × 10% − 1,500元) × 50% = 3,250元"),
        # each bracket's top (个人所得税法 税率表二: 不超过30000元 5%; 超过…至90000元 10% …) and one fen past
        ("3万", "2024-06-01", "750", "3万元 × 5% × 50% = 750元"),
        ("30000.01", "2024-06-01", "750", "(30,000.01元 × 10% − 1,500元) × 50% = 750元"),
        ("9万", "2024-06-01", "3750", None),
        ("90000.01", "2024-06-01", "3750", None),
        ("30万", "2024-06-01", "24750", None),
        ("300000.01", "2024-06-01", "24750", None),
        ("50万", "2024-06-01", "54750", None),
        ("500000.01", "2024-06-01", "54750.00", None),
        ("500100", "2024-06-01", "54767.50", "(500,100元 × 35% − 65,500元) × 50% = 54,767.50元"),
        # the part within the cap is halved: 100万 (2021—2022), 200万 (2023—2027)
        ("100万", "2022-06-01", "142250", "(100万元 × 35% − 65,500元) × 50% = 142,250元"),
        ("1000000.01", "2022-06-01", "142250", "(100万元 × 35% − 65,500元) × 50% = 142,250元"),
        ("200万", "2023-06-01", "317250", "(200万元 × 35% − 65,500元) × 50% = 317,250元"),
        ("2000000.01", "2023-06-01", "317250", "(200万元 × 35% − 65,500元) × 50% = 317,250元"),
        # the cap's dates: 2021-01-01 first day, 2022-12-31 last day of 100万, 2023-01-01 first of 200万, 2027-12-31 last
        ("250万", "2021-01-01", "142250", None),
        ("250万", "2022-12-31", "142250", None),
        ("250万", "2023-01-01", "317250", None),
        ("250万", "2027-12-31", "317250", None),
        ("-1", "2024-06-01", "0", None),
        ("0", "2024-06-01", "0", None),
    ],
)
def test_individual_business_iit_halved(income: str, as_of: str, halved: str, written: str | None) -> None:
    amount = _amount({**IB, "business_income": income}, "qinghai", as_of, "individual_business_iit_halving")
    assert amount.value == Decimal(halved) and amount.unit == "元" and amount.missing == []
    if written is not None:
        assert amount.formula == written


def test_individual_business_iit_halving_ends() -> None:
    for as_of in ("2020-12-31", "2028-01-01"):
        result = sme_rules.evaluate({**IB, "business_income": "8万"}, "qinghai", as_of).benefit("individual_business_iit_halving")
        assert result.status == "not_in_force"


def test_individual_business_iit_unknown_income_names_the_field() -> None:
    result = sme_rules.evaluate(IB, "xizang", "2024-06-01").benefit("individual_business_iit_halving")
    assert result.status == "eligible" and result.amount is not None
    assert result.amount.value is None and result.amount.missing == ["business_income"]
    assert result.amount.formula == "〔经营所得应纳税所得额：未知〕"
    assert "金额：待定：〔经营所得应纳税所得额：未知〕" in result.to_text()


@pytest.mark.parametrize(
    ("payable", "as_of", "reduced"),
    [("12345.67", "2023-06-01", "6172.84"), ("0.01", "2024-06-01", "0.01"), ("1万", "2022-06-01", "5000"), ("1万", "2027-12-31", "5000")],
)
def test_six_taxes_two_fees_reduced_by_half(payable: str, as_of: str, reduced: str) -> None:
    amount = _amount({"vat_taxpayer_type": "small_scale", "six_taxes_two_fees_payable": payable}, "xinjiang", as_of, "six_taxes_two_fees_reduction")
    assert amount.value == Decimal(reduced) and amount.unit == "元"
    assert amount.formula is not None and amount.formula.endswith(f"× 50% = {zh.money(Decimal(reduced))}")


def test_six_taxes_two_fees_unknown_payable_names_the_field() -> None:
    amount = _amount({"vat_taxpayer_type": "small_scale"}, "xizang", "2023-06-01", "six_taxes_two_fees_relief")
    assert amount.value is None and amount.missing == ["six_taxes_two_fees_payable"]
    assert amount.formula == "〔六税两费应纳税额合计：未知〕 × 50%"


RD = {"has_rd_expenses": True, "rd_expenses": "100万"}


@pytest.mark.parametrize(
    ("profile", "as_of", "deduction"),
    [
        # 75% (财税〔2018〕99号) until the industry's 100% notice; 2022年第28号 100% for the rest from 2022-10-01
        ({"industry_code": "I65", "is_tech_sme": False}, "2022-09-30", "75万"),
        ({"industry_code": "I65", "is_tech_sme": False}, "2022-10-01", "100万"),
        ({"industry_code": "I65", "is_tech_sme": True}, "2021-12-31", "75万"),
        ({"industry_code": "I65", "is_tech_sme": True}, "2022-01-01", "100万"),
        ({"industry_code": "C13"}, "2020-12-31", "75万"),
        ({"industry_code": "C13"}, "2021-01-01", "100万"),
        ({"industry_code": "I65", "is_tech_sme": False}, "2023-01-01", "100万"),
    ],
)
def test_rd_extra_deduction(profile: dict[str, object], as_of: str, deduction: str) -> None:
    amount = _amount({**RD, **profile}, "qinghai", as_of, "rd_super_deduction")
    expected = Decimal(deduction.removesuffix("万")) * 10000
    assert amount.value == expected and amount.unit == "元（税前扣除额）"  # a deduction from the taxable income, not tax
    assert amount.formula == f"100万元 × {'75%' if expected == 750000 else '100%'} = {zh.money(expected)}"


def test_rd_extra_deduction_unknown_expense_names_the_field() -> None:
    amount = _amount({"industry_code": "I65", "is_tech_sme": False, "has_rd_expenses": True}, "xizang", "2022-06-01", "rd_super_deduction")
    assert amount.value is None and amount.missing == ["rd_expenses"]
    assert amount.formula == "〔研发费用：未知〕 × 75%"


def test_rd_extra_deduction_unknown_industry_names_every_field() -> None:
    result = sme_rules.evaluate({"has_rd_expenses": True, "is_tech_sme": True}, "qinghai", "2024-06-01").benefit("rd_super_deduction")
    # which rate applies waits on the industry (制造业 first), and every rate needs the expense
    assert result.status == "undetermined" and result.amount is not None and result.amount.value is None
    assert result.amount.missing == ["industry_code", "rd_expenses"]
    assert result.amount.formula == "〔国民经济行业代码：未知〕、〔研发费用：未知〕"


DISABILITY = {
    "employees": 30, "disabled_employees": 0, "disability_employment_quota": "0.015",
    "average_annual_wage": "8万", "local_average_annual_wage": "5万",
}


@pytest.mark.parametrize(
    ("profile", "as_of", "avoided", "written"),
    [
        # (30人 × 1.5% − 0人) × 8万元: 36,000元 before the graded reduction; 90% of it from 2020 (安排比例1%以下)
        ({}, "2019-12-31", "36000", "取较大值(30人 × 1.5% − 0人，0) × 取较小值(8万元，5万元 × 3) × 100% = 36,000元"),
        ({}, "2020-01-01", "32400", "取较大值(30人 × 1.5% − 0人，0) × 取较小值(8万元，5万元 × 2) × 90% = 32,400元"),
        ({}, "2022-12-31", "32400", None),
        ({}, "2023-01-01", "32400", None),
        ({}, "2027-12-31", "32400", None),
        # the wage is capped at 2× the local average from 2020 (3× from 2017-04-01): at the cap and one fen past
        ({"average_annual_wage": "10万"}, "2022-06-01", "40500", None),
        ({"average_annual_wage": "100000.01"}, "2022-06-01", "40500", None),
        ({"average_annual_wage": "15万"}, "2019-06-01", "67500", None),
        ({"average_annual_wage": "150000.01"}, "2019-06-01", "67500", None),
        ({"average_annual_wage": "15万"}, "2020-01-01", "40500", None),
        # 1%（含）以上 but under the quota pays 50%: 1 of 100 (the enterprise is then not exempt) is 1%
        ({"employees": 30, "disabled_employees": 1, "disability_employment_quota": "0.04"}, "2022-06-01", "8000", None),
        # the quota met: nothing to pay, nothing avoided
        ({"disabled_employees": 1}, "2022-06-01", "0", None),
        ({"employees": 0}, "2022-06-01", "0", None),
    ],
)
def test_disability_fund_avoided(profile: dict[str, object], as_of: str, avoided: str, written: str | None) -> None:
    amount = _amount({**DISABILITY, **profile}, "xizang", as_of, "disability_fund_exemption")
    assert amount.value == Decimal(avoided) and amount.unit == "元/年"
    if written is not None:
        assert amount.formula == written


def test_disability_fund_graded_share_at_one_percent() -> None:
    # 1 disabled of 100 is 1%（含）: 50%; 1 of 101 is under 1%: 90% (both not exempt, so the figure is what they pay)
    at = sme_rules.evaluate({**DISABILITY, "employees": 100, "disabled_employees": 1}, "xizang", "2022-06-01").benefit("disability_fund_exemption")
    past = sme_rules.evaluate({**DISABILITY, "employees": 101, "disabled_employees": 1}, "xizang", "2022-06-01").benefit("disability_fund_exemption")
    assert at.status == past.status == "ineligible"
    assert at.amount is not None and at.amount.value == Decimal("20000")  # (1.5 − 1) × 8万 × 50%
    assert past.amount is not None and past.amount.value == Decimal("37080")  # (1.515 − 1) × 8万 × 90%


def test_disability_fund_unknown_inputs_are_named() -> None:
    amount = _amount({"employees": 30}, "qinghai", "2022-06-01", "disability_fund_exemption")
    assert amount.value is None
    assert amount.missing == ["disabled_employees", "disability_employment_quota", "average_annual_wage", "local_average_annual_wage"]
    assert "〔安排残疾人就业比例：未知〕" in (amount.formula or "")


def test_small_low_profit_formula_writes_the_statutory_rate_as_a_percentage() -> None:
    amount = _amount({**SLP, "annual_taxable_income": "86万"}, "xizang", "2022-06-01", "small_low_profit_cit_relief")
    assert amount.formula == "取较大值(取较小值(86万元，100万元)，0) × (25% − 2.5%) + 取较大值(86万元 − 100万元，0) × (25% − 5%) = 193,500元"


def test_the_amounts_figures_are_listed_with_their_notices() -> None:
    result = sme_rules.evaluate({**IB, "business_income": "250万"}, "qinghai", "2023-06-01").benefit("individual_business_iit_halving")
    used = {p.name: (p.value, p.notice) for p in result.parameters}
    assert used["business_income_rate_5"][0] == Decimal("0.35") and "个人所得税法" in (used["business_income_rate_5"][1] or "")
    assert used["business_income_quick_deduction_5"][0] == 65500
    assert used["individual_iit_halving_share"][0] == Decimal("0.5") and "2023年第5号" in (used["individual_iit_halving_share"][1] or "")
    assert "  标准：经营所得第五级速算扣除数 65,500元（个人所得税法个人所得税税率表二（经营所得适用），按级距算得）" in result.to_text()
    assert "business_income_rate_4" not in used  # only the bracket the income falls in


@pytest.mark.parametrize(("as_of", "rate"), [("2022-06-30", "0.06"), ("2022-07-01", "0.10"), ("2020-12-31", "0.06"), ("2021-01-01", "0.06")])
def test_procurement_price_deduction_is_the_goods_and_services_rate_of_the_day(as_of: str, rate: str) -> None:
    profile = {"industry_code": "C13", "employees": 10, "annual_revenue": "100万", "tied_to_large_enterprise": False}
    amount = _amount(profile, "qinghai", as_of, "procurement_small_micro_price_deduction")
    assert amount.value == Decimal(rate) and amount.unit == "ratio"


def test_graduate_subsidies_compute_in_yuan() -> None:
    profile = {"region_code": "540102", "graduate_contract_years": 3, "graduate_employment_years": 1, "xizang_graduates_hired": 2,
               "graduate_social_insurance_paid_per_year": "24000"}
    training = _amount(profile, "xizang", "2022-06-01", "graduate_hiring_training_subsidy")
    insurance = _amount(profile, "xizang", "2022-06-01", "graduate_hiring_social_insurance_subsidy")
    assert (training.value, training.unit) == (Decimal(4000), "元")
    assert (insurance.value, insurance.unit) == (Decimal(24000), "元/年")


def test_an_amount_left_unknown_by_an_undecidable_fact_names_the_fact_in_chinese() -> None:
    from sme_rules.engines.reference import Verdict
    from sme_rules.report.amount import unknown_text
    from sme_rules.report.labels import label

    sme_rules.evaluate({}, "xizang", "2024-06-01")  # the labels of the rule set's facts
    cond = Verdict("and", "is_manufacturing and is_tech_sme", None, [Verdict("fact", "is_manufacturing", None, name="is_manufacturing")])
    assert unknown_text([], label, cond) == "〔制造业企业：未知〕"
    assert unknown_text(["rd_expenses"], label, cond) == "〔研发费用：未知〕"


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
