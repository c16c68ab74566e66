"""Technical content that real users and clients send: images and code.

Modern apps carry markup and code where a naive filter sees attacks: avatars
and signatures as `data:` URIs, SVG icons and uploads, CI steps and shell
one-liners in a repository's issues, comparisons in formulas. The shared
attack corpora are full of `<svg`, `|`, `&&` and `data:`, and almost nothing
benign carries them, so a model trained without these values learns "markup
or a pipe means attack". Each helper builds a varied value from parts (never
a short fixed list) so that the model learns the difference between code that
is the content and code that breaks out of a value.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:  # synth_values imports this module
    from waf_proxy.training.synth_values import Ctx


def hex_token(ctx: Ctx, n: int) -> str:
    return ctx.rng.randbytes(n // 2).hex()


_SHAPES = ("rect", "circle", "ellipse", "path", "polygon", "line")


def _shape(ctx: Ctx, w: int, h: int) -> str:
    kind = ctx.pick(_SHAPES)
    fill = ctx.pick((f"#{hex_token(ctx, 6)}", "none", "currentColor", f"url(#g{ctx.rng.randrange(9)})"))
    x, y = ctx.rng.randrange(w), ctx.rng.randrange(h)
    if kind == "rect":
        return f'<rect x="{x}" y="{y}" width="{ctx.rng.randrange(1, w)}" height="{ctx.rng.randrange(1, h)}" rx="{ctx.rng.randrange(0, 8)}" fill="{fill}"/>'
    if kind == "circle":
        return f'<circle cx="{x}" cy="{y}" r="{ctx.rng.randrange(1, max(2, w // 2))}" fill="{fill}"/>'
    if kind == "ellipse":
        return f'<ellipse cx="{x}" cy="{y}" rx="{ctx.rng.randrange(1, w)}" ry="{ctx.rng.randrange(1, h)}" fill="{fill}"/>'
    if kind == "line":
        return f'<line x1="{x}" y1="{y}" x2="{ctx.rng.randrange(w)}" y2="{ctx.rng.randrange(h)}" stroke="#{hex_token(ctx, 6)}" stroke-width="{ctx.rng.randint(1, 4)}"/>'
    points = " ".join(f"{ctx.rng.randrange(w)},{ctx.rng.randrange(h)}" for _ in range(ctx.rng.randint(3, 6)))
    if kind == "polygon":
        return f'<polygon points="{points}" fill="{fill}"/>'
    d = "M" + " L".join(points.split()) + ctx.pick((" Z", "", " z"))
    return f'<path d="{d}" fill="{fill}" stroke="{ctx.pick(("none", "#000", "currentColor"))}"/>'


def svg_image(ctx: Ctx) -> str:
    """An SVG icon, logo or drawing as editors and design tools export it (no script)."""
    w, h = ctx.pick(((16, 16), (24, 24), (64, 64), (200, 100), (640, 480), (1080, 1080)))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">']
    if ctx.chance(0.2):
        parts[0] = '<?xml version="1.0" encoding="UTF-8"?>' + parts[0]
    if ctx.chance(0.3):
        parts.append(f"<title>{ctx.en.word()}</title>")
    if ctx.chance(0.3):
        parts.append(f'<defs><linearGradient id="g0"><stop offset="0" stop-color="#{hex_token(ctx, 6)}"/>'
                     f'<stop offset="1" stop-color="#{hex_token(ctx, 6)}"/></linearGradient></defs>')
    body = "".join(_shape(ctx, w, h) for _ in range(ctx.rng.randint(1, 5)))
    if ctx.chance(0.3):
        body = f'<g transform="translate({ctx.rng.randrange(w)} {ctx.rng.randrange(h)})" opacity="0.{ctx.rng.randint(1, 9)}">{body}</g>'
    parts.append(body)
    if ctx.chance(0.2):
        parts.append(f'<text x="{ctx.rng.randrange(w)}" y="{ctx.rng.randrange(h)}" font-family="sans-serif" font-size="{ctx.rng.randint(8, 32)}">{ctx.en.word()}</text>')
    parts.append("</svg>")
    return "".join(parts)


def data_uri(ctx: Ctx) -> str:
    """An image inlined as a data: URI (avatars, signatures, pasted screenshots)."""
    kind = ctx.pick(("png", "png", "jpeg", "webp", "gif", "svg+xml", "svg+xml"))
    if kind == "svg+xml":
        svg = svg_image(ctx)
        if ctx.chance(0.3):  # the utf8 form CSS and some editors use
            return "data:image/svg+xml;charset=utf-8," + quote(svg, safe=" =:/\"'#,")
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return f"data:image/{kind};base64," + base64.b64encode(ctx.rng.randbytes(ctx.rng.randint(48, 600))).decode()


_TOOLS = (
    ("npm", ("ci", "install", "run build", "test", "run lint -- --fix", "publish --access public")),
    ("pip", ("install -r requirements.txt", "install -e '.[dev]'", "install --upgrade pip", "freeze")),
    ("python", ("-m pytest -q", "-m venv .venv", "manage.py migrate", "-m build", "scripts/seed.py --dry-run")),
    ("git", ("fetch --tags", "checkout main", "rebase -i HEAD~3", "log --oneline -n 5", "push origin HEAD", "status")),
    ("docker", ("build -t app:latest .", "compose up -d", "ps -a", "logs -f web", "run --rm -it app bash")),
    ("kubectl", ("get pods -n staging", "rollout restart deploy/web", "describe pod web-0", "apply -f k8s/")),
    ("make", ("build", "test", "release VERSION=1.2.3", "clean all")),
    ("cargo", ("build --release", "test -- --nocapture", "clippy")),
    ("go", ("test ./...", "build -o bin/app ./cmd/app", "mod tidy")),
    ("terraform", ("plan -out tf.plan", "apply tf.plan", "fmt -recursive")),
)
_FILTERS = ("grep -i error", "grep -v debug", "head -n 20", "tail -f", "wc -l", "sort | uniq -c", "jq '.items[] | .name'",
            "less", "tee build.log", "awk '{print $2}'", "cut -d, -f1")


def _command(ctx: Ctx) -> str:
    tool, subs = ctx.pick(_TOOLS)
    return f"{tool} {ctx.pick(subs)}"


def shell_line(ctx: Ctx) -> str:
    """A shell one-liner as people paste it into issues and chats."""
    r = ctx.rng.random()
    cmd = _command(ctx)
    if r < 0.3:
        return cmd
    if r < 0.55:
        return f"{cmd} && {_command(ctx)}"
    if r < 0.75:
        return f"{cmd} 2>&1 | {ctx.pick(_FILTERS)}"
    if r < 0.85:
        return f"export {ctx.pick(('NODE_ENV', 'DEBUG', 'RUST_LOG', 'API_URL'))}={ctx.pick(('production', '1', 'info', 'https://api.' + ctx.en.domain_name()))}; {cmd}"
    if r < 0.93:
        return f"cd {ctx.pick(('~/src/', './', '/opt/'))}{ctx.en.word()} && {cmd} || echo \"{ctx.en.word()} failed\""
    return f"curl -fsSL https://{ctx.en.domain_name()}/{ctx.en.word()}.json | jq ."


def ci_config(ctx: Ctx) -> str:
    """A CI workflow or Dockerfile fragment: steps that run commands."""
    if ctx.chance(0.35):
        base = ctx.pick(("python:3.12-slim", "node:20-alpine", "golang:1.22", "debian:bookworm-slim"))
        lines = [f"FROM {base}", f"WORKDIR /{ctx.pick(('app', 'src', 'srv'))}", "COPY . ."]
        lines += [f"RUN {_command(ctx)}" for _ in range(ctx.rng.randint(1, 3))]
        lines.append(f'CMD ["{ctx.pick(("python", "node", "./bin/app"))}", "{ctx.pick(("main.py", "server.js", "--port=8080"))}"]')
        return "\n".join(lines)
    steps = []
    for _ in range(ctx.rng.randint(1, 4)):
        name = ctx.pick(("Install", "Build", "Test", "Lint", "Deploy", "Cache", "Migrate"))
        steps.append(f"      - name: {name}\n        run: {shell_line(ctx)}")
    branch = ctx.pick(("main", "master", "release/*"))
    return (f"name: {ctx.pick(('CI', 'build', 'tests', 'deploy'))}\non:\n  push:\n    branches: [{branch}]\n"
            f"jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n" + "\n".join(steps))


_OPS = ("<", ">", "<=", ">=", "==", "!=")


def formula(ctx: Ctx) -> str:
    """A comparison as people write it in spreadsheets, alerts and homework."""
    a, b = ctx.pick(("x", "price", "temp", "battery", "score", "n", "A2", "qty")), ctx.pick(("y", "limit", "B2", "max", "threshold"))
    r = ctx.rng.random()
    if r < 0.3:
        return f"{a} {ctx.pick(_OPS)} {ctx.rng.randint(0, 100)} {ctx.pick(('&&', 'and', 'AND', '||', 'or'))} {b} {ctx.pick(_OPS)} {ctx.rng.randint(0, 100)}"
    if r < 0.55:
        return f"=IF({a}{ctx.pick(_OPS)}{ctx.rng.randint(0, 100)}, \"{ctx.en.word()}\", \"{ctx.en.word()}\")"
    if r < 0.8:
        return f"{ctx.en.word()} {ctx.pick(_OPS)} {ctx.rng.randint(1, 99)}{ctx.pick(('%', 'V', ' ms', '°C', ' MB', ''))}"
    return f"if ({a} {ctx.pick(_OPS)} {b}) {{ return {a}; }}"


def tech_snippet(ctx: Ctx) -> tuple[str, str]:
    """(language, code) for a code block in a post."""
    r = ctx.rng.random()
    if r < 0.35:
        return "bash", shell_line(ctx)
    if r < 0.55:
        return ctx.pick(("yaml", "dockerfile")), ci_config(ctx)
    if r < 0.7:
        return "text", formula(ctx)
    if r < 0.8:
        return "svg", svg_image(ctx)
    word = ctx.en.word()
    return ctx.pick((("python", f"if {word} {ctx.pick(_OPS)} {ctx.rng.randint(0, 9)}:\n    {word} = max({word}, 0)"),
                     ("js", f"const {word} = items.filter(i => i.{ctx.en.word()} {ctx.pick(_OPS)} {ctx.rng.randint(0, 9)});"),
                     ("html", f'<button class="btn btn-{ctx.pick(("primary", "link"))}" type="submit">{word}</button>')))


def with_code(ctx: Ctx, text: str) -> str:
    """A post with a code block (or inline code) after its prose."""
    lang, code = tech_snippet(ctx)
    block = f"```{lang}\n{code}\n```" if ctx.chance(0.75) else f"`{code.splitlines()[0]}`"
    return f"{text}\n\n{block}" if ctx.chance(0.8) else f"{block}\n\n{text}"


def with_aside(ctx: Ctx, text: str) -> str:
    """Prose that quotes a comparison or a command in passing."""
    aside = formula(ctx) if ctx.chance(0.6) else shell_line(ctx)
    lead = ctx.pick(("e.g.", "I used", "Tried:", "with", "when", "->"))
    return f"{text} {lead} {aside} {ctx.pick(('-- any idea?', '', ':)', 'but nothing changed.'))}".rstrip()


def with_image(ctx: Ctx, html: str) -> str:
    """Rich-text HTML with a pasted image or an inline icon."""
    alt = ctx.en.word()
    image = svg_image(ctx) if ctx.chance(0.4) else f'<img src="{data_uri(ctx)}" alt="{alt}">'
    return f"{html}<p>{image}</p>" if ctx.chance(0.7) else f"<p>{image}</p>{html}"
