"""Hostile input: the parser, normaliser and tokenizer take any bytes, and the proxy answers any client.

Property tests (hypothesis) drive the pure functions with arbitrary bytes,
bounded in examples and time so CI stays fast; HTTP-level tests send what a
client library would refuse to send, over raw sockets, to the real proxy.
"""

from __future__ import annotations

import importlib
import importlib.util
import asyncio
import hashlib
import json
import math
import re
import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from waf_proxy.inspect import RequestView

normalize = pytest.importorskip("waf_proxy.engine.normalize")

PROPERTY = settings(
    max_examples=70,
    deadline=timedelta(milliseconds=500),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples every run: CI never flakes on a new draw
)

# How a reader might turn raw wire bytes into the str fields of a RequestView.
DECODINGS = (
    lambda b: b.decode("latin-1"),
    lambda b: b.decode("utf-8", "surrogateescape"),
    lambda b: b.decode("utf-8", "replace"),
)
CONTENT_TYPES = (
    "", "application/json", "application/x-www-form-urlencoded", "text/xml",
    "multipart/form-data; boundary=XyZ", "multipart/form-data", "text/plain; charset=utf-8",
    "application/json; charset=\xff", "multipart/form-data; boundary=\"",
)
NASTY = st.sampled_from([
    b"%", b"%%", b"%2", b"%zz", b"%u", b"%uD800", b"%ud83d%ude00", b"\\uD800", b"\\x", b"\\xZZ",
    b"\x00", b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xaf", b"&#", b"&#x110000;", b"&#99999999999;",
    b"&amp;", b"/*", b"*/", b"/*!", b"--", b"#", b"\r\n", b"\n\n", b"{", b"[", b"\"", b"<", b"<!", b"<?",
    b"=", b"&", b";", b"+", b"../", b"./", b"//", "\ufdfa".encode(), b"\xef\xbc\x9c", b"--XyZ",
    b'name="', b"filename=\"", b"\r\n\r\n", b"1e99999", b"eyJ", b"@", b"-", b".",
])
WIRE = st.lists(st.one_of(NASTY, st.binary(max_size=40)), max_size=30).map(b"".join)


@st.composite
def views(draw: st.DrawFn) -> RequestView:
    decode = draw(st.sampled_from(DECODINGS))
    headers = tuple(
        (name, decode(value))
        for name, value in draw(st.lists(
            st.tuples(st.sampled_from(["user-agent", "referer", "cookie", "content-type", "x-custom"]), WIRE),
            max_size=5,
        ))
    )
    ctype = draw(st.sampled_from(CONTENT_TYPES))
    if ctype:
        headers = headers + (("content-type", ctype),)
    return RequestView(
        method=decode(draw(st.one_of(st.sampled_from([b"GET", b"POST", b"PUT"]), WIRE))),
        path="/" + decode(draw(WIRE)),
        query=decode(draw(WIRE)),
        headers=headers,
        body=draw(WIRE),
        body_truncated=draw(st.booleans()),
    )


@PROPERTY
@given(views())
def test_normaliser_accepts_any_request(view: RequestView) -> None:
    out = normalize.normalize_view(view)
    assert isinstance(out, str)
    assert len(out) <= normalize.MAX_OUTPUT_CHARS
    assert normalize.normalize_view(view) == out  # deterministic


@PROPERTY
@given(WIRE, st.sampled_from(DECODINGS), st.booleans())
def test_normalise_value_accepts_any_bytes(raw: bytes, decode, plus: bool) -> None:
    out = normalize.normalize_value(decode(raw), plus)
    assert isinstance(out, str)
    assert len(out) <= normalize.MAX_VALUE_CHARS


@PROPERTY
@given(views())
def test_normaliser_output_is_utf8_encodable(view: RequestView) -> None:
    """The tokenizer and the logs encode this string: a lone surrogate must not reach them."""
    normalize.normalize_view(view).encode("utf-8")


