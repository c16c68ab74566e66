"""Held-out set holdout5 (A: government, legal and compliance apps): registered in its group, own routes, seeded, well-formed, injectable, varied."""

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
from waf_proxy.training import synth, synth_templates_holdout5_a
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_holdout5_a import HOLDOUT5_A

MINE = [REGISTRY[name] for name in HOLDOUT5_A]
SEEDS = range(30)
KEY = "holdout5a:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (a bill pasted as plain text for import)
RAW_TEXT = ("text/plain",)


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(80), "h5a")


@pytest.fixture(scope="module")
def blob(records) -> str:
    return "\n".join(t for r in records for t in _texts(r))


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def test_holdout5_a_templates_are_registered_in_their_group() -> None:
    assert len(HOLDOUT5_A) == 8
    assert isinstance(HOLDOUT5_A, tuple)
    checks.check_registered(HOLDOUT5_A, synth_templates_holdout5_a, "holdout5")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, HOLDOUT5_A, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.75)  # realistic sizes
    assert any(len(r["body"]) > 2500 for r in records)  # and some larger documents (returns, notices, evidence records, bill imports)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv", "application/xml", "text/xml",
            "application/json-patch+json", "application/akn+xml"} <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 5
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
    # firm filing software, agency staff, the identity-verification webhook, the e-file transmitter
    assert {"x-ecf-filer-id", "x-agency-component", "x-idv-signature", "x-transmitter-id"} <= header_names
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: Rails/Drupal brackets, PHP arrays, dotted names in forms and queries; camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"journal_entry\[\w+\]", n) for n in names) and any(re.fullmatch(r"requester\[\w+\]", n) for n in names)
    assert {"cpv[]", "status[]", "page[size]"} <= names and any(re.fullmatch(r"alert\.\w+", n) for n in names)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any(re.fullmatch(r"[a-z]+_[a-z_]+", k) for k in keys)
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) and "op" in b[0] for b in bodies)  # JSON Patch reviews of tracked changes
    assert any(isinstance(b, dict) and "operationName" in b and "variables" in b for b in bodies)  # GraphQL over POST
    assert any(isinstance(b, dict) and "releases" in b and "ocid" in b["releases"][0] for b in bodies)  # OCDS release packages
    # a JSON filter document inside a query parameter (the reading room)
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k == "filter"]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    # the XML the apps speak: ECF 4.0, Akoma Ntoso, the FOIA annual report, IRS MeF, plan review, batch search, eForms, notarial evidence
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"CoreFilingMessage", "akomaNtoso", "FoiaAnnualReport", "Return", "PlanReviewResult", "SearchRequest", "ContractNotice",
            "NotarizationEvidence"} <= roots


