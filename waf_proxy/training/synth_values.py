"""Realistic values for generated requests: clients, tokens, free text, wire encodings.

Free text is where a WAF's false positives live, so the text generators mix
Faker prose in many languages with the awkward but harmless things people
write: apostrophes in names, SQL words in sentences, markdown with code,
punctuation runs, emoji, paths in prose and harmless rich-text HTML.
Everything draws its randomness from the `Ctx` (one `random.Random` and one
seeded Faker per request), so a seed reproduces a request exactly.
"""

from __future__ import annotations

import base64
import json
import random
import string
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Callable
from xml.sax.saxutils import escape as xml_escape

from faker import Faker
from faker.providers import BaseProvider

# Marks the slot chosen for an attack payload while a request is rendered; only
# letters, so every wire encoder leaves it untouched and it can be replaced
# afterwards by the payload encoded for its place.
SENTINEL = "QZXSLOTPAYLOADXZQ"

# --------------------------------------------------------------------------
# Wire encoders (exact: the matching standard decoder gives the value back)
# --------------------------------------------------------------------------


def enc_form(value: str) -> str:
    """Browser form / URLSearchParams encoding: space -> '+', everything else %XX."""
    return urllib.parse.quote_plus(value, safe="")


def enc_component(value: str) -> str:
    """JavaScript encodeURIComponent."""
    return urllib.parse.quote(value, safe="-_.!~*'()")


def enc_minimal(value: str) -> str:
    """What curl or a hand-built URL sends: sub-delimiters left raw, structure chars escaped."""
    return urllib.parse.quote(value, safe="!$'()*,;:@/?")


QUERY_ENCODERS = {"form": enc_form, "component": enc_component, "minimal": enc_minimal}


def enc_path(value: str) -> str:
    """A path segment value; '/' stays raw (a client joining segments does the same)."""
    return urllib.parse.quote(value, safe="/!$&'()*+,;=:@")


def enc_header(value: str) -> str:
    """Make a header value printable ASCII without surrounding whitespace."""
    if value.isascii() and value.isprintable() and value == value.strip(" ") and value:
        return value
    out = []
    last = len(value) - 1
    for i, ch in enumerate(value):
        o = ord(ch)
        if 32 < o < 127 or (o == 32 and 0 < i < last):
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)


def enc_cookie(value: str) -> str:
    """A cookie value: no separators, quotes, backslashes, spaces or non-ASCII."""
    out = []
    for ch in value:
        o = ord(ch)
        if 32 < o < 127 and ch not in ';,"\\':
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)


def enc_json(value: str, ensure_ascii: bool) -> str:
    """The inside of a JSON string literal."""
    return json.dumps(value, ensure_ascii=ensure_ascii)[1:-1]


def enc_xml(value: str) -> str:
    return xml_escape(value, {'"': "&quot;"})


