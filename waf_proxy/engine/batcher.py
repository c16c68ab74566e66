"""The shared async micro-batcher: one per process, shared by every request.

A transformer scores 32 requests in little more time than one, so requests
wait a few milliseconds to share a forward pass. The batch flushes when
`max_batch_size` requests wait, when `max_wait_ms` has passed since the first one
arrived, or when arrivals pause for `quiet_ms` (default a tenth of max_wait):
waiting longer then only adds latency, since nothing is coming to share the pass
(one client, or a handful of clients whose requests are all queued already). Inference runs on one dedicated worker thread (the model is not
re-entrant and must never block the event loop); while it runs, the next
batch gathers. Every failure stays local: a model error fails only its own
batch, a waiter that gave up (deadline, client gone) is skipped before
inference, and the worker task restarts itself if anything kills it.

Per request the hot path is kept to a future, a queue append and one flag:
deadlines share a single loop timer (requests arrive in deadline order, so it
only ever watches the oldest), instead of an `asyncio.wait_for` (a timer, a
wrapper future and callbacks) per request.
"""

from __future__ import annotations

import asyncio
import collections
import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Sequence

import structlog

from waf_proxy.engine.scorer import ScoreResult
from waf_proxy.inspect import RequestView

ScoreFn = Callable[[Sequence[RequestView]], list[ScoreResult]]
OnBatch = Callable[[int, float], None]  # (batch size, inference seconds)

log = structlog.get_logger(__name__)


class BatcherError(Exception):
    """Scoring did not produce a result for this request."""


class BatcherTimeout(BatcherError):
    """The per-request deadline passed before a score arrived."""


class QueueFull(BatcherError):
    """The bounded queue is full: shed load now rather than queue forever."""


class ModelError(BatcherError):
    """The model raised or returned an unusable result for this request's batch."""


class BatcherStopped(BatcherError):
    """The batcher is not running (not started yet, or shut down)."""


@dataclass(frozen=True, slots=True)
class Scored:
    """A score plus where this request's time went."""

    result: ScoreResult
    queue_ms: float
    inference_ms: float
    batch_size: int


@dataclass(slots=True)
class _Item:
    view: RequestView
    future: asyncio.Future[Scored]
    enqueued: float = field(default_factory=time.perf_counter)
    deadline: float = math.inf


# A deadline timer that fires this early still fails the request: the loop's timer
# clock has millisecond resolution, and re-arming for a few microseconds would spin.
_DEADLINE_SLACK_S = 0.001


