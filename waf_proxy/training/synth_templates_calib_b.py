"""Calibration-only templates ("calib" group), set B.

Eight apps that no train, holdout or holdout3 template resembles: a hair-salon
booking widget, an energy-supplier switching service, a mortgage application
portal, a shared travel itinerary planner, a university admissions portal, and
three apps whose content is code that people write as a matter of course -- a
smart-home hub's REST API (automations and scripts as JSON or YAML with
Jinja-style templates), a mailing-list archive with inline patches and quoted
replies, and a self-hosted job runner whose job definitions are shell steps,
cron schedules and extra variables.

They exist only to fit the firewall's decision threshold on apps the model never saw
(`--calib-apps`; off in the shipped model): they are never trained on and not among
`evaluate`'s held-out sets, so a threshold fitted on them is set on traffic as
unfamiliar as a real deployment's. Their benign traffic is modern and varied (JSON
objects and arrays, JSON Patch, urlencoded forms, multipart uploads, YAML, XML
transcripts, forwarded e-mail text, patches, query strings, CORS preflights;
browsers, native apps and SDK/CLI clients) and every value a user or a client
controls goes through a slot, so that the same machinery can place attacks in it.
The code here is content: legitimate operator commands and templates built from
parts, never payloads.

Imported at the bottom of `synth_templates` (which registers them); it imports
the rendering helpers from there, so it must not be imported any earlier.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import nav_form, dumps, form, header_slot, j, multipart, preflight, qs, req, Request, rid, seg, short_title, site_headers, template, user_note
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

GROUP = "calib"

CALIB_B: tuple[str, ...] = (
    "hair_salon_booking", "energy_switching", "mortgage_application", "travel_itinerary",
    "university_admissions", "home_automation", "mailing_list_archive", "job_runner",
)

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------



def _pdf(ctx: Ctx, title: str) -> str:
    """A small PDF as text: catalog, an info dictionary with the title, one page."""
    title = title.replace("(", "[").replace(")", "]").replace("\\", "/")
    return (f"%PDF-1.{ctx.pick(('4', '6', '7'))}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            f"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count {ctx.rng.randint(1, 4)} >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
            f"4 0 obj\n<< /Title ({title}) /Producer ({ctx.pick(('Microsoft: Print To PDF', 'Sage Payroll 29.1', 'Quartz PDFContext', 'iText 7.2', 'Skia/PDF m120'))}) >>\nendobj\n"
            "trailer\n<< /Root 1 0 R /Info 4 0 R >>\n%%EOF")


def _photo(ctx: Ctx) -> str:
    """A phone photo as the upload helper sends it (base64 JPEG)."""
    return base64.b64encode(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + ctx.rng.randbytes(ctx.rng.randint(120, 700))).decode()


def _photo_name(ctx: Ctx) -> str:
    return ctx.pick((f"IMG_{ctx.rng.randrange(1000, 9999)}.jpg", f"PXL_{v.when(ctx):%Y%m%d_%H%M%S}{ctx.rng.randrange(100, 999)}.jpg",
                     f"photo-{ctx.rng.randint(1, 40)}.jpeg", f"{ctx.en.word()}.JPG", "image.jpg"))


def _note(ctx: Ctx, domain: tuple[str, ...]) -> str:
    """A user's free text: the app's own phrases half the time, any note otherwise."""
    if ctx.chance(0.5):
        text = ctx.pick(domain)
        if ctx.chance(0.3):
            text += " " + v.prose(ctx, 1, 2)
        return text
    return user_note(ctx)


def _money(ctx: Ctx, lo: int, hi: int, step: int = 50) -> int:
    return ctx.rng.randrange(lo, hi, step)


def _iban(ctx: Ctx) -> str:
    """An IBAN with a valid check sum, printed in groups of four half the time."""
    country = ctx.pick(("GB", "DE", "NL", "FR", "ES", "IE", "IT", "BE"))
    digits = lambda n: "".join(str(ctx.rng.randrange(10)) for _ in range(n))  # noqa: E731
    letters = lambda n: "".join(ctx.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))  # noqa: E731
    bban = {"GB": lambda: letters(4) + digits(14), "DE": lambda: digits(18), "NL": lambda: letters(4) + digits(10), "FR": lambda: digits(23),
            "ES": lambda: digits(20), "IE": lambda: letters(4) + digits(14), "IT": lambda: letters(1) + digits(22), "BE": lambda: digits(12)}[country]()
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    iban = f"{country}{98 - int(num) % 97:02d}{bban}"
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if ctx.chance(0.5) else iban


def _phone(ctx: Ctx) -> str:
    return ctx.fake.phone_number()


# --------------------------------------------------------------------------
# 1. Hair salon booking: availability, booking widget, client notes, reminders, reviews
# --------------------------------------------------------------------------

_SALON_SERVICES = ("Women's cut & blow-dry", "Men's cut", "Balayage (full head)", "Root touch-up", "Keratin smoothing", "Fringe trim",
                   "Kids' cut (under 12)", "Beard shape-up", "Bridal trial", "Olaplex treatment", "Highlights -- half head", "Silk press")
_SALON_NOTES = (
    "Don't cut the fringe too short! Last time it was 2cm above my eyebrows :(",
    "Allergic to PPD -- patch test done on {date}, please check the file.",
    "Same colour as last time (7.1 + 20 vol), maybe a touch warmer?",
    "I'm bringing a photo from Pinterest; basically 'curtain bangs' but longer.",
    "Running 10 min late, sorry!! Please don't give my slot away 🙏",
    "Please use the sulphate-free shampoo & no heat protectant with silicone.",
    "Wheelchair user -- is the ground-floor chair free? Thanks!",
    "Select the quieter stylist if possible; I'd rather not chat much.",
    "Curly girl method only, no brush on dry hair (3B/3C curls).",
    "My daughter (7) will come too -- can we book back-to-back?",
    "Drop the toner this time, it went too ash/grey.",
    "Cut at least 5 cm off the ends -- split ends everywhere 😅",
)
_STYLISTS = ("Ana", "Kemal", "Siobhán", "Jean-Luc", "Mei", "D'Arcy", "Priya", "Tomasz", "Chloé", "Ngozi")


@template(GROUP, ("/salon/",))
def hair_salon_booking(ctx: Ctx) -> Request:
    """Salon booking widget: stylist availability, services, bookings, client notes, reminder opt-ins, reviews, cancellations."""
    kind = ctx.pick(("availability", "availability", "services", "book", "book", "notes", "reminders", "review", "cancel", "reschedule", "preflight"))
    profile = ctx.pick(("xhr", "xhr", "mobile"))
    salon = ctx.pick(("studio-", "salon-", "")) + v.slug(ctx)
    stylist = ctx.pick(_STYLISTS) if ctx.chance(0.6) else ctx.fake.first_name()
    if kind == "availability":
        pairs: list[tuple[str, Any]] = [("date", v.iso_date(ctx)), ("service", ctx.pick(_SALON_SERVICES)), ("duration", ctx.pick((30, 45, 60, 90, 150)))]
        if ctx.chance(0.4):
            pairs.append(("tz", ctx.fake.timezone()))
        path = f"/salon/widget/{seg(ctx, 'salon', salon)}/stylists/{seg(ctx, 'stylist', stylist)}/availability"
        return req("GET", path, headers_for(ctx, profile, accept="application/json"), qs(ctx, pairs))
    if kind == "services":
        pairs = [("category", ctx.pick(("colour", "cuts", "treatments", "men", "kids", "bridal")))]
        if ctx.chance(0.5):
            pairs.append(("q", ctx.pick(("balayage", "fringe", "kid's cut", "keratin", "men's fade", v.search_terms(ctx)))))
        return req("GET", f"/salon/widget/{seg(ctx, 'salon', salon)}/services", headers_for(ctx, profile), qs(ctx, pairs))
    if kind == "book":
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {
            "serviceIds": [ctx.rng.randrange(100, 999) for _ in range(ctx.rng.randint(1, 3))],
            "stylist": j(ctx, "stylist", stylist),
            "start": v.iso_datetime(ctx),
            "client": {"firstName": j(ctx, "client.firstName", first), "lastName": j(ctx, "client.lastName", last),
                       "email": j(ctx, "client.email", ctx.fake.email()), "phone": j(ctx, "client.phone", _phone(ctx))},
            "notes": j(ctx, "notes", _note(ctx, _SALON_NOTES).replace("{date}", v.iso_date(ctx))),
            "marketingConsent": ctx.chance(0.3),
        }
        if ctx.chance(0.3):
            body["voucherCode"] = j(ctx, "voucherCode", ctx.pick(("GLOW20", "NEWCLIENT", ctx.fake.bothify("??##-??##").upper())))
        return req("POST", f"/salon/widget/{seg(ctx, 'salon', salon)}/bookings", site_headers(ctx, profile, "application/json"), body=dumps(ctx, body))
    if kind == "notes":
        body = {"note": j(ctx, "note", _note(ctx, _SALON_NOTES).replace("{date}", v.iso_date(ctx))), "visibleToClient": ctx.chance(0.2),
                "formula": j(ctx, "formula", ctx.pick(("7.1 + 20 vol 1:1.5, 35 min", "Wella 8/0 + 6% -- roots only", "none", f"{ctx.rng.randint(5, 10)}.{ctx.rng.randint(0, 9)} + toner T18")))}
        return req("PATCH", f"/salon/api/clients/{seg(ctx, 'client', rid(ctx))}/notes", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "reminders":
        pairs = [("authenticity_token", v.alnum_token(ctx, 43)), ("reminders[sms]", ctx.pick(("1", "0"))), ("reminders[email]", ctx.pick(("1", "0"))),
                 ("reminders[hours_before]", ctx.pick(("2", "24", "48"))), ("reminders[phone]", _phone(ctx))]
        if ctx.chance(0.4):
            pairs.append(("reminders[quiet_hours]", ctx.pick(("22:00-08:00", "none"))))
        return nav_form(ctx, "/salon/account/reminders", "/salon/account", form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "review":
        fields = [("rating", str(ctx.rng.randint(1, 5))), ("stylist", stylist), ("title", short_title(ctx, ("balayage", "fringe", "colour", "cut"))),
                  ("body", ctx.pick((v.prose(ctx, 1, 4, trap_rate=0.4), user_note(ctx), f"{stylist} is a genius -- {v.prose(ctx, 1, 2)}")))]
        files = [("photos[]", _photo_name(ctx), "image/jpeg", _photo(ctx))] if ctx.chance(0.5) else []
        ctype, body_text = multipart(ctx, fields, files)
        return req("POST", f"/salon/widget/{seg(ctx, 'salon', salon)}/reviews", site_headers(ctx, profile, ctype), body=body_text)
    ref = ctx.fake.bothify("BK-####-??").upper()
    if kind == "cancel":
        q = qs(ctx, [("reason", ctx.pick(("ill", "clash", "other"))), ("comment", ctx.pick(("", "Kids are sick, sorry!", v.prose(ctx, 1, 1))))])
        return req("DELETE", f"/salon/api/bookings/{seg(ctx, 'booking', ref)}", headers_for(ctx, profile, auth="jwt"), q)
    if kind == "reschedule":
        body = {"start": v.iso_datetime(ctx), "stylist": j(ctx, "stylist", stylist), "reason": j(ctx, "reason", _note(ctx, _SALON_NOTES).replace("{date}", v.iso_date(ctx)))}
        return req("PUT", f"/salon/api/bookings/{seg(ctx, 'booking', ref)}", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    return preflight(ctx, f"/salon/widget/{salon}/bookings", ("POST", "PUT"), ("content-type", "content-type,x-widget-key"))


# --------------------------------------------------------------------------
# 2. Energy switching: tariff comparison, meter readings (with photos), switching applications, direct debits
# --------------------------------------------------------------------------

_ENERGY_NOTES = (
    "Meter is in the cupboard under the stairs -- the display is hard to read, photo attached.",
    "Reading looks wrong?? It went down from last month (dial meter, maybe I read it backwards).",
    "We moved in on {date}; previous tenant's name was O'Brien.",
    "Please don't switch before my fixed deal ends (exit fee £75 per fuel!)",
    "Economy 7: day & night registers -- which one is 'R1'?",
    "Smart meter stopped sending reads after the update; IHD says 'no signal'.",
    "Select the greenest tariff even if it's £5/month more, thanks.",
    "Solar panels (4 kWp) + heat pump, so usage > 5000 kWh in winter.",
)


@template(GROUP, ("/energy-switch/",))
def energy_switching(ctx: Ctx) -> Request:
    """Energy switching: quotes by postcode and usage, meter readings (JSON, multipart with photos), switching form with IBAN, direct-debit changes."""
    kind = ctx.pick(("quote", "quote", "tariff", "reading", "reading_photo", "switch", "switch", "debit", "withdraw", "preflight"))
    profile = ctx.pick(("xhr", "xhr", "mobile"))
    if kind == "quote":
        pairs: list[tuple[str, Any]] = [("postcode", ctx.fake.postcode()), ("fuel", ctx.pick(("dual", "electricity", "gas"))),
                                        ("elec_kwh", ctx.rng.randrange(1200, 6500, 100)), ("payment", ctx.pick(("direct_debit", "on_receipt", "prepay")))]
        if ctx.chance(0.6):
            pairs.append(("gas_kwh", ctx.rng.randrange(4000, 18000, 500)))
        if ctx.chance(0.4):
            pairs += [("current_supplier", ctx.pick(("British Gas", "E.ON Next", "Octopus", "EDF", "OVO", "Vattenfall", "Eneco", "Stadtwerke München"))),
                      ("meter_type", ctx.pick(("single_rate", "economy7", "smart")))]
        if ctx.chance(0.3):
            pairs.append(("green_only", "true"))
        return req("GET", "/energy-switch/api/quotes", headers_for(ctx, profile), qs(ctx, pairs))
    if kind == "tariff":
        name = ctx.pick(("Fix'd 12M v3", "Green Flex Dec25", "EV Night Saver", "Tracker (Agile)", "Simpler Energy", ctx.en.word().capitalize() + " Fixed 24M"))
        q = qs(ctx, [("region", ctx.pick(("A", "C", "H", "M", "P"))), ("include", "unit_rates,standing_charge,exit_fees")])
        return req("GET", f"/energy-switch/api/tariffs/{seg(ctx, 'tariff', name)}", headers_for(ctx, profile), q)
    mpan = f"{ctx.rng.randrange(10, 23)}{ctx.rng.randrange(10**11, 10**12)}"
    if kind == "reading":
        reads = [{"register": ctx.pick(("R1", "R2", "day", "night", "gas")), "value": ctx.rng.randrange(100, 99999), "readAt": v.iso_datetime(ctx)}
                 for _ in range(ctx.rng.randint(1, 2))]
        body: dict[str, Any] = {"reads": reads, "source": ctx.pick(("customer", "app", "photo_ocr")),
                                "comment": j(ctx, "comment", _note(ctx, _ENERGY_NOTES).replace("{date}", v.iso_date(ctx)))}
        return req("POST", f"/energy-switch/api/meters/{seg(ctx, 'mpan', mpan)}/readings", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "reading_photo":
        fields = [("reading", str(ctx.rng.randrange(100, 99999)).zfill(5)), ("read_date", v.iso_date(ctx)), ("register", ctx.pick(("R1", "day", "night", "gas"))),
                  ("serial", ctx.fake.bothify("##?#######").upper()), ("note", _note(ctx, _ENERGY_NOTES).replace("{date}", v.iso_date(ctx)))]
        ctype, body_text = multipart(ctx, fields, [("photo", _photo_name(ctx), "image/jpeg", _photo(ctx))])
        return req("POST", f"/energy-switch/api/meters/{seg(ctx, 'mpan', mpan)}/readings/photo", site_headers(ctx, profile, ctype, "jwt"), body=body_text)
    if kind == "switch":
        first, last = v.person_name(ctx)
        pairs = [("_csrf", v.alnum_token(ctx, 36)), ("application[tariff_code]", ctx.fake.bothify("E-1R-???-##-A").upper()),
                 ("application[title]", ctx.pick(("Mr", "Ms", "Mx", "Dr", "Mrs"))), ("application[first_name]", first), ("application[last_name]", last),
                 ("application[email]", ctx.fake.email()), ("application[phone]", _phone(ctx)), ("application[address][line1]", ctx.fake.street_address()),
                 ("application[address][postcode]", ctx.fake.postcode()), ("application[mpan]", mpan),
                 ("application[bank][account_holder]", f"{first} {last}" if ctx.chance(0.7) else f"{first} & {ctx.fake.first_name()} {last}"),
                 ("application[bank][iban]", _iban(ctx)), ("application[bank][payment_day]", str(ctx.rng.randint(1, 28))),
                 ("application[start_date]", v.iso_date(ctx)), ("application[consent_credit_check]", "1")]
        if ctx.chance(0.4):
            pairs.append(("application[priority_services_note]", ctx.pick(("Hearing impaired -- text please.", "Medical equipment (oxygen concentrator) at home", v.prose(ctx, 1, 1)))))
        return nav_form(ctx, "/energy-switch/apply", "/energy-switch/apply/review", form(ctx, pairs, fixed=("_csrf",)))
    if kind == "debit":
        body = {"amount": v.money(ctx, 35, 260), "paymentDay": ctx.rng.randint(1, 28), "iban": j(ctx, "iban", _iban(ctx)),
                "accountHolder": j(ctx, "accountHolder", v.full_name(ctx)), "reason": j(ctx, "reason", ctx.pick(("Balance is £300 in credit -- lower it please", "New bank", v.prose(ctx, 1, 1))))}
        headers = site_headers(ctx, profile, "application/json", "jwt") + [["If-Match", f'W/"{v.hex_token(ctx, 8)}"']]
        return req("PATCH", f"/energy-switch/api/accounts/{seg(ctx, 'account', ctx.fake.bothify('A-########'))}/direct-debit", headers, body=dumps(ctx, body))
    if kind == "withdraw":
        q = qs(ctx, [("reason", ctx.pick(("cooling_off", "found_cheaper", "moving_home")))])
        return req("DELETE", f"/energy-switch/api/applications/{seg(ctx, 'application', ctx.fake.uuid4())}", headers_for(ctx, profile, auth="jwt"), q)
    return preflight(ctx, "/energy-switch/api/quotes", ("GET", "POST"), ("content-type", "authorization,content-type", "x-partner-key"))


# --------------------------------------------------------------------------
# 3. Mortgage application: affordability, multi-step application, payslip uploads, adviser messages
# --------------------------------------------------------------------------

_MORTGAGE_NOTES = (
    "My bonus (£4,500) is paid in March -- does that count as income?",
    "We're first-time buyers; deposit is a gift from my parents (gifted deposit letter attached).",
    "Contract ends on {date} but renewal is 'highly likely' per my manager.",
    "Self-employed since 2021 -- SA302s for 2 years, is that enough?",
    "Please update my surname to O'Sullivan (married in June).",
    "Can we drop the 35-year term to 30 if the payments are < £1,400/month?",
    "Credit file shows a default from 2019 (phone contract, settled) -- will that be a problem?",
    "Where do I upload the P60? The form only has 'payslips'.",
)


def _address_history(ctx: Ctx) -> list[dict[str, Any]]:
    out = []
    for i in range(ctx.rng.randint(1, 3)):
        out.append({"line1": j(ctx, f"addresses[{i}].line1", ctx.fake.street_address()), "city": j(ctx, f"addresses[{i}].city", ctx.fake.city()),
                    "postcode": ctx.fake.postcode(), "from": v.iso_date(ctx), "to": None if i == 0 else v.iso_date(ctx),
                    "status": ctx.pick(("owner", "renting", "living_with_parents", "other"))})
    return out


@template(GROUP, ("/mortgage/",))
def mortgage_application(ctx: Ctx) -> Request:
    """Mortgage portal: affordability queries, application steps (income, outgoings, employment, addresses), PDF uploads, adviser messages."""
    kind = ctx.pick(("afford", "afford", "step", "step", "step", "upload", "message", "messages", "delete_doc", "preflight"))
    profile = ctx.pick(("xhr", "xhr", "mobile"))
    app_id = f"MA-{ctx.rng.randrange(100000, 999999)}"
    if kind == "afford":
        pairs: list[tuple[str, Any]] = [("income", _money(ctx, 18000, 160000, 500)), ("deposit", _money(ctx, 5000, 150000, 1000)),
                                        ("term_years", ctx.pick((20, 25, 30, 35))), ("applicants", ctx.pick((1, 2)))]
        if ctx.chance(0.5):
            pairs.append(("partner_income", _money(ctx, 0, 90000, 500)))
        if ctx.chance(0.5):
            pairs += [("outgoings", _money(ctx, 200, 2500, 25)), ("dependants", ctx.rng.randint(0, 4))]
        if ctx.chance(0.3):
            pairs.append(("property_value", _money(ctx, 120000, 900000, 5000)))
        return req("GET", "/mortgage/api/affordability", headers_for(ctx, profile), qs(ctx, pairs))
    if kind == "step":
        step = ctx.pick(("income", "outgoings", "employment", "addresses"))
        if step == "income":
            body: Any = {"basicSalary": _money(ctx, 18000, 120000, 500), "bonus": _money(ctx, 0, 10000, 250), "overtime": _money(ctx, 0, 6000, 100),
                         "otherIncome": [{"type": ctx.pick(("rental", "child_benefit", "maintenance", "pension")), "monthly": _money(ctx, 50, 1200, 10),
                                          "description": j(ctx, "otherIncome[0].description", _note(ctx, _MORTGAGE_NOTES).replace("{date}", v.iso_date(ctx)))}]}
        elif step == "outgoings":
            body = {"monthly": {"rent": _money(ctx, 0, 1800, 25), "childcare": _money(ctx, 0, 1200, 25), "loans": _money(ctx, 0, 600, 5),
                                "creditCards": _money(ctx, 0, 400, 5), "travel": _money(ctx, 20, 400, 5)},
                    "notes": j(ctx, "notes", _note(ctx, _MORTGAGE_NOTES).replace("{date}", v.iso_date(ctx)))}
        elif step == "employment":
            body = {"status": ctx.pick(("employed", "self_employed", "contractor", "retired")), "employer": j(ctx, "employer", ctx.fake.company()),
                    "jobTitle": j(ctx, "jobTitle", ctx.fake.job()), "startDate": v.iso_date(ctx), "probation": ctx.chance(0.2),
                    "employerAddress": j(ctx, "employerAddress", ctx.fake.address().replace("\n", ", "))}
        else:
            body = _address_history(ctx)
        path = f"/mortgage/api/applications/{seg(ctx, 'application', app_id)}/steps/{step}"
        return req(ctx.pick(("PUT", "PUT", "PATCH")), path, site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "upload":
        first, last = v.person_name(ctx)
        doc = ctx.pick(("payslip", "p60", "bank_statement", "sa302", "gifted_deposit_letter", "passport"))
        month = v.when(ctx)
        fname = ctx.pick((f"Payslip {month:%B %Y}.pdf", f"{last}_{doc}_{month:%Y-%m}.pdf", f"scan{ctx.rng.randrange(1, 999):03d}.pdf", f"{first} {last} - {doc}.pdf"))
        fields = [("document_type", doc), ("applicant", ctx.pick(("1", "2"))), ("description", ctx.pick(("", f"{month:%B} payslip", _note(ctx, _MORTGAGE_NOTES).replace("{date}", v.iso_date(ctx)))))]
        ctype, body_text = multipart(ctx, fields, [("file", fname, "application/pdf", _pdf(ctx, f"Payslip {first} {last} {month:%m/%Y}"))])
        return req("POST", f"/mortgage/api/applications/{seg(ctx, 'application', app_id)}/documents", site_headers(ctx, profile, ctype, "jwt"), body=body_text)
    if kind == "message":
        body = {"body": j(ctx, "body", ctx.pick((_note(ctx, _MORTGAGE_NOTES).replace("{date}", v.iso_date(ctx)), v.free_text(ctx), v.dashy_text(ctx)))),
                "subject": j(ctx, "subject", ctx.pick(("Question about my application", "Re: documents needed", v.short_text(ctx)))),
                "attachments": [ctx.fake.uuid4() for _ in range(ctx.rng.randint(0, 2))]}
        return req("POST", f"/mortgage/api/applications/{seg(ctx, 'application', app_id)}/messages", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "messages":
        q = qs(ctx, [("since", v.iso_datetime(ctx)), ("unread", ctx.pick(("true", "false")))])
        return req("GET", f"/mortgage/api/applications/{seg(ctx, 'application', app_id)}/messages", headers_for(ctx, profile, auth="jwt"), q)
    if kind == "delete_doc":
        return req("DELETE", f"/mortgage/api/applications/{seg(ctx, 'application', app_id)}/documents/{seg(ctx, 'document', ctx.fake.uuid4())}", headers_for(ctx, profile, auth="jwt"))
    return preflight(ctx, f"/mortgage/api/applications/{app_id}/steps/income", ("PUT", "PATCH", "POST"), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# 4. Travel itinerary: trips, day plans, sharing, packing lists (JSON Patch), forwarded confirmations
# --------------------------------------------------------------------------

_PLACES = ("Sagrada Família", "Fushimi Inari-taisha", "Musée d'Orsay", "Trevi Fountain", "Café de Flore", "Shibuya Crossing", "Alfama (Lisbon)",
           "Nyhavn", "Park Güell", "Ōsaka-jō", "Tate Modern", "O'Connell Street", "Plaça d'Espanya", "Hagia Sophia", "Jardin du Luxembourg")
_TRIP_NOTES = (
    "Book tickets online -- queue is 2h+ otherwise!",
    "Closed on Mondays (check before we go).",
    "Meet @ the hotel lobby 8:30, taxi to the station",
    "Dinner at Marco's -- table for 6 under 'O'Neill' 🍝",
    "Bring cash, they don't take cards < €10",
    "If it rains -> museum instead of the hike",
    "Sunset ~19:40; get there 30 min early for the view",
    "Train 9:15 from platform 4 (seats 23 & 24, coach C)",
)
_PACKING = ("passport", "EU plug adapter", "sunscreen SPF 50", "charger (USB-C)", "rain jacket", "hiking boots", "swimsuit", "Mum's meds", "snacks for the kids",
            "travel pillow", "printed tickets", "power bank < 100Wh", "rail passes", "camera & spare SD card")


def _forwarded_confirmation(ctx: Ctx) -> str:
    """A booking confirmation forwarded to the import address, as mail clients quote it; the note and the guest name are slots."""
    when = v.when(ctx)
    airline = ctx.pick(("Aer Lingus", "Lufthansa", "KLM", "easyJet", "Iberia", "ANA", "Ryanair"))
    hotel = ctx.pick(("Hotel d'Angleterre", "Ibis Styles", "The Hoxton", "Generator Hostel", "Ryokan Yoshida-sansō", ctx.fake.company() + " Suites"))
    guest = ctx.slot("multipart", "guest", v.full_name(ctx))
    note = ctx.slot("multipart", "note", ctx.pick(("FYI -- here's the flight, can you add it?", "Fwd'ing the hotel, dates are right?", v.prose(ctx, 1, 2), "")))
    ref = ctx.fake.bothify("??#??#").upper()
    if ctx.chance(0.5):
        details = (f"Booking reference: {ref}\nPassenger: {guest}\n\n{airline} {ctx.fake.bothify('??###').upper()}\n"
                   f"Depart: {ctx.fake.city()} ({ctx.fake.lexify('???').upper()}) {when:%d %b %Y %H:%M}\nArrive: {ctx.fake.city()} ({ctx.fake.lexify('???').upper()}) {when:%d %b %Y} "
                   f"{ctx.rng.randint(0, 23):02d}:{ctx.rng.randint(0, 59):02d}\nSeat: {ctx.rng.randint(1, 40)}{ctx.pick('ABCDEF')} | Baggage: 1 x 23kg\n")
        subject = f"Your {airline} booking confirmation - {ref}"
    else:
        details = (f"Dear {guest},\n\nThank you for booking {hotel}.\nConfirmation no.: {ref}\nCheck-in: {when:%A, %d %B %Y} (from 15:00)\n"
                   f"Check-out: {ctx.rng.randint(1, 28)} nights later (until 11:00)\nRoom: {ctx.pick(('Double room', 'Twin room -- non-smoking', 'Family room (2 adults + 2 children)'))}\n"
                   f"Total: {v.money(ctx, 80, 2400)} {ctx.pick(('EUR', 'GBP', 'JPY', 'USD'))} (pay at the property)\n")
        subject = f"Booking confirmed: {hotel}"
    return (f"{note}\n\n---------- Forwarded message ---------\nFrom: {ctx.pick((airline, hotel))} <no-reply@{ctx.en.domain_name()}>\n"
            f"Date: {when:%a, %d %b %Y at %H:%M}\nSubject: {subject}\nTo: {ctx.fake.email()}\n\n{details}\n> Manage your booking: https://{ctx.en.domain_name()}/manage?ref={ref}\n")


@template(GROUP, ("/itinerary/",))
def travel_itinerary(ctx: Ctx) -> Request:
    """Trip planner: trip lists with a JSON filter, trips, day plans, sharing with friends, packing lists (JSON Patch), forwarded confirmation imports."""
    kind = ctx.pick(("trips", "trip", "day", "day", "share", "packing", "import", "place", "remove", "preflight"))
    profile = ctx.pick(("xhr", "xhr", "mobile"))
    trip = ctx.pick((ctx.fake.uuid4(), f"{ctx.en.slug()}-{ctx.rng.randrange(2024, 2027)}"))
    if kind == "trips":
        flt = {"q": ctx.slot("json_query", "filter.q", ctx.pick((ctx.fake.city(), ctx.fake.country(), v.tricky_search(ctx), "summer"))),
               "status": ctx.pick(("upcoming", "past", "draft")), "sharedWithMe": ctx.chance(0.4)}
        pairs = [("filter", json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(",", ":"))), ("limit", str(ctx.pick((10, 20, 50))))]
        return req("GET", "/itinerary/api/trips", headers_for(ctx, profile, auth="jwt"), "&".join(f"{k}={ctx.qenc(val)}" for k, val in pairs))
    if kind == "trip":
        body: dict[str, Any] = {"title": j(ctx, "title", ctx.pick((f"{ctx.fake.city()} {ctx.rng.randrange(2024, 2027)}", short_title(ctx, ("road trip", "honeymoon", "girls' weekend", "work + play"))))),
                                "destination": j(ctx, "destination", f"{ctx.fake.city()}, {ctx.fake.country()}"), "start": v.iso_date(ctx), "end": v.iso_date(ctx),
                                "currency": ctx.pick(("EUR", "GBP", "USD", "JPY")), "description": j(ctx, "description", user_note(ctx))}
        return req("POST", "/itinerary/api/trips", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "day":
        items = []
        for i in range(ctx.rng.randint(1, 4)):
            items.append({"time": f"{ctx.rng.randint(7, 22):02d}:{ctx.pick(('00', '15', '30', '45'))}", "place": j(ctx, f"items[{i}].place", ctx.pick(_PLACES + (ctx.fake.street_address(),))),
                          "lat": round(ctx.rng.uniform(-50, 65), 5), "lng": round(ctx.rng.uniform(-120, 150), 5),
                          "note": j(ctx, f"items[{i}].note", _note(ctx, _TRIP_NOTES)) if ctx.chance(0.7) else ""})
        body = {"date": v.iso_date(ctx), "title": j(ctx, "title", ctx.pick(("Day 1 -- arrival", "Old town & food tour", "Rest day :)", v.short_text(ctx)))), "items": items}
        day = ctx.rng.randint(1, 14)
        return req("PUT", f"/itinerary/api/trips/{seg(ctx, 'trip', trip)}/days/{day}", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "share":
        if ctx.chance(0.5):
            body = {"emails": [j(ctx, f"emails[{i}]", ctx.fake.email()) for i in range(ctx.rng.randint(1, 4))], "role": ctx.pick(("viewer", "editor")),
                    "message": j(ctx, "message", ctx.pick(("Here's the plan for Lisbon!! 🎉", "Add anything I've missed", v.prose(ctx, 1, 2))))}
            return req("POST", f"/itinerary/api/trips/{seg(ctx, 'trip', trip)}/shares", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
        pairs = [("csrfmiddlewaretoken", v.alnum_token(ctx, 64))] + [("emails", ctx.fake.email()) for _ in range(ctx.rng.randint(1, 3))]
        pairs += [("role", ctx.pick(("viewer", "editor"))), ("message", ctx.pick(("", "See you at the airport!", v.prose(ctx, 1, 1))))]
        return nav_form(ctx, f"/itinerary/trips/{seg(ctx, 'trip', trip)}/share", "/itinerary/trips", form(ctx, pairs, fixed=("csrfmiddlewaretoken",)))
    if kind == "packing":
        ops: list[dict[str, Any]] = []
        for i in range(ctx.rng.randint(1, 4)):
            op = ctx.pick(("add", "add", "replace", "remove"))
            if op == "add":
                ops.append({"op": "add", "path": "/items/-", "value": {"label": j(ctx, f"ops[{i}].value.label", ctx.pick(_PACKING + (v.short_text(ctx),))), "packed": False,
                                                                      "who": j(ctx, f"ops[{i}].value.who", ctx.fake.first_name())}})
            elif op == "replace":
                ops.append({"op": "replace", "path": f"/items/{ctx.rng.randint(0, 20)}/packed", "value": ctx.chance(0.8)})
            else:
                ops.append({"op": "remove", "path": f"/items/{ctx.rng.randint(0, 20)}"})
        return req("PATCH", f"/itinerary/api/trips/{seg(ctx, 'trip', trip)}/packing-list", site_headers(ctx, profile, "application/json-patch+json", "jwt"), body=dumps(ctx, ops))
    if kind == "import":
        headers = headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/plain; charset=utf-8", auth="jwt")
        return req("POST", f"/itinerary/api/trips/{seg(ctx, 'trip', trip)}/imports", headers, body=_forwarded_confirmation(ctx))
    if kind == "place":
        pairs = [("q", ctx.pick(_PLACES + (v.search_terms(ctx), v.tricky_search(ctx)))), ("near", f"{ctx.rng.uniform(-50, 65):.4f},{ctx.rng.uniform(-120, 150):.4f}"),
                 ("lang", ctx.locale.split("_")[0])]
        return req("GET", "/itinerary/api/places/autocomplete", headers_for(ctx, profile), qs(ctx, pairs))
    if kind == "remove":
        return req("DELETE", f"/itinerary/api/trips/{seg(ctx, 'trip', trip)}/days/{ctx.rng.randint(1, 14)}/items/{seg(ctx, 'item', rid(ctx))}", headers_for(ctx, profile, auth="jwt"))
    return preflight(ctx, f"/itinerary/api/trips/{trip}/packing-list", ("PATCH", "PUT", "DELETE"), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# 5. University admissions: essays in many languages, transcripts (PDF, PESC XML), referees, course choices
# --------------------------------------------------------------------------

_QUOTE_MARKS = {"de": ("„", "“"), "fr": ("« ", " »"), "ja": ("「", "」"), "zh": ("“", "”"), "pl": ("„", "”"), "ru": ("«", "»"), "uk": ("«", "»"),
                "es": ("«", "»"), "it": ("«", "»"), "cs": ("„", "“"), "sv": ("”", "”"), "nl": ("‘", "’")}
_ESSAY_LINES = (
    "When my grandmother said {q}you can't eat a diploma{e}, I laughed (she was half joking).",
    "The question that kept me up at night was simple: why does 0.1 + 0.2 != 0.3 in every language I tried?",
    "I founded our school's debate club (12 members -- now 40) after reading {q}The Republic{e}.",
    "My first 'lab' was our kitchen; the table was dropped twice, the results were not.",
    "Select any of my essays and you'll find the same theme: translation (and what gets lost in it).",
    "As {name} put it, {q}the best way to predict the future is to create it{e}.",
    "I want to study {subject} because I have seen, first-hand, what happens when communities are left out of the data.",
    "During the summer of {year} I volunteered at a clinic in {city}; I learned more there than in any classroom.",
)
_SUBJECTS = ("Computer Science", "Medicine (A100)", "Economics & Management", "Mechanical Engineering", "Law (LLB)", "History of Art", "Biochemistry",
             "Philosophy, Politics and Economics", "Architecture", "Data Science")


def _essay(ctx: Ctx) -> str:
    lang = ctx.locale.split("_")[0]
    q, e = _QUOTE_MARKS.get(lang, ("“", "”") if ctx.chance(0.5) else ('"', '"'))
    paras = []
    for _ in range(ctx.rng.randint(2, 5)):
        if ctx.chance(0.45):
            line = ctx.pick(_ESSAY_LINES).format(q=q, e=e, name=v.full_name(ctx), subject=ctx.pick(_SUBJECTS), year=ctx.rng.randrange(2021, 2026), city=ctx.fake.city())
            paras.append(f"{line} {v.prose(ctx, 1, 3, trap_rate=0.2)}")
        else:
            paras.append(v.prose(ctx, 2, 5, trap_rate=0.2) + (f" ({v.sentence(ctx).rstrip('.')})" if ctx.chance(0.4) else ""))
    return "\n\n".join(paras)


def _pesc_transcript(ctx: Ctx) -> str:
    """A PESC College Transcript document as a school's system exports it; names, school and course titles are slots."""
    first, last = v.person_name(ctx)
    first = enc_xml(str(ctx.slot("xml", "FirstName", first)))
    last = enc_xml(str(ctx.slot("xml", "LastName", last)))
    school = enc_xml(str(ctx.slot("xml", "OrganizationName", ctx.pick((f"{ctx.fake.city()} High School", f"Lycée {ctx.fake.last_name()}", "St. Mary's College", f"{ctx.fake.last_name()}-Gymnasium")))))
    courses = []
    for i in range(ctx.rng.randint(2, 6)):
        title = ctx.pick(("AP Calculus BC", "English Lit. (Shakespeare & Co.)", "Physics -- Mechanics", "Français LV1", "World History", "Chemistry (Hons)", "Computer Science A"))
        if i == 0:
            title = str(ctx.slot("xml", "CourseTitle", title))
        courses.append(f"      <Course><CourseCreditValue>{ctx.pick(('1.0', '0.5'))}</CourseCreditValue><CourseAcademicGrade>{ctx.pick(('A', 'A-', 'B+', 'B', '15/20', '1,3'))}</CourseAcademicGrade>"
                       f"<CourseTitle>{enc_xml(title)}</CourseTitle></Course>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<HighSchoolTranscript xmlns="urn:org:pesc:message:HighSchoolTranscript:v1.5.0">\n'
            f"  <TransmissionData><DocumentID>{ctx.fake.uuid4()}</DocumentID><CreatedDateTime>{v.iso_datetime(ctx)}</CreatedDateTime></TransmissionData>\n"
            f"  <Student>\n    <Person><Name><FirstName>{first}</FirstName><LastName>{last}</LastName></Name><Birth><BirthDate>{v.iso_date(ctx)}</BirthDate></Birth></Person>\n"
            f"    <AcademicRecord>\n      <School><OrganizationName>{school}</OrganizationName></School>\n" + "\n".join(courses) + "\n    </AcademicRecord>\n  </Student>\n</HighSchoolTranscript>\n")


