"""The closure-compiled interpreter gives the reference interpreter's verdict trees, node for node.

``evaluate()`` explains with the compiled one; the reference (``engines/reference.py``) defines
what a rule means. Profiles are drawn toward every threshold of each region's rules, on days around
every date where a window or a figure changes; every fact's tree and every benefit's tree must be
equal, operator, text, value, children, distance and notice alike; and so must every amount's
written-out tree (``report/amount.applied``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from sme_rules.engines import reference as ref
from sme_rules.engines.compiled import compile_expr, compiled, evaluate_compiled
from sme_rules.language import ir
from sme_rules.language.loader import REGIONS, load_region
from sme_rules.profile import EnterpriseProfile
from sme_rules.report.amount import applied, missing_fields
from sme_rules.testing import dates, profiles


@pytest.mark.parametrize("region", REGIONS)
def test_the_compiled_interpreter_gives_the_reference_trees(region: str) -> None:
    rules = load_region(region)
    program = compiled(rules)

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(profile=profiles(region), day=dates(region))
    def check(profile: dict[str, Any], day: dt.date) -> None:
        fields = EnterpriseProfile.parse(profile).known_fields()
        params = rules.params_at(day)
        expected = ref.derive_facts(rules, fields, params)
        got = program.derive_facts(fields, params)
        assert got.facts == expected.facts
        assert got.fact_verdicts == expected.fact_verdicts
        for bid, benefit in rules.benefits.items():
            assert program.benefit_verdict(bid, got) == ref.benefit_verdict(benefit, expected), bid
            # the explanation writes out each amount from its case as the compiled closures give it
            if benefit.amount is not None and benefit.amount.expr is not None:
                assert applied(benefit.amount.expr, got, partial(evaluate_compiled, rules)) == applied(benefit.amount.expr, expected), bid
                for part in ir.walk(benefit.amount.expr):  # unknown leaves read without evaluating, where it can
                    assert missing_fields(part, got) == ref.unknown_inputs(ref.evaluate(part, expected), expected)[0], bid

    check()


def test_the_rule_set_is_compiled_once() -> None:
    rules = load_region("xizang")
    assert compiled(rules) is compiled(rules)


def _tree(expr: Any, **fields: Any) -> tuple[ref.Verdict, ref.Verdict]:
    env = ref.Env(fields, {})
    return compile_expr(expr)(env), ref.evaluate(expr, env)


def test_tables_compare_non_string_keys_as_the_reference_does() -> None:
    """A switch's key is a string in every rule file; a number still finds no row, as in the reference."""
    key = ir.FieldRef("industry_group", "str")
    table = ir.Switch(key, (("a", ir.Const(True, "bool")), ("a", ir.Const(False, "bool"))), "bool", "划型标准")
    for value in ("a", "b", 1, None):
        got, want = _tree(table, industry_group=value)
        assert got == want
    assert _tree(table, industry_group="a")[0].value is True  # the first row of a repeated key


def test_a_failed_comparison_carries_its_distance_and_an_unknown_one_none() -> None:
    below = ir.Cmp("<=", ir.FieldRef("monthly_sales", "money"), ir.Const(Decimal("150000"), "money"))
    for value in (Decimal("150000"), Decimal("150000.01"), None):
        got, want = _tree(below, monthly_sales=value)
        assert got == want
    assert _tree(below, monthly_sales=Decimal("150000.01"))[0].distance == Decimal("0.01")


def test_candidate_rows_give_the_reference_trees() -> None:
    """A key left unknown by a code that could be several rows: each listed row, then their consensus."""
    code = ir.FieldRef("industry_code", "str")
    candidates = tuple(
        ir.Candidates(ir.Cmp("==", code, ir.Const(value, "str")), rows)
        for value, rows in (("H", ("a", "b")), ("F", ("a", "c")), ("K", ("a", "z")))
    )
    branches = (("a", ir.Const(True, "bool")), ("b", ir.Const(True, "bool")), ("c", ir.Const(False, "bool")))
    table = ir.Switch(ir.FieldRef("industry_group", "str"), branches, "bool", "划型标准", candidates=candidates)
    for group, industry in (("c", "H"), (None, "H"), (None, "F"), (None, "K"), (None, "C"), (None, None)):
        got, want = _tree(table, industry_group=group, industry_code=industry)
        assert got == want
    assert _tree(table, industry_code="H")[0].value is True  # a and b agree
    assert _tree(table, industry_code="F")[0].value is None  # a and c differ
    assert _tree(table, industry_code="K")[0].value is None  # z is no row of the table
