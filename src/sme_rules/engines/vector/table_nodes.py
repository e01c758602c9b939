"""Compile rules for folded table rows (see ``tables``): per-row figures and row masks.

The key of a table (``industry_group``) is a string column with a short dictionary. Each row's key
becomes one bit of a 32-bit word (:class:`KeyBits`, one gather per batch), so that "does the key
select one of these table rows" (:class:`RowIn`) is an ``and`` with a mask; a comparison with a
cell gathers each row's bound, already rounded to the compared column's scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...language import ir
from .batch import Batch, Compiler, Node, RowTables, as_num, as_text, as_tri
from .columns import (
    FALSE,
    FLIPPED,
    NUMPY_COMPARE,
    TRUE,
    Column,
    Num,
    Text,
    Tri,
    broadcast,
    compare_numbers,
    constant,
    recode,
    rescale,
    scatter,
    take,
    tri_from,
    unknown,
    whole_bound,
)
from .tables import RowFigure, RowPresent, RowSelected


@dataclass(frozen=True, slots=True)
class KeyBits:
    """Each row's key as one bit of an integer (bit i: dictionary entry i; none for unknown), so that
    "is the key one of these rows" is an ``and`` with a mask instead of a gather per row set."""

    key: ir.Expr


def compile_key_bits(expr: KeyBits, compiler: Compiler) -> Node:
    key = compiler.node(expr.key)
    # 32-bit words: half the memory traffic of 64 (the key of a table has a few dozen rows at most)
    tables = RowTables(lambda names: Num(np.array([1 << i if i < 31 else 0 for i in range(len(names))] + [0], dtype=np.uint32), TRUE, 0))

    def run(batch: Batch) -> Column:
        found = tables.gather(key.value(batch))
        return Num(np.asarray(0, dtype=np.uint32), TRUE, 0) if found is None else found

    return Node("number", None, run, key.inputs, 0)


@dataclass(frozen=True, slots=True)
class RowIn:
    """Whether the key selects one of ``rows`` (``true``; ``false`` is never read): one mask shared by
    every folded node that asks."""

    key: ir.Expr
    rows: tuple[str, ...]


def compile_row_in(expr: RowIn, compiler: Compiler) -> Node:
    key = compiler.node(expr.key)
    bits = compiler.node(KeyBits(expr.key))
    chosen = set(expr.rows)
    # only ``true`` is ever read; the last entry is what an unknown key (code -1) reads
    tables = RowTables(lambda names: Tri(np.array([n in chosen for n in names] + [False]), FALSE))
    masks: dict[tuple[str, ...], np.uint32] = {}

    def run(batch: Batch) -> Column:
        selector = key.value(batch)
        if not isinstance(selector, Text):
            return Tri(FALSE, FALSE)
        if len(selector.dictionary) > 31:  # more rows than bits: look each row up
            found = tables.gather(selector)
            return Tri(FALSE, FALSE) if found is None else found
        mask = masks.get(selector.dictionary)
        if mask is None:
            mask = masks[selector.dictionary] = np.uint32(sum(1 << i for i, n in enumerate(selector.dictionary) if n in chosen))
        return Tri((as_num(bits.value(batch)).values & mask) != 0, FALSE)

    return Node("bool", None, run, key.inputs, 0)


def _row_in(compiler: Compiler, key: ir.Expr, rows: tuple[str, ...]) -> Node:
    return compiler.node(RowIn(key, rows))


def compile_row_figure(expr: RowFigure, compiler: Compiler) -> Node:
    key = compiler.node(expr.key)
    kind = expr.kind
    tables = RowTables(lambda names: _row_figure_table(expr, names))

    def run(batch: Batch) -> Column:
        found = tables.gather(key.value(batch))
        return unknown(kind) if found is None else found

    return Node(kind, None, run, key.inputs, 0)


def compare_with_row_figures(expr: ir.Cmp, compiler: Compiler) -> Node:
    """``x op cell``: each row's cell as a whole bound at x's scale, so no column is ever rescaled."""
    flipped = isinstance(expr.left, RowFigure)
    figure = expr.left if flipped else expr.right
    other_expr = expr.right if flipped else expr.left
    assert isinstance(figure, RowFigure)
    op = FLIPPED[expr.op] if flipped else expr.op
    (other,), inputs, weight = compiler.operands((other_expr,))
    key = compiler.node(figure.key)
    cells = dict(figure.values)
    tables: dict[tuple[tuple[str, ...], int], Any] = {}

    def bounds(names: tuple[str, ...], scale: int) -> Any:
        # per row ``x op cell ⇔ x_scaled op bound``; a row whose answer is the same for every x keeps it
        found = [whole_bound(op, Decimal(cells[n]), scale) if isinstance(cells.get(n), Decimal) else 0 for n in names]
        fixed = [b if isinstance(b, bool) else None for b in found]
        if any(f is not None for f in fixed):
            return None
        return np.array([*found, 0], dtype=np.int64)

    def run(batch: Batch) -> Column:
        column = as_num(other.value(batch))
        selector = key.value(batch)
        if not isinstance(selector, Text):
            return Tri(FALSE, FALSE)
        table_key = (selector.dictionary, column.scale)
        if table_key not in tables:
            tables[table_key] = bounds(selector.dictionary, column.scale)
        table = tables[table_key]
        if table is None:  # a cell that no whole bound expresses: compare the slow, general way
            cell = as_num(take(_row_figure_table(figure, selector.dictionary), selector.codes))
            return compare_numbers(op, column, cell)
        return tri_from(NUMPY_COMPARE[op](column.values, table.take(selector.codes)), column.known)

    return Node("bool", None, run, inputs | key.inputs, weight + 1)


def _row_figure_table(figure: RowFigure, names: tuple[str, ...]) -> Column:
    values = dict(figure.values)
    found = [values.get(n) for n in names]
    kind = figure.kind
    if kind == "bool":
        return Tri(np.array([v is True for v in found] + [False]), np.array([v is False for v in found] + [False]))
    if kind == "str":
        dictionary = tuple(dict.fromkeys(str(v) for v in values.values()))
        return Text(np.array([dictionary.index(str(v)) if v is not None else -1 for v in found] + [-1], dtype=np.intp), dictionary)
    numbers = [as_num(constant(v, kind)) if isinstance(v, Decimal) else None for v in found]
    scale = max((c.scale for c in numbers if c is not None), default=0)
    scaled = [int(rescale(c, scale).values) if c is not None else 0 for c in numbers]
    # where a row has no cell the figure is never read: an ancestor RowPresent or RowSelected masks it
    return Num(np.array([*scaled, 0], dtype=np.int64), TRUE, scale)


def compile_row_present(expr: RowPresent, compiler: Compiler) -> Node:
    rows = _row_in(compiler, expr.key, expr.rows)
    (item,), inputs, weight = compiler.operands((expr.item,))
    default = expr.default

    def run(batch: Batch) -> Column:
        has = as_tri(rows.value(batch)).true
        value = as_tri(item.value(batch))
        # an item the row dropped is the neutral element: true in an and, false in an or (rows whose
        # key selects no row at all are unknown in the end: RowSelected masks them)
        if default:
            return Tri(~has | value.true, has & value.false)
        return Tri(has & value.true, ~has | value.false)

    return Node("bool", None, run, inputs | rows.inputs, weight + 1)


def compile_row_selected(expr: RowSelected, compiler: Compiler) -> Node:
    rows = _row_in(compiler, expr.key, expr.rows)
    (body,), inputs, weight = compiler.operands((expr.body,))
    kind = expr.kind

    def run(batch: Batch) -> Column:
        within = as_tri(rows.value(batch)).true
        value = body.value(batch)
        if isinstance(value, Tri):
            return Tri(value.true & within, value.false & within)
        if isinstance(value, Text):
            return Text(np.where(within, value.codes, np.intp(-1)), value.dictionary)
        assert isinstance(value, Num)
        return Num(value.values, value.known & within, value.scale)

    return Node(kind, None, run, inputs | rows.inputs, weight + 1)


def compile_candidates(expr: ir.Switch, by_key: Node, compiler: Compiler) -> Node:
    """``by_key`` (the row the key selects), and where a candidate set holds (the key is unknown
    there) the answer every candidate row gives, each row's branch evaluated on those rows only."""
    bodies = expr.bodies()
    arms: list[tuple[Node, list[Node]]] = []
    inputs = by_key.inputs
    for candidates in expr.candidates:
        if any(r not in bodies for r in candidates.rows):
            continue  # a row the table has none for (not_covered) is unknown: the set never agrees
        when = compiler.node(candidates.when)
        nodes = [compiler.node(bodies[r]) for r in candidates.rows]
        inputs = inputs.union(when.inputs, *(n.inputs for n in nodes))
        arms.append((when, nodes))
    if not arms:
        return by_key
    kind, dictionary = expr.kind, compiler.fact_choices.get(id(expr))

    def run(batch: Batch) -> Column:
        parts: list[tuple[NDArray[np.intp], Column]] = []
        taken = np.zeros(batch.size, dtype=np.bool_)
        for when, nodes in arms:
            rows = np.flatnonzero(np.broadcast_to(as_tri(when.value(batch)).true, (batch.size,)))
            if len(rows) == 0:
                continue
            taken[rows] = True
            within = batch if len(rows) == batch.size else batch.subset(rows)
            parts.append((rows, agreement([broadcast(n.value(within), len(rows)) for n in nodes], kind)))
        if not parts:
            return by_key.value(batch)
        rest = np.flatnonzero(~taken)
        if len(rest):
            parts.append((rest, take(broadcast(by_key.value(batch), batch.size), rest)))
        return scatter(batch.size, parts, kind, dictionary)

    return Node(kind, None, run, inputs, by_key.weight + 1)


def agreement(answers: list[Column], kind: str) -> Column:
    """Per row, the answer every column gives where all are known and equal; unknown elsewhere."""
    if kind == "bool":
        tris = [as_tri(a) for a in answers]
        return Tri(np.logical_and.reduce([t.true for t in tris]), np.logical_and.reduce([t.false for t in tris]))
    if kind == "str":
        texts = [as_text(a) for a in answers]
        merged = tuple(dict.fromkeys(s for t in texts for s in t.dictionary))
        codes = [recode(t, merged) for t in texts]
        same = np.logical_and.reduce([c == codes[0] for c in codes])
        return Text(np.where(same, codes[0], np.intp(-1)), merged)
    numbers = [as_num(a) for a in answers]
    scale = max(n.scale for n in numbers)
    scaled = [rescale(n, scale) for n in numbers]
    known = np.logical_and.reduce([n.known for n in scaled] + [n.values == scaled[0].values for n in scaled])
    return Num(scaled[0].values, known, scale)


__all__ = [
    "KeyBits",
    "RowIn",
    "agreement",
    "compare_with_row_figures",
    "compile_candidates",
    "compile_key_bits",
    "compile_row_figure",
    "compile_row_in",
    "compile_row_present",
    "compile_row_selected",
]
