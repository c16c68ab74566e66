"""Held-out templates (holdout4_a): eight apps written blind, never trained on.

They measure false positives on kinds of app nobody on the team has modelled:
a transit fare card, blood-donor scheduling, travel-insurance quotes (with
partner XML), an EV charging network, a grain elevator's grower portal, and
three whose users legitimately write code -- an R data-science course (R,
R Markdown, `sqldf` SQL), a trading-strategy lab (Pine Script, alert message
templates, screener expressions) and an HPC cluster portal (Slurm batch
scripts). Every user- or client-controlled value is a slot.
"""

from __future__ import annotations

import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    dumps, empty_file, form, header_slot, j, json_param, multipart, preflight, qs, req, Request, rid, seg, short_title, site_headers, template, user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

GROUP = "holdout4"

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------


def _nav_headers(ctx: Ctx, page: str, content_type: str) -> list[list[str]]:
    """A browser posting the app's own server-rendered form (`page` is a path without slots)."""
    site = v.site(ctx)
    return headers_for(ctx, "nav", content_type=content_type, origin=site, referer=site + page, cookies=True)


def _comment_in_locale(ctx: Ctx) -> str:
    """A short code comment as its author writes it: English or the request's language."""
    return ctx.pick((ctx.en.sentence(nb_words=ctx.rng.randint(3, 8)).rstrip("."), v.sentence(ctx).rstrip("."), "TODO: " + ctx.en.sentence(nb_words=4).rstrip("."),
                     "don't touch -- " + ctx.en.word(), "works, but why?", f"{ctx.fake.first_name()}'s version"))


def _ver(ctx: Ctx) -> str:
    return f"{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 9)}"


# --------------------------------------------------------------------------
# Transit fare card: journey planner, top-ups, trips, concessions, disputes
# --------------------------------------------------------------------------

_STATIONS = ("King's Cross St. Pancras", "Earl's Court", "Shepherd's Bush Market", "St. John's Wood", "Gare de l'Est", "Porte d'Orléans",
             "Piazza dell'Unità", "Alexanderplatz (U)", "Dworzec Centralny", "新宿駅", "Bay & Bloor", "42 St - Port Authority Bus Terminal",
             "Praça da Sé", "Stazione Termini -- Via Marsala exit", "Frankfurt (Main) Hbf", "O'Connell St Upper", "Hauptbahnhof / Bussteig C")


