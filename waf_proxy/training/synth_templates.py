"""Request templates for synthetic traffic: endpoint families x formats x app styles.

Two disjoint groups: "train" templates (a shop API, a blog/CMS, a SaaS app, a
forum, a GraphQL API, auth and tracking endpoints; then bulk-array, storage,
sign-in redirect, code-hosting, back-office, SCIM, import, sign-up, RUM-beacon,
settings and notes APIs; then PHP apps: WordPress, a phpBB board, an OpenCart
shop, a PHP admin panel) and "holdout" templates
(travel booking, banking, job board, wiki, chat, help desk, a legacy PHP
catalogue, a SOAP/XML service, JSON:API) with their own endpoints, parameter
names, naming conventions and formats. Evaluating on holdout templates shows
whether a model learned the payloads or only the contexts it was trained in.
A third, a fourth and a fifth blind set live in groups of their own, "holdout3"
(`synth_templates_holdout3`), "holdout4" (`synth_templates_holdout4_a`, `_b`) and
"holdout5" (`synth_templates_holdout5_a`, `_b`), so that adding them changed none
of the others; "calib" holds apps used only to fit thresholds on
(`synth_templates_calib_a`, `_b`).
More train templates live in one module per kind of app, written without looking
at any held-out template or error: `synth_templates_business` (CRM, invoicing,
HR, warehouse, kanban, e-signature, ...), `synth_templates_consumer` (social,
dating, news comments, streaming, ticketing, food delivery, ...) and
`synth_templates_platform` (LLM API, search DSL, object storage, package
registry, webhooks, chatops, OIDC, OTLP, notebooks, ...), and more since (the imports
at the bottom of this module list them all).

Every template is a function of a `Ctx`; values that could carry an attack go
through `ctx.slot(...)`, which registers them and, for an attack, returns the
sentinel that `synth` later replaces with the encoded payload.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any, Callable

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_values import Ctx, enc_gql_literal, enc_path, enc_xml, headers_for

Request = dict[str, Any]  # method, path, query, headers, body


@dataclass(frozen=True)
class Template:
    name: str
    group: str  # "train" | "holdout" | "holdout3" | "calib" | "holdout4" | "holdout5"
    routes: tuple[str, ...]  # path prefixes this template uses (disjoint across groups)
    build: Callable[[Ctx], Request]
    weight: float = 1.0


REGISTRY: dict[str, Template] = {}


def template(group: str, routes: tuple[str, ...], weight: float = 1.0) -> Callable[[Callable[[Ctx], Request]], Callable[[Ctx], Request]]:
    def register(fn: Callable[[Ctx], Request]) -> Callable[[Ctx], Request]:
        name = fn.__name__
        if name in REGISTRY:
            raise ValueError(f"duplicate template {name}")
        REGISTRY[name] = Template(name, group, routes, fn, weight)
        return fn

    return register


GROUPS: tuple[str, ...] = ("train", "holdout", "holdout3", "calib", "holdout4", "holdout5")


def templates_for(group: str) -> list[Template]:
    """Templates of one group (`GROUPS`) or of all of them ("all")."""
    if group == "all":
        return list(REGISTRY.values())
    if group not in GROUPS:
        raise ValueError(f"templates must be one of {', '.join(GROUPS)} or all, not {group!r}")
    return [t for t in REGISTRY.values() if t.group == group]


# --------------------------------------------------------------------------
# Rendering helpers
# --------------------------------------------------------------------------


def req(method: str, path: str, headers: list[list[str]], query: str = "", body: str = "") -> Request:
    return {"method": method, "path": path, "query": query, "headers": headers, "body": body}


def qs(ctx: Ctx, pairs: list[tuple[str, Any]], fixed: tuple[str, ...] = ()) -> str:
    """Query string; every value not named in `fixed` is an injection slot."""
    out = []
    for name, value in pairs:
        if value is None:
            continue
        if name not in fixed:
            value = ctx.slot("query", name, value)
        out.append(f"{ctx.qenc(name)}={ctx.qenc(value)}")
    return "&".join(out)


def form(ctx: Ctx, pairs: list[tuple[str, Any]], fixed: tuple[str, ...] = ()) -> str:
    """application/x-www-form-urlencoded body; values not in `fixed` are slots."""
    out = []
    for name, value in pairs:
        if name not in fixed:
            value = ctx.slot("form", name, value)
        out.append(f"{ctx.fenc(name)}={ctx.fenc(value)}")
    return "&".join(out)


def j(ctx: Ctx, name: str, value: Any) -> Any:
    """A JSON leaf that may carry a payload."""
    return ctx.slot("json", name, value)


def dumps(ctx: Ctx, obj: Any) -> str:
    if ctx.chance(0.3):
        return json.dumps(obj, ensure_ascii=ctx.json_ascii)
    return json.dumps(obj, ensure_ascii=ctx.json_ascii, separators=(",", ":"))


def header_slot(ctx: Ctx, name: str, value: Any) -> str:
    """A header value that may carry a payload (encoded as a client sends it)."""
    return v.enc_header(str(ctx.slot("header", name, value)))


def site_headers(ctx: Ctx, profile: str, content_type: str | None = None, auth: str | None = None, **kw: Any) -> list[list[str]]:
    """A client of the app's own site: xhr and nav requests with a body carry its Origin."""
    site = v.site(ctx)
    return headers_for(ctx, profile, content_type=content_type, auth=auth, origin=site if content_type and profile in ("xhr", "nav") else None, **kw)


def preflight(ctx: Ctx, path: str, methods: tuple[str, ...], request_headers: tuple[str, ...]) -> Request:
    """A CORS preflight from the app's own front end (or a site embedding it) for `path`."""
    headers = [["Accept", "*/*"], ["Access-Control-Request-Method", ctx.pick(methods)], ["Access-Control-Request-Headers", ctx.pick(request_headers)],
               ["Origin", v.site(ctx)], ["User-Agent", header_slot(ctx, "User-Agent", v.user_agent(ctx, "xhr"))], ["Sec-Fetch-Mode", "cors"]]
    return req("OPTIONS", path, headers)


def user_note(ctx: Ctx) -> str:
    """Any user note: prose with traps, dashes, an aside with a command or formula, markdown, emoji."""
    r = ctx.rng.random()
    if r < 0.4:
        return v.prose(ctx, 1, 3, trap_rate=0.4)
    if r < 0.55:
        return v.dashy_text(ctx)
    if r < 0.7:
        return synth_tech.with_aside(ctx, v.prose(ctx, 1, 2))
    if r < 0.85:
        return v.markdown_post(ctx, code_rate=0.4)
    return f"{v.prose(ctx, 1, 2)} {ctx.pick(v._EMOJI)}"


def short_title(ctx: Ctx, tags: tuple[str, ...]) -> str:
    """A name or title as people type it: plain, with apostrophes and `&`, a sentence, or a word
    and one of the app's own `tags` after `--`."""
    r = ctx.rng.random()
    if r < 0.5:
        return v.short_text(ctx)
    if r < 0.7:
        return v.tricky_search(ctx).capitalize()
    if r < 0.85:
        return f"{ctx.en.word().capitalize()} -- {ctx.pick(tags)}"
    return f"{v.full_name(ctx)}'s {ctx.en.word()}"


def seg(ctx: Ctx, name: str, value: Any) -> str:
    """A path segment that may carry a payload."""
    return enc_path(str(ctx.slot("path", name, value)))


def multipart(ctx: Ctx, fields: list[tuple[str, Any]], files: list[tuple[str, str, str, str]]) -> tuple[str, str]:
    """multipart/form-data body as a browser or SDK builds it; returns (content type, body).

    fields: (name, value) text parts, each an injection slot.
    files: (field name, file name, content type, text content).
    """
    r = ctx.rng.random()
    if r < 0.5:
        boundary = "----WebKitFormBoundary" + v.alnum_token(ctx, 16)
    elif r < 0.75:
        boundary = "----geckoformboundary" + v.hex_token(ctx, 32)
    else:
        boundary = v.hex_token(ctx, 32)
    lines: list[str] = []
    for name, value in fields:
        value = ctx.slot("multipart", name, value)
        lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{name}"', "", str(value)]
    for field_name, filename, ctype, content in files:
        lines += [
            f"--{boundary}",
            f'Content-Disposition: form-data; name="{field_name}"; filename="{filename}"',
            f"Content-Type: {ctype}",
            "",
            content,
        ]
    lines.append(f"--{boundary}--")
    return f"multipart/form-data; boundary={boundary}", "\r\n".join(lines) + "\r\n"


def rid(ctx: Ctx) -> int:
    return ctx.rng.randrange(1, 2_000_000)


def nav_form(ctx: Ctx, path: str, page: str, body: str) -> Request:
    """A classic HTML form post to `path` from the app's own `page` (a path without slots, for the Referer)."""
    site = v.site(ctx)
    return req("POST", path, headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + page), body=body)


def form_headers(ctx: Ctx, page: str, content_type: str = "application/x-www-form-urlencoded") -> list[list[str]]:
    """A browser posting a server-rendered form from `page`: origin, referer and the session cookie."""
    site = v.site(ctx)
    return headers_for(ctx, "nav", content_type=content_type, origin=site, referer=site + page, cookies=True)


def json_param(ctx: Ctx, name: str, obj: Any) -> str:
    """A JSON document as one query parameter (LoopBack / Strapi-style filters, Explore links);
    its strings are json_query slots the caller made."""
    return f"{name}={ctx.qenc(json.dumps(obj, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}"


def empty_file(field: str) -> tuple[str, str, str, str]:
    """The multipart part a browser sends for a file input left empty."""
    return (field, "", "application/octet-stream", "")


def csv_cell(value: str) -> str:
    """A CSV cell's inside: one line, double quotes doubled (the caller wraps it in quotes)."""
    return value.replace("\r", " ").replace("\n", " ").replace('"', '""')


def csv_text(rows: list[list[Any]], lineterminator: str = "\n") -> str:
    """CSV as spreadsheets and exporters write it: cells with commas, quotes or newlines quoted, quotes doubled."""
    out = io.StringIO()
    csv.writer(out, lineterminator=lineterminator).writerows(rows)
    return out.getvalue()


def csv_file(ctx: Ctx) -> str:
    rows = ["name,email,city,amount"]
    for _ in range(ctx.rng.randint(2, 6)):
        rows.append(f"\"{ctx.fake.name()}\",{ctx.fake.email()},\"{ctx.fake.city()}\",{v.price(ctx)}")
    return "\n".join(rows)


# ==========================================================================
# TRAIN templates: shop API, SaaS app, blog/CMS, forum, GraphQL, auth, tracking
# ==========================================================================


@template("train", ("/api/v1/products",), weight=2)
def shop_product_search(ctx: Ctx) -> Request:
    pairs = [
        ("q", v.search_terms(ctx)),
        ("category", ctx.pick(("shoes", "women/dresses", "home-garden", "electronics", "kids", "sale"))) if ctx.chance(0.5) else ("category", None),
        ("min_price", ctx.rng.randrange(0, 50)) if ctx.chance(0.3) else ("min_price", None),
        ("max_price", ctx.rng.randrange(60, 500)) if ctx.chance(0.3) else ("max_price", None),
        ("sort", ctx.pick(("relevance", "price_asc", "price_desc", "newest", "-created_at"))),
        ("page", ctx.rng.randint(1, 20)),
        ("per_page", ctx.pick((12, 24, 48))) if ctx.chance(0.5) else ("per_page", None),
    ]
    if ctx.chance(0.3):
        pairs += v.keyword_params(ctx, 1, 2)
    profile = ctx.pick(("xhr", "mobile"))
    return req("GET", "/api/v1/products", headers_for(ctx, profile, auth="jwt" if ctx.chance(0.3) else None), qs(ctx, pairs))


@template("train", ("/api/v1/products/",), weight=1.5)
def shop_product_detail(ctx: Ctx) -> Request:
    pid = ctx.pick((rid(ctx), v.slug(ctx), ctx.fake.uuid4()))
    method = "HEAD" if ctx.chance(0.1) else "GET"
    q = qs(ctx, [("currency", ctx.pick(("USD", "EUR", "GBP", "JPY"))), ("include", "variants,reviews")]) if ctx.chance(0.4) else ""
    return req(method, f"/api/v1/products/{seg(ctx, 'product', pid)}", headers_for(ctx, ctx.pick(("xhr", "mobile"))), q)


