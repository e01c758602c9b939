"""Expressions compile to IR with types checked; everything outside the subset is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sme_rules.language import ir
from sme_rules.language.expr import ExprError, Scope, compile_expr

SCOPE = Scope(
    fields={"monthly_sales": "money", "employees": "count", "vat_taxpayer_type": "str", "industry_code": "str", "share": "ratio"},
    field_choices={"vat_taxpayer_type": ("small_scale", "general")},
    facts={"is_sme": "bool"},
    fact_choices={},
    national={"vat_exempt_monthly_sales": "money"},
    params={},
)


def test_unit_literals_and_parameters() -> None:
    expr = compile_expr("monthly_sales <= 15万 or monthly_sales <= national.vat_exempt_monthly_sales", SCOPE)
    assert isinstance(expr, ir.Or)
    first = expr.items[0]
    assert isinstance(first, ir.Cmp) and first.right == ir.Const(Decimal(150000), "number")
    assert first.span.text == "monthly_sales <= 15万"


def test_chained_comparison_becomes_a_conjunction() -> None:
    expr = compile_expr("20 <= employees < 300", SCOPE)
    assert isinstance(expr, ir.And) and [c.op for c in expr.items] == ["<=", "<"]  # type: ignore[union-attr]


def test_block_conditions_may_span_lines() -> None:
    expr = compile_expr('vat_taxpayer_type == "small_scale"\nand is_sme\n', SCOPE)
    assert isinstance(expr, ir.And)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("montly_sales > 1", "did you mean 'monthly_sales'"),
        ('vat_taxpayer_type == "tiny"', "not a value of vat_taxpayer_type"),
        ('monthly_sales > "a"', "compares numbers"),
        ("monthly_sales > employees", "cannot compare a money value with a count value"),
        ("monthly_sales * 2 > 1", "arithmetic is for amounts"),
        ("__import__('os')", "not allowed"),
        ("national.nope > 1", "unknown parameter national.nope"),
        ("monthly_sales >", "syntax error"),
        ("[1, 2]", "only follow `in`"),
        ("monthly_sales if is_sme else 1", "not allowed"),
    ],
)
def test_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ExprError, match=message):
        compile_expr(text, SCOPE)


def test_arithmetic_is_allowed_in_amounts() -> None:
    scope = Scope(**{**SCOPE.__dict__, "allow_arithmetic": True})
    expr = compile_expr("min(monthly_sales * 6, 5000元)", scope)
    assert isinstance(expr, ir.Call) and expr.kind == "money"
