"""Training step time by attention dropout, dropout-mask source and LM-loss layout, side by side in one run.

A profile of the training loop showed dropout's random masks and the language-model loss
taking most of a CPU step. This times `train.train_model` on random token sequences for
the default model shape, for each variant asked, written `P[:MASK][:LOSS]`: P the
attention dropout; MASK where the dropout masks come from (`fast`: 16 random bits per
element from 64-bit words, `model.keep_mask`, the default; `torch`: torch's own dropout,
one generator call per element); LOSS the layout of the next-token cross-entropy (`flat`:
(tokens, vocab) rows, `model.token_nll`, the default; `transposed`: the (batch, vocab,
time) view F.cross_entropy's docs show, as training computed it before). Variants run in
alternating rounds so that a noisy machine hurts all alike; it prints ms per step and
the ratio to the first variant. TRAINING.md (trials 41-48) has what the attention
dropout does to detection.

    .venv/bin/python benchmarks/train_step.py [--variants 0.1:torch:transposed 0.1:fast:flat] [--lengths 40 80 128]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from contextlib import redirect_stderr
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waf_proxy.engine import model as model_module
from waf_proxy.engine.model import ModelConfig, WafTransformer
from waf_proxy.training.train import train_model


class Variant(NamedTuple):
    attn_dropout: float
    fast_masks: bool = True  # masks from `model.keep_mask` (else torch's dropout)
    flat_loss: bool = True  # next-token loss on (tokens, vocab) rows (else the transposed view)

    def name(self) -> str:
        return f"{self.attn_dropout:g}:{'fast' if self.fast_masks else 'torch'}:{'flat' if self.flat_loss else 'transposed'}"


def parse_variant(text: str) -> Variant:
    """`P[:fast|torch][:flat|transposed]` -> a Variant (defaults: fast, flat)."""
    p, *options = text.split(":")
    masks = [o for o in options if o in ("fast", "torch")]
    losses = [o for o in options if o in ("flat", "transposed")]
    if len(masks) > 1 or len(losses) > 1 or len(masks) + len(losses) != len(options):
        raise argparse.ArgumentTypeError(f"expected P[:fast|torch][:flat|transposed], not {text!r}")
    return Variant(float(p), "torch" not in options, "transposed" not in options)


def transposed_nll(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The next-token loss as training computed it before `model.token_nll`: on the (batch, vocab, time) view."""
    return F.cross_entropy(logits.transpose(1, 2), targets, reduction="none")


def time_steps(length: int, variant: Variant, steps: int, batch: int, threads: int) -> float:
    """Milliseconds per training step on `steps` batches of random sequences of one length."""
    torch.set_num_threads(threads)
    rng = np.random.default_rng(length)
    encoded = [rng.integers(5, 2048, size=length).tolist() for _ in range(steps * batch)]
    labels = rng.integers(0, 2, size=len(encoded))
    model = WafTransformer(ModelConfig(d_model=64, n_layers=2, n_heads=4, d_ff=128, attn_dropout=variant.attn_dropout))
    start = time.perf_counter()
    flat_nll = model_module.token_nll
    model_module.FAST_CPU_DROPOUT = variant.fast_masks
    model_module.token_nll = flat_nll if variant.flat_loss else transposed_nll  # train_model imports it per call
    try:
        with redirect_stderr(io.StringIO()):  # the progress bar
            summary = train_model(model, encoded, labels, epochs=1.0, batch_size=batch, lr=2e-3, lm_weight=0.3,
                                  max_minutes=None, seed=0)
    finally:
        model_module.FAST_CPU_DROPOUT = True
        model_module.token_nll = flat_nll
    return 1000 * (time.perf_counter() - start) / max(1, int(summary["steps"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lengths", type=int, nargs="+", default=[40, 80, 128])
    ap.add_argument("--variants", type=parse_variant, nargs="+",
                    default=[Variant(0.1, False, False), Variant(0.1, True, False), Variant(0.1)],
                    metavar="P[:fast|torch][:flat|transposed]")
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    variants: list[Variant] = list(dict.fromkeys(args.variants))
    names = [v.name() for v in variants]
    print("| tokens | " + " | ".join(f"{n} ms/step" for n in names)
          + " | " + " | ".join(f"ratio {n} / {names[0]}" for n in names[1:]) + " |")
    print("|---:|" + "---:|" * (2 * len(variants) - 1))
    for length in args.lengths:
        times: dict[Variant, list[float]] = {v: [] for v in variants}
        for _ in range(args.rounds):
            for v in variants:
                times[v].append(time_steps(length, v, args.steps, args.batch_size, args.threads))
        best = [min(times[v]) for v in variants]
        print(f"| {length} | " + " | ".join(f"{b:.2f}" for b in best)
              + " | " + " | ".join(f"{b / best[0]:.2f}" for b in best[1:]) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
