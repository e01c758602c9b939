"""The reference interpreter compiled once per rule set to Python closures: the same verdict trees, sooner.

:mod:`.reference` defines what a rule means and walks the IR on every call: a dispatch per node,
and the node's source text rendered again each time. Here each IR node becomes, once per rule set,
a closure that holds its text, operator and children's closures; an evaluation is then plain calls.
The verdict trees are the reference's own, node for node (tests/test_compiled_reference.py draws
profiles across every region's thresholds and compares them), so the explanation, which reads the
trees, cannot tell which one ran.

Kleene logic, exact ``Decimal`` arithmetic and no short circuit are the reference's: the helpers
(``_COMPARE``, ``_ARITH``, the tables' consensus) are imported, not restated; only the junctions
inline :func:`~.reference.kleene_and` / ``kleene_or`` (a call and a generator per junction saved),
checked node for node like the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..language import ir
from .reference import _ARITH, _COMPARE, Env, UnsupportedNode, Verdict, _consensus, _row

Node = Callable[[Env], Verdict]


@dataclass(frozen=True, slots=True)
class CompiledRules:
    """Every fact (in dependency order) and benefit of one rule set as a closure."""

    facts: tuple[tuple[str, Node], ...]
    benefits: dict[str, Node]

    def derive_facts(self, fields: dict[str, Any], params: dict[str, ir.ParamValue]) -> Env:
        """As :func:`.reference.derive_facts`: every fact with its verdict tree."""
        env = Env(fields, params)
        facts, verdicts = env.facts, env.fact_verdicts
        for name, node in self.facts:
            verdict = node(env)
            facts[name] = verdict.value
            verdicts[name] = verdict
        return env

    def benefit_verdict(self, benefit_id: str, env: Env) -> Verdict:
        """As :func:`.reference.benefit_verdict` for the benefit of that id."""
        return self.benefits[benefit_id](env)


_KEY = "compiled:reference"
_LOCK = threading.Lock()


def _caches(rules: ir.RuleSet) -> dict[str, Any]:
    # the rule set's own per-instance caches (ir.RuleSet.__post_init__): a copy made by
    # with_parameters starts without them, and they are never pickled
    caches: dict[str, Any] = rules.__dict__["_caches"]
    return caches


def is_compiled(rules: ir.RuleSet) -> bool:
    """Whether this rule set's closures are built already."""
    return _KEY in _caches(rules)


def compiled(rules: ir.RuleSet) -> CompiledRules:
    """The rule set's closures, compiled on first use and kept with the (immutable) rule set."""
    caches = _caches(rules)
    found = caches.get(_KEY)
    if found is None:
        with _LOCK:
            found = caches.get(_KEY)
            if found is None:
                facts = tuple((name, compile_expr(fact.expr)) for name, fact in rules.facts.items())
                benefits = {bid: compile_expr(b.when) for bid, b in rules.benefits.items()}
                found = caches[_KEY] = CompiledRules(facts, benefits)
    assert isinstance(found, CompiledRules)
    return found


_EXPRESSIONS_KEY = "compiled:expressions"


def evaluate_compiled(rules: ir.RuleSet, expr: ir.Expr, env: Env) -> Verdict:
    """As :func:`.reference.evaluate` for one expression of ``rules`` (an amount, a case of one),
    compiled on first use and kept with the rule set."""
    nodes: dict[int, tuple[ir.Expr, Node]] = _caches(rules).setdefault(_EXPRESSIONS_KEY, {})
    found = nodes.get(id(expr))
    if found is None or found[0] is not expr:  # the expression is kept with its closure: its id stays its own
        with _LOCK:
            found = nodes[id(expr)] = (expr, compile_expr(expr))
    return found[1](env)


def compile_expr(expr: Any) -> Node:
    """One IR node (and everything under it) as a closure giving the reference's verdict."""
    compiler = _COMPILERS.get(type(expr))
    if compiler is None:
        raise UnsupportedNode(f"compiled backend cannot evaluate {type(expr).__name__}")
    return compiler(expr)


def _const(expr: ir.Const) -> Node:
    text, value = ir.render(expr), expr.value
    return lambda env: Verdict("const", text, value)


def _fieldref(expr: ir.FieldRef) -> Node:
    name = expr.name
    return lambda env: Verdict("field", name, env.fields.get(name), name=name)


def _factref(expr: ir.FactRef) -> Node:
    name = expr.name
    return lambda env: Verdict("fact", name, env.facts.get(name), name=name)


def _paramref(expr: ir.ParamRef) -> Node:
    name, qualified = expr.name, expr.qualified

    def param(env: Env) -> Verdict:
        pv = env.params.get(name)
        if pv is None:
            return Verdict("param", qualified, None, name=name)
        return Verdict("param", qualified, pv.value, name=name, notice=pv.notice)

    return param


def _cmp(expr: ir.Cmp) -> Node:
    text, op, compare = ir.render(expr), expr.op, _COMPARE[expr.op]
    left_node, right_node = compile_expr(expr.left), compile_expr(expr.right)

    def cmp(env: Env) -> Verdict:
        left, right = left_node(env), right_node(env)
        a, b = left.value, right.value
        if a is None or b is None:
            return Verdict("cmp", text, None, [left, right], op)
        value = bool(compare(a, b))
        distance = None
        if not value and isinstance(a, Decimal | int) and not isinstance(a, bool):
            distance = abs(Decimal(a) - Decimal(b))
        return Verdict("cmp", text, value, [left, right], op, distance)

    return cmp


