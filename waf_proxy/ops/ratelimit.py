"""Per-client rate limiting through the `limits` library, in memory or in Redis.

Two questions, answered once for the proxy, the middleware and the decision API:

* who is the client? `client_ip(scope, trusted)`: the socket peer, unless the peer
  is a trusted proxy, in which case X-Forwarded-For is walked from the right and the
  first address that is not itself a trusted proxy is the client (the left-most
  entries are whatever the client chose to send, so they are never believed blindly);
* may it send another request? `RateLimiter.hit(client)` / `await .ahit(client)`
  -> (allowed, retry_after_s).

With `storage_uri = "redis://..."` every replica counts in the same Redis keys,
so a flood spread over replicas meets one limit. A storage failure lets the
request through (a rate limiter must not take the site down) and is counted;
after one, the storage is left alone for `STORAGE_BACKOFF_S` so that a Redis
that hangs costs one timeout, not one per request.
"""

from __future__ import annotations

import ipaddress
import math
import time
from functools import lru_cache
from typing import Any, Iterable, Sequence, Union

import structlog
from limits import RateLimitItem, parse_many
from limits import aio as limits_aio
from limits import strategies as sync_strategies
from limits.storage import storage_from_string

from waf_proxy.config import Settings

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_SYNC_STRATEGIES = {
    "moving-window": sync_strategies.MovingWindowRateLimiter,
    "fixed-window": sync_strategies.FixedWindowRateLimiter,
    "sliding-window-counter": sync_strategies.SlidingWindowCounterRateLimiter,
}
_ASYNC_STRATEGIES = {
    "moving-window": limits_aio.strategies.MovingWindowRateLimiter,
    "fixed-window": limits_aio.strategies.FixedWindowRateLimiter,
    "sliding-window-counter": limits_aio.strategies.SlidingWindowCounterRateLimiter,
}

log = structlog.get_logger("waf.ratelimit")

STORAGE_BACKOFF_S = 5.0
IPV6_PREFIX = 64  # one IPv6 host usually owns a whole /64: count it as one client


# -- client address --------------------------------------------------------------


class TrustedProxies:
    """A parsed list of networks; `in` answers whether an address string belongs."""

    def __init__(self, networks: Iterable[str | IPNetwork] = ()) -> None:
        self.networks: tuple[IPNetwork, ...] = tuple(
            n if isinstance(n, (ipaddress.IPv4Network, ipaddress.IPv6Network))
            else ipaddress.ip_network(str(n).strip(), strict=False)
            for n in networks
        )

    def __contains__(self, address: object) -> bool:
        ip = _parse_ip(str(address))
        if ip is None:
            return False
        return any(ip.version == n.version and ip in n for n in self.networks)

    def __bool__(self) -> bool:
        return bool(self.networks)


TrustedSpec = Union[Sequence[str], Sequence[IPNetwork], TrustedProxies]


@lru_cache(maxsize=64)
def _trusted_from_tuple(items: tuple[str, ...]) -> TrustedProxies:
    return TrustedProxies(items)


def as_trusted(trusted: TrustedSpec | None) -> TrustedProxies:
    if isinstance(trusted, TrustedProxies):
        return trusted
    return _trusted_from_tuple(tuple(str(t) for t in (trusted or ())))


def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def client_from(peer: str | None, forwarded_for: str | None, trusted: TrustedSpec | None) -> str:
    """The client address from a socket peer and an X-Forwarded-For value."""
    peer = peer or ""
    proxies = as_trusted(trusted)
    if not forwarded_for or not proxies or peer not in proxies:
        return peer or "unknown"
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        ip = _parse_ip(hop)
        if ip is None:
            return peer  # a garbled chain: believe nothing in it
        if str(ip) not in proxies:
            return str(ip)
    return str(_parse_ip(hops[0])) if hops else peer  # every hop was a trusted proxy


def client_ip(scope: dict[str, Any], trusted: TrustedSpec | None) -> str:
    """The client address of an ASGI request (see module doc for the XFF rule)."""
    client = scope.get("client")
    peer = client[0] if client else ""
    forwarded: list[str] = [
        value.decode("latin-1")
        for name, value in scope.get("headers", ())
        if name.lower() == b"x-forwarded-for"
    ]
    return client_from(peer, ", ".join(forwarded) if forwarded else None, trusted)


def rate_key(client: str) -> str:
    """The counting key of a client: an IPv4 address as is, an IPv6 address by its /64.

    Counting IPv6 per address would let one host rotate through 2**64 addresses
    and never be limited.
    """
    if ":" not in client:
        return client
    ip = _parse_ip(client)
    if not isinstance(ip, ipaddress.IPv6Address):
        return str(ip) if ip is not None else client
    return str(ipaddress.IPv6Network((ip, IPV6_PREFIX), strict=False))


# -- the limiter -------------------------------------------------------------------


