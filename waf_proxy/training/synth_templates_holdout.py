"""A second set of held-out templates ("holdout-2"): apps unlike any other template.

Written blind to the model's errors, as a fresh test of whether it learned
payloads or contexts: a recipe site, a podcast app, a real-estate search, a
patient portal, IoT telemetry, a CI/CD API, a survey builder, a marketplace
seller API, a learning platform, a maps API and a photo-sharing upload. Their
routes, parameter names and formats (NDJSON, YAML, text/plain logs, bulk
JSON arrays, data URIs) appear nowhere in the training templates. They are
registered in the "holdout" group, which training never draws from; the
names are in `HOLDOUT2` so an evaluation can report them on their own.

Imported at the bottom of `synth_templates` (which registers them); it imports
the rendering helpers from there, so it must not be imported any earlier.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import Request, dumps, form, header_slot, j, multipart, qs, req, rid, seg, template
from waf_proxy.training.synth_values import Ctx, headers_for

HOLDOUT2: tuple[str, ...] = (
    "cookbook_site", "podcast_playback_events", "podcast_playlist_edit", "home_listing_search",
    "patient_portal", "telemetry_ingest", "ci_pipeline_api", "survey_response",
    "seller_listings", "quiz_attempt", "places_nearby", "photo_upload",
)


def _yaml_block(ctx: Ctx, name: str, value: Any, indent: str = "  ") -> str:
    """A YAML literal block scalar ('|-' then indented lines) whose text may carry a payload.

    Block scalars take text as it is, so the payload goes in raw (slot kind
    "multipart", the raw-text kind); only a benign value's own lines are indented.
    """
    text = str(ctx.slot("multipart", name, value))
    return "|-\n" + "\n".join(indent + line for line in text.split("\n"))


_CUISINES = ("italian", "thai", "mexican", "japanese", "indian", "greek", "ethiopian", "korean", "french", "lebanese")
_INGREDIENTS = ("chickpeas", "tofu", "chicken thighs", "feta", "aubergine", "miso", "coconut milk", "salmon",
                "puff pastry", "crème fraîche", "gochujang", "jalapeños", "bok choy", "ricotta", "za'atar")


@template("holdout", ("/cookbook/",), weight=1.5)
def cookbook_site(ctx: Ctx) -> Request:
    """A recipe site: ingredient search, recipe pages, and cooks' notes posted as a form."""
    r = ctx.rng.random()
    if r < 0.4:
        pairs: list[tuple[str, Any]] = [
            ("ingredients", ",".join(ctx.rng.sample(_INGREDIENTS, ctx.rng.randint(1, 3)))),
            ("cuisine", ctx.pick(_CUISINES)) if ctx.chance(0.5) else ("cuisine", None),
            ("diet", ctx.pick(("vegan", "vegetarian", "gluten-free", "low-carb", "halal", "kosher"))) if ctx.chance(0.4) else ("diet", None),
            ("maxMinutes", ctx.pick((15, 20, 30, 45, 60))) if ctx.chance(0.5) else ("maxMinutes", None),
            ("exclude", ctx.pick(("nuts", "dairy", "shellfish", "cilantro/coriander"))) if ctx.chance(0.3) else ("exclude", None),
            ("servings", ctx.rng.randint(1, 8)) if ctx.chance(0.3) else ("servings", None),
        ]
        return req("GET", "/cookbook/find", headers_for(ctx, ctx.pick(("nav", "xhr"))), qs(ctx, pairs))
    recipe = f"{rid(ctx)}-{v.slug(ctx)}"
    if r < 0.65:
        q = qs(ctx, [("scale", ctx.pick(("0.5", "2", "1.5"))), ("units", ctx.pick(("metric", "us")))]) if ctx.chance(0.4) else ""
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/cookbook/recipes/{seg(ctx, 'recipe', recipe)}", headers_for(ctx, "nav", referer=ctx.pick((None, "https://www.pinterest.com/"))), q)
    note = ctx.pick((
        v.prose(ctx, 1, 4, trap_rate=0.4),
        f"Swapped the {ctx.pick(_INGREDIENTS)} for {ctx.pick(_INGREDIENTS)} -- 1/2 cup instead of 3/4, baked at 180°C (350°F) for 25-30 min. {v.sentence(ctx)}",
        "Tips:\n- " + "\n- ".join(v.sentence(ctx) for _ in range(ctx.rng.randint(2, 4))),
    ))
    first, last = v.person_name(ctx)
    pairs = [("stars", ctx.rng.randint(1, 5)), ("cook_note", note), ("made_it", ctx.pick(("yes", "no"))), ("display_as", f"{first} {last[:1]}."),
             ("form_key", v.b64url(ctx.rng.randbytes(32)))]
    site = v.site(ctx)
    return req("POST", f"/cookbook/recipes/{recipe}/notes", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                      referer=f"{site}/cookbook/recipes/{recipe}", cookies=True),
               body=form(ctx, pairs, fixed=("form_key",)))


