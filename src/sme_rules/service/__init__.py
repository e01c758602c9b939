"""The HTTP decision service (``sme-rules serve``; needs the ``server`` extra: FastAPI and uvicorn).

- ``app``: :func:`create_app`, the OpenAPI document from the wire schemas;
- ``routes``: ``/v1/evaluate``, ``/v1/evaluate/batch``, ``/v1/procurement``, ``/v1/regions``,
  ``/v1/schema/…``, ``/healthz``;
- ``batch``: rows in, one JSON line out per row, on the vector engine (``fragments``: columns as JSON text);
- ``problems``: RFC 9457 errors; ``limits``: body size, rows per batch, time per request;
- ``server``: running it under uvicorn.

May import everything below it (``api``, ``procurement``, ``screening``, ``wire``); nothing imports it
but the command line.
"""

from __future__ import annotations

from .app import create_app
from .limits import ServiceLimits

__all__ = ["ServiceLimits", "create_app"]
