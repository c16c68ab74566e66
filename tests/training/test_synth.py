"""Synthetic traffic: valid replayable records, seeded, disjoint template groups, twin attacks."""

from __future__ import annotations

import argparse
import html
import http.client
import io
import json
import re
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from waf_proxy.inspect import RequestView
from waf_proxy.training import synth
from waf_proxy.training.synth_templates import REGISTRY, templates_for
from waf_proxy.training.synth_values import encode_for_slot

FIELDS = {"id", "method", "path", "query", "headers", "body", "label", "category", "source"}
PATH_RE = re.compile(r"^/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$")
QUERY_RE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$")
TOKEN_RE = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")

# Payloads chosen to break careless encoding: structure characters, CRLF, NUL,
# non-ASCII, stray percent signs, leading/trailing spaces, quotes, long values.
PAYLOADS = [
    ("' OR '1'='1' -- ", "sqli"),
    ("1 UNION SELECT username, password FROM users--", "sqli"),
    ("<script>alert(document.cookie)</script>", "xss"),
    ("\"><svg/onload=alert`1`>", "xss"),
    ("../../../../etc/passwd%00.png", "path-traversal"),
    ("; cat /etc/passwd & ping -c 3 127.0.0.1 #", "rce"),
    ("{{7*7}}${7*7}<%= 7*7 %>", "ssti"),
    ("%0d%0aSet-Cookie: crlf=injection\r\nX: y", "crlf-injection"),
    ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", "xxe"),
    ("{\"$gt\": \"\"}", "nosql-injection"),
    ("  admin')/*\x00 é中😀 100% ", "sqli"),
    ("http://169.254.169.254/latest/meta-data/?a=b&c=d#frag", "ssrf"),
    ("x" * 3000 + "' OR 1=1", "sqli"),
]


def problems(rec: dict[str, Any]) -> list[str]:
    """The FORMAT.md rules, as the shared validator checks them."""
    p = []
    if set(rec) != FIELDS:
        return [f"fields {sorted(rec)}"]
    for key in FIELDS - {"headers"}:
        if not isinstance(rec[key], str):
            p.append(f"{key} not str")
    if not TOKEN_RE.match(rec["method"]) or rec["method"] != rec["method"].upper():
        p.append("method")
    if not PATH_RE.match(rec["path"]):
        p.append(f"path {rec['path'][:80]!r}")
    if not QUERY_RE.match(rec["query"]):
        p.append(f"query {rec['query'][:80]!r}")
    for name, value in rec["headers"]:
        if not TOKEN_RE.match(name) or name.lower() in ("host", "content-length"):
            p.append(f"header name {name!r}")
        if any(ord(c) < 32 or ord(c) > 126 for c in value) or value != value.strip(" \t") or not value:
            p.append(f"header value {name}: {value[:60]!r}")
    rec["body"].encode("utf-8")
    if rec["label"] == "benign" and rec["category"] != "normal":
        p.append("benign category")
    if rec["label"] == "attack" and rec["category"] in ("", "normal"):
        p.append("attack category")
    if not rec["source"]:
        p.append("source")
    # the request line and headers must read back the same through a standard HTTP parser
    target = rec["path"] + ("?" + rec["query"] if rec["query"] else "")
    raw = f"{rec['method']} {target} HTTP/1.1\r\nHost: x\r\n" + "".join(f"{k}: {v}\r\n" for k, v in rec["headers"]) + "\r\n"
    if not raw.isascii():
        return p + ["request line or headers not ASCII"]
    fp = io.BytesIO(raw.encode("ascii"))
    fp.readline()
    got = list(http.client.parse_headers(fp).items())[1:]
    if got != [tuple(h) for h in rec["headers"]]:
        p.append("headers do not round-trip")
    return p


@pytest.fixture(scope="module")
def benign_train() -> list[dict[str, Any]]:
    # sized by the pool, so that every template and its rarer values show up as modules are added
    return synth.generate_benign(20 * len(templates_for("train")), seed=11)


@pytest.fixture(scope="module")
def benign_holdout() -> list[dict[str, Any]]:
    return synth.generate_benign(500, seed=11, templates="holdout")