@template("holdout", ("/pod/v3/playback",))
def podcast_playback_events(ctx: Ctx) -> Request:
    """A podcast app flushing its playback log as NDJSON in compact rows (a names row, then one array per event).

    Compact rows (ClickHouse's JSONCompactEachRowWithNames shape) rather than one
    object per line, and no free text in the rows: the shared synth tests read a
    body starting with '{', or holding a JSON slot, as one JSON document. Payloads
    go into the session id in the path and the headers.
    """
    episode = ctx.fake.uuid4()
    names = ["kind", "episodeGuid", "positionSec", "atMs", "rate", "output"]
    lines = [json.dumps(names, separators=(",", ":"))]
    pos = ctx.rng.randrange(0, 3000)
    output = ctx.pick(("speaker", "headphones", "bluetooth", "carplay", "airplay", "cast"))
    at_ms = ctx.rng.randrange(1_700_000_000_000, 1_760_000_000_000)
    for _ in range(ctx.rng.randint(1, 6)):
        row = [ctx.pick(("play", "pause", "seek", "progress", "speed_change", "complete")), episode, pos, at_ms, ctx.pick((1.0, 1.25, 1.5, 2.0)), output]
        step = ctx.rng.randrange(5, 600)
        pos, at_ms = pos + step, at_ms + step * 1000 + ctx.rng.randrange(0, 900)
        lines.append(json.dumps(row, separators=(",", ":")))
    session = seg(ctx, "session", v.hex_token(ctx, 16))
    return req("POST", f"/pod/v3/playback/sessions/{session}/events", headers_for(ctx, "mobile", content_type="application/x-ndjson", auth="jwt", cookies=ctx.chance(0.3)), body="\n".join(lines) + "\n")


