"""Held-out templates, group "holdout5" (set A): government, legal and compliance apps.

A court e-filing system (CM/ECF-style filings with PDF uploads, OASIS ECF 4.0 XML, docket search), a
legislative drafting tool (bill text with `§`, amendment instructions, tracked changes as `<ins>`/`<del>`
and `[bracketed]` deletions, Akoma Ntoso XML, JSON Patch reviews, GraphQL diffs), a public-records (FOIA)
request portal (request forms, exemption codes, DOJ annual-report XML), a small-business tax filing service
(IRS MeF-style XML returns, line items, 1099 CSV imports, notes to the accountant), a building-permit portal
(addresses with `1/2` and `#`, contractor licences, site plans as PDF and DXF, inspector comments), a patent
search service (boolean queries with wildcards, `NEAR/5`, `ADJ3`, CPC classes with `/` in paths), a public
procurement platform (CPV/NUTS codes, clarification Q&A, bid uploads, eForms XML, OCDS JSON) and an online
notary / e-signature witness service (identity proofing with passport MRZ lines full of `<`, document hashes,
notary journals, XML evidence records).

They are a blind evaluation set: a model trained on the "train" group never sees these apps, their parameter
names or their conventions. Their benign content is what makes a naive filter fail -- "Defendant O'Malley's
Motion", "/s/ Seán Ó Briain", "strike “shall” and insert “may”", `TI=(batter* OR accumulator?) NEAR/5 anode`,
"export the 'incidents' table WHERE type = 'noise'", "P<GBRO<CONNOR<<SEAN<<<<", "1234 1/2 O'Farrell St #B",
"=SUM(F2:F11)*1.2" -- so a score on them says whether the model learned attacks or the training apps. Every
user-controlled value goes through a slot.
"""

from __future__ import annotations

import base64
import csv
import io
import unicodedata
from typing import Any

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    Request,
    dumps,
    empty_file,
    form,
    form_headers,
    header_slot,
    j,
    json_param,
    multipart,
    preflight,
    qs,
    req,
    rid,
    seg,
    site_headers,
    template,
    user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------

_PEOPLE = ("Siobhán O'Sullivan", "D'Andre Jackson", "Seán Ó Briain", "Nguyễn Thị Lan", "Renée L'Écuyer", "José Ramón Domínguez-Peña",
           "Zoë van der Berg", "Mary-Kate O'Neill", "Łukasz Kowalczyk", "Aoife Ní Dhomhnaill", "Patrick D'Arcy", "Björn Ødegård",
           "Anne-Marie St. John", "Conor McGillicuddy-O'Hare", "Françoise D'Aubigné", "Müller, Hans-Jürgen")
_FIRMS = ("O'Melveny & Myers LLP", "D'Angelo Holdings, LLC", "McCarthy, O'Hara & Associates, P.C.", "Baker & Sons Construction, Inc.",
          "Kowalski-Nguyen Partners LLP", "L'Oréal USA, Inc.", "Johnson & Johnson Services, Inc.", "O'Reilly Auto Parts #1123",
          "St. Mary's Hospital Foundation", "AT&T Mobility LLC", "Dunkin' Brands Group, Inc.", "Müller & Söhne GmbH")


def _person(ctx: Ctx) -> str:
    """A person's name as clerks and clients type it: Faker's, often with apostrophes, diacritics or hyphens."""
    return ctx.pick(_PEOPLE) if ctx.chance(0.3) else v.full_name(ctx)


def _party(ctx: Ctx) -> str:
    """A party: a person or an organisation (with `&`, commas and apostrophes)."""
    return ctx.pick(_FIRMS) if ctx.chance(0.3) else (ctx.fake.company() if ctx.chance(0.2) else _person(ctx))


def _x(ctx: Ctx, name: str, value: Any) -> str:
    """An XML text value that may carry a payload, escaped as the sender's XML writer does."""
    return enc_xml(str(ctx.slot("xml", name, value)))


def _csv(rows: list[list[Any]]) -> str:
    """CSV as spreadsheets export it: cells with commas, quotes or newlines quoted, quotes doubled."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _pdf(ctx: Ctx, title: str) -> str:
    """A small PDF as an upload carries it (text objects only, so the body stays UTF-8)."""
    safe = title.replace("\\", "").replace("(", "[").replace(")", "]")
    created = f"{ctx.rng.randint(2023, 2026)}0{ctx.rng.randint(1, 9)}1{ctx.rng.randint(0, 9)}093012"
    return (f"%PDF-1.{ctx.pick(('4', '6', '7'))}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
            f"4 0 obj << /Title ({safe}) /Producer (Microsoft Word for Microsoft 365) /CreationDate (D:{created}) >> endobj\n"
            f"trailer << /Root 1 0 R /Info 4 0 R /ID [<{v.hex_token(ctx, 32)}> <{v.hex_token(ctx, 32)}>] >>\n%%EOF\n")


def _sha256(ctx: Ctx) -> str:
    return v.hex_token(ctx, 64)


def _b64(ctx: Ctx, n: int) -> str:
    return base64.b64encode(ctx.rng.randbytes(n)).decode("ascii")


def _unit(ctx: Ctx) -> str:
    """An address's unit part, full of `#` and `/`."""
    return ctx.pick((f"Apt #{ctx.rng.randint(1, 40)}{ctx.pick('ABCD')}", f"Suite {ctx.rng.randint(100, 1900)}",
                     f"Unit {ctx.rng.randint(1, 12)}/{ctx.rng.randint(1, 4)}",
                     f"#{ctx.rng.randint(2, 900)}", f"c/o {ctx.fake.company()}", "", "", f"Fl. {ctx.rng.randint(2, 30)}"))


def _us_date(ctx: Ctx) -> str:
    d = v.when(ctx)
    return f"{d.month}/{d.day}/{d.year}"


# --------------------------------------------------------------------------
# Court e-filing: filings with PDF uploads, ECF 4.0 XML from law-firm software, dockets, service lists
# --------------------------------------------------------------------------

_JUDGES = ("JLR", "PKC", "KBJ", "LTS", "RS", "VC", "AT", "JMF")
_DOC_TITLES = (
    "{p}'s Motion to Dismiss Pursuant to Fed. R. Civ. P. 12(b)(6)",
    "{p}'s Opposition to Motion for Summary Judgment",
    "Memorandum of Law in Support of {p}'s Motion to Compel Production (RFP Nos. 4-7, 12)",
    "Declaration of {n} in Support of Motion for Temporary Restraining Order",
    "Stipulated Protective Order -- Confidential & Attorneys' Eyes Only",
    "Notice of Appearance of {n} on behalf of {p}",
    "Reply in Support of Motion to Dismiss re: 42 U.S.C. § 1983 Claims (Counts I-III)",
    "Joint Status Report pursuant to the Court's Order of {d} (Dkt. No. {k})",
    "Exhibit A -- E-mail chain dated {d} (\"RE: drop the select-vendor clause\")",
    "[Proposed] Order Granting {p}'s Ex Parte Application to Continue Trial Date",
    "Petition for Dissolution of Marriage (with minor children)",
    "Objection to Magistrate Judge's Report & Recommendation [Dkt. {k}]",
    "Motion in Limine No. 3 to Exclude Testimony of {n} under FRE 702",
    "Plaintiff's Response to Defendant's First Set of Interrogatories (Nos. 1-25)",
)
_DOCKET_TERMS = ('"motion to compel" AND deposition', "summary judgment", "protective order", "O'Brien", "select* vendor", "union AND arbitration",
                 '"temporary restraining order"', "§ 1983", "Rule 12(b)(6)", "sanctions -- Rule 11", "D'Angelo", "default judgment")


def _case_number(ctx: Ctx) -> str:
    """A case number in the court's own format: federal (2:24-cv-01873-JLR), state, or a county's compact one."""
    r, yy = ctx.rng.random(), ctx.rng.randint(19, 25)
    if r < 0.5:
        judge = ctx.pick(("", "", f"-{ctx.pick(_JUDGES)}"))
        return f"{ctx.rng.randint(1, 5)}:{yy}-{ctx.pick(('cv', 'cv', 'cr', 'bk', 'mc'))}-{ctx.rng.randint(1, 9999):05d}{judge}"
    if r < 0.75:
        return f"{ctx.pick(('CV', 'CR', 'DR', 'PR', 'SC'))}-20{yy}-{ctx.rng.randint(1, 99999):06d}"
    return f"{yy}{ctx.pick(('STCV', 'SMCV', 'CHDR', 'NWPR'))}{ctx.rng.randint(10000, 99999)}"


def _caption(ctx: Ctx) -> str:
    a, b = _party(ctx), _party(ctx)
    return ctx.pick((f"{a} v. {b}", f"{a} v. {b}, et al.", f"In re: Marriage of {a.split()[-1]} and {b.split()[-1]}", f"In re: Estate of {a}, Deceased",
                     f"United States ex rel. {a} v. {b}", f"State of {ctx.pick(('Ohio', 'New York', 'Texas', 'Washington'))} v. {a}",
                     f"{a}, individually and on behalf of all others similarly situated v. {b}"))


def _doc_title(ctx: Ctx, party: str) -> str:
    return ctx.pick(_DOC_TITLES).format(p=party, n=_person(ctx), d=_us_date(ctx), k=ctx.rng.randint(4, 260))


def _certificate_of_service(ctx: Ctx) -> str:
    signer = _person(ctx)
    return ctx.pick((
        (f"I hereby certify that on {_us_date(ctx)}, I electronically filed the foregoing with the Clerk of Court using the CM/ECF system, "
        f"which will send notification of such filing to all counsel of record.\n\n/s/ {signer}"),
        (f"I certify that a true copy was served by first-class mail on {_person(ctx)}, pro se, at {ctx.fake.street_address()} {_unit(ctx)}, "
        f"{ctx.fake.city()} -- and by e-mail to {ctx.fake.email()}.\n/s/ {signer}"),
        f"Served via the Court's e-service on all parties on the attached service list (Exhibit 1). -- /s/ {signer}, Bar No. {ctx.rng.randint(100000, 399999)}",
        "",
    ))


def _ecf_filing(ctx: Ctx, case_no: str) -> str:
    """An OASIS LegalXML ECF 4.0 ReviewFiling request as a firm's filing software sends it."""
    first, last = v.person_name(ctx)
    comments = ctx.pick(("", "Lead document is text-searchable (OCR'd); exhibits 1-4 filed under seal per Dkt. 57.",
                         "Please link to docket entry #112 -- Opposition to Plaintiff's Motion for Leave (\"Motion\")", v.prose(ctx, 1, 2, trap_rate=0.3)))
    role = ctx.pick(("PLAINTIFF", "DEFENDANT", "PETITIONER", "RESPONDENT"))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<CoreFilingMessage xmlns="urn:oasis:names:tc:legalxml-courtfiling:schema:xsd:CoreFilingMessage-4.0" '
            'xmlns:nc="http://niem.gov/niem/niem-core/2.0" xmlns:j="http://niem.gov/niem/domains/jxdm/4.0" '
            'xmlns:ecf="urn:oasis:names:tc:legalxml-courtfiling:schema:xsd:CommonTypes-4.0">\n'
            f"  <nc:DocumentIdentification><nc:IdentificationID>{ctx.fake.uuid4()}</nc:IdentificationID></nc:DocumentIdentification>\n"
            f"  <nc:DocumentPostDate><nc:DateTime>{v.iso_datetime(ctx)}</nc:DateTime></nc:DocumentPostDate>\n"
            "  <nc:Case>\n"
            f"    <nc:CaseTitleText>{_x(ctx, 'CaseTitleText', _caption(ctx))}</nc:CaseTitleText>\n"
            f"    <nc:CaseCategoryText>{ctx.pick(('civil', 'criminal', 'family', 'probate'))}</nc:CaseCategoryText>\n"
            f"    <nc:CaseTrackingID>{enc_xml(case_no)}</nc:CaseTrackingID>\n"
            "    <ecf:CaseAugmentation>\n      <ecf:CaseParticipant>\n        <ecf:EntityPerson>\n"
            f"          <nc:PersonName><nc:PersonGivenName>{_x(ctx, 'PersonGivenName', first)}</nc:PersonGivenName>"
            f"<nc:PersonSurName>{_x(ctx, 'PersonSurName', last)}</nc:PersonSurName></nc:PersonName>\n"
            f"        </ecf:EntityPerson>\n        <ecf:CaseParticipantRoleCode>{role}</ecf:CaseParticipantRoleCode>\n      </ecf:CaseParticipant>\n"
            "    </ecf:CaseAugmentation>\n  </nc:Case>\n"
            '  <FilingLeadDocument s:id="Doc1" xmlns:s="http://niem.gov/niem/structures/2.0">\n'
            f"    <nc:DocumentDescriptionText>{_x(ctx, 'DocumentDescriptionText', _doc_title(ctx, f'{first} {last}'))}</nc:DocumentDescriptionText>\n"
            f"    <nc:DocumentFileControlID>{ctx.rng.randrange(10**9, 10**10)}</nc:DocumentFileControlID>\n"
            f"    <ecf:FilingCommentsText>{_x(ctx, 'FilingCommentsText', comments)}</ecf:FilingCommentsText>\n"
            "    <ecf:DocumentRendition><ecf:DocumentRenditionMetadata><nc:BinaryLocationURI>cid:lead-document.pdf</nc:BinaryLocationURI>"
            "<nc:BinaryFormatStandardName>application/pdf</nc:BinaryFormatStandardName></ecf:DocumentRenditionMetadata></ecf:DocumentRendition>\n"
            "  </FilingLeadDocument>\n</CoreFilingMessage>\n")


