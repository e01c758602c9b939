"""The command line around the service and the wire format: --version, completion, schema, evaluate over
JSON lines, screen through pipes, and sme_rules without durable_rules."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sme_rules import __version__, evaluate
from sme_rules.cli import main
from sme_rules.wire import BRIEF_EXCLUDE, SCHEMA_NAMES, shipped_schema

DAY = "2022-06-01"


def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sme_rules", *args], input=stdin, capture_output=True, text=True, timeout=120, check=False)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"sme-rules {__version__}"


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_knows_every_command(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for command in ("evaluate", "screen", "serve", "schema", "completion"):
        assert command in script
    assert "--as-of" in script


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_command_prints_the_shipped_schema(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", name]) == 0
    assert json.loads(capsys.readouterr().out) == shipped_schema(name)


def test_evaluate_json_lines_one_report_a_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    profiles = [{"employees": 30}, {"employes": 3}, {"employees": 31}]
    text = "\n".join(json.dumps(p) for p in profiles[:2]) + "\n\n{broken\n" + json.dumps(profiles[2]) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["evaluate", "-", "--lines", "--brief", "--region", "xizang", "--as-of", DAY]) == 2  # two bad lines
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert len(out) == 4
    assert out[0] == evaluate(profiles[0], "xizang", DAY).model_dump(mode="json", exclude=BRIEF_EXCLUDE)
    assert out[1]["line"] == 2 and out[1]["fields"] == ["employes"] and "did you mean 'employees'" in out[1]["error"]
    assert out[2]["line"] == 4 and "not valid JSON" in out[2]["error"]
    assert out[3]["region"] == "xizang" and out[3]["benefits"]
    assert "-:2:" in captured.err and "-:4:" in captured.err and "Traceback" not in captured.err


def test_evaluate_reads_a_jsonl_file_by_its_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "profiles.jsonl"
    path.write_text('{"employees": 3}\n{"employees": 40}\n', encoding="utf-8")
    assert main(["evaluate", str(path), "--region", "xizang", "--as-of", DAY]) == 0
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["as_of"] for r in reports] == [DAY, DAY]
    assert reports[0] == evaluate({"employees": 3}, "xizang", DAY).model_dump(mode="json")


def test_screen_reads_stdin_and_writes_stdout() -> None:
    rows = '{"id": 1, "employees": 30, "region_code": "540102"}\n{"id": 2, "employees": "x"}\n{"id": 3, "employees": 31, "region_code": "540102"}\n'
    done = run(["screen", "-", "-o", "-", "--as-of", DAY], stdin=rows)
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["id"] for r in table] == ["1", "2", "3"]
    assert [r["status__disability_fund_exemption"] for r in table] == ["eligible", "", "ineligible"]
    assert "employees" in table[1]["error"]
    assert "benefit" in done.stderr  # the summary goes to stderr when the results go to stdout


def test_without_durable_rules_the_rest_still_works() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["durable"] = None  # as if durable_rules could not be imported
        import sme_rules
        print(sme_rules.evaluate({"employees": 3}, "xizang", "2022-06-01", engine="python").status("disability_fund_exemption"))
        print(sme_rules.screen([{"employees": 3}], "xizang", "2022-06-01").column("status__disability_fund_exemption").to_pylist())
        try:
            sme_rules.evaluate({"employees": 3}, "xizang", "2022-06-01")
        except sme_rules.SmeRulesError as exc:
            print(type(exc).__name__, exc)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "eligible" and lines[1] == "['eligible']"
    assert lines[2].startswith("EngineUnavailable durable_rules could not be imported") and 'engine="python"' in lines[2]
