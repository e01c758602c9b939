"""The behavioural diff: which enterprises gain, lose or change which benefit between two versions.

Only the days and benefits where the versions could differ are evaluated (see
``_figures.changed_benefits``): a version pair that only rewords a quote costs nothing, and a
generated population is spent where a change can show. Each transition found (old status → new
status of one benefit) comes with a minimal profile: first reduced by dropping the fields it does
not need, then searched and shrunk by hypothesis around what remains.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample, Unsatisfiable

from ..language import ir
from ..profile import field_catalogue
from ._figures import Figures, changed_benefits, epochs, fields_behind, figures
from ._oracle import Oracle
from .strategies import preferred_values, profiles, sample

Case = tuple[dict[str, Any], dt.date]


@dataclass(frozen=True)
class Transition:
    """Profiles whose status of one benefit went from ``old`` to ``new``, and the simplest of them."""

    old: str
    new: str
    count: int
    as_of: dt.date
    example: dict[str, Any]
    shrunk: bool  # False: reduced without hypothesis (shrinking off, or its time budget spent)

    @property
    def direction(self) -> str:
        """gain (now eligible), lose (no longer eligible) or change (any other status change)."""
        if self.new == "eligible":
            return "gain"
        if self.old == "eligible":
            return "lose"
        return "change"


@dataclass(frozen=True)
class BenefitBehaviour:
    benefit: str
    title: str
    transitions: tuple[Transition, ...]

    def count(self, direction: str) -> int:
        return sum(t.count for t in self.transitions if t.direction == direction)


@dataclass(frozen=True)
class Population:
    source: str  # "generated" or the file read
    cases: int  # (profile, day) pairs evaluated
    dates: tuple[dt.date, ...]
    seed: int | None = None


@dataclass(frozen=True)
class Behaviour:
    population: Population
    benefits: tuple[BenefitBehaviour, ...]

    @property
    def changed(self) -> bool:
        return bool(self.benefits)


def dates_of_interest(old: ir.RuleSet, new: ir.RuleSet, as_of: Sequence[dt.date] = ()) -> dict[dt.date, list[str]]:
    """Per day, the benefits whose status could differ. Without ``as_of``: one day in each period
    over which neither version changes, where the two differ."""
    days = list(as_of) or epochs([old, new])
    found = {day: changed_benefits(old, new, day) for day in days}
    return {day: benefits for day, benefits in found.items() if benefits}


def behavioural_diff(
    old: ir.RuleSet,
    new: ir.RuleSet,
    *,
    as_of: Sequence[dt.date] = (),
    population: Sequence[tuple[dict[str, Any], dt.date | None]] | None = None,
    population_source: str = "generated",
    size: int = 1000,
    seed_value: int = 0,
    shrink: bool = True,
    shrink_seconds: float = 60.0,
    engine: str = "vector",
) -> Behaviour:
    """Compare ``old`` and ``new`` over ``population`` (known fields, and a day or ``None`` for every
    day of interest), or over ``size`` generated profiles.

    A population is counted by ``sme_rules.compare`` on the vector engine (``engine="reference"``:
    profile by profile with the reference interpreter, as generated profiles always are)."""
    if engine not in ("vector", "reference"):
        raise ValueError(f"engine must be 'vector' or 'reference', not {engine!r}")
    interest = dates_of_interest(old, new, as_of)
    days = tuple(sorted(interest))
    if not interest:
        return Behaviour(Population(population_source, 0, days, None if population else seed_value), ())
    if population is None:
        cases = generate(old, new, interest, size, seed_value)
    else:
        cases = [(fields, day) for fields, given_day in population for day in ([given_day] if given_day else days)]
    olds, news = Oracle(old), Oracle(new)
    for _, day in cases:
        if day not in interest:  # a day a population row gives: changed benefits computed once
            interest[day] = changed_benefits(old, new, day)
    found_by_vector = _vector_tally(old, new, cases, interest) if population is not None and engine == "vector" else None
    tally = found_by_vector if found_by_vector is not None else _reference_tally(olds, news, cases, interest)
    shrinker = Shrinker(olds, news, shrink_seconds)
    found: dict[str, list[Transition]] = {}
    # gains and losses first, then the commonest: what the time budget should go to
    order = sorted(tally.items(), key=lambda kv: (kv[1][0] == 0, "eligible" not in kv[0][1:], -kv[1][0], kv[0]))
    for (bid, was, now), (count, fields, day) in order:
        example, shrunk = shrinker.minimal(bid, was, now, fields, day) if shrink else (fields, False)
        found.setdefault(bid, []).append(Transition(was, now, count, day, _ordered(example), shrunk))
    results = tuple(
        BenefitBehaviour(bid, _title(bid, old, new), tuple(sorted(ts, key=lambda t: (t.old, t.new))))
        for bid, ts in sorted(found.items())
    )
    return Behaviour(Population(population_source, len(cases), days, None if population else seed_value), results)


Tally = dict[tuple[str, str, str], list[Any]]  # (benefit, old, new) -> [count, simplest fields, day]


def _reference_tally(olds: Oracle, news: Oracle, cases: Sequence[Case], interest: Mapping[dt.date, list[str]]) -> Tally:
    tally: Tally = {}
    for fields, day in cases:
        benefits = interest[day]
        before, after = olds.statuses(fields, day, benefits), news.statuses(fields, day, benefits)
        for bid in benefits:
            if before[bid] != after[bid]:
                entry = tally.setdefault((bid, before[bid], after[bid]), [0, fields, day])
                entry[0] += 1
                if len(fields) < len(entry[1]):
                    entry[1:] = [fields, day]
    return tally


def _vector_tally(old: ir.RuleSet, new: ir.RuleSet, cases: Sequence[Case], interest: Mapping[dt.date, list[str]]) -> Tally | None:
    """The tally of ``_reference_tally`` by ``compare``, day by day; ``None`` where the vector
    engine cannot take these rules (then the reference interpreter counts)."""
    if old.region != new.region:
        return None
    try:
        from ..analysis.compare import compare
        from ..engines.vector.columns import VectorUnsupported
    except ImportError:  # numpy, pyarrow or pandas missing: the reference interpreter counts
        return None
    by_day: dict[dt.date, list[int]] = {}
    for index, (_, day) in enumerate(cases):
        by_day.setdefault(day, []).append(index)
    tally: Tally = {}
    for day, indexes in by_day.items():
        rows = [cases[i][0] for i in indexes]
        try:
            result = compare(rows, old, new, as_of=day, benefits=interest[day], id_column=None, progress=False)
        except VectorUnsupported:
            return None
        for bid in interest[day]:
            for was in STATUS_NAMES:
                for now in STATUS_NAMES:
                    if was == now or not result.moved(bid, was, now):
                        continue
                    positions = result.positions(bid, was, now).tolist()
                    simplest = min(positions, key=lambda p: (len(rows[p]), p))  # as the reference tally picks
                    entry = tally.setdefault((bid, was, now), [0, rows[simplest], day])
                    entry[0] += len(positions)
                    if len(rows[simplest]) < len(entry[1]):
                        entry[1:] = [rows[simplest], day]
    return tally


STATUS_NAMES = ("eligible", "ineligible", "undetermined", "not_in_force")


def _title(bid: str, old: ir.RuleSet, new: ir.RuleSet) -> str:
    benefit = new.benefits.get(bid) or old.benefits.get(bid)
    return benefit.title if benefit is not None else bid


def _ordered(fields: Mapping[str, Any]) -> dict[str, Any]:
    order = list(field_catalogue())
    return dict(sorted(fields.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


# --------------------------------------------------------------------------- generated population


def generate(old: ir.RuleSet, new: ir.RuleSet, interest: Mapping[dt.date, list[str]], size: int, seed_value: int) -> list[Case]:
    """``size`` (profile, day) pairs, the same for the same inputs and seed. Profiles draw only the
    fields that the benefits which could change read, toward both versions' figures on those days."""
    fields: set[str] = set()
    for benefits in interest.values():
        for bid in benefits:
            for rules in (old, new):
                if bid in rules.benefits:
                    fields |= fields_behind(rules, bid)
    days = sorted(interest)
    drawn = sample([old, new], _catalogue_order(fields), size, as_of=days, seed=seed_value)
    rng = random.Random(seed_value)
    return [(profile, rng.choice(days)) for profile in drawn]


