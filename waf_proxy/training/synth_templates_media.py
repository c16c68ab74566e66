"""Train templates: media, fandom and entertainment.

A fan-fiction archive, a film diary, a lyrics site with line annotations, an
e-book reader and store, a newsroom wire desk, a radio station's playout
system, a webtoon reader, a board-game play log, a game-mod repository, an
art-commission marketplace, a meme caption generator and a comment / rating
widget that fan wikis embed. Each app has a route prefix of its own, its own
naming style (`work[freeform_string]`, `players[0][score]`, `filter.category`,
`release-year`, `tags[]`, camelCase and snake_case JSON) and the formats it
really speaks: JSON objects, top-level arrays and JSON-RPC, urlencoded forms,
multipart uploads (chapters, CSV exports, mod manifests, scripts, sketches),
XML (NITF and NewsML-G2 wire stories, ONIX book feeds, play logs, collection
exports), CSV, and domain text bodies (lyrics with `[Chorus]` and `(x2)`,
markdown show notes and house rules, TOML manifests). Fans write a lot, and
what they write reads as an attack to a naive filter -- dialogue in quotes,
tags like `Hurt/Comfort`, spoiler markup `>!...!<`, greentext `>be me`, Lua
comments starting with `--`, `${file.jarVersion}`, `epubcfi(/6/4[chap01]!/4/2)`,
ISRC codes, `Artist - Title` in a query -- so most requests carry some, in the
request's locale, and every user-controlled value goes through a slot.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any
from xml.sax.saxutils import escape as html_escape

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import dumps, form, header_slot, j, multipart, preflight, qs, req, Request, rid, seg, site_headers, template
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------


def _text(ctx: Ctx) -> str:
    """Any fan's note: prose with traps, dashes, markdown, an aside, emoji."""
    r = ctx.rng.random()
    if r < 0.45:
        return v.prose(ctx, 1, 3, trap_rate=0.4)
    if r < 0.6:
        return v.dashy_text(ctx)
    if r < 0.72:
        return synth_tech.with_aside(ctx, v.prose(ctx, 1, 2))
    if r < 0.87:
        return v.markdown_post(ctx, code_rate=0.3)
    return f"{v.prose(ctx, 1, 2)} {ctx.pick(v._EMOJI)}{ctx.pick(v._EMOJI)}"


def _short(ctx: Ctx) -> str:
    """A title as people type it: plain, with apostrophes and `&`, a sentence, a possessive."""
    r = ctx.rng.random()
    if r < 0.45:
        return v.short_text(ctx)
    if r < 0.65:
        return v.tricky_search(ctx).title()
    if r < 0.8:
        return f"{ctx.en.word().capitalize()} -- {ctx.pick(('Part II', 'Redux', 'the sequel', 'a love story', 'Director’s Cut', 'Remastered'))}"
    return f"{v.full_name(ctx)}'s {ctx.en.word().capitalize()}"


def _url(ctx: Ctx) -> str:
    """A web URL as fans paste it: its own query string, fragments, image hosts, video timestamps."""
    en = ctx.en
    r = ctx.rng.random()
    if r < 0.15:
        return f"https://www.youtube.com/watch?v={v.alnum_token(ctx, 11)}&t={ctx.rng.randint(5, 3000)}s"
    if r < 0.3:
        return f"https://{ctx.pick(('i.imgur.com', 'pbs.twimg.com/media', 'cdn.discordapp.com/attachments/' + str(rid(ctx))))}/{v.alnum_token(ctx, 10)}.{ctx.pick(('png', 'jpg', 'gif'))}"
    if r < 0.4:
        return f"https://www.pinterest.com/pin/{ctx.rng.randrange(10**15, 10**16)}/"
    if r < 0.5:
        return f"https://{en.user_name()}.tumblr.com/post/{ctx.rng.randrange(10**11, 10**12)}/{en.slug()}"
    url = f"https://{ctx.pick(('www.', 'blog.', ''))}{en.domain_name()}/{en.uri_path(deep=ctx.rng.randint(1, 3))}"
    r = ctx.rng.random()
    if r < 0.3:
        url += f"?id={ctx.rng.randrange(1, 99999)}&ref={ctx.pick(('share', 'twitter', 'discord'))}"
    elif r < 0.4:
        url += f"?utm_source={ctx.pick(('newsletter', 'reddit'))}&utm_medium=social"
    if ctx.chance(0.15):
        url += "#" + ctx.pick(("comments", "chapter-3", "gallery", "top"))
    return url


def _csv_cell(value: Any) -> str:
    return '"' + str(value).replace('"', '""') + '"'


def _character(ctx: Ctx) -> str:
    """A character's name as fandoms write it: first names, apostrophes, titles, epithets."""
    r = ctx.rng.random()
    if r < 0.35:
        return ctx.fake.first_name()
    if r < 0.6:
        return v.full_name(ctx)
    if r < 0.75:
        return f"{ctx.pick(('Captain', 'Lady', 'Professor', 'Detective', 'Prince', 'Doctor', 'Agent'))} {ctx.fake.last_name()}"
    if r < 0.9:
        return f"{ctx.fake.first_name()} \"{ctx.en.word().capitalize()}\" {ctx.en.last_name()}"
    return f"{ctx.en.first_name()} the {ctx.pick(('Brave', 'Unready', 'Younger', 'Grey', 'Second'))}"


def _fandom(ctx: Ctx) -> str:
    base = ctx.pick((f"{ctx.en.word().capitalize()} {ctx.pick(('Chronicles', 'Academy', 'Saga', 'Legends', 'High', 'Online', 'Wars', 'Rising'))}",
                     f"The {ctx.en.word().capitalize()} of {ctx.fake.city()}", f"{ctx.en.last_name()}'s {ctx.en.word().capitalize()}", ctx.fake.catch_phrase()))
    return base + ctx.pick(("", " (TV)", " (Anime)", " (Video Game)", " - All Media Types", " (Comics)", " (Band)", " (Movies)"))


def _spoiler(ctx: Ctx, text: str) -> str:
    """Spoiler markup as each community writes it."""
    return ctx.pick((f">!{text}!<", f">!{text}!<", f"||{text}||", f"||{text}||", f"[spoiler]{text}[/spoiler]", f"<details><summary>Spoiler</summary>{text}</details>",
                     f"SPOILERS -- {text}", f"(spoiler: {text})"))


