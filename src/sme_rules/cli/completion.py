"""``sme-rules completion bash|zsh|tcsh``: a shell completion script for every command and option.

The script is generated from the argument parser by shtab (the ``completion`` extra), so it never
falls behind the commands::

    sme-rules completion bash > ~/.local/share/bash-completion/completions/sme-rules
    sme-rules completion zsh > "${fpath[1]}/_sme-rules"
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import UsageError

SHELLS = ("bash", "zsh", "tcsh")


def add_completion_command(subparsers: Any, parser: argparse.ArgumentParser) -> None:
    completion = subparsers.add_parser("completion", help="print a shell completion script (bash, zsh, tcsh)")
    completion.add_argument("shell", choices=SHELLS)

    def run(args: argparse.Namespace) -> int:
        try:
            import shtab
        except ImportError:
            raise UsageError('shell completion needs shtab: pip install "sme-rules[completion]"') from None
        sys.stdout.write(shtab.complete(parser, shell=args.shell))
        return 0

    completion.set_defaults(func=run)


__all__ = ["SHELLS", "add_completion_command"]