def test_benign_free_text_has_the_false_positive_traps(records, blob) -> None:
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"Zoë|Nguyễn|Łukasz|Renée|Siobhán|José|Seán", blob)  # and diacritics
    assert re.search(r"(?i)\b(select|drop|union|delete|update|insert)\b", blob)  # SQL words in prose
    assert " -- " in blob and "; " in blob and '"' in blob  # dashes, semicolons, quotes
    assert re.search(r"(Apt|Unit|Suite) ?#?\d", blob) and re.search(r"#\d", blob) and "c/o " in blob  # addresses with # and /
    assert re.search(r"https?://[\w.-]+/", blob) and re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", blob)  # URLs and e-mail addresses
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    # court e-filing: case numbers, captions, rules, signatures
    assert re.search(r"\b\d:\d{2}-(cv|cr|bk|mc)-\d{5}\b", blob) and re.search(r"\b[A-Z]{2}-20\d\d-\d{6}\b", blob)
    assert " v. " in blob and "Fed. R. Civ. P. 12(b)(6)" in blob and re.search(r"/s/ \S+", blob) and "42 U.S.C. § 1983" in blob
    # legislative drafting: §, curly quotes, amendment instructions, tracked-change markup, bracketed deletions
    assert re.search(r"§ \d+-\d+", blob) and re.search(r"strik(e|ing) “[^”]+” and insert(ing)? “[^”]+”", blob)
    assert re.search(r"<del[ >][^<]*</del><ins[ >]", blob) and '<span class="strike">' in blob and re.search(r"\[[A-Z]+\] [A-Z]+", blob)
    assert re.search(r"\[thirty \(30\)\] sixty \(60\)", blob) and "—" in blob
    # FOIA: exemption codes, tracking numbers, SQL-ish record descriptions
    assert re.search(r"552\(b\)\(\d\)", blob) and re.search(r"\(b\)\(7\)\([A-F]\)", blob) and re.search(r"\d{4}-FOIA-\d{5}", blob)
    assert "WHERE incident_type = 'noise complaint'" in blob
    # tax filing: notes to the accountant, cents and percentages, masked TINs
    assert "SELECT AUTO SALES" in blob and re.search(r"\d+\.?\d*% \+ 10¢", blob) and re.search(r"\*\*\*-\*\*-\d{4}", blob)
    # building permits: half addresses, inch and foot marks, code sections, licences
    assert re.search(r"\d+ 1/2 ", blob) and re.search(r"\d+'-\d+\"", blob) and "NEC 210.8(A)(6)" in blob and re.search(r"<= 6\"", blob)
    assert re.search(r"\bCSLB \d+", blob) and re.search(r"Gate code #\d{4}", blob)
    # patent search: wildcards, proximity operators, CPC classes, publication numbers
    assert re.search(r"\w\* (OR|AND)", blob) and re.search(r"NEAR/\d", blob) and re.search(r"\bADJ\d\b", blob) and re.search(r"\bW/\d+\b", blob)
    assert re.search(r"CPC=[A-H]\d\d[A-Z]\d+/(\d+|\*)", blob) and re.search(r"PD>=\d{8}", blob) and re.search(r"\bEP \d \d{3} \d{3} B1\b", blob)
    # procurement: CPV and NUTS codes, spreadsheet formulas, clarification questions
    assert re.search(r"\b\d{8}-\d\b", blob) and re.search(r"=SUM\(F2:F11\)\*1\.2", blob) and "=Qty*Rate" in blob and "TUPE" in blob
    # notary: passport MRZ lines, document hashes, journal notes
    assert re.search(r"P<[A-Z]{3}[A-Z<]+<<[A-Z<]+", blob) and re.search(r"\b[0-9a-f]{64}\b", blob) and "of her own free will" in blob
    assert re.search(r"P<[A-Z]{3}O<CONNOR<<", blob) or re.search(r"P<[A-Z]{3}D<SOUZA<NG<<", blob)  # apostrophes and hyphens become `<`
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15  # raw bytes; a third of JSON bodies escape non-ASCII as \\uXXXX


def test_benign_content_is_never_an_attack(blob) -> None:
    """Legal text, queries, formulas and markup are what users of these products write, never an injection break-out or probe."""
    for bad in ("' OR 1=1", "' OR '1'='1", "<script", "javascript:", "onerror=", "UNION SELECT", "../../", "/etc/passwd", "; rm -rf", "; cat /etc/", "| nc ",
                "bash -i >&", "/dev/tcp/", "{{7*7}}", "${7*7}", "$where"):
        assert bad not in blob, bad


def test_csv_uploads_have_quoted_cells_and_stay_rectangular(records) -> None:
    csvs = [r["body"] for r in records if _ctype(r).startswith("text/csv")]
    for record in records:
        if "multipart" in _ctype(record):
            csvs += [str(part) for name, part in _parse_body(record).items() if name in ("redaction_log", "price_schedule")]
    assert len(csvs) >= 5
    quoted = 0
    for body in csvs:
        checks.parse_csv(body, min_rows=2)
        quoted += body.count('"') > 0
    assert quoted / len(csvs) > 0.3


def test_mrz_lines_are_well_formed() -> None:
    mrzs = []
    for seed in range(80):
        request, _ = synth.render(REGISTRY["online_notary"], f"mrz:{seed}")
        if request["path"].endswith("/webhooks/idv"):
            mrzs.append(json.loads(request["body"])["document"]["mrz"])
    assert mrzs
    for line1, line2 in mrzs:
        assert len(line1) == len(line2) == 44 and re.fullmatch(r"P<[A-Z]{3}[A-Z<]+", line1) and re.fullmatch(r"[A-Z0-9<]{44}", line2)


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_holdout5_attacks_reach_these_templates() -> None:
    attacks = synth.generate_attacks(600, PAYLOADS, seed=31, templates="holdout5", evasion_rate=0)
    placed = Counter(a["source"].split(":")[1] for a in attacks)
    assert set(HOLDOUT5_A) <= set(placed), placed
    pairs = synth.generate_attack_pairs(300, PAYLOADS, seed=7, templates="holdout5", evasion_rate=0)
    mine = [(b, a, i) for b, a, i in pairs if i["template"] in HOLDOUT5_A]
    assert len({i["template"] for _, _, i in mine}) >= 6
    checks.check_attack_pairs(mine, _parse_body, MARK)
