"""Verdict trees → explanations: near misses, missing fields, facts and figures used."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import ir
from ..report import AmountOut, BenefitResult, FactUse, NearMiss, Node, ParameterUse, SourceOut
from .python import Env, Verdict, evaluate, missing_fields


def to_node(verdict: Verdict) -> Node:
    return Node.model_construct(
        op=verdict.op,
        text=verdict.text,
        value=verdict.value,
        children=[to_node(c) for c in verdict.children],
        name=verdict.name,
        distance=verdict.distance,
        notice=verdict.notice,
    )


def near_misses(verdict: Verdict) -> list[NearMiss]:
    """The comparisons that made a false verdict false (only under false and-/or-nodes)."""
    out: list[NearMiss] = []

    def visit(node: Verdict) -> None:
        if node.value is not False:
            return
        if node.op in ("cmp", "in", "startswith"):
            left = node.children[0] if node.children else None
            right = node.children[1] if len(node.children) > 1 else None
            out.append(
                NearMiss.model_construct(
                    condition=node.text,
                    observed=left.value if left else None,
                    threshold=right.value if right else None,
                    distance=node.distance,
                )
            )
        elif node.op in ("and", "or"):
            for child in node.children:
                visit(child)
        elif node.op == "fact":
            out.append(NearMiss.model_construct(condition=node.text, observed=False, threshold=True, distance=None))

    visit(verdict)
    return out


def facts_read(verdict: Verdict, env: Env, rules: ir.RuleSet) -> list[FactUse]:
    """The facts a verdict read, each with the tree that derived it (one level deep)."""
    names: dict[str, None] = {}

    def visit(node: Verdict) -> None:
        if node.op == "fact" and node.name:
            names[node.name] = None
        for child in node.children:
            visit(child)

    visit(verdict)
    return [
        FactUse.model_construct(
            name=name,
            title=rules.facts[name].title,
            value=env.facts.get(name),
            derivation=to_node(env.fact_verdicts[name]),
        )
        for name in names
        if name in env.fact_verdicts
    ]


def parameters_read(benefit: ir.Benefit, env: Env, rules: ir.RuleSet) -> list[ParameterUse]:
    out = []
    for name in sorted(benefit.params):
        pv = env.params.get(name)
        param = rules.parameters[name]
        if pv is not None and pv.value is not None:
            out.append(ParameterUse.model_construct(name=name, title=param.title, value=pv.value, unit=param.unit, notice=pv.notice))
    return out


def sources(benefit: ir.Benefit, rules: ir.RuleSet) -> list[SourceOut]:
    return [
        SourceOut.model_construct(
            document=s.file, document_title=rules.documents[s.document].title, article=s.article, quote=s.quote
        )
        for s in benefit.sources
    ]


def windows(benefit: ir.Benefit, rules: ir.RuleSet) -> list[str]:
    out = [f"《{rules.documents[s.document].title}》{rules.documents[s.document].window}" for s in benefit.sources]
    if benefit.window != ir.ALWAYS:
        out.append(f"本项 {benefit.window}")
    out = list(dict.fromkeys(out))
    return out


def amount(benefit: ir.Benefit, env: Env) -> AmountOut | None:
    if benefit.amount is None:
        return None
    value: Any = None
    if benefit.amount.expr is not None:
        value = evaluate(benefit.amount.expr, env).value
        if isinstance(value, Decimal):
            value = value.quantize(Decimal("0.01")) if value != value.to_integral_value() else value
    return AmountOut.model_construct(value=value, unit=benefit.amount.unit, text=benefit.amount.text)


def explain(benefit: ir.Benefit, status: str, verdict: Verdict | None, env: Env, rules: ir.RuleSet) -> BenefitResult:
    """A full result for one benefit; ``verdict`` is None when the benefit is not in force."""
    common: dict[str, Any] = dict(
        id=benefit.id,
        status=status,
        title=benefit.title,
        title_en=benefit.title_en,
        category=benefit.category,
        kind=benefit.kind,
        obtained_by=benefit.obtained_by,
        beneficiary=benefit.beneficiary,
        sources=sources(benefit, rules),
        national_basis=list(benefit.national_basis),
        in_force=windows(benefit, rules),
        note=benefit.note,
        missing=[],
        failed=[],
        facts_used=[],
        parameters=[],
        amount=None,
        verdict=None,
    )
    if verdict is not None:
        common.update(
            verdict=to_node(verdict),
            missing=missing_fields(verdict, env, rules.facts),
            failed=near_misses(verdict) if verdict.value is False else [],
            facts_used=facts_read(verdict, env, rules),
            parameters=parameters_read(benefit, env, rules),
            amount=amount(benefit, env),
        )
    return BenefitResult.model_construct(**common)


__all__ = ["explain", "near_misses", "to_node"]
_ = ParameterUse
