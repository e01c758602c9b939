"""Mutation testing of the rules: does each rule's set of examples notice when the rule is changed?

A *mutant* is the rule set with one small change of the kind a clerk's typo or a misread article
makes. Each is run against the examples of every rule it can affect; an example that fails *kills*
it. A mutant no example kills shows a figure or a comparison the examples do not pin down:

- ``threshold``: a figure compared with (a literal, a parameter's dated value, a table cell) one
  step up and one step down — one fen for money, one person for a count, one millionth for a share;
- ``comparison``: ``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=`` (以下 read as 不满, 以上 as 超过);
- ``logic``: an ``and`` made ``or`` and the other way round;
- ``date``: a dated value's first day, a benefit's or document's window bound, one day earlier and later;
- ``figure``: an amount or rate parameter (not compared by any condition) one step up and down —
  reported, since amounts are stated rather than decided, but not held against the rules.

Mutants run on the reference interpreter only (the definition of what a rule means; the engines'
agreement is tested apart), so a whole region takes seconds, not minutes.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .checking import example_date, same_value
from .engines import reference as ref
from .errors import Location
from .language import ir
from .profile import EnterpriseProfile

#: one step of each numeric kind: the resolution a profile gives the value to (fields/_types.py)
STEPS = {"money": Decimal("0.01"), "years": Decimal("0.01"), "count": Decimal(1), "ratio": Decimal("0.000001"),
         "number": Decimal("0.000001")}
_FLIPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
#: the kinds of mutant a check may not leave alive (CI fails on a survivor of these)
STRICT_KINDS = ("threshold", "comparison")
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Mutant:
    """One change: which rule it touches (``benefit:<id>``, ``fact:<name>``, ``parameter:<name>``) and how."""

    kind: str  # threshold | comparison | logic | date
    owner: str
    description: str
    location: Location
    rules: ir.RuleSet

    def __str__(self) -> str:
        return f"{self.location}: {self.owner}: {self.kind}: {self.description}"


@dataclass(frozen=True)
class MutationReport:
    mutants: int
    survivors: tuple[Mutant, ...]

    def strict_survivors(self) -> tuple[Mutant, ...]:
        return tuple(m for m in self.survivors if m.kind in STRICT_KINDS)

    def by_owner(self) -> dict[str, list[Mutant]]:
        out: dict[str, list[Mutant]] = {}
        for mutant in self.survivors:
            out.setdefault(mutant.owner, []).append(mutant)
        return out


# --------------------------------------------------------------------------- rebuilding expressions


def _rebuild(expr: ir.Expr, change: Callable[[ir.Expr], ir.Expr | None]) -> ir.Expr:
    """``expr`` with every node for which ``change`` returns a replacement replaced (children first)."""
    swapped = change(expr)
    if swapped is not None:
        return swapped

    def again(e: ir.Expr) -> ir.Expr:
        return _rebuild(e, change)

    if isinstance(expr, ir.Cmp | ir.Arith):
        return dataclasses.replace(expr, left=again(expr.left), right=again(expr.right))
    if isinstance(expr, ir.In | ir.StartsWith | ir.Not):
        return dataclasses.replace(expr, item=again(expr.item))
    if isinstance(expr, ir.And | ir.Or):
        return dataclasses.replace(expr, items=tuple(again(i) for i in expr.items))
    if isinstance(expr, ir.Call):
        return dataclasses.replace(expr, args=tuple(again(a) for a in expr.args))
    if isinstance(expr, ir.Cases):
        cases = tuple(ir.Case(again(c.when), again(c.value)) for c in expr.cases)
        return dataclasses.replace(expr, cases=cases, otherwise=None if expr.otherwise is None else again(expr.otherwise))
    if isinstance(expr, ir.Switch):
        return dataclasses.replace(expr, key=again(expr.key), branches=tuple((k, again(b)) for k, b in expr.branches))
    return expr


def _at(target: ir.Expr, replacement: ir.Expr) -> Callable[[ir.Expr], ir.Expr | None]:
    return lambda node: replacement if node is target else None


def _expression_mutants(expr: ir.Expr) -> Iterator[tuple[str, str, ir.Expr, Location]]:
    """(kind, description, mutated expression, where) for each mutant of one expression."""
    for node, row in _walk_rows(expr, ""):
        where = node.span.location if hasattr(node, "span") else Location("<rules>")
        if isinstance(node, ir.Cmp):
            yield "comparison", f"{row}{node.span.text or node.op}: {node.op} → {_FLIPS[node.op]}", \
                _rebuild(expr, _at(node, dataclasses.replace(node, op=_FLIPS[node.op]))), where
            for side in (node.left, node.right):
                if isinstance(side, ir.Const) and isinstance(side.value, Decimal):
                    kind = ir.kind_of(node.right if side is node.left else node.left)
                    step = STEPS.get(kind, STEPS["number"])
                    for sign in (1, -1):
                        value = side.value + sign * step
                        text = f"{row}{node.span.text or node.op}: {side.value} → {value}"
                        yield "threshold", text, _rebuild(expr, _at(side, dataclasses.replace(side, value=value))), where
        elif isinstance(node, ir.And | ir.Or) and len(node.items) > 1:
            other: ir.Expr = ir.Or(node.items, node.span) if isinstance(node, ir.And) else ir.And(node.items, node.span)
            what = "and → or" if isinstance(node, ir.And) else "or → and"
            yield "logic", f"{row}{node.span.text[:60]}: {what}", _rebuild(expr, _at(node, other)), where


def _walk_rows(expr: ir.Expr, row: str) -> Iterator[tuple[ir.Expr, str]]:
    """Every node with the table row it sits in (``"[row industrial] "``), so a cell's mutant names its row."""
    yield expr, row
    if isinstance(expr, ir.Switch):
        yield from _walk_rows(expr.key, row)
        for key, branch in expr.branches:
            yield from _walk_rows(branch, f"[{expr.table} row {key}] ")
        return
    for child in ir.children(expr):
        yield from _walk_rows(child, row)


