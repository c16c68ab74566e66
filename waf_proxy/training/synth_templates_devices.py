"""Train templates: connected devices and the consoles that run them.

A home-automation hub (Home Assistant-like automations whose conditions are Jinja
templates), a flow-based IoT editor (Node-RED-like flows whose function nodes carry
JavaScript), an IoT telemetry ingest API (JSON and base64 CBOR batches, line protocol,
MQTT topic filters with `+` and `#`, rule SQL), a firmware OTA service (manifests,
SHA-256 hashes, semver ranges, Omaha XML, release notes), a vehicle telematics / fleet
API (GPS traces, OBD-II trouble codes, driver notes, GraphQL), a smart-building BMS
(BACnet object names, oBIX writes, Haystack filters, schedules, maintenance comments),
a mobile app analytics batch endpoint (event arrays, screen names, crash breadcrumbs
with stack traces) and a 3D-printer farm manager (G-code uploads, OctoPrint-like
commands, slicer profiles in INI).

They exist because what these clients send -- `{{ states('sensor.temp') | float > 21 }}`,
`return [null, msg];`, `SELECT temp FROM 'site/+/telemetry' WHERE temp > 80`,
`^2.3.0 || ~1.9.4`, `siteRef->dis=="Tower B"`, `SQLiteException: no such column`,
`M104 S215 ; set hotend` -- reads as an attack to a naive filter, yet is everyday
content for the people and devices using them; every user-controlled value goes through a slot.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from typing import Any, Callable

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    csv_text,
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

_NAMES = (
    "Zoë D'Angelo",
    "Nguyễn Thị Hoa",
    "Seán O'Brien",
    "Renée Müller",
    "Łukasz Wróblewski",
    "José María Pérez",
    "Siobhán McCarthy",
    "Björn Åkesson",
    "Anne-Marie D'Souza",
    "Zeynep Yılmaz",
    "Дмитрий Соколов",
    "田中 太郎",
    "Ngozi Okonkwo-Adeyemi",
    "François L'Héritier",
)


def _name(ctx: Ctx) -> str:
    """A person's name as typed: Faker's in the request's locale, often with apostrophes, diacritics or another script."""
    return ctx.pick(_NAMES) if ctx.chance(0.2) else v.full_name(ctx)


def _semver(ctx: Ctx, major: int = 4) -> str:
    return f"{ctx.rng.randint(0, major)}.{ctx.rng.randint(0, 20)}.{ctx.rng.randint(0, 30)}"


def _sha256(ctx: Ctx) -> str:
    return v.hex_token(ctx, 64)


def _epoch_ms(ctx: Ctx) -> int:
    return ctx.rng.randrange(1_700_000_000_000, 1_760_000_000_000)


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, n)
    raise ValueError(n)


def _cbor(obj: Any) -> bytes:
    """RFC 8949 CBOR, the subset sensors send (maps, arrays, text, ints, floats, booleans, null)."""
    if obj is True or obj is False or obj is None:
        return {True: b"\xf5", False: b"\xf4", None: b"\xf6"}[obj]
    if isinstance(obj, int):
        return _cbor_head(0, obj) if obj >= 0 else _cbor_head(1, -1 - obj)
    if isinstance(obj, float):
        return b"\xfb" + struct.pack(">d", obj)
    if isinstance(obj, str):
        raw = obj.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(obj, bytes):
        return _cbor_head(2, len(obj)) + obj
    if isinstance(obj, list):
        return _cbor_head(4, len(obj)) + b"".join(_cbor(x) for x in obj)
    if isinstance(obj, dict):
        return _cbor_head(5, len(obj)) + b"".join(_cbor(k) + _cbor(x) for k, x in obj.items())
    raise TypeError(type(obj))


def _b64_cbor(obj: Any) -> str:
    return base64.b64encode(_cbor(obj)).decode("ascii")


def _mac(ctx: Ctx) -> str:
    return ":".join(f"{b:02X}" for b in ctx.rng.randbytes(6))


# --------------------------------------------------------------------------
# Home-automation hub: automations with Jinja templates, YAML packages, companion-app webhooks
# --------------------------------------------------------------------------

_ROOMS = ("living_room", "kitchen", "bedroom", "hallway", "office", "garage", "kids_room", "bathroom", "garden", "basement")


def _entity(ctx: Ctx, domain: str | None = None) -> str:
    dom = domain or ctx.pick(("sensor", "binary_sensor", "light", "switch", "climate", "cover", "input_boolean", "lock", "media_player"))
    suffix = {
        "sensor": ("temperature", "humidity", "power", "co2", "illuminance", "battery"),
        "binary_sensor": ("motion", "door", "window", "occupancy", "leak"),
        "light": ("ceiling", "lamp", "strip", "spots"),
        "switch": ("plug", "pump", "heater", "fan"),
    }.get(dom, ("main",))
    return f"{dom}.{ctx.pick(_ROOMS)}_{ctx.pick(suffix)}"


def _jinja(ctx: Ctx) -> str:
    """A Jinja template as people write them in conditions, notifications and template sensors."""
    s, b, p = _entity(ctx, "sensor"), _entity(ctx, "binary_sensor"), ctx.fake.first_name().lower()
    return ctx.pick(
        (
            f"{{{{ states('{s}') | float(0) > {ctx.rng.randint(18, 26)} }}}}",
            "{{ states('sensor.temp') | float > 21 }}",
            f"{{{{ is_state('{b}', 'on') and is_state('alarm_control_panel.home', 'armed_away') }}}}",
            f"{{% if is_state('person.{p}', 'home') %}}Welcome back{{% else %}}Nobody's home{{% endif %}}",
            "{{ state_attr('weather.home', 'temperature') | round(1) }} °C outside, {{ states('weather.home') }}",
            "{{ now().hour >= 22 or now().hour < 6 }}",
            "{{ trigger.to_state.attributes.friendly_name }} changed from {{ trigger.from_state.state }} to {{ trigger.to_state.state }}",
            "{{ expand('group.downstairs_lights') | selectattr('state', 'eq', 'on') | map(attribute='name') | join(', ') }}",
            f"{{{{ (as_timestamp(now()) - as_timestamp(states.{b}.last_changed)) > {ctx.pick((300, 600, 3600))} }}}}",
            "{{ states.sensor | selectattr('attributes.device_class', 'defined') | selectattr('attributes.device_class', 'eq', 'battery')"
            " | rejectattr('state', 'in', ['unknown', 'unavailable']) | map(attribute='entity_id') | list }}",
            f"{{{{ ((states('{s}') | float(0)) * 9 / 5 + 32) | round(1) }}}}",
            f"{{{{ 'Good morning' if now().hour < 12 else 'Hello' }}}}, {p.capitalize()}! It's {{{{ states('{s}') }}}} in here.",
            f"{{{{ states('{s}') | int(0) >= 1000 and not is_state('input_boolean.guest_mode', 'on') }}}}",
        )
    )


def _ha_note(ctx: Ctx) -> str:
    return ctx.pick(
        (
            "Turns the hallway lights on at 30% after sunset -- but NOT when guest mode is on (kids sleeping).",
            f"Copied from the forum: https://community.{ctx.en.domain_name()}/t/{ctx.en.slug()}/{ctx.rng.randint(1000, 700000)} -- tweaked the delay.",
            "If the washer's power < 5 W for 3 min, it's done; select the TTS speaker by room & drop the volume after 22:00.",
            f"{_name(ctx)}'s bedroom -- thermostat 'eco' between 23:00 and 06:30; update once the new TRVs arrive.",
            user_note(ctx),
            v.prose(ctx, 1, 2, trap_rate=0.4),
        )
    )


def _automation(ctx: Ctx, auto_id: str) -> dict[str, Any]:
    room = ctx.pick(_ROOMS).replace("_", " ")
    trigger = ctx.pick(
        (
            {"platform": "state", "entity_id": _entity(ctx, "binary_sensor"), "to": "on", "for": {"minutes": ctx.rng.randint(0, 10)}},
            {"platform": "numeric_state", "entity_id": _entity(ctx, "sensor"), "above": ctx.rng.randint(20, 30)},
            {"platform": "sun", "event": ctx.pick(("sunset", "sunrise")), "offset": ctx.pick(("-00:30:00", "+00:15:00", "00:00:00"))},
            {"platform": "time", "at": f"{ctx.rng.randint(5, 23):02d}:{ctx.pick(('00', '15', '30', '45'))}:00"},
            {"platform": "mqtt", "topic": f"zigbee2mqtt/{room.replace(' ', '_')}_button/action", "payload": ctx.pick(("single", "double", "hold"))},
        )
    )
    actions: tuple[Callable[[], dict[str, Any]], ...] = (  # built lazily: only the chosen action may register a slot
        lambda: {"service": "light.turn_on", "target": {"entity_id": _entity(ctx, "light")},
                 "data": {"brightness_pct": ctx.rng.randint(10, 100), "transition": 2}},
        lambda: {
            "service": "climate.set_temperature",
            "target": {"entity_id": f"climate.{ctx.pick(_ROOMS)}"},
            "data": {"temperature": "{{ (states('input_number.target_temp') | float(20)) - 1 }}"},
        },
        lambda: {
            "service": f"notify.mobile_app_{ctx.fake.first_name().lower()}s_{ctx.pick(('iphone', 'pixel_8', 'galaxy_s23'))}",
            "data": {"title": "Home", "message": j(ctx, "action[0].data.message", _jinja(ctx))},
        },
        lambda: {"service": "cover.close_cover", "target": {"area_id": room.replace(" ", "_")}},
    )
    action = ctx.pick(actions)()
    return {
        "id": auto_id,
        "alias": j(
            ctx,
            "alias",
            ctx.pick(
                (
                    f"{room.title()} lights at sunset",
                    f"Notify when the {room} door's left open",
                    "Washer done -> TTS",
                    f"Heating: {_name(ctx)}'s room",
                    "Away mode -- lock up & drop heating",
                    v.short_text(ctx),
                )
            ),
        ),
        "description": j(ctx, "description", _ha_note(ctx)),
        "mode": ctx.pick(("single", "restart", "queued")),
        "trigger": [trigger],
        "condition": [{"condition": "template", "value_template": j(ctx, "condition[0].value_template", _jinja(ctx))}]
        + ([{"condition": "state", "entity_id": "input_boolean.guest_mode", "state": "off"}] if ctx.chance(0.4) else []),
        "action": [action],
    }


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _ha_package(ctx: Ctx) -> str:
    """A YAML package file as people keep them under packages/: a template sensor and an automation."""
    alias = str(
        ctx.slot("multipart", "package.automation.alias", ctx.pick(("Dehumidifier when it's muggy", "Garage door left open > 10 min", v.short_text(ctx))))
    )
    room = ctx.pick(_ROOMS)
    return (
        f"# packages/{room}.yaml -- {ctx.pick(('keep in sync with the dashboard', 'do NOT edit via UI', 'managed in git'))}\n"
        f'template:\n  - sensor:\n      - name: "{room.replace("_", " ").title()} feels like"\n        unit_of_measurement: "°C"\n'
        "        state: >\n"
        f"          {{{{ (states('sensor.{room}_temperature') | float(0) + 0.1 * states('sensor.{room}_humidity') | float(0)) | round(1) }}}}\n"
        f"automation:\n  - alias: {_yaml_str(alias)}\n    trigger:\n      - platform: numeric_state\n        entity_id: sensor.{room}_humidity\n"
        f'        above: {ctx.rng.randint(55, 75)}\n        for: "00:{ctx.rng.randint(1, 30):02d}:00"\n    condition:\n'
        f"      - condition: template\n        value_template: {_yaml_str(_jinja(ctx))}\n    action:\n      - service: switch.turn_on\n"
        f"        target:\n          entity_id: switch.{room}_dehumidifier\n    mode: single\n"
    )