def _catalogue_order(fields: Iterable[str]) -> list[str]:
    wanted = set(fields)
    return [name for name in field_catalogue() if name in wanted]


# --------------------------------------------------------------------------- shrinking


class Shrinker:
    """Minimal profiles for transitions between two versions, within a time budget.

    Each example is first reduced without hypothesis: fields it does not need are dropped, then
    each remaining field takes the simplest preferred value (a figure, a step past it, zero) that
    keeps the transition. While the budget lasts, hypothesis then searches that handful of fields
    around those values and shrinks what it finds; its searches are derandomized, so the same
    inputs give the same examples.
    """

    def __init__(self, olds: Oracle, news: Oracle, seconds: float, max_examples: int = 100) -> None:
        self.olds, self.news = olds, news
        self.deadline = time.monotonic() + seconds
        self.max_examples = max_examples
        self._figures: dict[dt.date, Figures] = {}
        self._codes = sorted({c for r in (olds.rules, news.rules) for c in r.region_codes})

    def minimal(self, benefit: str, was: str, now: str, fields: dict[str, Any], day: dt.date) -> tuple[dict[str, Any], bool]:
        """The simplest profile found whose ``benefit`` goes from ``was`` to ``now`` on ``day``, and
        whether hypothesis shrank it (``False``: reduced only, the time budget being spent)."""

        def holds(candidate: Mapping[str, Any]) -> bool:
            return self.olds.status(candidate, day, benefit) == was and self.news.status(candidate, day, benefit) == now

        reduced = self._reduce(holds, fields, day)
        if not reduced:
            return reduced, True
        if time.monotonic() > self.deadline:
            return reduced, False
        strategy = profiles(
            rules=[self.olds.rules, self.news.rules], as_of=day, fields=_catalogue_order(reduced), around=reduced
        )
        try:
            found = find(
                strategy, holds,
                settings=settings(
                    max_examples=self.max_examples, database=None, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink],
                ),
            )
        except (NoSuchExample, Unsatisfiable):
            return reduced, True
        return (found if _simpler(found, reduced) else reduced), True

    def _reduce(self, holds: Callable[[Mapping[str, Any]], bool], fields: dict[str, Any], day: dt.date) -> dict[str, Any]:
        reduced = dict(fields)
        for name in sorted(fields):
            trial = {k: v for k, v in reduced.items() if k != name}
            if holds(trial):
                reduced = trial
        figs = self._figures.get(day)
        if figs is None:
            figs = self._figures[day] = figures([self.olds.rules, self.news.rules], [day])
        for name in list(reduced):
            for value in preferred_values(name, figs, self._codes):
                if value == reduced[name] and type(value) is type(reduced[name]):
                    break  # already the simplest value that works
                if holds({**reduced, name: value}):
                    reduced[name] = value
                    break
        return reduced


def _simpler(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Fewer fields, then values nearer zero: how a person judges 'smaller'."""

    def weight(fields: Mapping[str, Any]) -> tuple[int, list[float]]:
        return len(fields), sorted(abs(float(v)) for v in fields.values() if not isinstance(v, bool | str))

    return weight(a) <= weight(b)


__all__ = ["Behaviour", "BenefitBehaviour", "Population", "Shrinker", "Transition", "behavioural_diff", "dates_of_interest", "generate"]
