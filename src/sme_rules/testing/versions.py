"""A version of the rules to compare: a rule file, a rules folder, or a git revision of one.

Each version is copied into a fresh temporary folder before it is loaded. A rule file's includes
resolve beside it, so the whole folder travels with it; and the loader caches by path, so a folder
edited since it was last loaded in this process would otherwise come back as it was.

``REV`` means the rules folder at ``REV``; ``REV:path`` a folder or file at ``REV``, the path read
as git reads it (from the top of the repository, or ``./path`` from the current folder).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, SmeRulesError
from ..language import ir
from ..language.loader import load, rules_dir


class RuleVersionError(SmeRulesError, ValueError):
    """A version that names no rule file, rules folder or git revision."""


@dataclass(frozen=True)
class RuleVersion:
    """The regions of one version of the rules, each with everything it includes."""

    label: str
    regions: dict[str, ir.RuleSet]
    #: the folder as the user named it (``rules``, ``HEAD~1:rules``) and where its copy was loaded
    folder: str = ""
    loaded_from: str = ""

    def where(self, location: Location) -> str:
        """A rule-file location as the user named the version: ``HEAD~1:rules/xizang.yaml:120``."""
        path = location.path
        if self.loaded_from:
            try:
                inner = Path(path).resolve().relative_to(Path(self.loaded_from).resolve())
            except ValueError:
                pass
            else:
                path = f"{self.folder.rstrip('/')}/{inner}" if self.folder not in ("", ".") else str(inner)
        return f"{path}:{location.line}" if location.line else path


def load_version(spec: str | Path | RuleVersion | ir.RuleSet, regions: Iterable[str] | None = None) -> RuleVersion:
    """The rules as ``spec`` names them: a file, a folder, ``REV`` or ``REV:path``; of a folder,
    only the files of ``regions`` when given (loading a region takes a moment)."""
    if isinstance(spec, RuleVersion):
        return spec
    if isinstance(spec, ir.RuleSet):
        return RuleVersion(spec.version, {spec.region: spec})
    text = str(spec)
    path = Path(text)
    with tempfile.TemporaryDirectory(prefix="sme-rules-version-") as tmp:
        copy = Path(tmp) / "rules"
        if path.is_dir():
            files, folder = _copy_folder(path, copy, None), text
        elif path.is_file():
            files, folder = _copy_folder(path.parent, copy, path.name), str(path.parent)
        else:
            files, folder = _git_checkout(text, copy)
        wanted = None if regions is None else set(regions)
        return RuleVersion(text, _load_all(copy, files, wanted), folder, str(copy))


def _copy_folder(folder: Path, copy: Path, only: str | None) -> list[str]:
    copy.mkdir(parents=True)
    for item in folder.glob("*.yaml"):
        shutil.copyfile(item, copy / item.name)
    if only is not None:
        return [only]
    return sorted(p.name for p in copy.glob("*.yaml"))


def _git_checkout(spec: str, copy: Path) -> tuple[list[str], str]:
    rev, has_path, inner = spec.partition(":")
    if not _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"):
        raise RuleVersionError(
            f"{spec!r} is neither a rule file, a rules folder nor a git revision (REV, or REV:path)"
        )
    if not has_path:
        inner = _rules_folder_in_repo()
    kind = _git("cat-file", "-t", f"{rev}:{inner}").decode().strip()
    if kind not in ("tree", "blob"):
        raise RuleVersionError(f"{rev}:{inner} is not in the repository")
    folder, only = (inner, None) if kind == "tree" else (str(Path(inner).parent), Path(inner).name)
    archive = _git("archive", "--format=tar", f"{rev}:{folder}" if folder not in ("", ".") else rev)
    copy.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and "/" not in m.name and m.name.endswith(".yaml")]
        tar.extractall(copy, members=members, filter="data")
    if only is not None:
        if not (copy / only).is_file():
            raise RuleVersionError(f"{spec} is not a rule file")
        return [only], f"{rev}:{folder}"
    return sorted(p.name for p in copy.glob("*.yaml")), f"{rev}:{folder}"


def _git(*args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False)
    except OSError:
        return b""
    return done.stdout if done.returncode == 0 else b""


def _rules_folder_in_repo() -> str:
    top = _git("rev-parse", "--show-toplevel").decode().strip()
    try:
        return str(rules_dir().resolve().relative_to(Path(top).resolve())) if top else "rules"
    except (ValueError, FileNotFoundError):
        return "rules"


def _load_all(folder: Path, files: list[str], wanted: set[str] | None) -> dict[str, ir.RuleSet]:
    """The region files named (those with a top-level ``region:``), or only ``wanted`` regions';
    shared files such as national.yaml come in through includes (some cannot load on their own)."""
    if not files:
        raise RuleVersionError(f"no rule files (*.yaml) in {folder}")
    if len(files) == 1:
        rules = load(folder / files[0])
        return {rules.region: rules}
    regional: dict[str, str] = {}
    for name in files:
        match = _REGION_KEY.search((folder / name).read_text(encoding="utf-8"))
        if match:
            regional[name] = match.group(1).strip("'\"")
    if not regional:
        raise RuleVersionError(f"no region rule file (one with a top-level region:) in {folder}")
    chosen = [name for name, region in regional.items() if wanted is None or region in wanted]
    loaded = [load(folder / name) for name in chosen]
    return {rules.region: rules for rules in loaded}


_REGION_KEY = re.compile(r"^region:[ \t]*(\S+)", re.MULTILINE)


__all__ = ["RuleVersion", "RuleVersionError", "load_version"]
