"""gpu_check: the batcher driver works on any device, and the script is a no-op without CUDA."""

from __future__ import annotations

import time

import pytest

from benchmarks.gpu_check import drive_batcher, main, synthetic_views
from waf_proxy.engine.scorer import ScoreResult


async def test_drive_batcher_forms_batches_under_concurrency():
    def score(views):
        time.sleep(0.002)  # a forward pass: while it runs, the next batch gathers
        return [ScoreResult(0.1) for _ in views]

    out = await drive_batcher(score, synthetic_views(50), concurrency=32, seconds=0.3, max_batch=16, wait_ms=1)
    assert out["errors"] == 0 and out["rps"] > 0
    assert out["mean_batch"] > 1 and out["max_batch"] <= 16


def test_synthetic_views_vary_in_length():
    views = synthetic_views(40)
    assert len({len(v.query) for v in views}) > 5 and all(v.path.startswith("/shop/") for v in views)


def test_main_without_cuda_exits_zero(capsys):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    assert main(["--fake"]) == 0
    assert "no CUDA device" in capsys.readouterr().out
