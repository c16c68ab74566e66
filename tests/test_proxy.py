"""Forwarding edge cases against a mocked upstream: exactness, hop-by-hop, errors, no open proxy."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from tests.asgi_client import call
from tests.fake_scorer import RegexScorer
from waf_proxy.config import Settings
from waf_proxy.decision import DecisionEngine
from waf_proxy.proxy import create_proxy_app, request_target, strip_hop_by_hop

UPSTREAM = "http://127.0.0.1:8000"


class Upstream:
    """An async mock upstream that records what it received and answers via `answer`."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.answer = lambda request, body: httpx.Response(200, content=b"ok")

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        self.requests.append(request)
        self.bodies.append(body)
        return self.answer(request, body)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


@pytest.fixture
def upstream() -> Upstream:
    return Upstream()


@pytest.fixture
async def make_proxy(upstream):
    apps = []

    async def make(transport=None, scorer=None, **kw):
        kw.setdefault("batcher", {"max_wait_ms": 1, "timeout_ms": 300})
        settings = Settings(upstream={"url": kw.pop("upstream_url", UPSTREAM)}, **kw)
        engine = DecisionEngine(settings, scorer or RegexScorer())
        app = create_proxy_app(settings, engine=engine, transport=transport or httpx.MockTransport(upstream))
        apps.append(app)
        return app

    yield make
    for app in apps:
        await app.shutdown()


async def test_raw_path_and_query_are_forwarded_byte_exact(make_proxy, upstream):
    app = await make_proxy()
    raw_path = b"/a/./b/../c%2F%2e%2E;v=1/%zz//x"
    query = b"q=caf%C3%A9+x&a=1&a=2&empty=&%3D=%26"
    answer = await call(app, "GET", raw_path, query)
    assert answer.status == 200
    assert upstream.last.url.raw_path == raw_path + b"?" + query
    assert upstream.last.url.host == "127.0.0.1" and upstream.last.url.port == 8000


async def test_non_ascii_target_bytes_are_percent_encoded_not_dropped(make_proxy, upstream):
    app = await make_proxy()
    await call(app, "GET", b"/caf\xc3\xa9", b"x=\xff")
    assert upstream.last.url.raw_path == b"/caf%C3%A9?x=%FF"


async def test_upstream_base_path_is_prefixed(make_proxy, upstream):
    app = await make_proxy(upstream_url="http://127.0.0.1:8000/app/")
    await call(app, "GET", b"/x/../y", b"k=v")
    assert upstream.last.url.raw_path == b"/app/x/../y?k=v"


@pytest.mark.parametrize(
    "target", [b"http://evil.example/steal", b"https://evil.example:444/steal", b"HTTP://evil.example/steal"]
)
async def test_absolute_form_target_cannot_leave_the_upstream(make_proxy, upstream, target):
    app = await make_proxy()
    answer = await call(app, "GET", target, headers=[("Host", "evil.example")])
    assert answer.status == 200
    assert upstream.last.url.host == "127.0.0.1" and upstream.last.url.port == 8000
    assert upstream.last.url.raw_path == b"/steal"


async def test_forged_host_goes_to_the_configured_upstream(make_proxy, upstream):
    app = await make_proxy()
    await call(app, "GET", b"/", headers=[("Host", "internal.admin:9090")])
    assert upstream.last.url.netloc == b"127.0.0.1:8000"
    assert upstream.last.headers["host"] == "127.0.0.1:8000"
    assert upstream.last.headers["x-forwarded-host"] == "internal.admin:9090"


@pytest.mark.parametrize("target", [b"*", b"evil.example:443", b""])
async def test_non_path_targets_are_400(make_proxy, upstream, target):
    app = await make_proxy()
    answer = await call(app, "OPTIONS", target)
    assert answer.status == 400 and upstream.requests == []
    assert answer.header("x-request-id")


