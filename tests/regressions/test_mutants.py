"""Every rule's examples kill its threshold and comparison mutants (sme_rules.mutations).

A mutant that no example kills, and that is not among the known survivors below, fails this test:
write the example that tells the mutant from the rule (at the figure and one step past it, on
a day of the value's period). A known survivor that is now killed fails it too, so the list only
shrinks. The known survivors are, today, the cells of the national 划型标准 tables (size_class,
is_sme, is_sme_for_equipment_deduction), whose examples do not yet stand at every row's bounds, and
dated parameter values with no example in their period.

Mutants run on the reference interpreter only; the engines' agreement is tested apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sme_rules.language.loader import REGIONS, load_region
from sme_rules.mutations import STRICT_KINDS, mutation_report

KNOWN = Path(__file__).with_name("mutation_survivors.txt")


def known_survivors(region: str) -> set[str]:
    lines = KNOWN.read_text(encoding="utf-8").splitlines()
    return {line.split("\t", 1)[1] for line in lines if line.startswith(f"{region}\t")}


def survivors(region: str) -> set[str]:
    report = mutation_report(load_region(region), kinds=STRICT_KINDS)
    return {f"{m.owner}\t{m.kind}\t{m.description}" for m in report.survivors}


@pytest.mark.parametrize("region", REGIONS)
def test_no_new_threshold_or_comparison_mutant_survives(region: str) -> None:
    found = survivors(region)
    known = known_survivors(region)
    new = sorted(found - known)
    assert not new, "mutants no example kills (add examples that do):\n" + "\n".join(new)
    gone = sorted(known - found)
    assert not gone, f"killed now: remove them from {KNOWN.name}:\n" + "\n".join(gone)
