"""Train templates: enterprise back-office products whose parameters are query languages.

An SAP-style ERP OData gateway (`$filter=Price gt 20 and substringof('x',Name)`, `$expand`,
`$batch` in multipart/mixed, Atom entries), a Salesforce-style CRM (SOQL in `?q=`, SOSL,
composite requests, Bulk API CSV, the partner SOAP API, Web-to-Lead forms), a ServiceNow-style
ITSM tool (encoded queries such as `active=true^priorityIN1,2^ORDERBYDESCsys_updated_on`,
`javascript:gs.daysAgoStart(7)`, GlideRecord background scripts, SOAP), a Jira-style issue
tracker (JQL, wiki markup with stack traces, ADF, attachments), a SharePoint-style intranet
(OData, CAML `<Where><Eq><FieldRef Name='Status'/>`, KQL search, Lists.asmx SOAP, library
uploads), a BI dashboard tool (DAX, MDX over XMLA, native SQL with `{{template}}` tags, Vega-Lite
expressions), a Zapier/n8n-style workflow service (`{{ $json.email }}`, `{{steps.1.output}}`,
JavaScript and Python code steps, webhooks, Slack commands) and a data catalogue with lineage
(table descriptions, column tags, view definitions, OpenLineage events, JSON Patch, GraphQL).

They exist because in these products the *benign* request is a query language or code:
a SOQL `WHERE Name LIKE '%O\\'Brien%'`, a JQL `status != Done ORDER BY created DESC`, a CAML
`<Value Type='Text'>` or a `CREATE OR REPLACE VIEW` is what the product's own UI and SDKs send,
and a model that never saw them benign flags them as SQL injection, XSS or template injection.
Every value a user or client controls goes through a slot; protocol constants do not.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    csv_text,
    Request,
    dumps,
    form,
    form_headers,
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

_NAMES = (
    "Seán O'Brien",
    "Zoë D'Angelo",
    "Renée Müller-Lüdenscheidt",
    "Łukasz Wróblewski",
    "Nguyễn Thị Hoa",
    "Mary-Kate O'Sullivan",
    "José María Pérez",
    "Anne-Marie D'Souza",
    "Björn Åkesson",
    "François L'Héritier",
    "Siobhán McCarthy",
)
_COMPANIES = (
    "O'Brien Logistics Ltd.",
    "Müller & Söhne GmbH",
    "L'Oréal Deutschland GmbH",
    "AT&T Business",
    "Procter & Gamble Co.",
    "Smith, Jones & Partners LLP",
    "Ben & Jerry's Homemade",
    "Dell'Orto S.p.A.",
    "Société Générale (FR)",
    "Johnson & Johnson",
    "McDonald's Restaurants",
    "Acme Corp. -- EMEA",
    "3M Deutschland",
    'Toys"R"Us Canada',
)


def _name(ctx: Ctx) -> str:
    """A person's name as people type it: Faker's in the request's locale, often with apostrophes or diacritics."""
    return ctx.pick(_NAMES) if ctx.chance(0.2) else v.full_name(ctx)


def _company(ctx: Ctx) -> str:
    return ctx.pick(_COMPANIES) if ctx.chance(0.45) else ctx.fake.company()


def _raw_qs(ctx: Ctx, pairs: list[tuple[str, Any]], fixed: tuple[str, ...] = ()) -> str:
    """A query string whose names go raw (`$filter`, `sysparm_query`) as OData and REST clients send them; values not in `fixed` are slots."""
    out = []
    for name, value in pairs:
        if value is None:
            continue
        if name not in fixed:
            value = ctx.slot("query", name, value)
        out.append(f"{name}={ctx.qenc(value)}")
    return "&".join(out)


def _note(ctx: Ctx, own: tuple[str, ...]) -> str:
    """A free-text field: the app's own typical notes most of the time, otherwise any user text."""
    return ctx.pick(own) if ctx.chance(0.6) else user_note(ctx)


def _words(ctx: Ctx, n: int = 2) -> str:
    return " ".join(ctx.en.word() for _ in range(n))


# --------------------------------------------------------------------------
# ERP OData gateway (SAP Gateway-like): $filter / $expand / $orderby / $select, $batch, Atom
# --------------------------------------------------------------------------

_ERP_ROOT = "/erpgw/sap/opu/odata/sap/"
_ERP_SETS = (  # service, entity set, key property, navigation properties, selectable fields
    (
        "ZSD_SALESORDER_SRV",
        "SalesOrderSet",
        "SalesOrderID",
        ("ToLineItems", "ToBusinessPartner", "ToLineItems/ToProduct"),
        "SalesOrderID,CustomerID,CustomerName,GrossAmount,CurrencyCode,LifecycleStatus,CreatedAt,Note",
    ),
    (
        "API_BUSINESS_PARTNER",
        "A_BusinessPartner",
        "BusinessPartner",
        ("to_BusinessPartnerAddress", "to_Customer", "to_BusinessPartnerRole"),
        "BusinessPartner,BusinessPartnerFullName,BusinessPartnerCategory,SearchTerm1,CreationDate",
    ),
    (
        "API_PRODUCT_SRV",
        "A_Product",
        "Product",
        ("to_Description", "to_Plant", "to_Plant/to_StorageLocation"),
        "Product,ProductType,BaseUnit,ProductGroup,GrossWeight,WeightUnit",
    ),
    (
        "ZMM_PURCHASEORDER_SRV",
        "PurchaseOrderSet",
        "PurchaseOrder",
        ("ToItems", "ToSupplier"),
        "PurchaseOrder,Supplier,SupplierName,PurchasingGroup,NetAmount,DocumentCurrency,Status",
    ),
    (
        "EPM_REF_APPS_PROD_MAN_SRV",
        "Products",
        "Id",
        ("Supplier", "Reviews", "MainCategory"),
        "Id,Name,Description,Price,CurrencyCode,StockQuantity,SubCategoryName",
    ),
)
_ERP_TERMS = ("x", "steel", "O'Neil", "Müller", "bolt M8", "24/7", "Pump & Seal", "HT-10", "Notebook Basic 15", "d'Arcy", "café", "100%")


def _odata_lit(value: str) -> str:
    """An OData string literal: single quotes doubled."""
    return "'" + value.replace("'", "''") + "'"


def _erp_filter(ctx: Ctx) -> str:
    term, day = ctx.pick(_ERP_TERMS), v.iso_date(ctx)
    return ctx.pick(
        (
            f"Price gt {ctx.rng.randint(5, 500)} and substringof({_odata_lit(term)},Name)",
            f"substringof({_odata_lit(term)},CustomerName) or startswith(CustomerID,'0100')",
            "LifecycleStatus eq 'N' or LifecycleStatus eq 'P'",
            f"CreatedAt ge datetime'{day}T00:00:00' and CurrencyCode eq '{ctx.pick(('EUR', 'USD', 'GBP', 'JPY'))}'",
            f"CustomerName eq {_odata_lit(_company(ctx))}",
            f"not substringof('test',tolower(Description)) and StockQuantity lt {ctx.rng.randint(1, 50)}",
            f"GrossAmount ge {v.money(ctx, 100, 90000)}M and GrossAmount le {v.money(ctx, 90000, 500000)}M",
            f"(Plant eq '{ctx.pick(('1010', '1710', '2000'))}' or Plant eq '1020') and StorageLocation ne '0001'",
            f"SubCategoryName eq 'Notebooks' and length(Description) gt 0 and endswith(Id,'-{ctx.rng.randint(100, 999)}')",
            f"BusinessPartnerCategory eq '2' and substringof({_odata_lit(ctx.fake.last_name())},BusinessPartnerFullName)",
        )
    )


def _erp_key(ctx: Ctx, prop: str) -> str:
    if prop in ("Product", "Id"):
        return f"{ctx.pick(('HT', 'MZ', 'FG', 'RM'))}-{ctx.rng.randint(1000, 9999)}"
    return str(ctx.rng.randrange(10**7, 10**8)).rjust(10, "0")


_ERP_NOTES = (
    "Deliver to dock 3 -- NOT before the 15th; ref. PO# 4500012345",
    "Incoterms FCA Hamburg; partial delivery allowed (max. 2 shipments)",
    "Price agreed w/ purchasing (-5% vs. list) -- approval in CHG0031245",
    "Customer asked: 'please split into 2 shipments' -- see mail of 03/04",
    "Drop-ship c/o warehouse partner, Gate #4; call 30 min before arrival",
    "Replacement for damaged goods (claim 2024/117) -- no charge!",
    "Select the cheaper carrier & update the ETA in the portal",
    "Payment terms: 30 days net / 2% 10 days; PO must be quoted on invoice",
)


def _erp_headers(ctx: Ctx, content_type: str | None = None, extra: tuple[tuple[str, str], ...] = ()) -> list[list[str]]:
    """SAPUI5 in the Fiori launchpad, an integration script with Basic auth, or the mobile app."""
    client = ctx.pick(("ui5", "ui5", "script", "mobile"))
    odata = (("DataServiceVersion", "2.0"), ("MaxDataServiceVersion", "2.0"))
    if client == "ui5":
        site = v.site(ctx)
        return headers_for(
            ctx,
            "xhr",
            content_type=content_type,
            accept="application/json",
            origin=site if content_type else None,
            referer=f"{site}/sap/bc/ui5_ui5/ui2/ushell/shells/abap/FioriLaunchpad.html",
            cookies=True,
            extra=(("sap-contextid-accept", "header"), ("sap-cancel-on-close", "true")) + odata + extra,
        )
    if client == "script":
        return headers_for(ctx, "sdk", content_type=content_type, auth="basic", extra=odata + extra)
    return headers_for(ctx, "mobile", content_type=content_type, auth="jwt", extra=odata + extra)


def _erp_batch(ctx: Ctx, service: str, entity: str, key: str) -> tuple[str, str]:
    """A $batch as SAPUI5's ODataModel sends it: GET parts with encoded queries and one changeset with a MERGE."""
    batch, change = f"batch_{v.hex_token(ctx, 4)}-{v.hex_token(ctx, 4)}-{v.hex_token(ctx, 4)}", f"changeset_{v.hex_token(ctx, 4)}-{v.hex_token(ctx, 4)}"
    parts = []
    for _ in range(ctx.rng.randint(1, 3)):
        query = f"$skip=0&$top={ctx.pick((20, 50, 100))}&$filter={urllib.parse.quote(_erp_filter(ctx), safe='')}&$inlinecount=allpages"
        parts.append(
            f"--{batch}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            f"GET {entity}?{query} HTTP/1.1\r\nsap-cancel-on-close: true\r\nAccept: application/json\r\nAccept-Language: en\r\n"
            "DataServiceVersion: 2.0\r\nMaxDataServiceVersion: 2.0\r\n\r\n\r\n"
        )
    body = ctx.slot(
        "multipart", "changeset.body", json.dumps({"Note": ctx.pick(_ERP_NOTES), "LifecycleStatus": ctx.pick(("P", "C"))}, ensure_ascii=ctx.json_ascii)
    )
    parts.append(
        f"--{batch}\r\nContent-Type: multipart/mixed; boundary={change}\r\n\r\n--{change}\r\nContent-Type: application/http\r\n"
        f"Content-Transfer-Encoding: binary\r\n\r\nMERGE {entity}('{key}') HTTP/1.1\r\nContent-ID: id-{ctx.rng.randrange(10**12, 10**13)}-1\r\n"
        f"Content-Type: application/json\r\nAccept: application/json\r\n\r\n{body}\r\n--{change}--\r\n\r\n"
    )
    return f"multipart/mixed;boundary={batch}", "".join(parts) + f"--{batch}--\r\n"


def _erp_atom_entry(ctx: Ctx) -> str:
    """A create as older OData V2 clients (and SAP Cloud Integration) post it: an Atom entry."""
    x = {
        k: enc_xml(str(ctx.slot("xml", f"d:{k}", val)))
        for k, val in (
            ("CustomerName", _company(ctx)),
            ("Note", _note(ctx, _ERP_NOTES)),
            ("PurchaseOrderByCustomer", f"PO {ctx.rng.randrange(10**5, 10**6)}/{ctx.pick(('A', 'B', '24'))}"),
        )
    }
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<entry xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices">\n'
        '  <content type="application/xml">\n    <m:properties>\n'
        f"      <d:CustomerID>{str(ctx.rng.randrange(10**7, 10**8)).rjust(10, '0')}</d:CustomerID>\n"
        f"      <d:CustomerName>{x['CustomerName']}</d:CustomerName>\n"
        f"      <d:PurchaseOrderByCustomer>{x['PurchaseOrderByCustomer']}</d:PurchaseOrderByCustomer>\n"
        f"      <d:CurrencyCode>{ctx.pick(('EUR', 'USD', 'CHF'))}</d:CurrencyCode>\n      <d:Note>{x['Note']}</d:Note>\n"
        f"      <d:RequestedDeliveryDate>{v.iso_date(ctx)}T00:00:00</d:RequestedDeliveryDate>\n    </m:properties>\n  </content>\n</entry>\n"
    )


