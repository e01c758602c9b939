"""Regular expressions for quantity strings (``15万``, ``30人``, ``60%``) that accept exactly what a field takes.

A profile field takes a quantity string when its value, once the multiplier is applied, meets the
field's bounds and decimal places: ``1.5万`` is a whole number of people, ``1.5%`` is not; ``0.6`` and
``60%`` are shares, ``2`` is not. These patterns say so in a form JSON Schema validators in any
language run (ECMA-262: character classes, groups, alternation and counted repeats; no ``\\d`` or
``\\s``, whose meaning differs between regex dialects).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

#: what Python's str.isspace() calls whitespace: the characters the quantity reader skips
QUANTITY_SPACE = "".join(chr(c) for c in range(0x10000) if chr(c).isspace())
#: what pydantic strips from the ends of a code (Unicode White_Space): the same less U+001C–U+001F
CODE_SPACE = "".join(c for c in QUANTITY_SPACE if not "\x1c" <= c <= "\x1f")


def char_class(chars: str) -> str:
    """A regex character class of ``chars`` as ranges of \\uXXXX escapes (portable, unambiguous)."""
    codes = sorted({ord(c) for c in chars})
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    parts = [f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in runs]
    return "[" + "".join(parts) + "]"


@dataclass(frozen=True)
class Bounds:
    """What a numeric field takes: a lower bound (0 or none), an upper bound (1 or none), decimals."""

    places: int
    non_negative: bool = True
    at_most_one: bool = False


def quantity_pattern(bounds: Bounds, multipliers: dict[str, Decimal], units: tuple[str, ...]) -> str:
    """An anchored pattern for the quantity strings whose value fits ``bounds``.

    ``multipliers`` maps each multiplier word ("" for none) to its factor, a power of ten.
    """
    space = char_class(QUANTITY_SPACE) + "*"
    unit = "(?:" + "|".join(units) + ")"
    alternatives = []
    for word, factor in multipliers.items():
        exponent = factor.adjusted()  # 万 -> 4, % -> -2
        number = _number(bounds, exponent)
        zero = "-0+(?:\\.0+)?"  # "-0" is zero, which every non-negative field takes
        signed = f"(?:{number}|{zero})" if bounds.non_negative else f"-?{number}"
        after = f"{space}{word}" if word else ""
        alternatives.append(f"{signed}{after}{space}{unit}?")
    return f"^{space}(?:{'|'.join(alternatives)}){space}$"


def _number(bounds: Bounds, exponent: int) -> str:
    """Digits whose value times 10**exponent meets ``bounds`` (the sign is handled by the caller)."""
    digits = "[0-9]"
    # the value has at most `places` decimals when the number has at most places + exponent
    # significant decimals (trailing zeros change nothing)
    keep = bounds.places + exponent
    if bounds.at_most_one:
        return _at_most(exponent, keep)
    if keep >= 1:
        return f"{digits}+(?:\\.(?:{digits}{{1,{keep}}}0*|0+))?"
    if keep == 0:
        return f"{digits}+(?:\\.0+)?"
    # fewer than no decimals: the integer part must end in -keep zeros (3000% is 30 people)
    return f"(?:{digits}*{'0' * -keep}|0+)(?:\\.0+)?"


def _at_most(exponent: int, keep: int) -> str:
    """Numbers n with n * 10**exponent <= 1 and at most ``keep`` significant decimals."""
    digits = "[0-9]"
    if exponent <= 0:
        # the number is at most 10**-exponent: up to -exponent integer digits, or exactly 1 followed by zeros
        width = -exponent
        whole = f"0*{digits}{{1,{width}}}" if width else "0+"
        fraction = f"(?:\\.(?:{digits}{{1,{keep}}}0*|0+))?" if keep >= 1 else "(?:\\.0+)?"
        limit = f"0*1{'0' * width}(?:\\.0+)?"
        return f"(?:{whole}{fraction}|{limit})"
    # the number is at most 10**-exponent = 0.0…01: `exponent` leading zero decimals, then up to
    # keep - exponent significant ones; or 0.0…01 itself
    tail = keep - exponent
    below = f"0+\\.0{{{exponent}}}{digits}{{0,{tail}}}0*" if tail >= 1 else f"0+\\.0{{{exponent}}}0*"
    shorter = f"0+(?:\\.0{{1,{exponent}}})?"
    limit = f"0+\\.{'0' * (exponent - 1)}10*"
    return f"(?:{below}|{shorter}|{limit})"
