"""``sme-rules serve``: the HTTP decision service on this machine (the ``server`` extra).

::

    sme-rules serve --port 8000 --workers 2

FastAPI and uvicorn are imported when the command runs, so the other commands work without them.
"""

from __future__ import annotations

import argparse
from typing import Any

from .common import UsageError

SERVER_EXTRA_HINT = 'the service needs FastAPI and uvicorn: pip install "sme-rules[server]"'


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}")
    try:
        from ..service.server import serve
    except ImportError as exc:
        raise UsageError(f"{SERVER_EXTRA_HINT} ({exc})") from None
    serve(args.host, args.port, args.workers, args.log_level)
    return 0


def add_serve_command(subparsers: Any) -> None:
    serve = subparsers.add_parser("serve", help="run the HTTP decision service (OpenAPI at /openapi.json)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1; one per core for throughput)")
    serve.add_argument("--log-level", dest="log_level", default="warning", choices=("critical", "error", "warning", "info", "debug"))
    serve.set_defaults(func=cmd_serve)


__all__ = ["add_serve_command", "cmd_serve"]