@template("train", ("/erpgw/",))
def erp_odata_gateway(ctx: Ctx) -> Request:
    """ERP OData: entity-set queries with $filter/$expand/$orderby/$select, key reads, function imports, creates (JSON, Atom), MERGE/PUT, $batch, CSRF fetch."""
    service, entity, prop, navs, fields = ctx.pick(_ERP_SETS)
    base = f"{_ERP_ROOT}{service}/"
    kind = ctx.pick(("query", "query", "query", "read", "create", "create", "update", "batch", "meta", "function", "delete"))
    if kind == "query":
        pairs: list[tuple[str, Any]] = [
            ("sap-client", ctx.pick(("100", "200", "800"))),
            ("$skip", ctx.rng.randrange(0, 200, 20)),
            ("$top", ctx.pick((20, 50, 100))),
            ("$filter", _erp_filter(ctx)),
            ("$orderby", ctx.pick(("CreatedAt desc", "GrossAmount desc,SalesOrderID asc", "Name", f"{prop} asc"))),
        ]
        if ctx.chance(0.6):
            pairs.append(("$select", ",".join(ctx.rng.sample(fields.split(","), ctx.rng.randint(2, 5)))))
        if ctx.chance(0.5):
            pairs.append(("$expand", ",".join(ctx.rng.sample(navs, ctx.rng.randint(1, 2)))))
        if ctx.chance(0.25):
            pairs.append(("search", ctx.pick(_ERP_TERMS)))
        pairs += [("$inlinecount", "allpages"), ("$format", "json")] if ctx.chance(0.5) else []
        return req("GET", base + entity, _erp_headers(ctx), _raw_qs(ctx, pairs, fixed=("sap-client", "$skip", "$top", "$inlinecount", "$format")))
    key = _erp_key(ctx, prop)
    if kind == "read":
        nav = f"/{ctx.pick(navs)}" if ctx.chance(0.4) else ""
        pairs = [("$expand", ",".join(ctx.rng.sample(navs, 1)))] if not nav and ctx.chance(0.5) else []
        pairs += [("sap-language", ctx.pick(("EN", "DE", "FR")))]
        return req(
            ctx.pick(("GET", "GET", "HEAD")), f"{base}{entity}('{seg(ctx, 'key', key)}'){nav}", _erp_headers(ctx), _raw_qs(ctx, pairs, fixed=("sap-language",))
        )
    token = ("x-csrf-token", v.b64url(ctx.rng.randbytes(18)) + "==")
    if kind == "create":
        if ctx.chance(0.4):
            return req("POST", base + entity, _erp_headers(ctx, "application/atom+xml", (token,)), body=_erp_atom_entry(ctx))
        items = [
            {
                "ItemPosition": f"{(i + 1) * 10:010d}",
                "ProductID": j(ctx, f"ToLineItems[{i}].ProductID", _erp_key(ctx, "Product")),
                "Quantity": str(ctx.rng.randint(1, 500)),
                "QuantityUnit": ctx.pick(("EA", "PC", "KG", "M")),
                "Note": j(ctx, f"ToLineItems[{i}].Note", ctx.pick(("", "Colour: RAL 7016 (anthracite)", '1/2" thread -- NOT metric', "urgent!!"))),
            }
            for i in range(ctx.rng.randint(1, 3))
        ]
        body = {
            "CustomerID": str(ctx.rng.randrange(10**7, 10**8)).rjust(10, "0"),
            "CustomerName": j(ctx, "CustomerName", _company(ctx)),
            "CurrencyCode": ctx.pick(("EUR", "USD")),
            "Note": j(ctx, "Note", _note(ctx, _ERP_NOTES)),
            "ToLineItems": items,
        }
        return req("POST", base + "SalesOrderSet", _erp_headers(ctx, "application/json", (token,)), body=dumps(ctx, body))
    if kind == "update":
        etag = (
            "If-Match",
            f"W/\"datetime'{v.iso_date(ctx)}T{ctx.rng.randint(0, 23):02d}%3A{ctx.rng.randint(0, 59):02d}%3A{ctx.rng.randint(0, 59):02d}."
            f"{ctx.rng.randint(0, 9999999):07d}'\"",
        )
        body = {"Note": j(ctx, "Note", _note(ctx, _ERP_NOTES)), "LifecycleStatus": ctx.pick(("N", "P", "C"))}
        if ctx.chance(0.5):
            body["PurchaseOrderByCustomer"] = j(ctx, "PurchaseOrderByCustomer", f"PO {ctx.rng.randrange(10**5, 10**6)}")
        path = f"{base}{entity}('{seg(ctx, 'key', key)}')"
        r = ctx.rng.random()
        if r < 0.4:  # UI5 tunnels MERGE through POST
            return req("POST", path, _erp_headers(ctx, "application/json", (token, etag, ("X-HTTP-Method", "MERGE"))), body=dumps(ctx, body))
        return req("PATCH" if r < 0.7 else "PUT", path, _erp_headers(ctx, "application/json", (token, etag)), body=dumps(ctx, body))
    if kind == "batch":
        ctype, body2 = _erp_batch(ctx, service, entity, key)
        return req("POST", base + "$batch", _erp_headers(ctx, ctype, (token,)), _raw_qs(ctx, [("sap-client", "100")], fixed=("sap-client",)), body=body2)
    if kind == "meta":
        r = ctx.rng.random()
        if r < 0.4:  # the CSRF token fetch before any change
            return req("HEAD", base, _erp_headers(ctx, extra=(("x-csrf-token", "Fetch"),)))
        if r < 0.8:
            return req(
                "GET",
                base + "$metadata",
                _erp_headers(ctx),
                _raw_qs(ctx, [("sap-language", ctx.pick(("EN", "DE", "ES"))), ("sap-client", "100")], fixed=("sap-client",)),
            )
        return preflight(
            ctx, base + entity, ("POST", "PATCH", "DELETE"), ("x-csrf-token,content-type", "content-type,dataserviceversion,maxdataserviceversion,x-csrf-token")
        )
    if kind == "function":
        pairs = [
            ("CustomerID", f"'{str(ctx.rng.randrange(10**7, 10**8)).rjust(10, '0')}'"),
            ("Amount", f"{v.money(ctx, 10, 90000)}M"),
            ("Currency", f"'{ctx.pick(('EUR', 'USD'))}'"),
            ("Comment", _odata_lit(ctx.pick(("rush order", "O'Neil's deal", "Q4 -- year end", _words(ctx))))),
        ]
        return req("GET", base + ctx.pick(("CheckCreditLimit", "SimulatePricing", "GetAvailableStock")), _erp_headers(ctx), _raw_qs(ctx, pairs))
    path = f"{base}SalesOrderItemSet(SalesOrderID='{seg(ctx, 'key', key)}',ItemPosition='{ctx.rng.randint(1, 9) * 10:010d}')"
    return req("DELETE", path, _erp_headers(ctx, extra=(token, ("If-Match", "*"))))


# --------------------------------------------------------------------------
# CRM (Salesforce-like): SOQL in ?q=, SOSL, sObjects, composite, Bulk API CSV, SOAP, Web-to-Lead
# --------------------------------------------------------------------------

_CRM_API = "/crmforce/services/data/v59.0"
_CRM_TERMS = ("Acme", "O'Brien", "Müller & Söhne", "d'Angelo", "Smith, Jones", "100% Natural", "St. John's", "AT&T", "Café Noir", "50/50 Media")


def _sf_id(ctx: Ctx, prefix: str) -> str:
    return prefix + "5g0000" + v.alnum_token(ctx, 9)


def _soql_lit(value: str) -> str:
    """A SOQL string literal's inside: backslashes and single quotes escaped with a backslash."""
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _soql(ctx: Ctx) -> str:
    term, lim = _soql_lit(ctx.pick(_CRM_TERMS)), ctx.pick((10, 20, 50, 200))
    last = _soql_lit(ctx.pick(("O'Brien", "D'Souza", ctx.fake.last_name())))
    return ctx.pick(
        (
            f"SELECT Id, Name FROM Account WHERE Name LIKE '%{term}%' LIMIT {lim}",
            f"SELECT Id, Name, Industry, AnnualRevenue, Owner.Name FROM Account WHERE BillingCountry = '{_soql_lit(ctx.fake.country())}' "
            f"AND AnnualRevenue > {ctx.rng.randrange(10**5, 10**8)} ORDER BY AnnualRevenue DESC NULLS LAST LIMIT {lim}",
            f"SELECT Id, Name, (SELECT Id, LastName, Email FROM Contacts WHERE Email != null) FROM Account WHERE Id IN ('{_sf_id(ctx, '001')}', "
            f"'{_sf_id(ctx, '001')}')",
            "SELECT COUNT() FROM Opportunity WHERE StageName != 'Closed Lost' AND CloseDate = THIS_QUARTER",
            f"SELECT StageName, SUM(Amount) total FROM Opportunity WHERE CloseDate = LAST_N_DAYS:{ctx.pick((30, 90, 365))} GROUP BY StageName HAVING "
            "SUM(Amount) > 100000",
            f"SELECT Id, CaseNumber, Subject, Status FROM Case WHERE Status IN ('New', 'Escalated') AND Account.Name = '{_soql_lit(_company(ctx))}' ORDER BY "
            f"CreatedDate DESC LIMIT {lim}",
            f"SELECT Id, FirstName, LastName, Email FROM Contact WHERE LastName = '{last}' AND MailingCity = '{_soql_lit(ctx.fake.city())}'",
            f"SELECT Id, Subject, ActivityDate FROM Task WHERE OwnerId = '{_sf_id(ctx, '005')}' AND IsClosed = false AND ActivityDate <= NEXT_N_DAYS:7",
            "SELECT Id, Name, Email FROM Lead WHERE IsConverted = false AND (LeadSource = 'Web' OR LeadSource = 'Partner Referral') AND CreatedDate > "
            f"{v.iso_date(ctx)}T00:00:00Z",
            f"SELECT Id, Body FROM FeedItem WHERE ParentId = '{_sf_id(ctx, '001')}' ORDER BY CreatedDate DESC LIMIT 20 OFFSET {ctx.pick((20, 40))}",
            f"SELECT Id, Name, Amount FROM Opportunity WHERE Account.Type IN ('Customer - Direct', 'Partner') AND Description LIKE '%{term}%' WITH "
            "SECURITY_ENFORCED",
        )
    )


def _sosl(ctx: Ctx) -> str:
    term = ctx.pick(("Acme*", "O\\'Brien", '"annual renewal"', "Müller", "jane.doe@example.com", "555-0100", "d\\'Angelo*"))
    return (
        f"FIND {{{term}}} IN {ctx.pick(('ALL FIELDS', 'NAME FIELDS', 'EMAIL FIELDS'))} RETURNING Account(Id, Name WHERE BillingCountry = 'US'), "
        f"Contact(Id, Name, Email ORDER BY LastName LIMIT 10), Lead(Id, Company) LIMIT {ctx.pick((20, 50))}"
    )


_CRM_NOTES = (
    "Met at Dreamforce -- interested in the 'Enterprise' tier; send pricing & case studies.",
    "Decision maker is the CFO; procurement wants 3 quotes by Q3. Competitor: Acme (they're 10% cheaper).",
    "Do NOT call before 10am CET. Prefers e-mail; assistant: {name}.",
    "Renewal risk -- 2 P1 cases open (see Case #00012345); exec sponsor left the company.",
    "Upsell: +50 seats if SSO & audit log ship before 1/1. Legal asked for DPA (GDPR, Art. 28).",
    'Lead from web form -- wrote: "we need to update our CRM & select a vendor by March"',
)


def _crm_note(ctx: Ctx) -> str:
    return _note(ctx, _CRM_NOTES).replace("{name}", _name(ctx))


def _crm_soap(ctx: Ctx) -> str:
    """The partner SOAP API's query call, as Data Loader and older integrations send it."""
    call = ctx.pick(("query", "queryAll"))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">\n'
        f"  <soapenv:Header>\n    <urn:SessionHeader><urn:sessionId>00D{v.alnum_token(ctx, 15)}!{v.alnum_token(ctx, 90)}</urn:sessionId></urn:SessionHeader>\n"
        f"    <urn:QueryOptions><urn:batchSize>{ctx.pick((200, 500, 2000))}</urn:batchSize></urn:QueryOptions>\n  </soapenv:Header>\n"
        f"  <soapenv:Body>\n    <urn:{call}>\n      <urn:queryString>{enc_xml(str(ctx.slot('xml', 'queryString', _soql(ctx))))}</urn:queryString>\n"
        f"    </urn:{call}>\n  </soapenv:Body>\n</soapenv:Envelope>\n"
    )


def _crm_bulk_csv(ctx: Ctx) -> str:
    rows: list[list[Any]] = [["External_Id__c", "FirstName", "LastName", "Email", "MailingStreet", "Description"]]
    for i in range(ctx.rng.randint(2, 30)):
        first, last = v.person_name(ctx)
        street, desc = ctx.fake.street_address(), ctx.pick(("", _crm_note(ctx), 'Says "call me Liz"', v.sentence(ctx)))
        if i == 0:
            last, street, desc = (
                ctx.slot("multipart", "csv.LastName", last),
                ctx.slot("multipart", "csv.MailingStreet", street),
                ctx.slot("multipart", "csv.Description", desc),
            )
        rows.append([f"ERP-{ctx.rng.randrange(10**5, 10**6)}", first, last, ctx.fake.email(), street, desc])
    return csv_text(rows)


def _crm_client(ctx: Ctx, content_type: str | None = None) -> list[list[str]]:
    """simple-salesforce / jsforce scripts, the mobile app, or a Lightning component calling the REST API."""
    profile = ctx.pick(("sdk", "sdk", "mobile", "xhr"))
    extra = (("Sforce-Call-Options", f"client={ctx.pick(('DataLoader', 'jsforce', 'simple-salesforce', 'SalesforceMobileSDK'))}"),) if ctx.chance(0.4) else ()
    return headers_for(ctx, profile, content_type=content_type, auth="jwt", extra=extra)


@template("train", ("/crmforce/",))
def crm_soql_api(ctx: Ctx) -> Request:
    """CRM: SOQL queries and SOSL searches in the query string, sObject create/update/upsert/delete, composite requests, Bulk API 2.0 jobs with CSV,
    the SOAP query call and the Web-to-Lead form posted from a customer's website."""
    kind = ctx.pick(("query", "query", "query", "search", "sobject", "composite", "bulk", "soap", "web2lead", "delete"))
    if kind == "query":
        q = _raw_qs(ctx, [("q", _soql(ctx))])
        return req("GET", f"{_CRM_API}/{ctx.pick(('query', 'query', 'queryAll'))}", _crm_client(ctx), q)
    if kind == "search":
        if ctx.chance(0.3):
            pairs = [("q", ctx.pick(_CRM_TERMS)), ("sobject", "Account"), ("Account.fields", "Id,Name,BillingCity"), ("Account.limit", "5")]
            return req("GET", f"{_CRM_API}/parameterizedSearch", _crm_client(ctx), _raw_qs(ctx, pairs, fixed=("sobject", "Account.fields", "Account.limit")))
        return req("GET", f"{_CRM_API}/search", _crm_client(ctx), _raw_qs(ctx, [("q", _sosl(ctx))]))
    if kind == "sobject":
        first, last = v.person_name(ctx)
        r = ctx.rng.random()
        if r < 0.4:
            body = {
                "FirstName": j(ctx, "FirstName", first),
                "LastName": j(ctx, "LastName", last),
                "Company": j(ctx, "Company", _company(ctx)),
                "Email": j(ctx, "Email", ctx.fake.email()),
                "LeadSource": ctx.pick(("Web", "Trade Show", "Partner Referral")),
                "Description": j(ctx, "Description", _crm_note(ctx)),
                "Street": j(ctx, "Street", ctx.fake.street_address()),
                "Notes__c": j(ctx, "Notes__c", ctx.pick(("", "Budget: €50k-€80k; timeline < 6 months", v.prose(ctx, 1, 2, trap_rate=0.4)))),
            }
            return req("POST", f"{_CRM_API}/sobjects/Lead", _crm_client(ctx, "application/json"), body=dumps(ctx, body))
        body = {
            "Description": j(ctx, "Description", _crm_note(ctx)),
            "Rating": ctx.pick(("Hot", "Warm", "Cold")),
            "NumberOfEmployees": ctx.rng.randint(5, 90000),
        }
        if r < 0.75:
            return req(
                "PATCH", f"{_CRM_API}/sobjects/Account/{seg(ctx, 'id', _sf_id(ctx, '001'))}", _crm_client(ctx, "application/json"), body=dumps(ctx, body)
            )
        body["Name"] = j(ctx, "Name", _company(ctx))  # an upsert on the ERP's customer number
        return req(
            "PATCH",
            f"{_CRM_API}/sobjects/Account/ERP_Customer_No__c/{seg(ctx, 'external_id', str(ctx.rng.randrange(10**7, 10**8)))}",
            _crm_client(ctx, "application/json"),
            body=dumps(ctx, body),
        )
    if kind == "composite":
        ref = f"ref{ctx.en.word().capitalize()}"
        sub = [
            {
                "method": "POST",
                "url": "/services/data/v59.0/sobjects/Account",
                "referenceId": ref,
                "body": {
                    "Name": j(ctx, "compositeRequest[0].body.Name", _company(ctx)),
                    "Description": j(ctx, "compositeRequest[0].body.Description", _crm_note(ctx)),
                },
            },
            {
                "method": "POST",
                "url": "/services/data/v59.0/sobjects/Contact",
                "referenceId": "refContact",
                "body": {"LastName": j(ctx, "compositeRequest[1].body.LastName", ctx.pick(("O'Brien", ctx.fake.last_name()))), "AccountId": f"@{{{ref}.id}}"},
            },
            {
                "method": "GET",
                "referenceId": "refQuery",
                "url": "/services/data/v59.0/query?q="
                + urllib.parse.quote_plus(f"SELECT Id, Name FROM Contact WHERE AccountId = '@{{{ref}.id}}'", safe="@{}',="),
            },
        ]
        return req(
            "POST", f"{_CRM_API}/composite", _crm_client(ctx, "application/json"), body=dumps(ctx, {"allOrNone": ctx.chance(0.7), "compositeRequest": sub})
        )
    if kind == "bulk":
        r = ctx.rng.random()
        if r < 0.35:
            body = {
                "object": "Contact",
                "externalIdFieldName": "External_Id__c",
                "contentType": "CSV",
                "operation": ctx.pick(("insert", "upsert")),
                "lineEnding": "LF",
            }
            return req("POST", f"{_CRM_API}/jobs/ingest", _crm_client(ctx, "application/json"), body=dumps(ctx, body))
        if r < 0.55:
            body = {
                "operation": ctx.pick(("query", "queryAll")),
                "query": j(ctx, "query", _soql(ctx).split(" LIMIT ")[0]),
                "columnDelimiter": "COMMA",
                "lineEnding": "LF",
            }
            return req("POST", f"{_CRM_API}/jobs/query", _crm_client(ctx, "application/json"), body=dumps(ctx, body))
        return req(
            "PUT",
            f"{_CRM_API}/jobs/ingest/{seg(ctx, 'job', '750' + v.alnum_token(ctx, 15))}/batches",
            headers_for(ctx, "sdk", content_type="text/csv", auth="jwt"),
            body=_crm_bulk_csv(ctx),
        )
    if kind == "soap":
        return req(
            "POST",
            "/crmforce/services/Soap/u/59.0",
            headers_for(ctx, "sdk", content_type="text/xml; charset=UTF-8", extra=(("SOAPAction", '""'),)),
            body=_crm_soap(ctx),
        )
    if kind == "web2lead":  # posted by the form on the customer's own website
        first, last = v.person_name(ctx)
        fields: list[tuple[str, Any]] = [
            ("oid", "00D" + v.alnum_token(ctx, 12)),
            ("retURL", f"https://www.{ctx.en.domain_name()}/thank-you?src=contact"),
            ("first_name", first),
            ("last_name", last),
            ("email", ctx.fake.email()),
            ("company", _company(ctx)),
            ("city", ctx.fake.city()),
            ("phone", ctx.fake.phone_number()),
            ("lead_source", "Web"),
            ("00N5g00000Ab3Xy", ctx.pick(("Enterprise", "SMB", "Public sector"))),
            ("description", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), "We'd like a demo -- 20 users, SSO (Azure AD) & Outlook sync.", user_note(ctx)))),
        ]
        site = f"https://www.{ctx.en.domain_name()}"
        return req(
            "POST",
            "/crmforce/servlet/servlet.WebToLead",
            headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/contact"),
            "encoding=UTF-8",
            body=form(ctx, fields, fixed=("oid", "lead_source")),
        )
    if ctx.chance(0.2):
        return preflight(
            ctx, f"{_CRM_API}/sobjects/Contact", ("PATCH", "DELETE", "POST"), ("authorization,content-type", "authorization,content-type,sforce-call-options")
        )
    return req("DELETE", f"{_CRM_API}/sobjects/{ctx.pick(('Contact', 'Task', 'Lead'))}/{seg(ctx, 'id', _sf_id(ctx, '003'))}", _crm_client(ctx))