@template("holdout", ("/pod/v3/playlists",))
def podcast_playlist_edit(ctx: Ctx) -> Request:
    """Playlists: renamed with multilingual descriptions (PUT), reordered (PATCH), removed (DELETE)."""
    pl = seg(ctx, "playlistId", "pl_" + v.alnum_token(ctx, 12))
    r = ctx.rng.random()
    if r < 0.2:
        return req("DELETE", f"/pod/v3/playlists/{pl}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))
    if r < 0.5:
        body: Any = {"moves": [{"from": ctx.rng.randrange(0, 30), "to": ctx.rng.randrange(0, 30)} for _ in range(ctx.rng.randint(1, 3))]}
        return req("PATCH", f"/pod/v3/playlists/{pl}/order", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    body = {
        "playlistTitle": j(ctx, "playlistTitle", ctx.pick((v.short_text(ctx), f"Commute 🚆 {ctx.en.word()}", "Sleep / Schlaf / 睡眠", "True crime & more"))),
        "blurb": j(ctx, "blurb", v.prose(ctx, 1, 2)),
        "isPublic": ctx.chance(0.4),
        "episodeGuids": [ctx.fake.uuid4() for _ in range(ctx.rng.randint(1, 5))],
        "coverColor": "#" + v.hex_token(ctx, 6),
    }
    return req("PUT", f"/pod/v3/playlists/{pl}", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))


@template("holdout", ("/homes/",), weight=1.5)
def home_listing_search(ctx: Ctx) -> Request:
    """A real-estate search with many filters, a map box and free-text keywords."""
    lat, lng = float(ctx.fake.latitude()), float(ctx.fake.longitude())
    d = ctx.rng.uniform(0.02, 0.3)
    pairs: list[tuple[str, Any]] = [
        ("location", ctx.pick((ctx.fake.city(), ctx.fake.postcode(), f"{ctx.fake.city()}, {ctx.fake.state_abbr() if ctx.locale == 'en_US' else ctx.fake.country()}"))),
        ("bedsMin", ctx.rng.randint(0, 4)), ("bathsMin", ctx.pick(("1", "1.5", "2", "3"))),
        ("priceMin", ctx.rng.randrange(0, 500) * 1000) if ctx.chance(0.5) else ("priceMin", None),
        ("priceMax", ctx.rng.randrange(500, 3000) * 1000),
        ("homeTypes", ctx.pick(("house", "condo,townhouse", "house,multi-family", "land", "apartment"))),
        ("sqftMin", ctx.pick((500, 800, 1200, 2000))) if ctx.chance(0.4) else ("sqftMin", None),
        ("keywords", ctx.pick(("garage & pool", "no HOA", "fixer-upper", "walk-in closet", "ocean view", "mother-in-law suite",
                               "2-car garage; fenced yard", "\"open floor plan\"", "EV charger", ctx.en.word()))) if ctx.chance(0.5) else ("keywords", None),
        ("bbox", f"{lng - d:.5f},{lat - d:.5f},{lng + d:.5f},{lat + d:.5f}") if ctx.chance(0.6) else ("bbox", None),
        ("daysOnMarket", ctx.pick((1, 7, 30, 90))) if ctx.chance(0.3) else ("daysOnMarket", None),
        ("orderBy", ctx.pick(("newest", "price-low", "price-high", "sqft", "lot-size"))),
        ("pg", ctx.rng.randint(1, 12)),
    ]
    path = "/homes/for-sale" if ctx.chance(0.7) else f"/homes/for-rent/{seg(ctx, 'area', v.slug(ctx))}"
    return req("GET", path, headers_for(ctx, ctx.pick(("nav", "xhr", "mobile"))), qs(ctx, pairs))


@template("holdout", ("/patient-portal/",), weight=1.5)
def patient_portal(ctx: Ctx) -> Request:
    """A healthcare portal: booking with free-text symptoms, editing notes, CORS preflights."""
    r = ctx.rng.random()
    if r < 0.1:
        headers = [["Accept", "*/*"], ["Access-Control-Request-Method", ctx.pick(("POST", "PATCH"))],
                   ["Access-Control-Request-Headers", "authorization,content-type,x-portal-tenant"], ["Origin", v.site(ctx)],
                   ["User-Agent", header_slot(ctx, "User-Agent", v.user_agent(ctx, "xhr"))], ["Sec-Fetch-Mode", "cors"]]
        return req("OPTIONS", "/patient-portal/api/appointments", headers)
    extra = (("X-Portal-Tenant", ctx.pick(("northside-clinic", "st-marys", "dr-" + ctx.fake.last_name().lower()))),)
    if r < 0.35:
        appt = seg(ctx, "appointmentId", f"APT-{ctx.rng.randrange(10**6, 10**7)}")
        body: Any = {"patientNote": j(ctx, "patientNote", v.prose(ctx, 1, 4, trap_rate=0.4)), "updatedVia": "web"}
        return req("PATCH", f"/patient-portal/api/appointments/{appt}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))
    symptoms = ctx.pick((
        "headache for 3 days, worse in the morning; ibuprofen 400mg helps a bit",
        "follow-up re: blood pressure (was 145/95 last time)",
        "rash on left arm -- itchy, not painful. Started after new detergent?",
        "persistent cough > 2 weeks, no fever",
        "annual check-up + flu shot",
        "knee pain after running (5-10 km), R > L",
        v.prose(ctx, 1, 3, trap_rate=0.3),
    ))
    body = {
        "providerId": ctx.rng.randrange(1000, 99999),
        "slotStart": v.iso_datetime(ctx),
        "visitType": ctx.pick(("in_person", "video", "phone")),
        "reasonForVisit": j(ctx, "reasonForVisit", symptoms),
        "medications": [j(ctx, "medication", m) for m in ctx.rng.sample(["Metformin 500 mg", "Lisinopril 10mg", "Vitamin D3 1000 IU", "L-Thyroxin 50 µg", "none"], ctx.rng.randint(0, 2))],
        "insurance": {"carrier": j(ctx, "carrier", ctx.fake.company()), "memberId": ctx.fake.bothify("???#########").upper()},
        "preferredLanguage": ctx.locale[:2],
    }
    return req("POST", "/patient-portal/api/appointments", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))


@template("holdout", ("/ingest/",))
def telemetry_ingest(ctx: Ctx) -> Request:
    """IoT devices posting JSON arrays of sensor readings with an ingestion key."""
    device = ctx.pick((f"sensor-{ctx.rng.randrange(1, 9999):04d}", ctx.fake.mac_address().replace(":", ""), ctx.fake.uuid4()))
    t0 = ctx.rng.randrange(1_700_000_000, 1_760_000_000)
    readings = []
    for i in range(ctx.rng.randint(1, 8)):
        readings.append({"ts": t0 + 60 * i, "metric": ctx.pick(("temp_c", "humidity_pct", "co2_ppm", "battery_v", "rssi_dbm", "pm2_5")),
                         "value": round(ctx.rng.uniform(-20, 1500), ctx.rng.randint(0, 3))})
    if ctx.chance(0.5):
        body: Any = readings
    else:
        body = {"fw": ctx.pick(("1.4.2", "2.0.0-rc.3", "v3.1.7+build.221")),
                "site": j(ctx, "site", ctx.pick((f"{ctx.fake.street_name()} / Floor {ctx.rng.randint(1, 9)}", "Greenhouse #2", "Cold room (B-12)", ctx.fake.city()))),
                "statusMsg": j(ctx, "statusMsg", ctx.pick(("OK", "low battery < 3.3V", "door open > 5 min", "recalibrated; offset=-0.4", "reboot: watchdog"))),
                "samples": readings}
    extra = (("X-Ingest-Key", "ik_" + v.alnum_token(ctx, 28)),)
    return req("POST", f"/ingest/v1/devices/{seg(ctx, 'deviceId', device)}/samples",
               headers_for(ctx, "sdk", content_type=ctx.pick(("application/json", "application/json; charset=utf-8")), extra=extra), body=dumps(ctx, body))


_CI_STEPS = (
    "make test && make lint",
    "npm ci && npm run build -- --prod",
    "./scripts/deploy.sh --env=staging --tag=$CI_COMMIT_SHORT_SHA",
    "docker build -t registry.example.com/app:${CI_COMMIT_SHA} .",
    "pytest -q --cov=src | tee coverage.txt",
    "echo \"Deploying $APP_NAME to $TARGET\" >> deploy.log",
    "cargo test --all-features 2>&1",
    "go vet ./... && go test -race ./...",
    "if [ \"$BRANCH\" = \"main\" ]; then ./release.sh; fi",
    "find . -name '*.pyc' -delete",
    "curl -fsSL https://get.example.dev/install.sh | sh -s -- --version 1.2.3",
    "kubectl rollout status deploy/web -n prod --timeout=120s",
)


@template("holdout", ("/ci/",), weight=1.5)
def ci_pipeline_api(ctx: Ctx) -> Request:
    """A CI/CD API: pipeline triggers with YAML or JSON config, and runners streaming job logs."""
    ref = ctx.pick(("main", "develop", f"feature/{v.slug(ctx)}", f"fix/{ctx.rng.randrange(100, 9999)}-{ctx.en.word()}", f"release/v{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 20)}", f"refs/tags/v{ctx.rng.randint(0, 5)}.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 9)}"))
    commit_msg = ctx.pick((f"Fix {ctx.en.word()} when {ctx.en.word()} is null", "Merge branch 'main' into " + ref, f"bump deps ({ctx.en.word()} 1.2 -> 1.3)",
                           "WIP: don't merge yet!", f"docs: update README.md & CHANGELOG for #{ctx.rng.randrange(10, 999)}", v.short_text(ctx)))
    r = ctx.rng.random()
    if r < 0.3:
        job = ctx.rng.randrange(10**5, 10**8)
        lines = [f"$ {ctx.pick(_CI_STEPS)}", f"Running with runner-{v.hex_token(ctx, 8)} on {ctx.pick(('docker', 'shell', 'k8s'))}",
                 f"Checking out {v.hex_token(ctx, 8)} as {ref}...", str(ctx.slot("multipart", "logLine", f"commit: {commit_msg}")),
                 f"{ctx.rng.randint(1, 400)} passed, {ctx.rng.randint(0, 3)} skipped in {ctx.rng.uniform(1, 300):.2f}s",
                 ctx.pick(("Job succeeded", "ERROR: Job failed: exit code 1", "WARNING: cache not found; uploading artifacts/ -> s3://ci-cache/"))]
        start = ctx.rng.randrange(0, 200000)
        body = "\n".join(lines) + "\n"
        extra = (("Job-Token", "jt-" + v.alnum_token(ctx, 20)),)  # a Content-Range would differ between an attack and its twin
        return req("PATCH", f"/ci/api/jobs/{job}/trace", headers_for(ctx, "sdk", content_type="text/plain", extra=extra), f"offset={start}", body)
    steps = ctx.rng.sample(_CI_STEPS, ctx.rng.randint(1, 3))
    project = seg(ctx, "project", ctx.pick((f"{ctx.en.word()}/{ctx.en.word()}-{ctx.pick(('api', 'web', 'infra', 'docs'))}", str(rid(ctx)))))
    if ctx.chance(0.5):
        script = "\n".join(f"      - {json.dumps(s)}" for s in steps)
        config = (
            f"pipelineName: {_yaml_block(ctx, 'pipelineName', ctx.pick(('nightly', 'deploy staging', 'PR checks', v.short_text(ctx))))}\n"
            f"ref: {json.dumps(ref)}\n"
            f"message: {_yaml_block(ctx, 'message', commit_msg)}\n"
            "variables:\n"
            f"  TARGET: {ctx.pick(('staging', 'prod-eu', 'preview-' + str(ctx.rng.randrange(100, 999))))}\n"
            f"  RETRIES: \"{ctx.rng.randint(0, 3)}\"\n"
            "stages:\n"
            f"  - name: {ctx.pick(('build', 'test', 'deploy'))}\n"
            f"    image: {ctx.pick(('node:20-alpine', 'python:3.12-slim', 'golang:1.22', 'rust:1.79'))}\n"
            "    script:\n" + script + "\n"
        )
        ctype = ctx.pick(("application/x-yaml", "application/yaml", "text/yaml"))
        return req("POST", f"/ci/api/projects/{project}/runs", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctype, auth=ctx.pick(("jwt", "apikey"))), body=config)
    body: Any = {"ref": j(ctx, "ref", ref), "commitMessage": j(ctx, "commitMessage", commit_msg),
                 "env": {"TARGET": j(ctx, "TARGET", ctx.pick(("staging", "prod-us", "qa"))), "DRY_RUN": ctx.pick(("true", "false"))},
                 "steps": [{"run": s} for s in steps]}
    return req("POST", f"/ci/api/projects/{project}/runs", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth=ctx.pick(("jwt", "basic"))), body=dumps(ctx, body))


