"""CLI input of any bytes: a report (exit 0) or exit 2 with one paragraph, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_rules.cli.main import main

FUZZ = settings(max_examples=int(os.environ.get("SME_FUZZ_EXAMPLES", "20")), deadline=None,
                suppress_health_check=list(HealthCheck))

PROFILE_TEXT = st.one_of(
    st.binary(max_size=64),
    st.text(max_size=40).map(lambda t: t.encode("utf-8")),
    st.dictionaries(st.sampled_from(["employees", "monthly_sales", "region_code", "industry_code", "", "x"]),
                    st.one_of(st.integers(-(10**40), 10**40), st.text(max_size=6), st.floats(), st.none(), st.booleans()),
                    max_size=4).map(lambda d: json.dumps(d).encode("utf-8")),
    st.sampled_from([b'{"employees": 1' + b"0" * 5000 + b"}", b"[" * 5000, '{"x": 1}'.encode("utf-16"), b'{"a":1,"a":2}']),
)


def _check(code: int, err: str) -> None:
    assert code in (0, 1, 2), code
    assert "Traceback" not in err, err
    if code == 2:  # other tests' libraries may have logged to stderr first: look for our paragraph
        assert any(line.startswith("sme-rules: ") or "problem" in line for line in err.splitlines()), err


@FUZZ
@given(PROFILE_TEXT, st.sampled_from(["evaluate", "explain"]))
def test_evaluate_any_file(tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], content: bytes, command: str) -> None:
    path = Path(tmp_path_factory.mktemp("cli")) / "profile.json"
    path.write_bytes(content)
    code = main([command, str(path), "--region", "xizang", "--as-of", "2022-06-01", "--engine", "python"])
    _check(code, capsys.readouterr().err)


@FUZZ
@given(st.lists(PROFILE_TEXT, max_size=4))
def test_screen_any_json_lines(tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], lines: list[bytes]) -> None:
    folder = Path(tmp_path_factory.mktemp("cli"))
    (folder / "rows.jsonl").write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
    code = main(["screen", str(folder / "rows.jsonl"), "-o", str(folder / "out.parquet"), "--region", "xizang", "--as-of", "2022-06-01", "--progress", "never"])
    _check(code, capsys.readouterr().err)


@FUZZ
@given(st.one_of(st.text(max_size=12), st.sampled_from(["1e400", "nan", "-0", "15万", "60%", "1" + "0" * 400])),
       st.one_of(st.text(max_size=12), st.sampled_from(["2022-02-30", "2022-06-01", "99999-01-01", ""])))
def test_procurement_any_budget_and_date(capsys: pytest.CaptureFixture[str], budget: str, as_of: str) -> None:
    if budget.startswith("-") or as_of.startswith("-"):
        budget, as_of = f" {budget}", f" {as_of}"  # argparse would read them as options
    code = main(["procurement", "--budget", budget, "--category", "goods", "--region", "xizang", "--as-of", as_of])
    _check(code, capsys.readouterr().err)
