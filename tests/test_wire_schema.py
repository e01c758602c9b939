"""The wire schemas against the library: what the profile schema accepts ``parse()`` accepts and the
other way round, and reports, full and brief, validate and read back."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_rules import EligibilityReport, EnterpriseProfile, ProfileError, evaluate
from sme_rules.profile import field_catalogue
from sme_rules.testing import profiles
from sme_rules.wire import BRIEF_EXCLUDE, SCHEMA_NAMES, build_schema, loads, schema_text, shipped_schema
from sme_rules.wire.quantity import CODE_SPACE, QUANTITY_SPACE
from wire_validation import errors, validator

PROFILE = validator("profile")
CATALOGUE = field_catalogue()
KINDS = {kind: [n for n, s in CATALOGUE.items() if s.kind == kind] for kind in ("money", "count", "ratio", "years", "bool")}
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def parse_accepts(data: Any) -> bool:
    try:
        EnterpriseProfile.parse(data)
    except ProfileError:
        return False
    return True


def assert_agree(data: Any) -> None:
    schema_says = errors(PROFILE, data)
    parse_ok = parse_accepts(data)
    assert (not schema_says) == parse_ok, f"{data!r}: schema {schema_says or 'accepts'}, parse {'accepts' if parse_ok else 'rejects'}"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_schema_is_what_the_code_builds(name: str) -> None:
    # regenerate with: sme-rules schema NAME > src/sme_rules/wire/schemas/NAME.json
    assert shipped_schema(name) == json.loads(schema_text(build_schema(name)))


# -- the profile schema and parse() agree


@SETTINGS
@given(profiles())
def test_drawn_profiles_are_accepted_by_both(profile: dict[str, Any]) -> None:
    assert not errors(PROFILE, profile)
    assert parse_accepts(profile)


_DIGITS = st.text("0123456789", min_size=1, max_size=9) | st.sampled_from(["0", "1", "30", "100", "3000", "10000"])
_FRACTION = st.none() | st.text("0123456789", min_size=1, max_size=9) | st.sampled_from(["0", "5", "01", "001", "00001", "000001"])
_SPACE = st.sampled_from(["", "", " ", "\u3000", "\t", "\n", "\x1c", "\u00a0"])


@st.composite
def quantity_strings(draw: st.DrawFn) -> str:
    """Strings like the quantity grammar's, and near misses of it."""
    number = draw(st.sampled_from(["", "", "-", "+"])) + draw(_DIGITS)
    fraction = draw(_FRACTION)
    if fraction is not None:
        number += "." + fraction
    multiplier = draw(st.sampled_from(["", "", "万", "亿", "%", "千", "百"]))
    unit = draw(st.sampled_from(["", "", "元", "人", "年", "km"]))
    return draw(_SPACE) + number + draw(_SPACE) + multiplier + draw(_SPACE) + unit + draw(_SPACE)


_NUMBERS = st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=-10**12, max_value=10**12) | st.sampled_from(
    [Decimal("150000.001"), Decimal("150000.010"), Decimal("30.0"), Decimal("30.5"), Decimal("1.0000001"), Decimal("1E+2"), Decimal(-1)]
)
_CODES = st.sampled_from(["C", "C13", "C1", "C51", "F52", "E47", "c13", "Z", "C13x", "C1312", "C13121", "T97", "K70", "K71"])


def _wire_values(name: str) -> st.SearchStrategy[Any]:
    """What a caller might send for ``name``: right, wrong and in between."""
    spec = CATALOGUE[name]
    anything = st.none() | st.booleans() | st.integers(-5, 10**6) | _NUMBERS | quantity_strings()
    if spec.kind == "str" and spec.choices:
        return anything | st.sampled_from([*spec.choices, spec.choices[0].upper(), " " + spec.choices[0]])
    if name == "industry_code":
        return anything | st.tuples(st.sampled_from(["", " ", "\u3000", "\x1c"]), _CODES).map(lambda t: t[0] + t[1] + t[0])
    if name == "region_code":
        return anything | st.sampled_from(["540102", " 630100 ", "54010", "5401022", "54O102", "\x1c540102"])
    if spec.kind == "bool":
        return anything | st.sampled_from(["true", "yes", 1, 0, [True]])
    return anything


@SETTINGS
@given(profiles(), st.sampled_from(sorted(CATALOGUE)).flatmap(lambda n: st.tuples(st.just(n), _wire_values(n))))
def test_schema_and_parse_agree_on_changed_fields(profile: dict[str, Any], change: tuple[str, Any]) -> None:
    name, value = change
    assert_agree({**profile, name: value})


