"""What one request may ask of the service: body size, rows per batch, time.

A public service answers a request that would exceed these with a 413 or a 503 that says which
limit and how to stay inside it, rather than run out of memory or time for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from .problems import Problem


@dataclass(frozen=True)
class ServiceLimits:
    #: bytes in the body of a single-profile request (a profile is about 2 KB)
    max_body_bytes: int = 1 << 20
    #: bytes in the body of a batch request
    max_batch_body_bytes: int = 64 << 20
    #: profiles in one batch
    max_batch_rows: int = 100_000
    #: profiles in one batch with explain=true (each a full report of ~100 KB)
    max_explained_rows: int = 1_000
    #: seconds a request may take before the service gives up on it
    request_seconds: float = 30.0


_JSON_TYPES = ("application/json",)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def require_media_type(request: Request, accepted: tuple[str, ...] = _JSON_TYPES) -> str:
    """The request's media type, if it is one of ``accepted``; a 415 naming them otherwise."""
    found = media_type(request)
    if found not in accepted and not (found.endswith("+json") and "application/json" in accepted):
        shown = found or "none"
        raise Problem(415, "unsupported-media-type", "Unsupported media type", f"Content-Type {shown}: send {' or '.join(accepted)}")
    return found


async def read_body(request: Request, limit: int) -> bytes:
    """The body, read no further than ``limit`` bytes; a 413 past that."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> Problem:
    return Problem(413, "too-large", "Request body too large", f"the body may have at most {limit} bytes; split the request")


__all__ = ["ServiceLimits", "media_type", "read_body", "require_media_type"]
