"""Rule sets cached on disk between processes: read back equal, never stale, never trusted when damaged."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sme_rules.engines.compiled import compiled, is_compiled
from sme_rules.language import cache, loader


@pytest.fixture
def rules_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the shipped rule files, and a private cache folder."""
    folder = tmp_path / "rules"
    shutil.copytree(loader.rules_dir(), folder)
    monkeypatch.setenv("SME_RULES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SME_RULES_CACHE", raising=False)
    return folder / "xizang.yaml"


def _entries(path: Path) -> list[Path]:
    folder = cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob(f"rules-{path.stem}-*.pickle"))


def test_a_built_rule_set_is_read_back_equal(rules_copy: Path) -> None:
    built = loader._Builder(rules_copy.resolve()).build()
    cache.write(rules_copy.resolve(), built)
    assert len(_entries(rules_copy)) == 1
    again = cache.read(rules_copy.resolve())
    assert again is not None and again is not built
    assert again == built and again.version == built.version


def test_an_edited_rule_file_or_include_is_never_read_stale(rules_copy: Path) -> None:
    path = rules_copy.resolve()
    cache.write(path, loader._Builder(path).build())
    assert cache.read(path) is not None
    national = path.parent / "national.yaml"
    national.write_text(national.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert cache.read(path) is None  # the include changed: another entry name
    cache.write(path, loader._Builder(path).build())
    assert len(_entries(rules_copy)) == 1  # the stale entry is removed when its successor is written


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05truncated"])
def test_a_damaged_entry_is_ignored_and_rebuilt(rules_copy: Path, damage: bytes) -> None:
    path = rules_copy.resolve()
    cache.write(path, loader._Builder(path).build())
    (entry,) = _entries(rules_copy)
    entry.write_bytes(damage)
    assert cache.read(path) is None
    loader.clear_cache()
    try:
        rebuilt = loader.load(path)
    finally:
        loader.clear_cache()
    assert rebuilt.region == "xizang"
    assert cache.read(path) == rebuilt


def test_a_rule_set_in_use_is_written_without_its_caches(rules_copy: Path) -> None:
    path = rules_copy.resolve()
    rules = loader._Builder(path).build()
    day = dt.date(2022, 6, 1)
    rules.params_at(day)
    program = compiled(rules)  # closures: they cannot be pickled, and are not
    cache.write(path, rules)
    again = cache.read(path)
    assert again == rules and not is_compiled(again)
    assert compiled(again) is not program


def test_a_rule_set_that_cannot_be_pickled_is_not_kept(rules_copy: Path) -> None:
    path = rules_copy.resolve()
    rules = loader._Builder(path).build()
    rules.extra["callback"] = lambda: None
    cache.write(path, rules)
    assert _entries(rules_copy) == []


def test_the_cache_can_be_turned_off(rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SME_RULES_CACHE", "off")
    assert cache.cache_dir() is None
    path = rules_copy.resolve()
    cache.write(path, loader._Builder(path).build())
    assert cache.read(path) is None


@pytest.mark.skipif(os.name != "posix", reason="permissions are POSIX")
def test_a_folder_others_can_write_to_is_not_used(rules_copy: Path) -> None:
    path = rules_copy.resolve()
    folder = cache.cache_dir()
    assert folder is not None
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    cache.write(path, loader._Builder(path).build())
    assert _entries(rules_copy) == []


def test_a_second_process_reads_the_first_ones_entry(rules_copy: Path) -> None:
    code = (
        "import sys; from sme_rules.language import loader, cache; "
        f"r = loader.load({str(rules_copy)!r}); print(r.version)"
    )
    env = dict(os.environ)
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert len(_entries(rules_copy)) == 1
    stamp = _entries(rules_copy)[0].stat().st_mtime_ns
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout == second.stdout
    assert _entries(rules_copy)[0].stat().st_mtime_ns == stamp  # read, not written again
