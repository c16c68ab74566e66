"""Engine benchmark: the scoring path alone (normalise, tokenise, infer), no HTTP.

For batch sizes 1, 2, 4, ..., 256 over a realistic length mix drawn from the corpora,
it reports requests/s and the time per stage, for each model variant (fp32, int8
dynamic quantisation, TorchScript, torch.compile) and torch thread count, plus the
effect of length bucketing inside a batch. The fastest variant at the serving batch
size is named as the recommendation.

    .venv/bin/python benchmarks/engine.py --out benchmarks/results/
    .venv/bin/python benchmarks/engine.py --fake    # random weights, before models/default exists
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

# Tokenizers' Rust thread pool would otherwise compete with torch for the 2 cores.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.mix import DATASETS, sample  # noqa: E402
from waf_proxy.inspect import RequestView  # noqa: E402
from waf_proxy.engine.scorer import length_groups  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO / "models" / "default"
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
# (file, label, share of the mix): held-out benign traffic of three shapes plus attacks.
LENGTH_MIX: tuple[tuple[str, str, float], ...] = (
    ("csic2010/test_benign.jsonl", "benign", 0.35),
    ("httpparams/test.jsonl", "benign", 0.25),
    ("fwaf/benign.jsonl", "benign", 0.20),
    ("payloadsallthethings/attack.jsonl", "attack", 0.10),
    ("httpparams/test.jsonl", "attack", 0.10),
)


def load_views(n: int, seed: int = 0, datasets: Path = DATASETS) -> list[RequestView]:
    """n requests in the LENGTH_MIX proportions, shuffled (arrival order is random)."""
    rng = random.Random(seed)
    views: list[RequestView] = []
    for name, label, share in LENGTH_MIX:
        k = max(1, math.ceil(n * share))
        with (datasets / name).open(encoding="utf-8") as fh:
            records = (json.loads(line) for line in fh)
            picked = sample((r for r in records if r.get("label") == label), k, rng)
        views += [RequestView.from_record(r) for r in picked]
    rng.shuffle(views)
    return views[:n]


def batches(items: Sequence, size: int) -> list[Sequence]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def bucket_order(lengths: Sequence[int], sub_batch: int) -> list[list[int]]:
    """Split one batch into sub-batches of similar length (indices), shortest first.

    Padding is to the longest sequence of each forward pass, so sorting a mixed
    batch by length and cutting it wastes fewer padded positions.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    return [order[i : i + sub_batch] for i in range(0, len(order), sub_batch)]


def token_budget_order(lengths: Sequence[int], max_tokens: int) -> list[list[int]]:
    """Length-sorted groups cut so that count x longest <= max_tokens: the scorer's own grouping."""
    return length_groups(lengths, max_tokens)


def grouping(spec: str, lengths: Sequence[int]) -> list[list[int]]:
    """Sub-batches for one batch: "none", "scorer" (what score_batch does), "fixed:N", "tokens:N"."""
    if spec == "scorer":
        return length_groups(lengths)
    kind, _, n = spec.partition(":")
    if kind == "fixed":
        return bucket_order(lengths, int(n))
    if kind == "tokens":
        return token_budget_order(lengths, int(n))
    return [list(range(len(lengths)))]


def padded_fraction(lengths: Sequence[int], groups: list[list[int]]) -> float:
    """Share of the computed token positions that are padding."""
    real = sum(lengths)
    computed = sum(max(lengths[i] for i in g) * len(g) for g in groups if g)
    return 1.0 - real / computed if computed else 0.0


@dataclass
class StageTimes:
    requests: int = 0
    normalise: float = 0.0
    tokenise: float = 0.0
    model: float = 0.0
    post: float = 0.0
    cpu: float = 0.0  # process CPU seconds (all threads): less noisy than wall time on a shared box
    padded: list[float] = field(default_factory=list)

    @property
    def total(self) -> float:
        return self.normalise + self.tokenise + self.model + self.post

    def row(self) -> dict:
        n = max(self.requests, 1)
        return {
            "requests": self.requests,
            "rps": round(self.requests / self.total, 1) if self.total else 0.0,
            "us_per_req": round(self.total * 1e6 / n, 1),
            "normalise_us": round(self.normalise * 1e6 / n, 1),
            "tokenise_us": round(self.tokenise * 1e6 / n, 1),
            "model_us": round(self.model * 1e6 / n, 1),
            "post_us": round(self.post * 1e6 / n, 1),
            "cpu_us_per_req": round(self.cpu * 1e6 / n, 1),
            "padded_pct": round(100 * statistics.mean(self.padded), 1) if self.padded else 0.0,
        }