def enc_gql_literal(value: str) -> str:
    """The inside of a GraphQL string literal."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


# --------------------------------------------------------------------------
# Per-request context
# --------------------------------------------------------------------------

LOCALES: tuple[tuple[str, float], ...] = (
    ("en_US", 30), ("en_GB", 8), ("de_DE", 7), ("fr_FR", 7), ("es_ES", 6), ("it_IT", 4),
    ("pt_BR", 5), ("nl_NL", 3), ("pl_PL", 3), ("ru_RU", 4), ("ja_JP", 4), ("zh_CN", 4),
    ("ko_KR", 2), ("tr_TR", 2), ("ar_AA", 2), ("hi_IN", 2), ("he_IL", 1), ("el_GR", 1),
    ("sv_SE", 1), ("uk_UA", 1), ("vi_VN", 1), ("th_TH", 1), ("cs_CZ", 1), ("en_IE", 1),
)
_LOCALE_NAMES = [name for name, _ in LOCALES]
_LOCALE_WEIGHTS = [w for _, w in LOCALES]


# Fixed bounds: Faker's relative dates ("-1y", "now") depend on today, which would break seeding.
_DATE_FROM, _DATE_TO = datetime(2023, 1, 1), datetime(2026, 12, 31)


class _FixedClock(BaseProvider):
    """Overrides Faker's "until now" date formatters (used inside e-mails and user
    names, e.g. `name_1997`) so that output depends on the seed only, not on today."""

    def date_time(self, tzinfo: Any = None, end_datetime: Any = None) -> datetime:
        return self.generator.date_time_between(datetime(1970, 1, 1), _DATE_TO, tzinfo)

    def date(self, pattern: str = "%Y-%m-%d", end_datetime: Any = None) -> str:
        return self.date_time().strftime(pattern)

    def date_object(self, end_datetime: Any = None) -> Any:
        return self.date_time().date()

    def year(self) -> str:
        return self.date("%Y")

    def month(self) -> str:
        return self.date("%m")

    def month_name(self) -> str:
        return self.date("%B")

    def day_of_month(self) -> str:
        return self.date("%d")


def _make_faker(locale: str) -> Faker:
    fake = Faker(locale)
    fake.add_provider(_FixedClock)
    for provider in fake.get_providers():
        # it_IT builds its city list from a set, whose order follows the process's
        # hash seed: sorted, a seed gives the same requests in every process.
        cities = getattr(provider, "cities", None)
        if locale == "it_IT" and isinstance(cities, list):
            provider.cities = sorted(cities)
    return fake


@lru_cache(maxsize=None)
def faker_for(locale: str) -> Faker:
    return _make_faker(locale)


@lru_cache(maxsize=1)
def _english_faker() -> Faker:
    """A second en_US instance, reseeded per request, for English words in any locale."""
    return _make_faker("en_US")


@dataclass
class Slot:
    """A place where an attack payload may go; `kind` decides how it is encoded."""

    kind: str  # json | json_query | query | form | path | header | cookie | multipart | xml | gql
    name: str
    benign: str


@dataclass
class Ctx:
    """Randomness and bookkeeping for rendering one request."""

    rng: random.Random
    fake: Faker
    en: Faker
    locale: str
    inject_at: int | None = None  # index of the slot that receives the payload
    slots: list[Slot] = field(default_factory=list)
    query_style: str = "form"
    form_style: str = "form"
    json_ascii: bool = False
    # rewrites prose in a chat register (`chat_register.chat_hook`); train traffic only
    chat: Callable[["Ctx", str], str] | None = None

    @classmethod
    def new(cls, rng: random.Random, locale: str | None = None, inject_at: int | None = None) -> "Ctx":
        loc = locale or rng.choices(_LOCALE_NAMES, _LOCALE_WEIGHTS)[0]
        fake = faker_for(loc)
        fake.seed_instance(rng.getrandbits(48))
        en = _english_faker()
        en.seed_instance(rng.getrandbits(48))
        ctx = cls(rng=rng, fake=fake, en=en, locale=loc, inject_at=inject_at)
        ctx.query_style = rng.choices(("form", "component", "minimal"), (5, 3, 2))[0]
        ctx.form_style = rng.choices(("form", "minimal"), (9, 1))[0]
        ctx.json_ascii = rng.random() < 0.35
        return ctx

    def slot(self, kind: str, name: str, value: Any) -> Any:
        """Register an injectable value; returns the sentinel when this is the chosen slot."""
        index = len(self.slots)
        self.slots.append(Slot(kind, name, str(value)))
        return SENTINEL if index == self.inject_at else value

    # shortcuts
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq: Any) -> Any:
        return seq[self.rng.randrange(len(seq))]

    def qenc(self, value: Any) -> str:
        return QUERY_ENCODERS[self.query_style](str(value))

    def fenc(self, value: Any) -> str:
        return QUERY_ENCODERS[self.form_style](str(value))


def encode_for_slot(ctx: Ctx, kind: str, payload: str) -> str:
    """Encode a payload for its place, exactly as the benign value there was encoded."""
    if kind == "json":
        return enc_json(payload, ctx.json_ascii)
    if kind == "json_query":  # JSON text sent as a query parameter (GraphQL over GET)
        return ctx.qenc(enc_json(payload, ctx.json_ascii))
    if kind == "gql":
        return enc_json(enc_gql_literal(payload), ctx.json_ascii)
    if kind == "query":
        return ctx.qenc(payload)
    if kind == "form":
        return ctx.fenc(payload)
    if kind == "path":
        return enc_path(payload)
    if kind == "header":
        return enc_header(payload)
    if kind == "cookie":
        return enc_cookie(payload)
    if kind == "xml":
        return enc_xml(payload)
    if kind == "multipart":
        return payload
    raise ValueError(f"unknown slot kind {kind!r}")


# --------------------------------------------------------------------------
# Small structured values
# --------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwt(ctx: Ctx) -> str:
    """A well-formed (unsigned-by-us) JWT as an API would issue it."""
    alg = ctx.pick(("HS256", "RS256", "ES256"))
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = ctx.fake.sha1()[:16]
    iat = ctx.rng.randrange(1_700_000_000, 1_760_000_000)
    claims: dict[str, Any] = {
        "sub": ctx.pick((str(ctx.rng.randrange(1, 10**7)), ctx.fake.uuid4())),
        "iat": iat,
        "exp": iat + ctx.pick((900, 3600, 86400)),
        "iss": f"https://{ctx.fake.domain_name()}",
    }
    if ctx.chance(0.6):
        claims["email"] = ctx.fake.email()
    if ctx.chance(0.5):
        claims["scope"] = " ".join(ctx.rng.sample(["read", "write", "profile", "orders", "admin:read", "offline_access"], 2))
    if ctx.chance(0.4):
        claims["name"] = ctx.fake.name()
    sig_len = {"HS256": 32, "RS256": 256, "ES256": 64}[alg]
    parts = [
        b64url(json.dumps(header, separators=(",", ":")).encode()),
        b64url(json.dumps(claims, separators=(",", ":"), ensure_ascii=True).encode()),
        b64url(ctx.rng.randbytes(sig_len)),
    ]
    return ".".join(parts)


def hex_token(ctx: Ctx, n: int = 32) -> str:
    return ctx.rng.randbytes(n // 2).hex()


def alnum_token(ctx: Ctx, n: int = 24) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(ctx.rng.choice(alphabet) for _ in range(n))


def price(ctx: Ctx, lo: float = 1, hi: float = 500) -> float:
    return round(ctx.rng.uniform(lo, hi), 2)


def money(ctx: Ctx, lo: float = 1, hi: float = 500) -> str:
    """An amount as JSON and forms carry it: a string with two decimals ("12.50")."""
    return f"{price(ctx, lo, hi):.2f}"


def when(ctx: Ctx) -> datetime:
    return ctx.fake.date_time_between(_DATE_FROM, _DATE_TO)


def iso_date(ctx: Ctx) -> str:
    return when(ctx).date().isoformat()


def iso_datetime(ctx: Ctx) -> str:
    dt = when(ctx)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ctx.pick(("Z", ".000Z", "+00:00", "+02:00"))


def person_name(ctx: Ctx) -> tuple[str, str]:
    """First and last name, often with the apostrophes and hyphens forms must accept."""
    first, last = ctx.fake.first_name(), ctx.fake.last_name()
    r = ctx.rng.random()
    if r < 0.12:
        last = ctx.pick(("O'", "D'", "O’", "d'", "Mc", "Fitz-")) + ctx.en.last_name()
    elif r < 0.16:
        first = ctx.pick(("Anne-Marie", "Jean-Luc", "D'Andre", "Zoë", "José", "Siobhán", "Ngozi"))
    elif r < 0.2:
        last = f"{last}-{ctx.fake.last_name()}"
    return first, last


def full_name(ctx: Ctx) -> str:
    """`person_name` as one string ("Siobhán O'Neill")."""
    return " ".join(person_name(ctx))


def slug(ctx: Ctx) -> str:
    return ctx.en.slug() if ctx.chance(0.7) else ctx.fake.slug() or "post"


# --------------------------------------------------------------------------
# Clients: user agents and header sets
# --------------------------------------------------------------------------


_CRAWLERS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; DuckDuckBot-Https/1.1; https://duckduckgo.com/duckduckbot)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Twitterbot/1.0",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
)


def _browser_ua(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.05:  # crawlers and link previews fetch pages too
        return ctx.pick(_CRAWLERS).format(chrome=ctx.rng.randrange(110, 132))
    if r < 0.25:
        return ctx.fake.user_agent()  # Faker's own (broad, partly older) user agents
    chrome = ctx.rng.randrange(110, 132)
    ff = ctx.rng.randrange(110, 134)
    macv = f"10_15_{ctx.rng.randrange(1, 8)}"
    ios = f"{ctx.rng.randrange(15, 18)}_{ctx.rng.randrange(0, 7)}"
    options = (
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
        f"Mozilla/5.0 (Macintosh; Intel Mac OS X {macv}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0",
        f"Mozilla/5.0 (X11; Linux x86_64; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0",
        f"Mozilla/5.0 (Macintosh; Intel Mac OS X {macv}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{ctx.rng.randrange(0, 6)} Safari/605.1.15",
        f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{ios.split('_')[0]}.0 Mobile/15E148 Safari/604.1",
        f"Mozilla/5.0 (Linux; Android {ctx.rng.randrange(10, 15)}; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36",
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36 Edg/{chrome}.0.{ctx.rng.randrange(1000, 3000)}.{ctx.rng.randrange(10, 99)}",
    )
    return ctx.pick(options)


def _app_name(ctx: Ctx) -> str:
    word = ctx.en.word().capitalize()
    return word + ctx.pick(("", "App", "Shop", "Go", "Hub"))


def _mobile_ua(ctx: Ctx) -> str:
    app = _app_name(ctx)
    ver = f"{ctx.rng.randrange(1, 12)}.{ctx.rng.randrange(0, 40)}.{ctx.rng.randrange(0, 9)}"
    options = (
        f"{app}/{ver} (iPhone; iOS {ctx.rng.randrange(15, 18)}.{ctx.rng.randrange(0, 6)}; Scale/3.00)",
        f"{app}/{ver} (com.{app.lower()}.ios; build:{ctx.rng.randrange(100, 9999)}; iOS 17.{ctx.rng.randrange(0, 5)}.0) Alamofire/5.8.1",
        f"{app}/{ver} CFNetwork/{ctx.pick(('1410.0.3', '1490.0.4', '1494.0.7'))} Darwin/{ctx.pick(('22.6.0', '23.3.0', '23.4.0'))}",
        f"okhttp/{ctx.pick(('4.9.3', '4.11.0', '4.12.0', '3.14.9'))}",
        f"{app}/{ver} (Linux; Android {ctx.rng.randrange(10, 15)}; {ctx.pick(('Pixel 8', 'SM-S918B', 'M2101K6G', 'CPH2451'))})",
        f"Dart/{ctx.rng.randrange(2, 4)}.{ctx.rng.randrange(0, 6)} (dart:io)",
    )
    return ctx.pick(options)


def _sdk_ua(ctx: Ctx) -> str:
    options = (
        f"python-requests/2.{ctx.rng.randrange(25, 33)}.{ctx.rng.randrange(0, 4)}",
        f"axios/1.{ctx.rng.randrange(3, 8)}.{ctx.rng.randrange(0, 9)}",
        "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
        "Go-http-client/1.1",
        "Go-http-client/2.0",
        f"curl/8.{ctx.rng.randrange(0, 11)}.{ctx.rng.randrange(0, 2)}",
        f"PostmanRuntime/7.{ctx.rng.randrange(30, 40)}.{ctx.rng.randrange(0, 4)}",
        f"Apache-HttpClient/4.5.{ctx.rng.randrange(10, 15)} (Java/17.0.{ctx.rng.randrange(1, 12)})",
        f"python-httpx/0.{ctx.rng.randrange(24, 28)}.0",
        f"Python/3.{ctx.rng.randrange(9, 13)} aiohttp/3.9.{ctx.rng.randrange(0, 5)}",
        f"Java-http-client/{ctx.rng.randrange(11, 22)}.0.{ctx.rng.randrange(1, 9)}",
        f"Ruby/{ctx.rng.randrange(2, 4)}.{ctx.rng.randrange(0, 4)} Faraday v2.{ctx.rng.randrange(0, 9)}",
    )
    return ctx.pick(options)


def user_agent(ctx: Ctx, profile: str) -> str:
    if profile in ("nav", "xhr"):
        return _browser_ua(ctx)
    if profile == "mobile":
        return _mobile_ua(ctx)
    return _sdk_ua(ctx)


def accept_language(ctx: Ctx) -> str:
    lang, _, region = ctx.locale.partition("_")
    if lang == "en":
        return ctx.pick(("en-US,en;q=0.9", "en-GB,en;q=0.9", "en-US,en;q=0.5"))
    return f"{lang}-{region},{lang};q=0.9,en-US;q=0.8,en;q=0.7"


def cookie_header(ctx: Ctx, session_name: str | None = None, extra: tuple[str, ...] = ()) -> str:
    """A browser cookie jar: session id, CSRF token, analytics and consent cookies."""
    pairs: list[tuple[str, str]] = []
    name = session_name or ctx.pick(("sessionid", "session", "connect.sid", "PHPSESSID", "_app_session", "JSESSIONID", "sid"))
    if name == "connect.sid":
        value = "s%3A" + alnum_token(ctx, 32) + "." + b64url(ctx.rng.randbytes(32))
    elif name == "JSESSIONID":
        value = hex_token(ctx, 32).upper()
    else:
        value = ctx.pick((hex_token(ctx, 32), alnum_token(ctx, 40), b64url(ctx.rng.randbytes(30))))
    pairs.append((name, ctx.slot("cookie", name, value)))
    if ctx.chance(0.5):
        pairs.append((ctx.pick(("csrftoken", "XSRF-TOKEN", "_csrf")), alnum_token(ctx, 32)))
    if ctx.chance(0.5):
        pairs.append(("_ga", f"GA1.1.{ctx.rng.randrange(10**8, 10**10)}.{ctx.rng.randrange(1_690_000_000, 1_760_000_000)}"))
    if ctx.chance(0.3):
        pairs.append(("_gid", f"GA1.2.{ctx.rng.randrange(10**8, 10**10)}.{ctx.rng.randrange(1_690_000_000, 1_760_000_000)}"))
    if ctx.chance(0.25):
        consent = json.dumps({"necessary": True, "analytics": ctx.chance(0.5), "marketing": ctx.chance(0.3)}, separators=(",", ":"))
        pairs.append(("cookie_consent", urllib.parse.quote(consent, safe="")))
    if ctx.chance(0.3):
        pairs.append(("locale", ctx.locale.replace("_", "-")))
    if ctx.chance(0.2):
        pairs.append(("theme", ctx.pick(("dark", "light", "system"))))
    if ctx.chance(0.15):
        pairs.append(("cart_id", ctx.fake.uuid4()))
    for item in extra:
        pairs.append((item, alnum_token(ctx, 16)))
    if ctx.chance(0.3):
        ctx.rng.shuffle(pairs)
    return "; ".join(f"{k}={enc_cookie(str(v))}" for k, v in pairs)


def _auth_headers(ctx: Ctx, auth: str | None) -> list[tuple[str, str]]:
    """The credentials header a client sends for `auth` (None, "jwt", "basic", "apikey")."""
    if auth == "jwt":
        return [("Authorization", "Bearer " + jwt(ctx))]
    if auth == "basic":
        cred = f"{ctx.fake.user_name()}:{alnum_token(ctx, 20)}"
        return [("Authorization", "Basic " + base64.b64encode(cred.encode()).decode())]
    if auth == "apikey":
        return [(ctx.pick(("X-API-Key", "Api-Key", "X-Api-Token")), ctx.pick(("sk_live_", "pk_", "key-", "")) + alnum_token(ctx, 32))]
    if auth is not None:
        raise ValueError(f"auth must be None, jwt, basic or apikey, not {auth!r}")
    return []


def headers_for(
    ctx: Ctx,
    profile: str,
    *,
    content_type: str | None = None,
    auth: str | None = None,
    referer: str | None = None,
    origin: str | None = None,
    cookies: bool | None = None,
    accept: str | None = None,
    extra: tuple[tuple[str, str], ...] = (),
) -> list[list[str]]:
    """Header list in the order and style of the given client profile.

    profile: nav (browser page load), xhr (browser fetch from a SPA), mobile
    (native app), sdk (server or script). auth: None, "jwt", "basic", "apikey".
    """
    ua = ctx.slot("header", "User-Agent", user_agent(ctx, profile))
    h: list[tuple[str, str]] = []
    if profile == "nav":
        h.append(("User-Agent", ua))
        h.append(("Accept", accept or "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"))
        h.append(("Accept-Language", accept_language(ctx)))
        h.append(("Accept-Encoding", ctx.pick(("gzip, deflate, br", "gzip, deflate, br, zstd"))))
        if content_type:
            h.append(("Content-Type", content_type))
        if origin:
            h.append(("Origin", origin))
        if ctx.chance(0.5):
            h.append(("Connection", "keep-alive"))
        if referer:
            h.append(("Referer", ctx.slot("header", "Referer", referer)))
        if cookies if cookies is not None else ctx.chance(0.7):
            h.append(("Cookie", cookie_header(ctx)))
        h.append(("Upgrade-Insecure-Requests", "1"))
        if ctx.chance(0.6):
            h += [("Sec-Fetch-Dest", "document"), ("Sec-Fetch-Mode", "navigate"),
                  ("Sec-Fetch-Site", ctx.pick(("same-origin", "none", "cross-site"))), ("Sec-Fetch-User", "?1")]
    elif profile == "xhr":
        h.append(("User-Agent", ua))
        h.append(("Accept", accept or ctx.pick(("application/json, text/plain, */*", "application/json", "*/*"))))
        h.append(("Accept-Language", accept_language(ctx)))
        h.append(("Accept-Encoding", "gzip, deflate, br"))
        if content_type:
            h.append(("Content-Type", content_type))
        h += _auth_headers(ctx, auth)
        if ctx.chance(0.3):
            h.append(("X-Requested-With", "XMLHttpRequest"))
        if ctx.chance(0.4):
            h.append(("X-CSRF-Token", alnum_token(ctx, 40)))
        if origin:
            h.append(("Origin", origin))
        if referer:
            h.append(("Referer", ctx.slot("header", "Referer", referer)))
        if cookies if cookies is not None else auth is None or ctx.chance(0.4):
            h.append(("Cookie", cookie_header(ctx)))
        if ctx.chance(0.5):
            h += [("Sec-Fetch-Dest", "empty"), ("Sec-Fetch-Mode", "cors"), ("Sec-Fetch-Site", "same-origin")]
    elif profile == "mobile":
        h.append(("Accept", accept or "application/json"))
        if content_type:
            h.append(("Content-Type", content_type))
        h += _auth_headers(ctx, auth)
        h.append(("Accept-Language", accept_language(ctx).split(",")[0]))
        h.append(("Accept-Encoding", "gzip"))
        h.append(("User-Agent", ua))
        if ctx.chance(0.6):
            h.append(("X-App-Version", f"{ctx.rng.randrange(1, 12)}.{ctx.rng.randrange(0, 40)}.{ctx.rng.randrange(0, 9)}"))
        if ctx.chance(0.5):
            h.append(("X-Device-Id", ctx.fake.uuid4()))
        if cookies:
            h.append(("Cookie", cookie_header(ctx)))
    else:  # sdk
        h.append(("User-Agent", ua))
        h.append(("Accept", accept or ctx.pick(("application/json", "*/*"))))
        if ctx.chance(0.6):
            h.append(("Accept-Encoding", ctx.pick(("gzip, deflate", "gzip", "gzip, deflate, br"))))
        if content_type:
            h.append(("Content-Type", content_type))
        h += _auth_headers(ctx, auth)
        if ctx.chance(0.4):
            h.append(("X-Request-Id", ctx.fake.uuid4()))
        if cookies:
            h.append(("Cookie", cookie_header(ctx)))
    h += list(extra)
    return [[k, enc_header(str(v))] for k, v in h]


def site(ctx: Ctx) -> str:
    """Scheme and host of the app (for Origin and Referer)."""
    return "https://" + ctx.pick(("www.", "app.", "shop.", "")) + ctx.en.domain_name()


# --------------------------------------------------------------------------
# Free text
# --------------------------------------------------------------------------

# Harmless sentences that look alarming to naive filters: SQL words in prose,
# quotes, comparison signs, paths, shell words. {x} fields are filled with Faker.
_TRAP_SENTENCES = (
    "Please select the best option for {name} and drop me a line when it ships.",
    "Where do I order the {color} one? I'd like to update my order before it's sent.",
    "{name} from the union of workers said it's the best deal -- 10/10 would buy again!",
    "Drop me a line at {email} if the {color} version is back in stock.",
    "Can't log in since the update; I've tried everything (cleared cache, cookies, etc.)",
    "Don't forget: the meeting's at 5 o'clock & we're ordering pizza :)",
    "See ../docs/setup.md for the steps, or the readme in C:\\Program Files\\{word}\\.",
    "Price went from $19.99 to $24.99 -- that's a 25% increase!!!",
    "Insert the tab into slot A, then delete the old batteries and update the firmware.",
    "It's 'waterproof', not just \"water-resistant\"; I checked with {name}.",
    "Ctrl+C / Ctrl+V doesn't work in the editor; Cmd+Shift+V does.",
    "If x < 5 and y > 3 the formula returns 0, otherwise 1 -- is that right?",
    "Order by date, then by price (asc), and select all the ones under $50.",
    "The table was dropped during delivery; one leg is bent. Where can I return it?",
    "Join us for the union meeting -- where: Hall B, when: Friday 6pm, who: everyone!",
    "My profile shows 'null' as my middle name; can you delete it or update it?",
    "Is it 1 or 2 pieces per box? The description says \"1-2\".",
    "We'll execute the plan on Monday; the script for the play is ready.",
    "Having a blast -- 100% recommend!!! <3",
    "The sign said \"No entry\" & the door was locked; so we went to {city} instead.",
    "I'm {name}'s mum, she's 12 y/o and loves it ;-)",
    "Use the 'Insert > Table' menu, then 'Select all' and 'Delete rows' to clean up.",
    "Where's the #1 place to eat in {city}? Asking for a friend :P",
    "Grant me access to the shared drive, please (my manager {name} approved it).",
    "It was 50/50 whether it'd fit; it does, just about. 4/5 -- would order again.",
    "From: {name}, To: the team -- re: the 'drop' in sales last quarter.",
    "The union between the two cities was signed in 1871 -- fascinating history.",
    "Echo chamber or not, the show was great; cat lovers will enjoy it too.",
    "Please sleep on it and tell me by Friday; waiting for your answer (no rush).",
    "-- {name}",
    "P.S. I'm at {email}; my phone is {phone}.",
    "The path /home/{word}/photos didn't sync; neither did ~/Documents.",
    "Rated 5/5 ★★★★★ -- shipping took 3-4 days.",
    "Not sure if it's a bug or a feature: 2+2=4 works, but 2*3 gives '6.0'.",
    "OR ELSE we'll have to reschedule, and the caf\u00e9 closes at 10!",
    "The README is at ../docs/setup.md and the config in ./config/app.yaml -- both updated.",
    "Moved everything to /{word}/archive; the old link /account/orders still works.",
    "Run the script from the project dir, then execute it again with --verbose if it fails.",
    "I selected 'all' and the table order changed; where did my filter go?",
    "Tried to delete the folder ~/{word} but it says 'permission denied' -- any idea?",
    "--- {name} wrote: let's drop the idea and update the plan instead.",
    "-- sorry for the late reply, {name} -- I was away.",
    "The dir listing shows {word}.txt and {word}.bak; which one do I upload?",
    "Can you union the two lists and select where the price is > 20?",
    "Saved as C:\\Users\\{word}\\Desktop\\notes.txt, then opened in Notepad++.",
    "My son's school sent the form home; O'Connor's class is on the 2nd floor.",
    "Go to /settings/profile, then 'Security' & '2FA' -- it's the 3rd option.",
)

_EMOJI = ("😀", "😂", "👍", "🙏", "❤️", "🔥", "🎉", "😅", "🤔", "✨", "💯", "😍", "🙃", "👌", "😢", "🚀", "☕", "🌧️")
_COLORS = ("red", "blue", "black", "white", "navy", "olive", "charcoal grey", "rose gold")


def trap_sentence(ctx: Ctx) -> str:
    en = ctx.en
    tpl = ctx.pick(_TRAP_SENTENCES)
    first, last = person_name(ctx)
    return tpl.format(
        name=f"{first} {last}", color=ctx.pick(_COLORS), email=ctx.fake.email(),
        word=en.word(), city=ctx.fake.city(), phone=ctx.fake.phone_number(),
    )


# Faker locales whose lorem provider is Latin; their free text is mixed with English.
_LATIN_LOREM = frozenset({"en_GB", "en_IE", "pt_BR", "ko_KR", "tr_TR", "hi_IN", "sv_SE"})


def sentence(ctx: Ctx) -> str:
    n = ctx.rng.randrange(4, 16)
    if ctx.locale in _LATIN_LOREM and (ctx.locale.startswith("en") or ctx.chance(0.6)):
        return ctx.en.sentence(nb_words=n)
    return ctx.fake.sentence(nb_words=n)


def prose(ctx: Ctx, min_sentences: int = 1, max_sentences: int = 4, trap_rate: float = 0.35) -> str:
    """User-written text: local-language sentences, FP traps, emoji, odd punctuation."""
    parts = []
    for _ in range(ctx.rng.randint(min_sentences, max_sentences)):
        parts.append(trap_sentence(ctx) if ctx.chance(trap_rate) else sentence(ctx))
    text = " ".join(parts)
    r = ctx.rng.random()
    if r < 0.25:
        text += " " + "".join(ctx.pick(_EMOJI) for _ in range(ctx.rng.randint(1, 3)))
    elif r < 0.35:
        text = text.rstrip(".") + ctx.pick(("!!!", "?!", "...", " :)", " ;-)", " xD", " (:"))
    if ctx.chance(0.15):
        text = text.replace(". ", ".\n\n", 1)
    r = ctx.rng.random()
    if r < 0.04:
        text = ctx.pick(("-- ", "--", "— ", "--- ")) + text
    elif r < 0.1:
        text += "\n\n" + signature(ctx)
    return text if ctx.chat is None else ctx.chat(ctx, text)


def short_text(ctx: Ctx) -> str:
    """A title or subject line."""
    if ctx.chance(0.3):
        return trap_sentence(ctx)[:80]
    return ctx.fake.sentence(nb_words=ctx.rng.randrange(2, 8)).rstrip(".")


_CODE_SNIPPETS = (
    ("python", "for item in items:\n    if item['price'] > 10:\n        print(f\"{item['name']}: {item['price']}\")"),
    ("python", "def total(items):\n    \'\'\'Return the order total, 'net' of discounts.\'\'\'\n    return sum(i.price * i.qty for i in items)"),
    ("python", "import requests\nr = requests.get('https://api.example.com/v1/users', params={'page': 2})\nprint(r.json())"),
    ("js", "const res = await fetch('/api/items?limit=20');\nconst data = await res.json();\nconsole.log(data.items.length);"),
    ("js", "document.querySelectorAll('.btn').forEach(b => b.addEventListener('click', onClick));"),
    ("bash", "git checkout -b fix/login && npm install && npm run build"),
    ("bash", "docker compose up -d\ndocker compose logs -f web | grep -i error"),
    ("bash", "ls -la ~/projects/app && cat config.yaml"),
    ("go", "if err != nil {\n\treturn fmt.Errorf(\"open %s: %w\", path, err)\n}"),
    ("sql", "SELECT name, price FROM products WHERE price < 20 ORDER BY price;"),
    ("css", ".card > .title { font-weight: 600; color: #333; }"),
    ("yaml", "services:\n  web:\n    image: nginx:1.25\n    ports: [\"8080:80\"]"),
    ("java", "List<String> names = users.stream().map(User::getName).collect(Collectors.toList());"),
)


def markdown_post(ctx: Ctx, code_rate: float = 0.5) -> str:
    """A forum or issue post: paragraphs, lists, links, quotes, sometimes a code block."""
    en = ctx.en
    blocks = [prose(ctx, 1, 3)]
    if ctx.chance(0.3):
        blocks.insert(0, "## " + short_text(ctx))
    if ctx.chance(0.4):
        blocks.append("\n".join(f"- {en.sentence(nb_words=5)}" for _ in range(ctx.rng.randint(2, 4))))
    if ctx.chance(code_rate):
        lang, code = ctx.pick(_CODE_SNIPPETS)
        if lang == "sql" and ctx.chance(0.7):  # keep SQL code rare, as in real forums
            lang, code = _CODE_SNIPPETS[0]
        blocks.append(f"```{lang}\n{code}\n```" if ctx.chance(0.8) else f"`{code.splitlines()[0]}`")
    if ctx.chance(0.3):
        blocks.append(f"> {sentence(ctx)}")
    if ctx.chance(0.35):
        blocks.append(f"See [{en.word()}]({en.url()}{en.uri_path()}) and **{en.word()}** _{en.word()}_.")
    return "\n\n".join(blocks)


def bbcode_post(ctx: Ctx) -> str:
    """Old-school forum markup: [b], [url=...], [quote="name"], [code]."""
    en = ctx.en
    first, last = person_name(ctx)
    parts = [f'[quote="{first} {last}"]{sentence(ctx)}[/quote]' if ctx.chance(0.5) else "", prose(ctx, 1, 3)]
    if ctx.chance(0.5):
        parts.append(f"[b]{en.word()}[/b] [i]{en.word()}[/i] [url={en.url()}]{en.word()}[/url]")
    if ctx.chance(0.3):
        parts.append(f"[code]{ctx.pick(_CODE_SNIPPETS)[1]}[/code]")
    if ctx.chance(0.3):
        parts.append(f"[img]https://i.{en.domain_name()}/{hex_token(ctx, 10)}.png[/img]")
    return "\n".join(p for p in parts if p)


def merge_template(ctx: Ctx) -> str:
    """E-mail / CMS template text with merge tags ({{ first_name }}, {% if %}, *|FNAME|*)."""
    en = ctx.en
    greeting = ctx.pick(("Hi {{ first_name }},", "Hello {{customer.first_name | default: 'there'}}!", "Dear *|FNAME|*,",
                         "Hey {{ user.name }} 👋", "Bonjour {{ prenom }},", "Hi %FIRSTNAME%,"))
    lines = [greeting, prose(ctx, 1, 3, trap_rate=0.3)]
    if ctx.chance(0.5):
        lines.append(ctx.pick(("Your order #{{ order.number }} ships on {{ order.ship_date | date: '%b %d' }}.",
                               "{% if cart.items.size > 0 %}You left {{ cart.items.size }} items in your cart.{% endif %}",
                               "Use code {{ coupon_code }} for {{ discount }}% off -- ends {{ end_date }}.",
                               "{% for item in order.items %}- {{ item.title }} x {{ item.qty }}\n{% endfor %}")))
    lines.append(ctx.pick(("Cheers,\nThe {{ shop.name }} team", "-- {{ sender_name }}", "Unsubscribe: {{ unsubscribe_url }}",
                           f"Questions? Drop us a line at {ctx.fake.email()}")))
    return "\n\n".join(lines)


def rich_html(ctx: Ctx) -> str:
    """Rich-text editor output: harmless tags and attributes only."""
    en = ctx.en
    parts = [f"<p>{xml_escape(sentence(ctx))} <strong>{xml_escape(en.word())}</strong></p>"]
    for _ in range(ctx.rng.randint(0, 3)):
        r = ctx.rng.random()
        if r < 0.25:
            items = "".join(f"<li>{xml_escape(en.sentence(nb_words=4))}</li>" for _ in range(ctx.rng.randint(2, 4)))
            tag = ctx.pick(("ul", "ol"))
            parts.append(f"<{tag}>{items}</{tag}>")
        elif r < 0.45:
            parts.append(f"<p><a href=\"{en.url()}{en.uri_path()}\" target=\"_blank\" rel=\"noopener\">{xml_escape(en.word())}</a> {xml_escape(trap_sentence(ctx))}</p>")
        elif r < 0.6:
            parts.append(f"<h2>{xml_escape(short_text(ctx))}</h2>")
        elif r < 0.7:
            parts.append(f"<blockquote><em>{xml_escape(sentence(ctx))}</em></blockquote>")
        elif r < 0.8:
            parts.append(f"<p><img src=\"https://cdn.{en.domain_name()}/img/{hex_token(ctx, 12)}.jpg\" alt=\"{xml_escape(en.word())}\" width=\"640\"></p>")
        elif r < 0.9:
            parts.append(f"<p><span style=\"color: #{hex_token(ctx, 6)}\">{xml_escape(sentence(ctx))}</span><br></p>")
        else:
            parts.append(f"<p>{xml_escape(prose(ctx, 1, 2))}</p>")
    return "".join(parts)


def search_terms(ctx: Ctx) -> str:
    """What people type into a search box."""
    r = ctx.rng.random()
    en = ctx.en
    if r < 0.35:
        return " ".join(ctx.fake.words(ctx.rng.randint(1, 3)))
    if r < 0.55:
        return " ".join(en.words(ctx.rng.randint(1, 4)))
    if r < 0.65:
        return ctx.pick(("select dresses", "union jack flag", "drop earrings", "order tracking", "where is my order",
                         "delete account", "update app", "insert coin bank", "sql for beginners book", "script font",
                         "o'neill wetsuit", "men's shoes", "kids' toys", "rock & roll", "c++ primer", "50% off",
                         "<3 necklace", "1/2 inch drill", "a-z guide", "\"exact phrase\"", "tables and chairs",
                         "site:example.com \"return policy\"", "-used +new iphone", "price:<50", "(red OR blue) AND dress",
                         "c# tutorial", "1/2\" pipe fitting", "why is 0.1+0.2 != 0.3", "100% cotton t-shirt", "rock 'n' roll",
                         "what's 5*6", "k&r c book", "#hashtag", "@username", "~/.bashrc alias", "node.js vs deno"))
    if r < 0.72:
        return tricky_search(ctx)
    if r < 0.8:
        return ctx.fake.city()
    if r < 0.88:
        return ctx.fake.name()
    return en.catch_phrase()


# --------------------------------------------------------------------------
# Paths, dashes, apostrophes: value kinds real apps send that read as attacks
# to a model that never saw them benign (`=/`, a leading `--`, `'` in a query)
# --------------------------------------------------------------------------

_APP_SECTIONS = ("account", "dashboard", "settings", "checkout", "orders", "cart", "profile", "projects", "docs",
                 "billing", "team", "reports", "inbox", "library", "admin", "shop", "help", "courses", "workspace")
_APP_LEAVES = ("orders", "profile", "security", "overview", "invoices", "members", "edit", "new", "history",
               "notifications", "preferences", "details", "summary", "archive", "favourites", "payment-methods")


def app_path(ctx: Ctx) -> str:
    """An app-relative path as `next=`, `redirect`, `"path"` or `returnTo` values carry it."""
    r = ctx.rng.random()
    if r < 0.3:
        path = f"/{ctx.pick(_APP_SECTIONS)}/{ctx.pick(_APP_LEAVES)}"
    elif r < 0.5:
        path = "/" + ctx.en.uri_path(deep=ctx.rng.randint(1, 3))
    elif r < 0.62:
        path = f"/{ctx.pick(_APP_SECTIONS)}"
    elif r < 0.74:
        path = f"/{ctx.pick(_APP_SECTIONS)}/{ctx.rng.randrange(1, 100000)}/{ctx.pick(_APP_LEAVES)}"
    elif r < 0.86:
        path = f"/{ctx.pick(('images', 'img', 'uploads', 'static/media', 'assets', 'files'))}/{ctx.en.file_name(category=ctx.pick(('image', 'office', 'text')))}"
    else:
        path = f"/{ctx.pick(_APP_SECTIONS)}/{slug(ctx)}"
    r = ctx.rng.random()
    if r < 0.15:
        path += f"?tab={ctx.pick(('2', 'billing', 'members', 'api-keys'))}"
    elif r < 0.22:
        path += f"?page={ctx.rng.randint(2, 30)}&sort={ctx.pick(('newest', '-date', 'name'))}"
    elif r < 0.28:
        path += "#" + ctx.pick(("reviews", "comments", "section-2", "top", "settings"))
    elif r < 0.32:
        path += "/"
    return path


def file_path(ctx: Ctx) -> str:
    """A file-system path as a user or desktop client names it: Unix, home, Windows, relative."""
    r = ctx.rng.random()
    depth = ctx.rng.randint(1, 4)
    if r < 0.3:
        return ctx.en.file_path(depth=depth)
    if r < 0.45:
        return f"/home/{ctx.en.user_name()}/{ctx.pick(('photos', 'Documents', 'Downloads', 'projects', 'music'))}/{ctx.en.file_name()}"
    if r < 0.6:
        return "~/" + ctx.en.file_path(depth=depth, absolute=False)
    if r < 0.75:
        user = ctx.fake.first_name().replace(" ", "")
        return f"C:\\Users\\{user}\\{ctx.pick(('Documents', 'Desktop', 'Pictures', 'Downloads'))}\\" + ctx.en.file_path(depth=depth - 1 or 1, absolute=False).replace("/", "\\")
    if r < 0.85:
        return ctx.pick(("./", "../", "docs/", "src/")) + ctx.en.file_path(depth=depth, absolute=False)
    return f"/{ctx.pick(('Shared', 'Team Drive', 'Projects', 'Clients'))}/{ctx.fake.company()}/{ctx.en.file_name()}"


def storage_dir(ctx: Ctx) -> str:
    """A folder in a storage app: always absolute, sometimes with spaces and apostrophes."""
    parts = [ctx.pick(("Documents", "Photos", "Shared", "Projects", "Invoices", "Q3 2024", "Mum's recipes", "Archive", "Tax 2025"))]
    for _ in range(ctx.rng.randint(0, 2)):
        parts.append(ctx.pick((ctx.en.word(), ctx.fake.last_name(), str(ctx.rng.randrange(2019, 2027)), "drafts", "final (v2)")))
    return "/" + "/".join(parts)


def signature(ctx: Ctx) -> str:
    """An e-mail or forum sign-off; many start with `--` (the SQL comment marker)."""
    first, last = person_name(ctx)
    return ctx.pick((
        f"-- {first}", f"--{first}", f"-- \n{first} {last}", f"--\n{first} {last}\n{ctx.fake.job()}",
        "--Sent from my phone", "-- Sent from my iPhone", f"- {first}", f"— {first}", f"Cheers,\n{first}",
        f"-- {first} {last} | {ctx.fake.company()}", f"---\n{first}", f"Thanks!\n-- {first[:1]}.",
    ))


_DASH_LINES = (
    "-- {first} here: quick update on the {word} thing",
    "--- update ---",
    "---",
    "***",
    "___",
    "-- edited: fixed the typo --",
    "Pros -- cheap, fast -- cons -- none really",
    "Two options -- {word} or {word2} -- both fine by me.",
    "--> see below",
    "{word} -- {word2} -- {word3}",
    "-- original message --",
    "1) {word} -- done\n2) {word2} -- pending",
)


def dashy_text(ctx: Ctx) -> str:
    """Prose with `--` em-dash stand-ins, `---` separators, rules and a signature."""
    en = ctx.en
    words = {"first": ctx.fake.first_name(), "word": en.word(), "word2": en.word(), "word3": en.word()}
    parts = []
    r = ctx.rng.random()
    if r < 0.35:
        parts.append(ctx.pick(_DASH_LINES).format(**words))
    parts.append(prose(ctx, 1, 3, trap_rate=0.25))
    if ctx.chance(0.4):
        parts.append(ctx.pick(("---", "***", "- - -", "___", "-- -- --")))
        parts.append(prose(ctx, 1, 2, trap_rate=0.2))
    if ctx.chance(0.6):
        parts.append(signature(ctx))
    text = "\n\n".join(parts)
    return text.replace(". ", " -- ", 1) if ctx.chance(0.3) else text


_APOSTROPHE_TERMS = (
    "o'neill", "O'Reilly books", "d'angelo", "D'Angelo", "it's complicated", "don't stop believin'", "levi's 501",
    "mcdonald's", "children's books", "women's running shoes", "l'oreal shampoo", "l'occitane", "rock 'n' roll",
    "hershey's", "ben & jerry's", "trader joe's", "can't log in", "what's new", "king's cross", "st. john's wort",
    "guns n' roses", "o'brien", "dell'orto", "d'artagnan", "macy's", "i'm feeling lucky", "toys 'r' us",
    "50's dress", "rock'n'roll", "l'été", "aujourd'hui", "he's just not that into you",
)
_SYMBOL_TERMS = (
    "k&r c", "c#", "c++", "r&b", "at&t", "f#", "c# 12 features", "c++20 ranges", "a+ grade", "m&m's", "p&g",
    "q&a", "h&m", "b&q", "s&p 500", "#1 hits", "#metoo", "1+1", "google+", "notepad++", "dolce & gabbana",
    "tom & jerry", "r&d budget", "b+ tree", "#ff0000", "win+shift+s", "c/c++", "ab+c", "&pizza", "a&w",
)


def tricky_search(ctx: Ctx) -> str:
    """Search-box text with apostrophes and `&`, `#`, `+` (names, brands, languages)."""
    r = ctx.rng.random()
    if r < 0.4:
        return ctx.pick(_APOSTROPHE_TERMS)
    if r < 0.75:
        return ctx.pick(_SYMBOL_TERMS)
    if r < 0.9:
        _, last = person_name(ctx)
        return last if "'" in last else f"{ctx.pick(('O', 'D', 'd'))}'{last}"
    return f"{ctx.pick(_APOSTROPHE_TERMS)} {ctx.pick(_SYMBOL_TERMS)}"


def long_prose(ctx: Ctx) -> str:
    """A long note or essay: several paragraphs, some dashes, paths and lists."""
    paras = []
    for _ in range(ctx.rng.randint(3, 7)):
        r = ctx.rng.random()
        if r < 0.12:
            paras.append("\n".join(f"{ctx.pick(('-', '*', '1.'))} {ctx.en.sentence(nb_words=ctx.rng.randint(3, 8))}" for _ in range(ctx.rng.randint(2, 5))))
        elif r < 0.2:
            paras.append(f"{ctx.pick(('See', 'Saved to', 'Moved it to', 'Copy of'))} {file_path(ctx)} {ctx.pick(('for details.', '-- check it.', '(latest).', ''))}".strip())
        elif r < 0.3:
            paras.append(ctx.pick(("---", "***", "-- ", "___")) + ("" if ctx.chance(0.5) else "\n" + sentence(ctx)))
        else:
            paras.append(prose(ctx, 2, 5, trap_rate=0.3))
    if ctx.chance(0.4):
        paras.append(signature(ctx))
    return "\n\n".join(paras)


def free_text(ctx: Ctx) -> str:
    """Any user text: plain prose mostly, sometimes dashes/signatures, paths or markdown."""
    r = ctx.rng.random()
    if r < 0.55:
        return prose(ctx, 1, 4)
    if r < 0.75:
        return dashy_text(ctx)
    if r < 0.87:
        return markdown_post(ctx, code_rate=0.3)
    return long_prose(ctx)


# --------------------------------------------------------------------------
# SQL and shell words as benign parameter NAMES (`order=desc`, `selected[]=b`,
# `cmd=refresh`, `table=users`). Attack corpora are full of these words, so a
# model that never sees them benign learns "keyword in a name means attack".
# Used by train templates only.
# --------------------------------------------------------------------------

_COLUMNS = ("name", "created_at", "updated_at", "price", "title", "email", "date", "id", "status", "last_login", "sku", "position")


def _date_range_end(ctx: Ctx) -> str:
    return when(ctx).strftime("%Y-%m-%d")


_KEYWORD_PARAMS: dict[str, Any] = {
    "order": lambda c: c.pick(("asc", "desc", "ASC", "DESC")),
    "sort": lambda c: c.pick(_COLUMNS + ("-created_at", "name_asc", "price-desc")),
    "orderby": lambda c: c.pick(("date", "title", "menu_order", "modified", "rand")),
    "order_by": lambda c: c.pick(_COLUMNS),
    "sort_by": lambda c: c.pick(_COLUMNS),
    "select": lambda c: c.pick(("all", "none", "page", "visible")),
    "selected[]": lambda c: c.pick(("a", "b", "c", str(c.rng.randint(1, 400)))),
    "union_id": lambda c: c.rng.randrange(1, 99999),
    "script_id": lambda c: c.pick((str(c.rng.randrange(1, 9999)), "main", "checkout-v2")),
    "exec_ms": lambda c: c.rng.randrange(1, 5000),
    "cmd": lambda c: c.pick(("refresh", "save", "list", "next", "reload", "sync", "preview")),
    "table": lambda c: c.pick(("users", "orders", "products", "customers", "posts", "invoices")),
    "from": lambda c: iso_date(c),
    "to": _date_range_end,
    "where": lambda c: c.pick((c.fake.city(), "paris", "online", "anywhere", "home")),
    "drop_off": lambda c: c.pick((iso_date(c), c.fake.city(), "10:30")),
    "insert_mode": lambda c: c.pick(("append", "prepend", "replace", "merge")),
    "update": lambda c: c.pick(("1", "0", "true", "false")),
    "delete_token": lambda c: hex_token(c, 32),
    "alert_level": lambda c: c.pick(("low", "medium", "high", "critical", "info")),
    "onload_ms": lambda c: c.rng.randrange(20, 9000),
    "template": lambda c: c.pick(("default", "compact", "invoice", "full-width", "print")),
    "file": lambda c: c.en.file_name(category=c.pick(("office", "image", "text"))),
    "path": lambda c: app_path(c),
    "url": lambda c: c.en.url() + c.en.uri_path(),
    "exec": lambda c: c.pick(("0", "1")),
    "command": lambda c: c.pick(("start", "stop", "status", "export")),
    "drop": lambda c: c.pick(("0", "1", "false")),
    "join": lambda c: c.pick(("team", "waitlist", "1")),
    "group_by": lambda c: c.pick(("day", "week", "month", "country", "category")),
    "having_stock": lambda c: c.pick(("1", "0", "yes")),
    "sleep_mode": lambda c: c.pick(("on", "off", "auto")),
    "shell": lambda c: c.pick(("bash", "zsh", "fish", "powershell")),
    "eval_id": lambda c: c.rng.randrange(1, 9999),
    "load_file": lambda c: c.pick(("0", "1")),
    "benchmark": lambda c: c.pick(("none", "q3", "baseline")),
}
_KEYWORD_NAMES = tuple(_KEYWORD_PARAMS)


def keyword_params(ctx: Ctx, lo: int = 1, hi: int = 3) -> list[tuple[str, Any]]:
    """A few (name, benign value) pairs whose names are SQL/shell words."""
    names = ctx.rng.sample(_KEYWORD_NAMES, ctx.rng.randint(lo, hi))
    return [(name, _KEYWORD_PARAMS[name](ctx)) for name in names]


_KEYWORD_JSON: dict[str, Any] = {
    "orderBy": lambda c: c.pick(("createdAt", "updatedAt", "name", "price", "position")),
    "sortBy": lambda c: c.pick(("name", "date", "relevance", "lastModified")),
    "sortOrder": lambda c: c.pick(("asc", "desc")),
    "order": lambda c: c.pick(("asc", "desc")),
    "selectedIds": lambda c: [c.rng.randrange(1, 99999) for _ in range(c.rng.randint(0, 4))],
    "select": lambda c: c.pick((["id", "name"], ["id", "title", "status"], "all")),
    "unionMembers": lambda c: [c.fake.name() for _ in range(c.rng.randint(1, 3))],
    "scriptId": lambda c: c.pick(("main", str(c.rng.randrange(1, 999)))),
    "execMs": lambda c: c.rng.randrange(1, 5000),
    "tableName": lambda c: c.pick(("users", "orders", "line_items", "audit_log")),
    "where": lambda c: {"status": c.pick(("active", "archived")), "country": c.fake.country_code()},
    "from": lambda c: iso_date(c),
    "to": _date_range_end,
    "dropOff": lambda c: {"city": c.fake.city(), "date": iso_date(c)},
    "insertMode": lambda c: c.pick(("append", "replace")),
    "updateExisting": lambda c: c.chance(0.5),
    "deleteToken": lambda c: hex_token(c, 24),
    "alertLevel": lambda c: c.pick(("low", "high", "critical")),
    "onloadMs": lambda c: c.rng.randrange(20, 9000),
    "template": lambda c: c.pick(("default", "minimal", "newsletter")),
    "file": lambda c: c.en.file_name(),
    "path": lambda c: app_path(c),
    "url": lambda c: c.en.url(),
    "cmd": lambda c: c.pick(("refresh", "rebuild", "sync")),
}
_KEYWORD_JSON_NAMES = tuple(_KEYWORD_JSON)


def keyword_json(ctx: Ctx, lo: int = 1, hi: int = 3) -> dict[str, Any]:
    """JSON members named with SQL/shell words; string values are injection slots."""
    out: dict[str, Any] = {}
    for name in ctx.rng.sample(_KEYWORD_JSON_NAMES, ctx.rng.randint(lo, hi)):
        value = _KEYWORD_JSON[name](ctx)
        out[name] = ctx.slot("json", name, value) if isinstance(value, str) else value
    return out
