"""Every example request in docs/service.md is valid against the route's schema in the OpenAPI
document, and the service answers it."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from sme_rules.service import create_app
from wire_validation import errors, validator_for

DOC = Path(__file__).resolve().parents[1] / "docs" / "service.md"
EXAMPLE = re.compile(r"<!-- request (POST|GET) (\S+) -->\n```json\n(.*?)\n```", re.S)
EXAMPLES = EXAMPLE.findall(DOC.read_text(encoding="utf-8"))
APP = create_app()
DOCUMENT = APP.openapi()


def test_the_doc_has_examples_for_each_post_route() -> None:
    assert {path.split("?")[0] for _, path, _ in EXAMPLES} == {"/v1/evaluate", "/v1/evaluate/batch", "/v1/procurement"}


@pytest.mark.parametrize(("method", "path", "text"), EXAMPLES, ids=[p for _, p, _ in EXAMPLES])
def test_documented_request_is_valid_and_answered(method: str, path: str, text: str) -> None:
    body: Any = json.loads(text, parse_float=Decimal)
    operation = DOCUMENT["paths"][path.split("?")[0]][method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    check = validator_for({**schema, "components": json.loads(json.dumps(DOCUMENT["components"]), parse_float=Decimal)})
    assert not errors(check, body)
    # and the check can fail: an unknown member is refused
    assert errors(check, {**body, "bogus": 1} if isinstance(body, dict) else [*body, {"bogus": 1}])
    response = TestClient(APP).request(method, path, content=text.encode(), headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    if path.startswith("/v1/evaluate/batch"):
        answers = [json.loads(line) for line in response.text.splitlines()]
        assert len(answers) == len(body) and not any("error" in a for a in answers)
