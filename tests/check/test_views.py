"""Request conversion: header selection, body limits, URIs and forwarded client addresses."""

from __future__ import annotations

import pytest

from tests.check.conftest import make_settings
from waf_proxy.check.models import CheckRequest
from waf_proxy.check.views import build_view, forwarded_client_ip, split_uri, view_from_check


def test_view_keeps_only_inspected_headers_lowercased_in_order() -> None:
    settings = make_settings(inspect_headers=["user-agent", "cookie"])
    view = build_view(settings, "get", "/a", "b=1", [("Cookie", "a=1"), ("X-Other", "z"), ("cookie", "b=2")], b"")
    assert view.method == "GET"
    assert view.headers == (("cookie", "a=1"), ("cookie", "b=2"))


def test_view_from_check_matches_corpus_record_view() -> None:
    """A request sent to /check is seen exactly as the same corpus record would be."""
    from waf_proxy.inspect import RequestView

    record = {"method": "POST", "path": "/p", "query": "x=1", "headers": [["User-Agent", "u"], ["X-Foo", "f"]], "body": "k=v"}
    mine = view_from_check(make_settings(), CheckRequest.model_validate(record))
    assert mine == RequestView.from_record(record)


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("/a/b?x=1&y=2", ("/a/b", "x=1&y=2")),
        ("/", ("/", "")),
        ("http://h:8080/p?q", ("/p", "q")),
        ("https://h", ("/", "")),
        ("rel?x", ("/rel", "x")),
        ("/p?next=http://x/y", ("/p", "next=http://x/y")),
    ],
)
def test_split_uri(uri: str, expected: tuple[str, str]) -> None:
    assert split_uri(uri) == expected


def test_forwarded_client_ip_only_from_trusted_peers() -> None:
    settings = make_settings(trusted_proxies=["10.0.0.0/8"])
    assert forwarded_client_ip(settings, "10.1.2.3", "192.0.2.7", None) == "192.0.2.7"
    assert forwarded_client_ip(settings, "10.1.2.3", None, "6.6.6.6, 192.0.2.8") == "192.0.2.8"
    assert forwarded_client_ip(settings, "127.0.0.1", "junk", "192.0.2.9") == "192.0.2.9"
    # Untrusted peer: its forwarded headers are ignored, and the peer (the edge) is not the client.
    assert forwarded_client_ip(settings, "192.0.2.50", "192.0.2.7", "1.1.1.1") is None
    assert forwarded_client_ip(settings, "10.0.0.9", None, None) is None
    assert forwarded_client_ip(settings, None, "192.0.2.7", None) is None
