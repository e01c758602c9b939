"""What every command shares: the one ``UsageError``, and reading and printing JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


class UsageError(Exception):
    """Bad input that is not a library error: an unreadable file, malformed JSON."""


def read_json(path: str) -> Any:
    """The JSON document in ``path`` (``-``: standard input); a ``UsageError`` naming line:col if it is not JSON."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


__all__ = ["UsageError", "print_json", "read_json"]
