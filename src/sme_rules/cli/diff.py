"""``sme-rules diff OLD NEW``: what a change to the rules does, before it ships.

Each side is a rule file, a rules folder, ``REV`` (the rules folder at a git revision) or
``REV:path``. Exit status: 0, or 1 with ``--fail-on-change`` when some enterprise's status of some
benefit changes (with ``--structure-only``: when the rules differ at all); 2 for bad input.
The work is done by :mod:`sme_rules.testing`, which needs the ``testing`` extra (hypothesis).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .common import UsageError


def add_diff_command(subparsers: Any) -> None:
    """Register ``diff`` on the ``sme-rules`` sub-command parser."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "diff",
        help="compare two versions of the rules: changed thresholds, dates, conditions, and who gains or loses",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    p.add_argument("old", help="the rules before: a rule file, a rules folder, REV or REV:path")
    p.add_argument("new", help="the rules after, in the same forms")
    p.add_argument("--region", action="append", dest="regions", help="compare this region only (repeatable)")
    p.add_argument(
        "--as-of", action="append", dest="as_of", default=[],
        help="evaluate on this ISO date (repeatable; default: each date on which the versions could differ)",
    )
    p.add_argument("--population", help="profiles to compare over, a .parquet or .csv file (default: generated)")
    p.add_argument("--size", type=_positive, default=1000, help="generated profiles per region (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="seed of the generated population (default 0)")
    p.add_argument("--shrink-seconds", type=float, default=60.0, help="time for hypothesis to shrink examples (default 60)")
    p.add_argument("--no-shrink", action="store_true", help="report examples as found")
    p.add_argument("--structure-only", action="store_true", help="compare the rule texts only, not behaviour")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--fail-on-change", action="store_true", help="exit with status 1 when behaviour changed")
    p.set_defaults(func=cmd_diff)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def cmd_diff(args: argparse.Namespace) -> int:
    try:
        from ..testing.diff import diff_versions
    except ImportError as exc:  # hypothesis is an optional extra
        raise UsageError(f"sme-rules diff needs the testing extra ({exc.name} is missing): pip install 'sme-rules[testing]'") from None
    result = diff_versions(
        args.old, args.new, regions=args.regions, as_of=args.as_of, population=args.population,
        size=args.size, seed=args.seed, shrink=not args.no_shrink, shrink_seconds=args.shrink_seconds,
        behaviour=not args.structure_only,
    )
    if args.format == "json":
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(result.to_text())
    changed = result.structure_changed if args.structure_only else result.behaviour_changed
    return 1 if args.fail_on_change and changed else 0


__all__ = ["add_diff_command", "cmd_diff"]
