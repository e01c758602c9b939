"""The reference interpreter: the definition of what a rule means.

Kleene three-valued logic (``None`` is unknown), exact ``Decimal`` arithmetic, and no short circuit:
every operand is evaluated so that the verdict tree explains the whole condition, including the
parts that did not decide it. Every other backend is tested against this one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from ..language import ir
from ..values import Number, Scalar

Tri = bool | None


@dataclass(slots=True)
class Verdict:
    """One evaluated node: its source text, its value and how it was reached."""

    op: str
    text: str
    value: Scalar
    children: list[Verdict] = field(default_factory=list)
    #: for a field, fact or parameter: its name; for a comparison: the operator
    name: str | None = None
    #: for a failed numeric comparison: how far the observed value is from the figure
    distance: Number | None = None
    #: the notice a parameter value comes from
    notice: str | None = None


@dataclass(slots=True)
class Env:
    """What an evaluation reads: known fields, parameters in force, facts derived so far."""

    fields: dict[str, Any]
    params: dict[str, ir.ParamValue]
    facts: dict[str, Any] = field(default_factory=dict)
    fact_verdicts: dict[str, Verdict] = field(default_factory=dict)
    #: memo of each unknown fact's (missing fields, other reasons), filled by unknown_inputs()
    unknown_memo: dict[str, tuple[dict[str, None], dict[str, None]]] = field(default_factory=dict)


class UnsupportedNode(TypeError):
    """An IR node this backend has no rule for: a bug in the library, never a user error."""


# Dispatch on the node's exact type through a table: the IR's node types are final, and a dict
# lookup costs a fraction of functools.singledispatch's cache probe on the ~300 nodes an
# evaluation visits.
_HANDLERS: dict[type, Callable[[Any, Env], Verdict]] = {}
_T = TypeVar("_T")


def _handles(node_type: type[_T]) -> Callable[[Callable[[_T, Env], Verdict]], Callable[[_T, Env], Verdict]]:
    def register(func: Callable[[_T, Env], Verdict]) -> Callable[[_T, Env], Verdict]:
        _HANDLERS[node_type] = func
        return func

    return register


def evaluate(expr: Any, env: Env) -> Verdict:
    """Evaluate one IR node to a verdict (three values, exact numbers, every operand evaluated)."""
    handler = _HANDLERS.get(type(expr))
    if handler is None:
        raise UnsupportedNode(f"python backend cannot evaluate {type(expr).__name__}")
    return handler(expr, env)


_text = ir.render


@_handles(ir.Const)
def _const(expr: ir.Const, env: Env) -> Verdict:
    return Verdict("const", _text(expr), expr.value)


@_handles(ir.FieldRef)
def _fieldref(expr: ir.FieldRef, env: Env) -> Verdict:
    return Verdict("field", expr.name, env.fields.get(expr.name), name=expr.name)


@_handles(ir.FactRef)
def _factref(expr: ir.FactRef, env: Env) -> Verdict:
    return Verdict("fact", expr.name, env.facts.get(expr.name), name=expr.name)


@_handles(ir.ParamRef)
def _paramref(expr: ir.ParamRef, env: Env) -> Verdict:
    pv = env.params.get(expr.name)
    return Verdict("param", expr.qualified, None if pv is None else pv.value, name=expr.name, notice=pv.notice if pv else None)


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


@_handles(ir.Cmp)
def _cmp(expr: ir.Cmp, env: Env) -> Verdict:
    left, right = evaluate(expr.left, env), evaluate(expr.right, env)
    value: Tri = None
    distance = None
    if left.value is not None and right.value is not None:
        value = bool(_COMPARE[expr.op](left.value, right.value))
        if not value and isinstance(left.value, Decimal | int) and not isinstance(left.value, bool):
            distance = abs(Decimal(left.value) - Decimal(right.value))
    return Verdict("cmp", _text(expr), value, [left, right], name=expr.op, distance=distance)


@_handles(ir.In)
def _in(expr: ir.In, env: Env) -> Verdict:
    item = evaluate(expr.item, env)
    value: Tri = None
    if item.value is not None:
        value = any(item.value == o.value for o in expr.options) != expr.negated
    return Verdict("in", _text(expr), value, [item])


@_handles(ir.StartsWith)
def _startswith(expr: ir.StartsWith, env: Env) -> Verdict:
    item = evaluate(expr.item, env)
    value: Tri = None if item.value is None else str(item.value).startswith(expr.prefixes)
    return Verdict("startswith", _text(expr), value, [item])


@_handles(ir.And)
def _and(expr: ir.And, env: Env) -> Verdict:
    kids = [evaluate(i, env) for i in expr.items]
    return Verdict("and", _text(expr), kleene_and(k.value for k in kids), kids)


@_handles(ir.Or)
def _or(expr: ir.Or, env: Env) -> Verdict:
    kids = [evaluate(i, env) for i in expr.items]
    return Verdict("or", _text(expr), kleene_or(k.value for k in kids), kids)


@_handles(ir.Not)
def _not(expr: ir.Not, env: Env) -> Verdict:
    inner = evaluate(expr.item, env)
    return Verdict("not", _text(expr), None if inner.value is None else not inner.value, [inner])


_ARITH: dict[str, Any] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b != 0 else None,
}


@_handles(ir.Arith)
def _arith(expr: ir.Arith, env: Env) -> Verdict:
    left, right = evaluate(expr.left, env), evaluate(expr.right, env)
    value = None
    if isinstance(left.value, int | Decimal) and isinstance(right.value, int | Decimal):
        value = _ARITH[expr.op](Decimal(left.value), Decimal(right.value))
    return Verdict("arith", _text(expr), value, [left, right], name=expr.op)


@_handles(ir.Call)
def _call(expr: ir.Call, env: Env) -> Verdict:
    args = [evaluate(a, env) for a in expr.args]
    numbers = [Decimal(a.value) for a in args if isinstance(a.value, int | Decimal)]
    value = None
    if len(numbers) == len(args):
        value = min(numbers) if expr.fn == "min" else max(numbers)
    return Verdict("call", _text(expr), value, args, name=expr.fn)


@_handles(ir.Cases)
def _cases(expr: ir.Cases, env: Env) -> Verdict:
    kids: list[Verdict] = []
    value: Any = None
    decided = False
    blocked = False
    for case in expr.cases:
        cond = evaluate(case.when, env)
        kids.append(cond)
        if decided or blocked:
            continue
        if cond.value is None:
            blocked = True  # an unknown case: whether a later one applies cannot be known
        elif cond.value:
            value, decided = evaluate(case.value, env).value, True
    # no case applies and there is no otherwise: unknown, and marked so an explanation can say why
    reason = "no_case" if not decided and not blocked and expr.otherwise is None else None
    if not decided and not blocked and expr.otherwise is not None:
        value = evaluate(expr.otherwise, env).value
    return Verdict("cases", _text(expr) or "cases", value, kids, name=reason)


@_handles(ir.Switch)
def _switch(expr: ir.Switch, env: Env) -> Verdict:
    key = evaluate(expr.key, env)
    for row, branch in expr.branches:
        if key.value == row:
            inner = evaluate(branch, env)
            return Verdict("switch", f"{expr.table}[{row}]", inner.value, [key, inner], name=row)
    if key.value is None:
        for candidates in expr.candidates:
            when = evaluate(candidates.when, env)
            if when.value is True:
                bodies = expr.bodies()
                rows = [
                    _row(expr.table, row, None if row not in bodies else evaluate(bodies[row], env))
                    for row in candidates.rows
                ]
                return _consensus(expr.table, candidates.rows, key, when, rows)
    # a key the table has no row for (an industry outside the 划型标准): unknown, and saying why
    reason = "unknown" if key.value is None else "no_row"
    text = f"{expr.table}[{key.value if key.value is not None else '?'}]"
    return Verdict("switch", text, None, [key], name=reason)


def _row(table: str, row: str, inner: Verdict | None) -> Verdict:
    """One candidate row's answer; a row the table has none for (``not_covered``) is unknown."""
    if inner is None:
        return Verdict("row", f"{table}[{row}]", None, name=row)
    return Verdict("row", f"{table}[{row}]", inner.value, [inner], name=row)


