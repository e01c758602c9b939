"""Columns of many enterprises, as the vector backend holds them, and the kernels that combine them.

Three shapes, each exact:

- :class:`Tri`: a three-valued result as two boolean masks, ``true`` and ``false``; a row in
  neither is unknown (Kleene logic is then a few bitwise operations);
- :class:`Num`: int64 values scaled by ``10**scale`` plus a ``known`` mask; money is held in fen,
  ratios in millionths, so no comparison ever goes through a float;
- :class:`Text`: codes (``intp``, so gathers need no conversion) into a dictionary of distinct strings, ``-1`` for unknown; a test on
  the strings runs once per distinct value and is gathered back through the codes.

An array may be zero-dimensional: a constant (a literal, a parameter on the date) broadcasts
against whole columns without ever being materialised.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...errors import SmeRulesError

Mask = NDArray[np.bool_]
Ints = NDArray[np.int64]
Codes = NDArray[np.intp]

INT64_MAX = int(np.iinfo(np.int64).max)
INT64_MIN = int(np.iinfo(np.int64).min)
#: decimal places each numeric kind is held to; the profile's own precision for the field kinds
SCALE = {"money": 2, "years": 2, "count": 0, "ratio": 6, "number": 6}


class VectorUnsupported(SmeRulesError, TypeError):
    """An IR node or value the vector backend cannot evaluate exactly; never a wrong answer instead."""


@dataclass(frozen=True, slots=True)
class Tri:
    true: Mask
    false: Mask

    @property
    def known(self) -> Mask:
        return self.true | self.false


@dataclass(frozen=True, slots=True)
class Num:
    values: Ints
    known: Mask
    scale: int


@dataclass(frozen=True, slots=True)
class Text:
    codes: Codes
    dictionary: tuple[str, ...]

    @property
    def known(self) -> Mask:
        return self.codes >= 0


Column = Tri | Num | Text

TRUE = np.asarray(True)
FALSE = np.asarray(False)


def is_static(column: Column) -> bool:
    """A constant: every array is zero-dimensional."""
    first = column.true if isinstance(column, Tri) else column.values if isinstance(column, Num) else column.codes
    return first.ndim == 0


def unknown(kind: str) -> Column:
    """The all-unknown constant of a value kind."""
    if kind == "bool":
        return Tri(FALSE, FALSE)
    if kind == "str":
        return Text(np.asarray(-1, dtype=np.intp), ())
    return Num(np.asarray(0, dtype=np.int64), FALSE, 0)


def constant(value: bool | str | Decimal | None, kind: str) -> Column:
    """A literal or a parameter value as a zero-dimensional column."""
    if value is None:
        return unknown(kind)
    if isinstance(value, bool):
        return Tri(np.asarray(value), np.asarray(not value))
    if isinstance(value, str):
        return Text(np.asarray(0, dtype=np.intp), (value,))
    scale = max(0, -int(value.normalize().as_tuple().exponent))
    scaled = int(value.scaleb(scale))
    if not INT64_MIN <= scaled <= INT64_MAX:
        # kept exact as a Python integer: a comparison turns it into an answer (every x is below it)
        return Num(np.asarray(scaled, dtype=object), TRUE, scale)
    return Num(np.asarray(scaled, dtype=np.int64), TRUE, scale)


def tri_from(result: Mask, known: Mask) -> Tri:
    true = result & known
    return Tri(true, known ^ true)  # true lies within known: the rest of known is false


def as_constant(column: Column) -> Column:
    """A column computed on a single row of constants, as zero-dimensional arrays."""
    if isinstance(column, Tri):
        return Tri(np.asarray(column.true).reshape(()), np.asarray(column.false).reshape(()))
    if isinstance(column, Num):
        return Num(np.asarray(column.values).reshape(()), np.asarray(column.known).reshape(()), column.scale)
    return Text(np.asarray(column.codes).reshape(()), column.dictionary)


def take(column: Column, rows: NDArray[Any]) -> Column:
    """The given rows of a column (a constant stays as it is)."""
    if isinstance(column, Tri):
        return Tri(_take(column.true, rows), _take(column.false, rows))
    if isinstance(column, Num):
        return Num(_take(column.values, rows), _take(column.known, rows), column.scale)
    return Text(_take(column.codes, rows), column.dictionary)


def _take(array: NDArray[Any], rows: NDArray[Any]) -> NDArray[Any]:
    return array if array.ndim == 0 else array.take(rows)


def broadcast(column: Column, size: int) -> Column:
    """A column with ``size`` rows (constants spread out); read-only views where possible."""
    if isinstance(column, Tri):
        return Tri(np.broadcast_to(column.true, (size,)), np.broadcast_to(column.false, (size,)))
    if isinstance(column, Num):
        return Num(np.broadcast_to(column.values, (size,)), np.broadcast_to(column.known, (size,)), column.scale)
    return Text(np.broadcast_to(column.codes, (size,)), column.dictionary)


# --------------------------------------------------------------------------- numbers


def rescale(column: Num, scale: int) -> Num:
    """The same numbers held to more decimal places; refuses rather than overflow."""
    if scale == column.scale:
        return column
    factor = 10 ** (scale - column.scale)
    _check_range(column, factor)
    return Num(column.values * np.int64(factor), column.known, scale)


def _check_range(column: Num, factor: int) -> None:
    values = column.values[column.known] if column.values.ndim else column.values
    if values.size and max(abs(int(values.max())), abs(int(values.min()))) * factor > INT64_MAX:
        raise VectorUnsupported("a value is too large for the vector backend's exact integers")


def aligned(left: Num, right: Num) -> tuple[Num, Num]:
    scale = max(left.scale, right.scale)
    return rescale(left, scale), rescale(right, scale)


NUMPY_COMPARE = _NUMPY_COMPARE = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def compare_numbers(op: str, left: Num, right: Num) -> Tri:
    if is_static(right) and not is_static(left):
        return _compare_with_figure(op, left, right)
    if is_static(left) and not is_static(right):
        return _compare_with_figure(FLIPPED[op], right, left)
    left, right = aligned(left, right)
    return tri_from(_NUMPY_COMPARE[op](left.values, right.values), left.known & right.known)


def _compare_with_figure(op: str, column: Num, figure: Num) -> Tri:
    """``column op figure`` at the column's scale, rounding a figure between two units the safe way."""
    if not bool(figure.known):
        return Tri(FALSE, FALSE)
    bound = whole_bound(op, Decimal(int(figure.values)).scaleb(-figure.scale), column.scale)
    if isinstance(bound, bool):
        return tri_from(np.asarray(bound), column.known)
    return tri_from(_NUMPY_COMPARE[op](column.values, np.int64(bound)), column.known)


