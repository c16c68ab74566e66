"""Admin listener: health, readiness, metrics, and model reload (good, bad, under load, SIGHUP)."""

from __future__ import annotations

import asyncio
import json
import math
import os
import signal
import threading
import time
from pathlib import Path
from typing import Sequence

import httpx
import pytest

from waf_proxy.config import Settings
from waf_proxy.decision import DecisionEngine
from waf_proxy.engine.scorer import ScoreResult
from waf_proxy.inspect import RequestView
from waf_proxy.ops.admin import AdminServer, ModelReloader, create_admin_app, install_sighup_reload
from waf_proxy.ops.metrics import Metrics

VIEW = RequestView("GET", "/items", "id=7", (("user-agent", "test"),))


class ConstScorer:
    """Scores every request `score`; optionally waits on `gate` (to hold a batch in flight)."""

    threshold = 0.5

    def __init__(self, version: str, score: float = 0.1, delay_s: float = 0.0) -> None:
        self.version = version
        self.score = score
        self.delay_s = delay_s
        self.gate: threading.Event | None = None
        self.entered = threading.Event()
        self.calls = 0

    def score_batch(self, views: Sequence[RequestView]) -> list[ScoreResult]:
        self.calls += 1
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(5)
        if self.delay_s:
            time.sleep(self.delay_s)
        return [ScoreResult(self.score, ("tok",)) for _ in views]


def settings(tmp_path: Path | None = None, **kw) -> Settings:
    kw.setdefault("batcher", {"max_wait_ms": 1, "timeout_ms": 2000})
    if tmp_path is not None:
        kw.setdefault("model", {"path": str(tmp_path)})
    return Settings(**kw)


def tiny_model_dir(path: Path, version: str, threshold: float = 0.6) -> Path:
    """A real (untrained, tiny) model directory written with H1's save_model."""
    import torch

    from waf_proxy.engine.artifacts import save_model
    from waf_proxy.engine.model import ModelConfig, WafTransformer
    from waf_proxy.engine.scorer import ScoreParams
    from waf_proxy.engine.tokenizer import RequestTokenizer

    torch.manual_seed(0)
    tok = RequestTokenizer.train(["GET /index.html q=1", "POST /login user=bob"], vocab_size=300,
                                 max_len=32, min_frequency=1)
    cfg = ModelConfig(vocab_size=tok.vocab_size, max_len=32, d_model=16, n_layers=1, n_heads=2, d_ff=32)
    save_model(path, WafTransformer(cfg), tok, ScoreParams(threshold=threshold), version=version)
    return path


@pytest.fixture
async def engine():
    eng = DecisionEngine(settings(), ConstScorer("old", 0.1))
    await eng.start()
    yield eng
    await eng.stop()


