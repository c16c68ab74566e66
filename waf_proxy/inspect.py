"""What the WAF reads from a request.

`RequestView` is the one shape every entry point (proxy, middleware, /check,
training corpora) turns a request into, so the engine never sees ASGI or HTTP
details. Header names are lower-case; only the headers that matter are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
