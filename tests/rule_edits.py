"""Edits of a copy of rules/ that tests of the regression kit must catch."""

from __future__ import annotations

from pathlib import Path

VAT_15 = "{from: 2021-04-01, value: 15万"
VAT_10 = "{from: 2021-04-01, value: 10万"
XZ_WINDOW = "in_force: {from: 2021-01-01, until: 2025-12-31}"
XZ_WINDOW_MOVED = "in_force: {from: 2022-01-01, until: 2025-12-31}"
VAT_TYPE_CONDITION = 'vat_taxpayer_type == "small_scale"\n      and ((vat_filing_period'


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a rule file; the text must be there, or the test means nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path.name}: update the test to the rule file"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def vat_threshold_lowered(rules: Path) -> None:
    """national.yaml: 小规模纳税人月销售额 15万 → 10万 from 2021-04-01."""
    edit(rules / "national.yaml", VAT_15, VAT_10)


def xizang_start_moved(rules: Path) -> None:
    """xizang.yaml: the measures in force from 2022-01-01 instead of 2021-01-01."""
    edit(rules / "xizang.yaml", XZ_WINDOW, XZ_WINDOW_MOVED)


def vat_type_condition_dropped(rules: Path) -> None:
    """national_measures.yaml: the VAT exemption no longer asks for a small-scale taxpayer."""
    edit(rules / "national_measures.yaml", VAT_TYPE_CONDITION, "((vat_filing_period")