def _in(expr: ir.In) -> Node:
    text, negated, item_node = ir.render(expr), expr.negated, compile_expr(expr.item)
    options = tuple(o.value for o in expr.options)

    def member(env: Env) -> Verdict:
        item = item_node(env)
        v = item.value
        # any(==) as the reference has it: 1 == True, and Decimal("1") == 1
        value = None if v is None else any(v == o for o in options) != negated
        return Verdict("in", text, value, [item])

    return member


def _startswith(expr: ir.StartsWith) -> Node:
    text, prefixes, item_node = ir.render(expr), expr.prefixes, compile_expr(expr.item)

    def startswith(env: Env) -> Verdict:
        item = item_node(env)
        return Verdict("startswith", text, None if item.value is None else str(item.value).startswith(prefixes), [item])

    return startswith


def _junction(expr: ir.And | ir.Or) -> Node:
    # kleene_and / kleene_or inlined: an operand equal to ``decisive`` decides, else an unknown one leaves it unknown
    op, decisive = ("and", False) if isinstance(expr, ir.And) else ("or", True)
    text, nodes = ir.render(expr), tuple(compile_expr(i) for i in expr.items)
    otherwise = not decisive

    def junction(env: Env) -> Verdict:
        kids = [node(env) for node in nodes]  # every operand: the tree explains the whole condition
        value: bool | None = otherwise
        for kid in kids:
            v = kid.value
            if v is decisive:
                value = decisive
                break
            if v is None:
                value = None
        return Verdict(op, text, value, kids)

    return junction


def _not(expr: ir.Not) -> Node:
    text, item_node = ir.render(expr), compile_expr(expr.item)

    def negation(env: Env) -> Verdict:
        inner = item_node(env)
        return Verdict("not", text, None if inner.value is None else not inner.value, [inner])

    return negation


def _arith(expr: ir.Arith) -> Node:
    text, op, apply = ir.render(expr), expr.op, _ARITH[expr.op]
    left_node, right_node = compile_expr(expr.left), compile_expr(expr.right)

    def arith(env: Env) -> Verdict:
        left, right = left_node(env), right_node(env)
        value = None
        if isinstance(left.value, int | Decimal) and isinstance(right.value, int | Decimal):
            value = apply(Decimal(left.value), Decimal(right.value))
        return Verdict("arith", text, value, [left, right], op)

    return arith


def _call(expr: ir.Call) -> Node:
    text, fn, nodes = ir.render(expr), expr.fn, tuple(compile_expr(a) for a in expr.args)
    pick = min if fn == "min" else max

    def call(env: Env) -> Verdict:
        args = [node(env) for node in nodes]
        numbers = [Decimal(a.value) for a in args if isinstance(a.value, int | Decimal)]
        return Verdict("call", text, pick(numbers) if len(numbers) == len(args) else None, args, fn)

    return call


def _cases(expr: ir.Cases) -> Node:
    text = ir.render(expr) or "cases"
    arms = tuple((compile_expr(c.when), compile_expr(c.value)) for c in expr.cases)
    otherwise = None if expr.otherwise is None else compile_expr(expr.otherwise)

    def cases(env: Env) -> Verdict:
        kids: list[Verdict] = []
        value: Any = None
        decided = blocked = False
        for when, then in arms:
            cond = when(env)
            kids.append(cond)
            if decided or blocked:
                continue
            if cond.value is None:
                blocked = True  # an unknown case: whether a later one applies cannot be known
            elif cond.value:
                value, decided = then(env).value, True
        reason = None
        if not decided and not blocked:
            if otherwise is None:
                reason = "no_case"
            else:
                value = otherwise(env).value
        return Verdict("cases", text, value, kids, reason)

    return cases


def _switch(expr: ir.Switch) -> Node:
    table, key_node = expr.table, compile_expr(expr.key)
    rows = tuple((row, f"{table}[{row}]", compile_expr(branch)) for row, branch in expr.branches)
    first: dict[str, tuple[str, str, Node]] = {}
    for arm in rows:
        first.setdefault(arm[0], arm)  # the first row of a key, as the reference's scan finds it
    unknown_text = f"{table}[?]"
    bodies = {row: node for row, _, node in reversed(rows)}  # the first branch of a repeated key
    candidates = tuple((compile_expr(c.when), c.rows, tuple(bodies.get(r) for r in c.rows)) for c in expr.candidates)

    def switch(env: Env) -> Verdict:
        key = key_node(env)
        k = key.value
        if k is None:
            for when_node, names, nodes in candidates:
                when = when_node(env)
                if when.value is True:
                    answers = [_row(table, name, None if node is None else node(env)) for name, node in zip(names, nodes, strict=True)]
                    return _consensus(table, names, key, when, answers)
            return Verdict("switch", unknown_text, None, [key], "unknown")
        # a string key is looked up; any other value is compared row by row, as the reference does
        arm = first.get(k) if type(k) is str else next((a for a in rows if k == a[0]), None)
        if arm is None:
            return Verdict("switch", f"{table}[{k}]", None, [key], "no_row")
        row, text, branch = arm
        inner = branch(env)
        return Verdict("switch", text, inner.value, [key, inner], row)

    return switch


_COMPILERS: dict[type, Callable[[Any], Node]] = {
    ir.Const: _const,
    ir.FieldRef: _fieldref,
    ir.FactRef: _factref,
    ir.ParamRef: _paramref,
    ir.Cmp: _cmp,
    ir.In: _in,
    ir.StartsWith: _startswith,
    ir.And: _junction,
    ir.Or: _junction,
    ir.Not: _not,
    ir.Arith: _arith,
    ir.Call: _call,
    ir.Cases: _cases,
    ir.Switch: _switch,
}

__all__ = ["CompiledRules", "compile_expr", "compiled", "evaluate_compiled", "is_compiled"]
