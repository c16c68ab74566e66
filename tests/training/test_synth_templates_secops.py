"""Security-operations console train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import Counter
from typing import Any
from xml.etree.ElementTree import fromstring

import pytest
import yaml

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_secops
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_secops import SECOPS

MINE = [REGISTRY[name] for name in SECOPS]
SEEDS = range(30)
KEY = "secops:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS", "LIST")  # Vault's LIST verb carries no body
YAML_TYPES = ("application/yaml", "application/x-yaml")
# Apple MDM check-ins and command results are plists (XML) under Apple's own media types
PLIST_TYPES = ("application/x-apple-aspen-mdm-checkin", "application/x-apple-aspen-mdm")
# domain text bodies the apps read as they are: HCL policies, nftables rulesets, PEM chains, Sigma YAML
RAW_TEXT = ("text/plain", "application/x-pem-file") + YAML_TYPES


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed.
    Sigma rules must load as YAML mappings; plists parse as XML."""
    ctype = _ctype(record).lower().split(";")[0]
    if ctype in PLIST_TYPES:
        return fromstring(record["body"].encode("utf-8"))
    body = checks.parse_body(record, RAW_TEXT)
    if ctype in YAML_TYPES:
        assert isinstance(yaml.safe_load(body), dict), record["path"]
    return body


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "s")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


@pytest.fixture(scope="module")
def blob(records) -> str:
    return "\n".join(t for r in records for t in _texts(r))


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def test_secops_templates_are_registered_as_train() -> None:
    assert len(SECOPS) == 8
    assert isinstance(SECOPS, tuple)
    checks.check_registered(SECOPS, synth_templates_secops, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, SECOPS, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.8)  # realistic sizes
    assert any(len(r["body"]) > 2500 for r in records)  # and some larger documents (PEM chains, audit exports, profiles)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "LIST"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "text/plain",
        "text/csv",
        "application/xml",
        "application/yaml",
        "application/merge-patch+json",
        "application/jose+json",
        "application/x-pem-file",
        "application/x-apple-aspen-mdm-checkin",
        "application/x-apple-aspen-mdm",
    } <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    assert any(ua.startswith(("aws-cli/", "Boto3/", "aws-sdk-go-v2/", "APN/1.0 HashiCorp")) for ua in uas)  # AWS clients
    assert any(ua.startswith(("MDM/1.0", "MDM-OSX/", "mdmclient/")) for ua in uas) and "Microsoft-CryptoAPI/10.0" in uas  # devices and OCSP clients
    assert any(ua.startswith(("CertbotACMEClient/", "lego-cli/", "cert-manager-acme/", "acme.sh/")) for ua in uas)  # ACME clients
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"x-vault-token", "x-vault-namespace", "x-amz-date", "mdm-signature"} <= header_names
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic", "AWS4-HMAC-SHA256"} <= auth
    # naming styles: Rails brackets, arrays, OData `$` parameters, repeated keys; PascalCase, camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\]", n) for n in names)  # revocation[reason], response[body]
    assert any(n.endswith("[]") for n in names) and {"$filter", "$select"} <= names and "PolicyDocument" in names
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any(re.fullmatch(r"[a-z]+_[a-z_]+", k) for k in keys)
    assert any(isinstance(b, dict) and "operationName" in b and "variables" in b for b in bodies)  # GraphQL over POST
    assert any(isinstance(b, dict) and {"protected", "payload", "signature"} <= set(b) for b in bodies)  # ACME JWS
    # JSON filter documents inside query parameters
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k in ("filters", "filter", "where")]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    # the XML the apps speak: Splunk Simple XML, address groups, OSCAL, Apple plists
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r) or _ctype(r).split(";")[0] in PLIST_TYPES}
    assert {"dashboard", "addressGroup", "assessment-results", "plist"} <= roots
    # Sigma rules pushed as YAML load as rules
    rules = [yaml.safe_load(r["body"]) for r in records if _ctype(r).split(";")[0] in YAML_TYPES]
    assert rules and all({"title", "logsource", "detection"} <= set(rule) and "condition" in rule["detection"] for rule in rules)


