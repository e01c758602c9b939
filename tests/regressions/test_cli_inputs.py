"""Bad CLI input found by fuzzing: exit status 2 and one paragraph on stderr, never a traceback.

And the commands that answered wrongly: ``check rules/procurement.yaml`` (5 false errors), ``check
rules`` (refused the folder), a zero-row ``screen`` (no file) and ``population 0`` (a 0-byte Parquet).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from sme_rules.cli.main import main
from sme_rules.language.loader import rules_dir

ONE_PARAGRAPH_MAX_LINES = 4


def fails_cleanly(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.startswith("sme-rules: ") and "Traceback" not in err, err
    assert "\n\n" not in err.strip() and len(err.strip().splitlines()) <= ONE_PARAGRAPH_MAX_LINES, err
    return err


@pytest.mark.parametrize(("content", "words"), [
    ('{"region_code": "540102", "industry_code": "制造"}'.encode("gbk"), "not UTF-8"),
    ('{"employees": 3}'.encode("utf-16"), "not UTF-8"),
    (bytes(range(256)), "not UTF-8"),
    (b'{"employees": 1' + b"0" * 5000 + b"}", "employees"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"employees": 5, "employees": 500}', "'employees' is given twice"),
    (b'{"monthly_sales": "60%"}', "monthly_sales"),
    (b'{"": 1}', "empty name"),
    (b'{"employees": NaN}', "employees"),
], ids=["gbk", "utf16", "binary", "5000-digits", "deep", "duplicate", "percent-money", "empty-key", "nan"])
def test_bad_profile_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str) -> None:
    path = tmp_path / "profile.json"
    path.write_bytes(content)
    assert words in fails_cleanly(capsys, "evaluate", str(path), "--region", "xizang", "--as-of", "2022-06-01")


@pytest.mark.parametrize("budget", ["1e400", "1" + "0" * 5000, "nan", "60%", "-1", "1000000000000000000000000000"])
def test_bad_procurement_budgets(capsys: pytest.CaptureFixture[str], budget: str) -> None:
    assert "budget" in fails_cleanly(capsys, "procurement", "--budget", budget, "--category", "goods", "--region", "xizang")


@pytest.mark.parametrize(("content", "words"), [
    (bytes(range(128, 256)) + b"\n", "rows.jsonl:1: not UTF-8"), (b'{"employees": 3}\n[1, 2]\n', "rows.jsonl:2: each line"),
    (b'{"employees": 3}\n{"employees": \n', "rows.jsonl:2: not valid JSON"),
    (b'{"employees": 3}\n"x"\n', "not str"), (b'{"employees": 3, "employees": 4}\n', "given twice"),
], ids=["binary", "list-line", "broken-line", "string-line", "duplicate"])
def test_bad_json_lines_in_screen(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(content)
    err = fails_cleanly(capsys, "screen", str(path), "-o", str(tmp_path / "out.parquet"), "--region", "xizang", "--progress", "never")
    assert words in err


def test_a_binary_csv_cell_is_that_rows_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(b"employees\n3\n" + bytes(range(128, 256)) + b"\n4\n")
    out = tmp_path / "out.parquet"
    assert main(["screen", str(path), "-o", str(out), "--region", "xizang", "--progress", "never"]) == 0
    errors = pq.read_table(out).column("error").to_pylist()
    assert errors[0] is None and errors[2] is None and errors[1].startswith("employees: not UTF-8")


def test_unwritable_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "No such file" in fails_cleanly(capsys, "population", "5", "-o", str(tmp_path / "missing" / "p.parquet"))


def test_check_takes_the_procurement_fragment(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(rules_dir() / "procurement.yaml")]) == 0
    out = capsys.readouterr().out
    assert "procurement.yaml: checked within" in out and "national.yaml" in out


def test_check_takes_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(rules_dir())]) == 0
    out = capsys.readouterr().out
    for name in ("national", "xizang", "qinghai", "xishuangbanna", "xinjiang"):
        assert f"{name}.yaml: " in out, out


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
@pytest.mark.parametrize("rows", [b"", b"\n\n"], ids=["empty", "blank-lines"])
def test_zero_rows_write_a_valid_empty_file_with_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, rows: bytes) -> None:
    source = tmp_path / "none.jsonl"
    source.write_bytes(rows)
    out = tmp_path / f"out{suffix}"
    assert main(["screen", str(source), "-o", str(out), "--region", "xizang", "--as-of", "2022-06-01", "--progress", "never"]) == 0
    table = pq.read_table(out) if suffix == ".parquet" else pa_csv.read_csv(out)
    assert table.num_rows == 0
    assert "error" in table.schema.names and "status__vat_small_scale_exemption" in table.schema.names


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_population_of_zero_is_a_valid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    out = tmp_path / f"p{suffix}"
    assert main(["population", "0", "-o", str(out)]) == 0
    if suffix == ".parquet":
        table = pq.read_table(out)
        assert table.num_rows == 0 and "employees" in table.schema.names
    elif suffix == ".csv":
        assert pa_csv.read_csv(out).num_rows == 0
    else:
        assert out.read_bytes() == b""
