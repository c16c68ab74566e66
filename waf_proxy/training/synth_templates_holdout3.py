"""A third set of held-out templates ("holdout-3"): twelve more apps unlike any other template.

Written blind to the model's errors (no scores, reports or misclassified
requests were looked at), as a fresh test of whether it learned payloads or
contexts: a fitness-tracker sync API, a public-library lending site, a
ride-hailing app, a restaurant table-reservation widget, an LMS gradebook, a
translation-management API, a game leaderboard, a Q&A site with markdown
answers and code, a spreadsheet autosaving JSON patches, a DNS/hosting control
panel with cron jobs, a calendar API with CalDAV clients, and a pet-adoption
site. Their routes, parameter names and formats (GPX and CalDAV XML,
text/calendar, JSON Patch and merge-patch, CSV and gettext uploads, JSON in a
query parameter, the REPORT method) appear nowhere in the training templates.

They are registered in a group of their own, "holdout3", so that the "train"
and "holdout" groups (and the traffic generated from them) stay exactly as they
were; the names are in `HOLDOUT3` so an evaluation can report them on their own.

Imported at the bottom of `synth_templates` (which registers them); it imports
the rendering helpers from there, so it must not be imported any earlier.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import Request, dumps, form, j, multipart, qs, req, seg, template
from waf_proxy.training.synth_values import Ctx, enc_path, enc_xml, headers_for

GROUP = "holdout3"

HOLDOUT3: tuple[str, ...] = (
    "fitness_sync", "library_lending", "ride_hailing", "table_reservation",
    "lms_gradebook", "translation_strings", "game_leaderboard", "qa_answers",
    "sheet_autosave", "dns_hosting_panel", "calendar_events", "pet_adoption",
)

_TIMEZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "America/Sao_Paulo", "Europe/London",
              "Australia/Sydney", "Asia/Kolkata", "America/Los_Angeles", "Europe/Paris", "UTC")


def _lat_lng(ctx: Ctx) -> tuple[float, float]:
    return float(ctx.fake.latitude()), float(ctx.fake.longitude())


def _one_line_address(ctx: Ctx) -> str:
    return ctx.fake.address().replace("\n", ", ")


# --------------------------------------------------------------------------
# Fitness tracker
# --------------------------------------------------------------------------

_ACTIVITY_TYPES = ("run", "ride", "swim", "walk", "hike", "strength", "yoga", "rowing", "trail_run", "virtual_ride")


def _workout_title(ctx: Ctx) -> str:
    return ctx.pick((
        "Morning Run", "Lunch ride 🚴", "Parkrun PB!!", "Z2 easy -- 45'", "Intervals 6x800 @ 5k pace", "Leg day 💪",
        "Sortie vélo du dimanche", "Laufen am Abend", "朝ラン", "Вечерняя пробежка", "Long run w/ Sam & Priya",
        f"{ctx.fake.city()} loop", "Recovery jog (legs dead)", "Tempo 3x2k", "Pool 2.5k -- 100s on 1:50", v.short_text(ctx), v.short_text(ctx),
    ))


def _workout_note(ctx: Ctx) -> str:
    return ctx.pick((
        "Warm-up 10', then 5x(3' @ Z4 / 2' easy), cool-down. HR strap dropped out at ~min 22 -- ignore the spike to 212.",
        "Felt strong; left knee a bit sore after km 8 (2/10 pain). Ice + rest tomorrow.",
        "Treadmill: 1% incline, 12 km/h -> 13.5 km/h for the last 10 min.",
        "Squat 5x5 @ 80kg, bench 3x8 @ 55kg, deadlift 1x5 @ 110kg -- new PR!",
        "Headwind on the way back was brutal :( avg power 185W, NP 201W",
        "GPS went crazy under the bridge; real distance ~10.2 km, not 11.",
        "Gels at 45' and 90' -- stomach OK this time. Shoes: 640 km, time to retire them?",
        v.prose(ctx, 1, 3, trap_rate=0.3),
        v.prose(ctx, 1, 2, trap_rate=0.1),
        v.prose(ctx, 1, 2, trap_rate=0.1),
    ))


def _gpx(ctx: Ctx, title: str) -> str:
    """A GPX 1.1 track as a watch exports it; name and description are XML text slots."""
    lat, lng = _lat_lng(ctx)
    start = v.when(ctx)
    name = enc_xml(str(ctx.slot("xml", "name", title)))
    desc = enc_xml(str(ctx.slot("xml", "desc", _workout_note(ctx))))
    pts = []
    ele = ctx.rng.uniform(0, 900)
    for i in range(ctx.rng.randint(3, 8)):
        lat += ctx.rng.uniform(-0.0008, 0.0008)
        lng += ctx.rng.uniform(-0.0008, 0.0008)
        ele += ctx.rng.uniform(-3, 3)
        t = (start + timedelta(seconds=5 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        pts.append(f'      <trkpt lat="{lat:.7f}" lon="{lng:.7f}"><ele>{ele:.1f}</ele><time>{t}</time>'
                   f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{ctx.rng.randint(95, 185)}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>")
    creator = ctx.pick(("Garmin Connect", "StravaGPX", "Polar Flow", "COROS", "Suunto app"))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gpx version="1.1" creator="{creator}" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
        f"  <metadata><time>{start.strftime('%Y-%m-%dT%H:%M:%SZ')}</time></metadata>\n"
        f"  <trk>\n    <name>{name}</name>\n    <desc>{desc}</desc>\n    <type>{ctx.pick(('running', 'cycling', 'hiking'))}</type>\n"
        "    <trkseg>\n" + "\n".join(pts) + "\n    </trkseg>\n  </trk>\n</gpx>\n"
    )


@template(GROUP, ("/fit/v1/",), weight=1.5)
def fitness_sync(ctx: Ctx) -> Request:
    """A fitness tracker's app syncing workouts (JSON, GPX), daily summaries, goals and deletions."""
    r = ctx.rng.random()
    extra = (("X-Sync-Cursor", v.b64url(ctx.rng.randbytes(18))),) if ctx.chance(0.4) else ()
    if r < 0.42:
        kind = ctx.pick(_ACTIVITY_TYPES)
        duration = ctx.rng.randrange(600, 14400)
        laps = [{"index": i, "distanceM": round(ctx.rng.uniform(200, 5000), 1), "durationSec": ctx.rng.randrange(60, 1800),
                 "avgHr": ctx.rng.randint(110, 178)} for i in range(ctx.rng.randint(0, 5))]
        body: dict[str, Any] = {
            "clientActivityId": ctx.fake.uuid4(),
            "type": kind,
            "title": j(ctx, "title", _workout_title(ctx)),
            "startedAt": v.iso_datetime(ctx),
            "timezone": ctx.pick(_TIMEZONES),
            "durationSec": duration,
            "distanceM": round(ctx.rng.uniform(0, 120000), 1) if kind not in ("strength", "yoga") else None,
            "elevationGainM": ctx.rng.randrange(0, 2500),
            "heartRate": {"avg": ctx.rng.randint(100, 170), "max": ctx.rng.randint(150, 200), "samples": [ctx.rng.randint(80, 195) for _ in range(ctx.rng.randint(0, 12))]},
            "laps": laps,
            "perceivedEffort": ctx.rng.randint(1, 10),
            "gear": {"id": "g" + str(ctx.rng.randrange(10**5, 10**7)), "name": j(ctx, "gearName", ctx.pick(("Pegasus 40 (blue)", "Canyon Endurace CF 7", "Mum's old Raleigh", "Hoka Clifton 9 #2", "Brooks Ghost 15")))},
            "device": {"model": ctx.pick(("Forerunner 265", "Apple Watch Series 9", "Fenix 7", "Pixel Watch 2", "Vantage V3", "COROS PACE 3")),
                       "fw": f"{ctx.rng.randint(1, 25)}.{ctx.rng.randint(0, 40)}"},
            "visibility": ctx.pick(("everyone", "followers", "only_me")),
        }
        if ctx.chance(0.6):
            body["notes"] = j(ctx, "notes", _workout_note(ctx))
        return req("POST", "/fit/v1/activities", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))
    if r < 0.62:
        pairs: list[tuple[str, Any]] = [
            ("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)),
            ("metrics", ",".join(ctx.rng.sample(["steps", "sleep", "restingHr", "hrv", "calories", "vo2max", "weight", "spo2"], ctx.rng.randint(1, 4)))),
            ("granularity", ctx.pick(("day", "week", "month"))), ("tz", ctx.pick(_TIMEZONES)),
        ]
        return req("GET", "/fit/v1/users/me/summary", headers_for(ctx, "mobile", auth="jwt", extra=extra), qs(ctx, pairs))
    if r < 0.77:
        goal = seg(ctx, "goalId", "goal_" + v.alnum_token(ctx, 10))
        body = {"target": ctx.pick((20, 30, 42.2, 100, 10000)), "unit": ctx.pick(("km", "mi", "steps", "min")),
                "label": j(ctx, "label", ctx.pick(("Sub-2h half by October!", "10k steps/day", "Run 1000 km in 2025 🏃", "Marathon -- don't get injured", v.short_text(ctx)))),
                "reminder": {"time": f"{ctx.rng.randint(5, 21):02d}:{ctx.pick(('00', '15', '30', '45'))}", "days": ctx.rng.sample(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], ctx.rng.randint(1, 4))}}
        return req("PATCH", f"/fit/v1/goals/{goal}", headers_for(ctx, "mobile", content_type="application/merge-patch+json", auth="jwt"), body=dumps(ctx, body))
    if r < 0.88:
        return req("DELETE", f"/fit/v1/activities/{seg(ctx, 'activityId', ctx.rng.randrange(10**9, 10**10))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))
    gpx = _gpx(ctx, _workout_title(ctx))
    q = qs(ctx, [("activityType", ctx.pick(("run", "ride", "hike"))), ("externalId", ctx.pick(("garmin-", "coros-", "polar-")) + str(ctx.rng.randrange(10**8, 10**10)))])
    return req("POST", "/fit/v1/activities/import", headers_for(ctx, ctx.pick(("mobile", "sdk")), content_type="application/gpx+xml", auth="jwt"), q, gpx)


# --------------------------------------------------------------------------
# Public library
# --------------------------------------------------------------------------

_BOOKS = (
    "Ender's Game", "The Handmaid's Tale", "SQL Antipatterns", "Learning the bash Shell", "Unix Power Tools",
    "The C Programming Language", "Harry Potter and the Philosopher's Stone", "Les Misérables", "Cien años de soledad",
    "1984", "Catch-22", "Fahrenheit 451", "Who Moved My Cheese?", "Don't Make Me Think", "C# in Depth",
    "The Hitchhiker's Guide to the Galaxy", "Murder on the Orient Express", "Where the Crawdads Sing",
    "A Tale of Two Cities", "Das Parfum", "ノルウェイの森", "Война и мир", "Select Poems of Emily Dickinson",
    "Drop Dead Healthy", "Python Crash Course, 3rd ed.", "Head First Java", "The Cat in the Hat", "Gödel, Escher, Bach",
    "Charlotte's Web", "Alice's Adventures in Wonderland", "Zen and the Art of Motorcycle Maintenance", "The Joy of SQL",
)
_BRANCHES = ("central", "riverside", "northgate", "eastwood", "old-town", "mobile-library", "university-annex")


def _isbn13(ctx: Ctx) -> str:
    digits = [9, 7, 8] + [ctx.rng.randint(0, 9) for _ in range(9)]
    check = (10 - sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
    s = "".join(map(str, digits + [check]))
    return s if ctx.chance(0.6) else f"{s[:3]}-{s[3]}-{s[4:8]}-{s[8:12]}-{s[12]}"


def _library_query(ctx: Ctx) -> tuple[str, str]:
    r = ctx.rng.random()
    if r < 0.45:
        return "title", ctx.pick(_BOOKS)
    if r < 0.65:
        first, last = v.person_name(ctx)
        return "author", ctx.pick((f"{last}, {first}", f"{first} {last}", last))
    if r < 0.75:
        return "isbn", _isbn13(ctx)
    if r < 0.88:
        return "subject", ctx.pick(("World War, 1939-1945 -- Fiction", "Cooking (Vegan)", "Shell programming", "Databases -- SQL", "Children's stories",
                                    "Science fiction", "Local history -- " + ctx.fake.city(), "Bread & baking"))
    return "keyword", v.search_terms(ctx)


@template(GROUP, ("/library/",), weight=1.5)
def library_lending(ctx: Ctx) -> Request:
    """A public library: catalogue search, holds, renewals, reader reviews, cancelling a hold."""
    site = v.site(ctx)
    r = ctx.rng.random()
    if r < 0.38:
        field, term = _library_query(ctx)
        pairs: list[tuple[str, Any]] = [
            ("lookfor", term), ("type", field),
            ("filter[]", ctx.pick(('format:"Book"', 'format:"eBook"', 'format:"Audiobook (CD)"', 'language:"English"', 'building:"Central"'))) if ctx.chance(0.5) else ("filter[]", None),
            ("available", ctx.pick(("1", "0"))) if ctx.chance(0.4) else ("available", None),
            ("sort", ctx.pick(("relevance", "year desc", "title", "author"))),
            ("page", ctx.rng.randint(1, 8)) if ctx.chance(0.3) else ("page", None),
        ]
        return req("GET", "/library/catalog/search", headers_for(ctx, "nav", referer=ctx.pick((None, site + "/library/"))), qs(ctx, pairs))
    record = ctx.rng.randrange(100000, 9999999)
    token = v.hex_token(ctx, 40)
    if r < 0.58:
        pairs = [("record_id", f"b{record}"), ("pickup_branch", ctx.pick(_BRANCHES)), ("notify_by", ctx.pick(("email", "sms", "app"))),
                 ("not_needed_after", v.iso_date(ctx)),
                 ("note_to_staff", ctx.pick(("", "", "Large print if possible", "Please hold at the desk -- I'm away until the 14th", "Any edition is fine (2nd or 3rd)", v.sentence(ctx)))),
                 ("csrf_token", token)]
        return req("POST", "/library/account/holds", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/library/record/b{record}", cookies=True),
                   body=form(ctx, pairs, fixed=("csrf_token",)))
    if r < 0.72:
        pairs = [("loan_ids[]", f"L{ctx.rng.randrange(10**6, 10**7)}") for _ in range(ctx.rng.randint(1, 4))]
        pairs += [("action", "renew_selected"), ("csrf_token", token)]
        return req("POST", "/library/account/loans/renew", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/library/account/loans", cookies=True),
                   body=form(ctx, pairs, fixed=("action", "csrf_token")))
    if r < 0.9:
        first, last = v.person_name(ctx)
        pairs = [("rating", ctx.rng.randint(1, 5)), ("review_title", ctx.pick(("Couldn't put it down!", "Meh.", "A classic -- 5/5", "Not for kids under 12", v.short_text(ctx)))),
                 ("review_text", ctx.pick((v.prose(ctx, 1, 5, trap_rate=0.35), v.dashy_text(ctx)))), ("display_name", ctx.pick((f"{first} {last[:1]}.", ctx.fake.user_name(), "Anonymous reader"))),
                 ("spoilers", ctx.pick(("0", "1"))), ("csrf_token", token)]
        return req("POST", f"/library/record/{seg(ctx, 'record', f'b{record}')}/reviews", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, cookies=True),
                   body=form(ctx, pairs, fixed=("csrf_token",)))
    hold = seg(ctx, "holdId", f"H{ctx.rng.randrange(10**6, 10**8)}")
    return req("DELETE", f"/library/account/holds/{hold}", headers_for(ctx, "xhr", origin=site, cookies=True, extra=(("X-CSRF-Token", token),)))


# --------------------------------------------------------------------------
# Ride hailing
# --------------------------------------------------------------------------

_DRIVER_NOTES = (
    "I'm at the side entrance near the pharmacy", "Gate code #4521 -- call when you're outside", "Wheelchair; need trunk space",
    "Terminal 2, door 5 (arrivals level)", "Wait by the 'Pick-up' sign; I've got 2 suitcases + a dog 🐶", "Bitte am Haupteingang halten",
    "Por favor, espere en la esquina", "don't ring the bell, baby sleeping!!", "Blue door, 3rd house on the left", "Je suis devant la boulangerie",
    "Car seat needed for a 4 y/o", "Please text, don't call -- I'm hard of hearing", "",
)


def _place(ctx: Ctx, name: str) -> dict[str, Any]:
    lat, lng = _lat_lng(ctx)
    place: dict[str, Any] = {"lat": round(lat, 6), "lng": round(lng, 6), "address": j(ctx, f"{name}Address", ctx.pick((_one_line_address(ctx), ctx.fake.street_name(), f"{ctx.fake.company()}, {ctx.fake.city()}")))}
    if ctx.chance(0.3):
        place["placeId"] = "ChIJ" + v.alnum_token(ctx, 23)
    return place


@template(GROUP, ("/rides/v2/",), weight=1.2)
def ride_hailing(ctx: Ctx) -> Request:
    """A ride-hailing app: ride requests with driver notes, fare estimates, tips and ratings, saved places, cancellations."""
    r = ctx.rng.random()
    if r < 0.35:
        pickup = _place(ctx, "pickup")
        pickup["note"] = j(ctx, "pickupNote", ctx.pick(_DRIVER_NOTES))
        body: dict[str, Any] = {"pickup": pickup, "dropoff": _place(ctx, "dropoff"), "stops": [_place(ctx, f"stop{i}") for i in range(ctx.rng.choices((0, 1, 2), (8, 2, 1))[0])],
                                "product": ctx.pick(("economy", "comfort", "xl", "green", "pet", "assist")), "riders": ctx.rng.randint(1, 4),
                                "paymentMethodId": "pm_" + v.alnum_token(ctx, 14), "fareQuoteId": ctx.fake.uuid4()}
        if ctx.chance(0.2):
            body["promoCode"] = j(ctx, "promoCode", ctx.pick(("WELCOME10", "SUMMER-24", "FRIEND_" + v.alnum_token(ctx, 6).upper())))
        if ctx.chance(0.2):
            body["scheduledFor"] = v.iso_datetime(ctx)
        return req("POST", "/rides/v2/requests", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=(("Idempotency-Key", ctx.fake.uuid4()),)), body=dumps(ctx, body))
    if r < 0.55:
        (a, b), (c, d) = _lat_lng(ctx), _lat_lng(ctx)
        pairs: list[tuple[str, Any]] = [("pickup", f"{a:.6f},{b:.6f}"), ("dropoff", f"{c:.6f},{d:.6f}"),
                                        ("products", ctx.pick(("economy,comfort,xl", "all", "green"))), ("seats", ctx.rng.randint(1, 4)),
                                        ("departAt", v.iso_datetime(ctx)) if ctx.chance(0.2) else ("departAt", None)]
        return req("GET", "/rides/v2/estimates", headers_for(ctx, "mobile", auth="jwt"), qs(ctx, pairs))
    if r < 0.75:
        trip = seg(ctx, "tripId", "trp_" + v.alnum_token(ctx, 16))
        body = {"rating": {"stars": ctx.rng.randint(1, 5), "tags": ctx.rng.sample(["clean_car", "great_music", "safe_driving", "good_conversation", "route", "late"], ctx.rng.randint(0, 2)),
                           "comment": j(ctx, "comment", ctx.pick(("", "Thanks!! 🙏", "Driver took a weird route -- 10 min longer than the app said", "Super friendly, helped with the bags",
                                                                   "Le chauffeur était très sympa", v.prose(ctx, 1, 2, trap_rate=0.3))))},
                "tip": {"amount": ctx.pick((0, 1, 2, 3.5, 5, 10)), "currency": ctx.pick(("USD", "EUR", "GBP", "BRL", "INR"))}}
        return req("PATCH", f"/rides/v2/trips/{trip}", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if r < 0.88:
        request_id = seg(ctx, "requestId", "req_" + v.alnum_token(ctx, 16))
        pairs = [("reason", ctx.pick(("changed_plans", "driver_too_far", "wrong_pickup", "other"))),
                 ("comment", ctx.pick(("", "booked by mistake", "Driver asked me to cancel", "found a taxi"))) if ctx.chance(0.4) else ("comment", None)]
        return req("DELETE", f"/rides/v2/requests/{request_id}", headers_for(ctx, "mobile", auth="jwt"), qs(ctx, pairs))
    label = ctx.pick(("home", "work", "gym", "Mum's place", "school", "Oma & Opa", "airport"))
    lat, lng = _lat_lng(ctx)
    body = {"label": j(ctx, "label", label), "address": j(ctx, "address", _one_line_address(ctx)), "lat": round(lat, 6), "lng": round(lng, 6),
            "entranceNote": j(ctx, "entranceNote", ctx.pick(_DRIVER_NOTES))}
    return req("PUT", f"/rides/v2/me/places/{seg(ctx, 'place', label)}", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Restaurant table reservations (an embeddable widget)
# --------------------------------------------------------------------------

_TABLE_REQUESTS = (
    "Nut allergy (severe) -- please inform the kitchen", "High chair for our 1 y/o", "Table by the window if possible :)",
    "It's my wife's 40th -- could you bring a candle on the dessert?", "We'll be 10-15 min late; please hold the table",
    "Vegan x2, gluten-free x1", "Wheelchair access needed; no stairs please", "Nous serons 4 adultes + 2 enfants",
    "Bitte ruhiger Tisch, Geschäftsessen", "Mesa en la terraza, por favor", "Surprise proposal!! Please don't say anything 🤫💍",
    "Coeliac -- not just 'gluten-free by choice'", "Dog-friendly table? He's small & quiet", "",
)


@template(GROUP, ("/reserve/",), weight=1.2)
def table_reservation(ctx: Ctx) -> Request:
    """A table-reservation widget embedded on restaurant sites: availability, booking form, changes, cancellations."""
    restaurant_id = ctx.pick((v.slug(ctx), f"{ctx.en.last_name().lower()}s-{ctx.pick(('bistro', 'trattoria', 'izakaya', 'brasserie', 'kitchen'))}", "chez-" + ctx.en.first_name().lower()))
    restaurant_site = "https://" + ctx.pick(("www.", "")) + ctx.en.domain_name()
    r = ctx.rng.random()
    if r < 0.35:
        pairs: list[tuple[str, Any]] = [("date", v.iso_date(ctx)), ("partySize", ctx.rng.randint(1, 12)), ("time", f"{ctx.rng.randint(11, 22)}:{ctx.pick(('00', '15', '30', '45'))}"),
                                        ("area", ctx.pick(("any", "indoor", "terrace", "bar", "private-room"))), ("lang", ctx.locale[:2])]
        return req("GET", f"/reserve/widget/{seg(ctx, 'restaurant', restaurant_id)}/availability", headers_for(ctx, "xhr", origin=restaurant_site, referer=restaurant_site + "/", cookies=False), qs(ctx, pairs))
    if r < 0.75:
        first, last = v.person_name(ctx)
        pairs = [("guest[first_name]", first), ("guest[last_name]", last), ("guest[email]", ctx.fake.email()), ("guest[phone]", ctx.fake.phone_number()),
                 ("party_size", ctx.rng.randint(1, 12)), ("date", v.iso_date(ctx)), ("time", f"{ctx.rng.randint(11, 22)}:{ctx.pick(('00', '30'))}"),
                 ("occasion", ctx.pick(("none", "birthday", "anniversary", "business", "date_night"))), ("special_requests", ctx.pick(_TABLE_REQUESTS + (v.prose(ctx, 1, 2),))),
                 ("marketing_opt_in", ctx.pick(("0", "1"))), ("website", ""), ("_token", v.alnum_token(ctx, 40))]
        return req("POST", f"/reserve/widget/{seg(ctx, 'restaurant', restaurant_id)}/bookings", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded; charset=UTF-8", origin=restaurant_site, referer=restaurant_site + "/reservations"),
                   body=form(ctx, pairs, fixed=("website", "_token")))
    code = seg(ctx, "confirmation", ctx.fake.bothify("??##-####").upper())
    token = qs(ctx, [("t", v.b64url(ctx.rng.randbytes(24)))], fixed=("t",))
    if r < 0.9:
        body: dict[str, Any] = {"partySize": ctx.rng.randint(1, 12), "time": f"{ctx.rng.randint(11, 22)}:{ctx.pick(('00', '30'))}",
                                "specialRequests": j(ctx, "specialRequests", ctx.pick(_TABLE_REQUESTS))}
        return req("PATCH", f"/reserve/bookings/{code}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json"), token, dumps(ctx, body))
    reason = qs(ctx, [("reason", ctx.pick(("plans_changed", "sick", "other"))), ("message", ctx.pick(("Sorry! Kids are sick 🤒", "Désolé, empêchement de dernière minute", "")))])
    return req("DELETE", f"/reserve/bookings/{code}", headers_for(ctx, "xhr", origin=restaurant_site), token + "&" + reason)


# --------------------------------------------------------------------------
# LMS gradebook
# --------------------------------------------------------------------------


def _feedback(ctx: Ctx) -> str:
    return ctx.pick((
        "Good work! The loop on line 12 (`for i in range(len(a))`) could just be `for x in a`.",
        "Check Q3 again: x^2 - 4 = 0 gives x = ±2, not just 2. -1 pt",
        "Please cite your sources (APA 7th ed.) -- see the rubric, criterion 'References'.",
        "Your JOIN is correct, but SELECT * is discouraged; list the columns you need.",
        "Très bon travail, mais attention à l'orthographe et aux accords.",
        "Gut gemacht! Achte auf die Einheiten (m/s vs. km/h).",
        "Late penalty -10% applied (submitted 2 days late).",
        "Excellent analysis of the 'union' vs. 'federation' question -- 18/20.",
        "Missing the conclusion; the intro & body are strong though.",
        "Re-submit by Friday if you want the grade updated; I'll drop the lowest quiz.",
        "Nice use of <section> and <nav>; the CSS selector `.card > p` is fine.",
        "Your script deletes the tmp dir with `rm -rf $TMP` -- quote the variable!",
        v.prose(ctx, 1, 3, trap_rate=0.35),
    ))


def _grades_csv(ctx: Ctx) -> str:
    rows = [ctx.pick(("Student,ID,SIS Login ID,Section,Assignment 3 (1234),Comment", "last_name,first_name,student_id,score,feedback"))]
    for i in range(ctx.rng.randint(2, 7)):
        first, last = v.person_name(ctx)
        comment = _feedback(ctx).replace('"', '""')
        cell = ctx.slot("multipart", f"csvComment{i}", comment) if i == 0 else comment
        if rows[0].startswith("Student"):
            rows.append(f'"{last}, {first}",{ctx.rng.randrange(10**5, 10**6)},{ctx.en.user_name()},"Section {ctx.pick("ABC")}",{ctx.rng.randint(0, 100)},"{cell}"')
        else:
            rows.append(f'"{last}","{first}",{ctx.rng.randrange(10**5, 10**6)},{ctx.rng.randint(0, 100)}.{ctx.pick((0, 5))},"{cell}"')
    return "\r\n".join(rows) + "\r\n"


@template(GROUP, ("/gradebook/",), weight=1.2)
def lms_gradebook(ctx: Ctx) -> Request:
    """An LMS gradebook: grades with feedback and rubric comments, CSV export and import, overrides."""
    course = seg(ctx, "course", ctx.pick((str(ctx.rng.randrange(1000, 99999)), f"{ctx.pick(('BIO', 'CS', 'HIST', 'MATH', 'FR'))}-{ctx.rng.randint(100, 499)}-{ctx.pick(('F24', 'S25', 'W25'))}")))
    student = ctx.rng.randrange(10**5, 10**7)
    assignment = ctx.rng.randrange(1, 5000)
    site = v.site(ctx)
    r = ctx.rng.random()
    if r < 0.35:
        score = round(ctx.rng.uniform(0, 100) * 2) / 2
        rubric = [{"criterionId": f"_{ctx.rng.randrange(1000, 9999)}", "points": ctx.rng.randint(0, 10), "comment": j(ctx, f"rubricComment{i}", _feedback(ctx))}
                  for i in range(ctx.rng.randint(0, 3))]
        body: dict[str, Any] = {"score": score, "maxScore": 100, "letter": ctx.pick(("A", "A-", "B+", "B", "C", "D", "F", "P")), "late": ctx.chance(0.2),
                                "excused": ctx.chance(0.05), "feedback": {"comment": j(ctx, "comment", _feedback(ctx)), "rubric": rubric}, "notifyStudent": ctx.chance(0.7)}
        return req("PUT", f"/gradebook/courses/{course}/assignments/{assignment}/submissions/{seg(ctx, 'student', student)}/grade",
                   headers_for(ctx, "xhr", content_type="application/json", auth=ctx.pick(("jwt", None)), origin=site, cookies=True), body=dumps(ctx, body))
    if r < 0.55:
        pairs: list[tuple[str, Any]] = [("format", ctx.pick(("csv", "xlsx"))), ("include", ctx.pick(("final", "final,letter", "all"))),
                                        ("section", ctx.pick(("all", "A", "B", "001"))), ("sort", ctx.pick(("last_name", "student_id", "-final")))]
        return req("GET", f"/gradebook/courses/{course}/export", headers_for(ctx, "nav", cookies=True, referer=site + "/gradebook"), qs(ctx, pairs))
    if r < 0.75:
        fields = [("assignment", str(assignment)), ("overwrite", ctx.pick(("true", "false"))), ("note", ctx.pick(("", "Re-marked Q4 after appeal", v.sentence(ctx))))]
        fname = ctx.pick(("grades", "Gradebook export", "midterm_marks", "notes-" + ctx.fake.last_name())) + ".csv"
        ctype, body_text = multipart(ctx, fields, [("file", fname, "text/csv", _grades_csv(ctx))])
        return req("POST", f"/gradebook/courses/{course}/import", headers_for(ctx, "nav", content_type=ctype, origin=site, referer=site + "/gradebook/import", cookies=True), body=body_text)
    if r < 0.9:
        body = {"finalGrade": j(ctx, "finalGrade", ctx.pick(("A", "A-", "B+", "I", "W", "P"))),
                "reason": j(ctx, "reason", ctx.pick(("Medical note on file (Dr. O'Neil)", "Incomplete -- extension until 2025-06-30", "Regrade after appeal; see e-mail thread", v.sentence(ctx))))}
        return req("PATCH", f"/gradebook/courses/{course}/students/{seg(ctx, 'student', student)}/override",
                   headers_for(ctx, "xhr", content_type="application/json", origin=site, cookies=True), body=dumps(ctx, body))
    return req("DELETE", f"/gradebook/courses/{course}/assignments/{seg(ctx, 'assignment', assignment)}/submissions/{student}/grade", headers_for(ctx, "xhr", origin=site, cookies=True))


# --------------------------------------------------------------------------
# Translation management
# --------------------------------------------------------------------------

_UI_STRINGS: dict[str, tuple[str, ...]] = {
    "en": ("You have {count, plural, one {# new message} other {# new messages}}", "Hello, %s!", "%1$s invited you to %2$s",
           "Delete \"{name}\"? This can't be undone.", "<b>{user}</b> commented on your post", "Drop files here or <a href=\"#\">browse</a>",
           "Select all", "Order #%d has shipped", "{{count}} items in your cart", "Update available -- restart now?", "Are you sure? (y/n)",
           "Where's my order?", "Insert row above", "Sort by: {field} ({direction})", "Progress: %.1f%%", "Can't connect to %s:%d"),
    "de": ("Sie haben {count, plural, one {# neue Nachricht} other {# neue Nachrichten}}", "„{name}“ löschen? Das kann nicht rückgängig gemacht werden.",
           "Hallo %s!", "%1$s hat dich zu %2$s eingeladen", "Alle auswählen", "Zeile oberhalb einfügen", "Bestellung Nr. %d wurde versandt"),
    "fr": ("Bonjour %s !", "« {name} » a été supprimé", "L'élément n'a pas pu être mis à jour", "Vous avez {count} nouveaux messages",
           "Déposez vos fichiers ici ou <a href=\"#\">parcourez</a>", "Tout sélectionner", "Êtes-vous sûr ? (o/n)"),
    "es": ("¿Eliminar «{name}»? No se puede deshacer.", "¡Hola, %s!", "Tienes {count} mensajes nuevos", "Seleccionar todo", "Pedido n.º %d enviado"),
    "ja": ("{count}件の新しいメッセージ", "%sさん、こんにちは", "「{name}」を削除しますか？", "すべて選択", "注文番号%dは発送されました"),
    "ru": ("У вас {count, plural, one {# новое сообщение} few {# новых сообщения} other {# новых сообщений}}", "Привет, %s!", "Удалить «{name}»?", "Выбрать всё"),
    "pt": ("Olá, %s!", "Você tem {count} mensagens novas", "Excluir \"{name}\"? Isso não pode ser desfeito.", "Selecionar tudo"),
    "pl": ("Masz {count} nowych wiadomości", "Usunąć „{name}”?", "Cześć, %s!", "Zaznacz wszystko"),
    "zh": ("您有{count}条新消息", "你好，%s！", "删除“{name}”？此操作无法撤销。", "全选"),
    "it": ("Ciao %s!", "Hai {count} nuovi messaggi", "Eliminare «{name}»? L'operazione non può essere annullata.", "Seleziona tutto"),
}
_STRING_KEYS = ("inbox.unread_count", "greeting.hello", "invite.body", "files.delete_confirm", "activity.comment", "upload.dropzone",
                "table.select_all", "orders.shipped", "cart.items", "app.update_prompt", "dialog.confirm", "help.where_is_order",
                "table.insert_row_above", "list.sort_by", "sync.progress", "errors.connect_failed", "settings.privacy.delete_account")


def _ui_string(ctx: Ctx, lang: str) -> str:
    """A UI string translated into `lang` (a BCP 47 tag); unknown languages and untranslated strings stay English."""
    pool = _UI_STRINGS.get(lang.split("-")[0].lower() if ctx.chance(0.85) else "en", _UI_STRINGS["en"])
    return ctx.pick(pool)


def _po_file(ctx: Ctx, lang: str) -> str:
    lines = ['msgid ""', 'msgstr ""', f'"Language: {lang}\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
    for i in range(ctx.rng.randint(2, 5)):
        src = ctx.pick(_UI_STRINGS["en"]).replace("\\", "\\\\").replace('"', '\\"')
        dst = _ui_string(ctx, lang).replace("\\", "\\\\").replace('"', '\\"')
        if i == 0:
            dst = str(ctx.slot("multipart", "msgstr", dst))
        if ctx.chance(0.3):
            lines.append(f"#. {ctx.pick(('Shown in the top bar', 'Button label, keep short!', 'Placeholders: %s = user name', v.sentence(ctx)))}")
        lines.append(f"#: src/{ctx.pick(('components', 'pages', 'lib'))}/{ctx.en.word()}.tsx:{ctx.rng.randint(1, 400)}")
        lines += [f'msgctxt "{ctx.pick(_STRING_KEYS)}"', f'msgid "{src}"', f'msgstr "{dst}"', ""]
    return "\n".join(lines)


@template(GROUP, ("/l10n/",), weight=1.2)
def translation_strings(ctx: Ctx) -> Request:
    """A translation-management API: strings with placeholders (%s, {count}, ICU plurals, HTML), exports, .po uploads, reviewer comments."""
    project_id = ctx.pick((f"{ctx.en.word()}-{ctx.pick(('web', 'ios', 'android', 'docs'))}", str(ctx.rng.randrange(10000, 999999))))
    lang = ctx.pick(("de", "fr", "es", "ja", "ru", "pt-BR", "pl", "zh-Hans", "it", ctx.locale.replace("_", "-")))
    r = ctx.rng.random()
    if r < 0.4:
        strings = [{"key": j(ctx, f"key{i}", ctx.pick(_STRING_KEYS)), "value": j(ctx, f"value{i}", _ui_string(ctx, lang)),
                    "state": ctx.pick(("translated", "reviewed", "needs_review")), "maxLength": ctx.pick((None, 40, 80))}
                   for i in range(ctx.rng.randint(1, 4))]
        body: dict[str, Any] = {"strings": strings, "source": ctx.pick(("editor", "machine_translation", "import"))}
        return req("PUT", f"/l10n/api/v2/projects/{seg(ctx, 'project', project_id)}/locales/{seg(ctx, 'locale', lang)}/strings",
                   headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=v.site(ctx)), body=dumps(ctx, body))
    if r < 0.6:
        pairs: list[tuple[str, Any]] = [("locale", lang), ("format", ctx.pick(("json", "po", "xliff", "arb", "strings", "android_xml"))),
                                        ("include_untranslated", ctx.pick(("0", "1"))), ("tags", ctx.pick(("", "release-4.2", "checkout,onboarding"))) if ctx.chance(0.5) else ("tags", None)]
        return req("GET", f"/l10n/api/v2/projects/{seg(ctx, 'project', project_id)}/export", headers_for(ctx, "sdk", auth=ctx.pick(("apikey", "jwt"))), qs(ctx, pairs))
    if r < 0.8:
        fields = [("locale", lang), ("overwrite", ctx.pick(("true", "false"))), ("tag", ctx.pick(("", "sprint-" + str(ctx.rng.randint(1, 60)), "from-agency")))]
        ctype, body_text = multipart(ctx, fields, [("file", f"{lang.split('-')[0]}.po", "text/x-gettext-translation", _po_file(ctx, lang))])
        return req("POST", f"/l10n/api/v2/projects/{seg(ctx, 'project', project_id)}/imports", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctype, auth="jwt"), body=body_text)
    if r < 0.92:
        message = ctx.pick((
            "Is `%s` the user name or the team name? In German we need to know the gender.",
            "The source says {count} but the plural form is missing for 'few' -- see the ICU docs.",
            "Too long for the button (max 20 chars); can we say \"Del.\" instead of \"Delete\"?",
            "Don't translate <b>{user}</b> -- keep the tag and the placeholder as is.",
            f"@{ctx.fake.user_name()} please review, the SQL term 'JOIN' should stay in English here.",
            v.prose(ctx, 1, 2, trap_rate=0.3),
        ))
        body = {"message": j(ctx, "message", message), "issue": ctx.chance(0.3), "mentions": [ctx.fake.user_name() for _ in range(ctx.rng.randint(0, 2))]}
        return req("POST", f"/l10n/api/v2/strings/{ctx.rng.randrange(10**5, 10**8)}/comments", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/l10n/api/v2/projects/{seg(ctx, 'project', project_id)}/keys/{seg(ctx, 'key', ctx.pick(_STRING_KEYS))}", headers_for(ctx, "sdk", auth="apikey"))


# --------------------------------------------------------------------------
# Game leaderboard
# --------------------------------------------------------------------------


def _gamertag(ctx: Ctx) -> str:
    first = ctx.fake.first_name()
    return ctx.pick((
        "xX_DarkLord_Xx", "N00bMaster69", "L33t H4x0r", "~*Sparkle*~", "[FR] Kévin", "ŁukaszPL", "ざわ☆ざわ", "SELECT_Hero",
        "DropBear", "sudo_make_me_a_sandwich", "<3 Kitty <3", "O'Rourke", "Mr. Robot", "Ctrl+Alt+Defeat", "Злой Кот", "the_end;",
        "¯\\_(ツ)_/¯", "Team#1 Fan", "ProGamer™", "Null & Void", f"{first}{ctx.rng.randint(1, 2010)}", f"{first.lower()}_{ctx.en.word()}",
    ))


@template(GROUP, ("/arcade/api/",))
def game_leaderboard(ctx: Ctx) -> Request:
    """A game backend: score submissions, leaderboard pages filtered by JSON in the query, player profiles, reports."""
    extra = (("X-Game-Build", f"{ctx.rng.randint(1, 3)}.{ctx.rng.randint(0, 20)}.{ctx.rng.randint(0, 9)} ({ctx.rng.randrange(1000, 9999)})"),
             ("X-Unity-Version", ctx.pick(("2022.3.20f1", "2021.3.33f1", "6000.0.23f1"))))
    board = ctx.pick(("weekly-global", "daily-challenge", "speedrun-any-pct", f"level-{ctx.rng.randint(1, 60)}", "season-" + str(ctx.rng.randint(1, 12))))
    r = ctx.rng.random()
    if r < 0.4:
        body: dict[str, Any] = {"board": j(ctx, "board", board), "playerId": ctx.fake.uuid4(), "displayName": j(ctx, "displayName", _gamertag(ctx)), "score": ctx.rng.randrange(0, 10**7),
                                "durationMs": ctx.rng.randrange(10_000, 3_600_000), "level": ctx.rng.randint(1, 60),
                                "meta": {"character": ctx.pick(("knight", "rogue", "mage", "ninja_cat")), "platform": ctx.pick(("android", "ios", "webgl", "switch", "steam")),
                                         "seed": ctx.rng.randrange(2**31)},
                                "replayHash": v.hex_token(ctx, 64), "nonce": v.hex_token(ctx, 16), "sig": v.b64url(ctx.rng.randbytes(32))}
        return req("POST", "/arcade/api/v1/scores", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))
    if r < 0.65:
        flt: dict[str, Any] = {"country": ctx.slot("json_query", "country", ctx.fake.country_code()), "friendsOnly": ctx.chance(0.3)}
        if ctx.chance(0.4):
            flt["clan"] = ctx.slot("json_query", "clan", ctx.pick(("[GG]", "Los Pollos", "Team Rocket", "<NoScope>", "D&D Crew")))
        filter_json = json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(",", ":"))
        around = qs(ctx, [("around", ctx.pick(("me", "top"))), ("limit", ctx.pick((10, 25, 50, 100)))])
        return req("GET", f"/arcade/api/v1/leaderboards/{seg(ctx, 'board', board)}/entries", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt", extra=extra),
                   around + "&filter=" + ctx.qenc(filter_json))
    if r < 0.85:
        body = {"nickname": j(ctx, "nickname", _gamertag(ctx)), "clanTag": j(ctx, "clanTag", ctx.pick(("", "[GG]", "{PWN}", "<3", "xD", "|TAW|"))),
                "bio": j(ctx, "bio", ctx.pick(("gg ez 😎", "Casual player, no rage pls", "Speedrunner. WR holder (for 3 days lol)", v.prose(ctx, 1, 2)))),
                "avatar": f"skin_{ctx.rng.randint(1, 90)}", "region": ctx.pick(("eu-west", "us-east", "ap-southeast", "sa-east"))}
        return req("PUT", "/arcade/api/v1/players/me/profile", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))
    if r < 0.95:
        match = seg(ctx, "matchId", v.hex_token(ctx, 24))
        body = {"reportedPlayerId": ctx.fake.uuid4(), "reason": ctx.pick(("cheating", "toxic_chat", "afk", "offensive_name")),
                "details": j(ctx, "details", ctx.pick(("speed hack -- teleported across the map twice", "kept spamming 'ur trash' in chat", "name is offensive", v.prose(ctx, 1, 2))))}
        return req("POST", f"/arcade/api/v1/matches/{match}/reports", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))
    return req("DELETE", f"/arcade/api/v1/players/me/friends/{seg(ctx, 'friendId', ctx.fake.uuid4())}", headers_for(ctx, "mobile", auth="jwt", extra=extra))