# --------------------------------------------------------------------------
# ITSM (ServiceNow-like): encoded queries, Table API, attachments, catalog orders, classic forms, background scripts, SOAP
# --------------------------------------------------------------------------

_ITSM_GROUPS = ("Service Desk", "Network Ops (EMEA)", "DBA -- Oracle & SQL Server", "App Support L2", "End User Computing", "SAP Basis")
_ITSM_TERMS = ("VPN", "Outlook", "can't connect", "password reset", "SAP GUI", "printer 3rd floor", "Teams", "O'Hare office", "MFA", "disk full")
_ITSM_TABLES = ("incident", "incident", "sc_req_item", "change_request", "problem", "sys_user", "cmdb_ci_server", "kb_knowledge")


def _sys_id(ctx: Ctx) -> str:
    return v.hex_token(ctx, 32)


def _encoded_query(ctx: Ctx) -> str:
    term = ctx.pick(_ITSM_TERMS)
    return ctx.pick(
        (
            "active=true^priorityIN1,2^ORDERBYDESCsys_updated_on",
            f"assignment_group.name={ctx.pick(_ITSM_GROUPS)}^stateNOT IN6,7^ORDERBYpriority",
            f"short_descriptionLIKE{term}^ORdescriptionLIKE{term}^active=true",
            f"caller_id.email={ctx.fake.email()}^active=true^ORDERBYDESCopened_at",
            "sys_created_on>=javascript:gs.beginningOfLast30Days()^category=network",
            "opened_at>javascript:gs.daysAgoStart(7)^assigned_toISEMPTY^ORDERBYDESCopened_at",
            f"cmdb_ci.nameSTARTSWITHsrv-{ctx.en.word()}^state!=7",
            "state=1^NQstate=2^urgency=1",
            "active=true^assigned_to=javascript:gs.getUserID()^ORassignment_groupDYNAMICd6435e965f510100a9ad2572f2b47744",
            f"numberIN{','.join(f'INC{ctx.rng.randrange(10**6, 10**7):07d}' for _ in range(ctx.rng.randint(2, 4)))}",
            f"u_department={ctx.pick(('Finance & Controlling', 'R&D', 'Sales -- DACH', 'HR'))}^sys_updated_by!=system^descriptionISNOTEMPTY",
        )
    )


_ITSM_DESCRIPTIONS = (
    'Since this morning Outlook says "Trying to connect..."; restarted twice. Error 0x800CCC0E.',
    "User can't log in to SAP GUI -- 'Password logon no longer possible - too many failed attempts'. Please unlock.",
    "Nightly job failed with ORA-00942: table or view does not exist (procedure UPDATE_STOCK, line 12).",
    "Please add me to the AD group 'GRP-Finance-RW' (\\\\fileserver01\\finance$). Approved by my manager.",
    "Laptop asset tag #{n} -- screen flickers when docked; tried `pnputil /enum-drivers` & a new cable.",
    "Printer on 3rd floor (HP M607 @ 10.20.3.{n3}) jams on A4 -- tray 2. Select 'tray 1' as a workaround.",
    "VPN drops every ~20 min when on hotel Wi-Fi; GlobalProtect log attached. Works fine at home.",
    "Request: update my cost centre from 4711 to 4712 & delete the old distribution list 'dl-sales-old'.",
    'Excel macro stops at `Range("A1:D500").Select` -- was fine before the Office update.',
)


def _itsm_description(ctx: Ctx) -> str:
    text = _note(ctx, _ITSM_DESCRIPTIONS)
    return text.replace("{n}", str(ctx.rng.randrange(10000, 99999))).replace("{n3}", str(ctx.rng.randint(2, 250)))


def _itsm_work_note(ctx: Ctx) -> str:
    return ctx.pick(
        (
            f'[code]<p>Fixed -- see <a href="https://{ctx.en.domain_name()}/kb_view.do?sysparm_article=KB00{ctx.rng.randrange(10000, 99999)}">the KB '
            "article</a>.</p>[/code]",
            "Reset MFA & re-enrolled the device; user confirmed it works. Closing.",
            f"Escalated to {ctx.pick(_ITSM_GROUPS)} -- waiting on vendor (case #{ctx.rng.randrange(10**7, 10**8)}).",
            "Ran `gpupdate /force` and cleared the Teams cache (%appdata%\\Microsoft\\Teams); no change.",
            f"Cause: the index on orders(customer_id) was dropped during the {v.iso_date(ctx)} release; recreated it, job re-run OK.",
            v.prose(ctx, 1, 2, trap_rate=0.4),
        )
    )


def _glide_script(ctx: Ctx) -> str:
    """A background script as admins paste it into Scripts - Background."""
    group = ctx.pick(_ITSM_GROUPS)
    return ctx.pick(
        (
            f"var gr = new GlideRecord('incident');\ngr.addEncodedQuery('{_encoded_query(ctx).replace(chr(39), '')}');\ngr.query();\n"
            "var n = 0;\nwhile (gr.next()) {\n  n++;\n}\ngs.print('matching incidents: ' + n);",
            f"var gr = new GlideRecord('sys_user_group');\nif (gr.get('name', '{group}')) {{\n  gs.info('Group manager: ' + gr.manager.getDisplayValue());\n}}",
            "var ga = new GlideAggregate('incident');\nga.addQuery('active', true);\nga.addAggregate('COUNT', 'assignment_group');\nga.query();\n"
            "while (ga.next()) {\n  gs.print(ga.assignment_group.getDisplayValue() + ': ' + ga.getAggregate('COUNT', 'assignment_group'));\n}",
            f"// fix the typo in the category for tickets imported on {v.iso_date(ctx)}\nvar gr = new GlideRecord('incident');\n"
            "gr.addQuery('category', 'netwrok');\ngr.setLimit(500);\ngr.query();\nwhile (gr.next()) {\n  gr.category = 'network';\n  gr.setWorkflow(false);\n"
            "  gr.update();\n}",
        )
    )


def _itsm_soap(ctx: Ctx) -> str:
    fields = {
        k: enc_xml(str(ctx.slot("xml", k, val)))
        for k, val in (
            (
                "short_description",
                ctx.pick(("Disk /var above 90% on srv-" + ctx.en.word(), "Backup job 'NAS-daily' failed", f"{ctx.pick(_ITSM_TERMS)} not working")),
            ),
            ("description", _itsm_description(ctx)),
            ("caller_id", ctx.fake.email()),
        )
    }
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:inc="http://www.service-now.com/incident">\n'
        "  <soapenv:Body>\n    <inc:insert>\n"
        + "".join(f"      <{k}>{val}</{k}>\n" for k, val in fields.items())
        + f"      <urgency>{ctx.rng.randint(1, 3)}</urgency>\n      <category>{ctx.pick(('network', 'hardware', 'software', 'database'))}</category>\n"
        "    </inc:insert>\n  </soapenv:Body>\n</soapenv:Envelope>\n"
    )


def _itsm_log(ctx: Ctx) -> str:
    """A log excerpt a user attaches to a ticket."""
    lines = []
    for _ in range(ctx.rng.randint(4, 30)):
        ts = f"{v.iso_date(ctx)} {ctx.rng.randint(0, 23):02d}:{ctx.rng.randint(0, 59):02d}:{ctx.rng.randint(0, 59):02d}"
        lines.append(
            ctx.pick(
                (
                    f"{ts} INFO  [main] Connecting to {ctx.en.domain_name()}:443 ...",
                    f"{ts} WARN  [sync] Retrying after HTTP 503 (attempt {ctx.rng.randint(1, 5)}/5)",
                    f"{ts} ERROR [db] SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry '{ctx.rng.randint(1, 9999)}' for key 'PRIMARY'",
                    f"{ts} ERROR [auth] AADSTS50076: you must use multi-factor authentication to access '{ctx.en.domain_name()}'",
                    f"{ts} DEBUG [http] GET /api/v2/orders?status=open&page={ctx.rng.randint(1, 9)} -> 200 ({ctx.rng.randint(5, 900)} ms)",
                    f"{ts} INFO  [job] DELETE FROM staging.import_rows WHERE batch_id = {ctx.rng.randint(1, 999)} -- {ctx.rng.randint(0, 5000)} rows",
                    f"{ts} ERROR [fs] C:\\Users\\{ctx.en.user_name()}\\AppData\\Local\\Temp\\{v.hex_token(ctx, 8)}.tmp: access denied",
                )
            )
        )
    return "\n".join(lines) + "\n"


def _itsm_client(ctx: Ctx, content_type: str | None = None) -> list[list[str]]:
    """The Service Portal (browser XHR with the g_ck token), an integration script with Basic auth, or the Now Mobile app."""
    r = ctx.rng.random()
    if r < 0.45:
        return site_headers(ctx, "xhr", content_type, cookies=True, extra=(("X-UserToken", v.hex_token(ctx, 72)),))
    if r < 0.8:
        return headers_for(ctx, "sdk", content_type=content_type, auth=ctx.pick(("basic", "jwt")))
    return headers_for(ctx, "mobile", content_type=content_type, auth="jwt")


