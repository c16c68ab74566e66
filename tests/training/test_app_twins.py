"""Attack twins of an app's own requests: the same bytes with one value made a payload."""

from __future__ import annotations

import json
import urllib.parse

from waf_proxy.training.app_twins import app_twins, replay_payloads, slots, with_payload

HEADERS = [["User-Agent", "Mozilla/5.0"], ["Cookie", "sid=abc123; theme=dark"]]


def _app(i: int = 0, **kw) -> dict:
    base = {"id": f"b{i}", "method": "POST", "path": f"/api/v2/orders/{i}", "query": "expand=items&page=2",
            "headers": HEADERS + [["Content-Type", "application/json"]],
            "body": json.dumps({"note": "leave at the door", "qty": 2, "tags": ["gift", "fragile"], "paid": True}),
            "label": "benign", "category": "normal", "source": "app"}
    return {**base, **kw}


def test_slots_cover_every_value_an_attacker_sets() -> None:
    kinds = [kind for kind, _ in slots(_app(7))]
    # 2 query values, 4 JSON leaves (not the boolean), path segments after the first, 2 cookies
    assert kinds.count("query") == 2 and kinds.count("json") == 4 and kinds.count("cookie") == 2
    assert ("path", 1) not in slots(_app(7)) and ("path", 3) in slots(_app(7))
    form = _app(1, headers=HEADERS + [["Content-Type", "application/x-www-form-urlencoded"]], body="a=1&b=two")
    assert [s for s in slots(form) if s[0] == "form"] == [("form", 0), ("form", 1)]


def test_payload_changes_one_value_and_nothing_else() -> None:
    rec = _app(3)
    attack = with_payload(rec, ("json", ("tags", 1)), "' or 1=1--")
    assert json.loads(attack["body"])["tags"] == ["gift", "' or 1=1--"]
    assert attack["body"].replace("' or 1=1--", "fragile") == rec["body"]  # same spacing, byte for byte
    assert attack["query"] == rec["query"] and attack["headers"] == rec["headers"] and attack["path"] == rec["path"]
    query = with_payload(rec, ("query", 1), "<script>alert(1)</script>")
    assert urllib.parse.parse_qsl(query["query"]) == [("expand", "items"), ("page", "<script>alert(1)</script>")]
    path = with_payload(rec, ("path", 4), "../../etc/passwd")
    assert path["path"] == "/api/v2/orders/../../etc/passwd"
    cookie = with_payload(rec, ("cookie", 1), "x; rm -rf /")
    assert dict(cookie["headers"])["Cookie"] == "sid=abc123; theme=x%3B%20rm%20-rf%20/"
    assert dict(rec["headers"])["Cookie"] == "sid=abc123; theme=dark"  # the original is not touched


def test_json_written_another_way_is_not_rewritten() -> None:
    odd = _app(4, body='{ "note" : "x" }')  # no json.dumps style writes it back byte for byte
    assert not [s for s in slots(odd) if s[0] == "json"]
    compact = _app(5, body='{"note":"x","n":1}')
    assert with_payload(compact, ("json", ("n",)), "1;ls")["body"] == '{"note":"x","n":"1;ls"}'


def test_twins_are_seeded_labelled_and_keep_their_original() -> None:
    rows = [_app(i) for i in range(30)]
    payloads = [("' or 1=1--", "sqli"), ("<svg onload=alert(1)>", "xss"), ("; cat /etc/passwd", "rce")]
    twins = app_twins(rows, payloads, 60, seed=2, twin_key="_twin")
    assert len(twins) == 60 and [t["body"] for t in twins] == [t["body"] for t in app_twins(rows, payloads, 60, seed=2)]
    assert all(t["label"] == "attack" and t["source"].startswith("synth:app-twin:") for t in twins)
    assert {t["category"] for t in twins} == {"sqli", "xss", "rce"}
    assert all(t["_twin"] in rows and t["body"] + t["query"] + t["path"] != t["_twin"]["body"]
               + t["_twin"]["query"] + t["_twin"]["path"] or t["headers"] != t["_twin"]["headers"] for t in twins)
    assert len({t["source"] for t in twins}) >= 3  # several kinds of place
    assert app_twins(rows, payloads, 0, seed=2) == [] and app_twins(rows, [], 5, seed=2) == []


def test_replay_payloads_skip_generated_and_csic_rows() -> None:
    replay = [
        {"label": "attack", "source": "httpparams:payload", "query": "q=%27+or+1%3D1--", "body": "", "headers": []},
        {"label": "attack", "source": "synth:shop:json:plain", "query": "q=%3Cscript%3E", "body": "", "headers": []},
        {"label": "attack", "source": "csic2010:test", "query": "id=1%27", "body": "", "headers": []},
        {"label": "benign", "source": "httpparams:payload", "query": "q=shoes", "body": "", "headers": []},
    ]
    assert replay_payloads(replay) == [("' or 1=1--", "attack")]
