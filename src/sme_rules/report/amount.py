"""An amount's formula with its figures, for the explanation: ``2000 × 3 = 6000``.

The amount expression is evaluated by the reference interpreter; its verdict tree holds every
operand's value, so the formula is that tree written out with the figures in place of the names.
An unknown operand is written as its Chinese label and the amount stays unknown, so the reader sees
which figure of the enterprise would give the amount.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..engines.reference import Verdict
from ..units import normalise

_OPS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_CALLS = {"min": "取较小值", "max": "取较大值"}


def figure(value: object, *, percent: bool = False) -> str:
    """A number as the formula shows it: exact, without trailing zeros or exponent; a share as ``50%``."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        number = Decimal(value) * 100 if percent else Decimal(value)
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return format(normalise(number), "f") + ("%" if percent else "")
    return str(value)


def formula(
    verdict: Verdict, label: Callable[[str], str], shares: frozenset[str] = frozenset(), result: object = None
) -> str:
    """The amount's verdict written out: figures for known operands, 〔label〕 for unknown fields.

    ``label`` gives the Chinese label of a profile field; parameters named in ``shares`` are shares
    and are written as percentages. The result is appended (``= 6000``) when it is known: ``result``
    when given (the amount as paid, rounded to the fen), else the expression's exact value.
    """
    body = _term(verdict, label, shares, top=True)
    value = verdict.value if result is None else result
    if value is not None and verdict.op in ("arith", "call"):
        return f"{body} = {figure(value)}"
    return body


def _term(node: Verdict, label: Callable[[str], str], shares: frozenset[str], *, top: bool = False) -> str:
    if node.op == "arith" and len(node.children) == 2:
        left, right = (_term(child, label, shares) for child in node.children)
        text = f"{left} {_OPS.get(node.name or '', node.name)} {right}"
        return text if top else f"({text})"
    if node.op == "call":
        return f"{_CALLS.get(node.name or '', node.name)}({'，'.join(_term(c, label, shares) for c in node.children)})"
    if node.value is None:
        return f"〔{label(node.name)}：未知〕" if node.op == "field" and node.name else f"〔{node.text}：未知〕"
    return figure(node.value, percent=node.op == "param" and node.name in shares)


__all__ = ["figure", "formula"]
