"""The endpoints. Bodies are read by the library itself (``parse()``'s unit literals and did-you-mean),
never by the framework, so a client gets the answers ``evaluate()`` gives, and the errors too."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal, TypeVar

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from .. import __version__
from ..api import evaluate, parse_date
from ..errors import DateError
from ..language.loader import REGIONS
from ..procurement import procurement_reservation
from ..report import jsondump
from ..timelines import timeline
from ..wire import WireDecodeError, loads, shipped_schema
from ..wire.catalogue import benefit_catalogue, region_names, region_summaries
from . import batch
from .limits import ServiceLimits, read_body, require_media_type
from .openapi import json_body, problem_responses, ref
from .problems import Problem

router = APIRouter()
_T = TypeVar("_T")

Region = Query(None, description="地区；缺省时由 region_code 决定", json_schema_extra={"enum": list(REGIONS)})
AsOf = Query(None, description="ISO 日期（YYYY-MM-DD），按当日有效的规则和参数判断；缺省为今天", json_schema_extra={"format": "date"})


def _limits(request: Request) -> ServiceLimits:
    limits: ServiceLimits = request.app.state.limits
    return limits


async def _in_time(request: Request, work: Callable[[], _T]) -> _T:
    """Run ``work`` in a worker thread; a 503 if it takes longer than the request time limit."""
    seconds = _limits(request).request_seconds
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        raise Problem(503, "time-limit", "Request time limit", f"the request took longer than {seconds:g} s") from None


async def _json_body(request: Request, limit: int) -> Any:
    require_media_type(request)
    body = await read_body(request, limit)
    try:
        return loads(body)
    except WireDecodeError as exc:
        raise Problem(400, "malformed-json", "The body is not valid JSON", str(exc)) from None


@router.post(
    "/v1/evaluate",
    summary="Evaluate one enterprise profile",
    description="Every benefit of the region on `as_of`: eligible, ineligible, undetermined (with the fields that would decide it) or not in force, with sources and reasons. `brief=true` leaves out the verdict trees.",
    openapi_extra=json_body(ref("EnterpriseProfile")),
    responses={
        200: {"description": "the report", "content": {"application/json": {"schema": {"anyOf": [ref("EligibilityReport"), ref("BriefEligibilityReport")]}}}},
        **problem_responses(400, 413, 415, 422, 503),
    },
    response_class=Response,
)
async def evaluate_profile(request: Request, region: str | None = Region, as_of: str | None = AsOf, brief: bool = Query(False, description="不含判断树")) -> Response:
    data = await _json_body(request, _limits(request).max_body_bytes)

    def work() -> bytes:
        # brief: the report built without the trees the brief JSON leaves out; the same bytes
        report = evaluate(data, region=region, as_of=as_of, brief=brief)
        return jsondump.dumps(report, brief=brief)  # the bytes of model_dump_json(), written by orjson

    return Response(await _in_time(request, work), media_type="application/json")


@router.post(
    "/v1/evaluate/batch",
    summary="Evaluate many profiles: one JSON line back per profile",
    description="A JSON array, or JSON lines (`application/x-ndjson`), of profiles; each may carry `id` and `region`. The answer streams as JSON lines, one per row in order: statuses and facts from the vector engine, the full report with `explain=true`, or an `error` naming the field. Rows in = rows out.",
    openapi_extra=json_body({"type": "array", "items": ref("BatchRow")}, ndjson=ref("BatchRow")),
    responses={
        200: {"description": "one line per row", "content": {"application/x-ndjson": {"schema": ref("BatchLine")}}},
        **problem_responses(400, 413, 415, 422),
    },
    response_class=StreamingResponse,
)
async def evaluate_batch(
    request: Request,
    region: str | None = Region,
    as_of: str | None = AsOf,
    explain: bool = Query(False, description="每行返回完整报告（较慢，行数上限较小）"),
) -> StreamingResponse:
    limits = _limits(request)
    kind = require_media_type(request, ("application/json", "application/x-ndjson"))
    body = await read_body(request, limits.max_batch_body_bytes)
    rows = await anyio.to_thread.run_sync(batch.read_rows, body, kind == "application/x-ndjson")
    most = limits.max_explained_rows if explain else limits.max_batch_rows
    if len(rows) > most:
        raise Problem(413, "too-many-rows", "Too many rows", f"{len(rows)} rows; at most {most} per request{' with explain=true' if explain else ''}")
    deadline = time.monotonic() + limits.request_seconds
    if explain:
        day = parse_date(as_of)
        lines = batch.explain_lines(rows, region, day, deadline)
    else:
        screener = await anyio.to_thread.run_sync(batch.screener, region, as_of)
        lines = batch.screen_lines(rows, screener, region, deadline)
    return StreamingResponse(lines, media_type="application/x-ndjson")


_PROCUREMENT_KEYS = ("budget", "category", "region", "as_of")


@router.post(
    "/v1/procurement",
    summary="The share of a procurement project reserved for SMEs",
    openapi_extra=json_body(ref("ProcurementRequest")),
    responses={200: {"description": "the reservation, with the figures and their sources"}, **problem_responses(400, 413, 415, 422, 503)},
    response_class=Response,
)
async def procurement(request: Request) -> Response:
    data = await _json_body(request, _limits(request).max_body_bytes)
    if not isinstance(data, dict):
        raise Problem(422, "invalid-request", "The body is not an object", f"send a JSON object with {', '.join(_PROCUREMENT_KEYS)}")
    errors = [{"field": k, "message": "unknown member"} for k in data if k not in _PROCUREMENT_KEYS]
    errors += [{"field": k, "message": "required"} for k in _PROCUREMENT_KEYS[:3] if k not in data]
    errors += [{"field": k, "message": "a string"} for k in ("category", "region", "as_of") if k in data and not isinstance(data[k], str)]
    if errors:
        raise Problem(422, "invalid-request", "Invalid procurement request", "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors)

    def work() -> bytes:
        result = procurement_reservation(data["budget"], data["category"], data["region"], data.get("as_of"))
        return result.model_dump_json().encode()

    return Response(await _in_time(request, work), media_type="application/json")


@router.post(
    "/v1/timeline",
    summary="Every date on which one enterprise's results change",
    description="For one profile, every date from `from` to `to` (inclusive) on which a benefit's status, amount or figure changes, with the notices whose windows or figures change it, and each benefit's status on `from`.",
    openapi_extra=json_body(ref("EnterpriseProfile")),
    responses={200: {"description": "the timeline", "content": {"application/json": {"schema": {"type": "object"}}}}, **problem_responses(400, 413, 415, 422, 503)},
    response_class=Response,
)
async def profile_timeline(
    request: Request,
    region: str | None = Region,
    start: str | None = Query(None, alias="from", description="ISO 日期，起始日（含）；缺省为今天", json_schema_extra={"format": "date"}),
    end: str | None = Query(None, alias="to", description="ISO 日期，截止日（含）；缺省同起始日", json_schema_extra={"format": "date"}),
) -> Response:
    data = await _json_body(request, _limits(request).max_body_bytes)
    days = {}
    for name, text in (("from", start), ("to", end)):
        try:
            days[name] = parse_date(text) if text is not None else None
        except DateError as exc:  # name the parameter, not as_of
            raise Problem(422, "invalid-date", f"{name} is not a date", str(exc), [{"field": name, "message": str(exc)}]) from None
    first, last = days["from"], days["to"]
    if first is not None and last is not None and last < first:
        message = f"the timeline ends ({last}) before it starts ({first})"
        raise Problem(422, "invalid-date", "to is before from", message, [{"field": "to", "message": message}])

    def work() -> bytes:
        return timeline(data, region=region, start=first, end=last).model_dump_json().encode()

    return Response(await _in_time(request, work), media_type="application/json")


@router.get("/v1/regions", summary="The regions with rules")
def regions() -> list[dict[str, Any]]:
    return region_summaries()


@router.get("/v1/regions/{region}/benefits", summary="A region's benefits: titles, kind, who benefits, how, citations", responses=problem_responses(404))
def benefits(region: str) -> dict[str, Any]:
    if region not in region_names():
        raise Problem(404, "not-found", "No such region", f"no rules for region {region!r}; choose one of {', '.join(region_names())}")
    return benefit_catalogue(region)


@router.get(
    "/v1/schema/{name}",
    summary="A published JSON Schema: the profile, the full report or the brief report",
    responses={200: {"description": "a JSON Schema (2020-12)", "content": {"application/schema+json": {"schema": {"type": "object"}}}}, **problem_responses(422)},
    response_class=JSONResponse,
)
def schema(name: Literal["profile", "report", "brief"]) -> JSONResponse:
    return JSONResponse(shipped_schema(name), media_type="application/schema+json")


@router.get("/healthz", summary="Liveness, with the version and the regions served")
def healthz() -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "regions": region_names()}


__all__ = ["router"]
