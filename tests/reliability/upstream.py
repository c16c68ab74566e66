"""A small real upstream for the reliability suites: echo, stall, slow and reset servers.

It runs in a background thread of the test process so tests can read what
actually reached it (``UpstreamServer.records``) and prove, e.g., that a forged
Host never sends traffic anywhere else.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn


@dataclass
class Received:
    method: str
    raw_path: bytes
    query: bytes
    headers: list[tuple[bytes, bytes]]
    body_len: int
    body_sha256: str
    client: tuple[str, int] | None


@dataclass
class UpstreamServer:
    """Echo app on a loopback port; `records` lists every request it served."""

    records: list[Received] = field(default_factory=list)
    port: int = 0
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif msg["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        digest, size = hashlib.sha256(), 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunk = msg.get("body", b"")
            digest.update(chunk)
            size += len(chunk)
            if not msg.get("more_body"):
                break
        rec = Received(
            scope["method"], raw_path, scope.get("query_string", b""), list(scope["headers"]),
            size, digest.hexdigest(), scope.get("client"),
        )
        self.records.append(rec)
        if raw_path.startswith(b"/__stall"):
            # Promise 1000 bytes, send 10, then go silent: a stall mid-body.
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-length", b"1000")]})
            await send({"type": "http.response.body", "body": b"x" * 10, "more_body": True})
            await asyncio.sleep(60)
            return
        if raw_path.startswith(b"/__big"):
            # N MiB (query string, default 100) streamed in 1 MiB chunks: a large download.
            mib = int(rec.query.decode() or "100")
            chunk = b"d" * 2**20
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-length", str(mib * 2**20).encode()),
                                    (b"content-type", b"application/octet-stream")]})
            for i in range(mib):
                await send({"type": "http.response.body", "body": chunk, "more_body": i < mib - 1})
            return
        if raw_path.startswith(b"/__slow"):
            await asyncio.sleep(float(rec.query.decode() or "30"))
        payload = json.dumps({
            "method": rec.method,
            "raw_path": raw_path.decode("latin-1"),
            "query": rec.query.decode("latin-1"),
            "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in rec.headers],
            "body_len": size,
            "body_sha256": rec.body_sha256,
        }).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})

    def start(self) -> "UpstreamServer":
        sock = bind_loopback()
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="on",
                                loop="asyncio", http="h11", timeout_keep_alive=30,
                                interface="asgi3", proxy_headers=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._server.serve(sockets=[sock])), daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("upstream did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._server.force_exit = True  # /__stall handlers sleep; don't wait for them
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class ResetServer:
    """Accepts a connection, reads a little, then resets it (RST via SO_LINGER 0)."""

    def __init__(self) -> None:
        self.sock = bind_loopback()
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            try:
                conn.settimeout(1)
                conn.recv(65536)
            except OSError:
                pass
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def bind_loopback() -> socket.socket:
    """A listening loopback socket on a free port (bound here, so no port race)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    sock.set_inheritable(True)
    return sock


def refused_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"
