"""The pytest plugin: every example in the rule files becomes a test item per engine, named after
region/benefit/example; a failing one reads like a failing test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rule_edits import edit
from sme_rules.checking import iter_examples
from sme_rules.language.loader import load, rules_dir

VAT_EXAMPLE = "- {as_of: 2021-06-01, profile: {vat_taxpayer_type: small_scale, monthly_sales: 16万, quarterly_sales: 45万}, expect: undetermined, missing: [vat_filing_period]}"


def _pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=cwd, capture_output=True, text=True, check=False,
    )


def _expected_items(folder: Path) -> int:
    count = 0
    for name in ("national", "national_measures", "xizang", "qinghai", "xishuangbanna", "xinjiang"):
        rules = load(folder / f"{name}.yaml")
        count += 2 * sum(1 for _ in iter_examples(rules))
        if name.startswith("national") and rules.procurement is not None:
            count += len(rules.procurement.examples)
    return count


def test_every_shipped_example_is_collected_on_both_engines(tmp_path: Path) -> None:
    done = _pytest(tmp_path, "--collect-only", str(rules_dir()))
    assert done.returncode == 0, done.stdout + done.stderr
    names = [line for line in done.stdout.splitlines() if "::" in line]
    assert len(names) == _expected_items(rules_dir())
    assert any("xizang.yaml::xizang/benefit/vat_small_scale_exemption/" in n and n.endswith("[durable]") for n in names)
    assert any(n.endswith("[python]") for n in names)


def test_a_failing_example_shows_where_what_and_why(rules_copy: Path) -> None:
    edit(
        rules_copy / "xizang.yaml", VAT_EXAMPLE,
        VAT_EXAMPLE.replace("- {as_of", "- {name: at the cap, as_of").replace("expect: undetermined, missing: [vat_filing_period]", "expect: eligible"),
    )
    done = _pytest(rules_copy.parent, "rules/xizang.yaml", "-k", "vat_small_scale_exemption")
    assert done.returncode == 1
    out = done.stdout
    assert "xizang/benefit/vat_small_scale_exemption/at the cap[durable]" in out
    assert "rules/xizang.yaml:" in out and "example 'at the cap'" in out
    assert "expected: eligible" in out and "got:      undetermined, missing ['vat_filing_period']" in out
    assert "2 failed" in out


def test_opting_in_adds_the_examples_to_a_whole_suite_run_only(rules_copy: Path) -> None:
    project = rules_copy.parent
    (project / "tests").mkdir()
    (project / "tests" / "test_one.py").write_text("def test_one():\n    pass\n", encoding="utf-8")
    (project / "pytest.ini").write_text(
        "[pytest]\ntestpaths = tests\nsme_rules_examples = true\nsme_rules_paths = rules\nsme_rules_engines = python\n",
        encoding="utf-8",
    )
    whole = _pytest(project, "--collect-only")
    assert whole.returncode == 0, whole.stdout + whole.stderr
    items = [line for line in whole.stdout.splitlines() if "::" in line]
    assert "tests/test_one.py::test_one" in items
    assert sum(line.endswith("[python]") for line in items) == sum(1 for _ in iter_examples(load(rules_copy / "xizang.yaml"))) + sum(
        1 for r in ("national", "national_measures", "qinghai", "xishuangbanna", "xinjiang") for _ in iter_examples(load(rules_copy / f"{r}.yaml"))
    )
    chosen = _pytest(project, "--collect-only", "tests/test_one.py")
    assert [line for line in chosen.stdout.splitlines() if "::" in line] == ["tests/test_one.py::test_one"]
    flagged = _pytest(project, "--collect-only", "tests/test_one.py", "--sme-rules-examples")
    assert len([line for line in flagged.stdout.splitlines() if "::" in line]) == len(items)
