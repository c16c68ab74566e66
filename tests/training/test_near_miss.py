"""Benign values made of attack words: seeded, the family's words, nothing that executes."""

from __future__ import annotations

import random
import re

from waf_proxy.training import synth_values as V
from waf_proxy.training.near_miss import FAMILY_WORDS, near_miss

# What turns a word into an attack: a call, a quote closed, a tag, a climb, a comment, a substitution.
EXECUTES = re.compile(r"\w\(|['\"`](?:\s+(?:or|and|union)\b|\s*;|\s*--)|<\w|\.\./|--|\$\(|\|\||&&|=", re.I)


def _values(family: str | None, n: int, seed: int = 0) -> list[str]:
    return [near_miss(V.Ctx.new(random.Random(f"{seed}:{i}")), family) for i in range(n)]


def _words(value: str) -> list[str]:
    return re.findall(r"[a-z]+", value.lower())


def test_seeded_and_varied() -> None:
    a = _values("sqli", 300)
    assert a == _values("sqli", 300)
    assert a != _values("sqli", 300, seed=1)
    assert len(set(a)) > 280


def test_each_value_carries_a_word_of_its_family_and_nothing_that_executes() -> None:
    for family in ("sqli", "rce", "xss", "path-traversal"):
        words = set(FAMILY_WORDS[family])
        values = _values(family, 400)
        for value in values:
            assert not EXECUTES.search(value), value
        without = [v for v in values if not words & set(_words(v))]
        assert not without, without
        # mostly where a payload puts its keyword: the first word
        leading = [v for v in values if _words(v)[:1] and _words(v)[0] in words]
        assert len(leading) > 0.6 * len(values)


def test_unknown_family_draws_from_every_family() -> None:
    values = " ".join(_values(None, 600)).lower()
    for family in ("sqli", "rce", "xss", "path-traversal"):
        assert sum(f" {w} " in f" {values} " for w in FAMILY_WORDS[family]) > 3, family
