"""The intermediate representation every backend compiles from.

Expressions are frozen, slotted dataclasses carrying their source span; a rule set is the lowered
form of one region's YAML plus what it includes. Types ("kinds") are checked when the IR is built,
so backends may trust them:

- ``bool``; ``str`` (optionally with a closed set of ``choices``);
- numbers by unit kind: ``money`` (yuan), ``count``, ``ratio``, ``years``, and ``number`` for a bare
  literal, which fits any numeric kind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Union

from ..errors import Location

Value = Union[bool, str, Decimal]  # noqa: UP007 - used at runtime in isinstance-free annotations
NUMERIC_KINDS = frozenset({"money", "count", "ratio", "years", "number"})


@dataclass(frozen=True, slots=True)
class Span:
    """Where an expression node came from: its rule-file location and its source text."""

    location: Location
    text: str


NO_SPAN = Span(Location("<built-in>"), "")


@dataclass(frozen=True, slots=True)
class Const:
    value: Value
    kind: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class FieldRef:
    name: str
    kind: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class FactRef:
    name: str
    kind: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ParamRef:
    """A dated parameter; ``qualified`` is ``national.x`` or ``params.x`` as written."""

    name: str
    kind: str
    qualified: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Cmp:
    op: str  # one of < <= > >= == !=
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class In:
    item: Expr
    options: tuple[Const, ...]
    negated: bool = False
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class StartsWith:
    item: Expr
    prefixes: tuple[str, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Not:
    item: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Arith:
    op: str  # + - * /
    left: Expr
    right: Expr
    kind: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Call:
    fn: str  # min | max
    args: tuple[Expr, ...]
    kind: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Case:
    """One arm of a first-match fact: ``when`` true gives ``value``."""

    when: Expr
    value: Expr


@dataclass(frozen=True, slots=True)
class Cases:
    """First-match cases (DMN hit policy FIRST) with an optional ``otherwise``."""

    cases: tuple[Case, ...]
    otherwise: Expr | None
    kind: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Candidates:
    """The rows a key could be when the key fact's case lists several (行业代码 F: 批发业 or 零售业).

    ``when`` is that case's condition; the loader proves that where it holds no case of one value
    applies, so the key is unknown there. The table's answer is then the one every listed row gives
    (a row the table has none for, such as ``not_covered``, gives unknown), unknown if they differ.
    """

    when: Expr
    rows: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Switch:
    """Row selection of a table: the branch whose key equals ``key``'s value; none is unknown.

    Where the key is unknown and one of ``candidates`` holds, the answer its rows agree on.
    """

    key: Expr
    branches: tuple[tuple[str, Expr], ...]
    kind: str
    table: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    candidates: tuple[Candidates, ...] = ()

    def bodies(self) -> dict[str, Expr]:
        """Each row's branch; the first of a repeated key, as the key's lookup finds it."""
        found: dict[str, Expr] = {}
        for row, branch in self.branches:
            found.setdefault(row, branch)
        return found


Expr = Union[Const, FieldRef, FactRef, ParamRef, Cmp, In, StartsWith, And, Or, Not, Arith, Call, Cases, Switch]  # noqa: UP007


def kind_of(expr: Expr) -> str:
    """The value kind an expression produces."""
    if isinstance(expr, (Cmp, In, StartsWith, And, Or, Not)):
        return "bool"
    return expr.kind


def children(expr: Expr) -> tuple[Expr, ...]:
    """Direct sub-expressions, for generic walks."""
    if isinstance(expr, Cmp):
        return (expr.left, expr.right)
    if isinstance(expr, (In, StartsWith)):
        return (expr.item,)
    if isinstance(expr, (And, Or)):
        return expr.items
    if isinstance(expr, Not):
        return (expr.item,)
    if isinstance(expr, Arith):
        return (expr.left, expr.right)
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, Cases):
        out: list[Expr] = []
        for case in expr.cases:
            out += [case.when, case.value]
        if expr.otherwise is not None:
            out.append(expr.otherwise)
        return tuple(out)
    if isinstance(expr, Switch):
        return (expr.key, *(b for _, b in expr.branches), *(c.when for c in expr.candidates))
    return ()


def walk(expr: Expr) -> list[Expr]:
    """Every node of ``expr``, parents before children."""
    out = [expr]
    for child in children(expr):
        out.extend(walk(child))
    return out


def refs(expr: Expr) -> tuple[set[str], set[str], set[str]]:
    """(fields, facts, parameters) that ``expr`` reads directly."""
    fields: set[str] = set()
    facts: set[str] = set()
    params: set[str] = set()
    for node in walk(expr):
        if isinstance(node, FieldRef):
            fields.add(node.name)
        elif isinstance(node, FactRef):
            facts.add(node.name)
        elif isinstance(node, ParamRef):
            params.add(node.name)
    return fields, facts, params


def render(expr: Expr) -> str:
    """The expression as written in the rule file, or rebuilt where it has no source text."""
    if expr.span.text:
        return " ".join(expr.span.text.split())
    if isinstance(expr, Const):
        return _literal(expr.value)
    if isinstance(expr, FieldRef | FactRef):
        return expr.name
    if isinstance(expr, ParamRef):
        return expr.qualified
    if isinstance(expr, Cmp):
        return f"{render(expr.left)} {expr.op} {render(expr.right)}"
    if isinstance(expr, And | Or):
        joiner = " and " if isinstance(expr, And) else " or "
        return "(" + joiner.join(render(i) for i in expr.items) + ")"
    if isinstance(expr, Not):
        return f"not {render(expr.item)}"
    if isinstance(expr, In):
        return f"{render(expr.item)} {'not in' if expr.negated else 'in'} [{', '.join(render(o) for o in expr.options)}]"
    if isinstance(expr, StartsWith):
        return f"{render(expr.item)}.startswith({expr.prefixes!r})"
    return type(expr).__name__


def _literal(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())
    return repr(value)


# --------------------------------------------------------------------------- rule set


@dataclass(frozen=True, slots=True)
class Window:
    """An inclusive date window; ``None`` bounds are open."""

    start: dt.date | None
    end: dt.date | None

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else "…"
        end = self.end.isoformat() if self.end else "…"
        return f"{start} – {end}"


ALWAYS = Window(None, None)


@dataclass(frozen=True, slots=True)
class Article:
    key: str
    heading: str
    not_encoded: str | None


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    file: str
    title: str
    window: Window
    articles: tuple[Article, ...]
    number: str | None = None
    issuer: str | None = None
    in_force_note: str | None = None


@dataclass(frozen=True, slots=True)
class ParamValue:
    start: dt.date
    value: Decimal | bool | str | None
    notice: str | None


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    title: str
    unit: str
    kind: str
    values: tuple[ParamValue, ...]  # sorted by start
    source: str | None  # "document (article)" or a notice
    label: str = ""  # the short Chinese name shown in explanations

    def at(self, day: dt.date) -> ParamValue | None:
        """The value in force on ``day``; ``None`` when none is (before the first, or ended)."""
        current: ParamValue | None = None
        for value in self.values:
            if value.start <= day:
                current = value
            else:
                break
        if current is None or current.value is None:
            return None
        return current


@dataclass(frozen=True, slots=True)
class Notice:
    """A national notice of a national measure and the window over which it gives the measure."""

    number: str
    window: Window
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    document: str  # document id
    file: str  # file name in docs/sources
    article: str
    quote: str


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    as_of: dt.date | None
    profile: dict[str, object]
    expect: object
    missing: tuple[str, ...] | None
    expect_facts: dict[str, object]
    location: Location = field(repr=False)  # where it is written: not part of what it decides, nor of the content digest


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    title: str
    kind: str
    choices: tuple[str, ...] | None
    expr: Expr
    depends_on: frozenset[str] = field(repr=False)  # other facts (read from ``expr``; a set prints in no fixed order)
    source: str | None
    examples: tuple[Example, ...]
    location: Location = field(repr=False)  # where it is written: not part of what it decides, nor of the content digest
    note: str | None = None
    label: str = ""  # the short Chinese name shown in explanations


@dataclass(frozen=True, slots=True)
class Amount:
    expr: Expr | None
    unit: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class Benefit:
    id: str
    title: str
    title_en: str | None
    category: str
    kind: str
    obtained_by: str
    beneficiary: str
    sources: tuple[Source, ...]
    national_basis: tuple[str, ...]
    window: Window
    when: Expr
    amount: Amount | None
    note: str | None
    examples: tuple[Example, ...]
    location: Location = field(repr=False)  # where it is written: not part of what it decides, nor of the content digest
    params: frozenset[str] = field(default=frozenset(), repr=False)  # parameters read by `when` or through facts
    #: a national measure's notices: it is in force while one of their windows holds
    notices: tuple[Notice, ...] = ()
    #: the national measure a region's benefit restates, and that measure's note
    restates: str | None = None
    national_note: str | None = None


@dataclass(frozen=True, slots=True)
class ProcurementOutput:
    name: str
    title: str
    kind: str
    expr: Expr
    note: str | None


@dataclass(frozen=True, slots=True)
class ProcurementExample:
    as_of: dt.date
    project: dict[str, object]
    expect: dict[str, object]
    location: object = field(repr=False)


@dataclass(frozen=True, slots=True)
class ProcurementRules:
    """How much of a procurement project's budget is reserved for SMEs: rules over the project."""

    outputs: tuple[ProcurementOutput, ...]  # in order; later outputs may read earlier ones
    national_basis: tuple[str, ...]
    sources: tuple[Source, ...]  # the region's own articles restating the national rule
    examples: tuple[ProcurementExample, ...]


