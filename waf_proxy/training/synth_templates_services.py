"""Train templates: public and commercial services.

Insurance claims, tax filing, a government permit and benefits portal, legal
case management, a utility account, airline check-in, freight logistics with
EDI, an auction house, a genealogy site, academic manuscript submission,
sign-in plumbing (SAML, WebAuthn) and a crypto wallet backend. Each app has a
route prefix of its own, its own naming style (`applicant[first_name]`,
`cat[]`, `period.from`, `last-name`, camelCase and snake_case JSON) and the
formats it really speaks: multipart evidence and attachments, ACORD-like and
e-filing XML, CSV statements and meter intervals, X12 and EDIFACT messages,
GEDCOM and LaTeX/BibTeX uploads, SAML POST and redirect bindings, WebAuthn
base64url blobs, JSON-RPC with hex quantities. The free text of these apps is
full of things a naive filter reads as attacks: legal citations with `§` and
quotes, incident descriptions with `--` and `<`, EDI separators (`*`, `~`,
`'`, `+`), GEDCOM `@I1@` pointers, LaTeX `$...$` and backslashes, names like
O'Brien in passport data. Every value a user controls is a slot; fixed
protocol values (enums, signatures, assertions) are not.
"""

from __future__ import annotations

import base64
import json
import unicodedata
import zlib
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import Request, dumps, form, header_slot, j, multipart, qs, req, rid, seg, template
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Small value builders shared by the services
# --------------------------------------------------------------------------

_FAMOUS = ("O'Reilly Auto Parts", "Ben & Jerry's", "AT&T", "Marks & Spencer", "L'Oréal", "Sainsbury's", "Lloyd's of London",
           "Müller GmbH & Co. KG", "Johnson & Johnson", "McDonald's", "Macy's", "Dr. Oetker", "Moët & Chandon")


def _company(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.65:
        return ctx.fake.company()
    if r < 0.8:
        return f"{v.person_name(ctx)[1]} & {ctx.pick(('Sons', 'Partners', 'Co.', 'Associates', 'Daughters'))}"
    return ctx.pick(_FAMOUS)


def _apos_name(ctx: Ctx) -> str:
    """A surname people type into a search box or form: O'Brien, D'Souza, McAllister, double-barrelled."""
    r = ctx.rng.random()
    if r < 0.45:
        return f"{ctx.pick(('O', 'D', 'd', 'O'))}'{ctx.en.last_name()}"
    if r < 0.6:
        return f"{ctx.fake.last_name()}-{ctx.fake.last_name()}"
    return v.person_name(ctx)[1]


def _ref(ctx: Ctx, prefix: str, width: int = 5) -> str:
    return f"{prefix}-{ctx.rng.randrange(10 ** (width - 1), 10 ** width)}"


def _one_line_address(ctx: Ctx) -> str:
    return ctx.fake.address().replace("\n", ", ")


def _note(ctx: Ctx) -> str:
    """A note a clerk, adjuster or customer types: prose with traps, dashes, asides, markdown."""
    r = ctx.rng.random()
    if r < 0.45:
        return v.prose(ctx, 1, 3, trap_rate=0.45)
    if r < 0.65:
        return v.dashy_text(ctx)
    if r < 0.78:
        return synth_tech.with_aside(ctx, v.prose(ctx, 1, 2))
    if r < 0.9:
        return v.markdown_post(ctx, code_rate=0.3)
    return v.free_text(ctx)


def _short(ctx: Ctx) -> str:
    return ctx.pick((v.prose(ctx, 1, 1, trap_rate=0.5), v.short_text(ctx), "n/a", "-- see attached --", "As discussed w/ " + v.full_name(ctx),
                     "Customer's request", "Wrong amount (10 vs 100)", "dup of " + _ref(ctx, "REF")))


def _site_headers(ctx: Ctx, profile: str, content_type: str | None = None, auth: str | None = None, **kw: Any) -> list[list[str]]:
    """Headers of a browser or app request; browsers send an Origin with bodies."""
    origin = v.site(ctx) if content_type and profile in ("xhr", "nav") else None
    return headers_for(ctx, profile, content_type=content_type, auth=auth, origin=origin, **kw)


def _nav_form(ctx: Ctx, form_page: str) -> list[list[str]]:
    site = v.site(ctx)
    return headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + form_page)


def _preflight(ctx: Ctx, path: str, methods: tuple[str, ...]) -> Request:
    headers = [["Accept", "*/*"], ["Access-Control-Request-Method", ctx.pick(methods)],
               ["Access-Control-Request-Headers", ctx.pick(("authorization,content-type", "content-type,x-csrf-token", "authorization,content-type,x-request-id"))],
               ["Origin", v.site(ctx)], ["User-Agent", header_slot(ctx, "User-Agent", v.user_agent(ctx, "xhr"))], ["Sec-Fetch-Mode", "cors"]]
    return req("OPTIONS", path, headers)


def _pdf_text(ctx: Ctx, title: str) -> str:
    """A small text-only PDF as scanners and form fillers save it."""
    return ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            f"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n4 0 obj\n<< /Title ({title.encode('ascii', 'replace').decode()}) "
            f"/Producer ({ctx.pick(('Microsoft: Print To PDF', 'Adobe Scan', 'macOS Quartz PDFContext', 'iText 7.2'))}) >>\nendobj\n"
            "trailer\n<< /Root 1 0 R /Info 4 0 R >>\n%%EOF")