@template("train", ("/itsmnow/",))
def itsm_encoded_queries(ctx: Ctx) -> Request:
    """ITSM: Table API lists with encoded queries and stats, incident create/update (JSON, XML), attachments (text logs), catalog orders,
    classic UI form posts, background scripts and the SOAP insert."""
    table = ctx.pick(_ITSM_TABLES)
    kind = ctx.pick(("list", "list", "list", "create", "create", "update", "attach", "order", "form", "script", "soap", "delete"))
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("sysparm_query", _encoded_query(ctx))]
        if ctx.chance(0.25):
            pairs += [("sysparm_count", "true"), ("sysparm_group_by", ctx.pick(("assignment_group", "priority", "state")))]
            return req("GET", f"/itsmnow/api/now/stats/{table}", _itsm_client(ctx), _raw_qs(ctx, pairs, fixed=("sysparm_count",)))
        pairs += [
            ("sysparm_fields", ctx.pick(("number,short_description,priority,state,assigned_to", "sys_id,number,sys_updated_on", "name,email,department"))),
            ("sysparm_limit", ctx.pick((10, 20, 100, 1000))),
            ("sysparm_offset", ctx.rng.randrange(0, 500, 10)),
            ("sysparm_display_value", ctx.pick(("true", "false", "all"))),
            ("sysparm_exclude_reference_link", "true"),
        ]
        return req(
            ctx.pick(("GET", "GET", "GET", "HEAD")),
            f"/itsmnow/api/now/table/{table}",
            _itsm_client(ctx),
            _raw_qs(ctx, pairs, fixed=("sysparm_limit", "sysparm_offset", "sysparm_exclude_reference_link")),
        )
    if kind == "create":
        if ctx.chance(0.4):  # the Table API also takes XML
            body = (
                "<request><entry><short_description>"
                f"{enc_xml(str(ctx.slot('xml', 'short_description', ctx.pick(_ITSM_TERMS) + ' -- ' + v.short_text(ctx))))}</short_description>"
                f"<description>{enc_xml(str(ctx.slot('xml', 'description', _itsm_description(ctx))))}</description>"
                f"<urgency>{ctx.rng.randint(1, 3)}</urgency><impact>{ctx.rng.randint(1, 3)}</impact></entry></request>"
            )
            return req(
                "POST",
                "/itsmnow/api/now/table/incident",
                headers_for(ctx, "sdk", content_type="application/xml", auth="basic", accept="application/xml"),
                body=body,
            )
        body2 = {
            "short_description": j(ctx, "short_description", f"{ctx.pick(_ITSM_TERMS)} -- {v.short_text(ctx)}"),
            "description": j(ctx, "description", _itsm_description(ctx)),
            "caller_id": j(ctx, "caller_id", ctx.pick((ctx.fake.email(), _sys_id(ctx)))),
            "urgency": str(ctx.rng.randint(1, 3)),
            "impact": str(ctx.rng.randint(1, 3)),
            "category": ctx.pick(("network", "hardware", "software", "inquiry")),
            "assignment_group": j(ctx, "assignment_group", ctx.pick(_ITSM_GROUPS)),
            "cmdb_ci": j(ctx, "cmdb_ci", ctx.pick(("", f"srv-{ctx.en.word()}-0{ctx.rng.randint(1, 9)}", f"LT-{ctx.rng.randrange(10000, 99999)}"))),
        }
        return req(
            "POST",
            "/itsmnow/api/now/table/incident",
            _itsm_client(ctx, "application/json"),
            _raw_qs(ctx, [("sysparm_input_display_value", "true")], fixed=("sysparm_input_display_value",)),
            body=dumps(ctx, body2),
        )
    if kind == "update":
        body2 = {
            "work_notes": j(ctx, "work_notes", _itsm_work_note(ctx)),
            "state": str(ctx.pick((2, 3, 6))),
            "comments": j(ctx, "comments", ctx.pick(("", "Hi -- we've reset your password; please log in and change it.", user_note(ctx)))),
        }
        if body2["state"] == "6":
            body2 |= {"close_code": ctx.pick(("Solved (Permanently)", "Solved (Work Around)")), "close_notes": j(ctx, "close_notes", _itsm_work_note(ctx))}
        return req(
            ctx.pick(("PATCH", "PATCH", "PUT")),
            f"/itsmnow/api/now/table/incident/{seg(ctx, 'sys_id', _sys_id(ctx))}",
            _itsm_client(ctx, "application/json"),
            body=dumps(ctx, body2),
        )
    if kind == "attach":
        pairs = [
            ("table_name", "incident"),
            ("table_sys_id", _sys_id(ctx)),
            ("file_name", ctx.pick(("outlook_log.txt", "GlobalProtect (1).log", "error - copy.txt", f"{ctx.en.word()}_{v.iso_date(ctx)}.log"))),
        ]
        return req(
            "POST",
            "/itsmnow/api/now/attachment/file",
            _itsm_client(ctx, "text/plain"),
            _raw_qs(ctx, pairs, fixed=("table_name",)),
            body=str(ctx.slot("multipart", "file", _itsm_log(ctx))),
        )
    if kind == "order":
        variables = {
            "requested_for": j(ctx, "variables.requested_for", _name(ctx)),
            "software": ctx.pick(("Adobe Acrobat Pro", "Visual Studio Code", "Power BI Desktop", "SAP GUI 8.0")),
            "business_justification": j(
                ctx,
                "variables.business_justification",
                ctx.pick(("Need it to edit & sign supplier contracts (PDF).", "New starter -- same access as " + _name(ctx), v.prose(ctx, 1, 2))),
            ),
            "cost_center": ctx.pick(("4711", "CC-200 / R&D", "9000")),
        }
        return req(
            "POST",
            f"/itsmnow/api/sn_sc/servicecatalog/items/{seg(ctx, 'item', _sys_id(ctx))}/order_now",
            _itsm_client(ctx, "application/json"),
            body=dumps(ctx, {"sysparm_quantity": str(ctx.rng.randint(1, 3)), "variables": variables}),
        )
    if kind == "form":
        fields: list[tuple[str, Any]] = [
            ("sysparm_ck", v.hex_token(ctx, 72)),
            ("sys_target", "incident"),
            ("sys_uniqueValue", _sys_id(ctx)),
            ("sys_action", ctx.pick(("sysverb_update", "sysverb_insert"))),
            ("incident.short_description", v.short_text(ctx)),
            ("incident.comments", ctx.pick(("", _itsm_description(ctx)))),
            ("incident.urgency", str(ctx.rng.randint(1, 3))),
            ("incident.work_notes", _itsm_work_note(ctx)),
        ]
        return req(
            "POST", "/itsmnow/incident.do", form_headers(ctx, "/itsmnow/incident.do"), body=form(ctx, fields, fixed=("sysparm_ck", "sys_target", "sys_action"))
        )
    if kind == "script":
        fields = [
            ("sysparm_ck", v.hex_token(ctx, 72)),
            ("script", _glide_script(ctx)),
            ("runscript", "Run script"),
            ("sys_scope", "global"),
            ("record_for_rollback", "on"),
            ("quota_managed_transaction", "on"),
        ]
        return req(
            "POST",
            "/itsmnow/sys.scripts.do",
            form_headers(ctx, "/itsmnow/sys.scripts.do"),
            body=form(ctx, fields, fixed=("sysparm_ck", "runscript", "sys_scope", "record_for_rollback", "quota_managed_transaction")),
        )
    if kind == "soap":
        return req(
            "POST",
            "/itsmnow/incident.do",
            headers_for(
                ctx, "sdk", content_type="text/xml;charset=UTF-8", auth="basic", extra=(("SOAPAction", '"http://www.service-now.com/incident/insert"'),)
            ),
            "SOAP",
            body=_itsm_soap(ctx),
        )
    if ctx.chance(0.2):
        return preflight(ctx, "/itsmnow/api/now/table/incident", ("POST", "PATCH", "DELETE"), ("authorization,content-type", "content-type,x-usertoken"))
    return req(
        "DELETE", f"/itsmnow/api/now/table/{ctx.pick(('sys_user_grmember', 'sc_cart_item', 'incident'))}/{seg(ctx, 'sys_id', _sys_id(ctx))}", _itsm_client(ctx)
    )


# --------------------------------------------------------------------------
# Issue tracker (Jira-like): JQL, wiki markup and ADF with code and stack traces, transitions, attachments, GraphQL
# --------------------------------------------------------------------------

_PROJECTS = ("OPS", "WEB", "PAY", "DATA", "SEC", "MOB", "INFRA")
_JQL_TERMS = (
    "NullPointerException",
    "can't login",
    "500 Internal Server Error",
    "ORA-01017",
    "timeout",
    "DROP INDEX",
    "O'Reilly",
    "SSO & SAML",
    "C++ build",
    "50% off",
)


def _issue_key(ctx: Ctx) -> str:
    return f"{ctx.pick(_PROJECTS)}-{ctx.rng.randint(1, 9999)}"


def _jql(ctx: Ctx) -> str:
    proj, term = ctx.pick(_PROJECTS), ctx.pick(_JQL_TERMS).replace('"', '\\"')
    return ctx.pick(
        (
            f"project = {proj} AND status != Done ORDER BY created DESC",
            f"project = {proj} AND assignee = currentUser() AND resolution = Unresolved ORDER BY priority DESC, updated DESC",
            f'project in ({proj}, WEB) AND text ~ "{term}" AND created >= -7d',
            f'summary ~ "\\"{term}\\"" AND status was "In Progress" BEFORE startOfWeek()',
            'labels in (backend, "tech-debt") AND sprint in openSprints() AND issuetype != Epic',
            f'reporter = "{ctx.fake.email()}" OR watcher = currentUser() ORDER BY updated DESC',
            f'"Epic Link" = {_issue_key(ctx)} ORDER BY Rank ASC',
            f'issuekey in linkedIssues("{_issue_key(ctx)}", "is blocked by")',
            'status changed FROM "In Progress" TO "Done" DURING (startOfMonth(-1), endOfMonth(-1)) AND fixVersion = '
            f'"{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 20)}.0"',
            f'cf[10020] > {ctx.rng.randint(1, 13)} AND component = "Billing & Invoicing" AND priority in (Highest, High)',
            f'filter = "My open bugs" AND updated <= -30d AND comment ~ "{term}"',
        )
    )


def _stack_trace(ctx: Ctx) -> str:
    pkg = f"com.{ctx.en.word()}.{ctx.pick(('billing', 'orders', 'auth', 'sync'))}"
    return ctx.pick(
        (
            'java.lang.NullPointerException: Cannot invoke "String.trim()" because "name" is null\n'
            f"\tat {pkg}.CustomerService.normalise(CustomerService.java:{ctx.rng.randint(20, 400)})\n"
            f"\tat {pkg}.CustomerController.update(CustomerController.java:{ctx.rng.randint(20, 200)})\n\tat java.base/java.lang.Thread.run(Thread.java:833)",
            f'Traceback (most recent call last):\n  File "/app/{ctx.en.word()}/tasks.py", line {ctx.rng.randint(10, 300)}, in sync_orders\n'
            "    rows = cur.fetchall()\n"
            "psycopg2.errors.UndefinedColumn: column \"customer_ref\" does not exist\nLINE 1: SELECT id, customer_ref FROM orders WHERE status = 'open'",
            "ERROR 1452 (23000): Cannot add or update a child row: a foreign key constraint fails (`shop`.`order_items`, CONSTRAINT `fk_order` FOREIGN KEY "
            "(`order_id`) REFERENCES `orders` (`id`))",
            "TypeError: Cannot read properties of undefined (reading 'map')\n"
            f"    at OrderList (webpack-internal:///./src/components/OrderList.tsx:{ctx.rng.randint(10, 99)}:23)",
        )
    )


def _wiki_description(ctx: Ctx) -> str:
    """A bug report in Jira wiki markup: headings, numbered steps, a {code}/{noformat} block."""
    steps = "\n".join(
        f"# {s}"
        for s in ctx.rng.sample(
            [
                "Log in as a user whose surname has an apostrophe (e.g. O'Neil)",
                "Go to *Settings > Profile*",
                "Click _Save_",
                "Open an order with > 100 line items",
                "Filter by status = 'open' and sort by date (desc)",
                f"Call {{{{GET /api/v2/orders?customer={ctx.rng.randint(1, 999)}}}}}",
                "Switch the language to Deutsch",
            ],
            3,
        )
    )
    block = ctx.pick(
        (
            f"{{noformat}}\n{_stack_trace(ctx)}\n{{noformat}}",
            f"{{code:bash}}\ncurl -s -H \"Authorization: Bearer $TOKEN\" 'https://api.{ctx.en.domain_name()}/v2/orders?status=open' | jq '.items[0]'\n{{code}}",
            "{code:sql}\nSELECT o.id, o.status, c.email\nFROM orders o\nJOIN customers c ON c.id = o.customer_id\n"
            "WHERE o.created_at >= now() - interval '1 day'\n  AND o.status = 'stuck';\n{code}",
            '{code:json}\n{"error": "invalid_grant", "error_description": "AADSTS70008: The provided code has expired."}\n{code}',
        )
    )
    return (
        f"h3. Steps to reproduce\n{steps}\n\nh3. Expected\n{v.sentence(ctx)}\n\nh3. Actual\n{block}\n\n"
        f"Env: {ctx.pick(('prod', 'staging', 'UAT'))} / {ctx.pick(('Chrome 126', 'Safari 17.5', 'Firefox ESR'))} -- cc [~{ctx.en.user_name()}]"
    )


def _adf(ctx: Ctx, name: str, text: str) -> dict[str, Any]:
    """Atlassian Document Format: a paragraph (a slot) and sometimes a code block."""
    content: list[dict[str, Any]] = [{"type": "paragraph", "content": [{"type": "text", "text": j(ctx, name, text)}]}]
    if ctx.chance(0.5):
        content.append(
            {"type": "codeBlock", "attrs": {"language": ctx.pick(("java", "python", "sql", "text"))}, "content": [{"type": "text", "text": _stack_trace(ctx)}]}
        )
    return {"type": "doc", "version": 1, "content": content}


def _jira_client(ctx: Ctx, content_type: str | None = None, extra: tuple[tuple[str, str], ...] = ()) -> list[list[str]]:
    """The web app (session cookie), an API-token script (Basic), a CI bot, or the mobile app."""
    r = ctx.rng.random()
    if r < 0.4:
        return site_headers(ctx, "xhr", content_type, cookies=True, extra=extra)
    if r < 0.8:
        return headers_for(ctx, "sdk", content_type=content_type, auth="basic", extra=extra)
    return headers_for(ctx, "mobile", content_type=content_type, auth="jwt", extra=extra)


_JIRA_GQL = (
    "query JiraIssueSearch($cloudId: ID!, $jql: String!, $first: Int) {\n  jira {\n"
    "    issueSearchStable(cloudId: $cloudId, issueSearchInput: {jql: $jql}, first: $first) {\n"
    "      edges { node { key summary status { name } assignee { name } } }\n    }\n  }\n}"
)


