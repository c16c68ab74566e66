"""The replayer sends each record byte-exact and records the right status per record."""

from __future__ import annotations

import asyncio
import json

import pytest

from benchmarks import replay as rp


class RecordingServer:
    """A raw HTTP/1.1 server on loopback: records each request, answers by path."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []
        self.active = 0
        self.max_active = 0
        self.server: asyncio.base_events.Server | None = None
        self.port = 0

    async def __aenter__(self) -> "RecordingServer":
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length) if length else b""
                self.requests.append(head + body)
                self.active += 1
                self.max_active = max(self.max_active, self.active)
                try:
                    path = head.split(b" ", 2)[1]
                    if path.startswith(b"/slow"):
                        await asyncio.sleep(5)
                    if path.startswith(b"/block"):
                        writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\nX-Request-Id: abc\r\n\r\nforbidden")
                    elif path.startswith(b"/toolong"):
                        writer.write(b"HTTP/1.1 414 URI Too Long\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        await writer.drain()
                        return
                    elif path.startswith(b"/chunked"):
                        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
                    elif path.startswith(b"/reset"):
                        return
                    else:
                        await asyncio.sleep(0.01)
                        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
                    await writer.drain()
                finally:
                    self.active -= 1
        finally:
            writer.close()


def rec(i: int, path: str = "/a", query: str = "", method: str = "GET", body: str = "", headers=None) -> dict:
    return {"id": f"r{i}", "method": method, "path": path, "query": query,
            "headers": headers if headers is not None else [["User-Agent", "t"], ["Accept", "*/*"]],
            "body": body, "label": "benign", "category": "normal", "source": "test"}


def test_build_request_is_byte_exact() -> None:
    r = rec(1, "/p%2e%2E/x", "a=%27%20or%201=1--&b=+c", "POST", "é=1",
            [["Accept-Charset", "utf-8"], ["Cookie", "s=1"]])
    data = rp.build_request(r)
    assert data == (b"POST /p%2e%2E/x?a=%27%20or%201=1--&b=+c HTTP/1.1\r\nHost: localhost\r\n"
                    b"Accept-Charset: utf-8\r\nCookie: s=1\r\nContent-Length: 4\r\n\r\n"
                    + "é=1".encode())
    assert b"Content-Length" not in rp.build_request(rec(2))
    assert b"?" not in rp.build_request(rec(3)).split(b"\r\n")[0]


def test_drop_headers_is_case_insensitive_and_copies() -> None:
    r = rec(1, headers=[["Accept-Charset", "x"], ["User-Agent", "u"]])
    out = rp.drop_headers(r, ["accept-charset"])
    assert out["headers"] == [["User-Agent", "u"]]
    assert r["headers"][0] == ["Accept-Charset", "x"]


@pytest.mark.parametrize("status,outcome", [(403, "blocked"), (200, "passed"), (404, "passed"),
                                            (302, "passed"), (400, "rejected"), (414, "rejected"),
                                            (413, "rejected"), (405, "rejected"), (500, "error"), (0, "error")])
def test_classify(status: int, outcome: str) -> None:
    assert rp.classify(status) == outcome


def test_sample_is_seeded_bounded_and_ordered() -> None:
    items = [{"id": str(i)} for i in range(100)]
    a = rp.sample(items, 10, seed=3)
    assert a == rp.sample(items, 10, seed=3)
    assert len(a) == 10 and [int(x["id"]) for x in a] == sorted(int(x["id"]) for x in a)
    assert a != rp.sample(items, 10, seed=4)
    assert rp.sample(items[:5], 10, seed=3) == items[:5]


async def test_replay_records_status_per_record_in_order() -> None:
    records = [rec(0, "/ok"), rec(1, "/block", "x=%3Cscript%3E"), rec(2, "/chunked"),
               rec(3, "/toolong"), rec(4, "/ok", method="POST", body='{"a": 1}'), rec(5, "/block")]
    async with RecordingServer() as srv:
        results = await rp.replay(records, srv.port, concurrency=2)
    assert [r.id for r in results] == [f"r{i}" for i in range(6)]
    assert [r.status for r in results] == [200, 403, 200, 414, 200, 403]
    assert results[1].request_id == "abc"
    assert rp.summarize(results)["blocked"] == 2
    sent = {req.split(b" ", 2)[1] for req in srv.requests}
    assert b"/block?x=%3Cscript%3E" in sent
    post = next(r for r in srv.requests if r.startswith(b"POST"))
    assert post.endswith(b'\r\n\r\n{"a": 1}') and b"Content-Length: 8\r\n" in post
    assert all(b"\r\nHost: localhost\r\n" in r for r in srv.requests)


async def test_replay_bounds_concurrency() -> None:
    records = [rec(i) for i in range(40)]
    async with RecordingServer() as srv:
        results = await rp.replay(records, srv.port, concurrency=4)
    assert len(results) == 40 and all(r.status == 200 for r in results)
    assert 1 < srv.max_active <= 4


async def test_replay_survives_timeouts_and_resets() -> None:
    records = [rec(0, "/slow"), rec(1, "/reset"), rec(2, "/ok")]
    async with RecordingServer() as srv:
        results = await rp.replay(records, srv.port, concurrency=1, timeout=0.3)
    assert results[0].status == 0 and "Timeout" in (results[0].error or "")
    assert results[1].status == 0 and results[1].error
    assert results[2].status == 200


async def test_replay_reports_refused_connection() -> None:
    async with RecordingServer() as srv:
        port = srv.port
    results = await rp.replay([rec(0)], port, timeout=1)
    assert results[0].status == 0 and results[0].outcome == "error"


def test_read_jsonl_skips_blank_lines(tmp_path) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps(rec(0)) + "\n\n" + json.dumps(rec(1)) + "\n")
    assert [r["id"] for r in rp.read_jsonl(p)] == ["r0", "r1"]