def _stars(ctx: Ctx) -> tuple[float, str]:
    """A half-star rating and how the site displays it (3.5, "★★★½")."""
    halves = ctx.rng.randint(1, 10)
    return halves / 2, "★" * (halves // 2) + ("½" if halves % 2 else "")


def _dialogue(ctx: Ctx, speaker: str) -> str:
    """A line of dialogue, quoted the way the request's language does it."""
    line = v.sentence(ctx).rstrip(".。")
    lang = ctx.locale[:2]
    if lang == "ja":
        return f"「{line}」と{speaker}は言った。"
    if lang == "fr":
        return f"« {line} », murmura {speaker}."
    if lang in ("es", "pt"):
        return f"—{line} —dijo {speaker}."
    if lang in ("de", "pl", "cs"):
        return f"„{line}“, sagte {speaker}."
    return ctx.pick((
        lambda: f'"{line}," {speaker} said. {v.sentence(ctx)}',
        lambda: f'"{line}?" {speaker} whispered. "I don\'t -- I can\'t."',
        lambda: f"'{line},' {speaker} muttered, not looking up.",
        lambda: f'{speaker} didn\'t answer. "{line}."',
        lambda: f'"{line}--" "Don\'t," {speaker} cut in. "Just... don\'t."',
        lambda: f"*{line}*, {speaker} thought. *Of course it's today.*",
        lambda: f'"Are you {ctx.pick(("kidding", "serious", "okay"))}?" {speaker} asked. "You\'ve been up since 3 a.m. -- again."',
    ))()


def _fits(text: str, limit: int) -> bool:
    """Whether a text stays under `limit` characters however a body encodes it (percent-encoding is the widest)."""
    return len(urllib.parse.quote(text)) < limit


# --------------------------------------------------------------------------
# 1. Fan-fiction archive: works and chapters, tags, kudos, comments, bookmarks
# --------------------------------------------------------------------------

_RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated")
_WARNINGS = ("No Archive Warnings Apply", "Creator Chose Not To Use Archive Warnings", "Major Character Death", "Graphic Depictions Of Violence")
_CATEGORIES = ("F/M", "M/M", "F/F", "Gen", "Multi", "Other")
_FREEFORM = ("Hurt/Comfort", "Alternate Universe - Coffee Shop", "Alternate Universe - Modern Setting", "Alternate Universe - College/University",
             "Fluff", "Angst with a Happy Ending", "Slow Burn", "Enemies to Lovers", "Found Family", "Canon Divergence", "Post-Canon", "Fix-It",
             "5+1 Things", "Whump", "Not Beta Read - We Die Like Men", "Crack Treated Seriously", "Tags May Change", "Getting Together",
             "Mutual Pining", "Time Travel Fix-It", "Song Fic", "Fake/Pretend Relationship", "Idiots in Love", "Domestic Fluff")


def _freeform(ctx: Ctx) -> str:
    r = ctx.rng.random()
    name = ctx.fake.first_name()
    if r < 0.6:
        return ctx.pick(_FREEFORM)
    if r < 0.75:
        return ctx.pick((f"{name} Needs a Hug", f"{name} is a Good Friend", f"Everyone Loves {name}", f"Protective {name}", f"{name}-centric"))
    if r < 0.9:
        return f"Alternate Universe - {ctx.en.word().capitalize()}"
    return ctx.pick(("i don't know how to tag this", "author regrets nothing", "the tags are a mess & so am i", "no beta we die like -- well, you know"))


def _relationship(ctx: Ctx) -> str:
    a, b = _character(ctx), _character(ctx)
    return f"{a}/{b}" if ctx.chance(0.6) else f"{a} & {b}"


def _fic_paragraphs(ctx: Ctx, limit: int) -> list[str]:
    """Narration and dialogue, paragraph by paragraph, up to `limit` encoded characters."""
    cast = [_character(ctx), ctx.fake.first_name()]
    paras: list[str] = []
    for _ in range(ctx.rng.randint(3, 30)):
        r = ctx.rng.random()
        if r < 0.45:
            p = _dialogue(ctx, ctx.pick(cast))
        elif r < 0.5:
            p = ctx.pick(("* * *", "~", "---", "❦", "o0o"))
        else:
            p = v.prose(ctx, 1, 4, trap_rate=0.15)
        if not _fits("\n\n".join(paras + [p]), limit):
            break
        paras.append(p)
    return paras or [v.sentence(ctx)]


def _author_note(ctx: Ctx) -> str:
    return ctx.pick((
        lambda: f"<p>{html_escape(v.prose(ctx, 1, 2))}</p><p>Thanks to <a href=\"{_url(ctx)}\">{html_escape(ctx.en.user_name())}</a> for the beta! &lt;3</p>",
        lambda: f"Title from \"{_short(ctx)}\" by {v.full_name(ctx)}. {v.prose(ctx, 1, 2)}",
        lambda: f"CW: {ctx.pick(('blood', 'panic attacks', 'canon-typical violence', 'food'))} -- see end notes for details.\n\n{v.prose(ctx, 1, 2)}",
        lambda: f"<p><em>{html_escape(v.sentence(ctx))}</em></p><blockquote>{html_escape(v.sentence(ctx))}</blockquote>",
        lambda: _text(ctx),
    ))()


def _fic_comment(ctx: Ctx) -> str:
    return ctx.pick((
        lambda: f"<i>\"{html_escape(v.sentence(ctx).rstrip('.'))}\"</i>\n\nI SCREAMED. {v.prose(ctx, 1, 2)}",
        lambda: f"{ctx.pick(('AAAAA', 'omg', 'excuse me??', 'ok so'))} {v.prose(ctx, 1, 3, trap_rate=0.4)} {ctx.pick(v._EMOJI)}",
        lambda: f"<blockquote>{html_escape(v.sentence(ctx))}</blockquote>\n{v.prose(ctx, 1, 2)} -- can't wait for ch. {ctx.rng.randint(2, 40)}!",
        lambda: f"Kudos isn't enough. {_spoiler(ctx, v.sentence(ctx))} {v.prose(ctx, 1, 1)}",
        lambda: f"<p>{html_escape(v.prose(ctx, 1, 2))}</p><p><i>{html_escape(v.sentence(ctx))}</i> -- {_spoiler(ctx, v.sentence(ctx))}</p>",
        lambda: v.dashy_text(ctx),
    ))()


@template("train", ("/ficvault/",), weight=1.3)
def fanfic_archive(ctx: Ctx) -> Request:
    """Fan-fiction archive: work forms with tag strings and HTML chapters, chapter API, tag edits, search, kudos, comments, bookmarks, imports."""
    kind = ctx.pick(("post", "post", "chapter_api", "tags", "search", "kudos", "comment", "comment", "bookmark", "read", "download", "import", "delete", "preflight"))
    if kind == "post":
        limit = 7000 if ctx.chance(0.12) else 1400
        chapter = "".join(f"<p>{html_escape(p)}</p>\n" for p in _fic_paragraphs(ctx, limit))
        pairs: list[tuple[str, Any]] = [("utf8", "✓"), ("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("work[title]", _short(ctx)),
                                        ("work[fandom_string]", _fandom(ctx)), ("work[rating_string]", ctx.pick(_RATINGS))]
        pairs += [("work[archive_warning_strings][]", w) for w in ctx.rng.sample(_WARNINGS, ctx.rng.randint(1, 2))]
        pairs += [("work[category_strings][]", ctx.pick(_CATEGORIES)), ("work[relationship_string]", ", ".join(_relationship(ctx) for _ in range(ctx.rng.randint(1, 2)))),
                  ("work[character_string]", ", ".join(_character(ctx) for _ in range(ctx.rng.randint(1, 4)))),
                  ("work[freeform_string]", ", ".join(_freeform(ctx) for _ in range(ctx.rng.randint(2, 7)))), ("work[summary]", v.prose(ctx, 1, 3, trap_rate=0.3))]
        if ctx.chance(0.5):
            pairs.append(("work[notes]", _author_note(ctx)))
        pairs += [("chapter[title]", ctx.pick(("", _short(ctx), f"Chapter {ctx.rng.randint(1, 30)}: {v.short_text(ctx)}"))), ("chapter[content]", chapter),
                  ("work[language_id]", str(ctx.rng.randint(1, 90))), (ctx.pick(("post_button", "preview_button")), ctx.pick(("Post", "Preview")))]
        site = v.site(ctx)
        work = ctx.chance(0.4)
        path = f"/ficvault/works/{seg(ctx, 'work', rid(ctx))}/chapters" if work else "/ficvault/works"
        return req("POST", path, headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/ficvault/works/new"),
                   body=form(ctx, pairs, fixed=("utf8", "authenticity_token", "post_button", "preview_button")))
    if kind == "chapter_api":
        body: dict[str, Any] = {"chapter": {"title": j(ctx, "chapter.title", _short(ctx)), "summary": j(ctx, "chapter.summary", v.prose(ctx, 1, 2)),
                                            "notes": j(ctx, "chapter.notes", _author_note(ctx)) if ctx.chance(0.5) else None,
                                            "content_markdown": j(ctx, "chapter.content_markdown", "\n\n".join(_fic_paragraphs(ctx, 2500 if ctx.chance(0.2) else 1000))),
                                            "position": ctx.rng.randint(1, 40), "draft": ctx.chance(0.4), "published_at": v.iso_datetime(ctx)}}
        return req("POST", f"/ficvault/api/v2/works/{seg(ctx, 'work', rid(ctx))}/chapters", headers_for(ctx, ctx.pick(("mobile", "sdk")), content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body))
    if kind == "tags":
        body = {"rating": ctx.pick(_RATINGS), "warnings": ctx.rng.sample(_WARNINGS, 1),
                "relationships": [j(ctx, f"relationships[{i}]", _relationship(ctx)) for i in range(ctx.rng.randint(1, 2))],
                "freeform_tags": [j(ctx, f"freeform_tags[{i}]", _freeform(ctx)) for i in range(ctx.rng.randint(1, 6))],
                "fandoms": [j(ctx, "fandoms[0]", _fandom(ctx))], "complete": ctx.chance(0.3), "expected_chapters": ctx.pick((None, ctx.rng.randint(2, 50)))}
        return req("PATCH", f"/ficvault/api/v2/works/{seg(ctx, 'work', rid(ctx))}", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "search":
        query = ctx.pick((f'"{_freeform(ctx)}" -"Major Character Death"', f"{_character(ctx)} && {ctx.pick(_FREEFORM)}", v.search_terms(ctx),
                          f"words>{ctx.pick((1000, 5000, 20000))} kudos>{ctx.pick((100, 500))}", f"{_relationship(ctx)} -angst"))
        pairs = [("work_search[query]", query), ("work_search[title]", ctx.pick(("", _short(ctx)))), ("work_search[complete]", ctx.pick(("T", "F", ""))),
                 ("work_search[sort_column]", ctx.pick(("kudos_count", "revised_at", "word_count", "hits"))), ("work_search[sort_direction]", ctx.pick(("desc", "asc")))]
        pairs += [("include_work_search[freeform_ids][]", str(ctx.rng.randrange(1, 900000))) for _ in range(ctx.rng.randint(0, 3))]
        pairs.append(("commit", "Search"))
        return req("GET", "/ficvault/works/search", headers_for(ctx, "nav", referer=v.site(ctx) + "/ficvault/works/search"), qs(ctx, pairs, fixed=("commit",)))
    if kind == "kudos":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("kudo[commentable_id]", str(rid(ctx))), ("kudo[commentable_type]", "Work")]
        if ctx.chance(0.3):  # guest kudos leave a name
            pairs.append(("kudo[guest_name]", ctx.pick((ctx.fake.user_name(), v.full_name(ctx), "anon <3"))))
        return req("POST", "/ficvault/kudos.js", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded; charset=UTF-8", origin=v.site(ctx), cookies=True),
                   body=form(ctx, pairs, fixed=("authenticity_token", "kudo[commentable_type]")))
    if kind == "comment":
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("comment[comment_content]", _fic_comment(ctx))]
        if ctx.chance(0.4):
            pairs += [("comment[name]", ctx.pick((v.full_name(ctx), ctx.fake.user_name()))), ("comment[email]", ctx.fake.email())]
        else:
            pairs.append(("comment[pseud_id]", str(rid(ctx))))
        pairs += [("controller_name", "chapters"), ("commit", "Comment")]
        chapter = seg(ctx, "chapter", rid(ctx))
        site = v.site(ctx)
        return req("POST", f"/ficvault/chapters/{chapter}/comments", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                              referer=f"{site}/ficvault/works/{rid(ctx)}/chapters/{rid(ctx)}"),
                   body=form(ctx, pairs, fixed=("authenticity_token", "controller_name", "commit")))
    if kind == "bookmark":
        body = {"bookmark": {"notes": j(ctx, "bookmark.notes", ctx.pick((_text(ctx), f"rec'd by {ctx.fake.user_name()} -- {v.sentence(ctx)}", ""))),
                             "tag_string": j(ctx, "bookmark.tag_string", ", ".join(ctx.pick(("to-read", "comfort fic", "re-read <3", _freeform(ctx))) for _ in range(ctx.rng.randint(1, 3)))),
                             "collection_names": j(ctx, "bookmark.collection_names", ctx.pick(("", f"{ctx.en.word()}_recs_{ctx.rng.randint(2019, 2026)}"))),
                             "private": ctx.chance(0.3), "rec": ctx.chance(0.4)}}
        return req("POST", f"/ficvault/api/v2/works/{seg(ctx, 'work', rid(ctx))}/bookmarks", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "read":
        pairs = [("view_adult", "true"), ("view_full_work", ctx.pick(("true", "false"))), ("show_comments", ctx.pick(("true", "false")))]
        path = f"/ficvault/works/{seg(ctx, 'work', rid(ctx))}/chapters/{seg(ctx, 'chapter', rid(ctx))}"
        return req("GET", path, headers_for(ctx, "nav", referer=ctx.pick((None, v.site(ctx) + "/ficvault/tags/" + urllib.parse.quote(ctx.pick(_FREEFORM).replace("/", "*s*")) + "/works"))),
                   qs(ctx, pairs, fixed=("view_adult",)))
    if kind == "download":
        name = seg(ctx, "filename", ctx.pick((ctx.en.slug(), _short(ctx).replace("/", " "))) + ctx.pick((".epub", ".mobi", ".pdf", ".html", ".azw3")))
        return req(ctx.pick(("GET", "HEAD")), f"/ficvault/downloads/{seg(ctx, 'work', rid(ctx))}/{name}", headers_for(ctx, ctx.pick(("nav", "mobile")), accept="*/*"),
                   qs(ctx, [("updated_at", str(ctx.rng.randrange(1_600_000_000, 1_760_000_000)))]))
    if kind == "import":
        text = "\n\n".join(_fic_paragraphs(ctx, 1800))
        fname, ctype, content = ctx.pick(((f"ch{ctx.rng.randint(1, 30)}-draft.md", "text/markdown", text),
                                          (f"{ctx.en.slug()}.txt", "text/plain", text),
                                          (f"{ctx.en.slug()}.html", "text/html", "".join(f"<p>{html_escape(p)}</p>\n" for p in text.split("\n\n")))))
        fields = [("chapter[title]", ctx.pick((_short(ctx), ""))), ("chapter[position]", str(ctx.rng.randint(1, 30))), ("encoding", ctx.pick(("utf-8", "windows-1252")))]
        ctype_header, body2 = multipart(ctx, fields, [("chapter_file", fname, ctype, content)])
        return req("POST", f"/ficvault/works/{seg(ctx, 'work', rid(ctx))}/chapters/import", site_headers(ctx, "xhr", ctype_header, None, cookies=True), body=body2)
    if kind == "delete":
        return req("DELETE", f"/ficvault/api/v2/bookmarks/{seg(ctx, 'bookmark', rid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    return preflight(ctx, f"/ficvault/api/v2/works/{rid(ctx)}", ("POST", "PATCH", "DELETE"), ("authorization,content-type", "content-type,x-csrf-token"))


# --------------------------------------------------------------------------
# 2. Film diary: logged watches with star ratings and spoilery reviews, lists
# --------------------------------------------------------------------------


def _film_title(ctx: Ctx) -> str:
    w, w2 = ctx.en.word().capitalize(), ctx.en.word().capitalize()
    return ctx.pick((f"The {w} {w2}", f"{w}: Part {ctx.pick(('II', 'III', 'Two'))}", f"Who's Afraid of {ctx.fake.first_name()}?", f"{ctx.fake.first_name()} & {ctx.fake.first_name()}",
                     f"{w} ({ctx.rng.randint(1950, 2026)})", f"{ctx.fake.city()}, {ctx.pick(('Texas', 'mon amour', 'Midnight', 'Paris'))}", ctx.fake.catch_phrase(),
                     f"{w}{ctx.rng.randint(2, 9)}", f"{v.full_name(ctx)}'s {w}", ctx.fake.sentence(nb_words=3).rstrip(".")))


def _review(ctx: Ctx) -> str:
    title = _film_title(ctx)
    return ctx.pick((
        lambda: v.prose(ctx, 1, 4, trap_rate=0.4),
        lambda: f"{v.prose(ctx, 1, 2)}\n\n{_spoiler(ctx, v.sentence(ctx))}",
        lambda: f"the way {_character(ctx)} said \"{v.sentence(ctx).rstrip('.')}\" -- i'm unwell {ctx.pick(v._EMOJI)}",
        lambda: f"{_stars(ctx)[1]} on first watch, {_stars(ctx)[1]} on rewatch. {v.prose(ctx, 1, 2)}",
        lambda: f"Watched on 35mm at the {ctx.fake.city()} {ctx.pick(('Odeon', 'Ritz', 'Cinémathèque', 'Prince Charles'))}. {v.prose(ctx, 1, 2)}",
        lambda: f"ending >>> book. {v.sentence(ctx)} 10/10 no notes",
        lambda: f"**{title}** is basically '{_film_title(ctx)}' meets '{_film_title(ctx)}' -- {v.prose(ctx, 1, 1)}",
        lambda: v.markdown_post(ctx, code_rate=0.1),
        lambda: v.dashy_text(ctx),
    ))()


def _review_body(ctx: Ctx) -> dict[str, Any]:
    spoilers = ctx.chance(0.35)
    text = f"{_review(ctx)}\n\n{_spoiler(ctx, v.sentence(ctx))}" if spoilers else _review(ctx)
    return {"text": j(ctx, "review.text", text), "containsSpoilers": spoilers}


@template("train", ("/reelnotes/",), weight=1.2)
def film_diary(ctx: Ctx) -> Request:
    """Film diary: watch logs with ★★★½ ratings and spoiler reviews, review edits, lists as arrays, CSV imports, kebab-case search, comments."""
    kind = ctx.pick(("log", "log", "review_edit", "list", "import", "search", "diary", "comment", "like", "unlike", "bulk", "export"))
    if kind == "log":
        rating, shown = _stars(ctx)
        body: dict[str, Any] = {"filmId": f"film:{ctx.rng.randrange(1000, 999999)}", "filmTitle": j(ctx, "filmTitle", _film_title(ctx)), "watchedDate": v.iso_date(ctx),
                                "rating": rating, "ratingDisplay": shown, "liked": ctx.chance(0.5), "rewatch": ctx.chance(0.2),
                                "review": _review_body(ctx) if ctx.chance(0.7) else None,
                                "tags": [j(ctx, f"tags[{i}]", ctx.pick(("cinema", "rewatch", "with mum", "a24", "slasher", "50's", "criterion", ctx.en.word()))) for i in range(ctx.rng.randint(0, 3))]}
        if ctx.chance(0.3):
            body["watchedWith"] = [j(ctx, "watchedWith[0]", v.full_name(ctx))]
        return req("POST", "/reelnotes/api/v1/diary", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "review_edit":
        rating, _ = _stars(ctx)
        body = {"text": j(ctx, "text", _review(ctx)), "containsSpoilers": ctx.chance(0.4), "rating": rating}
        return req("PATCH", f"/reelnotes/api/v1/reviews/{seg(ctx, 'review', v.alnum_token(ctx, 6))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt",
                                                                                                          extra=(("If-Match", f'W/"{v.hex_token(ctx, 16)}"'),)), body=dumps(ctx, body))
    if kind == "list":
        entries = [{"filmId": f"film:{ctx.rng.randrange(1000, 999999)}", "position": i + 1,
                    "notes": j(ctx, f"[{i}].notes", ctx.pick(("", v.sentence(ctx), "watch this one first!!", f"#{i + 1} -- {v.prose(ctx, 1, 1)}")))} for i in range(ctx.rng.randint(2, 10))]
        return req("PUT", f"/reelnotes/api/v1/lists/{seg(ctx, 'list', ctx.pick((v.alnum_token(ctx, 6), ctx.en.slug())))}/entries",
                   site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, entries))
    if kind == "import":
        rows = ["Date,Name,Year,URI,Rating,Rewatch,Tags,Watched Date,Review"]
        for i in range(ctx.rng.randint(2, 9)):
            review = _review(ctx) if ctx.chance(0.5) else ""
            cell = ctx.slot("multipart", "csv.Review", review.replace('"', '""')) if i == 0 else review.replace('"', '""')
            rows.append(f"{v.iso_date(ctx)},{_csv_cell(_film_title(ctx))},{ctx.rng.randint(1930, 2026)},https://boxd.it/{v.alnum_token(ctx, 4)},"
                        f"{_stars(ctx)[0]},{ctx.pick(('Yes', ''))},{_csv_cell(', '.join(ctx.en.words(ctx.rng.randint(0, 2))))},{v.iso_date(ctx)},\"{cell}\"")
        ctype, body2 = multipart(ctx, [("source", ctx.pick(("letterboxd", "imdb", "trakt"))), ("on-duplicate", ctx.pick(("skip", "overwrite")))],
                                 [("file", ctx.pick(("diary.csv", "reviews.csv", "watched.csv")), "text/csv", "\n".join(rows) + "\n")])
        return req("POST", "/reelnotes/api/v1/import", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((_film_title(ctx), v.tricky_search(ctx), v.search_terms(ctx), ctx.fake.name())))]
        pairs += [("release-year", str(ctx.rng.randint(1930, 2026))), ("min-rating", str(_stars(ctx)[0])), ("sort-by", ctx.pick(("popularity", "rating-lowest", "release-date")))]
        pairs += [("genre[]", g) for g in ctx.rng.sample(["horror", "drama", "sci-fi", "romance", "documentary", "animation"], ctx.rng.randint(0, 2))]
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/reelnotes/films/search", headers_for(ctx, ctx.pick(("nav", "xhr"))), qs(ctx, pairs))
    if kind == "diary":
        path = f"/reelnotes/{seg(ctx, 'user', ctx.fake.user_name())}/diary/for/{ctx.rng.randint(2015, 2026)}/"
        q = qs(ctx, [("page", str(ctx.rng.randint(2, 20)))]) if ctx.chance(0.4) else ""
        return req("GET", path, headers_for(ctx, "nav", referer=ctx.pick((None, v.site(ctx) + "/reelnotes/"))), q)
    if kind == "comment":
        site = v.site(ctx)
        pairs = [("__csrf", v.hex_token(ctx, 40)), ("comment", ctx.pick((_text(ctx), _review(ctx), f"@{ctx.fake.user_name()} {v.prose(ctx, 1, 1)}"))), ("reply-to", ctx.pick(("", str(rid(ctx)))))]
        path = f"/reelnotes/{seg(ctx, 'user', ctx.fake.user_name())}/film/{seg(ctx, 'film', ctx.en.slug())}/comments"
        return req("POST", path, headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/reelnotes/"),
                   body=form(ctx, pairs, fixed=("__csrf",)))
    if kind == "like":
        body = {"liked": True, "source": j(ctx, "source", ctx.pick(("feed", "film-page", "popular-reviews", "friends")))}
        return req("POST", f"/reelnotes/api/v1/reviews/{seg(ctx, 'review', v.alnum_token(ctx, 6))}/like", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body))
    if kind == "unlike":
        return req("DELETE", f"/reelnotes/api/v1/reviews/{seg(ctx, 'review', v.alnum_token(ctx, 6))}/like", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    if kind == "bulk":  # the diary page's checkboxes: act on the selected entries
        site = v.site(ctx)
        pairs = [("__csrf", v.hex_token(ctx, 40)), ("action", ctx.pick(("add-to-list", "delete", "mark-rewatch", "change-date")))]
        pairs += [("selected[]", str(rid(ctx))) for _ in range(ctx.rng.randint(1, 6))]
        pairs.append(("list-name", ctx.pick(("", _short(ctx), f"{ctx.rng.randint(2015, 2026)} -- best of", "films to show " + ctx.fake.first_name()))))
        return req("POST", f"/reelnotes/{seg(ctx, 'user', ctx.fake.user_name())}/diary/bulk", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                                                       referer=site + "/reelnotes/"), body=form(ctx, pairs, fixed=("__csrf",)))
    pairs = [("include", ctx.pick(("diary,reviews", "watchlist", "diary,reviews,lists"))), ("since", v.iso_date(ctx))]
    return req(ctx.pick(("GET", "HEAD")), "/reelnotes/api/v1/export.csv", headers_for(ctx, "sdk", auth=ctx.pick(("basic", "apikey")), accept="text/csv"), qs(ctx, pairs))


# --------------------------------------------------------------------------
# 3. Lyrics with line annotations: [Chorus] and (x2), LRC sync files
# --------------------------------------------------------------------------


