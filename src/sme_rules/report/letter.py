"""The decision letter's structure: benefits grouped by what the enterprise can do, each group sorted.

可直接享受 (免申即享, conditions met) · 可申请 (an application, recognition or selection, conditions
met) · 由他方享受 (met, but the beneficiary is the lender, an investor, an employee or a graduate, not the
enterprise) · 待补充信息 · 不符合 · 未生效. The text, the HTML and the frame all use this order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def groups(results: Iterable[BenefitResult]) -> list[Group]:
    """Every group in the letter's order (empty groups included), each sorted by :func:`sort_key`."""
    found: dict[str, list[BenefitResult]] = {key: [] for key, _ in GROUPS}
    for result in results:
        found[group_of(result)].append(result)
    return [Group(key, title, sorted(found[key], key=sort_key)) for key, title in GROUPS]


def summary(grouped: list[Group]) -> str:
    total = sum(len(g.benefits) for g in grouped)
    parts = "，".join(f"{g.title} {len(g.benefits)} 项" for g in grouped)
    return f"共 {total} 项：{parts}"


__all__ = ["GROUPS", "GROUP_ZH", "Group", "group_of", "groups", "sort_key", "summary"]
