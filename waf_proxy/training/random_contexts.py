"""Short attack payloads and short benign values in contexts no template describes.

The corpora place payloads in a dozen fixed fields and the generated traffic in its
train templates, so a model can learn the field as much as the value: measured on
waf-default-4, `127.0.0.1 | id` or `1; drop table users` passed in about a fifth of
ordinary fields it had never seen (`file=` on `/files`, `cmd=` on `/api/run`). Here
each short training payload goes into a random field of a random endpoint (a query
value, a form or JSON field, a path segment) and its benign twin puts an ordinary
short value (a search, a name, a number, an e-mail, a path, a date) in exactly the
same place: the value is all that tells them apart. About a third of the twins are
near misses (`near_miss`): the payload family's own words as a title or a search uses
them, so that a keyword at the start of a value is not enough to look like an attack.
"""

from __future__ import annotations

import json
import random
import urllib.parse
from typing import Any, Callable, Sequence

from waf_proxy.training import synth_values as V
from waf_proxy.training.near_miss import near_miss

MAX_PAYLOAD_CHARS = 120  # long payloads come in their own contexts already
# Field names real apps use, and words: a field's name must not give the value away.
FIELD_NAMES = ("id", "q", "query", "search", "s", "name", "user", "username", "email", "file", "filename",
               "path", "url", "redirect", "next", "host", "ip", "cmd", "action", "page", "type", "lang", "sort",
               "filter", "callback", "data", "value", "msg", "comment", "title", "dir", "template", "view", "ref",
               "code", "key", "item", "cat", "category", "order", "from", "to", "date", "city", "text", "term")
_EXTS = ("", "", "", ".php", ".jsp", ".aspx", ".html", ".json")
NEAR_MISS_SHARE = 0.35  # benign twins made of the payload family's words


def _word(ctx: V.Ctx) -> str:
    return ctx.en.word().lower()


def random_path(ctx: V.Ctx) -> str:
    """`/api/v2/orders`, `/shop/cart.php`, `/files`: one to three segments."""
    parts = [_word(ctx) for _ in range(ctx.rng.randint(1, 3))]
    if ctx.chance(0.2):
        parts.insert(0, ctx.pick(("api", "api/v1", "api/v2", "app", "admin", "portal")))
    return "/" + "/".join(parts) + ctx.pick(_EXTS)


def field_name(ctx: V.Ctx) -> str:
    return ctx.pick(FIELD_NAMES) if ctx.chance(0.7) else _word(ctx)


# Ordinary short values, weighted: what these fields hold on a normal day.
_BENIGN: tuple[tuple[Callable[[V.Ctx], str], float], ...] = (
    (V.search_terms, 0.22),
    (V.tricky_search, 0.08),
    (lambda ctx: str(ctx.rng.choice((ctx.rng.randint(0, 99), ctx.rng.randint(100, 10**6), V.price(ctx)))), 0.14),
    (lambda ctx: " ".join(V.person_name(ctx)), 0.08),
    (lambda ctx: ctx.fake.email(), 0.06),
    (lambda ctx: ctx.en.url() + (ctx.en.uri_path() if ctx.chance(0.5) else ""), 0.06),
    (V.app_path, 0.06),
    (V.file_path, 0.05),
    (V.slug, 0.06),
    (V.iso_date, 0.05),
    (lambda ctx: ctx.fake.city(), 0.05),
    (lambda ctx: ctx.en.ipv4() if ctx.chance(0.7) else ctx.en.domain_name(), 0.05),
    (V.short_text, 0.04),
)


def benign_value(ctx: V.Ctx) -> str:
    funcs, weights = zip(*_BENIGN)
    return ctx.rng.choices(funcs, weights)[0](ctx)


def _request(ua: str | None, method: str, path: str, query: str, body: str, ctype: str | None) -> dict[str, Any]:
    headers = [["User-Agent", ua], ["Accept", "*/*"]] if ua else []
    if ctype:
        headers.append(["Content-Type", ctype])
    return {"method": method, "path": path, "query": query, "headers": headers, "body": body}


def place(value: str, layout: dict[str, Any]) -> dict[str, Any]:
    """One request holding `value` where `layout` says (the same layout for both twins)."""
    where, path, name, extra, ua = layout["where"], layout["path"], layout["name"], layout["extra"], layout["ua"]
    if where == "path":
        return _request(ua, "GET", f"{path}/{V.enc_path(value)}", urllib.parse.urlencode(extra), "", None)
    pairs = [(name, value), *extra] if layout["first"] else [*extra, (name, value)]
    if where == "query":
        return _request(ua, "GET", path, urllib.parse.urlencode(pairs), "", None)
    if where == "form":
        return _request(ua, "POST", path, "", urllib.parse.urlencode(pairs), "application/x-www-form-urlencoded")
    return _request(ua, layout["method"], path, "", json.dumps(dict(pairs), ensure_ascii=False), "application/json")


def random_layout(ctx: V.Ctx) -> dict[str, Any]:
    extra = [(field_name(ctx), ctx.pick(("1", "en", "asc", "20", "true", _word(ctx), str(ctx.rng.randint(1, 999)))))
             for _ in range(ctx.rng.choices((0, 1, 2), (4, 4, 2))[0])]
    return {
        "where": ctx.rng.choices(("query", "form", "json", "path"), (55, 20, 15, 10))[0],
        "path": random_path(ctx),
        "name": field_name(ctx),
        "extra": extra,
        "first": ctx.chance(0.6),
        "method": ctx.pick(("POST", "PUT", "PATCH")),
        # a fifth with no headers at all (scripts, scanners): the value must decide, not the client
        "ua": V.user_agent(ctx, ctx.pick(("nav", "mobile", "sdk"))) if ctx.chance(0.8) else None,
    }


def context_pairs(
    payloads: Sequence[tuple[str, str]], n: int, seed: int, source: str = "synth:random-context", prefix: str = "ctx"
) -> list[dict[str, Any]]:
    """`n` (attack, benign twin) pairs: 2n rows, from short payloads (payload, category);
    `source` and the id `prefix` name where the payloads came from."""
    short = [(p, c) for p, c in payloads if 0 < len(p) <= MAX_PAYLOAD_CHARS and "\n" not in p]
    if not n or not short:
        return []
    from waf_proxy.training.synth import payload_order

    order = payload_order(short, seed)
    rows: list[dict[str, Any]] = []
    for i in range(n):
        payload, category = short[order[i % len(order)]]
        ctx = V.Ctx.new(random.Random(f"{seed}:context:{i}"))
        layout = random_layout(ctx)
        twin = near_miss(ctx, category) if ctx.chance(NEAR_MISS_SHARE) else benign_value(ctx)
        attack, benign = place(payload, layout), place(twin, layout)
        attack.update(id=f"{prefix}-{seed}-a{i:07d}", label="attack", category=category, source=source)
        benign.update(id=f"{prefix}-{seed}-b{i:07d}", label="benign", category="normal", source=source)
        rows += [attack, benign]
    return rows
