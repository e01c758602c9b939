"""What every command shares: the one ``UsageError``, and reading and printing JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..jsontext import loads_strict


class UsageError(Exception):
    """Bad input that is not a library error: an unreadable file, malformed JSON."""


def read_json(path: str) -> Any:
    """The JSON document in ``path`` (``-``: standard input); a ``UsageError`` naming line:col if it is not JSON."""
    try:
        data: str | bytes = _read_stdin() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    return loads_strict(data, path)


def _read_stdin() -> str | bytes:
    buffer = getattr(sys.stdin, "buffer", None)  # a replaced stdin (a test's StringIO) has none
    return buffer.read() if buffer is not None else sys.stdin.read()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")  # one write, not one per token


__all__ = ["UsageError", "print_json", "read_json"]
