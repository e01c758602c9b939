"""A table such as 划型标准 checked as a decision table: complete, and its bounds in order.

Like a DMN analyser, it reports a *gap* (a value of the key that selects no row, so some firms get no
answer) and an *overlap* (bounds out of order, so one firm falls in two size classes or in none):

- every value the key fact takes has a row, or is listed under the table's ``outside:`` (values for
  which the table deliberately has no figures, such as 金融业 outside 工信部联企业〔2011〕300号);
  a row whose name the key never takes can never be selected;
- in a row, the bounds of one indicator ascend by size class: ``small_<x>`` ≤ ``medium_<x>`` ≤
  ``sme_<x>_below`` (小型 from small, 中型 from medium, SME below the cap), so the classes are
  disjoint intervals that tile the axis;
- a case of the key fact that lists several rows (行业代码 F: 批发业 or 零售业) applies only to codes
  that no case of one value decides (:func:`decided_by`), so the key is unknown exactly there.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal

from . import ir

#: the size classes' column prefixes, smallest class first; a column is <prefix><indicator><suffix>
_LADDER: tuple[tuple[str, str, str], ...] = (("small_", "", "小型下限"), ("medium_", "", "中型下限"), ("sme_", "_below", "中小企业上限"))


def coverage_problems(rows: Sequence[str], key_values: Sequence[str] | None, outside: Sequence[str]) -> list[tuple[str | None, str]]:
    """(row or None, message) for every gap and unreachable row; ``key_values`` None: the key's values are open."""
    if key_values is None:
        return []
    out: list[tuple[str | None, str]] = []
    missing = [v for v in key_values if v not in rows and v not in outside]
    if missing:
        out.append((None, f"gap: no row for {', '.join(missing)} (add the row, or list the value under outside: if the table has no figures for it)"))
    for row in rows:
        if row not in key_values:
            out.append((row, f"row {row!r} is never selected: the key takes {list(key_values)}"))
        elif row in outside:
            out.append((row, f"row {row!r} is also listed under outside:"))
    for value in outside:
        if value not in key_values:
            out.append((None, f"outside: {value!r} is not a value of the key"))
    return out


def order_problems(row: str, cells: Mapping[str, Decimal]) -> list[tuple[str, str]]:
    """(column, message) where a row's bounds of one indicator are out of size-class order."""
    indicators = {c[len("small_"):] for c in cells if c.startswith("small_")} | {c[len("medium_"):] for c in cells if c.startswith("medium_")}
    out: list[tuple[str, str]] = []
    for indicator in sorted(indicators):
        ladder = [(f"{prefix}{indicator}{suffix}", label) for prefix, suffix, label in _LADDER]
        present = [(column, label, cells[column]) for column, label in ladder if column in cells]
        for (low_col, low_label, low), (high_col, high_label, high) in itertools.pairwise(present):
            if low > high:
                out.append((high_col, (
                    f"overlap: {row}.{high_col} {high} ({high_label}) is below {low_col} {low} ({low_label}); "
                    "the size classes of one indicator must ascend"
                )))
    return out


def tested_values(expr: ir.Expr) -> tuple[str, tuple[str, ...]] | None:
    """(field, values) of ``field == "v"`` or ``field in ["v", …]``; ``None`` for any other condition."""
    if isinstance(expr, ir.Cmp) and expr.op == "==":
        for name, value in ((expr.left, expr.right), (expr.right, expr.left)):
            if isinstance(name, ir.FieldRef) and isinstance(value, ir.Const) and isinstance(value.value, str):
                return name.name, (value.value,)
    if isinstance(expr, ir.In) and not expr.negated and isinstance(expr.item, ir.FieldRef):
        values = tuple(o.value for o in expr.options)
        if all(isinstance(v, str) for v in values):
            return expr.item.name, tuple(str(v) for v in values)
    return None


def decided_by(cases: Sequence[tuple[int, ir.Expr]], field: str, value: str) -> int | None:
    """The first of ``cases`` (index, condition) that may hold when ``field`` is ``value``, whatever
    the other fields are; ``None`` when every one is false there."""
    for index, when in cases:
        if _holds(when, field, value) is not False:
            return index
    return None


def _holds(expr: ir.Expr, field: str, value: str) -> bool | None:
    """Three-valued: ``expr`` with ``field`` = ``value`` and every other input unknown."""
    if isinstance(expr, ir.Const) and isinstance(expr.value, bool):
        return expr.value
    if isinstance(expr, ir.Not):
        inner = _holds(expr.item, field, value)
        return None if inner is None else not inner
    if isinstance(expr, ir.And | ir.Or):
        found = [_holds(i, field, value) for i in expr.items]
        absorbing = isinstance(expr, ir.Or)  # true decides an or, false an and
        if absorbing in found:
            return absorbing
        return None if None in found else not absorbing
    subject = expr.item if isinstance(expr, ir.StartsWith | ir.In) else None
    if isinstance(expr, ir.Cmp) and expr.op in ("==", "!=") and isinstance(expr.right, ir.Const):
        subject = expr.left
    if not (isinstance(subject, ir.FieldRef) and subject.name == field):
        return None
    if isinstance(expr, ir.StartsWith):
        return value.startswith(expr.prefixes)
    if isinstance(expr, ir.In):
        return any(value == o.value for o in expr.options) != expr.negated
    assert isinstance(expr, ir.Cmp) and isinstance(expr.right, ir.Const)
    return (value == expr.right.value) == (expr.op == "==")


__all__ = ["coverage_problems", "decided_by", "order_problems", "tested_values"]
