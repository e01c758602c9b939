"""Explanations for a Chinese policy analyst: every deciding condition, Chinese labels and units."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from sme_rules import evaluate
from sme_rules.errors import RuleFileError
from sme_rules.language.loader import REGIONS, load, load_region
from sme_rules.profile import field_catalogue
from sme_rules.report import labels, zh
from sme_rules.report.model import BenefitResult, EligibilityReport
from sme_rules.report.tree import failing_leaves, leaf_text

MANUFACTURER = {
    "entity_type": "enterprise", "region_code": "540102", "industry_code": "C13", "employees": 28,
    "annual_revenue": 8200000, "total_assets": 15000000, "vat_taxpayer_type": "small_scale",
    "vat_filing_period": "monthly", "monthly_sales": 150000, "annual_taxable_income": 860000, "restricted_or_prohibited_industry": False,
    "western_encouraged_industry": True, "main_business_revenue_share": 0.72, "has_rd_expenses": True,
}


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (Decimal(150000), "money", "15万元"),
        (Decimal("150000.01"), "money", "150,000.01元"),
        (Decimal(149999), "money", "149,999元"),
        (Decimal(200000000), "money", "2亿元"),
        (Decimal(550000000), "money", "5.5亿元"),
        (Decimal(99990000), "money", "9999万元"),
        (Decimal("0.6"), "ratio", "60%"),
        (Decimal("0.055"), "ratio", "5.5%"),
        (30, "count", "30人"),
        (True, "bool", "是"),
        (False, "bool", "否"),
        (None, "money", "未知"),
    ],
)
def test_values_in_chinese_units(value: object, kind: str, text: str) -> None:
    assert zh.value(value, kind) == text


def test_distance_of_a_share_is_in_percentage_points() -> None:
    assert zh.distance(Decimal("0.05"), "ratio") == "5个百分点"
    assert zh.distance(Decimal("0.01"), "money") == "0.01元"


def test_notes_lose_ids_and_folding_spaces_but_keep_issuer_spaces() -> None:
    text = zh.prose("国家定义 is_small_low_profit 本身要求 entity_type 为企业， 2023年起 财政部 税务总局公告；见 amount")
    assert text == "国家定义小型微利企业本身要求市场主体类型为企业，2023年起财政部 税务总局公告；见金额说明"


def test_a_failing_yes_no_field_is_shown_with_its_value() -> None:
    report = evaluate(
        {"industry_code": "C13", "employees": 50, "annual_revenue": 30000000, "attended_supported_exhibition": False},
        "qinghai", "2022-06-01",
    )
    # the national 残保金 exemption (more than 30 staff) is the other ineligible result
    [result] = [b for b in report.benefits if b.status == "ineligible" and b.id == "exhibition_fee_subsidy"]
    text, page = result.to_text(), result._repr_html_()
    assert "未满足：\n    ✗ 参加支持的展会：否" in text
    assert "✓ 中小微企业（划型标准）：是" in text  # the part that holds is shown too
    assert "参加支持的展会：否" in page
    assert [m.condition for m in result.failed] == ["attended_supported_exhibition"]


def test_a_comparison_shows_value_figure_and_distance() -> None:
    report = evaluate({"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 160000, "quarterly_sales": 480000, "sales_at_3pct_levy_rate": 0}, "xizang", "2022-06-01")
    text = report.benefit("vat_small_scale_exemption").to_text()
    assert "✗ 月销售额 16万元 ≤ 免征增值税月销售额上限 15万元（相差 1万元）" in text
    assert "✗ 季度销售额 48万元 ≤ 免征增值税季度销售额上限 45万元（相差 3万元）" in text


def test_one_fen_past_the_threshold_is_not_rounded_onto_it() -> None:
    report = evaluate({"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": "150000.01", "quarterly_sales": 460000, "sales_at_3pct_levy_rate": 0}, "xizang", "2022-06-01")
    text = report.benefit("vat_small_scale_exemption").to_text()
    assert "月销售额 150,000.01元 ≤ 免征增值税月销售额上限 15万元（相差 0.01元）" in text


def test_a_failing_fact_shows_its_own_derivation() -> None:
    report = evaluate(dict(MANUFACTURER, entity_type="enterprise"), "xizang", "2022-06-01")
    text = report.benefit("individual_business_iit_halving").to_text()
    assert "✗ 个体工商户：否" in text
    assert "推定：✗ 市场主体类型：企业（须为个体工商户）" in text


def test_a_condition_under_not_that_holds_is_the_failing_leaf() -> None:
    profile = {"industry_code": "F52", "employees": 8, "annual_revenue": 900000, "has_prior_bank_loan": True}
    result = evaluate(profile, "xishuangbanna", "2022-06-01").benefit("small_micro_first_loan")
    assert result.status == "ineligible"
    assert "未满足：\n    ✗ 曾获得银行贷款：是" in result.to_text()
    assert "✗ 以下须不成立\n        ✓ 曾获得银行贷款：是" in result.to_text()


def test_an_industry_outside_the_size_standard_says_so() -> None:
    report = evaluate({"industry_code": "J66", "employees": 50, "annual_revenue": 30000000}, "xinjiang", "2022-06-01")
    texts = [b.to_text() for b in report.benefits if b.undecidable]
    assert texts and all("不在《中小企业划型标准》范围内" in t for t in texts)
    assert not any("表中没有这一行" in t for t in texts)


def test_an_industry_code_too_coarse_to_group_says_what_is_needed() -> None:
    report = evaluate({"industry_code": "F", "employees": 10, "annual_revenue": 1000000}, "xizang", "2022-06-01")
    result = next(b for b in report.benefits if b.undecidable)
    assert "无法判定：国民经济行业代码 F 可能属于批发业或零售业，两行结论不同（批发业：微型；零售业：小型），无法确定企业规模" in result.to_text()


def test_the_undetermined_group_starts_with_the_fields_to_ask_for() -> None:
    report = evaluate(MANUFACTURER, "xizang", "2022-06-01")
    group = report.to_text().split("━━ 待补充信息")[1]
    first = report.questions()[0]
    assert group.split("\n")[2].startswith(f"需补充的信息（按可判定的项目数排序）：{first.label}（{first.count} 项待定）")
    assert "需补充的信息" in report._repr_html_()


def test_not_in_force_names_the_national_figure_that_excludes_the_date() -> None:
    result = evaluate(MANUFACTURER, "xizang", "2023-06-01").benefit("equipment_deduction")
    assert result.status == "not_in_force"
    assert "国家标准设备器具单位价值下限（500万元以上） 2022-01-01至2022-12-31" in result.to_text()


def test_who_benefits_and_how_it_is_obtained() -> None:
    report = evaluate(MANUFACTURER, "xizang", "2022-06-01")
    assert "受益人：放贷的金融机构；享受方式：免申即享" in report.benefit("sme_loan_loss_reserve_deduction").to_text()
    assert "享受方式：依申请" in report.to_text()


def test_the_letter_groups_in_order_with_counts() -> None:
    report = evaluate(MANUFACTURER, "xizang", "2022-06-01")
    text = report.to_text()
    order = ["━━ 可直接享受", "━━ 可申请", "━━ 由他方享受", "━━ 待补充信息", "━━ 不符合"]
    positions = [text.index(h) for h in order]
    assert positions == sorted(positions)
    counts = re.search(r"汇总：共 (\d+) 项：可直接享受 (\d+) 项，可申请 (\d+) 项，由他方享受 (\d+) 项，待补充信息 (\d+) 项，不符合 (\d+) 项，未生效 (\d+) 项", text)
    assert counts is not None
    total, *parts = (int(x) for x in counts.groups())
    assert total == len(report.benefits) == sum(parts)
    assert parts[0] == sum(1 for b in report.benefits if b.status == "eligible" and b.obtained_by == "automatic" and b.beneficiary in ("enterprise", "individual_business"))
    # the lender's benefit is not the enterprise's
    direct = text.split("━━ 可申请")[0]
    assert "金融企业中小企业贷款损失准备金税前扣除" not in direct


def test_entitlements_with_amounts_come_first_in_a_group() -> None:
    from sme_rules.report.letter import groups

    report = evaluate(MANUFACTURER, "xizang", "2022-06-01")
    for group in groups(report.benefits):
        ranks = [(b.kind != "benefit", 2 if b.amount is None else (0 if b.amount.value is not None else 1)) for b in group.benefits]
        assert ranks == sorted(ranks), group.key


def test_questions_rank_fields_by_the_benefits_they_decide() -> None:
    report = evaluate(MANUFACTURER, "xizang", "2022-06-01")
    asked = report.questions()
    assert asked, "the manufacturer leaves fields unknown"
    counts = [q.count for q in asked]
    assert counts == sorted(counts, reverse=True)
    undetermined = [b for b in report.benefits if b.status == "undetermined"]
    for q in asked:
        assert q.count == sum(q.field in b.missing for b in undetermined)
        assert q.label == field_catalogue()[q.field].label and not re.search(r"[a-z]_[a-z]", q.label)
    asked_fields = {q.field for q in asked}
    assert asked_fields == {m for b in undetermined for m in b.missing}


def test_frame_has_one_row_per_benefit_in_letter_order() -> None:
    report = evaluate(MANUFACTURER, "xizang", "2022-06-01")
    frame = report.to_frame()
    assert len(frame) == len(report.benefits) and set(frame["id"]) == {b.id for b in report.benefits}
    from sme_rules.report.letter import GROUPS

    keys = [k for k, _ in GROUPS]
    seen = [keys.index(g) for g in frame["group"]]
    assert seen == sorted(seen)
    ineligible = frame[frame["status"] == "ineligible"]
    assert all(ineligible["未满足"].str.len() > 0)


def test_html_is_left_aligned_collapsible_with_full_quotes() -> None:
    report = evaluate(MANUFACTURER, "xizang", "2022-06-01")
    page = report._repr_html_()
    assert "<details" in page and "text-align:right" not in page and "<table" not in page
    quote = report.benefit("western_development_cit").sources[0].quote
    assert quote in page.replace("&quot;", '"')
    for title in ("可直接享受", "可申请", "待补充信息"):
        assert title in page


def test_benefit_result_repr_is_short() -> None:
    result = evaluate(MANUFACTURER, "xizang", "2022-06-01").benefit("vat_small_scale_exemption")
    assert repr(result) == "<BenefitResult vat_small_scale_exemption eligible: 小规模纳税人免征增值税>"
    assert "<details" in result._repr_html_()


def test_a_report_read_back_from_json_renders_the_same() -> None:
    report = evaluate(MANUFACTURER, "xizang", "2022-06-01")
    again = EligibilityReport.model_validate(report.model_dump(mode="json"))
    assert again.to_text() == report.to_text()
    assert isinstance(again.benefits[0], BenefitResult)


def test_json_keeps_ids() -> None:
    data = evaluate(MANUFACTURER, "xizang", "2022-06-01").model_dump(mode="json")
    benefit = next(b for b in data["benefits"] if b["id"] == "sme_loan_loss_reserve_deduction")
    assert benefit["beneficiary"] == "lender" and benefit["obtained_by"] == "automatic"


# --- labels ---------------------------------------------------------------------------------

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_field_has_a_chinese_label() -> None:
    for name, spec in field_catalogue().items():
        assert spec.label != name and _CHINESE.search(spec.label), name


def test_every_fact_and_parameter_has_a_chinese_label() -> None:
    for region in REGIONS:
        rules = load_region(region)
        for name, param in rules.parameters.items():
            assert _CHINESE.search(param.label), f"{region}: parameter {name}"
        for name, fact in rules.facts.items():
            assert _CHINESE.search(fact.label), f"{region}: fact {name}"


def test_every_choice_has_a_chinese_label() -> None:
    for name, spec in field_catalogue().items():
        for choice in spec.choices or ():
            assert _CHINESE.search(labels.value_label(name, choice)) or choice in ("A", "B", "M", "C", "D"), (name, choice)
    for region in REGIONS:
        for name, fact in load_region(region).facts.items():
            for choice in fact.choices or ():
                assert _CHINESE.search(labels.value_label(name, choice)), (name, choice)


def test_every_table_column_has_a_label() -> None:
    text = (Path(__file__).parents[1] / "rules" / "national.yaml").read_text(encoding="utf-8")
    columns = set(re.findall(r"row\.(\w+)", text))
    assert columns and columns <= set(labels.COLUMNS)


def test_a_missing_label_is_a_load_error_at_its_place(tmp_path: Path) -> None:
    national = (Path(__file__).parents[1] / "rules" / "national.yaml").read_text(encoding="utf-8")
    lines = national.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "label: 免征增值税月销售额上限")
    del lines[at]
    (tmp_path / "national.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "procurement.yaml").write_text(
        (Path(__file__).parents[1] / "rules" / "procurement.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(RuleFileError) as caught:
        load(tmp_path / "national.yaml")
    message = str(caught.value)
    assert f"national.yaml:{at}:3: parameter vat_exempt_monthly_sales has no label:" in message


# --- no English in the Chinese text -----------------------------------------------------------

_UNIT_WORDS = re.compile(r"\b(ratio|bool|yuan|persons?|percent|money|count|true|false|None)\b")


def _raw_ids() -> set[str]:
    ids = set(field_catalogue())
    for region in REGIONS:
        rules = load_region(region)
        ids |= set(rules.facts) | set(rules.parameters) | set(rules.benefits)
    return ids


def _chinese_text(report: EligibilityReport) -> str:
    """The report's Chinese prose without the rules version (a file name and hash)."""
    return report.to_text().split("\n", 1)[1]


