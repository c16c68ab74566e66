"""Short payloads from their grammar: seeded, every family, the structure each family needs."""

from __future__ import annotations

import re
from collections import Counter

from waf_proxy.training.payload_grammar import FAMILIES, grammar_payloads
from waf_proxy.training.random_contexts import MAX_PAYLOAD_CHARS
from waf_proxy.training.train import synth_records

SHELL = re.compile(r"[;|&`]|\$\(|%0a")
SQL = re.compile(r"['\"`)]|\|\||\b(?:or|and|union|select|order|group|into|procedure)\b|;", re.I)
CLIMB = re.compile(r"\.\.|%2e%2e", re.I)


def test_seeded_and_varied() -> None:
    a, b = grammar_payloads(2000, seed=1), grammar_payloads(2000, seed=1)
    assert a == b
    assert a != grammar_payloads(2000, seed=2)
    assert len({p for p, _ in a}) > 1500  # combinations, not a list on repeat
    counts = Counter(c for _, c in a)
    assert set(counts) == set(FAMILIES)
    assert counts["rce"] > counts["xss"] and counts["sqli"] > counts["ssrf"]


def test_each_family_has_its_structure() -> None:
    for payload, family in grammar_payloads(3000, seed=3):
        assert payload and len(payload) <= MAX_PAYLOAD_CHARS and "\n" not in payload, payload
        assert "{" + "host}" not in payload.lower() and "{" + "word}" not in payload.lower(), payload
        if family == "rce":
            assert SHELL.search(payload), payload
        elif family == "sqli":
            assert SQL.search(payload), payload
        elif family == "path-traversal":
            assert CLIMB.search(payload), payload
        elif family == "xss":
            assert re.search(r"<\w|javascript:|\bon\w+=", payload, re.I), payload


def test_quote_and_comment_alone_needs_a_quote() -> None:
    """`admin'--` is an attack; `1--` or `x#` with no quote to close is not."""
    for payload, family in grammar_payloads(4000, seed=5):
        if family == "sqli" and re.fullmatch(r"\w*(--|-- -|#|/\*|;--)", payload):
            raise AssertionError(f"comment with nothing closed: {payload!r}")


def test_numbers_are_injected_unquoted() -> None:
    """`1; drop table users`: a numeric field needs no quote closed and no comment to end the statement.

    Trials 30 and 31 let exactly that shape pass (0.14) while `1'; drop table users` scored 0.99;
    the grammar had made a handful of them in 3000."""
    numeric = re.compile(r"-?\d+ ?;(?:/\*\*/| )?[a-z].*", re.I)
    commented = re.compile(r"(--|#|/\*|%00)[ -]*\w*$")
    sqli = [p for p, family in grammar_payloads(3000, seed=1) if family == "sqli"]
    bare = [p for p in sqli if numeric.fullmatch(p) and not commented.search(p)]
    assert len(bare) >= 15, bare
    assert len({p.split(";")[1].split()[0].lower() for p in bare if " " in p}) >= 4  # drop, delete, select, ...


def test_train_places_them_beside_benign_twins() -> None:
    rows = synth_records(0, 0, [], seed=0, n_grammar=30)
    assert len(rows) == 60
    attacks = [r for r in rows if r["label"] == "attack"]
    benign = [r for r in rows if r["label"] == "benign"]
    assert len(attacks) == len(benign) == 30
    assert {r["source"] for r in rows} == {"synth:grammar"}
    assert {r["category"] for r in attacks} <= set(FAMILIES)
    for attack, twin in zip(rows[::2], rows[1::2]):  # same endpoint and method: only the value differs
        assert (attack["method"], attack["label"], twin["label"]) == (twin["method"], "attack", "benign")
        assert attack["path"].split("/")[1] == twin["path"].split("/")[1]
    assert len({r["id"] for r in rows}) == 60 and all(r["id"].startswith("gram") for r in rows)


def test_grammar_attacks_go_into_train_template_requests() -> None:
    from waf_proxy.training.payload_grammar import grammar_payloads
    from waf_proxy.training.train import TWIN_KEY

    rows = synth_records(0, 0, [], seed=0, n_grammar_attacks=30)
    families = Counter(family for _, family in grammar_payloads(30, seed=5))  # seed + 5: each payload once
    assert len(rows) == 30 and {r["label"] for r in rows} == {"attack"}
    assert Counter(r["category"] for r in rows) == families and len({r["id"] for r in rows}) == 30
    assert all(r["source"].startswith("synth:") and r["source"] != "synth:grammar" for r in rows)
    for r in rows:  # a generated app request, and its twin is the same request without the payload
        twin = r[TWIN_KEY]
        assert twin["label"] == "benign" and (twin["method"], twin["path"].split("/")[1]) == (r["method"], r["path"].split("/")[1])
        assert r != twin
    # the corpus-payload attacks of --synth-attacks are untouched by it: different ids, same count
    assert not {r["id"] for r in rows} & {r["id"] for r in synth_records(0, 5, [("' or 1=1--", "sqli")], seed=0)}
