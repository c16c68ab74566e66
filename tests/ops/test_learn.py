"""Learning-mode recorder: redacts secrets, samples, stops at its limit, safe across threads."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from tests.training.test_synth import problems
from waf_proxy.config import Settings
from waf_proxy.inspect import RequestView
from waf_proxy.ops.learn import MASK, LearnRecorder

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
SECRETS = ["s3cr3t-session", "hunter2-pass", "tok-abc-123", JWT, "csrf-val-9", "apikey-xyz", "nested-pw", "mp-secret"]


def view(**kw) -> RequestView:
    base = dict(method="POST", path="/api/login", query="", headers=(), body=b"")
    base.update(kw)
    return RequestView(**base)


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_redacts_cookies_authorization_and_secret_params(tmp_path: Path) -> None:
    out = tmp_path / "learned.jsonl"
    rec = LearnRecorder(out, seed=0)
    requests = [
        view(
            method="GET",
            path="/search",
            query="q=red+shoes&access_token=tok-abc-123&page=2",
            headers=(("user-agent", "Mozilla/5.0"), ("cookie", "sid=s3cr3t-session; _csrf=csrf-val-9; theme=dark"), ("authorization", f"Bearer {JWT}")),
        ),
        view(
            headers=(("content-type", "application/x-www-form-urlencoded"),),
            body=b"username=o%27brien&password=hunter2-pass&remember=on",
        ),
        view(
            path="/api/users",
            headers=(("content-type", "application/json"), ("x-api-key", "apikey-xyz")),
            body=json.dumps({"name": "Zoë", "account": {"password": "nested-pw", "tags": ["a"]}, "items": [{"refresh_token": "tok-abc-123"}], "note": JWT}).encode(),
        ),
        view(
            path="/upload",
            headers=(("content-type", "multipart/form-data; boundary=XyZ"),),
            body=b'--XyZ\r\nContent-Disposition: form-data; name="api_secret"\r\n\r\nmp-secret\r\n--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n--XyZ--\r\n',
        ),
    ]
    for i, r in enumerate(requests):
        assert rec.record(r, f"r{i}") is True
    rec.close()
    text = out.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text, secret
    a, b, c, d = read(out)
    headers = dict(a["headers"])
    assert headers["cookie"] == f"sid={MASK}; _csrf={MASK}; theme={MASK}"  # names kept
    assert headers["authorization"] == f"Bearer {MASK}"  # scheme kept
    assert headers["user-agent"] == "Mozilla/5.0"
    assert a["query"] == f"q=red+shoes&access_token={MASK}&page=2"
    assert b["body"] == f"username=o%27brien&password={MASK}&remember=on"
    body = json.loads(c["body"])
    assert body == {"name": "Zoë", "account": {"password": MASK, "tags": ["a"]}, "items": [{"refresh_token": MASK}], "note": MASK}
    assert dict(c["headers"])["x-api-key"] == MASK
    assert "name=\"api_secret\"\r\n\r\nREDACTED\r\n" in d["body"] and "hello" in d["body"]
    for r in (a, b, c, d):
        assert r["label"] == "benign" and r["category"] == "normal" and r["source"] == "learned"
        assert problems(r) == []
    assert [r["id"] for r in (a, b, c, d)] == ["learned-r0", "learned-r1", "learned-r2", "learned-r3"]


def test_unchanged_json_keeps_the_clients_formatting_and_truncated_json_is_masked(tmp_path: Path) -> None:
    rec = LearnRecorder(tmp_path / "l.jsonl", seed=0)
    pretty = b'{\n  "title": "Select the best option",\n  "qty": 2\n}'
    assert rec.to_record(view(headers=(("content-type", "application/json"),), body=pretty), "x")["body"] == pretty.decode()
    truncated = b'{"user": "ann", "password": "hunter2-pass", "bio": "long text that was cut'
    body = rec.to_record(view(headers=(("content-type", "application/json"),), body=truncated), "y")["body"]
    assert "hunter2-pass" not in body and f'"password": "{MASK}"' in body and '"user": "ann"' in body


def test_records_stay_replayable_for_odd_input(tmp_path: Path) -> None:
    rec = LearnRecorder(tmp_path / "l.jsonl")
    r = rec.to_record(
        view(path="/a b/ü%zz", query="x=<é>&y=%41%", headers=(("user-agent", " café\x01 "), ("host", "h"), ("content-length", "3")), body=b"\xff\xfe bad utf8"),
        "odd",
    )
    assert problems(r) == []
    assert r["path"] == "/a%20b/%C3%BC%25zz" and r["query"] == "x=%3C%C3%A9%3E&y=%41%25"
    assert [k for k, _ in r["headers"]] == ["user-agent"]
    assert "\ufffd" in r["body"]


def test_sampling_is_seeded_and_close_to_the_rate(tmp_path: Path) -> None:
    runs = iter(range(100))

    def written(seed: int, rate: float) -> list[str]:
        out = tmp_path / f"run{next(runs)}.jsonl"
        with LearnRecorder(out, sample_rate=rate, seed=seed) as rec:
            results = [rec.record(view(path=f"/p/{i}"), str(i)) for i in range(2000)]
        lines = read(out)
        assert sum(results) == len(lines) == rec.count
        return [r["id"] for r in lines]

    ids = written(1, 0.3)
    assert 0.25 < len(ids) / 2000 < 0.35
    assert written(1, 0.3) == ids
    assert written(2, 0.3) != ids
    assert written(1, 0.0) == []
    assert len(written(1, 1.0)) == 2000


def test_stops_at_max_records_and_after_close(tmp_path: Path) -> None:
    out = tmp_path / "m.jsonl"
    rec = LearnRecorder(out, max_records=5)
    assert [rec.record(view(), str(i)) for i in range(8)] == [True] * 5 + [False] * 3
    assert rec.full and rec.count == 5
    rec.close()
    rec.close()  # idempotent
    assert rec.record(view(), "late") is False
    assert len(read(out)) == 5
    with LearnRecorder(out, max_records=2) as again:  # a restart appends, never truncates
        again.record(view(), "after-restart")
    assert len(read(out)) == 6
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600  # learned traffic is private


def test_concurrent_writers_never_interleave_or_overshoot(tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    rec = LearnRecorder(out, max_records=1500)
    body = json.dumps({"text": "x" * 5000}).encode()

    def work(t: int) -> None:
        for i in range(250):
            rec.record(view(headers=(("content-type", "application/json"),), body=body), f"{t}-{i}")

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rec.close()
    lines = read(out)  # every line parses: no interleaving
    assert len(lines) == 1500 == rec.count
    assert len({r["id"] for r in lines}) == 1500


def test_from_settings_uses_learn_and_log_sections(tmp_path: Path) -> None:
    settings = Settings(
        mode="learn",
        learn={"output": str(tmp_path / "sub" / "learned.jsonl"), "sample_rate": 1.0, "max_records": 3},
        log={"redact_params": ["ssn"], "redact_headers": ["x-session"]},
    )
    rec = LearnRecorder.from_settings(settings)
    assert rec.record(view(method="GET", query="ssn=123-45-6789&password=hunter2-pass&q=ok", headers=(("x-session", "abc123"),)), "1")
    rec.close()
    (line,) = read(tmp_path / "sub" / "learned.jsonl")
    assert line["query"] == f"ssn={MASK}&password={MASK}&q=ok"  # configured and built-in secrets
    assert dict(line["headers"])["x-session"] == MASK
    assert rec.max_records == 3


def test_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        LearnRecorder(tmp_path / "x", sample_rate=1.5)
    with pytest.raises(ValueError):
        LearnRecorder(tmp_path / "x", max_records=-1)


async def test_decision_engine_in_learn_mode_writes_redacted_records(tmp_path: Path) -> None:
    from waf_proxy.decision import DecisionEngine

    class NeverCalled:
        threshold = 0.5
        version = "test"

        def score_batch(self, views):  # learn mode forwards without scoring
            raise AssertionError("learn mode must not score")

    out = tmp_path / "learned.jsonl"
    settings = Settings(mode="learn", learn={"output": str(out), "sample_rate": 1.0, "max_records": 10})
    engine = DecisionEngine(settings, NeverCalled())
    await engine.start()
    try:
        decision = await engine.decide(
            view(method="GET", path="/account", query="token=tok-abc-123&tab=orders", headers=(("cookie", "sid=s3cr3t-session"),)),
            "10.0.0.1",
            "req-1",
        )
    finally:
        await engine.stop()
    assert decision.forward is True and decision.outcome == "allow"
    (line,) = read(out)
    assert line["id"] == "learned-req-1" and line["query"] == f"token={MASK}&tab=orders"
    assert "s3cr3t-session" not in out.read_text()
