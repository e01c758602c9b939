"""What ``screen()`` accepts, brought to one shape: named columns of equal length, sliceable in chunks.

- a pyarrow ``Table`` or ``RecordBatch`` is used as it is; a ``RecordBatchReader`` (DuckDB's
  ``fetch_record_batch()``) and a DuckDB relation are read to a Table first;
- a polars ``DataFrame`` through ``to_arrow()`` (zero copy);
- a pandas ``DataFrame`` through ``pyarrow.Table.from_pandas``: NaN in a float column is missing,
  as pandas means it; an object column arrow cannot type stays a list of Python values;
- an iterable of mappings is gathered key by key; which keys each row gave is remembered, so a row
  that names an unknown field is a problem for that row alone, as ``EnterpriseProfile`` would have it.

A column that is neither a profile field nor the id, region or a kept column is an unknown field:
each row that gives it a value gets a problem naming it (with a did-you-mean).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from ..profile import FieldSpec, field_catalogue
from .columnar import decimal_array, valid_mask

Values: TypeAlias = pa.Array | list[Any]


@dataclass(frozen=True, slots=True)
class Columns:
    """Input rows by column; ``given`` says, for mappings, where a row named a key (else: non-null)."""

    size: int
    data: dict[str, Values]
    given: dict[str, NDArray[np.bool_]]
    kind: str  # "arrow" | "pandas" | "polars" | "records": what screen() hands back
    index: Any = None  # a pandas index, restored on the result
    table: pa.Table | None = None  # the whole input, when it came as arrow: chunks are zero-copy

    def chunks(self, rows: int) -> Iterator[Columns]:
        """The input in consecutive chunks of at most ``rows`` rows."""
        if self.table is not None:
            for batch in self.table.to_batches(max_chunksize=rows):
                data: dict[str, Values] = dict(zip(batch.schema.names, batch.columns, strict=True))
                yield Columns(batch.num_rows, data, {}, self.kind)
            return
        for start in range(0, self.size, rows):
            yield self.slice(start, min(start + rows, self.size))

    def slice(self, start: int, stop: int) -> Columns:
        data: dict[str, Values] = {}
        for name, values in self.data.items():
            data[name] = values.slice(start, stop - start) if isinstance(values, pa.Array) else values[start:stop]
        given = {name: mask[start:stop] for name, mask in self.given.items()}
        return Columns(stop - start, data, given, self.kind)

    def where_given(self, name: str) -> NDArray[np.bool_]:
        if name in self.given:
            return self.given[name]
        values = self.data[name]
        if isinstance(values, pa.Array):
            return valid_mask(values)
        return np.array([v is not None for v in values], dtype=np.bool_)


def adapt(data: Any) -> Columns:
    """Any accepted input as :class:`Columns`; a clear TypeError for anything else."""
    if isinstance(data, pa.Table | pa.RecordBatch):
        return _from_arrow(data, "arrow")
    if isinstance(data, pa.RecordBatchReader):  # DuckDB's fetch_record_batch(), a Flight stream...
        return _from_arrow(data.read_all(), "arrow")
    module = type(data).__module__.split(".")[0]
    if module in ("duckdb", "_duckdb") and hasattr(data, "arrow"):  # a DuckDB relation: its result as arrow
        return _from_arrow(_duckdb_table(data), "arrow")
    if module == "polars" and type(data).__name__ == "DataFrame":
        return _from_arrow(data.to_arrow(), "polars")
    if module == "pandas" and type(data).__name__ == "DataFrame":
        return _from_pandas(data)
    if isinstance(data, Mapping | str | bytes):
        raise TypeError("screen() takes many profiles: a DataFrame, a pyarrow Table or an iterable of mappings; for one profile use evaluate()")
    if isinstance(data, Iterable):
        return _from_records(data)
    raise TypeError(f"screen() cannot read a {type(data).__name__}: give a pandas or polars DataFrame, a pyarrow Table or an iterable of mappings")


def _duckdb_table(relation: Any) -> pa.Table:
    # DuckDB 2 names it to_arrow_table; in DuckDB 1 arrow() is the Table
    found = relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()
    return found.read_all() if isinstance(found, pa.RecordBatchReader) else found


def _from_arrow(table: pa.Table | pa.RecordBatch, kind: str) -> Columns:
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    # the columns stay chunked as they are; chunks() hands out zero-copy record batches
    return Columns(table.num_rows, {}, {}, kind, table=table)


def _from_pandas(frame: Any) -> Columns:
    held = _arrow_backed(frame)
    if held is not None:
        return Columns(len(frame), {}, {}, "pandas", frame.index, table=held)
    data: dict[str, Values] = {}
    for name in frame.columns:
        series = frame[name]
        decimals = _decimal_objects(series) if series.dtype == object else None
        if decimals is not None:
            data[str(name)] = decimals
            continue
        try:
            data[str(name)] = _one_array(pa.Array.from_pandas(series))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, OverflowError):
            # mixed Python values: each goes to the profile as it is; pandas' own missing markers are missing
            data[str(name)] = [None if _pandas_missing(v) else v for v in series.tolist()]
    return Columns(len(frame), data, {}, "pandas", frame.index)


def _arrow_backed(frame: Any) -> pa.Table | None:
    """A frame whose every column is pyarrow-backed (``read_parquet(dtype_backend="pyarrow")``) as
    the Table it holds: its chunked columns screened chunk by chunk, as a Table's are, instead of each
    combined into one array first. ``None`` for any other frame."""
    names = list(frame.columns)
    if not names or not all(isinstance(n, str) for n in names) or len(set(names)) != len(names):
        return None
    if not all(type(dtype).__name__ == "ArrowDtype" for dtype in frame.dtypes):
        return None
    return pa.table({name: frame[name].array.__arrow_array__() for name in names})


def _one_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A pandas column as one arrow array.

    pandas 3 keeps string columns (and every column of a pyarrow-backed frame) as chunked arrays,
    one chunk per block read: ``read_csv`` of 100,000 rows, ``read_parquet`` of several row groups.
    A chunked array is not an ``Array``; read as a list of values, every row would be rejected.
    """
    if isinstance(values, pa.ChunkedArray):
        if values.num_chunks == 1:
            return values.chunk(0)
        if pa.types.is_dictionary(values.type):
            values = values.unify_dictionaries()
        return values.combine_chunks()
    return values


