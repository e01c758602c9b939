"""An amount's formula with its figures, for the explanation: ``2,000元 × 3人 = 6,000元``.

The amount expression is evaluated by the reference interpreter; its verdict tree holds every
operand's value, so the formula is that tree written out with the figures in place of the names,
each in its unit (zh.value). An unknown operand is written as its Chinese label and the amount stays
unknown, so the reader sees which figure of the enterprise would give the amount.
"""

from __future__ import annotations

from collections.abc import Callable

from ..engines.reference import Verdict
from . import zh

_OPS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_CALLS = {"min": "取较小值", "max": "取较大值"}

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


def _term(node: Verdict, label: Label, kind: Kind, *, top: bool = False) -> str:
    if node.op == "arith" and len(node.children) == 2:
        left, right = (_term(child, label, kind) for child in node.children)
        text = f"{left} {_OPS.get(node.name or '', node.name)} {right}"
        return text if top else f"({text})"
    if node.op == "call":
        return f"{_CALLS.get(node.name or '', node.name)}({'，'.join(_term(c, label, kind) for c in node.children)})"
    if node.value is None:
        return f"〔{label(node.name)}：未知〕" if node.op == "field" and node.name else f"〔{node.text}：未知〕"
    return zh.value(node.value, kind(node))


__all__ = ["formula"]
