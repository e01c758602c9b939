"""Population screening: every benefit decided for every enterprise of a frame, one row out per row in.

``screen(data, region=..., as_of=...)`` takes a pandas or polars DataFrame, a pyarrow Table or an
iterable of mappings (one profile per row, field names as in :class:`EnterpriseProfile`) and returns a
frame of the same kind (a pyarrow Table for mappings) with, in this order:

``<id>``
    the input's id column (``id_column``, default ``"id"``), when it has one; a pandas index is kept.
``region``
    the region whose rules decided the row: ``region=``, else the row's ``region`` column, else the
    one its ``region_code`` selects; null when none could be found (the row then has an ``error``).
``error``
    null, or why the row could not be screened: each bad field named with the reason, worded as
    ``EnterpriseProfile.parse`` words it (``monthly_sales: at most 2 decimal places …``).
``status__<benefit_id>``
    ``eligible`` / ``ineligible`` / ``undetermined`` / ``not_in_force`` as ``evaluate()`` would say;
    null on error rows and on rows of a region that has no such benefit. With ``region=None`` the
    columns are those of every region, so the schema does not depend on which regions occur.
``fact__<name>``
    each derived fact: bool, string (dictionary-encoded), or an exact decimal; null where unknown.
kept columns
    any input columns named in ``keep``, unchanged.

Rows in = rows out, in the same order, always: a bad value makes an error row, never a dropped row
or a silent default. Evaluation is the vector backend (``engines/vector/``), chunk by chunk so
that memory stays bounded and each chunk's columns stay in cache.

>>> out = screen([{"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 150000},
...               {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 150000.001}],
...              region="xizang", as_of="2022-06-01")
>>> out.column("status__vat_small_scale_exemption").to_pylist()
['eligible', None]
>>> out.column("error").to_pylist()[1]
'monthly_sales: at most 2 decimal places (money is counted to the fen)'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from ..api import parse_date
from ..engines.vector.columns import SCALE, Column, Num, Text, Tri, VectorUnsupported, rescale, scatter
from ..engines.vector.program import STATUSES, Batch, Program, compile_rules
from ..errors import RegionError, SmeRulesError
from ..language.ir import RuleSet
from ..language.loader import REGIONS, describe_region_codes, load_region, region_of_code
from ..profile import field_catalogue
from .columnar import bool_array, decimal_array, dictionary_array
from .fields import Problems, distinct_values, read_field
from .input import Columns, adapt, suggest
from .progress import bar as progress_bar
from .to_pandas import to_pandas

STATUS_PREFIX = "status__"
FACT_PREFIX = "fact__"
DEFAULT_CHUNK_ROWS = 65_536


class ScreeningError(SmeRulesError, ValueError):
    """A screening request that cannot run at all (a kept column missing, clashing names)."""


RulesArgument = RuleSet | Mapping[str, RuleSet] | Iterable[RuleSet] | None


def given_rules(rules: RulesArgument) -> dict[str, RuleSet]:
    """``rules=`` as region → rule set: one rule set, several, or a mapping by region."""
    if rules is None:
        return {}
    if isinstance(rules, RuleSet):
        return {rules.region: rules}
    items = list(rules.items()) if isinstance(rules, Mapping) else [(getattr(r, "region", None), r) for r in rules]
    out: dict[str, RuleSet] = {}
    for region, ruleset in items:
        if not isinstance(ruleset, RuleSet):
            raise TypeError(f"rules= takes rule sets (load_region, load_rules, with_parameters), not a {type(ruleset).__name__}")
        if region != ruleset.region:
            raise RegionError(f"rules= maps {region!r} to the rule set of {ruleset.region!r}")
        if region in out:
            raise RegionError(f"rules= gives two rule sets for {region!r}")
        out[region] = ruleset
    return out


@dataclass(frozen=True, slots=True)
class Decoded:
    """A chunk ready to evaluate: engine columns, region index per row (-1: error row), error texts."""

    columns: dict[str, Column]
    region_codes: NDArray[np.int8]
    errors: pa.Array


@dataclass(frozen=True, slots=True)
class _FactColumn:
    name: str
    kind: str
    choices: tuple[str, ...] | None


class Screener:
    """The rules of one or all regions on one date, compiled once, screening chunk after chunk.

    ``screen_chunk`` is what ``screen()`` and the CLI's workers run; its output schema is fixed by
    the regions, the date and the options, never by the data.
    """

    def __init__(
        self,
        region: str | None,
        as_of: dt.date | str | None,
        *,
        id_column: str | None = "id",
        region_column: str = "region",
        keep: Sequence[str] = (),
        facts: bool = True,
        rules: RulesArgument = None,
    ) -> None:
        given = given_rules(rules)
        if region is None and isinstance(rules, RuleSet):
            region = next(iter(given))  # one rule set: every row is screened by it
        if region is not None and region not in REGIONS and region not in given:
            raise RegionError(f"unknown region {region!r}; choose one of {', '.join(REGIONS)}")
        self.day = parse_date(as_of)
        self.region = region
        self.regions = (region,) if region else REGIONS
        self.rules = {r: given[r] if r in given else load_region(r) for r in self.regions}
        self.programs: dict[str, Program] = {r: compile_rules(self.rules[r], self.day) for r in self.regions}
        self.id_column = id_column
        self.region_column = region_column
        self.keep = tuple(keep)
        self.benefits = list(dict.fromkeys(b for r in self.regions for b in self.rules[r].benefits))
        self.facts = _fact_columns(self.rules.values()) if facts else []
        self.catalogue = field_catalogue()
        self._region_names = pa.array(self.regions, type=pa.string())
        clash = {id_column, region_column} & set(self.catalogue)
        if clash:
            raise ScreeningError(f"{', '.join(sorted(str(c) for c in clash))} is a profile field; name the id or region column otherwise")

    def schema(self, id_type: pa.DataType | None, kept: Sequence[pa.Field]) -> pa.Schema:
        """The output schema for an input whose id column has ``id_type`` (None: no id column)."""
        status = pa.dictionary(pa.int8(), pa.string())
        fields: list[pa.Field] = []
        if id_type is not None and self.id_column:
            fields.append(pa.field(self.id_column, id_type))
        fields += [pa.field("region", status), pa.field("error", pa.string())]
        fields += [pa.field(STATUS_PREFIX + b, status) for b in self.benefits]
        fields += [pa.field(FACT_PREFIX + f.name, _fact_type(f)) for f in self.facts]
        return pa.schema(fields + list(kept))

    def screen_chunk(self, rows: Columns) -> pa.RecordBatch:
        """Screen one chunk of rows; the record batch has one row per input row, in order."""
        decoded = self.decode(rows)
        statuses, facts = self._evaluate(rows.size, decoded.columns, decoded.region_codes)
        return self._assemble(rows, decoded.region_codes, decoded.errors, statuses, facts)

    def statuses(self, decoded: Decoded) -> dict[str, NDArray[np.int8]]:
        """Status codes (indexes into ``STATUSES``, -1 on error rows) per benefit, for decoded rows;
        another screener of the same regions may decode them (``compare`` decodes once for two)."""
        size = len(decoded.region_codes)
        statuses, _ = self._evaluate(size, decoded.columns, decoded.region_codes)
        absent = np.full(size, -1, dtype=np.int8)
        return {bid: statuses.get(bid, absent) for bid in self.benefits}

    def decode(self, rows: Columns) -> Decoded:
        """One chunk's columns checked and typed, each row's region, and each bad row's problems."""
        size = rows.size
        problems: list[Problems] = []
        columns: dict[str, Column] = {}
        reserved = {self.id_column, self.region_column, *self.keep}
        for name, values in rows.data.items():
            spec = self.catalogue.get(name)
            if spec is None:
                if name not in reserved:
                    given = np.flatnonzero(rows.where_given(name))
                    hint = suggest(name, self.catalogue)
                    problems.append(Problems(given, [f"{name}: unknown field{hint}"] * len(given)))
                continue
            column, found = read_field(spec, values)
            columns[name] = column
            if len(found.rows):
                problems.append(found)
        region_codes, region_problems = self._regions(rows, columns)
        problems.append(region_problems)
        errors, failed = _error_texts(size, problems)
        return Decoded(columns, np.where(failed, -1, region_codes), errors)

    # -- regions

    def _regions(self, rows: Columns, columns: dict[str, Column]) -> tuple[NDArray[np.int8], Problems]:
        """Each row's region as an index into ``self.regions`` (-1: none), and the rows without one."""
        size = rows.size
        if self.region is not None:
            return np.zeros(size, dtype=np.int8), Problems(np.zeros(0, dtype=np.intp), [])
        codes = np.full(size, -1, dtype=np.int8)
        messages: dict[int, str] = {}
        named = rows.data.get(self.region_column)
        if named is not None:
            given, distinct = distinct_values(named)
            table = np.array([REGIONS.index(v) if v in REGIONS else -2 for v in distinct] + [-1], dtype=np.int8)
            codes = table.take(given)
            for row in np.flatnonzero(codes == -2):
                value = distinct[int(given[row])]
                messages[int(row)] = f"{self.region_column}: unknown region {value!r}; choose one of {', '.join(REGIONS)}"
            codes = np.where(codes == -2, -1, codes)
        by_code = columns.get("region_code")
        if isinstance(by_code, Text):
            table = np.array([_region_of_code(s) for s in by_code.dictionary] + [-1], dtype=np.int8)
            from_code = table.take(by_code.codes)
            open_rows = codes == -1
            outside = open_rows & (from_code == -2)
            codes = np.where(open_rows & (from_code >= 0), from_code, codes)
            for row in np.flatnonzero(outside):
                if int(row) not in messages:
                    value = by_code.dictionary[int(by_code.codes[row])]
                    messages[int(row)] = f"region_code: {value} is outside the regions with rules: {describe_region_codes()}"
        for row in np.flatnonzero(codes == -1):
            messages.setdefault(int(row), f"region: give region=, a {self.region_column!r} column or a region_code")
        rows_out = np.array(sorted(messages), dtype=np.intp)
        return codes, Problems(rows_out, [messages[int(r)] for r in rows_out])

    # -- evaluation

    def _evaluate(
        self, size: int, columns: dict[str, Column], region_codes: NDArray[np.int8]
    ) -> tuple[dict[str, NDArray[np.int8]], dict[str, Column]]:
        statuses: dict[str, NDArray[np.int8]] = {}
        fact_parts: dict[str, list[tuple[NDArray[np.intp], Column]]] = {f.name: [] for f in self.facts}
        whole = Batch(size, columns)
        for index, region in enumerate(self.regions):
            selected = region_codes == index
            count = int(selected.sum())
            if count == 0:
                continue
            rows = np.arange(size, dtype=np.intp) if count == size else np.flatnonzero(selected)
            result = self.programs[region].run(whole if count == size else whole.subset(rows))
            for bid, codes in result.statuses.items():
                if count == size:
                    statuses[bid] = codes
                    continue
                out = statuses.get(bid)
                if out is None:
                    out = statuses[bid] = np.full(size, -1, dtype=np.int8)
                out[rows] = codes
            for name, parts in fact_parts.items():
                if name in result.facts:
                    parts.append((rows, result.facts[name]))
        facts: dict[str, Column] = {}
        for fact in self.facts:
            parts = fact_parts[fact.name]
            if len(parts) == 1 and len(parts[0][0]) == size:
                facts[fact.name] = parts[0][1]
            else:
                facts[fact.name] = scatter(size, parts, fact.kind, fact.choices)
        return statuses, facts

    # -- output

    def _assemble(
        self,
        rows: Columns,
        region_codes: NDArray[np.int8],
        errors: pa.Array,
        statuses: dict[str, NDArray[np.int8]],
        facts: dict[str, Column],
    ) -> pa.RecordBatch:
        size = rows.size
        id_values = rows.data.get(self.id_column) if self.id_column else None
        kept = [_as_arrow(rows.data[name], name) for name in self.keep if name in rows.data]
        missing = [name for name in self.keep if name not in rows.data]
        if missing:
            raise ScreeningError(f"keep names columns the input does not have: {', '.join(missing)}")
        id_array = _as_arrow(id_values, self.id_column or "id") if id_values is not None else None
        schema = self.schema(id_array.type if id_array is not None else None, [pa.field(n, a.type) for n, a in zip(self.keep, kept, strict=True)])
        arrays: list[pa.Array] = [] if id_array is None else [id_array]
        arrays += [dictionary_array(region_codes, self._region_names, pa.int8()), errors]
        absent = np.full(size, -1, dtype=np.int8)
        for bid in self.benefits:
            arrays.append(dictionary_array(statuses.get(bid, absent), _STATUS_NAMES, pa.int8()))
        for fact in self.facts:
            arrays.append(_fact_array(fact, facts[fact.name], size))
        arrays += kept
        return pa.RecordBatch.from_arrays(arrays, schema=schema)


