"""Drive an ASGI app with a hand-made scope, so tests control raw bytes that HTTP clients normalise."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any


@dataclass
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    complete: bool

    def header(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        key = name.lower().encode()
        return [v.decode("latin-1") for k, v in self.headers if k.lower() == key]


async def call(
    app: Any,
    method: str = "GET",
    raw_path: bytes = b"/",
    query: bytes = b"",
    headers: list[tuple[str, str]] | None = None,
    body: list[bytes] | None = None,
    client: tuple[str, int] = ("203.0.113.5", 50000),
    timeout: float = 5.0,
) -> Answer:
    chunks = list(body if body is not None else [b""])
    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": raw_path.decode("latin-1"),
        "raw_path": raw_path,
        "query_string": query,
        "root_path": "",
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or [])],
        "client": client,
        "server": ("127.0.0.1", 8080),
    }
    sent: list[dict[str, Any]] = []
    done = asyncio.Event()

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    try:
        await asyncio.wait_for(app(scope, receive, send), timeout)
    finally:
        done.set()
    start = next(m for m in sent if m["type"] == "http.response.start")
    bodies = [m for m in sent if m["type"] == "http.response.body"]
    return Answer(
        status=start["status"],
        headers=list(start.get("headers", [])),
        body=b"".join(m.get("body", b"") for m in bodies),
        complete=bool(bodies) and not bodies[-1].get("more_body", False),
    )
