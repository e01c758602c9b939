"""``compare``: the files' rules and a reform over one population, on the vector engine.

>>> import sme_rules
>>> people = sme_rules.synthetic_population(2_000, seed=1, regions=("xizang",))
>>> result = sme_rules.compare(people, "xizang", {"vat_exempt_monthly_sales": "12万", "vat_exempt_quarterly_sales": "36万"}, as_of="2022-06-01")
>>> counts = result.counts("vat_small_scale_exemption")
>>> counts["before"]["eligible"] >= counts["after"]["eligible"]
True
>>> result.moved("vat_small_scale_exemption", "ineligible", "eligible")  # a lower threshold makes no one eligible
0

Per benefit it keeps the counts by status before and after, the transition matrix, and where the
rows that move are, so that ``rows(benefit, "eligible", "ineligible")`` hands them back from the
population as given. Counts are exact (each row is decided as ``screen()`` decides it); a row the
input gets wrong has no status under either rule set (``none``) and is counted there.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..language.ir import RuleSet
from ..screening.screener import DEFAULT_CHUNK_ROWS
from .population import LABELS, LABELS_ZH, ORDER, Decoded, rule_set

Reform = RuleSet | Mapping[str, object]


@dataclass
class _Moves:
    """The rows of one benefit whose status changed: positions, and label indexes before and after."""

    positions: list[NDArray[np.int64]] = field(default_factory=list)
    before: list[NDArray[np.int8]] = field(default_factory=list)
    after: list[NDArray[np.int8]] = field(default_factory=list)

    def select(self, was: int, now: int) -> NDArray[np.int64]:
        if not self.positions:
            return np.zeros(0, dtype=np.int64)
        positions, before, after = (np.concatenate(p) for p in (self.positions, self.before, self.after))
        chosen: NDArray[np.int64] = positions[(before == was) & (after == now)]
        return chosen


class Comparison:
    """What a reform changes, benefit by benefit, over one population on one day."""

    def __init__(self, population: Any, baseline: RuleSet, reform: RuleSet, day: dt.date, size: int, benefits: Sequence[str]) -> None:
        self.population = population
        self.baseline = baseline
        self.reform = reform
        self.as_of = day
        self.size = size
        #: the benefits counted (by default those the reform can change)
        self.benefits: list[str] = list(benefits)
        #: per benefit, rows by (label before, label after), labels indexed as ``LABELS``
        self.matrices: dict[str, NDArray[np.int64]] = {b: np.zeros((len(LABELS), len(LABELS)), dtype=np.int64) for b in self.benefits}
        self._moves: dict[str, _Moves] = {b: _Moves() for b in self.benefits}

    def title(self, benefit: str) -> str:
        found = self.reform.benefits.get(benefit) or self.baseline.benefits.get(benefit)
        return found.title if found is not None else benefit

    # -- counts

    def counts(self, benefit: str) -> dict[str, dict[str, int]]:
        """``{"before": {status: rows}, "after": {...}}`` for one benefit."""
        matrix = self._matrix(benefit)
        before, after = matrix.sum(axis=1), matrix.sum(axis=0)
        return {
            "before": {label: int(before[LABELS.index(label)]) for label in ORDER},
            "after": {label: int(after[LABELS.index(label)]) for label in ORDER},
        }

    def moved(self, benefit: str, before: str, after: str) -> int:
        """How many rows go from status ``before`` to status ``after``."""
        return int(self._matrix(benefit)[_label(before), _label(after)])

    def transitions(self, benefit: str) -> Any:
        """The transition matrix of one benefit as a pandas frame: rows before, columns after."""
        import pandas as pd  # type: ignore[import-untyped]  # no stubs in [test]

        matrix = self._matrix(benefit)
        index = [LABELS.index(label) for label in ORDER]
        return pd.DataFrame(matrix[np.ix_(index, index)], index=pd.Index(ORDER, name="before"), columns=pd.Index(ORDER, name="after"))

    def changed(self) -> list[str]:
        """The benefits some row changes status in, in file order."""
        return [b for b in self.benefits if np.trace(self.matrices[b]) != self.size]

    def positions(self, benefit: str, before: str, after: str) -> NDArray[np.int64]:
        """Positions (0-based, in input order) of the rows that go from ``before`` to ``after``."""
        self._matrix(benefit)
        if before == after:
            raise ValueError("positions() finds rows that move: give two different statuses")
        return self._moves[benefit].select(_label(before), _label(after))

    def rows(self, benefit: str, before: str, after: str) -> Any:
        """The input rows that go from ``before`` to ``after``, as the population was given
        (pandas/polars rows, a pyarrow table, or a list of the mappings)."""
        positions = self.positions(benefit, before, after)
        data = self.population
        module = type(data).__module__.split(".")[0]
        if module == "pandas":
            return data.iloc[positions]
        if module == "polars":
            return data[positions.tolist()]
        if module == "pyarrow" and hasattr(data, "take"):
            return data.take(positions)
        if isinstance(data, Sequence):
            return [data[int(i)] for i in positions]
        raise TypeError(f"rows() needs the population as a frame, a table or a list; it was a {type(data).__name__} (use positions())")

    @classmethod
    def merged(cls, parts: Sequence[Comparison], population: Any = None) -> Comparison:
        """One comparison of consecutive parts of a population (a cluster's partitions, in order)."""
        if not parts:
            raise ValueError("nothing to merge")
        first = parts[0]
        whole = cls(population, first.baseline, first.reform, first.as_of, sum(p.size for p in parts), first.benefits)
        start = 0
        for part in parts:
            for bid in whole.benefits:
                whole.matrices[bid] += part.matrices[bid]
                moves, into = part._moves[bid], whole._moves[bid]
                into.positions += [p + start for p in moves.positions]
                into.before += moves.before
                into.after += moves.after
            start += part.size
        return whole

    def _matrix(self, benefit: str) -> NDArray[np.int64]:
        found = self.matrices.get(benefit)
        if found is None:
            raise KeyError(f"benefit {benefit!r} is not counted here: compare(..., benefits=[{benefit!r}]) or benefits='all'")
        return found

    # -- frames and text

    def to_frame(self) -> Any:
        """One row per benefit and status: rows before, after, and the change (a pandas frame)."""
        import pandas as pd

        records = []
        for bid in self.benefits:
            counts = self.counts(bid)
            for label in ORDER:
                was, now = counts["before"][label], counts["after"][label]
                records.append({"benefit": bid, "title": self.title(bid), "status": label, "状态": LABELS_ZH[label], "before": was, "after": now, "change": now - was})
        return pd.DataFrame.from_records(records, columns=["benefit", "title", "status", "状态", "before", "after", "change"])

    def to_text(self) -> str:
        """For people: each benefit that changes, its counts before → after and the main moves."""
        lines = [
            f"测算：{self.reform.region}  {self.as_of.isoformat()}  {self.size} 户",
            f"基准 {self.baseline.version}  →  方案 {self.reform.version}",
            *(f"  · {r}" for r in self.reform.reforms if r not in self.baseline.reforms),
        ]
        changed = self.changed()
        if not changed:
            lines.append("没有任何企业的结论发生变化。")
        for bid in changed:
            counts = self.counts(bid)
            parts = [f"{LABELS_ZH[s]} {counts['before'][s]}→{counts['after'][s]}" for s in ORDER if counts["before"][s] or counts["after"][s]]
            lines.append(f"【{self.title(bid)}】（{bid}）" + "，".join(parts))
            for was, now, n in self._moves_of(bid):
                lines.append(f"    {LABELS_ZH[was]} → {LABELS_ZH[now]}：{n} 户")
        return "\n".join(lines)

    def _moves_of(self, benefit: str) -> list[tuple[str, str, int]]:
        matrix = self.matrices[benefit]
        found = [(a, b, int(matrix[LABELS.index(a), LABELS.index(b)])) for a in ORDER for b in ORDER if a != b]
        return sorted((m for m in found if m[2]), key=lambda m: -m[2])

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(LABELS_ZH[s])}</th>" for s in ORDER)
        body = []
        for bid in self.changed() or self.benefits:
            counts = self.counts(bid)
            cells = "".join(
                f"<td>{counts['before'][s]} → <b>{counts['after'][s]}</b></td>" if counts["before"][s] != counts["after"][s] else f"<td>{counts['before'][s]}</td>"
                for s in ORDER
            )
            body.append(f"<tr><td>{html.escape(self.title(bid))}<br><small>{html.escape(bid)}</small></td>{cells}</tr>")
        caption = html.escape(f"{self.reform.region} {self.as_of.isoformat()}：{self.size} 户；基准 {self.baseline.version} → 方案 {self.reform.version}")
        return f"<table><caption>{caption}</caption><tr><th>优惠</th>{head}</tr>{''.join(body)}</table>"


