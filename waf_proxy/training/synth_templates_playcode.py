"""Train templates: creative-coding and game-making apps whose users send code as content.

A GLSL shader playground (fragment shaders saved, forked, commented on and synced from a CLI),
a block-coding platform for kids (Scratch 3 project JSON, sprite uploads, kids' comments full
of emoji and typos), a game-modding site (Lua scripts, Forge/Fabric manifests in TOML and JSON,
RimWorld About.xml, changelogs and crash reports), a Minecraft server panel (datapack
mcfunction files, server.properties, the whitelist, console commands), an interactive-fiction
editor (Twine Harlowe/SugarCube passages, Twee source, Ink), a creative-coding sketch gallery
(p5.js and Processing sketches, GraphQL collections), a live-coding music site (Sonic Pi,
TidalCycles, Strudel and SuperCollider code, jam sessions) and a 2D level editor (Tiled JSON
and TMX maps, entity scripts, level names).

They exist because what these users type reads as an attack to a naive filter: `#define` and
`// union with the ground plane` in a shader, `execute as @a[scores={deaths=1..}] run kill @s`,
`<<set $gold to 5>>` and `(if: $hasKey is true)[...]`, `-- comments` and `..` in Lua,
`d1 $ sound "bd*2 [~ bd]" # gain 1.2`, `${file.jarVersion}` in a manifest, a level called
"Drop Zone" or "Bowser's Keep", a kid writing "i remixed it --> check my profile <3". Every
user-controlled value goes through a slot.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    dumps, empty_file, form, form_headers, header_slot, json_param, multipart, preflight, qs, req, Request, rid, seg, short_title, site_headers,
    template, user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------


def _fill(text: str, **kw: Any) -> str:
    """Fill `⟪name⟫` fields (braces, `<<`, `$` and `#` stay free for the code itself)."""
    return re.sub(r"⟪(\w+)⟫", lambda m: str(kw[m.group(1)]), text)


def _f(ctx: Ctx, lo: float, hi: float, digits: int = 2) -> str:
    """A float literal as people tune them by hand in code."""
    return f"{ctx.rng.uniform(lo, hi):.{digits}f}"


def _j(ctx: Ctx, name: str, value: Any) -> Any:
    """A JSON leaf that may carry a payload."""
    return ctx.slot("json", name, value)


def _raw(ctx: Ctx, name: str, value: str) -> str:
    """A value inside a raw text body (a file written as is), where a payload lands as is."""
    return str(ctx.slot("multipart", name, value))


def _slot_one(ctx: Ctx, name: str, parts: list[str]) -> list[str]:
    """A raw document built from parts, one of them (chosen at random) an injection slot."""
    i = ctx.rng.randrange(len(parts))
    return parts[:i] + [_raw(ctx, f"{name}[{i}]", parts[i])] + parts[i + 1:]


def _etag(ctx: Ctx) -> tuple[tuple[str, str], ...]:
    return (("If-Match", ctx.pick((f'"{v.hex_token(ctx, 16)}"', f'W/"{v.hex_token(ctx, 12)}"'))),)


_NAMES = ("Zoë D'Angelo", "Seán O'Brien", "Nguyễn Thị Hoa", "Łukasz Wróblewski", "Renée Müller", "Siobhán McCarthy", "José María Pérez",
          "Mary-Kate O'Sullivan", "Björn Åkesson", "François L'Héritier", "Aoife Ní Bhriain", "D'Andre Jackson")


def _name(ctx: Ctx) -> str:
    """A person's name: Faker's in the request's locale, often with apostrophes or diacritics."""
    return ctx.pick(_NAMES) if ctx.chance(0.2) else v.full_name(ctx)


_HANDLES = ("xX_DragonSlayer_Xx", "cat_lover2014", "Mr_Pancakes", "pixel-witch", "zoë_draws", "o_malley_games", "NinjaKid_77", "glitchy_gus",
            "ミカ_music", "Дима_кодер", "bl0ckmaster", "the_real_DArcy", "llama-llama", "sk8r_gurl", "shader_nerd", "lofi.loops")


def _handle(ctx: Ctx) -> str:
    """A username as people pick them on hobby sites."""
    r = ctx.rng.random()
    if r < 0.45:
        return ctx.pick(_HANDLES)
    if r < 0.75:
        return ctx.en.user_name()
    return re.sub(r"\s+", "_", ctx.fake.first_name()) + str(ctx.rng.randint(1, 2015))


def _ident(ctx: Ctx) -> str:
    """A lowercase identifier (mod ids, namespaces, file names)."""
    return re.sub(r"[^a-z]", "", ctx.en.word().lower()) or "thing"


# --------------------------------------------------------------------------
# Shader playground: fragment shaders (Shadertoy and Book of Shaders style), forks, comments, CLI sync
# --------------------------------------------------------------------------

_GLSL_RAYMARCH = """// ⟪title⟫
// raymarching + smooth union, distance functions from https://iquilezles.org/articles/distfunctions/
#define MAX_STEPS ⟪steps⟫
#define MAX_DIST ⟪dist⟫.
#define SURF_DIST .001

float sdSphere(vec3 p, float s) { return length(p) - s; }

float sdBox(vec3 p, vec3 b) {
    vec3 q = abs(p) - b;
    return length(max(q, 0.0)) + min(max(q.x, max(q.y, q.z)), 0.0);
}

float opSmoothUnion(float d1, float d2, float k) {
    float h = clamp(0.5 + 0.5*(d2 - d1)/k, 0.0, 1.0);
    return mix(d2, d1, h) - k*h*(1.0 - h);
}

float map(vec3 p) {
    float s = sdSphere(p - vec3(0, 1, 6), ⟪radius⟫);
    float b = sdBox(p - vec3(sin(iTime)*1.5, 1, 6), vec3(.5));
    return min(opSmoothUnion(s, b, ⟪k⟫), p.y); // union with the ground plane
}

float rayMarch(vec3 ro, vec3 rd) {
    float dO = 0.;
    for (int i = 0; i < MAX_STEPS; i++) {
        float dS = map(ro + rd*dO);
        dO += dS;
        if (dO > MAX_DIST || abs(dS) < SURF_DIST) break;
    }
    return dO;
}

vec3 getNormal(vec3 p) {
    vec2 e = vec2(.001, 0);
    return normalize(map(p) - vec3(map(p - e.xyy), map(p - e.yxy), map(p - e.yyx)));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord - .5*iResolution.xy) / iResolution.y;
    vec3 ro = vec3(0, 1, 0);
    vec3 rd = normalize(vec3(uv.x, uv.y, 1));
    float d = rayMarch(ro, rd);
    vec3 p = ro + rd*d;
    vec3 lightPos = vec3(2.*sin(iTime), 5, 6. + 2.*cos(iTime));
    float dif = clamp(dot(getNormal(p), normalize(lightPos - p)), 0., 1.);
    vec3 col = vec3(dif) * vec3(⟪r⟫, ⟪g⟫, ⟪b⟫);
    col = pow(col, vec3(.4545)); // gamma
    fragColor = vec4(col, 1.0);
}
"""

_GLSL_FBM = """// ⟪title⟫ -- value noise + fbm, after The Book of Shaders ch. 13
#ifdef GL_ES
precision mediump float;
#endif

uniform vec2 u_resolution;
uniform vec2 u_mouse;
uniform float u_time;

float random(in vec2 st) {
    return fract(sin(dot(st.xy, vec2(12.9898, 78.233))) * 43758.5453123);
}

float noise(in vec2 st) {
    vec2 i = floor(st);
    vec2 f = fract(st);
    float a = random(i);
    float b = random(i + vec2(1.0, 0.0));
    float c = random(i + vec2(0.0, 1.0));
    float d = random(i + vec2(1.0, 1.0));
    vec2 u = f * f * (3.0 - 2.0 * f);
    return mix(a, b, u.x) + (c - a) * u.y * (1.0 - u.x) + (d - b) * u.x * u.y;
}

#define OCTAVES ⟪octaves⟫
float fbm(in vec2 st) {
    float value = 0.0;
    float amplitude = .5;
    for (int i = 0; i < OCTAVES; i++) {
        value += amplitude * noise(st);
        st *= 2.;
        amplitude *= .5;
    }
    return value;
}

void main() {
    vec2 st = gl_FragCoord.xy / u_resolution.xy;
    st.x *= u_resolution.x / u_resolution.y;
    float n = fbm(st * ⟪scale⟫ + vec2(u_time * ⟪speed⟫, 0.0));
    vec3 color = mix(vec3(0.10, 0.12, 0.30), vec3(⟪r⟫, ⟪g⟫, ⟪b⟫), n);
    gl_FragColor = vec4(color, 1.0);
}
"""

_GLSL_PALETTE = """// ⟪title⟫
// cosine palette: https://iquilezles.org/articles/palettes/
vec3 palette(float t) {
    vec3 a = vec3(0.5, 0.5, 0.5);
    vec3 b = vec3(0.5, 0.5, 0.5);
    vec3 c = vec3(1.0, 1.0, 1.0);
    vec3 d = vec3(⟪r⟫, ⟪g⟫, ⟪b⟫);
    return a + b*cos(6.28318*(c*t + d));
}

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (fragCoord * 2.0 - iResolution.xy) / iResolution.y;
    vec2 uv0 = uv;
    vec3 finalColor = vec3(0.0);
    for (float i = 0.0; i < ⟪octaves⟫.0; i++) {
        uv = fract(uv * ⟪scale⟫) - 0.5;
        float d = length(uv) * exp(-length(uv0));
        vec3 col = palette(length(uv0) + i*.4 + iTime*.4);
        d = sin(d*8. + iTime)/8.;
        d = abs(d);
        d = pow(0.01 / d, 1.2);
        finalColor += col * d;
    }
    fragColor = vec4(finalColor, 1.0);
}
"""

_GLSL_GRAYSCOTT = """// ⟪title⟫ -- Buffer A: Gray-Scott reaction-diffusion (iChannel0 = Buffer A itself)
const float feed = ⟪feed⟫;
const float kill = ⟪kill⟫; // the "kill rate" of chemical B

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    vec2 px = 1.0 / iResolution.xy;
    vec2 ab = texture(iChannel0, uv).xy;
    vec2 lap = texture(iChannel0, uv + vec2(px.x, 0.)).xy + texture(iChannel0, uv - vec2(px.x, 0.)).xy
             + texture(iChannel0, uv + vec2(0., px.y)).xy + texture(iChannel0, uv - vec2(0., px.y)).xy - 4.0*ab;
    float reaction = ab.x * ab.y * ab.y;
    ab += vec2(1.0*lap.x - reaction + feed*(1.0 - ab.x), 0.5*lap.y + reaction - (kill + feed)*ab.y);
    // seed on the first frames, paint with the mouse
    if (iFrame < 10 || (iMouse.z > 0. && length(fragCoord - iMouse.xy) < ⟪brush⟫.)) ab = vec2(0., 1.);
    fragColor = vec4(clamp(ab, 0., 1.), 0., 1.);
}
"""

_GLSL_MANDEL = """// ⟪title⟫
// smooth iteration count; zooms forever (until float precision gives up)
#define ITER ⟪steps⟫

void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = (2.0*fragCoord - iResolution.xy) / iResolution.y;
    float zoom = pow(0.5, mod(iTime*⟪speed⟫, 20.0));
    vec2 c = vec2(-0.745, 0.186) + uv*zoom;
    vec2 z = vec2(0.0);
    float n = 0.0;
    for (int i = 0; i < ITER; i++) {
        z = vec2(z.x*z.x - z.y*z.y, 2.0*z.x*z.y) + c;
        if (dot(z, z) > 256.0) break;
        n += 1.0;
    }
    float sn = n - log2(log2(dot(z, z))) + 4.0;
    vec3 col = 0.5 + 0.5*cos(3.0 + sn*0.15 + vec3(⟪r⟫, ⟪g⟫, ⟪b⟫));
    fragColor = vec4(n > float(ITER) - 1.0 ? vec3(0) : col, 1.0);
}
"""

_SHADER_TITLES = ("Raymarched blob", "Gray-Scott reaction diffusion", "Neon palette rings", "fbm clouds", "Seascape (fork)", "Hex grid truchet",
                  "Don't look at the sun", "CRT scanlines + bloom", "Menger sponge -- union of boxes", "Kishimisu's tutorial, my version",
                  "Voronoi cells 🌈", "2D SDF: select & drop shapes", "雨の夜 (rainy night)", "Фрактал Мандельброта", "Plasma, 1992 demo style",
                  "water caustics WIP", "Mandelbrot zoom #3", "Day 12/30 -- #genuary")


def _shader_title(ctx: Ctx) -> str:
    return ctx.pick(_SHADER_TITLES) if ctx.chance(0.7) else short_title(ctx, ("sdf", "raymarching", "2d", "noise", "fractal"))


def _glsl(ctx: Ctx, title: str) -> str:
    """A fragment shader as people write them on shader sites, with tuned constants."""
    kw = {"title": title.replace("\n", " "), "steps": ctx.pick((64, 100, 128, 200, 256)), "dist": ctx.pick((20, 50, 100)), "radius": _f(ctx, 0.6, 1.4),
          "k": _f(ctx, 0.1, 0.8), "r": _f(ctx, 0, 1), "g": _f(ctx, 0, 1), "b": _f(ctx, 0, 1), "octaves": ctx.rng.randint(3, 8), "scale": _f(ctx, 1.2, 6, 1),
          "speed": _f(ctx, 0.05, 0.6), "feed": _f(ctx, 0.02, 0.06, 4), "kill": _f(ctx, 0.05, 0.065, 4), "brush": ctx.rng.randint(5, 30)}
    return _fill(ctx.pick((_GLSL_RAYMARCH, _GLSL_FBM, _GLSL_PALETTE, _GLSL_GRAYSCOTT, _GLSL_MANDEL)), **kw)


_SHADER_COMMENTS = (
    "Nice! You can drop the `if` with `step(0.5, uv.x)` -- branches are slow on mobile GPUs.",
    "Getting `ERROR: 0:⟪n⟫: 'texture' : no matching overloaded function found` on Safari (WebGL 1) -- use texture2D there?",
    "fract(sin(dot(p, vec2(12.9898, 78.233))) * 43758.5453) breaks on some Mali GPUs; a hash without sine works everywhere.",
    "Add `#define AA 2` and loop over the sub-pixels for anti-aliasing; costs 4x but looks 🔥",
    "wow 🤯 how do you get the soft shadows? mine are all hard edges",
    "Forked & added a cosine palette -- credit to you in the header :)",
    "mod(iTime, 6.2831) keeps the precision after a few hours, otherwise it gets jittery",
    "Runs at ⟪n⟫ fps on my laptop (Intel UHD 620) -- MAX_STEPS 64 helps, or drop the shadows.",
    "Try `float d = min(d1, d2); // union` vs `max(-d1, d2); // subtraction` to carve the hole.",
    "Compile error at line ⟪n⟫: 'iChannel1' : undeclared identifier -- did you forget to set the buffer input?",
    "Select 'Buffer A' in the channel picker, then set the filter to linear & wrap to repeat.",
)


