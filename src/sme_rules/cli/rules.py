"""The commands about the rule files themselves: ``check``, ``coverage``, ``readings``, ``regions``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import RuleFileError
from ..regions import REGIONS
from .common import print_json

# The rule loader, the engines and the report are imported where a command uses them, not when
# the parser is built: ``sme-rules --help`` and the other commands do not pay for them.


def _targets(paths: Sequence[str]) -> list[tuple[Path, Path]]:
    """(file to load, file asked for): a folder means its rule files; a fragment that another file
    includes and that includes nothing itself (procurement.yaml, included by national.yaml) is
    checked within the file that includes it, since alone it names parameters it does not define."""
    from ..language.loader import rules_dir

    asked: list[Path] = []
    for given in [Path(p) for p in paths] or [rules_dir()]:
        asked.extend(sorted(given.glob("*.yaml")) if given.is_dir() else [given])
    out: list[tuple[Path, Path]] = []
    for path in asked:
        host = _includer(path) if path.is_file() and not _includes(path) else None
        if host is not None and host in asked:
            continue  # the host's own check covers it
        if (host or path, path) not in out:
            out.append((host or path, path))
    return out


def _includer(path: Path) -> Path | None:
    """The sibling file that includes ``path`` (``None`` when none does)."""
    return next((s for s in sorted(path.parent.glob("*.yaml")) if s != path and path.stem in _includes(s)), None)


def _includes(path: Path) -> list[str]:
    from ..language.yamlpos import YamlSyntaxError, decode, load_yaml  # YAML only for `check`, not at start-up

    try:
        raw = load_yaml(decode(path.read_bytes(), str(path)), str(path))
    except (OSError, YamlSyntaxError):
        return []  # its own check reports it
    include = raw.get("include") if isinstance(raw, dict) else None
    return [str(name) for name in include] if isinstance(include, list) else []


def cmd_check(args: argparse.Namespace) -> int:
    from ..api import parse_date
    from ..checking import coverage, run_all, run_procurement_examples
    from ..engines.durable import compile_ruleset
    from ..language.loader import load

    failed = 0
    problems: list[str] = []
    for path, asked in _targets(args.files):
        if asked != path:
            print(f"{asked}: checked within {path}, which includes it")
        try:
            rules = load(path)
        except RuleFileError as exc:
            problems.append(str(exc))
            continue
        outcomes = run_all(rules)
        bad = [o for o in outcomes if not o.ok]
        failed += len(bad)
        articles = coverage(rules)
        accounted = sum(a.accounted for a in articles)
        compiled = compile_ruleset(rules, parse_date(None), list(rules.benefits))
        print(
            f"{path}: {len(rules.benefits)} benefits, {len(rules.facts)} facts, "
            f"{len(outcomes) // 2} examples × 2 engines: {len(outcomes) - len(bad)} passed, {len(bad)} failed; "
            f"articles {accounted}/{len(articles)} accounted for; durable rules {compiled.rule_count}"
        )
        for outcome in bad:
            print(f"  FAIL {outcome.example.location} {outcome.label}: {outcome.message}")
        if path.stem == "national":
            for example, ok, message in run_procurement_examples(rules):
                failed += not ok
                if not ok:
                    print(f"  FAIL {example.location} procurement {example.project}: {message}")
        if args.mutations:
            failed += _report_mutants(rules)
    if problems:
        print("\n\n".join(problems), file=sys.stderr)
        return 2
    return 1 if failed else 0


def _report_mutants(rules: Any) -> int:
    """Print, per rule, the mutants no example kills; the count of threshold and comparison survivors."""
    from ..mutations import STRICT_KINDS, mutation_report

    report = mutation_report(rules)
    strict = report.strict_survivors()
    print(f"  mutants: {report.mutants}, killed {report.mutants - len(report.survivors)}, "
          f"surviving {len(report.survivors)} ({len(strict)} of kinds {', '.join(STRICT_KINDS)})")
    for owner, survivors in report.by_owner().items():
        print(f"  {owner}: {len(survivors)} surviving")
        for mutant in survivors:
            print(f"    {mutant.location}: {mutant.kind}: {mutant.description}")
    return len(strict)


def _coverage_rows(region: str) -> list[dict[str, Any]]:
    from ..checking import coverage
    from ..language.loader import load_region

    rules = load_region(region)
    return [
        {
            "region": region,
            "document": c.document.file,
            "document_title": c.document.title,
            "article": c.article.key,
            "heading": c.article.heading,
            "encoded_by": list(c.benefits),
            "not_encoded": c.article.not_encoded,
            "accounted": c.accounted,
        }
        for c in coverage(rules)
    ]


def cmd_coverage(args: argparse.Namespace) -> int:
    rows = [row for region in _regions_asked(args) for row in _coverage_rows(region)]
    accounted = sum(r["accounted"] for r in rows)
    if args.format == "json":
        print_json({"articles": rows, "accounted": accounted, "total": len(rows)})
        return 0 if accounted == len(rows) else 1
    current = None
    for row in rows:
        if row["document"] != current:
            current = row["document"]
            print(f"\n{row['document_title']}（{row['document']}）")
        what = ", ".join(row["encoded_by"]) if row["encoded_by"] else f"未编码：{row['not_encoded']}"
        mark = "✓" if row["accounted"] else "✗"
        print(f"  {mark} {row['article']} {row['heading']} → {what}")
    print(f"\n{accounted}/{len(rows)} articles accounted for")
    return 0 if accounted == len(rows) else 1


def prose(note: str) -> str:
    """A note as one paragraph for a Chinese reader (ids named by their labels, no folding gaps)."""
    from ..report.zh import prose as zh_prose

    return zh_prose(" ".join(note.split()))


def readings(region: str, *, national: bool) -> list[dict[str, Any]]:
    """The notes of one region's facts and benefits (and, with ``national``, of the national facts)."""
    from ..language.loader import load_region

    rules = load_region(region)
    rows: list[dict[str, Any]] = []
    own = ("national.yaml",) if national else ()
    for fact in rules.facts.values():
        file = Path(fact.location.path).name
        if fact.note and (file == f"{region}.yaml" or file in own):
            scope = "national" if file == "national.yaml" else region
            rows.append({"scope": scope, "kind": "fact", "id": fact.name, "title": fact.title, "articles": [], "note": prose(fact.note)})
    for benefit in rules.benefits.values():
        # a national measure's own note once, under 国家定义; a region's restatement under the region
        from_national = Path(benefit.location.path).name == "national_measures.yaml"
        if benefit.note and (national or not from_national):
            articles = list(dict.fromkeys(s.article for s in benefit.sources))
            rows.append({
                "scope": "national" if from_national else region, "kind": "benefit", "id": benefit.id,
                "title": benefit.title, "articles": articles, "note": prose(benefit.note),
            })
    return sorted(rows, key=lambda row: row["scope"] != "national")  # 国家定义 first, then the region


