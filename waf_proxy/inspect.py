"""What the WAF reads from a request.

`RequestView` is the one shape every entry point (proxy, middleware, /check,
training corpora) turns a request into, so the engine never sees ASGI or HTTP
details. Header names are lower-case; only the headers that matter are kept.
"""

from __future__ import annotations

import asyncio
import collections
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Awaitable, Callable, Iterable
from urllib.parse import quote

# Headers inspected by default; operators add more with `inspect_headers`.
DEFAULT_INSPECTED_HEADERS: tuple[str, ...] = ("user-agent", "referer", "cookie", "content-type")


@dataclass(frozen=True, slots=True)
class RequestView:
    """A request as the engine sees it: raw wire values, body prefix only."""

    method: str
    path: str  # raw path as on the wire (percent-encoded), starts with "/"
    query: str = ""  # raw query string without "?"
    headers: tuple[tuple[str, str], ...] = ()  # (lower-case name, value), selected headers
    body: bytes = b""  # the inspected prefix of the body
    body_truncated: bool = False  # True when the body was longer than the inspection limit
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def header(self, name: str, default: str = "") -> str:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return default

    @property
    def content_type(self) -> str:
        return self.header("content-type").split(";", 1)[0].strip().lower()

    @classmethod
    def from_record(
        cls, record: dict[str, Any], inspected: tuple[str, ...] = DEFAULT_INSPECTED_HEADERS
    ) -> "RequestView":
        """Build a view from one line of the shared JSONL corpus format."""
        wanted = set(inspected)
        headers = tuple(
            (str(name).lower(), str(value))
            for name, value in record.get("headers", [])
            if str(name).lower() in wanted
        )
        body = record.get("body", "") or ""
        return cls(
            method=str(record.get("method", "GET")).upper(),
            path=str(record.get("path", "/")) or "/",
            query=str(record.get("query", "") or ""),
            headers=headers,
            body=body.encode("utf-8", "surrogateescape") if isinstance(body, str) else bytes(body),
        )


# --- Reading an ASGI request -------------------------------------------------------
#
# The proxy and the middleware read the same way: framing checked first (request
# smuggling), then the body prefix buffered for the model while the rest stays on
# the socket, to be streamed on by `BodyReplay` exactly as it arrives.

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]

BODY_READ_TIMEOUT_S = 30.0  # a client dribbling its inspected prefix gets 408, not a parked task


