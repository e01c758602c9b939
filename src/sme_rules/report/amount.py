"""An amount's formula with its figures, for the explanation: ``2,000元 × 3人 = 6,000元``.

The amount expression is evaluated to the reference interpreter's verdict tree (by the rule set's
compiled closures in an evaluation, engines/compiled.py); the tree holds every
operand's value, so the formula is that tree written out with the figures in place of the names,
each in its unit (zh.value). An unknown operand is written as its Chinese label and the amount stays
unknown, so the reader sees which figure of the enterprise would give the amount.

An amount written as first-match cases (the 经营所得 bracket the income falls in, the R&D rate of a
manufacturer) is written out as the case that applies: :func:`applied` finds it, so the formula
shows that case's figures. While a case's condition is unknown, every case still possible is read
for the fields it needs, so the amount names all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..engines.reference import Env, Verdict, _visit_unknowns, unknown_inputs
from ..engines.reference import evaluate as evaluate_reference
from ..language import ir
from . import zh

_OPS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_CALLS = {"min": "取较小值", "max": "取较大值"}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}

#: the Chinese label of a profile field
Label = Callable[[str], str]
#: the value kind of a leaf (money, ratio, count, years …), None for a plain number
Kind = Callable[[Verdict], "str | None"]


def formula(verdict: Verdict, label: Label, kind: Kind, result: object = None, result_kind: str | None = None) -> str:
    """The amount's verdict written out: figures for known operands, 〔label：未知〕 for unknown fields.

    The result is appended (``= 6,000元``) when it is known: ``result`` when given (the amount as
    paid, rounded to the fen), else the expression's exact value, in ``result_kind``.
    """
    body = _term(verdict, label, kind, top=True)
    value = verdict.value if result is None else result
    if value is not None and verdict.op in ("arith", "call"):
        return f"{body} = {zh.value(value, result_kind)}"
    return body


#: how an expression is evaluated to its verdict tree: the reference interpreter, or the rule set's
#: compiled closures (engines/compiled.py, the same trees)
Evaluate = Callable[[ir.Expr, Env], Verdict]


def applied(expr: ir.Expr, env: Env, evaluate: Evaluate = evaluate_reference) -> tuple[Verdict, list[str]]:
    """The verdict to write out for an amount, and the fields whose absence leaves it unknown.

    For first-match cases: the value of the case that applies (its conditions' unknowns and its
    own); when a condition is unknown, the condition, with the unknown fields of it and of every
    case from it on. Otherwise the expression's own verdict.
    """
    if not isinstance(expr, ir.Cases):
        verdict = evaluate(expr, env)
        return verdict, unknown_inputs(verdict, env)[0]
    arms = [*((c.when, c.value) for c in expr.cases), *([(None, expr.otherwise)] if expr.otherwise is not None else [])]
    for i, (when, value) in enumerate(arms):
        cond = evaluate(when, env) if when is not None else None
        if cond is not None and cond.value is None:
            missing = dict.fromkeys(unknown_inputs(cond, env)[0])
            for _, later in arms[i:]:
                missing.update(dict.fromkeys(missing_fields(later, env, evaluate)))
            return cond, list(missing)
        if cond is None or cond.value:
            return applied(value, env, evaluate)
    return evaluate(expr, env), []


def missing_fields(expr: ir.Expr, env: Env, evaluate: Evaluate = evaluate_reference) -> list[str]:
    """``unknown_inputs(evaluate(expr, env), env)[0]``: the fields whose absence leaves ``expr`` unknown.

    Arithmetic of fields, facts, figures and numbers is unknown exactly where one of its leaves is
    (division by zero aside, which adds no field), and the walk of ``unknown_inputs`` reaches every
    unknown leaf in the expression's order: so its unknown leaves are read without evaluating it.
    Anything else (a condition, cases, a table) is evaluated and walked.
    """
    leaves = _arithmetic_leaves(expr)
    if leaves is None:
        return unknown_inputs(evaluate(expr, env), env)[0]
    fields: dict[str, None] = {}
    reasons: dict[str, None] = {}
    for leaf in leaves:
        if isinstance(leaf, ir.FieldRef):
            if env.fields.get(leaf.name) is None:
                fields[leaf.name] = None
        elif env.facts.get(leaf.name) is None:  # the fact's own unknown inputs, as the walk finds them
            _visit_unknowns(Verdict("fact", leaf.name, None, name=leaf.name), env, None, fields, reasons)
    return list(fields)


# per expression (kept with its entry, so its id stays its own): its field and fact leaves in order,
# or None when it is not plain arithmetic; emptied when full (rule sets made and dropped: reforms, mutants)
_LEAVES_KEPT = 4096
_LEAVES: dict[int, tuple[ir.Expr, tuple[ir.FieldRef | ir.FactRef, ...] | None]] = {}
_ARITHMETIC = (ir.Arith, ir.Call, ir.Const, ir.ParamRef, ir.FieldRef, ir.FactRef)


def _arithmetic_leaves(expr: ir.Expr) -> tuple[ir.FieldRef | ir.FactRef, ...] | None:
    found = _LEAVES.get(id(expr))
    if found is None or found[0] is not expr:
        nodes = ir.walk(expr)  # parents before children, children in order: the verdict's order
        plain = all(isinstance(node, _ARITHMETIC) for node in nodes)
        leaves = tuple(n for n in nodes if isinstance(n, ir.FieldRef | ir.FactRef)) if plain else None
        if len(_LEAVES) >= _LEAVES_KEPT:
            _LEAVES.clear()
        found = _LEAVES.setdefault(id(expr), (expr, leaves))
    return found[1]


def figures_of(verdict: Verdict) -> dict[str, Verdict]:
    """The parameters an amount's written-out verdict read, by name, in the order the formula reads them."""
    found: dict[str, Verdict] = {}
    stack = [verdict]
    while stack:
        node = stack.pop()
        if node.op == "param" and node.name and node.name not in found:
            found[node.name] = node
        stack.extend(reversed(node.children))
    return found