@template("holdout5", ("/courtefile/",))
def court_efiling(ctx: Ctx) -> Request:
    """Court e-filing: filings (multipart, PDF), ECF 4.0 XML from firm software, docket search and docket API, service lists, drafts."""
    kind = ctx.pick(("file", "file", "docket", "ecf", "service", "misc"))
    case_no = _case_number(ctx)
    if kind == "file":
        filer = _party(ctx)
        fields: list[tuple[str, Any]] = [
            ("case_number", case_no), ("filer_role", ctx.pick(("plaintiff", "defendant", "petitioner", "respondent", "intervenor", "amicus curiae"))),
            ("event_code", ctx.pick(("MTD", "MSJ", "OPP", "RPLY", "NOA", "DECL", "STIP", "EXH", "PROP_ORD", "MIL"))),
            ("document_title", _doc_title(ctx, filer)), ("filing_party", filer), ("certificate_of_service", _certificate_of_service(ctx)),
            ("relates_to_entry", ctx.pick(("", str(ctx.rng.randint(1, 240))))), ("restricted", ctx.pick(("none", "none", "sealed", "ex_parte"))),
        ]
        files = [("lead_document", ctx.pick(("Motion.pdf", f"{ctx.fake.last_name()}_Decl.pdf", "2024-03-14 Opp to MSJ (FINAL).pdf")), "application/pdf",
                  _pdf(ctx, "Lead document"))]
        if ctx.chance(0.4):
            files.append(("attachments", ctx.pick(("Exhibit_A.pdf", "Ex. 1 - Contract.pdf", "Proposed Order.pdf")), "application/pdf", _pdf(ctx, "Exhibit")))
        ctype, body = multipart(ctx, fields, files)
        return req("POST", "/courtefile/filings", form_headers(ctx, "/courtefile/filings/new", ctype), body=body)
    if kind == "docket":
        if ctx.chance(0.55):
            pairs: list[tuple[str, Any]] = [("caseNumber", ctx.pick(("", case_no))), ("partyName", ctx.pick(("", _party(ctx), "O'Brien", "D'Angelo Holdings"))),
                                            ("docText", ctx.pick(_DOCKET_TERMS)), ("filedFrom", v.iso_date(ctx)), ("filedTo", v.iso_date(ctx)),
                                            ("natureOfSuit", ctx.pick(("", "440", "190", "830", "550"))), ("court", ctx.pick(("cand", "nysd", "ilnd", "wawd")))]
            return req("GET", "/courtefile/docket/search", headers_for(ctx, "nav", referer=v.site(ctx) + "/courtefile/docket", cookies=True),
                       qs(ctx, pairs, fixed=("court",)))
        path = f"/courtefile/api/cases/{seg(ctx, 'case', case_no)}/docket-entries"
        return req(ctx.pick(("GET", "GET", "HEAD")), path, headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"),
                   qs(ctx, [("since", v.iso_datetime(ctx)), ("include", ctx.pick(("documents", "documents,parties", ""))), ("per_page", ctx.pick((25, 100)))],
                      fixed=("per_page",)))
    if kind == "ecf":
        extra = (("X-ECF-Filer-Id", header_slot(ctx, "X-ECF-Filer-Id", ctx.pick((f"bar-{ctx.rng.randint(100000, 399999)}", ctx.fake.user_name())))),)
        return req("POST", "/courtefile/ecf/v4/ReviewFiling", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")),
                                                                           auth=ctx.pick(("basic", "apikey")), extra=extra), body=_ecf_filing(ctx, case_no))
    if kind == "service":
        contacts = [{"name": j(ctx, f"serviceContacts[{i}].name", _person(ctx)), "email": j(ctx, f"serviceContacts[{i}].email", ctx.fake.email()),
                     "firm": j(ctx, f"serviceContacts[{i}].firm", ctx.pick(_FIRMS)), "represents": ctx.pick(("plaintiff", "defendant", "pro se")),
                     "address": j(ctx, f"serviceContacts[{i}].address",
                                  f"{ctx.fake.street_address()} {_unit(ctx)}".strip())} for i in range(ctx.rng.randint(1, 3))]
        body2 = {"serviceContacts": contacts, "serviceMethod": ctx.pick(("e-service", "e-service", "mail")), "note": j(ctx, "note", ctx.pick((
            "", "Substituting counsel -- please remove Mr. D'Arcy from the list", "Add co-counsel per Notice of Association (Dkt. 88)", v.sentence(ctx))))}
        return req("PATCH", f"/courtefile/api/cases/{seg(ctx, 'case', case_no)}/service-list",
                   headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=v.site(ctx), extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)),
                   body=dumps(ctx, body2))
    r = ctx.rng.random()
    if r < 0.4:
        return req("DELETE", f"/courtefile/api/envelopes/{seg(ctx, 'envelope', f'ENV-{ctx.rng.randrange(10**7, 10**8)}')}", headers_for(ctx, "xhr", auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("wrong case number", "duplicate", "replaced by corrected filing", "")))]))
    if r < 0.7:
        return req(ctx.pick(("GET", "HEAD")), f"/courtefile/documents/{seg(ctx, 'document', f'{ctx.rng.randrange(10**10, 10**11)}')}.pdf",
                   headers_for(ctx, "nav", accept="application/pdf,*/*", cookies=True),
                   qs(ctx, [("caseid", ctx.rng.randint(10000, 999999)), ("de_seq_num", ctx.rng.randint(1, 400))]))
    return preflight(ctx, "/courtefile/api/envelopes", ("POST", "DELETE", "PATCH"), ("authorization,content-type", "authorization,content-type,if-match"))


# --------------------------------------------------------------------------
# Legislative drafting: sections with §, amendment instructions, tracked changes, Akoma Ntoso, diffs
# --------------------------------------------------------------------------

_ACTS = (("Clean Air Act", "42 U.S.C. 7411"), ("Internal Revenue Code of 1986", "26 U.S.C. 45"), ("Fair Labor Standards Act of 1938", "29 U.S.C. 207"),
         ("Social Security Act", "42 U.S.C. 1395w-4"), ("Higher Education Act of 1965", "20 U.S.C. 1087e"),
         ("Federal Water Pollution Control Act", "33 U.S.C. 1342"),
         ("National Labor Relations Act", "29 U.S.C. 158"), ("Freedom of Information Act", "5 U.S.C. 552"))
_SWAPS = (("shall", "may"), ("thirty", "sixty"), ("2026", "2027"), ("or", "and"), ("$500,000", "$750,000"), ("Secretary", "Administrator"),
          ("90 days", "180 days"), ("any person", "any covered entity"))


def _subsection_ref(ctx: Ctx) -> str:
    return f"{ctx.rng.randint(1, 520)}({ctx.pick('abcdef')})({ctx.rng.randint(1, 9)})" + ctx.pick(("", f"({ctx.pick('ABCD')})"))


def _bill_text(ctx: Ctx) -> str:
    """A section of bill text as drafters write it: `§`, curly quotes, em dashes, nested paragraphs, U.S.C. cites."""
    act, cite = ctx.pick(_ACTS)
    old, new = ctx.pick(_SWAPS)
    n, title, sec = ctx.rng.randint(2, 40), ctx.rng.randint(1, 50), ctx.rng.randint(101, 999)
    return ctx.pick((
        (f"SEC. {n}. AMENDMENTS TO THE {act.upper()}.\n(a) In General.—Section {_subsection_ref(ctx)} of the {act} ({cite}) is amended—\n"
        f"  (1) in subparagraph (A), by striking “{old}” and inserting “{new}”;\n  (2) in subparagraph (B), by striking “or” at the end; and\n"
        "  (3) by adding at the end the following:\n    “(C) any union or association of employees that elects to participate under this section.”."),
        (f"§ {title}-{sec}. Definitions.\nAs used in this chapter: (1) “Select committee” means the joint select committee established under § "
        f"{title}-{sec + 1}. "
        "(2) “Record” includes any data stored in a database, table, or spreadsheet, regardless of physical form or characteristics."),
        (f"Section 1. Section {title}-{ctx.rng.randint(1, 9)}-{sec}, {ctx.fake.state() if ctx.locale == 'en_US' else 'Wyoming'} Statutes, is amended to read:\n"
        "(a) Not less than [thirty (30)] sixty (60) days before the hearing, the commission shall publish notice in a newspaper of general "
        "circulation [; and] ."),
        (f"SEC. {n}. PROHIBITION ON USE OF FUNDS.\nNotwithstanding any other provision of law, none of the funds made available by this Act may be used to "
        "delete, drop, "
        "or otherwise destroy records subject to chapter 31 of title 44, United States Code (commonly known as the “Federal Records Act”), before the date "
        "that is 3 years after..."),
        (f"(b) Effective Date.—The amendments made by subsection (a) shall take effect on {_us_date(ctx)} and shall apply to taxable years beginning after "
        "December 31, "
        f"{ctx.rng.randint(2024, 2027)}."),
        (f"§ {n}. Short title.\nThis Act may be cited as the “{ctx.fake.last_name()}-{ctx.fake.last_name()} "
        f"{ctx.pick(('Fair Pay', 'Clean Water', 'Open Records', 'Rural Broadband'))} Act of {ctx.rng.randint(2024, 2026)}”."),
        (f"(c) Rule of Construction.—Nothing in this section shall be construed to require the Secretary to select, update, or insert any data element "
        f"into the system described in section {_subsection_ref(ctx)} where the data element would identify a person (as defined in § "
        f"{ctx.rng.randint(1, 99)}.{ctx.rng.randint(1, 30)}(b))."),
    ))


def _amendment_instruction(ctx: Ctx) -> str:
    old, new = ctx.pick(_SWAPS)
    p, line = ctx.rng.randint(1, 120), ctx.rng.randint(1, 25)
    return ctx.pick((
        f"On page {p}, line {line}, strike “{old}” and insert “{new}”.",
        (f"Beginning on page {p}, line {line}, strike all through page {p + ctx.rng.randint(1, 9)}, line {ctx.rng.randint(1, 25)}, and insert the following:\n"
        f"“{_bill_text(ctx)}”"),
        f"Page {p}, after line {line}, insert the following new paragraph: “(4) the term ‘covered record’ does not include a draft or a note;”.",
        f"At the end of title {ctx.pick(('I', 'II', 'IV', 'VII'))}, add the following:\n{_bill_text(ctx)}",
        f"Strike section {ctx.rng.randint(2, 30)} and redesignate sections {ctx.rng.randint(31, 40)} through {ctx.rng.randint(41, 60)} accordingly.",
    ))


def _tracked_markup(ctx: Ctx) -> str:
    """The editor's HTML for a paragraph with tracked changes: `<del>`/`<ins>` with authors, or strike/underline styles."""
    old, new = ctx.pick(_SWAPS)
    author = ctx.fake.user_name()
    ts = v.iso_datetime(ctx)
    return ctx.pick((
        (f'<p class="subsection">(a) Not later than <del data-author="{author}" data-ts="{ts}">{old}</del><ins data-author="{author}" '
        f'data-ts="{ts}">{new}</ins> '
        "after the date of enactment of this Act, the Secretary shall submit a report.</p>"),
        f'<p>Section {_subsection_ref(ctx)} is amended by striking <span class="strike">“{old}”</span> and inserting <u class="insert">“{new}”</u>.</p>',
        (f'<p class="paragraph">(2) <ins data-author="{author}">notwithstanding § {ctx.rng.randint(1, 99)}-{ctx.rng.randint(100, 999)},</ins> the board '
        '<del>shall</del><ins>may</ins> '
        "select from among the applicants -- <em>including any union</em> -- the one that best meets the criteria.</p>"),
        (f"<p>(b) [{old.upper()}] {new.upper()} days after notice &mdash; see <a "
        f"href=\"https://www.congress.gov/bill/118th-congress/house-bill/{ctx.rng.randint(1, 9999)}\">H.R. text</a>.</p>"),
    ))


_GQL_COMPARE = ("query CompareVersions($billId: ID!, $from: String!, $to: String!, $granularity: DiffGranularity = WORD) {\n"
                "  bill(id: $billId) {\n    number\n    officialTitle\n    diff(from: $from, to: $to, granularity: $granularity) {\n"
                "      sectionNum\n      changes { kind before after author acceptedAt }\n    }\n  }\n}")


def _akoma_ntoso(ctx: Ctx, bill: str) -> str:
    """A bill section as Akoma Ntoso 3.0, with the tracked change inline as `<del>`/`<ins>`."""
    old, new = ctx.pick(_SWAPS)
    n = ctx.rng.randint(1, 40)
    year = ctx.rng.randint(2023, 2026)
    long_title = _x(ctx, "longTitle", ctx.pick((f"To amend the Clean Air Act to {ctx.en.bs()}, and for other purposes.", ctx.en.catch_phrase())))
    heading = _x(ctx, "heading", ctx.pick(("Definitions", "Prohibition on use of funds", "Select Committee on Records", ctx.en.catch_phrase())))
    content = _x(ctx, "content", _bill_text(ctx))
    note = _x(ctx, "authorialNote", ctx.pick(("", "Drafter: check cross-ref to § 4(b) after renumbering", v.sentence(ctx))))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n'
            f'  <bill name="{bill.lower()}">\n    <meta>\n      <identification source="#drafter">\n        <FRBRWork>\n'
            f'          <FRBRthis value="/akn/us/bill/{year}/{bill.lower()}/!main"/>\n          <FRBRuri value="/akn/us/bill/{year}/{bill.lower()}"/>\n'
            f'          <FRBRdate date="{v.iso_date(ctx)}" name="draft"/>\n          <FRBRauthor href="#{ctx.fake.user_name()}"/>\n'
            '          <FRBRcountry value="us"/>\n'
            "        </FRBRWork>\n      </identification>\n    </meta>\n"
            f"    <preface><longTitle><p>{long_title}</p></longTitle></preface>\n"
            f'    <body>\n      <section eId="sec_{n}">\n        <num>§ {n}.</num>\n        <heading>{heading}</heading>\n'
            f'        <subsection eId="sec_{n}__subsec_a">\n          <num>(a)</num>\n'
            f"          <content><p>{content} <del>{old}</del><ins>{new}</ins></p></content>\n        </subsection>\n"
            f'        <authorialNote marker="*"><p>{note}</p></authorialNote>\n'
            "      </section>\n    </body>\n  </bill>\n</akomaNtoso>\n")


