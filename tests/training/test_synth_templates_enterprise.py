"""Enterprise back-office train templates (OData, SOQL, encoded queries, JQL, CAML, DAX/MDX, workflow expressions, lineage):
registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import Counter
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import pytest

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth, synth_templates_enterprise
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_enterprise import ENTERPRISE

MINE = [REGISTRY[name] for name in ENTERPRISE]
SEEDS = range(30)
KEY = "enterprise:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are (log files attached to tickets, text files uploaded to a library)
RAW_TEXT = ("text/plain",)


def _parse_batch(record: dict[str, Any]) -> dict[str, str]:
    """An OData $batch (multipart/mixed, nested changesets) as the gateway reads it: well-formed, every leaf an application/http part."""
    raw = f"Content-Type: {_ctype(record)}\r\n\r\n".encode() + record["body"].encode("utf-8")
    msg = BytesParser(policy=HTTP).parsebytes(raw)
    assert msg.is_multipart() and not msg.defects
    leaves = [p for p in msg.walk() if not p.is_multipart()]
    assert leaves and all(p.get_content_type() == "application/http" for p in leaves)
    return {f"part{i}": p.get_payload() for i, p in enumerate(leaves)}


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    if _ctype(record).lower().startswith("multipart/mixed"):
        return _parse_batch(record)
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "ent")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


@pytest.fixture(scope="module")
def blob(records) -> str:
    return "\n".join(t for r in records for t in _texts(r))


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _query_names(records: list[dict[str, Any]]) -> set[str]:
    return {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)}


def test_enterprise_templates_are_registered_as_train() -> None:
    assert len(ENTERPRISE) == 8
    assert isinstance(ENTERPRISE, tuple)
    checks.check_registered(ENTERPRISE, synth_templates_enterprise, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, ENTERPRISE, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)  # realistic sizes
    assert any(len(r["body"]) > 2500 for r in records)  # and some larger documents (workflows, bulk CSV, logs)


def test_module_covers_methods_formats_clients_and_credentials(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "multipart/mixed",
        "text/plain",
        "text/csv",
        "text/xml",
        "application/xml",
        "application/atom+xml",
        "application/json-patch+json",
    } <= set(ctypes)
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
    # the products' own headers: CSRF fetch, MERGE tunnelling, request digests, SOAP actions, XSRF opt-out, API keys
    assert {"x-csrf-token", "x-http-method", "x-requestdigest", "soapaction", "x-atlassian-token", "x-n8n-api-key", "dataserviceversion"} <= header_names
    assert any(v == "Fetch" for r in records for k, v in r["headers"] if k.lower() == "x-csrf-token")
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # query languages travel under their products' parameter names
    assert {"$filter", "$expand", "$orderby", "$select", "q", "sysparm_query", "jql", "querytext", "filter", "query_filter"} <= _query_names(records)
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    assert any(isinstance(b, list) and b and "op" in b[0] for b in bodies)  # JSON Patch
    assert any(isinstance(b, dict) and "operationName" in b and "variables" in b for b in bodies)  # GraphQL over POST
    assert any(isinstance(b, dict) and "compositeRequest" in b for b in bodies)
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"entry", "Envelope", "request"} <= roots  # Atom, SOAP (CRM, ITSM, Lists.asmx, XMLA), the Table API's XML


def test_odata_batches_carry_get_parts_and_a_changeset(records) -> None:
    batches = [r for r in records if _ctype(r).startswith("multipart/mixed")]
    assert batches
    for record in batches:
        parts = _parse_batch(record)
        assert any(p.startswith("GET ") and "$filter=" in p for p in parts.values())
        assert any(re.match(r"MERGE \w+\('[\w-]+'\) HTTP/1\.1", p) for p in parts.values())


def test_benign_free_text_has_the_false_positive_traps(blob, records) -> None:
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob) and re.search(r"Zoë|Nguyễn|Łukasz|Renée|Siobhán|José|Müller", blob)
    assert re.search(r"(?i)\b(select|drop|union|delete|update|insert)\b", blob)
    assert " -- " in blob and "; " in blob and '"' in blob
    assert re.search(r"https?://[\w.-]+/", blob) and re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", blob)
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)
    # ERP OData
    assert re.search(r"Price gt \d+ and substringof\('", blob) and re.search(r"datetime'\d{4}-\d\d-\d\dT", blob) and re.search(r"'\w*''\w", blob)
    # CRM: SOQL with backslash-escaped quotes, SOSL, composite references
    assert re.search(r"SELECT Id, Name FROM Account WHERE Name LIKE '%[^']*%' LIMIT \d+", blob) and "\\'" in blob
    assert re.search(r"FIND \{[^}]+\} IN \w+ FIELDS RETURNING", blob) and re.search(r"@\{ref\w+\.id\}", blob)
    # ITSM encoded queries and scripts
    assert "active=true^priorityIN1,2^ORDERBYDESCsys_updated_on" in blob and re.search(r"javascript:gs\.\w+\(", blob)
    assert "new GlideRecord('" in blob and "[code]<p>" in blob
    # JQL and wiki markup
    assert re.search(r"project = [A-Z]+ AND status != Done ORDER BY created DESC", blob) and "currentUser()" in blob
    assert "{noformat}" in blob and "h3. Steps to reproduce" in blob and re.search(r"\{code:(sql|bash|json)\}", blob)
    # SharePoint CAML, KQL, rich text
    assert "<FieldRef Name='" in blob and re.search(r"<Value Type='\w+'>", blob) and "GetByTitle('" in blob
    assert re.search(r"FileType:(xlsx|equals)", blob) and re.search(r"<p>.*</p>", blob)
    # BI: DAX, MDX, template tags, Vega expressions
    assert re.search(r"CALCULATE\(|SUMX\(", blob) and "'Date'[" in blob and re.search(r"ON (COLUMNS|0)", blob) and "[Measures]." in blob
    assert "{{created_at}}" in blob or "{{start_date}}" in blob
    assert re.search(r"\[\[(AND|WHERE) ", blob) and "datum." in blob
    # workflow expressions and code
    assert re.search(r"\{\{ \$json\.\w+", blob) and re.search(r"\{\{steps\.\d\.output", blob) and "$input.all()" in blob
    assert re.search(r"=> ", blob) and "${item.json." in blob and "input_data" in blob
    # data catalogue
    assert "CREATE OR REPLACE VIEW" in blob and "MERGE INTO" in blob and "PII.Sensitive" in blob and "{{ ref('" in blob
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.1


def test_benign_content_is_never_an_attack(blob) -> None:
    """The queries, scripts and expressions are what users of these products write, never an injection break-out or probe."""
    for bad in (
        "' OR 1=1",
        "' OR '1'='1",
        "UNION SELECT",
        "<script",
        "javascript:alert",
        "onerror=",
        "../../",
        "/etc/passwd",
        "; cat /etc/",
        "| nc ",
        "; rm -rf",
        "bash -i >&",
        "/dev/tcp/",
        "{{7*7}}",
        "${7*7}",
        "xp_cmdshell",
        "SLEEP(",
        "$where",
    ):
        assert bad.lower() not in blob.lower(), bad


def test_raw_bodies_are_one_slot_so_attacks_replace_them_whole() -> None:
    """A log file attached to a ticket is one slot: the payload replaces the file's content as a whole."""
    tpl, seen = REGISTRY["itsm_encoded_queries"], 0
    for seed in range(120):
        benign, ctx = synth.render(tpl, f"raw:{seed}")
        if not benign["path"].endswith("/attachment/file"):
            continue
        seen += 1
        at = next(i for i, s in enumerate(ctx.slots) if s.kind == "multipart")
        attack, _ = synth.render(tpl, f"raw:{seed}", inject_at=at)
        synth._replace_sentinel(attack, PAYLOADS[0][0])
        assert attack["body"] == PAYLOADS[0][0]
    assert seen >= 3


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_enterprise_templates() -> None:
    checks.check_module_attacks(ENTERPRISE, _parse_body, PAYLOADS, 400, 5)
