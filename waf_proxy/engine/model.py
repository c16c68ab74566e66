"""The WAF transformer: one config dataclass, one module (nanoGPT style).

A small causal transformer over request tokens with two heads on the same states:

* a language-model head (tied to the embeddings), trained on benign traffic only:
  the negative log-likelihood of each token given the ones before it is an exact,
  one-pass anomaly score, and its per-token values say *where* a request is odd;
* an attack head giving one logit per token, max-pooled over the request: trained
  on the attack corpora so the model works before any app-specific training, and
  the arg-max tokens name what drove the score.

Causal attention also makes right padding free: no real token attends to a pad.
"""

from __future__ import annotations

import math
import sys
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class ModelConfig:
    vocab_size: int = 2048
    max_len: int = 128
    d_model: int = 64
    n_layers: int = 2
    n_heads: int = 4
    d_ff: int = 256
    dropout: float = 0.1
    # dropout on the attention weights; None = `dropout`. Its (batch, heads, T, T) random
    # mask costs 12-20 % of a CPU training step even drawn by `keep_mask` (25-33 % with
    # torch's masks), but without it the model generalised far worse to unseen apps
    # (TRAINING.md, trial 41), so it stays on.
    attn_dropout: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


# Draw CPU dropout masks 16 bits at a time from 64-bit words (`keep_mask`) instead of
# torch's bernoulli_, one generator call per element. False: torch's own dropout
# (benchmarks/train_step.py compares the two).
FAST_CPU_DROPOUT = True
# The three 16-bit quarters of a non-negative int64 that carry random bits (its top bit is 0).
_QUARTERS = slice(0, 3) if sys.byteorder == "little" else slice(1, 4)