async def test_repeated_headers_keep_their_order_both_ways(make_proxy, upstream):
    upstream.answer = lambda req, body: httpx.Response(
        201,
        headers=[
            ("Set-Cookie", "a=1; Path=/"),
            ("Vary", "Accept"),
            ("Set-Cookie", "b=2; HttpOnly"),
            ("Vary", "Cookie"),
            ("Set-Cookie", "c=3, d=4"),
            ("X-Request-ID", "upstream-made"),
        ],
        content=b"created",
    )
    app = await make_proxy()
    answer = await call(
        app, "GET", b"/", headers=[("X-Dup", "1"), ("Accept", "a/b"), ("X-Dup", "2"), ("X-Request-ID", "abc-1")]
    )
    assert answer.status == 201 and answer.body == b"created"
    assert answer.all("set-cookie") == ["a=1; Path=/", "b=2; HttpOnly", "c=3, d=4"]
    assert answer.all("vary") == ["Accept", "Cookie"]
    assert answer.all("x-request-id") == ["abc-1"]  # ours, once
    sent = [(k, v) for k, v in upstream.last.headers.multi_items() if k in ("x-dup", "accept")]
    assert sent == [("x-dup", "1"), ("accept", "a/b"), ("x-dup", "2")]
    assert upstream.last.headers["x-request-id"] == "abc-1"


async def test_binary_bodies_round_trip_streamed(make_proxy, upstream):
    payload = bytes(range(256)) * 1024  # 256 KiB, every byte value, larger than the inspected prefix
    chunks = [payload[i : i + 10_000] for i in range(0, len(payload), 10_000)]
    upstream.answer = lambda req, body: httpx.Response(200, content=body[::-1])
    app = await make_proxy(inspect_body_bytes=16 * 1024)
    answer = await call(
        app, "PUT", b"/upload", headers=[("Content-Type", "application/octet-stream")], body=chunks
    )
    assert answer.status == 200 and answer.complete
    assert upstream.bodies[-1] == payload
    assert answer.body == payload[::-1]


async def test_content_length_is_kept_and_transfer_encoding_is_not(make_proxy, upstream):
    app = await make_proxy(inspect_body_bytes=4)
    await call(app, "POST", b"/f", headers=[("Content-Length", "11")], body=[b"hello", b" world"])
    assert upstream.last.headers["content-length"] == "11"
    assert "transfer-encoding" not in upstream.last.headers
    assert upstream.bodies[-1] == b"hello world"


async def test_hop_by_hop_headers_are_stripped_both_ways(make_proxy, upstream):
    upstream.answer = lambda req, body: httpx.Response(
        200,
        headers=[
            ("Connection", "X-Up-Hop, close"),
            ("X-Up-Hop", "1"),
            ("Keep-Alive", "timeout=5"),
            ("Proxy-Authenticate", "Basic"),
            ("Trailer", "X-T"),
            ("Upgrade", "h2c"),
            ("X-Kept", "yes"),
        ],
    )
    app = await make_proxy()
    answer = await call(
        app,
        "GET",
        b"/",
        headers=[
            ("Connection", "keep-alive, X-Client-Hop"),
            ("X-Client-Hop", "secret"),
            ("Keep-Alive", "300"),
            ("TE", "trailers"),
            ("Trailer", "X-T"),
            ("Upgrade", "websocket"),
            ("Proxy-Authorization", "Basic Zm9vOmJhcg=="),
            ("Proxy-Connection", "keep-alive"),
            ("Expect", "100-continue"),
            ("X-Kept", "yes"),
        ],
    )
    sent = {k for k, _ in upstream.last.headers.multi_items()}
    for hop in ("connection", "x-client-hop", "keep-alive", "te", "trailer", "upgrade",
                "proxy-authorization", "proxy-connection", "expect"):
        assert hop not in sent
    assert upstream.last.headers["x-kept"] == "yes"
    got = {k.decode().lower() for k, _ in answer.headers}
    assert not got & {"connection", "x-up-hop", "keep-alive", "proxy-authenticate", "trailer", "upgrade"}
    assert answer.header("x-kept") == "yes"


def test_strip_hop_by_hop_reads_every_connection_header():
    headers = [(b"Connection", b"A"), (b"connection", b" b ,c"), (b"a", b"1"), (b"B", b"2"), (b"d", b"3")]
    assert strip_hop_by_hop(headers) == [(b"d", b"3")]


