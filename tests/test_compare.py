"""compare(): the files' rules and a reform over one population, counted on the vector engine, equal
to the rule-file route (testing.diff_versions) and to the reference interpreter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import sme_rules
from sme_rules.language import ir
from sme_rules.testing import diff_versions

DAY = dt.date(2022, 3, 1)  # before 2022年第15号, under which every 3%-rate sale was exempt whatever the amount
VAT = "vat_small_scale_exemption"
LOWER = {"vat_exempt_monthly_sales": "12万", "vat_exempt_quarterly_sales": "36万"}


@pytest.fixture(scope="module")
def base() -> ir.RuleSet:
    return sme_rules.load_region("xizang")


@pytest.fixture(scope="module")
def people() -> pa.Table:
    return sme_rules.synthetic_population(1_500, seed=7, regions=("xizang",))


def _transitions(found: sme_rules.Comparison) -> dict[tuple[str, str, str], int]:
    statuses = ("eligible", "ineligible", "undetermined", "not_in_force")
    return {
        (bid, a, b): found.moved(bid, a, b)
        for bid in found.benefits for a in statuses for b in statuses if a != b and found.moved(bid, a, b)
    }


def _diff_transitions(diff: object) -> dict[tuple[str, str, str], int]:
    (region,) = diff.regions  # type: ignore[attr-defined]
    return {(b.benefit, t.old, t.new): t.count for b in region.behaviour.benefits for t in b.transitions}


def test_compare_counts_equal_the_rule_file_route_and_the_reference_interpreter(base: ir.RuleSet, people: pa.Table, tmp_path: Path) -> None:
    reform = base.with_parameters(LOWER)
    found = sme_rules.compare(people, base, reform, as_of=DAY)
    file = tmp_path / "people.parquet"
    pq.write_table(people, file)
    by_vector = diff_versions(base, reform, as_of=[DAY], population=file, shrink=False)
    by_reference = diff_versions(base, reform, as_of=[DAY], population=file, shrink=False, engine="reference")
    expected = _diff_transitions(by_reference)
    assert expected, "the reform moves some rows: otherwise this test proves nothing"
    assert _transitions(found) == expected
    assert _diff_transitions(by_vector) == expected
    # the examples are the same rows too
    assert by_vector.to_json() == by_reference.to_json()


def test_compare_counts_equal_two_screen_runs(base: ir.RuleSet, people: pa.Table) -> None:
    reform = base.with_parameters(LOWER)
    found = sme_rules.compare(people, "xizang", LOWER, as_of=DAY, benefits="all")
    before = sme_rules.summarise(sme_rules.screen(people, as_of=DAY, rules=base)).set_index("benefit")
    after = sme_rules.summarise(sme_rules.screen(people, as_of=DAY, rules=reform)).set_index("benefit")
    assert found.benefits == list(base.benefits)
    for bid in base.benefits:
        counts = found.counts(bid)
        for status in ("eligible", "ineligible", "undetermined", "not_in_force", "none"):
            assert counts["before"][status] == before.loc[bid, status], (bid, status)
            assert counts["after"][status] == after.loc[bid, status], (bid, status)


def test_by_default_only_the_benefits_a_reform_can_change_are_counted(base: ir.RuleSet, people: pa.Table) -> None:
    found = sme_rules.compare(people, base, LOWER, as_of=DAY)
    assert found.benefits == [VAT]
    assert found.changed() == [VAT]
    with pytest.raises(KeyError, match="benefits='all'"):
        found.counts("disability_fund_exemption")
    nothing = sme_rules.compare(people, base, base, as_of=DAY)
    assert nothing.benefits == [] and "没有任何企业的结论发生变化" in nothing.to_text()


def test_rows_that_move_are_the_input_rows_and_really_move(base: ir.RuleSet, people: pa.Table) -> None:
    reform = base.with_parameters(LOWER)
    found = sme_rules.compare(people, base, reform, as_of=DAY)
    moved = found.rows(VAT, "eligible", "ineligible")
    assert moved.num_rows == found.moved(VAT, "eligible", "ineligible") > 0
    assert sme_rules.screen(moved, as_of=DAY, rules=base).column(f"status__{VAT}").to_pylist() == ["eligible"] * moved.num_rows
    assert sme_rules.screen(moved, as_of=DAY, rules=reform).column(f"status__{VAT}").to_pylist() == ["ineligible"] * moved.num_rows
    frame = people.to_pandas()
    from_frame = sme_rules.compare(frame, base, reform, as_of=DAY).rows(VAT, "eligible", "ineligible")
    assert list(from_frame.index) == list(found.positions(VAT, "eligible", "ineligible"))
    assert list(from_frame["id"]) == moved.column("id").to_pylist()
    records = people.slice(0, 300).to_pylist()
    listed = sme_rules.compare(records, base, reform, as_of=DAY).rows(VAT, "eligible", "ineligible")
    assert all(isinstance(r, dict) for r in listed) and len(listed) == found.positions(VAT, "eligible", "ineligible").searchsorted(300)
    with pytest.raises(ValueError, match="two different statuses"):
        found.rows(VAT, "eligible", "eligible")
    with pytest.raises(ValueError, match="unknown status 'eligble'"):
        found.moved(VAT, "eligble", "ineligible")


@pytest.mark.parametrize(("monthly", "moves"), [(120_000, False), (120_000.01, True)])
def test_a_row_at_the_new_threshold_stays_and_one_fen_past_moves(base: ir.RuleSet, monthly: float, moves: bool) -> None:
    row = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "sales_at_3pct_levy_rate": 0, "monthly_sales": monthly, "quarterly_sales": 450_000}
    found = sme_rules.compare([row], base, LOWER, as_of=DAY)
    assert found.moved(VAT, "eligible", "ineligible") == int(moves)
    assert found.counts(VAT)["after"]["eligible"] == int(not moves)


def test_a_bad_row_has_no_status_under_either_and_the_others_are_counted(base: ir.RuleSet) -> None:
    rows = [
        {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "sales_at_3pct_levy_rate": 0, "monthly_sales": 130_000, "quarterly_sales": 390_000},
        {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "sales_at_3pct_levy_rate": 0, "monthly_sales": "lots"},
    ]
    found = sme_rules.compare(rows, base, LOWER, as_of=DAY)
    assert found.counts(VAT) == {
        "before": {"eligible": 1, "ineligible": 0, "undetermined": 0, "not_in_force": 0, "none": 1},
        "after": {"eligible": 0, "ineligible": 1, "undetermined": 0, "not_in_force": 0, "none": 1},
    }


def test_frames_text_and_html(base: ir.RuleSet, people: pa.Table) -> None:
    found = sme_rules.compare(people, base, LOWER, as_of=DAY)
    frame = found.to_frame()
    assert list(frame.columns) == ["benefit", "title", "status", "状态", "before", "after", "change"]
    row = frame[(frame.benefit == VAT) & (frame.status == "eligible")].iloc[0]
    counts = found.counts(VAT)
    assert (row.before, row.after, row.change) == (counts["before"]["eligible"], counts["after"]["eligible"], counts["after"]["eligible"] - counts["before"]["eligible"])
    assert int(frame.change.sum()) == 0  # rows only move between statuses
    matrix = found.transitions(VAT)
    assert int(matrix.loc["eligible", "ineligible"]) == found.moved(VAT, "eligible", "ineligible")
    assert int(matrix.to_numpy().sum()) == people.num_rows
    text = found.to_text()
    assert "小规模纳税人免征增值税" in text and f"符合 → 不符合：{found.moved(VAT, 'eligible', 'ineligible')} 户" in text
    assert "12万元" in text
    assert "<table>" in found._repr_html_() and "符合" in found._repr_html_()


def test_compare_refuses_rule_sets_of_two_regions(base: ir.RuleSet, people: pa.Table) -> None:
    with pytest.raises(ValueError, match="of one region"):
        sme_rules.compare(people, base, sme_rules.load_region("qinghai"), as_of=DAY)
    with pytest.raises(sme_rules.ReformError, match="did you mean"):
        sme_rules.compare(people, base, {"vat_exempt_monthly": "12万"}, as_of=DAY)