def _artist(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.3:
        return ctx.fake.name()
    if r < 0.5:
        return f"{ctx.fake.first_name()} & the {ctx.en.word().capitalize()}s"
    if r < 0.65:
        return f"DJ {ctx.en.word().capitalize()}"
    if r < 0.8:
        return f"{ctx.en.word().capitalize()} {ctx.en.word().capitalize()}"
    return ctx.pick(("Guns N' Roses", "Simon & Garfunkel", "AC/DC", "Earth, Wind & Fire", "!!!", "Florence + the Machine", "Panic! at the Disco", "Hall & Oates"))


def _song_title(ctx: Ctx) -> str:
    w = ctx.en.word().capitalize()
    return ctx.pick((f"{w} {ctx.en.word().capitalize()}", f"Don't {ctx.pick(('Stop', 'Look Back', 'Wait', 'Go'))} {w}", f"(I Can't) {w}", f"{w} (feat. {_artist(ctx)})",
                     f"{w} - {ctx.rng.randint(1995, 2024)} Remaster", f"{w} (Radio Edit)", f"{ctx.fake.first_name()}'s {w}", ctx.fake.sentence(nb_words=3).rstrip("."),
                     f"{w} Pt. {ctx.rng.randint(2, 3)}", f"{w}, {ctx.en.word().capitalize()} & {ctx.en.word().capitalize()}"))


def _lyric_line(ctx: Ctx) -> str:
    line = v.sentence(ctx).rstrip(".")
    if ctx.chance(0.4):
        line = line.lower()
    r = ctx.rng.random()
    if r < 0.15:
        line += ctx.pick((" (yeah, yeah)", " (oh-oh-oh)", " (uh)", " (hey!)", " (x2)", " (ooh)"))
    elif r < 0.22:
        line = f"{line}, {line.split(' ')[0].lower()} {ctx.en.word()} -- {ctx.en.word()}"
    return line


def _lyrics(ctx: Ctx) -> str:
    artist = _artist(ctx)
    parts = []
    for section in ctx.rng.sample(["Intro", "Verse 1", "Pre-Chorus", "Chorus", "Verse 2", "Bridge", "Outro", "Hook"], ctx.rng.randint(2, 5)):
        header = ctx.pick((f"[{section}]", f"[{section}: {artist}]", f"[{section}: {artist} & {_artist(ctx)}]"))
        lines = [_lyric_line(ctx) for _ in range(ctx.rng.randint(2, 5))]
        if section in ("Chorus", "Hook") and ctx.chance(0.5):
            lines.append(ctx.pick(("(x2)", "[Repeat Chorus]", "(repeat 2x)")))
        if ctx.chance(0.1):
            lines.append(f"*{ctx.pick(('spoken', 'laughs', 'instrumental break', 'guitar solo'))}*")
        parts.append(header + "\n" + "\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _annotation(ctx: Ctx) -> str:
    return ctx.pick((
        lambda: f"This line references [{ctx.en.word()}]({_url(ctx)}) -- the '{ctx.en.word()}' here is a double entendre. {v.prose(ctx, 1, 2)}",
        lambda: f"In a {ctx.rng.randint(2005, 2025)} interview {_artist(ctx)} said:\n\n> {v.sentence(ctx)}\n\n{v.prose(ctx, 1, 1)}",
        lambda: f"\"{_lyric_line(ctx)}\" is a nod to *{_song_title(ctx)}* ({ctx.rng.randint(1960, 2020)}). {v.prose(ctx, 1, 2)}",
        lambda: v.markdown_post(ctx, code_rate=0.05),
        lambda: f"Mishearing alert: it's \"{_lyric_line(ctx)}\", not \"{_lyric_line(ctx)}\" {ctx.pick(v._EMOJI)}",
        lambda: _text(ctx),
    ))()


def _lrc(ctx: Ctx, title: str, artist: str) -> str:
    lines = [f"[ti:{title}]", f"[ar:{artist}]", f"[al:{_short(ctx)}]", f"[by:{ctx.fake.user_name()}]", f"[offset:{ctx.pick(('0', '+250', '-120'))}]"]
    t = ctx.rng.uniform(0, 20)
    for _ in range(ctx.rng.randint(4, 14)):
        t += ctx.rng.uniform(1.5, 7)
        lines.append(f"[{int(t // 60):02d}:{t % 60:05.2f}]{_lyric_line(ctx)}")
    return "\n".join(lines) + "\n"


@template("train", ("/versebook/",), weight=1.2)
def lyrics_annotations(ctx: Ctx) -> Request:
    """Lyrics site: raw lyrics with [Chorus] and (x2), line annotations in markdown, votes, LRC sync uploads, edit suggestions, oEmbed."""
    kind = ctx.pick(("lyrics", "lyrics", "annotate", "annotate", "vote", "search", "lrc", "suggest", "song", "delete", "embed", "preflight"))
    song = ctx.pick((str(rid(ctx)), ctx.en.slug()))
    if kind == "lyrics":
        credits = ctx.pick((f"{_song_title(ctx)} - {_artist(ctx)}", f"Written by {v.full_name(ctx)} & {v.full_name(ctx)}", f"\"{_song_title(ctx)}\" ({ctx.rng.randint(1965, 2026)})"))
        text = ctx.slot("multipart", "lyrics", f"{credits}\n\n{_lyrics(ctx)}")  # a lyrics file opens with its title or credits line
        return req("PUT", f"/versebook/api/songs/{seg(ctx, 'song', song)}/lyrics", headers_for(ctx, "xhr", content_type="text/plain; charset=utf-8", auth=ctx.pick(("jwt", None)),
                                                                                            extra=(("X-Edit-Summary", header_slot(ctx, "X-Edit-Summary", ctx.pick(("fixed typos", "added verse 2", "[Chorus] labels", "ad-libs (x2)")))),)),
                   body=str(text))
    if kind == "annotate":
        line = ctx.rng.randint(0, 40)
        body: dict[str, Any] = {"fragment": j(ctx, "fragment", _lyric_line(ctx)), "range": {"start": {"line": line, "offset": ctx.rng.randint(0, 20)},
                                                                                          "end": {"line": line + ctx.rng.randint(0, 2), "offset": ctx.rng.randint(5, 60)}},
                                "body_markdown": j(ctx, "body_markdown", _annotation(ctx)), "referent_id": ctx.pick((None, rid(ctx))), "is_description": ctx.chance(0.1)}
        return req("POST", f"/versebook/api/songs/{seg(ctx, 'song', song)}/annotations", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "vote":
        pairs: list[tuple[str, Any]] = [("annotation_id", str(rid(ctx))), ("direction", ctx.pick(("up", "down", "unvote")))]
        if ctx.chance(0.3):
            pairs.append(("reason", ctx.pick(("", v.prose(ctx, 1, 1), "source?", "this is just the lyric restated"))))
        return req("POST", "/versebook/api/votes", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded", cookies=True, origin=v.site(ctx)), body=form(ctx, pairs))
    if kind == "search":
        pairs = [("q", ctx.pick((f'"{_lyric_line(ctx)}"', _lyric_line(ctx), f"{_artist(ctx)} {_song_title(ctx)}", v.tricky_search(ctx)))),
                 ("type", ctx.pick(("song", "lyric", "artist", "all")))]
        return req("GET", "/versebook/search", headers_for(ctx, ctx.pick(("nav", "mobile"))), qs(ctx, pairs))
    if kind == "lrc":
        title, artist = _song_title(ctx), _artist(ctx)
        lrc = ctx.slot("multipart", "lrc", _lrc(ctx, title, artist))
        ctype, body2 = multipart(ctx, [("language", ctx.locale[:2]), ("source", ctx.pick(("manual", "whisper", "karaoke-file")))],
                                 [("file", f"{ctx.en.slug()}.lrc", "application/octet-stream", str(lrc))])
        return req("POST", f"/versebook/api/songs/{seg(ctx, 'song', song)}/synced", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "suggest":
        pairs = [("_token", v.alnum_token(ctx, 40)), ("song[title]", _song_title(ctx)), ("song[primary_artist]", _artist(ctx))]
        pairs += [("song[featured_artists][]", _artist(ctx)) for _ in range(ctx.rng.randint(0, 2))]
        pairs += [("song[release_date]", v.iso_date(ctx)), ("edit_note", ctx.pick((v.prose(ctx, 1, 2), "Title has a typo -- it's 'Don't', not 'Dont'", "source: the liner notes")))]
        site = v.site(ctx)
        return req("POST", f"/versebook/songs/{seg(ctx, 'song', song)}/edits", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/versebook/"),
                   body=form(ctx, pairs, fixed=("_token",)))
    if kind == "song":
        slug_ = f"{ctx.en.slug()}-{ctx.en.slug()}-lyrics"
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/versebook/{seg(ctx, 'song', slug_)}", headers_for(ctx, "nav", referer=ctx.pick((None, "https://www.google.com/"))),
                   qs(ctx, [("annotation", str(rid(ctx)))]) if ctx.chance(0.3) else "")
    if kind == "delete":
        return req("DELETE", f"/versebook/api/annotations/{seg(ctx, 'annotation', rid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    if kind == "embed":
        pairs = [("url", f"https://{ctx.en.domain_name()}/versebook/{ctx.en.slug()}-lyrics"), ("maxwidth", str(ctx.pick((480, 640)))), ("format", "json")]
        return req("GET", "/versebook/oembed", headers_for(ctx, "sdk"), qs(ctx, pairs, fixed=("format",)))
    return preflight(ctx, f"/versebook/api/songs/{song}/annotations", ("POST", "PUT"), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# 4. E-book store and reader: CFI highlights, locators, ONIX feeds, OPDS
# --------------------------------------------------------------------------


def _cfi(ctx: Ctx, is_range: bool = False) -> str:
    """An EPUB canonical fragment identifier, as readers store highlights."""
    spine = 2 * ctx.rng.randint(1, 40)
    n = ctx.rng.randint(1, 60)
    idref = ctx.pick((f"[chap{n:02d}ref]", f"[xchapter_{n:03d}]", f"[id{v.hex_token(ctx, 6)}]", "[titlepage]", ""))
    steps = "/".join(str(2 * ctx.rng.randint(1, 30)) for _ in range(ctx.rng.randint(1, 3)))
    if is_range:
        a = ctx.rng.randint(0, 300)
        return f"epubcfi(/6/{spine}{idref}!/4/{steps},/1:{a},/{2 * ctx.rng.randint(0, 3) + 1}:{a + ctx.rng.randint(5, 200)})"
    return f"epubcfi(/6/{spine}{idref}!/4/{steps}/1:{ctx.rng.randint(0, 400)})"


def _isbn13(ctx: Ctx) -> str:
    digits = [9, 7, ctx.pick((8, 9))] + [ctx.rng.randint(0, 9) for _ in range(9)]
    check = (10 - sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits + [check]))


def _book_title(ctx: Ctx) -> str:
    return ctx.pick((_short(ctx), f"The {ctx.en.word().capitalize()} of {v.full_name(ctx)}", f"{ctx.en.word().capitalize()}: A Novel",
                     f"SQL for Mere Mortals ({ctx.rng.randint(2, 5)}th ed.)", f"{ctx.fake.city()} Nights", ctx.fake.catch_phrase()))


def _onix(ctx: Ctx) -> str:
    """An ONIX 3.0 product feed as publishers send it; titles, names and descriptions are slots."""
    products = []
    for i in range(ctx.rng.randint(1, 2)):
        first, last = v.person_name(ctx)
        title = enc_xml(str(ctx.slot("xml", f"Product[{i}].TitleText", _book_title(ctx))))
        person = enc_xml(str(ctx.slot("xml", f"Product[{i}].PersonName", f"{first} {last}")))
        desc_html = f"<p>{html_escape(v.prose(ctx, 1, 3, trap_rate=0.3))}</p><p><b>{html_escape(v.sentence(ctx))}</b></p>"
        desc = enc_xml(str(ctx.slot("xml", f"Product[{i}].Text", desc_html)))
        bio = enc_xml(str(ctx.slot("xml", f"Product[{i}].BiographicalNote", f"{first} {last} {v.prose(ctx, 1, 2)}")))
        isbn = _isbn13(ctx)
        products.append(
            f"  <Product>\n    <RecordReference>com.{ctx.en.domain_word()}.{isbn}</RecordReference>\n    <NotificationType>03</NotificationType>\n"
            f"    <ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{isbn}</IDValue></ProductIdentifier>\n"
            f"    <DescriptiveDetail>\n      <ProductComposition>00</ProductComposition><ProductForm>ED</ProductForm><ProductFormDetail>{ctx.pick(('E101', 'E116', 'E107'))}</ProductFormDetail>\n"
            f"      <TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel><TitleText>{title}</TitleText></TitleElement></TitleDetail>\n"
            f"      <Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole><PersonName>{person}</PersonName>"
            f"<PersonNameInverted>{enc_xml(last)}, {enc_xml(first)}</PersonNameInverted><BiographicalNote>{bio}</BiographicalNote></Contributor>\n"
            f"      <Language><LanguageRole>01</LanguageRole><LanguageCode>{ctx.pick(('eng', 'fre', 'ger', 'spa', 'jpn'))}</LanguageCode></Language>\n    </DescriptiveDetail>\n"
            f"    <CollateralDetail><TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience><Text textformat=\"05\">{desc}</Text></TextContent></CollateralDetail>\n"
            f"    <PublishingDetail><Publisher><PublishingRole>01</PublishingRole><PublisherName>{enc_xml(ctx.fake.company())}</PublisherName></Publisher>"
            f"<PublishingDate><PublishingDateRole>01</PublishingDateRole><Date>{v.when(ctx):%Y%m%d}</Date></PublishingDate></PublishingDetail>\n"
            f"    <ProductSupply><SupplyDetail><ProductAvailability>20</ProductAvailability><Price><PriceType>02</PriceType><PriceAmount>{v.money(ctx, 0.99, 29.99)}</PriceAmount>"
            f"<CurrencyCode>{ctx.pick(('USD', 'EUR', 'GBP'))}</CurrencyCode></Price></SupplyDetail></ProductSupply>\n  </Product>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference">\n'
            f"  <Header><Sender><SenderName>{enc_xml(ctx.fake.company())}</SenderName></Sender><SentDateTime>{v.when(ctx):%Y%m%dT%H%M}</SentDateTime></Header>\n"
            + "\n".join(products) + "\n</ONIXMessage>\n")


def _opf(ctx: Ctx, title: Any, creator: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">\n'
            '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
            f"    <dc:identifier id=\"uid\">urn:uuid:{ctx.fake.uuid4()}</dc:identifier>\n    <dc:title>{title}</dc:title>\n    <dc:creator>{enc_xml(creator)}</dc:creator>\n"
            f"    <dc:language>{ctx.locale[:2]}</dc:language>\n    <meta property=\"dcterms:modified\">{v.when(ctx):%Y-%m-%dT%H:%M:%SZ}</meta>\n  </metadata>\n"
            '  <manifest>\n    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n'
            f'    <item id="chap01ref" href="Text/chapter-01.xhtml" media-type="application/xhtml+xml"/>\n  </manifest>\n  <spine><itemref idref="chap01ref"/></spine>\n</package>\n')


@template("train", ("/inkshelf/",), weight=1.2)
def ebook_reader(ctx: Ctx) -> Request:
    """E-book store and reader: CFI highlights, annotation sync arrays, Readium locators, ONIX feeds, personal document uploads, OPDS search, reviews."""
    kind = ctx.pick(("highlight", "highlight", "sync", "progress", "onix", "upload", "opds", "review", "delete", "download"))
    book = ctx.pick((str(rid(ctx)), ctx.fake.uuid4()))
    if kind == "highlight":
        body: dict[str, Any] = {"bookId": book, "cfiRange": j(ctx, "cfiRange", _cfi(ctx, True)), "text": j(ctx, "text", v.prose(ctx, 1, 2, trap_rate=0.3)),
                                "note": j(ctx, "note", ctx.pick(("", _text(ctx), "!!!", f"cf. p. {ctx.rng.randint(1, 400)} -- {v.sentence(ctx)}"))),
                                "color": ctx.pick(("yellow", "blue", "pink", "#ffd54f")), "chapterTitle": j(ctx, "chapterTitle", ctx.pick((f"Chapter {ctx.rng.randint(1, 40)}", _short(ctx)))),
                                "createdAt": v.iso_datetime(ctx)}
        return req("POST", "/inkshelf/api/highlights", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "sync":  # an e-reader pushes its annotations since the last sync
        items = [{"id": ctx.fake.uuid4(), "bookId": book, "type": ctx.pick(("highlight", "note", "bookmark")), "location": j(ctx, f"[{i}].location", _cfi(ctx, ctx.chance(0.6))),
                  "text": j(ctx, f"[{i}].text", v.sentence(ctx)), "note": j(ctx, f"[{i}].note", ctx.pick(("", v.prose(ctx, 1, 1), "lol", "quote for the essay"))),
                  "updated_at": v.iso_datetime(ctx), "deleted": ctx.chance(0.1)} for i in range(ctx.rng.randint(1, 5))]
        return req("POST", "/inkshelf/api/sync/annotations", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, items))
    if kind == "progress":
        chapter = ctx.rng.randint(1, 40)
        body = {"locator": {"href": f"OEBPS/Text/chapter-{chapter:02d}.xhtml", "type": "application/xhtml+xml", "title": j(ctx, "locator.title", ctx.pick((f"Chapter {chapter}", _short(ctx)))),
                            "locations": {"progression": round(ctx.rng.random(), 4), "totalProgression": round(ctx.rng.random(), 4), "position": ctx.rng.randint(1, 900),
                                          "cfi": j(ctx, "locator.locations.cfi", _cfi(ctx))},
                            "text": {"before": j(ctx, "locator.text.before", v.sentence(ctx)[-40:]), "highlight": j(ctx, "locator.text.highlight", v.sentence(ctx))}},
                "device": j(ctx, "device", ctx.pick((f"{ctx.fake.first_name()}'s Kobo Libra 2", "iPad (Safari)", "Pixel 8", "PocketBook Era", "Boox Note Air3"))), "percent": ctx.rng.randint(0, 100)}
        return req("PATCH", f"/inkshelf/api/books/{seg(ctx, 'book', book)}/progress", headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body))
    if kind == "onix":
        return req("POST", "/inkshelf/partner/onix", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth=ctx.pick(("apikey", "basic"))),
                   qs(ctx, [("feed", ctx.pick(("full", "delta")))]) if ctx.chance(0.4) else "", _onix(ctx))
    if kind == "upload":  # "send to reader": a personal document and its metadata
        title = _book_title(ctx)
        r = ctx.rng.random()
        if r < 0.4:
            file = ("file", f"{ctx.en.slug()}.md", "text/markdown", f"# {title}\n\n" + v.long_prose(ctx))
        elif r < 0.7:
            file = ("file", "content.opf", "application/oebps-package+xml", _opf(ctx, enc_xml(str(ctx.slot("multipart", "opf.title", title))), v.full_name(ctx)))
        else:
            file = ("file", f"{ctx.en.slug()}.txt", "text/plain", v.long_prose(ctx))
        fields = [("title", title), ("author", v.full_name(ctx)), ("collection", ctx.pick(("Inbox", "Uni -- readings", "Papers", ctx.en.word().capitalize())))]
        ctype, body2 = multipart(ctx, fields, [file])
        return req("POST", "/inkshelf/api/library/documents", site_headers(ctx, ctx.pick(("xhr", "sdk")), ctype, "jwt"), body=body2)
    if kind == "opds":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((_book_title(ctx), v.search_terms(ctx), v.tricky_search(ctx))))]
        if ctx.chance(0.5):
            pairs.append(("author", v.full_name(ctx)))
        pairs.append(("lang", ctx.locale[:2]))
        return req("GET", "/inkshelf/opds/search", headers_for(ctx, ctx.pick(("sdk", "mobile")), auth="basic", accept="application/atom+xml;profile=opds-catalog;kind=acquisition"), qs(ctx, pairs))
    if kind == "review":
        rating, _ = _stars(ctx)
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("review[rating]", str(int(rating) or 1)), ("review[title]", _short(ctx)),
                 ("review[body]", ctx.pick((_review(ctx), _text(ctx)))), ("review[spoiler]", ctx.pick(("0", "1")))]
        site = v.site(ctx)
        return req("POST", f"/inkshelf/books/{seg(ctx, 'book', ctx.en.slug())}/reviews", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                                                    referer=site + "/inkshelf/"), body=form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "delete":
        return req("DELETE", f"/inkshelf/api/highlights/{seg(ctx, 'highlight', ctx.fake.uuid4())}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    return req(ctx.pick(("GET", "HEAD")), f"/inkshelf/api/books/{seg(ctx, 'book', book)}/file", headers_for(ctx, ctx.pick(("mobile", "nav")), auth=None, accept="application/epub+zip"),
               qs(ctx, [("format", ctx.pick(("epub", "kepub", "pdf"))), ("drm", "none")], fixed=("drm",)))


