"""A broken rule file is refused with every problem at its file:line:col, never half-loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rule_texts import BENEFIT, HEADER
from sme_rules import RuleFileError, load


def _problems(path: Path) -> list[str]:
    with pytest.raises(RuleFileError) as caught:
        load(path)
    return [f"{p.location.line}:{p.location.col} {p.message}" for p in caught.value.problems]


def test_a_valid_file_loads(rule_file: Callable[[str], Path]) -> None:
    rules = load(rule_file(HEADER + BENEFIT.replace("{when}", "employees <= 30")))
    assert list(rules.benefits) == ["relief"]


def test_unknown_field_points_at_its_column_with_a_suggestion(rule_file: Callable[[str], Path]) -> None:
    path = rule_file(HEADER + BENEFIT.replace("{when}", "is_sme and montly_sales <= 15万"))
    [problem] = _problems(path)
    line = HEADER.count("\n") + 7
    col = len("    when: is_sme and ") + 1
    assert problem == f"{line}:{col} unknown field or fact 'montly_sales' (did you mean 'monthly_sales'?)"
    with pytest.raises(RuleFileError) as caught:
        load(path)
    rendered = str(caught.value)
    assert f"{path.name}:{line}:{col}" in rendered.replace(str(path.parent) + "/", "")
    assert rendered.rstrip().endswith(" " * (col - 1 + 4) + "^")


def test_every_shape_problem_is_collected(rule_file: Callable[[str], Path]) -> None:
    # shape problems come first (as a compiler's parse errors do): all of them, together
    text = HEADER + BENEFIT.replace("{when}", "true").replace("category: tax", "category: taxes").replace(
        "title: 测试减免", "title: 测试减免\n    colour: red"
    )
    problems = _problems(rule_file(text))
    assert len(problems) == 2, problems
    assert any("unknown key 'colour'" in p for p in problems)
    assert any("category: must be one of" in p for p in problems)


def test_type_errors_and_uncovered_articles(rule_file: Callable[[str], Path]) -> None:
    text = HEADER.replace('"(二)": {heading: 第二条, not_encoded: 部门职责}', '"(二)": {heading: 第二条}') + BENEFIT.replace(
        "{when}", 'vat_taxpayer_type == "tiny"'
    )
    problems = _problems(rule_file(text))
    assert any("'tiny' is not a value of vat_taxpayer_type" in p for p in problems)
    assert any("article (二) of doc is neither cited by a benefit nor marked not_encoded" in p for p in problems)


def test_a_when_that_is_not_a_condition(rule_file: Callable[[str], Path]) -> None:
    [problem] = _problems(rule_file(HEADER + BENEFIT.replace("{when}", "employees")))
    assert "must be a condition" in problem


def test_a_cycle_among_facts(rule_file: Callable[[str], Path]) -> None:
    text = HEADER + """\
facts:
  a_fact: {title: A, type: bool, when: b_fact}
  b_fact: {title: B, type: bool, when: a_fact}
""" + BENEFIT.replace("{when}", "a_fact")
    problems = _problems(rule_file(text))
    assert any("cycle: a_fact → b_fact → a_fact" in p or "cycle: b_fact → a_fact → b_fact" in p for p in problems)


def test_yaml_syntax_errors_have_a_place(rule_file: Callable[[str], Path]) -> None:
    [problem] = _problems(rule_file(HEADER + "benefits: [unclosed\n"))
    assert problem.split(" ")[0] != "0:0" and "YAML syntax" in problem


def test_unknown_article_and_document(rule_file: Callable[[str], Path]) -> None:
    text = HEADER + BENEFIT.replace("{when}", "true").replace('article: "(一)"', 'article: "(九)"')
    problems = _problems(rule_file(text))
    assert any("has no article '(九)'" in p for p in problems)


def test_example_profiles_must_be_valid(rule_file: Callable[[str], Path]) -> None:
    text = HEADER + BENEFIT.replace("{when}", "employees <= 30") + "    examples:\n      - {as_of: 2022-01-01, profile: {employes: 3}, expect: eligible}\n"
    [problem] = _problems(rule_file(text))
    assert "example profile" in problem and "did you mean 'employees'" in problem


def test_duplicate_keys_are_refused(rule_file: Callable[[str], Path]) -> None:
    text = HEADER + BENEFIT.replace("{when}", "true") + BENEFIT.replace("benefits:\n", "").replace("{when}", "true")
    [problem] = _problems(rule_file(text))
    assert "duplicate key 'relief'" in problem
