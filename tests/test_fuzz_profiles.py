"""Profiles of any JSON shape: a report or a ProfileError naming the field, never another exception.

And ``evaluate()`` and ``screen()`` accept exactly the same values (one shared validation), tested on
the same drawn inputs.
"""

from __future__ import annotations

import math
import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_rules import EnterpriseProfile, ProfileError, evaluate
from sme_rules.errors import RegionError
from sme_rules.profile import field_catalogue

pytest.importorskip("pyarrow")
from sme_rules.screening import screen

FIELDS = sorted(field_catalogue())
#: SME_FUZZ_EXAMPLES=5000 for a long run by hand; CI keeps the default small
FUZZ = settings(max_examples=int(os.environ.get("SME_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=list(HealthCheck))

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True), st.just(Decimal("sNaN")),
    st.text(max_size=12), st.sampled_from(["15万", "60%", "4亿元", "30人", "５４０１０２", "Ｃ１３", "", " ", "1e5", "-0", "0.000001", "3年"]),
)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
KEYS = st.one_of(st.sampled_from(FIELDS), st.text(max_size=8), st.just(""))


def _named(error: ProfileError) -> bool:
    return bool(error.problems) and all(p.field for p in error.problems)


@FUZZ
@given(st.dictionaries(KEYS, JSON, max_size=6))
def test_any_profile_is_a_report_or_an_error_naming_the_field(data: dict[str, Any]) -> None:
    try:
        profile = EnterpriseProfile.parse(data)
    except ProfileError as exc:
        assert _named(exc), exc
        return
    try:
        report = evaluate(profile, region="xizang", as_of="2022-06-01", engine="python")
    except RegionError:  # pragma: no cover - a region is given
        raise
    assert {b.status for b in report.benefits} <= {"eligible", "ineligible", "undetermined", "not_in_force"}


@FUZZ
@given(st.sampled_from(FIELDS), SCALARS)
def test_evaluate_and_screen_accept_the_same_values(field: str, value: Any) -> None:
    try:
        accepted = getattr(EnterpriseProfile.parse({field: value}), field)
        accepts = True
    except ProfileError:
        accepts = False
    row = screen([{field: value}], region="xizang", as_of="2022-06-01")
    error = row.column("error").to_pylist()[0]
    assert (error is None) == accepts, (field, value, error)
    if accepts and isinstance(accepted, Decimal | int) and not isinstance(accepted, bool):
        assert math.isfinite(float(accepted))