# --------------------------------------------------------------------------
# Q&A site (markdown answers with code)
# --------------------------------------------------------------------------

_QA_SNIPPETS = (
    ("sql", "SELECT u.name, COUNT(o.id) AS orders\nFROM users u\nLEFT JOIN orders o ON o.user_id = u.id\nGROUP BY u.name\nHAVING COUNT(o.id) > 5;"),
    ("sql", "UPDATE accounts SET balance = balance - 100 WHERE id = 42;"),
    ("sql", "DROP TABLE IF EXISTS tmp_import;\nCREATE TABLE tmp_import (id int primary key, payload jsonb);"),
    ("sql", "SELECT * FROM customers WHERE last_name = 'O''Brien';"),
    ("sql", "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';"),
    ("bash", "find . -name '*.log' -mtime +7 -exec rm {} \\;"),
    ("bash", "curl -s https://api.github.com/repos/owner/repo | jq '.stargazers_count'"),
    ("bash", "sudo chown -R $USER:$USER /var/www/html"),
    ("bash", "cat /etc/os-release && uname -a"),
    ("bash", "ps aux | grep [n]ginx"),
    ("bash", "for f in *.jpg; do convert \"$f\" \"${f%.jpg}.png\"; done"),
    ("bash", "echo $PATH | tr ':' '\\n'"),
    ("js", "document.getElementById('out').innerHTML = `<b>${name}</b>`;"),
    ("js", "window.addEventListener('load', () => {\n  alert('ready');\n});"),
    ("php", "$stmt = $pdo->prepare('SELECT * FROM users WHERE email = ?');\n$stmt->execute([$email]);"),
    ("python", "subprocess.run(['ls', '-la', path], check=True)"),
    ("python", "import os\nos.system('rm -rf build/ dist/')"),
    ("python", "with open('../data/input.txt') as fh:\n    rows = [line.split(';') for line in fh]"),
    ("regex", "^(?=.*\\d)(?=.*[a-z])(?=.*[A-Z]).{8,}$"),
    ("c", "char buf[64];\nsnprintf(buf, sizeof buf, \"%s/%s\", dir, name);"),
    ("html", "<script src=\"https://cdn.jsdelivr.net/npm/chart.js\"></script>\n<canvas id=\"c\"></canvas>"),
    ("powershell", "Get-ChildItem -Path C:\\Logs -Recurse | Where-Object { $_.Length -gt 1MB } | Remove-Item"),
)


