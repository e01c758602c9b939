"""JSON read strictly, for profiles: one value per key, numbers kept exact, every failure placed.

The standard ``json.loads`` lets a repeated key win silently (``{"employees": 5, "employees": 500}``
is 500), fails with a bare ``ValueError`` on an integer of more than 4,300 digits and with
``RecursionError`` on deep nesting. Here each of those is a :class:`JsonTextError` naming the place
and, for a repeated key, the field.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .errors import SmeRulesError

#: integers longer than this stay Decimal text, so the profile can refuse them naming the field
_LONG_INTEGER = 30


class JsonTextError(SmeRulesError, ValueError):
    """Text that is not one strict JSON document."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _integer(text: str) -> int | Decimal:
    return int(text) if len(text) <= _LONG_INTEGER else Decimal(text)


def loads_strict(data: str | bytes, where: str, line: int | None = None) -> Any:
    """The JSON document in ``data``; ``where`` (a file name) starts every error.

    ``line``: the document is that line of the file (JSON lines), and errors say ``file:line:col``.
    """
    where_line = where if line is None else f"{where}:{line}"
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonTextError(
                f"{where_line}: not UTF-8 text (byte {exc.start} is {data[exc.start:exc.start + 1]!r}); "
                "save the file as UTF-8 JSON"
            ) from None
    try:
        return json.loads(data, object_pairs_hook=_unique_keys, parse_int=_integer)
    except json.JSONDecodeError as exc:
        if line is not None:
            raise JsonTextError(f"{where_line}: not valid JSON: {exc.msg} (column {exc.colno})") from None
        raise JsonTextError(f"{where}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except _DuplicateKey as exc:
        raise JsonTextError(f"{where_line}: the key {exc.key!r} is given twice; a profile gives each field once") from None
    except RecursionError:
        raise JsonTextError(f"{where_line}: JSON nested too deeply to be a profile") from None


__all__ = ["JsonTextError", "loads_strict"]
