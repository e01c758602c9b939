"""An industry code that stops above the 划型标准's split (F, G, G59, H, I, K, K70) is decided when
every row it could be gives the same answer, in every engine, and the explanation says so.

The candidate rows of each such code are written in rules/national.yaml (a case listing several
values of ``industry_group``); here they are derived again from GB/T 4754-2017 (the divisions of
each section, the groups 0–9 of a division) and the fact's own cases, so a list cannot drift from
the mapping it stands for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from rule_edits import edit
from sme_rules import RuleFileError, evaluate, load
from sme_rules.engines import reference as ref
from sme_rules.engines.durable import DurableEngine
from sme_rules.engines.vector import Batch, compile_rules
from sme_rules.language import ir
from sme_rules.language.loader import load_region
from sme_rules.profile import DIVISIONS, EnterpriseProfile, field_catalogue
from test_vector_engine import cell, columns

DAY = dt.date(2022, 6, 1)
EXPECTED = {
    "F": {"wholesale", "retail"},
    "G": {"transport", "warehousing", "postal", "not_covered"},
    "G59": {"transport", "warehousing"},
    "H": {"accommodation", "catering"},
    "I": {"information_transmission", "software_it"},
    "K": {"real_estate_development", "property_management", "other", "not_covered"},
    "K70": {"real_estate_development", "property_management", "other", "not_covered"},
}


def _switch(rules: ir.RuleSet, fact: str) -> ir.Switch:
    expr = rules.facts[fact].expr
    assert isinstance(expr, ir.Switch)
    return expr


def _group(rules: ir.RuleSet, code: str) -> object:
    return ref.derive_facts(rules, {"industry_code": code}, {}).facts["industry_group"]


def _below(code: str) -> list[str]:
    """The codes one level under ``code`` that GB/T 4754-2017's numbering allows."""
    if len(code) == 1:
        low, high = DIVISIONS[code]
        return [f"{code}{d:02d}" for d in range(low, high + 1)]
    return [f"{code}{d}" for d in range(10)]


def _derived(rules: ir.RuleSet, code: str, listed: dict[str, tuple[str, ...]]) -> set[str]:
    """The rows the codes under ``code`` fall in by the fact's cases of one value."""
    found: set[str] = set()
    for child in _below(code):
        group = _group(rules, child)
        if isinstance(group, str):
            found.add(group)
        elif child in listed:
            found |= _derived(rules, child, listed)
        # else: a group number the classification does not use (K705)
    return found


def test_each_listed_code_lists_the_rows_its_subcodes_fall_in() -> None:
    rules = load_region("xizang")
    listed: dict[str, tuple[str, ...]] = {}
    for candidates in _switch(rules, "is_sme").candidates:
        tested = candidates.when
        codes = [tested.right.value] if isinstance(tested, ir.Cmp) else [o.value for o in tested.options]  # type: ignore[union-attr]
        for code in codes:
            listed[str(code)] = candidates.rows
    assert {code: set(rows) for code, rows in listed.items()} == EXPECTED
    for code, rows in listed.items():
        assert _derived(rules, code, listed) == set(rows), code
        assert _group(rules, code) is None  # the fact itself stays unknown: it is one of them
    # every table keyed on the group reads the same candidates
    for fact in ("size_class", "is_sme_for_equipment_deduction"):
        assert _switch(rules, fact).candidates == _switch(rules, "is_sme").candidates


def _facts(profile: dict[str, object]) -> dict[str, object]:
    return evaluate(profile, "xizang", DAY).facts  # raises EngineDisagreement if durable and python differ


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ({"industry_code": "H", "employees": 9}, {"is_sme": True, "size_class": "micro"}),
        ({"industry_code": "F", "employees": 9}, {"is_sme": True, "size_class": None}),
        ({"industry_code": "F", "employees": 9, "annual_revenue": Decimal("9990000")}, {"size_class": "micro"}),
        ({"industry_code": "I", "employees": 5000, "annual_revenue": Decimal("2000000000")}, {"is_sme": False, "size_class": "large"}),
        ({"industry_code": "G", "employees": 5}, {"is_sme": None, "is_sme_for_equipment_deduction": True}),
        ({"industry_code": "K70", "employees": 5, "annual_revenue": Decimal("500000")}, {"is_sme": None}),
    ],
)
def test_a_section_code_is_decided_when_its_rows_agree(profile: dict[str, object], expected: dict[str, object]) -> None:
    facts = _facts(profile)
    assert facts["industry_group"] is None
    assert {k: facts[k] for k in expected} == expected


def test_without_candidates_the_same_codes_stay_unknown() -> None:
    """What the candidate rows change: without them the table facts of H are unknown."""
    rules = load_region("xizang")
    fields = {"industry_code": "H", "employees": 9}
    assert ref.derive_facts(rules, fields, {}).facts["size_class"] == "micro"
    without = ref.Env(fields, {})
    for name, fact in rules.facts.items():
        without.facts[name] = ref.evaluate(_strip(fact.expr), without).value
    assert without.facts["size_class"] is None and without.facts["is_sme"] is None