def _qa_answer(ctx: Ctx) -> str:
    lang, code = ctx.pick(_QA_SNIPPETS)
    blocks = [ctx.pick(("Try this:", "You need to escape the quote, e.g.:", "The problem is your JOIN condition.", "Use `find` with `-exec`:",
                        "This happens because the variable is not quoted.", "As @" + ctx.fake.user_name() + " said in the comments:", v.sentence(ctx)))]
    blocks.append(f"```{lang}\n{code}\n```" if ctx.chance(0.75) else "\n".join("    " + line for line in code.split("\n")))
    if ctx.chance(0.5):
        blocks.append(v.prose(ctx, 1, 3, trap_rate=0.35))
    if ctx.chance(0.3):
        blocks.append(f"See also [the docs]({ctx.en.url()}{ctx.en.uri_path()}) and **{ctx.en.word()}**.")
    if ctx.chance(0.2):
        blocks.append("**Edit:** " + ctx.pick(("fixed typo", "works on PostgreSQL 16 too", "as of v3.2 this is the default", v.sentence(ctx))))
    return "\n\n".join(blocks)


_QA_SEARCHES = (
    "[sql] left join vs inner join", "user:1234 [bash] sed replace newline", "is:answer regex lookbehind", "\"Segmentation fault\" [c]",
    "how to escape ' in sql", "git undo last commit", "[python] subprocess shell=True", "select distinct on multiple columns",
    "[javascript] addEventListener onload", "rm -rf not deleting hidden files", "score:5 [docker] volume permissions", "drop column if exists mysql",
    "[powershell] Get-ChildItem -Recurse filter", "what does 2>&1 mean", "<br> vs <br/>", "[css] :not(:first-child)",
)