@template("train", ("/api/v1/cart",), weight=1.5)
def shop_cart_add(ctx: Ctx) -> Request:
    body = {
        "product_id": j(ctx, "product_id", rid(ctx)),
        "quantity": ctx.rng.randint(1, 5),
        "options": {"size": j(ctx, "size", ctx.pick(("S", "M", "L", "XL", "42", "10.5"))), "color": j(ctx, "color", ctx.pick(v._COLORS))},
    }
    if ctx.chance(0.3):
        body["gift_message"] = j(ctx, "gift_message", v.prose(ctx, 1, 2))
    return req("POST", "/api/v1/cart/items", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt", origin=v.site(ctx)), body=dumps(ctx, body))


@template("train", ("/api/v1/cart",))
def shop_cart_remove(ctx: Ctx) -> Request:
    return req("DELETE", f"/api/v1/cart/items/{seg(ctx, 'item', rid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


@template("train", ("/api/v1/checkout",), weight=1.5)
def shop_checkout(ctx: Ctx) -> Request:
    first, last = v.person_name(ctx)
    items = [
        {"sku": f"{ctx.fake.lexify('???').upper()}-{ctx.rng.randrange(1000, 99999)}", "qty": ctx.rng.randint(1, 4), "unit_price": v.price(ctx)}
        for _ in range(ctx.rng.randint(1, 4))
    ]
    body = {
        "customer": {"first_name": j(ctx, "first_name", first), "last_name": j(ctx, "last_name", last), "email": j(ctx, "email", ctx.fake.email()), "phone": ctx.fake.phone_number()},
        "shipping_address": {
            "line1": j(ctx, "line1", ctx.fake.street_address()),
            "line2": ctx.pick(("", "Apt. 4B", "c/o " + ctx.fake.company(), "Floor 2")),
            "city": j(ctx, "city", ctx.fake.city()),
            "postcode": ctx.fake.postcode(),
            "country": ctx.fake.country_code(),
        },
        "items": items,
        "coupon": j(ctx, "coupon", ctx.pick((None, "SUMMER25", "WELCOME10", ctx.fake.bothify("??##??").upper()))),
        "notes": j(ctx, "notes", v.prose(ctx, 0, 2)) if ctx.chance(0.4) else None,
        "total": round(sum(i["unit_price"] * i["qty"] for i in items), 2),
        "currency": ctx.pick(("USD", "EUR", "GBP")),
        "accept_terms": True,
    }
    return req("POST", "/api/v1/checkout", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt", origin=v.site(ctx)), body=dumps(ctx, body))


@template("train", ("/api/v1/products/",), weight=2)
def shop_review_post(ctx: Ctx) -> Request:
    pid = rid(ctx)
    body = {
        "rating": ctx.rng.randint(1, 5),
        "title": j(ctx, "title", v.short_text(ctx)),
        "body": j(ctx, "body", v.prose(ctx, 1, 5, trap_rate=0.5)),
        "recommend": ctx.chance(0.7),
        "author": j(ctx, "author", v.full_name(ctx)),
    }
    return req("POST", f"/api/v1/products/{pid}/reviews", headers_for(ctx, "xhr", content_type="application/json; charset=utf-8", auth="jwt", origin=v.site(ctx)), body=dumps(ctx, body))


@template("train", ("/api/v1/orders",))
def shop_orders_list(ctx: Ctx) -> Request:
    pairs = [("status", ctx.pick(("open", "shipped", "delivered", "cancelled", "all"))), ("from", v.iso_date(ctx)), ("limit", ctx.pick((10, 20, 50)))]
    if ctx.chance(0.3):
        pairs.append(("cursor", v.b64url(ctx.rng.randbytes(12))))
    if ctx.chance(0.4):
        pairs += [("to", v.iso_date(ctx))] + v.keyword_params(ctx, 0, 2)
    return req("GET", "/api/v1/orders", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))


@template("train", ("/api/v1/orders",))
def shop_order_cancel(ctx: Ctx) -> Request:
    oid = seg(ctx, "order", f"ORD-{ctx.rng.randrange(100000, 999999)}")
    if ctx.chance(0.5):
        body = dumps(ctx, {"reason": j(ctx, "reason", v.prose(ctx, 1, 2))})
        return req("DELETE", f"/api/v1/orders/{oid}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=body)
    return req("DELETE", f"/api/v1/orders/{oid}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


@template("train", ("/api/v1/users",), weight=1.5)
def user_profile_update(ctx: Ctx) -> Request:
    first, last = v.person_name(ctx)
    body = {
        "first_name": j(ctx, "first_name", first),
        "last_name": j(ctx, "last_name", last),
        "display_name": j(ctx, "display_name", ctx.fake.user_name()),
        "bio": j(ctx, "bio", v.prose(ctx, 1, 3)),
        "website": j(ctx, "website", ctx.fake.url()),
        "birthday": v.iso_date(ctx),
        "locale": ctx.locale.replace("_", "-"),
        "address": {"street": j(ctx, "street", ctx.fake.street_address()), "city": ctx.fake.city(), "zip": ctx.fake.postcode()},
        "marketing_opt_in": ctx.chance(0.3),
    }
    if ctx.chance(0.4):  # avatars and signatures travel as data: URIs
        body[ctx.pick(("avatar", "avatar_data_url", "signature"))] = j(ctx, "avatar", synth_tech.data_uri(ctx))
    return req("PUT", "/api/v1/users/me", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))


@template("train", ("/api/v1/users",))
def user_profile_patch(ctx: Ctx) -> Request:
    uid = seg(ctx, "user", ctx.pick((rid(ctx), ctx.fake.uuid4())))
    field_name, value = ctx.pick((
        ("nickname", ctx.fake.user_name()),
        ("status_message", v.prose(ctx, 1, 1)),
        ("timezone", ctx.fake.timezone()),
        ("job_title", ctx.fake.job()),
        ("company", ctx.fake.company()),
    ))
    body = {field_name: j(ctx, field_name, value)}
    return req("PATCH", f"/api/v1/users/{uid}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=dumps(ctx, body))


@template("train", ("/api/v1/settings",))
def settings_toggle(ctx: Ctx) -> Request:
    body = {
        "email_notifications": ctx.chance(0.5),
        "push": {"comments": ctx.chance(0.5), "mentions": ctx.chance(0.8), "digest": j(ctx, "digest", ctx.pick(("daily", "weekly", "never")))},
        "quiet_hours": {"from": "22:00", "to": "07:00"} if ctx.chance(0.4) else None,
    }
    return req("PATCH", "/api/v1/settings/notifications", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))


@template("train", ("/api/v1/notifications",))
def notifications_list(ctx: Ctx) -> Request:
    pairs = [("limit", ctx.pick((20, 50))), ("unread", ctx.pick(("true", "false")))]
    if ctx.chance(0.5):
        pairs.append(("since", v.iso_datetime(ctx)))
    return req("GET", "/api/v1/notifications", headers_for(ctx, "mobile", auth="jwt"), qs(ctx, pairs))


@template("train", ("/api/v1/comments",))
def comment_delete(ctx: Ctx) -> Request:
    return req("DELETE", f"/api/v1/comments/{seg(ctx, 'comment', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt", origin=v.site(ctx)))


@template("train", ("/api/v1/",), weight=0.7)
def cors_preflight(ctx: Ctx) -> Request:
    path = ctx.pick(("/api/v1/cart/items", "/api/v1/checkout", "/api/v1/users/me", "/api/v1/settings/notifications"))
    headers = [
        ["Accept", "*/*"],
        ["Access-Control-Request-Method", ctx.pick(("POST", "PUT", "PATCH", "DELETE"))],
        ["Access-Control-Request-Headers", ctx.pick(("content-type", "authorization,content-type", "authorization,content-type,x-csrf-token"))],
        ["Origin", v.site(ctx)],
        ["User-Agent", header_slot(ctx, "User-Agent", v.user_agent(ctx, "xhr"))],
        ["Sec-Fetch-Mode", "cors"],
    ]
    return req("OPTIONS", path, headers)


@template("train", ("/login", "/register", "/password"), weight=1.5)
def auth_forms(ctx: Ctx) -> Request:
    kind = ctx.pick(("login", "register", "reset"))
    csrf = ("csrf_token", v.alnum_token(ctx, 40))
    if kind == "login":
        pairs = [csrf, ("username", ctx.pick((ctx.fake.email(), ctx.fake.user_name()))), ("password", ctx.fake.password(length=ctx.rng.randint(8, 20))), ("remember_me", "on")]
        path = "/login"
    elif kind == "register":
        first, last = v.person_name(ctx)
        pairs = [csrf, ("full_name", f"{first} {last}"), ("email", ctx.fake.email()), ("password", ctx.fake.password()), ("company", ctx.fake.company()), ("terms", "1")]
        path = "/register"
    else:
        pairs = [csrf, ("email", ctx.fake.email())]
        path = "/password/reset"
    site = v.site(ctx)
    headers = headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}{path}")
    query = ""
    if kind == "login" and ctx.chance(0.4):  # where to go after logging in
        query = qs(ctx, [("next", ctx.pick(("/account/orders?page=2", "/checkout", "/", f"/blog/{v.slug(ctx)}", site + "/dashboard#settings", v.app_path(ctx))))])
    return req("POST", path, headers, query, form(ctx, pairs, fixed=("csrf_token",)))


@template("train", ("/contact",))
def contact_form(ctx: Ctx) -> Request:
    first, last = v.person_name(ctx)
    pairs = [
        ("name", f"{first} {last}"),
        ("email", ctx.fake.email()),
        ("phone", ctx.fake.phone_number()),
        ("subject", v.short_text(ctx)),
        ("message", v.dashy_text(ctx) if ctx.chance(0.25) else v.prose(ctx, 2, 6, trap_rate=0.5)),
    ]
    site = v.site(ctx)
    return req("POST", "/contact", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/contact"), body=form(ctx, pairs))


@template("train", ("/blog/",), weight=1.5)
def blog_comment_form(ctx: Ctx) -> Request:
    post = v.slug(ctx)
    first, last = v.person_name(ctx)
    pairs = [("author", f"{first} {last}"), ("email", ctx.fake.email()), ("url", ctx.fake.url() if ctx.chance(0.3) else ""),
             ("comment", v.prose(ctx, 1, 5, trap_rate=0.5)), ("comment_post_ID", rid(ctx)), ("_wpnonce", v.hex_token(ctx, 10))]
    site = v.site(ctx)
    return req("POST", f"/blog/{post}/comments", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/blog/{post}"), body=form(ctx, pairs, fixed=("_wpnonce",)))


@template("train", ("/blog/", "/category/", "/tag/"), weight=2)
def page_view(ctx: Ctx) -> Request:
    kind = ctx.pick(("blog", "category", "tag"))
    path = f"/{kind}/{seg(ctx, kind, v.slug(ctx))}" + ("/" if ctx.chance(0.5) else "")
    pairs: list[tuple[str, Any]] = []
    if ctx.chance(0.3):
        pairs += [("utm_source", ctx.pick(("newsletter", "twitter", "google", "facebook"))), ("utm_medium", ctx.pick(("email", "social", "cpc"))),
                  ("utm_campaign", ctx.pick(("spring_sale", "launch-2024", "weekly digest")))]
    if ctx.chance(0.15):
        pairs.append(("fbclid", v.alnum_token(ctx, 40)))
    if ctx.chance(0.2):
        pairs.append(("page", ctx.rng.randint(2, 9)))
    referer = ctx.pick((None, "https://www.google.com/", v.site(ctx) + "/", ctx.fake.url()))
    return req("GET", path, headers_for(ctx, "nav", referer=referer), qs(ctx, pairs))


@template("train", ("/search",), weight=1.5)
def site_search(ctx: Ctx) -> Request:
    pairs = [("q", v.search_terms(ctx))]
    if ctx.chance(0.4):
        pairs.append(("page", ctx.rng.randint(1, 5)))
    if ctx.chance(0.3):
        pairs.append(("type", ctx.pick(("posts", "products", "users", "all"))))
    site = v.site(ctx)
    return req("GET", "/search", headers_for(ctx, "nav", referer=site + "/"), qs(ctx, pairs))


_WELL_KNOWN = ("/sitemap.xml", "/sitemap_index.xml", "/.well-known/security.txt", "/.well-known/apple-app-site-association",
               "/apple-touch-icon.png", "/apple-touch-icon-precomposed.png", "/manifest.json", "/ads.txt", "/humans.txt", "/feed/")


@template("train", ("/static/", "/assets/", "/favicon.ico", "/robots.txt") + _WELL_KNOWN, weight=2)
def static_asset(ctx: Ctx) -> Request:
    r = ctx.rng.random()
    if r < 0.4:
        path = f"/static/js/{ctx.pick(('main', 'vendor', 'chunk-' + str(ctx.rng.randrange(100, 999)), 'runtime'))}.{v.hex_token(ctx, 8)}.js"
        accept = "*/*"
    elif r < 0.6:
        path = f"/static/css/{ctx.pick(('main', 'styles', 'app'))}.{v.hex_token(ctx, 8)}.css"
        accept = "text/css,*/*;q=0.1"
    elif r < 0.85:
        path = f"/assets/img/{seg(ctx, 'image', ctx.fake.file_name(category='image'))}"
        accept = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
    elif r < 0.9:
        path, accept = "/favicon.ico", "image/avif,image/webp,*/*;q=0.8"
    elif r < 0.94:
        path, accept = "/robots.txt", "*/*"
    else:
        path, accept = ctx.pick(_WELL_KNOWN), "*/*"
    q = qs(ctx, [("v", ctx.rng.randrange(1, 400))]) if ctx.chance(0.2) else ""
    return req("GET", path, headers_for(ctx, "nav", accept=accept, referer=v.site(ctx) + "/"), q)


@template("train", ("/admin/api/pages",))
def cms_rich_text(ctx: Ctx) -> Request:
    body = {
        "title": j(ctx, "title", v.short_text(ctx)),
        "slug": v.slug(ctx),
        "content_html": j(ctx, "content_html", synth_tech.with_image(ctx, v.rich_html(ctx)) if ctx.chance(0.3) else v.rich_html(ctx)),
        "excerpt": j(ctx, "excerpt", v.sentence(ctx)),
        "tags": [ctx.en.word() for _ in range(ctx.rng.randint(0, 4))],
        "published_at": v.iso_datetime(ctx) if ctx.chance(0.5) else None,
        "status": ctx.pick(("draft", "published", "scheduled")),
    }
    method = ctx.pick(("PUT", "POST", "PATCH"))
    path = "/admin/api/pages" if method == "POST" else f"/admin/api/pages/{rid(ctx)}"
    return req(method, path, headers_for(ctx, "xhr", content_type="application/json", origin=v.site(ctx), cookies=True), body=dumps(ctx, body))


@template("train", ("/forum/",), weight=1.5)
def forum_post(ctx: Ctx) -> Request:
    r = ctx.rng.random()
    text = v.bbcode_post(ctx) if r < 0.25 else v.dashy_text(ctx) if r < 0.4 else v.markdown_post(ctx)
    if ctx.chance(0.25):
        text = synth_tech.with_code(ctx, text) if ctx.chance(0.6) else synth_tech.with_aside(ctx, text)
    body = {"body": j(ctx, "body", text), "reply_to": ctx.pick((None, rid(ctx)))}
    if ctx.chance(0.3):
        body["title"] = j(ctx, "title", v.short_text(ctx))
    return req("POST", f"/forum/threads/{rid(ctx)}/posts", headers_for(ctx, "xhr", content_type="application/json", origin=v.site(ctx), cookies=True), body=dumps(ctx, body))


@template("train", ("/api/v1/uploads",))
def document_upload(ctx: Ctx) -> Request:
    r = ctx.rng.random()
    if r < 0.4:
        fname, ctype, content = ctx.fake.file_name(extension="csv"), "text/csv", csv_file(ctx)
    elif r < 0.6:
        fname, ctype, content = ctx.fake.file_name(extension="txt"), "text/plain", v.prose(ctx, 2, 6)
    elif r < 0.7:
        fname, ctype, content = ctx.fake.file_name(extension="svg"), "image/svg+xml", synth_tech.svg_image(ctx)
    elif r < 0.78:
        fname = ctx.pick(("ci.yml", "Dockerfile", "build.yaml", "deploy.sh", "notes.md"))
        content = synth_tech.ci_config(ctx) if not fname.endswith((".sh", ".md")) else "\n".join(synth_tech.shell_line(ctx) for _ in range(ctx.rng.randint(1, 5)))
        ctype = ctx.pick(("application/octet-stream", "text/plain", "text/x-yaml" if fname.endswith("ml") else "text/plain"))
    else:
        fname, ctype = ctx.fake.file_name(extension="json"), "application/json"
        content = json.dumps({"name": ctx.fake.name(), "items": [ctx.en.word() for _ in range(3)]}, ensure_ascii=False)
    ctype_header, body = multipart(ctx, [("description", v.short_text(ctx)), ("folder", ctx.pick(("reports", "imports", "misc/2024")))], [("file", fname, ctype, content)])
    return req("POST", "/api/v1/uploads", headers_for(ctx, "xhr", content_type=ctype_header, auth="jwt", origin=v.site(ctx)), body=body)


_GQL_QUERIES = (
    ("GetProducts", "query GetProducts($first: Int!, $after: String, $search: String) {\n  products(first: $first, after: $after, search: $search) {\n    edges { node { id name price { amount currency } } }\n    pageInfo { hasNextPage endCursor }\n  }\n}"),
    ("GetViewer", "query GetViewer { viewer { id name email avatarUrl(size: 64) } }"),
    ("SearchUsers", "query SearchUsers($search: String) { users(filter: {name_contains: $search}, first: 10) { id name } }"),
)


@template("train", ("/graphql",), weight=1.5)
def graphql_query(ctx: Ctx) -> Request:
    op, query = ctx.pick(_GQL_QUERIES)
    variables: dict[str, Any] = {}
    if "$first" in query:
        variables["first"] = ctx.pick((10, 20, 50))
        variables["after"] = j(ctx, "after", ctx.pick((None, v.b64url(f"cursor:{rid(ctx)}".encode()))))
    if "$search" in query:
        variables["search"] = j(ctx, "search", v.search_terms(ctx))
    body = {"operationName": op, "query": query, "variables": variables}
    return req("POST", "/graphql", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt", accept="application/graphql-response+json, application/json"), body=dumps(ctx, body))


@template("train", ("/graphql",))
def graphql_mutation(ctx: Ctx) -> Request:
    text = v.prose(ctx, 1, 3, trap_rate=0.5)
    if ctx.chance(0.5):
        query = "mutation AddComment($postId: ID!, $body: String!) {\n  addComment(postId: $postId, body: $body) { id createdAt }\n}"
        variables = {"postId": str(rid(ctx)), "body": j(ctx, "body", text)}
    else:  # value inlined into the document, as hand-written clients do
        literal = ctx.slot("gql", "body", text)
        query = f'mutation {{ addComment(postId: "{rid(ctx)}", body: "{enc_gql_literal(str(literal))}") {{ id }} }}'
        variables = {}
    body = {"operationName": "AddComment", "query": query, "variables": variables}
    return req("POST", "/graphql", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=dumps(ctx, body))


@template("train", ("/api/v1/campaigns",))
def email_campaign(ctx: Ctx) -> Request:
    """A marketing tool saving an e-mail template: merge tags look like template injection."""
    body = {
        "name": j(ctx, "name", v.short_text(ctx)),
        "subject": j(ctx, "subject", ctx.pick(("{{ first_name }}, your cart misses you", "Your weekly digest", "Last chance: {{ discount }}% off!", v.short_text(ctx)))),
        "preheader": j(ctx, "preheader", v.sentence(ctx)),
        "body_text": j(ctx, "body_text", v.merge_template(ctx)),
        "send_at": v.iso_datetime(ctx) if ctx.chance(0.5) else None,
        "segment_id": rid(ctx),
    }
    method = ctx.pick(("POST", "PUT"))
    path = "/api/v1/campaigns" if method == "POST" else f"/api/v1/campaigns/{rid(ctx)}"
    return req(method, path, headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=v.site(ctx)), body=dumps(ctx, body))


@template("train", ("/graphql",), weight=0.7)
def graphql_persisted_get(ctx: Ctx) -> Request:
    """Apollo-style persisted query over GET: JSON in query parameters."""
    op = ctx.pick(("ProductPage", "CartSummary", "SearchSuggestions"))
    variables: dict[str, Any] = {"locale": ctx.locale.replace("_", "-")}
    if op == "ProductPage":
        variables["handle"] = ctx.slot("json_query", "handle", v.slug(ctx))
    elif op == "SearchSuggestions":
        variables["term"] = ctx.slot("json_query", "term", v.search_terms(ctx))
        variables["first"] = ctx.pick((5, 8))
    else:
        variables["cartId"] = f"gid://shop/Cart/{v.alnum_token(ctx, 26)}"
    pairs = [("operationName", op), ("variables", json.dumps(variables, ensure_ascii=ctx.json_ascii, separators=(",", ":")))]
    if ctx.chance(0.5):  # the document itself (Apollo useGETForQueries, urql, curl by hand)
        doc = {
            "ProductPage": "query ProductPage($handle: String!, $locale: String) { product(handle: $handle, locale: $locale) { id title priceRange { min { amount } } images(first: 4) { url altText } } }",
            "CartSummary": "query CartSummary($cartId: ID!) {\n  cart(id: $cartId) { totalQuantity cost { total { amount currencyCode } } }\n}",
            "SearchSuggestions": "query SearchSuggestions($term: String!, $first: Int = 5) { suggestions(term: $term, first: $first) { text ... on Product { handle } } }",
        }[op]
        pairs.insert(1, ("query", doc))
    else:
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": v.hex_token(ctx, 64)}}
        pairs.append(("extensions", json.dumps(extensions, separators=(",", ":"))))
    q = "&".join(f"{k}={ctx.qenc(val)}" for k, val in pairs)
    return req("GET", "/graphql", headers_for(ctx, ctx.pick(("xhr", "mobile")), accept="application/json"), q)


@template("train", ("/oauth/token",))
def oauth_token(ctx: Ctx) -> Request:
    grant = ctx.pick(("refresh_token", "authorization_code", "client_credentials"))
    pairs: list[tuple[str, Any]] = [("grant_type", grant), ("client_id", v.alnum_token(ctx, 20))]
    if grant == "refresh_token":
        pairs.append(("refresh_token", v.b64url(ctx.rng.randbytes(32))))
    elif grant == "authorization_code":
        pairs += [("code", v.alnum_token(ctx, 30)), ("redirect_uri", v.site(ctx) + "/oauth/callback"), ("code_verifier", v.b64url(ctx.rng.randbytes(32)))]
    else:
        pairs.append(("scope", "read write"))
    return req("POST", "/oauth/token", headers_for(ctx, ctx.pick(("sdk", "mobile")), content_type="application/x-www-form-urlencoded", auth="basic" if ctx.chance(0.5) else None), body=form(ctx, pairs))


@template("train", ("/api/collect",))
def analytics_event(ctx: Ctx) -> Request:
    events = []
    for _ in range(ctx.rng.randint(1, 4)):
        events.append({
            "event": ctx.pick(("page_view", "add_to_cart", "click", "scroll", "search")),
            "ts": ctx.rng.randrange(1_700_000_000_000, 1_760_000_000_000),
            "url": j(ctx, "url", v.site(ctx) + "/" + ctx.en.uri_path()),
            "props": {"label": j(ctx, "label", ctx.en.word()), "value": ctx.rng.randint(0, 100),
                      "path": j(ctx, "path", "/" + ctx.en.uri_path() + ctx.pick(("", "/", "?page=2", "#reviews", "?utm_source=newsletter&utm_medium=email")))},
        })
    body = {"client_id": ctx.fake.uuid4(), "session": v.hex_token(ctx, 16), "events": events, "screen": ctx.pick(("1920x1080", "390x844", "1440x900"))}
    return req("POST", "/api/collect", headers_for(ctx, "xhr", content_type=ctx.pick(("application/json", "text/plain;charset=UTF-8")), origin=v.site(ctx)), body=dumps(ctx, body))


@template("train", ("/webhooks/",))
def webhook_event(ctx: Ctx) -> Request:
    body = {
        "id": "evt_" + v.alnum_token(ctx, 24),
        "type": ctx.pick(("payment_intent.succeeded", "customer.updated", "invoice.paid", "charge.refunded")),
        "created": ctx.rng.randrange(1_700_000_000, 1_760_000_000),
        "data": {"object": {"id": "pi_" + v.alnum_token(ctx, 24), "amount": ctx.rng.randrange(100, 100000), "currency": ctx.pick(("usd", "eur")),
                            "description": j(ctx, "description", v.short_text(ctx)), "metadata": {"order_id": j(ctx, "order_id", str(rid(ctx)))}}},
    }
    extra = (("Stripe-Signature", f"t={ctx.rng.randrange(1_700_000_000, 1_760_000_000)},v1={v.hex_token(ctx, 64)}"),)
    return req("POST", "/webhooks/stripe", headers_for(ctx, "sdk", content_type="application/json; charset=utf-8", extra=extra), body=dumps(ctx, body))


@template("train", ("/files/",))
def file_download(ctx: Ctx) -> Request:
    fname = ctx.fake.file_name()
    if ctx.chance(0.3):  # nested folders, as document stores name them
        fname = ctx.pick(("reports/2024/", "../shared/", "invoices/", "Q3 2024/", "docs/")) + fname
    q = qs(ctx, [("filename", fname), ("disposition", ctx.pick(("attachment", "inline")))])
    return req("GET", f"/files/{seg(ctx, 'file', ctx.fake.uuid4())}/download", headers_for(ctx, "nav", cookies=True), q)


@template("train", ("/healthz", "/api/v1/status", "/", "/ping", "/status"), weight=1.0)
def health_check(ctx: Ctx) -> Request:
    """Probes and scripts: bare requests from SDKs, curl and monitors, often to the site root."""
    path = ctx.pick(("/healthz", "/api/v1/status", "/", "/", "/ping", "/status"))
    return req(ctx.pick(("GET", "GET", "HEAD")), path, headers_for(ctx, "sdk"))


@template("train", ("/api/v1/catalog",))
def shop_catalog_filter(ctx: Ctx) -> Request:
    """Rails/PHP-style bracketed filter parameters."""
    pairs: list[tuple[str, Any]] = [
        ("filter[brand]", ctx.pick((ctx.fake.company(), ctx.en.word(), "Levi's", "Ben & Jerry's", "H&M"))),
        ("filter[price][gte]", ctx.rng.randrange(0, 100)),
        ("filter[price][lte]", ctx.rng.randrange(100, 1000)) if ctx.chance(0.5) else ("x", None),
        ("fields[product]", ctx.pick(("name,price", "name,price,thumbnail", "id,slug"))),
        ("include", ctx.pick(("brand", "brand,images", "variants"))) if ctx.chance(0.5) else ("x", None),
        ("page[number]", ctx.rng.randint(1, 10)),
        ("page[size]", ctx.pick((12, 24))),
    ]
    return req("GET", "/api/v1/catalog", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick((None, "apikey"))), qs(ctx, pairs))


@template("train", ("/api/v1/inventory", "/api/v1/articles", "/api/v1/search"))
def api_query_languages(ctx: Ctx) -> Request:
    """Query languages in URLs: LoopBack JSON filters, Strapi brackets, Lucene syntax."""
    style = ctx.pick(("loopback", "strapi", "lucene"))
    if style == "loopback":
        where: dict[str, Any] = {"price": {ctx.pick(("gt", "lte")): ctx.rng.randrange(5, 500)}}
        if ctx.chance(0.5):
            where["name"] = {"like": ctx.slot("json_query", "name", ctx.pick((ctx.en.word(), ctx.fake.company()))) + "%"}
        flt = {"where": where, "order": ctx.pick(("price DESC", "name ASC", "createdAt DESC")), "limit": ctx.pick((10, 20, 50)),
               "fields": {"id": True, "name": True, "price": True}}
        q = f"filter={ctx.qenc(json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}"
        path = "/api/v1/inventory"
    elif style == "strapi":
        pairs = [("filters[title][$containsi]", v.search_terms(ctx)), ("filters[publishedAt][$gte]", v.iso_date(ctx)),
                 ("sort[0]", ctx.pick(("publishedAt:desc", "title:asc"))), ("populate", ctx.pick(("*", "author,cover"))),
                 ("pagination[page]", ctx.rng.randint(1, 5)), ("pagination[pageSize]", ctx.pick((10, 25)))]
        q = qs(ctx, pairs)
        path = "/api/v1/articles"
    else:
        pattern = ctx.pick(("title:{} AND status:published", "(type:book OR type:ebook) AND author:\"{}\"",
                            "{}* -draft", "price:[10 TO 100] AND tags:{}", "name:\"{}\"~2"))
        lucene = pattern.format(ctx.slot("query", "q", ctx.pick((ctx.en.word(), ctx.fake.city(), ctx.fake.last_name()))))
        q = f"q={ctx.qenc(lucene)}&size={ctx.pick((10, 20))}&from={ctx.rng.randrange(0, 100)}"
        path = "/api/v1/search"
    return req("GET", path, headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", None, "apikey"))), q)


@template("train", ("/api/v1/feeds",), weight=0.7)
def xml_feed_import(ctx: Ctx) -> Request:
    """A partner pushing a product feed as XML."""
    items = []
    for i in range(ctx.rng.randint(1, 3)):
        name = enc_xml(str(ctx.slot("xml", f"name{i}", ctx.fake.catch_phrase())))
        desc = enc_xml(str(ctx.slot("xml", f"description{i}", v.prose(ctx, 1, 2))))
        items.append(
            f"  <product sku=\"{ctx.fake.bothify('??-####').upper()}\">\n    <name>{name}</name>\n"
            f"    <description>{desc}</description>\n    <price currency=\"EUR\">{v.price(ctx)}</price>\n  </product>"
        )
    root = ctx.pick(("<products>", '<products xmlns="http://www.example.com/schemas/feed/2.0" xmlns:g="http://base.google.com/ns/1.0">'))
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + root + "\n" + "\n".join(items) + "\n</products>"
    return req("POST", "/api/v1/feeds/import", headers_for(ctx, "sdk", content_type="application/xml", auth="apikey"), body=body)


@template("train", ("/api/v1/geocode",), weight=0.7)
def geocode_lookup(ctx: Ctx) -> Request:
    """Server-side call with an address (commas, '#', apostrophes) and an API key in the query."""
    address = ctx.fake.address().replace("\n", ", ")
    if ctx.chance(0.3):
        address = address.replace(",", " #" + str(ctx.rng.randint(1, 40)) + ",", 1)
    pairs = [("address", address), ("language", ctx.locale[:2]), ("key", "AIza" + v.alnum_token(ctx, 35))]
    return req("GET", "/api/v1/geocode/json", headers_for(ctx, "sdk"), qs(ctx, pairs, fixed=("key",)))


@template("train", ("/api/v1/account",))
def password_change(ctx: Ctx) -> Request:
    """Passwords are random punctuation soup: a classic false-positive source."""
    def pw() -> str:
        return ctx.fake.password(length=ctx.rng.randint(10, 24), special_chars=True)

    new = pw()
    body = {"current_password": j(ctx, "current_password", pw()), "new_password": j(ctx, "new_password", new), "confirm_password": new}
    return req("PUT", "/api/v1/account/password", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))


# ==========================================================================
# TRAIN templates (set 2): formats and value kinds real apps send a lot of --
# top-level JSON arrays, path-valued fields, redirects, markdown comments,
# provisioning JSON, long multi-field forms, text uploads, nested beacons.
# Every text field is a slot, so attacks also appear inside long requests.
# ==========================================================================


def _bulk_row(ctx: Ctx, i: int) -> dict[str, Any]:
    row: dict[str, Any] = {"id": j(ctx, f"[{i}].id", ctx.pick((rid(ctx), f"itm_{v.alnum_token(ctx, 12)}"))), "qty": ctx.rng.randint(0, 40)}
    if ctx.chance(0.5):
        row["price"] = v.price(ctx)
    if ctx.chance(0.4):
        row["note"] = j(ctx, f"[{i}].note", ctx.pick((v.prose(ctx, 1, 1), v.signature(ctx), v.tricky_search(ctx))))
    if ctx.chance(0.3):
        row["location"] = j(ctx, f"[{i}].location", ctx.pick(("/warehouse/A/3", "/store/" + ctx.fake.city(), "aisle 4 -- shelf 2", "Bin #12")))
    if ctx.chance(0.3):
        row["tags"] = [j(ctx, f"[{i}].tags", ctx.en.word()) for _ in range(ctx.rng.randint(1, 3))]
    return row


@template("train", ("/bulk/v1/",))
def bulk_json_array(ctx: Ctx) -> Request:
    """Bulk endpoints take a top-level JSON array of objects (or of ids)."""
    resource = ctx.pick(("items", "stock", "prices", "contacts", "line-items"))
    method = ctx.pick(("PUT", "POST", "POST", "DELETE", "PATCH"))
    headers = headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile")), content_type="application/json", auth=ctx.pick(("jwt", "apikey")))
    if method == "DELETE":
        shape = ctx.rng.randrange(3)  # build only the chosen shape: every registered slot must be rendered
        if shape == 0:
            body: Any = [rid(ctx) for _ in range(ctx.rng.randint(1, 8))]
        elif shape == 1:
            body = [j(ctx, "ids", f"{resource[:3]}_{v.alnum_token(ctx, 10)}") for _ in range(ctx.rng.randint(1, 5))]
        else:
            body = [{"id": j(ctx, "[].id", str(rid(ctx)))} for _ in range(ctx.rng.randint(1, 4))]
    elif resource == "contacts":
        body = []
        for i in range(ctx.rng.randint(1, 5)):
            first, last = v.person_name(ctx)
            body.append({"first_name": j(ctx, f"[{i}].first_name", first), "last_name": j(ctx, f"[{i}].last_name", last),
                         "email": j(ctx, f"[{i}].email", ctx.fake.email()), "company": j(ctx, f"[{i}].company", ctx.fake.company())})
    else:
        body = [_bulk_row(ctx, i) for i in range(ctx.rng.randint(1, 8))]
    q = qs(ctx, [("dry_run", ctx.pick(("true", "false")))]) if ctx.chance(0.2) else ""
    return req(method, f"/bulk/v1/{resource}", headers, q, dumps(ctx, body))


@template("train", ("/drive/api/",))
def drive_file_ops(ctx: Ctx) -> Request:
    """A storage app: every other field is a path (`"path": "/Documents/..."`)."""
    kind = ctx.pick(("list", "move", "copy", "mkdir", "rename", "share", "delete"))
    profile = ctx.pick(("xhr", "sdk"))
    if kind == "list":
        pairs = [("path", v.storage_dir(ctx)), ("recursive", ctx.pick(("true", "false"))), ("limit", ctx.pick((100, 500)))]
        if ctx.chance(0.3):
            pairs.append(("cursor", v.b64url(ctx.rng.randbytes(18))))
        return req("GET", "/drive/api/files/list", headers_for(ctx, profile, auth="jwt"), qs(ctx, pairs))
    if kind == "delete":
        target = v.storage_dir(ctx) + "/" + ctx.en.file_name()
        return req("DELETE", "/drive/api/files", headers_for(ctx, profile, auth="jwt"), qs(ctx, [("path", target)]))
    src = v.storage_dir(ctx) + "/" + ctx.fake.file_name()
    if kind in ("move", "copy"):
        body: dict[str, Any] = {"from_path": j(ctx, "from_path", src), "to_path": j(ctx, "to_path", v.storage_dir(ctx) + "/" + src.rsplit("/", 1)[1]),
                                "autorename": ctx.chance(0.5)}
    elif kind == "mkdir":
        body = {"path": j(ctx, "path", v.storage_dir(ctx)), "parents": True}
    elif kind == "rename":
        body = {"path": j(ctx, "path", src), "new_name": j(ctx, "new_name", ctx.pick((ctx.fake.file_name(), "final (v2) -- " + ctx.en.word() + ".docx", "Mum's " + ctx.en.word() + ".pdf")))}
    else:
        body = {"path": j(ctx, "path", src), "members": [{"email": j(ctx, "email", ctx.fake.email()), "role": ctx.pick(("viewer", "editor"))}
                                                         for _ in range(ctx.rng.randint(1, 3))],
                "message": j(ctx, "message", v.dashy_text(ctx) if ctx.chance(0.4) else v.prose(ctx, 1, 2))}
    if ctx.chance(0.4):
        body["client_path"] = j(ctx, "client_path", v.file_path(ctx))
    return req("POST", f"/drive/api/files/{kind}", headers_for(ctx, profile, content_type="application/json", auth="jwt"), body=dumps(ctx, body))


@template("train", ("/accounts/",), weight=1.2)
def account_redirect_flow(ctx: Ctx) -> Request:
    """Sign-in, sign-out and SSO callbacks: `next=/...`, `return_to=`, `redirect_uri=`."""
    site = v.site(ctx)
    kind = ctx.pick(("signin_get", "signin_post", "logout", "callback", "switch"))
    target = ctx.pick((v.app_path(ctx), v.app_path(ctx), site + v.app_path(ctx), "/"))
    name = ctx.pick(("next", "return_to", "redirect", "returnTo", "continue", "redirect_url"))
    if kind == "signin_get":
        return req("GET", "/accounts/signin", headers_for(ctx, "nav", referer=site + v.app_path(ctx)), qs(ctx, [(name, target)]))
    if kind == "logout":
        pairs = [(name, target)] + ([("reason", ctx.pick(("timeout", "user", "password_changed")))] if ctx.chance(0.4) else [])
        return req("GET", "/accounts/logout", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs))
    if kind == "callback":
        pairs = [("code", v.alnum_token(ctx, 32)), ("state", v.b64url(json.dumps({"returnTo": target}).encode()) if ctx.chance(0.5) else v.alnum_token(ctx, 24)),
                 ("scope", ctx.pick(("openid email profile", "openid")))]
        return req("GET", f"/accounts/callback/{ctx.pick(('google', 'github', 'microsoft', 'okta'))}", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs, fixed=("code",)))
    if kind == "switch":
        body = {"organization": j(ctx, "organization", ctx.fake.company()), "return_to": j(ctx, "return_to", v.app_path(ctx))}
        return req("POST", "/accounts/switch", headers_for(ctx, "xhr", content_type="application/json", cookies=True, origin=site), body=dumps(ctx, body))
    _, last = v.person_name(ctx)
    pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("email", ctx.pick((ctx.fake.email(), f"{last.lower()}@{ctx.en.domain_name()}"))),
             ("password", ctx.fake.password(length=ctx.rng.randint(8, 20), special_chars=True)), (name, target)]
    query = qs(ctx, [(name, target)]) if ctx.chance(0.5) else ""
    return req("POST", "/accounts/signin", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/accounts/signin"),
               query, form(ctx, pairs, fixed=("authenticity_token",)))


