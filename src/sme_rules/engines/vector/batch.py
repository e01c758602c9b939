"""What the vector backend's compiled expressions run on, and what they are.

A :class:`Batch` holds the rows one evaluation sees; a :class:`Node` is a compiled expression, a
constant or a function of a batch. The helpers here wrap nodes: :func:`memoised` (an expression
shared by many rules is evaluated once per batch), :func:`lifted` (an expression of one string
column is evaluated once per distinct value and gathered), :func:`static_or` (constants fold).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from ...language import ir
from .columns import (
    Column,
    Num,
    Text,
    Tri,
    VectorUnsupported,
    as_constant,
    broadcast,
    is_static,
    states_of,
    take,
    tri_of_states,
    unknown,
)

Input = tuple[str, str]  # ("field" | "fact", name)


class Batch:
    """The rows one evaluation sees: input columns by field name, facts derived so far, a memo.

    A field the batch does not hold is unknown on every row. A sub-batch (the rows a table row
    selects) reads its parent's columns through a row index, lazily.
    """

    __slots__ = ("_fields", "_parent", "_rows", "facts", "memo", "size")

    def __init__(self, size: int, fields: Mapping[str, Column], *, facts: Mapping[str, Column] | None = None) -> None:
        self.size = size
        self._fields: dict[str, Column] = dict(fields)
        self.facts: dict[str, Column] = dict(facts or {})
        self.memo: dict[int, Column] = {}
        self._parent: Batch | None = None
        self._rows: NDArray[np.intp] | None = None

    def subset(self, rows: NDArray[np.intp]) -> Batch:
        child = Batch(len(rows), {})
        child._parent, child._rows = self, rows
        return child

    def field(self, name: str, kind: str) -> Column:
        column = self._fields.get(name)
        if column is None:
            column = unknown(kind) if self._parent is None else take(self._parent.field(name, kind), self._require_rows())
            self._fields[name] = column
        return column

    def fact(self, name: str) -> Column:
        column = self.facts.get(name)
        if column is None:
            if self._parent is None:
                raise VectorUnsupported(f"fact {name!r} is read before it is derived")
            column = take(self._parent.fact(name), self._require_rows())
            self.facts[name] = column
        return column

    def _require_rows(self) -> NDArray[np.intp]:
        assert self._rows is not None
        return self._rows


Run = Callable[[Batch], Column]


@dataclass(slots=True)
class Node:
    """A compiled expression: a constant (``static``) or a function of a batch (``run``)."""

    kind: str
    static: Column | None
    run: Run | None
    inputs: frozenset[Input]
    weight: int  # operations below it, to decide whether evaluating on a dictionary pays

    def value(self, batch: Batch) -> Column:
        if self.static is not None:
            return self.static
        assert self.run is not None
        return self.run(batch)


class Compiler(Protocol):
    """What a node's compile rule may ask of the compiler (``vector._Compiler``)."""

    @property
    def params(self) -> Mapping[str, ir.ParamValue]: ...

    @property
    def catalogue(self) -> Mapping[str, Any]: ...

    @property
    def fact_choices(self) -> Mapping[int, tuple[str, ...]]: ...

    def node(self, expr: Any) -> Node: ...

    def operand(self, child: Node, parent_inputs: frozenset[Input]) -> Node: ...

    def operands(self, exprs: tuple[Any, ...]) -> tuple[list[Node], frozenset[Input], int]: ...


def memoised(node: Node, slot: int) -> Node:
    if node.run is None:
        return node
    inner = node.run

    def run(batch: Batch) -> Column:
        value = batch.memo.get(slot)
        if value is None:
            value = inner(batch)
            batch.memo[slot] = value
        return value

    return Node(node.kind, None, run, node.inputs, node.weight)


@dataclass(frozen=True, slots=True)
class States:
    """A true/false lookup table held as one int8 state per entry (see ``tri_of_states``)."""

    states: NDArray[np.int8]


def lifted(node: Node, source: Input, slot: int) -> Node:
    """Evaluate ``node`` once per distinct value of its only input, then gather by code."""
    tables: dict[tuple[str, ...], Any] = {}
    kind, name = source

    def run(batch: Batch) -> Column:
        value = batch.memo.get(slot)
        if value is not None:
            return value
        column = batch.fact(name) if kind == "fact" else batch.field(name, "str")
        if not isinstance(column, Text) or is_static(column):
            value = node.value(batch)
        else:
            table = tables.get(column.dictionary)
            if table is None:
                size = len(column.dictionary)
                # one row per distinct value, and a last row for unknown that code -1 reads
                codes = np.append(np.arange(size, dtype=np.intp), np.intp(-1))
                entries = Text(codes, column.dictionary)
                inner = Batch(size + 1, {name: entries}) if kind == "field" else Batch(size + 1, {}, facts={name: entries})
                table = broadcast(node.value(inner), size + 1)
                if isinstance(table, Tri):
                    table = States(states_of(table, size + 1))
                if len(tables) > 16:  # dictionaries of string fields change from file to file
                    tables.clear()
                tables[column.dictionary] = table
            value = tri_of_states(table.states, column.codes) if isinstance(table, States) else take(table, column.codes)
        batch.memo[slot] = value
        return value

    return Node(node.kind, None, run, node.inputs, 1)


def static_or(kind: str, inputs: frozenset[Input], weight: int, operands: list[Node], compute: Callable[[list[Column]], Column]) -> Node:
    """A node that folds to a constant when all of its operands are constants."""
    if all(o.static is not None for o in operands):
        return Node(kind, as_constant(compute([o.value(Batch(1, {})) for o in operands])), None, frozenset(), 0)

    def run(batch: Batch) -> Column:
        return compute([o.value(batch) for o in operands])

    return Node(kind, None, run, inputs, weight + 1)


class RowTables:
    """Lookup tables over the key's dictionary, built once per dictionary."""

    def __init__(self, build: Callable[[tuple[str, ...]], Column]) -> None:
        self.build = build
        self.tables: dict[tuple[str, ...], Column] = {}

    def gather(self, key: Column) -> Column | None:
        if not isinstance(key, Text):
            return None
        table = self.tables.get(key.dictionary)
        if table is None:
            if len(self.tables) > 16:
                self.tables.clear()
            table = self.tables[key.dictionary] = self.build(key.dictionary)
        return take(table, key.codes)


def as_tri(column: Column) -> Tri:
    if not isinstance(column, Tri):
        raise VectorUnsupported(f"expected a true/false column, got {type(column).__name__}")
    return column


def as_text(column: Column) -> Text:
    if not isinstance(column, Text):
        raise VectorUnsupported(f"expected a string column, got {type(column).__name__}")
    return column


def as_num(column: Column) -> Num:
    if not isinstance(column, Num):
        raise VectorUnsupported(f"expected a number column, got {type(column).__name__}")
    return column




__all__ = ["Batch", "Compiler", "Input", "Node", "RowTables", "Run", "as_num", "as_text", "as_tri", "lifted", "memoised", "static_or"]
