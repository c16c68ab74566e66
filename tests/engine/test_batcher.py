"""The shared micro-batcher: coalescing, flush rules, deadlines and failure isolation."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from tests.fake_scorer import RegexScorer
from waf_proxy.engine.batcher import (
    BatcherStopped,
    BatcherTimeout,
    MicroBatcher,
    ModelError,
    QueueFull,
)
from waf_proxy.engine.scorer import ScoreResult
from waf_proxy.inspect import RequestView


def view(i: int = 0, q: str = "") -> RequestView:
    return RequestView("GET", f"/item/{i}", q)


async def started(scorer, **kw) -> MicroBatcher:
    options = dict(max_batch_size=64, max_wait_ms=10, max_queue=1024, timeout_ms=1000)
    options.update(kw)
    batcher = MicroBatcher(scorer.score_batch if hasattr(scorer, "score_batch") else scorer, **options)
    await batcher.start()
    return batcher


async def test_concurrent_requests_coalesce_into_batches():
    scorer = RegexScorer()
    scorer.delay_s = 0.005
    batcher = await started(scorer)
    views = [view(i, "q=union select 1" if i % 2 else "q=shoes") for i in range(64)]
    results = await asyncio.gather(*(batcher.submit(v) for v in views))
    await batcher.stop()
    # Results come back to the right waiter, in order.
    assert [r.score > 0.5 for r in results] == [i % 2 == 1 for i in range(64)]
    assert sum(scorer.batch_sizes) == 64
    assert max(scorer.batch_sizes) > 1
    assert len(scorer.batch_sizes) < 64
    assert list(batcher.last_batch_sizes) == scorer.batch_sizes


async def test_flushes_after_max_wait_with_a_single_request():
    scorer = RegexScorer()
    batcher = await started(scorer, max_wait_ms=30, quiet_ms=1000)
    t0 = time.perf_counter()
    result = await batcher.submit(view())
    elapsed = time.perf_counter() - t0
    await batcher.stop()
    assert result.score == pytest.approx(0.01)
    assert 0.025 <= elapsed < 0.5
    assert scorer.batch_sizes == [1]


async def test_flushes_immediately_when_max_batch_size_waits():
    scorer = RegexScorer()
    batcher = await started(scorer, max_batch_size=4, max_wait_ms=1000)
    t0 = time.perf_counter()
    await asyncio.gather(*(batcher.submit(view(i)) for i in range(4)))
    elapsed = time.perf_counter() - t0
    await batcher.stop()
    assert elapsed < 0.5  # did not wait for the 1 s max_wait
    assert scorer.batch_sizes == [4]


async def test_batches_never_exceed_max_batch_size():
    scorer = RegexScorer()
    batcher = await started(scorer, max_batch_size=5, max_wait_ms=5)
    await asyncio.gather(*(batcher.submit(view(i)) for i in range(23)))
    await batcher.stop()
    assert sum(scorer.batch_sizes) == 23
    assert max(scorer.batch_sizes) <= 5


async def test_deadline_raises_timeout_and_the_hung_batch_does_not_block_the_loop():
    scorer = RegexScorer()
    scorer.fail, scorer.hang_s = "hang", 2.0
    batcher = await started(scorer, timeout_ms=50, max_wait_ms=1)
    t0 = time.perf_counter()
    with pytest.raises(BatcherTimeout):
        await batcher.submit(view())
    assert time.perf_counter() - t0 < 0.2
    assert batcher.timeouts_total == 1
    # While the model hangs the event loop keeps running (inference is off-loop).
    t1 = time.perf_counter()
    await asyncio.sleep(0.01)
    assert time.perf_counter() - t1 < 0.1
    scorer.release.set()
    await batcher.stop()


async def test_model_exception_fails_only_that_batch_and_the_worker_survives():
    scorer = RegexScorer()
    batcher = await started(scorer, max_wait_ms=1)
    scorer.fail = "raise"
    outcomes = await asyncio.gather(*(batcher.submit(view(i)) for i in range(3)), return_exceptions=True)
    assert all(isinstance(o, ModelError) for o in outcomes)
    assert batcher.errors_total == 3
    scorer.fail = None
    result = await batcher.submit(view())
    assert result.score == pytest.approx(0.01)
    await batcher.stop()


@pytest.mark.parametrize("fault", ["nan", "short"])
async def test_nan_or_wrong_length_is_a_model_error(fault):
    scorer = RegexScorer()
    scorer.fail = fault
    batcher = await started(scorer, max_wait_ms=1)
    with pytest.raises(ModelError):
        await batcher.submit(view())
    scorer.fail = None
    assert (await batcher.submit(view())).score == pytest.approx(0.01)
    await batcher.stop()


async def test_cancelled_waiter_is_dropped_before_inference():
    scorer = RegexScorer()
    batcher = await started(scorer, max_wait_ms=50)
    gone = asyncio.create_task(batcher.submit(view(1, "q=gone")))
    stays = asyncio.create_task(batcher.submit(view(2, "q=stays")))
    await asyncio.sleep(0.005)
    gone.cancel()
    result = await stays
    await batcher.stop()
    assert gone.cancelled()
    assert result.score == pytest.approx(0.01)
    assert [v.query for v in scorer.seen] == ["q=stays"]
    assert batcher.dropped_total == 1


async def test_full_queue_rejects_immediately():
    scorer = RegexScorer()
    scorer.fail, scorer.hang_s = "hang", 2.0
    batcher = await started(scorer, max_queue=2, max_batch_size=1, max_wait_ms=0, timeout_ms=300)
    first = asyncio.create_task(batcher.submit(view(0)))  # taken by the (hung) worker
    await asyncio.sleep(0.02)
    queued = [asyncio.create_task(batcher.submit(view(i))) for i in (1, 2)]
    await asyncio.sleep(0.01)
    t0 = time.perf_counter()
    with pytest.raises(QueueFull):
        await batcher.submit(view(3))
    assert time.perf_counter() - t0 < 0.01
    assert batcher.rejected_total == 1
    scorer.release.set()
    await asyncio.gather(first, *queued, return_exceptions=True)
    await batcher.stop()


async def test_stop_drains_queued_requests():
    scorer = RegexScorer()
    scorer.delay_s = 0.02
    batcher = await started(scorer, max_batch_size=4, max_wait_ms=50)
    tasks = [asyncio.create_task(batcher.submit(view(i))) for i in range(10)]
    await asyncio.sleep(0)
    await batcher.stop()
    results = await asyncio.gather(*tasks)
    assert len(results) == 10 and all(r.score < 0.5 for r in results)
    with pytest.raises(BatcherStopped):
        await batcher.submit(view())


async def test_stop_does_not_wait_forever_on_a_hung_model():
    scorer = RegexScorer()
    scorer.fail, scorer.hang_s = "hang", 3.0
    batcher = await started(scorer, max_wait_ms=0, timeout_ms=100)
    task = asyncio.create_task(batcher.submit(view()))
    await asyncio.sleep(0.02)
    t0 = time.perf_counter()
    await batcher.stop(drain_timeout_s=0.2)
    assert time.perf_counter() - t0 < 1.0
    with pytest.raises((BatcherTimeout, BatcherStopped)):
        await task
    scorer.release.set()


async def test_worker_restarts_when_cancelled_from_outside():
    scorer = RegexScorer()
    batcher = await started(scorer, max_wait_ms=1)
    scorer.fail, scorer.hang_s = "hang", 2.0
    waiting = asyncio.create_task(batcher.submit(view()))
    await asyncio.sleep(0.02)
    batcher._worker.cancel()
    t0 = time.perf_counter()
    with pytest.raises(BatcherStopped):  # failed at once, not at the 1 s deadline
        await waiting
    assert time.perf_counter() - t0 < 0.2
    scorer.fail = None
    scorer.release.set()
    assert (await batcher.submit(view())).score == pytest.approx(0.01)
    assert batcher.worker_restarts == 1
    await batcher.stop()


async def test_set_score_fn_swaps_between_batches_and_inference_runs_on_one_thread():
    threads: set[int] = set()

    def old(views):
        threads.add(threading.get_ident())
        time.sleep(0.05)
        return [ScoreResult(0.1) for _ in views]

    def new(views):
        threads.add(threading.get_ident())
        return [ScoreResult(0.9) for _ in views]

    batcher = await started(old, max_wait_ms=0)
    in_flight = asyncio.create_task(batcher.submit(view(1)))
    await asyncio.sleep(0.01)
    batcher.set_score_fn(new)
    assert (await in_flight).score == pytest.approx(0.1)  # finished on the old model
    assert (await batcher.submit(view(2))).score == pytest.approx(0.9)
    await batcher.stop()
    assert len(threads) == 1 and threading.get_ident() not in threads


async def test_on_batch_callback_and_timings():
    seen: list[tuple[int, float]] = []
    scorer = RegexScorer()
    scorer.delay_s = 0.01
    batcher = await started(scorer, on_batch=lambda n, s: seen.append((n, s)), max_wait_ms=5)
    scored = await batcher.submit_timed(view())
    await batcher.stop()
    assert seen and seen[0][0] == 1 and seen[0][1] >= 0.009
    assert scored.inference_ms >= 9 and scored.queue_ms >= 0 and scored.batch_size == 1


async def test_each_request_times_out_at_its_own_deadline():
    """One timer serves every deadline: a later request is not failed at the first one's."""
    scorer = RegexScorer()
    scorer.fail, scorer.hang_s = "hang", 2.0
    batcher = await started(scorer, timeout_ms=100, max_wait_ms=0, max_batch_size=1)
    first = asyncio.create_task(batcher.submit(view(1)))
    await asyncio.sleep(0.06)
    second = asyncio.create_task(batcher.submit(view(2)))
    with pytest.raises(BatcherTimeout):
        await first
    assert not second.done()  # its deadline is ~60 ms later
    with pytest.raises(BatcherTimeout):
        await second
    assert batcher.timeouts_total == 2
    scorer.release.set()
    await batcher.stop()


