"""Train templates: industry and field operations.

A manufacturing execution system, farm field records, fleet maintenance,
construction project management, a laboratory information system, field-service
work orders, point-of-sale cloud sync, procurement RFQs and supplier bids,
quality audits, a 3D-printing service, building energy management and a print
shop. Each app has a route prefix of its own, its own naming style
(`filter[status]`, `status[]`, `filter.country`, `paper-stock`, camelCase and
snake_case JSON) and the formats it really speaks: JSON objects and top-level
arrays (offline sync queues), urlencoded forms, multipart uploads (PDF
submittals and artwork, STL and G-code, weighbridge tickets), XML (ISA-95
schedules, ISOXML task data, BCF markups, cXML orders, JDF job tickets, Green
Button feeds, instrument runs), CSV (bills of materials, assay results, fuel-card
and half-hourly meter exports) and domain text bodies (G-code, ASCII STL,
receipt templates). The free text of these apps reads like an attack to a naive
filter -- `<LOQ` and `>ULOQ` flags, `G1 X10 Y10 E0.5`, `siteRef==@hq and not
air`, `Why 3? ...`, `A-201 rev C`, `2.5 L/ha`, `P0420`, notes with `--`,
apostrophes and SQL words -- so most requests carry some, in the request's
locale, and every user-controlled value goes through a slot.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import csv_cell, nav_form, dumps, form, header_slot, j, multipart, preflight, qs, req, Request, rid, seg, short_title, site_headers, template, user_note
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------



def _short(ctx: Ctx) -> str:
    return short_title(ctx, ("draft", "v2", "final (really)", "urgent", "WIP"))


def _company(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.65:
        return ctx.fake.company()
    if r < 0.85:
        return f"{v.person_name(ctx)[1]} & {ctx.pick(('Sons', 'Partners', 'Co.', 'Söhne', 'Fils'))}"
    return ctx.pick(("O'Neill Fabrication Ltd", "D'Amico Metalli S.r.l.", "Smith & Wesson Ltd.", "Müller GmbH & Co. KG", "AT&T", "Ben & Jerry's"))



def _png_data_uri(ctx: Ctx) -> str:
    """A signature pad's export: a PNG (header, IHDR, compressed strokes) as a data: URI."""
    w, h = ctx.rng.randint(240, 800), ctx.rng.randint(80, 300)
    raw = (b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + b"IHDR" + w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes((8, 6, 0, 0, 0))
           + ctx.rng.randbytes(4) + ctx.rng.randbytes(ctx.rng.randint(150, 1100)) + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    return "data:image/png;base64," + base64.b64encode(raw).decode()


def _pdf(ctx: Ctx, title: Any) -> str:
    """A small PDF as text: catalog, an info dictionary with the title, a page stream."""
    return (f"%PDF-1.{ctx.pick(('4', '6', '7'))}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            f"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {ctx.pick(('595 842', '612 792', '2384 1684'))}] >>\nendobj\n"
            f"4 0 obj\n<< /Title ({title}) /Producer ({ctx.pick(('Adobe PDF Library 17.0', 'Bluebeam Revu x64', 'Microsoft Word', 'Ghostscript 10.02'))}) >>\nendobj\n"
            f"% {ctx.en.word()}\ntrailer\n<< /Root 1 0 R /Info 4 0 R >>\n%%EOF")


def _local_path(ctx: Ctx, name: str) -> str:
    """Where a desktop uploader or an instrument PC had the file: Windows, macOS or Linux, spaces and apostrophes included."""
    user = ctx.fake.first_name().replace(" ", "")
    return ctx.pick((
        f"C:\\Users\\{user}\\{ctx.pick(('Desktop', 'Documents', 'Downloads', 'OneDrive - ' + ctx.fake.company()))}\\{name}",
        f"C:\\Users\\Public\\Documents\\{ctx.pick(('Agilent', 'Exports', 'Jobs'))}\\{v.iso_date(ctx)}\\{name}",
        f"D:\\{ctx.pick(('Kunden', 'Projects', 'Shared'))}\\{ctx.fake.last_name()}\\{name}",
        f"/Users/{user.lower()}/{ctx.pick(('Desktop', 'Downloads', 'Documents/Print jobs'))}/{name}",
        f"~/{ctx.pick(('prints', 'exports', 'work'))}/{name}", v.file_path(ctx),
    ))


def _code(ctx: Ctx, prefix: str, lo: int = 100, hi: int = 99999) -> str:
    return f"{prefix}-{ctx.rng.randrange(lo, hi)}"


def _xml_doc(root: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + root


# --------------------------------------------------------------------------
# 1. Manufacturing execution system: work orders, confirmations, machine states, BOM CSV, ISA-95 XML
# --------------------------------------------------------------------------

_MACHINES = ("CNC-05", "Press #3", "Line 2 / Filler", "Robot cell R7", "IM-12 (injection moulder)", "Oven B", "Laser LC-2", "SMT line 1", "Lathe L-4")
_SCRAP = ("burrs on the Ø12 bore", "short shot", "dim. out of tol. (+0.08 mm)", "scratches -- cosmetic only", "wrong label", "porosity", "cold solder joint")
_BOM_PARTS = ("Screw M4x10 DIN 912 A2", "Resistor 10k 0603 1%", "Bracket, steel 2 mm -- powder coated RAL 9005", 'Cable tie 200x4.8 "black"',
              "PCB assy rev C", "O-ring 12x2 NBR 70", "Label 50x25 'Made in EU'", "Housing, PA66-GF30", "Nut M6 DIN 934 (zinc)", "Connector JST-XH 4p")


def _part_no(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.fake.bothify('???').upper()}-{ctx.rng.randrange(1000, 9999)}-{ctx.pick('ABC')}", f"{ctx.rng.randrange(1000, 9999)}-{ctx.rng.randrange(0, 9999):04d}",
                     f"{ctx.pick(('BRK', 'HSG', 'PCB', 'SHAFT'))}{ctx.rng.randrange(100, 999)}.{ctx.rng.randrange(10, 99)}"))


def _shop_note(ctx: Ctx) -> str:
    """An operator's note: machines, counts, tolerances, arrows, dashes, names."""
    if ctx.chance(0.4):
        return user_note(ctx)
    m, n, k, mins = ctx.pick(_MACHINES), ctx.rng.randint(5, 400), ctx.rng.randint(1, 9), ctx.rng.randint(5, 180)
    name, lot = v.full_name(ctx), f"L{ctx.rng.randrange(2023, 2027)}{ctx.rng.randint(1, 52):02d}-{ctx.rng.randrange(1, 9999):04d}"
    return ctx.pick((
        f"Spindle alarm on {m} -- reset, ran {n} pcs OK; scrapped {k} ({ctx.pick(_SCRAP)}).",
        f"Changeover {_part_no(ctx)} -> {_part_no(ctx)} took {mins} min; waiting on QA to select the first-article samples.",
        f"Coolant conc. {ctx.rng.randint(3, 9)}% (target 5-8%) | tool T{ctx.rng.randint(1, 40)} worn -> replaced, offset updated.",
        f"Material lot {lot} from {_company(ctx)}: {k}/5 failed the drop test -- quarantined, see NCR-{ctx.rng.randrange(100, 9999)}.",
        f"Torque spec 12 Nm ± 0.5 -> measured {ctx.rng.uniform(10.5, 13.0):.1f} on station #{k}; re-torqued & signed off by {name}.",
        f"Downtime {mins} min: e-stop on {m} (guard door sensor). Don't restart until {name} has checked it!",
        f"Cycle time {ctx.rng.randint(20, 90)}s vs. standard {ctx.rng.randint(20, 90)}s -- OEE < 60% this shift :(",
        f"Label printer on {m} printed 'NULL' as the batch no.; reprinted {k} labels, old ones dropped in the red bin.",
    ))


def _bom_csv(ctx: Ctx) -> str:
    rows = ["level,part_number,description,qty,uom,ref_designators,notes"]
    for i in range(ctx.rng.randint(2, 12)):
        desc = csv_cell(ctx.pick(_BOM_PARTS + (ctx.fake.catch_phrase(),)))
        if i == 0:
            desc = ctx.slot("multipart", "bom.description", desc)
        refs = ", ".join(f"{ctx.pick('RCUJ')}{ctx.rng.randint(1, 60)}" for _ in range(ctx.rng.randint(0, 3)))
        note = csv_cell(ctx.pick(("", "", "alt: " + _part_no(ctx), "DNP -- do not place", f"{ctx.fake.last_name()}'s change (ECN-{ctx.rng.randrange(100, 9999)})", v.sentence(ctx))))
        if i == 1:
            note = ctx.slot("multipart", "bom.notes", note)
        rows.append(f'{ctx.rng.randint(1, 3)},{_part_no(ctx)},"{desc}",{ctx.pick(("1", "2", "4", "0.25", "12"))},{ctx.pick(("EA", "PC", "M", "KG"))},"{refs}","{note}"')
    return "\r\n".join(rows) + "\r\n"


def _b2mml(ctx: Ctx) -> str:
    """An ISA-95 production schedule as the ERP pushes it; descriptions are slots."""
    requests = []
    for i in range(ctx.rng.randint(1, 3)):
        desc = enc_xml(str(ctx.slot("xml", f"ProductionRequest[{i}].Description", ctx.pick((ctx.fake.catch_phrase(), _short(ctx), f"Rush order for {_company(ctx)}")))))
        requests.append(
            f"  <ProductionRequest>\n    <ID>WO-{ctx.rng.randrange(100000, 999999)}</ID>\n    <Description>{desc}</Description>\n"
            f"    <SegmentRequirement>\n      <ProcessSegmentID>{ctx.pick(('OP10-TURN', 'OP20-MILL', 'OP30-ASSY', 'OP40-TEST'))}</ProcessSegmentID>\n"
            f"      <EarliestStartTime>{v.iso_datetime(ctx)}</EarliestStartTime>\n      <MaterialProducedRequirement>\n"
            f"        <MaterialDefinitionID>{_part_no(ctx)}</MaterialDefinitionID>\n        <Quantity><QuantityString>{ctx.rng.randint(10, 5000)}</QuantityString><UnitOfMeasure>EA</UnitOfMeasure></Quantity>\n"
            "      </MaterialProducedRequirement>\n    </SegmentRequirement>\n  </ProductionRequest>")
    note = enc_xml(str(ctx.slot("xml", "Description", ctx.pick((v.prose(ctx, 1, 2), "Week plan -- frozen zone 3 days", _shop_note(ctx))))))
    return _xml_doc(f'<ProductionSchedule xmlns="http://www.mesa.org/xml/B2MML">\n  <ID>PS-{ctx.rng.randrange(1000, 99999)}</ID>\n  <Description>{note}</Description>\n'
                    + "\n".join(requests) + "\n</ProductionSchedule>\n")


@template("train", ("/mes-floor/",), weight=1.2)
def mes_shopfloor(ctx: Ctx) -> Request:
    """MES: work-order lists with bracket filters, operation confirmations, machine states, shift handovers, BOM CSV, ISA-95 XML."""
    kind = ctx.pick(("list", "confirm", "confirm", "state", "handover", "bom", "schedule", "genealogy", "hold", "preflight"))
    profile = ctx.pick(("xhr", "xhr", "mobile"))
    auth = "jwt" if profile == "mobile" or ctx.chance(0.5) else None
    wo = f"WO-{ctx.rng.randrange(100000, 999999)}"
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("filter[status]", ctx.pick(("released", "in_progress", "on_hold", "completed")))]
        if ctx.chance(0.6):
            pairs.append(("filter[workcenter]", ctx.pick(_MACHINES)))
        if ctx.chance(0.5):
            pairs.append(("q", ctx.pick((_part_no(ctx), v.search_terms(ctx), _company(ctx)))))
        pairs += [("sort", ctx.pick(("-due_date", "priority", "wo_number"))), ("page[size]", ctx.pick((25, 50)))]
        if ctx.chance(0.35):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/mes-floor/api/work-orders", headers_for(ctx, profile, auth=auth), qs(ctx, pairs))
    if kind == "confirm":
        good, scrap = ctx.rng.randint(0, 500), ctx.rng.randint(0, 12)
        body: dict[str, Any] = {"goodQty": good, "scrapQty": scrap, "reworkQty": ctx.rng.randint(0, 3), "finalConfirmation": ctx.chance(0.4),
                                "operatorBadge": j(ctx, "operatorBadge", ctx.pick((str(ctx.rng.randrange(10000, 99999)), ctx.fake.user_name()))),
                                "note": j(ctx, "note", _shop_note(ctx)), "confirmedAt": v.iso_datetime(ctx)}
        if scrap:
            body["scrapReasons"] = [{"code": ctx.pick(("S01", "S07", "S12")), "qty": scrap, "comment": j(ctx, "scrapReasons[0].comment", ctx.pick(_SCRAP))}]
        path = f"/mes-floor/api/work-orders/{seg(ctx, 'wo', wo)}/operations/{seg(ctx, 'op', ctx.pick(('0010', '0020', '0030', 'OP40')))}/confirmations"
        return req("POST", path, site_headers(ctx, profile, "application/json", auth), body=dumps(ctx, body))
    if kind == "state":
        body = {"state": ctx.pick(("running", "idle", "down", "setup", "planned_maintenance")), "reasonCode": ctx.pick(("M-12 tooling", "Q-03 waiting QA", "L-01 no operator", "E-05 e-stop")),
                "comment": j(ctx, "comment", _shop_note(ctx)), "since": v.iso_datetime(ctx)}
        return req("PATCH", f"/mes-floor/api/machines/{seg(ctx, 'machine', ctx.pick(_MACHINES))}/state", site_headers(ctx, profile, "application/json", auth), body=dumps(ctx, body))
    if kind == "handover":
        pairs = [("_token", v.alnum_token(ctx, 40)), ("handover[shift]", ctx.pick(("early", "late", "night"))), ("handover[line]", ctx.pick(_MACHINES)),
                 ("handover[summary]", _shop_note(ctx))]
        for _ in range(ctx.rng.randint(0, 3)):
            pairs.append(("handover[open_issues][]", ctx.pick((_shop_note(ctx), v.short_text(ctx), "Waiting on maintenance -- see ticket #" + str(ctx.rng.randrange(100, 9999))))))
        pairs += [("handover[safety_incident]", ctx.pick(("0", "1"))), ("handover[next_shift_lead]", v.full_name(ctx))]
        return nav_form(ctx, "/mes-floor/handovers", "/mes-floor/handovers/new", form(ctx, pairs, fixed=("_token",)))
    if kind == "bom":
        return req("PUT", f"/mes-floor/api/items/{seg(ctx, 'item', _part_no(ctx))}/bom", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/csv; charset=utf-8", auth=ctx.pick(("jwt", "apikey"))),
                   qs(ctx, [("revision", ctx.pick(("A", "B", "C", "D"))), ("effective", v.iso_date(ctx))]), _bom_csv(ctx))
    if kind == "schedule":
        return req("POST", "/mes-floor/erp/production-schedules", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="basic"), body=_b2mml(ctx))
    if kind == "genealogy":
        serial = seg(ctx, "serial", ctx.pick((f"SN{ctx.rng.randrange(10**7, 10**8)}", f"{_part_no(ctx)}-{ctx.rng.randrange(1000, 9999)}")))
        return req(ctx.pick(("GET", "HEAD")), f"/mes-floor/api/serials/{serial}/genealogy", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))),
                   qs(ctx, [("depth", ctx.pick((1, 3, 10))), ("include", ctx.pick(("lots,operations", "lots", "measurements")))]))
    if kind == "hold":
        q = qs(ctx, [("reason", ctx.pick((v.short_text(ctx), "released after MRB review -- OK to ship")))])
        return req("DELETE", f"/mes-floor/api/work-orders/{seg(ctx, 'wo', wo)}/holds/{seg(ctx, 'hold', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"), q)
    return preflight(ctx, f"/mes-floor/api/work-orders/{wo}/operations/0010/confirmations", ("POST", "PATCH"), ("content-type", "authorization,content-type"))