#: the most decimal places a screened number has (``SCALE`` of the engine); more goes value by value
_DECIMAL_PLACES = 6


def _decimal_objects(series: Any) -> pa.Array | None:
    """An object column of ``Decimal`` values (and missing markers) as one exact decimal array.

    What ``read_parquet``, ``Table.to_pandas`` and hand-built frames give for money. Arrow converts
    ``Decimal`` objects one ``as_tuple()`` at a time (4-5 µs each); their text, parsed by arrow's
    own cast, is ten times faster and as exact: a value the cast cannot hold without loss (more
    places, NaN, too many digits) raises, and the column then goes the ordinary way, value by value.
    ``None`` when the column holds anything but decimals.
    """
    import pandas as pd  # type: ignore[import-untyped]  # the frame is pandas' (no stubs in [test])

    # A decimal column's every value is a Decimal or missing, so the first value given decides
    # most columns at once: the usual object columns (yes/no with gaps, text) hold no Decimal.
    first = next((v for v in series.array[:64] if not _pandas_missing(v)), None)
    if first is not None and type(first) is not Decimal:
        return None
    # pandas' own scan (C) says "decimal" when every value it does not count as missing is one
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if not inferred.startswith("mixed") and inferred != "decimal":
        return None
    values = series.tolist()
    if inferred != "decimal":  # e.g. decimals beside NaT: look at each value's type
        kinds = set(map(type, values))
        if Decimal not in kinds or not kinds <= {Decimal, type(None), float, *map(type, _pandas_markers())}:
            return None
        if float in kinds and not all(math.isnan(v) for v in values if type(v) is float):
            return None  # a float beside decimals is the profile's to judge, value by value
    texts = pa.array(list(map(str, values)), type=pa.string())
    # the missing markers told apart by their text (2 ms a column against 7 for pandas' isna); a
    # Decimal NaN ("NaN", "-NaN", "sNaN", "NaN12") is missing to pandas too, but its text stays and
    # fails the cast, and the column is then masked by pandas' own isna, as it always was
    held = _exact_decimals(texts, pc.is_in(texts, value_set=_MISSING_TEXTS))
    if held is None:
        held = _exact_decimals(texts, pa.array(np.asarray(series.isna(), dtype=np.bool_)))
    return None if held is None else _fewest_places(held)


