"""Synthetic enterprise populations for benchmarks and demos: seeded, documented, partly missing.

``synthetic_population(n, seed=0)`` returns a pyarrow Table of ``n`` profiles, one per row, with an
``id`` column (0 … n-1) and the profile fields. The same ``n`` and ``seed`` give the same table on
every machine; rows are drawn in blocks of 65,536 with a seed per block, so a population written in
chunks (``iter_population``, the ``sme-rules population`` command) equals the one drawn at once, and
the first rows of a larger population equal a smaller one.

The distributions are illustrative, not statistics; they are chosen so that every rule meets both
sides of its thresholds:

========================  ========================================================================
field                     distribution
========================  ========================================================================
region (region_code)      xinjiang 40%, qinghai 20%, xizang 20%, xishuangbanna 20%; a county code
                          of the region, uniformly (never missing: it selects the rules)
industry_code             a weighted list of GB/T 4754 codes covering every row of the 划型标准
                          table, at 1 to 4 digits; 3% are a bare section letter (F, G, K), which
                          leaves the size class undecidable
entity_type               enterprise 70%, individual_business 30%
employees                 size band micro 78% (1–9), small 17% (10–99), medium 4% (100–299),
                          large 1% (300–5000), log-uniform within the band
annual_revenue            employees × revenue per head, log-normal (median 25万, σ 0.9), to the yuan
total_assets              annual_revenue × log-normal (median 0.8, σ 0.7), to the yuan
monthly_sales             annual_revenue / 12 × log-normal (σ 0.3), to the fen
quarterly_sales           monthly_sales × 3 × log-normal (σ 0.1), to the fen
annual_taxable_income     annual_revenue × normal (mean 6%, sd 8%), to the fen; may be negative
vat_taxpayer_type         small_scale with probability 90% under 500万 revenue, else 10%
any other money field     log-normal (median 50万, σ 1.5), to the yuan
any other count field     Poisson (mean 2)
a ratio field             beta (5, 2) for shares of revenue, beta (1, 20) for others; 4 decimals
a years field             0 to 10 in steps of 0.5
a bool field              true 30% (restricted_or_prohibited_industry 5%)
a field with choices      the first choice (often "none") 60%, the others evenly
========================  ========================================================================

A field is given only to rows of regions whose rules read it. Then each value (except the id and
region_code) is left out with probability ``missing`` (default 15%), independently.

>>> table = synthetic_population(1000, seed=7)
>>> table.num_rows, table.column("id")[999].as_py()
(1000, 999)
>>> synthetic_population(10, seed=7).equals(table.slice(0, 10))
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from numpy.typing import NDArray

from ..engines.vector.columns import SCALE
from ..language import ir
from ..language.loader import REGIONS, load_region
from ..profile import FieldSpec, field_catalogue
from .columnar import decimal_array

BLOCK_ROWS = 65_536

REGION_WEIGHTS = {"xinjiang": 0.40, "qinghai": 0.20, "xizang": 0.20, "xishuangbanna": 0.20}
#: county-level GB/T 2260 codes of each region
COUNTIES = {
    "xizang": ("540102", "540103", "540104", "540202", "540302", "540402"),
    "qinghai": ("630102", "630103", "630104", "630105", "630106", "632801"),
    "xishuangbanna": ("532801", "532822", "532823"),
    "xinjiang": ("650102", "650103", "650104", "650105", "650106", "650202", "652801", "653101"),
}
#: (code, weight): GB/T 4754-2017 codes; a few stop at the section letter on purpose
INDUSTRIES = (
    ("A01", 4), ("A03", 2), ("B06", 1), ("C13", 5), ("C16", 0.3), ("C18", 3), ("C30", 3), ("C39", 2),
    ("D44", 1), ("E47", 4), ("E48", 3), ("F51", 10), ("F52", 17), ("F", 1), ("G543", 3), ("G591", 0.5),
    ("G592", 0.5), ("G60", 0.5), ("G", 1), ("H61", 2), ("H62", 6), ("I63", 1), ("I65", 3), ("J66", 1),
    ("K701", 1.5), ("K702", 1.5), ("K", 1), ("L72", 5), ("M73", 2), ("N77", 1), ("O80", 3), ("P83", 1),
    ("Q84", 1), ("R86", 1), ("R90", 0.5), ("S94", 0.3),
)
SIZE_BANDS = ((0.78, 1, 9), (0.17, 10, 99), (0.04, 100, 299), (0.01, 300, 5000))
DEFAULT_MISSING = 0.15


def synthetic_population(n: int, seed: int = 0, *, missing: float = DEFAULT_MISSING, regions: tuple[str, ...] | None = None) -> pa.Table:
    """``n`` synthetic profiles (see the module docstring for the distributions) as a pyarrow Table."""
    batches = list(iter_population(n, seed, missing=missing, regions=regions))
    if not batches:
        return _schema(regions).empty_table()
    return pa.Table.from_batches(batches)


def iter_population(
    n: int, seed: int = 0, *, missing: float = DEFAULT_MISSING, regions: tuple[str, ...] | None = None
) -> Iterator[pa.RecordBatch]:
    """The same population as record batches of at most 65,536 rows, for files larger than memory."""
    if n < 0 or not 0 <= missing <= 1:
        raise ValueError("n must be at least 0 and missing between 0 and 1")
    chosen = _regions(regions)
    schema = _schema(regions)
    for block, start in enumerate(range(0, n, BLOCK_ROWS)):
        rng = np.random.default_rng([seed, block])
        # a block is always drawn whole, so that a shorter population is a prefix of a longer one
        yield _block(rng, start, BLOCK_ROWS, chosen, missing, schema).slice(0, min(BLOCK_ROWS, n - start))


def _regions(regions: tuple[str, ...] | None) -> dict[str, float]:
    chosen = {r: w for r, w in REGION_WEIGHTS.items() if regions is None or r in regions}
    unknown = set(regions or ()) - set(REGION_WEIGHTS)
    if unknown or not chosen:
        raise ValueError(f"regions must be among {', '.join(REGIONS)}")
    return chosen


@lru_cache(maxsize=16)
def _fields_by_region(regions: tuple[str, ...]) -> dict[str, set[str]]:
    """The profile fields each region's rules read, which are the fields its rows are given."""
    out: dict[str, set[str]] = {}
    for region in regions:
        rules = load_region(region)
        names: set[str] = set()
        for expr in [f.expr for f in rules.facts.values()] + [b.when for b in rules.benefits.values()]:
            names |= ir.refs(expr)[0]
        out[region] = names
    return out


