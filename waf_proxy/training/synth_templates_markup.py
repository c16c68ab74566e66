"""Train templates: content apps whose text is markup.

A wiki (wikitext, template transclusions, Lua modules), a team chat (markdown,
mentions, slash commands), an MDX blog engine (front matter, JSX components,
code fences), an HTML e-mail template editor (inline-styled tables, MJML,
merge tags), a mail-merge letter service ({{placeholders}}, conditionals), a
documentation builder (reStructuredText and AsciiDoc directives), a subtitles
editor (SRT, WebVTT and TTML cues with styling tags) and a tutorial site's
comment threads (pasted code, SQL, shell and stack traces).

They exist because false positives on unseen apps come mostly from benign
content that legitimately carries code and markup: `<iframe>` video embeds,
`<style>`, `onclick` in prose, `{{ }}` and `{% %}`, `${...}`, SQL and shell in
code blocks, file paths in tracebacks. All of it is what a user of the product
writes (never an injection break-out), and every value a user or client
controls goes through a slot.
"""

from __future__ import annotations

import json
import re
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    dumps, form, form_headers, header_slot, j, multipart, preflight, qs, req, Request, rid, seg, short_title, site_headers, template,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared builders: code, markup and errors as people write and paste them
# --------------------------------------------------------------------------


def _fill(text: str, **kw: Any) -> str:
    """Fill `<<name>>` fields (braces stay free for the code itself)."""
    return re.sub(r"<<(\w+)>>", lambda m: str(kw[m.group(1)]), text)


def _word(ctx: Ctx) -> str:
    return re.sub(r"[^a-z]", "", ctx.en.word().lower()) or "item"


def _camel(ctx: Ctx) -> str:
    return _word(ctx) + _word(ctx).capitalize()


def _pascal(ctx: Ctx) -> str:
    return _word(ctx).capitalize() + _word(ctx).capitalize()


def _etag(ctx: Ctx) -> tuple[tuple[str, str], ...]:
    return (("If-Match", ctx.pick((f'"{v.hex_token(ctx, 16)}"', f'W/"{v.hex_token(ctx, 12)}"'))),)


def _slot_one(ctx: Ctx, kind: str, name: str, parts: list[str]) -> list[str]:
    """A document built from parts with one part (chosen at random) an injection slot."""
    i = ctx.rng.randrange(len(parts))
    return parts[:i] + [str(ctx.slot(kind, f"{name}[{i}]", parts[i]))] + parts[i + 1:]


_EVENTS = ("onclick", "onload", "onerror", "onmouseover", "onsubmit", "onchange", "onkeydown", "onfocus", "onblur", "oninput", "onscroll", "onresize")
_DOM_EVENTS = ("click", "submit", "input", "change", "keydown", "load", "scroll", "resize", "DOMContentLoaded", "touchstart")


def _event_prose(ctx: Ctx) -> str:
    """Prose that names event handlers and tags, as people discuss front-end code."""
    ev = ctx.pick(_EVENTS)
    tag = ctx.pick(("<div>", "<button>", "<form>", "<img>", "<input>", "<a>", "<body>", "<select>", "<iframe>", "<video>"))
    return ctx.pick((
        f"Why does the {ev} handler fire twice when I click the {tag}?",
        f"Don't put {ev}= attributes in the markup -- use addEventListener('{ev[2:]}', handler) instead, it's cleaner.",
        f"The {tag} tag has no {ev} event in Safari, so I moved it to the parent.",
        f"Tip: {ev} on {tag} is fine for a demo, but React wants {ev[:2]}{ev[2:].capitalize()}={{handler}}.",
        f"I used {ev} + preventDefault() and the page still reloads. What am I missing?",
        f"My {tag} with {ev} works in Chrome but not in Firefox {ctx.rng.randint(110, 134)} -- any idea?",
        f"Wrap it in a <{ctx.pick(('section', 'article', 'figure', 'details'))}> and listen for '{ctx.pick(_DOM_EVENTS)}' on document instead.",
    ))


def _yt_id(ctx: Ctx) -> str:
    return "".join(ctx.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(11))


def _video_iframe(ctx: Ctx) -> str:
    """An embed code as video and sandbox providers hand it out."""
    r = ctx.rng.random()
    if r < 0.4:
        start = f"?start={ctx.rng.randint(1, 900)}" if ctx.chance(0.3) else ""
        host = ctx.pick(("www.youtube.com", "www.youtube-nocookie.com"))
        return (f'<iframe width="560" height="315" src="https://{host}/embed/{_yt_id(ctx)}{start}" title="YouTube video player" frameborder="0" '
                'allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" '
                'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>')
    if r < 0.6:
        return (f'<iframe src="https://player.vimeo.com/video/{ctx.rng.randrange(100000000, 999999999)}?h={v.hex_token(ctx, 10)}&amp;title=0&amp;byline=0" '
                'width="640" height="360" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen></iframe>')
    if r < 0.75:
        return (f'<iframe height="300" style="width: 100%;" scrolling="no" title="{ctx.en.word()}" src="https://codepen.io/{ctx.en.user_name()}/embed/{v.alnum_token(ctx, 6)}?default-tab=html%2Cresult" '
                'frameborder="no" loading="lazy" allowtransparency="true" allowfullscreen="true"></iframe>')
    if r < 0.88:
        return f'<iframe src="https://www.loom.com/embed/{v.hex_token(ctx, 32)}" frameborder="0" webkitallowfullscreen mozallowfullscreen allowfullscreen style="position:absolute;top:0;left:0;width:100%;height:100%;"></iframe>'
    return (f'<iframe src="https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d{ctx.rng.randrange(1000, 9999)}.{ctx.rng.randrange(10, 99)}!2d{ctx.rng.uniform(-120, 120):.4f}!3d{ctx.rng.uniform(-60, 60):.4f}" '
            'width="600" height="450" style="border:0;" allowfullscreen="" loading="lazy" referrerpolicy="no-referrer-when-downgrade"></iframe>')


def _css(ctx: Ctx) -> str:
    sel = ctx.pick((f".{_word(ctx)}", f"#{_word(ctx)}", f".{_word(ctx)} > a:hover", "body", "pre code", f".card .{_word(ctx)}", "img", "table td", "::selection"))
    props = ctx.rng.sample([f"color: #{v.hex_token(ctx, 6)}", f"padding: {ctx.rng.randint(0, 32)}px", "display: flex", "gap: 1rem", f"font-size: {ctx.rng.randint(12, 24)}px",
                            "max-width: 100%", "border-radius: 8px", f"background: linear-gradient(90deg, #{v.hex_token(ctx, 6)}, #{v.hex_token(ctx, 6)})",
                            "font-family: 'Inter', system-ui, sans-serif", "margin: 0 auto", "line-height: 1.6", "grid-template-columns: repeat(3, 1fr)"], ctx.rng.randint(1, 4))
    rule = f"{sel} {{ {'; '.join(props)}; }}"
    if ctx.chance(0.3):
        rule = f"@media (max-width: {ctx.pick((480, 600, 768))}px) {{\n  {rule}\n}}"
    return rule


def _html(ctx: Ctx) -> str:
    """A harmless HTML fragment: images, links, embeds, styles, tables, forms."""
    en = ctx.en
    r = ctx.rng.random()
    if r < 0.15:
        return f'<img src="https://{ctx.pick(("cdn.", "images.", "i."))}{en.domain_name()}/{v.hex_token(ctx, 10)}.{ctx.pick(("png", "jpg", "webp"))}" alt="{enc_xml(en.sentence(nb_words=4).rstrip("."))}" width="{ctx.rng.randint(200, 1200)}" loading="lazy">'
    if r < 0.3:
        return f'<a href="{en.url()}{en.uri_path()}" target="_blank" rel="noopener noreferrer">{enc_xml(en.sentence(nb_words=3).rstrip("."))}</a>'
    if r < 0.45:
        return _video_iframe(ctx)
    if r < 0.55:
        return f"<style>\n{_css(ctx)}\n</style>"
    if r < 0.65:
        rows = "".join(f"<tr><td>{enc_xml(ctx.fake.word())}</td><td>{ctx.rng.randint(1, 999)}</td></tr>" for _ in range(ctx.rng.randint(1, 3)))
        return f'<table class="{_word(ctx)}">\n  <thead><tr><th>Name</th><th>Count</th></tr></thead>\n  <tbody>{rows}</tbody>\n</table>'
    if r < 0.73:
        return f"<details>\n  <summary>{enc_xml(v.short_text(ctx))}</summary>\n  <p>{enc_xml(v.sentence(ctx))}</p>\n</details>"
    if r < 0.8:
        return f'<form action="/{_word(ctx)}" method="post">\n  <label for="email">Email</label>\n  <input type="email" id="email" name="email" required placeholder="you@example.com">\n  <button type="submit">Subscribe</button>\n</form>'
    if r < 0.87:
        return f'<figure>\n  <img src="/{ctx.pick(("img", "assets", "static/images"))}/{_word(ctx)}.svg" alt="">\n  <figcaption>{enc_xml(v.sentence(ctx))}</figcaption>\n</figure>'
    if r < 0.93:
        return f"Press <kbd>Ctrl</kbd>+<kbd>{ctx.pick(('C', 'V', 'Shift', 'K'))}</kbd> then <mark>{enc_xml(en.word())}</mark> -- see <abbr title=\"{en.word()}\">{en.word()[:3].upper()}</abbr>."
    return f'<button type="button" class="btn btn-{ctx.pick(("primary", "outline", "ghost"))}" {ctx.pick(("onclick", "onmouseover", "onfocus"))}="{_camel(ctx)}()">{enc_xml(en.word())}</button>'


# -- code in many languages, built from parts -------------------------------

_JS = (
    "const <<b>> = document.querySelector('#<<a>>');\n<<b>>.addEventListener('<<ev>>', (e) => {\n  e.preventDefault();\n  console.log(e.target.value);\n});",
    "async function load<<P>>() {\n  const res = await fetch(`/api/<<a>>s?page=${page}`);\n  if (!res.ok) throw new Error(`HTTP ${res.status}`);\n  return res.json();\n}",
    "export default function <<P>>({ <<a>>s }) {\n  const [open, setOpen] = useState(false);\n  return (\n    <ul className=\"<<a>>-list\">\n      {<<a>>s.map((x) => <li key={x.id}>{x.name}</li>)}\n    </ul>\n  );\n}",
    "const total = items.reduce((sum, <<a>>) => sum + <<a>>.price * <<a>>.qty, 0);\nconsole.log(`Total: ${total.toFixed(2)}`);",
    "useEffect(() => {\n  const id = setInterval(() => set<<P>>((n) => n + 1), 1000);\n  return () => clearInterval(id);\n}, []);",
    "const <<b>> = JSON.parse(localStorage.getItem('<<a>>') ?? '[]');\n<<b>>.push({ id: Date.now(), text: input.value });",
    "app.get('/<<a>>/:id', async (req, res) => {\n  const row = await db.<<a>>.findUnique({ where: { id: Number(req.params.id) } });\n  if (!row) return res.status(404).json({ error: 'not found' });\n  res.json(row);\n});",
    "list.innerHTML = <<a>>s.map((x) => `<li>${x.name}</li>`).join('');",
    "$('#<<a>>').on('<<ev>>', function () {\n  $(this).toggleClass('active');\n});",
    "window.onload = function () {\n  document.getElementById('<<a>>').textContent = new Date().toLocaleDateString();\n};",
)
_PY = (
    "def <<a>>_total(items):\n    return sum(i['price'] * i['qty'] for i in items if i['qty'] > 0)",
    "with open('data/<<a>>.csv', newline='') as f:\n    for row in csv.DictReader(f):\n        print(row['<<a>>'], row.get('<<c>>', ''))",
    "@app.route('/<<a>>/<int:id>', methods=['GET', 'POST'])\ndef <<a>>_detail(id):\n    <<a>> = <<P>>.query.get_or_404(id)\n    return render_template('<<a>>.html', <<a>>=<<a>>)",
    "class <<P>>(models.Model):\n    title = models.CharField(max_length=200)\n    created = models.DateTimeField(auto_now_add=True)\n\n    def __str__(self):\n        return f\"{self.title} ({self.created:%Y-%m-%d})\"",
    "nums = [int(x) for x in input().split()]\nprint(max(nums) - min(nums))",
    "df = pd.read_csv('<<a>>.csv')\ndf.groupby('<<c>>')['amount'].sum().sort_values(ascending=False).head(10)",
    "import requests\nr = requests.post('https://api.example.com/v1/<<a>>s', json={'name': '<<c>>'}, timeout=10)\nr.raise_for_status()",
    "cur.execute(\"SELECT * FROM <<a>>s WHERE id = %s\", (<<a>>_id,))\nrow = cur.fetchone()",
)
_OTHER = (
    ("go", "func (s *Server) handle<<P>>(w http.ResponseWriter, r *http.Request) {\n\tid := r.URL.Query().Get(\"id\")\n\tif id == \"\" {\n\t\thttp.Error(w, \"missing id\", http.StatusBadRequest)\n\t\treturn\n\t}\n}"),
    ("php", "<?php\n$stmt = $pdo->prepare('SELECT * FROM <<a>>s WHERE email = ?');\n$stmt->execute([$_POST['email']]);\n$user = $stmt->fetch();\necho htmlspecialchars($user['name']);"),
    ("java", "public List<<<P>>> findAll() {\n    return repo.findAll(Sort.by(\"<<a>>\").descending());\n}"),
    ("rust", "fn main() {\n    let v: Vec<i32> = (1..=10).filter(|x| x % 2 == 0).collect();\n    println!(\"{:?}\", v);\n}"),
    ("c", "#include <stdio.h>\nint main(void) {\n    char name[32];\n    scanf(\"%31s\", name);\n    printf(\"Hello, %s!\\n\", name);\n    return 0;\n}"),
    ("ruby", "<<a>>s = <<P>>.where(active: true).order(created_at: :desc).limit(10)\n<<a>>s.each { |x| puts \"#{x.id}: #{x.name}\" }"),
    ("csharp", "var <<a>> = await _db.<<P>>s.Where(x => x.Id == id).FirstOrDefaultAsync();\nif (<<a>> is null) return NotFound();"),
)


