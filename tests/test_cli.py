"""The command line: JSON per the contract, exit 2 with one paragraph on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sme_rules.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "xizang_manufacturer.json"


def test_evaluate_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(EXAMPLE), "--as-of", "2022-06-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["region"] == "xizang" and data["facts"]["size_class"] == "small"
    assert {b["id"]: b["status"] for b in data["benefits"]}["vat_small_scale_exemption"] == "eligible"


def test_explain_one_benefit_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(EXAMPLE), "--as-of", "2022-06-01", "--benefit", "disability_fund_exemption"]) == 0
    out = capsys.readouterr().out
    assert "【符合】" in out and "在职职工" in out


@pytest.mark.parametrize(
    ("profile", "args", "needle"),
    [
        ({"employes": 3}, [], "employes: unknown field (did you mean 'employees'?)"),
        ({"employees": -1}, [], "employees"),
        ({}, ["--as-of", "2022-02-30"], "ISO date"),
        ({"region_code": "110101"}, [], "outside the regions"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], profile: dict[str, object], args: list[str], needle: str
) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(profile))
    assert main(["evaluate", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err and err.count("\n") == 1


def test_malformed_json_points_at_the_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"employees": 3,,}')
    assert main(["evaluate", str(path), "--region", "xizang"]) == 2
    assert f"{path}:1:17" in capsys.readouterr().err


def test_broken_rule_file_in_check_names_file_line_col(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("region: x\nbenefits:\n  b: {title: t, category: tax, obtained_by: automatic, sources: [], when: true}\n")
    assert main(["check", str(path)]) == 2
    assert "broken.yaml:3:" in capsys.readouterr().err


def test_coverage_accounts_for_every_article(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 124 and data["accounted"] == 124


def test_procurement_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["procurement", "--budget", "250万", "--category", "goods", "--region", "qinghai", "--as-of", "2022-06-01", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["sme_reserved_min"] == 750000


def test_regions_lists_four(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regions", "--format", "json"]) == 0
    assert [r["region"] for r in json.loads(capsys.readouterr().out)] == ["xizang", "qinghai", "xishuangbanna", "xinjiang"]


def test_readings_lists_each_rule_s_note_with_its_articles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["readings", "xizang"]) == 0
    out = capsys.readouterr().out
    assert "## 西藏自治区" in out
    line = next(x for x in out.splitlines() if x.startswith("- 小规模纳税人免征增值税"))
    assert "(二)" in line and "15万" in line
    assert main(["readings", "xizang", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"scope": "xizang", "id": "vat_small_scale_exemption"}.items() <= next(r for r in rows if r["id"] == "vat_small_scale_exemption").items()


def test_brief_json_keeps_the_contract_and_drops_the_trees(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(EXAMPLE), "--as-of", "2022-06-01"]) == 0
    full = capsys.readouterr().out
    assert main(["evaluate", str(EXAMPLE), "--as-of", "2022-06-01", "--brief"]) == 0
    brief = capsys.readouterr().out
    data = json.loads(brief)
    benefit = data["benefits"][0]
    assert {"id", "status", "title", "sources", "missing", "failed"} <= set(benefit)
    assert "verdict" not in benefit and "facts_used" not in benefit
    assert len(brief) < len(full) / 2


def test_the_schema_command_offers_the_published_schemas() -> None:
    """cli/schema.py names the schemas itself, so that building the parser does not import the wire package."""
    from sme_rules.cli import schema
    from sme_rules.wire import SCHEMA_NAMES

    assert schema.SCHEMA_NAMES == SCHEMA_NAMES


def test_the_help_builds_the_parser_without_the_engines() -> None:
    """``sme-rules --help`` and the parser of every command import neither pydantic nor the engines."""
    code = "import sys; from sme_rules.cli import build_parser; build_parser(); print(sorted(m for m in ('pydantic', 'durable', 'sme_rules.api', 'sme_rules.language.loader') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