_STATUS_NAMES = pa.array(STATUSES, type=pa.string())


def _region_of_code(code: str) -> int:
    """The index of the region a GB/T 2260 code selects; -2 when it is outside them all."""
    region = region_of_code(code)
    return -2 if region is None else REGIONS.index(region)


def _fact_columns(rule_sets: Any) -> list[_FactColumn]:
    found: dict[str, _FactColumn] = {}
    for rules in rule_sets:
        for name, fact in rules.facts.items():
            column = _FactColumn(name, fact.kind, tuple(fact.choices) if fact.choices else None)
            previous = found.setdefault(name, column)
            if previous.kind != column.kind:
                raise ScreeningError(f"fact {name} is a {previous.kind} in one region and a {column.kind} in another")
            if previous.choices != column.choices and column.choices:
                merged = tuple(dict.fromkeys((previous.choices or ()) + column.choices))
                found[name] = _FactColumn(name, fact.kind, merged)
    return list(found.values())


def _fact_type(fact: _FactColumn) -> pa.DataType:
    if fact.kind == "bool":
        return pa.bool_()
    if fact.kind == "str":
        return pa.dictionary(pa.int8() if fact.choices and len(fact.choices) < 127 else pa.int32(), pa.string())
    return pa.decimal128(38, SCALE.get(fact.kind, 6))


