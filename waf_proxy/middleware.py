"""WAFMiddleware: the same engine and decisions inside a Starlette or FastAPI app.

Pure ASGI (no BaseHTTPMiddleware), so streaming and background tasks are
untouched: the body read for inspection is replayed to the app message by
message, and everything after the prefix streams straight through.

    app.add_middleware(WAFMiddleware, mode="block")
    app.add_middleware(WAFMiddleware, settings=load_settings("config.toml"))
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable, Callable

import structlog

from waf_proxy.config import Settings, load_settings
from waf_proxy.decision import DecisionEngine, build_engine, request_id_from
from waf_proxy.inspect import ClientDisconnected, RequestRejected, read_request, view_from_scope
from waf_proxy.ops.observe import record_request
from waf_proxy.ops.ratelimit import RateLimiter, send_too_many_requests
from waf_proxy.proxy import client_address, parse_networks, unless_client_leaves
from waf_proxy.responses import send_error, wants_html

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Message, Receive, Send], Awaitable[None]]

log = structlog.get_logger(__name__)


class WAFMiddleware:
    """Inspect every http request (and WebSocket handshake) before the app sees it."""

    def __init__(
        self,
        app: ASGIApp,
        settings: Settings | None = None,
        engine: DecisionEngine | None = None,
        **overrides: Any,
    ) -> None:
        self.app = app
        if settings is None:
            settings = load_settings(**overrides)
        elif overrides:
            settings = Settings.model_validate({**settings.model_dump(), **overrides})
        self.settings = settings
        self.engine = engine
        self._started = False
        self._lock = asyncio.Lock()
        self._trusted = parse_networks(settings.trusted_proxies)
        self._inspected = tuple(settings.inspect_headers)
        self.limiter = RateLimiter.from_settings(settings)  # None unless ratelimit.enabled

    async def startup(self) -> None:
        async with self._lock:
            if self._started:
                return
            if self.engine is None:
                self.engine = await asyncio.to_thread(build_engine, self.settings)
            await self.engine.start()
            self._started = True

    async def shutdown(self) -> None:
        async with self._lock:
            if self._started and self.engine is not None:
                self._started = False
                await self.engine.stop()

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self.app(scope, self._lifespan_receive(receive), send)
        elif kind == "http":
            await self._http(scope, receive, send)
        elif kind == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _lifespan_receive(self, receive: Receive) -> Receive:
        """Start the engine on the server's startup and stop it on shutdown, around the app's own."""

        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.startup()
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
            return message

        return wrapped

    async def _http(self, scope: Message, receive: Receive, send: Send) -> None:
        headers = list(scope.get("headers", ()))
        request_id = request_id_from(_header(headers, b"x-request-id"))
        html = wants_html(headers)
        if not self._started:
            await self.startup()
        assert self.engine is not None
        peer = (scope.get("client") or (None, None))[0]
        client_ip = client_address(peer, headers, self._trusted)
        if self.limiter is not None:  # before reading the body: a flood costs one counter hit
            allowed, retry_after = await self.limiter.ahit(client_ip or "unknown")
            if not allowed:
                await send_too_many_requests(send, retry_after, request_id)
                return
        try:
            view, replay = await read_request(
                scope,
                receive,
                inspected=self._inspected,
                inspect_body_bytes=self.settings.inspect_body_bytes,
                max_body_bytes=self.settings.max_body_bytes,
                body_timeout_s=self.settings.client_body_timeout_s,
            )
        except RequestRejected as exc:
            await send_error(send, exc.status, request_id, html=html, close=True)
            return
        except ClientDisconnected:
            return
        # A client that leaves while its request waits for a batch cancels it here.
        stayed, decision = await unless_client_leaves(
            receive, self.engine.decide(view, client_ip, request_id), watch=replay.complete
        )
        if not stayed or decision is None:
            return
        if not decision.forward:
            record_request(decision, view, client=client_ip, settings=self.settings, status=decision.status_code)
            await send_error(send, decision.status_code or 403, request_id, html=html)
            return
        scope.setdefault("state", {})["waf_decision"] = decision
        started = False
        status: int | None = None
        app_started = time.perf_counter()
        app_ms: float | None = None

        async def send_with_id(message: Message) -> None:
            nonlocal started, status, app_ms
            if message["type"] == "http.response.start":
                started = True
                status = message.get("status")
                app_ms = (time.perf_counter() - app_started) * 1000.0  # the app's time to headers
                kept = [(n, v) for n, v in message.get("headers", ()) if n.lower() != b"x-request-id"]
                message = {**message, "headers": [*kept, (b"x-request-id", request_id.encode("ascii"))]}
            await send(message)

        try:
            await self.app(scope, replay, send_with_id)
        except RequestRejected as exc:  # the body grew past max_body_bytes while the app read it
            if started:
                raise
            status = exc.status
            await send_error(send, exc.status, request_id, html=html, close=True)
        finally:  # one log event and count per request; "upstream" is the wrapped app
            record_request(decision, view, client=client_ip, settings=self.settings, upstream_ms=app_ms, status=status)

    async def _websocket(self, scope: Message, receive: Receive, send: Send) -> None:
        """A WebSocket handshake is inspected like a GET; a blocked one is refused (403)."""
        if not self._started:
            await self.startup()
        assert self.engine is not None
        headers = list(scope.get("headers", ()))
        request_id = request_id_from(_header(headers, b"x-request-id"))
        view = view_from_scope({**scope, "method": "GET"}, inspected=self._inspected)
        peer = (scope.get("client") or (None, None))[0]
        decision = await self.engine.decide(view, client_address(peer, headers, self._trusted), request_id)
        if not decision.forward:
            message = await receive()
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.close", "code": 1008})
            return
        await self.app(scope, receive, send)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None
