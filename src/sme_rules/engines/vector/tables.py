"""Table row selections folded into one expression with per-row figures, for the vector backend.

A table fact (``is_sme`` over the 划型标准 table) is lowered to a :class:`~sme_rules.language.ir.Switch`: one
branch per table row, each the same condition with that row's cells as constants, comparisons on
cells the row leaves empty dropped. Evaluating sixteen branches on sixteen subsets of a population
costs sixteen rounds of gathering and scattering. Folded, the branches become one expression:

- a constant that differs between rows becomes a :class:`RowFigure`, looked up per row by key;
- an and/or item that some rows dropped becomes a :class:`RowPresent`: the item where the row has
  it, and the neutral value (true in an and, false in an or) where it does not; exactly what
  dropping the item means, unknown fields included;
- the whole is wrapped in a :class:`RowSelected`: rows whose key selects no row stay unknown.

Folding needs the branches to share their shape; where they do not, :func:`fold_table` returns
``None`` and the backend evaluates branch by branch.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...language import ir
from ...language.ir import NO_SPAN, Span


@dataclass(frozen=True, slots=True)
class RowFigure:
    """A constant that depends on the table row the key selects (a cell)."""

    key: ir.Expr
    values: tuple[tuple[str, bool | str | Decimal], ...]  # (row, value) for the rows that have one
    kind: str
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class RowPresent:
    """An and/or item that only the listed rows have; elsewhere it is the neutral ``default``."""

    key: ir.Expr
    rows: tuple[str, ...]
    item: Any  # an IR expression or a folded one
    default: bool
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)


@dataclass(frozen=True, slots=True)
class RowSelected:
    """``body`` where the key selects one of ``rows``; unknown where it selects none."""

    key: ir.Expr
    rows: tuple[str, ...]
    body: Any
    kind: str
    span: Span = dataclasses.field(default=NO_SPAN, compare=False)


class _NoFold(Exception):
    """The branches differ in more than their cells."""


def fold_table(switch: ir.Switch) -> RowSelected | None:
    """The switch as one expression over per-row figures, or ``None`` when its branches differ in shape."""
    rows = tuple(row for row, _ in switch.branches)
    if not rows:
        return None
    try:
        body = _unify(switch.key, rows, [branch for _, branch in switch.branches])
    except _NoFold:
        return None
    return RowSelected(switch.key, rows, body, switch.kind, switch.span)


def _unify(key: ir.Expr, rows: tuple[str, ...], exprs: list[Any]) -> Any:
    """One expression standing for ``exprs`` (one per row; ``None`` where the row has none)."""
    present = [(row, e) for row, e in zip(rows, exprs, strict=True) if e is not None]
    first = present[0][1]
    if all(isinstance(e, ir.Const) for _, e in present):
        if len({e.kind for _, e in present}) != 1:
            raise _NoFold
        if len({(type(e.value), e.value) for _, e in present}) == 1:
            return first
        return RowFigure(key, tuple((row, e.value) for row, e in present), first.kind)
    logic = {type(e) for _, e in present if isinstance(e, ir.And | ir.Or)}
    if logic:
        if len(logic) != 1:
            raise _NoFold
        return _unify_logic(key, rows, exprs, logic.pop())
    if isinstance(first, ir.Switch) or len({type(e) for _, e in present}) != 1:
        raise _NoFold
    if isinstance(first, ir.Cases):
        return _unify_cases(key, rows, exprs)
    return _unify_fields(key, rows, exprs, first)


def _unify_logic(key: ir.Expr, rows: tuple[str, ...], exprs: list[Any], cls: type[ir.And] | type[ir.Or]) -> Any:
    # a row whose and/or kept one item holds that item bare: read it as an and/or of one
    by_row: list[dict[Any, Any] | None] = []
    order: dict[Any, None] = {}
    for expr in exprs:
        if expr is None:
            by_row.append(None)
            continue
        items = expr.items if isinstance(expr, cls) else (expr,)
        shapes = {shape(item): item for item in items}
        if len(shapes) != len(items):
            raise _NoFold  # two items of one shape: which pairs with which is not clear
        by_row.append(shapes)
        order.update(dict.fromkeys(shapes))
    folded: list[Any] = []
    for item_shape in order:
        column = [None if found is None else found.get(item_shape) for found in by_row]
        item = _unify(key, rows, column)
        having = tuple(row for row, found, own in zip(rows, by_row, column, strict=True) if found is not None and own is not None)
        lacking = [row for row, found, own in zip(rows, by_row, column, strict=True) if found is not None and own is None]
        folded.append(RowPresent(key, having, item, cls is ir.And) if lacking else item)
    return folded[0] if len(folded) == 1 else cls(tuple(folded))


def _unify_cases(key: ir.Expr, rows: tuple[str, ...], exprs: list[Any]) -> Any:
    present = [e for e in exprs if e is not None]
    if len({len(e.cases) for e in present}) != 1 or len({e.otherwise is None for e in present}) != 1:
        raise _NoFold  # a row that drops a whole case: left to the branch-by-branch path
    first = present[0]
    cases = []
    for i in range(len(first.cases)):
        when = _unify(key, rows, [None if e is None else e.cases[i].when for e in exprs])
        value = _unify(key, rows, [None if e is None else e.cases[i].value for e in exprs])
        cases.append(ir.Case(when, value))
    otherwise = None
    if first.otherwise is not None:
        otherwise = _unify(key, rows, [None if e is None else e.otherwise for e in exprs])
    return ir.Cases(tuple(cases), otherwise, first.kind, first.span)


def _unify_fields(key: ir.Expr, rows: tuple[str, ...], exprs: list[Any], first: Any) -> Any:
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(first):
        if field.name == "span":
            continue
        values = [None if e is None else getattr(e, field.name) for e in exprs]
        sample = getattr(first, field.name)
        if isinstance(first, ir.In) and field.name == "options":
            if len({repr(v) for v in values if v is not None}) != 1:
                raise _NoFold
        elif _is_expr(sample):
            changes[field.name] = _unify(key, rows, values)
        elif isinstance(sample, tuple) and sample and all(_is_expr(v) for v in sample):
            lengths = {len(v) for v in values if v is not None}
            if len(lengths) != 1:
                raise _NoFold
            changes[field.name] = tuple(_unify(key, rows, [None if v is None else v[i] for v in values]) for i in range(len(sample)))
        elif len({repr(v) for v in values if v is not None}) != 1:
            raise _NoFold  # an operator, a name or a prefix that differs between rows
    return dataclasses.replace(first, **changes)


def _is_expr(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and hasattr(value, "span") and not isinstance(value, type)


def shape(expr: Any) -> Any:
    """What an expression is, constants left out: branches of one table differ only there."""
    if isinstance(expr, ir.Const):
        return ("const", expr.kind)
    if not _is_expr(expr):
        return repr(expr)
    parts: list[Any] = [type(expr).__name__]
    for field in dataclasses.fields(expr):
        if field.name == "span":
            continue
        value = getattr(expr, field.name)
        if isinstance(value, tuple):
            parts.append(tuple(shape(v) if _is_expr(v) else _case_shape(v) for v in value))
        elif _is_expr(value):
            parts.append(shape(value))
        else:
            parts.append(repr(value))
    return tuple(parts)


def _case_shape(value: Any) -> Any:
    if isinstance(value, ir.Case):
        return ("case", shape(value.when), shape(value.value))
    return repr(value)


__all__ = ["RowFigure", "RowPresent", "RowSelected", "fold_table", "shape"]