@template("train", ("/repos/",), weight=1.2)
def repo_issue_comment(ctx: Ctx) -> Request:
    """Code-hosting comments: markdown, code blocks, relative paths, `--` flags in prose."""
    owner = seg(ctx, "owner", ctx.fake.user_name())
    repo = seg(ctx, "repo", ctx.pick((ctx.en.slug(), ctx.en.word() + "-" + ctx.pick(("api", "cli", "web", "docs")), ctx.en.word())))
    n = ctx.rng.randint(1, 9000)
    headers = headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth=ctx.pick(("jwt", "apikey")),
                          accept=ctx.pick(("application/vnd.github+json", "application/json")))
    kind = ctx.pick(("comment", "comment", "issue", "review", "edit"))
    if kind == "comment":
        text = v.markdown_post(ctx, code_rate=0.6) if ctx.chance(0.7) else v.dashy_text(ctx)
        if ctx.chance(0.35):
            text = synth_tech.with_code(ctx, text)
        if ctx.chance(0.3):
            text += f"\n\nSee `{v.file_path(ctx)}` and ../{ctx.en.word()}/README.md, run with `--{ctx.en.word()}`."
        return req("POST", f"/repos/{owner}/{repo}/issues/{n}/comments", headers, body=dumps(ctx, {"body": j(ctx, "body", text)}))
    if kind == "issue":
        body = {"title": j(ctx, "title", v.short_text(ctx)), "body": j(ctx, "body", v.markdown_post(ctx, code_rate=0.5)),
                "labels": [j(ctx, "labels", ctx.pick(("bug", "enhancement", "good first issue", "won't fix", "docs", "c++"))) for _ in range(ctx.rng.randint(0, 3))],
                "assignees": [ctx.fake.user_name() for _ in range(ctx.rng.randint(0, 2))]}
        return req("POST", f"/repos/{owner}/{repo}/issues", headers, body=dumps(ctx, body))
    if kind == "review":
        comments = [{"path": j(ctx, "path", ctx.en.file_path(depth=ctx.rng.randint(1, 3), absolute=False)), "line": ctx.rng.randint(1, 400),
                     "body": j(ctx, "body", ctx.pick((v.prose(ctx, 1, 2), "nit: " + v.sentence(ctx), v.dashy_text(ctx))))} for _ in range(ctx.rng.randint(1, 4))]
        body = {"event": ctx.pick(("COMMENT", "APPROVE", "REQUEST_CHANGES")), "body": j(ctx, "review", v.prose(ctx, 0, 2)), "comments": comments}
        return req("POST", f"/repos/{owner}/{repo}/pulls/{n}/reviews", headers, body=dumps(ctx, body))
    body = {"body": j(ctx, "body", v.markdown_post(ctx)), "state": ctx.pick(("open", "closed"))}
    return req("PATCH", f"/repos/{owner}/{repo}/issues/{n}", headers, body=dumps(ctx, body))


