"""``sme-rules schema profile|report|brief``: print a published JSON Schema of the wire format."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..wire import SCHEMA_NAMES, schema_text, shipped_schema


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text(shipped_schema(args.name)))
    return 0


def add_schema_command(subparsers: Any) -> None:
    schema = subparsers.add_parser("schema", help="print the JSON Schema of a profile, a report or a brief report")
    schema.add_argument("name", choices=SCHEMA_NAMES)
    schema.set_defaults(func=cmd_schema)


__all__ = ["add_schema_command", "cmd_schema"]
