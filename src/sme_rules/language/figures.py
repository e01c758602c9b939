"""A figure written in a rule file, read as the kind of quantity its unit says.

A parameter's ``unit`` and a table column's unit (``元``, ``人``, ``ratio``/``%``, ``年``) fix what
its figures may be: a head count is a whole number of people and never ``30万元``; a share is never
``15万``; no threshold is negative; ``true`` is no figure at all. Each broken rule is a message the
loader places at the figure's file:line:col.
"""

from __future__ import annotations

from decimal import Decimal

from ..fields._types import INT64_MAX, MAX_HUNDREDTHS
from ..units import KIND_NAMES, parse_quantity

#: the unit written in a rule file -> the unit kind of profile fields it compares with
UNIT_KINDS = {"元": "money", "人": "count", "ratio": "ratio", "%": "ratio", "年": "years"}
#: the largest figure of each kind that every engine holds exactly (int64 units)
LIMITS = {"money": MAX_HUNDREDTHS, "years": MAX_HUNDREDTHS, "count": Decimal(INT64_MAX), "ratio": Decimal(1),
          "number": Decimal(INT64_MAX).scaleb(-6)}


def read_figure(value: object, kind: str) -> Decimal:
    """``value`` as an exact figure of ``kind``; ``ValueError`` says why it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"{value!r} is not a figure: {KIND_NAMES.get(kind, 'a number')} is written like 15万, 30 or 60%")
    figure = parse_quantity(str(value), kind)
    if figure < 0:
        raise ValueError(f"{value!r} is negative: thresholds and table figures are never below 0")
    if kind == "count" and figure != figure.to_integral_value():
        raise ValueError(f"{value!r} is not a whole number: {KIND_NAMES['count']} counts whole people or things")
    limit = LIMITS.get(kind, LIMITS["number"])
    if figure > limit:
        raise ValueError(f"{value!r} is larger than {KIND_NAMES.get(kind, 'a number')} can be (at most {limit})")
    return figure


__all__ = ["LIMITS", "UNIT_KINDS", "read_figure"]