@template("train", ("/issuetrack/",))
def issue_tracker_jql(ctx: Ctx) -> Request:
    """Issue tracker: JQL searches (GET, POST, the browser's issue navigator, saved filters, GraphQL), issue create/edit with wiki markup or ADF,
    comments, transitions, attachments, worklog deletes."""
    key = _issue_key(ctx)
    kind = ctx.pick(("search", "search", "search", "create", "comment", "transition", "edit", "attach", "filter", "delete"))
    if kind == "search":
        r = ctx.rng.random()
        if r < 0.4:
            pairs = [
                ("jql", _jql(ctx)),
                ("fields", ctx.pick(("summary,status,assignee", "key,summary,priority,labels,updated", "*navigable"))),
                ("startAt", ctx.rng.randrange(0, 500, 50)),
                ("maxResults", ctx.pick((50, 100))),
            ]
            return req("GET", f"/issuetrack/rest/api/{ctx.pick(('2', '3'))}/search", _jira_client(ctx), _raw_qs(ctx, pairs, fixed=("startAt", "maxResults")))
        if r < 0.65:
            body = {
                "jql": j(ctx, "jql", _jql(ctx)),
                "fields": ["summary", "status", "assignee", "labels"],
                "startAt": 0,
                "maxResults": ctx.pick((50, 100)),
                "validateQuery": "warn",
            }
            return req("POST", "/issuetrack/rest/api/3/search", _jira_client(ctx, "application/json"), body=dumps(ctx, body))
        if r < 0.85:  # the browser's issue navigator
            return req(
                "GET",
                "/issuetrack/issues/",
                headers_for(ctx, "nav"),
                _raw_qs(ctx, [("jql", _jql(ctx))] + ([("selectedIssue", key)] if ctx.chance(0.4) else [])),
            )
        body = {
            "operationName": "JiraIssueSearch",
            "query": _JIRA_GQL,
            "variables": {"cloudId": ctx.fake.uuid4(), "jql": j(ctx, "variables.jql", _jql(ctx)), "first": ctx.pick((25, 50))},
        }
        return req("POST", "/issuetrack/gateway/api/graphql", site_headers(ctx, "xhr", "application/json", cookies=True), body=dumps(ctx, body))
    if kind == "create":
        summary = ctx.pick(
            (
                f"Saving profile fails for names with an apostrophe ({ctx.pick(('O', 'D'))}'{ctx.en.last_name()})",
                f"{ctx.pick(_JQL_TERMS)} on /checkout",
                "Update the select box: 'Delete' option should be hidden for viewers",
                v.short_text(ctx),
            )
        )
        fields: dict[str, Any] = {
            "project": {"key": key.split("-")[0]},
            "issuetype": {"name": ctx.pick(("Bug", "Task", "Story"))},
            "summary": j(ctx, "fields.summary", summary),
            "labels": [j(ctx, "fields.labels[0]", ctx.pick(("regression", "customer-reported", "tech-debt", "sev2")))],
            "priority": {"name": ctx.pick(("High", "Medium", "Low"))},
        }
        if ctx.chance(0.5):
            fields["description"] = j(ctx, "fields.description", _wiki_description(ctx))
            return req("POST", "/issuetrack/rest/api/2/issue", _jira_client(ctx, "application/json"), body=dumps(ctx, {"fields": fields}))
        fields["description"] = _adf(ctx, "fields.description", v.prose(ctx, 1, 3, trap_rate=0.4))
        return req("POST", "/issuetrack/rest/api/3/issue", _jira_client(ctx, "application/json"), body=dumps(ctx, {"fields": fields}))
    if kind == "comment":
        text = ctx.pick(
            (
                _wiki_description(ctx),
                f"Reproduced on staging:\n{{noformat}}\n{_stack_trace(ctx)}\n{{noformat}}",
                user_note(ctx),
                f"[~{ctx.en.user_name()}] can you check? Looks like the WHERE clause drops rows with status = 'on hold'.",
            )
        )
        return req(
            "POST",
            f"/issuetrack/rest/api/2/issue/{seg(ctx, 'issue', key)}/comment",
            _jira_client(ctx, "application/json"),
            body=dumps(ctx, {"body": j(ctx, "body", text)}),
        )
    if kind == "transition":
        body = {
            "transition": {"id": str(ctx.pick((11, 21, 31, 41)))},
            "fields": {"resolution": {"name": ctx.pick(("Fixed", "Won't Do", "Duplicate", "Cannot Reproduce"))}},
            "update": {
                "comment": [
                    {
                        "add": {
                            "body": j(
                                ctx,
                                "update.comment[0].add.body",
                                ctx.pick(
                                    ("Fixed in 4.2.1 -- escaped the quote in the ORDER BY builder.", "Duplicate of " + _issue_key(ctx), v.prose(ctx, 1, 2))
                                ),
                            )
                        }
                    }
                ]
            },
        }
        return req("POST", f"/issuetrack/rest/api/2/issue/{seg(ctx, 'issue', key)}/transitions", _jira_client(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "edit":
        body = {
            "update": {"labels": [{"add": j(ctx, "update.labels[0].add", ctx.pick(("needs-triage", "db-migration", "c++", "q&a")))}]},
            "fields": {"summary": j(ctx, "fields.summary", v.short_text(ctx))},
        }
        return req(
            "PUT",
            f"/issuetrack/rest/api/2/issue/{seg(ctx, 'issue', key)}",
            _jira_client(ctx, "application/json"),
            _raw_qs(ctx, [("notifyUsers", ctx.pick(("true", "false")))], fixed=("notifyUsers",)),
            body=dumps(ctx, body),
        )
    if kind == "attach":
        name, ctype, content = ctx.pick(
            (
                (
                    "repro.sql",
                    "application/sql",
                    "-- repro for the duplicate invoices\nSELECT invoice_no, COUNT(*)\nFROM invoices\nGROUP BY invoice_no\nHAVING COUNT(*) > 1;\n",
                ),
                ("server.log", "text/plain", _itsm_log(ctx)),
                ("steps.txt", "text/plain", _wiki_description(ctx)),
            )
        )
        ctype2, body2 = multipart(ctx, [("comment", ctx.pick(("", "log from prod, 10:00-10:15 UTC")))], [("file", name, ctype, content)])
        return req(
            "POST",
            f"/issuetrack/rest/api/3/issue/{seg(ctx, 'issue', key)}/attachments",
            _jira_client(ctx, ctype2, (("X-Atlassian-Token", "no-check"),)),
            body=body2,
        )
    if kind == "filter":
        body = {
            "name": j(ctx, "name", ctx.pick(("My open bugs", "Ops -- on call (this week)", "Customer's P1s & P2s", v.short_text(ctx)))),
            "jql": j(ctx, "jql", _jql(ctx)),
            "description": j(ctx, "description", ctx.pick(("", "Used by the wallboard; don't change the ORDER BY!", v.sentence(ctx)))),
            "favourite": ctx.chance(0.5),
        }
        return req("POST", "/issuetrack/rest/api/3/filter", _jira_client(ctx, "application/json"), body=dumps(ctx, body))
    if ctx.chance(0.2):
        return preflight(ctx, f"/issuetrack/rest/api/3/issue/{key}", ("PUT", "DELETE"), ("authorization,content-type", "content-type,x-atlassian-token"))
    return req(
        "DELETE",
        f"/issuetrack/rest/api/3/issue/{seg(ctx, 'issue', key)}/worklog/{ctx.rng.randrange(10000, 99999)}",
        _jira_client(ctx),
        _raw_qs(ctx, [("adjustEstimate", ctx.pick(("auto", "leave")))], fixed=("adjustEstimate",)),
    )


# --------------------------------------------------------------------------
# SharePoint-like intranet: list items over OData, CAML queries, KQL search, Lists.asmx SOAP, document library uploads
# --------------------------------------------------------------------------

_SP_SITES = ("hr", "it", "finance", "comms", "projects/apollo", "legal", "facilities")
_SP_LISTS = ("Announcements", "Policies", "IT Requests", "Documents", "Events", "Site Pages", "Holiday Calendar", "Contracts")
_SP_TERMS = ("budget", "annual leave", "O'Neill", "expense policy", "Q3 all-hands", "R&D", "onboarding", "travel (2025)", "GDPR", "parking")


def _sp_folder(ctx: Ctx, site: str) -> str:
    return f"/sites/{site}/{ctx.pick(('Shared Documents', 'Policies', 'Templates', 'Board Papers'))}/{ctx.pick(('2025', 'Archive', 'Drafts', 'Q3 -- review'))}"


def _sp_filter(ctx: Ctx) -> str:
    return ctx.pick(
        (
            f"startswith(Title,'{ctx.pick(('Q3', 'HR', 'Policy'))}') and Modified ge datetime'{v.iso_date(ctx)}T00:00:00Z'",
            f"Department eq '{ctx.pick(('Finance & Controlling', 'R&D', 'Sales -- DACH', 'People'))}' and Status ne 'Archived'",
            f"substringof('{ctx.pick(_SP_TERMS).replace(chr(39), chr(39) * 2)}',Title)",
            f"Author/EMail eq '{ctx.fake.email()}'",
            f"EventDate ge datetime'{v.iso_date(ctx)}T00:00:00Z' and Category eq 'Holiday'",
        )
    )


def _caml(ctx: Ctx, value: str) -> str:
    """A CAML view as SharePoint web parts and PnP scripts build it; `value` is the (already escaped) text compared against."""
    field, vtype = ctx.pick((("Title", "Text"), ("Department", "Choice"), ("Author", "User"), ("Keywords", "Note")))
    op = ctx.pick(("Eq", "Contains", "BeginsWith"))
    where = f"<{op}><FieldRef Name='{field}'/><Value Type='{vtype}'>{value}</Value></{op}>"
    if ctx.chance(0.6):
        where = f"<And>{where}<Geq><FieldRef Name='Modified'/><Value Type='DateTime' IncludeTimeValue='FALSE'>{v.iso_date(ctx)}T00:00:00Z</Value></Geq></And>"
    return (
        f"<View Scope='RecursiveAll'><Query><Where>{where}</Where><OrderBy><FieldRef Name='Modified' Ascending='FALSE'/></OrderBy></Query>"
        "<ViewFields><FieldRef Name='Title'/><FieldRef Name='FileRef'/><FieldRef "
        f"Name='Modified'/></ViewFields><RowLimit>{ctx.pick((30, 100, 500))}</RowLimit></View>"
    )


def _sp_soap(ctx: Ctx, list_name: str) -> str:
    """Lists.asmx GetListItems, as InfoPath forms, Excel and old PowerShell scripts still call it."""
    value = enc_xml(str(ctx.slot("xml", "Value", ctx.pick(_SP_TERMS))))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n  <soap:Body>\n    <GetListItems xmlns="http://schemas.microsoft.com/sharepoint/soap/">\n'
        f"      <listName>{enc_xml(list_name)}</listName>\n"
        f'      <query><Query><Where><Contains><FieldRef Name="Title"/><Value Type="Text">{value}</Value></Contains></Where>'
        '<OrderBy><FieldRef Name="Modified" Ascending="FALSE"/></OrderBy></Query></query>\n'
        '      <viewFields><ViewFields><FieldRef Name="Title"/><FieldRef Name="Modified"/></ViewFields></viewFields>\n'
        f"      <rowLimit>{ctx.pick((50, 100))}</rowLimit>\n"
        '      <queryOptions><QueryOptions><ViewAttributes Scope="Recursive"/></QueryOptions></queryOptions>\n'
        "    </GetListItems>\n  </soap:Body>\n</soap:Envelope>\n"
    )


def _sp_body_html(ctx: Ctx) -> str:
    """A rich-text field as the SharePoint editor saves it."""
    return ctx.pick(
        (
            f'<div class="ExternalClass{v.hex_token(ctx, 32).upper()}"><p>Hi all,</p><p>{enc_xml(v.prose(ctx, 1, 3))}</p><p>-- '
            f"{enc_xml(ctx.fake.first_name())}</p></div>",
            f"<div><p><strong>Reminder:</strong> the expense policy changed on {v.iso_date(ctx)} -- claims &gt; €500 need 2 approvals.</p>"
            '<ul><li>Receipts as PDF</li><li>Use cost centre 4711 &amp; project code</li></ul><p><a href="/sites/finance/Policies/Expenses.pdf">Read the '
            "policy</a></p></div>",
            f"<p>{enc_xml(v.prose(ctx, 1, 2, trap_rate=0.5))}</p>",
            "<div><p>Canteen closed Friday -- food trucks in car park B 🍔</p>"
            f'<p>Questions? Mail <a href="mailto:{ctx.fake.email()}">facilities</a>.</p></div>',
        )
    )


def _sp_headers(ctx: Ctx, content_type: str | None = None, extra: tuple[tuple[str, str], ...] = ()) -> list[list[str]]:
    """A browser page with the request digest, the SharePoint mobile app, or a PnP/Graph-style script with a bearer token."""
    accept = ctx.pick(("application/json;odata=verbose", "application/json;odata=nometadata", "application/json"))
    digest = (
        (
            "X-RequestDigest",
            f"0x{v.hex_token(ctx, 128).upper()},{v.iso_date(ctx)} 0{ctx.rng.randint(0, 9)}:{ctx.rng.randint(10, 59)}:{ctx.rng.randint(10, 59)} -0000",
        ),
    )
    r = ctx.rng.random()
    if r < 0.5:
        site = v.site(ctx)
        return headers_for(
            ctx,
            "xhr",
            content_type=content_type,
            accept=accept,
            origin=site if content_type else None,
            referer=f"{site}/sites/hr/SitePages/Home.aspx" if ctx.chance(0.3) else None,
            cookies=True,
            extra=(digest if content_type else ()) + extra,
        )
    if r < 0.8:
        return headers_for(ctx, "sdk", content_type=content_type, auth="jwt", accept=accept, extra=extra)
    return headers_for(ctx, "mobile", content_type=content_type, auth="jwt", accept=accept, extra=extra)


@template("train", ("/intranetsp/",))
def sharepoint_intranet(ctx: Ctx) -> Request:
    """Intranet: list items over OData ($filter/$select/$expand), CAML GetItems, KQL search, Lists.asmx SOAP, item create/MERGE/delete with rich
    text, document library uploads (REST and the classic upload page)."""
    site, list_name = ctx.pick(_SP_SITES), ctx.pick(_SP_LISTS)
    web = f"/intranetsp/sites/{site}/_api/web"
    lst = f"{web}/lists/GetByTitle('{urllib.parse.quote(list_name)}')"
    kind = ctx.pick(("items", "items", "items", "caml", "search", "search", "soap", "create", "update", "upload", "upload", "delete"))
    if kind == "items":
        pairs: list[tuple[str, Any]] = [
            ("$select", ctx.pick(("Title,Modified,Author/Title", "Id,Title,FileRef,FileLeafRef", "Title,EventDate,Location,Category"))),
            ("$filter", _sp_filter(ctx)),
            ("$orderby", ctx.pick(("Modified desc", "EventDate asc", "Title"))),
            ("$top", ctx.pick((30, 100, 5000))),
        ]
        if ctx.chance(0.5):
            pairs.insert(1, ("$expand", ctx.pick(("Author", "Author,Editor", "File"))))
        return req("GET", f"{lst}/items", _sp_headers(ctx), _raw_qs(ctx, pairs, fixed=("$top", "$expand")))
    if kind == "caml":
        value = str(ctx.slot("json", "query.ViewXml.Value", enc_xml(ctx.pick(_SP_TERMS + (ctx.fake.last_name(), _name(ctx))))))
        body = {"query": {"__metadata": {"type": "SP.CamlQuery"}, "ViewXml": _caml(ctx, value)}}
        if ctx.chance(0.4):
            body["query"]["FolderServerRelativeUrl"] = _sp_folder(ctx, site)
        return req("POST", f"{lst}/GetItems", _sp_headers(ctx, "application/json;odata=verbose"), body=dumps(ctx, body))
    if kind == "search":
        kql = ctx.pick(
            (
                f"'{ctx.pick(_SP_TERMS).replace(chr(39), chr(39) * 2)} AND FileType:xlsx'",
                f'\'"annual leave" OR holiday -draft path:"https://intranet/sites/{site}"\'',
                f"'Author:\"{ctx.fake.name()}\" AND LastModifiedTime>={v.iso_date(ctx)}'",
                f"'ContentType:Policy AND Title:{ctx.en.word()}*'",
            )
        )
        pairs = [
            ("querytext", kql),
            ("selectproperties", "'Title,Path,Author,LastModifiedTime'"),
            ("rowlimit", ctx.pick((10, 50))),
            ("refinementfilters", ctx.pick(("'FileType:equals(\"docx\")'", '\'fileExtension:or("pdf","pptx")\'', None))),
        ]
        return req("GET", f"/intranetsp/sites/{site}/_api/search/query", _sp_headers(ctx), _raw_qs(ctx, pairs, fixed=("selectproperties", "rowlimit")))
    if kind == "soap":
        return req(
            "POST",
            f"/intranetsp/sites/{site}/_vti_bin/Lists.asmx",
            headers_for(
                ctx,
                "sdk",
                content_type="text/xml; charset=utf-8",
                auth="basic",
                extra=(("SOAPAction", '"http://schemas.microsoft.com/sharepoint/soap/GetListItems"'),),
            ),
            body=_sp_soap(ctx, list_name),
        )
    if kind == "create":
        body = {
            "__metadata": {"type": f"SP.Data.{list_name.replace(' ', '_x0020_')}ListItem"},
            "Title": j(
                ctx,
                "Title",
                ctx.pick((v.short_text(ctx), "Office closed 24/12 & 31/12", "Update: select your benefits by Friday!", f"Welcome {_name(ctx)} to the team")),
            ),
            "Body": j(ctx, "Body", _sp_body_html(ctx)),
            "Department": j(ctx, "Department", ctx.pick(("Finance & Controlling", "R&D", "People", ""))),
            "Expires": f"{v.iso_date(ctx)}T00:00:00Z",
        }
        return req("POST", f"{lst}/items", _sp_headers(ctx, "application/json;odata=verbose"), body=dumps(ctx, body))
    if kind == "update":
        item = f"{lst}/items({seg(ctx, 'item', str(ctx.rng.randint(1, 5000)))})"
        body = {
            "__metadata": {"type": f"SP.Data.{list_name.replace(' ', '_x0020_')}ListItem"},
            "Status": ctx.pick(("Approved", "Rejected", "Pending")),
            "Comments": j(
                ctx, "Comments", ctx.pick(("Approved -- pls. publish on Monday", "Rejected: the '2025' version supersedes this one", user_note(ctx)))
            ),
        }
        etag = ("IF-MATCH", ctx.pick(("*", f'"{ctx.rng.randint(1, 40)}"')))
        if ctx.chance(0.6):
            return req("POST", item, _sp_headers(ctx, "application/json;odata=verbose", (("X-HTTP-Method", "MERGE"), etag)), body=dumps(ctx, body))
        return req("PATCH", item, _sp_headers(ctx, "application/json;odata=verbose", (etag,)), body=dumps(ctx, body))
    if kind == "upload":
        fname = ctx.pick(("Budget 2025 (final v2).csv", "Minutes -- all hands.txt", "Headcount Q3.csv", f"{ctx.en.word()} notes.txt", "Expenses & mileage.csv"))
        if fname.endswith(".csv"):
            rows: list[list[Any]] = [["Cost centre", "Owner", "Description", "Amount"]]
            rows += [
                [
                    ctx.pick(("4711", "CC-200 / R&D", "9000")),
                    _name(ctx),
                    ctx.pick(("Laptops (x3)", "Team offsite -- Lisbon", 'Licences "Pro" tier', v.sentence(ctx))),
                    v.money(ctx, 10, 90000),
                ]
                for _ in range(ctx.rng.randint(2, 20))
            ]
            ctype, content = "text/csv", csv_text(rows)
        else:
            ctype, content = "text/plain", v.long_prose(ctx)
        if ctx.chance(0.6):
            path = (
                f"{web}/GetFolderByServerRelativeUrl('{urllib.parse.quote(_sp_folder(ctx, site))}')/Files/add(url='{seg(ctx, 'file', fname)}',"
                f"overwrite={ctx.pick(('true', 'false'))})"
            )
            body2 = str(ctx.slot("multipart", "file", content)) if ctype == "text/plain" else content
            return req("POST", path, _sp_headers(ctx, ctype), body=body2)
        fields = [
            ("__REQUESTDIGEST", f"0x{v.hex_token(ctx, 128).upper()}"),
            ("__VIEWSTATE", v.b64url(ctx.rng.randbytes(60))),
            ("ctl00$PlaceHolderMain$ctl04$ctl01$uploadLocation", _sp_folder(ctx, site)),
            ("ctl00$PlaceHolderMain$VersionCommentSection$ctl01$CheckInComment", ctx.pick(("", "v2 -- fixed the totals", "Updated per Legal's comments"))),
        ]
        ctype2, body3 = multipart(ctx, fields, [("ctl00$PlaceHolderMain$ctl04$ctl02$InputFile", fname, ctype, content)])
        return req(
            "POST",
            f"/intranetsp/sites/{site}/_layouts/15/Upload.aspx",
            form_headers(ctx, f"/intranetsp/sites/{site}/_layouts/15/Upload.aspx", ctype2),
            f"List=%7B{ctx.fake.uuid4().upper()}%7D&RootFolder=",
            body=body3,
        )
    if ctx.chance(0.25):
        return req(ctx.pick(("OPTIONS", "HEAD")), f"/intranetsp/sites/{site}/_api/contextinfo" if ctx.chance(0.5) else f"{lst}/items", _sp_headers(ctx))
    return req("DELETE", f"{lst}/items({seg(ctx, 'item', str(ctx.rng.randint(1, 5000)))})", _sp_headers(ctx, extra=(("IF-MATCH", "*"),)))


# --------------------------------------------------------------------------
# BI dashboards: DAX measures, MDX over XMLA, native SQL with template tags, Vega-Lite chart configs, filtered dashboards, CSV exports
# --------------------------------------------------------------------------

_DAX = (
    "Total Sales = SUMX(Sales, Sales[Quantity] * Sales[Unit Price])",
    "Sales LY = CALCULATE([Total Sales], SAMEPERIODLASTYEAR('Date'[Date]))",
    "YoY % = DIVIDE([Total Sales] - [Sales LY], [Sales LY])",
    "Margin % = VAR Cost = SUM(Sales[Cost])\nVAR Rev = [Total Sales]\nRETURN IF(Rev = 0, BLANK(), (Rev - Cost) / Rev)",
    "Top 10 Customers = CALCULATE([Total Sales], TOPN(10, ALL(Customer[Name]), [Total Sales], DESC))",
    'Sales (EMEA) = CALCULATE([Total Sales], FILTER(ALL(Region), Region[Region] = "EMEA" || Region[Region] = "UK & I"))',
    'Open Orders = COUNTROWS(FILTER(Orders, Orders[Status] <> "Closed" && Orders[Ship Date] >= TODAY() - 30))',
    "Running Total = CALCULATE([Total Sales], FILTER(ALLSELECTED('Date'), 'Date'[Date] <= MAX('Date'[Date])))",
    "Customer's Share = DIVIDE([Total Sales], CALCULATE([Total Sales], REMOVEFILTERS(Customer)))",
)
_MDX = (
    "SELECT {[Measures].[Internet Sales Amount], [Measures].[Order Count]} ON COLUMNS,\n NON EMPTY [Date].[Calendar Year].MEMBERS ON ROWS\n"
    "FROM [Adventure Works]\n"
    "WHERE ([Product].[Category].&[1])",
    "WITH MEMBER [Measures].[Margin %] AS\n  [Measures].[Gross Profit] / [Measures].[Sales Amount], FORMAT_STRING = 'Percent'\n"
    "SELECT {[Measures].[Sales Amount], [Measures].[Margin %]} ON 0,\n TOPCOUNT([Customer].[Customer].[Customer].MEMBERS, 10, [Measures].[Sales Amount]) ON 1\n"
    "FROM [Sales]",
    "SELECT NON EMPTY {[Measures].[Reseller Sales Amount]} ON COLUMNS,\n"
    " NON EMPTY ([Geography].[Country].[Country].ALLMEMBERS * [Date].[Fiscal Quarter].CHILDREN) ON ROWS\n"
    "FROM [Adventure Works] WHERE ([Date].[Fiscal Year].&[2024], [Sales Territory].[Group].&[Europe])",
    "SELECT {[Measures].[Headcount]} ON COLUMNS, FILTER([Employee].[Department].MEMBERS, [Measures].[Headcount] > 5) ON ROWS FROM [HR]",
)


def _bi_sql(ctx: Ctx) -> str:
    """A native question as analysts write it, with Metabase-style template tags and optional clauses."""
    return ctx.pick(
        (
            "SELECT date_trunc('month', created_at) AS month, SUM(total) AS revenue\nFROM orders\nWHERE {{created_at}}\n  [[AND status = {{status}}]]\n"
            "GROUP BY 1\nORDER BY 1",
            "SELECT c.country, COUNT(DISTINCT o.customer_id) AS buyers\nFROM orders o\nJOIN customers c ON c.id = o.customer_id\n"
            "WHERE o.created_at >= {{start_date}}\n"
            "GROUP BY c.country\nHAVING COUNT(*) > 10\nORDER BY buyers DESC\nLIMIT 20",
            "-- churned = no order in 90 days\nSELECT plan, COUNT(*) FILTER (WHERE last_order_at < now() - interval '90 days') AS churned, COUNT(*) AS total\n"
            "FROM customer_stats\n"
            "[[WHERE region = {{region}}]]\nGROUP BY plan",
            "SELECT product_name, SUM(quantity) AS units\nFROM order_items\nWHERE product_name ILIKE '%' || {{search}} || '%'\n  AND sku NOT LIKE 'TEST-%'\n"
            "GROUP BY 1\nORDER BY 2 DESC",
            "WITH weekly AS (\n  SELECT date_trunc('week', ts) AS wk, COUNT(*) AS signups FROM events WHERE name = 'signup' GROUP BY 1\n)\n"
            "SELECT wk, signups, AVG(signups) OVER (ORDER BY wk ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS avg_4w FROM weekly",
        )
    )


def _vega_lite(ctx: Ctx, name: str) -> dict[str, Any]:
    """A Vega-Lite chart spec as the chart editor saves it; the filter expression is a slot."""
    expr = ctx.pick(
        (
            "datum.revenue > 1000 && datum.region != 'Test'",
            "datum.country == 'Côte d\\'Ivoire' || datum.country == 'UK'",
            "year(datum.month) >= 2023",
            "datum.margin < 0.2 ? 'low' : 'ok'",
            "isValid(datum.sales) && datum.sales > 0",
        )
    )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "mark": {"type": ctx.pick(("bar", "line", "area")), "tooltip": True},
        "transform": [{"filter": j(ctx, name, expr)}, {"calculate": "datum.revenue / datum.orders", "as": "aov"}],
        "encoding": {
            "x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth"},
            "y": {"field": ctx.pick(("revenue", "aov")), "type": "quantitative", "aggregate": "sum"},
            "color": {"field": ctx.pick(("region", "plan", "channel")), "type": "nominal"},
        },
    }


