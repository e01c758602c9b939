"""Broken rule files found by fuzzing: each is a RuleFileError at file:line:col, never a traceback.

And the figures a rule file writes are read as their unit says, or refused: before these checks a
30.5-person cap, ``30万元`` as a head count, ``true`` as a table cell (read as 1 元) and negative
cells all passed ``check``; so did deleting a whole 划型标准 row.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sme_rules import EnterpriseProfile, RuleFileError
from sme_rules.api import evaluate_rules
from sme_rules.language.loader import clear_cache, load, rules_dir

VAT_VALUE = "{from: 2021-04-01, value: 15万"
DISABILITY_VALUE = "{from: 2020-01-01, value: 30, notice: 财政部公告2019年第98号}"
INDUSTRIAL_ROW = "medium_employees: 300, medium_revenue: 2000万, small_employees: 20, small_revenue: 300万}"
DISABILITY_WHEN = "when: employees <= national.disability_fund_exempt_max_employees"
WINDOW = "in_force: {from: 2021-01-01, until: 2025-12-31}"


def edited(rules: Path, file: str, old: str, new: str) -> Path:
    path = rules / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}: update the test to the rule file"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    clear_cache()
    return rules / "xizang.yaml"


def problem(region_file: Path) -> str:
    with pytest.raises(RuleFileError) as caught:
        load(region_file)
    first = caught.value.problems[0]
    assert first.location.line > 0 and first.location.col > 0, str(caught.value)
    return f"{Path(first.location.path).name}:{first.location.line}:{first.location.col}: {first.message}"


def line_of(file: str, text: str) -> int:
    """The line (from 1) of the shipped rule file that holds ``text``: tests follow the file as it is edited."""
    lines = (rules_dir() / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


LINE_OF_VAT = line_of("national.yaml", VAT_VALUE)


@pytest.mark.parametrize(("new", "place", "words"), [
    ("{from: 2022-02-30, value: 15万", f"national.yaml:{LINE_OF_VAT}:16", "not a valid date"),
    ("{from: 2021-04-01, value: !!int abc", f"national.yaml:{LINE_OF_VAT}:35", "not a valid integer"),
    ("{from: 2021-04-01, value: !!float x", f"national.yaml:{LINE_OF_VAT}:35", "not a valid number"),
    ("{from: 2021-04-01, value: !!python/object:os.system x", f"national.yaml:{LINE_OF_VAT}:35", "tag"),
    ("{from: 2021-04-01, value: " + "[" * 2000 + "]" * 2000, f"national.yaml:{LINE_OF_VAT}:", "nested more than 64"),
    ("{from: 2021-04-01, value: 1" + "0" * 5000, f"national.yaml:{LINE_OF_VAT}:35", "not a valid integer"),
    ("{from: 2021-04-01, value: -15万", f"national.yaml:{LINE_OF_VAT}:35", "negative"),
    ("{from: 2021-04-01, value: 15万人", f"national.yaml:{LINE_OF_VAT}:35", "count"),
], ids=["date", "int-tag", "float-tag", "python-tag", "nesting", "5000-digits", "negative", "unit"])
def test_bad_values_in_a_parameter(rules_copy: Path, new: str, place: str, words: str) -> None:
    found = problem(edited(rules_copy, "national.yaml", VAT_VALUE, new))
    assert found.startswith(place) and words in found, found


@pytest.mark.parametrize(("value", "words"), [
    ("30.5", "not a whole number"), ("30万元", "count"), ("30%", "share"), ("true", "not a figure"),
])
def test_a_head_count_parameter_is_a_whole_number_of_people(rules_copy: Path, value: str, words: str) -> None:
    new = DISABILITY_VALUE.replace("value: 30,", f"value: {value},")
    found = problem(edited(rules_copy, "national.yaml", DISABILITY_VALUE, new))
    assert found.startswith(f"national.yaml:{line_of('national.yaml', DISABILITY_VALUE)}:") and words in found, found


@pytest.mark.parametrize(("cell", "words"), [
    ("small_employees: abc", "not a quantity"), ("small_employees: true", "not a figure"),
    ("small_employees: -20", "negative"), ("small_employees: 20.5", "not a whole number"),
    ("small_employees: 20万", "count"), ("small_employees: 400", "overlap"),
])
def test_table_cells_are_typed_by_their_column(rules_copy: Path, cell: str, words: str) -> None:
    found = problem(edited(rules_copy, "national.yaml", INDUSTRIAL_ROW, INDUSTRIAL_ROW.replace("small_employees: 20", cell)))
    assert re.match(rf"national\.yaml:{line_of('national.yaml', INDUSTRIAL_ROW)}:\d+: ", found) and words in found, found


def test_a_true_money_cell_is_refused(rules_copy: Path) -> None:
    # read as 1 元 it made an I65 firm with 40万 revenue small instead of micro
    found = problem(edited(rules_copy, "national.yaml", "small_revenue: 50万}\n", "small_revenue: true}\n"))
    assert found.startswith(f"national.yaml:{line_of('national.yaml', 'small_revenue: 50万}')}:") and "not a figure" in found, found


def test_a_deleted_size_standard_row_is_a_gap(rules_copy: Path) -> None:
    text = (rules_copy / "national.yaml").read_text(encoding="utf-8")
    retail = next(line for line in text.splitlines() if line.startswith("      retail: {sme_"))
    found = problem(edited(rules_copy, "national.yaml", retail + "\n", ""))
    assert "gap: no row for retail" in found, found


def test_a_row_the_key_never_selects_is_reported(rules_copy: Path) -> None:
    found = problem(edited(rules_copy, "national.yaml", "      retail: {sme_", "      retial: {sme_"))
    assert "retail" in found, found


@pytest.mark.parametrize(("encoding", "words"), [("gbk", "not UTF-8 text"), ("utf-16", "UTF-16")])
def test_a_rule_file_in_another_encoding(rules_copy: Path, encoding: str, words: str) -> None:
    path = rules_copy / "national.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    clear_cache()
    found = problem(rules_copy / "xizang.yaml")
    assert found.startswith("national.yaml:") and words in found, found


def test_a_nul_byte(rules_copy: Path) -> None:
    found = problem(edited(rules_copy, "national.yaml", "title: 小规模纳税人免征增值税的月销售额标准", "title: 小规模\x00纳税人免征增值税的月销售额标准"))
    assert found.startswith(f"national.yaml:{line_of('national.yaml', 'title: 小规模纳税人免征增值税的月销售额标准')}:15:") and "U+0000" in found, found


@pytest.mark.parametrize("literal", ["1e400", "1e17", "1" + "0" * 5000, "10亿亿"])
def test_numeric_literals_are_bounded(rules_copy: Path, literal: str) -> None:
    # the 残保金 exemption is a national measure: its condition is in national_measures.yaml, which xizang.yaml includes
    found = problem(edited(rules_copy, "national_measures.yaml", DISABILITY_WHEN, f"when: employees <= {literal}"))
    assert found.startswith("national_measures.yaml:"), found


def test_a_window_that_ends_before_it_starts(rules_copy: Path) -> None:
    found = problem(edited(rules_copy, "xizang.yaml", WINDOW, "in_force: {from: 2021-01-01, until: 2020-12-31}"))
    assert found.startswith(f"xizang.yaml:{line_of('xizang.yaml', WINDOW)}:") and "before" in found, found


@pytest.mark.parametrize("operator", ["and", "or"])
@pytest.mark.parametrize("terms", [64, 65, 200])
def test_long_conditions_run_on_the_durable_engine(rules_copy: Path, operator: str, terms: int) -> None:
    # an `or` of 64 comparisons loaded, then raised durable's raw "error code: 303" at evaluation
    condition = f" {operator} ".join(f"employees <= {1000 + i}" for i in range(terms))
    rules = load(edited(rules_copy, "national_measures.yaml", DISABILITY_WHEN, f"when: {condition}"))
    for employees in (3, 1100, 5000):
        profile = EnterpriseProfile.parse({"employees": employees})
        durable = evaluate_rules(rules, profile, dt.date(2022, 6, 1), engine="durable")
        reference = evaluate_rules(rules, profile, dt.date(2022, 6, 1), engine="python")
        assert [b.status for b in durable.benefits] == [b.status for b in reference.benefits]
