"""pytest plugin: the examples written beside each rule run as test items, one per engine.

Registered through the ``pytest11`` entry point, so it is active wherever sme-rules is installed,
and silent until asked:

- ``pytest --sme-rules-examples``, or ``sme_rules_examples = true`` in the pytest configuration,
  adds the rule files' examples to a whole-suite run (not to a run of chosen test files, unless
  the flag is given);
- ``pytest rules/xizang.yaml`` runs one file's examples;
- ``sme_rules_paths`` names the rule folders or files to collect (default: the rules shipped with
  sme_rules), ``sme_rules_engines`` the engines (default: durable python).

An item is named ``<region>/<benefit|fact>/<id>/<example name>[<engine>]``; a failure shows the
example's file:line, the day, the profile, what was expected and what came out, with the fields
that were missing and the explanation of the result. Whether an example passes is decided by
:func:`sme_rules.checking.run_example`, as ``sme-rules check`` decides it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..checking import ExampleOutcome
    from ..language import ir

_ENGINES = ("durable", "python")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sme_rules", "sme_rules rule examples")
    group.addoption(
        "--sme-rules-examples", action="store_true", default=False,
        help="run the examples in the rule files as tests (also: ini sme_rules_examples = true)",
    )
    parser.addini("sme_rules_examples", "run the examples in the rule files as tests", type="bool", default=False)
    parser.addini(
        "sme_rules_paths", "rule folders or files whose examples to collect (default: the shipped rules)", type="paths",
        default=[],
    )
    parser.addini("sme_rules_engines", "engines to run each example on", type="args", default=list(_ENGINES))


def _rule_paths(config: pytest.Config) -> list[Path]:
    configured: list[Path] = list(config.getini("sme_rules_paths"))
    if configured:
        return [p.resolve() for p in configured]
    from ..language.loader import rules_dir

    return [rules_dir().resolve()]


def _engines(config: pytest.Config) -> tuple[str, ...]:
    engines = tuple(config.getini("sme_rules_engines"))
    unknown = [e for e in engines if e not in _ENGINES]
    if unknown:
        raise pytest.UsageError(f"sme_rules_engines: unknown engine(s) {', '.join(unknown)}; choose from {', '.join(_ENGINES)}")
    return engines


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sme_rules_example: an example from a rule file, run as a test")
    flag = bool(config.getoption("sme_rules_examples"))
    whole_suite = config.args_source != pytest.Config.ArgsSource.ARGS
    if flag or (config.getini("sme_rules_examples") and whole_suite):
        given = [Path(a.split("::")[0]).resolve() for a in config.args]
        for path in _rule_paths(config):
            if not any(path == g or g in path.parents for g in given):
                config.args.append(str(path))


def pytest_report_header(config: pytest.Config) -> str | None:
    if any(Path(a).resolve() in _rule_paths(config) for a in config.args):
        return f"sme_rules: rule examples on {', '.join(_engines(config))}"
    return None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    config = parent.config
    resolved = file_path.resolve()
    explicit = any(Path(a.split("::")[0]).resolve() == resolved for a in config.args)
    inside = any(resolved == p or p in resolved.parents for p in _rule_paths(config))
    if not (explicit or inside) or not _is_region_or_shared_rule_file(resolved):
        return None
    collector: RuleFile = RuleFile.from_parent(parent, path=file_path)
    return collector


def _is_region_or_shared_rule_file(path: Path) -> bool:
    """Rule files hold at least one of these top-level keys; other YAML is left alone."""
    text = path.read_text(encoding="utf-8")
    return any(line.split(":")[0] in ("region", "facts", "benefits", "parameters") for line in text.splitlines())


_INCLUDE = re.compile(r"^include:\s*\[([^\]]*)\]", re.MULTILINE)


def _included_beside(path: Path) -> bool:
    """Whether another rule file in the same folder includes this one (as national.yaml does)."""
    for other in path.parent.glob("*.y*ml"):
        if other != path:
            match = _INCLUDE.search(other.read_text(encoding="utf-8"))
            if match and path.stem in (n.strip().strip("'\"") for n in match.group(1).split(",")):
                return True
    return False


class RuleFile(pytest.File):
    """One rule file: its examples (not those of the files it includes) on each engine."""

    def collect(self) -> list[pytest.Item]:
        from ..checking import iter_examples
        from ..errors import RuleFileError
        from ..language.loader import load

        try:
            rules = load(self.path)
        except RuleFileError as exc:
            if _included_beside(self.path):
                return []  # a part of another file (procurement.yaml): collected through it
            raise self.CollectError(str(exc)) from None
        items: list[pytest.Item] = []
        seen: dict[str, int] = {}
        for owner_id, owner, example in iter_examples(rules):
            kind, _, ident = owner_id.partition(":")
            base = f"{rules.region}/{kind}/{ident}/{example.name}".replace("::", ":")
            seen[base] = seen.get(base, 0) + 1
            if seen[base] > 1:  # two examples with one name still make two tests
                base = f"{base} ({seen[base]})"
            for engine in _engines(self.config):
                item = RuleExample.from_parent(
                    self, name=f"{base}[{engine}]", rules=rules, owner_id=owner_id, owner=owner, example=example, engine=engine
                )
                item.add_marker("sme_rules_example")
                items.append(item)
        return items + self._procurement_items(rules)

    def _procurement_items(self, rules: ir.RuleSet) -> list[pytest.Item]:
        """The procurement examples, with the shared file that holds them (as sme-rules check runs them)."""
        section = getattr(rules, "procurement", None)
        if section is None or rules.region_codes or not section.examples:
            return []
        items: list[pytest.Item] = []
        for index, example in enumerate(section.examples):
            line = getattr(example.location, "line", 0)
            item = ProcurementExampleItem.from_parent(
                self, name=f"{rules.region}/procurement/line {line}", rules=rules, index=index
            )
            item.add_marker("sme_rules_example")
            items.append(item)
        return items


class ProcurementExampleItem(pytest.Item):
    def __init__(self, *, rules: ir.RuleSet, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rules = rules
        self.index = index

    def runtest(self) -> None:
        from ..checking import run_procurement_examples

        example, ok, message = run_procurement_examples(self.rules)[self.index]
        if not ok:
            raise AssertionError(f"{example.location}: project {example.project} on {example.as_of}: {message}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, AssertionError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int, str]:
        section = self.rules.procurement
        location = section.examples[self.index].location if section is not None else None
        return Path(str(getattr(location, "path", self.path))), max(getattr(location, "line", 1) - 1, 0), self.name


class RuleExampleFailed(AssertionError):
    def __init__(self, outcome: ExampleOutcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


class RuleExample(pytest.Item):
    def __init__(
        self, *, rules: ir.RuleSet, owner_id: str, owner: ir.Benefit | ir.Fact, example: ir.Example, engine: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.rules = rules
        self.owner_id = owner_id
        self.owner = owner
        self.example = example
        self.engine = engine

    def runtest(self) -> None:
        from ..checking import run_example

        outcome = run_example(self.rules, self.owner_id, self.owner, self.example, self.engine)
        if not outcome.ok:
            raise RuleExampleFailed(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleExampleFailed):
            return self._describe(excinfo.value.outcome)
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, max(self.example.location.line - 1, 0), self.name

    def _describe(self, outcome: ExampleOutcome) -> str:
        from ..api import evaluate_rules
        from ..checking import example_date
        from ..errors import SmeRulesError
        from ..profile import EnterpriseProfile
        from .result import plain

        ex = self.example
        day = example_date(self.rules, self.owner, ex)
        lines = [
            f"{ex.location}: example {ex.name!r} of {self.owner_id} failed on the {self.engine} engine",
            f"  as_of:    {day}",
            f"  profile:  {json.dumps(plain(ex.profile), ensure_ascii=False)}",
            f"  expected: {ex.expect}" + (f", missing {list(ex.missing)}" if ex.missing is not None else ""),
            f"  problem:  {outcome.message}",
        ]
        try:
            report = evaluate_rules(self.rules, EnterpriseProfile.parse(ex.profile), day, engine="python")
        except SmeRulesError:
            return "\n".join(lines)
        kind, _, ident = self.owner_id.partition(":")
        if kind == "benefit":
            result = report.benefit(ident)
            lines.insert(4, f"  got:      {result.status}" + (f", missing {result.missing}" if result.missing else ""))
            lines += ["", "  explanation (reference engine):", *("    " + line for line in result.to_text().splitlines())]
        else:
            lines.insert(4, f"  got:      {report.facts.get(ident)!r}")
        return "\n".join(lines)
