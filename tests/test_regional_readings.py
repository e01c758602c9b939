"""The readings of the regional measures are Chinese prose: no rule ids, field ids or English words.

A policy analyst reads ``sme-rules readings`` and the notes in reports; ids belong in the JSON. The
notes of the national measures that the region files restate are kept with the national layer and are
not checked here (``NATIONAL_MEASURES``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from regional_measures import NATIONAL_MEASURES
from sme_rules.cli.main import main
from sme_rules.cli.rules import prose
from sme_rules.language.loader import REGIONS, load_region

#: Latin letters a Chinese policy text itself uses
ALLOWED = frozenset({"APEC", "AEO", "LPR"})
WORD = re.compile(r"[A-Za-z_]{2,}")


def _english(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def _regional_notes() -> list[tuple[str, str, str]]:
    out = []
    for region in REGIONS:
        rules = load_region(region)
        own = f"{region}.yaml"
        for fact in rules.facts.values():
            if fact.note and Path(fact.location.path).name == own:
                out.append((region, fact.name, fact.note))
        for benefit in rules.benefits.values():
            if benefit.note and Path(benefit.location.path).name == own and benefit.id not in NATIONAL_MEASURES:
                out.append((region, benefit.id, benefit.note))
        for document in rules.documents.values():
            for article in document.articles:
                if article.not_encoded:
                    out.append((region, f"{document.id} {article.key}", article.not_encoded))
    return out


NOTES = _regional_notes()


def test_there_are_regional_notes_to_check() -> None:
    assert len(NOTES) > 150
    assert {region for region, _, _ in NOTES} == set(REGIONS)


@pytest.mark.parametrize(("region", "name", "note"), NOTES, ids=[f"{r}:{n}" for r, n, _ in NOTES])
def test_regional_note_is_chinese(region: str, name: str, note: str) -> None:
    assert not _english(note), f"{region} {name}: the note carries ids or English words {_english(note)}"


def test_prose_removes_the_gaps_yaml_folding_leaves_in_chinese() -> None:
    assert prose("正文写的标准，\n  2023年起为月10万元") == "正文写的标准，2023年起为月10万元"
    assert prose("按 国家 标准") == "按国家标准"


@pytest.mark.parametrize("region", REGIONS)
def test_text_readings_show_titles_not_ids(region: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["readings", region]) == 0
    text = capsys.readouterr().out
    rules = load_region(region)
    lines = text.splitlines()
    assert f"## {rules.name}" in lines
    for benefit in rules.benefits.values():
        if benefit.note:
            assert any(line.startswith(f"- {benefit.title}") for line in lines), benefit.id
            assert not any(line.startswith(f"- {benefit.id}") for line in lines), benefit.id
    assert main(["readings", region, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["id"] for row in rows if row["kind"] == "benefit"} == {b.id for b in rules.benefits.values() if b.note}


def test_national_definitions_read_in_chinese() -> None:
    rules = load_region(REGIONS[0])
    notes = {f.name: f.note for f in rules.facts.values() if f.note and Path(f.location.path).name == "national.yaml"}
    assert notes
    english = {name: _english(note) for name, note in notes.items() if _english(note)}
    assert not english, f"national definitions with ids or English words: {english}"
