"""Rate limiting: a flooding client gets 429 + Retry-After, others pass; XFF only from trusted peers."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest

from waf_proxy.config import Settings
from waf_proxy.ops.metrics import Metrics
from waf_proxy.ops.ratelimit import RateLimiter, RateLimitMiddleware, client_from, client_ip


async def ok_app(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


def asgi_client(app, peer: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(peer, 40000)), base_url="http://waf")


# -- client address -------------------------------------------------------------


def test_peer_is_the_client_when_untrusted() -> None:
    assert client_from("198.51.100.4", "1.2.3.4", ["10.0.0.0/8"]) == "198.51.100.4"
    assert client_from("198.51.100.4", "1.2.3.4", []) == "198.51.100.4"


def test_xff_walked_from_the_right_past_trusted_hops() -> None:
    trusted = ["10.0.0.0/8", "192.168.0.0/16"]
    # the client forged "6.6.6.6"; the real chain is client 203.0.113.7 -> 192.168.1.1 -> 10.0.0.2 (peer)
    assert client_from("10.0.0.2", "6.6.6.6, 203.0.113.7, 192.168.1.1", trusted) == "203.0.113.7"
    assert client_from("10.0.0.2", "10.1.1.1, 10.2.2.2", trusted) == "10.1.1.1"  # all trusted: left-most
    assert client_from("10.0.0.2", "not-an-ip, 1.2.3.4", trusted) == "1.2.3.4"
    assert client_from("10.0.0.2", "1.2.3.4, garbage", trusted) == "10.0.0.2"  # garbled: believe nothing
    assert client_from("10.0.0.2", "[2001:db8::1]:443", trusted) == "2001:db8::1"
    assert client_from("::ffff:10.0.0.2", "203.0.113.9:5555", trusted) == "203.0.113.9"


def test_client_ip_reads_asgi_scope() -> None:
    scope = {"client": ("10.0.0.2", 1), "headers": [(b"x-forwarded-for", b"203.0.113.7"), (b"host", b"x")]}
    assert client_ip(scope, ["10.0.0.0/8"]) == "203.0.113.7"
    assert client_ip(scope, []) == "10.0.0.2"
    assert client_ip({"headers": []}, []) == "unknown"


# -- memory storage ----------------------------------------------------------------


def test_hit_counts_per_client_and_gives_retry_after() -> None:
    metrics = Metrics()
    limiter = RateLimiter("5/minute", "memory://", metrics=metrics)
    results = [limiter.hit("a") for _ in range(7)]
    assert [ok for ok, _ in results] == [True] * 5 + [False] * 2
    assert 1 <= results[-1][1] <= 60
    assert limiter.hit("b") == (True, 0.0)
    assert metrics.value("waf_rate_limited_total") == 2
    assert metrics.value("waf_requests_total", {"outcome": "rate_limited"}) == 2


@pytest.mark.parametrize("strategy", ["moving-window", "fixed-window", "sliding-window-counter"])
async def test_async_hit_shares_counts_with_sync(strategy: str) -> None:
    limiter = RateLimiter("3/minute", strategy=strategy, metrics=Metrics())
    assert limiter.hit("a")[0]
    assert (await limiter.ahit("a"))[0] and (await limiter.ahit("a"))[0]
    assert not (await limiter.ahit("a"))[0]


async def test_flood_gets_429_while_another_client_passes() -> None:
    limiter = RateLimiter("10/minute", metrics=Metrics())
    app = RateLimitMiddleware(ok_app, limiter, trusted=[])
    async with asgi_client(app, "198.51.100.1") as flood, asgi_client(app, "198.51.100.2") as other:
        codes = [(await flood.get("/")).status_code for _ in range(15)]
        assert codes == [200] * 10 + [429] * 5
        refused = await flood.get("/")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert refused.json()["error"] == "too many requests"
        assert (await other.get("/")).status_code == 200


async def test_xff_from_untrusted_peer_does_not_escape_the_limit() -> None:
    limiter = RateLimiter("3/minute", metrics=Metrics())
    app = RateLimitMiddleware(ok_app, limiter, trusted=["10.0.0.0/8"])
    async with asgi_client(app, "198.51.100.1") as untrusted:
        codes = [
            (await untrusted.get("/", headers={"x-forwarded-for": f"203.0.113.{i}"})).status_code
            for i in range(5)
        ]
    assert codes == [200, 200, 200, 429, 429]
    async with asgi_client(app, "10.0.0.5") as balancer:  # trusted: each forwarded client counts alone
        codes = [
            (await balancer.get("/", headers={"x-forwarded-for": f"203.0.113.{i}"})).status_code
            for i in range(5)
        ]
    assert codes == [200] * 5


async def test_disabled_limiter_is_a_pass_through() -> None:
    assert RateLimiter.from_settings(Settings()) is None
    app = RateLimitMiddleware(ok_app, None)
    async with asgi_client(app, "198.51.100.1") as client:
        assert [(await client.get("/")).status_code for _ in range(20)] == [200] * 20
    limiter = RateLimiter.from_settings(Settings(ratelimit={"enabled": True, "limit": "2/hour"}))
    assert limiter is not None and limiter.limit == "2/hour"


async def test_unreachable_storage_fails_open_counted_and_backs_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from waf_proxy.ops import ratelimit

    metrics = Metrics()
    limiter = RateLimiter("1/minute", "redis://127.0.0.1:1/0", metrics=metrics)
    assert limiter.hit("a") == (True, 0.0) and limiter.hit("a") == (True, 0.0)
    assert await limiter.ahit("a") == (True, 0.0)
    assert metrics.value("waf_ratelimit_storage_errors_total") == 1  # then left alone for a while
    monkeypatch.setattr(ratelimit, "STORAGE_BACKOFF_S", 0.0)
    limiter._skip_until = 0.0
    assert await limiter.ahit("a") == (True, 0.0)
    assert limiter.hit("a") == (True, 0.0)
    assert metrics.value("waf_ratelimit_storage_errors_total") == 3  # retried once the back-off ends


# -- Redis storage (several replicas, one limit) ---------------------------------------


@pytest.fixture(scope="module")
def redis_uri(tmp_path_factory: pytest.TempPathFactory):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not on PATH (Debian package redis-server); Redis storage untested")
    sock = Path(tmp_path_factory.mktemp("redis")) / "redis.sock"
    proc = subprocess.Popen(
        [binary, "--port", "0", "--unixsocket", str(sock), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not sock.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.05)
    yield f"redis+unix://{sock}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.needs_redis
def test_redis_replicas_share_one_limit(redis_uri: str) -> None:
    prefix = uuid.uuid4().hex  # isolate from other tests on the same server
    replica_a = RateLimiter("6/minute", redis_uri, key_prefix=prefix, metrics=Metrics())
    replica_b = RateLimiter("6/minute", redis_uri, key_prefix=prefix, metrics=Metrics())
    allowed = [replica_a.hit("flood")[0] if i % 2 else replica_b.hit("flood")[0] for i in range(10)]
    assert allowed == [True] * 6 + [False] * 4
    ok, retry_after = replica_a.hit("flood")
    assert not ok and 1 <= retry_after <= 60
    assert replica_b.hit("other") == (True, 0.0)


@pytest.mark.needs_redis
async def test_redis_flood_gets_429_across_replicas(redis_uri: str) -> None:
    prefix = uuid.uuid4().hex
    apps = [
        RateLimitMiddleware(ok_app, RateLimiter("8/minute", redis_uri, key_prefix=prefix, metrics=Metrics()))
        for _ in range(2)
    ]
    codes = []
    async with asgi_client(apps[0], "198.51.100.1") as a, asgi_client(apps[1], "198.51.100.1") as b:
        for i in range(12):
            codes.append((await (a if i % 2 else b).get("/")).status_code)
        refused = await a.get("/")
    assert codes == [200] * 8 + [429] * 4
    assert int(refused.headers["retry-after"]) >= 1
    async with asgi_client(apps[1], "198.51.100.2") as other:
        assert (await other.get("/")).status_code == 200
