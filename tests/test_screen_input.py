"""What ``screen()`` accepts and how it reports what it cannot read.

One row out per row in, always, in order; the id column is kept; a value a profile would reject
makes an error row that names the field, in ``EnterpriseProfile.parse``'s own words.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_rules import ProfileError, RegionError, screen, synthetic_population
from sme_rules.profile import EnterpriseProfile, field_catalogue

AS_OF = "2024-06-01"


@pytest.fixture(scope="module")
def population() -> pa.Table:
    return synthetic_population(3000, seed=11)


def _statuses(table: pa.Table) -> dict[str, list[Any]]:
    return {n: table.column(n).to_pylist() for n in table.column_names if not n.startswith("fact__")}


def test_every_input_form_gives_the_same_frame(population: pa.Table) -> None:
    expected = screen(population, as_of=AS_OF)
    assert expected.num_rows == population.num_rows
    assert expected.column("id").to_pylist() == population.column("id").to_pylist()
    records = screen(population.to_pylist(), as_of=AS_OF)
    assert records.equals(expected)
    polars_out = screen(pl.from_arrow(population), as_of=AS_OF)
    assert isinstance(polars_out, pl.DataFrame)
    assert _statuses(polars_out.to_arrow()) == _statuses(expected)
    frame = population.to_pandas()
    frame.index = frame.index + 1000
    pandas_out = screen(frame, as_of=AS_OF)
    assert isinstance(pandas_out, pd.DataFrame)
    assert list(pandas_out.index) == list(frame.index)
    assert pandas_out["status__vat_small_scale_exemption"].astype(object).where(pandas_out["status__vat_small_scale_exemption"].notna(), None).tolist() == expected.column("status__vat_small_scale_exemption").to_pylist()


def test_chunks_and_threads_do_not_change_the_answer(population: pa.Table) -> None:
    expected = screen(population, as_of=AS_OF)
    assert screen(population, as_of=AS_OF, chunk_rows=257).equals(expected)
    assert screen(population, as_of=AS_OF, chunk_rows=500, workers=3).equals(expected)


def test_regions_come_from_the_region_column_or_the_region_code() -> None:
    rows = [
        {"id": 1, "region": "xizang", "employees": 12},
        {"id": 2, "region_code": "632801", "employees": 12},
        {"id": 3, "region_code": "532823", "employees": 12},
        {"id": 4, "region": "atlantis", "employees": 12},
        {"id": 5, "region_code": "110101", "employees": 12},
        {"id": 6, "employees": 12},
        {"id": 7, "region": "xinjiang", "region_code": "540102", "employees": 12},
    ]
    out = screen(rows, as_of=AS_OF).to_pylist()
    assert [r["region"] for r in out] == ["xizang", "qinghai", "xishuangbanna", None, None, None, "xinjiang"]
    assert "unknown region 'atlantis'" in out[3]["error"]
    assert out[4]["error"].startswith("region_code: 110101 is outside the regions with rules")
    assert out[5]["error"].startswith("region:")
    assert out[0]["status__disability_fund_exemption"] == "eligible"
    assert out[0]["status__vat_small_scale_exemption"] == "undetermined"
    assert all(r[k] is None for r in out[3:6] for k in r if k.startswith(("status__", "fact__")))


def test_one_region_for_all_rows_and_its_columns_only() -> None:
    out = screen([{"employees": 40}], region="qinghai", as_of=AS_OF)
    statuses = [n for n in out.column_names if n.startswith("status__")]
    from sme_rules import load_region

    assert statuses == [f"status__{b}" for b in load_region("qinghai").benefits]
    with pytest.raises(RegionError):
        screen([{"employees": 40}], region="atlantis")


def test_unknown_columns_are_errors_unless_kept() -> None:
    rows = pa.table({"id": [1, 2], "montly_sales": [1.0, None], "name": ["a", "b"], "employees": [3, 4]})
    out = screen(rows, region="xizang", as_of=AS_OF, keep=["name"]).to_pylist()
    assert out[0]["error"] == "montly_sales: unknown field (did you mean 'monthly_sales'?)"
    assert out[1]["error"] is None  # the column is there, but this row gives it no value
    assert [r["name"] for r in out] == ["a", "b"]
    records = screen([{"employees": 3, "montly_sales": None}], region="xizang", as_of=AS_OF).to_pylist()
    assert records[0]["error"].startswith("montly_sales: unknown field")  # a mapping that names it: as the profile


def test_missing_values_in_each_form() -> None:
    frame = pd.DataFrame({"monthly_sales": [150000.0, math.nan], "employees": [3, None]})
    out = screen(frame, region="xizang", as_of="2022-06-01")
    assert out["error"].isna().all()  # pandas' NaN is missing, as pandas means it
    arrow = screen(pa.table({"monthly_sales": [150000.0, math.nan]}), region="xizang", as_of="2022-06-01")
    assert arrow.column("error").to_pylist() == [None, "monthly_sales: Input should be a finite number"]


def test_no_rows_gives_the_schema_and_no_rows() -> None:
    out = screen(pa.table({"id": pa.array([], pa.int64()), "employees": pa.array([], pa.int64())}), region="xizang", as_of=AS_OF)
    assert out.num_rows == 0
    assert "status__disability_fund_exemption" in out.column_names
    assert screen([], region="xizang", as_of=AS_OF).num_rows == 0


def test_money_stays_exact_from_every_type() -> None:
    values: list[Any] = [150000, 150000.0, Decimal("150000.00"), "15万", 150000.01, Decimal("150000.01"), "150000.01"]
    expected = ["eligible"] * 4 + ["undetermined"] * 3
    for value, status in zip(values, expected, strict=True):
        out = screen([{"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": value}], region="xizang", as_of="2022-06-01")
        assert out.column("status__vat_small_scale_exemption").to_pylist() == [status], value
    typed = pa.table({"vat_taxpayer_type": ["small_scale"] * 3, "vat_filing_period": ["monthly"] * 3, "monthly_sales": pa.array([Decimal("150000.00"), Decimal("150000.01"), Decimal("150000.001")], pa.decimal128(20, 3))})
    out = screen(typed, region="xizang", as_of="2022-06-01")
    assert out.column("status__vat_small_scale_exemption").to_pylist() == ["eligible", "undetermined", None]
    assert out.column("error").to_pylist()[2].startswith("monthly_sales: at most 2 decimal places")


def test_values_too_large_to_hold_exactly_are_named() -> None:
    out = screen([{"employees": 2**70}, {"monthly_sales": Decimal("1e20")}], region="xizang", as_of=AS_OF)
    errors = out.column("error").to_pylist()
    assert errors[0].startswith("employees: ") and "too large" in errors[0]
    assert errors[1].startswith("monthly_sales: ") and "too large" in errors[1]


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=10**7),
    st.sampled_from(["15万", "abc", "", " small_scale", "general", "C13", "c13", "540102", "60%", "true", "no", "1.2万", "1e3"]),
    st.lists(st.integers(), max_size=1),
)
FIELDS = ["employees", "monthly_sales", "annual_taxable_income", "main_business_revenue_share", "has_rd_expenses", "vat_taxpayer_type", "industry_code", "region_code", "graduate_contract_years"]


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.dictionaries(st.sampled_from(FIELDS), ODD_VALUES, max_size=4), min_size=1, max_size=6))
def test_error_rows_are_exactly_the_rows_a_profile_rejects(rows: list[dict[str, Any]]) -> None:
    out = screen(rows, region="xizang", as_of=AS_OF)
    assert out.num_rows == len(rows)
    for row, error in zip(rows, out.column("error").to_pylist(), strict=True):
        try:
            EnterpriseProfile.parse(row)
        except ProfileError as exc:
            assert error is not None, row
            named = {part.split(":")[0] for part in error.split("; ") if "too large to screen" not in part}
            assert named == set(exc.fields), (row, error)
            continue
        except (ArithmeticError, ValueError):  # the profile itself fails on the value (inf, nan): still an error row
            assert error is not None and "cannot be read" in error, (row, error)
            continue
        assert error is None or "too large" in error, (row, error)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_typed_columns_are_checked_like_single_values(data: st.DataObject) -> None:
    """The numpy fast path (ints, floats, decimals) rejects exactly what the profile rejects."""
    name = data.draw(st.sampled_from(["employees", "monthly_sales", "annual_taxable_income", "main_business_revenue_share", "graduate_contract_years"]))
    kind = data.draw(st.sampled_from(["int", "float", "decimal"]))
    size = data.draw(st.integers(1, 8))
    if kind == "int":
        values: list[Any] = data.draw(st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), min_size=size, max_size=size))
        array = pa.array(values, pa.int64())
    elif kind == "float":
        values = data.draw(st.lists(st.one_of(st.none(), st.floats(), st.sampled_from([0.1 + 0.2, 150000.01, 1e-7, 0.6, 1.0000001, -0.0])), min_size=size, max_size=size))
        array = pa.array(values, pa.float64())
    else:
        values = data.draw(st.lists(st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12)), min_size=size, max_size=size))
        array = pa.array(values, pa.decimal128(20, 4))
    out = screen(pa.table({name: array}), region="xizang", as_of=AS_OF).column("error").to_pylist()
    for value, error in zip(values, out, strict=True):
        try:
            EnterpriseProfile.parse({name: value})
        except ProfileError as exc:
            assert error is not None and error.startswith(f"{name}: "), (value, error)
            assert error == f"{name}: " + "; ".join(p.message for p in exc.problems)
            continue
        except (ArithmeticError, ValueError):  # the profile itself fails on the value (inf, nan): still an error row
            assert error is not None and error.startswith(f"{name}: cannot be read"), (value, error)
            continue
        assert error is None or "too large" in error, (value, error)


def test_field_catalogue_has_no_cross_field_validators() -> None:
    """Screening checks each field on its own; a profile-wide validator would need a column form too."""
    assert not EnterpriseProfile.__pydantic_decorators__.model_validators
    assert set(field_catalogue()) == set(EnterpriseProfile.model_fields)


def test_ids_of_mixed_types_keep_one_type_across_chunks() -> None:
    rows = [{"id": 1, "employees": 3}, {"id": "b-2", "employees": 4}, {"id": None, "employees": 5}]
    out = screen(rows, region="xizang", as_of=AS_OF, chunk_rows=1)
    assert out.column("id").to_pylist() == ["1", "b-2", None]