def _bill_number(ctx: Ctx) -> str:
    return ctx.pick(("HR", "S", "HB", "SB", "HJRES")) + str(ctx.rng.randint(1, 9999))


@template("holdout5", ("/billdraft/",))
def legislative_drafting(ctx: Ctx) -> Request:
    """Bill drafting: section edits (JSON + If-Match), amendments with tracked-change markup, JSON Patch reviews, Akoma Ntoso XML,
    plain-text imports, bill-text search, GraphQL version diffs, staff comments (form)."""
    kind = ctx.pick(("section", "amend", "review", "akn", "import", "search", "compare", "comment"))
    bill = _bill_number(ctx)
    if kind == "section":
        body: dict[str, Any] = {"heading": j(ctx, "heading",
                                             ctx.pick(("Definitions", "Effective date", "Authorization of appropriations", "Rule of construction"))),
                                "text": j(ctx, "text", _bill_text(ctx)),
                                "marginNote": j(ctx, "marginNote", ctx.pick(("", "LC: conform to § 3(b)?", v.sentence(ctx)))),
                                "trackChanges": True, "revision": ctx.rng.randint(2, 80)}
        path = f"/billdraft/api/bills/{bill}/sections/{seg(ctx, 'section', ctx.pick(('sec-2', 'sec-4a', 'title-I/sec-101', f'sec-{ctx.rng.randint(1, 40)}')))}"
        return req("PUT", path, site_headers(ctx, "xhr", "application/json", "jwt", extra=(("If-Match", f'W/"rev-{ctx.rng.randint(1, 80)}"'),)),
                   body=dumps(ctx, body))
    if kind == "amend":
        body = {"billId": bill, "amendmentNumber": f"{ctx.pick(('SA', 'HA', 'Amdt.'))} {ctx.rng.randint(1, 900)}",
                "instruction": j(ctx, "instruction", _amendment_instruction(ctx)),
                "markup": j(ctx, "markup", _tracked_markup(ctx)), "sponsor": j(ctx, "sponsor", f"{ctx.pick(('Sen.', 'Rep.', 'Del.'))} {_person(ctx)}"),
                "explanatoryStatement": j(ctx, "explanatoryStatement",
                                          ctx.pick(("", "Technical correction: the cross-reference to § 7411 should read § 7412.", v.prose(ctx, 1, 2)))),
                "amends": {"type": ctx.pick(("bill", "amendment")), "version": ctx.pick(("ih", "rh", "eh", "rs"))}}
        return req("POST", f"/billdraft/api/bills/{bill}/amendments", site_headers(ctx, ctx.pick(("xhr", "xhr", "sdk")), "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "review":
        if ctx.chance(0.2):
            return preflight(ctx, f"/billdraft/api/bills/{bill}/changes", ("PATCH", "PUT"),
                             ("authorization,content-type", "authorization,content-type,if-match"))
        k = ctx.rng.randint(1, 60)
        ops = [{"op": "replace", "path": f"/changes/{k}/status", "value": ctx.pick(("accepted", "rejected"))},
               {"op": "add", "path": f"/changes/{k}/comments/-", "value": j(ctx, "[1].value", ctx.pick((
                   "Accept -- matches the Senate text.", "Reject: “shall” must stay; OLC says “may” makes it discretionary.",
                   "Leg. counsel to redo the cross-refs after (3) is struck.",
                   v.sentence(ctx))))}]
        if ctx.chance(0.4):
            ops.append({"op": "remove", "path": f"/changes/{k + 1}"})
        return req("PATCH", f"/billdraft/api/bills/{bill}/changes", headers_for(ctx, "xhr", content_type="application/json-patch+json", auth="jwt",
                                                                               extra=(("If-Match", f'"{v.hex_token(ctx, 12)}"'),)), body=dumps(ctx, ops))
    if kind == "akn":
        return req("PUT", f"/billdraft/akn/us/bill/{seg(ctx, 'bill', bill.lower())}/main.xml",
                   headers_for(ctx, "sdk", content_type="application/akn+xml", auth="basic"),
                   body=_akoma_ntoso(ctx, bill))
    if kind == "import":
        sections = "\n\n".join([str(ctx.slot("multipart", "import.section", _bill_text(ctx)))] + [_bill_text(ctx) for _ in range(ctx.rng.randint(0, 3))])
        congress = ctx.rng.randint(117, 119)
        text = (f"{congress}th CONGRESS\n{ctx.pick(('1st', '2d'))} Session\n{bill[:1]}. {ctx.pick(('R.', ''))} {bill.lstrip('HRSJB')}\n\n"
                f"To amend the {ctx.pick(_ACTS)[0]} to {ctx.en.bs()}, and for other purposes.\n\n"
                "Be it enacted by the Senate and House of Representatives of the United States of America in Congress assembled,\n\n" + sections + "\n")
        return req("POST", "/billdraft/api/import/plaintext", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/plain; charset=utf-8", auth="jwt"),
                   qs(ctx, [("congress", congress), ("chamber", ctx.pick(("house", "senate"))), ("split", "sections")],
                      fixed=("congress", "chamber", "split")), body=text)
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick(('"§ 1983" AND immunity', '"notwithstanding any other provision of law"', 'strike "shall" insert "may"',
                                                        'cite:"42 U.S.C. 7411"', "select committee", "union OR collective bargaining", "§ 552(b)(6)",
                                                        v.tricky_search(ctx)))),
                                        ("congress", ctx.rng.randint(110, 119)), ("type", ctx.pick(("hr", "s", "hjres", "all"))),
                                        ("version", ctx.pick(("ih", "rh", "eh", "enr")))]
        pairs += [("status[]", s) for s in ctx.rng.sample(["introduced", "committee", "passed-house", "enacted"], ctx.rng.randint(0, 2))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/billdraft/search", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs, fixed=("type",)))
    if kind == "compare":
        doc = {"operationName": "CompareVersions", "query": _GQL_COMPARE,
               "variables": {"billId": j(ctx, "billId", bill), "from": j(ctx, "from", ctx.pick(("ih", "draft-3", "committee-print"))),
                             "to": ctx.pick(("rh", "eh", "draft-4")),
                             "granularity": ctx.pick(("WORD", "SECTION"))}}
        return req("POST", "/billdraft/graphql", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=dumps(ctx, doc))
    if ctx.chance(0.25):
        return req("DELETE", f"/billdraft/api/comments/{seg(ctx, 'comment', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
    fields: list[tuple[str, Any]] = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))),
                                     ("comment[section_ref]", ctx.pick(("§ 2(a)", "sec. 4(b)(2)(A)", "title II", "§ 101"))),
                                     ("comment[body]", ctx.pick((f"{_amendment_instruction(ctx)} -- per {_person(ctx)}'s call this morning.",
                                                                 "Why “may” here? The Senate version uses “shall”; we'll drop it in conference anyway.",
                                                                 user_note(ctx)))),
                                     ("comment[visibility]", ctx.pick(("office", "committee", "leg_counsel")))]
    return req("POST", f"/billdraft/bills/{bill}/comments", form_headers(ctx, f"/billdraft/bills/{bill}/edit"),
               body=form(ctx, fields, fixed=("authenticity_token",)))


# --------------------------------------------------------------------------
# Public-records (FOIA) portal: requests, tracking, staff determinations, releases, reading room, annual-report XML
# --------------------------------------------------------------------------

_AGENCIES = ("EPA", "DOJ", "DHS", "DOI", "HHS", "USDA", "DOT", "NARA")
_EXEMPTIONS = ("(b)(3)", "(b)(4)", "(b)(5)", "(b)(6)", "(b)(7)(A)", "(b)(7)(C)", "(b)(7)(E)")


def _tracking_no(ctx: Ctx) -> str:
    yr = ctx.rng.randint(2022, 2026)
    return ctx.pick((f"{yr}-FOIA-{ctx.rng.randint(1, 99999):05d}",
                     f"{ctx.pick(_AGENCIES)}-{ctx.pick(('HQ', 'R5', 'OS', 'ICE'))}-{yr}-{ctx.rng.randint(1, 999999):06d}",
                     f"FOIA-{yr}-{ctx.rng.randint(100, 9999)}", f"PRR #{ctx.rng.randint(1000, 99999)}"))


def _records_sought(ctx: Ctx) -> str:
    """A description of the records sought, as requesters (journalists, lawyers, residents) write it."""
    start, end = _us_date(ctx), _us_date(ctx)
    return ctx.pick((
        (f"All email correspondence between the Office of the Director and any employee of {ctx.pick(_FIRMS)} from {start} through {end} "
        "containing the terms 'drop-off', 'select vendor' or 'union contract'."),
        (f"Any records -- including but not limited to memoranda, text messages (SMS/iMessage/Signal), and calendar entries -- that reference Contract No. "
        f"{ctx.fake.bothify('HSHQDC-##-?-#####').upper()} or the vendor \"{ctx.fake.company()}\"."),
        ("A copy of the data dictionary / database schema for the computer-aided dispatch (CAD) system, plus a CSV export of the 'incidents' table "
        "WHERE incident_type = 'noise complaint' for 2023 -- no personal data needed; redact names & phone #s."),
        (f"Inspection reports, notices of violation and consent orders for the facility at {ctx.fake.street_address()}, {ctx.fake.city()} (permit # "
        f"{ctx.fake.bothify('??#######').upper()}), {start} to present."),
        (f"My own file: records about me ({_person(ctx)}, DOB {ctx.rng.randint(1, 12)}/{ctx.rng.randint(1, 28)}/{ctx.rng.randint(1940, 2000)}, A-number "
        f"A{ctx.rng.randrange(10**8, 10**9)}). "
        "Privacy Act request -- signed DOJ-361 attached."),
        f"Body-worn camera footage from incident #{ctx.rng.randrange(10**6, 10**7)} on {start} near {ctx.fake.street_name()} & {ctx.fake.street_name()}.",
        v.prose(ctx, 2, 4, trap_rate=0.4),
    ))


def _foia_annual_report(ctx: Ctx) -> str:
    """A section of the DOJ FOIA annual report as an agency's case-management system exports it (FOIA IEPD)."""
    agency = ctx.pick(_AGENCIES)
    rows = []
    for i in range(ctx.rng.randint(1, 4)):
        component = ctx.pick(("Office of the Secretary", "Office of Inspector General", "Region 5 -- Chicago", "Bureau of Land Management",
                              "Office of Chief Counsel"))
        statute = ctx.pick(("50 U.S.C. § 3024(i)(1)", "26 U.S.C. § 6103", "Fed. R. Crim. P. 6(e)", "41 U.S.C. § 4702", "49 U.S.C. § 114(r)"))
        if i == 0:
            component, statute = ctx.slot("xml", "OrganizationName", component), ctx.slot("xml", "ExemptionStatuteText", statute)
        rows.append(f'    <foia:ComponentData s:id="C{i + 1}">\n      <nc:OrganizationName>{enc_xml(str(component))}</nc:OrganizationName>\n'
                    f"      <foia:ProcessedRequestQuantity>{ctx.rng.randint(0, 9000)}</foia:ProcessedRequestQuantity>\n"
                    f"      <foia:ReliedUponStatute><j:StatuteDescriptionText>{enc_xml(str(statute))}</j:StatuteDescriptionText>"
                    f"<foia:ItemQuantity>{ctx.rng.randint(0, 300)}</foia:ItemQuantity></foia:ReliedUponStatute>\n    </foia:ComponentData>")
    app = ctx.pick(("FOIAXpress", "FOIAonline", "SecureRelease"))
    footnote = _x(ctx, "FootnoteText", ctx.pick(("", "Backlog up 12% -- staff shortages in Q3; see narrative.", v.sentence(ctx))))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<iepd:FoiaAnnualReport xmlns:iepd="http://leisp.usdoj.gov/niem/FoiaAnnualReport/exchange/1.03" '
            'xmlns:foia="http://leisp.usdoj.gov/niem/FoiaAnnualReport/extension/1.03" xmlns:nc="http://niem.gov/niem/niem-core/2.0" '
            'xmlns:j="http://niem.gov/niem/domains/jxdm/4.1" xmlns:s="http://niem.gov/niem/structures/2.0">\n'
            f'  <nc:DocumentApplicationName nc:applicationVersionText="1.1">{app}</nc:DocumentApplicationName>\n'
            f"  <nc:DocumentFiscalYearDate>{ctx.rng.randint(2021, 2025)}</nc:DocumentFiscalYearDate>\n"
            f"  <nc:Organization><nc:OrganizationAbbreviationText>{agency}</nc:OrganizationAbbreviationText></nc:Organization>\n"
            "  <foia:ExemptionStatuteSection>\n" + "\n".join(rows) + "\n  </foia:ExemptionStatuteSection>\n"
            f"  <foia:FootnoteText>{footnote}</foia:FootnoteText>\n"
            "</iepd:FoiaAnnualReport>\n")