class RequestRejected(Exception):
    """The request is refused before inspection with a 4xx (bad framing, too large, too slow)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class ClientDisconnected(Exception):
    """The client went away before its body was read."""


def check_framing(headers: Iterable[tuple[bytes, bytes]], max_body_bytes: int = 0) -> int | None:
    """Return the declared Content-Length (None when absent), or reject ambiguous framing.

    Content-Length with Transfer-Encoding, several Content-Length headers, a
    non-numeric one, or a Transfer-Encoding not ending in chunked are the
    classic smuggling shapes: two parsers could disagree on where the body
    ends, so they get 400 here rather than being forwarded.
    """
    lengths: list[bytes] = []
    codings: list[bytes] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"content-length":
            lengths.append(value.strip())
        elif lowered == b"transfer-encoding":
            codings.extend(part.strip().lower() for part in value.split(b","))
    if lengths and codings:
        raise RequestRejected(400, "Content-Length with Transfer-Encoding")
    if codings and codings[-1] != b"chunked":
        raise RequestRejected(400, "Transfer-Encoding must end with chunked")
    if not lengths:
        return None
    if len(lengths) > 1:
        raise RequestRejected(400, "duplicated Content-Length")
    if not lengths[0].isdigit() or len(lengths[0]) > 18:
        raise RequestRejected(400, "invalid Content-Length")
    length = int(lengths[0])
    if max_body_bytes > 0 and length > max_body_bytes:
        raise RequestRejected(413, "body larger than max_body_bytes")
    return length


# Content types whose bodies are text an application parses (form, JSON, XML, text, ...).
_TEXT_TYPES = ("text/", "application/json", "application/x-www-form-urlencoded", "application/xml",
               "application/javascript", "application/graphql", "application/x-ndjson", "application/soap")
_TEXT_SUFFIXES = ("+json", "+xml")
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 13)) + b"\x7f"


def is_text_type(content_type: str) -> bool:
    ctype = content_type.split(";", 1)[0].strip().lower()
    return ctype.startswith(_TEXT_TYPES) or ctype.endswith(_TEXT_SUFFIXES)


def looks_like_text(data: bytes) -> bool:
    """UTF-8 (a multi-byte character cut at the end is fine) with almost no control bytes."""
    if not data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 3:  # not just a character cut by the prefix limit
            return False
    controls = len(data) - len(data.translate(None, _CONTROL))
    return controls * 100 <= len(data)


def _strip_binary_parts(content_type: str, body: bytes) -> bytes:
    """A multipart body keeps its text parts; binary file contents are emptied."""
    marker = "boundary="
    at = content_type.lower().find(marker)
    if at < 0:
        return body
    boundary = content_type[at + len(marker):].split(";", 1)[0].strip().strip('"').encode("latin-1", "replace")
    if not boundary:
        return body
    delimiter = b"--" + boundary
    parts = body.split(delimiter)
    for i, part in enumerate(parts[1:], start=1):
        head, sep, content = part.partition(b"\r\n\r\n")
        if sep and not looks_like_text(content[:4096]):
            parts[i] = head + sep
    return delimiter.join(parts)


def inspectable_body(content_type: str, body: bytes) -> bytes:
    """What of the body prefix the model sees: form, JSON, multipart, XML and text.

    Binary uploads (images, archives, octet streams) are not text an attack can
    hide in as the app parses it, and a model scores their noise as hostile; so
    a body is inspected when its content type is textual or the bytes are text
    whatever the label (an app may parse JSON sent as octet-stream), and a
    multipart body keeps its text parts only.
    """
    if not body:
        return body
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype.startswith("multipart/"):
        return _strip_binary_parts(content_type, body)
    if is_text_type(ctype) or looks_like_text(body):
        return body
    return b""


def _content_type(scope: Message) -> str:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-type":
            return value.decode("latin-1")
    return ""


MAX_HEADERS = 256
MAX_HEADER_BYTES = 64 * 1024


def check_header_limits(headers: Iterable[tuple[bytes, bytes]]) -> None:
    """Refuse (431) header sections no real client sends, before they reach model or upstream."""
    count = size = 0
    for name, value in headers:
        count += 1
        size += len(name) + len(value) + 4
    if count > MAX_HEADERS or size > MAX_HEADER_BYTES:
        raise RequestRejected(431, "request header fields too large")


def _text(raw: bytes) -> str:
    # Inspection wants meaning, not bytes: invalid UTF-8 becomes U+FFFD rather than
    # surrogates that would break encoders further down. Forwarding uses the raw bytes.
    return raw.decode("utf-8", "replace")


def view_from_scope(
    scope: Message,
    body: bytes = b"",
    body_truncated: bool = False,
    inspected: Iterable[str] = DEFAULT_INSPECTED_HEADERS,
) -> RequestView:
    """The view of an ASGI http (or websocket) scope: raw path and query, selected headers."""
    wanted = {name.lower().encode("latin-1") for name in inspected}
    raw_path = scope.get("raw_path") or quote(scope.get("path", "/")).encode("ascii")
    headers = tuple(
        (name.decode("latin-1").lower(), _text(value))
        for name, value in scope.get("headers", ())
        if name.lower() in wanted
    )
    return RequestView(
        method=str(scope.get("method", "GET")).upper(),
        path=_text(raw_path) or "/",
        query=_text(scope.get("query_string", b"")),
        headers=headers,
        body=body,
        body_truncated=body_truncated,
    )


class BodyReplay:
    """An ASGI `receive` that first replays the messages read for inspection, unchanged,
    then hands out the rest of the body as it arrives, enforcing max_body_bytes and,
    while body is still due, an idle timeout between chunks (a client that stalls
    mid-upload would otherwise hold an upstream connection forever)."""

    def __init__(
        self,
        receive: Receive,
        buffered: list[Message],
        more_body: bool,
        received_bytes: int,
        max_body_bytes: int = 0,
        body_timeout_s: float | None = None,
    ) -> None:
        self._receive = receive
        self._buffered = collections.deque(buffered)
        self._more_body = more_body
        self.received_bytes = received_bytes
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s

    @property
    def complete(self) -> bool:
        """True when the whole body was already read (no more on the socket)."""
        return not self._more_body

    def buffered_body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self._buffered)

    async def __call__(self) -> Message:
        if self._buffered:
            return self._buffered.popleft()
        if self._more_body and self.body_timeout_s:
            try:
                async with asyncio.timeout(self.body_timeout_s):
                    message = await self._receive()
            except TimeoutError:
                raise RequestRejected(408, "request body too slow") from None
        else:
            message = await self._receive()
        if message["type"] == "http.request":
            self.received_bytes += len(message.get("body", b""))
            self._more_body = bool(message.get("more_body", False))
            if self.max_body_bytes > 0 and self.received_bytes > self.max_body_bytes:
                raise RequestRejected(413, "body larger than max_body_bytes")
        return message

    async def stream(self) -> AsyncIterator[bytes]:
        """The body as bytes chunks for an upstream client; a client disconnect aborts it."""
        while True:
            if not self._buffered and not self._more_body:
                return
            message = await self()
            if message["type"] == "http.disconnect":
                raise ClientDisconnected("client disconnected during the body")
            chunk = message.get("body", b"")
            if chunk:
                yield chunk
            if not message.get("more_body", False) and not self._buffered:
                return


async def read_request(
    scope: Message,
    receive: Receive,
    *,
    inspected: Iterable[str] = DEFAULT_INSPECTED_HEADERS,
    inspect_body_bytes: int = 64 * 1024,
    max_body_bytes: int = 0,
    body_timeout_s: float = BODY_READ_TIMEOUT_S,
) -> tuple[RequestView, BodyReplay]:
    """Read what the model needs from an ASGI request and return a replaying `receive`.

    Only the first `inspect_body_bytes` are read (the message that crosses the
    limit is kept whole, so replay is exact); a larger body stays unread.
    Raises RequestRejected (400/408/413/431) or ClientDisconnected.
    """
    check_header_limits(scope.get("headers", ()))
    check_framing(scope.get("headers", ()), max_body_bytes)
    buffered: list[Message] = []
    received = 0
    more_body = scope.get("type") == "http"
    try:
        async with asyncio.timeout(body_timeout_s):
            while more_body and received < max(inspect_body_bytes, 1):
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientDisconnected("client disconnected before its body was read")
                if message["type"] != "http.request":
                    buffered.append(message)
                    continue
                buffered.append(message)
                received += len(message.get("body", b""))
                more_body = bool(message.get("more_body", False))
                if max_body_bytes > 0 and received > max_body_bytes:
                    raise RequestRejected(413, "body larger than max_body_bytes")
                if inspect_body_bytes == 0:
                    break
    except TimeoutError:
        raise RequestRejected(408, "request body too slow") from None
    body = b"".join(m.get("body", b"") for m in buffered if m["type"] == "http.request")
    view = view_from_scope(
        scope,
        body=inspectable_body(_content_type(scope), body[:inspect_body_bytes]),
        body_truncated=more_body or len(body) > inspect_body_bytes,
        inspected=inspected,
    )
    return view, BodyReplay(receive, buffered, more_body, received, max_body_bytes, body_timeout_s)
