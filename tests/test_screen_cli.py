"""``sme-rules population`` and ``sme-rules screen``: files in every format, chunks, workers, summary."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from sme_rules import load_region, screen, synthetic_population
from sme_rules.cli import main
from sme_rules.language.ir import FieldRef, walk
from sme_rules.screening.population import iter_population

AS_OF = "2024-06-01"


def test_population_is_seeded_and_the_same_however_it_is_cut() -> None:
    first = synthetic_population(70_000, seed=5)
    assert first.equals(synthetic_population(70_000, seed=5))
    assert synthetic_population(1000, seed=5).equals(first.slice(0, 1000))
    assert pa.Table.from_batches(list(iter_population(70_000, seed=5))).equals(first)
    assert not synthetic_population(1000, seed=6).equals(first.slice(0, 1000))


def test_population_shares_and_regions() -> None:
    table = synthetic_population(20_000, seed=1, missing=0.25)
    assert table.column("region_code").null_count == 0
    share = table.column("employees").null_count / table.num_rows
    assert 0.22 < share < 0.28
    prefixes = {code[:2] for code in table.column("region_code").to_pylist()}
    assert prefixes == {"54", "63", "53", "65"}
    only = synthetic_population(2000, seed=1, regions=("xizang",))
    assert {code[:2] for code in only.column("region_code").to_pylist()} == {"54"}
    rules = load_region("xizang")
    read = {n.name for e in [f.expr for f in rules.facts.values()] + [b.when for b in rules.benefits.values()] for n in walk(e) if isinstance(n, FieldRef)}
    assert set(only.column_names) == read | {"id", "region_code"}  # a region's rows get the fields its rules read


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_screen_command_reads_each_format_in_chunks(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / f"people{suffix}"
    assert main(["population", "3000", "-o", str(source), "--seed", "4"]) == 0
    output = tmp_path / "out.parquet"
    assert main(["screen", str(source), "-o", str(output), "--as-of", AS_OF, "--chunk-rows", "700", "--progress", "never"]) == 0
    summary = capsys.readouterr().out
    assert "3,000 rows in" in summary and "vat_small_scale_exemption" in summary
    result = pq.read_table(output)
    expected = screen(synthetic_population(3000, seed=4), as_of=AS_OF)
    ids = list(range(3000))
    assert result.column("id").to_pylist() == ([str(i) for i in ids] if suffix == ".csv" else ids)  # CSV ids stay text
    for name in expected.column_names:
        if name.startswith("status__") or name in ("region", "error"):
            assert result.column(name).to_pylist() == expected.column(name).to_pylist(), name


def test_workers_and_csv_output_give_the_same_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "people.parquet"
    pq.write_table(synthetic_population(5000, seed=9), source, row_group_size=1000)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert main(["screen", str(source), "-o", str(one), "--as-of", AS_OF, "--region", "xizang", "--progress", "never"]) == 0
    assert main(["screen", str(source), "-o", str(two), "--as-of", AS_OF, "--region", "xizang", "--workers", "2", "--chunk-rows", "1000", "--progress", "never"]) == 0
    first, second = pa_csv.read_csv(one), pa_csv.read_csv(two)
    assert first.num_rows == 5000 and first.equals(second)
    assert "5,000 rows in" in capsys.readouterr().out


def test_bad_values_in_a_file_become_error_rows_and_are_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "people.csv"
    source.write_text("id,region_code,monthly_sales,employees\n1,540102,150000.01,5\n2,540102,-3,5\n3,999999,1,1\n", encoding="utf-8")
    output = tmp_path / "out.parquet"
    assert main(["screen", str(source), "-o", str(output), "--as-of", AS_OF, "--progress", "never"]) == 0
    errors = pq.read_table(output).column("error").to_pylist()
    assert errors[0] is None
    assert errors[1].startswith("monthly_sales:")
    assert errors[2].startswith("region_code: 999999 is outside")
    assert "2 rows with errors" in capsys.readouterr().out


def test_mixed_json_lines_are_read_line_by_line(tmp_path: Path) -> None:
    source = tmp_path / "people.jsonl"
    source.write_text('{"id": 1, "region": "xizang", "monthly_sales": 100000}\n{"id": 2, "region": "xizang", "monthly_sales": "15万"}\n', encoding="utf-8")
    output = tmp_path / "out.csv"
    assert main(["screen", str(source), "-o", str(output), "--as-of", AS_OF, "--progress", "never"]) == 0
    out = pa_csv.read_csv(output)
    assert out.column("id").to_pylist() == [1, 2] and out.column("error").null_count == 2


def test_bad_requests_exit_with_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "people.parquet"
    pq.write_table(synthetic_population(10, seed=1), source)
    assert main(["screen", str(source), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert main(["screen", str(tmp_path / "people.txt"), "-o", str(tmp_path / "out.csv")]) == 2
    assert main(["screen", str(source), "-o", str(tmp_path / "out.csv"), "--as-of", "someday"]) == 2
    assert "sme-rules:" in capsys.readouterr().err


def test_a_row_group_larger_than_chunks_is_read_chunk_by_chunk(tmp_path: Path) -> None:
    source = tmp_path / "one_group.parquet"
    pq.write_table(synthetic_population(4000, seed=2), source, row_group_size=4000)
    output = tmp_path / "out.parquet"
    for workers in ("1", "2"):
        assert main(["screen", str(source), "-o", str(output), "--as-of", AS_OF, "--chunk-rows", "500", "--workers", workers, "--progress", "never"]) == 0
        assert pq.read_table(output).column("id").to_pylist() == list(range(4000))


def test_a_broken_json_line_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "people.jsonl"
    source.write_text('{"employees": 3}\n\n{"employees": 4\n', encoding="utf-8")
    assert main(["screen", str(source), "-o", str(tmp_path / "out.csv"), "--region", "xizang", "--progress", "never"]) == 2
    assert "people.jsonl:3: not valid JSON" in capsys.readouterr().err


def test_without_the_screen_extra_the_error_says_what_to_install(tmp_path: Path) -> None:
    import subprocess
    import sys

    hide = "import sys; sys.modules['numpy'] = None; sys.modules['pyarrow'] = None; "
    api = subprocess.run([sys.executable, "-c", hide + "import sme_rules; sme_rules.screen"], capture_output=True, text=True)
    assert api.returncode != 0 and 'pip install "sme-rules[screen]"' in api.stderr
    cli = subprocess.run(
        [sys.executable, "-c", hide + "from sme_rules.cli import main; sys.exit(main(['screen', 'in.parquet', '-o', 'out.parquet']))"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert cli.returncode == 2 and 'pip install "sme-rules[screen]"' in cli.stderr
