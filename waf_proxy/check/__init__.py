"""The decision API: the WAF engine as a service for edges that keep their own proxy.

`create_check_app` builds the Starlette app; `run_check_server` is the
`waf-proxy check-server` command.
"""

from waf_proxy.check.app import create_check_app
from waf_proxy.check.server import run_check_server

__all__ = ["create_check_app", "run_check_server"]