# --------------------------------------------------------------------------- mutants of a rule set


_MUTANT_IDS = itertools.count(1)


def _fresh(rules: ir.RuleSet, **changes: Any) -> ir.RuleSet:
    """``rules`` with ``changes``, its own caches (never the original's) and a version of its own.

    Copied rather than rebuilt: a rebuild hashes a repr of every rule for the version, which costs
    more than running the mutant's examples. The version names the mutant instead (``…+mutant17``),
    so that a cache keyed on versions can no more mix a mutant with its original than a reform can.
    """
    mutant = copy.copy(rules)  # RuleSet.__setstate__: fresh per-instance caches
    for name, value in {**changes, "extra": {}}.items():
        object.__setattr__(mutant, name, value)
    object.__setattr__(mutant, "version", f"{rules.version.split('+', 1)[0]}+mutant{next(_MUTANT_IDS)}")
    return mutant


def mutants(rules: ir.RuleSet) -> Iterator[Mutant]:
    """Every mutant of ``rules`` (see the module docstring), lazily."""
    for name, fact in rules.facts.items():
        for kind, text, expr, where in _expression_mutants(fact.expr):
            facts = {**rules.facts, name: dataclasses.replace(fact, expr=expr)}
            yield Mutant(kind, f"fact:{name}", text, where, _fresh(rules, facts=facts))
    for bid, benefit in rules.benefits.items():
        for kind, text, expr, where in _expression_mutants(benefit.when):
            benefits = {**rules.benefits, bid: dataclasses.replace(benefit, when=expr)}
            yield Mutant(kind, f"benefit:{bid}", text, where, _fresh(rules, benefits=benefits))
        def with_benefit_window(window: ir.Window, b: ir.Benefit = benefit, i: str = bid) -> ir.RuleSet:
            return _fresh(rules, benefits={**rules.benefits, i: dataclasses.replace(b, window=window)})

        yield from _window_mutants(f"benefit:{bid}", benefit.window, benefit.location, with_benefit_window)
    compared = _compared_parameters(rules)
    for name, param in rules.parameters.items():
        yield from _parameter_mutants(rules, name, param, "threshold" if name in compared else "figure")
    for doc_id, doc in rules.documents.items():
        def with_document_window(window: ir.Window, d: ir.Document = doc, i: str = doc_id) -> ir.RuleSet:
            return _fresh(rules, documents={**rules.documents, i: dataclasses.replace(d, window=window)})

        yield from _window_mutants(f"document:{doc_id}", doc.window, Location(doc.file), with_document_window)


