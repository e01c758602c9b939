"""The national figures that were wrong, each with the example that got a wrong answer before."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import sme_rules

SMALL_SCALE = {"vat_taxpayer_type": "small_scale"}


def status(profile: dict[str, Any], benefit: str, as_of: str, region: str = "xizang") -> str:
    return sme_rules.evaluate(profile, region, as_of).status(benefit)


@pytest.mark.parametrize("region", ["xizang", "qinghai", "xishuangbanna", "xinjiang"])
def test_2022_all_3pct_sales_exempt_whatever_the_amount(region: str) -> None:
    profile = {**SMALL_SCALE, "vat_filing_period": "monthly", "monthly_sales": 20_0000, "sales_at_3pct_levy_rate": 20_0000}
    assert status(profile, "vat_small_scale_exemption", "2022-06-01", region) == "eligible"
    assert status(profile, "vat_small_scale_exemption", "2023-06-01", region) == "ineligible"


def test_the_filing_period_decides_which_threshold_applies() -> None:
    both = {**SMALL_SCALE, "monthly_sales": 16_0000, "quarterly_sales": 45_0000, "sales_at_3pct_levy_rate": 0}
    assert status({**both, "vat_filing_period": "monthly"}, "vat_small_scale_exemption", "2022-06-01") == "ineligible"
    assert status({**both, "vat_filing_period": "quarterly"}, "vat_small_scale_exemption", "2022-06-01") == "eligible"
    report = sme_rules.evaluate(both, "xizang", "2022-06-01")
    assert report.status("vat_small_scale_exemption") == "undetermined"
    assert report.benefit("vat_small_scale_exemption").missing == ["vat_filing_period"]


def test_from_2026_sales_at_the_threshold_are_taxed() -> None:
    at = {**SMALL_SCALE, "vat_filing_period": "monthly", "monthly_sales": 10_0000}
    assert status(at, "vat_small_scale_exemption", "2025-12-31") == "eligible"
    assert status(at, "vat_small_scale_exemption", "2026-01-01") == "ineligible"
    below = {**at, "monthly_sales": Decimal("99999.99")}
    assert status(below, "vat_small_scale_exemption", "2026-01-01") == "eligible"


def test_the_1pct_reduced_rate_is_a_measure_of_its_own() -> None:
    profile = {**SMALL_SCALE, "sales_at_3pct_levy_rate": 50_0000}
    report = sme_rules.evaluate(profile, "qinghai", "2024-06-01")
    result = report.benefit("vat_small_scale_reduced_rate")
    assert result.status == "eligible" and result.amount is not None and result.amount.value == Decimal("0.01")
    assert status(profile, "vat_small_scale_reduced_rate", "2022-06-01", "qinghai") == "not_in_force"


def test_procurement_works_reserve_40pct_in_the_second_half_of_2022() -> None:
    r = sme_rules.procurement_reservation(budget=1000_0000, category="works", region="xizang", as_of="2022-07-01")
    assert r.sme_reserved_min == Decimal(400_0000)
    r = sme_rules.procurement_reservation(budget=1000_0000, category="works", region="xizang", as_of="2022-06-30")
    assert r.sme_reserved_min == Decimal(300_0000)
    r = sme_rules.procurement_reservation(budget=1000_0000, category="goods", region="xizang", as_of="2022-07-01")
    assert r.sme_reserved_min == Decimal(300_0000)


def test_before_2021_the_share_is_of_the_annual_budget_and_works_get_no_price_deduction() -> None:
    r = sme_rules.procurement_reservation(budget=500_0000, category="works", region="xinjiang", as_of="2020-06-01")
    assert r.sme_reserved_min == 0 and r.small_micro_reserved_min == 0
    assert r.figures["annual_budget_sme_share_min"] == Decimal("0.3")
    assert r.price_deduction_min == 0 and r.price_deduction_max == 0


def test_an_sme_tied_to_a_large_enterprise_is_not_an_sme_in_procurement() -> None:
    sme = {"industry_code": "C13", "employees": 10, "annual_revenue": 100_0000}
    for region in ("xizang", "qinghai", "xishuangbanna", "xinjiang"):
        assert status({**sme, "tied_to_large_enterprise": True}, "procurement_sme_reservation", "2022-06-01", region) == "ineligible"
        assert status({**sme, "tied_to_large_enterprise": False}, "procurement_sme_reservation", "2022-06-01", region) == "eligible"


def test_the_sme_declaration_is_no_condition_in_xishuangbanna() -> None:
    sme = {"industry_code": "C13", "employees": 10, "annual_revenue": 100_0000, "tied_to_large_enterprise": False}
    assert status(sme, "procurement_sme_reservation", "2022-06-01", "xishuangbanna") == "eligible"


def test_equipment_deduction_software_band_restricted_industries_and_inclusive_bounds() -> None:
    base = {"restricted_or_prohibited_industry": False, "new_equipment_unit_value": 600_0000}
    software = {**base, "industry_code": "I65", "employees": 1001, "annual_revenue": 5_0000_0000, "total_assets": 20_0000_0000}
    assert status(software, "equipment_deduction", "2022-06-01") == "ineligible"
    assert status({**software, "employees": 1000}, "equipment_deduction", "2022-06-01") == "eligible"
    restricted = {**base, "industry_code": "C13", "employees": 10, "restricted_or_prohibited_industry": True}
    assert status(restricted, "equipment_deduction", "2022-06-01") == "ineligible"


@pytest.mark.parametrize(
    ("profile", "as_of", "rate"),
    [
        ({"industry_code": "I65", "is_tech_sme": True}, "2022-06-01", Decimal(1)),
        ({"industry_code": "I65", "is_tech_sme": False}, "2022-06-01", Decimal("0.75")),
        ({"industry_code": "I65", "is_tech_sme": False}, "2022-10-01", Decimal(1)),
        ({"industry_code": "C13"}, "2021-06-01", Decimal(1)),
        ({"industry_code": "C13"}, "2020-06-01", Decimal("0.75")),
        ({"industry_code": "I65", "is_tech_sme": False}, "2023-01-01", Decimal(1)),
    ],
)
def test_rd_super_deduction_rate_by_enterprise_and_date(profile: dict[str, Any], as_of: str, rate: Decimal) -> None:
    # the amount is the extra deduction: 100元 of R&D expense × the rate
    result = sme_rules.evaluate({**profile, "has_rd_expenses": True, "rd_expenses": 100}, "qinghai", as_of).benefit("rd_super_deduction")
    assert result.status == "eligible" and result.amount is not None and result.amount.value == rate * 100


def test_loan_loss_reserve_covers_loans_to_enterprises_up_to_2yi_whatever_their_size() -> None:
    medium = {"industry_code": "C13", "employees": 500, "annual_revenue": 2_0000_0000, "total_assets": 2_0000_0000,
              "single_borrower_credit_line": 5000_0000}
    assert status(medium, "sme_loan_loss_provision_deduction", "2022-06-01", "xinjiang") == "eligible"
    assert status({**medium, "total_assets": Decimal("200000000.01")}, "sme_loan_loss_provision_deduction", "2022-06-01", "xinjiang") == "ineligible"


def test_guaranteed_loan_needs_the_new_hire_share() -> None:
    small = {"entity_type": "enterprise", "industry_code": "C13", "employees": 20, "annual_revenue": 500_0000}
    assert status({**small, "eligible_new_hires_share": Decimal("0.15")}, "entrepreneurship_guaranteed_loan_subsidy", "2022-06-01") == "eligible"
    assert status({**small, "eligible_new_hires_share": Decimal("0.14")}, "entrepreneurship_guaranteed_loan_subsidy", "2022-06-01") == "ineligible"
    report = sme_rules.evaluate(small, "xizang", "2022-06-01")
    assert report.benefit("entrepreneurship_guaranteed_loan_subsidy").missing == ["eligible_new_hires_share"]


@pytest.mark.parametrize("code", ["G53", "K704"])
def test_codes_outside_the_size_standard_have_no_size_class(code: str) -> None:
    report = sme_rules.evaluate({"industry_code": code, "employees": 5, "annual_revenue": 10_0000}, "xizang", "2022-06-01")
    assert report.facts["industry_group"] == "not_covered"
    assert report.facts["is_sme"] is None


def test_payment_protection_reads_the_same_field_in_every_region() -> None:
    sme = {"industry_code": "C13", "employees": 100, "annual_revenue": 1000_0000}
    ids = {"xizang": "late_payment_interest", "qinghai": "sme_payment_protection",
           "xishuangbanna": "sme_payment_arrears_protection", "xinjiang": "sme_payment_protection"}
    for region, bid in ids.items():
        report = sme_rules.evaluate(sme, region, "2022-06-01")
        assert report.benefit(bid).missing == ["owed_overdue_payment_by_public_body_or_large_enterprise"], region


def test_the_1pct_rate_ran_on_to_2022_03_31() -> None:
    profile = {**SMALL_SCALE, "sales_at_3pct_levy_rate": 20_0000}
    assert status(profile, "vat_small_scale_reduced_rate", "2021-04-01") == "eligible"
    assert status(profile, "vat_small_scale_reduced_rate", "2022-03-31") == "eligible"
    assert status(profile, "vat_small_scale_reduced_rate", "2022-04-01") == "not_in_force"


# the restated ids each region keeps for a national measure
RATE_CUT = {"xizang": "unemployment_injury_insurance_rate_reduction", "qinghai": "unemployment_insurance_rate_reduction",
            "xinjiang": "social_insurance_burden_reduction", "xishuangbanna": "unemployment_injury_insurance_rate_reduction"}
LARGE = {"industry_code": "C13", "employees": 5000, "annual_revenue": 50_0000_0000, "ownership_type": "state_owned"}


@pytest.mark.parametrize("region", sorted(RATE_CUT))
def test_social_insurance_rate_cuts_reach_every_insured_employer_on_the_notices_dates(region: str) -> None:
    insured = {**LARGE, "insured_employer": True}
    assert status(insured, RATE_CUT[region], "2020-06-01", region) == "eligible"
    assert status(insured, RATE_CUT[region], "2025-12-31", region) == "eligible"
    assert status(insured, RATE_CUT[region], "2026-01-01", region) == "not_in_force"


JOBS = {"industry_code": "C13", "pays_unemployment_insurance": True, "layoff_rate_last_year": 0,
        "unemployment_insurance_paid_last_year": 10_0000}


def test_job_retention_refund_from_the_notice_of_2022_04_25_with_30pct_for_a_large_firm() -> None:
    sme = {**JOBS, "employees": 50, "annual_revenue": 1000_0000}
    assert status(sme, "job_retention_refund", "2022-04-24", "qinghai") == "not_in_force"
    result = sme_rules.evaluate(sme, "qinghai", "2022-04-25").benefit("job_retention_refund")
    assert result.status == "eligible" and result.obtained_by == "automatic"
    assert result.amount is not None and result.amount.value == Decimal(9_0000)
    large = sme_rules.evaluate({**JOBS, "employees": 1000, "annual_revenue": 4_0000_0000}, "qinghai", "2022-06-01")
    refund = large.benefit("job_retention_refund")
    assert refund.status == "eligible" and refund.amount is not None and refund.amount.value == Decimal(3_0000)
    assert status(sme, "job_retention_subsidy", "2023-06-01", "xinjiang") == "eligible"


def test_no_new_manufacturing_deferral_after_the_june_2022_tax_period() -> None:
    maker = {"industry_code": "C13", "tax_deferral_annual_sales": 1000_0000}
    assert status(maker, "manufacturing_tax_deferral", "2022-06-30") == "eligible"
    assert status(maker, "manufacturing_tax_deferral", "2022-07-01") == "not_in_force"
    assert status(maker, "manufacturing_tax_deferral", "2022-07-01", "xishuangbanna") == "not_in_force"


STARTUP = {"startup_resident_with_audited_collection": True, "employees": 300, "startup_bachelor_staff_share": Decimal("0.3"),
           "total_assets": 5000_0000, "annual_revenue": 5000_0000, "startup_years_since_founding": 5,
           "startup_listed_within_two_years": False, "startup_rd_expense_share": Decimal("0.2"),
           "startup_investment_held_years": 2, "startup_investment_amount": 100_0000}


def test_start_up_technology_investment_is_the_investors_deduction_on_the_national_criteria() -> None:
    result = sme_rules.evaluate(STARTUP, "xinjiang", "2022-06-01").benefit("tech_startup_investment_tax_policy")
    assert (result.status, result.beneficiary, result.obtained_by) == ("eligible", "investor", "automatic")
    assert result.amount is not None and result.amount.value == Decimal(70_0000)
    assert status({**STARTUP, "employees": 301}, "tech_startup_investment_tax_policy", "2022-06-01", "xinjiang") == "ineligible"
    assert status({**STARTUP, "employees": 201}, "tech_startup_investment_tax_policy", "2018-12-31", "xinjiang") == "ineligible"


def test_the_xinjiang_six_taxes_quote_is_the_clause_itself() -> None:
    from sme_rules.language.loader import load_region

    (source,) = load_region("xinjiang").benefits["six_taxes_two_fees_reduction"].sources
    assert source.quote == "落实小微企业普惠性税收减免政策"
