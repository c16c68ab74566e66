"""Train templates: consumer web and mobile apps.

A social network, a dating app, a news site's comments, music and video
streaming, event ticketing, food delivery, crowdfunding, classifieds search and
contact forms, a local-services marketplace, a newsletter reader and a
dictionary. Consumer apps carry the most free text of all (posts, bios,
prompts, special instructions, address notes, pledge messages, job
descriptions) and send it from browsers, native apps and partner servers, in
JSON, forms, multipart, XML, CSV, WebVTT and text/plain beacons. Every value a
user or client controls goes through a slot.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import Request, dumps, form, header_slot, j, multipart, qs, req, rid, seg, template
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Small value builders (private to this module)
# --------------------------------------------------------------------------


def _handle(ctx: Ctx) -> str:
    name = ctx.pick((ctx.fake.user_name(), ctx.en.user_name(), ctx.fake.first_name().lower() + "_" + ctx.en.word()))
    return name.replace(" ", "")


def _hashtag(ctx: Ctx) -> str:
    return "#" + ctx.pick((ctx.en.word(), ctx.en.word().capitalize() + ctx.en.word().capitalize(), ctx.fake.city().replace(" ", ""),
                           "tbt", "MondayMotivation", "100DaysOfCode", "nofilter", "c++", "r&d"))


def _social_text(ctx: Ctx) -> str:
    """A post: prose with @mentions, #hashtags, a link and emoji in any order."""
    parts = [v.prose(ctx, 1, 3, trap_rate=0.4)]
    if ctx.chance(0.5):
        parts.insert(ctx.rng.randint(0, 1), "@" + _handle(ctx))
    if ctx.chance(0.6):
        parts.append(" ".join(_hashtag(ctx) for _ in range(ctx.rng.randint(1, 4))))
    if ctx.chance(0.25):
        parts.append(ctx.fake.url() + ctx.en.uri_path() + ctx.pick(("", "?s=20", "?utm_source=share&utm_medium=ios")))
    if ctx.chance(0.15):
        parts.append(ctx.pick(("RT if you agree", "thread 🧵 1/3", "(edited)", "-- end rant --", "h/t @" + _handle(ctx))))
    return ctx.pick((" ", "\n", "\n\n")).join(parts)


_ARTISTS = ("Guns N' Roses", "AC/DC", "Sigur Rós", "Florence + the Machine", "Belle & Sebastian", "!!!", "Panic! at the Disco",
            "Ty Dolla $ign", "Sunn O)))", "The The", "Beyoncé", "Motörhead", "Simon & Garfunkel", "Earth, Wind & Fire", "*NSYNC",
            "Hall & Oates", "Death Cab for Cutie", "Sinéad O'Connor", "The B-52's", "M|O|O|N", "Bad Religion", "Os Mutantes")