@template("holdout5", ("/foiaportal/",))
def foia_records_portal(ctx: Ctx) -> Request:
    """Public records: request forms (urlencoded), status pages, staff determinations (JSON), release uploads (multipart), reading-room search
    with a JSON filter, DOJ annual-report XML, withdrawals."""
    kind = ctx.pick(("request", "request", "status", "determine", "release", "reading", "report"))
    tracking = _tracking_no(ctx)
    if kind == "request":
        fields: list[tuple[str, Any]] = [
            ("form_build_id", f"form-{v.b64url(ctx.rng.randbytes(24))}"), ("requester[name]", _person(ctx)),
            ("requester[organization]", ctx.pick(("", ctx.fake.company(), "The Daily Courier", "ACLU of " + ctx.fake.city()))),
            ("requester[email]", ctx.fake.email()), ("requester[address]", f"{ctx.fake.street_address()} {_unit(ctx)}".strip()),
            ("agency", ctx.pick(_AGENCIES)),
            ("records_description", _records_sought(ctx)), ("date_range[from]", v.iso_date(ctx)), ("date_range[to]", v.iso_date(ctx)),
            ("fee_category", ctx.pick(("media", "educational", "commercial", "other"))),
            ("fee_limit", ctx.pick(("25", "$50.00", "100", "0 -- requesting waiver"))),
            ("expedite_justification",
             ctx.pick(("", "Urgency to inform the public about actual or alleged federal government activity (28 C.F.R. § 16.5(e)(1)(ii)).",
                                                 v.prose(ctx, 1, 2)))),
            ("delivery_format", ctx.pick(("electronic", "paper", "cd-rom"))),
        ]
        return req("POST", "/foiaportal/request/new", form_headers(ctx, "/foiaportal/request/new"), body=form(ctx, fields, fixed=("form_build_id",)))
    if kind == "status":
        if ctx.chance(0.7):
            return req("GET", f"/foiaportal/requests/{seg(ctx, 'tracking', tracking)}",
                       headers_for(ctx, ctx.pick(("nav", "nav", "xhr")), cookies=ctx.chance(0.5)),
                       qs(ctx, [("email", ctx.fake.email()), ("tab", ctx.pick(("status", "correspondence", "documents")))], fixed=("tab",)))
        return req("DELETE", f"/foiaportal/api/requests/{seg(ctx, 'tracking', tracking)}", headers_for(ctx, "xhr", auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("Found the records on the agency website, thanks!", "duplicate of " + _tracking_no(ctx), "")))]))
    if kind == "determine":
        exemptions = ctx.rng.sample(_EXEMPTIONS, ctx.rng.randint(0, 3))
        body: dict[str, Any] = {
            "status": ctx.pick(("assigned", "processing", "closed_partial_grant", "closed_full_denial", "closed_full_grant")), "exemptions": exemptions,
            "determinationLetter": j(ctx, "determinationLetter", ctx.pick((
                f"Pages withheld in part pursuant to 5 U.S.C. § 552{' and '.join(exemptions) or '(b)(6)'}; names of junior staff & personal phone #s redacted.",
                ("After a search of the Office's records systems (email, shared drives, and the 'FOIA_2023' SharePoint site), no responsive records were "
                "located."),
                f"Your fee waiver request is denied; estimated fees: ${ctx.rng.randint(25, 900)}.00 (search @ $44/hr). Reply within 30 days to confirm.",
                v.prose(ctx, 1, 3, trap_rate=0.3)))),
            "internalNote": j(ctx, "internalNote",
                              ctx.pick(("", "Consult with OGC re: (b)(5) deliberative process -- draft select-committee memo", v.sentence(ctx)))),
            "assignedTo": j(ctx, "assignedTo", ctx.fake.user_name()), "dueDate": v.iso_date(ctx), "pagesReleased": ctx.rng.randint(0, 4000),
        }
        extra = (("X-Agency-Component", header_slot(ctx, "X-Agency-Component", ctx.pick(("OIG", "Region 5", "Office of the Secretary", "OGC")))),)
        return req("PATCH", f"/foiaportal/api/requests/{seg(ctx, 'tracking', tracking)}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt",
                                                                                                         origin=v.site(ctx), extra=extra),
                                                                                                         body=dumps(ctx, body))
    if kind == "release":
        log = _csv([["Bates", "Pages", "Exemption", "Justification"]] + [
            [f"{ctx.pick(_AGENCIES)}-{ctx.rng.randint(1, 9999):06d}", f"{ctx.rng.randint(1, 20)}-{ctx.rng.randint(21, 60)}", ctx.pick(_EXEMPTIONS),
             ctx.pick(("Names of non-SES employees", "Pre-decisional draft, \"for discussion only\"", "Law-enforcement techniques",
                       "Confidential commercial info (pricing)"))]
            for _ in range(ctx.rng.randint(1, 8))])
        fields = [("tracking_number", tracking), ("release_type", ctx.pick(("interim", "final"))), ("cover_note", ctx.pick((
            "Interim release #2 -- 350 pages; remaining records are with DOJ for consultation.",
            f"Final response. Appeal rights: {ctx.fake.email()} within 90 days.", v.sentence(ctx))))]
        files = [("records", f"{tracking.replace(' ', '_').replace('#', '')}_release.pdf", "application/pdf", _pdf(ctx, "Release")),
                 ("redaction_log", "redaction_log.csv", "text/csv", log)]
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", "/foiaportal/api/releases", headers_for(ctx, "xhr", content_type=ctype, auth="jwt", origin=v.site(ctx)), body=body2)
    if kind == "reading":
        if ctx.chance(0.2):
            return req("HEAD", f"/foiaportal/reading-room/files/{seg(ctx, 'file', f'{ctx.rng.randrange(10**6, 10**7)}.pdf')}", headers_for(ctx, "nav"))
        filt = {"agency": {"in": ctx.rng.sample(list(_AGENCIES), ctx.rng.randint(1, 3))},
                "text": {"contains": ctx.slot("json_query", "filter.text.contains",
                                              ctx.pick(("body camera", "O'Hare expansion", "union grievance", "select committee", "PFAS",
                                                                                             "\"drop box\" ballots", v.tricky_search(ctx))))},
                "released": {"gte": v.iso_date(ctx)}}
        q = json_param(ctx, "filter",
                       filt) + "&" + qs(ctx, [("page[size]", ctx.pick((25, 50))), ("sort", ctx.pick(("-released_at", "relevance")))], fixed=("page[size]",))
        return req("GET", "/foiaportal/api/reading-room", headers_for(ctx, ctx.pick(("xhr", "sdk")), accept="application/json"), q)
    if ctx.chance(0.15):
        return preflight(ctx, "/foiaportal/api/annual-reports", ("POST", "PUT"), ("content-type,x-api-key", "authorization,content-type"))
    return req("POST", f"/foiaportal/api/annual-reports/{ctx.rng.randint(2021, 2025)}",
               headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")),
                                                                                                   auth="apikey"), body=_foia_annual_report(ctx))


# --------------------------------------------------------------------------
# Small-business tax filing: MeF-style XML returns, line items, notes to the accountant, receipts, 1099 CSV
# --------------------------------------------------------------------------

_LINE_ITEMS = (("8", "Advertising", ("Facebook/Instagram ads -- spring promo", "Flyers @ O'Connor's Print Shop", "Google Ads (select campaigns only)")),
               ("9", "Car and truck expenses", ("6,412 business miles @ 67¢/mi", "Van fuel -- SHELL 0432; A40", "Parking & tolls (E-ZPass)")),
               ("11", "Contract labor", ("D'Angelo Design -- logo & site", "Bookkeeper (Zoë) Jan-Jun", "Drop-ship packer, 1099-NEC")),
               ("18", "Office expense", ("Canva Pro + Google Workspace", "Printer ink, paper, etc.", "QuickBooks Online (Simple Start)")),
               ("22", "Supplies", ("Flour, sugar & butter -- Costco biz", "Packaging: 1/2\" bubble wrap, boxes", "Union Square market stall supplies")),
               ("24b", "Meals (50%)", ("Lunch w/ client at O'Malley's Pub -- Q2 order", "Team dinner after the craft fair", "Coffee meetings (Starbucks x14)")),
               ("27a", "Other expenses", ("Square fees (2.6% + 10¢ per tap)", "Etsy listing & transaction fees", "Bank fees; wire to supplier in Łódź")))


def _accountant_note(ctx: Ctx) -> str:
    acct = ctx.fake.first_name()
    return ctx.pick((
        f"Hi {acct} -- the $4,200 from SELECT AUTO SALES is the van deposit, not an expense; can we take Section 179 on it?",
        "Please DROP the duplicate 1099-NEC from D'Angelo Design (they issued it twice: #1 and #2, same amount).",
        f"Home office: 180 sq ft / 1,450 sq ft total = 12.4% -- simplified method ($5/sq ft) or actual? Rent is ${ctx.rng.randint(1200, 3400)}/mo.",
        f"Q3 estimated payment (${ctx.rng.randint(400, 4000):,}) was paid 9/16 via EFTPS, confirmation #{ctx.rng.randrange(10**14, 10**15)}.",
        "Should I select 'cash' or 'accrual'? My invoices go out end of month but clients pay 30-60 days later.",
        "Is the union dues deduction still gone? I was W-2 until March, then 1099 (self-employed) -- both forms uploaded.",
        ("Receipts for Dec are in the 'Taxes 2024/Receipts' folder; the Costco ones are half personal -- delete those from the total "
        f"(~${ctx.rng.randint(80, 600)})."),
        user_note(ctx), v.prose(ctx, 1, 3, trap_rate=0.4),
    ))


def _name_control(last: str) -> str:
    letters = "".join(c for c in unicodedata.normalize("NFKD", last).upper() if "A" <= c <= "Z")
    return (letters + "XXXX")[:4]


def _schedule_c_return(ctx: Ctx, year: int) -> str:
    """A Form 1040 Schedule C return in the IRS Modernized e-File XML layout, as the prep software transmits it."""
    first, last = v.person_name(ctx)
    items = ctx.rng.sample(list(_LINE_ITEMS), ctx.rng.randint(3, 6))
    amounts = {}
    for line, label, _ in items:
        amounts[label] = ctx.rng.randint(50, 18000)
    other = [(ctx.slot("xml", "OtherExpenseDesc", ctx.pick(_LINE_ITEMS[-1][2])), ctx.rng.randint(20, 4000))] + [
        (ctx.pick(("Domain & hosting (Squarespace)", "Trade show booth -- Booth #B-12", "Professional liability insurance")), ctx.rng.randint(20, 4000))
        for _ in range(ctx.rng.randint(0, 3))]
    tags = {"Advertising": "AdvertisingAmt", "Car and truck expenses": "CarAndTruckExpensesAmt", "Contract labor": "ContractLaborAmt",
            "Office expense": "OfficeExpenseAmt",
            "Supplies": "SuppliesAmt", "Meals (50%)": "MealsAndEntertainmentAmt", "Other expenses": "TotalOtherExpensesAmt"}
    lines = "".join(f"      <{tags[label]}>{amounts[label]}</{tags[label]}>\n" for _, label, _ in items)
    others = "".join("      "
                     f"<OtherExpensesGrp><OtherExpenseDesc>{enc_xml(str(d))}</OtherExpenseDesc><OtherExpenseAmt>{a}</OtherExpenseAmt></OtherExpensesGrp>\n"
                     for d, a in other)
    receipts = ctx.rng.randint(20000, 400000)
    total = sum(amounts.values())
    filer, street = _x(ctx, "NameLine1Txt", f"{first} {last}".upper()), _x(ctx, "AddressLine1Txt", ctx.en.street_address().upper())
    activity = ctx.pick(("311800", "541430", "812111", "453220", "722513"))
    business = _x(ctx, "BusinessNameLine1Txt", ctx.pick((f"{last} & Daughters Bakery", f"{last.upper()} DESIGN STUDIO", ctx.fake.company())))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Return xmlns="http://www.irs.gov/efile" xmlns:efile="http://www.irs.gov/efile" '
            f'returnVersion="{year}v5.0">\n  <ReturnHeader binaryAttachmentCnt="0">\n    <ReturnTs>{v.iso_datetime(ctx)}</ReturnTs>\n    '
            f'<TaxYr>{year}</TaxYr>\n'
            f"    <TaxPeriodBeginDt>{year}-01-01</TaxPeriodBeginDt>\n    <TaxPeriodEndDt>{year}-12-31</TaxPeriodEndDt>\n    "
            f"<SoftwareId>{ctx.rng.randrange(10**7, 10**8)}</SoftwareId>\n"
            f"    <OriginatorGrp><EFIN>{ctx.rng.randrange(10**5, 10**6)}</EFIN><OriginatorTypeCd>ERO</OriginatorTypeCd></OriginatorGrp>\n    "
            "<ReturnTypeCd>1040</ReturnTypeCd>\n"
            f"    <Filer>\n      <PrimarySSN>{ctx.rng.randrange(400000000, 499999999)}</PrimarySSN>\n"
            f"      <NameLine1Txt>{filer}</NameLine1Txt>\n      <PrimaryNameControlTxt>{_name_control(last)}</PrimaryNameControlTxt>\n"
            f"      <USAddress><AddressLine1Txt>{street}</AddressLine1Txt><CityNm>{enc_xml(ctx.en.city().upper())}</CityNm>"
            f"<StateAbbreviationCd>{ctx.en.state_abbr()}</StateAbbreviationCd><ZIPCd>{ctx.en.zipcode()}</ZIPCd></USAddress>\n    </Filer>\n  </ReturnHeader>\n"
            '  <ReturnData documentCnt="1">\n    <IRS1040ScheduleC documentId="SCHC-1">\n'
            f"      <ProprietorNm>{enc_xml(first + ' ' + last)}</ProprietorNm>\n"
            f"      <PrincipalBusinessActivityCd>{activity}</PrincipalBusinessActivityCd>\n"
            f"      <BusinessNameLine1Txt>{business}</BusinessNameLine1Txt>\n"
            f"      <EIN>{ctx.rng.randrange(10**8, 10**9)}</EIN>\n      <AccountingMethodCashInd>X</AccountingMethodCashInd>\n"
            f"      <GrossReceiptsOrSalesAmt>{receipts}</GrossReceiptsOrSalesAmt>\n{lines}{others}"
            f"      <TotalExpensesAmt>{total}</TotalExpensesAmt>\n      <NetProfitOrLossAmt>{receipts - total}</NetProfitOrLossAmt>\n"
            "    </IRS1040ScheduleC>\n  </ReturnData>\n</Return>\n")


