"""Every regional measure is in force exactly on its window: the day before, the first day, the last
day and the day after, for the profile of its first eligible example.

A regional measure (one the region's document creates, not a national one it restates) is in force
while its document is and its own ``in_force`` holds. Measures whose condition reads dated national
figures are left out: their status on a bound also follows those figures.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from regional_measures import NATIONAL_MEASURES
from sme_rules.api import evaluate_rules
from sme_rules.language import ir
from sme_rules.language.loader import REGIONS, load_region
from sme_rules.profile import EnterpriseProfile

ONE_DAY = dt.timedelta(days=1)


def _window(rules: ir.RuleSet, benefit: ir.Benefit) -> ir.Window:
    documents = {source.document for source in benefit.sources}
    assert len(documents) == 1
    doc = rules.documents[documents.pop()].window
    starts = [d for d in (doc.start, benefit.window.start) if d is not None]
    ends = [d for d in (doc.end, benefit.window.end) if d is not None]
    return ir.Window(max(starts) if starts else None, min(ends) if ends else None)


def _cases() -> list[object]:
    out = []
    for region in REGIONS:
        rules = load_region(region)
        for benefit in rules.benefits.values():
            if (
                benefit.id in NATIONAL_MEASURES
                or benefit.restates is not None  # in force on its national notices' dates, not the document's
                or Path(benefit.location.path).name != f"{region}.yaml"
                or benefit.params
                or len({s.document for s in benefit.sources}) != 1
            ):
                continue
            example = next((e for e in benefit.examples if e.expect == "eligible"), None)
            if example is not None:
                out.append(pytest.param(region, benefit.id, example.profile, id=f"{region}:{benefit.id}"))
    return out


CASES = _cases()


def test_most_regional_measures_are_checked() -> None:
    assert len(CASES) > 120


@pytest.mark.parametrize(("region", "benefit_id", "profile"), CASES)
def test_in_force_exactly_on_its_window(region: str, benefit_id: str, profile: dict[str, object]) -> None:
    rules = load_region(region)
    window = _window(rules, rules.benefits[benefit_id])
    parsed = EnterpriseProfile.parse(profile)

    def status(day: dt.date) -> str:
        return evaluate_rules(rules, parsed, day, engine="python").benefit(benefit_id).status

    assert window.start is not None, f"{benefit_id}: a regional measure starts with its document"
    assert status(window.start - ONE_DAY) == "not_in_force"
    assert status(window.start) == "eligible"
    if window.end is not None:
        assert status(window.end) == "eligible"
        assert status(window.end + ONE_DAY) == "not_in_force"