@template("holdout", ("/surveys/",), weight=1.5)
def survey_response(ctx: Ctx) -> Request:
    """A forms builder: answers in many languages, ratings, multiple choice, 'other' text."""
    form_id = v.alnum_token(ctx, 10)
    if ctx.chance(0.5):
        answers: dict[str, Any] = {
            f"q{ctx.rng.randint(1, 3)}": ctx.rng.randint(0, 10),
            "q_freeform": j(ctx, "q_freeform", v.prose(ctx, 1, 5, trap_rate=0.3)),
            "q_choices": [ctx.pick(("Price", "Quality", "Support", "Other: see comment", "N/A")) for _ in range(ctx.rng.randint(1, 3))],
            "q_other": j(ctx, "q_other", ctx.pick(("", "-", "idk ¯\\_(ツ)_/¯", "n/a", v.sentence(ctx)))),
        }
        body = {"respondent": ctx.fake.uuid4(), "submittedAt": v.iso_datetime(ctx), "answers": answers, "durationSec": ctx.rng.randrange(20, 900)}
        return req("POST", f"/surveys/{form_id}/responses", headers_for(ctx, "xhr", content_type="application/json", origin=v.site(ctx)), body=dumps(ctx, body))
    pairs = [("entry.nps", ctx.rng.randint(0, 10)), ("entry.improve", v.prose(ctx, 1, 3, trap_rate=0.3)),
             ("entry.age_band", ctx.pick(("18-24", "25-34", "35-44", "45+"))), ("entry.country", ctx.fake.country()), ("fbzx", str(ctx.rng.randrange(-(10**18), 10**18)))]
    site = v.site(ctx)
    return req("POST", f"/surveys/{form_id}/formResponse", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/surveys/{form_id}/viewform"),
               body=form(ctx, pairs, fixed=("fbzx",)))


