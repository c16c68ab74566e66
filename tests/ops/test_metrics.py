"""Metrics: every collector an operator needs exists, and they move under traffic."""

from __future__ import annotations

import asyncio

import pytest

from tests.fake_scorer import RegexScorer
from waf_proxy.config import Settings
from waf_proxy.decision import DecisionEngine
from waf_proxy.inspect import RequestView
from waf_proxy.ops.metrics import Metrics, fail_cause, get_metrics, use_metrics
from waf_proxy.ops.observe import record_request, upstream_error_kind

ATTACK = RequestView("GET", "/search", "q=1'+union+select+password+from+users--")
BENIGN = RequestView("GET", "/search", "q=blue+shoes")

EXPECTED = [
    "waf_requests_total", "waf_score", "waf_batch_size", "waf_queue_depth", "waf_inference_seconds",
    "waf_fail_open_total", "waf_upstream_seconds", "waf_upstream_errors_total", "waf_rate_limited_total",
    "waf_model_reloads_total", "waf_queue_wait_seconds",
]


@pytest.fixture
def metrics():
    previous = get_metrics()
    fresh = use_metrics(Metrics())
    yield fresh
    use_metrics(previous)


def test_fresh_registries_are_independent() -> None:
    a, b = Metrics(), Metrics()
    a.observe_decision("block", 0.9)
    assert a.value("waf_requests_total", {"outcome": "block"}) == 1
    assert b.value("waf_requests_total", {"outcome": "block"}) == 0


def test_every_collector_is_exposed() -> None:
    m = Metrics()
    m.observe_decision("fail_open", None, "BatcherTimeout: late")
    m.observe_upstream(0.01, "connect")
    m.observe_rate_limited()
    m.observe_reload(True, "v1")
    text = m.render().decode()
    for name in EXPECTED:
        assert f"# TYPE {name} " in text, name
    assert 'waf_fail_open_total{cause="timeout"} 1.0' in text


def test_fail_causes_are_bounded() -> None:
    assert fail_cause("BatcherTimeout: no score within 250 ms") == "timeout"
    assert fail_cause("queue_full: queue full (4096)") == "queue_full"
    assert fail_cause("ModelError: RuntimeError: x") == "model_error"
    assert fail_cause("BatcherStopped: batcher is not running") == "not_ready"
    assert fail_cause("something new") == "other" and fail_cause(None) == "other"


def test_upstream_error_kinds() -> None:
    import httpx

    assert upstream_error_kind(httpx.ConnectError("x")) == "connect"
    assert upstream_error_kind(httpx.ConnectTimeout("x")) == "connect_timeout"
    assert upstream_error_kind(httpx.ReadTimeout("x")) == "timeout"
    assert upstream_error_kind(httpx.RemoteProtocolError("x")) == "protocol"
    assert upstream_error_kind(ValueError()) == "other"


async def test_counters_move_under_traffic(metrics: Metrics) -> None:
    settings = Settings(batcher={"max_wait_ms": 5, "timeout_ms": 2000})
    engine = DecisionEngine(settings, RegexScorer())
    await engine.start()
    try:
        views = [ATTACK if i % 4 == 0 else BENIGN for i in range(40)]
        decisions = await asyncio.gather(*(engine.decide(v, "198.51.100.1", f"r{i}") for i, v in enumerate(views)))
        for view, decision in zip(views, decisions):
            record_request(decision, view, client="198.51.100.1", settings=settings, upstream_ms=2.0)
    finally:
        await engine.stop()
    assert metrics.value("waf_requests_total", {"outcome": "block"}) == 10
    assert metrics.value("waf_requests_total", {"outcome": "allow"}) == 30
    assert metrics.value("waf_score_count") == 40
    assert metrics.value("waf_score_bucket", {"le": "0.05"}) == 30  # benign scores 0.01
    batches = metrics.value("waf_batch_size_count")
    assert 1 <= batches < 40  # concurrent requests were batched
    assert metrics.value("waf_batch_size_sum") == 40
    assert metrics.value("waf_inference_seconds_count") == batches
    assert metrics.value("waf_queue_wait_seconds_count") == 40
    assert metrics.value("waf_model_info", {"version": "regex-test"}) == 1


async def test_fail_open_counted_by_cause(metrics: Metrics) -> None:
    scorer = RegexScorer()
    scorer.fail = "raise"
    settings = Settings(batcher={"max_wait_ms": 1, "timeout_ms": 2000})
    engine = DecisionEngine(settings, scorer)
    await engine.start()
    try:
        decision = await engine.decide(BENIGN, None, "r")
    finally:
        await engine.stop()
    record_request(decision, BENIGN, client=None, settings=settings)
    assert decision.outcome == "fail_open"
    assert metrics.value("waf_fail_open_total", {"cause": "model_error"}) == 1
    assert metrics.value("waf_requests_total", {"outcome": "fail_open"}) == 1


async def test_queue_depth_is_read_at_scrape_time(metrics: Metrics) -> None:
    scorer = RegexScorer()
    scorer.fail = "hang"
    scorer.hang_s = 5
    engine = DecisionEngine(Settings(batcher={"max_wait_ms": 0, "max_batch_size": 1, "timeout_ms": 3000}), scorer)
    await engine.start()
    try:
        tasks = [asyncio.create_task(engine.decide(BENIGN, None, f"r{i}")) for i in range(5)]
        for _ in range(100):
            await asyncio.sleep(0.01)
            if metrics.value("waf_queue_depth") == 4:  # one in the model, four waiting
                break
        assert metrics.value("waf_queue_depth") == 4
        scorer.release.set()
        await asyncio.gather(*tasks)
        assert metrics.value("waf_queue_depth") == 0
    finally:
        scorer.release.set()
        await engine.stop()


def test_record_request_never_raises(metrics: Metrics) -> None:
    record_request(object(), object(), client="c", settings=Settings())  # garbage in: logged, not raised
