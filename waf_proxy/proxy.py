"""The reverse proxy: a pure ASGI app that inspects each request and forwards it byte-exact.

Path of one request: read (framing checked, body prefix buffered) -> decide
(shared engine) -> forward to the configured upstream through one pooled
httpx client, streaming both bodies -> relay the answer. The upstream URL is
always the configured one plus the raw request target, so neither an
absolute-form target nor a forged Host can send traffic anywhere else.
"""

from __future__ import annotations

import asyncio
import time
import ipaddress
from typing import Any, AsyncIterator, Awaitable, Callable, TypeVar
from urllib.parse import urlsplit

import httpx
import structlog

from waf_proxy.config import Settings
from waf_proxy.decision import Decision, DecisionEngine, build_engine, request_id_from
from waf_proxy.inspect import BodyReplay, ClientDisconnected, RequestRejected, read_request
from waf_proxy.responses import send_error, wants_html
from waf_proxy.ops.metrics import get_metrics
from waf_proxy.ops.observe import record_request, upstream_error_kind
from waf_proxy.ops.ratelimit import RateLimiter, send_too_many_requests
from waf_proxy.upstream import build_client

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
RawHeaders = list[tuple[bytes, bytes]]

log = structlog.get_logger(__name__)
T = TypeVar("T")

HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"proxy-authorization",
        b"proxy-authenticate",
        b"proxy-connection",
    }
)
# Set by the proxy itself, so the client's copies are dropped (unless from a trusted proxy).
_FORWARDED = frozenset({b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host", b"forwarded"})
# The proxy has already read or is streaming the body; an interim 100 is not relayed.
_NOT_FORWARDED = frozenset({b"host", b"expect", b"x-request-id"})


def strip_hop_by_hop(headers: RawHeaders | list[tuple[bytes, bytes]]) -> RawHeaders:
    """Drop hop-by-hop headers, including every header the Connection header names."""
    listed: set[bytes] = set()
    for name, value in headers:
        if name.lower() == b"connection":
            listed.update(token.strip().lower() for token in value.split(b","))
    return [(n, v) for n, v in headers if n.lower() not in HOP_BY_HOP and n.lower() not in listed]


def _escape(raw: bytes) -> str:
    """Percent-encode bytes that may not appear in a request target (non-ASCII, controls, space)."""
    if all(0x21 <= b <= 0x7E for b in raw):
        return raw.decode("ascii")
    return "".join(chr(b) if 0x21 <= b <= 0x7E else f"%{b:02X}" for b in raw)


def request_target(raw_path: bytes) -> str:
    """The origin-form path to send upstream; an absolute-form target keeps only its path.

    Only the path is ever taken from the client; scheme and authority always
    come from the configured upstream.
    """
    lowered = raw_path[:8].lower()
    if lowered.startswith((b"http://", b"https://")):
        rest = raw_path.split(b"//", 1)[1]
        slash = rest.find(b"/")
        raw_path = rest[slash:] if slash >= 0 else b"/"
    if not raw_path.startswith(b"/"):
        raise RequestRejected(400, "request target must be a path")
    return _escape(raw_path)


def upstream_url(base: httpx.URL, base_path: str, path: str, query: str) -> httpx.URL:
    """The upstream URL with the client's path and query exactly as received.

    httpx.URL's constructor would resolve dot segments and requote; a proxy must
    not change the target, so the parsed components are set directly.
    """
    url = httpx.URL(base)
    url._uri_reference = base._uri_reference._replace(  # noqa: SLF001 - see docstring
        path=base_path + path, query=query or None, fragment=None
    )
    return url


def parse_networks(values: list[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(v, strict=False) for v in values)


def _is_trusted(address: str | None, trusted: tuple[Any, ...]) -> bool:
    if not address or not trusted:
        return False
    try:
        ip = ipaddress.ip_address(address.strip().split("%", 1)[0])
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str | None, headers: RawHeaders, trusted: tuple[Any, ...]) -> str | None:
    """The client's address: the peer, unless the peer is a trusted proxy, then the
    right-most X-Forwarded-For entry that is not itself a trusted proxy."""
    if not _is_trusted(peer, trusted):
        return peer
    hops: list[str] = []
    for name, value in headers:
        if name.lower() == b"x-forwarded-for":
            hops.extend(h.strip() for h in value.decode("latin-1").split(","))
    for hop in reversed(hops):
        if hop and not _is_trusted(hop, trusted):
            try:
                ipaddress.ip_address(hop.split("%", 1)[0])
            except ValueError:
                return peer  # garbage in the chain: trust only what we saw
            return hop
    return peer


def forward_headers(
    scope: Message, peer: str | None, request_id: str, trusted: tuple[Any, ...]
) -> RawHeaders:
    """End-to-end request headers in order, plus X-Forwarded-* and our X-Request-ID."""
    raw: RawHeaders = list(scope.get("headers", ()))
    from_trusted = _is_trusted(peer, trusted)
    out: RawHeaders = []
    host = b""
    prior: dict[bytes, bytes] = {}
    for name, value in strip_hop_by_hop(raw):
        lowered = name.lower()
        if lowered == b"host":
            host = value
        if lowered in _NOT_FORWARDED:
            continue
        if lowered in _FORWARDED:
            if from_trusted:
                prior[lowered] = prior[lowered] + b", " + value if lowered in prior else value
            continue
        out.append((name, value))
    peer_bytes = (peer or "unknown").encode("latin-1")
    xff = prior[b"x-forwarded-for"] + b", " + peer_bytes if b"x-forwarded-for" in prior else peer_bytes
    proto = prior.get(b"x-forwarded-proto") or str(scope.get("scheme", "http")).encode("latin-1")
    fhost = prior.get(b"x-forwarded-host") or host
    out.append((b"x-forwarded-for", xff))
    out.append((b"x-forwarded-proto", proto))
    if fhost:
        out.append((b"x-forwarded-host", fhost))
    if b"forwarded" in prior:
        out.append((b"forwarded", prior[b"forwarded"]))
    out.append((b"x-request-id", request_id.encode("ascii")))
    return out


def response_headers(headers: list[tuple[bytes, bytes]], request_id: str, status: int = 200) -> RawHeaders:
    drop = {b"x-request-id"}
    if status in (204, 304) or status < 200:
        drop.add(b"content-length")  # no body follows; the server would count one otherwise
    out = [(n, v) for n, v in strip_hop_by_hop(headers) if n.lower() not in drop]
    out.append((b"x-request-id", request_id.encode("ascii")))
    return out


def _header(scope: Message, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class _Upload:
    """The streamed request body; remembers why it stopped, since a transport may wrap the error."""

    def __init__(self, replay: BodyReplay) -> None:
        self.replay = replay
        self.error: RequestRejected | ClientDisconnected | None = None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.replay.stream():
                yield chunk
        except (RequestRejected, ClientDisconnected) as exc:
            self.error = exc
            raise


class ProxyApp:
    """The proxy as a pure ASGI app (uvicorn, or httpx.ASGITransport in tests)."""

    def __init__(
        self,
        settings: Settings,
        engine: DecisionEngine | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self._transport = transport
        self.client: httpx.AsyncClient | None = None
        self._timeout: dict[str, float | None] = {}
        self._started = False
        self._start_lock = asyncio.Lock()
        self._trusted = parse_networks(settings.trusted_proxies)
        parts = urlsplit(settings.upstream.url)
        self._base = httpx.URL(f"{parts.scheme}://{parts.netloc}")
        self._base_path = parts.path.rstrip("/")
        self._inspected = tuple(settings.inspect_headers)
        self.limiter = RateLimiter.from_settings(settings)  # None unless ratelimit.enabled

    # -- lifecycle -------------------------------------------------------------

    async def startup(self) -> None:
        async with self._start_lock:
            if self._started:
                return
            if self.engine is None:
                self.engine = await asyncio.to_thread(build_engine, self.settings)
            await self.engine.start()
            self.client = build_client(self.settings.upstream, self._transport)
            self._timeout = self.client.timeout.as_dict()
            self._started = True

    async def shutdown(self) -> None:
        async with self._start_lock:
            if not self._started:
                return
            self._started = False
            if self.engine is not None:
                await self.engine.stop()
            if self.client is not None:
                await self.client.aclose()

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    log.error("proxy_startup_failed", error=repr(exc))
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # -- requests ----------------------------------------------------------------

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind == "websocket":
            # Not proxied: httpx speaks no WebSocket. Closing the handshake gives a 403.
            await send({"type": "websocket.close", "code": 1008})

    async def _http(self, scope: Message, receive: Receive, send: Send) -> None:
        request_id = request_id_from(_header(scope, b"x-request-id"))
        html = wants_html(scope.get("headers", ()))
        if not self._started:
            await self.startup()
        assert self.engine is not None and self.client is not None
        peer = (scope.get("client") or (None, None))[0]
        headers: RawHeaders = list(scope.get("headers", ()))
        if self.limiter is not None:  # before any work: a flood costs one counter hit per request
            allowed, retry_after = await self.limiter.ahit(client_address(peer, headers, self._trusted) or "unknown")
            if not allowed:
                await send_too_many_requests(send, retry_after, request_id)
                return
        try:
            path = request_target(scope.get("raw_path") or scope.get("path", "/").encode("utf-8"))
            view, body = await read_request(
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
        forward = self._decide_and_forward(scope, send, view, body, path, peer, headers, request_id, html)
        await unless_client_leaves(receive, forward, watch=body.complete)

    async def _decide_and_forward(
        self,
        scope: Message,
        send: Send,
        view: Any,
        body: BodyReplay,
        path: str,
        peer: str | None,
        headers: RawHeaders,
        request_id: str,
        html: bool,
    ) -> None:
        assert self.engine is not None
        client_ip = client_address(peer, headers, self._trusted)
        decision = await self.engine.decide(view, client_ip, request_id)
        if not decision.forward:
            record_request(decision, view, client=client_ip, settings=self.settings, status=decision.status_code)
            await self._refuse(send, decision, html)
            return
        query = _escape(scope.get("query_string", b""))
        upstream_ms, status = None, None
        try:
            upstream_ms, status = await self._forward(scope, send, body, path, query, peer, request_id, html)
        finally:  # one log event and count per request, with the upstream's time
            record_request(decision, view, client=client_ip, settings=self.settings,
                           upstream_ms=upstream_ms, status=status)

    async def _refuse(self, send: Send, decision: Decision, html: bool) -> None:
        status = decision.status_code or 403
        await send_error(send, status, decision.request_id, html=html)

    async def _forward(
        self,
        scope: Message,
        send: Send,
        body: BodyReplay,
        path: str,
        query: str,
        peer: str | None,
        request_id: str,
        html: bool,
    ) -> tuple[float | None, int | None]:
        """Send upstream and relay the answer; (upstream ms to response headers, status)."""
        assert self.client is not None
        upload = None if body.complete else _Upload(body)
        request = httpx.Request(
            scope["method"],
            upstream_url(self._base, self._base_path, path, query),
            headers=forward_headers(scope, peer, request_id, self._trusted),
            content=body.buffered_body() if upload is None else upload,
            extensions={"timeout": self._timeout},
        )
        started = time.perf_counter()
        try:
            response = await self.client.send(request, stream=True)
        except Exception as exc:
            client_side = isinstance(exc, (ClientDisconnected, RequestRejected)) or (
                upload is not None and upload.error is not None
            )
            if not client_side:
                get_metrics().observe_upstream(None, upstream_error_kind(exc))
            await self._upstream_failed(send, exc, upload, request_id, html)
            if client_side:
                return None, None
            return None, 504 if isinstance(exc, httpx.TimeoutException) else 502
        upstream_ms = (time.perf_counter() - started) * 1000.0
        get_metrics().observe_upstream(upstream_ms / 1000.0)
        try:
            await self._relay(send, response, body, request_id)
        finally:
            await response.aclose()
        return upstream_ms, response.status_code

    async def _upstream_failed(
        self, send: Send, exc: Exception, upload: _Upload | None, request_id: str, html: bool
    ) -> None:
        cause = upload.error if upload is not None else None
        if isinstance(cause, ClientDisconnected) or isinstance(exc, ClientDisconnected):
            return
        if isinstance(cause, RequestRejected) or isinstance(exc, RequestRejected):
            rejected = cause if isinstance(cause, RequestRejected) else exc
            await send_error(send, rejected.status, request_id, html=html, close=True)  # type: ignore[union-attr]
            return
        status = 504 if isinstance(exc, httpx.TimeoutException) else 502
        log.warning("upstream_error", request_id=request_id, status=status, error=repr(exc)[:300])
        await send_error(send, status, request_id, html=html)

    async def _relay(self, send: Send, response: httpx.Response, body: BodyReplay, request_id: str) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": response_headers(response.headers.raw, request_id, response.status_code),
            }
        )
        try:
            # A client that leaves mid-download cancels this task (see _http).
            async for chunk in _raw_chunks(response):
                if chunk:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except httpx.HTTPError as exc:
            # Headers are gone already; ending without the final message makes the
            # server close the connection, so the client sees a truncated answer.
            log.warning("upstream_body_error", request_id=request_id, error=repr(exc)[:300])
        except (OSError, RuntimeError) as exc:
            # The client's connection closed under us (uvicorn raises on a closed transport).
            log.debug("client_gone", request_id=request_id, error=repr(exc)[:200])


async def _raw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The undecoded body as it arrives (a mock transport may hand over a body already read)."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        async for chunk in response.aiter_raw():
            yield chunk
    else:
        yield content


async def cancel_on_disconnect(receive: Receive, task: asyncio.Task[Any] | None) -> bool:
    """Wait for the client to leave, then cancel the request's task; True when it did."""
    try:
        while (await receive())["type"] != "http.disconnect":
            pass
    except Exception:  # the receive side failed: nothing more to learn from it
        return False
    if task is not None and not task.done():
        task.cancel()
        return True
    return False


async def unless_client_leaves(receive: Receive, work: Awaitable[T], *, watch: bool) -> tuple[bool, T | None]:
    """Await `work`, cancelling it if the client disconnects meanwhile: (True, result) or (False, None).

    uvicorn does not cancel a request whose client left; this does, so a request
    waiting for its batch or the upstream costs nothing further. `watch` is False
    while the body is still streaming (then `receive` belongs to the body reader).
    """
    watcher = asyncio.ensure_future(cancel_on_disconnect(receive, asyncio.current_task())) if watch else None
    try:
        return True, await work
    except asyncio.CancelledError:
        if watcher is None or not watcher.done() or watcher.cancelled() or not watcher.result():
            raise
        asyncio.current_task().uncancel()  # type: ignore[union-attr]  # the client left: done
        return False, None
    finally:
        if watcher is not None:
            watcher.cancel()


def create_proxy_app(
    settings: Settings,
    engine: DecisionEngine | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> ProxyApp:
    """The reverse-proxy ASGI app. Without `engine`, the model loads at startup."""
    return ProxyApp(settings, engine=engine, transport=transport)