@template("holdout5", ("/taxfile-smb/",))
def smb_tax_filing(ctx: Ctx) -> Request:
    """Small-business tax: line items (JSON), notes to the accountant (form), receipts (multipart), 1099 contractor CSV imports,
    MeF-style XML returns from the desktop prep software, return lists."""
    kind = ctx.pick(("items", "items", "note", "receipt", "import", "efile", "misc"))
    year = ctx.rng.randint(2022, 2025)
    ret = f"rtn_{v.alnum_token(ctx, 14)}"
    if kind == "items":
        if ctx.chance(0.2):
            return req("DELETE", f"/taxfile-smb/api/returns/{ret}/line-items/{seg(ctx, 'item', str(rid(ctx)))}",
                       headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
        picked = ctx.rng.sample(list(_LINE_ITEMS), ctx.rng.randint(1, 4))
        items = [{"line": line, "category": label, "description": j(ctx, f"line_items[{i}].description", ctx.pick(descs)),
                  "amount": ctx.pick((v.money(ctx, 10, 9000), f"{ctx.rng.randint(1, 9)},{ctx.rng.randint(100, 999)}.{ctx.rng.randint(0, 99):02d}")),
                  "business_use_pct": ctx.pick((100, 100, 50, 80)), "receipt_ids": [ctx.fake.uuid4() for _ in range(ctx.rng.randint(0, 2))]}
                 for i, (line, label, descs) in enumerate(picked)]
        body: dict[str, Any] = {"tax_year": year, "schedule": "C", "line_items": items, "accounting_method": ctx.pick(("cash", "accrual")),
                                "memo": j(ctx, "memo", ctx.pick(("", "Numbers from QuickBooks P&L -- see attached export", v.sentence(ctx))))}
        return req("PUT", f"/taxfile-smb/api/returns/{seg(ctx, 'return', ret)}/line-items", site_headers(ctx, "xhr", "application/json", "jwt",
                                                                                                      extra=(("If-Match", f'"{ctx.rng.randint(1, 300)}"'),)),
                                                                                                      body=dumps(ctx, body))
    if kind == "note":
        fields: list[tuple[str, Any]] = [("csrfmiddlewaretoken", v.alnum_token(ctx, 64)),
                                         ("subject", ctx.pick(("Van purchase", "1099s", "Home office", "Estimated taxes", "Question re: " + ctx.en.word()))),
                                         ("body", _accountant_note(ctx)), ("priority", ctx.pick(("normal", "high"))), ("return_id", ret)]
        return req("POST", "/taxfile-smb/messages/accountant", form_headers(ctx, "/taxfile-smb/messages"),
                   body=form(ctx, fields, fixed=("csrfmiddlewaretoken", "return_id")))
    if kind == "receipt":
        fields = [("vendor", ctx.pick(("Costco Wholesale #482", "O'Connor's Print Shop", "Home Depot", "SQ *JOE'S COFFEE", ctx.fake.company()))),
                  ("amount", v.money(ctx, 3, 900)), ("date", v.iso_date(ctx)), ("category", ctx.pick(_LINE_ITEMS)[1]),
                  ("memo", ctx.pick(("", "half personal -- only count 50%", "client gift (limit $25/person)", v.sentence(ctx))))]
        files = [("file", f"IMG_{ctx.rng.randint(1000, 9999)}.pdf", "application/pdf",
                  _pdf(ctx, "Scanned receipt"))] if ctx.chance(0.7) else [empty_file("file")]
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", f"/taxfile-smb/api/returns/{ret}/receipts", headers_for(ctx, "mobile", content_type=ctype, auth="jwt"), body=body2)
    if kind == "import":
        rows: list[list[Any]] = [["Payee", "TIN", "Address", "Box 1 (NEC)", "Notes"]]
        for i in range(ctx.rng.randint(2, 14)):
            payee, addr = _party(ctx), f"{ctx.fake.street_address()}, {_unit(ctx)}, {ctx.fake.city()}"
            note = ctx.pick(("", "W-9 on file", 'Paid via PayPal "Friends & Family" -- 1099-K instead?', "Exempt (corporation)", v.sentence(ctx)))
            if i == 0:
                payee, addr, note = ctx.slot("multipart", "csv.payee",
                                             payee), ctx.slot("multipart", "csv.address", addr), ctx.slot("multipart", "csv.notes", note)
            rows.append([payee, f"***-**-{ctx.rng.randint(1000, 9999)}", addr, v.money(ctx, 600, 40000), note])
        return req("POST", f"/taxfile-smb/api/returns/{ret}/contractors/import",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/csv; charset=utf-8", auth="jwt"),
                   qs(ctx, [("has_header", "true"), ("form", "1099-NEC")], fixed=("has_header", "form")), body=_csv(rows))
    if kind == "efile":
        return req("POST", "/taxfile-smb/mef/submissions", headers_for(ctx, "sdk", content_type="application/xml", auth="basic",
                                                                         extra=(("X-Transmitter-Id", f"ETIN{ctx.rng.randrange(10**4, 10**5)}"),)),
                                                                         body=_schedule_c_return(ctx, year))
    r = ctx.rng.random()
    if r < 0.5:
        return req(ctx.pick(("GET", "GET", "HEAD")), "/taxfile-smb/api/returns", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"),
                   qs(ctx,
                      [("tax_year", year), ("status", ctx.pick(("draft", "ready_for_review", "filed", "accepted", "rejected"))),
                       ("q", ctx.pick(("", ctx.fake.company(), "O'Reilly")))],
                      fixed=("tax_year",)))
    if r < 0.8:
        return req("GET", f"/taxfile-smb/api/returns/{seg(ctx, 'return', ret)}/summary", headers_for(ctx, "mobile", auth="jwt"),
                   qs(ctx, [("format", "json")], fixed=("format",)))
    return preflight(ctx, f"/taxfile-smb/api/returns/{ret}/line-items", ("PUT", "DELETE"), ("authorization,content-type,if-match", "authorization"))


# --------------------------------------------------------------------------
# Building permits: applications with site plans (PDF, DXF), licence checks, inspections, plan-review XML
# --------------------------------------------------------------------------

_INSPECTOR_COMMENTS = (
    "Failed -- GFCI protection missing at kitchen countertop receptacles per NEC 210.8(A)(6); correct & call for re-inspection.",
    "Hold-down HDU8 at grid C/4 not installed per S-2.1; edge nailing 8d @ 6\" o.c. OK.",
    "Partial approval: rough plumbing OK (DWV test held 10' head, 15 min); T&P discharge must terminate <= 6\" above floor.",
    "Smoke/CO alarms interconnected? Could not verify -- owner's rep (Mr. O'Donnell) said 'electrician will be back Tuesday'.",
    "Rear setback measured 4'-9\" vs 5'-0\" required -- see Sec. 17.22.040(B); apply for minor variance or revise.",
    "Approved. Insulation R-38 attic / R-21 walls verified; cert. posted at panel.",
    "Stair riser 8-1/4\" > 7-3/4\" max (CRC R311.7.5.1) -- rebuild; handrail 34\"-38\" OK.",
)


def _site_address(ctx: Ctx) -> str:
    """A site address as applicants type it: half numbers, unit `#`, apostrophes in street names."""
    return ctx.pick((f"{ctx.rng.randint(10, 9999)} 1/2 {ctx.pick(('N.', 'S.', 'W.', ''))} {ctx.fake.street_name()}".replace("  ", " "),
                     f"{ctx.rng.randint(1, 3000)} O'Farrell St, Unit #{ctx.pick('ABCD')}", f"{ctx.fake.street_address()} {_unit(ctx)}".strip(),
                     f"Lot {ctx.rng.randint(1, 80)}, Block {ctx.rng.randint(1, 30)} -- {ctx.fake.street_name()} & {ctx.fake.street_name()} (corner)",
                     f"{ctx.rng.randint(1, 999)} D'Arcy Rd, Bldg 2 / Ste {ctx.rng.randint(100, 400)}"))


def _work_description(ctx: Ctx) -> str:
    return ctx.pick((
        (f"Convert attached garage to ADU (~{ctx.rng.randint(300, 750)} sq ft); new 1/2\" PEX water line & 100A subpanel; remove non-bearing wall between "
        "kitchen/dining."),
        "Re-roof: tear-off 2 layers comp shingle, install 30-yr architectural shingles over ice & water shield (all eaves + valleys).",
        (f"Rooftop solar PV: {ctx.rng.randint(12, 40)} modules ({ctx.rng.randint(5, 14)}.{ctx.rng.randint(0, 9)} kW DC), microinverters, 200A MSP w/ 40A "
        "backfeed breaker (120% rule)."),
        "Kitchen remodel -- like-for-like cabinets, relocate sink 3' east, new 20A small-appliance circuits (2), gas range (existing line).",
        (f"Deck {ctx.rng.randint(8, 20)}'x{ctx.rng.randint(8, 24)}' < 30\" above grade, pressure-treated; replaces rotted deck per code enforcement case "
        f"#{ctx.rng.randrange(10**5, 10**6)}."),
        "Tenant improvement, Suite 210: demo non-structural partitions, new ADA restroom, drop ceiling & LED lighting (T24 compliance forms attached).",
        v.prose(ctx, 1, 2, trap_rate=0.3),
    ))


def _licence(ctx: Ctx) -> str:
    return ctx.pick((f"CSLB {ctx.rng.randrange(10**5, 2 * 10**6)}", f"{ctx.rng.randrange(10**5, 10**6)} (B, C-10)", f"ROC{ctx.rng.randrange(10**5, 10**6)}",
                     f"EC{ctx.rng.randrange(10**7, 10**8)}", f"HIC.{ctx.rng.randrange(10**5, 10**6)}",
                     f"#{ctx.rng.randrange(10**4, 10**6)}-{ctx.pick(('GC', 'ME', 'PL'))}"))


def _dxf(ctx: Ctx, note: Any) -> str:
    """A site plan's DXF (R2000): a property line, a building outline and a text note."""
    w, d = ctx.rng.randint(40, 140), ctx.rng.randint(60, 200)
    lines = ["0", "SECTION", "2", "HEADER", "9", "$ACADVER", "1", "AC1015", "9", "$INSUNITS", "70", "2", "0", "ENDSEC", "0", "SECTION", "2", "ENTITIES"]
    for (x1, y1), (x2, y2) in (((0, 0), (w, 0)), ((w, 0), (w, d)), ((w, d), (0, d)), ((0, d), (0, 0))):
        lines += ["0", "LINE", "8", "PROPERTY_LINE", "10", f"{x1:.1f}", "20", f"{y1:.1f}", "11", f"{x2:.1f}", "21", f"{y2:.1f}"]
    lines += ["0", "LWPOLYLINE", "8", "BLDG_FOOTPRINT", "90", "4", "70", "1"]
    for x, y in ((5, 10), (w - 5, 10), (w - 5, d - 20), (5, d - 20)):
        lines += ["10", f"{x:.1f}", "20", f"{y:.1f}"]
    lines += ["0", "TEXT", "8", "ANNOTATION", "10", "6.0", "20", "4.0", "40", "1.5", "1", str(note), "0", "ENDSEC", "0", "EOF"]
    return "\n".join(lines) + "\n"


def _plan_review(ctx: Ctx, permit: str) -> str:
    """Plan-review corrections from a third-party review firm, as its system posts them."""
    comments = []
    for i in range(ctx.rng.randint(1, 5)):
        sheet = ctx.pick(("A1.0", "A2.1", "S-2.1", "E-1", "P-3", "T-24"))
        text = ctx.pick(("Show 36\" min. clear width at egress path per CRC R311.7.1.", "Provide hold-down schedule; HDU8 @ C/4 missing.",
                         "Clarify: is the wall between kitchen & dining bearing? Provide engineer's letter.",
                         "Smoke alarms per R314 -- show locations on plan.",
                         "Setback dimension to rear P/L reads 4'-9\" -- revise to >= 5'-0\" or note variance #.", v.sentence(ctx)))
        if i == 0:
            sheet, text = ctx.slot("xml", "Comment.Sheet", sheet), ctx.slot("xml", "Comment.Text", text)
        discipline, status = ctx.pick(("Building", "Structural", "Electrical", "Plumbing", "Energy")), ctx.pick(("open", "resolved"))
        comments.append(f'    <Comment seq="{i + 1}" discipline="{discipline}" status="{status}">\n'
                        f"      <Sheet>{enc_xml(str(sheet))}</Sheet>\n      <Text>{enc_xml(str(text))}</Text>\n    </Comment>")
    reviewer = _person(ctx)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<PlanReviewResult xmlns="urn:permitcenter:planreview:2">\n'
            f"  <PermitNumber>{permit}</PermitNumber>\n  <Cycle>{ctx.rng.randint(1, 4)}</Cycle>\n"
            f"  <Reviewer><Name>{_x(ctx, 'Reviewer.Name', reviewer)}</Name><LicenseNo>{enc_xml(_licence(ctx))}</LicenseNo></Reviewer>\n"
            f"  <Outcome>{ctx.pick(('corrections_required', 'approved', 'approved_with_conditions'))}</Outcome>\n"
            "  <Comments>\n" + "\n".join(comments) + "\n  </Comments>\n"
            "</PlanReviewResult>\n")