@template("train", ("/backoffice/api/",), weight=1.2)
def backoffice_crud(ctx: Ctx) -> Request:
    """Admin CRUD with PUT and DELETE, nested arrays of objects inside objects."""
    resource = ctx.pick(("customers", "coupons", "products", "staff", "pages"))
    method = ctx.pick(("GET", "PUT", "PUT", "POST", "DELETE"))
    rid_ = ctx.pick((rid(ctx), ctx.fake.uuid4()))
    headers = headers_for(ctx, "xhr", content_type=None if method in ("GET", "DELETE") else "application/json", cookies=True, origin=v.site(ctx))
    if method == "GET":
        pairs = [("search", ctx.pick((v.tricky_search(ctx), ctx.fake.last_name(), ctx.fake.email()))), ("sort", ctx.pick(("-updated_at", "name", "created_at"))),
                 ("page", ctx.rng.randint(1, 30))]
        if ctx.chance(0.5):
            pairs += v.keyword_params(ctx, 1, 3)
        return req("GET", f"/backoffice/api/{resource}", headers, qs(ctx, pairs))
    if method == "DELETE":
        q = qs(ctx, [("reason", v.prose(ctx, 1, 1))]) if ctx.chance(0.3) else ""
        return req("DELETE", f"/backoffice/api/{resource}/{seg(ctx, 'id', rid_)}", headers, q)
    first, last = v.person_name(ctx)
    body: dict[str, Any] = {
        "name": j(ctx, "name", f"{first} {last}" if resource in ("customers", "staff") else ctx.fake.catch_phrase()),
        "notes": j(ctx, "notes", synth_tech.with_aside(ctx, v.free_text(ctx)) if ctx.chance(0.15) else v.free_text(ctx)),
        "addresses": [{"label": j(ctx, "addresses[].label", ctx.pick(("home", "work", "Mum's place"))), "line1": j(ctx, "addresses[].line1", ctx.fake.street_address()),
                       "city": ctx.fake.city()} for _ in range(ctx.rng.randint(0, 2))],
        "links": [{"title": j(ctx, "links[].title", ctx.en.word()), "href": j(ctx, "links[].href", ctx.pick((v.app_path(ctx), ctx.fake.url())))} for _ in range(ctx.rng.randint(0, 3))],
        "active": ctx.chance(0.8),
    }
    if ctx.chance(0.4):
        body.update(v.keyword_json(ctx, 1, 3))
    if resource == "coupons":
        body["rules"] = [{"min_total": ctx.rng.randrange(0, 200), "categories": [ctx.en.word() for _ in range(2)]}]
    path = f"/backoffice/api/{resource}" if method == "POST" else f"/backoffice/api/{resource}/{seg(ctx, 'id', rid_)}"
    return req(method, path, headers, body=dumps(ctx, body))


