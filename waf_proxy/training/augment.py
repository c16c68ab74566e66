"""Evasion encodings of attack payloads, used as training augmentation.

Attackers re-encode payloads so that signature WAFs miss them; a model that has
only seen plain payloads misses them too. Each encoder takes the decoded payload
(what the application should end up seeing) and returns one re-encoded variant.
Encoders are randomised through the `rng` they are given, so a seeded run is
reproducible, and each one can be undone by the matching standard decoder
(see the tests), so augmented examples keep their meaning.
"""

from __future__ import annotations

import random
import re
from typing import Callable

Encoder = Callable[[str, random.Random], str]

_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_UNRESERVED = _ALNUM | frozenset("-._~")

# Payloads worth rewriting with SQL comments: the keywords attackers space out.
_SQL_RE = re.compile(
    r"\b(select|union|insert|update|delete|drop|from|where|order\s+by|group\s+by|"
    r"and|or|sleep|benchmark|waitfor|exec|having|concat|char|substring)\b",
    re.IGNORECASE,
)


def looks_sql(payload: str) -> bool:
    """True when the payload has SQL keywords separated by spaces (sql_comments applies)."""
    return " " in payload and bool(_SQL_RE.search(payload))


def _pct_bytes(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


def url(payload: str, rng: random.Random) -> str:
    """Percent-encode every reserved/non-ASCII character, and some letters too.

    Encoding a few plain letters (`%53ELECT`) is a classic filter evasion;
    urllib.parse.unquote undoes all of it.
    """
    letter_rate = rng.choice((0.0, 0.0, 0.15, 0.5))
    out = []
    for ch in payload:
        if ch in _UNRESERVED and not (ch in _ALNUM and rng.random() < letter_rate):
            out.append(ch)
        else:
            out.append(_pct_bytes(ch))
    return "".join(out)


def double_url(payload: str, rng: random.Random) -> str:
    """URL-encode twice (`'` -> `%2527`): beats filters that decode only once."""
    once = url(payload, rng)
    return once.replace("%", "%25")


def unicode_escape(payload: str, rng: random.Random) -> str:
    """IIS-style `%uXXXX` or JavaScript-style `\\uXXXX` escapes for non-alphanumerics."""
    style = rng.choice(("%u", "\\u"))
    out = []
    for ch in payload:
        if ch in _ALNUM and rng.random() < 0.9:
            out.append(ch)
            continue
        for unit in _utf16_units(ch):
            out.append(f"{style}{unit:04X}" if rng.random() < 0.5 else f"{style}{unit:04x}")
    return "".join(out)


def _utf16_units(ch: str) -> list[int]:
    data = ch.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def html_entities(payload: str, rng: random.Random) -> str:
    """Named, decimal or hex character references for markup-relevant characters."""
    named = {"<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos"}
    out = []
    encoded_any = False
    for ch in payload:
        o = ord(ch)
        # control characters and surrogates have no usable character reference
        if ch in _ALNUM or ch == " " or o < 0x20 or 0x7F <= o <= 0x9F or 0xD800 <= o <= 0xDFFF or 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE:
            out.append(ch)
            continue
        if ch != "&" and encoded_any and rng.random() < 0.3:  # keep some raw, as real payloads do
            out.append(ch)
            continue
        encoded_any = True
        kind = rng.choice(("named", "dec", "hex", "dec0"))
        if kind == "named" and ch in named:
            out.append(f"&{named[ch]};")
        elif kind == "hex":
            out.append(f"&#x{ord(ch):x};")
        elif kind == "dec0":
            out.append(f"&#{ord(ch):07d};")
        else:
            out.append(f"&#{ord(ch)};")
    return "".join(out)


def mixed_case(payload: str, rng: random.Random) -> str:
    """Randomly flip the case of ASCII letters (`SeLeCt`, `<ScRiPt>`)."""
    out = "".join(
        (ch.upper() if rng.random() < 0.5 else ch.lower()) if ch.isascii() and ch.isalpha() else ch
        for ch in payload
    )
    if out == payload and any(ch.isascii() and ch.isalpha() for ch in payload):
        # guarantee a visible change: flip the first ASCII letter
        i = next(i for i, ch in enumerate(payload) if ch.isascii() and ch.isalpha())
        out = out[:i] + out[i].swapcase() + out[i + 1 :]
    return out


def sql_comments(payload: str, rng: random.Random) -> str:
    """Replace spaces with inline comments (`UNION/**/SELECT`) in SQL-looking payloads."""
    if not looks_sql(payload):
        return payload
    return re.sub(r" +", "/**/", payload)


def json_unicode(payload: str, rng: random.Random) -> str:
    """The payload as it appears *inside* a JSON string literal, with `\\u00XX` escapes.

    The result is already JSON-escaped: place it between the quotes of a JSON
    string as it is; json.loads('"' + result + '"') gives the payload back.
    """
    out = []
    for ch in payload:
        if ch in _ALNUM and rng.random() < 0.85:
            out.append(ch)
        elif ch == " " and rng.random() < 0.5:
            out.append(ch)
        else:
            out.extend(f"\\u{unit:04x}" for unit in _utf16_units(ch))
    return "".join(out)


ENCODINGS: dict[str, Encoder] = {
    "url": url,
    "double_url": double_url,
    "unicode_escape": unicode_escape,
    "html_entities": html_entities,
    "mixed_case": mixed_case,
    "sql_comments": sql_comments,
    "json_unicode": json_unicode,
}

# Encodings whose output is JSON-escaped text rather than a plain value.
JSON_ONLY = frozenset({"json_unicode"})


def applicable(name: str, payload: str, *, in_json: bool = False) -> bool:
    """Whether encoding `name` is meaningful for this payload and placement."""
    if name in JSON_ONLY:
        return in_json
    if name == "sql_comments":
        return looks_sql(payload)
    if name == "mixed_case":
        return any(ch.isascii() and ch.isalpha() for ch in payload)
    return True


def apply(payload: str, name: str, rng: random.Random) -> str:
    """Encode `payload` with the named evasion encoding."""
    try:
        encoder = ENCODINGS[name]
    except KeyError:
        raise ValueError(f"unknown encoding {name!r}; known: {', '.join(ENCODINGS)}") from None
    return encoder(payload, rng)