def _stop(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.45:
        return ctx.pick(_STATIONS)
    if r < 0.65:
        return f"{ctx.fake.street_name()} / {ctx.fake.street_name()}"
    if r < 0.8:
        return f"{ctx.fake.city()} {ctx.pick(('Hbf', 'Central', 'Bus Station', 'Gare', 'Terminal 2', 'Park & Ride'))}"
    if r < 0.9:
        return ctx.fake.street_address()
    return f"Stop #{ctx.rng.randint(100, 99999)} ({ctx.pick(('northbound', 'opp. the library', 'bay C', 'outside Boots'))})"


def _card_no(ctx: Ctx) -> str:
    return ctx.pick(("FC", "0", "3086")) + "".join(str(ctx.rng.randint(0, 9)) for _ in range(12))


def _dispute_text(ctx: Ctx) -> str:
    a, b = ctx.pick(_STATIONS), _stop(ctx)
    max_fare, fare = ctx.rng.randint(6, 12) + ctx.rng.randint(0, 99) / 100, ctx.rng.randint(1, 4) + ctx.rng.randint(0, 99) / 100
    return ctx.pick((
        f"Tapped in at {a} but the gate was broken -- staff waved us through, so no tap out at {b}. Charged max fare £{max_fare:.2f} instead of £{fare:.2f}.",
        f"Double charge on {v.iso_date(ctx)}: 2x €{fare:.2f} for ONE trip ({a} -> {b}). {v.prose(ctx, 1, 2)}",
        f"The reader said \"card not valid\" & then took the money anyway?! {v.prose(ctx, 1, 2, trap_rate=0.5)}",
        user_note(ctx),
        f"Bus {ctx.rng.randint(1, 399)}{ctx.pick(('', 'A', 'N'))} driver's machine was down; I paid cash ($ {fare:.2f}) AND got charged on the card. {v.sentence(ctx)}",
    ))


@template(GROUP, ("/farecard/",))
def farecard_transit(ctx: Ctx) -> Request:
    """Transit smart card: journey planner GETs, card top-ups / lost-card / nickname, trip history, concession applications (multipart), fare disputes (form)."""
    kind = ctx.pick(("planner", "card", "trips", "concession", "dispute"))
    if kind == "planner":
        pairs: list[tuple[str, Any]] = [("from", _stop(ctx)), ("to", _stop(ctx)), ("via", ctx.pick((None, None, _stop(ctx)))),
                                        (ctx.pick(("depart_at", "arrive_by")), v.iso_datetime(ctx)), ("modes", ctx.pick(("bus,tram,rail", "rail", "bus", "metro,bus,ferry"))),
                                        ("max_walk_m", ctx.pick((400, 800, 1200))), ("step_free", ctx.pick(("0", "1"))), ("lang", ctx.locale[:2])]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/farecard/api/v2/journeys", headers_for(ctx, ctx.pick(("xhr", "mobile"))), qs(ctx, pairs, fixed=("lang",)))
    if kind == "card":
        card = seg(ctx, "card", _card_no(ctx))
        r = ctx.rng.random()
        if r < 0.5:
            body: dict[str, Any] = {"amount": {"value": v.money(ctx, 5, 80), "currency": ctx.pick(("GBP", "EUR", "USD", "CAD"))}, "paymentMethodId": j(ctx, "paymentMethodId", "pm_" + v.alnum_token(ctx, 24)),
                                    "autoTopUp": {"enabled": ctx.chance(0.4), "threshold": v.money(ctx, 2, 10)}, "receiptEmail": j(ctx, "receiptEmail", ctx.fake.email())}
            extra = (("Idempotency-Key", header_slot(ctx, "Idempotency-Key", ctx.fake.uuid4())),)
            return req("POST", f"/farecard/api/v2/cards/{card}/topups", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))
        if r < 0.75:
            body = {"nickname": j(ctx, "nickname", ctx.pick((f"{ctx.fake.first_name()}'s card", "Kids' Oyster", "Work 🚇", short_title(ctx, ("spare", "old", "new")), "Mum & Dad"))),
                    "ageBand": ctx.pick(("adult", "child", "senior"))}
            return req("PATCH", f"/farecard/api/v2/cards/{card}", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
        return req("DELETE", f"/farecard/api/v2/cards/{card}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("lost", "stolen", "damaged"))), ("transfer_to", ctx.pick((None, _card_no(ctx))))]))
    if kind == "trips":
        pairs = [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("type", ctx.pick(("all", "journeys", "topups", "refunds"))),
                 ("station", ctx.pick((None, None, ctx.pick(_STATIONS)))), ("page", ctx.rng.randint(1, 12))]
        accept = ctx.pick((None, None, "text/csv", "application/pdf"))
        return req("GET", f"/farecard/api/v2/cards/{seg(ctx, 'card', _card_no(ctx))}/trips", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt", accept=accept), qs(ctx, pairs))
    if kind == "concession":
        first, last = v.person_name(ctx)
        fields = [("applicant[first_name]", first), ("applicant[last_name]", last), ("applicant[date_of_birth]", v.iso_date(ctx)),
                  ("applicant[address]", f"{ctx.fake.street_address()}, {ctx.fake.city()} {ctx.fake.postcode()}"),
                  ("concession_type", ctx.pick(("student", "senior", "disability", "jobseeker", "veteran"))),
                  ("institution", ctx.pick(("", ctx.fake.company(), f"St. {ctx.fake.last_name()}'s College", f"Université de {ctx.fake.city()}"))),
                  ("statement", ctx.pick((v.prose(ctx, 1, 3), user_note(ctx), "N/A -- see attached letter"))), ("card_number", _card_no(ctx))]
        proof = ("proof", f"{ctx.pick(('student_id', 'bus_pass', 'letter', 'scan'))}.{ctx.pick(('jpg', 'pdf', 'png'))}", "application/octet-stream", "")
        ctype, body2 = multipart(ctx, fields, [proof] if ctx.chance(0.7) else [])
        return req("POST", "/farecard/concessions/apply", _nav_headers(ctx, "/farecard/concessions/apply", ctype), body=body2)
    fields2 = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("card_number", _card_no(ctx)), ("journey_date", v.iso_date(ctx)),
               ("entry_station", ctx.pick(_STATIONS)), ("exit_station", _stop(ctx)), ("amount_charged", v.money(ctx, 2, 12)),
               ("explanation", _dispute_text(ctx)), ("contact_email", ctx.fake.email())]
    return req("POST", "/farecard/help/fare-dispute", _nav_headers(ctx, "/farecard/help/fare-dispute", "application/x-www-form-urlencoded"), body=form(ctx, fields2, fixed=("authenticity_token",)))


# --------------------------------------------------------------------------
# Blood-donor scheduling: drives nearby, appointments, health history, feedback
# --------------------------------------------------------------------------

_MEDS = ("Ibuprofen 400mg (as needed)", "Metformin 500mg 2x/day", "Levothyroxine 50µg", "Sertraline 50 mg", "Cetirizine; Vitamin D",
         "Lisinopril 10mg -- since March", "Aspirin 75mg/day", "the pill", "Isotretinoin (stopped 2 months ago)", "none", "N/A")


def _health_detail(ctx: Ctx) -> str:
    return ctx.pick((
        f"Tattoo on {ctx.pick(('left arm', 'ankle', 'back'))} done {v.iso_date(ctx)} at a licensed studio in {ctx.fake.city()}",
        f"Travelled to {ctx.fake.country()} for {ctx.rng.randint(3, 30)} days (malaria tablets: {ctx.pick(('yes', 'no', 'not sure'))})",
        f"Dental work on {v.iso_date(ctx)} -- just a filling, no antibiotics",
        f"Had COVID/flu jab {ctx.rng.randint(1, 14)} days ago", f"Hb was {ctx.rng.randint(115, 160) / 10:.1f} g/dL last time; felt dizzy after",
        f"Taking {ctx.pick(_MEDS)}; {ctx.pick(_MEDS)}", v.prose(ctx, 1, 2, trap_rate=0.4), user_note(ctx),
    ))


def _appointment(ctx: Ctx) -> str:
    return seg(ctx, "appointment", f"APT-{ctx.rng.randrange(10**6, 10**7)}")


@template(GROUP, ("/donorcare/",))
def blood_donor_scheduler(ctx: Ctx) -> Request:
    """Blood-donor service: drives near a place, booking / rescheduling / cancelling appointments, health questionnaires, post-donation feedback."""
    kind = ctx.pick(("find", "appointment", "questionnaire", "feedback"))
    if kind == "find":
        if ctx.chance(0.3):
            return req(ctx.pick(("GET", "HEAD")), f"/donorcare/api/v1/centres/{seg(ctx, 'centre', v.slug(ctx))}", headers_for(ctx, ctx.pick(("xhr", "nav"))))
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((ctx.fake.postcode(), ctx.fake.city(), v.search_terms(ctx), f"{ctx.fake.company()} blood drive"))),
                                        ("lat", f"{ctx.rng.uniform(-45, 60):.5f}"), ("lng", f"{ctx.rng.uniform(-120, 150):.5f}"), ("radius_km", ctx.pick((5, 10, 25, 50))),
                                        ("donation_type", ctx.pick(("whole_blood", "platelets", "plasma", "power_red"))), ("date_from", v.iso_date(ctx))]
        return req("GET", "/donorcare/api/v1/drives", headers_for(ctx, ctx.pick(("xhr", "mobile"))), qs(ctx, pairs))
    if kind == "appointment":
        r = ctx.rng.random()
        if r < 0.5:
            first, last = v.person_name(ctx)
            body: dict[str, Any] = {"driveId": ctx.rng.randrange(10000, 99999), "slotStart": v.iso_datetime(ctx), "donationType": ctx.pick(("whole_blood", "platelets", "plasma")),
                                    "donor": {"donorNumber": j(ctx, "donor.donorNumber", f"{ctx.pick('GNDW')}{ctx.rng.randrange(10**8, 10**9)}"), "firstName": j(ctx, "donor.firstName", first),
                                              "lastName": j(ctx, "donor.lastName", last), "bloodGroup": ctx.pick(("O+", "O-", "A+", "A-", "B+", "AB+", "unknown"))},
                                    "reminders": {"sms": ctx.chance(0.6), "email": ctx.chance(0.5)},
                                    "notes": j(ctx, "notes", ctx.pick(("", "Small veins -- left arm works best", "Bringing my daughter (first time, she's 17)", v.prose(ctx, 1, 2))))}
            if ctx.chance(0.3):
                body["companion"] = {"name": j(ctx, "companion.name", v.full_name(ctx)), "firstTime": ctx.chance(0.7)}
            return req("POST", "/donorcare/api/v1/appointments", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
        if r < 0.8:
            body = {"slotStart": v.iso_datetime(ctx), "reason": j(ctx, "reason", ctx.pick(("work", "Feeling unwell -- cold since Monday", v.sentence(ctx), "")))}
            return req("PATCH", f"/donorcare/api/v1/appointments/{_appointment(ctx)}", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
        return req("DELETE", f"/donorcare/api/v1/appointments/{_appointment(ctx)}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    if kind == "questionnaire":
        answers = []
        for i, qid in enumerate(ctx.rng.sample(("Q03", "Q07", "Q12", "Q15", "Q21", "Q22", "Q30", "Q34"), ctx.rng.randint(2, 5))):
            yes = ctx.chance(0.4)
            answers.append({"questionId": qid, "answer": "yes" if yes else "no", "details": j(ctx, f"answers[{i}].details", _health_detail(ctx)) if yes else None})
        body = {"version": "2025-03", "answers": answers, "medications": [j(ctx, f"medications[{i}]", ctx.pick(_MEDS)) for i in range(ctx.rng.randint(0, 3))],
                "travel": [{"country": ctx.fake.country_code(), "from": v.iso_date(ctx), "to": v.iso_date(ctx)} for _ in range(ctx.rng.randint(0, 2))],
                "weightKg": ctx.rng.randint(50, 120), "signature": j(ctx, "signature", v.full_name(ctx))}
        return req("PUT", "/donorcare/api/v1/donors/me/health-history", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    fields = [("csrfmiddlewaretoken", v.alnum_token(ctx, 64)), ("appointment_ref", f"APT-{ctx.rng.randrange(10**6, 10**7)}"), ("rating", str(ctx.rng.randint(1, 5))),
              ("staff_name", ctx.pick(("", ctx.fake.first_name(), f"Nurse {ctx.fake.last_name()}"))),
              ("comments", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), "The biscuits & tea were great; the wait (45 min!) not so much.", user_note(ctx)))),
              ("may_contact", ctx.pick(("on", "off")))]
    return req("POST", "/donorcare/feedback/", _nav_headers(ctx, "/donorcare/feedback/", "application/x-www-form-urlencoded"), body=form(ctx, fields, fixed=("csrfmiddlewaretoken",)))


# --------------------------------------------------------------------------
# Travel insurance: quotes, partner XML from aggregators, medical screening, documents
# --------------------------------------------------------------------------

_CONDITIONS = ("Type 2 diabetes (tablet-controlled)", "Asthma -- inhaler only", "High blood pressure", "Hip replacement 2022", "Atrial fibrillation",
               "Crohn's disease", "Sleep apnoea (CPAP)", "Pregnancy -- 24 weeks at departure", "Anxiety & depression, stable", "Coeliac")


def _traveller(ctx: Ctx, i: int) -> dict[str, Any]:
    first, last = v.person_name(ctx)
    return {"firstName": j(ctx, f"travellers[{i}].firstName", first), "lastName": j(ctx, f"travellers[{i}].lastName", last),
            "dateOfBirth": v.iso_date(ctx), "relationship": ctx.pick(("policyholder", "partner", "child", "friend")),
            "conditions": [j(ctx, f"travellers[{i}].conditions[0]", ctx.pick(_CONDITIONS))] if ctx.chance(0.3) else []}


def _acord_quote(ctx: Ctx) -> str:
    people = []
    for i in range(ctx.rng.randint(1, 3)):
        first, last = v.person_name(ctx)
        given = enc_xml(str(ctx.slot("xml", f"Traveler[{i}].GivenName", first)))
        sur = enc_xml(str(ctx.slot("xml", f"Traveler[{i}].Surname", last)))
        people.append(f"      <Traveler><PersonName><GivenName>{given}</GivenName><Surname>{sur}</Surname></PersonName>"
                      f"<BirthDt>{v.iso_date(ctx)}</BirthDt></Traveler>")
    dest = enc_xml(str(ctx.slot("xml", "Destination", ctx.pick((ctx.fake.country(), "Worldwide excl. USA/Canada", "Europe (inc. Turkey & Morocco)")))))
    ref = enc_xml(str(ctx.slot("xml", "PartnerRef", f"{ctx.pick(('CMP', 'MSE', 'QZ'))}-{v.alnum_token(ctx, 10)}")))
    cost = v.money(ctx, 300, 9000)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ACORD xmlns="http://www.ACORD.org/standards/PC_Surety/ACORD1/xml/">\n  <InsuranceSvcRq>\n'
            f"    <RqUID>{ctx.fake.uuid4()}</RqUID>\n    <TravelPolicyQuoteInqRq>\n      <TransactionRequestDt>{v.iso_datetime(ctx)}</TransactionRequestDt>\n"
            f"      <PartnerRef>{ref}</PartnerRef>\n      <Trip><Destination>{dest}</Destination><DepartureDt>{v.iso_date(ctx)}</DepartureDt>"
            f"<ReturnDt>{v.iso_date(ctx)}</ReturnDt><TripCostAmt><Amt>{cost}</Amt><CurCd>{ctx.pick(('USD', 'GBP', 'EUR'))}</CurCd></TripCostAmt></Trip>\n"
            + "\n".join(people) + "\n    </TravelPolicyQuoteInqRq>\n  </InsuranceSvcRq>\n</ACORD>\n")