@template("holdout5", ("/permitcenter/",))
def building_permits(ctx: Ctx) -> Request:
    """Building permits: applications (multipart with site-plan PDF/DXF), contractor licence checks (JSON), inspection scheduling (form),
    inspector results from the field app (PATCH), plan-review XML, address lookups, cancellations."""
    kind = ctx.pick(("apply", "apply", "licence", "schedule", "inspect", "review", "lookup"))
    permit = f"{ctx.pick(('B', 'BLD', 'E', 'RES', 'COM'))}{ctx.rng.randint(22, 26)}-{ctx.rng.randint(1, 99999):05d}"
    if kind == "apply":
        fields: list[tuple[str, Any]] = [
            ("permit_type", ctx.pick(("residential_alteration", "adu", "reroof", "solar_pv", "deck", "tenant_improvement"))),
            ("site_address", _site_address(ctx)),
            ("apn", f"{ctx.rng.randint(100, 999)}-{ctx.rng.randint(100, 999)}-{ctx.rng.randint(10, 99)}"), ("work_description", _work_description(ctx)),
            ("valuation", ctx.pick((f"${ctx.rng.randint(2, 400)},{ctx.rng.randint(0, 999):03d}", str(ctx.rng.randint(2000, 400000))))),
            ("owner_name", _person(ctx)), ("contractor_license", _licence(ctx)), ("contractor_name", ctx.pick(_FIRMS)),
            ("owner_builder", ctx.pick(("no", "no", "yes"))),
        ]
        note = ctx.pick(("SETBACK 5'-0\" MIN -- (E) FENCE TO REMAIN", "N 89°12'30\" E 120.50'", "(N) ADU 24'x30'", "EASEMENT 10' P.U.E."))
        plans = ctx.pick(((f"site_plan_{permit}.pdf", "application/pdf", _pdf(ctx, "Site plan")), ("siteplan.dxf", "image/vnd.dxf", _dxf(ctx, note))))
        files = [("site_plan", *plans)]
        if ctx.chance(0.3):
            files.append(("supporting_docs", "", "application/octet-stream", ""))
        ctype, body = multipart(ctx, fields, files)
        return req("POST", "/permitcenter/applications", form_headers(ctx, "/permitcenter/applications/new?step=3", ctype), body=body)
    if kind == "licence":
        body2: dict[str, Any] = {"licenseNumber": j(ctx, "licenseNumber", _licence(ctx)),
                                 "licenseClass": ctx.pick(("B - General Building", "C-10 Electrical", "C-36 Plumbing", "C-46 Solar")),
                                 "businessName": j(ctx, "businessName", ctx.pick(_FIRMS)),
                                 "workersCompPolicy": j(ctx, "workersCompPolicy",
                                                        ctx.pick(("", f"WC-{ctx.rng.randrange(10**6, 10**7)}", "Exempt -- no employees"))),
                                 "expires": v.iso_date(ctx)}
        return req("POST", "/permitcenter/api/contractors/verify", site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body2))
    if kind == "schedule":
        if ctx.chance(0.25):
            return req("DELETE", f"/permitcenter/api/inspections/{seg(ctx, 'inspection', str(rid(ctx)))}", headers_for(ctx, "xhr", cookies=True),
                       qs(ctx, [("reason", ctx.pick(("Not ready -- drywall crew delayed", "Rescheduling", "")))]))
        fields = [("_token", v.alnum_token(ctx, 40)), ("permit_number", permit),
                  ("inspection_type", ctx.pick(("footing", "framing", "rough electrical", "final", "insulation"))),
                  ("requested_date", v.iso_date(ctx)), ("window", ctx.pick(("AM", "PM", "any"))), ("contact_phone", ctx.fake.phone_number()),
                  ("access_notes",
                   ctx.pick((f"Gate code #{ctx.rng.randint(1000, 9999)} -- dog in backyard; call {_person(ctx)} on arrival",
                             "Lockbox on side door (code 4-7-1-9)",
                                             "Enter from alley; 2nd garage on the left", v.prose(ctx, 1, 1))))]
        return req("POST", f"/permitcenter/permits/{permit}/inspections", form_headers(ctx, f"/permitcenter/permits/{permit}"),
                   body=form(ctx, fields, fixed=("_token",)))
    if kind == "inspect":
        body3 = {"result": ctx.pick(("pass", "fail", "partial", "not_ready")), "inspectedAt": v.iso_datetime(ctx),
                 "comments": [{"code": ctx.pick(("NEC 210.8(A)(6)", "CRC R311.7.5.1", "CRC R314", "CPC 608.5", "")),
                               "text": j(ctx, f"comments[{i}].text", ctx.pick(_INSPECTOR_COMMENTS))}
                              for i in range(ctx.rng.randint(1, 3))],
                 "reinspectionRequired": ctx.chance(0.5), "gps": {"lat": round(ctx.rng.uniform(25, 48), 6), "lng": round(ctx.rng.uniform(-123, -70), 6)},
                 "signature": j(ctx, "signature", ctx.pick(("", f"/{_person(ctx)}/", "Insp. #" + str(ctx.rng.randint(10, 99)))))}
        return req("PATCH", f"/permitcenter/api/inspections/{seg(ctx, 'inspection', str(rid(ctx)))}",
                   headers_for(ctx, "mobile", content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body3))
    if kind == "review":
        if ctx.chance(0.2):
            return preflight(ctx, "/permitcenter/api/plan-reviews", ("POST",), ("content-type,x-api-key", "authorization,content-type"))
        return req("POST", f"/permitcenter/api/plan-reviews/{permit}",
                   headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")), auth="apikey"),
                   body=_plan_review(ctx, permit))
    if ctx.chance(0.3):
        return req("HEAD", f"/permitcenter/permits/{seg(ctx, 'permit', permit)}/documents/plans.pdf", headers_for(ctx, "nav", cookies=True))
    pairs = [("address", _site_address(ctx)), ("include", ctx.pick(("parcel,zoning", "parcel", "zoning,overlays,flood"))), ("limit", ctx.pick((5, 10)))]
    return req("GET", "/permitcenter/api/address-lookup", headers_for(ctx, ctx.pick(("xhr", "xhr", "mobile"))), qs(ctx, pairs, fixed=("limit",)))


# --------------------------------------------------------------------------
# Patent search: boolean queries with wildcards and proximity, CPC browsing, alerts, prior-art lists, batch XML, GraphQL families
# --------------------------------------------------------------------------

_CPC = ("H01M10/0525", "H01M4/131", "H02S20/32", "G06N3/08", "A61B5/00", "B64C39/024", "H04L9/32", "G06F16/2453", "F03D7/0224", "C12N15/113", "A61K31/4164")


def _patent_query(ctx: Ctx) -> str:
    """A search query in the service's own syntax: field codes, wildcards, proximity (NEAR/n, ADJn, W/n), CPC classes, date comparisons."""
    cpc = ctx.pick(_CPC)
    return ctx.pick((
        f"TI=(batter* OR accumulator?) AND AB=(lithium NEAR/5 (anode OR electrode)) AND CPC={cpc.split('/')[0]}/*",
        '(solar OR photovoltaic*) ADJ3 (tracker OR "single axis") AND PD>=20150101',
        f'"machine learning" W/10 (diagnos* OR prognos*) NOT CPC={ctx.pick(("G06Q", "G16H"))}',
        'IN=("O\'Brien" OR "D\'Souza") AND CPC=A61B5/00',
        "(wind turbine) SAME (blade PRE/3 pitch) AND PRD<2012",
        "pn=(US10123456B2 OR EP3456789A1 OR WO2020123456A1)",
        f'ti all "plastic bicycle" and pa="{ctx.pick(("Shimano", "Giant", "Trek"))}" and pd within "2010 2020"',
        f"CPC=({cpc} OR {ctx.pick(_CPC)}) AND (drone* OR UAV OR \"unmanned aerial\") NEAR/5 (deliver* OR parcel?)",
        f"AN=({ctx.fake.company().split()[0]}*) AND TAC=(select* NEAR/3 (drop OR insert) NEAR/3 table?)",
        "claims:(\"wherein the\" NEAR/2 substrate) AND NOT kind:(A1 OR A2) AND $ensor$",
        f"{ctx.en.word()}* AND {ctx.en.word()}? NEAR/{ctx.rng.randint(2, 10)} {ctx.en.word()}",
    ))


_GQL_FAMILY = ("query PatentFamily($docdb: String!, $withCitations: Boolean = true) {\n  family(docdb: $docdb) {\n    id\n"
               "    members { publicationNumber kind publicationDate title(lang: EN) applicants { name } }\n"
               "    citations @include(if: $withCitations) { cited { publicationNumber category } }\n  }\n}")


def _pub_number(ctx: Ctx) -> str:
    return ctx.pick((f"US {ctx.rng.randint(2010, 2024)}/{ctx.rng.randint(1, 399999):07d} A1", f"US{ctx.rng.randint(9000000, 12500000)}B2",
                     f"EP {ctx.rng.randint(1, 4)} {ctx.rng.randint(100, 999)} {ctx.rng.randint(100, 999)} B1",
                     f"WO{ctx.rng.randint(2015, 2024)}/{ctx.rng.randint(1, 199999):06d}",
                     f"CN{ctx.rng.randrange(10**8, 10**9)}A", f"JP{ctx.rng.randint(2015, 2024)}-{ctx.rng.randint(1, 199999):06d}"))


def _batch_search(ctx: Ctx) -> str:
    """A batch of queries from the firm's docketing system, in the legacy XML interface."""
    queries = []
    for i in range(ctx.rng.randint(1, 4)):
        query, label = _patent_query(ctx), ctx.pick(("Claim 1 -- independent", "Claim 14 (method)", f"FTO for {ctx.en.word()} product",
                                                     "Invalidity: '456 patent"))
        if i == 0:
            query, label = ctx.slot("xml", "Query", query), ctx.slot("xml", "Label", label)
        queries.append(f'  <Query id="q{i + 1}" syntax="{ctx.pick(("expert", "cql"))}" collections="{ctx.pick(("US-PGPUB,USPAT", "EPO,WO", "ALL"))}">\n'
                       f"    <Label>{enc_xml(str(label))}</Label>\n    <Text>{enc_xml(str(query))}</Text>\n    "
                       f"<MaxResults>{ctx.pick((50, 100, 500))}</MaxResults>\n  </Query>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<SearchRequest xmlns="urn:patquery:batch:1" client="{ctx.pick(("Anaqua", "CPA Global", "in-house"))}" '
            f'matter="{ctx.fake.bothify("???-####").upper()}">\n' + "\n".join(queries) + "\n</SearchRequest>\n")


