"""WAFMiddleware in Starlette and FastAPI: same decisions, body replayed unchanged."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl

import httpx
import pytest
from fastapi import FastAPI, Request as FastAPIRequest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from tests.fake_scorer import RegexScorer
from waf_proxy.config import Settings
from waf_proxy.decision import DecisionEngine
from waf_proxy.middleware import WAFMiddleware


def engine_for(scorer=None, **kw) -> DecisionEngine:
    kw.setdefault("batcher", {"max_wait_ms": 1, "timeout_ms": 300})
    return DecisionEngine(Settings(**kw), scorer or RegexScorer())


async def echo(request: Request):
    body = await request.body()
    return PlainTextResponse(
        body, headers={"x-sha": hashlib.sha256(body).hexdigest(), "x-outcome": request.state.waf_decision.outcome}
    )


async def stream_echo(request: Request):
    chunks = [chunk async for chunk in request.stream()]
    return JSONResponse({"chunks": len(chunks), "size": sum(map(len, chunks)),
                         "sha": hashlib.sha256(b"".join(chunks)).hexdigest()})


async def form(request: Request):
    return JSONResponse(dict(parse_qsl((await request.body()).decode())))


def starlette_app(engine: DecisionEngine, **kw) -> Starlette:
    app = Starlette(routes=[
        Route("/echo", echo, methods=["POST", "GET"]),
        Route("/stream", stream_echo, methods=["POST"]),
        Route("/form", form, methods=["POST"]),
        Route("/download", lambda r: StreamingResponse(iter([b"a" * 10, b"b" * 10])), methods=["GET"]),
    ])
    app.add_middleware(WAFMiddleware, engine=engine, **kw)
    return app


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_starlette_benign_passes_attack_blocked():
    engine = engine_for()
    async with client(starlette_app(engine)) as c:
        ok = await c.post("/echo", content=b"name=lamp", headers={"X-Request-ID": "mw-1"})
        blocked = await c.get("/echo", params={"q": "' or '1'='1"})
    await engine.stop()
    assert ok.status_code == 200 and ok.text == "name=lamp" and ok.headers["x-outcome"] == "allow"
    assert ok.headers["x-request-id"] == "mw-1"
    assert blocked.status_code == 403 and blocked.json()["request_id"] == blocked.headers["x-request-id"]


async def test_large_binary_body_is_replayed_exactly_and_streamed():
    engine = engine_for()
    payload = bytes(range(256)) * 2048  # 512 KiB
    async with client(starlette_app(engine, inspect_body_bytes=1024)) as c:
        r = await c.post("/echo", content=payload)
    await engine.stop()
    assert r.status_code == 200 and r.content == payload
    assert r.headers["x-sha"] == hashlib.sha256(payload).hexdigest()


async def test_chunked_upload_reaches_the_app_chunk_by_chunk():
    engine = engine_for()
    chunks = [bytes([i]) * 5000 for i in range(20)]

    async def gen():
        for chunk in chunks:
            yield chunk

    async with client(starlette_app(engine, inspect_body_bytes=8000)) as c:
        r = await c.post("/stream", content=gen())
    await engine.stop()
    body = r.json()
    assert body["size"] == 100_000 and body["sha"] == hashlib.sha256(b"".join(chunks)).hexdigest()


async def test_attack_in_a_form_body_is_blocked_and_benign_form_parses():
    engine = engine_for()
    async with client(starlette_app(engine)) as c:
        ok = await c.post("/form", data={"user": "ann", "note": "hello"})
        bad = await c.post("/form", data={"user": "admin' union select password from users--"})
    await engine.stop()
    assert ok.json() == {"user": "ann", "note": "hello"}
    assert bad.status_code == 403


async def test_monitor_mode_lets_the_app_answer():
    engine = engine_for(mode="monitor")
    async with client(starlette_app(engine)) as c:
        r = await c.get("/echo", params={"q": "<script>alert(1)</script>"})
    await engine.stop()
    assert r.status_code == 200 and r.headers["x-outcome"] == "monitor"


async def test_streaming_responses_pass_untouched():
    engine = engine_for()
    async with client(starlette_app(engine)) as c:
        r = await c.get("/download")
    await engine.stop()
    assert r.content == b"a" * 10 + b"b" * 10 and r.headers["x-request-id"]


async def test_fastapi_app_with_json_body():
    app = FastAPI()

    @app.post("/api/items")
    async def create(request: FastAPIRequest):
        return {"got": await request.json()}

    engine = engine_for()
    app.add_middleware(WAFMiddleware, engine=engine)
    async with client(app) as c:
        ok = await c.post("/api/items", json={"name": "lamp", "qty": 2})
        bad = await c.post("/api/items", json={"name": "x; cat /etc/passwd"})
    await engine.stop()
    assert ok.status_code == 200 and ok.json() == {"got": {"name": "lamp", "qty": 2}}
    assert bad.status_code == 403


async def test_fail_closed_and_max_body():
    scorer = RegexScorer()
    scorer.fail = "raise"
    engine = engine_for(scorer, fail_mode="closed")
    async with client(starlette_app(engine)) as c:
        assert (await c.get("/echo")).status_code == 503
    await engine.stop()
    engine = engine_for()
    async with client(starlette_app(engine, max_body_bytes=100)) as c:
        assert (await c.post("/echo", content=b"x" * 500)).status_code == 413
    await engine.stop()


def test_lifespan_starts_and_stops_the_engine():
    engine = engine_for()
    app = starlette_app(engine)
    with TestClient(app) as c:
        assert engine.ready
        assert c.post("/echo", content=b"hi").text == "hi"
    assert not engine.ready


def test_overrides_build_settings():
    mw = WAFMiddleware(lambda s, r, se: None, engine=engine_for(), mode="monitor", exempt_paths=["/h"])
    assert mw.settings.mode == "monitor" and mw.settings.exempt_paths == ["/h"]
    mw2 = WAFMiddleware(lambda s, r, se: None, settings=Settings(mode="off"), engine=engine_for(), fail_mode="closed")
    assert (mw2.settings.mode, mw2.settings.fail_mode) == ("off", "closed")


def test_websocket_handshake_is_inspected():
    from starlette.routing import WebSocketRoute
    from starlette.websockets import WebSocketDisconnect

    async def ws(websocket):
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    engine = engine_for()
    app = Starlette(routes=[WebSocketRoute("/ws", ws)])
    app.add_middleware(WAFMiddleware, engine=engine)
    with TestClient(app) as c:
        with c.websocket_connect("/ws?room=lobby") as sock:
            assert sock.receive_text() == "hello"
        with pytest.raises(WebSocketDisconnect):
            with c.websocket_connect("/ws?room=1%27%20union%20select%201--") as sock:
                sock.receive_text()
