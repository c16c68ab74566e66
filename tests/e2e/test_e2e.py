"""End to end on loopback: uvicorn running the proxy (or an app with WAFMiddleware) in front of a
real upstream process, over real sockets, with both upstream transports."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from tests.e2e_upstream import pattern
from tests.fake_scorer import RegexScorer
from waf_proxy.config import DEFAULT_MODEL_DIR, Settings
from waf_proxy.decision import DecisionEngine, build_engine
from waf_proxy.middleware import WAFMiddleware
from waf_proxy.proxy import create_proxy_app
from waf_proxy.serve import UVICORN_OPTIONS

REPO = Path(__file__).resolve().parents[2]
ATTACKS = {
    "sqli": "/search?q=1%27%20UNION%20SELECT%20username,password%20FROM%20users--",
    "xss": "/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E",
    "traversal": "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "cmdi": "/ping?host=127.0.0.1%3B%20cat%20/etc/passwd",
}
BENIGN = ["/", "/search?q=blue+shoes", "/products/42?ref=home", "/static/app.js"]


def free_socket() -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def upstream_port():
    with free_socket() as probe:
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "tests.e2e_upstream", str(port)], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("upstream did not start")
    yield port
    proc.terminate()
    proc.wait(5)


@contextlib.asynccontextmanager
async def serving(app):
    """Run `app` under uvicorn (the proxy's own options) on a loopback port in this loop."""
    sock = free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", log_config=None, **UVICORN_OPTIONS))
    server.capture_signals = contextlib.nullcontext  # leave the test runner's signals alone
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        assert not task.done(), "server failed to start"
        await asyncio.sleep(0.01)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
        sock.close()


def proxy_settings(upstream_port: int, **kw) -> Settings:
    kw.setdefault("batcher", {"max_wait_ms": 2, "timeout_ms": 250})
    upstream = {"url": f"http://127.0.0.1:{upstream_port}", **kw.pop("upstream", {})}
    return Settings(upstream=upstream, admin={"enabled": False}, **kw)


async def raw_exchange(port: int, request: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """Send bytes as they are (no client-side normalisation) and read one response."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    data = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:]]
    return int(lines[0].split()[1]), headers, body


@pytest.fixture(params=["aiohttp", "httpcore"])
def transport(request) -> str:
    return request.param


async def test_proxy_forwards_exactly_and_blocks_attacks(upstream_port, transport):
    scorer = RegexScorer()
    engine = DecisionEngine(proxy_settings(upstream_port), scorer)
    app = create_proxy_app(proxy_settings(upstream_port, upstream={"transport": transport}), engine=engine)
    async with serving(app) as port, httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        # Raw target byte-exact: dot segments, encoded slash, invalid escape, repeated params.
        target = b"/a/./b/../c%2F%2e%zz;p=1//d?q=%27x%27&a=1&a=2&e=&plus=a+b"
        status, headers, body = await raw_exchange(
            port, b"GET " + target + b" HTTP/1.1\r\nHost: shop.example\r\nX-Dup: 1\r\nX-Dup: 2\r\n"
                  b"Connection: close\r\n\r\n")
        seen = json.loads(body)
        assert status == 200 and seen["target"] == target.decode()
        sent = [h for h in seen["headers"] if h[0] in ("x-dup", "host", "x-forwarded-host", "x-forwarded-for")]
        assert sent == [["host", f"127.0.0.1:{upstream_port}"], ["x-dup", "1"], ["x-dup", "2"],
                        ["x-forwarded-for", "127.0.0.1"], ["x-forwarded-host", "shop.example"]]
        # Absolute-form target and forged Host still go to the configured upstream.
        status, _, body = await raw_exchange(
            port, b"GET http://169.254.169.254/latest/meta-data HTTP/1.1\r\nHost: 169.254.169.254\r\n"
                  b"Connection: close\r\n\r\n")
        assert status == 200 and json.loads(body)["target"] == "/latest/meta-data"
        # Repeated response headers in order.
        r = await client.get("/cookies")
        assert r.headers.get_list("set-cookie") == ["a=1; Path=/", "b=2; HttpOnly", "c=3"]
        assert r.headers.get_list("vary") == ["Accept", "Cookie"]
        # Binary bodies both ways: 1 MiB upload streamed (chunked and with length), 3 MB download.
        payload = pattern(1 << 20)[::-1]

        async def chunks():
            for i in range(0, len(payload), 65536):
                yield payload[i : i + 65536]

        r = await client.post("/echo", content=chunks(), headers={"content-type": "application/octet-stream"})
        assert r.status_code == 200 and r.content == payload
        r = await client.post("/", content=payload)
        assert json.loads(r.content)["body_sha"] == hashlib.sha256(payload).hexdigest()
        r = await client.get("/bin", params={"n": 3_000_000})
        assert r.content == pattern(3_000_000)
        # Benign passes, classic attacks are blocked with the request id.
        for path in BENIGN:
            assert (await client.get(path)).status_code == 200, path
        for kind, path in ATTACKS.items():
            r = await client.get(path, headers={"X-Request-ID": f"e2e-{kind}"})
            assert r.status_code == 403, kind
            assert r.headers["x-request-id"] == f"e2e-{kind}" and r.json()["request_id"] == f"e2e-{kind}"
        r = await client.post("/login", data={"username": "admin' OR '1'='1", "password": "x"})
        assert r.status_code == 403


async def test_upstream_refused_is_502_and_slow_is_504(upstream_port, transport):
    with free_socket() as probe:
        dead_port = probe.getsockname()[1]  # closed again: nothing listens there
    settings = proxy_settings(dead_port, upstream={"transport": transport})
    async with serving(create_proxy_app(settings, engine=DecisionEngine(settings, RegexScorer()))) as port:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            r = await client.get("/", headers={"X-Request-ID": "down-1"})
    assert r.status_code == 502 and r.headers["x-request-id"] == "down-1"
    settings = proxy_settings(upstream_port, upstream={"transport": transport, "read_timeout_s": 0.3})
    async with serving(create_proxy_app(settings, engine=DecisionEngine(settings, RegexScorer()))) as port:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            t0 = time.perf_counter()
            r = await client.get("/slow", params={"s": 3})
            elapsed = time.perf_counter() - t0
            assert r.status_code == 504 and r.headers["x-request-id"] and elapsed < 2
            assert (await client.get("/")).status_code == 200  # still healthy


async def test_hung_model_fails_open_within_the_deadline(upstream_port):
    scorer = RegexScorer()
    scorer.fail, scorer.hang_s = "hang", 3.0
    settings = proxy_settings(upstream_port, batcher={"max_wait_ms": 2, "timeout_ms": 100})
    engine = DecisionEngine(settings, scorer)
    async with serving(create_proxy_app(settings, engine=engine)) as port:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await client.get("/")  # warm the connection and the upstream pool (fails open too)
            t0 = time.perf_counter()
            r = await client.get("/search", params={"q": "shoes"})
            elapsed_ms = (time.perf_counter() - t0) * 1000
        scorer.release.set()
    assert r.status_code == 200
    print(f"hung model: forwarded after {elapsed_ms:.1f} ms (timeout_ms=100)")
    assert elapsed_ms < 100 + 60, elapsed_ms  # timeout_ms plus a few ms (loopback round trips)
    assert engine.outcomes["fail_open"] == 2


async def test_64_concurrent_clients_share_batches(upstream_port):
    scorer = RegexScorer()
    scorer.delay_s = 0.005  # a model forward pass costs time; requests pile up meanwhile
    settings = proxy_settings(upstream_port, batcher={"max_wait_ms": 5, "timeout_ms": 2000})
    engine = DecisionEngine(settings, scorer)
    async with serving(create_proxy_app(settings, engine=engine)) as port:
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as client:

            async def one_client(i: int) -> list[int]:
                return [(await client.get("/search", params={"q": f"item {i}-{j}"})).status_code for j in range(2)]

            statuses = await asyncio.gather(*(one_client(i) for i in range(64)))
    assert all(s == 200 for row in statuses for s in row)
    assert sum(scorer.batch_sizes) == 128
    assert max(engine.batcher.last_batch_sizes) > 1
    assert engine.outcomes["allow"] == 128


async def _middleware_checks(port: int, echo_path: str = "/echo") -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        payload = pattern(300_000)
        r = await client.post(echo_path, content=payload)
        assert r.status_code == 200 and r.content == payload
        for path in BENIGN:
            assert (await client.get(path)).status_code == 200, path
        for kind, path in ATTACKS.items():
            assert (await client.get(path)).status_code == 403, kind


def starlette_with_waf(**kw):
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from tests.e2e_upstream import app as inner

    app = Starlette(routes=[Mount("/", app=inner)])
    app.add_middleware(WAFMiddleware, **kw)
    return app


async def test_middleware_end_to_end(upstream_port):
    engine = DecisionEngine(proxy_settings(upstream_port), RegexScorer())
    async with serving(starlette_with_waf(engine=engine)) as port:
        await _middleware_checks(port)
    assert not engine.ready  # lifespan stopped it


def _model_dir() -> Path:
    """The default model, or the one WAF_MODEL__PATH names (as Settings would read it)."""
    return Path(os.environ.get("WAF_MODEL__PATH", DEFAULT_MODEL_DIR))


needs_model = pytest.mark.skipif(not (_model_dir() / "config.json").is_file(), reason="default model not trained yet")


@needs_model
@pytest.mark.slow
async def test_default_model_through_proxy_and_middleware(upstream_port):
    settings = proxy_settings(upstream_port, batcher={"max_wait_ms": 2, "timeout_ms": 5000})
    engine = await asyncio.to_thread(build_engine, settings)
    async with serving(create_proxy_app(settings, engine=engine)) as port:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for path in BENIGN:
                r = await client.get(path)
                assert r.status_code == 200, path
            for kind, path in ATTACKS.items():
                assert (await client.get(path)).status_code == 403, kind
    assert engine.outcomes["fail_open"] == 0
    engine = await asyncio.to_thread(build_engine, settings)
    async with serving(starlette_with_waf(engine=engine)) as port:
        # Known false positive of waf-default-3 (models/default/REPORT.md): a bare request whose
        # whole path is the shell word "/echo" scores as command injection; the body round trip
        # is what this check is about, so it uses /api/echo.
        await _middleware_checks(port, echo_path="/api/echo")
