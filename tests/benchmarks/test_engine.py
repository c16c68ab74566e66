"""Engine benchmark helpers: length bucketing arithmetic, corpus mix, stage timing on a tiny model."""

from __future__ import annotations

import json

import pytest

from benchmarks.engine import (
    LENGTH_MIX,
    batches,
    bucket_order,
    grouping,
    load_views,
    padded_fraction,
    pick_winner,
    token_budget_order,
)


def test_bucket_order_groups_similar_lengths():
    lengths = [50, 3, 40, 4, 60, 5]
    groups = bucket_order(lengths, 3)
    assert groups == [[1, 3, 5], [2, 0, 4]]
    assert sorted(i for g in groups for i in g) == list(range(6))


def test_padded_fraction_drops_with_bucketing():
    lengths = [10, 100, 10, 100]
    one = padded_fraction(lengths, [[0, 1, 2, 3]])
    two = padded_fraction(lengths, bucket_order(lengths, 2))
    assert one == pytest.approx(1 - 220 / 400)
    assert two == 0.0


def test_token_budget_groups_short_requests_together():
    lengths = [10, 10, 10, 10, 100, 100]
    groups = token_budget_order(lengths, 200)
    assert groups == [[0, 1, 2, 3], [4, 5]]
    assert all(len(g) * max(lengths[i] for i in g) <= 200 for g in groups)
    assert token_budget_order([300], 100) == [[0]]  # one request longer than the budget still runs


def test_grouping_specs():
    lengths = [5, 1, 3]
    assert grouping("none", lengths) == [[0, 1, 2]]
    assert grouping("fixed:2", lengths) == [[1, 2], [0]]
    assert grouping("tokens:6", lengths) == [[1, 2], [0]]
    assert sorted(i for g in grouping("scorer", lengths) for i in g) == [0, 1, 2]


def test_batches_cover_everything():
    assert [list(b) for b in batches(list(range(5)), 2)] == [[0, 1], [2, 3], [4]]


def test_pick_winner_at_batch_64():
    rows = [{"variant": "a", "batch": 64, "rps": 10}, {"variant": "b", "batch": 64, "rps": 20}, {"variant": "c", "batch": 1, "rps": 99}]
    assert pick_winner(rows)["variant"] == "b"
    assert pick_winner([], 64) is None


def _corpus(tmp_path):
    for name, label, _ in LENGTH_MIX:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [
            {"id": f"{label}{i}", "method": "GET", "path": f"/shop/item{i}", "query": f"id={i}&q={'x' * (i % 40)}",
             "headers": [["User-Agent", "Mozilla/5.0"]], "body": "", "label": label}
            for i in range(60)
        ]
        with path.open("a") as fh:
            fh.write("".join(json.dumps(r) + "\n" for r in rows))


def test_load_views_follows_the_mix(tmp_path):
    _corpus(tmp_path)
    views = load_views(100, seed=1, datasets=tmp_path)
    assert len(views) == 100
    assert views == load_views(100, seed=1, datasets=tmp_path)
    assert all(v.path.startswith("/shop/") for v in views)


@pytest.mark.slow
def test_run_stages_times_every_stage_on_a_tiny_model(tmp_path):
    from benchmarks.engine import make_fake_model, run_stages
    from waf_proxy.engine.artifacts import load_scorer

    _corpus(tmp_path / "data")
    views = load_views(64, seed=0, datasets=tmp_path / "data")
    scorer = load_scorer(make_fake_model(tmp_path / "model", views))
    plain = run_stages(scorer, views, 16, bucket="none")
    bucketed = run_stages(scorer, views, 16, bucket="fixed:4")
    assert plain.requests == bucketed.requests == 64
    assert min(plain.normalise, plain.tokenise, plain.model, plain.post) > 0
    assert plain.row()["rps"] > 0 and plain.cpu > 0
    assert bucketed.row()["padded_pct"] <= plain.row()["padded_pct"]
    assert scorer.score_batch(views[:3])[0].score < scorer.threshold  # fake model blocks nothing
