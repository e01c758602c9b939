"""Errors as ``application/problem+json`` (RFC 9457): a status, a title, a detail, and every bad field.

Every error a request can cause ends here as a 4xx with a body that says what to change; a 500 is a
bug in the service, never the answer to bad input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import DateError, EngineDisagreement, FieldProblem, ProfileError, RegionError, SmeRulesError

PROBLEM_TYPE = "application/problem+json"
_TYPE_PREFIX = "urn:sme-rules:problem:"


class Problem(Exception):
    """A request the service refuses, with what RFC 9457 says about it."""

    def __init__(self, status: int, kind: str, title: str, detail: str, errors: Sequence[dict[str, Any]] = (), **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.body: dict[str, Any] = {"type": _TYPE_PREFIX + kind, "title": title, "status": status, "detail": detail}
        if errors:
            self.body["errors"] = list(errors)
        self.body.update(extra)

    def response(self) -> JSONResponse:
        return JSONResponse(self.body, status_code=self.status, media_type=PROBLEM_TYPE)


def field_errors(problems: Sequence[FieldProblem], prefix: str = "") -> list[dict[str, Any]]:
    """One entry per bad field: its name, a JSON pointer to it, and the message ``parse()`` gives."""
    return [
        {"field": p.field, "pointer": f"{prefix}/{p.field}" if p.field else prefix or "", "message": p.message}
        for p in problems
    ]


def from_library_error(exc: SmeRulesError, *, pointer: str = "") -> Problem:
    """The problem for an error the library raised on bad input."""
    if isinstance(exc, ProfileError):
        detail = "; ".join(str(p) for p in exc.problems)
        return Problem(422, "invalid-profile", "The profile has invalid fields", detail, field_errors(exc.problems, pointer))
    if isinstance(exc, RegionError):
        return Problem(422, "unknown-region", "No rules for that region", str(exc), [{"field": "region", "message": str(exc)}])
    if isinstance(exc, DateError):
        return Problem(422, "invalid-date", "as_of is not a date", str(exc), [{"field": "as_of", "message": str(exc)}])
    if isinstance(exc, EngineDisagreement):  # a bug in the library, never an answer and never the caller's fault
        return Problem(500, "engine-disagreement", "The engines disagree", str(exc))
    if isinstance(exc, ImportError):  # the service is missing a part, not the request
        return Problem(503, "engine-unavailable", "An engine is not installed", str(exc))
    return Problem(422, "cannot-evaluate", "The request cannot be evaluated", str(exc))


_STATUS_KINDS = {404: "not-found", 405: "method-not-allowed", 413: "too-large", 415: "unsupported-media-type"}


def install_problem_handlers(app: FastAPI) -> None:
    """Route every refusal, the framework's own included, through problem+json."""

    async def on_problem(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return exc.response()

    async def on_library_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, SmeRulesError)
        return from_library_error(exc).response()

    async def on_http(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        kind = _STATUS_KINDS.get(exc.status_code, f"http-{exc.status_code}")
        problem = Problem(exc.status_code, kind, str(exc.detail), str(exc.detail))
        response = problem.response()
        response.headers.update(exc.headers or {})
        return response

    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = []
        for err in exc.errors():
            location = [str(p) for p in err.get("loc", ())]
            name = location[-1] if location else ""
            errors.append({"field": name, "in": location[0] if location else "", "message": str(err.get("msg", ""))})
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return Problem(422, "invalid-parameter", "Invalid request parameters", detail, errors).response()

    async def on_bug(_: Request, exc: Exception) -> JSONResponse:
        # a bug, not the request: say so in the same shape, without a traceback
        return Problem(500, "internal-error", "Internal error", f"the service failed on this request ({type(exc).__name__}); please report it").response()

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(Exception, on_bug)
    app.add_exception_handler(SmeRulesError, on_library_error)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)


#: the OpenAPI schema of a problem body
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "urn:sme-rules:problem:<kind>"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string", "description": "the profile field, query parameter or body member"},
                    "pointer": {"type": "string", "description": "JSON pointer into the request body"},
                    "in": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

__all__ = ["PROBLEM_SCHEMA", "PROBLEM_TYPE", "Problem", "field_errors", "from_library_error", "install_problem_handlers"]