def _blueprint(ctx: Ctx) -> str:
    return (
        "blueprint:\n  name: Motion-activated light (with illuminance check)\n  description: Turn a light on when motion is detected and it's dark.\n"
        "  domain: automation\n"
        "  input:\n    motion_entity:\n      name: Motion sensor\n      selector:\n        entity:\n          domain: binary_sensor\n"
        "          device_class: motion\n"
        "    light_target:\n      selector:\n        target:\n          entity:\n            domain: light\n"
        f"    lux_below:\n      default: {ctx.rng.randint(10, 80)}\n      selector:\n        number: {{min: 0, max: 500, unit_of_measurement: lx}}\n"
        'trigger:\n  platform: state\n  entity_id: !input motion_entity\n  from: "off"\n  to: "on"\n'
        "variables:\n  lux_below: !input lux_below\n"
        "condition:\n  - condition: template\n    value_template: \"{{ states('sensor.hallway_illuminance') | float(0) < lux_below }}\"\n"
        "action:\n  - service: light.turn_on\n    target: !input light_target\n  - wait_for_trigger:\n      platform: state\n"
        "      entity_id: !input motion_entity\n"
        '      from: "on"\n      to: "off"\n  - delay: 120\n  - service: light.turn_off\n    target: !input light_target\n'
    )


