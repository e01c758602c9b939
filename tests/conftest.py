"""Shared fixtures: the shipped rules, and a folder for hand-made (often broken) rule files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sme_rules.language.loader import clear_cache, rules_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A private copy of rules/, to edit without touching the shipped files."""
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    clear_cache()
    return target


@pytest.fixture
def rule_file(tmp_path: Path) -> Callable[[str], Path]:
    """Write a rule file beside a copy of national.yaml and return its path."""
    for shared in ("national.yaml", "procurement.yaml"):
        shutil.copy(rules_dir() / shared, tmp_path / shared)

    def write(text: str, name: str = "test.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        clear_cache()
        return path

    return write
