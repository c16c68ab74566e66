"""What a candidate model costs per request beside another, measured side by side.

Trials change the model's shape (layers, width) or what it reads (fields on their own);
before one replaces the default, its scoring cost matters as much as its detection. This
scores the same requests (held-out corpus rows and generated traffic, as serving reads
them: every window) with each model in alternating rounds of one run, so that a noisy
shared machine slows all of them alike, and prints requests/s and each model's time
relative to the first.

    .venv/bin/python benchmarks/model_cost.py models/default DIR [DIR ...] [--rounds 6]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
CORPORA = ("csic2010/test_benign.jsonl", "fwaf/benign.jsonl@0.2", "httpparams/test.jsonl")


def requests(n: int, seed: int) -> list[dict[str, Any]]:
    """n held-out corpus rows (where the shared datasets are present) and n generated ones, shuffled."""
    from waf_proxy.training.evaluate import load_eval_rows
    from waf_proxy.training.synth import generate_benign

    present = [c for c in CORPORA if (DATA / c.split("@")[0]).is_file()]
    rows = load_eval_rows([str(DATA / c) for c in present], n // max(1, len(present)))[0] if present else []
    rows += generate_benign(n, seed, "holdout")
    random.Random(seed).shuffle(rows)
    return rows


def seconds_per_round(scorers: list[Any], texts: list[list[str]], rounds: int, batch: int) -> list[list[float]]:
    """Wall time of each round for each scorer on its own texts; the order alternates every round."""
    times: list[list[float]] = [[] for _ in scorers]
    order = list(range(len(scorers)))
    for _ in range(rounds):
        for k in order:
            t0 = time.perf_counter()
            for i in range(0, len(texts[k]), batch):
                scorers[k].window_logits(texts[k][i:i + batch])
            times[k].append(time.perf_counter() - t0)
        order.reverse()
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="+", help="model directories; the first is the reference")
    ap.add_argument("--n", type=int, default=1500, help="corpus rows and generated requests, each")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--batch", type=int, default=32, help="requests per inference (the batcher's max batch)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    from waf_proxy.engine.artifacts import load_scorer
    from waf_proxy.training.train import scorer_texts

    scorers = [load_scorer(Path(m), threads=args.threads) for m in args.models]
    rows = requests(args.n, args.seed)
    texts = [scorer_texts(s, rows) for s in scorers]  # what each model reads: its headers, its fields if it reads them
    times = seconds_per_round(scorers, texts, args.rounds, args.batch)
    medians = [statistics.median(t) for t in times]
    print(f"{len(rows)} requests, batch {args.batch}, {args.threads} threads, median of {args.rounds} alternating rounds")
    print("| model | layers x d_model | field weight | requests/s | time per request vs first |")
    print("|---|---|---:|---:|---:|")
    for path, scorer, m in zip(args.models, scorers, medians):
        cfg = scorer.model.cfg
        print(f"| {path} ({scorer.version}) | {cfg.n_layers} x {cfg.d_model} | {scorer.params.field_weight:g} "
              f"| {len(rows) / m:.0f} | {m / medians[0]:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