#: the fields of a procurement project that procurement rules may read
PROJECT_FIELDS = {"budget": "money", "category": "str"}
PROJECT_CHOICES: dict[str, tuple[str, ...] | None] = {"budget": None, "category": ("goods", "services", "works")}


@dataclass(frozen=True)
class RuleSet:
    """One region's rules, with everything it includes, ready for any backend.

    ``version`` names what the rules decide with, and every cache of compiled rules is keyed on it,
    so it is recomputed whenever a rule set is built: a copy with other figures
    (``with_parameters``, or ``dataclasses.replace`` by hand) gets its own version, never the
    files'. It is the files' version (``xizang@<hash>``) while the content is what was loaded
    from them, and ``xizang@<hash>+<hash of the content>`` once anything differs.
    """

    region: str
    name: str
    region_codes: tuple[str, ...]
    documents: dict[str, Document]
    parameters: dict[str, Parameter]
    facts: dict[str, Fact]  # in dependency order
    benefits: dict[str, Benefit]
    files: tuple[str, ...]
    version: str  # content hash of the files, plus the content's when it differs from the files'
    procurement: ProcurementRules | None = None
    extra: dict[str, object] = field(default_factory=dict)
    #: digest of the content as the files gave it (set on the first build; copies carry it along)
    loaded_digest: str | None = field(default=None, repr=False)
    #: what differs from the rule files, for people: ``增值税起征点 …: 15万 → 12万`` (see reform.py)
    reforms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        digest = content_digest(self)
        loaded = self.loaded_digest if self.loaded_digest is not None else digest
        files_version = self.version.split("+", 1)[0]
        object.__setattr__(self, "loaded_digest", loaded)
        object.__setattr__(self, "version", files_version if digest == loaded else f"{files_version}+{digest[:12]}")
        # per-instance caches, outside the fields: a copy starts with none of the original's
        object.__setattr__(self, "_caches", {})

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_caches", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        object.__setattr__(self, "_caches", {})

    def with_parameters(self, changes: Mapping[str, object]) -> RuleSet:
        """A new rule set with other figures: ``{"vat_exempt_monthly_sales": "12万"}``, or from a date:
        ``{"name": {"from": "2025-01-01", "value": "12万"}}``; checked like the rule files (see reform.py)."""
        from .reform import with_parameters

        return with_parameters(self, changes)

    def params_at(self, day: dt.date) -> dict[str, ParamValue]:
        """Every parameter with a value on ``day`` (cached per day: the rule set is immutable)."""
        cache: dict[dt.date, dict[str, ParamValue]] = self._day_cache("params")
        found = cache.get(day)
        if found is None:
            found = {}
            for name, param in self.parameters.items():
                value = param.at(day)
                if value is not None:
                    found[name] = value
            cache[day] = found
        return found

    def benefits_in_force(self, day: dt.date) -> list[str]:
        """Ids of the benefits in force on ``day``, in file order (cached per day)."""
        cache: dict[dt.date, list[str]] = self._day_cache("in_force")
        found = cache.get(day)
        if found is None:
            params = self.params_at(day)
            found = [bid for bid, b in self.benefits.items() if self.in_force(b, day, params)]
            cache[day] = found
        return found

    def _day_cache(self, name: str) -> Any:
        # bounded: a long-running service asking about many dates keeps the last few hundred
        caches: dict[str, dict[dt.date, Any]] = self.__dict__["_caches"]
        cache = caches.setdefault(name, {})
        if len(cache) > 512:
            cache.clear()
        return cache

    def in_force(self, benefit: Benefit, day: dt.date, params: dict[str, ParamValue]) -> bool:
        """A benefit applies on ``day`` when a source document and its own window hold and its figures exist."""
        if not benefit.window.holds(day):
            return False
        if benefit.notices:
            # a national measure follows its national notices, not the regional documents citing it
            if not any(n.window.holds(day) for n in benefit.notices):
                return False
        elif not any(self.documents[s.document].window.holds(day) for s in benefit.sources):
            return False
        return all(p in params for p in benefit.params)


def content_digest(rules: RuleSet) -> str:
    """A hash of everything a rule set decides with (documents, figures, facts, benefits, procurement).

    The IR's dataclass reprs are deterministic and show every value (spans excepted, which do not
    decide anything); equal content can hash differently only through a differently written but
    equal number, which costs a cache miss, never a wrong answer.
    """
    content = (rules.region, rules.documents, rules.parameters, rules.facts, rules.benefits, rules.procurement)
    return hashlib.sha256(repr(content).encode()).hexdigest()
