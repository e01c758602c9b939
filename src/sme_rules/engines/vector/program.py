"""The vector backend: the IR compiled to numpy column operations over a whole population.

:func:`compile_rules` turns one region's rule set, on one date, into a :class:`Program`; running it
on a :class:`Batch` of columns derives every fact in dependency order and decides every benefit for
all rows at once, with exactly the meaning of the reference interpreter (``engines/reference.py``):
Kleene three-valued logic, first-match cases where an unknown case leaves the result unknown, table
rows selected by key (no matching row is unknown), and exact numbers (see ``columns``).

What makes it fast, and why it stays exact:

- parameters are resolved for the date when compiling, and constant sub-expressions are folded;
- identical sub-expressions (the IR compares structurally) are compiled once and evaluated once per
  batch: ``is_sme`` or ``entity_type == "enterprise"`` cost the same however often rules repeat them;
- a sub-expression that reads a single string column (17 prefix tests deciding ``industry_group``)
  is evaluated on that column's dictionary of distinct values and gathered through the codes;
- a table's rows fold into one expression with per-row figures (``tables``): one pass over
  the population instead of one per row of the 划型标准 table; rows of different shapes, which do
  not fold, are evaluated each on the rows whose key selects it.

The modules of this folder: ``columns`` (column shapes and kernels), ``batch`` (batches, compiled
nodes), ``nodes`` (one compile rule per IR node type), ``tables`` and
``table_nodes`` (table folding), and ``program`` (this one: the compiler and the program).

An IR node without a rule here raises :class:`VectorUnsupported` when compiling, never later.

>>> import datetime as dt, numpy as np
>>> from sme_rules.language.loader import load_region
>>> program = compile_rules(load_region("xizang"), dt.date(2022, 6, 1))
>>> sales = Num(np.array([15_000_000, 15_000_001], dtype=np.int64), np.array([True, True]), 2)
>>> kinds = Text(np.array([0, 0], dtype=np.intp), ("small_scale",))
>>> period = Text(np.array([0, 0], dtype=np.intp), ("monthly",))
>>> result = program.run(Batch(2, {"monthly_sales": sales, "vat_taxpayer_type": kinds, "vat_filing_period": period}))
>>> [STATUSES[c] for c in result.statuses["vat_small_scale_exemption"]]
['eligible', 'undetermined']
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ...language import ir
from ...profile import field_catalogue
from .batch import Batch, Input, Node, lifted, memoised
from .columns import Column, Num, Text, Tri, VectorUnsupported, broadcast, recode
from .nodes import compile_node

#: status codes of :attr:`Result.statuses`, by position: ``true | false << 1`` of a condition's masks
STATUSES = ("undetermined", "eligible", "ineligible", "not_in_force")
NOT_IN_FORCE = np.int8(3)


@dataclass(frozen=True, slots=True)
class Result:
    """Facts as columns (``Tri``/``Text``/``Num``, one entry per row) and status codes per benefit."""

    size: int
    facts: dict[str, Column]
    statuses: dict[str, NDArray[np.int8]]


class Program:
    """One rule set on one date, ready to run on any number of batches (thread-safe)."""

    def __init__(self, rules: ir.RuleSet, day: dt.date, facts: dict[str, Node], benefits: dict[str, Node | None]) -> None:
        self.rules = rules
        self.day = day
        self.facts = facts
        self.benefits = benefits
        #: the profile fields the rules read (through facts too)
        self.fields = sorted(_fields_read(rules))

    def run(self, batch: Batch) -> Result:
        for name, node in self.facts.items():
            batch.facts[name] = node.value(batch)
        statuses: dict[str, NDArray[np.int8]] = {}
        # benefits with the same condition (several name one group of enterprises) share one array
        by_condition: dict[int, NDArray[np.int8]] = {}
        for bid, decides in self.benefits.items():
            if decides is None:
                statuses[bid] = np.full(batch.size, NOT_IN_FORCE, dtype=np.int8)
                continue
            condition = decides.value(batch)
            codes = by_condition.get(id(condition))
            if codes is None:
                decided = broadcast(condition, batch.size)
                assert isinstance(decided, Tri)
                codes = by_condition[id(condition)] = (decided.false.view(np.int8) << 1) | decided.true.view(np.int8)
            statuses[bid] = codes
        facts: dict[str, Column] = {}
        for name in self.facts:  # all the rule set's facts, or those a partial program needs
            fact = self.rules.facts[name]
            column = broadcast(batch.facts[name], batch.size)
            if isinstance(column, Text) and fact.choices and column.dictionary != tuple(fact.choices):
                column = Text(recode(column, tuple(fact.choices)), tuple(fact.choices))
            facts[name] = column
        return Result(batch.size, facts, statuses)


def _fields_read(rules: ir.RuleSet) -> set[str]:
    names: set[str] = set()
    for expr in [f.expr for f in rules.facts.values()] + [b.when for b in rules.benefits.values()]:
        names |= ir.refs(expr)[0]
    return names


_PROGRAMS: OrderedDict[tuple[str, str, dt.date], Program] = OrderedDict()
_PROGRAMS_LOCK = threading.Lock()
_PROGRAMS_KEPT = 64  # a sweep over many dates keeps the most recent


def compile_rules(rules: ir.RuleSet, day: dt.date) -> Program:
    """The rule set compiled for ``day``; cached per region, rule-file version and date."""
    key = (rules.region, rules.version, day)
    with _PROGRAMS_LOCK:
        program = _PROGRAMS.get(key)
        if program is None:
            program = _Compiler(rules, day).program()
            _PROGRAMS[key] = program
            while len(_PROGRAMS) > _PROGRAMS_KEPT:
                _PROGRAMS.popitem(last=False)
        _PROGRAMS.move_to_end(key)
        return program


class _Compiler:
    """Compiles each distinct expression once (structural equality), then wraps it as its parent
    needs it: memoised per batch, or lifted onto a string column's dictionary."""

    def __init__(self, rules: ir.RuleSet, day: dt.date) -> None:
        self.rules = rules
        self.day = day
        self.params = rules.params_at(day)
        self.catalogue = field_catalogue()
        self.cache: dict[ir.Expr, Node] = {}
        self.lifted: dict[int, Node] = {}
        self.slots = itertools.count()
        #: the declared values of each string fact, keyed by the identity of the fact's expression
        self.fact_choices = {id(f.expr): tuple(f.choices) for f in rules.facts.values() if f.choices}

    def program(self) -> Program:
        facts = {name: self.root(fact.expr) for name, fact in self.rules.facts.items()}
        benefits: dict[str, Node | None] = {}
        for bid, benefit in self.rules.benefits.items():
            in_force = self.rules.in_force(benefit, self.day, self.params)
            benefits[bid] = self.root(benefit.when) if in_force else None
        return Program(self.rules, self.day, facts, benefits)

    def root(self, expr: ir.Expr) -> Node:
        return self.operand(self.node(expr), frozenset())

    def node(self, expr: ir.Expr) -> Node:
        """``expr`` compiled once however often it occurs; a dynamic result is memoised per batch."""
        cached = self.cache.get(expr)
        if cached is None:
            cached = memoised(compile_node(expr, self), next(self.slots))
            self.cache[expr] = cached
        return cached

    def operand(self, child: Node, parent_inputs: frozenset[Input]) -> Node:
        """``child`` as its parent should run it: on a dictionary when it reads one string column alone."""
        if child.static is not None or len(child.inputs) != 1 or child.inputs == parent_inputs:
            return child
        (source,) = child.inputs
        if self.input_kind(source) != "str" or child.weight < 2:
            return child
        found = self.lifted.get(id(child))
        if found is None:
            found = self.lifted[id(child)] = lifted(child, source, next(self.slots))
        return found

    def input_kind(self, source: Input) -> str:
        kind, name = source
        if kind == "fact":
            return self.rules.facts[name].kind
        return self.catalogue[name].kind if name in self.catalogue else "str"

    def operands(self, exprs: tuple[ir.Expr, ...]) -> tuple[list[Node], frozenset[Input], int]:
        nodes = [self.node(e) for e in exprs]
        inputs = frozenset().union(*(n.inputs for n in nodes))
        return [self.operand(n, inputs) for n in nodes], inputs, sum(n.weight for n in nodes)


__all__ = ["STATUSES", "Batch", "Num", "Program", "Result", "Text", "Tri", "VectorUnsupported", "compile_rules"]
