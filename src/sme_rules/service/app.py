"""The application: the routes, problem+json errors, the limits, and an OpenAPI document built on the wire schemas."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .. import __version__
from .limits import ServiceLimits
from .openapi import component_schemas, problem_responses
from .problems import install_problem_handlers
from .routes import router

DESCRIPTION = """\
Chinese regional SME support policies (西藏, 青海, 西双版纳, 新疆) applied to an enterprise profile, with
the same answers and the same input semantics as `sme_rules.evaluate()`: unit literals (`"15万"`,
`"30人"`, `"60%"`), unknown fields named with a suggestion, an absent or null field read as unknown.
Errors are `application/problem+json` (RFC 9457) and list every bad field. The wire format's JSON
Schemas are under `/v1/schema/{profile,report,brief}`."""


def create_app(limits: ServiceLimits | None = None) -> FastAPI:
    """A fresh application; ``limits`` default to :class:`ServiceLimits`'s."""
    app = FastAPI(
        title="sme-rules decision service",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # the interactive pages load scripts from elsewhere; the document is enough
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.limits = limits or ServiceLimits()
    install_problem_handlers(app)
    app.include_router(router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(component_schemas())
            _problems_for_parameter_errors(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _problems_for_parameter_errors(document: dict[str, Any]) -> None:
    """A bad query or path parameter is answered with a problem, not the framework's error shape."""
    schemas = document["components"]["schemas"]
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    problem = problem_responses(422)[422]
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            answer = operation.get("responses", {}).get("422")
            if answer is not None and "application/json" in answer.get("content", {}):
                operation["responses"]["422"] = problem


__all__ = ["create_app"]
