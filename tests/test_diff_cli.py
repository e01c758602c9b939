"""sme-rules diff: JSON for CI, Chinese text for people, exit status 1 on --fail-on-change."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from rule_edits import vat_threshold_lowered
from sme_rules.cli import main
from sme_rules.language.loader import rules_dir


def test_json_output_and_fail_on_change(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vat_threshold_lowered(rules_copy)
    code = main(["diff", str(rules_dir()), str(rules_copy), "--region", "xizang", "--size", "200",
                 "--format", "json", "--fail-on-change"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out["behaviour_changed"] is True
    (region,) = out["regions"]
    vat = next(b for b in region["behaviour"]["benefits"] if b["benefit"] == "vat_small_scale_exemption")
    assert vat["lose"] > 0 and vat["gain"] == 0
    example = next(t for t in vat["transitions"] if t["direction"] == "lose")["example"]
    assert 100000 < example["monthly_sales"] <= 150000


def test_text_output_is_chinese_and_exit_zero_without_the_flag(rules_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vat_threshold_lowered(rules_copy)
    code = main(["diff", str(rules_dir()), str(rules_copy), "--region", "xizang", "--size", "200", "--no-shrink"])
    text = capsys.readouterr().out
    assert code == 0
    assert "结论：行为有变化" in text and "失去" in text and "门槛 monthly_sales" in text


def test_same_rules_do_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", str(rules_dir() / "xizang.yaml"), str(rules_dir() / "xizang.yaml"), "--fail-on-change"])
    assert code == 0
    assert "行为无变化" in capsys.readouterr().out


def test_bad_side_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["diff", str(tmp_path / "nowhere"), str(rules_dir())]) == 2
    assert "neither a rule file, a rules folder nor a git revision" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_revisions_are_sides(rules_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = rules_copy.parent

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("add", "rules")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "rules")
    vat_threshold_lowered(rules_copy)
    monkeypatch.chdir(repo)
    code = main(["diff", "HEAD", "rules", "--region", "xizang", "--size", "200", "--format", "json", "--fail-on-change"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["old"] == "HEAD"
    location = out["regions"][0]["structure"]["benefits"][0]["location"]
    assert location.startswith("rules/xizang.yaml:")
    code = main(["diff", "HEAD:rules/xizang.yaml", "rules/xizang.yaml", "--structure-only", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["structure_changed"] and out["regions"][0]["behaviour"] is None
    assert out["old"] == "HEAD:rules/xizang.yaml"