def run_stages(scorer, views: Sequence[RequestView], batch_size: int, bucket: str = "scorer") -> StageTimes:
    """Score `views` in batches of `batch_size`, timing each stage as score_batch runs them.

    The result cache is bypassed: this is the cost of a request not seen before.
    `bucket` picks the sub-batching (see `grouping`); the default mirrors the scorer.
    """
    from waf_proxy.engine.scorer import ScoreResult, sigmoid

    st = StageTimes()
    clock = time.perf_counter
    cpu0 = time.process_time()
    for chunk in batches(views, batch_size):
        t0 = clock()
        texts = scorer.normalize(chunk)
        t1 = clock()
        ids = scorer.tokenizer.encode_batch(texts)
        t2 = clock()
        lengths = [len(x) for x in ids]
        groups = grouping(bucket, lengths)
        raws = [scorer.raw_ids([ids[i] for i in g]) for g in groups]
        t3 = clock()
        for raw in raws:
            [ScoreResult(float(s), t) for s, t in zip(sigmoid(raw.logit).tolist(), raw.top_tokens)]
        t4 = clock()
        st.requests += len(chunk)
        st.normalise += t1 - t0
        st.tokenise += t2 - t1
        st.model += t3 - t2
        st.post += t4 - t3
        st.padded.append(padded_fraction(lengths, groups))
    st.cpu = time.process_time() - cpu0
    return st


# ---- model variants -------------------------------------------------------------------


class _AttackOnly:
    """Adapter: a compiled/traced `ids -> attack logits` callable behind the model's call shape."""

    def __init__(self, fn: Callable, cfg) -> None:
        self.fn, self.cfg = fn, cfg

    def __call__(self, ids, with_lm: bool = False):
        if with_lm:
            raise RuntimeError("this variant computes the attack head only")
        return self.fn(ids), None

    def eval(self):
        return self


def make_variant(name: str, model_dir: Path):
    """A scorer for one variant; raises when the variant does not work here."""
    import torch

    from waf_proxy.engine.artifacts import load_scorer

    if name == "fp32":
        return load_scorer(model_dir)
    if name == "int8":
        return load_scorer(model_dir, quantize_int8=True)
    if name in ("torchscript", "int8-torchscript"):  # the serving path's `model.jit` (traced + frozen)
        scorer = load_scorer(model_dir, quantize_int8=name.startswith("int8"), jit=True)
        if scorer.attack_fn is None:
            raise RuntimeError("tracing failed (see the warning above)")
        return scorer
    scorer = load_scorer(model_dir)
    if scorer.params.anomaly_weight != 0.0:
        raise RuntimeError("the model uses the LM head; only fp32/int8 cover that here")
    model = scorer.model

    def attack(ids):
        return model(ids, with_lm=False)[0]

    if name == "compile":
        fn = torch.compile(attack, dynamic=True)
    else:
        raise ValueError(f"unknown variant {name}")
    # The traced/compiled graph must agree with eager on other shapes, or it is not usable.
    with torch.inference_mode():
        for shape in ((1, 5), (3, 64), (8, model.cfg.max_len)):
            ids = torch.randint(3, model.cfg.vocab_size, shape)
            if not torch.allclose(fn(ids), attack(ids), atol=1e-4):
                raise RuntimeError(f"{name} disagrees with eager at shape {shape}")
    scorer.model = _AttackOnly(fn, model.cfg)
    return scorer


