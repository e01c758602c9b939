"""A national measure gets the same status in every region whose text does not narrow it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sme_rules.api import evaluate_rules
from sme_rules.language import ir
from sme_rules.language.loader import REGIONS, load, load_region, rules_dir
from sme_rules.profile import EnterpriseProfile
from sme_rules.testing.strategies import profiles

NATIONAL = load(rules_dir() / "national_measures.yaml")
MEASURES = {b.id: b for b in NATIONAL.benefits.values() if b.notices}
RULES = {region: load_region(region) for region in REGIONS}


def unnarrowed(rules: ir.RuleSet, measure: str) -> list[str]:
    """The benefits of a region that stand for ``measure`` with its own condition and windows."""
    base = MEASURES[measure]
    return [
        b.id
        for b in rules.benefits.values()
        if (b.restates == measure or b.id == measure) and ir.render(b.when) == ir.render(base.when) and b.window == ir.ALWAYS
    ]


def test_most_restatements_do_not_narrow() -> None:
    # the property below must compare something: every measure is carried unnarrowed in at least three regions
    for measure in MEASURES:
        assert sum(bool(unnarrowed(rules, measure)) for rules in RULES.values()) >= 3, measure


days = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2028, 12, 31))
codes = st.sampled_from([None, "540102", "630102", "532801", "650102", "110101"])


@settings(max_examples=60, deadline=None)
@given(profile=profiles(rules=NATIONAL), day=days, code=codes)
def test_a_national_measure_gets_the_same_status_in_every_region(profile: dict[str, Any], day: dt.date, code: str | None) -> None:
    data = {k: v for k, v in profile.items() if k != "region_code"}
    if code is not None:
        data["region_code"] = code
    parsed = EnterpriseProfile.parse(data)
    reports = {region: evaluate_rules(rules, parsed, day, engine="python") for region, rules in RULES.items()}
    for measure in MEASURES:
        seen: dict[str, str] = {}
        for region, rules in RULES.items():
            for bid in unnarrowed(rules, measure):
                seen[f"{region}:{bid}"] = reports[region].status(bid)
        assert len(set(seen.values())) <= 1, (measure, day, seen)