def _latin(text: str) -> str:
    """ASCII letters of a name as passports and barcodes carry it (José -> JOSE, O'Brien -> OBRIEN)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.upper() if ch.isalpha() or ch in " -")


# ==========================================================================
# 1. Insurance claims: first notice of loss, evidence uploads, adjusters, ACORD XML
# ==========================================================================

_LOSS_TYPES = ("auto_collision", "water_damage", "theft", "hail", "fire", "windstorm", "glass", "liability", "travel_baggage")
_LOSS_STORIES = (
    "Rear-ended at the lights on {street} -- the other driver ({name}) said \"sorry, didn't see you\". Bumper & tail-light cracked.",
    "Pipe under the kitchen sink burst overnight; water got into the floor & the neighbour's ceiling (flat {n}) below.",
    "Bike stolen from the rack outside {company}; the lock was cut. Police ref {ref}.",
    "Hailstones ~{n} mm dented the roof and bonnet; photos attached (IMG_{m}.HEIC -> converted to PDF).",
    "Tree branch fell on the car during the storm on {date}; windscreen smashed, no-one hurt.",
    "Guest slipped on the wet stairs at {address}; they're claiming for a sprained ankle -- see their solicitor's letter.",
    "Laptop dropped at the airport (gate B{n}); screen cracked, repair quote < {amount} EUR.",
    "Kitchen fire: pan left on the hob ~10 min; smoke damage to the cabinets. Items:\n- microwave\n- 2x chairs\n- curtains",
    "Suitcase arrived torn open in {city}; missing: camera, charger & a \"Made in Italy\" leather jacket.",
    "Reversed into a bollard at {company}'s car park; damage to the rear left door, est. {amount} EUR.",
)


def _loss_story(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.5:
        return ctx.pick(_LOSS_STORIES).format(street=ctx.fake.street_name(), name=v.full_name(ctx), n=ctx.rng.randint(2, 60), m=ctx.rng.randrange(1000, 9999),
                                              company=_company(ctx), ref=_ref(ctx, "CR"), date=v.iso_date(ctx), address=_one_line_address(ctx),
                                              amount=v.money(ctx, 80, 4000), city=ctx.fake.city())
    if r < 0.75:
        return v.prose(ctx, 2, 4, trap_rate=0.4)
    if r < 0.88:
        return v.dashy_text(ctx)
    return v.long_prose(ctx)


def _policy_no(ctx: Ctx) -> str:
    return ctx.pick((f"HO-{ctx.rng.randrange(10**6, 10**7)}", "PA" + ctx.fake.bothify("##-###-####"), f"{ctx.fake.bothify('???').upper()}/{ctx.rng.randrange(2019, 2027)}/{ctx.rng.randrange(1, 999999):06d}"))


def _evidence_file(ctx: Ctx) -> tuple[str, str, str]:
    r = ctx.rng.random()
    if r < 0.3:
        return f"accident-sketch-{ctx.rng.randint(1, 9)}.svg", "image/svg+xml", synth_tech.svg_image(ctx)
    if r < 0.55:
        return ctx.pick(("police_report.pdf", "repair-estimate.pdf", f"Scan {v.iso_date(ctx)}.pdf")), "application/pdf", _pdf_text(ctx, "Claim evidence")
    if r < 0.8:
        lines = [f"Witness statement -- {v.full_name(ctx)}", f"Date: {v.iso_date(ctx)}", "", v.prose(ctx, 2, 5, trap_rate=0.4), "", v.signature(ctx)]
        return ctx.pick(("witness statement.txt", "statement.txt", "notes (1).txt")), "text/plain", "\n".join(lines)
    rows = ["item,qty,price,notes"] + [f'"{ctx.en.word()} {ctx.en.word()}",{ctx.rng.randint(1, 4)},{v.money(ctx, 5, 900)},"{ctx.pick(("receipt lost", "bought 2019", "gift -- no receipt", ""))}"'
                                       for _ in range(ctx.rng.randint(1, 5))]
    return "inventory.csv", "text/csv", "\n".join(rows)


@template("train", ("/claims-center/",), weight=1.3)
def insurance_claims(ctx: Ctx) -> Request:
    """Insurance claims: FNOL JSON from app and web, multipart evidence, adjuster updates, ACORD-style XML from brokers."""
    kind = ctx.pick(("fnol", "fnol", "evidence", "evidence", "adjust", "search", "acord", "page", "delete"))
    claim = seg(ctx, "claim", ctx.pick((_ref(ctx, "CLM", 7), str(rid(ctx)), ctx.fake.uuid4()))) if kind in ("evidence", "adjust", "page", "delete") else ""
    profile = ctx.pick(("mobile", "xhr"))
    if kind == "fnol":
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {
            "policyNumber": j(ctx, "policyNumber", _policy_no(ctx)), "lossType": ctx.pick(_LOSS_TYPES), "lossDate": v.iso_datetime(ctx),
            "description": j(ctx, "description", _loss_story(ctx)),
            "location": {"street": j(ctx, "location.street", ctx.fake.street_address()), "city": j(ctx, "location.city", ctx.fake.city()),
                         "postalCode": ctx.fake.postcode(), "country": ctx.fake.country_code(), "geo": [round(ctx.rng.uniform(-60, 60), 5), round(ctx.rng.uniform(-120, 120), 5)]},
            "reporter": {"firstName": j(ctx, "reporter.firstName", first), "lastName": j(ctx, "reporter.lastName", last), "phone": j(ctx, "reporter.phone", ctx.fake.phone_number()),
                         "relationship": ctx.pick(("policyholder", "spouse", "driver", "broker"))},
            "injuries": ctx.chance(0.15), "policeInvolved": ctx.chance(0.3),
        }
        if ctx.chance(0.5):
            body["otherParties"] = [{"name": j(ctx, f"otherParties[{i}].name", v.full_name(ctx)), "insurer": j(ctx, f"otherParties[{i}].insurer", _company(ctx)),
                                     "plate": j(ctx, f"otherParties[{i}].plate", ctx.fake.bothify("??## ???").upper())} for i in range(ctx.rng.randint(1, 2))]
        if body["policeInvolved"]:
            body["policeReportNumber"] = j(ctx, "policeReportNumber", ctx.pick((_ref(ctx, "CR"), ctx.fake.bothify("####/##/??").upper())))
        return req("POST", "/claims-center/api/v2/claims", _site_headers(ctx, profile, "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "evidence":
        fields = [("category", ctx.pick(("photo", "police_report", "estimate", "invoice", "statement"))), ("caption", ctx.pick((v.short_text(ctx), v.prose(ctx, 1, 1, trap_rate=0.5), "Front bumper -- close-up"))),
                  ("taken_at", v.iso_datetime(ctx))]
        files = [("files[]", *_evidence_file(ctx)) for _ in range(ctx.rng.randint(1, 2))]
        ctype, mbody = multipart(ctx, fields, files)
        return req("POST", f"/claims-center/api/v2/claims/{claim}/documents", _site_headers(ctx, profile, ctype, "jwt"), body=mbody)
    if kind == "adjust":
        body = {"status": ctx.pick(("under_review", "awaiting_documents", "approved", "denied", "subrogation")),
                "reserve": {"amount": float(v.money(ctx, 100, 50000)), "currency": ctx.pick(("EUR", "USD", "GBP"))},
                "adjusterNote": j(ctx, "adjusterNote", _note(ctx)), "fraudFlags": ctx.rng.sample(["late_report", "prior_claims", "inconsistent_dates", "none"], ctx.rng.randint(0, 2))}
        if body["status"] == "denied":
            body["denialReason"] = j(ctx, "denialReason", ctx.pick(("Excluded peril (wear & tear) -- see section 4.2(b)", _short(ctx))))
        return req("PATCH", f"/claims-center/api/v2/claims/{claim}", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("filter[status]", ctx.pick(("open", "closed", "under_review", "any")))]
        pairs += [("filter[lossType][]", t) for t in ctx.rng.sample(list(_LOSS_TYPES), ctx.rng.randint(0, 2))]
        if ctx.chance(0.5):
            pairs.append(("q", ctx.pick((_apos_name(ctx), v.search_terms(ctx), _policy_no(ctx), ctx.fake.city()))))
        if ctx.chance(0.4):
            pairs.append(("filter[reportedAt][gte]", v.iso_date(ctx)))
        pairs += [("sort", ctx.pick(("reportedAt", "reserve", "policyNumber"))), ("order", ctx.pick(("asc", "desc"))), ("page[size]", ctx.pick((25, 50)))]
        return req("GET", "/claims-center/api/v2/claims", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "acord":
        desc = enc_xml(str(ctx.slot("xml", "LossDesc", _loss_story(ctx))))
        insured = enc_xml(str(ctx.slot("xml", "InsuredName", v.full_name(ctx))))
        policy = enc_xml(str(ctx.slot("xml", "PolicyNumber", _policy_no(ctx))))
        addr = enc_xml(str(ctx.slot("xml", "Addr1", ctx.fake.street_address())))
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ACORD>\n  <SignonRq><ClientApp><Org>{enc_xml(_company(ctx))}</Org><Version>2.{ctx.rng.randint(0, 9)}</Version></ClientApp></SignonRq>\n'
               f"  <ClaimsSvcRq>\n    <RqUID>{ctx.fake.uuid4()}</RqUID>\n    <ClaimsNotificationAddRq>\n"
               f"      <Policy><PolicyNumber>{policy}</PolicyNumber><LOBCd>{ctx.pick(('AUTOP', 'HOME', 'BOP'))}</LOBCd></Policy>\n"
               f"      <InsuredOrPrincipal><GeneralPartyInfo><NameInfo><CommlName>{insured}</CommlName></NameInfo>"
               f"<Addr><Addr1>{addr}</Addr1><PostalCode>{enc_xml(ctx.fake.postcode())}</PostalCode></Addr></GeneralPartyInfo></InsuredOrPrincipal>\n"
               f'      <ClaimsOccurrence><LossDt>{v.iso_date(ctx)}</LossDt><LossCauseCd>{ctx.pick(("collision", "water", "theft", "hail"))}</LossCauseCd>'
               f"<IncidentDesc>{desc}</IncidentDesc></ClaimsOccurrence>\n    </ClaimsNotificationAddRq>\n  </ClaimsSvcRq>\n</ACORD>")
        return req("POST", "/claims-center/acord/notifications", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth=ctx.pick(("basic", "apikey"))),
                   body=xml)
    if kind == "page":
        pairs = [("tab", ctx.pick(("documents", "timeline", "payments"))), ("returnTo", ctx.pick(("/claims-center/my-claims", "/claims-center/my-claims?status=open", v.app_path(ctx))))]
        q = qs(ctx, ctx.rng.sample(pairs, ctx.rng.randint(0, 2)))
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/claims-center/my-claims/{claim}", headers_for(ctx, "nav", cookies=True, referer=v.site(ctx) + "/claims-center/my-claims"), q)
    return req("DELETE", f"/claims-center/api/v2/claims/{claim}/documents/{seg(ctx, 'document', ctx.fake.uuid4())}", headers_for(ctx, profile, auth="jwt"))


# ==========================================================================
# 2. Tax filing: many numeric form fields, masked ids, deductions, CSV transactions
# ==========================================================================

_BANK_LINES = ("POS {n} O'REILLY AUTO #{m}", "ACH DEBIT IRS USATAXPYMT", "Zelle to {last} -- rent {month}", "AMZN Mktp US*{code}", "UBER *TRIP {code}",
               "CHECK #{m} -- {company}", "DEPOSIT {company} PAYROLL", "VENMO *{first} {last}", "SQ *{company}", "INTEREST PAYMENT", "TRANSFER TO SAVINGS x{n}",
               "{company} -- donation (receipt #{m})", "Dr. {last} -- dental co-pay")


def _bank_line(ctx: Ctx) -> str:
    return ctx.pick(_BANK_LINES).format(n=ctx.rng.randrange(1000, 9999), m=ctx.rng.randrange(100, 999), last=_apos_name(ctx), month=ctx.fake.month_name(),
                                        code=ctx.fake.bothify("?#?##?").upper(), company=_company(ctx), first=ctx.fake.first_name())


@template("train", ("/taxdesk/",), weight=1.3)
def tax_filing(ctx: Ctx) -> Request:
    """Tax filing: W-2 forms with w2[0][box1], deductions JSON, CSV transaction imports, estimates with a JSON scenario, e-file."""
    kind = ctx.pick(("w2", "w2", "deductions", "csv", "estimate", "upload", "pdf", "efile", "delete"))
    year = ctx.rng.randrange(2022, 2026)
    ret = seg(ctx, "return", ctx.pick((str(rid(ctx)), f"{year}-1040-{ctx.rng.randrange(1000, 9999)}"))) if kind in ("deductions", "csv", "upload", "efile", "delete") else ""
    if kind == "w2":
        pairs: list[tuple[str, Any]] = [("_csrf", v.alnum_token(ctx, 40))]
        for i in range(ctx.rng.randint(1, 2)):
            pairs += [(f"w2[{i}][employer_name]", _company(ctx)), (f"w2[{i}][ein]", ctx.fake.bothify("##-#######")),
                      (f"w2[{i}][box1]", v.money(ctx, 8000, 250000)), (f"w2[{i}][box2]", v.money(ctx, 500, 60000)),
                      (f"w2[{i}][box12][0][code]", ctx.pick(("D", "DD", "W", "AA"))), (f"w2[{i}][box12][0][amount]", v.money(ctx, 100, 20000)),
                      (f"w2[{i}][state]", ctx.fake.bothify("??").upper()), (f"w2[{i}][employee_ssn]", f"***-**-{ctx.rng.randrange(1000, 9999)}")]
        pairs += [("notes", ctx.pick(("", _note(ctx), "Box 12 code DD is employer health cover -- don't add to income!"))), ("continue", ctx.pick(("next", "save_exit")))]
        return req("POST", f"/taxdesk/returns/{year}/income/w2", _nav_form(ctx, f"/taxdesk/returns/{year}/income"), body=form(ctx, pairs, fixed=("_csrf", "continue")))
    if kind == "deductions":
        items = [{"type": ctx.pick(("charitable", "mortgage_interest", "medical", "state_local_tax", "student_loan_interest", "home_office")),
                  "payee": j(ctx, f"[{i}].payee", ctx.pick((_company(ctx), "St. Mary's Food Bank", "Habitat for Humanity", "Dr. " + _apos_name(ctx), ctx.fake.company()))),
                  "amount": float(v.money(ctx, 20, 12000)), "paid_on": v.iso_date(ctx),
                  "memo": j(ctx, f"[{i}].memo", ctx.pick(("", _short(ctx), "50% business use -- see mileage log", v.prose(ctx, 1, 1, trap_rate=0.4))))}
                 for i in range(ctx.rng.randint(1, 5))]
        return req("PUT", f"/taxdesk/api/returns/{ret}/deductions", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, items))
    if kind == "csv":
        rows = ["Date,Description,Amount,Category,Memo"]
        for i in range(ctx.rng.randint(2, 8)):
            desc = _bank_line(ctx).replace('"', '""')
            cell = ctx.slot("multipart", "csv.Description", desc) if i == 0 else desc
            memo = ctx.pick(("", "deductible?", "split w/ " + ctx.fake.first_name(), v.sentence(ctx).replace('"', "'")))
            rows.append(f'{v.iso_date(ctx)},"{cell}",{ctx.pick(("-", ""))}{v.money(ctx, 1, 3000)},{ctx.pick(("Income", "Charity", "Medical", "Business", "Uncategorized"))},"{memo}"')
        return req("POST", f"/taxdesk/api/returns/{ret}/transactions/import", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/csv; charset=utf-8", auth="jwt"),
                   qs(ctx, [("bank", ctx.pick(("chase", "wells-fargo", "ally", "other"))), ("dedupe", "true")], fixed=("dedupe",)), "\r\n".join(rows) + "\r\n")
    if kind == "estimate":
        scenario = {"label": ctx.slot("json_query", "scenario.label", ctx.pick(("what if we marry in Dec?", "Side gig -- Etsy", v.short_text(ctx), "Baseline"))),
                    "wages": int(ctx.rng.randrange(0, 300000)), "selfEmployment": int(ctx.rng.randrange(0, 80000)), "dependents": ctx.rng.randint(0, 4),
                    "state": ctx.fake.bothify("??").upper()}
        q = (f"filing_status={ctx.pick(('single', 'married_joint', 'married_separate', 'head_of_household'))}&year={year}"
             f"&scenario={ctx.qenc(json.dumps(scenario, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}")
        return req("GET", "/taxdesk/api/estimate", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), q)
    if kind == "upload":
        form_type = ctx.pick(("1099-NEC", "1099-INT", "1099-DIV", "1098", "W-2", "1099-B"))
        fields = [("form_type", form_type), ("payer_name", _company(ctx)), ("tax_year", str(year)), ("notes", ctx.pick(("", _note(ctx))))]
        file = (f"{form_type}_{year}.pdf", "application/pdf", _pdf_text(ctx, f"Form {form_type} {year}")) if ctx.chance(0.7) else \
               (f"{form_type.lower()}.txt", "text/plain", f"Form {form_type} ({year})\nPayer: {_company(ctx)}\nBox 1: {v.money(ctx, 10, 90000)}\nRecipient TIN: ***-**-{ctx.rng.randrange(1000, 9999)}")
        ctype, mbody = multipart(ctx, fields, [("document", *file)])
        return req("POST", f"/taxdesk/api/returns/{ret}/documents", _site_headers(ctx, ctx.pick(("xhr", "mobile")), ctype, "jwt"), body=mbody)
    if kind == "pdf":
        form_name = seg(ctx, "form", ctx.pick(("1040", "schedule-c", "schedule-a", "8863", "state-return")))
        pairs = [("watermark", ctx.pick(("draft", "none"))), ("download", "1")] if ctx.chance(0.5) else []
        if ctx.chance(0.4):
            pairs.append(("from", f"/taxdesk/returns/{year}/{ctx.pick(('review', 'summary', 'income'))}"))
        q = qs(ctx, pairs, fixed=("download",))
        return req(ctx.pick(("GET", "HEAD")), f"/taxdesk/returns/{year}/{form_name}.pdf", headers_for(ctx, "nav", accept="application/pdf,*/*", cookies=True), q)
    if kind == "efile":
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {"taxpayer": {"firstName": j(ctx, "taxpayer.firstName", first), "lastName": j(ctx, "taxpayer.lastName", last),
                                             "ssnLast4": f"{ctx.rng.randrange(1000, 9999)}", "priorYearAgi": int(ctx.rng.randrange(0, 250000)),
                                             "occupation": j(ctx, "taxpayer.occupation", ctx.fake.job())},
                                "selfSelectPin": f"{ctx.rng.randrange(10000, 99999)}", "refund": {"method": ctx.pick(("direct_deposit", "check")), "accountLast4": f"{ctx.rng.randrange(1000, 9999)}"},
                                "consentToDisclose": True, "preparerNote": j(ctx, "preparerNote", ctx.pick(("", _note(ctx))))}
        if ctx.chance(0.4):
            s_first, s_last = v.person_name(ctx)
            body["spouse"] = {"firstName": j(ctx, "spouse.firstName", s_first), "lastName": j(ctx, "spouse.lastName", s_last), "ssnLast4": f"{ctx.rng.randrange(1000, 9999)}"}
        return req("POST", f"/taxdesk/api/returns/{ret}/efile", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/taxdesk/api/returns/{ret}/dependents/{seg(ctx, 'dependent', rid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


# ==========================================================================
# 3. Government permit and benefits portal: long forms, declarations, attachments
# ==========================================================================


def _project_description(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.5:
        return ctx.pick((
            "Single-storey rear extension (approx. {n} m²) with flat roof & 2 roof lights; remove the existing lean-to.",
            "Loft conversion -- dormer to the rear, Velux x{m} to the front. No change to the ridge height.",
            "Replace the garden wall (1.8 m) with a fence; \"like for like\" per {name}'s advice at the counter.",
            "Change of use: shop (class E) -> café with {m} tables outside; opening 7am-11pm Mon-Sat.",
            "Install {m} solar panels + battery in the garage; DNO notified ({ref}).",
            "Demolish the shed, build a home office < 15 m²; drainage to the existing soakaway.",
        )).format(n=ctx.rng.randint(8, 60), m=ctx.rng.randint(2, 24), name=v.full_name(ctx), ref=_ref(ctx, "G99"))
    if r < 0.8:
        return v.prose(ctx, 2, 4, trap_rate=0.4)
    return v.long_prose(ctx)


def _attachment(ctx: Ctx) -> tuple[str, str, str]:
    r = ctx.rng.random()
    if r < 0.35:
        return ctx.pick(("site-plan.svg", "floor plan (ground).svg", "elevations_v2.svg")), "image/svg+xml", synth_tech.svg_image(ctx)
    if r < 0.65:
        return ctx.pick(("proof_of_address.pdf", "payslip-march.pdf", "ID scan.pdf", "tenancy agreement.pdf")), "application/pdf", _pdf_text(ctx, "Attachment")
    letter = f"To whom it may concern,\n\n{v.prose(ctx, 2, 4, trap_rate=0.4)}\n\n{ctx.pick(('Yours faithfully,', 'Kind regards,', 'Best --'))}\n{v.full_name(ctx)}\n{_one_line_address(ctx)}"
    return ctx.pick(("landlord letter.txt", "statement.txt", "cover-letter.txt")), "text/plain", letter


@template("train", ("/citizen-portal/",), weight=1.3)
def permit_portal(ctx: Ctx) -> Request:
    """Council/government portal: permit forms with applicant[..] fields and declarations, attachments, benefits JSON, public comments."""
    kind = ctx.pick(("permit", "permit", "attach", "benefit", "status", "comment", "inspection", "preflight", "withdraw"))
    ref = ctx.pick((f"BP-{ctx.rng.randrange(2023, 2027)}-{ctx.rng.randrange(1, 99999):05d}", f"{ctx.rng.randrange(22, 27)}-{ctx.rng.randrange(100, 9999)}-HH", _ref(ctx, "APP", 6)))
    if kind == "permit":
        first, last = v.person_name(ctx)
        pairs: list[tuple[str, Any]] = [
            ("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("application_type", ctx.pick(("householder", "building_regs", "change_of_use", "tree_works"))),
            ("applicant[title]", ctx.pick(("Mr", "Ms", "Mx", "Dr", ""))), ("applicant[first_name]", first), ("applicant[last_name]", last),
            ("applicant[email]", ctx.fake.email()), ("applicant[phone]", ctx.fake.phone_number()),
            ("site[address]", ctx.fake.street_address()), ("site[town]", ctx.fake.city()), ("site[postcode]", ctx.fake.postcode()),
            ("site[uprn]", str(ctx.rng.randrange(10**9, 10**12))), ("project[description]", _project_description(ctx)),
            ("project[valuation]", v.money(ctx, 500, 250000)), ("project[start_date]", v.iso_date(ctx)),
        ]
        if ctx.chance(0.5):
            pairs += [("agent[company]", _company(ctx)), ("agent[contact]", v.full_name(ctx)), ("contractor[license_no]", ctx.fake.bothify("??-######").upper())]
        pairs += [("declaration[owner]", ctx.pick(("sole_owner", "part_owner", "tenant"))), ("declaration[truthful]", "on"), ("declaration[data_sharing]", ctx.pick(("on", "off")))]
        return req("POST", "/citizen-portal/permits/apply", _nav_form(ctx, "/citizen-portal/permits/new"), body=form(ctx, pairs, fixed=("authenticity_token", "declaration[truthful]")))
    if kind == "attach":
        fields = [("doc_type", ctx.pick(("site_plan", "proof_of_address", "proof_of_income", "photo_id", "supporting_letter"))),
                  ("description", ctx.pick(("", v.short_text(ctx), v.prose(ctx, 1, 2, trap_rate=0.4))))]
        ctype, mbody = multipart(ctx, fields, [("file", *_attachment(ctx))])
        return req("POST", f"/citizen-portal/api/applications/{seg(ctx, 'ref', ref)}/attachments", _site_headers(ctx, "xhr", ctype, None, cookies=True), body=mbody)
    if kind == "benefit":
        members = []
        for i in range(ctx.rng.randint(1, 4)):
            first, last = v.person_name(ctx)
            members.append({"first_name": j(ctx, f"household[{i}].first_name", first), "last_name": j(ctx, f"household[{i}].last_name", last),
                            "date_of_birth": v.iso_date(ctx), "relationship": ctx.pick(("self", "partner", "child", "parent", "lodger")),
                            "income": [{"source": ctx.pick(("employment", "pension", "maintenance", "self_employed")), "monthly": float(v.money(ctx, 0, 4000)),
                                        "employer": j(ctx, f"household[{i}].income.employer", _company(ctx))}] if ctx.chance(0.6) else []})
        body: dict[str, Any] = {"programme": ctx.pick(("housing_support", "council_tax_reduction", "school_meals", "energy_rebate")), "household": members,
                                "housing": {"tenure": ctx.pick(("private_rent", "social_rent", "owner", "temporary")), "monthly_rent": float(v.money(ctx, 200, 2500)),
                                            "landlord": j(ctx, "housing.landlord", _company(ctx))},
                                "circumstances": j(ctx, "circumstances", ctx.pick((v.prose(ctx, 1, 4, trap_rate=0.4), v.long_prose(ctx), v.dashy_text(ctx)))),
                                "declaration_accepted": True, "submit": ctx.chance(0.5)}
        return req("PUT", f"/citizen-portal/api/benefits/applications/{seg(ctx, 'application', ctx.fake.uuid4())}", _site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "status":
        pairs = [("ref", ref.replace("-", "/") if ref.endswith("-HH") and ctx.chance(0.5) else ref), ("last_name", _apos_name(ctx))]  # as printed on the letter
        if ctx.chance(0.4):
            pairs.append(("postcode", ctx.fake.postcode()))
        if ctx.chance(0.5):
            pairs.append(("return_url", ctx.pick(("/citizen-portal/", "/citizen-portal/permits/new", f"/citizen-portal/notices/{ref}"))))
        return req("GET", "/citizen-portal/status", headers_for(ctx, "nav", referer=v.site(ctx) + "/citizen-portal/"), qs(ctx, pairs))
    if kind == "comment":
        first, last = v.person_name(ctx)
        pairs = [("_token", v.alnum_token(ctx, 40)), ("name", f"{first} {last}"), ("email", ctx.fake.email()), ("address", _one_line_address(ctx)),
                 ("stance", ctx.pick(("object", "support", "neutral"))),
                 ("comment", ctx.pick((v.prose(ctx, 2, 5, trap_rate=0.5), v.dashy_text(ctx), "I object -- the extension would block light to no. " + str(ctx.rng.randint(1, 99)) + "'s garden; see 'Right to Light' rules."))),
                 ("publish_name", ctx.pick(("yes", "no")))]
        return req("POST", f"/citizen-portal/notices/{seg(ctx, 'ref', ref)}/comments", _nav_form(ctx, "/citizen-portal/notices"), body=form(ctx, pairs, fixed=("_token",)))
    if kind == "inspection":
        body = {"slotStart": v.iso_datetime(ctx), "inspectionType": ctx.pick(("foundations", "drainage", "final", "fire_safety")),
                "accessNotes": j(ctx, "accessNotes", ctx.pick(("Side gate code 4#21 -- dog's friendly!", _note(ctx), "Call " + ctx.fake.phone_number() + " 30 min before"))),
                "contactName": j(ctx, "contactName", v.full_name(ctx))}
        return req("PATCH", f"/citizen-portal/api/inspections/{seg(ctx, 'inspection', rid(ctx))}", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "preflight":
        return _preflight(ctx, ctx.pick(("/citizen-portal/api/applications", "/citizen-portal/api/inspections/" + str(rid(ctx)))), ("POST", "PATCH", "DELETE", "PUT"))
    q = qs(ctx, [("reason", _short(ctx))]) if ctx.chance(0.5) else ""
    return req("DELETE", f"/citizen-portal/api/applications/{seg(ctx, 'ref', ref)}", headers_for(ctx, "xhr", auth="jwt"), q)


# ==========================================================================
# 4. Legal case management: dockets, citations, privileged notes, e-filing XML
# ==========================================================================


def _citation(ctx: Ctx) -> str:
    a, b = _apos_name(ctx), ctx.en.last_name()
    year = ctx.rng.randrange(1950, 2025)
    return ctx.pick((
        f"{ctx.rng.randint(5, 50)} U.S.C. § {ctx.rng.randint(100, 2000)}{ctx.pick(('', '(a)', '(b)(1)', '(c)(2)(A)'))}",
        f"{a} v. {b}, {ctx.rng.randint(300, 600)} U.S. {ctx.rng.randint(1, 999)} ({year})",
        f"{a} v. {ctx.pick(('United States', 'State of ' + ctx.en.state(), b + ' Corp.'))}, {ctx.rng.randint(1, 999)} F.{ctx.pick(('2d', '3d', '4th'))} {ctx.rng.randint(1, 1500)}, {ctx.rng.randint(1, 1500)} ({ctx.pick(('2d', '5th', '9th', 'D.C.'))} Cir. {year})",
        f"Fed. R. Civ. P. {ctx.rng.randint(4, 65)}({ctx.pick(('a', 'b', 'c'))})({ctx.rng.randint(1, 7)})",
        f"Id. at {ctx.rng.randint(2, 900)}",
        f"[{year}] EWCA Civ {ctx.rng.randint(1, 2000)}",
        f"§§ {ctx.rng.randint(1, 300)}-{ctx.rng.randint(301, 600)} BGB",
        f"Cal. Civ. Proc. Code § {ctx.rng.randint(100, 999)}.{ctx.rng.randint(1, 9)}",
    ))


def _legal_text(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.45:
        return ctx.pick((
            "Plaintiff's motion to dismiss under {c1} -- opposition due {date}. See also {c2}.",
            "Deponent ({name}) stated: \"I never signed the 'amended' version\" -- contradicts Ex. {n} at 4.",
            "Privileged & confidential / attorney work product. Key issue: whether {c1} applies; cf. {c2}.",
            "Order entered: discovery stayed pending ruling; status conference set for {date} at 9:30 a.m.",
            "Client's position: the \"drop-dead\" date in § {n}.2 was waived by conduct (e-mails of {date}).",
            "TODO: pull the docket for {c2}; check whether the court applied {c1} <or> the state analogue.",
        )).format(c1=_citation(ctx), c2=_citation(ctx), date=v.iso_date(ctx), name=v.full_name(ctx), n=ctx.rng.randint(1, 40))
    if r < 0.7:
        return f"{v.prose(ctx, 1, 3, trap_rate=0.4)} ({_citation(ctx)})"
    if r < 0.85:
        return v.dashy_text(ctx)
    return v.markdown_post(ctx, code_rate=0.1)


def _docket(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.rng.randint(1, 4)}:{ctx.rng.randrange(19, 26)}-{ctx.pick(('cv', 'cr', 'bk'))}-{ctx.rng.randrange(1, 99999):05d}-{ctx.fake.lexify('???').upper()}",
                     f"{ctx.pick(('HC', 'CL', 'KB'))}-{ctx.rng.randrange(2019, 2026)}-{ctx.rng.randrange(1, 9999):06d}", f"{ctx.rng.randint(1, 9)} O {ctx.rng.randint(10, 999)}/{ctx.rng.randrange(19, 26)}"))


@template("train", ("/casefile/",), weight=1.2)
def legal_casefile(ctx: Ctx) -> Request:
    """Law-firm case management: matter search, docket entries with citations, notes, filings, e-filing XML, conflict checks."""
    kind = ctx.pick(("search", "docket", "note", "note", "filing", "efile", "conflict", "download", "delete"))
    matter = seg(ctx, "matter", ctx.pick((str(rid(ctx)), f"{ctx.rng.randrange(1000, 9999)}-{ctx.rng.randrange(1, 999):03d}"))) if kind in ("docket", "note", "filing", "download", "delete") else ""
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((_citation(ctx), f"{_apos_name(ctx)} v. {ctx.en.last_name()}", v.search_terms(ctx), "\"breach of fiduciary duty\"", _docket(ctx))))]
        pairs += [("filter.status", ctx.pick(("open", "closed", "on_hold"))), ("filter.practice_area", ctx.pick(("litigation", "employment", "ip", "real-estate", "family")))]
        if ctx.chance(0.4):
            pairs.append(("filter.court", ctx.pick(("S.D.N.Y.", "N.D. Cal.", "High Court (Chancery)", "Landgericht München I"))))
        if ctx.chance(0.3):
            pairs.append(("client", _company(ctx)))
        pairs += [("order_by", ctx.pick(("opened_at", "last_activity", "client_name"))), ("order", ctx.pick(("desc", "asc", "DESC")))]
        return req("GET", "/casefile/api/matters", headers_for(ctx, "xhr", auth=ctx.pick(("jwt", None))), qs(ctx, pairs))
    if kind == "docket":
        body: dict[str, Any] = {"docketNumber": j(ctx, "docketNumber", _docket(ctx)), "entryNumber": ctx.rng.randint(1, 400), "filedAt": v.iso_datetime(ctx),
                                "entryText": j(ctx, "entryText", _legal_text(ctx)), "documentType": ctx.pick(("motion", "order", "brief", "notice", "transcript")),
                                "deadlines": [{"label": j(ctx, f"deadlines[{i}].label", ctx.pick(("Opposition due", "Reply brief", "Expert reports", v.short_text(ctx)))), "dueOn": v.iso_date(ctx)}
                                              for i in range(ctx.rng.randint(0, 2))]}
        return req("POST", f"/casefile/api/matters/{matter}/docket", _site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "note":
        body = {"body": j(ctx, "body", _legal_text(ctx)), "privileged": ctx.chance(0.7), "billable_minutes": ctx.pick((0, 6, 12, 30, 90)),
                "tags": [j(ctx, "tags", ctx.pick(("deposition", "strategy", "settlement", "client call", "Rule 26(f)"))) for _ in range(ctx.rng.randint(0, 2))]}
        method = ctx.pick(("POST", "PUT"))
        path = f"/casefile/api/matters/{matter}/notes" + ("" if method == "POST" else f"/{seg(ctx, 'note', rid(ctx))}")
        return req(method, path, _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "filing":
        title = ctx.pick(("Motion to Compel", "Brief in Opposition", "Witness Statement", "Particulars of Claim", "Exhibit List"))
        text = f"{title.upper()}\n\n{_legal_text(ctx)}\n\n{v.prose(ctx, 2, 4, trap_rate=0.3)}\n\nRespectfully submitted,\n/s/ {v.full_name(ctx)}"
        fields = [("document_type", title), ("title", f"{title} -- {_apos_name(ctx)} v. {ctx.en.last_name()}"), ("served_on", v.iso_date(ctx)), ("confidential", ctx.pick(("true", "false")))]
        ctype, mbody = multipart(ctx, fields, [("document", f"{title.replace(' ', '_')}.txt", "text/plain", text)])
        return req("POST", f"/casefile/api/matters/{matter}/filings", _site_headers(ctx, "xhr", ctype, "jwt"), body=mbody)
    if kind == "efile":
        case_title = enc_xml(str(ctx.slot("xml", "CaseTitle", f"{_apos_name(ctx)} v. {_company(ctx)}")))
        party = enc_xml(str(ctx.slot("xml", "PartyName", v.full_name(ctx))))
        desc = enc_xml(str(ctx.slot("xml", "DocumentDescription", _legal_text(ctx))))
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<CoreFilingMessage xmlns="urn:oasis:names:tc:legalxml-courtfiling:schema:xsd:CoreFilingMessage-4.0">\n'
               f"  <Case><CaseTitleText>{case_title}</CaseTitleText><CaseDocketID>{enc_xml(_docket(ctx))}</CaseDocketID>"
               f"<CaseCourt>{enc_xml(ctx.pick(('S.D.N.Y.', 'N.D. Ill.', 'Superior Court of California')))}</CaseCourt></Case>\n"
               f'  <FilingParty role="{ctx.pick(("plaintiff", "defendant", "respondent"))}"><PersonName>{party}</PersonName></FilingParty>\n'
               f"  <FilingLeadDocument><DocumentDescriptionText>{desc}</DocumentDescriptionText><BinaryFormatStandardName>application/pdf</BinaryFormatStandardName>"
               f"<BinaryBase64Object>{base64.b64encode(_pdf_text(ctx, 'Filing').encode()).decode()[:120]}</BinaryBase64Object></FilingLeadDocument>\n</CoreFilingMessage>")
        return req("POST", "/casefile/efile/submit", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")), auth=ctx.pick(("basic", "apikey"))), body=xml)
    if kind == "conflict":
        pairs = [("csrf_token", v.hex_token(ctx, 32))]
        pairs += [("parties[]", ctx.pick((_company(ctx), v.full_name(ctx)))) for _ in range(ctx.rng.randint(1, 3))]
        pairs += [("adverse_parties[]", ctx.pick((_company(ctx), v.full_name(ctx)))) for _ in range(ctx.rng.randint(1, 2))]
        pairs += [("matter_description", _legal_text(ctx)), ("responsible_attorney", v.full_name(ctx))]
        return req("POST", "/casefile/conflicts/check", _nav_form(ctx, "/casefile/conflicts/new"), body=form(ctx, pairs, fixed=("csrf_token",)))
    if kind == "download":
        q = qs(ctx, [("version", ctx.rng.randint(1, 9)), ("redacted", ctx.pick(("true", "false")))]) if ctx.chance(0.5) else ""
        return req(ctx.pick(("GET", "HEAD")), f"/casefile/api/matters/{matter}/documents/{seg(ctx, 'document', ctx.fake.uuid4())}/content",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt", accept="application/pdf"), q)
    return req("DELETE", f"/casefile/api/matters/{matter}/notes/{seg(ctx, 'note', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))


# ==========================================================================
# 5. Utility account: meter readings, payment plans, tariffs, outage reports, AMI CSV
# ==========================================================================


@template("train", ("/myutility/",), weight=1.2)
def utility_account(ctx: Ctx) -> Request:
    """Energy/water account: meter readings, payment-plan form, dotted bill filters, tariff comparison with JSON usage, AMI interval CSV."""
    kind = ctx.pick(("reading", "reading", "plan", "bills", "tariffs", "outage", "intervals", "moveout", "bill_pdf", "cancel_dd"))
    account = seg(ctx, "account", ctx.pick((str(ctx.rng.randrange(10**9, 10**10)), ctx.fake.bothify("ACC-####-####")))) if kind not in ("tariffs", "outage", "intervals") else ""
    if kind == "reading":
        body: dict[str, Any] = {"meterSerial": j(ctx, "meterSerial", ctx.fake.bothify("##?#######").upper()), "register": ctx.pick(("single", "day", "night", "gas", "water")),
                                "reading": ctx.pick((ctx.rng.randrange(0, 99999), round(ctx.rng.uniform(0, 99999), 1))), "readAt": v.iso_datetime(ctx),
                                "source": ctx.pick(("customer", "photo_ocr")), "accessNote": j(ctx, "accessNote", ctx.pick(("", "Meter's in the cupboard under the stairs -- key in the lockbox", _note(ctx))))}
        return req("POST", f"/myutility/api/accounts/{account}/readings", _site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "plan":
        pairs: list[tuple[str, Any]] = [("_csrf", v.alnum_token(ctx, 32)), ("plan[installments]", ctx.pick(("3", "6", "12"))), ("plan[first_payment_date]", v.iso_date(ctx)),
                                        ("plan[amount]", v.money(ctx, 15, 400)), ("plan[method]", ctx.pick(("direct_debit", "card", "bank_transfer"))),
                                        ("hardship_reason", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), "Lost my job in " + ctx.fake.month_name() + " -- back at work from next month", ""))),
                                        ("contact_phone", ctx.fake.phone_number()), ("vulnerable_household", ctx.pick(("0", "1")))]
        return req("POST", f"/myutility/accounts/{account}/payment-plan", _nav_form(ctx, "/myutility/payment-plan"), body=form(ctx, pairs, fixed=("_csrf",)))
    if kind == "bills":
        pairs = [("period.from", v.iso_date(ctx)), ("period.to", v.iso_date(ctx)), ("fields", ctx.pick(("total,due_date,status", "total,usage.kwh,tariff.name"))),
                 ("status", ctx.pick(("unpaid", "paid", "all"))), ("order", ctx.pick(("desc", "asc")))]
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", f"/myutility/api/accounts/{account}/bills", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "tariffs":
        usage = {"kwhPerYear": ctx.rng.randrange(800, 9000), "gasKwh": ctx.rng.randrange(0, 20000), "hasEv": ctx.chance(0.3),
                 "currentTariff": ctx.slot("json_query", "usage.currentTariff", ctx.pick(("Standard Variable", "Fix'd 12M v3", "Go -- EV 7.5h", v.short_text(ctx)))),
                 "postcode": ctx.slot("json_query", "usage.postcode", ctx.fake.postcode())}
        q = f"usage={ctx.qenc(json.dumps(usage, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}&green_only={ctx.pick(('true', 'false'))}"
        return req("GET", "/myutility/api/tariffs/compare", headers_for(ctx, ctx.pick(("xhr", "nav")), cookies=True), q)
    if kind == "outage":
        body = {"type": ctx.pick(("power_cut", "no_water", "low_pressure", "gas_smell", "streetlight")), "address": j(ctx, "address", _one_line_address(ctx)),
                "description": j(ctx, "description", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), "Whole street's out since ~7pm; flickering before -- sparks from the pole <!>", v.dashy_text(ctx)))),
                "contactOk": ctx.chance(0.6), "vulnerableCustomer": ctx.chance(0.1)}
        return req("POST", "/myutility/api/outages", _site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "intervals":
        mpan = ctx.fake.bothify("##############")
        rows = ["mpan,timestamp,kwh,quality,comment"]
        for i in range(ctx.rng.randint(2, 10)):
            comment = ctx.pick(("", "estimated", "gap filled", "meter reset -- see WO " + str(ctx.rng.randrange(1000, 9999)), v.sentence(ctx).replace('"', "'")))
            cell = ctx.slot("multipart", "csv.comment", comment) if i == 0 else comment
            rows.append(f'{mpan},{v.iso_datetime(ctx)},{round(ctx.rng.uniform(0, 3), 3)},{ctx.pick(("A", "E", "M"))},"{cell}"')
        return req("POST", "/myutility/ami/intervals", headers_for(ctx, "sdk", content_type="text/csv", auth=ctx.pick(("basic", "apikey"))), body="\n".join(rows) + "\n")
    if kind == "moveout":
        body = {"moveOutDate": v.iso_date(ctx), "finalReading": ctx.rng.randrange(0, 99999),
                "forwardingAddress": {"line1": j(ctx, "forwardingAddress.line1", ctx.fake.street_address()), "city": j(ctx, "forwardingAddress.city", ctx.fake.city()),
                                      "postcode": ctx.fake.postcode()},
                "newOccupant": j(ctx, "newOccupant", ctx.pick(("", v.full_name(ctx), "Landlord -- " + _company(ctx)))), "note": j(ctx, "note", ctx.pick(("", _note(ctx))))}
        return req("PUT", f"/myutility/api/accounts/{account}/move-out", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "bill_pdf":
        return req(ctx.pick(("GET", "HEAD")), f"/myutility/accounts/{account}/bills/{seg(ctx, 'bill', rid(ctx))}.pdf", headers_for(ctx, "nav", accept="application/pdf,*/*", cookies=True))
    return req("DELETE", f"/myutility/api/accounts/{account}/direct-debit", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, [("reason", _short(ctx))]) if ctx.chance(0.5) else "")


# ==========================================================================
# 6. Airline check-in: PNR retrieval, APIS passport data, seats, BCBP boarding passes
# ==========================================================================

_PNR_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_AIRPORTS = ("FRA", "LHR", "JFK", "CDG", "AMS", "MAD", "FCO", "HND", "PEK", "DXB", "GRU", "YUL", "WAW", "IST", "DUB", "ORD", "SIN", "BCN", "ATH", "CPH")
_ISO3 = ("DEU", "FRA", "USA", "GBR", "IRL", "JPN", "CHN", "BRA", "ESP", "ITA", "POL", "IND", "CAN", "TUR", "UKR", "GRC", "NGA", "MEX")
_CARRIERS = ("LH", "BA", "AF", "KL", "IB", "AZ", "NH", "CA", "EK", "LA", "AC", "LO", "TK", "EI", "UA", "SQ")


def _pnr(ctx: Ctx) -> str:
    return "".join(ctx.pick(_PNR_CHARS) for _ in range(6))


def _passport_name(ctx: Ctx) -> tuple[str, str]:
    """Given names and surname as a passport's Latin fields carry them (diacritics and apostrophes kept)."""
    first, last = v.person_name(ctx)
    if not _latin(first + last).replace(" ", "").replace("-", ""):
        first, last = ctx.en.first_name(), ctx.en.last_name()
    return first, last