def _exact_decimals(texts: pa.Array, missing: pa.Array) -> pa.Array | None:
    """Decimal texts as decimal128 at the most places screened; ``None`` if one cannot be held exactly."""
    try:
        return pc.cast(pc.if_else(missing, pa.scalar(None, pa.string()), texts), pa.decimal128(38, _DECIMAL_PLACES))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


#: the text of each missing marker a decimal column may hold beside its Decimals: None, NaN
#: (float), pd.NA, pd.NaT; no Decimal prints as one of these
_MISSING_TEXTS = pa.array(["None", "nan", "<NA>", "NaT"], type=pa.string())


def _fewest_places(array: pa.Array) -> pa.Array:
    """The decimal array at the fewest places that hold each of its values (-3.100 and 4.2: one place)."""
    words = np.frombuffer(array.buffers()[1], dtype=np.int64).reshape(-1, 2)[array.offset : array.offset + len(array)]
    known = valid_mask(array)
    low, high = words[:, 0][known], words[:, 1][known]
    small = (high == 0) & (low >= 0) | (high == -1) & (low < 0)  # the value fits in int64
    if not small.all():
        return array
    # the places the values need, from the trailing zeros of their fractions' greatest common
    # divisor: one pass over the column instead of one per place (0: every value is whole)
    common = int(np.gcd.reduce(low % 10**_DECIMAL_PLACES)) if len(low) else 0
    places = _DECIMAL_PLACES
    while places > 0 and common % 10 ** (_DECIMAL_PLACES - places + 1) == 0:
        places -= 1
    if places == _DECIMAL_PLACES:
        return array
    # the unscaled integers divided exactly and written as the new array's buffer: a quarter of
    # what arrow's rescaling cast costs (0.9 ms against 3.7 for 200,000 values)
    unscaled = np.ascontiguousarray(words[:, 0]) // 10 ** (_DECIMAL_PLACES - places)
    return decimal_array(unscaled, known, places)


def _pandas_markers() -> tuple[Any, ...]:
    """pandas' own missing values (``pd.NA``, ``pd.NaT``), without importing pandas for others."""
    import sys

    pandas = sys.modules.get("pandas")
    return () if pandas is None else (pandas.NA, pandas.NaT)


def _pandas_missing(value: Any) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _from_records(rows: Iterable[Any]) -> Columns:
    lists: dict[str, list[Any]] = {}
    given: dict[str, list[int]] = {}
    size = 0
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise TypeError(f"row {i} is a {type(row).__name__}, not a mapping of fields")
        for key, value in row.items():
            name = str(key)
            if name not in lists:
                lists[name] = [None] * i
                given[name] = []
            lists[name].append(value)
            given[name].append(i)
        size = i + 1
        for values in lists.values():
            if len(values) < size:
                values.append(None)
    data: dict[str, Values] = {}
    masks: dict[str, NDArray[np.bool_]] = {}
    for name, values in lists.items():
        data[name] = _typed(values)
        mask = np.zeros(size, dtype=np.bool_)
        mask[given[name]] = True
        masks[name] = mask
    return Columns(size, data, masks, "records")


def _typed(values: list[Any]) -> Values:
    """An arrow array when arrow types the values without changing any; else the Python list."""
    kinds = {type(v) for v in values if v is not None}
    if len(kinds) != 1 or not kinds <= {bool, int, float, str}:
        return values  # mixed types keep their own identity: 1, 1.0 and True are not the same input
    try:
        return pa.array(values, from_pandas=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return values


def suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def catalogue() -> dict[str, FieldSpec]:
    return field_catalogue()


__all__ = ["Columns", "adapt", "suggest"]
