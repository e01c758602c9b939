"""Rule files mutated at random lines: they load, or fail with a RuleFileError at file:line:col.

Never another exception; and a file that loads runs its examples without one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_rules.checking import run_all
from sme_rules.errors import RuleFileError
from sme_rules.language.loader import clear_cache, load, rules_dir

FUZZ = settings(max_examples=int(os.environ.get("SME_FUZZ_EXAMPLES", "15")), deadline=None,
                suppress_health_check=list(HealthCheck))

NOISE = st.sampled_from([
    "", "\x00", "!!int abc", "2022-02-30", "[[[[[[", "}", ": :", "\t", "- ", "true", "-1", "1e400", "30.5",
    "30万元", "60%", "&a", "*a", "!!python/object:os.system x", "\ufeff", "\u3000", "'", '"', "#", "|", ">",
    " and employees <= 1e400", " or ", "{from: 2022-13-01}", "１５万",
])


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, int, str, str]:
    file = draw(st.sampled_from(["national.yaml", "xizang.yaml", "procurement.yaml"]))
    line = draw(st.integers(0, 10_000))
    how = draw(st.sampled_from(["replace", "insert", "delete", "append", "cut"]))
    return file, line, how, draw(NOISE)


def apply(text: str, line: int, how: str, noise: str) -> str:
    lines = text.split("\n")
    at = line % len(lines)
    if how == "replace":
        lines[at] = noise
    elif how == "insert":
        lines.insert(at, noise)
    elif how == "delete":
        del lines[at]
    elif how == "append":
        lines[at] += noise
    else:
        lines[at] = lines[at][: len(lines[at]) // 2]
    return "\n".join(lines)


@FUZZ
@given(edits())
def test_a_mutated_rule_file_loads_or_names_its_place(tmp_path_factory: object, edit: tuple[str, int, str, str]) -> None:
    folder = Path(str(tmp_path_factory.mktemp("rules")))  # type: ignore[attr-defined]
    for name in ("national.yaml", "procurement.yaml", "xizang.yaml"):
        shutil.copy(rules_dir() / name, folder / name)
    file, line, how, noise = edit
    path = folder / file
    path.write_text(apply(path.read_text(encoding="utf-8"), line, how, noise), encoding="utf-8")
    clear_cache()
    try:
        rules = load(folder / "xizang.yaml")
    except RuleFileError as exc:
        for problem in exc.problems:
            assert problem.location.line > 0 and problem.location.col > 0, str(exc)
        return
    run_all(rules, ("python",))  # outcomes may fail; they may not raise