# --------------------------------------------------------------------------
# 5. Newsroom wire desk: NITF / NewsML-G2 ingest, story edits, corrections
# --------------------------------------------------------------------------


def _headline(ctx: Ctx) -> str:
    company, city, word = ctx.fake.company(), ctx.fake.city(), ctx.en.word()
    return ctx.pick((f"{company} to cut {ctx.rng.randint(50, 9000)} jobs as {word} sales slump", f"{city} council votes to drop {word} plan after protests",
                     f"Q&A: What the {word} ruling means for you", f"'{v.sentence(ctx).rstrip('.')}': {v.full_name(ctx)} on {word}",
                     f"UPDATE {ctx.rng.randint(1, 4)}-{company} shares jump {ctx.rng.randint(2, 40)}% on {word} deal", f"CORRECTED-{city} mayor says {word} vote 'a mistake'",
                     f"{ctx.fake.name()} wins {city} {word} prize", v.short_text(ctx), f"Explainer: Why {word} prices are up -- and where they go next"))


def _news_para(ctx: Ctx) -> str:
    name, job = v.full_name(ctx), ctx.fake.job()
    return ctx.pick((
        lambda: f'"{v.sentence(ctx).rstrip(".")}," said {name}, {job} at {ctx.fake.company()}.',
        lambda: v.prose(ctx, 1, 3, trap_rate=0.25),
        lambda: f"{ctx.fake.company()} shares rose {ctx.rng.randint(1, 30)}.{ctx.rng.randint(0, 9)}% to ${ctx.rng.randint(5, 900)}.{ctx.rng.randint(10, 99)} -- the biggest gain since {ctx.rng.randint(2001, 2024)}.",
        lambda: f"{name}, who asked not to be named in full, said the union would \"select the members\" for talks on {v.iso_date(ctx)}.",
        lambda: f"({ctx.pick(('Reporting', 'Additional reporting'))} by {v.full_name(ctx)}; Editing by {v.full_name(ctx)})",
    ))()


def _nitf(ctx: Ctx) -> str:
    when = v.when(ctx)
    headline = _headline(ctx)
    hl1 = enc_xml(str(ctx.slot("xml", "hl1", headline)))
    hl2 = enc_xml(str(ctx.slot("xml", "hl2", v.sentence(ctx))))
    person = enc_xml(str(ctx.slot("xml", "byline.person", v.full_name(ctx))))
    ed_msg = enc_xml(str(ctx.slot("xml", "ed-msg", ctx.pick(("Embargoed until 0001 GMT", "Moves on general news wire", f"Sub for {ctx.en.word()} -- new quote in par 3", "Eds: with photos")))))
    paras = "\n".join(f"    <p>{enc_xml(str(ctx.slot('xml', f'p[{i}]', _news_para(ctx))))}</p>" for i in range(ctx.rng.randint(2, 6)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<nitf version="-//IPTC//DTD NITF 3.6//EN" change.date="{when:%B %d, %Y}" change.time="{when:%H:%M}">\n <head>\n  <title>{enc_xml(headline)}</title>\n'
            f'  <docdata><doc-id id-string="{ctx.pick(("WIRE", "NX", "PRN"))}-{when:%Y%m%d}-{ctx.rng.randint(1000, 9999)}"/><urgency ed-urg="{ctx.rng.randint(1, 8)}"/>'
            f'<date.issue norm="{when:%Y%m%dT%H%M%S}Z"/><du-key key="{ctx.en.slug()}" version="{ctx.rng.randint(1, 5)}"/><ed-msg info="{ed_msg}"/></docdata>\n'
            f'  <pubdata type="web" position.section="{ctx.pick(("business", "world", "sport", "culture", "tech"))}"/>\n </head>\n <body>\n  <body.head>\n'
            f"   <hedline><hl1>{hl1}</hl1><hl2>{hl2}</hl2></hedline>\n"
            f"   <byline>By <person>{person}</person>, <byttl>{enc_xml(ctx.fake.job())}</byttl></byline>\n"
            f'   <dateline><location>{enc_xml(ctx.fake.city().upper())}</location> (<story.date norm="{when:%Y%m%d}">{when:%b %d}</story.date>)</dateline>\n  </body.head>\n'
            f"  <body.content>\n{paras}\n  </body.content>\n  <body.end><tagline>{enc_xml(ctx.pick(('(c) Wire Service', 'Distributed by ' + ctx.fake.company())))}</tagline></body.end>\n </body>\n</nitf>\n")


def _newsml(ctx: Ctx) -> str:
    when = v.when(ctx)
    headline = enc_xml(str(ctx.slot("xml", "headline", _headline(ctx))))
    by = enc_xml(str(ctx.slot("xml", "by", f"By {v.full_name(ctx)}")))
    note = enc_xml(str(ctx.slot("xml", "edNote", ctx.pick(("", "ATTENTION EDITORS: contains strong language", f"Corrects spelling of {v.full_name(ctx)}'s name in par 2")))))
    paras = "".join(f"<p>{enc_xml(str(ctx.slot('xml', f'p[{i}]', _news_para(ctx))))}</p>" for i in range(ctx.rng.randint(2, 5)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:{ctx.en.domain_name()}:{when:%Y%m%d}:{v.hex_token(ctx, 12)}" version="{ctx.rng.randint(1, 6)}" standard="NewsML-G2" standardversion="2.29">\n'
            f'  <itemMeta><itemClass qcode="ninat:text"/><provider literal="{enc_xml(ctx.fake.company())}"/><versionCreated>{when:%Y-%m-%dT%H:%M:%S}Z</versionCreated>'
            f'<pubStatus qcode="stat:usable"/><edNote>{note}</edNote></itemMeta>\n'
            f"  <contentMeta><urgency>{ctx.rng.randint(1, 8)}</urgency><slugline>{enc_xml(ctx.en.slug().upper())}</slugline><headline>{headline}</headline><by>{by}</by>"
            f'<dateline>{enc_xml(ctx.fake.city().upper())}, {when:%b %d}</dateline><language tag="{ctx.locale[:2]}"/></contentMeta>\n'
            '  <contentSet><inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>'
            f"{paras}</body.content></body></nitf></inlineXML></contentSet>\n</newsItem>\n")


@template("train", ("/wiredesk/",), weight=1.2)
def newsroom_wire(ctx: Ctx) -> Request:
    """Newsroom wire desk: signed NITF and NewsML-G2 ingest, story edits with If-Match, corrections, dotted search, CSV news budgets, captions, locks."""
    kind = ctx.pick(("ingest", "ingest", "story", "story", "correction", "search", "budget", "lock", "caption", "preview"))
    story = seg(ctx, "story", ctx.pick((f"{ctx.en.slug()}-{ctx.rng.randint(1, 99)}", str(rid(ctx))))) if kind in ("story", "correction", "lock") else ""
    if kind == "ingest":
        xml = _nitf(ctx) if ctx.chance(0.5) else _newsml(ctx)
        extra = (("X-Wire-Signature", "sha1=" + v.hex_token(ctx, 40)), ("X-Wire-Feed", ctx.pick(("general", "business", "sports"))))
        return req("POST", "/wiredesk/ingest/" + ctx.pick(("nitf", "g2", "agency")), headers_for(ctx, "sdk", content_type=ctx.pick(("text/xml; charset=utf-8", "application/xml")), extra=extra),
                   body=xml)
    if kind == "story":
        body: dict[str, Any] = {"headline": j(ctx, "headline", _headline(ctx)), "dek": j(ctx, "dek", v.sentence(ctx)), "byline": j(ctx, "byline", f"By {v.full_name(ctx)} and {v.full_name(ctx)}"),
                                "bodyHtml": j(ctx, "bodyHtml", "".join(f"<p>{html_escape(_news_para(ctx))}</p>" for _ in range(ctx.rng.randint(2, 6)))
                                              + ctx.pick(("", f'<blockquote class="pull-quote">{html_escape(v.sentence(ctx))}</blockquote>', f'<p><a href="{html_escape(_url(ctx))}">{html_escape(ctx.en.word())}</a></p>'))),
                                "keywords": [j(ctx, f"keywords[{i}]", ctx.pick(("elections", "M&A", "AT&T", "union talks", ctx.en.word()))) for i in range(ctx.rng.randint(0, 3))],
                                "desk": ctx.pick(("metro", "business", "world", "sport")), "embargoUntil": ctx.pick((None, v.iso_datetime(ctx))),
                                "editorNote": j(ctx, "editorNote", ctx.pick(("", "Legal has OK'd par 4 -- don't change the quote", v.prose(ctx, 1, 1))))}
        return req("PATCH", f"/wiredesk/api/stories/{story}", headers_for(ctx, "xhr", content_type="application/json", auth=ctx.pick(("jwt", None)), cookies=True,
                                                                         extra=(("If-Match", f'"{ctx.rng.randint(1, 90)}"'),)), body=dumps(ctx, body))
    if kind == "correction":
        body = {"correction_text": j(ctx, "correction_text", ctx.pick((
            f"An earlier version of this story misstated {v.full_name(ctx)}'s title. She is {ctx.fake.job()}, not {ctx.fake.job()}.",
            f"This story has been corrected to show the vote was {ctx.rng.randint(3, 9)}-{ctx.rng.randint(0, 4)}, not the reverse.", v.prose(ctx, 1, 2)))),
                "kind": ctx.pick(("correction", "clarification", "editors_note")), "append_to_story": ctx.chance(0.8), "notify_clients": ctx.chance(0.5)}
        return req("POST", f"/wiredesk/api/stories/{story}/corrections", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", ctx.pick((_headline(ctx), v.search_terms(ctx), f'"{ctx.fake.company()}" AND {ctx.en.word()}', v.tricky_search(ctx))))]
        pairs += [("filter.category", ctx.pick(("business", "politics", "sport"))), ("filter.urgency", str(ctx.rng.randint(1, 5))), ("since", v.iso_datetime(ctx)),
                  ("sort.field", ctx.pick(("versionCreated", "urgency"))), ("sort.order", ctx.pick(("desc", "asc")))]
        return req("GET", "/wiredesk/api/wire", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs))
    if kind == "budget":
        rows = ["slug,desk,reporter,length,status,notes"]
        for i in range(ctx.rng.randint(2, 8)):
            note = ctx.pick((v.sentence(ctx), "Holding for reaction quotes -- ETA 6pm", "art: 2 photos + map", "", "Budget line: " + _headline(ctx))).replace('"', '""')
            cell = ctx.slot("multipart", "csv.notes", note) if i == 0 else note
            rows.append(f"{ctx.en.slug().upper()},{ctx.pick(('metro', 'business', 'world'))},{_csv_cell(v.full_name(ctx))},{ctx.pick((400, 600, 800, 1200))},"
                        f"{ctx.pick(('planned', 'filed', 'editing', 'ready'))},\"{cell}\"")
        return req("PUT", f"/wiredesk/api/budgets/{seg(ctx, 'date', v.iso_date(ctx))}", headers_for(ctx, "xhr", content_type="text/csv; charset=utf-8", auth="jwt"), body="\n".join(rows) + "\n")
    if kind == "lock":
        return req("DELETE", f"/wiredesk/api/stories/{story}/lock", headers_for(ctx, "xhr", auth=ctx.pick(("jwt", None)), cookies=True))
    if kind == "caption":
        pairs = [("_token", v.alnum_token(ctx, 40)), ("caption[text]", f"{ctx.fake.city().upper()} -- {v.prose(ctx, 1, 2, trap_rate=0.2)}"),
                 ("caption[credit]", f"{v.full_name(ctx)}/{ctx.fake.company()}"), ("caption[special_instructions]", ctx.pick(("", "MANDATORY CREDIT; NO SALES", "Crop left -- faces!")))]
        site = v.site(ctx)
        return req("POST", f"/wiredesk/photos/{seg(ctx, 'photo', rid(ctx))}/caption", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                                                  referer=site + "/wiredesk/photos"), body=form(ctx, pairs, fixed=("_token",)))
    pairs = [("token", v.alnum_token(ctx, 24)), ("device", ctx.pick(("mobile", "desktop", "amp")))]
    return req(ctx.pick(("GET", "HEAD")), f"/wiredesk/preview/{seg(ctx, 'slug', ctx.en.slug())}", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs, fixed=("token",)))


