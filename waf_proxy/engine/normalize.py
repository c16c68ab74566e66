"""Undo encodings and hide volatile values so the model sees what a request *means*.

An attacker hides `' or 1=1` behind double percent-encoding, `%u0027`, HTML
entities or `/**/` separators; the model should see the same text either way.
A benign app sends ids, prices, tokens and dates that never repeat; the model
should see their *shape* (`<num>`, `<uuid>`, `<jwt>`) instead of noise.

`normalize_view(view)` returns one string of space-separated fields:
method, path, `key=value` pairs from the query and the body (JSON keys
flattened, multipart parts, XML elements) and the inspected headers;
`field_texts(view)` gives each of those fields on its own after method and path.
Every step is bounded (lengths, decode rounds, JSON depth), and any bytes in
give a string out: this runs on untrusted input before anything else.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from waf_proxy.exclusions import UNNAMED_BODY
from waf_proxy.inspect import RequestView

# Bounds: enough for real requests, small enough that no input costs much time.
# Fields, body and output cover what the proxy inspects (inspect_body_bytes, 64 KiB by
# default): an attack padded with benign fields or bulk must still reach the model,
# which reads a long request as overlapping windows (scorer.MAX_WINDOWS bounds that).
MAX_VALUE_CHARS = 512  # one decoded value
MAX_FIELDS = 256  # key/value pairs taken from query + body
MAX_OUTPUT_CHARS = 32768  # the whole normalised request
MAX_BODY_BYTES = 64 * 1024  # body prefix parsed (the proxy's default inspect_body_bytes)
MAX_DECODE_ROUNDS = 3  # nested percent-encoding undone at most this many times
MAX_JSON_DEPTH = 8
MAX_HEADER_CHARS = 256
MAX_FIELD_VIEWS = 64  # fields read on their own per request (`field_texts`); the rest only in the whole

# Placeholder tokens: the tokenizer keeps each as one special token.
PLACEHOLDERS: tuple[str, ...] = (
    "<num>", "<hex>", "<uuid>", "<jwt>", "<blob>", "<email>", "<date>", "<ip>", "<nl>", "<file>",
)

# Header name -> short tag in the output (the model needs a field marker, not the full name).
_HEADER_TAGS = {"user-agent": "ua", "referer": "ref", "cookie": "cookie", "content-type": "ct"}
DEFAULT_HEADERS: tuple[str, ...] = tuple(_HEADER_TAGS)  # read when a model names none

_PCT_RE = re.compile(r"%[0-9a-fA-F]{2}")
_PCT_U_RE = re.compile(r"%u([0-9a-fA-F]{4})")
_BS_U_RE = re.compile(r"\\u([0-9a-fA-F]{4})")
_BS_X_RE = re.compile(r"\\x([0-9a-fA-F]{2})")
_CTRL_RE = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]+")  # + lone surrogates (%uD800)
_NL_RE = re.compile(r"[\r\n]+")
_WS_RE = re.compile(r"\s+")
# SQL comments used as separators: /**/, /*!50000 ... */ (MySQL versioned), and
# `--`/`#` line comments that end in a newline (`union--x\nselect`).
_SQL_VERSIONED_RE = re.compile(r"/\*!\d*")
_SQL_BLOCK_RE = re.compile(r"/\*.{0,64}?\*/", re.S)
_SQL_LINE_RE = re.compile(r"(?:--|#)[^\n<]{0,32}\n")
_PATH_DOT_RE = re.compile(r"/(?:\./)+")
_PATH_SLASHES_RE = re.compile(r"/{2,}")

# Volatile values, most specific first. Applied to decoded text *before* case
# folding: long base64 blobs are told from paths by their mixed case.
# Placeholders carry no digits so later patterns cannot match inside them.
_VOLATILE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), " <jwt> "),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), " <uuid> "),
    (re.compile(r"\b[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,12}\b", re.I), " <email> "),
    (re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}(?:[tT ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[zZ]|[+-]\d{2}:?\d{2})?)?\b"), " <date> "),
    (re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"), " <date> "),
    (re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"), " <ip> "),
    # long base64/url-safe blobs: 20+ chars mixing upper case, lower case and digits, not
    # starting with "/" (a path with one capital letter is not a blob)
    (re.compile(r"(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+_-][A-Za-z0-9+/_-]{19,}={0,2}"), " <blob> "),
    (re.compile(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b", re.I), " <hex> "),
    (re.compile(r"\d+(?:[.,]\d+)*"), "<num>"),
)


def _pct_bytes(text: str) -> str:
    """Percent-decode; bytes that are not UTF-8 fall back to Latin-1 (CSIC sends %F1)."""
    if "%" not in text:
        return text
    if _PCT_U_RE.search(text):
        text = _PCT_U_RE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if not _PCT_RE.search(text):
        return text
    raw = _PCT_RE.sub(lambda m: chr(int(m.group(0)[1:], 16)), text)
    # raw now holds code points < 256 for escapes and arbitrary others; re-encode
    # the escape bytes so multi-byte UTF-8 sequences decode as one character.
    try:
        return raw.encode("latin-1").decode("utf-8")
    except UnicodeEncodeError:
        return raw
    except UnicodeDecodeError:
        return raw


def percent_decode(text: str, plus_as_space: bool = False) -> str:
    """Undo up to MAX_DECODE_ROUNDS layers of %XX / %uXXXX encoding."""
    if plus_as_space:
        text = text.replace("+", " ")
    for _ in range(MAX_DECODE_ROUNDS):
        decoded = _pct_bytes(text)
        if decoded == text:
            break
        text = decoded
    return text


def unescape_backslashes(text: str) -> str:
    """Decode `\\uXXXX` and `\\xXX` escapes (JavaScript/JSON/C-style evasions)."""
    if "\\" not in text:
        return text
    text = _BS_U_RE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return _BS_X_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


def unescape_html(text: str) -> str:
    """Decode HTML entities twice at most (`&amp;lt;` is a common double encoding)."""
    for _ in range(2):
        if "&" not in text:
            break
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def strip_sql_comments(text: str) -> str:
    """Turn SQL comments used as separators into spaces; keep versioned comments' content."""
    if "/*" in text:
        text = _SQL_VERSIONED_RE.sub(" ", text)
        text = _SQL_BLOCK_RE.sub(" ", text)
        text = text.replace("*/", " ")
    if "\n" in text and ("--" in text or "#" in text):
        text = _SQL_LINE_RE.sub(" ", text)
    return text