def whole_bound(op: str, figure: Decimal, scale: int) -> int | bool:
    """The integer ``b`` with ``x op figure ⇔ x·10**scale op b`` for every x held to ``scale`` places;
    or, when no integer serves, whether the comparison holds for every such x.

    x ≤ 0.005 ⇔ x_fen ≤ 0 and x < 0.005 ⇔ x_fen < 1: a figure between two units rounds toward the
    side the operator keeps; a whole number of units never equals a figure between two of them.
    """
    exact = figure.scaleb(scale)
    if exact != exact.to_integral_value():
        if op in ("<=", ">"):
            exact = exact.to_integral_value(ROUND_FLOOR)
        elif op in ("<", ">="):
            exact = exact.to_integral_value(ROUND_CEILING)
        else:
            return op == "!="
    bound = int(exact)
    if bound > INT64_MAX or bound < INT64_MIN:
        # beyond every representable value: the answer is the same for every known row
        above = bound > INT64_MAX
        return op in ("<", "<=", "!=") if above else op in (">", ">=", "!=")
    return bound


def arithmetic(op: str, left: Num, right: Num) -> Num:
    """``+ - *`` and ``min``/``max`` on exact scaled integers; the result is unknown where either is."""
    known = left.known & right.known
    if op == "*":
        _check_product(left, right)
        return Num(left.values * right.values, known, left.scale + right.scale)
    left, right = aligned(left, right)
    if op in ("+", "-"):
        _check_range(left, 2)
        _check_range(right, 2)
        values = left.values + right.values if op == "+" else left.values - right.values
        return Num(values, known, left.scale)
    values = np.minimum(left.values, right.values) if op == "min" else np.maximum(left.values, right.values)
    return Num(values, known, left.scale)


