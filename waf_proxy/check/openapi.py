"""OpenAPI 3.1 description of the decision API, built from its routes and pydantic models.

Schemas come straight from the pydantic models, and the paths from the app's
route table: a route without a description here fails app creation, so the
document cannot silently drift from the endpoints.
"""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any, Sequence

from pydantic.json_schema import models_json_schema
from starlette.routing import BaseRoute, Mount, Route

from waf_proxy.check.models import (
    CheckBatchRequest,
    CheckBatchResult,
    CheckRequest,
    CheckResult,
    HealthResponse,
    ValidationErrorResponse,
)

REF = "#/components/schemas/{model}"
REQUEST_MODELS = (CheckRequest, CheckBatchRequest)
RESPONSE_MODELS = (CheckResult, CheckBatchResult, ValidationErrorResponse, HealthResponse)


def package_version() -> str:
    try:
        return metadata.version("waf-proxy")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def component_schemas() -> dict[str, Any]:
    """Every model's JSON schema, request models in validation mode, answers in serialization mode."""
    pairs = [(m, "validation") for m in REQUEST_MODELS] + [(m, "serialization") for m in RESPONSE_MODELS]
    _, top = models_json_schema(pairs, ref_template=REF)  # type: ignore[arg-type]
    return top.get("$defs", {})


_VERDICT_HEADERS = {
    "X-Request-ID": {"description": "request id of this decision", "schema": {"type": "string"}},
    "X-WAF-Score": {"description": "anomaly score in [0, 1] (absent when not scored)", "schema": {"type": "string"}},
    "X-WAF-Outcome": {"description": "allow, block, monitor, exempt, fail_open or fail_closed", "schema": {"type": "string"}},
}

_VERDICT_RESPONSES = {
    "200": {"description": "forward the original request", "headers": _VERDICT_HEADERS},
    "403": {"description": "deny the original request", "headers": _VERDICT_HEADERS},
}

_TOO_LARGE = {"413": _json(_ref("ValidationErrorResponse"), "request body too large")}
_INVALID = {"422": _json(_ref("ValidationErrorResponse"), "invalid field(s), named by `loc`")}


def _header_params(names: Sequence[str], description: str) -> list[dict[str, Any]]:
    return [
        {"name": name, "in": "header", "required": False, "description": description, "schema": {"type": "string"}}
        for name in names
    ]


def _operations() -> dict[str, dict[str, Any]]:
    """Operation object per documented path (the same object is used for each method)."""
    auth_params = _header_params(
        ["X-Original-Method", "X-Original-URI"], "original request line (nginx auth_request)"
    ) + _header_params(
        ["X-Forwarded-Method", "X-Forwarded-Uri"], "original request line (Traefik ForwardAuth)"
    ) + _header_params(
        ["X-Real-IP", "X-Forwarded-For"], "original client address (believed from trusted peers)"
    ) + _header_params(["X-Request-ID"], "request id to reuse")
    return {
        "/check": {
            "summary": "Judge one request",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("CheckRequest")}}},
            "responses": {"200": _json(_ref("CheckResult"), "the decision"), **_TOO_LARGE, **_INVALID},
        },
        "/check/batch": {
            "summary": "Judge many requests; answers keep the input order",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "anyOf": [
                                _ref("CheckBatchRequest"),
                                {"type": "array", "items": _ref("CheckRequest"), "minItems": 1},
                            ]
                        }
                    }
                },
            },
            "responses": {"200": _json(_ref("CheckBatchResult"), "one result per item, in order"), **_TOO_LARGE, **_INVALID},
        },
        "/auth": {
            "summary": "nginx auth_request / Traefik ForwardAuth verdict",
            "parameters": auth_params,
            "responses": {**_VERDICT_RESPONSES, "400": {"description": "no original URI header"}},
        },
        "/envoy/ext_authz/{original_path}": {
            "summary": "Envoy HTTP ext_authz verdict for the original method, path, headers and body",
            "parameters": [
                {
                    "name": "original_path",
                    "in": "path",
                    "required": True,
                    "description": "the original request path (and query), appended by Envoy's path_prefix",
                    "schema": {"type": "string"},
                }
            ],
            "responses": _VERDICT_RESPONSES,
        },
        "/healthz": {"summary": "Liveness", "responses": {"200": _json(_ref("HealthResponse"), "alive")}},
        "/readyz": {
            "summary": "Readiness",
            "responses": {
                "200": _json(_ref("HealthResponse"), "engine ready"),
                "503": _json(_ref("HealthResponse"), "engine not ready"),
            },
        },
        "/openapi.json": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1 JSON"}}},
    }


ENVOY_METHODS = ("get", "head", "post", "put", "patch", "delete", "options")


def route_paths(routes: Sequence[BaseRoute]) -> dict[str, list[str]]:
    """Documented path -> lower-case methods, for each route of the app."""
    paths: dict[str, list[str]] = {}
    for route in routes:
        if isinstance(route, Mount):
            paths[route.path + "/{original_path}"] = list(ENVOY_METHODS)
        elif isinstance(route, Route):
            methods = set(route.methods or {"GET"})
            if methods == {"GET", "HEAD"}:  # Starlette adds HEAD to every GET route
                methods = {"GET"}
            paths[route.path] = sorted(m.lower() for m in methods)
    return paths


def build_openapi(routes: Sequence[BaseRoute]) -> dict[str, Any]:
    operations = _operations()
    paths: dict[str, Any] = {}
    for path, methods in route_paths(routes).items():
        if path not in operations:
            raise LookupError(f"route {path} has no OpenAPI description in waf_proxy/check/openapi.py")
        operation = operations[path]
        slug = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_")
        paths[path] = {method: {**operation, "operationId": f"{method}_{slug}"} for method in methods}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "waf-proxy decision API",
            "version": package_version(),
            "description": "Judge HTTP requests with the waf-proxy engine: JSON checks and edge adapters.",
        },
        "paths": paths,
        "components": {"schemas": component_schemas()},
    }