def _xmla(ctx: Ctx) -> str:
    catalog = ctx.pick(("Adventure Works DW", "Sales", "Finance Cube"))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n  <soap:Body>\n'
        '    <Execute xmlns="urn:schemas-microsoft-com:xml-analysis">\n'
        f"      <Command><Statement>{enc_xml(str(ctx.slot('xml', 'Statement', ctx.pick(_MDX))))}</Statement></Command>\n"
        f"      <Properties><PropertyList><Catalog>{enc_xml(catalog)}</Catalog><Format>Multidimensional</Format><AxisFormat>TupleFormat</AxisFormat>"
        f"<LocaleIdentifier>{ctx.pick((1033, 1031, 2057))}</LocaleIdentifier></PropertyList></Properties>\n    </Execute>\n  </soap:Body>\n</soap:Envelope>\n"
    )


def _bi_headers(ctx: Ctx, content_type: str | None = None) -> list[list[str]]:
    """The dashboard SPA (session cookie), an embedding backend or notebook with an API key, or Excel/Power Query over XMLA."""
    r = ctx.rng.random()
    if r < 0.6:
        return site_headers(ctx, "xhr", content_type, cookies=True, extra=(("X-Metabase-Client", "embedding-sdk-react"),) if ctx.chance(0.15) else ())
    return headers_for(ctx, "sdk", content_type=content_type, auth=ctx.pick(("apikey", "jwt")))


