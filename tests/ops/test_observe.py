"""The serving path's operations wiring: one log event per request, counts, upstream time, 429s.

Drives the real proxy app and WAFMiddleware (fake scorer, mocked upstream), so what
is checked is what an operator sees from `waf-proxy serve`.
"""

from __future__ import annotations

import json

import httpx
import pytest
import structlog
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from tests.fake_scorer import RegexScorer
from waf_proxy.config import Settings
from waf_proxy.decision import DecisionEngine
from waf_proxy.middleware import WAFMiddleware
from waf_proxy.ops.logging import configure_logging
from waf_proxy.ops.metrics import Metrics, get_metrics, use_metrics
from waf_proxy.proxy import create_proxy_app

ATTACK = "/search?q=1'+union+select+password+from+users--"


@pytest.fixture
def metrics():
    previous = get_metrics()
    fresh = use_metrics(Metrics())
    yield fresh
    use_metrics(previous)


@pytest.fixture(autouse=True)
def _reset_structlog():
    yield
    structlog.reset_defaults()


def settings(**kw) -> Settings:
    kw.setdefault("batcher", {"max_wait_ms": 1, "timeout_ms": 500})
    return Settings(upstream={"url": "http://127.0.0.1:8000"}, **kw)


async def upstream(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/down":
        raise httpx.ConnectError("refused")
    return httpx.Response(200, content=b"ok")


@pytest.fixture
async def proxy_client():
    apps = []

    async def make(s: Settings, peer: str = "203.0.113.5") -> httpx.AsyncClient:
        app = create_proxy_app(s, engine=DecisionEngine(s, RegexScorer()), transport=httpx.MockTransport(upstream))
        apps.append(app)
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(peer, 1234)), base_url="http://waf")

    yield make
    for app in apps:
        await app.shutdown()


def events(out: str) -> list[dict]:
    return [e for e in (json.loads(line) for line in out.splitlines() if line.startswith("{"))
            if e.get("event") == "waf.request"]


async def test_proxy_block_is_one_event_and_counted(proxy_client, metrics, capsys) -> None:
    s = settings()
    configure_logging(s, cache=False)
    async with await proxy_client(s) as client:
        blocked = await client.get(ATTACK, headers={"x-request-id": "blk-1", "cookie": "sid=abcdef123"})
        passed = await client.get("/search?q=shoes")
    assert blocked.status_code == 403 and passed.status_code == 200
    got = events(capsys.readouterr().out)
    assert len(got) == 1  # the pass is at debug level
    (event,) = got
    assert event["request_id"] == "blk-1" and event["outcome"] == "block" and event["score"] == 0.99
    assert event["status"] == 403 and event["upstream_ms"] is None and event["client"] == "203.0.113.5"
    assert "abcdef123" not in json.dumps(event)
    assert metrics.value("waf_requests_total", {"outcome": "block"}) == 1
    assert metrics.value("waf_requests_total", {"outcome": "allow"}) == 1
    assert metrics.value("waf_upstream_seconds_count") == 1
    assert metrics.value("waf_batch_size_count") >= 2


async def test_proxy_logs_monitored_request_with_upstream_time(proxy_client, metrics, capsys) -> None:
    s = settings(mode="monitor")
    configure_logging(s, cache=False)
    async with await proxy_client(s) as client:
        response = await client.get(ATTACK)
    assert response.status_code == 200
    (event,) = events(capsys.readouterr().out)
    assert event["outcome"] == "monitor" and event["status"] == 200
    assert event["upstream_ms"] is not None and event["upstream_ms"] >= 0
    assert event["queue_ms"] >= 0 and event["inference_ms"] >= 0


async def test_proxy_counts_upstream_errors(proxy_client, metrics) -> None:
    async with await proxy_client(settings()) as client:
        assert (await client.get("/down")).status_code == 502
    assert metrics.value("waf_upstream_errors_total", {"kind": "connect"}) == 1


async def test_proxy_debug_level_logs_passes(proxy_client, metrics, capsys) -> None:
    s = settings(log={"level": "debug"})
    configure_logging(s, cache=False)
    async with await proxy_client(s) as client:
        await client.get("/search?q=shoes", headers={"x-request-id": "pass-1"})
    (event,) = events(capsys.readouterr().out)
    assert event["level"] == "debug" and event["request_id"] == "pass-1" and event["outcome"] == "allow"


async def test_proxy_rate_limits_per_client(proxy_client, metrics) -> None:
    s = settings(ratelimit={"enabled": True, "limit": "3/minute"})
    app_client = await proxy_client(s, peer="198.51.100.1")
    async with app_client as flood:
        codes = [(await flood.get("/search?q=x")).status_code for _ in range(5)]
        refused = await flood.get("/search?q=x", headers={"x-request-id": "rl-1"})
    assert codes == [200, 200, 200, 429, 429]
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.headers["x-request-id"] == "rl-1"
    assert metrics.value("waf_rate_limited_total") == 3
    # each proxy app holds its own memory limiter; a second client on the same app passes:
    app = app_client._transport.app  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("198.51.100.2", 1)),
                                 base_url="http://waf") as other:
        assert (await other.get("/search?q=x")).status_code == 200


def inner_app() -> Starlette:
    async def hello(request):
        return PlainTextResponse("hello")

    return Starlette(routes=[Route("/{path:path}", hello)])


async def test_middleware_logs_counts_and_limits(metrics, capsys) -> None:
    s = settings(ratelimit={"enabled": True, "limit": "4/minute"})
    configure_logging(s, cache=False)
    engine = DecisionEngine(s, RegexScorer())
    app = WAFMiddleware(inner_app(), settings=s, engine=engine)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("198.51.100.9", 1)),
                                     base_url="http://app") as client:
            codes = [(await client.get(ATTACK if i == 0 else "/ok")).status_code for i in range(6)]
    finally:
        await engine.stop()
    assert codes == [403, 200, 200, 200, 429, 429]
    (event,) = events(capsys.readouterr().out)
    assert event["outcome"] == "block" and event["client"] == "198.51.100.9"
    assert metrics.value("waf_requests_total", {"outcome": "block"}) == 1
    assert metrics.value("waf_requests_total", {"outcome": "allow"}) == 3
    assert metrics.value("waf_rate_limited_total") == 2
