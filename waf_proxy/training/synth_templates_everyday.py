"""Train templates: everyday consumer and small-business apps.

A pharmacy refill app (NCPDP SCRIPT e-prescriptions, FHIR), a second-hand
marketplace with offers and chat, a budgeting app with bank CSV/OFX/QIF imports
and a plain-text ledger, a tenant portal, a school-parent payments app, an
airline loyalty programme, a meal-kit subscription and a charity's supporter
and volunteer CRM (HMRC Gift Aid XML). They exist because the content ordinary
people type into such apps -- "Apt #4B", "Allergic to penicillin & sulfa --
brand only", "Would you take £40?", `"SO: RENT -- FLAT 2"`, `; groceries`,
`^(TESCO|SAINSBURY'?S)`, "Nguyễn", "O'Hara's at #3" -- reads as an attack to a
naive filter; every user-controlled value goes through a slot.
"""

from __future__ import annotations

import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    csv_text, dumps, empty_file, form, form_headers, header_slot, j, multipart, preflight, qs, req, Request, rid, seg, short_title, site_headers, template, user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------

_NAMES = ("Zoë D'Angelo", "Nguyễn Thị Hoa", "Seán O'Brien", "Renée Müller-Lüdenscheidt", "Łukasz Wróblewski", "Chloé de la Fontaine",
          "Ngozi Okonkwo-Adeyemi", "Mary-Kate O'Sullivan", "Björn Åkesson", "Đặng Văn Minh", "José María Pérez", "Aoife Ní Bhriain",
          "Zeynep Yılmaz", "Anne-Marie D'Souza", "Siobhán McCarthy", "François L'Héritier")


def _name(ctx: Ctx) -> str:
    """A full name as people type it: Faker's in the request's locale, often with apostrophes, diacritics or hyphens."""
    return ctx.pick(_NAMES) if ctx.chance(0.15) else v.full_name(ctx)


def _line2(ctx: Ctx) -> str:
    """An address's second line: flats, units, suites and c/o, full of `#` and `/`."""
    return ctx.pick((f"Apt #{ctx.rng.randint(1, 40)}{ctx.pick('ABCDEF')}", f"Flat {ctx.rng.randint(1, 9)}/{ctx.rng.randint(1, 4)}", f"Unit {ctx.rng.randint(1, 300)}",
                     f"#{ctx.rng.randint(100, 2400)}", f"c/o {ctx.fake.company()}", f"Suite {ctx.rng.randint(100, 900)} / floor {ctx.rng.randint(2, 30)}",
                     f"Apt. {ctx.rng.randint(1, 20)}-{ctx.pick('ABC')}", "", "", f"Flat {ctx.rng.randint(1, 12)}, {ctx.rng.randint(1, 99)} O'Connell St"))


def _dob(ctx: Ctx) -> str:
    """A date of birth (Faker's own depends on today's date, which would break seeding)."""
    return f"{ctx.rng.randint(1935, 2015)}-{ctx.rng.randint(1, 12):02d}-{ctx.rng.randint(1, 28):02d}"


def _filter_param(ctx: Ctx, name: str, obj: dict[str, Any]) -> str:
    """A JSON filter document as one query parameter; its slotted strings are json_query slots."""
    return f"{name}={ctx.qenc(json.dumps(obj, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}"


def _amount(ctx: Ctx, lo: float, hi: float) -> str:
    """An amount as people type it into a form: plain, with a currency sign or a comma."""
    value = v.money(ctx, lo, hi)
    return ctx.pick((value, value, f"{ctx.pick(('$', '£', '€'))}{value}", value.replace(".", ",")))


def _pdf(ctx: Ctx, title: str) -> str:
    return f"%PDF-1.4\n% {title}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count 1 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"


# --------------------------------------------------------------------------
# Pharmacy refills: refill requests, transfers, e-prescriptions, FHIR from health apps
# --------------------------------------------------------------------------

_DRUGS = ("Amoxicillin 500 mg capsule", "Lisinopril 10 mg tablet", "Levothyroxine 75 mcg tablet", "Metformin ER 500 mg tablet", "Atorvastatin 20 mg",
          "Sertraline 50 mg tablet", "Salbutamol 100 mcg/dose inhaler", "Omeprazole 20 mg gastro-resistant capsule", "Insulin glargine 100 units/mL pen",
          "Amlodipine 5 mg", "Fluticasone/salmeterol 250/50 Diskus", "EpiPen 0.3 mg auto-injector", "Cetirizine 10 mg", "Prednisolone 5 mg (soluble)",
          "Co-codamol 30/500", "Estradiol 1 mg + norethisterone", "Methotrexate 2.5 mg -- WEEKLY")
_SIGS = ("Take 1 tablet by mouth once daily", "Take 1 capsule 3 times a day for 7 days -- finish the course", "1-2 puffs when required; max 8 puffs/24h",
         "Inject 12 units subcut at bedtime; titrate per glucose log", "Take 1/2 tablet (5 mg) in the morning", "Take one tablet twice daily with food; do NOT crush or chew",
         "Apply a thin layer to affected area b.i.d. & p.r.n.", "Take 6 tablets (30 mg) once daily for 5 days, then stop", "ONE tablet on the SAME day each week (Mondays)")


def _rx_number(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.rng.randrange(1000000, 9999999)}", f"RX{ctx.rng.randrange(100000, 999999)}-{ctx.rng.randint(1, 9)}", f"{ctx.rng.randrange(100, 999)}-{ctx.rng.randrange(10000, 99999)}"))


def _pharmacy_note(ctx: Ctx) -> str:
    last = ctx.fake.last_name()
    return ctx.pick((
        "Allergic to penicillin & sulfa drugs -- please double-check before filling.",
        f"Brand only (Synthroid) -- no generic substitution, per Dr. {last}'s note.",
        f"Can I pick up after 6pm? I'm at work till 5:30; my partner {_name(ctx)} may collect (DOB {_dob(ctx)}).",
        "Insurance changed on 1/1 -- new card uploaded; please select the new one, not the old one!",
        f"Please deliver to the side door -- #{ctx.rng.randint(1, 200)} is the blue house; the dog's friendly 🐶",
        f"Dose went from 50 mg to 75 mg; Dr. O'Connor sent a new script on {v.iso_date(ctx)}. Drop the old one from my list please.",
        f"Running low -- only {ctx.rng.randint(1, 4)} left. Going abroad on the {ctx.rng.randint(1, 28)}th, can I get a 90-day supply?",
        f"Call me on {ctx.fake.phone_number()} or e-mail {ctx.fake.email()} if there's a problem with the prior auth.",
        user_note(ctx), v.prose(ctx, 1, 2, trap_rate=0.4),
    ))


def _ncpdp_newrx(ctx: Ctx) -> str:
    """An NCPDP SCRIPT NewRx as the prescriber's e-prescribing software sends it."""
    first, last = v.person_name(ctx)
    x = {key: enc_xml(str(ctx.slot("xml", f"NewRx.{key}", value))) for key, value in (
        ("LastName", last), ("FirstName", first), ("AddressLine1", ctx.fake.street_address()), ("DrugDescription", ctx.pick(_DRUGS)),
        ("SigText", ctx.pick(_SIGS)), ("Note", ctx.pick(("Pt reports rash w/ PCN; no substitutions -- DAW 1", "Renewal; last HbA1c 7.2% (< 8 target)", v.sentence(ctx), ""))))}
    doc_first, doc_last = v.person_name(ctx)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Message xmlns="http://www.ncpdp.org/schema/SCRIPT" DatatypesVersion="20170715" TransportVersion="20170715" '
            'TransactionDomain="SCRIPT" TransactionVersion="20170715" StructuresVersion="20170715" ECLVersion="20170715">\n'
            f'  <Header>\n    <To Qualifier="P">{ctx.rng.randrange(1000000, 9999999)}</To>\n    <From Qualifier="C">{ctx.rng.randrange(10**12, 10**13)}</From>\n'
            f"    <MessageID>{v.hex_token(ctx, 32)}</MessageID>\n    <SentTime>{v.iso_datetime(ctx)}</SentTime>\n  </Header>\n  <Body>\n    <NewRx>\n"
            f"      <Patient><HumanPatient><Name><LastName>{x['LastName']}</LastName><FirstName>{x['FirstName']}</FirstName></Name>"
            f"<Gender>{ctx.pick('FMU')}</Gender><DateOfBirth><Date>{_dob(ctx)}</Date></DateOfBirth>"
            f"<Address><AddressLine1>{x['AddressLine1']}</AddressLine1><City>{enc_xml(ctx.fake.city())}</City><PostalCode>{enc_xml(ctx.fake.postcode())}</PostalCode></Address>"
            "</HumanPatient></Patient>\n"
            f"      <Prescriber><NonVeterinarian><Identification><NPI>{ctx.rng.randrange(10**9, 2 * 10**9)}</NPI></Identification>"
            f"<Name><LastName>{enc_xml(doc_last)}</LastName><FirstName>{enc_xml(doc_first)}</FirstName></Name></NonVeterinarian></Prescriber>\n"
            f"      <MedicationPrescribed>\n        <DrugDescription>{x['DrugDescription']}</DrugDescription>\n"
            f"        <Quantity><Value>{ctx.pick((30, 56, 60, 90, 1))}</Value><CodeListQualifier>38</CodeListQualifier><QuantityUnitOfMeasure><Code>C48542</Code></QuantityUnitOfMeasure></Quantity>\n"
            f"        <DaysSupply>{ctx.pick((7, 28, 30, 90))}</DaysSupply><Substitutions>{ctx.pick((0, 1))}</Substitutions><NumberOfRefills>{ctx.rng.randint(0, 11)}</NumberOfRefills>\n"
            f"        <Sig><SigText>{x['SigText']}</SigText></Sig>\n        <Note>{x['Note']}</Note>\n      </MedicationPrescribed>\n    </NewRx>\n  </Body>\n</Message>\n")


