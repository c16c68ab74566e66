"""Reading an ASGI request: raw values, the inspected prefix, exact replay, framing checks."""

from __future__ import annotations

import asyncio

import pytest

from waf_proxy.inspect import (
    BodyReplay,
    ClientDisconnected,
    RequestRejected,
    check_framing,
    inspectable_body,
    read_request,
    view_from_scope,
)


def scope(headers=(), raw_path=b"/a%2Fb/../c", query=b"x=%27%20or%201&y=\xff", method="POST"):
    return {
        "type": "http",
        "method": method,
        "path": "/a/b/../c",
        "raw_path": raw_path,
        "query_string": query,
        "headers": [(k.encode(), v.encode()) for k, v in headers],
    }


class FakeReceive:
    """Hands out body chunks as separate http.request messages, then http.disconnect."""

    def __init__(self, chunks: list[bytes], delay_s: float = 0.0) -> None:
        self.messages = [
            {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)
        ]
        self.calls = 0
        self.delay_s = delay_s

    async def __call__(self):
        self.calls += 1
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.messages:
            return self.messages.pop(0)
        await asyncio.sleep(0)
        return {"type": "http.disconnect"}


async def drain(receive) -> tuple[list[dict], bytes]:
    messages = []
    while True:
        m = await receive()
        messages.append(m)
        if m["type"] != "http.request" or not m.get("more_body"):
            return messages, b"".join(x.get("body", b"") for x in messages)


async def test_view_has_raw_path_query_and_selected_headers():
    headers = [("User-Agent", "curl/8"), ("Cookie", "a=1"), ("Cookie", "b=2"), ("X-Secret", "no"), ("X-Scan", "y")]
    view, _ = await read_request(
        scope(headers), FakeReceive([b"k=v"]), inspected=["user-agent", "cookie", "x-scan"]
    )
    assert view.method == "POST"
    assert view.path == "/a%2Fb/../c"  # raw, not the decoded scope["path"]
    assert view.query == "x=%27%20or%201&y=\ufffd"  # invalid UTF-8 inspected as U+FFFD
    assert view.headers == (("user-agent", "curl/8"), ("cookie", "a=1"), ("cookie", "b=2"), ("x-scan", "y"))
    assert view.body == b"k=v" and not view.body_truncated


async def test_prefix_is_inspected_and_the_whole_body_replays_unchanged():
    chunks = [bytes([i % 256]) * 1000 for i in range(200)]  # 200 KB in 1 KB chunks, every byte value
    receive = FakeReceive(list(chunks))
    view, replay = await read_request(scope([("Content-Type", "text/plain")]), receive, inspect_body_bytes=4096)
    assert view.body == b"".join(chunks)[:4096] and view.body_truncated
    assert receive.calls == 5  # stopped reading once the prefix was in: the rest stays unread
    assert not replay.complete
    messages, body = await drain(replay)
    assert body == b"".join(chunks)
    assert [m["body"] for m in messages] == chunks  # the same chunks, not re-split
    assert (await replay())["type"] == "http.disconnect"  # passes through after the body


async def test_stream_yields_the_rest_for_an_upstream_client():
    chunks = [b"a" * 10, b"b" * 10, b"c" * 10]
    view, replay = await read_request(scope(), FakeReceive(chunks), inspect_body_bytes=15)
    assert view.body == b"a" * 10 + b"b" * 5
    assert [c async for c in replay.stream()] == chunks


async def test_small_body_is_complete():
    view, replay = await read_request(scope(method="GET"), FakeReceive([b""]))
    assert view.body == b"" and not view.body_truncated and replay.complete
    assert replay.buffered_body() == b"" and [c async for c in replay.stream()] == []


async def test_inspect_body_bytes_zero_reads_one_message_at_most():
    receive = FakeReceive([b"abc", b"def"])
    view, replay = await read_request(scope(), receive, inspect_body_bytes=0)
    assert view.body == b"" and view.body_truncated and receive.calls == 1
    assert (await drain(replay))[1] == b"abcdef"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ([("Content-Length", "5"), ("Transfer-Encoding", "chunked")], 400),
        ([("Content-Length", "5"), ("Content-Length", "5")], 400),
        ([("Content-Length", "5, 6")], 400),
        ([("Content-Length", "-1")], 400),
        ([("Content-Length", "0x10")], 400),
        ([("Transfer-Encoding", "chunked, gzip")], 400),
        ([("Content-Length", "1000001")], 413),
    ],
)
async def test_ambiguous_framing_and_oversized_declared_bodies_are_rejected(headers, status):
    receive = FakeReceive([b"hello"])
    with pytest.raises(RequestRejected) as info:
        await read_request(scope(headers), receive, max_body_bytes=1_000_000)
    assert info.value.status == status
    assert receive.calls == 0  # rejected before reading anything


