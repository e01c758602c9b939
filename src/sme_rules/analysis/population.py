"""A population decoded once and evaluated by several rule sets: what ``compare`` and ``sweep`` share.

Reading and checking the input (``Screener.decode``) costs as much as deciding the benefits; a
reform changes only figures, so each chunk is decoded once and every rule set's program runs on the
same columns. All rule sets must screen the same regions, so that a row's region is the same under
each.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..api import parse_date
from ..engines.vector.columns import Column
from ..engines.vector.program import NOT_IN_FORCE, STATUSES, Batch, Program, compile_rules
from ..language.ir import RuleSet
from ..language.loader import load_region
from ..screening import progress
from ..screening.input import Columns, adapt
from ..screening.screener import DEFAULT_CHUNK_ROWS, Screener
from ..testing._figures import changed_benefits, facts_behind

#: status labels by ``code + 1`` (code -1 is a row without a status: an error row, or a benefit
#: its region does not have)
LABELS: tuple[str, ...] = ("none", *STATUSES)
#: the order people read statuses in
ORDER: tuple[str, ...] = ("eligible", "ineligible", "undetermined", "not_in_force", "none")
LABELS_ZH = {"eligible": "符合", "ineligible": "不符合", "undetermined": "待定（缺少信息）", "not_in_force": "未生效", "none": "无结果（输入有误或本地区无此项）"}


def rule_set(rules: RuleSet | str) -> RuleSet:
    """A rule set, or a region's rules by name."""
    if isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, str):
        return load_region(rules)
    raise TypeError(f"give a rule set (load_region, with_parameters, load_rules) or a region name, not a {type(rules).__name__}")


@dataclass
class Chunk:
    start: int  # position of the chunk's first row in the population
    size: int
    statuses: list[dict[str, NDArray[np.int8]]]  # per rule set: label index (code + 1) per benefit


def wanted_benefits(rule_sets: Sequence[RuleSet], day: dt.date, benefits: Iterable[str] | str | None) -> list[str]:
    """``benefits`` as a list: ``None`` the benefits that differ between the rule sets on ``day``
    (the others give every row the same status under each), ``"all"`` every benefit."""
    names = list(dict.fromkeys(b for r in rule_sets for b in r.benefits))
    if benefits == "all":
        return names
    if benefits is None:
        first = rule_sets[0]
        differ = {b for other in rule_sets[1:] for b in changed_benefits(first, other, day)}
        return [b for b in names if b in differ]
    chosen = [benefits] if isinstance(benefits, str) else list(benefits)
    unknown = [b for b in chosen if b not in names]
    if unknown:
        close = difflib.get_close_matches(unknown[0], names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise KeyError(f"no benefit {unknown[0]!r} in these rules{hint}")
    return chosen


def plan(baseline: RuleSet | str, reform: RuleSet | Mapping[str, object], as_of: dt.date | str | None, benefits: Iterable[str] | str | None) -> tuple[dt.date, RuleSet, RuleSet, list[str]]:
    """What a comparison on a cluster fixes before its tasks run: the day, both rule sets, the benefits."""
    day = parse_date(as_of)
    base = rule_set(baseline)
    changed = reform if isinstance(reform, RuleSet) else base.with_parameters(reform)
    return day, base, changed, wanted_benefits([base, changed], day, benefits)


def part_of(program: Program, benefits: Sequence[str]) -> Program:
    """The program deciding only ``benefits``, with only the facts they read (in order)."""
    rules = program.rules
    decided = {b: program.benefits[b] for b in benefits if b in program.benefits}
    needed: set[str] = set()
    for bid, node in decided.items():
        if node is not None:
            needed.update(facts_behind(rules, rules.benefits[bid].when))
    return Program(rules, program.day, {n: f for n, f in program.facts.items() if n in needed}, decided)


class Decoded:
    """The population's chunks, each decoded once and decided by every rule set given."""

    def __init__(
        self,
        population: Any,
        rule_sets: Sequence[RuleSet],
        as_of: dt.date | str | None,
        *,
        benefits: Iterable[str] | str | None = None,
        id_column: str | None = "id",
        region_column: str = "region",
        chunk_rows: int = DEFAULT_CHUNK_ROWS,
        progress_bar: bool | None = None,
        description: str = "",
    ) -> None:
        self.day = parse_date(as_of)
        regions = {r.region for r in rule_sets}
        if len(regions) != 1:
            raise ValueError(f"the rule sets compared must be of one region, not {', '.join(sorted(regions))}")
        # the first rule set's screener reads and checks the rows, as screen() would
        self.screener = Screener(None, self.day, id_column=id_column, region_column=region_column, facts=False, rules=rule_sets[0])
        self.benefits = wanted_benefits(rule_sets, self.day, benefits)
        self.programs = [part_of(compile_rules(r, self.day), self.benefits) for r in rule_sets]
        self.rows: Columns = adapt(population)
        self.size = self.rows.size
        self.chunk_rows = max(1, int(chunk_rows))
        self.progress_bar = progress_bar
        self.description = description

    def chunks(self) -> Iterator[Chunk]:
        start = 0
        with progress.bar(self.progress_bar, self.size, self.description) as shown:
            for part in self.rows.chunks(self.chunk_rows):
                decoded = self.screener.decode(part)
                failed = decoded.region_codes < 0
                yield Chunk(start, part.size, [self._labels(p, decoded.columns, failed) for p in self.programs])
                start += part.size
                shown.update(part.size)

    def _labels(self, program: Program, columns: dict[str, Column], failed: NDArray[np.bool_]) -> dict[str, NDArray[np.int8]]:
        size = len(failed)
        result = program.run(Batch(size, columns))
        out: dict[str, NDArray[np.int8]] = {}
        for bid in self.benefits:
            codes = result.statuses.get(bid)
            # a benefit a rule set lacks applies to nobody, as one not in force (as diff_versions counts it)
            labels = np.full(size, NOT_IN_FORCE + 1, dtype=np.int8) if codes is None else codes + 1
            labels[failed] = 0
            out[bid] = labels
        return out


def tally(codes: NDArray[np.int8]) -> NDArray[np.int64]:
    """Rows per label (by ``code + 1``)."""
    return np.bincount(codes.astype(np.intp, copy=False), minlength=len(LABELS)).astype(np.int64)


__all__ = ["LABELS", "LABELS_ZH", "ORDER", "Chunk", "Decoded", "part_of", "plan", "rule_set", "tally", "wanted_benefits"]
