"""Train templates: community, civic and club life.

A city 311 issue reporter (Open311 GeoReport), online petitions, a volunteer
shift rota, an amateur sports league, a parent-school messaging app, a
nonprofit donation page, a book club, a citizen-science observation log,
community-garden (allotment) plots, a lost-and-found board, a ham-radio
contact logbook and a homeowners' association portal. Each app has a route
prefix of its own, its own naming style (`signature[name]`, `roles[]`,
`division.id`, `plot-size`, `attribute[SIZE]`, PascalCase SMS webhooks,
camelCase and snake_case JSON) and the formats it really speaks: JSON objects
and top-level arrays, urlencoded forms, multipart uploads (Goodreads and
eBird CSV exports, .adi logs, consent forms), XML (Darwin Core records,
XML-RPC from a desktop logger, a federation results feed, CRM status
updates), CSV, and domain text bodies (ADIF, Cabrillo, vCard, markdown
minutes). Their free text is full of what reads as an attack to a naive
filter -- "In memory of Mary O'Neil", scores like `3-2 (a.e.t.)`, spoilers
`>!...!<`, `<call:4>W1AW <eor>`, `5-2-1 (for-against-abstain)`, `Dear {{
parent_first_name }}`, `B-12` plot ids, masked e-mails `j***@` -- so most
requests carry some, in the request's locale, and every user-controlled value
goes through a slot.
"""

from __future__ import annotations

import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    dumps, empty_file, form, form_headers, j, json_param, multipart, preflight, qs, req, Request, rid, seg, short_title, site_headers, template,
)
from waf_proxy.training.synth_values import Ctx, enc_path, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------


def _text(ctx: Ctx) -> str:
    """Any user note: prose with traps, dashes, an aside with a formula or command, markdown, emoji."""
    r = ctx.rng.random()
    if r < 0.4:
        return v.prose(ctx, 1, 3, trap_rate=0.4)
    if r < 0.55:
        return v.dashy_text(ctx)
    if r < 0.68:
        return synth_tech.with_aside(ctx, v.prose(ctx, 1, 2))
    if r < 0.85:
        return v.markdown_post(ctx, code_rate=0.35)
    return f"{v.prose(ctx, 1, 2)} {ctx.pick(v._EMOJI)}"


def _short(ctx: Ctx) -> str:
    return short_title(ctx, ("update", "urgent", "please read", "again!", "v2"))


def _place(ctx: Ctx) -> str:
    """A place as residents describe it: an address with landmarks, quotes and `&`."""
    street = ctx.fake.street_address()
    return ctx.pick((
        street,
        f"{street} ({ctx.pick(('outside the Spar', 'opposite the school gates', 'by bus stop 42', 'behind the Co-op', 'near the church'))})",
        f"Corner of {ctx.fake.street_name()} & {ctx.fake.street_name()}",
        f"{ctx.pick(('St. Mary', 'St. John', 'King George', 'Queen'))}'s {ctx.pick(('Park', 'Road', 'Green', 'Car Park'))} -- {ctx.pick(('north gate', 'level 2', 'by the pond', 'east side'))}",
        f"{street}, {ctx.fake.city()} {ctx.fake.postcode()}",
        f"{ctx.fake.city()} -- {ctx.en.word()} path, ~{ctx.rng.randint(50, 900)}m past the \"{ctx.en.word().capitalize()}\" sign",
    ))


def _masked_email(ctx: Ctx) -> str:
    user, _, domain = ctx.fake.email().partition("@")
    return f"{user[:1]}***@{domain}"


def _csv_cell(value: Any) -> str:
    """A CSV cell quoted as spreadsheets export it."""
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def _csv(rows: list[list[Any]]) -> str:
    return "\n".join(",".join(_csv_cell(c) for c in row) for row in rows) + "\n"


# --------------------------------------------------------------------------
# City 311 issue reporter (Open311 GeoReport v2 + a staff console)
# --------------------------------------------------------------------------

_SERVICES = (("POTHOLE", "Pothole"), ("GRAFFITI", "Graffiti removal"), ("STREETLIGHT", "Street light out"), ("FLYTIP", "Fly-tipping"),
             ("BINS", "Missed bin collection"), ("TREE", "Fallen tree / branches"), ("SIGNS", "Damaged road sign"), ("NOISE", "Noise complaint"))


def _issue_text(ctx: Ctx) -> str:
    size = ctx.pick(("about 30cm wide", "2ft x 3ft", "the size of a dinner plate", "~10 cm deep", "huge"))
    r = ctx.rng.random()
    if r < 0.3:
        return f"{ctx.pick(('Pothole', 'Crack', 'Sinkhole'))} {size} -- {v.prose(ctx, 1, 2, trap_rate=0.4)}"
    if r < 0.5:
        tag = ctx.pick(("\"RIP\" + a skull", "'NO MORE' in red", "<3 J+K 4ever", "a tag like \"$K8R\"", "\"DROP THE BILL\""))
        return f"Graffiti on the {ctx.pick(('bus shelter', 'underpass', 'library wall', 'bridge'))}: {tag}. {v.prose(ctx, 1, 2)}"
    if r < 0.65:
        return f"{v.prose(ctx, 1, 2)} Reported {ctx.rng.randint(2, 6)} times already (refs #{ctx.rng.randrange(10000, 99999)}, #{ctx.rng.randrange(10000, 99999)}) -- still not fixed!!"
    return _text(ctx)