def _deep_json(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


ADVERSARIAL = {
    # name: (value repeated into every field); each is a known worst case of one step
    "long-alnum": "a" * 100_000,
    "nested-percent": "%25" * 30_000,
    "percent-u-surrogates": "%uD800" * 5_000,
    "entities": "&amp;" * 20_000,
    "sql-comment-openers": "/*" * 40_000,
    "nfkc-expansion": "\ufdfa" * 20_000,  # one character becomes 18 under NFKC
    "digit-runs": "1." * 50_000,
    "hex-runs": "a1" * 50_000,
    "sql-line-comments": ("--" + "a" * 31 + "\n") * 3_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_request_normalises_in_bounded_time(name: str) -> None:
    """Every field stuffed with a worst case costs a bounded, small time.

    The normaliser runs on the one model worker thread: a request that costs
    100 ms there lets a trickle of such requests starve everyone else into
    fail-open, so the bound is on the whole request, all fields at once.
    """
    value = ADVERSARIAL[name]
    view = RequestView(
        "POST", "/" + value, query="a=" + value,
        headers=(("cookie", "; ".join(f"c{i}={value}" for i in range(32))),
                 ("user-agent", value), ("referer", value),
                 ("content-type", "application/x-www-form-urlencoded")),
        body=("a=" + value).encode("utf-8", "surrogatepass"),
    )
    best = math.inf
    for _ in range(3):  # best of three: the machine is shared and noisy
        start = time.perf_counter()
        out = normalize.normalize_view(view)
        best = min(best, time.perf_counter() - start)
    assert len(out) <= normalize.MAX_OUTPUT_CHARS
    assert best < 0.060, f"{name}: {best * 1000:.1f} ms for one request"


@pytest.mark.parametrize("ctype", ["application/json", ""])
def test_json_nested_10000_deep_normalises(ctype: str) -> None:
    view = RequestView("POST", "/api", headers=(("content-type", ctype),) if ctype else (),
                       body=_deep_json(10_000))
    start = time.perf_counter()
    out = normalize.normalize_view(view)
    assert time.perf_counter() - start < 0.5
    assert out.startswith("POST")


def test_multipart_with_1000_parts_normalises() -> None:
    body = b"".join(
        b'--XyZ\r\nContent-Disposition: form-data; name="f%d"\r\n\r\nvalue %d\r\n' % (i, i)
        for i in range(1000)
    ) + b"--XyZ--\r\n"
    view = RequestView("POST", "/upload", headers=(("content-type", "multipart/form-data; boundary=XyZ"),),
                       body=body)
    start = time.perf_counter()
    out = normalize.normalize_view(view)
    assert time.perf_counter() - start < 0.5
    assert out.count("=value") >= 10  # parts parsed, not dropped as one blob


# --- tokenizer -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_tokenizer():
    """A tokenizer trained here on a few normalised requests (byte fallback covers the rest)."""
    tokenizer = pytest.importorskip("waf_proxy.engine.tokenizer")
    texts = [normalize.normalize_view(RequestView("GET", f"/item/{i}", query=f"q=word{i}&page={i}"))
             for i in range(50)] * 3
    return tokenizer.RequestTokenizer.train(texts, vocab_size=300, max_len=64, min_frequency=1)


@PROPERTY
@given(views())
def test_tokenizer_accepts_any_normalised_request(tiny_tokenizer, view: RequestView) -> None:
    ids = tiny_tokenizer.encode(normalize.normalize_view(view))
    assert 1 <= len(ids) <= tiny_tokenizer.max_len
    assert all(0 <= i < tiny_tokenizer.vocab_size for i in ids)


@PROPERTY
@given(st.lists(st.text(max_size=300), min_size=1, max_size=8))
def test_tokenizer_accepts_any_text_batch(tiny_tokenizer, texts: list[str]) -> None:
    batch = tiny_tokenizer.encode_batch(texts)
    assert len(batch) == len(texts)
    assert all(1 <= len(ids) <= tiny_tokenizer.max_len for ids in batch)


def test_tokenizer_bounded_on_huge_text(tiny_tokenizer) -> None:
    start = time.perf_counter()
    ids = tiny_tokenizer.encode(normalize.normalize_view(RequestView("GET", "/" + "x\u00e9" * 200_000)))
    assert time.perf_counter() - start < 0.5
    assert len(ids) <= tiny_tokenizer.max_len


# --- ASGI request reader (waf_proxy.inspect) -----------------------------------------------

inspect_mod = importlib.import_module("waf_proxy.inspect")
HEADER_NAMES = st.sampled_from([b"content-length", b"Content-Length", b"transfer-encoding",
                                b"Transfer-Encoding", b"cookie", b"user-agent", b"x-a", b""])


@PROPERTY
@given(st.lists(st.tuples(HEADER_NAMES, WIRE), max_size=6), st.integers(0, 10_000))
def test_framing_check_answers_any_headers(headers, max_body: int) -> None:
    """Returns a length or None, or refuses with a 4xx; never another exception."""
    if not hasattr(inspect_mod, "check_framing"):
        pytest.skip("check_framing not in inspect.py")
    try:
        length = inspect_mod.check_framing(headers, max_body)
    except inspect_mod.RequestRejected as exc:
        assert exc.status in (400, 413)
        return
    assert length is None or length >= 0


def _scope(raw_path: bytes, query: bytes, headers: list[tuple[bytes, bytes]]) -> dict:
    return {"type": "http", "method": "POST", "path": raw_path.decode("latin-1"), "raw_path": raw_path,
            "query_string": query, "headers": headers, "client": ("127.0.0.1", 1), "http_version": "1.1"}


@PROPERTY
@given(
    raw_path=WIRE.map(lambda b: b"/" + b), query=WIRE,
    headers=st.lists(st.tuples(st.sampled_from([b"user-agent", b"cookie", b"referer", b"content-type"]), WIRE),
                     max_size=4),
    chunks=st.lists(st.binary(max_size=300), max_size=12),
    inspect_bytes=st.sampled_from([0, 1, 7, 64, 512, 65536]),
)
async def test_request_reader_replays_any_body_exactly(raw_path, query, headers, chunks, inspect_bytes) -> None:
    """Whatever the chunking, the inspected prefix is exact and the replay gives back every byte."""
    if not hasattr(inspect_mod, "read_request"):
        pytest.skip("read_request not in inspect.py")
    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
                for i, c in enumerate(chunks)] or [{"type": "http.request", "body": b"", "more_body": False}]
    pending = list(messages)

    async def receive() -> dict:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    whole = b"".join(chunks)
    view, replay = await inspect_mod.read_request(
        _scope(raw_path, query, headers), receive, inspect_body_bytes=inspect_bytes)
    expected = whole[:inspect_bytes]
    if hasattr(inspect_mod, "inspectable_body"):  # binary bodies are forwarded, not scored
        ctype = next((v.decode("latin-1") for k, v in headers if k == b"content-type"), "")
        expected = inspect_mod.inspectable_body(ctype, expected)
    assert view.body == expected
    assert view.body_truncated == (len(whole) > inspect_bytes) or inspect_bytes == 0
    got = b""
    while True:
        message = await replay()
        assert message["type"] == "http.request"
        got += message.get("body", b"")
        if not message.get("more_body"):
            break
    assert got == whole
    normalize.normalize_view(view).encode("utf-8")


# --- request record parser -----------------------------------------------------------------

@PROPERTY
@given(
    st.fixed_dictionaries({}, optional={
        "method": st.text(max_size=20), "path": st.text(max_size=60), "query": st.text(max_size=60),
        "body": st.text(max_size=60),
        "headers": st.lists(st.tuples(st.text(max_size=12), st.text(max_size=40)), max_size=6),
    })
)
def test_record_parser_accepts_any_well_typed_record(record: dict) -> None:
    """Corpus lines from the wild (access logs, learned traffic) never crash the reader."""
    view = RequestView.from_record(record)
    assert isinstance(view.body, bytes)
    normalize.normalize_view(view).encode("utf-8")


# --- through the running proxy (raw sockets) -------------------------------------------------

from tests.reliability.rawhttp import exchange, request_bytes  # noqa: E402

ANSWER_S = 5.0  # a deliberate answer comes this fast, or it is not deliberate


def _deliberate(resp, allowed: tuple[int, ...]) -> None:
    assert resp.status in allowed, resp
    assert resp.elapsed_s < ANSWER_S, f"{resp.elapsed_s:.1f} s"


def _echo(resp) -> dict:
    return json.loads(resp.body)


@pytest.mark.parametrize("target", [
    b"/a%zz%?q=%%%&r=%u12", b"/%", b"/a%2", b"/%C0%AF..%c0%af", b"/a%00b?x=%00",
    b"/\xff\xfe?q=\xc0\xaf", b"/caf\xc3\xa9?q=\xe2\x82", b"/a?q=%uD800%uDFFF&b=\\uD800",
])
def test_bad_encodings_get_a_deliberate_answer(proxy, upstream, target: bytes) -> None:
    resp = exchange(proxy.port, request_bytes("GET", target))
    _deliberate(resp, (200, 400))
    if resp.status == 200:
        # forwarded byte-exact when printable, percent-escaped otherwise: never re-decoded
        sent_path = target.split(b"?")[0]
        got = _echo(resp)["raw_path"].encode("latin-1")
        assert got == bytes(sent_path) or b"%" in got
    assert proxy.healthy()


def test_raw_nul_in_request_line_is_refused(proxy) -> None:
    resp = exchange(proxy.port, b"GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n")
    assert resp.status in (None, 400)
    assert proxy.healthy()


def test_nul_and_binary_body_forwarded_exactly(proxy) -> None:
    body = bytes(range(256)) * 64 + b"\x00" * 1000
    resp = exchange(proxy.port, request_bytes("POST", "/bin", [("Content-Type", "application/json")], body))
    _deliberate(resp, (200,))
    assert _echo(resp)["body_sha256"] == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize("size,allowed", [(9 * 1024, (200,)), (64 * 1024, (200, 431)),
                                          (4 * 1024 * 1024, (431, 400, None))])
def test_long_header_line(proxy, size: int, allowed) -> None:
    rss = proxy.rss_bytes()
    resp = exchange(proxy.port, request_bytes("GET", "/long-header", [("X-Long", "a" * size),
                                                                       ("Cookie", "s=" + "b" * min(size, 8000))]))
    assert resp.status in allowed
    assert resp.elapsed_s < ANSWER_S
    assert proxy.rss_bytes() - rss < 64 * 2**20
    assert proxy.healthy()


def test_two_hundred_headers(proxy) -> None:
    headers = [(f"X-H{i:03d}", f"v{i}") for i in range(200)]
    resp = exchange(proxy.port, request_bytes("GET", "/many-headers", headers))
    _deliberate(resp, (200, 431))
    if resp.status == 200:
        got = [(k, v) for k, v in _echo(resp)["headers"] if k.startswith("x-h")]
        assert got == [(k.lower(), v) for k, v in headers], "all 200 forwarded, in order"
    huge = exchange(proxy.port, request_bytes("GET", "/too-many", [(f"X-H{i}", "v") for i in range(20_000)]))
    assert huge.status in (400, 431, None)
    assert proxy.healthy()


def _chunked(parts: list[bytes], ext: bytes = b"") -> bytes:
    return b"".join(b"%x%s\r\n%s\r\n" % (len(p), ext, p) for p in parts) + b"0\r\n\r\n"


def test_chunked_bodies_forwarded_exactly(proxy) -> None:
    parts = [b"a=1&", b"b=" + b"x" * 70_000, b"&c=\x00\xff", b"z" * 3]
    body = b"".join(parts)
    for ext in (b"", b";name=value"):
        wire = (b"POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n\r\n" + _chunked(parts, ext))
        resp = exchange(proxy.port, wire)
        _deliberate(resp, (200,))
        assert _echo(resp)["body_len"] == len(body)
        assert _echo(resp)["body_sha256"] == hashlib.sha256(body).hexdigest()
    bad = exchange(proxy.port, b"POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n")
    assert bad.status in (400, None)
    assert proxy.healthy()


def test_json_nested_10000_deep_through_proxy(proxy) -> None:
    body = _deep_json(10_000)
    resp = exchange(proxy.port, request_bytes("POST", "/api/deep", [("Content-Type", "application/json")], body))
    _deliberate(resp, (200, 400))
    if resp.status == 200:
        assert _echo(resp)["body_sha256"] == hashlib.sha256(body).hexdigest()
    assert proxy.healthy()


def test_multipart_1000_parts_through_proxy(proxy) -> None:
    body = b"".join(
        b'--XyZ\r\nContent-Disposition: form-data; name="f%d"; filename="f%d.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n%s\r\n" % (i, i, bytes([i % 256]) * 50)
        for i in range(1000)
    ) + b"--XyZ--\r\n"
    resp = exchange(proxy.port, request_bytes("POST", "/upload", [
        ("Content-Type", "multipart/form-data; boundary=XyZ")], body))
    _deliberate(resp, (200,))
    assert _echo(resp)["body_sha256"] == hashlib.sha256(body).hexdigest()
    assert proxy.healthy()


class _RssWatch:
    """Samples a process's RSS in a thread while a test streams at it."""

    def __init__(self, proxy) -> None:
        import threading

        self.proxy = proxy
        self.peak = self.start = proxy.rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.proxy.rss_bytes())
            except Exception:
                return
            self._stop.wait(0.05)

    def __enter__(self) -> "_RssWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