@template("holdout", ("/seller/",))
def seller_listings(ctx: Ctx) -> Request:
    """A marketplace seller API: listings replaced, withdrawn, and repriced in bulk."""
    auth = ctx.pick(("apikey", "basic"))
    r = ctx.rng.random()
    if r < 0.2:
        return req("DELETE", f"/seller/v2/listings/{seg(ctx, 'sellerSku', ctx.fake.bothify('??-####-?').upper())}", headers_for(ctx, "sdk", auth=auth), qs(ctx, [("withdrawReason", ctx.pick(("sold_elsewhere", "out_of_stock", "discontinued")))]))
    if r < 0.55:
        updates = [{"sellerSku": j(ctx, "sellerSku", ctx.fake.bothify("??-####-?").upper()), "amount": f"{v.price(ctx, 2, 900):.2f}",
                    "currencyCode": ctx.pick(("USD", "EUR", "GBP", "JPY"))} for _ in range(ctx.rng.randint(1, 6))]
        return req("PATCH", "/seller/v2/listings/prices", headers_for(ctx, "sdk", content_type="application/json", auth=auth), body=dumps(ctx, {"priceUpdates": updates}))
    sku = ctx.fake.bothify("??-####-?").upper()
    body = {
        "headline": j(ctx, "headline", ctx.pick((f"{ctx.fake.company()} {ctx.en.word()} -- {ctx.pick(('NEW', 'like new', 'refurbished'))}", v.short_text(ctx)))),
        "details": j(ctx, "details", v.markdown_post(ctx, code_rate=0.0) if ctx.chance(0.3) else v.prose(ctx, 1, 4, trap_rate=0.4)),
        "condition": ctx.pick(("new", "used_good", "used_acceptable", "refurbished")),
        "stockQty": ctx.rng.randint(0, 500),
        "attributes": {"brand": j(ctx, "brand", ctx.pick((ctx.fake.company(), "Levi's", "Dr. Martens", "B&O", "L'Oréal"))), "size": ctx.pick(("S", "M", "L", "EU 42", "10.5", "one size"))},
        "shipping": {"template": ctx.pick(("standard", "free-over-50", "express")), "handlingDays": ctx.rng.randint(1, 5)},
    }
    return req("PUT", f"/seller/v2/listings/{sku}", headers_for(ctx, "sdk", content_type="application/json", auth=auth), body=dumps(ctx, body))


