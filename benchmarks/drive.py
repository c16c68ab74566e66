"""An asyncio HTTP/1.1 load generator: fixed request rate (open loop) or N connections.

wrk2 is not packaged, and wrk alone only drives "as fast as possible", so the
"latency added at half load" figure needs this: requests are *scheduled* at a fixed
rate and each latency is measured from its scheduled time, so a stalled server
shows up as latency instead of silently lowering the offered load (coordinated
omission). It also stands in for wrk when wrk is not installed (closed loop).

Run it in its own process: `python -m benchmarks.drive --port P --rate 500 --duration 10`.
It prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.mix import build_mix


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), math.ceil(pct / 100.0 * len(sorted_values) - 1e-9)))
    return sorted_values[rank - 1]


def schedule(rate: float, duration: float) -> list[float]:
    """Send offsets (seconds from start) for a constant rate: i / rate, i < rate * duration."""
    if rate <= 0 or duration <= 0:
        return []
    return [i / rate for i in range(int(rate * duration))]


def response_length(head: bytes) -> tuple[int, int | None, bool]:
    """(status, content length or None for chunked/unknown, keep-alive) from a response head."""
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length: int | None = None
    keep_alive = not lines[0].startswith(b"HTTP/1.0")
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            length = None
        elif name == b"connection":
            keep_alive = b"close" not in value.lower()
    if length is None and status in (204, 304):
        length = 0
    return status, length, keep_alive


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    status, length, keep_alive = response_length(head[:-4])
    if length is not None:
        await reader.readexactly(length)
    else:  # chunked
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, keep_alive


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)  # seconds
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0
    started: float = 0.0
    finished: float = 0.0

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        elapsed = max(self.finished - self.started, 1e-9)
        return {
            "requests": len(lat),
            "duration_s": round(elapsed, 3),
            "rps": round(len(lat) / elapsed, 1),
            "errors": self.errors,
            "non2xx": sum(n for s, n in self.statuses.items() if not 200 <= s < 300),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "latency_ms": {
                f"p{p}": round(percentile(lat, p) * 1000, 3) for p in (50, 90, 95, 99)
            }
            | {"max": round(lat[-1] * 1000, 3) if lat else 0.0},
        }


class Pool:
    """Keep-alive connections to one server, opened on demand up to `limit`."""

    def __init__(self, host: str, port: int, limit: int) -> None:
        self.host, self.port, self.limit = host, port, limit
        self.idle: asyncio.Queue = asyncio.Queue()
        self.opened = 0

    async def get(self):
        if self.idle.empty() and self.opened < self.limit:
            self.opened += 1
            try:
                return await asyncio.open_connection(self.host, self.port)
            except OSError:
                self.opened -= 1
                raise
        return await self.idle.get()

    def put(self, conn, reusable: bool) -> None:
        if reusable:
            self.idle.put_nowait(conn)
        else:
            self.opened -= 1
            conn[1].close()


async def _one(pool: Pool, wire: bytes, t_sched: float, res: Results | None) -> None:
    """Send one request; record it in `res` (None: a warm-up request, not recorded)."""
    try:
        conn = await pool.get()
    except OSError:
        if res is not None:
            res.errors += 1
        return
    reader, writer = conn
    try:
        writer.write(wire)
        status, keep_alive = await read_response(reader)
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
        if res is not None:
            res.errors += 1
        pool.put(conn, False)
        return
    if res is not None:
        res.latencies.append(time.perf_counter() - t_sched)
        res.statuses[status] += 1
    pool.put(conn, keep_alive)


async def open_loop(
    host: str, port: int, wires: list[bytes], rate: float, duration: float, max_conns: int = 256,
    warmup: float = 0.0,
) -> Results:
    """Send at a fixed rate; latency counts from each request's scheduled time.

    The first `warmup` seconds run at the same rate but are not recorded (connections
    opened, caches and allocators warm).
    """
    pool, res = Pool(host, port, max_conns), Results()
    tasks = []
    start = time.perf_counter()
    res.started = start + warmup
    for i, offset in enumerate(schedule(rate, warmup + duration)):
        delay = start + offset - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        record = res if offset >= warmup else None
        tasks.append(asyncio.ensure_future(_one(pool, wires[i % len(wires)], start + offset, record)))
    await asyncio.gather(*tasks)
    res.finished = time.perf_counter()
    return res


async def closed_loop(
    host: str, port: int, wires: list[bytes], connections: int, duration: float
) -> Results:
    """`connections` clients, each sending its next request when the previous answer is in."""
    pool, res = Pool(host, port, connections), Results()
    res.started = time.perf_counter()
    stop_at = res.started + duration

    async def client(k: int) -> None:
        i = k * 7919
        while time.perf_counter() < stop_at:
            await _one(pool, wires[i % len(wires)], time.perf_counter(), res)
            i += 1

    await asyncio.gather(*(client(k) for k in range(connections)))
    res.finished = time.perf_counter()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--duration", type=float, default=10.0)
    ap.add_argument("--rate", type=float, default=0.0, help="requests/s (open loop); 0: closed loop")
    ap.add_argument("--connections", type=int, default=64, help="closed loop clients / open loop max")
    ap.add_argument("--benign", type=int, default=380)
    ap.add_argument("--attack", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warmup", type=float, default=0.0, help="open loop: unrecorded seconds first")
    args = ap.parse_args(argv)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    wires = [r.to_wire() for r in build_mix(args.benign, args.attack, seed=args.seed)]
    if args.rate > 0:
        res = asyncio.run(
            open_loop(args.host, args.port, wires, args.rate, args.duration, args.connections, args.warmup)
        )
    else:
        res = asyncio.run(closed_loop(args.host, args.port, wires, args.connections, args.duration))
    out = res.summary() | {"rate": args.rate, "connections": args.connections}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
