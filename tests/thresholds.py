"""Hypothesis strategies that draw enterprise profiles toward every threshold in the rules.

For each field the rules compare with a figure (a literal or a dated parameter on any date of
interest) the strategy draws the figure itself, one step either side, something far away, or
leaves the field out: where engines and readings most often part ways.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from sme_rules import ir
from sme_rules.profile import field_catalogue

STEP = {"money": Decimal("0.01"), "count": Decimal(1), "ratio": Decimal("0.01"), "years": Decimal("0.01")}
REGION_PREFIX = {"xizang": "54", "qinghai": "63", "xishuangbanna": "5328", "xinjiang": "65"}


def interesting_dates(rules: ir.RuleSet) -> list[dt.date]:
    """Every boundary of a document, benefit or parameter window, the day before it, and a mid date."""
    days: set[dt.date] = {dt.date(2022, 6, 1)}
    for doc in rules.documents.values():
        for bound in (doc.window.start, doc.window.end):
            if bound:
                days |= {bound, bound - dt.timedelta(days=1), bound + dt.timedelta(days=1)}
    for benefit in rules.benefits.values():
        for bound in (benefit.window.start, benefit.window.end):
            if bound:
                days |= {bound, bound - dt.timedelta(days=1)}
    for param in rules.parameters.values():
        for value in param.values:
            days |= {value.start, value.start - dt.timedelta(days=1)}
    return sorted(d for d in days if dt.date(2018, 1, 1) <= d <= dt.date(2031, 12, 31))


def thresholds(rules: ir.RuleSet, days: list[dt.date]) -> tuple[dict[str, set[Decimal]], set[str]]:
    """Figures compared with each numeric field, and every prefix a string field is tested for."""
    figures: dict[str, set[Decimal]] = {}
    prefixes: set[str] = set()
    exprs = [f.expr for f in rules.facts.values()] + [b.when for b in rules.benefits.values()]
    for expr in exprs:
        for node in ir.walk(expr):
            if isinstance(node, ir.StartsWith):
                prefixes.update(node.prefixes)
            if not isinstance(node, ir.Cmp):
                continue
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if not isinstance(side, ir.FieldRef):
                    continue
                if isinstance(other, ir.Const) and isinstance(other.value, Decimal):
                    figures.setdefault(side.name, set()).add(other.value)
                elif isinstance(other, ir.ParamRef):
                    for day in days:
                        pv = rules.parameters[other.name].at(day)
                        if pv is not None and isinstance(pv.value, Decimal):
                            figures.setdefault(side.name, set()).add(pv.value)
    return figures, prefixes


def _numeric(kind: str, figures: set[Decimal]) -> st.SearchStrategy[Any]:
    step = STEP.get(kind, Decimal(1))
    near: list[Decimal] = []
    for figure in sorted(figures):
        near += [figure - step, figure, figure + step]
    low, high = (Decimal(0), Decimal(1)) if kind == "ratio" else (Decimal(0), Decimal("1e10"))
    near = [n for n in near if low <= n <= high]
    if kind == "count":
        near_values: list[Any] = [int(n) for n in near]
        far: st.SearchStrategy[Any] = st.integers(0, 100_000)
    else:
        near_values = near
        places = 6 if kind == "ratio" else 2
        far = st.decimals(low, high, places=places, allow_nan=False, allow_infinity=False)
    choices = [st.sampled_from(near_values)] if near_values else []
    return st.one_of(*choices, far)


def profiles(rules: ir.RuleSet, region: str, days: list[dt.date], missing: float = 0.3) -> st.SearchStrategy[dict[str, Any]]:
    """Profiles for ``region``: fields the rules read, drawn toward their thresholds, often absent."""
    catalogue = field_catalogue()
    figures, prefixes = thresholds(rules, days)
    used: set[str] = set()
    for expr in [f.expr for f in rules.facts.values()] + [b.when for b in rules.benefits.values()]:
        used |= ir.refs(expr)[0]
    codes = sorted({p for p in prefixes if _valid_code(p)} | {"C13", "C16", "F51", "F52", "G592", "I65", "K701", "L72", "M73", "J66", "A01", "E48"})
    strategies: dict[str, st.SearchStrategy[Any]] = {}
    for name in sorted(used):
        spec = catalogue[name]
        if name == "industry_code":
            value: st.SearchStrategy[Any] = st.sampled_from(codes)
        elif name == "region_code":
            prefix = REGION_PREFIX[region]
            value = st.integers(0, 10 ** (6 - len(prefix)) - 1).map(lambda n, p=prefix: p + str(n).zfill(6 - len(p)))
        elif spec.kind == "bool":
            value = st.booleans()
        elif spec.choices:
            value = st.sampled_from(spec.choices)
        elif spec.kind == "str":
            value = st.text("abc", min_size=1, max_size=3)
        else:
            value = _numeric(spec.kind, figures.get(name, set()))
        strategies[name] = st.one_of(st.none(), value) if missing else value

    @st.composite
    def draw(draw_: st.DrawFn) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, strategy in strategies.items():
            if draw_(st.floats(0, 1)) < missing:
                continue
            value = draw_(strategy)
            if value is not None:
                out[name] = value
        return out

    return draw()


def _valid_code(prefix: str) -> bool:
    return len(prefix) == 1 or (prefix[0].isalpha() and prefix[1:].isdigit() and 2 <= len(prefix) - 1 <= 4)
