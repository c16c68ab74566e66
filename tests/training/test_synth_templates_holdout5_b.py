"""Held-out developer-tool templates (group "holdout5", code and queries as content): registered, own routes, seeded, well-formed, injectable, varied."""

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
from waf_proxy.training import synth, synth_templates_holdout5_b
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_holdout5_b import HOLDOUT5_B

MINE = [REGISTRY[name] for name in HOLDOUT5_B]
SEEDS = range(30)
KEY = "holdout5b:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps read as they are: .tf files, test inputs and curl commands (text/plain), CI and playbook YAML
YAML_TYPES = ("application/yaml", "text/yaml", "application/x-yaml")
RAW_TEXT = ("text/plain",) + YAML_TYPES


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed. YAML documents must load."""
    body = checks.parse_body(record, RAW_TEXT)
    if _ctype(record).lower().split(";")[0] in YAML_TYPES:
        assert isinstance(yaml.safe_load(body), (dict, list)), record["path"]  # a CI config or OpenAPI map, a playbook list
    return body


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "h5b")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


@pytest.fixture(scope="module")
def blob(records) -> str:
    return "\n".join(t for r in records for t in _texts(r))


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _json_bodies(records: list[dict[str, Any]]) -> list[Any]:
    return [json.loads(r["body"]) for r in records if "json" in _ctype(r)]


def test_holdout5_b_templates_are_registered_in_their_group() -> None:
    assert len(HOLDOUT5_B) == 8
    assert isinstance(HOLDOUT5_B, tuple)
    checks.check_registered(HOLDOUT5_B, synth_templates_holdout5_b, "holdout5")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, HOLDOUT5_B, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.85)  # code and queries, but mostly under 2 KB
    assert any(len(r["body"]) > 2500 for r in records)  # and some larger documents (whole collections)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0].strip() for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/xml", "text/xml",
            "application/vnd.api+json"} <= set(ctypes)
    assert set(YAML_TYPES) <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every app speaks several methods and formats (bodiless requests included)
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client|PostmanRuntime)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match", "if-none-match"} <= header_names
    assert {"private-token", "job-token", "x-scope-orgid", "x-delete-code", "x-app-version"} <= header_names  # the tools' own headers
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    auth = [v for r in records for k, v in r["headers"] if k == "Authorization"]
    assert {"Bearer", "Basic"} <= {a.split(" ")[0] for a in auth}
    assert any(re.fullmatch(r"Bearer (ajp_|tfu-|team-)?\w+\.\w+", a) for a in auth)  # opaque product tokens beside JWTs
    # naming styles: bracketed form and query names, Django lookups, JSON:API kebab-case, camelCase and snake_case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert {"variables[DEPLOY_ENV]", "survey[release_tag]", "search[name]", "page[size]", "filter[project][id]", "status__in", "name__icontains"} <= names
    bodies = _json_bodies(records)
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and any(re.fullmatch(r"[a-z]+_[a-z_]+", k) for k in keys)
    attrs = {k for b in bodies if isinstance(b, dict) and isinstance(b.get("data"), dict) for k in b["data"].get("attributes", {})}
    assert {"is-destroy", "target-addrs", "working-directory"} & attrs and "hcl" in attrs
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # unit tests and change batches are top-level arrays
    assert any(isinstance(b, dict) and "operationName" in b and "variables" in b for b in bodies)  # GraphQL over POST
    # Explore state: a JSON document inside a query parameter
    lefts = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k == "left"]
    assert lefts and all(json.loads(x)["queries"][0]["expr"] for x in lefts)
    roots = {_parse_body(r).tag for r in records if "xml" in _ctype(r)}
    assert roots == {"testsuites"}


def test_documents_are_what_the_tools_expect(records) -> None:
    for r in records:
        ctype, body, path = _ctype(r), r["body"], r["path"]
        if "json" in ctype and body:
            doc = json.loads(body)
            if path.startswith("/arenajudge/api/contests/"):
                assert doc["source"] and doc["programTypeId"]
            if path.startswith("/apicourier/sync/v1/collections/") and r["method"] == "PUT":
                coll = doc["collection"]
                assert coll["info"]["schema"].endswith("/v2.1.0/collection.json")
                for item in coll["item"]:
                    assert {e["listen"] for e in item["event"]} == {"prerequest", "test"}
                    assert all(isinstance(line, str) for e in item["event"] for line in e["script"]["exec"])
                    assert item["request"]["url"]["raw"].startswith("{{")
            if "/workflowsmith/" in path and isinstance(doc, dict) and isinstance(doc.get("content"), str):
                workflow = yaml.safe_load(doc["content"])
                assert "jobs" in workflow or "stages" in workflow  # GitHub Actions or GitLab CI
            if path.startswith("/playlauncher/api/v2/job_templates/"):
                assert isinstance(yaml.safe_load(doc["extra_vars"]), dict)  # YAML, or JSON (a YAML subset)
            if path.startswith("/playlauncher/api/v2/hosts/"):
                assert isinstance(yaml.safe_load(doc["variables"]), dict)
            if "vnd.api+json" in ctype and "data" in doc:
                assert doc["data"]["type"] in ("vars", "runs", "comments", "workspaces")
        if "xml" in ctype:
            root = _parse_body(r)
            for suite in root.iter("testsuite"):
                cases = list(suite.iter("testcase"))
                assert int(suite.get("tests")) == len(cases) and int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        if "yaml" in ctype:
            doc = yaml.safe_load(body)
            assert "stages" in doc or "openapi" in doc if isinstance(doc, dict) else doc[0]["hosts"]
    playbooks = [yaml.safe_load(r["body"]) for r in records if r["path"].startswith("/playlauncher/") and "yaml" in _ctype(r)]
    assert playbooks and all(p[0]["tasks"] and p[0]["handlers"] for p in playbooks)


def test_benign_free_text_has_the_false_positive_traps(blob, records) -> None:
    # general traps
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    assert re.search(r"Zoë|Nguyễn|Łukasz|Renée|Siobhán|José|Seán", blob)  # and diacritics
    assert re.search(r"(?i)\b(select|drop|union|delete|update|insert)\b", blob)  # SQL words in prose
    assert " -- " in blob and "```" in blob and "; " in blob  # dashes, markdown code, semicolons
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    # competitive programming: C++, Python and Java sources, test input, LaTeX in editorials
    assert "#include <bits/stdc++.h>" in blob and "cin >> " in blob and "cout << " in blob and "vector<vector<pair<int, int>>>" in blob
    assert 'if (op == "union")' in blob and "sys.stdin" in blob and "public static void main(String[] args)" in blob
    assert re.search(r"(?m)^\d+ \d+\n(-?\d+ ?)+$", blob) and "$O(n \\log n)$" in blob
    # regexes: named groups, lookaheads, backreferences, escapes, flags and substitutions
    assert r"(?<year>\d{4})" in blob and "(?=.*[A-Z])" in blob and r"</\1>" in blob and r"\[([^\]]+)\]" in blob and "$<day>/$<month>/$<year>" in blob
    # SQL exercises as tutorials teach them
    assert re.search(r"LEFT JOIN \w+ \w+ ON \w+\.\w+ = \w+\.\w+", blob) and "GROUP BY" in blob and "HAVING COUNT(" in blob
    assert "OVER (PARTITION BY" in blob and "'O''" in blob and re.search(r"(?m)^-- ", blob) and "UNION\nSELECT" in blob
    # CI YAML with shell steps
    assert "${{ secrets." in blob and "run: |" in blob and '"sha_short=$(git rev-parse --short HEAD)" >> "$GITHUB_OUTPUT"' in blob
    assert "set -euo pipefail" in blob and "--password-stdin" in blob and "$CI_COMMIT_SHORT_SHA" in blob and " && " in blob and "2>&1 | tee" in blob
    # Terraform HCL
    assert re.search(r'resource "(aws|google|azurerm)_\w+" "\w+" \{', blob) and "${var." in blob and "<<-EOT" in blob and "jsonencode({" in blob
    assert '["0.0.0.0/0"]' in blob and "{ for s in var.sites : s.name => s }" in blob
    # Ansible: Jinja expressions, conditions, INI inventories, host patterns, ad-hoc shell
    assert "{{ inventory_hostname }}" in blob and 'when: ansible_os_family == "Debian"' in blob and "regexp: '^#?PermitRootLogin'" in blob
    assert "[prod:vars]" in blob and "-o ProxyJump=" in blob and "webservers:&prod:!" in blob and "awk 'NR>1 {print $5, $6}'" in blob
    # API client: pre-request and test scripts, {{variables}}, curl commands with shell quoting
    assert "pm.environment.set(" in blob and "pm.sendRequest(" in blob and "CryptoJS.HmacSHA256(" in blob and "`t=${ts},v1=${sig}`" in blob
    assert "{{baseUrl}}" in blob and "{{$guid}}" in blob and "--data-raw '" in blob and "'\\''" in blob
    # query languages in parameters and bodies: LogQL, PromQL, jq
    assert '|= "' in blob and "| json" in blob and 'line_format "{{.' in blob and 'pattern "<ip>' in blob
    assert 'status=~"5.."' in blob and "histogram_quantile(" in blob and 'select(.level == "error"' in blob and '// "unknown"' in blob
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.08  # mostly code and queries, but names and notes in many languages


def test_benign_content_is_never_an_attack(blob) -> None:
    """The code and queries are what users of these tools write, never an injection break-out or probe."""
    for bad in ("' OR 1=1", "' OR '1'='1", "<script", "javascript:", "onerror=", "../../", "/etc/passwd", "/etc/shadow", "; cat /etc/", "| nc ",
                "bash -i >&", "/dev/tcp/", "{{7*7}}", "${7*7}", "; rm -rf", "xp_cmdshell", "sleep(5)", "waitfor delay"):
        assert bad.lower() not in blob.lower(), bad
    assert not re.search(r"(?i)union\s+(all\s+)?select\s+(null|\d+\s*,)", blob)  # column-count probes
    assert "union select" not in blob.lower()  # tutorials put UNION on its own line


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_code_and_queries_are_slots_so_attacks_land_in_code_context() -> None:
    """A submission's source, a learner's SQL, a jq filter and a LogQL query are one slot each: the payload replaces the code as a whole."""
    wanted = {("arena_online_judge", "json", "source"), ("sql_schoolyard_tutorial", "json", "sql"), ("sql_schoolyard_tutorial", "form", "query"),
              ("log_sieve_query_console", "json", "filter"), ("log_sieve_query_console", "query", "query"), ("log_sieve_query_console", "form", "query"),
              ("pattern_bench_regex", "json", "regex"), ("play_launcher_config_mgmt", "json", "extra_vars")}
    seen = set()
    for name in {w[0] for w in wanted}:
        for seed in range(40):
            _, ctx = synth.render(REGISTRY[name], f"code:{seed}")
            for slot in ctx.slots:
                if (name, slot.kind, slot.name) in wanted:
                    assert len(slot.benign) > 10, (name, slot)
                    seen.add((name, slot.kind, slot.name))
    assert seen == wanted, wanted - seen


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(20))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_holdout5_attacks_reach_these_templates() -> None:
    attacks = synth.generate_attacks(600, PAYLOADS, seed=31, templates="holdout5", evasion_rate=0)
    placed = Counter(a["source"].split(":")[1] for a in attacks)
    assert set(HOLDOUT5_B) <= set(placed), placed
    pairs = synth.generate_attack_pairs(300, PAYLOADS, seed=7, templates="holdout5", evasion_rate=0)
    mine = [(b, a, i) for b, a, i in pairs if i["template"] in HOLDOUT5_B]
    assert len({i["template"] for _, _, i in mine}) >= 6
    checks.check_attack_pairs(mine, _parse_body, MARK)