PROFILES = [
    ("xizang", "2022-06-01", MANUFACTURER),
    ("qinghai", "2022-06-01", {"industry_code": "C13", "employees": 50, "annual_revenue": 30000000, "attended_supported_exhibition": False}),
    ("xinjiang", "2022-06-01", {"industry_code": "J66", "employees": 50, "annual_revenue": 30000000}),
    ("xishuangbanna", "2023-06-01", {"industry_code": "F52", "employees": 8, "annual_revenue": 900000, "entity_type": "individual_business"}),
]


@pytest.mark.parametrize(("region", "day", "profile"), PROFILES)
def test_no_english_unit_words_or_raw_ids_in_chinese_text(region: str, day: str, profile: dict[str, object]) -> None:
    report = evaluate(profile, region, day)
    visible = re.sub(r"<[^>]*>", " ", report._repr_html_())  # ids stay in attributes, for tooltips
    text = _chinese_text(report) + visible
    assert not _UNIT_WORDS.findall(text)
    words = set(re.findall(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", text))
    assert not words & _raw_ids(), sorted(words & _raw_ids())


def test_every_failing_leaf_appears_in_text_and_html() -> None:
    for region, day, profile in PROFILES:
        report = evaluate(profile, region, day)
        for result in report.by_status("ineligible"):
            assert result.verdict is not None
            text, page = result.to_text(), result._repr_html_()
            for leaf in failing_leaves(result.verdict):
                shown = leaf_text(leaf)
                assert f"✗ {shown}" in text and shown in page.replace("&quot;", '"').replace("&#x27;", "'")


def test_windows_from_the_rule_set_name_those_that_leave_the_date_out() -> None:
    from types import SimpleNamespace

    from sme_rules.report.render_text import window_lines

    windows = [
        {"kind": "document", "name": "《西藏自治区促进中小企业高质量发展若干措施》", "from": "2021-01-01", "until": "2025-12-31", "notice": None, "contains_as_of": True},
        {"kind": "national_figure", "name": "equipment_deduction_min_value", "from": "2022-01-01", "until": "2022-12-31", "notice": "财政部 税务总局公告2022年第12号", "contains_as_of": False},
    ]
    [line] = window_lines(SimpleNamespace(windows=windows, in_force=[]))  # type: ignore[arg-type]
    assert line == "  不在有效期内：国家标准设备器具单位价值下限（500万元以上） 2022-01-01至2022-12-31，财政部 税务总局公告2022年第12号"


def test_results_are_the_objects_the_class_itself_builds() -> None:
    """The explanation builds results through model.benefit_result: equal to BenefitResult(**fields), and as frozen."""
    import dataclasses

    from sme_rules.report.model import benefit_result

    report = evaluate({"employees": 3, "industry_code": "C13", "monthly_sales": "150000.01"}, "xizang", "2022-06-01")
    for result in report.benefits:
        values = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
        assert BenefitResult(**values) == result == benefit_result(values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.benefits[0].status = "eligible"  # type: ignore[misc]
    with pytest.raises(KeyError, match="restates"):
        benefit_result({k: v for k, v in values.items() if k != "restates"})