@template("train", ("/rxrefill/",), weight=1.1)
def pharmacy_refills(ctx: Ctx) -> Request:
    """Pharmacy: refill requests (JSON), transfers from another pharmacy (form), NCPDP SCRIPT e-prescriptions (XML), prescription settings, FHIR statements."""
    kind = ctx.pick(("refill", "refill", "transfer", "erx", "manage", "fhir"))
    if kind == "refill":
        delivery = ctx.chance(0.5)
        body: dict[str, Any] = {
            "patientId": ctx.fake.uuid4(),
            "prescriptions": [{"rxNumber": j(ctx, f"prescriptions[{i}].rxNumber", _rx_number(ctx)), "drugName": j(ctx, f"prescriptions[{i}].drugName", ctx.pick(_DRUGS)),
                               "quantity": ctx.pick((30, 60, 90)), "daysSupply": ctx.pick((30, 90))} for i in range(ctx.rng.randint(1, 3))],
            "fulfillment": {"type": "delivery" if delivery else ctx.pick(("pickup", "drive-thru")), "storeId": f"store-{ctx.rng.randrange(1000, 9999)}",
                            "window": ctx.pick(("09:00-12:00", "17:00-19:00", "asap"))},
            "notes": j(ctx, "notes", _pharmacy_note(ctx)), "contactPhone": j(ctx, "contactPhone", ctx.fake.phone_number()),
            "insurance": {"memberId": j(ctx, "insurance.memberId", ctx.fake.bothify("???#########").upper()), "rxBin": ctx.pick(("610014", "004336", "015581")),
                          "rxPcn": ctx.pick(("ADV", "MEDDPRIME", "9999")), "rxGroup": ctx.fake.bothify("RX####")} if ctx.chance(0.6) else None,
            "signatureOnFile": True,
        }
        if delivery:
            body["fulfillment"]["address"] = {"line1": j(ctx, "fulfillment.address.line1", ctx.fake.street_address()), "line2": j(ctx, "fulfillment.address.line2", _line2(ctx)),
                                              "city": ctx.fake.city(), "postalCode": ctx.fake.postcode()}
        if ctx.chance(0.2):  # a photo of the insurance card, inlined by the app
            body["insuranceCardFront"] = j(ctx, "insuranceCardFront", synth_tech.data_uri(ctx))
        return req("POST", "/rxrefill/api/v2/refill-requests", site_headers(ctx, ctx.pick(("mobile", "mobile", "xhr")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "transfer":
        meds = "\n".join(f"{ctx.pick(_DRUGS)} -- {ctx.pick(_SIGS).lower()}" for _ in range(ctx.rng.randint(1, 3)))
        fields: list[tuple[str, Any]] = [
            ("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("transfer[patient_name]", _name(ctx)), ("transfer[date_of_birth]", _dob(ctx)),
            ("transfer[from_pharmacy]", ctx.pick((f"Walgreen's #{ctx.rng.randint(1000, 9999)} -- 5th & Main", "Boots, 12 High St", f"CVS/pharmacy #{ctx.rng.randint(100, 9999):04d}",
                                                  f"{ctx.fake.last_name()}'s Chemist", ctx.fake.company()))),
            ("transfer[pharmacy_phone]", ctx.fake.phone_number()), ("transfer[rx_numbers]", ", ".join(_rx_number(ctx) for _ in range(ctx.rng.randint(1, 3)))),
            ("transfer[medications]", meds), ("transfer[notes]", ctx.pick(("", _pharmacy_note(ctx), "Moving house -- please transfer everything ASAP"))),
            ("transfer[consent]", "1"),
        ]
        return req("POST", "/rxrefill/transfers", form_headers(ctx, "/rxrefill/transfers/new"), body=form(ctx, fields, fixed=("authenticity_token", "transfer[consent]")))
    if kind == "erx":
        return req("POST", "/rxrefill/erx/ncpdp/inbound", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="basic"),
                   body=_ncpdp_newrx(ctx))
    if kind == "manage":
        rx = _rx_number(ctx)
        r = ctx.rng.random()
        if r < 0.3:
            pairs = [("status", ctx.pick(("active", "ready", "expired", "all"))), ("q", ctx.pick(("", ctx.pick(_DRUGS).split()[0], v.tricky_search(ctx)))),
                     ("member", ctx.pick(("me", "household"))), ("sort", ctx.pick(("next_refill", "-last_filled", "name")))]
            return req(ctx.pick(("GET", "GET", "HEAD")), "/rxrefill/api/v2/prescriptions", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"), qs(ctx, pairs))
        if r < 0.6:
            body = {"autoRefill": ctx.chance(0.6), "reminder": {"time": f"{ctx.rng.randint(6, 22):02d}:{ctx.pick(('00', '15', '30'))}", "channels": ctx.rng.sample(["push", "sms", "email"], ctx.rng.randint(1, 2))},
                    "nickname": j(ctx, "nickname", ctx.pick(("Mum's blood-pressure pills", "inhaler (blue)", f"{ctx.fake.first_name()}'s meds", ""))),
                    "pickupPerson": j(ctx, "pickupPerson", ctx.pick(("", _name(ctx))))}
            return req("PATCH", f"/rxrefill/api/v2/prescriptions/{seg(ctx, 'rx', rx)}/settings", site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"),
                       body=dumps(ctx, body))
        if r < 0.85:
            return req("DELETE", f"/rxrefill/api/v2/refill-requests/{seg(ctx, 'request', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"),
                       qs(ctx, [("reason", ctx.pick(("picked up elsewhere", "no longer needed -- doctor stopped it", "duplicate", "")))]))
        return preflight(ctx, "/rxrefill/api/v2/refill-requests", ("POST", "DELETE"), ("authorization,content-type", "authorization"))
    drug, sig = ctx.pick(_DRUGS), ctx.pick(_SIGS)
    body = {"resourceType": "MedicationStatement", "id": str(rid(ctx)), "status": ctx.pick(("active", "completed", "stopped")),
            "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": str(ctx.rng.randrange(100000, 2000000)), "display": drug}],
                                          "text": j(ctx, "medicationCodeableConcept.text", drug)},
            "subject": {"reference": f"Patient/{ctx.fake.uuid4()}", "display": j(ctx, "subject.display", _name(ctx))}, "effectivePeriod": {"start": v.iso_date(ctx)},
            "dosage": [{"text": j(ctx, "dosage[0].text", sig), "timing": {"repeat": {"frequency": ctx.rng.randint(1, 3), "period": 1, "periodUnit": "d"}}}],
            "note": [{"text": j(ctx, "note[0].text", ctx.pick((_pharmacy_note(ctx), "Stopped -- made me dizzy; GP aware", v.sentence(ctx))))}]}
    return req("PUT", f"/rxrefill/fhir/R4/MedicationStatement/{body['id']}", headers_for(ctx, ctx.pick(("sdk", "mobile")), content_type="application/fhir+json; fhirVersion=4.0", auth="jwt"),
               body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Second-hand marketplace: listings, offers, chat over GraphQL, search, seller CSV
# --------------------------------------------------------------------------

_ITEMS = (("Levi's 501 jeans W32 L30", "clothing"), ("IKEA Kallax 4x4 shelf", "furniture"), ("Nintendo Switch OLED + 3 games", "gaming"),
          ("Vintage Pyrex bowls (set of 4)", "home"), ("Brompton M6L folding bike", "bikes"), ("Dr. Martens 1460 boots, UK 7", "shoes"),
          ("Le Creuset 24cm casserole -- Volcanic", "kitchen"), ("Canon EF 50mm f/1.8 STM", "cameras"), ("Kids' Frozen duvet set", "kids"),
          ("Barbour Beaufort wax jacket", "clothing"), ("Stokke Tripp Trapp high chair", "kids"), ("Mid-century teak sideboard 160cm", "furniture"))


def _listing_text(ctx: Ctx, title: str) -> str:
    lines = [ctx.pick((f"Selling my {title}.", f"{title} -- {ctx.pick(('barely used', 'good condition', 'some wear (see pics)', 'new with tags'))}.", v.sentence(ctx)))]
    lines += ctx.rng.sample([
        f"Dimensions: W {ctx.rng.randint(20, 200)}cm x D {ctx.rng.randint(20, 80)}cm x H {ctx.rng.randint(10, 60)}\"",
        "Smoke-free & pet-free home.", f"Collection only from {ctx.fake.city()} (or can post for {ctx.pick(('£4.50', '$8', '5 €'))}).",
        "No time-wasters please -- price is firm / ONO", f"RRP {ctx.pick(('$', '£', '€'))}{ctx.rng.randint(60, 900)} -> selling for {ctx.pick(('$', '£', '€'))}{ctx.rng.randint(10, 300)}",
        f"#{ctx.en.word()} #vintage #y2k #{ctx.pick(('levis', 'ikea', 'nintendo', 'preloved'))}", f"Original receipt: {ctx.en.url()}{ctx.en.uri_path()}",
        "Small mark on the left side <1cm -- hardly noticeable.", v.prose(ctx, 1, 2, trap_rate=0.35), f"Questions? {ctx.pick(v._EMOJI)} DM or drop me a line at {ctx.fake.email()}",
    ], ctx.rng.randint(1, 4))
    return "\n".join(lines)


def _chat_text(ctx: Ctx) -> str:
    money = f"{ctx.pick(('£', '$', '€'))}{ctx.rng.randint(5, 400)}"
    return ctx.pick((
        "Hi! Is this still available?", f"Would you take {money}? Can collect Sat AM -- cash on collection.", "Is this still available?? 🙏",
        f"Bundle offer: both items for {money} incl. postage?", f"Lowest you'd go? I've seen it for {money} on eBay: https://www.ebay.com/itm/{ctx.rng.randrange(10**11, 10**12)}",
        f"My address: {ctx.fake.street_address()}, {_line2(ctx)} -- buzzer #{ctx.rng.randint(1, 60)}", "I'll send via PayPal F&F -- what's your e-mail?",
        "Sorry, sold -- I'll mark it as reserved/sold now.", f"Can you measure the inside? I need it to fit a 30\" x 20\" space; where's the scratch?",
        v.prose(ctx, 1, 2, trap_rate=0.3), f"{v.sentence(ctx)} {ctx.pick(v._EMOJI)}", f"OK deal -- {money}. I'm at {ctx.fake.phone_number()}, text me when you're outside.",
    ))


_GQL_SEND = ("mutation SendMessage($conversationId: ID!, $input: MessageInput!) {\n  sendMessage(conversationId: $conversationId, input: $input) {\n"
             "    message { id text createdAt sender { id displayName } }\n    conversation { id unreadCount }\n  }\n}")
_GQL_THREAD = ("query ConversationMessages($id: ID!, $before: String, $first: Int = 30) {\n  conversation(id: $id) {\n    listing { id title price { amount currency } }\n"
               "    messages(first: $first, before: $before) { edges { node { id text createdAt } } pageInfo { hasPreviousPage startCursor } }\n  }\n}")


@template("train", ("/secondhand/",), weight=1.2)
def resale_marketplace(ctx: Ctx) -> Request:
    """Second-hand marketplace: listings (multipart, JSON edits), offers and counter-offers, chat over GraphQL, faceted search, a pro seller's CSV inventory."""
    kind = ctx.pick(("listing", "offer", "offer", "chat", "search", "seller"))
    title, category = ctx.pick(_ITEMS)
    listing = str(ctx.rng.randrange(10**8, 10**9))
    if kind == "listing":
        r = ctx.rng.random()
        if r < 0.5:
            fields: list[tuple[str, Any]] = [("title", ctx.pick((title, short_title(ctx, ("like new", "bundle", "reduced!", "must go"))))), ("description", _listing_text(ctx, title)),
                                             ("price", _amount(ctx, 2, 600)), ("currency", ctx.pick(("GBP", "EUR", "USD"))), ("category", category),
                                             ("condition", ctx.pick(("new_with_tags", "like_new", "good", "fair"))), ("brand", ctx.pick(("Levi's", "IKEA", "Dr. Martens", "H&M", "Marks & Spencer", ctx.fake.company())))]
            fields += [("tags[]", ctx.pick(("vintage", "y2k", "retro", ctx.en.word(), "kids'", "mid-century"))) for _ in range(ctx.rng.randint(0, 3))]
            fields += [("shipping_options[]", opt) for opt in ctx.rng.sample(["collection", "royal_mail", "evri", "inpost_locker"], ctx.rng.randint(1, 2))]
            fields += [("photo_ids[]", ctx.fake.uuid4()) for _ in range(ctx.rng.randint(1, 4))]
            ctype, body = multipart(ctx, fields, [])
            return req("POST", "/secondhand/api/listings", site_headers(ctx, ctx.pick(("xhr", "mobile")), ctype, "jwt"), body=body)
        if r < 0.8:
            body2: dict[str, Any] = {"price": {"amount": v.money(ctx, 2, 600), "currency": ctx.pick(("GBP", "EUR", "USD"))}, "description": j(ctx, "description", _listing_text(ctx, title)),
                                     "status": ctx.pick(("active", "reserved", "sold")), "reservedFor": j(ctx, "reservedFor", ctx.pick(("", _name(ctx)))),
                                     "attributes": {"size": j(ctx, "attributes.size", ctx.pick(("M", "UK 7 / EU 41", "W32 L30", "one size", "Age 5-6"))), "colour": ctx.pick(v._COLORS)}}
            return req(ctx.pick(("PUT", "PATCH")), f"/secondhand/api/listings/{seg(ctx, 'listing', listing)}", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
                       body=dumps(ctx, body2))
        return req("DELETE", f"/secondhand/api/listings/{seg(ctx, 'listing', listing)}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("sold_elsewhere", "no_longer_available", "other"))), ("comment", ctx.pick(("", "Sold at a car boot sale 😅", v.sentence(ctx))))]))
    if kind == "offer":
        if ctx.chance(0.55):
            body2 = {"amount": {"value": v.money(ctx, 2, 500), "currency": ctx.pick(("GBP", "EUR", "USD"))}, "message": j(ctx, "message", _chat_text(ctx)),
                     "shipping": ctx.pick(("collection", "postage")), "bundleListingIds": [str(ctx.rng.randrange(10**8, 10**9)) for _ in range(ctx.rng.randint(0, 2))]}
            return req("POST", f"/secondhand/api/listings/{seg(ctx, 'listing', listing)}/offers", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
                       body=dumps(ctx, body2))
        action = ctx.pick(("counter", "accept", "decline", "withdraw"))
        body2 = {"action": action, "counterAmount": v.money(ctx, 2, 500) if action == "counter" else None,
                 "message": j(ctx, "message", ctx.pick(("", _chat_text(ctx), "Meet me halfway? Can't go lower than that -- it's nearly new.")))}
        return req("PATCH", f"/secondhand/api/offers/{seg(ctx, 'offer', v.alnum_token(ctx, 12))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body2))
    if kind == "chat":
        if ctx.chance(0.65):
            variables: dict[str, Any] = {"conversationId": f"conv_{v.alnum_token(ctx, 16)}",
                                         "input": {"text": j(ctx, "input.text", _chat_text(ctx)), "clientMessageId": ctx.fake.uuid4(),
                                                   "replyTo": ctx.pick((None, f"msg_{v.alnum_token(ctx, 12)}")), "quickReply": ctx.pick((None, "IS_AVAILABLE", "MAKE_OFFER"))}}
            doc = {"operationName": "SendMessage", "query": _GQL_SEND, "variables": variables}
        else:
            doc = {"operationName": "ConversationMessages", "query": _GQL_THREAD,
                   "variables": {"id": j(ctx, "id", f"conv_{v.alnum_token(ctx, 16)}"), "before": j(ctx, "before", ctx.pick((None, v.b64url(f"cursor:{rid(ctx)}".encode())))), "first": 30}}
        return req("POST", "/secondhand/graphql", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt",
                                                                accept="application/graphql-response+json, application/json"), body=dumps(ctx, doc))
    if kind == "search":
        if ctx.chance(0.75):
            pairs: list[tuple[str, Any]] = [("q", ctx.pick((v.search_terms(ctx), v.tricky_search(ctx), title.split(" -- ")[0], "levi's 501", "kids' bike 16\""))),
                                            ("category", category), ("price[min]", ctx.rng.randint(0, 20)), ("price[max]", ctx.rng.randint(25, 900))]
            pairs += [("size[]", s) for s in ctx.rng.sample(["XS", "S", "M", "L", "UK 7", "W32"], ctx.rng.randint(0, 2))]
            pairs += [("condition[]", c) for c in ctx.rng.sample(["new_with_tags", "like_new", "good"], ctx.rng.randint(0, 2))]
            pairs += [("sort", ctx.pick(("newest", "price_asc", "distance"))), ("lat", f"{ctx.rng.uniform(-50, 60):.4f}"), ("lng", f"{ctx.rng.uniform(-120, 140):.4f}"),
                      ("radius_km", ctx.pick((5, 10, 25, 50))), ("page", ctx.rng.randint(1, 9))]
            return req("GET", "/secondhand/api/search", headers_for(ctx, ctx.pick(("xhr", "mobile", "nav"))), qs(ctx, pairs, fixed=("lat", "lng")))
        body2 = {"query": j(ctx, "query", ctx.pick((v.search_terms(ctx), title))), "filters": {"category": category, "maxPrice": ctx.rng.randint(20, 500),
                 "brand": j(ctx, "filters.brand", ctx.pick(("Levi's", "Marks & Spencer", "", ctx.fake.company())))}, "notify": ctx.pick(("instant", "daily", "off")),
                 "label": j(ctx, "label", ctx.pick(("", "Bike for Zoë 🚲", short_title(ctx, ("cheap", "near me")))))}
        return req("POST", "/secondhand/api/saved-searches", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body2))
    if ctx.chance(0.2):
        return preflight(ctx, f"/secondhand/api/listings/{listing}", ("PUT", "PATCH", "DELETE"), ("authorization,content-type", "authorization,content-type,x-app-version"))
    rows: list[list[Any]] = [["sku", "title", "description", "price", "quantity", "condition"]]
    for i in range(ctx.rng.randint(2, 18)):
        t, _ = ctx.pick(_ITEMS)
        desc = ctx.pick((_listing_text(ctx, t), v.sentence(ctx), 'Size 10, "barely worn", no box', ""))
        if i == 0:
            t, desc = ctx.slot("multipart", "csv.title", t), ctx.slot("multipart", "csv.description", desc)
        rows.append([f"SKU-{ctx.rng.randrange(10000, 99999)}", t, desc, v.money(ctx, 2, 400), ctx.rng.randint(1, 5), ctx.pick(("new", "used - good", "used - fair"))])
    return req("PUT", "/secondhand/api/seller/inventory.csv", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/csv; charset=utf-8", auth=ctx.pick(("jwt", "apikey"))),
               qs(ctx, [("mode", ctx.pick(("upsert", "replace"))), ("dry_run", ctx.pick(("true", "false")))], fixed=("mode", "dry_run")), body=csv_text(rows))


# --------------------------------------------------------------------------
# Budgeting: bank CSV / OFX / QIF imports, transactions, categorisation rules, ledger, reports
# --------------------------------------------------------------------------

_MERCHANTS = ("TESCO STORES 2034", "SAINSBURY'S S/MKT", "AMZN Mktp UK*2K4L91 amzn.co.uk/pm", "UBER *TRIP HELP.UBER.COM", "PAYPAL *STEAMGAMES", "TFL TRAVEL CH",
              "MCDONALD'S 1234", "DD O'NEILL & SONS LTD", "SO: RENT -- FLAT 2", "NETFLIX.COM", "SPOTIFY P1F2A3B4", "CARD PAYMENT TO PRET A MANGER",
              "TFR TO SAVINGS REF: HOLIDAY", "SQ *JOE'S COFFEE", "SHELL 0432; A40 WESTBOUND", "APPLE.COM/BILL", "AUCHAN / VILLENEUVE", "REWE Markt GmbH",
              "Lidl sagt Danke", "BIZUM DE ZOË", "M&S SIMPLY FOOD", "H&M 0612", "SELECT & SAVE #44", "UNION SQUARE PARKING", "DROP-OFF LAUNDRY @ 5TH")
_CATEGORIES = ("Groceries", "Eating out", "Transport", "Rent & bills", "Subscriptions", "Shopping", "Kids", "Holidays", "Gifts", "Health", "Savings")


def _merchant(ctx: Ctx) -> str:
    if ctx.chance(0.7):
        return ctx.pick(_MERCHANTS)
    return ctx.pick((f"POS {ctx.rng.randint(1000, 9999)} {ctx.fake.company().upper()}", f"FPI {v.full_name(ctx).upper()} REF {ctx.rng.randrange(10**5, 10**6)}",
                     f"CARD {ctx.rng.randint(1000, 9999)} {ctx.fake.city().upper()}", f"{ctx.fake.company()} -- inv #{ctx.rng.randrange(1000, 99999)}"))


def _memo(ctx: Ctx) -> str:
    return ctx.pick(("", "split w/ Sam -- he owes me half", f"Birthday present for {ctx.fake.first_name()} 🎁", "refund pending (see e-mail from support@)",
                     "select 'Holidays' not 'Eating out'", "Weekly shop; incl. wine for Zoë's party", v.sentence(ctx), user_note(ctx)))


def _bank_file(ctx: Ctx) -> tuple[str, str, str]:
    """(file name, content type, content) of a bank export: CSV, OFX or QIF; the first transaction's payee is a slot."""
    n = ctx.rng.randint(2, 30)
    fmt = ctx.pick(("csv", "csv", "ofx", "qif"))
    payees = [ctx.slot("multipart", "file.payee", _merchant(ctx))] + [_merchant(ctx) for _ in range(n - 1)]
    dates = sorted(v.when(ctx) for _ in range(n))
    amounts = [round(ctx.rng.uniform(-250, 40), 2) if ctx.chance(0.9) else round(ctx.rng.uniform(100, 3000), 2) for _ in range(n)]
    if fmt == "csv":
        style = ctx.pick(("uk", "us", "eu"))
        rows: list[list[Any]] = [["Date", "Description", "Amount", "Balance"] if style != "eu" else ["Buchungstag", "Verwendungszweck", "Betrag", "Saldo"]]
        balance = round(ctx.rng.uniform(200, 9000), 2)
        for d, p, a in zip(dates, payees, amounts):
            balance = round(balance + a, 2)
            amount, bal = (f"{a:.2f}", f"{balance:.2f}") if style != "eu" else (f"{a:.2f}".replace(".", ","), f"{balance:.2f}".replace(".", ","))
            rows.append([d.strftime("%d/%m/%Y" if style == "uk" else "%m/%d/%Y" if style == "us" else "%d.%m.%Y"), p, amount, bal])
        return ctx.pick(("statement.csv", "Export (2).csv", "transactions_2025.csv")), "text/csv", csv_text(rows)
    if fmt == "ofx":
        txns = "".join(f"<STMTTRN><TRNTYPE>{'DEBIT' if a < 0 else 'CREDIT'}<DTPOSTED>{d:%Y%m%d}<TRNAMT>{a:.2f}<FITID>{v.hex_token(ctx, 12)}<NAME>{p}<MEMO>{ctx.pick(('', 'CONTACTLESS', 'ONLINE'))}</STMTTRN>\n"
                       for d, p, a in zip(dates, payees, amounts))
        body = ("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>"
                f"{ctx.pick(('GBP', 'USD', 'EUR'))}<BANKTRANLIST>\n{txns}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n")
        return "statement.ofx", "application/x-ofx", body
    txns = "".join(f"D{d:%m/%d/%Y}\nT{a:.2f}\nP{p}\n{'M' + _memo(ctx) + chr(10) if ctx.chance(0.3) else ''}^\n" for d, p, a in zip(dates, payees, amounts))
    return "export.qif", "application/qif", "!Type:Bank\n" + txns


def _ledger(ctx: Ctx) -> str:
    """A plain-text accounting journal (hledger/beancount style): `;` comments, quoted payees, postings."""
    cur = ctx.pick(("£", "$", "€", "GBP ", "USD "))
    lines = [f"; Imported from {ctx.pick(('Monzo', 'Chase', 'N26', 'Revolut'))} -- {ctx.pick(('March', 'Q2', 'June'))} {ctx.rng.randint(2024, 2025)}",
             f"; {ctx.slot('multipart', 'ledger.comment', ctx.pick((v.sentence(ctx), 'TODO: reconcile the union dues & the drop in savings', _memo(ctx))))}", ""]
    for i in range(ctx.rng.randint(2, 14)):
        payee = ctx.slot("multipart", "ledger.payee", _merchant(ctx)) if i == 0 else _merchant(ctx)
        amount = round(ctx.rng.uniform(1, 300), 2)
        cat = ctx.pick(_CATEGORIES).replace(" & ", "And").replace(" ", "")
        comment = f"  ; {ctx.pick(('groceries', 'shared:50%', 'tag:holiday', 'reimbursable', v.sentence(ctx)))}" if ctx.chance(0.4) else ""
        lines += [f'{v.iso_date(ctx)} {ctx.pick(("*", "!"))} "{payee}"{comment}', f"    Expenses:{cat}    {cur}{amount:.2f}", f"    Assets:Bank:{ctx.pick(('Current', 'Joint', 'Credit'))}", ""]
    return "\n".join(lines)


@template("train", ("/budgetly/",), weight=1.2)
def budget_tracker(ctx: Ctx) -> Request:
    """Budgeting: bank statement imports (CSV with quoted cells, OFX, QIF), transaction edits and splits, regex categorisation rules, a plain-text ledger, reports."""
    kind = ctx.pick(("import", "transaction", "transaction", "rules", "ledger", "reports"))
    account = ctx.pick((f"acc_{v.alnum_token(ctx, 10)}", str(rid(ctx))))
    if kind == "import":
        fname, ftype, content = _bank_file(ctx)
        fields = [("account_name", ctx.pick(("Joint -- Monzo", "Chase Sapphire (…4421)", "Girokonto", f"{ctx.fake.first_name()}'s savings", "Current"))),
                  ("date_format", ctx.pick(("DD/MM/YYYY", "MM/DD/YYYY", "auto"))), ("skip_duplicates", ctx.pick(("true", "false")))]
        ctype, body = multipart(ctx, fields, [("file", fname, ftype, content)])
        return req("POST", f"/budgetly/api/accounts/{seg(ctx, 'account', account)}/imports", site_headers(ctx, "xhr", ctype, "jwt"), body=body)
    if kind == "transaction":
        txn = f"txn_{v.alnum_token(ctx, 14)}"
        r = ctx.rng.random()
        if r < 0.45:
            total = v.price(ctx, 10, 400)
            splits = [{"amount": round(total / 2, 2), "category": ctx.pick(_CATEGORIES), "memo": j(ctx, f"splits[{i}].memo", _memo(ctx))} for i in range(ctx.rng.choice((0, 2)))]
            body2: dict[str, Any] = {"category": ctx.pick(_CATEGORIES), "memo": j(ctx, "memo", _memo(ctx)), "tags": [j(ctx, f"tags[{i}]", ctx.pick(("holiday-2025", "reimburse", "kids", ctx.en.word()))) for i in range(ctx.rng.randint(0, 2))],
                                     "splits": splits, "excludeFromReports": ctx.chance(0.1)}
            return req("PATCH", f"/budgetly/api/transactions/{seg(ctx, 'transaction', txn)}", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body2))
        if r < 0.8:
            body2 = {"accountId": account, "date": v.iso_date(ctx), "payee": j(ctx, "payee", ctx.pick((_merchant(ctx), f"{ctx.fake.first_name()} (cash)", ctx.fake.company()))),
                     "amount": -v.price(ctx, 1, 300), "currency": ctx.pick(("GBP", "USD", "EUR")), "category": ctx.pick(_CATEGORIES), "memo": j(ctx, "memo", _memo(ctx)),
                     "recurring": {"every": ctx.pick(("month", "week")), "until": v.iso_date(ctx)} if ctx.chance(0.2) else None}
            return req("POST", "/budgetly/api/transactions", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body2))
        return req("DELETE", f"/budgetly/api/transactions/{seg(ctx, 'transaction', txn)}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"),
                   qs(ctx, [("undo_token", v.alnum_token(ctx, 16))], fixed=("undo_token",)) if ctx.chance(0.3) else "")
    if kind == "rules":
        pattern = ctx.pick((("contains", "UBER *TRIP"), ("matches", r"^(TESCO|SAINSBURY'?S)\b"), ("matches", r"AMZN\s+Mktp.*\*[A-Z0-9]{6}"), ("starts_with", "DD "),
                            ("contains", "O'NEILL & SONS"), ("matches", r"(?i)netflix|spotify|disney\+"), ("equals", "SO: RENT -- FLAT 2"), ("contains", ctx.en.word().upper())))
        body2 = {"name": j(ctx, "name", ctx.pick(("Groceries (supermarkets)", "Subscriptions -- streaming", "Rent", short_title(ctx, ("auto", "rule"))))),
                 "conditions": [{"field": "description", "operator": pattern[0], "value": j(ctx, "conditions[0].value", pattern[1])},
                                {"field": "amount", "operator": ctx.pick(("lt", "gte")), "value": -ctx.rng.randint(1, 200)}][: ctx.rng.randint(1, 2)],
                 "actions": {"setCategory": ctx.pick(_CATEGORIES), "rename": j(ctx, "actions.rename", ctx.pick(("", "Tesco", "Uber", "Rent -- landlord"))), "addTags": [ctx.en.word()]},
                 "applyToExisting": ctx.chance(0.5), "priority": ctx.rng.randint(1, 50)}
        if ctx.chance(0.5):
            return req("POST", "/budgetly/api/rules", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
        return req("PUT", f"/budgetly/api/rules/{seg(ctx, 'rule', str(rid(ctx)))}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt",
                                                                                             extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)), body=dumps(ctx, body2))
    if kind == "ledger":
        return req("POST", "/budgetly/api/ledger/journal", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/plain; charset=utf-8", auth=ctx.pick(("jwt", "apikey"))),
                   qs(ctx, [("format", ctx.pick(("hledger", "beancount"))), ("dry_run", ctx.pick(("1", "0")))], fixed=("format", "dry_run")), body=_ledger(ctx))
    r = ctx.rng.random()
    if r < 0.15:
        return preflight(ctx, "/budgetly/api/transactions", ("POST", "PATCH", "DELETE"), ("authorization,content-type", "authorization"))
    pairs: list[tuple[str, Any]] = [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("group_by", ctx.pick(("category", "merchant", "month", "tag")))]
    pairs += [("accounts[]", ctx.pick((account, "joint", "all"))) for _ in range(ctx.rng.randint(1, 2))]
    pairs.append(("q", ctx.pick(("", _merchant(ctx), v.tricky_search(ctx), "select & save"))))
    q = qs(ctx, pairs)
    if r < 0.5:
        where = {"category": {"in": ctx.rng.sample(list(_CATEGORIES), 2)}, "payee": {"contains": ctx.slot("json_query", "where.payee", ctx.pick((_merchant(ctx), "O'Neill", "M&S")))}}
        q += "&" + _filter_param(ctx, "where", where)
    path = ctx.pick(("/budgetly/api/reports/spending", "/budgetly/api/reports/cashflow", "/budgetly/api/exports/transactions.csv"))
    return req("GET", path, headers_for(ctx, ctx.pick(("xhr", "mobile", "sdk")), auth="jwt", accept="text/csv" if path.endswith(".csv") else None), q)


