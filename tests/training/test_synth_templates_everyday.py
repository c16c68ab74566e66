"""Everyday consumer / small-business train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

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
from waf_proxy.training import synth_templates_everyday
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_everyday import EVERYDAY

MINE = [REGISTRY[name] for name in EVERYDAY]
SEEDS = range(30)
KEY = "everyday:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (a plain-text ledger journal)
RAW_TEXT = ("text/plain",)


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "e")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def test_everyday_templates_are_registered_as_train() -> None:
    assert len(EVERYDAY) == 8
    assert isinstance(EVERYDAY, tuple)
    checks.check_registered(EVERYDAY, synth_templates_everyday, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, EVERYDAY, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)  # realistic sizes
    assert any(len(r["body"]) > 2500 for r in records)  # and some larger documents (bank exports, CSV imports, claims)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv", "application/xml", "text/xml",
            "application/fhir+json"} <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"x-courier-signature", "x-partner-id"} <= header_names  # a signed courier webhook, a partner's batch
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: Rails brackets, arrays, nested brackets in forms and queries; camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\]", n) for n in names)  # transfer[patient_name], payment[memo]
    assert any(re.fullmatch(r"price\[(min|max)\]", n) for n in names)
    assert any(n.endswith("[]") for n in names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and "resourceType" in keys
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # top-level arrays (meal orders, inspections, hours)
    assert any(isinstance(b, dict) and "operationName" in b and "variables" in b for b in bodies)  # GraphQL over POST
    # JSON filter documents inside query parameters
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k == "where"]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    # the XML the apps speak: NCPDP SCRIPT, partner accruals, an MIS sync, HMRC GovTalk
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"Message", "AccrualBatch", "SchoolData", "GovTalkMessage"} <= roots


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = "\n".join(t for r in records for t in _texts(r))
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"Zoë|Nguyễn|Łukasz|Renée|Siobhán|José", blob)  # and diacritics
    assert re.search(r"(?i)\b(select|drop|union|delete|update|insert)\b", blob)  # SQL words in prose
    assert " -- " in blob and "; " in blob and '"' in blob  # dashes, semicolons, quotes
    assert re.search(r"(Apt|Apt\.|Unit|Flat) ?#?\d", blob) and re.search(r"#\d", blob) and "c/o " in blob  # addresses with # and /
    assert re.search(r"https?://[\w.-]+/", blob) and re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", blob)  # URLs and e-mail addresses
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    assert "data:image/" in blob  # inlined card photos
    # the apps' own formats
    assert re.search(r"\b\d+(\.\d)? ?(mg|mcg)\b", blob) and "p.r.n." in blob  # drugs and sigs
    assert re.search(r"(Would you take|Bundle offer: both items for|OK deal --) [£$€]\d+", blob)  # offers and haggling
    assert re.search(r"TESCO|SAINSBURY'S|O'NEILL & SONS|SO: RENT -- FLAT 2", blob)  # bank payees
    assert re.search(r"\^\(TESCO\|SAINSBURY'\?S\)", blob)  # regex categorisation rules
    assert re.search(r'\n\d{4}-\d\d-\d\d [*!] "[^"]+"', blob) and "    Expenses:" in blob  # ledger journal
    assert "OFXHEADER:100" in blob and "!Type:Bank" in blob  # OFX and QIF exports
    assert "{{ tenant." in blob and "{% if" in blob and "<p>" in blob  # notices with merge fields and HTML
    assert re.search(r"\d+/2\" ", blob) or '1/2"' in blob  # inch marks
    assert re.search(r"\b[A-Z]{2} \d{1,4}\b", blob) and re.search(r"\b\d{3}-\d{10}\b", blob)  # flight and ticket numbers
    assert re.search(r"\b(VGML|GFML|KSML|HNML)\b", blob)  # meal codes
    assert re.search(r"Gate code \d{4}#", blob) and "O'Hara" in blob  # delivery instructions
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15  # raw bytes; a third of JSON bodies escape non-ASCII as \\uXXXX


def test_csv_uploads_have_quoted_cells_and_stay_rectangular(records) -> None:
    csvs = [r for r in records if _ctype(r).startswith("text/csv")]
    csvs += [r for r in records if "multipart" in _ctype(r) and "text/csv" in r["body"]]
    assert csvs
    quoted = 0
    for record in csvs:
        body = record["body"] if record["body"].startswith(("sku,", "Student,")) else record["body"].split("Content-Type: text/csv\r\n\r\n", 1)[1].rsplit("\r\n--", 1)[0]
        checks.parse_csv(body, min_rows=2)
        quoted += body.count('"') > 0
    assert quoted / len(csvs) > 0.5


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_everyday_templates() -> None:
    checks.check_module_attacks(EVERYDAY, _parse_body, PAYLOADS, 400, 5)
