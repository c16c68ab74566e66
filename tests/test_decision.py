"""Decisions: thresholds per mode, exemptions and deny rules, the fail policy, request ids."""

from __future__ import annotations

import pytest

from tests.fake_scorer import ATTACK as ATTACK_PATTERN
from tests.fake_scorer import RegexScorer
from waf_proxy.config import Settings
from waf_proxy.decision import DecisionEngine, canonical_path, request_id_from
from waf_proxy.engine.normalize import normalize_view
from waf_proxy.engine.scorer import ScoreResult
from waf_proxy.exclusions import SKIP_KEY
from waf_proxy.inspect import RequestView

ATTACK = RequestView("GET", "/search", "q=1'+union+select+password+from+users--")
BENIGN = RequestView("GET", "/search", "q=blue+shoes")


def settings(**kw) -> Settings:
    kw.setdefault("batcher", {"max_wait_ms": 1, "timeout_ms": 200})
    return Settings(**kw)


@pytest.fixture
async def make_engine():
    engines: list[DecisionEngine] = []

    async def make(scorer=None, **kw) -> DecisionEngine:
        engine = DecisionEngine(settings(**kw), scorer if scorer is not None else RegexScorer())
        await engine.start()
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        await engine.stop()


async def test_block_mode_blocks_attacks_and_allows_benign(make_engine):
    engine = await make_engine(mode="block")
    blocked = await engine.decide(ATTACK, "198.51.100.7", "rid-1")
    allowed = await engine.decide(BENIGN, "198.51.100.7", "rid-2")
    assert (blocked.outcome, blocked.forward, blocked.status_code) == ("block", False, 403)
    assert blocked.score == pytest.approx(0.99) and blocked.top_tokens == ("attack",)
    assert blocked.request_id == "rid-1" and blocked.model_version == "regex-test"
    assert (allowed.outcome, allowed.forward, allowed.status_code) == ("allow", True, None)
    assert allowed.threshold == 0.5 and allowed.inference_ms >= 0


async def test_monitor_forwards_and_flags(make_engine):
    engine = await make_engine(mode="monitor")
    decision = await engine.decide(ATTACK, "198.51.100.7", "r")
    assert decision.outcome == "monitor" and decision.forward and decision.score > 0.5


async def test_configured_threshold_overrides_the_models(make_engine):
    engine = await make_engine(mode="block", model={"threshold": 0.995})
    decision = await engine.decide(ATTACK, None, "r")
    assert decision.outcome == "allow" and decision.threshold == 0.995


async def test_off_mode_never_scores():
    scorer = RegexScorer()
    engine = DecisionEngine(settings(mode="off"), scorer)
    await engine.start()
    decision = await engine.decide(ATTACK, None, "r")
    await engine.stop()
    assert decision.outcome == "allow" and decision.score is None and scorer.batch_sizes == []
    assert DecisionEngine(settings(mode="off"), None).threshold == 1.0


async def test_learn_mode_forwards_everything_unscored(make_engine):
    scorer = RegexScorer()
    engine = await make_engine(scorer, mode="learn", learn={"output": "/dev/null"})
    decision = await engine.decide(ATTACK, None, "r")
    assert decision.outcome == "allow" and decision.forward and scorer.batch_sizes == []


async def test_exempt_paths_and_networks_skip_the_model(make_engine):
    scorer = RegexScorer()
    engine = await make_engine(scorer, exempt_paths=["/healthz"], exempt_networks=["10.0.0.0/8"])
    health = await engine.decide(RequestView("GET", "/healthz", "x=union select 1"), "203.0.113.1", "r")
    scanner = await engine.decide(ATTACK, "10.1.2.3", "r")
    assert health.outcome == "exempt" and health.forward
    assert scanner.outcome == "exempt" and scanner.forward
    assert scorer.batch_sizes == []


@pytest.mark.parametrize("path", ["/healthz/../admin", "/healthzx", "/%2e%2e/healthz/../search"])
async def test_exempt_prefix_cannot_be_borrowed_by_traversal(make_engine, path):
    engine = await make_engine(exempt_paths=["/healthz"])
    decision = await engine.decide(RequestView("GET", path, "q=union select 1"), None, "r")
    assert decision.outcome == "block"


@pytest.mark.parametrize("path", ["/admin", "/admin/users", "/%61dmin", "/x/../ADMIN/", "//admin"])
async def test_block_paths_match_the_canonical_path(make_engine, path):
    engine = await make_engine(block_paths=["/admin"], mode="monitor")
    decision = await engine.decide(RequestView("GET", path), None, "r")
    assert decision.outcome == "block" and not decision.forward and decision.reason == "block_path"


