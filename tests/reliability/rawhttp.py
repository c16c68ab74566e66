"""Raw-socket HTTP/1.1 for requests a well-behaved client library refuses to send."""

from __future__ import annotations

import http.client
import socket
import time
from dataclasses import dataclass
from typing import Iterable


@dataclass
class RawResponse:
    status: int | None  # None: the server closed or reset without an answer
    headers: list[tuple[str, str]]
    body: bytes
    elapsed_s: float
    error: str | None = None

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def exchange(
    port: int,
    data: bytes | Iterable[bytes],
    *,
    timeout: float = 10.0,
    pause_s: float = 0.0,
    read_body: bool = True,
    source: str | None = None,
) -> RawResponse:
    """Send `data` (one blob, or chunks with `pause_s` between them), then read one response.

    Sending stops early when the server answers or closes mid-upload, which is
    exactly what a WAF should do to a client it has given up on.
    """
    start = time.monotonic()
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                    source_address=(source, 0) if source else None)
    try:
        chunks = [data] if isinstance(data, bytes) else data
        try:
            for chunk in chunks:
                sock.sendall(chunk)
                if pause_s and _readable(sock, pause_s):  # the server answered or closed meanwhile
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(max(0.1, timeout - (time.monotonic() - start)))
        response = http.client.HTTPResponse(sock, method="GET")
        try:
            response.begin()
            body = response.read() if read_body else b""
        except (http.client.RemoteDisconnected, ConnectionResetError, http.client.IncompleteRead,
                BrokenPipeError) as exc:
            return RawResponse(None, [], b"", time.monotonic() - start, type(exc).__name__)
        except socket.timeout:
            return RawResponse(None, [], b"", time.monotonic() - start, "timeout")
        return RawResponse(response.status, list(response.getheaders()), body,
                           time.monotonic() - start)
    finally:
        sock.close()


def _readable(sock: socket.socket, wait_s: float = 0.0) -> bool:
    import select

    ready, _, _ = select.select([sock], [], [], wait_s)
    return bool(ready)


def request_bytes(
    method: str = "GET",
    target: str | bytes = "/",
    headers: list[tuple[str, str]] | None = None,
    body: bytes = b"",
    *,
    host: str = "localhost",
    content_length: bool = True,
) -> bytes:
    """Serialise a request byte for byte, with no validation whatsoever."""
    target_b = target if isinstance(target, bytes) else target.encode("latin-1")
    lines = [method.encode() + b" " + target_b + b" HTTP/1.1", b"Host: " + host.encode("latin-1")]
    for name, value in headers or []:
        lines.append(name.encode("latin-1") + b": " + value.encode("latin-1"))
    if content_length and body:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
