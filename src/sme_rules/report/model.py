"""What ``evaluate()`` returns: a report per enterprise, one result per benefit, each explained.

``EligibilityReport`` is a pydantic model, so ``model_dump(mode="json")`` is the wire format
(CONTRACT.md) and ``EligibilityReport.model_validate(data)`` reads it back. The records inside it
are frozen, slotted dataclasses: pydantic serialises and validates them all the same, and building
some sixty of them per evaluation costs a fraction of as many models. The text rendering is in
Chinese, and ``_repr_html_`` makes a report read well in a notebook.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from typing_extensions import TypedDict

from ..engines.reference import Verdict
from ..values import Number, Scalar

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
    verdict: Verdict | None
    facts_used: list[FactUse]
    parameters: list[ParameterUse]
    #: windows of the documents and of the rule itself
    in_force: list[str]
    note: str | None
    #: every window that decides whether the benefit is in force, each saying whether it holds on as_of
    windows: list[WindowOut] = field(default_factory=list)

    def to_text(self) -> str:
        lines = [f"【{STATUS_ZH[self.status]}】{self.title}（{self.id}）"]
        for src in self.sources:
            lines.append(f"  依据：《{src.document_title}》{src.article}：{src.quote}")
        if self.national_basis:
            lines.append("  国家文件：" + "；".join(self.national_basis))
        if self.status == "not_in_force":
            lines.append("  有效期：" + "；".join(self.in_force))
            lines.append("  不在有效期内：" + "；".join(_window_text(w) for w in _excluding(self.windows)))
            return "\n".join(lines)
        if self.verdict is not None:
            lines.append("  判断：")
            lines.extend(_tree_lines(self.verdict, "    "))
        for fact in self.facts_used:
            lines.append(f"  事实 {fact.title}（{fact.name}）= {_fmt(fact.value)}")
        for miss in self.failed:
            gap = f"（相差 {_fmt(miss.distance)}）" if miss.distance is not None else ""
            lines.append(f"  未满足：{miss.condition}，实际 {_fmt(miss.observed)}，标准 {_fmt(miss.threshold)}{gap}")
        if self.missing:
            lines.append("  缺少信息：" + "、".join(self.missing))
        for reason in self.undecidable:
            lines.append(f"  无法判定：{reason}")
        for param in self.parameters:
            lines.append(f"  参数 {param.title} = {_fmt(param.value)} {param.unit}（{param.notice or ''}）")
        if self.amount is not None and self.status == "eligible":
            value = f"{_fmt(self.amount.value)} {self.amount.unit or ''}".strip() if self.amount.value is not None else ""
            lines.append("  金额：" + "，".join(x for x in (value, self.amount.text or "") if x))
        if self.note:
            lines.append(f"  解读：{self.note}")
        return "\n".join(lines)


class EligibilityReport(BaseModel):
    region: str
    as_of: str
    rules_version: str
    facts: dict[str, Scalar]
    benefits: list[BenefitResult]
    engine: str = "durable"

    model_config = ConfigDict(frozen=True)

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
        head = [f"地区：{self.region}    日期：{self.as_of}    规则版本：{self.rules_version}"]
        known = {k: v for k, v in self.facts.items() if v is not None}
        head.append("事实：" + "，".join(f"{k}={_fmt(v)}" for k, v in known.items()))
        counts = {s: len(self.by_status(s)) for s in STATUS_ZH}
        head.append("汇总：" + "，".join(f"{STATUS_ZH[s]} {n}" for s, n in counts.items()))
        order = ["eligible", "undetermined", "ineligible", "not_in_force"]
        body = [b.to_text() for s in order for b in self.by_status(s)]
        return "\n".join(head) + "\n\n" + "\n\n".join(body)

    def _repr_html_(self) -> str:
        colour = {"eligible": "#1a7f37", "ineligible": "#cf222e", "undetermined": "#9a6700", "not_in_force": "#6e7781"}
        rows = []
        for b in self.benefits:
            why = ", ".join(b.missing) if b.status == "undetermined" else "; ".join(
                f"{m.condition} ({_fmt(m.observed)})" for m in b.failed
            )
            src = "; ".join(f"{s.article} {s.quote[:40]}" for s in b.sources)
            rows.append(
                f"<tr><td>{html.escape(b.title)}<br><code>{b.id}</code></td>"
                f"<td style='color:{colour[b.status]}'>{STATUS_ZH[b.status]}</td>"
                f"<td>{html.escape(why)}</td><td>{html.escape(src)}</td></tr>"
            )
        return (
            f"<div><b>{html.escape(self.region)}</b> {self.as_of} <small>{self.rules_version}</small>"
            "<table><thead><tr><th>政策</th><th>结果</th><th>原因 / 缺少</th><th>依据</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )


def _excluding(windows: list[WindowOut]) -> list[WindowOut]:
    """The windows that leave the date out: notice and document windows only when none of them holds."""
    alternatives = [w for w in windows if w["kind"] == "document" or (w["kind"] == "measure" and w["notice"])]
    out = alternatives if not any(w["contains_as_of"] for w in alternatives) else []
    return out + [w for w in windows if w not in alternatives and not w["contains_as_of"]]


def _window_text(window: WindowOut) -> str:
    return f"{window['name']} {window['from'] or '…'} – {window['until'] or '…'}"


def _fmt(value: Any) -> str:
    if value is None:
        return "未知"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _tree_lines(node: Verdict, indent: str) -> list[str]:
    mark = {True: "✓", False: "✗", None: "?"}.get(node.value if isinstance(node.value, bool) or node.value is None else True, "•")
    if node.op in ("field", "param", "const"):
        return []
    if node.op == "fact":
        return [f"{indent}{mark} {node.text}  [= {_fmt(node.value)}]"]
    observed = ""
    if node.op == "cmp":
        left = node.children[0] if node.children else None
        if left is not None and left.op in ("field", "fact"):
            observed = f"  [{left.name} = {_fmt(left.value)}]"
        if node.distance is not None and node.value is False:
            observed += f"  相差 {_fmt(node.distance)}"
    elif node.op in ("in", "startswith") and node.children:
        observed = f"  [{node.children[0].name} = {_fmt(node.children[0].value)}]"
    lines = [f"{indent}{mark} {node.text}{observed}"]
    if node.op in ("and", "or", "not"):
        for child in node.children:
            lines.extend(_tree_lines(child, indent + "  "))
    return lines


__all__ = ["AmountOut", "BenefitResult", "EligibilityReport", "FactUse", "NearMiss", "ParameterUse", "SourceOut", "WindowOut"]
