"""Turning a described request (JSON, or an edge proxy's forwarded headers) into a RequestView.

Selection follows the proxy exactly: only `settings.inspect_headers` are kept and
only the first `settings.inspect_body_bytes` of the body are inspected, so a
request judged here gets the same score it would get in the proxy.
"""

from __future__ import annotations

from ipaddress import ip_address, ip_network
from typing import Iterable

from waf_proxy.check.models import CheckRequest
from waf_proxy.config import Settings
from waf_proxy.inspect import RequestView, inspectable_body


def build_view(
    settings: Settings,
    method: str,
    path: str,
    query: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    *,
    body_truncated: bool = False,
) -> RequestView:
    headers = list(headers)
    wanted = {name.lower() for name in settings.inspect_headers}
    kept = tuple((name.lower(), value) for name, value in headers if name.lower() in wanted)
    limit = settings.inspect_body_bytes
    content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
    return RequestView(
        method=method.upper(),
        path=path or "/",
        query=query,
        headers=kept,
        body=inspectable_body(content_type, body[:limit]),  # binary uploads: not scored, as in the proxy
        body_truncated=body_truncated or len(body) > limit,
    )


def view_from_check(settings: Settings, item: CheckRequest) -> RequestView:
    return build_view(
        settings, item.method, item.path, item.query, item.header_pairs(), item.body_bytes()
    )


def split_uri(uri: str) -> tuple[str, str]:
    """'/a/b?x=1' -> ('/a/b', 'x=1'); absolute URIs keep only their path and query."""
    if "://" in uri.split("?", 1)[0]:
        rest = uri.split("://", 1)[1]
        slash = rest.find("/")
        uri = rest[slash:] if slash >= 0 else "/"
    path, _, query = uri.partition("?")
    if not path.startswith("/"):
        path = "/" + path
    return path, query


def is_trusted_peer(settings: Settings, peer: str | None) -> bool:
    """Forwarded client addresses are believed only from loopback or `trusted_proxies`."""
    if not peer:
        return False
    try:
        address = ip_address(peer)
    except ValueError:
        return False
    if address.is_loopback:
        return True
    for network in settings.trusted_proxies:
        try:
            if address in ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def forwarded_client_ip(
    settings: Settings, peer: str | None, real_ip: str | None, forwarded_for: str | None
) -> str | None:
    """The original client's address as the edge reported it, or None when unknown.

    X-Real-IP is preferred (nginx sets it from $remote_addr, overwriting what the
    client sent); otherwise the right-most X-Forwarded-For hop, the one the edge
    itself appended. The socket peer is never used: it is the edge, and treating
    it as the client would put all traffic under one rate limit, or exempt all
    of it when the edge sits in an `exempt_networks` range. Forwarded values from
    an untrusted peer are ignored, as are unparseable ones.
    """
    if not is_trusted_peer(settings, peer):
        return None
    candidates = [real_ip or ""]
    if forwarded_for:
        candidates.append(forwarded_for.split(",")[-1])
    for candidate in candidates:
        candidate = candidate.strip()
        if not candidate:
            continue
        try:
            return str(ip_address(candidate))
        except ValueError:
            continue
    return None