# --------------------------------------------------------------------------
# 6. Radio station playout: now playing, Icecast metadata, play logs, requests
# --------------------------------------------------------------------------


def _isrc(ctx: Ctx) -> str:
    cc = ctx.pick(("US", "GB", "DE", "FR", "JP", "SE", "NL", "BR", "QZ"))
    reg = "".join(ctx.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(3))
    yy, n = ctx.rng.randint(0, 25), ctx.rng.randint(0, 99999)
    return f"{cc}{reg}{yy:02d}{n:05d}" if ctx.chance(0.6) else f"{cc}-{reg}-{yy:02d}-{n:05d}"


def _music_file(ctx: Ctx, artist: str, title: str) -> str:
    return ctx.pick((f"M:\\Music\\{artist}\\{ctx.en.word().capitalize()}\\0{ctx.rng.randint(1, 9)} - {title}.flac",
                     f"/srv/music/{artist}/{ctx.rng.randint(1970, 2025)} - {ctx.en.word()}/{ctx.rng.randint(1, 14):02d} {title}.mp3",
                     f"\\\\playout01\\carts\\{ctx.pick(('ID', 'JINGLE', 'PROMO'))}-{ctx.rng.randint(100, 999)}.wav"))


def _dedication(ctx: Ctx) -> str:
    return ctx.pick((f"For my mum {v.full_name(ctx)} -- happy {ctx.rng.randint(30, 90)}th!!! {ctx.pick(v._EMOJI)}",
                     f"Shout out to everyone on the night shift at {ctx.fake.company()} <3", v.prose(ctx, 1, 2, trap_rate=0.4),
                     f"Play it LOUD for {ctx.fake.first_name()} & {ctx.fake.first_name()}; 10 years today!", _text(ctx)))