def _code_kw(ctx: Ctx) -> dict[str, str]:
    return {"a": _word(ctx), "b": _camel(ctx), "c": _word(ctx), "P": _pascal(ctx), "ev": ctx.pick(_DOM_EVENTS)}


def _js(ctx: Ctx) -> str:
    return _fill(ctx.pick(_JS), **_code_kw(ctx))


def _py(ctx: Ctx) -> str:
    return _fill(ctx.pick(_PY), **_code_kw(ctx))


_TABLES = ("users", "orders", "products", "customers", "posts", "comments", "employees", "departments", "invoices", "students", "courses", "enrollments", "books", "authors")
_COLS = ("id", "name", "email", "created_at", "price", "status", "title", "salary", "country", "user_id", "score", "quantity")


def _sql(ctx: Ctx) -> str:
    """SQL as tutorials teach it and learners paste it."""
    t, t2 = ctx.rng.sample(_TABLES, 2)
    c1, c2 = ctx.rng.sample(_COLS, 2)
    n = ctx.rng.randint(1, 100)
    first, last = v.person_name(ctx)
    opts = (
        f"SELECT {c1}, {c2} FROM {t} WHERE {c2} {ctx.pick(('>', '<', '>=', '<>', '='))} {n} ORDER BY {c1} {ctx.pick(('ASC', 'DESC'))} LIMIT {ctx.pick((5, 10, 20))};",
        f"SELECT a.{c1}, COUNT(b.id) AS total\nFROM {t} a\nLEFT JOIN {t2} b ON b.{t[:-1]}_id = a.id\nGROUP BY a.{c1}\nHAVING COUNT(b.id) > {n};",
        f"INSERT INTO {t} ({c1}, {c2}) VALUES ('{first.replace(chr(39), chr(39) * 2)} {last.replace(chr(39), chr(39) * 2)}', '{ctx.fake.email()}');",
        f"UPDATE {t} SET {c1} = '{ctx.pick(('archived', 'active', 'inactive'))}' WHERE {c2} < NOW() - INTERVAL '{n} days';",
        f"DELETE FROM {t} WHERE id = {n};",
        f"CREATE TABLE {t} (\n  id SERIAL PRIMARY KEY,\n  {c1} VARCHAR({ctx.pick((50, 100, 255))}) NOT NULL,\n  {c2} INTEGER DEFAULT 0,\n  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n);",
        f"SELECT {c1}, {c2}, RANK() OVER (PARTITION BY {c1} ORDER BY {c2} DESC) AS rnk\nFROM {t};",
        f"SELECT {c1} FROM {t}\nUNION\nSELECT {c1} FROM {t2}\nORDER BY {c1};",
        f"WITH recent AS (\n  SELECT * FROM {t} WHERE created_at > CURRENT_DATE - {n}\n)\nSELECT {c1}, AVG({c2}) FROM recent GROUP BY {c1};",
        f"DROP TABLE IF EXISTS {t}_backup;\nCREATE TABLE {t}_backup AS SELECT * FROM {t};",
        f"SELECT * FROM {t} WHERE {c1} LIKE '%{ctx.en.word()}%' AND {c2} IS NOT NULL;",
        f"ALTER TABLE {t} ADD COLUMN {c2} {ctx.pick(('TEXT', 'BOOLEAN DEFAULT false', 'NUMERIC(10,2)'))};",
    )
    return ctx.pick(opts)


def _shell(ctx: Ctx) -> str:
    if ctx.chance(0.6):
        return synth_tech.shell_line(ctx)
    w = _word(ctx)
    return ctx.pick((
        f"$ python3 -m venv .venv && source .venv/bin/activate\n$ pip install {ctx.pick(('flask', 'django', 'requests', 'pandas'))}",
        f"npx create-react-app {w} && cd {w} && npm start",
        f"chmod +x ./{w}.sh && ./{w}.sh --dry-run",
        f"ls -la ~/{w} | grep -i '\\.env'",
        f"sudo systemctl restart nginx && sudo tail -n 50 /var/log/nginx/error.log",
        f"find . -name '*.pyc' -delete",
        f"ssh -i ~/.ssh/id_ed25519 {ctx.en.user_name()}@{ctx.en.ipv4_private()} 'df -h'",
        f"git add . && git commit -m \"fix: {ctx.en.sentence(nb_words=4).rstrip('.').lower()}\" && git push",
        f"mysql -u root -p {w}_db < dump.sql",
        f"psql -h localhost -U postgres -d {w} -c 'SELECT version();'",
    ))


def _template_code(ctx: Ctx) -> str:
    """Jinja / Liquid / Handlebars / Vue / Angular template code."""
    a, b = _word(ctx), _word(ctx)
    return ctx.pick((
        f"{{% for {a} in {a}s %}}\n  <li>{{{{ {a}.name|title }}}}</li>\n{{% empty %}}\n  <li>No {a}s yet.</li>\n{{% endfor %}}",
        f"{{% if user.is_authenticated %}}Hi {{{{ user.first_name }}}}!{{% else %}}<a href=\"{{% url 'login' %}}\">Log in</a>{{% endif %}}",
        f"{{{{#each {a}s}}}}\n  <div class=\"{b}\">{{{{this.title}}}}</div>\n{{{{/each}}}}",
        f"<li v-for=\"{a} in {a}s\" :key=\"{a}.id\" @click=\"select({a})\">{{{{ {a}.name }}}}</li>",
        f"<div *ngFor=\"let {a} of {a}s\" (click)=\"open({a})\">{{{{ {a}.title | uppercase }}}}</div>",
        f"{{{{ product.price | money_with_currency }}}} {{% unless product.available %}}(sold out){{% endunless %}}",
        f"{{% extends \"base.html\" %}}\n{{% block content %}}\n<h1>{{{{ page.title }}}}</h1>\n{{% endblock %}}",
        f"<p th:text=\"${{{a}.name}}\">placeholder</p>",
    ))


def _code(ctx: Ctx) -> tuple[str, str]:
    """(language, code) for a fenced block."""
    r = ctx.rng.random()
    if r < 0.2:
        return "javascript", _js(ctx)
    if r < 0.38:
        return "python", _py(ctx)
    if r < 0.52:
        return "sql", _sql(ctx)
    if r < 0.64:
        return ctx.pick(("bash", "shell", "console")), _shell(ctx)
    if r < 0.74:
        return "html", _html(ctx)
    if r < 0.8:
        return "css", _css(ctx)
    if r < 0.86:
        return "html", _template_code(ctx)
    if r < 0.9:
        return synth_tech.tech_snippet(ctx)
    lang, code = ctx.pick(_OTHER)
    return lang, _fill(code, **_code_kw(ctx))


_USERS = ("alice", "bob", "dev", "ubuntu", "maria", "kenji", "pi", "student", "Administrator")