def clean_controls(text: str) -> str:
    """NFKC-fold, mark line breaks (CRLF injection), drop other control chars, squeeze spaces."""
    if not text.isascii():
        # NFKC can expand a character 18x (U+FDFA): cut again so later regexes stay cheap
        text = unicodedata.normalize("NFKC", text)[: MAX_VALUE_CHARS * 4]
    text = _CTRL_RE.sub(" ", text)
    if "\r" in text or "\n" in text:
        text = _NL_RE.sub(" <nl> ", text)
    return _WS_RE.sub(" ", text).strip()


# Characters each _VOLATILE pattern cannot match without (placeholders contain none of
# them, so a substitution never creates one): a pattern whose character is absent is
# skipped. Most values are short words without digits; this halves the masking time.
_DIGIT_RE = re.compile(r"\d")  # the patterns' \d: any Unicode decimal digit
_VOLATILE_NEEDS: tuple[str, ...] = ("eyJ", "-", "@", "digit", "digit", "digit", "digit", "digit", "digit")


def mask_volatile(text: str) -> str:
    """Replace ids, numbers, tokens, emails, dates with placeholder tokens (case-sensitive input)."""
    if not text:
        return text
    for (pattern, repl), needs in zip(_VOLATILE, _VOLATILE_NEEDS):
        if needs == "digit":
            if _DIGIT_RE.search(text) is None:
                break  # every pattern from here on needs a digit
        elif needs not in text:
            continue
        text = pattern.sub(repl, text)
    return _WS_RE.sub(" ", text).strip()


