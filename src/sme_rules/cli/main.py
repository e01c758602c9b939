"""``sme-rules``: evaluate, explain, check rule files, show coverage, list regions, diff, screen.

Bad input (a malformed profile, a broken rule file, a wrong date) exits with status 2 and one
paragraph on stderr that names the field or the file:line:col; never a traceback. This is the one
place where errors become that paragraph.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import SmeRulesError
from .common import UsageError
from .completion import add_completion_command
from .evaluate import add_evaluate_commands
from .procurement import add_procurement_command
from .rules import add_rules_commands
from .schema import add_schema_command
from .serve import add_serve_command
from .timeline import add_timeline_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sme-rules", description="Apply and explain regional SME support policies.")
    parser.add_argument("--version", action="version", version=f"sme-rules {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    add_evaluate_commands(sub)
    add_rules_commands(sub)
    add_procurement_command(sub)
    add_schema_command(sub)
    add_serve_command(sub)
    add_completion_command(sub, parser)
    add_timeline_command(sub)
    from .diff import add_diff_command  # imports hypothesis only when diff runs

    add_diff_command(sub)
    from .screen import add_screen_commands  # imports numpy and pyarrow only when screen runs

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
    except UnicodeDecodeError as exc:  # a file read as text deep inside a reader (CSV, JSON lines)
        print(f"sme-rules: the input is not UTF-8 text: byte {exc.start} cannot be read ({exc.reason}); save it as UTF-8", file=sys.stderr)
        return 2
    except OSError as exc:  # a file that cannot be read or written: name it, not a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"sme-rules: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2


__all__ = ["UsageError", "build_parser", "main"]