@template("train", ("/scim/v2/",))
def scim_provisioning(ctx: Ctx) -> Request:
    """Identity-provider user provisioning: nested names, arrays of emails and addresses."""
    headers = headers_for(ctx, "sdk", content_type="application/scim+json", auth=ctx.pick(("jwt", "apikey")), accept="application/scim+json")
    if ctx.chance(0.25):
        user = ctx.fake.user_name()
        flt = f'userName eq "{ctx.slot("query", "userName", user)}"'
        q = f"filter={ctx.qenc(flt)}&startIndex={ctx.rng.randint(1, 50)}&count={ctx.pick((10, 100))}"
        return req("GET", "/scim/v2/Users", headers, q)
    first, last = v.person_name(ctx)
    email = ctx.fake.email()
    body = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": j(ctx, "userName", email),
        "name": {"givenName": j(ctx, "givenName", first), "familyName": j(ctx, "familyName", last), "formatted": j(ctx, "formatted", f"{first} {last}")},
        "displayName": j(ctx, "displayName", f"{first} {last}"),
        "emails": [{"value": j(ctx, "emails[].value", email), "type": "work", "primary": True}],
        "addresses": [{"streetAddress": j(ctx, "streetAddress", ctx.fake.street_address()), "locality": j(ctx, "locality", ctx.fake.city()),
                       "postalCode": ctx.fake.postcode(), "country": ctx.fake.country_code(), "type": "work"}] if ctx.chance(0.5) else [],
        "title": j(ctx, "title", ctx.fake.job()),
        "active": ctx.chance(0.9),
        "groups": [{"value": ctx.fake.uuid4(), "display": j(ctx, "groups[].display", ctx.pick(("Engineering", "R&D", "Sales & Marketing", ctx.fake.company())))}
                   for _ in range(ctx.rng.randint(0, 2))],
    }
    if ctx.chance(0.4):
        body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = {"department": j(ctx, "department", ctx.pick(("R&D", "Ops -- EMEA", ctx.en.word()))),
                                                                              "manager": {"value": ctx.fake.uuid4()}}
    if ctx.chance(0.5):
        return req("POST", "/scim/v2/Users", headers, body=dumps(ctx, body))
    return req("PUT", f"/scim/v2/Users/{seg(ctx, 'id', ctx.fake.uuid4())}", headers, body=dumps(ctx, body))


