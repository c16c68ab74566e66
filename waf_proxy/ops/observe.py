"""One call per finished request: count it and log it, never failing the request.

The proxy and the middleware call `record_request` once, when the answer is
known (after the upstream replied, or when the WAF refused), so each request
yields at most one log event and one count whatever its outcome.
"""

from __future__ import annotations

from typing import Any

import structlog

from waf_proxy.config import Settings
from waf_proxy.ops.logging import log_request
from waf_proxy.ops.metrics import Metrics, get_metrics

log = structlog.get_logger("waf.observe")


def record_request(
    decision: Any,
    view: Any,
    *,
    client: str | None,
    settings: Settings,
    upstream_ms: float | None = None,
    status: int | None = None,
    metrics: Metrics | None = None,
    **extra: Any,
) -> None:
    """Count the decision (and upstream time) and emit its log event."""
    try:
        m = metrics if metrics is not None else get_metrics()
        m.observe_decision(decision.outcome, decision.score, decision.error, decision.queue_ms)
        log_request(
            decision, view, client=client or "unknown", settings=settings,
            upstream_ms=upstream_ms, status=status, **extra,
        )
    except Exception as exc:  # noqa: BLE001 - observability must never fail a request
        log.error("observe_error", error=repr(exc)[:300])


def upstream_error_kind(exc: BaseException) -> str:
    """A bounded label for an upstream failure (httpx exception classes)."""
    name = type(exc).__name__.lower()
    for needle, kind in (
        ("connecttimeout", "connect_timeout"),
        ("timeout", "timeout"),
        ("connect", "connect"),
        ("protocol", "protocol"),
        ("readerror", "read"),
        ("writeerror", "write"),
        ("closed", "closed"),
    ):
        if needle in name:
            return kind
    return "other"
