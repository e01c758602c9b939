"""``POST /v1/evaluate/batch``: many profiles, one JSON line back per profile, in order.

Rows in = rows out. A row that is not a profile (bad JSON on its line, not an object, a bad field,
no region) comes back as an error entry naming the field; the other rows are evaluated all the
same. Statuses and facts come from the vector engine (``screening.Screener``), chunk by chunk so
that the answer streams while the rest is computed; with ``explain=true`` each row is a full report
from ``evaluate()``.

A row may carry ``id`` (echoed back) and ``region`` (its own region) beside the profile fields.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..api import evaluate, parse_date
from ..errors import ProfileError, RegionError, SmeRulesError
from ..language.loader import REGIONS, load_region
from ..profile import EnterpriseProfile
from ..report import jsondump
from ..wire import WireDecodeError, loads
from .fragments import fragments, json_object
from .problems import Problem, from_library_error

CHUNK_ROWS = 4096
#: keys of a batch row that are not profile fields
ROW_KEYS = ("id", "region")


class BadRow:
    """A row that could not be read as an object: why, to be reported in its place."""

    __slots__ = ("field", "message")

    def __init__(self, message: str, field: str = "") -> None:
        self.message = message
        self.field = field


Row = dict[str, Any] | BadRow


def read_rows(body: bytes, ndjson: bool) -> list[Row]:
    """The rows of a JSON array, or of JSON lines (one profile a line, blank lines skipped)."""
    if not ndjson:
        try:
            data = loads(body)
        except WireDecodeError as exc:
            raise Problem(400, "malformed-json", "The body is not valid JSON", str(exc)) from None
        if not isinstance(data, list):
            raise Problem(422, "not-an-array", "A batch is a JSON array", f"the body is a JSON {type(data).__name__}, not an array of profiles")
        return [_as_row(item) for item in data]
    rows: list[Row] = []
    for number, line in enumerate(body.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append(_as_row(loads(line)))
        except WireDecodeError as exc:
            rows.append(BadRow(f"line {number}: {exc}"))
    return rows


def _conflict(row: Row, region: str | None) -> Row:
    """A row naming another region than the request's is an error, not silently the request's."""
    if isinstance(row, dict) and region is not None and "region" in row and row["region"] != region:
        return BadRow(f"the row names region {row['region']!r}, the request region={region}; leave one out", "region")
    return row


def _as_row(item: Any) -> Row:
    if not isinstance(item, dict):
        return BadRow(f"a profile is a JSON object, not {type(item).__name__}")
    given = item.get("id")
    if "id" in item and (isinstance(given, bool) or not isinstance(given, str | int)):
        return BadRow(f"a string or an integer, not {given!r}", "id")
    return item


def screener(region: str | None, as_of: str | None) -> Any:
    """The compiled vector programs for the request; raises before any line is sent if it cannot run."""
    if region is not None and region not in REGIONS:
        raise RegionError(f"unknown region {region!r}; choose one of {', '.join(REGIONS)}")
    return _screener(region, parse_date(as_of))


@functools.lru_cache(maxsize=16)
def _screener(region: str | None, day: dt.date) -> Any:
    # a few kept: compiling a region's rules for the vector engine takes about a tenth of a second
    from ..screening import Screener

    return Screener(region, day, id_column=None, region_column="region", facts=True)


def screen_lines(rows: list[Row], screener: Any, region: str | None, deadline: float) -> Iterator[bytes]:
    """One JSON line per row: statuses and facts, or an error entry."""
    from ..screening.input import adapt

    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        if time.monotonic() > deadline:
            yield from _timed_out(start, chunk)
            continue
        chunk = [_conflict(row, region) for row in chunk]
        profiles = [{k: v for k, v in row.items() if k != "id"} for row in chunk if isinstance(row, dict)]
        columns = _chunk_columns(screener.screen_chunk(adapt(profiles))) if profiles else {}
        n = 0  # the row's place among the chunk's objects, which alone were screened
        for offset, row in enumerate(chunk):
            if isinstance(row, dict):
                yield _screened(start + offset, row, columns, n, region)
                n += 1
            else:
                yield _dump(_bad_row(start + offset, row))


def explain_lines(rows: list[Row], region: str | None, day: dt.date, deadline: float) -> Iterator[bytes]:
    """One JSON line per row: the full report, or an error entry (``day``: parsed before streaming)."""
    for index, row in enumerate(rows):
        if time.monotonic() > deadline:
            yield from _timed_out(index, rows[index:])
            return
        row = _conflict(row, region)
        if not isinstance(row, dict):
            yield _dump(_bad_row(index, row))
            continue
        profile = {k: v for k, v in row.items() if k not in ROW_KEYS}
        try:
            report = evaluate(profile, region=row.get("region", region), as_of=day)
        except SmeRulesError as exc:
            yield _dump(_error_entry(index, row, from_library_error(exc).body))
            continue
        head = json.dumps(_head(index, row), ensure_ascii=False)[:-1]
        yield head.encode() + b', "report": ' + jsondump.dumps(report) + b"}\n"


def _chunk_columns(table: Any) -> dict[str, Any]:
    """A screened chunk's errors and regions as values, its statuses and facts as JSON fragments."""
    names = table.column_names
    return {
        "error": table.column("error").to_pylist(),
        "region": table.column("region").to_pylist(),
        "statuses": [(json.dumps(n[8:]), fragments(table.column(n))) for n in names if n.startswith("status__")],
        "facts": {n[6:]: (json.dumps(n[6:]), fragments(table.column(n))) for n in names if n.startswith("fact__")},
    }


