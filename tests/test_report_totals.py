"""The report's total per letter group: the known amounts in 元 summed exactly, per unit, and the
benefits whose amount is unknown, with the fields that would give it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import sme_rules
from sme_rules.report import EligibilityReport
from sme_rules.report.jsondump import dumps
from sme_rules.report.letter import group_of
from sme_rules.report.model import GroupTotal

# a 小型微利 manufacturer in 西藏, 2022: CIT saved, 六税两费 halved, 残保金 avoided, R&D deducted
PROFILE = {
    "entity_type": "enterprise", "industry_code": "C13", "employees": 28, "annual_revenue": "2000万",
    "total_assets": "3000万", "restricted_or_prohibited_industry": False, "annual_taxable_income": "86万",
    "six_taxes_two_fees_payable": "12345.67", "has_rd_expenses": True, "rd_expenses": "50万",
    "disabled_employees": 0, "disability_employment_quota": "0.015", "average_annual_wage": "8万",
    "local_average_annual_wage": "5万",
}


def _totals(report: EligibilityReport) -> dict[str, GroupTotal]:
    return {t.group: t for t in report.totals}


@pytest.fixture(scope="module")
def report() -> EligibilityReport:
    return sme_rules.evaluate(PROFILE, "xizang", "2022-06-01")


def test_direct_total_sums_each_unit_exactly(report: EligibilityReport) -> None:
    direct = _totals(report)["direct"]
    cit = report.benefit("small_low_profit_cit_relief").amount
    six = report.benefit("six_taxes_two_fees_relief").amount
    assert cit is not None and six is not None and six.value == Decimal("6172.84")
    assert direct.sums["元"] == cit.value + six.value == Decimal("199672.84")
    # 元/年 and a deduction from the taxable income are never added to tax saved
    assert direct.sums["元/年"] == Decimal(30240)  # 28人 × 1.5% × 8万元 × 90%
    # two articles of 西藏 restate the R&D measure: its 50万 × 100% is counted once
    assert direct.sums["元（税前扣除额）"] == Decimal(50_0000)
    assert list(direct.sums) == ["元", "元/年", "元（税前扣除额）"]
    assert "rd_super_deduction_manufacturing" in direct.counted and "rd_super_deduction" not in direct.counted


def test_unknown_amounts_are_named_with_their_fields() -> None:
    report = sme_rules.evaluate({k: v for k, v in PROFILE.items() if k != "six_taxes_two_fees_payable"}, "xizang", "2022-06-01")
    direct = _totals(report)["direct"]
    unknown = {u.benefit: u.missing for u in direct.unknown}
    assert unknown["six_taxes_two_fees_relief"] == ["six_taxes_two_fees_payable"]
    assert unknown["manufacturing_accelerated_depreciation"] == []  # a description only: no figure to ask for
    assert direct.sums["元"] == Decimal(193500)
    line = next(x for x in report.to_text().splitlines() if x.startswith("合计：已知金额 193,500元"))
    assert "“六税两费”减征（正文作“五税两费”）（缺六税两费应纳税额合计）" in line
    assert "未定金额或只给比例" in line


def test_totals_per_group_in_the_letters_order(report: EligibilityReport) -> None:
    assert [t.group for t in report.totals] == ["direct", "apply", "others", "undetermined"]
    assert [t.title for t in report.totals] == ["可直接享受", "可申请", "由他方享受", "待补充信息"]
    shown = [x for x in report.to_text().splitlines() if x.startswith("合计：")]
    assert len(shown) == len({group_of(b) for b in report.benefits} & {t.group for t in report.totals})


def test_a_sum_keeps_the_fen() -> None:
    report = sme_rules.evaluate({**PROFILE, "six_taxes_two_fees_payable": "0.03"}, "xizang", "2022-06-01")
    assert _totals(report)["direct"].sums["元"] == Decimal("193500.02")  # 0.015 → 0.02 (四舍五入)


def test_totals_in_the_json_and_read_back(report: EligibilityReport) -> None:
    data = report.model_dump(mode="json")
    direct = data["totals"][0]
    assert direct["group"] == "direct" and direct["sums"]["元"] == 199672.84 and direct["sums"]["元/年"] == 30240
    assert {"benefit": "manufacturing_accelerated_depreciation", "title": "制造业企业固定资产加速折旧", "missing": []} in direct["unknown"]
    assert json.loads(dumps(report)) == json.loads(report.model_dump_json())
    assert json.loads(dumps(report, brief=True))["totals"] == data["totals"]
    again = EligibilityReport.model_validate(data)
    assert again.totals == report.totals


def test_totals_in_the_html_letter(report: EligibilityReport) -> None:
    assert "合计：已知金额 199,672.84元，另 30,240元/年，另 50万元（税前扣除额）（4 项）" in report._repr_html_()


def test_frame_has_the_figures_to_sum(report: EligibilityReport) -> None:
    pytest.importorskip("pandas")
    frame = report.to_frame().set_index("id")
    assert frame.loc["small_low_profit_cit_relief", "amount"] == Decimal(193500)
    assert frame.loc["small_low_profit_cit_relief", "amount_unit"] == "元"
    assert frame.loc["disability_fund_exemption", "amount_unit"] == "元/年"
