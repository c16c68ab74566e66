"""A deadline for request heads: slow or silent clients are cut off (slowloris defence).

uvicorn closes idle keep-alive connections, but never a connection whose request
head has not arrived: a client that connects and sends nothing, or a header
byte now and then, holds its connection forever. A few thousand of them fill
`limit_concurrency` (every real client then gets 503) or the file descriptors.
`HeaderDeadlineProtocol` is uvicorn's httptools protocol with one addition:
each request head must be complete within `header_timeout_s` of the connection
opening or of the previous response finishing; otherwise the connection is
closed. The body has its own deadline (`client_body_timeout_s`, inspect.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

DEFAULT_HEADER_TIMEOUT_S = 15.0


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol plus a request-head deadline (see module docstring)."""

    # A class attribute, so that `--workers` children (which import this class
    # afresh) can be configured from settings where they build their app.
    header_timeout_s: float = DEFAULT_HEADER_TIMEOUT_S

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def on_headers_complete(self) -> None:
        self._disarm_head_timer()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()  # the next request head on this connection gets the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        self._disarm_head_timer()
        self._head_timer = self.loop.call_later(self.header_timeout_s, self._head_timeout)

    def _disarm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timeout(self) -> None:
        self._head_timer = None
        busy = (self.cycle is not None and not self.cycle.response_complete) or bool(self.pipeline)
        if not busy and not self.transport.is_closing():
            self.transport.close()


def configure(header_timeout_s: float) -> type[HeaderDeadlineProtocol]:
    """Set the deadline for this process; returns the protocol class for uvicorn's `http` option."""
    HeaderDeadlineProtocol.header_timeout_s = float(header_timeout_s)
    return HeaderDeadlineProtocol


def uvicorn_http(settings: Any) -> type[HeaderDeadlineProtocol]:
    """The `http=` option for uvicorn, configured from settings (client_header_timeout_s)."""
    return configure(getattr(settings, "client_header_timeout_s", DEFAULT_HEADER_TIMEOUT_S))
