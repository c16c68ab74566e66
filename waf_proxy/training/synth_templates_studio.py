"""Train templates: creative and productivity tools.

A web e-mail client, a form builder, a LaTeX / math editor, a read-later
bookmarking service, an SEO audit and scraping API, a vector design tool,
chord sheets and setlists, a chess server, a collaborative whiteboard, a
campaign (UTM) URL builder, a static-site markdown editor and a slides app.
Each app has a route prefix of its own, its own naming style (`fields[q_1][]`,
`clock.limit`, `preset-id`, camelCase and snake_case JSON) and the formats it
really speaks: JSON objects, top-level arrays and JSON-RPC, urlencoded forms,
multipart uploads (.eml, .bib, .pgn, .svg, bookmark files), XML (sitemaps,
SVG, MusicXML), CSV, and domain text bodies (LaTeX, ABC notation, ChordPro,
Sieve filters, robots.txt, front matter + markdown, CSS themes). These
contents are full of what reads as an attack to a naive filter -- quoted
replies with `>`, `--` signatures, regexes, `{{age}} >= 18 && ...`, XPath with
`[@class='x']`, `\\input{...}`, SVG path data, `A --> B` diagrams -- so most
requests carry some, in the request's locale, and every user-controlled value
goes through a slot.
"""

from __future__ import annotations

import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import dumps, form, j, multipart, preflight, qs, req, Request, rid, seg, short_title, site_headers, template, user_note
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------


def _short(ctx: Ctx) -> str:
    return short_title(ctx, ("draft", "v2", "final (really)", "copy", "WIP"))


def _page_url(ctx: Ctx) -> str:
    """A full web-page URL as people paste it: its own query string, tracking parameters, fragments."""
    r = ctx.rng.random()
    en = ctx.en
    if r < 0.12:
        return f"https://www.youtube.com/watch?v={v.alnum_token(ctx, 11)}&t={ctx.rng.randint(5, 3000)}s"
    if r < 0.22:
        return f"https://github.com/{en.user_name()}/{en.slug()}/blob/main/{ctx.pick(('README.md#install', 'docs/setup.md', 'src/index.ts#L42-L58'))}"
    if r < 0.3:
        return f"https://en.wikipedia.org/wiki/{ctx.pick(('O%27Reilly_Media', 'SQL', 'Union_(set_theory)', 'Drop_(liquid)', 'Select_(SQL)', 'Ampersand'))}"
    if r < 0.38:
        return f"https://news.ycombinator.com/item?id={ctx.rng.randrange(30_000_000, 42_000_000)}"
    if r < 0.45:
        return f"https://arxiv.org/abs/{ctx.rng.randint(2001, 2512)}.{ctx.rng.randrange(10000, 99999)}v{ctx.rng.randint(1, 4)}"
    url = f"https://{ctx.pick(('www.', 'blog.', 'news.', 'docs.', ''))}{en.domain_name()}/{en.uri_path(deep=ctx.rng.randint(1, 3))}"
    r = ctx.rng.random()
    if r < 0.3:
        url += f"?utm_source={ctx.pick(('twitter', 'newsletter', 'hn', 'rss'))}&utm_medium={ctx.pick(('social', 'email'))}&utm_campaign={en.slug()}"
    elif r < 0.45:
        url += f"?id={ctx.rng.randrange(1, 99999)}&page={ctx.rng.randint(1, 9)}&sort={ctx.pick(('top', 'new', 'asc'))}"
    elif r < 0.55:
        url += f"?q={en.word()}+{en.word()}&lang={ctx.locale[:2]}"
    r = ctx.rng.random()
    if r < 0.2:
        url += "#" + ctx.pick(("section-3", "comments", "top", "h2-installation", "respond"))
    elif r < 0.28:
        url += "#:~:text=" + "%20".join(en.words(ctx.rng.randint(2, 4)))
    return url


# --------------------------------------------------------------------------
# Web e-mail client: drafts with quoted replies, search operators, .eml, Sieve
# --------------------------------------------------------------------------


def _quote_header(ctx: Ctx) -> str:
    when, name, email = v.when(ctx), v.full_name(ctx), ctx.fake.email()
    return ctx.pick((
        f"On {when:%a, %b %d, %Y at %I:%M %p} {name} <{email}> wrote:",
        f"Am {when:%d.%m.%Y} um {when:%H:%M} schrieb {name} <{email}>:",
        f"Le {when:%d/%m/%Y} à {when:%H:%M}, {name} <{email}> a écrit :",
        f"-----Original Message-----\nFrom: {name} <{email}>\nSent: {when:%A, %B %d, %Y %I:%M %p}\nTo: {ctx.fake.email()}\nSubject: RE: {v.short_text(ctx)}",
        f"{when:%Y}年{when:%m}月{when:%d}日 {name} <{email}>:",
        f"---------- Forwarded message ---------\nFrom: {name} <{email}>\nDate: {when:%a, %b %d, %Y}",
    ))


def _mail_text(ctx: Ctx) -> str:
    """A plain-text reply: prose, a `--` signature, then the quoted original with `>` (sometimes nested)."""
    text = v.prose(ctx, 1, 3, trap_rate=0.4)
    if ctx.chance(0.25):
        text = synth_tech.with_aside(ctx, text)
    text += "\n\n" + v.signature(ctx)
    if ctx.chance(0.65):
        quoted = "\n".join(f"> {line}" if line else ">" for line in v.prose(ctx, 1, 4).split("\n"))
        if ctx.chance(0.35):
            quoted += f"\n>\n>> {v.sentence(ctx)}\n>> {v.signature(ctx).splitlines()[0]}"
        text += f"\n\n{_quote_header(ctx)}\n{quoted}"
    return text


def _mail_html(ctx: Ctx) -> str:
    """The rich-text editor's HTML: divs, a signature block and a gmail_quote blockquote."""
    lines = "".join(f"<div>{enc_xml(line) or '<br>'}</div>" for line in v.prose(ctx, 1, 3, trap_rate=0.4).split("\n"))
    signature = "<br>".join(enc_xml(line) for line in v.signature(ctx).split("\n"))
    html = f'<div dir="ltr">{lines}<br><div class="signature" data-smartmail="gmail_signature">{signature}</div></div>'
    if ctx.chance(0.3):
        html = html.replace("</div></div>", f'</div><p><a href="{_page_url(ctx)}">{enc_xml(ctx.en.word())}</a></p></div>', 1)
    if ctx.chance(0.6):
        quoted = v.rich_html(ctx) if ctx.chance(0.5) else enc_xml(v.prose(ctx, 1, 3))
        html += ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' + enc_xml(_quote_header(ctx)).replace("\n", "<br>") + "<br></div>"
                 '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">'
                 f"{quoted}</blockquote></div>")
    return html


def _mail_query(ctx: Ctx) -> str:
    """A search with operators: `from:alice has:attachment -in:spam subject:"Q3 report"`."""
    ops = (
        lambda: f"from:{ctx.fake.first_name().lower()}", lambda: f"from:{ctx.fake.email()}", lambda: f"to:{ctx.fake.email()}",
        lambda: "has:attachment", lambda: ctx.pick(("is:unread", "is:starred", "is:important")), lambda: f"label:{ctx.pick(('work', 'travel', 'receipts', 'kids-school', 'r&d'))}",
        lambda: f'subject:"{v.short_text(ctx)}"', lambda: f"after:{v.when(ctx):%Y/%m/%d}", lambda: f"older_than:{ctx.rng.randint(1, 30)}{ctx.pick('dmy')}",
        lambda: f"filename:{ctx.pick(('pdf', 'docx', 'invoice.pdf', 'report*.xlsx'))}", lambda: ctx.pick(("-in:spam", "in:sent", "in:anywhere", "-label:newsletters")),
        lambda: f"larger:{ctx.rng.randint(1, 20)}M", lambda: "{from:amazon from:ebay}", lambda: f'"{v.tricky_search(ctx)}"', lambda: v.search_terms(ctx),
    )
    return " ".join(ctx.pick(ops)() for _ in range(ctx.rng.randint(1, 4)))


def _attachment(ctx: Ctx) -> tuple[str, str, str]:
    r = ctx.rng.random()
    if r < 0.3:
        return f"{ctx.en.word()}-notes.txt", "text/plain", v.long_prose(ctx)
    if r < 0.5:
        rows = ["item,qty,comment"] + [f'{ctx.en.word()},{ctx.rng.randint(1, 9)},"{v.sentence(ctx)}"' for _ in range(ctx.rng.randint(1, 4))]
        return f"{ctx.en.word()}.csv", "text/csv", "\n".join(rows)
    if r < 0.7:
        return f"{ctx.en.word()}.svg", "image/svg+xml", synth_tech.svg_image(ctx)
    if r < 0.85:
        return "agenda.md", "text/markdown", v.markdown_post(ctx, code_rate=0.3)
    return (f"{ctx.en.word()}.pdf", "application/pdf",
            f"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n% {ctx.en.word()}\ntrailer\n<< /Root 1 0 R >>\n%%EOF")


def _eml(ctx: Ctx) -> str:
    """An RFC 822 message as a desktop client exports it; its subject is a slot."""
    when, name = v.when(ctx), v.full_name(ctx)
    subject = ctx.slot("multipart", "eml.Subject", ctx.pick((v.short_text(ctx), "Re: " + _short(ctx), "Fwd: " + v.short_text(ctx))))
    text = ctx.slot("multipart", "eml.body", _mail_text(ctx))
    return (f"Return-Path: <{ctx.fake.email()}>\r\nMessage-ID: <{v.hex_token(ctx, 24)}@mail.{ctx.en.domain_name()}>\r\n"
            f"Date: {when:%a, %d %b %Y %H:%M:%S} {ctx.pick(('+0000', '+0200', '-0500'))}\r\nFrom: \"{name}\" <{ctx.fake.email()}>\r\n"
            f"To: {ctx.fake.email()}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n")


def _sieve(ctx: Ctx) -> str:
    """A Sieve filter script as the rules editor saves it; folder names and strings are slots."""
    folder = ctx.slot("multipart", "sieve.folder", ctx.pick(("Receipts", "Work/Clients", "Kids' school", "Newsletters & promos", ctx.en.word().capitalize())))
    needle = ctx.slot("multipart", "sieve.contains", ctx.pick((ctx.en.domain_name(), "[" + ctx.en.word() + "]", "invoice", ctx.fake.last_name(), "DROP TABLE")))
    lines = ['require ["fileinto", "imap4flags", "vacation"];', f"# {v.sentence(ctx)}",
             f'if anyof (header :contains "from" "{needle}", header :matches "subject" "*{ctx.en.word()}*") {{',
             f'    fileinto "INBOX/{folder}";', '    addflag "\\\\Seen";', "    stop;", "}"]
    if ctx.chance(0.5):
        away = ctx.slot("multipart", "sieve.vacation", v.prose(ctx, 1, 2).replace('"', "'"))
        lines.append(f'vacation :days {ctx.rng.randint(1, 14)} :subject "Out of office -- back {v.iso_date(ctx)}" "{away}";')
    return "\n".join(lines) + "\n"


