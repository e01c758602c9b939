"""pandas frames of any size and backend screen to the same answers as the same rows as a pyarrow Table.

Under pandas 3 a string column read by ``read_csv`` of 100,000 rows, and every column of a frame
from ``read_parquet(dtype_backend="pyarrow")`` with several row groups, is a chunked arrow array;
small frames are not, so the frames here are large enough to be chunked. Timing is measured in
``benchmarks/screen_benchmark.py``, never here.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sme_rules import screen, synthetic_population
from sme_rules.screening.input import adapt

AS_OF = "2022-03-01"  # 15万 a month (2021年第11号), before 2022年第15号 exempted every 3%-rate sale
ROWS = 100_000


@pytest.fixture(scope="module")
def population() -> pa.Table:
    return synthetic_population(ROWS, seed=14, regions=("xizang",))


@pytest.fixture(scope="module")
def expected(population: pa.Table) -> pa.Table:
    return screen(population, region="xizang", as_of=AS_OF)


@pytest.fixture(scope="module")
def parquet_bytes(population: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(population, sink, row_group_size=ROWS // 4)  # several row groups: chunked columns
    return sink.getvalue()


def _plain(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """An output column as arrow would compare it: one array, dictionaries decoded."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.dictionary_decode() if pa.types.is_dictionary(values.type) else values


def _same_columns(frame: pd.DataFrame, expected: pa.Table) -> None:
    assert list(frame.columns) == expected.column_names
    for name in expected.column_names:
        want = _plain(expected.column(name))
        got = _plain(pa.array(frame[name], from_pandas=True)).cast(want.type)
        assert got.equals(want), name


def _from_csv(population: pa.Table, _: bytes) -> pd.DataFrame:
    text = io.StringIO()
    population.to_pandas().to_csv(text, index=False)
    text.seek(0)
    # a region code is a code, not a number: read as a number, "5328" would be the integer 5328
    return pd.read_csv(text, dtype={"region_code": str})


def _decimal_objects(population: pa.Table, _: bytes) -> pd.DataFrame:
    return population.to_pandas()  # money as Decimal objects, missing as None


def _parquet_numpy(_: pa.Table, data: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(data))


def _parquet_pyarrow(_: pa.Table, data: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(data), dtype_backend="pyarrow")


def _parquet_nullable(_: pa.Table, data: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(data), dtype_backend="numpy_nullable")


@pytest.mark.parametrize("make", [_from_csv, _decimal_objects, _parquet_numpy, _parquet_pyarrow, _parquet_nullable])
def test_a_large_frame_of_each_backend_screens_as_the_arrow_table(
    make: Any, population: pa.Table, parquet_bytes: bytes, expected: pa.Table
) -> None:
    frame = make(population, parquet_bytes)
    assert len(frame) == ROWS
    out = screen(frame, region="xizang", as_of=AS_OF)
    assert isinstance(out, pd.DataFrame)
    assert out["error"].isna().all() and expected.column("error").null_count == ROWS
    _same_columns(out, expected)


