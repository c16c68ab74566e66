"""Data and developer tool train templates (content is code): registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import Counter
from typing import Any

import pytest
import yaml

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth, synth_templates_dataworks
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_dataworks import DATAWORKS

MINE = [REGISTRY[name] for name in DATAWORKS]
SEEDS = range(30)
KEY = "dataworks:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# bodies the apps store as they are: SQL statements and source files, patches, saved binaries
RAW_TEXT = ("text/plain", "text/x-diff", "application/octet-stream")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed.
    YAML files are checked to load as a mapping and handed on as text."""
    base = _ctype(record).split(";")[0].strip().lower()
    if "yaml" in base:
        assert isinstance(yaml.safe_load(record["body"]), dict), record["body"][:200]
        return record["body"]
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(80), "dw")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def test_dataworks_templates_are_registered_as_train() -> None:
    assert len(DATAWORKS) == 8
    assert isinstance(DATAWORKS, tuple)
    checks.check_registered(DATAWORKS, synth_templates_dataworks, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, DATAWORKS, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.85)  # realistic sizes: code, but mostly under 2 KB


def test_module_covers_methods_formats_clients_and_credentials(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0].strip() for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/x-diff"} <= set(ctypes)
    assert {"application/geo+json", "application/merge-patch+json"} <= set(ctypes)
    assert {"application/xml", "text/xml"} & set(ctypes) and {"application/x-yaml", "text/yaml", "application/yaml"} & set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every app speaks several methods and formats (bodiless requests included)
        mine = [r for r in records if r["source"] == f"synth:{tpl.name}"]
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match", "x-xsrftoken"} <= header_names
    assert {"x-trino-user", "x-trino-catalog"} <= header_names  # a query engine's own headers
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic", "Token", "token"} <= auth  # JWTs, basic, dbt-style and Jupyter tokens
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert {"snippet[files][][content]", "where", "outFields", "cql_filter", "command", "filters", "isRegex"} <= names
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # task imports are top-level arrays
    # JSON filter documents inside query parameters
    filters = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k == "filters"]
    assert filters and all(json.loads(f)["items"] for f in filters)


def test_documents_are_what_the_tools_expect(records) -> None:
    for r in records:
        ctype, body = _ctype(r), r["body"]
        if "geo+json" in ctype:
            doc = json.loads(body)
            assert doc["type"] in ("Feature", "FeatureCollection")
            for feat in doc.get("features", [doc]):
                if feat["geometry"]["type"] == "Polygon":
                    ring = feat["geometry"]["coordinates"][0]
                    assert ring[0] == ring[-1] and len(ring) >= 4  # closed rings
        if r["path"].endswith("/execute") and "json" in ctype:
            msg = json.loads(body)
            assert msg["header"]["msg_type"] == "execute_request" and msg["header"]["version"] == "5.3" and msg["content"]["code"]
        if "x-diff" in ctype:
            assert body.startswith("diff --git a/") and re.search(r"^@@ -\d+,\d+ \+\d+,\d+ @@$", body, re.M)
        if "labelhub" in r["path"] and r["path"].endswith("/annotations") and r["method"] == "POST":
            for res in json.loads(body)["result"]:
                if res["type"] == "labels":
                    assert 0 <= res["value"]["start"] <= res["value"]["end"]
    schema = [yaml.safe_load(r["body"]) for r in records if "yaml" in _ctype(r)]
    assert schema and all(doc["version"] == 2 and doc["models"][0]["columns"] for doc in schema)


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = "\n".join(t for r in records for t in _texts(r))
    # the usual traps in free text
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert " -- " in blob and "```" in blob
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    # SQL as analysts write it: CTEs, windows, comments, UNION ALL, DDL and DML, doubled quotes
    assert "WITH base AS (" in blob and "OVER (PARTITION BY" in blob and "UNION ALL" in blob and "QUALIFY" in blob
    assert re.search(r"^-- ", blob, re.M) and "/*" in blob and "*/" in blob
    assert "DROP TABLE IF EXISTS" in blob and "DELETE FROM" in blob and "MERGE INTO" in blob and "GRANT SELECT" in blob
    assert "'O''Reilly Media'" in blob and re.search(r"LIKE '%[^']*%'", blob)
    # Jinja models and templates
    assert "{{ ref('" in blob and "{% if is_incremental() %}" in blob and "{% endfor %}" in blob and "{% macro " in blob
    # notebook cells and shell
    assert "import pandas as pd" in blob and "%%sql" in blob and "library(dplyr)" in blob and "!pip install" in blob
    assert "&&" in blob and re.search(r"\| (jq|grep|head|xargs)", blob) and "$(" in blob and "2>&1" in blob
    assert "curl " in blob and "-H 'Authorization: Bearer" in blob and "dbt build --select state:modified+" in blob
    # many languages, JSX and diffs
    assert "package main" in blob and "fn main()" in blob and "Get-ChildItem" in blob and "#!/usr/bin/env bash" in blob
    assert "<div className=" in blob and "onChange={e =>" in blob and "diff --git a/" in blob
    assert re.search(r"<(p|b|code)>", blob) and 'href="/docs/limits"' in blob
    # globs, regexes, paths and URLs
    assert "src/**/*.{ts,tsx}" in blob and "**/node_modules/**" in blob and re.search(r"\\b\(DROP\|DELETE\)\\b|TODO\|FIXME|\[\^>\]\*", blob)
    assert re.search(r"https?://[\w.-]+/", blob) and re.search(r"(~|/home|C:\\Users)", blob)
    # label configs and geometry
    assert "<RectangleLabels" in blob and "<Labels" in blob and "$text" in blob
    assert re.search(r"(POLYGON|LINESTRING|POINT|MULTIPOLYGON) \(", blob) and re.search(r"(INTERSECTS|DWITHIN)\(geom, ", blob) and "O''" in blob
    assert "wfs:Transaction" in "\n".join(r["body"] for r in records)
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.12  # mostly code and queries; a third of JSON bodies escape non-ASCII as \\uXXXX


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 12, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)
    for benign, ctx in renders:  # every request offers a place besides its User-Agent
        assert len(ctx.slots) >= 2 or benign["method"] in ("OPTIONS", "HEAD"), (tpl.name, benign["path"], ctx.slots)


def test_code_bodies_are_slots_so_attacks_land_in_code_context() -> None:
    """Raw SQL statements, saved source files and patches are one slot each: the payload replaces the code as a whole."""
    seen = Counter()
    for name, marker in (("warehouse_workbench", "/v1/statement"), ("browser_ide", "/fs/"), ("browser_ide", "/git/apply")):
        tpl = REGISTRY[name]
        for seed in range(80):
            benign, ctx = synth.render(tpl, f"raw:{seed}")
            if marker not in benign["path"] or benign["method"] == "DELETE":
                continue
            seen[marker] += 1
            at = next(i for i, s in enumerate(ctx.slots) if s.kind == "multipart")
            attack, _ = synth.render(tpl, f"raw:{seed}", inject_at=at)
            synth._replace_sentinel(attack, PAYLOADS[0][0])
            assert attack["body"] == PAYLOADS[0][0], (name, benign["path"])
    assert all(seen[m] >= 3 for m in ("/v1/statement", "/fs/", "/git/apply")), seen


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(30))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_dataworks_templates() -> None:
    checks.check_module_attacks(DATAWORKS, _parse_body, PAYLOADS, 600, 5)