def make_fake_model(directory: Path, views: Sequence[RequestView]) -> Path:
    """Random weights + a tokenizer learned on `views`: the default model's shape, for harness work."""
    from waf_proxy.engine.artifacts import save_model
    from waf_proxy.engine.model import ModelConfig, WafTransformer
    from waf_proxy.engine.normalize import normalize_view
    from waf_proxy.engine.scorer import ScoreParams
    from waf_proxy.engine.tokenizer import RequestTokenizer

    cfg = ModelConfig()
    tok = RequestTokenizer.train((normalize_view(v) for v in views), vocab_size=cfg.vocab_size, max_len=cfg.max_len)
    cfg.vocab_size = tok.vocab_size
    # threshold 1.0: nothing is blocked, so a load run exercises the forwarding path too
    save_model(directory, WafTransformer(cfg).eval(), tok, ScoreParams(threshold=1.0), version="fake-random")
    return directory


# ---- report ---------------------------------------------------------------------------


def markdown(rows: list[dict], bucket_rows: list[dict], meta: dict) -> str:
    lines = [
        f"## Engine benchmark ({meta['date_utc']} UTC, model {meta['model_version']})",
        "",
        f"Machine: {meta['cpu']}, {meta['cpus']} CPUs; torch {meta['torch']}; {meta['n']} requests "
        f"(token length p50 {meta['len_p50']}, p90 {meta['len_p90']}, max {meta['len_max']}); best of {meta['repeats']} passes.",
        "",
        "| variant | threads | batch | req/s | µs/req | normalise | tokenise | model | post | CPU µs/req | padded % |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['variant']} | {r['threads']} | {r['batch']} | **{r['rps']:,.0f}** | {r['us_per_req']:,.0f} "
            f"| {r['normalise_us']:,.0f} | {r['tokenise_us']:,.0f} | {r['model_us']:,.0f} | {r['post_us']:,.0f} | {r['cpu_us_per_req']:,.0f} | {r['padded_pct']} |"
        )
    if bucket_rows:
        lines += ["", "Length bucketing inside a batch (fp32, 1 thread): one padded forward pass per batch ('none'), "
                  "length-sorted sub-batches of N requests ('fixed:N'), or of at most N padded tokens ('tokens:N'):", ""]
        lines += ["| batch | sub-batching | req/s | model µs/req | CPU µs/req | padded % |", "|---|---|---|---|---|---|"]
        for r in bucket_rows:
            lines.append(
                f"| {r['batch']} | {r['bucket']} | {r['rps']:,.0f} | {r['model_us']:,.0f} | {r['cpu_us_per_req']:,.0f} | {r['padded_pct']} |"
            )
    return "\n".join(lines)


def pick_winner(rows: list[dict], batch: int = 64) -> dict | None:
    at = [r for r in rows if r["batch"] == batch]
    return max(at, key=lambda r: r["rps"]) if at else None


def served_rows(scorers: dict, views: Sequence[RequestView], repeats: int, sizes=(64, 256)) -> list[dict]:
    """score_batch end to end, cache included, from an empty cache each pass."""
    rows = []
    for name, scorer in scorers.items():
        cache = getattr(scorer, "_cache", None)
        for size in sizes:
            best = None
            for _ in range(repeats):
                if cache is not None:
                    cache.clear()
                t0 = time.perf_counter()
                for chunk in batches(views, size):
                    scorer.score_batch(chunk)
                elapsed = time.perf_counter() - t0
                best = elapsed if best is None else min(best, elapsed)
            rows.append({"variant": name, "batch": size, "rps": round(len(views) / best, 1), "us_per_req": round(best * 1e6 / len(views), 1)})
    return rows


