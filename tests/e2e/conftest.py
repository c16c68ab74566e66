"""End-to-end tests run on uvloop, as `waf-proxy serve` does.

asyncio's default loop adds ~40 ms to each keep-alive request when client and
proxy share it, which would hide the latencies these tests assert.
"""

from __future__ import annotations

import uvloop


def pytest_asyncio_loop_factories(config, item):
    return {"uvloop": uvloop.new_event_loop}
