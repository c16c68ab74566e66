"""The decision API: the WAF engine as a service for edges that keep their own proxy.

`create_check_app` builds the Starlette app; `run_check_server` is the
`waf-proxy check-server` command. Endpoints (OpenAPI at /openapi.json):

    POST /check            {"method": "GET", "path": "/p", "query": "id=1",
                            "headers": [["User-Agent", "curl/8"]], "body": "",
                            "body_encoding": "text", "client_ip": "192.0.2.1"}
                           -> {"score", "is_anomaly", "threshold", "mode", "outcome",
                               "allow", "top_tokens", "processing_ms", "model_version",
                               "request_id", "error", ...}
    POST /check/batch      {"items": [...]} or [...] -> {"results": [...] in order}
    ANY  /auth             nginx auth_request / Traefik ForwardAuth -> 200 / 403
    ANY  /envoy/ext_authz/<original path>   Envoy HTTP ext_authz -> 200 / 403

Module map: models (wire shapes and limits), views (to RequestView, as the
proxy sees requests), judge (engine call, fail policy), observe (rate limits,
logs, metrics), adapters (edge proxies), openapi, app, server.
"""

from waf_proxy.check.app import create_check_app
from waf_proxy.check.server import run_check_server

__all__ = ["create_check_app", "run_check_server"]