@pytest.fixture(scope="module")
def pairs() -> list[tuple[dict, dict, dict]]:
    return synth.generate_attack_pairs(700, PAYLOADS, seed=5, templates="all")


def test_template_groups_are_large_enough_and_disjoint() -> None:
    train, holdout = templates_for("train"), templates_for("holdout")
    assert len(train) >= 25 and len(holdout) >= 10
    # "all" is every group, the blind "holdout3", "holdout4" and "holdout5" sets and the calibration-only apps (their own tests) included
    assert len(templates_for("all")) == len(REGISTRY) == (
        len(train) + len(holdout) + len(templates_for("holdout3")) + len(templates_for("calib"))
        + len(templates_for("holdout4")) + len(templates_for("holdout5")))
    for t in train:
        for h in holdout:
            for a in t.routes:
                for b in h.routes:
                    if "/" in (a, b):  # the site root is one exact route, not a prefix of every path
                        assert a != b, (t.name, h.name)
                        continue
                    assert not a.startswith(b) and not b.startswith(a), (t.name, h.name)
    with pytest.raises(ValueError):
        templates_for("test")


def test_calibration_app_rows_are_a_source_of_their_own() -> None:
    rows = synth.calibration_app_rows(60, seed=4)
    assert len(rows) == 60 and rows == synth.calibration_app_rows(60, seed=4)
    names = {r["source"].split(":", 1)[1] for r in rows}
    assert all(r["source"].startswith(synth.CALIB_SOURCE + ":") and r["label"] == "benign" for r in rows)
    assert names <= {t.name for t in templates_for("calib")} and len(names) >= 8
    train_names = {t.name for t in templates_for("train")}
    assert not names & train_names


def test_every_slot_of_the_calibration_apps_takes_a_payload() -> None:
    """A slot drawn but left out of the request (a value replaced after it was drawn) would
    make attack generation fail there; every slot must reach the rendered request."""
    for tpl in templates_for("calib"):
        for i in range(40):
            key = f"slots:{tpl.name}:{i}"
            _, ctx = synth.render(tpl, key)
            for at in range(len(ctx.slots)):
                attack, _ = synth.render(tpl, key, inject_at=at)
                carried = [attack["path"], attack["query"], attack["body"], *(h[1] for h in attack["headers"])]
                assert any(synth.SENTINEL in part for part in carried), (tpl.name, i, ctx.slots[at].name)


def _group_paths(records: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in records:
        out.setdefault(r["source"].split(":")[1], set()).add(r["path"])
    return out


def _on(path: str, routes) -> bool:
    """A path is on a route: the site root "/" exactly, any other route as a prefix."""
    return any(path == r if r == "/" else path.startswith(r) for r in routes)


def test_records_use_only_their_groups_endpoints(benign_train, benign_holdout) -> None:
    train_routes = [r for t in templates_for("train") for r in t.routes]
    holdout_routes = [r for t in templates_for("holdout") for r in t.routes]
    for name, paths in _group_paths(benign_train).items():
        assert REGISTRY[name].group == "train"
        for path in paths:
            assert _on(path, REGISTRY[name].routes), (name, path)
            assert not _on(path, holdout_routes)
    for name, paths in _group_paths(benign_holdout).items():
        assert REGISTRY[name].group == "holdout"
        for path in paths:
            assert _on(path, REGISTRY[name].routes), (name, path)
            assert not _on(path, train_routes)
    # every template is actually used
    assert set(_group_paths(benign_train)) == {t.name for t in templates_for("train")}
    assert set(_group_paths(benign_holdout)) == {t.name for t in templates_for("holdout")}


def test_parameter_names_mostly_differ_between_groups(benign_train, benign_holdout) -> None:
    def names(records: list[dict]) -> set[str]:
        out: set[str] = set()
        for r in records:
            out |= {k for k, _ in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)}
            try:  # NDJSON, multipart and form bodies are not one JSON object
                obj = json.loads(r["body"]) if r["body"].startswith("{") else None
            except ValueError:
                obj = None
            if isinstance(obj, dict):
                out |= set(obj)
        return out

    train, holdout = names(benign_train), names(benign_holdout)
    assert len(train & holdout) / len(holdout) < 0.35, sorted(train & holdout)


