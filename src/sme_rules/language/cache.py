"""Loaded rule sets kept on disk between processes, so that a command does not parse YAML again.

Parsing and checking a region's rule files takes most of a cold start (pure-Python YAML with
positions, every example run). A rule set, once built, is pickled under the user's cache folder
(``$SME_RULES_CACHE_DIR``, else ``$XDG_CACHE_HOME/sme_rules``, else ``~/.cache/sme_rules``);
``SME_RULES_CACHE=off`` turns the cache off.

An entry's name holds a digest of everything its content depends on, so a stale entry is never
read, only left behind (and removed when its successor is written):

- the bytes of every ``*.yaml`` beside the rule file (includes are always beside it);
- the library's own code: the size and modification time of each of its modules, and its version;
- the Python version (pickles of one minor version are not promised to another).

Writes go to a temporary file renamed into place (atomic on POSIX and Windows), so a reader sees
a whole entry or none. An entry that cannot be read (truncated, corrupt, another format) is
ignored and rebuilt. Entries are the user's own files in the user's own folder; a folder others
can write to is not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

from . import ir

#: bumped when what an entry holds changes shape
FORMAT = 1
_CODE_STAMP: str | None = None


def cache_dir() -> Path | None:
    """Where entries go, or ``None`` when the cache is off."""
    if os.environ.get("SME_RULES_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    configured = os.environ.get("SME_RULES_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sme_rules"


def read(path: Path) -> ir.RuleSet | None:
    """The rule set cached for the rule file at ``path`` as it is now, or ``None``."""
    entry = _entry(path)
    if entry is None:
        return None
    try:
        if not _private(entry.parent):
            return None
        with entry.open("rb") as f:
            found: Any = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged entry of any kind is rebuilt, never trusted
        return None
    if not (isinstance(found, dict) and found.get("format") == FORMAT and isinstance(found.get("rules"), ir.RuleSet)):
        return None
    rules: ir.RuleSet = found["rules"]
    return rules


def write(path: Path, rules: ir.RuleSet) -> None:
    """Keep ``rules`` (freshly built from ``path``) for the next process; failures are silent.

    A cache that cannot be written (a read-only home, a full disk) only costs the next start.
    """
    entry = _entry(path)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(entry.parent):
            return
        try:
            # a rule set's per-instance caches (closures, compiled engines) are not pickled
            data = pickle.dumps({"format": FORMAT, "rules": rules}, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # something in `extra` that cannot be kept: the next process builds again
        import tempfile  # only when an entry is written: a process reading the cache never needs it

        fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=entry.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
        for old in entry.parent.glob(entry.name.rsplit("-", 1)[0] + "-*.pickle"):  # this file's older entries
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:
        return


def _entry(path: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{sys.version_info[:2]}\0{_code_stamp()}\0{path}\0".encode())
    try:
        for sibling in sorted(path.parent.glob("*.yaml")):
            digest.update(sibling.name.encode() + b"\0" + sibling.read_bytes() + b"\0")
    except OSError:
        return None
    where = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    return folder / f"rules-{path.stem}-{where}-{digest.hexdigest()[:32]}.pickle"


def _code_stamp() -> str:
    """The library's code as it is installed: a changed module (an edited checkout) is a new stamp."""
    global _CODE_STAMP
    if _CODE_STAMP is None:
        from importlib import metadata

        package = Path(__file__).resolve().parents[1]
        digest = hashlib.sha256()
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(metadata.version("sme-rules").encode())
        for module in sorted(package.rglob("*.py")):
            info = module.stat()
            digest.update(f"{module.relative_to(package)}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
        _CODE_STAMP = digest.hexdigest()
    return _CODE_STAMP


def _private(folder: Path) -> bool:
    """Whether only this user can write to ``folder``: a pickle is only read from such a place."""
    if os.name != "posix":
        return True
    info = folder.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


__all__ = ["FORMAT", "cache_dir", "read", "write"]
