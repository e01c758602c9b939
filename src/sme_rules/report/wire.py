"""The report's JSON, written straight from its plain data: the bytes ``model_dump_json()`` gives, sooner.

``EligibilityReport.model_dump(mode="json")`` walks some sixty dataclasses and a few hundred
verdict nodes through pydantic's serialiser, and serialises each fact's derivation again for every
benefit that uses it; a service then encodes the result once more. :func:`dumps` writes the JSON
itself: with orjson (the ``fast`` extra), which encodes dataclasses natively in C, or else from
plain data through the standard library's C encoder, each shared tree converted once.

Nothing here names the report's fields: the pydantic model's fields and the dataclasses' fields
are read from the classes, so whatever the report holds is written, in its order.
tests/test_report_wire.py checks the bytes against ``model_dump_json()`` over drawn profiles.

``brief=True`` leaves out each benefit's verdict tree and the facts' derivations
(``sme-rules evaluate --brief``): the statuses, reasons, sources and figures stay.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..values import _number

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the extras installed
    orjson = None  # type: ignore[assignment]

#: what --brief leaves out of each benefit: the trees, most of a report's size
BRIEF_EXCLUDES = frozenset({"verdict", "facts_used"})

_FIELDS: dict[type, tuple[str, ...]] = {}


def dumps(report: BaseModel, *, brief: bool = False) -> bytes:
    """The report as UTF-8 JSON, byte for byte ``report.model_dump_json()`` (with ``brief``: its
    ``exclude={"benefits": {"__all__": BRIEF_EXCLUDES}}``)."""
    if orjson is not None:
        return orjson.dumps(_top(report, brief, _shallow), default=_orjson_default)
    return json.dumps(_top(report, brief, _Plain()), ensure_ascii=False, separators=(",", ":")).encode()


def plain(report: BaseModel, *, brief: bool = False) -> dict[str, Any]:
    """The report as ``model_dump(mode="json")`` gives it, built without pydantic's walk."""
    return _top(report, brief, _Plain())


def _top(report: BaseModel, brief: bool, convert: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in type(report).model_fields:
        value = getattr(report, name)
        if brief and name == "benefits":
            out[name] = [_without(item, BRIEF_EXCLUDES, convert) for item in value]
        else:
            out[name] = convert(value)
    return out


def _without(record: Any, excluded: frozenset[str], convert: Any) -> dict[str, Any]:
    return {name: convert(getattr(record, name)) for name in _field_names(type(record)) if name not in excluded}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def _shallow(value: Any) -> Any:
    """For orjson: everything but Decimals and pydantic models it encodes itself."""
    return value


def _orjson_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, BaseModel):
        return _top(value, False, _shallow)
    raise TypeError(f"cannot write a {type(value).__name__} in a report")


class _Plain:
    """Values as JSON-ready data; a tree met twice (a fact's derivation) is converted once."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[int, Any] = {}

    def __call__(self, value: Any) -> Any:
        if value is None or isinstance(value, str | bool | int | float):
            return value
        if isinstance(value, Decimal):
            return _number(value)
        if isinstance(value, list | tuple):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {str(k): self(v) for k, v in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            done = self._seen.get(id(value))
            if done is None:
                done = self._seen[id(value)] = {n: self(getattr(value, n)) for n in _field_names(type(value))}
            return done
        if isinstance(value, BaseModel):
            return _top(value, False, self)
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(f"cannot write a {type(value).__name__} in a report")


__all__ = ["BRIEF_EXCLUDES", "dumps", "plain"]