def _compared_parameters(rules: ir.RuleSet) -> set[str]:
    """Parameters a condition compares with (thresholds); the others are amounts and rates."""
    exprs = [f.expr for f in rules.facts.values()] + [b.when for b in rules.benefits.values()]
    return {side.name for e in exprs for node in ir.walk(e) if isinstance(node, ir.Cmp)
            for side in (node.left, node.right) if isinstance(side, ir.ParamRef)}


def _parameter_mutants(rules: ir.RuleSet, name: str, param: ir.Parameter, kind: str) -> Iterator[Mutant]:
    where = Location(f"parameter {name}")
    step = STEPS.get(param.kind)
    for index, dated in enumerate(param.values):
        def with_value(new: ir.ParamValue, i: int = index) -> ir.RuleSet:
            values = (*param.values[:i], new, *param.values[i + 1:])
            return _fresh(rules, parameters={**rules.parameters, name: dataclasses.replace(param, values=values)})

        if step is not None and isinstance(dated.value, Decimal):
            for sign in (1, -1):
                value = dated.value + sign * step
                yield Mutant(kind, f"parameter:{name}", f"value from {dated.start}: {dated.value} → {value}", where,
                             with_value(dataclasses.replace(dated, value=value)))
        if index > 0:  # the first value's start only says when the record begins
            for shift in (-DAY, DAY):
                start = dated.start + shift
                if start > param.values[index - 1].start and (index + 1 == len(param.values) or start < param.values[index + 1].start):
                    yield Mutant("date", f"parameter:{name}", f"value {dated.value} from {dated.start} → {start}", where,
                                 with_value(dataclasses.replace(dated, start=start)))


def _window_mutants(owner: str, window: ir.Window, where: Location, build: Callable[[ir.Window], ir.RuleSet]) -> Iterator[Mutant]:
    for bound in ("start", "end"):
        day = getattr(window, bound)
        if day is None:
            continue
        for shift in (-DAY, DAY):
            moved = dataclasses.replace(window, **{bound: day + shift})
            if moved.start is not None and moved.end is not None and moved.end < moved.start:
                continue
            yield Mutant("date", owner, f"in force {bound} {day} → {day + shift}", where, build(moved))


# --------------------------------------------------------------------------- killing


def _reads(rules: ir.RuleSet) -> dict[str, tuple[set[str], set[str]]]:
    """Per example owner: the facts and parameters it reads, through every fact it depends on."""
    facts_of: dict[str, tuple[set[str], set[str]]] = {}
    for name, fact in rules.facts.items():  # dependency order: a fact's dependencies come first
        _, direct_facts, params = ir.refs(fact.expr)
        facts, reach = {name}, set(params)
        for dep in direct_facts:
            dep_facts, dep_params = facts_of.get(dep, ({dep}, set()))
            facts |= dep_facts
            reach |= dep_params
        facts_of[name] = (facts, reach)
    out = {f"fact:{n}": v for n, v in facts_of.items()}
    for bid, benefit in rules.benefits.items():
        _, direct_facts, params = ir.refs(benefit.when)
        facts, reach = set(), set(params) | set(benefit.params)
        for dep in direct_facts:
            dep_facts, dep_params = facts_of.get(dep, ({dep}, set()))
            facts |= dep_facts
            reach |= dep_params
        out[f"benefit:{bid}"] = (facts, reach)
    return out


def _affected(mutant: Mutant, reads: dict[str, tuple[set[str], set[str]]]) -> set[str]:
    space, _, name = mutant.owner.partition(":")
    if space == "benefit":
        return {mutant.owner}
    if space == "fact":
        return {owner for owner, (facts, _) in reads.items() if name in facts}
    if space == "parameter":
        return {owner for owner, (_, params) in reads.items() if name in params}
    return {owner for owner in reads if owner.startswith("benefit:")}  # a document: every benefit may cite it


