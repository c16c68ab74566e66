"""Developer / operations tool train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest
import yaml

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth import _strings
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth, synth_templates_devtools
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_devtools import DEVTOOLS

MINE = [REGISTRY[name] for name in DEVTOOLS]
SEEDS = range(30)
KEY = "dev:{name}:{seed}"


def _parse_envelope(body: str) -> list[Any]:
    """A Sentry-style envelope: a header line, then (item header, item) line pairs; attachments are raw text."""
    assert body.endswith("\n")
    lines = body[:-1].split("\n")
    assert len(lines) % 2 == 1, len(lines)
    out: list[Any] = [json.loads(lines[0])]
    for i in range(1, len(lines), 2):
        item_header = json.loads(lines[i])
        out += [item_header, lines[i + 1] if item_header["type"] == "attachment" else json.loads(lines[i + 1])]
    return out


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    ctype, body = _ctype(record).lower(), record["body"]
    if not ctype:
        assert body == "", record["path"]
        return body
    base = ctype.split(";")[0].strip()
    if base == "application/x-sentry-envelope":
        return _parse_envelope(body)
    if "json" in base:  # application/json, +json media types, merge-patch+json
        return json.loads(body)
    if "urlencoded" in base:
        return checks.parse_form(body)
    if "multipart" in base:
        return checks.parse_multipart(record)
    if "xml" in base:
        return ET.fromstring(body.encode("utf-8"))
    if "yaml" in base:  # application/yaml, text/yaml, application/apply-patch+yaml
        parsed = yaml.safe_load(body)
        assert isinstance(parsed, dict), body[:200]
        return parsed
    if base == "text/csv":
        return checks.parse_csv(body, min_rows=2)
    assert base == "text/plain", base
    if record["path"].endswith("/store/"):  # a JSON event sent as text/plain (a browser's CORS-simple request)
        json.loads(body)
    return body


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "d")


def _texts(record: dict[str, Any]) -> list[str]:
    """Every decoded value of a record: query values, then body values by format."""
    out = [v for _, v in urllib.parse.parse_qsl(record["query"], keep_blank_values=True)]
    parsed = _parse_body(record)
    if isinstance(parsed, ET.Element):
        out += ["".join(parsed.itertext())]
    elif isinstance(parsed, list) and parsed and isinstance(parsed[0], tuple):  # form pairs
        out += [v for _, v in parsed]
    elif isinstance(parsed, list) and parsed and isinstance(parsed[0], list):  # CSV rows
        out += [cell for row in parsed for cell in row]
    elif isinstance(parsed, (dict, list)):
        out += _strings(parsed) if "multipart" not in _ctype(record) else [str(x) for x in parsed.values()]
    else:
        out.append(record["body"])
    return out


def test_devtools_templates_are_registered_as_train() -> None:
    assert 10 <= len(DEVTOOLS) <= 14
    assert isinstance(DEVTOOLS, tuple)
    checks.check_registered(DEVTOOLS, synth_templates_devtools, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, DEVTOOLS, _parse_body, ("GET", "HEAD", "DELETE", "OPTIONS"))
    blob_mount = lambda r: r["path"].endswith("/blobs/uploads/")  # noqa: E731 -- a blob mount is an empty POST
    checks.check_bodies(records, ("GET", "HEAD", "DELETE", "OPTIONS"), 0.75, also_bodiless=blob_mount)  # realistic sizes
    assert any(len(r["body"]) > 4000 for r in records)  # and some large dashboards, diffs and events


def test_module_covers_methods_formats_clients_and_credentials(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0].strip() for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv"} <= set(ctypes)
    assert {"application/xml", "text/xml"} & set(ctypes)
    # the tools' own formats: envelopes, OCI manifests, merge patches, YAML manifests
    assert {"application/x-sentry-envelope", "application/vnd.oci.image.manifest.v1+json", "application/merge-patch+json", "application/apply-patch+yaml"} <= set(ctypes)
    assert {"application/yaml", "text/yaml", "application/x-yaml"} & set(ctypes)
    assert ctypes["application/json"] > 200
    for tpl in MINE:  # every template speaks more than one method and format
        mine = [r for r in records if r["source"] == f"synth:{tpl.name}"]
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 2, tpl.name
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    assert any(ua.startswith(("docker/", "containerd/", "skopeo/")) for ua in uas)  # registry clients
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"x-sentry-auth", "x-vault-token", "x-scope-orgid", "kong-admin-token", "x-svcstatus-signature", "x-grafana-org-id"} <= header_names
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic", "Splunk"} <= auth
    # naming styles: brackets, arrays, dotted (plugin config), snake_case API forms
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\](\[\w+\])*", n) for n in names)
    assert any(n.endswith("[]") for n in names)
    assert any(re.fullmatch(r"config\.[a-z_]+(\.[a-z_]+)?", n) for n in names)
    assert {"api_paste_code", "transactions[0][value]", "incident[component_ids][]", "paste[content]"} <= names  # legacy and Rails-style form APIs
    assert any('name="sentry[user][email]"' in r["body"] for r in records if "multipart" in _ctype(r))  # bracketed multipart fields
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r) and "envelope" not in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    texts = [t for r in records for t in _texts(r)]
    blob = "\n".join(texts)
    # the usual traps in free text
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)
    assert " -- " in blob and "```" in blob and "`" in blob
    assert "<p>" in blob or "<br>" in blob
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    # what developer tools carry: queries, code, diffs, patterns, templates, secrets
    assert re.search(r'status=~"5\.\."', blob) and "rate(" in blob and "histogram_quantile(" in blob  # PromQL
    assert re.search(r"\| stats count\(\)", blob) and re.search(r'\|[=~] "', blob)  # pipe language and LogQL
    assert "SQLSTATE[42000]" in blob and "You have an error in your SQL syntax" in blob  # quoted SQL errors
    assert re.search(r"\bSELECT\b .+ \bFROM\b \w+ .*\bWHERE\b", blob)
    assert "diff --git a/" in blob and re.search(r"^@@ -\d+,\d+ \+\d+,\d+ @@", blob, re.M)  # unified diffs
    assert "(?:" in blob and "[^" in blob  # regexes
    assert "{{baseUrl}}" in blob and "pm.environment" in blob  # API client variables and scripts
    assert "${var." in blob and 'resource "' in blob  # HCL
    assert "-----BEGIN" in blob and re.search(r"postgres://\w+:[^@\s]+@", blob)  # secrets
    assert "<?php" in blob and "#!/usr/bin/env bash" in blob and "&&" in blob and "2>&1" in blob
    assert "{{ $labels.instance }}" in blob  # alert templates
    assert re.search(r"sha256:[0-9a-f]{64}", "\n".join(r["path"] + r["body"] for r in records))  # digests
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.12  # mostly code and queries; a third of JSON bodies escape non-ASCII as \\uXXXX


def test_yaml_and_hcl_documents_are_what_the_tools_expect(records) -> None:
    kinds = set()
    for r in records:
        ctype = _ctype(r)
        if "yaml" in ctype:
            doc = _parse_body(r)
            kinds.add(doc.get("kind") or ("_format_version" in doc and "gateway") or ("replicaCount" in doc and "helm"))
        if "multipart" in ctype and "main.tf" in r["body"]:
            assert re.search(r'(resource|variable) "\w+" "?\w*"? ?\{', r["body"])
    assert {"Deployment", "gateway", "helm"} <= kinds


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)
    for benign, ctx in renders:  # every request offers a place besides its User-Agent, bodiless ones included
        assert len(ctx.slots) >= 2 or benign["method"] in ("OPTIONS", "HEAD"), (tpl.name, benign["path"], ctx.slots)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_envelope_events_are_json_lines_and_only_the_attachment_is_a_slot() -> None:
    tpl = REGISTRY["error_tracker"]
    seen = 0
    for seed in range(120):
        benign, ctx = synth.render(tpl, f"env:{seed}")
        if "/envelope/" not in benign["path"]:
            continue
        seen += 1
        items = _parse_envelope(benign["body"])
        assert items[1] == {"type": "event"} and "exception" in items[2]
        assert {s.kind for s in ctx.slots} <= {"multipart", "header", "cookie"}  # no JSON slot inside NDJSON
        at = next(i for i, s in enumerate(ctx.slots) if s.kind == "multipart")
        attack, _ = synth.render(tpl, f"env:{seed}", inject_at=at)
        synth._replace_sentinel(attack, PAYLOADS[0][0])
        assert _parse_envelope(attack["body"])[-1] == PAYLOADS[0][0]
    assert seen >= 5


def test_generated_train_attacks_reach_devtools_templates() -> None:
    checks.check_module_attacks(DEVTOOLS, _parse_body, PAYLOADS, 600, 6)
