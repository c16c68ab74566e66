"""Held-out set holdout4_a: registered as holdout4, own routes, seeded, well-formed, injectable, varied, attackable."""

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
from waf_proxy.training import synth, synth_templates_holdout4_a
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_holdout4_a import HOLDOUT4_A

MINE = [REGISTRY[name] for name in HOLDOUT4_A]
SEEDS = range(30)
KEY = "holdout4a:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# raw text bodies the apps read as they are (an R editor's autosave, a Slurm script saved in the file editor)
RAW_TEXT = ("text/plain",)


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(80), "h4a")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _blob(records: list[dict[str, Any]], name: str | None = None) -> str:
    return "\n".join(t for r in (records if name is None else _of(records, name)) for t in _texts(r))


def test_holdout4_a_templates_are_registered_as_holdout4() -> None:
    assert len(HOLDOUT4_A) == 8
    assert isinstance(HOLDOUT4_A, tuple)
    checks.check_registered(HOLDOUT4_A, synth_templates_holdout4_a, "holdout4")
    assert synth_templates_holdout4_a.GROUP == "holdout4"


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)
    assert all(len(tpl.routes) == 1 for tpl in MINE)  # one prefix per app


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, HOLDOUT4_A, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.85)  # realistic sizes
    assert any(len(r["body"]) > 1500 for r in records)  # and some larger documents (scripts, R Markdown, XML batches)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/xml", "text/xml"} <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every app is used with several methods and formats
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match", "idempotency-key"} <= header_names
    assert {"x-slurm-user-name", "x-slurm-user-token"} <= header_names  # slurmrestd's own auth headers
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets and arrays in forms and queries; camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert {"offer[commodity]", "connector[]"} <= names
    assert any(re.fullmatch(r"[a-z]+_[a-z]+", n) for n in names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert {"paymentMethodId", "current_working_directory"} <= keys | {k for b in bodies if isinstance(b, dict) and isinstance(b.get("job"), dict) for k in b["job"]}
    # a JSON filter document inside a query parameter
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k == "filter"]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    # the XML the apps speak: ACORD quote requests from comparison sites, a scale house's ticket batches
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert roots == {"ACORD", "ScaleTickets"}
    # multipart parts: R Markdown and Pine Script files, Slurm scripts, empty photo and proof inputs
    parts = [checks.parse_multipart(r) for r in records if "multipart" in _ctype(r)]
    assert any("workflow[script]" in p for p in parts) and any("applicant[first_name]" in p for p in parts)


def test_benign_free_text_has_the_false_positive_traps(records) -> None:
    blob = _blob(records)
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob  # dashes, markdown code
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    assert re.search(r"https?://", blob) and re.search(r"~/|/home/", blob)  # URLs and paths
    # the ordinary apps' own traps
    assert "King's Cross St. Pancras" in _blob(records, "farecard_transit") or "Earl's Court" in _blob(records, "farecard_transit")
    assert re.search(r"(mg|µg)\b", _blob(records, "blood_donor_scheduler"))  # medication doses
    assert re.search(r"Crohn's|Type 2 diabetes|Atrial fibrillation", _blob(records, "travel_insurance_quote"))
    assert re.search(r"ICE'd|Error 0x[0-9A-F]+|kW", _blob(records, "ev_charge_network"))
    assert re.search(r"Bros\. & Sons|Land & Cattle|Farms LLC", _blob(records, "grain_elevator_portal"))
    # the three code-carrying apps carry their code
    r_code = _blob(records, "rstats_course_lab")
    assert re.search(r"%>%|\|>", r_code) and " <- " in r_code and "```{r" in r_code
    assert re.search(r"sqldf\(\"SELECT .+ FROM \w+ WHERE ", r_code) and re.search(r"\w+\$\w+ > \d+", r_code)
    pine = _blob(records, "pinescript_strategy_lab")
    assert "//@version=" in pine and "ta.crossover(" in pine and "strategy.entry(" in pine
    assert "{{ticker}}" in pine and re.search(r"(&&|\band\b).+", pine)
    slurm = _blob(records, "hpc_slurm_portal")
    assert "#!/bin/bash" in slurm and "#SBATCH --job-name=" in slurm and "${SLURM_" in slurm
    assert re.search(r"\| samtools sort|2>&1|&& ", slurm) and "module load" in slurm
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.1


def test_code_is_content_not_attack(records) -> None:
    """The code the users write is legitimate: none of the attack shapes the payloads use."""
    blob = _blob(records)
    for bad in ("' OR 1=1", "' OR '", "<script", "/etc/passwd", "; cat /etc", "| nc ", "$where", "javascript:", "onerror="):
        assert bad not in blob, bad


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_holdout4_attacks_are_placed_in_these_apps() -> None:
    attacks = synth.generate_attacks(600, PAYLOADS, seed=31, templates="holdout4", evasion_rate=0)
    placed = Counter(a["source"].split(":")[1] for a in attacks)
    assert set(HOLDOUT4_A) <= set(placed), placed
    pairs = synth.generate_attack_pairs(300, PAYLOADS, seed=7, templates="holdout4", evasion_rate=0)
    mine = [(b, a, i) for b, a, i in pairs if i["template"] in HOLDOUT4_A]
    assert len({i["template"] for _, _, i in mine}) >= 6
    checks.check_attack_pairs(mine, _parse_body, MARK)