def client_for(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://admin")


# -- health, readiness, metrics -------------------------------------------------------


async def test_healthz_readyz_follow_the_engine() -> None:
    eng = DecisionEngine(settings(), ConstScorer("v1"))
    app = create_admin_app(eng, settings(), metrics=Metrics())
    async with client_for(app) as client:
        assert (await client.get("/healthz")).status_code == 200
        not_ready = await client.get("/readyz")
        assert not_ready.status_code == 503 and not_ready.json()["ready"] is False
        await eng.start()
        ready = await client.get("/readyz")
        assert ready.status_code == 200 and ready.json() == {"ready": True, "model_version": "v1"}
        await eng.stop()
        assert (await client.get("/readyz")).status_code == 503
        assert (await client.get("/healthz")).status_code == 200  # alive even when not ready


async def test_metrics_endpoint_serves_the_given_registry(engine) -> None:
    metrics = Metrics()
    metrics.observe_decision("block", 0.9)
    app = create_admin_app(engine, engine.settings, registry=metrics.registry, metrics=metrics)
    async with client_for(app) as client:
        response = await client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    assert 'waf_requests_total{outcome="block"} 1.0' in response.text
    assert "waf_ready 1.0" in response.text


async def test_admin_routes_only() -> None:
    app = create_admin_app(DecisionEngine(settings(), ConstScorer("v")), settings(), metrics=Metrics())
    async with client_for(app) as client:
        assert (await client.get("/anything")).status_code == 404
        assert (await client.get("/reload")).status_code == 405


# -- reload ---------------------------------------------------------------------------


async def test_reload_real_model_dir_swaps(engine, tmp_path: Path) -> None:
    model_dir = tiny_model_dir(tmp_path / "m2", "tiny-v2", threshold=0.6)
    metrics = Metrics()
    app = create_admin_app(engine, settings(), metrics=metrics)
    async with client_for(app) as client:
        response = await client.post("/reload", json={"path": str(model_dir)})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == "tiny-v2" and body["previous_version"] == "old" and body["threshold"] == 0.6
    assert engine.model_version == "tiny-v2" and engine.threshold == 0.6
    decision = await engine.decide(VIEW, "198.51.100.1", "r1")
    assert decision.model_version == "tiny-v2" and decision.score is not None and 0 <= decision.score <= 1
    assert metrics.value("waf_model_reloads_total", {"result": "ok"}) == 1
    assert metrics.value("waf_model_info", {"version": "tiny-v2"}) == 1


async def test_reload_defaults_to_configured_path_and_accepts_query(engine, tmp_path: Path) -> None:
    seen: list[Path] = []

    def loader(path: Path) -> ConstScorer:
        seen.append(path)
        return ConstScorer(path.name)

    (tmp_path / "configured").mkdir()
    (tmp_path / "other").mkdir()
    app = create_admin_app(engine, settings(model={"path": str(tmp_path / "configured")}),
                           metrics=Metrics(), loader=loader)
    async with client_for(app) as client:
        assert (await client.post("/reload")).json()["version"] == "configured"
        assert (await client.post("/reload", params={"path": str(tmp_path / "other")})).json()["version"] == "other"
    assert seen == [tmp_path / "configured", tmp_path / "other"]


class NaNScorer(ConstScorer):
    def score_batch(self, views):
        return [ScoreResult(math.nan) for _ in views]


class ShortScorer(ConstScorer):
    def score_batch(self, views):
        return []


class RaisingScorer(ConstScorer):
    def score_batch(self, views):
        raise RuntimeError("shape mismatch")


@pytest.mark.parametrize(
    ("make", "status", "reason"),
    [
        (lambda p: NaNScorer("nan"), 422, "must be finite"),
        (lambda p: ShortScorer("short"), 422, "0 results"),
        (lambda p: RaisingScorer("boom"), 422, "shape mismatch"),
        (lambda p: type("T", (ConstScorer,), {"threshold": 1.5})("bad-threshold"), 422, "threshold"),
    ],
)
async def test_bad_model_is_refused_and_old_stays(engine, tmp_path: Path, make, status, reason) -> None:
    metrics = Metrics()
    app = create_admin_app(engine, settings(tmp_path), metrics=metrics, loader=make)
    async with client_for(app) as client:
        response = await client.post("/reload")
    assert response.status_code == status and reason in response.json()["error"]
    assert response.json()["model_version"] == "old"
    assert engine.model_version == "old"
    assert (await engine.decide(VIEW, None, "r")).outcome == "allow"
    assert metrics.value("waf_model_reloads_total", {"result": "error"}) == 1


async def test_bad_model_dirs_are_refused(engine, tmp_path: Path) -> None:
    wrong_format = tiny_model_dir(tmp_path / "future", "future")
    config = json.loads((wrong_format / "config.json").read_text())
    (wrong_format / "config.json").write_text(json.dumps({**config, "format_version": 99}))
    truncated = tiny_model_dir(tmp_path / "truncated", "truncated")
    (truncated / "model.safetensors").write_bytes(b"\x00" * 16)
    app = create_admin_app(engine, settings(), metrics=Metrics())  # the real loader
    async with client_for(app) as client:
        missing = await client.post("/reload", json={"path": str(tmp_path / "absent")})
        future = await client.post("/reload", json={"path": str(wrong_format)})
        broken = await client.post("/reload", json={"path": str(truncated)})
        garbage = await client.post("/reload", content=b"{not json")
    assert missing.status_code == 404
    assert future.status_code == 422 and "format_version 99" in future.json()["error"]
    assert broken.status_code == 422 and "model.safetensors" in broken.json()["error"]
    assert garbage.status_code == 400
    assert engine.model_version == "old"


async def test_reload_disabled(engine, tmp_path: Path) -> None:
    app = create_admin_app(engine, settings(tmp_path, admin={"allow_reload": False}), metrics=Metrics(),
                           loader=lambda p: ConstScorer("new"))
    async with client_for(app) as client:
        assert (await client.post("/reload")).status_code == 403
    assert engine.model_version == "old"


async def test_in_flight_batch_finishes_on_the_old_model(tmp_path: Path) -> None:
    old = ConstScorer("old", 0.11)
    old.gate = threading.Event()
    eng = DecisionEngine(settings(), old)
    await eng.start()
    try:
        in_flight = asyncio.create_task(eng.decide(VIEW, None, "in-flight"))
        assert await asyncio.to_thread(old.entered.wait, 5)
        reloader = ModelReloader(eng, settings(tmp_path), loader=lambda p: ConstScorer("new", 0.22),
                                 metrics=Metrics())
        await reloader.reload()
        old.gate.set()
        assert (await in_flight).score == pytest.approx(0.11)  # finished on the old model
        assert (await eng.decide(VIEW, None, "after")).score == pytest.approx(0.22)
    finally:
        old.gate.set()
        await eng.stop()


async def test_reload_under_load_drops_nothing(tmp_path: Path) -> None:
    """Hammer the proxy from 32 concurrent clients while reloading six times: every answer is right."""
    from waf_proxy.proxy import create_proxy_app

    s = settings(batcher={"max_wait_ms": 1, "timeout_ms": 5000})
    scorers = [ConstScorer("v0", 0.1, 0.002)]
    eng = DecisionEngine(s, scorers[0])
    proxy = create_proxy_app(s, engine=eng, transport=httpx.MockTransport(lambda r: httpx.Response(200, content=b"ok")))

    def loader(path: Path) -> ConstScorer:
        scorers.append(ConstScorer(f"v{len(scorers)}", 0.1, 0.002))
        return scorers[-1]

    admin = create_admin_app(eng, settings(tmp_path), metrics=Metrics(), loader=loader)
    stop = asyncio.Event()
    statuses: list[int] = []

    async def hammer(client: httpx.AsyncClient) -> None:
        while not stop.is_set():
            statuses.append((await client.get("/items?id=7")).status_code)

    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=proxy), base_url="http://waf") as client:
            workers = [asyncio.create_task(hammer(client)) for _ in range(32)]
            async with client_for(admin) as admin_client:
                for _ in range(6):
                    await asyncio.sleep(0.1)
                    assert (await admin_client.post("/reload")).status_code == 200
                await asyncio.sleep(0.1)
            stop.set()
            await asyncio.gather(*workers)
    finally:
        stop.set()
        await proxy.shutdown()
    assert len(statuses) > 200
    assert set(statuses) == {200}, {code: statuses.count(code) for code in set(statuses)}
    assert eng.model_version == "v6"
    used = [sc.version for sc in scorers if sc.calls > 1]  # > 1: the reload's test inference is one call
    assert len(used) >= 4, used  # traffic really flowed through successive models


