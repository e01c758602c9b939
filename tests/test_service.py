"""The decision service through its test client: the answers are evaluate()'s, bad input is a 4xx
problem naming the field, batches keep every row."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from sme_rules import EligibilityReport, evaluate, procurement_reservation
from sme_rules.service import ServiceLimits, create_app
from sme_rules.wire import BRIEF_EXCLUDE, shipped_schema
from wire_validation import errors, validator

DAY = "2022-06-01"
PROFILE = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "sales_at_3pct_levy_rate": 0, "monthly_sales": "15万", "employees": 12, "industry_code": "C13", "region_code": "540102"}
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def small_client(**limits: Any) -> TestClient:
    return TestClient(create_app(ServiceLimits(**limits)))


def lines(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def assert_problem(response: Any, status: int, *fields: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["type"].startswith("urn:sme-rules:problem:") and body["detail"]
    assert [e["field"] for e in body.get("errors", [])] == list(fields)
    return body


# -- POST /v1/evaluate


def test_evaluate_answers_what_evaluate_answers(client: TestClient) -> None:
    response = client.post(f"/v1/evaluate?as_of={DAY}", json=PROFILE)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    expected = evaluate(PROFILE, as_of=DAY).model_dump(mode="json")
    assert response.json() == expected
    assert response.json()["region"] == "xizang"  # from region_code
    assert EligibilityReport.model_validate(response.json()).status("vat_small_scale_exemption") == "eligible"


def test_evaluate_sends_the_bytes_of_model_dump_json(client: TestClient) -> None:
    """The service writes with report.jsondump (orjson): byte for byte what pydantic writes."""
    report = evaluate(PROFILE, as_of=DAY)
    assert client.post(f"/v1/evaluate?as_of={DAY}", json=PROFILE).content == report.model_dump_json().encode()
    brief = report.model_dump_json(exclude={"benefits": {"__all__": {"verdict", "facts_used"}}}).encode()
    assert client.post(f"/v1/evaluate?as_of={DAY}&brief=true", json=PROFILE).content == brief


def test_evaluate_at_the_threshold_and_one_past(client: TestClient) -> None:
    def status(employees: Any) -> str:
        body = client.post(f"/v1/evaluate?as_of={DAY}&brief=true", json=PROFILE | {"employees": employees}).json()
        return str(next(b["status"] for b in body["benefits"] if b["id"] == "disability_fund_exemption"))

    # 在职职工总数30人(含)以下
    assert status(30) == status("30人") == "eligible"
    assert status(31) == status("31人") == "ineligible"


def test_brief_validates_and_reads_back(client: TestClient) -> None:
    body = client.post(f"/v1/evaluate?as_of={DAY}&brief=true", json=PROFILE).json()
    assert body == evaluate(PROFILE, as_of=DAY).model_dump(mode="json", exclude=BRIEF_EXCLUDE)
    assert not errors(validator("brief"), body)
    assert EligibilityReport.model_validate(body).status("disability_fund_exemption") == "eligible"


def test_unknown_is_not_false(client: TestClient) -> None:
    body = client.post(f"/v1/evaluate?as_of={DAY}&region=xizang", json={"vat_taxpayer_type": "small_scale", "monthly_sales": None}).json()
    vat = next(b for b in body["benefits"] if b["id"] == "vat_small_scale_exemption")
    assert vat["status"] == "undetermined" and "monthly_sales" in vat["missing"]


def test_every_bad_field_is_named(client: TestClient) -> None:
    response = client.post(f"/v1/evaluate?as_of={DAY}", json={"monthly_sales": "abc", "employes": 3, "industry_code": "C51", "region_code": "540102"})
    body = assert_problem(response, 422, "monthly_sales", "employes", "industry_code")
    assert "did you mean 'employees'" in body["detail"]
    assert body["errors"][0]["pointer"] == "/monthly_sales"
    assert "section C" in body["errors"][2]["message"]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"employees": 3', "application/json", 400),
        (b'{"employees": NaN}', "application/json", 400),
        (b'{"employees": 3, "employees": 4}', "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b'{"employees": 3}', "text/plain", 415),
        (b'{"employees": 3}', "", 415),
        (b"employees=3", "application/x-www-form-urlencoded", 415),
        (b"[1, 2]", "application/json", 422),
        (b"null", "application/json", 422),
    ],
)
def test_malformed_requests_are_4xx(client: TestClient, body: bytes, content_type: str, status: int) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/evaluate?region=xizang", content=body, headers=headers)
    assert response.status_code == status and response.headers["content-type"] == PROBLEM


def test_bad_parameters_are_422(client: TestClient) -> None:
    assert_problem(client.post("/v1/evaluate?region=mars", json={}), 422, "region")
    assert_problem(client.post("/v1/evaluate?region=xizang&as_of=2022-13-01", json={}), 422, "as_of")
    assert_problem(client.post("/v1/evaluate?region=xizang&brief=maybe", json={}), 422, "brief")
    assert_problem(client.post("/v1/evaluate", json={"employees": 3}), 422, "region")


def test_body_limit_at_and_one_past() -> None:
    body = json.dumps({"employees": 3}).encode()
    at = small_client(max_body_bytes=len(body))
    assert at.post("/v1/evaluate?region=xizang", content=body, headers={"content-type": "application/json"}).status_code == 200
    past = small_client(max_body_bytes=len(body) - 1)
    assert_problem(past.post("/v1/evaluate?region=xizang", content=body, headers={"content-type": "application/json"}), 413)


def test_time_limit_is_503_not_a_hang() -> None:
    slow = small_client(request_seconds=0.0)
    assert_problem(slow.post("/v1/evaluate?region=xizang", json={"employees": 3}), 503)


# -- POST /v1/evaluate/batch

ROWS = [
    {"id": "a", **PROFILE},
    {"id": "b", "monthly_sales": "x", "region_code": "540102"},
    {"id": 3, "employees": 40, "region_code": "630100"},
    {"employees": 5},
    {"region": "xinjiang", "employees": 5, "annual_revenue": "300万"},
    {"region_code": "110101", "employees": 5},
]


def test_batch_rows_in_equal_rows_out_and_match_evaluate(client: TestClient) -> None:
    out = lines(client.post(f"/v1/evaluate/batch?as_of={DAY}", json=[*ROWS, 7]))
    assert [line["row"] for line in out] == list(range(len(ROWS) + 1))
    assert [line.get("id") for line in out] == ["a", "b", 3, None, None, None, None]
    for row, line in zip(ROWS, out, strict=False):
        profile = {k: v for k, v in row.items() if k not in ("id", "region")}
        try:
            report = evaluate(profile, region=row.get("region"), as_of=DAY).model_dump(mode="json")
        except ValueError:
            assert "error" in line
            continue
        assert line["region"] == report["region"]
        assert line["statuses"] == {b["id"]: b["status"] for b in report["benefits"]}
        assert line["facts"] == report["facts"]
    assert [e["field"] for e in out[1]["error"]["errors"]] == ["monthly_sales"]
    assert out[3]["error"]["errors"][0]["field"] == "region"  # neither a region nor a region_code
    assert out[5]["error"]["errors"][0]["field"] == "region_code"
    assert "110101" in out[5]["error"]["detail"]
    assert out[6]["error"]["type"].endswith("malformed-row")


def test_batch_region_parameter_and_json_lines(client: TestClient) -> None:
    body = b'{"employees": 3}\n{broken\n\n{"employees": "30\xe4\xba\xba"}\n'
    out = lines(client.post(f"/v1/evaluate/batch?as_of={DAY}&region=xizang", content=body, headers={"content-type": "application/x-ndjson"}))
    assert len(out) == 3  # the blank line is no row
    assert out[0]["statuses"]["disability_fund_exemption"] == "eligible"
    assert "line 2" in out[1]["error"]["detail"]
    assert out[2]["statuses"]["disability_fund_exemption"] == "eligible"  # 30人: 30 (含) 以下


def test_a_row_naming_another_region_than_the_request_is_an_error(client: TestClient) -> None:
    for explain in ("false", "true"):
        rows = [{"region": "qinghai", "employees": 3}, {"region": "xizang", "employees": 3}]
        out = lines(client.post(f"/v1/evaluate/batch?as_of={DAY}&region=xizang&explain={explain}", json=rows))
        assert "qinghai" in out[0]["error"]["detail"] and out[0]["error"]["errors"][0]["field"] == "region"
        assert "error" not in out[1]


def test_batch_explain_gives_full_reports(client: TestClient) -> None:
    out = lines(client.post(f"/v1/evaluate/batch?as_of={DAY}&explain=true&region=xizang", json=[{"employees": 31}, {"employees": -1}]))
    assert out[0]["report"] == evaluate({"employees": 31}, region="xizang", as_of=DAY).model_dump(mode="json")
    assert [e["field"] for e in out[1]["error"]["errors"]] == ["employees"]


def test_batch_limits(client: TestClient) -> None:
    two = small_client(max_batch_rows=2, max_explained_rows=1)
    assert len(lines(two.post("/v1/evaluate/batch?region=xizang", json=[{}, {}]))) == 2
    assert_problem(two.post("/v1/evaluate/batch?region=xizang", json=[{}, {}, {}]), 413)
    assert_problem(two.post("/v1/evaluate/batch?region=xizang&explain=true", json=[{}, {}]), 413)
    assert_problem(client.post("/v1/evaluate/batch", json={"employees": 3}), 422)
    assert_problem(client.post("/v1/evaluate/batch?region=mars", json=[{}]), 422, "region")
    assert_problem(client.post("/v1/evaluate/batch", content=b"[{", headers={"content-type": "application/json"}), 400)
    assert_problem(client.post("/v1/evaluate/batch", content=b"[]", headers={"content-type": "text/csv"}), 415)


def test_batch_out_of_time_still_answers_every_row() -> None:
    out = lines(small_client(request_seconds=0.0).post("/v1/evaluate/batch?region=xizang", json=[{"id": 1}, {}]))
    assert [line["row"] for line in out] == [0, 1] and out[0]["id"] == 1
    assert all(line["error"]["type"].endswith("time-limit") for line in out)


# -- the rest


def test_procurement_answers_what_the_library_answers(client: TestClient) -> None:
    request = {"budget": "250万", "category": "goods", "region": "qinghai", "as_of": DAY}
    response = client.post("/v1/procurement", json=request)
    assert response.json() == procurement_reservation("250万", "goods", "qinghai", DAY).model_dump(mode="json")
    assert_problem(client.post("/v1/procurement", json={"budget": 1, "category": "goods", "regoin": "qinghai"}), 422, "regoin", "region")
    assert_problem(client.post("/v1/procurement", json={"budget": "x", "category": "goods", "region": "qinghai"}), 422, "budget")


def test_regions_benefits_schemas_health(client: TestClient) -> None:
    regions = client.get("/v1/regions").json()
    assert [r["region"] for r in regions] == ["xizang", "qinghai", "xishuangbanna", "xinjiang"]
    benefits = client.get("/v1/regions/xizang/benefits").json()["benefits"]
    vat = next(b for b in benefits if b["id"] == "vat_small_scale_exemption")
    assert vat["sources"] and vat["sources"][0]["article"] and vat["obtained_by"] and vat["beneficiary"]
    assert_problem(client.get("/v1/regions/mars/benefits"), 404)
    for name in ("profile", "report", "brief"):
        response = client.get(f"/v1/schema/{name}")
        assert response.headers["content-type"] == "application/schema+json" and response.json() == shipped_schema(name)
    assert_problem(client.get("/v1/schema/other"), 422, "name")
    assert client.get("/healthz").json()["status"] == "ok"
    assert_problem(client.get("/v1/nowhere"), 404)
    assert_problem(client.get("/v1/evaluate"), 405)


def test_openapi_is_built_on_the_wire_schemas(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    shipped = shipped_schema("profile")
    assert schemas["EnterpriseProfile"]["properties"].keys() == shipped["properties"].keys()
    assert schemas["Money"]["anyOf"][1]["pattern"] == shipped["$defs"]["Money"]["anyOf"][1]["pattern"]
    body = document["paths"]["/v1/evaluate"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/EnterpriseProfile"}
    refs = set(_refs(document))
    assert refs and all(r.removeprefix("#/components/schemas/") in schemas for r in refs)
    assert "HTTPValidationError" not in json.dumps(document)


def _refs(node: Any) -> Any:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_a_bug_is_a_problem_500_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from sme_rules.errors import EngineDisagreement
    from sme_rules.service import routes

    def disagree(*args: Any, **kwargs: Any) -> Any:
        raise EngineDisagreement("engines disagree on xizang at 2022-06-01: benefit x — please report this")

    monkeypatch.setattr(routes, "evaluate", disagree)
    client = TestClient(create_app(), raise_server_exceptions=False)
    body = assert_problem(client.post("/v1/evaluate?region=xizang", json={}), 500)
    assert body["type"].endswith("engine-disagreement")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(routes, "evaluate", broken)
    body = assert_problem(client.post("/v1/evaluate?region=xizang", json={}), 500)
    assert "secret" not in body["detail"] and "RuntimeError" in body["detail"]


# -- POST /v1/timeline


def test_timeline_answers_what_timeline_answers(client: TestClient) -> None:
    from sme_rules import timeline

    profile = {"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": "12万", "region_code": "540102"}
    response = client.post("/v1/timeline?from=2021-01-01&to=2021-06-01", json=profile)
    assert response.status_code == 200, response.text
    expected = timeline(profile, start="2021-01-01", end="2021-06-01").model_dump(mode="json")
    assert response.json() == expected
    # 12万 a month is over the 10万 of 财税〔2019〕13号 and within the 15万 of 2021年第11号 from 2021-04-01
    vat = [(c["date"], c["status_before"], c["status_after"]) for c in expected["changes"] if c["benefit"] == "vat_small_scale_exemption"]
    assert vat == [("2021-04-01", "ineligible", "eligible")]


def test_timeline_names_the_bad_date_parameter(client: TestClient) -> None:
    assert_problem(client.post("/v1/timeline?from=2022-02-30", json={}), 422, "from")
    assert_problem(client.post("/v1/timeline?from=2023-01-01&to=2022-01-01", json={}), 422, "to")
    assert_problem(client.post("/v1/timeline?from=2022-01-01", json={"employes": 3}), 422, "employes")