@template(GROUP, ("/admissions/",))
def university_admissions(ctx: Ctx) -> Request:
    """Admissions portal: essays (draft PATCH with If-Match), transcript PDFs and PESC XML, referee forms, course choices, programme search."""
    kind = ctx.pick(("essay", "essay", "essay", "transcript", "transcript_xml", "referee", "choices", "search", "remove_referee", "preflight"))
    profile = ctx.pick(("xhr", "xhr", "mobile"))
    app_id = ctx.pick((f"{ctx.rng.randrange(2025, 2028)}-{ctx.rng.randrange(100000, 999999)}", ctx.fake.uuid4()))
    if kind == "essay":
        prompt = ctx.pick(("personal-statement", "why-us", "challenge", "community", "supplement-1"))
        text = _essay(ctx)
        body: dict[str, Any] = {"text": j(ctx, "text", text), "wordCount": len(text.split()), "status": ctx.pick(("draft", "draft", "final")),
                                "language": ctx.locale.replace("_", "-")}
        if ctx.chance(0.4):
            body["title"] = j(ctx, "title", ctx.pick(("Why I (still) love maths", "On 'home'", short_title(ctx, ("draft 3", "final", "v2")))))
        headers = site_headers(ctx, "xhr", "application/merge-patch+json" if ctx.chance(0.4) else "application/json", "jwt") + [["If-Match", f'"{v.hex_token(ctx, 16)}"']]
        return req("PATCH", f"/admissions/api/applications/{seg(ctx, 'application', app_id)}/essays/{prompt}", headers, body=dumps(ctx, body))
    if kind == "transcript":
        first, last = v.person_name(ctx)
        fields = [("kind", ctx.pick(("transcript", "predicted_grades", "language_certificate"))), ("school", ctx.pick((f"{ctx.fake.city()} Academy", "St. Mary's College", ctx.fake.company()))),
                  ("comment", ctx.pick(("", "Grades are out of 20 (French system)", "Translated copy + original (German)", v.prose(ctx, 1, 1))))]
        ctype, body_text = multipart(ctx, fields, [("file", f"{last}_{first}_transcript.pdf", "application/pdf", _pdf(ctx, f"Transcript of records - {first} {last}"))])
        return req("POST", f"/admissions/api/applications/{seg(ctx, 'application', app_id)}/documents", site_headers(ctx, profile, ctype, "jwt"), body=body_text)
    if kind == "transcript_xml":
        headers = headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="apikey")
        return req("POST", f"/admissions/api/applications/{seg(ctx, 'application', app_id)}/transcripts", headers, body=_pesc_transcript(ctx))
    if kind == "referee":
        first, last = v.person_name(ctx)
        pairs = [("authenticity_token", v.alnum_token(ctx, 43)), ("referee[title]", ctx.pick(("Mr", "Ms", "Dr", "Prof.", "Mme", "Herr"))), ("referee[first_name]", first),
                 ("referee[last_name]", last), ("referee[email]", ctx.fake.email()), ("referee[position]", ctx.pick(("Head of Sixth Form", "Physics teacher", "Professeure principale", ctx.fake.job()))),
                 ("referee[relationship]", ctx.pick(("Taught me A-level Chemistry for 2 years", "Supervisor at my summer job (Café O'Neill)", v.prose(ctx, 1, 1)))),
                 ("referee[phone]", _phone(ctx))]
        return nav_form(ctx, f"/admissions/applications/{seg(ctx, 'application', app_id)}/referees", "/admissions/applications", form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "choices":
        body_list = [{"rank": i + 1, "courseCode": ctx.fake.bothify("?###").upper(), "title": j(ctx, f"choices[{i}].title", ctx.pick(_SUBJECTS)),
                      "campus": j(ctx, f"choices[{i}].campus", ctx.pick(("Main", "City Centre", ctx.fake.city()))), "startYear": ctx.rng.randrange(2025, 2028),
                      "deferred": ctx.chance(0.1)} for i in range(ctx.rng.randint(1, 5))]
        return req("PUT", f"/admissions/api/applications/{seg(ctx, 'application', app_id)}/choices", site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body_list))
    if kind == "search":
        pairs = [("q", ctx.pick(_SUBJECTS + (v.search_terms(ctx), "pre-med (4 yr)", "law & french", "c++ / systems"))), ("level", ctx.pick(("undergraduate", "postgraduate"))),
                 ("mode", ctx.pick(("full-time", "part-time")))]
        if ctx.chance(0.4):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/admissions/api/programmes", headers_for(ctx, profile), qs(ctx, pairs))
    if kind == "remove_referee":
        return req("DELETE", f"/admissions/api/applications/{seg(ctx, 'application', app_id)}/referees/{seg(ctx, 'referee', rid(ctx))}", headers_for(ctx, profile, auth="jwt"))
    return preflight(ctx, f"/admissions/api/applications/{app_id}/essays/personal-statement", ("PATCH", "PUT"), ("authorization,content-type,if-match", "content-type"))


