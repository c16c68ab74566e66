"""`load_scorer(jit=True)`: the TorchScript-traced serving forward scores exactly as eager."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from waf_proxy.engine import artifacts
from waf_proxy.engine.artifacts import JitError, load_scorer, trace_attack
from waf_proxy.inspect import RequestView

DEFAULT = Path(__file__).resolve().parents[2] / "models" / "default"
DATASETS = Path("/work/shared/datasets")
TOL = 1e-5
WORDS = ["shoes", "red", "id", "1' or 1=1--", "<script>alert(1)</script>", "page", "../../etc/passwd", "a%20b", "ü"]


def mixed_views(n: int, seed: int = 0) -> list[RequestView]:
    """n requests from a bare GET to bodies many windows long (the tiny model reads 32 tokens)."""
    rng = random.Random(seed)
    views = []
    for i in range(n):
        words = rng.choices(WORDS, k=rng.choice([0, 1, 3, 8, 20, 60, 150]))
        query = "&".join(f"p{k}={w}" for k, w in enumerate(words))
        body = " ".join(words).encode() if i % 3 == 0 else b""
        views.append(RequestView("POST" if body else "GET", f"/item/{i % 7}", query, body=body))
    return views


def scores(scorer, views: list[RequestView]) -> list[float]:
    scorer.cache_size = 0  # every request goes through the model
    return [r.score for i in range(0, len(views), 64) for r in scorer.score_batch(views[i : i + 64])]


def assert_same(a: list[float], b: list[float]) -> None:
    assert len(a) == len(b)
    assert max(abs(x - y) for x, y in zip(a, b)) <= TOL


@pytest.mark.parametrize("int8", [False, True])
def test_jit_scores_equal_eager_on_mixed_lengths(tiny_model_dir: Path, int8: bool) -> None:
    views = mixed_views(300)
    eager = load_scorer(tiny_model_dir, quantize_int8=int8, threads=1)
    jit = load_scorer(tiny_model_dir, quantize_int8=int8, threads=1, jit=True)
    assert eager.attack_fn is None and jit.attack_fn is not None
    a, b = scores(eager, views), scores(jit, views)
    assert len(set(a)) > 20  # the mix really exercises different inputs (an untrained model: close scores)
    assert_same(a, b)
    assert [r.top_tokens for r in eager.score_batch(views[:40])] == [r.top_tokens for r in jit.score_batch(views[:40])]


def test_jit_forward_is_the_one_called(tiny_model_dir: Path) -> None:
    jit = load_scorer(tiny_model_dir, threads=1, jit=True)
    calls = []
    inner = jit.attack_fn

    def counting(ids):
        calls.append(tuple(ids.shape))
        return inner(ids)

    jit.attack_fn = counting
    jit.score_batch([RequestView("GET", "/")])
    jit.score_batch([RequestView("GET", "/search", "q=" + "red+shoes+" * 40)])
    assert len({shape[1] for shape in calls}) >= 2  # several length groups, all traced


def test_lm_head_path_stays_eager_and_equal(tiny_model_dir: Path) -> None:
    views = mixed_views(60, seed=1)
    eager = load_scorer(tiny_model_dir, threads=1)
    jit = load_scorer(tiny_model_dir, threads=1, jit=True)
    for s in (eager, jit):
        s.params.anomaly_weight, s.params.anomaly_scale = 0.5, 2.0
    jit.attack_fn = lambda ids: pytest.fail("LM-head scoring must not use the attack-only trace")
    assert_same(scores(eager, views), scores(jit, views))


def test_trace_keeps_batch_and_length_dynamic(tiny_model_dir: Path) -> None:
    import torch

    model, _, _ = artifacts.load_model(tiny_model_dir)
    traced = trace_attack(model)
    with torch.inference_mode():
        for b, t in ((1, 2), (9, 31), (2, 32), (40, 3)):
            ids = torch.randint(1, model.cfg.vocab_size, (b, t))
            out = traced(ids)
            assert out.shape == (b, t)
            assert torch.allclose(out, model(ids, with_lm=False)[0], atol=TOL, rtol=0)


def test_disagreeing_trace_is_refused_and_load_falls_back(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(artifacts, "JIT_TOLERANCE", -1.0)  # nothing can agree within a negative tolerance
    model, _, _ = artifacts.load_model(tiny_model_dir)
    with pytest.raises(JitError, match="disagrees with eager"):
        trace_attack(model)
    with caplog.at_level(logging.WARNING):
        scorer = load_scorer(tiny_model_dir, threads=1, jit=True)
    assert scorer.attack_fn is None and "eager" in caplog.text
    eager = load_scorer(tiny_model_dir, threads=1)
    views = mixed_views(30)
    assert scores(scorer, views) == scores(eager, views)


def test_setting_reaches_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from waf_proxy.config import load_settings

    monkeypatch.setenv("WAF_MODEL__JIT", "false")
    assert load_settings().model.jit is False
    monkeypatch.setenv("WAF_MODEL__JIT", "true")
    assert load_settings().model.jit is True


@pytest.mark.slow
@pytest.mark.skipif(not (DEFAULT / "config.json").exists(), reason="models/default not built")
@pytest.mark.skipif(not (DATASETS / "csic2010").is_dir(), reason="corpora not present")
def test_default_model_jit_equals_eager_on_corpus() -> None:
    from benchmarks.engine import load_views

    views = load_views(300, seed=3)
    eager = load_scorer(DEFAULT, threads=1)
    jit = load_scorer(DEFAULT, threads=1, jit=True)
    assert jit.attack_fn is not None
    assert_same(scores(eager, views), scores(jit, views))
