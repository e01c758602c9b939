"""The decision letter's structure: benefits grouped by what the enterprise can do, each group sorted.

可直接享受 (免申即享, conditions met) · 可申请 (an application, recognition or selection, conditions
met) · 由他方享受 (met, but the beneficiary is the lender, an investor, an employee or a graduate, not the
enterprise) · 待补充信息 · 不符合 · 未生效. The text, the HTML and the frame all use this order.

Each group whose amounts the letter shows (all but 不符合 and 未生效) has a total (:func:`totals`):
its known amounts summed per unit, exact to the fen (元 and 元/年 are never added together), and
the benefits whose amount is unknown, each with the fields that would give it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from ..values import Number

if TYPE_CHECKING:
    from .model import BenefitResult

#: (key, Chinese heading) in the letter's order
GROUPS: tuple[tuple[str, str], ...] = (
    ("direct", "可直接享受"),
    ("apply", "可申请"),
    ("others", "由他方享受"),
    ("undetermined", "待补充信息"),
    ("ineligible", "不符合"),
    ("not_in_force", "未生效"),
)
GROUP_ZH = dict(GROUPS)
_OWN = ("enterprise", "individual_business")
_CATEGORY_ORDER = ("tax", "fee", "social_insurance", "subsidy", "finance", "procurement", "land", "service", "programme")


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    title: str
    benefits: list[BenefitResult]


def group_of(result: BenefitResult) -> str:
    """The letter group a result belongs to."""
    if result.status == "eligible":
        if result.beneficiary not in _OWN:
            return "others"
        return "direct" if result.obtained_by == "automatic" else "apply"
    return result.status


def sort_key(result: BenefitResult) -> tuple[int, int, int, int, str]:
    """Entitlements before programmes, amounts before none, fewest missing fields first, then by category."""
    amount = result.amount
    amount_rank = 2 if amount is None else (0 if amount.value is not None else 1)
    category = _CATEGORY_ORDER.index(result.category) if result.category in _CATEGORY_ORDER else len(_CATEGORY_ORDER)
    return (result.kind != "benefit", amount_rank, len(result.missing), category, result.title)


def groups(results: Iterable[BenefitResult], keys: Iterable[str] | None = None) -> list[Group]:
    """Every group in the letter's order (empty groups included), each sorted by :func:`sort_key`;
    with ``keys``, only those groups (the others are not sorted either)."""
    wanted = [key for key, _ in GROUPS] if keys is None else list(keys)
    found: dict[str, list[BenefitResult]] = {key: [] for key in wanted}
    for result in results:
        members = found.get(group_of(result))
        if members is not None:
            members.append(result)
    return [Group(key, GROUP_ZH[key], sorted(found[key], key=sort_key)) for key in wanted]


@dataclass(frozen=True, slots=True)
class AmountUnknown:
    """A benefit of a letter group whose amount is not a known sum of money."""

    benefit: str
    title: str
    #: the profile fields that would give the amount; empty when the rule gives no figure in 元
    #: (a rate such as 15%, or a description only)
    missing: list[str]


@dataclass(frozen=True, slots=True)
class GroupTotal:
    """The known amounts of one letter group summed, and the benefits whose amount is unknown."""

    #: the letter group (``direct`` 可直接享受, ``apply`` 可申请, ``others`` 由他方享受, ``undetermined`` 待补充信息)
    group: str
    title: str
    #: the known amounts summed per unit (``元``, ``元/年`` …), exact to the fen; units are never mixed
    sums: dict[str, Number]
    #: the benefits whose amounts are in ``sums``
    counted: list[str]
    unknown: list[AmountUnknown]


#: the groups whose amounts the letter shows, and so totals
TOTALLED = ("direct", "apply", "others", "undetermined")
_FEN = Decimal("0.01")


def is_money(unit: str | None) -> bool:
    """An amount in 元 (``元``, ``元/年`` …), not a rate or a count."""
    return unit is not None and unit.startswith("元")


def totals(results: Iterable[BenefitResult]) -> list[GroupTotal]:
    """Each totalled group in the letter's order: its known amounts summed per unit, and the benefits
    whose amount is unknown (with the fields that would give it, none when the rule gives no figure in 元).
    Benefits restating one national measure (two articles citing it) count once, as the first of them."""
    out = []
    for group in groups(results, TOTALLED):
        sums: dict[str, Decimal] = {}
        counted: list[str] = []
        unknown: list[AmountUnknown] = []
        seen: set[str] = set()
        for result in group.benefits:
            measure = result.restates or result.id
            if measure in seen:  # two articles restating one national measure: one amount
                continue
            seen.add(measure)
            amount = result.amount
            if amount is not None and amount.value is not None and is_money(amount.unit):
                unit = amount.unit or "元"
                sums[unit] = sums.get(unit, Decimal(0)) + Decimal(amount.value)
                counted.append(result.id)
            else:
                missing = list(amount.missing) if amount is not None and is_money(amount.unit) else []
                unknown.append(AmountUnknown(result.id, result.title, missing))
        # 元 first, then the other money units (元/年, 元（税前扣除额）), each summed on its own
        exact = {unit: _whole_or_fen(sums[unit]) for unit in sorted(sums, key=lambda u: (u != "元", u))}
        out.append(GroupTotal(group.key, group.title, exact, counted, unknown))
    return out


def _whole_or_fen(value: Decimal) -> Decimal:
    """A sum as the amounts are written: whole yuan without a decimal point, else to the fen (四舍五入)."""
    exponent = Decimal(1) if value == value.to_integral_value() else _FEN
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


def summary(grouped: list[Group]) -> str:
    total = sum(len(g.benefits) for g in grouped)
    parts = "，".join(f"{g.title} {len(g.benefits)} 项" for g in grouped)
    return f"共 {total} 项：{parts}"


__all__ = ["GROUPS", "GROUP_ZH", "TOTALLED", "AmountUnknown", "Group", "GroupTotal", "group_of", "groups", "is_money", "sort_key", "summary", "totals"]
