"""Public and commercial services train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
import zlib
from collections import Counter
from typing import Any

import pytest

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_services
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_services import SERVICES

MINE = [REGISTRY[name] for name in SERVICES]
SEEDS = range(30)
KEY = "svc:{name}:{seed}"


# domain text bodies the apps read as they are (EDI X12 and EDIFACT messages, BibTeX)
RAW_TEXT = ("text/plain", "application/edi-x12", "application/edifact", "application/x-bibtex")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "svc")


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def test_services_templates_are_registered_as_train() -> None:
    assert 10 <= len(SERVICES) <= 14
    assert isinstance(SERVICES, tuple)
    checks.check_registered(SERVICES, synth_templates_services, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, SERVICES, _parse_body, ("GET", "HEAD", "DELETE", "OPTIONS"))
    checks.check_bodies(records, ("GET", "HEAD", "DELETE", "OPTIONS"), 0.85)  # realistic sizes
    assert any(len(r["body"]) > 1500 for r in records)  # and some long ones


def test_module_covers_methods_formats_clients_and_credentials(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv", "application/xml"} <= set(ctypes)
    assert {"application/edi-x12", "application/edifact", "application/x-bibtex", "text/xml"} <= set(ctypes)  # domain formats
    for tpl in MINE:  # every template: several methods, several content types, more than one client
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 2, tpl.name
        assert len({dict(r["headers"]).get("User-Agent", "")[:8] for r in mine}) >= 3, tpl.name
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "x-carrier-signature"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # signed carrier webhooks: an HMAC-SHA256 header that does not follow the body (an attack differs from its twin only in the payload)
    hooks = [r for r in records if r["path"] == "/freightlink/hooks/carrier"]
    assert hooks and all(re.fullmatch(r"sha256=[0-9a-f]{64}", dict(r["headers"])["X-Carrier-Signature"]) for r in hooks)


def test_module_has_the_apps_naming_styles(records) -> None:
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\](\[\w+\])*", n) for n in names)  # applicant[first_name], w2[0][box12][0][code]
    assert any(n.endswith("[]") for n in names)  # cat[], parties[]
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+(\.[a-z]+)?", n) for n in names)  # period.from, birth.year.from
    assert any(re.fullmatch(r"[a-z]+-[a-z]+(-[a-z]+)*", n) for n in names)  # last-name, ends-within
    assert {"SAMLResponse", "RelayState"} <= names
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # top-level arrays
    rpc = [b for b in bodies if isinstance(b, dict) and b.get("jsonrpc") == "2.0"] + [x for b in bodies if isinstance(b, list) for x in b if isinstance(x, dict) and x.get("jsonrpc")]
    assert rpc and any(isinstance(b, list) and b and b[0].get("jsonrpc") for b in bodies)  # JSON-RPC, single and batch
    values = [v for r in records for _, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)]
    assert any(v.startswith("{") and isinstance(json.loads(v), dict) for v in values)  # JSON in a query parameter


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    texts = [t for r in records for t in _texts(r)]
    blob = "\n".join(texts)
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob and "`" in blob  # dashes, markdown code
    assert "<p>" in blob or "<strong>" in blob  # harmless rich-text HTML
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    assert re.search(r"[;|&$%<>]", blob)
    # what these apps add: legal citations, GEDCOM dates and pointers, LaTeX, hex addresses, EDI separators, passports
    assert re.search(r"\d+ U\.S\.C\. § \d+", blob) and re.search(r"\w v\. [\w .]+, \d+ (U\.S\.|F\.\w+) \d+", blob)
    assert re.search(r"\b(ABT|BET|BEF|AFT|EST|CAL) \d{4}\b", blob) and "@I1@" in blob
    assert "\\cite{" in blob and re.search(r"\$[^$]+\$", blob) and "\\frac{" in blob
    assert re.search(r"\b0x[0-9a-fA-F]{40}\b", blob) and re.search(r"\w+\.eth\b", blob)
    assert re.search(r"^ISA\*00\*", blob, re.M) and re.search(r"UNH\+1\+\w+:D:9\dA?B?:UN'", blob)
    assert "?'" in blob  # EDIFACT release character before an apostrophe (O?'Brien)
    assert re.search(r"^M1[A-Z/ -]{20}E[A-Z0-9 ]{7}[A-Z]{6}", blob, re.M)  # IATA BCBP barcode
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15


def test_domain_formats_are_well_formed(records) -> None:
    """EDI, GEDCOM, SAML and WebAuthn bodies are what a real parser of those formats expects."""
    x12 = [r["body"] for r in records if r["body"].startswith("ISA*")]
    assert x12
    for body in x12:
        segs = [s.strip("\n") for s in body.split("~") if s.strip("\n")]
        assert len(segs[0]) == 105 and segs[0].count("*") == 16, segs[0]  # fixed-width ISA header
        st, se = next(i for i, s in enumerate(segs) if s.startswith("ST*")), next(i for i, s in enumerate(segs) if s.startswith("SE*"))
        assert int(segs[se].split("*")[1]) == se - st + 1 and segs[-1].startswith("IEA*1*")
    edifact = [r["body"] for r in records if r["body"].startswith("UNA:+.? '")]
    assert edifact
    for body in edifact:
        segs = [s.strip("\n") for s in re.split(r"(?<!\?)'", body[9:]) if s.strip("\n")]
        assert segs[0].startswith("UNB+") and segs[-1].startswith("UNZ+1+"), segs
        unh, unt = next(i for i, s in enumerate(segs) if s.startswith("UNH+")), next(i for i, s in enumerate(segs) if s.startswith("UNT+"))
        assert int(segs[unt].split("+")[1]) == unt - unh + 1
    geds = [p for r in records if "/familytree/" in r["path"] and "multipart" in _ctype(r) for n, p in _parse_body(r).items() if n == "gedcom"]
    assert geds
    for ged in geds:
        ged = ged.decode("utf-8") if isinstance(ged, bytes) else ged  # sent as application/octet-stream by some clients
        lines = ged.rstrip("\n").split("\n")
        assert lines[0] == "0 HEAD" and lines[-1] == "0 TRLR"
        levels = [int(line.split(" ", 1)[0]) for line in lines]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    saml = [dict(_parse_body(r))["SAMLResponse"] for r in records if r["path"] == "/federation/saml/acs"]
    assert saml and all(ET.fromstring(base64.b64decode(s)).tag.endswith("}Response") for s in saml)
    redirects = [r for r in records if r["path"] == "/federation/saml/login"]
    assert redirects
    for r in redirects:
        request = dict(urllib.parse.parse_qsl(r["query"]))["SAMLRequest"]
        assert ET.fromstring(zlib.decompress(base64.b64decode(request), -15)).tag.endswith("}AuthnRequest")
    ceremonies = [json.loads(r["body"]) for r in records if r["path"].startswith("/federation/webauthn/") and r["path"].endswith("/verify") and r["method"] == "POST"]
    assert ceremonies
    for c in ceremonies:
        data = c["response"]["clientDataJSON"]
        assert "=" not in data and json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))["type"].startswith("webauthn.")


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_services_templates() -> None:
    checks.check_module_attacks(SERVICES, _parse_body, PAYLOADS, 600, 7)