def _artist(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.35:
        return ctx.pick(_ARTISTS)
    if r < 0.6:
        return ctx.fake.name()
    if r < 0.8:
        return "The " + ctx.en.word().capitalize() + ctx.pick(("s", "s", " Club", " Collective", " Orchestra"))
    return f"{ctx.fake.first_name()} {ctx.pick(('feat.', 'ft.', '&', 'x', 'vs.'))} {ctx.pick(_ARTISTS)}"


def _track(ctx: Ctx) -> str:
    title = " ".join(w.capitalize() for w in ctx.en.words(ctx.rng.randint(1, 4)))
    r = ctx.rng.random()
    if r < 0.15:
        title += f" (feat. {ctx.fake.name()})"
    elif r < 0.25:
        title += f" - Remastered {ctx.rng.randrange(1995, 2025)}"
    elif r < 0.32:
        title += f" (Live at {ctx.fake.city()})"
    elif r < 0.38:
        title = ctx.pick(("Don't Stop Me Now", "(I Can't Get No) Satisfaction", "Where's My Mind?", "Select All", "Union City Blue",
                          "Drop It Like It's Hot", "Rock 'n' Roll Train", "1/2 Life", "Sleep; Wake; Repeat", "99 Problems"))
    elif r < 0.5:
        title = ctx.fake.sentence(nb_words=ctx.rng.randint(2, 5)).rstrip(".")
    return title


def _lyric_line(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.4:
        return " ".join(ctx.en.words(ctx.rng.randint(3, 8)))
    if r < 0.55:
        return '"' + " ".join(ctx.fake.words(ctx.rng.randint(3, 6))) + '"'
    if r < 0.8:
        return ctx.pick(("i can't drop you baby", "select me, select me", "where did you sleep last night", "we'll union in the morning",
                         "is this the real life? is this just fantasy", "don't you (forget about me)", "oh-oh-oh, o-o-o-oh",
                         "and i'm like baby, baby, baby oh", "na na na na -- hey hey", "we will, we will rock you",
                         "order in the court 'til 5", "2 + 2 = 5", "it's the end of the world as we know it"))
    return f"song that goes {ctx.en.word()} {ctx.en.word()} {ctx.pick(('la la', 'oh oh', 'yeah', '...'))}"


_FOOD_NOTES = (
    "No onions please, {who} is allergic!", "Extra spicy 🌶️🌶️ -- like, really spicy", "Sauce on the side; cut in half if possible",
    "Gluten-free bun if you have it (celiac, not a preference)", "Please don't add cutlery, we have our own :)",
    "Well done, not medium -- thanks!", "Light ice / no straw", "Can you write 'Happy birthday {first}!' on the box?",
    "Swap fries -> side salad", "Dressing: 1/2 portion", "NO nuts & no sesame -- severe allergy", "Drop me a line if anything's out of stock",
)
_ADDRESS_NOTES = (
    "Gate code #{n}, ring twice", "Leave at the door; don't knock (baby sleeping)", "Apt {unit}, {floor} floor -- buzzer says {last}",
    "Side entrance, the blue door next to the café", "Call when outside, the intercom doesn't work", "Hand it to reception / front desk",
    "Dog is friendly 🐕 but loud", "Building B -- use the ramp, lift is broken", "Behind the {word} shop; parking is free after 6pm",
)


def _food_note(ctx: Ctx) -> str:
    if ctx.chance(0.25):
        return v.prose(ctx, 1, 2, trap_rate=0.4)
    note = ctx.pick(_FOOD_NOTES).format(who=ctx.fake.first_name(), first=ctx.fake.first_name())
    return note if ctx.chance(0.7) else f"{note}. {ctx.pick(_FOOD_NOTES).format(who=ctx.fake.first_name(), first=ctx.fake.first_name())}"


def _address_note(ctx: Ctx) -> str:
    _, last = v.person_name(ctx)
    return ctx.pick(_ADDRESS_NOTES).format(n=ctx.rng.randrange(100, 99999), unit=ctx.fake.bothify("##?").upper(),
                                           floor=ctx.pick(("2nd", "3rd", "ground", "top")), last=last, word=ctx.en.word())


def _hmac_header(ctx: Ctx, name: str) -> tuple[str, str]:
    ts = ctx.rng.randrange(1_700_000_000, 1_760_000_000)
    value = ctx.pick((f"sha256={v.hex_token(ctx, 64)}", f"t={ts},v1={v.hex_token(ctx, 64)}", base64.b64encode(ctx.rng.randbytes(32)).decode()))
    return name, value


# ==========================================================================
# Social network: posts with hashtags and mentions, reactions, shares, follows
# ==========================================================================


@template("train", ("/social/api/",), weight=1.5)
def social_network(ctx: Ctx) -> Request:
    """Posts, edits, reactions, quote shares, follows and feeds from the app and the web client."""
    kind = ctx.pick(("post", "post", "edit", "react", "share", "follow", "feed", "tag"))
    profile = ctx.pick(("mobile", "mobile", "xhr"))

    def json_headers() -> list[list[str]]:  # built only where used: headers register slots
        return headers_for(ctx, profile, content_type="application/json", auth="jwt", origin=v.site(ctx) if profile == "xhr" else None)

    pid = ctx.pick((str(rid(ctx)), str(ctx.rng.randrange(10**17, 10**18))))
    if kind == "post":
        body: dict[str, Any] = {
            "text": j(ctx, "text", _social_text(ctx)),
            "visibility": ctx.pick(("public", "followers", "close_friends", "mentioned")),
            "mentions": [{"handle": j(ctx, "mentions[].handle", _handle(ctx)), "user_id": str(rid(ctx))} for _ in range(ctx.rng.randint(0, 2))],
            "media": [],
            "reply_to_id": ctx.pick((None, None, pid)),
            "sensitive": ctx.chance(0.1),
            "language": ctx.locale[:2],
        }
        for _ in range(ctx.rng.randint(0, 2)):
            body["media"].append({"media_id": str(rid(ctx)), "alt_text": j(ctx, "media[].alt_text", ctx.pick((v.sentence(ctx), "", "screenshot of " + ctx.en.word())))})
        if ctx.chance(0.2):
            body["poll"] = {"options": [j(ctx, "poll.options[]", ctx.pick((ctx.en.word(), v.tricky_search(ctx), "both?", "neither 🙃"))) for _ in range(ctx.rng.randint(2, 4))],
                            "expires_in": ctx.pick((3600, 86400, 604800)), "multiple": ctx.chance(0.3)}
        if ctx.chance(0.2):
            body["place"] = {"name": j(ctx, "place.name", ctx.pick((ctx.fake.city(), ctx.fake.company(), f"{ctx.fake.last_name()}'s"))), "country": ctx.fake.country_code()}
        return req("POST", "/social/api/v2/posts", json_headers(), body=dumps(ctx, body))
    if kind == "edit":
        body = {"text": j(ctx, "text", _social_text(ctx)), "edit_reason": j(ctx, "edit_reason", ctx.pick(("typo", "forgot the link", "-- fixed --", v.short_text(ctx))))}
        return req("PATCH", f"/social/api/v2/posts/{seg(ctx, 'post_id', pid)}", json_headers(), body=dumps(ctx, body))
    if kind == "react":
        reaction = ctx.pick(("like", "love", "haha", "wow", "sad", "celebrate", "🔥", "👍"))
        path = f"/social/api/v2/posts/{pid}/reactions/{seg(ctx, 'reaction', reaction)}"
        if ctx.chance(0.3):
            return req("DELETE", path, headers_for(ctx, profile, auth="jwt"))
        return req("PUT", path, headers_for(ctx, profile, auth="jwt"))
    if kind == "share":
        body = {"quote": j(ctx, "quote", _social_text(ctx)) if ctx.chance(0.6) else None, "audience": ctx.pick(("public", "followers")),
                "share_to": [ctx.pick(("story", "feed", "dm"))], "recipients": [j(ctx, "recipients[]", _handle(ctx)) for _ in range(ctx.rng.randint(0, 2))]}
        return req("POST", f"/social/api/v2/posts/{pid}/shares", json_headers(), body=dumps(ctx, body))
    if kind == "follow":
        method = ctx.pick(("POST", "DELETE"))
        return req(method, f"/social/api/v2/users/{seg(ctx, 'handle', _handle(ctx))}/follow", headers_for(ctx, profile, auth="jwt"),
                   qs(ctx, [("source", ctx.pick(("profile", "suggested", "search", "post_header")))]) if ctx.chance(0.4) else "")
    if kind == "tag":
        tag = _hashtag(ctx).lstrip("#")
        return req("GET", f"/social/api/v2/tags/{seg(ctx, 'tag', tag)}/posts", headers_for(ctx, profile, auth="jwt"),
                   qs(ctx, [("max_id", str(rid(ctx))), ("only_media", ctx.pick(("true", "false")))] if ctx.chance(0.5) else [("limit", 40)]))
    pairs: list[tuple[str, Any]] = [("limit", ctx.pick((20, 40))), ("cursor", v.b64url(ctx.rng.randbytes(15))) if ctx.chance(0.6) else ("cursor", None)]
    pairs += [("include[]", inc) for inc in ctx.rng.sample(["media", "polls", "quotes", "reactions", "link_previews"], ctx.rng.randint(0, 3))]
    if ctx.chance(0.4):
        pairs.append(("exclude_replies", ctx.pick(("true", "1"))))
    if ctx.chance(0.3):
        pairs.append(("q", ctx.pick((_hashtag(ctx), "@" + _handle(ctx), v.search_terms(ctx), v.tricky_search(ctx)))))
    return req("GET", "/social/api/v2/feed/" + ctx.pick(("home", "following", "for-you")), headers_for(ctx, profile, auth="jwt"), qs(ctx, pairs))


# ==========================================================================
# Dating app: profile prompts and answers, preferences, likes with comments
# ==========================================================================

_PROMPTS = ("My simple pleasures", "I'm looking for", "Two truths and a lie", "The way to win me over is", "We'll get along if",
            "My most irrational fear", "A shower thought I recently had", "Dating me is like", "I'll fall for you if", "Typical Sunday")


def _prompt_answer(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.3:
        return v.prose(ctx, 1, 2, trap_rate=0.5)
    if r < 0.5:
        return ", ".join(ctx.en.words(ctx.rng.randint(2, 4))) + ctx.pick(("", " & good coffee ☕", " -- in that order", "..."))
    if r < 0.65:
        return f"1) {ctx.en.sentence(nb_words=4)} 2) {ctx.en.sentence(nb_words=5)} 3) {ctx.en.sentence(nb_words=3)}"
    if r < 0.8:
        return ctx.pick(("someone who'll drop everything for a road trip", "you select the playlist, I'll order the pizza",
                         "'I'm fine' means I'm not fine", "my mum's lasagne > yours", "tabs > spaces, fight me", "5'11\" if that matters",
                         "dogs > cats (sorry)", "union rep by day, DJ by night"))
    return ctx.fake.sentence(nb_words=ctx.rng.randint(4, 12))


@template("train", ("/dating/v2/",))
def dating_profile(ctx: Ctx) -> Request:
    """A dating app: profile prompts, preferences, likes with a comment, discovery and reports."""
    kind = ctx.pick(("profile", "prefs", "like", "discover", "report"))
    extra = (("X-Client-Key", v.alnum_token(ctx, 24)),) if ctx.chance(0.5) else ()
    if kind == "profile":
        first, _ = v.person_name(ctx)
        body: dict[str, Any] = {
            "displayName": j(ctx, "displayName", first),
            "bio": j(ctx, "bio", v.prose(ctx, 1, 3)) if ctx.chance(0.7) else None,
            "prompts": [{"promptId": ctx.rng.randrange(1, 400), "question": q, "answer": j(ctx, f"prompts[{i}].answer", _prompt_answer(ctx))}
                        for i, q in enumerate(ctx.rng.sample(list(_PROMPTS), ctx.rng.randint(1, 3)))],
            "jobTitle": j(ctx, "jobTitle", ctx.fake.job()) if ctx.chance(0.6) else None,
            "school": j(ctx, "school", ctx.pick((ctx.fake.company(), f"University of {ctx.fake.city()}", "St. John's College"))) if ctx.chance(0.4) else None,
            "hometown": j(ctx, "hometown", ctx.fake.city()),
            "languages": [ctx.pick(("en", "es", "fr", "de", "pt", "ja", "ar")) for _ in range(ctx.rng.randint(1, 3))],
            "heightCm": ctx.rng.randint(150, 200),
            "photos": [],
            "instagram": j(ctx, "instagram", _handle(ctx)) if ctx.chance(0.3) else None,
        }
        return req("PUT", "/dating/v2/me/profile", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))
    if kind == "prefs":
        lo = ctx.rng.randint(18, 40)
        body = {
            "ageRange": {"min": lo, "max": lo + ctx.rng.randint(2, 25)}, "maxDistanceKm": ctx.pick((5, 10, 25, 50, 160)),
            "genders": ctx.rng.sample(["woman", "man", "nonbinary"], ctx.rng.randint(1, 3)),
            "relationshipGoals": ctx.rng.sample(["long_term", "short_term", "figuring_out", "friends"], ctx.rng.randint(1, 2)),
            "dealbreakers": ctx.pick((None, {"smoking": True}, {"kids": ctx.pick(("want", "dont_want")), "drinking": "never"})),
            "lookingFor": j(ctx, "lookingFor", _prompt_answer(ctx)),
            "passportCity": j(ctx, "passportCity", ctx.fake.city()) if ctx.chance(0.2) else None,
        }
        return req("PATCH", "/dating/v2/me/preferences", headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))
    if kind == "like":
        body = {"targetType": ctx.pick(("prompt", "photo", "profile")), "targetId": str(rid(ctx)),
                "comment": j(ctx, "comment", ctx.pick((v.prose(ctx, 1, 1, trap_rate=0.4), "haha same!", "ok but the lasagne claim needs proof 😂", ""))),
                "superLike": ctx.chance(0.1)}
        return req("POST", f"/dating/v2/profiles/{seg(ctx, 'profileId', ctx.fake.uuid4())}/likes",
                   headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=extra), body=dumps(ctx, body))
    if kind == "discover":
        pairs = [("age-min", ctx.rng.randint(18, 35)), ("age-max", ctx.rng.randint(36, 60)), ("distance-km", ctx.pick((10, 25, 50))),
                 ("intent", ctx.pick(("long-term", "casual", "friends"))), ("page-token", v.b64url(ctx.rng.randbytes(12))) if ctx.chance(0.5) else ("page-token", None),
                 ("lat", round(ctx.rng.uniform(-60, 60), 4)), ("lon", round(ctx.rng.uniform(-150, 150), 4))]
        return req("GET", "/dating/v2/discover", headers_for(ctx, "mobile", auth="jwt", extra=extra), qs(ctx, pairs))
    pairs = [("reason", ctx.pick(("fake_profile", "inappropriate_messages", "underage", "spam", "other"))), ("profile_id", ctx.fake.uuid4()),
             ("details", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), v.dashy_text(ctx), ""))), ("block", ctx.pick(("true", "false")))]
    return req("POST", "/dating/v2/reports", headers_for(ctx, "mobile", content_type="application/x-www-form-urlencoded", auth="jwt", extra=extra), body=form(ctx, pairs))