# --------------------------------------------------------------------------
# Tenant portal: maintenance requests, rent, work orders, inspections, notices
# --------------------------------------------------------------------------

_FIX_CATEGORIES = ("Plumbing", "Electrical", "Appliances", "Heating / AC", "Pest control", "Locks & keys", "Windows/doors", "Mould & damp")


def _repair_text(ctx: Ctx) -> str:
    return ctx.pick((
        "Kitchen sink leaks under the cabinet -- I've put a bucket there but the floor's getting wet.",
        f"Boiler shows error F{ctx.rng.randint(10, 99)}; no hot water since {ctx.pick(('Monday', 'last night', 'the 3rd'))}. Tried resetting (held the button 10s) -- nothing.",
        "Mould on the bedroom ceiling (approx. 30cm x 20cm) -- it's back after the landlord's 'fix' in March.",
        f"Front door lock sticks; key only turns if you pull the door hard. Unit #{ctx.rng.randint(1, 40)}{ctx.pick('ABC')}.",
        "Smoke alarm in the hall beeps every 30 sec (low battery?) -- can't reach it, ceiling's 3m high.",
        f"Dishwasher won't drain; error 'E:24'. Model {ctx.fake.bothify('??-####').upper()}.",
        "Mice in the kitchen -- droppings behind the fridge & under the sink. Please send pest control, not just traps!",
        user_note(ctx), v.prose(ctx, 1, 3, trap_rate=0.4),
    ))


