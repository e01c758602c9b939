"""sme_rules.timeline and ``sme-rules timeline``: the dates on which one enterprise's results change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sme_rules
from sme_rules.cli.main import main

VAT = "vat_small_scale_exemption"
SHOP = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 12_0000}


def vat_changes(t: sme_rules.Timeline) -> list[tuple[str, str, str]]:
    return [(c.date, c.status_before, c.status_after) for c in t.changes if c.benefit == VAT and c.status_before != c.status_after]


def test_vat_exemption_follows_the_thresholds_from_2019_to_2028() -> None:
    t = sme_rules.timeline(SHOP, "qinghai", "2019-01-01", "2028-12-31")
    assert t.initial[VAT] == "ineligible"  # 12万 > 10万 in 2019
    assert vat_changes(t) == [
        ("2021-04-01", "ineligible", "eligible"),  # 2021年第11号: 15万
        ("2023-01-01", "eligible", "ineligible"),  # 2023年第1号: 10万
        ("2028-01-01", "ineligible", "not_in_force"),  # 2023年第19号、2026年第10号执行至2027-12-31
    ]
    first = next(c for c in t.changes if c.benefit == VAT and c.status_before != c.status_after)
    assert first.date == "2021-04-01" and any("2021年第11号" in n for n in first.notices)
    assert {f.name for f in first.figures} >= {"vat_exempt_monthly_sales"}
    # figures that change without changing this shop's status are listed too
    figures_only = [c for c in t.changes if c.benefit == VAT and c.status_before == c.status_after]
    assert [c.date for c in figures_only] == ["2020-03-01", "2022-04-01", "2026-01-01"]  # levy rate 1%, 3%-sales, 起征点


def test_a_figure_change_without_a_status_change_is_reported() -> None:
    profile = {"industry_code": "C13", "employees": 10, "annual_revenue": 100_0000, "tied_to_large_enterprise": False}
    t = sme_rules.timeline(profile, "xishuangbanna", "2022-06-01", "2022-07-31")
    (change,) = [c for c in t.changes if c.benefit == "procurement_small_micro_price_deduction"]
    assert change.date == "2022-07-01" and change.status_before == change.status_after == "eligible"
    assert str(change.amount_before) == "0.06" and str(change.amount_after) == "0.10"
    assert "财库〔2022〕19号" in " ".join(change.notices)


def test_a_range_with_no_change_point_reports_nothing() -> None:
    t = sme_rules.timeline(SHOP, "xizang", "2024-03-02", "2024-03-20")
    assert t.changes == [] and "没有变化" in t.to_text()


def test_an_end_before_the_start_is_an_error() -> None:
    with pytest.raises(sme_rules.DateError):
        sme_rules.timeline(SHOP, "xizang", "2024-03-02", "2024-03-01")


def test_cli_json_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(SHOP), encoding="utf-8")
    assert main(["timeline", str(path), "--region", "xizang", "--from", "2022-12-01", "--to", "2023-01-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["date"], c["benefit"]) for c in data["changes"] if c["benefit"] == VAT] == [("2023-01-01", VAT)]
    assert main(["timeline", str(path), "--region", "xizang", "--from", "2022-12-01", "--to", "2023-01-31"]) == 0
    assert "2023-01-01  小规模纳税人免征增值税" in capsys.readouterr().out
    assert main(["timeline", str(path), "--region", "xizang", "--from", "2023-13-01", "--to", "2024-01-01"]) == 2
    assert "as_of must be a date" in capsys.readouterr().err
