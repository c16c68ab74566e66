"""The served OpenAPI document describes every route, and its schemas are the pydantic models'."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from tests.check.conftest import RegexScorer, make_settings
from waf_proxy.check import create_check_app
from waf_proxy.check.models import CheckBatchRequest, CheckRequest, CheckResult
from waf_proxy.check.openapi import REF, build_openapi
from waf_proxy.decision import DecisionEngine


@pytest.fixture
def served() -> tuple[dict, list]:
    settings = make_settings()
    app = create_check_app(settings, DecisionEngine(settings, RegexScorer()), manage_engine=False)
    with TestClient(app) as http:
        answer = http.get("/openapi.json")
    assert answer.status_code == 200
    return answer.json(), app.routes


def _resolve(doc: dict, schema: dict) -> dict:
    ref = schema["$ref"]
    return doc["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_every_route_and_method_is_described(served: tuple[dict, list]) -> None:
    doc, routes = served
    assert doc["openapi"].startswith("3.1")
    for route in routes:
        if isinstance(route, Mount):
            described = [p for p in doc["paths"] if p.startswith(route.path + "/")]
            assert described, route.path
            assert {"get", "post", "put", "delete"} <= set(doc["paths"][described[0]])
        else:
            assert isinstance(route, Route)
            assert route.path in doc["paths"], route.path
            methods = set(route.methods or ())
            if methods == {"GET", "HEAD"}:  # HEAD is Starlette's automatic twin of GET
                methods = {"GET"}
            for method in methods:
                assert method.lower() in doc["paths"][route.path], (route.path, method)
    operation_ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_request_and_response_schemas_are_the_pydantic_models(served: tuple[dict, list]) -> None:
    doc, _ = served
    check_schema = doc["paths"]["/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    expected = CheckRequest.model_json_schema(ref_template=REF)
    got = _resolve(doc, check_schema)
    assert got["properties"] == expected["properties"]
    assert got.get("required", []) == expected.get("required", [])
    assert got["additionalProperties"] is False

    batch_any = doc["paths"]["/check/batch"]["post"]["requestBody"]["content"]["application/json"]["schema"]["anyOf"]
    batch = _resolve(doc, batch_any[0])
    assert batch["properties"] == CheckBatchRequest.model_json_schema(ref_template=REF)["properties"]
    assert batch_any[1]["items"]["$ref"].endswith("/CheckRequest")

    result_schema = doc["paths"]["/check"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    result = _resolve(doc, result_schema)
    assert set(result["properties"]) == set(CheckResult.model_fields)
    # Every $ref in the document points at a component that exists.
    text = str(doc)
    for ref in re.findall(r"#/components/schemas/(\w+)", text):
        assert ref in doc["components"]["schemas"], ref


def test_a_route_without_description_fails_loudly() -> None:
    async def endpoint(request):  # type: ignore[no-untyped-def]
        raise AssertionError

    with pytest.raises(LookupError, match="/undocumented"):
        build_openapi([Route("/undocumented", endpoint, methods=["GET"])])
