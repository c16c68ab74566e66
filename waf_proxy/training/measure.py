"""Serving figures for a model directory: throughput and int8-vs-fp32 agreement.

    python -m waf_proxy.training.measure --model models/default \
        --corpus ../shared/datasets/csic2010/test_benign.jsonl ... --out models/default/SERVING.json

Throughput is `Scorer.score_batch` end to end (normalise + tokenise + model) on
one torch thread, batches of `--batch` requests drawn from the given corpora in
file order (a realistic length mix). Agreement compares the int8 dynamically
quantised model with fp32 on the same requests: max |Δscore| and the share of
block/allow decisions that agree at the shipped threshold.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _views(corpora: list[str], n: int, seed: int) -> list:
    from waf_proxy.inspect import RequestView
    from waf_proxy.training.corpus import CorpusSpec, read_split

    rows = []
    for text in corpora:
        spec = CorpusSpec.parse(text, 0.0)
        split = ("test",) if spec.holdout > 0 else ("train", "calib", "test")
        rows += read_split(spec, split)
    rng = random.Random(seed)
    rows = rng.sample(rows, min(n, len(rows)))
    return [RequestView.from_record(r) for r in rows]


def throughput(scorer, views: list, batch: int, repeats: int = 2) -> float:
    """Requests per second through score_batch (best of `repeats` passes)."""
    best = 0.0
    scorer.score_batch(views[:batch])  # warm up
    if hasattr(scorer, "_cache"):
        scorer._cache.clear()
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(0, len(views), batch):
            scorer.score_batch(views[i : i + batch])
        best = max(best, len(views) / (time.perf_counter() - start))
    return best


def measure(model_dir: str, corpora: list[str], n: int, batch: int, seed: int = 0) -> dict:
    from waf_proxy.engine.artifacts import load_scorer

    views = _views(corpora, n, seed)
    fp32 = load_scorer(model_dir, threads=1)
    int8 = load_scorer(model_dir, quantize_int8=True, threads=1)
    a = [r.score for i in range(0, len(views), batch) for r in fp32.score_batch(views[i : i + batch])]
    b = [r.score for i in range(0, len(views), batch) for r in int8.score_batch(views[i : i + batch])]
    t = fp32.threshold
    agree = sum((x >= t) == (y >= t) for x, y in zip(a, b)) / len(a)
    fp32.cache_size = int8.cache_size = 0  # raw engine speed: every request scored
    rps32 = throughput(fp32, views, batch)
    rps8 = throughput(int8, views, batch)
    fp32.cache_size = 4096
    cached = throughput(fp32, views, batch, repeats=1)  # one pass: repeats within the mix only
    return {
        "requests": len(views),
        "batch": batch,
        "torch_threads": 1,
        "threshold": t,
        "fp32_requests_per_s": round(rps32),
        "int8_requests_per_s": round(rps8),
        "int8_speed_ratio": round(rps8 / rps32, 3),
        "fp32_with_cache_requests_per_s": round(cached),
        "distinct_normalised_share": round(len(set(fp32.normalize(views))) / len(views), 4),
        "int8_max_abs_score_delta": round(max(abs(x - y) for x, y in zip(a, b)), 6),
        "int8_mean_abs_score_delta": round(sum(abs(x - y) for x, y in zip(a, b)) / len(a), 6),
        "int8_decision_agreement": round(agree, 6),
        "fp32_flagged": sum(x >= t for x in a),
        "int8_flagged": sum(y >= t for y in b),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--corpus", nargs="+", required=True)
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    result = measure(args.model, args.corpus, args.n, args.batch)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
