"""Prometheus collectors: what an operator graphs to trust the WAF.

All collectors live in one `Metrics` object with its own `CollectorRegistry`
(never prometheus-client's global one), which the admin listener serves; tests
make fresh ones. The serving path uses the process-wide instance from
`get_metrics()`, replaced with `use_metrics()` when a test or an embedding app
wants its own.

Each `observe_*` method is the single place one concern is counted, so call
sites stay one line.
"""

from __future__ import annotations

from typing import Any, Callable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

# `*_created` timestamps double the exposition size and nobody graphs them.
disable_created_metrics()

__all__ = ["CONTENT_TYPE_LATEST", "Metrics", "get_metrics", "use_metrics"]

SCORE_BUCKETS = tuple(round(i / 20, 2) for i in range(1, 21))  # 0.05 .. 1.0
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096)
# Latencies in seconds, fine-grained where a WAF lives (sub-millisecond to 100 ms).
FAST_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
UPSTREAM_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# Outcomes whose reason is the model not answering; `error` on the Decision says why.
_FAIL_OUTCOMES = ("fail_open", "fail_closed")


class Metrics:
    """Every WAF collector, registered in one dedicated registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "waf_requests", "Requests by WAF outcome (allow, block, monitor, exempt, fail_open, "
            "fail_closed, rate_limited).", ["outcome"], registry=r,
        )
        self.scores = Histogram("waf_score", "Model scores of scored requests.", buckets=SCORE_BUCKETS, registry=r)
        self.batch_size = Histogram(
            "waf_batch_size", "Requests per model batch.", buckets=BATCH_BUCKETS, registry=r
        )
        self.queue_depth = Gauge("waf_queue_depth", "Requests waiting in the batcher queue.", registry=r)
        self.queue_wait = Histogram(
            "waf_queue_wait_seconds", "Time a request waited in the batcher before inference.",
            buckets=FAST_BUCKETS, registry=r,
        )
        self.inference = Histogram(
            "waf_inference_seconds", "Model time per batch.", buckets=FAST_BUCKETS, registry=r
        )
        self.fail_open = Counter(
            "waf_fail_open", "Requests not scored and let through (fail_mode=open), by cause.",
            ["cause"], registry=r,
        )
        self.fail_closed = Counter(
            "waf_fail_closed", "Requests not scored and refused (fail_mode=closed), by cause.",
            ["cause"], registry=r,
        )
        self.upstream_latency = Histogram(
            "waf_upstream_seconds", "Upstream response time (to response headers).",
            buckets=UPSTREAM_BUCKETS, registry=r,
        )
        self.upstream_errors = Counter(
            "waf_upstream_errors", "Upstream failures by kind (connect, timeout, protocol, ...).",
            ["kind"], registry=r,
        )
        self.rate_limited = Counter("waf_rate_limited", "Requests refused with 429.", registry=r)
        self.cache_hits = Counter(
            "waf_score_cache_hits", "Repeats of a recently scored request, answered without the batcher.",
            registry=r,
        )
        self.ratelimit_errors = Counter(
            "waf_ratelimit_storage_errors", "Rate-limit storage failures (the request was let through).",
            registry=r,
        )
        self.model_process_restarts = Counter(
            "waf_model_process_restarts", "Model child processes started again after one died or hung.", registry=r
        )
        self.reloads = Counter("waf_model_reloads", "Model reloads by result (ok, error).", ["result"], registry=r)
        self.model_info = Gauge(
            "waf_model_info", "The model in service (value 1), by version.", ["version"], registry=r
        )
        self.ready = Gauge("waf_ready", "1 when the model is loaded and the batcher runs.", registry=r)

    # -- one method per concern -------------------------------------------------

    def observe_decision(self, outcome: str, score: float | None = None, error: str | None = None,
                         queue_ms: float | None = None) -> None:
        """Count one finished decision; called where a Decision is finalised."""
        self.requests.labels(outcome).inc()
        if score is not None:
            self.scores.observe(score)
        if queue_ms is not None and score is not None:
            self.queue_wait.observe(queue_ms / 1000.0)
        if outcome in _FAIL_OUTCOMES:
            counter = self.fail_open if outcome == "fail_open" else self.fail_closed
            counter.labels(fail_cause(error)).inc()

    def observe_batch(self, size: int, inference_s: float, queue_depth: int | None = None) -> None:
        """Count one model batch; called where a batch completes."""
        self.batch_size.observe(size)
        self.inference.observe(inference_s)
        if queue_depth is not None:
            self.queue_depth.set(queue_depth)

    def track_queue_depth(self, depth: Callable[[], float]) -> None:
        """Read the queue depth at scrape time (exact, no per-request cost)."""
        self.queue_depth.set_function(depth)

    def bind_batcher(self, batcher: Any) -> None:
        """Count every batch of this MicroBatcher and report its queue depth at scrape time."""
        batcher.on_batch = self.observe_batch
        self.track_queue_depth(lambda: batcher.queue_depth)

    def observe_upstream(self, seconds: float | None, error_kind: str | None = None) -> None:
        if seconds is not None:
            self.upstream_latency.observe(seconds)
        if error_kind is not None:
            self.upstream_errors.labels(error_kind).inc()

    def observe_rate_limited(self) -> None:
        self.rate_limited.inc()
        self.requests.labels("rate_limited").inc()

    def observe_reload(self, ok: bool, version: str | None = None) -> None:
        self.reloads.labels("ok" if ok else "error").inc()
        if ok and version is not None:
            self.set_model(version)

    def set_model(self, version: str) -> None:
        self.model_info.clear()
        self.model_info.labels(version).set(1)

    def render(self) -> bytes:
        """The text exposition format, as /metrics serves it."""
        return generate_latest(self.registry)

    def value(self, name: str, labels: dict[str, str] | None = None) -> float:
        """A sample's current value (0 if absent); for tests and the admin app."""
        got = self.registry.get_sample_value(name, labels or {})
        return float(got) if got is not None else 0.0


# Substrings of a Decision's error (or the batcher exception's class name) -> cause label.
_CAUSES = (
    ("timeout", "timeout"),
    ("queue_full", "queue_full"),
    ("queuefull", "queue_full"),
    ("modelerror", "model_error"),
    ("model_error", "model_error"),
    ("stopped", "not_ready"),
    ("not_ready", "not_ready"),
    ("not running", "not_ready"),
)


def fail_cause(error: str | None) -> str:
    """A small, bounded label set for why the model did not answer."""
    text = (error or "").lower()
    for needle, cause in _CAUSES:
        if needle in text:
            return cause
    return "other"


_metrics: Metrics | None = None


def get_metrics() -> Metrics:
    """The process-wide collectors, created on first use."""
    global _metrics
    if _metrics is None:
        _metrics = Metrics()
    return _metrics


def use_metrics(metrics: Metrics) -> Metrics:
    """Make `metrics` the process-wide instance (tests, embedding apps); returns it."""
    global _metrics
    _metrics = metrics
    return metrics