def _consensus(table: str, rows: tuple[str, ...], key: Verdict, when: Verdict, answers: list[Verdict]) -> Verdict:
    """The candidate rows' common answer: known and the same in every row, else unknown."""
    values = [a.value for a in answers]
    first = values[0]
    agreed = first is not None and all(v is not None and v == first and type(v) is type(first) for v in values)
    return Verdict("switch", f"{table}[{'|'.join(rows)}]", first if agreed else None, [key, when, *answers], name="candidates")


def kleene_and(values: Any) -> Tri:
    seen_unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            seen_unknown = True
    return None if seen_unknown else True


def kleene_or(values: Any) -> Tri:
    seen_unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            seen_unknown = True
    return None if seen_unknown else False


def derive_facts(rules: ir.RuleSet, fields: dict[str, Any], params: dict[str, ir.ParamValue]) -> Env:
    """Every fact of ``rules`` in dependency order, with its verdict tree."""
    env = Env(fields, params)
    for name, fact in rules.facts.items():
        verdict = evaluate(fact.expr, env)
        env.facts[name] = verdict.value
        env.fact_verdicts[name] = verdict
    return env


def benefit_verdict(benefit: ir.Benefit, env: Env) -> Verdict:
    return evaluate(benefit.when, env)


def unknown_inputs(verdict: Verdict, env: Env) -> tuple[list[str], list[str]]:
    """(missing fields, other reasons) of an unknown verdict, in one walk; empty otherwise."""
    if verdict.value is not None:
        return [], []
    fields, tables = _unknowns(verdict, env)
    return list(fields), list(tables)