# ==========================================================================
# News site: comment forms, reactions, flags, comment threads
# ==========================================================================


@template("train", ("/dailyherald/",), weight=1.2)
def news_comments(ctx: Ctx) -> Request:
    """A newspaper's article pages and comment section (Rails-style bracketed form names)."""
    site = v.site(ctx)
    section = ctx.pick(("politics", "sport", "culture", "opinion", "world", "money", "local-news"))
    article = f"/dailyherald/{section}/{ctx.rng.randrange(2019, 2027)}/{ctx.rng.randint(1, 12):02d}/{v.slug(ctx)}"
    kind = ctx.pick(("comment", "comment", "view", "thread", "react", "flag", "edit"))
    if kind == "comment":
        first, last = v.person_name(ctx)
        text = ctx.pick((v.prose(ctx, 1, 6, trap_rate=0.5), v.dashy_text(ctx), v.long_prose(ctx)))
        if ctx.chance(0.2):
            text = f"> {v.sentence(ctx)}\n\n{text}"
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("comment[body]", text), ("comment[article_id]", rid(ctx)),
                 ("comment[parent_id]", ctx.pick(("", str(rid(ctx))))), ("comment[display_name]", ctx.pick((f"{first} {last}", _handle(ctx), f"{first[:1]}. {last}"))),
                 ("notify_replies", ctx.pick(("0", "1"))), ("commit", "Post comment")]
        return req("POST", "/dailyherald/comments", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + article, cookies=True),
                   body=form(ctx, pairs, fixed=("authenticity_token", "commit")))
    if kind == "view":
        pairs: list[tuple[str, Any]] = []
        if ctx.chance(0.4):
            pairs += [("utm_source", ctx.pick(("twitter", "newsletter", "apple_news", "facebook"))), ("utm_campaign", ctx.pick(("morning-briefing", "breaking", "weekend reads")))]
        if ctx.chance(0.3):
            pairs.append(("comments", ctx.pick(("open", "newest", "oldest"))))
        if ctx.chance(0.2):
            pairs.append(("ref", ctx.pick(("homepage", "most-read", "related"))))
        return req(ctx.pick(("GET", "GET", "HEAD")), article, headers_for(ctx, "nav", referer=ctx.pick((None, "https://news.google.com/", site + "/"))), qs(ctx, pairs))
    if kind == "thread":
        pairs = [("article", v.slug(ctx)), ("sort", ctx.pick(("top", "newest", "oldest", "most-replied"))), ("page", ctx.rng.randint(1, 12)),
                 ("per_page", ctx.pick((25, 50))), ("staff_picks", "1") if ctx.chance(0.2) else ("staff_picks", None)]
        return req("GET", "/dailyherald/comments.json", headers_for(ctx, "xhr", referer=site + article), qs(ctx, pairs))
    if kind == "react":
        body = {"articleId": str(rid(ctx)), "reaction": j(ctx, "reaction", ctx.pick(("insightful", "agree", "disagree", "funny", "sad", "angry"))),
                "commentId": ctx.pick((None, str(rid(ctx))))}
        return req("POST", "/dailyherald/api/reactions", headers_for(ctx, "xhr", content_type="application/json", origin=site, cookies=True), body=dumps(ctx, body))
    if kind == "flag":
        pairs = [("reason", ctx.pick(("spam", "abuse", "off-topic", "misinformation", "other"))), ("details", ctx.pick((v.prose(ctx, 1, 2), "", v.short_text(ctx))))]
        return req("POST", f"/dailyherald/comments/{seg(ctx, 'comment', rid(ctx))}/flag",
                   headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded; charset=UTF-8", origin=site, cookies=True), body=form(ctx, pairs))
    body = {"body": j(ctx, "body", v.prose(ctx, 1, 4, trap_rate=0.5)), "edit_note": j(ctx, "edit_note", ctx.pick(("typo", "-- edited: added source --", "clarified")))}
    return req("PATCH", f"/dailyherald/api/comments/{seg(ctx, 'comment', rid(ctx))}", headers_for(ctx, "xhr", content_type="application/json", origin=site, cookies=True),
               body=dumps(ctx, body))


# ==========================================================================
# Music streaming: playlists, queue, scrobbles, lyrics search, cover art
# ==========================================================================


@template("train", ("/music/api/",), weight=1.2)
def music_streaming(ctx: Ctx) -> Request:
    """Playlists, the play queue, Last.fm-style scrobbles (artist[0]=...), lyrics search, a base64 cover."""
    kind = ctx.pick(("playlist", "queue", "scrobble", "scrobble", "lyrics", "remove", "cover"))
    profile = ctx.pick(("xhr", "mobile"))
    def uri() -> str:
        return f"track:{v.alnum_token(ctx, 22)}"
    if kind == "playlist":
        body: dict[str, Any] = {
            "name": j(ctx, "name", ctx.pick((v.short_text(ctx), f"{ctx.fake.first_name()}'s {ctx.pick(('gym', 'road trip', 'rainy day', 'focus'))} mix", "songs 4 u <3", "2000s R&B"))),
            "description": j(ctx, "description", ctx.pick((v.prose(ctx, 1, 2), "", "for when you need to drop everything and dance 💃"))),
            "public": ctx.chance(0.6), "collaborative": ctx.chance(0.2),
            "tracks": [uri() for _ in range(ctx.rng.randint(0, 6))],
        }
        if ctx.chance(0.5):
            return req("POST", "/music/api/v1/me/playlists", headers_for(ctx, profile, content_type="application/json", auth="jwt"), body=dumps(ctx, body))
        return req("PUT", f"/music/api/v1/playlists/{seg(ctx, 'playlist', v.alnum_token(ctx, 22))}", headers_for(ctx, profile, content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body))
    if kind == "queue":
        body = {"uris": [uri() for _ in range(ctx.rng.randint(1, 5))], "position_ms": ctx.rng.randrange(0, 300000),
                "context_uri": ctx.pick((None, f"playlist:{v.alnum_token(ctx, 22)}", f"album:{v.alnum_token(ctx, 22)}")),
                "device": {"id": v.hex_token(ctx, 40), "name": j(ctx, "device.name", ctx.pick((f"{ctx.fake.first_name()}'s iPhone", "Living Room", "Kitchen speaker", f"{ctx.fake.first_name()}'s MacBook Pro")))},
                "shuffle": ctx.chance(0.3), "repeat": ctx.pick(("off", "track", "context"))}
        return req("PUT", "/music/api/v1/me/player/queue", headers_for(ctx, profile, content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "scrobble":
        pairs: list[tuple[str, Any]] = [("method", "track.scrobble")]
        ts = ctx.rng.randrange(1_700_000_000, 1_760_000_000)
        for i in range(ctx.rng.randint(1, 4)):
            pairs += [(f"artist[{i}]", _artist(ctx)), (f"track[{i}]", _track(ctx)), (f"timestamp[{i}]", ts + i * ctx.rng.randint(120, 400))]
            if ctx.chance(0.6):
                pairs.append((f"album[{i}]", _track(ctx)))
            if ctx.chance(0.3):
                pairs.append((f"albumArtist[{i}]", _artist(ctx)))
        pairs += [("api_key", v.hex_token(ctx, 32)), ("sk", v.alnum_token(ctx, 32)), ("api_sig", v.hex_token(ctx, 32)), ("format", "json")]
        return req("POST", "/music/api/2.0/", headers_for(ctx, ctx.pick(("sdk", "mobile")), content_type="application/x-www-form-urlencoded"),
                   body=form(ctx, pairs, fixed=("method", "api_key", "sk", "api_sig", "format")))
    if kind == "lyrics":
        pairs = [("q", _lyric_line(ctx)), ("type", ctx.pick(("track", "track,artist", "lyrics"))), ("market", ctx.fake.country_code()), ("limit", ctx.pick((10, 20)))]
        return req("GET", "/music/api/v1/search", headers_for(ctx, profile, auth="jwt"), qs(ctx, pairs))
    if kind == "remove":
        pairs = [("ids[]", v.alnum_token(ctx, 22)) for _ in range(ctx.rng.randint(1, 4))] + [("snapshot_id", v.b64url(ctx.rng.randbytes(18)))]
        return req("DELETE", f"/music/api/v1/playlists/{seg(ctx, 'playlist', v.alnum_token(ctx, 22))}/tracks", headers_for(ctx, profile, auth="jwt"), qs(ctx, pairs))
    image = base64.b64encode(b"\xff\xd8\xff\xe0" + ctx.rng.randbytes(ctx.rng.randint(200, 900))).decode()
    return req("PUT", f"/music/api/v1/playlists/{seg(ctx, 'playlist', v.alnum_token(ctx, 22))}/images", headers_for(ctx, "xhr", content_type="image/jpeg", auth="jwt"), body=image)


# ==========================================================================
# Video streaming: watch-progress beacons, subtitle settings, watchlist
# ==========================================================================


def _subtitle_file(ctx: Ctx, fmt: str) -> str:
    """A WebVTT or SRT subtitle file; the first cue's text is a slot."""
    lines = ["WEBVTT", ""] if fmt == "vtt" else []
    t = ctx.rng.randint(0, 600)
    for i in range(ctx.rng.randint(2, 5)):
        a, b = t, t + ctx.rng.randint(1, 6)
        sep = "." if fmt == "vtt" else ","
        stamp = f"{a // 3600:02d}:{a // 60 % 60:02d}:{a % 60:02d}{sep}{ctx.rng.randrange(1000):03d} --> {b // 3600:02d}:{b // 60 % 60:02d}:{b % 60:02d}{sep}{ctx.rng.randrange(1000):03d}"
        text = ctx.pick((v.sentence(ctx), "- " + v.sentence(ctx) + "\n- " + ctx.pick(("What?!", "Drop it.", "Select... all of them?", "No -- wait!")),
                         f"[{ctx.pick(('door slams', 'music playing', 'laughs', 'phone buzzing'))}]", f"<i>{v.sentence(ctx)}</i>"))
        if i == 0:
            text = str(ctx.slot("multipart", "cue[0]", text))
        lines += ([str(i + 1)] if fmt == "srt" else []) + [stamp, text, ""]
        t = b + ctx.rng.randint(0, 5)
    return "\n".join(lines)


@template("train", ("/vod/",), weight=1.2)
def video_streaming(ctx: Ctx) -> Request:
    """Watch-progress beacons (sendBeacon text/plain), kebab-case subtitle settings, watchlist, search, subtitle uploads."""
    kind = ctx.pick(("progress", "progress", "subtitles", "watchlist", "search", "manifest", "upload", "preflight"))
    site = v.site(ctx)
    if kind == "progress":
        body = {"titleId": j(ctx, "titleId", ctx.pick((f"tt{ctx.rng.randrange(1000000, 9999999)}", v.slug(ctx)))), "episodeId": ctx.pick((None, str(rid(ctx)))),
                "event": ctx.pick(("heartbeat", "pause", "seek", "stop", "complete")), "positionSec": ctx.rng.randrange(0, 7200), "durationSec": ctx.rng.randrange(1200, 9000),
                "audioLang": ctx.pick(("en", "es", "fr", "ja", "original")), "subtitleLang": ctx.pick((None, "en", "pt-BR", "de", "en-CC")),
                "playback": {"bitrateKbps": ctx.pick((800, 2350, 5800, 15000)), "droppedFrames": ctx.rng.randint(0, 40), "cdn": ctx.pick(("a", "b", "edge-3"))},
                "sessionId": ctx.fake.uuid4()}
        profile = ctx.pick(("xhr", "mobile"))
        ctype = "text/plain;charset=UTF-8" if profile == "xhr" else "application/json"
        return req("POST", "/vod/v1/progress", headers_for(ctx, profile, content_type=ctype, origin=site if profile == "xhr" else None, cookies=profile == "xhr"),
                   body=dumps(ctx, body))
    if kind == "subtitles":
        body = {"font-size": ctx.pick(("small", "medium", "large", "x-large")), "text-color": f"#{v.hex_token(ctx, 6)}", "background-opacity": ctx.pick((0, 0.5, 0.75, 1)),
                "edge-style": ctx.pick(("none", "drop-shadow", "raised", "uniform")), "font-family": j(ctx, "font-family", ctx.pick(("sans-serif", "monospace", "\"Comic Sans MS\", cursive", "Georgia, serif"))),
                "default-language": j(ctx, "default-language", ctx.pick(("en", "pt-BR", "es-419", "zh-Hans", "ja"))), "forced-only": ctx.chance(0.2)}
        return req("PUT", f"/vod/v1/profiles/{seg(ctx, 'profile', ctx.fake.uuid4())}/subtitle-settings",
                   headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "watchlist":
        slug = seg(ctx, "title", v.slug(ctx) + ctx.pick(("", f"-{ctx.rng.randrange(1990, 2026)}", "-season-2")))
        if ctx.chance(0.4):
            return req("DELETE", f"/vod/v1/watchlist/{slug}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
        body = {"note": j(ctx, "note", ctx.pick(("", "watch with " + ctx.fake.first_name(), v.sentence(ctx), "ep 3 -- skip the intro"))), "notify": ctx.chance(0.5)}
        return req("POST", f"/vod/v1/watchlist/{slug}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("query", ctx.pick((v.search_terms(ctx), _track(ctx), ctx.fake.name()))), ("sort.field", ctx.pick(("popularity", "release_date", "title", "rating"))),
                                        ("sort.dir", ctx.pick(("asc", "desc")))]
        if ctx.chance(0.5):
            pairs.append(("genre", ctx.pick(("drama", "sci-fi", "rom-com", "true crime", "kids & family"))))
        if ctx.chance(0.3):
            pairs.append(("maturity", ctx.pick(("G", "PG-13", "TV-MA", "16+"))))
        return req("GET", "/vod/v1/catalog/search", headers_for(ctx, ctx.pick(("xhr", "mobile", "nav"))), qs(ctx, pairs))
    if kind == "manifest":
        q = qs(ctx, [("token", v.b64url(ctx.rng.randbytes(24))), ("profile", ctx.pick(("hd", "4k", "sd")))], fixed=("token",))
        return req(ctx.pick(("HEAD", "GET")), f"/vod/v1/manifests/{v.hex_token(ctx, 24)}/{ctx.pick(('master.m3u8', 'manifest.mpd'))}",
                   headers_for(ctx, "xhr", accept="*/*", origin=site), q)
    if kind == "preflight":
        headers = [["Accept", "*/*"], ["Access-Control-Request-Method", ctx.pick(("POST", "PUT"))],
                   ["Access-Control-Request-Headers", ctx.pick(("content-type", "authorization,content-type"))], ["Origin", site],
                   ["User-Agent", header_slot(ctx, "User-Agent", v.user_agent(ctx, "xhr"))]]
        return req("OPTIONS", ctx.pick(("/vod/v1/progress", "/vod/v1/watchlist")), headers)
    fmt = ctx.pick(("vtt", "srt"))
    fields = [("language", ctx.pick(("en", "fr", "es", "de", "ko"))), ("label", ctx.pick(("English (fan sub)", "Français -- corrigé", v.short_text(ctx)))),
              ("title_id", f"tt{ctx.rng.randrange(1000000, 9999999)}")]
    files = [("file", f"{v.slug(ctx)}.{fmt}", "text/vtt" if fmt == "vtt" else "application/x-subrip", _subtitle_file(ctx, fmt))]
    ctype, body = multipart(ctx, fields, files)
    return req("POST", "/vod/v1/subtitles", headers_for(ctx, "xhr", content_type=ctype, auth="jwt", origin=site), body=body)


# ==========================================================================
# Event ticketing: seats, attendee names, promo codes, transfers
# ==========================================================================


@template("train", ("/tix/",), weight=1.2)
def event_ticketing(ctx: Ctx) -> Request:
    """Seat holds with promo codes, attendee names (a top-level JSON array), transfers, event search."""
    kind = ctx.pick(("hold", "hold", "attendees", "transfer", "search", "promo", "release"))
    profile = ctx.pick(("xhr", "mobile"))
    site = v.site(ctx)
    if kind == "hold":
        section = ctx.pick(("Orchestra", "Balcony", "Stalls", "Floor GA", "Section 114", "Upper Circle", "Loge"))
        body: dict[str, Any] = {
            "eventId": j(ctx, "eventId", ctx.pick((str(rid(ctx)), f"evt-{v.slug(ctx)}"))),
            "seats": [{"section": section, "row": ctx.pick(("A", "K", "AA", str(ctx.rng.randint(1, 40)))), "seat": ctx.rng.randint(1, 60)}
                      for _ in range(ctx.rng.randint(1, 6))],
            "ticketType": ctx.pick(("adult", "child", "student", "vip", "accessible")),
            "promoCode": j(ctx, "promoCode", ctx.pick((None, "EARLYBIRD", "FRIENDS&FAMILY", ctx.fake.bothify("??##-??##").upper(), f"{ctx.en.word().upper()}{ctx.rng.randint(5, 50)}"))),
            "accessibility": j(ctx, "accessibility", ctx.pick(("", "wheelchair space + 1 companion seat", v.prose(ctx, 1, 1)))) if ctx.chance(0.3) else None,
            "addOns": [ctx.pick(("parking", "merch-bundle", "fast-lane")) for _ in range(ctx.rng.randint(0, 2))],
        }
        return req("POST", "/tix/api/holds", headers_for(ctx, profile, content_type="application/json", auth="jwt", origin=site if profile == "xhr" else None), body=dumps(ctx, body))
    if kind == "attendees":
        rows = []
        for i in range(ctx.rng.randint(1, 5)):
            first, last = v.person_name(ctx)
            row: dict[str, Any] = {"ticketId": str(rid(ctx)), "firstName": j(ctx, f"[{i}].firstName", first), "lastName": j(ctx, f"[{i}].lastName", last)}
            if ctx.chance(0.5):
                row["email"] = j(ctx, f"[{i}].email", ctx.fake.email())
            if ctx.chance(0.3):
                row["dietary"] = j(ctx, f"[{i}].dietary", ctx.pick(("vegan", "halal", "no shellfish please", "kosher -- strictly", v.short_text(ctx))))
            rows.append(row)
        ref = seg(ctx, "order", ctx.fake.bothify("??#####").upper())
        return req("PUT", f"/tix/api/orders/{ref}/attendees", headers_for(ctx, profile, content_type="application/json", auth="jwt"), body=dumps(ctx, rows))
    if kind == "transfer":
        first, last = v.person_name(ctx)
        body = {"ticketIds": [str(rid(ctx)) for _ in range(ctx.rng.randint(1, 3))],
                "recipient": {"name": j(ctx, "recipient.name", f"{first} {last}"), "email": j(ctx, "recipient.email", ctx.fake.email()), "phone": None},
                "message": j(ctx, "message", ctx.pick((v.prose(ctx, 1, 2), f"Enjoy the show, {first}! -- {ctx.fake.first_name()}", "")))}
        return req("POST", "/tix/api/transfers", headers_for(ctx, profile, content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((_artist(ctx), v.search_terms(ctx), v.tricky_search(ctx), ctx.fake.city()))), ("city", ctx.fake.city()),
                                        ("date.from", v.iso_date(ctx)), ("date.to", v.iso_date(ctx)) if ctx.chance(0.5) else ("date.to", None)]
        pairs += [("category[]", c) for c in ctx.rng.sample(["concerts", "theatre", "comedy", "sports", "festivals", "family"], ctx.rng.randint(0, 2))]
        return req("GET", "/tix/events", headers_for(ctx, "nav", referer=site + "/tix/"), qs(ctx, pairs))
    if kind == "promo":
        code = ctx.pick(("STUDENT10", "FRIENDS&FAMILY", ctx.fake.bothify("??##??").upper(), f"{ctx.fake.first_name().upper()}-VIP"))
        return req("GET", f"/tix/api/promo/{seg(ctx, 'code', code)}", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, [("eventId", rid(ctx))]))
    return req("DELETE", f"/tix/api/holds/{seg(ctx, 'hold', ctx.fake.uuid4())}", headers_for(ctx, profile, auth="jwt"))


# ==========================================================================
# Food delivery: baskets with modifiers, instructions, address notes, tips
# ==========================================================================


@template("train", ("/eats/",), weight=1.5)
def food_delivery(ctx: Ctx) -> Request:
    """Baskets with nested modifiers and special instructions, address notes, tips, ratings, partner webhooks."""
    kind = ctx.pick(("basket", "basket", "address", "tip", "browse", "rating", "webhook"))
    profile = ctx.pick(("mobile", "mobile", "xhr"))
    if kind == "basket":
        items = []
        for i in range(ctx.rng.randint(1, 4)):
            item: dict[str, Any] = {"menuItemId": str(rid(ctx)), "quantity": ctx.rng.randint(1, 3),
                                    "modifiers": [{"groupId": str(ctx.rng.randrange(100, 999)), "options": [{"id": str(rid(ctx)), "qty": 1} for _ in range(ctx.rng.randint(0, 3))]}
                                                  for _ in range(ctx.rng.randint(0, 2))]}
            if ctx.chance(0.5):
                item["specialInstructions"] = j(ctx, f"items[{i}].specialInstructions", _food_note(ctx))
            items.append(item)
        body = {"restaurantId": str(rid(ctx)), "items": items, "utensils": ctx.chance(0.3), "scheduledFor": ctx.pick((None, v.iso_datetime(ctx))),
                "groupOrder": None, "promo": j(ctx, "promo", ctx.pick((None, "FREEDEL", ctx.fake.bothify("??##").upper())))}
        return req(ctx.pick(("POST", "PUT")), "/eats/v3/basket", headers_for(ctx, profile, content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "address":
        body = {"label": j(ctx, "label", ctx.pick(("Home", "Work", "Mum's", "Gym 💪", ctx.en.word()))), "line1": j(ctx, "line1", ctx.fake.street_address()),
                "unit": ctx.pick((None, ctx.fake.bothify("#?").upper(), "Flat " + str(ctx.rng.randint(1, 40)))), "city": ctx.fake.city(), "postcode": ctx.fake.postcode(),
                "location": {"lat": round(ctx.rng.uniform(-60, 60), 6), "lng": round(ctx.rng.uniform(-150, 150), 6)},
                "dropoffNotes": j(ctx, "dropoffNotes", _address_note(ctx)), "dropoffOption": ctx.pick(("hand_to_me", "leave_at_door", "meet_outside"))}
        return req(ctx.pick(("POST", "PUT")), "/eats/v3/me/addresses" + ("" if ctx.chance(0.5) else f"/{ctx.fake.uuid4()}"),
                   headers_for(ctx, profile, content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "tip":
        body = {"amount": v.money(ctx, 1, 20), "currency": ctx.pick(("USD", "EUR", "GBP")), "noteToCourier": j(ctx, "noteToCourier", ctx.pick(("", "thanks for braving the rain! 🌧️", v.sentence(ctx), "you're a star ⭐")))}
        return req("PATCH", f"/eats/v3/orders/{seg(ctx, 'order', ctx.fake.uuid4())}/tip", headers_for(ctx, profile, content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "browse":
        pairs: list[tuple[str, Any]] = [("lat", round(ctx.rng.uniform(-60, 60), 5)), ("lng", round(ctx.rng.uniform(-150, 150), 5))]
        pairs += [("cuisine[]", c) for c in ctx.rng.sample(["thai", "sushi", "pizza", "indian", "vegan", "burgers", "mexican", "kebab"], ctx.rng.randint(0, 3))]
        pairs += [("dietary[]", d) for d in ctx.rng.sample(["halal", "gluten_free", "vegetarian"], ctx.rng.randint(0, 2))]
        if ctx.chance(0.5):
            pairs.append(("q", ctx.pick((v.search_terms(ctx), "pad thai", "mac 'n' cheese", "fish & chips", "bánh mì", "50% off", "mcdonald's",
                                         f"{ctx.fake.last_name()}'s", "nando's", "general tso's chicken", "pho #1"))))
        pairs.append(("sort", ctx.pick(("recommended", "delivery_time", "rating", "distance"))))
        return req("GET", "/eats/v3/restaurants", headers_for(ctx, profile, auth="jwt" if ctx.chance(0.5) else None), qs(ctx, pairs))
    if kind == "rating":
        pairs = [("order_id", ctx.fake.uuid4()), ("food_rating", ctx.rng.randint(1, 5)), ("delivery_rating", ctx.rng.randint(1, 5)),
                 ("comment", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.5), "", "Cold fries :( otherwise great"))),
                 ("tags", ",".join(ctx.rng.sample(["hot", "on_time", "friendly", "late", "missing_item", "well_packed"], ctx.rng.randint(0, 3))))]
        return req("POST", "/eats/v3/ratings", headers_for(ctx, profile, content_type="application/x-www-form-urlencoded", auth="jwt"), body=form(ctx, pairs))
    body = {"event": ctx.pick(("order.accepted", "order.ready_for_pickup", "order.cancelled", "menu.item_unavailable")), "eventId": ctx.fake.uuid4(),
            "occurredAt": v.iso_datetime(ctx),
            "order": {"id": ctx.fake.uuid4(), "externalRef": j(ctx, "order.externalRef", f"POS-{ctx.rng.randrange(10000, 99999)}"),
                      "prepMinutes": ctx.rng.randint(5, 45), "note": j(ctx, "order.note", ctx.pick(("", "Out of oat milk, subbed with soy", v.sentence(ctx))))}}
    extra = (_hmac_header(ctx, ctx.pick(("X-Eats-Signature", "X-Signature-256"))), ("X-Partner-Id", str(ctx.rng.randrange(1000, 99999))))
    return req("POST", "/eats/partner/webhooks", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))


# ==========================================================================
# Crowdfunding: pledges with messages, campaign stories, creator updates
# ==========================================================================


@template("train", ("/fund/",), weight=1.2)
def crowdfunding(ctx: Ctx) -> Request:
    """Pledge forms, campaign story edits (rich HTML), markdown updates, discovery with page[size], payment webhooks."""
    kind = ctx.pick(("pledge", "pledge", "story", "update", "discover", "comment", "webhook"))
    site = v.site(ctx)
    camp_name = v.slug(ctx)
    camp = v.enc_path(camp_name)
    if kind == "pledge":
        first, last = v.person_name(ctx)
        pairs = [("_token", v.alnum_token(ctx, 40)), ("amount", v.money(ctx, 5, 500)), ("reward_id", ctx.pick(("", str(rid(ctx))))),
                 ("message", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), "", f"Go go go! From {first} & family ❤️"))),
                 ("display_name", ctx.pick((f"{first} {last}", "Anonymous", _handle(ctx)))), ("anonymous", ctx.pick(("0", "1"))),
                 ("shipping[name]", f"{first} {last}"), ("shipping[address]", ctx.fake.street_address()), ("shipping[city]", ctx.fake.city()),
                 ("shipping[country]", ctx.fake.country_code())]
        return req("POST", f"/fund/projects/{seg(ctx, 'campaign', camp_name)}/pledge",
                   headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/fund/projects/{camp}", cookies=True),
                   body=form(ctx, pairs, fixed=("_token",)))
    if kind == "story":
        body: dict[str, Any] = {
            "title": j(ctx, "title", v.short_text(ctx)), "blurb": j(ctx, "blurb", v.sentence(ctx)),
            "story_html": j(ctx, "story_html", synth_tech.with_image(ctx, v.rich_html(ctx)) if ctx.chance(0.3) else v.rich_html(ctx)),
            "risks": j(ctx, "risks", v.prose(ctx, 1, 3, trap_rate=0.4)),
            "faq": [{"q": j(ctx, "faq[].q", v.short_text(ctx) + "?"), "a": j(ctx, "faq[].a", v.prose(ctx, 1, 2))} for _ in range(ctx.rng.randint(0, 3))],
            "goal": {"amount": ctx.rng.randrange(1000, 200000), "currency": ctx.pick(("USD", "EUR", "GBP", "JPY"))},
            "ends_at": v.iso_datetime(ctx), "video_url": ctx.pick((None, "https://vimeo.com/" + str(rid(ctx)))),
        }
        return req("PUT", f"/fund/api/campaigns/{seg(ctx, 'campaign', camp_name)}", headers_for(ctx, "xhr", content_type="application/json", origin=site, cookies=True), body=dumps(ctx, body))
    if kind == "update":
        text = v.markdown_post(ctx, code_rate=0.1)
        body = {"title": j(ctx, "title", ctx.pick((f"Update #{ctx.rng.randint(1, 40)}: {v.short_text(ctx)}", v.short_text(ctx)))), "body_markdown": j(ctx, "body_markdown", text),
                "audience": ctx.pick(("public", "backers_only")), "notify_backers": ctx.chance(0.7)}
        return req("POST", f"/fund/api/campaigns/{camp}/updates", headers_for(ctx, "xhr", content_type="application/json", origin=site, cookies=True), body=dumps(ctx, body))
    if kind == "discover":
        pairs = [("category", ctx.pick(("games", "design", "film & video", "food", "technology", "comics", "art"))), ("sort", ctx.pick(("magic", "popularity", "newest", "end_date"))),
                 ("page[number]", ctx.rng.randint(1, 10)), ("page[size]", ctx.pick((12, 24))), ("term", v.search_terms(ctx)) if ctx.chance(0.4) else ("term", None),
                 ("location", ctx.fake.city()) if ctx.chance(0.3) else ("location", None)]
        return req("GET", "/fund/discover", headers_for(ctx, ctx.pick(("nav", "xhr"))), qs(ctx, pairs))
    if kind == "comment":
        body = {"body": j(ctx, "body", ctx.pick((v.prose(ctx, 1, 4, trap_rate=0.5), v.markdown_post(ctx, code_rate=0.1), v.dashy_text(ctx)))), "parent_id": ctx.pick((None, str(rid(ctx))))}
        return req("POST", f"/fund/api/campaigns/{camp}/comments", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    body = {"id": "evt_" + v.alnum_token(ctx, 20), "type": ctx.pick(("pledge.collected", "pledge.failed", "refund.created")),
            "data": {"pledge_id": str(rid(ctx)), "amount_cents": ctx.rng.randrange(500, 50000), "backer_note": j(ctx, "data.backer_note", ctx.pick(("", v.sentence(ctx)))),
                     "statement_descriptor": j(ctx, "data.statement_descriptor", ctx.pick(("FUND* " + ctx.en.word().upper(), "FUND*O'REILLY PRESS")))}}
    extra = (_hmac_header(ctx, "X-Fund-Signature"),)
    return req("POST", "/fund/webhooks/payments", headers_for(ctx, "sdk", content_type="application/json; charset=utf-8", extra=extra), body=dumps(ctx, body))


# ==========================================================================
# Classifieds: search, contact-the-seller messages, reports, saved searches
# ==========================================================================


def _wanted_item(ctx: Ctx) -> str:
    """What people look for second-hand: brands with apostrophes and symbols, sizes, models."""
    return ctx.pick((
        f"{ctx.en.word()} {ctx.pick(('bike', 'sofa', 'ps5', 'pram', 'iphone 13', 'desk'))}", "levi's 501 32x32", "kid's bike 16\"", "men's winter coat",
        "children's car seat", "dr. martens 1460", "3-seater sofa (grey)", "ikea kallax 4x4", "o'neill wetsuit 5/4", "mum's old sewing machine",
        f"{ctx.fake.last_name()}'s {ctx.en.word()}", "lego star wars #75192", "tv 55\" 4k", "b&o speakers",
    ))


@template("train", ("/classifieds/",), weight=1.2)
def classifieds(ctx: Ctx) -> Request:
    """Search with dotted ranges, contact-the-seller forms, ad reports, saved-search alerts (JSON-in-query filters)."""
    kind = ctx.pick(("search", "search", "ad", "contact", "contact", "report", "alert"))
    site = v.site(ctx)
    city = v.slug(ctx) if ctx.chance(0.3) else ctx.fake.city().lower().replace(" ", "-")
    city_path = v.enc_path(city)
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("query", ctx.pick((v.search_terms(ctx), v.tricky_search(ctx), v.tricky_search(ctx), _wanted_item(ctx)))),
                                        ("price.min", ctx.rng.randrange(0, 100)) if ctx.chance(0.5) else ("price.min", None),
                                        ("price.max", ctx.rng.randrange(100, 5000)) if ctx.chance(0.5) else ("price.max", None),
                                        ("radius_km", ctx.pick((1, 5, 10, 50))), ("condition", ctx.pick(("new", "like_new", "used", "for_parts"))) if ctx.chance(0.4) else ("condition", None),
                                        ("has_photos", "1") if ctx.chance(0.3) else ("has_photos", None), ("sort", ctx.pick(("newest", "price_asc", "price_desc", "distance")))]
        return req("GET", f"/classifieds/{seg(ctx, 'city', city)}/search", headers_for(ctx, "nav", referer=ctx.pick((None, site + "/classifieds/"))), qs(ctx, pairs))
    if kind == "ad":
        return req("GET", f"/classifieds/{city_path}/ad/{seg(ctx, 'ad', v.slug(ctx) + '-' + str(rid(ctx)))}.html", headers_for(ctx, "nav", referer=site + f"/classifieds/{city}/search"))
    if kind == "contact":
        first, last = v.person_name(ctx)
        msg = ctx.pick((v.prose(ctx, 1, 4, trap_rate=0.5),
                        f"Hi, is the {ctx.en.word()} still available? I can pick it up {ctx.pick(('tomorrow', 'Saturday', 'after 6pm'))} -- cash OK? {first}",
                        f"Would you take {ctx.rng.randrange(10, 400)}? I'm in {ctx.fake.city()}, can drop by. Call me on {ctx.fake.phone_number()}."))
        pairs = [("listing_id", rid(ctx)), ("name", f"{first} {last}"), ("email", ctx.fake.email()), ("phone", ctx.pick(("", ctx.fake.phone_number()))),
                 ("message", msg), ("copy_to_self", ctx.pick(("on", "off"))), ("csrf", v.hex_token(ctx, 32))]
        return req("POST", "/classifieds/reply", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + f"/classifieds/{city}/ad/{rid(ctx)}.html"),
                   body=form(ctx, pairs, fixed=("csrf",)))
    if kind == "report":
        body = {"adId": str(rid(ctx)), "reason": ctx.pick(("scam", "wrong_category", "sold", "offensive", "duplicate")),
                "details": j(ctx, "details", ctx.pick((v.prose(ctx, 1, 2, trap_rate=0.4), "asked me to pay by gift card -- scam", "")))}
        return req("POST", "/classifieds/api/reports", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    flt = {"query": ctx.slot("json_query", "filters.query", ctx.pick((v.search_terms(ctx), v.tricky_search(ctx)))), "city": city,
           "price": {"max": ctx.rng.randrange(50, 3000)}, "categories": ctx.rng.sample(["furniture", "bikes", "electronics", "baby", "garden"], ctx.rng.randint(1, 2))}
    pairs = [("filters", json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(",", ":"))), ("frequency", ctx.pick(("instant", "daily", "weekly")))]
    q = "&".join(f"{k}={ctx.qenc(val)}" for k, val in pairs)
    q += "&" + qs(ctx, [("label", ctx.pick((v.short_text(ctx), f"{ctx.fake.first_name()}'s bike hunt", "cheap sofa <£100")))])
    return req("POST", "/classifieds/api/saved-searches", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), q)


# ==========================================================================
# Local services marketplace: quote requests, pro quotes, reviews
# ==========================================================================


def _job_description(ctx: Ctx) -> str:
    r = ctx.rng.random()
    thing = ctx.pick(("kitchen tap", "boiler", "fence panel", "bathroom tiles", "garden shed roof", "ceiling light", "washing machine", "drywall"))
    if r < 0.35:
        return (f"The {thing} {ctx.pick(('is leaking', 'stopped working', 'needs replacing', 'cracked last week'))}. "
                f"{v.prose(ctx, 1, 3, trap_rate=0.4)} Approx {ctx.rng.randint(1, 12)}m x {ctx.rng.randint(1, 8)}m, {ctx.pick(('2nd floor', 'ground floor', 'loft'))}.")
    if r < 0.55:
        return "\n".join(f"- {ctx.pick(('Remove', 'Install', 'Replace', 'Fix', 'Drop off', 'Update'))} {ctx.en.word()} {ctx.pick(('(x2)', '-- urgent', '', 'if possible'))}".rstrip()
                         for _ in range(ctx.rng.randint(2, 5)))
    if r < 0.7:
        return f"Error code {ctx.fake.bothify('?##').upper()} on the {thing}; manual says 'reset & bleed'. Tried that. {v.sentence(ctx)}"
    if r < 0.8:
        return synth_tech.with_aside(ctx, f"Smart {thing} won't connect to wifi")
    return v.free_text(ctx)


@template("train", ("/handyhub/",))
def local_services(ctx: Ctx) -> Request:
    """Quote requests (multipart with a photo or floor plan), pros' quotes, reviews, rescheduling and search."""
    kind = ctx.pick(("request", "request", "quote", "review", "reschedule", "search"))
    site = v.site(ctx)
    if kind == "request":
        first, last = v.person_name(ctx)
        fields: list[tuple[str, Any]] = [
            ("service", ctx.pick(("plumbing", "electrical", "cleaning", "handyman", "gardening", "moving", "painting & decorating"))),
            ("job_description", _job_description(ctx)), ("address", ctx.fake.street_address()), ("postcode", ctx.fake.postcode()),
            ("access_notes", _address_note(ctx)), ("preferred_dates", ", ".join(v.iso_date(ctx) for _ in range(ctx.rng.randint(1, 3)))),
            ("budget", ctx.pick(("", "under 200", "200-500", "flexible"))), ("name", f"{first} {last}"), ("contact_preference", ctx.pick(("phone", "email", "in-app"))),
        ]
        r = ctx.rng.random()
        if r < 0.35:
            files = [("photos[]", f"{ctx.en.word()}.svg", "image/svg+xml", synth_tech.svg_image(ctx))]
        elif r < 0.6:
            files = [("attachment", "measurements.txt", "text/plain", "\n".join(f"{ctx.en.word()}: {ctx.rng.randint(20, 400)}cm" for _ in range(ctx.rng.randint(2, 6))))]
        else:
            files = []
        ctype, body = multipart(ctx, fields, files)
        return req("POST", "/handyhub/requests", headers_for(ctx, ctx.pick(("nav", "xhr")), content_type=ctype, origin=site, referer=site + "/handyhub/", cookies=True), body=body)
    if kind == "quote":
        body: dict[str, Any] = {
            "requestId": str(rid(ctx)), "price": {"amount": v.money(ctx, 40, 3000), "currency": ctx.pick(("GBP", "EUR", "USD"))},
            "lineItems": [{"description": j(ctx, "lineItems[].description", ctx.pick((f"Labour ({ctx.rng.randint(1, 8)}h)", f"Parts: {ctx.en.word()} & fittings", v.short_text(ctx)))),
                           "amount": v.money(ctx, 5, 800)} for _ in range(ctx.rng.randint(1, 4))],
            "message": j(ctx, "message", ctx.pick((v.prose(ctx, 1, 3), v.dashy_text(ctx)))), "validUntil": v.iso_date(ctx), "earliestStart": ctx.pick((None, v.iso_date(ctx))),
        }
        return req("POST", f"/handyhub/api/pro/requests/{rid(ctx)}/quotes", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "review":
        body = {"rating": ctx.rng.randint(1, 5), "title": j(ctx, "title", v.short_text(ctx)), "body": j(ctx, "body", v.prose(ctx, 1, 5, trap_rate=0.5)),
                "wouldHireAgain": ctx.chance(0.8), "tags": ctx.rng.sample(["punctual", "tidy", "good value", "friendly"], ctx.rng.randint(0, 2))}
        return req("POST", f"/handyhub/api/pros/{seg(ctx, 'pro', v.slug(ctx))}/reviews", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body))
    if kind == "reschedule":
        body = {"newSlot": {"date": v.iso_date(ctx), "window": ctx.pick(("08:00-12:00", "12:00-17:00", "evening"))},
                "reason": j(ctx, "reason", ctx.pick((v.prose(ctx, 1, 2), "kid's sick -- sorry!", "Running late from the last job, ETA 30 min")))}
        return req("PATCH", f"/handyhub/api/jobs/{seg(ctx, 'job', ctx.fake.uuid4())}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body))
    pairs = [("service", ctx.pick(("plumber", "electrician", "cleaner", "man with a van", "locksmith"))), ("zip", ctx.fake.postcode()),
             ("sort", ctx.pick(("rating", "distance", "price"))), ("available_from", v.iso_date(ctx)) if ctx.chance(0.4) else ("available_from", None),
             ("verified_only", "true") if ctx.chance(0.3) else ("verified_only", None)]
    return req("GET", "/handyhub/pros", headers_for(ctx, "nav", referer=site + "/handyhub/"), qs(ctx, pairs))


# ==========================================================================
# Newsletter / blog reader: highlights, replies, subscriptions, OPML import
# ==========================================================================


@template("train", ("/letters/",))
def newsletter_reader(ctx: Ctx) -> Request:
    """A newsletter reader: post pages, highlights with notes, text/plain replies, topic subscriptions, OPML imports."""
    kind = ctx.pick(("read", "read", "highlight", "reply", "subscribe", "opml", "comment"))
    site = v.site(ctx)
    pub = v.enc_path(ctx.pick((ctx.en.word(), ctx.fake.last_name().lower().replace(" ", "").replace("'", ""), v.slug(ctx))))
    if kind == "read":
        pairs: list[tuple[str, Any]] = []
        if ctx.chance(0.5):
            pairs += [("utm_source", ctx.pick(("email", "substack", "post-share", "twitter"))), ("utm_medium", ctx.pick(("email", "web", "reader")))]
        if ctx.chance(0.3):
            pairs.append(("r", v.alnum_token(ctx, 6)))
        return req("GET", f"/letters/{pub}/p/{seg(ctx, 'post', v.slug(ctx))}", headers_for(ctx, ctx.pick(("nav", "nav", "mobile"))), qs(ctx, pairs))
    if kind == "highlight":
        body = {"postId": str(rid(ctx)), "quote": j(ctx, "quote", v.sentence(ctx)), "note": j(ctx, "note", ctx.pick(("", v.prose(ctx, 1, 2), "this!! 👆", "cf. ../chapter-2"))),
                "range": {"start": ctx.rng.randrange(0, 5000), "end": ctx.rng.randrange(5000, 9000), "selector": f"p:nth-of-type({ctx.rng.randint(1, 40)})"},
                "color": ctx.pick(("yellow", "green", "pink")), "shareToProfile": ctx.chance(0.2)}
        return req("POST", "/letters/api/highlights", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "reply":
        text = str(ctx.slot("multipart", "reply", ctx.pick((v.free_text(ctx), v.dashy_text(ctx)))))
        return req("POST", f"/letters/api/posts/{rid(ctx)}/reply", headers_for(ctx, "xhr", content_type="text/plain; charset=utf-8", auth="jwt", origin=site), body=text)
    if kind == "subscribe":
        pairs = [("email", ctx.fake.email())] + [("topics[]", t) for t in ctx.rng.sample(["weekly", "essays", "podcast-notes", "links", "announcements"], ctx.rng.randint(1, 3))]
        pairs += [("frequency", ctx.pick(("instant", "daily-digest", "weekly-digest"))), ("first_name", ctx.fake.first_name()), ("referrer", ctx.pick(("", site + "/")))]
        return req(ctx.pick(("POST", "PUT")), f"/letters/{pub}/subscription", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/letters/{pub}"),
                   body=form(ctx, pairs))
    if kind == "opml":
        outlines = []
        for i in range(ctx.rng.randint(1, 4)):
            title = enc_xml(str(ctx.slot("xml", f"outline[{i}].title", ctx.pick((ctx.fake.catch_phrase(), f"{ctx.fake.name()}'s notes", v.short_text(ctx), "R&D <weekly>")))))
            outlines.append(f'    <outline type="rss" text="{title}" xmlUrl="https://{ctx.en.domain_name()}/feed.xml" htmlUrl="https://{ctx.en.domain_name()}/"/>')
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>Subscriptions</title></head>\n  <body>\n'
                + "\n".join(outlines) + "\n  </body>\n</opml>")
        return req("POST", "/letters/api/import/opml", headers_for(ctx, "xhr", content_type=ctx.pick(("text/x-opml", "application/xml")), auth="jwt", origin=site), body=body)
    body = {"body": j(ctx, "body", v.markdown_post(ctx, code_rate=0.2)), "parentId": ctx.pick((None, str(rid(ctx)))), "postSlug": j(ctx, "postSlug", v.slug(ctx))}
    return req("POST", f"/letters/{pub}/api/comments", headers_for(ctx, "xhr", content_type="application/json", cookies=True, origin=site), body=dumps(ctx, body))


# ==========================================================================
# Dictionary / encyclopedia lookups: words and phrases in paths, suggestions
# ==========================================================================

_PHRASES = ("rock 'n' roll", "o'clock", "drop the ball", "select committee", "union jack", "exec summary", "or else", "and/or", "déjà vu",
            "naïve", "c'est la vie", "über", "smörgåsbord", "rendez-vous", "it's raining cats & dogs", "24/7", "script kiddie", "Kafkaesque",
            "mother-in-law", "tête-à-tête", "1+1", "ne'er-do-well", "cat o' nine tails", "wouldn't've")


def _headword(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.4:
        return ctx.en.word()
    if r < 0.65:
        return ctx.fake.word()
    if r < 0.9:
        return ctx.pick(_PHRASES)
    return ctx.fake.last_name()


@template("train", ("/lexicon/",))
def dictionary_lookup(ctx: Ctx) -> Request:
    """Definitions by word in the path (any script), autocomplete, phrase search, user example sentences, CSV word lists."""
    kind = ctx.pick(("define", "define", "suggest", "search", "example", "list"))
    if kind == "define":
        pairs = [("lang", ctx.pick(("en", "es", "de", ctx.locale[:2])))] if ctx.chance(0.5) else []
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/lexicon/define/{seg(ctx, 'word', _headword(ctx))}", headers_for(ctx, ctx.pick(("nav", "mobile", "xhr"))), qs(ctx, pairs))
    if kind == "suggest":
        word = ctx.pick((_headword(ctx), ctx.pick(_PHRASES)))
        return req("GET", "/lexicon/api/suggest", headers_for(ctx, "xhr"), qs(ctx, [("prefix", word[: ctx.rng.randint(1, max(1, len(word)))]), ("max", ctx.pick((5, 8, 10)))]))
    if kind == "search":
        term = ctx.pick((f'"{_headword(ctx)}"', _headword(ctx) + "*", f"{_headword(ctx)} -{ctx.en.word()}", v.search_terms(ctx), ctx.pick(_PHRASES)))
        pairs = [("q", term), ("match", ctx.pick(("exact", "prefix", "fuzzy", "rhymes"))), ("fields", ctx.pick(("headword", "headword,definition", "etymology")))]
        return req("GET", "/lexicon/api/search", headers_for(ctx, "sdk", auth="apikey") if ctx.chance(0.5) else headers_for(ctx, "xhr"), qs(ctx, pairs))
    if kind == "example":
        word = _headword(ctx)
        body = {"sentence": j(ctx, "sentence", ctx.pick((f"She said \"{word}\" twice -- then left.", v.sentence(ctx), v.prose(ctx, 1, 1, trap_rate=0.6)))),
                "source": j(ctx, "source", ctx.pick(("", ctx.fake.url(), f"{ctx.fake.name()}, {ctx.en.word().capitalize()} ({ctx.rng.randrange(1850, 2025)})"))),
                "register": ctx.pick(("formal", "informal", "slang", None)), "note": j(ctx, "note", ctx.pick(("", "UK usage only?", v.short_text(ctx))))}
        return req("POST", f"/lexicon/api/entries/{seg(ctx, 'word', word)}/examples", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body))
    rows = ["word,part_of_speech,my_note"]
    for i in range(ctx.rng.randint(2, 6)):
        note = ctx.pick((v.sentence(ctx), "", "learned from " + ctx.fake.name(), "--", "see also: " + ctx.en.word()))
        cell = ctx.slot("multipart", "row0.my_note", note) if i == 0 else note
        rows.append(f'"{_headword(ctx).replace(chr(34), "")}",{ctx.pick(("noun", "verb", "adj", "phrase"))},"{str(cell).replace(chr(34), chr(39))}"')
    return req("PUT", f"/lexicon/api/lists/{rid(ctx)}.csv", headers_for(ctx, "sdk", content_type="text/csv; charset=utf-8", auth="jwt"), body="\n".join(rows) + "\n")


CONSUMER = ("social_network", "dating_profile", "news_comments", "music_streaming", "video_streaming", "event_ticketing",
            "food_delivery", "crowdfunding", "classifieds", "local_services", "newsletter_reader", "dictionary_lookup")