async def test_block_networks_and_ipv4_mapped_addresses(make_engine):
    engine = await make_engine(block_networks=["192.0.2.0/24"])
    assert (await engine.decide(BENIGN, "192.0.2.9", "r")).outcome == "block"
    assert (await engine.decide(BENIGN, "::ffff:192.0.2.9", "r")).outcome == "block"
    assert (await engine.decide(BENIGN, "not-an-ip", "r")).outcome == "allow"
    assert (await engine.decide(BENIGN, "192.0.3.9", "r")).outcome == "allow"


@pytest.mark.parametrize("fault", ["raise", "nan", "hang"])
async def test_fail_open_forwards_with_the_error(make_engine, fault):
    scorer = RegexScorer()
    scorer.fail, scorer.hang_s = fault, 0.5
    engine = await make_engine(scorer, fail_mode="open", batcher={"max_wait_ms": 1, "timeout_ms": 50})
    decision = await engine.decide(ATTACK, None, "r")
    scorer.release.set()
    assert decision.outcome == "fail_open" and decision.forward and decision.error
    assert decision.status_code is None


async def test_fail_closed_answers_503(make_engine):
    scorer = RegexScorer()
    scorer.fail = "raise"
    engine = await make_engine(scorer, fail_mode="closed")
    decision = await engine.decide(BENIGN, None, "r")
    assert decision.outcome == "fail_closed" and not decision.forward and decision.status_code == 503


async def test_stopped_engine_fails_per_policy(make_engine):
    engine = await make_engine()
    await engine.stop()
    assert not engine.ready
    assert (await engine.decide(BENIGN, None, "r")).outcome == "fail_open"


async def test_swap_scorer_changes_version_and_scores(make_engine):
    engine = await make_engine()
    new = RegexScorer()
    new.version = "regex-2"
    engine.swap_scorer(new)
    decision = await engine.decide(ATTACK, None, "r")
    assert decision.model_version == "regex-2" and new.batch_sizes == [1]


def test_request_id_keeps_sane_client_ids_only():
    assert request_id_from("abc-123_X.y") == "abc-123_X.y"
    for bad in (None, "", "a" * 129, "x\r\nSet-Cookie: y", "<script>", "id with space"):
        rid = request_id_from(bad)
        assert rid != bad and len(rid) == 32 and rid.isalnum()


def test_canonical_path():
    assert canonical_path("/a/./b/../c") == "/a/c"
    assert canonical_path("/a%2F..%2Fb") == "/b"
    assert canonical_path("\\..\\x") == "/x"
    assert canonical_path("") == "/"


async def test_learn_mode_records_requests(make_engine, tmp_path):
    out = tmp_path / "learned.jsonl"
    engine = await make_engine(mode="learn", learn={"output": str(out)})
    await engine.decide(BENIGN, None, "learn-1")
    await engine.stop()
    lines = out.read_text().splitlines()
    assert len(lines) == 1 and "blue" in lines[0]


def test_public_api_exports():
    import waf_proxy

    assert waf_proxy.WAFMiddleware.__name__ == "WAFMiddleware"
    assert callable(waf_proxy.create_proxy_app)


class _HeaderScorer(RegexScorer):
    def __init__(self) -> None:
        super().__init__()
        self.added: list[str] = []

    def add_headers(self, names) -> None:  # noqa: ANN001
        self.added.extend(names)


async def test_inspect_headers_are_passed_to_the_scorer(make_engine):
    """An operator's extra inspected header must reach the model, also after a reload."""
    first = _HeaderScorer()
    engine = await make_engine(first, inspect_headers=["user-agent", "x-api-query"])
    assert "x-api-query" in first.added
    second = _HeaderScorer()
    engine.swap_scorer(second)
    assert "x-api-query" in second.added


async def test_repeated_requests_are_served_from_the_scorers_cache(make_engine):
    """The serving path reaches the scorer's result cache: a request seen before (after
    normalisation: a new session id is the same request) runs no model pass."""
    from pathlib import Path

    from waf_proxy.engine.artifacts import load_scorer

    if not (Path("models/default") / "config.json").exists():
        pytest.skip("no default model")
    scorer = load_scorer("models/default", threads=1)
    passes: list[int] = []
    score_windows = scorer._score_windows
    scorer._score_windows = lambda windowed: passes.append(1) or score_windows(windowed)
    engine = await make_engine(scorer=scorer, mode="block")
    first = await engine.decide(RequestView("GET", "/shop/item", "id=1234&sid=8f3a9c2e11"), None, "a")
    again = await engine.decide(RequestView("GET", "/shop/item", "id=1234&sid=8f3a9c2e11"), None, "b")
    other_id = await engine.decide(RequestView("GET", "/shop/item", "id=98&sid=77be0d41aa"), None, "c")
    assert passes == [1]  # only the first request reached the model
    assert again.score == first.score == other_id.score
    assert again.outcome == first.outcome == "allow"