def _unit(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.rng.randint(1, 30)}{ctx.pick('ABCD')}", f"#{ctx.rng.randint(100, 1200)}", f"Flat {ctx.rng.randint(1, 9)}/{ctx.rng.randint(1, 4)}", f"Unit {ctx.rng.randint(1, 300)}"))


def _notice_html(ctx: Ctx) -> str:
    greeting = ctx.pick(("<p>Dear {{ tenant.first_name }},</p>", "<p>Hi {{ tenant.name | default: 'resident' }} 👋</p>", "<p>Dear Resident,</p>"))
    detail = ctx.pick((f"<p>The water will be <strong>shut off</strong> on {v.iso_date(ctx)} from 9am to 1pm (building {ctx.pick('ABC')}).</p>",
                       "<p>Parking lot re-striping: please move cars from rows 1&ndash;4 by <b>8:00 AM</b>.</p>",
                       "<p>{% if unit.has_balcony %}Please remove BBQs from balconies -- fire code.{% endif %}</p>",
                       f"<p>Your lease renewal is due; reply by {v.iso_date(ctx)} or see <a href=\"https://{ctx.en.domain_name()}/renew\">the portal</a>.</p>"))
    return greeting + detail + v.rich_html(ctx) + f"<p>-- {ctx.pick(('Management', ctx.fake.company(), v.full_name(ctx) + ', Property Manager'))}</p>"