def _check_product(left: Num, right: Num) -> None:
    def largest(column: Num) -> int:
        values = column.values[column.known] if column.values.ndim else column.values
        return max(abs(int(values.max())), abs(int(values.min()))) if values.size else 0

    if largest(left) * largest(right) > INT64_MAX:
        raise VectorUnsupported("a product is too large for the vector backend's exact integers")


# --------------------------------------------------------------------------- strings and booleans


def text_lookup(column: Text, table: list[bool]) -> Tri:
    """A test already applied to each dictionary entry, gathered for every row (unknown stays unknown)."""
    # the extra last entry is what code -1 (unknown) reads: neither true nor false
    states = np.array([*(1 if t else 2 for t in table), 0], dtype=np.int8)
    return tri_of_states(states, column.codes)


def tri_of_states(states: NDArray[np.int8], codes: NDArray[Any]) -> Tri:
    """Gather states (1 true, 2 false, 0 unknown) by code: one gather, where two masks would need two."""
    if codes.ndim == 0:
        state = int(states[int(codes)])
        return Tri(np.asarray(state == 1), np.asarray(state == 2))
    gathered = states.take(codes)
    return Tri(gathered == 1, gathered == 2)


def states_of(column: Tri, size: int) -> NDArray[np.int8]:
    """The inverse of :func:`tri_of_states` for a small column (a lookup table)."""
    true = np.broadcast_to(column.true, (size,))
    false = np.broadcast_to(column.false, (size,))
    return true.astype(np.int8) + (false.astype(np.int8) << 1)


def compare_texts(op: str, left: Text, right: Text) -> Tri:
    if op in ("==", "!=") and is_static(right) and right.dictionary and not is_static(left):
        if right.dictionary[int(right.codes)] not in left.dictionary:
            return tri_from(np.asarray(op == "!="), left.known)
        code = left.dictionary.index(right.dictionary[int(right.codes)])
        hit = left.codes == code
        return Tri(hit, left.known & ~hit) if op == "==" else Tri(left.known & ~hit, hit)
    if is_static(left) and not is_static(right):
        return compare_texts(FLIPPED[op], right, left)
    # two columns (or an ordering): compare ranks in one sorted dictionary
    merged = sorted(set(left.dictionary) | set(right.dictionary))
    rank = {s: i for i, s in enumerate(merged)}
    left_ranks = np.array([*(rank[s] for s in left.dictionary), -1], dtype=np.int64).take(left.codes)
    right_ranks = np.array([*(rank[s] for s in right.dictionary), -1], dtype=np.int64).take(right.codes)
    return tri_from(_NUMPY_COMPARE[op](left_ranks, right_ranks), (left_ranks >= 0) & (right_ranks >= 0))


def compare_tris(op: str, left: Tri, right: Tri) -> Tri:
    if op in ("==", "!="):
        if is_static(left) and not is_static(right):
            left, right = right, left
        if is_static(right):
            if not bool(right.true | right.false):
                return Tri(FALSE, FALSE)
            same = bool(right.true) == (op == "==")
            return left if same else Tri(left.false, left.true)
        equal = (left.true & right.true) | (left.false & right.false)
        differ = (left.true & right.false) | (left.false & right.true)
        return Tri(equal, differ) if op == "==" else Tri(differ, equal)
    # False < True, as Python orders them
    as_number = [Num(c.true.astype(np.int64), c.known, 0) for c in (left, right)]
    return compare_numbers(op, as_number[0], as_number[1])


