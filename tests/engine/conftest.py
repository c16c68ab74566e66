"""Tiny real engine pieces (a tokenizer learned on a few requests, an untrained small model)."""

from __future__ import annotations

from pathlib import Path

import pytest

TEXTS = [
    "GET /index.html ua: mozilla/<num>",
    "GET /search ? q=red shoes page=<num> ua: mozilla/<num>",
    "POST /login | user=bob pw=secret ct: application/x-www-form-urlencoded",
    "GET /api/v<num>/items/<uuid> ua: curl/<num>",
    "GET /item ? id=<num>' or <num>=<num>-- ua: mozilla/<num>",
    "GET /page ? q=<script>alert(<num>)</script>",
] * 20


@pytest.fixture(scope="session")
def tiny_tokenizer():
    from waf_proxy.engine.tokenizer import RequestTokenizer

    return RequestTokenizer.train(TEXTS, vocab_size=400, max_len=32, min_frequency=2)


@pytest.fixture
def tiny_model_dir(tmp_path: Path, tiny_tokenizer) -> Path:
    import torch

    from waf_proxy.engine.artifacts import save_model
    from waf_proxy.engine.model import ModelConfig, WafTransformer
    from waf_proxy.engine.scorer import ScoreParams

    torch.manual_seed(0)
    cfg = ModelConfig(vocab_size=tiny_tokenizer.vocab_size, max_len=32, d_model=16, n_layers=1, n_heads=2, d_ff=32)
    save_model(tmp_path / "m", WafTransformer(cfg), tiny_tokenizer, ScoreParams(threshold=0.7), version="tiny-1")
    return tmp_path / "m"
