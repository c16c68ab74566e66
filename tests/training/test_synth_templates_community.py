"""Community / civic / club train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import Counter
from typing import Any

import pytest

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_community
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_community import COMMUNITY

MINE = [REGISTRY[name] for name in COMMUNITY]
SEEDS = range(30)
KEY = "community:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (ADIF/Cabrillo logs, markdown minutes and reports, vCards)
RAW_TEXT = ("text/plain", "text/markdown", "text/vcard")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "c")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def test_community_templates_are_registered_as_train() -> None:
    assert 10 <= len(COMMUNITY) <= 14
    assert isinstance(COMMUNITY, tuple)
    checks.check_registered(COMMUNITY, synth_templates_community, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, COMMUNITY, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)  # realistic sizes
    assert any(len(r["body"]) > 2500 for r in records)  # and some larger documents (logs, minutes)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv", "application/xml", "text/xml"} <= set(ctypes)
    assert {"text/markdown", "text/vcard"} <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = [r for r in records if r["source"] == f"synth:{tpl.name}"]
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"x-twilio-signature", "x-charitypay-signature"} <= header_names  # signed SMS and payment webhooks
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets, arrays, dotted, kebab-case, PascalCase in forms and queries; camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\](\[\w+\])?", n) for n in names)
    assert any(re.fullmatch(r"attribute\[[A-Z]+\]", n) for n in names)  # Open311 service attributes
    assert any(n.endswith("[]") for n in names)
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+", n) for n in names)
    assert any(re.fullmatch(r"[a-z]+-[a-z]+(-[a-z]+)*", n) for n in names)
    assert any(re.fullmatch(r"(?:[A-Z][a-z]+){2,}", n) for n in names)  # SmsMessageSid, ToCountry
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # top-level arrays
    # JSON filter documents inside query parameters
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k in ("filter", "where")]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    # the XML the apps speak: Open311 callbacks, Darwin Core, XML-RPC, a fixtures feed
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"service_requests", "SimpleDarwinRecordSet", "methodCall", "Fixtures"} <= roots


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = "\n".join(t for r in records for t in _texts(r))
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob and "`" in blob  # dashes, markdown code
    assert "<p>" in blob and "<b>" in blob  # harmless HTML in e-cards and broadcasts
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    assert "—" in blob and "“" in blob  # typographic dashes and quotes
    # the apps' own formats
    assert re.search(r"\bIn (loving )?memory of [A-Z]", blob) and "Mary O'Neil" in blob  # dedications
    assert re.search(r"\d-\d \((a\.e\.t\.|\d-\d pens)\)", blob)  # scorelines
    assert re.search(r"\d+\+\d'", blob) or re.search(r"\d+' --", blob)  # minutes of play
    assert re.search(r">!.+?!<", blob)  # spoilers
    assert re.search(r"\b(Turdus merula|Erithacus rubecula|Parus major|Bombus terrestris|Quercus robur|Ardea cinerea)\b", blob)  # Latin names
    assert re.search(r"\d+/8\b", blob) and "°C" in blob  # weather notes
    assert re.search(r"<call:\d+>[A-Z0-9/]+ <band:\d+>\d+c?m", blob) and "<eor>" in blob and "<eoh>" in blob  # ADIF
    assert "START-OF-LOG: 3.0" in blob and re.search(r"\nQSO: +\d+ (CW|PH|RY) \d{4}-\d\d-\d\d ", blob)  # Cabrillo
    assert re.search(r"\b[A-Z0-9]{1,3}\d[A-Z]{1,3}/(P|M|QRP|MM|AM)\b", blob)  # portable callsigns
    assert "BEGIN:VCARD" in blob and "\\," in blob  # vCards with escaped commas
    assert re.search(r"\{\{ ?[a-z_.]+ ?\}\}", blob) and "{% if" in blob  # merge fields in school broadcasts
    assert re.search(r"\b[A-G]-\d{1,2}[ab]?\b", blob)  # allotment plot ids
    assert re.search(r"\b\w\*\*\*@[\w.-]+", blob)  # masked e-mail addresses
    assert re.search(r"\d-\d-\d \(for-against-abstain\)", blob) and "CC&R" in blob  # HOA minutes and documents
    assert re.search(r"\w & \w", blob) and "(a.e.t.)" in blob
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15  # raw bytes; a third of JSON bodies escape non-ASCII as \\uXXXX


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_community_templates() -> None:
    checks.check_module_attacks(COMMUNITY, _parse_body, PAYLOADS, 400, 6)
