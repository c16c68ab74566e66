"""Rate limits, logs and metrics for the decision API, through the same ops modules as the proxy.

Kept apart from the endpoints so every door (/check, /check/batch, /auth,
ext_authz) limits, counts and logs a request the same way, and so a broken
log sink or metrics registry can never change a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog

from waf_proxy.check.models import CheckResult
from waf_proxy.config import Settings
from waf_proxy.inspect import RequestView
from waf_proxy.ops.logging import log_request
from waf_proxy.ops.metrics import Metrics, get_metrics
from waf_proxy.ops.ratelimit import RateLimiter

log = structlog.get_logger("waf.check")


@dataclass
class CheckOps:
    settings: Settings
    limiter: RateLimiter | None
    metrics: Metrics

    @classmethod
    def from_settings(
        cls, settings: Settings, *, limiter: RateLimiter | None = None, metrics: Metrics | None = None
    ) -> "CheckOps":
        metrics = metrics if metrics is not None else get_metrics()
        if limiter is None:
            limiter = RateLimiter.from_settings(settings, metrics=metrics)
        return cls(settings, limiter, metrics)

    async def retry_after(self, client_ip: str | None) -> float | None:
        """Seconds to wait when this client is over its limit, else None.

        Only the original client is limited, as in the proxy: a described request
        without a client address (a /check item without `client_ip`) is not.
        """
        if self.limiter is None or not client_ip:
            return None
        allowed, retry_after = await self.limiter.ahit(client_ip)
        return None if allowed else retry_after

    def record(self, result: CheckResult, view: RequestView, client_ip: str | None, endpoint: str) -> None:
        """Count and log one verdict (rate-limited ones are counted by the limiter)."""
        try:
            if result.outcome != "rate_limited":
                self.metrics.observe_decision(result.outcome, result.score, result.error, result.queue_ms)
            log_request(
                _AsDecision(result), view, client=client_ip or "unknown", settings=self.settings, endpoint=endpoint
            )
        except Exception as exc:  # noqa: BLE001 - observability must not change verdicts
            log.error("check.observe_error", error=repr(exc)[:300])


class _AsDecision:
    """A CheckResult seen through the Decision fields the log event reads."""

    def __init__(self, result: CheckResult) -> None:
        self._result = result
        self.top_tokens = tuple(result.top_tokens)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._result, name)