def _bcbp(ctx: Ctx, first: str, last: str, pnr: str, orig: str, dest: str, carrier: str) -> str:
    """An IATA BCBP (boarding pass barcode) string, mandatory items of one leg."""
    name = f"{_latin(last).replace(' ', '')}/{_latin(first).replace(' ', '')}"[:20]
    seat = f"{ctx.rng.randint(1, 45):03d}{ctx.pick('ABCDEFJK')}"
    return (f"M1{name:<20}E{pnr:<7}{orig}{dest}{carrier:<3}{ctx.rng.randint(1, 9999):04d} {ctx.rng.randint(1, 366):03d}"
            f"{ctx.pick('YJCWM')}{seat}{ctx.rng.randint(1, 300):04d} 1{ctx.pick(('00', '4A', '5D'))}")


@template("train", ("/flightcheck/",), weight=1.3)
def airline_checkin(ctx: Ctx) -> Request:
    """Airline check-in: PNR lookup form, APIS passport data, seat maps and selection, SSR requests, BCBP boarding passes."""
    kind = ctx.pick(("retrieve", "apis", "apis", "seatmap", "seat", "pass", "ssr", "preflight", "cancel"))
    pnr = _pnr(ctx)
    carrier, orig, dest = ctx.pick(_CARRIERS), *ctx.rng.sample(list(_AIRPORTS), 2)
    if kind == "retrieve":
        pairs = [("_csrf", v.alnum_token(ctx, 36)), ("booking-reference", pnr), ("last-name", _apos_name(ctx)),
                 ("lang", ctx.locale[:2])]
        return req("POST", "/flightcheck/check-in/retrieve", _nav_form(ctx, "/flightcheck/check-in"), body=form(ctx, pairs, fixed=("_csrf", "lang")))
    if kind == "apis":
        paxes = []
        for i in range(ctx.rng.randint(1, 3)):
            first, last = _passport_name(ctx)
            pax: dict[str, Any] = {"passengerId": f"PT{i + 1}", "givenNames": j(ctx, f"passengers[{i}].givenNames", first), "surname": j(ctx, f"passengers[{i}].surname", last),
                                   "gender": ctx.pick(("M", "F", "X")), "dateOfBirth": v.iso_date(ctx),
                                   "document": {"type": "P", "number": j(ctx, f"passengers[{i}].document.number", ctx.fake.bothify("??#######").upper()),
                                                "issuingCountry": ctx.pick(_ISO3), "nationality": ctx.pick(_ISO3), "expiryDate": v.iso_date(ctx)},
                                   "emergencyContact": {"name": j(ctx, f"passengers[{i}].emergencyContact.name", v.full_name(ctx)), "phone": ctx.fake.phone_number()}}
            if ctx.chance(0.3):
                pax["destinationAddress"] = {"street": j(ctx, f"passengers[{i}].destinationAddress.street", ctx.en.street_address()), "city": ctx.en.city(),
                                             "state": ctx.pick(("NY", "CA", "FL", "TX")), "zip": ctx.en.postcode()}
            if ctx.chance(0.15):
                pax["redressNumber"] = ctx.fake.bothify("#######")
            paxes.append(pax)
        body = {"recordLocator": j(ctx, "recordLocator", pnr), "passengers": paxes}
        return req("PUT", f"/flightcheck/api/bookings/{seg(ctx, 'pnr', pnr)}/apis", _site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "seatmap":
        flight = seg(ctx, "flight", f"{carrier}{ctx.rng.randint(1, 9999)}-{v.iso_date(ctx)}-{orig}")
        pairs = [("segment", ctx.rng.randint(1, 3)), ("cabin", ctx.pick(("Y", "W", "J"))), ("pnr", pnr)]
        return req("GET", f"/flightcheck/api/flights/{flight}/seatmap", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"), qs(ctx, pairs, fixed=("segment",)))
    if kind == "seat":
        body = {"segmentRef": f"S{ctx.rng.randint(1, 3)}", "passengerId": "PT1", "seat": j(ctx, "seat", f"{ctx.rng.randint(1, 45)}{ctx.pick('ABCDEFJK')}"),
                "paidSeat": ctx.chance(0.3), "note": j(ctx, "note", ctx.pick(("", "Next to my daughter please -- she's 7", v.prose(ctx, 1, 1, trap_rate=0.4))))}
        return req("PATCH", f"/flightcheck/api/bookings/{seg(ctx, 'pnr', pnr)}/seats", _site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "pass":
        first, last = _passport_name(ctx)
        if ctx.chance(0.5):
            body = {"barcode": j(ctx, "barcode", _bcbp(ctx, first, last, pnr, orig, dest, carrier)), "format": ctx.pick(("PKBarcodeFormatAztec", "PKBarcodeFormatPDF417", "QR")),
                    "passengerName": j(ctx, "passengerName", f"{first} {last}"), "gate": ctx.pick((None, f"{ctx.pick('ABCDEZ')}{ctx.rng.randint(1, 60)}")),
                    "wallet": ctx.pick(("apple", "google"))}
            return req("POST", "/flightcheck/api/boarding-passes/wallet", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
        q = qs(ctx, [("format", ctx.pick(("pdf", "pkpass", "bcbp"))), ("passenger", "PT" + str(ctx.rng.randint(1, 3)))])
        return req(ctx.pick(("GET", "HEAD")), f"/flightcheck/api/boarding-passes/{seg(ctx, 'pnr', pnr)}", headers_for(ctx, ctx.pick(("mobile", "nav")), auth="jwt" if ctx.chance(0.5) else None), q)
    if kind == "ssr":
        code = ctx.pick(("WCHR", "WCHS", "BLND", "DEAF", "VGML", "KSML", "PETC", "UMNR", "MEDA"))
        body = {"code": code, "passengerId": f"PT{ctx.rng.randint(1, 3)}", "segments": ["S1"] + (["S2"] if ctx.chance(0.4) else []),
                "freeText": j(ctx, "freeText", ctx.pick(("Needs wheelchair to the gate -- can walk short distances (< 50 m)", "Travelling w/ service dog 'Biscuit' (labrador, 28 kg)",
                                                         "Nut allergy!!! No peanuts/cashews; EpiPen in cabin bag", v.prose(ctx, 1, 2, trap_rate=0.4), _note(ctx))))}
        return req("POST", f"/flightcheck/api/bookings/{seg(ctx, 'pnr', pnr)}/ssr", _site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "preflight":
        return _preflight(ctx, f"/flightcheck/api/bookings/{pnr}/{ctx.pick(('apis', 'seats', 'ssr'))}", ("PUT", "PATCH", "POST"))
    return req("DELETE", f"/flightcheck/api/bookings/{seg(ctx, 'pnr', pnr)}/checkin/{seg(ctx, 'passenger', 'PT' + str(ctx.rng.randint(1, 4)))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


# ==========================================================================
# 7. Freight logistics: bookings, customs XML with HS codes, X12 and EDIFACT, carrier webhooks
# ==========================================================================

_HS_CODES = ("8471.30", "6109.10", "9403.60", "8517.62", "3926.90", "0901.21", "6403.99", "8708.29", "2204.21", "9503.00")


def _goods(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.rng.randint(1, 800)} ctns men's cotton T-shirts, 100% cotton", "Laptops (used) -- {n} units, Li-ion batteries UN3481".format(n=ctx.rng.randint(2, 90)),
                     f"Furniture: oak tables & chairs ({ctx.rng.randint(2, 40)} sets)", "Roasted coffee beans, 60 kg bags", f"Spare parts for {ctx.en.last_name()} pumps (see PO {_ref(ctx, 'PO')})",
                     "Red wine 75cl x 12/case -- \"Château " + ctx.en.last_name() + "\"", f"{ctx.en.catch_phrase()} ({ctx.rng.randint(1, 60)} pallets)", v.sentence(ctx)))


def _edi_text(ctx: Ctx, text: str, bad: str) -> str:
    """Free text made safe for an EDI element: the separators a sender strips or releases."""
    for ch in bad:
        text = text.replace(ch, " ")
    return text.replace("\n", " ")[:70]


def _x12(ctx: Ctx) -> str:
    ctrl = ctx.rng.randrange(1, 999999999)
    date, time = v.when(ctx).strftime("%y%m%d"), f"{ctx.rng.randint(0, 23):02d}{ctx.rng.randint(0, 59):02d}"
    sender, receiver = ctx.fake.bothify("??????").upper(), ctx.fake.bothify("##########")
    name = ctx.slot("multipart", "N1.name", _edi_text(ctx, _company(ctx), "*~>"))
    note = ctx.slot("multipart", "NTE.note", _edi_text(ctx, ctx.pick((_note(ctx), "Deliver to dock #3 -- call 30 min ahead", "Fragile; don't stack > 2 high")), "*~>"))
    tx = ctx.pick(("856", "204", "214"))
    segs = [f"ISA*00*          *00*          *ZZ*{sender:<15}*ZZ*{receiver:<15}*{date}*{time}*U*00401*{ctrl:09d}*0*P*>",
            f"GS*{ctx.pick(('SH', 'SM', 'QM'))}*{sender}*{receiver}*20{date}*{time}*{ctrl % 10000}*X*004010", f"ST*{tx}*0001",
            f"BSN*00*{ctx.fake.bothify('SHP#######')}*20{date}*{time}" if tx == "856" else f"B2**{ctx.fake.bothify('????').upper()}**{ctx.fake.bothify('########')}**PP",
            f"N1*ST*{name}*92*{ctx.rng.randrange(1000, 99999)}", f"N3*{_edi_text(ctx, ctx.fake.street_address(), '*~>')}",
            f"N4*{_edi_text(ctx, ctx.fake.city(), '*~>')}*{ctx.fake.bothify('??').upper()}*{ctx.fake.postcode()}*{ctx.fake.country_code()}",
            f"TD1*CTN25*{ctx.rng.randint(1, 400)}****G*{ctx.rng.randint(10, 9000)}*LB", f"NTE*GEN*{note}"]
    segs += [f"SE*{len(segs) - 1}*0001", f"GE*1*{ctrl % 10000}", f"IEA*1*{ctrl:09d}"]
    return "~\n".join(segs) + "~\n" if ctx.chance(0.6) else "~".join(segs) + "~"


def _edifact_release(text: str) -> str:
    """EDIFACT release character: ?' ?+ ?: ?? (O'Brien -> O?'Brien)."""
    return "".join("?" + ch if ch in "?'+:" else ch for ch in text.replace("\n", " "))[:70]


def _edifact(ctx: Ctx) -> str:
    ref = ctx.fake.bothify("REF######")
    buyer = ctx.slot("multipart", "NAD.name", _edifact_release(_company(ctx)))
    text = ctx.slot("multipart", "FTX.text", _edifact_release(ctx.pick((_note(ctx), "Pallets must be Euro (1200x800) -- no exceptions!", "Please confirm ETA & driver's name"))))
    unb = f"UNB+UNOC:3+{ctx.fake.bothify('#############')}:14+{ctx.fake.bothify('#############')}:14+{v.when(ctx):%y%m%d}:{ctx.rng.randint(0, 2359):04d}+{ref}"
    segs = [f"UNH+1+{ctx.pick(('ORDERS:D:96A:UN', 'DESADV:D:96A:UN', 'IFTMIN:D:99B:UN'))}", f"BGM+220+{ctx.fake.bothify('PO#######')}+9",
            f"DTM+137:{v.when(ctx):%Y%m%d}:102", f"FTX+AAI+++{text}", f"NAD+BY+{ctx.fake.bothify('#############')}::9++{buyer}"]
    for i in range(ctx.rng.randint(1, 3)):
        segs += [f"LIN+{i + 1}++{ctx.fake.bothify('#############')}:EN", f"QTY+21:{ctx.rng.randint(1, 500)}"]
    segs = [unb] + segs + [f"UNT+{len(segs) + 1}+1", f"UNZ+1+{ref}"]
    nl = "\n" if ctx.chance(0.5) else ""
    return "UNA:+.? '" + nl + ("'" + nl).join(segs) + "'" + nl


@template("train", ("/freightlink/",), weight=1.3)
def freight_logistics(ctx: Ctx) -> Request:
    """Freight forwarding: shipment bookings, customs XML with HS codes, X12/EDIFACT messages, tracking, signed carrier webhooks."""
    kind = ctx.pick(("booking", "customs", "x12", "edifact", "track", "webhook", "instructions", "cancel"))
    if kind == "booking":
        body: dict[str, Any] = {
            "shipper": {"name": j(ctx, "shipper.name", _company(ctx)), "address": j(ctx, "shipper.address", _one_line_address(ctx)), "contact": j(ctx, "shipper.contact", v.full_name(ctx))},
            "consignee": {"name": j(ctx, "consignee.name", _company(ctx)), "address": j(ctx, "consignee.address", _one_line_address(ctx))},
            "mode": ctx.pick(("ocean_fcl", "ocean_lcl", "air", "road_ftl")), "incoterms": ctx.pick(("FOB", "CIF", "DAP", "DDP", "EXW")),
            "packages": [{"type": ctx.pick(("pallet", "carton", "crate")), "count": ctx.rng.randint(1, 40), "weightKg": round(ctx.rng.uniform(1, 900), 1),
                          "dimsCm": [ctx.rng.randint(20, 240) for _ in range(3)], "hsCode": ctx.pick(_HS_CODES),
                          "description": j(ctx, f"packages[{i}].description", _goods(ctx))} for i in range(ctx.rng.randint(1, 3))],
            "readyDate": v.iso_date(ctx), "dangerousGoods": ctx.chance(0.1),
            "specialInstructions": j(ctx, "specialInstructions", ctx.pick(("", _note(ctx), "Tail-lift needed; no deliveries 12-1pm", "Keep > 2°C & < 8°C"))),
        }
        return req("POST", "/freightlink/api/shipments", _site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", ctx.pick(("jwt", "apikey"))), body=dumps(ctx, body))
    if kind == "customs":
        items = []
        for i in range(ctx.rng.randint(1, 3)):
            desc = enc_xml(str(ctx.slot("xml", f"GoodsItem{i}.Description", _goods(ctx))))
            items.append(f'    <GoodsItem seq="{i + 1}">\n      <CommodityCode>{ctx.pick(_HS_CODES).replace(".", "")}{ctx.rng.randrange(10, 99)}</CommodityCode>\n'
                         f"      <Description>{desc}</Description>\n      <Origin>{ctx.fake.country_code()}</Origin>\n"
                         f'      <NetMass unit="kg">{round(ctx.rng.uniform(1, 9000), 2)}</NetMass>\n      <Value currency="{ctx.pick(("EUR", "USD", "GBP"))}">{v.money(ctx, 10, 90000)}</Value>\n    </GoodsItem>')
        exporter = enc_xml(str(ctx.slot("xml", "Exporter.Name", _company(ctx))))
        remarks = enc_xml(str(ctx.slot("xml", "Remarks", ctx.pick((_note(ctx), "Samples -- no commercial value", "Returned goods (warranty repair)")))))
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<CustomsDeclaration type="{ctx.pick(("EX", "IM", "CO"))}" lrn="{ctx.fake.bothify("??########").upper()}">\n'
               f"  <Exporter eori=\"{ctx.fake.bothify('??############').upper()}\"><Name>{exporter}</Name></Exporter>\n"
               f"  <Importer><Name>{enc_xml(_company(ctx))}</Name></Importer>\n  <GoodsItems>\n" + "\n".join(items) +
               f"\n  </GoodsItems>\n  <Remarks>{remarks}</Remarks>\n</CustomsDeclaration>")
        return req("POST", "/freightlink/customs/declarations", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=UTF-8")), auth=ctx.pick(("basic", "apikey"))), body=xml)
    if kind == "x12":
        return req("POST", "/freightlink/edi/x12/inbound", headers_for(ctx, "sdk", content_type=ctx.pick(("application/edi-x12", "text/plain")), auth="basic"), body=_x12(ctx))
    if kind == "edifact":
        return req("POST", "/freightlink/edi/edifact/inbound", headers_for(ctx, "sdk", content_type=ctx.pick(("application/edifact", "text/plain; charset=utf-8")), auth=ctx.pick(("basic", "apikey"))),
                   body=_edifact(ctx))
    if kind == "track":
        number = seg(ctx, "tracking", ctx.pick((ctx.fake.bothify("????#######").upper(), "1Z" + ctx.fake.bothify("??######??########").upper(), ctx.fake.bothify("###-########"))))
        q = qs(ctx, [("lang", ctx.locale[:2]), ("ref", ctx.pick(("email", "sms", "widget")))]) if ctx.chance(0.6) else ""
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/freightlink/track/{number}", headers_for(ctx, ctx.pick(("nav", "mobile"))), q)
    if kind == "webhook":
        events = [{"eventId": ctx.fake.uuid4(), "type": ctx.pick(("picked_up", "in_transit", "customs_hold", "out_for_delivery", "delivered", "exception")),
                   "at": v.iso_datetime(ctx), "location": j(ctx, f"[{i}].location", f"{ctx.fake.city()}, {ctx.fake.country_code()}"),
                   "remark": j(ctx, f"[{i}].remark", ctx.pick(("", "Consignee closed -- re-delivery tomorrow", "Signed by: " + _apos_name(ctx), v.prose(ctx, 1, 1, trap_rate=0.3))))}
                  for i in range(ctx.rng.randint(1, 4))]
        raw = dumps(ctx, events)
        # an opaque HMAC: it must not follow the body, or an attack would differ from its benign twin outside the payload
        extra = (("X-Carrier-Signature", "sha256=" + v.hex_token(ctx, 64)), ("X-Carrier-Delivery", ctx.fake.uuid4()))
        return req("POST", "/freightlink/hooks/carrier", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=raw)
    if kind == "instructions":
        body = {"deliveryWindow": {"from": v.iso_datetime(ctx), "to": v.iso_datetime(ctx)}, "safePlace": j(ctx, "safePlace", ctx.pick(("", "Behind the blue gate", "Reception -- ask for " + v.full_name(ctx)))),
                "instructions": j(ctx, "instructions", _note(ctx)), "notify": [j(ctx, "notify", ctx.fake.email()) for _ in range(ctx.rng.randint(0, 2))]}
        return req("PATCH", f"/freightlink/api/shipments/{seg(ctx, 'shipment', ctx.fake.bothify('SHP#######'))}", _site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/freightlink/api/shipments/{seg(ctx, 'shipment', ctx.fake.bothify('SHP#######'))}", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))),
               qs(ctx, [("reason", _short(ctx))]) if ctx.chance(0.5) else "")


# ==========================================================================
# 8. Auction house: search, bids and proxy bids, seller Q&A, listings
# ==========================================================================


def _lot_title(ctx: Ctx) -> str:
    return ctx.pick((f"Victorian oak writing desk c.{ctx.rng.randrange(1840, 1900)} -- needs TLC", f"{ctx.pick(('Rolex', 'Omega', 'Seiko'))} ref. {ctx.rng.randrange(1000, 9999)} (1970s) <boxed>",
                     f"Signed print by {v.full_name(ctx)} #{ctx.rng.randint(1, 200)}/{ctx.rng.randint(200, 500)}", "Lot of 50+ vintage postcards, 'Greetings from' series",
                     f"Nintendo Game Boy -- {ctx.pick(('mint', 'boxed', 'for parts'))}", "Hand-knotted rug 6'x9\" (wool)", v.short_text(ctx), ctx.en.catch_phrase()))


@template("train", ("/auctionhouse/",), weight=1.3)
def auction_house(ctx: Ctx) -> Request:
    """Online auctions: lot search with cat[] and price.min, bids and proxy bids, seller Q&A, multipart listings, watchlist."""
    kind = ctx.pick(("search", "search", "bid", "proxy", "question", "answer", "listing", "lot", "unwatch"))
    lot = seg(ctx, "lot", ctx.pick((str(rid(ctx)), f"{ctx.rng.randrange(100, 999)}-{ctx.rng.randrange(1000, 99999)}"))) if kind in ("bid", "proxy", "question", "lot", "unwatch") else ""
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((v.search_terms(ctx), v.tricky_search(ctx), _lot_title(ctx), "\"art deco\" -reproduction", "1/2 carat ring")))]
        pairs += [("cat[]", c) for c in ctx.rng.sample(["antiques", "watches", "art", "coins", "toys", "rugs", "cameras"], ctx.rng.randint(0, 3))]
        if ctx.chance(0.5):
            pairs += [("price.min", ctx.rng.randrange(0, 100)), ("price.max", ctx.rng.randrange(100, 5000))]
        pairs += [("ends-within", ctx.pick(("1h", "24h", "7d"))), ("sort", ctx.pick(("end_time", "price", "bids", "listed_at"))), ("order", ctx.pick(("asc", "desc")))]
        if ctx.chance(0.3):
            pairs.append(("seller", ctx.pick((ctx.fake.user_name(), _apos_name(ctx)))))
        return req("GET", "/auctionhouse/api/lots", headers_for(ctx, ctx.pick(("xhr", "mobile", "nav"))), qs(ctx, pairs))
    if kind == "bid":
        body: dict[str, Any] = {"amount": float(v.money(ctx, 1, 9000)), "currency": ctx.pick(("EUR", "USD", "GBP")), "idempotencyKey": ctx.fake.uuid4(),
                                "clientTime": v.iso_datetime(ctx)}
        if ctx.chance(0.3):
            body["comment"] = j(ctx, "comment", ctx.pick(("Last chance -- good luck all!", v.prose(ctx, 1, 1, trap_rate=0.4))))
        return req("POST", f"/auctionhouse/api/lots/{lot}/bids", _site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "proxy":
        body = {"maxAmount": float(v.money(ctx, 10, 20000)), "increment": ctx.pick((1, 5, 10, 25)), "snipeSecondsBeforeEnd": ctx.pick((None, 5, 8, 30)),
                "note": j(ctx, "note", ctx.pick(("", "Don't go over 300 -- wife's orders ;)", _note(ctx))))}
        return req("PUT", f"/auctionhouse/api/lots/{lot}/proxy-bid", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "question":
        pairs = [("question", ctx.pick((v.prose(ctx, 1, 2, trap_rate=0.5), "Is the \"signature\" original or printed? Any <chips> on the rim?", "Can you ship to " + ctx.fake.city() + "? Combined P&P for lots 12 & 14?"))),
                 ("public", ctx.pick(("1", "0"))), ("lot_id", str(rid(ctx)))]
        return req("POST", f"/auctionhouse/lots/{lot}/questions", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded; charset=UTF-8", origin=v.site(ctx), cookies=True),
                   body=form(ctx, pairs, fixed=("public",)))
    if kind == "answer":
        body = {"answer": j(ctx, "answer", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), "Yes -- original, see photo 4. No chips; tiny hairline < 1 mm.", v.dashy_text(ctx)))),
                "publish": ctx.chance(0.8), "addToDescription": ctx.chance(0.3)}
        return req("PATCH", f"/auctionhouse/api/questions/{seg(ctx, 'question', rid(ctx))}", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "listing":
        fields = [("title", _lot_title(ctx)), ("description_html", ctx.pick((v.rich_html(ctx), f"<p>{enc_xml(v.prose(ctx, 1, 3))}</p>"))),
                  ("condition", ctx.pick(("new", "used-like-new", "used-good", "for-parts"))), ("start_price", v.money(ctx, 1, 500)),
                  ("reserve_price", ctx.pick(("", v.money(ctx, 50, 5000)))), ("duration_days", ctx.pick(("3", "5", "7", "10"))),
                  ("shipping_note", ctx.pick(("", "Collection only from " + ctx.fake.city(), _note(ctx))))]
        files = [("photos[]", f"IMG_{ctx.rng.randrange(1000, 9999)}.svg", "image/svg+xml", synth_tech.svg_image(ctx)) for _ in range(ctx.rng.randint(1, 2))]
        ctype, mbody = multipart(ctx, fields, files)
        return req("POST", "/auctionhouse/sell/lots", _site_headers(ctx, ctx.pick(("xhr", "mobile")), ctype, "jwt"), body=mbody)
    if kind == "lot":
        pairs = [("ref", ctx.pick(("watchlist", "search", "email-outbid"))), ("utm_source", ctx.pick(("newsletter", "app"))),
                 ("back", ctx.pick(("/auctionhouse/search?q=" + ctx.en.word(), "/auctionhouse/watchlist", "/auctionhouse/categories/" + ctx.pick(("art", "watches", "coins")))))]
        q = qs(ctx, ctx.rng.sample(pairs, ctx.rng.randint(0, 3)))
        return req(ctx.pick(("GET", "HEAD")), f"/auctionhouse/lots/{lot}", headers_for(ctx, "nav", referer=v.site(ctx) + "/auctionhouse/"), q)
    return req("DELETE", f"/auctionhouse/api/watchlist/{lot}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


# ==========================================================================
# 9. Genealogy: GEDCOM uploads, people with approximate dates, sources, search
# ==========================================================================


def _gedcom_date(ctx: Ctx) -> str:
    y = ctx.rng.randrange(1700, 1950)
    month = ctx.pick(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"))
    return ctx.pick((f"ABT {y}", f"BET {y} AND {y + ctx.rng.randint(1, 10)}", f"{ctx.rng.randint(1, 28)} {month} {y}", f"BEF {y}", f"AFT {y}",
                     f"EST {y}", f"{month} {y}", f"CAL {y}", f"FROM {y} TO {y + ctx.rng.randint(1, 30)}", str(y)))


def _place(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.fake.city()}, {ctx.fake.country()}", "Skibbereen, County Cork, Munster, Ireland", f"{ctx.en.city()}, {ctx.en.state()}, USA",
                     "St. John's, Newfoundland, Canada", f"{ctx.fake.city()}, {ctx.pick(('Bavaria', 'Galicia', 'Silesia', 'Lombardy'))}", "At sea (SS " + ctx.en.last_name() + ")"))


def _gedcom(ctx: Ctx) -> str:
    lines = ["0 HEAD", f"1 SOUR {ctx.pick(('FTM', 'RootsMagic', 'GRAMPS', 'Ancestry.com Family Trees'))}", "1 GEDC", "2 VERS 5.5.1", "2 FORM LINEAGE-LINKED", "1 CHAR UTF-8"]
    n = ctx.rng.randint(2, 4)
    for i in range(1, n + 1):
        first, last = v.person_name(ctx)
        name = ctx.slot("multipart", "gedcom.NAME", f"{first} /{last}/") if i == 1 else f"{first} /{last}/"
        lines += [f"0 @I{i}@ INDI", f"1 NAME {name}", f"1 SEX {ctx.pick('MF')}", "1 BIRT", f"2 DATE {_gedcom_date(ctx)}", f"2 PLAC {_place(ctx)}"]
        if ctx.chance(0.5):
            lines += ["1 DEAT", f"2 DATE {_gedcom_date(ctx)}"]
        if i == 1:
            note = str(ctx.slot("multipart", "gedcom.NOTE", ctx.pick((v.prose(ctx, 1, 2, trap_rate=0.4), "Emigrated -- ship's manifest says \"labourer\"; family says farmer.", _note(ctx)))))
            note_lines = note.split("\n")
            lines.append(f"1 NOTE {note_lines[0]}")
            lines += [f"2 CONT {x}" for x in note_lines[1:]]
        lines.append("1 FAMS @F1@" if i <= 2 else "1 FAMC @F1@")
    lines += ["0 @F1@ FAM", "1 HUSB @I1@", "1 WIFE @I2@", "1 MARR", f"2 DATE {_gedcom_date(ctx)}"] + [f"1 CHIL @I{i}@" for i in range(3, n + 1)] + ["0 TRLR"]
    return "\n".join(lines) + "\n"


@template("train", ("/familytree/",), weight=1.2)
def family_tree(ctx: Ctx) -> Request:
    """Genealogy site: GEDCOM uploads, people with ABT/BET dates and place hierarchies, source citations, dotted search, export."""
    kind = ctx.pick(("gedcom", "person", "person", "search", "source", "story", "export", "relation", "delete"))
    tree = seg(ctx, "tree", ctx.pick((str(rid(ctx)), v.alnum_token(ctx, 10)))) if kind != "search" else ""
    if kind == "gedcom":
        fields = [("tree_name", ctx.pick((f"The {_apos_name(ctx)} family", f"{ctx.fake.last_name()} / {ctx.fake.last_name()} tree", v.short_text(ctx)))),
                  ("merge_strategy", ctx.pick(("keep_both", "prefer_upload", "prefer_existing"))), ("privacy", ctx.pick(("private", "public", "living_hidden")))]
        ctype, mbody = multipart(ctx, fields, [("gedcom", f"{ctx.fake.last_name()}_{ctx.rng.randrange(2015, 2026)}.ged", ctx.pick(("application/octet-stream", "text/plain", "application/x-gedcom")), _gedcom(ctx))])
        return req("POST", f"/familytree/api/trees/{tree}/imports", _site_headers(ctx, "xhr", ctype, "jwt"), body=mbody)
    if kind == "person":
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {"givenNames": j(ctx, "givenNames", first), "surname": j(ctx, "surname", last),
                                "birthSurname": j(ctx, "birthSurname", ctx.pick(("", "née " + ctx.fake.last_name(), _apos_name(ctx)))), "sex": ctx.pick(("M", "F", "U")),
                                "events": [{"type": t, "date": j(ctx, f"events[{i}].date", _gedcom_date(ctx)), "place": j(ctx, f"events[{i}].place", _place(ctx))}
                                           for i, t in enumerate(ctx.rng.sample(["BIRT", "BAPM", "MARR", "IMMI", "CENS", "DEAT", "BURI"], ctx.rng.randint(1, 3)))],
                                "notes": j(ctx, "notes", ctx.pick(("", _note(ctx), "Surname spelled O'Sullivan/Sullivan/Ó Súilleabháin in different records")))}
        method = ctx.pick(("POST", "PUT"))
        path = f"/familytree/api/trees/{tree}/people" + ("" if method == "POST" else "/" + seg(ctx, "person", f"I{ctx.rng.randint(1, 5000)}"))
        return req(method, path, _site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("surname", ctx.pick((_apos_name(ctx), ctx.fake.last_name(), "Mc*", "Schmi?t"))), ("given", ctx.pick(("", ctx.fake.first_name())))]
        if ctx.chance(0.6):
            y = ctx.rng.randrange(1700, 1930)
            pairs += [("birth.year.from", y), ("birth.year.to", y + ctx.rng.randint(1, 20))]
        if ctx.chance(0.5):
            pairs.append(("birth.place", _place(ctx)))
        pairs += [("match", ctx.pick(("exact", "soundex", "phonetic"))), ("collections[]", ctx.pick(("census", "parish", "military", "immigration")))]
        if ctx.chance(0.5):
            pairs += [("sort", ctx.pick(("relevance", "birth_year", "surname"))), ("order", ctx.pick(("asc", "desc")))]
        return req("GET", "/familytree/api/search/records", headers_for(ctx, ctx.pick(("xhr", "nav", "mobile")), auth=ctx.pick((None, "jwt"))), qs(ctx, pairs))
    if kind == "source":
        body = {"title": j(ctx, "title", ctx.pick((f"{ctx.rng.randrange(1841, 1951, 10)} Census, {ctx.fake.city()}", f"Parish register of St. {ctx.en.first_name()}'s, {ctx.fake.city()}",
                                                   f"Passenger list: SS {ctx.en.last_name()} ({_gedcom_date(ctx)})", v.short_text(ctx)))),
                "citation": j(ctx, "citation", f"{ctx.pick(('Piece', 'Folio', 'Roll', 'Vol.'))} {ctx.rng.randint(1, 999)}, p. {ctx.rng.randint(1, 400)}, line {ctx.rng.randint(1, 40)}"),
                "url": j(ctx, "url", ctx.pick(("", ctx.en.url() + ctx.en.uri_path()))), "quality": ctx.rng.randint(0, 3),
                "transcription": j(ctx, "transcription", ctx.pick((v.prose(ctx, 1, 3), "\"" + v.full_name(ctx) + ", Head, Mar, 42, Ag Lab, b. " + ctx.fake.city() + "\""))),
                "personIds": [f"I{ctx.rng.randint(1, 5000)}" for _ in range(ctx.rng.randint(1, 3))]}
        return req("POST", f"/familytree/api/trees/{tree}/sources", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "story":
        fields = [("title", ctx.pick((v.short_text(ctx), f"Grandma {ctx.fake.first_name()}'s recipe book", "Letters from the front -- 1916"))),
                  ("story", ctx.pick((v.long_prose(ctx), v.prose(ctx, 2, 5, trap_rate=0.3)))), ("person_id", f"I{ctx.rng.randint(1, 5000)}")]
        ctype, mbody = multipart(ctx, fields, [("photo", f"scan_{ctx.rng.randrange(1, 999):03d}.svg", "image/svg+xml", synth_tech.svg_image(ctx))] if ctx.chance(0.6) else [])
        return req("POST", f"/familytree/api/trees/{tree}/stories", _site_headers(ctx, ctx.pick(("xhr", "mobile")), ctype, "jwt"), body=mbody)
    if kind == "export":
        q = qs(ctx, [("format", ctx.pick(("gedcom", "gedcom7", "csv"))), ("charset", "UTF-8"), ("living", ctx.pick(("exclude", "include")))], fixed=("charset",))
        return req(ctx.pick(("GET", "HEAD")), f"/familytree/trees/{tree}/export", headers_for(ctx, "nav", cookies=True), q)
    if kind == "relation":
        body = {"type": ctx.pick(("parent", "spouse", "sibling")), "otherPersonId": f"I{ctx.rng.randint(1, 5000)}", "confidence": ctx.pick(("proven", "probable", "speculative")),
                "evidenceNote": j(ctx, "evidenceNote", ctx.pick(("", _note(ctx), "DNA match (shared cM ~" + str(ctx.rng.randint(20, 3400)) + ") & baptism record")))}
        return req("PATCH", f"/familytree/api/trees/{tree}/people/{seg(ctx, 'person', 'I' + str(ctx.rng.randint(1, 5000)))}/relations", _site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body))
    return req("DELETE", f"/familytree/api/trees/{tree}/people/{seg(ctx, 'person', 'I' + str(ctx.rng.randint(1, 5000)))}", headers_for(ctx, "xhr", auth="jwt"))


# ==========================================================================
# 10. Academic publishing: submissions with LaTeX and BibTeX, reviews, Crossref-style XML
# ==========================================================================


def _latex_abstract(ctx: Ctx) -> str:
    w = ctx.en.words(3)
    bound = ctx.pick(("n \\log n", "n^2", "m + n", "\\sqrt{n}"))
    denom = ctx.pick(("2", "n", "\\epsilon"))
    parts = [f"We study the {w[0]} problem for ${ctx.pick(('k', 'n', 'd'))}$-regular {w[1]}s and show an $O({bound})$ bound.",
             f"Our approach improves on \\cite{{{ctx.en.last_name().lower()}{ctx.rng.randrange(1990, 2025)}}} by {ctx.rng.randint(5, 60)}\\% on {ctx.pick(('ImageNet', 'GLUE', 'TPC-H', 'SQuAD'))}.",
             f"For $\\alpha < {ctx.rng.randint(1, 9)}/{ctx.rng.randint(10, 20)}$ we prove $\\mathbb{{E}}[X] \\le \\frac{{1}}{{{denom}}}$.",
             v.prose(ctx, 1, 2, trap_rate=0.2), f"Code: \\url{{https://github.com/{ctx.en.user_name()}/{ctx.en.slug()}}}."]
    return " ".join(ctx.rng.sample(parts, ctx.rng.randint(2, 4)))


def _bibtex(ctx: Ctx, n: int) -> str:
    entries = []
    for _ in range(n):
        authors = " and ".join(f"{_apos_name(ctx)}, {ctx.fake.first_name()}" if ctx.chance(0.5) else f"M{{\\\"u}}ller, {ctx.en.first_name()}" for _ in range(ctx.rng.randint(1, 3)))
        key = f"{ctx.en.last_name().lower()}{ctx.rng.randrange(1990, 2026)}{ctx.en.word()}"
        p = ctx.rng.randint(1, 900)
        entries.append(f"@{ctx.pick(('article', 'inproceedings', 'book'))}{{{key},\n  author = {{{authors}}},\n  title = {{{{{ctx.en.sentence(nb_words=6).rstrip('.')}}}}},\n"
                       f"  journal = {{{ctx.pick(('Phys. Rev. Lett.', 'J. ACM', 'Nature', 'Proc. VLDB Endow.', 'Ann. Math.'))}}},\n  year = {{{ctx.rng.randrange(1970, 2026)}}},\n"
                       f"  pages = {{{p}--{p + ctx.rng.randint(5, 40)}}},\n  doi = {{10.{ctx.rng.randrange(1000, 9999)}/{ctx.fake.bothify('????.#####').lower()}}}\n}}")
    return "\n\n".join(entries) + "\n"


def _orcid(ctx: Ctx) -> str:
    return "-".join(f"{ctx.rng.randrange(0, 10000):04d}" for _ in range(3)) + f"-{ctx.rng.randrange(0, 1000):03d}{ctx.pick('0123456789X')}"


def _review_text(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.4:
        return ctx.pick((
            "The main claim (Thm. {n}) relies on Lemma {m}, whose proof assumes $p < 1/2$ -- this isn't stated. Also, Table {n} reports 'SELECT * FROM results' timings without variance.",
            "Minor: \"significant\" is used without a test; please report p-values & CIs. The related-work section omits {name}'s work on {word}.",
            "I'm not convinced by the ablation -- dropping the {word} module changes > 3 variables at once. Suggest: (a) rerun; (b) add error bars.",
            "Recommendation: major revision. Strengths: clear writing, open code. Weaknesses: baselines from {year}; no comparison to {name} et al.",
        )).format(n=ctx.rng.randint(1, 9), m=ctx.rng.randint(1, 9), name=_apos_name(ctx), word=ctx.en.word(), year=ctx.rng.randrange(2010, 2020))
    if r < 0.65:
        return v.markdown_post(ctx, code_rate=0.3)
    if r < 0.85:
        return v.dashy_text(ctx)
    return v.long_prose(ctx)


@template("train", ("/manuscripts/",), weight=1.2)
def manuscript_review(ctx: Ctx) -> Request:
    """Journal submission system: multipart LaTeX/BibTeX submissions, reviewer reports, ORCID/DOI search, Crossref-style deposit XML, BibTeX import."""
    kind = ctx.pick(("submit", "review", "review", "search", "deposit", "bibtex", "decision", "metadata", "remove_author"))
    ms = seg(ctx, "manuscript", ctx.pick((f"{ctx.pick(('JACM', 'PRL', 'NAT', 'VLDB'))}-{ctx.rng.randrange(2023, 2027)}-{ctx.rng.randrange(1, 9999):04d}", str(rid(ctx))))) \
        if kind in ("review", "bibtex", "decision", "metadata", "remove_author") else ""
    if kind == "submit":
        title = ctx.en.sentence(nb_words=ctx.rng.randint(5, 11)).rstrip(".")
        fields = [("title", ctx.pick((title, f"On the {ctx.en.word()} of $k$-{ctx.en.word()} graphs", f"{title}: a \"{ctx.en.word()}\" approach"))),
                  ("abstract", _latex_abstract(ctx)), ("keywords", ", ".join(ctx.en.words(ctx.rng.randint(2, 5)))), ("corresponding_orcid", _orcid(ctx)),
                  ("cover_letter", ctx.pick(("", v.prose(ctx, 2, 4, trap_rate=0.3)))), ("section", ctx.pick(("research", "short-communication", "survey")))]
        tex = (f"\\documentclass{{article}}\n\\usepackage{{amsmath}}\n\\title{{{title}}}\n\\author{{{v.full_name(ctx)}}}\n\\begin{{document}}\n\\maketitle\n"
               f"\\begin{{abstract}}\n{_latex_abstract(ctx)}\n\\end{{abstract}}\n\\section{{Introduction}}\n{v.prose(ctx, 2, 4, trap_rate=0.2)}\n"
               f"\\begin{{equation}}\n  f(x) = \\sum_{{i=1}}^{{n}} x_i^2 \\quad \\text{{for }} x \\in \\mathbb{{R}}^n\n\\end{{equation}}\n\\bibliography{{refs}}\n\\end{{document}}\n")
        files = [("manuscript", "main.tex", "application/x-tex", tex)]
        if ctx.chance(0.6):
            files.append(("bibliography", "refs.bib", "application/x-bibtex", _bibtex(ctx, ctx.rng.randint(1, 3))))
        ctype, mbody = multipart(ctx, fields, files)
        return req("POST", "/manuscripts/submissions", _site_headers(ctx, "xhr", ctype, None, cookies=True), body=mbody)
    if kind == "review":
        body: dict[str, Any] = {"recommendation": ctx.pick(("accept", "minor_revision", "major_revision", "reject")), "confidence": ctx.rng.randint(1, 5),
                                "comments_to_author": j(ctx, "comments_to_author", _review_text(ctx)),
                                "confidential_comments_to_editor": j(ctx, "confidential_comments_to_editor", ctx.pick(("", _review_text(ctx), "Possible overlap with arXiv:" + f"{ctx.rng.randrange(1500, 2512)}.{ctx.rng.randrange(1, 99999):05d}"))),
                                "conflict_of_interest": ctx.chance(0.05), "submitted": ctx.chance(0.5)}
        return req("PUT", f"/manuscripts/api/manuscripts/{ms}/reviews/{seg(ctx, 'review', rid(ctx))}", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [ctx.pick((("orcid", _orcid(ctx)), ("doi", f"10.{ctx.rng.randrange(1000, 9999)}/{ctx.fake.bothify('????.#####').lower()}"),
                                                  ("q", ctx.pick((v.search_terms(ctx), _apos_name(ctx), "\"graph neural\" AND (sparse OR pruning)")))))]
        pairs += [("status", ctx.pick(("under_review", "accepted", "published", "any"))), ("per_page", ctx.pick((20, 50)))]
        if ctx.chance(0.4):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/manuscripts/api/search", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs))
    if kind == "deposit":
        contributors = []
        for i in range(ctx.rng.randint(1, 3)):
            given = enc_xml(str(ctx.slot("xml", f"given_name{i}", ctx.fake.first_name())))
            surname = enc_xml(str(ctx.slot("xml", f"surname{i}", _apos_name(ctx))))
            contributors.append(f'        <person_name sequence="{"first" if i == 0 else "additional"}" contributor_role="author"><given_name>{given}</given_name>'
                                f"<surname>{surname}</surname><ORCID>https://orcid.org/{_orcid(ctx)}</ORCID></person_name>")
        title = enc_xml(str(ctx.slot("xml", "title", ctx.en.sentence(nb_words=7).rstrip("."))))
        abstract = enc_xml(str(ctx.slot("xml", "jats:p", _latex_abstract(ctx))))
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<doi_batch version="5.3.1" xmlns="http://www.crossref.org/schema/5.3.1" xmlns:jats="http://www.ncbi.nlm.nih.gov/JATS1">\n'
               f"  <head><doi_batch_id>{ctx.fake.uuid4()}</doi_batch_id><depositor><depositor_name>{enc_xml(_company(ctx))}</depositor_name>"
               f"<email_address>{ctx.fake.email()}</email_address></depositor></head>\n  <body>\n    <journal>\n      <journal_article publication_type=\"full_text\">\n"
               f"        <titles><title>{title}</title></titles>\n      <contributors>\n" + "\n".join(contributors) +
               f"\n      </contributors>\n        <jats:abstract><jats:p>{abstract}</jats:p></jats:abstract>\n"
               f"        <doi_data><doi>10.{ctx.rng.randrange(1000, 9999)}/{ctx.fake.bothify('????.#####').lower()}</doi><resource>{ctx.en.url()}</resource></doi_data>\n"
               "      </journal_article>\n    </journal>\n  </body>\n</doi_batch>")
        return req("POST", "/manuscripts/api/deposits", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "application/vnd.crossref.deposit+xml")), auth="basic"), body=xml)
    if kind == "bibtex":
        text = ctx.slot("multipart", "bibtex", _bibtex(ctx, ctx.rng.randint(1, 4)))
        return req("POST", f"/manuscripts/api/manuscripts/{ms}/references/import", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type=ctx.pick(("text/plain; charset=utf-8", "application/x-bibtex")), auth="jwt"),
                   body=str(text))
    if kind == "decision":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("decision", ctx.pick(("accept", "revise", "reject"))),
                 ("letter", f"Dear Dr. {_apos_name(ctx)},\n\n{v.prose(ctx, 2, 4, trap_rate=0.3)}\n\n{ctx.pick(('Sincerely,', 'Best regards,', '--'))}\n{v.full_name(ctx)}"),
                 ("revision_due", v.iso_date(ctx)), ("notify_reviewers", ctx.pick(("1", "0")))]
        return req("POST", f"/manuscripts/editor/manuscripts/{ms}/decision", _nav_form(ctx, "/manuscripts/editor"), body=form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "metadata":
        body = {"keywords": [j(ctx, "keywords", w) for w in ctx.en.words(ctx.rng.randint(1, 4))],
                "funding": [{"funder": j(ctx, "funding.funder", ctx.pick(("NSF", "ERC", "DFG", "Wellcome Trust", _company(ctx)))), "award": ctx.fake.bothify("??-#######").upper()}],
                "dataAvailability": j(ctx, "dataAvailability", ctx.pick(("Data at https://doi.org/10.5281/zenodo." + str(ctx.rng.randrange(10**6, 10**7)), v.prose(ctx, 1, 2)))),
                "runningTitle": j(ctx, "runningTitle", v.short_text(ctx))}
        return req("PATCH", f"/manuscripts/api/manuscripts/{ms}", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/manuscripts/api/manuscripts/{ms}/authors/{seg(ctx, 'orcid', _orcid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))


# ==========================================================================
# 11. Sign-in plumbing: SAML POST and redirect bindings, WebAuthn ceremonies
# ==========================================================================


def _saml_response(ctx: Ctx, sp: str, idp: str) -> str:
    first, last = v.person_name(ctx)
    xml = (f'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{v.hex_token(ctx, 40)}" '
           f'Version="2.0" IssueInstant="{v.iso_datetime(ctx)}" Destination="{sp}/federation/saml/acs" InResponseTo="_{v.hex_token(ctx, 32)}">'
           f'<saml:Issuer>{idp}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
           f'<saml:Assertion ID="_{v.hex_token(ctx, 40)}" Version="2.0" IssueInstant="{v.iso_datetime(ctx)}"><saml:Issuer>{idp}</saml:Issuer>'
           f'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
           f"<ds:Reference><ds:DigestValue>{base64.b64encode(ctx.rng.randbytes(32)).decode()}</ds:DigestValue></ds:Reference></ds:SignedInfo>"
           f"<ds:SignatureValue>{base64.b64encode(ctx.rng.randbytes(ctx.pick((128, 256)))).decode()}</ds:SignatureValue></ds:Signature>"
           f'<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{enc_xml(ctx.fake.email())}</saml:NameID></saml:Subject>'
           f'<saml:AttributeStatement><saml:Attribute Name="displayName"><saml:AttributeValue>{enc_xml(first + " " + last)}</saml:AttributeValue></saml:Attribute>'
           f'<saml:Attribute Name="groups"><saml:AttributeValue>{enc_xml(ctx.pick(("R&D", "Sales & Marketing", "staff", "it-admins")))}</saml:AttributeValue></saml:Attribute>'
           "</saml:AttributeStatement></saml:Assertion></samlp:Response>")
    return base64.b64encode(xml.encode()).decode()


def _authn_request(ctx: Ctx, sp: str, idp: str) -> str:
    xml = (f'<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_{v.hex_token(ctx, 32)}" Version="2.0" IssueInstant="{v.iso_datetime(ctx)}" '
           f'Destination="{idp}/sso" AssertionConsumerServiceURL="{sp}/federation/saml/acs" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">'
           f'<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">{sp}/federation/saml/metadata</saml:Issuer></samlp:AuthnRequest>')
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(comp.compress(xml.encode()) + comp.flush()).decode()


def _client_data(ctx: Ctx, kind: str, origin: str) -> str:
    return v.b64url(json.dumps({"type": kind, "challenge": v.b64url(ctx.rng.randbytes(32)), "origin": origin, "crossOrigin": False}, separators=(",", ":")).encode())


@template("train", ("/federation/",), weight=1.2)
def sso_federation(ctx: Ctx) -> Request:
    """SSO plumbing: SAML HTTP-POST and redirect bindings with RelayState, WebAuthn registration/assertion JSON, passkey management, metadata."""
    kind = ctx.pick(("acs", "acs", "discover", "discover", "redirect", "reg_options", "reg_finish", "assert", "assert", "rename", "metadata", "preflight", "revoke"))
    sp, idp = v.site(ctx), f"https://{ctx.pick(('login.', 'sso.', 'idp.', 'adfs.'))}{ctx.en.domain_name()}"
    if kind == "acs":
        pairs = [("SAMLResponse", _saml_response(ctx, sp, idp)), ("RelayState", ctx.pick((v.app_path(ctx), sp + v.app_path(ctx), v.b64url(ctx.rng.randbytes(16)))))]
        # a cross-site POST from the IdP: SameSite=Lax session cookies are not sent
        return req("POST", "/federation/saml/acs", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=idp, referer=idp + "/", cookies=False),
                   body=form(ctx, pairs, fixed=("SAMLResponse",)))
    if kind == "discover":  # identifier-first sign-in: the e-mail domain picks the identity provider
        first, last = v.person_name(ctx)
        pairs = [("_csrf", v.alnum_token(ctx, 32)), ("identifier", ctx.pick((ctx.fake.email(), f"{_latin(first).lower()}.{_latin(last).lower().replace(' ', '')}@{ctx.en.domain_name()}", ctx.fake.user_name()))),
                 ("remember-me", ctx.pick(("on", "off"))), ("return_to", ctx.pick((v.app_path(ctx), sp + v.app_path(ctx))))]
        if ctx.chance(0.3):
            pairs.append(("org", ctx.pick((_company(ctx), ctx.en.domain_word()))))
        return req("POST", "/federation/discover", _nav_form(ctx, "/federation/login"), body=form(ctx, pairs, fixed=("_csrf",)))
    if kind == "redirect":
        q = (f"SAMLRequest={ctx.qenc(_authn_request(ctx, sp, idp))}&RelayState={ctx.qenc(ctx.slot('query', 'RelayState', ctx.pick((v.app_path(ctx), sp + v.app_path(ctx)))))}"
             f"&SigAlg={ctx.qenc('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}&Signature={ctx.qenc(base64.b64encode(ctx.rng.randbytes(128)).decode())}")
        if ctx.chance(0.5):
            q += f"&login_hint={ctx.qenc(ctx.slot('query', 'login_hint', ctx.fake.email()))}"
        return req("GET", "/federation/saml/login", headers_for(ctx, "nav", referer=sp + "/login"), q)
    if kind == "reg_options":
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {"username": j(ctx, "username", ctx.pick((ctx.fake.email(), ctx.fake.user_name()))), "displayName": j(ctx, "displayName", f"{first} {last}"),
                                "authenticatorSelection": {"residentKey": ctx.pick(("required", "preferred")), "userVerification": ctx.pick(("required", "preferred"))},
                                "attestation": ctx.pick(("none", "direct"))}
        return req("POST", "/federation/webauthn/register/options", _site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "reg_finish":
        cred = v.b64url(ctx.rng.randbytes(ctx.pick((16, 32, 64))))
        body = {"id": j(ctx, "id", cred), "rawId": cred, "type": "public-key", "authenticatorAttachment": ctx.pick(("platform", "cross-platform")),
                "response": {"clientDataJSON": _client_data(ctx, "webauthn.create", sp), "attestationObject": v.b64url(ctx.rng.randbytes(ctx.rng.randint(160, 400))),
                             "transports": [j(ctx, "response.transports", t) for t in ctx.rng.sample(["internal", "hybrid", "usb", "nfc", "ble"], ctx.rng.randint(1, 2))]},
                "clientExtensionResults": {"credProps": {"rk": True}},
                "nickname": j(ctx, "nickname", ctx.pick((f"{ctx.fake.first_name()}'s iPhone", "YubiKey 5C -- work", "Pixel 8 (personal)", f"MacBook <{ctx.en.word()}>", v.short_text(ctx))))}
        return req("POST", "/federation/webauthn/register/verify", _site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "assert":
        cred = v.b64url(ctx.rng.randbytes(32))
        body = {"id": j(ctx, "id", cred), "rawId": cred, "type": "public-key",
                "response": {"clientDataJSON": _client_data(ctx, "webauthn.get", sp), "authenticatorData": v.b64url(ctx.rng.randbytes(37)),
                             "signature": v.b64url(ctx.rng.randbytes(ctx.pick((64, 70, 72, 256)))), "userHandle": j(ctx, "response.userHandle", v.b64url(ctx.rng.randbytes(16)))},
                "returnTo": j(ctx, "returnTo", v.app_path(ctx))}
        if ctx.chance(0.5):
            body["username"] = j(ctx, "username", ctx.pick((ctx.fake.email(), ctx.fake.user_name())))
        return req("POST", "/federation/webauthn/authenticate/verify", _site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "metadata":
        return req(ctx.pick(("GET", "HEAD")), "/federation/saml/metadata", headers_for(ctx, "sdk", accept="application/samlmetadata+xml, application/xml"))
    if kind == "preflight":
        return _preflight(ctx, ctx.pick(("/federation/webauthn/register/verify", "/federation/api/me/passkeys/" + v.b64url(ctx.rng.randbytes(16)))), ("POST", "PATCH", "DELETE"))
    cred_path = seg(ctx, "credential", v.b64url(ctx.rng.randbytes(16)))
    if kind == "rename":
        body = {"nickname": j(ctx, "nickname", ctx.pick((f"{ctx.fake.first_name()}'s Android", "Old key -- don't use", v.short_text(ctx))))}
        return req("PATCH", f"/federation/api/me/passkeys/{cred_path}", _site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/federation/api/me/passkeys/{cred_path}", headers_for(ctx, "xhr", auth="jwt", origin=sp))


# ==========================================================================
# 12. Crypto wallet backend: JSON-RPC with hex quantities, ENS, address book, SIWE
# ==========================================================================


def _addr(ctx: Ctx) -> str:
    h = v.hex_token(ctx, 40)
    return "0x" + ("".join(c.upper() if c.isalpha() and ctx.chance(0.5) else c for c in h) if ctx.chance(0.5) else h)


def _qty(ctx: Ctx, lo: int = 0, hi: int = 10**20) -> str:
    return hex(ctx.rng.randrange(lo, hi))


def _ens(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.en.user_name()}.eth", f"{ctx.en.word()}.{ctx.en.word()}.eth", f"{ctx.fake.first_name().lower()}{ctx.rng.randint(1, 99)}.eth", "vault.dao.eth"))


def _rpc_call(ctx: Ctx, i: int) -> dict[str, Any]:
    method = ctx.pick(("eth_getBalance", "eth_call", "eth_estimateGas", "eth_getTransactionReceipt", "eth_sendRawTransaction", "eth_blockNumber", "eth_getLogs"))
    p = f"[{i}].params"
    if method == "eth_getBalance":
        params: list[Any] = [j(ctx, p, _addr(ctx)), ctx.pick(("latest", "pending", _qty(ctx, 10**6, 3 * 10**7)))]
    elif method in ("eth_call", "eth_estimateGas"):
        data = ctx.pick(("0x70a08231", "0xa9059cbb", "0x095ea7b3", "0x18160ddd")) + "0" * 24 + _addr(ctx)[2:].lower()
        params = [{"from": j(ctx, f"{p}.from", _addr(ctx)), "to": j(ctx, f"{p}.to", _addr(ctx)), "data": j(ctx, f"{p}.data", data), "value": _qty(ctx, 0, 10**18)}, "latest"]
    elif method == "eth_getTransactionReceipt":
        params = [j(ctx, p, "0x" + v.hex_token(ctx, 64))]
    elif method == "eth_sendRawTransaction":
        params = ["0x02f8" + v.hex_token(ctx, ctx.pick((200, 240, 320)))]
    elif method == "eth_getLogs":
        params = [{"address": j(ctx, f"{p}.address", _addr(ctx)), "fromBlock": _qty(ctx, 10**6, 2 * 10**7), "toBlock": "latest",
                   "topics": ["0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", None, "0x" + "0" * 24 + _addr(ctx)[2:].lower()]}]
    else:
        params = []
    return {"jsonrpc": "2.0", "id": ctx.rng.randint(1, 99999), "method": method, "params": params}


@template("train", ("/walletd/",), weight=1.2)
def crypto_wallet(ctx: Ctx) -> Request:
    """Wallet backend: JSON-RPC single and batch calls with hex quantities, ENS lookups, address book with notes, CSV labels, Sign-In with Ethereum."""
    kind = ctx.pick(("rpc", "rpc", "batch", "ens", "contact", "labels", "memo", "siwe", "history", "delete"))
    network = ctx.pick(("mainnet", "sepolia", "base", "arbitrum", "polygon"))
    if kind == "rpc":
        return req("POST", f"/walletd/rpc/{seg(ctx, 'network', network)}", headers_for(ctx, ctx.pick(("sdk", "xhr", "mobile")), content_type="application/json", auth=ctx.pick(("apikey", None))),
                   body=dumps(ctx, _rpc_call(ctx, 0)))
    if kind == "batch":
        calls = [_rpc_call(ctx, i) for i in range(ctx.rng.randint(2, 5))]
        return req("POST", f"/walletd/rpc/{network}", headers_for(ctx, "sdk", content_type="application/json", auth="apikey"), body=dumps(ctx, calls))
    if kind == "ens":
        pairs = [("name", _ens(ctx)), ("coin", ctx.pick(("60", "0", "501"))), ("records", ctx.pick(("avatar,url,com.twitter", "description", "")))]
        return req("GET", "/walletd/api/ens/resolve", headers_for(ctx, ctx.pick(("xhr", "mobile"))), qs(ctx, pairs))
    if kind == "contact":
        body: dict[str, Any] = {"address": j(ctx, "address", _addr(ctx)), "ens": j(ctx, "ens", ctx.pick(("", _ens(ctx)))),
                                "label": j(ctx, "label", ctx.pick((v.full_name(ctx), f"{_company(ctx)} treasury", "Cold wallet #2 (Ledger)", "Mum's wallet", v.short_text(ctx)))),
                                "note": j(ctx, "note", ctx.pick(("", _note(ctx), "Only send USDC on Base -- NOT mainnet!", "Multisig 2/3; signers: " + ", ".join(ctx.fake.first_name() for _ in range(3))))),
                                "networks": ctx.rng.sample(["mainnet", "base", "arbitrum", "optimism", "polygon"], ctx.rng.randint(1, 3))}
        method = ctx.pick(("POST", "PUT"))
        path = "/walletd/api/address-book" + ("" if method == "POST" else "/" + seg(ctx, "contact", ctx.fake.uuid4()))
        return req(method, path, _site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "labels":
        rows = ["address,label,note"]
        for i in range(ctx.rng.randint(2, 6)):
            label = ctx.pick((v.full_name(ctx), ctx.en.word().capitalize() + " DAO", "exchange deposit", "airdrop -- ignore")).replace('"', "'")
            cell = ctx.slot("multipart", "csv.label", label) if i == 0 else label
            rows.append(f'{_addr(ctx)},"{cell}","{ctx.pick(("", "KYC done", "gas refunds", v.sentence(ctx).replace(chr(34), chr(39))))}"')
        return req("POST", "/walletd/api/address-book/import", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/csv", auth="jwt"), body="\n".join(rows) + "\n")
    if kind == "memo":
        body = {"memo": j(ctx, "memo", ctx.pick(("Rent for " + ctx.fake.month_name(), "Refund -- order #" + str(ctx.rng.randrange(1000, 99999)), _note(ctx), "gm 🚀"))),
                "category": ctx.pick(("income", "transfer", "swap", "gas", "nft")), "taxLot": ctx.pick((None, "FIFO", "HIFO"))}
        return req("PATCH", f"/walletd/api/transactions/{seg(ctx, 'tx', '0x' + v.hex_token(ctx, 64))}", _site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "siwe":
        domain = ctx.en.domain_name()
        statement = ctx.pick(("Sign in with Ethereum to the app.", f"I accept the {ctx.en.word().capitalize()} Terms of Service: https://{domain}/tos", v.sentence(ctx)))
        message = (f"{domain} wants you to sign in with your Ethereum account:\n{_addr(ctx)}\n\n{statement}\n\nURI: https://{domain}\nVersion: 1\n"
                   f"Chain ID: {ctx.pick((1, 8453, 42161, 137))}\nNonce: {v.alnum_token(ctx, 17)}\nIssued At: {v.iso_datetime(ctx)}")
        body = {"message": j(ctx, "message", message), "signature": "0x" + v.hex_token(ctx, 130)}
        return req("POST", "/walletd/auth/siwe/verify", _site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "history":
        pairs2: list[tuple[str, Any]] = [("address", _addr(ctx)), ("network", network), ("page", ctx.rng.randint(1, 20)), ("order", ctx.pick(("desc", "asc")))]
        pairs2 += [("direction[]", d) for d in ctx.rng.sample(["in", "out", "self"], ctx.rng.randint(0, 2))]
        if ctx.chance(0.3):
            pairs2.append(("token", ctx.pick(("USDC", "WETH", "DAI", _addr(ctx)))))
        return req(ctx.pick(("GET", "GET", "HEAD")), "/walletd/api/history", headers_for(ctx, ctx.pick(("xhr", "mobile", "sdk")), auth="jwt"), qs(ctx, pairs2))
    return req("DELETE", f"/walletd/api/address-book/{seg(ctx, 'contact', ctx.fake.uuid4())}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


SERVICES = ("insurance_claims", "tax_filing", "permit_portal", "legal_casefile", "utility_account", "airline_checkin", "freight_logistics",
            "auction_house", "family_tree", "manuscript_review", "sso_federation", "crypto_wallet")
