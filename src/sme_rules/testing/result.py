"""The result of comparing two versions of the rules (:class:`RuleDiff`), as JSON (for CI) and as Chinese text (for people)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..report.model import STATUS_ZH
from ._oracle import ABSENT
from .behaviour import Behaviour, Transition
from .structure import BenefitChange, Change, Structure

_STATUS = {**STATUS_ZH, ABSENT: "无此项"}
_ASPECT = {
    "threshold": "门槛", "date": "日期", "condition": "条件", "article": "条款",
    "parameter": "参数", "benefit": "优惠", "document": "文件",
}
_DIRECTION = {"gain": "新获得", "lose": "失去", "change": "其他变化"}


@dataclass(frozen=True)
class RegionDiff:
    region: str
    name: str
    old_version: str | None  # None: the region is new
    new_version: str | None  # None: the region was removed
    structure: Structure | None
    behaviour: Behaviour | None


@dataclass(frozen=True)
class RuleDiff:
    old: str
    new: str
    regions: tuple[RegionDiff, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def structure_changed(self) -> bool:
        return any(
            r.old_version is None or r.new_version is None or (r.structure is not None and r.structure.changed)
            for r in self.regions
        )

    @property
    def behaviour_changed(self) -> bool:
        return any(r.behaviour is not None and r.behaviour.changed for r in self.regions)

    def to_json(self) -> dict[str, Any]:
        return to_json(self)

    def to_text(self) -> str:
        return to_text(self)


def plain(value: Any) -> Any:
    """JSON-ready: money and shares as numbers (exact for 2 and 6 decimals), days as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- JSON


def to_json(result: RuleDiff) -> dict[str, Any]:
    return {
        "old": result.old,
        "new": result.new,
        "structure_changed": result.structure_changed,
        "behaviour_changed": result.behaviour_changed,
        "ignored_columns": list(result.ignored_columns),
        "regions": [_region_json(r) for r in result.regions],
    }


def _region_json(region: RegionDiff) -> dict[str, Any]:
    return {
        "region": region.region,
        "name": region.name,
        "status": _region_status(region),
        "old_version": region.old_version,
        "new_version": region.new_version,
        "structure": None if region.structure is None else _structure_json(region.structure),
        "behaviour": None if region.behaviour is None else _behaviour_json(region.behaviour),
    }


def _region_status(region: RegionDiff) -> str:
    if region.old_version is None:
        return "added"
    if region.new_version is None:
        return "removed"
    changed = (region.structure is not None and region.structure.changed) or (
        region.behaviour is not None and region.behaviour.changed
    )
    return "changed" if changed else "unchanged"


def _change_json(change: Change) -> dict[str, Any]:
    return {"aspect": change.aspect, "subject": change.subject, "old": change.old, "new": change.new, "period": change.period}


def _structure_json(structure: Structure) -> dict[str, Any]:
    return {
        "parameters": [_change_json(c) for c in structure.parameters],
        "documents": [_change_json(c) for c in structure.documents],
        "benefits": [
            {"benefit": b.benefit, "title": b.title, "kind": b.kind, "location": b.location,
             "changes": [_change_json(c) for c in b.changes]}
            for b in structure.benefits
        ],
    }


def _behaviour_json(behaviour: Behaviour) -> dict[str, Any]:
    pop = behaviour.population
    return {
        "population": {"source": pop.source, "cases": pop.cases, "dates": plain(pop.dates), "seed": pop.seed},
        "benefits": [
            {
                "benefit": b.benefit, "title": b.title,
                "gain": b.count("gain"), "lose": b.count("lose"), "change": b.count("change"),
                "transitions": [_transition_json(t) for t in b.transitions],
            }
            for b in behaviour.benefits
        ],
    }


def _transition_json(t: Transition) -> dict[str, Any]:
    return {
        "old": t.old, "new": t.new, "direction": t.direction, "count": t.count,
        "as_of": t.as_of.isoformat(), "example": plain(t.example), "shrunk": t.shrunk,
    }


