"""Event-loop lag while the scorer works in a thread: what the model's GIL use costs the proxy.

A worker thread scores batches of corpus requests back to back (as the batcher's
worker does under load) while the asyncio loop wakes every millisecond; the loop's
lateness (p50/p99/max) and the worker's batches/s are reported for eager torch and
for `model.jit` (one GIL release per forward pass), fp32 and int8.

    .venv/bin/python benchmarks/loop_lag.py [--seconds 5] [--batch 32]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.engine import DEFAULT_MODEL, load_views  # noqa: E402
from waf_proxy.engine.artifacts import load_scorer  # noqa: E402


async def lag_while(work: threading.Thread, seconds: float, busy_ms: float, tick_s: float = 0.001) -> list[float]:
    """Lateness (ms) of each 1 ms wake-up of the loop while `work` runs; each wake-up
    then holds the GIL for busy_ms of pure Python (a request's HTTP work in the proxy)."""
    lags: list[float] = []
    work.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        await asyncio.sleep(tick_s)
        lags.append((time.perf_counter() - t0 - tick_s) * 1e3)
        spin_until = time.perf_counter() + busy_ms / 1e3
        while time.perf_counter() < spin_until:
            pass
    return lags


def measure(scorer, views, batch: int, seconds: float, busy_ms: float) -> dict:
    scorer.cache_size = 0  # every request reaches the model
    stop = threading.Event()
    done = [0]

    def worker() -> None:
        i = 0
        while not stop.is_set():
            scorer.score_batch(views[i : i + batch])
            i = (i + batch) % (len(views) - batch)
            done[0] += 1

    t0 = time.perf_counter()
    thread = threading.Thread(target=worker, daemon=True)
    lags = sorted(asyncio.run(lag_while(thread, seconds, busy_ms)))
    stop.set()
    thread.join()
    elapsed = time.perf_counter() - t0
    q = lambda p: lags[min(len(lags) - 1, int(p * len(lags)))]  # noqa: E731
    return {"req_per_s": done[0] * batch / elapsed, "lag_p50_ms": q(0.5), "lag_p99_ms": q(0.99), "lag_max_ms": lags[-1]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--n", type=int, default=2048)
    ap.add_argument("--busy-ms", default="0,0.5", help="Python work per loop wake-up, comma list")
    args = ap.parse_args(argv)
    views = load_views(args.n)
    print("| variant | loop busy ms/tick | scorer req/s | loop lag p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for busy, int8, jit in itertools.product(map(float, args.busy_ms.split(",")), (False, True), (False, True)):
        scorer = load_scorer(args.model, quantize_int8=int8, threads=1, jit=jit)
        scorer.score_batch(views[: args.batch])  # warm up
        r = measure(scorer, views, args.batch, args.seconds, busy)
        name = ("int8" if int8 else "fp32") + (" jit" if jit else " eager")
        print(
            f"| {name} | {busy:g} | {r['req_per_s']:,.0f} | {r['lag_p50_ms']:.2f} | {r['lag_p99_ms']:.2f} "
            f"| {r['lag_max_ms']:.2f} |"
        )
    print(f"\nsys.getswitchinterval() = {sys.getswitchinterval() * 1e3:.1f} ms; batch {args.batch}; {args.seconds:g} s each")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