# --------------------------------------------------------------------------
# 2. Farm management: spray logs, scouting, harvest tickets, offline sync, ISOXML task data
# --------------------------------------------------------------------------

_AG_PRODUCTS = (("Roundup PowerMax", "L/ha", (1.0, 3.5)), ("Liberty 280 SL", "L/ha", (2.0, 5.0)), ("Karate Zeon", "mL/ha", (50, 150)),
                ("Amistar Top", "L/ha", (0.5, 1.0)), ("Calcium nitrate 15.5-0-0", "kg/ha", (100, 300)), ("Urea 46%", "kg/ha", (80, 250)),
                ("Copper oxychloride 50 WP", "g/100 L", (150, 300)), ("Neem oil 1% EC", "mL/L", (2, 5)), ("Sulphur 80 WG", "kg/ha", (2, 7.5)))
_CROPS = ("winter wheat", "canola", "maize", "soybeans", "Pinot Noir (block 7)", "apples -- Gala", "potatoes", "spring barley", "sugar beet")
_PESTS = ("aphids", "septoria", "flea beetle", "powdery mildew", "Colorado beetle", "black-grass", "codling moth", "downy mildew")


def _field_name(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.fake.last_name()}'s {ctx.pick(('north', 'back', 'long', 'river'))} field", f"Block {ctx.rng.randint(1, 40)}{ctx.pick(('', 'a', 'b'))}",
                     f"{ctx.fake.city()} -- {ctx.rng.randint(2, 120)} ha", ctx.fake.street_name(), f"Parcel {ctx.rng.randrange(100, 9999)}/{ctx.rng.randint(1, 9)}"))


def _rate(ctx: Ctx) -> tuple[str, str]:
    name, unit, (lo, hi) = ctx.pick(_AG_PRODUCTS)
    value = ctx.rng.uniform(lo, hi)
    return name, f"{value:.1f} {unit}" if hi < 20 else f"{round(value)} {unit}"


def _farm_note(ctx: Ctx) -> str:
    if ctx.chance(0.4):
        return user_note(ctx)
    product, rate = _rate(ctx)
    return ctx.pick((
        f"Sprayed {product} @ {rate} + 200 L/ha water; wind {ctx.rng.randint(2, 18)} km/h SW, {ctx.rng.randint(4, 28)}°C. Buffer 5 m along the ditch -- don't drift!",
        f"{ctx.pick(_PESTS).capitalize()} above threshold ({ctx.rng.randint(5, 60)}% of plants) in the headlands; re-check in 5 days.",
        f"Combine yield monitor says {ctx.rng.uniform(3, 12):.1f} t/ha but weighbridge < that by ~8% -- calibrate?",
        f"Moisture {ctx.rng.uniform(11, 24):.1f}% -> dryer on. Trailer #{ctx.rng.randint(1, 6)} to {_company(ctx)}'s store.",
        f"PHI {ctx.rng.randint(7, 42)} days: no harvest before {v.iso_date(ctx)}. Tank rinsed 3x; rinsate on the biobed.",
        f"Soil sample: pH {ctx.rng.uniform(5.2, 7.8):.1f}, P index 2, K index 2- ; lime 2.5 t/ha next autumn.",
    ))


def _isoxml(ctx: Ctx) -> str:
    """ISO 11783-10 TASKDATA.XML for a sprayer terminal: names are attribute slots."""
    owner = enc_xml(str(ctx.slot("xml", "CTR.B", _company(ctx))))
    field = enc_xml(str(ctx.slot("xml", "PFD.C", _field_name(ctx))))
    product_name, _ = _rate(ctx)
    product = enc_xml(str(ctx.slot("xml", "PDT.B", product_name)))
    task = enc_xml(str(ctx.slot("xml", "TSK.B", ctx.pick((f"Spray {v.iso_date(ctx)}", _short(ctx), "T1 -- fungicide (2nd pass)")))))
    worker = enc_xml(v.full_name(ctx))
    return _xml_doc(
        f'<ISO11783_TaskData VersionMajor="4" VersionMinor="{ctx.pick(("2", "3"))}" ManagementSoftwareManufacturer="AgroField" ManagementSoftwareVersion="5.{ctx.rng.randint(0, 9)}" DataTransferOrigin="1">\n'
        f'  <CTR A="CTR1" B="{owner}"/>\n  <FRM A="FRM1" B="{enc_xml(ctx.fake.last_name())} Farm" I="CTR1"/>\n'
        f'  <PFD A="PFD1" C="{field}" D="{ctx.rng.randrange(10_000, 2_000_000)}" E="CTR1" F="FRM1"/>\n  <PDT A="PDT1" B="{product}"/>\n'
        f'  <WKR A="WKR1" B="{worker}"/>\n  <TSK A="TSK1" B="{task}" C="CTR1" D="FRM1" E="PFD1" F="WKR1" G="1"/>\n</ISO11783_TaskData>\n')


def _sync_record(ctx: Ctx, i: int) -> dict[str, Any]:
    kind = ctx.pick(("spray", "scouting", "harvest", "note"))
    rec: dict[str, Any] = {"clientId": ctx.fake.uuid4(), "type": kind, "fieldId": rid(ctx), "recordedAt": v.iso_datetime(ctx)}
    if kind == "spray":
        product, rate = _rate(ctx)
        rec.update(product=j(ctx, f"[{i}].product", product), rate=j(ctx, f"[{i}].rate", rate), areaHa=round(ctx.rng.uniform(0.5, 80), 2))
    elif kind == "scouting":
        rec.update(pest=ctx.pick(_PESTS), severity=ctx.rng.randint(1, 5))
    elif kind == "harvest":
        rec.update(crop=ctx.pick(_CROPS), netKg=ctx.rng.randrange(800, 32000), moisturePct=round(ctx.rng.uniform(11, 24), 1))
    rec["notes"] = j(ctx, f"[{i}].notes", _farm_note(ctx))
    return rec


