"""What ``evaluate()`` returns: a report per enterprise, one result per benefit, each explained.

``EligibilityReport`` is a pydantic model, so ``model_dump(mode="json")`` is the wire format
(CONTRACT.md) and ``EligibilityReport.model_validate(data)`` reads it back. The records inside it
are frozen, slotted dataclasses: pydantic serialises and validates them all the same, and building
some sixty of them per evaluation costs a fraction of as many models. The text rendering is in
Chinese, and ``_repr_html_`` makes a report read well in a notebook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field
from typing_extensions import TypedDict

from ..engines.reference import Verdict
from ..values import Number, Scalar
from .letter import AmountUnknown, GroupTotal
from .questions import Question, questions

Status = Literal["eligible", "ineligible", "undetermined", "not_in_force"]
STATUS_ZH = {"eligible": "符合", "ineligible": "不符合", "undetermined": "待定（缺少信息）", "not_in_force": "未生效"}




@dataclass(frozen=True, slots=True)
class SourceOut:
    document: str  # the file name in docs/sources
    document_title: str
    article: str
    quote: str


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A comparison that failed: what was observed, the figure, and how far apart they are."""

    condition: str
    observed: Scalar
    threshold: Scalar
    distance: Number | None


@dataclass(frozen=True, slots=True)
class ParameterUse:
    name: str
    title: str
    value: Scalar
    unit: str
    notice: str | None


@dataclass(frozen=True, slots=True)
class FactUse:
    name: str
    title: str
    value: Scalar
    derivation: Verdict


@dataclass(frozen=True, slots=True)
class AmountOut:
    value: Number | None
    unit: str | None
    text: str | None
    #: the amount's expression with the enterprise's figures in place: ``2000 × 3 = 6000``
    formula: str | None = None
    #: profile fields whose absence leaves the amount unknown
    missing: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        """The figure in its unit with its formula, or what is missing to compute it; then the description."""
        from .render_text import amount_text

        return amount_text(self)


#: one window that decides whether a benefit is in force: a document's, the measure's own (a
#: national measure's: one per notice), or the span over which a national figure has a value
WindowOut = TypedDict(
    "WindowOut",
    {
        "kind": Literal["document", "measure", "national_figure"],
        "name": str,
        "from": "str | None",
        "until": "str | None",
        "notice": "str | None",
        "contains_as_of": bool,
    },
)


@dataclass(frozen=True, slots=True)
class BenefitResult:
    id: str
    status: Status
    title: str
    title_en: str | None
    category: str
    kind: str
    obtained_by: str
    beneficiary: str
    sources: list[SourceOut]
    national_basis: list[str]
    #: unknown fields that would decide an undetermined result
    missing: list[str]
    #: why an undetermined result cannot be decided although no field is missing: a table with
    #: no row for the enterprise (金融业 is outside the 划型标准), or a fact none of whose cases
    #: applies (industry code H cannot tell 住宿业 from 餐饮业)
    undecidable: list[str]
    failed: list[NearMiss]
    amount: AmountOut | None
    # optional so that a brief report (``sme-rules evaluate --brief``, the service's ``brief=true``),
    # which leaves the trees out, reads back with ``EligibilityReport.model_validate``
    verdict: Verdict | None = field(default=None, kw_only=True)
    facts_used: list[FactUse] = field(default_factory=list, kw_only=True)
    parameters: list[ParameterUse]
    #: windows of the documents and of the rule itself
    in_force: list[str]
    note: str | None
    #: every window that decides whether the benefit is in force, each saying whether it holds on as_of
    windows: list[WindowOut] = field(default_factory=list)
    #: the national measure this region's benefit restates (its amount is that measure's, counted once in a total)
    restates: str | None = field(default=None, kw_only=True)

    def to_text(self) -> str:
        """The explanation in Chinese: result, who and how, unmet conditions, the full reasoning, sources."""
        from .render_text import benefit_text

        return benefit_text(self)

    def _repr_html_(self) -> str:
        from .render_html import benefit_html

        return benefit_html(self)

    def __repr__(self) -> str:
        return f"<BenefitResult {self.id} {self.status}: {self.title}>"


#: each field of a result with the slot's own setter, in the class's order
_RESULT_SLOTS: tuple[tuple[str, Callable[[Any, Any], None]], ...] = tuple(
    (f.name, BenefitResult.__dict__[f.name].__set__) for f in fields(BenefitResult)
)


def benefit_result(values: Mapping[str, Any]) -> BenefitResult:
    """``BenefitResult(**values)`` with every field given, sooner: each slot set by its own setter.

    The frozen class's ``__init__`` sets each of its 21 fields through ``object.__setattr__``, and an
    evaluation builds one result per benefit; the object is the same, as frozen (a field missing
    from ``values`` is a ``KeyError``; tests/test_explain.py compares with the class's own).
    """
    result: BenefitResult = object.__new__(BenefitResult)
    for name, setter in _RESULT_SLOTS:
        setter(result, values[name])
    return result


class EligibilityReport(BaseModel):
    region: str
    as_of: str
    rules_version: str
    facts: dict[str, Scalar]
    benefits: list[BenefitResult]
    engine: str = "durable"

    model_config = ConfigDict(frozen=True, defer_build=True)  # its schema is built on first validation or dump, not at import

    @computed_field  # type: ignore[prop-decorator]
    @property
    def totals(self) -> list[GroupTotal]:
        """Per letter group that can be enjoyed or may be (可直接享受, 可申请, 由他方享受, 待补充信息): the
        known amounts in 元 summed, and the benefits whose amount is unknown with the fields that would give it."""
        from .letter import totals

        return totals(self.benefits)

    def status(self, benefit_id: str) -> str:
        """The status of one benefit; ``KeyError`` naming the valid ids if there is none."""
        return self.benefit(benefit_id).status

    def benefit(self, benefit_id: str) -> BenefitResult:
        for result in self.benefits:
            if result.id == benefit_id:
                return result
        raise KeyError(f"no benefit {benefit_id!r} in region {self.region}; ids: {', '.join(b.id for b in self.benefits)}")

    def by_status(self, status: str) -> list[BenefitResult]:
        return [b for b in self.benefits if b.status == status]

    def to_text(self) -> str:
        """The report as a decision letter in Chinese (summary, then 可直接享受 … 未生效, each sorted)."""
        from .render_text import report_text

        return report_text(self)

    def _repr_html_(self) -> str:
        from .render_html import report_html

        return report_html(self)

    def questions(self) -> list[Question]:
        """The unknown fields, those that most undetermined benefits read first: what to ask next."""
        return questions(self.benefits)

    def to_frame(self) -> Any:
        """One row per benefit in the letter's order (a pandas DataFrame; needs pandas)."""
        from .frame import to_frame

        return to_frame(self)


__all__ = ["AmountOut", "AmountUnknown", "BenefitResult", "EligibilityReport", "FactUse", "GroupTotal", "NearMiss", "ParameterUse", "SourceOut", "WindowOut"]