@template("train", ("/bidash/",))
def bi_dashboard(ctx: Ctx) -> Request:
    """BI: DAX measure definitions and DAX queries, MDX over XMLA, native SQL questions with template tags, chart configs (Vega-Lite),
    dashboards opened with filters in the URL, CSV exports with JSON parameters, CSV uploads."""
    card = rid(ctx)
    kind = ctx.pick(("measure", "measure", "dax_query", "mdx", "native", "native", "chart", "dashboard", "export", "upload", "delete"))
    if kind == "measure":
        measure = ctx.pick(_DAX)
        body = {
            "name": measure.split(" = ")[0],
            "expression": j(ctx, "expression", measure.split(" = ", 1)[1]),
            "formatString": ctx.pick(("#,0.00", "0.0%", "\\€#,0;-\\€#,0", "")),
            "displayFolder": j(ctx, "displayFolder", ctx.pick(("Sales\\KPIs", "Finance", "Time intelligence"))),
            "description": j(ctx, "description", ctx.pick(("", "Excludes returns & test orders -- agreed with Finance on 12/03.", v.sentence(ctx)))),
        }
        method, path = (
            ("POST", f"/bidash/api/datasets/{seg(ctx, 'dataset', ctx.fake.uuid4())}/tables/Sales/measures")
            if ctx.chance(0.6)
            else ("PUT", f"/bidash/api/datasets/{seg(ctx, 'dataset', ctx.fake.uuid4())}/tables/Sales/measures/{urllib.parse.quote(body['name'])}")
        )
        return req(method, path, _bi_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "dax_query":
        query = ctx.pick(
            (
                "EVALUATE SUMMARIZECOLUMNS('Date'[Year], Region[Region], \"Sales\", [Total Sales])",
                "EVALUATE TOPN(10, VALUES(Customer[Name]), [Total Sales], DESC) ORDER BY [Total Sales] DESC",
                f"DEFINE MEASURE Sales[Avg Order] = DIVIDE([Total Sales], DISTINCTCOUNT(Sales[Order No]))\n"
                f'EVALUATE FILTER(SUMMARIZECOLUMNS(Product[Category], "Avg", [Avg Order]), [Avg] > {ctx.rng.randint(10, 500)})',
            )
        )
        body = {"queries": [{"query": j(ctx, "queries[0].query", query)}], "serializerSettings": {"includeNulls": ctx.chance(0.5)}}
        return req(
            "POST", f"/bidash/api/datasets/{seg(ctx, 'dataset', ctx.fake.uuid4())}/executeQueries", _bi_headers(ctx, "application/json"), body=dumps(ctx, body)
        )
    if kind == "mdx":
        return req(
            "POST",
            "/bidash/xmla",
            headers_for(ctx, "sdk", content_type="text/xml", auth="basic", extra=(("SOAPAction", '"urn:schemas-microsoft-com:xml-analysis:Execute"'),)),
            body=_xmla(ctx),
        )
    if kind == "native":
        tags = {
            "created_at": {"type": "dimension", "name": "created_at", "widget-type": "date/all-options"},
            "status": {
                "type": "text",
                "name": "status",
                "display-name": "Status",
                "default": j(ctx, "template-tags.status.default", ctx.pick(("paid", "O'Hare", ""))),
            },
        }
        body: dict[str, Any] = {
            "database": ctx.rng.randint(1, 9),
            "type": "native",
            "native": {"query": j(ctx, "native.query", _bi_sql(ctx)), "template-tags": tags},
            "parameters": [
                {"type": "category", "target": ["variable", ["template-tag", "status"]], "value": j(ctx, "parameters[0].value", ctx.pick(("paid", "refunded")))}
            ],
        }
        if ctx.chance(0.5):
            return req("POST", "/bidash/api/dataset", _bi_headers(ctx, "application/json"), body=dumps(ctx, body))
        card_body = {
            "name": j(ctx, "name", ctx.pick(("Revenue by month (excl. test)", "Churn -- by plan", "Top products 'this' quarter", v.short_text(ctx)))),
            "dataset_query": body,
            "display": ctx.pick(("line", "bar", "table")),
            "description": j(ctx, "description", ctx.pick(("", v.sentence(ctx)))),
        }
        return req("PUT", f"/bidash/api/card/{seg(ctx, 'card', str(card))}", _bi_headers(ctx, "application/json"), body=dumps(ctx, card_body))
    if kind == "chart":
        body = {
            "visualization_settings": {
                "vega_spec": _vega_lite(ctx, "visualization_settings.vega_spec.transform[0].filter"),
                "card.title": j(ctx, "card.title", ctx.pick(("AOV by region", "Revenue vs. LY (%)", v.short_text(ctx)))),
            }
        }
        return req(
            "PATCH", f"/bidash/api/dashboard/{rid(ctx)}/cards/{seg(ctx, 'card', str(card))}", _bi_headers(ctx, "application/json"), body=dumps(ctx, body)
        )
    if kind == "dashboard":
        r = ctx.rng.random()
        if r < 0.5:  # opened from a link someone shared: filters in the URL
            pairs: list[tuple[str, Any]] = [
                ("region", ctx.pick(("EMEA", "UK & I", "APAC"))),
                ("date", ctx.pick(("past30days", "thisquarter", f"{v.iso_date(ctx)}~{v.iso_date(ctx)}"))),
                ("customer", ctx.pick(("", "O'Brien Logistics", _company(ctx)))),
            ]
            return req("GET", f"/bidash/dashboard/{seg(ctx, 'dashboard', f'{rid(ctx)}-{v.slug(ctx)}')}", headers_for(ctx, "nav"), qs(ctx, pairs))
        where = {
            "and": [
                {"field": "region", "op": "=", "value": ctx.slot("json_query", "filter.region", ctx.pick(("EMEA", "UK & I", "LATAM")))},
                {
                    "field": "product_name",
                    "op": "contains",
                    "value": ctx.slot("json_query", "filter.product", ctx.pick(("pro", "O'Neill", "C++ book", "100% cotton"))),
                },
            ]
        }
        return req("GET", f"/bidash/api/card/{card}/query", _bi_headers(ctx), f"{json_param(ctx, 'filter', where)}&limit={ctx.pick((100, 2000))}")
    if kind == "export":
        params = [
            {"type": "category", "target": ["variable", ["template-tag", "region"]], "value": [ctx.pick(("EMEA", "UK & I"))]},
            {"type": "date/all-options", "target": ["dimension", ["template-tag", "created_at"]], "value": ctx.pick(("past30days", "thisyear"))},
        ]
        fields = [("parameters", json.dumps(params, ensure_ascii=ctx.json_ascii)), ("format_rows", ctx.pick(("true", "false")))]
        return req(
            "POST",
            f"/bidash/api/card/{seg(ctx, 'card', str(card))}/query/{ctx.pick(('csv', 'xlsx', 'json'))}",
            form_headers(ctx, f"/bidash/question/{card}"),
            body=form(ctx, fields, fixed=("format_rows",)),
        )
    if kind == "upload":
        rows: list[list[Any]] = [["month", "region", "target", "comment"]]
        rows += [
            [
                f"{ctx.rng.randint(2023, 2026)}-{ctx.rng.randint(1, 12):02d}",
                ctx.pick(("EMEA", "UK & I", "APAC")),
                v.money(ctx, 1000, 900000),
                ctx.pick(("", "incl. Q4 promo", "revised -- see Finance's e-mail", '"stretch" goal')),
            ]
            for _ in range(ctx.rng.randint(2, 40))
        ]
        ctype, body2 = multipart(
            ctx,
            [("collection_id", str(ctx.rng.randint(1, 90))), ("table_name", ctx.pick(("sales_targets_2025", "Targets (v3)")))],
            [("file", ctx.pick(("targets.csv", "Sales targets FY25.csv")), "text/csv", csv_text(rows))],
        )
        return req("POST", "/bidash/api/card/from-csv", _bi_headers(ctx, ctype), body=body2)
    if ctx.chance(0.25):
        return preflight(ctx, f"/bidash/api/card/{card}", ("PUT", "DELETE"), ("content-type", "content-type,x-metabase-session"))
    return req("DELETE", f"/bidash/api/card/{seg(ctx, 'card', str(card))}", _bi_headers(ctx))


# --------------------------------------------------------------------------
# Workflow automation (n8n / Zapier-like): workflows with {{ }} expressions and code nodes, webhooks, code step tests, executions
# --------------------------------------------------------------------------

_EXPRESSIONS = (
    "={{ $json.email }}",
    "={{ $json.body.customer.name }}",
    "={{ $('Webhook').item.json.body.order_id }}",
    "={{ $now.minus({days: 7}).toISODate() }}",
    "={{ $json.items.map(i => i.sku).join(', ') }}",
    "={{ $json.first_name + ' ' + $json.last_name }}",
    '={{ $node["HTTP Request"].json["id"] }}',
    "={{ $json.total > 100 ? 'priority' : 'standard' }}",
    "={{ $input.first().json.data.length }}",
    "={{ $env.CRM_BASE_URL }}/contacts/{{ $json.id }}",
)
_ZAP_FIELDS = (
    "{{steps.1.output}}",
    "{{steps.1.output.email}}",
    "{{trigger.body.customer.name}}",
    "Hi {{steps.2.first_name}}, your order #{{trigger.body.id}} has shipped!",
    "{{steps.lookup.rows[0].owner}}",
    "New lead: {{trigger.name}} ({{trigger.company}}) -- {{trigger.message}}",
)
_JS_CODE = (
    "// Normalise e-mails and drop test sign-ups\nconst out = [];\nfor (const item of $input.all()) {\n"
    "  const email = (item.json.email || '').trim().toLowerCase();\n"
    "  if (!email || email.endsWith('@example.com')) continue;\n"
    "  out.push({ json: { ...item.json, email, fullName: `${item.json.first_name} ${item.json.last_name}`.trim() } });\n}\n"
    "return out;",
    "const total = $input.all().reduce((sum, i) => sum + i.json.qty * i.json.price, 0);\n"
    "return [{ json: { total: Math.round(total * 100) / 100, currency: 'EUR' } }];",
    "// split \"Last, First\" into two fields\nreturn items.map(item => {\n  const [last, first] = String(item.json.name).split(',').map(s => s.trim());\n"
    "  return { json: { first, last, company: item.json.company ?? 'n/a' } };\n});",
    "const rows = $json.body.split('\\n').filter(Boolean).map(line => line.split(';'));\n"
    "return rows.slice(1).map(([date, payee, amount]) => ({ json: { date, payee, amount: parseFloat(amount.replace(',', '.')) } }));",
)
_PY_CODE = (
    "import re\n\nemail = input_data.get('email', '').strip().lower()\nmatch = re.match(r'^[^@]+@([^@]+)$', email)\n"
    "output = {'email': email, 'domain': match.group(1) if match else None}",
    "from datetime import datetime, timedelta\n\ndue = datetime.fromisoformat(input_data['created_at']) + timedelta(days=int(input_data.get('terms', 30)))\n"
    "output = [{'due_date': due.date().isoformat(), 'overdue': due < datetime.now()}]",
    'def handler(pd: "pipedream"):\n    items = pd.steps["trigger"]["event"]["body"]["items"]\n'
    '    return {"total": sum(i["amount"] for i in items), "count": len(items)}',
)


def _n8n_workflow(ctx: Ctx) -> dict[str, Any]:
    """A workflow as the editor saves it: trigger, a code node, a Postgres node with a parameterised query, an HTTP node, a Slack node."""
    nodes: list[dict[str, Any]] = [
        {
            "id": ctx.fake.uuid4(),
            "name": "Webhook",
            "type": "n8n-nodes-base.webhook",
            "typeVersion": 2,
            "position": [240, 300],
            "parameters": {"httpMethod": "POST", "path": ctx.fake.uuid4(), "responseMode": "onReceived"},
        },
        {
            "id": ctx.fake.uuid4(),
            "name": "Code",
            "type": "n8n-nodes-base.code",
            "typeVersion": 2,
            "position": [460, 300],
            "parameters": {"jsCode": j(ctx, "nodes[1].parameters.jsCode", ctx.pick(_JS_CODE))},
        },
    ]
    r = ctx.rng.random()
    if r < 0.5:
        nodes.append(
            {
                "id": ctx.fake.uuid4(),
                "name": "Postgres",
                "type": "n8n-nodes-base.postgres",
                "typeVersion": 2.5,
                "position": [680, 300],
                "parameters": {
                    "operation": "executeQuery",
                    "query": j(
                        ctx,
                        "nodes[2].parameters.query",
                        ctx.pick(
                            (
                                "SELECT id, email, plan FROM customers WHERE email = $1 AND deleted_at IS NULL LIMIT 1",
                                "INSERT INTO signups (email, source, created_at) VALUES ($1, $2, now()) ON CONFLICT (email) DO NOTHING",
                                "UPDATE orders SET status = 'shipped', shipped_at = now() WHERE id = $1",
                            )
                        ),
                    ),
                    "options": {"queryReplacement": "={{ $json.email }},={{ $json.source }}"},
                },
            }
        )
    else:
        nodes.append(
            {
                "id": ctx.fake.uuid4(),
                "name": "HTTP Request",
                "type": "n8n-nodes-base.httpRequest",
                "typeVersion": 4.2,
                "position": [680, 300],
                "parameters": {
                    "method": "POST",
                    "url": j(ctx, "nodes[2].parameters.url", ctx.pick(_EXPRESSIONS[-1:] + (f"https://api.{ctx.en.domain_name()}/v1/contacts",))),
                    "sendBody": True,
                    "jsonBody": j(
                        ctx,
                        "nodes[2].parameters.jsonBody",
                        '={\n  "email": "{{ $json.email }}",\n  "name": "{{ $json.fullName }}",\n  "tags": ["n8n", "{{ $json.source }}"]\n}',
                    ),
                },
            }
        )
    nodes.append(
        {
            "id": ctx.fake.uuid4(),
            "name": "Slack",
            "type": "n8n-nodes-base.slack",
            "typeVersion": 2.2,
            "position": [900, 300],
            "parameters": {
                "channel": "#" + ctx.pick(("sales-leads", "ops-alerts", "general")),
                "text": j(
                    ctx,
                    "nodes[3].parameters.text",
                    ctx.pick(
                        (
                            "New sign-up: {{ $json.email }} ({{ $json.plan }}) :tada:",
                            ctx.pick(_EXPRESSIONS),
                            "Order {{ $('Webhook').item.json.body.id }} failed -- check the logs!",
                        )
                    ),
                ),
            },
        }
    )
    names = [n["name"] for n in nodes]
    return {
        "name": j(ctx, "name", ctx.pick(("Lead -> CRM -> Slack", "Stripe payouts to Sheets", "Nightly order sync (don't touch!)", v.short_text(ctx)))),
        "nodes": nodes,
        "connections": {a: {"main": [[{"node": b, "type": "main", "index": 0}]]} for a, b in zip(names, names[1:])},
        "settings": {"executionOrder": "v1", "timezone": ctx.fake.timezone()},
        "active": ctx.chance(0.5),
        "versionId": ctx.fake.uuid4(),
    }


def _zap_step(ctx: Ctx) -> dict[str, Any]:
    """A Zap action step whose fields map earlier steps' output."""
    app, action = ctx.pick((("gmail", "send_email"), ("slack", "send_channel_message"), ("google-sheets", "add_row"), ("hubspot", "create_contact")))
    return {
        "app": app,
        "action": action,
        "params": {
            "to": j(ctx, "params.to", ctx.pick(("{{steps.1.output.email}}", ctx.fake.email()))),
            "subject": j(ctx, "params.subject", ctx.pick(_ZAP_FIELDS)),
            "body": j(ctx, "params.body", f"{ctx.pick(_ZAP_FIELDS)}\n\n{v.prose(ctx, 1, 2)}" if ctx.chance(0.6) else ctx.pick(_ZAP_FIELDS)),
        },
    }


def _webhook_body(ctx: Ctx) -> tuple[str, str]:
    """What third parties post into a webhook trigger: a form tool's urlencoded fields, a shop's JSON order, a Slack slash command."""
    r = ctx.rng.random()
    if r < 0.35:
        fields: list[tuple[str, Any]] = [
            ("name", _name(ctx)),
            ("email", ctx.fake.email()),
            ("company", _company(ctx)),
            ("message", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), user_note(ctx)))),
            ("utm_source", ctx.pick(("google", "newsletter", ""))),
        ]
        return "application/x-www-form-urlencoded", form(ctx, fields, fixed=("utm_source",))
    if r < 0.55:
        fields = [
            ("token", v.alnum_token(ctx, 24)),
            ("team_id", "T" + v.alnum_token(ctx, 8).upper()),
            ("channel_name", ctx.pick(("ops", "sales-leads"))),
            ("user_name", ctx.en.user_name()),
            ("command", ctx.pick(("/deploy", "/lookup", "/oncall"))),
            ("text", ctx.pick(("api v2.3.1 --env=staging", "customer O'Brien Logistics", "who's on call this week?", "order #4411 status"))),
            ("response_url", f"https://hooks.slack.com/commands/T0{v.alnum_token(ctx, 8)}/{ctx.rng.randrange(10**12, 10**13)}/{v.alnum_token(ctx, 24)}"),
        ]
        return "application/x-www-form-urlencoded", form(ctx, fields, fixed=("token", "team_id", "response_url"))
    body = {
        "id": ctx.rng.randrange(10**6, 10**7),
        "email": j(ctx, "email", ctx.fake.email()),
        "customer": {
            "name": j(ctx, "customer.name", _name(ctx)),
            "note": j(ctx, "customer.note", ctx.pick(("", "Leave at the back door -- dog's friendly", v.sentence(ctx)))),
        },
        "items": [{"sku": f"SKU-{ctx.rng.randint(100, 999)}", "qty": ctx.rng.randint(1, 4), "price": v.price(ctx)} for _ in range(ctx.rng.randint(1, 4))],
        "created_at": v.iso_datetime(ctx),
    }
    return "application/json", dumps(ctx, body)


def _flow_headers(ctx: Ctx, content_type: str | None = None) -> list[list[str]]:
    """The editor (browser, session cookie) or a script using the public API with an API key."""
    if ctx.chance(0.65):
        return site_headers(ctx, "xhr", content_type, cookies=True, extra=(("browser-id", ctx.fake.uuid4()),) if ctx.chance(0.5) else ())
    return headers_for(ctx, "sdk", content_type=content_type, extra=(("X-N8N-API-KEY", "n8n_api_" + v.hex_token(ctx, 40)),))