def kleene_and(items: list[Tri]) -> Tri:
    true, false = items[0].true, items[0].false
    for item in items[1:]:
        true = true & item.true
        false = false | item.false
    return Tri(true, false)


def kleene_or(items: list[Tri]) -> Tri:
    true, false = items[0].true, items[0].false
    for item in items[1:]:
        true = true | item.true
        false = false & item.false
    return Tri(true, false)


# --------------------------------------------------------------------------- choosing between columns


def choose(size: int, picks: list[tuple[Mask, Column]], kind: str, dictionary: tuple[str, ...] | None) -> Column:
    """Each row from the column whose (disjoint) mask holds there; a row no mask holds is unknown."""
    if kind == "bool":
        true, false = FALSE, FALSE
        for mask, column in picks:
            assert isinstance(column, Tri)
            true = true | (mask & column.true)
            false = false | (mask & column.false)
        return Tri(true, false)
    if kind == "str":
        texts = [c for _, c in picks if isinstance(c, Text)]
        merged = dictionary or tuple(dict.fromkeys(s for t in texts for s in t.dictionary))
        codes = np.full(size, -1, dtype=np.intp)
        for mask, column in picks:
            assert isinstance(column, Text)
            codes = np.where(mask, recode(column, merged), codes)
        return Text(codes, merged)
    numbers = [c for _, c in picks if isinstance(c, Num)]
    scale = max((c.scale for c in numbers), default=0)
    values = np.zeros(size, dtype=np.int64)
    known = np.zeros(size, dtype=np.bool_)
    for mask, column in picks:
        assert isinstance(column, Num)
        column = rescale(column, scale)
        values = np.where(mask, column.values, values)
        known = known | (mask & column.known)
    return Num(values, known, scale)


def recode(column: Text, dictionary: tuple[str, ...]) -> Codes:
    """A text column's codes in another dictionary that holds all of its strings."""
    if column.dictionary == dictionary:
        return column.codes
    index = {s: i for i, s in enumerate(dictionary)}
    table = np.array([*(index[s] for s in column.dictionary), -1], dtype=np.intp)
    return table.take(column.codes)


def scatter(size: int, parts: list[tuple[NDArray[np.intp], Column]], kind: str, dictionary: tuple[str, ...] | None) -> Column:
    """Columns computed on disjoint row subsets put back in place; rows in no subset are unknown."""
    if kind == "bool":
        true = np.zeros(size, dtype=np.bool_)
        false = np.zeros(size, dtype=np.bool_)
        for rows, column in parts:
            assert isinstance(column, Tri)
            true[rows] = column.true
            false[rows] = column.false
        return Tri(true, false)
    if kind == "str":
        texts = [c for _, c in parts if isinstance(c, Text)]
        merged = dictionary or tuple(dict.fromkeys(s for t in texts for s in t.dictionary))
        codes = np.full(size, -1, dtype=np.intp)
        for rows, column in parts:
            assert isinstance(column, Text)
            codes[rows] = recode(column, merged)
        return Text(codes, merged)
    numbers = [c for _, c in parts if isinstance(c, Num)]
    scale = max((c.scale for c in numbers), default=0)
    values = np.zeros(size, dtype=np.int64)
    known = np.zeros(size, dtype=np.bool_)
    for rows, column in parts:
        assert isinstance(column, Num)
        column = rescale(column, scale)
        values[rows] = column.values
        known[rows] = column.known
    return Num(values, known, scale)


__all__ = [
    "SCALE",
    "Column",
    "Num",
    "Text",
    "Tri",
    "VectorUnsupported",
    "as_constant",
    "broadcast",
    "choose",
    "compare_numbers",
    "compare_texts",
    "compare_tris",
    "constant",
    "is_static",
    "kleene_and",
    "kleene_or",
    "recode",
    "scatter",
    "states_of",
    "take",
    "text_lookup",
    "tri_of_states",
    "unknown",
    "whole_bound",
]
