"""``sme-rules screen`` and ``sme-rules population``: screening files, and making synthetic ones.

::

    sme-rules population 1000000 -o population.parquet --seed 1
    sme-rules screen population.parquet -o statuses.parquet --as-of 2024-06-01 --workers 2

``screen`` reads a Parquet, CSV or JSON-lines file chunk by chunk (memory stays bounded however
large the file), writes one output row per input row in the same order (columns as
``sme_rules.screen()`` returns them), shows a progress bar on stderr when a run takes more than a
moment, and ends with a summary table: per benefit, how many rows are eligible, ineligible,
undetermined (and not in force), and how many rows had errors, with the commonest error texts.

This module only registers the commands: numpy and pyarrow (the ``screen`` extra) are imported when
one of them runs, so the other commands work without them.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..errors import SmeRulesError
from ..regions import REGIONS

SCREEN_EXTRA_HINT = 'population screening needs numpy and pyarrow: pip install "sme-rules[screen]"'
#: rows per chunk; also ``screening.DEFAULT_CHUNK_ROWS``
CHUNK_ROWS = 65_536
#: share of values a synthetic population leaves out; also ``population.DEFAULT_MISSING``
MISSING = 0.15


class MissingExtra(SmeRulesError, ImportError):
    """The optional dependencies of a command are not installed."""


def add_screen_commands(subparsers: Any) -> None:
    """Register ``screen`` and ``population`` on the ``sme-rules`` argument parser."""
    screen = subparsers.add_parser("screen", help="screen a file of profiles (.parquet, .csv, .jsonl) for every benefit")
    screen.add_argument("input", help="profiles, one per row: .parquet, .csv or .jsonl; - for standard input")
    screen.add_argument("-o", "--output", required=True, help="where to write the results: .parquet or .csv; - for standard output")
    screen.add_argument("--input-format", choices=("jsonl", "csv", "parquet"), default="jsonl", help="the format of standard input (default jsonl)")
    screen.add_argument("--output-format", choices=("csv", "parquet"), default="csv", help="the format written to standard output (default csv)")
    screen.add_argument("--region", choices=REGIONS, help="default: each row's region column, else its region_code")
    screen.add_argument("--as-of", dest="as_of", help="ISO date (default: today)")
    screen.add_argument("--workers", type=int, default=1, help="processes screening in parallel (default 1)")
    screen.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS, help=f"rows per chunk (default {CHUNK_ROWS})")
    screen.add_argument("--id-column", default="id", help="input column carried to the output first (default id)")
    screen.add_argument("--region-column", default="region", help="input column naming each row's region (default region)")
    screen.add_argument("--keep", action="append", default=[], metavar="COLUMN", help="another input column to carry over (repeatable)")
    screen.add_argument("--no-facts", dest="facts", action="store_false", help="leave the fact__* columns out")
    screen.add_argument("--progress", choices=("auto", "always", "never"), default="auto", help="progress bar on stderr (auto: when stderr is a terminal)")
    screen.set_defaults(func=_command("cmd_screen"))

    population = subparsers.add_parser("population", help="write a synthetic population of profiles (for benchmarks and demos)")
    population.add_argument("rows", type=int, help="how many profiles")
    population.add_argument("-o", "--output", required=True, help=".parquet, .csv or .jsonl")
    population.add_argument("--seed", type=int, default=0)
    population.add_argument("--missing", type=float, default=MISSING, help=f"share of values left out (default {MISSING})")
    population.add_argument("--region", action="append", choices=REGIONS, help="only this region (repeatable; default all four)")
    population.set_defaults(func=_command("cmd_population"))


def _command(name: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            from ..screening import run as screen_run
        except ImportError as exc:
            raise MissingExtra(f"{SCREEN_EXTRA_HINT} ({exc})") from exc
        command = getattr(screen_run, name)
        if name == "cmd_screen" and "-" in (args.input, args.output):
            return _through_pipes(command, args)
        code: int = command(args)
        return code

    return run


def _through_pipes(command: Any, args: argparse.Namespace) -> int:
    """``screen - -o -``: standard input spooled to a file (the screener reads files in chunks, by
    format), the results written to standard output, and the summary to standard error."""
    with tempfile.TemporaryDirectory(prefix="sme-rules-screen-") as folder:
        if args.input == "-":
            args.input = str(Path(folder) / f"input.{args.input_format}")
            with open(args.input, "wb") as spool:
                shutil.copyfileobj(sys.stdin.buffer, spool)
        to_stdout = args.output == "-"
        if to_stdout:
            args.output = str(Path(folder) / f"output.{args.output_format}")
        with contextlib.redirect_stdout(sys.stderr if to_stdout else sys.stdout):
            code: int = command(args)
        if to_stdout:
            with open(args.output, "rb") as results:
                shutil.copyfileobj(results, sys.stdout.buffer)
            sys.stdout.flush()
        return code


__all__ = ["SCREEN_EXTRA_HINT", "MissingExtra", "add_screen_commands"]
