"""The transformer: shapes, causal padding invariance, pooling."""

from __future__ import annotations

import torch

from waf_proxy.engine.model import ModelConfig, WafTransformer, pool_scores


def _model() -> WafTransformer:
    torch.manual_seed(0)
    return WafTransformer(ModelConfig(vocab_size=50, max_len=16, d_model=16, n_layers=2, n_heads=2, d_ff=32)).eval()


def test_shapes() -> None:
    model = _model()
    ids = torch.randint(3, 50, (4, 10))
    attack, nll = model(ids)
    assert attack.shape == (4, 10) and nll is not None and nll.shape == (4, 10)
    assert torch.all(nll[:, 0] == 0) and torch.all(nll[:, 1:] > 0)
    attack2, none = model(ids, with_lm=False)
    assert none is None and torch.allclose(attack, attack2)


def test_right_padding_does_not_change_scores() -> None:
    model = _model()
    ids = torch.randint(3, 50, (1, 7))
    padded = torch.cat([ids, torch.zeros(1, 5, dtype=torch.long)], dim=1)
    with torch.inference_mode():
        a1, n1 = model(ids)
        a2, n2 = model(padded)
        p1 = pool_scores(a1, n1, torch.tensor([7]))
        p2 = pool_scores(a2, n2, torch.tensor([7]))
    assert torch.allclose(p1[0], p2[0], atol=1e-5) and torch.allclose(p1[1], p2[1], atol=1e-5)


def test_pool_is_max_over_real_tokens_and_mean_nll() -> None:
    attack = torch.tensor([[0.0, 5.0, 1.0, 99.0]])
    nll = torch.tensor([[0.0, 2.0, 4.0, 99.0]])
    logit, anomaly = pool_scores(attack, nll, torch.tensor([3]))
    assert logit.item() == 5.0
    assert anomaly.item() == 3.0  # mean of positions 1..2, BOS and pad excluded


def _train_mode(**dropouts: float | None) -> WafTransformer:
    torch.manual_seed(0)
    cfg = ModelConfig(vocab_size=50, max_len=16, d_model=16, n_layers=2, n_heads=2, d_ff=32, **dropouts)
    return WafTransformer(cfg).train()


def test_attention_dropout_is_set_apart_from_the_other_dropouts() -> None:
    ids = torch.randint(3, 50, (2, 12))
    only_attention = _train_mode(dropout=0.0, attn_dropout=0.5)
    assert not torch.allclose(only_attention(ids)[0], only_attention(ids)[0])  # attention weights dropped
    none = _train_mode(dropout=0.0, attn_dropout=0.0)
    assert torch.allclose(none(ids)[0], none(ids)[0])
    follows = _train_mode(dropout=0.0)  # attn_dropout None: as the other dropouts
    assert torch.allclose(follows(ids)[0], follows(ids)[0])
    assert _train_mode(dropout=0.3).blocks[0].attn_dropout == 0.3


def test_config_saved_before_attn_dropout_loads_with_it_following_dropout() -> None:
    old = {"vocab_size": 50, "max_len": 16, "d_model": 16, "n_layers": 2, "n_heads": 2, "d_ff": 32, "dropout": 0.1}
    model = WafTransformer(ModelConfig(**old))
    assert model.cfg.attn_dropout is None and model.blocks[1].attn_dropout == 0.1
