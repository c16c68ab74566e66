"""Connected-device train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import base64
import configparser
import hashlib
import json
import re
import struct
import urllib.parse
from collections import Counter
from typing import Any

import pytest
import yaml

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_devices
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_devices import DEVICES

MINE = [REGISTRY[name] for name in DEVICES]
SEEDS = range(30)
KEY = "devices:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
YAML_TYPES = ("application/yaml", "text/yaml")
# domain text bodies the apps read as they are: line protocol and base64 CBOR, slicer profiles, G-code, YAML packages
RAW_TEXT = ("text/plain", "text/x-gcode") + YAML_TYPES


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed. YAML packages must load."""
    body = checks.parse_body(record, RAW_TEXT)
    if _ctype(record).split(";")[0] in YAML_TYPES:
        assert isinstance(yaml.safe_load(body), dict), record["path"]
    return body


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "d")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


@pytest.fixture(scope="module")
def blob(records) -> str:
    return "\n".join(t for r in records for t in _texts(r))


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _cbor(data: bytes, at: int = 0) -> tuple[Any, int]:
    """Decode one CBOR item (the subset the devices send); returns (value, next offset)."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if major == 7:
        if info == 27:
            return struct.unpack(">d", data[at : at + 8])[0], at + 8
        return {20: False, 21: True, 22: None}[info], at
    if info < 24:
        n = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        n, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major in (2, 3):
        raw = data[at : at + n]
        return (raw.decode("utf-8") if major == 3 else raw), at + n
    items = []
    for _ in range(n * (2 if major == 5 else 1)):
        item, at = _cbor(data, at)
        items.append(item)
    return (dict(zip(items[::2], items[1::2], strict=True)) if major == 5 else items), at


def _cbor_b64(text: str) -> Any:
    raw = base64.b64decode(text, validate=True)
    value, end = _cbor(raw)
    assert end == len(raw)
    return value


def test_devices_templates_are_registered_as_train() -> None:
    assert len(DEVICES) == 8
    assert isinstance(DEVICES, tuple)
    checks.check_registered(DEVICES, synth_templates_devices, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, DEVICES, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)  # realistic sizes
    assert any(len(r["body"]) > 2500 for r in records)  # and some larger documents (flows, G-code, CSV point lists)


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
        "application/yaml",
        "text/yaml",
        "text/x-gcode",
        "application/geo+json",
    } <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    assert any(re.fullmatch(r"ESP(32|8266)-http-Update", ua) for ua in uas)  # devices asking for firmware
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match", "range"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"node-red-api-version", "node-red-deployment-type", "x-payload-encoding"} <= header_names
    assert header_names & {"x-esp32-sketch-md5", "x-esp8266-sketch-md5"}
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: Rails brackets and arrays in forms and queries; camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\]", n) for n in names) and "points[]" in names
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any(re.fullmatch(r"[a-z]+_[a-z_]+", k) for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) and "lat" in b[0] for b in bodies)  # GPS traces as top-level arrays
    assert any(isinstance(b, dict) and "operationName" in b and "variables" in b for b in bodies)  # GraphQL over POST
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k in ("filter", "where") and v.startswith("{")]
    assert values and all(isinstance(json.loads(v), dict) for v in values)  # JSON filter documents in query parameters
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"request", "obj"} <= roots  # Omaha update checks, oBIX point writes


def test_benign_free_text_has_the_false_positive_traps(blob, records) -> None:
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"Zoë|Nguyễn|Łukasz|Renée|Siobhán|José|Jürgen", blob)  # and diacritics
    assert re.search(r"(?i)\b(select|drop|union|delete|update|insert)\b", blob)  # SQL words in prose
    assert " -- " in blob and "; " in blob and '"' in blob  # dashes, semicolons, quotes
    assert re.search(r"https?://[\w.-]+/", blob) and re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", blob)  # URLs and e-mail addresses
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    # home hub: Jinja conditions and YAML packages
    assert "{{ states('sensor.temp') | float > 21 }}" in blob and "{% if is_state(" in blob and "{% endif %}" in blob
    assert re.search(r"selectattr\('state', 'eq', 'on'\)", blob) and "value_template:" in blob and "!input motion_entity" in blob
    # flow editor: JavaScript in function nodes, JSONata, mustache, regex switch rules
    assert "return msg;" in blob and "node.warn(`bad reading from ${msg.topic}" in blob and "return [null, {" in blob
    assert re.search(r"msg\.topic = ['\"](INSERT INTO|SELECT) ", blob) and "$sum(payload.items.(price * qty))" in blob and "{{payload.sensor}}" in blob
    # telemetry: MQTT topic filters and rule SQL over them, line protocol
    assert re.search(r"\w+/\+/\w+", blob) and re.search(r"\w/#(\s|$)", blob)
    assert re.search(r"SELECT [\w ,()*]+ FROM '[\w/+#-]+' WHERE \w+ (>|=|>=) ", blob)
    assert re.search(r"^\w+,site=[^ ]+,device=\S+ \w+=[\d.]+", blob, re.M)
    # firmware: semver ranges, hashes, Intel HEX, error strings
    assert re.search(r"\^\d+\.\d+\.\d+ \|\| ~\d+\.\d+\.\d+", blob) and re.search(r">=\d+\.\d+\.\d+ <\d+\.\d+\.\d+", blob)
    assert (
        re.search(r"\b[0-9a-f]{64}\b", blob)
        and re.search(r"^:10[0-9A-F]{40}$", blob, re.M)
        and re.search(r"E_HASH_MISMATCH|ESP_ERR_OTA_VALIDATE_FAILED|HTTP 416 on resume|watchdog reset", blob)
    )
    # fleet: OBD-II trouble codes and driver notes
    assert re.search(r"\b[PCBU][0-3][0-9A-F]{3}\b", blob) and re.search(r"gate code \d{4}#", blob) and "Love's #" in blob
    # building: BACnet objects, point names, Haystack filters, setpoint comments
    assert re.search(r"\b(analog-value|analog-input|binary-output|multi-state-value|schedule):\d+", blob)
    assert re.search(r"\bAHU-\d\.SA-T-SP\b", blob) and 'siteRef->dis=="Tower B"' in blob and "°F" in blob
    # app analytics: stack traces, SQL in exception messages, breadcrumbs
    assert "\tat " in blob and re.search(r"SQLiteException|UNIQUE constraint failed", blob) and "while compiling: SELECT" in blob
    assert "UPDATE cart_items SET qty = ? WHERE sku = ?" in blob and re.search(
        r"JSON Parse error: Unexpected token '<'|RenderFlex overflowed|EXC_BAD_ACCESS", blob
    )
    # print farm: G-code with ; comments, slicer macros in INI profiles
    assert re.search(r"^G28 ; home", blob, re.M) and re.search(r"^M104 S\d+ ; set hotend", blob, re.M) and re.search(r"^; generated by ", blob, re.M)
    assert "{if layer_z < 0.3}" in blob and re.search(r"^\[print:[^\]]+\]$", blob, re.M)
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.1  # units (°C), names and notes in many languages


def test_device_formats_are_what_the_devices_send(records) -> None:
    """CBOR batches decode, Intel HEX records carry valid checksums and the release manifest hashes its image, INI profiles parse, CSV stays rectangular."""
    cbor_docs = 0
    for record in records:
        ctype, body = _ctype(record), record["body"]
        if record["path"].endswith("/cbor"):
            assert isinstance(_cbor_b64(body), dict) and ctype.startswith("text/plain")
            cbor_docs += 1
        elif record["path"] == "/telemetrix/v1/batch":
            for rec in json.loads(body)["records"]:
                assert isinstance(_cbor_b64(rec["data"]), dict)
                cbor_docs += 1
        elif "multipart" in ctype and "/otaforge/" in record["path"]:
            parts = checks.parse_multipart(record)
            image, manifest = parts["image"], json.loads(parts["manifest"])
            image = image.decode() if isinstance(image, bytes) else image
            lines = image.strip().splitlines()
            assert lines[-1] == ":00000001FF"
            assert all(sum(bytes.fromhex(line[1:])) % 256 == 0 for line in lines)
            assert (
                manifest["sha256"]
                == hashlib.sha256(record["body"].split("Content-Type: application/octet-stream\r\n\r\n", 1)[1].rsplit("\r\n--", 1)[0].encode()).hexdigest()
            )
        elif record["path"].endswith(".ini") or "config_bundle" in body:
            text = body if record["path"].endswith(".ini") else body.split("Content-Type: application/octet-stream\r\n\r\n", 1)[1].rsplit("\r\n--", 1)[0]
            parser = configparser.ConfigParser(interpolation=None)
            parser.read_string(text)
            assert (
                any(s.startswith("print:") for s in parser.sections())
                and "start_gcode" in parser[next(s for s in parser.sections() if s.startswith("printer:"))]
            )
        elif "multipart" in ctype and "text/csv" in body:
            csv_body = body.split("Content-Type: text/csv\r\n\r\n", 1)[1].rsplit("\r\n--", 1)[0]
            checks.parse_csv(csv_body, min_rows=2)
    assert cbor_docs > 10


def test_benign_content_is_never_an_attack(blob) -> None:
    """The code, templates and configs are what users and devices of these products send, never an injection break-out or probe."""
    for bad in (
        "' OR 1=1",
        "' OR '1'='1",
        "<script",
        "javascript:",
        "onerror=",
        "UNION SELECT",
        "../../",
        "/etc/passwd",
        "; rm -rf",
        "| nc ",
        "bash -i >&",
        "/dev/tcp/",
        "{{7*7}}",
        "__import__",
        "require('child_process')",
        "${jndi:",
    ):
        assert bad.lower() not in blob.lower(), bad
    assert not re.search(r"\{\{\s*\d+\s*\*\s*\d+\s*\}\}", blob)  # template-injection probes


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(40))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_devices_templates() -> None:
    checks.check_module_attacks(DEVICES, _parse_body, PAYLOADS, 400, 5)
