"""The pandas frame screen() hands back is the one ``Table.to_pandas`` gives, built faster.

Statuses and regions are categories whose codes come straight from the dictionary's indices;
everything else is arrow's own conversion. Each case compares the frame, dtypes included, with
``to_pandas`` of the same result table (booleans as pandas' nullable ``boolean``).
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from sme_rules import screen, synthetic_population
from sme_rules.screening.to_pandas import to_pandas

AS_OF = "2024-06-01"


def _arrows_own(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)


@pytest.fixture(scope="module")
def screened() -> pa.Table:
    population = synthetic_population(3_000, seed=5, regions=("qinghai", "xizang"))
    bad = pa.array(["x" if i % 7 == 0 else None for i in range(population.num_rows)], type=pa.string())
    population = population.append_column("employeez", bad)  # error rows: null statuses
    table = screen(population, as_of=AS_OF)
    return pa.Table.from_batches(table.to_batches(max_chunksize=700))  # several chunks per column


def test_the_frame_is_arrows_own_conversion(screened: pa.Table) -> None:
    assert screened.column("error").null_count < screened.num_rows  # the case has error rows
    assert any(screened.column(n).null_count for n in screened.column_names if n.startswith("status__"))
    got, want = to_pandas(screened), _arrows_own(screened)
    pd.testing.assert_frame_equal(got, want)
    assert list(got.dtypes) == list(want.dtypes)


def test_chunks_with_different_dictionaries_are_unified() -> None:
    first = pa.DictionaryArray.from_arrays(pa.array([0, 1, None], type=pa.int8()), pa.array(["eligible", "ineligible"]))
    second = pa.DictionaryArray.from_arrays(pa.array([1, 0], type=pa.int8()), pa.array(["undetermined", "eligible"]))
    table = pa.Table.from_arrays([pa.chunked_array([first, second])], names=["status__x"])
    got = to_pandas(table)
    assert got["status__x"].tolist()[:2] == ["eligible", "ineligible"]
    assert pd.isna(got["status__x"].tolist()[2])
    assert got["status__x"].tolist()[3:] == ["eligible", "undetermined"]
    pd.testing.assert_frame_equal(got, _arrows_own(table))


@pytest.mark.parametrize("rows", [0, 1])
def test_a_result_of_no_rows_or_one_has_the_same_frame(screened: pa.Table, rows: int) -> None:
    part = screened.slice(0, rows)
    pd.testing.assert_frame_equal(to_pandas(part), _arrows_own(part))


def test_the_index_is_the_inputs() -> None:
    frame = synthetic_population(50, seed=2, regions=("xizang",)).to_pandas()
    frame.index = pd.Index([f"企业{i}" for i in range(50)], name="名称")
    result = screen(frame, region="xizang", as_of=AS_OF)
    assert result.index.equals(frame.index)
    assert isinstance(result["status__disability_fund_exemption"].dtype, pd.CategoricalDtype)