def _label(status: str) -> int:
    if status not in LABELS:
        raise ValueError(f"unknown status {status!r}; one of {', '.join(ORDER)}")
    return LABELS.index(status)


def compare(
    population: Any,
    baseline: RuleSet | str,
    reform: Reform,
    as_of: dt.date | str | None = None,
    *,
    id_column: str | None = "id",
    region_column: str = "region",
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    benefits: Iterable[str] | str | None = None,
    progress: bool | None = None,
) -> Comparison:
    """Every row of ``population`` decided by ``baseline`` and by ``reform`` on ``as_of``.

    ``baseline`` is a rule set or a region name; ``reform`` a rule set, or the changes to make to
    the baseline's figures (``{"vat_exempt_monthly_sales": "12万"}``, as ``with_parameters`` takes).
    ``population`` is anything ``screen()`` takes; every row is screened by these rules.
    ``benefits``: the benefits to count; by default those the reform can change on ``as_of`` (for
    the others every row keeps its status), ``"all"`` for every benefit's levels.
    """
    base = rule_set(baseline)
    changed = reform if isinstance(reform, RuleSet) else base.with_parameters(reform)
    decoded = Decoded(
        population, [base, changed], as_of, benefits=benefits, id_column=id_column, region_column=region_column,
        chunk_rows=chunk_rows, progress_bar=progress, description="compare",
    )
    result = Comparison(population, base, changed, decoded.day, decoded.size, decoded.benefits)
    width = len(LABELS)
    for chunk in decoded.chunks():
        before, after = chunk.statuses
        for bid in result.benefits:
            was, now = before[bid], after[bid]
            pairs = was.astype(np.intp) * width + now
            result.matrices[bid] += np.bincount(pairs, minlength=width * width).reshape(width, width)
            moving = np.flatnonzero(was != now)
            if len(moving):
                moves = result._moves[bid]
                moves.positions.append(moving + chunk.start)
                moves.before.append(was[moving])
                moves.after.append(now[moving])
    return result


__all__ = ["Comparison", "compare"]