@template("train", ("/onair/",), weight=1.2)
def radio_playout(ctx: Ctx) -> Request:
    """Radio playout: now-playing, Icecast metadata updates (Basic, `song=Artist - Title`), play logs as arrays and XML, listener requests, show notes, royalty CSV, JSON-RPC automation."""
    kind = ctx.pick(("nowplaying", "icecast", "log", "logxml", "request", "request", "notes", "royalty", "rpc", "schedule", "delete"))
    station = ctx.pick(("kxyz", "radio-" + ctx.en.word(), ctx.en.slug(), "fm1"))
    if kind == "nowplaying":
        pairs = [("history", str(ctx.rng.randint(1, 20))), ("fields", ctx.pick(("artist,title,artwork", "all")))]
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/onair/api/nowplaying/{seg(ctx, 'station', station)}", headers_for(ctx, ctx.pick(("xhr", "mobile", "sdk"))), qs(ctx, pairs))
    if kind == "icecast":
        artist, title = _artist(ctx), _song_title(ctx)
        pairs = [("mount", ctx.pick(("/live", "/stream.mp3", "/" + ctx.en.word() + ".aac"))), ("mode", "updinfo"), ("song", f"{artist} - {title}"), ("charset", "UTF-8")]
        return req("GET", "/onair/admin/metadata", headers_for(ctx, "sdk", auth="basic"), qs(ctx, pairs, fixed=("mode", "charset")))
    if kind == "log":
        plays = []
        for i in range(ctx.rng.randint(1, 6)):
            artist, title = _artist(ctx), _song_title(ctx)
            plays.append({"isrc": j(ctx, f"[{i}].isrc", _isrc(ctx)), "artist": j(ctx, f"[{i}].artist", artist), "title": j(ctx, f"[{i}].title", title),
                          "album": j(ctx, f"[{i}].album", ctx.pick((_short(ctx), ""))), "startedAt": v.iso_datetime(ctx), "durationMs": ctx.rng.randrange(30_000, 600_000),
                          "cartId": f"C-{ctx.rng.randint(1000, 9999)}", "source": ctx.pick(("automation", "live-assist", "voicetrack")),
                          "file": j(ctx, f"[{i}].file", _music_file(ctx, artist, title))})
        return req("POST", f"/onair/api/stations/{seg(ctx, 'station', station)}/plays", headers_for(ctx, "sdk", content_type="application/json", auth="apikey"), body=dumps(ctx, plays))
    if kind == "logxml":
        rows = []
        for i in range(ctx.rng.randint(1, 5)):
            artist = enc_xml(str(ctx.slot("xml", f"play[{i}].artist", _artist(ctx))))
            title = enc_xml(str(ctx.slot("xml", f"play[{i}].title", _song_title(ctx))))
            rows.append(f'  <play start="{v.iso_datetime(ctx)}" duration="PT{ctx.rng.randint(1, 9)}M{ctx.rng.randint(0, 59)}S" type="{ctx.pick(("music", "jingle", "ad"))}">'
                        f"<isrc>{_isrc(ctx)}</isrc><artist>{artist}</artist><title>{title}</title><label>{enc_xml(ctx.fake.company())}</label></play>")
        xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<playlog station="{enc_xml(station)}" generator="{ctx.pick(("RCS Zetta", "mAirList 7", "Rivendell 4"))}">\n' + "\n".join(rows) + "\n</playlog>\n"
        return req("POST", f"/onair/api/stations/{seg(ctx, 'station', station)}/playlog", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")), auth="basic"), body=xml)
    if kind == "request":
        pairs: list[tuple[str, Any]] = [("request[artist]", _artist(ctx)), ("request[title]", _song_title(ctx)), ("request[dedication]", _dedication(ctx)),
                                        ("request[name]", ctx.pick((v.full_name(ctx), ctx.fake.first_name()))), ("request[city]", ctx.fake.city()), ("show", ctx.en.slug())]
        site = v.site(ctx)
        return req("POST", "/onair/requests", headers_for(ctx, ctx.pick(("nav", "mobile")), content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/onair/"),
                   body=form(ctx, pairs))
    if kind == "notes":
        tracks = "\n".join(f"{i + 1}. {_artist(ctx)} – {_song_title(ctx)} ({ctx.fake.company()})" for i in range(ctx.rng.randint(2, 8)))
        notes = f"## {_short(ctx)}\n\n{v.prose(ctx, 1, 3)}\n\n### Tracklist\n{tracks}\n\n> Intro bed: {_song_title(ctx)} -- fade @ 0:45\n\n{v.signature(ctx)}"
        text = ctx.slot("multipart", "notes", notes)
        return req("PUT", f"/onair/api/shows/{seg(ctx, 'show', ctx.en.slug())}/episodes/{seg(ctx, 'date', v.iso_date(ctx))}/notes",
                   headers_for(ctx, "xhr", content_type="text/markdown; charset=utf-8", auth="jwt"), body=str(text))
    if kind == "royalty":
        rows = ["Start Time,Artist,Title,Album,ISRC,Label,Duration,Plays"]
        for i in range(ctx.rng.randint(2, 10)):
            title = _song_title(ctx).replace('"', '""')
            cell = ctx.slot("multipart", "csv.Title", title) if i == 0 else title
            rows.append(f"{v.iso_datetime(ctx)},{_csv_cell(_artist(ctx))},\"{cell}\",{_csv_cell(_short(ctx))},{_isrc(ctx)},{_csv_cell(ctx.fake.company())},"
                        f"{ctx.rng.randint(1, 9)}:{ctx.rng.randint(0, 59):02d},{ctx.rng.randint(1, 40)}")
        ctype, body2 = multipart(ctx, [("period", f"{ctx.rng.randint(2023, 2026)}-Q{ctx.rng.randint(1, 4)}"), ("station", station)],
                                 [("report", f"music-report-{v.iso_date(ctx)}.csv", "text/csv", "\n".join(rows) + "\n")])
        return req("POST", "/onair/api/reports/royalties", site_headers(ctx, ctx.pick(("xhr", "sdk")), ctype, "jwt"), body=body2)
    if kind == "rpc":
        artist, title = _artist(ctx), _song_title(ctx)
        method = ctx.pick(("Playlist.Insert", "Player.Open", "Cartwall.Fire", "Log.AddNote"))
        if method == "Log.AddNote":
            params: dict[str, Any] = {"note": j(ctx, "params.note", ctx.pick((v.prose(ctx, 1, 2), "Caller on line 2 -- keep it short!", f"Read the {ctx.fake.company()} promo after the news")))}
        else:
            params = {"playlistid": 0, "position": ctx.rng.randint(0, 30), "item": {"title": j(ctx, "params.item.title", title), "artist": j(ctx, "params.item.artist", artist),
                                                                                   "file": j(ctx, "params.item.file", _music_file(ctx, artist, title))}}
        body = {"jsonrpc": "2.0", "id": ctx.rng.randint(1, 9999), "method": method, "params": params}
        return req("POST", "/onair/automation/rpc", headers_for(ctx, "sdk", content_type="application/json", auth="basic"), body=dumps(ctx, body))
    if kind == "schedule":
        pairs = [("from", v.iso_date(ctx)), ("to", v.iso_date(ctx)), ("tz", ctx.fake.timezone()), ("show-type", ctx.pick(("live", "syndicated", "voicetracked", "all")))]
        return req("GET", "/onair/api/schedule", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth=ctx.pick((None, "jwt"))), qs(ctx, pairs))
    return req("DELETE", f"/onair/api/schedule/items/{seg(ctx, 'item', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 7. Webtoon / comics reader: panel comments, tips, transcripts, scripts
# --------------------------------------------------------------------------


def _sfx(ctx: Ctx) -> str:
    return ctx.pick(("*BOOM*", "KRAK-KOOM!!", "ドドドド", "ゴゴゴ", "thud.", "SHHHNK", "*door slams*", "...", "!?", "쾅!", "*ring ring*", "<silence>"))


def _panel_comment(ctx: Ctx) -> str:
    text = _panel_comment_text(ctx)
    return f"{text} {_spoiler(ctx, v.sentence(ctx))}" if ctx.chance(0.2) else text


def _panel_comment_text(ctx: Ctx) -> str:
    return ctx.pick((
        lambda: f"PANEL {ctx.rng.randint(1, 40)} {ctx.pick(v._EMOJI)}{ctx.pick(v._EMOJI)} {v.prose(ctx, 1, 1)}",
        lambda: f"{_character(ctx)} deserves better >:( {v.prose(ctx, 1, 2)}",
        lambda: f"{_spoiler(ctx, v.sentence(ctx))} -- called it in ep {ctx.rng.randint(1, 200)}",
        lambda: f"{v.prose(ctx, 1, 1)} {_spoiler(ctx, _character(ctx) + ' ' + v.sentence(ctx).lower())} {ctx.pick(v._EMOJI)}",
        lambda: f"the art in this one?? {ctx.pick(('chef’s kiss', '10/10', 'insane', 'no words'))} {v.prose(ctx, 1, 1)}",
        lambda: f"\"{v.sentence(ctx).rstrip('.')}\" <- this line lives in my head rent free",
        lambda: _text(ctx),
    ))()


def _script(ctx: Ctx) -> str:
    """An episode script as creators upload it: panels, settings, dialogue, SFX."""
    cast = [_character(ctx).upper(), ctx.fake.first_name().upper()]
    lines = [f"EPISODE {ctx.rng.randint(1, 300)}: {v.short_text(ctx).upper()}", ""]
    for p in range(1, ctx.rng.randint(3, 7)):
        lines += [f"PANEL {p}", f"{ctx.pick(('EXT.', 'INT.'))} {ctx.fake.city().upper()} - {ctx.pick(('NIGHT', 'DAY', 'LATER', 'CONTINUOUS'))}", v.sentence(ctx)]
        for _ in range(ctx.rng.randint(0, 2)):
            lines.append(f"{ctx.pick(cast)}: {_dialogue(ctx, ctx.pick(cast).title()) if ctx.chance(0.3) else v.sentence(ctx)}")
        if ctx.chance(0.4):
            lines.append(f"SFX: {_sfx(ctx)}")
        lines.append("")
    return "\n".join(lines)


@template("train", ("/panelry/",), weight=1.1)
def webtoon_reader(ctx: Ctx) -> Request:
    """Webtoon reader: episode lists, panel comments, reactions, tips with messages, transcripts as arrays, script uploads, JSON filters, subscriptions."""
    kind = ctx.pick(("episodes", "comment", "comment", "reaction", "tip", "transcript", "upload", "subscribe", "unsubscribe", "search", "progress", "preflight"))
    episode = seg(ctx, "episode", rid(ctx)) if kind in ("comment", "reaction", "transcript", "progress") else ""
    if kind == "episodes":
        pairs = [("sort", ctx.pick(("newest", "oldest", "popular"))), ("lang", ctx.locale.replace("_", "-")), ("page", str(ctx.rng.randint(1, 30)))]
        return req("GET", f"/panelry/api/series/{seg(ctx, 'series', ctx.pick((ctx.en.slug(), str(rid(ctx)))))}/episodes", headers_for(ctx, ctx.pick(("mobile", "xhr"))), qs(ctx, pairs))
    if kind == "comment":
        body: dict[str, Any] = {"panelIndex": ctx.rng.randint(0, 60), "body": j(ctx, "body", _panel_comment(ctx)), "isSpoiler": ctx.chance(0.2),
                                "parentId": ctx.pick((None, str(rid(ctx)))), "stickerId": ctx.pick((None, f"stk_{ctx.rng.randint(1, 400)}"))}
        return req("POST", f"/panelry/api/episodes/{episode}/comments", site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "reaction":
        body = {"reaction": j(ctx, "reaction", ctx.pick(("😭", "😂", "❤️", "🔥", "😱", "like", "angry", "laugh"))), "panelIndex": ctx.pick((None, ctx.rng.randint(0, 60)))}
        return req("PUT", f"/panelry/api/episodes/{episode}/reaction", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "tip":
        body = {"coins": ctx.pick((10, 50, 100, 500)), "message": j(ctx, "message", ctx.pick(("", _panel_comment(ctx), f"for the hiatus coffee ☕ -- take care of yourself {ctx.fake.first_name()}!"))),
                "anonymous": ctx.chance(0.3), "episodeId": ctx.pick((None, rid(ctx)))}
        return req("POST", f"/panelry/api/creators/{seg(ctx, 'creator', ctx.fake.user_name())}/tips", site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "transcript":  # alt text per panel, for screen readers: a top-level array
        panels = []
        for i in range(ctx.rng.randint(1, 6)):
            speaker = _character(ctx)
            panels.append({"panel": i + 1, "altText": j(ctx, f"[{i}].altText", v.prose(ctx, 1, 2, trap_rate=0.2)),
                           "dialogue": [{"speaker": j(ctx, f"[{i}].dialogue[0].speaker", speaker), "text": j(ctx, f"[{i}].dialogue[0].text", v.sentence(ctx))}] if ctx.chance(0.7) else [],
                           "sfx": j(ctx, f"[{i}].sfx", _sfx(ctx)) if ctx.chance(0.4) else None})
        return req("PUT", f"/panelry/api/episodes/{episode}/transcript", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, panels))
    if kind == "upload":
        fields = [("title", f"Ep. {ctx.rng.randint(1, 300)} - {_short(ctx)}"), ("author_note", ctx.pick(("", _text(ctx), "sorry this one's late!! exams :("))),
                  ("scheduled_at", v.iso_datetime(ctx)), ("age_rating", ctx.pick(("all", "teen", "mature")))]
        files = [("script", "script.txt", "text/plain", _script(ctx))]
        if ctx.chance(0.4):
            files.append(("thumbnail", "thumb.svg", "image/svg+xml", synth_tech.svg_image(ctx)))
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", f"/panelry/api/series/{seg(ctx, 'series', rid(ctx))}/episodes", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "subscribe":
        pairs = [("series_id", str(rid(ctx))), ("notify[new_episode]", ctx.pick(("1", "0"))), ("notify[creator_posts]", ctx.pick(("1", "0")))]
        return req("POST", "/panelry/subscriptions", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded", cookies=True, origin=v.site(ctx)), body=form(ctx, pairs))
    if kind == "unsubscribe":
        return req("DELETE", f"/panelry/api/subscriptions/{seg(ctx, 'subscription', rid(ctx))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))
    if kind == "search":
        flt: dict[str, Any] = {"genre": ctx.pick(("romance", "action", "BL", "GL", "slice-of-life", "horror")), "status": ctx.pick(("ongoing", "completed", "hiatus"))}
        if ctx.chance(0.7):
            flt["title"] = {"contains": ctx.slot("json_query", "filter.title.contains", ctx.pick((_short(ctx), ctx.fake.word(), v.tricky_search(ctx))))}
        q = f"filter={ctx.qenc(json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}&" + qs(ctx, [("sort", ctx.pick(("trending", "new", "likes")))])
        return req("GET", "/panelry/api/search", headers_for(ctx, ctx.pick(("mobile", "xhr"))), q)
    if kind == "progress":
        body = {"scrollPercent": ctx.rng.randint(0, 100), "lastPanel": ctx.rng.randint(1, 60), "device": j(ctx, "device", ctx.pick((f"{ctx.fake.first_name()}'s iPad", "Galaxy S24", "web")))}
        return req("PATCH", f"/panelry/api/episodes/{episode}/progress", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    return preflight(ctx, f"/panelry/api/episodes/{rid(ctx)}/comments", ("POST", "PUT"), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# 8. Board-game play log: plays with scores, house rules, collections
# --------------------------------------------------------------------------


def _game_name(ctx: Ctx) -> str:
    w, w2 = ctx.en.word().capitalize(), ctx.en.word().capitalize()
    return ctx.pick((f"{w} {w2}", f"{w}: {w2} Edition", f"Ticket to {ctx.fake.city()}", f"The Castles of {v.full_name(ctx)}", f"{ctx.fake.city()} Express",
                     f"{w}: Legacy – Season {ctx.rng.randint(1, 3)}", f"{w} & {w2}", f"{w}opoly", f"{w} (Second Edition)"))


def _house_rule(ctx: Ctx) -> str:
    n = ctx.rng.randint(2, 6)
    return ctx.pick((
        f"Each player starts with {n} coins (not {n - 1}) -- we found {n - 1} too punishing.",
        f"Ignore the '{ctx.en.word()}' card if < {n} players.",
        f"Longest road >= {n + 3} segments: +2 VP; ties go to whoever built it first.",
        "Free Parking pot: all taxes go in the middle; land on it & you take it (yes, we know).",
        f"No take-backs once you've drawn -- {ctx.fake.first_name()}'s rule.",
        "Score = VP + coins/3 (round down); if score_a == score_b, fewer turns wins.",
        v.prose(ctx, 1, 2, trap_rate=0.3),
    ))


@template("train", ("/meeplelog/",), weight=1.2)
def boardgame_plays(ctx: Ctx) -> Request:
    """Board-game play log: geekplay-style forms with `players[0][score]`, JSON plays from the app, house rules in markdown, CSV and XML collection imports, dotted search."""
    kind = ctx.pick(("play", "play", "play_json", "house_rules", "import", "xml", "search", "stats", "delete", "wishlist"))
    if kind == "play":
        pairs: list[tuple[str, Any]] = [("ajax", "1"), ("action", "save"), ("objecttype", "thing"), ("objectid", str(ctx.rng.randint(1, 400000))), ("playdate", v.iso_date(ctx)),
                                        ("location", ctx.pick((f"{ctx.fake.first_name()}'s place", ctx.fake.city(), "FLGS -- game night", "Discord + TTS"))),
                                        ("quantity", "1"), ("length", str(ctx.rng.randint(15, 300))), ("incomplete", ctx.pick(("0", "1"))),
                                        ("comments", ctx.pick((v.prose(ctx, 1, 3), _house_rule(ctx), f"First play with the {_game_name(ctx)} expansion -- {v.sentence(ctx)}")))]
        scores = sorted((ctx.rng.randint(0, 180) for _ in range(ctx.rng.randint(2, 5))), reverse=True)
        for i, score in enumerate(scores):
            pairs += [(f"players[{i}][name]", ctx.pick((v.full_name(ctx), ctx.fake.first_name()))), (f"players[{i}][username]", ctx.pick(("", ctx.fake.user_name()))),
                      (f"players[{i}][score]", str(score)), (f"players[{i}][win]", "1" if i == 0 else "0"),
                      (f"players[{i}][color]", ctx.pick(("red", "blue", "green", "yellow", "purple", "black")))]
        site = v.site(ctx)
        return req("POST", "/meeplelog/geekplay.php", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded; charset=UTF-8", origin=site, cookies=True,
                                                                   referer=site + "/meeplelog/plays"), body=form(ctx, pairs, fixed=("ajax", "action", "objecttype")))
    if kind == "play_json":
        players = [{"name": j(ctx, f"players[{i}].name", v.full_name(ctx)), "score": ctx.rng.randint(0, 180), "winner": i == 0,
                    "color": ctx.pick(("red", "blue", "green", "yellow")), "startPosition": i + 1,
                    "scoreNote": j(ctx, f"players[{i}].scoreNote", ctx.pick(("", f"{ctx.rng.randint(10, 60)} + {ctx.rng.randint(1, 20)} bonus", "tiebreak: most cards")))}
                   for i in range(ctx.rng.randint(2, 5))]
        body: dict[str, Any] = {"gameId": ctx.rng.randint(1, 400000), "gameName": j(ctx, "gameName", _game_name(ctx)),
                                "expansions": [j(ctx, f"expansions[{i}]", f"{_game_name(ctx)}: {ctx.pick(('Promo Pack #3', 'The Big Box', ctx.en.word().capitalize() + ' Expansion'))}") for i in range(ctx.rng.randint(0, 2))],
                                "playedAt": v.iso_datetime(ctx), "durationMin": ctx.rng.randint(15, 300), "location": j(ctx, "location", ctx.pick((ctx.fake.city(), "home"))),
                                "players": players, "houseRules": j(ctx, "houseRules", ctx.pick(("", _house_rule(ctx)))), "notes": j(ctx, "notes", ctx.pick(("", _text(ctx))))}
        return req("POST", "/meeplelog/api/plays", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "house_rules":
        rules = "\n".join(f"- {_house_rule(ctx)}" for _ in range(ctx.rng.randint(2, 5)))
        text = ctx.slot("multipart", "house_rules", f"# House rules for {_game_name(ctx)}\n\n## Setup\n{rules}\n\n## Notes\n{v.prose(ctx, 1, 2)}\n")
        return req("PUT", f"/meeplelog/api/games/{seg(ctx, 'game', rid(ctx))}/house-rules", headers_for(ctx, "xhr", content_type="text/markdown; charset=utf-8", auth="jwt"), body=str(text))
    if kind == "import":
        rows = ["objectname,objectid,rating,numplays,own,wishlist,comment"]
        for i in range(ctx.rng.randint(2, 10)):
            comment = ctx.pick(("", v.sentence(ctx), "sleeved; missing 1 meeple", "Kickstarter all-in -- never played :(")).replace('"', '""')
            cell = ctx.slot("multipart", "csv.comment", comment) if i == 0 else comment
            rows.append(f"{_csv_cell(_game_name(ctx))},{ctx.rng.randint(1, 400000)},{ctx.rng.randint(1, 10)},{ctx.rng.randint(0, 80)},{ctx.pick(('1', '0'))},{ctx.pick(('0', '1', '2'))},\"{cell}\"")
        ctype, body2 = multipart(ctx, [("source", ctx.pick(("bgg-export", "bgstats"))), ("merge", ctx.pick(("true", "false")))],
                                 [("file", "collection.csv", "text/csv", "\n".join(rows) + "\n")])
        return req("POST", "/meeplelog/api/collection/import", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "xml":
        items = []
        for i in range(ctx.rng.randint(1, 4)):
            name = enc_xml(str(ctx.slot("xml", f"item[{i}].name", _game_name(ctx))))
            comment = enc_xml(str(ctx.slot("xml", f"item[{i}].comment", ctx.pick(("", v.sentence(ctx), "Trade? -- only for " + _game_name(ctx))))))
            items.append(f'  <item objecttype="thing" objectid="{ctx.rng.randint(1, 400000)}" subtype="boardgame" collid="{rid(ctx)}">\n    <name sortindex="1">{name}</name>\n'
                         f"    <yearpublished>{ctx.rng.randint(1980, 2025)}</yearpublished>\n"
                         f'    <status own="{ctx.pick(("1", "0"))}" prevowned="0" fortrade="{ctx.pick(("1", "0"))}" want="0" wishlist="0" lastmodified="{v.when(ctx):%Y-%m-%d %H:%M:%S}"/>\n'
                         f"    <numplays>{ctx.rng.randint(0, 90)}</numplays>\n    <comment>{comment}</comment>\n  </item>")
        xml = f'<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<items totalitems="{len(items)}" termsofuse="https://boardgamegeek.com/xmlapi/termsofuse">\n' + "\n".join(items) + "\n</items>\n"
        return req("POST", "/meeplelog/api/collection/sync", headers_for(ctx, "sdk", content_type="application/xml", auth="apikey"), body=xml)
    if kind == "search":
        pairs = [("q", ctx.pick((_game_name(ctx), v.search_terms(ctx), v.tricky_search(ctx)))), ("players.min", str(ctx.rng.randint(1, 3))), ("players.max", str(ctx.rng.randint(4, 8)))]
        pairs += [("mechanics[]", m) for m in ctx.rng.sample(["deck-building", "worker-placement", "area-control", "co-op", "roll-and-write", "drafting"], ctx.rng.randint(0, 2))]
        pairs += [("sort", ctx.pick(("rank", "name", "playtime"))), ("order", ctx.pick(("asc", "desc")))]
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/meeplelog/games", headers_for(ctx, ctx.pick(("nav", "xhr"))), qs(ctx, pairs))
    if kind == "stats":
        pairs = [("year", str(ctx.rng.randint(2015, 2026))), ("group_by", ctx.pick(("game", "player", "month", "location")))]
        return req("GET", f"/meeplelog/api/users/{seg(ctx, 'user', ctx.fake.user_name())}/stats", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"), qs(ctx, pairs))
    if kind == "delete":
        return req("DELETE", f"/meeplelog/api/plays/{seg(ctx, 'play', rid(ctx))}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))
    body = {"wishlistPriority": ctx.rng.randint(1, 5), "comment": j(ctx, "comment", ctx.pick((v.prose(ctx, 1, 2), "Only if it's the 2nd printing (the 1st has the misprinted cards)"))),
            "own": ctx.chance(0.5), "forTrade": ctx.chance(0.2), "private_note": j(ctx, "private_note", ctx.pick(("", f"paid {v.money(ctx, 5, 120)} at {ctx.fake.company()}")))}
    return req("PATCH", f"/meeplelog/api/collection/{seg(ctx, 'item', rid(ctx))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# 9. Game-mod repository: manifests (TOML, JSON, XML), changelogs, crash logs
# --------------------------------------------------------------------------


def _mod_id(ctx: Ctx) -> str:
    return f"{ctx.en.word()}{ctx.pick(('', '_', ''))}{ctx.en.word()}".lower()


def _lua(ctx: Ctx) -> str:
    mod, key = _mod_id(ctx), ctx.en.word()
    lines = [f"-- {v.sentence(ctx)}", f'local {key} = require("{mod}.core")', f"local cfg = {key}.config", ""]
    lines.append(f"cfg.max_{ctx.en.word()} = {ctx.rng.randint(1, 500)}  -- default: {ctx.rng.randint(1, 100)}; don't go over 500 or it lags")
    if ctx.chance(0.6):
        lines += [f"if player:getLevel() >= {ctx.rng.randint(2, 60)} and not cfg.hardcore then", f'  print("{ctx.en.sentence(nb_words=4).rstrip(".")} -- enabled")', "end"]
    if ctx.chance(0.4):
        lines += ["for i, item in ipairs(inventory) do", f'  if item.name == "{ctx.en.word()}" then table.remove(inventory, i) end', "end"]
    return "\n".join(lines)


def _ini(ctx: Ctx) -> str:
    return (f"[General]\nbEnable{ctx.en.word().capitalize()}=1\nfMaxDistance={ctx.rng.randint(100, 9000)}.0 ; {v.sentence(ctx)}\n"
            f"sLanguage=\"{ctx.locale}\"\n\n[Keybinds]\niToggleKey=0x{v.hex_token(ctx, 2).upper()}\n# {ctx.pick(('set to 0 to disable', 'see README -- section 3', v.sentence(ctx)))}\n")


def _crash_log(ctx: Ctx) -> str:
    mod, cls = _mod_id(ctx), ctx.en.word().capitalize()
    return ctx.pick((
        lambda: (f"java.lang.NullPointerException: Cannot invoke \"net.minecraft.world.entity.Entity.getX()\" because \"entity\" is null\n"
                 f"\tat com.{ctx.en.user_name()}.{mod}.client.{cls}Renderer.render({cls}Renderer.java:{ctx.rng.randint(10, 900)})\n"
                 f"\tat net.minecraft.client.renderer.GameRenderer.render(GameRenderer.java:{ctx.rng.randint(100, 1500)})\n-- Head --\nThread: Render thread"),
        lambda: f"[string \"Interface\\AddOns\\{cls}\\Core.lua\"]:{ctx.rng.randint(10, 999)}: attempt to index a nil value (field '?')\n[C]: in function `pairs'",
        lambda: (f"Exception in ITickable: System.NullReferenceException: Object reference not set to an instance of an object\n"
                 f"  at {cls}.{ctx.en.word().capitalize()}Comp.CompTick () [0x00012] in <{v.hex_token(ctx, 32)}>:0"),
        lambda: (f"Faulting module path: C:\\Program Files (x86)\\Steam\\steamapps\\common\\{cls}\\Data\\SKSE\\Plugins\\{mod}.dll\n"
                 f"Exception code: 0xc0000005 -- load order below, {mod}.esp is #{ctx.rng.randint(3, 250)}"),
    ))()


def _mods_toml(ctx: Ctx, name: Any, description: Any) -> str:
    """A Forge mods.toml; `${file.jarVersion}` is filled in by the build, as in every real one."""
    mod = _mod_id(ctx)
    return (f'modLoader="javafml"\nloaderVersion="[{ctx.rng.randint(40, 52)},)"\nlicense="{ctx.pick(("MIT", "All Rights Reserved", "LGPL-3.0-only"))}"\n\n'
            f'[[mods]]\nmodId="{mod}"\nversion="${{file.jarVersion}}"\ndisplayName="{name}"\nauthors="{v.full_name(ctx)}"\n'
            f"description='''\n{description}\n'''\n\n[[dependencies.{mod}]]\n" + 'modId="forge"\nmandatory=true\nversionRange="[47.1,)"\nordering="NONE"\nside="BOTH"\n')


def _manifest(ctx: Ctx, name: str, description: str) -> tuple[str, str, str]:
    """(file name, content type, content) of a mod's manifest: Forge mods.toml, Factorio info.json or RimWorld About.xml."""
    r = ctx.rng.random()
    if r < 0.45:
        return "mods.toml", "application/toml", _mods_toml(ctx, name.replace('"', "'"), description.replace("'''", "'"))
    if r < 0.75:
        info = {"name": _mod_id(ctx), "version": f"{ctx.rng.randint(0, 3)}.{ctx.rng.randint(0, 20)}.{ctx.rng.randint(0, 9)}", "title": name, "author": v.full_name(ctx),
                "factorio_version": "1.1", "dependencies": ["base >= 1.1", f"? {_mod_id(ctx)}", f"! {_mod_id(ctx)}", f"(?) {_mod_id(ctx)} >= 0.3"], "description": description}
        return "info.json", "application/json", json.dumps(info, ensure_ascii=False, indent=2)
    return ("About.xml", "text/xml",
            f'<?xml version="1.0" encoding="utf-8"?>\n<ModMetaData>\n  <name>{enc_xml(name)}</name>\n  <author>{enc_xml(v.full_name(ctx))}</author>\n'
            f"  <packageId>{ctx.en.user_name()}.{_mod_id(ctx)}</packageId>\n  <supportedVersions><li>1.4</li><li>1.5</li></supportedVersions>\n"
            f"  <description>{enc_xml(description)}</description>\n</ModMetaData>\n")


@template("train", ("/modforge/",), weight=1.2)
def game_mod_repo(ctx: Ctx) -> Request:
    """Game-mod repository: uploads with manifests (TOML with ${file.jarVersion}, info.json, About.xml), changelogs, bug reports with crash logs and Lua/INI, mod-manager API."""
    kind = ctx.pick(("upload", "upload", "manifest", "changelog", "bug", "comment", "search", "endorse", "download", "delete", "preflight"))
    game = ctx.pick(("skyrimspecialedition", "minecraft", "factorio", "rimworld", "stardewvalley", "cyberpunk2077", "baldursgate3"))
    mod = seg(ctx, "mod", ctx.pick((str(rid(ctx)), _mod_id(ctx)))) if kind not in ("search", "preflight") else ""
    if kind == "upload":
        name, description = _short(ctx), v.prose(ctx, 1, 3, trap_rate=0.3)
        fields = [("version", f"{ctx.rng.randint(0, 5)}.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 9)}"), ("category", ctx.pick(("main", "optional", "update", "old_version"))),
                  ("description", ctx.pick((v.sentence(ctx), "Requires SKSE64 2.2.6+ -- install with MO2, NOT Vortex", "Hotfix for the crash on load")))]
        fname, ctype_file, content = _manifest(ctx, name, description)
        files = [("manifest", fname, ctype_file, content)]
        if ctx.chance(0.4):
            files.append(("changelog", "CHANGELOG.md", "text/markdown", f"## {fields[0][1]}\n- {v.sentence(ctx)}\n- Fixed `{_mod_id(ctx)}.ini` not loading when `[General]` is empty\n"))
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", f"/modforge/api/games/{seg(ctx, 'game', game)}/mods/{mod}/files", site_headers(ctx, ctx.pick(("xhr", "sdk")), ctype, ctx.pick(("jwt", "apikey"))), body=body2)
    if kind == "manifest":
        text = ctx.slot("multipart", "mods.toml", _mods_toml(ctx, _short(ctx).replace('"', "'"), v.prose(ctx, 1, 2).replace("'''", "'")))
        return req("PUT", f"/modforge/api/mods/{mod}/manifest", headers_for(ctx, "sdk", content_type="application/toml", auth="apikey"), body=str(text))
    if kind == "changelog":
        version = f"{ctx.rng.randint(0, 5)}.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 9)}"
        items = "\n".join(f"- {ctx.pick((v.sentence(ctx), 'Crash when the save has > 255 plugins', 'Removed the DROP ITEM hotkey (conflicts with SkyUI)', _house_rule(ctx)))}"
                          for _ in range(ctx.rng.randint(2, 6)))
        text = ctx.slot("multipart", "changelog", f"## [{version}] - {v.iso_date(ctx)}\n### Fixed\n{items}\n### Config\n```ini\n{_ini(ctx)}```\n")
        return req("PUT", f"/modforge/api/mods/{mod}/changelog/{seg(ctx, 'version', version)}", headers_for(ctx, "xhr", content_type="text/markdown; charset=utf-8", auth="jwt"), body=str(text))
    if kind == "bug":
        body: dict[str, Any] = {"title": j(ctx, "title", ctx.pick((v.short_text(ctx), "CTD on load after updating to 2.1", "Textures missing -- purple checkerboard"))),
                                "description": j(ctx, "description", _text(ctx)), "gameVersion": f"1.{ctx.rng.randint(0, 20)}.{ctx.rng.randint(0, 400)}",
                                "modVersion": f"{ctx.rng.randint(0, 5)}.{ctx.rng.randint(0, 30)}", "loadOrder": [j(ctx, f"loadOrder[{i}]", _mod_id(ctx) + ctx.pick((".esp", ".esm", ".esl", ".jar", ""))) for i in range(ctx.rng.randint(1, 6))],
                                "crashLog": j(ctx, "crashLog", _crash_log(ctx)), "config": j(ctx, "config", ctx.pick((_ini(ctx), _lua(ctx), "")))}
        return req("POST", f"/modforge/api/mods/{mod}/bugs", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "comment":
        snippet = ctx.pick((f"```lua\n{_lua(ctx)}\n```", f"```ini\n{_ini(ctx)}```", f"`{_mod_id(ctx)}.esp` before `{_mod_id(ctx)}.esp`", ""))
        pairs: list[tuple[str, Any]] = [("_token", v.alnum_token(ctx, 40)), ("comment[body]", f"{v.prose(ctx, 1, 2, trap_rate=0.3)}\n\n{snippet}".strip()), ("comment[parent_id]", ctx.pick(("", str(rid(ctx)))))]
        site = v.site(ctx)
        return req("POST", f"/modforge/mods/{mod}/comments", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/modforge/"),
                   body=form(ctx, pairs, fixed=("_token",)))
    if kind == "search":
        pairs = [("game_domain", game), ("q", ctx.pick((_short(ctx), v.search_terms(ctx), _mod_id(ctx)))), ("sort_by", ctx.pick(("endorsements", "downloads", "updated")))]
        pairs += [("tags[]", t) for t in ctx.rng.sample(["UI", "Overhaul", "Lore-friendly", "Cheats & God items", "Quality of Life", "Bug fixes"], ctx.rng.randint(0, 2))]
        pairs.append(("include-nsfw", ctx.pick(("false", "true"))))
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/modforge/api/mods", headers_for(ctx, ctx.pick(("sdk", "xhr")), auth=ctx.pick(("apikey", None))), qs(ctx, pairs))
    if kind == "endorse":
        body = {"version": j(ctx, "version", f"{ctx.rng.randint(0, 5)}.{ctx.rng.randint(0, 30)}"), "endorsed": ctx.chance(0.9)}
        return req("POST", f"/modforge/api/mods/{mod}/endorse", headers_for(ctx, "sdk", content_type="application/json", auth="apikey"), body=dumps(ctx, body))
    if kind == "download":
        pairs = [("key", v.alnum_token(ctx, 22)), ("expires", str(ctx.rng.randrange(1_700_000_000, 1_760_000_000))), ("game", game)]
        return req("GET", f"/modforge/api/mods/{mod}/files/{seg(ctx, 'file', rid(ctx))}/download-link", headers_for(ctx, "sdk", auth="apikey",
                                                                                                                 extra=(("Application-Name", ctx.pick(("Vortex", "MO2", "Wabbajack"))),)),
                   qs(ctx, pairs, fixed=("key", "expires")))
    if kind == "delete":
        return req("DELETE", f"/modforge/api/mods/{mod}/files/{seg(ctx, 'file', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, f"/modforge/api/mods/{rid(ctx)}/bugs", ("POST", "PUT"), ("authorization,content-type", "apikey,content-type"))


# --------------------------------------------------------------------------
# 10. Art-commission marketplace: briefs with references, tiers, revisions
# --------------------------------------------------------------------------


def _brief(ctx: Ctx) -> str:
    oc = ctx.fake.first_name()
    return ctx.pick((
        lambda: f"Looking for a half-body of my OC {oc} ({ctx.pick(('she/her', 'he/him', 'they/them'))}) -- think '{ctx.en.word()} meets {ctx.en.word()}' vibes. Refs below! Please no {ctx.en.word()} :)",
        lambda: f"{v.prose(ctx, 1, 3, trap_rate=0.3)}\n\nColours: #{v.hex_token(ctx, 6)} & #{v.hex_token(ctx, 6)} -- NOT neon.",
        lambda: f"Hi!! {ctx.pick(v._EMOJI)} {oc} & {ctx.fake.first_name()} sitting on a {ctx.en.word()}; background: simple. Usage: Twitch emotes (<= 3), personal only.",
        lambda: v.markdown_post(ctx, code_rate=0.0),
        lambda: _text(ctx),
    ))()


@template("train", ("/commishq/",), weight=1.1)
def art_commissions(ctx: Ctx) -> Request:
    """Art-commission marketplace: briefs with reference URLs, revisions with pinned notes, tiers as arrays, messages with sketches, ToS in markdown, signed payment hooks."""
    kind = ctx.pick(("brief", "brief", "revision", "tiers", "message", "tos", "status", "queue", "webhook", "apply", "archive", "delete"))
    request_id = seg(ctx, "request", v.alnum_token(ctx, 10)) if kind in ("revision", "message", "status", "delete") else ""
    if kind == "brief":
        body: dict[str, Any] = {"tierId": f"tier_{v.alnum_token(ctx, 8)}", "title": j(ctx, "title", _short(ctx)), "description": j(ctx, "description", _brief(ctx)),
                                "references": [j(ctx, f"references[{i}]", _url(ctx)) for i in range(ctx.rng.randint(1, 4))],
                                "characters": [{"name": j(ctx, f"characters[{i}].name", _character(ctx)), "pronouns": ctx.pick(("she/her", "he/him", "they/them", "")),
                                                "notes": j(ctx, f"characters[{i}].notes", ctx.pick(("", v.sentence(ctx), "scar over LEFT eye (her left!)")))} for i in range(ctx.rng.randint(1, 3))],
                                "usage": ctx.pick(("personal", "commercial", "streaming")), "deadline": ctx.pick((None, v.iso_date(ctx))),
                                "budget": {"amount": v.money(ctx, 15, 900), "currency": ctx.pick(("USD", "EUR", "GBP", "JPY"))}, "nsfw": False, "allowStreaming": ctx.chance(0.5)}
        return req("POST", f"/commishq/api/artists/{seg(ctx, 'artist', ctx.fake.user_name())}/requests", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "revision":
        body = {"round": ctx.rng.randint(1, 3), "notes": j(ctx, "notes", ctx.pick((_text(ctx), "Could the hair be a bit longer? & the sword in her RIGHT hand -- sorry!!"))),
                "annotations": [{"x": ctx.rng.randint(0, 2000), "y": ctx.rng.randint(0, 2000), "comment": j(ctx, f"annotations[{i}].comment", ctx.pick((v.sentence(ctx), "<- this", "eyes: #3a7bd5?")))}
                                for i in range(ctx.rng.randint(0, 3))]}
        return req("POST", f"/commishq/api/requests/{request_id}/revisions", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "tiers":
        tiers = [{"name": j(ctx, f"[{i}].name", ctx.pick(("Headshot", "Half-body", "Full-body + simple BG", "Ref sheet (2 views)", "Chibi", "Emote pack x3"))),
                  "price": v.money(ctx, 10, 600), "currency": ctx.pick(("USD", "EUR")), "description": j(ctx, f"[{i}].description", ctx.pick((v.prose(ctx, 1, 2), "Flat colours; +$10 per extra character"))),
                  "turnaroundDays": ctx.rng.randint(3, 60), "extras": [{"label": j(ctx, f"[{i}].extras[0].label", ctx.pick(("+ extra character", "+ detailed BG", "Commercial use (x2)"))), "price": v.money(ctx, 5, 100)}]}
                 for i in range(ctx.rng.randint(1, 5))]
        return req("PUT", "/commishq/api/artists/me/tiers", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, tiers))
    if kind == "message":
        r = ctx.rng.random()
        if r < 0.4:
            file = ("attachment", "sketch.svg", "image/svg+xml", synth_tech.svg_image(ctx))
        elif r < 0.7:
            file = ("attachment", "refs.txt", "text/plain", "\n".join(f"{_url(ctx)} -- {ctx.pick(('pose', 'outfit', 'colours', 'vibe'))}" for _ in range(ctx.rng.randint(1, 5))))
        else:
            file = ("attachment", "palette.csv", "text/csv", "name,hex\n" + "\n".join(f"{ctx.en.word()},#{v.hex_token(ctx, 6)}" for _ in range(ctx.rng.randint(2, 6))))
        ctype, body2 = multipart(ctx, [("body", ctx.pick((_text(ctx), v.prose(ctx, 1, 2)))), ("stage", ctx.pick(("sketch", "lineart", "colour", "final")))], [file])
        return req("POST", f"/commishq/api/requests/{request_id}/messages", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "tos":
        tos = (f"## Will draw\n- OCs, fanart, {ctx.en.word()}s, pets\n\n## Won't draw\n- NSFW, mecha, hateful content\n\n## Payment\n"
               f"- 50% upfront via {ctx.pick(('PayPal', 'Ko-fi', 'Stripe'))} -- no refunds once the sketch is approved\n- Prices in {ctx.pick(('USD', 'EUR'))}; > $200 can be split in 2\n\n"
               f"## Usage\n{v.prose(ctx, 1, 3)}\n")
        text = ctx.slot("multipart", "tos", tos)
        return req("PUT", "/commishq/api/artists/me/terms", headers_for(ctx, "xhr", content_type="text/markdown; charset=utf-8", auth="jwt"), body=str(text))
    if kind == "status":
        body = {"status": ctx.pick(("accepted", "sketch", "lineart", "colouring", "done", "declined")), "note": j(ctx, "note", ctx.pick(("", v.prose(ctx, 1, 2), "WIP attached -- thoughts?"))),
                "eta": ctx.pick((None, v.iso_date(ctx)))}
        return req("PATCH", f"/commishq/api/requests/{request_id}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "queue":
        pairs: list[tuple[str, Any]] = [("status[]", s) for s in ctx.rng.sample(["pending", "accepted", "sketch", "colouring", "done"], ctx.rng.randint(1, 3))]
        pairs += [("sort", ctx.pick(("deadline", "created", "price"))), ("include-archived", ctx.pick(("0", "1")))]
        if ctx.chance(0.4):
            pairs.append(("q", ctx.pick((ctx.fake.user_name(), _character(ctx), v.tricky_search(ctx)))))
        if ctx.chance(0.3):
            pairs += v.keyword_params(ctx, 1, 2)
        return req("GET", "/commishq/api/queue", headers_for(ctx, ctx.pick(("xhr", "nav")), cookies=True), qs(ctx, pairs))
    if kind == "webhook":
        body = {"event": ctx.pick(("invoice.paid", "invoice.refunded", "payout.sent")), "created": ctx.rng.randrange(1_700_000_000, 1_760_000_000),
                "data": {"invoice_id": f"in_{v.alnum_token(ctx, 14)}", "amount": ctx.rng.randrange(500, 90000), "currency": ctx.pick(("usd", "eur")),
                         "memo": j(ctx, "data.memo", ctx.pick((f"Commission: {_short(ctx)}", v.sentence(ctx), "tip <3"))), "payer_name": j(ctx, "data.payer_name", v.full_name(ctx))}}
        extra = (("X-Commishq-Signature", f"t={ctx.rng.randrange(1_700_000_000, 1_760_000_000)},v1={v.hex_token(ctx, 64)}"),)
        return req("POST", "/commishq/hooks/payments", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if kind == "apply":
        pairs = [("csrf_token", v.alnum_token(ctx, 32)), ("commission[name]", v.full_name(ctx)), ("commission[email]", ctx.fake.email()), ("commission[tier]", ctx.pick(("headshot", "half-body", "full-body"))),
                 ("commission[description]", _brief(ctx)), ("commission[references]", "\n".join(_url(ctx) for _ in range(ctx.rng.randint(1, 3)))), ("commission[agree_tos]", "1")]
        site = v.site(ctx)
        return req("POST", f"/commishq/{seg(ctx, 'artist', ctx.fake.user_name())}/commission", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site,
                                                                                                          referer=site + "/commishq/"), body=form(ctx, pairs, fixed=("csrf_token", "commission[agree_tos]")))
    if kind == "archive":  # the queue page's checkboxes
        pairs = [("_csrf", v.alnum_token(ctx, 32)), ("selected[]", v.alnum_token(ctx, 10))] + [("selected[]", v.alnum_token(ctx, 10)) for _ in range(ctx.rng.randint(0, 4))]
        pairs.append(("note", ctx.pick(("", "closing these -- client ghosted", v.sentence(ctx)))))
        return req("POST", "/commishq/queue/archive", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=v.site(ctx), cookies=True), body=form(ctx, pairs, fixed=("_csrf",)))
    return req("DELETE", f"/commishq/api/requests/{request_id}/messages/{seg(ctx, 'message', rid(ctx))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 11. Meme caption generator: captions with slang and emoji, path-encoded text
# --------------------------------------------------------------------------

_MEME_FORMATS = (
    "{me} when {thing}", "nobody:\nabsolutely nobody:\n{me}: {thing}", "POV: {thing}", "{thing}? in this economy?", "it's giving {word}",
    "{thing} be like", "*cries in {word}*", "me explaining to my {rel} why {thing}", "they don't know {thing} 💀", "no cap, {thing} fr fr",
    "that's not a bug, it's a feature", "works on my machine ¯\\_(ツ)_/¯", "one does not simply {thing}", "y'all really {thing} 😭", "task failed successfully",
    "{rel}: we have {word} at home\n{word} at home:", "ah yes, {word}", ">be me\n>{thing}\n>mfw", "i'm in this photo and i don't like it", "{thing} -- {thing2}",
    "404: {word} not found", "sudo make me a {word}", "ctrl+z ctrl+z CTRL+Z", "{word} < {word2} && {word2} > {word}",
)


def _caption(ctx: Ctx) -> str:
    sentence = v.sentence(ctx).rstrip(".")
    thing = sentence.lower() if ctx.chance(0.6) else sentence
    return ctx.pick(_MEME_FORMATS).format(me=ctx.pick(("me", "my cat", "the intern", ctx.fake.first_name(), "my code")), thing=thing, thing2=v.sentence(ctx).rstrip("."),
                                          word=ctx.en.word(), word2=ctx.en.word(), rel=ctx.pick(("mom", "boss", "therapist", "landlord", "dog")))


def _memegen_escape(text: str) -> str:
    """memegen-style path text: `_` for spaces, `--` for dashes, `~q` for `?` and friends."""
    out = text.replace("_", "__").replace("-", "--").replace(" ", "_").replace("?", "~q").replace("%", "~p").replace("#", "~h").replace("/", "~s")
    return out.replace('"', "''").replace("\n", "~n")


@template("train", ("/captionator/",), weight=1.1)
def meme_generator(ctx: Ctx) -> Request:
    """Meme caption generator: imgflip-style forms with `boxes[0][text]`, path-encoded captions (`~q`, `--`), JSON overlay layers, template uploads, JSON filters."""
    kind = ctx.pick(("caption", "caption", "render", "render", "overlay", "templates", "upload", "favorite", "share", "preflight"))
    template_id = ctx.pick(("drake", "distracted-bf", "this-is-fine", "galaxy-brain", "two-buttons", str(ctx.rng.randint(100000, 99999999))))
    if kind == "caption":
        pairs: list[tuple[str, Any]] = [("template_id", template_id)]
        if ctx.chance(0.5):
            pairs += [("text0", _caption(ctx)), ("text1", ctx.pick(("", _caption(ctx))))]
        else:
            for i in range(ctx.rng.randint(2, 4)):
                pairs += [(f"boxes[{i}][text]", _caption(ctx)), (f"boxes[{i}][color]", ctx.pick(("#ffffff", "#000000", "#ff0"))), (f"boxes[{i}][outline_color]", ctx.pick(("#000000", "#ffffff")))]
        pairs += [("font", ctx.pick(("impact", "arial"))), ("max_font_size", str(ctx.pick((40, 50, 72))))]
        return req("POST", "/captionator/caption_image", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/x-www-form-urlencoded", cookies=ctx.chance(0.5), origin=v.site(ctx)),
                   body=form(ctx, pairs))
    if kind == "render":
        top, bottom = _memegen_escape(_caption(ctx)), _memegen_escape(ctx.pick(("", _caption(ctx))))
        path = f"/captionator/images/{seg(ctx, 'template', template_id)}/{seg(ctx, 'top', top or '_')}/{seg(ctx, 'bottom', bottom or '_')}.{ctx.pick(('png', 'jpg', 'gif', 'webp'))}"
        q = qs(ctx, [("width", str(ctx.pick((400, 600, 800)))), ("font", ctx.pick(("impact", "notosans", "kalam")))]) if ctx.chance(0.5) else ""
        return req(ctx.pick(("GET", "GET", "HEAD")), path, headers_for(ctx, ctx.pick(("nav", "sdk")), accept="image/avif,image/webp,image/*,*/*;q=0.8"), q)
    if kind == "overlay":
        layers = [{"type": "text", "text": j(ctx, f"layers[{i}].text", _caption(ctx)), "x": ctx.rng.randint(0, 800), "y": ctx.rng.randint(0, 800), "rotation": ctx.pick((0, 0, -8, 12)),
                   "font": ctx.pick(("Impact", "Comic Neue", "Noto Sans JP")), "fontSize": ctx.rng.randint(18, 96), "fill": "#ffffff", "stroke": {"color": "#000000", "width": ctx.rng.randint(1, 6)},
                   "allCaps": ctx.chance(0.6)} for i in range(ctx.rng.randint(1, 4))]
        if ctx.chance(0.3):
            layers.append({"type": "sticker", "emoji": j(ctx, "sticker.emoji", ctx.pick(v._EMOJI)), "x": ctx.rng.randint(0, 800), "y": ctx.rng.randint(0, 800)})
        body: dict[str, Any] = {"templateId": template_id, "layers": layers, "title": j(ctx, "title", ctx.pick(("", _caption(ctx).split("\n")[0]))),
                                "tags": [j(ctx, f"tags[{i}]", ctx.pick(("relatable", "programming", "cats", "mondays", "r/me_irl", ctx.en.word()))) for i in range(ctx.rng.randint(0, 3))],
                                "visibility": ctx.pick(("public", "unlisted", "private")), "nsfw": False}
        return req("POST", "/captionator/api/memes", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "templates":
        flt: dict[str, Any] = {"boxCount": {"gte": ctx.rng.randint(1, 3)}, "animated": ctx.chance(0.2)}
        if ctx.chance(0.7):
            flt["name"] = {"contains": ctx.slot("json_query", "filter.name.contains", ctx.pick(("drake", "cat", "this is fine", "brain", v.tricky_search(ctx), ctx.en.word())))}
        q = f"filter={ctx.qenc(json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}&" + qs(ctx, [("sort", ctx.pick(("popular", "new"))), ("page", str(ctx.rng.randint(1, 9)))])
        return req("GET", "/captionator/api/templates", headers_for(ctx, ctx.pick(("xhr", "mobile"))), q)
    if kind == "upload":
        boxes = json.dumps([{"x": ctx.rng.randint(0, 400), "y": ctx.rng.randint(0, 400), "w": ctx.rng.randint(100, 500), "h": ctx.rng.randint(40, 200)} for _ in range(ctx.rng.randint(1, 3))])
        fields = [("name", ctx.pick((_short(ctx), f"{ctx.en.word()} guy pointing"))), ("keywords", ", ".join(ctx.en.words(ctx.rng.randint(1, 4)))), ("boxes", boxes)]
        ctype, body2 = multipart(ctx, fields, [("image", f"{ctx.en.slug()}.svg", "image/svg+xml", synth_tech.svg_image(ctx))])
        return req("POST", "/captionator/api/templates", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body2)
    if kind == "favorite":
        return req("DELETE", f"/captionator/api/favorites/{seg(ctx, 'meme', v.alnum_token(ctx, 8))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    if kind == "share":
        body = {"channel": ctx.pick(("discord", "telegram", "link", "email")), "message": j(ctx, "message", ctx.pick(("", _caption(ctx), f"@{ctx.fake.user_name()} this is literally you 😂"))),
                "to": j(ctx, "to", ctx.pick(("", ctx.fake.email(), "#memes")))}
        return req("POST", f"/captionator/api/memes/{seg(ctx, 'meme', v.alnum_token(ctx, 8))}/share", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    return preflight(ctx, "/captionator/api/memes", ("POST",), ("content-type", "authorization,content-type"))


# --------------------------------------------------------------------------
# 12. Fan-wiki comment and rating widget (embedded on wiki pages, not a wiki)
# --------------------------------------------------------------------------


def _wiki_page(ctx: Ctx) -> str:
    page = urllib.parse.quote(ctx.pick((_character(ctx), f"Episode {ctx.rng.randint(1, 200)}", _fandom(ctx), ctx.en.word().capitalize())).replace(" ", "_"))
    return f"https://{ctx.en.word()}.{ctx.pick(('fandom.com', 'wiki.gg', 'fandom-wiki.org'))}/wiki/{page}"


def _fan_comment(ctx: Ctx) -> str:
    text = _fan_comment_text(ctx)
    return f"{text}\n\n{_spoiler(ctx, v.sentence(ctx))}" if ctx.chance(0.3) else text


def _fan_comment_text(ctx: Ctx) -> str:
    return ctx.pick((
        lambda: f"{_spoiler(ctx, v.sentence(ctx))} {v.prose(ctx, 1, 2)}",
        lambda: f"{v.prose(ctx, 1, 1)} {_spoiler(ctx, _character(ctx) + ' ' + v.sentence(ctx).lower())}",
        lambda: f"{_spoiler(ctx, v.prose(ctx, 1, 2))}\n\n(marked it, mods pls don't delete)",
        lambda: f"{_character(ctx)} is S tier and I will not be taking questions {ctx.pick(v._EMOJI)}",
        lambda: f"> {v.sentence(ctx)}\n\nSource? The manga (ch. {ctx.rng.randint(1, 1100)}) says otherwise -- {v.prose(ctx, 1, 1)}",
        lambda: f"Power ranking: {_character(ctx)} > {_character(ctx)} >= {_character(ctx)} -- fight me",
        lambda: f"Who else is here after episode {ctx.rng.randint(1, 60)}?? {v.prose(ctx, 1, 1)}",
        lambda: v.markdown_post(ctx, code_rate=0.05),
        lambda: _text(ctx),
    ))()


@template("train", ("/fanrate/",), weight=1.1)
def fanwiki_widget(ctx: Ctx) -> Request:
    """Fan-wiki comment/rating widget: JSONP thread loads, star and tier ratings, spoiler-tagged comments, JSON filters, tier lists, reports, CSV exports."""
    kind = ctx.pick(("widget", "rate", "comment", "comment", "list", "tierlist", "report", "vote", "delete", "export", "preflight"))
    if kind == "widget":  # a JSONP thread load from the wiki page
        ts = ctx.rng.randrange(1_700_000_000_000, 1_760_000_000_000)
        pairs = [("site", ctx.en.word()), ("page_url", _wiki_page(ctx)), ("page_title", ctx.pick((_character(ctx), _fandom(ctx)))),
                 ("callback", f"jQuery36{ctx.rng.randrange(10**15, 10**16)}_{ts}"), ("_", str(ts))]
        return req("GET", "/fanrate/embed/v2/thread.js", headers_for(ctx, "xhr", accept="*/*", referer=_wiki_page(ctx), cookies=ctx.chance(0.6)), qs(ctx, pairs))
    if kind == "rate":
        stars, _ = _stars(ctx)
        body: dict[str, Any] = {"pageUrl": j(ctx, "pageUrl", _wiki_page(ctx)), "pageTitle": j(ctx, "pageTitle", _character(ctx)), "stars": stars,
                                "tier": ctx.pick(("S", "A", "B", "C", "D", "F")), "category": ctx.pick(("character", "episode", "arc", "weapon")), "visitorId": v.hex_token(ctx, 16)}
        return req("POST", "/fanrate/api/ratings", headers_for(ctx, "xhr", content_type=ctx.pick(("application/json", "text/plain;charset=UTF-8")), origin=v.site(ctx), cookies=True), body=dumps(ctx, body))
    if kind == "comment":
        body = {"pageUrl": j(ctx, "pageUrl", _wiki_page(ctx)), "parentId": ctx.pick((None, str(rid(ctx)))), "body": j(ctx, "body", _fan_comment(ctx)),
                "authorName": j(ctx, "authorName", ctx.pick((ctx.fake.user_name(), v.full_name(ctx), "Anonymous"))),
                "spoilerScope": j(ctx, "spoilerScope", ctx.pick(("", "Season 3", f"Chapter {ctx.rng.randint(100, 1100)}+", "manga only", "DLC"))), "notifyReplies": ctx.chance(0.4)}
        return req("POST", "/fanrate/api/comments", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", ctx.pick((None, "jwt")), cookies=True), body=dumps(ctx, body))
    if kind == "list":
        flt: dict[str, Any] = {"spoilers": ctx.chance(0.3), "upTo": ctx.slot("json_query", "filter.upTo", ctx.pick(("S02E05", "chapter 400", "Act 2", v.short_text(ctx))))}
        q = f"filter={ctx.qenc(json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}&" + qs(ctx, [("sort", ctx.pick(("-score", "newest", "oldest"))), ("limit", str(ctx.pick((20, 50))))])
        return req("GET", f"/fanrate/api/threads/{seg(ctx, 'thread', v.alnum_token(ctx, 12))}/comments", headers_for(ctx, "xhr", referer=_wiki_page(ctx)), q)
    if kind == "tierlist":
        tiers = {t: [j(ctx, f"tiers.{t}[{i}]", _character(ctx)) for i in range(ctx.rng.randint(0, 3))] for t in ("S", "A", "B", "C")}
        body = {"title": j(ctx, "title", ctx.pick((f"{_fandom(ctx)} characters -- my take", _short(ctx)))), "tiers": tiers, "notes": j(ctx, "notes", ctx.pick(("", _fan_comment(ctx))))}
        return req("PUT", f"/fanrate/api/tierlists/{seg(ctx, 'tierlist', v.alnum_token(ctx, 8))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "report":
        pairs: list[tuple[str, Any]] = [("comment_id", str(rid(ctx))), ("reason", ctx.pick(("spoiler", "spam", "harassment", "off-topic"))),
                                        ("details", ctx.pick(("", v.prose(ctx, 1, 2), "Unmarked spoiler for the finale -- please hide!!")))]
        return req("POST", "/fanrate/api/reports", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded", cookies=True, origin=v.site(ctx)), body=form(ctx, pairs))
    if kind == "vote":
        body = {"vote": ctx.pick((1, -1, 0)), "reason": j(ctx, "reason", ctx.pick(("", "helpful", "funny", "spoiler")))}
        return req("PATCH", f"/fanrate/api/comments/{seg(ctx, 'comment', rid(ctx))}/vote", headers_for(ctx, "xhr", content_type="application/json", cookies=True, origin=v.site(ctx)), body=dumps(ctx, body))
    if kind == "delete":
        return req("DELETE", f"/fanrate/api/comments/{seg(ctx, 'comment', rid(ctx))}", headers_for(ctx, "xhr", cookies=True))
    if kind == "export":
        pairs = [("since", v.iso_date(ctx)), ("page_prefix", ctx.pick(("/wiki/", "/wiki/Characters/", "/wiki/" + ctx.en.word().capitalize())))]
        return req("GET", f"/fanrate/api/sites/{seg(ctx, 'site', ctx.en.word())}/comments.csv", headers_for(ctx, "sdk", auth="apikey", accept="text/csv"), qs(ctx, pairs))
    return preflight(ctx, "/fanrate/api/comments", ("POST", "PATCH", "DELETE"), ("content-type", "content-type,x-fanrate-site"))


MEDIA: tuple[str, ...] = (
    "fanfic_archive", "film_diary", "lyrics_annotations", "ebook_reader", "newsroom_wire", "radio_playout",
    "webtoon_reader", "boardgame_plays", "game_mod_repo", "art_commissions", "meme_generator", "fanwiki_widget",
)
