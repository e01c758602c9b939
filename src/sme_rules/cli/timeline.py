"""``sme-rules timeline PROFILE --from D1 --to D2``: every date on which one enterprise's results change."""

from __future__ import annotations

import argparse
from typing import Any

from ..regions import REGIONS
from .common import print_json, read_json


def cmd_timeline(args: argparse.Namespace) -> int:
    from ..timelines import timeline  # the engine, when the command runs: not for --help

    result = timeline(read_json(args.profile), region=args.region, start=args.start, end=args.end)
    if args.format == "json":
        print_json(result.model_dump(mode="json"))
    else:
        print(result.to_text())
    return 0


def add_timeline_command(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "timeline", help="every date on which a benefit's status or figure changes, with the notice that changes it"
    )
    p.add_argument("profile", help="profile JSON file, or - for standard input")
    p.add_argument("--region", choices=REGIONS, help="default: from the profile's region_code")
    p.add_argument("--from", dest="start", required=True, help="first day, ISO date")
    p.add_argument("--to", dest="end", required=True, help="last day, ISO date")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_timeline)


__all__ = ["add_timeline_command", "cmd_timeline"]
