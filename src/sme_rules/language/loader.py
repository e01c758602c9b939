"""Rule files → :class:`~sme_rules.language.ir.RuleSet`.

Loading is lazy about nothing and strict about everything: every problem in every file is collected
(shape, names, types, cycles, coverage, examples' profiles) and raised once as a
:class:`~sme_rules.errors.RuleFileError`, each at ``file:line:col`` with a caret under the spot.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..errors import Location, ProfileError, RegionError, RuleFileError, RuleProblem
from ..profile import EnterpriseProfile, field_catalogue
from ..regions import REGIONS
from . import cache as rule_cache
from . import ir
from . import national as national_layer
from .figures import UNIT_KINDS, read_figure

if TYPE_CHECKING:
    # Parsing a rule file needs YAML, the file schema and the expression compiler: imported where a
    # file is parsed, since a process that finds its rule sets in the cache (language/cache.py) never does.
    from .expr import ExprError, Scope
    from .schema import BenefitSpec, ExampleSpec, FactSpec, RuleFileSpec, SourceRef, WindowSpec



def rules_dir() -> Path:
    """The ``rules/`` folder: inside the installed package, or at the top of a checkout."""
    from importlib import resources  # on first use: importlib.resources costs import time

    packaged = Path(str(resources.files("sme_rules"))) / "rules"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("rule files not found: neither sme_rules/rules nor <checkout>/rules exists")


_CACHE: dict[Path, ir.RuleSet] = {}
_BY_REGION: dict[str, ir.RuleSet] = {}
_LOCK = threading.Lock()


def load_region(region: str) -> ir.RuleSet:
    """The rule set of a region, loaded once per process (thread-safe)."""
    found = _BY_REGION.get(region)  # a dict read: evaluate() asks on every call
    if found is not None:
        return found
    if region not in REGIONS:
        raise RegionError(f"unknown region {region!r}; choose one of {', '.join(REGIONS)}")
    found = load(rules_dir() / f"{region}.yaml")
    with _LOCK:
        _BY_REGION[region] = found
    return found


def region_codes() -> dict[str, str]:
    """GB/T 2260 prefix → region, as each region's rule file declares it (``region_codes:``)."""
    return {code: region for region in REGIONS for code in load_region(region).region_codes}


def region_of_code(code: str) -> str | None:
    """The region whose declared prefix a code starts with (the longest wins), or None."""
    prefixes = region_codes()
    for prefix in sorted(prefixes, key=len, reverse=True):
        if code.startswith(prefix):
            return prefixes[prefix]
    return None


def describe_region_codes() -> str:
    """``54xxxx xizang, 63xxxx qinghai, …`` for messages."""
    return ", ".join(f"{p}xxxx {r}" for p, r in region_codes().items())


def load(path: str | Path) -> ir.RuleSet:
    """Load one rule file with its includes; cached by resolved path."""
    resolved = Path(path).resolve()
    with _LOCK:
        cached = _CACHE.get(resolved)
        if cached is None:
            cached = rule_cache.read(resolved)  # built by an earlier process from the same files and code
            if cached is None:
                cached = _Builder(resolved).build()
                rule_cache.write(resolved, cached)
            _CACHE[resolved] = cached
        return cached


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
        _BY_REGION.clear()


