"""Localized train templates (apps used mainly in one non-English language): registered as train, own routes, seeded, well-formed, injectable, varied."""

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
from waf_proxy.training import synth_templates_localized
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_localized import LOCALIZED

MINE = [REGISTRY[name] for name in LOCALIZED]
SEEDS = range(30)
KEY = "localized:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (a sendBeacon read event)
RAW_TEXT = ("text/plain",)


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "l")


def _texts(record: dict[str, Any]) -> list[str]:
    # multipart parts as sent: the mail parser would guess the charset of the (UTF-8) text parts
    return checks.user_texts(record, _parse_body, parts_as_sent=True)


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _blob(records: list[dict[str, Any]]) -> str:
    return "\n".join(t for r in records for t in _texts(r))


def test_localized_templates_are_registered_as_train() -> None:
    assert len(LOCALIZED) == 8
    assert isinstance(LOCALIZED, tuple)
    checks.check_registered(LOCALIZED, synth_templates_localized, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, LOCALIZED, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)  # realistic sizes
    assert any(len(r["body"]) > 1500 for r in records)  # and some larger documents (NewsML, NF-e, CNAB files)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "text/plain",
        "application/xml",
        "text/xml",
        "application/vnd.iptc.g2.newsitem+xml",
    } <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    assert any("MicroMessenger/" in ua for ua in uas) and "Mozilla/4.0" in uas  # the mini-program runtime, WeChat Pay's notifier
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"x-mp-signature", "x-mp-nonce", "x-wx-token", "x-webhook-signature"} <= header_names  # signed mini-program calls, a PSP webhook
    assert any(v.startswith("https://servicewechat.com/wx") for r in records for k, v in r["headers"] if k == "Referer")
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets and arrays in forms and queries; camelCase and local-language JSON keys; GraphQL
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"shipping\[\w+\]", n) for n in names) and any(n.endswith("[]") for n in names)
    assert {"query_text", "keywords", "application_no", "linha_digitavel"} <= names
    bodies = [json.loads(_parse_body(r)) if "text/plain" in _ctype(r) else _parse_body(r) for r in records if "json" in _ctype(r) or "text/plain" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert {"familyNameKana", "solicitacaoPagador", "baslik", "aciklama", "rawData", "kinPoint"} <= keys
    assert any(isinstance(b, dict) and "operationName" in b and "variables" in b for b in bodies)  # GraphQL over POST
    # JSON filter documents inside query parameters
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k in ("filter", "filtre")]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    # the XML the apps speak: WeChat Pay, NewsML-G2, e-District, NF-e
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"xml", "newsMessage", "ApplicationData", "nfeProc"} <= roots


