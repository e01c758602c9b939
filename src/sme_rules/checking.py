"""Running the examples written beside each rule, on every engine, and counting article coverage.

Used by ``sme-rules check``, by the test suite and by the pytest plugin: one definition of what it
means for an example to pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .api import evaluate_rules
from .errors import SmeRulesError
from .language import ir
from .profile import EnterpriseProfile
from .units import parse_quantity

ENGINES = ("durable", "python")


@dataclass(frozen=True)
class ExampleOutcome:
    owner: str  # "benefit:<id>" or "fact:<name>"
    example: ir.Example
    engine: str
    ok: bool
    message: str

    @property
    def label(self) -> str:
        return f"{self.owner} [{self.example.name}] ({self.engine})"


def example_date(rules: ir.RuleSet, owner: ir.Benefit | ir.Fact, example: ir.Example) -> dt.date:
    """An example's ``as_of``, or the first day its benefit is in force."""
    if example.as_of is not None:
        return example.as_of
    if isinstance(owner, ir.Benefit):
        starts = [rules.documents[s.document].window.start for s in owner.sources]
        starts.append(owner.window.start)
        known = [s for s in starts if s is not None]
        if known:
            return max(known)
    return dt.date.today()


def iter_examples(rules: ir.RuleSet) -> Iterator[tuple[str, ir.Benefit | ir.Fact, ir.Example]]:
    main_file = rules.files[-1]
    for fact in rules.facts.values():
        if fact.location.path == main_file or len(rules.files) == 1:
            for ex in fact.examples:
                yield f"fact:{fact.name}", fact, ex
    for benefit in rules.benefits.values():
        if benefit.location.path == main_file or len(rules.files) == 1:
            for ex in benefit.examples:
                yield f"benefit:{benefit.id}", benefit, ex


def run_example(rules: ir.RuleSet, owner_id: str, owner: ir.Benefit | ir.Fact, example: ir.Example, engine: str) -> ExampleOutcome:
    def outcome(ok: bool, message: str = "") -> ExampleOutcome:
        return ExampleOutcome(owner_id, example, engine, ok, message)

    try:
        profile = EnterpriseProfile.parse(example.profile)
        report = evaluate_rules(rules, profile, example_date(rules, owner, example), engine=engine)
    except SmeRulesError as exc:
        return outcome(False, f"{type(exc).__name__}: {exc}")
    problems: list[str] = []
    if isinstance(owner, ir.Benefit):
        result = report.benefit(owner.id)
        if result.status != example.expect:
            detail = f" (missing {result.missing})" if result.missing else ""
            problems.append(f"expected {example.expect}, got {result.status}{detail}")
        if example.missing is not None and sorted(result.missing) != sorted(example.missing):
            problems.append(f"expected missing {sorted(example.missing)}, got {sorted(result.missing)}")
    else:
        got = report.facts.get(owner.name)
        if not same_value(got, example.expect):
            problems.append(f"expected {owner.name} = {example.expect!r}, got {got!r}")
    for name, want in example.expect_facts.items():
        got = report.facts.get(name)
        if not same_value(got, want):
            problems.append(f"expected fact {name} = {want!r}, got {got!r}")
    return outcome(not problems, "; ".join(problems))


def same_value(got: Any, want: Any) -> bool:
    """Whether a computed value is the one an example expects (``15万`` equals Decimal 150000)."""
    if want is None or isinstance(want, bool):
        return got is want
    if isinstance(got, Decimal):
        try:
            return got == parse_quantity(str(want))
        except ValueError:
            return False
    return bool(got == want)


def run_all(rules: ir.RuleSet, engines: tuple[str, ...] = ENGINES) -> list[ExampleOutcome]:
    return [run_example(rules, oid, owner, ex, engine) for oid, owner, ex in iter_examples(rules) for engine in engines]


@dataclass(frozen=True)
class ArticleCoverage:
    document: ir.Document
    article: ir.Article
    benefits: tuple[str, ...]

    @property
    def accounted(self) -> bool:
        return bool(self.benefits) or bool(self.article.not_encoded)


def coverage(rules: ir.RuleSet) -> list[ArticleCoverage]:
    out = []
    for doc in rules.documents.values():
        for article in doc.articles:
            cited = tuple(
                b.id for b in rules.benefits.values() if any(s.document == doc.id and s.article == article.key for s in b.sources)
            )
            if rules.procurement and any(s.document == doc.id and s.article == article.key for s in rules.procurement.sources):
                cited += ("procurement_reservation()",)
            out.append(ArticleCoverage(doc, article, cited))
    return out




def run_procurement_examples(rules: ir.RuleSet) -> list[tuple[ir.ProcurementExample, bool, str]]:
    """Every example of the procurement section: (example, passed, what differed)."""
    from .procurement import ProcurementProject, evaluate_project

    if rules.procurement is None:
        return []
    out: list[tuple[ir.ProcurementExample, bool, str]] = []
    for ex in rules.procurement.examples:
        try:
            project = ProcurementProject.model_validate(
                {k: parse_quantity(str(v)) if k == "budget" else v for k, v in ex.project.items()}
            )
            result = evaluate_project(rules, project, ex.as_of).figures
        except (SmeRulesError, ValueError) as exc:
            out.append((ex, False, str(exc)))
            continue
        wrong = [f"{k}: expected {v!r}, got {result.get(k)!r}" for k, v in ex.expect.items() if not same_value(result.get(k), v)]
        out.append((ex, not wrong, "; ".join(wrong)))
    return out


__all__ = [
    "ArticleCoverage",
    "ExampleOutcome",
    "coverage",
    "example_date",
    "iter_examples",
    "run_all",
    "run_example",
    "run_procurement_examples",
    "same_value",
]