class MicroBatcher:
    """Coalesce concurrent `submit` calls into batched `score_fn` calls."""

    def __init__(
        self,
        score_fn: ScoreFn,
        *,
        max_batch_size: int = 64,
        max_wait_ms: float = 10.0,
        max_queue: int = 4096,
        timeout_ms: float = 250.0,
        on_batch: OnBatch | None = None,
        name: str = "waf-batcher",
        quiet_ms: float | None = None,
    ) -> None:
        if max_batch_size < 1 or max_queue < 1 or timeout_ms <= 0 or max_wait_ms < 0:
            raise ValueError("batcher limits must be positive")
        self._score_fn = score_fn
        self.max_batch_size = max_batch_size
        self.max_wait_s = max_wait_ms / 1000.0
        self.quiet_s = self.max_wait_s / 10 if quiet_ms is None else max(quiet_ms, 0.0) / 1000.0
        self._last_arrival = 0.0
        self.max_queue = max_queue
        self.timeout_s = timeout_ms / 1000.0
        self.on_batch = on_batch
        self._name = name
        self._queue: collections.deque[_Item] = collections.deque()
        # Every request not yet answered or expired, queued or in a running batch, in
        # arrival (= deadline) order; one timer watches the oldest one's deadline.
        self._pending: collections.deque[_Item] = collections.deque()
        self._deadline_timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._arrived: asyncio.Event | None = None
        self._flush: asyncio.Event | None = None  # a full batch waits, or max_wait passed
        self._executor: ThreadPoolExecutor | None = None
        self._worker: asyncio.Task[None] | None = None
        self._running = False
        self._stopping = False
        # What the ops owner reads (metrics, /readyz, logs).
        self.last_batch_sizes: collections.deque[int] = collections.deque(maxlen=256)
        self.batches_total = 0
        self.scored_total = 0
        self.errors_total = 0  # requests failed by a model error
        self.timeouts_total = 0
        self.rejected_total = 0  # QueueFull
        self.dropped_total = 0  # waiters gone before their batch started
        self.worker_restarts = 0

    # -- lifecycle -------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running and not self._stopping

    @property
    def queue_depth(self) -> int:
        return len(self._queue)

    async def start(self) -> None:
        if self._running:
            return
        self._loop = asyncio.get_running_loop()
        self._arrived = asyncio.Event()
        self._flush = asyncio.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
        self._running = True
        self._stopping = False
        self._spawn_worker()

    async def stop(self, drain_timeout_s: float | None = None) -> None:
        """Refuse new work, let queued requests finish, then release the thread.

        Waits at most `drain_timeout_s` (default: one request deadline plus a
        little) so a hung model cannot hold shutdown hostage.
        """
        if not self._running:
            return
        self._stopping = True
        assert self._arrived is not None and self._flush is not None
        self._arrived.set()
        self._flush.set()  # no point waiting for a fuller batch now
        worker = self._worker
        if worker is not None:
            timeout = drain_timeout_s if drain_timeout_s is not None else self.timeout_s + 1.0
            done, _ = await asyncio.wait({worker}, timeout=timeout)
            if not done:
                worker.cancel()
                await asyncio.gather(worker, return_exceptions=True)
        while self._queue:
            item = self._queue.popleft()
            _fail(item.future, BatcherStopped("batcher stopped"))
        if self._deadline_timer is not None:
            self._deadline_timer.cancel()
            self._deadline_timer = None
        while self._pending:  # a batch cut short by a hung model
            _fail(self._pending.popleft().future, BatcherStopped("batcher stopped"))
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = None
        self._worker = None
        self._running = False

    def set_score_fn(self, score_fn: ScoreFn) -> None:
        """Swap the model between batches; a batch already running finishes on the old one."""
        self._score_fn = score_fn

    # -- submitting ------------------------------------------------------------

    async def submit(self, view: RequestView) -> ScoreResult:
        return (await self.submit_timed(view)).result

    async def submit_timed(self, view: RequestView) -> Scored:
        """Score one view within the deadline, or raise a `BatcherError`."""
        if not self.running:
            raise BatcherStopped("batcher is not running")
        if len(self._queue) >= self.max_queue:
            self.rejected_total += 1
            raise QueueFull(f"queue full ({self.max_queue})")
        self._ensure_worker()
        loop = self._loop
        assert loop is not None and self._arrived is not None and self._flush is not None
        future: asyncio.Future[Scored] = loop.create_future()
        now = time.perf_counter()
        item = _Item(view, future, now, now + self.timeout_s)
        self._queue.append(item)
        self._pending.append(item)
        self._last_arrival = now
        if self._deadline_timer is None:
            self._deadline_timer = loop.call_later(self.timeout_s, self._expire)
        self._arrived.set()
        if len(self._queue) >= self.max_batch_size:
            self._flush.set()
        # The deadline timer fails the future with BatcherTimeout; a caller that is
        # cancelled (client gone) cancels the future, and the worker skips the item.
        return await future

    def _expire(self) -> None:
        """Fail every request past its deadline, then re-arm for the oldest one left."""
        self._deadline_timer = None
        pending = self._pending
        now = time.perf_counter()
        while pending:
            item = pending[0]
            if not item.future.done():
                if item.deadline > now + _DEADLINE_SLACK_S:
                    break
                self.timeouts_total += 1
                item.future.set_exception(BatcherTimeout(f"no score within {self.timeout_s * 1000:.0f} ms"))
            pending.popleft()
        if pending and self._loop is not None:
            self._deadline_timer = self._loop.call_later(pending[0].deadline - now, self._expire)

    # -- the worker --------------------------------------------------------------

    def _spawn_worker(self) -> None:
        self._worker = asyncio.get_running_loop().create_task(self._run(), name=self._name)
        self._worker.add_done_callback(self._on_worker_done)

    def _on_worker_done(self, task: asyncio.Task[None]) -> None:
        # The worker only ends on stop(). Anything else (a cancel from outside, a
        # bug) fails the queued waiters now, per policy, instead of at their
        # deadline, and starts a fresh worker; submit() also checks, in case the
        # loop refused the new task.
        if self._stopping or not self._running:
            return
        exc = None if task.cancelled() else task.exception()
        log.error("batcher_worker_died", error=repr(exc) if exc else "cancelled")
        while self._queue:
            _fail(self._queue.popleft().future, BatcherStopped("batch worker died"))
        try:
            self._ensure_worker()
        except RuntimeError:  # the event loop is closing
            pass

    def _ensure_worker(self) -> None:
        if self._worker is None or self._worker.done():
            self.worker_restarts += 1
            self._spawn_worker()

    async def _run(self) -> None:
        assert self._arrived is not None
        while True:
            if not self._queue:
                if self._stopping:
                    return
                self._arrived.clear()
                await self._arrived.wait()
                continue
            try:
                await self._wait_for_batch()
                batch = self._take_batch()
                if batch:
                    await self._score(batch)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the worker survives anything
                log.error("batcher_worker_error", error=repr(exc))

    async def _wait_for_batch(self) -> None:
        """Wait until a full batch is queued, the oldest request has waited max_wait, or
        no request has arrived for quiet_s."""
        assert self._flush is not None and self._loop is not None
        while not self._stopping and self._queue and len(self._queue) < self.max_batch_size:
            now = time.perf_counter()
            oldest_due = self._queue[0].enqueued + self.max_wait_s
            due = min(oldest_due, self._last_arrival + self.quiet_s)
            if due <= now:
                return
            self._flush.clear()
            timer = self._loop.call_later(due - now, self._flush.set)
            try:
                await self._flush.wait()
            finally:
                timer.cancel()
            if time.perf_counter() >= oldest_due:
                return

    def _take_batch(self) -> list[_Item]:
        batch: list[_Item] = []
        while self._queue and len(batch) < self.max_batch_size:
            item = self._queue.popleft()
            if item.future.done():  # deadline passed or client gone: costs nothing more
                self.dropped_total += 1
                continue
            batch.append(item)
        if len(self._queue) < self.max_batch_size and self._flush is not None:
            self._flush.clear()
        return batch

    async def _score(self, batch: list[_Item]) -> None:
        assert self._executor is not None
        score_fn = self._score_fn
        views = [item.view for item in batch]
        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        try:
            results = await loop.run_in_executor(self._executor, score_fn, views)
            _check_results(results, len(batch))
        except asyncio.CancelledError:
            for item in batch:
                _fail(item.future, BatcherStopped("batch worker cancelled"))
            raise
        except Exception as exc:
            inference_s = time.perf_counter() - started
            self.errors_total += len(batch)
            log.error("model_error", error=repr(exc), batch_size=len(batch))
            error = ModelError(f"{type(exc).__name__}: {exc}"[:200])
            for item in batch:
                _fail(item.future, error)
            self._record(len(batch), inference_s)
            return
        inference_s = time.perf_counter() - started
        inference_ms = inference_s * 1000.0
        for item, result in zip(batch, results):
            if not item.future.done():
                queue_ms = (started - item.enqueued) * 1000.0
                item.future.set_result(Scored(result, queue_ms, inference_ms, len(batch)))
        self.scored_total += len(batch)
        self._record(len(batch), inference_s)

    def _record(self, size: int, inference_s: float) -> None:
        self.batches_total += 1
        self.last_batch_sizes.append(size)
        if self.on_batch is not None:
            try:
                self.on_batch(size, inference_s)
            except Exception as exc:  # a metrics hook must never break scoring
                log.error("on_batch_error", error=repr(exc))


def _check_results(results: object, expected: int) -> None:
    """A wrong-length, non-numeric or NaN answer is a model error, never a decision."""
    if not isinstance(results, list) or len(results) != expected:
        raise ValueError(f"score_fn returned {type(results).__name__} for {expected} views")
    for result in results:
        score = getattr(result, "score", None)
        if not isinstance(score, (int, float)) or not math.isfinite(score):
            raise ValueError(f"invalid score {score!r}")


def _fail(future: asyncio.Future[Scored], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
