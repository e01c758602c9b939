"""``sme-rules``: evaluate, explain, check rule files, show coverage, list regions.

Bad input (a malformed profile, a broken rule file, a wrong date) exits with status 2 and one
paragraph on stderr that names the field or the file:line:col; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .api import evaluate, parse_date
from .errors import RuleFileError, SmeRulesError
from .loader import REGIONS, load, load_region, rules_dir
from .units import normalise


class UsageError(Exception):
    """Bad input that is not a library error: an unreadable file, malformed JSON."""


def _read_json(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_evaluate(args: argparse.Namespace) -> int:
    report = evaluate(_read_json(args.profile), region=args.region, as_of=args.as_of, engine=args.engine)
    if args.format == "json":
        # --brief keeps statuses, reasons, sources and figures; it drops the verdict trees, which
        # are most of a report's size (about 120 KB for 西藏's 53 benefits)
        trees = {"benefits": {"__all__": {"verdict", "facts_used"}}} if args.brief else None
        _print_json(report.model_dump(mode="json", exclude=trees))
    else:
        print(report.to_text())
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    report = evaluate(_read_json(args.profile), region=args.region, as_of=args.as_of, engine=args.engine)
    if args.benefit:
        print(report.benefit(args.benefit).to_text())
    else:
        print(report.to_text())
    return 0


def _targets(paths: Sequence[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    folder = rules_dir()
    return [folder / "national.yaml", *(folder / f"{r}.yaml" for r in REGIONS if (folder / f"{r}.yaml").exists())]


def cmd_check(args: argparse.Namespace) -> int:
    from .backends.durable import compile_ruleset
    from .checking import coverage, run_all, run_procurement_examples

    failed = 0
    problems: list[str] = []
    for path in _targets(args.files):
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
    if problems:
        print("\n\n".join(problems), file=sys.stderr)
        return 2
    return 1 if failed else 0


def _coverage_rows(region: str) -> list[dict[str, Any]]:
    from .checking import coverage

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
    regions = [args.region] if args.region else [r for r in REGIONS if (rules_dir() / f"{r}.yaml").exists()]
    rows = [row for region in regions for row in _coverage_rows(region)]
    accounted = sum(r["accounted"] for r in rows)
    if args.format == "json":
        _print_json({"articles": rows, "accounted": accounted, "total": len(rows)})
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


def cmd_procurement(args: argparse.Namespace) -> int:
    from .procurement import procurement_reservation

    result = procurement_reservation(args.budget, args.category, args.region, args.as_of)
    if args.format == "json":
        _print_json(result.model_dump(mode="json"))
        return 0
    kind = {"goods": "货物", "services": "服务", "works": "工程"}[result.category]
    print(f"{result.region} {result.as_of}  {kind}采购项目 预算 {result.budget} 元")
    print(f"  专门面向中小企业采购：{'是' if result.exclusive_to_sme else '否'}")
    print(f"  预留给中小企业不少于：{result.sme_reserved_min} 元")
    print(f"  其中给小微企业不少于：{result.small_micro_reserved_min} 元")
    if result.price_deduction_min is not None and result.price_deduction_max is not None:
        low, high = (normalise(x * 100) for x in (result.price_deduction_min, result.price_deduction_max))
        print(f"  小微企业价格扣除：{low}%–{high}%")
    print("  国家文件：" + "；".join(result.national_basis))
    for src in result.sources:
        print(f"  依据：《{src.document_title}》{src.article}：{src.quote}")
    return 0


def cmd_readings(args: argparse.Namespace) -> int:
    """How each ambiguous sentence was read: the ``note:`` of every fact and benefit, with its articles."""
    regions = [args.region] if args.region else [r for r in REGIONS if (rules_dir() / f"{r}.yaml").exists()]
    for index, region in enumerate(regions):
        rules = load_region(region)
        if index == 0:  # the national definitions, once
            print("## 国家定义（national.yaml）")
            for fact in rules.facts.values():
                if fact.note and fact.location.path.endswith("national.yaml"):
                    print(f"- {fact.name}（{fact.title}）: {' '.join(fact.note.split())}")
            print()
        print(f"## {rules.name}（{region}）")
        for fact in rules.facts.values():
            if fact.note and fact.location.path.endswith(f"{region}.yaml"):
                print(f"- {fact.name}（{fact.title}）: {' '.join(fact.note.split())}")
        for benefit in rules.benefits.values():
            if benefit.note:
                articles = "、".join(dict.fromkeys(s.article for s in benefit.sources))
                print(f"- {benefit.id}（{benefit.title}；{articles}）: {' '.join(benefit.note.split())}")
        print()
    return 0


def cmd_regions(args: argparse.Namespace) -> int:
    out: list[dict[str, Any]] = []
    for region in REGIONS:
        if not (rules_dir() / f"{region}.yaml").exists():
            continue
        rules = load_region(region)
        out.append(
            {
                "region": region,
                "name": rules.name,
                "region_codes": list(rules.region_codes),
                "documents": [{"file": d.file, "title": d.title, "in_force": str(d.window)} for d in rules.documents.values()],
                "benefits": len(rules.benefits),
                "rules_version": rules.version,
            }
        )
    if args.format == "json":
        _print_json(out)
    else:
        for item in out:
            docs = "；".join(f"{d['title']}（{d['in_force']}）" for d in item["documents"])
            print(f"{item['region']:14} {item['name']}  代码 {','.join(item['region_codes'])}  {item['benefits']} 项  {docs}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sme-rules", description="Apply and explain regional SME support policies.")
    sub = parser.add_subparsers(dest="command", required=True)

    def profile_command(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("profile", help="profile JSON file, or - for standard input")
        p.add_argument("--region", choices=REGIONS, help="default: from the profile's region_code")
        p.add_argument("--as-of", dest="as_of", help="ISO date (default: today)")
        p.add_argument("--engine", choices=("durable", "python"), default="durable")
        p.set_defaults(func=func)
        return p

    evaluate_parser = profile_command("evaluate", cmd_evaluate, "evaluate a profile (JSON out)")
    evaluate_parser.add_argument("--format", choices=("json", "text"), default="json")
    evaluate_parser.add_argument("--brief", action="store_true", help="leave out the verdict trees")
    profile_command("explain", cmd_explain, "explain a profile's results in Chinese").add_argument(
        "--benefit", help="explain one benefit only"
    )
    check = sub.add_parser("check", help="load rule files, run their examples on both engines, show coverage")
    check.add_argument("files", nargs="*", help="rule files (default: every file in rules/)")
    check.set_defaults(func=cmd_check)
    cov = sub.add_parser("coverage", help="each article of each document and what encodes it")
    cov.add_argument("region", nargs="?", choices=REGIONS)
    cov.add_argument("--format", choices=("text", "json"), default="text")
    cov.set_defaults(func=cmd_coverage)
    proc = sub.add_parser("procurement", help="the share of a procurement project reserved for SMEs")
    proc.add_argument("--budget", required=True, help="project budget in yuan (200万 works too)")
    proc.add_argument("--category", required=True, choices=("goods", "services", "works"))
    proc.add_argument("--region", required=True, choices=REGIONS)
    proc.add_argument("--as-of", dest="as_of", help="ISO date (default: today)")
    proc.add_argument("--format", choices=("text", "json"), default="text")
    proc.set_defaults(func=cmd_procurement)
    readings = sub.add_parser("readings", help="how each ambiguous sentence was read (the rules' notes)")
    readings.add_argument("region", nargs="?", choices=REGIONS)
    readings.set_defaults(func=cmd_readings)
    regions = sub.add_parser("regions", help="the regions with rules")
    regions.add_argument("--format", choices=("text", "json"), default="text")
    regions.set_defaults(func=cmd_regions)
    from .diff_cli import add_diff_command  # imports hypothesis only when diff runs

    add_diff_command(sub)
    from .screen_cli import add_screen_commands  # imports numpy and pyarrow only when screen runs

    add_screen_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except (SmeRulesError, UsageError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"sme-rules: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


__all__ = ["build_parser", "main"]
