"""The vector backend against the reference interpreter, node type by node type.

Rule sets are built directly as IR, so each test names exactly the construct it checks; every
test runs all combinations of known, unknown and boundary inputs in one batch and compares each
row with ``engines.reference``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from sme_rules.engines import reference as ref
from sme_rules.engines.vector import STATUSES, Batch, compile_rules
from sme_rules.engines.vector.columns import SCALE, Column, Num, Text, Tri, VectorUnsupported
from sme_rules.engines.vector.tables import fold_table
from sme_rules.errors import Location
from sme_rules.language import ir
from sme_rules.language.loader import load_region
from sme_rules.profile import field_catalogue

DAY = dt.date(2024, 6, 1)
KINDS = {name: spec.kind for name, spec in field_catalogue().items()}


def field(name: str) -> ir.FieldRef:
    return ir.FieldRef(name, KINDS[name])


def num(value: str, kind: str = "number") -> ir.Const:
    return ir.Const(Decimal(value), kind)


def text(value: str) -> ir.Const:
    return ir.Const(value, "str")


def flag(value: bool) -> ir.Const:
    return ir.Const(value, "bool")


def rule_set(conditions: dict[str, ir.Expr], facts: dict[str, tuple[ir.Expr, tuple[str, ...] | None]] | None = None, params: dict[str, Any] | None = None) -> ir.RuleSet:
    """A one-document rule set with a benefit per condition, the facts given, and undated parameters."""
    here = Location("test.yaml")
    document = ir.Document("doc", "doc.txt", "doc", ir.ALWAYS, (ir.Article("(一)", "", None),))
    fact_defs = {
        name: ir.Fact(name, name, _kind(expr), choices, expr, frozenset(ir.refs(expr)[1]), None, (), here)
        for name, (expr, choices) in (facts or {}).items()
    }
    parameters = {
        name: ir.Parameter(name, name, "", "number" if isinstance(v, Decimal) else "bool", (ir.ParamValue(dt.date(2000, 1, 1), v, None),), None)
        for name, v in (params or {}).items()
    }
    benefits = {
        bid: ir.Benefit(bid, bid, None, "tax", "benefit", "automatic", "enterprise", (ir.Source("doc", "doc.txt", "(一)", ""),), (), ir.ALWAYS, when, None, None, (), here, frozenset(ir.refs(when)[2]))
        for bid, when in conditions.items()
    }
    return ir.RuleSet("test", "test", (), {"doc": document}, parameters, fact_defs, benefits, ("test.yaml",), f"test-{next(_VERSIONS)}")


_VERSIONS = itertools.count()  # compiled programs are cached by version: each rule set here is new


def _kind(expr: ir.Expr) -> str:
    return ir.kind_of(expr)


def columns(rows: list[dict[str, Any]]) -> dict[str, Column]:
    """Rows of known values as engine columns (what screening hands the engine)."""
    out: dict[str, Column] = {}
    for name in {k for row in rows for k in row}:
        values = [row.get(name) for row in rows]
        kind = KINDS[name]
        if kind == "bool":
            out[name] = Tri(np.array([v is True for v in values]), np.array([v is False for v in values]))
        elif kind == "str":
            dictionary = tuple(sorted({v for v in values if v is not None}))
            out[name] = Text(np.array([dictionary.index(v) if v is not None else -1 for v in values], dtype=np.intp), dictionary)
        else:
            scale = SCALE[kind]
            out[name] = Num(
                np.array([int(Decimal(v).scaleb(scale)) if v is not None else 0 for v in values], dtype=np.int64),
                np.array([v is not None for v in values]),
                scale,
            )
    return out


def cell(column: Column, row: int) -> Any:
    if isinstance(column, Tri):
        return True if column.true[row] else False if column.false[row] else None
    if isinstance(column, Text):
        code = int(column.codes[row])
        return None if code < 0 else column.dictionary[code]
    return Decimal(int(column.values[row])).scaleb(-column.scale) if column.known[row] else None


def assert_agrees(rules: ir.RuleSet, rows: list[dict[str, Any]], day: dt.date = DAY) -> None:
    """Every fact and benefit of every row as the reference interpreter has it."""
    known = [{k: v for k, v in row.items() if v is not None} for row in rows]
    result = compile_rules(rules, day).run(Batch(len(rows), columns(known)))
    params = rules.params_at(day)
    for i, row in enumerate(known):
        env = ref.derive_facts(rules, row, params)
        for name, expected in env.facts.items():
            got = cell(result.facts[name], i)
            assert got == expected and type(got) is type(expected), (row, name, got, expected)
        for bid, benefit in rules.benefits.items():
            expected_status = ref.status_of(ref.benefit_verdict(benefit, env).value) if rules.in_force(benefit, day, params) else "not_in_force"
            assert STATUSES[result.statuses[bid][i]] == expected_status, (row, bid)


def grid(**domains: list[Any]) -> list[dict[str, Any]]:
    names = list(domains)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*(domains[n] for n in names))]


TRI = [True, False, None]


def test_kleene_logic_on_every_combination() -> None:
    a, b, c = field("has_rd_expenses"), field("is_high_tech_enterprise"), field("is_tech_sme")
    rules = rule_set({
        "and": ir.And((a, b, c)),
        "or": ir.Or((a, b, c)),
        "not": ir.Not(a),
        "nested": ir.Or((ir.And((a, ir.Not(b))), ir.And((ir.Not(a), c)))),
        "eq_true": ir.Cmp("==", a, flag(True)),
        "ne_false": ir.Cmp("!=", a, flag(False)),
        "fields_equal": ir.Cmp("==", a, b),
        "ordered": ir.Cmp("<", a, b),
    })
    assert_agrees(rules, grid(has_rd_expenses=TRI, is_high_tech_enterprise=TRI, is_tech_sme=TRI))


def test_constants_fold_without_losing_unknown() -> None:
    a = field("has_rd_expenses")
    rules = rule_set(
        {
            "false_and": ir.And((flag(False), a)),
            "true_or": ir.Or((a, flag(True))),
            "true_and": ir.And((flag(True), a)),
            "missing_param_and": ir.And((ir.ParamRef("gone", "bool", "params.gone"), a)),
            "missing_param_or": ir.Or((ir.ParamRef("gone", "bool", "params.gone"), a)),
            "param_true_and": ir.And((ir.ParamRef("on", "bool", "params.on"), a)),
        },
        params={"on": True},
    )
    assert_agrees(rules, grid(has_rd_expenses=TRI))


def test_money_thresholds_are_exact_to_the_fen() -> None:
    sales = field("monthly_sales")
    rules = rule_set({
        f"{op}_{figure}": ir.Cmp(op, sales, num(figure))
        for op in ("<", "<=", ">", ">=", "==", "!=")
        for figure in ("150000", "150000.01", "0.005", "99999999999999999999")  # the last: beyond int64 fen
    })
    values = [None, Decimal("0"), Decimal("0.01"), Decimal("149999.99"), Decimal("150000"), Decimal("150000.01"), Decimal("150000.02")]
    assert_agrees(rules, [{"monthly_sales": v} for v in values])


def test_ratio_and_count_and_two_columns() -> None:
    share, staff, disabled = field("main_business_revenue_share"), field("employees"), field("disabled_employees")
    rules = rule_set({
        "share": ir.Cmp(">=", share, num("0.6")),
        "share_fine": ir.Cmp(">", share, num("0.5999995")),
        "staff_param": ir.Cmp("<=", staff, ir.ParamRef("cap", "count", "params.cap")),
        "columns": ir.Cmp("<", disabled, staff),
        "in_numbers": ir.In(staff, (num("1"), num("30"))),
        "not_in_numbers": ir.In(staff, (num("1"), num("30")), negated=True),
    }, params={"cap": Decimal(30)})
    rows = grid(
        main_business_revenue_share=[None, Decimal("0.599999"), Decimal("0.6"), Decimal("0.600001")],
        employees=[None, 1, 29, 30, 31],
        disabled_employees=[None, 0, 30],
    )
    assert_agrees(rules, rows)


def test_strings_membership_and_prefixes() -> None:
    code, kind = field("industry_code"), field("vat_taxpayer_type")
    rules = rule_set({
        "prefix": ir.StartsWith(code, ("C1", "F5")),
        "member": ir.In(kind, (text("general"),)),
        "not_member": ir.In(kind, (text("general"),), negated=True),
        "equal": ir.Cmp("==", kind, text("small_scale")),
        "equal_absent_choice": ir.Cmp("==", code, text("Z99")),
        "mixed": ir.And((ir.StartsWith(code, ("C",)), ir.Cmp("!=", kind, text("general")))),
        "ordered": ir.Cmp("<", code, text("F")),
    })
    assert_agrees(rules, grid(industry_code=[None, "C13", "C", "F52", "G543", "A01"], vat_taxpayer_type=[None, "small_scale", "general"]))


def test_first_match_cases_stop_at_an_unknown_case() -> None:
    staff, code = field("employees"), field("industry_code")
    size = ir.Cases(
        (
            ir.Case(ir.Cmp("<", staff, num("10")), text("micro")),
            ir.Case(ir.StartsWith(code, ("C",)), text("factory")),
            ir.Case(ir.Cmp("<", staff, num("100")), text("small")),
        ),
        text("other"),
        "str",
    )
    bounded = ir.Cases((ir.Case(ir.Cmp(">", staff, num("5")), flag(True)), ir.Case(ir.Cmp("<", staff, num("3")), flag(False))), None, "bool")
    rules = rule_set(
        {"is_micro": ir.Cmp("==", ir.FactRef("size", "str"), text("micro")), "bounded": ir.FactRef("bounded", "bool")},
        facts={"size": (size, ("micro", "factory", "small", "other")), "bounded": (bounded, None)},
    )
    assert_agrees(rules, grid(employees=[None, 2, 4, 9, 10, 99, 100], industry_code=[None, "C13", "F52"]))


def test_number_facts_with_arithmetic_are_exact() -> None:
    sales, fees = field("monthly_sales"), field("enterprise_service_voucher_fees")
    total = ir.Arith("+", sales, fees, "money")
    scaled = ir.Arith("*", fees, num("0.5"), "money")
    capped = ir.Call("min", (ir.Arith("-", sales, fees, "money"), num("1000.005")), "money")
    rules = rule_set(
        {"big": ir.Cmp(">", ir.FactRef("total", "money"), num("100000.01"))},
        facts={"total": (total, None), "half": (scaled, None), "capped": (capped, None), "biggest": (ir.Call("max", (sales, fees), "money"), None)},
    )
    values = [None, Decimal("0"), Decimal("0.01"), Decimal("100000"), Decimal("99999.99")]
    assert_agrees(rules, grid(monthly_sales=values, enterprise_service_voucher_fees=values))


def test_division_is_refused_when_compiling() -> None:
    rules = rule_set({"ratio": ir.Cmp(">", ir.Arith("/", field("monthly_sales"), num("3"), "money"), num("1"))})
    with pytest.raises(VectorUnsupported, match="divide"):
        compile_rules(rules, DAY)


@dataclasses.dataclass(frozen=True)
class Strange:
    """An expression node no backend knows."""

    kind: str = "bool"
    span: ir.Span = ir.NO_SPAN


def test_an_unknown_node_type_raises_one_named_error() -> None:
    rules = rule_set({"odd": ir.And((Strange(), field("has_rd_expenses")))})  # type: ignore[arg-type]
    with pytest.raises(VectorUnsupported, match="no rule for Strange"):
        compile_rules(rules, DAY)


def _table_fact(branches: dict[str, ir.Expr], kind: str = "bool") -> ir.Switch:
    key = ir.FactRef("group", "str")
    return ir.Switch(key, tuple(branches.items()), kind, "t")


GROUP = ir.Cases(
    (
        ir.Case(ir.StartsWith(field("industry_code"), ("A",)), text("farm")),
        ir.Case(ir.StartsWith(field("industry_code"), ("C",)), text("factory")),
        ir.Case(ir.StartsWith(field("industry_code"), ("F",)), text("shop")),
    ),
    None,
    "str",
)


def test_table_rows_fold_into_per_row_figures() -> None:
    staff, revenue, assets = field("employees"), field("annual_revenue"), field("total_assets")
    switch = _table_fact({
        "farm": ir.Cmp("<", revenue, num("2000")),  # a row that lists one indicator only
        "factory": ir.Or((ir.Cmp("<", staff, num("1000")), ir.Cmp("<", revenue, num("4000")))),
        "shop": ir.Or((ir.Cmp("<", staff, num("300")), ir.Cmp("<", revenue, num("2000")), ir.Cmp("<", assets, num("1.5")))),
    })
    assert fold_table(switch) is not None
    rules = rule_set({"sme": ir.FactRef("sme", "bool")}, facts={"group": (GROUP, ("farm", "factory", "shop")), "sme": (switch, None)})
    assert_agrees(rules, grid(
        industry_code=[None, "A01", "C13", "F52", "K70"],
        employees=[None, 299, 300, 999, 1000],
        annual_revenue=[None, Decimal("1999.99"), Decimal("2000"), Decimal("4000")],
        total_assets=[None, Decimal("1.49"), Decimal("1.5")],
    ))


def test_table_rows_of_different_shapes_are_evaluated_row_by_row() -> None:
    staff, code = field("employees"), field("industry_code")
    switch = _table_fact({
        "farm": ir.Cmp("<", staff, num("10")),
        "factory": ir.Cmp(">", staff, num("10")),  # another operator: cannot fold
        "shop": ir.StartsWith(code, ("F52",)),
    })
    assert fold_table(switch) is None
    rules = rule_set({"picked": ir.FactRef("picked", "bool")}, facts={"group": (GROUP, ("farm", "factory", "shop")), "picked": (switch, None)})
    assert_agrees(rules, grid(industry_code=[None, "A01", "C13", "F52", "F51", "K70"], employees=[None, 9, 10, 11]))


def test_a_shipped_region_agrees_on_boundary_grids() -> None:
    rules = load_region("xizang")
    rows = grid(
        industry_code=[None, "C13", "F52", "A01", "E48", "K", "J66"],
        employees=[None, 19, 20, 300, 1000],
        annual_revenue=[None, Decimal("2999999.99"), Decimal("3000000"), Decimal("400000000")],
        total_assets=[None, Decimal("50000000")],
    )
    assert_agrees(rules, rows, dt.date(2022, 6, 1))


def test_results_do_not_depend_on_the_batch_they_come_in() -> None:
    rules = load_region("qinghai")
    rows = grid(industry_code=["C13", None, "F52"], employees=[5, 50, None], monthly_sales=[Decimal("100000"), None])
    program = compile_rules(rules, DAY)
    whole = program.run(Batch(len(rows), columns(rows)))
    for i, row in enumerate(rows):
        alone = program.run(Batch(1, columns([{k: v for k, v in row.items() if v is not None}])))
        for bid, codes in whole.statuses.items():
            assert codes[i] == alone.statuses[bid][0]


@pytest.mark.parametrize("fold", [True, False])
@pytest.mark.parametrize("kind", ["bool", "str", "number"])
def test_candidate_rows_give_the_answer_they_agree_on(fold: bool, kind: str) -> None:
    """Where the key is unknown and a candidate set holds (code B: farm or factory), every listed
    row's branch decides together; a set with a row the table lacks (D: farm or mine) never does."""
    staff, code = field("employees"), field("industry_code")
    values = {"bool": (flag(True), flag(False)), "str": (text("micro"), text("large")), "number": (num("1"), num("2"))}[kind]
    small, large = values

    def arm(row: str) -> ir.Expr:
        op = "<=" if row == "factory" and not fold else "<"  # another operator: the rows do not fold
        return ir.Cases((ir.Case(ir.Cmp(op, staff, num(_BOUNDS[row])), small),), large, kind)

    branches = {row: arm(row) for row in ("farm", "factory", "shop")}
    candidates = (
        ir.Candidates(ir.Cmp("==", code, text("B")), ("farm", "factory")),
        ir.Candidates(ir.In(code, (text("D"), text("E"))), ("farm", "mine")),
    )
    switch = ir.Switch(ir.FactRef("group", "str"), tuple(branches.items()), kind, "t", candidates=candidates)
    assert (fold_table(switch) is not None) == fold
    rules = rule_set({"seen": ir.Cmp("==", ir.FactRef("sized", kind), small)}, facts={"group": (GROUP, ("farm", "factory", "shop")), "sized": (switch, None)})
    assert_agrees(rules, grid(industry_code=[None, "A01", "B", "C13", "D", "E", "F52"], employees=[None, 9, 10, 11, 20, 21]))


_BOUNDS = {"farm": "10", "factory": "20", "shop": "30"}
