"""Faults: a model that raises, hangs or returns NaN, a cancelled batch worker, an upstream
that refuses, resets or stalls. Each behaves as configured, is counted, and nobody waits
past their deadline.

Engine-level tests run in process (exact counters); HTTP-level tests run against
the real proxy in a child process (tests/reliability/conftest.py).
"""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.reliability.fakes import HANG_MARK, NAN_MARK, RAISE_MARK, FakeScorer
from waf_proxy.config import Settings
from waf_proxy.inspect import RequestView

decision_mod = pytest.importorskip("waf_proxy.decision")

TIMEOUT_MS = 150
SLACK_S = 0.25  # event-loop and thread hand-off on a loaded 2-core machine


def _settings(fail_mode: str = "open") -> Settings:
    return Settings(mode="block", fail_mode=fail_mode,
                    batcher={"max_batch_size": 8, "max_wait_ms": 1, "max_queue": 64, "timeout_ms": TIMEOUT_MS})


def _view(marker: bytes = b"", path: str = "/ok") -> RequestView:
    return RequestView("GET", path, query="m=" + marker.decode() if marker else "")


async def _engine(fail_mode: str = "open", hang_s: float = 1.0):
    engine = decision_mod.DecisionEngine(_settings(fail_mode), FakeScorer(hang_s=hang_s))
    await engine.start()
    return engine


@pytest.mark.parametrize("fail_mode,outcome,forward", [("open", "fail_open", True), ("closed", "fail_closed", False)])
@pytest.mark.parametrize("marker", [RAISE_MARK, NAN_MARK], ids=["raises", "nan"])
async def test_model_error_follows_fail_mode_and_is_counted(marker, fail_mode, outcome, forward) -> None:
    engine = await _engine(fail_mode)
    try:
        before = engine.batcher.errors_total
        decision = await engine.decide(_view(marker), "10.0.0.1", "rid-1")
        assert decision.outcome == outcome and decision.forward is forward
        assert decision.error and "ModelError" in decision.error
        assert decision.status_code == (None if forward else 503)
        assert engine.batcher.errors_total == before + 1
        # the next request is scored normally: the worker survived
        ok = await engine.decide(_view(), "10.0.0.1", "rid-2")
        assert ok.outcome == "allow" and ok.score is not None
        bad = await engine.decide(_view(path="/x/../../etc/passwd"), "10.0.0.1", "rid-3")
        assert bad.outcome == "block"
    finally:
        await engine.stop()


@pytest.mark.parametrize("fail_mode,outcome", [("open", "fail_open"), ("closed", "fail_closed")])
async def test_hanging_model_answers_within_deadline(fail_mode, outcome) -> None:
    engine = await _engine(fail_mode, hang_s=1.0)
    try:
        start = time.perf_counter()
        decision = await engine.decide(_view(HANG_MARK), "10.0.0.1", "rid-h")
        elapsed = time.perf_counter() - start
        assert decision.outcome == outcome
        assert "BatcherTimeout" in (decision.error or "")
        assert elapsed < TIMEOUT_MS / 1000 + SLACK_S
        assert engine.batcher.timeouts_total >= 1
        # While the model thread is still stuck, others also get a deadline answer, not a hang.
        start = time.perf_counter()
        others = await asyncio.gather(*(engine.decide(_view(), "10.0.0.2", f"r{i}") for i in range(20)))
        assert time.perf_counter() - start < TIMEOUT_MS / 1000 + SLACK_S
        assert {d.outcome for d in others} == {outcome}
        # Once the model recovers, scoring resumes.
        await asyncio.sleep(1.0)
        recovered = await engine.decide(_view(), "10.0.0.2", "after")
        assert recovered.outcome == "allow"
    finally:
        start = time.perf_counter()
        await engine.stop()
        assert time.perf_counter() - start < TIMEOUT_MS / 1000 + 1.0 + SLACK_S  # stop() is bounded too


async def test_cancelled_batch_worker_is_replaced_and_waiters_answered() -> None:
    engine = await _engine("open", hang_s=0.3)
    try:
        batcher = engine.batcher
        # a batch is in the model when the worker is cancelled
        pending = asyncio.create_task(engine.decide(_view(HANG_MARK), "10.0.0.1", "in-flight"))
        await asyncio.sleep(0.05)
        worker = batcher._worker
        assert worker is not None
        worker.cancel()
        start = time.perf_counter()
        decision = await pending
        assert time.perf_counter() - start < TIMEOUT_MS / 1000 + SLACK_S
        assert decision.outcome == "fail_open"
        await asyncio.sleep(0.4)  # let the stuck model call finish
        assert batcher._worker is not worker and not batcher._worker.done()
        assert batcher.worker_restarts >= 1
        ok = await engine.decide(_view(), "10.0.0.1", "after-cancel")
        assert ok.outcome == "allow" and ok.score is not None
    finally:
        await engine.stop()


async def test_full_queue_sheds_immediately() -> None:
    settings = Settings(mode="block", fail_mode="open",
                        batcher={"max_batch_size": 1, "max_wait_ms": 0, "max_queue": 4, "timeout_ms": 400})
    engine = decision_mod.DecisionEngine(settings, FakeScorer(hang_s=0.3))
    await engine.start()
    try:
        start = time.perf_counter()
        decisions = await asyncio.gather(
            *(engine.decide(_view(HANG_MARK if i == 0 else b""), "10.0.0.1", f"q{i}") for i in range(40)))
        elapsed = time.perf_counter() - start
        shed = [d for d in decisions if d.error and d.error.startswith("queue_full")]
        assert shed, "an overfull queue must shed"
        assert all(d.outcome == "fail_open" for d in shed)
        assert engine.batcher.rejected_total == len(shed)
        assert elapsed < 0.4 + SLACK_S
    finally:
        await engine.stop()


async def test_disconnected_waiters_cost_no_inference() -> None:
    scorer = FakeScorer(hang_s=0.2)
    settings = Settings(mode="block", batcher={"max_batch_size": 1, "max_wait_ms": 0, "max_queue": 64,
                                               "timeout_ms": 1000})
    engine = decision_mod.DecisionEngine(settings, scorer)
    await engine.start()
    try:
        blocker = asyncio.create_task(engine.decide(_view(HANG_MARK), "10.0.0.1", "b"))
        await asyncio.sleep(0.02)
        gone = [asyncio.create_task(engine.decide(_view(), "10.0.0.1", f"g{i}")) for i in range(10)]
        await asyncio.sleep(0.02)
        for task in gone:
            task.cancel()  # clients disconnected while queued
        await blocker
        await asyncio.sleep(0.05)
        assert scorer.calls == 1, "cancelled waiters must be dropped before inference"
        assert engine.batcher.dropped_total >= 10
    finally:
        await engine.stop()
