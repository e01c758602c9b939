"""Example tables (``columns:`` + ``rows:``): one example per row, at the row's file:line:col; a row that
does not fit its columns is an error there. And a restatement that narrows nothing runs the measure's
examples too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from rule_texts import BENEFIT, HEADER
from sme_rules import RuleFileError, load
from sme_rules.checking import run_all
from sme_rules.language.loader import load_region

RELIEF = HEADER + BENEFIT.replace("{when}", "employees <= 30 and annual_revenue <= 100万") + "    examples:\n"
TABLE = """\
      - name: 职工30人（含）以下、营业收入100万元以下
        as_of: 2022-06-01
        profile: {entity_type: enterprise}
        columns: [employees, annual_revenue, expect]
        rows:
          - [30, 100万, eligible]
          - [31, 100万, ineligible]
          - [30, 1000000.01, ineligible]
          - [30, ~, undetermined]
"""


def _line(text: str, needle: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)


def _problems(path: Path) -> list[str]:
    with pytest.raises(RuleFileError) as caught:
        load(path)
    return [f"{p.location.line}:{p.location.col} {p.message}" for p in caught.value.problems]


def test_each_row_is_an_example_at_its_own_line(rule_file: Callable[[str], Path]) -> None:
    text = RELIEF + TABLE
    rules = load(rule_file(text))
    examples = rules.benefits["relief"].examples
    assert [e.location.line for e in examples] == [_line(text, "- [30, 100万"), _line(text, "- [31,"),
                                                   _line(text, "1000000.01"), _line(text, "~, undetermined")]
    assert {e.name for e in examples} == {"职工30人（含）以下、营业收入100万元以下"}
    assert all(e.as_of == dt.date(2022, 6, 1) for e in examples)
    assert examples[1].profile == {"entity_type": "enterprise", "employees": 31, "annual_revenue": "100万"}
    assert examples[3].profile == {"entity_type": "enterprise", "employees": 30}  # an empty cell: unknown
    assert [e.expect for e in examples] == ["eligible", "ineligible", "ineligible", "undetermined"]
    assert all(o.ok for o in run_all(rules)), [o.message for o in run_all(rules) if not o.ok]


def test_a_failing_row_is_reported_at_its_line(rule_file: Callable[[str], Path]) -> None:
    text = RELIEF + TABLE.replace("[31, 100万, ineligible]", "[31, 100万, eligible]")
    failed = [o for o in run_all(load(rule_file(text))) if not o.ok]
    assert {o.example.location.line for o in failed} == {_line(text, "- [31,")}
    assert {o.engine for o in failed} == {"durable", "python"}


def test_columns_may_give_as_of_expect_and_missing(rule_file: Callable[[str], Path]) -> None:
    table = """\
      - name: 按日期
        profile: {employees: 30}
        columns: [as_of, annual_revenue, expect, missing]
        rows:
          - [2020-12-31, 100万, not_in_force, ~]
          - [2021-01-01, 100万, eligible, ~]
          - [2021-01-01, ~, undetermined, [annual_revenue]]
"""
    rules = load(rule_file(RELIEF + table))
    examples = rules.benefits["relief"].examples
    assert [e.as_of for e in examples] == [dt.date(2020, 12, 31), dt.date(2021, 1, 1), dt.date(2021, 1, 1)]
    assert [e.missing for e in examples] == [None, None, ("annual_revenue",)]
    assert all(o.ok for o in run_all(rules))


@pytest.mark.parametrize(
    ("change", "needle", "message"),
    [
        (("[31, 100万, ineligible]", "[31, ineligible]"), "- [31, ineligible]",
         "a row of an example table has one cell per column (3: employees, annual_revenue, expect); this row has 2 cells"),
        (("[31, 100万, ineligible]", "31"), "- 31",
         "a row of an example table has one cell per column (3: employees, annual_revenue, expect); this row has not a list"),
        (("[employees, annual_revenue, expect]", "[employees, annual_revenue, employees]"), "columns:",
         "column 'employees' is named twice"),
        (("profile: {entity_type: enterprise}", "profile: {entity_type: enterprise, employees: 3}"), "columns:",
         "'employees' is given both for the table and as a column"),
        (("[employees, annual_revenue, expect]", "[employees, annual_revenue, result]"), "- name:",
         "missing required key 'expect' (give it for the table or as a column)"),
        (("        columns: [employees, annual_revenue, expect]\n", ""), "- name:",
         "an example table needs columns: and rows: (no columns:)"),
    ],
)
def test_a_row_that_does_not_fit_is_an_error_at_its_place(
    rule_file: Callable[[str], Path], change: tuple[str, str], needle: str, message: str
) -> None:
    text = RELIEF + TABLE.replace(*change)
    assert text != RELIEF + TABLE
    problems = _problems(rule_file(text))
    line = _line(text, needle)
    assert any(p.startswith(f"{line}:") and p.endswith(message) for p in problems), problems


def test_a_bad_date_cell_is_named_at_the_cell(rule_file: Callable[[str], Path]) -> None:
    table = """\
      - name: 按日期
        profile: {employees: 30, annual_revenue: 100万}
        columns: [as_of, expect]
        rows:
          - [tomorrow, eligible]
"""
    text = RELIEF + table
    [problem] = _problems(rule_file(text))
    line = _line(text, "- [tomorrow")
    assert problem == f"{line}:{len('          - [') + 1} as_of: 'tomorrow' is not a date (YYYY-MM-DD)"


def test_a_single_example_still_needs_expect(rule_file: Callable[[str], Path]) -> None:
    text = RELIEF + "      - {as_of: 2022-06-01, profile: {employees: 3}}\n"
    assert _problems(rule_file(text)) == [f"{_line(text, 'profile: {employees: 3}')}:9 missing required key 'expect'"]


def test_a_restatement_that_narrows_nothing_runs_the_measures_examples_too() -> None:
    qinghai = load_region("qinghai").benefits["vat_small_scale_exemption"]
    files = {Path(e.location.path).name for e in qinghai.examples}
    assert files == {"qinghai.yaml", "national_measures.yaml"}
    narrowed = load_region("xizang").benefits["western_development_cit"]  # narrowed to 设在我区
    assert {Path(e.location.path).name for e in narrowed.examples} == {"xizang.yaml"}