# normalize_value is a pure function and requests repeat most of their values (header
# values such as the User-Agent, parameter names, paths, common values), so short
# values' results are memoised: bounded in entries and key length, cleared when full.
MEMO_MAX_CHARS = 256
MEMO_LIMIT = 32768
_MEMO: dict[str, str] = {}
_MEMO_PLUS: dict[str, str] = {}  # results with plus_as_space=True


def normalize_value(text: str, plus_as_space: bool = False) -> str:
    """The full decoding pipeline for one value (query/form/JSON/header/path)."""
    if len(text) > MEMO_MAX_CHARS:
        return _normalize_value(text, plus_as_space)
    memo = _MEMO_PLUS if plus_as_space else _MEMO
    out = memo.get(text)
    if out is None:
        out = _normalize_value(text, plus_as_space)
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        memo[text] = out
    return out


def _normalize_value(text: str, plus_as_space: bool) -> str:
    text = text[: MAX_VALUE_CHARS * 4]
    text = percent_decode(text, plus_as_space)
    text = unescape_backslashes(text)
    text = unescape_html(text)
    text = percent_decode(text)  # entities can hide another percent layer
    text = strip_sql_comments(text)
    text = clean_controls(text)
    return mask_volatile(text).lower()[:MAX_VALUE_CHARS]


def normalize_path(path: str) -> str:
    """Decode a path and collapse `./` and `//` (keeps `../`, the traversal signal)."""
    text = normalize_value(path)
    if "//" in text:
        text = _PATH_SLASHES_RE.sub("/", text)
    if "/./" in text or text.endswith("/."):
        text = _PATH_DOT_RE.sub("/", text + ("/" if text.endswith("/.") else ""))
    return text


def split_pairs(text: str) -> Iterator[tuple[str, str]]:
    """Raw `a=1&b=2` pairs (query strings and form bodies), not yet decoded."""
    for part in text.split("&", MAX_FIELDS)[:MAX_FIELDS]:
        if not part:
            continue
        key, sep, value = part.partition("=")
        yield (key, value) if sep else ("", key)