@template("train", ("/agrofield/",), weight=1.2)
def farm_records(ctx: Ctx) -> Request:
    """Farm management: spray logs with rates, scouting forms, field edits, offline sync arrays, weighbridge tickets, ISOXML."""
    kind = ctx.pick(("spray", "spray", "sync", "field", "records", "scouting", "harvest", "isoxml", "delete"))
    field_id = rid(ctx)
    if kind == "spray":
        product, rate = _rate(ctx)
        body: dict[str, Any] = {
            "field_id": field_id, "crop": ctx.pick(_CROPS), "applied_on": v.iso_date(ctx),
            "product": {"name": j(ctx, "product.name", product), "reg_no": ctx.pick((f"MAPP {ctx.rng.randrange(10000, 19999)}", f"EPA Reg. No. {ctx.rng.randrange(100, 999)}-{ctx.rng.randrange(100, 999)}"))},
            "rate": j(ctx, "rate", rate), "water_volume": ctx.pick(("100 L/ha", "200 L/ha", "300 L/ha")), "wind_kmh": ctx.rng.randint(0, 20),
            "operator": j(ctx, "operator", v.full_name(ctx)), "notes": j(ctx, "notes", _farm_note(ctx)),
        }
        if ctx.chance(0.4):
            body["tank_mix"] = [j(ctx, "tank_mix", _rate(ctx)[0]) for _ in range(ctx.rng.randint(1, 2))]
        return req("POST", "/agrofield/api/spray-logs", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "sync":
        records = [_sync_record(ctx, i) for i in range(ctx.rng.randint(1, 6))]
        extra = (("X-Device-Clock", v.iso_datetime(ctx)),)
        return req("POST", "/agrofield/api/sync", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), qs(ctx, [("since", v.iso_datetime(ctx))]), dumps(ctx, records))
    if kind == "field":
        body = {"name": j(ctx, "name", _field_name(ctx)), "crop": j(ctx, "crop", ctx.pick(_CROPS)), "variety": j(ctx, "variety", ctx.pick(("KWS Extase", "Skyfall", "DK Exalte", "Pioneer P8834", ctx.en.word().capitalize()))),
                "areaHa": round(ctx.rng.uniform(0.4, 150), 2), "organic": ctx.chance(0.2), "notes": j(ctx, "notes", ctx.pick(("", _farm_note(ctx), v.prose(ctx, 1, 2))))}
        return req("PATCH", f"/agrofield/api/fields/{seg(ctx, 'field', field_id)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "records":
        pairs: list[tuple[str, Any]] = [("types[]", t) for t in ctx.rng.sample(["spray", "fertiliser", "scouting", "harvest", "irrigation"], ctx.rng.randint(1, 3))]
        pairs += [("season", ctx.pick(("2024", "2025", "2025/26"))), ("product", ctx.pick(("", _rate(ctx)[0])))]
        if ctx.chance(0.4):
            pairs.append(("q", ctx.pick((v.search_terms(ctx), ctx.pick(_PESTS)))))
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/agrofield/api/fields/{seg(ctx, 'field', field_id)}/records", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "scouting":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("scouting[field_id]", field_id), ("scouting[pest]", ctx.pick(_PESTS)),
                 ("scouting[severity]", ctx.rng.randint(1, 5)), ("scouting[growth_stage]", ctx.pick(("GS31", "GS39", "BBCH 65", "V6", "R1"))),
                 ("scouting[notes]", _farm_note(ctx)), ("scouting[follow_up]", ctx.pick(("0", "1")))]
        return nav_form(ctx, "/agrofield/scouting", "/agrofield/scouting/new", form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "harvest":
        rows = ["ticket,date,vehicle,gross_kg,tare_kg,net_kg,moisture,comment"]
        for i in range(ctx.rng.randint(2, 8)):
            gross = ctx.rng.randrange(15000, 44000)
            tare = ctx.rng.randrange(8000, 14000)
            comment = csv_cell(ctx.pick(("", "", v.sentence(ctx), "re-weighed -- first reading 'stuck'", f"{ctx.fake.last_name()}'s trailer")))
            rows.append(f'{ctx.rng.randrange(10000, 99999)},{v.iso_date(ctx)},{ctx.fake.license_plate()},{gross},{tare},{gross - tare},{ctx.rng.uniform(11, 22):.1f},"{comment}"')
        fields = [("field_id", str(field_id)), ("crop", ctx.pick(_CROPS)), ("buyer", _company(ctx)), ("remarks", _farm_note(ctx))]
        ctype, body2 = multipart(ctx, fields, [("tickets", f"weighbridge-{v.iso_date(ctx)}.csv", "text/csv", "\n".join(rows))])
        return req("POST", "/agrofield/api/harvest-loads", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "isoxml":
        return req("POST", "/agrofield/api/isoxml/import", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/xml", auth=ctx.pick(("jwt", "apikey"))),
                   qs(ctx, [("terminal", ctx.pick(("John Deere G5", "CCI 1200", "Trimble GFX-750")))]), _isoxml(ctx))
    return req("DELETE", f"/agrofield/api/records/{seg(ctx, 'record', ctx.fake.uuid4())}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


# --------------------------------------------------------------------------
# 3. Fleet maintenance: odometer, repair orders with DTCs, DVIR forms, fuel-card CSV, invoices
# --------------------------------------------------------------------------

_DTCS = ("P0420", "P0171", "P0300", "P0301", "P0128", "P0442", "U0100", "C1201", "B1318", "P2002", "P20EE", "P0401")
_VEHICLE_PARTS = (("Brake pads, front (set)", "BP-"), ("Oil filter", "OF-"), ("DPF pressure sensor", "SNS-"), ("Wiper blade 24\"", "WB-"),
                  ("Serpentine belt 6PK1873", "BLT-"), ("AdBlue injector", "ADB-"), ("Tyre 315/80 R22.5", "TY-"), ("Headlamp bulb H7 12V 55W", "LMP-"))


def _vehicle(ctx: Ctx) -> str:
    return ctx.pick((ctx.fake.license_plate(), f"Unit {ctx.rng.randint(1, 400)}", f"{ctx.pick(('Van', 'Truck', 'Reefer'))} #{ctx.rng.randint(1, 99)}",
                     ctx.fake.bothify("1??##?#??#######").upper()))


def _repair_note(ctx: Ctx) -> str:
    if ctx.chance(0.35):
        return user_note(ctx)
    code = ctx.pick(_DTCS)
    return ctx.pick((
        f"{code} stored -- cat efficiency below threshold (bank 1). Checked O2 sensors, downstream lazy; replaced. Cleared codes, road test 20 km OK.",
        f"Driver says 'it shudders > 80 km/h and the ABS light comes on'. Found {code}; wheel speed sensor RR reading 0 -> wiring chafed, repaired.",
        "PM-B service done: oil 15W-40 (38 L), filters, grease. Brake lining 40% front / 55% rear -- OK until next PM.",
        f"Tyre #{ctx.rng.randint(1, 10)} at 3/32\" -- below our 4/32 policy; swapped w/ spare. Order 2x 315/80 R22.5.",
        f"Codes {code}, {ctx.pick(_DTCS)} after DPF regen failed; forced regen @ 600°C, soot load 18 g -> 4 g. Monitor!",
        f"Windscreen chip (driver side) < 2 cm; filled by {_company(ctx)}. Invoice to follow.",
    ))


@template("train", ("/fleetcare/",), weight=1.2)
def fleet_maintenance(ctx: Ctx) -> Request:
    """Fleet maintenance: odometer entries, repair orders with DTCs, JSON vehicle filters, DVIR forms, fuel-card CSV, invoice uploads."""
    kind = ctx.pick(("odometer", "repair", "repair", "vehicles", "dvir", "fuel", "invoice", "delete", "history", "preflight"))
    vehicle = _vehicle(ctx)
    if kind == "odometer":
        body: dict[str, Any] = {"reading": ctx.rng.randrange(1000, 900000), "unit": ctx.pick(("km", "mi")), "source": ctx.pick(("driver_app", "fuel_card", "manual")),
                                "engineHours": ctx.pick((None, round(ctx.rng.uniform(100, 30000), 1))), "note": j(ctx, "note", ctx.pick(("", _repair_note(ctx), v.prose(ctx, 1, 1)))),
                                "recordedAt": v.iso_datetime(ctx)}
        return req("POST", f"/fleetcare/api/vehicles/{seg(ctx, 'vehicle', vehicle)}/odometer", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "repair":
        parts = []
        for i in range(ctx.rng.randint(0, 4)):
            name, prefix = ctx.pick(_VEHICLE_PARTS)
            parts.append({"partNo": prefix + str(ctx.rng.randrange(1000, 99999)), "description": j(ctx, f"parts[{i}].description", name), "qty": ctx.pick((1, 2, 4)),
                          "unitCost": v.price(ctx, 5, 900)})
        body = {"vehicleId": j(ctx, "vehicleId", vehicle), "dtcs": [j(ctx, "dtcs", code) for code in ctx.rng.sample(_DTCS, ctx.rng.randint(0, 3))],
                "complaint": j(ctx, "complaint", ctx.pick((v.prose(ctx, 1, 2, trap_rate=0.4), "Check engine light on -- customer states 'loss of power uphill'"))),
                "cause": j(ctx, "cause", ctx.pick((_repair_note(ctx), "Wear & tear"))), "correction": j(ctx, "correction", _repair_note(ctx)),
                "laborHours": ctx.pick((0.5, 1.0, 2.5, 4.0)), "parts": parts, "vendor": j(ctx, "vendor", _company(ctx)), "status": ctx.pick(("open", "waiting_parts", "completed"))}
        method = ctx.pick(("POST", "PUT"))
        path = "/fleetcare/api/repair-orders" if method == "POST" else f"/fleetcare/api/repair-orders/{seg(ctx, 'ro', _code(ctx, 'RO'))}"
        return req(method, path, site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", ctx.pick(("jwt", "apikey"))), body=dumps(ctx, body))
    if kind == "vehicles":
        flt: dict[str, Any] = {"status": ctx.pick(("active", "in_shop", "out_of_service")), "make": ctx.slot("json_query", "filter.make", ctx.pick(("Ford", "Mercedes-Benz", "Volvo", "Isuzu", "Iveco")))}
        if ctx.chance(0.5):
            flt["search"] = ctx.slot("json_query", "filter.search", ctx.pick((vehicle, ctx.fake.last_name(), v.tricky_search(ctx))))
        if ctx.chance(0.4):
            flt["dueWithinKm"] = ctx.pick((500, 2000, 5000))
        q = f"filter={ctx.qenc(json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}&" + qs(ctx, [("limit", ctx.pick((50, 100))), ("offset", ctx.pick((0, 50)))])
        return req("GET", "/fleetcare/api/vehicles", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), q)
    if kind == "dvir":
        pairs: list[tuple[str, Any]] = [("csrf_token", v.alnum_token(ctx, 32)), ("vehicle", vehicle), ("odometer", ctx.rng.randrange(1000, 900000)),
                                        ("inspection_type", ctx.pick(("pre-trip", "post-trip")))]
        for i in range(ctx.rng.randint(0, 3)):
            pairs += [(f"defects[{i}][component]", ctx.pick(("Brakes", "Lights", "Tyres/wheels", "Horn", "Mirrors", "Coupling devices"))),
                      (f"defects[{i}][remarks]", ctx.pick((v.prose(ctx, 1, 1), "L/H marker lamp out -- replaced bulb myself", "Air leak at the trailer's glad hand")))]
        pairs += [("safe_to_operate", ctx.pick(("yes", "no"))), ("driver_name", v.full_name(ctx))]
        return nav_form(ctx, "/fleetcare/dvir/submit", "/fleetcare/dvir", form(ctx, pairs, fixed=("csrf_token",)))
    if kind == "fuel":
        rows = ["date,card,plate,driver,merchant,city,product,litres,amount,odometer"]
        for i in range(ctx.rng.randint(2, 10)):
            merchant = csv_cell(ctx.pick(("Love's Travel Stop #412", "Pilot Flying J", "Shell", "BP Truckstop", f"{ctx.fake.last_name()}'s Garage", "Aral", "Esso Express")))
            if i == 0:
                merchant = ctx.slot("multipart", "csv.merchant", merchant)
            rows.append(f'{v.iso_date(ctx)},****{ctx.rng.randrange(1000, 9999)},{ctx.fake.license_plate()},"{csv_cell(v.full_name(ctx))}","{merchant}","{csv_cell(ctx.fake.city())}",'
                        f'{ctx.pick(("Diesel", "AdBlue", "Unleaded 95"))},{ctx.rng.uniform(20, 600):.2f},{ctx.rng.uniform(30, 900):.2f},{ctx.rng.randrange(1000, 900000)}')
        return req("POST", "/fleetcare/api/imports/fuel-transactions", headers_for(ctx, "sdk", content_type="text/csv", auth=ctx.pick(("apikey", "basic"))),
                   qs(ctx, [("provider", ctx.pick(("wex", "dkv", "fleetcor", "uta"))), ("dry_run", ctx.pick(("true", "false")))]), "\n".join(rows) + "\n")
    if kind == "invoice":
        title = ctx.slot("multipart", "invoice.pdf.Title", f"Invoice {_code(ctx, 'INV')} -- {_company(ctx)}")
        fields = [("repair_order", _code(ctx, "RO")), ("amount", v.money(ctx, 20, 8000)), ("comment", _repair_note(ctx))]
        ctype, body2 = multipart(ctx, fields, [("file", f"{ctx.en.word()}-invoice.pdf", "application/pdf", _pdf(ctx, title))])
        return req("POST", "/fleetcare/api/repair-orders/attachments", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "history":
        pairs = [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("dtc", ctx.pick(("", ctx.pick(_DTCS)))), ("ids[]", rid(ctx))]
        if ctx.chance(0.5):
            pairs.append(("ids[]", rid(ctx)))
        return req(ctx.pick(("GET", "HEAD")), "/fleetcare/api/service-history", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "delete":
        return req("DELETE", f"/fleetcare/api/vehicles/{seg(ctx, 'vehicle', vehicle)}/reminders/{seg(ctx, 'reminder', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, "/fleetcare/api/repair-orders", ("POST", "PUT"), ("content-type", "authorization,content-type"))


# --------------------------------------------------------------------------
# 4. Construction project management: RFIs, punch lists, submittals, drawings, daily logs, BCF
# --------------------------------------------------------------------------

_SPEC_SECTIONS = ("03 30 00 Cast-in-Place Concrete", "05 12 00 Structural Steel", "07 92 00 Joint Sealants", "08 71 00 Door Hardware",
                  "09 21 16 Gypsum Board", "09 91 23 Interior Painting", "23 05 93 Testing, Adjusting & Balancing", "26 51 00 Interior Lighting")
_TRADES = ("drywall", "electrical", "plumbing", "HVAC", "painting", "flooring", "glazing", "fire stopping", "millwork")


def _sheet(ctx: Ctx) -> str:
    return f"{ctx.pick(('A', 'S', 'M', 'E', 'P', 'FP'))}-{ctx.rng.randint(100, 599)}{ctx.pick(('', '.1', 'A'))} rev {ctx.pick('ABCDEF')}"


def _location(ctx: Ctx) -> str:
    return f"Level {ctx.rng.randint(1, 30)} / {ctx.pick(('Unit', 'Room', 'Grid'))} {ctx.pick((str(ctx.rng.randint(100, 3999)), 'C-4', 'B/7', 'D-12'))} / {ctx.pick(('Kitchen', 'Corridor', 'Stair 2', 'Lobby', 'Bath', 'Plant room'))}"


def _rfi_question(ctx: Ctx) -> str:
    if ctx.chance(0.3):
        return user_note(ctx)
    a, b = _sheet(ctx), _sheet(ctx)
    return ctx.pick((
        f"Drawing {a} shows a 2-hr rated wall at {_location(ctx)} but {b} calls it 1-hr -- which governs? Please confirm before we close up.",
        f"Spec section {ctx.pick(_SPEC_SECTIONS)} lists a product that's discontinued. Can we substitute w/ an approved equal? Data sheet attached.",
        f"Detail 5/{a}: beam depth < ceiling clearance by ~40 mm where the duct crosses. Drop the ceiling or reroute? Field dims: 2'-6 3/4\".",
        f"Owner's rep ({v.full_name(ctx)}) asked to delete the soffit on {b}; is that a change order or by design?",
        f"Slab edge at grid C/4 is 25 mm out vs. {a}. Anchor bolts for the canopy don't line up -- shim or re-drill?",
    ))


def _bcf_markup(ctx: Ctx) -> str:
    """A BCF 2.1 markup as a BIM viewer exports it: topic title, description and comment are slots."""
    title = enc_xml(str(ctx.slot("xml", "Topic.Title", ctx.pick((_short(ctx), f"Clash: duct vs. beam @ {_location(ctx)}", f"Missing fire damper -- {_sheet(ctx)}")))))
    desc = enc_xml(str(ctx.slot("xml", "Topic.Description", _rfi_question(ctx))))
    comments = []
    for i in range(ctx.rng.randint(0, 2)):
        text = enc_xml(str(ctx.slot("xml", f"Comment[{i}]", ctx.pick((v.prose(ctx, 1, 2), "Agreed -- reroute per sketch SK-014", user_note(ctx))))))
        comments.append(f'  <Comment Guid="{ctx.fake.uuid4()}">\n    <Date>{v.iso_datetime(ctx)}</Date>\n    <Author>{ctx.fake.email()}</Author>\n    <Comment>{text}</Comment>\n  </Comment>')
    return _xml_doc(f'<Markup>\n  <Topic Guid="{ctx.fake.uuid4()}" TopicType="{ctx.pick(("Issue", "Clash", "Request"))}" TopicStatus="{ctx.pick(("Open", "Active", "Closed"))}">\n'
                    f"    <Title>{title}</Title>\n    <Priority>{ctx.pick(('High', 'Normal', 'Low'))}</Priority>\n    <CreationDate>{v.iso_datetime(ctx)}</CreationDate>\n"
                    f"    <CreationAuthor>{ctx.fake.email()}</CreationAuthor>\n    <Description>{desc}</Description>\n  </Topic>\n" + "\n".join(comments) + "\n</Markup>\n")


@template("train", ("/sitebuild/",), weight=1.2)
def construction_pm(ctx: Ctx) -> Request:
    """Construction PM: RFIs and answers, punch items, kebab-case submittal uploads (PDF), drawing search, daily logs, BCF XML."""
    kind = ctx.pick(("rfi", "rfi", "answer", "punch", "submittal", "drawings", "daily", "bcf", "delete", "preflight"))
    project = seg(ctx, "project", ctx.pick((str(rid(ctx)), ctx.en.slug(), f"{ctx.fake.city()} Tower"))) if kind != "preflight" else ""
    if kind == "rfi":
        body: dict[str, Any] = {"subject": j(ctx, "subject", _short(ctx)), "question": j(ctx, "question", _rfi_question(ctx)),
                                "drawingRefs": [j(ctx, f"drawingRefs[{i}]", _sheet(ctx)) for i in range(ctx.rng.randint(1, 3))],
                                "specSection": ctx.pick(_SPEC_SECTIONS), "costImpact": ctx.pick(("yes", "no", "tbd")), "scheduleImpactDays": ctx.pick((0, 2, 5, None)),
                                "suggestedAnswer": j(ctx, "suggestedAnswer", ctx.pick(("", v.prose(ctx, 1, 2)))), "dueDate": v.iso_date(ctx),
                                "assignees": [ctx.fake.email() for _ in range(ctx.rng.randint(1, 2))]}
        return req("POST", f"/sitebuild/api/projects/{project}/rfis", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "answer":
        answer = ctx.pick((v.rich_html(ctx), _rfi_question(ctx).replace("?", "."), v.prose(ctx, 1, 3, trap_rate=0.4), f"Per {_sheet(ctx)}: {v.sentence(ctx)}"))
        body = {"answer": j(ctx, "answer", answer), "status": ctx.pick(("answered", "closed", "void")), "official": ctx.chance(0.6),
                "distribution": [j(ctx, "distribution", ctx.fake.email()) for _ in range(ctx.rng.randint(0, 2))]}
        extra = (("If-Match", f'W/"{v.hex_token(ctx, 16)}"'),)
        return req("PATCH", f"/sitebuild/api/projects/{project}/rfis/{seg(ctx, 'rfi', ctx.rng.randint(1, 900))}", site_headers(ctx, "xhr", "application/json", "jwt", extra=extra), body=dumps(ctx, body))
    if kind == "punch":
        items = [{"location": j(ctx, f"[{i}].location", _location(ctx)), "trade": ctx.pick(_TRADES),
                  "description": j(ctx, f"[{i}].description", ctx.pick((v.prose(ctx, 1, 1), f"Touch-up paint at door {ctx.rng.randint(100, 999)} frame -- scuffed", "Missing cover plate (2-gang)", "Sealant gap > 6 mm at window head"))),
                  "assignee": ctx.fake.email(), "dueDate": v.iso_date(ctx), "priority": ctx.pick(("low", "medium", "high"))} for i in range(ctx.rng.randint(1, 5))]
        return req("POST", f"/sitebuild/api/projects/{project}/punch-items/bulk", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, items))
    if kind == "submittal":
        title = ctx.slot("multipart", "pdf.Title", f"{ctx.pick(_SPEC_SECTIONS)} -- product data")
        fields = [("submittal-title", ctx.pick((_short(ctx), f"Shop drawings -- {ctx.pick(_TRADES)}"))), ("spec-section", ctx.pick(_SPEC_SECTIONS)),
                  ("revision", ctx.pick(("0", "1", "2"))), ("ball-in-court", ctx.fake.email()), ("remarks", ctx.pick(("", _rfi_question(ctx), v.prose(ctx, 1, 2))))]
        ctype, body2 = multipart(ctx, fields, [("file", f"{ctx.en.word()}-submittal.pdf", "application/pdf", _pdf(ctx, title))])
        return req("POST", f"/sitebuild/projects/{project}/submittals", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "drawings":
        pairs: list[tuple[str, Any]] = [("discipline", ctx.pick(("A", "S", "M", "E", "P"))), ("sheet", ctx.pick((_sheet(ctx).split(" ")[0], ""))),
                                        ("rev", ctx.pick(("current", "C", "all"))), ("q", ctx.pick((v.search_terms(ctx), "stair 2 section", "door schedule", "")))]
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/sitebuild/api/projects/{project}/drawings", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "daily":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("daily_log[date]", v.iso_date(ctx)),
                 ("daily_log[weather]", ctx.pick(("sunny, 24°C", "rain AM -- no pour", "-3°C, frost; heaters on", "wind > 50 km/h, crane stood down"))),
                 ("daily_log[manpower][electrical]", ctx.rng.randint(0, 20)), ("daily_log[manpower][drywall]", ctx.rng.randint(0, 20)),
                 ("daily_log[work_performed]", user_note(ctx)), ("daily_log[delays]", ctx.pick(("", v.prose(ctx, 1, 1), "Waiting on RFI #" + str(ctx.rng.randint(1, 300)))))]
        return nav_form(ctx, f"/sitebuild/projects/{project}/daily-logs", "/sitebuild/daily-logs/new", form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "bcf":
        return req("POST", f"/sitebuild/api/projects/{project}/bcf/topics", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")), auth="jwt"), body=_bcf_markup(ctx))
    if kind == "delete":
        return req("DELETE", f"/sitebuild/api/projects/{project}/punch-items/{seg(ctx, 'item', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, "/sitebuild/api/projects/1/rfis", ("POST", "PATCH"), ("authorization,content-type", "authorization,content-type,if-match"))


# --------------------------------------------------------------------------
# 5. Laboratory information system: samples, chain of custody, results CSV, QC flags, instrument XML
# --------------------------------------------------------------------------

_ANALYTES = (("Pb", "µg/L"), ("As", "µg/L"), ("NO3-N", "mg/L"), ("E. coli", "MPN/100 mL"), ("TPH C10-C40", "mg/kg"), ("Benzo[a]pyrene", "µg/kg"),
             ("PFOS", "ng/L"), ("pH", "pH units"), ("Aflatoxin B1", "µg/kg"), ("COD", "mg O2/L"))
_MATRICES = ("drinking water", "wastewater", "soil", "groundwater", "food -- peanut butter", "sediment", "air filter")
_QC_FLAGS = ("", "", "<LOQ", ">ULOQ", "ND", "J", "H", "B", "E")


def _barcode(ctx: Ctx) -> str:
    return f"LT-{ctx.rng.randrange(2023, 2027)}-{ctx.rng.randrange(1, 999999):06d}"


def _result_value(ctx: Ctx, flag: str) -> str:
    if flag == "<LOQ":
        return ctx.pick(("<0.005", "<0.5", "<LOQ"))
    if flag == ">ULOQ":
        return ctx.pick((">2500", ">1000", ">ULOQ"))
    if flag == "ND":
        return "ND"
    return f"{ctx.rng.uniform(0.01, 500):.3g}"


def _lab_comment(ctx: Ctx) -> str:
    if ctx.chance(0.4):
        return user_note(ctx)
    return ctx.pick((
        f"Result < LOQ after 1:{ctx.pick((5, 10, 50))} dilution -- re-run undiluted? (matrix effect suspected)",
        f"Spike recovery {ctx.rng.randint(60, 140)}% (limits 70-130%) -> flagged J.",
        f"Received at {ctx.rng.uniform(0.5, 12):.1f}°C (> 6°C); client {v.full_name(ctx)} informed, analysed anyway.",
        "Holding time exceeded (H) -- sample arrived Friday 17:45; lab closed.",
        f"Seal broken on cooler #{ctx.rng.randint(1, 9)}; custody form signed by courier ({_company(ctx)}).",
        f"Calibration check {ctx.rng.randint(85, 115)}%; blank > MDL for Pb -- B flag on batch {ctx.rng.randrange(1000, 9999)}.",
    ))


def _instrument_xml(ctx: Ctx) -> str:
    samples = []
    for i in range(ctx.rng.randint(1, 4)):
        results = []
        for analyte, unit in ctx.rng.sample(list(_ANALYTES), ctx.rng.randint(1, 3)):
            flag = ctx.pick(_QC_FLAGS)
            results.append(f'    <Result analyte="{enc_xml(analyte)}" unit="{enc_xml(unit)}" flag="{enc_xml(flag)}">{enc_xml(_result_value(ctx, flag))}</Result>')
        comment = enc_xml(str(ctx.slot("xml", f"Sample[{i}].Comment", ctx.pick(("", _lab_comment(ctx))))))
        samples.append(f'  <Sample id="{_barcode(ctx)}" position="{ctx.rng.randint(1, 96)}">\n' + "\n".join(results) + f"\n    <Comment>{comment}</Comment>\n  </Sample>")
    operator = enc_xml(str(ctx.slot("xml", "InstrumentRun@operator", v.full_name(ctx))))
    return _xml_doc(f'<InstrumentRun instrument="{ctx.pick(("ICP-MS 7900", "GC-MS QP2020", "LC-MS/MS 6500+", "Discrete analyser"))}" runId="R{ctx.rng.randrange(10000, 99999)}" operator="{operator}" started="{v.iso_datetime(ctx)}">\n'
                    + "\n".join(samples) + "\n</InstrumentRun>\n")


@template("train", ("/labtrack/",), weight=1.2)
def lab_lims(ctx: Ctx) -> Request:
    """LIMS: sample login, JSON `where` searches, chain-of-custody transfers with signatures, results CSV with QC flags, instrument XML, CoA PDFs."""
    kind = ctx.pick(("sample", "search", "custody", "results", "results", "review", "instrument", "coa", "delete", "preflight"))
    barcode = _barcode(ctx)
    if kind == "sample":
        body: dict[str, Any] = {"barcode": j(ctx, "barcode", barcode), "matrix": ctx.pick(_MATRICES), "client": j(ctx, "client", _company(ctx)),
                                "site": j(ctx, "site", ctx.pick((f"{ctx.fake.city()} WWTP outlet", f"Borehole BH-{ctx.rng.randint(1, 40)}", ctx.fake.street_address()))),
                                "collectedBy": j(ctx, "collectedBy", v.full_name(ctx)), "collectedAt": v.iso_datetime(ctx),
                                "tests": ctx.rng.sample(["EPA 200.8 metals", "TPH C10-C40", "PFAS (EPA 537.1)", "E. coli (Colilert)", "Nitrate", "Aflatoxins"], ctx.rng.randint(1, 3)),
                                "preservation": ctx.pick(("HNO3 pH<2", "4°C", "none", "Na2S2O3")), "rush": ctx.chance(0.2),
                                "notes": j(ctx, "notes", ctx.pick(("", _lab_comment(ctx), v.prose(ctx, 1, 2))))}
        return req("POST", "/labtrack/api/samples", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "search":
        where: dict[str, Any] = {"matrix": ctx.slot("json_query", "where.matrix", ctx.pick(_MATRICES)), "status": ctx.pick(("received", "in_analysis", "reported"))}
        if ctx.chance(0.5):
            where["client"] = {"ilike": ctx.slot("json_query", "where.client", "%" + ctx.pick((ctx.fake.last_name(), v.tricky_search(ctx))) + "%")}
        q = f"where={ctx.qenc(json.dumps(where, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}&" + qs(ctx, [("barcode", ctx.pick(("", barcode[:8]))), ("order", ctx.pick(("received_at DESC", "barcode ASC")))])
        return req("GET", "/labtrack/api/samples", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), q)
    if kind == "custody":
        body = {"from": j(ctx, "from", v.full_name(ctx)), "to": j(ctx, "to", ctx.pick((v.full_name(ctx), "Sample reception", "Courier -- " + _company(ctx)))),
                "condition": ctx.pick(("intact", "seal broken", "leaking")), "temperatureC": round(ctx.rng.uniform(0.5, 12), 1), "sealIntact": ctx.chance(0.85),
                "signature": _png_data_uri(ctx), "remarks": j(ctx, "remarks", ctx.pick(("", _lab_comment(ctx)))), "at": v.iso_datetime(ctx)}
        return req("POST", f"/labtrack/api/custody/{seg(ctx, 'barcode', barcode)}/transfers", site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "results":
        rows = ["sample_id,analyte,result,unit,flag,dilution,comment"]
        for i in range(ctx.rng.randint(2, 14)):
            analyte, unit = ctx.pick(_ANALYTES)
            flag = ctx.pick(_QC_FLAGS)
            comment = csv_cell(ctx.pick(("", "", _lab_comment(ctx), "re-injected", "matrix spike")))
            if i == 0:
                comment = ctx.slot("multipart", "csv.comment", comment)
            rows.append(f'{_barcode(ctx)},"{analyte}",{_result_value(ctx, flag)},{unit},{flag},{ctx.pick(("1", "5", "10", "100"))},"{comment}"')
        return req("POST", "/labtrack/api/results/import", headers_for(ctx, "sdk", content_type="text/csv; charset=utf-8", auth=ctx.pick(("apikey", "basic"))),
                   qs(ctx, [("instrument", ctx.pick(("ICP-MS-2", "GCMS-1", "Colilert-QT"))), ("batch", str(ctx.rng.randrange(1000, 9999))),
                            ("source_file", _local_path(ctx, f"run{ctx.rng.randint(1, 60):02d}_{ctx.pick(('export', 'quant', 'summary'))}.csv"))]), "\r\n".join(rows) + "\r\n")
    if kind == "review":
        body = {"qcFlag": ctx.pick(("", "J", "<LOQ", ">ULOQ", "H")), "approved": ctx.chance(0.7), "reviewComment": j(ctx, "reviewComment", _lab_comment(ctx)),
                "reportedValue": j(ctx, "reportedValue", _result_value(ctx, ctx.pick(_QC_FLAGS)))}
        return req("PATCH", f"/labtrack/api/results/{seg(ctx, 'result', rid(ctx))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "instrument":
        return req("POST", "/labtrack/api/instruments/runs", headers_for(ctx, "sdk", content_type="application/xml", auth="apikey"), body=_instrument_xml(ctx))
    if kind == "coa":
        return req(ctx.pick(("GET", "HEAD")), f"/labtrack/reports/{seg(ctx, 'coa', 'CoA-' + barcode)}.pdf", headers_for(ctx, "nav", accept="application/pdf,*/*", cookies=True),
                   qs(ctx, [("lang", ctx.locale[:2]), ("signed", ctx.pick(("1", "0")))]))
    if kind == "delete":
        return req("DELETE", f"/labtrack/api/samples/{seg(ctx, 'barcode', barcode)}/tests/{seg(ctx, 'test', ctx.pick(('metals', 'tph', 'pfas', 'ecoli')))}", headers_for(ctx, "xhr", auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("client cancelled", "dup -- logged twice", v.short_text(ctx))))]))
    return preflight(ctx, "/labtrack/api/samples", ("POST", "PATCH"), ("authorization,content-type",))


# --------------------------------------------------------------------------
# 6. Field service: technician jobs, completion with parts and a signature, offline queue, dispatch hooks
# --------------------------------------------------------------------------

_SERVICE_PARTS = ("Igniter HSI 120V", "Flame sensor", "Capacitor 45/5 µF", "Contactor 2-pole 30A", "Condensate pump", "Filter drier 3/8\"", "Thermostat T6 Pro",
                  "Door gasket", "PCB main board rev 4", "Gas valve 24V")


def _tech_note(ctx: Ctx) -> str:
    if ctx.chance(0.35):
        return user_note(ctx)
    code = ctx.rng.randrange(1000, 9999)
    return ctx.pick((
        f"Replaced igniter & flame sensor; cleaned burner. CO reading {ctx.rng.randint(0, 30)} ppm (< 35 OK). Customer happy :)",
        f"Customer says 'it's been making a grinding noise since Tuesday' -- bearing worn, ordered part #{code}, return visit needed.",
        f"Gate code #{code}; dog in the yard -- call ahead! Parking behind {ctx.fake.last_name()}'s shop.",
        f"Error E{ctx.rng.randint(1, 9)} / F{ctx.rng.randint(10, 99)} on display -> reset, firmware 3.2.1 -> 3.4.0; ran 2 cycles OK.",
        f"Refrigerant R-410A: added {ctx.rng.uniform(0.2, 2.5):.1f} kg; superheat {ctx.rng.randint(4, 15)} K. Leak check w/ bubbles -- none found.",
        f"No access to the roof unit (ladder < 3 m). Rescheduled with {v.full_name(ctx)}.",
    ))


@template("train", ("/fieldops/",), weight=1.2)
def field_service(ctx: Ctx) -> Request:
    """Field service: job lists, status updates, completion with parts and a PNG signature, offline queues, signed dispatch hooks, customer requests."""
    kind = ctx.pick(("jobs", "status", "complete", "complete", "queue", "hook", "request", "report", "delete", "preflight"))
    job = seg(ctx, "job", _code(ctx, "JOB", 10000, 999999)) if kind in ("status", "complete", "report", "delete") else _code(ctx, "JOB", 10000, 999999)
    if kind == "jobs":
        pairs: list[tuple[str, Any]] = [("technician", ctx.pick(("me", ctx.fake.user_name()))), ("date", v.iso_date(ctx))]
        pairs += [("status[]", s) for s in ctx.rng.sample(["scheduled", "en_route", "on_site", "completed", "needs_parts"], ctx.rng.randint(1, 3))]
        if ctx.chance(0.4):
            pairs.append(("q", ctx.pick((ctx.fake.street_name(), v.tricky_search(ctx), ctx.fake.last_name()))))
        return req("GET", "/fieldops/api/jobs", headers_for(ctx, "mobile", auth="jwt"), qs(ctx, pairs))
    if kind == "status":
        body: dict[str, Any] = {"status": ctx.pick(("en_route", "on_site", "paused", "needs_parts")), "eta": v.iso_datetime(ctx), "note": j(ctx, "note", ctx.pick(("", _tech_note(ctx))))}
        return req("PATCH", f"/fieldops/api/jobs/{job}/status", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "complete":
        parts = [{"sku": f"{ctx.fake.bothify('??').upper()}-{ctx.rng.randrange(1000, 99999)}", "description": j(ctx, f"partsUsed[{i}].description", ctx.pick(_SERVICE_PARTS)),
                  "qty": ctx.pick((1, 1, 2)), "serialNumbers": [ctx.fake.bothify("SN########")] if ctx.chance(0.4) else [], "fromVan": ctx.chance(0.7)} for i in range(ctx.rng.randint(0, 4))]
        body = {"techNotes": j(ctx, "techNotes", _tech_note(ctx)), "partsUsed": parts, "laborMinutes": ctx.rng.randrange(15, 480, 15),
                "checklist": {"areaCleaned": ctx.chance(0.9), "coTested": ctx.chance(0.6), "photosTaken": ctx.chance(0.5)},
                "customerSignature": _png_data_uri(ctx), "signedBy": j(ctx, "signedBy", v.full_name(ctx)),
                "customerComments": j(ctx, "customerComments", ctx.pick(("", v.prose(ctx, 1, 2, trap_rate=0.4), "Great job -- thanks!! 👍"))), "followUpRequired": ctx.chance(0.3)}
        return req("POST", f"/fieldops/api/jobs/{job}/completion", headers_for(ctx, ctx.pick(("mobile", "mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "queue":
        ops = [{"opId": ctx.fake.uuid4(), "op": ctx.pick(("note.add", "status.set", "part.consume", "timer.stop")), "jobId": _code(ctx, "JOB", 10000, 999999),
                "payload": {"text": j(ctx, f"[{i}].payload.text", _tech_note(ctx))}, "queuedAt": v.iso_datetime(ctx)} for i in range(ctx.rng.randint(1, 6))]
        return req("POST", "/fieldops/api/sync/queue", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, ops))
    if kind == "hook":
        body = {"event": ctx.pick(("job.assigned", "job.rescheduled", "job.cancelled")), "jobId": job, "technician": {"id": rid(ctx), "name": j(ctx, "technician.name", v.full_name(ctx))},
                "customer": {"name": j(ctx, "customer.name", ctx.pick((v.full_name(ctx), _company(ctx)))), "address": j(ctx, "customer.address", ctx.fake.address().replace("\n", ", "))},
                "instructions": j(ctx, "instructions", _tech_note(ctx)), "window": {"from": v.iso_datetime(ctx), "to": v.iso_datetime(ctx)}}
        extra = (("X-Fieldops-Signature", f"t={ctx.rng.randrange(1_700_000_000, 1_760_000_000)},v1={v.hex_token(ctx, 64)}"), ("X-Fieldops-Event", body["event"]))
        return req("POST", "/fieldops/hooks/dispatch", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if kind == "request":
        first, last = v.person_name(ctx)
        pairs = [("_csrf", v.alnum_token(ctx, 36)), ("service_request[name]", f"{first} {last}"), ("service_request[phone]", ctx.fake.phone_number()),
                 ("service_request[equipment]", ctx.pick(("Boiler", "Heat pump", "Dishwasher (commercial)", "Walk-in freezer", "Lift / elevator"))),
                 ("service_request[issue]", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.5), _tech_note(ctx)))),
                 ("service_request[access_notes]", ctx.pick(("", f"Gate code #{ctx.rng.randrange(1000, 9999)} -- ring twice", "Key with concierge; don't use the front door")))]
        return nav_form(ctx, "/fieldops/portal/service-requests", "/fieldops/portal/book", form(ctx, pairs, fixed=("_csrf",)))
    if kind == "report":
        log = "\n".join(f"{v.iso_datetime(ctx)} {ctx.pick(('INFO', 'WARN', 'ERR'))} {ctx.pick(('F28 ignition lockout', 'flow temp > 85C', 'pump run-on', 'fan speed 0 rpm', 'reset by user'))}"
                        for _ in range(ctx.rng.randint(3, 25)))
        fields = [("summary", _tech_note(ctx)), ("unit_serial", ctx.fake.bothify("SN########"))]
        ctype, body2 = multipart(ctx, fields, [("fault_log", "fault-history.txt", "text/plain", log)])
        return req("POST", f"/fieldops/api/jobs/{job}/attachments", headers_for(ctx, "mobile", content_type=ctype, auth="jwt"), body=body2)
    if kind == "delete":
        return req("DELETE", f"/fieldops/api/jobs/{job}/parts/{seg(ctx, 'line', rid(ctx))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))
    return preflight(ctx, f"/fieldops/api/jobs/{job}/completion", ("POST", "PATCH"), ("authorization,content-type",))


# --------------------------------------------------------------------------
# 7. Point-of-sale cloud sync: receipts, offline batches, refunds, Z reports, discounts, receipt templates
# --------------------------------------------------------------------------

_POS_ITEMS = ("Flat white (oat)", "Croissant -- almond", "BLT sandwich", "Gift card 25", "Socks 3-pack", "Screws M4 (100)", "Bananas 1.2kg @ 1.99/kg",
              "Espresso dbl", "Kids' menu #2", "Fish & chips", "Bag 5p", "Phone case \"clear\"", "Paint 2.5L -- RAL 9010")
_MODIFIERS = ("no onions", "extra shot", "½ sugar", "allergy: nuts!!", "name on cup: Zoë", "gluten-free", "to go", "sauce on the side", "well done")


def _pos_line(ctx: Ctx, path: str) -> dict[str, Any]:
    line: dict[str, Any] = {"sku": ctx.fake.bothify("#####"), "name": j(ctx, f"{path}.name", ctx.pick(_POS_ITEMS + (ctx.fake.word().capitalize(),))),
                            "qty": ctx.pick((1, 1, 2, 3, 0.75)), "unitPrice": v.price(ctx, 0.5, 80), "taxRate": ctx.pick((0, 5, 7, 10, 19, 20))}
    if ctx.chance(0.3):
        line["modifiers"] = [j(ctx, f"{path}.modifiers", ctx.pick(_MODIFIERS)) for _ in range(ctx.rng.randint(1, 2))]
    if ctx.chance(0.2):
        line["discount"] = {"type": ctx.pick(("percent", "amount")), "value": ctx.pick((10, 20, 1.5)),
                            "reason": j(ctx, f"{path}.discount.reason", ctx.pick(("Staff 20%", "Damaged box -- 10% off", f"Price match w/ {_company(ctx)}", "BOGO", v.short_text(ctx))))}
    return line


def _receipt(ctx: Ctx, path: str) -> dict[str, Any]:
    lines = [_pos_line(ctx, f"{path}lines[{i}]") for i in range(ctx.rng.randint(1, 4))]
    total = round(sum(line["qty"] * line["unitPrice"] for line in lines), 2)
    receipt: dict[str, Any] = {"receiptNo": f"{ctx.rng.randint(1, 20):02d}-{ctx.rng.randrange(1, 999999):06d}", "openedAt": v.iso_datetime(ctx), "cashier": ctx.fake.first_name(),
                               "lines": lines, "total": total, "tenders": [{"type": ctx.pick(("card", "cash", "voucher", "mobile")), "amount": total}]}
    if ctx.chance(0.3):
        receipt["note"] = j(ctx, f"{path}note", ctx.pick((v.prose(ctx, 1, 1), "Table 12 -- split bill 3 ways", "Customer's birthday 🎂", "Re-rung: wrong size (S vs M)")))
    return receipt


def _receipt_template(ctx: Ctx) -> str:
    footer = ctx.slot("multipart", "template.footer", ctx.pick((f"Thanks for shopping at {ctx.fake.last_name()}'s! Returns within 30 days w/ receipt -- no cash refunds on sale items.",
                                                                v.prose(ctx, 1, 2), "Follow us @" + ctx.en.user_name() + " 😊 | Wi-Fi: guest / ask staff")))
    return ("{{ store.name }}\n{{ store.address_line1 }}\nVAT {{ store.vat_id }}\n" + "-" * 32 + "\n"
            "{% for line in lines %}{{ line.qty }} x {{ line.name | truncate: 18 }}  {{ line.total | money }}\n{% if line.discount %}  -{{ line.discount.value }} {{ line.discount.reason }}\n{% endif %}{% endfor %}"
            + "-" * 32 + "\nTOTAL {{ total | money }}\n{{ tender.type | upcase }} {{ tender.amount | money }}\n\n" + f"{footer}\n")


def _register_headers(ctx: Ctx, register: str) -> tuple[tuple[str, str], ...]:
    """The till identifies itself; its display name is set by the shop."""
    return (("X-Register-Id", register), ("X-Register-Name", header_slot(ctx, "X-Register-Name", ctx.pick(("Till 2 -- front", "Bar iPad", f"{ctx.fake.city()} kiosk", "Caisse n°1")))))


@template("train", ("/possync/",), weight=1.2)
def pos_cloud_sync(ctx: Ctx) -> Request:
    """Point-of-sale sync: receipts with line items, offline batches as JSON arrays (signed), refunds, Z-report CSV, discount forms, receipt templates."""
    kind = ctx.pick(("receipt", "batch", "batch", "refund", "list", "zreport", "discount", "template", "void", "preflight"))
    register = ctx.pick(("till-01", "till-02", "kiosk-3", "ipad-bar", f"reg-{ctx.rng.randint(1, 40)}"))
    if kind == "receipt":
        return req("POST", "/possync/api/receipts", headers_for(ctx, ctx.pick(("mobile", "sdk")), content_type="application/json", auth="apikey", extra=_register_headers(ctx, register)), body=dumps(ctx, _receipt(ctx, "")))
    if kind == "batch":
        batch = [_receipt(ctx, f"[{i}].") for i in range(ctx.rng.randint(2, 7))]
        extra = _register_headers(ctx, register) + (("X-Pos-Batch-Signature", "sha256=" + v.hex_token(ctx, 64)), ("X-Offline-Since", v.iso_datetime(ctx)))
        return req("POST", "/possync/api/receipts/batch", headers_for(ctx, "mobile", content_type="application/json", auth="apikey", extra=extra), body=dumps(ctx, batch))
    if kind == "refund":
        body: dict[str, Any] = {"originalReceipt": f"{ctx.rng.randint(1, 20):02d}-{ctx.rng.randrange(1, 999999):06d}", "lines": [{"sku": ctx.fake.bothify("#####"), "qty": 1}],
                                "reason": j(ctx, "reason", ctx.pick(("Faulty -- screen cracked out of the box", "Wrong size", v.prose(ctx, 1, 2, trap_rate=0.4), "Changed mind (within 30 days)"))),
                                "refundTo": ctx.pick(("original_tender", "store_credit", "cash")), "approvedBy": j(ctx, "approvedBy", v.full_name(ctx))}
        return req("POST", "/possync/api/refunds", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt", extra=_register_headers(ctx, register)), body=dumps(ctx, body))
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("register", register), ("from", v.iso_datetime(ctx)), ("to", v.iso_datetime(ctx)), ("q", ctx.pick(("", ctx.pick(_POS_ITEMS), v.tricky_search(ctx))))]
        if ctx.chance(0.4):
            pairs.append(("tender", ctx.pick(("card", "cash"))))
        return req(ctx.pick(("GET", "GET", "HEAD")), "/possync/api/receipts", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs))
    if kind == "zreport":
        rows = ["category,net_sales,tax,discounts,refunds,count,comment"]
        for i in range(ctx.rng.randint(2, 8)):
            cat = ctx.pick(("Coffee", "Food", "Retail", "Gift cards", "Bar", "Kids'", "Misc."))
            comment = csv_cell(ctx.pick(("", "", "drawer short 0.50", v.sentence(ctx), "incl. 2 voids -- see note")))
            if i == 0:
                comment = ctx.slot("multipart", "csv.comment", comment)
            rows.append(f'"{cat}",{v.money(ctx, 10, 4000)},{v.money(ctx, 1, 500)},{v.money(ctx, 0, 80)},{v.money(ctx, 0, 60)},{ctx.rng.randint(1, 400)},"{comment}"')
        return req("PUT", f"/possync/api/registers/{seg(ctx, 'register', register)}/z-reports/{v.iso_date(ctx)}", headers_for(ctx, "sdk", content_type="text/csv", auth="apikey"), body="\n".join(rows) + "\n")
    if kind == "discount":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("discount[name]", ctx.pick(("Happy hour -- 2 for 1", "Staff 20%", _short(ctx)))),
                 ("discount[code]", ctx.fake.bothify("??##").upper()), ("discount[percent]", ctx.pick(("10", "15", "20", "50")))]
        pairs += [("discount[applies_to][]", c) for c in ctx.rng.sample(["coffee", "food", "retail", "bar"], ctx.rng.randint(1, 3))]
        pairs += [("discount[starts_at]", v.iso_date(ctx)), ("discount[receipt_text]", ctx.pick(("", v.sentence(ctx), "-20% (staff) -- not valid w/ other offers")))]
        return nav_form(ctx, "/possync/backoffice/discounts", "/possync/backoffice/discounts/new", form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "template":
        store = seg(ctx, "store", ctx.pick((str(rid(ctx)), ctx.fake.city())))
        return req("PUT", f"/possync/api/stores/{store}/receipt-template", site_headers(ctx, "xhr", "text/plain; charset=utf-8", "jwt"), body=_receipt_template(ctx))
    if kind == "void":
        q = qs(ctx, [("reason", ctx.pick(("rung twice", "customer walked out", v.short_text(ctx))))])
        return req("DELETE", f"/possync/api/held-orders/{seg(ctx, 'order', ctx.fake.uuid4())}", headers_for(ctx, "mobile", auth="apikey", extra=_register_headers(ctx, register)), q)
    return preflight(ctx, "/possync/api/refunds", ("POST",), ("authorization,content-type,x-register-id",))


# --------------------------------------------------------------------------
# 8. Procurement: RFQs with specs, supplier bids with incoterms, clarifications, documents, cXML orders
# --------------------------------------------------------------------------

_INCOTERMS = ("FOB Shanghai", "EXW Stuttgart", "CIF Rotterdam", "DAP Chicago, IL", "DDP Warehouse 3", "FCA Shenzhen", "CPT Felixstowe")
_UOMS = ("EA", "PC", "KG", "M", "SET", "ROLL", "BOX/100")


def _spec(ctx: Ctx) -> str:
    if ctx.chance(0.35):
        return user_note(ctx)
    return ctx.pick((
        f"Material: AISI 316L, finish Ra < 0.8 µm; tolerances ±0.05 mm unless noted. Drawing {_part_no(ctx)} rev {ctx.pick('ABC')} applies.",
        f"Packaging: {ctx.rng.randint(10, 200)} pcs/carton, cartons ≤ 20 kg, pallets 1200x800 -- no mixed lots!",
        "RoHS & REACH compliant; CoC with each shipment. Supplier's own test report OK if it's < 12 months old.",
        f"Colour RAL {ctx.rng.randint(1000, 9023)} matt; salt-spray test > {ctx.pick((240, 480, 1000))} h per ISO 9227.",
        f"Price valid for {ctx.rng.randint(30, 180)} days; MOQ {ctx.rng.randint(100, 5000)}; lead time < {ctx.rng.randint(2, 16)} weeks incl. transit.",
    ))


def _cxml(ctx: Ctx) -> str:
    """A cXML OrderRequest as a PunchOut catalogue posts it back: ship-to, comments and item descriptions are slots."""
    items, total = [], 0.0
    for i in range(ctx.rng.randint(1, 4)):
        qty, price = ctx.rng.randint(1, 500), v.price(ctx, 0.5, 900)
        total += qty * price
        desc = enc_xml(str(ctx.slot("xml", f"ItemOut[{i}].Description", ctx.pick((ctx.pick(_BOM_PARTS), ctx.fake.catch_phrase(), _spec(ctx))))))
        items.append(f'      <ItemOut quantity="{qty}" lineNumber="{i + 1}">\n        <ItemID><SupplierPartID>{_part_no(ctx)}</SupplierPartID></ItemID>\n'
                     f'        <ItemDetail><UnitPrice><Money currency="USD">{price:.2f}</Money></UnitPrice><Description xml:lang="en">{desc}</Description><UnitOfMeasure>{ctx.pick(_UOMS)}</UnitOfMeasure></ItemDetail>\n      </ItemOut>')
    ship_to = enc_xml(str(ctx.slot("xml", "ShipTo.Name", _company(ctx))))
    street = enc_xml(str(ctx.slot("xml", "ShipTo.Street", ctx.fake.street_address())))
    comments = enc_xml(str(ctx.slot("xml", "Comments", ctx.pick(("", _spec(ctx), v.prose(ctx, 1, 2))))))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">\n'
            f'<cXML payloadID="{ctx.rng.randrange(10**12, 10**13)}.{ctx.rng.randrange(1000, 9999)}@{ctx.en.domain_name()}" timestamp="{v.iso_datetime(ctx)}" xml:lang="en-US">\n'
            f'  <Header>\n    <From><Credential domain="NetworkID"><Identity>AN01{ctx.rng.randrange(10**8, 10**9)}</Identity></Credential></From>\n'
            f'    <To><Credential domain="DUNS"><Identity>{ctx.rng.randrange(10**8, 10**9)}</Identity></Credential></To>\n'
            f'    <Sender><Credential domain="NetworkID"><Identity>AN01{ctx.rng.randrange(10**8, 10**9)}</Identity><SharedSecret>{v.alnum_token(ctx, 16)}</SharedSecret></Credential><UserAgent>Sourcing PunchOut 2.1</UserAgent></Sender>\n  </Header>\n'
            f'  <Request deploymentMode="{ctx.pick(("production", "test"))}">\n    <OrderRequest>\n'
            f'      <OrderRequestHeader orderID="PO-{ctx.rng.randrange(100000, 999999)}" orderDate="{v.iso_datetime(ctx)}" type="new">\n'
            f'        <Total><Money currency="USD">{total:.2f}</Money></Total>\n'
            f'        <ShipTo><Address addressID="{ctx.rng.randint(1, 99)}"><Name xml:lang="en">{ship_to}</Name><PostalAddress><Street>{street}</Street><City>{enc_xml(ctx.fake.city())}</City>'
            f'<Country isoCountryCode="{ctx.fake.country_code()}">{enc_xml(ctx.en.country())}</Country></PostalAddress></Address></ShipTo>\n'
            f'        <Comments xml:lang="en">{comments}</Comments>\n      </OrderRequestHeader>\n' + "\n".join(items) + "\n    </OrderRequest>\n  </Request>\n</cXML>\n")


@template("train", ("/sourcing/",), weight=1.2)
def procurement_rfq(ctx: Ctx) -> Request:
    """Procurement: RFQs with prose specs, supplier bids (unit prices, incoterms), clarification forms, bid documents, dotted supplier search, cXML."""
    kind = ctx.pick(("rfq", "bid", "bid", "question", "documents", "suppliers", "cxml", "award", "withdraw", "preflight"))
    rfq = seg(ctx, "rfq", _code(ctx, "RFQ", 1000, 99999)) if kind in ("bid", "question", "documents", "award", "withdraw") else ""
    if kind == "rfq":
        items = [{"lineNo": i + 1, "partNo": _part_no(ctx), "description": j(ctx, f"items[{i}].description", ctx.pick(_BOM_PARTS + (ctx.fake.catch_phrase(),))),
                  "qty": ctx.rng.randint(10, 100000), "uom": ctx.pick(_UOMS), "targetPrice": ctx.pick((None, v.price(ctx, 0.01, 500)))} for i in range(ctx.rng.randint(1, 5))]
        body: dict[str, Any] = {"title": j(ctx, "title", ctx.pick((_short(ctx), f"Annual buy {ctx.rng.randint(2025, 2027)} -- fasteners", f"Tooling for {_part_no(ctx)}"))),
                                "specification": j(ctx, "specification", _spec(ctx)), "items": items, "incoterms": j(ctx, "incoterms", ctx.pick(_INCOTERMS)),
                                "currency": ctx.pick(("USD", "EUR", "CNY", "GBP")), "dueDate": v.iso_date(ctx), "invitedSuppliers": [rid(ctx) for _ in range(ctx.rng.randint(1, 5))],
                                "sealedBid": ctx.chance(0.5)}
        return req("POST", "/sourcing/api/rfqs", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "bid":
        lines = [{"lineNo": i + 1, "unit_price": v.price(ctx, 0.01, 500), "moq": ctx.rng.randint(1, 5000), "lead_time_days": ctx.rng.randint(5, 120),
                  "comment": j(ctx, f"lines[{i}].comment", ctx.pick(("", "Price incl. packaging", _spec(ctx), "Alt. material: 304 instead of 316L -- 12% cheaper")))} for i in range(ctx.rng.randint(1, 5))]
        body = {"supplier_ref": j(ctx, "supplier_ref", ctx.pick((_code(ctx, "Q"), f"{ctx.fake.bothify('??')}/{ctx.rng.randint(2025, 2027)}/{ctx.rng.randrange(1, 999):03d}"))),
                "incoterm": j(ctx, "incoterm", ctx.pick(_INCOTERMS)), "currency": ctx.pick(("USD", "EUR", "CNY")), "valid_until": v.iso_date(ctx), "lines": lines,
                "exceptions": j(ctx, "exceptions", ctx.pick(("", v.prose(ctx, 1, 2, trap_rate=0.4), "We can't accept a 2% late-delivery penalty; 1% max."))),
                "payment_terms": ctx.pick(("30% T/T in advance, 70% against B/L copy", "Net 60", "L/C at sight"))}
        method = ctx.pick(("POST", "PUT"))
        path = f"/sourcing/api/rfqs/{rfq}/bids" + ("" if method == "POST" else f"/{seg(ctx, 'bid', rid(ctx))}")
        return req(method, path, site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", ctx.pick(("jwt", "apikey"))), body=dumps(ctx, body))
    if kind == "question":
        pairs = [("_token", v.alnum_token(ctx, 40)), ("question[subject]", ctx.pick(("Drawing tolerance", "Packaging", "Incoterms", _short(ctx)))),
                 ("question[body]", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), f"Can we quote {ctx.pick(_INCOTERMS)} instead? Freight from our plant is < 2 days.", user_note(ctx)))),
                 ("question[line_no]", ctx.pick(("", "1", "2", "3"))), ("question[public]", ctx.pick(("0", "1")))]
        return nav_form(ctx, f"/sourcing/rfqs/{rfq}/questions", "/sourcing/supplier-portal/rfqs", form(ctx, pairs, fixed=("_token",)))
    if kind == "documents":
        rows = ["line_no,part_no,unit_price,currency,moq,remark"] + [f'{i + 1},{_part_no(ctx)},{v.price(ctx, 0.01, 500)},USD,{ctx.rng.randint(1, 5000)},"{csv_cell(ctx.pick(("", v.sentence(ctx))))}"'
                                                                       for i in range(ctx.rng.randint(1, 6))]
        files = [("price_list", "price-list.csv", "text/csv", "\n".join(rows))]
        if ctx.chance(0.5):
            files.append(("datasheet", f"{ctx.en.word()}-datasheet.pdf", "application/pdf", _pdf(ctx, ctx.pick(("Technical data sheet", "Material cert. EN 10204 3.1")))))
        ctype, body2 = multipart(ctx, [("document_type", ctx.pick(("price_list", "technical", "certificate"))), ("note", ctx.pick(("", _spec(ctx))))], files)
        return req("POST", f"/sourcing/api/rfqs/{rfq}/documents", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "suppliers":
        pairs = [("q", ctx.pick((_company(ctx), v.tricky_search(ctx), "cnc machining", "injection moulding"))), ("filter.country", ctx.fake.country_code()),
                 ("filter.category", ctx.pick(("fasteners", "castings", "packaging", "electronics"))), ("filter.certified", ctx.pick(("iso9001", "iatf16949", ""))),
                 ("sort.field", ctx.pick(("rating", "name", "spend"))), ("sort.dir", ctx.pick(("asc", "desc")))]
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/sourcing/api/suppliers", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs))
    if kind == "cxml":
        return req("POST", "/sourcing/punchout/order", headers_for(ctx, "sdk", content_type=ctx.pick(("text/xml; charset=UTF-8", "application/xml"))), body=_cxml(ctx))
    if kind == "award":
        body = {"awardedBidId": rid(ctx), "split": ctx.pick(([100], [70, 30])), "justification": j(ctx, "justification", ctx.pick((user_note(ctx), "Lowest TCO incl. freight (FOB vs. DDP compared)")))}
        return req("PATCH", f"/sourcing/api/rfqs/{rfq}/award", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "withdraw":
        return req("DELETE", f"/sourcing/api/rfqs/{rfq}/bids/{seg(ctx, 'bid', rid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("capacity", "can't meet the lead time", v.short_text(ctx))))]))
    return preflight(ctx, "/sourcing/api/rfqs", ("POST", "PUT", "PATCH"), ("authorization,content-type",))


# --------------------------------------------------------------------------
# 9. Quality audits: ISO checklists, findings, NCRs with 5 Whys, evidence, CAPA
# --------------------------------------------------------------------------

_CLAUSES = (("4.1", "Understanding the organization"), ("7.1.5", "Monitoring and measuring resources"), ("7.2", "Competence"),
            ("7.5.3", "Control of documented information"), ("8.4", "Control of externally provided processes"), ("8.5.1", "Control of production"),
            ("8.7", "Control of nonconforming outputs"), ("9.2", "Internal audit"), ("10.2", "Nonconformity and corrective action"))
_STANDARDS = ("ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018", "IATF 16949", "ISO 13485:2016")
_WHYS = ("Operator didn't select the right program (P-12 vs P-21)", "Work instruction WI-034 rev B still says 'drop the part into fixture A'",
         "Gauge calibration overdue -- last cal. more than 12 months ago", "Supplier changed resin grade without notice", "No poka-yoke on the fixture",
         "PLC recipe table not updated after the ECN", "Night shift's training record missing", "Incoming inspection skipped (AQL sampling < plan)",
         "Two revisions of the drawing in circulation", "Torque wrench dropped & not re-verified")


def _five_whys(ctx: Ctx) -> str:
    problem = ctx.pick((f"Customer complaint: {ctx.rng.randint(2, 40)} pcs of {_part_no(ctx)} with {ctx.pick(_SCRAP)}", v.sentence(ctx), f"Audit finding on clause {ctx.pick(_CLAUSES)[0]}"))
    whys = ctx.rng.sample(_WHYS, ctx.rng.randint(3, 5))
    lines = [f"Problem: {problem}"] + [f"Why {i}? {w}" for i, w in enumerate(whys, 1)]
    lines.append(f"Root cause: {ctx.pick((whys[-1], v.sentence(ctx)))} -- {ctx.pick(('systemic', 'one-off', 'TBC by ' + v.full_name(ctx)))}")
    return "\n".join(lines)


def _finding(ctx: Ctx) -> str:
    if ctx.chance(0.35):
        return user_note(ctx)
    clause, title = ctx.pick(_CLAUSES)
    return ctx.pick((
        f"{ctx.pick(_STANDARDS)} {clause} ({title}): {ctx.rng.randint(2, 9)} of {ctx.rng.randint(10, 20)} records sampled had no sign-off -- minor NC.",
        f"Objective evidence: calibration label on caliper #{ctx.rng.randrange(100, 999)} shows 'due {v.iso_date(ctx)}'; still in use. Ask: who owns the gauge list?",
        f"Interviewed {v.full_name(ctx)} (line lead) -- wasn't aware of the updated WI; says \"we've always done it like this\".",
        "OFI: consider adding a SELECT/DROP-down for defect codes instead of free text; 30% of entries are 'other'.",
    ))


@template("train", ("/qms-audit/",), weight=1.2)
def quality_audits(ctx: Ctx) -> Request:
    """Quality management: checklist answers, finding forms with clause brackets, NCRs with 5 Whys, evidence uploads, CAPA, 8D exports."""
    kind = ctx.pick(("checklist", "finding", "ncr", "ncr", "evidence", "list", "capa", "export", "delete"))
    audit = seg(ctx, "audit", _code(ctx, "AUD", 100, 9999)) if kind in ("checklist", "finding", "delete") else _code(ctx, "AUD", 100, 9999)
    if kind == "checklist":
        answers = []
        for i, (clause, title) in enumerate(ctx.rng.sample(list(_CLAUSES), ctx.rng.randint(1, 5))):
            answers.append({"clause": clause, "question": f"{title}: is it effectively implemented?", "result": ctx.pick(("conform", "minor-nc", "major-nc", "ofi", "n/a")),
                            "evidence": j(ctx, f"answers[{i}].evidence", ctx.pick(("", _finding(ctx), f"Doc {_code(ctx, 'QP')} rev {ctx.pick('ABC')} reviewed"))),
                            "comment": j(ctx, f"answers[{i}].comment", ctx.pick(("", v.prose(ctx, 1, 1))))})
        body: dict[str, Any] = {"standard": ctx.pick(_STANDARDS), "answers": answers, "auditor": ctx.fake.email(), "completed": ctx.chance(0.3)}
        return req("PUT", f"/qms-audit/api/audits/{audit}/checklist", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "finding":
        clause = ctx.pick(_CLAUSES)[0]
        pairs = [("_csrf", v.alnum_token(ctx, 32)), ("finding[clause]", clause), ("finding[type]", ctx.pick(("minor", "major", "ofi", "positive"))),
                 ("finding[statement]", _finding(ctx)), ("finding[objective_evidence]", ctx.pick((_finding(ctx), v.prose(ctx, 1, 2)))),
                 ("finding[auditee]", v.full_name(ctx)), ("finding[due_date]", v.iso_date(ctx))]
        return nav_form(ctx, f"/qms-audit/audits/{audit}/findings", "/qms-audit/audits/findings/new", form(ctx, pairs, fixed=("_csrf",)))
    if kind == "ncr":
        clause, _ = ctx.pick(_CLAUSES)
        body = {"title": j(ctx, "title", ctx.pick((_short(ctx), f"{ctx.pick(_SCRAP).capitalize()} on {_part_no(ctx)}"))), "description": j(ctx, "description", ctx.pick((_finding(ctx), v.rich_html(ctx)))),
                "clause": f"{ctx.pick(_STANDARDS)} {clause}", "severity": ctx.pick(("minor", "major", "critical")), "rootCauseMethod": ctx.pick(("5 Whys", "Ishikawa", "8D")),
                "rootCause": j(ctx, "rootCause", _five_whys(ctx)), "containment": j(ctx, "containment", ctx.pick(("Quarantined lot, 100% sort", v.prose(ctx, 1, 2)))),
                "owner": ctx.fake.email(), "qtyAffected": ctx.rng.randint(0, 5000)}
        method = ctx.pick(("POST", "PUT"))
        path = "/qms-audit/api/ncrs" if method == "POST" else f"/qms-audit/api/ncrs/{seg(ctx, 'ncr', _code(ctx, 'NCR'))}"
        return req(method, path, site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "evidence":
        rows = ["sample,characteristic,nominal,measured,lsl,usl,result"]
        for i in range(ctx.rng.randint(3, 15)):
            nominal = ctx.rng.uniform(1, 100)
            measured = nominal + ctx.rng.uniform(-0.2, 0.2)
            rows.append(f"{i + 1},{ctx.pick(('Ø bore', 'length', 'flatness', 'torque'))},{nominal:.3f},{measured:.3f},{nominal - 0.1:.3f},{nominal + 0.1:.3f},{'OK' if abs(measured - nominal) <= 0.1 else 'NOK'}")
        files = [("file", f"measurements-{v.iso_date(ctx)}.csv", "text/csv", "\n".join(rows))]
        if ctx.chance(0.4):
            files.append(("file", "calibration-cert.pdf", "application/pdf", _pdf(ctx, f"Calibration certificate {ctx.rng.randrange(10000, 99999)}")))
        ctype, body2 = multipart(ctx, [("caption", ctx.pick((v.short_text(ctx), "CMM report -- 5 pcs from lot " + str(ctx.rng.randrange(1000, 9999))))), ("finding_ref", _code(ctx, "F"))], files)
        return req("POST", f"/qms-audit/api/ncrs/{seg(ctx, 'ncr', _code(ctx, 'NCR'))}/evidence", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("status[]", s) for s in ctx.rng.sample(["open", "containment", "root_cause", "verification", "closed"], ctx.rng.randint(1, 2))]
        pairs += [("q", ctx.pick((v.search_terms(ctx), "5 Whys", _part_no(ctx), "supplier"))), ("clause", ctx.pick(("", ctx.pick(_CLAUSES)[0]))), ("sort", ctx.pick(("-opened_at", "severity")))]
        if ctx.chance(0.35):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/qms-audit/api/ncrs", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs))
    if kind == "capa":
        body = {"action": j(ctx, "action", ctx.pick(("Add poka-yoke pin to fixture F-12", "Update WI-034 to rev C and retrain all shifts", v.prose(ctx, 1, 2)))),
                "effectivenessCheck": {"due": v.iso_date(ctx), "criteria": j(ctx, "effectivenessCheck.criteria", ctx.pick(("0 repeats in 3 months", "scrap rate < 0.5% for 6 weeks", v.sentence(ctx))))},
                "status": ctx.pick(("planned", "implemented", "verified"))}
        return req("PATCH", f"/qms-audit/api/capas/{seg(ctx, 'capa', _code(ctx, 'CAPA'))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "export":
        return req(ctx.pick(("GET", "HEAD")), f"/qms-audit/reports/{seg(ctx, 'report', audit)}.pdf", headers_for(ctx, "nav", accept="application/pdf,*/*", cookies=True),
                   qs(ctx, [("template", ctx.pick(("8d", "audit-summary", "ncr-list"))), ("lang", ctx.locale[:2])]))
    return req("DELETE", f"/qms-audit/api/audits/{audit}/findings/{seg(ctx, 'finding', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 10. 3D-printing service: STL and G-code uploads, quotes, slicing settings, orders
# --------------------------------------------------------------------------

_MATERIALS = ("PLA", "PETG", "ABS", "ASA", "TPU 95A", "Nylon PA12 (SLS)", "Resin -- Tough 2000", "PA-CF (carbon fibre)")


def _print_note(ctx: Ctx) -> str:
    if ctx.chance(0.4):
        return user_note(ctx)
    return ctx.pick((
        f"Please orient so the text '{ctx.fake.last_name()} & Sons' faces up -- no supports on that face!",
        "Tolerances ±0.1 mm on the M3 holes -- they need to self-tap. Infill >= 40% around the bosses.",
        f"It's a replacement knob for a 1970s {ctx.pick(('Braun', 'Grundig', 'Philips'))} radio; fit matters more than looks.",
        f"Layer height 0.12 vs 0.2? I'd rather pay more than see layer lines :) -- {ctx.fake.first_name()}",
        "Print 2 copies, one in black, one in 'galaxy purple' if you have it; otherwise both black.",
    ))


def _gcode(ctx: Ctx, note_slot: bool) -> str:
    """Sliced G-code: header comments (a customer note among them), temperatures, homing, moves."""
    nozzle, bed = ctx.pick((200, 215, 240, 250)), ctx.pick((55, 60, 80, 100))
    note = csv_cell(_print_note(ctx))
    if note_slot:
        note = ctx.slot("multipart", "gcode.note", note)
    lines = [f"; generated by {ctx.pick(('PrusaSlicer 2.7.1', 'Cura_SteamEngine 5.6.0', 'OrcaSlicer 2.0.0', 'SuperSlicer 2.5.59'))}", f"; customer note: {note}",
             f"; filament_type = {ctx.pick(_MATERIALS)}", f"; layer_height = {ctx.pick(('0.12', '0.2', '0.28'))}", f"M140 S{bed}", f"M104 S{nozzle}", "G28 ; home all axes",
             f"M190 S{bed}", f"M109 S{nozzle}", "G90", "M82", "G92 E0", "G1 Z0.2 F3000", "G1 X10 Y10 E0.5 F1200"]
    e, z = 0.5, 0.2
    for layer in range(ctx.rng.randint(1, 6)):
        lines += [f";LAYER:{layer}", f";TYPE:{ctx.pick(('WALL-OUTER', 'WALL-INNER', 'FILL', 'SKIN'))}"]
        if layer:
            z += 0.2
            lines.append(f"G1 Z{z:.2f} F600")
        for _ in range(ctx.rng.randint(4, 40)):
            e += ctx.rng.uniform(0.01, 0.9)
            lines.append(f"G1 X{ctx.rng.uniform(5, 230):.3f} Y{ctx.rng.uniform(5, 230):.3f} E{e:.5f}" + ctx.pick(("", "", f" F{ctx.pick((1200, 1800, 3000))}")))
        if ctx.chance(0.4):
            lines += ["G1 E-0.8 F2100 ; retract", f"G0 X{ctx.rng.uniform(5, 230):.2f} Y{ctx.rng.uniform(5, 230):.2f} F9000", "G1 E0.8 F2100"]
    lines += ["M104 S0", "M140 S0", "M107", "G1 X0 Y220 F3000", "M84 ; disable motors"]
    return "\n".join(lines) + "\n"


def _stl(ctx: Ctx, name_slot: bool) -> str:
    """An ASCII STL: solid name (a slot where asked), facets with normals and vertices."""
    name = ctx.pick((ctx.en.slug().replace("-", "_"), f"{ctx.en.word()}_v{ctx.rng.randint(2, 9)}", "Body1", "bracket (final)"))
    if name_slot:
        name = ctx.slot("multipart", "stl.solid", name)
    facets = []
    for _ in range(ctx.rng.randint(4, 40)):
        n = ctx.pick(("0 0 1", "0 0 -1", "1 0 0", "-1 0 0", "0 1 0", f"{ctx.rng.uniform(-1, 1):.6e} {ctx.rng.uniform(-1, 1):.6e} 0.000000e+00"))
        verts = "\n".join(f"      vertex {ctx.rng.uniform(0, 120):.6e} {ctx.rng.uniform(0, 120):.6e} {ctx.rng.uniform(0, 60):.6e}" for _ in range(3))
        facets.append(f"  facet normal {n}\n    outer loop\n{verts}\n    endloop\n  endfacet")
    return f"solid {name}\n" + "\n".join(facets) + "\nendsolid\n"


@template("train", ("/print3d/",), weight=1.2)
def print3d_service(ctx: Ctx) -> Request:
    """3D-printing service: STL and G-code uploads (multipart and raw bodies), quotes, dotted quote lookups, orders, feedback forms."""
    kind = ctx.pick(("upload", "upload", "gcode", "stl", "quote", "lookup", "order", "feedback", "delete", "preflight"))
    if kind == "upload":
        fields = [("material", ctx.pick(_MATERIALS)), ("color", ctx.pick(("black", "white", "galaxy purple", "natural", "RAL 5015"))), ("quantity", str(ctx.rng.randint(1, 50))),
                  ("notes", _print_note(ctx))]
        if ctx.chance(0.5):
            file = ("model", f"{ctx.en.word()}.stl", ctx.pick(("application/octet-stream", "application/sla", "application/vnd.ms-pki.stl")), _stl(ctx, False))
        else:
            file = ("model", f"{ctx.en.word()}_{ctx.pick(('0.2mm', '0.12mm'))}_{ctx.pick(('PLA', 'PETG'))}.gcode", "text/x-gcode", _gcode(ctx, False))
        ctype, body2 = multipart(ctx, fields, [file])
        return req("POST", "/print3d/api/uploads", site_headers(ctx, "xhr", ctype, ctx.pick(("jwt", None))), body=body2)
    if kind == "gcode":
        return req("PUT", f"/print3d/api/jobs/{seg(ctx, 'job', ctx.fake.uuid4())}/gcode", headers_for(ctx, "sdk", content_type="text/x-gcode", auth="apikey",
                                                                                                      extra=(("X-Printer", ctx.pick(("MK4-07", "X1C-02", "Voron-2.4-a"))),)), body=_gcode(ctx, True))
    if kind == "stl":
        return req("PUT", f"/print3d/api/files/{seg(ctx, 'file', ctx.fake.uuid4())}/content", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="model/stl", auth="jwt"), body=_stl(ctx, True))
    if kind == "quote":
        body: dict[str, Any] = {"fileId": ctx.fake.uuid4(), "material": j(ctx, "material", ctx.pick(_MATERIALS)), "color": j(ctx, "color", ctx.pick(("black", "white", "galaxy purple"))),
                                "infillPercent": ctx.pick((15, 20, 40, 100)), "layerHeightMm": ctx.pick((0.12, 0.2, 0.28)), "quantity": ctx.rng.randint(1, 200),
                                "finish": ctx.pick(("raw", "sanded", "vapour-smoothed", "primed")), "notesForOperator": j(ctx, "notesForOperator", _print_note(ctx)),
                                "shipping": {"country": ctx.fake.country_code(), "express": ctx.chance(0.3)}}
        if ctx.chance(0.6):
            body["sourcePath"] = j(ctx, "sourcePath", _local_path(ctx, f"{ctx.en.word()}_v{ctx.rng.randint(1, 9)}.{ctx.pick(('stl', '3mf', 'step'))}"))
        return req("POST", "/print3d/api/quotes", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "lookup":
        pairs: list[tuple[str, Any]] = [("file.id", ctx.fake.uuid4()), ("print.material", ctx.pick(_MATERIALS)), ("print.infill", ctx.pick((15, 20, 40))), ("order.qty", ctx.rng.randint(1, 100))]
        return req("GET", "/print3d/api/quotes/estimate", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick((None, "apikey"))), qs(ctx, pairs))
    if kind == "order":
        body = {"status": ctx.pick(("confirmed", "cancelled", "on_hold")), "shipping_note": j(ctx, "shipping_note", ctx.pick(("", v.prose(ctx, 1, 2), f"Leave with {ctx.fake.last_name()}'s (next door) if I'm out"))),
                "gift_message": j(ctx, "gift_message", ctx.pick(("", v.prose(ctx, 1, 1)))) if ctx.chance(0.3) else None}
        return req("PATCH", f"/print3d/api/orders/{seg(ctx, 'order', _code(ctx, 'P3D', 10000, 999999))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "feedback":
        pairs = [("csrfmiddlewaretoken", v.alnum_token(ctx, 64)), ("rating", ctx.rng.randint(1, 5)), ("fit", ctx.pick(("perfect", "too-tight", "too-loose"))),
                 ("comment", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.5), _print_note(ctx)))), ("publish", ctx.pick(("on", "")))]
        return nav_form(ctx, f"/print3d/orders/{_code(ctx, 'P3D', 10000, 999999)}/feedback", "/print3d/account/orders", form(ctx, pairs, fixed=("csrfmiddlewaretoken",)))
    if kind == "delete":
        return req("DELETE", f"/print3d/api/files/{seg(ctx, 'file', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, "/print3d/api/quotes", ("POST",), ("content-type", "authorization,content-type"))


# --------------------------------------------------------------------------
# 11. Building energy management: half-hourly readings, tariffs, point overrides, Haystack filters, Green Button
# --------------------------------------------------------------------------

_EQUIPS = ("AHU", "FCU", "VAV", "CHW", "BLR", "MTR", "RTU")
_POINTS = ("SupplyTemp", "ReturnTemp", "DamperPos", "FanStatus", "kWh", "OccMode", "ZoneTemp.Setpoint", "CO2", "ValvePos")


def _point(ctx: Ctx) -> str:
    return f"{ctx.pick(_EQUIPS)}-{ctx.rng.randint(1, 24)}/{ctx.pick(_POINTS)}"


def _haystack(ctx: Ctx) -> str:
    site = ctx.pick(("@hq", "@site-" + str(ctx.rng.randint(1, 40)), "@" + ctx.en.slug()))
    return ctx.pick((
        f"ahu and equip and siteRef=={site}", "point and sensor and temp and not air", 'his and kind=="Number" and unit=="kWh"',
        f'equipRef->navName == "{ctx.pick(_EQUIPS)}-{ctx.rng.randint(1, 9)}" and cmd', f"zone and temp and sp and curVal > {ctx.rng.randint(18, 26)}",
        f"meter and elec and (siteRef=={site} or main)", f'dis == "{ctx.fake.city()} -- Floor {ctx.rng.randint(1, 9)}"',
    ))


def _energy_note(ctx: Ctx) -> str:
    if ctx.chance(0.4):
        return user_note(ctx)
    return ctx.pick((
        f"{_point(ctx)} stuck at 0 -- sensor wiring? Overridden to {ctx.rng.randint(16, 24)}°C until {v.full_name(ctx)} checks it.",
        f"Baseload > {ctx.rng.randint(20, 200)} kW overnight; chillers left in 'hand' after the weekend event.",
        "Holiday schedule: building unoccupied 24-26 Dec; setback 16°C / 28°C.",
        f"Tariff changed on {v.iso_date(ctx)}: peak 16:00-19:00, {ctx.rng.uniform(0.2, 0.6):.4f}/kWh -- update the TOU bands!",
        "CT ratio 200/5 vs 400/5 in the meter config -> readings x2 since install. Fix & back-fill.",
    ))


def _green_button(ctx: Ctx) -> str:
    title = enc_xml(str(ctx.slot("xml", "feed.title", ctx.pick((f"{ctx.fake.street_address()} -- electricity", _short(ctx), "Green Button Download")))))
    usage = enc_xml(str(ctx.slot("xml", "entry.title", ctx.pick((f"Meter {ctx.rng.randrange(10**9, 10**10)}", f"{ctx.fake.company()} HQ", "Main incomer")))))
    start = ctx.rng.randrange(1_700_000_000, 1_760_000_000) // 1800 * 1800
    readings = "\n".join(f"          <espi:IntervalReading><espi:timePeriod><espi:duration>1800</espi:duration><espi:start>{start + i * 1800}</espi:start></espi:timePeriod>"
                         f"<espi:value>{ctx.rng.randrange(100, 90000)}</espi:value></espi:IntervalReading>" for i in range(ctx.rng.randint(4, 48)))
    return _xml_doc(f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:espi="http://naesb.org/espi">\n  <id>urn:uuid:{ctx.fake.uuid4()}</id>\n  <title>{title}</title>\n'
                    f"  <updated>{v.iso_datetime(ctx)}</updated>\n  <entry>\n    <id>urn:uuid:{ctx.fake.uuid4()}</id>\n    <title>{usage}</title>\n    <content>\n"
                    f"      <espi:IntervalBlock>\n        <espi:interval><espi:duration>86400</espi:duration><espi:start>{start}</espi:start></espi:interval>\n"
                    f"{readings}\n      </espi:IntervalBlock>\n    </content>\n  </entry>\n</feed>\n")


@template("train", ("/energyhub/",), weight=1.2)
def building_energy(ctx: Ctx) -> Request:
    """Building energy: half-hourly CSV readings, TOU tariffs, BACnet-style point overrides, Haystack filters, alarm acks, Green Button XML."""
    kind = ctx.pick(("readings", "readings", "tariff", "points", "override", "ack", "greenbutton", "export", "delete", "preflight"))
    site = seg(ctx, "site", ctx.pick((ctx.en.slug(), str(rid(ctx)), f"{ctx.fake.city()} HQ"))) if kind in ("tariff", "export", "delete") else ""
    if kind == "readings":
        mpan = ctx.fake.numerify("##" * 6 + "#")
        rows = ["mpan,timestamp,kwh,quality,comment"]
        start = ctx.rng.randrange(1_700_000_000, 1_760_000_000) // 1800 * 1800
        commented = ctx.rng.randrange(0, 48)
        for i in range(ctx.rng.randint(6, 96)):
            stamp = datetime.fromtimestamp(start + i * 1800, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            comment = csv_cell(ctx.pick(("estimated -- meter comms down", "<missing>", "DST change: 2 extra periods", "reading > 3x baseline; check CT ratio", v.sentence(ctx)))) if i == commented else ""
            if i == 0:
                comment = ctx.slot("multipart", "csv.comment", comment or "first period after meter exchange")
            rows.append(f'{mpan},{stamp},{ctx.rng.uniform(0, 250):.3f},{ctx.pick(("A", "A", "A", "E", "M"))},"{comment}"')
        return req("POST", f"/energyhub/api/meters/{seg(ctx, 'meter', mpan)}/readings", headers_for(ctx, "sdk", content_type="text/csv", auth=ctx.pick(("apikey", "basic"))),
                   qs(ctx, [("interval", "PT30M"), ("tz", ctx.fake.timezone())]), "\r\n".join(rows) + "\r\n")
    if kind == "tariff":
        bands = [{"name": j(ctx, f"bands[{i}].name", ctx.pick(("peak", "off-peak", "shoulder", "night (Economy 7)", "red band"))), "from": f"{h:02d}:00", "to": f"{(h + ctx.rng.randint(2, 8)) % 24:02d}:00",
                  "rate": round(ctx.rng.uniform(0.05, 0.6), 4), "days": ctx.rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ctx.rng.randint(2, 7))}
                 for i, h in enumerate(ctx.rng.sample(range(0, 24), ctx.rng.randint(1, 4)))]
        body: dict[str, Any] = {"name": j(ctx, "name", ctx.pick((f"{_company(ctx)} -- HH commercial", _short(ctx), "TOU 2025/26"))), "currency": ctx.pick(("GBP", "EUR", "USD")),
                                "standingChargePerDay": round(ctx.rng.uniform(0.2, 80), 2), "bands": bands, "capacityChargeKva": ctx.pick((None, round(ctx.rng.uniform(1, 5), 2))),
                                "notes": j(ctx, "notes", ctx.pick(("", _energy_note(ctx))))}
        return req("PUT", f"/energyhub/api/sites/{site}/tariffs/{seg(ctx, 'tariff', ctx.rng.randint(1, 99))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "points":
        pairs: list[tuple[str, Any]] = [("filter", _haystack(ctx)), ("limit", ctx.pick((100, 500)))]
        if ctx.chance(0.4):
            pairs.append(("name", _point(ctx)))
        return req("GET", "/energyhub/api/points", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs))
    if kind == "override":
        body = {"value": ctx.pick((ctx.rng.randint(16, 26), "occupied", "off", 0.5)), "unit": ctx.pick(("°C", "%", None)), "priority": ctx.pick((8, 10, 16)),
                "expiresAt": v.iso_datetime(ctx), "comment": j(ctx, "comment", _energy_note(ctx))}
        return req("PATCH", f"/energyhub/api/points/{seg(ctx, 'point', _point(ctx))}", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "ack":
        pairs = [("alarm_ids[]", str(rid(ctx))) for _ in range(ctx.rng.randint(1, 3))]
        pairs += [("ack_note", _energy_note(ctx)), ("shelve_hours", ctx.pick(("0", "4", "24")))]
        return req("POST", "/energyhub/api/alarms/ack", site_headers(ctx, "xhr", "application/x-www-form-urlencoded; charset=UTF-8", None, cookies=True), body=form(ctx, pairs))
    if kind == "greenbutton":
        return req("POST", "/energyhub/api/imports/green-button", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/atom+xml", auth="jwt"), body=_green_button(ctx))
    if kind == "export":
        pairs = [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("points", ",".join(_point(ctx) for _ in range(ctx.rng.randint(1, 3)))), ("rollup", ctx.pick(("30min", "1h", "1d")))]
        return req(ctx.pick(("GET", "HEAD")), f"/energyhub/api/sites/{site}/export.csv", headers_for(ctx, ctx.pick(("nav", "sdk")), auth=ctx.pick((None, "apikey")), accept="text/csv,*/*"), qs(ctx, pairs))
    if kind == "delete":
        return req("DELETE", f"/energyhub/api/sites/{site}/schedules/{seg(ctx, 'schedule', ctx.pick(('holiday-' + v.iso_date(ctx), str(rid(ctx)))))}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, "/energyhub/api/points/AHU-1/SupplyTemp", ("PATCH",), ("authorization,content-type",))


# --------------------------------------------------------------------------
# 12. Print shop: artwork uploads, preflight callbacks, quote forms, proof approvals, JDF tickets
# --------------------------------------------------------------------------

_STOCKS = ("350gsm silk", "130gsm gloss", "300gsm uncoated (FSC®)", "Kraft 280gsm", "170gsm matt", "80gsm bond", "400gsm soft-touch laminated")
_PRODUCTS = ("business-cards", "flyers-a5", "posters-a2", "booklets-a4", "stickers", "letterheads", "roll-up-banner")


def _preflight_issue(ctx: Ctx) -> str:
    return ctx.pick((
        f"Image resolution {ctx.rng.randint(72, 200)} ppi < 300 ppi on page {ctx.rng.randint(1, 8)}", "Font 'Helvetica Neue' not embedded", "RGB objects found -- converted to CMYK (FOGRA39)",
        f"Bleed {ctx.pick(('0', '1', '2'))} mm (3 mm required)", f"Total ink coverage {ctx.rng.randint(300, 400)}% > 300%", "Hairline < 0.25 pt", "Text < 3 mm from trim edge",
        f"Spot colour 'PANTONE {ctx.rng.randint(100, 7999)} C' will be printed as CMYK",
    ))


def _artwork_note(ctx: Ctx) -> str:
    if ctx.chance(0.4):
        return user_note(ctx)
    return ctx.pick((
        f"Please match the logo to PANTONE {ctx.rng.randint(100, 7999)} C -- last batch came out too <i>purple</i>.",
        f"Back side = page 2 of the PDF; front has {ctx.fake.last_name()}'s QR code -> don't resize it!",
        "Cut marks are in the file but bleed's only 2 mm; OK to mirror-extend?",
        f"Need them by Friday for the {ctx.fake.city()} trade show -- 500 + 500 with different names.",
    ))


def _jdf(ctx: Ctx) -> str:
    name = enc_xml(str(ctx.slot("xml", "JDF@DescriptiveName", ctx.pick((_short(ctx), f"{ctx.pick(_PRODUCTS)} -- {_company(ctx)}")))))
    stock = enc_xml(str(ctx.slot("xml", "Media@DescriptiveName", ctx.pick(_STOCKS))))
    comment = enc_xml(str(ctx.slot("xml", "Comment", _artwork_note(ctx))))
    return _xml_doc(f'<JDF xmlns="http://www.CIP4.org/JDFSchema_1_1" ID="n_{v.hex_token(ctx, 8)}" Type="Product" JobID="{ctx.rng.randrange(10000, 99999)}" DescriptiveName="{name}" Status="Waiting" Version="1.4">\n'
                    f'  <ResourcePool>\n    <Media ID="M1" Class="Consumable" Status="Available" MediaType="Paper" Weight="{ctx.pick((80, 130, 170, 300, 350))}" DescriptiveName="{stock}"/>\n'
                    f'    <Component ID="C1" Class="Quantity" Status="Unavailable" Amount="{ctx.pick((100, 250, 500, 1000, 5000))}"/>\n'
                    f'    <RunList ID="RL1" Class="Parameter" Status="Available"><LayoutElement><FileSpec URL="file:///hotfolder/{ctx.en.word()}.pdf"/></LayoutElement></RunList>\n  </ResourcePool>\n'
                    f'  <Comment Name="Instructions">{comment}</Comment>\n</JDF>\n')


@template("train", ("/presshop/",), weight=1.2)
def print_shop(ctx: Ctx) -> Request:
    """Print shop: artwork PDF uploads with kebab-case fields, signed preflight callbacks, quote forms, proof approvals, JDF tickets, job lists."""
    kind = ctx.pick(("artwork", "artwork", "preflight", "quote", "proof", "jdf", "jobs", "reprint", "delete", "cors"))
    job = _code(ctx, "PJ", 10000, 999999)
    if kind == "artwork":
        title = ctx.slot("multipart", "pdf.Title", ctx.pick((f"{ctx.pick(_PRODUCTS)} -- {_company(ctx)}", _short(ctx))))
        fields = [("job-name", ctx.pick((_short(ctx), f"Cards for {v.full_name(ctx)}"))), ("product", ctx.pick(_PRODUCTS)), ("paper-stock", ctx.pick(_STOCKS)),
                  ("colours", ctx.pick(("4/4 CMYK", "4/0", "1/1 PANTONE 286 C", "4/4 + spot UV"))), ("quantity", str(ctx.pick((100, 250, 500, 1000)))), ("notes", _artwork_note(ctx))]
        ctype, body2 = multipart(ctx, fields, [("artwork", f"{ctx.en.word()}_print-ready.pdf", "application/pdf", _pdf(ctx, title))])
        return req("POST", "/presshop/api/uploads", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "preflight":
        issues = [{"severity": ctx.pick(("error", "warning", "info")), "message": j(ctx, f"issues[{i}].message", _preflight_issue(ctx)), "page": ctx.rng.randint(1, 8)}
                  for i in range(ctx.rng.randint(0, 5))]
        body: dict[str, Any] = {"jobId": job, "file": j(ctx, "file", f"{ctx.en.word()}_print-ready.pdf"), "profile": ctx.pick(("PDF/X-4", "PDF/X-1a:2001", "Digital press -- 4c")),
                                "passed": not any(i["severity"] == "error" for i in issues), "issues": issues, "fixedAutomatically": ctx.rng.randint(0, 3)}
        extra = (("X-Preflight-Signature", "sha256=" + v.hex_token(ctx, 64)), ("X-Preflight-Engine", ctx.pick(("pitstop/2023", "callas-pdfToolbox/15"))))
        return req("POST", "/presshop/hooks/preflight", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if kind == "quote":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("quote[product]", ctx.pick(_PRODUCTS)), ("quote[qty]", ctx.pick((100, 250, 500, 1000, 5000))),
                 ("quote[stock]", ctx.pick(_STOCKS)), ("quote[sides]", ctx.pick(("4/4", "4/0", "1/0"))), ("quote[finishing][]", ctx.pick(("round corners", "spot UV", "fold: half", "laminate matt"))),
                 ("quote[notes]", _artwork_note(ctx)), ("quote[email]", ctx.fake.email())]
        return nav_form(ctx, "/presshop/quote", "/presshop/quote", form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "proof":
        body = {"approved": ctx.chance(0.6), "initials": j(ctx, "initials", "".join(n[:1] for n in v.person_name(ctx))),
                "comments": j(ctx, "comments", ctx.pick(("", _artwork_note(ctx), "Typo on the back: it's \"O'Neill\" not \"O'Neil\" -- please fix & resend the proof"))),
                "proofVersion": ctx.rng.randint(1, 4)}
        return req("POST", f"/presshop/api/jobs/{seg(ctx, 'job', job)}/proof-approval", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "jdf":
        return req("POST", "/presshop/api/jdf", headers_for(ctx, "sdk", content_type="application/vnd.cip4-jdf+xml", auth="basic"), body=_jdf(ctx))
    if kind == "jobs":
        pairs2: list[tuple[str, Any]] = [("status", ctx.pick(("preflight", "awaiting-proof", "printing", "shipped"))), ("customer", ctx.pick(("", _company(ctx), v.tricky_search(ctx))))]
        if ctx.chance(0.4):
            pairs2.append(("q", v.search_terms(ctx)))
        return req(ctx.pick(("GET", "HEAD")), "/presshop/api/jobs", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs2))
    if kind == "reprint":
        body = {"quantity": ctx.pick((100, 250, 500)), "changes": j(ctx, "changes", ctx.pick(("none", _artwork_note(ctx), f"New name: {v.full_name(ctx)}; same stock ({ctx.pick(_STOCKS)})")))}
        return req("PUT", f"/presshop/api/jobs/{seg(ctx, 'job', job)}/reprint", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "delete":
        return req("DELETE", f"/presshop/api/uploads/{seg(ctx, 'upload', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, f"/presshop/api/jobs/{job}/proof-approval", ("POST",), ("content-type", "authorization,content-type"))


INDUSTRY = ("mes_shopfloor", "farm_records", "fleet_maintenance", "construction_pm", "lab_lims", "field_service", "pos_cloud_sync", "procurement_rfq",
            "quality_audits", "print3d_service", "building_energy", "print_shop")
