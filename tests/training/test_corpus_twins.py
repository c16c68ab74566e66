"""Benign twins of corpus attacks: same context, user text in the payload's place."""

from __future__ import annotations

import json
import urllib.parse

from waf_proxy.training.corpus_twins import corpus_twins, with_value

UA = [["User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"], ["Accept", "*/*"]]
FORM = UA + [["Content-Type", "application/x-www-form-urlencoded"]]


def _attack(i: int, **kw) -> dict:
    base = {"id": f"a{i}", "method": "GET", "path": "/login", "query": "", "headers": UA, "body": "",
            "label": "attack", "category": "sqli", "source": "httpparams:payload_train"}
    return {**base, **kw}


def test_query_payload_replaced_companion_kept() -> None:
    rec = _attack(1, query="username=%27+or+1%3D1--&page=1")
    twin = with_value(rec, "you don't need it & it's fine")
    assert twin is not None and twin["path"] == "/login" and twin["headers"] == UA
    assert urllib.parse.parse_qsl(twin["query"]) == [("username", "you don't need it & it's fine"), ("page", "1")]
    assert twin["query"].startswith("username=you+don%27t+need")  # the converter's form encoding
    assert rec["query"] == "username=%27+or+1%3D1--&page=1"  # the attack row is not touched


def test_form_and_json_bodies() -> None:
    form = _attack(2, method="POST", path="/comments", headers=FORM, body="lang=en&text=%3Cscript%3E")
    assert urllib.parse.parse_qsl(with_value(form, "a <b> tag")["body"]) == [("lang", "en"), ("text", "a <b> tag")]
    js = _attack(3, method="POST", headers=UA + [["Content-Type", "application/json"]], body='{"q": "1 or 1=1", "n": 2}')
    assert json.loads(with_value(js, "héllo")["body"]) == {"q": "héllo", "n": 2}


def test_rows_without_one_payload_field_are_skipped() -> None:
    assert with_value(_attack(4, path="/../../etc/passwd"), "x") is None  # path-only (fwaf)
    assert with_value(_attack(5, query="a=%27&b=%22"), "x") is None  # two candidate fields
    bad_json = _attack(6, method="POST", headers=UA + [["Content-Type", "application/json"]], body="{nope")
    assert with_value(bad_json, "x") is None


def test_corpus_twins_are_benign_seeded_and_varied() -> None:
    rows = [_attack(i, query=f"q=%27+union+select+{i}--&lang=en") for i in range(50)] + [_attack(99, path="/x/..")]
    twins = corpus_twins(rows, 40, seed=3)
    assert len(twins) == 40 and twins == corpus_twins(rows, 40, seed=3)
    assert all(t["label"] == "benign" and t["source"] == "synth:corpus-twin" for t in twins)
    values = [dict(urllib.parse.parse_qsl(t["query"]))["q"] for t in twins]
    assert len(set(values)) > 30 and not any("union select" in v for v in values)
    assert corpus_twins(rows, 0, seed=3) == [] and corpus_twins([], 5, seed=3) == []
