"""Verdict trees → explanations: near misses, missing fields, facts and figures used.

The verdict trees of the reference interpreter go into the report as they are (pydantic serialises
the dataclasses directly); what does not depend on the profile (sources, windows) is built once per
rule set, so a full explanation costs little more than the evaluation itself.
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from ..engines.compiled import evaluate_compiled
from ..engines.reference import Env, Verdict, unknown_inputs
from ..language import ir
from ..language.national import windows as benefit_windows
from ..profile import field_catalogue
from .amount import applied, figures_of, formula, unknown_text
from .labels import label, register
from .model import AmountOut, BenefitResult, FactUse, NearMiss, ParameterUse, SourceOut
from .tree import failing_leaves


def near_misses(verdict: Verdict) -> list[NearMiss]:
    """The leaves that made a false verdict false, each with what was observed and the figure.

    A yes/no field or fact that is false (or true under a ``not``) is a leaf like a comparison:
    its observed value is the field's, its figure the value the condition needed.
    """
    out: list[NearMiss] = []
    for leaf in failing_leaves(verdict):
        if leaf.op in ("cmp", "in", "startswith"):
            left = leaf.children[0] if leaf.children else None
            right = leaf.children[1] if len(leaf.children) > 1 else None
            out.append(
                NearMiss(
                    condition=leaf.text,
                    observed=left.value if left else None,
                    threshold=right.value if right else None,
                    distance=leaf.distance,
                )
            )
        else:
            out.append(NearMiss(condition=leaf.text, observed=leaf.value, threshold=not leaf.value, distance=None))
    return out


def _fact_names(verdict: Verdict) -> list[str]:
    names: dict[str, None] = {}
    _visit_fact_names(verdict, names)
    return list(names)


# a module-level walk, not a nested closure: a recursive closure is a reference cycle that only the
# cyclic collector frees (tests/test_evaluate_speed_paths.py keeps evaluate() free of them)
def _visit_fact_names(node: Verdict, names: dict[str, None]) -> None:
    if node.op == "fact" and node.name:
        names[node.name] = None
    for child in node.children:
        _visit_fact_names(child, names)


def figure_spans(param: ir.Parameter) -> str:
    """The spans over which a parameter has a value: 2022-01-01至2022-12-31（notice）; …"""
    spans = []
    for i, pv in enumerate(param.values):
        if pv.value is None:
            continue
        end = param.values[i + 1].start - dt.timedelta(days=1) if i + 1 < len(param.values) else None
        notice = f"（{pv.notice}）" if pv.notice else ""
        spans.append(f"{pv.start.isoformat()}至{end.isoformat() if end else '今'}{notice}")
    return "；".join(spans) or "任何日期都没有"


class _Static:
    """What a benefit's explanation holds whatever the profile: built once per rule set."""

    __slots__ = ("common", "params")

    def __init__(self, benefit: ir.Benefit, rules: ir.RuleSet) -> None:
        sources = [
            SourceOut(
                document=s.file, document_title=rules.documents[s.document].title, article=s.article, quote=s.quote
            )
            for s in benefit.sources
        ]
        if benefit.notices:  # a national measure: its notices' windows, not the regional documents'
            windows = [f"{n.number} {n.window}" for n in benefit.notices]
        else:
            windows = [f"《{rules.documents[s.document].title}》{rules.documents[s.document].window}" for s in benefit.sources]
        if benefit.window != ir.ALWAYS:
            windows.append(f"本项 {benefit.window}")
        self.common: dict[str, Any] = dict(
            id=benefit.id,
            title=benefit.title,
            title_en=benefit.title_en,
            category=benefit.category,
            kind=benefit.kind,
            obtained_by=benefit.obtained_by,
            beneficiary=benefit.beneficiary,
            sources=sources,
            national_basis=list(benefit.national_basis),
            in_force=list(dict.fromkeys(windows)),
            note=benefit.note,
            restates=benefit.restates,
        )
        self.params = sorted(benefit.params)


_STATIC: dict[tuple[str, str], _Static] = {}
_STATIC_LOCK = threading.Lock()


def _static(benefit: ir.Benefit, rules: ir.RuleSet) -> _Static:
    key = (rules.version, benefit.id)
    found = _STATIC.get(key)
    if found is None:
        with _STATIC_LOCK:
            found = _STATIC.setdefault(key, _Static(benefit, rules))
    return found


# Windows depend on the rule set, the benefit and the day only: built once per day asked and
# shared by every report of that day (the dicts are never changed after). Bounded by days.
_WINDOWS: dict[tuple[str, dt.date], dict[str, list[Any]]] = {}
_WINDOWS_DAYS = 256


def _windows(rules: ir.RuleSet, benefit: ir.Benefit, day: dt.date) -> list[Any]:
    key = (rules.version, day)
    of_day = _WINDOWS.get(key)
    if of_day is None:
        with _STATIC_LOCK:
            of_day = _WINDOWS.get(key)
            if of_day is None:
                while len(_WINDOWS) >= _WINDOWS_DAYS:
                    del _WINDOWS[next(iter(_WINDOWS))]
                of_day = _WINDOWS[key] = {}
    found = of_day.get(benefit.id)
    if found is None:
        found = of_day.setdefault(benefit.id, benefit_windows(rules, benefit, day))
    return list(found)