def _screened(index: int, row: dict[str, Any], columns: dict[str, Any], n: int, region: str | None) -> bytes:
    error = columns["error"][n]
    if error is not None:
        return _dump(_error_entry(index, row, _row_problem(row, region, error)))
    region_of_row = columns["region"][n]
    # the columns hold every screened region's facts: the row gets its own region's
    facts = [columns["facts"][name] for name in _region_facts(region_of_row) if name in columns["facts"]]
    head = json.dumps(_head(index, row) | {"region": region_of_row}, ensure_ascii=False)[:-1]
    statuses = json_object(columns["statuses"], n, skip_null=True)
    return f'{head}, "statuses": {statuses}, "facts": {json_object(facts, n, skip_null=False)}}}\n'.encode()


@functools.cache
def _region_facts(region: str) -> tuple[str, ...]:
    return tuple(load_region(region).facts)


def _row_problem(row: dict[str, Any], region: str | None, screened: str) -> dict[str, Any]:
    """The problem of a row the vector engine refused, with each bad field as ``parse()`` names it."""
    profile = {k: v for k, v in row.items() if k not in ROW_KEYS}
    try:
        EnterpriseProfile.parse(profile)
    except ProfileError as exc:
        return from_library_error(exc).body
    # the profile is fine: the row's region is what is missing or wrong
    field = "region" if "region" in row or region is not None or "region_code" not in row else "region_code"
    return Problem(422, "unknown-region", "No rules for that region", screened, [{"field": field, "message": screened}]).body


def _bad_row(index: int, row: Row) -> dict[str, Any]:
    message, field = (row.message, row.field) if isinstance(row, BadRow) else ("not a profile", "")
    detail = f"{field}: {message}" if field else message
    body = Problem(400, "malformed-row", "The row is not a profile", detail, [{"field": field, "message": message}]).body
    return _error_entry(index, {}, body)


def _timed_out(start: int, rows: list[Row]) -> Iterator[bytes]:
    message = "not evaluated: the request ran out of time; send fewer rows per request"
    body = Problem(503, "time-limit", "Request time limit", message).body
    for offset, row in enumerate(rows):
        yield _dump(_error_entry(start + offset, row if isinstance(row, dict) else {}, body))


def _head(index: int, row: dict[str, Any]) -> dict[str, Any]:
    return {"row": index, "id": row["id"]} if "id" in row else {"row": index}


def _error_entry(index: int, row: dict[str, Any], problem: dict[str, Any]) -> dict[str, Any]:
    return _head(index, row) | {"error": problem}


def _plain(value: Any) -> Any:
    """A JSON-ready value: an exact decimal as an integer or a float (at most 6 places, so exact)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):  # a number the caller sent, read exactly
        return _plain(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _dump(line: dict[str, Any]) -> bytes:
    return (json.dumps(line, ensure_ascii=False, default=_json_default) + "\n").encode()


__all__ = ["ROW_KEYS", "BadRow", "explain_lines", "read_rows", "screen_lines"]
