"""Train templates: business and back-office SaaS apps.

A CRM, invoicing (with a JSON-RPC payments endpoint), expense claims with
receipts, HR/people, a warehouse system, a kanban board, e-signature, an
e-mail campaign builder, contract management, time tracking and a
feature-flag admin. Each app has route prefixes of its own, its own naming
style (camelCase, snake_case, kebab-case, `filter[x]`, `ids[]`, `sort.field`)
and its own formats (JSON objects and top-level arrays, urlencoded forms,
multipart with receipts and documents, XML purchase orders, CSV and plain-text
bodies, signed webhooks). Free text (notes, comments, reasons, messages) is
where false positives live, so most requests carry some, in the request's
locale, and every user-controlled value goes through a slot.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import dumps, form, header_slot, j, multipart, qs, req, Request, rid, seg, site_headers, template
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Small value builders for business text
# --------------------------------------------------------------------------

_FAMOUS_COMPANIES = ("O'Reilly Media", "Ben & Jerry's", "AT&T", "Procter & Gamble", "Marks & Spencer", "L'Oréal", "Dunkin' Brands",
                     "Müller GmbH & Co. KG", "Johnson & Johnson", "H&M", "Barnes & Noble", "Smith & Wesson Ltd.", "Moët & Chandon")


def _company(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.6:
        return ctx.fake.company()
    if r < 0.8:
        return f"{v.person_name(ctx)[1]} & {ctx.pick(('Sons', 'Partners', 'Co.', 'Daughters', 'Associates'))}"
    return ctx.pick(_FAMOUS_COMPANIES)


def _name_query(ctx: Ctx) -> str:
    """What people type into a CRM or directory search: names (O'Brien, D'Souza), companies, brands."""
    r = ctx.rng.random()
    if r < 0.3:
        return f"{ctx.pick(('O', 'D', 'd', 'O'))}'{ctx.en.last_name()}"
    if r < 0.45:
        return v.tricky_search(ctx)
    if r < 0.6:
        return ctx.pick(_FAMOUS_COMPANIES)
    if r < 0.8:
        return ctx.pick((ctx.fake.last_name(), ctx.fake.first_name(), v.full_name(ctx)))
    return _company(ctx)


def _ref(ctx: Ctx, prefix: str) -> str:
    return f"{prefix}-{ctx.rng.randrange(1000, 99999)}"


_BIZ_NOTES = (
    "Call back re: {ref} -- they'd like net-30 terms instead of net-15.",
    "{name} (procurement) said we can drop the setup fee if they sign before {date}.",
    "Per {name}'s e-mail: select the annual plan, 20% off, invoice to {company}.",
    "Left a voicemail; follow up Tue. Budget ~{amount} {cur} -- needs sign-off from the union rep.",
    "Deliver to {address}; use dock #3, not the front desk!",
    "Q: do we need a PO? A: yes -- PO {ref}, cost centre {cc}.",
    "Renewal risk: they're comparing us vs. {company} & {company2}. Offer a 3-month extension?",
    "Meeting notes:\n- pricing: OK\n- legal review: pending (their counsel {name})\n- next step: send the order form",
    "Customer asked us to update the billing e-mail to {email} and delete the old one.",
    "Paid by card ending {last4}; receipt sent to {email} :)",
    "Drop-off moved to {date}, 9:00-11:00 -> confirm with {name}.",
    "Signed copies go in {path} (don't rename them).",
    "Discount approved: 15% on items 1-4, 0% on support (see thread {ref}).",
    "\"Where's my order?\" -- {name}, 3rd time this week. Escalate to {name2}?",
    "Amount < {amount} so no second approval needed; > {amount} goes to the CFO.",
    "Travel: {city} -> {city2}, 2 nights, client dinner w/ {name} & team.",
)


def _biz_note(ctx: Ctx) -> str:
    """CRM / back-office notes: references, amounts, names, arrows, dashes, lists."""
    r = ctx.rng.random()
    if r < 0.4:
        return ctx.pick(_BIZ_NOTES).format(
            ref=_ref(ctx, ctx.pick(("PO", "INV", "Q", "SO", "CR"))), name=v.full_name(ctx), name2=v.full_name(ctx), date=v.iso_date(ctx),
            company=_company(ctx), company2=_company(ctx), amount=v.money(ctx, 100, 20000), cur=ctx.pick(("EUR", "USD", "GBP", "CHF")),
            address=ctx.fake.address().replace("\n", ", "), cc=ctx.rng.randrange(100, 999), email=ctx.fake.email(),
            last4=ctx.rng.randrange(1000, 9999), path=v.storage_dir(ctx), city=ctx.fake.city(), city2=ctx.fake.city())
    if r < 0.65:
        return v.prose(ctx, 1, 3, trap_rate=0.4)
    if r < 0.8:
        return v.dashy_text(ctx)
    if r < 0.9:
        return synth_tech.with_aside(ctx, v.prose(ctx, 1, 2))
    return v.markdown_post(ctx, code_rate=0.2)


def _short_reason(ctx: Ctx) -> str:
    return ctx.pick((v.prose(ctx, 1, 1, trap_rate=0.4), v.short_text(ctx), "n/a", "-- see above --", "dup of " + _ref(ctx, "INV"),
                     "Customer's request", "Wrong qty (10 vs 100)", "Budget freeze until Q3 :("))


def _address(ctx: Ctx, slot_prefix: str) -> dict[str, Any]:
    return {
        "line1": j(ctx, f"{slot_prefix}.line1", ctx.fake.street_address()),
        "line2": ctx.pick(("", "Suite 400", "c/o " + _company(ctx), "Building B, 2nd floor", "Attn: Accounts Payable")),
        "city": j(ctx, f"{slot_prefix}.city", ctx.fake.city()),
        "postal_code": ctx.fake.postcode(),
        "country": ctx.fake.country_code(),
    }


# --------------------------------------------------------------------------
# CRM: contacts, deals, notes, activity timeline
# --------------------------------------------------------------------------


@template("train", ("/crm/",), weight=1.5)
def crm_workspace(ctx: Ctx) -> Request:
    """CRM single-page app: bracket filters, camelCase JSON, notes with free text."""
    kind = ctx.pick(("search", "search", "contact", "deal", "note", "note", "timeline", "delete", "call"))
    profile = ctx.pick(("xhr", "xhr", "mobile"))
    auth = ctx.pick(("jwt", None)) if profile == "xhr" else "jwt"
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((v.search_terms(ctx), _name_query(ctx), _name_query(ctx), ctx.fake.email())))]
        for _ in range(ctx.rng.randint(0, 2)):
            pairs.append(("filter[stage][]", ctx.pick(("lead", "qualified", "proposal", "negotiation", "closed-won", "closed-lost"))))
        if ctx.chance(0.4):
            pairs.append(("filter[owner]", ctx.pick(("me", str(rid(ctx)), ctx.fake.email()))))
        if ctx.chance(0.3):
            pairs.append(("filter[createdAt][gte]", v.iso_date(ctx)))
        pairs += [("sort", ctx.pick(("-lastActivityAt", "name", "-dealValue", "createdAt"))), ("page[size]", ctx.pick((25, 50, 100)))]
        if ctx.chance(0.3):
            pairs.append(("page[after]", v.b64url(f"contact:{rid(ctx)}".encode())))
        return req("GET", ctx.pick(("/crm/api/contacts", "/crm/api/deals")), headers_for(ctx, profile, auth=auth), qs(ctx, pairs))
    if kind == "contact":
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {
            "firstName": j(ctx, "firstName", first), "lastName": j(ctx, "lastName", last),
            "jobTitle": j(ctx, "jobTitle", ctx.fake.job()),
            "emails": [{"label": ctx.pick(("work", "personal")), "value": j(ctx, f"emails[{i}].value", ctx.fake.email())} for i in range(ctx.rng.randint(1, 2))],
            "phones": [{"label": "mobile", "value": j(ctx, "phones[0].value", ctx.fake.phone_number())}] if ctx.chance(0.7) else [],
            "company": {"name": j(ctx, "company.name", _company(ctx)), "domain": ctx.en.domain_name()},
            "tags": [j(ctx, "tags", ctx.pick(("VIP", "trade show '24", "R&D", "partner", "do-not-call", ctx.en.word()))) for _ in range(ctx.rng.randint(0, 3))],
            "customFields": {"Lead source": j(ctx, "customFields.Lead source", ctx.pick(("Webinar", "Referral -- " + ctx.fake.first_name(), "LinkedIn", "Cold call"))),
                             "Budget (k€)": ctx.rng.randrange(5, 500)},
            "ownerId": rid(ctx),
        }
        if ctx.chance(0.4):
            body["address"] = _address(ctx, "address")
        if ctx.chance(0.3):
            body["linkedinUrl"] = j(ctx, "linkedinUrl", "https://www.linkedin.com/in/" + ctx.fake.user_name())
        method = ctx.pick(("POST", "PUT"))
        path = "/crm/api/contacts" if method == "POST" else f"/crm/api/contacts/{seg(ctx, 'contact', rid(ctx))}"
        return req(method, path, site_headers(ctx, profile, "application/json", auth), body=dumps(ctx, body))
    if kind == "deal":
        body = {"stage": ctx.pick(("proposal", "negotiation", "closed-won", "closed-lost")),
                "amount": {"value": float(v.money(ctx, 500, 250000)), "currency": ctx.pick(("EUR", "USD", "GBP"))},
                "expectedCloseDate": v.iso_date(ctx), "probability": ctx.pick((10, 25, 50, 75, 90, 100))}
        if ctx.chance(0.5):
            body["lostReason"] = j(ctx, "lostReason", _short_reason(ctx))
        if ctx.chance(0.4):
            body["name"] = j(ctx, "name", f"{_company(ctx)} -- {ctx.pick(('renewal', 'expansion', 'pilot', 'new business'))} {ctx.rng.randrange(2024, 2027)}")
        return req("PATCH", f"/crm/api/deals/{seg(ctx, 'deal', rid(ctx))}", site_headers(ctx, profile, "application/json", auth), body=dumps(ctx, body))
    if kind == "note":
        body = {"body": j(ctx, "body", _biz_note(ctx)), "pinned": ctx.chance(0.2),
                "mentions": [{"userId": rid(ctx), "display": j(ctx, f"mentions[{i}].display", "@" + ctx.fake.first_name())} for i in range(ctx.rng.randint(0, 2))],
                "visibility": ctx.pick(("team", "private", "everyone"))}
        parent = ctx.pick(("contacts", "deals", "companies"))
        return req("POST", f"/crm/api/{parent}/{seg(ctx, 'parent', rid(ctx))}/notes", site_headers(ctx, profile, "application/json; charset=utf-8", auth), body=dumps(ctx, body))
    if kind == "timeline":
        pairs = [("types[]", t) for t in ctx.rng.sample(["call", "email", "meeting", "note", "task", "stage_change"], ctx.rng.randint(1, 3))]
        pairs += [("before", v.iso_datetime(ctx)), ("limit", ctx.pick((20, 50)))]
        return req("GET", f"/crm/api/contacts/{seg(ctx, 'contact', ctx.pick((rid(ctx), ctx.fake.uuid4())))}/activity", headers_for(ctx, profile, auth=auth), qs(ctx, pairs))
    if kind == "delete":
        q = qs(ctx, [("reason", _short_reason(ctx))]) if ctx.chance(0.3) else ""
        return req("DELETE", f"/crm/api/{ctx.pick(('contacts', 'deals', 'notes'))}/{seg(ctx, 'id', rid(ctx))}", headers_for(ctx, profile, auth=auth), q)
    body = {"type": "call", "subject": j(ctx, "subject", ctx.pick(("Intro call", "Follow-up: " + v.short_text(ctx), "Q&A on pricing", "Re: contract"))),
            "outcome": ctx.pick(("connected", "voicemail", "no-answer", "wrong-number")), "durationSec": ctx.rng.randrange(0, 3600),
            "description": j(ctx, "description", _biz_note(ctx)), "occurredAt": v.iso_datetime(ctx), "contactIds": [rid(ctx) for _ in range(ctx.rng.randint(1, 3))]}
    return req("POST", "/crm/api/activities", site_headers(ctx, profile, "application/json", auth), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Invoicing: invoices with line items, dotted list params, send form, JSON-RPC
# --------------------------------------------------------------------------


def _line_item(ctx: Ctx, i: int) -> dict[str, Any]:
    desc = ctx.pick((ctx.fake.catch_phrase(), f"Consulting -- {ctx.fake.month_name()} ({ctx.rng.randint(2, 40)} h)", "Licence: 10 seats x 12 months",
                     f"Shipping & handling ({ctx.fake.city()})", ctx.en.sentence(nb_words=ctx.rng.randint(3, 9)), "Discount 10% -- loyal customer",
                     f"Widget 3/4\" brass, item #{ctx.rng.randrange(100, 999)}", "On-site support, 2 days @ 850/day"))
    return {"description": j(ctx, f"line_items[{i}].description", desc), "quantity": ctx.pick((1, 2, 5, 10, 0.5, 7.25)),
            "unit_price": v.price(ctx, 1, 2000), "tax_rate": ctx.pick((0, 5, 7, 19, 20, 21)), "discount": ctx.pick((None, 0, 10)),
            "sku": ctx.pick((None, ctx.fake.bothify("??-####").upper()))}


@template("train", ("/invoicing/",), weight=1.5)
def invoice_editor(ctx: Ctx) -> Request:
    """Invoices: nested customer and line items, dotted query params, a send form, JSON-RPC payments."""
    kind = ctx.pick(("save", "save", "list", "send", "rpc", "pdf", "delete"))
    if kind == "save":
        body: dict[str, Any] = {"invoice": {
            "number": j(ctx, "number", ctx.pick((_ref(ctx, "INV"), f"{ctx.rng.randrange(2023, 2027)}/{ctx.rng.randrange(1, 999):03d}"))),
            "customer": {"name": j(ctx, "customer.name", _company(ctx)), "email": j(ctx, "customer.email", ctx.fake.email()),
                         "billing_address": _address(ctx, "billing_address"), "tax_id": ctx.pick((None, ctx.fake.bothify("??#########").upper()))},
            "line_items": [_line_item(ctx, i) for i in range(ctx.rng.randint(1, 5))],
            "currency": ctx.pick(("EUR", "USD", "GBP", "JPY", "PLN")), "issue_date": v.iso_date(ctx), "due_date": v.iso_date(ctx),
            "po_number": j(ctx, "po_number", ctx.pick(("", _ref(ctx, "PO"), "PO#" + str(ctx.rng.randrange(100, 9999))))),
            "notes": j(ctx, "notes", ctx.pick((v.prose(ctx, 1, 2, trap_rate=0.4), "Thank you for your business!", _biz_note(ctx)))),
            "terms": j(ctx, "terms", ctx.pick(("Net 30", "Payment due within 14 days; late fees of 1.5%/month apply.", v.sentence(ctx)))),
        }}
        if ctx.chance(0.3):
            body["invoice"]["custom_fields"] = [{"label": j(ctx, "custom_fields.label", ctx.pick(("Project", "Cost centre", "Ref."))),
                                                 "value": j(ctx, "custom_fields.value", ctx.pick((ctx.en.word(), _ref(ctx, "CC"))))}]
        method = ctx.pick(("POST", "PUT"))
        path = "/invoicing/api/invoices" if method == "POST" else f"/invoicing/api/invoices/{seg(ctx, 'invoice', rid(ctx))}"
        return req(method, path, site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("sort.field", ctx.pick(("due_date", "total", "number", "customer.name"))), ("sort.dir", ctx.pick(("asc", "desc"))),
                                        ("filter.status", ctx.pick(("draft", "sent", "overdue", "paid", "void")))]
        if ctx.chance(0.5):
            pairs.append(("filter.customer", _name_query(ctx)))
        if ctx.chance(0.4):
            pairs += [("filter.issued.from", v.iso_date(ctx)), ("filter.issued.to", v.iso_date(ctx))]
        pairs.append(("page.size", ctx.pick((20, 50))))
        return req("GET", "/invoicing/api/invoices", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs))
    if kind == "send":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("to", ctx.fake.email()),
                 ("cc", ", ".join(ctx.fake.email() for _ in range(ctx.rng.randint(0, 2)))),
                 ("subject", ctx.pick((f"Invoice {_ref(ctx, 'INV')} from {_company(ctx)}", v.short_text(ctx)))),
                 ("message", ctx.pick((v.merge_template(ctx), v.prose(ctx, 1, 3) + "\n\n" + v.signature(ctx)))), ("attach_pdf", "1")]
        site = v.site(ctx)
        inv = seg(ctx, "invoice", rid(ctx))
        return req("POST", f"/invoicing/invoices/{inv}/send", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                            referer=f"{site}/invoicing/invoices"), body=form(ctx, pairs, fixed=("authenticity_token", "attach_pdf")))
    if kind == "rpc":
        method = ctx.pick(("payments.record", "payments.refund", "invoices.markSent"))
        params: dict[str, Any] = {"invoiceId": rid(ctx)}
        if method != "invoices.markSent":
            params.update({"amount": v.money(ctx, 5, 5000), "method": ctx.pick(("bank_transfer", "card", "cash", "cheque")),
                           "reference": j(ctx, "params.reference", ctx.pick((_ref(ctx, "TX"), "Cheque #" + str(ctx.rng.randrange(100, 9999)), v.short_text(ctx)))),
                           "memo": j(ctx, "params.memo", _short_reason(ctx)), "paidOn": v.iso_date(ctx)})
        else:
            params["channel"] = j(ctx, "params.channel", ctx.pick(("email", "post", "portal")))
        body = {"jsonrpc": "2.0", "method": method, "params": params, "id": ctx.rng.randint(1, 9999)}
        if ctx.chance(0.25):  # a batch call
            body2 = {"jsonrpc": "2.0", "method": "invoices.get", "params": {"invoiceId": rid(ctx)}, "id": ctx.rng.randint(1, 9999)}
            return req("POST", "/invoicing/rpc", headers_for(ctx, "sdk", content_type="application/json", auth="apikey"), body=dumps(ctx, [body, body2]))
        return req("POST", "/invoicing/rpc", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "pdf":
        number = seg(ctx, "invoice", ctx.pick((_ref(ctx, "INV"), str(rid(ctx)))))
        q = qs(ctx, [("download", "1"), ("lang", ctx.locale[:2])], fixed=("download",)) if ctx.chance(0.6) else ""
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/invoicing/invoices/{number}.pdf", headers_for(ctx, "nav", accept="application/pdf,*/*", cookies=True), q)
    return req("DELETE", f"/invoicing/api/invoices/{seg(ctx, 'invoice', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"),
               qs(ctx, [("void_reason", _short_reason(ctx))]) if ctx.chance(0.5) else "")


# --------------------------------------------------------------------------
# Expense claims: receipts as multipart, approvals
# --------------------------------------------------------------------------


def _receipt_file(ctx: Ctx, merchant: str, amount: str) -> tuple[str, str, str]:
    """(file name, content type, content) of a receipt as phones and e-mail clients save it."""
    r = ctx.rng.random()
    when = v.when(ctx)
    if r < 0.3:
        content = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
                   f"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 226 600] >>\nendobj\n% {ctx.en.word()} receipt {when:%Y-%m-%d}\ntrailer\n<< /Root 1 0 R >>\n%%EOF")
        return f"receipt_{when:%Y%m%d}_{ctx.rng.randrange(100, 999)}.pdf", "application/pdf", content
    if r < 0.5:
        lines = [merchant.upper(), ctx.fake.address().replace("\n", ", "), f"{when:%d/%m/%Y %H:%M}", "-" * 24]
        for _ in range(ctx.rng.randint(1, 4)):
            lines.append(f"{ctx.en.word().upper():<16}{v.price(ctx, 1, 60):>8.2f}")
        lines += ["-" * 24, f"TOTAL{amount:>19}", ctx.pick(("VISA ****" + str(ctx.rng.randrange(1000, 9999)), "CASH", "AMEX CONTACTLESS")), "Thank you -- come again!"]
        return ctx.pick(("receipt.txt", "IMG_" + str(ctx.rng.randrange(1000, 9999)) + ".txt", "scan.txt")), "text/plain", "\n".join(lines)
    if r < 0.7:
        html = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Your receipt from {enc_xml(merchant)}</title></head><body>"
                f"<table width=\"100%\"><tr><td><b>{enc_xml(merchant)}</b></td><td align=\"right\">{amount}</td></tr>"
                f"<tr><td colspan=\"2\">{enc_xml(v.sentence(ctx))}</td></tr></table><p><a href=\"{ctx.en.url()}\">View order</a></p></body></html>")
        return "receipt.html", "text/html", html
    if r < 0.85:
        return f"{ctx.en.word()}-receipt.svg", "image/svg+xml", synth_tech.svg_image(ctx)
    eml = (f"From: {merchant} <no-reply@{ctx.en.domain_name()}>\r\nTo: {ctx.fake.email()}\r\nSubject: Your receipt #{ctx.rng.randrange(10000, 99999)}\r\n"
           f"Date: {when:%a, %d %b %Y %H:%M:%S} +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTotal: {amount}\r\n{v.sentence(ctx)}\r\n")
    return "receipt.eml", "message/rfc822", eml


@template("train", ("/expenses/",), weight=1.2)
def expense_claims(ctx: Ctx) -> Request:
    """Expense claims: multipart receipts from web and phone, approvals with comments, report filters."""
    kind = ctx.pick(("submit", "submit", "mobile", "review", "list", "delete"))
    if kind in ("submit", "mobile"):
        merchant = ctx.pick((_company(ctx), ctx.fake.company(), "Café " + ctx.fake.last_name(), "Uber *TRIP", "AMZN Mktp DE", "Pret A Manger #" + str(ctx.rng.randrange(10, 999))))
        amount = v.money(ctx, 2, 900)
        fields: list[tuple[str, Any]] = [
            ("merchant", merchant), ("amount", amount), ("currency", ctx.pick(("EUR", "USD", "GBP", "JPY", "INR"))),
            ("category", ctx.pick(("Meals & entertainment", "Travel", "Office supplies", "Software", "Mileage", "Training"))),
            ("spent_on", v.iso_date(ctx)), ("description", ctx.pick((v.prose(ctx, 1, 2, trap_rate=0.4), "Client lunch w/ " + v.full_name(ctx), _biz_note(ctx)))),
        ]
        if ctx.chance(0.5):
            fields.append(("attendees", "; ".join(v.full_name(ctx) for _ in range(ctx.rng.randint(1, 3)))))
        if ctx.chance(0.4):
            fields.append(("project_code", ctx.pick((_ref(ctx, "PRJ"), "internal", "R&D-" + str(ctx.rng.randrange(10, 99))))))
        if kind == "mobile":
            fields.append(("ocr", json.dumps({"total": amount, "merchant": ctx.en.company(), "confidence": round(ctx.rng.random(), 3)})))
        files = [("receipt", *_receipt_file(ctx, ctx.en.company(), amount))]
        if ctx.chance(0.2):
            files.append(("receipt", *_receipt_file(ctx, ctx.en.company(), v.money(ctx, 2, 90))))
        ctype, body = multipart(ctx, fields, files)
        if kind == "mobile":
            return req("POST", "/expenses/api/v2/claims", headers_for(ctx, "mobile", content_type=ctype, auth="jwt"), body=body)
        return req("POST", "/expenses/claims/new", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body)
    if kind == "review":
        body = {"status": ctx.pick(("approved", "rejected", "needs_info")), "comment": j(ctx, "comment", ctx.pick((_short_reason(ctx), v.prose(ctx, 1, 2, trap_rate=0.5)))),
                "approved_amount": float(v.money(ctx, 1, 900)) if ctx.chance(0.5) else None, "policy_flags": ctx.rng.sample(["over_limit", "missing_receipt", "weekend", "alcohol"], ctx.rng.randint(0, 2))}
        return req("PATCH", f"/expenses/api/v2/claims/{seg(ctx, 'claim', ctx.pick((rid(ctx), ctx.fake.uuid4())))}",
                   site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("status", ctx.pick(("submitted", "approved", "rejected", "reimbursed"))), ("from", v.iso_date(ctx)), ("to", v.iso_date(ctx))]
        if ctx.chance(0.4):
            pairs.append(("submitted_by", ctx.pick((ctx.fake.email(), _name_query(ctx)))))
        if ctx.chance(0.3):
            pairs.append(("merchant", v.tricky_search(ctx)))
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/expenses/api/v2/claims", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    return req("DELETE", f"/expenses/api/v2/claims/{seg(ctx, 'claim', rid(ctx))}/receipts/{seg(ctx, 'receipt', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# HR / people: directory, leave requests, review comments
# --------------------------------------------------------------------------


@template("train", ("/people/",), weight=1.2)
def hr_people(ctx: Ctx) -> Request:
    """HR app: kebab-case directory search, leave request form, review comments, preflight."""
    kind = ctx.pick(("directory", "directory", "leave", "leave", "review", "profile", "avatar", "preflight", "cancel"))
    site = v.site(ctx)
    if kind == "directory":
        pairs: list[tuple[str, Any]] = [("search", ctx.pick((_name_query(ctx), _name_query(ctx), ctx.fake.first_name(), ctx.fake.job())))]
        if ctx.chance(0.5):
            pairs.append(("department-id", ctx.rng.randrange(1, 80)))
        if ctx.chance(0.4):
            pairs.append(("job-title", ctx.fake.job()))
        if ctx.chance(0.4):
            pairs.append(("office-location", ctx.fake.city()))
        pairs += [("include-inactive", ctx.pick(("true", "false"))), ("per-page", ctx.pick((24, 48)))]
        return req("GET", "/people/api/directory", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "leave":
        pairs = [("_token", v.alnum_token(ctx, 40)), ("leave_type", ctx.pick(("annual", "sick", "parental", "unpaid", "compassionate", "study"))),
                 ("start_date", v.iso_date(ctx)), ("end_date", v.iso_date(ctx)), ("half_day", ctx.pick(("none", "am", "pm"))),
                 ("reason", ctx.pick((v.prose(ctx, 1, 2, trap_rate=0.4), "Family wedding in " + ctx.fake.city() + " :)", "Dentist -- back by 2pm", ""))),
                 ("cover_person", v.full_name(ctx)), ("handover_notes", ctx.pick(("", v.free_text(ctx))))]
        return req("POST", "/people/leave/requests", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                 referer=f"{site}/people/leave/new"), body=form(ctx, pairs, fixed=("_token",)))
    if kind == "review":
        comps = [{"competency": ctx.pick(("Communication", "Ownership", "Teamwork", "Technical skills", "Customer focus")), "rating": ctx.rng.randint(1, 5),
                  "comment": j(ctx, f"competencies[{i}].comment", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.35), v.dashy_text(ctx))))} for i in range(ctx.rng.randint(1, 4))]
        body: dict[str, Any] = {
            "competencies": comps,
            "summary": j(ctx, "summary", v.free_text(ctx)),
            "goals": [{"title": j(ctx, f"goals[{i}].title", v.short_text(ctx)), "due": v.iso_date(ctx), "notes": None} for i in range(ctx.rng.randint(0, 3))],
            "visibility": ctx.pick(("manager_only", "shared_with_employee")),
            "submitted": ctx.chance(0.4),
        }
        cycle = seg(ctx, "cycle", ctx.pick(("2024-h2", "2025-h1", "annual-2025", "probation")))
        return req("PUT", f"/people/api/reviews/{cycle}/employees/{seg(ctx, 'employee', rid(ctx))}/feedback",
                   headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=site), body=dumps(ctx, body))
    if kind == "profile":
        first, _ = v.person_name(ctx)
        body = {"preferred_name": j(ctx, "preferred_name", ctx.pick((first, ctx.fake.first_name(), "DJ", "Bea"))),
                "pronouns": ctx.pick(("she/her", "he/him", "they/them", None)),
                "bio": j(ctx, "bio", v.prose(ctx, 1, 3)),
                "emergency_contact": {"name": j(ctx, "emergency_contact.name", v.full_name(ctx)), "relationship": ctx.pick(("partner", "mother", "friend")),
                                      "phone": j(ctx, "emergency_contact.phone", ctx.fake.phone_number())},
                "skills": [j(ctx, "skills", ctx.pick(("c#", "c++", "SQL", "Excel", "public speaking", "k8s", "node.js"))) for _ in range(ctx.rng.randint(0, 3))]}
        return req("PATCH", "/people/api/me", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "avatar":
        path = f"/people/avatars/{seg(ctx, 'avatar', ctx.fake.uuid4())}.{ctx.pick(('jpg', 'png', 'webp'))}"
        q = qs(ctx, [("size", ctx.pick((32, 64, 128)))]) if ctx.chance(0.5) else ""
        return req(ctx.pick(("GET", "HEAD")), path, headers_for(ctx, "nav", accept="image/avif,image/webp,*/*;q=0.8", referer=site + "/people/directory"), q)
    if kind == "preflight":
        headers = [["Accept", "*/*"], ["Access-Control-Request-Method", ctx.pick(("PUT", "PATCH", "DELETE", "POST"))],
                   ["Access-Control-Request-Headers", ctx.pick(("authorization,content-type", "content-type,x-csrf-token"))],
                   ["Origin", site], ["User-Agent", header_slot(ctx, "User-Agent", v.user_agent(ctx, "xhr"))], ["Sec-Fetch-Mode", "cors"]]
        return req("OPTIONS", ctx.pick(("/people/api/me", "/people/api/leave/requests", "/people/api/reviews")), headers)
    q = qs(ctx, [("reason", _short_reason(ctx)), ("notify_manager", ctx.pick(("true", "false")))])
    return req("DELETE", f"/people/api/leave/requests/{seg(ctx, 'request', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"), q)


# --------------------------------------------------------------------------
# Warehouse: barcode scans, stock adjustments, XML purchase orders, CSV counts
# --------------------------------------------------------------------------


def _ean13(ctx: Ctx) -> str:
    digits = [ctx.rng.randrange(10) for _ in range(12)]
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def _bin(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.pick('ABCDEF')}-{ctx.rng.randint(1, 40):02d}-{ctx.rng.randint(1, 12):02d}", f"DOCK-{ctx.rng.randint(1, 9)}",
                     f"Aisle {ctx.rng.randint(1, 30)} / Shelf {ctx.rng.randint(1, 6)}", "QUARANTINE", f"WH{ctx.rng.randint(1, 4)}/R{ctx.rng.randint(1, 99)}"))


@template("train", ("/wms/",), weight=1.2)
def warehouse_ops(ctx: Ctx) -> Request:
    """Warehouse system: handheld scans, top-level array adjustments, ERP XML orders, CSV counts."""
    kind = ctx.pick(("scan", "scan", "adjust", "po_xml", "count_csv", "stock", "release"))
    if kind == "scan":
        body: dict[str, Any] = {"scan": {"code": j(ctx, "scan.code", ctx.pick((_ean13(ctx), ctx.fake.bothify("SKU-####-??").upper(), "]C1" + ctx.fake.bothify("01#############10????").upper()))),
                                         "symbology": ctx.pick(("EAN_13", "CODE_128", "GS1_128", "QR")), "location": j(ctx, "scan.location", _bin(ctx)),
                                         "qty": ctx.rng.randint(1, 48), "scannedAt": v.iso_datetime(ctx)},
                                "task": {"id": rid(ctx), "type": ctx.pick(("pick", "putaway", "receive", "count"))}, "deviceId": ctx.fake.bothify("TC52-#####")}
        if ctx.chance(0.3):
            body["exception"] = j(ctx, "exception", ctx.pick(("Box damaged -- 2 units crushed", "label unreadable, typed it in", v.prose(ctx, 1, 1))))
        return req("POST", "/wms/api/scans", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "adjust":
        rows = []
        for i in range(ctx.rng.randint(1, 6)):
            row: dict[str, Any] = {"sku": j(ctx, f"[{i}].sku", ctx.fake.bothify("??-####-##").upper()), "location": _bin(ctx), "delta": ctx.rng.randint(-20, 20),
                                   "reason_code": ctx.pick(("DAMAGED", "FOUND", "CYCLE_COUNT", "THEFT", "RETURN_TO_STOCK"))}
            if ctx.chance(0.5):
                row["note"] = j(ctx, f"[{i}].note", ctx.pick((v.prose(ctx, 1, 1, trap_rate=0.4), "pallet dropped -- see photo", "recount > expected", "n/a")))
            rows.append(row)
        return req("POST", "/wms/api/stock/adjustments", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth=ctx.pick(("jwt", "apikey"))),
                   qs(ctx, [("warehouse", ctx.pick(("BER1", "LHR2", "NYC-3")))]) if ctx.chance(0.4) else "", dumps(ctx, rows))
    if kind == "po_xml":
        lines = []
        for i in range(ctx.rng.randint(1, 4)):
            desc = enc_xml(str(ctx.slot("xml", f"Line{i}.Description", ctx.pick((ctx.en.catch_phrase(), f"Bolts M8 x 40 (box of {ctx.pick((50, 100))})", "Pallet wrap 500mm -- clear")))))
            lines.append(f'    <Line number="{i + 1}" sku="{ctx.fake.bothify("??-####").upper()}" qty="{ctx.rng.randint(1, 500)}" uom="{ctx.pick(("EA", "BOX", "PAL"))}">\n'
                         f"      <Description>{desc}</Description>\n      <UnitCost currency=\"EUR\">{v.money(ctx, 0.1, 400)}</UnitCost>\n    </Line>")
        supplier = enc_xml(str(ctx.slot("xml", "Supplier.Name", _company(ctx))))
        notes = enc_xml(str(ctx.slot("xml", "Notes", _biz_note(ctx))))
        body_xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<PurchaseOrder id="{_ref(ctx, "PO")}" issued="{v.iso_date(ctx)}">\n'
                    f"  <Supplier code=\"{ctx.fake.bothify('SUP###')}\">\n    <Name>{supplier}</Name>\n  </Supplier>\n"
                    f"  <ShipTo warehouse=\"{ctx.pick(('BER1', 'LHR2', 'NYC-3'))}\"/>\n  <Lines>\n" + "\n".join(lines) + f"\n  </Lines>\n  <Notes>{notes}</Notes>\n</PurchaseOrder>")
        return req("POST", "/wms/erp/purchase-orders", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth=ctx.pick(("apikey", "basic"))),
                   body=body_xml)
    if kind == "count_csv":
        rows = ["sku,location,counted,comment"]
        for i in range(ctx.rng.randint(2, 8)):
            comment = ctx.pick(("", "ok", "2 damaged", "recount -- mismatch", v.sentence(ctx).replace('"', "'")))
            cell = ctx.slot("multipart", "csv.comment", comment) if i == 0 else comment
            rows.append(f'{ctx.fake.bothify("??-####").upper()},{_bin(ctx)},{ctx.rng.randint(0, 400)},"{cell}"')
        count = seg(ctx, "count", ctx.pick((rid(ctx), _ref(ctx, "CC"))))
        return req("PUT", f"/wms/api/cycle-counts/{count}/lines", headers_for(ctx, "sdk", content_type="text/csv; charset=utf-8", auth="apikey"), body="\n".join(rows) + "\n")
    if kind == "stock":
        pairs: list[tuple[str, Any]] = [("sku[]", ctx.fake.bothify("??-####").upper()) for _ in range(ctx.rng.randint(1, 4))]
        pairs += [("warehouse", ctx.pick(("BER1", "LHR2", "NYC-3", "all"))), ("below_reorder_point", ctx.pick(("true", "false")))]
        if ctx.chance(0.3):
            pairs.append(("q", v.search_terms(ctx)))
        return req("GET", "/wms/api/stock", headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs))
    return req("DELETE", f"/wms/api/reservations/{seg(ctx, 'reservation', ctx.fake.uuid4())}", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"))


# --------------------------------------------------------------------------
# Kanban / project management
# --------------------------------------------------------------------------


def _card_text(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.4:
        return v.markdown_post(ctx, code_rate=0.4)
    if r < 0.6:
        return synth_tech.with_code(ctx, v.prose(ctx, 1, 2))
    if r < 0.8:
        return v.prose(ctx, 1, 3, trap_rate=0.4)
    return f"Steps:\n1. Open {v.app_path(ctx)}\n2. Click '{ctx.en.word().capitalize()}'\n3. See error -- `{synth_tech.shell_line(ctx)}`\n\nExpected: {v.sentence(ctx)}"


@template("train", ("/boards/",), weight=1.3)
def kanban_board(ctx: Ctx) -> Request:
    """Kanban board: cards with markdown, checklists, drag-and-drop reorder with PATCH, comments."""
    kind = ctx.pick(("card", "card", "move", "reorder", "comment", "comment", "checklist", "view", "delete"))
    board = seg(ctx, "board", ctx.pick((str(rid(ctx)), v.alnum_token(ctx, 8))))
    headers = headers_for(ctx, "xhr", content_type=None if kind in ("view", "delete") else "application/json", auth=ctx.pick(("jwt", None)), origin=v.site(ctx))
    if kind == "card":
        body: dict[str, Any] = {"title": j(ctx, "title", ctx.pick((v.short_text(ctx), f"[{ctx.pick(('bug', 'chore', 'feat'))}] {v.short_text(ctx)}", v.tricky_search(ctx)))),
                                "description": j(ctx, "description", _card_text(ctx)), "listId": v.alnum_token(ctx, 10),
                                "labels": [j(ctx, "labels", ctx.pick(("bug", "blocked", "won't fix", "P0", "UX/UI", "Q&A"))) for _ in range(ctx.rng.randint(0, 3))],
                                "dueAt": ctx.pick((None, v.iso_datetime(ctx))), "assigneeIds": [rid(ctx) for _ in range(ctx.rng.randint(0, 2))],
                                "checklist": [{"text": j(ctx, f"checklist[{i}].text", ctx.pick((ctx.en.sentence(nb_words=4), "update the docs", "drop old table backups", "ping " + ctx.fake.first_name()))),
                                               "done": ctx.chance(0.3)} for i in range(ctx.rng.randint(0, 4))]}
        return req("POST", f"/boards/{board}/cards", headers, body=dumps(ctx, body))
    if kind == "move":
        body = {"listId": v.alnum_token(ctx, 10), "position": ctx.pick((ctx.rng.randint(0, 40), round(ctx.rng.uniform(0, 65535), 4))),
                "afterCardId": ctx.pick((None, v.alnum_token(ctx, 10)))}
        return req("PATCH", f"/boards/{board}/cards/{seg(ctx, 'card', v.alnum_token(ctx, 10))}", headers, body=dumps(ctx, body))
    if kind == "reorder":
        body = {"cardIds": [j(ctx, "cardIds", v.alnum_token(ctx, 10)) for _ in range(ctx.rng.randint(2, 8))], "listName": j(ctx, "listName", ctx.pick(("To do", "Doing", "Done", "Won't do", "Backlog -- Q3")))}
        return req("PATCH", f"/boards/{board}/lists/{seg(ctx, 'list', v.alnum_token(ctx, 10))}/order", headers, body=dumps(ctx, body))
    if kind == "comment":
        text = ctx.pick((_card_text(ctx), v.dashy_text(ctx), v.prose(ctx, 1, 2) + " " + ctx.pick(v._EMOJI)))
        body = {"text": j(ctx, "text", text), "mentions": [ctx.fake.user_name() for _ in range(ctx.rng.randint(0, 2))]}
        return req("POST", f"/boards/{board}/cards/{seg(ctx, 'card', v.alnum_token(ctx, 10))}/comments", headers, body=dumps(ctx, body))
    if kind == "checklist":
        body = {"text": j(ctx, "text", ctx.pick((ctx.en.sentence(nb_words=5), "Select a vendor & sign", "Run `make release` -- then tag"))), "done": ctx.chance(0.6), "position": ctx.rng.randint(0, 10)}
        return req("PUT", f"/boards/{board}/cards/{seg(ctx, 'card', v.alnum_token(ctx, 10))}/checklist/{ctx.rng.randint(1, 30)}", headers, body=dumps(ctx, body))
    if kind == "view":
        pairs: list[tuple[str, Any]] = [("include", ctx.pick(("cards,members", "cards", "cards,labels,checklists")))]
        if ctx.chance(0.5):
            pairs.append(("filter[label]", ctx.pick(("bug", "blocked", "won't fix"))))
        if ctx.chance(0.4):
            pairs.append(("filter[assignee]", ctx.pick(("me", ctx.fake.user_name()))))
        if ctx.chance(0.3):
            pairs.append(("q", v.search_terms(ctx)))
        return req("GET", f"/boards/{board}", headers, qs(ctx, pairs))
    return req("DELETE", f"/boards/{board}/cards/{seg(ctx, 'card', v.alnum_token(ctx, 10))}", headers)


# --------------------------------------------------------------------------
# E-signature: envelopes, signer actions, signed webhooks
# --------------------------------------------------------------------------

_TINY_PDF = base64.b64encode(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF").decode()


@template("train", ("/esign/",), weight=1.2)
def esign_envelopes(ctx: Ctx) -> Request:
    """E-signature: envelopes with signers and base64 documents, a signing form, HMAC-signed webhooks."""
    kind = ctx.pick(("create", "create", "sign", "sign", "webhook", "status", "void"))
    if kind == "create":
        signers = []
        for i in range(ctx.rng.randint(1, 3)):
            signers.append({"email": j(ctx, f"signers[{i}].email", ctx.fake.email()), "name": j(ctx, f"signers[{i}].name", v.full_name(ctx)),
                            "recipientId": str(i + 1), "routingOrder": str(ctx.pick((1, i + 1))),
                            "tabs": {"signHereTabs": [{"anchorString": ctx.pick(("/sn1/", "/sig/", "**signature**")), "anchorXOffset": "10", "anchorUnits": "pixels"}],
                                     "dateSignedTabs": [{"anchorString": "/d1/"}] if ctx.chance(0.5) else []}})
        doc_name = ctx.pick((f"{_company(ctx)} - MSA.pdf", "NDA (mutual) v3.pdf", f"Offer letter - {v.full_name(ctx)}.pdf", "Order form Q3.pdf"))
        body: dict[str, Any] = {
            "emailSubject": j(ctx, "emailSubject", ctx.pick((f"Please sign: {doc_name}", "Action required -- " + v.short_text(ctx)))),
            "emailBlurb": j(ctx, "emailBlurb", ctx.pick((v.prose(ctx, 1, 2), "Hi, please review & sign by Friday. Thanks! " + v.signature(ctx)))),
            "status": ctx.pick(("sent", "created")),
            "documents": [{"documentId": "1", "name": j(ctx, "documents[0].name", doc_name), "fileExtension": "pdf", "documentBase64": _TINY_PDF}],
            "recipients": {"signers": signers, "carbonCopies": [{"email": ctx.fake.email(), "name": ctx.fake.name(), "recipientId": "99"}] if ctx.chance(0.3) else []},
        }
        return req("POST", f"/esign/restapi/v2.1/accounts/{ctx.fake.uuid4()}/envelopes", headers_for(ctx, "sdk", content_type="application/json", auth=ctx.pick(("jwt", "apikey"))),
                   body=dumps(ctx, body))
    if kind == "sign":
        first, last = v.person_name(ctx)
        site = v.site(ctx)
        token = v.b64url(ctx.rng.randbytes(24))
        pairs = [("csrf", v.hex_token(ctx, 32)), ("typed_signature", f"{first} {last}"), ("initials", f"{first[:1]}.{last[:1]}."),
                 ("signature_font", ctx.pick(("Dancing Script", "Caveat", "Homemade Apple"))), ("consent_electronic", "on"),
                 ("signer_comment", ctx.pick(("", v.prose(ctx, 1, 1, trap_rate=0.4), "Signed on behalf of " + _company(ctx)))), ("tz", ctx.fake.timezone())]
        return req("POST", f"/esign/sign/{token}/complete", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/esign/sign/{token}"),
                   body=form(ctx, pairs, fixed=("csrf", "consent_electronic")))
    if kind == "webhook":
        event = ctx.pick(("envelope-sent", "envelope-completed", "recipient-declined", "recipient-viewed"))
        body = {"event": event, "apiVersion": "v2.1", "generatedDateTime": v.iso_datetime(ctx),
                "data": {"accountId": ctx.fake.uuid4(), "envelopeId": ctx.fake.uuid4(),
                         "envelopeSummary": {"emailSubject": j(ctx, "data.emailSubject", "Please sign: " + v.short_text(ctx)), "status": event.split("-")[1],
                                             "recipients": {"signers": [{"email": j(ctx, "data.signers.email", ctx.fake.email()), "name": j(ctx, "data.signers.name", v.full_name(ctx)),
                                                                         "declinedReason": j(ctx, "data.declinedReason", _short_reason(ctx)) if event == "recipient-declined" else None}]}}}}
        extra = (("X-Esign-Signature-1", base64.b64encode(ctx.rng.randbytes(32)).decode()), ("X-Esign-Delivery", ctx.fake.uuid4()))
        return req("POST", "/esign/hooks/connect", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    env = seg(ctx, "envelope", ctx.fake.uuid4())
    if kind == "status":
        q = qs(ctx, [("include", ctx.pick(("recipients", "recipients,tabs", "documents,audit_events")))]) if ctx.chance(0.6) else ""
        return req("GET", f"/esign/restapi/v2.1/envelopes/{env}", headers_for(ctx, ctx.pick(("sdk", "xhr")), auth="jwt"), q)
    body = {"status": "voided", "voidedReason": j(ctx, "voidedReason", _short_reason(ctx))}
    return req("PUT", f"/esign/restapi/v2.1/envelopes/{env}", headers_for(ctx, "sdk", content_type="application/json", auth="jwt"), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# E-mail marketing: HTML campaign builder, audience segments with rules
# --------------------------------------------------------------------------


def _email_html(ctx: Ctx) -> str:
    """Campaign HTML as drag-and-drop builders export it: tables, inline styles, merge tags."""
    color = v.hex_token(ctx, 6)
    rows = [f'<tr><td style="padding:24px;font-family:Arial,sans-serif;color:#{color}">{v.rich_html(ctx)}</td></tr>']
    if ctx.chance(0.5):
        rows.append(f'<tr><td align="center"><a href="{ctx.en.url()}?utm_source=newsletter&amp;utm_campaign={ctx.en.slug()}" '
                    f'style="background:#{v.hex_token(ctx, 6)};color:#fff;padding:12px 24px;border-radius:4px">{enc_xml(ctx.pick(("Shop now", "Read more", "RSVP", "Get started")))}</a></td></tr>')
    rows.append('<tr><td style="font-size:11px">{{ company.address }} &middot; <a href="{{ unsubscribe_url }}">Unsubscribe</a></td></tr>')
    return ('<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">'
            f'<table width="600">{"".join(rows)}</table></td></tr></table>')


def _segment_rule(ctx: Ctx, path: str) -> dict[str, Any]:
    field, op, value = ctx.pick((
        ("merge.COUNTRY", "is", ctx.fake.country()), ("tags", "contains", ctx.pick(("VIP & partners", "webinar '24", "c-level"))),
        ("email", "ends_with", "@" + ctx.en.domain_name()), ("last_open", "before", v.iso_date(ctx)),
        ("merge.CITY", "is_not", ctx.fake.city()), ("purchases.total", "greater_than", str(ctx.rng.randrange(10, 1000))),
        ("merge.COMPANY", "starts_with", _company(ctx)[:6]), ("signup_source", "in", "landing-page,import,api"),
    ))
    return {"field": field, "op": op, "value": j(ctx, f"{path}.value", value)}


@template("train", ("/mailer/",), weight=1.2)
def newsletter_builder(ctx: Ctx) -> Request:
    """E-mail campaign builder: HTML content, nested segment rules, test sends, reports, unsubscribe links."""
    kind = ctx.pick(("content", "content", "segment", "test_send", "report", "unsubscribe", "upload"))
    if kind == "content":
        body: dict[str, Any] = {"subject": j(ctx, "subject", ctx.pick((v.short_text(ctx), "{{ first_name }}, " + v.short_text(ctx).lower(), "🎉 " + v.short_text(ctx)))),
                                "from_name": j(ctx, "from_name", ctx.pick((_company(ctx), v.full_name(ctx) + " at " + _company(ctx)))),
                                "reply_to": ctx.fake.email(), "html": j(ctx, "html", _email_html(ctx)), "plain_text": j(ctx, "plain_text", v.merge_template(ctx)),
                                "tracking": {"opens": ctx.chance(0.8), "clicks": ctx.chance(0.8)}}
        return req("PUT", f"/mailer/api/campaigns/{seg(ctx, 'campaign', rid(ctx))}/content", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "segment":
        rules: list[Any] = [_segment_rule(ctx, f"conditions[{i}]") for i in range(ctx.rng.randint(1, 3))]
        if ctx.chance(0.4):
            rules.append({"group": {"match": ctx.pick(("any", "all")), "conditions": [_segment_rule(ctx, f"group.conditions[{i}]") for i in range(ctx.rng.randint(1, 2))]}})
        body = {"name": j(ctx, "name", ctx.pick((v.short_text(ctx), "Customers in " + ctx.fake.city(), "Lapsed > 90 days", "Union members & partners"))),
                "match": ctx.pick(("all", "any")), "conditions": rules, "exclude_unsubscribed": True}
        method = ctx.pick(("POST", "PUT"))
        path = "/mailer/api/segments" if method == "POST" else f"/mailer/api/segments/{seg(ctx, 'segment', rid(ctx))}"
        return req(method, path, site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", ctx.pick(("jwt", "apikey"))), body=dumps(ctx, body))
    if kind == "test_send":
        pairs = [("test_emails", ", ".join(ctx.fake.email() for _ in range(ctx.rng.randint(1, 3)))), ("personal_note", ctx.pick(("", v.prose(ctx, 1, 2)))),
                 ("send_as_variant", ctx.pick(("A", "B")))]
        site = v.site(ctx)
        return req("POST", f"/mailer/campaigns/{seg(ctx, 'campaign', rid(ctx))}/test", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded; charset=UTF-8",
                                                                                                  origin=site, cookies=True), body=form(ctx, pairs))
    if kind == "report":
        pairs2: list[tuple[str, Any]] = [("campaign_id", rid(ctx)), ("metric", ctx.pick(("opens", "clicks", "bounces", "unsubscribes"))),
                                         ("group_by", ctx.pick(("day", "hour", "domain", "link"))), ("from", v.iso_date(ctx))]
        if ctx.chance(0.3):
            pairs2.append(("link_url", ctx.en.url() + ctx.en.uri_path()))
        return req("GET", "/mailer/api/reports", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs2))
    if kind == "unsubscribe":
        token = seg(ctx, "token", v.b64url(ctx.rng.randbytes(18)))
        if ctx.chance(0.5):
            return req("GET", f"/mailer/u/{token}", headers_for(ctx, "nav", cookies=False), qs(ctx, [("e", ctx.fake.email()), ("c", str(rid(ctx)))]))
        pairs = [("reason", ctx.pick(("too_many", "not_relevant", "never_signed_up", "other"))), ("comment", ctx.pick(("", v.prose(ctx, 1, 2, trap_rate=0.5))))]
        return req("POST", f"/mailer/u/{token}", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", cookies=False), body=form(ctx, pairs))
    fields = [("name", ctx.pick((v.short_text(ctx), ctx.en.slug()))), ("category", ctx.pick(("newsletter", "transactional", "promo")))]
    ctype, body2 = multipart(ctx, fields, [("template", f"{ctx.en.slug()}.html", "text/html", _email_html(ctx))])
    return req("POST", "/mailer/api/templates/import", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)


# --------------------------------------------------------------------------
# Contract / document management
# --------------------------------------------------------------------------


def _contract_doc(ctx: Ctx) -> tuple[str, str, str]:
    title = ctx.pick(("Master Services Agreement", "Mutual NDA", "Data Processing Addendum", "Statement of Work #" + str(ctx.rng.randint(1, 40))))
    party = _company(ctx)
    r = ctx.rng.random()
    if r < 0.35:
        text = f"# {title}\n\nBetween **{party}** (\"Customer\") and {ctx.fake.company()} (\"Provider\").\n\n## 1. Term\n{v.prose(ctx, 2, 4)}\n\n## 2. Fees\n{v.prose(ctx, 1, 3, trap_rate=0.3)}"
        return f"{ctx.en.slug()}.md", ctx.pick(("text/markdown", "text/plain")), text
    if r < 0.6:
        body = v.prose(ctx, 2, 4).replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
        text = "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times New Roman;}}\n{\\b " + title + "}\\par\n" + body + "\\par\n}"
        return f"{title.replace(' ', '_')}.rtf", ctx.pick(("application/rtf", "text/rtf")), text
    if r < 0.8:
        return f"{title}.html", "text/html", f"<html><body><h1>{enc_xml(title)}</h1><p>{enc_xml(party)}</p>{v.rich_html(ctx)}</body></html>"
    return f"{title} (redline).txt", "text/plain", f"{title}\n{'=' * len(title)}\n\n" + v.long_prose(ctx)


@template("train", ("/contracts/",), weight=1.2)
def contract_vault(ctx: Ctx) -> Request:
    """Contract management: search with tags[], version uploads, clause text as text/plain, comments on quotes."""
    kind = ctx.pick(("search", "upload", "clause", "comment", "comment", "meta", "delete"))
    cid = seg(ctx, "contract", ctx.pick((str(rid(ctx)), ctx.fake.uuid4(), _ref(ctx, "CTR")))) if kind != "search" else ""
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((v.search_terms(ctx), "\"limitation of liability\"", "indemnif*", "termination for convenience", _company(ctx))))]
        pairs += [("tags[]", ctx.pick(("NDA", "MSA", "DPA", "renewal", "legal-hold"))) for _ in range(ctx.rng.randint(0, 2))]
        if ctx.chance(0.5):
            pairs.append(("counterparty", _name_query(ctx)))
        if ctx.chance(0.4):
            pairs.append(("expires_before", v.iso_date(ctx)))
        pairs.append(("status", ctx.pick(("active", "expired", "in_review", "any"))))
        return req("GET", "/contracts/api/search", headers_for(ctx, "xhr", auth=ctx.pick(("jwt", None))), qs(ctx, pairs))
    if kind == "upload":
        fields = [("version_label", ctx.pick(("v2", "v3 (their edits)", "final", "FINAL-final", "v1.1 -- legal"))), ("change_summary", _biz_note(ctx))]
        if ctx.chance(0.4):
            fields.append(("supersedes", str(rid(ctx))))
        ctype, body = multipart(ctx, fields, [("file", *_contract_doc(ctx))])
        return req("POST", f"/contracts/api/contracts/{cid}/versions", site_headers(ctx, "xhr", ctype, "jwt"), body=body)
    if kind == "clause":
        text = ctx.slot("multipart", "clause.text", ctx.pick((v.prose(ctx, 2, 5, trap_rate=0.3), v.long_prose(ctx))))
        return req("PUT", f"/contracts/api/contracts/{cid}/clauses/{ctx.rng.randint(1, 40)}/text",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/plain; charset=utf-8", auth="jwt"), body=str(text))
    if kind == "comment":
        body2: dict[str, Any] = {"anchor": {"clause": ctx.rng.randint(1, 40), "start": ctx.rng.randint(0, 900), "quote": j(ctx, "anchor.quote", v.sentence(ctx))},
                                 "body": j(ctx, "body", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), "Can we strike \"" + ctx.en.word() + "\"? It's too broad.", v.dashy_text(ctx)))),
                                 "resolved": False, "suggestion": j(ctx, "suggestion", ctx.pick((None, v.sentence(ctx))))}
        return req("POST", f"/contracts/api/contracts/{cid}/comments", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "meta":
        body2 = {"counterparty": {"legalName": j(ctx, "counterparty.legalName", _company(ctx)), "jurisdiction": ctx.pick(("England & Wales", "Delaware, USA", "Ontario", "Bavaria"))},
                 "renewal": {"autoRenew": ctx.chance(0.5), "noticeDays": ctx.pick((30, 60, 90)), "endsOn": v.iso_date(ctx)},
                 "value": {"amount": float(v.money(ctx, 1000, 900000)), "currency": ctx.pick(("EUR", "USD"))},
                 "owner": j(ctx, "owner", ctx.fake.email()), "customFields": {"Risk": ctx.pick(("low", "medium", "high")), "Notes": j(ctx, "customFields.Notes", _biz_note(ctx))}}
        return req("PATCH", f"/contracts/api/contracts/{cid}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    return req("DELETE", f"/contracts/api/contracts/{cid}/comments/{seg(ctx, 'comment', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Time tracking and timesheets
# --------------------------------------------------------------------------


def _work_description(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.3:
        return f"{ctx.pick(('Fixed', 'Reviewed', 'Investigated', 'Refactored'))} #{ctx.rng.randint(1, 9999)} -- {ctx.en.sentence(nb_words=ctx.rng.randint(3, 7))}"
    if r < 0.45:
        return f"Debugging `{synth_tech.shell_line(ctx)}` on staging"
    if r < 0.6:
        return f"Call w/ {v.full_name(ctx)} ({_company(ctx)}) re: {v.short_text(ctx)}"
    if r < 0.7:
        return ctx.pick(("Admin / e-mails", "1:1s", "Sprint planning & retro", "Onboarding -- day 2", "Travel (train) to " + ctx.fake.city()))
    return v.prose(ctx, 1, 2, trap_rate=0.35)


@template("train", ("/timetrack/",), weight=1.2)
def timesheets(ctx: Ctx) -> Request:
    """Time tracking: entries, weekly timesheet forms with entries[0][mon], timers, exports, CSV imports."""
    kind = ctx.pick(("entry", "entry", "week", "timer", "export", "import", "delete"))
    profile = ctx.pick(("xhr", "mobile"))
    if kind == "entry":
        body: dict[str, Any] = {"project_id": rid(ctx), "task": j(ctx, "task", ctx.pick(("Development", "Design", "Meetings", "Support", ctx.en.word().capitalize()))),
                                "description": j(ctx, "description", _work_description(ctx)), "started_at": v.iso_datetime(ctx),
                                "duration_minutes": ctx.rng.randrange(5, 600), "billable": ctx.chance(0.7),
                                "tags": [j(ctx, "tags", ctx.pick(("overtime", "on-site", "R&D", "client: " + ctx.fake.last_name()))) for _ in range(ctx.rng.randint(0, 2))]}
        method = ctx.pick(("POST", "PUT"))
        path = "/timetrack/api/entries" if method == "POST" else f"/timetrack/api/entries/{seg(ctx, 'entry', rid(ctx))}"
        return req(method, path, site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "week":
        pairs: list[tuple[str, Any]] = [("_csrf", v.alnum_token(ctx, 36)), ("week_of", v.iso_date(ctx))]
        for i in range(ctx.rng.randint(1, 4)):
            pairs.append((f"entries[{i}][project]", ctx.pick((_company(ctx), ctx.en.word().capitalize() + " redesign", "Internal"))))
            for day in ctx.rng.sample(["mon", "tue", "wed", "thu", "fri"], ctx.rng.randint(1, 5)):
                pairs.append((f"entries[{i}][{day}]", ctx.pick(("8", "7.5", "4", "0.25", "1:30", ""))))
            pairs.append((f"entries[{i}][note]", ctx.pick(("", _work_description(ctx)))))
        pairs += [("comment", ctx.pick(("", v.prose(ctx, 1, 2, trap_rate=0.4)))), ("submit_for_approval", ctx.pick(("0", "1")))]
        site = v.site(ctx)
        return req("POST", "/timetrack/timesheets", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                  referer=f"{site}/timetrack/timesheets"), body=form(ctx, pairs, fixed=("_csrf",)))
    if kind == "timer":
        body = {"action": ctx.pick(("start", "stop", "pause")), "note": j(ctx, "note", ctx.pick(("", _work_description(ctx)))), "at": v.iso_datetime(ctx)}
        return req("PATCH", "/timetrack/api/timers/current", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "export":
        pairs = [("format", ctx.pick(("csv", "xlsx", "pdf"))), ("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)),
                 ("group_by", ctx.pick(("project", "client", "user", "week"))), ("rounding", ctx.pick(("none", "15m", "6m")))]
        if ctx.chance(0.5):
            pairs.append(("client", _name_query(ctx)))
        if ctx.chance(0.3):
            pairs.append(("user_ids", ",".join(str(rid(ctx)) for _ in range(ctx.rng.randint(1, 3)))))
        return req(ctx.pick(("GET", "GET", "HEAD")), "/timetrack/reports/export", headers_for(ctx, ctx.pick(("nav", "sdk")), auth=ctx.pick((None, "apikey"))), qs(ctx, pairs))
    if kind == "import":
        rows = ["date,user,project,hours,description"]
        for i in range(ctx.rng.randint(2, 7)):
            desc = _work_description(ctx).replace('"', '""').replace("\n", " ")
            cell = ctx.slot("multipart", "csv.description", desc) if i == 0 else desc
            rows.append(f'{v.iso_date(ctx)},{ctx.fake.email()},"{_company(ctx)}",{ctx.pick(("8", "7.5", "2.25"))},"{cell}"')
        return req("POST", "/timetrack/api/imports", headers_for(ctx, "sdk", content_type="text/csv", auth=ctx.pick(("apikey", "basic"))),
                   qs(ctx, [("dry_run", ctx.pick(("true", "false"))), ("source", ctx.pick(("harvest", "toggl", "spreadsheet")))]), "\r\n".join(rows))
    return req("DELETE", f"/timetrack/api/entries/{seg(ctx, 'entry', rid(ctx))}", headers_for(ctx, profile, auth="jwt"))


# --------------------------------------------------------------------------
# Feature-flag admin: rules with conditions as JSON, SDK evaluation
# --------------------------------------------------------------------------


def _flag_condition(ctx: Ctx, path: str) -> dict[str, Any]:
    attr, op, values = ctx.pick((
        ("email", "ends_with", ["@" + ctx.en.domain_name()]),
        ("country", "in", ctx.rng.sample(["DE", "AT", "CH", "FR", "US", "GB", "JP", "BR"], ctx.rng.randint(1, 4))),
        ("appVersion", "semver_gte", [f"{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 20)}.0"]),
        ("plan", "not_in", ["free", "trial"]),
        ("email", "matches", [ctx.pick(("^.*@(acme|example)\\.com$", "^qa\\+.*@", ".*\\.internal$"))]),
        ("userId", "percentage_lt", [str(ctx.rng.randint(1, 100))]),
        ("company", "equals", [_company(ctx)]),
        ("segment", "in_segment", [ctx.pick(("beta-testers", "staff", "design partners"))]),
    ))
    return {"attribute": attr, "operator": op, "values": [j(ctx, f"{path}.values", x) for x in values], "negate": ctx.chance(0.1)}


@template("train", ("/flags-admin/",), weight=1.0)
def feature_flags_admin(ctx: Ctx) -> Request:
    """Feature-flag admin: targeting rules as nested JSON, kill switches with comments, SDK evaluation, audit log."""
    kind = ctx.pick(("rules", "rules", "toggle", "evaluate", "audit", "create"))
    flag_key = ctx.pick(("new-checkout", "dark-mode", "beta.reports_v2", "pricing-page-test", ctx.en.slug()))
    flag = seg(ctx, "flag", flag_key) if kind in ("rules", "toggle") else flag_key
    env = ctx.pick(("production", "staging", "dev"))
    if kind == "rules":
        rules = [{"id": ctx.fake.uuid4(), "description": j(ctx, f"rules[{i}].description", ctx.pick((v.short_text(ctx), "Internal users -- dogfooding", "EU only (GDPR review pending)"))),
                  "conditions": [_flag_condition(ctx, f"rules[{i}].conditions[{k}]") for k in range(ctx.rng.randint(1, 3))],
                  "serve": ctx.pick(({"variation": ctx.rng.randint(0, 1)}, {"rollout": {"bucketBy": "key", "variations": [{"variation": 0, "weight": w}, {"variation": 1, "weight": 100000 - w}]}}))}
                 for i, w in enumerate(ctx.rng.sample(range(0, 100001, 5000), ctx.rng.randint(1, 3)))]
        body: dict[str, Any] = {"environment": env, "enabled": ctx.chance(0.8), "rules": rules, "fallthrough": {"variation": ctx.rng.randint(0, 1)}, "offVariation": 1,
                                "comment": j(ctx, "comment", ctx.pick(("", v.prose(ctx, 1, 2), "Ramp to 50% -- error rate " + synth_tech.formula(ctx))))}
        return req("PUT", f"/flags-admin/api/projects/{seg(ctx, 'project', ctx.pick(('default', 'web', 'mobile-app')))}/flags/{flag}/targeting",
                   site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", ctx.pick(("jwt", "apikey"))), body=dumps(ctx, body))
    if kind == "toggle":
        body = {"enabled": ctx.chance(0.5), "environment": env,
                "comment": j(ctx, "comment", ctx.pick(("Kill switch -- " + synth_tech.formula(ctx) + " after deploy", _short_reason(ctx), v.dashy_text(ctx))))}
        return req("PATCH", f"/flags-admin/api/flags/{flag}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "evaluate":
        context = {"kind": "user", "key": ctx.slot("json_query", "context.key", ctx.pick((ctx.fake.uuid4(), ctx.fake.email(), str(rid(ctx))))),
                   "country": ctx.fake.country_code(), "plan": ctx.pick(("free", "pro", "enterprise")),
                   "name": ctx.slot("json_query", "context.name", v.full_name(ctx))}
        q = f"context={ctx.qenc(json.dumps(context, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}&env={env}"
        extra = (("X-Flags-SDK", ctx.pick(("js-client/3.1.0", "python-server/9.4.2", "ios/6.0.1"))),)
        return req("GET", "/flags-admin/sdk/evaluate", headers_for(ctx, ctx.pick(("sdk", "mobile", "xhr")), auth="apikey", extra=extra), q)
    if kind == "audit":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((v.search_terms(ctx), ctx.fake.email(), "flag:" + ctx.en.slug())))]
        pairs += [("actions[]", a) for a in ctx.rng.sample(["updateRules", "toggle", "create", "archive"], ctx.rng.randint(0, 2))]
        pairs += [("since", v.iso_datetime(ctx)), ("limit", ctx.pick((20, 100)))]
        return req("GET", "/flags-admin/api/audit", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs))
    body = {"key": j(ctx, "key", ctx.en.slug()), "name": j(ctx, "name", v.short_text(ctx)), "description": j(ctx, "description", v.free_text(ctx)),
            "kind": ctx.pick(("boolean", "multivariate")), "variations": [{"value": True, "name": "On"}, {"value": False, "name": "Off"}],
            "tags": [j(ctx, "tags", ctx.pick(("frontend", "payments", "experiment", "tech-debt"))) for _ in range(ctx.rng.randint(0, 2))], "temporary": ctx.chance(0.7)}
    return req("POST", "/flags-admin/api/flags", site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", ctx.pick(("jwt", "apikey"))), body=dumps(ctx, body))


BUSINESS = ("crm_workspace", "invoice_editor", "expense_claims", "hr_people", "warehouse_ops", "kanban_board", "esign_envelopes",
            "newsletter_builder", "contract_vault", "timesheets", "feature_flags_admin")