class RateLimiter:
    """`limit` per client, counted in `storage_uri` (memory:// or redis://...)."""

    def __init__(
        self,
        limit: str = "100/second",
        storage_uri: str = "memory://",
        *,
        strategy: str = "moving-window",
        key_prefix: str = "waf",
        metrics: Any = None,
    ) -> None:
        self.items: list[RateLimitItem] = parse_many(limit)
        self.limit = limit
        self.storage_uri = storage_uri
        self.key_prefix = key_prefix
        self._metrics = metrics
        self._skip_until = 0.0  # monotonic time until which a failed storage is not asked
        # A slow Redis must not hold requests: short timeouts, then fail open.
        options: dict[str, Any] = {}
        if storage_uri.split("://", 1)[0].startswith("redis"):
            options = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
        self._sync = _SYNC_STRATEGIES[strategy](storage_from_string(storage_uri, **options))
        # Memory counts must be one store for hit() and ahit(); memory is never slow,
        # so ahit() simply calls hit(). Redis gets a real async client.
        self._async = None
        if not storage_uri.startswith("memory://"):
            if options:
                options["implementation"] = "redispy"  # redis-py is installed; coredis is not
            async_storage = storage_from_string("async+" + storage_uri, **options)
            self._async = _ASYNC_STRATEGIES[strategy](async_storage)

    @classmethod
    def from_settings(cls, settings: Settings, metrics: Any = None) -> "RateLimiter | None":
        """The configured limiter, or None when rate limiting is disabled."""
        rl = settings.ratelimit
        if not rl.enabled:
            return None
        return cls(rl.limit, rl.storage_uri, strategy=rl.strategy, key_prefix=rl.key_prefix, metrics=metrics)

    def _observe(self, allowed: bool) -> None:
        if not allowed:
            self._metrics_obj().observe_rate_limited()

    def _metrics_obj(self) -> Any:
        if self._metrics is None:
            from waf_proxy.ops.metrics import get_metrics

            return get_metrics()
        return self._metrics

    def _storage_failed(self, exc: Exception) -> tuple[bool, float]:
        self._skip_until = time.monotonic() + STORAGE_BACKOFF_S
        self._metrics_obj().ratelimit_errors.inc()
        log.warning("ratelimit.storage_error", error=repr(exc), storage=_safe_uri(self.storage_uri))
        return True, 0.0

    def hit(self, client: str) -> tuple[bool, float]:
        """Count one request from `client`; (allowed, seconds to wait before retrying)."""
        client = rate_key(client)
        if self._skip_until and time.monotonic() < self._skip_until:
            return True, 0.0
        try:
            for item in self.items:
                if not self._sync.hit(item, self.key_prefix, client):
                    reset = self._sync.get_window_stats(item, self.key_prefix, client).reset_time
                    self._observe(False)
                    return False, _retry_after(reset)
        except Exception as exc:  # noqa: BLE001 - storage down: let traffic through
            return self._storage_failed(exc)
        return True, 0.0

    async def ahit(self, client: str) -> tuple[bool, float]:
        """`hit` without blocking the event loop (Redis round trips are awaited)."""
        if self._async is None:
            return self.hit(client)
        client = rate_key(client)
        if self._skip_until and time.monotonic() < self._skip_until:
            return True, 0.0
        try:
            for item in self.items:
                if not await self._async.hit(item, self.key_prefix, client):
                    stats = await self._async.get_window_stats(item, self.key_prefix, client)
                    self._observe(False)
                    return False, _retry_after(stats.reset_time)
        except Exception as exc:  # noqa: BLE001
            return self._storage_failed(exc)
        return True, 0.0

    def reset(self) -> None:
        """Forget every count (tests; an operator lifting a ban)."""
        self._sync.storage.reset()


def _retry_after(reset_time: float) -> float:
    return max(1.0, float(math.ceil(reset_time - time.time())))


def _safe_uri(uri: str) -> str:
    """The storage URI without a password, for logs."""
    scheme, sep, rest = uri.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return scheme + sep + rest


# -- 429 ---------------------------------------------------------------------------


def too_many_requests_headers(retry_after_s: float) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-type", b"application/json"),
        (b"retry-after", str(int(math.ceil(retry_after_s))).encode()),
    ]


async def send_too_many_requests(send: Any, retry_after_s: float, request_id: str | None = None) -> None:
    """Answer an ASGI request with 429 and Retry-After (whole seconds, as HTTP wants)."""
    body = b'{"error":"too many requests","status":429,"retry_after_s":%d}' % int(math.ceil(retry_after_s))
    headers = too_many_requests_headers(retry_after_s) + [
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    if request_id:
        headers.append((b"x-request-id", request_id.encode("latin-1")))
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RateLimitMiddleware:
    """ASGI wrapper: refuse over-limit clients with 429 before anything else runs.

    `limiter=None` makes it a pass-through, so callers can wrap unconditionally.
    """

    def __init__(self, app: Any, limiter: RateLimiter | None, trusted: TrustedSpec | None = ()) -> None:
        self.app = app
        self.limiter = limiter
        self.trusted = as_trusted(trusted)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if self.limiter is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        allowed, retry_after = await self.limiter.ahit(client_ip(scope, self.trusted))
        if not allowed:
            await send_too_many_requests(send, retry_after)
            return
        await self.app(scope, receive, send)
