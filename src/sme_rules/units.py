"""Exact quantities written the way the documents write them: ``15万``, ``4亿``, ``60%``, ``2000元``.

>>> parse_quantity("15万")
Decimal('150000')
>>> parse_quantity("4亿元")
Decimal('400000000')
>>> parse_quantity("60%")
Decimal('0.6')
>>> parse_quantity("150000.01")
Decimal('150000.01')

Given the unit kind of the field or parameter it is for, a quantity's suffix must fit that kind, so
that ``60%`` is never read as 0.6 元 nor ``4亿元`` as a head count:

>>> parse_quantity("60%", "money")
Traceback (most recent call last):
...
ValueError: '60%' is written as a share (%), but this is an amount of money (元)
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

#: each multiplier word and its factor (a power of ten); the wire schema's patterns are built from these
MULTIPLIERS: dict[str, Decimal] = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000), "%": Decimal("0.01"), "千": Decimal(1000)}
#: unit words a quantity may end with; with a kind given, they must fit it (below)
UNIT_WORDS = ("元", "人", "年", "个", "次", "家")
# ASCII digits only: the wire format's JSON Schema patterns say [0-9], the same in every language
# (and \d would match Arabic-Indic, Devanagari … digits, which no document writes)
_PATTERN = re.compile(r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(万|亿|%|千)?\s*(" + "|".join(UNIT_WORDS) + r")?\s*$")

#: what each unit kind is called, and the suffixes it may carry (multiplier, unit)
KIND_NAMES = {"money": "an amount of money (元)", "count": "a count (人/个/家/次)", "ratio": "a share (%)",
              "years": "a number of years (年)", "number": "a plain number"}
_MULTIPLIERS_OF = {"money": {"", "万", "亿", "千"}, "count": {""}, "ratio": {"", "%"}, "years": {""}, "number": {""}}
_UNITS_OF = {"money": {"", "元"}, "count": {"", "人", "个", "家", "次"}, "ratio": {""}, "years": {"", "年"}, "number": {""}}
_SUFFIX_KIND = {"%": "share (%)", "万": "money multiplier (万)", "亿": "money multiplier (亿)", "千": "money multiplier (千)",
                "元": "money (元)", "人": "count (人)", "个": "count (个)", "家": "count (家)", "次": "count (次)", "年": "years (年)"}
#: the most digits a quantity may have: beyond 38 no amount, count or share in these rules is meaningful
MAX_DIGITS = 38


def suffixes_of(kind: str) -> tuple[dict[str, Decimal], tuple[str, ...]]:
    """The multipliers (word → factor) and unit words a quantity of ``kind`` may carry."""
    multipliers = {word: MULTIPLIERS[word] for word in MULTIPLIERS if word in _MULTIPLIERS_OF[kind]}
    return multipliers, tuple(u for u in UNIT_WORDS if u in _UNITS_OF[kind])


def fold_text(text: str) -> str:
    """NFKC: full-width digits and letters (``５４０１０２``, ``Ｃ１３``) become their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def parse_quantity(text: str, kind: str | None = None) -> Decimal:
    """Read a number with an optional Chinese multiplier and unit; exact, never float.

    With ``kind`` (``money``, ``count``, ``ratio``, ``years``, ``number``), a suffix of another kind
    is an error rather than a silently different figure.
    """
    folded = fold_text(text)
    match = _PATTERN.match(folded)
    if not match:
        raise ValueError(f"not a quantity: {text!r} (write e.g. 15万, 4亿, 60%, 2000元, 0.6)")
    number, multiplier, unit = match.groups()
    if len(number.replace("-", "").replace(".", "")) > MAX_DIGITS:
        raise ValueError(f"not a quantity: {text[:20]!r}… has more than {MAX_DIGITS} digits")
    if kind is not None and kind in _MULTIPLIERS_OF:
        for suffix, allowed in ((multiplier or "", _MULTIPLIERS_OF[kind]), (unit or "", _UNITS_OF[kind])):
            if suffix not in allowed:
                raise ValueError(f"{text!r} is written as a {_SUFFIX_KIND[suffix]}, but this is {KIND_NAMES[kind]}")
    try:
        value = Decimal(number) * MULTIPLIERS[multiplier or ""]
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"not a quantity: {text!r}") from exc
    return normalise(value)


def is_quantity(text: str) -> bool:
    """True when ``text`` reads as a quantity (with or without a unit)."""
    return _PATTERN.match(fold_text(text)) is not None


def has_unit_suffix(text: str) -> bool:
    """True for ``15万``/``60%``/``2000元`` but not for a bare number."""
    match = _PATTERN.match(fold_text(text))
    return bool(match and (match.group(2) or match.group(3)))


def normalise(value: Decimal) -> Decimal:
    """Drop trailing zeros without going to exponent form: 150000, 0.6, 150000.01."""
    if value == value.to_integral_value():
        # via text: quantize() would exceed the context's 28 digits for very large numbers
        return Decimal(format(value, "f"))
    return value.normalize()


__all__ = ["KIND_NAMES", "MAX_DIGITS", "MULTIPLIERS", "UNIT_WORDS", "fold_text", "has_unit_suffix", "is_quantity", "normalise", "parse_quantity"]