# --------------------------------------------------------------------------
# A small YAML writer for the code-as-content apps (the project does not depend on a YAML library)
# --------------------------------------------------------------------------

_YAML_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.")
_YAML_WORDS = frozenset({"on", "off", "yes", "no", "true", "false", "null", "y", "n"})


def _yscalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    s = str(value)
    if s and set(s) <= _YAML_PLAIN and s not in _YAML_WORDS and not s[0].isdigit():
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml(obj: Any, indent: int = 0) -> str:
    """Block-style YAML: multi-line strings as `|` literals, others plain or double-quoted."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if isinstance(value, (dict, list)) and value:
                lines.append(f"{pad}{key}:")
                lines.append(_yaml(value, indent + 2))
            elif isinstance(value, str) and "\n" in value:
                lines.append(f"{pad}{key}: |-")
                lines += [f"{pad}  {line}" if line else "" for line in value.split("\n")]
            else:
                lines.append(f"{pad}{key}: {_yscalar(value) if value != {} and value != [] else ('{}' if value == {} else '[]')}")
    else:
        for item in obj:
            if isinstance(item, (dict, list)) and item:
                inner = _yaml(item, indent + 2)
                lines.append(f"{pad}- {inner.lstrip()}")
            elif isinstance(item, str) and "\n" in item:
                lines.append(f"{pad}- |-")
                lines += [f"{pad}  {line}" if line else "" for line in item.split("\n")]
            else:
                lines.append(f"{pad}- {_yscalar(item)}")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# 6. Home automation hub (code as content): states, services, automations/scripts with Jinja templates, scenes, webhooks
# --------------------------------------------------------------------------

_ROOMS = ("kitchen", "living_room", "bedroom", "hallway", "garage", "office", "kids_room", "bathroom", "garden", "porch")
_THINGS = {"sensor": ("temp", "humidity", "co2", "power", "battery", "lux", "energy_today"), "binary_sensor": ("door", "window", "motion", "occupancy", "leak"),
           "light": ("ceiling", "lamp", "strip", "spots"), "switch": ("heater", "fan", "plug", "coffee_machine"), "climate": ("thermostat", "radiator", "ac"),
           "cover": ("blinds", "garage_door", "shutter")}


def _entity(ctx: Ctx, domain: str | None = None) -> str:
    domain = domain or ctx.pick(tuple(_THINGS))
    return f"{domain}.{ctx.pick(_ROOMS)}_{ctx.pick(_THINGS[domain])}"


def _jinja_condition(ctx: Ctx) -> str:
    s, b, c, n = _entity(ctx, "sensor"), _entity(ctx, "binary_sensor"), _entity(ctx, "climate"), ctx.rng.randint(1, 40)
    return ctx.pick((
        f"{{{{ states('{s}') | float(0) > {n} }}}}",
        f"{{{{ is_state('{b}', 'on') }}}}",
        f"{{{{ state_attr('{c}', 'current_temperature') | int < {ctx.rng.randint(15, 23)} }}}}",
        f"{{{{ now().hour >= {ctx.rng.randint(18, 23)} or now().hour < {ctx.rng.randint(5, 8)} }}}}",
        f"{{{{ (as_timestamp(now()) - as_timestamp(states.{b}.last_changed)) > {ctx.pick((300, 600, 1800))} }}}}",
        f"{{{{ trigger.to_state.state == 'on' and trigger.from_state.state == 'off' }}}}",
        f"{{{{ states.sensor | selectattr('entity_id', 'search', 'battery') | map(attribute='state') | map('int', 100) | min < {n} }}}}",
        f"{{{{ is_state('person.{ctx.en.first_name().lower()}', 'not_home') and states('{s}') | float(0) >= {n} }}}}",
    ))


def _jinja_message(ctx: Ctx) -> str:
    s, b = _entity(ctx, "sensor"), _entity(ctx, "binary_sensor")
    text = ctx.pick((v.short_text(ctx), "Heads up!", "Check the house", ctx.pick(v._EMOJI) + " reminder"))
    return ctx.pick((
        f"{{% if is_state('{b}', 'on') %}}{text} -- {b.split('.')[1].replace('_', ' ')} is open{{% else %}}All closed{{% endif %}}",
        f"{text}: {{{{ states('{s}') }}}}{{{{ state_attr('{s}', 'unit_of_measurement') }}}} ({{{{ 'too high' if states('{s}') | float(0) > {ctx.rng.randint(20, 30)} else 'ok' }}}})",
        f"{{% for s in states.sensor if 'battery' in s.entity_id and s.state | int(100) < 20 %}}{{{{ s.name }}}} ({{{{ s.state }}}}%){{% if not loop.last %}}, {{% endif %}}{{% endfor %}}",
        f"{text} {{{{ trigger.to_state.name }}}} changed to {{{{ trigger.to_state.state }}}} at {{{{ now().strftime('%H:%M') }}}}",
        f"{{{{ '{text}' if is_state('sun.sun', 'below_horizon') else 'Good morning! It is ' ~ states('{s}') ~ '°C' }}}}",
    ))


def _ha_trigger(ctx: Ctx) -> dict[str, Any]:
    r = ctx.rng.random()
    if r < 0.3:
        t: dict[str, Any] = {"platform": "state", "entity_id": _entity(ctx, "binary_sensor"), "to": ctx.pick(("on", "off"))}
        if ctx.chance(0.5):
            t["for"] = {"minutes": ctx.rng.randint(1, 30)}
        return t
    if r < 0.5:
        return {"platform": "numeric_state", "entity_id": _entity(ctx, "sensor"), ctx.pick(("above", "below")): ctx.rng.randint(5, 1500)}
    if r < 0.65:
        return {"platform": "time", "at": f"{ctx.rng.randint(0, 23):02d}:{ctx.pick(('00', '15', '30', '45'))}:00"}
    if r < 0.8:
        return {"platform": "sun", "event": ctx.pick(("sunset", "sunrise")), "offset": ctx.pick(("-00:30:00", "00:15:00", "00:00:00"))}
    if r < 0.9:
        return {"platform": "webhook", "webhook_id": f"{ctx.en.word()}-{v.hex_token(ctx, 12)}", "allowed_methods": ["POST", "PUT"], "local_only": ctx.chance(0.5)}
    return {"platform": "template", "value_template": _jinja_condition(ctx)}


def _ha_action(ctx: Ctx, i: int) -> dict[str, Any]:
    r = ctx.rng.random()
    if r < 0.3:
        return {"service": ctx.pick(("light.turn_on", "light.turn_off", "light.toggle")), "target": {"entity_id": _entity(ctx, "light")},
                "data": {"brightness_pct": ctx.rng.randint(5, 100), "transition": ctx.rng.randint(0, 10)}}
    if r < 0.55:
        return {"service": f"notify.mobile_app_{ctx.en.first_name().lower()}s_phone",
                "data": {"title": ctx.pick(("Home", "Alarm", "Garage", "Heads up")),
                         "message": _jinja_message(ctx)}}
    if r < 0.7:
        return {"delay": {"minutes": ctx.rng.randint(1, 20)}}
    if r < 0.85:
        return {"service": "climate.set_temperature", "target": {"entity_id": _entity(ctx, "climate")}, "data": {"temperature": ctx.pick((17, 18.5, 19, 20, 21, 22.5))}}
    return {"choose": [{"conditions": [{"condition": "template", "value_template": _jinja_condition(ctx)}],
                        "sequence": [{"service": ctx.pick(("cover.close_cover", "switch.turn_off", "scene.turn_on")), "target": {"entity_id": _entity(ctx, ctx.pick(("cover", "switch")))}}]}],
            "default": [{"service": "logbook.log", "data": {"name": "automation", "message": _jinja_message(ctx)}}]}


def _automation(ctx: Ctx, slot_kind: str) -> dict[str, Any]:
    """An automation config; alias and description are the user's (slots of `slot_kind`), the rest is built from parts."""
    alias = ctx.pick((f"{ctx.pick(_ROOMS).replace('_', ' ').title()} lights at sunset", "Leak alert -> phone", "Heating boost when it's < 18°C", "Kids' bedtime (don't wake the baby!)",
                      f"Notify {ctx.fake.first_name()} if the door's open > 10 min", short_title(ctx, ("v2", "test", "old -- disable?"))))
    desc = ctx.pick(("", v.prose(ctx, 1, 2, trap_rate=0.3), f"Turns things off when nobody's home -- {synth_tech.formula(ctx)}", "Copied from the forum, tweaked the thresholds"))
    out: dict[str, Any] = {"id": str(ctx.rng.randrange(10**12, 10**13)), "alias": ctx.slot(slot_kind, "alias", alias), "description": ctx.slot(slot_kind, "description", desc),
                           "mode": ctx.pick(("single", "restart", "queued", "parallel")), "trigger": [_ha_trigger(ctx) for _ in range(ctx.rng.randint(1, 2))]}
    if ctx.chance(0.6):
        out["condition"] = [{"condition": "template", "value_template": _jinja_condition(ctx)}]
        if ctx.chance(0.3):
            out["condition"].append({"condition": "state", "entity_id": "alarm_control_panel.home", "state": ctx.pick(("armed_away", "disarmed"))})
    out["action"] = [_ha_action(ctx, i) for i in range(ctx.rng.randint(1, 3))]
    return out