def test_generation_is_deterministic_per_seed() -> None:
    a = synth.generate_benign(40, seed=3)
    assert a == synth.generate_benign(40, seed=3)
    assert a != synth.generate_benign(40, seed=4)
    assert synth.generate_attacks(30, PAYLOADS, seed=3) == synth.generate_attacks(30, PAYLOADS, seed=3)
    # a record does not depend on how many were asked for
    assert synth.generate_benign(10, seed=3) == a[:10]


def test_output_does_not_depend_on_the_processes_hash_seed() -> None:
    """Training regenerates its traffic in a new process; a set's order (Faker's it_IT
    cities) must not change what a seed produces."""
    import os
    import subprocess
    import sys

    code = ("import json, hashlib; from waf_proxy.training import synth; from waf_proxy.training.synth_values import faker_for;"
            "f = faker_for('it_IT'); f.seed_instance(1);"
            "print(hashlib.sha1(json.dumps([[f.city() for _ in range(50)], synth.generate_benign(60, seed=2)]).encode()).hexdigest())")
    digests = {
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_output_does_not_depend_on_todays_date(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    import faker.providers.date_time as faker_dates

    before = synth.generate_benign(60, seed=8, templates="all")

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return dt.datetime(2031, 5, 17, 3, 4, 5, tzinfo=tz)

    monkeypatch.setattr(faker_dates, "datetime", Later)
    assert synth.generate_benign(60, seed=8, templates="all") == before


def test_every_record_is_valid_and_ids_unique(benign_train, benign_holdout, pairs) -> None:
    records = benign_train + benign_holdout + [a for _, a, _ in pairs] + [b for b, _, _ in pairs]
    bad = {r["id"]: problems(r) for r in records if problems(r)}
    assert not bad, list(bad.items())[:5]
    assert len({r["id"] for r in records}) == len(records)
    assert all(r["label"] == "benign" and r["category"] == "normal" for r in benign_train)
    for r in records:  # the engine's view can be built from every record
        RequestView.from_record(r)


def test_benign_traffic_has_the_false_positive_traps(benign_train) -> None:
    blob = "\n".join(json.dumps(r, ensure_ascii=False) for r in benign_train)
    methods = Counter(r["method"] for r in benign_train)
    assert {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"} <= set(methods)
    ctypes = Counter(next((v.split(";")[0] for k, v in r["headers"] if k == "Content-Type"), "") for r in benign_train)
    assert ctypes["application/json"] > 100 and ctypes["application/x-www-form-urlencoded"] > 50
    assert ctypes["multipart/form-data"] > 5
    assert any(r["path"] == "/graphql" and '"query"' in r["body"] for r in benign_train)
    assert re.search(r"Bearer eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+", blob)
    assert re.search(r"\b(O|D)'[A-Z]", blob)  # names with apostrophes
    for phrase in ("drop me a line", "union of workers", "select the best option", "Where do I order"):
        assert phrase.lower() in blob.lower(), phrase
    assert "<p>" in blob and "<strong>" in blob  # harmless rich text
    assert "```" in blob  # markdown code blocks
    assert "../docs" in blob
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", blob)  # CJK free text
    assert re.search(r"[\u0400-\u04ff]", blob)  # Cyrillic
    assert re.search(r"[\U0001F300-\U0001FAFF]", blob)  # emoji
    assert any("Cookie" == k for r in benign_train for k, _ in r["headers"])
    uas = {v for r in benign_train for k, v in r["headers"] if k == "User-Agent"}
    assert len(uas) > 300
    assert any(ua.startswith("okhttp/") for ua in uas) and any("python-requests" in ua for ua in uas)


def _strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def _decoded_field(attack: dict, info: dict) -> str:
    """The request field holding the payload, decoded the way the app would decode it."""
    field = info["field"]
    if field == "path":
        return urllib.parse.unquote(attack["path"])
    if field == "query" or (field == "body" and info["slot"] == "form"):
        raw = attack[field]
        values = [v for _, v in urllib.parse.parse_qsl(raw, keep_blank_values=True)]
        if info["slot"] == "json_query":
            return "\n".join(s for v in values if v.startswith("{") for s in _strings(json.loads(v)))
        return "\n".join(values)
    if field == "body" and info["slot"] in ("json", "gql"):
        return "\n".join(_strings(json.loads(attack["body"])))
    if field.startswith("header:"):
        return dict(attack["headers"])[field[7:]]
    return attack[field]


def test_attacks_differ_from_their_benign_twin_only_in_the_payload(pairs) -> None:
    for benign, attack, info in pairs:
        assert attack["label"] == "attack" and attack["category"] in {c for _, c in PAYLOADS}
        field = info["field"]
        for key in ("method", "path", "query", "body"):
            if key != field:
                assert attack[key] == benign[key], (key, info)
        assert [k for k, _ in attack["headers"]] == [k for k, _ in benign["headers"]]
        for (k, va), (_, vb) in zip(attack["headers"], benign["headers"]):
            if field != f"header:{k}":
                assert va == vb, (k, info)
        assert info["encoded"] in (attack[field] if not field.startswith("header:") else dict(attack["headers"])[field[7:]])
        # where the payload went in plain form, the app's own decoding gives it back
        if info["encoding"] is None and info["slot"] not in ("header", "cookie", "xml", "gql"):
            assert info["payload"] in _decoded_field(attack, info) or info["payload"].replace("\r\n", "\n") in _decoded_field(attack, info), info


def test_attacks_cover_every_kind_of_place_and_encoding(pairs) -> None:
    slots = Counter(info["slot"] for _, _, info in pairs)
    for kind in ("json", "query", "form", "path", "header", "cookie", "multipart"):
        assert slots[kind] > 0, slots
    encodings = Counter(info["encoding"] for _, _, info in pairs)
    assert 0.15 < 1 - encodings[None] / len(pairs) < 0.35
    assert len(encodings) >= 6
    for _, attack, info in pairs:
        if info["encoding"] == "json_unicode":
            assert info["slot"] in ("json", "json_query")
        assert attack["source"] == f"synth:{info['template']}:{info['slot']}:{info['encoding'] or 'plain'}"


def test_evasion_rate_is_honoured() -> None:
    sqli = [(p, c) for p, c in PAYLOADS if c == "sqli"]
    infos = [i for _, _, i in synth.generate_attack_pairs(60, sqli, seed=1, evasion_rate=1.0)]
    assert all(i["encoding"] for i in infos)
    infos = [i for _, _, i in synth.generate_attack_pairs(60, sqli, seed=1, evasion_rate=0.0)]
    assert not any(i["encoding"] for i in infos)


def test_payload_order_favours_small_categories_without_dropping_any() -> None:
    items = [(f"big{i}", "fwaf-bad") for i in range(900)] + [(f"small{i}", "xxe") for i in range(9)]
    order = synth.payload_order(items, seed=0)
    assert sorted(order) == list(range(len(items)))
    first = [items[i][1] for i in order[:100]]
    assert first.count("xxe") >= 3  # ~1 % by count, ~9 % by sqrt weight


HP_Q = {"id": "hp-1-q", "method": "GET", "path": "/search", "query": "q=1%27+or+%271%27%3D%271&sort=asc",
        "headers": [["User-Agent", "x"], ["Accept", "*/*"]], "body": "", "label": "attack", "category": "sqli", "source": "httpparams:payload_train"}
HP_F = {**HP_Q, "id": "hp-1-f", "method": "POST", "query": "", "body": "lang=en&comment=1%27+or+%271%27%3D%271",
        "headers": [["User-Agent", "x"], ["Content-Type", "application/x-www-form-urlencoded"]]}
PATT_J = {**HP_Q, "id": "p-j", "method": "POST", "query": "", "body": json.dumps({"name": "%2e%2e/etc", "ref": "home"}),
          "headers": [["Content-Type", "application/json"]], "category": "path-traversal", "source": "patt:x"}
PATT_P = {**HP_Q, "id": "p-p", "path": "/%0d%0aSet-Cookie:crlf=injection", "query": "", "category": "crlf-injection", "source": "patt:y"}
PATT_X = {**HP_Q, "id": "p-x", "method": "POST", "query": "", "body": "<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]><x>&a;</x>",
          "headers": [["Content-Type", "application/xml"]], "category": "xxe", "source": "patt:z"}
FWAF = {**HP_Q, "id": "f", "path": "/top.php", "query": "stuff='uname%20%3Eq36497765%20%23", "category": "fwaf-bad", "source": "fwaf:badqueries"}
CSIC = {**HP_Q, "id": "c", "path": "/tienda1/publico/anadir.jsp", "category": "csic-anomalous", "source": "csic2010:anomalousTrafficTest",
        "query": "id=2&nombre=Jam%F3n+Ib%E9rico&provincia=Baleares+%28Illes%29&cantidad=%27%3B+DROP+TABLE+usuarios%3B&B1=A%F1adir"}
CSIC_PLAIN = {**CSIC, "id": "c2", "query": "id=2&nombreA=Queso+Manchego&provincia=Baleares+%28Illes%29"}
BENIGN = {**HP_Q, "id": "b", "label": "benign", "category": "normal", "query": "q=hello"}


def test_extract_payloads_from_each_corpus_shape() -> None:
    got = synth.extract_payloads([HP_Q, HP_F, PATT_J, PATT_P, PATT_X, FWAF, CSIC, CSIC_PLAIN, BENIGN])
    assert got == [
        ("1' or '1'='1", "sqli"),  # query and form variants of one payload collapse to one
        ("%2e%2e/etc", "path-traversal"),  # JSON keeps the author's own escapes
        ("/\r\nSet-Cookie:crlf=injection", "crlf-injection"),
        (PATT_X["body"], "xxe"),
        ("/top.php?stuff='uname >q36497765 #", "fwaf-bad"),
        ("'; DROP TABLE usuarios;", "csic-anomalous"),  # the suspicious value, decoded as Latin-1
    ]


def test_generate_attacks_accepts_records_dicts_and_tuples() -> None:
    from_records = synth.generate_attacks(5, [HP_Q, FWAF], seed=2, evasion_rate=0)
    from_dicts = synth.generate_attacks(5, [{"payload": "1' or '1'='1", "category": "sqli"}, {"payload": "/top.php?stuff='uname >q36497765 #", "category": "fwaf-bad"}], seed=2, evasion_rate=0)
    from_tuples = synth.generate_attacks(5, [("1' or '1'='1", "sqli"), ("/top.php?stuff='uname >q36497765 #", "fwaf-bad")], seed=2, evasion_rate=0)
    assert from_records == from_dicts == from_tuples
    with pytest.raises(ValueError):
        synth.generate_attacks(3, [], seed=0)
    assert synth.generate_attacks(0, [], seed=0) == []


def test_run_synth_writes_jsonl(tmp_path: Path, capsys) -> None:
    payload_file = tmp_path / "p.jsonl"
    payload_file.write_text("\n".join(json.dumps(r) for r in (HP_Q, FWAF, PATT_X)) + "\n")
    out = tmp_path / "out" / "s.jsonl"
    args = argparse.Namespace(benign=30, attacks=20, payloads=[str(payload_file)], templates="holdout", seed=9, out=str(out))
    assert synth.run_synth(args) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert Counter(r["label"] for r in records) == {"benign": 30, "attack": 20}
    assert all(REGISTRY[r["source"].split(":")[1]].group == "holdout" for r in records)
    assert not [problems(r) for r in records if problems(r)]
    assert "records/s" in capsys.readouterr().err


def test_run_synth_rejects_attacks_without_payloads(tmp_path: Path) -> None:
    args = argparse.Namespace(benign=1, attacks=5, payloads=[], templates="train", seed=0, out=str(tmp_path / "x.jsonl"))
    assert synth.run_synth(args) == 2


def test_forced_encoding_keeps_payloads_and_places_paired() -> None:
    plain = synth.generate_attack_pairs(60, PAYLOADS, seed=4, evasion_rate=0.0)
    cased = synth.generate_attack_pairs(60, PAYLOADS, seed=4, evasion_rate=1.0, encodings=["mixed_case"])
    for (_, a, pi), (_, b, ci) in zip(plain, cased):
        assert (pi["template"], pi["slot_name"], pi["payload"]) == (ci["template"], ci["slot_name"], ci["payload"])
        assert ci["encoding"] == ("mixed_case" if any(c.isalpha() for c in ci["payload"]) else None)
        assert a["method"] == b["method"] and [k for k, _ in a["headers"]] == [k for k, _ in b["headers"]]
    with pytest.raises(ValueError):
        synth.generate_attacks(1, PAYLOADS, seed=0, encodings=["rot13"])


def test_reencode_record_for_shared_corpus_shapes() -> None:
    import random

    rng = random.Random(0)
    payload = "1' or '1'='1"
    plain = synth.reencode_record(HP_Q, None, rng)
    assert plain is not None and dict(urllib.parse.parse_qsl(plain["query"]))["q"] == payload
    double = synth.reencode_record(HP_Q, "double_url", rng)
    assert double is not None and double["id"] == "hp-1-q~double_url" and double["source"].endswith("+double_url")
    assert urllib.parse.unquote(urllib.parse.unquote(dict(urllib.parse.parse_qsl(double["query"]))["q"])) == payload
    assert ("sort", "asc") in urllib.parse.parse_qsl(double["query"])  # companion kept
    form = synth.reencode_record(HP_F, "html_entities", rng)
    assert form is not None
    value = dict(urllib.parse.parse_qsl(form["body"]))["comment"]
    assert value != payload and html.unescape(value) == payload
    js = synth.reencode_record(PATT_J, "json_unicode", rng)
    assert js is not None and json.loads(js["body"])["name"] == "%2e%2e/etc" and "\\u" in js["body"]
    assert synth.reencode_record(HP_Q, "json_unicode", rng) is None  # only inside JSON
    assert synth.reencode_record(PATT_J, "sql_comments", rng) is None  # not SQL
    assert synth.reencode_record(FWAF, "url", rng) is None and synth.reencode_record(BENIGN, "url", rng) is None
    for rec in (plain, double, form, js):
        assert problems(rec) == []


def test_every_registered_slot_is_rendered() -> None:
    """A slot a template registers but does not render would crash attack generation."""
    from waf_proxy.training.synth_values import SENTINEL

    for tpl in REGISTRY.values():
        for seed in range(6):
            _, ctx = synth.render(tpl, f"slots:{seed}")
            for at in range(len(ctx.slots)):
                request, _ = synth.render(tpl, f"slots:{seed}", inject_at=at)
                fields = [request["path"], request["query"], request["body"], *(v for _, v in request["headers"])]
                assert sum(f.count(SENTINEL) for f in fields) == 1, (tpl.name, seed, ctx.slots[at])


# --------------------------------------------------------------------------
# Second set of train templates and the value kinds they add (issue 8 follow-up)
# --------------------------------------------------------------------------

NEW_TRAIN = ("bulk_json_array", "drive_file_ops", "account_redirect_flow", "repo_issue_comment", "backoffice_crud",
             "scim_provisioning", "data_import_upload", "membership_signup", "rum_beacon", "prefs_paths_api", "notes_long_prose")
PHP_TRAIN = ("wordpress_site", "phpbb_forum", "opencart_store", "php_admin_panel")


def _prefix_clash(a: str, b: str) -> bool:
    if "/" in (a, b):
        return a == b
    return a.startswith(b) or b.startswith(a)


def test_new_train_templates_have_routes_of_their_own() -> None:
    for name in NEW_TRAIN + PHP_TRAIN:
        tpl = REGISTRY[name]
        assert tpl.group == "train"
        for other in REGISTRY.values():
            if other.name != name:
                clashes = [(a, b) for a in tpl.routes for b in other.routes if _prefix_clash(a, b)]
                assert not clashes, (name, other.name, clashes)


def test_new_train_templates_render_and_carry_payloads_in_every_slot() -> None:
    payload = "' OR 1=1 -- <script>alert(1)</script>"
    for name in NEW_TRAIN + PHP_TRAIN:
        tpl = REGISTRY[name]
        for seed in range(6):
            benign, ctx = synth.render(tpl, f"new:{seed}")
            assert synth.render(tpl, f"new:{seed}")[0] == benign  # seeded
            assert not problems(synth._finish(benign, "b", "benign", "normal", "s")), (name, seed)
            assert ctx.slots, name
            for at, slot in enumerate(ctx.slots):
                attack, actx = synth.render(tpl, f"new:{seed}", inject_at=at)
                field = synth._replace_sentinel(attack, encode_for_slot(actx, slot.kind, payload))
                record = synth._finish(attack, "a", "attack", "sqli", "s")
                assert not problems(record), (name, slot)
                if slot.kind not in ("header", "cookie"):
                    assert payload in _decoded_field(record, {"field": field, "slot": slot.kind}), (name, slot)


def _values(record: dict) -> list[str]:
    """Decoded query, form and JSON string values of a record."""
    out = [v for _, v in urllib.parse.parse_qsl(record["query"], keep_blank_values=True)]
    ctype = next((v for k, v in record["headers"] if k == "Content-Type"), "")
    if "urlencoded" in ctype:
        out += [v for _, v in urllib.parse.parse_qsl(record["body"], keep_blank_values=True)]
    elif record["body"][:1] in "[{":
        try:
            out += _strings(json.loads(record["body"]))
        except ValueError:
            pass
    return out


def test_benign_train_traffic_has_the_new_value_kinds(benign_train) -> None:
    sources = Counter(r["source"].split(":")[1] for r in benign_train)
    assert all(sources[name] > 0 for name in NEW_TRAIN), sources
    values = [v for r in benign_train for v in _values(r)]
    query_values = [v for r in benign_train for _, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True)]
    # app-relative and file-system paths as values (`next=/account/orders`, `"path": "/Documents"`)
    assert sum(v.startswith("/") and not v.startswith("//") for v in query_values) > 20
    assert sum(v.startswith("/") for v in values) > 100
    assert any(v.startswith("~/") for v in values) and any(v.startswith("C:\\Users\\") for v in values)
    # text that starts with `--` (signatures, separators) and `--` used as a dash
    assert sum(v.startswith("--") for v in values) > 10
    assert sum(" -- " in v for v in values) > 30
    # apostrophes and & # + in query strings, not only in JSON bodies
    assert sum("'" in v for v in query_values) > 15
    assert sum(any(c in v for c in "&#+") for v in query_values) > 15
    # top-level JSON arrays of objects
    json_bodies = [r["body"] for r in benign_train if "json" in dict((k.lower(), v) for k, v in r["headers"]).get("content-type", "")]
    arrays = [json.loads(body) for body in json_bodies if body.startswith("[")]
    assert sum(isinstance(a, list) and a and isinstance(a[0], dict) for a in arrays) > 5
    # long bodies: multipart with several text fields, long form posts
    multi = [r for r in benign_train if r["body"].count('Content-Disposition: form-data; name="') >= 6]
    assert len(multi) > 5
    assert sum(len(r["body"]) > 1500 for r in benign_train) > 20


def _expected(n: int, names: tuple[str, ...]) -> float:
    """How many of n draws from the train pool should fall on these templates, by their weights.

    Counts checked against this stay meaningful as templates are added to the pool."""
    train = templates_for("train")
    return n * sum(t.weight for t in train if t.name in names) / sum(t.weight for t in train)


def test_attacks_land_in_long_requests_and_every_new_template() -> None:
    # enough pairs that the lightest of these templates expects several, however large the pool grows
    n = max(500, round(8 / min(_expected(1, (name,)) for name in NEW_TRAIN)))
    pairs = synth.generate_attack_pairs(n, PAYLOADS[:10], seed=21, evasion_rate=0.0)
    templates = Counter(info["template"] for _, _, info in pairs)
    assert all(templates[name] > 0 for name in NEW_TRAIN), templates
    long_ones = [info for _, attack, info in pairs if len(attack["body"]) > 1200]
    assert len(long_ones) > 12
    assert {"json", "multipart", "form"} & {info["slot"] for info in long_ones}


# --------------------------------------------------------------------------
# PHP apps and SQL/shell words as parameter names (issue 8, false positives)
# --------------------------------------------------------------------------

KEYWORD_NAME_RE = re.compile(r"(?i)(order|sort|select|union|script|exec|cmd|table|where|drop|insert|update|delete|alert|onload|template)")


def _names(record: dict) -> list[str]:
    """Query, form and top-level JSON member names of a record."""
    out = [k for k, _ in urllib.parse.parse_qsl(record["query"], keep_blank_values=True)]
    ctype = next((v for k, v in record["headers"] if k == "Content-Type"), "")
    if "urlencoded" in ctype:
        out += [k for k, _ in urllib.parse.parse_qsl(record["body"], keep_blank_values=True)]
    elif record["body"].startswith("{"):
        try:
            obj = json.loads(record["body"])
        except ValueError:
            obj = None
        if isinstance(obj, dict):
            out += list(obj)
    return out


def test_benign_train_traffic_has_php_paths_and_keyword_names(benign_train) -> None:
    sources = Counter(r["source"].split(":")[1] for r in benign_train)
    assert all(sources[name] > 0 for name in PHP_TRAIN), sources
    php_apps = sum(sources[name] for name in PHP_TRAIN)
    assert php_apps > 0.6 * _expected(len(benign_train), PHP_TRAIN)  # the PHP apps get their weight's share
    php = [r for r in benign_train if r["path"].endswith(".php")]
    assert len(php) > 0.8 * php_apps  # and nearly all their requests go to .php scripts
    assert {"/news/index.php", "/wp-admin/admin-ajax.php", "/wp-login.php", "/community/viewtopic.php", "/community/posting.php",
            "/community/search.php", "/store/index.php", "/admin-panel/export.php"} <= {r["path"] for r in php}
    assert any("route=product/product" in urllib.parse.unquote(r["query"]) for r in php)
    pairs = [(k, v) for r in benign_train for k, v in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "=" in r["body"][:40] else ""), keep_blank_values=True)]
    assert sum(k == "order" and v.lower() in ("asc", "desc") for k, v in pairs) > 15
    for name in ("sort", "select", "selected[]", "cmd", "table", "from", "to", "template", "delete_token", "update"):
        assert any(k == name for k, _ in pairs), name
    # keyword names reach templates outside the PHP apps too, in query strings and in JSON bodies
    others = [r for r in benign_train if r["source"].split(":")[1] not in PHP_TRAIN]
    keyworded = [r for r in others if any(KEYWORD_NAME_RE.search(n) for n in _names(r))]
    assert len({r["source"].split(":")[1] for r in keyworded}) >= 4
    json_keys = {n for r in others if r["body"].startswith("{") for n in _names(r)}
    assert json_keys & {"orderBy", "sortBy", "selectedIds", "unionMembers", "tableName", "deleteToken"}


