"""The national layer: measures encoded once, in force on their own notices' dates in every region.

The expected windows and figures below are written from the notices (docs/national.md), not read
from the rule files, so a wrong date or figure in a rule file fails here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import sme_rules
from sme_rules.language import ir
from sme_rules.language.loader import REGIONS, load, load_region, rules_dir

D = dt.date
ONE_DAY = dt.timedelta(days=1)

#: each national measure's windows (union of its notices'), first and last day; None: open-ended
WINDOWS: dict[str, list[tuple[dt.date, dt.date | None]]] = {
    "vat_small_scale_exemption": [(D(2019, 1, 1), D(2027, 12, 31))],
    "vat_small_scale_reduced_rate": [(D(2020, 3, 1), D(2022, 3, 31)), (D(2023, 1, 1), D(2027, 12, 31))],
    "small_low_profit_cit_relief": [(D(2019, 1, 1), D(2027, 12, 31))],
    "individual_business_iit_halving": [(D(2021, 1, 1), D(2027, 12, 31))],
    "western_development_cit": [(D(2011, 1, 1), D(2030, 12, 31))],
    "rd_super_deduction": [(D(2018, 1, 1), None)],
    "sme_equipment_deduction_2022": [(D(2022, 1, 1), D(2022, 12, 31))],
    "equipment_one_off_deduction": [(D(2018, 1, 1), D(2027, 12, 31))],
    "manufacturing_accelerated_depreciation": [(D(2019, 1, 1), None)],
    "six_taxes_two_fees_reduction": [(D(2019, 1, 1), D(2027, 12, 31))],
    "disability_fund_exemption": [(D(2017, 4, 1), D(2027, 12, 31))],
    "small_loan_interest_vat_exemption": [(D(2018, 9, 1), D(2027, 12, 31))],
    "sme_loan_loss_reserve_deduction": [(D(2019, 1, 1), D(2023, 12, 31))],
    "procurement_sme_reservation": [(D(2012, 1, 1), None)],
    "procurement_small_micro_price_deduction": [(D(2012, 1, 1), None)],
    "entrepreneurship_guaranteed_loan_subsidy": [(D(2018, 3, 1), None)],
    "sme_payment_protection": [(D(2020, 9, 1), None)],
    "unemployment_injury_insurance_rate_reduction": [(D(2018, 5, 1), D(2025, 12, 31))],
    "job_retention_refund": [(D(2022, 4, 25), D(2024, 12, 31)), (D(2025, 4, 14), D(2025, 12, 31))],
    "manufacturing_tax_deferral": [(D(2021, 10, 1), D(2022, 6, 30))],
    "startup_tech_investment_deduction": [(D(2018, 1, 1), None)],
}

TODAY = D(2026, 12, 2)


@pytest.fixture(scope="module")
def national() -> ir.RuleSet:
    return load(rules_dir() / "national_measures.yaml")


def carriers(rules: ir.RuleSet, measure: str) -> list[ir.Benefit]:
    """The benefits of a region that stand for a national measure: the measure itself or its restatements."""
    return [b for b in rules.benefits.values() if b.restates == measure or (b.id == measure and b.notices)]


def test_every_national_measure_is_listed_here(national: ir.RuleSet) -> None:
    assert {b.id for b in national.benefits.values() if b.notices} == set(WINDOWS)


@pytest.mark.parametrize("measure", sorted(WINDOWS))
def test_windows_on_the_day_before_the_first_the_last_and_the_day_after(national: ir.RuleSet, measure: str) -> None:
    benefit = national.benefits[measure]
    for first, last in WINDOWS[measure]:
        assert national.in_force(benefit, first, national.params_at(first)), (measure, first)
        assert national.in_force(benefit, first - ONE_DAY, national.params_at(first - ONE_DAY)) is False, (measure, first)
        if last is not None:
            assert national.in_force(benefit, last, national.params_at(last)), (measure, last)
            after = last + ONE_DAY
            assert national.in_force(benefit, after, national.params_at(after)) is False, (measure, after)


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_carries_every_national_measure(region: str) -> None:
    rules = load_region(region)
    for measure in WINDOWS:
        assert carriers(rules, measure), f"{region} has no benefit for the national measure {measure}"


@pytest.mark.parametrize("region", REGIONS)
def test_evaluate_without_as_of_reports_the_national_measures_in_force_today(region: str, monkeypatch: pytest.MonkeyPatch) -> None:
    class Today(dt.date):
        @classmethod
        def today(cls) -> Today:
            return cls(TODAY.year, TODAY.month, TODAY.day)

    monkeypatch.setattr("sme_rules.api.dt.date", Today)
    report = sme_rules.evaluate({"employees": 10}, region)
    assert report.as_of == TODAY.isoformat()
    rules = load_region(region)
    in_force_today = [m for m, spans in WINDOWS.items() if any(a <= TODAY and (b is None or b >= TODAY) for a, b in spans)]
    assert len(in_force_today) >= 14
    for measure in in_force_today:
        for benefit in carriers(rules, measure):
            if benefit.window == ir.ALWAYS:
                assert report.status(benefit.id) != "not_in_force", (region, benefit.id)
    assert report.status(next(b.id for b in carriers(rules, "sme_equipment_deduction_2022"))) == "not_in_force"


def test_a_national_measure_follows_its_notice_not_the_regional_document() -> None:
    """2020-06-01 in Xizang and 2022-02-26 in Qinghai: before the regional documents, the national VAT exemption held."""
    vat = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 10_0000}
    assert sme_rules.evaluate(vat, "xizang", "2020-06-01").status("vat_small_scale_exemption") == "eligible"
    assert sme_rules.evaluate(vat, "qinghai", "2022-02-26").status("vat_small_scale_exemption") == "eligible"
    # a measure the regional document creates still follows the document
    land = {"region_code": "540102", "industry_code": "C13", "employees": 100, "annual_revenue": 1000_0000}
    assert sme_rules.evaluate(land, "xizang", "2020-06-01").status("urban_land_use_tax_exemption") == "not_in_force"


#: (parameter, day, value) on both sides of every change, from the notices
FIGURES: list[tuple[str, dt.date, object]] = [
    ("vat_exempt_monthly_sales", D(2021, 3, 31), Decimal(100000)),
    ("vat_exempt_monthly_sales", D(2021, 4, 1), Decimal(150000)),
    ("vat_exempt_monthly_sales", D(2022, 12, 31), Decimal(150000)),
    ("vat_exempt_monthly_sales", D(2023, 1, 1), Decimal(100000)),
    ("vat_exempt_monthly_sales", D(2027, 12, 31), Decimal(100000)),
    ("vat_exempt_monthly_sales", D(2028, 1, 1), None),
    ("vat_exempt_quarterly_sales", D(2021, 4, 1), Decimal(450000)),
    ("vat_exempt_quarterly_sales", D(2026, 1, 1), Decimal(300000)),
    ("vat_threshold_exclusive", D(2025, 12, 31), False),
    ("vat_threshold_exclusive", D(2026, 1, 1), True),
    ("vat_3pct_sales_exempt", D(2022, 3, 31), False),
    ("vat_3pct_sales_exempt", D(2022, 4, 1), True),
    ("vat_3pct_sales_exempt", D(2022, 12, 31), True),
    ("vat_3pct_sales_exempt", D(2023, 1, 1), False),
    ("vat_small_scale_reduced_levy_rate", D(2022, 12, 31), None),
    ("vat_small_scale_reduced_levy_rate", D(2023, 1, 1), Decimal("0.01")),
    ("vat_small_scale_levy_rate", D(2020, 2, 29), Decimal("0.03")),
    ("vat_small_scale_levy_rate", D(2020, 3, 1), Decimal("0.01")),
    ("vat_small_scale_levy_rate", D(2021, 3, 31), Decimal("0.01")),
    ("vat_small_scale_levy_rate", D(2021, 4, 1), Decimal("0.01")),
    ("vat_small_scale_levy_rate", D(2022, 3, 31), Decimal("0.01")),
    ("vat_small_scale_levy_rate", D(2022, 4, 1), Decimal("0.03")),
    ("vat_small_scale_reduced_levy_rate", D(2022, 3, 31), Decimal("0.01")),
    ("vat_small_scale_reduced_levy_rate", D(2022, 4, 1), None),
    ("vat_small_scale_levy_rate", D(2022, 12, 31), Decimal("0.03")),
    ("vat_small_scale_levy_rate", D(2023, 1, 1), Decimal("0.01")),
    ("vat_small_scale_levy_rate", D(2027, 12, 31), Decimal("0.01")),
    ("vat_small_scale_levy_rate", D(2028, 1, 1), Decimal("0.03")),
    ("rd_super_deduction_rate", D(2022, 9, 30), Decimal("0.75")),
    ("rd_super_deduction_rate", D(2022, 10, 1), Decimal(1)),
    ("rd_super_deduction_rate_tech_sme", D(2021, 12, 31), Decimal("0.75")),
    ("rd_super_deduction_rate_tech_sme", D(2022, 1, 1), Decimal(1)),
    ("rd_super_deduction_rate_manufacturing", D(2020, 12, 31), Decimal("0.75")),
    ("rd_super_deduction_rate_manufacturing", D(2021, 1, 1), Decimal(1)),
    ("western_development_min_share", D(2020, 12, 31), Decimal("0.7")),
    ("western_development_min_share", D(2021, 1, 1), Decimal("0.6")),
    ("procurement_reserved_share_min_works", D(2022, 6, 30), Decimal("0.3")),
    ("procurement_reserved_share_min_works", D(2022, 7, 1), Decimal("0.4")),
    ("procurement_reserved_share_min_works", D(2022, 12, 31), Decimal("0.4")),
    ("procurement_reserved_share_min_works", D(2023, 1, 1), Decimal("0.3")),
    ("procurement_price_deduction_min", D(2022, 6, 30), Decimal("0.06")),
    ("procurement_price_deduction_min", D(2022, 7, 1), Decimal("0.1")),
    ("procurement_price_deduction_works_min", D(2020, 12, 31), Decimal(0)),
    ("procurement_price_deduction_works_min", D(2021, 1, 1), Decimal("0.03")),
    ("procurement_annual_budget_share_min", D(2020, 12, 31), Decimal("0.3")),
    ("procurement_annual_budget_share_min", D(2021, 1, 1), None),
    ("guaranteed_loan_new_hire_share", D(2020, 4, 14), Decimal("0.25")),
    ("guaranteed_loan_new_hire_share_large", D(2020, 4, 14), Decimal("0.15")),
    ("guaranteed_loan_new_hire_share", D(2020, 4, 15), Decimal("0.15")),
    ("guaranteed_loan_new_hire_share_large", D(2020, 4, 15), Decimal("0.08")),
    ("sme_loan_reserve_max_annual_sales", D(2022, 6, 1), Decimal(200000000)),
    ("disability_fund_exempt_max_employees", D(2017, 3, 31), None),
    ("disability_fund_exempt_max_employees", D(2017, 4, 1), Decimal(30)),
    ("disability_fund_exempt_max_employees", D(2027, 12, 31), Decimal(30)),
    ("disability_fund_exempt_max_employees", D(2028, 1, 1), None),
    ("job_retention_refund_rate_sme", D(2022, 4, 24), None),
    ("job_retention_refund_rate_sme", D(2022, 4, 25), Decimal("0.9")),
    ("job_retention_refund_rate_sme", D(2022, 12, 31), Decimal("0.9")),
    ("job_retention_refund_rate_sme", D(2023, 1, 1), Decimal("0.6")),
    ("job_retention_refund_rate_large", D(2022, 4, 25), Decimal("0.3")),
    ("job_retention_refund_rate_large", D(2026, 1, 1), None),
    ("startup_tech_max_employees", D(2018, 12, 31), Decimal(200)),
    ("startup_tech_max_employees", D(2019, 1, 1), Decimal(300)),
    ("startup_tech_max_employees", D(2027, 12, 31), Decimal(300)),
    ("startup_tech_max_employees", D(2028, 1, 1), Decimal(200)),
    ("startup_tech_max_assets_and_sales", D(2018, 12, 31), Decimal(30000000)),
    ("startup_tech_max_assets_and_sales", D(2019, 1, 1), Decimal(50000000)),
    ("startup_tech_max_assets_and_sales", D(2028, 1, 1), Decimal(30000000)),
]


@pytest.mark.parametrize(("name", "day", "expected"), FIGURES, ids=[f"{n}@{d}" for n, d, _ in FIGURES])
def test_national_figures_around_every_change(national: ir.RuleSet, name: str, day: dt.date, expected: object) -> None:
    found = national.parameters[name].at(day)
    assert (found.value if found is not None else None) == expected


def test_every_result_says_which_window_leaves_the_date_out() -> None:
    report = sme_rules.evaluate({"employees": 10}, "xizang", "2026-12-01")
    assert all(b.windows for b in report.benefits)
    land = report.benefit("urban_land_use_tax_exemption")
    assert land.status == "not_in_force"
    (doc,) = [w for w in land.windows if w["kind"] == "document"]
    assert (doc["from"], doc["until"], doc["contains_as_of"]) == ("2021-01-01", "2025-12-31", False)
    equipment = report.benefit("equipment_deduction")
    measures = [w for w in equipment.windows if w["kind"] == "measure"]
    assert [(w["notice"], w["from"], w["until"], w["contains_as_of"]) for w in measures] == [
        ("财政部 税务总局公告2022年第12号", "2022-01-01", "2022-12-31", False)
    ]
    figure = next(w for w in equipment.windows if w["kind"] == "national_figure")
    assert (figure["from"], figure["until"], figure["contains_as_of"]) == ("2022-01-01", "2022-12-31", False)
    vat = report.benefit("vat_small_scale_exemption")
    holding = {w["notice"] for w in vat.windows if w["kind"] == "measure" and w["contains_as_of"]}
    assert holding == {"财政部 税务总局公告2023年第19号", "中华人民共和国增值税法 第二十三条", "财政部 税务总局公告2026年第10号"}
    assert {w["kind"] for w in vat.windows} == {"measure", "national_figure"}  # no regional document decides it
    data = report.model_dump(mode="json")
    assert set(data["benefits"][0]["windows"][0]) == {"kind", "name", "from", "until", "notice", "contains_as_of"}
