"""Exact quantities written the way the documents write them: ``15万``, ``4亿``, ``60%``, ``2000元``.

>>> parse_quantity("15万")
Decimal('150000')
>>> parse_quantity("4亿元")
Decimal('400000000')
>>> parse_quantity("60%")
Decimal('0.6')
>>> parse_quantity("150000.01")
Decimal('150000.01')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

#: each multiplier word and its factor (a power of ten); the wire schema's patterns are built from these
MULTIPLIERS: dict[str, Decimal] = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000), "%": Decimal("0.01"), "千": Decimal(1000)}
#: unit words a quantity may end with (read, not checked against the field)
UNIT_WORDS = ("元", "人", "年", "个", "次", "家")
# ASCII digits only: the wire format's JSON Schema patterns say [0-9], the same in every language
_PATTERN = re.compile(r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(万|亿|%|千)?\s*(" + "|".join(UNIT_WORDS) + r")?\s*$")


def parse_quantity(text: str) -> Decimal:
    """Read a number with an optional Chinese multiplier and unit; exact, never float."""
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"not a quantity: {text!r} (write e.g. 15万, 4亿, 60%, 2000元, 0.6)")
    number, multiplier, _unit = match.groups()
    try:
        value = Decimal(number) * MULTIPLIERS[multiplier or ""]
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"not a quantity: {text!r}") from exc
    return normalise(value)


def is_quantity(text: str) -> bool:
    """True when ``text`` reads as a quantity (with or without a unit)."""
    return _PATTERN.match(text) is not None


def has_unit_suffix(text: str) -> bool:
    """True for ``15万``/``60%``/``2000元`` but not for a bare number."""
    match = _PATTERN.match(text)
    return bool(match and (match.group(2) or match.group(3)))


def normalise(value: Decimal) -> Decimal:
    """Drop trailing zeros without going to exponent form: 150000, 0.6, 150000.01."""
    if value == value.to_integral_value():
        # via text: quantize() would exceed the context's 28 digits for very large numbers
        return Decimal(format(value, "f"))
    return value.normalize()


__all__ = ["MULTIPLIERS", "UNIT_WORDS", "has_unit_suffix", "is_quantity", "normalise", "parse_quantity"]
