"""Replay corpus records over real HTTP/1.1 and record what the target answered.

Shared by the detection comparison (ours vs ModSecurity + CRS) and anything else
that must send corpus lines to a server exactly as the corpus describes them. The
request is written byte for byte on a raw socket (no HTTP client library
re-encodes the target): request line = method + path + "?" + query, then
`Host: localhost`, the record's headers in order, and Content-Length for a
non-empty body. Connections are kept alive; concurrency is bounded by the number
of worker connections.

    .venv/bin/python benchmarks/replay.py --port 18082 --limit 500 FILE.jsonl ...
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

Record = dict[str, Any]

# Statuses nginx itself answers before a WAF sees the request (bad request line,
# method not allowed, body too large, URI too long): not WAF decisions.
NGINX_REJECT = frozenset({400, 405, 413, 414})
MAX_HEAD = 64 * 1024
MAX_BODY = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """What one replayed record got back."""

    id: str
    status: int  # 0 when no response arrived
    error: str | None = None  # why no response arrived (timeout, reset, ...)
    request_id: str = ""  # the response's X-Request-Id, to join with server logs
    elapsed_ms: float = 0.0

    @property
    def outcome(self) -> str:
        return classify(self.status)


def classify(status: int) -> str:
    """403 = blocked; nginx 400/405/413/414 = rejected; <400 or 404 = passed."""
    if status == 403:
        return "blocked"
    if status in NGINX_REJECT:
        return "rejected"
    if 0 < status < 400 or status == 404:
        return "passed"
    return "error"


def read_jsonl(path: str | Path) -> Iterator[Record]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def sample(records: Iterable[Record], n: int | None, seed: int) -> list[Record]:
    """A seeded uniform sample of at most n records, kept in input order."""
    items = list(records)
    if n is None or len(items) <= n:
        return items
    keep = sorted(random.Random(seed).sample(range(len(items)), n))
    return [items[i] for i in keep]


def drop_headers(record: Record, names: Iterable[str]) -> Record:
    """A copy of the record without the named headers (case-insensitive)."""
    drop = {n.lower() for n in names}
    return {**record, "headers": [[k, v] for k, v in record["headers"] if k.lower() not in drop]}


def build_request(record: Record, host: str = "localhost") -> bytes:
    """The exact bytes sent for one record (latin-1 for the head, UTF-8 body)."""
    target = record["path"] + ("?" + record["query"] if record.get("query") else "")
    body = (record.get("body") or "").encode("utf-8", "surrogateescape")
    lines = [f"{record['method']} {target} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in record.get("headers", [])]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    return head + body


class _Closed(Exception):
    """The server closed the connection (or asked to) after this response."""


async def _read_response(reader: asyncio.StreamReader, method: str) -> tuple[int, dict[str, str], bool]:
    """Read one response; return status, headers (lower-case) and keep-alive."""
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > MAX_HEAD:
        raise ValueError("response head too large")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise ValueError(f"bad status line {lines[0][:80]!r}")
    status = int(parts[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    keep_alive = headers.get("connection", "").lower() != "close" and parts[0] == "HTTP/1.1"
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return status, headers, keep_alive
    if "chunked" in headers.get("transfer-encoding", "").lower():
        total = 0
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
            total += size
            if total > MAX_BODY:
                raise ValueError("response body too large")
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif "content-length" in headers:
        length = int(headers["content-length"])
        if length > MAX_BODY:
            raise ValueError("response body too large")
        await reader.readexactly(length)
    else:  # no length: the body runs to the end of the connection
        await reader.read(MAX_BODY)
        keep_alive = False
    return status, headers, keep_alive


class _Connection:
    """One keep-alive connection, reopened after errors or `Connection: close`."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except (OSError, ConnectionError):
                pass
        self.reader = self.writer = None

    async def send(self, data: bytes, method: str) -> tuple[int, dict[str, str]]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=MAX_HEAD * 2)
        assert self.reader is not None
        self.writer.write(data)
        await self.writer.drain()
        status, headers, keep_alive = await _read_response(self.reader, method)
        if not keep_alive:
            await self.close()
        return status, headers


async def replay(
    records: Sequence[Record],
    port: int,
    *,
    host: str = "127.0.0.1",
    concurrency: int = 32,
    timeout: float = 10.0,
    host_header: str = "localhost",
    progress: Callable[[int], None] | None = None,
) -> list[ReplayResult]:
    """Send every record to host:port; one result per record, in input order."""
    results: list[ReplayResult | None] = [None] * len(records)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(len(records)):
        queue.put_nowait(i)

    async def worker() -> None:
        conn = _Connection(host, port)
        try:
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                rec = records[i]
                start = time.perf_counter()
                try:
                    data = build_request(rec, host_header)
                    status, headers = await asyncio.wait_for(conn.send(data, rec["method"]), timeout)
                    results[i] = ReplayResult(
                        str(rec.get("id", i)), status, None, headers.get("x-request-id", ""),
                        (time.perf_counter() - start) * 1000,
                    )
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError,
                        asyncio.LimitOverrunError, ValueError) as exc:
                    await conn.close()
                    error = type(exc).__name__ + (f": {exc}" if str(exc) else "")
                    results[i] = ReplayResult(str(rec.get("id", i)), 0, error[:200], "",
                                              (time.perf_counter() - start) * 1000)
                if progress is not None:
                    progress(1)
        finally:
            await conn.close()

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(records))))))
    return [r for r in results if r is not None]


def replay_sync(records: Sequence[Record], port: int, **kwargs: Any) -> list[ReplayResult]:
    return asyncio.run(replay(records, port, **kwargs))


def summarize(results: Iterable[ReplayResult]) -> dict[str, int]:
    """Outcome counts (blocked/passed/rejected/error) plus per-status counts."""
    counts: Counter[str] = Counter()
    for r in results:
        counts[r.outcome] += 1
        counts[f"status_{r.status}"] += 1
    return dict(counts)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", help="JSONL corpus files")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--limit", type=int, default=None, help="seeded sample of at most N per file")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--drop-header", action="append", default=[], help="remove this header first")
    args = ap.parse_args(argv)
    for path in args.files:
        recs = sample(read_jsonl(path), args.limit, args.seed)
        if args.drop_header:
            recs = [drop_headers(r, args.drop_header) for r in recs]
        start = time.perf_counter()
        res = replay_sync(recs, args.port, host=args.host, concurrency=args.concurrency, timeout=args.timeout)
        secs = time.perf_counter() - start
        counts = summarize(res)
        print(f"{path}: {len(res)} requests in {secs:.1f}s ({len(res) / max(secs, 1e-9):.0f}/s) "
              + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