def test_attacks_land_in_php_templates_and_keyword_named_params() -> None:
    pairs = synth.generate_attack_pairs(5 * len(templates_for("train")), PAYLOADS[:10], seed=23, evasion_rate=0.0)  # sized by the pool
    templates = Counter(info["template"] for _, _, info in pairs)
    assert all(templates[name] > 0 for name in PHP_TRAIN), templates
    php_apps = sum(templates[name] for name in PHP_TRAIN)
    assert php_apps > 0.6 * _expected(len(pairs), PHP_TRAIN)
    php_attacks = [attack for _, attack, info in pairs if attack["path"].endswith(".php")]
    assert len(php_attacks) > 0.8 * php_apps
    for benign, attack, _ in pairs:
        assert benign["path"].endswith(".php") == attack["path"].endswith(".php")
    # payloads also go into the values of keyword-named parameters (`order=<payload>`), as real attacks do
    keyword_slots = [info for _, _, info in pairs if KEYWORD_NAME_RE.search(info["slot_name"]) and info["slot"] in ("query", "form", "json")]
    assert len(keyword_slots) > 10


@pytest.mark.parametrize("profile", ["xhr", "mobile", "sdk"])
def test_every_client_profile_sends_the_credentials_a_template_asks_for(profile: str) -> None:
    """A template that asks for an API key or Basic auth gets that header, whatever the client."""
    import random

    from waf_proxy.training.synth_values import Ctx, headers_for

    def names(auth: str | None, seed: int) -> dict[str, str]:
        ctx = Ctx.new(random.Random(seed), "en_US")
        return {k.lower(): v for k, v in headers_for(ctx, profile, auth=auth)}

    for seed in range(20):
        assert names("jwt", seed)["authorization"].startswith("Bearer ")
        assert names("basic", seed)["authorization"].startswith("Basic ")
        apikey = names("apikey", seed)
        assert "authorization" not in apikey and {"x-api-key", "api-key", "x-api-token"} & apikey.keys()
        assert "authorization" not in names(None, seed)
    with pytest.raises(ValueError):
        headers_for(Ctx.new(random.Random(0), "en_US"), profile, auth="oauth")