def _quote_id(ctx: Ctx) -> str:
    return seg(ctx, "quote", ctx.pick((f"Q{ctx.rng.randrange(10**7, 10**8)}", ctx.fake.uuid4())))


@template(GROUP, ("/tripcover/",))
def travel_insurance_quote(ctx: Ctx) -> Request:
    """Travel insurance: quote wizard JSON, ACORD-style XML from comparison sites, medical screening, policy documents, cancellations."""
    kind = ctx.pick(("quote", "partner", "medical", "documents", "cancel"))
    if kind == "quote":
        body: dict[str, Any] = {
            "tripType": ctx.pick(("single", "annual_multi_trip", "backpacker")), "destinations": [j(ctx, f"destinations[{i}]", ctx.fake.country()) for i in range(ctx.rng.randint(1, 3))],
            "departure": v.iso_date(ctx), "return": v.iso_date(ctx), "tripCost": {"amount": v.money(ctx, 200, 8000), "currency": ctx.pick(("GBP", "EUR", "USD"))},
            "travellers": [_traveller(ctx, i) for i in range(ctx.rng.randint(1, 4))],
            "cover": {"level": ctx.pick(("essential", "standard", "premier")), "addOns": ctx.rng.sample(["winter_sports", "cruise", "gadget", "business", "golf"], ctx.rng.randint(0, 2))},
            "promoCode": j(ctx, "promoCode", ctx.pick(("", "SUMMER25", ctx.fake.bothify("??##").upper()))),
            "activities": j(ctx, "activities", ctx.pick(("", "scuba (PADI Open Water, max 18m)", "hiking > 3,000 m", "skiing & snowboarding -- on-piste only", v.sentence(ctx))))}
        return req("POST", "/tripcover/api/v1/quotes", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", ctx.pick((None, "jwt"))), body=dumps(ctx, body))
    if kind == "partner":
        return req("POST", "/tripcover/partner/acord/quote", headers_for(ctx, "sdk", content_type=ctx.pick(("text/xml; charset=utf-8", "application/xml")), auth=ctx.pick(("apikey", "basic"))),
                   body=_acord_quote(ctx))
    if kind == "medical":
        conds = []
        for i in range(ctx.rng.randint(1, 3)):
            conds.append({"condition": j(ctx, f"conditions[{i}].condition", ctx.pick(_CONDITIONS)), "diagnosedYear": ctx.rng.randint(1990, 2025),
                          "hospitalisedLast2Years": ctx.chance(0.2), "medication": j(ctx, f"conditions[{i}].medication", ctx.pick(_MEDS)),
                          "notes": j(ctx, f"conditions[{i}].notes", ctx.pick(("", _health_detail(ctx), "Consultant says OK to fly -- letter available")))})
        body = {"travellerIndex": ctx.rng.randint(0, 3), "conditions": conds, "awaitingTests": ctx.chance(0.1), "declaration": True}
        return req("PUT", f"/tripcover/api/v1/quotes/{_quote_id(ctx)}/medical-screening", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "documents":
        policy = seg(ctx, "policy", f"TC-{ctx.rng.randrange(10**6, 10**7)}-{ctx.pick('ABCDEF')}")
        doc = seg(ctx, "document", ctx.pick(("certificate.pdf", "ipid.pdf", "policy-wording.pdf", "medical-declaration.pdf")))
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/tripcover/api/v1/policies/{policy}/documents/{doc}", headers_for(ctx, ctx.pick(("nav", "xhr", "mobile")), auth="jwt", accept="application/pdf"),
                   qs(ctx, [("lang", ctx.locale.replace("_", "-")), ("download", ctx.pick(("1", "0")))]))
    if ctx.chance(0.2):
        return preflight(ctx, "/tripcover/api/v1/quotes", ("POST", "PUT"), ("content-type", "authorization,content-type"))
    fields = [("_token", v.alnum_token(ctx, 40)), ("policy_number", f"TC-{ctx.rng.randrange(10**6, 10**7)}"), ("reason", ctx.pick(("trip_cancelled", "duplicate", "found_cheaper", "other"))),
              ("details", ctx.pick(("", v.prose(ctx, 1, 2), "Bought cover through my bank's packaged account -- didn't realise!", user_note(ctx)))),
              ("refund_to", ctx.pick(("original_card", "bank_transfer"))), ("account_name", v.full_name(ctx))]
    return req("POST", f"/tripcover/policies/{_quote_id(ctx)}/cancel", _nav_headers(ctx, "/tripcover/account/policies", "application/x-www-form-urlencoded"), body=form(ctx, fields, fixed=("_token",)))


# --------------------------------------------------------------------------
# EV charging network: map search, charging sessions, check-ins, receipts
# --------------------------------------------------------------------------

_CONNECTORS = ("CCS2", "CHAdeMO", "Type2", "CCS1", "NACS", "GB/T")


def _checkin_text(ctx: Ctx) -> str:
    bay = ctx.rng.randint(1, 12)
    return ctx.pick((
        f"Bay {bay} ICE'd by a diesel van -- again. Used bay {bay + 1}, got {ctx.rng.randint(40, 240)} kW peak.",
        f"Charger #{ctx.rng.randint(1, 8)} says \"Error 0x{v.hex_token(ctx, 4).upper()} -- contact operator\"; the others are fine.",
        f"Cable too short for the {ctx.pick(('Ioniq 5', 'Model Y', 'ID.4', 'e-Niro', 'Zoe'))}'s port (rear left) -- had to park at an angle :/",
        f"{ctx.rng.randint(10, 80)}% -> {ctx.rng.randint(80, 100)}% in {ctx.rng.randint(15, 60)} min @ {ctx.pick(('£0.79', '€0.59', '$0.48'))}/kWh. {v.prose(ctx, 0, 1)}",
        v.prose(ctx, 1, 3, trap_rate=0.4), user_note(ctx),
    ))


@template(GROUP, ("/evcharge/",))
def ev_charge_network(ctx: Ctx) -> Request:
    """EV charging: location search (query + JSON filter), starting/stopping sessions, check-ins with photos, receipts and vehicle profile."""
    kind = ctx.pick(("map", "session", "checkin", "account"))
    if kind == "map":
        pairs: list[tuple[str, Any]] = [("bbox", ",".join(f"{ctx.rng.uniform(-60, 60):.4f}" for _ in range(4))), ("connector[]", ctx.pick(_CONNECTORS)),
                                        ("min_power_kw", ctx.pick((7, 22, 50, 150, 350))), ("available", ctx.pick(("true", "false"))),
                                        ("q", ctx.pick((None, ctx.fake.city(), v.search_terms(ctx), f"{ctx.fake.company()} car park", "Tesco Extra -- level -1")))]
        q = qs(ctx, pairs)
        if ctx.chance(0.5):
            q += "&" + json_param(ctx, "filter", {"operator": {"in": [ctx.slot("json_query", "filter.operator.in", ctx.pick(("Ionity", "Fastned", "ChargePoint", "Osprey", ctx.fake.company())))]},
                                                   "amenities": {"any": [ctx.slot("json_query", "filter.amenities.any", ctx.pick(("toilets", "café", "24/7", "shop & food")))]},
                                                   "powerKw": {"gte": ctx.pick((50, 100, 150))}})
        return req("GET", "/evcharge/api/v3/locations", headers_for(ctx, ctx.pick(("mobile", "xhr"))), q)
    if kind == "session":
        r = ctx.rng.random()
        if r < 0.5:
            body: dict[str, Any] = {"evseId": j(ctx, "evseId", f"{ctx.pick(('GB', 'DE', 'NL', 'FR'))}*{ctx.pick(('IOY', 'FNL', 'OSP'))}*E{ctx.rng.randrange(10**5, 10**6)}*{ctx.rng.randint(1, 8)}"),
                                    "connectorId": ctx.rng.randint(1, 3), "authMethod": ctx.pick(("app", "rfid", "plug_and_charge")),
                                    "rfidUid": j(ctx, "rfidUid", v.hex_token(ctx, 14).upper()), "vehicle": {"nickname": j(ctx, "vehicle.nickname", ctx.pick((f"{ctx.fake.first_name()}'s {ctx.pick(('Leaf', 'Polestar 2', 'MG4'))}", "The Bus 🚐", "Work car")))},
                                    "maxKwh": ctx.pick((None, 20, 40)), "paymentMethodId": j(ctx, "paymentMethodId", "pm_" + v.alnum_token(ctx, 20))}
            return req("POST", "/evcharge/api/v3/sessions", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
        sess = seg(ctx, "session", ctx.fake.uuid4())
        if r < 0.8:
            return req("PATCH", f"/evcharge/api/v3/sessions/{sess}", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"),
                       body=dumps(ctx, {"status": "STOP_REQUESTED", "reason": j(ctx, "reason", ctx.pick(("user", "Car full -- 80% is enough", "")))}))
        return req("GET", f"/evcharge/api/v3/sessions/{sess}", headers_for(ctx, "mobile", auth="jwt"), qs(ctx, [("include", "meter_values,tariff")], fixed=("include",)))
    if kind == "checkin":
        fields = [("rating", str(ctx.rng.randint(1, 5))), ("outcome", ctx.pick(("charged", "could_not_charge", "waited", "comment_only"))),
                  ("connector", ctx.pick(_CONNECTORS)), ("comment", _checkin_text(ctx)), ("vehicle", ctx.pick(("Kia EV6", "Tesla Model 3 LR", "Renault Zoe R135", "VW ID.Buzz", "BYD Atto 3")))]
        photo = ("photo", f"IMG_{ctx.rng.randint(1000, 9999)}.HEIC", "image/heic", "")
        ctype, body2 = multipart(ctx, fields, [photo] if ctx.chance(0.5) else [])
        return req("POST", f"/evcharge/api/v3/locations/{seg(ctx, 'location', str(rid(ctx)))}/checkins", headers_for(ctx, "mobile", content_type=ctype, auth="jwt"), body=body2)
    if ctx.chance(0.5):
        pairs = [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("format", ctx.pick(("csv", "pdf", "json"))), ("vehicle", ctx.pick((None, "all", ctx.fake.license_plate())))]
        return req("GET", "/evcharge/api/v3/me/receipts", headers_for(ctx, ctx.pick(("xhr", "nav")), cookies=True), qs(ctx, pairs))
    body = {"vehicles": [{"make": j(ctx, f"vehicles[{i}].make", ctx.pick(("Kia", "Tesla", "Hyundai", "Škoda", "Citroën"))), "model": j(ctx, f"vehicles[{i}].model", ctx.pick(("EV6", "Model Y", "Enyaq iV 80", "ë-C4", "Ioniq 6"))),
                         "plate": j(ctx, f"vehicles[{i}].plate", ctx.fake.license_plate()), "batteryKwh": ctx.pick((58, 64, 77, 82))} for i in range(ctx.rng.randint(1, 2))],
            "invoiceAddress": {"company": j(ctx, "invoiceAddress.company", ctx.pick(("", ctx.fake.company()))), "vatId": j(ctx, "invoiceAddress.vatId", ctx.pick(("", f"GB{ctx.rng.randrange(10**8, 10**9)}")))}}
    return req("PUT", "/evcharge/api/v3/me/profile", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Grain elevator grower portal: cash bids, scale tickets, offers, scale-house sync
# --------------------------------------------------------------------------

_COMMODITIES = (("corn", "ZC"), ("soybeans", "ZS"), ("wheat_hrw", "KE"), ("wheat_srw", "ZW"), ("canola", "RS"), ("oats", "ZO"))
_MONTHS = "FHKNUXZ"


def _farm(ctx: Ctx) -> str:
    last = ctx.fake.last_name()
    return ctx.pick((f"{last} Farms LLC", f"O'{ctx.en.last_name()} Bros. & Sons", f"{last} & {ctx.fake.last_name()} Partnership", f"{ctx.fake.first_name()} {last}",
                     f"{last} Family Trust -- Section {ctx.rng.randint(1, 36)}", f"D'{ctx.en.last_name()} Land & Cattle Co."))


def _field_name(ctx: Ctx) -> str:
    return ctx.pick((f"North {ctx.rng.randint(40, 160)}", f"Home place (SE 1/4 Sec {ctx.rng.randint(1, 36)})", f"{ctx.fake.last_name()}'s quarter", f"Bin {ctx.rng.randint(1, 12)} -- dryer",
                     f"Rented ground #{ctx.rng.randint(1, 9)}", ctx.en.word().capitalize() + " creek"))


def _scale_ticket_xml(ctx: Ctx) -> str:
    tickets = []
    for i in range(ctx.rng.randint(1, 4)):
        commodity, _ = ctx.pick(_COMMODITIES)
        gross, tare = ctx.rng.randint(60000, 80000), ctx.rng.randint(25000, 32000)
        grower = enc_xml(str(ctx.slot("xml", f"ticket[{i}].grower", _farm(ctx))))
        truck = enc_xml(str(ctx.slot("xml", f"ticket[{i}].truck", ctx.pick((f"Truck {ctx.rng.randint(1, 20)}", ctx.fake.license_plate(), "Pete's semi")))))
        remarks = enc_xml(str(ctx.slot("xml", f"ticket[{i}].remarks", ctx.pick(("", _field_name(ctx), "Hot load -- probe again", "Sample held for DON test", v.sentence(ctx))))))
        tickets.append(f'  <ScaleTicket number="{ctx.rng.randrange(100000, 999999)}" location="{ctx.pick(("MAIN", "RIVER", "WEST-SPUR"))}">\n'
                       f"    <Grower>{grower}</Grower>\n    <Commodity>{commodity}</Commodity>\n    <Truck>{truck}</Truck>\n"
                       f'    <Weights unit="lb"><Gross>{gross}</Gross><Tare>{tare}</Tare><Net>{gross - tare}</Net></Weights>\n'
                       f'    <Grade moisture="{ctx.rng.randint(120, 220) / 10:.1f}" testWeight="{ctx.rng.randint(540, 620) / 10:.1f}" fm="{ctx.rng.randint(0, 40) / 10:.1f}" damage="{ctx.rng.randint(0, 50) / 10:.1f}"/>\n'
                       f"    <Remarks>{remarks}</Remarks>\n    <InTime>{v.iso_datetime(ctx)}</InTime>\n  </ScaleTicket>")
    return '<?xml version="1.0" encoding="utf-8"?>\n<ScaleTickets source="' + ctx.pick(("AgVantage", "ScaleLink 7", "GrainTrac")) + '">\n' + "\n".join(tickets) + "\n</ScaleTickets>\n"


@template(GROUP, ("/grainline/",))
def grain_elevator_portal(ctx: Ctx) -> Request:
    """Grain elevator: cash bids, scale-ticket search and landlord splits, target-price offers (form) and their cancellation, scale-house XML sync."""
    kind = ctx.pick(("bids", "tickets", "offer", "scale_sync"))
    commodity, root = ctx.pick(_COMMODITIES)
    if kind == "bids":
        pairs: list[tuple[str, Any]] = [("location", ctx.pick(("MAIN", "RIVER", "all", ctx.fake.city()))), ("commodity", commodity),
                                        ("futures", f"{root}{ctx.pick(_MONTHS)}{ctx.rng.randint(25, 27)}"), ("delivery", ctx.pick(("spot", "new_crop", f"{ctx.rng.randint(1, 12):02d}/2025")))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/grainline/api/cash-bids", headers_for(ctx, ctx.pick(("mobile", "xhr"))), qs(ctx, pairs))
    if kind == "tickets":
        if ctx.chance(0.5):
            pairs = [("season", ctx.pick(("2024", "2025"))), ("commodity", commodity), ("farm", ctx.pick((None, _farm(ctx)))), ("search", ctx.pick((None, _field_name(ctx), str(ctx.rng.randrange(100000, 999999))))),
                     ("unsettled", ctx.pick(("true", "false")))]
            return req("GET", "/grainline/api/tickets", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"), qs(ctx, pairs))
        shares = [{"payee": j(ctx, f"splits[{i}].payee", _farm(ctx)), "percent": p} for i, p in enumerate(ctx.pick(((100,), (50, 50), (66.67, 33.33), (75, 25), (40, 40, 20))))]
        body = {"splits": shares, "field": j(ctx, "field", _field_name(ctx)), "note": j(ctx, "note", ctx.pick(("", "1/3 crop share -- landlord pays 1/3 of drying", v.prose(ctx, 1, 2))))}
        return req("PUT", f"/grainline/api/tickets/{seg(ctx, 'ticket', str(ctx.rng.randrange(100000, 999999)))}/splits", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "offer":
        if ctx.chance(0.25):
            return req("DELETE", f"/grainline/api/offers/{seg(ctx, 'offer', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("offer[commodity]", commodity), ("offer[bushels]", str(ctx.rng.randrange(1000, 60000, 500))),
                  ("offer[price]", f"{ctx.rng.uniform(3.5, 14.5):.4f}"), ("offer[type]", ctx.pick(("cash", "basis", "hta"))), ("offer[futures_month]", f"{root}{ctx.pick(_MONTHS)}25"),
                  ("offer[expires]", ctx.pick(("gtc", "eod", v.iso_date(ctx)))), ("offer[farm]", _farm(ctx)),
                  ("offer[notes]", ctx.pick(("", "Fill partial OK -- min 5,000 bu", "Deliver from Bin 3 & 4; call before trucks roll", v.sentence(ctx))))]
        return req("POST", "/grainline/offers", _nav_headers(ctx, "/grainline/offers/new", "application/x-www-form-urlencoded"), body=form(ctx, fields, fixed=("authenticity_token",)))
    return req("POST", "/grainline/integrations/scale/tickets", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="basic"), body=_scale_ticket_xml(ctx))


# --------------------------------------------------------------------------
# R data-science course: exercise submissions, autosave, R Markdown uploads, forum
# --------------------------------------------------------------------------

_DATASETS = {
    "penguins": ("species", "island", "bill_length_mm", "flipper_length_mm", "body_mass_g", "sex"),
    "mtcars": ("mpg", "cyl", "hp", "wt", "am", "gear"),
    "gapminder": ("country", "continent", "year", "lifeExp", "pop", "gdpPercap"),
    "flights": ("carrier", "origin", "dest", "dep_delay", "arr_delay", "distance"),
    "survey": ("region", "age_group", "income", "satisfaction", "weight", "wave"),
}


def _r_code(ctx: Ctx) -> str:
    """R that a student writes: tidyverse pipes, base-R subsetting, models, plots, sqldf."""
    name = ctx.pick(tuple(_DATASETS))
    cols = _DATASETS[name]
    a, b, c = ctx.rng.sample(cols, 3)
    pipe = ctx.pick(("%>%", "|>"))
    n = ctx.rng.randint(1, 100)
    lines = []
    if ctx.chance(0.5):
        lines.append("library(" + ctx.pick(("dplyr", "tidyverse", "ggplot2", "palmerpenguins", "sqldf", "janitor")) + ")")
    if ctx.chance(0.3):
        lines.append(f"{name} <- read.csv(\"{ctx.pick(('data/', '~/course/', '../data/raw/'))}{name}.csv\", stringsAsFactors = FALSE)")
    r = ctx.rng.random()
    if r < 0.3:
        lines += [f"{name} {pipe}", f"  filter(!is.na({a}), {b} {ctx.pick(('>', '<', '>=', '!='))} {n}) {pipe}", f"  group_by({c}) {pipe}",
                  f"  summarise(mean_{a} = mean({a}, na.rm = TRUE), n = n()) {pipe}", f"  arrange(desc(mean_{a}))"]
    elif r < 0.45:
        lines += [f"ggplot({name}, aes(x = {a}, y = {b}, colour = {c})) +", f"  geom_{ctx.pick(('point', 'boxplot', 'line', 'col'))}(alpha = 0.{ctx.rng.randint(3, 9)}) +",
                  f"  labs(title = \"{ctx.pick((short_title(ctx, ('draft', 'v2')), ctx.en.sentence(nb_words=4).rstrip('.')))}\", x = \"{a}\", y = \"{b}\") +", "  theme_minimal()"]
    elif r < 0.58:
        lines += [f"fit <- lm({a} ~ {b} + {c}, data = {name})", "summary(fit)", f"plot(fit, which = {ctx.rng.randint(1, 4)})"]
    elif r < 0.7:
        lines += [f"subset <- {name}[{name}${a} > {n} & !is.na({name}${b}), c(\"{a}\", \"{b}\")]", "nrow(subset); head(subset, 10)"]
    elif r < 0.8:
        lines += [f"res <- sqldf(\"SELECT {c}, AVG({a}) AS avg_{a} FROM {name} WHERE {b} > {n} GROUP BY {c} ORDER BY avg_{a} DESC\")", "print(res)"]
    elif r < 0.9:
        lines += [f"z_score <- function(x) {{", "  (x - mean(x, na.rm = TRUE)) / sd(x, na.rm = TRUE)", "}",
                  f"{name}$z <- z_score({name}${a})", f"table({name}$z > 2, {name}${c})"]
    else:
        lines += [f"t.test({a} ~ {c}, data = {name}[{name}${c} %in% c(\"{ctx.en.word()}\", \"{ctx.en.word()}\"), ])", f"cor({name}${a}, {name}${b}, use = \"complete.obs\")"]
    if ctx.chance(0.5):
        lines.insert(ctx.rng.randint(0, len(lines)), "# " + _comment_in_locale(ctx))
    return "\n".join(lines)


def _r_error(ctx: Ctx) -> str:
    col = ctx.pick(tuple(c for cols in _DATASETS.values() for c in cols))
    return ctx.pick((f"Error in filter(., {col} > 5): object '{col}' not found", "Error: unexpected '}' in \"}\"",
                     f"Error in `summarise()`: ! Problem while computing `mean_{col} = mean({col})`.", "Warning message: Removed 11 rows containing missing values (`geom_point()`).",
                     f"Error in sqldf(\"SELECT * FROM df WHERE {col} = 'x'\"): no such column: {col}", "could not find function \"%>%\"", ""))


def _rmd(ctx: Ctx) -> str:
    title = short_title(ctx, ("assignment 3", "lab", "final"))
    chunks = []
    for i in range(ctx.rng.randint(1, 4)):
        chunks.append(f"## {ctx.pick(('Question', 'Task', 'Exercise'))} {i + 1}\n\n{v.prose(ctx, 1, 3, trap_rate=0.3)}\n\n```{{r q{i + 1}{ctx.pick(('', ', echo=FALSE', ', message=FALSE, warning=FALSE'))}}}\n{_r_code(ctx)}\n```")
    inline = f"The mean is `r round(mean({ctx.pick(('mtcars$mpg', 'penguins$body_mass_g', 'x'))}, na.rm = TRUE), 2)` -- see Figure 1."
    return (f"---\ntitle: \"{title.replace(chr(34), chr(39))}\"\nauthor: \"{v.full_name(ctx)}\"\ndate: \"{v.iso_date(ctx)}\"\noutput: {ctx.pick(('html_document', 'pdf_document', 'github_document'))}\n---\n\n"
            "```{r setup, include=FALSE}\nknitr::opts_chunk$set(echo = TRUE)\n```\n\n" + "\n\n".join(chunks) + "\n\n" + inline + "\n")


def _exercise(ctx: Ctx) -> str:
    return seg(ctx, "exercise", ctx.pick((f"ch{ctx.rng.randint(1, 12)}-{ctx.en.slug()}", f"week-{ctx.rng.randint(1, 10)}/ex-{ctx.rng.randint(1, 9)}")))


@template(GROUP, ("/rcourseware/",))
def rstats_course_lab(ctx: Ctx) -> Request:
    """An online R course: exercise submissions and hints (R code, error text), editor autosave (raw R), R Markdown assignment uploads, Q&A forum posts."""
    kind = ctx.pick(("submit", "hint", "autosave", "rmd", "forum"))
    if kind == "submit":
        body: dict[str, Any] = {"code": j(ctx, "code", _r_code(ctx)), "language": "r", "attempt": ctx.rng.randint(1, 9),
                                "console": [j(ctx, f"console[{i}]", ctx.pick((_r_code(ctx).splitlines()[-1], "head(df)", "str(penguins)", "?dplyr::across"))) for i in range(ctx.rng.randint(0, 3))],
                                "clientTime": v.iso_datetime(ctx)}
        return req("POST", f"/rcourseware/api/exercises/{_exercise(ctx)}/submissions", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "hint":
        pairs = [("attempt", ctx.rng.randint(1, 6)), ("last_error", _r_error(ctx)), ("lang", ctx.locale[:2])]
        return req("GET", f"/rcourseware/api/exercises/{_exercise(ctx)}/hints", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs, fixed=("lang",)))
    if kind == "autosave":
        path = seg(ctx, "file", ctx.pick(("analysis.R", "scripts/clean_data.R", f"{ctx.en.word()}.R", "week3/plots.R")))
        code = ctx.slot("multipart", "file", _r_code(ctx))
        return req("PUT", f"/rcourseware/api/workspaces/{ctx.rng.randrange(10**5, 10**6)}/files/{path}",
                   headers_for(ctx, "xhr", content_type="text/plain; charset=utf-8", auth="jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)), body=code + "\n")
    if kind == "rmd":
        content = ctx.slot("multipart", "report.Rmd", _rmd(ctx))
        fields = [("assignment_id", str(ctx.rng.randint(1, 40))), ("comment", ctx.pick(("", "Resubmitting -- fixed Q2's plot", v.prose(ctx, 1, 2))))]
        ctype, body2 = multipart(ctx, fields, [("file", f"{ctx.pick(('assignment', 'lab', 'report'))}_{ctx.fake.last_name().lower()}.Rmd", "text/x-markdown", content)])
        return req("POST", f"/rcourseware/assignments/{_exercise(ctx)}/upload", _nav_headers(ctx, "/rcourseware/assignments", ctype), body=body2)
    lang_block = f"```r\n{_r_code(ctx)}\n```"
    text = ctx.pick((f"{v.prose(ctx, 1, 2)}\n\n{lang_block}\n\nI get:\n\n```\n{_r_error(ctx) or 'NULL'}\n```", f"{lang_block}\n\n{v.prose(ctx, 1, 3)}", user_note(ctx)))
    body = {"title": j(ctx, "title", ctx.pick((f"Why does {ctx.pick(('filter()', 'mutate()', 'group_by()', 'ggplot'))} drop my NA's?", short_title(ctx, ("week 4", "help", "solved")), _r_error(ctx) or "Question"))),
            "body": j(ctx, "body", text), "tags": [j(ctx, "tags[0]", ctx.pick(("dplyr", "ggplot2", "regression", "sqldf", "homework")))], "anonymous": ctx.chance(0.2)}
    return req("POST", "/rcourseware/api/forum/threads", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Trading-strategy lab: Pine Script sources, backtests, alerts, screener expressions
# --------------------------------------------------------------------------


def _pine(ctx: Ctx) -> str:
    """A Pine Script strategy or indicator as traders write and share them."""
    fast_fn, slow_fn = ctx.pick(("ta.ema", "ta.sma", "ta.wma", "ta.hma")), ctx.pick(("ta.sma", "ta.ema", "ta.vwma"))
    fast, slow = ctx.rng.randint(5, 20), ctx.rng.randint(21, 200)
    name = ctx.pick((f"{ctx.en.word().capitalize()} {ctx.pick(('Cross', 'Breakout', 'Trend', 'Scalper'))}", f"{fast}/{slow} MA crossover", f"{ctx.fake.first_name()}'s RSI swing"))
    is_strategy = ctx.chance(0.65)
    head = f'strategy("{name}", overlay=true, initial_capital={ctx.pick((1000, 10000, 100000))}, default_qty_type=strategy.percent_of_equity, default_qty_value={ctx.rng.randint(5, 100)})' \
        if is_strategy else f'indicator("{name}", shorttitle="{name[:8]}", overlay={ctx.pick(("true", "false"))})'
    lines = [f"//@version={ctx.pick((5, 5, 6))}", head, f'fastLen = input.int({fast}, "Fast length", minval=1)', f'slowLen = input.int({slow}, "Slow length")',
             f"src = input.source(close, \"Source\")", f"fast = {fast_fn}(src, fastLen)", f"slow = {slow_fn}(src, slowLen)"]
    if ctx.chance(0.5):
        lines += [f"rsi = ta.rsi(close, {ctx.rng.randint(7, 21)})", f"longCond = ta.crossover(fast, slow) and rsi < {ctx.rng.randint(55, 75)} and volume > ta.sma(volume, 20)"]
    else:
        lines.append("longCond = ta.crossover(fast, slow) or (close > ta.highest(high[1], 20) and barstate.isconfirmed)")
    lines.append("shortCond = ta.crossunder(fast, slow)")
    if is_strategy:
        lines += ["if (longCond)", '    strategy.entry("Long", strategy.long)', "if shortCond", '    strategy.close("Long", comment="exit -- MA cross")']
        if ctx.chance(0.5):
            lines.append(f'strategy.exit("TP/SL", "Long", profit={ctx.rng.randint(50, 500)}, loss={ctx.rng.randint(20, 200)})')
    lines += ["plot(fast, color=color.new(color.teal, 0), title=\"Fast\")", "plot(slow, color=color.orange, linewidth=2)"]
    if ctx.chance(0.5):
        lines.append(f'alertcondition(longCond, title="Buy", message="{{{{ticker}}}} crossed up at {{{{close}}}} -- {ctx.en.word()}")')
    if ctx.chance(0.4):
        lines.insert(2, "// " + _comment_in_locale(ctx))
    return "\n".join(lines)


def _screener_expr(ctx: Ctx) -> str:
    return ctx.pick((f"close > ta.sma(close, {ctx.rng.randint(20, 200)}) and volume > {ctx.rng.randint(1, 9)}e6",
                     f"rsi(14) < {ctx.rng.randint(20, 35)} && market_cap >= {ctx.rng.randint(1, 50)}B",
                     f"(pe_ratio < {ctx.rng.randint(8, 25)} or dividend_yield > {ctx.rng.randint(2, 6)}%) and sector != 'Utilities'",
                     f"change(close, 5) / close[5] * 100 >= {ctx.rng.randint(5, 30)}", f"ema(9) crosses above ema(21) AND exchange IN ('NYSE','NASDAQ')",
                     synth_tech.formula(ctx)))


@template(GROUP, ("/stratlab/",))
def pinescript_strategy_lab(ctx: Ctx) -> Request:
    """A charting/trading-strategy site: saving Pine Script, backtests, publishing scripts (multipart), webhook alerts with message templates, a screener."""
    kind = ctx.pick(("save", "backtest", "publish", "alert", "screener"))
    symbol = ctx.pick(("NASDAQ:AAPL", "BINANCE:BTCUSDT", "NYSE:BRK.B", "LSE:VOD", "XETR:SAP", "FX:EURUSD", "CME_MINI:ES1!", "TSE:7203"))
    if kind == "save":
        script = seg(ctx, "script", ctx.pick((f"USER;{v.hex_token(ctx, 32)}", v.alnum_token(ctx, 8))))
        body: dict[str, Any] = {"name": j(ctx, "name", short_title(ctx, ("v2", "WIP", "do not use"))), "source": j(ctx, "source", _pine(ctx)), "version": ctx.rng.randint(1, 60),
                                "description": j(ctx, "description", ctx.pick(("", v.prose(ctx, 1, 2), "Long only; exits on the cross-under. Don't use on < 15m!")))}
        return req(ctx.pick(("PUT", "PUT", "PATCH")), f"/stratlab/api/scripts/{script}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "backtest":
        body = {"source": j(ctx, "source", _pine(ctx)), "symbol": j(ctx, "symbol", symbol), "timeframe": ctx.pick(("1", "15", "60", "240", "1D", "1W")),
                "range": {"from": v.iso_date(ctx), "to": v.iso_date(ctx)}, "inputs": {"fastLen": ctx.rng.randint(5, 20), "slowLen": ctx.rng.randint(21, 200)},
                "properties": {"commission_percent": round(ctx.rng.uniform(0, 0.2), 3), "slippage_ticks": ctx.rng.randint(0, 5)}}
        return req("POST", "/stratlab/api/backtests", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "publish":
        source = ctx.slot("multipart", "script.pine", _pine(ctx))
        desc = ctx.pick((v.markdown_post(ctx, code_rate=0.2), f"{v.prose(ctx, 1, 3)}\n\nRules:\n- Long when fast > slow && RSI < 70\n- Exit on cross-under", user_note(ctx)))
        fields = [("title", short_title(ctx, ("open source", "invite-only", "v3"))), ("description", desc), ("symbol", symbol),
                  ("visibility", ctx.pick(("public", "private", "invite_only"))), ("categories[]", ctx.pick(("trend", "oscillators", "volatility")))]
        ctype, body2 = multipart(ctx, fields, [("source", "strategy.pine", "text/plain", source)])
        return req("POST", "/stratlab/scripts/publish", _nav_headers(ctx, "/stratlab/scripts/new", ctype), body=body2)
    if kind == "alert":
        if ctx.chance(0.2):
            return req("DELETE", f"/stratlab/api/alerts/{seg(ctx, 'alert', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
        message = ctx.pick(('{"ticker": "{{ticker}}", "action": "{{strategy.order.action}}", "qty": {{strategy.order.contracts}}, "price": {{close}}}',
                            "{{ticker}} crossed {{plot_0}} at {{time}} -- check the 4h!", f"BUY {{{{ticker}}}} @ {{{{close}}}} | {v.sentence(ctx)}",
                            "{{exchange}}:{{ticker}} RSI < 30 ; vol={{volume}}"))
        body = {"symbol": j(ctx, "symbol", symbol), "condition": {"type": "script", "scriptId": v.alnum_token(ctx, 8), "plot": ctx.pick(("longCond", "Buy", "plot_0"))},
                "expression": j(ctx, "expression", _screener_expr(ctx)), "message": j(ctx, "message", message), "frequency": ctx.pick(("once", "once_per_bar_close", "every_time")),
                "webhookUrl": j(ctx, "webhookUrl", ctx.pick(("", f"https://hooks.{ctx.en.domain_name()}/tv/{v.alnum_token(ctx, 16)}", f"https://{ctx.en.domain_name()}/api/alerts?key={v.hex_token(ctx, 12)}")))}
        return req("POST", "/stratlab/api/alerts", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    pairs = [("expr", _screener_expr(ctx)), ("market", ctx.pick(("america", "uk", "crypto", "germany", "japan"))), ("sort", ctx.pick(("-volume", "change", "market_cap_basic"))),
             ("columns", "name,close,change,volume,market_cap_basic")]
    return req("GET", "/stratlab/api/screener", headers_for(ctx, "xhr", cookies=True), qs(ctx, pairs, fixed=("columns",)))


# --------------------------------------------------------------------------
# HPC cluster portal: Slurm REST submissions, job composer, file editor, job list
# --------------------------------------------------------------------------

_PARTITIONS = ("standard", "gpu", "highmem", "debug", "short", "long", "a100")


def _sbatch(ctx: Ctx, user: str) -> str:
    """A Slurm batch script as researchers write them: #SBATCH directives, modules, conda, srun, redirects."""
    job = ctx.pick((f"{ctx.en.word()}_{ctx.pick(('md', 'train', 'align', 'sim', 'fit'))}", f"run{ctx.rng.randint(1, 99)}", "gromacs-npt", "bwa_align", "cfd_mesh"))
    part = ctx.pick(_PARTITIONS)
    lines = ["#!/bin/bash", f"#SBATCH --job-name={job}", f"#SBATCH --partition={part}", f"#SBATCH --nodes={ctx.rng.randint(1, 8)}",
             f"#SBATCH --ntasks-per-node={ctx.pick((1, 4, 16, 32, 64))}", f"#SBATCH --time={ctx.rng.randint(0, 72):02d}:{ctx.pick(('00', '30'))}:00",
             f"#SBATCH --mem={ctx.pick(('4G', '32G', '128G', '0'))}", f"#SBATCH --output=logs/%x_%j.out", f"#SBATCH --error=logs/%x_%j.err"]
    if part in ("gpu", "a100"):
        lines.append(f"#SBATCH --gres=gpu:{ctx.pick(('a100', 'v100', 'h100'))}:{ctx.rng.randint(1, 4)}")
    if ctx.chance(0.4):
        lines.append(f"#SBATCH --array=1-{ctx.rng.randint(4, 500)}%{ctx.rng.randint(2, 20)}")
    if ctx.chance(0.4):
        lines += [f"#SBATCH --mail-user={ctx.fake.email()}", "#SBATCH --mail-type=END,FAIL"]
    lines += ["", "set -euo pipefail", "module purge", f"module load {ctx.pick(('gcc/12.2.0 openmpi/4.1.5', 'cuda/12.2 cudnn/8.9', 'GROMACS/2023.3-foss-2023a', 'R/4.3.1', 'samtools/1.19 bwa/0.7.17'))}"]
    if ctx.chance(0.4):
        lines.append(f"source ~/miniconda3/etc/profile.d/conda.sh && conda activate {ctx.pick(('torch', 'bio', 'env-' + ctx.en.word()))}")
    lines.append(f"cd ${{SLURM_SUBMIT_DIR}}" if ctx.chance(0.5) else f"cd /scratch/{user}/{ctx.en.word()}")
    r = ctx.rng.random()
    if r < 0.25:
        lines.append(f"srun python train.py --config configs/{ctx.en.word()}.yaml --epochs {ctx.rng.randint(5, 300)} --seed ${{SLURM_ARRAY_TASK_ID:-0}} > results/run_${{SLURM_JOB_ID}}.log 2>&1")
    elif r < 0.45:
        lines += ["gmx grompp -f npt.mdp -c nvt.gro -t nvt.cpt -p topol.top -o npt.tpr", "srun gmx_mpi mdrun -deffnm npt -ntomp ${SLURM_CPUS_PER_TASK:-1}"]
    elif r < 0.65:
        lines += ["SAMPLE=$(sed -n \"${SLURM_ARRAY_TASK_ID}p\" samples.txt)",
                  "bwa mem -t ${SLURM_NTASKS} ref/GRCh38.fa reads/${SAMPLE}_R1.fq.gz reads/${SAMPLE}_R2.fq.gz | samtools sort -@ 8 -o bam/${SAMPLE}.bam -",
                  "samtools index bam/${SAMPLE}.bam && echo \"done ${SAMPLE}\" >> progress.txt"]
    elif r < 0.8:
        lines += [f"mpirun -np $SLURM_NTASKS ./lmp -in in.{ctx.en.word()} -var T {ctx.rng.randint(100, 900)}", "tar czf out_${SLURM_JOB_ID}.tar.gz dump.* log.lammps"]
    else:
        lines += [f"Rscript analysis/{ctx.en.word()}.R --input data/ --out results/ 2>&1 | tee -a run.log",
                  f"for f in results/*.csv; do gzip -9 \"$f\"; done"]
    if ctx.chance(0.4):
        lines.insert(ctx.rng.randint(10, len(lines)), "# " + _comment_in_locale(ctx))
    return "\n".join(lines) + "\n"


@template(GROUP, ("/hpc-ondemand/",))
def hpc_slurm_portal(ctx: Ctx) -> Request:
    """An HPC centre's portal: Slurm REST job submission (JSON with the batch script), a web job composer (multipart), the file editor (raw text PUT), job lists and cancels."""
    kind = ctx.pick(("submit", "composer", "editor", "jobs"))
    user = ctx.pick((ctx.en.user_name(), f"{ctx.fake.first_name()[:1].lower()}{ctx.en.last_name().lower()}", f"ab{ctx.rng.randint(1000, 9999)}"))
    if kind == "submit":
        extra = (("X-SLURM-USER-NAME", header_slot(ctx, "X-SLURM-USER-NAME", user)), ("X-SLURM-USER-TOKEN", "eyJ" + v.alnum_token(ctx, 60)))
        body: dict[str, Any] = {"script": j(ctx, "script", _sbatch(ctx, user)),
                                "job": {"name": j(ctx, "job.name", ctx.pick((ctx.en.word(), f"sweep-{ctx.rng.randint(1, 99)}", short_title(ctx, ("test", "final"))))), "partition": ctx.pick(_PARTITIONS),
                                        "account": j(ctx, "job.account", ctx.pick((f"proj-{ctx.rng.randint(100, 999)}", f"{ctx.en.word()}-lab"))),
                                        "current_working_directory": j(ctx, "job.current_working_directory", f"/home/{user}/{ctx.pick(('projects', 'scratch', 'sims'))}/{ctx.en.word()}"),
                                        "environment": ["PATH=/bin:/usr/bin:/usr/local/bin", f"OMP_NUM_THREADS={ctx.pick((1, 4, 8))}", j(ctx, "job.environment[2]", f"PROJECT_DIR=/home/{user}/{ctx.en.word()}")],
                                        "time_limit": {"set": True, "number": ctx.rng.randint(10, 4320)}}}
        return req("POST", f"/hpc-ondemand/slurm/v0.0.{ctx.pick((39, 40, 41))}/job/submit", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if kind == "composer":
        script = ctx.slot("multipart", "job.sh", _sbatch(ctx, user))
        fields = [("workflow[name]", ctx.pick((short_title(ctx, ("copy", "template")), f"{ctx.en.word()} run {ctx.rng.randint(1, 20)}"))),
                  ("workflow[batch_host]", ctx.pick(("cluster1", "owens", "pitzer"))), ("workflow[account]", f"PAS{ctx.rng.randint(1000, 9999)}"),
                  ("workflow[notes]", ctx.pick(("", v.prose(ctx, 1, 2), user_note(ctx))))]
        ctype, body2 = multipart(ctx, fields, [("workflow[script]", ctx.pick(("job.sh", "submit.slurm", "run_array.sbatch")), "application/x-sh", script)])
        return req("POST", "/hpc-ondemand/pun/sys/myjobs/workflows", _nav_headers(ctx, "/hpc-ondemand/pun/sys/myjobs", ctype), body=body2)
    if kind == "editor":
        path = seg(ctx, "file", f"home/{user}/{ctx.pick(('jobs', 'projects/' + ctx.en.word(), 'scratch'))}/{ctx.pick(('run.sh', 'submit.slurm', 'array.sbatch', 'env.sh'))}")
        text = ctx.slot("multipart", "content", _sbatch(ctx, user))
        return req("PUT", f"/hpc-ondemand/pun/sys/dashboard/files/api/v1/fs/{path}", headers_for(ctx, "xhr", content_type="text/plain; charset=utf-8", cookies=True), body=text)
    if ctx.chance(0.3):
        return req("DELETE", f"/hpc-ondemand/slurm/v0.0.40/job/{seg(ctx, 'job', str(ctx.rng.randrange(10**6, 10**7)))}",
                   headers_for(ctx, "sdk", extra=(("X-SLURM-USER-NAME", header_slot(ctx, "X-SLURM-USER-NAME", user)), ("X-SLURM-USER-TOKEN", "eyJ" + v.alnum_token(ctx, 60)))))
    pairs = [("users", user), ("state", ctx.pick(("PENDING,RUNNING", "COMPLETED", "FAILED,TIMEOUT", "all"))), ("name", ctx.pick((None, ctx.en.word(), "*_md"))),
             ("partition", ctx.pick((None,) + _PARTITIONS)), ("update_time", ctx.rng.randrange(1_700_000_000, 1_760_000_000))]
    return req("GET", "/hpc-ondemand/pun/sys/activejobs/json", headers_for(ctx, "xhr", cookies=True), qs(ctx, pairs))


HOLDOUT4_A: tuple[str, ...] = (
    "farecard_transit", "blood_donor_scheduler", "travel_insurance_quote", "ev_charge_network",
    "grain_elevator_portal", "rstats_course_lab", "pinescript_strategy_lab", "hpc_slurm_portal",
)