@template("train", ("/tenantdesk/",), weight=1.2)
def tenant_portal(ctx: Ctx) -> Request:
    """Property management: tenants' maintenance requests (multipart, mobile JSON), rent payments and autopay, vendors' work orders, inspection checklists, notices."""
    kind = ctx.pick(("maintenance", "maintenance", "rent", "work_order", "inspection", "notice"))
    unit = _unit(ctx)
    if kind == "maintenance":
        if ctx.chance(0.6):
            fields: list[tuple[str, Any]] = [("request[unit]", unit), ("request[category]", ctx.pick(_FIX_CATEGORIES)),
                                             ("request[location]", ctx.pick(("Kitchen -- under the sink", "Bathroom #2", f"Unit {unit} / balcony", "Hallway (by the front door)", "Bedroom 1"))),
                                             ("request[description]", _repair_text(ctx)), ("request[permission_to_enter]", ctx.pick(("yes", "no"))),
                                             ("request[pets]", ctx.pick(("", "1 cat -- keep the door shut!", "dog (friendly)", "none")))]
            fields += [("request[preferred_times][]", t) for t in ctx.rng.sample(["mornings", "afternoons", "after 5pm", "weekends"], ctx.rng.randint(1, 2))]
            files = [empty_file("request[photos][]")] if ctx.chance(0.5) else [("request[photos][]", "leak.svg", "image/svg+xml", synth_tech.svg_image(ctx))] if ctx.chance(0.2) else []
            ctype, body = multipart(ctx, fields, files)
            return req("POST", "/tenantdesk/portal/maintenance_requests", form_headers(ctx, "/tenantdesk/portal/maintenance_requests/new", ctype), body=body)
        body2: dict[str, Any] = {"unitId": j(ctx, "unitId", unit), "category": ctx.pick(_FIX_CATEGORIES), "description": j(ctx, "description", _repair_text(ctx)),
                                 "urgent": ctx.chance(0.2), "entryPermission": {"granted": ctx.chance(0.7), "notes": j(ctx, "entryPermission.notes", ctx.pick(("", "Key under the mat -- JK, it's with the concierge", v.sentence(ctx))))},
                                 "contactPhone": j(ctx, "contactPhone", ctx.fake.phone_number())}
        return req("POST", "/tenantdesk/api/v1/maintenance-requests", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body2))
    if kind == "rent":
        if ctx.chance(0.6):
            fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("payment[amount]", _amount(ctx, 400, 3500)), ("payment[method]", ctx.pick(("ach", "card", "bank_transfer"))),
                      ("payment[account_holder]", _name(ctx)), ("payment[memo]", ctx.pick(("", f"June rent + $35 late fee -- sorry!", "Partial payment; rest on the 15th as agreed w/ Maria",
                                                                                        f"Rent for {unit} (incl. parking spot #{ctx.rng.randint(1, 80)})", v.sentence(ctx)))),
                      ("payment[save_method]", ctx.pick(("0", "1")))]
            return req("POST", "/tenantdesk/portal/payments", form_headers(ctx, "/tenantdesk/portal/payments/new"), body=form(ctx, fields, fixed=("authenticity_token",)))
        body2 = {"enabled": ctx.chance(0.8), "dayOfMonth": ctx.rng.randint(1, 5), "maxAmount": v.money(ctx, 800, 4000), "paymentMethodId": f"pm_{v.alnum_token(ctx, 20)}",
                 "note": j(ctx, "note", ctx.pick(("", "Split with roommate -- I pay 60%", v.sentence(ctx))))}
        return req("PUT", "/tenantdesk/api/v1/autopay", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "work_order":
        wo = f"WO-{ctx.rng.randrange(10000, 99999)}"
        r = ctx.rng.random()
        if r < 0.55:
            body2 = {"status": ctx.pick(("scheduled", "in_progress", "completed", "on_hold")), "assignedVendor": j(ctx, "assignedVendor", ctx.pick(("Joe's Plumbing & Heating", f"{ctx.fake.last_name()} & Sons", ctx.fake.company()))),
                     "scheduledFor": v.iso_datetime(ctx), "internalNotes": j(ctx, "internalNotes", ctx.pick((v.prose(ctx, 1, 2), "Tenant not home -- left a card; will retry Thu.", user_note(ctx)))),
                     "lineItems": [{"description": j(ctx, f"lineItems[{i}].description", ctx.pick(("1/2\" PEX coupling x2", "Labour -- 1.5 hrs", "P-trap (1-1/4\")", "Call-out fee", "Mould treatment 2m²"))),
                                    "qty": ctx.rng.randint(1, 4), "unitCost": v.money(ctx, 5, 250)} for i in range(ctx.rng.randint(0, 3))]}
            return req("PATCH", f"/tenantdesk/api/v1/work-orders/{seg(ctx, 'work_order', wo)}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt",
                                                                                                         extra=(("If-Match", f'W/"{v.hex_token(ctx, 16)}"'),)), body=dumps(ctx, body2))
        if r < 0.8:
            pairs = [("status", ctx.pick(("open", "scheduled", "completed"))), ("property", ctx.pick((ctx.fake.street_name(), "Maple Court", "all"))), ("q", ctx.pick(("", "leak", unit, v.tricky_search(ctx))))]
            return req("GET", "/tenantdesk/api/v1/work-orders", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
        return req("DELETE", f"/tenantdesk/api/v1/work-orders/{seg(ctx, 'work_order', wo)}", headers_for(ctx, "xhr", auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("duplicate", "tenant fixed it", "cancelled -- see notes")))]))
    if kind == "inspection":
        rooms = ctx.rng.sample(["Kitchen", "Living room", "Bathroom", "Bedroom 1", "Bedroom 2", "Hallway", "Balcony"], ctx.rng.randint(2, 5))
        items = [{"room": room, "item": ctx.pick(("Walls", "Floor", "Oven", "Windows", "Carpet", "Sink", "Blinds")), "condition": ctx.pick(("good", "fair", "poor", "damaged")),
                  "notes": j(ctx, f"[{i}].notes", ctx.pick(("", "Burn mark on worktop (~5cm) -- pre-existing, see photo #3", "Blu-tack marks; 2 nail holes", v.sentence(ctx), "OK")))}
                 for i, room in enumerate(rooms)]
        return req("PUT", f"/tenantdesk/api/v1/leases/{seg(ctx, 'lease', str(rid(ctx)))}/inspections/{ctx.pick(('move-in', 'move-out', 'periodic'))}",
                   headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, items))
    if ctx.chance(0.2):
        return preflight(ctx, "/tenantdesk/api/v1/notices", ("POST",), ("authorization,content-type", "content-type"))
    body2 = {"subject": j(ctx, "subject", ctx.pick(("Water shut-off", "Lease renewal", "Parking lot closed Tue", short_title(ctx, ("urgent", "reminder"))))),
             "bodyHtml": j(ctx, "bodyHtml", _notice_html(ctx)), "audience": {"propertyIds": [rid(ctx)], "units": [j(ctx, "audience.units[0]", unit)]},
             "channels": ctx.rng.sample(["email", "sms", "portal"], ctx.rng.randint(1, 3)), "sendAt": v.iso_datetime(ctx) if ctx.chance(0.4) else None}
    return req("POST", "/tenantdesk/api/v1/notices", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))


# --------------------------------------------------------------------------
# School-parent payments: wallet top-ups, trips, meal orders, shop items, MIS sync
# --------------------------------------------------------------------------

_MEALS = ("Jacket potato w/ cheese & beans", "Veggie lasagne (V)", "Chicken curry & rice -- mild", "Fish fingers, chips & peas", "Halal beef burger", "Packed lunch (from home)",
          "Pasta bake -- no cheese please", "Roast dinner (Thursday!)")


def _mis_sync(ctx: Ctx) -> str:
    """The school's MIS pushes pupils and contacts to the payments app."""
    pupils = []
    for i in range(ctx.rng.randint(1, 6)):
        first, last = v.person_name(ctx)
        if i == 0:
            first, last = ctx.slot("xml", "Pupil.Forename", first), ctx.slot("xml", "Pupil.Surname", last)
            contact = ctx.slot("xml", "Contact.Name", _name(ctx))
            notes = ctx.slot("xml", "Pupil.Notes", ctx.pick(("", "Nut allergy -- EpiPen in office", "Free school meals from Sept", v.sentence(ctx))))
        else:
            contact, notes = _name(ctx), ctx.pick(("", v.sentence(ctx)))
        pupils.append(f'    <Pupil UPN="{ctx.pick("ABCDEFGHJK")}{ctx.rng.randrange(10**11, 10**12)}" id="{rid(ctx)}">\n      <Forename>{enc_xml(str(first))}</Forename>\n'
                      f"      <Surname>{enc_xml(str(last))}</Surname>\n      <YearGroup>{ctx.rng.randint(0, 11)}</YearGroup>\n      <Class>{ctx.rng.randint(1, 6)}{ctx.pick('ABCD')}</Class>\n"
                      f"      <FSM>{ctx.pick(('true', 'false'))}</FSM>\n      <Notes>{enc_xml(str(notes))}</Notes>\n"
                      f'      <Contacts><Contact priority="1"><Name>{enc_xml(str(contact))}</Name><Email>{enc_xml(ctx.fake.email())}</Email>'
                      f"<Phone>{enc_xml(ctx.fake.phone_number())}</Phone></Contact></Contacts>\n    </Pupil>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<SchoolData xmlns="urn:schoolpay:mis-sync:2" urn="{ctx.rng.randrange(100000, 150000)}" generated="{v.iso_datetime(ctx)}">\n'
            "  <Pupils>\n" + "\n".join(pupils) + "\n  </Pupils>\n</SchoolData>\n")