@template("holdout5", ("/patquery/",))
def patent_search(ctx: Ctx) -> Request:
    """Patent search: expert-syntax searches (query string, JSON API), CPC browsing, saved alerts (form), prior-art list uploads, batch XML,
    GraphQL family lookups, annotations, deletions."""
    kind = ctx.pick(("search", "search", "api", "cpc", "alert", "priorart", "batch", "family"))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", _patent_query(ctx)), ("db", ctx.pick(("US-PGPUB,USPAT", "EPO", "ALL"))),
                                        ("from", ctx.pick(("", v.iso_date(ctx)))),
                                        ("sort", ctx.pick(("relevance", "-pd", "pd"))), ("hl", "true"), ("page", ctx.rng.randint(1, 20))]
        return req(ctx.pick(("GET", "GET", "GET", "HEAD")), "/patquery/results", headers_for(ctx, ctx.pick(("nav", "xhr")), cookies=ctx.chance(0.6)),
                   qs(ctx, pairs, fixed=("hl",)))
    if kind == "api":
        body: dict[str, Any] = {"query": j(ctx, "query", _patent_query(ctx)),
                                "filters": {"cpc": [j(ctx, "filters.cpc[0]", ctx.pick(_CPC)), f"{ctx.pick(_CPC).split('/')[0]}/*"],
                                "priorityDate": {"gte": v.iso_date(ctx)}, "kind": ctx.rng.sample(["A1", "A2", "B1", "B2"], 2)},
                                "fields": ["publicationNumber", "title", "abstract", "applicants", "cpc"], "highlight": True, "size": ctx.pick((20, 50, 100))}
        return req("POST", "/patquery/v2/search", headers_for(ctx, "sdk", content_type="application/json", auth=ctx.pick(("apikey", "jwt"))),
                   body=dumps(ctx, body))
    if kind == "cpc":
        cpc = ctx.pick(_CPC)
        return req("GET", f"/patquery/cpc/{seg(ctx, 'cpc', cpc)}", headers_for(ctx, ctx.pick(("nav", "xhr"))),
                   qs(ctx, [("expand", ctx.pick(("children", "ancestors", "definition"))), ("lang", ctx.pick(("en", "de", "fr")))], fixed=("lang",)))
    if kind == "alert":
        if ctx.chance(0.25):
            return req("DELETE", f"/patquery/api/alerts/{seg(ctx, 'alert', v.alnum_token(ctx, 10))}", headers_for(ctx, "xhr", cookies=True))
        fields: list[tuple[str, Any]] = [("alert.name",
                                          ctx.pick((f"FTO -- {ctx.en.word()} (client {ctx.fake.last_name()})", "Competitor watch: D'Angelo Robotics",
                                                    "Li-ion anodes NEAR/5"))),
                                         ("alert.query", _patent_query(ctx)), ("alert.frequency", ctx.pick(("daily", "weekly", "monthly"))),
                                         ("alert.recipients", ", ".join(ctx.fake.email() for _ in range(ctx.rng.randint(1, 3)))),
                                         ("csrf", v.alnum_token(ctx, 32))]
        return req("POST", "/patquery/alerts", form_headers(ctx, "/patquery/results"), body=form(ctx, fields, fixed=("csrf",)))
    if kind == "priorart":
        if ctx.chance(0.3):
            note = {"publicationNumber": _pub_number(ctx), "tags": ["102", "103"][: ctx.rng.randint(1, 2)],
                    "comment": j(ctx, "comment",
                                 ctx.pick(("Anticipates claim 1 -- see col. 4, ll. 12-30 & Fig. 3", "Teaches 'wherein the anode comprises Si < 10 wt.%'",
                                           v.sentence(ctx))))}
            return req("PUT", f"/patquery/api/projects/{seg(ctx, 'project', v.alnum_token(ctx, 8))}/annotations",
                       headers_for(ctx, "xhr", content_type="application/json", cookies=True),
                       body=dumps(ctx, note))
        listing = "\n".join(_pub_number(ctx) for _ in range(ctx.rng.randint(2, 15)))
        fields = [("project", ctx.pick(("IPR2024-00123", "Invalidity -- '456 patent", f"{ctx.fake.company()} FTO"))),
                  ("note", ctx.pick(("Known prior art for claims 1-14 (from the IDS)", "Examiner's citations + our own search", v.sentence(ctx))))]
        ctype, body2 = multipart(ctx, fields, [("numbers", "prior_art.txt", "text/plain", listing)])
        return req("POST", "/patquery/api/prior-art/import", headers_for(ctx, "xhr", content_type=ctype, cookies=True, origin=v.site(ctx)), body=body2)
    if kind == "batch":
        if ctx.chance(0.2):
            return preflight(ctx, "/patquery/v2/search", ("POST",), ("content-type,x-api-key", "authorization,content-type"))
        return req("POST", "/patquery/legacy/batch",
                   headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=UTF-8")), auth="basic"),
                   body=_batch_search(ctx))
    doc = {"operationName": "PatentFamily", "query": _GQL_FAMILY, "variables": {"docdb": j(ctx, "docdb", _pub_number(ctx)), "withCitations": ctx.chance(0.7)}}
    return req("POST", "/patquery/graphql", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt"), body=dumps(ctx, doc))


# --------------------------------------------------------------------------
# Public procurement: tender search, clarification Q&A, bid uploads, eForms XML notices, OCDS releases
# --------------------------------------------------------------------------

_CPV = (("45233140-2", "Roadworks"), ("72000000-5", "IT services: consulting, software development, Internet and support"), ("90910000-9", "Cleaning services"),
        ("79410000-1", "Business and management consultancy services"), ("33600000-6", "Pharmaceutical products"), ("55523100-3", "School-meal services"),
        ("48000000-8", "Software package and information systems"), ("71320000-7", "Engineering design services"))
_NUTS = ("UKI32", "DE300", "FR101", "ES511", "IE061", "NL329", "PL911", "ITC4C")


def _clarification_question(ctx: Ctx) -> str:
    return ctx.pick((
        "Section 3.2 of the ITT says bidders must 'select the lowest-risk delivery model' -- is a hybrid model (Lot 1 + Lot 2) acceptable?",
        "Annex C pricing schedule: should rates include VAT @ 20%? Cell F12 has the formula =SUM(F2:F11)*1.2, which seems to double-count.",
        "Can the Authority confirm whether TUPE applies to the existing cleaning staff (union-recognised, 14 FTE)?",
        f"Q14 of the SQ asks for 'three contracts of similar value (> €{ctx.rng.randint(100, 900)},000)' -- can a framework call-off count?",
        "The portal rejects files > 25 MB; our drawings (DWG/PDF) are ~60 MB. May we split them (Part 1 of 3, etc.)?",
        f"Please clarify the deadline for questions: the notice says 14:00 CET on {v.iso_date(ctx)} but the ITT says 12:00 (noon).",
        "Lot 2 -- can we bid for the 'drop-off & collection' service only, without the warehousing element?",
        v.prose(ctx, 1, 3, trap_rate=0.4),
    ))


def _notice_xml(ctx: Ctx, ref: str) -> str:
    """An eForms (UBL 2.3) contract notice as the buyer's e-procurement system publishes it."""
    cpv, label = ctx.pick(_CPV)
    lot_names = ("North zone", "South zone", "Software licences", "Support & maintenance")
    lots = "".join(f'  <cac:ProcurementProjectLot>\n    <cbc:ID schemeName="Lot">LOT-{i:04d}</cbc:ID>\n    <cac:ProcurementProject>'
                   f'<cbc:Name languageID="ENG">{enc_xml(ctx.pick(lot_names + (f"Lot {i}",)))}</cbc:Name>'
                   "</cac:ProcurementProject>\n  </cac:ProcurementProjectLot>\n" for i in range(1, ctx.rng.randint(2, 4)))
    buyer = _x(ctx, "Buyer.Name", ctx.pick((f"{ctx.fake.city()} City Council", "NHS Supply Chain", f"Ministère de {ctx.en.word()}", ctx.fake.company())))
    procedure = ctx.pick(("open", "restricted", "neg-w-call"))
    name = _x(ctx, "Project.Name", ctx.pick((label, f"{label} -- {ctx.fake.city()} (2025-2029)", "Framework for " + label.lower())))
    description = _x(ctx, "Project.Description", ctx.pick((_clarification_question(ctx), v.prose(ctx, 2, 4, trap_rate=0.3))))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2" '
            'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
            'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">\n'
            "  <cbc:UBLVersionID>2.3</cbc:UBLVersionID>\n  <cbc:CustomizationID>eforms-sdk-1.10</cbc:CustomizationID>\n"
            f'  <cbc:ID schemeName="notice-id">{ctx.fake.uuid4()}</cbc:ID>\n  <cbc:ContractFolderID>{ctx.fake.uuid4()}</cbc:ContractFolderID>\n'
            f"  <cbc:IssueDate>{v.iso_date(ctx)}+01:00</cbc:IssueDate>\n  <cbc:NoticeTypeCode listName=\"competition\">cn-standard</cbc:NoticeTypeCode>\n"
            '  <cac:ContractingParty><cac:Party><cac:PartyName><cbc:Name '
            f'languageID="ENG">{buyer}</cbc:Name></cac:PartyName></cac:Party></cac:ContractingParty>\n'
            f'  <cac:TenderingProcess><cbc:ProcedureCode listName="procurement-procedure-type">{procedure}</cbc:ProcedureCode></cac:TenderingProcess>\n'
            f"  <cac:ProcurementProject>\n    <cbc:ID>{enc_xml(ref)}</cbc:ID>\n"
            f'    <cbc:Name languageID="ENG">{name}</cbc:Name>\n'
            f'    <cbc:Description languageID="ENG">{description}</cbc:Description>\n'
            '    <cac:MainCommodityClassification><cbc:ItemClassificationCode '
            f'listName="cpv">{cpv.split("-")[0]}</cbc:ItemClassificationCode></cac:MainCommodityClassification>\n'
            '    <cac:RealizedLocation><cac:Address><cbc:CountrySubentityCode '
            f'listName="nuts">{ctx.pick(_NUTS)}</cbc:CountrySubentityCode></cac:Address></cac:RealizedLocation>\n'
            "  </cac:ProcurementProject>\n" + lots + "</ContractNotice>\n")


def _espd(ctx: Ctx) -> str:
    """The ESPD response a bidder attaches (a file part, not edited by hand)."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<QualificationApplicationResponse '
            'xmlns="urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2" '
            'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">\n  <cbc:UBLVersionID>2.2</cbc:UBLVersionID>\n'
            f"  <cbc:ID>{ctx.fake.uuid4()}</cbc:ID>\n  <cbc:IssueDate>{v.iso_date(ctx)}</cbc:IssueDate>\n"
            f"  <cbc:ContractFolderID>{ctx.fake.uuid4()}</cbc:ContractFolderID>\n</QualificationApplicationResponse>\n")


@template("holdout5", ("/tenderbox/",))
def public_procurement(ctx: Ctx) -> Request:
    """Procurement: tender search (CPV, NUTS), clarification questions (form) and answers (JSON), bid submissions (multipart: ESPD XML,
    price CSV, PDF), eForms notices (XML), OCDS releases (JSON), withdrawals."""
    kind = ctx.pick(("search", "search", "question", "answer", "bid", "notice", "ocds", "misc"))
    ref = f"{ctx.pick(('ITT', 'RFP', 'TND', 'CPU'))}-{ctx.rng.randint(2023, 2026)}-{ctx.rng.randint(1, 999):03d}"
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q",
                                         ctx.pick(("cleaning services", "school meals", "road resurfacing A40", "O'Connell Street", "IT support & maintenance",
                                                   v.tricky_search(ctx), ""))),
                                        ("nuts", ctx.pick(_NUTS)), ("value_min", ctx.pick(("", "100000"))), ("value_max", ctx.pick(("", "5000000"))),
                                        ("procedure", ctx.pick(("open", "restricted", "any"))), ("deadline_after", v.iso_date(ctx))]
        pairs += [("cpv[]", c) for c, _ in ctx.rng.sample(list(_CPV), ctx.rng.randint(1, 3))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/tenderbox/opportunities", headers_for(ctx, "nav", cookies=ctx.chance(0.5)), qs(ctx, pairs))
    if kind == "question":
        fields: list[tuple[str, Any]] = [("tender_ref", ref), ("lot", ctx.pick(("all", "1", "2", "3"))), ("question", _clarification_question(ctx)),
                                         ("document_ref", ctx.pick(("ITT s.3.2", "Annex C", "SQ Q14", "Spec. para 4.1.3", ""))),
                                         ("confidential", ctx.pick(("0", "0", "1"))),
                                         ("_csrf", v.alnum_token(ctx, 36))]
        return req("POST", f"/tenderbox/tenders/{ref}/clarifications", form_headers(ctx, f"/tenderbox/tenders/{ref}"), body=form(ctx, fields, fixed=("_csrf",)))
    if kind == "answer":
        body: dict[str, Any] = {"answer": j(ctx, "answer", ctx.pick((
            "Yes -- rates should be quoted ex-VAT; please ignore the *1.2 in cell F12, a corrected Annex C (v2) has been uploaded.",
            "TUPE is likely to apply; anonymised employee information (14 staff) will be released to shortlisted bidders only.",
            "No. Bidders must select one delivery model per lot; variant bids will not be accepted (ITT s.3.2).", v.prose(ctx, 1, 3)))),
            "questionEcho": j(ctx, "questionEcho", _clarification_question(ctx)), "publish": True, "visibleTo": ctx.pick(("all_bidders", "requester_only"))}
        return req("PATCH", f"/tenderbox/api/tenders/{ref}/clarifications/{seg(ctx, 'clarification', str(ctx.rng.randint(1, 300)))}",
                   headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=v.site(ctx), extra=(("If-Match", f'"{v.hex_token(ctx, 10)}"'),)),
                   body=dumps(ctx, body))
    if kind == "bid":
        rows: list[list[Any]] = [["Item", "Description", "Unit", "Qty", "Rate (EUR)", "Notes"]]
        for i in range(ctx.rng.randint(2, 10)):
            desc = ctx.pick(("Cleaner, weekday 06:00-09:00", "Supervisor (incl. 'out of hours' call-out)", "Consumables -- per m²", "Project manager, day rate",
                             "Resurfacing, 40mm SMA, incl. planing", v.sentence(ctx)))
            note = ctx.pick(("", "Rate fixed for years 1-2; CPI thereafter", 'Includes "London Living Wage"', "=Qty*Rate"))
            if i == 0:
                desc, note = ctx.slot("multipart", "csv.description", desc), ctx.slot("multipart", "csv.notes", note)
            rows.append([f"{i + 1}.{ctx.rng.randint(1, 9)}", desc, ctx.pick(("hour", "month", "m²", "day")), ctx.rng.randint(1, 2000), v.money(ctx, 8, 1200),
                         note])
        fields = [("tender_ref", ref), ("bid_total", v.money(ctx, 10000, 4000000)), ("currency", "EUR"), ("validity_days", ctx.pick(("90", "120", "180"))),
                  ("bidder_name", ctx.pick(_FIRMS)), ("declaration", "I confirm the information in the ESPD is accurate and complete")]
        fields += [("lots[]", str(n)) for n in ctx.rng.sample([1, 2, 3], ctx.rng.randint(1, 2))]
        files = [("espd", "espd-response.xml", "application/xml", _espd(ctx)), ("price_schedule", "Annex C - Pricing (v2).csv", "text/csv", _csv(rows)),
                 ("technical_response", "Technical Response.pdf", "application/pdf", _pdf(ctx, "Technical response"))]
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", f"/tenderbox/tenders/{ref}/bids", form_headers(ctx, f"/tenderbox/tenders/{ref}/respond", ctype), body=body2)
    if kind == "notice":
        return req("POST", "/tenderbox/api/eforms/notices", headers_for(ctx, "sdk", content_type="application/xml", auth=ctx.pick(("apikey", "basic"))),
                   body=_notice_xml(ctx, ref))
    if kind == "ocds":
        cpv, label = ctx.pick(_CPV)
        release = {"ocid": f"ocds-{v.alnum_token(ctx, 6).lower()}-{ref}", "id": f"{ref}-tender-{ctx.rng.randint(1, 9)}", "date": v.iso_datetime(ctx),
                   "tag": ["tender"],
                   "initiationType": "tender",
                   "buyer": {"name": j(ctx, "buyer.name", ctx.pick((f"{ctx.fake.city()} County Council", ctx.fake.company()))),
                             "id": f"GB-GOR-{ctx.rng.randint(1000, 9999)}"},
                   "tender": {"id": ref, "title": j(ctx, "tender.title", ctx.pick((label, f"{label} -- {ctx.fake.city()}"))),
                              "description": j(ctx, "tender.description", v.prose(ctx, 1, 3, trap_rate=0.3)),
                              "items": [{"id": "1", "classification": {"scheme": "CPV", "id": cpv.split("-")[0], "description": label}}],
                              "value": {"amount": ctx.rng.randint(10000, 9000000), "currency": ctx.pick(("EUR", "GBP"))},
                              "tenderPeriod": {"endDate": v.iso_datetime(ctx)}, "procurementMethod": ctx.pick(("open", "selective"))}}
        package = {"uri": f"https://{ctx.en.domain_name()}/ocds/{ref}.json", "publishedDate": v.iso_datetime(ctx), "version": "1.1",
                   "publisher": {"name": "TenderBox"}, "releases": [release]}
        return req("POST", "/tenderbox/api/ocds/releases", headers_for(ctx, "sdk", content_type="application/json", auth="apikey"), body=dumps(ctx, package))
    r = ctx.rng.random()
    if r < 0.45:
        return req("DELETE", f"/tenderbox/api/bids/{seg(ctx, 'bid', f'BID-{ctx.rng.randrange(10**5, 10**6)}')}", headers_for(ctx, "xhr", cookies=True),
                   qs(ctx, [("reason", ctx.pick(("Withdrawn -- resubmitting with corrected Annex C", "capacity", "")))]))
    if r < 0.7:
        return req(ctx.pick(("GET", "HEAD")), f"/tenderbox/tenders/{seg(ctx, 'tender', ref)}/documents/ITT.pdf", headers_for(ctx, "nav", cookies=True))
    return preflight(ctx, f"/tenderbox/api/tenders/{ref}/clarifications", ("PATCH", "POST"),
                     ("authorization,content-type", "authorization,content-type,if-match"))


# --------------------------------------------------------------------------
# Online notary / e-signature witnessing: sessions, document hashes, identity proofing (MRZ), journals, evidence XML
# --------------------------------------------------------------------------


def _mrz_field(text: str, width: int) -> str:
    """A name or number as the MRZ writes it: A-Z and digits, everything else (spaces, apostrophes, hyphens) as `<`."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.upper()) if not unicodedata.combining(c))
    return "".join(c if c.isascii() and c.isalnum() else "<" for c in plain)[:width].ljust(width, "<")