def keep_mask(shape: tuple[int, ...], p: float) -> torch.Tensor:
    """A boolean mask, each element False with probability p (exact to 1/65536).

    torch's CPU bernoulli_ makes one generator call per element; for the (batch, heads,
    T, T) attention-dropout mask that was the largest cost of a training step
    (TRAINING.md). `random_` fills an int64 with 63 random bits per call, three 16-bit
    values of which are used here: the same distribution for a quarter of the calls.
    """
    if p >= 1.0:
        return torch.zeros(shape, dtype=torch.bool)
    n = math.prod(shape)
    words = torch.empty(-(-n // 3), dtype=torch.int64).random_()
    quarters = words.view(torch.int16).view(-1, 4)[:, _QUARTERS].reshape(-1)[:n]
    return (quarters >= -32768 + min(round(p * 65536), 65535)).view(shape)


def dropout(x: torch.Tensor, p: float, training: bool) -> torch.Tensor:
    """F.dropout, with the mask from `keep_mask` on CPU (the same distribution, cheaper)."""
    if not training or p == 0.0:
        return x
    if x.device.type != "cpu" or not FAST_CPU_DROPOUT or p >= 1.0:
        return F.dropout(x, p, training)
    scale = keep_mask(tuple(x.shape), p).to(x.dtype).mul_(1.0 / (1.0 - p))
    return x * scale


def causal_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, p: float) -> torch.Tensor:
    """Causal scaled dot-product attention with dropout p on the attention weights.

    Training with attention dropout on CPU computes it here, so that its mask comes from
    `dropout`; everything else (inference, p = 0, GPUs) uses torch's fused kernel.
    """
    if p == 0.0 or q.device.type != "cpu" or not FAST_CPU_DROPOUT:
        return F.scaled_dot_product_attention(q, k, v, is_causal=True, dropout_p=p)
    t = q.shape[-2]
    weights = (q * (1.0 / math.sqrt(q.shape[-1]))) @ k.transpose(-2, -1)  # scaled on the smaller tensor
    future = torch.ones(t, t, dtype=torch.bool, device=q.device).triu_(1)
    weights = weights.masked_fill_(future, float("-inf")).softmax(dim=-1)  # in place: a fresh tensor
    return dropout(weights, p, True) @ v


def token_nll(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Per-token cross-entropy of (..., vocab) logits, shaped like `targets`.

    Computed on the flat (tokens, vocab) view: the (batch, vocab, time) transpose that
    F.cross_entropy otherwise wants made its softmax and copies a fifth of a CPU
    training step (benchmarks/train_step.py)."""
    flat = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
    return flat.view(targets.shape)


class Block(nn.Module):
    """Pre-LayerNorm causal self-attention + MLP."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.n_heads = cfg.n_heads
        self.ln1 = nn.LayerNorm(cfg.d_model)
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model)
        self.proj = nn.Linear(cfg.d_model, cfg.d_model)
        self.ln2 = nn.LayerNorm(cfg.d_model)
        self.fc1 = nn.Linear(cfg.d_model, cfg.d_ff)
        self.fc2 = nn.Linear(cfg.d_ff, cfg.d_model)
        self.dropout = cfg.dropout
        self.attn_dropout = cfg.dropout if cfg.attn_dropout is None else cfg.attn_dropout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (z.view(b, t, self.n_heads, d // self.n_heads).transpose(1, 2) for z in (q, k, v))
        p = self.dropout if self.training else 0.0
        pa = self.attn_dropout if self.training else 0.0
        y = causal_attention(q, k, v, pa)
        x = x + dropout(self.proj(y.transpose(1, 2).reshape(b, t, d)), p, self.training)
        return x + dropout(self.fc2(F.gelu(self.fc1(self.ln2(x)))), p, self.training)


class WafTransformer(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        if cfg.d_model % cfg.n_heads:
            raise ValueError("d_model must be divisible by n_heads")
        self.cfg = cfg
        self.tok_emb = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.pos_emb = nn.Embedding(cfg.max_len, cfg.d_model)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layers))
        self.ln_f = nn.LayerNorm(cfg.d_model)
        self.attack_head = nn.Linear(cfg.d_model, 1)
        self.apply(self._init)
        for block in self.blocks:  # GPT-2 scaled init of residual projections
            nn.init.normal_(block.proj.weight, std=0.02 / math.sqrt(2 * cfg.n_layers))
            nn.init.normal_(block.fc2.weight, std=0.02 / math.sqrt(2 * cfg.n_layers))

    @staticmethod
    def _init(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def hidden(self, ids: torch.Tensor) -> torch.Tensor:
        """Final hidden states, shape (batch, time, d_model)."""
        t = ids.shape[1]
        x = self.tok_emb(ids) + self.pos_emb(torch.arange(t, device=ids.device))
        for block in self.blocks:
            x = block(x)
        return self.ln_f(x)

    def lm_logits(self, h: torch.Tensor) -> torch.Tensor:
        """Next-token logits from hidden states (head tied to the token embeddings)."""
        return h @ self.tok_emb.weight.t()

    def forward(self, ids: torch.Tensor, with_lm: bool = True) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Per-token attack logits (B, T) and, if asked, per-token NLL (B, T).

        nll[:, t] is -log p(ids[:, t] | ids[:, :t]); nll[:, 0] (the BOS) is 0.
        """
        h = self.hidden(ids)
        attack = self.attack_head(h).squeeze(-1)
        if not with_lm:
            return attack, None
        nll = token_nll(self.lm_logits(h[:, :-1]), ids[:, 1:])
        return attack, F.pad(nll, (1, 0))


def pool_scores(
    attack: torch.Tensor, nll: torch.Tensor | None, lengths: torch.Tensor, temperature: float = 0.0
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Request-level attack logit and anomaly (mean NLL of real tokens).

    temperature 0: the attack logit is the max over real tokens, so one token decides.
    T > 0: T * logsumexp(logits / T), a soft max that never scores below the max and adds
    up evidence spread over several tokens (`select ... from ... where` with no single
    telling token), while one or two suspicious words in prose gain little.
    """
    t = attack.shape[1]
    valid = torch.arange(t, device=attack.device)[None, :] < lengths[:, None]
    masked = attack.masked_fill(~valid, float("-inf"))
    if temperature > 0:
        attack_logit = temperature * torch.logsumexp(masked / temperature, dim=1)
    else:
        attack_logit = masked.amax(dim=1)
    if nll is None:
        return attack_logit, None
    predicted = valid.clone()
    predicted[:, 0] = False
    count = predicted.sum(dim=1).clamp(min=1)
    anomaly = (nll * predicted).sum(dim=1) / count
    return attack_logit, anomaly