HUNDRED_MB = 100 * 2**20
CHUNK = b"0123456789abcdef" * 65536  # 1 MiB


def _stream_body(total: int, head: bytes):
    yield head
    sent = 0
    while sent < total:
        piece = CHUNK[: min(len(CHUNK), total - sent)]
        sent += len(piece)
        yield piece


@pytest.mark.slow
def test_100mb_body_streams_in_bounded_memory(proxy) -> None:
    head = (b"POST /big-upload HTTP/1.1\r\nHost: a\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % HUNDRED_MB)
    digest = hashlib.sha256()
    for piece in _stream_body(HUNDRED_MB, b""):
        digest.update(piece)
    start = time.monotonic()
    with _RssWatch(proxy) as watch:
        resp = exchange(proxy.port, _stream_body(HUNDRED_MB, head), timeout=60)
    elapsed = time.monotonic() - start
    assert resp.status == 200, resp
    assert _echo(resp)["body_len"] == HUNDRED_MB
    assert _echo(resp)["body_sha256"] == digest.hexdigest()
    growth = watch.peak - watch.start
    print(f"100 MiB upload: {elapsed:.1f} s, proxy RSS {watch.start / 2**20:.0f} -> peak {watch.peak / 2**20:.0f} MiB")
    assert growth < 48 * 2**20, f"proxy RSS grew {growth / 2**20:.0f} MiB for a 100 MiB body"
    assert elapsed < 30
    assert proxy.healthy()


def test_body_over_max_body_bytes_gets_413(proxy_factory) -> None:
    capped = proxy_factory(max_body_bytes=2**20)
    # declared too large: refused before the body is read
    resp = exchange(capped.port, (b"POST /cap HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % HUNDRED_MB) + CHUNK[:1000])
    _deliberate(resp, (413,))
    # chunked, no declared length: refused once the limit is crossed, long before 100 MB
    head = b"POST /cap HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

    def chunks():
        yield head
        for _ in range(100):
            yield b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK)
        yield b"0\r\n\r\n"

    with _RssWatch(capped) as watch:
        resp = exchange(capped.port, chunks(), timeout=30)
    assert resp.status in (413, None), resp
    assert resp.elapsed_s < 10
    assert watch.peak - watch.start < 48 * 2**20
    # under the limit still passes whole
    ok = exchange(capped.port, request_bytes("POST", "/cap", [], b"x" * (2**20 - 10)))
    assert ok.status == 200 and _echo(ok)["body_len"] == 2**20 - 10
    assert capped.healthy()


from tests.reliability.conftest import BODY_TIMEOUT_S as SLOW_BODY_TIMEOUT_S  # noqa: E402
from tests.reliability.conftest import HEADER_TIMEOUT_S  # noqa: E402


def test_slow_body_gets_a_deliberate_timeout(proxy_factory) -> None:
    """A client sending one byte a second is answered (408) or cut off within the body timeout."""
    from waf_proxy.config import Settings

    if "client_body_timeout_s" not in Settings.model_fields:
        pytest.skip("no client_body_timeout_s setting")
    slow = proxy_factory()
    head = b"POST /slow-body HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n"
    resp = exchange(slow.port, [head] + [b"x"] * 100, pause_s=1.0, timeout=SLOW_BODY_TIMEOUT_S + 4)
    assert resp.status in (408, None), resp
    assert resp.elapsed_s < SLOW_BODY_TIMEOUT_S + 2.5
    assert slow.healthy()



def _closed_within(sock, limit_s: float) -> float | None:
    """Seconds until the server closed `sock` (EOF or reset), or None if still open at `limit_s`."""
    import socket as socket_mod

    start = time.monotonic()
    sock.settimeout(limit_s)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return time.monotonic() - start
    except ConnectionResetError:
        return time.monotonic() - start
    except socket_mod.timeout:
        return None
    finally:
        sock.close()


def _head_deadline_proxy(proxy_factory):
    from waf_proxy.config import Settings

    if "client_header_timeout_s" not in Settings.model_fields:
        pytest.skip("no client_header_timeout_s setting")
    return proxy_factory()


def test_slow_and_silent_request_heads_are_cut_off(proxy_factory) -> None:
    """Slowloris on the head: connections that never finish their headers are closed in bounded time."""
    import socket as socket_mod

    guarded = _head_deadline_proxy(proxy_factory)
    silent = socket_mod.create_connection(("127.0.0.1", guarded.port))
    partial = socket_mod.create_connection(("127.0.0.1", guarded.port))
    partial.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ")
    dribble = socket_mod.create_connection(("127.0.0.1", guarded.port))
    dribble.sendall(b"GET / HTTP/1.1\r\n")
    start = time.monotonic()
    for _ in range(4):  # one header byte every 0.4 s keeps no connection alive past the deadline
        time.sleep(0.4)
        try:
            dribble.sendall(b"X")
        except OSError:
            break
    for sock in (silent, partial):
        closed = _closed_within(sock, HEADER_TIMEOUT_S + 2)
        assert closed is not None, "a connection without a complete request head must not live forever"
    assert _closed_within(dribble, HEADER_TIMEOUT_S + 2) is not None
    assert time.monotonic() - start < HEADER_TIMEOUT_S + 3
    assert guarded.healthy()


def test_head_deadline_spares_slow_responses_and_keep_alive(proxy_factory) -> None:
    """The deadline is for request heads only: a slow upstream answer or a reused connection is fine."""
    import socket as socket_mod

    guarded = _head_deadline_proxy(proxy_factory)
    slow = exchange(guarded.port, request_bytes("GET", "/__slow?0.8"), timeout=5)  # under read_timeout 1.0
    assert slow.status == 200
    sock = socket_mod.create_connection(("127.0.0.1", guarded.port), timeout=5)
    try:
        for i in range(2):  # keep-alive: requests on one connection, paced under the deadline
            sock.sendall(b"GET /ka-%d HTTP/1.1\r\nHost: a\r\n\r\n" % i)
            import http.client

            resp = http.client.HTTPResponse(sock)
            resp.begin()
            assert resp.status == 200
            resp.read()
            time.sleep(HEADER_TIMEOUT_S * 0.6)
    finally:
        sock.close()
    # pipelined pair on one connection: both answered
    both = socket_mod.create_connection(("127.0.0.1", guarded.port), timeout=5)
    both.sendall(b"GET /p1 HTTP/1.1\r\nHost: a\r\n\r\nGET /__slow?0.5 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    data = b""
    while chunk := both.recv(65536):
        data += chunk
    both.close()
    assert data.count(b"HTTP/1.1 200") == 2


def test_body_stalling_after_the_inspected_prefix_is_cut_off(proxy_factory, upstream) -> None:
    """Past the inspected prefix the body streams upstream; a client that stalls there must not
    hold an upstream connection forever."""
    from waf_proxy.config import Settings

    if "client_body_timeout_s" not in Settings.model_fields:
        pytest.skip("no client_body_timeout_s setting")
    slow = proxy_factory()
    head = b"POST /stall-after-prefix HTTP/1.1\r\nHost: a\r\nContent-Length: 300000\r\n\r\n"
    resp = exchange(slow.port, [head + b"x" * 100_000, b"y"], pause_s=SLOW_BODY_TIMEOUT_S + 4,
                    timeout=SLOW_BODY_TIMEOUT_S + 6)
    assert resp.status in (408, None), resp
    assert resp.elapsed_s < SLOW_BODY_TIMEOUT_S + 3, f"held {resp.elapsed_s:.1f} s"
    assert slow.healthy()


# --- the decision API (/check) takes hostile JSON too -----------------------------------------

JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                      st.text(max_size=40), st.sampled_from(["\udcff", "\ud800x", "%uD800", "\x00", "GET", "/"]))
JSON_ANY = st.recursive(JSON_LEAF, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                          st.dictionaries(st.text(max_size=8), kids, max_size=4)),
                        max_leaves=12)
CHECK_FIELDS = st.fixed_dictionaries({}, optional={
    "method": JSON_ANY, "path": JSON_ANY, "query": JSON_ANY, "headers": JSON_ANY, "body": JSON_ANY,
    "body_base64": JSON_ANY, "client_ip": JSON_ANY, "request_id": JSON_ANY,
})


@settings(max_examples=60, deadline=timedelta(seconds=2), derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(payload=st.one_of(CHECK_FIELDS, JSON_ANY, st.lists(CHECK_FIELDS, max_size=3).map(lambda x: {"items": x})),
       raw=st.one_of(st.none(), st.binary(max_size=60)))
@example(payload={"method": "GET", "path": "/\udcff", "query": "q=\ud800&r=%uD800", "body": "\udcff\x00",
                  "headers": [["Cookie", "a=\udcff"], ["User-Agent", "\ud800"]]}, raw=None)
@example(payload={"items": [{"method": "POST", "path": "/" + "\ufdfa" * 4000, "body": "{" * 5000}]}, raw=None)
async def test_check_api_answers_any_json_with_a_4xx_or_a_verdict(payload, raw) -> None:
    import httpx

    check_app = pytest.importorskip("waf_proxy.check.app")
    from tests.reliability.fakes import FakeScorer
    from waf_proxy.config import Settings
    from waf_proxy.decision import DecisionEngine

    settings_ = Settings(mode="block", batcher={"max_wait_ms": 0, "timeout_ms": 500})
    engine = DecisionEngine(settings_, FakeScorer())
    await engine.start()
    try:
        app = check_app.create_check_app(settings_, engine, manage_engine=False)
        if raw is None:
            content = json.dumps(payload, ensure_ascii=True).encode()  # \udcff travels as a JSON escape
        else:
            content = raw
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                     base_url="http://check") as client:
            for path in ("/check", "/check/batch"):
                resp = await client.post(path, content=content, headers={"content-type": "application/json"})
                assert resp.status_code < 500, (path, resp.status_code, resp.text[:300])
    finally:
        await engine.stop()


# --- the same hostile requests through the real default model ----------------------------------

HOSTILE_WIRES = [
    request_bytes("GET", b"/a%zz%?q=%%%&r=%u12&s=%uD800"),
    request_bytes("GET", b"/\xff\xfe?q=\xc0\xaf\xed\xa0\x80"),
    request_bytes("GET", "/x?q=" + "%25" * 3000),
    request_bytes("GET", "/x", [("Cookie", "; ".join(f"c{i}=" + "\ufdfa".encode().decode("latin-1") * 100
                                                     for i in range(40))), ("User-Agent", "\x01\x7f" * 500)]),
    request_bytes("GET", "/many", [(f"X-H{i}", "v") for i in range(200)]),
    request_bytes("POST", "/api", [("Content-Type", "application/json")], b'{"a":' * 10_000 + b"1" + b"}" * 10_000),
    request_bytes("POST", "/api", [("Content-Type", "application/json")], b'["\\ud800", "\\u0000", 1e999999]'),
    request_bytes("POST", "/form", [("Content-Type", "application/x-www-form-urlencoded")], b"a=%" * 20_000),
    request_bytes("POST", "/up", [("Content-Type", "multipart/form-data; boundary=XyZ")],
                  b"".join(b'--XyZ\r\nContent-Disposition: form-data; name="f%d"\r\n\r\n%d\r\n' % (i, i)
                           for i in range(1000)) + b"--XyZ--\r\n"),
    request_bytes("POST", "/x", [("Content-Type", "text/xml")], b"<!DOCTYPE a [" + b"<!ENTITY x 'y'>" * 5000 + b"]><a>&x;</a>"),
    request_bytes("POST", "/bin", [("Content-Type", "application/octet-stream")], bytes(range(256)) * 400),
    b"POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + _chunked([b"q=", b"x" * 70_000, b"\x00"]),
]


@pytest.fixture(scope="module")
def real_proxy(proxy_factory):
    from pathlib import Path

    if not (Path(__file__).resolve().parents[2] / "models" / "default" / "config.json").exists():
        pytest.skip("models/default is not trained yet")
    return proxy_factory(real_model=True, batcher={"timeout_ms": 2000})


@pytest.mark.parametrize("index", range(len(HOSTILE_WIRES)))
def test_hostile_requests_through_the_real_model(real_proxy, index: int) -> None:
    """The real normaliser, tokenizer and model take all of it: an answer, never a model error."""
    before = real_proxy.metrics() if real_proxy.admin_port else ""
    resp = exchange(real_proxy.port, HOSTILE_WIRES[index], timeout=10)
    assert resp.status is not None and resp.status < 500, resp
    assert resp.elapsed_s < 3.0
    if before:
        after = real_proxy.metrics()
        pattern = r'^waf_fail_open_total\{cause="(model_error|other)"\} ([0-9.e+]+)$'
        assert re.findall(pattern, after, re.M) == re.findall(pattern, before, re.M), "the model failed"
    assert real_proxy.healthy()


# --- the middleware has the same body deadline ----------------------------------------------------

@pytest.mark.parametrize("prefix_bytes", [10, 100_000], ids=["within-prefix", "after-prefix"])
async def test_middleware_slow_body_gets_408(prefix_bytes: int) -> None:
    """WAFMiddleware reads the body for inspection too: a client that stalls gets 408, not a parked task."""
    middleware = pytest.importorskip("waf_proxy.middleware")
    from tests.reliability.fakes import FakeScorer
    from waf_proxy.config import Settings
    from waf_proxy.decision import DecisionEngine

    settings_ = Settings(mode="block", client_body_timeout_s=0.5, batcher={"max_wait_ms": 0})
    engine = DecisionEngine(settings_, FakeScorer())
    await engine.start()
    app_saw: list[int] = []

    async def app(scope, receive, send) -> None:
        total = 0
        while True:
            message = await receive()
            total += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        app_saw.append(total)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    waf = middleware.WAFMiddleware(app, settings=settings_, engine=engine)
    chunks = [{"type": "http.request", "body": b"a" * prefix_bytes, "more_body": True}]

    async def receive() -> dict:
        if chunks:
            return chunks.pop(0)
        await asyncio.sleep(3600)  # the client stalls mid-body
        return {"type": "http.disconnect"}

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/upload", "raw_path": b"/upload", "query_string": b"",
             "headers": [(b"content-length", b"999999")], "client": ("127.0.0.1", 5), "http_version": "1.1",
             "scheme": "http", "server": ("127.0.0.1", 80)}
    start = time.perf_counter()
    try:
        await asyncio.wait_for(waf(scope, receive, send), 5)
    finally:
        await engine.stop()
    assert time.perf_counter() - start < 2.0
    statuses = [m["status"] for m in sent if m["type"] == "http.response.start"]
    assert statuses == [408], statuses
    assert not app_saw, "the app must not get a body that never finished"


@pytest.mark.slow
def test_slow_reader_of_a_100mb_download_costs_bounded_memory(proxy) -> None:
    """A client that stops reading a large response: back-pressure, not buffering, in the proxy."""
    import socket as socket_mod

    sock = socket_mod.create_connection(("127.0.0.1", proxy.port), timeout=30)
    sock.setsockopt(socket_mod.SOL_SOCKET, socket_mod.SO_RCVBUF, 64 * 1024)
    with _RssWatch(proxy) as watch:
        sock.sendall(request_bytes("GET", "/__big?100"))
        time.sleep(1.5)  # read nothing: the proxy must stop pulling from the upstream
        parked_peak = watch.peak
        received = 0
        while True:  # now read it all
            data = sock.recv(1 << 20)
            if not data:
                break
            received += len(data)
    sock.close()
    assert received > 100 * 2**20  # headers + the whole body arrived
    assert parked_peak - watch.start < 48 * 2**20, f"proxy buffered {(parked_peak - watch.start) / 2**20:.0f} MiB"
    assert watch.peak - watch.start < 64 * 2**20
    assert proxy.healthy()
