"""Training step time with and without attention-weight dropout, side by side in one run.

A profile of the training loop showed dropout's random masks taking a large share of a
CPU step, most of it the (batch, heads, T, T) mask on the attention weights. This times
`train.train_model` on random token sequences for the default model shape with the
attention dropout at each value asked (default 0.1, the shipped recipe, and 0), in
alternating rounds so that a noisy machine hurts both alike, and prints ms per step and
the ratio to the first value. TRAINING.md (trials 41-42) has what each does to detection.

    .venv/bin/python benchmarks/train_step.py [--lengths 40 80 128] [--steps 40] [--rounds 2]
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

from waf_proxy.engine.model import ModelConfig, WafTransformer
from waf_proxy.training.train import train_model


def time_steps(length: int, attn_dropout: float, steps: int, batch: int, threads: int) -> float:
    """Milliseconds per training step on `steps` batches of random sequences of one length."""
    import torch

    torch.set_num_threads(threads)
    rng = np.random.default_rng(length)
    encoded = [rng.integers(5, 2048, size=length).tolist() for _ in range(steps * batch)]
    labels = rng.integers(0, 2, size=len(encoded))
    model = WafTransformer(ModelConfig(d_model=64, n_layers=2, n_heads=4, d_ff=128, attn_dropout=attn_dropout))
    start = time.perf_counter()
    with redirect_stderr(io.StringIO()):  # the progress bar
        summary = train_model(model, encoded, labels, epochs=1.0, batch_size=batch, lr=2e-3, lm_weight=0.3,
                              max_minutes=None, seed=0)
    return 1000 * (time.perf_counter() - start) / max(1, int(summary["steps"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lengths", type=int, nargs="+", default=[40, 80, 128])
    ap.add_argument("--attn-dropout", type=float, nargs="+", default=[0.1, 0.0])
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    print("| tokens | " + " | ".join(f"attention dropout {p:g}: ms/step" for p in args.attn_dropout)
          + " | " + " | ".join(f"ratio {p:g} / {args.attn_dropout[0]:g}" for p in args.attn_dropout[1:]) + " |")
    print("|---:|" + "---:|" * (2 * len(args.attn_dropout) - 1))
    for length in args.lengths:
        times: dict[float, list[float]] = {p: [] for p in args.attn_dropout}
        for _ in range(args.rounds):
            for p in args.attn_dropout:
                times[p].append(time_steps(length, p, args.steps, args.batch_size, args.threads))
        best = {p: min(t) for p, t in times.items()}
        base = best[args.attn_dropout[0]]
        print(f"| {length} | " + " | ".join(f"{best[p]:.2f}" for p in args.attn_dropout)
              + " | " + " | ".join(f"{best[p] / base:.2f}" for p in args.attn_dropout[1:]) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
