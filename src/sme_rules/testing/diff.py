"""Compare two versions of the rules: what the files say differently, and whom that affects.

For example (run in a checkout with git history)::

    result = diff_versions("HEAD:rules", "rules", regions=["xizang"])
    print(result.to_text())

``diff_versions(old, new)`` takes two versions (a rule file, a rules folder, ``REV`` or ``REV:path``; see
:mod:`sme_rules.testing.versions`) and returns a :class:`RuleDiff`: per region a structural diff
(:mod:`~sme_rules.testing.structure`) and a behavioural diff over a population
(:mod:`~sme_rules.testing.behaviour`). ``to_json()`` is for CI, ``to_text()`` for people.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..language import ir
from .behaviour import behavioural_diff
from .population import PopulationFile, read_population
from .result import RegionDiff, RuleDiff
from .structure import structural_diff
from .versions import RuleVersion, RuleVersionError, load_version


def diff_versions(
    old: str | Path | RuleVersion | ir.RuleSet,
    new: str | Path | RuleVersion | ir.RuleSet,
    *,
    regions: Iterable[str] | None = None,
    as_of: Sequence[dt.date | str] = (),
    population: str | Path | PopulationFile | None = None,
    size: int = 1000,
    seed: int = 0,
    shrink: bool = True,
    shrink_seconds: float = 60.0,
    behaviour: bool = True,
    engine: str = "vector",
) -> RuleDiff:
    """The structural and behavioural diff of two versions of the rules.

    - ``regions``: compare only these (default: every region either version has);
    - ``as_of``: evaluate on these days (default: each day on which the versions could differ);
    - ``population``: a Parquet/CSV file of profiles (default: ``size`` generated with ``seed``);
    - ``shrink``: reduce each transition's example to a minimal profile, letting hypothesis search
      for ``shrink_seconds`` in all (examples after that are reduced without it);
    - ``behaviour``: ``False`` for the structural diff alone;
    - ``engine``: a population is counted by ``sme_rules.compare`` (``"vector"``), or profile by
      profile by the reference interpreter (``"reference"``).
    """
    from ..api import parse_date

    wanted = None if regions is None else list(regions)
    before, after = load_version(old, wanted), load_version(new, wanted)
    days = [parse_date(day) for day in as_of]
    people = read_population(population) if isinstance(population, str | Path) else population
    deadline = time.monotonic() + shrink_seconds
    out: list[RegionDiff] = []
    for name, a, b in _pairs(before, after, wanted):
        if a is None or b is None:
            present = b or a
            assert present is not None
            out.append(RegionDiff(name, present.name, _version(a), _version(b), None, None))
            continue
        structure = structural_diff(a, b, lambda x: before.where(x.location), lambda x: after.where(x.location))
        found = None
        if behaviour:
            rows = people.for_region(name) if people is not None else None
            found = behavioural_diff(
                a, b, as_of=days, population=rows, population_source=people.path if people else "generated",
                size=size, seed_value=seed, shrink=shrink, shrink_seconds=max(0.0, deadline - time.monotonic()),
                engine=engine,
            )
        out.append(RegionDiff(name, b.name, a.version, b.version, structure, found))
    ignored = tuple(people.ignored_columns) if people is not None else ()
    return RuleDiff(before.label, after.label, tuple(out), ignored)


def _version(rules: ir.RuleSet | None) -> str | None:
    return None if rules is None else rules.version


def _pairs(
    before: RuleVersion, after: RuleVersion, wanted: Iterable[str] | None
) -> list[tuple[str, ir.RuleSet | None, ir.RuleSet | None]]:
    """The regions to compare, each with its rules in either version (``None`` where it has none)."""
    if len(before.regions) == 1 and len(after.regions) == 1 and wanted is None:
        # two single rule files are compared whatever their regions are called
        (only_before,), ((name, only_after),) = before.regions.values(), after.regions.items()
        return [(name, only_before, only_after)]
    known = list(before.regions) + [r for r in after.regions if r not in before.regions]
    chosen = known if wanted is None else list(dict.fromkeys(wanted))
    unknown = [r for r in chosen if r not in known]
    if unknown:
        raise RuleVersionError(f"no rules for region(s) {', '.join(unknown)} in either version")
    return [(r, before.regions.get(r), after.regions.get(r)) for r in chosen]


__all__ = ["RegionDiff", "RuleDiff", "diff_versions"]
