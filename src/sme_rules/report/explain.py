"""Verdict trees → explanations: near misses, missing fields, facts and figures used.

The verdict trees of the reference interpreter go into the report as they are (pydantic serialises
the dataclasses directly); what does not depend on the profile (sources, windows) is built once per
rule set, so a full explanation costs little more than the evaluation itself.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..engines.reference import Env, Verdict, evaluate, unknown_inputs
from ..language import ir
from ..language.national import windows as benefit_windows
from .model import AmountOut, BenefitResult, FactUse, NearMiss, ParameterUse, SourceOut


def near_misses(verdict: Verdict, derivations: Mapping[str, Verdict] | None = None) -> list[NearMiss]:
    """The comparisons that made a false verdict false (only under false and-/or-nodes).

    With ``derivations`` (each fact's verdict tree), a false fact shows the comparisons inside it
    that made it false (月销售额 150000.01 over 150000), or the fact itself when it has none.
    """
    out: list[NearMiss] = []
    seen: set[str] = set()

    def visit(node: Verdict) -> None:
        if node.value is not False:
            return
        if node.op in ("cmp", "in", "startswith"):
            left = node.children[0] if node.children else None
            right = node.children[1] if len(node.children) > 1 else None
            out.append(
                NearMiss(
                    condition=node.text,
                    observed=left.value if left else None,
                    threshold=right.value if right else None,
                    distance=node.distance,
                )
            )
        elif node.op in ("and", "or", "not"):
            for child in node.children:
                visit(child)
        elif node.op == "fact":
            derivation = derivations.get(node.name or "") if derivations is not None else None
            if derivation is not None and derivation.value is False and node.name not in seen:
                seen.add(node.name or "")
                before = len(out)
                visit(derivation)
                if len(out) > before:
                    return
            out.append(NearMiss(condition=node.text, observed=False, threshold=True, distance=None))

    visit(verdict)
    return out


def _fact_names(verdict: Verdict) -> list[str]:
    names: dict[str, None] = {}

    def visit(node: Verdict) -> None:
        if node.op == "fact" and node.name:
            names[node.name] = None
        for child in node.children:
            visit(child)

    visit(verdict)
    return list(names)


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


class Explainer:
    """Explanations for one evaluation; facts' derivations are shared between benefits."""

    def __init__(self, rules: ir.RuleSet, env: Env, day: dt.date | None = None) -> None:
        self.rules = rules
        self.env = env
        self.day = day  # the date asked: each result says which of its windows hold on it
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

    def amount(self, benefit: ir.Benefit) -> AmountOut | None:
        if benefit.amount is None:
            return None
        value: Any = None
        if benefit.amount.expr is not None:
            value = evaluate(benefit.amount.expr, self.env).value
            if isinstance(value, Decimal) and value != value.to_integral_value():
                value = value.quantize(Decimal("0.01"))
        return AmountOut(value=value, unit=benefit.amount.unit, text=benefit.amount.text)

    def explain(self, benefit: ir.Benefit, status: str, verdict: Verdict | None) -> BenefitResult:
        """A full result for one benefit; ``verdict`` is None when the benefit is not in force."""
        static = _static(benefit, self.rules)
        fields: dict[str, Any] = dict(static.common)
        fields["status"] = status
        if self.day is not None:
            fields["windows"] = benefit_windows(self.rules, benefit, self.day)
        if verdict is None:
            fields.update(missing=[], undecidable=[], failed=[], facts_used=[], parameters=[], amount=None, verdict=None)
        else:
            missing, undecidable = unknown_inputs(verdict, self.env)
            fields.update(
                verdict=verdict,
                missing=missing,
                undecidable=undecidable,
                failed=near_misses(verdict, self.env.fact_verdicts) if verdict.value is False else [],
                facts_used=[self.fact_use(n) for n in _fact_names(verdict) if n in self.env.fact_verdicts],
                parameters=self.parameters(static),
                amount=self.amount(benefit),
            )
        return BenefitResult(**fields)


__all__ = ["Explainer", "near_misses"]
