"""Training step time by attention dropout and dropout-mask source, side by side in one run.

A profile of the training loop showed dropout's random masks taking a large share of a
CPU step, most of it the (batch, heads, T, T) mask on the attention weights. This times
`train.train_model` on random token sequences for the default model shape, for each
variant asked: an attention dropout, and where the masks come from (`fast`: 16 random bits
per element from 64-bit words, `model.keep_mask`, the default; `torch`: torch's own
dropout, one generator call per element). Variants run in alternating rounds so that a
noisy machine hurts all alike; it prints ms per step and the ratio to the first variant.
TRAINING.md (trials 41-44) has what the attention dropout does to detection.

    .venv/bin/python benchmarks/train_step.py [--variants 0.1:torch 0.1:fast 0:fast] [--lengths 40 80 128]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from contextlib import redirect_stderr
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waf_proxy.engine import model as model_module
from waf_proxy.engine.model import ModelConfig, WafTransformer
from waf_proxy.training.train import train_model


def parse_variant(text: str) -> tuple[float, bool]:
    """`P:fast` or `P:torch` (P the attention dropout) -> (P, whether masks come from `keep_mask`)."""
    p, _, source = text.partition(":")
    if source not in ("", "fast", "torch"):
        raise argparse.ArgumentTypeError(f"mask source must be fast or torch, not {source!r}")
    return float(p), source != "torch"


def time_steps(length: int, attn_dropout: float, steps: int, batch: int, threads: int, fast: bool = True) -> float:
    """Milliseconds per training step on `steps` batches of random sequences of one length."""
    import torch

    torch.set_num_threads(threads)
    rng = np.random.default_rng(length)
    encoded = [rng.integers(5, 2048, size=length).tolist() for _ in range(steps * batch)]
    labels = rng.integers(0, 2, size=len(encoded))
    model = WafTransformer(ModelConfig(d_model=64, n_layers=2, n_heads=4, d_ff=128, attn_dropout=attn_dropout))
    start = time.perf_counter()
    model_module.FAST_CPU_DROPOUT = fast
    try:
        with redirect_stderr(io.StringIO()):  # the progress bar
            summary = train_model(model, encoded, labels, epochs=1.0, batch_size=batch, lr=2e-3, lm_weight=0.3,
                                  max_minutes=None, seed=0)
    finally:
        model_module.FAST_CPU_DROPOUT = True
    return 1000 * (time.perf_counter() - start) / max(1, int(summary["steps"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lengths", type=int, nargs="+", default=[40, 80, 128])
    ap.add_argument("--variants", type=parse_variant, nargs="+", default=[(0.1, False), (0.1, True), (0.0, True)],
                    metavar="P:fast|P:torch")
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    variants: list[tuple[float, bool]] = list(dict.fromkeys(args.variants))
    names = [f"{p:g}:{'fast' if fast else 'torch'}" for p, fast in variants]
    print("| tokens | " + " | ".join(f"{n} ms/step" for n in names)
          + " | " + " | ".join(f"ratio {n} / {names[0]}" for n in names[1:]) + " |")
    print("|---:|" + "---:|" * (2 * len(variants) - 1))
    for length in args.lengths:
        times: dict[tuple[float, bool], list[float]] = {v: [] for v in variants}
        for _ in range(args.rounds):
            for p, fast in variants:
                times[(p, fast)].append(time_steps(length, p, args.steps, args.batch_size, args.threads, fast))
        best = [min(times[v]) for v in variants]
        print(f"| {length} | " + " | ".join(f"{b:.2f}" for b in best)
              + " | " + " | ".join(f"{b / best[0]:.2f}" for b in best[1:]) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
