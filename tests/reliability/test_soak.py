"""The soak script's pure parts: classification, request serialisation, statistics."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location("soak", Path(__file__).resolve().parents[2] / "benchmarks" / "soak.py")
soak = importlib.util.module_from_spec(SPEC)
sys.modules["soak"] = soak
SPEC.loader.exec_module(soak)


@pytest.mark.parametrize("status,outcome", [(200, "forwarded"), (404, "forwarded"), (302, "forwarded"),
                                            (403, "blocked"), (429, "rate_limited"), (503, "5xx:503"),
                                            (502, "5xx:502"), (408, "4xx:408")])
def test_classify(status: int, outcome: str) -> None:
    assert soak.classify(status) == outcome


def test_to_wire_is_byte_exact_and_drops_framing_headers() -> None:
    wire = soak.to_wire({"method": "POST", "path": "/a%20b", "query": "x=%27&y=1", "body": "k=v",
                         "headers": [["User-Agent", "t"], ["Content-Length", "999"], ["Host", "evil"]]})
    head, body = wire.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    assert lines[0] == b"POST /a%20b?x=%27&y=1 HTTP/1.1"
    assert b"Content-Length: 3" in lines and b"Content-Length: 999" not in lines
    assert b"Host: evil" not in lines and body == b"k=v"


def test_percentile_and_slope() -> None:
    values = [float(i) for i in range(1, 101)]
    assert soak.percentile(values, 50) in (50.0, 51.0)
    assert soak.percentile(values, 99) == 99.0
    assert soak.slope_per_min([(0, 100.0), (30, 100.5), (60, 101.0)]) == pytest.approx(1.0)
    assert soak.slope_per_min([(0, 5.0), (60, 5.0), (120, 5.0)]) == 0.0


async def test_read_response_handles_lengths_and_chunks() -> None:
    reader = asyncio.StreamReader()
    reader.feed_data(b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nok\n"
                     b"HTTP/1.1 403 Forbidden\r\ntransfer-encoding: chunked\r\n\r\n2\r\nno\r\n0\r\n\r\n"
                     b"HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\ncontent-length: 0\r\n\r\n")
    assert await soak.read_response(reader) == (200, True)
    assert await soak.read_response(reader) == (403, True)
    assert await soak.read_response(reader) == (502, False)
