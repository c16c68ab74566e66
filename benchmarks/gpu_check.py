"""GPU check: the engine and the shared micro-batcher on CUDA, when a GPU is lent.

A short prepared script for the device tool (never run in CI): without CUDA it says
so and exits 0. With CUDA it (1) checks that CUDA scores match CPU scores on the same
requests, (2) times the scoring path per stage for batch sizes 1..256, and (3) drives
one MicroBatcher with 256 concurrent submitters for a few seconds, reporting
requests/s and the batch sizes it formed. Markdown and JSON go to --out (or $OUT).

    .venv/bin/python benchmarks/gpu_check.py --out "$OUT"          # on the device machine
    .venv/bin/python benchmarks/gpu_check.py --fake --out "$OUT"   # without a trained model
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.engine import DEFAULT_MODEL, best_of, load_views, make_fake_model, run_stages  # noqa: E402


def synthetic_views(n: int, seed: int = 0) -> list:
    """Requests of varied length when the shared corpora are not on this machine (the device)."""
    import random

    from waf_proxy.inspect import RequestView

    rng = random.Random(seed)
    words = ["id", "page", "q", "user", "sort", "lang", "ref", "token", "filter", "cart"]
    views = []
    for i in range(n):
        fields = "&".join(f"{rng.choice(words)}={rng.randint(0, 10 ** rng.randint(1, 12))}" for _ in range(rng.randint(0, 12)))
        if i % 10 == 0:
            fields += "&q=%27%20or%201%3D1--"
        views.append(RequestView("GET", f"/shop/{rng.choice(words)}/{i}", fields, (("user-agent", "Mozilla/5.0"),)))
    return views


async def drive_batcher(score_fn, views, *, concurrency: int, seconds: float, max_batch: int, wait_ms: float) -> dict:
    """`concurrency` submitters in a loop against one MicroBatcher; req/s and batch sizes."""
    from waf_proxy.engine.batcher import BatcherError, MicroBatcher

    sizes: list[int] = []
    batcher = MicroBatcher(
        score_fn, max_batch_size=max_batch, max_wait_ms=wait_ms, max_queue=4 * concurrency,
        timeout_ms=5000, on_batch=lambda size, _s: sizes.append(size),
    )  # fmt: skip
    await batcher.start()
    done = errors = 0
    stop_at = time.perf_counter() + seconds

    async def client(k: int) -> None:
        nonlocal done, errors
        i = k
        while time.perf_counter() < stop_at:
            try:
                await batcher.submit(views[i % len(views)])
                done += 1
            except BatcherError:
                errors += 1
            i += concurrency

    started = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(concurrency)))
    elapsed = time.perf_counter() - started
    await batcher.stop()
    return {
        "concurrency": concurrency,
        "max_batch_size": max_batch,
        "rps": round(done / elapsed, 1),
        "errors": errors,
        "batches": len(sizes),
        "mean_batch": round(sum(sizes) / len(sizes), 1) if sizes else 0.0,
        "max_batch": max(sizes, default=0),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--fake", action="store_true", help="random weights in the default shape")
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--out", default=os.environ.get("OUT", "benchmarks/results/"))
    args = ap.parse_args(argv)

    import torch

    if not torch.cuda.is_available():
        print(f"gpu_check: no CUDA device (torch {torch.__version__}, cuda build: {torch.version.cuda}); nothing to do")
        return 0
    from waf_proxy.engine.artifacts import load_scorer

    from benchmarks.mix import DATASETS

    views = load_views(args.n) if DATASETS.is_dir() else synthetic_views(args.n)
    tmp = None
    model_dir = Path(args.model)
    if args.fake or not (model_dir / "config.json").exists():
        tmp = tempfile.TemporaryDirectory(prefix="waf-fake-model-")
        model_dir = make_fake_model(Path(tmp.name), views)
    device = "cuda"
    name = torch.cuda.get_device_name(0)
    cpu = load_scorer(model_dir)
    gpu = load_scorer(model_dir, device=device)
    check = views[:64]
    diff = max(abs(a.score - b.score) for a, b in zip(cpu.score_batch(check), gpu.score_batch(check)))

    rows = []
    for size in (1, 2, 4, 8, 16, 32, 64, 128, 256):
        run_stages(gpu, views[: 2 * size], size)  # warm-up: kernels, allocator
        torch.cuda.synchronize()
        st = best_of(lambda: run_stages(gpu, views, size), 2)
        rows.append({"batch": size} | st.row())
        print(f"[gpu] batch {size}: {rows[-1]['rps']:.0f} req/s", file=sys.stderr)

    drives = []
    for max_batch in (1, 64, 256):
        drives.append(asyncio.run(drive_batcher(gpu.score_batch, views, concurrency=256, seconds=args.seconds,
                                                max_batch=max_batch, wait_ms=2.0)))

    lines = [
        f"## GPU check: {name}, torch {torch.__version__}, model {gpu.version}",
        "",
        f"max |score(cuda) - score(cpu)| over {len(check)} requests: {diff:.2e}",
        "",
        "| batch | req/s | µs/req | normalise | tokenise | model | post |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['batch']} | {r['rps']:,.0f} | {r['us_per_req']:,.0f} | {r['normalise_us']:,.0f} | {r['tokenise_us']:,.0f} "
        f"| {r['model_us']:,.0f} | {r['post_us']:,.0f} |"
        for r in rows
    ]
    lines += ["", "MicroBatcher, 256 concurrent submitters:", "", "| max_batch_size | req/s | mean batch | max batch | errors |", "|---|---|---|---|---|"]
    lines += [f"| {d['max_batch_size']} | {d['rps']:,.0f} | {d['mean_batch']} | {d['max_batch']} | {d['errors']} |" for d in drives]
    text = "\n".join(lines)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "gpu_check.md").write_text(text + "\n")
    (out / "gpu_check.json").write_text(json.dumps({"device": name, "max_abs_diff": diff, "stages": rows, "batcher": drives}, indent=1))
    print(text)
    if tmp is not None:
        tmp.cleanup()
    return 0 if diff < 1e-3 else 1


if __name__ == "__main__":
    sys.exit(main())