def test_wire_encodings_of_non_ascii_text(records) -> None:
    """Percent-encoded UTF-8 in query strings (and a legacy windows-1251 link), \\uXXXX escapes and raw UTF-8 in JSON bodies."""
    queries = [r["query"] for r in records if r["query"]]
    assert sum(bool(re.search(r"%E[0-9A-F]%[89AB][0-9A-F]%[89AB][0-9A-F]", q)) for q in queries) > len(queries) / 4  # CJK, Hangul, Devanagari
    assert any(re.search(r"%D[0-9A-F]%[89AB][0-9A-F]", q) for q in queries)  # Cyrillic, Arabic
    legacy = []
    for q in queries:
        try:
            urllib.parse.unquote_to_bytes(q).decode("utf-8")
        except UnicodeDecodeError:
            legacy.append(q)
    assert legacy and all(q.startswith("keywords=") for q in legacy)  # cp1251 bytes, only in old forum search links
    assert any(p.startswith("/akhbar-today/ar/") and "%D8%" in p for p in (r["path"] for r in records))  # Arabic slugs in paths
    json_bodies = [r["body"] for r in records if "json" in _ctype(r)]
    escaped = [b for b in json_bodies if re.search(r"\\u(0[4-9a-f]|[1-9a-f][0-9a-f])[0-9a-f]{2}", b)]
    raw = [b for b in json_bodies if not b.isascii()]
    assert len(escaped) > len(json_bodies) / 5 and len(raw) > len(json_bodies) / 3
    non_ascii = sum(not "".join(_texts(r)).isascii() for r in records)  # decoded user text in the app's script
    assert non_ascii / len(records) > 0.5


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = _blob(records)
    # Japanese: full-width and half-width forms, 〒 postcodes, furigana, 【】 and ※
    assert re.search(r"[\uff01-\uff5e]", blob) and "＜" in blob and "％" in blob and re.search(r"[\uff66-\uff9f]", blob)
    assert re.search(r"〒\d{3}-\d{4}", blob) and re.search(r"[０-９]{3}－[０-９]{4}", blob) and "【" in blob and "※" in blob
    furigana = [json.loads(r["body"])[k] for r in records if "/me/addresses/" in r["path"] for k in ("familyNameKana", "firstNameKana")]
    assert furigana and all(re.fullmatch(r"[\u30a1-\u30fa\u30fc]+", k) for k in furigana)
    # Chinese: full-width punctuation, ¥ amounts, #topics#, a pasted formula
    assert re.search(r"[\u4e00-\u9fff]", blob) and "，" in blob and "！" in blob and re.search(r"¥\d", blob) and "=IF(A2>60" in blob
    # Arabic: Arabic comma, question mark and semicolon, Arabic-Indic digits, RTL mark, «quotes»
    assert re.search(r"[\u0600-\u06ff]", blob) and "،" in blob and "؟" in blob and "؛" in blob and re.search(r"[\u0660-\u0669]", blob)
    assert "\u200f" in blob and "«" in blob
    # Russian: BBCode with quotes, code (SQL, 1C, nginx config), spoilers, lists
    assert re.search(r"[\u0400-\u04ff]", blob) and '[quote="' in blob and "[code]" in blob and "[/url]" in blob and "[*]" in blob and "ВЫБРАТЬ" in blob
    # Korean: Hangul, jamo emoticons, pasted formulas and tags
    assert re.search(r"[\uac00-\ud7a3]", blob) and "ㅠㅠ" in blob and "=VLOOKUP(" in blob and "<br>" in blob
    # India: Devanagari, masked Aadhaar, PIN codes, S/o and house numbers, rupees
    assert re.search(r"[\u0900-\u097f]", blob) and re.search(r"XXXX[ -]XXXX[ -]\d{4}|x{8}\d{4}", blob) and re.search(r"\b\d{6}\b", blob)
    assert re.search(r"\b[SDW]/o\b", blob) and re.search(r"H\.No\. \d+[-/]", blob) and "₹" in blob
    # Turkish: dotted and dotless i, ş and ğ, prices in TL
    assert all(c in blob for c in "İışğŞ") and re.search(r"\d{1,3}(\.\d{3})+(,00)? (TL|₺)", blob)
    # Brazil: CPF/CNPJ, boleto lines, BR Codes with the static txid ***, R$ and apostrophes
    assert re.search(r"\d{3}\.\d{3}\.\d{3}-\d{2}|\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}", blob)
    assert re.search(r"\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{10}", blob)
    assert "br.gov.bcb.pix" in blob and "0503***6304" in blob and "R$ " in blob and re.search(r"D'Ávila|d'água|d'Oliveira|d'Ouro", blob)
    # general traps
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob) and " -- " in blob and "'" in blob and '"' in blob
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    assert re.search(r"https?://[\w.-]+/", blob) and re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", blob)


def test_brcodes_carry_a_valid_crc(records) -> None:
    codes = [b["brcode"] for r in records if r["path"] == "/pix-carteira/api/pix/pagar" for b in [json.loads(r["body"])]]
    assert codes
    for code in codes:
        assert code.startswith("000201") and code[-8:-4] == "6304"
        assert synth_templates_localized._crc16(code[:-4].encode()) == int(code[-4:], 16)


def test_content_is_user_text_not_attacks(records) -> None:
    """The code and markup users paste is content: no script blocks, no injection break-outs, no traversal, no template probes."""
    blob = _blob(records)
    assert not re.search(r"(?i)<script|javascript:|onerror=|onload=", blob)
    assert not re.search(r"(?i)union\s+(all\s+)?select|' or '?1'?='?1|;\s*rm -rf|sleep\(\d", blob)
    assert "/etc/passwd" not in blob and "../../" not in blob and "{{7*7}}" not in blob and "${" not in blob


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_localized_templates() -> None:
    checks.check_module_attacks(LOCALIZED, _parse_body, PAYLOADS, 400, 5)
