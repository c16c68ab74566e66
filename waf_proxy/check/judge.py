"""One place where a view meets the shared DecisionEngine and becomes a CheckResult.

Every endpoint (/check, /check/batch, /auth, Envoy ext_authz) goes through
`judge`, so they share the engine's policy and its micro-batcher, and an
unexpected engine error still follows the configured fail mode instead of
surfacing as a 500.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Protocol

from waf_proxy.check.models import CheckResult
from waf_proxy.check.observe import CheckOps
from waf_proxy.config import Settings
from waf_proxy.inspect import RequestView


class Engine(Protocol):
    """What the decision API needs from `waf_proxy.decision.DecisionEngine`."""

    @property
    def ready(self) -> bool: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def decide(self, view: RequestView, client_ip: str | None, request_id: str) -> Any: ...


def new_request_id() -> str:
    return uuid.uuid4().hex


def result_from_decision(decision: Any, processing_ms: float) -> CheckResult:
    score = decision.score
    return CheckResult(
        request_id=decision.request_id,
        outcome=decision.outcome,
        allow=bool(decision.forward),
        score=score,
        is_anomaly=score is not None and score >= decision.threshold,
        threshold=decision.threshold,
        mode=decision.mode,
        top_tokens=list(decision.top_tokens),
        processing_ms=round(processing_ms, 3),
        queue_ms=round(decision.queue_ms, 3),
        inference_ms=round(decision.inference_ms, 3),
        model_version=decision.model_version,
        error=decision.error,
    )


def failure_result(
    settings: Settings, engine: Engine, request_id: str, error: str, processing_ms: float
) -> CheckResult:
    """The answer when the engine itself raised: the configured fail mode, never a 500."""
    open_ = settings.fail_mode == "open"
    threshold = getattr(engine, "threshold", None)
    if not isinstance(threshold, (int, float)):
        threshold = settings.model.threshold if settings.model.threshold is not None else 0.5
    version = getattr(engine, "model_version", None)
    return CheckResult(
        request_id=request_id,
        outcome="fail_open" if open_ else "fail_closed",
        allow=open_,
        score=None,
        is_anomaly=False,
        threshold=float(threshold),
        mode=settings.mode,
        top_tokens=[],
        processing_ms=round(processing_ms, 3),
        model_version=version if isinstance(version, str) else "unknown",
        error=error,
    )


def rate_limited_result(
    settings: Settings, engine: Engine, request_id: str, retry_after_s: float, processing_ms: float
) -> CheckResult:
    """Over the per-client limit: refused before scoring, as the proxy does."""
    base = failure_result(settings, engine, request_id, "", processing_ms)
    return base.model_copy(
        update={"outcome": "rate_limited", "allow": False, "error": None, "retry_after_s": retry_after_s}
    )


async def judge(
    engine: Engine,
    settings: Settings,
    view: RequestView,
    client_ip: str | None,
    request_id: str | None,
    ops: CheckOps | None = None,
    endpoint: str = "check",
) -> CheckResult:
    request_id = request_id or new_request_id()
    started = time.perf_counter()
    retry_after = await ops.retry_after(client_ip) if ops is not None else None
    if retry_after is not None:
        elapsed = (time.perf_counter() - started) * 1000
        result = rate_limited_result(settings, engine, request_id, retry_after, elapsed)
    else:
        try:
            decision = await engine.decide(view, client_ip, request_id)
        except Exception as exc:  # the engine's own failures are policy, not crashes
            elapsed = (time.perf_counter() - started) * 1000
            result = failure_result(settings, engine, request_id, f"{type(exc).__name__}: {exc}", elapsed)
        else:
            result = result_from_decision(decision, (time.perf_counter() - started) * 1000)
    if ops is not None:
        ops.record(result, view, client_ip, endpoint)
    return result
