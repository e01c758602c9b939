"""The forward-chaining engine and the reference interpreter agree on every fact and benefit.

``evaluate()`` runs both and raises EngineDisagreement when they differ, so each drawn profile is a
full check; the test also compares the two engines' reports directly. Profiles are drawn toward
every threshold in each region's rules (sme_rules.testing.profiles), on days around every date
where a window or a figure changes (sme_rules.testing.dates).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from sme_rules import evaluate
from sme_rules.language.loader import REGIONS
from sme_rules.testing import dates, profiles

# CI draws 2,500 profiles in all (625 per region); a local run draws fewer unless asked
EXAMPLES = int(os.environ.get("SME_RULES_AGREEMENT_EXAMPLES", "625" if os.environ.get("CI") else "150"))


def _statuses(report: Any) -> dict[str, str]:
    return {b.id: b.status for b in report.benefits}


@pytest.mark.parametrize("region", REGIONS)
def test_durable_and_reference_agree(region: str) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(profile=profiles(region), day=dates(region))
    def check(profile: dict[str, Any], day: dt.date) -> None:
        durable = evaluate(profile, region, day)  # raises EngineDisagreement on any difference
        reference = evaluate(profile, region, day, engine="python")
        assert _statuses(durable) == _statuses(reference)
        assert durable.facts == reference.facts
        for result in durable.benefits:
            if result.status == "undetermined":
                assert result.missing or result.undecidable, f"{result.id} is undetermined but says not why"

    check()