def _ics_file(ctx: Ctx) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{ctx.fake.company()}//Calendar//EN"]
    for i in range(ctx.rng.randint(1, 3)):
        start = v.when(ctx)
        lines += ["BEGIN:VEVENT", f"UID:{ctx.fake.uuid4()}@{ctx.en.domain_name()}", f"DTSTART:{start.strftime('%Y%m%dT%H%M%SZ')}",
                  f"SUMMARY:{ctx.slot('multipart', f'summary{i}', v.short_text(ctx))}",
                  f"DESCRIPTION:{v.sentence(ctx)} -- {ctx.fake.first_name()}", f"LOCATION:{ctx.fake.address().replace(chr(10), ', ')}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines)


def _contacts_csv(ctx: Ctx) -> str:
    rows = [ctx.pick(("first_name,last_name,email,notes", "Name;E-mail;Comment", "name,email,company,tags"))]
    sep = ";" if rows[0].count(";") else ","
    for i in range(ctx.rng.randint(2, 8)):
        first, last = v.person_name(ctx)
        note = ctx.pick((v.sentence(ctx), v.tricky_search(ctx), "-- no notes --", v.app_path(ctx), ""))
        cell = ctx.slot("multipart", f"row{i}", note) if i == 0 else note
        rows.append(sep.join((f'"{first}"', f'"{last}"', ctx.fake.email(), f'"{str(cell).replace(chr(34), chr(39))}"')))
    return "\n".join(rows)


@template("train", ("/imports/",), weight=1.2)
def data_import_upload(ctx: Ctx) -> Request:
    """CSV and ICS text uploads with several text fields beside the file."""
    kind = ctx.pick(("contacts", "calendar"))
    fields: list[tuple[str, Any]] = [("name", ctx.pick((v.short_text(ctx), ctx.fake.file_name()))), ("notes", v.free_text(ctx)),
                                     ("target_folder", v.storage_dir(ctx))]
    if ctx.chance(0.5):
        fields.append(("mapping", json.dumps({"Name": "full_name", "E-mail": "email"})))
    if kind == "contacts":
        files = [("file", ctx.fake.file_name(extension="csv"), ctx.pick(("text/csv", "application/vnd.ms-excel")), _contacts_csv(ctx))]
    else:
        files = [("file", ctx.fake.file_name(extension="ics"), "text/calendar", _ics_file(ctx))]
    ctype, body = multipart(ctx, fields, files)
    site = v.site(ctx)
    return req("POST", f"/imports/{kind}", headers_for(ctx, "nav", content_type=ctype, origin=site, referer=site + "/imports", cookies=True), body=body)


@template("train", ("/membership/",), weight=1.5)
def membership_signup(ctx: Ctx) -> Request:
    """A long registration form (urlencoded or multipart): every text field is a slot."""
    first, last = v.person_name(ctx)
    fields: list[tuple[str, Any]] = [
        ("first_name", first), ("last_name", last), ("email", ctx.fake.email()), ("phone", ctx.fake.phone_number()),
        ("date_of_birth", v.iso_date(ctx)), ("address_line1", ctx.fake.street_address()),
        ("address_line2", ctx.pick(("", "Apt 2", "c/o " + ctx.fake.name(), "Flat 3 -- rear entrance"))),
        ("city", ctx.fake.city()), ("postcode", ctx.fake.postcode()), ("country", ctx.fake.country()),
        ("organisation", ctx.pick((ctx.fake.company(), "", "Self-employed"))), ("website", ctx.pick(("", ctx.fake.url(), ctx.fake.url() + ctx.en.uri_path()))),
        ("heard_about_us", ctx.pick(("a friend", "Google", "O'Brien's newsletter", "podcast -- episode 12", v.tricky_search(ctx)))),
        ("interests", ", ".join(ctx.en.words(ctx.rng.randint(1, 4)))),
        ("about_you", v.free_text(ctx)),
        ("accessibility_needs", ctx.pick(("", "none", v.prose(ctx, 1, 2)))),
        ("emergency_contact", ctx.fake.name() + " " + ctx.fake.phone_number()),
        ("comments", ctx.pick(("", v.dashy_text(ctx), v.prose(ctx, 1, 3, trap_rate=0.5)))),
        ("return_url", v.app_path(ctx)),
    ]
    site = v.site(ctx)
    plan = seg(ctx, "plan", ctx.pick(("basic", "family", "student", "supporter")))
    if ctx.chance(0.5):
        ctype, body = multipart(ctx, fields, [("photo_caption", f"{last}.txt", "text/plain", v.sentence(ctx))] if ctx.chance(0.4) else [])
    else:
        ctype, body = "application/x-www-form-urlencoded", form(ctx, fields + [("agree_terms", "on")], fixed=("agree_terms",))
    return req("POST", f"/membership/join/{plan}", headers_for(ctx, "nav", content_type=ctype, origin=site, referer=f"{site}/membership"), body=body)


@template("train", ("/rum/",))
def rum_beacon(ctx: Ctx) -> Request:
    """Browser monitoring beacons: nested arrays of objects, page paths everywhere."""
    site = v.site(ctx)
    if ctx.chance(0.3):
        pairs = [("p", v.app_path(ctx)), ("r", ctx.pick((site + v.app_path(ctx), "https://www.google.com/", ""))), ("t", ctx.pick(("pv", "click", "err"))),
                 ("sw", ctx.pick((390, 1440, 1920))), ("cid", v.hex_token(ctx, 16))]
        return req("GET", "/rum/p.gif", headers_for(ctx, "nav", accept="image/avif,image/webp,*/*", referer=site + "/"), qs(ctx, pairs, fixed=("cid",)))
    entries = []
    for i in range(ctx.rng.randint(1, 4)):
        entry: dict[str, Any] = {
            "type": ctx.pick(("navigation", "resource", "error", "action")),
            "page": j(ctx, f"entries[{i}].page", v.app_path(ctx)),
            "t": ctx.rng.randrange(0, 60000),
            "attrs": [{"k": ctx.pick(("button", "section", "variant", "query")), "v": j(ctx, f"entries[{i}].attrs[].v", ctx.pick((ctx.en.word(), v.tricky_search(ctx), v.app_path(ctx))))}
                      for _ in range(ctx.rng.randint(0, 3))],
        }
        if entry["type"] == "resource":
            entry["resources"] = [{"name": f"/static/{ctx.pick(('js', 'css', 'img'))}/{ctx.en.word()}.{v.hex_token(ctx, 8)}.{ctx.pick(('js', 'css', 'webp'))}",
                                   "duration": round(ctx.rng.uniform(1, 900), 1)} for _ in range(ctx.rng.randint(1, 4))]
        if entry["type"] == "error":
            entry["message"] = j(ctx, f"entries[{i}].message", ctx.pick(("TypeError: Cannot read properties of undefined (reading 'id')", "ResizeObserver loop limit exceeded",
                                                                         f"Failed to fetch {v.app_path(ctx)}", "Script error.")))
            entry["stack"] = [f"at {ctx.en.word()} ({site}/static/js/main.{v.hex_token(ctx, 8)}.js:{ctx.rng.randint(1, 9)}:{ctx.rng.randint(1, 30000)})" for _ in range(2)]
        entries.append(entry)
    body = {"v": 2, "session": v.hex_token(ctx, 16), "view": {"url": j(ctx, "view.url", site + v.app_path(ctx)), "referrer": j(ctx, "view.referrer", v.app_path(ctx))},
            "entries": entries}
    return req("POST", "/rum/v1/collect", headers_for(ctx, "xhr", content_type=ctx.pick(("text/plain;charset=UTF-8", "application/json")), origin=site, cookies=False), body=dumps(ctx, body))


@template("train", ("/prefs/",))
def prefs_paths_api(ctx: Ctx) -> Request:
    """A settings API with many path and URL values (`"home": "/dashboard"`)."""
    if ctx.chance(0.25):
        return req("GET", "/prefs/v1/me", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, [("section", ctx.pick(("general", "editor", "sync")))]))
    headers = headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt")
    body: dict[str, Any] = {
        "start_page": j(ctx, "start_page", v.app_path(ctx)),
        "after_login": j(ctx, "after_login", v.app_path(ctx)),
        "avatar_url": j(ctx, "avatar_url", ctx.pick((v.app_path(ctx), f"/images/avatars/{v.hex_token(ctx, 12)}.png", ctx.fake.image_url()))),
        "download_dir": j(ctx, "download_dir", v.file_path(ctx)),
        "sync": {"folders": [j(ctx, "sync.folders", ctx.pick((v.storage_dir(ctx), v.file_path(ctx)))) for _ in range(ctx.rng.randint(1, 3))], "wifi_only": ctx.chance(0.5)},
        "shortcuts": [{"label": j(ctx, "shortcuts[].label", ctx.pick((ctx.en.word(), "Mum's stuff", "R&D", "c++ notes"))), "path": j(ctx, "shortcuts[].path", v.app_path(ctx))}
                      for _ in range(ctx.rng.randint(0, 3))],
        "signature": j(ctx, "signature", v.signature(ctx)),
        "webhook_url": j(ctx, "webhook_url", ctx.fake.url() + ctx.en.uri_path()) if ctx.chance(0.4) else None,
        "theme": ctx.pick(("dark", "light", "system")),
    }
    return req(ctx.pick(("PUT", "PATCH")), "/prefs/v1/me", headers, body=dumps(ctx, body))


