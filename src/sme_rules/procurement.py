"""How much of a government procurement project is reserved for SMEs, decided by the rule files.

The figures and their reading (200万 / 400万 inclusive, 30% and 60% minimums, price deductions)
live in ``rules/national.yaml`` under ``procurement:`` with the notices that set them; a region's
file adds the articles that restate them. This module only feeds a project to those rules.

>>> r = procurement_reservation(budget=2_500_000, category="goods", region="qinghai", as_of="2022-06-01")
>>> r.exclusive_to_sme, r.sme_reserved_min, r.small_micro_reserved_min
(False, Decimal('750000.00'), Decimal('450000.00'))
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, ValidationError

from .api import parse_date
from .engines import reference as ref
from .errors import FieldProblem, ProfileError, SmeRulesError
from .language import ir
from .language.loader import load_region
from .profile import FieldSpec, normalise_input
from .report.model import SourceOut

Category = Literal["goods", "services", "works"]
FEN = Decimal("0.01")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


#: yuan or a share, exact inside; a plain int/float in ``model_dump()`` (CONTRACT.md asks for float)
Figure = Annotated[Decimal, PlainSerializer(_number, return_type=int | float)]


class ProcurementProject(BaseModel):
    """A procurement project as the procurement rules read it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    # bounded so that every reserved share (budget × a rate, to the fen) stays within exact decimal arithmetic
    budget: Decimal = Field(gt=0, le=Decimal(10) ** 18, decimal_places=2, description="采购项目预算金额（元）")
    category: Category = Field(description="goods 货物 / services 服务 / works 工程")


class ProcurementReservation(BaseModel):
    """The reservation for one project, with every figure the rules used and their sources."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    region: str
    as_of: str
    budget: Figure
    category: Category
    exclusive_to_sme: bool
    sme_reserved_min: Figure
    small_micro_reserved_min: Figure
    price_deduction_min: Figure | None = None
    price_deduction_max: Figure | None = None
    figures: dict[str, Figure | bool | None] = Field(default_factory=dict)
    national_basis: list[str] = Field(default_factory=list)
    sources: list[SourceOut] = Field(default_factory=list)
    notes: dict[str, str] = Field(default_factory=dict)
    rules_version: str

    def __getitem__(self, key: str) -> Any:
        """Mapping-style access, as CONTRACT.md allows: ``r["exclusive_to_sme"]``."""
        return self.model_dump()[key]


def procurement_reservation(
    budget: int | float | str | Decimal,
    category: str,
    region: str,
    as_of: dt.date | str | None = None,
) -> ProcurementReservation:
    """The share of a project's budget reserved for SMEs and for small and micro enterprises.

    Minimums are rounded up to the fen: a reserve "of at least 30%" of 2,500,000.01 yuan is
    750,000.01 yuan, never 750,000.00.
    """
    day = parse_date(as_of)
    project = _project(budget, category)
    rules = load_region(region)
    return evaluate_project(rules, project, day)


def evaluate_project(rules: ir.RuleSet, project: ProcurementProject, day: dt.date) -> ProcurementReservation:
    section = rules.procurement
    if section is None:
        raise SmeRulesError(f"the rules of {rules.region} have no procurement section")
    env = ref.Env({"budget": project.budget, "category": project.category}, rules.params_at(day))
    values: dict[str, Any] = {}
    for output in section.outputs:
        value = ref.evaluate(output.expr, env).value
        if isinstance(value, Decimal) and output.kind == "money":
            value = value.quantize(FEN, rounding=ROUND_CEILING)
        env.facts[output.name] = value
        values[output.name] = value
    for required in ("exclusive_to_sme", "sme_reserved_min", "small_micro_reserved_min"):
        if values.get(required) is None:
            raise SmeRulesError(f"the procurement rules give no {required} for {project.category} on {day}")
    # the region's own articles: those of its procurement_sme_reservation benefit, and any the
    # procurement section adds; each only while its document is in force
    cited = list(section.sources)
    benefit = rules.benefits.get("procurement_sme_reservation")
    if benefit is not None:
        cited += [s for s in benefit.sources if s not in cited]
    sources = [
        SourceOut(s.file, rules.documents[s.document].title, s.article, s.quote)
        for s in cited
        if rules.documents[s.document].window.holds(day)
    ]
    return ProcurementReservation(
        region=rules.region,
        as_of=day.isoformat(),
        budget=project.budget,
        category=project.category,
        exclusive_to_sme=values["exclusive_to_sme"],
        sme_reserved_min=values["sme_reserved_min"],
        small_micro_reserved_min=values["small_micro_reserved_min"],
        price_deduction_min=values.get("price_deduction_min"),
        price_deduction_max=values.get("price_deduction_max"),
        figures=values,
        national_basis=list(section.national_basis),
        sources=sources,
        notes={o.name: o.note for o in section.outputs if o.note},
        rules_version=rules.version,
    )


def _project(budget: Any, category: str) -> ProcurementProject:
    try:  # read as a profile's money is: 15万 and 2000元 but not 60%, NaN or 10**5000
        budget = normalise_input(budget, FieldSpec("budget", "money", None, "采购项目预算（元）"))
    except ValueError as exc:
        raise ProfileError([FieldProblem("budget", str(exc))]) from None
    try:
        return ProcurementProject.model_validate({"budget": budget, "category": category})
    except ValidationError as exc:
        problems = [FieldProblem(".".join(str(p) for p in e["loc"]), e["msg"], e.get("input")) for e in exc.errors()]
        raise ProfileError(problems) from None


__all__ = ["ProcurementProject", "ProcurementReservation", "evaluate_project", "procurement_reservation"]