def _schema(regions: tuple[str, ...] | None) -> pa.Schema:
    catalogue = field_catalogue()
    used = set().union(*_fields_by_region(tuple(_regions(regions))).values()) | {"region_code"}
    fields = [pa.field("id", pa.int64())]
    fields += [pa.field(name, _arrow_type(spec)) for name, spec in catalogue.items() if name in used]
    return pa.schema(fields)


def _arrow_type(spec: FieldSpec) -> pa.DataType:
    if spec.kind == "bool":
        return pa.bool_()
    if spec.kind == "str":
        return pa.dictionary(pa.int32(), pa.string())
    if spec.kind == "count":
        return pa.int64()
    return pa.decimal128(18, SCALE[spec.kind])


def _block(rng: np.random.Generator, start: int, size: int, regions: dict[str, float], missing: float, schema: pa.Schema) -> pa.RecordBatch:
    names = list(regions)
    weights = np.array([regions[r] for r in names])
    region_index = rng.choice(len(names), size=size, p=weights / weights.sum())
    reads = _fields_by_region(tuple(names))
    values = _Draw(rng, size, region_index, names).values()
    catalogue = field_catalogue()
    arrays: list[pa.Array] = [pa.array(np.arange(start, start + size, dtype=np.int64))]
    for field in list(schema)[1:]:
        spec = catalogue[field.name]
        raw = values.get(field.name)
        if raw is None:
            raw = _generic(rng, spec, size)
        given = np.isin(region_index, [i for i, r in enumerate(names) if field.name in reads[r]])
        if field.name != "region_code":
            given &= rng.random(size) >= missing
        else:
            given[:] = True
        arrays.append(_to_arrow(spec, raw, given))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


