"""JSON text to Python values exactly: numbers as ``Decimal``, no NaN, no repeated keys.

JSON numbers are decimals: ``150000.001`` is not a whole number of fen, and reading it as a float
first would not change that but ``0.1000000000000000055511151231257827`` would become 0.1. Reading
numbers as ``Decimal`` gives ``parse()`` the number the caller wrote, which is what the wire schema's
``multipleOf`` speaks of. ``NaN`` and ``Infinity`` are not JSON; a key given twice is refused rather
than read as its last value.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


class WireDecodeError(ValueError):
    """Text that is not one JSON value as the wire format reads it; says where (line:col) and why."""


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"key {key!r} is given twice")
        found[key] = value
    return found


_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_unique)


def loads(text: str | bytes) -> Any:
    """One JSON value; :class:`WireDecodeError` naming line:col for anything else."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WireDecodeError(f"not UTF-8 text (byte {exc.start})") from None
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise WireDecodeError(f"{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except ValueError as exc:  # from the hooks above
        raise WireDecodeError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise WireDecodeError("not valid JSON: nested too deeply") from None


__all__ = ["WireDecodeError", "loads"]
