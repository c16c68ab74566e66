"""Edge adapters: answer an edge proxy's "may this request pass?" with 200 or 403.

- nginx `auth_request` and Traefik `ForwardAuth` call `/auth` with the original
  request's headers plus its method and URI in X-Original-Method / X-Original-URI
  (nginx, set in the config) or X-Forwarded-Method / X-Forwarded-Uri (Traefik).
- Envoy's HTTP `ext_authz` calls `/envoy/ext_authz<original path?query>` with the
  original method, the allowed headers, and the body when `with_request_body` is set.

The verdict headers (X-Request-ID, X-WAF-Score, X-WAF-Outcome) ride on both
answers so the edge can log them or pass them upstream.
"""

from __future__ import annotations

import math
from typing import Iterable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from waf_proxy.check.http_io import read_body
from waf_proxy.check.judge import Engine, judge
from waf_proxy.check.models import CheckResult
from waf_proxy.check.views import build_view, forwarded_client_ip, split_uri
from waf_proxy.config import Settings
from waf_proxy.decision import request_id_from

ENVOY_PREFIX = "/envoy/ext_authz"

# Headers that describe the hop to this service, not the original request.
_HOP_HEADERS = frozenset(
    {
        "host",
        "content-length",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "upgrade",
        "x-original-method",
        "x-original-uri",
        "x-forwarded-method",
        "x-forwarded-uri",
        "x-forwarded-host",
        "x-forwarded-proto",
        "x-forwarded-port",
        "x-forwarded-server",
        "x-forwarded-prefix",
        "x-forwarded-for",
        "x-real-ip",
        "x-request-id",
    }
)


def wire_text(raw: bytes) -> str:
    """Decode wire bytes exactly as the proxy does (waf_proxy.inspect): UTF-8, invalid bytes as U+FFFD."""
    return raw.decode("utf-8", "replace")


def raw_header(request: Request, name: bytes) -> str | None:
    for key, value in request.scope["headers"]:
        if key.lower() == name:
            return wire_text(value)
    return None


def _uri_header(request: Request, name: bytes) -> str:
    return (raw_header(request, name) or "").strip(" \t")


def original_headers(raw: Iterable[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    """The client's own headers, with the edge's bookkeeping and Envoy internals removed."""
    kept = []
    for name_b, value_b in raw:
        name = name_b.decode("latin-1").lower()
        if name in _HOP_HEADERS or name.startswith("x-envoy-"):
            continue
        kept.append((name, wire_text(value_b)))
    return kept


def verdict_headers(result: CheckResult) -> dict[str, str]:
    headers = {"X-Request-ID": result.request_id, "X-WAF-Outcome": result.outcome}
    if result.score is not None:
        headers["X-WAF-Score"] = f"{result.score:.4f}"
    return headers


def verdict_response(result: CheckResult) -> Response:
    """200 forwards; 403 denies; 429 over the rate limit; 503 when the model could not answer and fail_mode is closed.

    The statuses match the proxy's own answers (Decision.status_code). nginx
    turns any status other than 2xx/401/403 into a 500 for the client, which
    still denies.
    """
    headers = verdict_headers(result)
    if result.allow:
        return Response(status_code=200, headers=headers)
    if result.outcome == "rate_limited":
        headers["Retry-After"] = str(math.ceil(result.retry_after_s or 1))
        body = {"detail": "too many requests", "request_id": result.request_id}
        return JSONResponse(body, status_code=429, headers=headers)
    status = 503 if result.outcome == "fail_closed" else 403
    detail = "request blocked by waf-proxy" if status == 403 else "waf-proxy could not judge the request"
    return JSONResponse({"detail": detail, "request_id": result.request_id}, status_code=status, headers=headers)


def _peer(request: Request) -> str | None:
    return request.client.host if request.client else None


def _client_ip(settings: Settings, request: Request) -> str | None:
    return forwarded_client_ip(
        settings,
        _peer(request),
        request.headers.get("x-real-ip"),
        request.headers.get("x-forwarded-for"),
    )


def _request_id(request: Request) -> str:
    return request_id_from(request.headers.get("x-request-id"))


async def auth_endpoint(request: Request) -> Response:
    """nginx auth_request / Traefik ForwardAuth: 200 forwards, 403 denies."""
    settings: Settings = request.app.state.settings
    engine: Engine = request.app.state.engine
    headers = request.headers
    method = headers.get("x-original-method") or headers.get("x-forwarded-method") or request.method
    # A field value never starts or ends with whitespace (RFC 9110 5.5): a blank one is missing.
    uri = _uri_header(request, b"x-original-uri") or _uri_header(request, b"x-forwarded-uri")
    if not uri:
        return JSONResponse(
            {"detail": "missing X-Original-URI (nginx) or X-Forwarded-Uri (Traefik) header"},
            status_code=400,
        )
    path, query = split_uri(uri)
    # Subrequests carry no body unless the edge forwards it (Traefik forwardBody).
    body, truncated = await read_body(request, settings.inspect_body_bytes)
    view = build_view(
        settings,
        method,
        path,
        query,
        original_headers(request.scope["headers"]),
        body,
        body_truncated=truncated,
    )
    result = await judge(
        engine, settings, view, _client_ip(settings, request), _request_id(request), request.app.state.ops, "auth"
    )
    return verdict_response(result)


async def envoy_ext_authz(scope: Scope, receive: Receive, send: Send) -> None:
    """Envoy HTTP ext_authz, mounted under ENVOY_PREFIX so every method and path reaches it."""
    request = Request(scope, receive)
    settings: Settings = request.app.state.settings
    engine: Engine = request.app.state.engine
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    path = wire_text(raw_path)
    if path.startswith(ENVOY_PREFIX):
        path = path[len(ENVOY_PREFIX) :]
    path = path if path.startswith("/") else "/" + path
    query = wire_text(scope.get("query_string", b""))
    body, truncated = await read_body(request, settings.inspect_body_bytes)
    # Envoy marks a body cut at max_request_bytes with this header.
    truncated = truncated or request.headers.get("x-envoy-auth-partial-body") == "true"
    view = build_view(
        settings,
        request.method,
        path,
        query,
        original_headers(scope["headers"]),
        body,
        body_truncated=truncated,
    )
    result = await judge(
        engine, settings, view, _client_ip(settings, request), _request_id(request), request.app.state.ops, "envoy"
    )
    await verdict_response(result)(scope, receive, send)
