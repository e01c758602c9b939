"""Plain-text explanations in Chinese: one benefit, and the whole report as a decision letter."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..engines.reference import Verdict
from . import zh
from .labels import BENEFICIARY, CATEGORY, OBTAINED_BY, REGIONS, kind, label, value_label
from .letter import groups, is_money, summary, totals
from .questions import questions
from .tree import Line, build, failing_leaves, leaf_text, undecidable_text

if TYPE_CHECKING:
    from .model import AmountOut, BenefitResult, EligibilityReport, GroupTotal

STATUS = {"eligible": "符合", "ineligible": "不符合", "undetermined": "待定", "not_in_force": "未生效"}
QUESTIONS_HEAD = "需补充的信息（按可判定的项目数排序）："
_UNIT_KINDS = {"元": "money", "人": "count", "ratio": "ratio", "%": "ratio", "年": "years"}


def facts_of(result: BenefitResult) -> dict[str, Verdict]:
    return {f.name: f.derivation for f in result.facts_used}


def amount_text(amount: AmountOut) -> str:
    """The figure in its unit, with its formula; or what is missing; then the description."""
    parts = []
    unit_kind = _UNIT_KINDS.get(amount.unit or "")
    if amount.value is not None:
        figure = zh.value(amount.value, unit_kind) if unit_kind else money_in(amount.value, amount.unit or "")
        formula = amount.formula if amount.formula and "=" in amount.formula else None
        parts.append(f"{figure}（{formula}）" if formula else figure)
    elif amount.formula:
        parts.append(f"待定：{amount.formula}")
    if amount.text:
        parts.append(zh.prose(amount.text))
    return "，".join(parts)


def money_in(value: Any, unit: str) -> str:
    """A figure in its unit: 元 units as money (``32,400元/年``, ``50万元（税前扣除额）``), others as written."""
    if is_money(unit) and isinstance(value, Decimal | int):
        return zh.money(value) + unit[1:]
    return f"{zh.value(value)}{unit}"


def total_text(total: GroupTotal) -> str:
    """A group's total: the known amounts summed per unit, then the benefits whose amount is unknown,
    those a field would give by name, the others (no figure in 元 in the rule) counted."""
    known = "，另 ".join(money_in(v, unit) for unit, v in total.sums.items())
    parts = [f"已知金额 {known}（{len(total.counted)} 项）" if total.counted else "无已知金额"]
    asked = [u for u in total.unknown if u.missing]
    if total.unknown:
        part = f"金额未知 {len(total.unknown)} 项"
        if asked:
            part += "，补充信息后可计算：" + "、".join(f"{u.title}（缺{'、'.join(label(m) for m in u.missing)}）" for u in asked)
        rest = len(total.unknown) - len(asked)
        if rest:
            part += f"；{rest} 项未定金额或只给比例" if asked else "（均未定金额或只给比例）"
        parts.append(part)
    return "合计：" + "；".join(parts)


def who_and_how(result: BenefitResult) -> str:
    beneficiary = BENEFICIARY.get(result.beneficiary, result.beneficiary)
    return (
        f"受益人：{beneficiary}；享受方式：{OBTAINED_BY.get(result.obtained_by, result.obtained_by)}；"
        f"类别：{CATEGORY.get(result.category, result.category)}"
    )


def window_lines(result: BenefitResult) -> list[str]:
    """Why a benefit is not in force: the windows that leave the date out (or every window)."""
    windows: list[Mapping[str, Any]] = list(getattr(result, "windows", None) or [])
    if windows:
        excluding = [w for w in windows if not w.get("contains_as_of")]
        shown = excluding or windows
        return ["  不在有效期内：" + "；".join(_window(w) for w in shown)]
    return ["  有效期：" + "；".join(_period(w) for w in result.in_force)]


def _window(w: Mapping[str, Any]) -> str:
    kind_zh = {"document": "文件", "measure": "本项措施", "national_figure": "国家标准"}.get(str(w.get("kind")), "")
    start, end = w.get("from") or "不限", w.get("until") or "不限"
    notice = f"，{w['notice']}" if w.get("notice") else ""
    name = zh.prose(str(w.get("name") or ""))
    return f"{kind_zh}{name} {start}至{end}{notice}"


def _period(text: str) -> str:
    return zh.prose(text.replace(" – ", "至").replace("…", "不限").replace("本项 ", "本项措施 "))


def tree_lines(line: Line, indent: str, expand_facts: bool = True) -> list[str]:
    out = [f"{indent}{line.mark} {line.text}"]
    for child in line.children:
        out.extend(tree_lines(child, indent + "  ", expand_facts))
    if expand_facts and line.derivation and line.deciding and line.value is not True:
        for sub in line.derivation:
            out.extend(_derivation(sub, indent + "    "))
    return out


def _derivation(line: Line, indent: str) -> list[str]:
    first, *rest = tree_lines(line, indent, expand_facts=False)
    return [first.replace(indent, indent + "推定：", 1), *rest]


def benefit_text(result: BenefitResult) -> str:
    lines = [f"【{STATUS[result.status]}】{result.title}", "  " + who_and_how(result)]
    if result.amount is not None and result.status in ("eligible", "undetermined"):
        text = amount_text(result.amount)
        if text:
            lines.append("  金额：" + text)
    if result.status == "not_in_force":
        lines.extend(window_lines(result))
    if result.verdict is not None:
        facts = facts_of(result)
        leaves = failing_leaves(result.verdict)
        if leaves:
            lines.append("  未满足：")
            lines.extend(f"    ✗ {leaf_text(leaf)}" for leaf in leaves)
        if result.missing:
            lines.append("  缺少信息：" + "、".join(label(m) for m in result.missing))
        for reason in result.undecidable:
            lines.append("  无法判定：" + undecidable_text(reason))
        lines.append("  判断过程：")
        lines.extend(tree_lines(build(result.verdict, facts), "    "))
    for param in result.parameters:
        notice = f"（{zh.prose(param.notice)}）" if param.notice else ""
        lines.append(f"  标准：{label(param.name)} {zh.value(param.value, kind(param.name))}{notice}")
    for src in result.sources:
        lines.append(f"  依据：《{src.document_title}》{src.article}：{src.quote}")
    if result.national_basis:
        lines.append("  国家文件：" + "；".join(result.national_basis))
    if result.note:
        lines.append(f"  解读：{zh.prose(result.note)}")
    return "\n".join(lines)


def _known_facts(facts: Mapping[str, Any]) -> str:
    shown = []
    for name, val in facts.items():
        if val is None:
            continue
        text = value_label(name, val) if isinstance(val, str) else zh.value(val, kind(name), name)
        if isinstance(val, Decimal | int) and not isinstance(val, bool):
            text = zh.value(val, kind(name))
        shown.append(f"{label(name)}：{text}")
    return "；".join(shown)


def report_text(report: EligibilityReport) -> str:
    grouped = groups(report.benefits)
    head = [
        f"地区：{REGIONS.get(report.region, report.region)}    评估日：{report.as_of}    规则版本：{report.rules_version}",
        "汇总：" + summary(grouped),
    ]
    known = _known_facts(report.facts)
    if known:
        head.append("推定的企业情况：" + known)
    body = []
    group_totals = {t.group: t for t in totals(report.benefits)}
    for group in grouped:
        if not group.benefits:
            continue
        body.append(f"━━ {group.title}（{len(group.benefits)} 项）━━")
        if group.key == "undetermined":  # what to ask first, then what the answers may be worth
            body.append(QUESTIONS_HEAD + "、".join(str(q) for q in questions(group.benefits)))
        if group.key in group_totals:
            body.append(total_text(group_totals[group.key]))
        body.extend(benefit_text(b) for b in group.benefits)
    return "\n".join(head) + "\n\n" + "\n\n".join(body)


__all__ = ["amount_text", "benefit_text", "money_in", "report_text", "total_text", "tree_lines", "who_and_how", "window_lines"]
