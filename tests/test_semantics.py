"""What a rule means: three values, thresholds as the text reads them, dates, explanations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sme_rules import RegionError, evaluate, load_region
from sme_rules.engines.reference import kleene_and, kleene_or
from sme_rules.language.loader import REGIONS

T, F, U = True, False, None


@pytest.mark.parametrize(
    ("a", "b", "and_", "or_"),
    [(T, T, T, T), (T, F, F, T), (T, U, U, T), (F, F, F, F), (F, U, F, U), (U, U, U, U)],
)
def test_kleene_tables(a: bool | None, b: bool | None, and_: bool | None, or_: bool | None) -> None:
    assert kleene_and([a, b]) is and_ and kleene_and([b, a]) is and_
    assert kleene_or([a, b]) is or_ and kleene_or([b, a]) is or_


def test_is_sme_for_50_industrial_staff_whatever_the_revenue() -> None:
    report = evaluate({"industry_code": "C13", "employees": 50}, "xizang", "2022-06-01")
    assert report.facts["is_sme"] is True
    assert report.facts["size_class"] is None  # small or medium depends on revenue


def test_vat_threshold_at_and_one_fen_past() -> None:
    base = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "quarterly_sales": 500000, "sales_at_3pct_levy_rate": 0}
    at = evaluate({**base, "monthly_sales": 150000}, "xizang", "2022-06-01").benefit("vat_small_scale_exemption")
    past = evaluate({**base, "monthly_sales": 150000.01}, "xizang", "2022-06-01").benefit("vat_small_scale_exemption")
    assert at.status == "eligible"
    assert past.status == "ineligible"
    miss = next(m for m in past.failed if "monthly_sales" in m.condition)
    assert miss.observed == Decimal("150000.01") and miss.threshold == Decimal(150000) and miss.distance == Decimal("0.01")


def test_the_national_figure_in_force_applies() -> None:
    profile = {"vat_taxpayer_type": "small_scale", "monthly_sales": 120000, "quarterly_sales": 360000}
    assert evaluate(profile, "xizang", "2022-12-31").status("vat_small_scale_exemption") == "eligible"
    assert evaluate(profile, "xizang", "2023-01-01").status("vat_small_scale_exemption") == "ineligible"


def test_unknown_is_not_false_and_names_what_is_missing() -> None:
    result = evaluate({"vat_taxpayer_type": "small_scale"}, "xizang", "2022-06-01").benefit("vat_small_scale_exemption")
    assert result.status == "undetermined"
    assert sorted(result.missing) == ["monthly_sales", "quarterly_sales", "sales_at_3pct_levy_rate", "vat_filing_period"]


def test_a_false_conjunct_decides_despite_unknowns() -> None:
    result = evaluate({"vat_taxpayer_type": "general"}, "xizang", "2022-06-01").benefit("vat_small_scale_exemption")
    assert result.status == "ineligible" and result.missing == []


def test_disability_fund_boundary_30_and_31() -> None:
    assert evaluate({"employees": 30}, "xizang", "2022-06-01").status("disability_fund_exemption") == "eligible"
    assert evaluate({"employees": 31}, "xizang", "2022-06-01").status("disability_fund_exemption") == "ineligible"


@pytest.mark.parametrize("region", REGIONS)
def test_before_the_documents_nothing_regional_is_in_force(region: str) -> None:
    rules = load_region(region)
    first = min(d.window.start for d in rules.documents.values() if d.window.start)
    before = evaluate({"employees": 10, "industry_code": "C13"}, region, first - dt.timedelta(days=1))
    on = evaluate({"employees": 10, "industry_code": "C13"}, region, first)
    # what the regional documents create; a national measure follows its own notices
    regional = [b for b in before.benefits if not rules.benefits[b.id].notices]
    assert regional and {b.status for b in regional} == {"not_in_force"}
    assert any(b.status != "not_in_force" for b in on.benefits if not rules.benefits[b.id].notices)
    windows = regional[0].in_force
    assert windows and all("–" in w for w in windows)


def test_after_xizang_s_window_its_benefits_end() -> None:
    report = evaluate({"employees": 10, "industry_code": "C13", "region_code": "540102"}, "xizang", "2026-01-01")
    assert report.status("urban_land_use_tax_exemption") == "not_in_force"
    assert report.status("disability_fund_exemption") == "eligible"  # 财政部公告2023年第8号, to 2027-12-31


def test_every_benefit_cites_a_document_file_and_article() -> None:
    for region in REGIONS:
        for benefit in evaluate({}, region, "2022-06-01").benefits:
            # a national measure that no article of the region restates cites its national notices
            assert benefit.sources or benefit.national_basis, benefit.id
            for source in benefit.sources:
                assert source.document.endswith(".txt") and source.article.startswith(("(", "一", "二", "三"))
                assert source.quote


def test_region_follows_the_region_code() -> None:
    assert evaluate({"region_code": "632801"}, as_of="2022-06-01").region == "qinghai"
    assert evaluate({"region_code": "532801"}, as_of="2022-06-01").region == "xishuangbanna"
    assert evaluate({"region_code": "650102"}, as_of="2022-06-01").region == "xinjiang"
    assert evaluate({"region_code": "540102"}, as_of="2022-06-01").region == "xizang"
    with pytest.raises(RegionError, match="outside the regions"):
        evaluate({"region_code": "530102"}, as_of="2022-06-01")  # 云南 outside 西双版纳
    with pytest.raises(RegionError, match="region_code"):
        evaluate({}, as_of="2022-06-01")


def test_bad_region_and_date_name_the_choices() -> None:
    with pytest.raises(ValueError, match="xizang, qinghai, xishuangbanna, xinjiang"):
        evaluate({}, "tibet", "2022-06-01")
    with pytest.raises(ValueError, match="ISO date"):
        evaluate({}, "xizang", "2022-13-01")


def test_report_json_has_the_contract_fields() -> None:
    data = evaluate({"employees": 9, "industry_code": "F52"}, "xizang", "2022-06-01").model_dump(mode="json")
    assert {"region", "as_of", "rules_version", "facts", "benefits"} <= set(data)
    assert data["facts"]["size_class"] == "micro" and data["facts"]["is_sme"] is True
    benefit = data["benefits"][0]
    assert {"id", "status", "title", "sources", "missing"} <= set(benefit)
    assert {"document", "article", "quote"} <= set(benefit["sources"][0])


def test_text_and_html_renderings_explain() -> None:
    report = evaluate(
        {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 160000, "quarterly_sales": 480000,
         "sales_at_3pct_levy_rate": 0},
        "xizang", "2022-06-01",
    )
    text = report.benefit("vat_small_scale_exemption").to_text()
    assert "【不符合】" in text and "相差 1万元" in text and "(二)" in text
    assert "<details" in report._repr_html_()


def test_python_and_durable_reports_are_identical() -> None:
    profile = {"industry_code": "C13", "employees": 28, "annual_revenue": 8200000, "vat_taxpayer_type": "small_scale", "monthly_sales": 1}
    durable = evaluate(profile, "xizang", "2022-06-01").model_dump(mode="json")
    python = evaluate(profile, "xizang", "2022-06-01", engine="python").model_dump(mode="json")
    durable.pop("engine"), python.pop("engine")
    assert durable == python
