"""Short payloads and their benign twins in random endpoints and fields."""

from __future__ import annotations

import json
import re
import urllib.parse

from waf_proxy.training.near_miss import FAMILY_WORDS
from waf_proxy.training.random_contexts import MAX_PAYLOAD_CHARS, context_pairs

PAYLOADS = [("1 or 1=1", "sqli"), ("../../etc/passwd", "path-traversal"), ("<svg onload=alert(1)>", "xss"),
            ("127.0.0.1 | id", "rce"), ("x" * (MAX_PAYLOAD_CHARS + 1), "too-long"), ("a\nb", "multi-line")]


def _values(row: dict) -> list[str]:
    """Every field value of a row, decoded (query, form, JSON, last path segment)."""
    out = [v for _, v in urllib.parse.parse_qsl(row["query"], keep_blank_values=True)]
    if row["body"].startswith("{"):
        out += [str(v) for v in json.loads(row["body"]).values()]
    elif row["body"]:
        out += [v for _, v in urllib.parse.parse_qsl(row["body"], keep_blank_values=True)]
    out.append(urllib.parse.unquote(row["path"].split("/", 2)[-1]))
    return out


def test_twins_share_everything_but_the_value() -> None:
    rows = context_pairs(PAYLOADS, 200, seed=5)
    assert len(rows) == 400 and rows == context_pairs(PAYLOADS, 200, seed=5)
    for attack, benign in zip(rows[::2], rows[1::2]):
        assert (attack["label"], benign["label"]) == ("attack", "benign")
        assert attack["method"] == benign["method"] and attack["headers"] == benign["headers"]
        payload = next(p for p, _ in PAYLOADS if any(p in v for v in _values(attack)))
        assert attack["category"] == dict(PAYLOADS)[payload]
        assert not any(payload in v for v in _values(benign))
        if attack["method"] == "GET" and not attack["body"]:
            a_keys = [k for k, _ in urllib.parse.parse_qsl(attack["query"])]
            assert a_keys == [k for k, _ in urllib.parse.parse_qsl(benign["query"])]


def test_only_short_single_line_payloads_and_every_placement() -> None:
    rows = context_pairs(PAYLOADS, 400, seed=1)
    assert {r["category"] for r in rows[::2]} == {"sqli", "path-traversal", "xss", "rce"}
    attacks = rows[::2]
    assert any(r["body"].startswith("{") for r in attacks) and any(r["method"] in ("PUT", "PATCH") for r in attacks)
    assert any(r["body"] and not r["body"].startswith("{") for r in attacks)  # form posts
    assert any(r["method"] == "GET" and "1+or+1%3D1" in r["query"] for r in attacks)  # query values
    assert any(r["path"].endswith("etc/passwd") for r in rows[::2])  # path segments too
    assert len({r["path"] for r in rows}) > 100  # endpoints nobody wrote a template for
    assert context_pairs(PAYLOADS, 0, seed=1) == [] and context_pairs([("x" * 500, "long")], 5, seed=1) == []


def test_some_pairs_come_without_headers_and_twins_match() -> None:
    """Scripts and scanners send no User-Agent: the value, not the client, must decide."""
    rows = context_pairs([("1;id", "rce"), ("' or 1=1--", "sqli")], 200, seed=4)
    bare = [r for r in rows if not any(h[0] == "User-Agent" for h in r["headers"])]
    assert 0.1 * len(rows) < len(bare) < 0.35 * len(rows)
    for attack, twin in zip(rows[::2], rows[1::2]):
        assert attack["headers"] == twin["headers"]


def test_about_a_third_of_the_twins_are_near_misses_of_the_payloads_family() -> None:
    """`1' and sleep(5)#` beside `Sleep tracker`: the keyword alone must not decide."""
    sql_words = set(FAMILY_WORDS["sqli"])
    rows = context_pairs([("1' and sleep(5)#", "sqli")], 600, seed=2)
    twins = [" ".join(_values(r)).lower() for r in rows[1::2]]
    near = [t for t in twins if sql_words & set(re.findall(r"[a-z]+", t))]
    assert 0.3 * len(twins) < len(near) < 0.6 * len(twins)  # 15 % without them: "set", "like", "user"
    assert not any("sleep(" in t for t in twins)