def _stack_trace(ctx: Ctx) -> str:
    """An error as learners paste it: tracebacks with file paths, SQL errors, CORS and shell errors."""
    user, proj, mod = ctx.pick(_USERS), _word(ctx), _word(ctx)
    n, m = ctx.rng.randint(3, 300), ctx.rng.randint(3, 120)
    r = ctx.rng.random()
    if r < 0.3:
        exc = ctx.pick((f"KeyError: '{_word(ctx)}_id'", "TypeError: unsupported operand type(s) for +: 'int' and 'str'", f"ModuleNotFoundError: No module named '{ctx.pick(('flask_sqlalchemy', 'cv2', 'dotenv', 'yaml'))}'",
                        "sqlite3.OperationalError: near \"FROM\": syntax error", f"django.db.utils.IntegrityError: UNIQUE constraint failed: {ctx.pick(_TABLES)}.email",
                        "jinja2.exceptions.UndefinedError: 'user' is undefined", "AttributeError: 'NoneType' object has no attribute 'get'",
                        f"FileNotFoundError: [Errno 2] No such file or directory: 'data/{mod}.csv'", "IndentationError: unexpected indent"))
        return (f"Traceback (most recent call last):\n  File \"/home/{user}/{proj}/app.py\", line {n}, in <module>\n    main()\n"
                f"  File \"/home/{user}/{proj}/{mod}.py\", line {m}, in {_word(ctx)}\n    {ctx.pick(('return data[key]', 'total = count + label', 'conn.execute(query)', 'user = session.get(uid)'))}\n{exc}")
    if r < 0.5:
        comp = _pascal(ctx)
        return ctx.pick((
            f"TypeError: Cannot read properties of undefined (reading '{ctx.pick(('map', 'length', 'name', 'id'))}')\n    at {comp} (webpack-internal:///./src/components/{comp}.jsx:{m}:{ctx.rng.randint(2, 60)})\n"
            f"    at renderWithHooks (/home/{user}/{proj}/node_modules/react-dom/cjs/react-dom.development.js:16305:18)",
            f"Uncaught ReferenceError: $ is not defined\n    at index.html:{m}:{ctx.rng.randint(1, 40)}",
            f"Error: listen EADDRINUSE: address already in use :::{ctx.pick((3000, 5000, 8080))}\n    at Server.setupListenHandle [as _listen2] (node:net:1817:16)",
            "SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON",
            f"Access to fetch at 'http://localhost:{ctx.pick((5000, 8000))}/api/{mod}' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        ))
    if r < 0.6:
        cls = _pascal(ctx)
        return (f"Exception in thread \"main\" java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"{_word(ctx)}\" is null\n"
                f"\tat com.example.{proj}.{cls}.{_word(ctx)}({cls}.java:{m})\n\tat com.example.{proj}.Main.main(Main.java:{n})")
    if r < 0.72:
        t = ctx.pick(_TABLES)
        return ctx.pick((
            f"PHP Fatal error:  Uncaught PDOException: SQLSTATE[42S02]: Base table or view not found: 1146 Table '{proj}.{t}' doesn't exist in /var/www/html/{mod}.php:{m}\n"
            f"Stack trace:\n#0 /var/www/html/{mod}.php({m}): PDO->query('SELECT * FROM {t}')\n#1 {{main}}\n  thrown in /var/www/html/{mod}.php on line {m}",
            f"ERROR:  column \"{_word(ctx)}\" does not exist\nLINE 1: SELECT {_word(ctx)} FROM {t} WHERE id = {n};\n               ^\nHINT:  Perhaps you meant to reference the column \"{t}.name\".",
            f"ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'FROM {t} WHERE {_word(ctx)} = {n}' at line 1",
            f"Warning: Undefined array key \"{_word(ctx)}\" in C:\\xampp\\htdocs\\{proj}\\{mod}.php on line {m}",
        ))
    if r < 0.8:
        return f"panic: runtime error: index out of range [{m}] with length {m}\n\ngoroutine 1 [running]:\nmain.main()\n\t/home/{user}/go/src/{proj}/main.go:{n} +0x1d\nexit status 2"
    if r < 0.88:
        return ctx.pick((f"bash: {ctx.pick(('npm', 'python', 'node', 'pip'))}: command not found", f"zsh: permission denied: ./{mod}.sh",
                         "error: externally-managed-environment\n\n× This environment is externally managed", f"fatal: not a git repository (or any of the parent directories): .git",
                         f"npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree\nnpm ERR! While resolving: {proj}@0.1.0"))
    return (f"error[E0382]: borrow of moved value: `{_word(ctx)}`\n --> src/main.rs:{m}:{ctx.rng.randint(5, 40)}\n  |\n{m} |     let b = a;\n  |             - value moved here")


# --------------------------------------------------------------------------
# Wiki farm: wikitext, template transclusions, parser functions, Lua modules
# --------------------------------------------------------------------------

_NAMESPACES = ("", "", "", "Template:", "Help:", "User:", "Talk:", "Category:", "Project:")


def _wiki_title(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.5:
        base = " ".join(w.capitalize() for w in ctx.en.words(ctx.rng.randint(1, 3)))
    elif r < 0.65:
        base = f"{ctx.fake.last_name()}'s {ctx.en.word().capitalize()}"
    elif r < 0.8:
        base = f"{ctx.en.word().capitalize()} ({ctx.pick(('film', 'band', 'disambiguation', 'software', '2024 album', 'programming language'))})"
    else:
        base = " ".join(ctx.fake.words(ctx.rng.randint(1, 2))).capitalize()
    return ctx.pick(_NAMESPACES) + base + ctx.pick(("", "", "", "/sandbox", "/doc", "/Archive 2"))


def _cite(ctx: Ctx) -> str:
    kind = ctx.pick(("web", "news", "book", "journal"))
    parts = [f"cite {kind}", f"url={ctx.en.url()}{ctx.en.uri_path()}", f"title={v.short_text(ctx)}", f"access-date={v.iso_date(ctx)}"]
    if ctx.chance(0.5):
        parts.append(f"last={ctx.fake.last_name()}")
    if ctx.chance(0.4):
        parts.append(f"publisher={ctx.fake.company()}")
    return "{{" + " |".join(parts) + "}}"


def _wiki_para(ctx: Ctx, title: str) -> str:
    link = ctx.en.word().capitalize()
    ref = f'<ref name="{_word(ctx)}">{_cite(ctx)}</ref>' if ctx.chance(0.6) else "<ref>{{Citation needed|date=" + v.when(ctx).strftime("%B %Y") + "}}</ref>"
    return (f"'''{title}''' is a [[{link}|{link.lower()}]] {ctx.pick(('in', 'from', 'near'))} [[{ctx.fake.city()}]]. {v.prose(ctx, 1, 3, trap_rate=0.3)}{ref} "
            f"''{ctx.en.word()}'' {ctx.pick(('{{lang|fr|' + ctx.en.word() + '}}', '{{convert|' + str(ctx.rng.randint(1, 900)) + '|km|mi}}', '{{As of|2025}}', '[[' + ctx.en.word() + ']]s'))}.")


def _wikitext(ctx: Ctx, title: str) -> str:
    """A wiki article: infobox, references, sections, tables, files, parser functions, categories."""
    blocks: list[str] = []
    if ctx.chance(0.5):
        blocks.append("{{Short description|" + v.short_text(ctx)[:60] + "}}")
    if ctx.chance(0.5):
        blocks.append("{{Infobox " + ctx.pick(("person", "settlement", "software", "album", "company")) + "\n| name = " + title
                      + f"\n| image = {_word(ctx).capitalize()}.jpg\n| caption = {v.sentence(ctx)}\n| born = {{{{birth date and age|{ctx.rng.randint(1940, 2005)}|{ctx.rng.randint(1, 12)}|{ctx.rng.randint(1, 28)}}}}}"
                      + f"\n| website = {{{{URL|{ctx.en.domain_name()}}}}}\n}}}}")
    blocks.append(_wiki_para(ctx, title))
    for _ in range(ctx.rng.randint(1, 3) if ctx.chance(0.75) else ctx.rng.randint(4, 7)):  # stubs and longer articles
        eq = ctx.pick(("==", "==", "==="))
        body = ctx.pick((
            _wiki_para(ctx, ctx.en.word().capitalize()),
            "\n".join(f"{ctx.pick(('*', '*', '#', '**'))} [[{ctx.en.word().capitalize()}]] – {v.sentence(ctx)}" for _ in range(ctx.rng.randint(2, 4))),
            "{| class=\"wikitable sortable\"\n|+ " + v.short_text(ctx)[:40] + "\n! Year !! Title !! Notes\n"
            + "".join(f"|-\n| {ctx.rng.randint(1990, 2025)} || ''{ctx.en.word().capitalize()}'' || {v.sentence(ctx)}\n" for _ in range(ctx.rng.randint(1, 4))) + "|}",
            f"[[File:{_word(ctx).capitalize()}_{ctx.rng.randint(1, 99)}.jpg|thumb|upright=1.2|{v.sentence(ctx)}]]\n{v.prose(ctx, 1, 2)}",
            f"{{{{Main|{ctx.en.word().capitalize()}}}}}\n{v.prose(ctx, 1, 3, trap_rate=0.3)}",
            f"<syntaxhighlight lang=\"{ctx.pick(('python', 'bash', 'javascript', 'sql'))}\">\n{ctx.pick((_py, _shell, _js, _sql))(ctx)}\n</syntaxhighlight>",
            f"<gallery mode=\"packed\">\n{_word(ctx)}.jpg|{v.sentence(ctx)}\n{_word(ctx)}.png|{ctx.en.word()}\n</gallery>",
            f"<math>E = mc^2</math> and <math>\\sum_{{i=1}}^{{n}} i = \\frac{{n(n+1)}}{{2}}</math> <!-- {ctx.en.sentence(nb_words=5)} -->",
        ))
        blocks.append(f"{eq} {ctx.en.sentence(nb_words=ctx.rng.randint(1, 4)).rstrip('.')} {eq}\n{body}")
    if ctx.chance(0.4):
        blocks.append("== References ==\n{{Reflist}}" if ctx.chance(0.5) else "== References ==\n<references />")
    blocks.append("\n".join(f"[[Category:{ctx.en.word().capitalize()} {ctx.pick(('people', 'software', 'villages', 'albums', 'stubs'))}]]" for _ in range(ctx.rng.randint(1, 3))))
    return "\n\n".join(blocks)


def _wiki_template_src(ctx: Ctx) -> str:
    """A template page: parameters, parser functions, noinclude documentation, TemplateData."""
    p1, p2 = _word(ctx), _word(ctx)
    body = _fill(ctx.pick((
        "<div class=\"<<a>>-box\" style=\"border:1px solid #a2a9b1; padding:0.5em; background:#f8f9fa;\">'''{{{<<a>>|{{PAGENAME}}}}}''' – {{{<<b>>|}}}</div>",
        "{{#if: {{{<<a>>|}}} | ''{{{<<a>>}}}'' | {{PAGENAME}} }}{{#switch: {{{<<b>>|}}} | a = Alpha | b = Beta | #default = <<w>> }}",
        "{{#invoke:<<m>>|main|<<a>>={{{<<a>>|}}}}}",
        "{{<<m>>|{{{<<a>>|}}}|<<b>>={{{<<b>>|}}}}}<includeonly>[[Category:<<m>>]]</includeonly>",
        "{{#ifeq: {{NAMESPACE}} | {{ns:0}} | [[Category:<<m>> articles]] }}{{{<<a>>|<span style=\"color:#72777d\">n/a</span>}}}",
    )), a=p1, b=p2, w=ctx.en.word(), m=_pascal(ctx))
    data = {"description": v.sentence(ctx), "params": {p1: {"label": p1.capitalize(), "type": "string", "required": ctx.chance(0.5)}, p2: {"type": ctx.pick(("line", "wiki-page-name", "url"))}}}
    return f"{body}<noinclude>\n{{{{Documentation}}}}\n<templatedata>\n{json.dumps(data, ensure_ascii=False, indent=1)}\n</templatedata>\n</noinclude>"


def _lua_module(ctx: Ctx) -> str:
    a, b = _word(ctx), _word(ctx)
    return (f"local p = {{}}\nlocal getArgs = require('Module:Arguments').getArgs\n\nfunction p.main(frame)\n  local args = getArgs(frame)\n"
            f"  local {a} = args[1] or args.{a} or ''\n  if {a} == '' then\n    return '<span class=\"error\">{v.sentence(ctx).replace(chr(39), '')}</span>'\n  end\n"
            f"  return string.format('[[%s|%s]]', {a}, mw.text.trim(args.{b} or {a}))\nend\n\nreturn p")


def _wiki_search(ctx: Ctx) -> str:
    t = ctx.pick(("Infobox person", "Cite web", "Citation needed", "Coord", "Reflist"))
    return ctx.pick((v.search_terms(ctx), f"hastemplate:\"{t}\" {ctx.en.word()}", f"insource:\"{{{{{t}\" intitle:{ctx.en.word()}",
                     f"insource:/\\[\\[File:[^|]*\\.svg/", f"incategory:\"{ctx.en.word().capitalize()} people\" -{ctx.en.word()}", f"\"{ctx.fake.last_name()}'s\" prefix:Help:"))


@template("train", ("/wikifarm/",), weight=1.3)
def wiki_transclusions(ctx: Ctx) -> Request:
    """Wiki farm: action-API edits (form), REST page PUTs (JSON), wikitext parse previews, Lua/template pages, search with insource: queries, page reads."""
    kind = ctx.pick(("edit", "rest", "preview", "module", "read"))
    title = _wiki_title(ctx)
    if kind == "edit":  # action=edit from the wikitext editor or a bot
        pairs: list[tuple[str, Any]] = [("action", "edit"), ("format", "json"), ("formatversion", "2"), ("title", title)]
        if ctx.chance(0.3):
            pairs += [("section", ctx.pick(("new", str(ctx.rng.randint(1, 6))))), ("sectiontitle", v.short_text(ctx)), ("text", v.prose(ctx, 1, 3) + " ~~~~")]
        else:
            pairs.append(("text", _wikitext(ctx, title.split(":")[-1])))
        pairs += [("summary", ctx.pick((v.short_text(ctx), "/* References */ fix cite", "rv vandalism", "+{{Infobox}}, copyedit", "Undid revision " + str(rid(ctx)))))]
        pairs += [("baserevid", str(rid(ctx))), ("minor", ctx.pick(("1", "0"))), ("token", v.hex_token(ctx, 40) + "+\\")]
        profile = ctx.pick(("xhr", "sdk"))
        headers = site_headers(ctx, "xhr", "application/x-www-form-urlencoded; charset=UTF-8") if profile == "xhr" else headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", cookies=True)
        return req("POST", "/wikifarm/w/api.php", headers, body=form(ctx, pairs, fixed=("action", "format", "formatversion", "token")))
    if kind == "rest":  # the REST API (OAuth 2 bearer tokens)
        if ctx.chance(0.15):
            return preflight(ctx, f"/wikifarm/w/rest.php/v1/page/{rid(ctx)}", ("PUT", "POST"), ("authorization,content-type", "content-type"))
        body: dict[str, Any] = {"source": j(ctx, "source", _wikitext(ctx, title.split(":")[-1])), "comment": j(ctx, "comment", v.short_text(ctx)), "content_model": "wikitext"}
        if ctx.chance(0.6):
            body["latest"] = {"id": rid(ctx)}
            path = f"/wikifarm/w/rest.php/v1/page/{seg(ctx, 'title', title.replace(' ', '_'))}"
            return req("PUT", path, headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
        body["title"] = j(ctx, "title", title)
        return req("POST", "/wikifarm/w/rest.php/v1/page", headers_for(ctx, "sdk", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "preview":  # the editor's live preview: action=parse on unsaved wikitext
        text = ctx.pick((_wikitext(ctx, title), _wiki_template_src(ctx), "{{" + title.split(":")[-1] + "|" + _word(ctx) + "=" + v.sentence(ctx) + "}}"))
        pairs = [("action", "parse"), ("format", "json"), ("contentmodel", "wikitext"), ("title", title), ("text", text), ("pst", "1"),
                 ("prop", ctx.pick(("text|modules|jsconfigvars", "text|categories|templates"))), ("disablelimitreport", "1"), ("preview", "true")]
        return req("POST", "/wikifarm/w/api.php", site_headers(ctx, "xhr", "application/x-www-form-urlencoded; charset=UTF-8"),
                   body=form(ctx, pairs, fixed=("action", "format", "contentmodel", "pst", "prop", "disablelimitreport", "preview")))
    if kind == "module":  # templates and Lua modules are pages too
        is_lua = ctx.chance(0.5)
        name = ("Module:" if is_lua else "Template:") + _pascal(ctx) + ctx.pick(("", "", "/doc", "/sandbox"))
        body = {"source": j(ctx, "source", _lua_module(ctx) if is_lua else _wiki_template_src(ctx)), "comment": j(ctx, "comment", ctx.pick(("sync from sandbox", v.short_text(ctx), "TemplateData"))),
                "content_model": "Scribunto" if is_lua else "wikitext", "latest": {"id": rid(ctx)}}
        return req("PUT", f"/wikifarm/w/rest.php/v1/page/{seg(ctx, 'title', name)}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt", extra=_etag(ctx) if ctx.chance(0.3) else ()),
                   body=dumps(ctx, body))
    r = ctx.rng.random()
    if r < 0.4:
        pairs = [("action", "query"), ("list", "search"), ("srsearch", _wiki_search(ctx)), ("srwhat", ctx.pick(("text", "title"))), ("srlimit", ctx.pick(("20", "50"))), ("format", "json")]
        return req("GET", "/wikifarm/w/api.php", headers_for(ctx, ctx.pick(("xhr", "sdk"))), qs(ctx, pairs, fixed=("action", "list", "format", "srlimit")))
    if r < 0.75:
        q = qs(ctx, [("action", "raw"), ("templates", "expand")], fixed=("action", "templates")) if ctx.chance(0.3) else ""
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/wikifarm/wiki/{seg(ctx, 'title', title.replace(' ', '_'))}", headers_for(ctx, "nav", referer=ctx.pick((None, "https://www.google.com/"))), q)
    return req("GET", f"/wikifarm/w/rest.php/v1/page/{seg(ctx, 'title', title.replace(' ', '_'))}/{ctx.pick(('html', 'history', 'links/media', 'with_html'))}",
               headers_for(ctx, ctx.pick(("sdk", "xhr"))), qs(ctx, [("redirect", ctx.pick(("no", "yes")))], fixed=("redirect",)) if ctx.chance(0.3) else "")


# --------------------------------------------------------------------------
# Team chat: markdown messages, mentions, slash commands, webhooks
# --------------------------------------------------------------------------

_SLASH = ("/remind", "/poll", "/giphy", "/jira", "/github", "/shrug", "/away", "/deploy", "/standup", "/lunch", "/oncall", "/echo", "/code")


def _chat_message(ctx: Ctx) -> str:
    """A chat message: markdown, @mentions, ~channels, emoji shortcodes, code and pasted logs."""
    mention = ctx.pick(("@here", "@channel", "@all", f"@{ctx.en.user_name()}", f"@{ctx.fake.first_name().lower()}"))
    r = ctx.rng.random()
    if r < 0.25:
        return f"{mention} {v.prose(ctx, 1, 2, trap_rate=0.4)} {ctx.pick((':tada:', ':+1:', ':eyes:', ':white_check_mark:', ':fire:', ''))}".strip()
    if r < 0.4:
        lang, code = _code(ctx)
        return f"{ctx.pick(('anyone seen this?', 'getting this after the upgrade:', 'fyi', mention + ' can you take a look'))}\n```{lang}\n{code}\n```"
    if r < 0.52:
        return f"{mention} prod is throwing this since {ctx.rng.randint(1, 12)}:{ctx.rng.randint(0, 59):02d} :rotating_light:\n```\n{_stack_trace(ctx)}\n```"
    if r < 0.62:
        return f"> {v.sentence(ctx)}\n\n{v.prose(ctx, 1, 2)} ~{ctx.pick(('town-square', 'dev', 'ops', 'random', 'frontend'))}"
    if r < 0.72:
        return f"**{v.short_text(ctx)}**\n- [x] {ctx.en.sentence(nb_words=4)}\n- [ ] {ctx.en.sentence(nb_words=5)}\n- [ ] `{_shell(ctx).splitlines()[0]}`"
    if r < 0.8:
        return f"{_event_prose(ctx)} `{ctx.pick(('<img>', '<iframe>', 'innerHTML', 'v-html', 'dangerouslySetInnerHTML'))}` is involved iirc"
    if r < 0.86:
        return f"| Env | Status |\n|---|---|\n| staging | :white_check_mark: |\n| prod | :x: {v.sentence(ctx)} |"
    if r < 0.93:
        return f"{v.prose(ctx, 1, 2)} see {ctx.en.url()}{ctx.en.uri_path()} and [the runbook]({ctx.en.url()}wiki/{_word(ctx)}#{_word(ctx)})"
    return v.markdown_post(ctx, code_rate=0.5)


def _slash_command(ctx: Ctx) -> str:
    cmd = ctx.pick(_SLASH)
    when = ctx.pick(("in 20 minutes", "at 3pm", "tomorrow at 9:00", "every Monday at 10am", "on Friday"))
    args = {
        "/remind": f"{ctx.pick(('me', '@' + ctx.en.user_name(), '~dev'))} \"{v.sentence(ctx)}\" {when}",
        "/poll": f"\"{v.short_text(ctx)}?\" \"{ctx.en.word()}\" \"{ctx.en.word()}\" \"{ctx.pick(('pizza', 'sushi', 'tacos', 'both!'))}\" --anonymous",
        "/giphy": ctx.pick(("this is fine", "ship it", "friday", ctx.en.word())),
        "/jira": f"create {ctx.pick(('BUG', 'OPS', 'WEB'))} \"{v.short_text(ctx)}\"",
        "/github": f"subscribe {ctx.en.user_name()}/{_word(ctx)} issues,pulls,commits:'main'",
        "/shrug": v.sentence(ctx),
        "/away": ctx.pick(("lunch 🍜", "dentist -- back at 2", "OOO until Monday")),
        "/deploy": f"{ctx.pick(('api', 'web', 'worker'))} --env={ctx.pick(('staging', 'prod'))} --ref={ctx.pick(('main', 'v' + str(ctx.rng.randint(1, 9)) + '.' + str(ctx.rng.randint(0, 30)), 'hotfix/' + _word(ctx)))}",
        "/standup": f"y: {ctx.en.sentence(nb_words=5)} t: {ctx.en.sentence(nb_words=5)} b: {ctx.pick(('none', 'waiting on ' + ctx.en.user_name()))}",
        "/lunch": f"vote {ctx.en.word()}|{ctx.en.word()}|{ctx.en.word()}",
        "/oncall": ctx.pick(("who", "swap @" + ctx.en.user_name() + " next week", "page sre \"" + v.sentence(ctx) + "\"")),
        "/echo": f"\"{v.sentence(ctx)}\" {ctx.rng.randint(1, 5)}",
        "/code": _sql(ctx).splitlines()[0],
    }
    return f"{cmd} {args[cmd]}"


@template("train", ("/huddle/",), weight=1.3)
def team_chat_markdown(ctx: Ctx) -> Request:
    """Team chat (Mattermost-style v4 API): markdown posts, slash commands (JSON and the bot's form callback), edits and reactions, search, incoming webhooks."""
    kind = ctx.pick(("post", "post", "command", "edit", "search", "hook"))
    channel, team = v.alnum_token(ctx, 26).lower(), v.alnum_token(ctx, 26).lower()
    if kind == "post":
        body: dict[str, Any] = {"channel_id": channel, "message": j(ctx, "message", _chat_message(ctx)), "root_id": ctx.pick(("", v.alnum_token(ctx, 26).lower())),
                                "pending_post_id": f"{v.alnum_token(ctx, 26).lower()}:{ctx.rng.randrange(1_700_000_000_000, 1_760_000_000_000)}", "file_ids": [], "props": {}}
        if ctx.chance(0.2):
            body["props"] = {"disable_group_highlight": ctx.chance(0.5), "attachments": []}
        return req("POST", "/huddle/api/v4/posts", headers_for(ctx, ctx.pick(("xhr", "xhr", "mobile")), content_type="application/json", auth="jwt" if ctx.chance(0.5) else None,
                                                               cookies=True), body=dumps(ctx, body))
    if kind == "command":
        command = _slash_command(ctx)
        if ctx.chance(0.6):  # the client asks the server to run it
            body = {"channel_id": channel, "team_id": team, "command": j(ctx, "command", command), "root_id": "", "parent_id": ""}
            return req("POST", "/huddle/api/v4/commands/execute", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        name, _, text = command.partition(" ")  # the server calls the integration with a Slack-compatible form
        pairs = [("channel_id", channel), ("channel_name", ctx.pick(("town-square", "dev", "ops", _word(ctx)))), ("command", name), ("text", text), ("team_domain", _word(ctx)),
                 ("user_name", ctx.en.user_name()), ("response_url", f"https://chat.{ctx.en.domain_name()}/hooks/commands/{v.alnum_token(ctx, 26).lower()}"),
                 ("token", v.alnum_token(ctx, 26).lower()), ("trigger_id", v.b64url(ctx.rng.randbytes(30)))]
        return req("POST", f"/huddle/integrations/{seg(ctx, 'integration', ctx.pick(('jira', 'poll', 'remind', 'deploybot', _word(ctx))))}/slash",
                   headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", accept="application/json"), body=form(ctx, pairs, fixed=("token", "trigger_id", "command")))
    if kind == "edit":
        post_id = v.alnum_token(ctx, 26).lower()
        r = ctx.rng.random()
        if r < 0.55:
            return req("PUT", f"/huddle/api/v4/posts/{seg(ctx, 'post', post_id)}/patch", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
                       body=dumps(ctx, {"message": j(ctx, "message", _chat_message(ctx)), "has_reactions": ctx.chance(0.3)}))
        if r < 0.8:
            body = {"user_id": v.alnum_token(ctx, 26).lower(), "post_id": v.alnum_token(ctx, 26).lower(), "emoji_name": j(ctx, "emoji_name", ctx.pick(("+1", "tada", "eyes", "heart", "white_check_mark", "100", "pray"))),
                    "create_at": 0}
            return req("POST", "/huddle/api/v4/reactions", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        return req("DELETE", f"/huddle/api/v4/posts/{seg(ctx, 'post', post_id)}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    if kind == "search":
        if ctx.chance(0.6):
            terms = ctx.pick((v.search_terms(ctx), f"from:{ctx.en.user_name()} in:{ctx.pick(('dev', 'ops'))} \"{ctx.pick(('error 500', 'OOMKilled', 'SELECT', 'onclick', '{{ user'))}\"",
                              f"#{_word(ctx)} before:{v.iso_date(ctx)}", f"\"{_stack_trace(ctx).splitlines()[0][:60]}\"", f"on:{v.iso_date(ctx)} -{ctx.en.word()}"))
            body = {"terms": j(ctx, "terms", terms), "is_or_search": ctx.chance(0.2), "time_zone_offset": ctx.pick((0, 3600, -18000, 19800)), "include_deleted_channels": False,
                    "page": 0, "per_page": ctx.pick((20, 60))}
            return req("POST", f"/huddle/api/v4/teams/{team}/posts/search", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        pairs = [("in_channel", channel), ("name", ctx.pick((ctx.fake.first_name()[:3].lower(), ctx.en.user_name()[:4], "o'"))), ("limit", "25")]
        return req("GET", "/huddle/api/v4/users/autocomplete", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs, fixed=("in_channel", "limit")))
    # an incoming webhook from CI, monitoring or a deploy bot
    status = ctx.pick(("good", "warning", "danger", "#439FE0"))
    attachment = {"fallback": j(ctx, "attachments[0].fallback", v.short_text(ctx)), "color": status, "pretext": j(ctx, "attachments[0].pretext", ctx.pick(("Build finished", "Alert firing", v.sentence(ctx)))),
                  "title": j(ctx, "attachments[0].title", f"{_word(ctx)}#{ctx.rng.randint(100, 9999)} {ctx.pick(('passed', 'failed', 'deployed'))}"),
                  "title_link": f"https://ci.{ctx.en.domain_name()}/{_word(ctx)}/builds/{rid(ctx)}",
                  "text": j(ctx, "attachments[0].text", ctx.pick((f"```\n{_stack_trace(ctx)}\n```", f"`{_shell(ctx).splitlines()[0]}` exited with code {ctx.rng.randint(1, 137)}", v.markdown_post(ctx, 0.3)))),
                  "fields": [{"title": "Branch", "value": j(ctx, "attachments[0].fields[0].value", ctx.pick(("main", "feat/" + _word(ctx), "release/2.4"))), "short": True},
                             {"title": "Commit", "value": v.hex_token(ctx, 8), "short": True}]}
    body = {"text": j(ctx, "text", ctx.pick(("", f"#### {v.short_text(ctx)}", _chat_message(ctx)))), "username": j(ctx, "username", ctx.pick(("ci-bot", "Grafana", "deploy-bot", ctx.en.user_name()))),
            "icon_url": f"https://{ctx.en.domain_name()}/avatar/{v.hex_token(ctx, 12)}.png", "attachments": [attachment]}
    return req("POST", f"/huddle/hooks/{v.alnum_token(ctx, 26).lower()}", headers_for(ctx, "sdk", content_type="application/json"), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# MDX blog engine: front matter, imports, JSX components, code fences
# --------------------------------------------------------------------------

_COMPONENTS = ("Callout", "Tabs", "Tab", "YouTube", "Tweet", "CodeSandbox", "Figure", "Steps", "Badge", "Aside", "Kbd")


def _front_matter(ctx: Ctx, title: str) -> str:
    tags = ", ".join(f'"{ctx.en.word()}"' for _ in range(ctx.rng.randint(1, 4)))
    lines = ["---", f"title: \"{title.replace(chr(34), chr(39))}\"", f"date: {v.iso_date(ctx)}", f"description: >-\n  {v.sentence(ctx)}", f"tags: [{tags}]",
             f"draft: {ctx.pick(('true', 'false'))}"]
    if ctx.chance(0.5):
        lines.append(f"cover:\n  src: ./images/{_word(ctx)}.{ctx.pick(('png', 'jpg', 'webp'))}\n  alt: \"{ctx.en.sentence(nb_words=4).rstrip('.')}\"")
    if ctx.chance(0.3):
        lines.append(f"authors:\n  - {ctx.en.user_name()}\n  - {ctx.en.user_name()}")
    if ctx.chance(0.2):
        lines.append(f"canonical: {ctx.en.url()}{ctx.en.uri_path()}")
    return "\n".join(lines + ["---"])


def _jsx_block(ctx: Ctx) -> str:
    comp = ctx.pick(_COMPONENTS)
    if comp == "YouTube":
        return f'<YouTube id="{_yt_id(ctx)}" title="{ctx.en.sentence(nb_words=4).rstrip(".")}" />'
    if comp == "Tweet":
        return f'<Tweet id="{ctx.rng.randrange(10**18, 10**19)}" />'
    if comp == "CodeSandbox":
        return f'<CodeSandbox id="{v.alnum_token(ctx, 5).lower()}" file="/src/App.js" height={{500}} />'
    if comp in ("Tabs", "Tab"):
        a, b = _code(ctx), _code(ctx)
        return (f'<Tabs items={{["{a[0]}", "{b[0]}"]}}>\n  <Tab>\n\n```{a[0]}\n{a[1]}\n```\n\n  </Tab>\n  <Tab>\n\n```{b[0]}\n{b[1]}\n```\n\n  </Tab>\n</Tabs>')
    if comp == "Figure":
        return f'<Figure src="/images/{_word(ctx)}.png" caption="{ctx.en.sentence(nb_words=5).rstrip(".")}" width={{{ctx.rng.randint(300, 900)}}} />'
    if comp == "Kbd":
        return f"Hit <Kbd>⌘</Kbd> + <Kbd>{ctx.pick(('K', 'P', 'Enter'))}</Kbd> to {ctx.en.sentence(nb_words=4).rstrip('.').lower()}."
    kind = ctx.pick(("info", "warning", "danger", "tip"))
    return f'<{comp} type="{kind}" title="{ctx.en.word().capitalize()}">\n  {v.prose(ctx, 1, 2, trap_rate=0.3)} {ctx.pick(("", "Use `{props.children}` here.", _event_prose(ctx)))}\n</{comp}>'


def _mdx_body(ctx: Ctx) -> str:
    blocks: list[str] = []
    if ctx.chance(0.6):
        comps = ctx.rng.sample(_COMPONENTS[:6], ctx.rng.randint(1, 3))
        blocks.append(f"import {{ {', '.join(comps)} }} from '{ctx.pick(('@/components/mdx', '../components', '~/components/blog'))}'")
    if ctx.chance(0.2):
        blocks.append(f"export const meta = {{ readingTime: {ctx.rng.randint(2, 20)}, series: '{ctx.en.word()}' }}")
    blocks.append(v.prose(ctx, 1, 3, trap_rate=0.3))
    for _ in range(ctx.rng.randint(1, 4) if ctx.chance(0.75) else ctx.rng.randint(5, 9)):  # notes and long-form posts
        r = ctx.rng.random()
        if r < 0.3:
            lang, code = _code(ctx)
            meta = ctx.pick(("", f' title="{ctx.pick(("src/", "app/", ""))}{_word(ctx)}.{ctx.pick(("js", "ts", "py", "sql"))}"', " {2-4}", " showLineNumbers", ' title="terminal"'))
            blocks.append(f"```{lang}{meta}\n{code}\n```")
        elif r < 0.55:
            blocks.append(_jsx_block(ctx))
        elif r < 0.65:
            blocks.append(_html(ctx))
        elif r < 0.75:
            blocks.append(f"## {v.short_text(ctx)}\n\n{v.prose(ctx, 1, 3)}")
        elif r < 0.82:
            blocks.append(f"> **Note:** {_event_prose(ctx)}")
        elif r < 0.9:
            blocks.append(f"Inline code like `{_template_code(ctx).splitlines()[0]}` or `{{props.{_word(ctx)}}}` renders as is.")
        else:
            blocks.append("| Option | Default |\n| --- | --- |\n" + "\n".join(f"| `{_camel(ctx)}` | `{ctx.pick(('true', 'null', '0', repr(ctx.en.word())))}` |" for _ in range(ctx.rng.randint(1, 4))))
    return "\n\n".join(blocks)


def _post_title(ctx: Ctx) -> str:
    return ctx.pick((short_title(ctx, ("part 2", "2025 edition", "deep dive", "TIL")), f"How I {ctx.en.sentence(nb_words=4).rstrip('.').lower()}",
                     f"Why `{_camel(ctx)}()` returns undefined", f"{ctx.pick(('React', 'Next.js', 'Astro', 'Postgres', 'Rust'))}: {v.short_text(ctx)}"))


@template("train", ("/mdxpress/",), weight=1.3)
def mdx_blog_engine(ctx: Ctx) -> Request:
    """MDX blog engine: JSON post saves (front matter + MDX), raw .mdx commits, compile previews, GraphQL (POST and GET), listing/deletes/preflights."""
    kind = ctx.pick(("save", "raw", "preview", "graphql", "list"))
    slug = v.slug(ctx)
    if kind == "save":
        title = _post_title(ctx)
        fm = {"title": j(ctx, "title", title), "description": j(ctx, "description", v.sentence(ctx)), "date": v.iso_date(ctx), "draft": ctx.chance(0.5),
              "tags": [j(ctx, f"tags[{i}]", ctx.en.word()) for i in range(ctx.rng.randint(0, 3))], "series": j(ctx, "series", ctx.pick(("", short_title(ctx, ("part 1", "basics"))))),
              "cover": {"src": f"./images/{_word(ctx)}.webp", "alt": j(ctx, "cover.alt", ctx.en.sentence(nb_words=5).rstrip("."))}}
        body = {"frontmatter": fm, "body": j(ctx, "body", _mdx_body(ctx)), "format": "mdx"}
        method = ctx.pick(("PUT", "PUT", "PATCH"))  # PATCH: the autosave of an open draft
        return req(method, f"/mdxpress/api/posts/{seg(ctx, 'slug', slug)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "raw":  # a git-backed CMS commits the whole file
        parts = _slot_one(ctx, "multipart", "file", [_front_matter(ctx, _post_title(ctx)), _mdx_body(ctx)])
        extra = (("X-Commit-Message", header_slot(ctx, "X-Commit-Message", ctx.pick((f"Update {slug}.mdx", f"docs: {ctx.en.sentence(nb_words=4).rstrip('.')}", "fix typo")))),) + _etag(ctx)
        return req("PUT", f"/mdxpress/api/content/posts/{seg(ctx, 'file', slug + '.mdx')}", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/markdown; charset=utf-8", auth="jwt", extra=extra),
                   body="\n\n".join(parts) + "\n")
    if kind == "preview":
        body = {"source": j(ctx, "source", _front_matter(ctx, _post_title(ctx)) + "\n\n" + _mdx_body(ctx) if ctx.chance(0.4) else _mdx_body(ctx)),
                "options": {"remarkPlugins": ctx.rng.sample(["remark-gfm", "remark-math", "remark-frontmatter", "remark-mdx-frontmatter"], 2),
                            "rehypePlugins": ctx.rng.sample(["rehype-slug", "rehype-pretty-code", "rehype-katex", "rehype-autolink-headings"], ctx.rng.randint(0, 2)), "development": False}}
        body["filename"] = j(ctx, "filename", f"{ctx.pick(('posts', 'drafts', 'notes'))}/{v.slug(ctx)}.mdx")
        return req("POST", "/mdxpress/api/preview", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    query = ("query Post($relativePath: String!) { post(relativePath: $relativePath) { title date tags body _sys { filename } } }")
    if kind == "graphql":
        if ctx.chance(0.5):
            variables = {"relativePath": j(ctx, "relativePath", f"{slug}.mdx")}
            return req("POST", "/mdxpress/graphql", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, {"query": query, "variables": variables}))
        list_q = "query Posts($tag: String, $q: String) { postConnection(filter: { tags: { in: [$tag] } }, search: $q, sort: \"date\", last: 10) { edges { node { title date } } } }"
        variables_txt = json.dumps({"tag": ctx.slot("json_query", "tag", ctx.en.word()), "q": ctx.slot("json_query", "q", ctx.pick((v.search_terms(ctx), "<Callout", "useEffect", "{{")))},
                                   ensure_ascii=ctx.json_ascii, separators=(",", ":"))
        q = "&".join(f"{k}={ctx.qenc(val)}" for k, val in (("query", list_q), ("variables", variables_txt)))
        return req("GET", "/mdxpress/graphql", headers_for(ctx, ctx.pick(("xhr", "nav")), accept="application/json"), q)
    r = ctx.rng.random()
    if r < 0.5:
        pairs = [("tag", ctx.pick(("", ctx.en.word(), "react", "c++"))), ("q", ctx.pick(("", v.search_terms(ctx), "```js", "<YouTube"))), ("author", ctx.pick(("", ctx.en.user_name()))),
                 ("series", ctx.pick(("", ctx.en.word()))), ("sort", ctx.pick(("-date", "title", "-updated"))),
                 ("draft", ctx.pick(("false", "true", "all"))), ("page", str(ctx.rng.randint(1, 9)))]
        return req("GET", "/mdxpress/api/posts", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs, fixed=("sort", "draft")))
    if r < 0.8:
        return req("DELETE", f"/mdxpress/api/posts/{seg(ctx, 'slug', slug)}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, f"/mdxpress/api/posts/{slug}", ("PUT", "PATCH", "DELETE"), ("authorization,content-type", "content-type,x-commit-message"))


# --------------------------------------------------------------------------
# HTML e-mail template editor: table layouts with inline styles, MJML, merge tags
# --------------------------------------------------------------------------

_MERGE = ("{{first_name}}", "{{ first_name | default: 'there' }}", "*|FNAME|*", "%%FirstName%%", "{{contact.firstname}}", "[First Name,fallback=friend]", "{$name}", "{{{company}}}")


def _mail_link(ctx: Ctx) -> str:
    return f"https://{ctx.en.domain_name()}/{ctx.en.uri_path()}?utm_source={ctx.pick(('newsletter', 'email'))}&amp;utm_medium=email&amp;utm_campaign={_word(ctx)}-{ctx.rng.randint(1, 52)}"


def _email_row(ctx: Ctx) -> str:
    color = v.hex_token(ctx, 6)
    r = ctx.rng.random()
    if r < 0.3:
        return (f'<tr>\n  <td style="padding:24px 32px; font-family:Helvetica, Arial, sans-serif; font-size:16px; line-height:24px; color:#{color};">\n'
                f"    <p style=\"margin:0 0 16px;\">Hi {ctx.pick(_MERGE)},</p>\n    <p style=\"margin:0;\">{enc_xml(v.prose(ctx, 1, 3, trap_rate=0.3))}</p>\n  </td>\n</tr>")
    if r < 0.5:
        return (f'<tr>\n  <td align="center" style="padding:0;">\n    <img src="https://{ctx.pick(("cdn.", "img."))}{ctx.en.domain_name()}/email/{v.hex_token(ctx, 8)}.{ctx.pick(("png", "jpg", "gif"))}" '
                f'width="600" alt="{enc_xml(ctx.en.sentence(nb_words=4).rstrip("."))}" style="display:block; width:100%; max-width:600px; height:auto; border:0;">\n  </td>\n</tr>')
    if r < 0.7:
        href = _mail_link(ctx)
        return (f'<tr>\n  <td align="center" style="padding:16px;">\n    <!--[if mso]>\n    <v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href="{href}" style="height:44px;v-text-anchor:middle;width:220px;" arcsize="10%" fillcolor="#{color}">\n'
                f'    <center style="color:#ffffff;font-family:Arial;font-size:16px;">{enc_xml(ctx.en.word().capitalize())}</center></v:roundrect>\n    <![endif]-->\n'
                f'    <!--[if !mso]><!--><a href="{href}" style="background:#{color}; color:#ffffff; padding:12px 24px; border-radius:6px; text-decoration:none; display:inline-block;">{enc_xml(ctx.pick(("Shop now", "Read more", "Confirm", ctx.en.word().capitalize())))} &rarr;</a><!--<![endif]-->\n  </td>\n</tr>')
    if r < 0.85:
        items = (f'<tr><td style="padding:4px 0;">{{{{{ctx.pick(("item.title", "this.name", "line.product"))}}}}}</td>'
                 f'<td align="right" style="padding:4px 0;">{{{{{ctx.pick(("item.price", "this.total"))}}}}}</td></tr>')
        return f'<tr>\n  <td style="padding:16px 32px;">\n    <table role="presentation" width="100%" cellpadding="0" cellspacing="0">\n    {{{{#each items}}}}{items}{{{{/each}}}}\n    </table>\n  </td>\n</tr>'
    return (f'<tr>\n  <td style="padding:24px; font-size:12px; color:#888888; text-align:center;">\n    {enc_xml(ctx.fake.company())} · {enc_xml(ctx.fake.street_address())}<br>\n'
            f'    <a href="{ctx.pick(("{{unsubscribe_url}}", "*|UNSUB|*", "%unsubscribe_link%", "{{{unsubscribe}}}"))}" style="color:#888888;">Unsubscribe</a> | <a href="{ctx.pick(("*|UPDATE_PROFILE|*", "{{preferences_url}}"))}" style="color:#888888;">Preferences</a>\n  </td>\n</tr>')


def _email_html(ctx: Ctx) -> str:
    style = "\n".join(_css(ctx) for _ in range(ctx.rng.randint(1, 3)))
    rows = "\n".join(_email_row(ctx) for _ in range(ctx.rng.randint(2, 6)))
    preheader = f'<div style="display:none; max-height:0; overflow:hidden;">{enc_xml(v.sentence(ctx))} &#847; &zwnj; &nbsp;</div>\n' if ctx.chance(0.6) else ""
    return (f'<!DOCTYPE html>\n<html lang="{ctx.locale[:2]}" xmlns:v="urn:schemas-microsoft-com:vml">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{{{{subject}}}}</title>\n<style>\n  body {{ margin:0; padding:0; }}\n  {style}\n</style>\n<!--[if mso]><style>table {{border-collapse:collapse;}}</style><![endif]-->\n</head>\n"
            f'<body style="margin:0; background-color:#f4f4f4;">\n{preheader}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f4f4">\n'
            f'<tr><td align="center">\n<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff; max-width:600px;">\n{rows}\n</table>\n</td></tr>\n</table>\n</body>\n</html>')


def _mjml(ctx: Ctx) -> str:
    secs = []
    for _ in range(ctx.rng.randint(1, 3)):
        r = ctx.rng.random()
        if r < 0.4:
            inner = f'<mj-text font-size="16px" line-height="1.5" color="#{v.hex_token(ctx, 6)}">Hi {ctx.pick(_MERGE)}, {enc_xml(v.prose(ctx, 1, 2, trap_rate=0.3))}</mj-text>'
        elif r < 0.6:
            inner = f'<mj-image src="https://cdn.{ctx.en.domain_name()}/{v.hex_token(ctx, 8)}.png" alt="{enc_xml(ctx.en.word())}" width="{ctx.pick((200, 300, 600))}px" />'
        elif r < 0.8:
            inner = f'<mj-button href="{_mail_link(ctx)}" background-color="#{v.hex_token(ctx, 6)}" border-radius="6px">{enc_xml(ctx.en.word().capitalize())}</mj-button>'
        else:
            inner = f'<mj-raw>{{% if customer.vip %}}</mj-raw>\n<mj-text>{enc_xml(v.sentence(ctx))}</mj-text>\n<mj-raw>{{% endif %}}</mj-raw>'
        secs.append(f'  <mj-section padding="{ctx.pick(("0", "20px 0", "10px 25px"))}">\n    <mj-column>\n      {inner}\n    </mj-column>\n  </mj-section>')
    return (f'<mjml>\n  <mj-head>\n    <mj-attributes><mj-all font-family="{ctx.pick(("Helvetica, Arial, sans-serif", "Inter, sans-serif", "Georgia, serif"))}" /></mj-attributes>\n'
            f'    <mj-style inline="inline">{_css(ctx)}</mj-style>\n    <mj-preview>{enc_xml(v.sentence(ctx))}</mj-preview>\n  </mj-head>\n'
            f'  <mj-body background-color="#f4f4f4" width="600px">\n' + "\n".join(secs) + "\n  </mj-body>\n</mjml>")


def _subject(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.pick(_MERGE)}, {v.short_text(ctx).lower()}", f"🎉 {v.short_text(ctx)}", f"Your order #{{{{order.number}}}} has shipped",
                     f"[{ctx.fake.company()}] {v.short_text(ctx)}", f"{{% if cart.items.size > 1 %}}Still thinking?{{% else %}}Forgot something?{{% endif %}}"))


@template("train", ("/mailcraft/",), weight=1.3)
def email_template_editor(ctx: Ctx) -> Request:
    """HTML e-mail template editor: template saves (HTML tables, inline styles, MSO conditionals, merge tags), MJML renders, test sends (form), HTML uploads, listing."""
    kind = ctx.pick(("save", "mjml", "test", "upload", "list"))
    tid = str(rid(ctx))
    if kind == "save":
        editor = ctx.pick(("code", "code", "mjml"))
        body: dict[str, Any] = {"name": j(ctx, "name", short_title(ctx, ("welcome", "promo", "receipt", "v3"))), "subject": j(ctx, "subject", _subject(ctx)),
                                "preheader": j(ctx, "preheader", v.sentence(ctx)), "editor": editor,
                                "html": j(ctx, "html", _email_html(ctx)) if editor == "code" else None, "mjml": j(ctx, "mjml", _mjml(ctx)) if editor == "mjml" else None,
                                "text": j(ctx, "text", v.merge_template(ctx)) if ctx.chance(0.4) else None, "folder_id": ctx.rng.randint(1, 40)}
        method = ctx.pick(("PUT", "PUT", "POST"))
        path = f"/mailcraft/api/templates/{tid}" if method == "PUT" else "/mailcraft/api/templates"
        return req(method, path, site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "mjml":
        if ctx.chance(0.15):
            return preflight(ctx, "/mailcraft/api/mjml/render", ("POST",), ("content-type", "authorization,content-type"))
        body = {"mjml": j(ctx, "mjml", _mjml(ctx)), "minify": ctx.chance(0.5), "validationLevel": ctx.pick(("soft", "strict", "skip")), "beautify": ctx.chance(0.3)}
        return req("POST", "/mailcraft/api/mjml/render", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth=ctx.pick(("jwt", "basic", "apikey"))), body=dumps(ctx, body))
    if kind == "test":  # "send a test" dialog: recipients and sample merge data
        pairs = [("_csrf", v.alnum_token(ctx, 36)), ("recipients", ", ".join(ctx.fake.email() for _ in range(ctx.rng.randint(1, 3)))), ("subject_override", ctx.pick(("", "[TEST] " + _subject(ctx)))),
                 ("merge[first_name]", ctx.fake.first_name()), ("merge[company]", ctx.pick((ctx.fake.company(), "Ben & Jerry's", "AT&T"))), ("merge[order.number]", str(ctx.rng.randint(1000, 99999))),
                 ("note", ctx.pick(("", "check the dark-mode <td> colours", v.sentence(ctx), "Outlook 2016 breaks the <!--[if mso]> button"))), ("send_plain_text", ctx.pick(("on", "off")))]
        return req("POST", f"/mailcraft/templates/{tid}/test-send", form_headers(ctx, f"/mailcraft/templates/{tid}/edit"), body=form(ctx, pairs, fixed=("_csrf", "send_plain_text")))
    if kind == "upload":
        fields = [("name", short_title(ctx, ("imported", "from Litmus", "legacy"))), ("folder", ctx.pick(("Transactional", "Newsletters", "Drafts", ctx.en.word().capitalize()))),
                  ("description", ctx.pick(("", v.sentence(ctx), "Exported from Mailchimp -- merge tags need converting (*|FNAME|* -> {{first_name}})"))),
                  ("tags", ", ".join(ctx.en.words(ctx.rng.randint(1, 3)))), ("inline_css", ctx.pick(("true", "false")))]
        name = f"{_word(ctx)}-{ctx.pick(('email', 'template', 'newsletter'))}.html"
        html = ctx.slot("multipart", "file", _email_html(ctx))
        ctype, body2 = multipart(ctx, fields, [("file", name, "text/html", html)])
        return req("POST", "/mailcraft/api/templates/import", form_headers(ctx, "/mailcraft/templates", ctype), body=body2)
    r = ctx.rng.random()
    if r < 0.6:
        pairs = [("search", ctx.pick(("", v.search_terms(ctx), "{{first_name}}", "unsubscribe", "<table"))), ("folder", ctx.pick(("all", "drafts", ctx.en.word()))),
                 ("sort", ctx.pick(("-updated_at", "name"))), ("page", str(ctx.rng.randint(1, 6)))]
        return req("GET", "/mailcraft/api/templates", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs, fixed=("sort",)))
    if r < 0.8:
        return req("GET", f"/mailcraft/api/templates/{seg(ctx, 'template', tid)}/preview", headers_for(ctx, "nav", accept="text/html"),
                   qs(ctx, [("contact_id", str(rid(ctx))), ("dark_mode", ctx.pick(("0", "1")))], fixed=("dark_mode",)))
    return req("DELETE", f"/mailcraft/api/templates/{seg(ctx, 'template', tid)}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Mail merge / form letters: placeholders, conditionals, loops, data sources
# --------------------------------------------------------------------------


_ENGINES = ("handlebars", "liquid", "mergefield")


def _letter(ctx: Ctx, engine: str | None = None) -> str:
    """A form letter in a template language (Handlebars, Liquid, Word merge fields): placeholders, conditionals, loops, filters."""
    engine = engine or ctx.pick(_ENGINES)
    city = ctx.fake.city()
    date = ctx.pick(("{{format_date today \"D MMMM YYYY\"}}", "{{ 'now' | date: '%d %B %Y' }}", "«Date»"))
    if engine == "handlebars":
        lines = [f"{ctx.fake.company()}\n{ctx.fake.street_address()}\n{city}", date, "Dear {{salutation}} {{last_name}},", v.prose(ctx, 1, 3, trap_rate=0.3),
                 ctx.pick(("{{#if balance_due}}Our records show an outstanding balance of {{currency balance_due}} as of {{statement_date}}.{{else}}Thank you -- your account is fully paid up.{{/if}}",
                           "{{#unless opted_in}}You can opt in at any time at {{portal_url}}.{{/unless}}",
                           "{{#each items}}\n  - {{this.description}}: {{this.amount}}{{#if @last}} (final){{/if}}\n{{/each}}")),
                 f"Yours {ctx.pick(('sincerely', 'faithfully', 'truly'))},\n{{{{sender.name}}}}\n{{{{sender.title}}}}"]
    elif engine == "liquid":
        lines = [date, "Dear {{ member.first_name | capitalize }},", v.prose(ctx, 1, 3, trap_rate=0.3),
                 ctx.pick(("{% if member.tier == 'gold' %}As a Gold member you get {{ discount }}% off.{% elsif member.tier == 'silver' %}Silver members save 10%.{% endif %}",
                           "{% for r in renewals %}{{ r.name }} renews on {{ r.date | date: '%b %d' }}{% unless forloop.last %}, {% endunless %}{% endfor %}",
                           "{% case language %}{% when 'de' %}Mit freundlichen Grüßen{% else %}Kind regards{% endcase %}")),
                 "{{ sender_name }}\n{{ company.address | newline_to_br }}"]
    else:
        lines = ["«Title» «FirstName» «LastName»\n«Address1»\n«City» «PostalCode»", date, "Dear «Title» «LastName»,", v.prose(ctx, 1, 3, trap_rate=0.3),
                 ctx.pick(("{ IF «Balance» > 0 \"Please remit «Balance» by «DueDate».\" \"No payment is due.\" }", "Your reference is ${customer.reference}.", "Ref: <<CaseNumber>> / [[AccountId]]")),
                 f"{ctx.pick(('Regards', 'Best wishes', 'Sincerely'))},\n{v.full_name(ctx)}"]
    if ctx.chance(0.3):
        lines.insert(-1, f"P.S. {v.sentence(ctx)}")
    return "\n\n".join(lines)


def _merge_fields(ctx: Ctx) -> list[str]:
    return ctx.rng.sample(["first_name", "last_name", "salutation", "balance_due", "statement_date", "member.tier", "items", "portal_url", "renewal_date", "company"], ctx.rng.randint(2, 5))


def _csv_row(values: list[str]) -> str:
    return ",".join('"' + x.replace('"', '""') + '"' if any(c in x for c in ',"\n') else x for x in values)


def _merge_csv(ctx: Ctx, slotted: bool) -> str:
    rows = ["salutation,first_name,last_name,email,city,balance_due,notes"]
    for i in range(ctx.rng.randint(2, 8)):
        first, last = v.person_name(ctx)
        note = ctx.pick(("", v.sentence(ctx), "Prefers post -- no e-mail!", "c/o " + ctx.fake.company(), "Balance < 0? check w/ finance"))
        if slotted and i == 0:
            note = str(ctx.slot("multipart", "rows[0].notes", note))
        rows.append(_csv_row([ctx.pick(("Mr", "Ms", "Mx", "Dr", "Prof.")), first, last, ctx.fake.email(), ctx.fake.city(), v.money(ctx, 0, 900), note]))
    return "\n".join(rows) + "\n"


def _docx_xml(ctx: Ctx) -> str:
    """A Word 2003 XML / WordprocessingML document with merge fields, as an add-in uploads it."""
    paras = []
    for i, text in enumerate(_letter(ctx).split("\n\n")[:6]):
        slotted = enc_xml(str(ctx.slot("xml", f"w:p[{i}]", text)))
        paras.append(f'    <w:p><w:pPr><w:spacing w:after="{ctx.pick((120, 200, 240))}"/></w:pPr><w:r><w:t xml:space="preserve">{slotted}</w:t></w:r></w:p>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\n  <w:body>\n'
            + "\n".join(paras) + '\n    <w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>\n  </w:body>\n</w:document>\n')


@template("train", ("/lettermerge/",), weight=1.2)
def form_letter_merge(ctx: Ctx) -> Request:
    """Mail-merge service: letter templates (Handlebars, Liquid, Word «fields»), CSV data sources, merge previews, WordprocessingML uploads, merge jobs."""
    kind = ctx.pick(("template", "datasource", "preview", "docx", "jobs"))
    if kind == "template":
        engine = ctx.pick(_ENGINES)
        body: dict[str, Any] = {"name": j(ctx, "name", short_title(ctx, ("reminder", "renewal", "final notice", "welcome"))), "engine": engine,
                                "body": j(ctx, "body", _letter(ctx, engine)), "fields": _merge_fields(ctx),
                                "page": {"size": ctx.pick(("A4", "Letter")), "margins_mm": [20, 20, 25, 20]}, "letterhead": ctx.chance(0.6)}
        if ctx.chance(0.4):
            return req("PUT", f"/lettermerge/api/templates/{seg(ctx, 'template', str(rid(ctx)))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        return req("POST", "/lettermerge/api/templates", site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "datasource":
        fields = [("name", ctx.pick((f"{ctx.fake.company()} -- {v.when(ctx):%B %Y}", "Members 2025", short_title(ctx, ("export", "final"))))), ("delimiter", ","), ("has_header", "true")]
        ctype, body2 = multipart(ctx, fields, [("file", f"{_word(ctx)}_{ctx.pick(('contacts', 'members', 'debtors'))}.csv", "text/csv", _merge_csv(ctx, True))])
        return req("POST", "/lettermerge/api/datasources", form_headers(ctx, "/lettermerge/datasources/new", ctype), body=body2)
    if kind == "preview":
        first, last = v.person_name(ctx)
        record = {"salutation": ctx.pick(("Mr", "Ms", "Dr")), "first_name": j(ctx, "data.first_name", first), "last_name": j(ctx, "data.last_name", last),
                  "balance_due": v.money(ctx, 0, 900), "member": {"tier": ctx.pick(("gold", "silver", "basic"))}, "items": [{"description": j(ctx, "data.items[0].description", v.short_text(ctx)), "amount": v.money(ctx)}]}
        body = {"template": j(ctx, "template", _letter(ctx)), "data": record, "locale": ctx.locale.replace("_", "-"), "strict": ctx.chance(0.3)}
        return req("POST", "/lettermerge/api/preview", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "docx":
        return req("POST", f"/lettermerge/api/templates/{seg(ctx, 'template', str(rid(ctx)))}/document", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="apikey"),
                   body=_docx_xml(ctx))
    r = ctx.rng.random()
    if r < 0.45:
        body = {"template_id": rid(ctx), "datasource_id": rid(ctx), "output": ctx.pick(("pdf", "docx", "email")), "filter": j(ctx, "filter", ctx.pick(("", "balance_due > 0", "city == 'Köln'", "{{#if opted_in}}"))),
                "email": {"subject": j(ctx, "email.subject", ctx.pick(("Your statement for {{month}}", "Renewal -- {{ member.first_name }}", v.short_text(ctx)))), "reply_to": ctx.fake.email()}}
        return req("POST", "/lettermerge/api/jobs", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if r < 0.8:
        pairs = [("status", ctx.pick(("queued", "running", "done", "failed"))), ("q", ctx.pick(("", v.search_terms(ctx), "«LastName»", "{{first_name}}"))), ("limit", "25")]
        return req("GET", "/lettermerge/api/jobs", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))), qs(ctx, pairs, fixed=("limit",)))
    return req("DELETE", f"/lettermerge/api/jobs/{seg(ctx, 'job', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Documentation site builder: reStructuredText, AsciiDoc, build configs
# --------------------------------------------------------------------------


def _rst(ctx: Ctx) -> str:
    title = v.short_text(ctx)
    blocks = [f"{title}\n{'=' * max(len(title), 3)}", f".. _{_word(ctx)}-{_word(ctx)}:\n\n{v.prose(ctx, 1, 3, trap_rate=0.3)} See :ref:`{_word(ctx)}` and :func:`{_word(ctx)}.{_camel(ctx)}`."]
    for _ in range(ctx.rng.randint(1, 3)):
        r = ctx.rng.random()
        if r < 0.35:
            lang, code = _code(ctx)
            blocks.append(f".. code-block:: {lang}\n   :caption: {_word(ctx)}.{ctx.pick(('py', 'sh', 'sql', 'js'))}\n\n" + "\n".join("   " + line for line in code.splitlines()))
        elif r < 0.5:
            blocks.append(f".. {ctx.pick(('note', 'warning', 'tip', 'versionadded:: 2.' + str(ctx.rng.randint(0, 9))))}::\n\n   {_event_prose(ctx) if ctx.chance(0.3) else v.sentence(ctx)}")
        elif r < 0.6:
            blocks.append(f".. toctree::\n   :maxdepth: 2\n   :caption: Contents\n\n   {_word(ctx)}\n   {_word(ctx)}/index\n   api/{_word(ctx)}")
        elif r < 0.7:
            blocks.append(f".. literalinclude:: ../src/{_word(ctx)}.py\n   :language: python\n   :lines: {ctx.rng.randint(1, 20)}-{ctx.rng.randint(21, 80)}\n   :emphasize-lines: 3")
        elif r < 0.8:
            blocks.append(f".. image:: /_static/{_word(ctx)}.png\n   :alt: {ctx.en.sentence(nb_words=4).rstrip('.')}\n   :width: {ctx.rng.randint(200, 800)}px")
        elif r < 0.9:
            blocks.append(f".. raw:: html\n\n   {_video_iframe(ctx)}")
        else:
            blocks.append(f"{v.short_text(ctx)}\n{'-' * 12}\n\n* ``{_shell(ctx).splitlines()[0]}``\n* :envvar:`{_word(ctx).upper()}_HOME` -- {v.sentence(ctx)}")
    return "\n\n".join(blocks)


def _adoc(ctx: Ctx) -> str:
    blocks = [f"= {v.short_text(ctx)}\n{v.full_name(ctx)} <{ctx.fake.email()}>\n:toc: left\n:icons: font\n:source-highlighter: rouge", v.prose(ctx, 1, 3, trap_rate=0.3)]
    for _ in range(ctx.rng.randint(1, 3)):
        r = ctx.rng.random()
        if r < 0.35:
            lang, code = _code(ctx)
            blocks.append(f"[source,{lang}]\n----\n{code}\n----")
        elif r < 0.5:
            blocks.append(f"{ctx.pick(('NOTE', 'TIP', 'WARNING', 'IMPORTANT', 'CAUTION'))}: {_event_prose(ctx) if ctx.chance(0.3) else v.sentence(ctx)}")
        elif r < 0.6:
            blocks.append(f"include::partials/{_word(ctx)}.adoc[leveloffset=+1]")
        elif r < 0.7:
            blocks.append(f"image::{_word(ctx)}.png[{ctx.en.word().capitalize()},{ctx.rng.randint(200, 800)}]  xref:{_word(ctx)}.adoc#{_word(ctx)}[{ctx.en.word()}]")
        elif r < 0.8:
            blocks.append(f"== {v.short_text(ctx)}\n\n{v.prose(ctx, 1, 2)} `{_template_code(ctx).splitlines()[0]}`")
        elif r < 0.9:
            blocks.append("[cols=\"1,3\",options=\"header\"]\n|===\n| Option | Description\n" + "\n".join(f"| `{_camel(ctx)}` | {v.sentence(ctx)}" for _ in range(ctx.rng.randint(1, 3))) + "\n|===")
        else:
            blocks.append(f"++++\n{_video_iframe(ctx)}\n++++")
    return "\n\n".join(blocks)


def _build_config(ctx: Ctx) -> str:
    """A docs build config as YAML: mkdocs.yml, .readthedocs.yaml or antora.yml."""
    r = ctx.rng.random()
    if r < 0.4:
        return (f"site_name: {ctx.fake.company()} Docs\nsite_url: https://docs.{ctx.en.domain_name()}/\nrepo_url: https://github.com/{ctx.en.user_name()}/{_word(ctx)}\ntheme:\n  name: material\n  palette:\n    primary: {ctx.pick(('indigo', 'teal', 'deep orange'))}\n"
                f"markdown_extensions:\n  - admonition\n  - pymdownx.superfences\n  - toc:\n      permalink: \"#\"\nnav:\n  - Home: index.md\n  - '{v.short_text(ctx)[:30]}': {_word(ctx)}.md\n")
    if r < 0.75:
        cmds = "\n".join(f"      - {_shell(ctx).splitlines()[0]}" for _ in range(ctx.rng.randint(1, 3)))
        return (f"version: 2\nbuild:\n  os: ubuntu-24.04\n  tools:\n    python: \"3.{ctx.rng.randint(10, 13)}\"\n  jobs:\n    pre_build:\n{cmds}\nsphinx:\n  configuration: docs/conf.py\n  fail_on_warning: {ctx.pick(('true', 'false'))}\n"
                "python:\n  install:\n    - requirements: docs/requirements.txt\n")
    return (f"name: {_word(ctx)}\ntitle: {v.short_text(ctx)[:40]}\nversion: '{ctx.rng.randint(1, 5)}.{ctx.rng.randint(0, 9)}'\nnav:\n- modules/ROOT/nav.adoc\nasciidoc:\n  attributes:\n"
            f"    product-name: {ctx.fake.company()}\n    url-repo: https://gitlab.com/{ctx.en.user_name()}/{_word(ctx)}\n")


def _doc_path(ctx: Ctx, ext: str) -> str:
    return f"{ctx.pick(('', 'guide/', 'reference/', 'tutorials/', 'api/', 'modules/ROOT/pages/'))}{_word(ctx)}{ctx.pick(('', '-' + _word(ctx)))}.{ext}"


@template("train", ("/docsmith/",), weight=1.2)
def docs_site_builder(ctx: Ctx) -> Request:
    """Docs builder: raw reST/AsciiDoc page PUTs with If-Match, JSON page commits, YAML build configs, search, multipart page uploads, build triggers."""
    kind = ctx.pick(("page", "commit", "config", "search", "upload"))
    name = ctx.pick((_word(ctx), f"{_word(ctx)}-{ctx.pick(('docs', 'sdk', 'cli'))}"))
    if kind == "page":
        fmt = ctx.pick(("rst", "adoc"))
        text = ctx.slot("multipart", "content", _rst(ctx) if fmt == "rst" else _adoc(ctx))
        ctype = "text/x-rst; charset=utf-8" if fmt == "rst" else ctx.pick(("text/asciidoc; charset=utf-8", "text/x-asciidoc"))
        return req("PUT", f"/docsmith/api/projects/{seg(ctx, 'project', name)}/pages/{seg(ctx, 'path', _doc_path(ctx, fmt))}", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type=ctype, auth="jwt", extra=_etag(ctx)),
                   body=text + "\n")
    if kind == "commit":
        fmt = ctx.pick(("rst", "asciidoc", "md"))
        content = _rst(ctx) if fmt == "rst" else _adoc(ctx) if fmt == "asciidoc" else v.markdown_post(ctx, 0.7)
        body: dict[str, Any] = {"path": j(ctx, "path", _doc_path(ctx, {"rst": "rst", "asciidoc": "adoc", "md": "md"}[fmt])), "format": fmt, "content": j(ctx, "content", content),
                                "message": j(ctx, "message", ctx.pick((f"docs: {ctx.en.sentence(nb_words=4).rstrip('.').lower()}", "Fix broken literalinclude", v.short_text(ctx)))),
                                "branch": ctx.pick(("main", "latest", f"docs/{_word(ctx)}"))}
        return req("POST", f"/docsmith/api/projects/{seg(ctx, 'project', name)}/pages", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "config":
        if ctx.chance(0.3):
            pairs = [("version", ctx.pick(("latest", "stable", "v2.1"))), ("clean", ctx.pick(("true", "false"))), ("reason", ctx.pick(("", "re-run after fixing conf.py", v.sentence(ctx))))]
            return req("POST", f"/docsmith/projects/{seg(ctx, 'project', name)}/builds", form_headers(ctx, "/docsmith/dashboard"), body=form(ctx, pairs, fixed=("clean",)))
        text = ctx.slot("multipart", "config", _build_config(ctx))
        return req("PUT", f"/docsmith/api/projects/{seg(ctx, 'project', name)}/config", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctx.pick(("application/yaml", "text/yaml")), auth="jwt", extra=_etag(ctx)),
                   body=text)
    if kind == "search":
        if ctx.chance(0.15):
            return preflight(ctx, f"/docsmith/api/projects/{rid(ctx)}/search", ("GET",), ("content-type", "x-docsmith-version"))
        q = ctx.pick((v.search_terms(ctx), ".. code-block::", "literalinclude", f"{_word(ctx)}.{_camel(ctx)}()", "include::", "<iframe", "{% raw %}", _stack_trace(ctx).splitlines()[-1][:50]))
        pairs = [("q", q), ("version", ctx.pick(("latest", "stable", "2.x"))), ("lang", ctx.locale[:2]), ("page", str(ctx.rng.randint(1, 4)))]
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/docsmith/api/projects/{seg(ctx, 'project', name)}/search", headers_for(ctx, ctx.pick(("xhr", "nav")), cookies=ctx.chance(0.5)), qs(ctx, pairs, fixed=("page",)))
    if ctx.chance(0.2):
        return req("DELETE", f"/docsmith/api/projects/{seg(ctx, 'project', name)}/pages/{seg(ctx, 'path', _doc_path(ctx, 'rst'))}", headers_for(ctx, "xhr", auth="jwt"))
    fmt = ctx.pick(("rst", "adoc"))
    fields = [("path", _doc_path(ctx, fmt)), ("message", ctx.pick(("Upload", f"Add {_word(ctx)} guide", v.short_text(ctx))))]
    content = ctx.slot("multipart", "file", _rst(ctx) if fmt == "rst" else _adoc(ctx))
    ctype, body2 = multipart(ctx, fields, [("file", f"{_word(ctx)}.{fmt}", "text/x-rst" if fmt == "rst" else "text/asciidoc", content)])
    return req("POST", f"/docsmith/projects/{seg(ctx, 'project', name)}/upload", form_headers(ctx, "/docsmith/dashboard", ctype), body=body2)


# --------------------------------------------------------------------------
# Subtitles editor: SRT, WebVTT and TTML cues with styling tags
# --------------------------------------------------------------------------


def _ts(ms: int, sep: str = ".") -> str:
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _cue_text(ctx: Ctx, fmt: str) -> str:
    """One cue's text as subtitlers write it: italics, colours, positioning, SDH, lyrics, dialogue dashes."""
    line = v.sentence(ctx) if ctx.chance(0.7) else ctx.fake.sentence(nb_words=ctx.rng.randint(2, 8))
    r = ctx.rng.random()
    if r < 0.15:
        return f"<i>{line}</i>"
    if r < 0.25:
        return f"- {line}\n- {ctx.fake.sentence(nb_words=ctx.rng.randint(2, 6))}"
    if r < 0.33:
        return f"♪ {ctx.en.sentence(nb_words=6).rstrip('.')} ♪"
    if r < 0.42:
        return f"[{ctx.pick(('DOOR SLAMS', 'PHONE BUZZING', 'SIGHS', 'THUNDER RUMBLES', 'IN ' + ctx.pick(('FRENCH', 'SPANISH', 'JAPANESE'))))}]\n{line}"
    if fmt == "srt":
        return ctx.pick((f"{{\\an8}}{line}", f'<font color="#{ctx.pick(("FFFF00", "00FFFF", "ffffff"))}">{line}</font>', f"<b>{ctx.fake.first_name().upper()}:</b> {line}", f"<u>{line}</u>", line))
    return ctx.pick((f"<v {ctx.fake.first_name()}>{line}", f"<c.{ctx.pick(('yellow', 'cyan', 'bg_black'))}>{line}</c>", f"<b>{line}</b>", "<ruby>漢字<rt>かんじ</rt></ruby> " + line,
                     f"{line.split(' ')[0]} <00:00:{ctx.rng.randint(10, 59)}.{ctx.rng.randint(100, 999)}>{' '.join(line.split(' ')[1:])}", line.replace("&", "&amp;") + " &lt;3"))


def _cues(ctx: Ctx, fmt: str, slot_kind: str | None) -> str:
    """An SRT or WebVTT track; with `slot_kind`, one cue's text is an injection slot."""
    start = ctx.rng.randint(0, 3_000_000)
    n = ctx.rng.randint(2, 14) if ctx.chance(0.8) else ctx.rng.randint(15, 40)  # an edited scene or a whole reel
    at = ctx.rng.randrange(n)
    out = ["WEBVTT" + ctx.pick(("", " - " + ctx.en.sentence(nb_words=3).rstrip(".")))] if fmt == "vtt" else []
    if fmt == "vtt" and ctx.chance(0.4):
        out.append(f"STYLE\n::cue {{ color: #{v.hex_token(ctx, 6)}; background: rgba(0,0,0,0.8); }}\n::cue(.yellow) {{ color: yellow; }}")
    if fmt == "vtt" and ctx.chance(0.3):
        out.append(f"NOTE {v.sentence(ctx)} -- {ctx.fake.first_name()}")
    for i in range(n):
        dur = ctx.rng.randint(800, 6000)
        text = _cue_text(ctx, fmt)
        if slot_kind is not None and i == at:
            text = str(ctx.slot(slot_kind, f"cue[{i}].text", text))
        if fmt == "srt":
            out.append(f"{i + 1}\n{_ts(start, ',')} --> {_ts(start + dur, ',')}\n{text}")
        else:
            settings = ctx.pick(("", "", f" line:{ctx.pick(('0', '10%', '-2'))}", f" align:{ctx.pick(('start', 'center', 'end'))} position:{ctx.rng.randint(5, 95)}%"))
            ident = ctx.pick(("", "", f"{i + 1}\n", f"{_word(ctx)}-{i}\n"))
            out.append(f"{ident}{_ts(start)} --> {_ts(start + dur)}{settings}\n{text}")
        start += dur + ctx.rng.randint(40, 2000)
    return "\n\n".join(out) + "\n"


def _ttml(ctx: Ctx) -> str:
    ps = []
    start = ctx.rng.randint(0, 600_000)
    for i in range(ctx.rng.randint(1, 6)):
        dur = ctx.rng.randint(800, 5000)
        text = enc_xml(str(ctx.slot("xml", f"p[{i}]", v.sentence(ctx) if ctx.chance(0.7) else f"[{ctx.en.word().upper()}] {v.sentence(ctx)}")))
        style = ctx.pick(("", ' style="s1"', ' tts:fontStyle="italic"'))
        ps.append(f'      <p begin="{_ts(start)}" end="{_ts(start + dur)}"{style}>{text}</p>')
        start += dur + 200
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xml:lang="' + ctx.locale[:2] + '">\n'
            '  <head><styling><style xml:id="s1" tts:color="yellow" tts:fontWeight="bold"/></styling></head>\n  <body>\n    <div>\n' + "\n".join(ps) + "\n    </div>\n  </body>\n</tt>\n")


@template("train", ("/subtitler/",), weight=1.2)
def subtitle_editor(ctx: Ctx) -> Request:
    """Subtitles editor: SRT uploads (multipart), WebVTT track PUTs, cue patches and batch JSON arrays, TTML imports (XML), exports and cue search."""
    kind = ctx.pick(("upload", "track", "cue", "ttml", "export"))
    video_id = ctx.pick((v.alnum_token(ctx, 11), str(rid(ctx)), ctx.fake.uuid4()))
    if kind == "upload":
        fields = [("language", ctx.pick(("en", "de", "fr-CA", "pt-BR", "ja", "es-419"))), ("label", ctx.pick(("English (SDH)", "Deutsch", "Français -- forced", ctx.en.word().capitalize()))),
                  ("frame_rate", ctx.pick(("23.976", "25", "29.97"))), ("kind", ctx.pick(("subtitles", "captions")))]
        ctype, body = multipart(ctx, fields, [("file", f"{_word(ctx)}.{ctx.pick(('en', 'de', 'fr'))}.srt", ctx.pick(("application/x-subrip", "text/plain", "application/octet-stream")), _cues(ctx, "srt", "multipart"))])
        return req("POST", f"/subtitler/videos/{seg(ctx, 'video', video_id)}/tracks", form_headers(ctx, "/subtitler/dashboard", ctype), body=body)
    if kind == "track":
        lang = ctx.pick(("en", "de", "es", "ja", "ko", "ar"))
        return req("PUT", f"/subtitler/api/videos/{seg(ctx, 'video', video_id)}/tracks/{lang}", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/vtt; charset=utf-8", auth="jwt", extra=_etag(ctx)),
                   body=_cues(ctx, "vtt", "multipart"))
    if kind == "cue":
        track = seg(ctx, "track", str(rid(ctx)))
        if ctx.chance(0.35):  # a batch of edited cues
            cues = []
            start = ctx.rng.randint(0, 2_000_000)
            for i in range(ctx.rng.randint(1, 5)):
                cues.append({"index": ctx.rng.randint(1, 900), "start": _ts(start), "end": _ts(start + 2000), "text": j(ctx, f"[{i}].text", _cue_text(ctx, ctx.pick(("srt", "vtt"))))})
                start += 2500
            return req("POST", f"/subtitler/api/tracks/{track}/cues:batchUpdate", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, cues))
        start = ctx.rng.randint(0, 3_000_000)
        body2: dict[str, Any] = {"start": _ts(start), "end": _ts(start + ctx.rng.randint(800, 6000)), "text": j(ctx, "text", _cue_text(ctx, "vtt")),
                                 "settings": {"line": ctx.pick(("auto", "0", "-3")), "position": f"{ctx.rng.randint(10, 90)}%", "align": ctx.pick(("start", "center", "end"))},
                                 "speaker": j(ctx, "speaker", ctx.pick(("", ctx.fake.first_name(), "NARRATOR"))), "comment": j(ctx, "comment", ctx.pick(("", "check sync", v.sentence(ctx))))}
        return req("PATCH", f"/subtitler/api/tracks/{track}/cues/{ctx.rng.randint(1, 900)}", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "ttml":
        return req("POST", f"/subtitler/api/videos/{seg(ctx, 'video', video_id)}/tracks/import", headers_for(ctx, "sdk", content_type="application/ttml+xml", auth="apikey"), body=_ttml(ctx))
    r = ctx.rng.random()
    if r < 0.45:
        pairs = [("format", ctx.pick(("srt", "vtt", "ttml", "sbv"))), ("offset_ms", str(ctx.rng.randint(-2000, 2000))), ("strip_tags", ctx.pick(("0", "1"))), ("filename", f"{ctx.en.word()} - {ctx.en.word()}.srt")]
        return req(ctx.pick(("GET", "HEAD")), f"/subtitler/api/tracks/{seg(ctx, 'track', str(rid(ctx)))}/export", headers_for(ctx, ctx.pick(("nav", "sdk")), cookies=True), qs(ctx, pairs, fixed=("strip_tags",)))
    if r < 0.7:
        pairs = [("q", ctx.pick((v.search_terms(ctx), "<i>", "{\\an8}", "♪", "[DOOR", ctx.fake.word()))), ("track", str(rid(ctx))), ("case", ctx.pick(("0", "1")))]
        return req("GET", f"/subtitler/api/videos/{seg(ctx, 'video', video_id)}/cues", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs, fixed=("case",)))
    if r < 0.85:
        return req("DELETE", f"/subtitler/api/tracks/{seg(ctx, 'track', str(rid(ctx)))}/cues/{ctx.rng.randint(1, 900)}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, f"/subtitler/api/tracks/{rid(ctx)}/cues/{ctx.rng.randint(1, 900)}", ("PATCH", "DELETE"), ("authorization,content-type", "content-type,if-match"))


# --------------------------------------------------------------------------
# Tutorial site comments: learners paste code, errors, SQL and shell
# --------------------------------------------------------------------------


def _learner_html(ctx: Ctx) -> str:
    """A beginner's page: the classic structure, an inline handler, a stylesheet and a script file."""
    w = _word(ctx)
    body = ctx.pick((
        f'  <button id="{w}-btn" onclick="toggle{w.capitalize()}()">Menu</button>\n  <ul id="{w}" class="hidden">\n    <li><a href="#home">Home</a></li>\n  </ul>',
        f'  <form id="signup" onsubmit="return validateForm()">\n    <input type="text" name="username" placeholder="Username">\n    <input type="password" name="pw">\n    <button>Sign up</button>\n  </form>',
        f'  <div class="container">\n    <h1>{enc_xml(v.short_text(ctx))}</h1>\n    <img src="images/{w}.jpg" alt="{w}">\n  </div>',
        f'  <select id="{w}" onchange="update{w.capitalize()}(this.value)">\n    <option value="1">One</option>\n    <option value="2">Two</option>\n  </select>',
    ))
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="UTF-8">\n  <link rel="stylesheet" href="style.css">\n  <title>{w}</title>\n</head>\n<body>\n{body}\n'
            f'  <script src="{ctx.pick(("script.js", "app.js", "js/main.js"))}"></script>\n</body>\n</html>')


def _learner_comment(ctx: Ctx) -> str:
    """A comment under a lesson: a question with code and the error, or an answer, or praise."""
    step = ctx.rng.randint(1, 12)
    r = ctx.rng.random()
    if r < 0.35:
        lang, code = (("html", _learner_html(ctx)) if ctx.chance(0.25) else _code(ctx))
        return (f"{ctx.pick(('Stuck on step', 'At step', 'Lesson step'))} {step}: {v.sentence(ctx)} Here's my code:\n\n```{lang}\n{code}\n```\n\n"
                f"and I get:\n\n```\n{_stack_trace(ctx)}\n```\n\n{ctx.pick(('What am I doing wrong?', 'Any help appreciated 🙏', 'Thanks in advance!', ''))}").rstrip()
    if r < 0.55:
        return (f"@{ctx.en.user_name()} {ctx.pick(('you need to', 'try to', 'the fix is to'))} {ctx.pick(('escape the quote', 'await the promise', 'add a WHERE clause', 'close the <div>', 'use a parameterised query'))}:"
                f"\n\n```{ctx.pick(('sql', 'js', 'python'))}\n{ctx.pick((_sql, _js, _py))(ctx)}\n```\n\n{v.prose(ctx, 1, 2)}")
    if r < 0.68:
        return f"{_event_prose(ctx)}\n\n```html\n{_html(ctx)}\n```"
    if r < 0.78:
        win = ctx.pick((".venv\\Scripts\\activate", "set FLASK_APP=app.py", "npm.cmd run dev", "py -m pip install -r requirements.txt"))
        return f"For anyone on Windows: `{win}` instead of `{_shell(ctx).splitlines()[0]}`. {v.prose(ctx, 1, 2)}"
    if r < 0.86:
        return f"Got `{_stack_trace(ctx).splitlines()[-1][:90]}` -- turned out I had a typo in {v.file_path(ctx)} 🤦"
    if r < 0.93:
        return f"The {ctx.pick(('{{ }}', '{% %}', '${}', '<%= %>'))} syntax confused me at first. In Jinja it's `{_template_code(ctx).splitlines()[0]}` -- {v.sentence(ctx)}"
    return f"{v.prose(ctx, 1, 3, trap_rate=0.4)} {ctx.pick(v._EMOJI)}"


@template("train", ("/learnhub/",), weight=1.3)
def tutorial_code_comments(ctx: Ctx) -> Request:
    """Tutorial site discussions: JSON comments with pasted code and errors, server-rendered replies (`comment[body]`), edits/votes/deletes, thread listings, code attachments."""
    kind = ctx.pick(("comment", "comment", "reply", "edit", "thread", "attach"))
    course = ctx.pick(("web-dev-bootcamp", "python-for-everybody", "sql-basics", "react-fundamentals", "linux-command-line", "intro-to-js", f"{_word(ctx)}-{ctx.rng.randint(101, 499)}"))
    lesson = f"{ctx.rng.randint(1, 30):02d}-{v.slug(ctx)}"
    if kind == "comment":
        body: dict[str, Any] = {"body": j(ctx, "body", _learner_comment(ctx)), "parentId": ctx.pick((None, rid(ctx))), "format": "markdown",
                                "context": {"step": ctx.rng.randint(1, 12), "language": ctx.pick(("html", "python", "sql", "javascript")), "timestamp": ctx.rng.randint(0, 3600)}}
        if ctx.chance(0.3):
            body["code"] = {"language": ctx.pick(("python", "javascript", "sql")), "source": j(ctx, "code.source", ctx.pick((_py, _js, _sql))(ctx))}
        return req("POST", f"/learnhub/api/courses/{seg(ctx, 'course', course)}/lessons/{seg(ctx, 'lesson', lesson)}/comments", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "reply":  # the server-rendered discussion page (no JavaScript)
        page = f"/learnhub/courses/{course}/lessons/{lesson}"
        pairs = [("authenticity_token", v.b64url(ctx.rng.randbytes(48))), ("comment[body]", _learner_comment(ctx)), ("comment[parent_id]", str(rid(ctx))),
                 ("comment[notify]", ctx.pick(("0", "1"))), ("commit", "Post reply")]
        return req("POST", f"{page}/discussion", form_headers(ctx, page), body=form(ctx, pairs, fixed=("authenticity_token", "commit")))
    if kind == "edit":
        comment_id = str(rid(ctx))
        r = ctx.rng.random()
        if r < 0.5:
            return req("PATCH", f"/learnhub/api/comments/{seg(ctx, 'comment', comment_id)}", site_headers(ctx, "xhr", "application/json", "jwt"),
                       body=dumps(ctx, {"body": j(ctx, "body", _learner_comment(ctx)), "editReason": j(ctx, "editReason", ctx.pick(("", "fixed code formatting", "typo", "solved -- see below")))}))
        if r < 0.75:
            return req("POST", f"/learnhub/api/comments/{seg(ctx, 'comment', comment_id)}/votes", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, {"value": ctx.pick((1, -1)), "markAsAnswer": ctx.chance(0.2)}))
        if r < 0.9:
            return req("DELETE", f"/learnhub/api/comments/{seg(ctx, 'comment', comment_id)}", headers_for(ctx, "xhr", auth="jwt"))
        return preflight(ctx, f"/learnhub/api/comments/{rid(ctx)}", ("PATCH", "DELETE"), ("authorization,content-type", "content-type"))
    if kind == "thread":
        pairs = [("sort", ctx.pick(("top", "newest", "oldest"))), ("filter", ctx.pick(("all", "unanswered", "mine"))), ("q", ctx.pick(("", v.search_terms(ctx), "TypeError", "SELECT *", "onclick", "Traceback"))),
                 ("page", str(ctx.rng.randint(1, 8)))]
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/learnhub/api/courses/{seg(ctx, 'course', course)}/lessons/{lesson}/comments", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"),
                   qs(ctx, pairs, fixed=("sort", "filter")))
    lang, ext = ctx.pick((("html", "index.html"), ("python", "main.py"), ("sql", "query.sql"), ("javascript", "script.js")))
    code = {"html": _learner_html, "python": _py, "sql": _sql, "javascript": _js}[lang](ctx)
    fields = [("description", ctx.pick((v.sentence(ctx), _stack_trace(ctx).splitlines()[-1], "My solution for the exercise -- feedback welcome!"))), ("language", lang), ("visibility", ctx.pick(("public", "mentors")))]
    ctype, body2 = multipart(ctx, fields, [("file", ext, ctx.pick(("text/plain", "application/octet-stream", "text/x-python" if lang == "python" else "text/html")), str(ctx.slot("multipart", "file", code)))])
    return req("POST", f"/learnhub/api/courses/{seg(ctx, 'course', course)}/snippets", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)


MARKUP: tuple[str, ...] = (
    "wiki_transclusions", "team_chat_markdown", "mdx_blog_engine", "email_template_editor",
    "form_letter_merge", "docs_site_builder", "subtitle_editor", "tutorial_code_comments",
)
