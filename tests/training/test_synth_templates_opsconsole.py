"""Operations / infrastructure console train templates: registered as train, own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import Counter
from typing import Any

import pytest
import yaml

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_opsconsole
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_opsconsole import OPSCONSOLE

MINE = [REGISTRY[name] for name in OPSCONSOLE]
SEEDS = range(30)
KEY = "opsconsole:{name}:{seed}"
BODILESS = ("GET", "HEAD", "OPTIONS")  # a Kubernetes DELETE may carry DeleteOptions
# domain text bodies the apps read as they are: configs (nginx, HAProxy, Caddyfile, exclude lists), SQL migrations, YAML documents
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/cloud-config", "application/apply-patch+yaml")
RAW_TEXT = ("text/plain", "text/caddyfile", "application/sql") + YAML_TYPES
ASCIICAST = "application/x-asciicast"


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed.
    YAML documents must load; an asciicast recording is one JSON document per line."""
    ctype = _ctype(record).lower().split(";")[0]
    if ctype == ASCIICAST:
        return [json.loads(line) for line in record["body"].splitlines()]
    body = checks.parse_body(record, RAW_TEXT)
    if ctype in YAML_TYPES:
        assert isinstance(yaml.safe_load(body), dict), record["path"]
    return body


def _bodiless_delete(record: dict[str, Any]) -> bool:
    return record["method"] == "DELETE" and not _ctype(record)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "o")


def _texts(record: dict[str, Any]) -> list[str]:
    if _ctype(record).startswith(ASCIICAST):
        return [urllib.parse.unquote(record["path"])] + checks._strings(_parse_body(record))
    return checks.user_texts(record, _parse_body)


@pytest.fixture(scope="module")
def blob(records) -> str:
    return "\n".join(t for r in records for t in _texts(r))


def test_opsconsole_templates_are_registered_as_train() -> None:
    assert len(OPSCONSOLE) == 8
    assert isinstance(OPSCONSOLE, tuple)
    checks.check_registered(OPSCONSOLE, synth_templates_opsconsole, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, OPSCONSOLE, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.85, _bodiless_delete)  # realistic sizes
    assert any(len(r["body"]) > 2500 for r in records)  # and some larger documents (cloud-init user-data)
    assert any(r["method"] == "DELETE" and r["body"] for r in records)  # Kubernetes DeleteOptions


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/xml", "text/xml"} <= set(ctypes)
    assert {"application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"} <= set(ctypes)  # Kubernetes patches
    assert {"application/yaml", "text/caddyfile", "application/sql", ASCIICAST} <= set(ctypes)
    assert set(ctypes) & {"text/cloud-config", "text/yaml", "application/x-yaml"}
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = [r for r in records if r["source"] == f"synth:{tpl.name}"]
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    assert {"impersonate-user", "upgrade", "sec-websocket-protocol"} <= header_names  # kubectl exec over a websocket, impersonation
    assert {"x-agent-hostname", "x-backup-host", "x-bastion-node"} <= header_names  # agents name their host
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    # naming styles: brackets, dotted, camelCase and snake_case in forms and queries; camel, snake and PascalCase JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\]", n) for n in names)  # settings[url], key[name]
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*\.[a-z]+", n) for n in names)  # involvedObject.name
    assert {"labelSelector", "fieldSelector", "label_selector"} <= names
    assert [v for r in records for k, v in urllib.parse.parse_qsl(r["query"]) if k == "command"].count("-c") >= 1  # kubectl exec argv
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any("_" in k for k in keys)
    assert any(re.fullmatch(r"(?:[A-Z][a-z]+)+", k) for b in bodies if isinstance(b, dict) for k in b.get("Backup", {}))  # Duplicati-style PascalCase
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) and "op" in b[0] for b in bodies)  # JSON Patch documents
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) and "event" in b[0] for b in bodies)  # audit event batches
    # JSON documents inside query parameters (Explore state, audit filters)
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)
              if k == "left" or (k == "filter" and r["path"].startswith("/bastion/"))]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    # the XML and YAML the apps speak
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"Inventory", "databaseChangeLog"} <= roots
    docs = [yaml.safe_load(r["body"]) for r in records if _ctype(r).split(";")[0] in YAML_TYPES]
    assert any("apiVersion" in d for d in docs) and any(d.get("kind") == "role" for d in docs)
    assert any("runcmd" in d for d in docs) and any("rules" in d and "interval" in d for d in docs)
    casts = [_parse_body(r) for r in records if _ctype(r).startswith(ASCIICAST)]
    assert casts and all(c[0]["version"] == 2 and all(e[1] in ("i", "o") for e in c[1:]) for c in casts)


