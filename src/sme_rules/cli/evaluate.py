"""``sme-rules evaluate`` (the CONTRACT.md JSON, or text) and ``sme-rules explain`` (readable Chinese)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..api import evaluate
from ..language.loader import REGIONS
from .common import print_json, read_json


def cmd_evaluate(args: argparse.Namespace) -> int:
    report = evaluate(read_json(args.profile), region=args.region, as_of=args.as_of, engine=args.engine)
    if args.format == "json":
        # --brief keeps statuses, reasons, sources and figures; it drops the verdict trees, which
        # are most of a report's size (about 120 KB for 西藏's 53 benefits)
        trees = {"benefits": {"__all__": {"verdict", "facts_used"}}} if args.brief else None
        print_json(report.model_dump(mode="json", exclude=trees))
    else:
        print(report.to_text())
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    report = evaluate(read_json(args.profile), region=args.region, as_of=args.as_of, engine=args.engine)
    if args.benefit:
        print(report.benefit(args.benefit).to_text())
    else:
        print(report.to_text())
    return 0


def add_evaluate_commands(sub: Any) -> None:
    def profile_command(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
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


__all__ = ["add_evaluate_commands", "cmd_evaluate", "cmd_explain"]