def _shader_comment(ctx: Ctx) -> str:
    if ctx.chance(0.25):
        return user_note(ctx)
    return _fill(ctx.pick(_SHADER_COMMENTS), n=ctx.rng.randint(3, 140))


@template("train", ("/shaderbox/",))
def shaderbox_playground(ctx: Ctx) -> Request:
    """Shader playground: shaders saved and updated (JSON), forks, searches, comments (form), a CLI syncing one pass (raw GLSL)."""
    kind = ctx.pick(("save", "save", "fork", "browse", "comment", "sync", "manage"))
    sid = v.alnum_token(ctx, 6)
    if kind == "save":
        title = _shader_title(ctx)
        desc = ctx.pick(("", "Click & drag to paint. Space resets.", "Learning raymarching -- feedback welcome!", v.prose(ctx, 1, 2, trap_rate=0.3),
                         "Based on iq's https://www.shadertoy.com/view/Xds3zN -- simplified", "Sound: SoundCloud link in the comments 🎧"))
        tags = ctx.rng.sample(["sdf", "raymarching", "2d", "noise", "fbm", "fractal", "palette", "reactiondiffusion", "tutorial", "glsl"],
                              ctx.rng.randint(1, 4))
        passes = [{"inputs": [], "outputs": [{"id": "4dfGRr", "channel": 0}], "code": _j(ctx, "renderpass[0].code", _glsl(ctx, title)), "name": "Image",
                   "description": "", "type": "image"}]
        if ctx.chance(0.25):
            passes[0]["inputs"] = [{"id": "4dXGR8", "src": "/media/previz/buffer00.png", "ctype": "buffer", "channel": 0,
                                    "sampler": {"filter": "linear", "wrap": "clamp", "vflip": "true", "srgb": "false", "internal": "byte"}, "published": 1}]
            passes.append({"inputs": [], "outputs": [], "code": "// shared helpers\n#define PI 3.14159265\n#define saturate(x) clamp(x, 0., 1.)\n",
                           "name": "Common", "description": "", "type": "common"})
        body = {"ver": "0.1",
                "info": {"id": "-1" if ctx.chance(0.5) else sid, "name": _j(ctx, "info.name", title), "description": _j(ctx, "info.description", desc),
                                      "tags": [_j(ctx, f"info.tags[{i}]", t) for i, t in enumerate(tags)], "published": ctx.pick((0, 1, 3)), "usePreview": 0},
                "renderpass": passes}
        if ctx.chance(0.6):
            return req("POST", "/shaderbox/api/v1/shaders", site_headers(ctx, "xhr", "application/json"), body=dumps(ctx, body))
        headers = headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=v.site(ctx), extra=_etag(ctx))
        return req("PUT", f"/shaderbox/api/v1/shaders/{seg(ctx, 'shader', sid)}", headers, body=dumps(ctx, body))
    if kind == "fork":
        body = {"name": _j(ctx, "name", ctx.pick((f"Fork of {ctx.pick(_SHADER_TITLES)}", _shader_title(ctx), "my version (fork)"))),
                "visibility": ctx.pick(("draft", "unlisted", "public")), "keepInputs": ctx.chance(0.8)}
        return req("POST", f"/shaderbox/api/v1/shaders/{seg(ctx, 'shader', sid)}/fork", site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "browse":
        r = ctx.rng.random()
        if r < 0.55:
            pairs = [("query", ctx.pick(("raymarching", "sdf union", "fbm clouds", "#define AA", "iq palette", "reaction-diffusion", "select shapes",
                                         "truchet", "god rays", v.tricky_search(ctx)))),
                     ("sort", ctx.pick(("popular", "newest", "love", "hot"))), ("filter", ctx.pick(("multipass", "vr", "soundoutput", "webcam", ""))),
                     ("from", str(12 * ctx.rng.randint(0, 20))), ("num", "12")]
            return req("GET", "/shaderbox/api/v1/shaders", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick((None, "apikey"))),
                       qs(ctx, pairs, fixed=("num",)))
        if r < 0.85:
            return req("GET", f"/shaderbox/view/{seg(ctx, 'shader', sid)}", headers_for(ctx, "nav", referer=v.site(ctx) + "/shaderbox/results?query=sdf"),
                       qs(ctx, [("t", ctx.pick(("", "comments", "code")))]) if ctx.chance(0.3) else "")
        return req("HEAD", f"/shaderbox/media/shaders/{seg(ctx, 'shader', sid)}.jpg", headers_for(ctx, "sdk"))
    if kind == "comment":
        if ctx.chance(0.75):
            fields = [("s", sid), ("comment", _shader_comment(ctx)), ("reply_to", ctx.pick(("", str(rid(ctx)))))]
            return req("POST", "/shaderbox/comment", form_headers(ctx, f"/shaderbox/view/{sid}"), body=form(ctx, fields, fixed=("s",)))
        return req("DELETE", f"/shaderbox/api/v1/shaders/{sid}/comments/{seg(ctx, 'comment', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
    if kind == "sync":  # `shaderbox push image.glsl`: the CLI uploads one pass as a file
        title = _shader_title(ctx)
        code = _raw(ctx, "pass.code", _glsl(ctx, title))
        headers = headers_for(ctx, "sdk", content_type=ctx.pick(("text/plain; charset=utf-8", "text/plain")), auth=ctx.pick(("jwt", "apikey")))
        return req("PUT", f"/shaderbox/api/v1/shaders/{sid}/passes/{seg(ctx, 'pass', ctx.pick(('image', 'buffer-a', 'common', 'sound')))}", headers, body=code)
    r = ctx.rng.random()
    if r < 0.35:
        return preflight(ctx, f"/shaderbox/api/v1/shaders/{sid}", ("PUT", "PATCH", "DELETE"),
                         ("authorization,content-type", "authorization,content-type,if-match"))
    if r < 0.7:
        body = {"published": ctx.pick((0, 1, 3)),
                "license": _j(ctx, "license", ctx.pick(("CC BY-NC-SA 3.0", "MIT", "CC0 -- do whatever", "All rights reserved"))),
                "description": _j(ctx, "description", ctx.pick(("", v.prose(ctx, 1, 2), "Updated: fixed the NaN on AMD (division by 0 in the normal)")))}
        return req("PATCH", f"/shaderbox/api/v1/shaders/{seg(ctx, 'shader', sid)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/shaderbox/api/v1/shaders/{seg(ctx, 'shader', sid)}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Block coding for kids: Scratch 3 projects, comments, sprite uploads, classes
# --------------------------------------------------------------------------

_SAY = ("Press SPACE to jump!!", "Don't touch the lava >:)", "Hello! I'm Gobo 👋", "You win!!! 🎉🎉", "GAME OVER -- press R to restart", "What's your name?",
        "Ouch!", "Level 2: the bats are faster >_<", "I'm hungry... find me 5 apples 🍎", "Thx 4 playing!!", "Select a character: 1 = cat, 2 = dog",
        "¡Hola! ¿Jugamos?", "こんにちは!", "Drop the ball in the hole", "Where r u going?? come back", "Score: join it with the 'join' block")
_VARIABLES = ("score", "lives", "my variable", "speed y", "höhe", "Punkte", "coins (don't touch)", "level", "timer", "x velocity", "得点", "is jumping?")
_SPRITES = ("Cat", "Player", "Bat", "Dragon", "Apple", "Ground", "Zoë's unicorn", "Button 2", "Sprite1", "lava", "Fallschirm", "Boss (final)", "Ball")
_PROJECT_TITLES = ("Flappy Bat (Platformer) v2", "My first game!!!", "Cat's Adventure -- Part 2", "Pong but it's 3D?!", "Dance Party 💃🕺",
                   "Maze runner (hard mode)", "Animation: O'Malley the cat", "Quiz: Are you a real fan? (10 questions)", "Clicker game || remix",
                   "Drop the apples 🍎", "Union of the Kingdoms (story)", "Select your own adventure", "Mein erstes Spiel", "Space shooter #3")
_KID_COMMENTS = (
    "this is sooo cool!!!! 😍😍 how did u make the cat jump??", "pls follow me i follow back 🙏", "can u add more levels plz plz plz",
    "lol the ending 😂😂😂", "i remixed it!! check it out ---> my profile", "ur game is awsome but the bat is 2 fast, i cant get past lvl 3 😭",
    "how do u make a scroller?? i tried but the ground goes off the screen", "wen is part 2 comming out -->", "F4F? <3 <3", "I got 9999 points!! beat that 😎",
    "the music is so catchy i cant stop listening 🎵", "its not working for me :( when i press space nothing happens",
    "Tip: use 'forever' + 'if on edge, bounce' so he dont get stuck", "10/10 would play again!!!!!!!", "who else is here from the front page? 👀",
    "omg ur art is soooo good how long did it take <3", "i found a glitch: if u go left at the start u fall thru the floor lol",
    "@⟪user⟫ thx for the shoutout!!! ❤️ <3", "its ok but the sound is to loud", "Can I use your sprite? I'll give credit!! 🙂",
    "hi ⟪user⟫!!! remember me from the dragon studio?", "¡me encanta! 😍 cómo hiciste el salto?", "mega cool 👍 aber das level 4 ist zu schwer",
)


def _kid_comment(ctx: Ctx) -> str:
    text = _fill(ctx.pick(_KID_COMMENTS), user=_handle(ctx))
    if ctx.chance(0.3):  # kids run two thoughts together
        text += ctx.pick((" also ", " -- ", "\n", " and ")) + _fill(ctx.pick(_KID_COMMENTS), user=_handle(ctx)).lower()
    if ctx.chance(0.2):
        text = text.upper() if ctx.chance(0.3) else text + ctx.pick((" 😂", " xD", "!!!!!", " :D", " <3"))
    return text


def _block(opcode: str, parent: str | None, nxt: str | None, inputs: dict[str, Any], fields: dict[str, Any],
           top: tuple[int, int] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"opcode": opcode, "next": nxt, "parent": parent, "inputs": inputs, "fields": fields, "shadow": False, "topLevel": top is not None}
    if top:
        out["x"], out["y"] = top
    return out


def _scratch_project(ctx: Ctx) -> dict[str, Any]:
    """A Scratch 3 project.json as the editor saves it: a stage and one sprite with a small script."""
    ids = [v.alnum_token(ctx, 20) for _ in range(6)]
    var_id, list_id, bc_id = v.alnum_token(ctx, 20), v.alnum_token(ctx, 20), v.alnum_token(ctx, 20)
    var_name = ctx.pick(_VARIABLES)
    say = _j(ctx, "blocks.MESSAGE", ctx.pick(_SAY))
    blocks = {
        ids[0]: _block("event_whenflagclicked", None, ids[1], {}, {}, (ctx.rng.randint(0, 400), ctx.rng.randint(0, 400))),
        ids[1]: _block("data_setvariableto", ids[0], ids[2], {"VALUE": [1, [10, "0"]]}, {"VARIABLE": [var_name, var_id]}),
        ids[2]: _block("looks_sayforsecs", ids[1], ids[3], {"MESSAGE": [1, [10, say]], "SECS": [1, [4, str(ctx.rng.randint(1, 4))]]}, {}),
        ids[3]: _block("control_forever", ids[2], None, {"SUBSTACK": [2, ids[4]]}, {}),
        ids[4]: _block("control_if", ids[3], None, {"CONDITION": [2, ids[5]], "SUBSTACK": [2, None]}, {}),
        ids[5]: _block("sensing_keypressed", ids[4], None, {"KEY_OPTION": [1, v.alnum_token(ctx, 20)]}, {}),
    }
    md5 = v.hex_token(ctx, 32)
    sprite = _j(ctx, "targets[1].name", ctx.pick(_SPRITES))
    high_scores = [ctx.pick(("Zoë", "bob", "Mia", "ME!!!", "O'Neil", "Léa")) + f" - {ctx.rng.randint(10, 999)}" for _ in range(ctx.rng.randint(0, 3))]
    stage = {"isStage": True, "name": "Stage", "variables": {var_id: [_j(ctx, "targets[0].variables.name", var_name), 0]},
             "lists": {list_id: ["high scores", high_scores]},
             "broadcasts": {bc_id: ctx.pick(("game over", "next level", "message1", "start!"))}, "blocks": {}, "comments": {}, "currentCostume": 0,
             "costumes": [{"name": "backdrop1", "dataFormat": "svg", "assetId": "cd21514d0531fdffb22204e0ec5ed84a",
                           "md5ext": "cd21514d0531fdffb22204e0ec5ed84a.svg",
                           "rotationCenterX": 240, "rotationCenterY": 180}],
             "sounds": [], "volume": 100, "layerOrder": 0, "tempo": 60, "videoTransparency": 50, "videoState": "on", "textToSpeechLanguage": None}
    target = {"isStage": False, "name": sprite, "variables": {}, "lists": {}, "broadcasts": {}, "blocks": blocks, "comments": {}, "currentCostume": 0,
              "costumes": [{"name": ctx.pick(("cat-a", "costume1", "bat-b", "dragon-fly")), "bitmapResolution": 1, "dataFormat": "svg", "assetId": md5,
                            "md5ext": f"{md5}.svg", "rotationCenterX": 48, "rotationCenterY": 50}],
              "sounds": [{"name": ctx.pick(("Meow", "pop", "Jump")), "assetId": v.hex_token(ctx, 32), "dataFormat": "wav", "format": "", "rate": 48000,
                          "sampleCount": ctx.rng.randint(1000, 40000), "md5ext": "83c36d806dc92327b9e7049a565c6bff.wav"}],
              "volume": 100, "layerOrder": 1, "visible": True, "x": ctx.rng.randint(-240, 240), "y": ctx.rng.randint(-180, 180), "size": 100,
              "direction": 90, "draggable": False, "rotationStyle": ctx.pick(("all around", "left-right", "don't rotate"))}
    return {"targets": [stage, target], "monitors": [], "extensions": ctx.rng.sample(["pen", "music", "text2speech"], ctx.rng.randint(0, 2)),
            "meta": {"semver": "3.0.0", "vm": f"2.{ctx.rng.randint(0, 3)}.{ctx.rng.randint(0, 40)}", "agent": v.user_agent(ctx, "nav")}}


_INSTRUCTIONS = ("Press SPACE to jump. Use ← → arrow keys. Dont touch the red stuff!!", "Click the green flag, then click the cat as fast as u can 🐱",
                 "WASD to move, mouse to aim. If it lags turn on turbo mode (shift + click the flag)", "Just watch :) turn ur sound ON 🔊",
                 "Answer the questions -- type yes or no. No cheating!!!", "Drag the blocks to make a song. R = reset, S = save (doesnt work yet)")
_CREDITS = ("Credits: music by @⟪user⟫, sprites from the library, inspired by griffpatch's scrolling tutorial. Pls dont steal, remix instead!! <3",
            "Made in 3 days. Took forever to fix the 'touching color' bug 😅 -- v1.2: added levels",
            "Thx to @⟪user⟫ for the idea!! #games #platformer #all", "This is my entry for the 'Select a Side' challenge -- vote for me 🙏",
            "if u find a bug tell me in the comments & ill fix it <3", "Part 1 --> see my profile. Part 3 comming soon!! <3")


@template("train", ("/blockkids/",))
def blockkids_projects(ctx: Ctx) -> Request:
    """Block coding for kids: project saves (Scratch 3 JSON), kids' comments, sprite uploads (multipart), titles and notes, class rosters (form)."""
    kind = ctx.pick(("save", "save", "comment", "comment", "sprite", "meta", "browse", "teacher", "manage"))
    pid = str(ctx.rng.randrange(10**8, 10**9))
    if kind == "save":
        headers = site_headers(ctx, "xhr", "application/json", cookies=True)
        return req("PUT", f"/blockkids/projects/{seg(ctx, 'project', pid)}", headers, body=dumps(ctx, _scratch_project(ctx)))
    if kind == "comment":
        text = f"@{_handle(ctx)} {_kid_comment(ctx)}" if ctx.chance(0.2) else _kid_comment(ctx)
        body = {"content": _j(ctx, "content", text), "parent_id": ctx.pick(("", str(rid(ctx)))), "commentee_id": ctx.pick(("", str(rid(ctx))))}
        headers = site_headers(ctx, ctx.pick(("xhr", "xhr", "mobile")), "application/json", cookies=True)
        return req("POST", f"/blockkids/site-api/comments/project/{seg(ctx, 'project', pid)}/add/", headers, body=dumps(ctx, body))
    if kind == "sprite":
        name = ctx.pick(_SPRITES)
        fields = [("name", name), ("project_id", pid), ("costume_name", ctx.pick(("costume1", f"{name} walking", "jump 2", "idle")))]
        ctype, body = multipart(ctx, fields,
                                [("file", ctx.pick(("costume1.svg", "dragon.svg", "my drawing (1).svg")), "image/svg+xml", synth_tech.svg_image(ctx))])
        return req("POST", "/blockkids/api/assets/costumes", site_headers(ctx, "xhr", ctype, cookies=True), body=body)
    if kind == "meta":
        body = {"title": _j(ctx, "title", ctx.pick(_PROJECT_TITLES)), "instructions": _j(ctx, "instructions", ctx.pick(_INSTRUCTIONS)),
                "description": _j(ctx, "description", _fill(ctx.pick(_CREDITS), user=_handle(ctx))), "visibility": ctx.pick(("visible", "unshared")),
                "comments_allowed": ctx.chance(0.8)}
        return req("PUT", f"/blockkids/api/projects/{seg(ctx, 'project', pid)}", site_headers(ctx, "xhr", "application/json", cookies=True),
                   body=dumps(ctx, body))
    if kind == "browse":
        r = ctx.rng.random()
        if r < 0.45:
            pairs = [("q",
                      ctx.pick(("platformer", "flappy bird", "among us", "pen art", "scrolling tutorial", "o'malley", "cats & dogs", "3d", "drop game",
                                "music"))),
                     ("mode", ctx.pick(("trending", "popular", "recent"))), ("language", ctx.pick(("en", "es", "de", "ja"))), ("limit", "16"),
                     ("offset", str(16 * ctx.rng.randint(0, 10)))]
            return req("GET", "/blockkids/api/search/projects", headers_for(ctx, ctx.pick(("xhr", "mobile"))), qs(ctx, pairs, fixed=("limit",)))
        if r < 0.8:
            return req("GET", f"/blockkids/api/users/{seg(ctx, 'user', _handle(ctx))}/projects", headers_for(ctx, "xhr"),
                       qs(ctx, [("limit", "40"), ("offset", str(40 * ctx.rng.randint(0, 3)))], fixed=("limit",)))
        return req("HEAD", f"/blockkids/internalapi/asset/{seg(ctx, 'asset', v.hex_token(ctx, 32))}.svg/get/", headers_for(ctx, "xhr"))
    if kind == "teacher":
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("student[username]", _handle(ctx)), ("student[first_name]", ctx.fake.first_name()),
                  ("student[note]",
                   ctx.pick(("", "needs extra time -- dyslexic, use read-aloud", "Sibling of Ana (class 4B)", "no photos please (parent's request)",
                                               v.prose(ctx, 1, 1)))),
                  ("student[group]", ctx.pick(("Y5 Monday", "Code Club -- Thu", "4ème B"))), ("notify_parent", "1")]
        return req("POST", f"/blockkids/educators/classes/{seg(ctx, 'class', str(rid(ctx)))}/students", form_headers(ctx, "/blockkids/educators/classes"),
                   body=form(ctx, fields, fixed=("authenticity_token", "notify_parent")))
    r = ctx.rng.random()
    if r < 0.3:
        return preflight(ctx, "/blockkids/api/assets/costumes", ("POST", "PUT"), ("content-type", "content-type,x-csrftoken"))
    if r < 0.7:
        return req("DELETE", f"/blockkids/site-api/comments/project/{pid}/del/{seg(ctx, 'comment', str(rid(ctx)))}", headers_for(ctx, "xhr", cookies=True))
    body = {"reason": ctx.pick(("disrespectful", "scary", "spam", "personal info")),
            "note": _j(ctx, "note",
                       ctx.pick(("he said my game is trash 😢", "this comment has someones address in it!!", "spam, posted 20 times", _kid_comment(ctx))))}
    return req("POST", f"/blockkids/site-api/comments/project/{pid}/rep/{seg(ctx, 'comment', str(rid(ctx)))}",
               site_headers(ctx, "xhr", "application/json", cookies=True),
               body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Game modding: Lua scripts, Forge/Fabric manifests, RimWorld About.xml, changelogs, crash reports
# --------------------------------------------------------------------------

_MOD_NAMES = ("Better Biters", "Ore Excavator", "Create: Steam 'n' Rails", "Quark Oddities", "D'Arcy's Furniture Pack", "Drop Everything (Death Chest)",
              "Union Jack Flags", "Select-A-Spawn", "Krastorio Tweaks", "Hunger Overhaul -- Lite", "魔法の杖 (Magic Wands)", "Sodium Extra+",
              "Bigger Backpacks", "Rail Signal Planner", "Tiny Tweaks & Fixes", "Miner's Delight")
_GAMES = ("minecraft", "factorio", "rimworld", "garrysmod", "minetest")

_LUA_FACTORIO = """-- control.lua (⟪mod⟫)
local util = require("util")
local mod_gui = require("mod-gui")

local function on_player_created(event)
  local player = game.get_player(event.player_index)
  if not (player and player.valid) then return end
  player.insert{name = "iron-plate", count = ⟪n⟫}
  player.print({"", "[color=yellow]", {"⟪id⟫.welcome"}, player.name, "![/color]"})
end

script.on_event(defines.events.on_player_created, on_player_created)

--[[ every 5 seconds: warn when the biter count gets silly
     (the limit is a runtime-global setting, see settings.lua) ]]
script.on_nth_tick(60 * 5, function(event)
  for _, surface in pairs(game.surfaces) do
    local count = surface.count_entities_filtered{type = "unit", force = "enemy"}
    if count > settings.global["⟪id⟫-biter-limit"].value then
      game.print("Too many biters on " .. surface.name .. ": " .. count)
    end
  end
end)
"""

_LUA_GMOD = """-- lua/autorun/server/sv_⟪id⟫.lua
util.AddNetworkString("⟪id⟫_notify")

local cvLimit = CreateConVar("⟪id⟫_limit", "⟪n⟫", FCVAR_ARCHIVE, "Max props per player")

hook.Add("PlayerSpawn", "⟪id⟫_GiveCrowbar", function(ply)
    if not IsValid(ply) then return end
    ply:Give("weapon_crowbar")
end)

hook.Add("PlayerSpawnProp", "⟪id⟫_PropLimit", function(ply, model)
    if ply:GetCount("props") >= cvLimit:GetInt() and not ply:IsAdmin() then
        net.Start("⟪id⟫_notify")
        net.WriteString("You've hit the prop limit (" .. cvLimit:GetInt() .. ")")
        net.Send(ply)
        return false
    end
end)

concommand.Add("⟪id⟫_reset", function(ply, cmd, args)
    if IsValid(ply) and not ply:IsSuperAdmin() then return end
    for _, ent in ipairs(ents.FindByClass("prop_physics")) do ent:Remove() end
    print("[⟪id⟫] cleanup done by " .. (IsValid(ply) and ply:Nick() or "console"))
end)
"""

_LUA_MINETEST = """-- init.lua
local S = minetest.get_translator("⟪id⟫")

minetest.register_node("⟪id⟫:stone_brick", {
    description = S("Mossy Stone Brick"),
    tiles = {"⟪id⟫_stone_brick.png"},
    groups = {cracky = 3, stone = 1},
    sounds = default.node_sound_stone_defaults(),
})

minetest.register_craft({
    output = "⟪id⟫:stone_brick ⟪n⟫",
    recipe = {
        {"default:stone", "default:stone"},
        {"default:stone", "default:stone"},
    },
})

minetest.register_chatcommand("heal", {
    params = "<name>",
    description = S("Heal a player -- admins only"),
    privs = {server = true},
    func = function(name, param)
        local player = minetest.get_player_by_name(param ~= "" and param or name)
        if not player then return false, "No such player: " .. param end
        player:set_hp(20)
        return true, "Healed " .. player:get_player_name()
    end,
})
"""


def _lua(ctx: Ctx, mod_id: str) -> str:
    return _fill(ctx.pick((_LUA_FACTORIO, _LUA_GMOD, _LUA_MINETEST)), id=mod_id, mod=ctx.pick(_MOD_NAMES), n=ctx.rng.randint(4, 64))


_CHANGES = ("Fixed a crash on startup when JEI isn't installed (#⟪n⟫)", "`NullPointerException` in `GrinderBlockEntity.tick` -- thanks @⟪user⟫!",
            "Drop support for 1.19.x; update to Forge 47.2.0", "Select \"Legacy\" in the config to keep the old recipes",
            "Biters no longer spawn inside walls (finally 🎉)", "Added German & Japanese translations (日本語) -- thanks to the translators",
            "Config option `max_backpack_rows` (default 6, was 3)", "Removed the debug `print()` spam in the server log",
            "Compatibility with Sodium 0.5 / Iris 1.6", "Update the recipe for the iron chest: 8 planks -> 8 iron ingots",
            "Fixed desync in multiplayer when two players open the same GUI", "Performance: cache the surface lookup (up to 30% fewer UPS drops)")


def _changelog(ctx: Ctx, version: str) -> str:
    """A release changelog in Keep a Changelog markdown, as modders write them."""
    lines = [f"## [{version}] - {v.iso_date(ctx)}"]
    for head in ctx.rng.sample(["### Fixed", "### Added", "### Changed", "### Removed"], ctx.rng.randint(1, 3)):
        lines.append(head)
        lines += [f"- {_fill(ctx.pick(_CHANGES), n=ctx.rng.randint(10, 400), user=_handle(ctx))}" for _ in range(ctx.rng.randint(1, 3))]
    return "\n".join(lines)


def _mods_toml(ctx: Ctx, mod_id: str, display: str, desc: str) -> str:
    """A Forge META-INF/mods.toml; `${file.jarVersion}` is Gradle's placeholder, left as is."""
    mc, upto, forge = ctx.pick((("1.20.1", "1.21", "47"), ("1.19.2", "1.20", "43"), ("1.18.2", "1.19", "40")))
    return (f'modLoader="javafml"\nloaderVersion="[{forge},)"\nlicense="{ctx.pick(("MIT", "LGPL-3.0-only", "All Rights Reserved"))}"\n'
            f'issueTrackerURL="https://github.com/{_ident(ctx)}/{mod_id}/issues"\n\n[[mods]]\nmodId="{mod_id}"\nversion="${{file.jarVersion}}"\n'
            f'displayName="{display}"\nauthors="{ctx.fake.first_name()}, {_handle(ctx)}"\ndescription=\'\'\'\n{desc}\n\'\'\'\n\n'
            f'[[dependencies.{mod_id}]]\n    modId="forge"\n    mandatory=true\n    versionRange="[{forge},)"\n    ordering="NONE"\n    side="BOTH"\n'
            f'[[dependencies.{mod_id}]]\n    modId="minecraft"\n    mandatory=true\n    versionRange="[{mc},{upto})"\n    ordering="NONE"\n    side="BOTH"\n')


def _mod_desc(ctx: Ctx) -> str:
    return ctx.pick(("Adds bigger backpacks & a death chest -- items drop into it when you die.", "Biters evolve with pollution; configurable in mod settings.",
                     "Select a spawn point from a list (works on servers too).", "Union Jack, tricolore and 40 other flags; craft with wool + dye.",
                     "Lightweight tweaks: no more 'drop table' loot spam, faster leaves, quieter mobs.", v.prose(ctx, 1, 2, trap_rate=0.3)))


def _about_xml(ctx: Ctx, mod_id: str) -> str:
    """A RimWorld About/About.xml (mod metadata)."""
    x = {k: enc_xml(str(ctx.slot("xml", f"ModMetaData.{k}", val))) for k, val in (
        ("name", ctx.pick(_MOD_NAMES)), ("author", _name(ctx)),
        ("description", ctx.pick(("[b]Features:[/b]\n- Pawns drop their weapons when downed\n- Select which traders visit -- see the mod settings",
                                  "Adds 12 new apparel items & a tailoring bench.\n\nCompatible with Combat Extended (patch included). Load after Harmony!",
                                  _mod_desc(ctx)))))}
    versions = "".join(f"<li>{ver}</li>" for ver in ctx.rng.sample(["1.3", "1.4", "1.5"], ctx.rng.randint(1, 3)))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<ModMetaData>\n'
            f"  <name>{x['name']}</name>\n  <author>{x['author']}</author>\n  <packageId>{_ident(ctx)}.{mod_id}</packageId>\n"
            f"  <supportedVersions>{versions}</supportedVersions>\n"
            "  <modDependencies>\n    <li>\n      <packageId>brrainz.harmony</packageId>\n      <displayName>Harmony</displayName>\n"
            "      <steamWorkshopUrl>steam://url/CommunityFilePage/2009463077</steamWorkshopUrl>\n    </li>\n  </modDependencies>\n"
            "  <loadAfter>\n    <li>Ludeon.RimWorld.Ideology</li>\n  </loadAfter>\n"
            f"  <description>{x['description']}</description>\n</ModMetaData>\n")


def _crash_report(ctx: Ctx, mod_id: str) -> str:
    """A crash report or Lua error as players paste them into issues."""
    if ctx.chance(0.5):
        line = ctx.rng.randint(10, 300)
        return (f"Error while running event {mod_id}::on_nth_tick(300)\n__{mod_id}__/control.lua:{line}: attempt to index field '?' (a nil value)\n"
                f"stack traceback:\n\t__{mod_id}__/control.lua:{line}: in function <__{mod_id}__/control.lua:{line - 4}>")
    return ("---- Minecraft Crash Report ----\n// Who set us up the TNT?\n\n"
            f"Time: {v.iso_date(ctx)} {ctx.rng.randint(0, 23):02d}:{ctx.rng.randint(0, 59):02d}:{ctx.rng.randint(0, 59):02d}\n"
            "Description: Ticking block entity\n\n"
            'java.lang.NullPointerException: Cannot invoke "net.minecraft.world.level.Level.getBlockState(net.minecraft.core.BlockPos)" '
            'because "this.level" is null\n'
            f"\tat com.{_ident(ctx)}.{mod_id}.block.entity.GrinderBlockEntity.tick(GrinderBlockEntity.java:{ctx.rng.randint(20, 300)})\n"
            "\tat net.minecraft.world.level.chunk.LevelChunk$BoundTickingBlockEntity.tick(LevelChunk.java:695)")


def _issue_body(ctx: Ctx, mod_id: str) -> str:
    lead = ctx.pick(("Game crashes when I open the grinder GUI. Modpack: All the Mods 9, 200+ mods :/",
                     "Biters spawn inside my walls since 1.4.2 -- save attached.",
                     "Doesn't work with Sodium, the blocks are invisible. Tried removing Iris, same thing.", v.prose(ctx, 1, 2, trap_rate=0.3)))
    return f"{lead}\n\n**Log:**\n```\n{_crash_report(ctx, mod_id)}\n```\n\nSteps: 1) new world 2) place the block 3) right-click -> crash"


@template("train", ("/moddepot/",))
def moddepot_mods(ctx: Ctx) -> Request:
    """Game-modding site: version uploads with changelogs (multipart), manifests (TOML, JSON), Lua scripts, About.xml, issues, searches."""
    kind = ctx.pick(("version", "version", "manifest", "script", "about", "issue", "search", "manage"))
    mod_id = _ident(ctx) + ctx.pick(("", "_tweaks", "plus", "_lib", "s"))
    slug = mod_id.replace("_", "-")
    if kind == "version":
        version = f"{ctx.rng.randint(0, 3)}.{ctx.rng.randint(0, 12)}.{ctx.rng.randint(0, 9)}"
        fields = [("version_number", version), ("version_title", ctx.pick((f"v{version}", f"{version} -- hotfix", f"{version} (1.20.1)"))),
                  ("changelog", _changelog(ctx, version)), ("game_versions", ctx.pick(("1.20.1", "1.20.1,1.20.2", "1.1.101", "1.5"))),
                  ("loaders", ctx.pick(("forge", "fabric", "forge,neoforge", "factorio"))), ("release_channel", ctx.pick(("release", "beta", "alpha")))]
        files = [empty_file("file")] if ctx.chance(0.3) else [("manifest", "mods.toml", "application/toml",
                                                               _mods_toml(ctx, mod_id, ctx.pick(_MOD_NAMES), _mod_desc(ctx)))]
        ctype, body = multipart(ctx, fields, files)
        return req("POST", f"/moddepot/api/v2/projects/{seg(ctx, 'project', slug)}/versions", site_headers(ctx, ctx.pick(("xhr", "sdk")), ctype, "jwt"),
                   body=body)
    if kind == "manifest":
        if ctx.chance(0.5):  # the Gradle publishing plugin uploads the manifest it built
            display = ctx.pick(_MOD_NAMES)
            text = _mods_toml(ctx, mod_id, display, _raw(ctx, "mods.toml.description", _mod_desc(ctx)))
            return req("PUT", f"/moddepot/api/v2/projects/{slug}/files/META-INF/mods.toml",
                       headers_for(ctx, "sdk", content_type="application/toml", auth=ctx.pick(("apikey", "basic"))), body=text)
        body = {"schemaVersion": 1, "id": mod_id, "version": "${version}", "name": _j(ctx, "name", ctx.pick(_MOD_NAMES)),
                "description": _j(ctx, "description", _mod_desc(ctx)), "authors": [_j(ctx, "authors[0]", _handle(ctx))],
                "contact": {"sources": f"https://github.com/{_ident(ctx)}/{slug}", "issues": f"https://github.com/{_ident(ctx)}/{slug}/issues"},
                "license": "MIT", "icon": f"assets/{mod_id}/icon.png", "environment": ctx.pick(("*", "client", "server")),
                "entrypoints": {"main": [f"com.{_ident(ctx)}.{mod_id}.{mod_id.capitalize()}Mod"], "client": [f"com.{_ident(ctx)}.{mod_id}.client.ClientInit"]},
                "mixins": [f"{mod_id}.mixins.json"], "depends": {"fabricloader": ">=0.15.0", "minecraft": "~1.20.1", "java": ">=17", "fabric-api": "*"},
                "suggests": {"modmenu": "*"}}
        return req("PUT", f"/moddepot/api/v2/projects/{seg(ctx, 'project', slug)}/files/fabric.mod.json",
                   headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="apikey"), body=dumps(ctx, body))
    if kind == "script":  # the in-browser editor for script mods saves one file
        code = _raw(ctx, "script", _lua(ctx, mod_id))
        path = ctx.pick(("control.lua", "lua/autorun/server/init.lua", "init.lua", "data.lua"))
        return req("PUT", f"/moddepot/api/v2/projects/{slug}/files/{seg(ctx, 'file', path)}",
                   site_headers(ctx, "xhr", ctx.pick(("text/x-lua", "text/x-lua; charset=utf-8")), "jwt", extra=_etag(ctx)), body=code)
    if kind == "about":
        return req("PUT", f"/moddepot/api/v2/projects/{seg(ctx, 'project', slug)}/files/About/About.xml",
                   headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="jwt"),
                   body=_about_xml(ctx, mod_id))
    if kind == "issue":
        body = {"title": _j(ctx, "title", ctx.pick(("Crash when opening GUI", "[1.20.1] NPE on world load", "Biters inside walls since 1.4.2",
                                                   "Incompatible with Sodium?", "Feature request: select which items drop",
                                                   short_title(ctx, ("bug", "crash", "request"))))),
                "body": _j(ctx, "body", _issue_body(ctx, mod_id)), "labels": ctx.rng.sample(["bug", "crash", "compat", "enhancement"], ctx.rng.randint(0, 2)),
                "game_version": ctx.pick(("1.20.1", "1.1.101", "1.5", "")),
                "mod_version": f"{ctx.rng.randint(0, 3)}.{ctx.rng.randint(0, 12)}.{ctx.rng.randint(0, 9)}"}
        return req("POST", f"/moddepot/api/v2/projects/{seg(ctx, 'project', slug)}/issues", site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "search":
        pairs = [("q", ctx.pick(("backpack", "jei", "create addon", "biters", "furniture", "o'malley", "drop table", "minimap", v.tricky_search(ctx)))),
                 ("game", ctx.pick(_GAMES)), ("sort", ctx.pick(("downloads", "updated", "relevance"))), ("page", str(ctx.rng.randint(1, 9)))]
        query = qs(ctx, pairs, fixed=("game",))
        if ctx.chance(0.6):
            filters = {"gameVersion": ctx.slot("json_query", "filters.gameVersion", ctx.pick(("1.20.1", "1.19.2", "1.1"))),
                       "modLoader": ctx.pick(("forge", "fabric", "neoforge")),
                       "category": ctx.slot("json_query", "filters.category", ctx.pick(("Storage", "World Gen", "QoL & Utility")))}
            query += "&" + json_param(ctx, "filters", filters)
        return req(ctx.pick(("GET", "GET", "HEAD")), "/moddepot/api/v2/search", headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile"))), query)
    r = ctx.rng.random()
    if r < 0.25:
        return preflight(ctx, f"/moddepot/api/v2/projects/{slug}", ("PATCH", "DELETE", "PUT"), ("authorization,content-type", "authorization"))
    if r < 0.6:
        body = {"summary": _j(ctx, "summary", _mod_desc(ctx)), "body": _j(ctx, "body", f"# {ctx.pick(_MOD_NAMES)}\n\n{v.markdown_post(ctx, code_rate=0.3)}"),
                "source_url": f"https://github.com/{_ident(ctx)}/{slug}", "discord_url": f"https://discord.gg/{v.alnum_token(ctx, 8)}"}
        return req("PATCH", f"/moddepot/api/v2/projects/{seg(ctx, 'project', slug)}", site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body))
    return req("DELETE", f"/moddepot/api/v2/projects/{slug}/versions/{seg(ctx, 'version', v.alnum_token(ctx, 8))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Minecraft server panel: datapack files, server.properties, console, whitelist, schedules
# --------------------------------------------------------------------------

_MCFUNCTION = (
    "execute as @a[scores={⟪obj⟫=1..}] at @s run particle minecraft:flame ~ ~1 ~ 0.3 0.5 0.3 0.01 10",
    "scoreboard objectives add ⟪obj⟫ minecraft.custom:minecraft.deaths \"Deaths\"",
    "scoreboard players set @a[tag=!joined] ⟪obj⟫ 0",
    "tag @a[tag=!joined] add joined",
    "give @p minecraft:diamond_sword{Enchantments:[{id:\"minecraft:sharpness\",lvl:5s}],display:{Name:'{\"text\":\"Excalibur\",\"color\":\"gold\"}'}} 1",
    "tellraw @a [{\"text\":\"[Server] \",\"color\":\"gray\"},{\"selector\":\"@s\"},{\"text\":\" reached the End!\",\"color\":\"light_purple\"}]",
    "kill @e[type=minecraft:item,nbt={Age:5000s}]",
    "execute if score @s ⟪obj⟫ matches 3.. run effect give @s minecraft:slowness 10 1 true",
    "fill ~-5 ~-1 ~-5 ~5 ~-1 ~5 minecraft:stone_bricks replace minecraft:air",
    "summon minecraft:armor_stand ~ ~ ~ {Invisible:1b,Marker:1b,Tags:[\"⟪ns⟫.marker\"],CustomName:'\"spawn\"'}",
    "schedule function ⟪ns⟫:loop 20t replace",
    "execute store result score #count ⟪obj⟫ if entity @e[type=minecraft:zombie,distance=..32]",
    "title @a[distance=..10] actionbar {\"text\":\"Welcome to the arena -- good luck!\",\"color\":\"yellow\"}",
    "gamerule keepInventory true",
    "team add red \"Red Team\"",
    "function ⟪ns⟫:reset_arena",
    "tp @a[tag=⟪ns⟫.playing] 0 64 0 90 0",
    "clear @s minecraft:ender_pearl",
    "data merge entity @e[type=minecraft:villager,limit=1,sort=nearest] {NoAI:1b,Invulnerable:1b}",
    "execute unless entity @a[gamemode=survival] run say Nobody is playing -- pausing the timer",
)
_PLAYERS = ("Steve_123", "xXCreeperKillerXx", "Notch", "zoe_builds", "_Jeb_", "Dinnerbone", "Technoblade_fan", "Sl33pyH3ad", "DArtagnan_MC", "Kuro_Neko")
_CONSOLE = ("whitelist add ⟪p⟫", "op ⟪p⟫", "say Server restarting in 5 minutes -- log off somewhere safe!", "kick ⟪p⟫ Griefing at spawn (2nd warning)",
            "ban ⟪p⟫ x-ray & duping -- appeal on discord", "tp ⟪p⟫ 0 100 0", "time set day", "weather clear 6000", "gamerule doDaylightCycle false",
            "difficulty hard", "save-all flush", "list", "pardon ⟪p⟫", "lp user ⟪p⟫ parent set moderator", "co rollback u:⟪p⟫ t:2h r:30",
            "execute as @a run playsound minecraft:entity.ender_dragon.growl master @s", "whitelist remove ⟪p⟫", "give ⟪p⟫ minecraft:elytra 1",
            "tellraw @a {\"text\":\"Event starts at 8pm CET -- meet at spawn!\",\"color\":\"aqua\"}")


def _mcfunction(ctx: Ctx, ns: str) -> str:
    """A datapack function: a header comment and a few commands, one of them the slot."""
    obj = ctx.pick(("deaths", "kills", "timer", f"{ns}.score", "jumps"))
    lines = [_fill(ctx.pick(_MCFUNCTION), obj=obj, ns=ns) for _ in range(ctx.rng.randint(3, 9))]
    lines = _slot_one(ctx, "mcfunction", lines)
    note = ctx.pick(("runs every tick (see #minecraft:tick)", "called on /reload", "by " + _handle(ctx)))
    head = f"# {ns}:{ctx.pick(('tick', 'load', 'reset_arena', 'loop'))} -- {note}"
    return head + "\n" + "\n".join(lines) + "\n"


def _server_properties(ctx: Ctx) -> str:
    """server.properties as the server writes it (non-Latin-1 escaped as \\uXXXX)."""
    owner = ctx.pick(_PLAYERS)
    motd = _raw(ctx, "server.properties.motd", ctx.pick((f"\\u00A76{owner}'s SMP \\u00A7r-- \\u00A7awhitelist only!", "A Minecraft Server",
                                                          "\\u00A7l\\u00A7bSkyblock \\u00A7r| 1.20.1 | discord.gg/abc123",
                                                          f"Season {ctx.rng.randint(2, 9)} -- map reset on Friday",
                                                          "Modded survival (ATM9) -- no x-ray, no griefing")))
    props = [("allow-flight", ctx.pick(("false", "true"))), ("difficulty", ctx.pick(("easy", "normal", "hard"))),
             ("enable-command-block", ctx.pick(("false", "true"))),
             ("enforce-whitelist", "true"), ("gamemode", ctx.pick(("survival", "creative", "adventure"))),
             ("level-name", ctx.pick(("world", "smp_s3", "skyblock"))),
             ("level-seed", str(ctx.rng.randrange(-(2**63), 2**63))), ("max-players", str(ctx.pick((10, 20, 50, 100)))), ("motd", motd),
             ("online-mode", "true"), ("pvp", ctx.pick(("true", "false"))), ("server-port", "25565"), ("spawn-protection", str(ctx.pick((0, 16)))),
             ("view-distance", str(ctx.rng.randint(6, 16))), ("white-list", "true")]
    stamp = f"{ctx.pick(('Sun', 'Mon', 'Fri'))} {ctx.pick(('Mar', 'Jul', 'Nov'))} {ctx.rng.randint(1, 28):02d} {ctx.rng.randint(0, 23):02d}:22:10 UTC 2025"
    head = f"#Minecraft server properties\n#{stamp}\n"
    return head + "\n".join(f"{k}={val}" for k, val in props) + "\n"


@template("train", ("/craftpanel/",))
def craftpanel_server(ctx: Ctx) -> Request:
    """Minecraft server panel: file writes (mcfunction, server.properties as text), console commands and whitelist (JSON), schedules,
    join applications (form)."""
    kind = ctx.pick(("write", "write", "read", "command", "whitelist", "schedule", "apply", "manage"))
    server = v.hex_token(ctx, 8)
    base = f"/craftpanel/api/client/servers/{server}"
    if kind == "write":
        if ctx.chance(0.6):
            ns = _ident(ctx)
            path = f"/world/datapacks/{ns}_pack/data/{ns}/functions/{ctx.pick(('tick', 'load', 'reset_arena', 'loop'))}.mcfunction"
            text = _mcfunction(ctx, ns)
        else:
            path, text = "/server.properties", _server_properties(ctx)
        headers = headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/plain", auth=ctx.pick(("jwt", "apikey")), cookies=False)
        return req("POST", f"{base}/files/write", headers, qs(ctx, [("file", path)]), body=text)
    if kind == "read":
        if ctx.chance(0.5):
            directory = ctx.pick(("/", "/world/datapacks", "/plugins/LuckPerms", "/logs", f"/world/datapacks/{_ident(ctx)}_pack/data"))
            return req("GET", f"{base}/files/list", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, [("directory", directory)]))
        path = ctx.pick(("/logs/latest.log", "/server.properties", "/whitelist.json", "/ops.json", "/plugins/Essentials/config.yml", "/eula.txt"))
        return req(ctx.pick(("GET", "GET", "HEAD")), f"{base}/files/contents", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"),
                   qs(ctx, [("file", path)]))
    if kind == "command":
        body = {"command": _j(ctx, "command", _fill(ctx.pick(_CONSOLE), p=ctx.pick(_PLAYERS)))}
        return req("POST", f"{base}/command", site_headers(ctx, ctx.pick(("xhr", "xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "whitelist":
        names = ctx.rng.sample(list(_PLAYERS), ctx.rng.randint(1, 6))
        entries = [{"uuid": ctx.fake.uuid4(), "name": _j(ctx, f"[{i}].name", n)} for i, n in enumerate(names)]
        return req("PUT", f"/craftpanel/api/client/servers/{seg(ctx, 'server', server)}/whitelist", site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, entries))
    if kind == "schedule":
        if ctx.chance(0.5):
            body = {"name": _j(ctx, "name", ctx.pick(("Nightly restart", "Backup every 6h", "Clear lag (items)", "Announce event -- Friday"))),
                    "minute": ctx.pick(("0", "*/30", "15")), "hour": ctx.pick(("*/6", "4", "*")), "day_of_month": "*", "month": "*",
                    "day_of_week": ctx.pick(("*", "5", "1-5")), "is_active": True, "only_when_online": ctx.chance(0.3)}
            return req("POST", f"{base}/schedules", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        body = {"action": ctx.pick(("command", "command", "power", "backup")), "time_offset": ctx.pick((0, 30, 60)),
                "payload": _j(ctx, "payload", ctx.pick(("say Restart in 60s -- finish what you're doing!", "save-all", "kill @e[type=item]", "restart",
                                                        "tellraw @a {\"text\":\"Backup running, expect lag\",\"color\":\"red\"}")))}
        return req("POST", f"{base}/schedules/{seg(ctx, 'schedule', str(ctx.rng.randint(1, 40)))}/tasks", site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "apply":  # the public whitelist application form of one server
        fields = [("_token", v.alnum_token(ctx, 40)), ("mc_username", ctx.pick(_PLAYERS)),
                  ("discord", ctx.pick((f"@{_handle(ctx)}", f"{_handle(ctx)}#{ctx.rng.randint(1000, 9999)}"))), ("age", str(ctx.rng.randint(11, 45))),
                  ("why", ctx.pick((f"I love building medieval stuff & redstone; I was on {_name(ctx)}'s server before it closed :(",
                                    "Friend invited me (zoe_builds). I mostly farm and trade -- no griefing, promise!", v.prose(ctx, 1, 3, trap_rate=0.4)))),
                  ("rules_read", "on")]
        return req("POST", f"/craftpanel/join/{seg(ctx, 'server', ctx.pick(('smp', 'skyblock-s3', 'atm9-modded', v.slug(ctx))))}",
                   form_headers(ctx, "/craftpanel/join"), body=form(ctx, fields, fixed=("_token", "rules_read")))
    r = ctx.rng.random()
    if r < 0.3:
        return preflight(ctx, f"{base}/files/write", ("POST",), ("authorization,content-type", "authorization"))
    if r < 0.6:
        body = {"signal": ctx.pick(("start", "stop", "restart", "kill"))}
        return req("POST", f"/craftpanel/api/client/servers/{seg(ctx, 'server', server)}/power",
                   headers_for(ctx, ctx.pick(("sdk", "mobile")), content_type="application/json", auth="apikey"),
                   body=dumps(ctx, body))
    return req("DELETE", f"{base}/backups/{seg(ctx, 'backup', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Interactive fiction: Twine passages (Harlowe, SugarCube), Twee source, Ink, archives
# --------------------------------------------------------------------------

_HARLOWE = (
    "(set: $gold to it + ⟪n⟫)You pocket the coins. You now have $gold gold.\n\n[[Back to the market->Market]]",
    "(if: $hasKey is true)[You turn the key. The door creaks open.\n[[Enter the crypt->Crypt]]](else:)[It's locked. Maybe ⟪npc⟫ knows where the key is?\n"
    "[[Go back|Hallway]]]",
    "''⟪npc⟫'' looks up from the bar. \"What'll it be, stranger?\"\n\n(link: \"Order an ale (2 gold)\")[(set: $gold to it - 2)(go-to: \"Tavern\")]\n"
    "[[Leave quietly->Street]]",
    "(unless: $visited contains \"Library\")[(set: $visited to it + (a: \"Library\"))First time here? The dust makes you sneeze.]\n"
    "Shelves of books. One is titled //The Union of Crowns//.",
    "(print: $name)'s journal, day (print: $day):\n\n(either: \"Rain again.\", \"The sun is out.\", \"Fog rolls in from the sea.\")",
    "(if: $health <= 0)[(go-to: \"Game Over\")](else-if: $health < 30)[Your vision blurs. You should rest.]\n"
    "[[Drink the potion->Heal]] | [[Keep walking->Forest]]",
)
_SUGARCUBE = (
    "<<set $gold to ⟪n⟫>><<set $inventory to []>>\nYou wake up in ⟪place⟫ with $gold coins and nothing else.\n\n[[Look around|Room]]",
    "<<if $gold gte 10>>\n  <<link \"Buy the sword (10 gold)\" \"Armory\">><<set $gold -= 10>><<run $inventory.push(\"sword\")>><</link>>\n<<else>>\n"
    "  \"Come back when you've got the coin,\" ⟪npc⟫ grunts.\n<</if>>",
    "<<if $inventory.includes(\"lantern\")>>The lantern lights the tunnel.<<else>>It's pitch black. You hear something drop.<</if>>\n"
    "[[Go deeper->Tunnel]]\n[[Turn back->Entrance]]",
    "<<nobr>>\n<<set _roll to random(1, 20)>>\n<<if _roll + $str gt 12>>You force the gate open!<<else>>The gate won't budge (you rolled _roll).<</if>>\n"
    "<</nobr>>",
    "<<textbox \"$name\" \"⟪npc⟫\" \"Intro\">>\nWhat's your name, traveller?",
    "<<widget \"hp\">>HP: <<print $hp>>/<<print $maxHp>><</widget>>",
    "Two doors. ⟪npc⟫ shrugs: \"Pick one.\"\n<<link \"Select the red door\" \"Red Room\">><<set $door to \"red\">><</link>>\n"
    "<<link \"Drop the torch and run\" \"Dark Hall\">><<set $torch to false>><</link>>",
)
_NPCS = ("Old Maeve", "Captain O'Rourke", "the innkeeper", "Brother Anselm", "Zoë", "Kenji", "the Witch of Hollow Creek", "Mrs. D'Souza")
_PLACES = ("a cell under the castle", "the back of a cart", "Hollow Creek", "an abandoned lighthouse", "a hotel in Lisbon, 1936", "the space station Union-7")
_STORY_TITLES = ("The Lighthouse Keeper's Daughter", "Hollow Creek", "Drop Dead, Detective", "Union Station, 1936", "A Select Few", "Mi primera historia",
                 "霧の村 (Village in the Fog)", "Don't Open the Door", "Escape from Cell #9", "The Witch & the Whale", "untitled story 3")


def _passage(ctx: Ctx, fmt: str) -> str:
    pool = _HARLOWE if fmt == "Harlowe" else _SUGARCUBE
    return _fill(ctx.pick(pool), n=ctx.rng.randint(1, 50), npc=ctx.pick(_NPCS), place=ctx.pick(_PLACES))


_INK = """VAR gold = ⟪n⟫
VAR met_⟪npcid⟫ = false

-> tavern

=== tavern ===
The tavern is loud tonight. ⟪npc⟫ waves you over.
* [Sit with ⟪npc⟫]
    ~ met_⟪npcid⟫ = true
    "Took your time," she says. -> chat
* {gold > 5} [Buy a round (5 gold)]
    ~ gold -= 5
    The room cheers. -> tavern
* [Leave] -> street

=== chat ===
{met_⟪npcid⟫: "Back again?"|"Who are you, then?"}
+ [Ask about the ⟪thing⟫] -> rumours
+ [Say goodbye] -> END

=== rumours ===
- (loop) "They say the ⟪thing⟫ was dropped in the old well."
* "Who says?" -> loop
* "I'll take a look." -> DONE

=== street ===
Rain. {~A cat hisses.|A cart rattles past.|Nothing moves.}
-> END
"""


def _ink(ctx: Ctx) -> str:
    return _fill(_INK, n=ctx.rng.randint(0, 30), npcid=ctx.pick(("maeve", "rourke", "kenji", "zoe")), npc=ctx.pick(_NPCS),
                 thing=ctx.pick(("silver key", "crown", "captain's log", "map")))


def _twee(ctx: Ctx, title: str, fmt: str) -> str:
    """A Twee 3 source file (what Tweego and the editor's export use)."""
    parts = [_passage(ctx, fmt) for _ in range(ctx.rng.randint(2, 4))]
    parts = _slot_one(ctx, "twee.passage", parts)
    names = ["Start", "Market", "Tavern", "Crypt", "Forest"]
    data = json.dumps({"ifid": ctx.fake.uuid4().upper(), "format": fmt, "format-version": "3.3.8" if fmt == "Harlowe" else "2.36.1", "start": "Start",
                       "zoom": 1}, indent=2)
    out = [f":: StoryTitle\n{title}", f":: StoryData\n{data}"]
    if fmt == "SugarCube":
        out.append(":: StoryInit\n<<set $gold to 0>>\n<<set $inventory to []>>")
    for i, text in enumerate(parts):
        tags = " [intro]" if i == 0 and ctx.chance(0.5) else ""
        out.append(f":: {names[i]}{tags} {{\"position\":\"{100 + 150 * i},100\",\"size\":\"100,100\"}}\n{text}")
    return "\n\n\n".join(out) + "\n"


def _twine_archive(ctx: Ctx, title: str, fmt: str) -> str:
    """A Twine 2 archive (File > Library > Archive): passages HTML-escaped inside tw-passagedata."""
    passages = "".join(f'<tw-passagedata pid="{i + 1}" name="{name}" tags="" position="{100 + 150 * i},100" size="100,100">'
                       f"{html.escape(_passage(ctx, fmt))}</tw-passagedata>" for i, name in enumerate(("Start", "Market", "Tavern")[:ctx.rng.randint(1, 3)]))
    return (f'<tw-storydata name="{html.escape(title)}" startnode="1" creator="Twine" creator-version="2.7.1" ifid="{ctx.fake.uuid4().upper()}" zoom="1" '
            f'format="{fmt}" format-version="{"3.3.8" if fmt == "Harlowe" else "2.36.1"}" options="" hidden>'
            '<style role="stylesheet" id="twine-user-stylesheet" type="text/twine-css">tw-story { font-family: Georgia, serif; }</style>'
            '<script role="script" id="twine-user-script" type="text/twine-javascript"></script>' + passages + "</tw-storydata>\n")


@template("train", ("/storyloom/",))
def storyloom_fiction(ctx: Ctx) -> Request:
    """Interactive fiction editor: passages (JSON), Twee source (text), Ink compiles, Twine archive imports (multipart), publishing (form)."""
    kind = ctx.pick(("passage", "passage", "source", "ink", "import", "browse", "publish", "manage"))
    story = ctx.fake.uuid4()
    fmt = ctx.pick(("Harlowe", "SugarCube"))
    if kind == "passage":
        body = {"name": _j(ctx, "name",
                           ctx.pick(("Start", "Tavern", "Cell #9", "The Crypt", "Game Over", "Ending: O'Rourke's betrayal", "Select a door", "Épilogue"))),
                "text": _j(ctx, "text", _passage(ctx, fmt)), "tags": [_j(ctx, "tags[0]", ctx.pick(("intro", "ending", "combat", "todo", "widget")))],
                "left": ctx.rng.randint(0, 3000), "top": ctx.rng.randint(0, 3000), "width": 100, "height": 100, "selected": ctx.chance(0.2)}
        if ctx.chance(0.6):
            return req("PUT", f"/storyloom/api/stories/{story}/passages/{seg(ctx, 'passage', ctx.fake.uuid4())}",
                       site_headers(ctx, "xhr", "application/json", "jwt", extra=_etag(ctx)), body=dumps(ctx, body))
        return req("POST", f"/storyloom/api/stories/{seg(ctx, 'story', story)}/passages", site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "source":  # the Tweego sync script pushes the whole story as Twee
        title = ctx.pick(_STORY_TITLES)
        headers = headers_for(ctx, "sdk", content_type=ctx.pick(("text/plain; charset=utf-8", "text/plain")), auth=ctx.pick(("jwt", "apikey")))
        return req("PUT", f"/storyloom/api/stories/{seg(ctx, 'story', story)}/source.twee", headers, body=_twee(ctx, title, fmt))
    if kind == "ink":
        body = {"source": _j(ctx, "source", _ink(ctx)), "file": _j(ctx, "file", ctx.pick(("main.ink", "tavern.ink", "chapter 2.ink"))),
                "countAllVisits": ctx.chance(0.3)}
        return req("POST", "/storyloom/api/ink/compile", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "import":
        title = ctx.pick(_STORY_TITLES)
        fields = [("library", ctx.pick(("My stories", "Game jam", "Class 9B"))), ("on_conflict", ctx.pick(("rename", "replace", "skip")))]
        ctype, body2 = multipart(ctx, fields, [("archive", ctx.pick(("Twine Archive.html", f"{title}.html", "story (1).html")), "text/html",
                                                _twine_archive(ctx, title, fmt))])
        return req("POST", "/storyloom/library/import", form_headers(ctx, "/storyloom/library", ctype), body=body2)
    if kind == "browse":
        r = ctx.rng.random()
        if r < 0.5:
            pairs = [("search", ctx.pick(("horror", "detective", "union station", "o'rourke", "<<set", "harlowe", "choose your path", v.tricky_search(ctx)))),
                     ("format", fmt.lower()), ("sort", ctx.pick(("updated", "name", "-rating")))]
            return req("GET", "/storyloom/api/stories", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs, fixed=("format",)))
        if r < 0.85:
            return req("GET", f"/storyloom/play/{seg(ctx, 'story', v.slug(ctx))}", headers_for(ctx, "nav"),
                       qs(ctx, [("passage", ctx.pick(("Start", "Tavern", "Crypt")))]))
        return req("HEAD", f"/storyloom/play/{seg(ctx, 'story', v.slug(ctx))}/index.html", headers_for(ctx, "sdk"))
    if kind == "publish":
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("story[title]", ctx.pick(_STORY_TITLES)),
                  ("story[blurb]", ctx.pick(("A short horror game (~15 min). Choices matter -- 4 endings.", "Made for IFComp! Feedback welcome ❤️",
                                             "You play as O'Rourke, a smuggler who just dropped the wrong crate.", v.prose(ctx, 1, 2, trap_rate=0.3)))),
                  ("story[genre]", ctx.pick(("horror", "mystery", "fantasy", "slice-of-life")))]
        warnings = ctx.rng.sample(["violence", "death", "alcohol", "spiders", "flashing lights"], ctx.rng.randint(0, 3))
        fields += [("story[content_warnings][]", w) for w in warnings]
        return req("POST", f"/storyloom/stories/{seg(ctx, 'story', story)}/publish", form_headers(ctx, f"/storyloom/stories/{story}/edit"),
                   body=form(ctx, fields, fixed=("authenticity_token",)))
    r = ctx.rng.random()
    if r < 0.25:
        return preflight(ctx, f"/storyloom/api/stories/{story}/passages", ("PUT", "POST", "DELETE"), ("authorization,content-type,if-match", "authorization"))
    if r < 0.6:
        body = {"stylesheet": _j(ctx, "stylesheet", ctx.pick(("tw-story { background: #111; color: #eee; font-family: 'Courier New', monospace; }",
                                                            ".shake { animation: shake 0.3s infinite; }\ntw-link:hover { color: crimson; }",
                                                            "body { background: url('images/fog.jpg') center / cover; }"))),
                "script": _j(ctx, "script", ctx.pick(("Config.history.maxStates = 1;\nConfig.saves.slots = 3;", "setup.maxHp = 20;",
                                                    "$(document).on(':passagerender', function (ev) { /* fade in */ });", ""))),
                "tagColors": {"ending": "red", "todo": "yellow"}}
        return req("PATCH", f"/storyloom/api/stories/{seg(ctx, 'story', story)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/storyloom/api/stories/{story}/passages/{seg(ctx, 'passage', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Creative-coding gallery: p5.js and Processing sketches, files, collections (GraphQL), comments
# --------------------------------------------------------------------------

_P5_FLOW = """// ⟪title⟫
let particles = [];
const NUM = ⟪n⟫;

function setup() {
  createCanvas(windowWidth, windowHeight);
  colorMode(HSB, 360, 100, 100, 100);
  for (let i = 0; i < NUM; i++) particles.push(createVector(random(width), random(height)));
  noStroke();
}

function draw() {
  background(0, 0, 10, 8); // low alpha = trails
  for (const p of particles) {
    const a = noise(p.x * ⟪scale⟫, p.y * ⟪scale⟫, frameCount * 0.002) * TWO_PI * 4;
    p.add(cos(a), sin(a));
    if (p.x < 0 || p.x > width || p.y < 0 || p.y > height) p.set(random(width), random(height));
    fill((frameCount + p.x) % 360, 80, 100, 60);
    circle(p.x, p.y, 2);
  }
}

function keyPressed() {
  if (key === 's') saveCanvas('flowfield-' + frameCount, 'png');
}

function windowResized() {
  resizeCanvas(windowWidth, windowHeight);
}
"""

_P5_TENPRINT = """// ⟪title⟫ -- 10 PRINT CHR$(205.5+RND(1)); : GOTO 10
let x = 0, y = 0;
const spacing = ⟪spacing⟫;

function setup() {
  createCanvas(400, 400);
  background(⟪bg⟫);
  stroke(255);
  strokeWeight(2);
}

function draw() {
  if (random(1) < 0.5) line(x, y, x + spacing, y + spacing);
  else line(x, y + spacing, x + spacing, y);
  x += spacing;
  if (x > width) { x = 0; y += spacing; }
  if (y > height) noLoop();
}
"""

_P5_AUDIO = """// ⟪title⟫ (needs mic permission)
let mic, fft;

function setup() {
  createCanvas(600, 600);
  mic = new p5.AudioIn();
  mic.start();
  fft = new p5.FFT(0.8, 256);
  fft.setInput(mic);
}

function mousePressed() {
  userStartAudio(); // browsers block audio until a click
}

function draw() {
  background(20);
  const spectrum = fft.analyze();
  translate(width / 2, height / 2);
  noFill();
  stroke(⟪bg⟫, 200, 255);
  beginShape();
  for (let i = 0; i < spectrum.length; i++) {
    const r = map(spectrum[i], 0, 255, ⟪r0⟫, 280);
    vertex(r * cos(TWO_PI * i / spectrum.length), r * sin(TWO_PI * i / spectrum.length));
  }
  endShape(CLOSE);
}
"""

_PROCESSING_WALK = """// ⟪title⟫ -- Processing 4
ArrayList<Walker> walkers = new ArrayList<Walker>();

void setup() {
  size(800, 800);
  for (int i = 0; i < ⟪n⟫; i++) walkers.add(new Walker());
  background(255);
}

void draw() {
  for (Walker w : walkers) {
    w.step();
    w.show();
  }
  if (frameCount > 600) {
    saveFrame("output/frame-####.png");
    noLoop();
  }
}

class Walker {
  PVector pos = new PVector(width/2, height/2);

  void step() {
    pos.add(PVector.random2D().mult(⟪scale⟫));
    pos.x = constrain(pos.x, 0, width);
    pos.y = constrain(pos.y, 0, height);
  }

  void show() {
    stroke(0, 20);
    point(pos.x, pos.y);
  }
}
"""

_PROCESSING_TREE = """// ⟪title⟫ -- recursive tree, move the mouse to bend it
float theta;

void setup() {
  size(640, 360);
}

void draw() {
  background(⟪bg⟫);
  stroke(255);
  theta = radians((mouseX / (float) width) * 90f);
  translate(width/2, height);
  line(0, 0, 0, -120);
  translate(0, -120);
  branch(120);
}

void branch(float h) {
  h *= ⟪scale⟫;
  if (h > ⟪n⟫ / 10.0) {
    pushMatrix(); rotate(theta); line(0, 0, 0, -h); translate(0, -h); branch(h); popMatrix();
    pushMatrix(); rotate(-theta); line(0, 0, 0, -h); translate(0, -h); branch(h); popMatrix();
  }
}
"""

_P5_INDEX = """<!DOCTYPE html>
<html lang="en">
  <head>
    <script src="https://cdnjs.cloudflare.com/ajax/libs/p5.js/1.9.0/p5.js"></script>
    <script src="https://cdnjs.cloudflare.com/ajax/libs/p5.js/1.9.0/addons/p5.sound.min.js"></script>
    <link rel="stylesheet" type="text/css" href="style.css">
    <meta charset="utf-8" />
  </head>
  <body>
    <main>
    </main>
    <script src="sketch.js"></script>
  </body>
</html>
"""

_SKETCH_TITLES = ("Flow field #4", "10 PRINT variations", "Mic-reactive blob", "Random walkers", "Recursive tree 🌳", "Genuary day 7: 'Hexagonal'",
                  "Perlin noise landscape", "Don't touch the circles", "Coding Train challenge #24", "Select & drag points", "木漏れ日 (komorebi)",
                  "Плавающие частицы", "Bubble sort, visualised", "Spirograph -- with sliders")


def _sketch_code(ctx: Ctx, title: str, mode: str) -> str:
    kw = {"title": title.replace("\n", " "), "n": ctx.rng.randint(10, 2000), "scale": _f(ctx, 0.001, 0.02, 3) if mode == "p5.js" else _f(ctx, 0.6, 0.8),
          "bg": ctx.rng.randint(0, 255), "spacing": ctx.pick((10, 16, 20, 25, 40)), "r0": ctx.rng.randint(20, 120)}
    if mode == "processing":
        kw["n"] = ctx.rng.randint(20, 200)
        return _fill(ctx.pick((_PROCESSING_WALK, _PROCESSING_TREE)), **kw)
    return _fill(ctx.pick((_P5_FLOW, _P5_TENPRINT, _P5_AUDIO)), **kw)


_SKETCH_COMMENTS = ("try `noiseDetail(4, 0.5)` for softer noise ✨", "line 12: `if (x > width) x = 0;` makes it wrap -- love it ❤️",
                    "How did you get the trails? background(0, 10) doesn't work for me in WEBGL mode", "Forked it & added a slider: createSlider(0, 255, 100)",
                    "The mic one asks for permission then nothing happens on iOS Safari -- userStartAudio() is on mousePressed, maybe touchStarted too?",
                    "Processing tip: use PGraphics for the trails, then image(pg, 0, 0) in draw()", "this is mesmerising 😍 could watch it for hours")


@template("train", ("/sketchwall/",))
def sketchwall_gallery(ctx: Ctx) -> Request:
    """Creative-coding gallery: sketch saves with their files (JSON), file edits, filtered browsing (JSON filter), collections (GraphQL),
    thumbnails, comments."""
    kind = ctx.pick(("save", "save", "file", "browse", "graphql", "thumb", "comment", "manage"))
    sketch = v.alnum_token(ctx, 9)
    if kind == "save":
        mode = ctx.pick(("p5.js", "p5.js", "processing"))
        title = ctx.pick(_SKETCH_TITLES) if ctx.chance(0.7) else short_title(ctx, ("generative", "p5", "genuary", "noise"))
        main = "sketch.js" if mode == "p5.js" else f"{re.sub(r'[^A-Za-z]', '', title) or 'sketch'}.pde"
        files = [{"name": main, "content": _j(ctx, "files[0].content", _sketch_code(ctx, title, mode)), "fileType": "file"}]
        if mode == "p5.js":
            files += [{"name": "index.html", "content": _P5_INDEX, "fileType": "file"},
                      {"name": "style.css", "content": "html, body {\n  margin: 0;\n  padding: 0;\n}\ncanvas {\n  display: block;\n}\n", "fileType": "file"}]
        desc = ctx.pick(("", "Click to reset, S to save a PNG.", "Inspired by Daniel Shiffman's Coding Train -- thanks!", v.prose(ctx, 1, 2)))
        tags = ctx.rng.sample(["generative", "noise", "genuary", "audio", "recursion", "interactive"], ctx.rng.randint(1, 3))
        body = {"name": _j(ctx, "name", title), "mode": mode, "description": _j(ctx, "description", desc),
                "tags": [_j(ctx, f"tags[{i}]", t) for i, t in enumerate(tags)],
                "license": ctx.pick(("CC BY-SA 3.0", "CC BY-NC-SA 3.0", "MIT")), "isPrivate": ctx.chance(0.2), "files": files}
        return req("POST", "/sketchwall/api/sketches", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "file":
        body = {"content": _j(ctx, "content", _sketch_code(ctx, ctx.pick(_SKETCH_TITLES), "p5.js")), "name": "sketch.js", "autosave": ctx.chance(0.7)}
        return req("PUT", f"/sketchwall/api/sketches/{sketch}/files/{seg(ctx, 'file', v.hex_token(ctx, 24))}",
                   headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=v.site(ctx), extra=_etag(ctx)), body=dumps(ctx, body))
    if kind == "browse":
        r = ctx.rng.random()
        if r < 0.55:
            query = qs(ctx, [("q", ctx.pick(("flow field", "perlin", "10 print", "recursion", "mic", "o'keeffe", "sort", v.tricky_search(ctx)))),
                             ("limit", "24"), ("page", str(ctx.rng.randint(1, 8)))], fixed=("limit",))
            if ctx.chance(0.7):
                filt = {"mode": ctx.pick(("p5.js", "processing")),
                        "tags": {"$in": [ctx.slot("json_query", "filter.tags", ctx.pick(("generative", "genuary", "audio")))]},
                        "author": ctx.slot("json_query", "filter.author", _handle(ctx)), "$sort": {"hearts": -1}}
                query += "&" + json_param(ctx, "filter", filt)
            return req("GET", "/sketchwall/api/sketches", headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile"))), query)
        if r < 0.85:
            return req("GET", f"/sketchwall/{seg(ctx, 'user', _handle(ctx))}/sketches/{sketch}", headers_for(ctx, "nav", referer=v.site(ctx) + "/sketchwall/"))
        return req("HEAD", f"/sketchwall/api/sketches/{seg(ctx, 'sketch', sketch)}/download.zip", headers_for(ctx, "sdk"))
    if kind == "graphql":
        if ctx.chance(0.5):
            query = ("mutation AddToCollection($collectionId: ID!, $sketchId: ID!, $note: String) {\n  addToCollection(collectionId: $collectionId, "
                     "sketchId: $sketchId, note: $note) {\n    id\n    sketches { totalCount }\n  }\n}")
            variables: dict[str, Any] = {"collectionId": v.alnum_token(ctx, 9), "sketchId": sketch,
                                         "note": _j(ctx, "variables.note",
                                                    ctx.pick(("for the workshop on Thursday", "noise examples -- beginner friendly", "", v.sentence(ctx))))}
            body = {"operationName": "AddToCollection", "query": query, "variables": variables}
        else:
            query = ("query Sketches($tag: String!, $after: String) {\n  sketches(tag: $tag, first: 24, after: $after) {\n"
                     "    edges { node { id title hearts author { username } } }\n    pageInfo { endCursor hasNextPage }\n  }\n}")
            body = {"operationName": "Sketches", "query": query,
                    "variables": {"tag": _j(ctx, "variables.tag", ctx.pick(("genuary", "generative", "p5js", "creative coding"))),
                                  "after": ctx.pick((None, v.b64url(ctx.rng.randbytes(12))))}}
        return req("POST", "/sketchwall/graphql", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "thumb":
        if ctx.chance(0.5):
            body = {"dataUrl": _j(ctx, "dataUrl", synth_tech.data_uri(ctx)), "frame": ctx.rng.randint(1, 600), "alt": _j(ctx, "alt", ctx.pick(_SKETCH_TITLES))}
            return req("PUT", f"/sketchwall/api/sketches/{seg(ctx, 'sketch', sketch)}/thumbnail", site_headers(ctx, "xhr", "application/json", "jwt"),
                       body=dumps(ctx, body))
        fields = [("alt", ctx.pick(("Blue particles swirling", "black & white maze pattern", "tree branches, 2 colours"))),
                  ("frame", str(ctx.rng.randint(1, 600)))]
        ctype, body2 = multipart(ctx, fields, [("image", "frame-0042.svg", "image/svg+xml", synth_tech.svg_image(ctx))])
        return req("POST", f"/sketchwall/api/sketches/{seg(ctx, 'sketch', sketch)}/thumbnail", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "comment":
        fields = [("csrfmiddlewaretoken", v.alnum_token(ctx, 64)), ("comment[body]", ctx.pick(_SKETCH_COMMENTS) if ctx.chance(0.7) else user_note(ctx)),
                  ("comment[parent_id]", ctx.pick(("", str(rid(ctx)))))]
        return req("POST", f"/sketchwall/sketches/{seg(ctx, 'sketch', sketch)}/comments", form_headers(ctx, f"/sketchwall/sketches/{sketch}"),
                   body=form(ctx, fields, fixed=("csrfmiddlewaretoken",)))
    r = ctx.rng.random()
    if r < 0.3:
        return preflight(ctx, f"/sketchwall/api/sketches/{sketch}/files", ("PUT", "DELETE"), ("authorization,content-type,if-match", "authorization"))
    if r < 0.65:
        return req("DELETE", f"/sketchwall/api/sketches/{seg(ctx, 'sketch', sketch)}", headers_for(ctx, "xhr", auth="jwt"))
    body = {"hearted": ctx.chance(0.8), "source": ctx.pick(("gallery", "profile", "embed"))}
    return req("PATCH", f"/sketchwall/api/sketches/{seg(ctx, 'sketch', sketch)}/heart", site_headers(ctx, "xhr", "application/json", "jwt"),
               body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Live-coding music: Sonic Pi, TidalCycles, Strudel and SuperCollider code, jam sessions
# --------------------------------------------------------------------------

_SONIC_PI = """# ⟪title⟫
use_bpm ⟪bpm⟫

live_loop :drums do
  sample :bd_haus, amp: ⟪amp⟫
  sleep 0.5
  sample :sn_dolf, rate: 1.2 if one_in(4)
  sleep 0.5
end

live_loop :bass, sync: :drums do
  use_synth :tb303
  play choose([:e1, :e2, :g1, :a1]), release: 0.2, cutoff: rrand(60, 110), res: 0.8
  sleep 0.25
end

with_fx :reverb, room: 0.8 do
  live_loop :pads do
    use_synth :hollow
    play_chord chord(:e3, :minor7), attack: 2, release: 6, amp: 0.6
    sleep 8
  end
end
"""

_TIDAL = """-- ⟪title⟫
setcps (⟪bpm⟫/60/4)

d1 $ sound "bd*2 [~ bd] sn:3 [hh hh hh ~]" # gain ⟪amp⟫

d2 $ every 4 (fast 2) $ n "0 .. 7" # s "arpy" # room 0.3 # size 0.8

d3 $ slow 2 $ n (scale "minor" "<0 2 4 [3 5]>") # s "superpiano" # legato 1.5 # lpf (range 400 2000 sine)

d4 $ sometimesBy 0.3 (# speed "-1") $ sound "~ cp ~ <cp [cp cp]>"

-- hush
"""

_STRUDEL = """// ⟪title⟫
setcps(⟪bpm⟫/60/4)

stack(
  s("bd*2, ~ sd, hh*8").bank("RolandTR909").gain(⟪amp⟫),
  note("<c2 eb2 g2 bb1>").s("sawtooth").lpf(sine.range(300, 2000).slow(8)).decay(.2),
  n("<0 2 4 <6 7>>*4").scale("C4:minor").s("gm_epiano1").room(.5).delay(.25),
).punchcard()
"""

_SUPERCOLLIDER = """// ⟪title⟫
(
SynthDef(\\⟪name⟫, { |out = 0, freq = 440, amp = ⟪amp⟫, gate = 1|
    var sig = Saw.ar(freq * [1, 1.01]) + Pulse.ar(freq / 2, 0.3);
    sig = RLPF.ar(sig, EnvGen.kr(Env.perc(0.01, 0.4)) * 4000 + 200, 0.3);
    sig = sig * EnvGen.kr(Env.adsr(0.01, 0.2, 0.6, 0.5), gate, doneAction: 2);
    Out.ar(out, sig * amp);
}).add;
)

Pbind(\\instrument, \\⟪name⟫, \\degree, Pseq([0, 2, 4, 7], inf), \\dur, 0.25).play;
"""

_LANGS = {"sonic-pi": _SONIC_PI, "tidal": _TIDAL, "strudel": _STRUDEL, "supercollider": _SUPERCOLLIDER}
_JAM_TITLES = ("acid monday", "Algorave warmup #3", "lofi rain loop ☔", "Don't stop the 303", "polyrhythm 5 against 4", "drum & bass -- 174",
               "ambient drone for studying", "Eurovision but make it techno", "Música para programar", "夜のドライブ", "techno (select all + run)")


def _music_code(ctx: Ctx, lang: str, title: str) -> str:
    return _fill(_LANGS[lang], title=title.replace("\n", " "), bpm=ctx.pick((90, 120, 128, 135, 140, 174)), amp=_f(ctx, 0.6, 1.6, 1),
                 name=ctx.pick(("acid", "pluck", "bass303", "wobble")))


def _music_line(ctx: Ctx, lang: str) -> str:
    """One line or block evaluated live during a jam (what Ctrl+Enter sends)."""
    pools = {
        "sonic-pi": ("sample :loop_amen, beat_stretch: ⟪beats⟫", "set_volume! 0.⟪d⟫",
                     "live_loop :hats do\n  sample :drum_cymbal_closed, amp: rrand(0.3, 0.⟪d⟫)\n  sleep 0.⟪sleep⟫\nend", "use_random_seed ⟪n⟫", "stop"),
        "tidal": ('d1 $ sound "bd*⟪beats⟫" # gain 1.⟪d⟫', "hush", 'd2 $ jux rev $ n "0 [3 5] ⟪d⟫" # s "superpiano"', "d3 silence", 'once $ s "crash:⟪d⟫"',
                  'd1 $ degradeBy 0.⟪d⟫ $ sound "hh*⟪beats⟫"'),
        "strudel": ('s("bd*⟪beats⟫, [~ sd]*2, hh*8").bank("RolandTR808")', 'note("c3 [eb3 g3]").s("square").lpf(⟪n⟫0)', "hush()",
                    'samples("github:tidalcycles/dirt-samples")'),
        "supercollider": ("s.boot;", "Pdef(\\drums).stop;", "Synth(\\acid, [\\freq, ⟪n⟫]);", "TempoClock.default.tempo = 1⟪n⟫/60;"),
    }
    return _fill(ctx.pick(pools[lang]), beats=ctx.pick((2, 4, 8, 16)), d=ctx.rng.randint(1, 9), sleep=ctx.pick((125, 25, 5)), n=ctx.rng.randint(10, 99))


@template("train", ("/patternjam/",))
def patternjam_livecode(ctx: Ctx) -> Request:
    """Live-coding music: snippets saved (JSON), live evaluation in a jam session (text), session state, file uploads (multipart), comments (form)."""
    kind = ctx.pick(("save", "save", "eval", "eval", "session", "browse", "upload", "comment", "manage"))
    lang = ctx.pick(tuple(_LANGS))
    snippet = v.alnum_token(ctx, 10)
    jam = v.alnum_token(ctx, 6).lower()
    if kind == "save":
        title = ctx.pick(_JAM_TITLES) if ctx.chance(0.7) else short_title(ctx, ("techno", "ambient", "dnb", "jam"))
        body = {"title": _j(ctx, "title", title), "language": lang, "code": _j(ctx, "code", _music_code(ctx, lang, title)),
                "bpm": ctx.pick((90, 120, 128, 140, 174)), "tags": [_j(ctx, "tags[0]", ctx.pick(("techno", "ambient", "algorave", "beginner", "acid")))],
                "notes": _j(ctx, "notes",
                            ctx.pick(("", "Needs the Dirt-Samples pack (`Quarks.install(\"SuperDirt\")`).", "Start d1 & d2 first, then bring in d3 -- slowly!",
                                                    v.prose(ctx, 1, 2)))), "visibility": ctx.pick(("public", "unlisted"))}
        if ctx.chance(0.65):
            return req("POST", "/patternjam/api/snippets", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        return req("PUT", f"/patternjam/api/snippets/{seg(ctx, 'snippet', snippet)}",
                   headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=v.site(ctx), extra=_etag(ctx)), body=dumps(ctx, body))
    if kind == "eval":  # Ctrl+Enter in a shared session: the editor posts the evaluated block as is
        extra = (("X-Jam-Session", header_slot(ctx, "X-Jam-Session", jam)), ("X-Jam-Language", lang))
        code = _raw(ctx, "eval", _music_line(ctx, lang) if ctx.chance(0.7) else _music_code(ctx, lang, ctx.pick(_JAM_TITLES)))
        headers = headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/plain;charset=UTF-8", auth="jwt", extra=extra)
        return req("POST", f"/patternjam/jams/{seg(ctx, 'jam', jam)}/eval", headers, body=code)
    if kind == "session":
        body = {"cps": round(ctx.pick((120, 128, 135, 140)) / 60 / 4, 4), "muted": ctx.rng.sample(["d1", "d2", "d3", "d4"], ctx.rng.randint(0, 2)),
                "chat": _j(ctx, "chat", ctx.pick(("drop incoming 🔥", "who's on d3? it's clashing", "can someone hush the hats lol", "brb", v.sentence(ctx)))),
                "cursor": {"line": ctx.rng.randint(1, 40), "ch": ctx.rng.randint(0, 60)}, "nick": _j(ctx, "nick", _handle(ctx))}
        return req("PATCH", f"/patternjam/api/jams/{seg(ctx, 'jam', jam)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "browse":
        r = ctx.rng.random()
        if r < 0.5:
            pairs = [("q", ctx.pick(("live_loop", "d1 $", "acid", "amen break", "stack(", "SynthDef", "drum & bass", v.tricky_search(ctx)))),
                     ("lang", lang), ("sort", ctx.pick(("top", "new", "random")))]
            return req("GET", "/patternjam/api/snippets", headers_for(ctx, ctx.pick(("xhr", "sdk"))), qs(ctx, pairs, fixed=("lang",)))
        if r < 0.85:
            return req("GET", f"/patternjam/s/{seg(ctx, 'snippet', snippet)}", headers_for(ctx, "nav"),
                       qs(ctx, [("autoplay", ctx.pick(("0", "1")))], fixed=("autoplay",)))
        return req("HEAD", f"/patternjam/api/snippets/{seg(ctx, 'snippet', snippet)}/audio.ogg", headers_for(ctx, "sdk"))
    if kind == "upload":
        ext = {"sonic-pi": ("rb", "text/x-ruby"), "tidal": ("tidal", "text/plain"), "strudel": ("js", "text/javascript"),
               "supercollider": ("scd", "text/plain")}[lang]
        title = ctx.pick(_JAM_TITLES)
        fields = [("title", title), ("language", lang), ("license", ctx.pick(("CC BY-SA 4.0", "CC0", "GPL-3.0")))]
        ctype, body2 = multipart(ctx, fields,
                                 [("file", f"{ctx.pick(('set', 'jam', 'track'))}_{ctx.rng.randint(1, 40)}.{ext[0]}", ext[1], _music_code(ctx, lang, title))])
        return req("POST", "/patternjam/api/snippets/import", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "comment":
        fields = [("_csrf", v.alnum_token(ctx, 36)),
                  ("body", ctx.pick(("the `every 4 (fast 2)` bit is genius", "try `# orbit 1` on d2 so the reverb doesn't muddy the kick",
                                     "doesn't run in Sonic Pi 3 -- `sync: :drums` needs v4?", "sleep 0.25 -> sleep 0.125 and it turns into dnb 😂",
                                     user_note(ctx)))),
                  ("snippet", snippet)]
        return req("POST", f"/patternjam/s/{seg(ctx, 'snippet', snippet)}/comments", form_headers(ctx, f"/patternjam/s/{snippet}"),
                   body=form(ctx, fields, fixed=("_csrf",)))
    r = ctx.rng.random()
    if r < 0.3:
        return preflight(ctx, f"/patternjam/jams/{jam}/eval", ("POST",), ("authorization,content-type,x-jam-session,x-jam-language", "content-type"))
    return req("DELETE", f"/patternjam/api/snippets/{seg(ctx, 'snippet', snippet)}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 2D level editor: Tiled JSON and TMX maps, entity scripts, level names, tilesets, playtest data
# --------------------------------------------------------------------------

_LEVEL_NAMES = ("World 1-2: Lava Lake", "Bowser's Keep (hard)", "The Dev's Revenge -- DO NOT PLAY", "Drop Zone", "Union Station", "Select Your Fate",
                "Level 3 - 'Up & Over'", "Cave of O'Rourke", "Tutorial #1: jump", "100% impossible?!", "Boss: Queen Bee 🐝", "Niveau 4 : La Forêt",
                "地下迷宫", "Ледяная пещера", "Secret room ;)", "Zoë's first level", "1-1 remake (no power-ups)")
_OBJ_SCRIPTS = ("if player.keys > 0 then door:open() else hud.say(\"It's locked.\") end", "spawn('⟪enemy⟫', self.x + ⟪dx⟫, self.y - 16); sfx('pop')",
                "camera.shake(0.⟪n⟫) -- boss intro", "goto_level(\"⟪level⟫\")", "if not flags.met_⟪enemy⟫ then dialog('⟪enemy⟫_intro') end",
                "player.hp = math.min(player.hp + ⟪n⟫, player.max_hp)", "checkpoint(⟪n⟫)", "timer.after(⟪n⟫, function() platform:fall() end)",
                "hud.say(\"⟪sign⟫\")")
_SIGNS = ("Press [E] to talk -- or don't :)", "<- Danger! Lava ahead", "Beware of O'Malley's bees", "Secret: jump 3x on the 2nd pipe", "Shop closed; back at 5")


def _obj_script(ctx: Ctx) -> str:
    """An entity's inline script, as the editor's property panel stores it."""
    return _fill(ctx.pick(_OBJ_SCRIPTS), enemy=ctx.pick(("slime", "bee", "bat", "skeleton")), dx=ctx.rng.randint(-48, 48), n=ctx.rng.randint(1, 9),
                 level=ctx.pick(_LEVEL_NAMES).replace('"', "'"), sign=ctx.pick(_SIGNS))


def _tile_data(ctx: Ctx, w: int, h: int) -> list[int]:
    """A tile layer's gids: sky, a ground line with gaps and some platforms."""
    ground = h - ctx.rng.randint(2, 4)
    data = []
    for y in range(h):
        for x in range(w):
            if y >= ground and not (ctx.rng.random() < 0.05 and y == ground):
                data.append(1 if y == ground else 2)
            elif y == ground - 4 and ctx.rng.random() < 0.2:
                data.append(ctx.pick((17, 18, 19)))
            else:
                data.append(0)
    return data


def _tiled_json(ctx: Ctx, name: str) -> dict[str, Any]:
    """A Tiled map in its JSON format with a tile layer and an object layer carrying entity scripts."""
    w, h = ctx.pick(((20, 12), (30, 15), (16, 9), (40, 12)))
    objects = []
    for i in range(ctx.rng.randint(2, 5)):
        kind = ctx.pick(("Door", "Enemy", "Spawn", "Sign", "Trigger", "Coin"))
        props = [{"name": "script", "type": "string", "value": _j(ctx, f"layers[1].objects[{i}].script", _obj_script(ctx)) if i == 0 else _obj_script(ctx)}]
        if kind == "Sign":
            props.append({"name": "text", "type": "string", "value": ctx.pick(_SIGNS)})
        objects.append({"id": i + 1, "name": f"{kind.lower()}_{i + 1}", "type": kind, "x": 16 * ctx.rng.randint(0, w - 1), "y": 16 * ctx.rng.randint(0, h - 1),
                        "width": 16, "height": 16, "rotation": 0, "visible": True, "properties": props})
    return {"compressionlevel": -1, "height": h, "width": w, "infinite": False, "orientation": "orthogonal", "renderorder": "right-down",
            "tiledversion": "1.10.2", "type": "map", "version": "1.10", "tilewidth": 16, "tileheight": 16, "nextlayerid": 3, "nextobjectid": len(objects) + 1,
            "layers": [{"id": 1, "name": "Ground", "type": "tilelayer", "width": w, "height": h, "x": 0, "y": 0, "opacity": 1, "visible": True,
                        "data": _tile_data(ctx, w, h)},
                       {"id": 2, "name": "Entities", "type": "objectgroup", "draworder": "topdown", "x": 0, "y": 0, "opacity": 1, "visible": True,
                        "objects": objects}],
            "tilesets": [{"firstgid": 1, "source": ctx.pick(("terrain.tsj", "../tilesets/cave.tsj", "kenney_pixel-platformer.tsj"))}],
            "properties": [{"name": "title", "type": "string", "value": _j(ctx, "properties.title", name)},
                           {"name": "music", "type": "file", "value": ctx.pick(("music/lava.ogg", "music/boss_theme.ogg", ""))},
                           {"name": "time_limit", "type": "int", "value": ctx.pick((0, 120, 300))}]}


def _tmx(ctx: Ctx, name: str) -> str:
    """The same kind of map in Tiled's TMX (XML) format, the tile layer as CSV."""
    w, h = ctx.pick(((20, 12), (16, 9), (24, 10)))
    data = _tile_data(ctx, w, h)
    rows = ",\n".join(",".join(str(g) for g in data[y * w:(y + 1) * w]) for y in range(h))
    title = enc_xml(str(ctx.slot("xml", "map.properties.title", name)))
    obj_name = enc_xml(str(ctx.slot("xml", "object.name", ctx.pick(("door_boss", "Spawn", "sign: beware!", "Bee's nest", "coin #3")))))
    script = enc_xml(str(ctx.slot("xml", "object.script", _obj_script(ctx))))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<map version="1.10" tiledversion="1.10.2" orientation="orthogonal" renderorder="right-down" width="{w}" height="{h}" '
            'tilewidth="16" tileheight="16" infinite="0" nextlayerid="3" nextobjectid="3">\n'
            f' <properties>\n  <property name="title" value="{title}"/>\n'
            f'  <property name="time_limit" type="int" value="{ctx.pick((0, 120, 300))}"/>\n </properties>\n'
            f' <tileset firstgid="1" source="{ctx.pick(("terrain.tsx", "../tilesets/cave.tsx"))}"/>\n'
            f' <layer id="1" name="Ground" width="{w}" height="{h}">\n  <data encoding="csv">\n{rows}\n</data>\n </layer>\n'
            ' <objectgroup id="2" name="Entities">\n'
            f'  <object id="1" name="{obj_name}" type="{ctx.pick(("Door", "Spawn", "Sign", "Trigger"))}" '
            f'x="{16 * ctx.rng.randint(0, w - 1)}" y="{16 * ctx.rng.randint(0, h - 1)}" '
            'width="16" height="16">\n   <properties>\n'
            f'    <property name="script">{script}</property>\n   </properties>\n  </object>\n'
            f'  <object id="2" name="spawn" type="PlayerStart" x="16" y="{16 * (h - 5)}"><point/></object>\n </objectgroup>\n</map>\n')


_GDSCRIPT = """extends CharacterBody2D
## ⟪name⟫ -- player controller for level ⟪level⟫

@export var speed := ⟪speed⟫.0
@export var jump_velocity := -⟪jump⟫.0
var gravity: float = ProjectSettings.get_setting("physics/2d/default_gravity")

func _physics_process(delta: float) -> void:
\tif not is_on_floor():
\t\tvelocity.y += gravity * delta
\tif Input.is_action_just_pressed("jump") and is_on_floor():
\t\tvelocity.y = jump_velocity
\tvar direction := Input.get_axis("move_left", "move_right")
\tvelocity.x = direction * speed if direction else move_toward(velocity.x, 0, speed)
\tmove_and_slide()

func _on_hurtbox_body_entered(body: Node2D) -> void:
\tif body.is_in_group("spikes") or body.is_in_group("lava"):
\t\tget_tree().reload_current_scene()
"""

_LUA_ENTITY = """-- entities/⟪name⟫.lua
local Slime = {}
Slime.__index = Slime

function Slime.new(x, y, props)
  local self = setmetatable({x = x, y = y, dir = props.dir or -1, hp = ⟪jump⟫ // 100}, Slime)
  return self
end

function Slime:update(dt, level)
  self.x = self.x + self.dir * ⟪speed⟫ * dt
  if level:isSolid(self.x + self.dir * 8, self.y) or not level:isSolid(self.x + self.dir * 8, self.y + 16) then
    self.dir = -self.dir -- turn around at walls and ledges
  end
end

return Slime
"""


@template("train", ("/tilesmith/",))
def tilesmith_levels(ctx: Ctx) -> Request:
    """2D level editor: maps saved as Tiled JSON, TMX imports (XML), entity scripts (text), level metadata, tilesets (multipart),
    playtest deaths (JSON array)."""
    kind = ctx.pick(("save", "save", "import", "script", "meta", "browse", "tileset", "playtest", "manage"))
    project = ctx.rng.randint(1, 90000)
    level = v.alnum_token(ctx, 8)
    name = ctx.pick(_LEVEL_NAMES)
    if kind == "save":
        headers = site_headers(ctx, "xhr", "application/json", "jwt", extra=_etag(ctx))
        return req("PUT", f"/tilesmith/api/projects/{project}/levels/{seg(ctx, 'level', level)}", headers, body=dumps(ctx, _tiled_json(ctx, name)))
    if kind == "import":  # the Tiled plugin pushes the open map
        extra = (("X-Tiled-Version", ctx.pick(("1.10.2", "1.11.0", "1.9.2"))),)
        headers = headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "application/x-tiled-tmx+xml", "text/xml")), auth="apikey", extra=extra)
        query = qs(ctx, [("format", "tmx"), ("overwrite", "true")], fixed=("format", "overwrite"))
        return req("POST", f"/tilesmith/api/projects/{seg(ctx, 'project', str(project))}/levels/import", headers, query, body=_tmx(ctx, name))
    if kind == "script":
        ent = ctx.pick(("player", "slime", "bee_boss", "moving_platform"))
        text = _fill(ctx.pick((_GDSCRIPT, _LUA_ENTITY)), name=ent, level=name.replace("\n", " "), speed=ctx.rng.randint(60, 300),
                     jump=ctx.rng.randint(250, 600))
        path = f"scripts/{ent}.{'gd' if text.startswith('extends') else 'lua'}"
        return req("PUT", f"/tilesmith/api/projects/{project}/files/{seg(ctx, 'file', path)}",
                   site_headers(ctx, "xhr", "text/plain; charset=utf-8", "jwt", extra=_etag(ctx)), body=_raw(ctx, "script", text))
    if kind == "meta":
        body = {"name": _j(ctx, "name", name), "difficulty": ctx.pick(("easy", "normal", "hard", "kaizo")),
                "description": _j(ctx, "description",
                                  ctx.pick(("Watch out for the falling blocks -- they drop after 0.5s!", "Speedrun route: skip the key, wall-jump at #3",
                                                               "Remake of the classic 1-1, but every pipe is a trap >:)", v.prose(ctx, 1, 2)))),
                "tags": [_j(ctx, "tags[0]", ctx.pick(("platformer", "puzzle", "boss", "troll", "metroidvania")))], "world": ctx.rng.randint(1, 8)}
        return req("PATCH", f"/tilesmith/api/projects/{project}/levels/{seg(ctx, 'level', level)}/meta", site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "browse":
        r = ctx.rng.random()
        if r < 0.55:
            pairs = [("name", ctx.pick(("lava", "boss", "1-1", "drop", "union", "o'rourke", "select", v.tricky_search(ctx)))),
                     ("world", str(ctx.rng.randint(1, 8))), ("sort", ctx.pick(("updated", "plays", "-difficulty")))]
            return req("GET", f"/tilesmith/api/projects/{project}/levels", headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile")), auth="jwt"), qs(ctx, pairs))
        if r < 0.85:
            return req("GET", f"/tilesmith/play/{project}/{seg(ctx, 'level', level)}", headers_for(ctx, "nav"),
                       qs(ctx, [("debug", "1")], fixed=("debug",)) if ctx.chance(0.2) else "")
        return req("HEAD", f"/tilesmith/api/projects/{project}/levels/{seg(ctx, 'level', level)}.tmj", headers_for(ctx, "sdk", auth="apikey"))
    if kind == "tileset":
        tsx = ('<?xml version="1.0" encoding="UTF-8"?>\n<tileset version="1.10" tiledversion="1.10.2" name="terrain" tilewidth="16" tileheight="16" '
               f'tilecount="{ctx.pick((64, 128, 256))}" columns="{ctx.pick((8, 16))}">\n <image source="terrain.png" width="256" height="128"/>\n'
               ' <tile id="16"><properties><property name="solid" type="bool" value="true"/></properties></tile>\n</tileset>\n')
        fields = [("name", ctx.pick(("terrain", "cave tiles", "Kenney's pixel pack", "lava & rocks"))), ("tile_size", "16"),
                  ("credits", ctx.pick(("CC0 by Kenney (kenney.nl)", "drawn by me in Aseprite :)", f"by {_name(ctx)} -- CC BY 4.0")))]
        ctype, body2 = multipart(ctx, fields, [("tsx", "terrain.tsx", "application/xml", tsx), empty_file("image")])
        return req("POST", f"/tilesmith/api/projects/{seg(ctx, 'project', str(project))}/tilesets", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "playtest":  # the in-browser playtest sends its deaths when the tab closes
        deaths = [{"x": ctx.rng.randint(0, 640), "y": ctx.rng.randint(0, 240), "t": round(ctx.rng.uniform(1, 300), 2),
                   "cause": _j(ctx, f"[{i}].cause",
                               ctx.pick(("lava", "spikes", "fell", "Queen Bee", "crushed by block #4")))} for i in range(ctx.rng.randint(1, 8))]
        return req("POST", f"/tilesmith/api/playtests/{seg(ctx, 'level', level)}/deaths",
                   headers_for(ctx, "xhr", content_type="application/json", cookies=True),
                   body=dumps(ctx, deaths))
    r = ctx.rng.random()
    if r < 0.35:
        return preflight(ctx, f"/tilesmith/api/projects/{project}/levels/{level}", ("PUT", "PATCH", "DELETE"),
                         ("authorization,content-type,if-match", "authorization"))
    return req("DELETE", f"/tilesmith/api/projects/{project}/levels/{seg(ctx, 'level', level)}", headers_for(ctx, "xhr", auth="jwt"))


PLAYCODE: tuple[str, ...] = (
    "shaderbox_playground", "blockkids_projects", "moddepot_mods", "craftpanel_server",
    "storyloom_fiction", "sketchwall_gallery", "patternjam_livecode", "tilesmith_levels",
)