@template("train", ("/homecore/",), weight=1.1)
def homecore_automations(ctx: Ctx) -> Request:
    """Home hub: automation configs (JSON with Jinja), template previews, YAML packages, blueprint uploads, companion-app webhooks, states, tokens."""
    kind = ctx.pick(("automation", "automation", "template", "package", "blueprint", "webhook", "read", "service", "manage"))
    auto_id = str(_epoch_ms(ctx))
    if kind == "automation":
        return req(
            "POST",
            f"/homecore/api/config/automation/config/{seg(ctx, 'automation_id', auto_id)}",
            site_headers(ctx, "xhr", "application/json", "jwt"),
            body=dumps(ctx, _automation(ctx, auto_id)),
        )
    if kind == "template":  # the developer-tools preview, or a script testing a template with a long-lived token
        body: dict[str, Any] = {"template": j(ctx, "template", _jinja(ctx) if ctx.chance(0.7) else f"{_jinja(ctx)}\n{_jinja(ctx)}")}
        if ctx.chance(0.3):
            body["variables"] = {"trigger": {"to_state": {"state": "on", "attributes": {"friendly_name": j(ctx, "variables.friendly_name", "Front door")}}}}
        return req(
            "POST", "/homecore/api/template", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body)
        )
    if kind == "package":
        name = ctx.pick(_ROOMS)
        return req(
            "PUT",
            f"/homecore/api/config/packages/{seg(ctx, 'package', name)}.yaml",
            headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctx.pick(("application/yaml", "text/yaml")), auth="jwt"),
            body=_ha_package(ctx),
        )
    if kind == "blueprint":
        fields = [
            ("domain", "automation"),
            ("source_url", ctx.pick(("", f"https://gist.github.com/{ctx.en.user_name()}/{v.hex_token(ctx, 20)}"))),
            ("note", ctx.pick(("", _ha_note(ctx)))),
        ]
        ctype, body2 = multipart(ctx, fields, [("file", ctx.pick(("motion_light.yaml", "motion-light (1).yaml")), "application/x-yaml", _blueprint(ctx))])
        return req("POST", "/homecore/api/blueprint/upload", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "webhook":  # the companion app on the phone
        hook = v.hex_token(ctx, 64)
        if ctx.chance(0.6):
            data: Any = [
                {"unique_id": "battery_level", "type": "sensor", "state": ctx.rng.randint(3, 100), "icon": "mdi:battery-50", "attributes": {}},
                {
                    "unique_id": "ssid",
                    "type": "sensor",
                    "state": j(ctx, "data[1].state", ctx.pick((f"{ctx.fake.last_name()}'s WiFi", "FRITZ!Box 7590 XY", "Vodafone-5G_2.4"))),
                },
                {"unique_id": "geocoded_location", "type": "sensor", "state": j(ctx, "data[2].state", f"{ctx.fake.street_address()}, {ctx.fake.city()}")},
            ]
            body = {"type": "update_sensor_states", "data": data}
        else:
            body = {
                "type": "fire_event",
                "data": {
                    "event_type": "ios.action_fired",
                    "event_data": {
                        "actionName": j(ctx, "actionName", ctx.pick(("Good night 🌙", "Leaving home", "Movie time -- dim lights"))),
                        "sourceDeviceName": j(ctx, "sourceDeviceName", f"{ctx.fake.first_name()}'s iPhone"),
                    },
                },
            }
        return req(
            "POST", f"/homecore/api/webhook/{seg(ctx, 'webhook_id', hook)}", headers_for(ctx, "mobile", content_type="application/json"), body=dumps(ctx, body)
        )
    if kind == "read":
        r = ctx.rng.random()
        if r < 0.4:
            ents = ",".join(_entity(ctx, "sensor") for _ in range(ctx.rng.randint(1, 3)))
            return req(
                "GET",
                f"/homecore/api/history/period/{v.iso_datetime(ctx)[:19]}",
                headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"),
                qs(
                    ctx,
                    [("filter_entity_id", ents), ("end_time", v.iso_datetime(ctx)), ("minimal_response", ""), ("no_attributes", "")],
                    fixed=("minimal_response", "no_attributes"),
                ),
            )
        if r < 0.7:
            return req(
                ctx.pick(("GET", "HEAD")),
                f"/homecore/api/states/{seg(ctx, 'entity_id', _entity(ctx))}",
                headers_for(ctx, ctx.pick(("sdk", "mobile")), auth="jwt"),
            )
        return req(
            "GET",
            "/homecore/api/logbook/" + v.iso_date(ctx) + "T00:00:00Z",
            headers_for(ctx, "xhr", auth="jwt", cookies=True),
            qs(ctx, [("entity", _entity(ctx)), ("context_id", v.alnum_token(ctx, 26).upper())]),
        )
    if kind == "service":
        if ctx.chance(0.5):
            body = {
                "entity_id": "media_player.kitchen_sonos",
                "message": j(
                    ctx,
                    "message",
                    ctx.pick(("Dinner's ready -- come downstairs!", "The washing machine is done.", f"{_name(ctx)} is at the door", v.sentence(ctx))),
                ),
                "language": ctx.locale[:2],
            }
            path = "/homecore/api/services/tts/speak"
        else:
            body = {"entity_id": f"climate.{ctx.pick(_ROOMS)}", "temperature": ctx.pick((19, 20.5, 21, 22)), "hvac_mode": ctx.pick(("heat", "auto"))}
            path = "/homecore/api/services/climate/set_temperature"
        return req("POST", path, headers_for(ctx, ctx.pick(("sdk", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    r = ctx.rng.random()
    if r < 0.35:
        return req("DELETE", f"/homecore/api/config/automation/config/{seg(ctx, 'automation_id', auto_id)}", site_headers(ctx, "xhr", None, "jwt"))
    if r < 0.75:  # the iOS / Android companion app refreshes its token
        fields = [
            ("grant_type", "refresh_token"),
            ("client_id", ctx.pick(("https://home-assistant.io/iOS", "https://home-assistant.io/android"))),
            ("refresh_token", v.hex_token(ctx, 128)),
        ]
        return req(
            "POST",
            "/homecore/auth/token",
            headers_for(ctx, "mobile", content_type="application/x-www-form-urlencoded"),
            body=form(ctx, fields, fixed=("grant_type", "client_id")),
        )
    return preflight(ctx, "/homecore/api/template", ("POST",), ("authorization,content-type",))


# --------------------------------------------------------------------------
# Flow-based IoT editor: flow deploys with function nodes (JavaScript), node installs, library
# --------------------------------------------------------------------------

_FUNCS = (
    "const t = Number(msg.payload.temperature);\nif (Number.isNaN(t)) {\n    node.warn(`bad reading from ${msg.topic}: ${JSON.stringify(msg.payload)}`);\n"
    "    return null;\n}\nmsg.payload = { sensor: msg.topic.split('/')[1], t: Math.round(t * 10) / 10, ts: Date.now() };\nflow.set('lastTemp', t);\n"
    "return msg;",
    '// parameterised insert for the sqlite node\nmsg.topic = "INSERT INTO readings (sensor_id, value, recorded_at) VALUES ($sensor, $value, $ts)";\n'
    "msg.params = { $sensor: msg.payload.id, $value: msg.payload.value, $ts: new Date().toISOString() };\nreturn msg;",
    "const level = msg.payload.battery;\nif (level < 15) {\n    // 2nd output -> telegram\n"
    "    return [null, { payload: `Battery low on ${msg.payload.name} (${level}%)` }];\n}\n"
    "return [msg, null];",
    "const last = context.get('last') || 0;\nif (Date.now() - last < 5 * 60 * 1000) {\n    return null; // at most one alert per 5 min\n}\n"
    "context.set('last', Date.now());\n"
    "msg.payload = `Door ${msg.payload === 'open' ? 'opened' : 'closed'} at ${new Date().toLocaleTimeString('de-DE')}`;\nreturn msg;",
    "const buf = Buffer.from(msg.payload.buffer);\nmsg.payload = {\n    voltage: buf.readUInt16BE(0) / 10,\n    current: buf.readUInt16BE(2) / 100,\n"
    "    power_w: buf.readInt32BE(4),\n};\nreturn msg;",
    "const city = flow.get('city') || 'Berlin';\n"
    "msg.url = `https://api.openweathermap.org/data/2.5/weather?q=${encodeURIComponent(city)}&units=metric&appid=${env.get('OWM_KEY')}`;\n"
    "msg.method = 'GET';\nreturn msg;",
    "const readings = msg.payload.filter(r => r.value !== null && r.value > -40);\n"
    "const avg = readings.reduce((s, r) => s + r.value, 0) / (readings.length || 1);\n"
    "msg.payload = { count: readings.length, avg: +avg.toFixed(2), max: Math.max(...readings.map(r => r.value)) };\nreturn msg;",
    "node.status({ fill: msg.payload ? 'green' : 'red', shape: 'dot', text: msg.payload ? 'online' : 'offline' });\nreturn msg;",
    "// select the rows updated since the last poll\nconst since = flow.get('since') || '1970-01-01';\n"
    "msg.topic = 'SELECT id, name, state FROM devices WHERE updated_at > ? ORDER BY updated_at';\nmsg.payload = [since];\n"
    "flow.set('since', new Date().toISOString());\nreturn msg;",
)


def _node_id(ctx: Ctx) -> str:
    return v.hex_token(ctx, 16)


def _flow_nodes(ctx: Ctx, tab: str, slotted: bool) -> list[dict[str, Any]]:
    """One tab's nodes: MQTT in (topic filters), switch (regex), change (JSONata), function (JS), template (mustache), debug."""
    ids = [_node_id(ctx) for _ in range(7)]
    broker = _node_id(ctx)
    area = ctx.pick(("greenhouse", "garage", "plant-3", "flat"))
    func = ctx.pick(_FUNCS)
    func_name = ctx.pick(("parse temp", "to sqlite", "battery check", "debounce door", "modbus decode", "build OWM url", "aggregate", "status", "poll devices"))
    if slotted:
        func, func_name = j(ctx, "nodes.function.func", func), j(ctx, "nodes.function.name", func_name)
    comment = j(ctx, "nodes.comment.info", _ha_note(ctx)) if slotted else v.sentence(ctx)
    x = lambda i: 120 + 180 * i  # noqa: E731 - editor coordinates
    return [
        {
            "id": ids[0],
            "type": "mqtt in",
            "z": tab,
            "name": "",
            "topic": ctx.pick((f"{area}/+/telemetry", f"zigbee2mqtt/{area}/#", "shellies/+/relay/0", "tele/+/SENSOR")),
            "qos": ctx.pick(("0", "1")),
            "datatype": "auto-detect",
            "broker": broker,
            "x": x(0),
            "y": 80,
            "wires": [[ids[1]]],
        },
        {
            "id": ids[1],
            "type": "switch",
            "z": tab,
            "name": "by topic",
            "property": "topic",
            "propertyType": "msg",
            "rules": [
                {"t": "regex", "v": ctx.pick((r"^[^/]+/(\w+)/telemetry$", r"/(temp|humidity)$", r"^tele/.+/SENSOR$")), "vt": "str", "case": False},
                {"t": "else"},
            ],
            "checkall": "true",
            "outputs": 2,
            "x": x(1),
            "y": 80,
            "wires": [[ids[2]], [ids[5]]],
        },
        {
            "id": ids[2],
            "type": "change",
            "z": tab,
            "name": "total",
            "rules": [
                {
                    "t": "set",
                    "p": "payload.total",
                    "pt": "msg",
                    "to": ctx.pick(
                        ("$sum(payload.items.(price * qty))", "$round(payload.value * 1.8 + 32, 1)", "$exists(payload.state) ? payload.state : 'unknown'")
                    ),
                    "tot": "jsonata",
                }
            ],
            "x": x(2),
            "y": 80,
            "wires": [[ids[3]]],
        },
        {
            "id": ids[3],
            "type": "function",
            "z": tab,
            "name": func_name,
            "func": func,
            "outputs": 2 if "return [" in func else 1,
            "noerr": 0,
            "initialize": "",
            "finalize": "",
            "libs": [],
            "x": x(3),
            "y": 80,
            "wires": [[ids[4]], [ids[5]]] if "return [" in func else [[ids[4]]],
        },
        {
            "id": ids[4],
            "type": "template",
            "z": tab,
            "name": "message",
            "field": "payload",
            "fieldType": "msg",
            "format": "handlebars",
            "syntax": "mustache",
            "template": ctx.pick(
                (
                    "Temperature in {{payload.sensor}} is {{payload.t}} °C",
                    "{{#payload.alarm}}⚠️ {{payload.name}} tripped{{/payload.alarm}}",
                    "Battery: {{payload.level}}% -- {{topic}}",
                )
            ),
            "output": "str",
            "x": x(4),
            "y": 80,
            "wires": [[ids[5]]],
        },
        {
            "id": ids[5],
            "type": "debug",
            "z": tab,
            "name": "debug 1",
            "active": True,
            "tosidebar": True,
            "console": False,
            "complete": "true",
            "x": x(5),
            "y": 140,
            "wires": [],
        },
        {"id": ids[6], "type": "comment", "z": tab, "name": "README", "info": comment, "x": x(0), "y": 20, "wires": []},
        {
            "id": broker,
            "type": "mqtt-broker",
            "name": "mosquitto",
            "broker": ctx.pick(("mosquitto", "192.168.1.10", "core-mosquitto")),
            "port": "1883",
            "clientid": "",
            "autoConnect": True,
            "usetls": False,
            "protocolVersion": "4",
            "keepalive": "60",
            "cleansession": True,
        },
    ]


@template("train", ("/flowwire/",), weight=1.1)
def flowwire_editor(ctx: Ctx) -> Request:
    """Flow editor: full and per-flow deploys (function nodes carry JavaScript), palette installs, function library, injects, context, login."""
    kind = ctx.pick(("deploy", "deploy", "flow", "palette", "library", "inject", "read", "login", "manage"))
    api = [("Node-RED-API-Version", "v2")]
    if kind == "deploy":
        tab = _node_id(ctx)
        flows = [
            {
                "id": tab,
                "type": "tab",
                "label": j(ctx, "tab.label", ctx.pick(("Greenhouse", "Flow 1", "Heizung / Keller", "Energy -- Shelly 3EM", v.short_text(ctx)))),
                "disabled": False,
                "info": "",
            }
        ] + _flow_nodes(ctx, tab, True)
        extra = tuple(api) + (("Node-RED-Deployment-Type", ctx.pick(("full", "nodes", "flows"))),)
        return req(
            "POST",
            "/flowwire/flows",
            site_headers(ctx, "xhr", "application/json", "jwt", extra=extra),
            body=dumps(ctx, {"flows": flows, "rev": v.hex_token(ctx, 32)}),
        )
    if kind == "flow":
        tab = _node_id(ctx)
        body: dict[str, Any] = {
            "id": tab,
            "label": j(ctx, "label", ctx.pick(("Alarm", "Solar surplus -> EV", v.short_text(ctx)))),
            "disabled": False,
            "info": j(
                ctx, "info", ctx.pick(("", "## Notes\n- MQTT topics: `site/+/power` and `site/#`\n- don't deploy during a charge session", _ha_note(ctx)))
            ),
            "nodes": [{k: x for k, x in n.items() if k != "z"} for n in _flow_nodes(ctx, tab, False)[:-1]],
        }
        method = ctx.pick(("PUT", "POST"))
        path = f"/flowwire/flow/{seg(ctx, 'flow', tab)}" if method == "PUT" else "/flowwire/flow"
        return req(
            method, path, headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt", extra=tuple(api)), body=dumps(ctx, body)
        )
    if kind == "palette":
        module = ctx.pick(
            (
                "node-red-contrib-modbus",
                "@flowfuse/node-red-dashboard",
                "node-red-contrib-home-assistant-websocket",
                "node-red-node-sqlite",
                "node-red-contrib-influxdb",
                "node-red-contrib-telegrambot",
            )
        )
        r = ctx.rng.random()
        if r < 0.5:
            body = {"module": j(ctx, "module", module), "version": j(ctx, "version", _semver(ctx, 6))}
            return req("POST", "/flowwire/nodes", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        if r < 0.75:
            return req(
                "PUT",
                f"/flowwire/nodes/{seg(ctx, 'module', module)}",
                site_headers(ctx, "xhr", "application/json", "jwt"),
                body=dumps(ctx, {"enabled": ctx.chance(0.5)}),
            )
        return req("DELETE", f"/flowwire/nodes/{seg(ctx, 'module', module)}", headers_for(ctx, "xhr", auth="jwt"))
    if kind == "library":
        name = ctx.pick(("utils/parse-temp", "shelly/power-to-kwh", "alerts/debounce", "db/insert-reading"))
        body = {
            "name": name.split("/")[-1],
            "func": j(ctx, "func", ctx.pick(_FUNCS)),
            "outputs": 1,
            "initialize": "// runs once on deploy\nflow.set('count', 0);",
            "finalize": "",
            "info": j(ctx, "info", ctx.pick(("", v.sentence(ctx), "Expects msg.payload = { id, value } -- returns null if value < -40"))),
        }
        return req(
            "POST", f"/flowwire/library/functions/{seg(ctx, 'library_path', name)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body)
        )
    if kind == "inject":
        body = {
            "__user_inject_props__": [
                {"p": "payload", "v": j(ctx, "payload", ctx.pick(('{"state":"ON"}', "reset", "21.5", v.sentence(ctx)))), "vt": ctx.pick(("json", "str"))},
                {"p": "topic", "v": j(ctx, "topic", ctx.pick(("zigbee2mqtt/hallway/set", "cmnd/tasmota_1/POWER", "test")))},
            ]
        }
        return req("POST", f"/flowwire/inject/{seg(ctx, 'node', _node_id(ctx))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "read":
        if ctx.chance(0.5):
            return req("GET", "/flowwire/flows", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt", extra=tuple(api)))
        return req(
            "GET",
            f"/flowwire/context/flow/{seg(ctx, 'flow', _node_id(ctx))}",
            headers_for(ctx, "xhr", auth="jwt"),
            qs(ctx, [("keys", ctx.pick(("lastTemp", "since", "count,lastTemp"))), ("store", ctx.pick(("default", "file")))]),
        )
    if kind == "login":
        fields = [
            ("client_id", "node-red-editor"),
            ("grant_type", "password"),
            ("scope", "*"),
            ("username", ctx.fake.user_name()),
            ("password", v.alnum_token(ctx, 14)),
        ]
        return req(
            "POST",
            "/flowwire/auth/token",
            site_headers(ctx, "xhr", "application/x-www-form-urlencoded"),
            body=form(ctx, fields, fixed=("client_id", "grant_type", "scope")),
        )
    if ctx.chance(0.5):
        return req("DELETE", f"/flowwire/flow/{seg(ctx, 'flow', _node_id(ctx))}", headers_for(ctx, "xhr", auth="jwt", extra=tuple(api)))
    return preflight(ctx, "/flowwire/flows", ("POST", "GET"), ("authorization,content-type,node-red-api-version,node-red-deployment-type", "authorization"))


# --------------------------------------------------------------------------
# IoT telemetry ingest: JSON and CBOR batches, line protocol, topic filters, rules SQL, shadows
# --------------------------------------------------------------------------


def _device_id(ctx: Ctx) -> str:
    return ctx.pick(
        (
            f"esp32-{v.hex_token(ctx, 12)}",
            f"rpi4-{ctx.pick(('greenhouse', 'cellar', 'barn'))}-{ctx.rng.randint(1, 20):02d}",
            f"LHT65-{v.hex_token(ctx, 16).upper()}",
            f"gw-{ctx.fake.city().lower().replace(' ', '-')}-{ctx.rng.randint(1, 9)}",
            ctx.fake.uuid4(),
        )
    )


def _topic(ctx: Ctx, dev: str) -> str:
    site = ctx.pick(("plant-7", "farm", "hq", "warehouse-2"))
    return ctx.pick((f"{site}/{dev}/telemetry", f"{site}/line-{ctx.rng.randint(1, 6)}/{dev}/state", f"devices/{dev}/events/telemetry", f"sensors/{dev}/env"))


def _topic_filter(ctx: Ctx) -> str:
    return ctx.pick(("plant-7/+/telemetry", "plant-7/#", "devices/+/events/#", "sensors/+/env", "+/line-3/+/state", "warehouse-2/+/+/alarms/#", "#"))


def _reading(ctx: Ctx) -> dict[str, Any]:
    return ctx.pick(
        (
            {"temp_c": round(ctx.rng.uniform(-10, 45), 2), "rh": round(ctx.rng.uniform(10, 95), 1)},
            {"vib_rms": round(ctx.rng.uniform(0, 12), 3), "rpm": ctx.rng.randint(0, 3600), "state": ctx.pick(("RUN", "IDLE", "FAULT"))},
            {"kwh": round(ctx.rng.uniform(0, 90000), 3), "v": round(ctx.rng.uniform(225, 245), 1), "pf": round(ctx.rng.uniform(0.7, 1), 2)},
            {"co2_ppm": ctx.rng.randint(380, 2400), "pm25": round(ctx.rng.uniform(0, 80), 1), "batt_mv": ctx.rng.randint(2900, 4200)},
        )
    )


def _rule_sql(ctx: Ctx, filt: str) -> str:
    return ctx.pick(
        (
            f"SELECT temp_c, rh, topic(2) AS deviceId, timestamp() AS ts FROM '{filt}' WHERE temp_c > {ctx.rng.randint(30, 80)} OR rh < 10",
            f"SELECT * FROM '{filt}' WHERE state = 'FAULT'",
            f"SELECT avg(vib_rms) AS vib, max(rpm) AS rpm FROM '{filt}' GROUP BY topic(3) WINDOW TUMBLING(5m)",
            f"SELECT co2_ppm, clientid() AS device FROM '{filt}' WHERE co2_ppm >= 1200 AND NOT isUndefined(co2_ppm)",
        )
    )


def _line_protocol(ctx: Ctx) -> str:
    site = str(ctx.slot("multipart", "lp.site", ctx.pick(("Berlin\\ Mitte", "O'Hare\\ hangar\\ 3", "farm\\,north", ctx.fake.city().replace(" ", "\\ ")))))
    lines = [f"# {ctx.pick(('telegraf', 'gateway buffer flush', 'backfill after outage'))}"] if ctx.chance(0.3) else []
    ts, default_site = _epoch_ms(ctx), "Berlin\\ Mitte"
    for i in range(ctx.rng.randint(2, 12)):
        m = ctx.pick(("env", "power", "machine"))
        tags = f"site={site if i == 0 else default_site},device={_device_id(ctx)}"
        fields = ",".join(f"{k}={x}i" if isinstance(x, int) else (f'{k}="{x}"' if isinstance(x, str) else f"{k}={x}") for k, x in _reading(ctx).items())
        lines.append(f"{m},{tags} {fields} {ts + i * 1000}")
    return "\n".join(lines) + "\n"


@template("train", ("/telemetrix/",), weight=1.1)
def telemetrix_ingest(ctx: Ctx) -> Request:
    """Telemetry ingest: device JSON batches, gateway CBOR batches (base64), line protocol, topic queries, routing rules (SQL over topic filters), shadows."""
    kind = ctx.pick(("json", "json", "cbor", "cbor_raw", "lineproto", "rule", "query", "subscribe", "manage"))
    dev = _device_id(ctx)
    if kind == "json":
        body: dict[str, Any] = {
            "deviceId": dev,
            "topic": j(ctx, "topic", _topic(ctx, dev)),
            "fw": _semver(ctx),
            "tags": {
                "site": j(ctx, "tags.site", ctx.pick(("O'Reilly's barn", "Hall 3 / bay 12", "Gewächshaus Süd", ctx.fake.city()))),
                "installer": j(ctx, "tags.installer", _name(ctx)),
            },
            "messages": [{"ts": _epoch_ms(ctx), **_reading(ctx)} for _ in range(ctx.rng.randint(1, 12))],
        }
        if ctx.chance(0.3):
            body["log"] = j(
                ctx,
                "log",
                ctx.pick(
                    ("W (1234) wifi: reconnect #3, rssi=-81", "E (88) i2c: timeout on 0x76 -- sensor re-init", "boot: rst:0x1 (POWERON), 'safe mode' off")
                ),
            )
        return req(
            "POST",
            f"/telemetrix/v1/devices/{seg(ctx, 'device', dev)}/messages",
            headers_for(ctx, "sdk", content_type="application/json", auth="apikey"),
            body=dumps(ctx, body),
        )
    if kind == "cbor":
        records = [
            {
                "deviceId": j(ctx, "records[0].deviceId", dev) if i == 0 else _device_id(ctx),
                "topic": _topic(ctx, dev),
                "ts": _epoch_ms(ctx),
                "data": _b64_cbor({"t": _epoch_ms(ctx) // 1000, **_reading(ctx)}),
            }
            for i in range(ctx.rng.randint(1, 8))
        ]
        body = {"gatewayId": j(ctx, "gatewayId", f"gw-{v.hex_token(ctx, 8)}"), "encoding": "cbor", "contentTransferEncoding": "base64", "records": records}
        return req(
            "POST", "/telemetrix/v1/batch", headers_for(ctx, "sdk", content_type="application/json", auth=ctx.pick(("apikey", "jwt"))), body=dumps(ctx, body)
        )
    if kind == "cbor_raw":  # a constrained device behind a text-only proxy: the CBOR document base64-encoded
        payload = _b64_cbor({"id": dev, "seq": ctx.rng.randint(1, 99999), "r": [_reading(ctx) for _ in range(ctx.rng.randint(1, 4))]})
        extra = (("X-Payload-Encoding", "cbor+base64"), ("X-Device-Topic", header_slot(ctx, "X-Device-Topic", _topic(ctx, dev))))
        return req(
            "POST",
            f"/telemetrix/v1/devices/{seg(ctx, 'device', dev)}/cbor",
            headers_for(ctx, "sdk", content_type="text/plain", auth="apikey", extra=extra),
            body=payload,
        )
    if kind == "lineproto":
        return req(
            "POST",
            "/telemetrix/v1/write",
            headers_for(ctx, "sdk", content_type="text/plain; charset=utf-8", auth="jwt"),
            qs(ctx, [("bucket", ctx.pick(("factory", "home", "fleet-raw"))), ("org", ctx.en.word()), ("precision", "ms")], fixed=("precision",)),
            body=_line_protocol(ctx),
        )
    if kind == "rule":
        filt = _topic_filter(ctx)
        body = {
            "name": j(ctx, "name", ctx.pick(("overheat -> pager", "Faults to ticketing", "CO₂ > 1200 ppm (classrooms)", v.short_text(ctx)))),
            "topicFilter": j(ctx, "topicFilter", filt),
            "sql": j(ctx, "sql", _rule_sql(ctx, filt)),
            "enabled": ctx.chance(0.8),
            "actions": [
                {"type": "republish", "topic": "alerts/${topic(2)}"},
                {"type": "webhook", "url": f"https://hooks.{ctx.en.domain_name()}/iot/{v.hex_token(ctx, 12)}"},
            ],
        }
        method = ctx.pick(("POST", "PUT"))
        path = "/telemetrix/v1/rules" if method == "POST" else f"/telemetrix/v1/rules/{seg(ctx, 'rule', str(rid(ctx)))}"
        return req(method, path, site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "query":
        q = qs(ctx, [("topic", _topic_filter(ctx)), ("since", v.iso_datetime(ctx)), ("limit", ctx.pick((50, 100, 500)))], fixed=("limit",))
        if ctx.chance(0.8):
            q += "&" + json_param(
                ctx,
                "filter",
                {
                    "temp_c": {"$gt": ctx.rng.randint(20, 40)},
                    "tags.site": ctx.slot("json_query", "filter.site", ctx.pick(("Hall 3 / bay 12", "O'Reilly's barn"))),
                },
            )
        return req(ctx.pick(("GET", "GET", "HEAD")), "/telemetrix/v1/messages", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), q)
    if kind == "subscribe":  # the web console's "new webhook" form
        fields = [
            ("_csrf", v.alnum_token(ctx, 32)),
            ("topic_filter", _topic_filter(ctx)),
            ("url", f"https://{ctx.en.domain_name()}/hooks/mqtt?src=telemetrix&team={ctx.en.word()}"),
            ("qos", ctx.pick(("0", "1"))),
            ("description", ctx.pick(("", "Forward all alarms to the SCADA bridge -- ask Jürgen before changing", v.sentence(ctx)))),
        ]
        return req(
            "POST", "/telemetrix/console/subscriptions", form_headers(ctx, "/telemetrix/console/subscriptions/new"), body=form(ctx, fields, fixed=("_csrf",))
        )
    r = ctx.rng.random()
    if r < 0.4:
        body = {
            "state": {
                "desired": {
                    "reportIntervalSec": ctx.pick((10, 60, 300)),
                    "led": ctx.pick(("on", "off")),
                    "label": j(ctx, "state.desired.label", ctx.pick(("Kühlraum 2", "Tank #4 -- diesel", f"{ctx.fake.last_name()}'s hive"))),
                }
            }
        }
        return req(
            "PUT",
            f"/telemetrix/v1/devices/{seg(ctx, 'device', dev)}/shadow",
            headers_for(ctx, "sdk", content_type="application/json", auth="jwt", extra=(("If-Match", f'"{ctx.rng.randint(1, 900)}"'),)),
            body=dumps(ctx, body),
        )
    if r < 0.75:
        return req("DELETE", f"/telemetrix/v1/subscriptions/{seg(ctx, 'subscription', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"))
    return preflight(ctx, "/telemetrix/v1/rules", ("POST", "PUT", "DELETE"), ("authorization,content-type", "authorization"))


# --------------------------------------------------------------------------
# Firmware OTA: device update checks (ESP headers, Omaha XML), releases, manifests, rollouts
# --------------------------------------------------------------------------

_PRODUCTS = ("thermo-v2", "doorbell-pro", "smartplug-eu", "gw-lte", "soilprobe")
_NOTES = (
    "### Fixed\n- Wi-Fi reconnect loop after DHCP lease renewal (#{n})\n- OTA resume when the download drops at > 90%\n\n### Changed\n"
    "- MQTT keepalive 60 -> 30 s",
    "Security: rotate the TLS root bundle (ISRG Root X2); update before {date} or devices can't reach the broker.",
    "Hotfix -- select the right calibration table on rev-C boards; don't install on rev-A (bootloader < 1.2).",
    "- `delete` key in the web UI now removes schedules\n- fixed: temperature reading 'NaN' when the sensor's unplugged\n"
    "- drop support for the old /api/v0 endpoints",
    "Known issue: rollback to 2.x requires a factory reset; union of both configs isn't migrated.",
)


def _release_notes(ctx: Ctx) -> str:
    return ctx.pick(_NOTES).format(n=ctx.rng.randint(100, 999), date=v.iso_date(ctx)) if ctx.chance(0.7) else v.markdown_post(ctx, code_rate=0.2)


def _intel_hex(ctx: Ctx) -> str:
    """A small Intel HEX image, as MCU toolchains emit it (each record with its checksum)."""
    lines = []
    addr = 0x0800 * ctx.rng.randint(0, 4)
    for _ in range(ctx.rng.randint(6, 24)):
        data = ctx.rng.randbytes(16)
        rec = bytes([16, addr >> 8 & 0xFF, addr & 0xFF, 0]) + data
        lines.append(f":{rec.hex().upper()}{(-sum(rec)) & 0xFF:02X}")
        addr += 16
    return "\n".join(lines + [":00000001FF"]) + "\n"


def _omaha(ctx: Ctx) -> str:
    """An Omaha update check as the update agent on a Linux device sends it."""
    version = enc_xml(str(ctx.slot("xml", "app.version", _semver(ctx))))
    machine = enc_xml(str(ctx.slot("xml", "app.machineid", v.hex_token(ctx, 32))))
    track = enc_xml(str(ctx.slot("xml", "app.track", ctx.pick(("stable", "beta", "canary", "lab-3 (Zoë's bench)")))))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" '
        f'installsource="{ctx.pick(("scheduler", "ondemandupdate"))}" ismachine="1">\n'
        f'  <os version="Chateau" platform="CoreOS" sp="{_semver(ctx)}_aarch64"></os>\n'
        f'  <app appid="{{{ctx.fake.uuid4()}}}" version="{version}" track="{track}" bootid="{{{ctx.fake.uuid4()}}}" machineid="{machine}" '
        f'oem="{ctx.pick(("rpi", "ami", "qemu"))}" alephversion="{_semver(ctx)}" lang="en-US" board="{ctx.pick(_PRODUCTS)}" '
        'hardware_class="" delta_okay="false">\n'
        '    <ping active="1"></ping>\n    <updatecheck></updatecheck>\n    <event eventtype="3" eventresult="2" previousversion=""></event>\n  </app>\n'
        "</request>\n"
    )


@template("train", ("/otaforge/",), weight=1.1)
def otaforge_firmware(ctx: Ctx) -> Request:
    """Firmware OTA: update checks from devices, Omaha XML, release uploads (manifest + Intel HEX), manifests, rollouts, status reports, semver searches."""
    kind = ctx.pick(("check", "check", "omaha", "release", "manifest", "rollout", "report", "search", "manage"))
    product = ctx.pick(_PRODUCTS)
    ver = _semver(ctx)
    if kind == "check":  # the Arduino-ESP32 HTTP updater asks for a newer image
        chip = ctx.pick(("ESP32", "ESP8266"))
        headers = [
            ["User-Agent", header_slot(ctx, "User-Agent", f"{chip}-http-Update")],
            ["Connection", "close"],
            [f"x-{chip}-STA-MAC", _mac(ctx)],
            [f"x-{chip}-AP-MAC", _mac(ctx)],
            [f"x-{chip}-free-space", str(ctx.rng.randrange(600_000, 2_000_000))],
            [f"x-{chip}-sketch-size", str(ctx.rng.randrange(300_000, 1_400_000))],
            [f"x-{chip}-sketch-md5", v.hex_token(ctx, 32)],
            [f"x-{chip}-chip-size", str(ctx.pick((4194304, 8388608, 16777216)))],
            [f"x-{chip}-sdk-version", ctx.pick(("v4.4.6", "2.2.2-dev(38a443e)", "v5.1.4"))],
            [f"x-{chip}-mode", "sketch"],
            [f"x-{chip}-version", header_slot(ctx, f"x-{chip}-version", ver)],
        ]
        return req(
            "GET",
            f"/otaforge/v1/update/{seg(ctx, 'product', product)}",
            headers,
            qs(ctx, [("current", ver), ("hw", ctx.pick(("rev-b", "rev-c", "C3"))), ("channel", ctx.pick(("stable", "beta")))]),
        )
    if kind == "omaha":
        return req(
            "POST", "/otaforge/v1/omaha", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8"))), body=_omaha(ctx)
        )
    if kind == "release":
        image = _intel_hex(ctx)
        manifest = {
            "product": product,
            "version": ver,
            "sha256": hashlib.sha256(image.encode()).hexdigest(),
            "size": len(image),
            "minVersion": _semver(ctx, 2),
            "hardware": ctx.rng.sample(["rev-a", "rev-b", "rev-c"], ctx.rng.randint(1, 3)),
            "signature": base64.b64encode(ctx.rng.randbytes(72)).decode(),
        }
        fields = [
            ("version", ver),
            ("channel", ctx.pick(("stable", "beta", "nightly"))),
            ("release_notes", _release_notes(ctx)),
            ("compatible", ctx.pick((">=2.0.0 <3.0.0", "^1.4.0 || ^2.0.0", "~2.3.1", "*"))),
        ]
        ctype, body = multipart(
            ctx,
            fields,
            [
                ("manifest", "manifest.json", "application/json", json.dumps(manifest, indent=2)),
                ("image", f"{product}-{ver}.hex", "application/octet-stream", image),
            ],
        )
        return req("POST", f"/otaforge/v1/products/{product}/releases", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctype, auth="jwt"), body=body)
    if kind == "manifest":
        body2: dict[str, Any] = {
            "version": ver,
            "sha256": _sha256(ctx),
            "size": ctx.rng.randrange(200_000, 4_000_000),
            "url": f"https://cdn.{ctx.en.domain_name()}/fw/{product}/{ver}/firmware.bin",
            "minVersion": j(ctx, "minVersion", _semver(ctx, 2)),
            "releaseNotes": j(ctx, "releaseNotes", _release_notes(ctx)),
            "mandatory": ctx.chance(0.2),
            "signature": {"alg": "ES256", "keyId": f"ota-{ctx.rng.randint(2021, 2025)}", "value": v.b64url(ctx.rng.randbytes(64))},
        }
        return req(
            "PUT",
            f"/otaforge/v1/products/{product}/releases/{seg(ctx, 'version', ver)}/manifest",
            headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)),
            body=dumps(ctx, body2),
        )
    if kind == "rollout":
        body2 = {
            "percentage": ctx.pick((1, 5, 10, 25, 50, 100)),
            "paused": ctx.chance(0.2),
            "targets": {
                "semver": j(ctx, "targets.semver", ctx.pick((">=2.1.0 <2.4.0", "^2.3.0 || ~1.9.4", "<1.0.0", "2.x"))),
                "tags": [j(ctx, "targets.tags[0]", ctx.pick(("beta-testers", "eu-west", "customer:o'neill-farms", "lab")))],
            },
            "notes": j(
                ctx,
                "notes",
                ctx.pick(
                    ("Paused -- 3 bricked units in the field with rev-A boards; investigating", "Ramp to 25% if crash rate < 0.1% after 24h", user_note(ctx))
                ),
            ),
        }
        return req(
            "PATCH", f"/otaforge/v1/rollouts/{seg(ctx, 'rollout', str(rid(ctx)))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2)
        )
    if kind == "report":
        state = ctx.pick(("downloading", "installed", "failed", "rolled_back"))
        body2 = {
            "from": _semver(ctx),
            "to": ver,
            "state": state,
            "bootCount": ctx.rng.randint(1, 5),
            "rssi": -ctx.rng.randint(40, 95),
            "error": j(
                ctx,
                "error",
                ctx.pick(
                    (
                        "",
                        f"E_HASH_MISMATCH: expected sha256 {_sha256(ctx)[:16]}..., got {_sha256(ctx)[:16]}...",
                        "HTTP 416 on resume (Range: bytes=524288-)",
                        "esp_ota_end failed: ESP_ERR_OTA_VALIDATE_FAILED",
                        "watchdog reset in app_main -> rolled back",
                    )
                ),
            )
            if state in ("failed", "rolled_back")
            else "",
        }
        return req(
            "POST",
            f"/otaforge/v1/devices/{seg(ctx, 'device', _device_id(ctx))}/status",
            headers_for(ctx, "sdk", content_type="application/json", auth="apikey"),
            body=dumps(ctx, body2),
        )
    if kind == "search":
        pairs = [
            ("product", product),
            ("range", ctx.pick(("^2.3.0 || ~1.9.4", ">=1.2.0 <2.0.0", "~3.1", "*"))),
            ("channel", ctx.pick(("stable", "beta", ""))),
            ("q", ctx.pick(("", "wifi reconnect", "'safe mode'", "rollback OR brick"))),
        ]
        return req("GET", "/otaforge/v1/releases", headers_for(ctx, "xhr", auth="jwt", cookies=ctx.chance(0.5)), qs(ctx, pairs))
    r = ctx.rng.random()
    if r < 0.3:
        return req(
            "DELETE",
            f"/otaforge/v1/products/{product}/releases/{seg(ctx, 'version', ver)}",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"),
            qs(ctx, [("reason", ctx.pick(("yanked -- boot loop on rev-A", "duplicate upload", "wrong signing key")))]),
        )
    if r < 0.55:  # devices probe the image size before a ranged download
        return req(
            "HEAD",
            f"/otaforge/dl/{product}/{seg(ctx, 'version', ver)}/firmware.bin",
            [["User-Agent", header_slot(ctx, "User-Agent", "ESP32-http-Update")], ["Range", "bytes=0-"]],
        )
    if r < 0.85:  # a reviewer approves the release in the web console
        fields = [
            ("authenticity_token", v.b64url(ctx.rng.randbytes(32))),
            ("decision", ctx.pick(("approve", "request_changes"))),
            (
                "comment",
                ctx.pick(("LGTM -- soak test 72h on 40 units, 0 resets.", "Hash doesn't match the CI artifact; re-upload please.", v.prose(ctx, 1, 2))),
            ),
        ]
        return req(
            "POST",
            f"/otaforge/releases/{seg(ctx, 'release', str(rid(ctx)))}/review",
            form_headers(ctx, "/otaforge/releases"),
            body=form(ctx, fields, fixed=("authenticity_token",)),
        )
    return preflight(ctx, "/otaforge/v1/rollouts", ("PATCH", "DELETE"), ("authorization,content-type", "authorization"))


# --------------------------------------------------------------------------
# Vehicle telematics / fleet: GPS traces, OBD-II codes, driver notes, inspections, GraphQL
# --------------------------------------------------------------------------

_DTCS = (
    ("P0301", "Cylinder 1 Misfire Detected"),
    ("P0420", "Catalyst System Efficiency Below Threshold (Bank 1)"),
    ("P0171", "System Too Lean (Bank 1)"),
    ("P2463", "Diesel Particulate Filter - Soot Accumulation"),
    ("U0100", "Lost Communication With ECM/PCM 'A'"),
    ("C0035", "Left Front Wheel Speed Sensor Circuit"),
    ("B1318", "Battery Voltage Low"),
    ("P0128", "Coolant Thermostat (Coolant Temp Below Thermostat Regulating Temperature)"),
)


def _vin(ctx: Ctx) -> str:
    return "".join(ctx.pick("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))


def _driver_note(ctx: Ctx) -> str:
    return ctx.pick(
        (
            f"Pre-trip: left rear tyre at 85 psi (spec 100) -- topped up at Love's #{ctx.rng.randint(200, 900)}; "
            f"'check engine' came on near exit {ctx.rng.randint(1, 200)}.",
            f"Customer said use dock #{ctx.rng.randint(1, 12)} -- NOT #1; gate code {ctx.rng.randint(1000, 9999)}#. Ask for {_name(ctx)}.",
            "Reefer alarm at 02:10 (set 2°C, read 7.5°C); door seal torn -- reported to yard, photo attached.",
            "Detour: A9 closed between exits 12 & 14; added ~40 km. Select the toll route next time?",
            f"DEF low warning; filled 19 L at {ctx.fake.company()}, receipt in the app. Odometer {ctx.rng.randint(20000, 900000)} km.",
            user_note(ctx),
            v.prose(ctx, 1, 2, trap_rate=0.4),
        )
    )


_GQL_FLEET = (
    "query VehicleLocations($tags: [String!], $search: String, $since: DateTime!) {\n  vehicles(filter: {tags: $tags, search: $search}, first: 50) {\n"
    "    nodes { id name vin lastLocation(since: $since) { lat lon speedKph heading address } driver { name phone } openDtcs { code description } }\n  }\n}"
)


@template("train", ("/telematix/",), weight=1.1)
def telematix_fleet(ctx: Ctx) -> Request:
    """Fleet API: GPS point batches (top-level arrays), OBD diagnostics, driver notes (app and dispatch form), inspections (multipart), GraphQL, geofences."""
    kind = ctx.pick(("trace", "trace", "obd", "note", "inspection", "graphql", "locations", "geofence", "manage"))
    vin = _vin(ctx)
    if kind == "trace":
        lat, lon, ts = ctx.rng.uniform(35, 60), ctx.rng.uniform(-120, 30), _epoch_ms(ctx) // 1000
        points = []
        for i in range(ctx.rng.randint(3, 20)):
            lat, lon = lat + ctx.rng.uniform(-0.002, 0.002), lon + ctx.rng.uniform(-0.003, 0.003)
            p: dict[str, Any] = {
                "ts": ts + 10 * i,
                "lat": round(lat, 6),
                "lon": round(lon, 6),
                "speedKph": ctx.rng.randint(0, 110),
                "heading": ctx.rng.randint(0, 359),
                "hdop": round(ctx.rng.uniform(0.6, 3), 1),
                "ignition": True,
                "odoKm": round(ctx.rng.uniform(1000, 900000), 1),
            }
            if i == 0:
                p["driverId"] = j(ctx, "[0].driverId", ctx.pick((f"DRV-{ctx.rng.randint(100, 9999)}", ctx.fake.user_name())))
                p["event"] = j(ctx, "[0].event", ctx.pick(("trip_start", "harsh_braking", "speeding > 90", "idle > 10 min")))
            points.append(p)
        return req(
            "POST",
            f"/telematix/api/v2/trips/{seg(ctx, 'trip', v.hex_token(ctx, 24))}/points",
            headers_for(ctx, "sdk", content_type="application/json", auth="apikey"),
            body=dumps(ctx, points),
        )
    if kind == "obd":
        dtcs = ctx.rng.sample(_DTCS, ctx.rng.randint(1, 3))
        body: dict[str, Any] = {
            "vin": vin,
            "mil": ctx.chance(0.6),
            "protocol": ctx.pick(("ISO 15765-4 CAN (11/500)", "SAE J1939")),
            "dtcs": [
                {
                    "code": j(ctx, f"dtcs[{i}].code", c) if i == 0 else c,
                    "description": j(ctx, f"dtcs[{i}].description", d) if i == 0 else d,
                    "status": ctx.pick(("pending", "confirmed", "permanent")),
                }
                for i, (c, d) in enumerate(dtcs)
            ],
            "freezeFrame": {
                "rpm": ctx.rng.randint(700, 4000),
                "coolantC": ctx.rng.randint(60, 110),
                "loadPct": ctx.rng.randint(5, 95),
                "fuelTrimPct": round(ctx.rng.uniform(-15, 25), 1),
            },
            "pids": {"010C": ctx.rng.randint(700, 4000), "010D": ctx.rng.randint(0, 120), "0105": ctx.rng.randint(60, 110)},
        }
        return req(
            "POST",
            f"/telematix/api/v2/vehicles/{seg(ctx, 'vin', vin)}/diagnostics",
            headers_for(ctx, "sdk", content_type="application/json", auth="apikey"),
            body=dumps(ctx, body),
        )
    if kind == "note":
        if ctx.chance(0.5):  # the driver app
            body = {
                "vehicleId": vin,
                "tripId": v.hex_token(ctx, 24),
                "category": ctx.pick(("delivery", "vehicle_issue", "route", "fuel")),
                "text": j(ctx, "text", _driver_note(ctx)),
                "location": {"lat": round(ctx.rng.uniform(35, 60), 5), "lon": round(ctx.rng.uniform(-120, 30), 5)},
            }
            return req("POST", "/telematix/api/v2/driver/notes", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
        fields = [
            ("csrf_token", v.alnum_token(ctx, 40)),
            ("note[vehicle]", ctx.pick(("Truck 12", "VAN-07 (Sprinter)", f"{ctx.fake.last_name()}'s van"))),
            ("note[driver]", _name(ctx)),
            ("note[body]", _driver_note(ctx)),
            ("note[priority]", ctx.pick(("low", "normal", "urgent"))),
        ]
        return req("POST", "/telematix/dispatch/notes", form_headers(ctx, "/telematix/dispatch/board"), body=form(ctx, fields, fixed=("csrf_token",)))
    if kind == "inspection":  # DVIR from the tablet in the cab
        fields = [
            ("vehicle_id", vin),
            ("odometer_km", str(ctx.rng.randint(1000, 900000))),
            ("type", ctx.pick(("pre_trip", "post_trip"))),
            ("defects", ctx.pick(("", 'brakes: slack adjuster > 1" stroke; lights: marker lamp out (rear left)', 'Windshield chip -- passenger side, < 1/2"'))),
            ("remarks", _driver_note(ctx)),
            ("signed_by", _name(ctx)),
        ]
        ctype, body2 = multipart(ctx, fields, [empty_file("photo")] if ctx.chance(0.6) else [])
        return req("POST", "/telematix/api/v2/inspections", headers_for(ctx, "mobile", content_type=ctype, auth="jwt"), body=body2)
    if kind == "graphql":
        body = {
            "operationName": "VehicleLocations",
            "query": _GQL_FLEET,
            "variables": {
                "tags": [j(ctx, "variables.tags[0]", ctx.pick(("reefer", "north-depot", "hazmat", "O'Connor Logistics")))],
                "search": j(ctx, "variables.search", ctx.pick(("", vin[:8], "Truck 1", "van -- spare"))),
                "since": v.iso_datetime(ctx),
            },
        }
        return req("POST", "/telematix/graphql", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "locations":
        pairs = [
            ("from", v.iso_datetime(ctx)),
            ("to", v.iso_datetime(ctx)),
            ("bbox", f"{ctx.rng.uniform(-10, 0):.4f},{ctx.rng.uniform(40, 50):.4f},{ctx.rng.uniform(0, 10):.4f},{ctx.rng.uniform(50, 60):.4f}"),
            ("fields", "lat,lon,speedKph,ignition"),
            ("format", ctx.pick(("json", "geojson"))),
        ]
        return req(
            ctx.pick(("GET", "GET", "HEAD")),
            f"/telematix/api/v2/vehicles/{seg(ctx, 'vin', vin)}/locations",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"),
            qs(ctx, pairs, fixed=("fields",)),
        )
    if kind == "geofence":
        lon, lat = ctx.rng.uniform(-10, 20), ctx.rng.uniform(40, 58)
        ring = [
            [round(lon, 5), round(lat, 5)],
            [round(lon + 0.01, 5), round(lat, 5)],
            [round(lon + 0.01, 5), round(lat + 0.008, 5)],
            [round(lon, 5), round(lat, 5)],
        ]
        body = {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {
                "name": j(ctx, "properties.name", ctx.pick(("Depot -- North yard", "Customer: Müller & Söhne GmbH", "No-idle zone (school)"))),
                "alertOn": ctx.pick((["enter"], ["exit"], ["enter", "exit"])),
                "dwellMinutes": ctx.pick((0, 15, 30)),
            },
        }
        return req(
            "PUT",
            f"/telematix/api/v2/geofences/{seg(ctx, 'geofence', str(rid(ctx)))}",
            headers_for(ctx, "xhr", content_type="application/geo+json", auth="jwt", extra=(("If-Match", f'W/"{ctx.rng.randint(1, 60)}"'),)),
            body=dumps(ctx, body),
        )
    r = ctx.rng.random()
    if r < 0.4:
        return req("DELETE", f"/telematix/api/v2/geofences/{seg(ctx, 'geofence', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
    if r < 0.7:
        return req(
            "GET",
            "/telematix/api/v2/reports/ifta.csv",
            headers_for(ctx, "nav", cookies=True),
            qs(ctx, [("quarter", f"{ctx.rng.randint(2022, 2025)}-Q{ctx.rng.randint(1, 4)}"), ("jurisdiction", ctx.pick(("", "ON", "TX", "CA")))]),
        )
    return preflight(ctx, "/telematix/graphql", ("POST",), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# Smart-building BMS: BACnet points, oBIX writes, schedules, setpoints, work-order comments, Haystack
# --------------------------------------------------------------------------


def _point(ctx: Ctx) -> str:
    """A BMS point name: building / floor / equipment / point, as integrators name them."""
    bldg, floor = ctx.pick(("B2", "TowerA", "HQ", "Bldg-7")), ctx.rng.randint(1, 12)
    return ctx.pick(
        (
            f"{bldg}.FL{floor}.VAV-{floor}{ctx.rng.randint(1, 40):02d}.ZN-T",
            f"{bldg}.AHU-{ctx.rng.randint(1, 6)}.SA-T-SP",
            f"{bldg}_FL{floor}_FCU-{ctx.rng.randint(1, 30)}_OCC-CMD",
            f"{bldg}.CH-{ctx.rng.randint(1, 3)}.CHWS-T",
            f"{bldg}.BLR-1.HW-ST-SP",
            f"{bldg}/FL{floor}/RM{floor}{ctx.rng.randint(1, 60):02d}/CO2",
        )
    )


def _bacnet_obj(ctx: Ctx) -> str:
    return f"{ctx.pick(('analog-value', 'analog-input', 'binary-output', 'multi-state-value', 'schedule'))}:{ctx.rng.randint(0, 400)}"


def _bms_comment(ctx: Ctx) -> str:
    return ctx.pick(
        (
            f"Tenant on {ctx.rng.randint(2, 12)}F says it's too cold -- raised the setpoint by 1°F; revert after 17:00. Don't drop below 68°F (lease clause).",
            "Replaced belt on AHU-2 supply fan; VFD showed 'OC2' fault -- reset & monitoring. Filter ΔP at 1.2\" w.c. -- order MERV-13 24x24x2.",
            f"Chiller {ctx.rng.randint(1, 3)} short-cycling; CHWS-T < 5.5°C trips low-temp. Contractor ({ctx.fake.company()}) on site Tue 07:00.",
            "Override released -- please select 'auto' again; the schedule's priority 16 value was being masked by priority 8.",
            f"VAV damper stuck at 100%; actuator replaced (Belimo LMB24-3-T). Ticket #{ctx.rng.randint(1000, 99999)} -- {_name(ctx)}.",
            user_note(ctx),
            v.prose(ctx, 1, 3, trap_rate=0.4),
        )
    )


def _haystack_filter(ctx: Ctx) -> str:
    return ctx.pick(
        (
            'point and his and siteRef->dis=="Tower B" and not disabled',
            "equip and ahu and floor==3",
            'point and sensor and temp and zone and equipRef->navName=="VAV-312"',
            'point and writable and kind=="Number" and (sp or cmd)',
            "site and area > 10000ft²",
        )
    )


@template("train", ("/bmsdesk/",), weight=1.1)
def bmsdesk_building(ctx: Ctx) -> Request:
    """BMS: oBIX point writes (XML), schedules (JSON), setpoint forms, alarm acks, work-order comments, trends and Haystack
    filters, point-list imports (CSV)."""
    kind = ctx.pick(("obix", "obix", "schedule", "setpoint", "comment", "alarm", "read", "import", "manage"))
    point = _point(ctx)
    if kind == "obix":
        val = ctx.pick((f"{ctx.rng.uniform(16, 26):.1f}", f"{ctx.rng.uniform(5, 14):.1f}", str(ctx.rng.randint(0, 100))))
        reason = enc_xml(str(ctx.slot("xml", "obix.reason", _bms_comment(ctx))))
        val_x = enc_xml(str(ctx.slot("xml", "obix.value", val)))
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<obj is="obix:WritePointIn" xmlns="http://obix.org/ns/schema/1.0">\n'
            f'  <real name="value" val="{val_x}" unit="obix:units/{ctx.pick(("celsius", "percent", "fahrenheit"))}"/>\n'
            f'  <int name="priority" val="{ctx.pick((8, 10, 16))}"/>\n  <reltime name="duration" val="PT{ctx.pick((1, 2, 4, 8))}H"/>\n'
            f'  <str name="bacnetObject" val="{_bacnet_obj(ctx)}"/>\n  <str name="reason">{reason}</str>\n</obj>\n'
        )
        path = "/bmsdesk/obix/config/Drivers/BacnetNetwork/" + point.replace(".", "/").replace("_", "/") + "/set/"
        return req("POST", path, headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctx.pick(("application/xml", "text/xml")), auth="basic"), body=body)
    if kind == "schedule":
        days = {
            d: [{"start": ctx.pick(("06:00", "06:30", "07:00")), "end": ctx.pick(("18:00", "19:30", "22:00")), "value": "occupied"}]
            for d in ("mon", "tue", "wed", "thu", "fri")
        }
        days |= {"sat": [{"start": "08:00", "end": "13:00", "value": "occupied"}] if ctx.chance(0.3) else [], "sun": []}
        body2: dict[str, Any] = {
            "object": f"schedule:{ctx.rng.randint(0, 40)}",
            "name": j(ctx, "name", ctx.pick(("FL3 east -- offices", "Gym & lobby", v.short_text(ctx)))),
            "weekly": days,
            "default": "unoccupied",
            "exceptions": [
                {
                    "name": j(ctx, "exceptions[0].name", ctx.pick(("Christmas Eve -- half day", "Tenant fit-out (FL4) -- weekend works", "Bank holiday"))),
                    "date": v.iso_date(ctx),
                    "periods": [{"start": "00:00", "end": "13:00", "value": "occupied"}],
                    "priority": ctx.rng.randint(1, 16),
                }
            ],
        }
        return req(
            "PUT",
            f"/bmsdesk/api/schedules/{seg(ctx, 'schedule', str(ctx.rng.randint(1, 400)))}",
            headers_for(ctx, "xhr", content_type="application/json", auth="jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 12)}"'),)),
            body=dumps(ctx, body2),
        )
    if kind == "setpoint":
        fields = [
            ("csrf", v.alnum_token(ctx, 32)),
            ("point", point),
            ("value", ctx.pick(("21.5", "72", "off", "auto"))),
            ("priority", ctx.pick(("8", "10", "16"))),
            ("duration", ctx.pick(("1h", "4h", "until next schedule change", ""))),
            ("reason", _bms_comment(ctx)),
        ]
        return req("POST", "/bmsdesk/points/write", form_headers(ctx, "/bmsdesk/graphics/floor-3"), body=form(ctx, fields, fixed=("csrf",)))
    if kind == "comment":
        if ctx.chance(0.7):
            body2 = {
                "body": j(ctx, "body", _bms_comment(ctx)),
                "visibility": ctx.pick(("internal", "tenant")),
                "points": [point],
                "timeSpentMin": ctx.pick((15, 30, 90)),
            }
            return req(
                "POST",
                f"/bmsdesk/api/workorders/{seg(ctx, 'workorder', 'WO-' + str(ctx.rng.randint(1000, 99999)))}/comments",
                headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"),
                body=dumps(ctx, body2),
            )
        ctype, body = multipart(
            ctx, [("comment", _bms_comment(ctx)), ("status", ctx.pick(("in_progress", "waiting_parts", "done")))], [empty_file("attachment")]
        )
        return req(
            "POST",
            f"/bmsdesk/workorders/{seg(ctx, 'workorder', str(ctx.rng.randint(1000, 99999)))}/update",
            form_headers(ctx, "/bmsdesk/workorders", ctype),
            body=body,
        )
    if kind == "alarm":
        body2 = {
            "state": ctx.pick(("acknowledged", "shelved")),
            "comment": j(ctx, "comment", ctx.pick(("Known -- sensor drift, tech booked", "False alarm: door propped for delivery", _bms_comment(ctx)))),
            "shelveUntil": v.iso_datetime(ctx) if ctx.chance(0.3) else None,
        }
        return req(
            "PATCH", f"/bmsdesk/api/alarms/{seg(ctx, 'alarm', str(rid(ctx)))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2)
        )
    if kind == "read":
        if ctx.chance(0.5):
            pairs = [
                ("points[]", point),
                ("points[]", _point(ctx)),
                ("start", v.iso_datetime(ctx)),
                ("end", v.iso_datetime(ctx)),
                ("rollup", ctx.pick(("15min", "1h", "raw"))),
            ]
            return req("GET", "/bmsdesk/api/trends", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs))
        return req(
            "GET",
            "/bmsdesk/haystack/read",
            headers_for(ctx, ctx.pick(("sdk", "xhr")), auth="basic", accept=ctx.pick(("application/json", "text/zinc"))),
            qs(ctx, [("filter", _haystack_filter(ctx)), ("limit", ctx.pick((100, 1000)))], fixed=("limit",)),
        )
    if kind == "import":
        rows: list[list[Any]] = [["Point name", "BACnet object", "Device instance", "Units", "Description"]]
        for i in range(ctx.rng.randint(2, 20)):
            desc = ctx.pick(("Zone temp", "Supply air temp setpoint", 'Occupancy cmd ("occ"/"unocc")', "CO2, ppm -- RM 312", "Chilled water supply temp"))
            name = _point(ctx)
            if i == 0:
                name, desc = ctx.slot("multipart", "csv.point", name), ctx.slot("multipart", "csv.description", desc)
            rows.append([name, _bacnet_obj(ctx), ctx.rng.randint(1000, 400000), ctx.pick(("°C", "%", "ppm", "°F")), desc])
        ctype, body = multipart(
            ctx,
            [("site", ctx.pick(("Tower A", "HQ -- Bldg 2"))), ("mode", ctx.pick(("merge", "replace")))],
            [("file", ctx.pick(("points.csv", "BACnet export (FL3).csv")), "text/csv", csv_text(rows))],
        )
        return req("POST", "/bmsdesk/api/points/import", site_headers(ctx, "xhr", ctype, "jwt"), body=body)
    r = ctx.rng.random()
    if r < 0.45:
        return req(
            "DELETE",
            f"/bmsdesk/api/points/{seg(ctx, 'point', point)}/override",
            headers_for(ctx, "xhr", auth="jwt"),
            qs(ctx, [("priority", ctx.pick(("8", "10")))]),
        )
    if r < 0.7:
        return req("HEAD", f"/bmsdesk/api/points/{seg(ctx, 'point', point)}", headers_for(ctx, "sdk", auth="basic"))
    return preflight(ctx, "/bmsdesk/api/alarms", ("PATCH",), ("authorization,content-type",))


# --------------------------------------------------------------------------
# Mobile app analytics: event batches, crash reports with breadcrumbs, mapping uploads, config
# --------------------------------------------------------------------------

_SCREENS = (
    "CheckoutViewController",
    "ProductDetail/ReviewsTab",
    "HomeFeedFragment",
    "SettingsScreen",
    "OnboardingStep3",
    "CartFragment",
    "SearchResults (filters open)",
    "/orders/:id",
    "ProfileEditActivity",
)
_EVENTS = ("Product Searched", "Screen Viewed", "Add to Cart", "Checkout Started", "Push Opened", "Signed In", "Rage Tap")


def _stack(ctx: Ctx) -> tuple[str, str, str]:
    """(type, message, trace) of an app crash as the SDK captures it."""
    pkg = ctx.pick(("com.acme.shop", "io.getfit.app", "de.stadtwerke.mobil"))
    return ctx.pick(
        (
            (
                "java.lang.NullPointerException",
                f"Attempt to invoke virtual method 'java.lang.String {pkg}.model.Cart.getId()' on a null object reference",
                f"\tat {pkg}.ui.CartFragment.onResume(CartFragment.kt:142)\n\tat androidx.fragment.app.Fragment.performResume(Fragment.java:3180)\n"
                "\tat android.os.Handler.dispatchMessage(Handler.java:106)\n\tat android.os.Looper.loop(Looper.java:223)",
            ),
            (
                "android.database.sqlite.SQLiteException",
                "no such column: updated_at (code 1 SQLITE_ERROR): , while compiling: "
                "SELECT id, name, price FROM products WHERE category = ? ORDER BY updated_at DESC",
                "\tat android.database.sqlite.SQLiteConnection.nativePrepareStatement(Native Method)\n"
                f"\tat {pkg}.data.ProductDao_Impl.byCategory(ProductDao_Impl.java:211)",
            ),
            (
                "android.database.sqlite.SQLiteConstraintException",
                "UNIQUE constraint failed: cart_items.sku (code 2067 SQLITE_CONSTRAINT_UNIQUE)",
                "\tat android.database.sqlite.SQLiteStatement.executeInsert(SQLiteStatement.java:90)\n"
                f"\tat {pkg}.data.CartDao_Impl.insert(CartDao_Impl.java:88)",
            ),
            (
                "EXC_BAD_ACCESS",
                "KERN_INVALID_ADDRESS at 0x0000000000000010",
                "0  ShopKit  0x0000000104a1c3f4 CheckoutViewController.viewDidLoad() + 212\n"
                "1  UIKitCore  0x00000001a2b1c0e8 -[UIViewController _sendViewDidLoadWithAppearanceProxyObjectTaggingEnabled] + 84",
            ),
            (
                "FlutterError",
                "RenderFlex overflowed by 42 pixels on the bottom.",
                "#0      RenderFlex.performLayout (package:flutter/src/rendering/flex.dart:911:7)\n"
                "#1      _HomeFeedState.build (package:getfit/screens/home_feed.dart:88:12)",
            ),
            (
                "SyntaxError",
                "JSON Parse error: Unexpected token '<' (server returned an HTML error page)",
                "at parse (native)\nat apiClient.js:57:22\nat tryCallOne (InternalBytecode.js:53:16)",
            ),
        )
    )


def _breadcrumbs(ctx: Ctx) -> list[dict[str, Any]]:
    out = []
    for _ in range(ctx.rng.randint(2, 7)):
        out.append(
            ctx.pick(
                (
                    {"category": "navigation", "message": f"{ctx.pick(_SCREENS)} -> {ctx.pick(_SCREENS)}"},
                    {
                        "category": "http",
                        "data": {
                            "method": ctx.pick(("GET", "POST")),
                            "url": f"https://api.{ctx.en.domain_name()}/v3/{ctx.pick(('cart', 'orders', 'search'))}?q={ctx.en.word()}",
                            "status_code": ctx.pick((200, 401, 500, 504)),
                        },
                    },
                    {"category": "ui.tap", "message": ctx.pick(("Button 'Place order'", "Cell #3 in 'Recently viewed'", "Switch 'Dark mode'"))},
                    {"category": "sqlite", "message": "UPDATE cart_items SET qty = ? WHERE sku = ?"},
                    {
                        "category": "console",
                        "level": "warning",
                        "message": ctx.pick(("Image cache > 200 MB, trimming", "token refresh: 401, retrying once", v.sentence(ctx))),
                    },
                )
            )
            | {"timestamp": _epoch_ms(ctx) / 1000}
        )
    return out


def _app_context(ctx: Ctx) -> dict[str, Any]:
    ios = ctx.chance(0.5)
    return {
        "app": {"name": ctx.pick(("ShopKit", "GetFit", "Stadtwerke Mobil")), "version": _semver(ctx, 9), "build": str(ctx.rng.randint(100, 9999))},
        "device": {
            "manufacturer": "Apple" if ios else ctx.pick(("samsung", "Google", "Xiaomi")),
            "model": ctx.pick(("iPhone15,2", "iPad13,4")) if ios else ctx.pick(("SM-S918B", "Pixel 8", "M2101K6G")),
        },
        "os": {"name": "iOS" if ios else "Android", "version": ctx.pick(("17.4.1", "16.7.8")) if ios else ctx.pick(("14", "13", "12"))},
        "locale": ctx.locale.replace("_", "-"),
        "timezone": ctx.fake.timezone(),
        "network": {"wifi": ctx.chance(0.6), "carrier": ctx.pick(("Vodafone", "T-Mobile", "docomo", ""))},
    }


@template("train", ("/appmetrics/",), weight=1.1)
def appmetrics_batch(ctx: Ctx) -> Request:
    """App analytics: event batches (screens, searches), crash reports with breadcrumbs and stack traces, ProGuard mapping
    uploads, remote config, GDPR deletes."""
    kind = ctx.pick(("batch", "batch", "crash", "crash", "mapping", "config", "explore", "explore", "optout", "manage"))
    if kind == "batch":
        anon = ctx.fake.uuid4()
        events: list[dict[str, Any]] = []
        for i in range(ctx.rng.randint(1, 10)):
            ev: dict[str, Any] = {"type": ctx.pick(("screen", "track")), "messageId": ctx.fake.uuid4(), "anonymousId": anon, "timestamp": v.iso_datetime(ctx)}
            if ev["type"] == "screen":
                ev["name"] = j(ctx, f"batch[{i}].name", ctx.pick(_SCREENS)) if i == 0 else ctx.pick(_SCREENS)
            else:
                ev["event"] = ctx.pick(_EVENTS)
                ev["properties"] = {
                    "query": j(
                        ctx,
                        f"batch[{i}].properties.query",
                        ctx.pick((v.tricky_search(ctx), "select comfort mattress", "drop-down menu bug", "O'Neill wetsuit")),
                    )
                    if i == 0
                    else ctx.en.word(),
                    "results": ctx.rng.randint(0, 300),
                    "source": ctx.pick(("search_bar", "voice", "deeplink")),
                }
            events.append(ev)
        body = {"batch": events, "context": _app_context(ctx), "sentAt": v.iso_datetime(ctx)}
        return req(
            "POST",
            "/appmetrics/v2/batch",
            headers_for(ctx, "mobile", content_type="application/json", auth=ctx.pick(("basic", "apikey"))),
            body=dumps(ctx, body),
        )
    if kind == "crash":
        etype, msg, trace = _stack(ctx)
        body = {
            "eventId": v.hex_token(ctx, 32),
            "platform": ctx.pick(("java", "cocoa", "dart", "javascript")),
            "level": "fatal",
            "release": f"shopkit@{_semver(ctx, 9)}+{ctx.rng.randint(100, 9999)}",
            "exception": {"type": etype, "value": j(ctx, "exception.value", msg), "stacktrace": j(ctx, "exception.stacktrace", trace)},
            "breadcrumbs": _breadcrumbs(ctx),
            "contexts": _app_context(ctx),
            "user": {"id": str(rid(ctx)), "segment": ctx.pick(("free", "premium"))},
            "tags": {"screen": j(ctx, "tags.screen", ctx.pick(_SCREENS)), "feature_flag": ctx.pick(("new_checkout=on", "feed_v2=off"))},
        }
        if ctx.chance(0.3):
            body["userFeedback"] = j(
                ctx,
                "userFeedback",
                ctx.pick(("App closed when I tapped 'Place order' -- twice!", "crashes every time i open my orders :( iPhone 13", user_note(ctx))),
            )
        return req("POST", "/appmetrics/v2/crashes", headers_for(ctx, "mobile", content_type="application/json", auth="apikey"), body=dumps(ctx, body))
    if kind == "mapping":  # CI uploads the R8/ProGuard mapping for a release
        pkg = ctx.pick(("com.acme.shop", "io.getfit.app"))
        mapping = (
            f"# compiler: R8\n# compiler_version: 8.{ctx.rng.randint(1, 5)}.{ctx.rng.randint(1, 40)}\n# pg_map_id: {v.hex_token(ctx, 7)}\n"
            f"{pkg}.ui.CartFragment -> a.b.c:\n    int itemCount -> a\n    1:1:void onResume():142:142 -> onResume\n"
            f"{pkg}.data.ProductDao_Impl -> a.c.d:\n    java.util.List byCategory(java.lang.String) -> a\n"
            f"{pkg}.model.Cart -> a.e:\n    java.lang.String getId() -> b\n"
        )
        fields = [
            ("version", _semver(ctx, 9)),
            ("build", str(ctx.rng.randint(100, 9999))),
            ("platform", "android"),
            ("note", ctx.pick(("", "release build -- minifyEnabled true", v.sentence(ctx)))),
        ]
        ctype, body2 = multipart(ctx, fields, [("file", "mapping.txt", "text/plain", mapping)])
        return req("POST", f"/appmetrics/v2/apps/{seg(ctx, 'app', pkg)}/mappings", headers_for(ctx, "sdk", content_type=ctype, auth="jwt"), body=body2)
    if kind == "config":
        pairs = [
            ("app_id", ctx.pick(("com.acme.shop", "io.getfit.app"))),
            ("platform", ctx.pick(("ios", "android"))),
            ("sdk_version", _semver(ctx, 5)),
            ("country", ctx.fake.country_code()),
            ("segment", ctx.pick(("free", "premium", "beta"))),
        ]
        return req("GET", "/appmetrics/v2/config", headers_for(ctx, "mobile", auth="apikey"), qs(ctx, pairs))
    if kind == "explore":  # the analytics dashboard: an event query with a JSON `where`
        where = {
            "event": ctx.pick(_EVENTS),
            "properties.query": {"$contains": ctx.slot("json_query", "where.query", ctx.pick(("select", "drop-down", "O'Neill")))},
            "context.app.version": {"$gte": _semver(ctx, 9)},
        }
        q = (
            qs(ctx, [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("group_by", ctx.pick(("context.os.name", "properties.source")))])
            + "&"
            + json_param(ctx, "where", where)
        )
        return req("GET", "/appmetrics/v2/events", headers_for(ctx, "xhr", auth="jwt", cookies=True), q)
    if kind == "optout":  # the privacy page on the website
        fields = [
            ("email", ctx.fake.email()),
            ("device_id", ctx.pick(("", ctx.fake.uuid4()))),
            ("reason", ctx.pick(("", "Please delete everything -- GDPR Art. 17", v.sentence(ctx)))),
        ]
        return req("POST", "/appmetrics/privacy/opt-out", form_headers(ctx, "/appmetrics/privacy"), body=form(ctx, fields))
    r = ctx.rng.random()
    if r < 0.35:
        return req(
            "DELETE",
            f"/appmetrics/v2/users/{seg(ctx, 'user', str(rid(ctx)))}",
            headers_for(ctx, "sdk", auth="jwt"),
            qs(ctx, [("cascade", "true")], fixed=("cascade",)),
        )
    if r < 0.7:
        body = {
            "userId": str(rid(ctx)),
            "anonymousId": ctx.fake.uuid4(),
            "traits": {"name": j(ctx, "traits.name", _name(ctx)), "email": j(ctx, "traits.email", ctx.fake.email()), "plan": ctx.pick(("free", "premium"))},
        }
        return req("POST", "/appmetrics/v2/identify", headers_for(ctx, "mobile", content_type="application/json", auth="basic"), body=dumps(ctx, body))
    return preflight(ctx, "/appmetrics/v2/batch", ("POST",), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# 3D-printer farm: G-code uploads, printer commands, slicer profiles (INI), queue, operator notes
# --------------------------------------------------------------------------


def _gcode(ctx: Ctx, message: str) -> str:
    """The start of a sliced file: the slicer's header comments, heat-up, homing, a purge line and the first moves."""
    hotend, bed = ctx.pick((205, 215, 230, 245)), ctx.pick((55, 60, 85, 100))
    lines = [
        f"; generated by {ctx.pick(('PrusaSlicer 2.7.1+linux-x64-GTK3', 'OrcaSlicer 2.0.0', 'Cura_SteamEngine 5.6.0'))} on {v.iso_date(ctx)}",
        f"; filament_type = {ctx.pick(('PLA', 'PETG', 'ABS', 'TPU'))}",
        f"; layer_height = {ctx.pick(('0.2', '0.15', '0.28'))}",
        f"; estimated printing time (normal mode) = {ctx.rng.randint(0, 20)}h {ctx.rng.randint(0, 59)}m",
        "M73 P0 R120",
        f"M140 S{bed} ; set bed temp",
        f"M104 S{hotend} ; set hotend",
        "G28 ; home all axes",
        "G29 ; mesh bed leveling",
        f"M190 S{bed} ; wait for bed",
        f"M109 S{hotend} ; wait for hotend",
        f"M117 {message}",
        "G92 E0",
        "G1 Z0.3 F720",
        "G1 X5 Y10 F3000",
        "G1 X5 Y180 E15 F1500 ; purge line",
        "G92 E0",
        ";LAYER_CHANGE",
        ";Z:0.2",
    ]
    x, y = 100.0, 100.0
    for _ in range(ctx.rng.randint(8, 40)):
        x, y = x + ctx.rng.uniform(-8, 8), y + ctx.rng.uniform(-8, 8)
        lines.append(f"G1 X{x:.3f} Y{y:.3f} E{ctx.rng.uniform(0.01, 0.9):.5f}")
    return "\n".join(lines) + "\n"


def _slicer_ini(ctx: Ctx, note: str) -> str:
    """A PrusaSlicer-style profile bundle section: key = value, with G-code macros escaped on one line."""
    name = ctx.pick(("0.20mm QUALITY @MK4 -- farm", "PETG fast (0.6 nozzle)", "Bambu PLA Basic @voron"))
    return (
        f"# generated by PrusaSlicer 2.7.1 on {v.iso_date(ctx)}\n[print:{name}]\nlayer_height = {ctx.pick(('0.2', '0.15', '0.3'))}\n"
        f"perimeters = {ctx.rng.randint(2, 4)}\n"
        f"fill_density = {ctx.rng.randint(10, 40)}%\nfill_pattern = {ctx.pick(('gyroid', 'grid', 'cubic'))}\nsupport_material = {ctx.rng.randint(0, 1)}\n"
        f"notes = {note}\n\n[filament:{ctx.pick(('Generic PETG', 'Prusament PLA Galaxy Black'))}]\ntemperature = {ctx.pick((215, 240))}\n"
        f"bed_temperature = {ctx.pick((60, 85))}\n"
        'start_filament_gcode = "M900 K{if nozzle_diameter[0]==0.6}0.04{else}0.05{endif} ; Filament gcode"\n\n'
        f"[printer:Farm MK4 #{ctx.rng.randint(1, 40)}]\nbed_shape = 0x0,250x0,250x210,0x210\n"
        "start_gcode = M140 S[first_layer_bed_temperature]\\nM104 S[first_layer_temperature]\\nG28 ; home\\nG29 ; mesh\\n"
        "{if layer_z < 0.3}M117 First layer...{endif}\n"
        "end_gcode = M104 S0\\nM140 S0\\nG91\\nG1 Z10 F720 ; lift\\nG90\\nM84 ; motors off\n"
    )


def _print_note(ctx: Ctx) -> str:
    return ctx.pick(
        (
            f"Print 8x on the PETG printers only -- customer {_name(ctx)} wants 'black, not galaxy black'.",
            "Warped corner on plate 2; raise bed to 90°C & add brim 5 mm. Don't use the textured sheet.",
            "Spaghetti at 43% (layer 112) -- nozzle clog? Cold-pulled, reprinting. Select printer #7 instead of #3.",
            f"Rush order: due {v.iso_date(ctx)}; 0.6 mm nozzle, 20% gyroid, supports from build plate only.",
            user_note(ctx),
            v.prose(ctx, 1, 2, trap_rate=0.4),
        )
    )


@template("train", ("/printfarm/",), weight=1.1)
def printfarm_manager(ctx: Ctx) -> Request:
    """Print farm: G-code uploads (multipart and raw), printer and job commands, slicer profiles (INI), the job queue, operator notes."""
    kind = ctx.pick(("upload", "upload", "gcode_put", "command", "job", "profile", "queue", "note", "manage"))
    printer = ctx.pick(("mk4-01", "voron-2.4-a", "x1c-07", "ender3-s1-12", f"prn-{ctx.rng.randint(1, 40):02d}"))
    fname = ctx.pick(("bracket_v3.gcode", "Benchy 0.2mm PLA.gcode", "enclosure-lid_PETG_2h13m.gcode", "gear (rev B)_0.15mm.gcode", "Halterung_Wand_x8.gcode"))
    octo = (("X-Api-Key", v.hex_token(ctx, 32).upper()),)  # OctoPrint-style API key
    if kind == "upload":
        fields = [
            ("select", ctx.pick(("true", "false"))),
            ("print", ctx.pick(("false", "true"))),
            ("path", ctx.pick(("", "customers/acme", "jobs/2025-06/O'Neill order", "tests"))),
        ]
        ctype, body = multipart(
            ctx, fields, [("file", fname, "application/octet-stream", _gcode(ctx, ctx.pick(("Printing...", "Plate 1/3", "ACME bracket x8"))))]
        )
        return req(
            "POST", f"/printfarm/api/printers/{printer}/files/local", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctype, extra=octo), body=body
        )
    if kind == "gcode_put":
        message = str(ctx.slot("multipart", "gcode.M117", ctx.pick(("Printing part 3/8", "Hi Zoë :)", "Job #1142 -- don't touch", v.sentence(ctx)[:40]))))
        return req(
            "PUT",
            f"/printfarm/api/printers/{seg(ctx, 'printer', printer)}/files/local/{fname.replace(' ', '%20')}",
            headers_for(ctx, "sdk", content_type=ctx.pick(("text/x-gcode", "text/x-gcode; charset=utf-8")), extra=octo),
            body=_gcode(ctx, message),
        )
    if kind == "command":
        cmds = ctx.pick(
            (
                ["G28", "G1 Z50 F600"],
                ["M106 S255", "M117 Cooling..."],
                ["M104 S0", "M140 S0", "M84"],
                ["M503"],
                ["M600 ; filament change"],
                ["G91", "G1 E-5 F300", "G90"],
                ["M500 ; save settings"],
            )
        )
        cmds = [j(ctx, "commands[0]", cmds[0])] + cmds[1:]
        return req(
            "POST",
            f"/printfarm/api/printers/{seg(ctx, 'printer', printer)}/command",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", extra=octo),
            body=dumps(ctx, {"commands": cmds}),
        )
    if kind == "job":
        body2: dict[str, Any] = ctx.pick(
            ({"command": "pause", "action": ctx.pick(("pause", "resume", "toggle"))}, {"command": "cancel"}, {"command": "start"}, {"command": "restart"})
        )
        body2 = body2 | {"reason": j(ctx, "reason", ctx.pick(("", "spaghetti detected by camera -- cancel", "layer shift at Z=12.4", _print_note(ctx))))}
        return req(
            "POST", f"/printfarm/api/printers/{seg(ctx, 'printer', printer)}/job", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2)
        )
    if kind == "profile":
        note = str(
            ctx.slot(
                "multipart",
                "ini.notes",
                ctx.pick(("tuned for the farm's MK4s -- 'arachne' walls", "Don't change the z-offset here; set per printer", v.sentence(ctx))),
            )
        )
        if ctx.chance(0.6):
            return req(
                "PUT",
                f"/printfarm/api/profiles/{seg(ctx, 'profile', ctx.pick(('petg-fast', 'pla-quality', 'tpu-95a')))}.ini",
                headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/plain; charset=utf-8", auth="jwt"),
                body=_slicer_ini(ctx, note),
            )
        ctype, body = multipart(
            ctx, [("overwrite", ctx.pick(("true", "false")))], [("bundle", "PrusaSlicer_config_bundle.ini", "application/octet-stream", _slicer_ini(ctx, note))]
        )
        return req("POST", "/printfarm/api/profiles/import", site_headers(ctx, "xhr", ctype, "jwt"), body=body)
    if kind == "queue":
        if ctx.chance(0.5):
            pairs = [
                ("printer", ctx.pick(("", printer))),
                ("status", ctx.pick(("queued", "printing", "failed", "done"))),
                ("q", ctx.pick(("", "bracket", "O'Neill", "PETG && black"))),
            ]
            return req(ctx.pick(("GET", "HEAD")), "/printfarm/api/queue", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs))
        body2 = {
            "file": j(ctx, "file", f"customers/acme/{fname}"),
            "copies": ctx.rng.randint(1, 12),
            "printerGroup": ctx.pick(("petg", "mk4", "any")),
            "material": ctx.pick(("PLA black", "PETG orange", "ASA")),
            "notes": j(ctx, "notes", _print_note(ctx)),
            "dueBy": v.iso_datetime(ctx),
        }
        return req("POST", "/printfarm/api/queue", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "note":
        fields = [
            ("_token", v.alnum_token(ctx, 40)),
            ("note", _print_note(ctx)),
            ("outcome", ctx.pick(("success", "failed", "partial"))),
            ("grams_used", str(ctx.rng.randint(5, 900))),
        ]
        return req(
            "POST", f"/printfarm/queue/{seg(ctx, 'job', str(rid(ctx)))}/notes", form_headers(ctx, "/printfarm/queue"), body=form(ctx, fields, fixed=("_token",))
        )
    r = ctx.rng.random()
    if r < 0.35:
        return req("DELETE", f"/printfarm/api/printers/{printer}/files/local/{seg(ctx, 'file', fname)}", headers_for(ctx, ctx.pick(("xhr", "sdk")), extra=octo))
    if r < 0.7:
        return req(
            "GET",
            f"/printfarm/api/printers/{seg(ctx, 'printer', printer)}/status",
            headers_for(ctx, "sdk", extra=octo),
            qs(ctx, [("exclude", "sd"), ("history", "true")]),
        )
    return preflight(ctx, f"/printfarm/api/printers/{printer}/command", ("POST",), ("content-type,x-api-key",))


DEVICES: tuple[str, ...] = (
    "homecore_automations",
    "flowwire_editor",
    "telemetrix_ingest",
    "otaforge_firmware",
    "telematix_fleet",
    "bmsdesk_building",
    "appmetrics_batch",
    "printfarm_manager",
)