async def test_batcher_quiet_period_comes_from_settings(make_engine):
    default = await make_engine(batcher={"max_wait_ms": 20})
    assert default.batcher.quiet_s == pytest.approx(0.002)  # unset: a tenth of max_wait_ms
    set_ = await make_engine(batcher={"max_wait_ms": 20, "quiet_ms": 5})
    assert set_.batcher.quiet_s == pytest.approx(0.005)
    assert (await set_.decide(ATTACK, "10.0.0.1", "r1")).outcome == "block"


class CachingScorer(RegexScorer):
    """RegexScorer with a `cached` lookup, as TransformerScorer has."""

    def __init__(self) -> None:
        super().__init__()
        self.known: dict[str, object] = {}
        self.lookups = 0
        self.broken = False

    def cached(self, view: RequestView):
        self.lookups += 1
        if self.broken:
            raise RuntimeError("cache exploded")
        return self.known.get(view.query)

    def score_batch(self, views):
        results = super().score_batch(views)
        self.known.update((v.query, r) for v, r in zip(views, results))
        return results


async def test_repeats_are_answered_from_the_cache_without_the_batcher(make_engine):
    from waf_proxy.ops.metrics import get_metrics

    scorer = CachingScorer()
    engine = await make_engine(scorer, mode="block")
    hits_before = get_metrics().value("waf_score_cache_hits_total")
    first = await engine.decide(ATTACK, None, "r1")
    again = await engine.decide(ATTACK, None, "r2")
    assert scorer.batch_sizes == [1] and scorer.lookups == 2
    assert (first.outcome, again.outcome) == ("block", "block") and again.score == first.score
    assert again.queue_ms == 0.0 and again.request_id == "r2"
    assert get_metrics().value("waf_score_cache_hits_total") == hits_before + 1
    # a failing lookup is only a miss: the batcher still scores the request
    scorer.broken = True
    third = await engine.decide(BENIGN, None, "r3")
    assert third.outcome == "allow" and scorer.batch_sizes == [1, 1]


async def test_start_freezes_the_startup_heap_once(make_engine, monkeypatch) -> None:
    """A full GC pass must not walk torch's 200,000 objects on every collection."""
    import gc

    import waf_proxy.engine.heap as heap

    monkeypatch.setattr(heap, "_frozen", False)
    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    await make_engine(mode="block")
    await make_engine(mode="monitor")
    assert calls == ["freeze"]


class NormalizedRegexScorer(RegexScorer):
    """Judges the text the model would read (so exclusions show), not the raw request."""

    def score_batch(self, views):
        self.batch_sizes.append(len(views))
        texts = [normalize_view(v, None, v.extra.get(SKIP_KEY)) for v in views]
        return [ScoreResult(0.99, ("attack",)) if ATTACK_PATTERN.search(t) else ScoreResult(0.01) for t in texts]


QUIZ_RULE = {"path": "/learn/*/attempts", "params": ["answers[].source"], "methods": ["POST"]}
JSON_CT = (("content-type", "application/json"),)


def quiz(body: bytes, method: str = "POST", path: str = "/learn/sql-101/attempts") -> RequestView:
    return RequestView(method, path, "", JSON_CT, body)


async def test_excluded_parameter_is_not_judged_the_rest_is(make_engine):
    engine = await make_engine(NormalizedRegexScorer(), mode="block", exclude=[QUIZ_RULE])
    code = b'{"answers": [{"source": "SELECT name FROM a UNION SELECT name FROM b"}]}'
    assert (await engine.decide(quiz(code), None, "r1")).outcome == "allow"
    other_field = b'{"answers": [{"note": "1 UNION SELECT password FROM users"}]}'
    assert (await engine.decide(quiz(other_field), None, "r2")).outcome == "block"
    assert (await engine.decide(quiz(code, method="PUT"), None, "r3")).outcome == "block"  # POST only
    assert (await engine.decide(quiz(code, path="/admin/attempts/x"), None, "r4")).outcome == "block"


async def test_exclusions_match_the_canonical_path(make_engine):
    engine = await make_engine(NormalizedRegexScorer(), mode="block", exclude=[QUIZ_RULE])
    code = b'{"answers": [{"source": "1 UNION SELECT 2"}]}'
    # encoded and dotted spellings of a matching path are matched as the app resolves them ...
    assert (await engine.decide(quiz(code, path="/learn/x/%61ttempts"), None, "r1")).outcome == "allow"
    # ... and a path that only looks like one under /learn is not borrowed
    assert (await engine.decide(quiz(code, path="/learn/x/../../admin/attempts"), None, "r2")).outcome == "block"