@SETTINGS
@given(st.sampled_from(KINDS["money"] + KINDS["count"] + KINDS["ratio"] + KINDS["years"]), quantity_strings())
def test_quantity_strings_agree(name: str, text: str) -> None:
    assert_agree({name: text})


@pytest.mark.parametrize(
    ("data", "accepted"),
    [
        ({"monthly_sales": "15万"}, True),
        ({"monthly_sales": Decimal("150000.01")}, True),
        ({"monthly_sales": Decimal("150000.001")}, False),  # one step past the fen
        ({"monthly_sales": "abc"}, False),
        ({"monthly_sales": "1e5"}, False),
        ({"monthly_sales": -1}, False),
        ({"annual_taxable_income": -1}, True),
        ({"employees": "30人"}, True),
        ({"employees": "1.5万"}, False),  # a head count carries no 万 (people are counted, not written in tens of thousands)
        ({"employees": "1.00005万"}, False),
        ({"employees": Decimal("30.0")}, True),
        ({"employees": Decimal("30.5")}, False),
        ({"main_business_revenue_share": "60%"}, True),
        ({"main_business_revenue_share": 1}, True),
        ({"main_business_revenue_share": Decimal("1.000001")}, False),
        ({"main_business_revenue_share": "100.0001%"}, False),
        ({"industry_code": "C13"}, True),
        ({"industry_code": "C51"}, False),  # division 51 is in section F
        ({"industry_code": "F51"}, True),
        ({"industry_code": " C13 "}, True),
        ({"region_code": "54010"}, False),
        ({"has_rd_expenses": "yes"}, False),
        ({"has_rd_expenses": None}, True),
        ({"employes": 3}, False),
        ([{"employees": 3}], False),
    ],
)
def test_edges(data: Any, accepted: bool) -> None:
    assert parse_accepts(data) is accepted
    assert_agree(data)


@pytest.mark.parametrize("char", sorted(set(QUANTITY_SPACE) | set(CODE_SPACE) | {"\u200b", "\ufeff", "\u180e"}))
def test_surrounding_space_agrees(char: str) -> None:
    assert_agree({"industry_code": f"{char}C13{char}"})
    assert_agree({"monthly_sales": f"{char}15万{char}"})


def test_exact_decoding() -> None:
    assert loads('{"monthly_sales": 150000.010}') == {"monthly_sales": Decimal("150000.010")}
    assert not parse_accepts(loads('{"monthly_sales": 0.1000000000000000055511151231257827}'))
    for bad in ('{"a": NaN}', '{"a": 1, "a": 2}', "[1,", b"\xff"):
        with pytest.raises(ValueError):
            loads(bad)


# -- reports


def _report(**kwargs: Any) -> EligibilityReport:
    profile = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "sales_at_3pct_levy_rate": 0, "monthly_sales": "15万", "employees": 12, "industry_code": "C13"}
    return evaluate(profile, region="xizang", as_of="2022-06-01", **kwargs)


def test_full_report_validates_and_reads_back() -> None:
    data = json.loads(_report().model_dump_json())
    assert not errors(validator("report"), data)
    again = EligibilityReport.model_validate(data)
    assert json.loads(again.model_dump_json()) == data
    assert again.status("vat_small_scale_exemption") == "eligible"


def test_brief_report_validates_and_reads_back() -> None:
    report = _report()
    data = json.loads(report.model_dump_json(exclude=BRIEF_EXCLUDE))
    assert all("verdict" not in b for b in data["benefits"])
    assert not errors(validator("brief"), data)
    # the full schema requires the trees: a brief report is not a full one
    assert errors(validator("report"), data)
    again = EligibilityReport.model_validate(data)
    assert [(b.id, b.status, b.missing) for b in again.benefits] == [(b.id, b.status, b.missing) for b in report.benefits]
    assert all(b.verdict is None and b.facts_used == [] for b in again.benefits)


_PLACES = st.integers(0, 8).flatmap(lambda p: st.decimals(min_value=-3, max_value=10**9, places=p))


@SETTINGS
@given(st.sampled_from(KINDS["money"] + KINDS["count"] + KINDS["ratio"] + KINDS["years"]), _PLACES | st.integers(-3, 10**9))
def test_numbers_agree(name: str, number: Decimal | int) -> None:
    assert_agree({name: number})
