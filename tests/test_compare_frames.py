"""Frames for analysts: sweep, summarise, catalogue, screen_schema, report.to_frame; what screen()
accepts (a RecordBatchReader, a DuckDB relation) and gives (nullable dtypes); progress; dir()."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pandas as pd
import pyarrow as pa
import pytest

import sme_rules
from sme_rules.screening import progress

# before 2022年第15号 (2022-04-01), under which every 3%-rate sale was exempt whatever the threshold
DAY = dt.date(2022, 3, 1)
VAT = "vat_small_scale_exemption"


@pytest.fixture(scope="module")
def people() -> pa.Table:
    return sme_rules.synthetic_population(1_200, seed=3, regions=("xizang",))


def test_sweep_counts_equal_screen_with_each_value(people: pa.Table) -> None:
    values = ["8万", "10万", "12万", "15万"]
    found = sme_rules.sweep(people, "vat_exempt_monthly_sales", values, region="xizang", as_of=DAY)
    frame = found.to_frame()
    assert list(frame.columns) == ["value", "benefit", "title", "status", "状态", "count"]
    assert set(frame.benefit) == {VAT}
    base = sme_rules.load_region("xizang")
    for value in values:
        screened = sme_rules.screen(people, as_of=DAY, rules=base.with_parameters({"vat_exempt_monthly_sales": value}))
        expected = sme_rules.summarise(screened).set_index("benefit").loc[VAT]
        mine = frame[(frame.value == value) & (frame.benefit == VAT)].set_index("status")["count"]
        for status in ("eligible", "ineligible", "undetermined", "not_in_force", "none"):
            assert mine[status] == expected[status], (value, status)
        assert int(mine.sum()) == people.num_rows
    eligible = frame[frame.status == "eligible"]["count"].tolist()
    assert eligible == sorted(eligible)  # a higher threshold never takes the exemption from anyone


def test_sweep_plot_draws_one_line_per_benefit(people: pa.Table) -> None:
    import matplotlib

    matplotlib.use("Agg")
    found = sme_rules.sweep(people, "vat_exempt_monthly_sales", ["10万", "15万"], region="xizang", as_of=DAY, benefits=[VAT, "disability_fund_exemption"])
    ax = found.plot()
    assert len(ax.get_lines()) == 2
    assert [t.get_text() for t in ax.get_xticklabels()] == ["100,000", "150,000"]
    assert "<table" in found._repr_html_()


def test_sweep_needs_a_region_and_values(people: pa.Table) -> None:
    with pytest.raises(ValueError, match="region= or rules="):
        sme_rules.sweep(people, "vat_exempt_monthly_sales", ["10万"])
    with pytest.raises(ValueError, match="at least one value"):
        sme_rules.sweep(people, "vat_exempt_monthly_sales", [], region="xizang")
    with pytest.raises(sme_rules.ReformError, match="vat_exempt_monthly_sales: '10万人'"):
        sme_rules.sweep(people, "vat_exempt_monthly_sales", ["10万人"], region="xizang")
    with pytest.raises(KeyError, match="did you mean 'vat_small_scale_exemption'"):
        sme_rules.sweep(people, "vat_exempt_monthly_sales", ["10万"], region="xizang", benefits=["vat_small_scale_exemptio"])


def test_summarise_counts_every_status_and_the_rows_without_one() -> None:
    rows = [
        {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 150000},
        {"vat_taxpayer_type": "small_scale", "monthly_sales": 150000.01, "quarterly_sales": 450000.01},
        {"vat_taxpayer_type": "small_scale"},
        {"monthly_sales": "bad"},
    ]
    for screened in (sme_rules.screen(rows, "xizang", DAY), sme_rules.screen(pd.DataFrame(rows), "xizang", DAY)):
        table = sme_rules.summarise(screened).set_index("benefit")
        assert table.loc[VAT, "title"] == "小规模纳税人免征增值税"
        assert table.loc[VAT, ["eligible", "ineligible", "undetermined", "not_in_force", "none", "total"]].tolist() == [1, 1, 1, 0, 1, 4]
    chinese = sme_rules.summarise(sme_rules.screen(rows, "xizang", DAY), chinese=True)
    assert list(chinese.columns)[:4] == ["优惠编号", "优惠名称", "符合", "不符合"]
    with pytest.raises(TypeError, match="summarise"):
        sme_rules.summarise(rows)


def test_catalogue_lists_every_benefit_with_its_articles_and_whether_in_force() -> None:
    frame = sme_rules.catalogue("xizang", as_of=DAY).set_index("benefit")
    rules = sme_rules.load_region("xizang")
    assert list(frame.index) == list(rules.benefits)
    assert bool(frame.loc[VAT, "in_force"]) is True
    assert not sme_rules.catalogue("xizang", as_of="2028-01-01").set_index("benefit").loc[VAT, "in_force"]
    assert frame.loc[VAT, "articles"] and frame.loc[VAT, "beneficiary"] and frame.loc[VAT, "obtained_by"]


def test_report_to_frame_has_a_row_per_benefit() -> None:
    report = sme_rules.evaluate({"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 150000}, "xizang", DAY)
    frame = report.to_frame().set_index("id")
    assert len(frame) == len(report.benefits)
    assert frame.loc[VAT, "status"] == "eligible" and frame.loc[VAT, "政策"] == "小规模纳税人免征增值税"


def test_screen_schema_is_what_screen_returns(people: pa.Table) -> None:
    schema = sme_rules.screen_schema("xizang", DAY, id_type=pa.int64())
    assert sme_rules.screen(people, "xizang", DAY).schema == schema
    assert sme_rules.screen(people.drop(["id"]), "xizang", DAY).schema == sme_rules.screen_schema("xizang", DAY)


def test_boolean_facts_come_to_pandas_as_nullable_booleans() -> None:
    rows = pd.DataFrame({"employees": [10, None, 500], "entity_type": ["enterprise"] * 3})
    out = sme_rules.screen(rows, "xizang", DAY)
    column = out["fact__disability_fund_exempt"]
    assert str(column.dtype) == "boolean"
    assert column.tolist()[0] is True and column.isna().tolist() == [False, True, False]


def test_a_record_batch_reader_and_a_duckdb_relation_are_screened(people: pa.Table) -> None:
    expected = sme_rules.screen(people, "xizang", DAY)
    reader = pa.RecordBatchReader.from_batches(people.schema, people.to_batches(max_chunksize=500))
    assert sme_rules.screen(reader, "xizang", DAY).equals(expected)
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    connection.register("people", people)
    relation = connection.sql("select * from people order by id")
    assert sme_rules.screen(relation, "xizang", DAY).column(f"status__{VAT}").equals(expected.column(f"status__{VAT}"))
    again = connection.sql("select * from people order by id")
    # DuckDB 2 names it to_arrow_reader, DuckDB 1 record_batch: both a RecordBatchReader
    batches = again.to_arrow_reader(400) if hasattr(again, "to_arrow_reader") else again.record_batch(400)
    assert isinstance(batches, pa.RecordBatchReader)
    assert sme_rules.screen(batches, "xizang", DAY).column(f"status__{VAT}").equals(expected.column(f"status__{VAT}"))


def test_progress_shows_only_when_asked_or_watched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not progress.interactive()
    assert not progress.wanted(None, 10_000_000)
    assert progress.wanted(True, 1) and not progress.wanted(False, 10_000_000)
    sme_rules.screen([{"employees": 1}] * 3, "xizang", DAY, progress=True, chunk_rows=1)
    shown = sys.stderr.getvalue()
    assert "screen:" in shown and "/3" in shown


def test_dir_lists_the_names_imported_on_first_use() -> None:
    names = dir(sme_rules)
    for name in ("screen", "compare", "sweep", "summarise", "catalogue", "screen_schema", "synthetic_population", "load_rules"):
        assert name in names and name in sme_rules.__all__
