"""Business / back-office train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from waf_proxy.training import synth_templates_business
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_business import BUSINESS
from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth import _strings
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from tests.training.test_synth_templates_holdout import _parse_body as _parse_common

MINE = [REGISTRY[name] for name in BUSINESS]
SEEDS = range(30)
KEY = "biz:{name}:{seed}"


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type (XML and CSV too); raises if malformed."""
    ctype = _ctype(record).lower()
    if "xml" in ctype:
        return ET.fromstring(record["body"].split("?>", 1)[-1])
    if "csv" in ctype:
        return checks.parse_csv(record["body"], min_rows=2)
    if ctype.split(";")[0] == "text/plain":
        return record["body"]
    return _parse_common(record)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "b")


def test_business_templates_are_registered_as_train() -> None:
    assert 10 <= len(BUSINESS) <= 14
    checks.check_registered(BUSINESS, synth_templates_business, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, BUSINESS, _parse_body, ("GET", "HEAD", "DELETE", "OPTIONS"))
    checks.check_bodies(records, ("GET", "HEAD", "DELETE", "OPTIONS"), 0.8)  # realistic sizes


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv"} <= set(ctypes)
    assert {"application/xml", "text/xml"} & set(ctypes)
    # every template is used by more than one kind of client or method
    for tpl in MINE:
        mine = [r for r in records if r["source"] == f"synth:{tpl.name}"]
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 2, tpl.name
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert any(k.startswith("X-Esign-Signature") for r in records for k, _ in r["headers"])  # signed webhooks
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets, arrays, dotted, kebab-case, camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\](\[\w+\])?", n) for n in names)
    assert any(n.endswith("[]") for n in names)
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+(\.[a-z]+)?", n) for n in names)
    assert any(re.fullmatch(r"[a-z]+-[a-z]+(-[a-z]+)*", n) for n in names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # top-level arrays
    assert any(isinstance(b, dict) and b.get("jsonrpc") == "2.0" for b in bodies)  # JSON-RPC


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    texts = []
    for r in records:
        texts += [v for _, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)]
        parsed = _parse_body(r) if r["body"] else None
        if isinstance(parsed, (dict, list)) and "json" in _ctype(r):
            texts += _strings(parsed)
        elif isinstance(parsed, list):
            texts += [str(x) for x in parsed]
        elif isinstance(parsed, dict):
            texts += [str(x) for x in parsed.values()]
        else:
            texts.append(r["body"])
    blob = "\n".join(texts)
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob and "`" in blob  # dashes, markdown code
    assert "<p>" in blob or "<table" in blob  # harmless HTML
    assert "{{ " in blob  # merge tags
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15  # raw bytes; a third of JSON bodies escape non-ASCII as \\uXXXX


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_business_templates() -> None:
    checks.check_module_attacks(BUSINESS, _parse_body, PAYLOADS, 400, 6)