def test_check_framing_accepts_plain_requests():
    assert check_framing([(b"content-length", b"42")]) == 42
    assert check_framing([(b"transfer-encoding", b"chunked")]) is None
    assert check_framing([]) is None


async def test_chunked_body_over_max_is_413_while_reading_and_while_streaming():
    with pytest.raises(RequestRejected) as info:
        await read_request(scope(), FakeReceive([b"x" * 600, b"x" * 600]), max_body_bytes=1000)
    assert info.value.status == 413
    _, replay = await read_request(
        scope(), FakeReceive([b"x" * 100, b"x" * 600, b"x" * 600]), max_body_bytes=1000, inspect_body_bytes=50
    )
    with pytest.raises(RequestRejected):
        await drain(replay)


async def test_slow_body_gets_408():
    with pytest.raises(RequestRejected) as info:
        await read_request(scope(), FakeReceive([b"a", b"b", b"c"], delay_s=0.05), body_timeout_s=0.08)
    assert info.value.status == 408


async def test_disconnect_before_body_and_during_stream():
    async def gone():
        return {"type": "http.disconnect"}

    with pytest.raises(ClientDisconnected):
        await read_request(scope(), gone)
    replay = BodyReplay(gone, [], more_body=True, received_bytes=0)
    with pytest.raises(ClientDisconnected):
        [c async for c in replay.stream()]


def test_view_from_scope_without_raw_path():
    view = view_from_scope({"type": "http", "method": "get", "path": "/a b", "headers": []})
    assert view.path == "/a%20b" and view.method == "GET" and view.query == ""


@pytest.mark.parametrize(
    "headers",
    [[("X-H%d" % i, "v") for i in range(300)], [("Cookie", "a" * 70_000)]],
)
async def test_absurd_header_sections_get_431(headers):
    with pytest.raises(RequestRejected) as info:
        await read_request(scope(headers), FakeReceive([b""]))
    assert info.value.status == 431


async def test_many_but_sane_headers_pass():
    view, _ = await read_request(scope([("X-H%d" % i, "v" * 30) for i in range(200)]), FakeReceive([b""]))
    assert view.method == "POST"


BINARY = bytes(range(256)) * 8


@pytest.mark.parametrize(
    ("content_type", "body", "inspected"),
    [
        ("application/x-www-form-urlencoded", b"q=1%27+or+1%3D1", True),
        ("application/json; charset=utf-8", b'{"q": "<script>"}', True),
        ("application/vnd.api+json", b'{"q": 1}', True),
        ("text/xml", b"<a>&xxe;</a>", True),
        ("application/octet-stream", b'{"q": "\' or 1=1"}', True),  # text whatever the label
        ("", "caf\u00e9 ".encode() * 10, True),
        ("image/png", BINARY, False),
        ("application/octet-stream", BINARY, False),
        ("", b"\x00\x01\x02" * 100, False),
        ("application/json", BINARY, True),  # a textual type is always inspected
    ],
)
def test_which_bodies_the_model_sees(content_type, body, inspected):
    assert inspectable_body(content_type, body) == (body if inspected else b"")


def test_multipart_keeps_text_parts_and_empties_binary_files():
    body = (b'--XB\r\nContent-Disposition: form-data; name="q"\r\n\r\n1 union select 1\r\n'
            b'--XB\r\nContent-Disposition: form-data; name="f"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n'
            + BINARY + b"\r\n--XB--\r\n")
    seen = inspectable_body('multipart/form-data; boundary="XB"', body)
    assert b"1 union select 1" in seen and b'filename="a.png"' in seen
    assert BINARY[:64] not in seen


async def test_binary_upload_is_forwarded_whole_but_not_scored():
    view, replay = await read_request(scope([("Content-Type", "image/png")]), FakeReceive([BINARY]))
    assert view.body == b"" and replay.buffered_body() == BINARY
