"""``sme-rules schema profile|report|brief``: print a published JSON Schema of the wire format."""

from __future__ import annotations

import argparse
import sys
from typing import Any

# the names of sme_rules.wire.SCHEMA_NAMES (a test keeps them equal): the wire package builds the
# profile model on import, which the parser of every command would otherwise pay for
SCHEMA_NAMES = ("profile", "report", "brief")


def cmd_schema(args: argparse.Namespace) -> int:
    from ..wire import schema_text, shipped_schema

    sys.stdout.write(schema_text(shipped_schema(args.name)))
    return 0


def add_schema_command(subparsers: Any) -> None:
    schema = subparsers.add_parser("schema", help="print the JSON Schema of a profile, a report or a brief report")
    schema.add_argument("name", choices=SCHEMA_NAMES)
    schema.set_defaults(func=cmd_schema)


__all__ = ["add_schema_command", "cmd_schema"]
