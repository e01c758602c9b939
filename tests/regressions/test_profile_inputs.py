"""Hostile profile values found by fuzzing: each is read as meant or refused naming the field.

None of them may change an answer silently, end in another exception, or be accepted by
``evaluate()`` and refused by ``screen()`` (or the other way round).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sme_rules import EnterpriseProfile, ProfileError, evaluate
from sme_rules.jsontext import JsonTextError, loads_strict

EXAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "xizang_manufacturer.json").read_text(encoding="utf-8"))
AS_OF = "2022-06-01"


def statuses(profile: dict[str, Any]) -> dict[str, str]:
    return {b.id: b.status for b in evaluate(profile, as_of=AS_OF, engine="python").benefits}


def test_full_width_region_code_gives_the_same_answer_as_ascii() -> None:
    # "５４０１０２" passed validation and flipped 7 statuses (western_development_cit among them)
    assert statuses({**EXAMPLE, "region_code": "５４０１０２"}) == statuses(EXAMPLE)


@pytest.mark.parametrize(("field", "written", "meant"), [
    ("industry_code", "Ｃ１３", "C13"), ("employees", "３０", 30), ("monthly_sales", "１５万", Decimal(150000)),
    ("vat_taxpayer_type", "ｓｍａｌｌ＿ｓｃａｌｅ", "small_scale"),
])
def test_full_width_text_is_read_as_its_ascii_form(field: str, written: str, meant: object) -> None:
    assert getattr(EnterpriseProfile.parse({field: written}), field) == meant


@pytest.mark.parametrize("code", ["٥٤٠١٠٢", "५४०१०२"])
def test_other_scripts_digits_are_refused_naming_the_field(code: str) -> None:
    with pytest.raises(ProfileError) as caught:
        EnterpriseProfile.parse({"region_code": code})
    assert caught.value.fields == ("region_code",)


@pytest.mark.parametrize(("field", "value", "words"), [
    ("monthly_sales", "60%", "share"),  # read as 0.6 元: VAT exemption eligible
    ("employees", "4亿元", "count"),  # read as 400 million people
    ("employees", "15万", "count"),
    ("main_business_revenue_share", "5万", "share"),
    ("main_business_revenue_share", "70元", "share"),
    ("monthly_sales", "30人", "money"),
    ("annual_revenue", "3年", "money"),
])
def test_a_unit_suffix_must_fit_the_field(field: str, value: str, words: str) -> None:
    with pytest.raises(ProfileError) as caught:
        EnterpriseProfile.parse({field: value})
    assert caught.value.fields == (field,)
    assert words in str(caught.value)


@pytest.mark.parametrize(("field", "value", "meant"), [
    ("main_business_revenue_share", "60%", Decimal("0.6")), ("employees", "30人", 30),
    ("monthly_sales", "15万元", Decimal(150000)), ("annual_revenue", "4亿", Decimal(400000000)),
])
def test_fitting_suffixes_still_read(field: str, value: str, meant: object) -> None:
    assert getattr(EnterpriseProfile.parse({field: value}), field) == meant


@pytest.mark.parametrize("value", [
    Decimal("sNaN"), Decimal("NaN"), Decimal("-Infinity"), float("nan"), float("inf"),
    10**5000, -(10**5000), Decimal("1e400"), "1" + "0" * 5000, Decimal(2**64),
], ids=["snan", "nan", "-inf", "float-nan", "float-inf", "int-5000-digits", "-int-5000-digits", "1e400", "text-5000-digits", "2**64"])
@pytest.mark.parametrize("field", ["employees", "monthly_sales", "annual_taxable_income", "main_business_revenue_share"])
def test_non_finite_and_huge_numbers_are_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(ProfileError) as caught:
        EnterpriseProfile.parse({field: value})
    assert caught.value.fields == (field,)


def test_the_largest_amount_every_engine_holds_is_accepted_and_one_fen_more_is_not() -> None:
    top = Decimal("92233720368547758.07")
    assert EnterpriseProfile.parse({"annual_revenue": top}).annual_revenue == top
    with pytest.raises(ProfileError, match="annual_revenue: too large to hold exactly"):
        EnterpriseProfile.parse({"annual_revenue": top + Decimal("0.01")})
    with pytest.raises(ProfileError, match="annual_taxable_income"):
        EnterpriseProfile.parse({"annual_taxable_income": -top - Decimal("0.01")})


@pytest.mark.parametrize("key", ["", " ", "\u3000"])
def test_empty_keys_are_named_as_empty(key: str) -> None:
    with pytest.raises(ProfileError, match="empty name") as caught:
        EnterpriseProfile.parse({key: 1})
    assert caught.value.fields == (repr(key),)


def test_full_width_key_is_refused_with_its_ascii_spelling() -> None:
    with pytest.raises(ProfileError, match="'employees'"):
        EnterpriseProfile.parse({"ｅｍｐｌｏｙｅｅｓ": 3})


def test_non_text_keys_are_refused() -> None:
    with pytest.raises(ProfileError, match="field names are text"):
        EnterpriseProfile.parse({3: 1})  # type: ignore[dict-item]


def test_duplicate_json_keys_are_an_error_naming_the_key() -> None:
    with pytest.raises(JsonTextError, match="'employees' is given twice"):
        loads_strict('{"employees": 5, "employees": 500}', "profile.json")


@pytest.mark.parametrize(("text", "words"), [
    ('{"employees": 1' + "0" * 5000 + "}", None), ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    (b"\xff\xfe{\x00}\x00", "not UTF-8"), ('{"employees": 3,}', "not valid JSON"),
], ids=["5000-digits", "deep", "utf16", "trailing-comma"])
def test_hostile_json_is_one_error_or_a_profile_problem(text: str | bytes, words: str | None) -> None:
    try:
        data = loads_strict(text, "profile.json")
    except JsonTextError as exc:
        assert words is not None and words in str(exc)
        return
    assert words is None
    with pytest.raises(ProfileError) as caught:
        EnterpriseProfile.parse(data)
    assert caught.value.fields == ("employees",)
