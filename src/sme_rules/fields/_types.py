"""Value types of profile fields.

Each numeric type carries a *unit kind* in its metadata so that the rule loader can check that a
rule compares money with money and heads with heads, and so the durable backend can scale values to
exact integers (money to 分, shares to millionths).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field


class UnitKind:
    """Marker placed in a field's metadata; ``kind`` is one of the names below."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"UnitKind({self.kind!r})"


MONEY = UnitKind("money")
COUNT = UnitKind("count")
RATIO = UnitKind("ratio")
YEARS = UnitKind("years")

#: the largest whole number every engine holds exactly: the vector engine counts in int64 units
#: (fen for money and years), so evaluate() and screen() accept exactly the same values
INT64_MAX = 2**63 - 1
MAX_HUNDREDTHS = Decimal(INT64_MAX).scaleb(-2)

#: yuan, exact, counted to the fen (0.01), never negative
Money = Annotated[Decimal, MONEY, Field(ge=0, le=MAX_HUNDREDTHS, decimal_places=2)]
#: yuan that may be negative (a loss is a negative taxable income)
SignedMoney = Annotated[Decimal, MONEY, Field(ge=-MAX_HUNDREDTHS, le=MAX_HUNDREDTHS, decimal_places=2)]
#: a head count or any whole number of things, never negative
Count = Annotated[int, COUNT, Field(ge=0, le=INT64_MAX, strict=True)]
#: a share in [0, 1], to a millionth
Ratio = Annotated[Decimal, RATIO, Field(ge=0, le=1, decimal_places=6)]
#: a duration in whole or part years
Years = Annotated[Decimal, YEARS, Field(ge=0, le=MAX_HUNDREDTHS, decimal_places=2)]