# --------------------------------------------------------------------------- text


def to_text(result: RuleDiff) -> str:
    verdict = "行为有变化" if result.behaviour_changed else "行为无变化"
    shape = "规则文本有变化" if result.structure_changed else "规则文本无变化"
    lines = [f"规则变更对比：{result.old} → {result.new}", f"结论：{verdict}；{shape}"]
    if result.ignored_columns:
        lines.append("样本中未使用的列（不是企业画像字段）：" + "、".join(result.ignored_columns))
    for region in result.regions:
        lines.append("")
        lines += _region_text(region)
    return "\n".join(lines)


def _region_text(region: RegionDiff) -> list[str]:
    head = f"■ {region.name}（{region.region}）"
    if region.old_version is None:
        return [f"{head}：新增地区 {region.new_version}"]
    if region.new_version is None:
        return [f"{head}：删除地区 {region.old_version}"]
    lines = [f"{head}  {region.old_version} → {region.new_version}"]
    if region.structure is not None:
        lines += _structure_text(region.structure)
    if region.behaviour is not None:
        lines += _behaviour_text(region.behaviour)
    return lines


def _structure_text(structure: Structure) -> list[str]:
    if not structure.changed:
        return ["  规则文本：无变化"]
    lines: list[str] = []
    if structure.parameters:
        lines.append("  参数变化")
        lines += [f"    · {_change_text(c)}" for c in structure.parameters]
    if structure.documents:
        lines.append("  文件变化")
        lines += [f"    · {_change_text(c)}" for c in structure.documents]
    if structure.benefits:
        lines.append("  优惠的规则变化")
        for benefit in structure.benefits:
            lines += _benefit_text(benefit)
    return lines


def _benefit_text(benefit: BenefitChange) -> list[str]:
    kind = {"added": "（新增）", "removed": "（删除）", "changed": ""}[benefit.kind]
    lines = [f"    · {benefit.benefit} {benefit.title}{kind}（{benefit.location}）"]
    lines += [f"        {_ASPECT.get(c.aspect, c.aspect)} {_change_text(c)}" for c in benefit.changes]
    return lines


def _change_text(change: Change) -> str:
    period = f"（{change.period}）" if change.period else ""
    head = f"{change.subject}{period}：" if change.subject or period else ""
    if change.old is None:
        return f"{head}新增 {change.new}"
    if change.new is None:
        return f"{head}删去 {change.old}"
    return f"{head}{change.old} → {change.new}"


def _behaviour_text(behaviour: Behaviour) -> list[str]:
    pop = behaviour.population
    source = f"生成样本，种子 {pop.seed}" if pop.source == "generated" else f"样本 {pop.source}"
    days = "、".join(d.isoformat() for d in pop.dates[:8]) + ("等" if len(pop.dates) > 8 else "")
    if not pop.dates:
        return ["  行为：无变化（两个版本在任何日期对任何企业的结论都相同）"]
    lines = [f"  行为变化（{source}，共 {pop.cases} 例（企业×日期）；评估日 {days}）"]
    if not behaviour.benefits:
        lines.append("    无：样本中没有企业的结论改变")
    for b in behaviour.benefits:
        counts = "，".join(f"{_DIRECTION[d]} {b.count(d)}" for d in ("gain", "lose", "change"))
        lines.append(f"    · {b.benefit} {b.title}：{counts}")
        for t in b.transitions:
            example = json.dumps(plain(t.example), ensure_ascii=False)
            label = "最小示例" if t.shrunk else "示例"
            lines.append(f"        {_STATUS[t.old]} → {_STATUS[t.new]}  {t.count} 例；{label}（{t.as_of}）：{example}")
    return lines


__all__ = ["RegionDiff", "RuleDiff", "plain", "to_json", "to_text"]
