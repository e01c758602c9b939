"""For one enterprise, every date on which a benefit's status or figure changes, and why.

The candidate dates are the change points of the rules themselves: the first day of every dated
figure's value, and the first day and the day after the last of every window (national notices,
regional documents, a rule's own window). Between two such dates nothing the rules read can change,
so evaluating the profile on each of them finds every change, with the notices that make it.

>>> t = timeline({"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 120000},
...              "xizang", "2021-01-01", "2023-06-30")
>>> [(c.date, c.status_before, c.status_after) for c in t.changes if c.benefit == "vat_small_scale_exemption"]
[('2021-04-01', 'ineligible', 'eligible'), ('2022-04-01', 'eligible', 'eligible'), ('2023-01-01', 'eligible', 'ineligible')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from .api import evaluate_rules, parse_date, region_for
from .errors import DateError
from .language import ir
from .language.loader import load_region
from .profile import EnterpriseProfile
from .report.model import STATUS_ZH, BenefitResult
from .values import Scalar

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A dated figure a benefit reads, before and after the change, and the notice that sets it."""

    name: str
    title: str
    before: Scalar
    after: Scalar
    notice: str | None


@dataclass(frozen=True, slots=True)
class Change:
    """What changes for one benefit on one date."""

    date: str
    benefit: str
    title: str
    status_before: str
    status_after: str
    amount_before: Scalar
    amount_after: Scalar
    figures: list[FigureChange]
    #: the notices or documents whose window or figure starts or ends on this date
    notices: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        parts = [f"{self.date}  {self.title}（{self.benefit}）"]
        if self.status_before != self.status_after:
            parts.append(f"{STATUS_ZH[self.status_before]} → {STATUS_ZH[self.status_after]}")
        if self.amount_before != self.amount_after:
            parts.append(f"金额 {_fmt(self.amount_before)} → {_fmt(self.amount_after)}")
        for fig in self.figures:
            parts.append(f"{fig.title} {_fmt(fig.before)} → {_fmt(fig.after)}")
        if self.notices:
            parts.append("依据：" + "；".join(self.notices))
        return "；".join(parts)


class Timeline(BaseModel):
    """Every change in one enterprise's results between two dates, in date order."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    region: str
    start: str
    end: str
    rules_version: str
    #: each benefit's status on the first day
    initial: dict[str, str]
    changes: list[Change]

    def to_text(self) -> str:
        head = f"地区：{self.region}    期间：{self.start} 至 {self.end}    规则版本：{self.rules_version}"
        if not self.changes:
            return head + "\n期间内各项政策的结果没有变化"
        return head + "\n" + "\n".join(c.to_text() for c in self.changes)


def change_points(rules: ir.RuleSet) -> list[dt.date]:
    """Every date on which something the rules read may change (sorted, without repeats)."""
    days: set[dt.date] = set()
    for param in rules.parameters.values():
        days.update(v.start for v in param.values)
    windows: list[ir.Window] = [d.window for d in rules.documents.values()]
    for benefit in rules.benefits.values():
        windows.append(benefit.window)
        windows.extend(n.window for n in benefit.notices)
    for window in windows:
        if window.start is not None:
            days.add(window.start)
        if window.end is not None:
            days.add(window.end + ONE_DAY)
    return sorted(days)


def timeline(
    profile: Mapping[str, Any] | EnterpriseProfile,
    region: str | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
) -> Timeline:
    """Every date in ``start``–``end`` (inclusive) on which one of the enterprise's results changes.

    ``start`` defaults to today and ``end`` to ``start``; ``end`` before ``start`` is an error.
    """
    first = parse_date(start)
    last = parse_date(end) if end is not None else first
    if last < first:
        raise DateError(f"the timeline ends ({last}) before it starts ({first})")
    parsed = EnterpriseProfile.parse(profile)
    rules = load_region(region_for(parsed, region))
    days = [first, *(d for d in change_points(rules) if first < d <= last)]
    before = _results(rules, parsed, first)
    changes: list[Change] = []
    for day in days[1:]:
        after = _results(rules, parsed, day)
        changes.extend(_compare(rules, day, before, after))
        before = after
    initial = {bid: r.status for bid, r in _results(rules, parsed, first).items()}
    return Timeline(
        region=rules.region, start=first.isoformat(), end=last.isoformat(), rules_version=rules.version,
        initial=initial, changes=changes,
    )


def _results(rules: ir.RuleSet, profile: EnterpriseProfile, day: dt.date) -> dict[str, BenefitResult]:
    # the reference interpreter alone: evaluate() checks it against the durable engine on every call
    report = evaluate_rules(rules, profile, day, engine="python")
    return {b.id: b for b in report.benefits}


def _compare(rules: ir.RuleSet, day: dt.date, before: dict[str, BenefitResult], after: dict[str, BenefitResult]) -> Iterable[Change]:
    params_before = rules.params_at(day - ONE_DAY)
    params_after = rules.params_at(day)
    for bid, new in after.items():
        old = before[bid]
        benefit = rules.benefits[bid]
        amount_old = old.amount.value if old.amount is not None else None
        amount_new = new.amount.value if new.amount is not None else None
        figures = [
            FigureChange(
                name=name,
                title=rules.parameters[name].title,
                before=_value(params_before.get(name)),
                after=_value(params_after.get(name)),
                notice=_notice(params_after.get(name), params_before.get(name)),
            )
            for name in sorted(_figures_read(benefit))
            if _value(params_before.get(name)) != _value(params_after.get(name))
        ]
        if old.status == new.status and amount_old == amount_new and not figures:
            continue
        yield Change(
            date=day.isoformat(), benefit=bid, title=benefit.title, status_before=old.status, status_after=new.status,
            amount_before=amount_old, amount_after=amount_new, figures=figures,
            notices=_notices_changing(rules, benefit, day, figures),
        )


def _figures_read(benefit: ir.Benefit) -> set[str]:
    names = set(benefit.params)
    if benefit.amount is not None and benefit.amount.expr is not None:
        names |= ir.refs(benefit.amount.expr)[2]
    return names


def _value(found: ir.ParamValue | None) -> Scalar:
    return found.value if found is not None else None


def _notice(after: ir.ParamValue | None, before: ir.ParamValue | None) -> str | None:
    if after is not None:
        return after.notice
    return f"{before.notice} 止" if before is not None and before.notice else None


def _notices_changing(rules: ir.RuleSet, benefit: ir.Benefit, day: dt.date, figures: list[FigureChange]) -> list[str]:
    """The notices and documents whose window begins or has ended on ``day``, then the figures' notices."""
    out: list[str] = []
    windows = [(n.number, n.window) for n in benefit.notices]
    if not benefit.notices:
        windows += [(f"《{rules.documents[s.document].title}》", rules.documents[s.document].window) for s in benefit.sources]
    if benefit.window != ir.ALWAYS:
        windows.append((f"{benefit.title}（本项有效期）", benefit.window))
    for name, window in windows:
        if window.start == day:
            out.append(f"{name} 自{day.isoformat()}起施行")
        elif window.end is not None and window.end + ONE_DAY == day:
            out.append(f"{name} 执行至{window.end.isoformat()}")
    out.extend(f.notice for f in figures if f.notice)
    return list(dict.fromkeys(out))


def _fmt(value: Any) -> str:
    if value is None:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


__all__ = ["Change", "FigureChange", "Timeline", "change_points", "timeline"]
