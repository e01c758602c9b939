"""Value types shared by the engines' verdicts and the report.

Numbers are exact ``Decimal`` inside and go out as JSON numbers: integers stay integers and
150000.01 prints as 150000.01 (money has at most 2 decimals and shares 6, so a float's shortest
repr carries them unchanged).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


Number = Annotated[Decimal, PlainSerializer(_number, return_type=int | float, when_used="json")]
#: a value observed in a verdict: a field, a fact, a parameter or a literal
Scalar = bool | int | Number | str | None

__all__ = ["Number", "Scalar"]
