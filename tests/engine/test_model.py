"""The transformer: shapes, causal padding invariance, pooling, dropout masks."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from waf_proxy.engine import model as model_module
from waf_proxy.engine.model import ModelConfig, WafTransformer, causal_attention, dropout, keep_mask, pool_scores, token_nll


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


def test_nll_is_minus_log_probability_of_the_next_token() -> None:
    model = _model()
    ids = torch.randint(3, 50, (3, 9))
    with torch.inference_mode():
        _, nll = model(ids)
        log_p = model.lm_logits(model.hidden(ids)).log_softmax(dim=-1)
    expected = -log_p[:, :-1].gather(2, ids[:, 1:, None]).squeeze(2)
    assert nll is not None and torch.allclose(nll[:, 1:], expected, atol=1e-5)


def test_token_nll_keeps_the_targets_shape_and_gradient() -> None:
    logits = torch.randn(2, 4, 7, requires_grad=True)
    targets = torch.randint(0, 7, (2, 4))
    nll = token_nll(logits, targets)
    assert nll.shape == (2, 4)
    assert torch.allclose(nll, F.cross_entropy(logits.transpose(1, 2), targets, reduction="none"), atol=1e-6)
    nll.sum().backward()
    assert logits.grad is not None and torch.allclose(logits.grad.sum(dim=-1), torch.zeros(2, 4), atol=1e-6)


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


@pytest.mark.parametrize("p", [0.1, 0.2, 0.5])
def test_keep_mask_drops_a_fraction_p_spread_over_every_position(p: float) -> None:
    torch.manual_seed(0)
    mask = keep_mask((256, 2, 8, 8), p)
    assert mask.shape == (256, 2, 8, 8) and mask.dtype == torch.bool
    assert abs((1 - mask.float().mean().item()) - p) < 0.01
    # every position of the mask draws from its own bits: per-position drop rates stay near p
    per_position = 1 - mask.float().mean(dim=0)
    assert per_position.min().item() > p - 0.2 and per_position.max().item() < p + 0.2
    assert keep_mask((5,), 0.0).all() and not keep_mask((5,), 1.0).any() and not keep_mask((5,), 0.999999).any()


def test_keep_mask_follows_the_torch_seed() -> None:
    torch.manual_seed(3)
    first = keep_mask((100,), 0.5)
    torch.manual_seed(3)
    assert torch.equal(first, keep_mask((100,), 0.5)) and not torch.equal(first, keep_mask((100,), 0.5))


def test_dropout_zeroes_a_fraction_p_and_keeps_the_expected_value() -> None:
    torch.manual_seed(0)
    x = torch.ones(500, 400, requires_grad=True)
    y = dropout(x, 0.2, True)
    assert abs((y == 0).float().mean().item() - 0.2) < 0.01 and abs(y.mean().item() - 1.0) < 0.02
    assert set(torch.unique(y).tolist()) == {0.0, 1.25}
    y.sum().backward()  # the gradient flows through kept elements only, scaled alike
    assert torch.equal(x.grad, y.detach())
    assert dropout(x, 0.2, False) is x and dropout(x, 0.0, True) is x
    assert torch.equal(dropout(x, 1.0, True), torch.zeros_like(x))  # as F.dropout


def test_cpu_attention_with_dropout_matches_torch_attention_when_nothing_is_dropped() -> None:
    torch.manual_seed(0)
    q, k, v = (torch.randn(3, 2, 9, 8) for _ in range(3))
    # p this small rounds to no dropped element: the CPU path computes plain causal attention
    ours = causal_attention(q, k, v, 1e-9)
    assert torch.allclose(ours, F.scaled_dot_product_attention(q, k, v, is_causal=True), atol=1e-5)
    # with dropout, position 0 attends only to itself: its output is v[0] scaled, or 0 when dropped
    out = causal_attention(q, k, v, 0.5)[..., 0, :]
    kept = torch.isclose(out, 2 * v[..., 0, :]).all(dim=-1)
    dropped = (out == 0).all(dim=-1)
    assert torch.all(kept | dropped) and kept.any() and dropped.any()


def test_torch_masks_can_be_chosen_for_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(model_module, "keep_mask", lambda shape, p: calls.append(shape) or torch.ones(shape, dtype=torch.bool))
    model = _train_mode(dropout=0.1, attn_dropout=0.1)
    model(torch.randint(3, 50, (2, 6)))
    assert (2, 2, 6, 6) in calls and (2, 6, 16) in calls  # attention weights and residual outputs
    calls.clear()
    monkeypatch.setattr(model_module, "FAST_CPU_DROPOUT", False)
    model(torch.randint(3, 50, (2, 6)))
    assert calls == []


def test_pooling_max_or_soft_max_over_real_tokens_only() -> None:
    logits = torch.tensor([[1.0, 1.0, 1.0, 9.0], [3.0, -2.0, 0.0, 0.0]])  # row 2: 2 real tokens
    lengths = torch.tensor([3, 2])
    hard, _ = pool_scores(logits, None, lengths)
    assert hard.tolist() == [1.0, 3.0]  # padding (the 9.0) never counts
    soft, _ = pool_scores(logits, None, lengths, temperature=2.0)
    assert soft[0].item() == pytest.approx(1.0 + 2.0 * math.log(3))  # three equal tokens add T*log(3)
    assert soft[1].item() == pytest.approx(2.0 * math.log(math.exp(1.5) + math.exp(-1.0)))
    assert (soft >= hard).all()
    near_max, _ = pool_scores(logits, None, lengths, temperature=0.01)
    assert near_max.tolist() == pytest.approx(hard.tolist(), abs=0.02)