def best_of(fn: Callable[[], StageTimes], repeats: int) -> StageTimes:
    """The fastest of `repeats` passes: the least disturbed by the other tenants of the box."""
    return min((fn() for _ in range(repeats)), key=lambda st: st.total)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--fake", action="store_true", help="random weights (harness check without a trained model)")
    ap.add_argument("--n", type=int, default=1024, help="requests per pass")
    ap.add_argument("--batch-sizes", default=",".join(map(str, BATCH_SIZES)))
    ap.add_argument("--variants", default="fp32,int8,torchscript,int8-torchscript,compile")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="benchmarks/results/")
    args = ap.parse_args(argv)

    import torch

    views = load_views(args.n, args.seed)
    model_dir = Path(args.model)
    tmp = None
    if args.fake:
        tmp = tempfile.TemporaryDirectory(prefix="waf-fake-model-")
        model_dir = make_fake_model(Path(tmp.name), views)
    sizes = [int(b) for b in args.batch_sizes.split(",")]
    threads = [int(t) for t in args.threads.split(",")]
    rows: list[dict] = []
    skipped: dict[str, str] = {}
    scorers = {}
    for name in args.variants.split(","):
        t0 = time.perf_counter()
        try:
            scorers[name] = make_variant(name, model_dir)
        except Exception as exc:  # report why a variant is not usable here, keep going
            skipped[name] = f"{type(exc).__name__}: {str(exc)[:200]}"
            print(f"[engine] {name}: skipped ({skipped[name]})", file=sys.stderr)
            continue
        print(f"[engine] {name}: ready in {time.perf_counter() - t0:.1f}s", file=sys.stderr)

    base = next(iter(scorers.values()))
    lengths = sorted(len(x) for x in base.tokenizer.encode_batch(base.normalize(views)))
    for name, scorer in scorers.items():  # warm-up: compile / trace specialisations, allocator
        for size in sizes:
            run_stages(scorer, views[: 2 * size], size)
    for nthreads in threads:
        torch.set_num_threads(nthreads)
        for size in sizes:
            for name, scorer in scorers.items():  # variants interleaved per cell
                st = best_of(lambda: run_stages(scorer, views, size), args.repeats)
                row = {"variant": name, "threads": nthreads, "batch": size} | st.row()
                rows.append(row)
                print(f"[engine] {name} t={nthreads} b={size}: {row['rps']:.0f} req/s", file=sys.stderr)

    bucket_rows: list[dict] = []
    if "fp32" in scorers:
        torch.set_num_threads(threads[0])
        for size in [s for s in sizes if s >= 32]:
            for spec in ("none", "fixed:8", "fixed:16", "fixed:32", "tokens:512", "tokens:1024", "tokens:2048"):
                st = best_of(lambda: run_stages(scorers["fp32"], views, size, bucket=spec), args.repeats)
                bucket_rows.append({"batch": size, "bucket": spec} | st.row())

    meta = {
        "date_utc": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "cpu": next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), ""),
        "cpus": os.cpu_count(),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "model_dir": str(args.model) if not args.fake else "fake (random weights)",
        "model_version": base.version,
        "n": len(views),
        "repeats": args.repeats,
        "len_p50": lengths[len(lengths) // 2],
        "len_p90": lengths[int(len(lengths) * 0.9)],
        "len_max": lengths[-1],
        "skipped": skipped,
    }
    text = markdown(rows, bucket_rows, meta)
    if skipped:
        text += "\n\nSkipped variants: " + "; ".join(f"{k}: {v}" for k, v in skipped.items())
    served = served_rows(scorers, views, args.repeats)
    if served:
        text += "\n\nAs served (`score_batch`, with its result cache, starting empty; the mix repeats some requests after normalisation):\n\n"
        text += "| variant | batch | req/s | µs/req |\n|---|---|---|---|\n"
        text += "\n".join(f"| {r['variant']} | {r['batch']} | {r['rps']:,.0f} | {r['us_per_req']:,.0f} |" for r in served)
    win = pick_winner([r for r in rows if r["threads"] == 1])
    if win:
        fp32 = next((r for r in rows if r["threads"] == 1 and r["batch"] == 64 and r["variant"] == "fp32"), None)
        gain = f" ({win['rps'] / fp32['rps']:.2f}x fp32)" if fp32 else ""
        text += f"\n\nFastest at batch 64, 1 thread: **{win['variant']}**, {win['rps']:,.0f} req/s{gain}."
    best = max(rows, key=lambda r: r["rps"]) if rows else None
    if best:
        ok = "met" if best["rps"] >= 2000 else "NOT met"
        text += f"\nTarget >= 2,000 req/s batched: best {best['rps']:,.0f} req/s ({best['variant']}, batch {best['batch']}, {best['threads']} threads) -> {ok}."
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    (out / f"engine-{stamp}.md").write_text(text + "\n")
    (out / f"engine-{stamp}.json").write_text(
        json.dumps({"meta": meta, "rows": rows, "bucketing": bucket_rows, "served": served}, indent=1)
    )
    print(text)
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