@template("train", ("/notes/api/",), weight=1.5)
def notes_long_prose(ctx: Ctx) -> Request:
    """A notes app: long prose with dashes, lists, paths and sign-offs."""
    method = ctx.pick(("POST", "POST", "PUT", "PUT", "GET", "DELETE"))
    nid = ctx.pick((ctx.fake.uuid4(), str(rid(ctx))))
    profile = ctx.pick(("xhr", "mobile"))
    if method == "GET":
        return req("GET", "/notes/api/search", headers_for(ctx, profile, auth="jwt"), qs(ctx, [("q", v.search_terms(ctx)), ("folder", v.storage_dir(ctx))]))
    if method == "DELETE":
        return req("DELETE", f"/notes/api/notes/{seg(ctx, 'note', nid)}", headers_for(ctx, profile, auth="jwt"))
    body: dict[str, Any] = {
        "title": j(ctx, "title", ctx.pick((v.short_text(ctx), "-- " + ctx.en.word() + " --", v.tricky_search(ctx)))),
        "content": j(ctx, "content", ctx.pick((v.long_prose, v.long_prose, v.long_prose, v.dashy_text, v.markdown_post))(ctx)),
        "folder": j(ctx, "folder", v.storage_dir(ctx)),
        "tags": [j(ctx, "tags", ctx.pick((ctx.en.word(), "c#", "r&d", "to-do", "it's done"))) for _ in range(ctx.rng.randint(0, 3))],
        "attachments": [{"name": ctx.en.file_name(), "path": j(ctx, "attachments[].path", v.file_path(ctx))} for _ in range(ctx.rng.randint(0, 2))],
        "pinned": ctx.chance(0.2),
    }
    if ctx.chance(0.3):
        body.update(v.keyword_json(ctx, 1, 2))
    path = "/notes/api/notes" if method == "POST" else f"/notes/api/notes/{seg(ctx, 'note', nid)}"
    return req(method, path, headers_for(ctx, profile, content_type="application/json", auth="jwt"), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# PHP apps (WordPress, phpBB, OpenCart, a home-grown admin panel): `.php`
# paths and SQL/shell words in parameter names are everyday benign traffic
# --------------------------------------------------------------------------


def _php_headers(ctx: Ctx, profile: str = "nav", content_type: str | None = None, referer: str | None = None) -> list[list[str]]:
    site = v.site(ctx)
    return headers_for(ctx, profile, content_type=content_type, origin=site if content_type else None, referer=referer and site + referer, cookies=ctx.chance(0.8))


@template("train", ("/wp-", "/news/"), weight=1.5)
def wordpress_site(ctx: Ctx) -> Request:
    """WordPress: `index.php?p=`, search, admin-ajax, the REST API, login and comments."""
    r = ctx.rng.random()
    if r < 0.25:
        pairs = ctx.pick(([("p", rid(ctx))], [("page_id", ctx.rng.randint(2, 900))], [("s", v.search_terms(ctx))],
                          [("cat", ctx.rng.randint(1, 60)), ("paged", ctx.rng.randint(2, 12))], [("s", v.search_terms(ctx)), ("post_type", "product")]))
        path = ctx.pick(("/news/index.php", "/news/", "/news/index.php"))
        return req("GET", path, _php_headers(ctx, referer="/news/"), qs(ctx, pairs + (v.keyword_params(ctx, 0, 1) if ctx.chance(0.3) else [])))
    if r < 0.45:
        action = ctx.pick(("heartbeat", "query-attachments", "wp_ajax_load_more", "woocommerce_get_refreshed_fragments", "save-widget", "closed-postboxes"))
        pairs: list[tuple[str, Any]] = [("action", action), ("_wpnonce" if ctx.chance(0.5) else "nonce", v.hex_token(ctx, 10))]
        if action == "heartbeat":
            pairs += [("data[wp-refresh-post-lock][post_id]", rid(ctx)), ("interval", ctx.pick((15, 60))), ("_nonce", v.hex_token(ctx, 10)), ("screen_id", ctx.pick(("post", "dashboard", "edit-page")))]
        elif action == "query-attachments":
            pairs += [("query[orderby]", "date"), ("query[order]", "DESC"), ("query[posts_per_page]", 80), ("query[paged]", ctx.rng.randint(1, 5))]
        else:
            pairs += [("page", ctx.rng.randint(1, 9)), ("post_id", rid(ctx))]
        pairs += v.keyword_params(ctx, 0, 2)
        return req("POST", "/wp-admin/admin-ajax.php", _php_headers(ctx, "xhr", "application/x-www-form-urlencoded; charset=UTF-8", "/wp-admin/"),
                   body=form(ctx, pairs, fixed=("action",)))
    if r < 0.65:
        kind = ctx.pick(("posts", "pages", "categories", "comments", "media", "tags"))
        pairs = [("per_page", ctx.pick((5, 10, 20, 100))), ("page", ctx.rng.randint(1, 6)),
                 ("orderby", ctx.pick(("date", "title", "modified", "id", "relevance"))), ("order", ctx.pick(("desc", "asc"))),
                 ("search", v.search_terms(ctx)) if ctx.chance(0.3) else ("search", None), ("_embed", 1) if ctx.chance(0.3) else ("_embed", None),
                 ("categories", ",".join(str(ctx.rng.randint(1, 40)) for _ in range(ctx.rng.randint(1, 3)))) if kind == "posts" and ctx.chance(0.4) else ("categories", None)]
        if ctx.chance(0.4):
            return req("GET", f"/wp-json/wp/v2/{kind}/{seg(ctx, 'id', rid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "sdk"))), qs(ctx, [("context", ctx.pick(("view", "edit", "embed")))]))
        return req("GET", f"/wp-json/wp/v2/{kind}", headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile"))), qs(ctx, pairs))
    if r < 0.8:
        site = v.site(ctx)
        fields = [("log", ctx.pick((ctx.fake.user_name(), ctx.fake.email()))), ("pwd", v.alnum_token(ctx, ctx.rng.randint(8, 20))), ("rememberme", "forever"),
                  ("wp-submit", "Log In"), ("redirect_to", site + "/wp-admin/" + ctx.pick(("", "edit.php", "post-new.php", "profile.php"))), ("testcookie", "1")]
        return req("POST", "/wp-login.php", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/wp-login.php", cookies=True),
                   body=form(ctx, fields, fixed=("rememberme", "wp-submit", "testcookie")))
    first, last = v.person_name(ctx)
    fields = [("comment", v.prose(ctx, 1, 4, trap_rate=0.5)), ("author", f"{first} {last}"), ("email", ctx.fake.email()),
              ("url", ctx.pick(("", ctx.fake.url()))), ("submit", "Post Comment"), ("comment_post_ID", rid(ctx)), ("comment_parent", ctx.pick((0, 0, rid(ctx))))]
    return req("POST", "/wp-comments-post.php", _php_headers(ctx, "nav", "application/x-www-form-urlencoded", "/news/"), body=form(ctx, fields, fixed=("submit",)))


@template("train", ("/community/",), weight=1.5)
def phpbb_forum(ctx: Ctx) -> Request:
    """phpBB-style board: viewtopic, viewforum, posting, search and member list scripts."""
    r = ctx.rng.random()
    sid = [("sid", v.hex_token(ctx, 32))] if ctx.chance(0.3) else []
    if r < 0.3:
        pairs: list[tuple[str, Any]] = [("f", ctx.rng.randint(1, 80)), ("t", rid(ctx)), ("start", ctx.pick((0, 15, 30, 45, 150)))]
        if ctx.chance(0.3):
            pairs = [("p", rid(ctx))] + ([("hilit", v.search_terms(ctx))] if ctx.chance(0.5) else [])
        return req("GET", "/community/viewtopic.php", _php_headers(ctx, referer="/community/viewforum.php"), qs(ctx, pairs + sid, fixed=("sid",)))
    if r < 0.45:
        pairs = [("f", ctx.rng.randint(1, 80)), ("sk", ctx.pick(("t", "a", "r", "s", "v"))), ("sd", ctx.pick(("d", "a"))), ("st", ctx.pick((0, 1, 7, 30, 365)))]
        return req("GET", "/community/viewforum.php", _php_headers(ctx, referer="/community/index.php"), qs(ctx, pairs + v.keyword_params(ctx, 0, 1) + sid, fixed=("sid",)))
    if r < 0.7:
        mode = ctx.pick(("reply", "post", "quote", "edit"))
        q = qs(ctx, [("mode", mode), ("f", ctx.rng.randint(1, 80)), ("t", rid(ctx)) if mode != "post" else ("t", None)], fixed=("mode",))
        fields = [("subject", ctx.pick(("Re: " + v.short_text(ctx), v.short_text(ctx)))), ("message", ctx.pick((v.bbcode_post(ctx), v.free_text(ctx)))),
                  ("attach_sig", "on"), ("topic_type", 0), ("lastclick", ctx.rng.randrange(1_700_000_000, 1_760_000_000)),
                  ("creation_time", ctx.rng.randrange(1_700_000_000, 1_760_000_000)), ("form_token", v.hex_token(ctx, 40)), ("post", "Submit")]
        return req("POST", "/community/posting.php", _php_headers(ctx, "nav", "application/x-www-form-urlencoded", "/community/posting.php"),
                   q, body=form(ctx, fields, fixed=("attach_sig", "post", "topic_type")))
    if r < 0.9:
        pairs = [("keywords", v.search_terms(ctx)), ("terms", ctx.pick(("all", "any"))), ("author", ctx.pick(("", ctx.fake.user_name()))),
                 ("sc", 1), ("sf", ctx.pick(("all", "msgonly", "titleonly", "firstpost"))), ("sr", ctx.pick(("posts", "topics"))),
                 ("sk", ctx.pick(("t", "a", "f", "i", "s"))), ("sd", ctx.pick(("d", "a"))), ("st", 0), ("ch", 300), ("t", 0), ("submit", "Search")]
        return req("GET", "/community/search.php", _php_headers(ctx, referer="/community/search.php"), qs(ctx, pairs, fixed=("submit",)))
    pairs = [("mode", ctx.pick(("viewprofile", "group", "searchuser"))), ("u", ctx.rng.randint(2, 90000)), ("sk", ctx.pick(("a", "c", "d"))), ("sd", ctx.pick(("a", "d")))]
    return req("GET", "/community/memberlist.php", _php_headers(ctx, referer="/community/"), qs(ctx, pairs, fixed=("mode",)))


@template("train", ("/store/",), weight=1.5)
def opencart_store(ctx: Ctx) -> Request:
    """OpenCart-style shop: everything through `index.php?route=...`."""
    r = ctx.rng.random()
    path = "/store/index.php"
    if r < 0.3:
        pairs: list[tuple[str, Any]] = [("route", "product/product"), ("product_id", ctx.rng.randint(28, 9000))]
        if ctx.chance(0.4):
            pairs.insert(1, ("path", "_".join(str(ctx.rng.randint(17, 80)) for _ in range(ctx.rng.randint(1, 2)))))
        return req("GET", path, _php_headers(ctx, referer="/store/"), qs(ctx, pairs, fixed=("route",)))
    if r < 0.55:
        pairs = [("route", ctx.pick(("product/category", "product/search", "product/manufacturer/info"))),
                 ("sort", ctx.pick(("p.sort_order", "pd.name", "p.price", "rating", "p.model"))), ("order", ctx.pick(("ASC", "DESC"))),
                 ("limit", ctx.pick((15, 25, 50, 100)))]
        if pairs[0][1] == "product/search":
            pairs += [("search", v.search_terms(ctx)), ("description", "true") if ctx.chance(0.3) else ("description", None)]
        elif pairs[0][1] == "product/category":
            pairs.insert(1, ("path", ctx.rng.randint(17, 80)))
        else:
            pairs.insert(1, ("manufacturer_id", ctx.rng.randint(5, 60)))
        if ctx.chance(0.4):
            pairs.append(("page", ctx.rng.randint(2, 9)))
        return req("GET", path, _php_headers(ctx, referer="/store/index.php"), qs(ctx, pairs, fixed=("route",)))
    if r < 0.8:
        fields: list[tuple[str, Any]] = [("product_id", ctx.rng.randint(28, 9000)), ("quantity", ctx.rng.randint(1, 5))]
        for _ in range(ctx.rng.randint(0, 2)):
            fields.append((f"option[{ctx.rng.randint(200, 240)}]", ctx.pick((str(ctx.rng.randint(10, 60)), ctx.pick(v._COLORS), "XL"))))
        q = "route=" + ctx.pick(("checkout/cart/add", "checkout/cart.add"))
        return req("POST", path, _php_headers(ctx, "xhr", "application/x-www-form-urlencoded; charset=UTF-8", "/store/index.php"), q, body=form(ctx, fields))
    if ctx.chance(0.5):
        fields = [("email", ctx.fake.email()), ("password", v.alnum_token(ctx, 12))]
        return req("POST", path, _php_headers(ctx, "nav", "application/x-www-form-urlencoded", "/store/index.php"), "route=account/login", body=form(ctx, fields))
    first, last = v.person_name(ctx)
    fields = [("firstname", first), ("lastname", last), ("company", ctx.pick(("", ctx.fake.company()))), ("address_1", ctx.fake.street_address()),
              ("city", ctx.fake.city()), ("postcode", ctx.fake.postcode()), ("country_id", ctx.rng.randint(1, 250)), ("zone_id", ctx.rng.randint(1, 4000)),
              ("comment", ctx.pick(("", v.prose(ctx, 1, 2, trap_rate=0.5))))]
    q = "route=" + ctx.pick(("checkout/shipping_address/save", "checkout/payment_address.save", "checkout/confirm"))
    return req("POST", path, _php_headers(ctx, "xhr", "application/x-www-form-urlencoded; charset=UTF-8", "/store/index.php?route=checkout/checkout"), q, body=form(ctx, fields))


@template("train", ("/admin-panel/",), weight=1.5)
def php_admin_panel(ctx: Ctx) -> Request:
    """A home-grown PHP back office: list/edit/export scripts with sort, order, select, table, cmd."""
    r = ctx.rng.random()
    section = ctx.pick(("users", "orders", "products", "customers", "reports", "pages"))
    if r < 0.4:
        pairs: list[tuple[str, Any]] = [("page", ctx.rng.randint(1, 40)), ("sort", ctx.pick(v._COLUMNS)), ("order", ctx.pick(("asc", "desc"))),
                                        ("select", ctx.pick(("all", "none", "page"))) if ctx.chance(0.5) else ("select", None),
                                        ("q", v.search_terms(ctx)) if ctx.chance(0.3) else ("q", None)]
        pairs += v.keyword_params(ctx, 0, 2)
        return req("GET", f"/admin-panel/{section}/list.php", _php_headers(ctx, referer=f"/admin-panel/{section}/"), qs(ctx, pairs))
    if r < 0.6:
        pairs = [("format", ctx.pick(("csv", "xlsx", "pdf"))), ("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("table", section),
                 ("template", ctx.pick(("default", "summary", "detailed")))]
        return req("GET", "/admin-panel/export.php", _php_headers(ctx, referer="/admin-panel/"), qs(ctx, pairs))
    if r < 0.75:
        fields: list[tuple[str, Any]] = [("cmd", ctx.pick(("refresh", "save", "reorder", "toggle"))), ("id", rid(ctx))]
        fields += [("selected[]", ctx.rng.randint(1, 9999)) for _ in range(ctx.rng.randint(0, 4))] + v.keyword_params(ctx, 0, 2)
        return req("POST", "/admin-panel/ajax.php", _php_headers(ctx, "xhr", "application/x-www-form-urlencoded; charset=UTF-8", "/admin-panel/"), body=form(ctx, fields))
    if r < 0.85:
        fields = [("id", rid(ctx)), ("delete_token", v.hex_token(ctx, 32)), ("confirm", "1")]
        return req("POST", f"/admin-panel/{section}/delete.php", _php_headers(ctx, "nav", "application/x-www-form-urlencoded", f"/admin-panel/{section}/list.php"),
                   body=form(ctx, fields, fixed=("confirm",)))
    first, last = v.person_name(ctx)
    fields = [("id", rid(ctx)), ("name", f"{first} {last}"), ("email", ctx.fake.email()), ("notes", v.free_text(ctx)),
              ("status", ctx.pick(("active", "disabled", "pending"))), ("update", "1"), ("alert_level", ctx.pick(("low", "high")))]
    return req("POST", f"/admin-panel/{section}/edit.php", _php_headers(ctx, "nav", "application/x-www-form-urlencoded", f"/admin-panel/{section}/list.php"),
               f"id={rid(ctx)}", body=form(ctx, fields, fixed=("update",)))


# ==========================================================================
# HOLDOUT templates: travel, banking, jobs, wiki, chat, help desk, legacy PHP,
# SOAP/XML, JSON:API -- other endpoints, names, conventions and formats
# ==========================================================================


@template("holdout", ("/rest/hotels",), weight=1.5)
def hotel_search(ctx: Ctx) -> Request:
    pairs = [
        ("destination", ctx.pick((ctx.fake.city(), ctx.fake.country(), ctx.fake.city() + ", " + ctx.fake.country_code()))),
        ("checkIn", v.iso_date(ctx)), ("checkOut", v.iso_date(ctx)),
        ("adults", ctx.rng.randint(1, 4)), ("children", ctx.rng.randint(0, 3)),
        ("rooms", ctx.rng.randint(1, 2)), ("sortBy", ctx.pick(("popularity", "priceLowToHigh", "distance", "guestRating"))),
    ]
    if ctx.chance(0.3):
        pairs.append(("amenities", ctx.pick(("pool,wifi", "parking", "spa,gym,breakfast"))))
    return req("GET", "/rest/hotels/availability", headers_for(ctx, ctx.pick(("xhr", "mobile"))), qs(ctx, pairs))


@template("holdout", ("/rest/bookings",), weight=1.5)
def booking_create(ctx: Ctx) -> Request:
    first, last = v.person_name(ctx)
    body = {
        "hotelId": j(ctx, "hotelId", f"H{ctx.rng.randrange(10000, 99999)}"),
        "roomType": ctx.pick(("DOUBLE_DELUXE", "TWIN", "SUITE")),
        "guest": {"givenName": j(ctx, "givenName", first), "familyName": j(ctx, "familyName", last), "emailAddress": j(ctx, "emailAddress", ctx.fake.email())},
        "stay": {"arrival": v.iso_date(ctx), "departure": v.iso_date(ctx), "guests": ctx.rng.randint(1, 4)},
        "specialRequests": j(ctx, "specialRequests", v.prose(ctx, 1, 3, trap_rate=0.5)),
        "loyaltyNumber": ctx.fake.bothify("##########") if ctx.chance(0.3) else None,
    }
    return req("POST", "/rest/bookings", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))


@template("holdout", ("/rest/bookings",))
def booking_modify(ctx: Ctx) -> Request:
    ref = seg(ctx, "bookingRef", ctx.fake.bothify("??#####").upper())
    if ctx.chance(0.4):
        return req("DELETE", f"/rest/bookings/{ref}", headers_for(ctx, "mobile", auth="jwt"))
    body = {"op": "replace", "path": "/specialRequests", "value": j(ctx, "value", v.prose(ctx, 1, 2))}
    return req("PATCH", f"/rest/bookings/{ref}", headers_for(ctx, "xhr", content_type="application/json-patch+json", auth="jwt"), body=dumps(ctx, [body]))


@template("holdout", ("/banking/",), weight=1.5)
def bank_transfer(ctx: Ctx) -> Request:
    first, last = v.person_name(ctx)
    body = {
        "debtorAccount": {"iban": ctx.fake.iban()},
        "creditorName": j(ctx, "creditorName", f"{first} {last}"),
        "creditorAccount": {"iban": j(ctx, "iban", ctx.fake.iban())},
        "instructedAmount": {"amount": f"{v.price(ctx, 5, 5000):.2f}", "currency": ctx.pick(("EUR", "GBP", "CHF"))},
        "remittanceInformationUnstructured": j(ctx, "remittance", ctx.pick((f"Invoice {ctx.rng.randrange(1000, 99999)}", v.short_text(ctx), "Rent - " + v.when(ctx).strftime("%B")))),
        "requestedExecutionDate": v.iso_date(ctx),
    }
    return req("POST", "/banking/psd2/v1/payments/sepa-credit-transfers", headers_for(ctx, ctx.pick(("mobile", "sdk")), content_type="application/json", auth="jwt",
                                                                               extra=(("X-Request-ID", ctx.fake.uuid4()), ("PSU-IP-Address", ctx.fake.ipv4_public()))), body=dumps(ctx, body))


@template("holdout", ("/banking/",))
def bank_statements(ctx: Ctx) -> Request:
    acct = seg(ctx, "accountId", ctx.fake.uuid4())
    pairs = [("dateFrom", v.iso_date(ctx)), ("dateTo", v.iso_date(ctx)), ("bookingStatus", ctx.pick(("booked", "pending", "both")))]
    if ctx.chance(0.3):
        pairs.append(("counterparty", ctx.fake.company()))
    return req("GET", f"/banking/psd2/v1/accounts/{acct}/transactions", headers_for(ctx, "mobile", auth="jwt"), qs(ctx, pairs))


@template("holdout", ("/careers/",), weight=1.5)
def job_application(ctx: Ctx) -> Request:
    first, last = v.person_name(ctx)
    fields = [
        ("applicant[first_name]", first), ("applicant[last_name]", last), ("applicant[email]", ctx.fake.email()),
        ("applicant[phone]", ctx.fake.phone_number()), ("applicant[linkedin]", "https://www.linkedin.com/in/" + ctx.fake.user_name()),
        ("cover_letter", v.prose(ctx, 3, 8, trap_rate=0.4)), ("salary_expectation", str(ctx.rng.randrange(30, 200) * 1000)),
    ]
    resume = "\n".join([f"{first} {last}", ctx.fake.job(), ctx.fake.address(), "", "EXPERIENCE", *(f"- {ctx.fake.company()}: {ctx.fake.bs()}" for _ in range(3))])
    ctype, body = multipart(ctx, fields, [("resume", f"{last}_CV.txt", "text/plain", resume)])
    site = v.site(ctx)
    return req("POST", f"/careers/jobs/{rid(ctx)}/apply", headers_for(ctx, "nav", content_type=ctype, origin=site, referer=site + "/careers"), body=body)


@template("holdout", ("/careers/",))
def job_search(ctx: Ctx) -> Request:
    pairs = [("keywords", ctx.pick((ctx.fake.job(), v.search_terms(ctx)))), ("location", ctx.fake.city()), ("remote", ctx.pick(("yes", "no", "hybrid"))),
             ("experience_level[]", ctx.pick(("junior", "mid", "senior")))]
    return req("GET", "/careers/search", headers_for(ctx, "nav"), qs(ctx, pairs))


@template("holdout", ("/w/index.php", "/wiki/"), weight=1.5)
def wiki_edit(ctx: Ctx) -> Request:
    title = "_".join(ctx.fake.words(ctx.rng.randint(1, 3))).capitalize()
    if ctx.chance(0.4):
        return req("GET", f"/wiki/{seg(ctx, 'title', title)}", headers_for(ctx, "nav", referer=ctx.pick((None, "https://www.google.com/"))))
    text = f"== {v.short_text(ctx)} ==\n{v.prose(ctx, 2, 5, trap_rate=0.4)}\n\n* [[{ctx.en.word().capitalize()}]]\n* {{{{cite web|url={ctx.fake.url()}|title={ctx.en.word()}}}}}\n'''{ctx.en.word()}''' ''{ctx.en.word()}''"
    pairs = [("wpTextbox1", text), ("wpSummary", v.short_text(ctx)), ("wpEditToken", v.hex_token(ctx, 32) + "+\\"), ("wpStarttime", v.when(ctx).strftime("%Y%m%d%H%M%S"))]
    q = qs(ctx, [("title", title), ("action", "submit")], fixed=("action",))
    site = v.site(ctx)
    return req("POST", "/w/index.php", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, cookies=True), q, form(ctx, pairs, fixed=("wpEditToken", "wpStarttime")))


@template("holdout", ("/v2/channels/",), weight=1.5)
def chat_message(ctx: Ctx) -> Request:
    channel = seg(ctx, "channel", ctx.pick(("general", "random", "dev-" + ctx.en.word(), "C" + v.alnum_token(ctx, 10).upper())))
    text = v.markdown_post(ctx, code_rate=0.3) if ctx.chance(0.3) else v.prose(ctx, 1, 3, trap_rate=0.5)
    body = {"text": j(ctx, "text", text), "mentions": [f"U{v.alnum_token(ctx, 9).upper()}" for _ in range(ctx.rng.randint(0, 2))],
            "thread_ts": ctx.pick((None, f"{ctx.rng.randrange(1_700_000_000, 1_760_000_000)}.{ctx.rng.randrange(100000, 999999)}")),
            "client_msg_id": ctx.fake.uuid4()}
    return req("POST", f"/v2/channels/{channel}/messages", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))


@template("holdout", ("/helpdesk/",), weight=1.5)
def ticket_update(ctx: Ctx) -> Request:
    tid = rid(ctx)
    body = {"ticket": {"comment": {"body": j(ctx, "body", v.prose(ctx, 1, 5, trap_rate=0.5)), "public": ctx.chance(0.7)},
                       "status": ctx.pick(("open", "pending", "solved")), "priority": ctx.pick(("low", "normal", "high", "urgent")),
                       "tags": [ctx.en.word() for _ in range(ctx.rng.randint(0, 3))], "subject": j(ctx, "subject", v.short_text(ctx))}}
    return req("PUT", f"/helpdesk/tickets/{tid}.json", headers_for(ctx, "sdk", content_type="application/json", auth=ctx.pick(("basic", "apikey"))), body=dumps(ctx, body))


@template("holdout", ("/catalog.php", "/product_info.php"), weight=1.5)
def legacy_php_catalog(ctx: Ctx) -> Request:
    if ctx.chance(0.5):
        pairs = [("cat_id", ctx.rng.randrange(1, 300)), ("keywords", v.search_terms(ctx)), ("lang", ctx.locale[:2]), ("sid", v.hex_token(ctx, 26))]
        return req("GET", "/catalog.php", headers_for(ctx, "nav", cookies=False), qs(ctx, pairs, fixed=("sid",)))
    pairs = [("products_id", ctx.rng.randrange(1, 5000)), ("osCsid", v.hex_token(ctx, 26))]
    return req("GET", "/product_info.php", headers_for(ctx, "nav"), qs(ctx, pairs, fixed=("osCsid",)))


@template("holdout", ("/ws/CustomerService",))
def soap_xml(ctx: Ctx) -> Request:
    first, last = v.person_name(ctx)
    name = enc_xml(str(ctx.slot("xml", "Name", f"{first} {last}")))
    note = enc_xml(str(ctx.slot("xml", "Note", v.prose(ctx, 1, 2))))
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cus="http://example.com/customer">\n'
        "  <soapenv:Body>\n    <cus:UpdateCustomer>\n"
        f"      <cus:CustomerId>{ctx.rng.randrange(1, 10**6)}</cus:CustomerId>\n"
        f"      <cus:Name>{name}</cus:Name>\n      <cus:Note>{note}</cus:Note>\n"
        "    </cus:UpdateCustomer>\n  </soapenv:Body>\n</soapenv:Envelope>"
    )
    extra = (("SOAPAction", '"http://example.com/customer/UpdateCustomer"'),)
    return req("POST", "/ws/CustomerService", headers_for(ctx, "sdk", content_type="text/xml; charset=utf-8", extra=extra), body=body)


