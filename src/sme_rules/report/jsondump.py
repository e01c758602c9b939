"""The report's JSON, written straight from its plain data: the bytes ``model_dump_json()`` gives, sooner.

``EligibilityReport.model_dump(mode="json")`` walks some sixty dataclasses and a few hundred
verdict nodes through pydantic's serialiser, and serialises each fact's derivation again for every
benefit that uses it; a service then encodes the result once more. :func:`dumps` writes the JSON
itself with orjson (the ``fast`` extra), which encodes dataclasses natively in C, and writes each
fact's use (with its derivation) once per report, inserting those bytes wherever a benefit uses the
fact; without orjson it is pydantic's ``model_dump_json()`` itself.

Nothing here names the report's fields: the pydantic model's fields and the dataclasses' fields
are read from the classes, so whatever the report holds is written, in its order.
tests/test_report_jsondump.py checks the bytes against ``model_dump_json()`` over drawn profiles.

``brief=True`` leaves out each benefit's verdict tree and the facts' derivations
(``sme-rules evaluate --brief``): the statuses, reasons, sources and figures stay. ``indent=True``
writes what ``json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)`` writes (the
command line's output).

This module was ``sme_rules.report.wire`` in 0.2, a name easily taken for the ``sme_rules.wire``
schema package; the old path still imports it, with a warning (``_moved.py``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter
from typing import Any

from pydantic import BaseModel

from .. import collector
from ..values import _number

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the extras installed
    orjson = None  # type: ignore[assignment]

#: what --brief leaves out of each benefit: the trees, most of a report's size
BRIEF_EXCLUDES = frozenset({"verdict", "facts_used"})

#: per record class and fields left out: the fields written, and a getter of their values
_FIELDS: dict[tuple[type, frozenset[str]], tuple[tuple[str, ...], Callable[[Any], Any]]] = {}


def dumps(report: BaseModel, *, brief: bool = False, indent: bool = False) -> bytes:
    """The report as UTF-8 JSON, byte for byte ``report.model_dump_json()`` (with ``brief``: its
    ``exclude={"benefits": {"__all__": BRIEF_EXCLUDES}}``; with ``indent``: two spaces a level, as
    ``json.dumps(..., indent=2)`` writes it)."""
    collector.pause()  # the writer makes no cycles; a collection here would walk the young report
    try:
        return _dumps(report, brief, indent)
    finally:
        collector.resume()


def _dumps(report: BaseModel, brief: bool, indent: bool) -> bytes:
    if orjson is None:
        # pydantic's own writer, in Rust: a walk in Python would be several times slower
        exclude = {"benefits": {"__all__": set(BRIEF_EXCLUDES)}} if brief else None
        if indent:
            return json.dumps(report.model_dump(mode="json", exclude=exclude), ensure_ascii=False, indent=2).encode()
        return report.model_dump_json(exclude=exclude).encode()
    if indent:  # a written fragment would not be indented: the records as they are
        return orjson.dumps(_top(report, brief, None), default=_default, option=orjson.OPT_INDENT_2)
    return orjson.dumps(_top(report, brief, {}), default=_default)


def _top(report: BaseModel, brief: bool, written: dict[int, Any] | None) -> dict[str, Any]:
    """The report's members; its benefits as plain members when ``brief`` leaves some out or when
    ``written`` collects, per record, the JSON of a record several benefits share (a fact's use and
    its derivation: a fact that nine benefits read is written once, not nine times)."""
    out: dict[str, Any] = {}
    # the computed fields (the report's totals) after the stored ones, as model_dump_json() writes them
    for name in (*type(report).model_fields, *type(report).model_computed_fields):
        value = getattr(report, name)
        if name == "benefits" and brief:
            value = [_members(item, BRIEF_EXCLUDES) for item in value]
        elif name == "benefits" and written is not None:
            value = [_with_shared_facts(item, written) for item in value]
        out[name] = value
    return out


def _with_shared_facts(record: Any, written: dict[int, Any]) -> Any:
    facts_used = getattr(record, "facts_used", None)
    if not facts_used:
        return record
    members = _members(record, frozenset())
    members["facts_used"] = [_written(use, written) for use in facts_used]
    return members


def _written(record: Any, written: dict[int, Any]) -> Any:
    """``record``'s JSON, written once per report (keyed by identity: the report holds the record)."""
    found = written.get(id(record))
    if found is None:
        found = written[id(record)] = orjson.Fragment(orjson.dumps(record, default=_default))
    return found


def _members(record: Any, excluded: frozenset[str]) -> dict[str, Any]:
    found = _FIELDS.get((type(record), excluded))
    if found is None:
        names = tuple(f.name for f in dataclasses.fields(record) if f.name not in excluded)
        # attrgetter of two names or more gives a tuple; of one, the value itself
        getter = attrgetter(*names) if len(names) > 1 else _getter(names)
        found = _FIELDS[(type(record), excluded)] = (names, getter)
    names, values = found
    return dict(zip(names, values(record), strict=True))


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda record: tuple(getattr(record, name) for name in names)


def _default(value: Any) -> Any:
    """What orjson does not encode itself: exact numbers as the report's ``Number`` writes them."""
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, BaseModel):
        return _top(value, False, None)
    raise TypeError(f"cannot write a {type(value).__name__} in a report")


__all__ = ["BRIEF_EXCLUDES", "dumps"]
