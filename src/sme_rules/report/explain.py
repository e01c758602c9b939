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
from .model import AmountOut, BenefitResult, FactUse, NearMiss, ParameterUse, SourceOut, benefit_result
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


def _fact_names(verdict: Verdict, static: _Static | None = None) -> list[str]:
    if static is not None and static.fact_names is not None:
        return static.fact_names  # read from the expression (tree_fact_names); never changed
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


def tree_fact_names(expr: ir.Expr) -> list[str] | None:
    """The facts an expression's verdict tree reads, in its order, from the expression alone; None
    where the tree's shape depends on the values (cases keep only their conditions, a table only
    the row it takes). Elsewhere every node is evaluated into the tree, children in the
    expression's order, so the tree's fact leaves are the expression's (tests/test_explain_properties.py)."""
    nodes = ir.walk(expr)
    if any(isinstance(node, ir.Cases | ir.Switch) for node in nodes):
        return None
    return list(dict.fromkeys(node.name for node in nodes if isinstance(node, ir.FactRef)))


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

    __slots__ = ("common", "fact_names", "id", "params", "profile_free_amount")

    def __init__(self, benefit: ir.Benefit, rules: ir.RuleSet) -> None:
        self.id = benefit.id
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
        #: an amount that reads figures only (a rate): the same for every enterprise on a day
        expr = benefit.amount.expr if benefit.amount is not None else None
        self.profile_free_amount = expr is None or not _reads_the_profile(expr)
        self.fact_names = tree_fact_names(benefit.when)


_STATIC: dict[tuple[str, str], _Static] = {}
_STATIC_LOCK = threading.Lock()


def _static(benefit: ir.Benefit, rules: ir.RuleSet) -> _Static:
    key = (rules.version, benefit.id)
    found = _STATIC.get(key)
    if found is None:
        with _STATIC_LOCK:
            found = _STATIC.setdefault(key, _Static(benefit, rules))
    return found


# What depends on the rule set, the benefit and the day only (windows, the figures in force, an
# amount that reads no field or fact): built once per day asked and shared by every report of that
# day; the records are frozen and the lists are copied into each result. Bounded by days.
_DAYS: dict[tuple[str, dt.date], _Day] = {}
_DAYS_KEPT = 256


class _Day:
    """One rule set on one day: per benefit its windows, and per parameter its use in an explanation."""

    __slots__ = ("amounts", "figures", "parameters", "windows")

    def __init__(self, rules: ir.RuleSet, day: dt.date) -> None:
        self.windows: dict[str, list[Any]] = {}
        self.parameters: dict[str, list[ParameterUse]] = {}
        self.amounts: dict[str, tuple[AmountOut | None, list[ParameterUse]]] = {}
        self.figures = _figure_uses(rules, rules.params_at(day))


def _of_day(rules: ir.RuleSet, day: dt.date) -> _Day:
    key = (rules.version, day)
    found = _DAYS.get(key)
    if found is None:
        with _STATIC_LOCK:
            found = _DAYS.get(key)
            if found is None:
                while len(_DAYS) >= _DAYS_KEPT:
                    del _DAYS[next(iter(_DAYS))]
                found = _DAYS[key] = _Day(rules, day)
    return found


def _windows(rules: ir.RuleSet, benefit: ir.Benefit, day: dt.date) -> list[Any]:
    of_day = _of_day(rules, day).windows
    found = of_day.get(benefit.id)
    if found is None:
        found = of_day.setdefault(benefit.id, benefit_windows(rules, benefit, day))
    return list(found)


def _reads_the_profile(expr: ir.Expr) -> bool:
    fields, facts, _ = ir.refs(expr)
    return bool(fields or facts)