@template(GROUP, ("/smarthome/",))
def home_automation(ctx: Ctx) -> Request:
    """Smart-home hub REST API: states, service calls, automations and scripts as JSON or YAML with Jinja templates, template previews, scenes, webhooks, history."""
    kind = ctx.pick(("state", "set_state", "service", "automation", "automation", "automation_yaml", "script", "template", "scene", "webhook", "history", "delete", "preflight"))
    profile = ctx.pick(("xhr", "xhr", "mobile", "sdk"))
    auth = "jwt"
    if kind == "state":
        return req("GET", f"/smarthome/api/states/{seg(ctx, 'entity_id', _entity(ctx))}", headers_for(ctx, profile, auth=auth))
    if kind == "set_state":
        ent = _entity(ctx, "sensor")
        body: Any = {"state": j(ctx, "state", ctx.pick((f"{ctx.rng.uniform(-5, 35):.1f}", "on", "unavailable", str(ctx.rng.randint(0, 100))))),
                     "attributes": {"unit_of_measurement": ctx.pick(("°C", "%", "W", "ppm", "lx")), "friendly_name": j(ctx, "attributes.friendly_name", ctx.pick((f"{ctx.fake.first_name()}'s room temp", v.short_text(ctx), ent.split(".")[1].replace("_", " ").title())))}}
        return req("POST", f"/smarthome/api/states/{seg(ctx, 'entity_id', ent)}", headers_for(ctx, ctx.pick(("sdk", "mobile")), content_type="application/json", auth=auth), body=dumps(ctx, body))
    if kind == "service":
        domain, service = ctx.pick((("light", "turn_on"), ("climate", "set_temperature"), ("cover", "set_cover_position"), ("notify", "family"), ("media_player", "play_media")))
        body = {"entity_id": _entity(ctx, domain) if domain in _THINGS else f"{domain}.{ctx.pick(_ROOMS)}"}
        if domain == "light":
            body.update({"brightness_pct": ctx.rng.randint(1, 100), "color_name": ctx.pick(("warmwhite", "red", "blue", "purple"))})
        elif domain == "climate":
            body["temperature"] = ctx.pick((18, 19.5, 21, 22))
        elif domain == "cover":
            body["position"] = ctx.rng.randint(0, 100)
        elif domain == "notify":
            body = {"title": j(ctx, "title", ctx.pick(("Dinner's ready!", "Bin day tomorrow 🗑️", v.short_text(ctx)))), "message": j(ctx, "message", ctx.pick((_jinja_message(ctx), v.prose(ctx, 1, 2))))}
        else:
            body.update({"media_content_id": j(ctx, "media_content_id", ctx.pick(("https://radio.example.org/stream.mp3", f"spotify:playlist:{v.alnum_token(ctx, 22)}"))), "media_content_type": "music"})
        return req("POST", f"/smarthome/api/services/{domain}/{service}", headers_for(ctx, profile, content_type="application/json", auth=auth), body=dumps(ctx, body))
    if kind == "automation":
        body = _automation(ctx, "json")
        return req(ctx.pick(("POST", "PUT")), f"/smarthome/api/config/automation/config/{seg(ctx, 'automation', body['id'])}", site_headers(ctx, "xhr", "application/json", auth), body=dumps(ctx, body))
    if kind == "automation_yaml":
        docs = [_automation(ctx, "multipart") for _ in range(ctx.rng.randint(1, 2))]
        text = _yaml(docs) + "\n"
        if ctx.chance(0.4):
            text = f"# automations.yaml -- exported {v.iso_date(ctx)}\n" + text
        headers = headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctx.pick(("application/yaml", "text/yaml; charset=utf-8")), auth=auth)
        return req("POST", "/smarthome/api/config/automation/import", headers, qs(ctx, [("overwrite", ctx.pick(("false", "true")))], fixed=("overwrite",)), text)
    if kind == "script":
        seq = [_ha_action(ctx, i) for i in range(ctx.rng.randint(1, 4))]
        body = {"alias": j(ctx, "alias", ctx.pick(("Movie night 🍿", "Good night", "Leaving home", v.short_text(ctx)))), "icon": ctx.pick(("mdi:movie", "mdi:weather-night", "mdi:home-export-outline")),
                "fields": {"room": {"description": j(ctx, "fields.room.description", ctx.pick(("Which room?", "Room to dim -- defaults to living room", v.sentence(ctx)))), "example": ctx.pick(_ROOMS)}},
                "sequence": seq, "mode": "restart"}
        return req("POST", f"/smarthome/api/config/script/config/{seg(ctx, 'script', ctx.pick(('movie_night', 'good_night', 'leaving_home', ctx.en.word() + '_routine')))}",
                   site_headers(ctx, "xhr", "application/json", auth), body=dumps(ctx, body))
    if kind == "template":
        tpl = ctx.pick((_jinja_message(ctx), _jinja_condition(ctx), f"{_jinja_condition(ctx)}\n{_jinja_message(ctx)}"))
        return req("POST", "/smarthome/api/template", site_headers(ctx, profile, "application/json", auth), body=dumps(ctx, {"template": j(ctx, "template", tpl)}))
    if kind == "scene":
        ents = {_entity(ctx, d): ({"state": "on", "brightness": ctx.rng.randint(1, 255)} if d == "light" else {"state": ctx.pick(("on", "off", "open", "closed"))})
                for d in ctx.rng.sample(("light", "switch", "cover"), ctx.rng.randint(1, 3))}
        body = {"id": str(ctx.rng.randrange(10**12, 10**13)), "name": j(ctx, "name", ctx.pick(("Cosy evening", "Dinner party 🎉", "Reading -- warm light", v.short_text(ctx)))), "entities": ents}
        return req("PUT", f"/smarthome/api/config/scene/config/{seg(ctx, 'scene', body['id'])}", site_headers(ctx, "xhr", "application/json", auth), body=dumps(ctx, body))
    if kind == "webhook":
        hook = f"{ctx.en.word()}-{v.hex_token(ctx, 12)}"
        if ctx.chance(0.5):
            body = {"event": ctx.pick(("doorbell", "garage_opened", "washing_done", "package_delivered")), "device": j(ctx, "device", ctx.pick(("esp32-doorbell", "shelly-plug-s", ctx.en.word() + "-node"))),
                    "value": j(ctx, "value", ctx.pick((str(ctx.rng.randint(0, 100)), "pressed", "Delivered to porch -- left behind the plant pot")))}
            return req("POST", f"/smarthome/api/webhook/{seg(ctx, 'webhook_id', hook)}", headers_for(ctx, "sdk", content_type="application/json"), body=dumps(ctx, body))
        pairs = [("event", ctx.pick(("doorbell", "motion", "nfc_tag"))), ("value", ctx.pick(("1", "short_press", v.short_text(ctx))))]
        return req("PUT", f"/smarthome/api/webhook/{seg(ctx, 'webhook_id', hook)}", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded"), body=form(ctx, pairs))
    if kind == "history":
        pairs = [("filter_entity_id", ",".join(_entity(ctx) for _ in range(ctx.rng.randint(1, 3)))), ("end_time", v.iso_datetime(ctx)), ("minimal_response", "")]
        return req("GET", f"/smarthome/api/history/period/{seg(ctx, 'start_time', v.iso_datetime(ctx))}", headers_for(ctx, profile, auth=auth), qs(ctx, pairs, fixed=("minimal_response",)))
    if kind == "delete":
        return req("DELETE", f"/smarthome/api/config/automation/config/{seg(ctx, 'automation', str(ctx.rng.randrange(10**12, 10**13)))}", headers_for(ctx, "xhr", auth=auth))
    return preflight(ctx, "/smarthome/api/services/light/turn_on", ("POST",), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# 7. Mailing-list archive (code as content): thread search, quoted replies, inline patches, patch states, subscriptions
# --------------------------------------------------------------------------

_LISTS = ("linux-usb", "netdev", "python-dev", "postgres-hackers", "git", "qemu-devel", "openbsd-tech", "debian-devel", "rust-embedded", "alsa-devel")
_SUBSYS = ("usb", "net", "sched", "docs", "tests", "build", "parser", "core", "mm", "io")


def _c_lines(ctx: Ctx) -> list[str]:
    w, f = ctx.en.word(), ctx.en.word()
    return ctx.pick((
        [f"\tif (!{w})", "\t\treturn -ENOMEM;"],
        [f"\tret = {w}_{f}(dev, {ctx.rng.randint(0, 64)});", "\tif (ret < 0) {", f'\t\tdev_err(dev, "failed to {f}: %d\\n", ret);', "\t\tgoto out_put;", "\t}"],
        [f"\tfor (i = 0; i < {w}->count && i < MAX_{f.upper()}; i++)", f"\t\t{w}->buf[i] = 0;"],
        [f"static int {w}_{f}(struct {w} *{w[0]}, size_t len)", "{", f"\treturn len > {w[0]}->size ? -EINVAL : 0;", "}"],
        [f"\tspin_lock_irqsave(&{w}->lock, flags);", f"\tlist_del_init(&{f}->node);", f"\tspin_unlock_irqrestore(&{w}->lock, flags);"],
    ))


def _py_lines(ctx: Ctx) -> list[str]:
    w, f = ctx.en.word(), ctx.en.word()
    return ctx.pick((
        [f"    if {w} is None or len({w}) < {ctx.rng.randint(1, 9)}:", f"        raise ValueError(f\"bad {w}: {{{w}!r}}\")"],
        [f"    with open({f}_path, encoding='utf-8') as fh:", "        data = fh.read()"],
        [f"def {w}_{f}(self, *args, **kwargs):", f"    return self._{w}.get(*args, **kwargs) or {{}}"],
        [f"    for key, value in sorted({w}.items()):", f"        if value != {ctx.rng.randint(0, 9)}:", f"            {f}[key] = value"],
    ))


def _sh_lines(ctx: Ctx) -> list[str]:
    w = ctx.en.word()
    return ctx.pick((
        [f'if [ -z "${{{w.upper()}_DIR:-}}" ]; then', f'\t{w.upper()}_DIR="$(mktemp -d)"', "fi"],
        [f"test_expect_success '{w} handles empty input' '", f"\tgit {ctx.pick(('log', 'status', 'diff'))} --{w} >actual &&", "\ttest_must_be_empty actual", "'"],
        [f"for f in {w}/*.conf; do", '\techo "checking $f" >&2', "done"],
        [f'make -C {w} -j"$(nproc)" || exit 1'],
    ))


def _hunk(ctx: Ctx, lang: str) -> tuple[str, list[str]]:
    """One hunk: context, removed and added lines, with a header whose counts match."""
    gen = {"c": _c_lines, "py": _py_lines, "sh": _sh_lines}[lang]
    before, removed, added, after = gen(ctx)[:2], gen(ctx) if ctx.chance(0.6) else [], gen(ctx), gen(ctx)[:2]
    lines = [" " + x for x in before] + ["-" + x for x in removed] + ["+" + x for x in added] + [" " + x for x in after]
    old_n, new_n = len(before) + len(removed) + len(after), len(before) + len(added) + len(after)
    start = ctx.rng.randint(1, 900)
    func = ctx.pick(("", f" static int {ctx.en.word()}_probe(struct device *dev)", f" def {ctx.en.word()}(self):", " }")) if lang != "sh" else ""
    return f"@@ -{start},{old_n} +{start + ctx.rng.randint(-3, 6) if start > 5 else start},{new_n} @@{func}", lines


def _patch(ctx: Ctx) -> str:
    """A unified diff as `git format-patch` writes it, one to three files."""
    out = []
    for _ in range(ctx.rng.randint(1, 3)):
        lang = ctx.pick(("c", "c", "py", "sh"))
        ext = {"c": ctx.pick(("c", "h")), "py": "py", "sh": "sh"}[lang]
        path = f"{ctx.pick(('src', 'drivers/' + ctx.pick(_SUBSYS), 'lib', 'tools', 't', 'Lib'))}/{ctx.en.word()}.{ext}"
        out += [f"diff --git a/{path} b/{path}", f"index {v.hex_token(ctx, 12)[:7]}..{v.hex_token(ctx, 12)[:7]} 100644", f"--- a/{path}", f"+++ b/{path}"]
        for _ in range(ctx.rng.randint(1, 2)):
            header, lines = _hunk(ctx, lang)
            out += [header] + lines
    return "\n".join(out)


def _quoted_reply(ctx: Ctx, author: str) -> str:
    """A reply: attribution line, quoted text (some of it a quoted patch), then the answer interleaved."""
    parts = [f"On {v.when(ctx):%a, %d %b %Y %H:%M}, {author} wrote:"]
    for _ in range(ctx.rng.randint(1, 3)):
        if ctx.chance(0.4):
            header, lines = _hunk(ctx, ctx.pick(("c", "py", "sh")))
            parts.append("\n".join("> " + x for x in [header] + lines))
        else:
            parts.append("\n".join("> " + x for x in v.prose(ctx, 1, 3, trap_rate=0.3).split("\n")))
        parts.append(ctx.pick((v.prose(ctx, 1, 2, trap_rate=0.3), "Agreed.", "Nit: s/its/it's/ in the commit message.", synth_tech.with_aside(ctx, "Does this still hold if"),
                               f"Why not `{ctx.en.word()}_{ctx.en.word()}()` here? The error path leaks the ref otherwise.", "This breaks the build with -Werror (unused variable 'ret').")))
    if ctx.chance(0.6):
        parts.append(ctx.pick(("Reviewed-by: ", "Acked-by: ", "Tested-by: ")) + f"{v.full_name(ctx)} <{ctx.fake.email()}>")
    return "\n\n".join(parts)


@template(GROUP, ("/mailarchive/",))
def mailing_list_archive(ctx: Ctx) -> Request:
    """Mailman/patchwork-style archive: thread search, thread views, quoted replies, inline patches (mbox text), patch states, series lists, subscriptions."""
    kind = ctx.pick(("search", "search", "thread", "reply", "reply", "patch", "state", "series", "subscribe", "unsubscribe", "preflight"))
    lst = ctx.pick(_LISTS)
    msgid = f"{v.when(ctx):%Y%m%d%H%M%S}.{ctx.rng.randrange(10**5, 10**7)}-{ctx.rng.randint(1, 12)}-{ctx.en.user_name()}@{ctx.en.domain_name()}"
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((f'"{ctx.pick(_SUBSYS)}: fix {ctx.en.word()}"', f"from:{ctx.fake.last_name()} {ctx.en.word()}", "use-after-free in probe",
                                                        "[PATCH v3] -RFC", f"{ctx.en.word()}_{ctx.en.word()}()", v.search_terms(ctx), "Re: drop support for python 3.8?")))]
        pairs += [("list", lst), ("since", v.iso_date(ctx))]
        if ctx.chance(0.4):
            pairs.append(("sort", ctx.pick(("date", "-date", "relevance"))))
        return req("GET", "/mailarchive/search", headers_for(ctx, ctx.pick(("nav", "xhr"))), qs(ctx, pairs))
    if kind == "thread":
        q = qs(ctx, [("view", ctx.pick(("flat", "threaded", "raw")))]) if ctx.chance(0.5) else ""
        return req("GET", f"/mailarchive/list/{seg(ctx, 'list', lst)}/thread/{seg(ctx, 'message_id', msgid)}", headers_for(ctx, "nav"), q)
    n, total = ctx.rng.randint(1, 7), ctx.rng.randint(1, 9)
    subject = f"[PATCH v{ctx.rng.randint(1, 5)} {min(n, total)}/{total}] {ctx.pick(_SUBSYS)}: {ctx.pick(('fix', 'add', 'drop', 'refactor'))} {ctx.en.word()} {ctx.pick(('handling', 'leak', 'check', 'support'))}"
    if kind == "reply":
        author = v.full_name(ctx)
        pairs = [("csrf_token", v.alnum_token(ctx, 40)), ("subject", "Re: " + subject), ("in_reply_to", f"<{msgid}>"),
                 ("body", _quoted_reply(ctx, author)), ("sender_name", v.full_name(ctx)), ("sender_email", ctx.fake.email())]
        return nav_form(ctx, f"/mailarchive/list/{seg(ctx, 'list', lst)}/reply", f"/mailarchive/list/{lst}", form(ctx, pairs, fixed=("csrf_token",)))
    if kind == "patch":
        first, last = v.person_name(ctx)
        name = ctx.slot("multipart", "From", f"{first} {last}")
        msg = ctx.slot("multipart", "commit_message", v.prose(ctx, 1, 3, trap_rate=0.2))
        body = (f"From {v.hex_token(ctx, 40)} Mon Sep 17 00:00:00 2001\nFrom: {name} <{ctx.fake.email()}>\nDate: {v.when(ctx):%a, %d %b %Y %H:%M:%S} +0000\n"
                f"Subject: {subject}\n\n{msg}\n\nSigned-off-by: {first} {last} <{ctx.fake.email()}>\n---\n{_patch(ctx)}\n--\n2.{ctx.rng.randint(30, 47)}.{ctx.rng.randint(0, 3)}\n")
        headers = headers_for(ctx, "sdk", content_type=ctx.pick(("text/x-patch; charset=utf-8", "application/mbox", "text/plain; charset=utf-8")), auth=ctx.pick(("basic", "apikey")))
        return req("POST", f"/mailarchive/api/lists/{seg(ctx, 'list', lst)}/patches", headers, body=body)
    if kind == "state":
        body_obj = {"state": ctx.pick(("accepted", "changes-requested", "superseded", "under-review", "rejected")), "archived": ctx.chance(0.3),
                    "delegate": j(ctx, "delegate", ctx.en.user_name()), "comment": j(ctx, "comment", ctx.pick(("Applied to net-next, thanks!", "Superseded by v4.", _quoted_reply(ctx, v.full_name(ctx)), v.prose(ctx, 1, 2))))}
        return req("PATCH", f"/mailarchive/api/patches/{seg(ctx, 'patch', rid(ctx))}", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="apikey"), body=dumps(ctx, body_obj))
    if kind == "series":
        pairs = [("project", lst), ("submitter", ctx.pick((ctx.fake.email(), v.full_name(ctx)))), ("state", ctx.pick(("new", "accepted", "action-required"))), ("per_page", ctx.pick((20, 50, 100)))]
        return req("GET", "/mailarchive/api/series", headers_for(ctx, "sdk", auth=ctx.pick((None, "apikey"))), qs(ctx, pairs))
    if kind == "subscribe":
        pairs = [("csrf_token", v.alnum_token(ctx, 40)), ("email", ctx.fake.email()), ("display_name", v.full_name(ctx)), ("delivery", ctx.pick(("regular", "digest", "plain-digest"))),
                 ("password", ctx.fake.password(length=ctx.rng.randint(10, 18))), ("reason", ctx.pick(("", "Maintainer of the x86 bits -- need to follow reviews", v.prose(ctx, 1, 1))))]
        return nav_form(ctx, f"/mailarchive/list/{seg(ctx, 'list', lst)}/subscribe", f"/mailarchive/list/{lst}/info", form(ctx, pairs, fixed=("csrf_token",)))
    if kind == "unsubscribe":
        return req("DELETE", f"/mailarchive/api/lists/{seg(ctx, 'list', lst)}/members/{seg(ctx, 'email', ctx.fake.email())}", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"))
    return preflight(ctx, f"/mailarchive/api/patches/{rid(ctx)}", ("PATCH",), ("authorization,content-type", "content-type,x-api-key"))


# --------------------------------------------------------------------------
# 8. Job runner (code as content): job definitions with shell steps, schedules, runs with extra vars, log search
# --------------------------------------------------------------------------

_HOSTS = ("web-01", "web-02", "db-primary", "db-replica-1", "worker-[1:4]", "bastion", "nas", "k8s-node-3", "mail")
_SERVICES = ("nginx", "postgresql", "redis-server", "gunicorn", "php8.2-fpm", "docker", "caddy", "celery-worker", "haproxy")


def _op_step(ctx: Ctx) -> str:
    """One operator command, built from parts: backups, restarts with health checks, rotations, deploys."""
    db, svc, w = ctx.pick(("mydb", "app_prod", "billing", "wiki", ctx.en.word())), ctx.pick(_SERVICES), ctx.en.word()
    port = ctx.pick((80, 8000, 8080, 9000))
    return ctx.pick((
        f"pg_dump -Fc {db} > /backups/{db}-$(date +%F).dump",
        f"pg_dump -Fc -h {ctx.pick(('localhost', 'db-primary'))} -U backup {db} | gzip > /srv/backups/{db}_$(date +%Y%m%d_%H%M).dump.gz",
        f"systemctl restart {svc} && curl -fsS http://localhost:{port}/health",
        f"systemctl reload {svc} || systemctl restart {svc}",
        f"find /var/log/{w} -name '*.gz' -mtime +{ctx.pick((7, 14, 30))} -delete",
        f"rsync -az --delete /srv/{w}/ backup@{ctx.pick(_HOSTS)}:/backups/{w}/",
        "docker compose pull && docker compose up -d --remove-orphans",
        f"certbot renew --quiet --deploy-hook \"systemctl reload {ctx.pick(('nginx', 'haproxy', 'caddy'))}\"",
        f"ansible-playbook -i inventories/{ctx.pick(('prod', 'staging'))} site.yml --limit {ctx.pick(('web', 'db', 'workers'))} --tags {ctx.pick(('deploy', 'certs', 'users'))}",
        f"tar czf /backups/{w}-$(date +%F).tgz -C /srv {w}",
        f"psql -d {db} -c \"VACUUM (ANALYZE) {ctx.pick(('orders', 'events', 'sessions', 'jobs'))};\"",
        f"df -h / /var | awk 'NR>1 && int($5) > {ctx.rng.randint(70, 95)} {{print $6\" is \"$5\" full\"}}'",
        f"journalctl -u {svc} --since '{ctx.rng.randint(1, 24)} hours ago' | grep -ci error || true",
        f"aws s3 sync /srv/{w}/uploads s3://{w}-{ctx.pick(('prod', 'backups'))}/uploads --only-show-errors",
        f"mysqldump --single-transaction {db} | gzip > /backups/{db}.sql.gz",
        f"redis-cli -n {ctx.rng.randint(0, 3)} BGSAVE && sleep {ctx.rng.randint(5, 30)}",
        f"git -C /srv/{w} pull --ff-only && /srv/{w}/.venv/bin/python manage.py migrate --noinput",
        synth_tech.shell_line(ctx),
    ))


def _cron(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.rng.randint(0, 59)} {ctx.rng.randint(0, 5)} * * *", "*/15 * * * *", f"0 {ctx.rng.randint(0, 23)} * * 1-5", "30 2 1 * *", "@daily", "0 */6 * * *",
                     f"{ctx.rng.randint(0, 59)} {ctx.rng.randint(0, 23)} * * {ctx.pick(('0', '6', 'sun', 'mon'))}"))


