"""Properties of explanations over profiles drawn toward every threshold of every region."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_rules import evaluate
from sme_rules.language.loader import REGIONS
from sme_rules.report.tree import failing_leaves, leaf_text
from sme_rules.testing.strategies import profiles

DAYS = ["2021-06-01", "2022-06-01", "2023-06-01"]


def _visible(page: str) -> str:
    return unescape(re.sub(r"<[^>]*>", " ", page))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_failing_leaf_of_an_ineligible_benefit_is_in_its_text_and_html(data: Any) -> None:
    region = data.draw(st.sampled_from(REGIONS))
    day = data.draw(st.sampled_from(DAYS))
    profile = data.draw(profiles(region, as_of=day))
    report = evaluate(profile, region, day, engine="python")
    for result in report.by_status("ineligible"):
        assert result.verdict is not None
        leaves = failing_leaves(result.verdict)
        assert leaves, f"{result.id}: false without a failing leaf"
        text, page = result.to_text(), _visible(result._repr_html_())
        for leaf in leaves:
            shown = leaf_text(leaf)
            assert f"✗ {shown}" in text, (result.id, shown)
            assert shown in page, (result.id, shown)
        assert len(result.failed) == len(leaves)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_missing_field_is_named_in_chinese(data: Any) -> None:
    region = data.draw(st.sampled_from(REGIONS))
    profile = data.draw(profiles(region, as_of="2022-06-01", missing=0.5))
    report = evaluate(profile, region, "2022-06-01", engine="python")
    asked = {q.field: q for q in report.questions()}
    for result in report.by_status("undetermined"):
        text = result.to_text()
        for name in result.missing:
            assert asked[name].label in text.split("缺少信息：", 1)[1].split("\n", 1)[0]
    assert not re.search(r"\b(ratio|bool)\b", report.to_text().split("\n", 1)[1])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(data=st.data())
def test_the_facts_a_condition_reads_are_those_its_tree_reads(data: Any) -> None:
    """facts_used is read from the condition where the tree's shape does not depend on the values."""
    from sme_rules.language.loader import load_region
    from sme_rules.report.explain import _fact_names, tree_fact_names

    region = data.draw(st.sampled_from(REGIONS))
    rules = load_region(region)
    report = evaluate(data.draw(profiles(region)), region, "2022-06-01")
    for result in report.benefits:
        static = tree_fact_names(rules.benefits[result.id].when)
        if result.verdict is not None and static is not None:
            assert static == _fact_names(result.verdict), result.id
            assert [use.name for use in result.facts_used] == static, result.id