def _strip(expr: ir.Expr) -> ir.Expr:
    return ir.Switch(expr.key, expr.branches, expr.kind, expr.table) if isinstance(expr, ir.Switch) else expr


CODES = [None, "C13", "F", "F52", "G", "G59", "G592", "H", "H62", "I", "I65", "K", "K70", "K704", "J66"]


def _grid() -> list[dict[str, object]]:
    rows = []
    for code in CODES:
        for employees in (None, 9, 10, 100, 300, 1001):
            for revenue in (None, Decimal("1000000"), Decimal("10000000"), Decimal("400000000"), Decimal("400000000.01")):
                row = {"industry_code": code, "employees": employees, "annual_revenue": revenue}
                rows.append({k: v for k, v in row.items() if v is not None})
    return rows


def test_vector_and_durable_give_the_reference_answer_on_section_codes() -> None:
    rules = load_region("xizang")
    rows = _grid()
    result = compile_rules(rules, DAY).run(Batch(len(rows), columns(rows)))
    durable = DurableEngine(rules, DAY, list(rules.benefits_in_force(DAY)))
    kinds = {n: s.kind for n, s in field_catalogue().items()}
    params = rules.params_at(DAY)
    tables = ("is_sme", "size_class", "is_sme_for_equipment_deduction")
    for i, row in enumerate(rows):
        fields = EnterpriseProfile.parse(row).known_fields()
        expected = ref.derive_facts(rules, fields, params).facts
        facts, _ = durable.run(fields, kinds)
        for name in tables:
            assert cell(result.facts[name], i) == expected[name], (row, name, "vector")
            assert facts.get(name) == expected[name], (row, name, "durable")


def test_the_explanation_says_which_rows_agree_or_differ() -> None:
    agreed = evaluate({"industry_code": "H", "employees": 300, "annual_revenue": 100000000}, "xizang", DAY)
    text = next(b.to_text() for b in agreed.benefits if "中小微企业（划型标准）：否" in b.to_text())
    assert "国民经济行业代码 H 可能属于住宿业或餐饮业，两行结论相同" in text
    assert "按《中小企业划型标准》“住宿业”的标准" in text and "按《中小企业划型标准》“餐饮业”的标准" in text
    differ = evaluate({"industry_code": "F", "employees": 9, "annual_revenue": 10000000}, "xizang", DAY)
    result = next(b for b in differ.benefits if b.undecidable)
    assert "无法判定：国民经济行业代码 F 可能属于批发业或零售业，两行结论不同（批发业：小型；零售业：微型），无法确定企业规模" in result.to_text()
    assert "没有适用的情形" not in result.to_text()
    outside = evaluate({"industry_code": "K", "employees": 5, "annual_revenue": 500000, "total_assets": 1000000}, "xizang", DAY)
    text = next(b.to_text() for b in outside.benefits if b.undecidable)
    assert "国民经济行业代码 K 可能属于房地产开发经营、物业管理、其他未列明行业或划型标准未列的行业（如金融业），四行结论未能一致" in text
    assert "划型标准未列的行业（如金融业）：该表未列，无标准" in text


# --------------------------------------------------------------------------- load-time checks


RULES = "region: test\nname: 测试\nregion_codes: [\"99\"]\ninclude: [national]\ndocuments: {}\n"
H_CASE = """      - {when: 'industry_code == "H"', value: [accommodation, catering]}"""


def _problems(rule_file: Callable[[str], Path], replacement: str) -> list[str]:
    path = rule_file(RULES)
    edit(path.parent / "national.yaml", H_CASE, replacement)
    path = rule_file(RULES)  # clears the rule cache
    with pytest.raises(RuleFileError) as caught:
        load(path)
    return [p.message for p in caught.value.problems]


def test_a_listed_value_must_be_a_row(rule_file: Callable[[str], Path]) -> None:
    found = _problems(rule_file, """      - {when: 'industry_code == "H"', value: [accommodation, hotels]}""")
    assert any("lists at least two of" in m and "hotels" in m for m in found), found


def test_a_listed_code_must_be_one_no_other_case_decides(rule_file: Callable[[str], Path]) -> None:
    found = _problems(rule_file, """      - {when: 'industry_code == "H61"', value: [accommodation, catering]}""")
    assert any("'H61' is decided by case 9" in m for m in found), found


def test_a_listing_case_tests_one_field_against_given_values(rule_file: Callable[[str], Path]) -> None:
    found = _problems(rule_file, """      - {when: 'industry_code.startswith("H")', value: [accommodation, catering]}""")
    assert any("tests one field against given values" in m for m in found), found


def test_drawn_profiles_try_every_listed_code() -> None:
    from sme_rules.testing._figures import figures
    from sme_rules.testing.strategies import preferred_values

    drawn = preferred_values("industry_code", figures([load_region("xizang")]), [])
    assert set(EXPECTED) <= set(drawn)
