"""Ready-made properties: they pass on the shipped rules and fail, naming the case, when broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from rule_edits import vat_threshold_lowered
from sme_rules.language.loader import rules_dir
from sme_rules.testing import assert_agree, assert_engines_agree, assert_monotonic, diff_versions


def test_vat_exemption_is_monotonic_in_monthly_sales() -> None:
    assert_monotonic("xizang", "vat_small_scale_exemption", "monthly_sales", favours="lower", max_examples=80)


def test_a_wrongly_declared_direction_fails_with_the_case() -> None:
    with pytest.raises(AssertionError, match="not monotonic in monthly_sales"):
        assert_monotonic("xizang", "vat_small_scale_exemption", "monthly_sales", favours="higher", max_examples=200)


def test_disability_fund_exemption_is_monotonic_in_employees() -> None:
    assert_monotonic("xizang", "disability_fund_exemption", "employees", favours="lower", max_examples=60)


def test_versions_agree_outside_the_declared_benefits(rules_copy: Path) -> None:
    shipped = rules_dir() / "xizang.yaml"
    assert_agree(shipped, shipped)  # equal rules: proved without a single profile
    vat_threshold_lowered(rules_copy)
    with pytest.raises(AssertionError, match=r"vat_small_scale_exemption .* → "):
        assert_agree(shipped, rules_copy, regions=["xizang"], max_examples=300)
    structure = diff_versions(shipped, rules_copy, regions=["xizang"], behaviour=False).regions[0].structure
    assert structure is not None
    declared = {b.benefit for b in structure.benefits}
    assert_agree(shipped, rules_copy, regions=["xizang"], except_benefits=declared)


def test_engines_agree_on_drawn_profiles() -> None:
    assert_engines_agree("xishuangbanna", max_examples=40)