def unknown_text(missing: list[str], label: Label, verdict: Verdict | None = None) -> str:
    """An amount that a condition leaves unknown: the fields that would decide it, each 〔label：未知〕;
    with no field missing (a fact none of whose cases applies), the unknown facts it read."""
    names = missing or (_unknown_leaves(verdict) if verdict is not None else [])
    return "、".join(f"〔{label(name)}：未知〕" for name in names)


def _unknown_leaves(verdict: Verdict) -> list[str]:
    found: dict[str, None] = {}
    stack = [verdict]
    while stack:
        node = stack.pop()
        if node.value is None and node.op in ("field", "fact") and node.name:
            found[node.name] = None
        elif node.value is None:
            stack.extend(reversed(node.children))
    return list(found)


def _term(node: Verdict, label: Label, kind: Kind, *, top: bool = False, outer: str | None = None, right: bool = False) -> str:
    """``node`` written out; an operation is bracketed only where the operation around it binds tighter
    (``(8万元 × 10% − 1,500元) × 50%``), or as the right operand of − or ÷ at the same level."""
    if node.op == "arith" and len(node.children) == 2:
        op = node.name or ""
        left_text, right_text = (_term(child, label, kind, outer=op, right=i == 1) for i, child in enumerate(node.children))
        text = f"{left_text} {_OPS.get(op, op)} {right_text}"
        if top or outer is None:
            return text
        inner, around = _PRECEDENCE.get(op, 0), _PRECEDENCE.get(outer, 0)
        bracket = inner < around or (inner == around and right and outer in ("-", "/"))
        return f"({text})" if bracket else text
    if node.op == "call":
        return f"{_CALLS.get(node.name or '', node.name)}({'，'.join(_term(c, label, kind) for c in node.children)})"
    if node.value is None:
        return f"〔{label(node.name)}：未知〕" if node.op in ("field", "fact", "param") and node.name else f"〔{node.text}：未知〕"
    if node.op == "const" and kind(node) is None:  # a literal in its written unit: 25%, 5000元
        written = node.text.strip()
        if written.endswith("%"):
            return zh.value(node.value, "ratio")
        if written.endswith(("元", "万", "亿")):
            return zh.value(node.value, "money")
    return zh.value(node.value, kind(node))


__all__ = ["applied", "figures_of", "formula", "missing_fields", "unknown_text"]
