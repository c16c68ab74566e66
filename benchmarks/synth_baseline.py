"""Does generated traffic fix the "unfamiliar context means attack" problem? A quick check.

Trains the same tiny linear model (hashed byte 3/4-grams, torch EmbeddingBag,
*not* the project's transformer) twice: on a sample of the shared corpora
alone, and on the same sample plus `waf_proxy.training.synth` train-template
traffic. Both are scored on benign traffic from held-out templates, on
train-template traffic with another seed, on shared benign test sets, and on
shared test-split attack payloads placed in held-out templates; held-out FPs
are broken down per template. Threshold 0.5, CPU, about two minutes.

    .venv/bin/python benchmarks/synth_baseline.py [--datasets /work/shared/datasets]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from waf_proxy.training import synth  # noqa: E402

BUCKETS = 1 << 20
INSPECTED = {"user-agent", "referer", "cookie", "content-type"}


def load(root: Path, name: str, n: int, rng: random.Random, label: str | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in open(root / name, encoding="utf-8")]
    if label:
        rows = [r for r in rows if r["label"] == label]
    rng.shuffle(rows)
    return rows[:n]


def text(r: dict[str, Any]) -> bytes:
    headers = " ".join(f"{k.lower()}:{v}" for k, v in r["headers"] if k.lower() in INSPECTED)
    return f"{r['method']} {r['path']}?{r['query']} {headers} {r['body'][:1500]}".encode("utf-8", "replace")


def features(rows: list[dict[str, Any]]) -> tuple[torch.Tensor, torch.Tensor]:
    ids, offsets, pos = [], [], 0
    for r in rows:
        a = np.frombuffer(text(r), dtype=np.uint8).astype(np.int64)
        if len(a) < 4:
            a = np.pad(a, (0, 4 - len(a)))
        t3 = (a[:-2] * 65599 + a[1:-1]) * 65599 + a[2:]
        t4 = t3[:-1] * 65599 + a[3:]
        x = np.concatenate([t3 % BUCKETS, (t4 * 7 + 3) % BUCKETS])
        ids.append(x)
        offsets.append(pos)
        pos += len(x)
    return torch.from_numpy(np.concatenate(ids)), torch.tensor(offsets)


def train(rows: list[dict[str, Any]], rng: random.Random, epochs: int = 3) -> Callable[[list[dict[str, Any]]], np.ndarray]:
    torch.manual_seed(0)
    y = torch.tensor([1.0 if r["label"] == "attack" else 0.0 for r in rows])
    emb = torch.nn.EmbeddingBag(BUCKETS, 1, mode="mean")
    torch.nn.init.zeros_(emb.weight)
    bias = torch.zeros(1, requires_grad=True)
    opt = torch.optim.Adam([*emb.parameters(), bias], lr=0.05)
    order = list(range(len(rows)))
    for _ in range(epochs):
        rng.shuffle(order)
        for s in range(0, len(order), 256):
            batch = order[s : s + 256]
            ids, offs = features([rows[i] for i in batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(emb(ids, offs).squeeze(1) * 50 + bias, y[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()

    def score(rs: list[dict[str, Any]]) -> np.ndarray:
        with torch.no_grad():
            parts = [torch.sigmoid(emb(*features(rs[s : s + 512])).squeeze(1) * 50 + bias) for s in range(0, len(rs), 512)]
        return torch.cat(parts).numpy()

    return score


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default="/work/shared/datasets", type=Path)
    ap.add_argument("--synth-benign", type=int, default=8000)
    ap.add_argument("--synth-attacks", type=int, default=6000)
    args = ap.parse_args()
    torch.set_num_threads(1)
    rng = random.Random(0)
    d = args.datasets
    base = (
        load(d, "httpparams/train.jsonl", 12000, rng) + load(d, "csic2010/train_benign.jsonl", 8000, rng)
        + load(d, "fwaf/benign.jsonl", 8000, rng) + load(d, "fwaf/attack.jsonl", 6000, rng)
        + load(d, "payloadsallthethings/attack.jsonl", 8000, rng)
    )
    t = time.perf_counter()
    generated = synth.generate_benign(args.synth_benign, seed=100) + synth.generate_attacks(
        args.synth_attacks, [r for r in base if r["label"] == "attack"], seed=101
    )
    print(f"generated {len(generated)} train-template rows in {time.perf_counter() - t:.0f}s")
    test_payloads = load(d, "httpparams/test.jsonl", 20000, rng, "attack") + load(d, "csic2010/test_attack.jsonl", 3000, rng)
    holdout_benign = synth.generate_benign(2000, seed=900, templates="holdout")
    evals = {
        "FP  held-out-template benign": (holdout_benign, 0),
        "FP  train-template benign (new seed)": (synth.generate_benign(2000, seed=902), 0),
        "FP  csic2010 test_benign": (load(d, "csic2010/test_benign.jsonl", 3000, rng), 0),
        "FP  httpparams test benign": (load(d, "httpparams/test.jsonl", 3000, rng, "benign"), 0),
        "DR  test payloads in held-out templates": (synth.generate_attacks(2000, test_payloads, seed=901, templates="holdout", evasion_rate=0.0), 1),
        "DR  httpparams test attacks": (load(d, "httpparams/test.jsonl", 3000, rng, "attack"), 1),
    }
    score = None
    for name, rows in (("shared corpora only", base), ("shared corpora + synth", base + generated)):
        t = time.perf_counter()
        score = train(rows, random.Random(1))
        print(f"== {name}: {len(rows)} rows, trained in {time.perf_counter() - t:.0f}s")
        for ename, (ers, _) in evals.items():
            print(f"  {ename:42s} {100 * float((score(ers) >= 0.5).mean()):6.2f} %")
    assert score is not None
    flagged = score(holdout_benign) >= 0.5
    total = Counter(r["source"] for r in holdout_benign)
    fp = Counter(r["source"] for r, f in zip(holdout_benign, flagged) if f)
    print("held-out benign FP per template (corpora + synth):")
    for k in sorted(total, key=lambda k: -fp[k] / total[k]):
        print(f"  {k:28s} {fp[k]:4d} / {total[k]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
