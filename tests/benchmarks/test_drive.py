"""The asyncio load generator: schedule, percentiles, response framing, and a live loop."""

from __future__ import annotations

import asyncio

from benchmarks.drive import closed_loop, open_loop, percentile, read_response, response_length, schedule


def test_percentile_nearest_rank():
    values = [float(i) for i in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([], 99) == 0.0


def test_schedule_is_constant_rate():
    s = schedule(100, 2)
    assert len(s) == 200 and s[0] == 0 and abs(s[1] - 0.01) < 1e-12
    assert schedule(0, 5) == []


def test_response_length_variants():
    assert response_length(b"HTTP/1.1 200 OK\r\nContent-Length: 3") == (200, 3, True)
    assert response_length(b"HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\nConnection: close") == (403, None, False)
    assert response_length(b"HTTP/1.0 204 No Content") == (204, 0, False)


async def test_read_response_chunked():
    reader = asyncio.StreamReader()
    reader.feed_data(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nNEXT")
    assert await read_response(reader) == (200, True)
    assert await reader.readexactly(4) == b"NEXT"


async def _server():
    async def handle(reader, writer):
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def test_open_loop_sends_at_the_rate_and_counts_statuses():
    server, port = await _server()
    async with server:
        res = await open_loop("127.0.0.1", port, [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"], rate=200, duration=0.5, max_conns=8)
    s = res.summary()
    assert s["requests"] == 100 and s["errors"] == 0 and s["statuses"] == {"200": 100}
    assert 0.45 <= s["duration_s"] < 2.0


async def test_closed_loop_counts_errors_when_nothing_listens():
    server, port = await _server()
    server.close()
    await server.wait_closed()
    res = await closed_loop("127.0.0.1", port, [b"GET / HTTP/1.1\r\n\r\n"], connections=2, duration=0.2)
    assert res.summary()["requests"] == 0 and res.errors > 0


async def test_open_loop_warmup_is_not_recorded():
    server, port = await _server()
    async with server:
        res = await open_loop("127.0.0.1", port, [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"], rate=200, duration=0.25, warmup=0.25)
    assert res.summary()["requests"] == 50