_QUIZ_ANSWERS = (
    "x<5 && y>2", "a >= b || c != d", "f(x) = x^2 - 3x + 2", "\\frac{a}{b} + \\sqrt{c}", "O(n log n)", "2^10 = 1024",
    "SELECT COUNT(*) FROM students WHERE grade > 90;", "for i in range(10): print(i)", "i++ vs ++i", "<div> is a block element",
    "int *p = &x;", "!(A || B) == !A && !B", "sum = sum + arr[i];", "x = (-b ± √(b²-4ac)) / 2a", "'hello' + 'world'",
    "git rebase -i HEAD~3", "lambda x: x * 2", "P(A|B) = P(B|A)P(A)/P(B)",
)


@template("holdout", ("/learn/",), weight=1.5)
def quiz_attempt(ctx: Ctx) -> Request:
    """A learning platform: quiz answers with code and maths, plus a short explanation."""
    course = seg(ctx, "course", ctx.pick(("cs101", "intro-to-" + ctx.en.word(), "algebra-ii", "sql-basics", "web-dev-bootcamp")))
    quiz = rid(ctx)
    answers = []
    for n in range(ctx.rng.randint(1, 4)):
        kind = ctx.pick(("choice", "text", "code"))
        if kind == "choice":
            answers.append({"questionId": f"q{n + 1}", "selected": ctx.rng.sample(["a", "b", "c", "d"], ctx.rng.randint(1, 2))})
        elif kind == "text":
            answers.append({"questionId": f"q{n + 1}", "response": j(ctx, f"response{n}", ctx.pick(_QUIZ_ANSWERS))})
        else:
            answers.append({"questionId": f"q{n + 1}", "source": j(ctx, f"source{n}", ctx.pick(v._CODE_SNIPPETS)[1]), "language": ctx.pick(("python", "javascript", "c"))})
    body: dict[str, Any] = {"attemptNo": ctx.rng.randint(1, 3), "answers": answers, "elapsedMs": ctx.rng.randrange(10_000, 3_600_000)}
    if ctx.chance(0.4):
        body["explanation"] = j(ctx, "explanation", v.prose(ctx, 1, 2, trap_rate=0.5))
    return req("POST", f"/learn/courses/{course}/quizzes/{quiz}/attempts", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt", origin=v.site(ctx)), body=dumps(ctx, body))


@template("holdout", ("/maps/",))
def places_nearby(ctx: Ctx) -> Request:
    """A maps/places API: coordinates, radius, free-text place queries, directions."""
    lat, lng = float(ctx.fake.latitude()), float(ctx.fake.longitude())
    if ctx.chance(0.65):
        pairs: list[tuple[str, Any]] = [
            ("near", f"{lat:.6f},{lng:.6f}"), ("radiusM", ctx.pick((250, 500, 1000, 5000))),
            ("text", ctx.pick(("coffee", "pharmacy open now", "Joe's Pizza", "ramen near me", "EV charging", "24/7 gas station",
                               "café & bakery", "Bäckerei", "寿司", ctx.fake.company(), ctx.fake.street_name()))),
            ("openNow", ctx.pick(("1", "0"))) if ctx.chance(0.4) else ("openNow", None),
            ("lang", ctx.locale.replace("_", "-")),
        ]
        return req("GET", "/maps/places/nearby", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth=ctx.pick((None, "jwt"))), qs(ctx, pairs))
    dest = ctx.fake.address().replace("\n", ", ")
    pairs = [("origin", f"{lat:.5f},{lng:.5f}"), ("destination", dest), ("mode", ctx.pick(("driving", "walking", "transit", "bicycling"))),
             ("avoid", ctx.pick(("tolls", "tolls|ferries", "highways"))) if ctx.chance(0.3) else ("avoid", None), ("units", ctx.pick(("metric", "imperial")))]
    return req("GET", "/maps/directions", headers_for(ctx, ctx.pick(("mobile", "sdk"))), qs(ctx, pairs))