def _fact_array(fact: _FactColumn, column: Column, size: int) -> pa.Array:
    if isinstance(column, Tri):
        true = np.broadcast_to(column.true, (size,))
        return bool_array(true, true | np.broadcast_to(column.false, (size,)))
    if isinstance(column, Text):
        codes = np.broadcast_to(column.codes, (size,))
        index_type = _fact_type(fact).index_type
        dictionary = fact.choices or column.dictionary
        if column.dictionary != dictionary:
            table = np.array([dictionary.index(s) if s in dictionary else -1 for s in column.dictionary] + [-1], dtype=np.intp)
            codes = table.take(codes)
        return dictionary_array(codes, pa.array(dictionary, type=pa.string()), index_type)
    assert isinstance(column, Num)
    scale = SCALE.get(fact.kind, 6)
    if column.scale > scale:
        raise VectorUnsupported(f"fact {fact.name} has more than {scale} decimal places")
    held = rescale(column, scale)
    return decimal_array(np.broadcast_to(held.values, (size,)), np.broadcast_to(held.known, (size,)), scale)


def _as_arrow(values: Any, name: str) -> pa.Array:
    if isinstance(values, pa.Array):
        return values
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def _error_texts(size: int, problems: list[Problems]) -> tuple[pa.Array, NDArray[np.bool_]]:
    """One text per row joining its problems (null for a good row), and the mask of failed rows."""
    failed = np.zeros(size, dtype=np.bool_)
    if not any(len(p.rows) for p in problems):
        return pa.nulls(size, pa.string()), failed
    by_row: dict[int, list[str]] = {}
    for found in problems:
        for row, message in zip(found.rows.tolist(), found.messages, strict=True):
            by_row.setdefault(row, []).append(message)
    failed[list(by_row)] = True
    texts: list[str | None] = [None] * size
    for row, messages in by_row.items():
        texts[row] = "; ".join(dict.fromkeys(messages))
    return pa.array(texts, type=pa.string()), failed


