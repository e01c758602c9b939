"""Ready-made properties to call from a team's own tests; each runs hypothesis and raises
``AssertionError`` naming the profile, the day and the statuses when it fails.

For example::

    assert_monotonic("xizang", "vat_small_scale_exemption", "monthly_sales", favours="lower")
    assert_agree("HEAD:rules", "rules", except_benefits={"vat_small_scale_exemption"})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..api import evaluate_rules, parse_date
from ..language import ir
from ..profile import EnterpriseProfile
from ._figures import changed_benefits, epochs, fields_behind, figures
from ._oracle import Oracle
from .behaviour import Shrinker, generate
from .strategies import RulesLike, dates, field_values, profiles, rule_sets
from .versions import RuleVersion, load_version

Day = dt.date | str | None


def _settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def _day_strategy(rules: list[ir.RuleSet], as_of: Day) -> st.SearchStrategy[dt.date]:
    return st.just(parse_date(as_of)) if as_of is not None else dates(rules=rules)


def _days_in_force(rules: ir.RuleSet, benefit: str, as_of: Day) -> st.SearchStrategy[dt.date]:
    """One day in each period in which the benefit is in force: the rules stay the same within a
    period, so these days stand for every day the benefit applies."""
    if as_of is not None:
        return st.just(parse_date(as_of))
    found = rules.benefits[benefit]
    days = [d for d in epochs([rules]) if rules.in_force(found, d, rules.params_at(d))]
    if not days:
        raise ValueError(f"{rules.region} {benefit} is in force on no day")
    return st.sampled_from(days)


def assert_monotonic(
    rules: RulesLike,
    benefit: str,
    field: str,
    *,
    favours: Literal["lower", "higher"],
    as_of: Day = None,
    max_examples: int = 200,
) -> None:
    """A benefit never prefers the worse value of ``field``: if it is eligible with the worse value
    it is eligible with the better one, and if ineligible with the better, ineligible with the worse.

    ``favours="lower"`` for a cap (月销售额15万元以下), ``"higher"`` for a floor (从业人员10人以上).
    """
    if favours not in ("lower", "higher"):
        raise ValueError(f"favours is 'lower' or 'higher', not {favours!r}")
    (found,) = rule_sets(rules=rules)
    if benefit not in found.benefits:
        raise ValueError(f"{found.region} has no benefit {benefit!r}")
    oracle = Oracle(found)
    others = sorted(fields_behind(found, benefit) - {field})
    values = field_values(field, figures([found]), sorted(found.region_codes))

    @_settings(max_examples)
    @given(profile=profiles(rules=found, fields=others), day=_days_in_force(found, benefit, as_of), a=values, b=values)
    def check(profile: dict[str, Any], day: dt.date, a: Any, b: Any) -> None:
        low, high = sorted((a, b))
        better, worse = (low, high) if favours == "lower" else (high, low)
        at_better = oracle.status({**profile, field: better}, day, benefit)
        at_worse = oracle.status({**profile, field: worse}, day, benefit)
        broken = (at_worse == "eligible" and at_better != "eligible") or (
            at_better == "ineligible" and at_worse != "ineligible"
        )
        assert not broken, (
            f"{found.region} {benefit} is not monotonic in {field} (favours {favours}) on {day}: "
            f"{field}={better} gives {at_better} but {field}={worse} gives {at_worse}; other fields {profile}"
        )

    check()


def assert_agree(
    old: str | Path | RuleVersion | ir.RuleSet,
    new: str | Path | RuleVersion | ir.RuleSet,
    *,
    except_benefits: Iterable[str] = (),
    regions: Iterable[str] | None = None,
    as_of: Day = None,
    max_examples: int = 200,
) -> None:
    """Two versions of the rules give every profile the same status of every benefit except
    ``except_benefits``: a change does what it says and nothing more.

    Where the versions' conditions, facts, figures and windows are equal the check is exact (no
    profile can tell them apart); hypothesis searches only the days and benefits where they differ.
    """
    wanted = None if regions is None else list(regions)
    before, after = load_version(old, wanted), load_version(new, wanted)
    excluded = set(except_benefits)
    chosen = wanted if wanted is not None else sorted(set(before.regions) | set(after.regions))
    for region in chosen:
        a, b = before.regions.get(region), after.regions.get(region)
        if a is None or b is None:
            raise AssertionError(f"region {region} is only in {after.label if a is None else before.label}")
        _assert_region_agrees(a, b, excluded, as_of, max_examples)


def _assert_region_agrees(old: ir.RuleSet, new: ir.RuleSet, excluded: set[str], as_of: Day, max_examples: int) -> None:
    days = [parse_date(as_of)] if as_of is not None else epochs([old, new])
    interest = {day: [b for b in changed_benefits(old, new, day) if b not in excluded] for day in days}
    interest = {day: found for day, found in interest.items() if found}
    if not interest:
        return
    fields = {f for found in interest.values() for bid in found for r in (old, new) if bid in r.benefits for f in fields_behind(r, bid)}
    olds, news = Oracle(old), Oracle(new)
    # an evenly spread population first (hypothesis leans toward simple profiles), its first
    # difference shrunk; then hypothesis's own search
    for profile, day in generate(old, new, interest, max_examples * 5, 0):
        before, after = olds.statuses(profile, day, interest[day]), news.statuses(profile, day, interest[day])
        bid = next((b for b in interest[day] if before[b] != after[b]), None)
        if bid is not None:
            smallest, _ = Shrinker(olds, news, seconds=10).minimal(bid, before[bid], after[bid], profile, day)
            raise AssertionError(
                f"{new.region} on {day}: {bid} {before[bid]} → {after[bid]} for profile {smallest}"
                " (not among the benefits declared to change)"
            )

    @_settings(max_examples)
    @given(profile=profiles(rules=[old, new], as_of=list(interest), fields=sorted(fields)), day=st.sampled_from(sorted(interest)))
    def check(profile: dict[str, Any], day: dt.date) -> None:
        before, after = olds.statuses(profile, day, interest[day]), news.statuses(profile, day, interest[day])
        differ = {bid: (before[bid], after[bid]) for bid in interest[day] if before[bid] != after[bid]}
        assert not differ, (
            f"{new.region} on {day}: " + "; ".join(f"{bid} {was} → {now}" for bid, (was, now) in differ.items())
            + f" for profile {profile} (not among the benefits declared to change)"
        )

    check()


def assert_engines_agree(rules: RulesLike, *, as_of: Day = None, max_examples: int = 100) -> None:
    """The forward-chaining engine and the reference interpreter agree on every fact and benefit
    (``evaluate_rules`` raises :class:`~sme_rules.EngineDisagreement` when they do not)."""
    (found,) = rule_sets(rules=rules)

    @_settings(max_examples)
    @given(profile=profiles(rules=found), day=_day_strategy([found], as_of))
    def check(profile: dict[str, Any], day: dt.date) -> None:
        evaluate_rules(found, EnterpriseProfile.parse(profile), day, engine="durable")

    check()


__all__ = ["assert_agree", "assert_engines_agree", "assert_monotonic"]