def _job(ctx: Ctx, slot_kind: str) -> dict[str, Any]:
    """A job definition: name, description and steps are the operator's (slots of `slot_kind`)."""
    steps = []
    for i in range(ctx.rng.randint(1, 4)):
        # one slot per step: a slot drawn but left out of the request could not receive an attack
        if ctx.chance(0.2):
            step: dict[str, Any] = {"script": ctx.slot(slot_kind, f"sequence.commands[{i}].script", "#!/bin/bash\nset -euo pipefail\n" + "\n".join(_op_step(ctx) for _ in range(ctx.rng.randint(2, 4)))),
                                    "description": "inline script"}
        else:
            step = {"exec": ctx.slot(slot_kind, f"sequence.commands[{i}].exec", _op_step(ctx))}
            if ctx.chance(0.4):
                step["description"] = ctx.pick(("Backup first!", "Restart + health check", "Rotate old logs", f"{ctx.en.word().capitalize()} step"))
        steps.append(step)
    name = ctx.pick((f"nightly-{ctx.pick(('pg-backup', 'rsync', 'log-cleanup'))}", f"Restart {ctx.pick(_SERVICES)} ({ctx.pick(('prod', 'staging'))})", "Renew certs", short_title(ctx, ("cron", "manual", "DO NOT RUN on prod"))))
    desc = ctx.pick(("", v.prose(ctx, 1, 2, trap_rate=0.3), f"Owner: {v.full_name(ctx)} -- page #ops if it fails twice", "Runs after the backup window (02:00-03:30 UTC)"))
    return {"name": ctx.slot(slot_kind, "name", name), "group": ctx.pick(("ops/backups", "ops/maintenance", "deploy", "db")), "description": ctx.slot(slot_kind, "description", desc),
            "loglevel": ctx.pick(("INFO", "DEBUG")), "nodefilters": {"filter": f"tags: {ctx.pick(('web', 'db', 'workers'))} !name: {ctx.pick(_HOSTS)}"},
            "schedule": {"crontab": _cron(ctx), "timezone": ctx.fake.timezone()} if ctx.chance(0.6) else None,
            "sequence": {"keepgoing": ctx.chance(0.3), "strategy": ctx.pick(("node-first", "step-first", "parallel")), "commands": steps},
            "notification": {"onfailure": {"email": {"recipients": ctx.fake.email()}}} if ctx.chance(0.4) else None}


