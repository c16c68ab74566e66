"""Rate limits, metrics and logs on the decision API, through the shared ops modules."""

from __future__ import annotations

import json

import pytest

from tests.check.conftest import RegexScorer, make_settings, started_client
from waf_proxy.check.models import CheckResult
from waf_proxy.check.observe import CheckOps
from waf_proxy.inspect import RequestView
from waf_proxy.ops.logging import configure_logging
from waf_proxy.ops.metrics import Metrics
from waf_proxy.ops.ratelimit import RateLimiter

SQLI = {"path": "/p", "query": "id=1%27%20UNION%20SELECT%20pw--"}


def fresh_ops(limit: str | None = None) -> CheckOps:
    metrics = Metrics()
    settings = make_settings()
    limiter = RateLimiter(limit, "memory://", metrics=metrics) if limit else None
    return CheckOps(settings, limiter, metrics)


async def test_rate_limit_per_original_client_on_check_and_auth(scorer: RegexScorer) -> None:
    ops = fresh_ops("2/minute")
    http, engine = await started_client(make_settings(), scorer, ops)
    async with http:
        a = [(await http.post("/check", json={"path": "/", "client_ip": "192.0.2.1"})).json() for _ in range(3)]
        other = (await http.post("/check", json={"path": "/", "client_ip": "192.0.2.2"})).json()
        anonymous = [(await http.post("/check", json={"path": "/"})).json() for _ in range(3)]
        auth = [
            await http.get("/auth", headers={"X-Original-URI": "/", "X-Real-IP": "198.51.100.7"}) for _ in range(3)
        ]
    await engine.stop()
    assert [r["outcome"] for r in a] == ["allow", "allow", "rate_limited"]
    assert a[2]["allow"] is False and a[2]["retry_after_s"] >= 1 and a[2]["score"] is None
    assert other["outcome"] == "allow"  # limits are per client
    assert all(r["outcome"] == "allow" for r in anonymous)  # no client address: not limited
    assert [r.status_code for r in auth] == [200, 200, 429]
    assert int(auth[2].headers["retry-after"]) >= 1 and auth[2].headers["x-waf-outcome"] == "rate_limited"
    assert ops.metrics.value("waf_rate_limited_total") == 2
    # Rate-limited requests never reach the model.
    assert len(scorer.seen) == 2 + 1 + 3 + 2


async def test_metrics_count_each_verdict_once(scorer: RegexScorer) -> None:
    ops = fresh_ops()
    http, engine = await started_client(make_settings(), scorer, ops)
    async with http:
        await http.post("/check", json=SQLI)
        await http.post("/check/batch", json=[SQLI, {"path": "/ok"}, {"path": "/ok"}])
        await http.get("/auth", headers={"X-Original-URI": "/fine"})
    await engine.stop()
    assert ops.metrics.value("waf_requests_total", {"outcome": "block"}) == 2
    assert ops.metrics.value("waf_requests_total", {"outcome": "allow"}) == 3
    assert ops.metrics.value("waf_score_count") == 5


def test_blocked_verdict_is_logged_with_endpoint_and_redaction(capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings()
    configure_logging(settings, cache=False)
    ops = CheckOps(settings, None, Metrics())
    view = RequestView("GET", "/login", "user=a&password=hunter22", (("cookie", "sid=secret-cookie"),))
    result = CheckResult(
        request_id="r1", outcome="block", allow=False, score=0.97, is_anomaly=True, threshold=0.5,
        mode="block", top_tokens=["hunter22"], processing_ms=1.0, model_version="v1",
    )
    ops.record(result, view, "192.0.2.5", "auth")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    event = next(line for line in lines if line.get("request_id") == "r1")
    assert event["endpoint"] == "auth" and event["outcome"] == "block" and event["client"] == "192.0.2.5"
    text = json.dumps(event)
    assert "hunter22" not in text and "secret-cookie" not in text


def test_observability_failure_never_changes_a_verdict() -> None:
    class BrokenMetrics(Metrics):
        def observe_decision(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise RuntimeError("registry broken")

    ops = CheckOps(make_settings(), None, BrokenMetrics())
    result = CheckResult(
        request_id="r2", outcome="allow", allow=True, score=0.1, is_anomaly=False, threshold=0.5,
        mode="block", top_tokens=[], processing_ms=1.0, model_version="v1",
    )
    ops.record(result, RequestView("GET", "/"), None, "check")  # must not raise