def _mrz_check(data: str) -> str:
    values = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
    return str(sum(values.get(c, 0) * (7, 3, 1)[i % 3] for i, c in enumerate(data)) % 10)


def _mrz(ctx: Ctx, first: str, last: str) -> list[str]:
    """A passport's two 44-character MRZ lines (TD3), check digits included."""
    country = ctx.pick(("GBR", "USA", "IRL", "DEU", "FRA", "POL", "VNM"))
    number = v.alnum_token(ctx, 9).upper()
    dob = f"{ctx.rng.randint(40, 99)}{ctx.rng.randint(1, 12):02d}{ctx.rng.randint(1, 28):02d}"
    exp = f"{ctx.rng.randint(26, 35)}{ctx.rng.randint(1, 12):02d}{ctx.rng.randint(1, 28):02d}"
    line1 = ("P<" + country + _mrz_field(last, 39).rstrip("<") + "<<" + _mrz_field(first, 39))[:44]
    personal = "<" * 14
    body = f"{number}{_mrz_check(number)}{country}{dob}{_mrz_check(dob)}{ctx.pick('MF<')}{exp}{_mrz_check(exp)}{personal}{_mrz_check(personal)}"
    composite = body[0:10] + body[13:20] + body[21:43]
    return [line1, body + _mrz_check(composite)]


_NOTARIAL_DOCS = ("Durable Power of Attorney", "Affidavit of Heirship", "Grant Deed (Parcel 123-456-78)", "Vehicle Title Transfer -- Form MV-1",
                  "I-9 Employment Eligibility (Section 2)",
                  "Last Will & Testament -- Self-Proving Affidavit", "Loan Closing Package (42 pp.)", "Parental Consent for Minor's Travel",
                  "Sworn Statement re: Lost Promissory Note")


def _journal_note(ctx: Ctx) -> str:
    return ctx.pick((
        f"Signer's ID: {ctx.pick(('NY', 'TX', 'FL', 'VA'))} driver's licence, exp. {v.iso_date(ctx)}; credential analysis passed; KBA 5/5.",
        "Signer hesitated on Q3 -- re-asked; confirmed she is signing 'of her own free will' and understands the document.",
        f"Witness #2 (remote) joined late -- 14:02 ET; recording ref REC-{v.alnum_token(ctx, 10).upper()}.",
        (f"Interpreter present ({ctx.pick(('Spanish', 'Vietnamese', 'Polish', 'Mandarin'))}): {_person(ctx)}; signer's name on ID is \"{_person(ctx)}\" -- "
        "matches."),
        "Audio dropped twice (signer on hotel Wi-Fi); resumed & re-confirmed identity on camera -- no signatures before drop.",
        v.prose(ctx, 1, 2, trap_rate=0.3),
    ))


def _evidence_xml(ctx: Ctx, session: str) -> str:
    """The tamper-evident evidence record of a completed session, with its XML-DSig over the audit trail."""
    events = []
    for i in range(ctx.rng.randint(2, 6)):
        what = ctx.pick(("identity.kba_passed", "identity.credential_passed", "document.viewed", "signature.applied", "seal.applied", "session.note"))
        text = ctx.pick(("Signer confirmed willingness on camera", f"IP {ctx.fake.ipv4_public()} -- {ctx.fake.city()}", _journal_note(ctx),
                         "Signature applied on page 3 of 4"))
        if i == 0:
            text = ctx.slot("xml", "Event.Text", text)
        events.append(f'    <Event at="{v.iso_datetime(ctx)}" type="{what}">{enc_xml(str(text))}</Event>')
    first, last = v.person_name(ctx)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<NotarizationEvidence xmlns="https://schemas.notarywitness.io/evidence/1.2" '
            f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" session="{session}">\n'
            f"  <NotarialAct>{ctx.pick(('acknowledgment', 'jurat', 'copy_certification', 'oath'))}</NotarialAct>\n"
            f"  <Jurisdiction>{ctx.pick(('US-VA', 'US-TX', 'US-FL', 'US-NV'))}</Jurisdiction>\n"
            f"  <Notary><Name>{enc_xml(v.full_name(ctx))}</Name><CommissionNumber>{ctx.rng.randrange(10**6, 10**7)}</CommissionNumber></Notary>\n"
            f"  <Signer><GivenName>{_x(ctx, 'Signer.GivenName', first)}</GivenName><Surname>{_x(ctx, 'Signer.Surname', last)}</Surname>"
            f"<IdentityProofing method=\"KBA+credential\" result=\"pass\"/></Signer>\n"
            f"  <Document><Title>{_x(ctx, 'Document.Title', ctx.pick(_NOTARIAL_DOCS))}</Title>"
            f'<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>{_b64(ctx, 32)}</ds:DigestValue></Document>\n'
            "  <AuditTrail>\n" + "\n".join(events) + "\n  </AuditTrail>\n"
            '  <ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
            '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="">'
            f"<ds:DigestValue>{_b64(ctx, 32)}</ds:DigestValue></ds:Reference></ds:SignedInfo>"
            f"<ds:SignatureValue>{_b64(ctx, 256)}</ds:SignatureValue></ds:Signature>\n"
            "</NotarizationEvidence>\n")


@template("holdout5", ("/notarywitness/",))
def online_notary(ctx: Ctx) -> Request:
    """Online notary: sessions (JSON), document uploads with their hashes (multipart), identity-proofing webhooks (MRZ, KBA), hash verification,
    notary journal entries (form), evidence records (XML), cancellations."""
    kind = ctx.pick(("session", "session", "upload", "idv", "verify", "journal", "evidence", "misc"))
    session = f"ns_{v.alnum_token(ctx, 16)}"
    if kind == "session":
        signers = [{"fullName": j(ctx, f"signers[{i}].fullName", _person(ctx)), "email": j(ctx, f"signers[{i}].email", ctx.fake.email()),
                    "phone": ctx.fake.phone_number(),
                    "idMethod": ctx.pick(("kba+credential", "personal_knowledge", "credible_witness"))} for i in range(ctx.rng.randint(1, 3))]
        body: dict[str, Any] = {"documentName": j(ctx, "documentName", f"{ctx.pick(_NOTARIAL_DOCS)} -- {_person(ctx).split()[-1]}.pdf"),
                                "documentSha256": _sha256(ctx),
                                "notarialAct": ctx.pick(("acknowledgment", "jurat", "copy_certification")), "signers": signers,
                                "witnesses": ctx.rng.randint(0, 2), "jurisdiction": ctx.pick(("VA", "TX", "FL", "NV", "MN")),
                                "instructions": j(ctx, "instructions",
                                                  ctx.pick(("", "Signer is 84 -- please allow extra time; daughter (POA agent) will be on the call too.",
                                                                                 "Sign where the yellow 'Sign Here' tabs are; initial each page (pp. 1-12).",
                                                                                 v.sentence(ctx))))}
        return req("POST", "/notarywitness/api/v1/sessions", site_headers(ctx, ctx.pick(("xhr", "xhr", "sdk")), "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "upload":
        title = ctx.pick(_NOTARIAL_DOCS)
        fields: list[tuple[str, Any]] = [("session_id", session), ("document_title", title), ("sha256", _sha256(ctx)),
                                         ("page_count", str(ctx.rng.randint(1, 60))),
                                         ("signature_fields", ctx.pick(("auto-detect", "p1:signer1; p3:signer1,witness1", "p12 -- notary block")))]
        ctype, body2 = multipart(ctx, fields, [("document", f"{title.split(' (')[0].replace(' ', '_')}.pdf", "application/pdf", _pdf(ctx, title))])
        return req("POST", "/notarywitness/upload", form_headers(ctx, f"/notarywitness/sessions/{session}/prepare", ctype), body=body2)
    if kind == "idv":
        first, last = ctx.pick((("Seán", "O'Connor"), ("Zoë", "D'Souza-Ng"), ("Nguyễn Thị", "Lan"),
                                ("Anne-Marie", "St. John"))) if ctx.chance(0.5) else v.person_name(ctx)
        body3 = {"event": ctx.pick(("identity.verified", "identity.failed", "identity.review")), "sessionId": session, "occurredAt": v.iso_datetime(ctx),
                 "document": {"type": "passport", "mrz": _mrz(ctx, first, last), "givenNames": j(ctx, "document.givenNames", first),
                              "surname": j(ctx, "document.surname", last),
                              "address": j(ctx, "document.address", f"{ctx.fake.street_address()} {_unit(ctx)}".strip())},
                 "kba": {"passed": ctx.chance(0.85), "correct": ctx.rng.randint(3, 5), "of": 5}, "liveness": {"score": round(ctx.rng.uniform(0.6, 1), 3)},
                 "reviewerNote": j(ctx, "reviewerNote",
                                   ctx.pick(("", "Name on ID has apostrophe; MRZ shows O<CONNOR -- match OK", "Glare on photo page; re-captured",
                                             v.sentence(ctx))))}
        extra = (("X-IDV-Signature", f"t={ctx.rng.randrange(1_700_000_000, 1_760_000_000)},v1={v.hex_token(ctx, 64)}"),)
        return req("POST", "/notarywitness/webhooks/idv", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body3))
    if kind == "verify":
        return req(ctx.pick(("GET", "GET", "HEAD")), "/notarywitness/verify", headers_for(ctx, ctx.pick(("nav", "xhr"))),
                   qs(ctx,
                      [("sha256", _sha256(ctx)), ("cert", ctx.pick(("", f"NW-{ctx.rng.randrange(10**7, 10**8)}"))),
                       ("commission", ctx.pick(("", str(ctx.rng.randrange(10**6, 10**7)))))]))
    if kind == "journal":
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("journal_entry[signer_name]", _person(ctx)),
                  ("journal_entry[signer_address]", f"{ctx.fake.street_address()} {_unit(ctx)}, {ctx.fake.city()}"),
                  ("journal_entry[id_type]", ctx.pick(("passport", "driver's licence", "state ID", "credible witness"))),
                  ("journal_entry[document_type]", ctx.pick(_NOTARIAL_DOCS)), ("journal_entry[fee]", ctx.pick(("25.00", "$25", "10"))),
                  ("journal_entry[notes]", _journal_note(ctx))]
        return req("POST", "/notarywitness/journal/entries", form_headers(ctx, "/notarywitness/journal/new"),
                   body=form(ctx, fields, fixed=("authenticity_token",)))
    if kind == "evidence":
        return req("PUT", f"/notarywitness/api/v1/sessions/{seg(ctx, 'session', session)}/evidence",
                   headers_for(ctx, "sdk", content_type="application/xml", auth="jwt"),
                   body=_evidence_xml(ctx, session))
    r = ctx.rng.random()
    if r < 0.45:
        return req("DELETE", f"/notarywitness/api/v1/sessions/{seg(ctx, 'session', session)}", headers_for(ctx, "xhr", auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("Signer no-show", "Wrong document uploaded -- will restart", "ID failed twice", "")))]))
    if r < 0.7:
        return req("GET", f"/notarywitness/api/v1/sessions/{seg(ctx, 'session', session)}", headers_for(ctx, "mobile", auth="jwt"),
                   qs(ctx, [("expand", "signers,events")], fixed=("expand",)))
    return preflight(ctx, "/notarywitness/api/v1/sessions", ("POST", "DELETE"), ("authorization,content-type", "authorization"))


HOLDOUT5_A: tuple[str, ...] = (
    "court_efiling", "legislative_drafting", "foia_records_portal", "smb_tax_filing",
    "building_permits", "patent_search", "public_procurement", "online_notary",
)
