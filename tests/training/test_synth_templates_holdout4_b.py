"""Held-out holdout4_b templates: registered as holdout4, own routes, seeded, well-formed, injectable, varied,
and their users' own code (shell rc files, Liquid, game console commands) carried as benign content."""

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
from waf_proxy.training import synth, synth_templates_holdout4_b
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_holdout4_b import HOLDOUT4_B

MINE = [REGISTRY[name] for name in HOLDOUT4_B]
SEEDS = range(30)
KEY = "holdout4_b:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# raw file writes: rc files pushed by the dotfiles CLI, server files written through the game panel
RAW_TEXT = ("text/plain",)


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


def _splitwise_delete(record: dict[str, Any]) -> bool:
    """Splitwise-style deletes are a POST without a body."""
    return record["method"] == "POST" and record["path"].startswith("/tripsplit/api/v3.0/delete_expense/")


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(80), "h4b")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def test_holdout4_b_templates_are_registered_as_holdout4() -> None:
    assert len(HOLDOUT4_B) == 8
    assert isinstance(HOLDOUT4_B, tuple)
    checks.check_registered(HOLDOUT4_B, synth_templates_holdout4_b, "holdout4")
    assert not set(HOLDOUT4_B) & {t.name for t in synth.templates_for("train")}


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, HOLDOUT4_B, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8, also_bodiless=_splitwise_delete)  # realistic sizes
    assert any(len(r["body"]) > 2000 for r in records)  # and some larger documents (snapshots, theme sections)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv"} <= set(ctypes)
    assert {"application/xml", "text/xml"} & set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every app is used with several methods and formats
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    assert {"x-dotsync-machine", "x-themeforge-access-token", "x-xsrf-token"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    assert any(v.startswith("Bearer ptlc_") for r in records for k, v in r["headers"] if k == "Authorization")  # panel client keys
    assert any(v.startswith("chrome-extension://") for r in records for k, v in r["headers"] if k == "Origin")  # the price extension
    # naming styles: Rails brackets, arrays, Splitwise's flat users__N__field; camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert {"asset[key]", "theme_asset[value]", "snippet[body]", "booking[notes]", "functions[]"} <= names
    assert any(re.fullmatch(r"users__\d+__(paid|owed)_share", n) for n in names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(isinstance(b, dict) and "query" in b and "songs(" in b["query"] for b in bodies)  # GraphQL from the karaoke app
    # JSON filter documents inside query parameters
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k in ("filter", "where")]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    roots = {_parse_body(r).tag for r in records if "xml" in _ctype(r)}
    assert roots == {"Manifest", "priceUpdates"}  # a courier's parcel manifest, an affiliate price feed


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = "\n".join(t for r in records for t in _texts(r))
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose and song titles
    assert " -- " in blob and "&" in blob and '"' in blob
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", blob) and re.search(r"[\u0400-\u04ff]", blob)  # CJK, Hangul, Cyrillic
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    assert re.search(r"https://[\w.-]+/\S*\?\S*&\S*=", blob)  # product URLs with query strings as values
    # dotfiles: shell, gitconfig, ssh config, editor config are the content
    assert re.search(r"alias \w+='[^']+'", blob) and 'eval "$(' in blob
    assert re.search(r"\w+\(\) \{", blob) and " && " in blob and re.search(r" \| (grep|xargs|sort|tr|fzf)", blob)
    assert "[alias]" in blob and "ProxyCommand ssh -W %h:%p" in blob or "ProxyJump bastion" in blob
    assert "export PATH=" in blob and "$HOME" in blob
    # storefront themes: Liquid tags, filters, schema, HTML and CSS
    assert "{% schema %}" in blob and re.search(r"\{\{ [\w.']+ \| [a-z_]+", blob) and "{%- liquid" in blob
    assert re.search(r"<(div|img|p|details) [^>]*>", blob) and re.search(r"\{ [a-z-]+: [^}]+; \}", blob)
    # game servers: console commands with selectors and NBT, properties, YAML, start scripts
    assert re.search(r"@[ap]\[name=\w+\]|@[ap] ", blob) and "{Enchantments:[{" in blob
    assert "motd=" in blob and "#!/bin/bash" in blob and re.search(r"java -Xms\d+G", blob) and "{DISPLAYNAME}" in blob
    # the ordinary apps' own traps
    assert any(t in blob for t in ("Don't Stop Me Now", "Livin' on a Prayer", "Hips Don't Lie", "Drop It Like It's Hot", "Don't Look Back in Anger"))  # song titles
    assert re.search(r'Box "[^"]+"', blob) and " > " in blob  # storage locations
    assert re.search(r"[€£¥]\d", blob)  # scraped price text
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.1


def test_code_carrying_apps_carry_code_most_of_the_time(records) -> None:
    """The three code apps send their users' code in most requests with a body, never an injection break-out."""
    code = re.compile(r"alias |export |\[user\]|Host |set -g|vim\.|\{%|\{\{|<div|[.:#][\w-]+ \{|@[ap]|^(say|tp|give|op|deop|kick|ban|gamerule|whitelist|time|weather|save-all|list|difficulty|execute|scoreboard|tellraw|worldborder|plugins|tps|lp|broadcast)(\s|$)|motd=|java -|#!/bin/bash|nickname-prefix", re.M)
    for name in ("dotfiles_sync", "storefront_theme_editor", "game_server_panel"):
        with_body = [r for r in _of(records, name) if r["body"]]
        carrying = [r for r in with_body if any(code.search(t) for t in _texts(r))]
        assert len(carrying) > len(with_body) / 2, name
    blob = "\n".join(t for r in records for t in _texts(r))
    for attack in ("' OR 1=1", "<script>alert", "../../etc/passwd", "; cat /etc/passwd", "onerror="):
        assert attack not in blob, attack


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(60))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds
    assert kinds["gql"] > 0


def test_generated_holdout4_attacks_reach_every_app() -> None:
    attacks = synth.generate_attacks(600, PAYLOADS, seed=17, templates="holdout4", evasion_rate=0)
    mine = [a for a in attacks if a["source"].split(":")[1] in HOLDOUT4_B]
    assert {a["source"].split(":")[1] for a in mine} == set(HOLDOUT4_B)
    for attack in mine:
        checks.check_attack(attack, attack["source"].split(":")[2], _parse_body, MARK)
