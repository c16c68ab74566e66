"""The answers the WAF gives itself (403, 503, 502, 504, 4xx): small, uniform, leak-free.

Each carries only a status, a fixed message and the request id, so nothing
about the model, the score or the upstream reaches the client; the request id
lets an operator find the log line.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any, Awaitable, Callable

Send = Callable[[dict[str, Any]], Awaitable[None]]

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "The request could not be understood."),
    403: ("forbidden", "This request was blocked by the web application firewall."),
    404: ("not_found", "Not found."),
    408: ("request_timeout", "The request body arrived too slowly."),
    413: ("payload_too_large", "The request body is too large."),
    431: ("header_fields_too_large", "The request headers are too large."),
    502: ("bad_gateway", "The upstream server could not be reached."),
    503: ("service_unavailable", "The service is temporarily unavailable."),
    504: ("gateway_timeout", "The upstream server did not answer in time."),
}

_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>{status} {title}</title></head>
<body><h1>{status} {title}</h1><p>{message}</p><p>Request id: <code>{request_id}</code></p></body></html>
"""


def wants_html(headers: list[tuple[bytes, bytes]] | tuple[tuple[bytes, bytes], ...]) -> bool:
    """A browser (Accept lists text/html) gets a page; everything else gets JSON."""
    for name, value in headers:
        if name.lower() == b"accept" and b"text/html" in value.lower():
            return True
    return False


def render(status: int, request_id: str, html: bool = False) -> tuple[bytes, bytes]:
    """(content type, body) for one of the WAF's own answers."""
    code, message = MESSAGES.get(status, ("error", "The request failed."))
    if html:
        title = code.replace("_", " ").title()
        body = _HTML.format(status=status, title=title, message=message, request_id=escape(request_id))
        return b"text/html; charset=utf-8", body.encode()
    payload = {"error": code, "status": status, "message": message, "request_id": request_id}
    return b"application/json", json.dumps(payload).encode()


async def send_error(
    send: Send,
    status: int,
    request_id: str,
    *,
    html: bool = False,
    close: bool = False,
    head: bool = False,
) -> None:
    """Send one complete WAF answer. `close` ends the connection (framing was not trusted)."""
    content_type, body = render(status, request_id, html)
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        (b"x-request-id", request_id.encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body, "more_body": False})