def _examples(rules: ir.RuleSet) -> dict[str, list[tuple[ir.Benefit | ir.Fact, ir.Example]]]:
    out: dict[str, list[tuple[ir.Benefit | ir.Fact, ir.Example]]] = {}
    for name, fact in rules.facts.items():
        out.setdefault(f"fact:{name}", []).extend((fact, ex) for ex in fact.examples)
    for bid, benefit in rules.benefits.items():
        out.setdefault(f"benefit:{bid}", []).extend((benefit, ex) for ex in benefit.examples)
    return out


def killed(
    mutant: Mutant, owners: set[str], examples: dict[str, list[tuple[ir.Benefit | ir.Fact, ir.Example]]],
    recent: list[tuple[str, ir.Example]] | None = None,
) -> bool:
    """Whether an example of one of ``owners`` fails (or errs) on the mutated rule set.

    The first failure settles it, so the likeliest killers go first: the examples in ``recent`` (those
    that killed the mutants before this one, which change the next figure of the same row or period;
    the one that kills this mutant is moved to its front), then the changed rule's own examples, then
    the facts' (which stand at its figures more often than a benefit's do)."""
    def fails(owner_id: str, example: ir.Example) -> bool:
        space, _, name = owner_id.partition(":")
        owner = mutant.rules.benefits[name] if space == "benefit" else mutant.rules.facts[name]
        try:
            return not _passes(mutant.rules, owner, example)
        except (ArithmeticError, ValueError, TypeError, KeyError):
            return True  # a mutant that breaks evaluation is noticed too

    def remember(owner_id: str, example: ir.Example) -> bool:
        if recent is not None:
            recent[:] = [(owner_id, example), *(r for r in recent if r[1] is not example)][:_RECENT]
        return True

    for owner_id, example in list(recent or ()):
        if owner_id in owners and fails(owner_id, example):
            return remember(owner_id, example)
    for owner_id in sorted(owners, key=lambda o: (o != mutant.owner, not o.startswith("fact:"), o)):
        for _, example in examples.get(owner_id, []):
            if fails(owner_id, example):
                return remember(owner_id, example)
    return False


#: how many recent killers :func:`mutation_report` tries first
_RECENT = 8


#: each example's parsed profile, parsed once for all its mutants; the example is kept beside it so
#: that its id cannot be reused by another object while the entry lives
_PROFILES: dict[int, tuple[ir.Example, dict[str, Any]]] = {}


def _passes(rules: ir.RuleSet, owner: ir.Benefit | ir.Fact, example: ir.Example) -> bool:
    """An example's verdict on the reference interpreter alone: what ``check`` asks of it, without a report."""
    cached = _PROFILES.get(id(example))
    if cached is None or cached[0] is not example:
        if len(_PROFILES) > 20_000:
            _PROFILES.clear()
        cached = _PROFILES[id(example)] = (example, EnterpriseProfile.parse(example.profile).known_fields())
    fields = cached[1]
    day = example_date(rules, owner, example)
    params = rules.params_at(day)
    env = ref.derive_facts(rules, fields, params)
    if isinstance(owner, ir.Benefit):
        if not rules.in_force(owner, day, params):
            status = "not_in_force"
            missing: list[str] = []
        else:
            verdict = ref.benefit_verdict(owner, env)
            status = ref.status_of(verdict.value)
            missing = ref.unknown_inputs(verdict, env)[0]
        if status != example.expect:
            return False
        if example.missing is not None and status == "undetermined" and sorted(missing) != sorted(example.missing):
            return False
    elif not same_value(env.facts.get(owner.name), example.expect):
        return False
    return all(same_value(env.facts.get(n), want) for n, want in example.expect_facts.items())


def mutation_report(rules: ir.RuleSet, kinds: tuple[str, ...] | None = None) -> MutationReport:
    """Every mutant of ``rules`` (of ``kinds``, default all) run against the examples it can affect."""
    reads = _reads(rules)
    examples = _examples(rules)
    count = 0
    survivors: list[Mutant] = []
    recent: list[tuple[str, ir.Example]] = []
    for mutant in mutants(rules):
        if kinds is not None and mutant.kind not in kinds:
            continue
        count += 1
        if not killed(mutant, _affected(mutant, reads), examples, recent):
            survivors.append(mutant)
    return MutationReport(count, tuple(survivors))


__all__ = ["STEPS", "STRICT_KINDS", "Mutant", "MutationReport", "killed", "mutants", "mutation_report"]
