"""Rule files of one's own: a copy of ``rules/`` with edited figures or rules, read afresh each call.

``load_rules(folder)`` loads the one region file in ``folder`` (``xizang.yaml`` beside the
``national.yaml`` it includes), or ``load_rules(folder, "xizang")`` one of several, or
``load_rules("path/to/xizang.yaml")``. Unlike :func:`~sme_rules.language.loader.load_region` it is
not cached: an analyst who edits a file and loads again gets the edit. Problems are reported as for
the package's files, each at ``file:line:col``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import RegionError
from . import ir
from .loader import REGIONS, _Builder


def load_rules(path: str | Path, region: str | None = None) -> ir.RuleSet:
    """The rule set of a rule file, or of the region file in a folder of rule files."""
    where = Path(path)
    if where.is_file():
        if region is not None and region != where.stem:
            raise RegionError(f"{where} is the file of {where.stem!r}, not of {region!r}")
        return _Builder(where.resolve()).build()
    if not where.is_dir():
        raise FileNotFoundError(f"no rule file or folder at {where}")
    if region is not None:
        target = where / f"{region}.yaml"
        if not target.is_file():
            raise RegionError(f"no {region}.yaml in {where}")
        return _Builder(target.resolve()).build()
    found = [r for r in REGIONS if (where / f"{r}.yaml").is_file()]
    if len(found) != 1:
        which = f"it holds {', '.join(f'{r}.yaml' for r in found)}" if found else f"it holds none of {', '.join(f'{r}.yaml' for r in REGIONS)}"
        raise RegionError(f"load_rules({str(where)!r}): name the region, {which}")
    return _Builder((where / f"{found[0]}.yaml").resolve()).build()


__all__ = ["load_rules"]