class _Draw:
    """The correlated core of a profile: region, industry, size, revenue, sales, income."""

    def __init__(self, rng: np.random.Generator, size: int, region_index: NDArray[Any], names: list[str]) -> None:
        self.rng, self.size, self.region_index, self.names = rng, size, region_index, names

    def values(self) -> dict[str, Any]:
        rng, size = self.rng, self.size
        band = rng.choice(len(SIZE_BANDS), size=size, p=[b[0] for b in SIZE_BANDS])
        low = np.array([b[1] for b in SIZE_BANDS])[band]
        high = np.array([b[2] for b in SIZE_BANDS])[band]
        employees = np.floor(np.exp(rng.uniform(np.log(low), np.log(high + 1)))).astype(np.int64)
        revenue = np.round(employees * rng.lognormal(math.log(250_000), 0.9, size)) * 100
        monthly = np.round(revenue / 12 * rng.lognormal(0, 0.3, size))
        weights = np.array([w for _, w in INDUSTRIES], dtype=np.float64)
        # every region's counties in one dictionary; each row picks among its own region's
        counties = [c for r in self.names for c in COUNTIES[r]]
        first = np.cumsum([0] + [len(COUNTIES[r]) for r in self.names])
        county_count = np.diff(first)[self.region_index]
        county = first[self.region_index] + np.floor(rng.random(size) * county_count).astype(np.int64)
        small = rng.random(size) < np.where(revenue < 5_000_000 * 100, 0.9, 0.1)
        return {
            "region_code": (county, counties),
            "industry_code": (rng.choice(len(INDUSTRIES), size=size, p=weights / weights.sum()), [c for c, _ in INDUSTRIES]),
            "entity_type": ((rng.random(size) >= 0.7).astype(np.int64), ["enterprise", "individual_business"]),
            "employees": employees,
            "annual_revenue": revenue,  # in fen, like every money value here
            "total_assets": np.round(revenue * rng.lognormal(math.log(0.8), 0.7, size) / 100) * 100,
            "monthly_sales": monthly,
            "quarterly_sales": np.round(monthly * 3 * rng.lognormal(0, 0.1, size)),
            "annual_taxable_income": np.round(revenue * rng.normal(0.06, 0.08, size)),
            "vat_taxpayer_type": ((~small).astype(np.int64), ["small_scale", "general"]),
            "restricted_or_prohibited_industry": rng.random(size) < 0.05,
        }


def _generic(rng: np.random.Generator, spec: FieldSpec, size: int) -> Any:
    """A field without a distribution of its own, drawn by its kind (see the module docstring)."""
    if spec.kind == "bool":
        return rng.random(size) < 0.3
    if spec.kind == "str":
        choices = list(spec.choices or ("x",))
        others = 1 + rng.integers(0, max(1, len(choices) - 1), size) if len(choices) > 1 else np.zeros(size, dtype=np.int64)
        return np.where(rng.random(size) < 0.6, 0, others), choices
    if spec.kind == "money":
        return np.round(rng.lognormal(math.log(500_000), 1.5, size)) * 100
    if spec.kind == "count":
        return rng.poisson(2, size)
    if spec.kind == "ratio":
        shares = rng.beta(5, 2, size) if "share" in spec.name else rng.beta(1, 20, size)
        return np.round(shares, 4) * 10**6
    return rng.integers(0, 21, size) * 50  # years, in hundredths: 0 to 10 by halves