class _File:
    def __init__(self, path: Path, raw: Any, spec: RuleFileSpec | None, text: str) -> None:
        self.path = path
        self.raw = raw
        self.spec = spec
        self.text = text
        self.lines = text.splitlines()

    @property
    def name(self) -> str:
        return _display(self.path)

    def at(self, *path: Any) -> tuple[Location, bool]:
        from .yamlpos import locate
        return locate(self.raw, path, self.name)

    def problem(self, message: str, *path: Any) -> RuleProblem:
        location, _ = self.at(*path)
        return RuleProblem(location, message, self._line(location.line))

    def key_problem(self, message: str, mapping_path: tuple[Any, ...], key: str) -> RuleProblem:
        from .yamlpos import key_location
        mapping: Any = self.raw
        for step in mapping_path:
            try:
                mapping = mapping[step]
            except (KeyError, IndexError, TypeError):
                break
        location = key_location(mapping, key, self.name)
        return RuleProblem(location, message, self._line(location.line))

    def _line(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Builder:
    """One load: reads files, checks them, lowers them to IR; collects problems as it goes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[RuleProblem] = []
        self.files: list[_File] = []
        self.checked_tables: set[tuple[str, str | None]] = set()
        #: per fact, its cases that list several values (read by the tables keyed on it)
        self.fact_candidates: dict[str, tuple[ir.Candidates, ...]] = {}

    # -- reading ------------------------------------------------------------------------------
    def read(self, path: Path, seen: tuple[Path, ...]) -> None:
        from .schema import RuleFileSpec
        from .yamlpos import YamlSyntaxError, decode, load_yaml
        if any(f.path == path for f in self.files):
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.problems.append(RuleProblem(Location(_display(path)), f"cannot read rule file: {exc.strerror}"))
            return
        text = ""
        try:
            text = decode(data, _display(path))
            raw = load_yaml(text, _display(path))
        except YamlSyntaxError as exc:
            line = text.splitlines()[exc.location.line - 1] if 0 < exc.location.line <= len(text.splitlines()) else ""
            self.problems.append(RuleProblem(exc.location, f"YAML syntax: {exc.message}", line))
            return
        file = _File(path, raw, None, text)
        if not isinstance(raw, dict):
            self.problems.append(RuleProblem(Location(file.name, 1, 1), "a rule file is a mapping (region:, documents:, ...)"))
            return
        try:
            file.spec = RuleFileSpec.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                if loc and loc[-1] in _FIGURE_TYPES:
                    if loc[-1] != "int":
                        continue  # the figure's three alternatives say one thing: say it once
                    loc = loc[:-1]
                message = _pydantic_message(err)
                if err["type"] == "extra_forbidden":
                    *parent, key = loc
                    self.problems.append(file.key_problem(message, tuple(parent), str(key)))
                else:
                    self.problems.append(file.problem(message, *loc))
            return
        for name in file.spec.include:
            target = path.parent / f"{name}.yaml"
            if target in seen:
                self.problems.append(file.problem(f"include cycle: {name}", "include"))
                continue
            if not target.is_file():
                self.problems.append(file.problem(f"included file {name}.yaml not found beside {file.name}", "include"))
                continue
            self.read(target, (*seen, path))
        self.files.append(file)  # includes first: their names are known before this file's

    # -- building -----------------------------------------------------------------------------
    def build(self) -> ir.RuleSet:
        self.read(self.path, (self.path,))
        if self.problems:
            raise RuleFileError(self.problems)
        main = self.files[-1]
        assert main.spec is not None
        documents = self.documents()
        parameters, kinds = self.parameters(documents)
        facts = self.facts(parameters, kinds)
        benefits = self.benefits(documents, parameters, kinds, facts)
        procurement = self.procurement(documents, kinds)
        self.coverage(documents, benefits, procurement)
        self.examples(facts, benefits)
        if self.problems:
            raise RuleFileError(self.problems)
        digest = hashlib.sha256()
        for file in self.files:
            digest.update(file.path.name.encode() + b"\0" + file.text.encode())
        return ir.RuleSet(
            region=main.spec.region or main.path.stem,
            name=main.spec.name or main.path.stem,
            region_codes=tuple(main.spec.region_codes),
            documents=documents,
            parameters=parameters,
            facts=facts,
            benefits=benefits,
            files=tuple(f.name for f in self.files),
            version=f"{main.path.stem}@{digest.hexdigest()[:12]}",
            procurement=procurement,
        )

    def specs(self) -> Iterable[tuple[_File, RuleFileSpec]]:
        for file in self.files:
            assert file.spec is not None
            yield file, file.spec

    def documents(self) -> dict[str, ir.Document]:
        out: dict[str, ir.Document] = {}
        for file, spec in self.specs():
            for doc_id, doc in spec.documents.items():
                if doc_id in out:
                    self.problems.append(file.key_problem(f"document {doc_id!r} is defined twice", ("documents",), doc_id))
                    continue
                articles = tuple(ir.Article(k, a.heading, a.not_encoded) for k, a in doc.articles.items())
                out[doc_id] = ir.Document(
                    doc_id, doc.file, doc.title, _window(doc.in_force), articles, doc.number, doc.issuer, doc.in_force_note
                )
        return out

    def parameters(self, documents: dict[str, ir.Document]) -> tuple[dict[str, ir.Parameter], dict[str, dict[str, str]]]:
        out: dict[str, ir.Parameter] = {}
        kinds: dict[str, dict[str, str]] = {}  # file name -> {param: kind}, per namespace
        for file, spec in self.specs():
            own: dict[str, str] = {}
            for name, param in spec.parameters.items():
                where = ("parameters", name)
                if name in out:
                    self.problems.append(file.key_problem(f"parameter {name!r} is defined twice", ("parameters",), name))
                    continue
                self.require_label(file, "parameter", name, param.label)
                kind = UNIT_KINDS.get(param.unit, "number")
                values: list[ir.ParamValue] = []
                for i, pv in enumerate(param.values):
                    value: Decimal | bool | str | None
                    if isinstance(pv.value, bool) and param.unit in UNIT_KINDS:
                        self.problems.append(file.problem(f"{pv.value!r} is not a figure: the unit is {param.unit}", *where, "values", i, "value"))
                        continue
                    if pv.value is None or isinstance(pv.value, bool):
                        value = pv.value
                        if isinstance(value, bool):
                            kind = "bool"
                    else:
                        try:
                            value = read_figure(pv.value, kind)
                        except ValueError as exc:
                            self.problems.append(file.problem(str(exc), *where, "values", i, "value"))
                            continue
                    notice = pv.notice or _source_text(pv.source, documents) or _source_text(param.source, documents)
                    self.check_source_ref(file, pv.source or param.source, documents, where)
                    values.append(ir.ParamValue(pv.from_, value, notice))
                starts = [v.start for v in values]
                if starts != sorted(starts) or len(set(starts)) != len(starts):
                    self.problems.append(file.problem("parameter values must be in date order, one per date", *where, "values"))
                source = _source_text(param.source, documents)
                out[name] = ir.Parameter(name, param.title, param.unit, kind, tuple(values), source, param.label or "")
                own[name] = kind
            kinds[file.name] = own
        return out, kinds

    def require_label(self, file: _File, what: str, name: str, label: str | None) -> None:
        """Explanations name every fact and parameter in Chinese: a missing ``label:`` is an error."""
        if not (label and label.strip()):
            section = "parameters" if what == "parameter" else "facts"
            self.problems.append(
                file.key_problem(f"{what} {name} has no label: (the short Chinese name explanations show)", (section,), name)
            )

    def check_source_ref(self, file: _File, ref: SourceRef | None, documents: dict[str, ir.Document], where: tuple[Any, ...]) -> None:
        if ref is None or ref.document is None:
            return
        doc = documents.get(ref.document)
        if doc is None:
            self.problems.append(file.problem(f"unknown document {ref.document!r}", *where, "source"))
        elif ref.article and ref.article not in {a.key for a in doc.articles}:
            self.problems.append(file.problem(f"document {ref.document!r} has no article {ref.article!r}", *where, "source"))

    def scope(self, file: _File, kinds: dict[str, dict[str, str]], fact_kinds: dict[str, str], fact_choices: dict[str, tuple[str, ...] | None]) -> Scope:
        from .expr import Scope
        catalogue = field_catalogue()
        national = kinds.get(next((f.name for f in self.files if f.path.stem == "national"), ""), {})
        return Scope(
            fields={n: s.kind for n, s in catalogue.items()},
            field_choices={n: s.choices for n, s in catalogue.items()},
            facts=fact_kinds,
            fact_choices=fact_choices,
            national=national,
            params=kinds.get(file.name, {}),
        )

    def compile(self, text: str, scope: Scope, file: _File, *where: Any) -> ir.Expr | None:
        from .expr import ExprError, compile_expr
        location, block = file.at(*where)
        try:
            return compile_expr(text, scope, location)
        except ExprError as exc:
            self.problems.append(self.placed(exc, text, location, block, file))
            return None

    @staticmethod
    def placed(exc: ExprError, text: str, location: Location, block: bool, file: _File) -> RuleProblem:
        """The problem at its file position, shown under the file's own line."""
        from .expr import problem_at
        found = problem_at(exc, text, location, block)
        return RuleProblem(found.location, found.message, file._line(found.location.line))

    def facts(self, parameters: dict[str, ir.Parameter], kinds: dict[str, dict[str, str]]) -> dict[str, ir.Fact]:
        fact_kinds: dict[str, str] = {}
        fact_choices: dict[str, tuple[str, ...] | None] = {}
        declared: dict[str, tuple[_File, FactSpec]] = {}
        catalogue = field_catalogue()
        for file, spec in self.specs():
            for name, fact in spec.facts.items():
                if name in declared or name in catalogue:
                    what = "a profile field" if name in catalogue else "a fact defined twice"
                    self.problems.append(file.key_problem(f"{name!r} is {what}", ("facts",), name))
                    continue
                self.require_label(file, "fact", name, fact.label)
                declared[name] = (file, fact)
                fact_kinds[name] = fact.type
                fact_choices[name] = tuple(fact.values) if fact.values else None
        tables = {n: (f, t) for f, s in self.specs() for n, t in s.tables.items()}
        self.fact_candidates = {
            name: self.candidates(name, fact, self.scope(file, kinds, fact_kinds, fact_choices), file, ("facts", name))
            for name, (file, fact) in declared.items()
        }
        compiled: dict[str, ir.Fact] = {}
        for name, (file, fact) in declared.items():
            scope = self.scope(file, kinds, fact_kinds, fact_choices)
            where = ("facts", name)
            expr = self.fact_expr(name, fact, scope, file, where, tables)
            if expr is None:
                continue
            if ir.kind_of(expr) != fact.type and not (fact.type in ir.NUMERIC_KINDS and ir.kind_of(expr) in ir.NUMERIC_KINDS):
                self.problems.append(file.problem(f"fact {name!r} is declared {fact.type} but computes {ir.kind_of(expr)}", *where))
                continue
            _, deps, _ = ir.refs(expr)
            examples = self.example_list(file, fact.examples, (*where, "examples"))
            compiled[name] = ir.Fact(
                name, fact.title, fact.type, fact_choices[name], expr, frozenset(deps),
                _source_text(fact.source, {}), examples, file.at(*where)[0], fact.note, fact.label or "",
            )
        return self.order_facts(compiled, declared)

    def fact_expr(
        self, name: str, fact: FactSpec, scope: Scope, file: _File, where: tuple[Any, ...],
        tables: dict[str, tuple[_File, Any]],
    ) -> ir.Expr | None:
        from .expr import Scope
        if (fact.when is None) == (fact.cases is None):
            self.problems.append(file.problem(f"fact {name!r} needs exactly one of `when` or `cases`", *where))
            return None
        if fact.table is None:
            return self.fact_body(fact, scope, file, where)
        if fact.table not in tables:
            self.problems.append(file.problem(f"unknown table {fact.table!r}{_near(fact.table, tables)}", *where, "table"))
            return None
        table_file, table = tables[fact.table]
        key = self.compile(table.key, scope, table_file, "tables", fact.table, "key")
        if key is None:
            return None
        branches: list[tuple[str, ir.Expr]] = []
        for row_key, row in table.rows.items():
            cells: dict[str, Decimal] = {}
            for column, cell in row.items():
                if column not in table.columns:
                    self.problems.append(table_file.key_problem(f"column {column!r} is not declared", ("tables", fact.table, "rows", row_key), column))
                    continue
                try:
                    cells[column] = read_figure(cell, UNIT_KINDS.get(table.columns[column], "number"))
                except ValueError as exc:
                    self.problems.append(table_file.problem(f"table cell {row_key}.{column}: {exc}", "tables", fact.table, "rows", row_key, column))
            self.check_row_order(table_file, fact.table, row_key, cells)
            row_scope = Scope(**{**scope.__dict__, "row": cells.get, "row_columns": frozenset(table.columns)})
            body = self.fact_body(fact, row_scope, file, where)
            if body is None:
                return None
            branches.append((row_key, body))
        self.check_table_coverage(table_file, fact.table, table, key, scope)
        candidates = self.fact_candidates.get(key.name, ()) if isinstance(key, ir.FactRef) else ()
        return ir.Switch(key, tuple(branches), fact.type, fact.table, candidates=candidates)

    def candidates(self, name: str, fact: FactSpec, scope: Scope, file: _File, where: tuple[Any, ...]) -> tuple[ir.Candidates, ...]:
        """The cases of ``fact`` that list several values, as the candidate rows of a table keyed on it.

        Such a case leaves the fact itself unknown; it must test one field against given values, and
        no case of one value may apply to those values (so that the key is unknown where it holds).
        """
        from .expr import ExprError, compile_expr
        from .tables_check import decided_by, tested_values

        listed = [(i, case) for i, case in enumerate(fact.cases or []) if isinstance(case.value, list)]
        if not listed:
            return ()
        if fact.type != "str" or not fact.values or fact.table is not None or fact.otherwise is not None:
            self.problems.append(file.problem(
                f"fact {name!r}: a case listing several values needs a str fact with `values:`, "
                "no `table:` and no `otherwise:`", *where, "cases", listed[0][0], "value"))
            return ()
        single: list[tuple[int, ir.Expr]] = []
        for i, case in enumerate(fact.cases or []):
            if not isinstance(case.value, list):
                try:
                    single.append((i, compile_expr(case.when, scope)))
                except ExprError:
                    return ()  # told where the fact's own cases are compiled (fact_body)
        out: list[ir.Candidates] = []
        tested_field: str | None = None
        seen: set[str] = set()
        for i, case in listed:
            at = (*where, "cases", i)
            rows = case.value
            assert isinstance(rows, list)
            unknown = [v for v in rows if v not in fact.values]
            if unknown or len(set(rows)) != len(rows) or len(rows) < 2:
                self.problems.append(file.problem(
                    f"a case listing several values lists at least two of {fact.values}, each once; not {rows}", *at, "value"))
                return ()
            when = self.compile(case.when, scope, file, *at, "when")
            if when is None:
                return ()
            tested = tested_values(when)
            if tested is None or tested_field not in (None, tested[0]):
                self.problems.append(file.problem(
                    "a case listing several values tests one field against given values, the same field in every such case "
                    '(industry_code == "F", industry_code in ["K", "K70"])', *at, "when"))
                return ()
            tested_field = tested[0]
            for value in tested[1]:
                earlier = decided_by(single, tested[0], value)
                if value in seen or earlier is not None:
                    why = "is listed twice" if earlier is None else f"is decided by case {earlier + 1}"
                    self.problems.append(file.problem(
                        f"{tested[0]} {value!r} {why}: a case listing several values applies only where no other case does", *at, "when"))
                    return ()
                seen.add(value)
            out.append(ir.Candidates(when, tuple(rows)))
        return tuple(out)

    def check_row_order(self, file: _File, name: str, row: str, cells: dict[str, Decimal]) -> None:
        from .tables_check import order_problems
        if (name, row) in self.checked_tables:
            return  # several facts read one table: its problems are told once
        self.checked_tables.add((name, row))
        for column, message in order_problems(row, cells):
            self.problems.append(file.problem(message, "tables", name, "rows", row, column))

    def check_table_coverage(self, file: _File, name: str, table: Any, key: ir.Expr, scope: Scope) -> None:
        from .tables_check import coverage_problems
        if (name, None) in self.checked_tables:
            return
        self.checked_tables.add((name, None))
        values = scope.fact_choices.get(key.name) if isinstance(key, ir.FactRef) else (
            scope.field_choices.get(key.name) if isinstance(key, ir.FieldRef) else None)
        for row, message in coverage_problems(list(table.rows), values, table.outside):
            where = ("tables", name, "rows", row) if row is not None else ("tables", name, "key")
            self.problems.append(file.problem(message, *where))

    def fact_body(self, fact: FactSpec, scope: Scope, file: _File, where: tuple[Any, ...]) -> ir.Expr | None:
        from .expr import ExprError, compile_expr
        if fact.when is not None:
            return self.compile(fact.when, scope, file, *where, "when")
        assert fact.cases is not None
        cases: list[ir.Case] = []
        for i, case in enumerate(fact.cases):
            if isinstance(case.value, list):
                continue  # candidate rows: the fact is unknown there; tables keyed on it read them (candidates)
            try:
                cond = compile_expr(case.when, scope, file.at(*where, "cases", i, "when")[0])
            except ExprError as exc:
                if "leaves empty" in exc.message:
                    continue  # the whole case names indicators this row does not list
                location, block = file.at(*where, "cases", i, "when")
                self.problems.append(self.placed(exc, case.when, location, block, file))
                return None
            value = self.literal(case.value, fact, file, (*where, "cases", i, "value"))
            if value is None:
                return None
            cases.append(ir.Case(cond, value))
        otherwise = None
        if fact.otherwise is not None:
            otherwise = self.literal(fact.otherwise, fact, file, (*where, "otherwise"))
        return ir.Cases(tuple(cases), otherwise, fact.type)

    def literal(self, value: Any, fact: FactSpec, file: _File, where: tuple[Any, ...]) -> ir.Const | None:
        if fact.type == "bool":
            if isinstance(value, bool):
                return ir.Const(value, "bool")
        elif fact.type == "str":
            if isinstance(value, str) and (not fact.values or value in fact.values):
                return ir.Const(value, "str")
        else:
            try:
                return ir.Const(read_figure(value, fact.type), fact.type)
            except ValueError:
                pass
        allowed = f" (one of {fact.values})" if fact.values else ""
        self.problems.append(file.problem(f"{value!r} is not a {fact.type} value{allowed}", *where))
        return None

    def order_facts(self, compiled: dict[str, ir.Fact], declared: dict[str, tuple[_File, FactSpec]]) -> dict[str, ir.Fact]:
        ordered: dict[str, ir.Fact] = {}
        state: dict[str, int] = {}

        def visit(name: str, chain: tuple[str, ...]) -> None:
            if state.get(name) == 2 or name not in compiled:
                return
            if state.get(name) == 1:
                cycle = " → ".join((*chain[chain.index(name):], name))
                file, _ = declared[name]
                self.problems.append(file.key_problem(f"facts depend on each other in a cycle: {cycle}", ("facts",), name))
                return
            state[name] = 1
            for dep in sorted(compiled[name].depends_on):
                visit(dep, (*chain, name))
            state[name] = 2
            ordered[name] = compiled[name]

        for name in compiled:
            visit(name, ())
        return ordered

    def benefits(
        self, documents: dict[str, ir.Document], parameters: dict[str, ir.Parameter],
        kinds: dict[str, dict[str, str]], facts: dict[str, ir.Fact],
    ) -> dict[str, ir.Benefit]:
        fact_kinds = {n: f.kind for n, f in facts.items()}
        fact_choices = {n: f.choices for n, f in facts.items()}
        out: dict[str, ir.Benefit] = {}
        measures: dict[str, ir.Benefit] = {}  # the national measures, by id (national_measures.yaml)
        for file, spec in self.specs():
            scope = self.scope(file, kinds, fact_kinds, fact_choices)
            for bid, benefit in spec.benefits.items():
                where = ("benefits", bid)
                if bid in out and bid != benefit.restates:
                    self.problems.append(file.key_problem(f"benefit {bid!r} is defined twice", ("benefits",), bid))
                    continue
                if benefit.restates is not None:
                    made = self.restate(benefit, bid, measures, documents, facts, scope, file, where)
                    if made is not None:
                        if out.get(benefit.restates) is measures.get(benefit.restates):
                            del out[benefit.restates]  # the region's restatement stands for the measure
                        out[bid] = made
                    continue
                assert benefit.when is not None and benefit.title and benefit.category and benefit.obtained_by
                when = self.compile(benefit.when, scope, file, *where, "when")
                if when is not None and ir.kind_of(when) != "bool":
                    self.problems.append(file.problem(f"`when` must be a condition, not a {ir.kind_of(when)} value", *where, "when"))
                    when = None
                sources = self.sources(benefit, documents, file, where)
                amount = self.amount(benefit, scope, file, where)
                if when is None or sources is None:
                    continue
                examples = self.example_list(file, benefit.examples, (*where, "examples"))
                out[bid] = ir.Benefit(
                    id=bid, title=benefit.title, title_en=benefit.title_en, category=benefit.category,
                    kind=benefit.kind, obtained_by=benefit.obtained_by, beneficiary=benefit.beneficiary,
                    sources=sources, national_basis=national_layer.basis(benefit),
                    window=_window(benefit.in_force) if benefit.in_force else ir.ALWAYS,
                    when=when, amount=amount, note=benefit.note, examples=examples,
                    location=file.at(*where)[0], params=frozenset(_params_through(when, facts)),
                    notices=national_layer.notices(benefit.notices),
                )
                if benefit.notices:
                    measures[bid] = out[bid]
        # the region's own benefits (and its restatements) first, then the national measures it carries as they are
        own = {bid: b for bid, b in out.items() if not (b.notices and b.restates is None)}
        return {**own, **{bid: b for bid, b in out.items() if bid not in own}}

    def restate(
        self, benefit: BenefitSpec, bid: str, measures: dict[str, ir.Benefit], documents: dict[str, ir.Document],
        facts: dict[str, ir.Fact], scope: Scope, file: _File, where: tuple[Any, ...],
    ) -> ir.Benefit | None:
        """A region's benefit that restates a national measure (language/national.py)."""
        assert benefit.restates is not None
        base = measures.get(benefit.restates)
        if base is None:
            self.problems.append(file.problem(
                f"{benefit.restates!r} is not a national measure{_near(benefit.restates, measures)}", *where, "restates"
            ))
            return None
        narrow = None
        if benefit.narrow is not None:
            narrow = self.compile(benefit.narrow, scope, file, *where, "narrow")
            if narrow is None:
                return None
            if ir.kind_of(narrow) != "bool":
                self.problems.append(file.problem("`narrow` must be a condition", *where, "narrow"))
                return None
        sources = self.sources(benefit, documents, file, where)
        if sources is None:
            return None
        when = base.when if narrow is None else ir.And((base.when, narrow))
        examples = self.example_list(file, benefit.examples, (*where, "examples"))
        if narrow is None and benefit.in_force is None:
            examples += base.examples  # the measure as it stands: its own examples hold for it too
        return national_layer.restated(
            base, bid, benefit, sources=sources, when=when,
            window=_window(benefit.in_force) if benefit.in_force else ir.ALWAYS,
            examples=examples,
            location=file.at(*where)[0], params=frozenset(_params_through(when, facts)),
        )

    def sources(self, benefit: BenefitSpec, documents: dict[str, ir.Document], file: _File, where: tuple[Any, ...]) -> tuple[ir.Source, ...] | None:
        out: list[ir.Source] = []
        ok = True
        for i, src in enumerate(benefit.sources):
            doc = documents.get(src.document)
            if doc is None:
                self.problems.append(file.problem(f"unknown document {src.document!r}{_near(src.document, documents)}", *where, "sources", i, "document"))
                ok = False
                continue
            keys = [a.key for a in doc.articles]
            if src.article not in keys:
                self.problems.append(file.problem(f"document {src.document!r} has no article {src.article!r}{_near(src.article, keys)}", *where, "sources", i, "article"))
                ok = False
                continue
            out.append(ir.Source(src.document, doc.file, src.article, src.quote.strip()))
        return tuple(out) if ok else None

    def amount(self, benefit: BenefitSpec, scope: Scope, file: _File, where: tuple[Any, ...]) -> ir.Amount | None:
        from .expr import Scope
        if benefit.amount is None:
            return None
        expr: ir.Expr | None = None
        amount_scope = Scope(**{**scope.__dict__, "allow_arithmetic": True})
        if benefit.amount.expr is not None:
            expr = self.compile(str(benefit.amount.expr), amount_scope, file, *where, "amount", "expr")
        elif benefit.amount.cases is not None:
            # a figure that depends on the enterprise (the R&D rate of a manufacturer): first-match
            # cases whose values are expressions, read like a procurement output
            kind = "ratio" if benefit.amount.unit == "ratio" else "money"
            shaped = SimpleNamespace(when=None, cases=benefit.amount.cases, otherwise=benefit.amount.otherwise, type=kind)
            expr = self.procurement_expr(shaped, amount_scope, file, (*where, "amount"))
        return ir.Amount(expr, benefit.amount.unit, benefit.amount.text)

    def procurement(self, documents: dict[str, ir.Document], kinds: dict[str, dict[str, str]]) -> ir.ProcurementRules | None:
        """The procurement section: outputs from whichever file defines them, sources from all."""
        from .expr import Scope
        outputs: list[ir.ProcurementOutput] = []
        sources: list[ir.Source] = []
        basis: list[str] = []
        examples: list[ir.ProcurementExample] = []
        found = False
        for file, spec in self.specs():
            if spec.procurement is None:
                continue
            found = True
            section = spec.procurement
            basis += section.national_basis
            for i, src in enumerate(section.sources):
                doc = documents.get(src.document)
                if doc is None or src.article not in {a.key for a in doc.articles}:
                    self.problems.append(file.problem(f"unknown document or article {src.document} {src.article}", "procurement", "sources", i))
                    continue
                sources.append(ir.Source(src.document, doc.file, src.article, src.quote.strip()))
            base = self.scope(file, kinds, {}, {})
            for name, out in section.outputs.items():
                where = ("procurement", "outputs", name)
                if any(o.name == name for o in outputs):
                    self.problems.append(file.key_problem(f"procurement output {name!r} is defined twice", ("procurement", "outputs"), name))
                    continue
                scope = Scope(
                    fields=ir.PROJECT_FIELDS, field_choices=ir.PROJECT_CHOICES,
                    facts={o.name: o.kind for o in outputs}, fact_choices={},
                    national=base.national, params=base.params, allow_arithmetic=True,
                )
                expr = self.procurement_expr(out, scope, file, where)
                if expr is not None:
                    outputs.append(ir.ProcurementOutput(name, out.title, out.type, expr, out.note))
            for i, ex in enumerate(section.examples):
                examples.append(ir.ProcurementExample(ex.as_of, dict(ex.project), dict(ex.expect), file.at("procurement", "examples", i)[0]))
        if not found:
            return None
        return ir.ProcurementRules(tuple(outputs), tuple(dict.fromkeys(basis)), tuple(sources), tuple(examples))

    def procurement_expr(self, out: Any, scope: Scope, file: _File, where: tuple[Any, ...]) -> ir.Expr | None:
        if (out.when is None) == (out.cases is None):
            self.problems.append(file.problem("a procurement output needs exactly one of `when` or `cases`", *where))
            return None
        if out.when is not None:
            return self.compile(out.when, scope, file, *where, "when")
        cases: list[ir.Case] = []
        for i, case in enumerate(out.cases):
            if set(case) != {"when", "value"}:
                self.problems.append(file.problem("a case has `when` and `value`", *where, "cases", i))
                return None
            cond = self.compile(str(case["when"]), scope, file, *where, "cases", i, "when")
            value = self.compile(str(case["value"]), scope, file, *where, "cases", i, "value")
            if cond is None or value is None:
                return None
            cases.append(ir.Case(cond, value))
        otherwise = self.compile(out.otherwise, scope, file, *where, "otherwise") if out.otherwise is not None else None
        return ir.Cases(tuple(cases), otherwise, out.type)

    def coverage(self, documents: dict[str, ir.Document], benefits: dict[str, ir.Benefit], procurement: ir.ProcurementRules | None) -> None:
        # cited as written, so that a benefit with a broken condition does not also report its
        # articles as uncited
        cited = {(s.document, s.article) for _, spec in self.specs() for b in spec.benefits.values() for s in b.sources}
        if procurement is not None:
            cited |= {(s.document, s.article) for s in procurement.sources}
        for file, spec in self.specs():
            for doc_id, doc in spec.documents.items():
                for key, article in doc.articles.items():
                    path = ("documents", doc_id, "articles")
                    if (doc_id, key) in cited and article.not_encoded:
                        self.problems.append(file.key_problem(f"article {key} is cited by a benefit and also marked not_encoded", path, key))
                    elif (doc_id, key) not in cited and not article.not_encoded:
                        self.problems.append(file.key_problem(f"article {key} of {doc_id} is neither cited by a benefit nor marked not_encoded", path, key))

    def example_list(self, file: _File, specs: list[ExampleSpec], where: tuple[Any, ...]) -> tuple[ir.Example, ...]:
        """The examples of one rule: each written one, and one per row of each example table."""
        out: list[ir.Example] = []
        for i, ex in enumerate(specs):
            if ex.columns is not None or ex.rows is not None:
                out.extend(self.example_table(file, ex, (*where, i)))
            elif "expect" not in ex.model_fields_set:
                self.problems.append(file.problem("missing required key 'expect'", *where, i))
            else:
                out.append(self.example(file, ex, (*where, i)))
        return tuple(out)

    def example(self, file: _File, ex: ExampleSpec, where: tuple[Any, ...]) -> ir.Example:
        location = file.at(*where)[0]
        return ir.Example(
            name=ex.name or f"line {location.line}", as_of=ex.as_of, profile=dict(ex.profile),
            expect=ex.expect, missing=tuple(ex.missing) if ex.missing is not None else None,
            expect_facts=dict(ex.expect_facts), location=location,
        )

    def example_table(self, file: _File, ex: ExampleSpec, where: tuple[Any, ...]) -> list[ir.Example]:
        """One example per row of a table (``columns:`` + ``rows:``); the table's other keys hold for every row.

        A column names a profile field (an empty cell leaves the field unknown) or ``as_of``, ``expect``
        or ``missing``; a value given both for the table and in a column is an error, as is a row whose
        cells do not match the columns."""
        if ex.columns is None or ex.rows is None:
            absent = "rows" if ex.rows is None else "columns"
            self.problems.append(file.problem(f"an example table needs columns: and rows: (no {absent}:)", *where))
            return []
        columns = ex.columns
        ok = True
        for k, column in enumerate(columns):
            clash = column in ex.model_fields_set if column in _ROW_KEYS else column in ex.profile
            if columns.index(column) != k:
                self.problems.append(file.problem(f"column {column!r} is named twice", *where, "columns", k))
                ok = False
            elif clash:
                self.problems.append(file.problem(f"{column!r} is given both for the table and as a column", *where, "columns", k))
                ok = False
        if "expect" not in columns and "expect" not in ex.model_fields_set:
            self.problems.append(file.problem("missing required key 'expect' (give it for the table or as a column)", *where))
            ok = False
        out: list[ir.Example] = []
        for j, row in enumerate(ex.rows):
            at = (*where, "rows", j)
            if not isinstance(row, list) or len(row) != len(columns):
                got = f"{len(row)} cells" if isinstance(row, list) else "not a list"
                self.problems.append(file.problem(
                    f"a row of an example table has one cell per column ({len(columns)}: {', '.join(columns)}); this row has {got}", *at
                ))
                continue
            cells = dict(zip(columns, row, strict=True))
            as_of, missing = cells.get("as_of", ex.as_of), cells.get("missing", ex.missing)
            if as_of is not None and not isinstance(as_of, dt.date):
                self.problems.append(file.problem(f"as_of: {as_of!r} is not a date (YYYY-MM-DD)", *at, columns.index("as_of")))
                continue
            if missing is not None and not (isinstance(missing, list) and all(isinstance(m, str) for m in missing)):
                self.problems.append(file.problem(f"missing: {missing!r} is not a list of field names", *at, columns.index("missing")))
                continue
            profile = {**ex.profile, **{k: v for k, v in cells.items() if k not in _ROW_KEYS and v is not None}}
            location = file.at(*at)[0]
            out.append(ir.Example(
                name=ex.name or f"line {location.line}", as_of=as_of, profile=profile,
                expect=cells.get("expect", ex.expect), missing=tuple(missing) if missing is not None else None,
                expect_facts=dict(ex.expect_facts), location=location,
            ))
        return out if ok else []

    def examples(self, facts: dict[str, ir.Fact], benefits: dict[str, ir.Benefit]) -> None:
        """Example profiles must be valid profiles: a typo there would make a test pass vacuously."""
        items: list[ir.Fact | ir.Benefit] = [*facts.values(), *benefits.values()]
        for item in items:
            for ex in item.examples:
                try:
                    EnterpriseProfile.parse(ex.profile)
                except ProfileError as exc:
                    file = next(f for f in self.files if f.name == ex.location.path)
                    self.problems.append(RuleProblem(ex.location, f"example profile: {exc}", file._line(ex.location.line)))
                for fact in ex.expect_facts:
                    if fact not in facts:
                        self.problems.append(RuleProblem(ex.location, f"expect_facts names unknown fact {fact!r}"))
            valid = {"eligible", "ineligible", "undetermined", "not_in_force"}
            if isinstance(item, ir.Benefit):
                for ex in item.examples:
                    if ex.expect not in valid:
                        self.problems.append(RuleProblem(ex.location, f"expect must be one of {sorted(valid)}, not {ex.expect!r}"))


def _params_through(expr: ir.Expr, facts: dict[str, ir.Fact]) -> set[str]:
    _, deps, params = ir.refs(expr)
    seen: set[str] = set()
    stack = list(deps)
    while stack:
        name = stack.pop()
        if name in seen or name not in facts:
            continue
        seen.add(name)
        _, more, fact_params = ir.refs(facts[name].expr)
        params |= fact_params
        stack.extend(more)
    return params


def _window(spec: WindowSpec) -> ir.Window:
    return ir.Window(spec.from_, spec.until)


def _source_text(ref: SourceRef | None, documents: dict[str, ir.Document]) -> str | None:
    if ref is None:
        return None
    if ref.notice:
        return ref.notice
    if ref.document:
        doc = documents.get(ref.document)
        title = doc.title if doc else ref.document
        return f"{title} {ref.article or ''}".strip()
    return None


def _near(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


_FIGURE_TYPES = ("int", "float", "str")
#: the columns of an example table that are not profile fields
_ROW_KEYS = ("as_of", "expect", "missing")


def _pydantic_message(err: Any) -> str:
    kind = err["type"]
    loc = err["loc"]
    name = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        return f"unknown key {name!r}"
    if kind == "missing":
        return f"missing required key {name!r}"
    if kind == "literal_error":
        return f"{name}: must be one of {err['ctx']['expected']}"
    if kind == "value_error" and (err.get("ctx") or {}).get("error") is not None:
        return f"{name}: {err['ctx']['error']}"
    if name in _FIGURE_TYPES and len(loc) > 1:  # one of the int | float | str a figure may be
        return f"{loc[-2]}: {err.get('input')!r} is not a figure (write e.g. 15万, 30, 60%)"
    return f"{name}: {err['msg']}" if name != "" else str(err["msg"])


__all__ = ["REGIONS", "clear_cache", "describe_region_codes", "load", "load_region", "region_codes", "region_of_code", "rules_dir"]