@template("holdout", ("/jsonapi/",))
def jsonapi_article(ctx: Ctx) -> Request:
    method = ctx.pick(("POST", "PATCH"))
    art_id = str(rid(ctx))
    data: dict[str, Any] = {"type": "articles", "attributes": {"title": j(ctx, "title", v.short_text(ctx)), "body": j(ctx, "body", v.rich_html(ctx) if ctx.chance(0.5) else v.prose(ctx, 2, 5))},
                            "relationships": {"author": {"data": {"type": "people", "id": str(rid(ctx))}}}}
    if method == "PATCH":
        data["id"] = art_id
    path = "/jsonapi/articles" if method == "POST" else f"/jsonapi/articles/{art_id}"
    return req(method, path, headers_for(ctx, "xhr", content_type="application/vnd.api+json", accept="application/vnd.api+json", auth="jwt"), body=dumps(ctx, {"data": data}))


@template("holdout", ("/gql",))
def graphql_get(ctx: Ctx) -> Request:
    query = "query Listing($slug: String!) { listing(slug: $slug) { title host { name } reviews(first: 5) { text rating } } }"
    variables = json.dumps({"slug": ctx.slot("json_query", "slug", v.slug(ctx))}, ensure_ascii=ctx.json_ascii, separators=(",", ":"))
    pairs = [("operationName", "Listing"), ("query", query), ("variables", variables)]
    q = "&".join(f"{k}={ctx.qenc(val)}" for k, val in pairs)
    return req("GET", "/gql", headers_for(ctx, "xhr", accept="application/json"), q)


@template("holdout", ("/events/",))
def event_rsvp(ctx: Ctx) -> Request:
    first, last = v.person_name(ctx)
    pairs = [("attendee_name", f"{first} {last}"), ("attendee_email", ctx.fake.email()), ("plus_ones", ctx.rng.randint(0, 2)),
             ("dietary_notes", ctx.pick(("", "vegetarian", "no nuts please!", "gluten-free & dairy-free", v.prose(ctx, 1, 1)))), ("answer", ctx.pick(("yes", "no", "maybe")))]
    site = v.site(ctx)
    return req("POST", f"/events/{seg(ctx, 'event', v.slug(ctx))}/rsvp", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/events"), body=form(ctx, pairs))


@template("holdout", ("/media/",))
def media_thumbnail(ctx: Ctx) -> Request:
    pairs = [("w", ctx.pick((64, 128, 320, 640, 1280))), ("h", ctx.pick((64, 128, 240, 480))), ("fit", ctx.pick(("cover", "contain", "crop"))), ("fm", ctx.pick(("webp", "avif", "jpg")))]
    path = f"/media/{ctx.rng.randrange(2019, 2026)}/{ctx.rng.randint(1, 12):02d}/{seg(ctx, 'file', ctx.fake.file_name(category='image'))}"
    return req("GET", path, headers_for(ctx, "nav", accept="image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", referer=v.site(ctx) + "/"), qs(ctx, pairs))


# The second set of held-out templates registers itself here (it imports the helpers above).
from waf_proxy.training import synth_templates_holdout  # noqa: E402,F401
# The third set ("holdout3", a group of its own) registers itself after it, so the
# "train" and "holdout" groups keep their templates and their order.
from waf_proxy.training import synth_templates_holdout3  # noqa: E402,F401
# More train templates, one module per kind of app (they import the helpers above).
from waf_proxy.training import synth_templates_business  # noqa: E402,F401
from waf_proxy.training import synth_templates_consumer  # noqa: E402,F401
from waf_proxy.training import synth_templates_platform  # noqa: E402,F401
from waf_proxy.training import synth_templates_devtools  # noqa: E402,F401
from waf_proxy.training import synth_templates_services  # noqa: E402,F401
from waf_proxy.training import synth_templates_studio  # noqa: E402,F401
from waf_proxy.training import synth_templates_community  # noqa: E402,F401
from waf_proxy.training import synth_templates_industry  # noqa: E402,F401
from waf_proxy.training import synth_templates_media  # noqa: E402,F401
from waf_proxy.training import synth_templates_dataworks  # noqa: E402,F401
from waf_proxy.training import synth_templates_opsconsole  # noqa: E402,F401
from waf_proxy.training import synth_templates_markup  # noqa: E402,F401
from waf_proxy.training import synth_templates_everyday  # noqa: E402,F401
# Calibration-only apps ("calib"): never trained on, never evaluated on; their benign
# traffic is where the threshold is fitted for apps the model has not seen.
from waf_proxy.training import synth_templates_calib_a  # noqa: E402,F401
from waf_proxy.training import synth_templates_calib_b  # noqa: E402,F401
# A fourth held-out set ("holdout4"), written blind on 12-06 to judge trial 62 against the shipped model.
from waf_proxy.training import synth_templates_holdout4_a  # noqa: E402,F401
from waf_proxy.training import synth_templates_holdout4_b  # noqa: E402,F401
# 48 more train apps, written blind on 12-06 (twentieth session) beside holdout-5.
from waf_proxy.training import synth_templates_science  # noqa: E402,F401
from waf_proxy.training import synth_templates_secops  # noqa: E402,F401
from waf_proxy.training import synth_templates_playcode  # noqa: E402,F401
from waf_proxy.training import synth_templates_enterprise  # noqa: E402,F401
from waf_proxy.training import synth_templates_localized  # noqa: E402,F401
from waf_proxy.training import synth_templates_devices  # noqa: E402,F401
# A fifth held-out set ("holdout5"), written blind on 12-06 to judge trial 64 against the shipped model.
from waf_proxy.training import synth_templates_holdout5_a  # noqa: E402,F401
from waf_proxy.training import synth_templates_holdout5_b  # noqa: E402,F401