class Explainer:
    """Explanations for one evaluation; facts' derivations are shared between benefits."""

    def __init__(self, rules: ir.RuleSet, env: Env, day: dt.date | None = None, *, brief: bool = False) -> None:
        self.rules = rules
        #: results without what a brief report leaves out: the verdict tree and the facts used
        self.brief = brief
        self.env = env
        self.day = day  # the date asked: each result says which of its windows hold on it
        register(rules)  # explanations name this rule set's facts and parameters by their labels
        self._facts: dict[str, FactUse] = {}
        # what is the same for every enterprise on the day, when the figures are the day's own
        self._day = _of_day(rules, day) if day is not None and env.params is rules.params_at(day) else None
        self._uses: dict[str, ParameterUse] | None = None  # else the env's figures, built on first use

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

    def _figures(self) -> dict[str, ParameterUse]:
        """Each figure in force as an explanation shows it, by name."""
        if self._day is not None:
            return self._day.figures
        if self._uses is None:
            self._uses = _figure_uses(self.rules, self.env.params)
        return self._uses

    def parameters(self, static: _Static) -> list[ParameterUse]:
        of_day = self._day.parameters if self._day is not None else None
        found = of_day.get(static.id) if of_day is not None else None
        if found is None:
            figures = self._figures()
            found = [figures[name] for name in static.params if name in figures]
            if of_day is not None:  # the same for every enterprise on the day
                of_day.setdefault(static.id, found)
        return list(found)

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

    def amount_and_figures(self, benefit: ir.Benefit, static: _Static | None = None) -> tuple[AmountOut | None, list[ParameterUse]]:
        """The amount, and the national or regional figures its formula used, each with its notice."""
        if self._day is not None and (static or _static(benefit, self.rules)).profile_free_amount:
            of_day = self._day.amounts
            found = of_day.get(benefit.id)
            if found is None:  # a rate or a description: the same for every enterprise on the day
                found = of_day.setdefault(benefit.id, self._amount_and_figures(benefit))
            return found[0], list(found[1])
        return self._amount_and_figures(benefit)

    def _amount_and_figures(self, benefit: ir.Benefit) -> tuple[AmountOut | None, list[ParameterUse]]:
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
        in_force = self._figures()
        figures = [in_force[name] for name, node in figures_of(verdict).items() if node.value is not None and name in in_force]
        return AmountOut(value=value, unit=benefit.amount.unit, text=benefit.amount.text, formula=written, missing=missing), figures

    def explain(self, benefit: ir.Benefit, status: str, verdict: Verdict | None) -> BenefitResult:
        """A full result for one benefit; ``verdict`` is None when the benefit is not in force."""
        static = _static(benefit, self.rules)
        common = static.common
        windows = _windows(self.rules, benefit, self.day) if self.day is not None else []
        if verdict is None:
            return benefit_result({
                **common,
                "in_force": common["in_force"] + self.figures_out_of_force(static),
                "status": status, "windows": windows,
                "missing": [], "undecidable": [], "failed": [], "facts_used": [], "parameters": [], "amount": None, "verdict": None,
            })
        missing, undecidable = unknown_inputs(verdict, self.env)
        amount, figures = self.amount_and_figures(benefit, static)
        parameters = self.parameters(static)
        if figures:  # then the amount's own figures, each once
            seen = {p.name for p in parameters}
            parameters += [f for f in figures if f.name not in seen]
        fact_verdicts = self.env.fact_verdicts
        return benefit_result({
            **common,
            "status": status,
            "windows": windows,
            "verdict": None if self.brief else verdict,
            "missing": missing,
            "undecidable": undecidable,
            "failed": near_misses(verdict) if verdict.value is False else [],
            "facts_used": [] if self.brief else [self.fact_use(n) for n in _fact_names(verdict, static) if n in fact_verdicts],
            "parameters": parameters,
            "amount": amount,
        })


def _figure_uses(rules: ir.RuleSet, params: dict[str, ir.ParamValue]) -> dict[str, ParameterUse]:
    """Each parameter with a value, as an explanation lists it."""
    return {
        name: ParameterUse(name=name, title=param.title, value=pv.value, unit=param.unit, notice=pv.notice)
        for name, param in rules.parameters.items()
        for pv in [params.get(name)]
        if pv is not None and pv.value is not None
    }


__all__ = ["Explainer", "near_misses"]
