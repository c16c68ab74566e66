"""waf-proxy: a machine-learning web application firewall.

Public API (imported lazily so the CLI starts fast):
`WAFMiddleware`, `create_proxy_app`, `Settings`, `load_settings`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "WAFMiddleware": "waf_proxy.middleware",
    "create_proxy_app": "waf_proxy.proxy",
    "Settings": "waf_proxy.config",
    "load_settings": "waf_proxy.config",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'waf_proxy' has no attribute {name!r}")