@template(GROUP, ("/qa/",), weight=1.5)
def qa_answers(ctx: Ctx) -> Request:
    """A Q&A site: markdown answers with code, comments, edits, question pages and tag-syntax search."""
    qid = ctx.rng.randrange(10**6, 8 * 10**7)
    site = v.site(ctx)
    r = ctx.rng.random()
    if r < 0.33:
        pairs = [("post-text", _qa_answer(ctx)), ("fkey", v.hex_token(ctx, 64)), ("author", ""), ("i1l", v.b64url(ctx.rng.randbytes(12))),
                 ("post-notice", ctx.pick(("", "", "community-wiki")))]
        return req("POST", f"/qa/questions/{qid}/answer/submit", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded; charset=UTF-8", origin=site,
                                                                         referer=f"{site}/qa/questions/{qid}", cookies=True), body=form(ctx, pairs, fixed=("fkey", "author", "i1l")))
    if r < 0.52:
        q = qs(ctx, [("answertab", ctx.pick(("votes", "active", "oldest", "modifieddesc")))]) if ctx.chance(0.5) else ""
        return req("GET", f"/qa/questions/{qid}/{seg(ctx, 'slug', v.slug(ctx))}", headers_for(ctx, "nav", referer=ctx.pick((None, "https://www.google.com/", "https://duckduckgo.com/"))), q)
    if r < 0.67:
        pairs2: list[tuple[str, Any]] = [("q", ctx.pick(_QA_SEARCHES + (v.search_terms(ctx),))), ("tab", ctx.pick(("relevance", "newest", "votes"))) if ctx.chance(0.5) else ("tab", None),
                                         ("page", ctx.rng.randint(2, 9)) if ctx.chance(0.2) else ("page", None)]
        return req("GET", "/qa/search", headers_for(ctx, "nav"), qs(ctx, pairs2))
    post = ctx.rng.randrange(10**6, 8 * 10**7)
    if r < 0.84:
        comment = ctx.pick((
            "Did you try `git stash` first?", "This fails when the string contains a `'` -- use parameterized queries instead.",
            "Works for me on Ubuntu 22.04; `ls -la` shows the file though?", "Possible duplicate of " + site + f"/qa/questions/{ctx.rng.randrange(10**6, 10**7)}",
            "+1, but `SELECT *` is a bad idea in production", "@" + ctx.fake.user_name() + " what does `echo $SHELL` print?", v.prose(ctx, 1, 2, trap_rate=0.4),
        ))
        pairs = [("comment", comment), ("fkey", v.hex_token(ctx, 64))]
        return req("POST", f"/qa/posts/{seg(ctx, 'post', post)}/comments", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded; charset=UTF-8", origin=site, cookies=True),
                   body=form(ctx, pairs, fixed=("fkey",)))
    body = {"body": j(ctx, "body", _qa_answer(ctx)), "editSummary": j(ctx, "editSummary", ctx.pick(("fixed code formatting", "added SQL example; removed noise", "typo", "rollback to rev 2", v.short_text(ctx)))),
            "tags": ctx.rng.sample(["sql", "postgresql", "bash", "linux", "python", "javascript", "regex", "git", "docker", "c", "powershell"], ctx.rng.randint(1, 4)),
            "revision": ctx.rng.randint(1, 12)}
    return req("PATCH", f"/qa/posts/{seg(ctx, 'post', post)}", headers_for(ctx, "xhr", content_type="application/json", origin=site, cookies=True), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Spreadsheet autosave
# --------------------------------------------------------------------------


def _cell_value(ctx: Ctx) -> Any:
    r = ctx.rng.random()
    if r < 0.35:
        return ctx.pick((
            "=SUM(A1:A10)", "=IF(C2>100,\"high\",\"low\")", "=VLOOKUP(A2,'Price list'!A:B,2,FALSE)", "=B2&\" \"&C2", "=A1&\" - \"&B1",
            "=COUNTIFS(D:D,\">=\"&DATE(2024,1,1),E:E,\"<>\")", "=IFERROR(1/0,\"n/a\")", "=QUERY(A:D,\"select A, sum(D) where B = 'EU' group by A\")",
            "=HYPERLINK(\"https://example.com/report?id=7\",\"report\")", "=AVERAGE(B2:B31)*1.2", "=TEXT(A2,\"dd/mm/yyyy\")", "=ROUND(C7/D7;2)",
            "=SUMPRODUCT((A2:A9=\"x\")*(B2:B9))", "=INDEX(Sheet2!$A$1:$C$50,MATCH(E3,Sheet2!$A$1:$A$50,0),3)", "=NOW()-A1",
        ))
    if r < 0.55:
        return ctx.pick(("'0012345", "-- TBD --", "N/A", "#REF!", "1.234,56 €", "$1,299.00", "31/12/2024", "12:30", "50%", "TRUE", "x", "✔", "?"))
    if r < 0.75:
        return ctx.pick((ctx.fake.name(), ctx.fake.company(), ctx.fake.city(), ctx.fake.email(), v.tricky_search(ctx)))
    if r < 0.9:
        return v.sentence(ctx)
    return round(ctx.rng.uniform(-1000, 100000), ctx.rng.randint(0, 2))


def _a1(ctx: Ctx) -> str:
    return f"{ctx.pick('ABCDEFGHIJKLMN')}{ctx.rng.randint(1, 400)}"


@template(GROUP, ("/sheets/",), weight=1.2)
def sheet_autosave(ctx: Ctx) -> Request:
    """A collaborative spreadsheet: JSON Patch autosaves with formulas, op batches, sheet renames, comments, exports."""
    wb = seg(ctx, "workbook", v.b64url(ctx.rng.randbytes(21)))
    sheet = ctx.rng.randint(0, 5)
    r = ctx.rng.random()
    if r < 0.35:
        ops = []
        for i in range(ctx.rng.randint(1, 5)):
            cell = _a1(ctx)
            value = _cell_value(ctx)
            ops.append({"op": ctx.pick(("replace", "add")), "path": f"/sheets/{sheet}/cells/{cell}/v",
                        "value": j(ctx, f"cell{i}", value) if isinstance(value, str) else value})
        if ctx.chance(0.3):
            ops.append({"op": "remove", "path": f"/sheets/{sheet}/cells/{_a1(ctx)}"})
        if ctx.chance(0.2):
            ops.insert(0, {"op": "test", "path": "/rev", "value": ctx.rng.randrange(1, 50000)})
        return req("PATCH", f"/sheets/api/workbooks/{wb}", headers_for(ctx, "xhr", content_type="application/json-patch+json", auth="jwt", cookies=ctx.chance(0.3)), body=dumps(ctx, ops))
    if r < 0.58:
        changes = []
        for i in range(ctx.rng.randint(1, 6)):
            value = _cell_value(ctx)
            changes.append({"sheet": sheet, "cell": _a1(ctx), "value": j(ctx, f"value{i}", value) if isinstance(value, str) else value,
                            "format": ctx.pick((None, {"bold": True}, {"numFmt": "#,##0.00 €"}, {"bg": "#" + v.hex_token(ctx, 6)}))})
        body: dict[str, Any] = {"baseRev": ctx.rng.randrange(1, 50000), "clientId": v.hex_token(ctx, 16), "seq": ctx.rng.randint(1, 500), "changes": changes}
        return req("POST", f"/sheets/api/workbooks/{wb}/ops", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if r < 0.7:
        title = ctx.pick(("Q3 budget (draft)", "Mike's numbers", "Ventes 2024", "Sheet1 (2)", "DO NOT EDIT!!", "Select / Drop list", "Données brutes", "予算", v.short_text(ctx)))
        return req("PUT", f"/sheets/api/workbooks/{wb}/sheets/{sheet}/title", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=dumps(ctx, {"title": j(ctx, "title", title)}))
    if r < 0.84:
        text = ctx.pick((f"@{ctx.fake.first_name()} can you double-check the formula in {_a1(ctx)}? It returns #N/A for 'EU'.",
                         "Numbers from the 'union' contract -- don't drop this row!", "Where does 1.234,56 € come from?", v.prose(ctx, 1, 3, trap_rate=0.3)))
        body = {"anchor": f"Sheet{sheet + 1}!{_a1(ctx)}", "text": j(ctx, "text", text), "threadId": ctx.pick((None, v.hex_token(ctx, 12)))}
        return req("POST", f"/sheets/api/workbooks/{wb}/comments", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if r < 0.94:
        pairs: list[tuple[str, Any]] = [("format", ctx.pick(("csv", "xlsx", "pdf", "tsv"))), ("gid", sheet), ("range", ctx.pick(("A1:F200", "B2:B31", "Sheet1!A:D", ""))) if ctx.chance(0.5) else ("range", None)]
        return req("GET", f"/sheets/api/workbooks/{wb}/export", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs))
    return req("DELETE", f"/sheets/api/workbooks/{wb}/sheets/{seg(ctx, 'sheet', sheet)}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# DNS / hosting control panel
# --------------------------------------------------------------------------


def _dns_record(ctx: Ctx, domain: str) -> tuple[str, str, str]:
    """(type, host, value) as people enter them in a DNS editor."""
    r = ctx.rng.random()
    if r < 0.18:
        return "A", ctx.pick(("@", "www", "shop", "api", "*.dev")), ctx.fake.ipv4_public()
    if r < 0.25:
        return "AAAA", ctx.pick(("@", "www")), ctx.fake.ipv6()
    if r < 0.38:
        return "CNAME", ctx.pick(("www", "blog", "status", "em1234", "autodiscover")), ctx.pick((f"{domain}.", "cname.vercel-dns.com.", "ghs.googlehosted.com", f"u{ctx.rng.randrange(10**6, 10**7)}.wl.sendgrid.net"))
    if r < 0.48:
        return "MX", "@", ctx.pick((f"{ctx.pick((1, 5, 10, 20))} mx{ctx.rng.randint(1, 3)}.{ctx.en.domain_name()}.", "1 ASPMX.L.GOOGLE.COM.", "10 mx.zoho.eu"))
    if r < 0.88:
        host = ctx.pick(("@", "_dmarc", "google._domainkey", "selector1._domainkey", "_acme-challenge", "@"))
        if host == "_dmarc":
            value = f"v=DMARC1; p={ctx.pick(('none', 'quarantine', 'reject'))}; rua=mailto:dmarc@{domain}; pct=100; adkim=s"
        elif "_domainkey" in host:
            value = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + v.alnum_token(ctx, 60) + "+/" + v.alnum_token(ctx, 20) + "IDAQAB"
        elif host == "_acme-challenge":
            value = v.b64url(ctx.rng.randbytes(32))
        else:
            value = ctx.pick(("v=spf1 include:_spf.google.com ~all", f"v=spf1 ip4:{ctx.fake.ipv4_public()} include:spf.protection.outlook.com -all",
                              "google-site-verification=" + v.b64url(ctx.rng.randbytes(32)), "MS=ms" + str(ctx.rng.randrange(10**7, 10**8)),
                              "\"hello world; this is a \\\"quoted\\\" TXT\"", "apple-domain-verification=" + v.alnum_token(ctx, 16)))
        return "TXT", host, value
    if r < 0.94:
        return "CAA", "@", ctx.pick(('0 issue "letsencrypt.org"', '0 issuewild ";"', f'0 iodef "mailto:security@{domain}"'))
    return "SRV", ctx.pick(("_sip._tls", "_autodiscover._tcp", "_minecraft._tcp")), f"{ctx.rng.randint(0, 20)} {ctx.rng.randint(0, 100)} {ctx.pick((443, 5061, 25565))} {ctx.pick(('sip', 'mc', 'autodiscover'))}.{domain}."


def _cron_command(ctx: Ctx, user: str, domain: str) -> str:
    return ctx.pick((
        f"/usr/local/bin/php /home/{user}/public_html/artisan schedule:run >> /dev/null 2>&1",
        f"cd /home/{user}/app && ./backup.sh --gzip > /dev/null",
        f"wget -q -O - https://{domain}/wp-cron.php?doing_wp_cron >/dev/null 2>&1",
        f"curl -s https://{domain}/cron.php?key={v.hex_token(ctx, 16)}",
        f"/usr/bin/python3 /home/{user}/scripts/cleanup.py --days 30",
        f"mysqldump -u {user} --single-transaction {user}_wp | gzip > ~/backups/db-$(date +\\%F).sql.gz",
        f"find /home/{user}/tmp -type f -mtime +7 -delete",
        f"/bin/bash /home/{user}/renew-certs.sh && touch /home/{user}/.last_renew",
    ))


@template(GROUP, ("/hosting/",), weight=1.2)
def dns_hosting_panel(ctx: Ctx) -> Request:
    """A web-hosting control panel: DNS records (SPF, DKIM, DMARC, CAA) via form and API, cron jobs, zone listings."""
    domain = ctx.en.domain_name()
    user = ctx.en.user_name()[:12]
    site = "https://cp." + ctx.en.domain_name()
    r = ctx.rng.random()
    if r < 0.38:
        rtype, host, value = _dns_record(ctx, domain)
        pairs = [("type", rtype), ("name", host), ("value", value), ("ttl", ctx.pick(("300", "3600", "14400", "auto"))), ("token", v.hex_token(ctx, 32))]
        return req("POST", f"/hosting/panel/dns/{seg(ctx, 'domain', domain)}/records", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                                               referer=f"{site}/hosting/panel/dns/{domain}", cookies=True), body=form(ctx, pairs, fixed=("token",)))
    auth = ctx.pick(("jwt", "apikey"))
    record_id = v.hex_token(ctx, 32)
    if r < 0.58:
        rtype, host, value = _dns_record(ctx, domain)
        body: dict[str, Any] = {"type": rtype, "name": j(ctx, "name", host), "content": j(ctx, "content", value), "ttl": ctx.pick((1, 60, 300, 3600)),
                                "proxied": ctx.chance(0.4) if rtype in ("A", "AAAA", "CNAME") else False}
        if ctx.chance(0.4):
            body["comment"] = j(ctx, "comment", ctx.pick(("Added for Google Workspace -- don't delete!", "old mail server (remove after migration)", f"ticket #{ctx.rng.randrange(1000, 9999)}", v.sentence(ctx))))
        return req("PUT", f"/hosting/api/v1/zones/{seg(ctx, 'zone', domain)}/records/{record_id}", headers_for(ctx, "sdk", content_type="application/json", auth=auth), body=dumps(ctx, body))
    if r < 0.7:
        return req("DELETE", f"/hosting/api/v1/zones/{domain}/records/{seg(ctx, 'recordId', record_id)}", headers_for(ctx, "sdk", auth=auth))
    if r < 0.86:
        pairs = [("minute", ctx.pick(("*/5", "0", "15", "*/15", "30"))), ("hour", ctx.pick(("*", "3", "*/6", "0-23/2"))), ("day", ctx.pick(("*", "1", "1,15"))),
                 ("month", "*"), ("weekday", ctx.pick(("*", "1-5", "0", "6,0"))), ("command", _cron_command(ctx, user, domain)),
                 ("notify_email", ctx.pick(("", ctx.fake.email()))), ("token", v.hex_token(ctx, 32))]
        return req("POST", "/hosting/panel/cron/add", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/hosting/panel/cron", cookies=True),
                   body=form(ctx, pairs, fixed=("token",)))
    pairs2: list[tuple[str, Any]] = [("type", ctx.pick(("ALL", "TXT", "MX", "A", "CNAME"))), ("search", ctx.pick(("", "_domainkey", "spf", "www"))) if ctx.chance(0.5) else ("search", None),
                                     ("page", ctx.rng.randint(1, 4))]
    return req("GET", f"/hosting/panel/dns/{seg(ctx, 'domain', domain)}", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs2))


# --------------------------------------------------------------------------
# Calendar (JSON API and CalDAV clients)
# --------------------------------------------------------------------------


def _event_summary(ctx: Ctx) -> str:
    first = ctx.fake.first_name()
    return ctx.pick((
        f"1:1 {first} / {ctx.fake.first_name()}", "Dentist 🦷", "Sprint planning (Q3)", "Kids' swim class", "Call w/ landlord re: rent",
        "Lunch @ Joe's", "DB migration -- DO NOT DEPLOY", "Yoga", "Parents' evening", "Standup", "Flight LH 401 FRA→JFK", f"{first}'s birthday 🎂",
        "Rendez-vous médecin", "Elternabend", "Review: DROP old tables?", v.short_text(ctx),
    ))


def _event_description(ctx: Ctx) -> str:
    return ctx.pick((
        f"Join Zoom Meeting\nhttps://zoom.us/j/{ctx.rng.randrange(10**9, 10**10)}?pwd={v.alnum_token(ctx, 32)}\nMeeting ID: {ctx.rng.randrange(100, 999)} {ctx.rng.randrange(1000, 9999)} {ctx.rng.randrange(1000, 9999)}",
        "Agenda:\n1. Status\n2. Blockers\n3. AOB",
        "Bring: passport, printed tickets & the charger!",
        v.prose(ctx, 1, 3, trap_rate=0.3),
        v.markdown_post(ctx, code_rate=0.1),
        "",
    ))


def _event_location(ctx: Ctx) -> str:
    return ctx.pick((_one_line_address(ctx), f"Room {ctx.rng.randint(1, 9)}.{ctx.rng.randint(1, 30):02d} (Building {ctx.pick('ABC')})", "Google Meet", "Teams",
                     f"{ctx.fake.company()}, {ctx.fake.city()}", "Home", "Café \"Zur Post\""))


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545, 3.1)."""
    out, cur, n = [], "", 0
    for ch in line:
        size = len(ch.encode("utf-8"))
        if n + size > 75:
            out.append(cur)
            cur, n = " ", 1
        cur += ch
        n += size
    out.append(cur)
    return "\r\n".join(out)


def _ics_text_prop(ctx: Ctx, name: str, text: str) -> str:
    """NAME:value, escaped and folded; the value is a raw-text slot (the payload goes in unescaped)."""
    folded = _ics_fold(f"{name}:{_ics_escape(text)}")
    return f"{name}:" + str(ctx.slot("multipart", name, folded[len(name) + 1:]))


def _ics_event(ctx: Ctx, uid: str) -> str:
    start = v.when(ctx)
    end = start + timedelta(minutes=ctx.pick((15, 30, 45, 60, 90, 120)))
    tz = ctx.pick(_TIMEZONES[:-1])
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ctx.pick(('-//Apple Inc.//macOS 14.5//EN', '-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN', '-//DAVx5//ical4j 3.2//EN'))}",
             "CALSCALE:GREGORIAN", "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{start.strftime('%Y%m%dT%H%M%SZ')}",
             f"DTSTART;TZID={tz}:{start.strftime('%Y%m%dT%H%M%S')}", f"DTEND;TZID={tz}:{end.strftime('%Y%m%dT%H%M%S')}",
             _ics_text_prop(ctx, "SUMMARY", _event_summary(ctx))]
    if ctx.chance(0.6):
        lines.append(_ics_text_prop(ctx, "LOCATION", _event_location(ctx)))
    if ctx.chance(0.5):
        lines.append(_ics_text_prop(ctx, "DESCRIPTION", _event_description(ctx)))
    if ctx.chance(0.3):
        lines.append(f"RRULE:FREQ={ctx.pick(('WEEKLY', 'DAILY', 'MONTHLY'))};{ctx.pick(('BYDAY=MO,WE', 'COUNT=10', 'INTERVAL=2', 'BYDAY=TU;UNTIL=20251231T000000Z'))}")
    if ctx.chance(0.4):
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder", f"TRIGGER:-PT{ctx.pick((5, 10, 15, 30))}M", "END:VALARM"]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


@template(GROUP, ("/cal/",), weight=1.2)
def calendar_events(ctx: Ctx) -> Request:
    """A calendar: JSON events with recurrence and attendees, edits, searches; CalDAV PUT (text/calendar) and REPORT (XML)."""
    cal = ctx.pick(("primary", ctx.fake.email(), "c_" + v.hex_token(ctx, 20) + "@group.calendar"))
    r = ctx.rng.random()
    if r < 0.32:
        start = v.when(ctx)
        tz = ctx.pick(_TIMEZONES)
        body: dict[str, Any] = {
            "summary": j(ctx, "summary", _event_summary(ctx)), "description": j(ctx, "description", _event_description(ctx)),
            "location": j(ctx, "location", _event_location(ctx)),
            "start": {"dateTime": start.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": tz},
            "end": {"dateTime": (start + timedelta(minutes=ctx.pick((30, 60, 90)))).strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": tz},
            "attendees": [{"email": ctx.fake.email(), "displayName": j(ctx, f"attendee{i}", v.full_name(ctx)), "optional": ctx.chance(0.2)} for i in range(ctx.rng.randint(0, 4))],
            "reminders": {"useDefault": False, "overrides": [{"method": ctx.pick(("popup", "email")), "minutes": ctx.pick((5, 10, 30, 1440))}]},
            "visibility": ctx.pick(("default", "private")), "colorId": str(ctx.rng.randint(1, 11)),
        }
        if ctx.chance(0.3):
            body["recurrence"] = [f"RRULE:FREQ=WEEKLY;BYDAY={','.join(ctx.rng.sample(['MO', 'TU', 'WE', 'TH', 'FR'], ctx.rng.randint(1, 3)))};UNTIL={v.when(ctx).strftime('%Y%m%dT000000Z')}"]
        q = qs(ctx, [("sendUpdates", ctx.pick(("all", "externalOnly", "none"))), ("conferenceDataVersion", ctx.pick(("0", "1")))])
        return req("POST", f"/cal/api/v3/calendars/{seg(ctx, 'calendarId', cal)}/events", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), q, dumps(ctx, body))
    event_id = v.hex_token(ctx, 26)
    if r < 0.48:
        if ctx.chance(0.5):
            body = {"summary": j(ctx, "summary", _event_summary(ctx))}
        else:
            body = {"attendees": [{"email": ctx.fake.email(), "responseStatus": ctx.pick(("accepted", "declined", "tentative")),
                                   "comment": j(ctx, "comment", ctx.pick(("Running 5 min late", "Can we move this to 3pm?", "Sorry -- sick today 🤒", "Je serai en retard", v.sentence(ctx))))}]}
        return req("PATCH", f"/cal/api/v3/calendars/{enc_path(cal)}/events/{seg(ctx, 'eventId', event_id)}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if r < 0.58:
        return req("DELETE", f"/cal/api/v3/calendars/{enc_path(cal)}/events/{seg(ctx, 'eventId', event_id)}", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, [("sendUpdates", ctx.pick(("all", "none")))]))
    if r < 0.74:
        t0 = v.when(ctx)
        pairs: list[tuple[str, Any]] = [("timeMin", t0.strftime("%Y-%m-%dT00:00:00Z")), ("timeMax", (t0 + timedelta(days=ctx.pick((1, 7, 31)))).strftime("%Y-%m-%dT00:00:00Z")),
                                        ("q", ctx.pick(("dentist", "1:1", "Joe's", "standup", ctx.fake.first_name()))) if ctx.chance(0.4) else ("q", None),
                                        ("singleEvents", "true"), ("orderBy", "startTime"), ("maxResults", ctx.pick((50, 250)))]
        return req("GET", f"/cal/api/v3/calendars/{seg(ctx, 'calendarId', cal)}/events", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    user = seg(ctx, "davUser", ctx.en.user_name())
    if r < 0.9:
        uid = ctx.fake.uuid4().upper()
        extra = (("If-None-Match", "*"),) if ctx.chance(0.6) else (("If-Match", f'"{v.hex_token(ctx, 16)}"'),)
        return req("PUT", f"/cal/dav/{user}/calendar/{uid}.ics", headers_for(ctx, ctx.pick(("mobile", "sdk")), content_type="text/calendar; charset=utf-8", auth="basic" if ctx.chance(0.5) else "jwt", extra=extra),
                   body=_ics_event(ctx, uid))
    t0 = v.when(ctx)
    text = enc_xml(str(ctx.slot("xml", "text-match", ctx.pick(("dentist", "Dr. O'Neil", "Zoom", "1:1", ctx.fake.last_name(), "birthday")))))
    body_xml = (
        '<?xml version="1.0" encoding="utf-8" ?>\n'
        '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">\n'
        "  <D:prop><D:getetag/><C:calendar-data/></D:prop>\n"
        '  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">\n'
        f'    <C:time-range start="{t0.strftime("%Y%m%dT000000Z")}" end="{(t0 + timedelta(days=30)).strftime("%Y%m%dT000000Z")}"/>\n'
        f'    <C:prop-filter name="SUMMARY"><C:text-match collation="i;unicode-casemap">{text}</C:text-match></C:prop-filter>\n'
        "  </C:comp-filter></C:comp-filter></C:filter>\n</C:calendar-query>\n"
    )
    return req("REPORT", f"/cal/dav/{user}/calendar/", headers_for(ctx, "sdk", content_type="application/xml; charset=utf-8", auth="basic", extra=(("Depth", "1"),)), body=body_xml)


# --------------------------------------------------------------------------
# Pet adoption
# --------------------------------------------------------------------------

_BREEDS = {"dog": ("Jack Russell Terrier", "Staffordshire Bull Terrier", "Shih Tzu", "Labrador Retriever mix", "German Shepherd", "Greyhound (ex-racer)",
                   "Border Collie x Springer", "Chihuahua", "Pit Bull Terrier", "Dachshund (wire-haired)"),
           "cat": ("Maine Coon", "Domestic Shorthair", "Siamese", "British Blue", "Ragdoll", "Tabby (DSH)")}


@template(GROUP, ("/adopt/",), weight=1.2)
def pet_adoption(ctx: Ctx) -> Request:
    """An animal shelter: pet search, multipart adoption applications with long answers, questions about a pet, favourites."""
    site = v.site(ctx)
    r = ctx.rng.random()
    if r < 0.33:
        species = ctx.pick(("dog", "cat", "dog", "cat", "rabbit", "guinea-pig", "bird"))
        pairs: list[tuple[str, Any]] = [
            ("species", species), ("age", ctx.pick(("baby", "young", "adult", "senior", "young,adult"))),
            ("size", ctx.pick(("small", "medium", "large", "xl"))) if ctx.chance(0.5) else ("size", None),
            ("good_with", ctx.pick(("kids", "cats", "dogs", "kids,cats"))) if ctx.chance(0.5) else ("good_with", None),
            ("breed", ctx.pick(_BREEDS[species])) if species in _BREEDS and ctx.chance(0.4) else ("breed", None),
            ("location", ctx.pick((ctx.fake.postcode(), ctx.fake.city()))), ("distance", ctx.pick((10, 25, 50, 100))),
        ]
        return req("GET", "/adopt/pets", headers_for(ctx, ctx.pick(("nav", "xhr"))), qs(ctx, pairs))
    pet_id = f"{ctx.pick(('dog', 'cat', 'pet'))}-{ctx.rng.randrange(1000, 99999)}"
    pet = seg(ctx, "petId", pet_id)
    if r < 0.72:
        first, last = v.person_name(ctx)
        name = ctx.pick(("Biscuit", "Luna", "Mr. Whiskers", "Señor Paws", "Bella", "Ziggy", "Pepper", "Olive"))
        fields = [
            ("applicant_name", f"{first} {last}"), ("email", ctx.fake.email()), ("phone", ctx.fake.phone_number()), ("address", _one_line_address(ctx)),
            ("housing", ctx.pick(("own_house", "rent_house", "rent_apartment", "live_with_parents"))),
            ("landlord_permission", ctx.pick(("yes", "no", "n/a"))),
            ("household", ctx.pick(("2 adults, kids aged 7 & 11, one cat (FIV-)", "Just me + my partner; no other pets", "3 adults -- one works from home",
                                    "Me, my wife & our 14 y/o lab 'Max'", v.sentence(ctx)))),
            ("hours_alone", ctx.pick(("0-2", "2-4", "4-6", "6+"))),
            ("experience", ctx.pick((v.prose(ctx, 2, 5, trap_rate=0.3), v.long_prose(ctx)))),
            ("why_this_pet", ctx.pick((f"We fell in love with {name}'s photo <3 {v.prose(ctx, 1, 3)}", v.free_text(ctx)))),
            ("vet_reference", ctx.pick((f"Dr. O'Malley, {ctx.fake.company()} -- {ctx.fake.phone_number()}", "none yet (first pet!)", f"{ctx.fake.company()} Vet Clinic, {ctx.fake.city()}"))),
        ]
        letter = "\n".join(["To whom it may concern,", "", v.prose(ctx, 2, 4), "", f"{ctx.fake.name()}", _one_line_address(ctx)])
        files = [("landlord_letter", ctx.pick(("landlord_letter.txt", "Vermieter-Zustimmung.txt", "permission.txt")), "text/plain", letter)] if ctx.chance(0.5) else []
        ctype, body = multipart(ctx, fields, files)
        return req("POST", f"/adopt/pets/{pet}/applications", headers_for(ctx, "nav", content_type=ctype, origin=site, referer=f"{site}/adopt/pets/{pet_id}/apply", cookies=ctx.chance(0.6)), body=body)
    if r < 0.88:
        first, _ = v.person_name(ctx)
        pairs = [("name", first), ("email", ctx.fake.email()),
                 ("message", ctx.pick(("Is she OK with cats? We have a 12 y/o tabby who's very chill :)", "Is he house-trained? We're in a 3rd-floor flat (no lift).",
                                       "Can we visit on Saturday between 10-12?", "¿Está vacunado y castrado?", "Ist der Hund stubenrein?", v.prose(ctx, 1, 3, trap_rate=0.3)))),
                 ("_csrf", v.alnum_token(ctx, 36))]
        return req("POST", f"/adopt/pets/{pet}/questions", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/adopt/pets/{pet_id}", cookies=True),
                   body=form(ctx, pairs, fixed=("_csrf",)))
    method = ctx.pick(("PUT", "DELETE"))
    return req(method, f"/adopt/account/favourites/{pet}", headers_for(ctx, "xhr", origin=site, cookies=True, extra=(("X-CSRF-Token", v.alnum_token(ctx, 36)),)))

