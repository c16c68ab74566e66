"""Edge adapters: nginx/Traefik /auth and Envoy ext_authz map the original request and answer 200/403."""

from __future__ import annotations

import httpx
import pytest

from tests.check.conftest import RegexScorer, make_settings, started_client
from waf_proxy.check.adapters import original_headers

SQLI_URI = "/search?q=1%27%20UNION%20SELECT%20card%20FROM%20payments--"


async def test_nginx_style_headers_allow_benign_and_deny_sqli(
    client: httpx.AsyncClient, scorer: RegexScorer
) -> None:
    benign = await client.get(
        "/auth",
        headers={"X-Original-Method": "GET", "X-Original-URI": "/search?q=shoes", "User-Agent": "curl/8"},
    )
    attack = await client.get("/auth", headers={"X-Original-Method": "GET", "X-Original-URI": SQLI_URI})
    assert benign.status_code == 200 and benign.headers["x-waf-outcome"] == "allow"
    assert float(benign.headers["x-waf-score"]) == pytest.approx(0.02)
    assert attack.status_code == 403 and attack.headers["x-waf-outcome"] == "block"
    assert float(attack.headers["x-waf-score"]) == pytest.approx(0.97)
    assert attack.json()["request_id"] == attack.headers["x-request-id"]
    view = scorer.seen[0]
    assert (view.method, view.path, view.query) == ("GET", "/search", "q=shoes")
    assert view.header("user-agent") == "curl/8"


async def test_traefik_forwarded_headers_map_method_uri_and_request_id(
    client: httpx.AsyncClient, scorer: RegexScorer
) -> None:
    answer = await client.get(
        "/auth",
        headers={
            "X-Forwarded-Method": "DELETE",
            "X-Forwarded-Uri": "/items/7?force=1",
            "X-Forwarded-Host": "shop.example",
            "X-Request-ID": "edge-77",
        },
    )
    assert answer.status_code == 200 and answer.headers["x-request-id"] == "edge-77"
    view = scorer.seen[0]
    assert (view.method, view.path, view.query) == ("DELETE", "/items/7", "force=1")


async def test_auth_without_original_uri_is_a_clear_400(client: httpx.AsyncClient) -> None:
    answer = await client.get("/auth")
    assert answer.status_code == 400 and "X-Original-URI" in answer.json()["detail"]


async def test_auth_with_a_blank_original_uri_is_a_clear_400(client: httpx.AsyncClient) -> None:
    """Whitespace around a field value is not part of it: ' ' names no URI at all."""
    for blank in (b" ", b"\t ", b""):
        answer = await client.get("/auth", headers={b"X-Original-URI": blank})
        assert answer.status_code == 400, blank
    answer = await client.get("/auth", headers={b"X-Original-URI": b" /items?q=1 "})
    assert answer.status_code == 200


async def test_auth_uses_forwarded_client_ip_from_trusted_peer_for_policy(scorer: RegexScorer) -> None:
    # The test transport's peer is 127.0.0.1 (loopback, trusted): X-Real-IP is believed.
    settings = make_settings(block_networks=["198.51.100.0/24"])
    http, engine = await started_client(settings, scorer)
    async with http:
        from_blocked = await http.get("/auth", headers={"X-Original-URI": "/", "X-Real-IP": "198.51.100.4"})
        via_xff = await http.get(
            "/auth", headers={"X-Original-URI": "/", "X-Forwarded-For": "1.2.3.4, 198.51.100.4"}
        )
        spoofed_left = await http.get(
            "/auth", headers={"X-Original-URI": "/", "X-Forwarded-For": "198.51.100.4, 192.0.2.1"}
        )
    await engine.stop()
    assert from_blocked.status_code == 403 and via_xff.status_code == 403
    assert spoofed_left.status_code == 200  # only the hop the edge appended counts


async def test_monitor_mode_lets_attacks_through_with_verdict_headers(scorer: RegexScorer) -> None:
    http, engine = await started_client(make_settings(mode="monitor"), scorer)
    async with http:
        answer = await http.get("/auth", headers={"X-Original-URI": SQLI_URI})
    await engine.stop()
    assert answer.status_code == 200 and answer.headers["x-waf-outcome"] == "monitor"