@template("train", ("/flowauto/",))
def workflow_automation(ctx: Ctx) -> Request:
    """Workflow automation: saving workflows (expressions, JavaScript code nodes, parameterised SQL), Zap-style steps with {{steps.N}} fields,
    webhook triggers (forms, shops, Slack commands, GET with query), code step test runs, expression previews, executions, imports."""
    kind = ctx.pick(("save", "save", "zap", "webhook", "webhook", "code", "expression", "executions", "import", "delete"))
    if kind == "save":
        body = _n8n_workflow(ctx)
        if ctx.chance(0.5):
            return req("POST", "/flowauto/rest/workflows", _flow_headers(ctx, "application/json"), body=dumps(ctx, body))
        return req(
            "PATCH", f"/flowauto/rest/workflows/{seg(ctx, 'workflow', v.alnum_token(ctx, 16))}", _flow_headers(ctx, "application/json"), body=dumps(ctx, body)
        )
    if kind == "zap":
        return req(
            "PUT",
            f"/flowauto/api/v1/zaps/{seg(ctx, 'zap', str(rid(ctx)))}/steps/{ctx.rng.randint(2, 5)}",
            _flow_headers(ctx, "application/json"),
            body=dumps(ctx, _zap_step(ctx)),
        )
    if kind == "webhook":
        hook = ctx.pick((ctx.fake.uuid4(), f"{ctx.en.word()}-{ctx.en.word()}", "typeform/leads"))
        prefix = ctx.pick(("webhook", "webhook", "webhook-test"))
        if ctx.chance(0.25):  # a GET trigger, e.g. a link in an e-mail or a monitoring tool
            pairs = [
                ("email", ctx.fake.email()),
                ("name", _name(ctx)),
                ("status", ctx.pick(("down", "up", "degraded"))),
                ("msg", ctx.pick(("CPU > 90% for 5m", v.sentence(ctx)))),
            ]
            return req("GET", f"/flowauto/{prefix}/{seg(ctx, 'webhook', hook)}", headers_for(ctx, ctx.pick(("sdk", "nav"))), qs(ctx, pairs))
        ctype, body2 = _webhook_body(ctx)
        extra = (("X-Signature-256", "sha256=" + v.hex_token(ctx, 64)),) if ctx.chance(0.5) else ()
        return req("POST", f"/flowauto/{prefix}/{seg(ctx, 'webhook', hook)}", headers_for(ctx, "sdk", content_type=ctype, extra=extra), body=body2)
    if kind == "code":
        lang = ctx.pick(("javascript", "javascript", "python"))
        body = {
            "language": lang,
            "code": j(ctx, "code", ctx.pick(_JS_CODE if lang == "javascript" else _PY_CODE)),
            "input": {
                "email": j(ctx, "input.email", ctx.pick((ctx.fake.email(), " Jane.O'Neil@Example.COM "))),
                "first_name": ctx.fake.first_name(),
                "last_name": ctx.fake.last_name(),
                "qty": ctx.rng.randint(1, 9),
                "price": v.price(ctx),
                "created_at": v.iso_datetime(ctx),
            },
        }
        return req("POST", "/flowauto/api/v1/code/test", _flow_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "expression":
        body = {
            "expression": j(ctx, "expression", ctx.pick(_EXPRESSIONS + _ZAP_FIELDS)),
            "context": {"nodeName": ctx.pick(("Set", "Slack", "HTTP Request")), "itemIndex": 0},
        }
        return req("POST", "/flowauto/rest/expressions/evaluate", _flow_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "executions":
        where = {
            "workflowId": ctx.slot("json_query", "filter.workflowId", v.alnum_token(ctx, 16)),
            "status": ctx.pick(("error", "success", "waiting")),
            "metadata": [{"key": "customer", "value": ctx.slot("json_query", "filter.metadata.value", ctx.pick(("O'Brien", _company(ctx), "order #4411")))}],
        }
        return req(
            ctx.pick(("GET", "GET", "HEAD")),
            "/flowauto/rest/executions",
            _flow_headers(ctx),
            f"{json_param(ctx, 'filter', where)}&limit={ctx.pick((10, 20, 50))}",
        )
    if kind == "import":
        wf = json.dumps(_n8n_workflow(ctx), indent=2, ensure_ascii=False)
        ctype, body2 = multipart(
            ctx,
            [("projectId", v.alnum_token(ctx, 16)), ("name", ctx.pick(("Imported -- lead routing", v.short_text(ctx))))],
            [("file", ctx.pick(("My workflow.json", "lead-routing (2).json")), "application/json", wf)],
        )
        return req("POST", "/flowauto/rest/workflows/import", _flow_headers(ctx, ctype), body=body2)
    if ctx.chance(0.25):
        return preflight(ctx, "/flowauto/rest/workflows", ("PATCH", "DELETE", "POST"), ("content-type", "browser-id,content-type"))
    return req("DELETE", f"/flowauto/rest/executions/{seg(ctx, 'execution', str(rid(ctx)))}", _flow_headers(ctx))


# --------------------------------------------------------------------------
# Data catalogue with lineage: descriptions, column tags, view definitions, OpenLineage events, search, glossary, dbt artefacts
# --------------------------------------------------------------------------

_CAT_SERVICES = ("snowflake_prod", "bigquery_analytics", "postgres_oltp", "redshift_dw", "databricks_lake")
_CAT_TABLES = ("fct_orders", "dim_customer", "stg_payments", "orders", "customers", "int_sessions", "mart_revenue_daily", "raw_events")
_CAT_COLUMNS = ("customer_id", "email", "order_total", "created_at", "country_code", "ip_address", "status", "discount_pct", "phone")


def _fqn(ctx: Ctx) -> str:
    return f"{ctx.pick(_CAT_SERVICES)}.{ctx.pick(('analytics', 'prod_db', 'shop'))}.{ctx.pick(('marts', 'staging', 'public', 'core'))}.{ctx.pick(_CAT_TABLES)}"


def _table_description(ctx: Ctx) -> str:
    return ctx.pick(
        (
            "Grain: one row per order line. Excludes test orders (`WHERE is_test = false`) and orders with status 'cancelled'.\n\n"
            "Joins to `dim_customer` on `customer_sk`; **do not** join on `email` -- it's not unique.",
            f"Daily revenue by country & channel. Refreshed at 06:00 UTC by the `{ctx.en.word()}_daily` DAG; late-arriving refunds are restated for 7 days.",
            "Raw events from the web tracker. `payload` is JSON -- use `payload:properties.plan::string` (Snowflake) to extract fields.\n\n"
            "> Deprecated: use `int_sessions`.",
            f"PII: contains e-mail & phone. Owner: {_name(ctx)} (Data Platform). Questions -> #data-help.",
            "Customer dimension (SCD type 2): `valid_from` <= ts < `valid_to`; current rows have `is_current = true`.",
        )
    )


def _view_sql(ctx: Ctx) -> str:
    src, other = ctx.pick(_CAT_TABLES), ctx.pick(_CAT_TABLES)
    return ctx.pick(
        (
            f"CREATE OR REPLACE VIEW analytics.marts.v_{src} AS\nSELECT o.order_id, o.customer_id, c.country_code, o.order_total\n"
            f"FROM analytics.staging.{src} o\n"
            f"LEFT JOIN analytics.staging.{other} c ON c.customer_id = o.customer_id\nWHERE o.status <> 'cancelled'",
            "INSERT INTO marts.mart_revenue_daily\nSELECT order_date, country_code, SUM(order_total) AS revenue\nFROM marts.fct_orders\n"
            f"WHERE order_date = '{v.iso_date(ctx)}'\n"
            "GROUP BY order_date, country_code",
            "CREATE TABLE staging.stg_payments AS\nSELECT id AS payment_id, order_id, amount / 100.0 AS amount, LOWER(method) AS method\n"
            "FROM raw.stripe_payments\n"
            "WHERE _loaded_at > (SELECT MAX(_loaded_at) FROM staging.stg_payments)",
            f"MERGE INTO core.dim_customer t\nUSING staging.{src} s ON t.customer_id = s.customer_id AND t.is_current\n"
            "WHEN MATCHED AND t.email <> s.email THEN UPDATE SET is_current = false, valid_to = s.updated_at\n"
            "WHEN NOT MATCHED THEN INSERT (customer_id, email) VALUES (s.customer_id, s.email)",
        )
    )


def _openlineage(ctx: Ctx) -> dict[str, Any]:
    """An OpenLineage RunEvent as the Airflow / Spark integrations post it, with the SQL facet."""
    ns = ctx.pick(("snowflake://acme-prod.eu-west-1", "bigquery", "postgres://db-prod:5432"))
    return {
        "eventType": ctx.pick(("START", "COMPLETE", "FAIL")),
        "eventTime": v.iso_datetime(ctx),
        "producer": "https://github.com/apache/airflow/tree/providers-openlineage/1.8.0",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": {"runId": ctx.fake.uuid4(), "facets": {"nominalTime": {"nominalStartTime": v.iso_datetime(ctx)}}},
        "job": {
            "namespace": j(ctx, "job.namespace", ctx.pick(("airflow-prod", "spark-etl"))),
            "name": j(ctx, "job.name", f"{ctx.en.word()}_daily.{ctx.pick(_CAT_TABLES)}"),
            "facets": {"sql": {"query": j(ctx, "job.facets.sql.query", _view_sql(ctx))}},
        },
        "inputs": [{"namespace": ns, "name": f"analytics.staging.{ctx.pick(_CAT_TABLES)}"}],
        "outputs": [
            {
                "namespace": ns,
                "name": f"analytics.marts.{ctx.pick(_CAT_TABLES)}",
                "facets": {
                    "schema": {"fields": [{"name": c, "type": ctx.pick(("VARCHAR", "NUMBER(38,2)", "TIMESTAMP_NTZ"))} for c in ctx.rng.sample(_CAT_COLUMNS, 3)]}
                },
            }
        ],
    }


_DATAHUB_GQL = "mutation updateDescription($input: DescriptionUpdateInput!) {\n  updateDescription(input: $input)\n}"


def _cat_headers(ctx: Ctx, content_type: str | None = None) -> list[list[str]]:
    """The catalogue's UI (session cookie), an ingestion job or Airflow with a bot token, or a data engineer's script."""
    if ctx.chance(0.5):
        return site_headers(ctx, "xhr", content_type, cookies=True)
    return headers_for(ctx, "sdk", content_type=content_type, auth="jwt")


@template("train", ("/lineagecat/",))
def data_catalog_lineage(ctx: Ctx) -> Request:
    """Data catalogue: table and column descriptions (JSON Patch, GraphQL), column tags, SQL lineage parsing, OpenLineage events, search with
    an Elasticsearch-style filter, glossary terms, dbt manifest uploads, lineage graph reads and tag removals."""
    fqn = _fqn(ctx)
    kind = ctx.pick(("describe", "describe", "tags", "sql", "openlineage", "search", "search", "glossary", "dbt", "lineage", "delete"))
    if kind == "describe":
        if ctx.chance(0.65):
            col = ctx.rng.randrange(0, 12)
            patch = [{"op": "add", "path": "/description", "value": j(ctx, "[0].value", _table_description(ctx))}]
            if ctx.chance(0.5):
                patch.append(
                    {
                        "op": "add",
                        "path": f"/columns/{col}/description",
                        "value": j(
                            ctx,
                            "[1].value",
                            ctx.pick(
                                (
                                    "Order total incl. VAT, in EUR (converted at the daily ECB rate).",
                                    "Lower-cased; may contain '+' aliases (jane+news@...).",
                                    "ISO 3166-1 alpha-2; 'XK' = Kosovo.",
                                    v.sentence(ctx),
                                )
                            ),
                        ),
                    }
                )
            return req(
                "PATCH",
                f"/lineagecat/api/v1/tables/{seg(ctx, 'table', ctx.fake.uuid4())}",
                _cat_headers(ctx, "application/json-patch+json"),
                body=dumps(ctx, patch),
            )
        body = {
            "operationName": "updateDescription",
            "query": _DATAHUB_GQL,
            "variables": {
                "input": {
                    "resourceUrn": f"urn:li:dataset:(urn:li:dataPlatform:snowflake,{fqn.split('.', 1)[1]},PROD)",
                    "description": j(ctx, "variables.input.description", _table_description(ctx)),
                }
            },
        }
        return req("POST", "/lineagecat/api/graphql", _cat_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "tags":
        tags = [
            {"tagFQN": j(ctx, f"[{i}].tagFQN", t), "source": "Classification", "labelType": "Manual"}
            for i, t in enumerate(
                ctx.rng.sample(["PII.Sensitive", "PII.NonSensitive", "Tier.Tier1", "GDPR.Art9", "Finance.Revenue", "Quality.Certified"], ctx.rng.randint(1, 3))
            )
        ]
        column = seg(ctx, "column", ctx.pick(_CAT_COLUMNS))
        return req(
            "PUT",
            f"/lineagecat/api/v1/tables/name/{seg(ctx, 'table', fqn)}/columns/{column}/tags",
            _cat_headers(ctx, "application/json"),
            body=dumps(ctx, tags),
        )
    if kind == "sql":
        body = {
            "query": j(ctx, "query", _view_sql(ctx)),
            "dialect": ctx.pick(("snowflake", "bigquery", "postgres", "tsql")),
            "defaultDatabase": "analytics",
            "serviceName": ctx.pick(_CAT_SERVICES),
        }
        return req("POST", "/lineagecat/api/v1/lineage/sql", _cat_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "openlineage":
        return req(
            "POST",
            "/lineagecat/api/v1/openlineage/lineage",
            headers_for(ctx, "sdk", content_type="application/json", auth="jwt"),
            body=dumps(ctx, _openlineage(ctx)),
        )
    if kind == "search":
        owner = ctx.pick(("O'Neil", ctx.fake.last_name()))
        q = ctx.pick(
            ("customer AND tags:PII*", f'owner:"{owner}"', "orders -staging", "name:fct_* AND tier:Tier1", 'description:"do not join"', ctx.pick(_CAT_COLUMNS))
        )
        pairs: list[tuple[str, Any]] = [
            ("q", q),
            ("index", ctx.pick(("table_search_index", "dashboard_search_index", "glossary_term_search_index"))),
            ("from", ctx.rng.randrange(0, 100, 10)),
            ("size", ctx.pick((10, 25))),
        ]
        query = qs(ctx, pairs, fixed=("index", "from", "size"))
        if ctx.chance(0.5):
            es = {
                "query": {
                    "bool": {
                        "must": [
                            {"term": {"owner.displayName.keyword": ctx.slot("json_query", "query_filter.owner", _name(ctx))}},
                            {"term": {"tags.tagFQN": ctx.slot("json_query", "query_filter.tag", ctx.pick(("PII.Sensitive", "Tier.Tier1")))}},
                        ]
                    }
                }
            }
            query += "&" + json_param(ctx, "query_filter", es)
        return req("GET", "/lineagecat/api/v1/search/query", _cat_headers(ctx), query)
    if kind == "glossary":
        body = {
            "glossary": "Business Glossary",
            "name": j(ctx, "name", ctx.pick(("Active Customer", "Net Revenue", "Churn", "GMV"))),
            "description": j(
                ctx,
                "description",
                ctx.pick(
                    (
                        "A customer with >= 1 paid order in the last 90 days (refunds excluded).",
                        "Gross revenue -- discounts -- refunds; excl. VAT & shipping.",
                        v.prose(ctx, 1, 2, trap_rate=0.4),
                    )
                ),
            ),
            "synonyms": [j(ctx, "synonyms[0]", ctx.pick(("active user", "MAU", "net sales", "customer's revenue")))],
            "reviewers": [{"name": ctx.en.user_name(), "type": "user"}],
        }
        return req(ctx.pick(("POST", "PUT")), "/lineagecat/api/v1/glossaryTerms", _cat_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "dbt":
        model = ctx.pick(_CAT_TABLES)
        manifest = {
            "metadata": {"dbt_version": "1.8.3", "generated_at": v.iso_datetime(ctx)},
            "nodes": {
                f"model.shop.{model}": {
                    "resource_type": "model",
                    "schema": "marts",
                    "name": model,
                    "raw_code": "select * from {{ ref('stg_orders') }} where not is_test",
                    "compiled_code": _view_sql(ctx),
                    "description": _table_description(ctx),
                    "depends_on": {"nodes": ["model.shop.stg_orders"]},
                }
            },
        }
        ctype, body2 = multipart(
            ctx,
            [("service", ctx.pick(_CAT_SERVICES)), ("run_id", ctx.fake.uuid4())],
            [("manifest", "manifest.json", "application/json", json.dumps(manifest, indent=ctx.pick((None, 2))))],
        )
        return req("POST", "/lineagecat/api/v1/ingestion/dbt", _cat_headers(ctx, ctype), body=body2)
    if kind == "lineage":
        if ctx.chance(0.4):  # the lineage page itself, opened from a link
            return req(
                "GET",
                f"/lineagecat/table/{seg(ctx, 'table', fqn)}/lineage",
                headers_for(ctx, "nav"),
                qs(ctx, [("column", ctx.pick(_CAT_COLUMNS)), ("depth", ctx.rng.randint(1, 3))]),
            )
        pairs = [
            ("upstreamDepth", ctx.rng.randint(1, 3)),
            ("downstreamDepth", ctx.rng.randint(1, 3)),
            ("includeDeleted", "false"),
            ("fields", ctx.pick(("columns,owner,tags", "columns", None))),
        ]
        return req(
            ctx.pick(("GET", "GET", "HEAD")),
            f"/lineagecat/api/v1/lineage/table/name/{seg(ctx, 'table', fqn)}",
            _cat_headers(ctx),
            qs(ctx, pairs, fixed=("includeDeleted",)),
        )
    if ctx.chance(0.25):
        return preflight(ctx, f"/lineagecat/api/v1/tables/{ctx.fake.uuid4()}", ("PATCH", "PUT", "DELETE"), ("content-type", "authorization,content-type"))
    return req(
        "DELETE",
        f"/lineagecat/api/v1/tables/name/{seg(ctx, 'table', fqn)}/columns/{seg(ctx, 'column', ctx.pick(_CAT_COLUMNS))}/tags/"
        f"{ctx.pick(('PII.Sensitive', 'Tier.Tier2'))}",
        _cat_headers(ctx),
        "hardDelete=false",
    )


ENTERPRISE: tuple[str, ...] = (
    "erp_odata_gateway",
    "crm_soql_api",
    "itsm_encoded_queries",
    "issue_tracker_jql",
    "sharepoint_intranet",
    "bi_dashboard",
    "workflow_automation",
    "data_catalog_lineage",
)