def test_the_frames_under_test_do_reach_the_chunked_case(population: pa.Table, parquet_bytes: bytes) -> None:
    """Were no column chunked, the test above would not guard the bug it is for."""
    for frame in (_from_csv(population.slice(0, ROWS // 2), parquet_bytes), _parquet_pyarrow(population, parquet_bytes)):
        chunked = [name for name in frame.columns if isinstance(pa.array(frame[name]), pa.ChunkedArray)]
        assert chunked
        assert all(isinstance(values, pa.Array) for values in adapt(frame).data.values())


#: quarterly sales over 45万, so that monthly sales alone decide the VAT exemption
OVER_THE_QUARTER = Decimal("450000.01")


def _one_column(values: list[Any]) -> tuple[list[Any], list[Any]]:
    frame = pd.DataFrame({"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "quarterly_sales": OVER_THE_QUARTER, "monthly_sales": pd.Series(values, dtype=object)})
    out = screen(frame, region="xizang", as_of=AS_OF, facts=False)
    return out["status__vat_small_scale_exemption"].tolist(), out["error"].tolist()


def test_decimal_objects_are_exact_at_the_threshold_and_one_fen_past() -> None:
    # pandas' missing markers, Decimal("NaN") among them (pd.isna says so), are unknown values
    statuses, errors = _one_column([Decimal("150000"), Decimal("150000.00"), Decimal("150000.01"), None, pd.NA, float("nan"), Decimal("NaN")])
    assert statuses == ["eligible", "eligible", "ineligible"] + ["undetermined"] * 4
    assert all(pd.isna(e) for e in errors)
    # every spelling of a Decimal NaN, which the missing markers' texts do not name
    statuses, errors = _one_column([Decimal("150000.01"), Decimal("-NaN"), Decimal("NaN12"), None])
    assert statuses == ["ineligible"] + ["undetermined"] * 3
    assert all(pd.isna(e) for e in errors)


def test_decimal_objects_a_profile_rejects_are_error_rows_in_its_words() -> None:
    statuses, errors = _one_column([Decimal("1.001"), Decimal("Infinity"), Decimal("-1"), Decimal("100"), Decimal("1E+40")])
    assert [pd.isna(s) for s in statuses] == [True, True, True, False, True]
    assert errors[0] == "monthly_sales: at most 2 decimal places (money is counted to the fen)"
    assert errors[1] == "monthly_sales: Input should be a finite number"
    assert errors[2] == "monthly_sales: Input should be greater than or equal to 0"
    assert pd.isna(errors[3]) and statuses[3] == "eligible"
    assert errors[4].startswith("monthly_sales: ")


def test_a_float_among_decimals_is_judged_as_a_float() -> None:
    mixed = [Decimal("100"), 150000.01, 150000.0, 0.001]
    statuses, errors = _one_column(mixed)
    assert statuses[:3] == ["eligible", "ineligible", "eligible"] and pd.isna(statuses[3])
    rows = [{"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "quarterly_sales": OVER_THE_QUARTER, "monthly_sales": v} for v in mixed]
    records = screen(rows, region="xizang", as_of=AS_OF, facts=False)
    assert records.column("status__vat_small_scale_exemption").to_pylist() == ["eligible", "ineligible", "eligible", None]
    assert records.column("error").to_pylist()[3] == errors[3]


def test_a_kept_decimal_column_keeps_its_places() -> None:
    frame = pd.DataFrame({"monthly_sales": [Decimal("1.50"), None], "price": [Decimal("2.5"), Decimal("3.25")]})
    out = screen(frame, region="xizang", as_of=AS_OF, keep=["price"], facts=False)
    assert out["price"].tolist() == [Decimal("2.50"), Decimal("3.25")]
    assert pa.array(frame["price"]).type.scale == adapt(frame).data["price"].type.scale == 2


def test_decimals_after_many_missing_values_are_still_read_exactly() -> None:
    # the first value given decides quickly; a column that begins with gaps is looked at whole
    statuses, errors = _one_column([None] * 70 + [Decimal("150000.00"), Decimal("150000.01")])
    assert statuses[70:] == ["eligible", "ineligible"]
    assert statuses[:70] == ["undetermined"] * 70 and all(pd.isna(e) for e in errors)


def test_decimals_beside_nat_are_read_as_decimals() -> None:
    statuses, errors = _one_column([Decimal("150000.01"), pd.NaT, Decimal("150000")])
    assert statuses == ["ineligible", "undetermined", "eligible"]
    assert all(pd.isna(e) for e in errors)


def test_a_column_that_begins_with_text_is_judged_value_by_value() -> None:
    mixed: list[Any] = ["15万", Decimal("150000.01"), True]
    statuses, errors = _one_column(mixed)
    assert statuses[:2] == ["eligible", "ineligible"] and pd.isna(statuses[2])
    assert errors[2].startswith("monthly_sales: ")


@pytest.mark.parametrize(
    "values",
    [
        [Decimal("1.50"), Decimal("2.25"), None],
        [Decimal("10"), Decimal("20")],
        [Decimal("-3.100"), Decimal("4.2")],
        [Decimal("0.000001"), Decimal("5")],
        [None, Decimal("7.70")],
        [Decimal("0"), Decimal("0.0")],
    ],
)
def test_decimal_objects_are_held_at_the_fewest_places_that_hold_every_value(values: list[Any]) -> None:
    held = adapt(pd.DataFrame({"price": pd.Series(values, dtype=object)})).data["price"]
    assert isinstance(held, pa.Array)
    fewest = max((max(0, -int(v.normalize().as_tuple().exponent)) for v in values if v is not None), default=0)
    assert held.type.scale == fewest
    assert held.to_pylist() == values  # the same numbers


def test_a_pyarrow_backed_frame_is_screened_as_the_table_it_holds(parquet_bytes: bytes, expected: pa.Table) -> None:
    arrow_backed = _parquet_pyarrow(expected, parquet_bytes)
    held = adapt(arrow_backed)
    assert held.table is not None and held.table.column(0).num_chunks > 1  # its chunks, not one array each
    mixed = arrow_backed.assign(employees=arrow_backed["employees"].astype("Int64"))  # one numpy-backed column
    assert adapt(mixed).table is None
    for frame in (arrow_backed, mixed):
        _same_columns(screen(frame, region="xizang", as_of=AS_OF), expected)


def _frame_and_table(column: str, series: pd.Series, arrow_values: pa.Array) -> tuple[pd.DataFrame, pa.Table]:
    """One field's column beside the fields that make monthly sales decide, as pandas and as arrow."""
    size = len(series)
    fixed = {"vat_taxpayer_type": ["small_scale"] * size, "vat_filing_period": ["monthly"] * size, "quarterly_sales": [OVER_THE_QUARTER] * size}
    frame = pd.DataFrame({**fixed, column: series})
    table = pa.table({**{k: pa.array(v) for k, v in fixed.items()}, column: arrow_values})
    return frame, table


def _same_as_the_table(frame: pd.DataFrame, table: pa.Table) -> pd.DataFrame:
    out = screen(frame, region="xizang", as_of=AS_OF)
    _same_columns(out, screen(table, region="xizang", as_of=AS_OF))
    return out


def test_float_money_as_read_csv_gives_it_screens_as_the_table_with_the_same_error_rows() -> None:
    # 3 places, negative, NaN (unknown), past 2**53 / 100 (value by value), past int64 fen, and the threshold with one fen past
    values = [150000.0, 150000.01, 0.001, -1.0, float("nan"), 2.0**53 / 100 * 4, 1e20, 150000.1]
    frame, table = _frame_and_table("monthly_sales", pd.Series(values, dtype="float64"), pa.array(values, type=pa.float64(), from_pandas=True))
    out = _same_as_the_table(frame, table)
    statuses = out["status__vat_small_scale_exemption"].tolist()
    assert statuses[:2] == ["eligible", "ineligible"] and statuses[4] == "undetermined" and statuses[7] == "ineligible"
    assert out["error"][2] == "monthly_sales: at most 2 decimal places (money is counted to the fen)"
    assert out["error"][3] == "monthly_sales: Input should be greater than or equal to 0"
    assert out["error"][6].startswith("monthly_sales: too large to hold exactly")
    assert [pd.isna(e) for e in out["error"]] == [True, True, False, False, True, True, False, True]
    rows = [dict(zip(frame.columns, r, strict=True)) for r in frame.astype(object).itertuples(index=False)]
    records = screen([{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in rows], region="xizang", as_of=AS_OF)
    assert records.column("error").to_pylist() == [None if pd.isna(e) else e for e in out["error"]]


def test_a_yes_no_object_column_with_gaps_screens_as_the_table() -> None:
    values: list[Any] = [True, False, float("nan"), None, True]
    frame, table = _frame_and_table("has_rd_expenses", pd.Series(values, dtype=object), pa.array([True, False, None, None, True]))
    out = _same_as_the_table(frame, table)
    assert out["error"].isna().all()


def test_nullable_integers_with_gaps_screen_as_the_table() -> None:
    values: list[Any] = [20, None, 300, 0]
    frame, table = _frame_and_table("employees", pd.Series(values, dtype="Int64"), pa.array(values, type=pa.int64()))
    out = _same_as_the_table(frame, table)
    assert out["error"].isna().all()
