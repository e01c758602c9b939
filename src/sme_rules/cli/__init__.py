"""``sme-rules``, the command line: one module per group of commands, registered in ``main``.

- ``main``: the parser, the dispatch, and the one place where errors become exit status 2;
- ``common``: ``UsageError`` and reading and printing JSON, shared by every command;
- ``evaluate``: ``evaluate`` and ``explain``; ``rules``: ``check``, ``coverage``, ``readings``,
  ``regions``; ``procurement``; ``diff``; ``screen``: ``screen`` and ``population``.

The top of the pipeline: may import anything in ``sme_rules``; nothing in ``sme_rules`` imports it.
Commands whose extras may be missing (``diff``, ``screen``) import them only when they run.
"""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