async def test_sighup_reloads(engine, tmp_path: Path) -> None:
    reloader = ModelReloader(engine, settings(tmp_path), loader=lambda p: ConstScorer("from-sighup"),
                             metrics=Metrics())
    loop = asyncio.get_running_loop()
    assert install_sighup_reload(reloader, loop)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(200):
            if engine.model_version == "from-sighup":
                break
            await asyncio.sleep(0.01)
        assert engine.model_version == "from-sighup"
    finally:
        loop.remove_signal_handler(signal.SIGHUP)


async def test_admin_server_listens_on_its_own_port(engine) -> None:
    server = AdminServer(create_admin_app(engine, engine.settings, metrics=Metrics()), "127.0.0.1", 0)
    await server.start()
    try:
        assert server.port > 0
        async with httpx.AsyncClient() as client:
            response = await client.get(f"http://127.0.0.1:{server.port}/healthz")
        assert response.status_code == 200
    finally:
        await server.stop()


async def test_admin_server_bind_failure_is_an_error_not_an_exit(engine) -> None:
    first = AdminServer(create_admin_app(engine, engine.settings, metrics=Metrics()), "127.0.0.1", 0)
    await first.start()
    try:
        second = AdminServer(create_admin_app(engine, engine.settings, metrics=Metrics()), "127.0.0.1", first.port)
        with pytest.raises(RuntimeError, match="could not start"):
            await second.start()
    finally:
        await first.stop()
