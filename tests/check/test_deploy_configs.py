"""The shipped Envoy example agrees with the service: prefix, body, headers, fail policy.

Envoy is not installed here, so the config is checked structurally and then
replayed: a check request built the way Envoy builds it from this config
(path_prefix + original path, only the allowed headers, the body) gets the
expected verdicts from the real app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.check.conftest import RegexScorer
from waf_proxy.check.adapters import ENVOY_PREFIX
from waf_proxy.config import Settings

ENVOY_YAML = Path(__file__).resolve().parents[2] / "deploy" / "envoy" / "envoy.yaml"
EXT_AUTHZ = "type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz"


def ext_authz_config() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    doc = yaml.safe_load(ENVOY_YAML.read_text())
    resources = doc["static_resources"]
    hcm = resources["listeners"][0]["filter_chains"][0]["filters"][0]["typed_config"]
    filters = hcm["http_filters"]
    authz = [f["typed_config"] for f in filters if f["typed_config"]["@type"] == EXT_AUTHZ]
    assert len(authz) == 1
    return authz[0], filters, resources["clusters"]


def test_envoy_config_points_ext_authz_at_the_service() -> None:
    authz, filters, clusters = ext_authz_config()
    service = authz["http_service"]
    assert service["path_prefix"] == ENVOY_PREFIX
    assert service["server_uri"]["cluster"] in {c["name"] for c in clusters}
    assert authz["with_request_body"]["max_request_bytes"] > 0
    assert authz["with_request_body"]["allow_partial_message"] is True
    assert authz["failure_mode_allow"] is False  # else the service's fail-closed 503 would pass
    assert filters[-1]["name"] == "envoy.filters.http.router"
    allowed = {p["exact"] for p in authz["allowed_headers"]["patterns"]}
    assert set(Settings().inspect_headers) <= allowed
    assert {"x-forwarded-for", "x-request-id"} <= allowed


async def test_requests_shaped_by_the_envoy_config_get_the_expected_verdicts(
    client: httpx.AsyncClient, scorer: RegexScorer
) -> None:
    authz, _, _ = ext_authz_config()
    allowed = {p["exact"] for p in authz["allowed_headers"]["patterns"]}
    limit = authz["with_request_body"]["max_request_bytes"]
    prefix = authz["http_service"]["path_prefix"]
    client_headers = {
        "user-agent": "Mozilla/5.0",
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": "192.0.2.10",
        "x-request-id": "6b1e0c7e-0d4a-4a7e-9a55-0a1f7c9e2b11",
        "x-not-allowed": "<script>alert(1)</script>",  # Envoy would not send this one
    }
    sent = {k: v for k, v in client_headers.items() if k in allowed}

    ok = await client.post(prefix + "/comment?post=3", content=b"text=nice+post"[:limit], headers=sent)
    bad = await client.post(prefix + "/comment?post=3", content=b"text=<script>x</script>", headers=sent)
    assert ok.status_code == 200 and bad.status_code == 403
    assert ok.headers["x-request-id"] == client_headers["x-request-id"]
    assert scorer.seen[0].header("user-agent") == "Mozilla/5.0"
    for header in authz["http_service"]["authorization_response"]["allowed_client_headers"]["patterns"]:
        assert header["exact"] in bad.headers
