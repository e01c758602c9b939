"""The OpenAPI document, built around the wire schemas rather than pydantic's view of the models.

The request bodies are read by ``EnterpriseProfile.parse`` itself, so the framework knows nothing of
them; this module puts the shipped JSON Schemas into ``components/schemas`` (their ``$defs``
hoisted beside them, references rewritten) and names them from the routes.
"""

from __future__ import annotations

import copy
from typing import Any

from ..language.loader import REGIONS
from ..wire import shipped_schema
from .problems import PROBLEM_SCHEMA

#: component name of each shipped schema, and the prefix of its definitions' names
_COMPONENTS = {"profile": ("EnterpriseProfile", ""), "report": ("EligibilityReport", ""), "brief": ("BriefEligibilityReport", "Brief")}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def component_schemas() -> dict[str, Any]:
    """Every schema the routes name, keyed by component name."""
    out: dict[str, Any] = {}
    for key, (title, prefix) in _COMPONENTS.items():
        schema = copy.deepcopy(shipped_schema(key))
        definitions = schema.pop("$defs", {})
        for drop in ("$schema", "$id"):  # an $id would move the base of every reference inside
            schema.pop(drop, None)
        for name, definition in definitions.items():
            out[prefix + name] = _rewrite(definition, prefix)
        out[title] = _rewrite(schema, prefix)
    out["BatchRow"] = _batch_row(out["EnterpriseProfile"])
    out["BatchLine"] = _BATCH_LINE
    out["Problem"] = PROBLEM_SCHEMA
    out["ProcurementRequest"] = _PROCUREMENT_REQUEST
    return out


def _rewrite(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        out = {k: _rewrite(v, prefix) for k, v in node.items()}
        target = out.get("$ref")
        if isinstance(target, str) and target.startswith("#/$defs/"):
            out["$ref"] = "#/components/schemas/" + prefix + target.removeprefix("#/$defs/")
        return out
    if isinstance(node, list):
        return [_rewrite(v, prefix) for v in node]
    return node


def _batch_row(profile: dict[str, Any]) -> dict[str, Any]:
    row = copy.deepcopy(profile)
    row["title"] = "BatchRow"
    row["description"] = "批量请求的一行：企业情况，外加可选的 id（原样返回）和 region（本行的地区）。"
    row["properties"] = {
        "id": {"description": "调用方的行标识，原样返回", "anyOf": [{"type": "string"}, {"type": "integer"}]},
        "region": {"description": "本行的地区（缺省：查询参数 region，或 region_code）", "enum": list(REGIONS)},
        **row["properties"],
    }
    return row


_BATCH_LINE: dict[str, Any] = {
    "type": "object",
    "description": "One line of the answer per row of the request, in order: statuses and facts, a full report (explain=true), or an error.",
    "required": ["row"],
    "properties": {
        "row": {"type": "integer", "minimum": 0, "description": "the row's position in the request, from 0"},
        "id": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        "region": {"type": "string"},
        "statuses": {"type": "object", "additionalProperties": {"enum": ["eligible", "ineligible", "undetermined", "not_in_force"]}},
        "facts": {"type": "object", "additionalProperties": {"type": ["boolean", "number", "string", "null"]}},
        "report": ref("EligibilityReport"),
        "error": ref("Problem"),
    },
}

_PROCUREMENT_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["budget", "category", "region"],
    "additionalProperties": False,
    "properties": {
        "budget": {"description": "项目预算（元），可写 2500000 或 \"250万\"", "anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 1e18}, {"type": "string"}]},
        "category": {"enum": ["goods", "services", "works"], "description": "货物 / 服务 / 工程"},
        "region": {"enum": list(REGIONS)},
        "as_of": {"type": "string", "format": "date", "description": "ISO 日期，缺省为今天"},
    },
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` entries of the problems a route may answer with."""
    return {s: {"description": _WHY[s], "content": {"application/problem+json": {"schema": ref("Problem")}}} for s in statuses}


_WHY = {
    400: "the body is not valid JSON",
    404: "no such resource",
    413: "the body, or the number of rows, is over the limit",
    415: "the Content-Type is not one the route reads",
    422: "invalid fields, parameters, region or date; every bad field is listed",
    503: "the request ran out of time",
}


def json_body(schema: dict[str, Any], *, ndjson: dict[str, Any] | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": schema}}
    if ndjson is not None:
        content["application/x-ndjson"] = {"schema": ndjson}
    return {"requestBody": {"required": True, "content": content}}


__all__ = ["component_schemas", "json_body", "problem_responses", "ref"]
