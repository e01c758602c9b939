"""Exact quantities, and profiles: unknown stays unknown, bad input names every bad field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sme_rules import EnterpriseProfile, ProfileError
from sme_rules.units import parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [("15万", "150000"), ("4亿", "400000000"), ("60%", "0.6"), ("2000元", "2000"), ("15万元", "150000"), ("0.5万", "5000"), ("150000.01", "150000.01")],
)
def test_unit_literals_are_exact(text: str, value: str) -> None:
    assert parse_quantity(text) == Decimal(value)


@pytest.mark.parametrize("text", ["15w", "万", "1,000", "", "五万"])
def test_non_quantities_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a quantity"):
        parse_quantity(text)


def test_float_input_keeps_its_decimal_value() -> None:
    profile = EnterpriseProfile.parse({"monthly_sales": 150000.01})
    assert profile.monthly_sales == Decimal("150000.01")
    assert profile.monthly_sales > 150000


def test_unit_strings_are_read_for_numeric_fields() -> None:
    assert EnterpriseProfile.parse({"annual_revenue": "4亿", "employees": "30人"}).known_fields() == {
        "employees": 30,
        "annual_revenue": Decimal(400000000),
    }


def test_absent_and_null_are_both_unknown() -> None:
    assert EnterpriseProfile.parse({"employees": None}).known_fields() == {}


def test_every_bad_field_is_named_with_a_suggestion() -> None:
    with pytest.raises(ProfileError) as caught:
        EnterpriseProfile.parse(
            {
                "montly_sales": 1,
                "employees": -3,
                "main_business_revenue_share": 1.5,
                "vat_taxpayer_type": "tiny",
                "industry_code": "c13",
                "monthly_sales": 0.001,
                "region_code": "54",
            }
        )
    error = caught.value
    assert isinstance(error, ValueError)
    assert set(error.fields) == {
        "montly_sales", "employees", "main_business_revenue_share", "vat_taxpayer_type", "industry_code", "monthly_sales", "region_code",
    }
    assert "did you mean 'monthly_sales'" in str(error)
    assert "fen" in str(error)


def test_a_bool_is_not_a_number_and_a_string_is_not_a_bool() -> None:
    with pytest.raises(ProfileError) as caught:
        EnterpriseProfile.parse({"employees": True, "has_rd_expenses": "maybe"})
    assert set(caught.value.fields) == {"employees", "has_rd_expenses"}


def test_a_non_mapping_profile_is_refused() -> None:
    with pytest.raises(ProfileError, match="mapping"):
        EnterpriseProfile.parse([1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize(("code", "ok"), [("C13", True), ("C43", True), ("C51", False), ("F51", True), ("K7020", True), ("K71", False), ("A", True)])
def test_industry_division_must_belong_to_its_section(code: str, ok: bool) -> None:
    if ok:
        assert EnterpriseProfile.parse({"industry_code": code}).industry_code == code
    else:
        with pytest.raises(ProfileError, match=r"industry_code: .*not in section"):
            EnterpriseProfile.parse({"industry_code": code})


@pytest.mark.parametrize("value", [float("inf"), float("nan"), float("-inf")])
def test_non_finite_numbers_are_profile_errors(value: float) -> None:
    with pytest.raises(ProfileError) as caught:
        EnterpriseProfile.parse({"employees": value, "monthly_sales": value})
    assert set(caught.value.fields) == {"employees", "monthly_sales"}


def test_our_validators_speak_without_pydantic_s_prefix() -> None:
    with pytest.raises(ProfileError) as caught:
        EnterpriseProfile.parse({"industry_code": "C51"})
    assert str(caught.value) == "invalid profile: industry_code: division 51 is not in section C (it holds 13–43)"


def test_very_large_quantities_stay_exact() -> None:
    assert parse_quantity("1" + "0" * 30) == Decimal(10) ** 30
