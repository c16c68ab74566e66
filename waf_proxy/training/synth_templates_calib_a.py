"""Calibration-only templates ("calib" group), set A.

Eight apps unlike any train or held-out app: a car-rental site (search by pick-up
and drop-off place and dates, bookings with driver details and extras, broker
XML), a coworking space (desk and room bookings, member profiles, door-access
event sync, invoices), a museum's public collection (faceted search, IIIF image
requests, object pages, ticket orders, curator notes), a wedding registry (gifts,
RSVP forms with messages to the couple in many languages, guest-list CSV), a
parking app (zones, licence plates, sessions, payments, mobile SDK headers), a
BI / data-warehouse SQL console and an online code playground -- two apps whose
legitimate *content* is code: analysts' SQL (joins, CTEs, window functions,
comments, quoted literals, DDL in migration notes) and small JavaScript, Python,
Go and HTML/CSS programs -- and a language-learning app whose answers are typed
in Japanese, Arabic, Russian, Greek, accented Spanish and more.

Why they exist: with `--calib-apps` (off in the shipped model) the firewall's
decision threshold is also fitted on benign traffic of apps the model has never
seen, so that it holds on real deployments rather than only on the apps it was
trained on. These templates are therefore never trained on and are not among
`evaluate`'s held-out sets; they are rendered for calibration (measured once:
TRAINING.md, "Calibration-only apps"). They were written
without looking at any held-out template, model output or score.

Every user-controlled value goes through a slot helper (`j`, `seg`, `qs`/`form`,
`header_slot`, multipart fields, XML text) so the existing machinery can place a
payload in it. The code and SQL are built from parts so they vary, and are never
attack payloads (no tautologies, no break-outs from a quoted value, no stacked
queries, no shell or eval calls).

Imported at the bottom of `synth_templates` (which registers them); it imports
the rendering helpers from there, so it must not be imported any earlier.
"""

from __future__ import annotations

import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import csv_cell, nav_form, dumps, form, header_slot, j, multipart, preflight, qs, req, Request, rid, seg, short_title, site_headers, template, user_note
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

GROUP = "calib"

CALIB_A: tuple[str, ...] = (
    "car_rental", "coworking_desks", "museum_collection", "wedding_registry",
    "parking_sessions", "sql_console", "code_playground", "language_lessons",
)

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------




def _ref(ctx: Ctx, prefix: str) -> str:
    return f"{prefix}{ctx.fake.bothify('??####').upper()}"


# Short messages people write in their own language and script (wishes, notes, answers).
_WORLD_TEXT = (
    "¡Felicidades a los dos! Nos vemos en la boda 💃",
    "Félicitations ! On a hâte d'être avec vous -- bisous de Lyon",
    "Alles Liebe zur Hochzeit! Wir freuen uns riesig auf den Tag.",
    "おめでとうございます！末永くお幸せに 🎉",
    "恭喜恭喜！祝你们白头偕老、永结同心。",
    "결혼 축하해요! 행복하게 잘 살아요 ❤️",
    "مبروك! ألف مبروك وبالرفاه والبنين",
    "מזל טוב! מחכים לחגוג איתכם",
    "Поздравляем! Совет да любовь 🥂",
    "Συγχαρητήρια! Να ζήσετε ευτυχισμένοι 💐",
    "Gratulacje! Do zobaczenia na weselu :)",
    "Parabéns aos noivos! Muitas felicidades ❤",
    "Tebrikler! Bir ömür boyu mutluluklar dileriz.",
    "शादी की बहुत बहुत बधाई! 🙏",
    "Chúc mừng hạnh phúc! Trăm năm hạnh phúc nhé.",
    "Gefeliciteerd! We can't wait -- tot snel!",
    "Auguri di cuore, ragazzi! Viva gli sposi 🥳",
    "Grattis! Vi ses på festen ✨",
)


def _money_note(ctx: Ctx) -> str:
    return ctx.pick(("", "", v.prose(ctx, 1, 1), user_note(ctx), ctx.pick(_WORLD_TEXT)))


# --------------------------------------------------------------------------
# 1. Car rental: search, booking with driver details, extras, PATCH/DELETE, broker XML
# --------------------------------------------------------------------------

_RENTAL_STATIONS = ("LHR Terminal 5", "Gare de Lyon (Paris)", "München Hbf", "JFK Airport -- Federal Circle", "Barcelona Sants",
                    "Dublin Airport T1", "Roma Termini", "Zürich Flughafen", "Narita Airport T1", "Lisboa -- Oriente", "O'Hare (ORD)", "Schiphol Plaza")
_VEHICLE_CLASSES = ("MBMR", "ECMR", "CDAR", "IDAR", "SFAR", "PVAR", "FFAR", "XDAR")
_EXTRAS = ("child_seat", "booster_seat", "gps", "snow_chains", "additional_driver", "full_protection", "wifi_hotspot", "roof_box", "toll_tag")


def _licence(ctx: Ctx) -> str:
    return ctx.pick((ctx.fake.bothify("?????######??##").upper(), ctx.fake.bothify("B###-####-####").upper(), ctx.fake.bothify("#########"),
                     f"D{ctx.rng.randrange(10**7, 10**8)}", ctx.fake.bothify("??##-#####").upper()))


def _rental_note(ctx: Ctx) -> str:
    if ctx.chance(0.45):
        return user_note(ctx)
    return ctx.pick((
        f"Flight {ctx.fake.bothify('??###').upper()} lands at {ctx.rng.randint(0, 23):02d}:{ctx.pick(('05', '20', '45'))} -- please hold the car if we're late!",
        "We're travelling with a dog (crate fits in the boot). Is that OK?",
        f"Need an automatic; my partner {v.full_name(ctx)} will also drive (licence from {ctx.fake.country()}).",
        "Child seat for a 3 y/o + booster for the 7 y/o, please. Thanks!",
        "Drop-off will be after hours -- key box OK? Fuel: full-to-full.",
        "Last time the car had a scratch on the rear bumper; I'd like it noted at pick-up :)",
    ))


def _ota_xml(ctx: Ctx) -> str:
    """An OTA_VehResRQ as a broker's booking engine sends it; names and remarks are slots."""
    first, last = v.person_name(ctx)
    given = enc_xml(str(ctx.slot("xml", "GivenName", first)))
    surname = enc_xml(str(ctx.slot("xml", "Surname", last)))
    remark = enc_xml(str(ctx.slot("xml", "SpecialReqPref", _rental_note(ctx))))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<OTA_VehResRQ xmlns="http://www.opentravel.org/OTA/2003/05" Version="{ctx.pick(("2.001", "4.000"))}" EchoToken="{v.hex_token(ctx, 16)}">\n'
            f'  <POS><Source ISOCountry="{ctx.fake.country_code()}"><RequestorID Type="4" ID="{ctx.rng.randrange(10000, 99999)}"/></Source></POS>\n'
            "  <VehResRQCore>\n"
            f'    <VehRentalCore PickUpDateTime="{v.iso_datetime(ctx)[:19]}" ReturnDateTime="{v.iso_datetime(ctx)[:19]}">\n'
            f'      <PickUpLocation LocationCode="{ctx.fake.bothify("???").upper()}"/><ReturnLocation LocationCode="{ctx.fake.bothify("???").upper()}"/>\n'
            "    </VehRentalCore>\n"
            f"    <Customer><Primary><PersonName><GivenName>{given}</GivenName><Surname>{surname}</Surname></PersonName>\n"
            f"      <Email>{enc_xml(ctx.fake.email())}</Email></Primary></Customer>\n"
            f'    <VehPref Code="{ctx.pick(_VEHICLE_CLASSES)}" CodeContext="SIPP"/>\n'
            f"    <SpecialReqPref>{remark}</SpecialReqPref>\n"
            "  </VehResRQCore>\n</OTA_VehResRQ>\n")