_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
        '<rect width="100%" height="100%" fill="#{c}"/><circle cx="{x}" cy="{y}" r="{r}" fill="#{c2}"/></svg>')


@template("holdout", ("/photos/",))
def photo_upload(ctx: Ctx) -> Request:
    """Photo sharing: multipart uploads with captions and alt text, or JSON with a data URI."""
    caption = ctx.pick((v.prose(ctx, 1, 2), f"{ctx.fake.city()} 🌅 #{ctx.en.word()} #{ctx.en.word()}", "sunset @ the pier -- no filter!", v.short_text(ctx)))
    alt = ctx.pick((f"A {ctx.en.word()} on a {ctx.en.word()} near {ctx.fake.city()}", "Two kids & a dog on the beach", ""))
    tags = ",".join(ctx.en.words(ctx.rng.randint(0, 4)))
    w, h = ctx.pick(((640, 480), (1080, 1080), (1920, 1080)))
    svg = _SVG.format(w=w, h=h, c=v.hex_token(ctx, 6), c2=v.hex_token(ctx, 6), x=ctx.rng.randrange(w), y=ctx.rng.randrange(h), r=ctx.rng.randrange(10, 200))
    if ctx.chance(0.6):
        fields = [("caption", caption), ("alt_text", alt), ("tags", tags), ("album", ctx.pick(("Camera Roll", "Holidays 2024", "Food", ctx.fake.city())))]
        fname = ctx.pick(("IMG_", "PXL_", "DSC")) + str(ctx.rng.randrange(1000, 99999)) + ".svg"
        ctype, body = multipart(ctx, fields, [("photo", fname, "image/svg+xml", svg)])
        return req("POST", "/photos/upload", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type=ctype, auth="jwt", cookies=ctx.chance(0.3)), body=body)
    data = {"caption": j(ctx, "caption", caption), "altText": j(ctx, "altText", alt), "takenAt": v.iso_datetime(ctx),
            "geo": {"lat": round(float(ctx.fake.latitude()), 5), "lon": round(float(ctx.fake.longitude()), 5)} if ctx.chance(0.5) else None,
            "image": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()}
    return req("POST", "/photos/api/items", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, data))
