"""The pooled upstream client: one `httpx.AsyncClient`, with a selectable transport.

httpx's API stays; what carries the bytes is chosen by measurement. httpcore's
pool polls every pooled connection on each request (encode/httpcore#928).
Measured with `benchmarks/transports.py --duration 10 --repeats 3` (wrk, 64
connections, nginx upstream, one uvicorn worker, 2 cores shared at load ~8):
mode off 1,761 req/s with aiohttp vs 403 with httpcore, and 0.49 vs 2.2 ms of
proxy CPU per request (the figure the noisy machine cannot blur); WAF on with
the default model 1,159 vs 293 req/s. So aiohttp is the default; "httpcore"
stays selectable. `ProxyAiohttpTransport` adapts httpx-aiohttp's transport to
what a reverse proxy needs and a normal client does not: the target sent byte-exact, no headers invented (Accept, User-Agent,
Content-Type), no cookie jar shared between users, and errors that keep
"refused/reset" (502) apart from "too slow" (504).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Iterator

import aiohttp
import httpx
import yarl
from httpx_aiohttp import AiohttpTransport
from httpx_aiohttp.transport import AiohttpResponseStream

from waf_proxy.config import UpstreamSettings

# Headers aiohttp would add on its own; a proxy forwards only what the client sent.
_NO_AUTO_HEADERS = ("Accept", "Accept-Encoding", "User-Agent", "Content-Type")


@contextlib.contextmanager
def _map_errors() -> Iterator[None]:
    """aiohttp errors as httpx errors, keeping timeouts (504) apart from failures (502)."""
    try:
        yield
    except httpx.HTTPError:
        raise
    except (aiohttp.ServerTimeoutError, asyncio.TimeoutError) as exc:
        if isinstance(exc, aiohttp.ConnectionTimeoutError):
            raise httpx.ConnectTimeout(str(exc) or "connect timeout") from exc
        raise httpx.ReadTimeout(str(exc) or "read timeout") from exc
    except aiohttp.ClientConnectorError as exc:
        raise httpx.ConnectError(str(exc)) from exc
    except aiohttp.ClientPayloadError as exc:
        raise httpx.ReadError(str(exc)) from exc
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
        raise httpx.RemoteProtocolError(str(exc) or "server disconnected") from exc
    except aiohttp.ClientResponseError as exc:
        raise httpx.RemoteProtocolError(str(exc)) from exc
    except aiohttp.ClientError as exc:
        raise httpx.TransportError(str(exc)) from exc


def _text(raw: bytes) -> str:
    """Header bytes as aiohttp wants them (str, re-encoded as UTF-8 on the wire)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class _Stream(AiohttpResponseStream):
    CHUNK_SIZE = 64 * 1024

    async def __aiter__(self):  # type: ignore[override]
        with _map_errors():
            async for chunk in self._aiohttp_response.content.iter_chunked(self.CHUNK_SIZE):
                yield chunk


class ProxyAiohttpTransport(AiohttpTransport):
    """httpx-aiohttp's transport, made faithful for proxying (see module docstring)."""

    def get_client(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self.limits.max_connections or 0,
            keepalive_timeout=self.limits.keepalive_expiry or 5.0,
            ssl=self.ssl_context,
        )
        return aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),  # never carry one user's cookies to another
            skip_auto_headers=_NO_AUTO_HEADERS,
            auto_decompress=False,
            trust_env=False,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(self.client, aiohttp.ClientSession):
            self.client = self.get_client()
        timeout = request.extensions.get("timeout", {})
        try:
            data: bytes | httpx.AsyncByteStream | None = request.content or None
        except httpx.RequestNotRead:
            data = request.stream  # type: ignore[assignment]
        headers = [(_text(k), _text(v)) for k, v in request.headers.raw if k.lower() != b"transfer-encoding"]
        with _map_errors():
            response = await self.client.request(
                request.method,
                yarl.URL(str(request.url), encoded=True),  # as built: no requoting
                headers=headers,
                data=data,
                allow_redirects=False,
                compress=None,
                chunked=None,
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    connect=timeout.get("pool"),
                    sock_connect=timeout.get("connect"),
                    sock_read=timeout.get("read"),
                ),
            ).__aenter__()
        extensions: dict[str, object] = {"http_version": b"HTTP/1.1"}
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode("latin-1", "replace")
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_Stream(response),
            request=request,
            extensions=extensions,
        )


class _NoCookies(httpx.Cookies):
    """A cookie jar that never stores: a proxy must not keep one user's Set-Cookie
    (memory that grows per user, and a leak waiting to happen) nor pay to parse it."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


def build_client(
    settings: UpstreamSettings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """The one pooled client of a process; `transport` lets tests inject a mock."""
    limits = httpx.Limits(
        max_connections=settings.max_connections,
        max_keepalive_connections=settings.max_keepalive_connections,
    )
    if transport is None:
        if settings.transport == "aiohttp":
            transport = ProxyAiohttpTransport(limits=limits, trust_env=False)
        else:
            transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False, retries=0)
    client = httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(
            connect=settings.connect_timeout_s,
            read=settings.read_timeout_s,
            write=settings.write_timeout_s,
            pool=settings.pool_timeout_s,
        ),
        follow_redirects=False,
        trust_env=False,
        headers={},
    )
    client._cookies = _NoCookies()  # noqa: SLF001 - httpx has no public switch for its jar
    return client
