"""The service as a caller meets it: ``sme-rules serve`` started on 127.0.0.1 at a free port, called over
HTTP, and stopped at the end; schemathesis fuzzes it from its own OpenAPI document and finds no 5xx."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("uvicorn")

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from sme_rules import evaluate
from sme_rules.service import create_app

DAY = "2022-06-01"
STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "sme_rules", "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if server.poll() is not None:
                output = server.stdout.read().decode() if server.stdout else ""
                pytest.fail(f"sme-rules serve exited with {server.returncode}: {output}")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"sme-rules serve did not answer within {STARTUP_SECONDS} s")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)


def test_over_http_the_answer_is_evaluates(base_url: str) -> None:
    profile = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "sales_at_3pct_levy_rate": 0, "monthly_sales": "15万", "employees": 30, "region_code": "540102"}
    response = httpx.post(f"{base_url}/v1/evaluate", params={"as_of": DAY}, json=profile, timeout=30)
    assert response.status_code == 200
    assert response.json() == evaluate(profile, as_of=DAY).model_dump(mode="json")


def test_over_http_batch_streams_one_line_per_row(base_url: str) -> None:
    rows = [{"id": i, "employees": i, "region_code": "540102"} for i in range(28, 34)] + [{"id": "bad", "employees": "many"}]
    body = "\n".join(json.dumps(r) for r in rows).encode()
    with httpx.stream("POST", f"{base_url}/v1/evaluate/batch", params={"as_of": DAY}, content=body, headers={"content-type": "application/x-ndjson"}, timeout=30) as response:
        assert response.status_code == 200
        out = [json.loads(line) for line in response.iter_lines() if line]
    assert [line["id"] for line in out] == [r["id"] for r in rows]
    # 在职职工总数30人(含)以下: 30 is in, 31 is out
    assert [line["statuses"]["disability_fund_exemption"] for line in out[:-1]] == ["eligible"] * 3 + ["ineligible"] * 3
    assert out[-1]["error"]["errors"][0]["field"] == "employees"


def test_over_http_bad_requests_are_4xx(base_url: str) -> None:
    huge = b"[" + b"{}," * (1 << 20) + b"{}]"  # 3 MiB: over the single-profile limit
    assert httpx.post(f"{base_url}/v1/evaluate", content=huge, headers={"content-type": "application/json"}, timeout=30).status_code == 413
    assert httpx.post(f"{base_url}/v1/evaluate", content=b"{", headers={"content-type": "application/json"}, timeout=30).status_code == 400
    assert httpx.post(f"{base_url}/v1/evaluate", content=b"{}", headers={"content-type": "text/plain"}, timeout=30).status_code == 415
    assert httpx.get(f"{base_url}/openapi.json", timeout=30).json()["openapi"].startswith("3.1")


# the document the server serves (checked below), loaded at collection so that each operation is a test
DOCUMENT = create_app().openapi()
fuzzed = schemathesis.openapi.from_dict(DOCUMENT)


def test_the_server_serves_that_document(base_url: str) -> None:
    assert httpx.get(f"{base_url}/openapi.json", timeout=30).json() == json.loads(json.dumps(DOCUMENT))


CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


# evaluation answers with reports of ~100 KB each, checked against their schema: fewer examples there
@fuzzed.include(path_regex="^/v1/evaluate").parametrize()
@settings(FUZZ, max_examples=6)
def test_schemathesis_finds_no_server_error_in_evaluation(case: Any, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=60)


@fuzzed.exclude(path_regex="^/v1/evaluate").parametrize()
@settings(FUZZ, max_examples=20)
def test_schemathesis_finds_no_server_error(case: Any, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=60)
