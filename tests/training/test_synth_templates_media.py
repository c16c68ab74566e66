"""Media / fandom / entertainment train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_media
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_media import MEDIA

MINE = [REGISTRY[name] for name in MEDIA]
SEEDS = range(30)
KEY = "media:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (lyrics, markdown show notes / house rules / terms / changelogs, mod manifests)
RAW_TEXT = ("text/plain", "text/markdown", "application/toml")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    ctype = _ctype(record).lower()
    if ctype.startswith("text/plain") and record["body"].startswith("{"):  # JSON sent by sendBeacon
        json.loads(record["body"])
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "m")


@pytest.fixture(scope="module")
def many_records() -> list[dict[str, Any]]:
    """More renders, for traps that only some kinds of request carry (a spoiler, a greentext caption, a crash log)."""
    return checks.finish_all(MINE, KEY, range(150), "m")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body, parts_as_sent=True)


def _mine(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def test_media_templates_are_registered_as_train() -> None:
    assert 10 <= len(MEDIA) <= 14
    assert isinstance(MEDIA, tuple)
    checks.check_registered(MEDIA, synth_templates_media, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, MEDIA, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)  # realistic sizes
    assert any(len(r["body"]) > 3000 for r in records)  # and some long chapters and feeds
    assert sum(len(r["body"]) > 3000 for r in records) < len(records) * 0.05


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv",
            "application/xml", "text/xml", "text/markdown", "application/toml"} <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = _mine(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 4, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    # the domain formats: wire stories, book feeds, play logs, collection exports, uploaded files
    xml_roots = {ET.fromstring(r["body"].encode()).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"nitf", "newsItem", "ONIXMessage", "playlog", "items"} <= xml_roots
    part_types = set(re.findall(r"\r\nContent-Type: ([\w/+.-]+)\r\n", "".join(r["body"] for r in records if "multipart" in _ctype(r))))
    assert {"text/csv", "text/markdown", "text/plain", "image/svg+xml", "application/toml", "application/oebps-package+xml", "text/html"} <= part_types
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"x-wire-signature", "x-commishq-signature"} <= header_names  # signed agency feeds and payment hooks
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets (nested too), arrays, dotted, kebab-case in forms and queries; camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\]", n) for n in names) and any(re.fullmatch(r"\w+\[\d+\]\[\w+\]", n) for n in names)
    assert any(n.endswith("[]") for n in names) and "work[archive_warning_strings][]" in names
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+", n) for n in names)
    assert any(re.fullmatch(r"[a-z]+-[a-z]+(-[a-z]+)*", n) for n in names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r) or r["body"].startswith("{")]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # top-level arrays
    assert any(isinstance(b, dict) and b.get("jsonrpc") == "2.0" for b in bodies)  # JSON-RPC
    # JSON documents inside query parameters, and JSON sent as text/plain by sendBeacon
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k == "filter"]
    assert len(values) > 10 and all(isinstance(json.loads(v), dict) for v in values)
    assert any("text/plain" in _ctype(r) and isinstance(json.loads(r["body"]), dict) for r in records if r["body"].startswith("{"))


def test_benign_free_text_has_the_false_positive_traps(many_records) -> None:
    records = many_records
    blob = "\n".join(t for r in records for t in _texts(r))
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob and "`" in blob  # dashes, markdown code
    assert "<p>" in blob and "<blockquote" in blob and "<details>" in blob and "<i>" in blob  # harmless HTML
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    # the apps' own formats
    assert "Alternate Universe - " in blob and re.search(r"\b(F/M|M/M|F/F)\b", blob)  # fan-fiction tags and categories
    assert re.search(r"\b[A-Z][\w']+/[A-Z][\w']+", blob) and re.search(r"\b[A-Z][\w']+ & [A-Z][\w']+", blob)  # pairings and friendships
    assert re.search(r'"[^"\n]+," \w+', blob) and re.search(r"「[^」]+」|« [^»]+ »|„[^“]+“", blob)  # dialogue, in the locale's quotes
    assert re.search(r"★+½", blob) and "★★★★★" in blob  # star ratings
    assert ">!" in blob and "!<" in blob and "||" in blob and "[spoiler]" in blob  # spoiler markup
    assert "[Chorus" in blob and "(x2)" in blob and re.search(r"\[Verse \d: ", blob)  # lyrics sections
    assert re.search(r"^\[\d\d:\d\d\.\d\d\]", blob, re.M)  # LRC timestamps
    assert re.search(r"epubcfi\(/6/\d+(\[\w+\])?!/4/[\d/]+(,/\d+:\d+){0,2}(:\d+)?\)", blob)  # EPUB CFIs
    assert re.search(r"\b[A-Z]{2}-?[A-Z0-9]{3}-?\d{2}-?\d{5}\b", blob)  # ISRC codes
    assert re.search(r"^\S.* - \S.*$", "\n".join(v for r in records for k, v in urllib.parse.parse_qsl(r["query"]) if k == "song"), re.M)  # Icecast song=Artist - Title
    assert re.search(r"M:\\Music\\|\\\\playout01\\", blob)  # Windows paths in play logs
    assert "${file.jarVersion}" in blob and "[[mods]]" in blob  # TOML manifests
    assert re.search(r"^-- .+\nlocal \w+ = require\(", blob, re.M) and re.search(r"^\[General\]\n", blob, re.M)  # Lua and INI as content
    assert re.search(r"\tat [\w.$]+\(\w+\.java:\d+\)", blob) and "C:\\Program Files (x86)\\Steam" in blob  # crash logs
    assert re.search(r"\?\s\w+|! \w+", blob) and "base >= 1.1" in blob  # Factorio dependency strings
    assert re.search(r"players\[\d\]\[score\]=\d+&", "\n".join(urllib.parse.unquote_plus(r["body"]) for r in records if "urlencoded" in _ctype(r)))  # geekplay forms
    assert re.search(r"^>be me\n>", blob, re.M) and "¯\\_(ツ)_/¯" in blob  # greentext, shrug
    assert re.search(r"/captionator/images/[^/]+/[^/]*(~q|--|~s|~n)", blob)  # memegen path escapes
    assert re.search(r"jQuery36\d+_\d+", blob)  # JSONP callbacks
    assert re.search(r">=? \w+", blob) and re.search(r"[<>]= ?\d", blob)  # comparisons in prose and rules
    assert re.search(r"https://\S+\?\S+=\S+&\S+", blob)  # URLs with their own queries inside values
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15


def test_news_and_book_feeds_carry_escaped_html_and_user_text_in_xml(records) -> None:
    feeds = [r for r in records if "xml" in _ctype(r)]
    onix = [r for r in feeds if "<ONIXMessage" in r["body"]]
    assert onix and all("&lt;p&gt;" in r["body"] for r in onix)  # XHTML descriptions travel escaped
    texts = [t for r in feeds for t in _texts(r)]
    assert any("<p>" in t for t in texts)  # and decode back to markup
    nitf = [r for r in feeds if ET.fromstring(r["body"].encode()).tag == "nitf"]
    assert nitf and all([el.text for el in ET.fromstring(r["body"].encode()).iter("hl1")] for r in nitf)


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_media_templates() -> None:
    checks.check_module_attacks(MEDIA, _parse_body, PAYLOADS, 400, 6)
