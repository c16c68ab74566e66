"""Decision API: single-check latency alone vs during a large /check/batch call, and batch time.

Runs the check app in-process (httpx ASGI transport, no sockets) over the real
model, so it measures the API plus the shared micro-batcher and model, not the
network. Every request is distinct, so the engine's score cache does not help.

    .venv/bin/python benchmarks/check_api.py --model models/default --items 1000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

import httpx

from waf_proxy.check import create_check_app
from waf_proxy.config import Settings
from waf_proxy.decision import build_engine
from waf_proxy.ops.logging import configure_logging

BENIGN = {"method": "GET", "path": "/products", "headers": [["User-Agent", "Mozilla/5.0"]]}
SQLI_QUERY = "id=1%27%20UNION%20SELECT%20password%20FROM%20users--"


def item(i: int, attack: bool) -> dict:
    query = f"{SQLI_QUERY}{i}" if attack else f"id={i}&sort=price"
    return {**BENIGN, "query": query}


async def measure(args: argparse.Namespace) -> int:
    settings = Settings(model={"path": Path(args.model)}, mode="block")
    configure_logging(settings)  # as check-server does: ordinary passes are not logged
    engine = build_engine(settings)
    await engine.start()
    app = create_check_app(settings, engine, manage_engine=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://check", timeout=300) as http:
        await http.post("/check", json=item(-1, False))  # warm up
        alone = []
        for i in range(args.singles):
            t0 = time.perf_counter()
            await http.post("/check", json=item(10_000 + i, False))
            alone.append(time.perf_counter() - t0)

        items = [item(i, i % 7 == 0) for i in range(args.items)]
        span: list[float] = []

        async def batch() -> httpx.Response:
            span.append(time.perf_counter())
            answer = await http.post("/check/batch", json={"items": items})
            span.append(time.perf_counter())
            return answer

        async def singles() -> list[float]:
            await asyncio.sleep(0.05)
            out = []
            while not span or len(span) < 2:
                t0 = time.perf_counter()
                await http.post("/check", json=item(20_000 + len(out), False))
                out.append(time.perf_counter() - t0)
                await asyncio.sleep(0.02)
            return out

        answer, during = await asyncio.gather(batch(), singles())
    await engine.stop()

    results = answer.json()["results"]
    blocked = sum(r["outcome"] == "block" for r in results)
    expected = sum(1 for i in range(args.items) if i % 7 == 0)
    errors = sum(1 for r in results if r["error"])
    batch_s = span[1] - span[0]
    ms = lambda xs, q: 1000 * statistics.quantiles(xs, n=20)[q] if len(xs) >= 2 else 1000 * xs[0]  # noqa: E731
    print(f"model {results[0]['model_version']}, max_batch_size {settings.batcher.max_batch_size}")
    print(f"single /check alone:        median {1000 * statistics.median(alone):6.1f} ms  p95 {ms(alone, 18):6.1f} ms  (n={len(alone)})")
    print(f"single /check during batch: median {1000 * statistics.median(during):6.1f} ms  p95 {ms(during, 18):6.1f} ms  (n={len(during)})")
    print(f"/check/batch of {args.items}: {1000 * batch_s:.0f} ms ({args.items / batch_s:.0f} items/s); "
          f"blocked {blocked}/{expected} attacks, {blocked - min(blocked, expected)} extra, {errors} errors")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--singles", type=int, default=30)
    return asyncio.run(measure(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