@template("train", ("/webmail/",), weight=1.3)
def webmail_client(ctx: Ctx) -> Request:
    """Web e-mail client: search operators, HTML drafts with quoted replies, multipart send, .eml import, Sieve rules."""
    kind = ctx.pick(("search", "draft", "draft", "send", "eml", "flags", "signature", "sieve", "attachment", "delete", "preflight"))
    profile = ctx.pick(("xhr", "xhr", "mobile"))
    auth = "jwt" if profile == "mobile" else None
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", _mail_query(ctx)), ("folder", ctx.pick(("INBOX", "Sent", "Archive", "All Mail", "INBOX/Receipts 2024")))]
        pairs += [("limit", ctx.pick((25, 50, 100))), ("sort", ctx.pick(("date", "from", "size", "relevance"))), ("order", ctx.pick(("desc", "asc", "DESC")))]
        if ctx.chance(0.3):
            pairs.append(("cursor", v.b64url(ctx.rng.randbytes(15))))
        return req("GET", "/webmail/api/messages/search", headers_for(ctx, profile, auth=auth), qs(ctx, pairs))
    if kind == "draft":
        html = ctx.chance(0.6)
        body: dict[str, Any] = {
            "from": {"name": j(ctx, "from.name", v.full_name(ctx)), "email": ctx.fake.email()},
            "to": [{"name": j(ctx, f"to[{i}].name", v.full_name(ctx)), "email": j(ctx, f"to[{i}].email", ctx.fake.email())} for i in range(ctx.rng.randint(1, 3))],
            "cc": [{"email": j(ctx, "cc[0].email", ctx.fake.email())}] if ctx.chance(0.3) else [],
            "subject": j(ctx, "subject", ctx.pick(("Re: " + _short(ctx), v.short_text(ctx), "Fwd: " + v.short_text(ctx), "Quick question 🙂"))),
            "inReplyTo": f"<{v.hex_token(ctx, 20)}@mail.{ctx.en.domain_name()}>" if ctx.chance(0.6) else None,
            "bodyType": "html" if html else "text",
            "body": j(ctx, "body", _mail_html(ctx) if html else _mail_text(ctx)),
            "attachments": [{"blobId": ctx.fake.uuid4(), "name": j(ctx, "attachments[0].name", ctx.en.file_name()), "size": ctx.rng.randrange(900, 9_000_000)}] if ctx.chance(0.3) else [],
            "autosave": True,
        }
        method = ctx.pick(("POST", "PUT"))
        path = "/webmail/api/drafts" if method == "POST" else f"/webmail/api/drafts/{seg(ctx, 'draft', ctx.fake.uuid4())}"
        return req(method, path, site_headers(ctx, profile, "application/json", auth), body=dumps(ctx, body))
    if kind == "send":
        fields: list[tuple[str, Any]] = [("to", ", ".join(f"{v.full_name(ctx)} <{ctx.fake.email()}>" for _ in range(ctx.rng.randint(1, 2)))),
                                         ("subject", ctx.pick(("Re: " + v.short_text(ctx), _short(ctx)))), ("body", _mail_text(ctx))]
        if ctx.chance(0.4):
            fields.insert(1, ("cc", ctx.fake.email()))
        fields.append(("request_read_receipt", ctx.pick(("0", "1"))))
        ctype, body2 = multipart(ctx, fields, [("attachments[]", *_attachment(ctx)) for _ in range(ctx.rng.randint(1, 2))])
        return req("POST", "/webmail/api/outbox", site_headers(ctx, profile, ctype, auth), body=body2)
    if kind == "eml":
        ctype, body2 = multipart(ctx, [("folder", ctx.pick(("INBOX", "Archive/2023", "Imported", "Clients/" + ctx.fake.last_name())))],
                                 [("message", f"{ctx.en.word()}.eml", "message/rfc822", _eml(ctx))])
        return req("POST", "/webmail/api/import", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "flags":  # JMAP-style batch: a top-level array of per-message changes
        changes = [{"id": v.alnum_token(ctx, 12), "keywords": {"$seen": ctx.chance(0.7), "$flagged": ctx.chance(0.2)},
                    "labels": [j(ctx, f"[{i}].labels", ctx.pick(("Work", "To do -- this week", "Receipts", "R&D", "🔥 urgent", ctx.en.word())))]}
                   for i in range(ctx.rng.randint(1, 5))]
        return req("PATCH", "/webmail/api/messages", site_headers(ctx, profile, "application/json", auth), body=dumps(ctx, changes))
    if kind == "signature":
        first, last = v.person_name(ctx)
        sig = ctx.pick((v.signature(ctx), f"<b>{first} {last}</b><br>{ctx.fake.job()} | {ctx.fake.company()}<br><a href=\"{ctx.fake.url()}\">{ctx.fake.url()}</a>"))
        pairs = [("_csrf", v.alnum_token(ctx, 32)), ("identity[name]", f"{first} {last}"), ("identity[reply_to]", ctx.fake.email()),
                 ("signature[html]", sig), ("signature[use_for_replies]", ctx.pick(("0", "1"))), ("signature[position]", ctx.pick(("below_quote", "above_quote")))]
        site = v.site(ctx)
        return req("POST", "/webmail/settings/identities", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                      referer=f"{site}/webmail/settings/identities"), body=form(ctx, pairs, fixed=("_csrf",)))
    if kind == "sieve":
        return req("PUT", f"/webmail/api/filters/{seg(ctx, 'script', ctx.pick(('roundcube', 'main', 'vacation', ctx.en.slug())))}",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/plain; charset=utf-8", auth=ctx.pick(("jwt", "basic"))), body=_sieve(ctx))
    if kind == "attachment":
        blob = seg(ctx, "blob", ctx.fake.uuid4())
        filename = seg(ctx, "filename", ctx.pick((ctx.en.file_name(), "Q3 report (final).pdf", "O'Brien CV.docx")))
        path = f"/webmail/attachments/{blob}/{filename}"
        return req(ctx.pick(("GET", "HEAD")), path, headers_for(ctx, "nav", accept="*/*", cookies=True), qs(ctx, [("disposition", ctx.pick(("inline", "attachment")))]))
    if kind == "delete":
        q = qs(ctx, [("permanent", ctx.pick(("true", "false"))), ("folder", ctx.pick(("Trash", "INBOX", "Spam")))])
        return req("DELETE", f"/webmail/api/messages/{seg(ctx, 'message', v.alnum_token(ctx, 12))}", headers_for(ctx, profile, auth=auth), q)
    return preflight(ctx, ctx.pick(("/webmail/api/drafts", "/webmail/api/messages", "/webmail/api/outbox")), ("POST", "PUT", "PATCH"),
                      ("content-type", "content-type,x-csrf-token", "authorization,content-type"))


# --------------------------------------------------------------------------
# Form builder: field definitions with regexes and conditional logic, submissions
# --------------------------------------------------------------------------

_VALIDATIONS = (
    (r"^[A-Z]{2}\d{6}$", "Two letters and six digits, e.g. AB123456"),
    (r"^\+?[0-9 ()-]{7,20}$", "Phone numbers only -- no letters"),
    (r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", "That doesn't look like an e-mail address"),
    (r"^\d{5}(-\d{4})?$", "ZIP or ZIP+4 (12345 or 12345-6789)"),
    (r"^(?=.*\d)(?=.*[a-z]).{8,}$", "At least 8 characters incl. a digit"),
    (r"^https?://[\w.-]+(/.*)?$", "Must start with http:// or https://"),
    (r"^[\p{L} .'-]+$", "Letters, spaces, apostrophes (O'Neil) & hyphens only"),
    (r"^(0?[1-9]|1[0-2])/\d{2}$", "MM/YY"),
)
_QUESTIONS = ("What's your company's name?", "Tell us about your project (max. 500 chars)", "Dietary requirements -- vegan, halal, none?",
              "How did you hear about us?", "Your date of birth", "Preferred contact method", "Anything else we should know? <optional>",
              "Order number (see your confirmation e-mail)", "Which plan are you on?", "Upload your logo (SVG/PDF)")


def _question(ctx: Ctx) -> str:
    return ctx.pick((ctx.pick(_QUESTIONS), ctx.pick(_QUESTIONS), v.short_text(ctx) + "?", f"{ctx.en.word().capitalize()} & {ctx.en.word()}"))


def _logic(ctx: Ctx, ids: list[str]) -> str:
    """A conditional-logic expression as the builder stores it."""
    a, b = ctx.pick(ids), ctx.pick(ids)
    return ctx.pick((
        lambda: f'{{{{{a}}}}} >= 18 && {{{{{b}}}}} != "US"',
        lambda: f"{{{{{a}}}}} == 'yes' || {{{{{b}}}}} > {ctx.rng.randint(1, 100)}",
        lambda: f'contains({{{{{a}}}}}, "{ctx.en.word()}") and not empty({{{{{b}}}}})',
        lambda: f"{{{{{a}}}}} < {ctx.rng.randint(1, 50)} -- show the discount field",
        lambda: f'{{{{{a}}}}} in ["DE", "AT", "CH"] && {{{{{b}}}}} <> ""',
    ))()


@template("train", ("/formsmith/",), weight=1.2)
def form_builder(ctx: Ctx) -> Request:
    """Form builder: schemas with regex validation and logic, public submissions (bracket names, files), exports, CSV options."""
    kind = ctx.pick(("schema", "schema", "submit", "submit", "upload", "submissions", "export", "options", "formula", "delete", "preflight"))
    form_id = ctx.pick((v.alnum_token(ctx, 8), str(rid(ctx))))
    ids = [f"q_{i}" for i in range(1, ctx.rng.randint(5, 10))]  # q_1 name, q_2 e-mail, q_3.. free text, the last one checkboxes
    if kind == "schema":
        fields = []
        for i, fid in enumerate(ids[: ctx.rng.randint(1, min(5, len(ids)))]):
            ftype = ctx.pick(("short_text", "long_text", "email", "number", "dropdown", "checkboxes", "date", "phone", "file"))
            field: dict[str, Any] = {"id": fid, "type": ftype, "label": j(ctx, f"fields[{i}].label", _question(ctx)), "required": ctx.chance(0.5)}
            if ctx.chance(0.4):
                field["helpText"] = j(ctx, f"fields[{i}].helpText", ctx.pick((v.prose(ctx, 1, 1, trap_rate=0.5), "Use the format 'Last, First' -- e.g. O'Brien, Seán")))
            if ctx.chance(0.4):
                pattern, message = ctx.pick(_VALIDATIONS)
                field["validation"] = {"pattern": j(ctx, f"fields[{i}].validation.pattern", pattern), "message": j(ctx, f"fields[{i}].validation.message", message)}
            if ftype in ("dropdown", "checkboxes"):
                field["options"] = [j(ctx, f"fields[{i}].options", ctx.pick(("Yes", "No", "N/A", "Other (please specify)", ctx.fake.city(), ctx.en.word()))) for _ in range(ctx.rng.randint(2, 4))]
            if ctx.chance(0.35):
                field["showIf"] = j(ctx, f"fields[{i}].showIf", _logic(ctx, ids))
            fields.append(field)
        body: dict[str, Any] = {
            "title": j(ctx, "title", ctx.pick((_short(ctx), "Event sign-up -- " + ctx.fake.city(), "Customer feedback 2025"))),
            "fields": fields,
            "settings": {"confirmationMessage": j(ctx, "settings.confirmationMessage", ctx.pick((v.markdown_post(ctx, code_rate=0.1), "Thanks, {{first_name}}! We'll be in touch."))),
                         "notifyEmails": [ctx.fake.email()], "redirectUrl": j(ctx, "settings.redirectUrl", ctx.pick(("", _page_url(ctx)))), "closeAt": ctx.pick((None, v.iso_datetime(ctx)))},
        }
        return req("PUT", f"/formsmith/api/forms/{seg(ctx, 'form', form_id)}", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind in ("submit", "upload"):
        first, last = v.person_name(ctx)
        pairs: list[tuple[str, Any]] = [("_form_token", v.b64url(ctx.rng.randbytes(24))), (f"fields[{ids[0]}]", f"{first} {last}"),
                                        (f"fields[{ids[1]}]", ctx.fake.email())]
        for _ in range(ctx.rng.randint(0, 3)):
            pairs.append((f"fields[{ids[-1]}][]", ctx.pick(("Yes", "Other (please specify)", ctx.fake.city(), "R&D", "c++"))))
        pairs.append((f"fields[{ctx.pick(ids[2:-1])}]", ctx.pick((user_note(ctx), v.prose(ctx, 1, 3, trap_rate=0.5), ctx.fake.phone_number()))))
        if kind == "upload":
            ctype, body2 = multipart(ctx, pairs[1:], [(f"fields[{ids[-1]}_file]", *_attachment(ctx))])
            return req("POST", f"/formsmith/f/{seg(ctx, 'form', form_id)}/submit", headers_for(ctx, "nav", content_type=ctype, origin=v.site(ctx)), body=body2)
        pairs += [("_hp_email", ""), ("utm_source", ctx.pick(("", "newsletter", "linkedin")))]
        site = v.site(ctx)
        path = f"/formsmith/f/{seg(ctx, 'form', form_id)}"
        q = qs(ctx, [("next", ctx.pick(("/thanks", "/contact-us/thanks?sent=1", v.app_path(ctx))))]) if ctx.chance(0.5) else ""
        return req("POST", path, headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/contact-us"),
                   q, form(ctx, pairs, fixed=("_form_token", "_hp_email")))
    if kind == "submissions":
        pairs = [(f"filter[{ctx.pick(ids)}][contains]", ctx.pick((v.tricky_search(ctx), ctx.fake.last_name(), v.search_terms(ctx))))]
        if ctx.chance(0.5):
            pairs.append(("filter[submitted_at][gte]", v.iso_date(ctx)))
        pairs += [("sort", ctx.pick(("submitted_at", f"{ids[0]}"))), ("order", ctx.pick(("desc", "asc"))), ("page[number]", ctx.rng.randint(1, 20)), ("page[size]", ctx.pick((25, 100)))]
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", f"/formsmith/api/forms/{seg(ctx, 'form', form_id)}/submissions", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs))
    if kind == "export":
        pairs = [("columns", ",".join(ids)), ("tz", ctx.fake.timezone()), ("delimiter", ctx.pick((",", ";", "\t")))]
        return req(ctx.pick(("GET", "HEAD")), f"/formsmith/api/forms/{seg(ctx, 'form', form_id)}/submissions.csv",
                   headers_for(ctx, ctx.pick(("nav", "sdk")), auth=ctx.pick((None, "apikey")), accept="text/csv,*/*"), qs(ctx, pairs))
    if kind == "options":
        rows = ["value,label,group"]
        for i in range(ctx.rng.randint(2, 8)):
            label = ctx.pick((ctx.fake.city(), ctx.fake.company(), v.tricky_search(ctx), ctx.en.word())).replace('"', '""')
            cell = ctx.slot("multipart", "csv.label", label) if i == 0 else label
            rows.append(f'{ctx.en.slug()},"{cell}",{ctx.pick(("", "Europe", "Other"))}')
        return req("PUT", f"/formsmith/api/forms/{seg(ctx, 'form', form_id)}/fields/{ctx.pick(ids)}/options",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/csv; charset=utf-8", auth="jwt"), body="\r\n".join(rows) + "\r\n")
    if kind == "formula":
        a, b = ctx.pick(ids), ctx.pick(ids)
        expr = ctx.pick((f"IF({{{{{a}}}}} > 10, {{{{{a}}}}} * 0.9, {{{{{a}}}}})", f"{{{{{a}}}}} + {{{{{b}}}}} * {ctx.rng.randint(2, 20)}", synth_tech.formula(ctx)))
        body = {"type": "calculated", "formula": j(ctx, "formula", expr), "label": j(ctx, "label", _question(ctx)), "decimals": ctx.rng.randint(0, 2)}
        return req("PATCH", f"/formsmith/api/forms/{seg(ctx, 'form', form_id)}/fields/{seg(ctx, 'field', ctx.pick(ids))}",
                   site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "delete":
        return req("DELETE", f"/formsmith/api/forms/{seg(ctx, 'form', form_id)}/submissions/{seg(ctx, 'submission', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, f"/formsmith/f/{form_id}", ("POST",), ("content-type", "content-type,x-requested-with"))


# --------------------------------------------------------------------------
# LaTeX / math editor: .tex files, compile jobs, snippet rendering, JSON-RPC, BibTeX
# --------------------------------------------------------------------------

_TEX_MATH = (
    r"\frac{@a}{@b}", r"@a^2 < @n", r"\sum_{i=1}^{@n} i = \frac{@n(@n+1)}{2}", r"\int_0^{\infty} e^{-@a^2}\,d@a = \frac{\sqrt{\pi}}{2}",
    r"\sqrt{@a^2 + @b^2} \leq @n", r"|@a - @b| < \varepsilon", r"\lim_{@a \to 0} \frac{\sin @a}{@a} = 1", r"P(A \mid B) = \frac{P(B \mid A)\,P(A)}{P(B)}",
    r"\begin{pmatrix} @a & @b \\ 0 & 1 \end{pmatrix}", r"@a \in \{1, 2, \dots, @n\}", r"f(@a) = \begin{cases} @a^2 & @a \geq 0 \\ -@a & @a < 0 \end{cases}",
    r"\binom{@n}{2} = \frac{@n!}{2!\,(@n-2)!}", r"@a \equiv @b \pmod{@n}", r"\left\lfloor \frac{@a}{@n} \right\rfloor", r"@a > 0 \land @b > 0 \implies @a@b > 0",
)
_TEX_VARS = ("x", "y", "z", "a", "b", "n", "k", "t", r"\alpha", r"\beta", r"\theta", r"\lambda")


def _tex_math(ctx: Ctx) -> str:
    a, b = ctx.rng.sample(_TEX_VARS, 2)
    return ctx.pick(_TEX_MATH).replace("@a", a).replace("@b", b).replace("@n", str(ctx.rng.randint(2, 20)))


def _tex_inline(ctx: Ctx) -> str:
    """Prose with math in it, as homework and papers mix them."""
    math = _tex_math(ctx)
    return ctx.pick((
        lambda: f"{v.sentence(ctx)} Show that ${math}$ for all $n \\geq 1$.",
        lambda: f"Solve ${math}$ -- I got $x = {ctx.rng.randint(-9, 9)}$ but the key says otherwise?",
        lambda: f"$${math}$$\n{v.prose(ctx, 1, 2)}",
        lambda: f"\\[ {math} \\] % TODO: check the sign",
        lambda: f"\\begin{{align}}\n  {math} \\\\\n  &= {_tex_math(ctx)} \\label{{eq:{ctx.en.word()}}}\n\\end{{align}}",
        lambda: f"{v.prose(ctx, 1, 2, trap_rate=0.4)} (see Eq.~\\eqref{{eq:{ctx.en.word()}}} and \\cite{{{ctx.en.last_name().lower()}{ctx.rng.randint(1990, 2025)}}})",
    ))()


def _tex_document(ctx: Ctx) -> str:
    title, author = _short(ctx), v.full_name(ctx)
    parts = [f"\\documentclass[{ctx.pick(('11pt', '12pt,a4paper', 'twocolumn'))}]{{{ctx.pick(('article', 'amsart', 'report', 'beamer'))}}}",
             "\\usepackage{amsmath,amssymb}", f"\\usepackage[{ctx.pick(('utf8', 'T1'))}]{{{ctx.pick(('inputenc', 'fontenc'))}}}",
             f"\\title{{{title}}}", f"\\author{{{author}}}", "\\begin{document}", "\\maketitle"]
    manuscript = ctx.chance(0.15)  # now and then a whole paper, not a stub
    for _ in range(ctx.rng.randint(4, 8) if manuscript else ctx.rng.randint(1, 3)):
        parts.append(f"\\section{{{v.short_text(ctx)}}}")
        parts.append(_tex_inline(ctx))
        if manuscript:
            parts.append(v.long_prose(ctx).replace("%", "\\%"))
        if ctx.chance(0.3):
            parts.append(f"\\input{{chapters/{ctx.en.word()}}}")
        if ctx.chance(0.25):
            parts.append(f"\\begin{{figure}}[h]\\centering\\includegraphics[width=0.6\\textwidth]{{figures/{ctx.en.word()}.pdf}}\\caption{{{v.sentence(ctx)}}}\\end{{figure}}")
        if ctx.chance(0.25):
            parts.append("\\begin{itemize}\n" + "\n".join(f"  \\item {v.sentence(ctx)}" for _ in range(ctx.rng.randint(2, 4))) + "\n\\end{itemize}")
    parts.append("\\end{document}")
    return "\n".join(parts) + "\n"


def _bibtex(ctx: Ctx) -> str:
    entries = []
    for i in range(ctx.rng.randint(1, 3)):
        first, last = v.person_name(ctx)
        key = f"{last.lower().replace(' ', '').replace(chr(39), '')}{ctx.rng.randint(1990, 2025)}"
        title = ctx.slot("multipart", "bib.title", v.short_text(ctx)) if i == 0 else v.short_text(ctx)
        entries.append(f"@{ctx.pick(('article', 'inproceedings', 'book', 'misc'))}{{{key},\n  author  = {{{last}, {first} and M{{\\\"u}}ller, J.}},\n"
                       f"  title   = {{{{{title}}}}},\n  year    = {{{ctx.rng.randint(1990, 2025)}}},\n  pages   = {{{ctx.rng.randint(1, 200)}--{ctx.rng.randint(201, 400)}}},\n"
                       f"  url     = {{{_page_url(ctx)}}},\n  note    = {{{v.sentence(ctx)}}},\n}}")
    return "\n\n".join(entries) + "\n"


@template("train", ("/texlab/",), weight=1.2)
def latex_editor(ctx: Ctx) -> Request:
    """Online LaTeX editor: raw .tex saves, compile jobs with files, snippet rendering, JSON-RPC completion, BibTeX uploads, problem sets."""
    kind = ctx.pick(("save", "save", "compile", "render", "rpc", "problem", "bib", "comment", "history", "delete"))
    project = seg(ctx, "project", ctx.pick((v.hex_token(ctx, 24), str(rid(ctx))))) if kind not in ("render", "rpc") else ""
    if kind == "save":
        path = seg(ctx, "file", ctx.pick(("main.tex", f"chapters/{ctx.en.word()}.tex", f"sections/0{ctx.rng.randint(1, 9)}-{ctx.en.slug()}.tex")))
        text = ctx.slot("multipart", "file", ctx.pick((_tex_document(ctx), _tex_inline(ctx) + "\n")))
        extra = (("X-Doc-Version", str(ctx.rng.randint(1, 900))),)
        return req("PUT", f"/texlab/api/projects/{project}/files/{path}", headers_for(ctx, "xhr", content_type="text/x-tex; charset=utf-8", auth=ctx.pick(("jwt", None)), extra=extra),
                   body=str(text))
    if kind == "compile":
        files = [{"path": "main.tex", "content": j(ctx, "files[0].content", _tex_document(ctx))}]
        if ctx.chance(0.4):
            files.append({"path": f"chapters/{ctx.en.word()}.tex", "content": j(ctx, "files[1].content", _tex_inline(ctx))})
        body: dict[str, Any] = {"rootFile": "main.tex", "compiler": ctx.pick(("pdflatex", "xelatex", "lualatex")), "draft": ctx.chance(0.3),
                                "stopOnFirstError": ctx.chance(0.5), "files": files, "syncTeX": {"line": ctx.rng.randint(1, 200), "file": "main.tex"}}
        return req("POST", f"/texlab/api/projects/{project}/compile", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "render":
        pairs: list[tuple[str, Any]] = [("tex", ctx.pick((_tex_math(ctx), _tex_math(ctx), r"\text{" + v.sentence(ctx) + "}"))), ("display", ctx.pick(("inline", "block"))),
                                        ("scale", ctx.pick((1, 1.5, 2))), ("color", ctx.pick(("#000000", "currentColor", "#1a73e8")))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/texlab/render.svg", headers_for(ctx, ctx.pick(("nav", "xhr", "mobile")), accept="image/svg+xml,*/*"), qs(ctx, pairs))
    if kind == "rpc":
        method = ctx.pick(("textDocument/completion", "textDocument/hover", "workspace/symbol"))
        if method == "workspace/symbol":
            params: dict[str, Any] = {"query": j(ctx, "params.query", ctx.pick(("eq:", "sec:" + ctx.en.word(), ctx.en.word())))}
        else:
            line = j(ctx, "params.context.lineText", ctx.pick((_tex_inline(ctx).splitlines()[0], "\\cite{" + ctx.en.word(), "\\begin{")))
            params = {"textDocument": {"uri": f"file:///{ctx.en.word()}/main.tex"}, "position": {"line": ctx.rng.randint(0, 300), "character": ctx.rng.randint(0, 80)},
                      "context": {"triggerKind": 1, "lineText": line}}
        body = {"jsonrpc": "2.0", "id": ctx.rng.randint(1, 99999), "method": method, "params": params}
        return req("POST", "/texlab/lsp", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "problem":
        body = {"statement": j(ctx, "statement", _tex_inline(ctx)), "solution": j(ctx, "solution", ctx.pick((_tex_inline(ctx), f"$${_tex_math(ctx)}$$", ""))),
                "hints": [j(ctx, f"hints[{i}]", ctx.pick((v.prose(ctx, 1, 1), "Try $x^2 < 4 \\iff -2 < x < 2$.", "Use the union bound -- P(A ∪ B) ≤ P(A) + P(B)"))) for i in range(ctx.rng.randint(0, 2))],
                "points": ctx.rng.randint(1, 10), "tags": ctx.rng.sample(["algebra", "calculus", "probability", "linear-algebra", "proofs"], 2)}
        return req(ctx.pick(("POST", "PUT")), f"/texlab/api/projects/{project}/problems", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "bib":
        ctype, body2 = multipart(ctx, [("target", ctx.pick(("references.bib", "refs/" + ctx.en.word() + ".bib"))), ("merge", ctx.pick(("true", "false")))],
                                 [("file", f"{ctx.en.word()}.bib", "application/x-bibtex", _bibtex(ctx))])
        return req("POST", f"/texlab/api/projects/{project}/upload", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "comment":
        body = {"file": "main.tex", "range": {"from": ctx.rng.randint(0, 900), "to": ctx.rng.randint(901, 1800)},
                "quote": j(ctx, "quote", _tex_math(ctx)), "text": j(ctx, "text", ctx.pick((user_note(ctx), "Shouldn't this be $\\leq$ rather than $<$?", v.dashy_text(ctx))))}
        return req("POST", f"/texlab/api/projects/{project}/comments", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "history":
        pairs = [("file", ctx.pick(("/main.tex", f"/chapters/{ctx.en.word()}.tex", f"/figures/{ctx.en.word()}.pdf"))), ("before", v.iso_datetime(ctx)), ("limit", ctx.pick((20, 50)))]
        return req("GET", f"/texlab/api/projects/{project}/history", headers_for(ctx, "xhr", auth=ctx.pick(("jwt", None))), qs(ctx, pairs))
    return req("DELETE", f"/texlab/api/projects/{project}/files/{seg(ctx, 'file', ctx.pick(('old.tex', f'figures/{ctx.en.word()}.pdf', 'main.aux')))}",
               headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Read-later / bookmarks: URLs with their own queries, highlights, imports
# --------------------------------------------------------------------------


def _tags(ctx: Ctx) -> list[str]:
    return [ctx.pick(("to-read", "sql", "c++", "design", "long read", "r&d", "recipes?", ctx.en.word(), ctx.fake.word())) for _ in range(ctx.rng.randint(0, 3))]


def _bookmarks_html(ctx: Ctx) -> str:
    """A Netscape bookmark file as browsers export it; the first title is a slot."""
    lines = ["<!DOCTYPE NETSCAPE-Bookmark-file-1>", '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">', "<TITLE>Bookmarks</TITLE>",
             "<H1>Bookmarks</H1>", "<DL><p>", f'    <DT><H3 ADD_DATE="{ctx.rng.randrange(1_500_000_000, 1_760_000_000)}">{enc_xml(ctx.pick(("Reading list", "Work & stuff", ctx.en.word())))}</H3>', "    <DL><p>"]
    for i in range(ctx.rng.randint(12, 35) if ctx.chance(0.25) else ctx.rng.randint(1, 5)):
        title = enc_xml(_short(ctx))
        if i == 0:
            title = ctx.slot("multipart", "bookmark.title", title)
        lines.append(f'        <DT><A HREF="{enc_xml(_page_url(ctx))}" ADD_DATE="{ctx.rng.randrange(1_500_000_000, 1_760_000_000)}" TAGS="{",".join(_tags(ctx))}">{title}</A>')
        if ctx.chance(0.4):
            lines.append(f"        <DD>{enc_xml(v.sentence(ctx))}")
    lines += ["    </DL><p>", "</DL><p>"]
    return "\n".join(lines) + "\n"


@template("train", ("/readlater/",), weight=1.2)
def read_later(ctx: Ctx) -> Request:
    """Read-later service: extension saves, bookmarklet GETs with full URLs in parameters, Pinboard-style API, highlights, imports."""
    kind = ctx.pick(("save", "save", "bookmarklet", "v1add", "highlight", "highlight", "tags", "import", "search", "delete", "read"))
    if kind == "save":
        body: dict[str, Any] = {"url": j(ctx, "url", _page_url(ctx)), "title": j(ctx, "title", _short(ctx)),
                                "excerpt": j(ctx, "excerpt", ctx.pick((v.prose(ctx, 1, 2), ""))), "tags": [j(ctx, "tags", t) for t in _tags(ctx)],
                                "source": ctx.pick(("chrome-extension", "firefox-extension", "ios-share", "android-share")), "savedAt": v.iso_datetime(ctx)}
        if ctx.chance(0.3):
            body["selection"] = j(ctx, "selection", v.prose(ctx, 1, 2, trap_rate=0.5))
        profile = ctx.pick(("xhr", "mobile"))
        return req("POST", "/readlater/api/items", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "bookmarklet":
        pairs: list[tuple[str, Any]] = [("url", _page_url(ctx)), ("title", _short(ctx))]
        if ctx.chance(0.5):
            pairs.append(("selection", v.prose(ctx, 1, 2, trap_rate=0.5)))
        pairs.append(("v", "3"))
        return req("GET", "/readlater/add", headers_for(ctx, "nav", cookies=True, referer=_page_url(ctx)), qs(ctx, pairs, fixed=("v",)))
    if kind == "v1add":  # a Pinboard-compatible API that scripts and third-party apps call
        pairs = [("url", _page_url(ctx)), ("description", _short(ctx)), ("extended", ctx.pick(("", v.prose(ctx, 1, 2)))),
                 ("tags", " ".join(_tags(ctx))), ("shared", ctx.pick(("yes", "no"))), ("toread", ctx.pick(("yes", "no"))), ("format", "json")]
        auth = ctx.pick(("basic", None))
        if auth is None:
            pairs.append(("auth_token", f"{ctx.en.user_name()}:{v.hex_token(ctx, 20).upper()}"))
        return req("GET", "/readlater/v1/posts/add", headers_for(ctx, "sdk", auth=auth), qs(ctx, pairs, fixed=("format", "auth_token")))
    if kind == "highlight":
        quote = v.prose(ctx, 1, 2, trap_rate=0.4)
        body = {"quote": j(ctx, "quote", quote), "note": j(ctx, "note", ctx.pick(("", user_note(ctx), "!!! " + v.sentence(ctx), "cf. " + _page_url(ctx)))),
                "color": ctx.pick(("yellow", "green", "#ffb3ba", "blue")),
                "position": {"prefix": j(ctx, "position.prefix", v.sentence(ctx)[-30:]), "start": ctx.rng.randint(0, 9000), "end": ctx.rng.randint(9001, 20000)}}
        return req("POST", f"/readlater/api/items/{seg(ctx, 'item', rid(ctx))}/highlights", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "tags":
        body = {"add": [j(ctx, "add", t) for t in _tags(ctx) or ["to-read"]], "remove": [j(ctx, "remove", ctx.en.word())] if ctx.chance(0.4) else [],
                "archived": ctx.chance(0.3), "title": j(ctx, "title", _short(ctx)) if ctx.chance(0.3) else None}
        return req("PATCH", f"/readlater/api/items/{seg(ctx, 'item', rid(ctx))}", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "import":
        if ctx.chance(0.6):
            file = ("file", ctx.pick(("bookmarks.html", "bookmarks_12_03_2025.html")), "text/html", _bookmarks_html(ctx))
        else:
            rows = ["url,title,tags,time_added,status"]
            for i in range(ctx.rng.randint(2, 6)):
                title = _short(ctx).replace('"', '""')
                cell = ctx.slot("multipart", "csv.title", title) if i == 0 else title
                rows.append(f'{_page_url(ctx)},"{cell}",{"|".join(_tags(ctx))},{ctx.rng.randrange(1_500_000_000, 1_760_000_000)},{ctx.pick(("unread", "archive"))}')
            file = ("file", "pocket-export.csv", "text/csv", "\n".join(rows))
        ctype, body2 = multipart(ctx, [("source", ctx.pick(("netscape", "pocket", "instapaper"))), ("default_tag", ctx.pick(("imported", "", ctx.en.word())))], [file])
        return req("POST", "/readlater/api/import", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "search":
        pairs = [("q", ctx.pick((v.search_terms(ctx), f"tag:{ctx.en.word()} {ctx.en.word()}", f"site:{ctx.en.domain_name()}", v.tricky_search(ctx))))]
        pairs += [("tag[]", t) for t in _tags(ctx)]
        pairs += [("state", ctx.pick(("unread", "archived", "all"))), ("sort", ctx.pick(("saved_at", "title", "reading_time"))), ("order", ctx.pick(("desc", "asc")))]
        return req("GET", "/readlater/api/items", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "delete":
        return req("DELETE", f"/readlater/api/items/{seg(ctx, 'item', rid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    q = qs(ctx, [("font", ctx.pick(("serif", "sans"))), ("theme", ctx.pick(("sepia", "dark")))]) if ctx.chance(0.5) else ""
    return req(ctx.pick(("GET", "HEAD")), f"/readlater/read/{seg(ctx, 'item', rid(ctx))}", headers_for(ctx, "nav", cookies=True), q)


# --------------------------------------------------------------------------
# SEO audit / scraping API: selectors, XPath, robots.txt, sitemaps, worker callbacks
# --------------------------------------------------------------------------


def _css_selector(ctx: Ctx) -> str:
    cls, other = ctx.en.word(), ctx.en.word()
    return ctx.pick((
        lambda: f"div.{cls} > span:not(.{other})", lambda: f"#{cls} li:nth-child(2n+1) a[href^='https://']", lambda: "meta[property='og:title']",
        lambda: f"table.{cls} tr:has(> th:contains('Weight')) td", lambda: "h1, h2 + p", lambda: 'a[rel~="nofollow"]', lambda: f'[data-testid="{cls}-price"]',
        lambda: f"ul#{cls} > li.item:first-of-type", lambda: f".{cls}__title ~ .{cls}__meta time[datetime]",
    ))()


def _xpath(ctx: Ctx) -> str:
    cls = ctx.en.word()
    return ctx.pick((
        lambda: "//div[@class='price']/span/text()", lambda: "//h1[@itemprop='name']/text()", lambda: "//a[contains(@href, '/product/')]/@href",
        lambda: f"//table[@id='{cls}']//tr[th='Weight']/td", lambda: f"(//ul[@class='{cls}']/li)[position() <= 10]", lambda: "//meta[@name='description']/@content",
        lambda: "//script[@type='application/ld+json']/text()", lambda: f"//*[@id='{cls}']//p[not(contains(@class, 'spam'))]", lambda: "count(//img[not(@alt)])",
        lambda: "//link[@rel='canonical']/@href | //link[@rel='alternate'][@hreflang]/@href",
    ))()


def _robots_txt(ctx: Ctx) -> str:
    domain = ctx.en.domain_name()
    lines = ["User-agent: *", f"Disallow: /{ctx.pick(('admin', 'wp-admin', 'cart', 'search'))}/", "Disallow: /*?sessionid=", f"Allow: /{ctx.pick(('wp-admin/admin-ajax.php', 'search/help'))}"]
    if ctx.chance(0.5):
        lines += ["", f"# {v.sentence(ctx)}", f"User-agent: {ctx.pick(('GPTBot', 'AhrefsBot', 'CCBot'))}", "Disallow: /"]
    if ctx.chance(0.4):
        lines.append(f"Crawl-delay: {ctx.rng.randint(1, 30)}")
    lines.append(f"Sitemap: https://{domain}/sitemap.xml")
    return "\n".join(lines) + "\n"


@template("train", ("/crawlkit/",), weight=1.2)
def seo_crawler(ctx: Ctx) -> Request:
    """SEO audit and scraping API: jobs with CSS/XPath extract rules, JSON filters in the query, signed worker callbacks, sitemaps, robots.txt tests."""
    kind = ctx.pick(("scrape", "scrape", "audit", "issues", "callback", "sitemap", "robots", "status", "delete"))
    if kind == "scrape":
        extract: dict[str, Any] = {}
        for name in ctx.rng.sample(["price", "title", "rating", "sku", "description", "links", "author", "breadcrumbs"], ctx.rng.randint(1, 4)):
            rule = {"type": "xpath", "selector": j(ctx, f"extract.{name}.xpath", _xpath(ctx))} if ctx.chance(0.5) else {"type": "css", "selector": j(ctx, f"extract.{name}.css", _css_selector(ctx))}
            rule["multiple"] = ctx.chance(0.3)
            extract[name] = rule
        body: dict[str, Any] = {"url": j(ctx, "url", _page_url(ctx)), "render_js": ctx.chance(0.5), "wait_for": j(ctx, "wait_for", _css_selector(ctx)) if ctx.chance(0.4) else None,
                                "extract": extract, "country": ctx.pick(("us", "de", "jp", "br")), "headers": {"Accept-Language": ctx.pick(("en-US", "de-DE,de;q=0.9", "ja"))}}
        if ctx.chance(0.3):
            body["js_snippet"] = j(ctx, "js_snippet", ctx.pick(("window.scrollTo(0, document.body.scrollHeight);", "document.querySelector('#accept-cookies')?.click();")))
        return req("POST", "/crawlkit/api/scrape", headers_for(ctx, "sdk", content_type="application/json", auth=ctx.pick(("apikey", "basic"))), body=dumps(ctx, body))
    if kind == "audit":
        body = {"name": j(ctx, "name", ctx.pick((_short(ctx), f"{ctx.en.domain_name()} -- weekly", "Pre-launch audit (staging)"))), "startUrl": j(ctx, "startUrl", _page_url(ctx)),
                "maxPages": ctx.pick((100, 500, 5000)), "includePatterns": [j(ctx, "includePatterns", ctx.pick(("^/blog/.*", "/products/*", r"\.html$")))],
                "excludePatterns": [j(ctx, "excludePatterns", ctx.pick(("*?sessionid=*", "/wp-admin/", "/cart", "*&sort=*")))],
                "checks": ctx.rng.sample(["broken-links", "missing-alt", "meta-description", "duplicate-title", "hreflang", "canonical", "robots-blocked"], 3),
                "userAgent": j(ctx, "userAgent", ctx.pick(("Mozilla/5.0 (compatible; CrawlkitBot/2.1; +https://crawlkit.example/bot)", v.user_agent(ctx, "nav")))),
                "notes": j(ctx, "notes", ctx.pick(("", user_note(ctx))))}
        return req("POST", "/crawlkit/api/audits", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "issues":
        flt = {"rule": ctx.pick(("meta-description-missing", "title-too-long", "broken-link", "img-missing-alt")),
               "url": {"contains": ctx.slot("json_query", "filter.url.contains", ctx.pick(("/blog/", "?page=", "/" + ctx.en.word(), "&ref=")))}}
        if ctx.chance(0.4):
            flt["text"] = {"matches": ctx.slot("json_query", "filter.text.matches", ctx.pick((v.tricky_search(ctx), "select.*from", "<h1>", ctx.en.word())))}
        pairs = [("severity[]", ctx.pick(("error", "warning"))), ("path_prefix", ctx.pick(("/", "/blog/", "/" + ctx.en.word() + "/", v.app_path(ctx)))), ("limit", ctx.pick((50, 200)))]
        q = f"filter={ctx.qenc(json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}&" + qs(ctx, pairs)
        return req("GET", f"/crawlkit/api/audits/{seg(ctx, 'audit', ctx.fake.uuid4())}/issues", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), q)
    if kind == "callback":  # a crawl worker posts a page's findings back, signed
        meta = {"title": j(ctx, "page.title", _short(ctx)), "description": j(ctx, "page.description", v.prose(ctx, 1, 2)),
                "og:title": j(ctx, "page.og_title", _short(ctx)), "robots": ctx.pick(("index,follow", "noindex, nofollow", "max-snippet:-1"))}
        body = {"jobId": ctx.fake.uuid4(), "url": j(ctx, "url", _page_url(ctx)), "status": ctx.pick((200, 200, 301, 404, 500)), "meta": meta,
                "h1": [j(ctx, "h1", _short(ctx))], "robotsTxt": j(ctx, "robotsTxt", _robots_txt(ctx)) if ctx.chance(0.3) else None,
                "extracted": {"price": j(ctx, "extracted.price", ctx.pick(("€ 19,99", "$1,299.00", "¥3,980", "from £7 -- sale!"))), "selector": _xpath(ctx)},
                "timingMs": ctx.rng.randrange(80, 9000)}
        extra = (("X-Crawlkit-Signature", "sha256=" + v.hex_token(ctx, 64)), ("X-Crawlkit-Delivery", ctx.fake.uuid4()))
        return req("POST", "/crawlkit/hooks/results", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if kind == "sitemap":
        urls = []
        for i in range(ctx.rng.randint(1, 5)):
            loc = enc_xml(str(ctx.slot("xml", f"url[{i}].loc", _page_url(ctx))))
            entry = f"  <url>\n    <loc>{loc}</loc>\n    <lastmod>{v.iso_date(ctx)}</lastmod>\n    <changefreq>{ctx.pick(('daily', 'weekly', 'monthly'))}</changefreq>\n    <priority>0.{ctx.rng.randint(1, 9)}</priority>\n"
            if ctx.chance(0.3):
                caption = enc_xml(str(ctx.slot("xml", f"url[{i}].image.title", _short(ctx))))
                entry += f"    <image:image>\n      <image:loc>https://cdn.{ctx.en.domain_name()}/{ctx.en.word()}.svg</image:loc>\n      <image:title>{caption}</image:title>\n    </image:image>\n"
            urls.append(entry + "  </url>")
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
               + "\n".join(urls) + "\n</urlset>\n")
        return req("POST", f"/crawlkit/api/projects/{seg(ctx, 'project', rid(ctx))}/sitemaps", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="apikey"),
                   body=xml)
    if kind == "robots":
        pairs = [("url", _page_url(ctx)), ("agent", ctx.pick(("Googlebot", "Bingbot", "*", "CrawlkitBot/2.1")))]
        return req("POST", "/crawlkit/api/robots/test", site_headers(ctx, "xhr", "text/plain; charset=utf-8", "jwt"), qs(ctx, pairs),
                   str(ctx.slot("multipart", "robots.txt", _robots_txt(ctx))))
    job = seg(ctx, "job", ctx.fake.uuid4())
    if kind == "status":
        return req(ctx.pick(("GET", "HEAD")), f"/crawlkit/api/jobs/{job}", headers_for(ctx, "sdk", auth="apikey"), qs(ctx, [("fields", ctx.pick(("status,progress", "status,result,errors")))]))
    return req("DELETE", f"/crawlkit/api/jobs/{job}", headers_for(ctx, ctx.pick(("sdk", "xhr")), auth=ctx.pick(("apikey", "jwt"))))


# --------------------------------------------------------------------------
# Vector design tool: documents with SVG path data, SVG export/import, palettes
# --------------------------------------------------------------------------


def _path_d(ctx: Ctx) -> str:
    def pt() -> str:
        return f"{round(ctx.rng.uniform(0, 400), ctx.pick((0, 1, 2)))} {round(ctx.rng.uniform(0, 400), ctx.pick((0, 1, 2)))}"

    parts = [f"M{pt()}"]
    for _ in range(ctx.rng.randint(2, 6)):
        cmd = ctx.pick(("L", "L", "C", "Q", "H", "V", "A", "l"))
        if cmd == "C":
            parts.append(f"C{pt()} {pt()} {pt()}")
        elif cmd == "Q":
            parts.append(f"Q{pt()} {pt()}")
        elif cmd in ("H", "V"):
            parts.append(f"{cmd}{ctx.rng.randint(0, 400)}")
        elif cmd == "A":
            parts.append(f"A{ctx.rng.randint(1, 80)} {ctx.rng.randint(1, 80)} 0 0 1 {pt()}")
        else:
            parts.append(f"{cmd}{pt()}")
    return " ".join(parts) + ctx.pick((" Z", "Z", "", " z"))


def _layer_name(ctx: Ctx) -> str:
    return ctx.pick((f"Icon / {ctx.en.word().capitalize()} – Left", "Button/Primary/Hover", f"Rectangle {ctx.rng.randint(1, 99)} copy", f"{ctx.en.word()}@2x",
                     "<Group>", "Logo -- don't touch!", f"Frame {ctx.rng.randint(1, 400)}", ctx.fake.word(), "Header > Nav > Item"))


def _color(ctx: Ctx) -> dict[str, float]:
    return {"r": round(ctx.rng.random(), 3), "g": round(ctx.rng.random(), 3), "b": round(ctx.rng.random(), 3), "a": ctx.pick((1, 1, 0.5, 0.08))}


def _layer(ctx: Ctx, path: str) -> dict[str, Any]:
    node_id = f"{ctx.rng.randint(1, 90)}:{ctx.rng.randint(1, 9000)}"
    if ctx.chance(0.4):
        return {"id": node_id, "type": "TEXT", "name": j(ctx, f"{path}.name", _layer_name(ctx)), "characters": j(ctx, f"{path}.characters", ctx.pick((_short(ctx), v.prose(ctx, 1, 2), "Sign up -- it's free!"))),
                "style": {"fontFamily": ctx.pick(("Inter", "Noto Sans JP", "Roboto Mono", "Playfair Display", "SF Pro Text")), "fontWeight": ctx.pick((400, 500, 700)),
                          "fontSize": ctx.pick((12, 14, 16, 24, 48)), "letterSpacing": ctx.pick((0, -0.5, 1.2))}, "fills": [{"type": "SOLID", "color": _color(ctx)}]}
    return {"id": node_id, "type": "VECTOR", "name": j(ctx, f"{path}.name", _layer_name(ctx)), "fillGeometry": [{"path": j(ctx, f"{path}.path", _path_d(ctx)), "windingRule": ctx.pick(("NONZERO", "EVENODD"))}],
            "fills": [{"type": "SOLID", "color": _color(ctx)}], "strokeWeight": ctx.pick((0, 1, 1.5, 2)), "blendMode": ctx.pick(("NORMAL", "MULTIPLY", "SCREEN"))}


def _export_svg(ctx: Ctx) -> str:
    w, h = ctx.pick(((24, 24), (400, 300), (1200, 630), (1080, 1080)))
    title = enc_xml(str(ctx.slot("xml", "svg.title", _short(ctx))))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" fill="none">', f"<title>{title}</title>"]
    for _ in range(ctx.rng.randint(1, 4)):
        parts.append(f'<path d="{_path_d(ctx)}" fill="#{v.hex_token(ctx, 6)}" stroke="{ctx.pick(("none", "#000", "currentColor"))}"/>')
    if ctx.chance(0.7):
        text = enc_xml(str(ctx.slot("xml", "svg.text", ctx.pick((_short(ctx), v.sentence(ctx), "R&D <beta>")))))
        parts.append(f'<text x="{ctx.rng.randint(0, w)}" y="{ctx.rng.randint(10, h)}" font-family="{ctx.pick(("Inter", "Noto Sans JP"))}, sans-serif" font-size="{ctx.rng.randint(8, 64)}">{text}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


@template("train", ("/vecto/",), weight=1.2)
def vector_design(ctx: Ctx) -> Request:
    """Vector design tool: documents as JSON (SVG path data, fonts, colours), SVG export and import, node queries with JSON filters, palettes as CSV."""
    kind = ctx.pick(("save", "save", "nodes_patch", "export", "import", "comment", "nodes", "palette", "delete", "preflight"))
    file_key = seg(ctx, "file", v.alnum_token(ctx, 22)) if kind != "preflight" else v.alnum_token(ctx, 22)
    if kind == "save":
        pages = [{"id": f"0:{i + 1}", "name": j(ctx, f"pages[{i}].name", ctx.pick(("Page 1", "🎨 Cover", "Components", "Archive -- old", ctx.en.word().capitalize()))),
                  "children": [_layer(ctx, f"pages[{i}].children[{k}]") for k in range(ctx.rng.randint(1, 4))]} for i in range(ctx.rng.randint(1, 2))]
        body: dict[str, Any] = {"name": j(ctx, "name", _short(ctx)), "version": ctx.rng.randint(1, 5000), "pages": pages,
                                "styles": {"colors": [{"name": j(ctx, "styles.colors[0].name", ctx.pick(("Brand/Primary", "Grey 900", "Accent & Hover"))), "hex": f"#{v.hex_token(ctx, 6)}"}]}}
        return req("PUT", f"/vecto/api/files/{file_key}", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "nodes_patch":
        nodes = {f"{i + 1}:{ctx.rng.randint(1, 9000)}": {"name": j(ctx, f"nodes[{i}].name", _layer_name(ctx)), "visible": ctx.chance(0.8),
                                                                           "locked": ctx.chance(0.2)} for i in range(ctx.rng.randint(1, 3))}
        return req("PATCH", f"/vecto/api/files/{file_key}/nodes", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, {"nodes": nodes, "clientId": v.alnum_token(ctx, 10)}))
    if kind == "export":
        q = qs(ctx, [("page", f"0:{ctx.rng.randint(1, 3)}"), ("scale", ctx.pick((1, 2)))])
        return req("POST", f"/vecto/api/files/{file_key}/exports", headers_for(ctx, "xhr", content_type="image/svg+xml", auth="jwt"), q, _export_svg(ctx))
    if kind == "import":
        ctype, body2 = multipart(ctx, [("name", _layer_name(ctx)), ("target_page", f"0:{ctx.rng.randint(1, 3)}")],
                                 [("file", f"{ctx.en.word()}.svg", "image/svg+xml", synth_tech.svg_image(ctx))])
        return req("POST", f"/vecto/api/files/{file_key}/imports", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "comment":
        body = {"message": j(ctx, "message", ctx.pick((user_note(ctx), "Can we try #FF5733 here? The contrast ratio is < 4.5:1", v.prose(ctx, 1, 2) + " @" + ctx.fake.first_name()))),
                "client_meta": {"node_id": f"{ctx.rng.randint(1, 90)}:{ctx.rng.randint(1, 9000)}", "node_offset": {"x": ctx.rng.randint(0, 400), "y": ctx.rng.randint(0, 400)}}}
        return req("POST", f"/vecto/api/files/{file_key}/comments", site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", ctx.pick(("jwt", "apikey"))), body=dumps(ctx, body))
    if kind == "nodes":
        where = {"type": ctx.pick(("TEXT", "VECTOR", "FRAME")), "name": {"contains": ctx.slot("json_query", "where.name.contains", ctx.pick((_layer_name(ctx), ctx.en.word())))}}
        pairs = [("ids", ",".join(f"{ctx.rng.randint(1, 90)}:{ctx.rng.randint(1, 9000)}" for _ in range(ctx.rng.randint(1, 4)))), ("depth", ctx.rng.randint(1, 3)), ("geometry", "paths")]
        q = qs(ctx, pairs, fixed=("geometry",)) + f"&where={ctx.qenc(json.dumps(where, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}"
        return req("GET", f"/vecto/api/files/{file_key}/nodes", headers_for(ctx, ctx.pick(("sdk", "xhr")), auth=ctx.pick(("apikey", "jwt"))), q)
    if kind == "palette":
        rows = ["name,hex,usage"]
        for i in range(ctx.rng.randint(2, 7)):
            usage = ctx.pick(("Buttons & links", "Body text -- dark mode", "Don't use on < 14px text", v.sentence(ctx))).replace('"', '""')
            cell = ctx.slot("multipart", "csv.usage", usage) if i == 0 else usage
            rows.append(f'{ctx.pick(("Primary", "Grey/900", "Accent", "Error", ctx.en.word()))},#{v.hex_token(ctx, 6)},"{cell}"')
        return req("PUT", f"/vecto/api/files/{file_key}/palette", headers_for(ctx, "sdk", content_type="text/csv", auth="apikey"), body="\n".join(rows) + "\n")
    if kind == "delete":
        return req("DELETE", f"/vecto/api/files/{file_key}/comments/{seg(ctx, 'comment', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, f"/vecto/api/files/{file_key}", ("PUT", "PATCH", "POST"), ("authorization,content-type", "content-type,x-vecto-client"))


# --------------------------------------------------------------------------
# Chord sheets: ChordPro songs, ABC notation, MusicXML, setlists
# --------------------------------------------------------------------------

_CHORDS = ("Am", "G/B", "C", "F", "G", "Em", "D", "F#m7", "Bb", "Dsus4", "E7", "Cmaj7", "G#dim", "A/C#", "Bm7b5", "C#m", "Eb", "Fadd9", "D/F#", "Asus2")
_KEYS = ("C", "G", "D", "A", "E", "F", "Bb", "Eb", "Am", "Em", "F#m", "C#m", "Dm")


def _chordpro(ctx: Ctx, title: Any, artist: Any) -> str:
    lines = [f"{{title: {title}}}", f"{{artist: {artist}}}", f"{{key: {ctx.pick(_KEYS)}}}"]
    if ctx.chance(0.4):
        lines.append(f"{{capo: {ctx.rng.randint(1, 7)}}}")
    for section in ctx.rng.sample(["Verse 1", "Chorus", "Verse 2", "Bridge", "Outro", "Intro"], ctx.rng.randint(1, 3)):
        chorus = section == "Chorus" and ctx.chance(0.5)
        if chorus:
            lines.append("{start_of_chorus}")
        else:
            lines.append(ctx.pick((f"{{comment: {section}}}", f"{{c: {section} -- {ctx.pick(('x2', 'softer', 'let ring', 'palm mute', 'tacet'))}}}")))
        for _ in range(ctx.rng.randint(1, 3)):
            lines.append(" ".join(f"[{ctx.pick(_CHORDS)}]{w}" if ctx.chance(0.35) else w for w in v.sentence(ctx).rstrip(".").split()))
        if chorus:
            lines.append("{end_of_chorus}")
    return "\n".join(lines) + "\n"


def _abc(ctx: Ctx, title: Any) -> str:
    bars = []
    for _ in range(ctx.rng.randint(4, 12)):
        notes = "".join(ctx.pick(("A", "B", "c", "d", "e", "f", "g", "a", "D", "E", "F", "G")) + ctx.pick(("", "", "2", "/2", "3", ">")) for _ in range(ctx.rng.randint(3, 6)))
        bars.append((f'"{ctx.pick(_CHORDS)}"' if ctx.chance(0.4) else "") + notes)
    tune = "|:" + "|".join(bars[: len(bars) // 2]) + ":|\n|" + "|".join(bars[len(bars) // 2:]) + "|]"
    lines = ["X:1", f"T:{title}", f"C:{v.full_name(ctx)}", f"M:{ctx.pick(('6/8', '4/4', '3/4', '2/4'))}", "L:1/8", f"Q:1/4={ctx.rng.randint(60, 180)}",
             f"R:{ctx.pick(('jig', 'reel', 'waltz', 'hornpipe'))}", f"K:{ctx.pick(('D', 'G', 'Ador', 'Emin', 'Bb'))}", tune]
    if ctx.chance(0.4):
        lines.append("w: " + " ".join(f"{w}-" if ctx.chance(0.2) else w for w in v.sentence(ctx).split()))
    if ctx.chance(0.3):
        lines.insert(2, f"N:{v.sentence(ctx)} -- trad., arr. {ctx.fake.last_name()}")
    return "\n".join(lines) + "\n"


def _musicxml(ctx: Ctx) -> str:
    title = enc_xml(str(ctx.slot("xml", "work-title", _short(ctx))))
    composer = enc_xml(str(ctx.slot("xml", "creator", v.full_name(ctx))))
    notes = []
    for i in range(ctx.rng.randint(1, 4)):
        lyric = ""
        if ctx.chance(0.6):
            syllable = enc_xml(str(ctx.slot("xml", f"note[{i}].lyric", ctx.pick((ctx.fake.word(), ctx.en.word(), "don't", "l'a-")))))
            lyric = f"<lyric number=\"1\"><syllabic>single</syllabic><text>{syllable}</text></lyric>"
        notes.append(f"<note><pitch><step>{ctx.pick('CDEFGAB')}</step><octave>{ctx.rng.randint(3, 5)}</octave></pitch><duration>{ctx.pick((1, 2, 4))}</duration>"
                     f"<type>{ctx.pick(('quarter', 'half', 'whole'))}</type>{lyric}</note>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            '<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">\n'
            f'<score-partwise version="4.0">\n  <work><work-title>{title}</work-title></work>\n'
            f'  <identification><creator type="composer">{composer}</creator><rights>© {ctx.rng.randint(1990, 2026)}</rights></identification>\n'
            '  <part-list><score-part id="P1"><part-name>Voice</part-name></score-part></part-list>\n'
            '  <part id="P1"><measure number="1"><attributes><divisions>1</divisions><key><fifths>0</fifths></key>'
            '<time><beats>4</beats><beat-type>4</beat-type></time></attributes>' + "".join(notes) + "</measure></part>\n</score-partwise>\n")


@template("train", ("/chordbook/",), weight=1.1)
def chord_sheets(ctx: Ctx) -> Request:
    """Chord sheets: ChordPro songs as JSON, ABC tunes as text, MusicXML imports, setlists as top-level arrays, search, comments."""
    kind = ctx.pick(("song", "song", "abc", "musicxml", "setlist", "search", "transpose", "comment", "delete"))
    if kind == "song":
        title, artist = j(ctx, "title", _short(ctx)), j(ctx, "artist", ctx.pick((v.full_name(ctx), "Guns N' Roses", "Simon & Garfunkel", ctx.fake.name())))
        body: dict[str, Any] = {"title": title, "artist": artist, "tempo": ctx.rng.randint(60, 180), "timeSignature": ctx.pick(("4/4", "3/4", "6/8")),
                                "chordpro": j(ctx, "chordpro", _chordpro(ctx, ctx.en.sentence(nb_words=3).rstrip("."), ctx.fake.name())),
                                "tags": [j(ctx, "tags", ctx.pick(("campfire", "worship", "80's", "easy", "fingerstyle", ctx.en.word()))) for _ in range(ctx.rng.randint(0, 3))],
                                "notes": j(ctx, "notes", ctx.pick(("", user_note(ctx), "Capo 2 -- play G shapes; strum D DU UDU")))}
        method = ctx.pick(("POST", "PUT"))
        path = "/chordbook/api/songs" if method == "POST" else f"/chordbook/api/songs/{seg(ctx, 'song', rid(ctx))}"
        return req(method, path, site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "abc":
        tune = ctx.slot("multipart", "abc", _abc(ctx, _short(ctx)))
        return req("PUT", f"/chordbook/api/tunes/{seg(ctx, 'tune', rid(ctx))}.abc", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/vnd.abc; charset=utf-8", auth="jwt"), body=str(tune))
    if kind == "musicxml":
        return req("POST", "/chordbook/api/import/musicxml", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/vnd.recordare.musicxml+xml", auth="jwt"),
                   qs(ctx, [("songbook", ctx.pick(("default", ctx.en.slug())))]), _musicxml(ctx))
    if kind == "setlist":  # the gig's running order: a top-level array
        items = [{"songId": rid(ctx), "key": ctx.pick(_KEYS), "position": i + 1, "note": j(ctx, f"[{i}].note", ctx.pick(("", "segue ->", "acoustic; no drums", v.prose(ctx, 1, 1), "capo 3 -- " + ctx.pick(_CHORDS))))}
                 for i in range(ctx.rng.randint(2, 8))]
        return req("PUT", f"/chordbook/api/setlists/{seg(ctx, 'setlist', ctx.pick((str(rid(ctx)), ctx.en.slug())))}/items", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
                   body=dumps(ctx, items))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((v.search_terms(ctx), f"[{ctx.pick(_CHORDS)}] {ctx.en.word()}", v.tricky_search(ctx), ctx.fake.name())))]
        pairs += [("key", ctx.pick(_KEYS)), ("difficulty", ctx.pick(("beginner", "intermediate", "advanced"))), ("chords[]", ctx.pick(_CHORDS)),
                  ("sort", ctx.pick(("rating", "title", "updated_at"))), ("order", ctx.pick(("desc", "asc")))]
        return req("GET", "/chordbook/api/songs", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth=ctx.pick(("jwt", None))), qs(ctx, pairs))
    if kind == "transpose":
        pairs = [("semitones", ctx.rng.randint(-5, 5)), ("notation", ctx.pick(("standard", "nashville", "solfege", "german"))), ("format", ctx.pick(("pdf", "html", "chordpro")))]
        return req(ctx.pick(("GET", "HEAD")), f"/chordbook/songs/{seg(ctx, 'song', ctx.pick((str(rid(ctx)), ctx.en.slug())))}/transpose", headers_for(ctx, "nav"), qs(ctx, pairs))
    if kind == "comment":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("comment[body]", ctx.pick((user_note(ctx), f"Isn't the bridge [{ctx.pick(_CHORDS)}] not [{ctx.pick(_CHORDS)}]?"))),
                 ("comment[rating]", str(ctx.rng.randint(1, 5)))]
        site = v.site(ctx)
        return req("POST", f"/chordbook/songs/{seg(ctx, 'song', rid(ctx))}/comments", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/chordbook/"),
                   body=form(ctx, pairs, fixed=("authenticity_token",)))
    return req("DELETE", f"/chordbook/api/setlists/{seg(ctx, 'setlist', rid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


# --------------------------------------------------------------------------
# Chess server: UCI moves, chat, PGN imports, FEN analysis, challenges
# --------------------------------------------------------------------------

_OPENINGS = ("1. e4 c5 2. Nf3 d6 3. d4 cxd4 4. Nxd4 Nf6 5. Nc3 a6", "1. d4 Nf6 2. c4 e6 3. Nc3 Bb4 4. e3 O-O", "1. e4 e5 2. Nf3 Nc6 3. Bb5 a6 4. Ba4 Nf6 5. O-O Be7",
             "1. c4 e5 2. g3 Nf6 3. Bg2 d5 4. cxd5 Nxd5", "1. e4 e6 2. d4 d5 3. Nc3 Bb4 4. e5 c5", "1. d4 d5 2. c4 dxc4 3. Nf3 Nf6 4. e3 e6", "1. e4 c6 2. d4 d5 3. e5 Bf5")
_FENS = ("rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1", "r1bqkb1r/pppp1ppp/2n2n2/4p3/2B1P3/5N2/PPPP1PPP/RNBQK2R w KQkq - 4 4",
         "8/8/8/4k3/8/8/4PK2/8 w - - 0 1", "r3k2r/ppp2ppp/2n5/3q4/3P4/2P5/P4PPP/R1BQR1K1 b kq - 0 12", "rnbqkbnr/pp1ppppp/8/2p5/4P3/5N2/PPPP1PPP/RNBQKB1R b KQkq - 1 2")


def _uci(ctx: Ctx) -> str:
    sq = lambda: ctx.pick("abcdefgh") + ctx.pick("12345678")  # noqa: E731
    return sq() + sq() + ctx.pick(("", "", "", "", "q", "n"))


def _pgn(ctx: Ctx) -> str:
    white, black = v.person_name(ctx), v.person_name(ctx)
    moves = ctx.pick(_OPENINGS).split(" ")
    at = ctx.pick([i + 1 for i, m in enumerate(moves) if not m.endswith(".")])  # a comment or variation follows a move, not a move number
    moves.insert(at, ctx.pick((f"{{ {v.sentence(ctx)} }}", "$1", "!?", "{ Sharp -- but is it sound? }", f"(6... {ctx.pick(('Nc6', 'e5', 'Qb6'))} 7. f4)", "{ [%clk 0:04:51] }")))
    result = ctx.pick(("1-0", "0-1", "1/2-1/2", "*"))
    tags = [f'[Event "{ctx.pick(("Casual game", "Club championship R" + str(ctx.rng.randint(1, 9)), ctx.fake.city() + " Open"))}"]', f'[Site "{ctx.fake.city()}"]',
            f'[Date "{v.when(ctx):%Y.%m.%d}"]', f'[White "{white[1]}, {white[0]}"]', f'[Black "{black[1]}, {black[0]}"]', f'[Result "{result}"]']
    if ctx.chance(0.3):
        tags.append(f'[Annotator "{v.full_name(ctx)}"]')
    return "\n".join(tags) + "\n\n" + " ".join(moves) + f" {result}\n"


def _chess_chat(ctx: Ctx) -> str:
    return ctx.pick((lambda: ctx.pick(("gg", "gg wp", "good luck, have fun!", "rematch?", "sorry, mouse slip :(", "thx -- nice game", "Hello from " + ctx.fake.city())),
                     lambda: f"{ctx.pick(_OPENINGS).split(' 3.')[0]}?! really? 😅", lambda: v.prose(ctx, 1, 1, trap_rate=0.5),
                     lambda: f"was {_uci(ctx)} a blunder? engine says < -2.5", lambda: v.sentence(ctx)))()


@template("train", ("/chessplay/",), weight=1.2)
def chess_server(ctx: Ctx) -> Request:
    """Chess server (lichess-style): move and chat forms, dotted challenge params, PGN imports (form and multipart), FEN analysis, exports, studies."""
    kind = ctx.pick(("move", "move", "chat", "import", "study_upload", "challenge", "eval", "export", "chapter", "cancel"))
    profile = ctx.pick(("xhr", "xhr", "sdk", "mobile"))
    auth = None if profile == "xhr" else "jwt"
    game = ctx.pick((v.alnum_token(ctx, 8), v.alnum_token(ctx, 12)))
    if kind == "move":
        pairs: list[tuple[str, Any]] = [("uci", _uci(ctx)), ("ply", str(ctx.rng.randint(1, 120))), ("clockMs", str(ctx.rng.randrange(0, 600000)))]
        if ctx.chance(0.2):
            pairs.append(("offeringDraw", "true"))
        return req("POST", f"/chessplay/api/board/game/{seg(ctx, 'game', game)}/move", headers_for(ctx, profile, content_type="application/x-www-form-urlencoded", auth=auth), body=form(ctx, pairs))
    if kind == "chat":
        pairs = [("room", ctx.pick(("player", "spectator"))), ("text", _chess_chat(ctx))]
        return req("POST", f"/chessplay/api/board/game/{seg(ctx, 'game', game)}/chat", headers_for(ctx, profile, content_type="application/x-www-form-urlencoded", auth=auth), body=form(ctx, pairs))
    if kind == "import":
        site = v.site(ctx)
        pairs = [("pgn", _pgn(ctx)), ("analyse", ctx.pick(("true", "false")))]
        return req("POST", "/chessplay/import", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/chessplay/paste"), body=form(ctx, pairs))
    if kind == "study_upload":
        fields = [("name", ctx.pick((_short(ctx), "Sicilian -- Najdorf prep", "Endgames I keep messing up"))), ("orientation", ctx.pick(("white", "black"))),
                  ("description", ctx.pick(("", user_note(ctx))))]
        pgn = ctx.slot("multipart", "pgn", "\n\n".join(_pgn(ctx) for _ in range(ctx.rng.randint(1, 3))))
        ctype, body = multipart(ctx, fields, [("pgnFile", f"{ctx.en.word()}.pgn", "application/x-chess-pgn", str(pgn))])
        return req("POST", f"/chessplay/api/study/{seg(ctx, 'study', v.alnum_token(ctx, 8))}/import-pgn", site_headers(ctx, ctx.pick(("xhr", "sdk")), ctype, "jwt"), body=body)
    if kind == "challenge":
        pairs = [("rated", ctx.pick(("true", "false"))), ("clock.limit", str(ctx.pick((60, 180, 300, 600, 900)))), ("clock.increment", str(ctx.pick((0, 1, 2, 5, 10)))),
                 ("color", ctx.pick(("random", "white", "black"))), ("variant", ctx.pick(("standard", "chess960", "fromPosition")))]
        if ctx.chance(0.3):
            pairs.append(("fen", ctx.pick(_FENS)))
        if ctx.chance(0.4):
            pairs.append(("message", ctx.pick(("Your game with {opponent} is ready: {game}.", v.prose(ctx, 1, 1), "Rematch from yesterday -- same time control?"))))
        return req("POST", f"/chessplay/api/challenge/{seg(ctx, 'user', ctx.fake.user_name())}", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/x-www-form-urlencoded", auth="jwt"),
                   body=form(ctx, pairs))
    if kind == "eval":
        pairs = [("fen", ctx.pick(_FENS)), ("multiPv", ctx.rng.randint(1, 5)), ("variant", "standard")]
        return req("GET", "/chessplay/api/cloud-eval", headers_for(ctx, ctx.pick(("xhr", "mobile", "sdk"))), qs(ctx, pairs, fixed=("variant",)))
    if kind == "export":
        pairs = [("moves", "true"), ("clocks", ctx.pick(("true", "false"))), ("evals", ctx.pick(("true", "false"))), ("opening", "true"), ("literate", ctx.pick(("true", "false")))]
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/chessplay/game/export/{seg(ctx, 'game', game)}", headers_for(ctx, ctx.pick(("sdk", "nav")), accept="application/x-chess-pgn"),
                   qs(ctx, pairs, fixed=("moves", "opening")))
    if kind == "chapter":
        body2 = {"name": j(ctx, "name", ctx.pick((_short(ctx), "Ch. 3: Rook endings", "Don't play ...Qxb2!"))), "description": j(ctx, "description", ctx.pick((user_note(ctx), ""))),
                 "orientation": ctx.pick(("white", "black")), "fen": j(ctx, "fen", ctx.pick(_FENS)), "practice": ctx.chance(0.2)}
        return req("PATCH", f"/chessplay/api/study/{seg(ctx, 'study', v.alnum_token(ctx, 8))}/chapters/{seg(ctx, 'chapter', v.alnum_token(ctx, 8))}",
                   site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body2))
    return req("DELETE", f"/chessplay/api/board/seek/{seg(ctx, 'seek', v.alnum_token(ctx, 8))}", headers_for(ctx, profile, auth=auth))


# --------------------------------------------------------------------------
# Collaborative whiteboard: CRDT-style op batches, sticky notes, beacons
# --------------------------------------------------------------------------


def _sticky_text(ctx: Ctx) -> str:
    a, b, c = ctx.en.word().capitalize(), ctx.en.word().capitalize(), ctx.en.word().capitalize()
    return ctx.pick((
        lambda: v.prose(ctx, 1, 2, trap_rate=0.4),
        lambda: f"graph LR\n  A[{a}] --> B{{{b}?}}\n  B -- yes --> C[{c}]\n  B -- no --> D[Retry <= 3x]",
        lambda: f"Pros: {ctx.en.word()}, {ctx.en.word()}\nCons: {ctx.en.word()} -- {v.sentence(ctx)}",
        lambda: f"TODO: {v.sentence(ctx)} (@{ctx.fake.first_name()})",
        lambda: ctx.pick(("Start / Stop / Continue", "What went well? 🎉", "Blockers >>>", "Q3 OKRs -- draft", "Why?? x5", "DROP the legacy flow?")),
        lambda: f"{ctx.pick(v._EMOJI)} {v.short_text(ctx)}",
        lambda: v.dashy_text(ctx),
        lambda: f"{a} -> {b} -> {c} => $$$",
    ))()


def _op(ctx: Ctx, path: str) -> dict[str, Any]:
    kind = ctx.pick(("insert", "insert", "update", "move", "delete"))
    node = f"{v.alnum_token(ctx, 6)}@{ctx.rng.randint(1, 400)}"
    if kind == "insert":
        return {"op": "insert", "id": node, "type": ctx.pick(("sticky", "text", "shape")), "x": ctx.rng.randint(-2000, 2000), "y": ctx.rng.randint(-2000, 2000),
                "text": j(ctx, f"{path}.text", _sticky_text(ctx)), "color": ctx.pick(("yellow", "pink", "#a0e7e5", "violet"))}
    if kind == "update":
        return {"op": "update", "id": node, "path": ["text"], "value": j(ctx, f"{path}.value", _sticky_text(ctx)), "clock": [ctx.rng.randint(1, 90), ctx.rng.randint(1, 9999)]}
    if kind == "move":
        return {"op": "move", "id": node, "dx": ctx.rng.randint(-300, 300), "dy": ctx.rng.randint(-300, 300)}
    return {"op": "delete", "id": node}


@template("train", ("/whiteboard/",), weight=1.2)
def whiteboard(ctx: Ctx) -> Request:
    """Collaborative whiteboard: op batches, sticky-note edits, sendBeacon presence as text/plain JSON, CSV imports, exports, preflights."""
    kind = ctx.pick(("ops", "ops", "ops", "sticky", "beacon", "comment", "csv", "export", "templates", "delete", "preflight"))
    board = seg(ctx, "board", v.alnum_token(ctx, 10)) if kind not in ("templates", "preflight") else v.alnum_token(ctx, 10)
    if kind == "ops":
        body: dict[str, Any] = {"clientId": ctx.fake.uuid4(), "baseVersion": ctx.rng.randint(1, 90000), "ops": [_op(ctx, f"ops[{i}]") for i in range(ctx.rng.randint(15, 40) if ctx.chance(0.12) else ctx.rng.randint(1, 6))]}
        return req("POST", f"/whiteboard/api/boards/{board}/ops", site_headers(ctx, ctx.pick(("xhr", "xhr", "mobile")), "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "sticky":
        body = {"text": j(ctx, "text", _sticky_text(ctx)), "color": ctx.pick(("yellow", "green", "#ffd6a5")), "author": j(ctx, "author", v.full_name(ctx)),
                "fontSize": ctx.pick(("S", "M", "L", "auto"))}
        return req("PATCH", f"/whiteboard/api/boards/{board}/items/{seg(ctx, 'item', v.alnum_token(ctx, 6))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "beacon":  # navigator.sendBeacon on tab close: JSON sent as text/plain
        body = {"type": "presence", "cursor": {"x": ctx.rng.randint(-4000, 4000), "y": ctx.rng.randint(-4000, 4000)}, "selection": [v.alnum_token(ctx, 6) for _ in range(ctx.rng.randint(0, 3))],
                "pendingText": j(ctx, "pendingText", ctx.pick(("", _sticky_text(ctx)))), "displayName": j(ctx, "displayName", v.full_name(ctx)), "leaving": True}
        return req("POST", f"/whiteboard/api/boards/{board}/beacon", headers_for(ctx, "xhr", content_type="text/plain;charset=UTF-8", cookies=True), body=dumps(ctx, body))
    if kind == "comment":
        body = {"text": j(ctx, "text", ctx.pick((user_note(ctx), "+1 -- let's timebox this to 15'", v.prose(ctx, 1, 2)))), "anchor": {"itemId": v.alnum_token(ctx, 6)}, "resolved": False}
        return req("POST", f"/whiteboard/api/boards/{board}/comments", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "csv":
        rows = ["text,color,x,y"]
        for i in range(ctx.rng.randint(2, 8)):
            text = _sticky_text(ctx).replace('"', '""')
            cell = ctx.slot("multipart", "csv.text", text) if i == 0 else text
            rows.append(f'"{cell}",{ctx.pick(("yellow", "pink", "blue"))},{ctx.rng.randint(0, 2000)},{ctx.rng.randint(0, 2000)}')
        return req("POST", f"/whiteboard/api/boards/{board}/import", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/csv; charset=utf-8", auth=ctx.pick(("apikey", "jwt"))),
                   qs(ctx, [("layout", ctx.pick(("grid", "as-is", "cluster")))]), "\n".join(rows) + "\n")
    if kind == "export":
        pairs: list[tuple[str, Any]] = [("format", ctx.pick(("pdf", "png", "svg"))), ("frame", ctx.pick(("all", "Frame 1", ctx.en.word().capitalize() + " -- final")))]
        if ctx.chance(0.4):
            pairs.append(("background", ctx.pick(("transparent", "#ffffff"))))
        return req(ctx.pick(("GET", "HEAD")), f"/whiteboard/boards/{board}/export", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs))
    if kind == "templates":
        pairs = [("q", ctx.pick((v.search_terms(ctx), "retro", "user journey map", "SWOT", "kanban"))), ("category", ctx.pick(("brainstorm", "agile", "strategy", "all")))]
        return req("GET", "/whiteboard/api/templates", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "delete":
        return req("DELETE", f"/whiteboard/api/boards/{board}/items/{seg(ctx, 'item', v.alnum_token(ctx, 6))}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, f"/whiteboard/api/boards/{board}/ops", ("POST", "PATCH", "DELETE"), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# Campaign URL builder: UTM parameters, landing URLs with their own queries, naming rules
# --------------------------------------------------------------------------


def _campaign(ctx: Ctx) -> str:
    return ctx.pick((
        lambda: f"{ctx.pick(('spring', 'summer', 'black-friday', 'cyber_monday', 'q3'))}_{ctx.pick(('sale', 'launch', 'webinar', 'promo'))}_{ctx.rng.randint(2024, 2026)}",
        lambda: f"{ctx.en.slug()}|{ctx.pick(('email', 'paid', 'organic'))}|v{ctx.rng.randint(1, 4)}",
        lambda: f'Webinar: "{v.short_text(ctx)}"', lambda: f"drop-{ctx.rng.randint(1, 9)} (limited)", lambda: v.short_text(ctx),
        lambda: f"{ctx.fake.city()} -- {ctx.pick(('roadshow', 'meetup', 'pop-up'))}",
    ))()


@template("train", ("/campaignurl/",), weight=1.1)
def utm_builder(ctx: Ctx) -> Request:
    """Campaign URL builder: UTM forms with full landing URLs, previews, bulk CSV, naming-rule presets, Sheets add-on arrays, QR codes."""
    kind = ctx.pick(("build", "build", "preview", "bulk", "preset", "sheets", "history", "qr", "delete"))
    if kind == "build":
        pairs: list[tuple[str, Any]] = [("_csrf", v.alnum_token(ctx, 32)), ("destination", _page_url(ctx)), ("utm_source", ctx.pick(("newsletter", "facebook", "linkedin", "partner-" + ctx.en.word()))),
                                        ("utm_medium", ctx.pick(("email", "cpc", "social", "display", "affiliate"))), ("utm_campaign", _campaign(ctx))]
        if ctx.chance(0.5):
            pairs.append(("utm_term", ctx.pick((v.search_terms(ctx), v.tricky_search(ctx)))))
        if ctx.chance(0.5):
            pairs.append(("utm_content", ctx.pick(("hero-banner", "cta_bottom", "text link #2", ctx.en.slug()))))
        pairs += [("preset-id", str(rid(ctx))), ("force-lowercase", ctx.pick(("on", "off"))), ("note", ctx.pick(("", user_note(ctx))))]
        site = v.site(ctx)
        return req("POST", "/campaignurl/links", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/campaignurl/new"),
                   body=form(ctx, pairs, fixed=("_csrf",)))
    if kind == "preview":
        pairs = [("url", _page_url(ctx)), ("utm_source", ctx.pick(("google", "bing", "newsletter"))), ("utm_medium", ctx.pick(("cpc", "email"))), ("utm_campaign", _campaign(ctx))]
        return req("GET", "/campaignurl/api/preview", headers_for(ctx, "xhr", auth=ctx.pick(("jwt", None))), qs(ctx, pairs))
    if kind == "bulk":
        rows = ["destination,utm_source,utm_medium,utm_campaign,utm_content"]
        for i in range(ctx.rng.randint(2, 8)):
            camp = _campaign(ctx).replace('"', '""')
            cell = ctx.slot("multipart", "csv.utm_campaign", camp) if i == 0 else camp
            rows.append(f'"{_page_url(ctx)}",{ctx.pick(("newsletter", "facebook", "x"))},{ctx.pick(("email", "social"))},"{cell}",{ctx.en.slug()}')
        return req("POST", "/campaignurl/api/links/bulk", headers_for(ctx, "sdk", content_type="text/csv", auth=ctx.pick(("apikey", "basic"))),
                   qs(ctx, [("shorten", ctx.pick(("true", "false"))), ("workspace", ctx.en.slug())]), "\r\n".join(rows) + "\r\n")
    if kind == "preset":
        body: dict[str, Any] = {"name": j(ctx, "name", ctx.pick((_short(ctx), "Paid social -- EU", "Partners & affiliates"))),
                                "rules": {"utm_campaign": {"pattern": j(ctx, "rules.utm_campaign.pattern", ctx.pick((r"^[a-z0-9_]+_\d{4}$", r"^(spring|summer|fall|winter)-.+", r"^[^\s|]+$"))),
                                                           "transform": ctx.pick(("lowercase", "slugify", "none"))},
                                          "utm_source": {"allowed": [j(ctx, "rules.utm_source.allowed", s) for s in ctx.rng.sample(["newsletter", "facebook", "linkedin", "google", "tiktok"], 3)]}},
                                "separator": ctx.pick(("_", "-", "|")), "description": j(ctx, "description", ctx.pick(("", v.prose(ctx, 1, 2, trap_rate=0.4))))}
        return req("PUT", f"/campaignurl/api/presets/{seg(ctx, 'preset', rid(ctx))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "sheets":  # the spreadsheet add-on sends the selected rows as a top-level array
        rows2 = [{"row": ctx.rng.randint(2, 500), "url": j(ctx, f"[{i}].url", _page_url(ctx)), "utmSource": j(ctx, f"[{i}].utmSource", ctx.pick(("newsletter", "linkedin"))),
                  "utmCampaign": j(ctx, f"[{i}].utmCampaign", _campaign(ctx))} for i in range(ctx.rng.randint(1, 5))]
        return req("POST", "/campaignurl/api/addon/build", headers_for(ctx, "sdk", content_type="application/json", auth="apikey"), body=dumps(ctx, rows2))
    if kind == "history":
        pairs = [("search", ctx.pick((_campaign(ctx), v.search_terms(ctx)))), ("created-by", ctx.pick(("me", ctx.fake.email()))), ("order", ctx.pick(("desc", "asc"))),
                 ("page", ctx.rng.randint(1, 9))]
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/campaignurl/api/links", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "qr":
        q = qs(ctx, [("size", ctx.pick((256, 512, 1024))), ("fg", ctx.pick(("#000000", "#1a1a2e"))), ("margin", ctx.rng.randint(0, 4))])
        return req(ctx.pick(("GET", "HEAD")), f"/campaignurl/links/{seg(ctx, 'link', v.alnum_token(ctx, 7))}/qr.svg", headers_for(ctx, "nav", accept="image/svg+xml,*/*"), q)
    return req("DELETE", f"/campaignurl/api/links/{seg(ctx, 'link', v.alnum_token(ctx, 7))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Static-site editor: front matter + markdown, commits, assets, config, deploy hooks
# --------------------------------------------------------------------------


def _markdown_page(ctx: Ctx) -> str:
    blocks = [v.markdown_post(ctx, code_rate=0.5)]
    if ctx.chance(0.2):  # a long post
        blocks += [f"## {v.short_text(ctx)}\n\n{v.long_prose(ctx)}" for _ in range(ctx.rng.randint(2, 4))]
    for _ in range(ctx.rng.randint(0, 2)):
        blocks.append(ctx.pick((
            lambda: f"<details><summary>{enc_xml(v.short_text(ctx))}</summary>\n\n{v.prose(ctx, 1, 2)}\n\n</details>",
            lambda: f"![{ctx.en.word()}](../images/{ctx.en.word()}.svg \"{v.short_text(ctx)}\")",
            lambda: "Press <kbd>Ctrl</kbd> + <kbd>Shift</kbd> + <kbd>P</kbd> -- then type `reload`.",
            lambda: f'{{{{< figure src="/img/{ctx.en.word()}.svg" caption="{v.short_text(ctx)}" >}}}}',
            lambda: "{% raw %}{{ page.title | escape }}{% endraw %}",
            lambda: f"| {ctx.en.word()} | {ctx.en.word()} |\n|---|---|\n| `{synth_tech.formula(ctx)}` | {v.sentence(ctx)} |",
            lambda: f"{v.sentence(ctx)}[^1]\n\n[^1]: {v.prose(ctx, 1, 1)}",
        ))())
    return "\n\n".join(blocks)


def _front_matter(ctx: Ctx, title: Any) -> str:
    tags = ", ".join(f'"{t}"' for t in ctx.rng.sample(["sql", "c++", "ops", "design", "r&d", "release-notes", "how-to"], ctx.rng.randint(1, 3)))
    lines = ["---", f'title: "{title}"', f"date: {v.iso_datetime(ctx)}", f"draft: {ctx.pick(('true', 'false'))}", f"tags: [{tags}]", f"author: {v.full_name(ctx)}"]
    if ctx.chance(0.5):
        lines.append(f"description: >\n  {v.sentence(ctx)}")
    if ctx.chance(0.3):
        lines.append(f"cover: /images/{ctx.en.word()}.svg")
    return "\n".join(lines + ["---"])


@template("train", ("/sitegen/",), weight=1.2)
def static_site_editor(ctx: Ctx) -> Request:
    """Static-site editor: markdown files with YAML front matter, Git-style commits, asset uploads, YAML config, signed deploy hooks."""
    kind = ctx.pick(("save", "save", "commit", "asset", "config", "preview", "tree", "delete", "hook", "preflight"))
    site_id = seg(ctx, "site", ctx.pick((ctx.en.slug(), ctx.fake.uuid4()))) if kind not in ("hook", "preflight") else ""
    if kind == "save":
        path = seg(ctx, "path", f"content/{ctx.pick(('posts', 'docs', 'notes'))}/{v.iso_date(ctx)}-{ctx.en.slug()}.md")
        title = ctx.slot("multipart", "front_matter.title", _short(ctx).replace('"', "'"))
        text = ctx.slot("multipart", "markdown", _markdown_page(ctx))
        return req("PUT", f"/sitegen/api/sites/{site_id}/files/{path}", headers_for(ctx, "xhr", content_type="text/markdown; charset=utf-8", auth="jwt",
                                                                                  extra=(("If-Match", f'"{v.hex_token(ctx, 40)}"'),)), body=f"{_front_matter(ctx, title)}\n\n{text}\n")
    if kind == "commit":
        files = [{"path": j(ctx, f"files[{i}].path", f"content/posts/{ctx.en.slug()}.md"), "content": j(ctx, f"files[{i}].content", f"{_front_matter(ctx, _short(ctx))}\n\n{_markdown_page(ctx)}\n")}
                 for i in range(ctx.rng.randint(1, 2))]
        body: dict[str, Any] = {"branch": ctx.pick(("main", "drafts", "cms/" + ctx.en.slug())), "message": j(ctx, "message", ctx.pick((f"docs: fix typo in {v.full_name(ctx)}'s bio",
                                                                                                                                      "Update \"" + v.short_text(ctx) + "\"", "content: " + v.sentence(ctx)))),
                                "files": files, "author": {"name": j(ctx, "author.name", v.full_name(ctx)), "email": ctx.fake.email()}}
        return req("POST", f"/sitegen/api/sites/{site_id}/commits", site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "asset":
        r = ctx.rng.random()
        if r < 0.4:
            file = ("file", f"{ctx.en.word()}.svg", "image/svg+xml", synth_tech.svg_image(ctx))
        elif r < 0.7:
            file = ("file", "authors.csv", "text/csv", "name,twitter,bio\n" + "\n".join(f'"{v.full_name(ctx)}",@{ctx.en.user_name()},"{v.sentence(ctx)}"' for _ in range(ctx.rng.randint(1, 4))))
        else:
            file = ("file", f"{ctx.en.word()}.txt", "text/plain", v.long_prose(ctx))
        ctype, body2 = multipart(ctx, [("path", f"static/{ctx.pick(('images', 'data', 'files'))}/"), ("alt", ctx.pick(("", v.short_text(ctx))))], [file])
        return req("POST", f"/sitegen/api/sites/{site_id}/assets", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "config":
        title = ctx.slot("multipart", "config.title", _short(ctx).replace('"', "'"))
        yaml = (f'title: "{title}"\nbaseURL: "https://{ctx.en.domain_name()}/"\nlanguageCode: {ctx.locale.replace("_", "-")}\nparams:\n'
                f'  description: "{v.sentence(ctx)}"\n  author: {v.full_name(ctx)}\nmenu:\n  main:\n    - name: "{ctx.en.word().capitalize()}"\n      url: /{ctx.en.slug()}/\n'
                f"markup:\n  goldmark:\n    renderer:\n      unsafe: {ctx.pick(('true', 'false'))}\n")
        return req("PUT", f"/sitegen/api/sites/{site_id}/config", headers_for(ctx, "xhr", content_type="text/yaml; charset=utf-8", auth="jwt"), body=yaml)
    if kind == "preview":
        pairs: list[tuple[str, Any]] = [("path", f"/{ctx.pick(('posts', 'docs'))}/{ctx.en.slug()}/"), ("ref", ctx.pick(("main", "drafts"))), ("drafts", ctx.pick(("1", "0")))]
        return req(ctx.pick(("GET", "HEAD")), f"/sitegen/preview/{site_id}", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs))
    if kind == "tree":
        pairs = [("ref", ctx.pick(("main", "drafts"))), ("path", ctx.pick(("content/posts", "static/images", "data"))), ("recursive", ctx.pick(("1", "0")))]
        if ctx.chance(0.4):
            pairs.append(("q", ctx.pick((v.search_terms(ctx), "*.md", ctx.en.word()))))
        return req("GET", f"/sitegen/api/sites/{site_id}/tree", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs))
    if kind == "delete":
        q = qs(ctx, [("message", ctx.pick(("Delete " + ctx.en.slug() + ".md", "remove old draft -- not needed"))), ("sha", v.hex_token(ctx, 40))], fixed=("sha",))
        return req("DELETE", f"/sitegen/api/sites/{site_id}/files/{seg(ctx, 'path', f'content/posts/{ctx.en.slug()}.md')}", headers_for(ctx, "xhr", auth="jwt"), q)
    if kind == "hook":  # the Git host notifies the editor of a push
        body = {"ref": "refs/heads/" + ctx.pick(("main", "drafts")), "after": v.hex_token(ctx, 40),
                "head_commit": {"id": v.hex_token(ctx, 40), "message": j(ctx, "head_commit.message", ctx.pick((v.sentence(ctx), "Merge pull request #" + str(ctx.rng.randint(1, 900)) + " from " + ctx.en.user_name() + "/patch-1"))),
                                "author": {"name": j(ctx, "head_commit.author.name", v.full_name(ctx)), "email": ctx.fake.email()},
                                "modified": [f"content/posts/{ctx.en.slug()}.md"]}}
        extra = (("X-Sitegen-Event", "push"), ("X-Sitegen-Signature-256", "sha256=" + v.hex_token(ctx, 64)))
        return req("POST", "/sitegen/hooks/git", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    return preflight(ctx, f"/sitegen/api/sites/{ctx.en.slug()}/files/content", ("PUT", "DELETE", "POST"), ("authorization,content-type,if-match", "authorization,content-type"))


# --------------------------------------------------------------------------
# Slides app: slides with blocks and speaker notes, theme CSS, presenter remote
# --------------------------------------------------------------------------


def _theme_css(ctx: Ctx) -> str:
    name = ctx.slot("multipart", "theme.name", _short(ctx).replace("*/", ""))
    heading = ctx.pick(('"Playfair Display", serif', '"Inter", system-ui, sans-serif', '"Noto Sans JP", sans-serif', '"Fira Code", monospace'))
    return (f'@import url("https://fonts.googleapis.com/css2?family={ctx.pick(("Inter", "Playfair+Display", "Fira+Code"))}:wght@400;700&display=swap");\n'
            f"/* Theme: {name} -- by {v.full_name(ctx)} */\n:root {{ --accent: #{v.hex_token(ctx, 6)}; --bg: #{v.hex_token(ctx, 6)}; --font-heading: {heading}; }}\n"
            ".reveal h1, .reveal h2 { font-family: var(--font-heading); text-transform: uppercase; letter-spacing: -0.02em; }\n"
            f'.reveal section > p:first-child::before {{ content: "{ctx.pick(("→ ", "» ", "— ", "#"))}"; color: var(--accent); }}\n'
            f".reveal pre code {{ max-height: {ctx.rng.randint(300, 600)}px; }}\n@media (max-width: 600px) {{ .reveal {{ font-size: {ctx.rng.randint(20, 32)}px; }} }}\n")


@template("train", ("/slidedeck/",), weight=1.2)
def slide_deck(ctx: Ctx) -> Request:
    """Slides app: slides as JSON blocks with code and speaker notes, theme CSS, presenter remote, markdown outline imports, comments, exports, oEmbed."""
    kind = ctx.pick(("slide", "slide", "theme", "remote", "outline", "comment", "reorder", "export", "oembed", "delete"))
    deck = seg(ctx, "deck", ctx.pick((v.alnum_token(ctx, 10), ctx.en.slug()))) if kind not in ("oembed", "outline") else ""
    if kind == "slide":
        lang, code = synth_tech.tech_snippet(ctx)
        blocks: list[dict[str, Any]] = [{"type": "title", "text": j(ctx, "blocks[0].text", _short(ctx))}]
        r = ctx.rng.random()
        if r < 0.4:
            blocks.append({"type": "bullets", "items": [j(ctx, f"blocks[1].items[{i}]", ctx.pick((v.sentence(ctx), synth_tech.formula(ctx), v.tricky_search(ctx)))) for i in range(ctx.rng.randint(2, 5))]})
        elif r < 0.75:
            blocks.append({"type": "code", "language": lang, "code": j(ctx, "blocks[1].code", code), "highlightLines": ctx.pick(("", "1-3", "2,4"))})
        else:
            blocks.append({"type": "math", "tex": j(ctx, "blocks[1].tex", _tex_math(ctx))})
        body: dict[str, Any] = {"index": ctx.rng.randint(0, 40), "layout": ctx.pick(("title-and-content", "two-columns", "section-header", "blank")), "blocks": blocks,
                                "speakerNotes": j(ctx, "speakerNotes", ctx.pick((user_note(ctx), v.long_prose(ctx), "Pause here -- ask: 'who has used SELECT * in prod?'"))),
                                "transition": ctx.pick(("none", "fade", "slide"))}
        return req("PUT", f"/slidedeck/api/decks/{deck}/slides/{seg(ctx, 'slide', v.alnum_token(ctx, 8))}", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "theme":
        return req("PUT", f"/slidedeck/api/decks/{deck}/theme.css", headers_for(ctx, "xhr", content_type="text/css; charset=utf-8", auth="jwt"), body=_theme_css(ctx))
    if kind == "remote":
        body = {"action": ctx.pick(("next", "prev", "goto", "blackout", "laser")), "index": ctx.rng.randint(0, 40), "fragment": ctx.rng.randint(-1, 3),
                "presenter": j(ctx, "presenter", v.full_name(ctx)), "sessionId": v.alnum_token(ctx, 16)}
        return req("POST", f"/slidedeck/api/decks/{deck}/remote", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "outline":
        outline = "\n\n---\n\n".join(f"# {v.short_text(ctx)}\n\n" + ctx.pick((v.markdown_post(ctx, code_rate=0.5), "- " + "\n- ".join(v.sentence(ctx) for _ in range(3))))
                                     + ("\n\nNote: " + v.prose(ctx, 1, 2) if ctx.chance(0.5) else "") for _ in range(ctx.rng.randint(1, 3)))
        fields = [("title", _short(ctx)), ("separator", ctx.pick(("---", "\\n\\n\\n"))), ("theme", ctx.pick(("black", "white", "solarized", "league")))]
        ctype, body2 = multipart(ctx, fields, [("outline", f"{ctx.en.slug()}.md", "text/markdown", outline)])
        return req("POST", "/slidedeck/api/decks/import", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "comment":
        pairs = [("slide", str(ctx.rng.randint(1, 40))), ("body", ctx.pick((user_note(ctx), "Typo on this slide: it's \"its\" -- not \"it's\"", v.prose(ctx, 1, 2)))),
                 ("notify", ctx.pick(("all", "author", "none")))]
        return req("POST", f"/slidedeck/api/decks/{deck}/comments", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded; charset=UTF-8", cookies=True, origin=v.site(ctx)),
                   body=form(ctx, pairs))
    if kind == "reorder":
        body = {"order": [v.alnum_token(ctx, 8) for _ in range(ctx.rng.randint(2, 12))], "sectionTitle": j(ctx, "sectionTitle", ctx.pick(("", _short(ctx), "Q&A / Backup slides")))}
        return req("PATCH", f"/slidedeck/api/decks/{deck}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "export":
        pairs2: list[tuple[str, Any]] = [("format", ctx.pick(("pdf", "pptx", "html"))), ("notes", ctx.pick(("none", "below", "separate-page"))), ("range", ctx.pick(("all", "1-10", "3,5,7-9")))]
        return req(ctx.pick(("GET", "HEAD")), f"/slidedeck/decks/{deck}/export", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs2))
    if kind == "oembed":
        pairs2 = [("url", f"https://{ctx.en.domain_name()}/slidedeck/decks/{ctx.en.slug()}#/{ctx.rng.randint(1, 30)}"), ("maxwidth", ctx.pick((560, 640, 960))), ("format", "json")]
        return req("GET", "/slidedeck/oembed", headers_for(ctx, ctx.pick(("sdk", "nav"))), qs(ctx, pairs2, fixed=("format",)))
    return req("DELETE", f"/slidedeck/api/decks/{deck}/slides/{seg(ctx, 'slide', v.alnum_token(ctx, 8))}", headers_for(ctx, "xhr", auth="jwt"))


STUDIO: tuple[str, ...] = (
    "webmail_client", "form_builder", "latex_editor", "read_later", "seo_crawler", "vector_design",
    "chord_sheets", "chess_server", "whiteboard", "utm_builder", "static_site_editor", "slide_deck",
)