async def test_fail_closed_answers_503_fail_open_200() -> None:
    class Broken(RegexScorer):
        def score_batch(self, views):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    for fail_mode, status in (("open", 200), ("closed", 503)):
        http, engine = await started_client(make_settings(fail_mode=fail_mode), Broken())
        async with http:
            answer = await http.get("/auth", headers={"X-Original-URI": "/"})
        await engine.stop()
        assert answer.status_code == status
        assert answer.headers["x-waf-outcome"] == f"fail_{fail_mode}"


async def test_envoy_ext_authz_maps_method_path_headers_and_body(
    client: httpx.AsyncClient, scorer: RegexScorer
) -> None:
    benign = await client.post(
        "/envoy/ext_authz/api/orders/5?expand=items%2Cuser",
        content=b'{"qty": 2}',
        headers={"Content-Type": "application/json", "x-envoy-expected-rq-timeout-ms": "200"},
    )
    attack = await client.put(
        "/envoy/ext_authz/api/orders/5",
        content=b"note=<script>alert(1)</script>",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert benign.status_code == 200 and attack.status_code == 403
    first, second = scorer.seen
    assert (first.method, first.path, first.query) == ("POST", "/api/orders/5", "expand=items%2Cuser")
    assert first.body == b'{"qty": 2}' and first.header("content-type") == "application/json"
    assert (second.method, second.path, second.body) == ("PUT", "/api/orders/5", b"note=<script>alert(1)</script>")


async def test_envoy_keeps_percent_encoding_and_root_path(
    client: httpx.AsyncClient, scorer: RegexScorer
) -> None:
    await client.get("/envoy/ext_authz/files/..%2F..%2Fetc%2Fpasswd")
    await client.request("PROPFIND", "/envoy/ext_authz/")
    assert scorer.seen[0].path == "/files/..%2F..%2Fetc%2Fpasswd"
    assert (scorer.seen[1].method, scorer.seen[1].path) == ("PROPFIND", "/")


async def test_envoy_partial_body_flag_marks_view_truncated(
    client: httpx.AsyncClient, scorer: RegexScorer
) -> None:
    await client.post("/envoy/ext_authz/upload", content=b"abc", headers={"x-envoy-auth-partial-body": "true"})
    assert scorer.seen[0].body_truncated


def test_original_headers_drop_hop_and_edge_bookkeeping() -> None:
    raw = [
        (b"Host", b"check:8081"),
        (b"X-Original-URI", b"/x"),
        (b"X-Forwarded-For", b"1.2.3.4"),
        (b"x-envoy-internal", b"true"),
        (b"Cookie", b"sid=1"),
        (b"User-Agent", b"ua"),
    ]
    assert original_headers(raw) == [("cookie", "sid=1"), ("user-agent", "ua")]


async def test_non_ascii_bytes_are_decoded_as_the_proxy_decodes_them(
    client: httpx.AsyncClient, scorer: RegexScorer
) -> None:
    """Raw UTF-8 (and invalid bytes) in URI and headers give the proxy's exact view text."""
    from waf_proxy.inspect import view_from_scope

    ua, uri = "caf\xc3\xa9 \xff".encode("latin-1"), "/caf\xc3\xa9?q=\xc3\xbc\xfe".encode("latin-1")
    await client.get("/auth", headers=[(b"X-Original-URI", uri), (b"User-Agent", ua)])
    proxy_view = view_from_scope(
        {"method": "GET", "raw_path": b"/caf\xc3\xa9", "query_string": b"q=\xc3\xbc\xfe", "headers": [(b"user-agent", ua)]}
    )
    mine = scorer.seen[0]
    assert (mine.path, mine.query, mine.headers) == (proxy_view.path, proxy_view.query, proxy_view.headers)
    assert mine.path == "/café"


async def test_edge_in_exempt_network_does_not_exempt_its_traffic(scorer: RegexScorer) -> None:
    """The edge's own address is never taken for the client's (nor believed when untrusted)."""
    from tests.check.conftest import started_client as start

    settings = make_settings(exempt_networks=["127.0.0.0/8"])
    http, engine = await start(settings, scorer)
    async with http:
        answer = await http.get("/auth", headers={"X-Original-URI": SQLI_URI})
    await engine.stop()
    assert answer.status_code == 403 and answer.headers["x-waf-outcome"] == "block"