async def test_x_forwarded_from_an_untrusted_peer_is_replaced(make_proxy, upstream):
    app = await make_proxy()
    await call(
        app,
        "GET",
        b"/",
        headers=[("Host", "shop.example"), ("X-Forwarded-For", "1.2.3.4"), ("X-Forwarded-Proto", "https"),
                 ("Forwarded", "for=1.2.3.4")],
        client=("203.0.113.9", 4000),
    )
    h = upstream.last.headers
    assert h.get_list("x-forwarded-for") == ["203.0.113.9"]
    assert h["x-forwarded-proto"] == "http" and h["x-forwarded-host"] == "shop.example"
    assert "forwarded" not in h


async def test_x_forwarded_from_a_trusted_proxy_is_extended_and_used_for_decisions(make_proxy, upstream):
    app = await make_proxy(trusted_proxies=["10.0.0.0/8"], block_networks=["192.0.2.0/24"])
    headers = [("X-Forwarded-For", "192.0.2.7, 10.0.0.3"), ("X-Forwarded-Proto", "https")]
    blocked = await call(app, "GET", b"/", headers=headers, client=("10.0.0.1", 1))
    assert blocked.status == 403  # the real client (192.0.2.7) is on the block list
    allowed = await call(app, "GET", b"/", headers=[("X-Forwarded-For", "198.51.100.1")], client=("10.0.0.1", 1))
    assert allowed.status == 200
    assert upstream.last.headers["x-forwarded-for"] == "198.51.100.1, 10.0.0.1"
    # The same header from an untrusted peer is ignored for decisions.
    spoofed = await call(app, "GET", b"/", headers=[("X-Forwarded-For", "198.51.100.1")], client=("192.0.2.8", 1))
    assert spoofed.status == 403


async def test_attack_is_blocked_with_a_small_json_page(make_proxy, upstream):
    app = await make_proxy()
    answer = await call(app, "GET", b"/search", b"q=1%27%20union%20select%20password%20from%20users--",
                        headers=[("X-Request-ID", "trace-42")])
    assert answer.status == 403 and upstream.requests == []
    assert answer.header("content-type") == "application/json"
    assert answer.header("x-request-id") == "trace-42"
    page = json.loads(answer.body)
    assert page["request_id"] == "trace-42" and page["status"] == 403
    text = answer.body.decode().lower()
    for leak in ("score", "0.99", "regex", "threshold", "attack", "union"):
        assert leak not in text


async def test_browsers_get_an_html_block_page(make_proxy):
    app = await make_proxy()
    answer = await call(app, "GET", b"/", b"q=<script>alert(1)</script>",
                        headers=[("Accept", "text/html,application/xhtml+xml")])
    assert answer.status == 403 and answer.header("content-type").startswith("text/html")
    rid = answer.header("x-request-id")
    assert rid and rid in answer.body.decode() and "<script>" not in answer.body.decode()


async def test_monitor_mode_forwards_attacks(make_proxy, upstream):
    app = await make_proxy(mode="monitor")
    answer = await call(app, "GET", b"/", b"q=../../etc/passwd")
    assert answer.status == 200 and len(upstream.requests) == 1


async def test_fail_closed_is_503_and_fail_open_forwards(make_proxy, upstream):
    scorer = RegexScorer()
    scorer.fail = "raise"
    closed = await make_proxy(scorer=scorer, fail_mode="closed")
    answer = await call(closed, "GET", b"/")
    assert answer.status == 503 and answer.header("x-request-id") and upstream.requests == []
    opened = await make_proxy(scorer=scorer, fail_mode="open")
    assert (await call(opened, "GET", b"/")).status == 200 and len(upstream.requests) == 1


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (httpx.ConnectError("refused"), 502),
        (httpx.RemoteProtocolError("reset"), 502),
        (httpx.ReadError("reset"), 502),
        (httpx.ConnectTimeout("slow"), 504),
        (httpx.ReadTimeout("slow"), 504),
    ],
)
async def test_upstream_failures_map_to_502_and_504_with_request_id(make_proxy, error, status):
    with respx.mock(assert_all_called=True) as router:
        router.route().mock(side_effect=error)
        app = await make_proxy(transport=httpx.MockTransport(router.async_handler))
        answer = await call(app, "GET", b"/", headers=[("X-Request-ID", "rid-7")])
    assert answer.status == status
    assert answer.header("x-request-id") == "rid-7"
    assert json.loads(answer.body)["request_id"] == "rid-7"
    assert "refused" not in answer.body.decode() and "slow" not in answer.body.decode()


