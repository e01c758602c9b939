"""HTML for notebooks: the decision letter with counts, full quotes and collapsible reasoning.

Everything is left-aligned (Jupyter right-aligns table cells by default, which breaks Chinese
paragraphs), so the letter is a sequence of ``<details>`` blocks rather than a table.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from . import zh
from .labels import REGIONS, kind, label
from .letter import groups, summary, totals
from .questions import questions
from .render_text import QUESTIONS_HEAD, STATUS, amount_text, facts_of, total_text, who_and_how, window_lines
from .tree import Line, build, failing_leaves, leaf_text, undecidable_text

if TYPE_CHECKING:
    from .model import BenefitResult, EligibilityReport

_COLOUR = {"eligible": "#1a7f37", "ineligible": "#cf222e", "undetermined": "#9a6700", "not_in_force": "#6e7781"}
_MARK_COLOUR = {"✓": "#1a7f37", "✗": "#cf222e", "?": "#9a6700", "•": "#6e7781"}
_BOX = "text-align:left;margin:0.2em 0 0.2em 1.2em"


def _line(line: Line) -> str:
    mark = f"<span style='color:{_MARK_COLOUR[line.mark]}'>{line.mark}</span> {escape(line.text)}"
    inner = "".join(_line(c) for c in line.children)
    if line.derivation:
        failing = line.deciding and line.value is not True
        derivation = "".join(_line(d) for d in line.derivation)
        inner += (
            f"<details{' open' if failing else ''} style='{_BOX}'><summary>推定依据</summary>{derivation}</details>"
        )
    if not inner:
        return f"<div style='{_BOX}'>{mark}</div>"
    return f"<details open style='{_BOX}'><summary>{mark}</summary>{inner}</details>"


def _rows(result: BenefitResult) -> list[str]:
    rows = [escape(who_and_how(result))]
    if result.amount is not None and result.status in ("eligible", "undetermined"):
        text = amount_text(result.amount)
        if text:
            rows.append("金额：" + escape(text))
    if result.status == "not_in_force":
        rows.extend(escape(w.strip()) for w in window_lines(result))
    if result.verdict is not None:
        leaves = failing_leaves(result.verdict)
        if leaves:
            rows.append("未满足：" + "；".join(f"✗ {escape(leaf_text(leaf))}" for leaf in leaves))
        if result.missing:
            rows.append("缺少信息：" + escape("、".join(label(m) for m in result.missing)))
        rows.extend("无法判定：" + escape(undecidable_text(r)) for r in result.undecidable)
    return rows


def benefit_html(result: BenefitResult, *, opened: bool = True) -> str:
    """One result: open on its own, one summary line per result inside the letter."""
    colour = _COLOUR[result.status]
    head = f"<b style='color:{colour}'>【{STATUS[result.status]}】</b>{escape(result.title)}"
    body = "".join(f"<div style='{_BOX}'>{row}</div>" for row in _rows(result))
    if result.verdict is not None:
        tree = _line(build(result.verdict, facts_of(result)))
        body += f"<details style='{_BOX}'><summary>判断过程</summary>{tree}</details>"
    sources = "".join(
        f"<div style='{_BOX}'>《{escape(s.document_title)}》{escape(s.article)}：{escape(s.quote)}</div>" for s in result.sources
    )
    extra = "".join(
        f"<div style='{_BOX}'>标准：{escape(label(p.name))} {escape(zh.value(p.value, kind(p.name)))}"
        f"{'（' + escape(zh.prose(p.notice)) + '）' if p.notice else ''}</div>"
        for p in result.parameters
    )
    if result.national_basis:
        extra += f"<div style='{_BOX}'>国家文件：{escape('；'.join(result.national_basis))}</div>"
    if result.note:
        extra += f"<div style='{_BOX}'>解读：{escape(zh.prose(result.note))}</div>"
    body += f"<details style='{_BOX}'><summary>依据与解读</summary>{sources}{extra}</details>"
    state = " open" if opened else ""
    return f"<details{state} style='text-align:left' title='{escape(result.id)}'><summary>{head}</summary>{body}</details>"


def report_html(report: EligibilityReport) -> str:
    grouped = groups(report.benefits)
    region = REGIONS.get(report.region, report.region)
    parts = [
        f"<div style='text-align:left'><b>{escape(region)}</b> 评估日 {escape(report.as_of)} "
        f"<small>{escape(report.rules_version)}</small>",
        f"<p style='text-align:left'>{escape(summary(grouped))}</p>",
    ]
    group_totals = {t.group: t for t in totals(report.benefits)}
    for group in grouped:
        if not group.benefits:
            continue
        items = "".join(benefit_html(b, opened=False) for b in group.benefits)
        if group.key in group_totals:
            items = f"<p style='text-align:left'>{escape(total_text(group_totals[group.key]))}</p>" + items
        if group.key == "undetermined":  # what to ask first, then what the answers may be worth
            asked = "、".join(str(q) for q in questions(group.benefits))
            items = f"<p style='text-align:left'>{escape(QUESTIONS_HEAD + asked)}</p>" + items
        parts.append(
            f"<details{' open' if group.key != 'not_in_force' else ''} style='text-align:left'>"
            f"<summary><b>{escape(group.title)}（{len(group.benefits)} 项）</b></summary>{items}</details>"
        )
    parts.append("</div>")
    return "".join(parts)


__all__ = ["benefit_html", "report_html"]
