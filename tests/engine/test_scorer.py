"""The transformer scorer: contract, explanations, padding per batch, threads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from waf_proxy.engine.artifacts import load_scorer
from waf_proxy.engine.scorer import Scorer, ScoreResult, length_groups, logit, pad_batch, sigmoid
from waf_proxy.inspect import RequestView


def test_contract_and_results(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir, threads=1)
    contract: Scorer = scorer  # structural: threshold, version, score_batch
    assert isinstance(contract.threshold, float) and contract.version == "tiny-1"
    assert torch.get_num_threads() == 1
    views = [RequestView("GET", "/"), RequestView("POST", "/login", "", (("content-type", "application/json"),), b'{"a": 1}')]
    results = scorer.score_batch(views)
    assert len(results) == 2 and all(isinstance(r, ScoreResult) for r in results)
    assert all(0.0 <= r.score <= 1.0 for r in results)
    assert all(1 <= len(r.top_tokens) <= 3 for r in results)
    assert scorer.score_batch([]) == []


def test_batch_and_single_scores_agree(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir)
    views = [RequestView("GET", "/a"), RequestView("GET", "/search", "q=" + "long+text+" * 20)]
    batch = [r.score for r in scorer.score_batch(views)]
    single = [scorer.score_batch([v])[0].score for v in views]
    assert np.allclose(batch, single, atol=1e-5)


def test_pad_batch_pads_to_longest_only() -> None:
    ids, lengths = pad_batch([[1, 5, 6], [1, 7]])
    assert ids.shape == (2, 3) and ids[1, 2] == 0 and list(lengths) == [3, 2]


def test_anomaly_weight_changes_scores(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir)
    views = [RequestView("GET", "/a"), RequestView("GET", "/zzz/qqq")]
    base = [r.score for r in scorer.score_batch(views)]
    scorer.params.anomaly_weight = 1.0
    mixed = [r.score for r in scorer.score_batch(views)]
    assert base != mixed


def test_length_groups_bound_padded_tokens_and_cover_all() -> None:
    lengths = [100, 5, 6, 120, 7, 5, 300]
    groups = length_groups(lengths, max_tokens=240)
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))
    assert groups[0] == [1, 5, 2, 4]  # the short ones share one pass, shortest first
    for g in groups:  # within budget, except a lone request longer than the budget
        assert len(g) == 1 or len(g) * max(lengths[i] for i in g) <= 240
    assert length_groups([]) == []


def test_mixed_lengths_score_as_when_alone(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir)
    scorer.group_tokens = 64  # force several groups
    views = [RequestView("GET", "/p" + "x" * (i * 7), "a=" + "b" * (i * 11)) for i in range(12)]
    grouped = [r.score for r in scorer.score_batch(views)]
    scorer._cache.clear()
    single = [scorer.score_batch([v])[0].score for v in views]
    assert np.allclose(grouped, single, atol=1e-5)



def _previous_scores(scorer, views) -> list[tuple[float, tuple[str, ...]]]:
    """The scorer before windows: head+tail truncation, one forward pass per request."""
    out = []
    for text in scorer.normalize(views):
        raw = scorer.raw_ids([scorer.tokenizer.encode(text)])
        out.append((float(sigmoid(raw.logit)[0]), raw.top_tokens[0]))
    return out


def test_requests_that_fit_one_window_score_as_before(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir, threads=1)
    views = [RequestView("GET", "/a"), RequestView("GET", "/page", "q=%3Cscript%3Ealert(1)"),
             RequestView("POST", "/login", "", (("content-type", "application/json"),), b'{"user": "x", "p": 1}'),
             RequestView("GET", "/search", "q=red+shoes&page=2")]
    assert all(len(w) == 1 for w in scorer.encode_windows(scorer.normalize(views)))
    new = [(r.score, r.top_tokens) for r in scorer.score_batch(views)]
    for (s_new, t_new), (s_old, t_old) in zip(new, _previous_scores(scorer, views)):
        assert abs(s_new - s_old) < 1e-6 and t_new == t_old


def test_long_request_scores_its_most_attack_like_window(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir, threads=1)
    scorer.params.window_margin = 0.0
    query = "&".join(f"f{i}=v" for i in range(40)) + "&q=%3Cscript%3Ealert(1)&" + "&".join(f"g{i}=v" for i in range(40))
    long_view, short_view = RequestView("GET", "/search", query), RequestView("GET", "/a")
    windows = scorer.encode_windows(scorer.normalize([long_view]))[0]
    assert len(windows) > 2
    per_window = sigmoid(scorer.raw_ids(windows).logit)
    results = scorer.score_batch([short_view, long_view])  # windows share the batch's passes
    assert abs(results[1].score - float(per_window.max())) < 1e-5
    assert results[1].score >= _previous_scores(scorer, [long_view])[0][0] - 1e-6
    assert abs(results[0].score - _previous_scores(scorer, [short_view])[0][0]) < 1e-6
    scorer.params.window_margin = 50.0  # extra windows must clear a margin: only the head+tail window counts
    assert abs(scorer.score_batch([long_view])[0].score - float(per_window[0])) < 1e-5


def test_added_headers_reach_the_normalised_text(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir, threads=1)
    view = RequestView("GET", "/a", "", (("user-agent", "curl/8"), ("x-api-query", "1' or '1'='1")))
    before = scorer.normalize([view])[0]
    scorer.score_batch([view])
    scorer.add_headers(["User-Agent", "X-Api-Query"])
    after = scorer.normalize([view])[0]
    assert "x-api-query" not in before and "x-api-query: <num>' or '<num>'='<num>" in after
    assert "ua: curl/<num>" in before and "ua: curl/<num>" in after  # the model's own headers stay
    assert scorer.params.headers is not None and "cookie" in scorer.params.headers
    assert not scorer._cache  # cached scores of the old text are dropped


def test_cached_answers_repeats_and_reuses_the_normalised_text(tiny_model_dir: Path, monkeypatch) -> None:
    from waf_proxy.engine import scorer as scorer_module

    scorer = load_scorer(tiny_model_dir, threads=1)
    first = RequestView("GET", "/search", "q=red+shoes&page=2", (("cookie", "sid=aaaaaaaa11111111"),))
    repeat = RequestView("GET", "/search", "q=red+shoes&page=7", (("cookie", "sid=bbbbbbbb22222222"),))
    assert scorer.cached(first) is None  # never scored
    calls = []
    real = scorer_module.normalize_view
    monkeypatch.setattr(scorer_module, "normalize_view", lambda v, h=None, s=None: calls.append(v) or real(v, h, s))
    (result,) = scorer.score_batch([first])
    assert calls == []  # the text `cached` computed was reused
    assert scorer.cached(repeat) == result and scorer.cache_hits == 1  # same shape, other number and session
    assert scorer.cached(RequestView("GET", "/search", "q=blue+shoes")) is None
    big = RequestView("POST", "/search", "", (("content-type", "text/plain"),), b"x" * 5000)
    scorer.score_batch([big])
    assert scorer.cached(big) is None and "normalized" not in big.extra  # left to the worker thread
    scorer.params.window_margin += 1  # scoring parameters changed: nothing cached is valid
    assert scorer.cached(repeat) is None


def test_excluded_parameters_never_reach_the_model(tiny_model_dir: Path) -> None:
    from waf_proxy.exclusions import SKIP_KEY, ParamFilter

    scorer = load_scorer(tiny_model_dir, threads=1)
    plain = RequestView("GET", "/search", "q=shoes")
    excluded = RequestView("GET", "/search", "q=shoes&snippet=1'+or+'1'='1")
    excluded.extra[SKIP_KEY] = ParamFilter(["snippet"])
    assert scorer.normalize([excluded]) == scorer.normalize([plain])
    (result,) = scorer.score_batch([plain])
    assert scorer.cached(excluded) == result  # the same text: the cache answers it
    again = RequestView("GET", "/search", "q=shoes&snippet=1'+or+'1'='1")  # no exclusion applies
    assert "snippet" in scorer.normalize([again])[0] and scorer.cached(again) is None


def test_pool_temperature_is_a_scoring_parameter(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir, threads=1)
    assert scorer.params.pool_temperature == 0.0  # configs written before it pool by the max
    view = RequestView("GET", "/search", "q=red+shoes&page=2")
    (hard,) = scorer.score_batch([view])
    assert scorer.cached(view) == hard
    scorer.params.pool_temperature = 2.0
    assert scorer.cached(view) is None  # scores pooled the other way are stale
    (soft,) = scorer.score_batch([view])
    assert soft.score > hard.score  # a soft max over several tokens is above their max


def test_field_weight_blends_the_whole_request_with_its_best_field(tiny_model_dir: Path) -> None:
    from waf_proxy.engine.normalize import field_texts, normalize_view
    from waf_proxy.engine.scorer import FIELD_SEP

    scorer = load_scorer(tiny_model_dir, threads=1)
    assert scorer.params.field_weight == 0.0  # configs written before it read the whole request only
    view = RequestView("POST", "/comments", "page=2", (("content-type", "application/x-www-form-urlencoded"),),
                       b"name=O%27Brien&text=select+the+best+one&id=7")
    (whole_only,) = scorer.score_batch([view])
    assert FIELD_SEP not in scorer.text_of(view)
    scorer.params.field_weight = 0.25
    assert scorer.cached(view) is None  # scores blended the other way are stale
    (blended,) = scorer.score_batch([view])
    whole = normalize_view(view)
    fields = field_texts(view)
    assert scorer.text_of(view) == FIELD_SEP.join([whole, *fields])
    alone = scorer.window_logits([whole, *fields])  # each reading scored on its own
    expected = 0.75 * alone[0] + 0.25 * alone[1:].max()
    assert abs(logit(blended.score) - expected) < 1e-3
    assert abs(logit(whole_only.score) - alone[0]) < 1e-3
    # calibration and evaluation compute the same final logit as serving
    (served,) = scorer.window_logits([scorer.text_of(view)])
    assert abs(served - expected) < 1e-3
    assert scorer.cached(RequestView("POST", "/comments", "page=2", view.headers, view.body)) == blended


def test_window_parts_give_every_margin_with_fields(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir, threads=1)
    scorer.params.field_weight = 0.5
    views = [RequestView("GET", "/search", "q=" + "long+benign+words+" * 60 + "&b=2"), RequestView("GET", "/")]
    texts = [scorer.text_of(v) for v in views]
    parts = scorer.window_parts(texts)
    assert parts.field_first is not None and np.isfinite(parts.field_first).all()
    assert np.isfinite(parts.extra[0]) and not np.isfinite(parts.extra[1])  # the long one has later windows
    for margin in (0.0, 3.0):
        scorer.params.window_margin = margin
        scorer._cache.clear()
        served = [logit(r.score) for r in scorer.score_batch(views)]
        assert np.allclose(parts.at(margin), served, atol=1e-3)


def test_field_floor_reads_fields_only_for_requests_that_reach_it(tiny_model_dir: Path) -> None:
    scorer = load_scorer(tiny_model_dir, threads=1)
    scorer.params.field_weight = 0.5
    views = [RequestView("GET", "/a", "x=1&y=hello+there"), RequestView("POST", "/b", "q=2", (), b"")]
    texts = [scorer.text_of(v) for v in views]
    parts = scorer.window_parts(texts)
    whole, blended = parts.first, parts.at(scorer.params.window_margin)
    assert not np.allclose(whole, blended)  # the fields move both scores without a floor
    scorer.params.field_floor = float(whole.min() + whole.max()) / 2  # between the two requests
    passes: list[int] = []
    score_windows = scorer._score_windows
    scorer._score_windows = lambda windowed: passes.append(len(windowed)) or score_windows(windowed)
    served = [logit(r.score) for r in scorer.score_batch(views)]
    low, high = int(np.argmin(whole)), int(np.argmax(whole))
    assert abs(served[low] - whole[low]) < 1e-3 and abs(served[high] - blended[high]) < 1e-3
    assert passes == [2, len(texts[high].split("\x00")) - 1]  # the second pass reads the upper one's fields only
    floored = scorer.window_parts(texts).at(scorer.params.window_margin)
    assert np.allclose(floored, served, atol=1e-3)  # calibration computes what serving serves