def _to_arrow(spec: FieldSpec, raw: Any, given: NDArray[np.bool_]) -> pa.Array:
    mask = ~given
    if spec.kind == "bool":
        return pa.array(np.asarray(raw, dtype=np.bool_), type=pa.bool_(), mask=mask)
    if spec.kind == "str":
        codes, dictionary = raw  # codes into a list of strings: no Python string per row
        indices = pa.array(np.asarray(codes, dtype=np.int32), type=pa.int32(), mask=mask)
        return pa.DictionaryArray.from_arrays(indices, pa.array(dictionary, type=pa.string()))
    if spec.kind == "count":
        return pa.array(np.asarray(raw, dtype=np.int64), type=pa.int64(), mask=mask)
    # ratio values come scaled to millionths, years to hundredths, money to fen: exact integers
    scaled = np.asarray(np.round(raw), dtype=np.int64)
    return decimal_array(scaled, given, SCALE[spec.kind], precision=18)


def write_population(
    path: str | Path, n: int, seed: int = 0, *, missing: float = DEFAULT_MISSING, regions: tuple[str, ...] | None = None
) -> int:
    """Write ``synthetic_population(n, seed, …)`` to a .parquet, .csv or .jsonl file, block by block.

    Parquet gets one row group per block, LZ4 pages, dictionaries for string columns only, and
    decimals stored as integers (they read back several times faster than as byte arrays); JSON
    lines write a money amount as a number when a float carries it exactly. Returns the number of
    rows written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv", ".jsonl"):
        raise ValueError(f"write the population to a .parquet, .csv or .jsonl file, not {path.name}")
    writer: Any = None
    written = 0
    with open(path, "wb") as handle:
        for batch in iter_population(n, seed, missing=missing, regions=regions):
            if suffix == ".parquet":
                text = [f.name for f in batch.schema if pa.types.is_dictionary(f.type)]
                writer = writer or pq.ParquetWriter(handle, batch.schema, compression="lz4", use_dictionary=text, store_decimal_as_integer=True)
                writer.write_batch(batch, row_group_size=batch.num_rows)
            elif suffix == ".csv":
                writer = writer or pa_csv.CSVWriter(handle, batch.schema)
                writer.write_batch(batch)
            else:
                handle.write("".join(_json_line(row) + "\n" for row in batch.to_pylist()).encode("utf-8"))
            written += batch.num_rows
        if writer is None and suffix != ".jsonl":  # no rows: still a valid file with the columns
            schema = next(iter_population(1, seed, missing=missing, regions=regions)).schema
            empty = pa.RecordBatch.from_arrays([pa.array([], type=f.type) for f in schema], schema=schema)
            if suffix == ".parquet":
                writer = pq.ParquetWriter(handle, schema, compression="lz4", store_decimal_as_integer=True)
            else:
                writer = pa_csv.CSVWriter(handle, schema)
            writer.write_batch(empty)
        if writer is not None:
            writer.close()
    return written


def _json_line(row: dict[str, Any]) -> str:
    return json.dumps({k: _json_value(v) for k, v in row.items() if v is not None}, ensure_ascii=False)


def _json_value(value: Any) -> Any:
    """A decimal as a JSON number when a float carries it exactly (read back through its shortest text)."""
    if isinstance(value, Decimal):
        number = float(value)
        return number if Decimal(repr(number)) == value else str(value)
    return value


def describe(table: pa.Table) -> str:
    """One line per column: type and share missing, for a quick look at a generated population."""
    lines = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        share = column.null_count / max(1, len(column))
        lines.append(f"{name:45} {column.type!s:35} missing {share:6.1%}")
    return "\n".join(lines)


__all__ = ["BLOCK_ROWS", "DEFAULT_MISSING", "describe", "iter_population", "synthetic_population", "write_population"]