@template("train", ("/report311/",), weight=1.2)
def city_issue_reporter(ctx: Ctx) -> Request:
    """City 311: Open311 service lists and requests (form + `attribute[CODE]`), a web report form, a mobile app, staff status updates, CRM XML callbacks."""
    kind = ctx.pick(("services", "create", "create", "web", "mobile", "lookup", "update", "comment", "crm", "unsubscribe", "preflight"))
    code, label = ctx.pick(_SERVICES)
    if kind == "services":
        fmt = ctx.pick(("json", "xml"))
        q = qs(ctx, [("jurisdiction_id", ctx.pick(("cityofmetro.gov", ctx.en.domain_name()))), ("locale", ctx.locale.replace("_", "-"))])
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/report311/open311/v2/services.{fmt}", headers_for(ctx, ctx.pick(("sdk", "mobile"))), q)
    if kind == "create":  # GeoReport v2 POST: urlencoded, attribute[CODE] for the service's extra questions
        first, last = v.person_name(ctx)
        pairs: list[tuple[str, Any]] = [("api_key", v.hex_token(ctx, 32)), ("jurisdiction_id", "cityofmetro.gov"), ("service_code", code),
                                        ("address_string", _place(ctx)), ("lat", f"{ctx.rng.uniform(-60, 60):.6f}"), ("long", f"{ctx.rng.uniform(-120, 120):.6f}"),
                                        ("description", _issue_text(ctx)), ("first_name", first), ("last_name", last), ("email", ctx.fake.email())]
        if ctx.chance(0.5):
            pairs.append(("phone", ctx.fake.phone_number()))
        pairs += [(f"attribute[{name}]", value) for name, value in ctx.rng.sample([("WHERE", ctx.pick(("road", "pavement", "cycle lane"))), ("SIZE", ctx.pick(("small", "medium", "large"))),
                                                                                  ("OFFENSIVE", ctx.pick(("yes", "no"))), ("HAZARD", ctx.pick(("true", "false"))),
                                                                                  ("LANDMARK", ctx.pick(("lamp post #" + str(ctx.rng.randint(1, 400)), "opposite no. 12", "")))], ctx.rng.randint(1, 3))]
        pairs.append(("device_id", ctx.fake.uuid4()))
        return req("POST", "/report311/open311/v2/requests.json", headers_for(ctx, ctx.pick(("sdk", "mobile")), content_type="application/x-www-form-urlencoded"),
                   body=form(ctx, pairs, fixed=("api_key", "jurisdiction_id", "device_id")))
    if kind == "web":
        fields = [("category", label), ("title", ctx.pick((label + " on " + ctx.fake.street_name(), _short(ctx)))), ("detail", _issue_text(ctx)),
                  ("location_description", _place(ctx)), ("name", v.full_name(ctx)), ("email", ctx.fake.email()), ("may_show_name", ctx.pick(("1", "0")))]
        ctype, body = multipart(ctx, fields, [empty_file("photo")] if ctx.chance(0.6) else [])
        return req("POST", "/report311/report/new", form_headers(ctx, "/report311/report/new", ctype), body=body)
    if kind == "mobile":
        body2: dict[str, Any] = {"service_code": code, "description": j(ctx, "description", _issue_text(ctx)), "address": j(ctx, "address", _place(ctx)),
                                 "location": {"lat": round(ctx.rng.uniform(-60, 60), 6), "lng": round(ctx.rng.uniform(-120, 120), 6), "accuracy_m": ctx.rng.randint(3, 60)},
                                 "anonymous": ctx.chance(0.3), "reporter": {"name": j(ctx, "reporter.name", v.full_name(ctx)), "phone": ctx.fake.phone_number()},
                                 "media": [j(ctx, "media[0]", synth_tech.data_uri(ctx))] if ctx.chance(0.35) else []}
        return req("POST", "/report311/app/api/reports", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body2))
    if kind == "lookup":
        if ctx.chance(0.4):
            return req("GET", f"/report311/open311/v2/requests/{seg(ctx, 'request', str(ctx.rng.randrange(100000, 999999)))}.json", headers_for(ctx, ctx.pick(("sdk", "xhr"))),
                       qs(ctx, [("jurisdiction_id", "cityofmetro.gov")]))
        pairs = [("status", ctx.pick(("open", "closed", "open,acknowledged"))), ("service_code", code), ("start_date", v.iso_datetime(ctx)), ("q", ctx.pick((v.search_terms(ctx), ctx.fake.street_name())))]
        return req("GET", "/report311/open311/v2/requests.json", headers_for(ctx, ctx.pick(("sdk", "xhr"))), qs(ctx, pairs))
    if kind == "update":  # the council's staff console
        body2 = {"status": ctx.pick(("acknowledged", "in_progress", "closed", "duplicate")), "status_notes": j(ctx, "status_notes", ctx.pick((_text(ctx), f"Crew {ctx.rng.randint(1, 9)} sent -- ETA {ctx.rng.randint(1, 14)} days"))),
                 "agency_responsible": j(ctx, "agency_responsible", ctx.pick(("Highways -- North", "Parks & Open Spaces", "Waste/Recycling", ctx.fake.company()))),
                 "expected_datetime": v.iso_datetime(ctx), "internal": ctx.chance(0.3)}
        return req("PATCH", f"/report311/staff/api/requests/{seg(ctx, 'request', str(ctx.rng.randrange(100000, 999999)))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "comment":  # a resident's update on an existing report
        fields = [("token", v.hex_token(ctx, 24)), ("update[text]", ctx.pick((_text(ctx), "Still there as of this morning -- now 2x bigger.", v.prose(ctx, 1, 2)))),
                  ("update[name]", v.full_name(ctx)), ("update[fixed]", ctx.pick(("0", "1"))), ("update[add_alert]", ctx.pick(("1", "0")))]
        path = f"/report311/report/{ctx.rng.randrange(100000, 999999)}/update"
        return req("POST", path, form_headers(ctx, path), body=form(ctx, fields, fixed=("token",)))
    if kind == "crm":  # the city's CRM pushes status changes back as Open311 XML
        items = []
        for i in range(ctx.rng.randint(1, 3)):
            notes = enc_xml(str(ctx.slot("xml", f"request[{i}].status_notes", ctx.pick((v.prose(ctx, 1, 2), "Closed -- duplicate of " + str(ctx.rng.randrange(100000, 999999)), _text(ctx))))))
            agency = enc_xml(str(ctx.slot("xml", f"request[{i}].agency", ctx.pick(("Streets & Sanitation", "Parks", "Dept. of Public Works")))))
            items.append(f"  <request>\n    <service_request_id>{ctx.rng.randrange(100000, 999999)}</service_request_id>\n    <status>{ctx.pick(('open', 'closed'))}</status>\n"
                         f"    <status_notes>{notes}</status_notes>\n    <agency_responsible>{agency}</agency_responsible>\n    <service_code>{code}</service_code>\n"
                         f"    <updated_datetime>{v.iso_datetime(ctx)}</updated_datetime>\n  </request>")
        xml = '<?xml version="1.0" encoding="utf-8"?>\n<service_requests>\n' + "\n".join(items) + "\n</service_requests>\n"
        return req("POST", "/report311/crm/callbacks/status", headers_for(ctx, "sdk", content_type=ctx.pick(("text/xml; charset=utf-8", "application/xml")), auth="basic"), body=xml)
    if kind == "unsubscribe":
        return req("DELETE", f"/report311/api/alerts/{seg(ctx, 'alert', v.alnum_token(ctx, 16))}", headers_for(ctx, "xhr", cookies=True), qs(ctx, [("email", ctx.fake.email())]))
    return preflight(ctx, ctx.pick(("/report311/app/api/reports", "/report311/staff/api/requests/" + str(rid(ctx)))), ("POST", "PATCH"), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# Online petitions: signatures, petition text, exports, paper signatures
# --------------------------------------------------------------------------


def _petition_text(ctx: Ctx) -> str:
    quote = ctx.pick((f"“{v.sentence(ctx)}” -- {v.full_name(ctx)}", f"\"{v.sentence(ctx)}\", said Cllr {ctx.fake.last_name()}", f"> {v.sentence(ctx)}"))
    parts = [v.prose(ctx, 1, 3, trap_rate=0.35), quote]
    if ctx.chance(0.5):
        parts.append(f"More: {ctx.pick((ctx.en.url() + ctx.en.uri_path(), 'https://www.bbc.co.uk/news/uk-' + str(ctx.rng.randrange(60000000, 69999999)), 'https://example.gov/consultations?id=' + str(rid(ctx)) + '&lang=en'))}")
    if ctx.chance(0.3):
        parts.append("We ask the council to:\n" + "\n".join(f"{i}. {ctx.en.sentence(nb_words=6)}" for i in range(1, ctx.rng.randint(3, 5))))
    return "\n\n".join(parts)


@template("train", ("/petitions/",), weight=1.2)
def online_petitions(ctx: Ctx) -> Request:
    """Petitions: signature forms (`signature[name]`), petition drafts, JSON counts, organiser CSV exports and paper-signature CSV, moderation."""
    kind = ctx.pick(("sign", "sign", "create", "count", "export", "paper", "moderate", "withdraw", "preflight"))
    pid = ctx.rng.randrange(100000, 720000)
    if kind == "sign":
        first, last = v.person_name(ctx)
        fields: list[tuple[str, Any]] = [("authenticity_token", v.b64url(ctx.rng.randbytes(48))), ("signature[name]", f"{first} {last}"), ("signature[email]", ctx.fake.email()),
                                         ("signature[postcode]", ctx.fake.postcode()), ("signature[location_code]", ctx.fake.country_code()),
                                         ("signature[uk_citizenship]", "1"), ("signature[notify_by_email]", ctx.pick(("0", "1")))]
        if ctx.chance(0.5):
            fields.append(("signature[comment]", ctx.pick((_text(ctx), "Signed for my nan -- she's 94 & can't get online!", v.prose(ctx, 1, 2)))))
        path = f"/petitions/petitions/{pid}/signatures"
        return req("POST", path, form_headers(ctx, f"/petitions/petitions/{pid}/signatures/new"), body=form(ctx, fields, fixed=("authenticity_token", "signature[uk_citizenship]")))
    if kind == "create":
        body: dict[str, Any] = {"action": j(ctx, "action", ctx.pick((_short(ctx), f"Stop the closure of {ctx.fake.last_name()} Road library", f"Save {ctx.fake.city()}'s \"{ctx.en.word()}\" park"))),
                                "background": j(ctx, "background", v.prose(ctx, 1, 3, trap_rate=0.4)), "additional_details": j(ctx, "additional_details", _petition_text(ctx)),
                                "creator": {"name": j(ctx, "creator.name", v.full_name(ctx)), "email": ctx.fake.email(), "postcode": ctx.fake.postcode()},
                                "sponsor_emails": [j(ctx, f"sponsor_emails[{i}]", ctx.fake.email()) for i in range(ctx.rng.randint(0, 5))], "target": ctx.pick(("council", "parliament", "school board"))}
        return req(ctx.pick(("POST", "PUT")), "/petitions/api/drafts" + ("" if ctx.chance(0.5) else f"/{pid}"), site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "count":
        if ctx.chance(0.5):
            return req(ctx.pick(("GET", "HEAD")), f"/petitions/petitions/{seg(ctx, 'petition', str(pid))}.json", headers_for(ctx, ctx.pick(("sdk", "xhr"))))
        pairs = [("q", ctx.pick((v.search_terms(ctx), v.tricky_search(ctx)))), ("state", ctx.pick(("open", "closed", "debated", "all"))), ("page", ctx.rng.randint(1, 20))]
        return req("GET", "/petitions/petitions.json", headers_for(ctx, ctx.pick(("sdk", "xhr", "mobile"))), qs(ctx, pairs))
    if kind == "export":
        pairs = [("fields[]", f) for f in ctx.rng.sample(["name", "postcode", "comment", "signed_at", "constituency"], ctx.rng.randint(2, 4))]
        pairs += [("from", v.iso_date(ctx)), ("search", ctx.pick(("", ctx.fake.last_name(), "O'")))]
        return req("GET", f"/petitions/admin/petitions/{pid}/signatures.csv", headers_for(ctx, "sdk", auth="basic", accept="text/csv"), qs(ctx, pairs))
    if kind == "paper":  # signatures collected on paper, typed in by the organiser
        rows = [["name", "postcode", "comment", "collected_at"]]
        for i in range(ctx.rng.randint(2, 8)):
            name, comment = v.full_name(ctx), ctx.pick(("", v.sentence(ctx), v.prose(ctx, 1, 1)))
            if i == 0:
                name, comment = ctx.slot("multipart", "csv.name", name), ctx.slot("multipart", "csv.comment", comment)
            rows.append([name, ctx.fake.postcode(), comment, ctx.pick(("Market stall", "Door to door", f"{ctx.fake.last_name()}'s Café"))])
        return req("PUT", f"/petitions/api/petitions/{seg(ctx, 'petition', str(pid))}/paper-signatures", headers_for(ctx, "xhr", content_type="text/csv; charset=utf-8", auth="jwt"),
                   body=_csv(rows))
    if kind == "moderate":
        body = {"state": ctx.pick(("rejected", "open", "hidden")), "rejection": {"code": ctx.pick(("duplicate", "irrelevant", "offensive", "no-action")),
                                                                                 "details": j(ctx, "rejection.details", ctx.pick((v.prose(ctx, 1, 2), "Duplicate of " + str(pid + 7) + " -- please sign that one.")))},
                "moderator_note": j(ctx, "moderator_note", _text(ctx))}
        return req("PATCH", f"/petitions/admin/api/petitions/{pid}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "withdraw":
        return req("DELETE", f"/petitions/signatures/{seg(ctx, 'signature', v.alnum_token(ctx, 20))}", headers_for(ctx, "nav", cookies=True),
                   qs(ctx, [("token", v.alnum_token(ctx, 20)), ("reason", ctx.pick(("signed twice", "changed my mind", "")))], fixed=("token",)))
    return preflight(ctx, f"/petitions/petitions/{pid}/signatures", ("POST",), ("content-type", "content-type,x-requested-with"))


# --------------------------------------------------------------------------
# Volunteer shift rota: availability grids, sign-ups, roster CSV, SMS replies
# --------------------------------------------------------------------------

_ROLES = ("driver", "kitchen", "front-of-house", "first-aid", "setup/teardown", "warehouse", "phone line", "litter-pick")


@template("train", ("/volunteerhub/",), weight=1.1)
def volunteer_rota(ctx: Ctx) -> Request:
    """Volunteer rota: availability grids as top-level JSON arrays, sign-up forms (`roles[]`), roster CSV imports, SMS replies (PascalCase webhook), swaps."""
    kind = ctx.pick(("availability", "signup", "signup", "roster", "import", "sms", "swap", "cancel", "preflight"))
    org = ctx.pick((ctx.en.slug(), f"{ctx.fake.city().lower().replace(' ', '-')}-foodbank"))
    if kind == "availability":
        days = ctx.rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ctx.rng.randint(1, 5))
        grid = [{"day": d, "slots": ctx.rng.sample(["07:00-09:00", "09:00-12:00", "12:00-15:00", "15:00-18:00", "18:00-21:00"], ctx.rng.randint(1, 3)),
                 "note": j(ctx, f"[{i}].note", ctx.pick(("", "school run till 9:15 -- after that fine", v.sentence(ctx), "not on bank holidays!")))} for i, d in enumerate(days)]
        return req("PUT", f"/volunteerhub/api/orgs/{seg(ctx, 'org', org)}/me/availability", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"),
                   body=dumps(ctx, grid))
    if kind == "signup":
        first, last = v.person_name(ctx)
        fields: list[tuple[str, Any]] = [("_token", v.alnum_token(ctx, 40)), ("shift_id", str(rid(ctx))), ("volunteer[name]", f"{first} {last}"), ("volunteer[phone]", ctx.fake.phone_number()),
                                         ("volunteer[email]", ctx.fake.email())]
        fields += [("roles[]", role) for role in ctx.rng.sample(_ROLES, ctx.rng.randint(1, 3))]
        fields += [("notes", ctx.pick(("", _text(ctx), "I've a DBS check & a clean licence; can't lift > 10kg though."))), ("bring_friend", ctx.pick(("0", "1")))]
        path = f"/volunteerhub/{enc_path(org)}/shifts/signup"
        return req("POST", path, form_headers(ctx, path), body=form(ctx, fields, fixed=("_token",)))
    if kind == "roster":
        pairs = [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("role", ctx.pick(_ROLES)), ("location", ctx.pick(("Main hall", "St Peter's Church", ctx.fake.street_name())))]
        if ctx.chance(0.3):
            pairs.append(("q", v.full_name(ctx)))
        return req("GET", f"/volunteerhub/api/orgs/{seg(ctx, 'org', org)}/shifts", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "import":
        rows = [["name", "email", "phone", "skills", "notes"]]
        for i in range(ctx.rng.randint(2, 8)):
            name, notes = v.full_name(ctx), ctx.pick(("", v.sentence(ctx), "Prefers weekends; allergic to nuts -- no kitchen", v.prose(ctx, 1, 1)))
            if i == 0:
                name, notes = ctx.slot("multipart", "csv.name", name), ctx.slot("multipart", "csv.notes", notes)
            rows.append([name, ctx.fake.email(), ctx.fake.phone_number(), "; ".join(ctx.rng.sample(_ROLES, 2)), notes])
        ctype, body = multipart(ctx, [("org", org), ("update_existing", ctx.pick(("true", "false")))], [("file", ctx.pick(("volunteers.csv", "Rota export (2).csv")), "text/csv", _csv(rows))])
        return req("POST", "/volunteerhub/api/imports", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body)
    if kind == "sms":  # the SMS provider relays a volunteer's reply to a shift reminder
        fields = [("ToCountry", "GB"), ("SmsMessageSid", "SM" + v.hex_token(ctx, 32)), ("From", ctx.fake.phone_number()),
                  ("Body", ctx.pick(("YES", "Y", "No sorry -- kid's sick 🤒", "yes! running 10 min late", "STOP", v.prose(ctx, 1, 1), "Can I swap to Sat? " + ctx.pick(v._EMOJI)))),
                  ("NumMedia", "0"), ("To", "+44" + str(ctx.rng.randrange(7000000000, 7999999999))), ("ApiVersion", "2010-04-01")]
        extra = (("X-Twilio-Signature", v.b64url(ctx.rng.randbytes(20)) + "="),)
        return req("POST", "/volunteerhub/hooks/sms", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", extra=extra),
                   body=form(ctx, fields, fixed=("ToCountry", "SmsMessageSid", "NumMedia", "ApiVersion")))
    if kind == "swap":
        body2 = {"shiftId": rid(ctx), "swapWith": j(ctx, "swapWith", v.full_name(ctx)), "reason": j(ctx, "reason", ctx.pick((_text(ctx), "Hospital appt -- sorry!"))), "notifyCoordinator": ctx.chance(0.7)}
        return req("PATCH", f"/volunteerhub/api/signups/{seg(ctx, 'signup', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body2))
    if kind == "cancel":
        return req("DELETE", f"/volunteerhub/api/signups/{seg(ctx, 'signup', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("sick", "double-booked", "can't make it -- sorry", "")))]))
    return preflight(ctx, f"/volunteerhub/api/orgs/{enc_path(org)}/me/availability", ("PUT", "PATCH", "DELETE"), ("authorization,content-type", "authorization"))


# --------------------------------------------------------------------------
# Amateur sports league: fixtures, results with scorelines, match reports, registrations
# --------------------------------------------------------------------------


def _scoreline(ctx: Ctx, home: int | None = None, away: int | None = None) -> str:
    """A result as clubs write it: extra time, penalties, half-time, abandoned, walkovers."""
    a = ctx.rng.randint(0, 6) if home is None else home
    b = ctx.rng.randint(0, 6) if away is None else away
    pens = ctx.rng.randint(3, 6)
    options = [f"{a}-{b}", f"{a}–{b}", f"{a}-{b} (HT {min(a, 1)}-{min(b, 1)})", f"{a}-{b} -- abandoned {ctx.rng.randint(50, 85)}'"]
    if a == b:
        options += [f"{a}-{b} ({pens}-{pens - ctx.rng.randint(1, 2)} pens)", f"{a}-{b} a.e.t. ({pens - 1}-{pens} on pens)"]
    else:
        options += [f"{a}-{b} (a.e.t.)", f"{a}-{b} (a.e.t.)"]
    if home is None:
        options.append("w/o (3-0 awarded)")
    return ctx.pick(options)


def _team(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.fake.city()} {ctx.pick(('Rovers', 'United', 'Athletic', 'FC', 'Wanderers', 'Ladies', 'Vets'))}",
                     f"{ctx.fake.last_name()}'s Arms {ctx.pick(('FC', 'Reserves'))}", f"AFC {ctx.fake.city()}", f"Real {ctx.en.word().capitalize()} & Co."))


def _match_report(ctx: Ctx) -> str:
    first = ctx.fake.first_name()
    lines = [f"{_team(ctx)} {_scoreline(ctx)} {_team(ctx)}", v.prose(ctx, 1, 3, trap_rate=0.3),
             ctx.pick((f"{first} opened the scoring on {ctx.rng.randint(2, 44)}' -- a screamer from 25 yards!", f"MOTM: {v.full_name(ctx)} (again 🙄)",
                       f"{ctx.rng.randint(45, 90)}+{ctx.rng.randint(1, 5)}' -- {first} sees red for a 2nd yellow; ref's call, not ours.",
                       "Pitch was a swamp -- 50/50 whether it'd go ahead."))]
    if ctx.chance(0.4):
        lines.append("Scorers: " + ", ".join(f"{ctx.fake.last_name()} {ctx.rng.randint(1, 90)}'" for _ in range(ctx.rng.randint(1, 3))))
    return "\n\n".join(lines)


@template("train", ("/sundayleague/",), weight=1.2)
def sports_league(ctx: Ctx) -> Request:
    """Amateur league: fixtures with dotted filters, results with `3-2 (a.e.t.)`, markdown match reports, registrations, line-ups, results CSV, a federation XML feed."""
    kind = ctx.pick(("fixtures", "result", "result", "report", "register", "lineup", "csv", "feed", "delete", "preflight"))
    fixture = str(rid(ctx))
    if kind == "fixtures":
        pairs: list[tuple[str, Any]] = [("season", ctx.pick(("2024-25", "2025-26", "2025"))), ("division.id", ctx.rng.randint(1, 9)), ("team.name", _team(ctx)),
                                        ("status", ctx.pick(("played", "upcoming", "postponed"))), ("sort", ctx.pick(("kickoff", "-kickoff")))]
        if ctx.chance(0.5):  # the club app's LoopBack-style filter
            where: dict[str, Any] = {"season": ctx.pick(("2024-25", "2025-26")), "teamName": {"like": ctx.slot("json_query", "filter.where.teamName", _team(ctx)) + "%"}}
            if ctx.chance(0.4):
                where["venue"] = {"ilike": ctx.slot("json_query", "filter.where.venue", ctx.pick(("%park%", "O'Hare%", ctx.fake.street_name())))}
            q = json_param(ctx, "filter", {"where": where, "order": ctx.pick(("kickoff DESC", "kickoff ASC")), "limit": ctx.pick((20, 50))})
            return req("GET", "/sundayleague/api/fixtures", headers_for(ctx, ctx.pick(("xhr", "mobile"))), q)
        return req("GET", "/sundayleague/api/fixtures", headers_for(ctx, ctx.pick(("xhr", "mobile", "nav"))), qs(ctx, pairs))
    if kind == "result":
        home, away = ctx.rng.randint(0, 6), ctx.rng.randint(0, 6)
        body: dict[str, Any] = {"homeScore": home, "awayScore": away, "scoreline": j(ctx, "scoreline", _scoreline(ctx, home, away)),
                                "scorers": [{"player": j(ctx, f"scorers[{i}].player", v.full_name(ctx)), "minute": j(ctx, f"scorers[{i}].minute", ctx.pick((f"{ctx.rng.randint(1, 90)}'", f"45+{ctx.rng.randint(1, 4)}'", "pen"))),
                                             "ownGoal": ctx.chance(0.1)} for i in range(ctx.rng.randint(0, 3))],
                                "cards": [{"player": j(ctx, "cards[0].player", v.full_name(ctx)), "colour": ctx.pick(("yellow", "red")), "reason": j(ctx, "cards[0].reason", ctx.pick(("dissent", "2nd yellow -- late tackle", "'language'")))}] if ctx.chance(0.4) else [],
                                "refereeMarks": ctx.rng.randint(40, 100), "comments": j(ctx, "comments", ctx.pick(("", _text(ctx), "Away side turned up with 10 -- played on.")))}
        return req("POST", f"/sundayleague/api/fixtures/{seg(ctx, 'fixture', fixture)}/result", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "report":
        text = ctx.slot("multipart", "report", _match_report(ctx))
        return req("PUT", f"/sundayleague/api/fixtures/{seg(ctx, 'fixture', fixture)}/report.md", headers_for(ctx, "xhr", content_type="text/markdown; charset=utf-8", auth="jwt"), body=f"# Match report\n\n{text}\n")
    if kind == "register":
        first, last = v.person_name(ctx)
        fields = [("first_name", first), ("last_name", last), ("date_of_birth", v.iso_date(ctx)), ("team", _team(ctx)), ("previous_club", ctx.pick(("", _team(ctx)))),
                  ("medical_notes", ctx.pick(("", "Asthma -- inhaler in kit bag", v.prose(ctx, 1, 1)))), ("emergency_contact", f"{v.full_name(ctx)} {ctx.fake.phone_number()}")]
        files = [("consent_form", f"consent-{last}.pdf", "application/pdf", f"%PDF-1.4\n% {first} {last}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")] if ctx.chance(0.5) else [empty_file("photo")]
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", "/sundayleague/registrations", form_headers(ctx, "/sundayleague/registrations/new", ctype), body=body2)
    if kind == "lineup":
        players = [{"shirt": n, "name": j(ctx, f"[{i}].name", v.full_name(ctx)), "position": ctx.pick(("GK", "LB", "CB", "RB", "CM", "ST", "sub")), "captain": i == 0}
                   for i, n in enumerate(ctx.rng.sample(range(1, 30), ctx.rng.randint(2, 11)))]
        return req("PUT", f"/sundayleague/api/fixtures/{seg(ctx, 'fixture', fixture)}/lineup", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, players))
    if kind == "csv":  # the league secretary's weekly results sheet
        rows = [["date", "home", "away", "score", "notes"]]
        for i in range(ctx.rng.randint(2, 8)):
            home_team, notes = _team(ctx), ctx.pick(("", "ref no-show -- club linesman", v.sentence(ctx), "Played at O'Hare Park (3G)"))
            if i == 0:
                home_team, notes = ctx.slot("multipart", "csv.home", home_team), ctx.slot("multipart", "csv.notes", notes)
            rows.append([v.iso_date(ctx), home_team, _team(ctx), _scoreline(ctx), notes])
        return req("POST", "/sundayleague/api/results/import", headers_for(ctx, "sdk", content_type="text/csv", auth=ctx.pick(("basic", "apikey"))), body=_csv(rows))
    if kind == "feed":  # the county federation pushes sanctioned fixtures
        items = []
        for i in range(ctx.rng.randint(1, 4)):
            home = enc_xml(str(ctx.slot("xml", f"fixture[{i}].home", _team(ctx))))
            venue = enc_xml(str(ctx.slot("xml", f"fixture[{i}].venue", _place(ctx))))
            items.append(f'  <Fixture id="{rid(ctx)}" competition="{ctx.pick(("County Cup", "Div 2", "Sunday Trophy"))}">\n    <Home>{home}</Home>\n    <Away>{enc_xml(_team(ctx))}</Away>\n'
                         f"    <Venue>{venue}</Venue>\n    <KickOff>{v.iso_datetime(ctx)}</KickOff>\n  </Fixture>")
        xml = '<?xml version="1.0" encoding="UTF-8"?>\n<Fixtures season="2025-26">\n' + "\n".join(items) + "\n</Fixtures>\n"
        return req("POST", "/sundayleague/feeds/federation", headers_for(ctx, "sdk", content_type="application/xml", auth="apikey"), body=xml)
    if kind == "delete":
        return req("DELETE", f"/sundayleague/api/fixtures/{seg(ctx, 'fixture', fixture)}", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, [("reason", ctx.pick(("postponed -- waterlogged pitch", "duplicate", "")))]))
    return preflight(ctx, f"/sundayleague/api/fixtures/{fixture}/result", ("POST", "PUT", "DELETE"), ("authorization,content-type", "authorization"))


# --------------------------------------------------------------------------
# Parent-school messaging: messages, broadcasts with merge fields, absences, consent, vCards
# --------------------------------------------------------------------------


def _broadcast(ctx: Ctx) -> str:
    lines = [ctx.pick(("Dear {{ parent_first_name }},", "Hi {{ guardian.name }} 👋", "Chers parents de {{ student.first_name }},", "Dear Parent/Carer,")),
             v.prose(ctx, 1, 3, trap_rate=0.3)]
    lines.append(ctx.pick((
        "Trip: {{ trip.date | date: '%d %b' }} -- please bring a packed lunch (NO nuts!).",
        "{% if student.year_group == 6 %}Y6 SATs start Monday -- early nights please.{% endif %}",
        "Reply STOP to opt out. Questions? Drop us a line at " + ctx.fake.email(),
        "Non-uniform day: £1 donation -> PTA. Wear something <b>red</b>!",
    )))
    lines.append(ctx.pick(("Thanks,\n" + v.full_name(ctx) + " (Y4 teacher)", "-- The Office", "Mrs " + ctx.fake.last_name())))
    return "\n\n".join(lines)


def _vcard(ctx: Ctx) -> str:
    first, last = v.person_name(ctx)
    fn = ctx.slot("multipart", "vcard.FN", f"{first} {last}")
    note = ctx.slot("multipart", "vcard.NOTE", ctx.pick(("Grandma -- collects on Tuesdays", "Only call if Mum can't be reached; speaks Polish & English", v.sentence(ctx))))
    return ("BEGIN:VCARD\r\nVERSION:4.0\r\n" f"FN:{fn}\r\nN:{last};{first};;;\r\nTEL;TYPE=cell:{ctx.fake.phone_number()}\r\nEMAIL:{ctx.fake.email()}\r\n"
            f"RELATED;TYPE=emergency:{ctx.pick(('grandparent', 'aunt', 'neighbour', 'childminder'))}\r\n"
            f"ADR;TYPE=home:;;{ctx.fake.street_address().replace(',', chr(92) + ',')};{ctx.fake.city()};;{ctx.fake.postcode()};\r\nNOTE:{note}\r\nEND:VCARD\r\n")


@template("train", ("/schoolhub/",), weight=1.2)
def school_messenger(ctx: Ctx) -> Request:
    """Parent-school app: threads and messages, teacher broadcasts with merge fields, absence forms (`absence[reason]`), trip consent, emergency-contact vCards."""
    kind = ctx.pick(("message", "message", "broadcast", "absence", "consent", "contacts", "read", "inbox", "delete", "preflight"))
    if kind == "message":
        body: dict[str, Any] = {"threadId": ctx.fake.uuid4(), "body": j(ctx, "body", ctx.pick((_text(ctx), v.prose(ctx, 1, 3, trap_rate=0.4), "Is PE on Wed or Thu this week? " + ctx.pick(v._EMOJI)))),
                                "childId": rid(ctx), "attachments": [{"name": j(ctx, "attachments[0].name", ctx.pick(("doctor's note.pdf", ctx.en.file_name()))), "size": ctx.rng.randrange(900, 900000)}] if ctx.chance(0.3) else []}
        return req("POST", "/schoolhub/api/messages", headers_for(ctx, ctx.pick(("mobile", "mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "broadcast":
        body = {"subject": j(ctx, "subject", ctx.pick((_short(ctx), "Reminder: trip on Friday!", "Nit check -- sorry 🙈"))), "body": j(ctx, "body", _broadcast(ctx)),
                "recipientGroups": [ctx.pick(("year-4", "4B", "whole-school", "pta", "choir"))], "channels": ctx.rng.sample(["push", "email", "sms"], ctx.rng.randint(1, 3)),
                "sendAt": v.iso_datetime(ctx) if ctx.chance(0.4) else None, "requireAck": ctx.chance(0.3)}
        return req("POST", "/schoolhub/api/broadcasts", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "absence":
        fields = [("_csrf", v.alnum_token(ctx, 36)), ("absence[student_id]", str(rid(ctx))), ("absence[from]", v.iso_date(ctx)), ("absence[to]", v.iso_date(ctx)),
                  ("absence[reason]", ctx.pick(("illness", "medical", "family", "religious observance", "other"))),
                  ("absence[note]", ctx.pick((_text(ctx), "Temp 38.5 last night -- keeping her home per the 48h rule.", v.prose(ctx, 1, 2)))), ("absence[parent_name]", v.full_name(ctx))]
        return req("POST", "/schoolhub/absences", form_headers(ctx, "/schoolhub/absences/new"), body=form(ctx, fields, fixed=("_csrf",)))
    if kind == "consent":
        first, last = v.person_name(ctx)
        fields = [("consent[trip_id]", str(rid(ctx))), ("consent[given]", ctx.pick(("yes", "no"))), ("consent[medical_info]", ctx.pick(("None", "Hay fever -- Piriton in bag", v.prose(ctx, 1, 1)))),
                  ("consent[dietary]", ctx.pick(("", "vegetarian", "halal", "no pork & no nuts"))), ("consent[signed_by]", f"{first} {last}"), ("consent[signature]", synth_tech.data_uri(ctx))]
        ctype, body2 = multipart(ctx, fields, [])
        return req("POST", "/schoolhub/api/consents", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type=ctype, auth="jwt"), body=body2)
    if kind == "contacts":
        return req("PUT", f"/schoolhub/api/students/{seg(ctx, 'student', str(rid(ctx)))}/emergency-contacts/{ctx.rng.randint(1, 4)}",
                   headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="text/vcard; charset=utf-8", auth="jwt"), body=_vcard(ctx))
    if kind == "read":
        body = {"messageIds": [rid(ctx) for _ in range(ctx.rng.randint(1, 6))], "readAt": v.iso_datetime(ctx), "ack": ctx.chance(0.3),
                "ackNote": j(ctx, "ackNote", ctx.pick(("", "Noted, thanks!", v.sentence(ctx))))}
        return req("PATCH", "/schoolhub/api/messages/read", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "inbox":
        pairs = [("unread", ctx.pick(("true", "false"))), ("child_id", str(rid(ctx))), ("q", ctx.pick(("", v.search_terms(ctx), "trip", "dinner money")))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/schoolhub/api/threads", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"), qs(ctx, pairs))
    if kind == "delete":
        return req("DELETE", f"/schoolhub/api/messages/{seg(ctx, 'message', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))
    return preflight(ctx, "/schoolhub/api/messages", ("POST", "PATCH"), ("authorization,content-type", "authorization,content-type,x-app-version"))


# --------------------------------------------------------------------------
# Nonprofit donation page: gifts with dedications and Gift Aid, plans, webhooks, receipts
# --------------------------------------------------------------------------


def _dedication(ctx: Ctx) -> str:
    first, last = v.person_name(ctx)
    return ctx.pick((f"In memory of {first} {last}", f"In loving memory of Mary O'Neil -- {ctx.pick(('Nan', 'Mum', 'our friend'))}",
                     f"In honour of {first} & {ctx.fake.first_name()}'s wedding 💍", f"For {first}'s {ctx.rng.randint(30, 90)}th -- no presents please!",
                     f"In memoriam {first} {last} ({ctx.rng.randint(1930, 1990)}–{ctx.rng.randint(2020, 2025)})"))


@template("train", ("/give/",), weight=1.2)
def donation_page(ctx: Ctx) -> Request:
    """Nonprofit giving: donation forms with dedications and Gift Aid (`donor[first_name]`), payment intents, signed processor webhooks, plans, receipts, cash CSV."""
    kind = ctx.pick(("donate", "donate", "intent", "webhook", "plan", "receipt", "ecard", "cash", "cancel", "preflight"))
    campaign = ctx.pick((ctx.en.slug(), "winter-appeal", "roof-fund-2025", "food-bank"))
    if kind == "donate":
        first, last = v.person_name(ctx)
        fields: list[tuple[str, Any]] = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("amount", v.money(ctx, 5, 500)), ("frequency", ctx.pick(("once", "monthly", "yearly"))),
                                         ("donor[first_name]", first), ("donor[last_name]", last), ("donor[email]", ctx.fake.email()), ("donor[address_line1]", ctx.fake.street_address()),
                                         ("donor[postcode]", ctx.fake.postcode()), ("gift_aid", ctx.pick(("1", "0")))]
        if ctx.chance(0.6):
            fields += [("dedication[type]", ctx.pick(("in_memory", "in_honour"))), ("dedication[name]", _dedication(ctx)), ("dedication[notify_email]", ctx.pick(("", ctx.fake.email())))]
        fields += [("anonymous", ctx.pick(("0", "1"))), ("comment", ctx.pick(("", _text(ctx), "Keep up the great work -- you helped us when we needed it ❤️")))]
        path = f"/give/{campaign}/donate"
        return req("POST", path, form_headers(ctx, path), body=form(ctx, fields, fixed=("authenticity_token",)))
    if kind == "intent":
        body: dict[str, Any] = {"amount": ctx.rng.randrange(500, 50000), "currency": ctx.pick(("gbp", "eur", "usd")), "campaign": campaign, "coverFees": ctx.chance(0.5),
                                "tribute": {"type": ctx.pick(("memory", "honour")), "name": j(ctx, "tribute.name", _dedication(ctx))} if ctx.chance(0.5) else None,
                                "donor": {"email": j(ctx, "donor.email", ctx.fake.email()), "name": j(ctx, "donor.name", v.full_name(ctx))}, "utm": {"source": ctx.pick(("facebook", "newsletter", "qr-poster"))}}
        return req("POST", "/give/api/payment-intents", site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "webhook":  # the payment processor reports a completed gift, signed
        body = {"id": "evt_" + v.alnum_token(ctx, 24), "type": ctx.pick(("donation.completed", "subscription.renewed", "donation.refunded")),
                "data": {"amount": ctx.rng.randrange(500, 50000), "donor_name": j(ctx, "data.donor_name", v.full_name(ctx)), "campaign": campaign,
                         "dedication": j(ctx, "data.dedication", _dedication(ctx)) if ctx.chance(0.5) else None, "message": j(ctx, "data.message", ctx.pick(("", v.prose(ctx, 1, 2))))}}
        extra = (("X-Charitypay-Signature", f"t={ctx.rng.randrange(1_700_000_000, 1_760_000_000)},v1={v.hex_token(ctx, 64)}"),)
        return req("POST", "/give/hooks/payments", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if kind == "plan":
        body = {"amount": v.money(ctx, 3, 100), "interval": ctx.pick(("month", "year")), "pause_until": ctx.pick((None, v.iso_date(ctx))),
                "reason": j(ctx, "reason", ctx.pick(("", "Money's tight this winter -- back in spring!", _text(ctx)))), "gift_aid": ctx.chance(0.6)}
        return req("PATCH", f"/give/api/plans/{seg(ctx, 'plan', 'sub_' + v.alnum_token(ctx, 14))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "receipt":
        return req(ctx.pick(("GET", "HEAD")), f"/give/receipts/{seg(ctx, 'receipt', 'R-' + str(ctx.rng.randrange(100000, 999999)))}.pdf", headers_for(ctx, "nav", cookies=True, accept="application/pdf,*/*"),
                   qs(ctx, [("download", ctx.pick(("1", "0"))), ("name", v.full_name(ctx))]))
    if kind == "ecard":
        html = f"<p>{enc_xml(_dedication(ctx))}</p><p>{enc_xml(v.prose(ctx, 1, 2))}</p>" + ctx.pick(("", "<p><em>With love,</em><br>" + enc_xml(v.full_name(ctx)) + "</p>"))
        body = {"recipientName": j(ctx, "recipientName", v.full_name(ctx)), "recipientEmail": j(ctx, "recipientEmail", ctx.fake.email()), "design": ctx.pick(("lily", "candle", "tree")),
                "messageHtml": j(ctx, "messageHtml", html), "sendOn": v.iso_date(ctx)}
        return req("PUT", f"/give/api/donations/{seg(ctx, 'donation', str(rid(ctx)))}/ecard", site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "cash":  # the treasurer types in a bucket collection
        rows = [["name", "amount", "gift_aid", "notes"]]
        for i in range(ctx.rng.randint(2, 8)):
            name, notes = ctx.pick((v.full_name(ctx), "Anonymous", "Bucket -- " + ctx.fake.street_name())), ctx.pick(("", _dedication(ctx), v.sentence(ctx)))
            if i == 0:
                name, notes = ctx.slot("multipart", "csv.name", name), ctx.slot("multipart", "csv.notes", notes)
            rows.append([name, v.money(ctx, 1, 200), ctx.pick(("Y", "N")), notes])
        return req("POST", f"/give/api/campaigns/{seg(ctx, 'campaign', campaign)}/offline-gifts", headers_for(ctx, "sdk", content_type="text/csv; charset=utf-8", auth=ctx.pick(("apikey", "basic"))), body=_csv(rows))
    if kind == "cancel":
        return req("DELETE", f"/give/api/plans/{seg(ctx, 'plan', 'sub_' + v.alnum_token(ctx, 14))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    return preflight(ctx, "/give/api/payment-intents", ("POST",), ("content-type", "content-type,x-csrf-token"))


# --------------------------------------------------------------------------
# Book club: reading lists, discussion with spoilers, quotes, Goodreads imports
# --------------------------------------------------------------------------

_BOOKS = (("Middlemarch", "George Eliot"), ("One Hundred Years of Solitude", "Gabriel García Márquez"), ("The Remains of the Day", "Kazuo Ishiguro"),
          ("Beloved", "Toni Morrison"), ("War and Peace", "Лев Толстой"), ("ノルウェイの森", "村上春樹"), ("Wolf Hall", "Hilary Mantel"),
          ("Angela's Ashes", "Frank McCourt"), ("The Master & Margarita", "Mikhail Bulgakov"), ("Where the Crawdads Sing", "Delia Owens"))


def _book_post(ctx: Ctx) -> str:
    title, author = ctx.pick(_BOOKS)
    parts = [v.prose(ctx, 1, 2, trap_rate=0.3)]
    parts.append(ctx.pick((
        f"> “{v.sentence(ctx)}” — {author}, p. {ctx.rng.randint(3, 600)}",
        f"Spoiler: >!{v.sentence(ctx)}!<",
        f"Ch. {ctx.rng.randint(1, 40)} -- >!so {ctx.fake.first_name()} was the one who {ctx.en.word()}s the {ctx.en.word()}?!!<",
        f"*{title}* is {ctx.pick(('a slog', 'a masterpiece', 'overrated', 'my 5/5 of the year'))} — fight me 😅",
    )))
    if ctx.chance(0.4):
        parts.append(ctx.pick((f"Next month: {ctx.pick(_BOOKS)[0]} (ISBN 978-{ctx.rng.randrange(1000000000, 9999999999)})", v.markdown_post(ctx, code_rate=0.2), v.dashy_text(ctx))))
    return "\n\n".join(parts)


@template("train", ("/bookclub/",), weight=1.1)
def book_club(ctx: Ctx) -> Request:
    """Book club: discussion posts with `>!spoilers!<` and em-dash quotes, reading lists as JSON arrays, progress, quote forms, Goodreads CSV imports."""
    kind = ctx.pick(("post", "post", "list", "progress", "import", "search", "quote", "delete", "preflight"))
    club = ctx.pick((ctx.en.slug(), "tuesday-readers", f"{ctx.fake.last_name().lower()}-st-book-club"))
    if kind == "post":
        body: dict[str, Any] = {"body": j(ctx, "body", _book_post(ctx)), "title": j(ctx, "title", ctx.pick((_short(ctx), f"Chapters {ctx.rng.randint(1, 9)}-{ctx.rng.randint(10, 20)} (spoilers!)"))),
                                "containsSpoilers": ctx.chance(0.5), "replyTo": ctx.pick((None, rid(ctx)))}
        return req("POST", f"/bookclub/api/clubs/{seg(ctx, 'club', club)}/threads/{rid(ctx)}/posts", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "list":
        books = [{"isbn": f"978{ctx.rng.randrange(1000000000, 9999999999)}", "title": j(ctx, f"[{i}].title", t), "author": j(ctx, f"[{i}].author", a),
                  "meetingDate": v.iso_date(ctx), "pickedBy": j(ctx, f"[{i}].pickedBy", v.full_name(ctx))} for i, (t, a) in enumerate(ctx.rng.sample(list(_BOOKS), ctx.rng.randint(1, 5)))]
        return req("PUT", f"/bookclub/api/clubs/{seg(ctx, 'club', club)}/reading-list", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, books))
    if kind == "progress":
        body = {"page": ctx.rng.randint(1, 900), "percent": ctx.rng.randint(0, 100), "status": ctx.pick(("reading", "finished", "dnf")),
                "note": j(ctx, "note", ctx.pick(("", v.prose(ctx, 1, 1), "DNF at 40% -- life's too short 🤷", f">!{v.sentence(ctx)}!<")))}
        return req("PATCH", f"/bookclub/api/me/books/{seg(ctx, 'book', str(rid(ctx)))}", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "import":  # a Goodreads library export
        rows = [["Book Id", "Title", "Author", "My Rating", "Date Read", "Bookshelves", "My Review"]]
        for i, (title, author) in enumerate(ctx.rng.sample(list(_BOOKS), ctx.rng.randint(2, 6))):
            review = ctx.pick(("", v.prose(ctx, 1, 2), f"Loved it<br/><br/>{v.sentence(ctx)}", "3.5 -- rounding down. >!The ending!< though."))
            if i == 0:
                title, review = ctx.slot("multipart", "csv.title", title), ctx.slot("multipart", "csv.review", review)
            rows.append([rid(ctx), title, author, ctx.rng.randint(0, 5), v.when(ctx).strftime("%Y/%m/%d"), ctx.pick(("read", "to-read", "book-club, favourites")), review])
        ctype, body2 = multipart(ctx, [("shelf_mapping", ctx.pick(("keep", "merge"))), ("club", club)], [("file", "goodreads_library_export.csv", "text/csv", _csv(rows))])
        return req("POST", "/bookclub/api/imports/goodreads", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "search":
        pairs = [("q", ctx.pick((v.search_terms(ctx), ctx.pick(_BOOKS)[0], ctx.pick(_BOOKS)[1], v.tricky_search(ctx)))), ("lang", ctx.locale[:2]), ("page", ctx.rng.randint(1, 5))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/bookclub/api/books", headers_for(ctx, ctx.pick(("xhr", "mobile", "nav"))), qs(ctx, pairs))
    if kind == "quote":
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("quote[book_id]", str(rid(ctx))), ("quote[page]", str(ctx.rng.randint(1, 900))),
                  ("quote[text]", ctx.pick((f"“{v.sentence(ctx)}”", f"{v.sentence(ctx)} — and yet, {ctx.en.sentence(nb_words=5).lower()}", v.prose(ctx, 1, 2)))),
                  ("quote[comment]", ctx.pick(("", _text(ctx))))]
        path = f"/bookclub/clubs/{enc_path(club)}/quotes"
        return req("POST", path, form_headers(ctx, path), body=form(ctx, fields, fixed=("authenticity_token",)))
    if kind == "delete":
        return req("DELETE", f"/bookclub/api/posts/{seg(ctx, 'post', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    return preflight(ctx, f"/bookclub/api/clubs/{enc_path(club)}/reading-list", ("PUT", "POST"), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# Citizen-science observation log: species, counts, weather, CSV checklists, Darwin Core
# --------------------------------------------------------------------------

_SPECIES = (("Turdus merula", "Common blackbird"), ("Erithacus rubecula", "European robin"), ("Parus major", "Great tit"), ("Apis mellifera", "Western honey bee"),
            ("Bombus terrestris", "Buff-tailed bumblebee"), ("Vanessa atalanta", "Red admiral"), ("Quercus robur", "Pedunculate oak"), ("Ardea cinerea", "Grey heron"),
            ("Sciurus carolinensis", "Eastern grey squirrel"), ("Bufo bufo", "Common toad"), ("Pica pica", "Eurasian magpie"), ("Digitalis purpurea", "Foxglove"))


def _obs_note(ctx: Ctx) -> str:
    return ctx.pick((
        lambda: f"Singing from the top of the {ctx.en.word()} -- {ctx.rng.randint(1, 12)} min. {v.prose(ctx, 1, 1)}",
        lambda: f"ID uncertain: {ctx.pick(_SPECIES)[0]} or {ctx.pick(_SPECIES)[0]}? Count was {ctx.rng.randint(1, 40)}+ (>{ctx.rng.randint(1, 9)} juveniles).",
        lambda: f"Wind {ctx.pick(('SW', 'NNE', 'W'))} {ctx.rng.randint(0, 6)} Bft; temp {ctx.rng.randint(-5, 30)}°C; cloud {ctx.rng.randint(0, 8)}/8 -- {v.sentence(ctx)}",
        lambda: _text(ctx),
        lambda: v.prose(ctx, 1, 3, trap_rate=0.3),
    ))()


@template("train", ("/naturelog/",), weight=1.1)
def nature_observations(ctx: Ctx) -> Request:
    """Citizen science: observations with Latin names, counts and weather, taxon autocomplete, eBird-style CSV checklists, Darwin Core XML, identifications."""
    kind = ctx.pick(("observe", "observe", "taxa", "csv", "dwc", "identify", "edit", "export", "delete"))
    sci, common = ctx.pick(_SPECIES)
    if kind in ("observe", "edit"):
        body: dict[str, Any] = {"taxon": {"scientificName": j(ctx, "taxon.scientificName", sci), "commonName": j(ctx, "taxon.commonName", common)}, "count": ctx.rng.randint(1, 60),
                                "observedOn": v.iso_datetime(ctx), "placeGuess": j(ctx, "placeGuess", _place(ctx)),
                                "weather": {"tempC": round(ctx.rng.uniform(-5, 32), 1), "cloudOktas": ctx.rng.randint(0, 8), "wind": ctx.pick(("calm", "SW 3", "NNE 5 gusting 7"))},
                                "behaviour": ctx.pick(("singing", "foraging", "nest-building", "flyover", "dead on road")), "notes": j(ctx, "notes", _obs_note(ctx)),
                                "captive": ctx.chance(0.05), "media": [j(ctx, "media[0]", synth_tech.data_uri(ctx))] if ctx.chance(0.25) else []}
        if kind == "observe":
            return req("POST", "/naturelog/api/observations", headers_for(ctx, ctx.pick(("mobile", "mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
        return req("PUT", f"/naturelog/api/observations/{seg(ctx, 'observation', str(rid(ctx)))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "taxa":
        pairs = [("q", ctx.pick((sci[: ctx.rng.randint(3, len(sci))], common.lower(), v.search_terms(ctx)))), ("rank", ctx.pick(("species", "genus", "species,subspecies"))),
                 ("locale", ctx.locale.replace("_", "-")), ("per_page", ctx.pick((10, 30)))]
        return req("GET", "/naturelog/api/taxa/autocomplete", headers_for(ctx, ctx.pick(("mobile", "xhr"))), qs(ctx, pairs))
    if kind == "csv":  # an eBird-style checklist export
        rows = [["Common Name", "Genus", "Species", "Number", "Species Comments", "Location Name", "Date", "Start Time", "Protocol", "Checklist Comments"]]
        site = _place(ctx)
        for i, (s, c) in enumerate(ctx.rng.sample(list(_SPECIES), ctx.rng.randint(2, 7))):
            comment = ctx.pick(("", v.sentence(ctx), "heard only", "X -- present, not counted", f"{ctx.rng.randint(2, 9)} ad + {ctx.rng.randint(1, 5)} juv"))
            where = site
            if i == 0:
                comment, where = ctx.slot("multipart", "csv.species_comments", comment), ctx.slot("multipart", "csv.location", where)
            genus, species = s.split(" ", 1)
            rows.append([c, genus, species, ctx.pick((str(ctx.rng.randint(1, 50)), "X")), comment, where, v.when(ctx).strftime("%m/%d/%Y"), f"{ctx.rng.randint(5, 19):02d}:{ctx.rng.randint(0, 59):02d}",
                         ctx.pick(("Traveling", "Stationary", "Incidental")), ctx.pick(("", v.sentence(ctx)))])
        ctype, body2 = multipart(ctx, [("format", "ebird"), ("project", ctx.pick(("garden-birdwatch", "pollinator-count", ctx.en.slug())))], [("file", "checklist.csv", "text/csv", _csv(rows))])
        return req("POST", "/naturelog/api/imports", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "dwc":  # a partner scheme pushes records as Simple Darwin Core
        records = []
        for i in range(ctx.rng.randint(1, 4)):
            s, _c = ctx.pick(_SPECIES)
            name = enc_xml(str(ctx.slot("xml", f"record[{i}].scientificName", s)))
            remarks = enc_xml(str(ctx.slot("xml", f"record[{i}].occurrenceRemarks", _obs_note(ctx))))
            locality = enc_xml(str(ctx.slot("xml", f"record[{i}].locality", _place(ctx))))
            records.append(f"  <SimpleDarwinRecord>\n    <dwc:occurrenceID>urn:catalog:{ctx.en.word()}:{rid(ctx)}</dwc:occurrenceID>\n    <dwc:scientificName>{name}</dwc:scientificName>\n"
                           f"    <dwc:individualCount>{ctx.rng.randint(1, 40)}</dwc:individualCount>\n    <dwc:eventDate>{v.iso_date(ctx)}</dwc:eventDate>\n"
                           f"    <dwc:locality>{locality}</dwc:locality>\n    <dwc:recordedBy>{enc_xml(v.full_name(ctx))}</dwc:recordedBy>\n"
                           f"    <dwc:occurrenceRemarks>{remarks}</dwc:occurrenceRemarks>\n  </SimpleDarwinRecord>")
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<SimpleDarwinRecordSet xmlns="http://rs.tdwg.org/dwc/xsd/simpledarwincore/" xmlns:dwc="http://rs.tdwg.org/dwc/terms/">\n'
               + "\n".join(records) + "\n</SimpleDarwinRecordSet>\n")
        return req("POST", "/naturelog/api/partners/dwc", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")), auth="apikey"), body=xml)
    if kind == "identify":
        fields = [("identification[observation_id]", str(rid(ctx))), ("identification[taxon_name]", ctx.pick((sci, f"{sci.split()[0]} sp."))),
                  ("identification[body]", ctx.pick(("", f"The orange breast & grey face say {common} -- not a {ctx.pick(_SPECIES)[1]}.", _text(ctx)))), ("identification[disagreement]", ctx.pick(("0", "1")))]
        return req("POST", "/naturelog/identifications", form_headers(ctx, "/naturelog/observations/" + str(rid(ctx)), "application/x-www-form-urlencoded; charset=UTF-8"), body=form(ctx, fields))
    if kind == "export":
        pairs = [("taxon_name", sci), ("d1", v.iso_date(ctx)), ("d2", v.iso_date(ctx)), ("quality_grade", ctx.pick(("research", "needs_id", "any"))), ("place", ctx.pick(("", ctx.fake.city())))]
        q = qs(ctx, pairs)
        if ctx.chance(0.5):
            q = json_param(ctx, "where", {"scientificName": {"$startsWith": ctx.slot("json_query", "where.scientificName", sci.split()[0])},
                                           "notes": {"$containsi": ctx.slot("json_query", "where.notes", ctx.pick(("nest", "juvenile", "heard only", v.search_terms(ctx))))}}) + "&" + q
        return req(ctx.pick(("GET", "HEAD")), "/naturelog/api/observations.csv", headers_for(ctx, "sdk", auth=ctx.pick(("jwt", "apikey")), accept="text/csv"), q)
    return req("DELETE", f"/naturelog/api/observations/{seg(ctx, 'observation', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))


# --------------------------------------------------------------------------
# Community garden / allotments: waiting list, plots like B-12, rules, inspections
# --------------------------------------------------------------------------


def _plot_id(ctx: Ctx) -> str:
    return f"{ctx.pick('ABCDEFG')}-{ctx.rng.randint(1, 60)}{ctx.pick(('', '', 'a', 'b'))}"


@template("train", ("/allotments/",), weight=1.0)
def garden_allotments(ctx: Ctx) -> Request:
    """Allotment society: kebab-case waiting-list forms, plot allocation (`B-12`), rules acknowledgement, inspections with SVG plot sketches, plot CSV."""
    kind = ctx.pick(("waitlist", "waitlist", "allocate", "plots", "rules", "inspection", "register", "delete", "preflight"))
    site_name = ctx.pick(("Riverside", "Old Rectory", f"{ctx.fake.last_name()} Lane", "St Anne's"))
    if kind == "waitlist":
        first, last = v.person_name(ctx)
        fields = [("full-name", f"{first} {last}"), ("email-address", ctx.fake.email()), ("phone-number", ctx.fake.phone_number()), ("plot-size", ctx.pick(("full", "half", "quarter", "raised-bed"))),
                  ("preferred-site", site_name), ("growing-experience", ctx.pick(("none", "some", "lots -- 20 yrs!", v.prose(ctx, 1, 2)))),
                  ("accessibility-needs", ctx.pick(("", "wheelchair user -- need a path-side bed", v.sentence(ctx)))), ("agree-rules", "yes")]
        return req("POST", "/allotments/waiting-list", form_headers(ctx, "/allotments/waiting-list"), body=form(ctx, fields, fixed=("agree-rules",)))
    if kind == "allocate":
        body: dict[str, Any] = {"plotId": j(ctx, "plotId", _plot_id(ctx)), "site": j(ctx, "site", site_name), "tenant": {"name": j(ctx, "tenant.name", v.full_name(ctx)), "email": ctx.fake.email()},
                                "startDate": v.iso_date(ctx), "rentPence": ctx.rng.randrange(2000, 12000), "notes": j(ctx, "notes", ctx.pick(("", _text(ctx), "Shed's roof leaks -- tenant knows.")))}
        return req("PATCH", f"/allotments/api/waiting-list/{seg(ctx, 'entry', str(rid(ctx)))}/allocate", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "plots":
        pairs = [("site", site_name), ("status", ctx.pick(("vacant", "let", "non-cultivation", "all"))), ("size", ctx.pick(("full", "half", "any"))), ("q", ctx.pick(("", _plot_id(ctx), ctx.fake.last_name())))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/allotments/api/plots", headers_for(ctx, ctx.pick(("xhr", "mobile", "nav"))), qs(ctx, pairs))
    if kind == "rules":
        body = {"plotId": j(ctx, "plotId", _plot_id(ctx)), "acceptedRulesVersion": ctx.pick(("2024.1", "2025.2")), "typedSignature": j(ctx, "typedSignature", v.full_name(ctx)),
                "comment": j(ctx, "comment", ctx.pick(("", "Rule 7 (no bonfires) -- does a chiminea count?", v.prose(ctx, 1, 2)))), "acceptedAt": v.iso_datetime(ctx)}
        return req("POST", "/allotments/api/rules/acknowledgements", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "inspection":
        fields = [("plot", _plot_id(ctx)), ("rating", ctx.pick(("good", "fair", "poor -- 28 day notice"))), ("inspector", v.full_name(ctx)),
                  ("notes", ctx.pick((_text(ctx), "Brambles > 1m along the path; bindweed everywhere. Tenant says 'on it'.", v.prose(ctx, 1, 3))))]
        files = [("sketch", f"plot-{ctx.en.word()}.svg", "image/svg+xml", synth_tech.svg_image(ctx))] if ctx.chance(0.6) else [empty_file("photo")]
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", "/allotments/api/inspections", site_headers(ctx, ctx.pick(("xhr", "mobile")), ctype, "jwt"), body=body2)
    if kind == "register":  # the committee's plot register as a spreadsheet
        rows = [["plot", "site", "tenant", "size", "status", "notes"]]
        for i in range(ctx.rng.randint(2, 9)):
            tenant, notes = ctx.pick((v.full_name(ctx), "")), ctx.pick(("", v.sentence(ctx), "shares with O'Connor", "water trough broken"))
            if i == 0:
                tenant, notes = ctx.slot("multipart", "csv.tenant", tenant), ctx.slot("multipart", "csv.notes", notes)
            rows.append([_plot_id(ctx), site_name, tenant, ctx.pick(("full", "half")), ctx.pick(("let", "vacant", "notice")), notes])
        return req("PUT", f"/allotments/api/sites/{seg(ctx, 'site', site_name)}/register.csv", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/csv", auth=ctx.pick(("jwt", "basic"))), body=_csv(rows))
    if kind == "delete":
        return req("DELETE", f"/allotments/api/waiting-list/{seg(ctx, 'entry', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, [("reason", ctx.pick(("moved away", "got a plot elsewhere", "")))]))
    return preflight(ctx, "/allotments/api/rules/acknowledgements", ("POST", "PATCH"), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# Lost and found: item reports, searches with category[], claims, masked contact relay
# --------------------------------------------------------------------------

_BRANDS = ("Levi's", "Marks & Spencer", "H&M", "Ray-Ban", "Dunnes", "Muji")
_ITEMS = ("keys", "wallet", "phone", "umbrella", "glasses", "backpack", "teddy bear", "bike lock", "scarf", "AirPods case")


def _item_description(ctx: Ctx, item: str) -> str:
    return ctx.pick((
        f"{ctx.pick(v._COLORS).capitalize()} {item} with a {ctx.pick(('Spurs', 'Eiffel Tower', 'bottle-opener', 'Hello Kitty', 'rubber duck'))} keyring -- \"{ctx.fake.first_name()}\" engraved on the back.",
        f"Found a {item} on the {ctx.rng.randint(1, 99)} bus ({ctx.pick(('top deck', 'near the doors', 'back seat'))}); describe it & I'll hand it over.",
        f"{item.capitalize()}, {ctx.pick(_BRANDS)}, slightly worn. {v.prose(ctx, 1, 2)}",
        v.prose(ctx, 1, 3, trap_rate=0.4),
        _text(ctx),
    ))


@template("train", ("/lostfound/",), weight=1.0)
def lost_and_found(ctx: Ctx) -> Request:
    """Lost and found: item reports with places and masked contacts, `category[]` searches, claim forms with proof, relayed messages, web form uploads."""
    kind = ctx.pick(("report", "report", "search", "claim", "message", "web", "resolve", "view", "delete"))
    item = str(rid(ctx))
    if kind == "report":
        category = ctx.pick(_ITEMS)
        body: dict[str, Any] = {"type": ctx.pick(("lost", "found")), "category": category, "description": j(ctx, "description", _item_description(ctx, category)),
                                "where": j(ctx, "where", _place(ctx)), "when": v.iso_datetime(ctx), "reward": ctx.pick((None, "£20", "a pint 🍺", "50€")),
                                "contact": {"name": j(ctx, "contact.name", v.full_name(ctx)), "email": j(ctx, "contact.email", ctx.fake.email()), "shownAs": _masked_email(ctx)}}
        return req("POST", "/lostfound/api/items", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("category[]", c) for c in ctx.rng.sample(list(_ITEMS), ctx.rng.randint(1, 3))]
        pairs += [("q", ctx.pick((v.search_terms(ctx), "blue wallet", "keys w/ red tag", v.tricky_search(ctx)))), ("type", ctx.pick(("lost", "found"))), ("lost_after", v.iso_date(ctx)),
                  ("near", ctx.pick((ctx.fake.city(), ctx.fake.street_name(), "bus 42")))]
        if ctx.chance(0.5):
            flt = {"category": {"in": [c for _, c in pairs if _ == "category[]"]}, "description": {"contains": ctx.slot("json_query", "filter.description.contains", ctx.pick((ctx.pick(v._COLORS), ctx.pick(_BRANDS), v.search_terms(ctx))))},
                   "where": {"near": ctx.slot("json_query", "filter.where.near", ctx.pick((ctx.fake.city(), _place(ctx))))}}
            return req("GET", "/lostfound/api/items", headers_for(ctx, ctx.pick(("xhr", "mobile"))), json_param(ctx, "filter", flt) + "&" + qs(ctx, [("page", ctx.rng.randint(1, 9))]))
        return req("GET", "/lostfound/api/items", headers_for(ctx, ctx.pick(("xhr", "mobile", "nav"))), qs(ctx, pairs))
    if kind == "claim":
        fields = [("_csrf", v.alnum_token(ctx, 32)), ("claim[item_id]", item), ("claim[name]", v.full_name(ctx)), ("claim[phone]", ctx.fake.phone_number()),
                  ("claim[proof]", ctx.pick(("There's a photo of my dog as the lock screen & a crack in the top-left corner.", _text(ctx), v.prose(ctx, 1, 2))))]
        return req("POST", f"/lostfound/items/{item}/claims", form_headers(ctx, f"/lostfound/items/{item}"), body=form(ctx, fields, fixed=("_csrf",)))
    if kind == "message":  # relayed through the board so that neither side sees the other's address
        body = {"to": _masked_email(ctx), "message": j(ctx, "message", ctx.pick((_text(ctx), "Hi -- I think that's my son's coat! Can I collect after 6?", v.prose(ctx, 1, 2)))),
                "replyVia": ctx.pick(("email", "sms"))}
        return req("POST", f"/lostfound/api/items/{seg(ctx, 'item', item)}/messages", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "web":
        category = ctx.pick(_ITEMS)
        fields = [("type", ctx.pick(("lost", "found"))), ("category", category), ("description", _item_description(ctx, category)), ("where", _place(ctx)), ("email", ctx.fake.email())]
        if ctx.chance(0.4):
            fields.append(("photo_data_url", synth_tech.data_uri(ctx)))
        ctype, body2 = multipart(ctx, fields, [empty_file("photo")] if ctx.chance(0.5) else [])
        return req("POST", "/lostfound/items/new", form_headers(ctx, "/lostfound/items/new", ctype), body=body2)
    if kind == "resolve":
        body = {"status": ctx.pick(("returned", "expired", "handed-to-police")), "note": j(ctx, "note", ctx.pick(("", "Reunited! Thanks so much 🙏", _text(ctx))))}
        return req("PATCH", f"/lostfound/api/items/{seg(ctx, 'item', item)}", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "view":
        return req(ctx.pick(("GET", "HEAD")), f"/lostfound/items/{seg(ctx, 'item', item)}", headers_for(ctx, "nav"), qs(ctx, [("ref", ctx.pick(("share", "poster-qr", "search")))]))
    return req("DELETE", f"/lostfound/api/items/{seg(ctx, 'item', item)}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))


# --------------------------------------------------------------------------
# Ham-radio logbook: ADIF, Cabrillo, XML-RPC from a desktop logger, callsign lookups
# --------------------------------------------------------------------------

_PREFIXES = ("W", "K", "N", "AA", "G", "M", "2E", "DL", "F", "EA", "ON", "PA", "OH", "SP", "JA", "VK", "ZL", "VE", "I", "UA", "BY", "HL")
_BANDS = (("160m", 1.84), ("80m", 3.573), ("40m", 7.074), ("30m", 10.136), ("20m", 14.074), ("17m", 18.1), ("15m", 21.074), ("10m", 28.074), ("2m", 144.174))


def _callsign(ctx: Ctx) -> str:
    call = f"{ctx.pick(_PREFIXES)}{ctx.rng.randint(0, 9)}{''.join(ctx.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ') for _ in range(ctx.rng.randint(1, 3)))}"
    r = ctx.rng.random()
    if r < 0.12:
        return call + ctx.pick(("/P", "/M", "/QRP", "/MM", "/AM"))
    if r < 0.2:
        return f"{ctx.pick(('EA8', 'DL', 'VP2E', 'F', 'KH6'))}/{call}"
    return call


def _adif_field(name: str, value: Any) -> str:
    text = str(value)
    return f"<{name}:{len(text.encode('utf-8'))}>{text}"


def _qso_comment(ctx: Ctx) -> str:
    return ctx.pick(("TNX QSO 73!", f"Op {ctx.fake.first_name()} -- QTH {ctx.fake.city()}", "QSB, rig: IC-7300 @ 100W, ant: EFHW", f"5/9+{ctx.rng.randint(10, 40)}dB <-- big signal",
                     "POTA K-" + str(ctx.rng.randint(1000, 9999)) + " | SOTA G/LD-" + str(ctx.rng.randint(1, 60)).zfill(3), v.sentence(ctx), "First QSO on FT8 & it's a DX 🎉"))


def _adif_record(ctx: Ctx, slot_prefix: str | None) -> str:
    band, mhz = ctx.pick(_BANDS)
    mode = ctx.pick(("SSB", "CW", "FT8", "FT4", "FM", "RTTY"))
    call, comment = _callsign(ctx), _qso_comment(ctx)
    if slot_prefix is not None:
        call, comment = ctx.slot("multipart", f"{slot_prefix}.call", call), ctx.slot("multipart", f"{slot_prefix}.comment", comment)
    rst = ("-10", "-15") if mode.startswith("FT") else ("599", "579") if mode in ("CW", "RTTY") else ("59", "57")
    fields = [_adif_field("call", call), _adif_field("band", band), _adif_field("mode", mode), _adif_field("freq", f"{mhz + ctx.rng.randint(0, 3) / 1000:.6f}"),
              _adif_field("qso_date", v.when(ctx).strftime("%Y%m%d")), _adif_field("time_on", f"{ctx.rng.randint(0, 23):02d}{ctx.rng.randint(0, 59):02d}{ctx.rng.randint(0, 59):02d}"),
              _adif_field("rst_sent", ctx.pick(rst)), _adif_field("rst_rcvd", ctx.pick(rst)), _adif_field("gridsquare", f"{ctx.pick('FIJKLO')}{ctx.pick('LMNO')}{ctx.rng.randint(10, 99)}{ctx.pick('abcdefgh')}{ctx.pick('klmnopqrs')}")]
    if ctx.chance(0.7):
        fields.append(_adif_field("comment", comment))
    elif slot_prefix is not None:
        fields.append(_adif_field("notes", comment))
    if ctx.chance(0.4):
        fields.append(_adif_field("name", ctx.fake.first_name()))
    return " ".join(fields) + " <eor>"


def _adif_file(ctx: Ctx) -> str:
    header = (f"ADIF export from {ctx.pick(('WSJT-X', 'Log4OM', 'N1MM Logger+', 'HamRS'))} -- {v.sentence(ctx)}\n"
              f"{_adif_field('adif_ver', '3.1.4')} {_adif_field('programid', ctx.pick(('WSJT-X', 'Log4OM', 'HAMRS')))} {_adif_field('created_timestamp', v.when(ctx).strftime('%Y%m%d %H%M%S'))}\n<eoh>\n\n")
    return header + "\n".join(_adif_record(ctx, "adif" if i == 0 else None) for i in range(ctx.rng.randint(1, 12))) + "\n"


def _cabrillo(ctx: Ctx) -> str:
    call = ctx.slot("multipart", "cabrillo.callsign", _callsign(ctx))
    soapbox = ctx.slot("multipart", "cabrillo.soapbox", ctx.pick((v.sentence(ctx), "Great conditions on 20m -- 15m dead; 100W + dipole @ 8m", _qso_comment(ctx))))
    lines = ["START-OF-LOG: 3.0", f"CALLSIGN: {call}", f"CONTEST: {ctx.pick(('CQ-WW-SSB', 'ARRL-DX-CW', 'IARU-HF', 'CQ-WPX-RTTY'))}", f"CATEGORY-OPERATOR: {ctx.pick(('SINGLE-OP', 'MULTI-OP'))}",
             "CATEGORY-POWER: " + ctx.pick(("LOW", "HIGH", "QRP")), f"OPERATORS: {_callsign(ctx)} {_callsign(ctx)}", f"NAME: {v.full_name(ctx)}", f"SOAPBOX: {soapbox}"]
    for _ in range(ctx.rng.randint(2, 20)):
        band, mhz = ctx.pick(_BANDS[:8])
        lines.append(f"QSO: {int(mhz * 1000) + ctx.rng.randint(0, 300):5d} {ctx.pick(('CW', 'PH', 'RY'))} {v.iso_date(ctx)} {ctx.rng.randint(0, 23):02d}{ctx.rng.randint(0, 59):02d} "
                     f"{_callsign(ctx):<13} 599 {ctx.rng.randint(1, 40):02d} {_callsign(ctx):<13} 599 {ctx.rng.randint(1, 40):02d}")
    return "\n".join(lines + ["END-OF-LOG:"]) + "\n"


def _xmlrpc_member(name: str, value: str) -> str:
    return f"<member><name>{name}</name><value><string>{value}</string></value></member>"


@template("train", ("/hamlog/",), weight=1.1)
def ham_logbook(ctx: Ctx) -> Request:
    """Ham-radio logbook: QSOs as JSON with RST reports, ADIF uploads and ADIF strings in JSON, Cabrillo contest logs, XML-RPC from a desktop logger, callsign lookups."""
    kind = ctx.pick(("qso", "adif", "api", "cabrillo", "xmlrpc", "lookup", "search", "qsl", "delete"))
    if kind == "qso":
        band, mhz = ctx.pick(_BANDS)
        body: dict[str, Any] = {"call": j(ctx, "call", _callsign(ctx)), "band": band, "freq": mhz, "mode": ctx.pick(("SSB", "CW", "FT8", "FM")), "rstSent": ctx.pick(("59", "599", "-12")),
                                "rstRcvd": ctx.pick(("57", "579", "-08")), "name": j(ctx, "name", ctx.fake.first_name()), "qth": j(ctx, "qth", ctx.fake.city()),
                                "comment": j(ctx, "comment", _qso_comment(ctx)), "timeOn": v.iso_datetime(ctx), "stationCallsign": _callsign(ctx)}
        return req("POST", "/hamlog/api/qsos", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "adif":
        ctype, body2 = multipart(ctx, [("station_profile", ctx.pick(("Home", "Portable -- SOTA", _callsign(ctx)))), ("skip_duplicates", ctx.pick(("1", "0")))],
                                 [("file", f"{ctx.pick(('wsjtx_log', 'contest', 'log'))}.adi", "application/octet-stream", _adif_file(ctx))])
        return req("POST", "/hamlog/logbook/import", form_headers(ctx, "/hamlog/logbook/import", ctype), body=body2)
    if kind == "api":  # a logging program pushes each QSO as an ADIF string inside JSON
        body = {"key": v.alnum_token(ctx, 16), "station_profile_id": str(ctx.rng.randint(1, 9)), "type": "adif", "string": j(ctx, "string", _adif_record(ctx, None))}
        return req("POST", "/hamlog/index.php/api/qso", headers_for(ctx, "sdk", content_type="application/json"), body=dumps(ctx, body))
    if kind == "cabrillo":
        return req("PUT", f"/hamlog/api/contests/{seg(ctx, 'contest', ctx.pick(('cq-ww-ssb-2025', 'iaru-hf-2025', ctx.en.slug())))}/log", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/plain; charset=utf-8", auth="basic"),
                   body=_cabrillo(ctx))
    if kind == "xmlrpc":  # a desktop logger bridge calls the logbook over XML-RPC
        band, _mhz = ctx.pick(_BANDS)
        call = enc_xml(str(ctx.slot("xml", "params.call", _callsign(ctx))))
        comment = enc_xml(str(ctx.slot("xml", "params.comment", _qso_comment(ctx))))
        name = enc_xml(str(ctx.slot("xml", "params.name", ctx.fake.first_name())))
        xml = ('<?xml version="1.0"?>\n<methodCall>\n  <methodName>log.add_qso</methodName>\n  <params>\n    <param><value><struct>'
               + _xmlrpc_member("call", call) + _xmlrpc_member("band", band) + _xmlrpc_member("mode", ctx.pick(("SSB", "CW", "FT8"))) + _xmlrpc_member("name", name)
               + _xmlrpc_member("comment", comment) + "</struct></value></param>\n  </params>\n</methodCall>\n")
        return req("POST", "/hamlog/RPC2", headers_for(ctx, "sdk", content_type="text/xml", auth="basic"), body=xml)
    if kind == "lookup":
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/hamlog/api/callsign/{seg(ctx, 'callsign', _callsign(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"),
                   qs(ctx, [("fields", ctx.pick(("name,qth,grid", "dxcc,cqz,ituz,lotw"))), ("source", ctx.pick(("cache", "qrz", "hamqth")))], fixed=("fields",)))
    if kind == "search":
        pairs = [("call", ctx.pick((_callsign(ctx), _callsign(ctx)[:3] + "*"))), ("band", ctx.pick(_BANDS)[0]), ("mode", ctx.pick(("FT8", "CW", "SSB", ""))), ("from", v.iso_date(ctx)),
                 ("confirmed", ctx.pick(("lotw", "eqsl", "card", "any"))), ("q", ctx.pick(("", "pota", "73", v.search_terms(ctx))))]
        return req("GET", "/hamlog/api/qsos", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "qsl":
        body = {"qslSent": ctx.pick(("Y", "N", "R", "Q")), "qslVia": j(ctx, "qslVia", ctx.pick(("bureau", "direct", "LoTW", "via " + _callsign(ctx)))), "note": j(ctx, "note", ctx.pick(("", "Card sent w/ SAE + 2 IRCs", _text(ctx))))}
        return req("PATCH", f"/hamlog/api/qsos/{seg(ctx, 'qso', str(rid(ctx)))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/hamlog/api/qsos/{seg(ctx, 'qso', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Homeowners' association portal: minutes, motions and votes, dues, maintenance
# --------------------------------------------------------------------------


def _minutes(ctx: Ctx) -> str:
    date = v.when(ctx)
    blocks = [f"# Board meeting -- {date:%d %B %Y}", f"Present: {', '.join(v.full_name(ctx) for _ in range(ctx.rng.randint(3, 6)))}. Apologies: {v.full_name(ctx)}."]
    for n in range(1, ctx.rng.randint(2, 5)):
        f, a, ab = ctx.rng.randint(2, 7), ctx.rng.randint(0, 4), ctx.rng.randint(0, 2)
        blocks.append(f"## Motion {n}: {ctx.pick(('Approve the pool resurfacing quote', 'Raise dues by 3.5%', 'Ban parking on the verge', 'Update rule 4(b) -- pets', _short(ctx)))}\n\n"
                      f"Moved by {v.full_name(ctx)}, seconded by {v.full_name(ctx)}. {v.prose(ctx, 1, 3, trap_rate=0.35)}\n\n"
                      f"**Vote:** {f}-{a}-{ab} (for-against-abstain) -- {ctx.pick(('CARRIED', 'FAILED', 'TABLED'))}")
    if ctx.chance(0.4):
        blocks.append("| Item | Owner | Due |\n|---|---|---|\n" + "\n".join(f"| {ctx.en.sentence(nb_words=4)} | {ctx.fake.last_name()} | {v.iso_date(ctx)} |" for _ in range(ctx.rng.randint(1, 4))))
    if ctx.chance(0.2):
        blocks += [v.long_prose(ctx) for _ in range(ctx.rng.randint(1, 3))]
    blocks.append(f"Meeting closed {ctx.rng.randint(19, 22)}:{ctx.rng.randint(0, 59):02d}. Next: {v.iso_date(ctx)}.")
    return "\n\n".join(blocks)


@template("train", ("/hoa-portal/",), weight=1.1)
def hoa_portal(ctx: Ctx) -> Request:
    """Homeowners' association: markdown minutes, votes on motions, dues payment forms (`payment[amount]`), maintenance requests, architectural requests, documents."""
    kind = ctx.pick(("minutes", "vote", "vote", "dues", "maintenance", "arc", "documents", "directory", "delete", "preflight"))
    unit = ctx.pick((f"{ctx.rng.randint(1, 40)}{ctx.pick('ABCD')}", str(ctx.rng.randint(100, 999)), f"Lot {ctx.rng.randint(1, 120)}"))
    if kind == "minutes":
        text = ctx.slot("multipart", "minutes", _minutes(ctx))
        return req("PUT", f"/hoa-portal/api/meetings/{seg(ctx, 'meeting', v.iso_date(ctx))}/minutes", headers_for(ctx, "xhr", content_type="text/markdown; charset=utf-8", auth="jwt",
                                                                                                  extra=(("If-Match", f'W/"{v.hex_token(ctx, 16)}"'),)), body=text + "\n")
    if kind == "vote":
        body: dict[str, Any] = {"motionId": rid(ctx), "choice": ctx.pick(("for", "against", "abstain")), "unit": j(ctx, "unit", unit),
                                "proxyFor": j(ctx, "proxyFor", ctx.pick(("", v.full_name(ctx)))), "comment": j(ctx, "comment", ctx.pick(("", _text(ctx), "Against -- 3.5% is too much on top of last year's 5%!")))}
        return req("POST", "/hoa-portal/api/votes", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "dues":
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("payment[amount]", v.money(ctx, 50, 900)), ("payment[unit]", unit), ("payment[method]", ctx.pick(("ach", "card", "check"))),
                  ("payment[period]", ctx.pick(("2025-Q1", "2025-Q2", "annual"))), ("payment[memo]", ctx.pick(("", "Incl. $25 late fee -- sorry!", v.sentence(ctx), f"Paid for {v.full_name(ctx)} (tenant)")))]
        return req("POST", "/hoa-portal/dues/payments", form_headers(ctx, "/hoa-portal/dues"), body=form(ctx, fields, fixed=("authenticity_token",)))
    if kind == "maintenance":
        fields = [("category", ctx.pick(("plumbing", "landscaping", "gate/access", "lighting", "roof"))), ("unit", unit), ("location", _place(ctx)),
                  ("description", ctx.pick((_text(ctx), "Sprinkler head by #12 is broken -- water everywhere since Tue.", v.prose(ctx, 1, 3)))),
                  ("permission_to_enter", ctx.pick(("yes", "no"))), ("pets", ctx.pick(("", "1 dog (friendly!)", "cat -- keep door shut")))]
        ctype, body2 = multipart(ctx, fields, [empty_file("photos[]")] if ctx.chance(0.5) else [])
        return req("POST", "/hoa-portal/maintenance/requests", form_headers(ctx, "/hoa-portal/maintenance/new", ctype), body=body2)
    if kind == "arc":  # architectural review: fences, paint, solar panels
        project, detail = ctx.pick((("paint", f"Repaint front door in Benjamin Moore HC-172 'Revere Pewter' -- {v.sentence(ctx)}"), ("fence", "6' cedar fence, 120 ft, set 2\" inside the line"),
                                    ("solar", f"{ctx.rng.randint(8, 24)} panels on the rear (south) roof -- not visible from the street; see attached plan"),
                                    ("deck", "12'x16' composite deck, 18\" off grade, no railing needed (< 30\")"), ("tree removal", f"Remove dead oak (~{ctx.rng.randint(20, 60)}' tall) leaning toward #{ctx.rng.randint(1, 99)}")))
        body = {"unit": j(ctx, "unit", unit), "projectType": project,
                "description": j(ctx, "description", ctx.pick((detail, detail, f"{detail}\n\n{_text(ctx)}"))),
                "contractor": j(ctx, "contractor", ctx.pick((ctx.fake.company(), "DIY", f"{ctx.fake.last_name()} & Sons"))), "startDate": v.iso_date(ctx), "neighbourConsent": ctx.chance(0.6)}
        return req(ctx.pick(("POST", "PUT")), "/hoa-portal/api/arc-requests", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "documents":
        pairs = [("folder", ctx.pick(("Bylaws", "CC&Rs", "Minutes/2025", "Budgets", "Insurance"))), ("q", ctx.pick(("", v.search_terms(ctx), "pet policy", "rule 4(b)")))]
        q = qs(ctx, pairs)
        if ctx.chance(0.5):
            q += "&" + json_param(ctx, "filter", {"title": {"contains": ctx.slot("json_query", "filter.title.contains", ctx.pick(("budget", "minutes", "CC&R", v.search_terms(ctx))))},
                                                   "year": {"gte": ctx.rng.randint(2015, 2025)}})
        return req(ctx.pick(("GET", "HEAD")), "/hoa-portal/api/documents", headers_for(ctx, ctx.pick(("xhr", "nav")), cookies=True), q)
    if kind == "directory":
        pairs = [("q", ctx.pick((ctx.fake.last_name(), v.tricky_search(ctx), unit))), ("street", ctx.fake.street_name()), ("opted_in", "1")]
        return req("GET", "/hoa-portal/api/directory", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs, fixed=("opted_in",)))
    if kind == "delete":
        return req("DELETE", f"/hoa-portal/api/arc-requests/{seg(ctx, 'request', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, "/hoa-portal/api/votes", ("POST", "PUT"), ("authorization,content-type", "content-type,if-match"))


COMMUNITY: tuple[str, ...] = (
    "city_issue_reporter", "online_petitions", "volunteer_rota", "sports_league", "school_messenger", "donation_page",
    "book_club", "nature_observations", "garden_allotments", "lost_and_found", "ham_logbook", "hoa_portal",
)
