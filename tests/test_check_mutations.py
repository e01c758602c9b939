"""``sme-rules check --mutations``: the mutants no example kills, per rule, and exit 1 while a
threshold or comparison mutant survives."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from rule_texts import BENEFIT, HEADER
from sme_rules.cli import main
from sme_rules.language.loader import rules_dir

RULES = HEADER + BENEFIT.replace("{when}", "employees <= 30") + """\
    examples:
      - {as_of: 2022-06-01, profile: {employees: 10}, expect: eligible}
      - {as_of: 2022-06-01, profile: {employees: 50}, expect: ineligible}
"""
#: the two examples that stand at the figure and one step past it
AT_THE_FIGURE = """\
      - {as_of: 2022-06-01, profile: {employees: 30}, expect: eligible}
      - {as_of: 2022-06-01, profile: {employees: 31}, expect: ineligible}
"""
SUMMARY = re.compile(r"^  mutants: (\d+), killed (\d+), surviving (\d+) \((\d+) of kinds threshold, comparison\)$", re.M)


def _check(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str]:
    code = main(["check", "--mutations", str(path)])
    return code, capsys.readouterr().out


def test_a_weak_example_leaves_the_threshold_alive_and_fails_the_check(
    rule_file: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = rule_file(RULES)
    code, out = _check(capsys, path)
    assert code == 1, out
    [(mutants, killed, surviving, strict)] = SUMMARY.findall(out)
    assert int(killed) + int(surviving) == int(mutants) and strict == "3"
    assert "  benefit:relief: " in out  # the rule, then its survivors, each at the condition's file:line:col
    line = RULES.splitlines().index("    when: employees <= 30") + 1
    where = f"{path.name}:{line}:11"
    for survivor in ("comparison: employees <= 30: <= → <", "threshold: employees <= 30: 30 → 31",
                     "threshold: employees <= 30: 30 → 29"):
        [found] = [row for row in out.splitlines() if row.endswith(survivor)]
        assert found.startswith("    ") and where in found


def test_examples_at_the_figure_kill_it_and_the_check_passes(
    rule_file: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _check(capsys, rule_file(RULES + AT_THE_FIGURE))
    assert code == 0, out
    [(_, _, _, strict)] = SUMMARY.findall(out)
    assert strict == "0"
    assert "benefit:relief" not in out


def test_the_shipped_rules_leave_no_threshold_or_comparison_mutant(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _check(capsys, rules_dir() / "xinjiang.yaml")
    assert code == 0, out
    [(mutants, _, _, strict)] = SUMMARY.findall(out)
    assert int(mutants) > 500 and strict == "0"