def test_benign_free_text_has_the_false_positive_traps(blob, records) -> None:
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update|insert|grant)\b", blob)  # SQL words in prose and in audit lines
    assert "blocked a sql injection attempt on the login form" in blob.lower()  # attacks mentioned as analysts write about them
    assert " -- " in blob and "; " in blob and '"' in blob
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    # SIEM query languages: SPL pipes, KQL, Lucene
    assert re.search(r"index=\w+ .*\| stats count", blob) and "| tstats " in blob and re.search(r'rex (field=\w+ )?"', blob) and "(?<" in blob
    assert re.search(r"\| where \w+ (==|>|!=|=~|in~?|has_any) ", blob) and re.search(r"\| (summarize|project|extend|take) ", blob)  # KQL
    assert re.search(r"\b[a-z_]+\.[a-z_.]+:(\(|\"|\*|\[|/|>=)", blob) and " AND NOT " in blob  # Lucene
    assert "$time_tok.earliest$" in blob  # Simple XML dashboard tokens
    # Sigma and YARA
    assert "CommandLine|contains" in blob and re.search(r"Image\|endswith: '\\\w+\.exe'", blob) and "condition: selection and not filter_" in blob
    assert re.search(r"\$h1 = \{ [0-9A-F]{2}( ([0-9A-F?]{2}|\[\d+-\d+\]|\(|\||\)))+ \}", blob)  # hex strings with wildcards and jumps
    assert re.search(r"\$re1 = /.+/", blob) and "uint16(0) == 0x5A4D" in blob and re.search(r"rule \w+ : \w+\n\{", blob)
    # PKI: PEM blocks, escaped DNs, SPIFFE SANs, OCSP GETs with an encoded DER request
    assert "-----BEGIN CERTIFICATE REQUEST-----\nMII" in blob and "-----BEGIN CERTIFICATE-----\nMII" in blob
    assert re.search(r"CN=[\w*.-]+,OU=[^,]+,O=", blob) and "spiffe://" in blob
    assert any(re.match(r"/certdesk/ocsp/[\w-]+/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ", r["path"]) for r in records)
    # vault: HCL, templated SQL and connection URLs, leases and ciphertexts
    assert re.search(r'path "secret/data/\w+/\*" \{\n  capabilities = \[', blob) and "{{identity.entity.name}}" in blob
    assert "PASSWORD '{{password}}'" in blob and "postgresql://{{username}}:{{password}}@" in blob
    assert re.search(r"database/creds/[\w-]+/[A-Za-z0-9]{24}", blob) and re.search(r"vault:v\d:[A-Za-z0-9+/]+=*", blob)
    # IAM: wildcards, ARNs, policy variables, conditions, CEL, Azure actions
    assert '"Action": "*"' in blob or '"Action":"*"' in blob or '"Action": [' in blob
    assert "arn:aws:s3:::" in blob and "${aws:username}" in blob and "${aws:PrincipalTag/team}" in blob and "aws:SourceIp" in blob
    assert re.search(r'request\.time < timestamp\("', blob) and "resource.name.startsWith(" in blob and "Microsoft.Compute/*/read" in blob
    # firewall: CIDRs, port ranges, iptables-save, nftables, PAN-OS XPath
    assert re.search(r"\b10\.\d+\.\d+\.0/(16|20|24)\b", blob) and re.search(r"\b\d{2,5}-\d{2,5}\b", blob)
    assert (
        re.search(r'-A INPUT -s \S+ -p tcp -m tcp --dport 22 -m comment --comment "[^"]+" -j ACCEPT', blob)
        and "*filter\n:INPUT DROP [0:0]" in blob
        and "\nCOMMIT\n" in blob
    )
    assert "policy drop;" in blob and "ip saddr $MGMT_V4" in blob
    assert "/rulebase/security/rules/entry[@name='" in blob and "<member>" in blob
    # MDM: plists with a DOCTYPE, OMA-URIs with ADMX XML, OData filters
    assert "<!DOCTYPE plist PUBLIC" in blob and "<key>PayloadType</key>" in blob
    assert "./Device/Vendor/MSFT/Policy/Config/" in blob and '<enabled/><data id="' in blob
    assert re.search(r"\b(platform|serialNumber|userPrincipalName|complianceState) eq '", blob)
    # compliance: control ids, audit lines with SQL, auditor comments
    assert re.search(r"SOC2 CC\d\.\d", blob) and re.search(r"A\.\d\.\d+", blob)
    assert (
        "SELECT employee_id, band FROM payroll.salaries WHERE review_cycle = '2025H1'" in blob and "GRANT SELECT ON reporting.* TO 'bi_reader'@'10.%'" in blob
    )
    assert re.search(r"rows \d+ & \d+", blob)
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.08  # consoles carry less prose than consumer apps, but names and notes in many languages


def test_benign_content_is_never_an_attack(blob) -> None:
    """Detection logic, policies and rulesets are what security teams write, never an injection break-out, probe or payload."""
    for bad in (
        "' OR 1=1",
        "' OR '1'='1",
        "<script",
        "../../",
        "/etc/passwd",
        "/etc/shadow",
        "; cat /etc/",
        "| nc ",
        "bash -i >&",
        "/dev/tcp/",
        "{{7*7}}",
        "; rm -rf",
        "UNION SELECT",
        "javascript:",
        "onerror=",
        "<!ENTITY",
        "${jndi:",
        "xp_cmdshell",
        "SLEEP(",
    ):
        assert bad.lower() not in blob.lower(), bad


def test_csv_uploads_have_quoted_cells_and_stay_rectangular(records) -> None:
    csvs = [r["body"] for r in records if _ctype(r).startswith("text/csv")]
    csvs += [
        checks.parse_multipart(r)["file"]  # the CSV part, as the app reads it
        for r in records
        if "multipart" in _ctype(r) and "Content-Type: text/csv" in r["body"]
    ]
    assert len(csvs) >= 5
    quoted = 0
    for body in csvs:
        checks.parse_csv(body, min_rows=3)
        quoted += body.count('"') > 0
    assert quoted / len(csvs) > 0.5


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_secops_templates() -> None:
    checks.check_module_attacks(SECOPS, _parse_body, PAYLOADS, 400, 5)
