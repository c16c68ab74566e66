"""Shared fixtures for the decision API tests: a regex scorer behind the real DecisionEngine."""

from __future__ import annotations

import re
import threading
import time
from typing import Any, AsyncIterator, Sequence
from urllib.parse import unquote_to_bytes

import httpx
import pytest

from waf_proxy.check import create_check_app
from waf_proxy.config import Settings
from waf_proxy.decision import DecisionEngine
from waf_proxy.engine.scorer import ScoreResult
from waf_proxy.inspect import RequestView

ATTACK = re.compile(rb"union\s+select|<script|\.\./\.\./|'\s*or\s*'?1'?\s*=\s*'?1", re.IGNORECASE)


class RegexScorer:
    """0.97 when a classic attack pattern is in path, query, headers or body; else 0.02.

    `delay_s` simulates model time per batch; `batch_sizes` records what the
    batcher handed over, so tests can see how a big call was split.
    """

    threshold = 0.5
    version = "regex-test-1"

    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.batch_sizes: list[int] = []
        self.seen: list[RequestView] = []
        self._lock = threading.Lock()

    def score_batch(self, views: Sequence[RequestView]) -> list[ScoreResult]:
        with self._lock:
            self.batch_sizes.append(len(views))
            self.seen.extend(views)
        if self.delay_s:
            time.sleep(self.delay_s)
        results = []
        for view in views:
            text = f"{view.path}?{view.query}".encode() + b"\n" + view.body
            text += b"\n" + "\n".join(v for _, v in view.headers).encode()
            text = unquote_to_bytes(text.replace(b"+", b" "))
            if ATTACK.search(text):
                results.append(ScoreResult(0.97, ("union", "select")))
            else:
                results.append(ScoreResult(0.02, ("get",)))
        return results


def make_settings(**overrides: Any) -> Settings:
    batcher = {"max_batch_size": 32, "max_wait_ms": 2.0, "timeout_ms": 5000.0}
    batcher.update(overrides.pop("batcher", {}))
    return Settings(batcher=batcher, **overrides)


@pytest.fixture
def scorer() -> RegexScorer:
    return RegexScorer()


@pytest.fixture
def settings() -> Settings:
    return make_settings()


async def started_client(
    settings: Settings, scorer: Any, ops: Any = None
) -> tuple[httpx.AsyncClient, DecisionEngine]:
    engine = DecisionEngine(settings, scorer)
    await engine.start()
    app = create_check_app(settings, engine, manage_engine=False, ops=ops)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://check"), engine


@pytest.fixture
async def client(settings: Settings, scorer: RegexScorer) -> AsyncIterator[httpx.AsyncClient]:
    http, engine = await started_client(settings, scorer)
    try:
        yield http
    finally:
        await http.aclose()
        await engine.stop()
