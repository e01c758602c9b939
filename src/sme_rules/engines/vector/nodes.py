"""One compile rule per IR node type, for the vector backend (``functools.singledispatch``).

Each rule turns an expression into a :class:`~.batch.Node`; the kernels it calls are in
``columns``. Folded table nodes (``tables``) have their rules in
``table_nodes``, registered here. A node type without a rule raises
:class:`VectorUnsupported` when the rule set is compiled.
"""

from __future__ import annotations

from decimal import Decimal
from functools import singledispatch
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ...language import ir
from .batch import Batch, Compiler, Input, Node, as_num, as_text, as_tri, static_or
from .columns import (
    FALSE,
    FLIPPED,
    NUMPY_COMPARE,
    SCALE,
    Column,
    Text,
    Tri,
    VectorUnsupported,
    arithmetic,
    as_constant,
    choose,
    compare_numbers,
    compare_texts,
    compare_tris,
    constant,
    is_static,
    kleene_and,
    kleene_or,
    scatter,
    text_lookup,
    tri_from,
    unknown,
    whole_bound,
)
from .table_nodes import (
    KeyBits,
    RowIn,
    compare_with_row_figures,
    compile_candidates,
    compile_key_bits,
    compile_row_figure,
    compile_row_in,
    compile_row_present,
    compile_row_selected,
)
from .tables import RowFigure, RowPresent, RowSelected, fold_table


@singledispatch
def compile_node(expr: Any, compiler: Compiler) -> Node:
    raise VectorUnsupported(f"the vector backend has no rule for {type(expr).__name__} nodes")


@compile_node.register
def _(expr: ir.Const, compiler: Compiler) -> Node:
    return Node(expr.kind, constant(expr.value, expr.kind), None, frozenset(), 0)


@compile_node.register
def _(expr: ir.ParamRef, compiler: Compiler) -> Node:
    found = compiler.params.get(expr.name)
    return Node(expr.kind, constant(None if found is None else found.value, expr.kind), None, frozenset(), 0)


@compile_node.register
def _(expr: ir.FieldRef, compiler: Compiler) -> Node:
    name, kind = expr.name, expr.kind
    if kind in SCALE and compiler.catalogue.get(name) is not None and compiler.catalogue[name].kind != kind:
        raise VectorUnsupported(f"field {name} is read as {kind} but the profile holds {compiler.catalogue[name].kind}")
    return Node(kind, None, lambda batch: batch.field(name, kind), frozenset({("field", name)}), 0)


@compile_node.register
def _(expr: ir.FactRef, compiler: Compiler) -> Node:
    name = expr.name
    return Node(expr.kind, None, lambda batch: batch.fact(name), frozenset({("fact", name)}), 0)


@compile_node.register
def _(expr: ir.Cmp, compiler: Compiler) -> Node:
    if expr.op not in ("==", "!=") and (isinstance(expr.right, RowFigure) or isinstance(expr.left, RowFigure)):
        return compare_with_row_figures(expr, compiler)
    (left, right), inputs, weight = compiler.operands((expr.left, expr.right))
    op = expr.op
    kinds = {left.kind, right.kind}
    if not kinds & {"bool", "str"} and (left.static is None) != (right.static is None):
        return _compare_with_figure(op, left, right, inputs, weight)
    if not (kinds <= {"bool"} or kinds <= {"str"} or not kinds & {"bool", "str"}):
        raise VectorUnsupported(f"cannot compare {left.kind} with {right.kind}: {expr.span.text}")

    def compare(columns: list[Column]) -> Column:
        first, second = columns
        if kinds <= {"bool"}:
            return compare_tris(op, as_tri(first), as_tri(second))
        if kinds <= {"str"}:
            return compare_texts(op, as_text(first), as_text(second))
        return compare_numbers(op, as_num(first), as_num(second))

    return static_or("bool", inputs, weight, [left, right], compare)


