"""The national layer: a national measure is encoded once, with its notices' windows, and restated.

A benefit with ``notices:`` is a national measure: it is in force on a date when one of its notices'
windows holds, whatever the regional documents say. A region's benefit with ``restates: <id>``
takes the measure's criteria, figures, amount and windows, adds the region's own article and quote
as its sources, and may narrow the criteria (``narrow:``) or the window (``in_force:``) where the
region's own text does. Every measure that no region benefit restates stays in the region's rule
set under its own id, so a region's report carries every national measure.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from . import ir

if TYPE_CHECKING:  # annotations only: the rule file schema is needed when a file is parsed, not at import
    from .schema import BenefitSpec, NoticeSpec


def notices(specs: list[NoticeSpec]) -> tuple[ir.Notice, ...]:
    return tuple(ir.Notice(n.notice, ir.Window(n.from_, n.until), n.note) for n in specs)


def basis(spec: BenefitSpec) -> tuple[str, ...]:
    """The national notices a measure cites: its own windows' notices, then any listed besides."""
    return tuple(dict.fromkeys([n.notice for n in spec.notices] + list(spec.national_basis)))


def restated(
    base: ir.Benefit,
    bid: str,
    spec: BenefitSpec,
    *,
    sources: tuple[ir.Source, ...],
    when: ir.Expr,
    window: ir.Window,
    examples: tuple[ir.Example, ...],
    location: Any,
    params: frozenset[str],
) -> ir.Benefit:
    """A region's benefit restating the national measure ``base`` (``when``: its condition, narrowed or not)."""
    given = spec.model_fields_set
    return ir.Benefit(
        id=bid,
        title=spec.title or base.title,
        title_en=spec.title_en if "title_en" in given else base.title_en,
        category=base.category,
        kind=spec.kind if "kind" in given else base.kind,
        obtained_by=base.obtained_by,
        beneficiary=spec.beneficiary if "beneficiary" in given else base.beneficiary,
        sources=sources,
        national_basis=base.national_basis,
        window=window,
        when=when,
        amount=base.amount,
        note=spec.note,
        examples=examples,
        location=location,
        params=params,
        notices=base.notices,
        restates=base.id,
        national_note=base.note,
    )


def param_runs(param: ir.Parameter) -> list[tuple[dt.date, dt.date | None, str | None]]:
    """The spans over which a parameter has a value: (first day, last day or None, first notice)."""
    runs: list[tuple[dt.date, dt.date | None, str | None]] = []
    start: ir.ParamValue | None = None
    for value in param.values:
        if value.value is None:
            if start is not None:
                runs.append((start.start, value.start - dt.timedelta(days=1), start.notice))
                start = None
        elif start is None:
            start = value
    if start is not None:
        runs.append((start.start, None, start.notice))
    return runs


def _window_record(kind: str, name: str, window: ir.Window, notice: str | None, day: dt.date) -> dict[str, Any]:
    return {
        "kind": kind,
        "name": name,
        "from": window.start.isoformat() if window.start else None,
        "until": window.end.isoformat() if window.end else None,
        "notice": notice,
        "contains_as_of": window.holds(day),
    }


def windows(rules: ir.RuleSet, benefit: ir.Benefit, day: dt.date) -> list[dict[str, Any]]:
    """Every window that decides whether ``benefit`` is in force, each saying whether it holds on ``day``.

    A national measure's windows are its notices'; a regional measure's are its documents'. Then the
    rule's own window, and the span over which each figure it reads has a value.
    """
    out: list[dict[str, Any]] = []
    if benefit.notices:
        for n in benefit.notices:
            out.append(_window_record("measure", f"{benefit.title}（{n.number}）", n.window, n.number, day))
    else:
        for doc_id in dict.fromkeys(s.document for s in benefit.sources):
            doc = rules.documents[doc_id]
            out.append(_window_record("document", f"《{doc.title}》", doc.window, doc.number, day))
    if benefit.window != ir.ALWAYS:
        out.append(_window_record("measure", f"{benefit.title}（本项有效期）", benefit.window, None, day))
    for name in sorted(benefit.params):
        param = rules.parameters[name]
        runs = param_runs(param)
        holding = [r for r in runs if ir.Window(r[0], r[1]).holds(day)]
        for start, end, notice in holding or runs:
            value = param.at(day) if holding else None
            name = param.label or param.title
            out.append(_window_record("national_figure", name, ir.Window(start, end), value.notice if value else notice, day))
    return out


__all__ = ["basis", "notices", "param_runs", "restated", "windows"]