class Explainer:
    """Explanations for one evaluation; facts' derivations are shared between benefits."""

    def __init__(self, rules: ir.RuleSet, env: Env, day: dt.date | None = None) -> None:
        self.rules = rules
        self.env = env
        self.day = day  # the date asked: each result says which of its windows hold on it
        register(rules)  # explanations name this rule set's facts and parameters by their labels
        self._facts: dict[str, FactUse] = {}

    def fact_use(self, name: str) -> FactUse:
        found = self._facts.get(name)
        if found is None:
            found = FactUse(
                name=name,
                title=self.rules.facts[name].title,
                value=self.env.facts.get(name),
                derivation=self.env.fact_verdicts[name],
            )
            self._facts[name] = found
        return found

    def parameters(self, static: _Static) -> list[ParameterUse]:
        out = []
        for name in static.params:
            pv = self.env.params.get(name)
            if pv is not None and pv.value is not None:
                param = self.rules.parameters[name]
                out.append(ParameterUse(name=name, title=param.title, value=pv.value, unit=param.unit, notice=pv.notice))
        return out

    def _leaf_kind(self, node: Verdict) -> str | None:
        """The kind a formula writes a leaf's figure in: the field's or the parameter's."""
        if node.op == "field" and node.name:
            spec = field_catalogue().get(node.name)
            return spec.kind if spec is not None else None
        if node.op == "param" and node.name in self.rules.parameters:
            return self.rules.parameters[node.name].kind
        return None

    def figures_out_of_force(self, static: _Static) -> list[str]:
        """The national figures the benefit reads that have no value on the day, with the spans they do."""
        out = []
        for name in static.params:
            if self.env.params.get(name) is None:
                param = self.rules.parameters[name]
                out.append(f"国家标准“{param.label or param.title}”仅在 {figure_spans(param)} 有值，评估日不在其内")
        return out

    def amount(self, benefit: ir.Benefit) -> AmountOut | None:
        return self.amount_and_figures(benefit)[0]

    def amount_and_figures(self, benefit: ir.Benefit) -> tuple[AmountOut | None, list[ParameterUse]]:
        """The amount, and the national or regional figures its formula used, each with its notice."""
        if benefit.amount is None:
            return None, []
        if benefit.amount.expr is None:
            return AmountOut(value=None, unit=benefit.amount.unit, text=benefit.amount.text), []
        # the rule set's compiled closures: the reference's trees, as the verdicts are
        verdict, missing = applied(benefit.amount.expr, self.env, partial(evaluate_compiled, self.rules))
        value: Any = verdict.value
        if isinstance(value, Decimal):  # whole yuan without a decimal point, or to the fen (四舍五入)
            exponent = Decimal(1) if value == value.to_integral_value() else Decimal("0.01")
            value = value.quantize(exponent, rounding=ROUND_HALF_UP)
        written = (
            unknown_text(missing, label, verdict) if value is None and verdict.op not in ("arith", "call", "field")
            else formula(verdict, label, self._leaf_kind, value, ir.kind_of(benefit.amount.expr))
        )
        figures = [
            ParameterUse(name=name, title=self.rules.parameters[name].title, value=node.value, unit=self.rules.parameters[name].unit, notice=node.notice)
            for name, node in figures_of(verdict).items()
            if name in self.rules.parameters and node.value is not None
        ]
        return AmountOut(value=value, unit=benefit.amount.unit, text=benefit.amount.text, formula=written, missing=missing), figures

    def explain(self, benefit: ir.Benefit, status: str, verdict: Verdict | None) -> BenefitResult:
        """A full result for one benefit; ``verdict`` is None when the benefit is not in force."""
        static = _static(benefit, self.rules)
        fields: dict[str, Any] = dict(static.common)
        fields["status"] = status
        if self.day is not None:
            fields["windows"] = _windows(self.rules, benefit, self.day)
        if verdict is None:
            fields.update(missing=[], undecidable=[], failed=[], facts_used=[], parameters=[], amount=None, verdict=None)
            fields["in_force"] = static.common["in_force"] + self.figures_out_of_force(static)
        else:
            missing, undecidable = unknown_inputs(verdict, self.env)
            amount, figures = self.amount_and_figures(benefit)
            parameters = self.parameters(static)
            seen = {p.name for p in parameters}  # then the amount's own figures, each once
            fields.update(
                verdict=verdict,
                missing=missing,
                undecidable=undecidable,
                failed=near_misses(verdict) if verdict.value is False else [],
                facts_used=[self.fact_use(n) for n in _fact_names(verdict) if n in self.env.fact_verdicts],
                parameters=parameters + [f for f in figures if f.name not in seen],
                amount=amount,
            )
        return BenefitResult(**fields)


__all__ = ["Explainer", "near_misses"]