async def test_answered_requests_leave_no_deadline_behind():
    scorer = RegexScorer()
    batcher = await started(scorer, timeout_ms=50, max_wait_ms=1)
    results = await asyncio.gather(*(batcher.submit(view(i)) for i in range(40)))
    assert len(results) == 40
    await asyncio.sleep(0.1)  # past every deadline: the timer ran once and found all answered
    assert batcher.timeouts_total == 0
    assert not batcher._pending and batcher._deadline_timer is None
    # and the next request arms the timer again
    task = asyncio.create_task(batcher.submit(view(99)))
    await asyncio.sleep(0)
    assert batcher._deadline_timer is not None
    await task
    await batcher.stop()


async def test_a_lone_request_flushes_when_arrivals_pause_not_at_max_wait():
    """One client: nothing will join its batch, so waiting the full max_wait is pure latency."""
    scorer = RegexScorer()
    batcher = await started(scorer, max_wait_ms=400)  # quiet period: a tenth, 40 ms
    t0 = time.perf_counter()
    await batcher.submit(view())
    elapsed = time.perf_counter() - t0
    await batcher.stop()
    assert 0.03 <= elapsed < 0.3
    assert scorer.batch_sizes == [1]


async def test_a_steady_trickle_keeps_the_batch_open_until_max_wait():
    scorer = RegexScorer()
    batcher = await started(scorer, max_wait_ms=300, quiet_ms=100)
    tasks = []
    for i in range(6):  # one every ~20 ms: never quiet for 100 ms
        tasks.append(asyncio.create_task(batcher.submit(view(i))))
        await asyncio.sleep(0.02)
    await asyncio.gather(*tasks)
    await batcher.stop()
    assert scorer.batch_sizes == [6]


async def test_max_wait_zero_flushes_at_once():
    scorer = RegexScorer()
    batcher = await started(scorer, max_wait_ms=0)
    t0 = time.perf_counter()
    await batcher.submit(view())
    assert time.perf_counter() - t0 < 0.1
    await batcher.stop()