async def test_respx_route_sees_method_and_body(make_proxy):
    with respx.mock(base_url=UPSTREAM) as router:
        route = router.post("/api/items").mock(return_value=httpx.Response(200, json={"id": 1}))
        app = await make_proxy(transport=httpx.MockTransport(router.async_handler))
        answer = await call(app, "POST", b"/api/items", headers=[("Content-Type", "application/json")],
                            body=[b'{"name": "lamp"}'])
    assert answer.status == 200 and json.loads(answer.body) == {"id": 1}
    assert route.calls.last.request.content == b'{"name": "lamp"}'


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ([("Content-Length", "4"), ("Transfer-Encoding", "chunked")], 400),
        ([("Content-Length", "4"), ("Content-Length", "5")], 400),
        ([("Content-Length", "abc")], 400),
    ],
)
async def test_smuggling_shapes_are_rejected_and_close_the_connection(make_proxy, upstream, headers, status):
    app = await make_proxy()
    answer = await call(app, "POST", b"/", headers=headers, body=[b"abcd"])
    assert answer.status == status and upstream.requests == []
    assert answer.header("connection") == "close"


async def test_body_over_max_is_413(make_proxy, upstream):
    app = await make_proxy(max_body_bytes=1000, inspect_body_bytes=100)
    declared = await call(app, "POST", b"/", headers=[("Content-Length", "5000")], body=[b"x" * 5000])
    assert declared.status == 413
    streamed = await call(app, "POST", b"/", headers=[("Transfer-Encoding", "chunked")],
                          body=[b"x" * 400] * 5)
    assert streamed.status == 413
    ok = await call(app, "POST", b"/", headers=[("Content-Length", "900")], body=[b"x" * 900])
    assert ok.status == 200


async def test_head_and_unusual_methods_pass(make_proxy, upstream):
    app = await make_proxy()
    for method in ("HEAD", "PROPFIND", "DELETE", "PATCH"):
        assert (await call(app, method, b"/r")).status == 200
        assert upstream.last.method == method


def test_request_target():
    assert request_target(b"/a?b") == "/a?b"
    assert request_target(b"http://h") == "/"
    assert request_target(b"/\x00\x7f ") == "/%00%7F%20"


@pytest.mark.parametrize("status", [204, 304])
async def test_bodiless_statuses_drop_content_length(make_proxy, upstream, status):
    upstream.answer = lambda req, body: httpx.Response(status, headers=[("Content-Length", "1234"), ("ETag", '"v1"')])
    app = await make_proxy()
    answer = await call(app, "GET", b"/cached", headers=[("If-None-Match", '"v1"')])
    assert answer.status == status and answer.body == b"" and answer.complete
    assert answer.header("content-length") is None and answer.header("etag") == '"v1"'
    assert upstream.last.headers["if-none-match"] == '"v1"'


async def test_client_that_leaves_while_waiting_costs_nothing_further(make_proxy, upstream):
    import asyncio
    import time

    scorer = RegexScorer()
    app = await make_proxy(scorer=scorer, batcher={"max_wait_ms": 300, "timeout_ms": 1000})
    await app.startup()
    app.engine.batcher.quiet_s = 10.0  # a lone request waits the whole max_wait here
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.sleep(0.03)  # the client hangs up while its request waits for a batch
        return {"type": "http.disconnect"}

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "raw_path": b"/", "query_string": b"q=1",
             "headers": [], "client": ("203.0.113.5", 1), "scheme": "http"}
    t0 = time.perf_counter()
    await app(scope, receive, send)
    assert time.perf_counter() - t0 < 0.2  # returned at the disconnect, not after the 300 ms batch wait
    await asyncio.sleep(0.4)
    assert sent == [] and upstream.requests == []
    assert scorer.batch_sizes == [] and app.engine.batcher.dropped_total == 1


async def test_upstream_cookies_are_relayed_never_kept(make_proxy, upstream):
    upstream.answer = lambda req, body: httpx.Response(200, headers=[("Set-Cookie", "session=alice; Path=/")])
    app = await make_proxy()
    first = await call(app, "GET", b"/login")
    assert first.header("set-cookie") == "session=alice; Path=/"
    await call(app, "GET", b"/other-user")
    assert "cookie" not in upstream.last.headers  # alice's cookie is not sent on someone else's request
    assert len(app.client.cookies) == 0