def _unknowns(verdict: Verdict, env: Env, fact: str | None = None) -> tuple[dict[str, None], dict[str, None]]:
    """(missing fields, other reasons) under the unknown parts of ``verdict``.

    Other reasons are what leaves a result unknown when every field it reads is known: a table
    with no row for the key (金融业 in the 划型标准), or a fact none of whose cases applies (an
    industry code that stops above the level where two rows split). An unknown fact's inputs are
    found once per evaluation (``env.unknown_memo``): many benefits read the same unknown fact.
    """
    fields: dict[str, None] = {}
    reasons: dict[str, None] = {}
    _visit_unknowns(verdict, env, fact, fields, reasons)
    return fields, reasons


# Module-level walks with explicit accumulators, not nested closures: a recursive closure is a
# reference cycle (function -> cell -> function) that only the cyclic collector frees, and one per
# benefit per evaluation made the collector run all the time.
def _visit_unknowns(node: Verdict, env: Env, fact: str | None, fields: dict[str, None], reasons: dict[str, None]) -> None:
    if node.value is not None and node.op not in ("cases", "switch"):
        return
    if node.op == "field" and node.name:
        fields[node.name] = None
    elif node.op == "switch" and node.name == "no_row":
        reasons[f"{node.text}: 表中没有这一行"] = None
    elif node.op == "switch" and node.name == "candidates":
        # the key is unknown because the code could be any of these rows: say so, not "no case"
        reasons[candidates_reason(node, fact)] = None
        for child in node.children[2:]:
            _visit_unknowns(child, env, fact, fields, reasons)
        return
    elif node.op == "cases" and node.name == "no_case":
        inputs = "，".join(f"{n} = {v}" for n, v in _observed(node).items())
        reasons[f"{fact or node.text}: 没有适用的情形（{inputs}）"] = None
    elif node.op == "fact" and node.name:
        inner = env.unknown_memo.get(node.name)
        if inner is None:
            derivation = env.fact_verdicts.get(node.name)
            inner = _unknowns(derivation, env, node.name) if derivation is not None else ({}, {})
            env.unknown_memo[node.name] = inner
        fields.update(inner[0])
        reasons.update(inner[1])
    for child in node.children:
        _visit_unknowns(child, env, fact, fields, reasons)


def candidates_reason(node: Verdict, fact: str | None) -> str:
    """``size_class@size_standard[industry_group]: 各行结论不一（industry_code = F；wholesale = micro，retail = None）``."""
    table = node.text.split("[", 1)[0]
    key = node.children[0].name or "?"
    tested = "，".join(f"{n} = {v}" for n, v in _observed(node.children[1]).items())
    # a row the table has none for (not_covered) is written "-": it has no standard to give an answer
    answers = "，".join(f"{row.name} = {row.value if row.children else '-'}" for row in node.children[2:])
    return f"{fact or '?'}@{table}[{key}]: 各行结论不一（{tested}；{answers}）"


def _observed(node: Verdict) -> dict[str, Any]:
    """The fields and facts a subtree read, with their values."""
    seen: dict[str, Any] = {}
    _visit_observed(node, seen)
    return seen


def _visit_observed(node: Verdict, seen: dict[str, Any]) -> None:
    if node.op in ("field", "fact") and node.name:
        seen.setdefault(node.name, node.value)
    for child in node.children:
        _visit_observed(child, seen)


def status_of(value: object) -> str:
    """The status a benefit's condition gives: true eligible, false ineligible, unknown undetermined."""
    if value is None:
        return "undetermined"
    return "eligible" if value is True else "ineligible"


__all__ = [
    "Env",
    "Verdict",
    "benefit_verdict",
    "derive_facts",
    "evaluate",
    "kleene_and",
    "kleene_or",
    "status_of",
    "unknown_inputs",
]