def test_benign_free_text_has_the_false_positive_traps(blob, records) -> None:
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"(?i)\b(select|drop|union|delete|update)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob  # dashes, markdown code
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    # shell as operators write it: pipes, redirects, $(...), backticks, sudo, curl | sh, heredocs
    assert re.search(r"curl -f?sS?L? https://\S+ \| (sudo )?sh", blob)
    assert "$(date +%F)" in blob and "`date +%s`" in blob and "2>/dev/null" in blob and ">> /var/log/" in blob
    assert re.search(r"\bsudo (systemctl|apt-get|-u postgres)", blob) and " && " in blob and "; " in blob
    assert "<<'EOF'" in blob and "set -euo pipefail" in blob
    # PowerShell and Windows paths
    assert re.search(r"\b(Get-ChildItem|Get-Service|Get-WinEvent|Get-CimInstance|Invoke-WebRequest|Set-ItemProperty|Test-NetConnection) -", blob)
    assert "C:\\ProgramData\\" in blob and "$env:TEMP" in blob and "Where-Object { $_." in blob
    assert re.search(r"\\\\[a-z0-9-]+\\", blob)  # UNC paths
    assert "%USERPROFILE%" in blob and "C:\\Users\\" in blob
    # Linux paths in legitimate configs
    assert "/etc/nginx/" in blob and "/etc/ssh/sshd_config" in blob and "/var/log/" in blob and "/etc/letsencrypt/live/" in blob
    # SQL migrations: DDL and DML with comments
    assert re.search(r"CREATE TABLE IF NOT EXISTS \w+ \(", blob) and "ALTER TABLE" in blob and "CREATE INDEX CONCURRENTLY" in blob
    assert re.search(r"(?m)^-- V\d+__\w+\.sql$", blob) and "/* " in blob and "$$ LANGUAGE plpgsql" in blob and "O''Brien''s" in blob
    # templated values: alert annotations, notification templates, cloud-init jinja, RMM and role variables
    assert "{{ $labels.instance }}" in blob and "{{ $value | humanizePercentage }}" in blob and '{{ define "' in blob
    assert "{{ v1.local_hostname }}" in blob and re.search(r"\{\{(agent|client|site|global)\.\w+\}\}", blob) and re.search(r"'\{\{(internal|external|email)\.", blob)
    # query languages: PromQL, LogQL, SQL with macros
    assert re.search(r'\w=~"[^"]+"', blob) and "histogram_quantile(" in blob and '|= "error"' in blob and "$__timeFilter(" in blob
    # networks, rewrite rules, proxy configs, headers
    assert re.search(r"\b10\.\d+\.0\.0/(16|20|24)\b", blob) and re.search(r"\b\d+\.\d+\.\d+\.\d+:\d{2,5}\b", blob)
    assert re.search(r"\^/blog/\(\\d\{4\}\)", blob) and "$1" in blob and "rewrite ^" in blob
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in blob and "reverse_proxy" in blob and "use_backend be_api if is_api" in blob
    assert "script-src 'self'" in blob
    # backups: globs, cron schedules, restic and rsync options
    assert "**/node_modules" in blob and re.search(r"(?m)^(\d+|\*/\d+|\*) (\d+|\*/\d+|\*) [\d*]+ \* [\d*A-Z-]+$", blob) and "--exclude-caches" in blob
    assert "-aHAX --delete" in blob
    # SSH keys, certificates, sudoers, allowed-command regexes
    assert re.search(r"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+", blob) and "-----BEGIN CERTIFICATE-----" in blob
    assert "NOPASSWD:" in blob
    assert re.search(r"\^sudo systemctl \(restart\|status\|reload\)", blob)
    # URLs with query strings
    assert re.search(r"https://\S+\?\S+=\S+&\S+=", blob)
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.08  # consoles carry less prose than consumer apps, but notes and names in many languages


def test_benign_content_is_never_an_attack(blob) -> None:
    """The code and configuration are what users of these products write, never an injection break-out or probe."""
    for bad in ("' OR 1=1", "' OR '1'='1", "<script", "../../", "/etc/passwd", "/etc/shadow", "; cat /etc/", "| nc ", "bash -i >&", "/dev/tcp/", "{{7*7}}"):
        assert bad not in blob, bad


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(40))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_opsconsole_templates() -> None:
    checks.check_module_attacks(OPSCONSOLE, _parse_body, PAYLOADS, 600, 5)