@template("train", ("/schoolpay/",), weight=1.1)
def school_payments(ctx: Ctx) -> Request:
    """School payments: dinner-money wallet top-ups, trip checkout with consent (form), weekly meal pre-orders (JSON array), uniform shop, the finance office's CSV and MIS XML."""
    kind = ctx.pick(("topup", "trip", "meals", "meals", "shop", "office"))
    student = str(ctx.rng.randrange(100000, 999999))
    if kind == "topup":
        if ctx.chance(0.25):
            return req(ctx.pick(("GET", "HEAD")), f"/schoolpay/api/v3/students/{seg(ctx, 'student', student)}/wallet", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"),
                       qs(ctx, [("include", "transactions"), ("since", v.iso_date(ctx))], fixed=("include",)))
        body: dict[str, Any] = {"amount": {"value": v.money(ctx, 5, 100), "currency": ctx.pick(("GBP", "EUR", "USD"))}, "paymentMethodId": f"pm_{v.alnum_token(ctx, 24)}",
                                "savePaymentMethod": ctx.chance(0.5), "lowBalanceAlert": {"enabled": ctx.chance(0.6), "threshold": ctx.pick(("2.50", "5.00", "10.00"))},
                                "note": j(ctx, "note", ctx.pick(("", "For Zoë AND her brother -- split 50/50 please", "Lunch money wk 3", v.sentence(ctx))))}
        return req("POST", f"/schoolpay/api/v3/students/{seg(ctx, 'student', student)}/wallet/top-ups", site_headers(ctx, ctx.pick(("mobile", "mobile", "xhr")), "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "trip":
        trip = str(rid(ctx))
        fields: list[tuple[str, Any]] = [("_token", v.alnum_token(ctx, 40)), ("student_id", student), ("consent", ctx.pick(("yes", "no"))), ("amount", _amount(ctx, 3, 450)),
                                         ("instalments", ctx.pick(("1", "3", "6"))), ("medical_notes", ctx.pick(("None", "Asthma -- inhaler in bag", "Travel sick; gave Kwells before the coach", v.prose(ctx, 1, 1)))),
                                         ("dietary", ctx.pick(("", "vegetarian", "halal", "no pork & no nuts", "gluten-free (coeliac)"))),
                                         ("emergency_contact_name", _name(ctx)), ("emergency_contact_phone", ctx.fake.phone_number()), ("payer_name", _name(ctx)),
                                         ("gift_aid", ctx.pick(("0", "1")))]
        path = f"/schoolpay/trips/{trip}/checkout"
        return req("POST", path, form_headers(ctx, f"/schoolpay/trips/{trip}"), body=form(ctx, fields, fixed=("_token",)))
    if kind == "meals":
        if ctx.chance(0.75):
            days = [v.when(ctx).date().isoformat() for _ in range(ctx.rng.randint(1, 5))]
            orders = [{"date": d, "mealId": ctx.rng.randrange(100, 999), "choice": j(ctx, f"[{i}].choice", ctx.pick(_MEALS)), "dessert": ctx.pick((True, False)),
                       "allergens": ctx.rng.sample(["nuts", "dairy", "gluten", "egg", "sesame"], ctx.rng.randint(0, 2)),
                       "note": j(ctx, f"[{i}].note", ctx.pick(("", "Small portion please", "NO peas 🙃", "She's fasting for Ramadan -- no lunch Mon-Thu")))} for i, d in enumerate(days)]
            return req("PUT", f"/schoolpay/api/v3/students/{seg(ctx, 'student', student)}/meal-orders", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"),
                       qs(ctx, [("week", f"{ctx.rng.randint(2024, 2026)}-W{ctx.rng.randint(1, 52):02d}")], fixed=("week",)), body=dumps(ctx, orders))
        return req("DELETE", f"/schoolpay/api/v3/meal-orders/{seg(ctx, 'order', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("sick", "packed lunch", "school trip", "")))]))
    if kind == "shop":
        school = str(ctx.rng.randrange(100000, 150000))
        if ctx.chance(0.5):
            pairs = [("category", ctx.pick(("uniform", "trips", "clubs", "music-lessons", "pta"))), ("year_group", ctx.rng.randint(0, 11)),
                     ("q", ctx.pick(("", "PE kit", "book bag", "jumper age 7-8", v.tricky_search(ctx))))]
            return req("GET", f"/schoolpay/api/v3/schools/{seg(ctx, 'school', school)}/items", headers_for(ctx, ctx.pick(("mobile", "xhr", "nav"))), qs(ctx, pairs))
        body = {"schoolId": school, "items": [{"itemId": rid(ctx), "qty": ctx.rng.randint(1, 3), "size": j(ctx, f"items[{i}].size", ctx.pick(("Age 5-6", "Age 7-8", "32\" chest", "S", "11-12 yrs"))),
                                               "personalisation": j(ctx, f"items[{i}].personalisation", ctx.pick(("", f"Name tape: {_name(ctx)}", "Initials: Z.O'B.")))}
                                              for i in range(ctx.rng.randint(1, 3))], "collectFrom": ctx.pick(("class", "office"))}
        return req("POST", "/schoolpay/api/v3/basket", site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"), body=dumps(ctx, body))
    if ctx.chance(0.5):
        return req("POST", "/schoolpay/admin/api/mis/sync", headers_for(ctx, "sdk", content_type="application/xml", auth="apikey"), body=_mis_sync(ctx))
    if ctx.chance(0.2):
        return preflight(ctx, "/schoolpay/admin/api/charges/import", ("POST",), ("authorization,content-type", "content-type"))
    rows: list[list[Any]] = [["Student", "Class", "Item", "Amount", "Due", "Notes"]]
    for i in range(ctx.rng.randint(2, 25)):
        name, notes = _name(ctx), ctx.pick(("", "paid cash -- see receipt #" + str(ctx.rng.randint(100, 999)), "sibling discount (-10%)", v.sentence(ctx)))
        if i == 0:
            name, notes = ctx.slot("multipart", "csv.student", name), ctx.slot("multipart", "csv.notes", notes)
        rows.append([name, f"{ctx.rng.randint(1, 6)}{ctx.pick('ABCD')}", ctx.pick(("Trip: Science Museum", "Recorder club (Spring)", "Swimming, Y4", "Book fair")), v.money(ctx, 1, 60), v.iso_date(ctx), notes])
    return req("POST", "/schoolpay/admin/api/charges/import", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/csv", auth="jwt"), body=csv_text(rows))


# --------------------------------------------------------------------------
# Airline loyalty: activity and profile, missing-miles claims, award search (GraphQL), partner accruals (XML), household
# --------------------------------------------------------------------------

_AIRPORTS = ("LHR", "JFK", "CDG", "FRA", "AMS", "DXB", "SIN", "HND", "SFO", "YYZ", "MAD", "IST", "DUB", "EDI", "GRU", "SYD")

_GQL_AWARD = ("query AwardSearch($origin: String!, $destination: String!, $date: Date!, $cabin: Cabin, $passengers: Int = 1, $flexDays: Int) {\n"
              "  awardAvailability(origin: $origin, destination: $destination, date: $date, cabin: $cabin, passengers: $passengers, flexDays: $flexDays) {\n"
              "    date flights { flightNumber departs arrives cabins { cabin miles taxes { amount currency } seats } }\n  }\n}")
_GQL_HOLD = ("mutation HoldAward($offerId: ID!, $passengers: [PassengerInput!]!) {\n  holdAward(offerId: $offerId, passengers: $passengers) {\n"
             "    pnr expiresAt errors { code message }\n  }\n}")


def _member_no(ctx: Ctx) -> str:
    return str(ctx.rng.randrange(10**8, 10**9))


def _partner_batch(ctx: Ctx) -> str:
    partner = ctx.pick(("Hotel", "CarRental", "CreditCard", "Rail"))
    rows = []
    for i in range(ctx.rng.randint(1, 5)):
        last, desc = ctx.fake.last_name(), ctx.pick((f"Stay at \"{ctx.fake.company()}\" -- {ctx.rng.randint(1, 9)} nights", f"Car rental {ctx.pick(_AIRPORTS)} -> {ctx.pick(_AIRPORTS)}",
                                                     f"Card spend {ctx.pick(('May', 'June'))} (x1.5 bonus)", f"Rail: {ctx.fake.city()} & back", v.sentence(ctx)))
        if i == 0:
            last, desc = ctx.slot("xml", "Accrual.LastName", last), ctx.slot("xml", "Accrual.Description", desc)
        rows.append(f'  <Accrual ref="{v.alnum_token(ctx, 10).upper()}">\n    <MemberNumber>{_member_no(ctx)}</MemberNumber>\n    <LastName>{enc_xml(str(last))}</LastName>\n'
                    f"    <Description>{enc_xml(str(desc))}</Description>\n    <ActivityDate>{v.iso_date(ctx)}</ActivityDate>\n"
                    f'    <Spend currency="{ctx.pick(("USD", "EUR", "GBP"))}">{v.money(ctx, 20, 3000)}</Spend>\n    <Miles>{ctx.rng.randint(100, 12000)}</Miles>\n  </Accrual>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<AccrualBatch partnerType="{partner}" partnerCode="{v.alnum_token(ctx, 4).upper()}" batchId="{ctx.fake.uuid4()}">\n'
            + "\n".join(rows) + "\n</AccrualBatch>\n")


@template("train", ("/milesclub/",), weight=1.1)
def airline_loyalty(ctx: Ctx) -> Request:
    """Airline loyalty: activity and profile (meal codes, passport names), missing-miles claims (multipart + PDF), award search and holds over GraphQL, partner accruals (XML), household pooling."""
    kind = ctx.pick(("account", "claim", "award", "award", "partner", "household"))
    member = _member_no(ctx)
    if kind == "account":
        if ctx.chance(0.5):
            pairs = [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("type", ctx.pick(("flight", "partner", "flight,partner", "redemption"))), ("page", ctx.rng.randint(1, 8)),
                     ("q", ctx.pick(("", "BA 117", ctx.pick(_AIRPORTS), v.tricky_search(ctx))))]
            return req(ctx.pick(("GET", "GET", "HEAD")), f"/milesclub/api/members/{seg(ctx, 'member', member)}/activity", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"), qs(ctx, pairs))
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {"nameOnPassport": {"given": j(ctx, "nameOnPassport.given", first.upper() if ctx.chance(0.3) else first), "surname": j(ctx, "nameOnPassport.surname", last)},
                                "knownTravelerNumber": j(ctx, "knownTravelerNumber", ctx.fake.bothify("#########")), "seatPreference": ctx.pick(("aisle", "window", "none")),
                                "mealPreference": j(ctx, "mealPreference", ctx.pick(("VGML", "GFML -- gluten-free; no nuts please", "KSML", "HNML", "Vegan (no honey)", "none"))),
                                "emergencyContact": {"name": j(ctx, "emergencyContact.name", _name(ctx)), "phone": ctx.fake.phone_number()},
                                "address": {"line1": j(ctx, "address.line1", ctx.fake.street_address()), "line2": j(ctx, "address.line2", _line2(ctx)), "country": ctx.fake.country_code()}}
        return req("PATCH", "/milesclub/api/members/me", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "claim":
        carrier = ctx.pick(("BA", "AA", "IB", "AY", "QR", "JL"))
        fields: list[tuple[str, Any]] = [("member_number", member), ("ticket_number", f"{ctx.pick(('125', '001', '075', '105'))}-{ctx.rng.randrange(10**9, 10**10)}"),
                                         ("pnr", v.alnum_token(ctx, 6).upper()), ("flight_number", f"{carrier} {ctx.rng.randint(1, 2999)}"), ("flight_date", v.iso_date(ctx)),
                                         ("origin", ctx.pick(_AIRPORTS)), ("destination", ctx.pick(_AIRPORTS)), ("seat", f"{ctx.rng.randint(1, 60)}{ctx.pick('ABCDEFHJK')}"),
                                         ("name_on_ticket", f"{ctx.fake.last_name().upper()}/{ctx.fake.first_name().upper()} {ctx.pick(('MR', 'MS', 'MRS', 'DR'))}"),
                                         ("comments", ctx.pick(("", f"Booked via {ctx.fake.company()}; the FF number wasn't added at check-in.", "Operated by partner -- codeshare "
                                                                + f"{carrier}{ctx.rng.randint(1000, 9999)}", v.prose(ctx, 1, 2))))]
        files = [("boarding_pass", f"BoardingPass_{ctx.fake.last_name()}.pdf", "application/pdf", _pdf(ctx, "boarding pass"))] if ctx.chance(0.6) else [empty_file("boarding_pass")]
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", "/milesclub/claims/missing-miles", form_headers(ctx, "/milesclub/claims/missing-miles/new", ctype), body=body2)
    if kind == "award":
        if ctx.chance(0.7):
            doc = {"operationName": "AwardSearch", "query": _GQL_AWARD,
                   "variables": {"origin": j(ctx, "origin", ctx.pick(_AIRPORTS)), "destination": j(ctx, "destination", ctx.pick(_AIRPORTS)), "date": v.iso_date(ctx),
                                 "cabin": ctx.pick(("ECONOMY", "PREMIUM", "BUSINESS", "FIRST")), "passengers": ctx.rng.randint(1, 4), "flexDays": ctx.pick((0, 3, 7))}}
        else:
            pax = [{"firstName": j(ctx, f"passengers[{i}].firstName", ctx.fake.first_name()), "lastName": j(ctx, f"passengers[{i}].lastName", v.person_name(ctx)[1]),
                    "dateOfBirth": _dob(ctx), "frequentFlyer": _member_no(ctx)} for i in range(ctx.rng.randint(1, 3))]
            doc = {"operationName": "HoldAward", "query": _GQL_HOLD, "variables": {"offerId": v.b64url(ctx.rng.randbytes(18)), "passengers": pax}}
        return req("POST", "/milesclub/graphql", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, doc))
    if kind == "partner":
        extra = (("X-Partner-Id", header_slot(ctx, "X-Partner-Id", ctx.pick((v.alnum_token(ctx, 8).upper(), ctx.fake.company()[:24], "hotel-" + ctx.en.word())))),)
        return req("POST", "/milesclub/partners/v1/accruals", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")), auth=ctx.pick(("apikey", "basic")), extra=extra),
                   body=_partner_batch(ctx))
    r = ctx.rng.random()
    if r < 0.45:
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("invitee_name", _name(ctx)), ("invitee_email", ctx.fake.email()),
                  ("relationship", ctx.pick(("spouse/partner", "child", "parent", "other"))), ("message", ctx.pick(("", "Join our household so we can pool miles for Lisbon! ✈️", v.sentence(ctx))))]
        return req("POST", "/milesclub/account/household/invite", form_headers(ctx, "/milesclub/account/household"), body=form(ctx, fields, fixed=("authenticity_token",)))
    if r < 0.75:
        return req("DELETE", f"/milesclub/api/household/members/{seg(ctx, 'member', _member_no(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("left household", "divorce -- please remove", "")))]))
    return preflight(ctx, "/milesclub/api/members/me", ("PATCH",), ("authorization,content-type", "authorization,content-type,x-app-version"))


# --------------------------------------------------------------------------
# Meal-kit subscription: weekly selections, preferences, delivery instructions, ratings, courier webhooks
# --------------------------------------------------------------------------

_RECIPES = ("Crispy gnocchi & pesto traybake", "Korean-style beef bibimbap", "Chana masala w/ basmati", "Miso-glazed salmon", "Smoky bean quesadillas",
            "Thai green curry (mild)", "Chicken katsu -- panko & tonkatsu sauce", "One-pot orzo primavera", "Harissa halloumi & couscous")


@template("train", ("/mealbox/",), weight=1.1)
def meal_kit_subscription(ctx: Ctx) -> Request:
    """Meal kits: weekly recipe selections and skips, diet preferences, delivery instructions (form), recipe ratings, signed courier webhooks."""
    kind = ctx.pick(("menu", "menu", "prefs", "delivery", "rating", "courier"))
    sub = f"sub_{v.alnum_token(ctx, 12)}"
    week = f"{ctx.rng.randint(2024, 2026)}-W{ctx.rng.randint(1, 52):02d}"
    if kind == "menu":
        r = ctx.rng.random()
        if r < 0.6:
            body: dict[str, Any] = {"recipes": [{"recipeId": ctx.rng.randrange(1000, 99999), "servings": ctx.pick((2, 4)),
                                                 "swaps": [{"from": ctx.pick(("chicken", "rice", "beef")), "to": j(ctx, f"recipes[{i}].swaps[0].to", ctx.pick(("tofu", "cauliflower rice", "Beyond mince", "extra veg")))}] if ctx.chance(0.3) else []}
                                                for i in range(ctx.rng.randint(2, 5))],
                                    "addOns": [ctx.pick(("garlic-bread", "cookie-dough", "fruit-box", "wine-red"))],
                                    "note": j(ctx, "note", ctx.pick(("", "No coriander/cilantro -- tastes like soap!", "Leave the chillies out pls 🌶️", v.sentence(ctx))))}
            return req("PUT", f"/mealbox/api/subscriptions/{seg(ctx, 'subscription', sub)}/deliveries/{week}/selections", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
                       body=dumps(ctx, body))
        if r < 0.85:
            body = {"reason": ctx.pick(("travelling", "too_much_food", "budget", "other")), "comment": j(ctx, "comment", ctx.pick(("", "On holiday in Crete 🏖️ -- back on the 20th", user_note(ctx))))}
            return req("POST", f"/mealbox/api/subscriptions/{seg(ctx, 'subscription', sub)}/deliveries/{week}/skip", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"),
                       body=dumps(ctx, body))
        return req("DELETE", f"/mealbox/api/subscriptions/{seg(ctx, 'subscription', sub)}/deliveries/{week}/skip", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))
    if kind == "prefs":
        body = {"diet": ctx.pick(("omnivore", "pescatarian", "vegetarian", "vegan", "flexitarian")), "allergens": ctx.rng.sample(["peanuts", "tree nuts", "dairy", "gluten", "shellfish", "sesame", "soy"], ctx.rng.randint(0, 3)),
                "dislikes": j(ctx, "dislikes", ctx.pick(("no coriander/cilantro -- tastes like soap; mushrooms OK", "olives, anchovies & blue cheese", "nothing too spicy (kids are 4 & 7)", "", v.sentence(ctx)))),
                "plan": {"people": ctx.pick((1, 2, 4)), "mealsPerWeek": ctx.rng.randint(2, 5)}, "spiceLevel": ctx.pick(("mild", "medium", "hot"))}
        return req("PATCH", "/mealbox/api/me/preferences", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "delivery":
        fields = [("_csrf", v.alnum_token(ctx, 36)), ("address[line1]", ctx.fake.street_address()), ("address[line2]", _line2(ctx)), ("address[city]", ctx.fake.city()),
                  ("address[postcode]", ctx.fake.postcode()), ("delivery[day]", ctx.pick(("monday", "wednesday", "saturday"))), ("delivery[window]", ctx.pick(("07:00-12:00", "12:00-18:00", "18:00-22:00"))),
                  ("delivery[instructions]", ctx.pick((f"Leave with Mrs O'Hara at #{ctx.rng.randint(1, 60)} if we're out", f"Gate code {ctx.rng.randint(1000, 9999)}# then 2nd door on the left",
                                                       "Do NOT leave in the sun -- back porch / shed", f"Ring {ctx.fake.phone_number()} on arrival; buzzer's broken", v.prose(ctx, 1, 1)))),
                  ("delivery[safe_place]", ctx.pick(("porch", "neighbour", "garage", "reception")))]
        return req("POST", "/mealbox/account/delivery", form_headers(ctx, "/mealbox/account/delivery/edit"), body=form(ctx, fields, fixed=("_csrf",)))
    if kind == "rating":
        recipe = ctx.pick(_RECIPES)
        comment = ctx.pick((f"Added 1/2 tsp chilli flakes & swapped cream for yoghurt -- {ctx.rng.randint(6, 10)}/10", "Took 45 min, not 20 as advertised :(", "Kids' new favourite ❤️",
                            f"Too salty; the sauce sachet said 'mild' but it was > medium.", v.prose(ctx, 1, 3, trap_rate=0.35), user_note(ctx)))
        if ctx.chance(0.7):
            body = {"stars": ctx.rng.randint(1, 5), "comment": j(ctx, "comment", comment), "tags": ctx.rng.sample(["quick", "spicy", "family", "leftovers", "fiddly"], ctx.rng.randint(0, 2)),
                    "wouldCookAgain": ctx.chance(0.7)}
            return req("POST", f"/mealbox/api/recipes/{seg(ctx, 'recipe', v.slug(ctx))}/ratings", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
        ctype, body2 = multipart(ctx, [("recipe", recipe), ("caption", comment), ("share_publicly", ctx.pick(("true", "false")))], [empty_file("photo")])
        return req("POST", "/mealbox/community/photos", form_headers(ctx, "/mealbox/community", ctype), body=body2)
    r = ctx.rng.random()
    if r < 0.12:
        return preflight(ctx, f"/mealbox/api/subscriptions/{sub}/deliveries/{week}/selections", ("PUT", "POST", "DELETE"), ("authorization,content-type", "authorization"))
    if r < 0.4:  # the customer's app polls the tracking page
        return req("GET", f"/mealbox/api/deliveries/{seg(ctx, 'delivery', f'MB{ctx.rng.randrange(10**10, 10**11)}')}/tracking", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"),
                   qs(ctx, [("postcode", ctx.fake.postcode()), ("lang", ctx.locale.replace("_", "-"))], fixed=("lang",)))
    body = {"event": ctx.pick(("delivery.delivered", "delivery.failed", "delivery.out_for_delivery")), "trackingNumber": f"MB{ctx.rng.randrange(10**10, 10**11)}",
            "occurredAt": v.iso_datetime(ctx), "driverNote": j(ctx, "driverNote", ctx.pick(("Left in safe place: behind the bins (as requested)", "No answer -- card left; will retry tomorrow",
                                                                                          "Handed to neighbour at #12 (Mr D'Souza)", "", v.sentence(ctx)))),
            "proofOfDelivery": {"recipientName": j(ctx, "proofOfDelivery.recipientName", ctx.pick(("", _name(ctx)))), "photoUrl": f"https://pod.{ctx.en.domain_name()}/{v.hex_token(ctx, 24)}.jpg"},
            "location": {"lat": round(ctx.rng.uniform(-40, 60), 5), "lng": round(ctx.rng.uniform(-120, 150), 5)}}
    extra = (("X-Courier-Signature", f"t={ctx.rng.randrange(1_700_000_000, 1_760_000_000)},v1={v.hex_token(ctx, 64)}"),)
    return req("POST", "/mealbox/hooks/courier", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Charity supporter and volunteer CRM: contacts, hours, CSV imports, searches, Gift Aid claims
# --------------------------------------------------------------------------


def _supporter_note(ctx: Ctx) -> str:
    return ctx.pick((f"Met at the {ctx.pick(('fun run', 'quiz night', 'Christmas fair'))} -- keen to help with the food bank on Saturdays.",
                     "Do NOT phone before 10am (night shifts). Prefers e-mail; unsubscribe from post.", "In memory of her husband -- send the annual update, not appeals.",
                     f"DBS checked {v.iso_date(ctx)} (cert #{ctx.rng.randrange(10**11, 10**12)}); first aid trained.", "Select 'Gift Aid' = yes; declaration signed at the event.",
                     f"Corporate match via {ctx.fake.company()} -- contact {ctx.fake.email()}", user_note(ctx), v.prose(ctx, 1, 2, trap_rate=0.4)))


def _giftaid_claim(ctx: Ctx) -> str:
    """An HMRC Charities Online (R68) Gift Aid claim as the CRM submits it."""
    donors = []
    for i in range(ctx.rng.randint(1, 6)):
        first, last = v.person_name(ctx)
        house = ctx.pick((str(ctx.rng.randint(1, 200)), f"Flat {ctx.rng.randint(1, 9)}, {ctx.rng.randint(1, 99)} {ctx.fake.street_name()}", "Rose Cottage", f"{ctx.rng.randint(1, 99)}A"))
        if i == 0:
            first, last, house = ctx.slot("xml", "GAD.Fore", first), ctx.slot("xml", "GAD.Sur", last), ctx.slot("xml", "GAD.House", house)
        donors.append(f"          <GAD><Donor><Fore>{enc_xml(str(first))}</Fore><Sur>{enc_xml(str(last))}</Sur><House>{enc_xml(str(house))}</House>"
                      f"<Postcode>{enc_xml(ctx.fake.postcode())}</Postcode></Donor><Date>{v.iso_date(ctx)}</Date><Total>{v.money(ctx, 2, 500)}</Total></GAD>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<GovTalkMessage xmlns="http://www.govtalk.gov.uk/CM/envelope">\n  <EnvelopeVersion>2.0</EnvelopeVersion>\n'
            "  <Header><MessageDetails><Class>HMRC-CHAR-CLM</Class><Qualifier>request</Qualifier><Function>submit</Function></MessageDetails></Header>\n"
            '  <Body>\n    <IRenvelope xmlns="http://www.govtalk.gov.uk/taxation/charities/r68/2">\n'
            f"      <IRheader><Keys><Key Type=\"CHARID\">{ctx.fake.bothify('??#####').upper()}</Key></Keys><PeriodEnd>{v.iso_date(ctx)}</PeriodEnd><Sender>Individual</Sender></IRheader>\n"
            f"      <R68><AuthOfficial><OffName><Fore>{enc_xml(ctx.fake.first_name())}</Fore><Sur>{enc_xml(ctx.fake.last_name())}</Sur></OffName></AuthOfficial>\n"
            "        <Claim><OrgName>" + enc_xml(ctx.pick((f"{ctx.fake.city()} Food Bank", f"Friends of St. {ctx.fake.first_name()}'s", ctx.fake.company() + " Trust"))) + "</OrgName>\n"
            "        <Repayment>\n" + "\n".join(donors) + "\n        </Repayment></Claim>\n      </R68>\n    </IRenvelope>\n  </Body>\n</GovTalkMessage>\n")


@template("train", ("/supporterhub/",), weight=1.1)
def charity_volunteer_crm(ctx: Ctx) -> Request:
    """Charity CRM: supporter records (JSON), volunteer hours (JSON array, form), spreadsheet imports (CSV), searches with JSON `where`, Gift Aid claims (GovTalk XML)."""
    kind = ctx.pick(("contact", "contact", "hours", "import", "search", "giftaid"))
    if kind == "contact":
        if ctx.chance(0.15):
            return req("DELETE", f"/supporterhub/api/v1/contacts/{seg(ctx, 'contact', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"),
                       qs(ctx, [("mode", ctx.pick(("erase", "anonymise"))), ("reason", ctx.pick(("GDPR request by e-mail", "duplicate of #" + str(rid(ctx)), "deceased -- family asked")))], fixed=("mode",)))
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {"firstName": j(ctx, "firstName", first), "lastName": j(ctx, "lastName", last), "preferredName": j(ctx, "preferredName", ctx.pick(("", first[:3], "Zoë"))),
                                "emails": [{"address": j(ctx, "emails[0].address", ctx.fake.email()), "type": "home", "primary": True}],
                                "addresses": [{"line1": j(ctx, "addresses[0].line1", ctx.fake.street_address()), "line2": j(ctx, "addresses[0].line2", _line2(ctx)), "city": ctx.fake.city(),
                                               "postcode": ctx.fake.postcode(), "country": ctx.fake.country_code()}],
                                "phone": ctx.fake.phone_number(), "tags": [j(ctx, f"tags[{i}]", ctx.pick(("volunteer", "major-donor", "fun-run-2025", "trustee", "legacy-pledger"))) for i in range(ctx.rng.randint(0, 3))],
                                "consents": {"email": ctx.chance(0.7), "post": ctx.chance(0.4), "phone": ctx.chance(0.2)},
                                "giftAid": {"declared": ctx.chance(0.6), "date": v.iso_date(ctx)}, "notes": j(ctx, "notes", _supporter_note(ctx))}
        if ctx.chance(0.5):
            return req("POST", "/supporterhub/api/v1/contacts", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        return req("PUT", f"/supporterhub/api/v1/contacts/{seg(ctx, 'contact', str(rid(ctx)))}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt",
                                                                                                   extra=(("If-Match", f'W/"{ctx.rng.randint(1, 40)}"'),)), body=dumps(ctx, body))
    if kind == "hours":
        if ctx.chance(0.5):
            entries = [{"contactId": rid(ctx), "date": v.iso_date(ctx), "hours": ctx.pick((1, 1.5, 2, 3.5, 4, 7.5)), "role": ctx.pick(("warehouse", "driver", "shop floor", "befriending")),
                        "project": j(ctx, f"[{i}].project", ctx.pick(("Food bank -- Sat AM", "Charity shop (High St)", "Befriending: Mrs O'Leary", ctx.fake.city() + " Park clean-up"))),
                        "note": j(ctx, f"[{i}].note", ctx.pick(("", "Sorted 40 crates; union hall was locked so used the side door", v.sentence(ctx))))} for i in range(ctx.rng.randint(1, 6))]
            return req("POST", "/supporterhub/api/v1/volunteer-hours", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, entries))
        fields: list[tuple[str, Any]] = [("csrf_token", v.alnum_token(ctx, 40)), ("date", v.iso_date(ctx)), ("hours", ctx.pick(("2", "3.5", "4", "1h30"))),
                                         ("activity", ctx.pick(("Food bank", "Shop", "Events", "Admin"))), ("with_whom", ctx.pick(("", _name(ctx) + " & " + _name(ctx)))),
                                         ("reflection", ctx.pick(("", _supporter_note(ctx), v.prose(ctx, 1, 2))))]
        return req("POST", "/supporterhub/volunteer/log-hours", form_headers(ctx, "/supporterhub/volunteer/log-hours"), body=form(ctx, fields, fixed=("csrf_token",)))
    if kind == "import":
        rows: list[list[Any]] = [["First name", "Last name", "Email", "Address", "Notes", "Tags"]]
        for i in range(ctx.rng.randint(2, 25)):
            first, last = v.person_name(ctx)
            address, notes = f"{ctx.fake.street_address()}, {_line2(ctx)}, {ctx.fake.city()}", ctx.pick(("", _supporter_note(ctx), 'Says "call me Liz"', v.sentence(ctx)))
            if i == 0:
                last, address, notes = ctx.slot("multipart", "csv.last_name", last), ctx.slot("multipart", "csv.address", address), ctx.slot("multipart", "csv.notes", notes)
            rows.append([first, last, ctx.fake.email(), address, notes, ";".join(ctx.rng.sample(["volunteer", "donor", "event", "newsletter"], ctx.rng.randint(1, 2)))])
        fields = [("source", ctx.pick(("Fun run 2025 sign-ups", "Google Form export", "Christmas fair sheet"))), ("dedupe_on", ctx.pick(("email", "name+postcode"))),
                  ("tag_all", ctx.pick(("", "import-" + v.iso_date(ctx), "fun-run-2025")))]
        ctype, body2 = multipart(ctx, fields, [("file", ctx.pick(("contacts.csv", "Sign-ups (Responses).csv", "volunteers_final_v2.csv")), "text/csv", csv_text(rows))])
        return req("POST", "/supporterhub/api/v1/imports", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "search":
        r = ctx.rng.random()
        if r < 0.15:
            return preflight(ctx, "/supporterhub/api/v1/contacts", ("POST", "PUT", "DELETE"), ("authorization,content-type", "authorization,content-type,if-match"))
        pairs = [("q", ctx.pick((ctx.fake.last_name(), v.tricky_search(ctx), "O'Brien", ctx.fake.postcode(), ctx.fake.email()))), ("sort", ctx.pick(("-last_gift", "last_name", "created_at")))]
        pairs += [("tags[]", t) for t in ctx.rng.sample(["volunteer", "donor", "trustee", "lapsed"], ctx.rng.randint(0, 2))]
        q = qs(ctx, pairs)
        if r < 0.7:
            where = {"and": [{"lastGift": {"gte": v.iso_date(ctx)}}, {"city": {"eq": ctx.slot("json_query", "where.city", ctx.fake.city())}},
                             {"notes": {"ilike": ctx.slot("json_query", "where.notes", ctx.pick(("%food bank%", "%gift aid%", "%o'%", "%select%")))}}]}
            q += "&" + _filter_param(ctx, "where", where)
        return req("GET", "/supporterhub/api/v1/contacts", headers_for(ctx, ctx.pick(("xhr", "xhr", "sdk")), auth="jwt"), q)
    return req("POST", f"/supporterhub/api/v1/giftaid/claims/{seg(ctx, 'claim', str(rid(ctx)))}/submission",
               headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/xml", auth="jwt"), body=_giftaid_claim(ctx))


EVERYDAY: tuple[str, ...] = (
    "pharmacy_refills", "resale_marketplace", "budget_tracker", "tenant_portal",
    "school_payments", "airline_loyalty", "meal_kit_subscription", "charity_volunteer_crm",
)
