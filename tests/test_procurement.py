"""Procurement reservation: figures and readings from the rule files, exact money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sme_rules import ProfileError, procurement_reservation
from sme_rules.checking import run_procurement_examples
from sme_rules.language.loader import REGIONS, load_region


@pytest.mark.parametrize("region", REGIONS)
def test_every_procurement_example_passes(region: str) -> None:
    results = run_procurement_examples(load_region(region))
    assert results and all(ok for _, ok, _ in results), [m for _, ok, m in results if not ok]


def test_contract_shape() -> None:
    result = procurement_reservation(budget=2_500_000, category="goods", region="qinghai", as_of="2022-06-01")
    dumped = result.model_dump()
    assert dumped["exclusive_to_sme"] is False
    assert dumped["sme_reserved_min"] == 750000.0 and dumped["small_micro_reserved_min"] == 450000.0
    assert result["sme_reserved_min"] == 750000


@pytest.mark.parametrize(
    ("budget", "category", "exclusive"),
    [(2_000_000, "goods", True), ("2000000.01", "goods", False), (4_000_000, "works", True), ("4000000.01", "works", False), (2_000_000, "services", True)],
)
def test_thresholds_at_and_one_fen_past(budget: object, category: str, exclusive: bool) -> None:
    result = procurement_reservation(budget, category, "xinjiang", "2022-06-01")  # type: ignore[arg-type]
    assert result.exclusive_to_sme is exclusive
    if exclusive:
        assert result.sme_reserved_min == result.budget


def test_minimums_round_up_to_the_fen() -> None:
    result = procurement_reservation("2500000.01", "goods", "xizang", "2022-06-01")
    assert result.sme_reserved_min == Decimal("750000.01")  # 750000.003 reserved at least
    assert result.small_micro_reserved_min == Decimal("450000.01")  # 450000.006


def test_before_46_hao_there_is_no_exclusive_project() -> None:
    # 财库〔2011〕181号 set 30% of a unit's annual procurement budget, not of each project
    result = procurement_reservation(1_000_000, "goods", "xinjiang", "2020-06-01")
    assert result.exclusive_to_sme is False and result.sme_reserved_min == Decimal(0)
    assert result.figures["annual_budget_sme_share_min"] == Decimal("0.3")


def test_the_region_s_own_article_is_cited_while_in_force() -> None:
    in_force = procurement_reservation(3_000_000, "goods", "qinghai", "2022-06-01")
    before = procurement_reservation(3_000_000, "goods", "qinghai", "2021-06-01")
    assert any(s.article == "(二十二)" for s in in_force.sources)
    assert before.sources == []


@pytest.mark.parametrize(("budget", "category", "field"), [(-1, "goods", "budget"), (100, "food", "category"), ("0.001", "goods", "budget")])
def test_bad_projects_name_the_field(budget: object, category: str, field: str) -> None:
    with pytest.raises(ProfileError) as caught:
        procurement_reservation(budget, category, "qinghai", "2022-06-01")  # type: ignore[arg-type]
    assert caught.value.fields == (field,)