@template(GROUP, ("/rental/",), weight=1.0)
def car_rental(ctx: Ctx) -> Request:
    """Car rental: search by place and dates, vehicle filters, bookings with driver details and extras, changes, broker XML."""
    kind = ctx.pick(("search", "search", "book", "book", "patch", "cancel", "extras", "ota", "checkin", "detail", "preflight"))
    booking = _ref(ctx, "RC")
    profile = ctx.pick(("xhr", "xhr", "mobile"))
    if kind == "search":
        pick_up = ctx.pick(_RENTAL_STATIONS + (ctx.fake.city(),))
        pairs: list[tuple[str, Any]] = [("pickUpLocation", pick_up), ("dropOffLocation", ctx.pick((pick_up, ctx.pick(_RENTAL_STATIONS), ctx.fake.city()))),
                                        ("pickUpDate", v.iso_date(ctx)), ("pickUpTime", ctx.pick(("09:00", "10:30", "14:00", "18:45"))),
                                        ("dropOffDate", v.iso_date(ctx)), ("dropOffTime", ctx.pick(("09:00", "12:00", "17:30"))), ("driverAge", ctx.rng.randint(19, 80))]
        pairs += [("vehicleClass[]", c) for c in ctx.rng.sample(list(_VEHICLE_CLASSES), ctx.rng.randint(0, 3))]
        if ctx.chance(0.5):
            pairs += [("transmission", ctx.pick(("automatic", "manual"))), ("minSeats", ctx.pick((2, 5, 7, 9)))]
        if ctx.chance(0.3):
            pairs.append(("promo", ctx.pick(("SPRING25", "AA-MEMBER", ctx.fake.bothify("??##??").upper()))))
        pairs.append(("sort", ctx.pick(("price", "-rating", "recommended"))))
        q = qs(ctx, pairs, fixed=("sort",))
        if ctx.chance(0.5):  # the filter drawer, serialised as one JSON parameter
            flt: dict[str, Any] = {"fuel": ctx.pick(("electric", "hybrid", "any")), "supplier": ctx.slot("json_query", "filters.supplier", ctx.pick(("Sixt", "Hertz", "Europcar", "Enterprise", "Avis Budget", "Dollar & Thrifty")))}
            if ctx.chance(0.5):
                flt["maxPrice"] = ctx.rng.randrange(40, 400)
            q += "&filters=" + ctx.qenc(json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(",", ":")))
        return req("GET", "/rental/api/availability", headers_for(ctx, profile), q)
    if kind == "book":
        first, last = v.person_name(ctx)
        extras = [{"code": e, "qty": 1 if e != "child_seat" else ctx.rng.randint(1, 2)} for e in ctx.rng.sample(list(_EXTRAS), ctx.rng.randint(0, 3))]
        body: dict[str, Any] = {
            "offerId": ctx.fake.uuid4(), "vehicleClass": ctx.pick(_VEHICLE_CLASSES),
            "driver": {"firstName": j(ctx, "driver.firstName", first), "lastName": j(ctx, "driver.lastName", last), "email": j(ctx, "driver.email", ctx.fake.email()),
                       "phone": ctx.fake.phone_number(), "dateOfBirth": v.iso_date(ctx),
                       "licence": {"number": j(ctx, "driver.licence.number", _licence(ctx)), "country": ctx.fake.country_code(), "issuedOn": v.iso_date(ctx)}},
            "extras": extras, "flightNumber": j(ctx, "flightNumber", ctx.pick(("", ctx.fake.bothify("??###").upper()))),
            "remarks": j(ctx, "remarks", _rental_note(ctx)), "payment": {"method": ctx.pick(("card", "pay_at_counter", "paypal")), "token": "tok_" + v.alnum_token(ctx, 24)},
        }
        if ctx.chance(0.35):
            a_first, a_last = v.person_name(ctx)
            body["additionalDrivers"] = [{"name": j(ctx, "additionalDrivers[0].name", f"{a_first} {a_last}"), "licenceNumber": j(ctx, "additionalDrivers[0].licenceNumber", _licence(ctx))}]
        return req("POST", "/rental/api/bookings", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "patch":
        ops = [{"op": "replace", "path": "/dropOff/dateTime", "value": v.iso_datetime(ctx)}]
        if ctx.chance(0.6):
            ops.append({"op": "replace", "path": "/remarks", "value": j(ctx, "value", _rental_note(ctx))})
        if ctx.chance(0.4):
            ops.append({"op": "add", "path": "/extras/-", "value": {"code": ctx.pick(_EXTRAS), "qty": 1}})
        extra = (("If-Match", f'W/"{v.hex_token(ctx, 12)}"'),)
        return req("PATCH", f"/rental/api/bookings/{seg(ctx, 'booking', booking)}", headers_for(ctx, profile, content_type="application/json-patch+json", auth="jwt", extra=extra),
                   body=dumps(ctx, ops))
    if kind == "cancel":
        q = qs(ctx, [("reason", ctx.pick(("plans_changed", "found_cheaper", "flight_cancelled", v.short_text(ctx))))]) if ctx.chance(0.5) else ""
        return req("DELETE", f"/rental/api/bookings/{seg(ctx, 'booking', booking)}", headers_for(ctx, profile, auth="jwt"), q)
    if kind == "extras":
        body = {"extras": [{"code": e, "qty": 1} for e in ctx.rng.sample(list(_EXTRAS), ctx.rng.randint(1, 3))], "note": j(ctx, "note", _money_note(ctx))}
        return req("PUT", f"/rental/api/bookings/{seg(ctx, 'booking', booking)}/extras", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "ota":
        return req("POST", "/rental/ota/VehRes", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="basic"), body=_ota_xml(ctx))
    if kind == "checkin":
        first, last = v.person_name(ctx)
        fields = [("booking_ref", booking), ("driver_name", f"{first} {last}"), ("licence_number", _licence(ctx)), ("fuel_level", ctx.pick(("1/1", "3/4", "1/2"))),
                  ("mileage_out", str(ctx.rng.randrange(1000, 120000))), ("damage_notes", ctx.pick(("none", "Small dent rear left door -- already marked", v.prose(ctx, 1, 2))))]
        ctype, body2 = multipart(ctx, fields, [("damage_sketch", "damage.svg", "image/svg+xml", synth_tech.svg_image(ctx))])
        return req("POST", "/rental/counter/checkin", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "detail":
        q = qs(ctx, [("lang", ctx.locale[:2]), ("currency", ctx.pick(("EUR", "GBP", "USD", "JPY")))])
        return req("GET", f"/rental/api/bookings/{seg(ctx, 'booking', booking)}", headers_for(ctx, profile, auth="jwt"), q)
    return preflight(ctx, f"/rental/api/bookings/{booking}", ("PATCH", "DELETE", "PUT"), ("content-type", "authorization,content-type,if-match"))


# --------------------------------------------------------------------------
# 2. Coworking: desks and rooms, member profile, door-access sync, invoices
# --------------------------------------------------------------------------

_SPACES = ("Hot desk -- 2nd floor", "Focus booth 3", "Meeting room 'Ada'", "Room Hopper (8p)", "Phone booth B", "Studio -- podcast room", "Dedicated desk D-14", "Roof terrace")


def _cowork_title(ctx: Ctx) -> str:
    return ctx.pick((short_title(ctx, ("1:1", "standup", "interview", "workshop", "offsite")), f"Call w/ {ctx.fake.company()}", f"{ctx.fake.first_name()}'s interview",
                     "Sprint planning -- Q3", "Investor update (don't book over!)", ctx.pick(_WORLD_TEXT)[:30]))


@template(GROUP, ("/cowork/",), weight=1.0)
def coworking_desks(ctx: Ctx) -> Request:
    """Coworking: desk and room bookings, member profile edits, door-access event sync from controllers, invoices."""
    kind = ctx.pick(("desk", "room", "room", "profile", "access", "access", "invoices", "invoice_pdf", "cancel", "guest", "preflight"))
    location = ctx.pick(("berlin-mitte", "lisbon-cais", "london-shoreditch", "austin-east", "tokyo-shibuya", "paris-11"))
    if kind == "desk":
        body: dict[str, Any] = {"location": location, "date": v.iso_date(ctx), "deskType": ctx.pick(("hot", "dedicated", "standing")),
                                "zone": j(ctx, "zone", ctx.pick(("quiet", "social", "window", "near the kitchen"))), "note": j(ctx, "note", ctx.pick(("", v.prose(ctx, 1, 1))))}
        return req("POST", "/cowork/api/desk-bookings", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "room":
        attendees = [j(ctx, f"attendees[{i}]", ctx.fake.email()) for i in range(ctx.rng.randint(0, 4))]
        body = {"room_id": rid(ctx), "title": j(ctx, "title", _cowork_title(ctx)), "start": v.iso_datetime(ctx), "end": v.iso_datetime(ctx),
                "attendees": attendees, "catering": ctx.pick((None, "coffee", "lunch for 6 -- 2 veggie, 1 vegan")), "description": j(ctx, "description", user_note(ctx)),
                "recurrence": ctx.pick((None, "RRULE:FREQ=WEEKLY;BYDAY=MO", "RRULE:FREQ=DAILY;COUNT=5"))}
        method = ctx.pick(("POST", "PUT"))
        path = "/cowork/api/room-bookings" if method == "POST" else f"/cowork/api/room-bookings/{seg(ctx, 'booking', rid(ctx))}"
        return req(method, path, site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "profile":
        first, last = v.person_name(ctx)
        body = {"first_name": j(ctx, "first_name", first), "last_name": j(ctx, "last_name", last), "company": j(ctx, "company", ctx.fake.company()),
                "headline": j(ctx, "headline", ctx.pick((ctx.fake.job(), short_title(ctx, ("freelance", "founder", "remote"))))),
                "bio": j(ctx, "bio", v.prose(ctx, 1, 3)), "skills": [j(ctx, "skills", s) for s in ctx.rng.sample(["UX", "Go", "C#", "SQL", "copywriting", "R&D", "growth", "3D"], 3)],
                "show_in_directory": ctx.chance(0.7), "slack_handle": j(ctx, "slack_handle", "@" + ctx.fake.user_name())}
        return req("PATCH", "/cowork/api/members/me", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "access":
        events = []
        for i in range(ctx.rng.randint(1, 8)):
            events.append({"ts": v.iso_datetime(ctx), "door": ctx.pick(("main-entrance", "bike-room", "floor-2", "server-closet", "terrace")),
                           "credential": j(ctx, f"[{i}].credential", ctx.pick((v.hex_token(ctx, 8).upper(), f"M-{ctx.rng.randrange(1000, 9999)}"))),
                           "result": ctx.pick(("granted", "granted", "granted", "denied_schedule", "denied_unknown")), "direction": ctx.pick(("in", "out"))})
        extra = (("X-Controller-Id", f"ctl-{location}-{ctx.rng.randint(1, 9)}"), ("X-Signature", "sha256=" + v.hex_token(ctx, 64)))
        return req("POST", "/cowork/hooks/access-events", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, events))
    if kind == "invoices":
        pairs: list[tuple[str, Any]] = [("status", ctx.pick(("open", "paid", "overdue", "all"))), ("year", ctx.pick(("2024", "2025", "2026")))]
        if ctx.chance(0.4):
            pairs.append(("q", ctx.pick((ctx.fake.company(), v.tricky_search(ctx), f"INV-{ctx.rng.randrange(1000, 9999)}"))))
        pairs.append(("page", ctx.rng.randint(1, 5)))
        return req("GET", "/cowork/api/invoices", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "invoice_pdf":
        return req("GET", f"/cowork/invoices/{seg(ctx, 'invoice', f'INV-{ctx.rng.randrange(1000, 99999)}')}.pdf", headers_for(ctx, "nav", accept="application/pdf,*/*", cookies=True))
    if kind == "cancel":
        return req("DELETE", f"/cowork/api/desk-bookings/{seg(ctx, 'booking', rid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    if kind == "guest":
        first, last = v.person_name(ctx)
        pairs = [("_csrf", v.alnum_token(ctx, 32)), ("guest[name]", f"{first} {last}"), ("guest[email]", ctx.fake.email()), ("guest[company]", ctx.fake.company()),
                 ("guest[arrival]", v.iso_datetime(ctx)), ("guest[host_note]", ctx.pick(("", v.prose(ctx, 1, 1), "Please send them up to the 3rd floor -- room 'Hopper'")))]
        return nav_form(ctx, "/cowork/guests", "/cowork/guests/new", form(ctx, pairs, fixed=("_csrf",)))
    return preflight(ctx, "/cowork/api/room-bookings", ("POST", "PUT", "DELETE"), ("content-type", "authorization,content-type"))


# --------------------------------------------------------------------------
# 3. Museum collection: search API with facets, IIIF images, objects, tickets, curator notes
# --------------------------------------------------------------------------

_CULTURES = ("Japanese", "Egyptian", "Flemish", "Ottoman", "Maya", "Ancient Greek", "Dutch", "Qing dynasty", "Benin", "Persian")
_MEDIA = ("oil on canvas", "woodblock print", "bronze", "terracotta", "silk, embroidered", "albumen print", "ink on paper", "gold leaf")
_SEARCH_TERMS = ("Hokusai wave", "Vermeer", "O'Keeffe", "Rembrandt's etchings", "amphora", "Tutankhamun", "Madonna & child", "浮世絵", "Ἀθηνᾶ", "Frida Kahlo",
                 "sword guard (tsuba)", "portrait -- 1650s", "Monet \"water lilies\"", "D'Artagnan", "Mughal miniature")


def _iiif_region(ctx: Ctx) -> str:
    if ctx.chance(0.4):  # the viewer's thumbnails and zoom tiles: the canonical form
        return f"full/!{ctx.pick((200, 400, 800, 1200))},{ctx.pick((200, 400, 800, 1200))}/0/default.jpg"
    size = ctx.pick(("full/!400,400", "full/max", "full/,600", "full/1024,", f"{ctx.rng.randrange(0, 2000)},{ctx.rng.randrange(0, 2000)},1024,1024/512,", "square/200,200", "full/pct:50"))
    return f"{size}/{ctx.pick(('0', '0', '90', '!0'))}/{ctx.pick(('default', 'default', 'color', 'gray'))}.{ctx.pick(('jpg', 'jpg', 'webp', 'png'))}"


def _curator_note(ctx: Ctx) -> str:
    if ctx.chance(0.4):
        return user_note(ctx)
    return ctx.pick((
        f"Provenance: {ctx.fake.name()}, {ctx.fake.city()} (by 1912); sold Christie's, lot {ctx.rng.randint(1, 400)} -- see file ACC-{ctx.rng.randrange(1000, 9999)}.",
        f"Condition: minor losses at the lower edge; old repair (c. 1890?) -- <do not> lend until conserved. Relative humidity < 55%.",
        f"Inscription reads \"{ctx.pick(('Fecit 1642', '北斎画', 'Ex libris', 'Σωκράτης'))}\"; attribution to the workshop, not the master.",
        f"Label draft:\n\n**{ctx.pick(_CULTURES)} {ctx.pick(_MEDIA)}**, c. {ctx.rng.randint(1200, 1900)}\n\n{v.prose(ctx, 1, 2)}",
        f"Compare with inv. no. {ctx.rng.randint(1900, 2020)}.{ctx.rng.randint(1, 300)}.{ctx.rng.randint(1, 40)} (same hand?) -- discussed w/ {v.full_name(ctx)}.",
    ))


@template(GROUP, ("/collection/",), weight=1.0)
def museum_collection(ctx: Ctx) -> Request:
    """Museum: public collection search with facets and a JSON filter, IIIF image requests, object detail, ticket orders, curator notes."""
    kind = ctx.pick(("search", "search", "iiif", "iiif", "object", "tickets", "note", "manifest", "favourite", "delete_note"))
    obj = ctx.pick((f"{ctx.rng.randint(1900, 2024)}.{ctx.rng.randint(1, 500)}.{ctx.rng.randint(1, 30)}", f"RP-P-{ctx.rng.randint(1900, 2010)}-{ctx.rng.randrange(1, 999)}", str(rid(ctx))))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick(_SEARCH_TERMS + (v.search_terms(ctx),)))]
        pairs += [("f[culture][]", c) for c in ctx.rng.sample(list(_CULTURES), ctx.rng.randint(0, 2))]
        if ctx.chance(0.5):
            pairs.append(("f[medium][]", ctx.pick(_MEDIA)))
        if ctx.chance(0.4):
            pairs += [("dateBegin", ctx.rng.randint(-500, 1700)), ("dateEnd", ctx.rng.randint(1700, 2024))]
        pairs += [("hasImage", "true"), ("facets", "culture,medium,department"), ("rows", ctx.pick((20, 40, 100)))]
        q = qs(ctx, pairs, fixed=("hasImage", "facets"))
        if ctx.chance(0.5):
            flt = {"onView": ctx.chance(0.5), "department": ctx.slot("json_query", "filter.department", ctx.pick(("Asian Art", "Prints & Drawings", "Egyptian Art", "Arms and Armor")))}
            q += "&filter=" + ctx.qenc(json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(",", ":")))
        return req("GET", "/collection/api/search", headers_for(ctx, ctx.pick(("xhr", "xhr", "sdk")), auth=ctx.pick((None, None, "apikey"))), q)
    if kind == "iiif":
        path = f"/collection/iiif/3/{seg(ctx, 'identifier', ctx.pick((obj, v.hex_token(ctx, 20))))}/{_iiif_region(ctx)}"
        return req("GET", path, headers_for(ctx, "nav", accept="image/avif,image/webp,image/apng,image/*,*/*;q=0.8", referer=v.site(ctx) + "/collection/objects/" + obj))
    if kind == "object":
        q = qs(ctx, [("lang", ctx.pick(("en", "fr", "ja", "ar", "es"))), ("include", ctx.pick(("exhibitions,provenance", "related", "images")))])
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/collection/objects/{seg(ctx, 'object', obj)}", headers_for(ctx, ctx.pick(("nav", "xhr"))), q)
    if kind == "manifest":
        return req("GET", f"/collection/iiif/manifests/{seg(ctx, 'object', obj)}/manifest.json", headers_for(ctx, ctx.pick(("xhr", "sdk")), accept="application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\""))
    if kind == "tickets":
        first, last = v.person_name(ctx)
        tickets = [{"type": t, "qty": ctx.rng.randint(1, 3)} for t in ctx.rng.sample(["adult", "child", "student", "senior", "member_guest"], ctx.rng.randint(1, 3))]
        body: dict[str, Any] = {"visitDate": v.iso_date(ctx), "timeSlot": ctx.pick(("10:00", "11:30", "14:00", "16:30")), "tickets": tickets,
                                "exhibition": ctx.pick((None, "hokusai-beyond-the-wave", "the-golden-age")),
                                "buyer": {"name": j(ctx, "buyer.name", f"{first} {last}"), "email": j(ctx, "buyer.email", ctx.fake.email()), "postcode": ctx.fake.postcode()},
                                "accessibility": j(ctx, "accessibility", ctx.pick(("", "wheelchair user -- need the lift entrance", v.prose(ctx, 1, 1)))),
                                "giftAid": ctx.chance(0.3)}
        return req("POST", "/collection/shop/ticket-orders", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json"), body=dumps(ctx, body))
    if kind == "note":
        if ctx.chance(0.5):
            body = {"body": j(ctx, "body", _curator_note(ctx)), "visibility": ctx.pick(("internal", "public_label")), "tags": [ctx.pick(("provenance", "condition", "label", "loan"))]}
            return req("PUT", f"/collection/admin/objects/{seg(ctx, 'object', obj)}/notes/{seg(ctx, 'note', rid(ctx))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("note[object_number]", obj), ("note[body]", _curator_note(ctx)),
                 ("note[author]", v.full_name(ctx)), ("note[kind]", ctx.pick(("provenance", "condition", "label")))]
        return nav_form(ctx, "/collection/admin/notes", "/collection/admin/notes/new", form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "favourite":
        body = {"objectNumber": j(ctx, "objectNumber", obj), "list": j(ctx, "list", ctx.pick(("Favourites", "Mum's birthday trip", "Essay -- colour in Edo prints", ctx.en.word()))),
                "comment": j(ctx, "comment", ctx.pick(("", v.prose(ctx, 1, 1), ctx.pick(_WORLD_TEXT))))}
        return req("POST", "/collection/api/me/lists/items", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/collection/admin/objects/{seg(ctx, 'object', obj)}/notes/{seg(ctx, 'note', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 4. Wedding registry: gifts, RSVP with dietary notes and wishes, guest-list CSV
# --------------------------------------------------------------------------

_GIFTS = ("KitchenAid stand mixer", "Le Creuset casserole 24 cm", "Honeymoon fund -- dinner in Kyoto", "Linen bedding (king)", "Espresso machine",
          "Contribution: 'new sofa' fund", "Dyson V15", "Wine glasses x6", "Plant for the balcony 🌿", "Cooking class for two")
_DIETS = ("vegetarian", "vegan", "gluten-free", "no nuts please!", "halal", "kosher", "lactose intolerant & no shellfish", "pescatarian", "none")


def _wish(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.4:
        return ctx.pick(_WORLD_TEXT)
    if r < 0.7:
        return v.prose(ctx, 1, 3, trap_rate=0.3)
    if r < 0.85:
        return f"{ctx.pick(_WORLD_TEXT)}\n\n{v.signature(ctx)}"
    return user_note(ctx)


def _guest_csv(ctx: Ctx) -> str:
    rows = ["first_name,last_name,email,party_size,side,table,notes"]
    for i in range(ctx.rng.randint(2, 10)):
        first, last = v.person_name(ctx)
        note = csv_cell(ctx.pick(("", "", ctx.pick(_DIETS), "bringing the kids (2)", f"{first}'s plus-one TBC", v.sentence(ctx))))
        if i == 0:
            note = ctx.slot("multipart", "guests.notes", note)
        rows.append(f'"{csv_cell(first)}","{csv_cell(last)}",{ctx.fake.email()},{ctx.rng.randint(1, 4)},{ctx.pick(("bride", "groom", "both"))},{ctx.rng.randint(1, 20)},"{note}"')
    return "\r\n".join(rows) + "\r\n"


@template(GROUP, ("/wedding/",), weight=1.0)
def wedding_registry(ctx: Ctx) -> Request:
    """Wedding registry: gift lists, gift claims with messages, RSVP forms, guest edits and CSV uploads."""
    kind = ctx.pick(("registry", "claim", "rsvp", "rsvp", "rsvp_json", "guests_csv", "guest_patch", "gift_delete", "gift_add"))
    couple = ctx.pick((f"{ctx.fake.first_name().lower()}-and-{ctx.fake.first_name().lower()}-{ctx.rng.randrange(2024, 2028)}", v.slug(ctx)))
    if kind == "registry":
        pairs: list[tuple[str, Any]] = [("sort", ctx.pick(("price_asc", "price_desc", "most_wanted"))), ("show", ctx.pick(("available", "all")))]
        if ctx.chance(0.4):
            pairs.append(("q", ctx.pick(("espresso", "honeymoon", "glasses", v.tricky_search(ctx)))))
        return req("GET", f"/wedding/{seg(ctx, 'couple', couple)}/registry", headers_for(ctx, ctx.pick(("nav", "xhr", "mobile"))), qs(ctx, pairs))
    if kind == "claim":
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {"giftId": rid(ctx), "quantity": 1, "amount": v.money(ctx, 20, 400) if ctx.chance(0.4) else None,
                                "from": j(ctx, "from", ctx.pick((f"{first} {last}", f"The {last}s", f"{first} & {ctx.fake.first_name()}"))),
                                "message": j(ctx, "message", _wish(ctx)), "anonymous": ctx.chance(0.1), "email": j(ctx, "email", ctx.fake.email())}
        return req("POST", f"/wedding/{seg(ctx, 'couple', couple)}/gifts/claims", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json"), body=dumps(ctx, body))
    if kind == "rsvp":
        first, last = v.person_name(ctx)
        pairs = [("csrfmiddlewaretoken", v.alnum_token(ctx, 64)), ("name", f"{first} {last}"), ("email", ctx.fake.email()), ("attending", ctx.pick(("yes", "yes", "no"))),
                 ("guests", ctx.rng.randint(1, 4)), ("dietary", ctx.pick(_DIETS)), ("song_request", ctx.pick(("", "Don't Stop Me Now -- Queen", "Dancing Queen", "La Bamba", "September (Earth, Wind & Fire)"))),
                 ("message", _wish(ctx))]
        return nav_form(ctx, f"/wedding/{seg(ctx, 'couple', couple)}/rsvp", "/wedding/rsvp", form(ctx, pairs, fixed=("csrfmiddlewaretoken",)))
    if kind == "rsvp_json":
        party = [{"name": j(ctx, f"party[{i}].name", v.full_name(ctx)), "meal": ctx.pick(("beef", "fish", "veg", "kids")), "dietary": j(ctx, f"party[{i}].dietary", ctx.pick(_DIETS))}
                 for i in range(ctx.rng.randint(1, 4))]
        body = {"inviteCode": ctx.fake.bothify("??##-??##").upper(), "attending": True, "party": party, "message": j(ctx, "message", _wish(ctx)),
                "needsShuttle": ctx.chance(0.3)}
        return req("POST", f"/wedding/{seg(ctx, 'couple', couple)}/rsvp.json", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json"), body=dumps(ctx, body))
    if kind == "guests_csv":
        fields = [("list_name", ctx.pick(("Main list", "Evening guests", "Family -- groom's side"))), ("merge", ctx.pick(("update", "append")))]
        ctype, body2 = multipart(ctx, fields, [("file", ctx.pick(("guests.csv", "Guest list FINAL (2).csv", "gäste.csv")), "text/csv", _guest_csv(ctx))])
        return req("POST", "/wedding/planner/guests/import", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "guest_patch":
        body = {"table": ctx.rng.randint(1, 20), "dietary": j(ctx, "dietary", ctx.pick(_DIETS)), "notes": j(ctx, "notes", ctx.pick(("", v.prose(ctx, 1, 2), "Seat away from Uncle Bob ;)"))),
                "plusOne": j(ctx, "plusOne", ctx.pick(("", v.full_name(ctx))))}
        return req("PATCH", f"/wedding/planner/guests/{seg(ctx, 'guest', rid(ctx))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "gift_add":
        body = {"title": j(ctx, "title", ctx.pick(_GIFTS)), "url": j(ctx, "url", ctx.en.url() + ctx.en.uri_path()), "price": v.money(ctx, 10, 900),
                "wanted": ctx.rng.randint(1, 6), "note": j(ctx, "note", ctx.pick(("", v.prose(ctx, 1, 1), "Any colour except orange 😅")))}
        return req("POST", "/wedding/planner/registry/items", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/wedding/planner/registry/items/{seg(ctx, 'item', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 5. Parking: zones, plates, sessions, payments, mobile SDK headers
# --------------------------------------------------------------------------


def _plate(ctx: Ctx) -> str:
    return ctx.pick((ctx.fake.license_plate(), ctx.fake.bothify("??## ???").upper(), ctx.fake.bothify("?-?? ####").upper(), ctx.fake.bothify("###-???").upper()))


def _sdk_extra(ctx: Ctx) -> tuple[tuple[str, str], ...]:
    platform = ctx.pick(("ios", "android"))
    return (("X-ParkPay-SDK", f"parkpay-{platform}/{ctx.rng.randint(3, 6)}.{ctx.rng.randint(0, 20)}.{ctx.rng.randint(0, 9)}"),
            ("X-Client-Platform", platform), ("X-Session-Nonce", v.hex_token(ctx, 16)),
            ("X-Device-Name", header_slot(ctx, "X-Device-Name", ctx.pick((f"{ctx.fake.first_name()}'s iPhone", "Pixel 8 Pro", "Galaxy S23", "iPad (2)")))))


@template(GROUP, ("/parkpay/",), weight=1.0)
def parking_sessions(ctx: Ctx) -> Request:
    """Parking: zone lookup, vehicles and plates, start/extend/stop sessions, payments, receipts, fleet plate CSV."""
    kind = ctx.pick(("zones", "vehicle", "start", "start", "stop", "extend", "payment", "receipts", "remove_vehicle", "fleet_csv", "preflight"))
    session = ctx.fake.uuid4()
    if kind == "zones":
        pairs: list[tuple[str, Any]] = [("lat", f"{ctx.rng.uniform(-40, 60):.5f}"), ("lng", f"{ctx.rng.uniform(-120, 140):.5f}"), ("radius", ctx.pick((250, 500, 1000)))]
        if ctx.chance(0.5):
            pairs.append(("zoneCode", ctx.pick((str(ctx.rng.randrange(1000, 9999)), ctx.fake.bothify("??-###").upper()))))
        if ctx.chance(0.3):
            pairs.append(("q", ctx.pick((ctx.fake.street_name(), ctx.fake.city(), "St. John's car park"))))
        return req("GET", "/parkpay/v3/zones", headers_for(ctx, "mobile", auth="jwt", extra=_sdk_extra(ctx)), qs(ctx, pairs))
    if kind == "vehicle":
        body: dict[str, Any] = {"plate": j(ctx, "plate", _plate(ctx)), "country": ctx.fake.country_code(), "nickname": j(ctx, "nickname", ctx.pick(("Work van", "Mum's car", "The Beast 🚗", ctx.en.word().capitalize()))),
                                "type": ctx.pick(("car", "motorcycle", "ev", "van")), "default": ctx.chance(0.5)}
        return req("POST", "/parkpay/v3/vehicles", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=_sdk_extra(ctx)), body=dumps(ctx, body))
    if kind == "start":
        body = {"zoneCode": j(ctx, "zoneCode", str(ctx.rng.randrange(1000, 9999))), "plate": j(ctx, "plate", _plate(ctx)), "durationMinutes": ctx.pick((30, 60, 90, 120, 240)),
                "startAt": v.iso_datetime(ctx), "paymentMethodId": "pm_" + v.alnum_token(ctx, 20), "location": {"lat": round(ctx.rng.uniform(-40, 60), 5), "lng": round(ctx.rng.uniform(-120, 140), 5), "accuracy": ctx.rng.randint(3, 60)}}
        profile = ctx.pick(("mobile", "mobile", "xhr"))
        hdrs = headers_for(ctx, profile, content_type="application/json", auth="jwt", extra=_sdk_extra(ctx)) if profile == "mobile" else site_headers(ctx, "xhr", "application/json", "jwt")
        return req("POST", "/parkpay/v3/sessions", hdrs, body=dumps(ctx, body))
    if kind == "stop":
        body = {"action": "stop", "stoppedAt": v.iso_datetime(ctx), "reason": j(ctx, "reason", ctx.pick(("user", "left early", "geofence-exit")))}
        return req(ctx.pick(("POST", "PATCH")), f"/parkpay/v3/sessions/{seg(ctx, 'session', session)}", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=_sdk_extra(ctx)), body=dumps(ctx, body))
    if kind == "extend":
        pairs = [("minutes", ctx.pick((15, 30, 60))), ("confirm", "1")]
        return req("POST", f"/parkpay/v3/sessions/{seg(ctx, 'session', session)}/extend", headers_for(ctx, "mobile", content_type="application/x-www-form-urlencoded", auth="jwt", extra=_sdk_extra(ctx)),
                   body=form(ctx, pairs, fixed=("confirm",)))
    if kind == "payment":
        first, last = v.person_name(ctx)
        pairs = [("card_holder", f"{first} {last}"), ("token", "tok_" + v.alnum_token(ctx, 24)), ("billing_postcode", ctx.fake.postcode()),
                 ("invoice_company", ctx.pick(("", ctx.fake.company()))), ("vat_id", ctx.pick(("", ctx.fake.bothify("??#########").upper()))), ("save", ctx.pick(("0", "1")))]
        return nav_form(ctx, "/parkpay/account/payment-methods", "/parkpay/account/payment-methods/new", form(ctx, pairs, fixed=("token",)))
    if kind == "receipts":
        pairs = [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("plate", _plate(ctx)), ("format", ctx.pick(("json", "pdf")))]
        return req("GET", "/parkpay/v3/receipts", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"), qs(ctx, pairs))
    if kind == "remove_vehicle":
        return req("DELETE", f"/parkpay/v3/vehicles/{seg(ctx, 'plate', _plate(ctx))}", headers_for(ctx, "mobile", auth="jwt", extra=_sdk_extra(ctx)))
    if kind == "fleet_csv":
        rows = ["plate,country,driver,cost_centre,note"]
        for i in range(ctx.rng.randint(2, 8)):
            note = csv_cell(ctx.pick(("", "pool car", f"{ctx.fake.last_name()}'s van", v.sentence(ctx))))
            if i == 0:
                note = ctx.slot("multipart", "fleet.note", note)
            rows.append(f'{_plate(ctx)},{ctx.fake.country_code()},"{csv_cell(v.full_name(ctx))}",CC-{ctx.rng.randrange(100, 999)},"{note}"')
        return req("PUT", "/parkpay/fleet/plates", headers_for(ctx, "sdk", content_type="text/csv; charset=utf-8", auth="apikey"), qs(ctx, [("mode", ctx.pick(("replace", "merge")))]), "\n".join(rows) + "\n")
    return preflight(ctx, "/parkpay/v3/sessions", ("POST", "PATCH"), ("content-type", "authorization,content-type,x-parkpay-sdk"))


# --------------------------------------------------------------------------
# 6. SQL console (code as content): saved queries, runs, charts, history, migration notes
# --------------------------------------------------------------------------

# table -> (alias, columns)
_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "orders": ("o", ("order_id", "customer_id", "created_at", "status", "total_amount", "currency", "channel")),
    "customers": ("c", ("customer_id", "country", "signup_date", "segment", "full_name", "email_domain")),
    "order_items": ("oi", ("order_id", "product_id", "quantity", "unit_price", "discount")),
    "products": ("p", ("product_id", "category", "brand", "list_price", "launched_at")),
    "sessions": ("s", ("session_id", "customer_id", "started_at", "device", "utm_source", "landing_page", "duration_seconds")),
    "events": ("e", ("event_id", "session_id", "event_name", "occurred_at", "properties")),
    "subscriptions": ("sub", ("subscription_id", "customer_id", "plan", "started_at", "cancelled_at", "mrr")),
}
# a base table and the tables it joins, with their join keys
_JOINS = {
    "orders": (("customers", "customer_id"), ("order_items", "order_id")),
    "order_items": (("products", "product_id"), ("orders", "order_id")),
    "sessions": (("customers", "customer_id"), ("events", "session_id")),
    "subscriptions": (("customers", "customer_id"),),
}
_DIMS = {"customers": ("c.country", "c.segment"), "orders": ("o.channel", "o.status", "o.currency"), "products": ("p.category", "p.brand"),
         "sessions": ("s.device", "s.utm_source"), "subscriptions": ("sub.plan",), "events": ("e.event_name",), "order_items": ("oi.product_id",)}
_MEASURES = {"orders": ("o.total_amount",), "order_items": ("oi.quantity * oi.unit_price", "oi.quantity"), "subscriptions": ("sub.mrr",), "products": ("p.list_price",),
             "sessions": ("s.duration_seconds",)}
# each table's own time column (a query uses the first of its tables that has one)
_TIME_COL = {"orders": "o.created_at", "sessions": "s.started_at", "subscriptions": "sub.started_at", "events": "e.occurred_at", "products": "p.launched_at",
             "customers": "c.signup_date"}


def _predicates(ctx: Ctx, tables: list[str]) -> list[str]:
    date = v.iso_date(ctx)
    options = {
        "orders": ("o.status <> 'cancelled'", f"o.created_at >= DATE '{date}'", "o.channel IN ('web', 'ios', 'android')", f"o.total_amount BETWEEN {ctx.rng.randint(0, 50)} AND {ctx.rng.randint(100, 900)}"),
        "customers": (f"c.country IN ('{ctx.fake.country_code()}', '{ctx.fake.country_code()}')", "c.segment = 'enterprise'", "c.full_name ILIKE '%o''brien%'",
                      f"c.signup_date < '{date}'", "c.email_domain NOT LIKE '%.test'"),
        "products": ("p.brand = 'Ben & Jerry''s'", "p.category IN ('Books', 'Kids'' toys')", "p.list_price > 0"),
        "sessions": ("s.utm_source IS NOT NULL", "s.device = 'mobile'", "s.landing_page LIKE '/blog/%'"),
        "events": ("e.event_name = 'checkout_started'", "JSON_EXTRACT_SCALAR(e.properties, '$.plan') = 'pro'"),
        "subscriptions": ("sub.cancelled_at IS NULL", "sub.plan <> 'free'", f"sub.started_at >= TIMESTAMP '{date} 00:00:00'"),
        "order_items": ("oi.discount = 0", "oi.quantity >= 2"),
    }
    pool = [p for t in tables for p in options.get(t, ())]
    return ctx.rng.sample(pool, min(len(pool), ctx.rng.randint(1, 3)))


def _from_clause(ctx: Ctx) -> tuple[str, list[str]]:
    base = ctx.pick(tuple(_JOINS))
    alias = _TABLES[base][0]
    schema = ctx.pick(("", "", "analytics.", "prod.", "dwh."))
    lines = [f"FROM {schema}{base} {alias}"]
    tables = [base]
    for other, key in ctx.rng.sample(list(_JOINS[base]), ctx.rng.randint(1, len(_JOINS[base]))):
        oa = _TABLES[other][0]
        lines.append(f"{ctx.pick(('JOIN', 'JOIN', 'LEFT JOIN', 'INNER JOIN'))} {schema}{other} {oa} ON {oa}.{key} = {alias}.{key}")
        tables.append(other)
    return "\n".join(lines), tables


def _sql_query(ctx: Ctx) -> str:
    """An analyst's query: aggregation, CTE with LAG, ranking window, funnel with CASE; comments and quoted literals."""
    frm, tables = _from_clause(ctx)
    dims = [d for t in tables for d in _DIMS.get(t, ())]
    measures = [m for t in tables for m in _MEASURES.get(t, ())] or ["1"]
    dim, measure = ctx.pick(dims), ctx.pick(measures)
    time_col = next(_TIME_COL[t] for t in tables if t in _TIME_COL)
    preds = _predicates(ctx, tables)
    where = "WHERE " + "\n  AND ".join(preds)
    comment = ctx.pick(("", "", f"-- {ctx.pick(('weekly revenue by', 'top customers per', 'churn check:', 'asked by', 'for the QBR deck --'))} {ctx.pick((dim.split('.')[1], v.full_name(ctx), ctx.en.word()))}\n"))
    shape = ctx.pick(("agg", "agg", "cte", "rank", "funnel"))
    if shape == "agg":
        sql = (f"SELECT {dim},\n       COUNT(*) AS n,\n       SUM({measure}) AS total,\n       ROUND(AVG({measure}), 2) AS avg_value\n{frm}\n{where}\n"
               f"GROUP BY {dim}\n{ctx.pick(('HAVING COUNT(*) > ' + str(ctx.rng.randint(5, 100)) + chr(10), ''))}ORDER BY total DESC\nLIMIT {ctx.pick((10, 20, 50, 100))}")
    elif shape == "cte":
        sql = (f"WITH monthly AS (\n  SELECT DATE_TRUNC('{ctx.pick(('month', 'week', 'day'))}', {time_col}) AS period,\n         {dim} AS dim,\n         SUM({measure}) AS value\n"
               f"  {frm.replace(chr(10), chr(10) + '  ')}\n  {where.replace(chr(10), chr(10) + '  ')}\n  GROUP BY 1, 2\n)\n"
               "SELECT period, dim, value,\n       value - LAG(value) OVER (PARTITION BY dim ORDER BY period) AS change,  -- vs. previous period\n"
               "       SUM(value) OVER (PARTITION BY dim ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_total\n"
               "FROM monthly\nORDER BY dim, period")
    elif shape == "rank":
        sql = (f"SELECT *\nFROM (\n  SELECT {dim} AS dim, {measure} AS value, {time_col} AS ts,\n"
               f"         ROW_NUMBER() OVER (PARTITION BY {dim} ORDER BY {measure} DESC) AS rn\n  {frm.replace(chr(10), chr(10) + '  ')}\n  {where.replace(chr(10), chr(10) + '  ')}\n"
               f") ranked\nWHERE rn <= {ctx.rng.randint(1, 10)}\nORDER BY dim, rn")
    else:
        step = ctx.pick(("add_to_cart", "checkout_started", "purchase", "signup_completed"))
        key = f"{_TABLES[tables[0]][0]}.{_TABLES[tables[0]][1][0]}"
        sql = (f"SELECT {dim},\n       COUNT(DISTINCT {key}) AS total,\n"
               f"       COUNT(DISTINCT CASE WHEN {measure} > 0 THEN {key} END) AS converted,  /* '{step}' step */\n"
               f"       ROUND(100.0 * SUM(CASE WHEN {measure} > 0 THEN 1 ELSE 0 END) / NULLIF(COUNT(*), 0), 1) AS pct\n"
               f"{frm}\n{where}\nGROUP BY 1\nORDER BY pct DESC")
    return comment + sql + ctx.pick(("", ";", "\n"))


def _migration_note(ctx: Ctx) -> str:
    """A migration note: why, then the DDL in a fenced block."""
    table = ctx.pick(tuple(_TABLES))
    col = ctx.pick(("refund_reason", "utm_campaign", "is_test", "region_code", "churned_at"))
    ddl = ctx.pick((
        f"ALTER TABLE analytics.{table} ADD COLUMN {col} VARCHAR(255);\nCREATE INDEX idx_{table}_{col} ON analytics.{table} ({col});",
        f"CREATE TABLE analytics.{table}_daily (\n  day DATE NOT NULL,\n  {col} TEXT,\n  total NUMERIC(12, 2) DEFAULT 0,\n  PRIMARY KEY (day)\n);",
        f"DROP TABLE IF EXISTS scratch.tmp_{table}_{ctx.rng.randrange(2023, 2027)};\n-- replaced by the dbt model {table}_clean",
        f"CREATE OR REPLACE VIEW reporting.v_{table} AS\nSELECT * FROM analytics.{table} WHERE is_test = FALSE;",
    ))
    intro = ctx.pick((v.prose(ctx, 1, 2), f"Ticket DATA-{ctx.rng.randrange(100, 9999)}: {v.short_text(ctx)}", f"Requested by {v.full_name(ctx)} -- don't run on prod before Friday's backup!"))
    return f"{intro}\n\n```sql\n{ddl}\n```"


def _chart_config(ctx: Ctx) -> dict[str, Any]:
    return {"type": ctx.pick(("bar", "line", "area", "pie", "table")), "x": ctx.pick(("period", "dim", "country")), "y": [ctx.pick(("total", "value", "n", "pct"))],
            "title": j(ctx, "chart.title", ctx.pick((short_title(ctx, ("QBR", "weekly", "draft")), "Revenue by region (EUR)", "Top 10 -- last 90 days"))),
            "colors": [f"#{v.hex_token(ctx, 6)}" for _ in range(ctx.rng.randint(1, 3))], "stacked": ctx.chance(0.3),
            "yAxis": {"format": ctx.pick(("0.0a", "$,.2f", "0%")), "label": j(ctx, "chart.yAxis.label", ctx.pick(("Revenue", "Orders", "Umsatz (€)", "売上")))}}


@template(GROUP, ("/sqlconsole/",), weight=1.0)
def sql_console(ctx: Ctx) -> Request:
    """BI console: save and run analyst SQL, chart configs, query history search, scheduled runs, migration notes."""
    kind = ctx.pick(("run", "run", "save", "save", "chart", "history", "note", "schedule", "run_form", "delete", "export", "preflight"))
    qid = ctx.pick((str(rid(ctx)), v.hex_token(ctx, 12)))
    warehouse = ctx.pick(("snowflake-prod", "bigquery-analytics", "postgres-replica", "redshift-bi"))
    if kind == "run":
        body: dict[str, Any] = {"sql": j(ctx, "sql", _sql_query(ctx)), "datasource": warehouse, "limit": ctx.pick((100, 1000, 5000)), "timeoutSeconds": ctx.pick((30, 120, 300))}
        if ctx.chance(0.4):
            body["parameters"] = {"start_date": v.iso_date(ctx), "country": j(ctx, "parameters.country", ctx.fake.country_code())}
        return req("POST", "/sqlconsole/api/queries/run", site_headers(ctx, ctx.pick(("xhr", "xhr", "sdk")), "application/json", ctx.pick(("jwt", "apikey"))), body=dumps(ctx, body))
    if kind == "save":
        body = {"name": j(ctx, "name", ctx.pick((short_title(ctx, ("revenue", "churn", "funnel", "ad hoc")), f"{ctx.fake.first_name()}'s cohort query", "Weekly KPIs -- v2"))),
                "sql": j(ctx, "sql", _sql_query(ctx)), "description": j(ctx, "description", ctx.pick(("", v.prose(ctx, 1, 2), "Numbers for the board deck; excludes test accounts & refunds."))),
                "tags": [j(ctx, "tags", t) for t in ctx.rng.sample(["finance", "growth", "ops", "marketing", "exec"], ctx.rng.randint(0, 2))], "datasource": warehouse,
                "folder": j(ctx, "folder", ctx.pick(("/Shared/Finance", "/Personal", "/Shared/Growth/Q3 2025")))}
        method = ctx.pick(("POST", "PUT"))
        path = "/sqlconsole/api/saved-queries" if method == "POST" else f"/sqlconsole/api/saved-queries/{seg(ctx, 'query', qid)}"
        return req(method, path, site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "chart":
        body = {"queryId": qid, "config": _chart_config(ctx)}
        return req("PUT", f"/sqlconsole/api/saved-queries/{seg(ctx, 'query', qid)}/chart", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "history":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick(("GROUP BY country", "orders o JOIN customers", "ROW_NUMBER()", "DATE_TRUNC('month'", "churn", "o.status <> 'cancelled'",
                                                        v.search_terms(ctx), "revenue -- weekly")))]
        pairs += [("author", ctx.pick(("me", ctx.fake.user_name()))), ("status", ctx.pick(("success", "failed", "any"))), ("since", v.iso_date(ctx))]
        q = qs(ctx, pairs)
        if ctx.chance(0.5):  # the history panel's filter chips, as a JSON document
            flt = {"datasources": [warehouse], "tag": ctx.slot("json_query", "filter.tag", ctx.pick(("finance", "growth", "Q3 board deck", "kpi's"))), "minDurationMs": ctx.pick((0, 1000, 30000))}
            q += "&filter=" + ctx.qenc(json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(",", ":")))
        return req("GET", "/sqlconsole/api/history", headers_for(ctx, "xhr", auth="jwt"), q)
    if kind == "note":
        body = {"title": j(ctx, "title", ctx.pick((f"Migration {v.iso_date(ctx)}", short_title(ctx, ("schema", "dbt", "backfill"))))), "body": j(ctx, "body", _migration_note(ctx)),
                "pinned": ctx.chance(0.2)}
        return req("POST", "/sqlconsole/api/notes", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "schedule":
        body = {"cron": ctx.pick(("0 7 * * 1", "30 6 * * *", "0 */4 * * *")), "timezone": ctx.pick(("Europe/Berlin", "America/New_York", "Asia/Tokyo")),
                "recipients": [j(ctx, "recipients", ctx.fake.email()) for _ in range(ctx.rng.randint(1, 3))], "format": ctx.pick(("csv", "xlsx", "png")),
                "message": j(ctx, "message", ctx.pick(("", v.prose(ctx, 1, 1), "Morning! Numbers attached -- ping me if anything looks off.")))}
        return req("PATCH", f"/sqlconsole/api/saved-queries/{seg(ctx, 'query', qid)}/schedule", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "run_form":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("sql", _sql_query(ctx)), ("datasource", warehouse), ("limit", ctx.pick(("100", "1000")))]
        return nav_form(ctx, "/sqlconsole/editor/run", "/sqlconsole/editor", form(ctx, pairs, fixed=("authenticity_token", "datasource")))
    if kind == "delete":
        return req("DELETE", f"/sqlconsole/api/saved-queries/{seg(ctx, 'query', qid)}", headers_for(ctx, "xhr", auth="jwt"))
    if kind == "export":
        q = qs(ctx, [("format", ctx.pick(("csv", "xlsx", "json"))), ("filename", ctx.pick(("revenue_q3.csv", "Kunden-Übersicht.xlsx", f"{ctx.en.word()} export (final).csv")))])
        return req("GET", f"/sqlconsole/api/runs/{seg(ctx, 'run', ctx.fake.uuid4())}/export", headers_for(ctx, "nav", cookies=True), q)
    return preflight(ctx, "/sqlconsole/api/queries/run", ("POST",), ("content-type", "authorization,content-type"))


# --------------------------------------------------------------------------
# 7. Code playground (code as content): JS, Python, Go, HTML/CSS snippets, shares, comments
# --------------------------------------------------------------------------

_IDENTS = ("items", "users", "scores", "prices", "words", "todos", "cities", "temps", "orders", "notes")
_FUNCS = ("total", "average", "groupBy", "slugify", "formatPrice", "isPalindrome", "fizzbuzz", "countWords", "debounce", "chunk")


def _js_code(ctx: Ctx) -> str:
    name, fn = ctx.pick(_IDENTS), ctx.pick(_FUNCS)
    parts = []
    if ctx.chance(0.7):
        parts.append(ctx.pick((
            f"function {fn}(list) {{\n  return list.reduce((acc, x) => acc + x.value, 0);\n}}",
            f"const {fn} = (s) => s.toLowerCase().trim().replace(/[^a-z0-9]+/g, '-');",
            f"function {fn}(n) {{\n  for (let i = 1; i <= n; i++) {{\n    console.log(i % 15 === 0 ? 'FizzBuzz' : i % 3 === 0 ? 'Fizz' : i % 5 === 0 ? 'Buzz' : i);\n  }}\n}}",
            f"const {fn} = (arr, size) => Array.from({{ length: Math.ceil(arr.length / size) }}, (_, i) => arr.slice(i * size, i * size + size));",
        )))
    if ctx.chance(0.6):
        parts.append(f"const {name} = [{', '.join(str(ctx.rng.randint(1, 99)) for _ in range(ctx.rng.randint(2, 6)))}];\n"
                     f"for (const [i, x] of {name}.entries()) {{\n  console.log(`${{i}}: ${{x}}`);\n}}")
    if ctx.chance(0.4):
        parts.append(f"const res = await fetch('https://{ctx.pick(('jsonplaceholder.typicode.com/todos/1', 'api.github.com/repos/nodejs/node', 'pokeapi.co/api/v2/pokemon/ditto'))}');\n"
                     "if (!res.ok) throw new Error(`HTTP ${res.status}`);\nconst data = await res.json();\nconsole.log(data);")
    if ctx.chance(0.35) or not parts:
        parts.append(f"document.querySelector('#{ctx.en.word()}').addEventListener('click', (event) => {{\n  event.preventDefault();\n"
                     f"  const out = document.getElementById('output');\n  out.textContent = `Clicked ${{++count}} times`;\n}});")
    return "\n\n".join(parts)


def _py_code(ctx: Ctx) -> str:
    name, fn = ctx.pick(_IDENTS), ctx.pick(_FUNCS).lower()
    parts = []
    if ctx.chance(0.4):
        parts.append(ctx.pick(("from collections import Counter", "import json", "from dataclasses import dataclass", "import math")))
    parts.append(ctx.pick((
        f"def {fn}(values):\n    \"\"\"Return the mean, ignoring None.\"\"\"\n    clean = [x for x in values if x is not None]\n    return sum(clean) / len(clean) if clean else 0",
        f"def {fn}(text: str) -> dict[str, int]:\n    return Counter(w.strip('.,!?').lower() for w in text.split())",
        f"@dataclass\nclass Item:\n    name: str\n    price: float\n\n    def label(self) -> str:\n        return f\"{{self.name}} ({{self.price:.2f}} €)\"",
        f"def {fn}(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a",
    )))
    parts.append(f"{name} = [{', '.join(repr(ctx.pick((ctx.en.word(), ctx.rng.randint(1, 99)))) for _ in range(ctx.rng.randint(2, 5)))}]\n"
                 f"for i, x in enumerate({name}):\n    print(f\"{{i}}: {{x!r}}\")")
    if ctx.chance(0.4):
        parts.append(ctx.pick(("if __name__ == \"__main__\":\n    print(\"done\")", f"print(json.dumps({{'count': len({name})}}, indent=2))", f"print(sorted({name}, key=str))")))
    return "\n\n".join(parts)


def _go_code(ctx: Ctx) -> str:
    name = ctx.pick(_IDENTS)
    body = ctx.pick((
        f"\t{name} := []string{{{', '.join(json.dumps(ctx.en.word()) for _ in range(ctx.rng.randint(2, 5)))}}}\n\tfor i, s := range {name} {{\n\t\tfmt.Printf(\"%d: %s\\n\", i, strings.ToUpper(s))\n\t}}",
        f"\tsum := 0\n\tfor i := 1; i <= {ctx.rng.randint(5, 100)}; i++ {{\n\t\tsum += i\n\t}}\n\tfmt.Println(\"sum:\", sum)",
        "\tch := make(chan int)\n\tgo func() {\n\t\tdefer close(ch)\n\t\tfor i := 0; i < 3; i++ {\n\t\t\tch <- i * i\n\t\t}\n\t}()\n\tfor v := range ch {\n\t\tfmt.Println(v)\n\t}",
        f"\tm := map[string]int{{\"{ctx.en.word()}\": {ctx.rng.randint(1, 9)}, \"{ctx.en.word()}\": {ctx.rng.randint(1, 9)}}}\n\tfor k, v := range m {{\n\t\tfmt.Println(k, v)\n\t}}",
    ))
    imports = '\t"fmt"\n\t"strings"' if "strings." in body else '\t"fmt"'
    return f"package main\n\nimport (\n{imports}\n)\n\nfunc main() {{\n{body}\n}}\n"


def _html_css(ctx: Ctx) -> tuple[str, str]:
    title = ctx.en.word().capitalize()
    html = (f"<main class=\"card\">\n  <h1>{title}</h1>\n  <p>{ctx.en.sentence(nb_words=6)}</p>\n  <button id=\"btn\" type=\"button\">Click me</button>\n"
            f"  <ul id=\"output\"></ul>\n</main>")
    css = (f":root {{ --accent: #{v.hex_token(ctx, 6)}; }}\n.card {{\n  max-width: {ctx.pick((320, 480, 640))}px;\n  margin: 2rem auto;\n  padding: 1rem 1.5rem;\n"
           f"  border-radius: 12px;\n  box-shadow: 0 2px 8px rgba(0, 0, 0, .15);\n  font-family: system-ui, sans-serif;\n}}\n"
           "button { background: var(--accent); color: #fff; border: 0; padding: .5em 1em; }\nbutton:hover { filter: brightness(1.1); }")
    return html, css


def _snippet(ctx: Ctx, prefix: str) -> tuple[str, list[dict[str, Any]]]:
    """A language and its files; file contents are JSON slots named under `prefix`."""
    lang = ctx.pick(("javascript", "javascript", "python", "python", "go", "html"))
    if lang == "html":
        html, css = _html_css(ctx)
        return lang, [{"name": "index.html", "content": j(ctx, f"{prefix}[0].content", html)}, {"name": "style.css", "content": j(ctx, f"{prefix}[1].content", css)},
                      {"name": "script.js", "content": j(ctx, f"{prefix}[2].content", _js_code(ctx))}]
    code, filename = {"javascript": (_js_code, "index.js"), "python": (_py_code, "main.py"), "go": (_go_code, "main.go")}[lang]
    return lang, [{"name": filename, "content": j(ctx, f"{prefix}[0].content", code(ctx))}]


def _snippet_comment(ctx: Ctx) -> str:
    if ctx.chance(0.5):
        return user_note(ctx)
    return ctx.pick((
        f"Nice! You could use `Array.prototype.flatMap` here instead of the nested loop -- line {ctx.rng.randint(2, 30)}.",
        "Doesn't work on Safari 16 for me: `structuredClone is not defined` 🤔",
        f"Forked it and added a `try/except` around the parse -- see /playground/s/{v.alnum_token(ctx, 8)}",
        "Why does `0.1 + 0.2 !== 0.3`? Asking for a friend :)",
        f"```python\nprint(sum(x * x for x in range(10)))\n```\nworks too, and it's shorter.",
    ))


@template(GROUP, ("/playground/",), weight=1.0)
def code_playground(ctx: Ctx) -> Request:
    """Code sandbox: run and save snippets (JSON, Go-playground style forms, raw text), share links, embeds, comments, forks."""
    kind = ctx.pick(("run", "run", "save", "save", "go_compile", "raw_run", "share", "embed", "comment", "list", "upload", "delete", "preflight"))
    sid = v.alnum_token(ctx, ctx.pick((8, 10, 12)))
    if kind == "run":
        lang, files = _snippet(ctx, "files")
        body: dict[str, Any] = {"language": lang, "version": ctx.pick(("latest", {"python": "3.12", "javascript": "node-20", "go": "1.22", "html": "latest"}[lang])), "files": files,
                                "stdin": j(ctx, "stdin", ctx.pick(("", "5", "hello world", ctx.pick(_WORLD_TEXT)))), "args": []}
        return req("POST", "/playground/api/execute", site_headers(ctx, "xhr", "application/json", ctx.pick((None, "jwt"))), body=dumps(ctx, body))
    if kind == "save":
        lang, files = _snippet(ctx, "files")
        body = {"title": j(ctx, "title", ctx.pick((short_title(ctx, ("wip", "demo", "kata")), f"{ctx.pick(_FUNCS)} in {lang}", "Untitled"))), "language": lang, "files": files,
                "description": j(ctx, "description", ctx.pick(("", v.prose(ctx, 1, 2), "Answer to the StackOverflow question about debouncing"))), "visibility": ctx.pick(("public", "unlisted", "private"))}
        method = ctx.pick(("POST", "PUT"))
        path = "/playground/api/snippets" if method == "POST" else f"/playground/api/snippets/{seg(ctx, 'snippet', sid)}"
        return req(method, path, site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "go_compile":
        pairs = [("version", "2"), ("body", _go_code(ctx)), ("withVet", ctx.pick(("true", "false")))]
        return req("POST", "/playground/go/compile", site_headers(ctx, "xhr", "application/x-www-form-urlencoded; charset=UTF-8"), body=form(ctx, pairs, fixed=("version",)))
    if kind == "raw_run":
        lang = ctx.pick(("python", "javascript"))
        code = ctx.slot("multipart", "body", _py_code(ctx) if lang == "python" else _js_code(ctx))
        extra = (("X-Language", lang),)
        return req("POST", "/playground/api/run", headers_for(ctx, "sdk", content_type="text/plain; charset=utf-8", auth="apikey", extra=extra), qs(ctx, [("timeout", ctx.pick(("5s", "10s")))]), code)
    if kind == "share":
        body = {"snippetId": sid, "expires": ctx.pick((None, "7d", "30d")), "readOnly": ctx.chance(0.6), "note": j(ctx, "note", ctx.pick(("", v.short_text(ctx))))}
        return req("POST", "/playground/api/shares", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "embed":
        pairs: list[tuple[str, Any]] = [("theme", ctx.pick(("dark", "light"))), ("file", ctx.pick(("index.js", "main.py", "index.html"))), ("autorun", ctx.pick(("0", "1")))]
        return req("GET", f"/playground/embed/{seg(ctx, 'snippet', sid)}", headers_for(ctx, "nav", referer=ctx.en.url() + ctx.en.uri_path()), qs(ctx, pairs))
    if kind == "comment":
        body = {"body": j(ctx, "body", _snippet_comment(ctx)), "line": ctx.pick((None, ctx.rng.randint(1, 40))), "replyTo": ctx.pick((None, rid(ctx)))}
        return req("POST", f"/playground/api/snippets/{seg(ctx, 'snippet', sid)}/comments", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "list":
        pairs = [("q", ctx.pick(("fetch json", "fizzbuzz python", "goroutine channel", "css grid", "debounce", v.search_terms(ctx)))), ("lang", ctx.pick(("", "javascript", "python", "go"))),
                 ("sort", ctx.pick(("recent", "popular")))]
        return req("GET", "/playground/api/snippets", headers_for(ctx, ctx.pick(("xhr", "nav"))), qs(ctx, pairs))
    if kind == "upload":
        lang = ctx.pick(("python", "javascript"))
        code = _py_code(ctx) if lang == "python" else _js_code(ctx)
        ctype, body2 = multipart(ctx, [("title", short_title(ctx, ("import", "homework"))), ("language", lang)],
                                 [("file", "main.py" if lang == "python" else "script.js", "text/x-python" if lang == "python" else "text/javascript", code)])
        return req("POST", "/playground/api/snippets/import", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "delete":
        return req("DELETE", f"/playground/api/snippets/{seg(ctx, 'snippet', sid)}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, "/playground/api/execute", ("POST",), ("content-type", "authorization,content-type"))


# --------------------------------------------------------------------------
# 8. Language lessons: answers in many scripts, flashcards, progress sync, streaks
# --------------------------------------------------------------------------

# (course, prompt, correct answer, what a learner may type instead)
_EXERCISES = (
    ("ja", "I drink coffee every morning.", "毎朝コーヒーを飲みます。", "まいあさ コーヒーを のみます"),
    ("ja", "Where is the station?", "駅はどこですか？", "eki wa doko desu ka"),
    ("ja", "Thank you very much", "どうもありがとうございます", "ありがとう"),
    ("ar", "Good morning", "صباح الخير", "sabah al khair"),
    ("ar", "My name is Sara", "اسمي سارة", "اسمي ساره"),
    ("ar", "Where is the library?", "أين المكتبة؟", "اين المكتبة"),
    ("ru", "I don't understand", "Я не понимаю", "я не понимаю"),
    ("ru", "The weather is nice today", "Сегодня хорошая погода.", "Segodnya khoroshaya pogoda"),
    ("ru", "How much does it cost?", "Сколько это стоит?", "Сколько стоит?"),
    ("el", "Good evening", "Καλησπέρα", "Kalispera"),
    ("el", "I would like a coffee, please", "Θα ήθελα έναν καφέ, παρακαλώ.", "Θα ηθελα ενα καφε παρακαλω"),
    ("el", "Where is the beach?", "Πού είναι η παραλία;", "Που ειναι η παραλια;"),
    ("es", "When does the train leave?", "¿Cuándo sale el tren?", "Cuando sale el tren?"),
    ("es", "The boy's shoes", "Los zapatos del niño", "Los zapatos del nino"),
    ("es", "Where is the library?", "¿Dónde está la biblioteca?", "donde esta la biblioteca"),
    ("es", "Can I have the bill, please?", "¿Me trae la cuenta, por favor?", "¿Me trae la cuenta por favor?"),
    ("es", "I'm sorry, I don't speak Spanish well", "Lo siento, no hablo bien español.", "lo siento no hablo español bien"),
    ("fr", "I'd like the bill, please", "J'aimerais l'addition, s'il vous plaît.", "je voudrais l'addition s'il vous plait"),
    ("de", "Excuse me, where is the toilet?", "Entschuldigung, wo ist die Toilette?", "Entschuldigung wo ist das WC"),
    ("ko", "Nice to meet you", "만나서 반갑습니다", "반가워요"),
    ("zh", "I am a student", "我是学生。", "wo shi xuesheng"),
    ("he", "Thank you", "תודה", "toda"),
    ("hi", "How are you?", "आप कैसे हैं?", "aap kaise hain"),
    ("tr", "Where is the bus stop?", "Otobüs durağı nerede?", "Otobus duragi nerede"),
)


def _exercise(ctx: Ctx) -> tuple[str, str, str]:
    course, prompt, correct, alt = ctx.pick(_EXERCISES)
    return course, prompt, ctx.pick((correct, correct, alt))


@template(GROUP, ("/lingua/",), weight=1.0)
def language_lessons(ctx: Ctx) -> Request:
    """Language learning: typed answers in many scripts, flashcards, offline progress sync, streak beacons, lesson lists."""
    kind = ctx.pick(("answer", "answer", "answer", "flashcard", "sync", "streak", "lessons", "discussion", "reset_deck", "deck_form"))
    course, prompt, answer = _exercise(ctx)
    if kind == "answer":
        body: dict[str, Any] = {"exerciseId": ctx.fake.uuid4(), "type": ctx.pick(("translate", "listen_type", "fill_blank")), "prompt": prompt,
                                "answer": j(ctx, "answer", answer), "timeMs": ctx.rng.randrange(1500, 60000), "hintsUsed": ctx.rng.randint(0, 2), "keyboard": ctx.pick(("native", "ime", "romaji", "onscreen"))}
        return req("POST", f"/lingua/api/courses/{seg(ctx, 'course', course)}/answers", site_headers(ctx, ctx.pick(("mobile", "mobile", "xhr")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "flashcard":
        note = ctx.pick(("", v.prose(ctx, 1, 1), f"mnemonic: sounds like '{ctx.en.word()}' 😅", "irregular -- careful with the stress!"))
        body = {"deckId": rid(ctx), "front": j(ctx, "front", prompt), "back": j(ctx, "back", answer), "note": j(ctx, "note", note),
                "tags": [course, ctx.pick(("travel", "food", "verbs", "A1", "B2"))]}
        method = ctx.pick(("POST", "PUT"))
        path = "/lingua/api/flashcards" if method == "POST" else f"/lingua/api/flashcards/{seg(ctx, 'card', rid(ctx))}"
        return req(method, path, site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "sync":
        items = []
        for i in range(ctx.rng.randint(1, 6)):
            c, p, a = _exercise(ctx)
            items.append({"id": ctx.fake.uuid4(), "course": c, "answer": j(ctx, f"[{i}].answer", a), "correct": ctx.chance(0.7), "xp": ctx.pick((5, 10, 15)), "at": v.iso_datetime(ctx)})
        extra = (("X-Offline-Queue", str(len(items))),)
        return req("POST", "/lingua/api/progress/sync", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, items))
    if kind == "streak":
        body = {"event": ctx.pick(("streak_extended", "streak_freeze_used", "goal_reached")), "days": ctx.rng.randint(1, 900), "tz": ctx.pick(("Europe/Madrid", "Asia/Tokyo", "America/Sao_Paulo", "Asia/Riyadh")),
                "client": {"page": j(ctx, "client.page", f"/lingua/learn/{course}"), "lang": ctx.locale}}
        return req("POST", "/lingua/beacon/streak", site_headers(ctx, "xhr", "text/plain;charset=UTF-8"), body=json.dumps(body, ensure_ascii=ctx.json_ascii, separators=(",", ":")))
    if kind == "lessons":
        pairs: list[tuple[str, Any]] = [("course", course), ("level", ctx.pick(("A1", "A2", "B1", "B2"))), ("unit", ctx.rng.randint(1, 30))]
        if ctx.chance(0.4):
            pairs.append(("q", ctx.pick((prompt, answer, ctx.pick(("past tense", "numbers", "food", "た-form", "subjunctive"))))))
        q = qs(ctx, pairs)
        if ctx.chance(0.4):
            q += "&where=" + ctx.qenc(json.dumps({"completed": ctx.chance(0.5), "topic": ctx.slot("json_query", "where.topic", ctx.pick(("travel", "food & drink", "at the doctor's", "家族", "la familia")))},
                                                   ensure_ascii=ctx.json_ascii, separators=(",", ":")))
        return req("GET", "/lingua/api/lessons", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"), q)
    if kind == "discussion":
        body = {"exercise": prompt, "text": j(ctx, "text", ctx.pick((v.prose(ctx, 1, 2), f"Why is \"{answer}\" marked wrong? I typed it exactly like that 🤔", user_note(ctx), ctx.pick(_WORLD_TEXT))))}
        return req("POST", f"/lingua/api/courses/{seg(ctx, 'course', course)}/discussions", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "reset_deck":
        return req("DELETE", f"/lingua/api/decks/{seg(ctx, 'deck', rid(ctx))}/progress", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    pairs = [("_token", v.alnum_token(ctx, 40)), ("deck[name]", ctx.pick((f"{course.upper()} -- {ctx.en.word()}", "Vocab for Tokyo trip ✈️", "Verbos irregulares", "Глаголы движения"))),
             ("deck[description]", ctx.pick(("", v.prose(ctx, 1, 1)))), ("deck[public]", ctx.pick(("0", "1")))]
    return nav_form(ctx, "/lingua/decks", "/lingua/decks/new", form(ctx, pairs, fixed=("_token",)))
