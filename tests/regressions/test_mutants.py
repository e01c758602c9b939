"""Every rule's examples kill its threshold and comparison mutants (sme_rules.mutations).

No threshold or comparison mutant may survive: one that no example kills fails this test. Write the
example that tells it from the rule, from the text (at the figure and one step past it, on a day of
the value's period), not from what the engine answers. The 划型标准 tables are pinned row by row by
the example tables of is_sme, size_class and is_sme_for_equipment_deduction in rules/national.yaml.

Mutants run on the reference interpreter only; the engines' agreement is tested apart.
"""

from __future__ import annotations

import pytest

from sme_rules.language.loader import REGIONS, load_region
from sme_rules.mutations import STRICT_KINDS, mutation_report


def survivors(region: str) -> set[str]:
    """``owner\\tkind\\tdescription`` of each threshold or comparison mutant no example of ``region`` kills."""
    report = mutation_report(load_region(region), kinds=STRICT_KINDS)
    return {f"{m.owner}\t{m.kind}\t{m.description}\t({m.location})" for m in report.survivors}


@pytest.mark.parametrize("region", REGIONS)
def test_no_threshold_or_comparison_mutant_survives(region: str) -> None:
    found = sorted(survivors(region))
    assert not found, "mutants no example kills (add examples that do):\n" + "\n".join(found)
