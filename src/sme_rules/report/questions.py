"""What to ask next: the unknown fields, ordered by how many undetermined benefits each reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..profile import field_catalogue
from .labels import label

if TYPE_CHECKING:
    from .model import BenefitResult


@dataclass(frozen=True, slots=True)
class Question:
    """One unknown field: its label, what it means, and the undetermined benefits waiting on it."""

    field: str
    label: str
    description: str
    benefits: list[str]

    @property
    def count(self) -> int:
        return len(self.benefits)

    def __str__(self) -> str:
        return f"{self.label}（{self.count} 项待定）"


def questions(results: Iterable[BenefitResult]) -> list[Question]:
    """The missing fields of the undetermined results, most benefits first (then by label).

    A field counts for a benefit when the benefit's condition is unknown and reads it: knowing it
    decides the benefit or narrows what is still missing.
    """
    waiting: dict[str, list[str]] = {}
    for result in results:
        if result.status == "undetermined":
            for name in result.missing:
                waiting.setdefault(name, []).append(result.id)
    catalogue = field_catalogue()
    out = [
        Question(name, label(name), catalogue[name].description if name in catalogue else "", ids)
        for name, ids in waiting.items()
    ]
    return sorted(out, key=lambda q: (-q.count, q.label))


__all__ = ["Question", "questions"]
