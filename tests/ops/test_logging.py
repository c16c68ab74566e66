"""Request logs: one JSON event per block, passes only at debug, secrets never written."""

from __future__ import annotations

import json

import pytest
import structlog

from waf_proxy.config import Settings
from waf_proxy.decision import Decision
from waf_proxy.inspect import RequestView
from waf_proxy.ops.logging import (
    REDACTED,
    configure_logging,
    log_request,
    redact_headers,
    redact_query,
    request_level,
)

SECRET_COOKIE = "sessionid=s3cr3tSess10n"
SECRET_AUTH = "Bearer eyJhbGciOiJIUzI1NiJ9.topsecret"
SECRET_PW = "hunter2pw"


@pytest.fixture(autouse=True)
def _reset_structlog():
    yield
    structlog.reset_defaults()


def decision(outcome: str = "block", score: float | None = 0.97, **kw) -> Decision:
    base = dict(
        outcome=outcome, forward=outcome != "block", score=score, threshold=0.5, mode="block",
        request_id="req-123", top_tokens=("union", "select"), queue_ms=1.25, inference_ms=3.5,
        model_version="m1",
    )
    base.update(kw)
    return Decision(**base)


VIEW = RequestView(
    "GET", "/search", f"q=1+union+select&password={SECRET_PW}",
    (("user-agent", "curl/8"), ("cookie", SECRET_COOKIE), ("authorization", SECRET_AUTH)),
)


def events(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_blocked_request_is_exactly_one_json_event(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings()
    configure_logging(settings, cache=False)
    log_request(decision(), VIEW, client="203.0.113.9", settings=settings, upstream_ms=None, status=403)
    got = events(capsys.readouterr().out)
    assert len(got) == 1
    event = got[0]
    assert event["event"] == "waf.request" and event["level"] == "info"
    assert event["request_id"] == "req-123" and event["score"] == 0.97
    assert event["outcome"] == "block" and event["threshold"] == 0.5 and event["mode"] == "block"
    assert event["client"] == "203.0.113.9" and event["method"] == "GET" and event["path"] == "/search"
    assert event["top_tokens"] == ["union", "select"]
    assert event["queue_ms"] == 1.25 and event["inference_ms"] == 3.5 and event["upstream_ms"] is None
    assert event["status"] == 403 and "timestamp" in event


def test_passes_only_at_debug(capsys: pytest.CaptureFixture[str]) -> None:
    allow = decision("allow", 0.02)
    configure_logging(Settings(), cache=False)
    log_request(allow, VIEW, client="c", settings=Settings(), upstream_ms=12.0)
    assert capsys.readouterr().out == ""
    debug = Settings(log={"level": "debug"})
    configure_logging(debug, cache=False)
    log_request(allow, VIEW, client="c", settings=debug, upstream_ms=12.0)
    (event,) = events(capsys.readouterr().out)
    assert event["level"] == "debug" and event["upstream_ms"] == 12.0


def test_suspicious_pass_and_failures_are_logged(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings()
    configure_logging(settings, cache=False)
    log_request(decision("allow", 0.45), VIEW, client="c", settings=settings)  # >= 0.8 * 0.5
    log_request(decision("fail_open", None, error="BatcherTimeout: late"), VIEW, client="c", settings=settings)
    first, second = events(capsys.readouterr().out)
    assert first["level"] == "info" and first["score"] == 0.45
    assert second["level"] == "warning" and second["error"].startswith("BatcherTimeout")


def test_levels() -> None:
    log = Settings().log
    assert request_level(decision("allow", 0.1), log) == "debug"
    assert request_level(decision("exempt", None), log) == "debug"
    assert request_level(decision("monitor", 0.9), log) == "info"
    assert request_level(decision("fail_closed", None), log) == "warning"


def test_secrets_are_redacted_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(log={"redact_params": ["password"], "redact_headers": ["cookie", "authorization", "x-api-key"]})
    configure_logging(settings, cache=False)
    view = RequestView(
        "POST", f"/u/{SECRET_PW}/x", f"password={SECRET_PW}&q=ok",
        (("cookie", SECRET_COOKIE), ("authorization", SECRET_AUTH),
         ("referer", f"https://ex.com/login?password={SECRET_PW}"), ("x-api-key", "key-abcdef")),
    )
    d = decision(top_tokens=("s3cr3tSess10n", SECRET_PW, "union"))
    log_request(d, view, client="c", settings=settings, extra_note=f"echo {SECRET_PW}")
    out = capsys.readouterr().out
    for secret in (SECRET_PW, "s3cr3tSess10n", "eyJhbGciOiJIUzI1NiJ9", "key-abcdef"):
        assert secret not in out
    (event,) = events(out)
    assert event["query"] == "password=%5BREDACTED%5D&q=ok"
    assert event["path"] == f"/u/{REDACTED}/x"
    assert event["top_tokens"] == [REDACTED, REDACTED, "union"]
    assert "ex.com/login" in event["referer"]


def test_form_body_secrets_are_scrubbed_from_other_fields(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings()
    configure_logging(settings, cache=False)
    view = RequestView(
        "POST", "/login", "", (("content-type", "application/x-www-form-urlencoded"),),
        f"user=bob&password={SECRET_PW}".encode(),
    )
    log_request(decision(top_tokens=(SECRET_PW,)), view, client="c", settings=settings)
    out = capsys.readouterr().out
    assert SECRET_PW not in out and REDACTED in out


def test_redaction_helpers() -> None:
    query, secrets = redact_query("a=1&API_KEY=xyz123&b=2", ["api_key"])
    assert query == "a=1&API_KEY=%5BREDACTED%5D&b=2" and "xyz123" in secrets
    headers, secrets = redact_headers([("Cookie", "a=bbbbb; c=ddddd"), ("accept", "*/*")], ["cookie"])
    assert headers == {"cookie": REDACTED, "accept": "*/*"}
    assert {"bbbbb", "ddddd"} <= set(secrets)


def test_console_format_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(log={"format": "console"})
    configure_logging(settings, cache=False)
    log_request(decision(), VIEW, client="c", settings=settings)
    out = capsys.readouterr().out
    assert "waf.request" in out and "req-123" in out and not out.lstrip().startswith("{")
    assert SECRET_PW not in out


def test_stdlib_logs_become_json(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    configure_logging(Settings(), cache=False)
    logging.getLogger("uvicorn.error").warning("port %d busy", 9090)
    (event,) = events(capsys.readouterr().out)
    assert event["event"] == "port 9090 busy" and event["logger"] == "uvicorn.error"
    assert event["level"] == "warning"


def test_event_names_the_exclusions_that_applied(capsys: pytest.CaptureFixture[str]) -> None:
    from waf_proxy.exclusions import SKIP_KEY, ParamFilter

    settings = Settings()
    configure_logging(settings, cache=False)
    view = RequestView("POST", "/quiz", "a=1")
    view.extra[SKIP_KEY] = ParamFilter(["answers[].source"])
    log_request(decision(outcome="monitor", score=0.6), view, client="c", settings=settings, status=200)
    log_request(decision(outcome="monitor", score=0.6), VIEW, client="c", settings=settings, status=200)
    first, second = events(capsys.readouterr().out)
    assert first["excluded_params"] == ["answers[].source"] and "excluded_params" not in second