def cmd_readings(args: argparse.Namespace) -> int:
    """How each ambiguous sentence was read: the ``note:`` of every fact and benefit, with its articles.

    The text is for a Chinese reader (titles, articles and notes, no rule ids); ``--format json`` adds the ids.
    """
    from ..language.loader import load_region

    regions = _regions_asked(args)
    rows = [row for index, region in enumerate(regions) for row in readings(region, national=index == 0)]
    if args.format == "json":
        print_json(rows)
        return 0
    names = {region: load_region(region).name for region in regions}
    current = None
    for row in rows:
        if row["scope"] != current:
            current = row["scope"]
            print(("\n" if row is not rows[0] else "") + ("## 国家定义" if current == "national" else f"## {names[current]}"))
        where = f"（{'、'.join(row['articles'])}）" if row["articles"] else ""
        print(f"- {row['title']}{where}：{row['note']}")
    return 0


def _regions_asked(args: argparse.Namespace) -> list[str]:
    """The region named, else every region whose rule file is present."""
    from ..language.loader import rules_dir

    return [args.region] if args.region else [r for r in REGIONS if (rules_dir() / f"{r}.yaml").exists()]


def cmd_regions(args: argparse.Namespace) -> int:
    from ..wire.catalogue import region_summaries

    out = region_summaries()
    if args.format == "json":
        print_json(out)
    else:
        for item in out:
            docs = "；".join(f"{d['title']}（{d['in_force']}）" for d in item["documents"])
            print(f"{item['region']:14} {item['name']}  代码 {','.join(item['region_codes'])}  {item['benefits']} 项  {docs}")
    return 0


def add_rules_commands(sub: Any) -> None:
    check = sub.add_parser("check", help="load rule files, run their examples on both engines, show coverage")
    check.add_argument("files", nargs="*", help="rule files or folders (default: every file in rules/)")
    check.add_argument("--mutations", action="store_true",
                       help="also mutate every threshold, comparison, and/or and dated bound, and list the mutants no example kills "
                            "(exit 1 if a threshold or comparison mutant survives)")
    check.set_defaults(func=cmd_check)
    cov = sub.add_parser("coverage", help="each article of each document and what encodes it")
    cov.add_argument("region", nargs="?", choices=REGIONS)
    cov.add_argument("--format", choices=("text", "json"), default="text")
    cov.set_defaults(func=cmd_coverage)
    readings = sub.add_parser("readings", help="how each ambiguous sentence was read (the rules' notes)")
    readings.add_argument("region", nargs="?", choices=REGIONS)
    readings.add_argument("--format", choices=("text", "json"), default="text")
    readings.set_defaults(func=cmd_readings)
    regions = sub.add_parser("regions", help="the regions with rules")
    regions.add_argument("--format", choices=("text", "json"), default="text")
    regions.set_defaults(func=cmd_regions)


__all__ = ["add_rules_commands", "cmd_check", "cmd_coverage", "cmd_readings", "cmd_regions"]