def screen(
    data: Any,
    region: str | None = None,
    as_of: dt.date | str | None = None,
    *,
    id_column: str | None = "id",
    region_column: str = "region",
    keep: Sequence[str] = (),
    facts: bool = True,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    workers: int = 1,
    rules: RulesArgument = None,
    progress: bool | None = None,
) -> Any:
    """Every benefit for every row of ``data`` on ``as_of``: a frame with one row per input row.

    See the module docstring for the columns. ``region=None`` takes each row's region from its
    ``region`` column or its ``region_code``; ``facts=False`` leaves the fact columns out.
    ``workers`` threads screen chunks side by side (numpy releases the interpreter lock).
    ``rules`` screens with rule sets of your own (a reform from ``with_parameters``, or
    ``load_rules``): one rule set screens every row; a mapping region → rule set replaces those
    regions' rules and keeps the others. ``progress``: a progress bar (default: on long runs
    in a notebook or a terminal, see ``screening.progress``).
    """
    rows = adapt(data)
    screener = Screener(region, as_of, id_column=id_column, region_column=region_column, keep=keep, facts=facts, rules=rules)
    for name in (id_column, *keep):
        values = rows.data.get(name) if name else None
        if isinstance(values, list):  # typed once for the whole input, so that every chunk agrees
            rows.data[str(name)] = _as_arrow(values, str(name))
    chunks = rows.chunks(max(1, int(chunk_rows)))
    with progress_bar(progress, rows.size, "screen") as shown:

        def screen_counted(chunk: Columns) -> pa.RecordBatch:
            batch = screener.screen_chunk(chunk)
            shown.update(chunk.size)
            return batch

        if workers > 1:
            with ThreadPoolExecutor(workers) as pool:
                batches = list(pool.map(screen_counted, chunks))
        else:
            batches = [screen_counted(chunk) for chunk in chunks]
    if not batches:  # no rows: still the schema, from a chunk of none
        batches = [screener.screen_chunk(next(_empty(rows)))]
    return _deliver(pa.Table.from_batches(batches), rows)


def _empty(rows: Columns) -> Any:
    if rows.table is not None:
        yield Columns(0, dict(zip(rows.table.schema.names, (pa.array([], type=t) for t in rows.table.schema.types), strict=True)), {}, rows.kind)
    else:
        yield rows.slice(0, 0)


def _deliver(table: pa.Table, rows: Columns) -> Any:
    if rows.kind == "pandas":
        return to_pandas(table, rows.index)
    if rows.kind == "polars":
        import polars

        return polars.from_arrow(table)
    return table


__all__ = ["DEFAULT_CHUNK_ROWS", "FACT_PREFIX", "STATUS_PREFIX", "Decoded", "Screener", "ScreeningError", "given_rules", "screen"]
