"""loop_lag: the scorer thread's throughput and the loop's lateness are measured, not assumed."""

from __future__ import annotations

import time

from benchmarks.loop_lag import measure


class SleepyScorer:
    """Works hold_s per batch, in pure Python (holds the GIL, like per-op dispatch) or
    in a sleep (GIL released, like one traced forward pass)."""

    cache_size = 4096

    def __init__(self, hold_s: float, release_gil: bool = False) -> None:
        self.hold_s = hold_s
        self.release_gil = release_gil
        self.batches = 0

    def score_batch(self, views):
        if self.release_gil:
            time.sleep(self.hold_s)
        end = time.perf_counter() + (0.0 if self.release_gil else self.hold_s)
        while time.perf_counter() < end:
            pass
        self.batches += 1
        return [0.0] * len(views)


def test_measure_counts_scored_requests_and_loop_lag() -> None:
    scorer = SleepyScorer(0.002)
    r = measure(scorer, list(range(100)), batch=10, seconds=0.3, busy_ms=0.0)
    assert scorer.cache_size == 0  # caching would hide the model
    assert scorer.batches > 0 and abs(r["req_per_s"] - scorer.batches * 10 / 0.3) < r["req_per_s"] * 0.5
    assert 0 <= r["lag_p50_ms"] <= r["lag_p99_ms"] <= r["lag_max_ms"]


def test_a_gil_holding_scorer_delays_the_loop() -> None:
    free = measure(SleepyScorer(0.02, release_gil=True), list(range(100)), batch=10, seconds=0.3, busy_ms=0.0)
    hog = measure(SleepyScorer(0.02), list(range(100)), batch=10, seconds=0.3, busy_ms=0.0)
    assert hog["lag_p50_ms"] >= 2.0 > free["lag_p50_ms"]  # waits out the 5 ms switch interval
