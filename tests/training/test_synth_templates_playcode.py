"""Creative-coding and game-making train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

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
from waf_proxy.training import synth, synth_templates_playcode
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_playcode import PLAYCODE

MINE = [REGISTRY[name] for name in PLAYCODE]
SEEDS = range(30)
KEY = "playcode:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (GLSL passes, mcfunction and server.properties files, Twee source, Forge manifests, Lua files, live-coded lines)
RAW_TEXT = ("text/plain", "application/toml", "text/x-lua")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(80), "p")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _blob(records: list[dict[str, Any]], name: str | None = None) -> str:
    return "\n".join(t for r in (records if name is None else _of(records, name)) for t in _texts(r))


def test_playcode_templates_are_registered_as_train() -> None:
    assert len(PLAYCODE) == 8
    assert isinstance(PLAYCODE, tuple)
    checks.check_registered(PLAYCODE, synth_templates_playcode, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, PLAYCODE, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.75)  # code is larger than most traffic, but most requests stay small
    assert any(len(r["body"]) > 2500 for r in records)  # whole Scratch projects and Tiled maps


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/xml", "text/xml",
            "application/toml", "text/x-lua"} <= set(ctypes)
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
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"x-jam-session", "x-tiled-version"} <= header_names  # a live-coding session, the Tiled plugin
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: Rails brackets and arrays in forms, camelCase and snake_case JSON, top-level arrays
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert {"student[username]", "story[title]", "comment[body]", "mc_username"} <= names
    assert any(n.endswith("[]") for n in names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert {"targets", "renderpass", "tiledversion", "schemaVersion"} <= keys  # Scratch projects, shaders, Tiled maps, fabric.mod.json
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # whitelists, playtest deaths
    assert any(isinstance(b, dict) and "operationName" in b and "variables" in b for b in bodies)  # GraphQL over POST
    # JSON filter documents inside query parameters
    values = [v for r in records if r["path"].startswith(("/sketchwall/", "/moddepot/"))
              for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k in ("filter", "filters")]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    assert any("$in" in json.dumps(json.loads(v)) for v in values)  # Mongo-style operators of a Feathers-like API
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"ModMetaData", "map"} <= roots


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = _blob(records)
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    assert re.search(r"(?i)\b(select|drop|union|delete|update|insert)\b", blob)  # SQL words in prose and names
    assert " -- " in blob and "; " in blob and '"' in blob
    # each app's own code
    shader = _blob(records, "shaderbox_playground")
    assert "#define " in shader and "void mainImage(out vec4 fragColor, in vec2 fragCoord)" in shader and "gl_FragColor" in shader
    assert "// union with the ground plane" in shader and "fract(sin(dot(" in shader and "||" in shader and "const float kill" in shader
    kids = _blob(records, "blockkids_projects")
    assert re.search(r"\b(u|ur|plz|pls|wen|awsome|comming)\b", kids) and re.search(r"--+>|<3", kids)  # kids' typos, arrows and hearts
    assert "event_whenflagclicked" in kids and "<svg" in kids
    mods = _blob(records, "moddepot_mods")
    assert "local function" in mods and re.search(r'require\("[\w-]+"\)', mods) and " .. " in mods and "--[[" in mods  # Lua
    assert "${file.jarVersion}" in mods and "[[dependencies." in mods and ">=0.15.0" in mods  # Forge and Fabric manifests
    assert "stack traceback:" in mods and "java.lang.NullPointerException" in mods and "### Fixed" in mods  # crash reports, changelogs
    craft = _blob(records, "craftpanel_server")
    assert re.search(r"execute (as|if|store|unless) @?", craft) and re.search(r"@[aeps]\[", craft) and "tellraw @a" in craft  # mcfunction
    assert "motd=" in craft and "level-seed=" in craft and "/world/datapacks/" in craft  # server.properties, datapack paths
    assert re.search(r"\b(kick|ban|whitelist add|op) \w", craft)  # console commands
    fiction = _blob(records, "storyloom_fiction")
    assert "(if: $" in fiction and "(set: $" in fiction and "<<set $" in fiction and "<</if>>" in fiction and re.search(r"\[\[[^]]+(->|\|)[^]]+\]\]", fiction)
    assert ":: StoryData" in fiction and "=== tavern ===" in fiction and "~ gold -= 5" in fiction  # Twee, Ink
    assert "<tw-passagedata pid=" in fiction and re.search(r"&(quot|lt|#x27);", fiction)  # Twine archives, passages HTML-escaped
    sketches = _blob(records, "sketchwall_gallery")
    assert "function setup()" in sketches and "createCanvas(" in sketches and "void draw()" in sketches and "PVector" in sketches
    assert '<script src="sketch.js"></script>' in sketches  # the p5.js editor's index.html
    music = _blob(records, "patternjam_livecode")
    assert "live_loop :" in music and re.search(r'd\d \$ ', music) and re.search(r'# (gain|room|speed)', music) and "stack(" in music and "SynthDef(" in music
    levels = _blob(records, "tilesmith_levels")
    assert "extends CharacterBody2D" in levels or "local Slime" in levels
    assert re.search(r"Bowser's Keep|Drop Zone|Union Station|Select Your Fate|O'Rourke", levels) and "hud.say(" in levels and "goto_level(" in levels
    assert re.search(r"\n0,0,0,\d", levels) or '<data encoding="csv">' in "".join(r["body"] for r in _of(records, "tilesmith_levels"))  # TMX tile CSV
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.1  # raw bytes; a third of JSON bodies escape non-ASCII as \\uXXXX


def test_code_is_content_not_attacks(records) -> None:
    """The code the apps carry is what their users write: no inline script blocks or javascript: URLs, no event handlers on images,
    no SQL injection shapes, no shell chaining into system commands, no traversal into system files, no template-injection probes."""
    blob = _blob(records) + "\n".join(r["body"] for r in records)
    assert not re.search(r"(?i)<script>|<script [^>]*>[^<]", blob)  # the only scripts are <script src=...></script> and Twine's empty one
    assert not re.search(r"(?i)javascript:|<img [^>]*onerror|<svg[^>]*onload", blob)
    assert not re.search(r"(?i)union\s+(all\s+)?select|' ?or ?'?1'? ?= ?'?1|;\s*drop\s+table|sleep\(\d+\)", blob)
    assert not re.search(r";\s*(rm -rf|cat /etc/|nc |wget |curl )|\|\s*(sh|bash)\b|`(id|whoami)`|\$\((id|whoami)\)", blob)
    assert "/etc/passwd" not in blob and "../../" not in blob
    assert not re.search(r"\{\{\s*\d+\s*\*\s*\d+\s*\}\}|\$\{\d+\*\d+\}|__import__|\$where", blob)


def test_apps_produce_many_distinct_documents() -> None:
    """Longer user values (code, comments, scripts) vary from request to request; kids' comments and console commands are short, hence the bar."""
    for tpl in MINE:
        texts = set()
        for seed in range(60):
            _, ctx = synth.render(tpl, f"distinct:{seed}")
            texts |= {s.benign for s in ctx.slots if len(s.benign) > 40 and s.kind not in ("header", "cookie")}
        assert len(texts) >= 20, tpl.name


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_playcode_templates() -> None:
    checks.check_module_attacks(PLAYCODE, _parse_body, PAYLOADS, 400, 5)
