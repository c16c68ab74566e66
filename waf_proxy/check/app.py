"""The decision API as a Starlette app: /check, /check/batch, edge adapters, health, OpenAPI.

A batch call never gets more than `batcher.max_batch_size` items in flight at
once, so the shared micro-batcher interleaves single checks (and live traffic
from other callers) with it instead of queueing them behind 1,000 items.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any, AsyncIterator

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from waf_proxy.check.adapters import ENVOY_PREFIX, auth_endpoint, envoy_ext_authz, verdict_headers
from waf_proxy.check.http_io import (
    BodyTooLarge,
    json_response,
    read_json_body,
    too_large_response,
    validation_error_response,
)
from waf_proxy.check.judge import Engine, judge
from waf_proxy.check.models import (
    CheckBatchRequest,
    CheckBatchResult,
    CheckRequest,
    CheckResult,
    HealthResponse,
)
from waf_proxy.check.observe import CheckOps
from waf_proxy.check.openapi import build_openapi
from waf_proxy.check.views import view_from_check
from waf_proxy.config import Settings
from waf_proxy.decision import request_id_from

AUTH_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


async def check_one(
    engine: Engine,
    settings: Settings,
    item: CheckRequest,
    request_id: str | None = None,
    ops: CheckOps | None = None,
    endpoint: str = "check",
) -> CheckResult:
    view = view_from_check(settings, item)
    client_ip = str(item.client_ip) if item.client_ip is not None else None
    return await judge(engine, settings, view, client_ip, item.request_id or request_id, ops, endpoint)


async def check_many(
    engine: Engine,
    settings: Settings,
    items: list[CheckRequest],
    concurrency: int,
    ops: CheckOps | None = None,
) -> list[CheckResult]:
    """Judge all items concurrently but at most `concurrency` at a time; keeps input order."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def bounded(item: CheckRequest) -> CheckResult:
        async with gate:
            return await check_one(engine, settings, item, None, ops, "check_batch")

    return list(await asyncio.gather(*(bounded(item) for item in items)))


async def check_endpoint(request: Request) -> Response:
    """Judge one request description."""
    try:
        raw = await read_json_body(request)
        item = CheckRequest.model_validate_json(raw)
    except BodyTooLarge as exc:
        return too_large_response(exc)
    except ValidationError as exc:
        return validation_error_response(exc)
    header_id = request_id_from(request.headers.get("x-request-id"))
    state = request.app.state
    result = await check_one(state.engine, state.settings, item, header_id, state.ops)
    return json_response(result, headers=verdict_headers(result))


async def check_batch_endpoint(request: Request) -> Response:
    """Judge a list of request descriptions; answers come back in the same order."""
    started = time.perf_counter()
    try:
        raw = await read_json_body(request)
        if raw.lstrip()[:1] == b"[":  # a bare JSON array is accepted as the item list
            raw = b'{"items":' + raw + b"}"
        batch = CheckBatchRequest.model_validate_json(raw)
    except BodyTooLarge as exc:
        return too_large_response(exc)
    except ValidationError as exc:
        return validation_error_response(exc)
    settings: Settings = request.app.state.settings
    results = await check_many(
        request.app.state.engine, settings, batch.items, settings.batcher.max_batch_size, request.app.state.ops
    )
    answer = CheckBatchResult(
        results=results,
        count=len(results),
        processing_ms=round((time.perf_counter() - started) * 1000, 3),
    )
    return json_response(answer)


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return json_response(HealthResponse(status="ok", ready=bool(request.app.state.engine.ready)))


async def readyz(request: Request) -> Response:
    """Readiness: the engine is started and its model loaded."""
    ready = bool(request.app.state.engine.ready)
    answer = HealthResponse(status="ready" if ready else "starting", ready=ready)
    return json_response(answer, status_code=200 if ready else 503)


async def openapi_endpoint(request: Request) -> Response:
    """This API's OpenAPI 3.1 description."""
    return JSONResponse(request.app.state.openapi)


def check_routes() -> list[BaseRoute]:
    return [
        Route("/check", check_endpoint, methods=["POST"]),
        Route("/check/batch", check_batch_endpoint, methods=["POST"]),
        Route("/auth", auth_endpoint, methods=AUTH_METHODS),
        Mount(ENVOY_PREFIX, app=envoy_ext_authz),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/openapi.json", openapi_endpoint, methods=["GET"], include_in_schema=False),
    ]


def create_check_app(
    settings: Settings,
    engine: Engine | None = None,
    *,
    manage_engine: bool = True,
    admin: bool = False,
    ops: CheckOps | None = None,
) -> Starlette:
    """The decision API over `engine` (built from settings.model.path when None).

    With `manage_engine` the app starts the engine on startup and stops (drains)
    it on shutdown; pass False when the caller owns the engine's lifetime.
    With `admin` (and `admin.enabled` in settings) the ops admin listener
    (/metrics, /readyz, /reload, SIGHUP reload) runs beside it, as with `serve`.
    `ops` carries the rate limiter and metrics (default: from settings).
    """
    if engine is None:
        from waf_proxy.decision import build_engine  # imports torch: only when needed

        engine = build_engine(settings)
    ops = ops if ops is not None else CheckOps.from_settings(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_engine:
            await engine.start()
        admin_server = None
        if admin and settings.admin.enabled:
            admin_server = await _start_admin(engine, settings, ops)
        version = getattr(engine, "model_version", "")
        if version:
            ops.metrics.set_model(str(version))
        try:
            yield
        finally:
            if admin_server is not None:
                await admin_server.stop()
            if manage_engine:
                await engine.stop()

    app = Starlette(routes=check_routes(), lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.ops = ops
    app.state.openapi = build_openapi(app.routes)
    return app


async def _start_admin(engine: Engine, settings: Settings, ops: CheckOps) -> Any:
    from waf_proxy.ops.admin import create_admin_app, install_sighup_reload, serve_admin

    admin_app = create_admin_app(engine, settings, metrics=ops.metrics)
    install_sighup_reload(admin_app.state.reloader)
    return await serve_admin(admin_app, settings)
