"""The profile's JSON Schema, built from the field catalogue so that it accepts what ``parse()`` accepts.

``EnterpriseProfile.model_json_schema()`` is pydantic's view of the model, and it disagrees with
``EnterpriseProfile.parse`` at the edges: it takes ``150000.001`` and ``"abc"`` for money and
``"C51"`` for an industry code, and refuses ``"30人"``. This schema is what a caller in another
language validates against, so it says what ``parse`` says, field by field:

- money: a number ≥ 0 that is a whole number of fen (``multipleOf`` 0.01), or a quantity string
  (``"15万"``, ``"2000元"``) whose value is;
- head counts: a whole number ≥ 0 (``30``, ``30.0``) or a quantity string (``"30人"``, ``"1.5万"``);
- shares: a number in [0, 1] to a millionth, or ``"60%"``; years: ≥ 0 to two decimals;
- yes-or-no: ``true`` or ``false``; choices: one of the listed strings, exactly;
- codes: GB/T 2260 (six digits) and GB/T 4754-2017 (a section letter, optionally with a division of
  that section and up to two more digits), with surrounding spaces, which ``parse`` strips;
- any field may be ``null`` or absent, which means unknown; no other field is allowed.

tests/test_wire_schema.py checks the two against each other on drawn profiles.
"""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any

import annotated_types

from ..profile import DIVISIONS, EnterpriseProfile, FieldSpec, field_catalogue
from ..units import suffixes_of
from .quantity import CODE_SPACE, Bounds, char_class, quantity_pattern

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: what each numeric kind is, in words, for the schema's readers
_KIND_WORDS = {
    "money": "金额（元），精确到分；可写数字或带单位的字符串，如 150000、\"15万\"、\"2000元\"",
    "count": "人数或个数，非负整数；可写 30 或 \"30人\"、\"1.5万\"",
    "ratio": "比例，0 至 1，精确到百万分之一；可写 0.6 或 \"60%\"",
    "years": "年数，非负，精确到 0.01 年；可写 3 或 \"3年\"",
}


def profile_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a profile as the library reads it."""
    definitions: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for name, spec in field_catalogue().items():
        value = _value_schema(name, spec, definitions)
        properties[name] = {"title": spec.label, "description": spec.description, "anyOf": [value, {"type": "null"}]}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "urn:sme-rules:schema:profile",
        "title": "EnterpriseProfile",
        "description": "一个企业的已知情况。每个字段都可省略或为 null，表示未知（不按 0 或否处理）。",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": dict(sorted(definitions.items())),
    }


def _value_schema(name: str, spec: FieldSpec, definitions: dict[str, Any]) -> dict[str, Any]:
    if spec.kind == "bool":
        return {"type": "boolean"}
    if spec.kind == "str":
        if spec.choices is not None:
            return {"enum": list(spec.choices)}
        pattern = _CODE_PATTERNS.get(name)
        if pattern is None:  # a new free-text field: say what it takes before publishing it
            raise TypeError(f"profile field {name!r} is free text; give it a pattern in wire/profile_schema.py")
        return {"type": "string", "pattern": pattern()}
    bounds = field_bounds(name)
    title = ("" if bounds.non_negative else "Signed") + spec.kind.capitalize()
    if title not in definitions:
        definitions[title] = _number_schema(spec.kind, bounds)
    return {"$ref": f"#/$defs/{title}"}


def _number_schema(kind: str, bounds: Bounds) -> dict[str, Any]:
    number: dict[str, Any] = {"type": "integer"} if kind == "count" else {"type": "number"}
    if bounds.non_negative:
        number["minimum"] = 0
    if bounds.at_most_one:
        number["maximum"] = 1
    if kind != "count":
        number["multipleOf"] = float(Decimal(1).scaleb(-bounds.places))
    # only the suffixes parse() lets this kind carry: no 60% for money, no 万 or 元 for a head count
    multipliers, units = suffixes_of(kind)
    text = {"type": "string", "pattern": quantity_pattern(bounds, multipliers, units)}
    words = _KIND_WORDS[kind] + ("" if bounds.non_negative else "；可为负数")
    return {"description": words, "anyOf": [number, text]}


def field_bounds(name: str) -> Bounds:
    """A numeric field's bounds and decimal places, read from its annotation's constraints."""
    found: dict[str, Any] = {}
    _collect(EnterpriseProfile.model_fields[name].annotation, found)
    places = found.get("decimal_places")
    return Bounds(
        places=0 if places is None else int(places),
        non_negative=found.get("ge") == 0,
        at_most_one=found.get("le") == 1,
    )


def _collect(annotation: Any, found: dict[str, Any]) -> None:
    """Walk ``Optional[Annotated[Decimal, ..., Field(ge=0, decimal_places=2)]]`` for its constraints."""
    for arg in typing.get_args(annotation):
        _collect(arg, found)
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in annotation.__metadata__:
            for item in [meta, *getattr(meta, "metadata", ())]:
                if isinstance(item, annotated_types.Ge):
                    found["ge"] = item.ge
                elif isinstance(item, annotated_types.Le):
                    found["le"] = item.le
                elif getattr(item, "decimal_places", None) is not None:
                    found["decimal_places"] = item.decimal_places


def _region_code_pattern() -> str:
    space = char_class(CODE_SPACE) + "*"
    return f"^{space}[0-9]{{6}}{space}$"


def _industry_code_pattern() -> str:
    """A section letter, or a letter with a division the section holds and up to two more digits."""
    space = char_class(CODE_SPACE) + "*"
    sections = []
    for letter, (low, high) in DIVISIONS.items():
        divisions = "|".join(f"{d:02d}" for d in range(low, high + 1))
        sections.append(f"{letter}(?:(?:{divisions})[0-9]{{0,2}})?")
    return f"^{space}(?:{'|'.join(sections)}){space}$"


_CODE_PATTERNS = {"region_code": _region_code_pattern, "industry_code": _industry_code_pattern}

__all__ = ["SCHEMA_DIALECT", "field_bounds", "profile_schema"]