@compile_node.register
def _(expr: ir.In, compiler: Compiler) -> Node:
    (item,), inputs, weight = compiler.operands((expr.item,))
    options = [o.value for o in expr.options]
    negated = expr.negated

    def member(columns: list[Column]) -> Column:
        column = columns[0]
        if isinstance(column, Text):
            found = text_lookup(column, [s in options for s in column.dictionary])
        else:
            tests = [compare_tris("==", column, as_tri(constant(o, "bool"))) if isinstance(column, Tri) else
                     compare_numbers("==", as_num(column), as_num(constant(o, "number"))) for o in options]
            found = kleene_or(tests) if tests else Tri(np.asarray(False), column.known)
        return Tri(found.false, found.true) if negated else found

    # a membership test reads a lookup table either way: worth evaluating on a dictionary
    return static_or("bool", inputs, weight + 1, [item], member)


@compile_node.register
def _(expr: ir.StartsWith, compiler: Compiler) -> Node:
    (item,), inputs, weight = compiler.operands((expr.item,))
    prefixes = expr.prefixes
    if item.kind != "str":
        raise VectorUnsupported(f"startswith needs a string, not a {item.kind}: {expr.span.text}")
    return static_or("bool", inputs, weight + 1, [item], lambda c: text_lookup(as_text(c[0]), [s.startswith(prefixes) for s in as_text(c[0]).dictionary]))


@compile_node.register
def _(expr: ir.And, compiler: Compiler) -> Node:
    return _logic(expr.items, compiler, conjunction=True)


@compile_node.register
def _(expr: ir.Or, compiler: Compiler) -> Node:
    return _logic(expr.items, compiler, conjunction=False)


def _logic(items: tuple[ir.Expr, ...], compiler: Compiler, *, conjunction: bool) -> Node:
    nodes, inputs, weight = compiler.operands(items)
    # constants fold: ``false and x`` is false whatever x is; ``true and x`` is x
    absorbing, neutral = (False, True) if conjunction else (True, False)
    dynamic: list[Node] = []
    constants: list[Tri] = []
    for node in nodes:
        if node.static is None:
            dynamic.append(node)
            continue
        value = as_tri(node.static)
        if bool(value.true if absorbing else value.false):
            return Node("bool", value, None, frozenset(), 0)
        if not bool(value.true if neutral else value.false):
            constants.append(value)  # an unknown constant still keeps the result from being decided
    combine = kleene_and if conjunction else kleene_or
    if not dynamic:
        return Node("bool", combine(constants) if constants else as_tri(constant(neutral, "bool")), None, frozenset(), 0)
    if len(dynamic) == 1 and not constants:
        return dynamic[0]
    return Node("bool", None, lambda batch: combine([as_tri(n.value(batch)) for n in dynamic] + constants), inputs, weight + 1)


@compile_node.register
def _(expr: ir.Not, compiler: Compiler) -> Node:
    (item,), inputs, weight = compiler.operands((expr.item,))
    return static_or("bool", inputs, weight, [item], lambda c: Tri(as_tri(c[0]).false, as_tri(c[0]).true))


@compile_node.register
def _(expr: ir.Arith, compiler: Compiler) -> Node:
    if expr.op not in ("+", "-", "*"):
        # a quotient is not a whole number of units in general; the reference divides in Decimal
        raise VectorUnsupported(f"the vector backend does not divide (no exact fixed-point quotient): {expr.span.text}")
    (left, right), inputs, weight = compiler.operands((expr.left, expr.right))
    op = expr.op
    return static_or(expr.kind, inputs, weight, [left, right], lambda c: arithmetic(op, as_num(c[0]), as_num(c[1])))


@compile_node.register
def _(expr: ir.Call, compiler: Compiler) -> Node:
    if expr.fn not in ("min", "max"):
        raise VectorUnsupported(f"the vector backend has no function {expr.fn!r}")
    args, inputs, weight = compiler.operands(expr.args)
    fn = expr.fn

    def call(columns: list[Column]) -> Column:
        result = as_num(columns[0])
        for column in columns[1:]:
            result = arithmetic(fn, result, as_num(column))
        return result

    return static_or(expr.kind, inputs, weight, args, call)


