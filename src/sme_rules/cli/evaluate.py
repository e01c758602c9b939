"""``sme-rules evaluate`` (the CONTRACT.md JSON, or text) and ``sme-rules explain`` (readable Chinese)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ProfileError, SmeRulesError
from ..regions import REGIONS
from .common import UsageError, read_json

# The engine and the report are imported when a command runs, not when the parser is built:
# ``sme-rules --help`` and the other commands do not pay for them.


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..api import evaluate
    from ..report import jsondump

    if args.lines or Path(args.profile).suffix.lower() in (".jsonl", ".ndjson"):
        return _evaluate_lines(args)
    brief = args.brief and args.format == "json"  # the text writes out the trees a brief report leaves out
    report = evaluate(read_json(args.profile), region=args.region, as_of=args.as_of, engine=args.engine, brief=brief)
    if args.format == "json":
        # --brief keeps statuses, reasons, sources and figures; it drops the verdict trees, which
        # are most of a report's size (about 120 KB for 西藏's 53 benefits). The text is that of
        # json.dumps(report.model_dump(mode="json"), indent=2), written by orjson (report/jsondump.py)
        sys.stdout.write(jsondump.dumps(report, brief=args.brief, indent=True).decode() + "\n")
    else:
        print(report.to_text())
    return 0


def _evaluate_lines(args: argparse.Namespace) -> int:
    """One profile a line in, one report a line out (compact JSON), in order; a bad line becomes a
    line ``{"line": N, "error": ...}`` in its place, is named on stderr, and the exit status is 2."""
    from ..api import evaluate
    from ..report import jsondump

    failed = 0
    brief = args.brief and args.format == "json"
    for number, text in _lines(args.profile):
        try:
            report = evaluate(json.loads(text), region=args.region, as_of=args.as_of, engine=args.engine, brief=brief)
        except (json.JSONDecodeError, SmeRulesError) as exc:
            failed += 1
            message = f"not valid JSON: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc)
            fields = [p.field for p in exc.problems] if isinstance(exc, ProfileError) else []
            print(f"sme-rules: {args.profile}:{number}: {message}", file=sys.stderr)
            print(json.dumps({"line": number, "error": message, "fields": fields}, ensure_ascii=False), flush=True)
            continue
        if args.format == "json":
            print(jsondump.dumps(report, brief=args.brief).decode(), flush=True)
        else:
            print(report.to_text() + "\n", flush=True)
    return 2 if failed else 0


def _lines(path: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines of ``path`` (``-``: standard input) with their numbers, read as they come."""
    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        for number, text in enumerate(handle, start=1):
            if text.strip():
                yield number, text
    finally:
        if handle is not sys.stdin:
            handle.close()


def cmd_explain(args: argparse.Namespace) -> int:
    from ..api import evaluate

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
    evaluate_parser.add_argument(
        "--lines", action="store_true", help="JSON lines: one profile a line in, one report a line out (default for .jsonl/.ndjson files)"
    )
    profile_command("explain", cmd_explain, "explain a profile's results in Chinese").add_argument(
        "--benefit", help="explain one benefit only"
    )


__all__ = ["add_evaluate_commands", "cmd_evaluate", "cmd_explain"]