def _extra_vars(ctx: Ctx) -> dict[str, Any]:
    out: dict[str, Any] = {"app_version": f"{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 40)}.{ctx.rng.randint(0, 9)}", "target_env": ctx.pick(("prod", "staging"))}
    if ctx.chance(0.5):
        out["services"] = ctx.rng.sample(_SERVICES, ctx.rng.randint(1, 3))
    if ctx.chance(0.5):
        out["backup_dir"] = ctx.pick(("/backups", "/srv/backups", "/mnt/nas/db"))
    if ctx.chance(0.3):
        out["maintenance_message"] = ctx.pick(("We'll be back in 15 min -- sorry!", "Scheduled maintenance (DB upgrade)", v.sentence(ctx)))
    return out


@template(GROUP, ("/jobrunner/",))
def job_runner(ctx: Ctx) -> Request:
    """Self-hosted job runner: job definitions (JSON, YAML), cron schedule changes, runs with extra vars (YAML or JSON text), ad-hoc commands, log search, aborts."""
    kind = ctx.pick(("define", "define", "import_yaml", "schedule", "run", "run", "adhoc", "logs", "executions", "abort", "preflight"))
    profile = ctx.pick(("xhr", "sdk", "sdk"))
    project = ctx.pick(("infra", "ops", "platform", ctx.en.word()))
    job_id = ctx.fake.uuid4()
    if kind == "define":
        body = _job(ctx, "json")
        return req(ctx.pick(("POST", "PUT")), f"/jobrunner/api/projects/{seg(ctx, 'project', project)}/jobs", headers_for(ctx, profile, content_type="application/json", auth="apikey"), body=dumps(ctx, body))
    if kind == "import_yaml":
        text = "- " + _yaml(_job(ctx, "multipart"), 2).lstrip() + "\n"
        headers = headers_for(ctx, "sdk", content_type=ctx.pick(("application/yaml", "text/yaml")), auth="apikey")
        q = qs(ctx, [("dupeOption", ctx.pick(("update", "skip", "create"))), ("uuidOption", "remove")], fixed=("uuidOption",))
        return req("POST", f"/jobrunner/api/projects/{seg(ctx, 'project', project)}/jobs/import", headers, q, text)
    if kind == "schedule":
        body = {"crontab": j(ctx, "crontab", _cron(ctx)), "timezone": j(ctx, "timezone", ctx.fake.timezone()), "enabled": ctx.chance(0.8),
                "comment": j(ctx, "comment", ctx.pick(("Moved to 03:30 -- collides with the backup", "Weekdays only", v.prose(ctx, 1, 1))))}
        return req("PATCH", f"/jobrunner/api/jobs/{seg(ctx, 'job', job_id)}/schedule", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "run":
        ev = _extra_vars(ctx)
        ev_text = _yaml(ev) if ctx.chance(0.5) else json.dumps(ev, indent=ctx.pick((None, 2)))
        body = {"extra_vars": j(ctx, "extra_vars", ev_text), "limit": j(ctx, "limit", ctx.pick(("web", "db-primary", "web:&prod", "all:!bastion", ctx.pick(_HOSTS)))),
                "options": {"service": j(ctx, "options.service", ctx.pick(_SERVICES)), "dry_run": ctx.pick(("true", "false"))},
                "runAtTime": v.iso_datetime(ctx) if ctx.chance(0.2) else None}
        return req("POST", f"/jobrunner/api/jobs/{seg(ctx, 'job', job_id)}/run", headers_for(ctx, profile, content_type="application/json", auth=ctx.pick(("apikey", "jwt"))), body=dumps(ctx, body))
    if kind == "adhoc":
        pairs = [("_csrf", v.alnum_token(ctx, 36)), ("inventory", ctx.pick(("prod", "staging", "lab"))), ("limit", ctx.pick(_HOSTS)), ("module_name", ctx.pick(("shell", "command"))),
                 ("module_args", _op_step(ctx)), ("become", ctx.pick(("true", "false"))), ("forks", str(ctx.pick((5, 10, 20))))]
        return nav_form(ctx, f"/jobrunner/projects/{seg(ctx, 'project', project)}/adhoc", f"/jobrunner/projects/{project}", form(ctx, pairs, fixed=("_csrf",)))
    if kind == "logs":
        pairs = [("q", ctx.pick(("pg_dump: error", "exit code 1", "Permission denied", "curl: (22)", "ERROR|FATAL", f"{ctx.pick(_SERVICES)}.service: Failed", v.search_terms(ctx)))),
                 ("level", ctx.pick(("error", "warn", "all"))), ("node", ctx.pick(_HOSTS)), ("offset", str(ctx.rng.randrange(0, 40000, 500)))]
        return req("GET", f"/jobrunner/api/executions/{seg(ctx, 'execution', str(ctx.rng.randrange(1000, 999999)))}/output", headers_for(ctx, profile, auth="apikey"), qs(ctx, pairs))
    if kind == "executions":
        pairs = [("status", ctx.pick(("failed", "succeeded", "running", "aborted"))), ("recentFilter", ctx.pick(("1d", "7d", "1w"))), ("jobFilter", ctx.pick(("backup", "restart nginx", v.short_text(ctx))))]
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", f"/jobrunner/api/projects/{seg(ctx, 'project', project)}/executions", headers_for(ctx, profile, auth="apikey"), qs(ctx, pairs))
    if kind == "abort":
        q = qs(ctx, [("reason", ctx.pick(("wrong host", "Ran on prod by mistake!", v.short_text(ctx))))]) if ctx.chance(0.5) else ""
        return req("DELETE", f"/jobrunner/api/executions/{seg(ctx, 'execution', str(ctx.rng.randrange(1000, 999999)))}", headers_for(ctx, profile, auth="apikey"), q)
    return preflight(ctx, f"/jobrunner/api/jobs/{job_id}/run", ("POST", "PATCH"), ("authorization,content-type", "content-type,x-rundeck-auth-token"))
