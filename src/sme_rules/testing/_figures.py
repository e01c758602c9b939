"""What a rule set compares its inputs with, and when it changes.

Strategies draw profiles toward these figures and dates toward these boundaries; the diff uses the
same walk to tell which benefits could behave differently between two versions on a given day.
Nothing here imports hypothesis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..language import ir

_DAY = dt.timedelta(days=1)


@dataclass
class Figures:
    """Per profile field: the numbers, strings and prefixes that some condition compares it with."""

    numbers: dict[str, set[Decimal]] = field(default_factory=dict)
    strings: dict[str, set[str]] = field(default_factory=dict)
    prefixes: dict[str, set[str]] = field(default_factory=dict)
    fields: set[str] = field(default_factory=set)


def figures(rule_sets: Iterable[ir.RuleSet], days: Iterable[dt.date] | None = None) -> Figures:
    """The figures of every fact and benefit condition; a parameter counts with its value on each
    of ``days``, or with every value it ever had when ``days`` is ``None``."""
    out = Figures()
    day_list = None if days is None else list(days)
    for rules in rule_sets:
        for expr in conditions(rules):
            for node in ir.walk(expr):
                _collect(node, rules, day_list, out)
    return out


def conditions(rules: ir.RuleSet) -> list[ir.Expr]:
    """Every expression that decides a status: fact definitions and benefit conditions."""
    return [f.expr for f in rules.facts.values()] + [b.when for b in rules.benefits.values()]


def _collect(node: ir.Expr, rules: ir.RuleSet, days: list[dt.date] | None, out: Figures) -> None:
    if isinstance(node, ir.FieldRef):
        out.fields.add(node.name)
    elif isinstance(node, ir.Cmp):
        for subject, other in ((node.left, node.right), (node.right, node.left)):
            if not isinstance(subject, ir.FieldRef):
                continue
            for value in _figure_values(other, rules, days):
                if isinstance(value, Decimal):
                    out.numbers.setdefault(subject.name, set()).add(value)
                elif isinstance(value, str):
                    out.strings.setdefault(subject.name, set()).add(value)
    elif isinstance(node, ir.In) and isinstance(node.item, ir.FieldRef):
        for option in node.options:
            if isinstance(option.value, str):
                out.strings.setdefault(node.item.name, set()).add(option.value)
            elif isinstance(option.value, Decimal):
                out.numbers.setdefault(node.item.name, set()).add(option.value)
    elif isinstance(node, ir.StartsWith) and isinstance(node.item, ir.FieldRef):
        out.prefixes.setdefault(node.item.name, set()).update(node.prefixes)


def _figure_values(expr: ir.Expr, rules: ir.RuleSet, days: list[dt.date] | None) -> list[object]:
    if isinstance(expr, ir.Const) and not isinstance(expr.value, bool):
        return [expr.value]
    if isinstance(expr, ir.ParamRef) and expr.name in rules.parameters:
        param = rules.parameters[expr.name]
        if days is None:
            return [v.value for v in param.values if v.value is not None and not isinstance(v.value, bool)]
        found = (param.at(day) for day in days)
        return [v.value for v in found if v is not None and not isinstance(v.value, bool)]
    return []


# --------------------------------------------------------------------------- time


def epoch_starts(rules: ir.RuleSet) -> set[dt.date]:
    """Days on which something in ``rules`` starts or stops applying.

    Between two consecutive starts nothing about the rules changes, so evaluating on each start
    (and once before the first) covers every date a profile could be asked about.
    """
    days: set[dt.date] = set()
    windows = [d.window for d in rules.documents.values()] + [b.window for b in rules.benefits.values()]
    for window in windows:
        if window.start is not None:
            days.add(window.start)
        if window.end is not None:
            days.add(window.end + _DAY)
    for param in rules.parameters.values():
        days.update(v.start for v in param.values)
    return days


def epochs(rule_sets: Iterable[ir.RuleSet]) -> list[dt.date]:
    """One day in each period over which every rule set given stays the same, in order."""
    starts: set[dt.date] = set()
    for rules in rule_sets:
        starts |= epoch_starts(rules)
    if not starts:
        return [dt.date(2000, 1, 1)]
    return [min(starts) - _DAY, *sorted(starts)]


# --------------------------------------------------------------------------- what a benefit reads


def facts_behind(rules: ir.RuleSet, expr: ir.Expr) -> list[str]:
    """The facts ``expr`` reads, directly or through other facts, in the rule set's order."""
    wanted: set[str] = set()
    stack = list(ir.refs(expr)[1])
    while stack:
        name = stack.pop()
        if name in wanted or name not in rules.facts:
            continue
        wanted.add(name)
        stack.extend(rules.facts[name].depends_on)
    return [name for name in rules.facts if name in wanted]


def fields_behind(rules: ir.RuleSet, benefit: str) -> set[str]:
    """The profile fields a benefit's status can depend on."""
    when = rules.benefits[benefit].when
    names = set(ir.refs(when)[0])
    for fact in facts_behind(rules, when):
        names |= ir.refs(rules.facts[fact].expr)[0]
    return names


def signature(rules: ir.RuleSet, benefit: str, day: dt.date, params: dict[str, ir.ParamValue]) -> tuple[object, ...]:
    """Everything a benefit's status on ``day`` depends on apart from the profile.

    Two versions with equal signatures give every profile the same status, because IR nodes
    compare by structure (their source spans are left out of equality).
    """
    found = rules.benefits.get(benefit)
    if found is None or not rules.in_force(found, day, params):
        return ("not_in_force",)  # a benefit a version lacks applies to nobody, like one not in force
    facts = facts_behind(rules, found.when)
    used = sorted(found.params)
    return (
        found.when,
        tuple((name, rules.facts[name].expr) for name in facts),
        tuple((name, params[name].value) for name in used),
    )


def changed_benefits(old: ir.RuleSet, new: ir.RuleSet, day: dt.date) -> list[str]:
    """Benefits whose status could differ between ``old`` and ``new`` for some profile on ``day``."""
    old_params, new_params = old.params_at(day), new.params_at(day)
    names = list(old.benefits) + [b for b in new.benefits if b not in old.benefits]
    return [b for b in names if signature(old, b, day, old_params) != signature(new, b, day, new_params)]


__all__ = [
    "Figures",
    "changed_benefits",
    "conditions",
    "epoch_starts",
    "epochs",
    "facts_behind",
    "fields_behind",
    "figures",
    "signature",
]