def flatten_json(obj: object, prefix: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    """JSON -> (dotted.key, value) pairs; arrays become `key[]`; depth bounded."""
    if depth > MAX_JSON_DEPTH:
        yield prefix, "<deep>"
        return
    if isinstance(obj, dict):
        for key, value in list(obj.items())[:MAX_FIELDS]:
            yield from flatten_json(value, f"{prefix}.{key}" if prefix else str(key), depth + 1)
    elif isinstance(obj, list):
        for value in obj[:MAX_FIELDS]:
            yield from flatten_json(value, f"{prefix}[]", depth + 1)
    elif obj is None:
        yield prefix, "null"
    elif isinstance(obj, bool):
        yield prefix, "true" if obj else "false"
    else:
        yield prefix, str(obj)


_BOUNDARY_RE = re.compile(r'boundary="?([^";,]+)"?', re.I)
_PART_NAME_RE = re.compile(r'name="([^"]*)"', re.I)
_PART_FILENAME_RE = re.compile(r'filename="([^"]*)"', re.I)
_XML_ELEM_RE = re.compile(r"<([a-zA-Z_][\w:.-]{0,40})[^<>]{0,200}>([^<]{1,512})</\1>")
_XML_DECL_RE = re.compile(r"<![^>]{0,400}>|<\?[^>]{0,200}\?>")
# The standard prolog (`<?xml version="1.0" encoding="UTF-8"?>`) is fixed syntax with nothing
# to inspect; kept, it read as an XXE-style declaration in front of a SOAP body and the
# default model blocked every SOAP call. Anything else in <?...?> or <!...> is kept whole.
_XML_PROLOG_RE = re.compile(
    r"<\?xml\s+version\s*=\s*([\"'])[0-9.]{1,5}\1(?:\s+encoding\s*=\s*([\"'])[A-Za-z0-9._-]{1,40}\2)?"
    r"(?:\s+standalone\s*=\s*([\"'])(?:yes|no)\3)?\s*\?>\Z"
)


def multipart_pairs(body: str, content_type: str) -> Iterator[tuple[str, str]]:
    """multipart/form-data parts -> (name, value); file contents become `<file>` plus filename."""
    match = _BOUNDARY_RE.search(content_type)
    if not match:
        yield "", body
        return
    for part in body.split("--" + match.group(1))[1 : MAX_FIELDS + 1]:
        head, _, content = part.partition("\r\n\r\n")
        if not _:
            head, _, content = part.partition("\n\n")
        name = _PART_NAME_RE.search(head)
        if name is None:
            continue
        filename = _PART_FILENAME_RE.search(head)
        content = content.rstrip("\r\n-")
        if filename is not None:
            yield name.group(1) + ".filename", filename.group(1)
            text_like = "text" in head.lower() or "xml" in head.lower() or "json" in head.lower()
            yield name.group(1), content if text_like else "<file>"
        else:
            yield name.group(1), content


def xml_pairs(body: str) -> Iterator[tuple[str, str]]:
    """Leaf elements as (tag, text); DOCTYPE/ENTITY/PI declarations kept whole (XXE lives there)."""
    for decl in _XML_DECL_RE.findall(body)[:8]:
        if not _XML_PROLOG_RE.match(decl):
            yield "xml!", decl
    found = False
    for tag, text in _XML_ELEM_RE.findall(body)[:MAX_FIELDS]:
        found = True
        yield tag, text
    if not found:
        yield "xml", body


def body_pairs(view: RequestView) -> Iterable[tuple[str, str, bool]]:
    """(key, raw value, plus_as_space) for the body, parsed by its content type."""
    if not view.body:
        return []
    body = view.body[:MAX_BODY_BYTES].decode("utf-8", "replace")
    ctype = view.content_type
    if "json" in ctype or (not ctype and body[:1] in "{["):
        try:
            return [(k, v, False) for k, v in flatten_json(json.loads(body))]
        except (ValueError, RecursionError):
            pass  # truncated or invalid JSON: still scored, as text
    elif ctype == "application/x-www-form-urlencoded" or (not ctype and "=" in body and " " not in body):
        return [(k, v, True) for k, v in split_pairs(body)]
    elif ctype.startswith("multipart/"):
        return [(k, v, False) for k, v in multipart_pairs(body, view.header("content-type"))]
    elif "xml" in ctype or body.lstrip()[:1] == "<":
        return [(k, v, False) for k, v in xml_pairs(body)]
    return [("", body, False)]


def _pair(key: str, value: str, plus: bool) -> str:
    k = normalize_value(key, plus)[:64] if key else ""
    v = normalize_value(value, plus)
    return f"{k}={v}" if k else v


@functools.lru_cache(maxsize=64)
def _header_rank(headers: tuple[str, ...] | None) -> dict[str, int]:
    """Header name -> its place in the output (the model's header list, in its order)."""
    order = DEFAULT_HEADERS if headers is None else tuple(dict.fromkeys(h.lower() for h in headers))
    return {name: i for i, name in enumerate(order)}


def param_name(key: str, plus: bool) -> str:
    """A body field's name as exclusions name it (waf_proxy/exclusions.py): decoded, and
    `<body>` for a body that did not parse into fields."""
    if not key:
        return UNNAMED_BODY
    return percent_decode(key, plus) if plus else key


@dataclass(frozen=True, slots=True)
class ViewParts:
    """A request's normalised pieces, in the order the model reads them."""

    head: str  # method and path
    query: tuple[str, ...] | None  # `key=value` per query field; None: no query string
    body: tuple[str, ...] | None  # `key=value` per body field (or the bare body); None: no body fields
    headers: tuple[tuple[str, tuple[str, ...]], ...]  # (tag, values): one value, or a cookie's pairs


def view_parts(
    view: RequestView, headers: Iterable[str] | None = None, skip: Callable[[str], bool] | None = None
) -> ViewParts:
    """Normalise every piece of a request once; `normalize_view` and `field_texts` join them.

    `skip` names the parameters an operator excluded on this endpoint (cookies as
    `cookie:NAME`): they are left out, as if the request had not carried them (never
    XML declarations: XXE lives there)."""
    head = " ".join(p for p in (clean_controls(view.method[:16]).upper(),
                                normalize_path(view.path[: MAX_VALUE_CHARS * 4])) if p)
    query: list[str] | None = None
    if view.query:
        query = []
        for key, value in split_pairs(view.query[: MAX_BODY_BYTES]):
            if skip is not None and skip(percent_decode(key, True)):
                continue
            query.append(_pair(key, value, True))
    pairs = body_pairs(view)
    if skip is not None:
        pairs = [p for p in pairs if p[0] == "xml!" or not skip(param_name(p[0], p[2]))]
    room = max(0, MAX_FIELDS - len(query or ()))
    body = tuple(_pair(key, value, plus) for key, value, plus in list(pairs)[:room]) if pairs else None
    # Headers in one fixed order (the order of `headers`), never the order they came in:
    # clients order them as they please, and a model that read arrival order scored one
    # CSIC page 0.001 with User-Agent before Cookie and 0.92 with Cookie first.
    rank = _header_rank(None if headers is None else tuple(headers))
    present = sorted((rank[name], i, name, value) for i, (name, value) in enumerate(view.headers) if name in rank)
    found: list[tuple[str, tuple[str, ...]]] = []
    for _, _, name, value in present:
        tag = _HEADER_TAGS.get(name, name[:32])
        if name == "cookie":
            found.append((tag, tuple(
                _pair(k.strip(), v, False)
                for k, _, v in (c.partition("=") for c in value[: MAX_HEADER_CHARS * 16].split(";")[:16])
                if skip is None or not skip("cookie:" + k.strip())
            )))
        else:
            found.append((tag, (normalize_value(value[:MAX_HEADER_CHARS]),)))
    return ViewParts(head, None if query is None else tuple(query), body, tuple(found))


def normalize_view(
    view: RequestView, headers: Iterable[str] | None = None, skip: Callable[[str], bool] | None = None
) -> str:
    """The whole request as one normalised string: method, path, fields, headers
    (`skip`: the operator's exclusions, as in `view_parts`)."""
    return join_view(view_parts(view, headers, skip))


def join_view(parts: ViewParts) -> str:
    """`normalize_view`'s string from pieces already normalised."""
    out = [parts.head]
    if parts.query is not None:
        out += ["?", *parts.query]
    if parts.body is not None:
        out += ["|", *parts.body]
    out += [f"{tag}: {'; '.join(values)}" for tag, values in parts.headers]
    return " ".join(p for p in out if p)[:MAX_OUTPUT_CHARS]


def field_texts(
    view: RequestView, headers: Iterable[str] | None = None, skip: Callable[[str], bool] | None = None
) -> list[str]:
    """The request read one field at a time: method and path alone, then method and path
    with each query field, body field, header or cookie on its own (distinct, at most
    `MAX_FIELD_VIEWS`).

    In a long request the model's reading of a field depends on everything before it,
    and a payload among many benign fields scores lower than the same payload in a short
    request; a field read on its own scores as the corpora's bare payloads do. The
    scorer blends the two readings (`ScoreParams.field_weight`)."""
    return join_fields(view_parts(view, headers, skip))


def join_fields(parts: ViewParts) -> list[str]:
    """`field_texts` from pieces already normalised."""
    base = parts.head
    views = [base]
    views += [f"{base} ? {q}" for q in parts.query or ()]
    views += [f"{base} | {b}" for b in parts.body or ()]
    views += [f"{base} {tag}: {value}" for tag, values in parts.headers for value in values]
    return list(dict.fromkeys(v[:MAX_OUTPUT_CHARS] for v in views))[:MAX_FIELD_VIEWS]