@compile_node.register
def _(expr: ir.Cases, compiler: Compiler) -> Node:
    parts = [e for case in expr.cases for e in (case.when, case.value)]
    if expr.otherwise is not None:
        parts.append(expr.otherwise)
    nodes, inputs, weight = compiler.operands(tuple(parts))
    kind = expr.kind
    dictionary = compiler.fact_choices.get(id(expr))
    arms = [(nodes[2 * i], nodes[2 * i + 1]) for i in range(len(expr.cases))]
    otherwise = nodes[-1] if expr.otherwise is not None else None

    def first_match(batch: Batch) -> Column:
        open_rows: Any = np.asarray(True)  # rows where every case so far was false
        picks: list[tuple[Any, Column]] = []
        for when, value in arms:
            condition = as_tri(when.value(batch))
            picks.append((open_rows & condition.true, value.value(batch)))
            # an unknown case closes the row: whether a later case applies cannot be known
            open_rows = open_rows & condition.false
        if otherwise is not None:
            picks.append((open_rows, otherwise.value(batch)))
        return choose(batch.size, picks, kind, dictionary)

    if all(n.static is not None for n in nodes):
        return Node(kind, as_constant(first_match(Batch(1, {}))), None, frozenset(), 0)
    return Node(kind, None, first_match, inputs, weight + 1)


@compile_node.register
def _(expr: ir.Switch, compiler: Compiler) -> Node:
    by_key = _select_row(expr, compiler)
    return compile_candidates(expr, by_key, compiler) if expr.candidates else by_key


def _select_row(expr: ir.Switch, compiler: Compiler) -> Node:
    folded = fold_table(expr)
    if folded is not None:
        return compiler.node(folded)
    key = compiler.node(expr.key)
    branch_nodes, inputs, weight = compiler.operands(tuple(b for _, b in expr.branches))
    inputs = inputs | key.inputs
    key = compiler.operand(key, inputs)
    kind = expr.kind
    dictionary = compiler.fact_choices.get(id(expr))
    branches = list(zip((row for row, _ in expr.branches), branch_nodes, strict=True))

    def select(batch: Batch) -> Column:
        column = key.value(batch)
        if not isinstance(column, Text):
            return unknown(kind)  # a key that is not a string selects no row
        if is_static(column):
            row = column.dictionary[int(column.codes)] if int(column.codes) >= 0 else None
            chosen = [node for name, node in branches if name == row]
            return chosen[0].value(batch) if chosen else unknown(kind)
        parts: list[tuple[NDArray[np.intp], Column]] = []
        for name, node in branches:
            if name not in column.dictionary:
                continue
            rows = np.flatnonzero(column.codes == column.dictionary.index(name))
            if len(rows) == 0:
                continue
            if len(rows) == batch.size:
                return node.value(batch)
            parts.append((rows, node.value(batch.subset(rows))))
        return scatter(batch.size, parts, kind, dictionary)

    return Node(kind, None, select, inputs, weight + 1)


def _compare_with_figure(op: str, left: Node, right: Node, inputs: frozenset[Input], weight: int) -> Node:
    """``x op figure`` with the figure turned into a whole bound at x's scale once, not per batch."""
    if left.static is not None:
        left, right, op = right, left, FLIPPED[op]
    figure = as_num(right.static) if right.static is not None else None
    assert figure is not None
    if not bool(figure.known):  # a parameter without a value on the date: unknown everywhere
        return Node("bool", Tri(FALSE, FALSE), None, frozenset(), 0)
    value = Decimal(int(figure.values)).scaleb(-figure.scale)
    bounds: dict[int, Any] = {}
    compare = NUMPY_COMPARE[op]

    def run(batch: Batch) -> Column:
        column = as_num(left.value(batch))
        if column.scale not in bounds:
            found = whole_bound(op, value, column.scale)
            bounds[column.scale] = found if isinstance(found, bool) else np.int64(found)
        bound = bounds[column.scale]
        if isinstance(bound, bool):
            return tri_from(np.asarray(bound), column.known)
        return tri_from(compare(column.values, bound), column.known)

    return Node("bool", None, run, inputs, weight + 1)



compile_node.register(RowFigure)(compile_row_figure)
compile_node.register(RowPresent)(compile_row_present)
compile_node.register(RowSelected)(compile_row_selected)
compile_node.register(RowIn)(compile_row_in)
compile_node.register(KeyBits)(compile_key_bits)

__all__ = ["compile_node"]
