"""Train templates: developer and operations tools.

A metrics dashboard that speaks PromQL (query strings, JSON, Explore links with
JSON state, a push gateway's text format), a log search UI (a pipe query
language, LogQL, Splunk-style search jobs and raw ingest), an error tracker
(Sentry-style store events, envelopes, minidump uploads, issue triage), code
review (unified diffs, line comments in markdown, JUnit XML reports, a
Conduit-style form API), a pastebin, a regex tester, an API client's saved
collections, infrastructure as code (Terraform HCL, plan JSON, Kubernetes
YAML, Helm values), an OCI container registry, a secrets manager, a status
page and an API gateway's admin API.

Their traffic is code and queries that people write, share and review: PromQL
with `=~"5.."`, pipes, SQL errors quoted in exception messages, stack frames
with file paths, diffs, regexes full of `[^...]` and `(?:`, `{{baseUrl}}`
variables, HCL `${var.x}` interpolation and passwords full of symbols. None of
them executes what it receives: the code is content. Every value a user or a
client controls is a slot; fixed protocol constants (media types, versions,
signatures, digests) are not.
"""

from __future__ import annotations

import base64
import json
import urllib.parse
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import dumps, form, header_slot, j, multipart, qs, req, Request, rid, seg, site_headers, template
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Small value builders shared by the dev-tool apps
# --------------------------------------------------------------------------

_SERVICES = ("checkout", "payments", "api", "auth", "search", "cart", "notifications", "billing-worker", "web", "inventory", "gateway", "mailer")
_NAMESPACES = ("prod", "staging", "default", "payments", "observability", "kube-system", "data")
_TABLES = ("orders", "users", "invoices", "events", "sessions", "payments", "line_items", "accounts", "audit_log", "jobs")
_COLS = ("id", "user_id", "created_at", "status", "email", "total", "updated_at", "name", "tenant_id", "deleted_at")


def _service(ctx: Ctx) -> str:
    if ctx.chance(0.7):
        return ctx.pick(_SERVICES)
    return f"{ctx.en.word()}-{ctx.pick(('api', 'worker', 'svc', 'web', 'cron'))}"


def _env(ctx: Ctx) -> str:
    return ctx.pick(("prod", "production", "staging", "dev", "qa", "eu-prod"))


def _version(ctx: Ctx) -> str:
    return f"{ctx.rng.randint(0, 9)}.{ctx.rng.randint(0, 40)}.{ctx.rng.randint(0, 20)}" + ctx.pick(("", "", "", "-rc.1", "-beta.2"))


def _digest(ctx: Ctx) -> str:
    return "sha256:" + v.hex_token(ctx, 64)


def _epoch(ctx: Ctx) -> int:
    return ctx.rng.randrange(1_700_000_000, 1_760_000_000)


def _pod(ctx: Ctx, service: str) -> str:
    return f"{service}-{v.hex_token(ctx, 10)}-{v.alnum_token(ctx, 5).lower()}"


def _user(ctx: Ctx) -> str:
    return ctx.pick((ctx.fake.user_name(), ctx.en.user_name(), ctx.fake.first_name().lower() + "." + ctx.en.last_name().lower()))


def _branch(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.pick(('feature', 'fix', 'chore', 'hotfix', 'refactor'))}/{ctx.en.slug()}",
                     f"{ctx.en.user_name()}/{ctx.en.word()}-{ctx.rng.randint(1, 9999)}", f"release/{_version(ctx)}", "main"))


def _repo_file(ctx: Ctx, ext: str | None = None) -> str:
    ext = ext or ctx.pick(("py", "ts", "go", "js", "php", "rb", "java", "sql", "yaml", "tf"))
    top = ctx.pick(("src", "app", "lib", "pkg", "internal", "cmd", "tests", "web/src", "db/migrations", "deploy"))
    return f"{top}/{ctx.en.word()}/{ctx.en.word()}{ctx.pick(('', '_test', '.spec', '_handler', 'Service'))}.{ext}"


def _lang_of(path: str) -> str:
    ext = path.rsplit(".", 1)[-1]
    return {"py": "python", "ts": "javascript", "js": "javascript", "go": "go", "php": "php", "rb": "python", "java": "javascript",
            "sql": "sql", "yaml": "yaml", "tf": "hcl"}.get(ext, "bash")


def _sql(ctx: Ctx) -> str:
    """A statement as developers paste it into pastes, reviews and error reports."""
    t, t2 = ctx.rng.sample(_TABLES, 2)
    cols = ", ".join(ctx.rng.sample(_COLS, ctx.rng.randint(1, 4)))
    col = ctx.pick(_COLS)
    r = ctx.rng.random()
    if r < 0.25:
        sql = f"SELECT {cols} FROM {t} WHERE {col} = {ctx.pick(('$1', '?', '%s', ':' + col))} AND deleted_at IS NULL ORDER BY created_at DESC LIMIT {ctx.pick((20, 50, 100))}"
    elif r < 0.4:
        sql = f"SELECT t.{col}, count(*) AS n FROM {t} t LEFT JOIN {t2} u ON u.id = t.user_id GROUP BY 1 HAVING count(*) > {ctx.rng.randint(1, 9)} ORDER BY n DESC"
    elif r < 0.52:
        sql = f"CREATE INDEX CONCURRENTLY idx_{t}_{col} ON {t} ({col}){ctx.pick(('', ' WHERE deleted_at IS NULL'))}"
    elif r < 0.64:
        sql = f"ALTER TABLE {t} ADD COLUMN {ctx.en.word()}_{ctx.pick(('at', 'id', 'note'))} {ctx.pick(('text', 'timestamptz', 'bigint', 'jsonb'))}{ctx.pick(('', ' NOT NULL DEFAULT ' + chr(39) + chr(39)))}"
    elif r < 0.76:
        sql = f"UPDATE {t} SET status = 'archived', updated_at = now() WHERE created_at < now() - interval '{ctx.pick((30, 90, 365))} days'"
    elif r < 0.86:
        sql = f"DELETE FROM {t} WHERE id IN (SELECT id FROM {t2} WHERE {col} IS NULL)"
    elif r < 0.93:
        sql = f"INSERT INTO {t} ({cols}) VALUES ({', '.join('$' + str(i + 1) for i in range(len(cols.split(','))))}) ON CONFLICT (id) DO NOTHING"
    else:
        sql = f"WITH recent AS (SELECT * FROM {t} WHERE created_at > now() - interval '1 day') SELECT {cols} FROM recent UNION ALL SELECT {cols} FROM {t2}"
    return sql + (";" if ctx.chance(0.6) else "")


_COMMENT = {"bash": "# ", "python": "# ", "yaml": "# ", "hcl": "# ", "sql": "-- ", "php": "// ", "javascript": "// ", "go": "// "}


def _snippet(ctx: Ctx, lang: str) -> str:
    """Code in a language, sometimes with a comment in the author's language."""
    code = _code(ctx, lang)
    if not ctx.chance(0.35):
        return code
    comment = _COMMENT.get(lang, "# ") + ctx.pick((v.sentence(ctx), v.short_text(ctx), f"TODO({_user(ctx)}): {v.sentence(ctx)}"))
    if code.startswith(("<?php", "#!")):
        head, _, rest = code.partition("\n")
        return f"{head}\n{comment}\n{rest}"
    return f"{comment}\n{code}"


def _code(ctx: Ctx, lang: str) -> str:
    """Code in a language, built from parts so that no two snippets are the same."""
    w1, w2, w3 = ctx.en.word(), ctx.en.word(), ctx.en.word()
    t, col = ctx.pick(_TABLES), ctx.pick(_COLS)
    r = ctx.rng.random()
    if lang == "bash":
        lines = ["#!/usr/bin/env bash", "set -euo pipefail"] if ctx.chance(0.6) else []
        lines += [synth_tech.shell_line(ctx) for _ in range(ctx.rng.randint(1, 3))]
        if ctx.chance(0.4):
            target = ctx.pick(("*.log", "data/*.csv", "$(git diff --name-only HEAD~1)", "/var/log/" + w1 + "/*.gz"))
            action = ctx.pick(('gzip -9 "$f"', 'wc -l "$f"', f'aws s3 cp "$f" s3://{w1}-backups/', 'grep -c ERROR "$f" || true'))
            lines.append(f'for f in {target}; do\n  echo "processing $f" >&2\n  {action}\ndone')
        if ctx.chance(0.3):
            lines.append(f'PGPASSWORD="${{DB_PASS}}" pg_dump -h {ctx.pick(("localhost", "db." + ctx.en.domain_name()))} -U {w1} {w2} > {w2}_$(date +%F).sql')
        return "\n".join(lines)
    if lang == "sql":
        lines = [f"-- {ctx.pick(('migration', 'report', 'cleanup', 'hotfix'))}: {ctx.en.sentence(nb_words=5)}"] if ctx.chance(0.5) else []
        lines += [_sql(ctx) for _ in range(ctx.rng.randint(1, 3))]
        if ctx.chance(0.2):
            lines = ["BEGIN;"] + lines + ["COMMIT;"]
        return "\n".join(lines)
    if lang == "php":
        if r < 0.5:
            return (f"<?php\n\n$stmt = $pdo->prepare('SELECT * FROM {t} WHERE {col} = :{col}');\n$stmt->execute([':{col}' => $_GET['{col}'] ?? '']);\n"
                    f"foreach ($stmt as $row) {{\n    echo htmlspecialchars($row['{w1}'], ENT_QUOTES), \"<br>\\n\";\n}}")
        return (f"<?php\nnamespace App\\Http\\Controllers;\n\nclass {w1.capitalize()}Controller extends Controller\n{{\n    public function {w2}(Request $request)\n    {{\n"
                f"        return {w3.capitalize()}::where('{col}', $request->input('{col}'))->orderBy('created_at', 'desc')->paginate(20);\n    }}\n}}")
    if lang == "javascript":
        if r < 0.4:
            return (f"const {w1} = require('{w2}');\n\napp.get('/{w3}/:id', async (req, res) => {{\n  const {{ rows }} = await db.query('SELECT * FROM {t} WHERE id = $1', [req.params.id]);\n"
                    f"  if (!rows.length) return res.status(404).json({{ error: 'not found' }});\n  res.json(rows.map(r => ({{ ...r, {w1}: r.{w1} ?? null }})));\n}});")
        if r < 0.7:
            return (f"export function {w1}{w2.capitalize()}(items) {{\n  return items\n    .filter(i => i.{w3} !== undefined && i.{w3} > {ctx.rng.randint(0, 99)})\n"
                    f"    .reduce((acc, i) => acc + i.{w3}, 0);\n}}")
        return f"document.querySelector('#{w1}').addEventListener('click', () => {{\n  fetch(`/api/{w2}?q=${{encodeURIComponent(input.value)}}`).then(r => r.json()).then(render);\n}});"
    if lang == "python":
        if r < 0.4:
            return (f"def {w1}_{w2}(path: str) -> dict:\n    with open(path, encoding='utf-8') as fh:\n        data = json.load(fh)\n"
                    f"    return {{k: v for k, v in data.items() if k != '{w3}'}}")
        if r < 0.7:
            return (f"@app.route('/{w1}/<int:{w2}_id>', methods=['GET', 'POST'])\ndef {w1}({w2}_id):\n"
                    f"    row = db.execute('SELECT * FROM {t} WHERE id = ?', ({w2}_id,)).fetchone()\n    return render_template('{w1}.html', row=row)")
        return f"for {w1} in sorted({w2}s, key=lambda x: x['{col}']):\n    if {w1}['{col}'] {ctx.pick(('<', '>=', '!='))} {ctx.rng.randint(0, 99)}:\n        print(f\"{{{w1}['name']}}: {{{w1}['{col}']}}\")"
    if lang == "go":
        return (f"func (s *{w1.capitalize()}Service) {w2.capitalize()}(ctx context.Context, id int64) (*{w3.capitalize()}, error) {{\n"
                f"\trow := s.db.QueryRowContext(ctx, `SELECT id, {col} FROM {t} WHERE id = $1`, id)\n\tvar out {w3.capitalize()}\n"
                f"\tif err := row.Scan(&out.ID, &out.{col.capitalize()}); err != nil {{\n\t\treturn nil, fmt.Errorf(\"{w2} %d: %w\", id, err)\n\t}}\n\treturn &out, nil\n}}")
    if lang == "yaml":
        if r < 0.5:
            return synth_tech.ci_config(ctx)
        return (f"services:\n  {w1}:\n    image: {ctx.pick(('postgres:16', 'redis:7-alpine', 'nginx:1.27', 'ghcr.io/' + w2 + '/' + w3 + ':latest'))}\n"
                f"    environment:\n      - {w2.upper()}_URL=postgres://{w1}:{ctx.fake.password(length=10, special_chars=False)}@db:5432/{w3}\n"
                f"    ports:\n      - \"{ctx.rng.randint(3000, 9000)}:{ctx.pick((80, 5432, 6379, 8080))}\"\n    command: [\"sh\", \"-c\", \"{synth_tech.shell_line(ctx).replace(chr(34), chr(39))}\"]")
    if lang == "hcl":
        return _hcl(ctx, None)
    return synth_tech.shell_line(ctx)


_CODE_LANGS = ("bash", "sql", "php", "javascript", "python", "go", "yaml")


def _dev_note(ctx: Ctx) -> str:
    """What developers and operators write: prose with code, commands, comparisons, paths and dashes."""
    r = ctx.rng.random()
    if r < 0.3:
        return v.prose(ctx, 1, 3, trap_rate=0.4)
    if r < 0.46:
        return synth_tech.with_code(ctx, v.prose(ctx, 1, 2))
    if r < 0.59:
        return synth_tech.with_aside(ctx, v.prose(ctx, 1, 2))
    if r < 0.72:
        return v.markdown_post(ctx, code_rate=0.5)
    if r < 0.83:
        return v.dashy_text(ctx)
    svc, t, col = _service(ctx), ctx.pick(_TABLES), ctx.pick(_COLS)
    return ctx.pick((
        f"Rolled back {svc} to {_version(ctx)} -- p99 went from {ctx.rng.randint(80, 300)}ms to {ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 9)}s after the deploy.",
        f"Can't repro locally; `{synth_tech.shell_line(ctx)}` works on my machine ¯\\_(ツ)_/¯",
        f"Root cause: missing index on {t}({col}) -- the `SELECT ... WHERE {col} = ?` did a seq scan on {ctx.rng.randint(2, 90)}M rows.",
        f"@{_user(ctx)} this touches the DROP/RENAME migration for `{t}`, please double-check before we merge.",
        f"Error rate > {ctx.rng.randint(1, 20)}% on {svc} for {ctx.rng.randint(5, 60)} min; paging {v.full_name(ctx)} (on-call).",
        f"See {ctx.en.url()}{ctx.en.uri_path()} and {v.file_path(ctx)} for context.",
        f"LGTM 👍 one nit: use `{ctx.en.word()}_id` instead of `id` in the WHERE clause & drop the unused import.",
        f"Config lives in {ctx.pick(('/etc/', '~/.config/', './deploy/'))}{ctx.en.word()}/{ctx.en.word()}.yaml; set `{ctx.en.word().upper()}_TIMEOUT=30s` & restart.",
        f"Fixed the <img> alt text escaping in {_repo_file(ctx, 'html')} -- it rendered `&amp;amp;` twice.",
        f"{v.full_name(ctx)} says the cron at 02:00 UTC collides with the backup; moving it to 03:30 | see {_repo_file(ctx)}.",
    ))


def _exception(ctx: Ctx) -> tuple[str, str]:
    """(type, message) of an exception as apps report it: SQL errors, paths, quoted values."""
    t, col, w = ctx.pick(_TABLES), ctx.pick(_COLS), ctx.en.word()
    return ctx.pick((
        ("ProgrammingError", f'relation "{t}" does not exist\nLINE 1: SELECT {col} FROM {t} WHERE {col} = $1'),
        ("IntegrityError", f'duplicate key value violates unique constraint "{t}_{col}_key"\nDETAIL:  Key ({col})=({ctx.pick((ctx.fake.email(), v.full_name(ctx)))}) already exists.'),
        ("QueryException", f"SQLSTATE[42000]: Syntax error or access violation: 1064 You have an error in your SQL syntax; check the manual that corresponds to your "
                           f"MySQL server version for the right syntax to use near '{ctx.pick(('ORDER BY created_at DESC LIMIT 20', 'WHERE id = ? AND deleted_at IS NULL', ') AS t'))}' at line 1"),
        ("OperationalError", f"(psycopg2.errors.DeadlockDetected) deadlock detected\nDETAIL:  Process {ctx.rng.randint(100, 99999)} waits for ShareLock on transaction "
                             f"{ctx.rng.randint(10**6, 10**8)}\n[SQL: UPDATE {t} SET {col}=%(p)s WHERE {t}.id = %(id)s]"),
        ("TypeError", f"Cannot read properties of undefined (reading '{w}')"),
        ("SyntaxError", "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON"),
        ("FileNotFoundError", f"[Errno 2] No such file or directory: '{v.file_path(ctx)}'"),
        ("KeyError", f"'{w}_id'"),
        ("NullPointerException", f'Cannot invoke "String.length()" because "{w}" is null'),
        ("Error", f"connect ECONNREFUSED {ctx.fake.ipv4_private()}:{ctx.pick((5432, 6379, 3306, 9200))}"),
        ("PermissionError", f"[Errno 13] Permission denied: '{v.file_path(ctx)}'"),
        ("ValueError", f"invalid literal for int() with base 10: '{v.tricky_search(ctx)}'"),
        ("ActiveRecord::RecordNotFound", f"Couldn't find {w.capitalize()} with 'id'={rid(ctx)}"),
        ("TemplateSyntaxError", f"Invalid block tag on line {ctx.rng.randint(2, 300)}: 'endif', expected 'endblock'. Did you forget to register or load this tag?"),
        ("TimeoutError", f"context deadline exceeded while calling {_service(ctx)}.{w.capitalize()}Service/Get{ctx.en.word().capitalize()} after 30s"),
    ))


def _log_line(ctx: Ctx) -> str:
    """One log line: access logs, JSON logs, logfmt, framework logs with SQL and paths."""
    when = v.when(ctx)
    r = ctx.rng.random()
    if r < 0.25:
        return (f'{ctx.fake.ipv4_public()} - - [{when:%d/%b/%Y:%H:%M:%S} +0000] "{ctx.pick(("GET", "POST", "PUT"))} {v.app_path(ctx)} HTTP/1.1" '
                f'{ctx.pick((200, 200, 301, 404, 500, 502))} {ctx.rng.randint(0, 90000)} "{ctx.pick(("-", v.site(ctx) + "/"))}" "{v.user_agent(ctx, "nav")}"')
    etype, msg = _exception(ctx)
    if r < 0.45:
        return json.dumps({"ts": when.isoformat() + "Z", "level": ctx.pick(("error", "warn", "info")), "svc": _service(ctx), "msg": f"{etype}: {msg}",
                           "trace_id": v.hex_token(ctx, 32), "duration_ms": ctx.rng.randint(1, 9000)}, ensure_ascii=False)
    if r < 0.65:
        text = ctx.pick((msg.splitlines()[0], v.sentence(ctx), f"user {ctx.fake.user_name()} not found")).replace('"', "'")
        return f'ts={when.isoformat()}Z level={ctx.pick(("error", "warn", "info", "debug"))} caller={ctx.en.word()}.go:{ctx.rng.randint(10, 900)} msg="{text}" user="{v.full_name(ctx)}"'
    if r < 0.85:
        return f"{when:%Y-%m-%d %H:%M:%S},{ctx.rng.randint(0, 999):03d} ERROR [{_service(ctx)}] {etype}: {msg.splitlines()[0]}"
    return f"{when:%Y-%m-%dT%H:%M:%S}.{ctx.rng.randint(0, 999):03d}Z  WARN 1 --- [nio-8080-exec-{ctx.rng.randint(1, 20)}] c.e.{ctx.en.word()}.{ctx.en.word().capitalize()}Service : {v.sentence(ctx)}"


def _preflight(ctx: Ctx, path: str, req_headers: tuple[str, ...]) -> Request:
    headers = [["Accept", "*/*"], ["Access-Control-Request-Method", ctx.pick(("POST", "PUT", "PATCH", "DELETE"))],
               ["Access-Control-Request-Headers", ctx.pick(req_headers)], ["Origin", v.site(ctx)],
               ["User-Agent", header_slot(ctx, "User-Agent", v.user_agent(ctx, "xhr"))], ["Sec-Fetch-Mode", "cors"]]
    return req("OPTIONS", path, headers)


# --------------------------------------------------------------------------
# 1. Metrics dashboard: PromQL in query strings, JSON, Explore state, push gateway
# --------------------------------------------------------------------------

_PROM_METRICS = ("http_requests_total", "http_server_requests_seconds_count", "grpc_server_handled_total", "nginx_ingress_controller_requests",
                 "node_cpu_seconds_total", "container_cpu_usage_seconds_total", "kube_pod_container_status_restarts_total", "process_open_fds",
                 "pg_stat_activity_count", "redis_connected_clients", "jvm_memory_used_bytes", "queue_depth")
_PROM_HIST = ("http_request_duration_seconds_bucket", "grpc_server_handling_seconds_bucket", "db_query_duration_seconds_bucket")


_INSTANCE_RES = ("$instance", "${instance:regex}", ".*:9100", "10\\\\.0\\\\..+")


def _matchers(ctx: Ctx, most: int = 3) -> str:
    options = (
        lambda: f'job="{_service(ctx)}"',
        lambda: f'status=~"{ctx.pick(("5..", "4..|5..", "2.."))}"',
        lambda: f'namespace{ctx.pick(("=", "!="))}"{ctx.pick(_NAMESPACES)}"',
        lambda: f'method=~"{ctx.pick(("GET|POST", "POST|PUT|PATCH|DELETE", "GET"))}"',
        lambda: f'route!~"{ctx.pick(("/health.*", "/metrics|/ready", "/static/.+"))}"',
        lambda: f'instance=~"{ctx.pick(_INSTANCE_RES)}"',
        lambda: f'env="{ctx.pick(("$env", "${env}", "prod"))}"',
        lambda: f'pod=~"{_service(ctx)}-.*"',
        lambda: f'handler="/{ctx.pick(("api", "v1", "graphql", "checkout"))}/{ctx.en.word()}"',
    )
    chosen = ctx.rng.sample(range(len(options)), ctx.rng.randint(1, most))
    return "{" + ", ".join(options[i]() for i in chosen) + "}"


def _promql(ctx: Ctx) -> str:
    metric = ctx.pick(_PROM_METRICS)
    sel = metric + _matchers(ctx)
    win = ctx.pick(("1m", "5m", "15m", "1h", "$__rate_interval", "$__interval"))
    by = ", ".join(ctx.rng.sample(["job", "instance", "status", "route", "pod", "namespace", "method"], ctx.rng.randint(1, 2)))
    r = ctx.rng.random()
    if r < 0.3:
        return f"sum by ({by}) (rate({sel}[{win}]))"
    if r < 0.45:
        return f"histogram_quantile({ctx.pick(('0.99', '0.95', '0.5'))}, sum by (le, {by}) (rate({ctx.pick(_PROM_HIST)}{_matchers(ctx, 2)}[{win}])))"
    if r < 0.6:
        return f'sum(rate({metric}{{status=~"5.."}}[{win}])) / sum(rate({metric}[{win}])) > {ctx.pick(("0.01", "0.05", "0.1"))}'
    if r < 0.7:
        return f"increase({sel}[{ctx.pick(('1h', '24h', '10m'))}]) > {ctx.rng.randint(0, 10)}"
    if r < 0.78:
        return f"topk({ctx.pick((5, 10, 20))}, sum by ({by}) (rate({sel}[{win}])))"
    if r < 0.85:
        return f'predict_linear(node_filesystem_avail_bytes{{mountpoint="{ctx.pick(("/", "/var/lib/docker", "/data"))}"}}[6h], 4 * 3600) < 0'
    if r < 0.92:
        return f"up{_matchers(ctx, 2)} == 0"
    return f'avg_over_time({sel}[{win}]) * 100 unless on (instance) {metric}{{job="blackbox"}} or vector(0)'


def _legend(ctx: Ctx) -> str:
    return ctx.pick(("{{job}}", "{{instance}} - {{status}}", "{{route}} ({{method}})", "p99 {{pod}}", "__auto", "{{namespace}}/{{pod}}", v.short_text(ctx)))


def _grafana_extra(ctx: Ctx) -> tuple[tuple[str, str], ...]:
    extra: tuple[tuple[str, str], ...] = (("X-Grafana-Org-Id", str(ctx.rng.randint(1, 9))),)
    if ctx.chance(0.5):
        extra += (("X-Dashboard-Uid", v.alnum_token(ctx, 9)), ("X-Panel-Id", str(ctx.rng.randint(1, 40))))
    return extra


def _service_account(ctx: Ctx) -> tuple[tuple[str, str], ...]:
    return (("Authorization", f"Bearer glsa_{v.alnum_token(ctx, 32)}_{v.hex_token(ctx, 8)}"),)


@template("train", ("/obsdash/",), weight=1.3)
def metrics_dashboard(ctx: Ctx) -> Request:
    """Grafana-style dashboards: PromQL range queries, data-source queries, Explore links, saved dashboards, annotations, alert rules, push gateway."""
    kind = ctx.pick(("range", "range", "dsquery", "explore", "dashboard", "annotation", "alert", "search", "push", "delete"))
    now = _epoch(ctx)
    if kind == "range":
        pairs: list[tuple[str, Any]] = [("query", _promql(ctx)), ("start", now - ctx.pick((3600, 21600, 86400))), ("end", now), ("step", ctx.pick(("15", "30", "60", "5m")))]
        uid = seg(ctx, "datasource", ctx.pick(("prometheus", "P1809F7CD0C75ACF3", v.alnum_token(ctx, 14))))
        return req("GET", f"/obsdash/api/datasources/proxy/uid/{uid}/api/v1/query_range",
                   headers_for(ctx, "xhr", cookies=True, extra=_grafana_extra(ctx)), qs(ctx, pairs))
    if kind == "dsquery":
        queries = [{"refId": chr(65 + i), "datasource": {"type": "prometheus", "uid": v.alnum_token(ctx, 14)}, "expr": j(ctx, f"queries[{i}].expr", _promql(ctx)),
                    "legendFormat": j(ctx, f"queries[{i}].legendFormat", _legend(ctx)), "interval": "", "intervalMs": ctx.pick((15000, 30000, 60000)),
                    "maxDataPoints": ctx.pick((600, 1200, 1743)), "range": True, "instant": False} for i in range(ctx.rng.randint(1, 3))]
        body: dict[str, Any] = {"queries": queries, "from": ctx.pick(("now-6h", "now-1h", str(now - 86400) + "000")), "to": ctx.pick(("now", str(now) + "000"))}
        q = qs(ctx, [("ds_type", "prometheus"), ("requestId", f"SQR{ctx.rng.randint(100, 999)}")], fixed=("ds_type", "requestId"))
        return req("POST", "/obsdash/api/ds/query", site_headers(ctx, "xhr", "application/json", None, cookies=True, extra=_grafana_extra(ctx)), q, dumps(ctx, body))
    if kind == "explore":
        pane = {"datasource": v.alnum_token(ctx, 14), "queries": [{"refId": "A", "expr": ctx.slot("json_query", "panes.queries.expr", _promql(ctx)),
                                                                      "datasource": {"type": "prometheus"}}],
                "range": {"from": ctx.pick(("now-1h", "now-6h", "now-24h")), "to": "now"}}
        state = json.dumps({v.alnum_token(ctx, 3).lower(): pane}, ensure_ascii=ctx.json_ascii, separators=(",", ":"))
        pairs = [("schemaVersion", "1"), ("panes", state), ("orgId", str(ctx.rng.randint(1, 9)))]
        site = v.site(ctx)
        return req("GET", "/obsdash/explore", headers_for(ctx, "nav", referer=site + "/obsdash/d/" + v.alnum_token(ctx, 9)), qs(ctx, pairs, fixed=("schemaVersion", "panes")))
    if kind == "dashboard":
        panels: list[dict[str, Any]] = []
        for i in range(ctx.rng.randint(1, 4)):
            panels.append({"id": i + 1, "type": ctx.pick(("timeseries", "stat", "bargauge", "table")),
                           "title": j(ctx, f"panels[{i}].title", ctx.pick((v.short_text(ctx), "5xx rate by route", "p99 latency -- checkout", "Pods restarting (> 3/h)"))),
                           "description": j(ctx, f"panels[{i}].description", ctx.pick(("", _dev_note(ctx)))), "gridPos": {"h": 8, "w": 12, "x": 12 * (i % 2), "y": 8 * (i // 2)},
                           "targets": [{"refId": "A", "expr": j(ctx, f"panels[{i}].targets.expr", _promql(ctx)), "legendFormat": j(ctx, f"panels[{i}].targets.legendFormat", _legend(ctx))}],
                           "fieldConfig": {"defaults": {"unit": ctx.pick(("reqps", "s", "percentunit", "bytes")),
                                                       "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "red", "value": ctx.rng.randint(1, 100)}]}}}})
        if ctx.chance(0.4):
            panels.append({"id": 99, "type": "text", "title": "", "options": {"mode": ctx.pick(("markdown", "html")),
                                                                                      "content": j(ctx, "panels.text.content", ctx.pick((v.markdown_post(ctx, code_rate=0.5), v.rich_html(ctx))))}})
        dash = {"uid": v.alnum_token(ctx, 9), "title": j(ctx, "dashboard.title", ctx.pick((f"{_service(ctx)} / overview", v.short_text(ctx), f"SLOs -- {_service(ctx)} & {_service(ctx)}"))),
                "tags": [j(ctx, "dashboard.tags", ctx.pick(("slo", "k8s", "team:" + ctx.en.word(), "on-call", ctx.en.word()))) for _ in range(ctx.rng.randint(0, 3))],
                "timezone": ctx.pick(("browser", "utc")), "schemaVersion": 39, "version": ctx.rng.randint(1, 80), "panels": panels,
                "templating": {"list": [{"name": "instance", "type": "query", "query": j(ctx, "templating.query", f'label_values(up{{job="{_service(ctx)}"}}, instance)'), "multi": True, "includeAll": True}]}}
        body = {"dashboard": dash, "folderUid": v.alnum_token(ctx, 9), "message": j(ctx, "message", ctx.pick(("", v.sentence(ctx), "added 5xx panel -- see " + ctx.en.url()))), "overwrite": ctx.chance(0.3)}
        return req("POST", "/obsdash/api/dashboards/db", site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", None, cookies=True, extra=_grafana_extra(ctx)), body=dumps(ctx, body))
    if kind == "annotation":
        text = ctx.pick((f"Deployed {_service(ctx)} {_version(ctx)} ({v.hex_token(ctx, 7)}) -- {v.sentence(ctx)}", _dev_note(ctx), f"Incident: {v.short_text(ctx)}"))
        body = {"dashboardUID": v.alnum_token(ctx, 9), "panelId": ctx.rng.randint(1, 40), "time": now * 1000, "timeEnd": (now + ctx.rng.randint(0, 3600)) * 1000,
                "tags": [j(ctx, "tags", ctx.pick(("deploy", _service(ctx), _env(ctx), "rollback", "incident"))) for _ in range(ctx.rng.randint(1, 3))], "text": j(ctx, "text", text)}
        profile = ctx.pick(("sdk", "sdk", "xhr", "mobile"))
        extra = _service_account(ctx) if profile == "sdk" else _grafana_extra(ctx)
        return req("POST", "/obsdash/api/annotations", headers_for(ctx, profile, content_type="application/json", auth="jwt" if profile == "mobile" else None, extra=extra), body=dumps(ctx, body))
    if kind == "alert":
        body = {"title": j(ctx, "title", ctx.pick((f"{_service(ctx)}: high 5xx ratio", v.short_text(ctx), "Disk will fill in < 4h on {{ $labels.instance }}"))),
                "ruleGroup": ctx.pick(("slo", "infra", "k8s")), "folderUID": v.alnum_token(ctx, 9), "condition": "C", "for": ctx.pick(("1m", "5m", "15m")),
                "data": [{"refId": "A", "relativeTimeRange": {"from": 600, "to": 0}, "datasourceUid": v.alnum_token(ctx, 14), "model": {"expr": j(ctx, "data.model.expr", _promql(ctx)), "refId": "A"}},
                         {"refId": "C", "datasourceUid": "__expr__", "model": {"type": "threshold", "expression": "A", "conditions": [{"evaluator": {"type": "gt", "params": [ctx.rng.randint(0, 100)]}}]}}],
                "labels": {"severity": ctx.pick(("critical", "warning", "page")), "team": j(ctx, "labels.team", ctx.pick((ctx.en.word(), "sre", "payments & billing")))},
                "annotations": {"summary": j(ctx, "annotations.summary", ctx.pick(("{{ $labels.instance }} is down", "5xx > {{ $value | humanizePercentage }} on {{ $labels.route }}", v.sentence(ctx)))),
                                "description": j(ctx, "annotations.description", _dev_note(ctx)),
                                "runbook_url": j(ctx, "annotations.runbook_url", f"https://wiki.{ctx.en.domain_name()}/runbooks/{ctx.en.slug()}")},
                "noDataState": ctx.pick(("NoData", "Alerting", "OK")), "execErrState": "Error"}
        method = ctx.pick(("POST", "PUT"))
        path = "/obsdash/api/v1/provisioning/alert-rules" + ("" if method == "POST" else f"/{seg(ctx, 'rule', v.alnum_token(ctx, 14))}")
        return req(method, path, headers_for(ctx, "sdk", content_type="application/json", extra=_service_account(ctx) + (("X-Disable-Provenance", "true"),)), body=dumps(ctx, body))
    if kind == "search":
        pairs = [("query", ctx.pick((v.search_terms(ctx), _service(ctx), "k8s / pods", "SLO's"))), ("type", "dash-db"), ("limit", ctx.pick((30, 100)))]
        pairs += [("tag", ctx.pick(("slo", "k8s", "on-call", ctx.en.word()))) for _ in range(ctx.rng.randint(0, 2))]
        if ctx.chance(0.3):
            pairs.append(("starred", "true"))
        profile = ctx.pick(("xhr", "mobile"))
        return req("GET", "/obsdash/api/search", headers_for(ctx, profile, auth="jwt" if profile == "mobile" else None, cookies=profile == "xhr"), qs(ctx, pairs, fixed=("type",)))
    if kind == "push":
        metric = ctx.pick(("backup_last_success_timestamp_seconds", "batch_job_duration_seconds", "etl_rows_processed_total", "cron_last_run_exit_code"))
        what = f"{ctx.pick(('Last time the', 'Duration of the', 'Rows seen by the'))} {ctx.en.word()} {ctx.pick(('job', 'backup', 'sync'))} -- set by {_repo_file(ctx, 'sh')}"
        help_text = ctx.slot("multipart", "help", ctx.pick((what,
                                                              v.sentence(ctx), f"Exit code of `{synth_tech.shell_line(ctx)}`")))
        labels = f'db="{ctx.pick(_TABLES)}",host="{_pod(ctx, _service(ctx))}"'
        lines = [f"# HELP {metric} {help_text}", f"# TYPE {metric} {ctx.pick(('gauge', 'counter'))}", f"{metric}{{{labels}}} {ctx.pick((now, round(ctx.rng.uniform(0, 900), 3), ctx.rng.randint(0, 2)))}"]
        if ctx.chance(0.5):
            lines += ["# TYPE batch_job_rows gauge", f"batch_job_rows{{{labels}}} {ctx.rng.randint(0, 10**6)}"]
        job, inst = seg(ctx, "job", ctx.pick(("nightly-backup", "etl_" + ctx.en.word(), _service(ctx) + "-cron"))), seg(ctx, "instance", _pod(ctx, _service(ctx)))
        return req(ctx.pick(("PUT", "POST")), f"/obsdash/pushgw/metrics/job/{job}/instance/{inst}",
                   headers_for(ctx, "sdk", content_type="text/plain; version=0.0.4; charset=utf-8", auth="basic"), body="\n".join(lines) + "\n")
    target = ctx.pick(("dashboards/uid", "annotations", "snapshots"))
    return req("DELETE", f"/obsdash/api/{target}/{seg(ctx, 'id', ctx.pick((v.alnum_token(ctx, 9), str(rid(ctx)))))}", headers_for(ctx, "xhr", cookies=True, extra=_grafana_extra(ctx)))


# --------------------------------------------------------------------------
# 2. Log search: a pipe query language, LogQL, search jobs, raw ingest
# --------------------------------------------------------------------------

_PIPES = (
    lambda c: "| stats count() by host",
    lambda c: f"| stats count() as n, avg(duration_ms) by {c.pick(('route', 'status', 'service', 'user.id'))}",
    lambda c: "| sort -n",
    lambda c: f"| head {c.pick((10, 20, 100))}",
    lambda c: f"| where duration_ms > {c.rng.randint(100, 5000)}",
    lambda c: "| fields @timestamp, level, msg, trace_id",
    lambda c: '| rex field=msg "order=(?<order_id>\\d+)"',
    lambda c: f"| timechart span={c.pick(('1m', '5m', '1h'))} count by status",
    lambda c: "| dedup request_id",
    lambda c: f'| eval slow=if(duration_ms > {c.rng.randint(200, 2000)}, "yes", "no")',
)


def _log_terms(ctx: Ctx) -> list[str]:
    options = (
        lambda: f"level:{ctx.pick(('error', 'warn', 'ERROR', 'fatal'))}",
        lambda: f'service:"{_service(ctx)}"',
        lambda: f"host:{_service(ctx)}-*",
        lambda: ctx.pick((f"status:>={ctx.pick((400, 500))}", "status:[500 TO 599]")),
        lambda: f'"{ctx.pick(("connection refused", "deadlock detected", "context deadline exceeded", "OOMKilled", "permission denied", _exception(ctx)[0]))}"',
        lambda: f'NOT path:"{ctx.pick(("/healthz", "/metrics", "/favicon.ico"))}"',
        lambda: ctx.pick((f"user.email:{ctx.fake.email()}", f'user.name:"{v.full_name(ctx)}"')),
        lambda: f"trace_id:{v.hex_token(ctx, 32)}",
        lambda: f'msg:"{v.search_terms(ctx)}"',
    )
    return [options[i]() for i in ctx.rng.sample(range(len(options)), ctx.rng.randint(1, 3))]


def _log_query(ctx: Ctx) -> str:
    """A search in the UI's pipe language: `level:error AND service:"checkout" | stats count() by host`."""
    q = f" {ctx.pick(('AND', 'AND', 'OR'))} ".join(_log_terms(ctx))
    for i in ctx.rng.sample(range(len(_PIPES)), ctx.rng.randint(0, 3)):
        q += " " + _PIPES[i](ctx)
    return q


def _logql(ctx: Ctx) -> str:
    labels = [f'app="{_service(ctx)}"', 'env=~"prod|staging"', f'namespace="{ctx.pick(_NAMESPACES)}"', 'container!="istio-proxy"']
    sel = "{" + ", ".join(labels[i] for i in sorted(ctx.rng.sample(range(4), ctx.rng.randint(1, 3)))) + "}"
    filters = ctx.pick((f'|= "{ctx.pick(("timeout", "error", "panic", ctx.en.word()))}"', '!= "healthcheck"', '|~ "(?i)(panic|fatal|timeout)"', '!~ "GET /(metrics|ready)"'))
    parser = ctx.pick(("| json", "| logfmt", '| pattern `<ip> - - [<_>] "<method> <uri> <_>" <status> <size>`', "| regexp `(?P<method>\\w+) (?P<path>[^ ]+)`"))
    post = ctx.pick(('| level="error"', "| status >= 500", '| line_format "{{.ts}} {{.level}} {{.msg}}"', "| duration > 500ms", ""))
    r = ctx.rng.random()
    if r < 0.55:
        return f"{sel} {filters} {parser} {post}".rstrip()
    if r < 0.8:
        return f"sum by (pod) (count_over_time({sel} {filters} [{ctx.pick(('1m', '5m', '1h'))}]))"
    return f"quantile_over_time(0.99, {sel} | json | unwrap duration_ms [5m]) by (route)"


@template("train", ("/logscope/",), weight=1.3)
def log_search(ctx: Ctx) -> Request:
    """Log search: pipe-language searches, LogQL range queries, Splunk-style form jobs, saved searches, CSV exports, raw and JSON ingest."""
    kind = ctx.pick(("search", "search", "logql", "job", "saved", "export", "raw", "event", "delete"))
    now = _epoch(ctx)
    if kind == "search":
        pairs: list[tuple[str, Any]] = [("q", _log_query(ctx) if ctx.chance(0.8) else f'msg:"{v.sentence(ctx)}"'),
                                        ("from", ctx.pick(("now-15m", "now-24h", v.iso_datetime(ctx)))), ("to", "now"), ("limit", ctx.pick((100, 500)))]
        if ctx.chance(0.4):
            pairs.append(("columns", ",".join(ctx.rng.sample(["host", "level", "msg", "service", "trace_id", "status"], 3))))
        if ctx.chance(0.3):
            pairs.append(("tz", ctx.fake.timezone()))
        profile = ctx.pick(("xhr", "xhr", "sdk"))
        return req("GET", "/logscope/api/search", headers_for(ctx, profile, auth=ctx.pick(("jwt", None)) if profile == "xhr" else "apikey"), qs(ctx, pairs))
    if kind == "logql":
        pairs = [("query", _logql(ctx)), ("start", str(now - 3600) + "000000000"), ("end", str(now) + "000000000"), ("limit", ctx.pick((100, 1000))),
                 ("direction", ctx.pick(("backward", "forward")))]
        extra = (("X-Scope-OrgID", header_slot(ctx, "X-Scope-OrgID", ctx.pick(("tenant-" + ctx.en.word(), _env(ctx), ctx.fake.company()[:30])))),)
        return req("GET", "/logscope/loki/api/v1/query_range", headers_for(ctx, ctx.pick(("sdk", "xhr")), auth=ctx.pick(("basic", "jwt")), extra=extra),
                   qs(ctx, pairs, fixed=("direction",)))
    if kind == "job":
        search = f"search index={ctx.pick(('web', 'app', 'main', 'security'))} sourcetype={ctx.pick(('access_combined', '_json', 'kube:container'))} {' '.join(_log_terms(ctx))}"
        search += " " + _PIPES[ctx.rng.randrange(len(_PIPES))](ctx)
        pairs = [("search", search), ("earliest_time", ctx.pick(("-24h", "-15m", "-7d@d"))), ("latest_time", "now"), ("exec_mode", ctx.pick(("normal", "blocking"))),
                 ("output_mode", "json")]
        if ctx.chance(0.3):
            pairs.append(("label", ctx.pick((v.short_text(ctx), f"{ctx.en.word()} investigation"))))
        return req("POST", "/logscope/services/search/jobs", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", auth="basic"),
                   body=form(ctx, pairs, fixed=("output_mode", "exec_mode")))
    if kind == "saved":
        body: dict[str, Any] = {"name": j(ctx, "name", ctx.pick((v.short_text(ctx), v.short_text(ctx), f"{_service(ctx)} 5xx spikes", "Slow queries > 1s"))),
                                "query": j(ctx, "query", ctx.pick((_log_query(ctx), _logql(ctx)))),
                                "description": j(ctx, "description", ctx.pick(("", _dev_note(ctx)))), "visibility": ctx.pick(("private", "team", "org")),
                                "columns": ctx.rng.sample(["host", "level", "msg", "service", "trace_id"], 3)}
        if ctx.chance(0.4):
            body["alert"] = {"threshold": ctx.rng.randint(1, 500), "window": ctx.pick(("5m", "1h")), "notify": [j(ctx, "alert.notify", ctx.pick((ctx.fake.email(), "#" + ctx.en.word() + "-alerts")))]}
        method = ctx.pick(("POST", "PUT"))
        path = "/logscope/api/saved-searches" + ("" if method == "POST" else f"/{seg(ctx, 'saved', ctx.fake.uuid4())}")
        return req(method, path, site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
    if kind == "export":
        pairs = [("output_mode", ctx.pick(("csv", "json_rows"))), ("count", ctx.pick((0, 1000, 50000))), ("f", ctx.pick(("_time", "host", "msg")))]
        if ctx.chance(0.4):
            pairs.append(("search", "| " + ctx.pick(("fields host, status, msg", "sort -_time", "where status >= 500"))))
        sid = seg(ctx, "sid", f"{ctx.pick(('admin', ctx.en.user_name()))}__search__{v.alnum_token(ctx, 10)}_at_{now}_{ctx.rng.randint(1, 999)}")
        return req(ctx.pick(("GET", "HEAD")), f"/logscope/services/search/jobs/{sid}/results", headers_for(ctx, ctx.pick(("sdk", "nav")), auth=None, cookies=True), qs(ctx, pairs, fixed=("output_mode",)))
    token = (("Authorization", f"Splunk {ctx.fake.uuid4()}"),)
    if kind == "raw":
        lines = [_log_line(ctx) for _ in range(ctx.rng.randint(1, 6))]
        lines[0] = str(ctx.slot("multipart", "raw.line", lines[0]))
        pairs = [("channel", ctx.fake.uuid4()), ("sourcetype", ctx.pick(("access_combined", "python", "java", "_json"))), ("host", _pod(ctx, _service(ctx)))]
        return req("POST", "/logscope/services/collector/raw", headers_for(ctx, "sdk", content_type="text/plain; charset=utf-8", extra=token), qs(ctx, pairs, fixed=("channel",)), "\n".join(lines))
    if kind == "event":
        etype, msg = _exception(ctx)
        body = {"time": now + round(ctx.rng.random(), 3), "host": j(ctx, "host", _pod(ctx, _service(ctx))), "source": j(ctx, "source", v.file_path(ctx)), "sourcetype": "_json",
                "index": ctx.pick(("app", "main")), "event": {"level": ctx.pick(("ERROR", "WARN")), "logger": f"{ctx.en.word()}.{ctx.en.word()}", "message": j(ctx, "event.message", f"{etype}: {msg}"),
                                                          "user": j(ctx, "event.user", ctx.pick((ctx.fake.email(), v.full_name(ctx)))),
                                                          "request": {"path": j(ctx, "event.request.path", v.app_path(ctx)), "status": ctx.pick((500, 502, 404))}},
                "fields": {"env": _env(ctx), "region": ctx.pick(("eu-west-1", "us-east-1", "ap-northeast-1"))}}
        return req("POST", "/logscope/services/collector/event", headers_for(ctx, "sdk", content_type="application/json", extra=token), body=dumps(ctx, body))
    return req("DELETE", f"/logscope/api/saved-searches/{seg(ctx, 'saved', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 3. Error tracker: store events, envelopes, minidumps, issue triage, feedback
# --------------------------------------------------------------------------

_PLATFORMS = ("python", "javascript", "java", "php", "cocoa", "node")


def _frames(ctx: Ctx, platform: str, slot_prefix: str | None) -> list[dict[str, Any]]:
    """Stack frames with file names, functions and the source line, as SDKs send them (innermost last)."""
    lang = {"python": "python", "php": "php", "java": "javascript", "cocoa": "javascript"}.get(platform, "javascript")
    frames = []
    for i in range(ctx.rng.randint(2, 5)):
        w = ctx.en.word()
        if platform == "python":
            fname = ctx.pick((_repo_file(ctx, "py"), f"/usr/local/lib/python3.{ctx.rng.randint(9, 13)}/site-packages/{ctx.pick(('django', 'sqlalchemy', 'requests'))}/{w}.py"))
            frame: dict[str, Any] = {"filename": fname, "abs_path": "/srv/app/" + fname if not fname.startswith("/") else fname, "function": f"{w}_{ctx.en.word()}", "module": fname.replace("/", ".")[:-3]}
        elif platform in ("javascript", "node"):
            fname = ctx.pick((f"app:///static/js/{w}.{v.hex_token(ctx, 8)}.js", f"webpack:///./src/{w}/{ctx.en.word()}.tsx", f"node_modules/{ctx.en.word()}/lib/index.js"))
            frame = {"filename": fname, "abs_path": f"{v.site(ctx)}/static/js/{w}.{v.hex_token(ctx, 8)}.js", "function": ctx.pick((f"{w}.{ctx.en.word()}", "onClick", "async Promise.all", "?")),
                     "colno": ctx.rng.randint(1, 30000)}
        elif platform == "php":
            fname = f"/var/www/html/{ctx.pick(('app/Http/Controllers', 'vendor/laravel/framework/src', 'app/Models'))}/{w.capitalize()}.php"
            frame = {"filename": fname.replace("/var/www/html/", ""), "abs_path": fname, "function": f"App\\{w.capitalize()}::{ctx.en.word()}"}
        else:
            frame = {"filename": f"{w.capitalize()}Service.java" if platform == "java" else f"{w.capitalize()}ViewController.swift", "module": f"com.{ctx.en.word()}.{w}",
                     "function": ctx.pick((ctx.en.word(), "lambda$" + ctx.en.word() + "$0", "viewDidLoad()")), "package": ctx.pick(("app", "Foundation"))}
        frame["lineno"] = ctx.rng.randint(1, 900)
        frame["in_app"] = ctx.chance(0.6)
        if ctx.chance(0.6):
            code_lines = _snippet(ctx, lang).splitlines() or ["pass"]
            line = ctx.pick(code_lines)
            frame["context_line"] = j(ctx, f"{slot_prefix}.frames[{i}].context_line", line) if slot_prefix and i == 0 else line
            frame["pre_context"] = code_lines[:2]
        frames.append(frame)
    return frames


def _breadcrumbs(ctx: Ctx, slot_prefix: str | None) -> list[dict[str, Any]]:
    out = []
    for i in range(ctx.rng.randint(0, 4)):
        cat = ctx.pick(("http", "query", "ui.click", "console", "navigation"))
        if cat == "http":
            crumb: dict[str, Any] = {"type": "http", "data": {"method": ctx.pick(("GET", "POST")), "url": f"{v.site(ctx)}{v.app_path(ctx)}", "status_code": ctx.pick((200, 404, 500))}}
        elif cat == "query":
            crumb = {"message": _sql(ctx), "data": {"db.system": ctx.pick(("postgresql", "mysql", "sqlite"))}}
        elif cat == "ui.click":
            crumb = {"message": f"body > div#{ctx.en.word()} > form.{ctx.en.word()}-form > button.btn.btn-{ctx.pick(('primary', 'danger'))}[type=\"submit\"]"}
        elif cat == "console":
            crumb = {"message": ctx.pick((v.sentence(ctx), f"[{ctx.en.word()}] fetch failed: {ctx.pick(('NetworkError when attempting to fetch resource.', 'Failed to fetch'))}")), "level": "warning"}
        else:
            crumb = {"data": {"from": v.app_path(ctx), "to": v.app_path(ctx)}}
        crumb.update({"timestamp": round(_epoch(ctx) + ctx.rng.random(), 3), "category": cat})
        if slot_prefix and "message" in crumb and i == 0:
            crumb["message"] = j(ctx, f"{slot_prefix}.breadcrumbs[0].message", crumb["message"])
        out.append(crumb)
    return out


def _event(ctx: Ctx, platform: str, slot_prefix: str | None) -> dict[str, Any]:
    """A Sentry-style error event; string values are slots when slot_prefix is given."""
    def s(name: str, value: Any) -> Any:
        return j(ctx, f"{slot_prefix}.{name}", value) if slot_prefix else value

    etype, msg = _exception(ctx)
    first, last = v.person_name(ctx)
    svc = _service(ctx)
    event: dict[str, Any] = {
        "event_id": v.hex_token(ctx, 32), "timestamp": v.iso_datetime(ctx), "platform": "javascript" if platform == "node" else platform, "level": ctx.pick(("error", "error", "fatal", "warning")),
        "release": f"{svc}@{_version(ctx)}", "environment": _env(ctx), "server_name": _pod(ctx, svc) if platform in ("python", "java", "php", "node") else None,
        "transaction": s("transaction", ctx.pick((f"/{ctx.en.word()}/{{id}}", f"{ctx.pick(('GET', 'POST'))} {v.app_path(ctx)}", f"{ctx.en.word()}.views.{ctx.en.word()}"))),
        "exception": {"values": [{"type": etype, "value": s("exception.value", msg), "mechanism": {"type": ctx.pick(("generic", "onerror", "django")), "handled": ctx.chance(0.4)},
                                  "stacktrace": {"frames": _frames(ctx, platform, slot_prefix)}}]},
        "breadcrumbs": {"values": _breadcrumbs(ctx, slot_prefix)},
        "user": {"id": str(rid(ctx)), "email": s("user.email", ctx.fake.email()), "username": s("user.username", f"{first} {last}"), "ip_address": "{{auto}}"},
        "tags": {"route": s("tags.route", v.app_path(ctx).split("?")[0]), "customer": s("tags.customer", ctx.fake.company())},
        "sdk": {"name": f"sentry.{platform}", "version": _version(ctx).split("-")[0]},
    }
    if platform in ("javascript", "python", "php", "node"):
        event["request"] = {"url": s("request.url", f"{v.site(ctx)}{v.app_path(ctx)}"), "method": ctx.pick(("GET", "POST")),
                            "query_string": s("request.query_string", f"{ctx.en.word()}={urllib.parse.quote(v.search_terms(ctx))}&page={ctx.rng.randint(1, 9)}"),
                            "headers": {"Referer": f"{v.site(ctx)}/", "User-Agent": v.user_agent(ctx, "nav")}}
    if ctx.chance(0.4):
        event["extra"] = {"note": s("extra.note", _dev_note(ctx)), "retries": ctx.rng.randint(0, 5)}
    if platform == "cocoa":
        event["contexts"] = {"os": {"name": "iOS", "version": f"{ctx.rng.randint(15, 18)}.{ctx.rng.randint(0, 6)}"}, "device": {"model": ctx.pick(("iPhone15,2", "iPhone14,5", "iPad13,4"))}}
    return event


def _sentry_auth(ctx: Ctx, client: str) -> str:
    return f"Sentry sentry_version=7, sentry_client={client}, sentry_key={v.hex_token(ctx, 32)}"


@template("train", ("/errtrack/",), weight=1.4)
def error_tracker(ctx: Ctx) -> Request:
    """Error tracking: JSON store events, envelopes, minidump multipart, issue search and triage, user feedback form, deletions."""
    kind = ctx.pick(("store", "store", "envelope", "minidump", "issues", "triage", "comment", "feedback", "delete"))
    project = ctx.rng.randint(1, 9999)
    if kind == "store":
        platform = ctx.pick(_PLATFORMS)
        profile = "mobile" if platform == "cocoa" else ("xhr" if platform == "javascript" else "sdk")
        client = f"sentry.{platform}/{_version(ctx).split('-')[0]}"
        body = _event(ctx, platform, "event")
        if profile == "xhr":  # browsers put the key in the query string
            pairs = [("sentry_key", v.hex_token(ctx, 32)), ("sentry_version", "7"), ("sentry_client", client)]
            return req("POST", f"/errtrack/api/{project}/store/", headers_for(ctx, "xhr", content_type=ctx.pick(("application/json", "text/plain;charset=UTF-8")), origin=v.site(ctx), cookies=False),
                       qs(ctx, pairs, fixed=("sentry_key", "sentry_version", "sentry_client")), dumps(ctx, body))
        return req("POST", f"/errtrack/api/{project}/store/", headers_for(ctx, profile, content_type="application/json", extra=(("X-Sentry-Auth", _sentry_auth(ctx, client)),)), body=dumps(ctx, body))
    if kind == "envelope":
        # Newline-delimited: envelope header, item header, item. The event line is a whole JSON document
        # on a line of its own, so its values are no slot kind; the trailing log attachment is raw text.
        platform = ctx.pick(_PLATFORMS)
        event = _event(ctx, platform, None)
        header = {"event_id": event["event_id"], "sent_at": v.iso_datetime(ctx), "dsn": f"https://{v.hex_token(ctx, 32)}@o{ctx.rng.randint(1000, 999999)}.ingest.{ctx.en.domain_name()}/{project}",
                  "sdk": {"name": f"sentry.{platform}", "version": _version(ctx).split("-")[0]}}
        lines = [json.dumps(header, separators=(",", ":")), json.dumps({"type": "event"}), json.dumps(event, ensure_ascii=ctx.json_ascii, separators=(",", ":"))]
        attachment = str(ctx.slot("multipart", "attachment.line", _log_line(ctx)))
        lines += [json.dumps({"type": "attachment", "filename": ctx.pick(("console.log", "app.log", "last_request.txt")), "content_type": "text/plain"}), attachment]
        profile = ctx.pick(("xhr", "sdk", "mobile"))
        extra = () if profile == "xhr" else (("X-Sentry-Auth", _sentry_auth(ctx, f"sentry.{platform}/{_version(ctx)}")),)
        return req("POST", f"/errtrack/api/{project}/envelope/", headers_for(ctx, profile, content_type="application/x-sentry-envelope", origin=v.site(ctx) if profile == "xhr" else None,
                                                                               cookies=False, extra=extra), body="\n".join(lines) + "\n")
    if kind == "minidump":
        fields: list[tuple[str, Any]] = [("sentry[release]", f"{ctx.en.word()}-desktop@{_version(ctx)}"), ("sentry[environment]", _env(ctx)),
                                         ("sentry[user][email]", ctx.fake.email()), ("sentry[tags][gpu]", ctx.pick(("NVIDIA GeForce RTX 3060", "Intel(R) UHD Graphics 620", "Apple M2"))),
                                         ("sentry[extra][last_action]", ctx.pick((v.sentence(ctx), f"Opened {v.file_path(ctx)}", "File > Export > PDF")))]
        dump = "MDMP" + "".join(ctx.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(ctx.rng.randint(40, 200)))
        files = [("upload_file_minidump", f"{ctx.fake.uuid4()}.dmp", "application/octet-stream", dump)]
        if ctx.chance(0.4):
            files.append(("log", "main.log", "text/plain", "\n".join(_log_line(ctx) for _ in range(ctx.rng.randint(1, 4)))))
        ctype, body = multipart(ctx, fields, files)
        return req("POST", f"/errtrack/api/{project}/minidump/", headers_for(ctx, "sdk", content_type=ctype), qs(ctx, [("sentry_key", v.hex_token(ctx, 32))], fixed=("sentry_key",)), body)
    if kind == "feedback":
        pairs = [("name", v.full_name(ctx)), ("email", ctx.fake.email()),
                 ("comments", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.5), f"I clicked 'Save' and got a white page -- {v.sentence(ctx)}", v.dashy_text(ctx))))]
        q = qs(ctx, [("dsn", f"https://{v.hex_token(ctx, 32)}@errtrack.{ctx.en.domain_name()}/{project}"), ("eventId", v.hex_token(ctx, 32))], fixed=("dsn", "eventId"))
        site = v.site(ctx)
        return req("POST", "/errtrack/api/embed/error-page/", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + v.app_path(ctx)), q, form(ctx, pairs))
    org = seg(ctx, "org", ctx.pick((ctx.en.slug(), ctx.en.word())))
    if kind == "issues":
        etype, msg = _exception(ctx)
        query = " ".join(ctx.rng.sample([ctx.pick(("is:unresolved", "is:unresolved is:unassigned", "is:for_review")), f"level:{ctx.pick(('error', 'fatal'))}",
                                         f"release:{_version(ctx)}", f'"{etype}"', f"user.email:{ctx.fake.email()}", f'message:"{msg.splitlines()[0][:60]}"',
                                         f"url:*{ctx.en.word()}*", "!browser.name:Firefox", f"environment:{_env(ctx)}"], ctx.rng.randint(1, 3)))
        pairs = [("query", query), ("statsPeriod", ctx.pick(("24h", "14d", "90d"))), ("sort", ctx.pick(("date", "freq", "new", "user"))), ("limit", 25)]
        pairs += [("project", ctx.rng.randint(1, 9999)) for _ in range(ctx.rng.randint(0, 2))]
        profile = ctx.pick(("xhr", "xhr", "mobile"))
        return req("GET", f"/errtrack/api/0/organizations/{org}/issues/", headers_for(ctx, profile, auth="jwt" if profile == "mobile" else ctx.pick(("jwt", None))), qs(ctx, pairs))
    issue = seg(ctx, "issue", str(rid(ctx)))
    if kind == "triage":
        body2: dict[str, Any] = {"status": ctx.pick(("resolved", "ignored", "unresolved", "resolvedInNextRelease"))}
        if ctx.chance(0.5):
            body2["assignedTo"] = j(ctx, "assignedTo", ctx.pick((ctx.fake.email(), "team:" + ctx.en.word(), _user(ctx))))
        if body2["status"] == "ignored":
            body2["statusDetails"] = {"ignoreCount": ctx.rng.randint(10, 1000), "ignoreWindow": ctx.pick((60, 1440))}
        if ctx.chance(0.3):
            body2["hasSeen"] = True
        return req("PUT", f"/errtrack/api/0/organizations/{org}/issues/{issue}/", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body2))
    if kind == "comment":
        body2 = {"text": j(ctx, "text", _dev_note(ctx)), "mentions": [j(ctx, "mentions", _user(ctx)) for _ in range(ctx.rng.randint(0, 2))]}
        return req("POST", f"/errtrack/api/0/organizations/{org}/issues/{issue}/comments/", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body2))
    return req("DELETE", f"/errtrack/api/0/organizations/{org}/issues/{issue}/", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("jwt", "apikey"))))


# --------------------------------------------------------------------------
# 4. Code review: changes, unified diffs, line comments, JUnit reports, Conduit forms
# --------------------------------------------------------------------------


def _unified_diff(ctx: Ctx, path: str) -> str:
    """A unified diff of one file, its lines taken from code in the file's language."""
    old = _snippet(ctx, _lang_of(path)).splitlines() or [""]
    new = _snippet(ctx, _lang_of(path)).splitlines() or [""]
    a, b = ctx.rng.randint(1, 400), ctx.rng.randint(1, 400)
    ctx_line = old[0]
    removed = old[1:1 + ctx.rng.randint(0, 3)]
    added = new[:ctx.rng.randint(1, 4)]
    lines = [f"diff --git a/{path} b/{path}", f"index {v.hex_token(ctx, 8)[:7]}..{v.hex_token(ctx, 8)[:7]} 100644", f"--- a/{path}", f"+++ b/{path}",
             f"@@ -{a},{len(removed) + 1} +{b},{len(added) + 1} @@ {ctx.pick(('def ', 'func ', 'class ', 'function ', ''))}{ctx.en.word()}", " " + ctx_line]
    lines += ["-" + x for x in removed] + ["+" + x for x in added]
    return "\n".join(lines) + "\n"


def _review_comment(ctx: Ctx) -> str:
    """A line comment: nits, suggestions in fenced blocks, security remarks quoting SQL."""
    r = ctx.rng.random()
    if r < 0.2:
        return f"```suggestion\n{ctx.pick(_snippet(ctx, ctx.pick(_CODE_LANGS)).splitlines() or ['pass'])}\n```\n{ctx.pick(('nit', 'Suggestion:', 'Maybe?', ''))}".rstrip()
    if r < 0.35:
        t, col = ctx.pick(_TABLES), ctx.pick(_COLS)
        return (f"This builds the query with string concatenation -- please use a bound parameter:\n\n```python\ncursor.execute(\"SELECT * FROM {t} WHERE {col} = %s\", ({col},))\n```\n"
                f"otherwise a value like `O'Brien` breaks it (and worse).")
    if r < 0.45:
        return f"nit: `{ctx.en.word()}` -> `{ctx.en.word()}_{ctx.en.word()}`; also `{synth_tech.formula(ctx)}` reads backwards to me."
    if r < 0.55:
        return f"Does this still work when `{ctx.en.word()}` is `null`/`undefined`? I'd add a test in {_repo_file(ctx)}."
    if r < 0.62:
        return f"Why `rm -rf ./{ctx.en.word()}/*` here? If the var is empty we delete the wrong dir -- use `${{DIR:?}}`."
    return _dev_note(ctx)


def _junit_xml(ctx: Ctx) -> str:
    suite = f"tests.test_{ctx.en.word()}"
    cases = []
    n = ctx.rng.randint(1, 5)
    failures = 0
    for i in range(n):
        name = f"test_{ctx.en.word()}_{ctx.en.word()}"
        time = round(ctx.rng.uniform(0.001, 3.0), 3)
        if ctx.chance(0.4) or i == 0:
            failures += 1
            etype, msg = _exception(ctx)
            check = ctx.pick(("response.status_code == 200, response.text", f"{ctx.en.word()} {ctx.pick(('==', '<=', '!=', '>'))} {ctx.rng.randint(0, 99)}", "not errors, errors"))
            text = f"{etype}: {msg}\n  File \"{_repo_file(ctx, 'py')}\", line {ctx.rng.randint(3, 400)}, in {name}\n    assert {check}"
            text = str(ctx.slot("xml", f"testcase[{i}].failure", text)) if i == 0 else text
            cases.append(f'    <testcase classname="{suite}" name="{name}" time="{time}">\n      <failure type="{etype}" message="{enc_xml(msg.splitlines()[0][:80])}">'
                         f"{enc_xml(text)}</failure>\n    </testcase>")
        else:
            cases.append(f'    <testcase classname="{suite}" name="{name}" time="{time}"/>')
    out = str(ctx.slot("xml", "system-out", "\n".join(_log_line(ctx) for _ in range(ctx.rng.randint(1, 3)))))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="{ctx.pick(("pytest", "jest", "go test"))}" tests="{n}" failures="{failures}">\n'
            f'  <testsuite name="{suite}" tests="{n}" failures="{failures}" errors="0" skipped="0">\n' + "\n".join(cases) +
            f"\n    <system-out>{enc_xml(out)}</system-out>\n  </testsuite>\n</testsuites>\n")


@template("train", ("/codereview/",), weight=1.4)
def code_review(ctx: Ctx) -> Request:
    """Code review: change search, file diffs, reviews with line comments, new changes with a diff, JUnit uploads, Conduit-style form API."""
    kind = ctx.pick(("search", "diff", "review", "review", "create", "edit", "junit", "junit", "conduit", "patch", "delete"))
    change = seg(ctx, "change", ctx.pick((str(ctx.rng.randint(1, 99999)), f"{ctx.en.word()}~{ctx.rng.randint(1, 99999)}", "I" + v.hex_token(ctx, 40)))) if kind not in ("search", "create", "conduit") else ""
    if kind == "search":
        q = " ".join(ctx.rng.sample(["status:open", f"project:{ctx.en.word()}/{ctx.en.word()}", f'owner:"{v.full_name(ctx)}"', "-is:wip", f"reviewer:{_user(ctx)}",
                                     f"branch:{_branch(ctx)}", f'message:"{v.search_terms(ctx)}"', f"file:^{_repo_file(ctx).rsplit('/', 1)[0]}/.*", "label:Code-Review<=-1", "age:1w"],
                                    ctx.rng.randint(1, 4)))
        pairs: list[tuple[str, Any]] = [("q", q), ("n", ctx.pick((25, 50)))]
        pairs += [("o", o) for o in ctx.rng.sample(["LABELS", "DETAILED_ACCOUNTS", "CURRENT_REVISION", "MESSAGES"], ctx.rng.randint(0, 2))]
        profile = ctx.pick(("xhr", "sdk"))
        return req("GET", "/codereview/a/changes/", headers_for(ctx, profile, auth="basic" if profile == "sdk" else None, cookies=profile == "xhr"), qs(ctx, pairs))
    if kind == "diff":
        path = seg(ctx, "file", _repo_file(ctx))
        pairs = [("context", ctx.pick((3, 10, "ALL"))), ("intraline", "true"), ("whitespace", ctx.pick(("IGNORE_NONE", "IGNORE_ALL")))]
        return req("GET", f"/codereview/a/changes/{change}/revisions/current/files/{path}/diff", headers_for(ctx, "xhr", cookies=True), qs(ctx, pairs, fixed=("intraline",)))
    if kind == "review":
        comments: dict[str, Any] = {}
        for i in range(ctx.rng.randint(1, 3)):
            path = _repo_file(ctx)
            comments[path] = [{"line": ctx.rng.randint(1, 500), "message": j(ctx, f"comments[{i}][{k}].message", _review_comment(ctx)), "unresolved": ctx.chance(0.6),
                               **({"range": {"start_line": 10, "start_character": 0, "end_line": 12, "end_character": ctx.rng.randint(1, 80)}} if ctx.chance(0.3) else {})}
                              for k in range(ctx.rng.randint(1, 2))]
        body: dict[str, Any] = {"message": j(ctx, "message", ctx.pick(("", "LGTM", _dev_note(ctx), "Patch Set 3: Code-Review+2\n\n" + v.sentence(ctx)))),
                                "labels": {"Code-Review": ctx.pick((-2, -1, 1, 2)), **({"Verified": ctx.pick((-1, 1))} if ctx.chance(0.3) else {})},
                                "comments": comments, "drafts": ctx.pick(("PUBLISH", "KEEP")), "notify": ctx.pick(("ALL", "OWNER", "NONE"))}
        rev = seg(ctx, "revision", ctx.pick(("current", str(ctx.rng.randint(1, 12)), v.hex_token(ctx, 40))))
        return req("POST", f"/codereview/a/changes/{change}/revisions/{rev}/review", site_headers(ctx, "xhr", "application/json; charset=UTF-8", None, cookies=True), body=dumps(ctx, body))
    if kind == "create":
        files = [_repo_file(ctx) for _ in range(ctx.rng.randint(1, 2))]
        body = {"title": j(ctx, "title", ctx.pick((f"{ctx.pick(('fix', 'feat', 'chore', 'refactor'))}({ctx.en.word()}): {ctx.en.sentence(nb_words=5).rstrip('.').lower()}", v.short_text(ctx)))),
                "description": j(ctx, "description", ctx.pick((v.markdown_post(ctx, code_rate=0.6), _dev_note(ctx) + "\n\nCloses #" + str(ctx.rng.randint(1, 9999))))),
                "source_branch": j(ctx, "source_branch", _branch(ctx)), "target_branch": ctx.pick(("main", "master", "develop")),
                "patch": j(ctx, "patch", "".join(_unified_diff(ctx, f) for f in files)), "draft": ctx.chance(0.3),
                "reviewers": [j(ctx, "reviewers", _user(ctx)) for _ in range(ctx.rng.randint(0, 2))], "labels": ctx.rng.sample(["bug", "security", "db-migration", "needs-docs"], ctx.rng.randint(0, 2))}
        return req("POST", f"/codereview/api/projects/{seg(ctx, 'project', ctx.en.word() + '/' + ctx.en.word())}/changes",
                   headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth=ctx.pick(("jwt", "apikey", "basic"))), body=dumps(ctx, body))
    if kind == "edit":
        body = {"message": j(ctx, "message", _review_comment(ctx)), "unresolved": ctx.chance(0.5)}
        return req(ctx.pick(("PUT", "PATCH")), f"/codereview/a/changes/{change}/revisions/current/drafts/{seg(ctx, 'draft', v.hex_token(ctx, 16))}",
                   site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "junit":
        q = qs(ctx, [("name", ctx.pick(("unit", "integration", "e2e -- chrome"))), ("attempt", ctx.rng.randint(1, 3))])
        return req("POST", f"/codereview/api/changes/{change}/checks/junit", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="apikey"),
                   q, _junit_xml(ctx))
    if kind == "conduit":
        pairs = [("api.token", "api-" + v.alnum_token(ctx, 28).lower()), ("objectIdentifier", f"D{ctx.rng.randint(100, 99999)}"),
                 ("transactions[0][type]", "comment"), ("transactions[0][value]", _review_comment(ctx))]
        if ctx.chance(0.5):
            pairs += [("transactions[1][type]", ctx.pick(("reviewers.add", "projects.add"))), ("transactions[1][value][0]", ctx.pick(("PHID-USER-", "PHID-PROJ-")) + v.alnum_token(ctx, 20).lower())]
        if ctx.chance(0.3):
            pairs += [("transactions[2][type]", "title"), ("transactions[2][value]", v.short_text(ctx))]
        return req("POST", "/codereview/conduit/differential.revision.edit", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded"),
                   body=form(ctx, pairs, fixed=("api.token", "transactions[0][type]", "transactions[1][type]", "transactions[2][type]")))
    if kind == "patch":
        q = qs(ctx, [("zip", "1")], fixed=("zip",)) if ctx.chance(0.3) else ""
        return req(ctx.pick(("GET", "HEAD")), f"/codereview/a/changes/{change}/revisions/current/patch", headers_for(ctx, ctx.pick(("sdk", "nav")), auth=None, accept="text/plain, */*"), q)
    return req("DELETE", f"/codereview/a/changes/{change}/revisions/current/drafts/{seg(ctx, 'draft', v.hex_token(ctx, 16))}", headers_for(ctx, "xhr", cookies=True))


# --------------------------------------------------------------------------
# 5. Pastebin / gists: snippets in many languages, forms, raw uploads, XML pastes
# --------------------------------------------------------------------------

_SYNTAX = {"bash": "bash", "sql": "sql", "php": "php", "javascript": "javascript", "python": "python", "go": "go", "yaml": "yaml"}
_EXT = {"bash": "sh", "sql": "sql", "php": "php", "javascript": "js", "python": "py", "go": "go", "yaml": "yml"}


def _paste_title(ctx: Ctx, lang: str) -> str:
    return ctx.pick((v.short_text(ctx), f"{lang} snippet", f"{ctx.en.word()}.{_EXT[lang]}", f"why does this {ctx.pick(('hang', 'segfault', 'return NULL', 'fail on CI'))}?",
                     f"{v.full_name(ctx)}'s {ctx.en.word()} script", "untitled"))


def _xml_paste(ctx: Ctx) -> str:
    """A build or logging config people paste: element texts are slots."""
    if ctx.chance(0.5):
        deps = "".join(f"\n    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{_version(ctx).split('-')[0]}</version></dependency>"
                       for g, a in ctx.rng.sample([("org.postgresql", "postgresql"), ("com.fasterxml.jackson.core", "jackson-databind"), ("org.slf4j", "slf4j-api"),
                                                   ("junit", "junit"), ("org.apache.commons", "commons-lang3")], ctx.rng.randint(1, 3)))
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n'
                f"  <groupId>com.{ctx.en.word()}</groupId>\n  <artifactId>{enc_xml(str(ctx.slot('xml', 'artifactId', ctx.en.slug())))}</artifactId>\n  <version>{_version(ctx)}</version>\n"
                f"  <name>{enc_xml(str(ctx.slot('xml', 'name', v.short_text(ctx))))}</name>\n  <description>{enc_xml(str(ctx.slot('xml', 'description', v.prose(ctx, 1, 2, trap_rate=0.4))))}</description>\n"
                f"  <dependencies>{deps}\n  </dependencies>\n</project>\n")
    pattern = ctx.pick(("%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n", "%date %level [%X{requestId}] %class{0}: %message%n%ex{short}",
                        "{\"ts\":\"%d{ISO8601}\",\"level\":\"%level\",\"msg\":\"%enc{%msg}{JSON}\"}%n"))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<configuration scan="true">\n  <appender name="FILE" class="ch.qos.logback.core.FileAppender">\n'
            f"    <file>{enc_xml(str(ctx.slot('xml', 'file', v.file_path(ctx))))}</file>\n    <encoder><pattern>{enc_xml(str(ctx.slot('xml', 'pattern', pattern)))}</pattern></encoder>\n  </appender>\n"
            f'  <logger name="com.{ctx.en.word()}" level="{ctx.pick(("DEBUG", "INFO", "WARN"))}"/>\n  <root level="INFO"><appender-ref ref="FILE"/></root>\n</configuration>\n')


@template("train", ("/pastehub/",), weight=1.3)
def paste_bin(ctx: Ctx) -> Request:
    """Pastebin and gists: JSON multi-file gists, the browser form, the legacy form API, curl uploads (raw text, XML, multipart), views, edits, deletions."""
    kind = ctx.pick(("gist", "gist", "form", "api", "raw", "xml", "upload", "view", "edit", "delete"))
    lang = ctx.pick(_CODE_LANGS)
    expiry = ctx.pick(("10M", "1H", "1D", "1W", "1M", "N"))
    if kind == "gist":
        files = {}
        for i in range(ctx.rng.randint(1, 3)):
            lg = lang if i == 0 else ctx.pick(_CODE_LANGS)
            files[f"{ctx.en.word()}.{_EXT[lg]}"] = {"content": j(ctx, f"files[{i}].content", _snippet(ctx, lg))}
        body: dict[str, Any] = {"description": j(ctx, "description", ctx.pick((_paste_title(ctx, lang), _dev_note(ctx)))), "public": ctx.chance(0.5), "files": files}
        if ctx.chance(0.3):
            body["expires_in"] = ctx.pick((3600, 86400, 604800))
        profile = ctx.pick(("xhr", "sdk", "sdk"))
        return req("POST", "/pastehub/api/gists", headers_for(ctx, profile, content_type="application/json", auth="jwt" if profile == "xhr" else ctx.pick(("jwt", "basic"))), body=dumps(ctx, body))
    if kind == "form":
        pairs: list[tuple[str, Any]] = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("paste[title]", _paste_title(ctx, lang)), ("paste[content]", _snippet(ctx, lang)),
                                        ("paste[syntax]", _SYNTAX[lang]), ("paste[expiration]", expiry), ("paste[visibility]", ctx.pick(("public", "unlisted", "private")))]
        if ctx.chance(0.3):
            pairs.append(("paste[password]", ctx.fake.password(length=ctx.rng.randint(8, 16))))
        site = v.site(ctx)
        return req("POST", "/pastehub/pastes", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/pastehub/"),
                   body=form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "api":
        pairs = [("api_dev_key", v.hex_token(ctx, 32)), ("api_option", "paste"), ("api_paste_code", _snippet(ctx, lang)), ("api_paste_name", _paste_title(ctx, lang)),
                 ("api_paste_format", _SYNTAX[lang]), ("api_paste_private", ctx.pick(("0", "1", "2"))), ("api_paste_expire_date", expiry)]
        return req("POST", "/pastehub/api/api_post.php", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded"), body=form(ctx, pairs, fixed=("api_dev_key", "api_option")))
    if kind == "raw":
        name = seg(ctx, "name", f"{ctx.en.word()}.{_EXT[lang]}")
        body_text = str(ctx.slot("multipart", "raw", _snippet(ctx, lang)))
        q = qs(ctx, [("expire", expiry), ("syntax", _SYNTAX[lang])])
        return req("PUT", f"/pastehub/raw/{name}", headers_for(ctx, "sdk", content_type="text/plain; charset=utf-8", auth=ctx.pick(("basic", None))), q, body_text)
    if kind == "xml":
        name = seg(ctx, "name", ctx.pick(("pom.xml", "logback.xml", f"{ctx.en.word()}-config.xml")))
        return req("PUT", f"/pastehub/raw/{name}", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")), auth=ctx.pick(("basic", None))),
                   qs(ctx, [("expire", expiry)]), _xml_paste(ctx))
    if kind == "upload":
        fields = [("expires", ctx.pick(("24", "168", "720"))), ("secret", ctx.pick(("", "1")))]
        ctype, body2 = multipart(ctx, fields, [("file", f"{ctx.en.word()}.{_EXT[lang]}", ctx.pick(("text/plain", "application/octet-stream", "text/x-" + lang)), _snippet(ctx, lang))])
        return req("POST", "/pastehub/upload", headers_for(ctx, "sdk", content_type=ctype), body=body2)
    pid = seg(ctx, "paste", v.alnum_token(ctx, 8))
    if kind == "view":
        q = qs(ctx, [("lines", f"{ctx.rng.randint(1, 20)}-{ctx.rng.randint(21, 80)}")]) if ctx.chance(0.3) else ""
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/pastehub/{pid}/raw", headers_for(ctx, ctx.pick(("nav", "sdk")), accept="text/plain,*/*"), q)
    if kind == "edit":
        body = {"description": j(ctx, "description", _paste_title(ctx, lang)), "files": {f"{ctx.en.word()}.{_EXT[lang]}": {"content": j(ctx, "files.content", _snippet(ctx, lang))}}}
        return req("PATCH", f"/pastehub/api/gists/{pid}", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/pastehub/api/gists/{pid}", headers_for(ctx, "sdk", extra=(("X-Delete-Token", v.hex_token(ctx, 24)),)))


# --------------------------------------------------------------------------
# 6. Regex tester: patterns, flags, test strings, substitutions, a library
# --------------------------------------------------------------------------

_REGEX_BASES = (
    "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$",
    "\\b(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}\\b",
    "(?<year>\\d{4})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\\d|3[01])",
    "^v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([\\w.-]+))?(?:\\+([\\w.-]+))?$",
    '^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] "(GET|POST|PUT|DELETE) ([^ "]+) HTTP/[\\d.]+" (\\d{3})',
    "<(/?)(\\w+)([^>]*)>",
    "(?i)\\bselect\\b.+?\\bfrom\\b\\s+(\\w+)",
    "^(?=.*[A-Z])(?=.*\\d)(?=.*[^\\w\\s]).{12,}$",
    "https?://(?:www\\.)?[-\\w@:%._+~#=]{1,256}\\.[a-z]{2,6}\\b(?:[-\\w@:%_+.~#?&/=]*)",
    "^\\+?\\d{1,3}[ -]?\\(?\\d{2,4}\\)?[ -]?\\d{3,4}[ -]?\\d{3,4}$",
    "\\$\\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\\}",
    "^\\s*#\\s*(TODO|FIXME|XXX)\\b:?\\s*(.*)$",
)


def _regex(ctx: Ctx) -> str:
    """A pattern: a known base, sometimes combined with words, groups and other quantifiers."""
    r = ctx.rng.random()
    if r < 0.55:
        return ctx.pick(_REGEX_BASES)
    if r < 0.75:
        words = "|".join(ctx.en.words(ctx.rng.randint(2, 4)))
        return ctx.pick(("\\b", "^", "(?<=\\s)")) + "(?:" + words + ")" + ctx.pick(("s?", "+", "{2,}", "")) + "\\b"
    if r < 0.9:
        return f"^{ctx.en.word()}[-_]?(\\d{{{ctx.rng.randint(1, 3)},{ctx.rng.randint(4, 8)}}})" + ctx.pick(("$", "(?:\\.\\w+)?$", "[a-z]*"))
    return "(" + ctx.pick(_REGEX_BASES).lstrip("^").rstrip("$") + ")|(" + ctx.en.word() + ")"


def _regex_test_string(ctx: Ctx) -> str:
    lines = []
    for _ in range(ctx.rng.randint(1, 5)):
        lines.append(ctx.pick((ctx.fake.email(), f"{ctx.pick(('o', 'd'))}'{ctx.en.last_name().lower()}@{ctx.en.domain_name()}", ctx.fake.ipv4(), v.iso_date(ctx), _version(ctx),
                               _log_line(ctx), v.sentence(ctx), ctx.fake.phone_number(), ctx.en.url() + ctx.en.uri_path(), f"<{ctx.pick(('div', 'a', 'span'))} class=\"{ctx.en.word()}\">",
                               _sql(ctx), f"# TODO: {v.sentence(ctx)}", f"${{{ctx.en.word().upper()}:-{ctx.en.word()}}}", ctx.fake.password(length=14))))
    return "\n".join(lines)


@template("train", ("/regexlab/",), weight=1.1)
def regex_tester(ctx: Ctx) -> Request:
    """Regex tester: match and substitution runs, saved versions, shareable permalinks, a community library, code generation."""
    kind = ctx.pick(("test", "test", "save", "update", "permalink", "library", "submit", "codegen", "delete"))
    flavor = ctx.pick(("pcre2", "ecmascript", "python", "golang", "java", "dotnet"))
    flags = "".join(f for f in "gimsux" if ctx.chance(0.3)) or "g"
    if kind in ("test", "save", "update"):
        body: dict[str, Any] = {"regex": j(ctx, "regex", _regex(ctx)), "flags": flags, "flavor": flavor, "testString": j(ctx, "testString", _regex_test_string(ctx)),
                                "delimiter": ctx.pick(("/", "~", "#", "@"))}
        if ctx.chance(0.4):
            body["substitution"] = j(ctx, "substitution", ctx.pick(("$1", "\\1-\\2", "<b>$&</b>", "${year}/${month}", "[REDACTED]", "$2, $1")))
        if kind == "test":
            return req("POST", "/regexlab/api/match", site_headers(ctx, "xhr", "application/json", None), body=dumps(ctx, body))
        body["title"] = j(ctx, "title", ctx.pick((v.short_text(ctx), f"{ctx.en.word()} validator", "match emails (incl. O'Brien@...)")))
        body["description"] = j(ctx, "description", ctx.pick(("", v.prose(ctx, 1, 2, trap_rate=0.3), _dev_note(ctx))))
        if kind == "save":
            return req("POST", "/regexlab/api/regex", site_headers(ctx, "xhr", "application/json", ctx.pick(("jwt", None))), body=dumps(ctx, body))
        rx = seg(ctx, "regex", v.alnum_token(ctx, 6))
        return req("PUT", f"/regexlab/api/regex/{rx}/{ctx.rng.randint(1, 20)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "permalink":
        pairs: list[tuple[str, Any]] = [("regex", _regex(ctx)), ("flags", flags), ("flavor", flavor)]
        if ctx.chance(0.6):
            pairs.append(("testString", _regex_test_string(ctx)))
        if ctx.chance(0.2):
            pairs.append(("subst", "$1"))
        return req("GET", "/regexlab/", headers_for(ctx, "nav", referer=ctx.pick((None, "https://stackoverflow.com/", v.site(ctx) + "/"))), qs(ctx, pairs))
    if kind == "library":
        pairs = [("search", ctx.pick((v.search_terms(ctx), "email", "ipv4", "semver", "url", "password strength", "O'Brien names"))), ("flavor", flavor),
                 ("orderBy", ctx.pick(("MOST_RECENT", "MOST_POINTS", "RELEVANCE"))), ("page", ctx.rng.randint(1, 9))]
        return req("GET", "/regexlab/api/library", headers_for(ctx, ctx.pick(("xhr", "mobile"))), qs(ctx, pairs))
    if kind == "submit":
        pairs = [("csrf_token", v.alnum_token(ctx, 40)), ("title", ctx.pick((v.short_text(ctx), f"{ctx.en.word()} matcher"))), ("description", ctx.pick((v.prose(ctx, 1, 2), _dev_note(ctx)))),
                 ("regex", _regex(ctx)), ("flavor", flavor), ("tags", ",".join(ctx.en.words(ctx.rng.randint(1, 3))))]
        site = v.site(ctx)
        return req("POST", "/regexlab/library/submit", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/regexlab/library"),
                   body=form(ctx, pairs, fixed=("csrf_token",)))
    if kind == "codegen":
        pairs = [("language", ctx.pick(("python", "javascript", "php", "go", "java", "csharp", "rust"))), ("regex", _regex(ctx)), ("flags", flags)]
        return req("GET", "/regexlab/api/codegen", headers_for(ctx, "xhr"), qs(ctx, pairs))
    return req("DELETE", f"/regexlab/api/regex/{seg(ctx, 'regex', v.alnum_token(ctx, 6))}", headers_for(ctx, "xhr", auth=ctx.pick(("jwt", None))))


# --------------------------------------------------------------------------
# 7. API client: saved collections with {{variables}}, environments, imports
# --------------------------------------------------------------------------


def _pm_script(ctx: Ctx, listen: str) -> list[str]:
    """Pre-request or test script lines of a saved request."""
    w = ctx.en.word()
    pool = (
        f'pm.environment.set("{w}", pm.response.json().{ctx.en.word()});' if listen == "test" else f'pm.variables.set("{w}", "{ctx.en.word()}-" + Date.now());',
        'pm.test("status is 200", () => pm.response.to.have.status(200));' if listen == "test" else "const ts = Math.floor(Date.now() / 1000).toString();",
        f'const sig = CryptoJS.HmacSHA256(pm.request.body.raw, pm.environment.get("{w}_secret")).toString();',
        "pm.request.headers.add({ key: 'X-Timestamp', value: ts });",
        f"if (!pm.environment.get('token') || Date.now() > pm.environment.get('expires_at')) {{ console.log('refreshing token for {v.full_name(ctx)}'); }}",
        f'pm.expect(pm.response.json().items.length).to.be.above({ctx.rng.randint(0, 9)});',
        f"// {v.sentence(ctx)}",
    )
    return [pool[i] for i in sorted(ctx.rng.sample(range(len(pool)), ctx.rng.randint(1, 3)))]


def _saved_request(ctx: Ctx, prefix: str | None) -> dict[str, Any]:
    """A saved request; its user-written values are slots unless prefix is None (a file being imported)."""
    def s(name: str, value: Any) -> Any:
        return j(ctx, f"{prefix}.{name}", value) if prefix else value

    method = ctx.pick(("GET", "GET", "POST", "PUT", "PATCH", "DELETE"))
    segs = [ctx.pick(("api", "v1", "v2", "internal")), ctx.en.word() + "s"] + ([":id"] if ctx.chance(0.5) else []) + ([ctx.en.word()] if ctx.chance(0.3) else [])
    query = [{"key": ctx.en.word(), "value": ctx.pick(("{{" + ctx.en.word() + "}}", str(ctx.rng.randint(1, 100)), ctx.en.word(), "true"))} for _ in range(ctx.rng.randint(0, 2))]
    raw = "{{baseUrl}}/" + "/".join(segs) + ("?" + "&".join(f"{q['key']}={q['value']}" for q in query) if query else "")
    request: dict[str, Any] = {
        "method": method,
        "header": [{"key": "Authorization", "value": ctx.pick(("Bearer {{token}}", "Basic {{basicAuth}}", "ApiKey {{apiKey}}"))},
                   {"key": "X-Request-Id", "value": "{{$guid}}", "disabled": ctx.chance(0.5)}],
        "url": {"raw": s("url.raw", raw), "host": ["{{baseUrl}}"], "path": segs, "query": query},
        "description": s("description", ctx.pick(("", v.prose(ctx, 1, 2), _dev_note(ctx)))),
    }
    if method in ("POST", "PUT", "PATCH"):
        first, last = v.person_name(ctx)
        sample = {"name": f"{first} {last}", "email": "{{email}}", "note": v.prose(ctx, 1, 1, trap_rate=0.4), "tags": ctx.en.words(ctx.rng.randint(0, 3)),
                  "amount": v.price(ctx), "callbackUrl": "{{baseUrl}}/hooks/" + ctx.en.word()}
        request["header"].append({"key": "Content-Type", "value": "application/json"})
        request["body"] = {"mode": "raw", "raw": s("body.raw", json.dumps(sample, indent=2, ensure_ascii=False)), "options": {"raw": {"language": "json"}}}
    item: dict[str, Any] = {"name": s("name", ctx.pick((f"{method} {segs[1]}", v.short_text(ctx), f"{ctx.en.word().capitalize()} -- happy path"))), "request": request}
    if ctx.chance(0.5):
        listen = ctx.pick(("prerequest", "test"))
        item["event"] = [{"listen": listen, "script": {"type": "text/javascript", "exec": [s("event.exec", line) for line in _pm_script(ctx, listen)]}}]
    return item


def _curl_command(ctx: Ctx) -> str:
    url = f"https://{ctx.pick(('api.', 'staging-api.', ''))}{ctx.en.domain_name()}/{ctx.pick(('v1', 'api'))}/{ctx.en.word()}s"
    parts = [f"curl -X {ctx.pick(('POST', 'PUT', 'PATCH'))} '{url}'", f"  -H 'Authorization: Bearer {v.alnum_token(ctx, 24)}'", "  -H 'Content-Type: application/json'"]
    payload = json.dumps({"name": v.full_name(ctx), "note": v.sentence(ctx)}, ensure_ascii=False).replace("'", "'\\''")
    parts.append(f"  --data-raw '{payload}'")
    if ctx.chance(0.3):
        parts.append("  --compressed -sS | jq .")
    return " \\\n".join(parts)


def _openapi_yaml(ctx: Ctx) -> str:
    res = ctx.en.word()
    return (f"openapi: 3.0.3\ninfo:\n  title: {json.dumps(ctx.fake.catch_phrase(), ensure_ascii=False)}\n  version: {_version(ctx)}\n"
            f"  description: {json.dumps(v.prose(ctx, 1, 2), ensure_ascii=False)}\nservers:\n  - url: https://api.{ctx.en.domain_name()}/v1\npaths:\n"
            f"  /{res}s/{{id}}:\n    get:\n      summary: Get a {res}\n      parameters:\n        - in: path\n          name: id\n          required: true\n"
            f"          schema: {{type: string, pattern: '^[a-z0-9-]+$'}}\n"
            f"      responses:\n        '200':\n          description: OK\n        '404':\n          description: \"{res} not found\"\n")


@template("train", ("/apicollect/",), weight=1.2)
def api_client_collections(ctx: Ctx) -> Request:
    """API client workspace: saved collections and requests with {{variables}} and scripts, environments, imports (files, cURL text), search, preflights."""
    kind = ctx.pick(("collection", "collection", "request", "environment", "import", "curl", "list", "delete", "preflight"))
    ws = seg(ctx, "workspace", ctx.fake.uuid4()) if kind != "preflight" else ""
    site = "https://app." + ctx.en.domain_name()
    if kind == "collection":
        items = [_saved_request(ctx, f"item[{i}]") for i in range(ctx.rng.randint(1, 3))]
        body: dict[str, Any] = {"collection": {"info": {"name": j(ctx, "info.name", ctx.pick((f"{ctx.fake.company()} API", v.short_text(ctx), f"{ctx.en.word()}-service (staging)"))),
                                                        "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
                                                        "description": j(ctx, "info.description", ctx.pick(("", v.markdown_post(ctx, code_rate=0.4))))},
                                               "item": items,
                                               "variable": [{"key": "baseUrl", "value": j(ctx, "variable.baseUrl", f"https://{ctx.pick(('api', 'staging-api', 'localhost:8080'))}.{ctx.en.domain_name()}")},
                                                                           {"key": ctx.en.word(), "value": j(ctx, "variable.value", ctx.pick((ctx.en.word(), str(ctx.rng.randint(1, 999)), ctx.fake.email())))}]}}
        return req("PUT", f"/apicollect/api/workspaces/{ws}/collections/{seg(ctx, 'collection', ctx.fake.uuid4())}",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="apikey", origin=site), body=dumps(ctx, body))
    if kind == "request":
        return req("PATCH", f"/apicollect/api/workspaces/{ws}/requests/{seg(ctx, 'request', ctx.fake.uuid4())}",
                   headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=site), body=dumps(ctx, _saved_request(ctx, "request")))
    if kind == "environment":
        values = [{"key": "baseUrl", "value": j(ctx, "values.baseUrl", f"https://{_env(ctx)}.{ctx.en.domain_name()}"), "enabled": True},
                  {"key": "token", "value": j(ctx, "values.token", ctx.pick(("", v.jwt(ctx)))), "type": "secret", "enabled": True},
                  {"key": "email", "value": j(ctx, "values.email", ctx.pick((ctx.fake.email(), f"qa+{ctx.en.word()}@{ctx.en.domain_name()}"))), "enabled": True},
                  {"key": ctx.en.word() + "_password", "value": j(ctx, "values.password", ctx.fake.password(length=ctx.rng.randint(10, 20))), "type": "secret", "enabled": ctx.chance(0.8)}]
        body = {"environment": {"name": j(ctx, "environment.name", ctx.pick((_env(ctx), f"{v.full_name(ctx)}'s local", "prod (read-only!)"))), "values": values}}
        return req("PUT", f"/apicollect/api/workspaces/{ws}/environments/{seg(ctx, 'environment', ctx.fake.uuid4())}",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="apikey", origin=site), body=dumps(ctx, body))
    if kind == "import":
        r = ctx.rng.random()
        if r < 0.4:
            file = ("file", "openapi.yaml", ctx.pick(("application/yaml", "text/yaml")), _openapi_yaml(ctx))
        elif r < 0.7:
            file = ("file", f"{ctx.en.word()}.postman_collection.json", "application/json", json.dumps({"info": {"name": ctx.fake.catch_phrase()}, "item": [_saved_request(ctx, None) for _ in range(1)]}))
        else:
            rows = ["email,password,expected_status"] + [f"{ctx.fake.email()},{ctx.fake.password(length=10, special_chars=False)},{ctx.pick((200, 401, 422))}" for _ in range(ctx.rng.randint(2, 5))]
            file = ("file", "test-data.csv", "text/csv", "\n".join(rows))
        fields = [("type", ctx.pick(("openapi", "postman", "data"))), ("name", ctx.pick((v.short_text(ctx), ctx.en.slug()))), ("comment", ctx.pick(("", _dev_note(ctx))))]
        ctype, body2 = multipart(ctx, fields, [file])
        return req("POST", f"/apicollect/api/workspaces/{ws}/import", headers_for(ctx, "xhr", content_type=ctype, auth="jwt", origin=site), body=body2)
    if kind == "curl":
        return req("POST", f"/apicollect/api/workspaces/{ws}/import/curl", headers_for(ctx, "xhr", content_type="text/plain;charset=UTF-8", auth="jwt", origin=site),
                   body=str(ctx.slot("multipart", "curl", _curl_command(ctx))))
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("search", ctx.pick((v.search_terms(ctx), "{{baseUrl}}/users", ctx.en.word(), "POST /orders"))), ("type", ctx.pick(("collection", "request", "all")))]
        if ctx.chance(0.4):
            pairs.append(("updatedSince", v.iso_datetime(ctx)))
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/apicollect/api/workspaces/{ws}/search", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick(("apikey", "jwt"))), qs(ctx, pairs))
    if kind == "delete":
        return req("DELETE", f"/apicollect/api/workspaces/{ws}/{ctx.pick(('collections', 'requests', 'environments'))}/{seg(ctx, 'id', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))
    return _preflight(ctx, f"/apicollect/api/workspaces/{ctx.fake.uuid4()}/collections", ("authorization,content-type", "content-type,x-api-key", "x-api-key"))


# --------------------------------------------------------------------------
# 8. Infrastructure as code: Terraform HCL, plan JSON, Kubernetes YAML, Helm values
# --------------------------------------------------------------------------


def _hcl(ctx: Ctx, slot_name: str | None) -> str:
    """Terraform configuration; one description string is a slot when slot_name is given."""
    w = ctx.en.word()
    note = ctx.pick((v.sentence(ctx), f"owned by {v.full_name(ctx)}", "managed by terraform -- do not edit by hand", f"R&D bucket for {ctx.fake.company()}")).replace('"', "'").replace("\n", " ")
    if slot_name:
        note = str(ctx.slot("multipart", slot_name, note))
    blocks = [ctx.pick((
        f'resource "aws_s3_bucket" "{w}" {{\n  bucket = "${{var.env}}-{w}-assets"\n\n  tags = {{\n    Owner = "{ctx.fake.email()}"\n    Note  = "{note}"\n  }}\n}}',
        f'variable "{w}_{ctx.en.word()}" {{\n  type        = string\n  default     = "{ctx.pick(("eu-west-1", "t3.micro", "10.0.0.0/16", ""))}"\n  description = "{note}"\n}}',
    ))]
    extra = (
        f'module "vpc" {{\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "~> 5.0"\n  cidr    = "10.{ctx.rng.randint(0, 255)}.0.0/16"\n  azs     = ["eu-west-1a", "eu-west-1b"]\n}}',
        f'resource "aws_security_group_rule" "{ctx.en.word()}" {{\n  type        = "ingress"\n  from_port   = {ctx.pick((22, 443, 5432, 6379))}\n  to_port     = {ctx.pick((22, 443, 5432, 6379))}\n'
        f'  protocol    = "tcp"\n  cidr_blocks = ["{ctx.pick(("10.0.0.0/8", "0.0.0.0/0", ctx.fake.ipv4_public() + "/32"))}"]\n}}',
        f'resource "google_sql_database_instance" "{w}" {{\n  name             = "{w}-${{terraform.workspace}}"\n  database_version = "POSTGRES_16"\n'
        f'  settings {{\n    tier = "db-custom-2-7680"\n  }}\n  deletion_protection = true\n}}',
        f'locals {{\n  common_tags = merge(var.tags, {{ Service = "{_service(ctx)}" }})\n  name_prefix = "${{var.project}}-${{var.env}}"\n}}',
        f'output "{w}_url" {{\n  value = "https://${{aws_lb.{w}.dns_name}}/{ctx.en.word()}"\n}}',
        f'data "aws_iam_policy_document" "{w}" {{\n  statement {{\n    actions   = ["s3:GetObject", "s3:PutObject"]\n    resources = ["arn:aws:s3:::${{var.bucket}}/*"]\n  }}\n}}',
        f'resource "kubernetes_namespace" "{w}" {{\n  metadata {{\n    name = "{w}-${{var.env}}"\n    labels = {{ team = "{ctx.en.word()}" }}\n  }}\n}}',
    )
    blocks += [extra[i] for i in sorted(ctx.rng.sample(range(len(extra)), ctx.rng.randint(0, 3)))]
    return "\n\n".join(blocks) + "\n"


def _yq(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _k8s_description(ctx: Ctx) -> str:
    text = ctx.pick((v.sentence(ctx), _dev_note(ctx).replace("\n", " "), f"Owner: {v.full_name(ctx)}"))
    return _yq(str(ctx.slot("multipart", "metadata.annotations.description", text)))


def _k8s_configmap(ctx: Ctx, ns: str, name: str) -> str:
    return (f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-nginx\n  namespace: {ns}\n  annotations:\n    description: {_k8s_description(ctx)}\ndata:\n"
            f"  nginx.conf: |\n    server {{\n      listen 80;\n      location /api/ {{ proxy_pass http://{name}:8080; proxy_set_header X-Real-IP $remote_addr; }}\n"
            f"      location ~* \\.(js|css|png|svg)$ {{ expires 30d; add_header Cache-Control \"public\"; }}\n      location = /healthz {{ return 200 'ok'; }}\n    }}\n")


def _k8s_manifest(ctx: Ctx, ns: str, name: str) -> str:
    description = _k8s_description(ctx)
    image = f"registry.{ctx.en.domain_name()}/{ctx.en.word()}/{name}:{_version(ctx)}"
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    app.kubernetes.io/name: {name}\n"
            f"  annotations:\n    description: {description}\n    kubernetes.io/change-cause: {_yq('kubectl set image deploy/' + name + ' app=' + image)}\n"
            f"spec:\n  replicas: {ctx.rng.randint(1, 6)}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n"
            f"    spec:\n      containers:\n        - name: app\n          image: {image}\n          command: [\"sh\", \"-c\"]\n          args:\n"
            f"            - {_yq(synth_tech.shell_line(ctx) + ' && exec ' + ctx.pick(('gunicorn app.wsgi -b 0.0.0.0:8080', 'node server.js', './bin/' + name)))}\n"
            f"          env:\n            - name: LOG_LEVEL\n              value: {_yq(ctx.pick(('info', 'debug', 'warn')))}\n            - name: DATABASE_URL\n"
            f"              valueFrom:\n                secretKeyRef: {{name: {name}-db, key: url}}\n            - name: ALLOWED_ORIGINS\n"
            f"              value: {_yq(','.join(v.site(ctx) for _ in range(ctx.rng.randint(1, 3))))}\n          ports:\n            - containerPort: 8080\n"
            f"          readinessProbe:\n            httpGet: {{path: /healthz, port: 8080}}\n"
            f"          resources:\n            limits: {{cpu: \"{ctx.pick(('250m', '500m', '1'))}\", memory: {ctx.pick(('256Mi', '512Mi', '1Gi'))}}}\n")


def _helm_values(ctx: Ctx) -> str:
    host = f"{ctx.en.word()}.{ctx.en.domain_name()}"
    greeting = _yq(str(ctx.slot("multipart", "env.BANNER_TEXT", ctx.pick((v.sentence(ctx), f"Scheduled maintenance {v.iso_date(ctx)} 02:00-04:00 UTC -- expect 5xx", v.short_text(ctx))))))
    return (f"replicaCount: {ctx.rng.randint(1, 5)}\nimage:\n  repository: ghcr.io/{ctx.en.word()}/{_service(ctx)}\n  tag: {_yq(_version(ctx))}\n  pullPolicy: IfNotPresent\n"
            f"ingress:\n  enabled: true\n  className: nginx\n  annotations:\n    nginx.ingress.kubernetes.io/rewrite-target: /$2\n"
            f"    nginx.ingress.kubernetes.io/proxy-body-size: {_yq(ctx.pick(('8m', '50m')))}\n"
            f"    nginx.ingress.kubernetes.io/configuration-snippet: |\n      more_set_headers \"X-Frame-Options: DENY\";\n  hosts:\n    - host: {host}\n      paths:\n"
            f"        - path: /{ctx.en.word()}(/|$)(.*)\n          pathType: ImplementationSpecific\nenv:\n  FEATURE_{ctx.en.word().upper()}: \"true\"\n  BANNER_TEXT: {greeting}\n"
            f"resources:\n  requests: {{cpu: 100m, memory: 128Mi}}\npostgresql:\n  auth:\n    existingSecret: {_service(ctx)}-pg\n")


def _plan_json(ctx: Ctx) -> dict[str, Any]:
    changes = []
    for i in range(ctx.rng.randint(1, 3)):
        typ = ctx.pick(("aws_s3_bucket", "aws_instance", "aws_security_group_rule", "google_sql_database_instance", "kubernetes_config_map"))
        name = ctx.en.word()
        after: dict[str, Any] = {"tags": {"Owner": j(ctx, f"resource_changes[{i}].tags.Owner", ctx.pick((ctx.fake.email(), v.full_name(ctx)))),
                                          "Note": j(ctx, f"resource_changes[{i}].tags.Note", ctx.pick((v.sentence(ctx), "R&D -- temporary", _dev_note(ctx))))}}
        if typ == "kubernetes_config_map":
            after["data"] = {"app.conf": j(ctx, f"resource_changes[{i}].data", f"upstream = \"http://{_service(ctx)}:8080\"\nlog_format = '$remote_addr - $request'\n")}
        elif typ == "aws_security_group_rule":
            after.update({"cidr_blocks": ["0.0.0.0/0"], "from_port": 443, "to_port": 443})
        changes.append({"address": f"{typ}.{name}", "mode": "managed", "type": typ, "name": name, "provider_name": f"registry.terraform.io/hashicorp/{typ.split('_')[0]}",
                        "change": {"actions": ctx.pick((["create"], ["update"], ["delete", "create"], ["no-op"])), "before": None, "after": after, "after_unknown": {"id": True}}})
    return {"format_version": "1.2", "terraform_version": f"1.{ctx.rng.randint(5, 9)}.{ctx.rng.randint(0, 5)}", "resource_changes": changes,
            "variables": {"env": {"value": _env(ctx)}, "owner": {"value": j(ctx, "variables.owner", v.full_name(ctx))}}}


@template("train", ("/iacplan/",), weight=1.3)
def iac_plans(ctx: Ctx) -> Request:
    """Infrastructure as code: HCL config uploads, runs, workspace variables, plan JSON policy checks, Kubernetes server-side apply, Helm values."""
    kind = ctx.pick(("upload", "run", "var", "var", "plan", "apply", "helm", "list", "discard", "delete"))
    ws = seg(ctx, "workspace", ctx.pick((f"{ctx.en.word()}-{_env(ctx)}", f"ws-{v.alnum_token(ctx, 16)}"))) if kind in ("upload", "var", "plan", "list", "delete") else ""
    if kind == "upload":
        tfvars = f'env     = "{_env(ctx)}"\nproject = "{ctx.en.word()}"\ntags    = {{ Team = "{ctx.en.word()}", CostCenter = "{ctx.pick(("R&D", "Ops", "42"))}" }}\n'
        fields = [("message", ctx.pick((v.sentence(ctx), f"Queued from CLI by {v.full_name(ctx)}", _dev_note(ctx)))), ("auto-queue-runs", ctx.pick(("true", "false")))]
        ctype, body = multipart(ctx, fields, [("main.tf", "main.tf", "text/plain", _hcl(ctx, "main.tf")), ("tfvars", "terraform.tfvars", "text/plain", tfvars)])
        return req("POST", f"/iacplan/api/workspaces/{ws}/configuration-versions", headers_for(ctx, "sdk", content_type=ctype, auth="jwt"), body=body)
    if kind == "run":
        body2: dict[str, Any] = {"workspace": ctx.pick((f"{ctx.en.word()}-{_env(ctx)}", "ws-" + v.alnum_token(ctx, 16))),
                                 "message": j(ctx, "message", ctx.pick((v.sentence(ctx), "Triggered via UI", _dev_note(ctx)))),
                                 "is_destroy": ctx.chance(0.1), "auto_apply": ctx.chance(0.3), "plan_only": ctx.chance(0.3)}
        if ctx.chance(0.4):
            body2["target_addrs"] = [j(ctx, "target_addrs", ctx.pick(("module.vpc.aws_subnet.private[0]", f'aws_s3_bucket.{ctx.en.word()}', f'module.{ctx.en.word()}["{_env(ctx)}"]')))]
        if ctx.chance(0.4):
            body2["variables"] = [{"key": ctx.en.word(), "value": j(ctx, "variables.value", ctx.pick((f'"{ctx.en.word()}"', '["10.0.1.0/24", "10.0.2.0/24"]', str(ctx.rng.randint(1, 9)))))}]
        return req("POST", "/iacplan/api/runs", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body2))
    if kind == "var":
        hcl = ctx.chance(0.4)
        if hcl:
            value = ctx.pick((f'{{ Owner = "{v.full_name(ctx)}", CostCenter = "R&D" }}', '["10.0.1.0/24", "10.0.2.0/24"]'))
        else:
            value = ctx.pick((ctx.en.word(), ctx.fake.password(length=16), v.site(ctx), "t3.medium"))
        body2 = {"key": j(ctx, "key", ctx.pick((ctx.en.word() + "_" + ctx.en.word(), "TF_LOG", "AWS_REGION", "db_password"))), "value": j(ctx, "value", value), "hcl": hcl,
                 "sensitive": ctx.chance(0.4), "category": ctx.pick(("terraform", "env")),
                 "description": j(ctx, "description", ctx.pick(("", v.sentence(ctx), "don't change without asking " + v.full_name(ctx))))}
        method = ctx.pick(("POST", "PATCH"))
        path = f"/iacplan/api/workspaces/{ws}/vars" + ("" if method == "POST" else f"/{seg(ctx, 'var', 'var-' + v.alnum_token(ctx, 16))}")
        return req(method, path, site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "plan":
        q = qs(ctx, [("policy_set", ctx.pick(("baseline", "cost-guardrails", "security")))])
        return req("POST", f"/iacplan/api/workspaces/{ws}/policy-checks", headers_for(ctx, "sdk", content_type="application/json", auth="jwt"), q, dumps(ctx, _plan_json(ctx)))
    if kind == "apply":
        ns, name = ctx.pick(_NAMESPACES), _service(ctx)
        kind_path = "deployments" if ctx.chance(0.7) else "configmaps"
        manifest = _k8s_manifest(ctx, ns, name) if kind_path == "deployments" else _k8s_configmap(ctx, ns, name)
        api = "apis/apps/v1" if kind_path == "deployments" else "api/v1"
        obj = name if kind_path == "deployments" else name + "-nginx"
        return req("PATCH", f"/iacplan/k8s/{api}/namespaces/{seg(ctx, 'namespace', ns)}/{kind_path}/{seg(ctx, 'name', obj)}",
                   headers_for(ctx, "sdk", content_type="application/apply-patch+yaml", auth="jwt", accept="application/json"), qs(ctx, [("fieldManager", "kubectl"), ("force", "true")], fixed=("force",)),
                   manifest)
    if kind == "helm":
        release = seg(ctx, "release", f"{_service(ctx)}-{_env(ctx)}")
        return req("PUT", f"/iacplan/api/releases/{release}/values", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctx.pick(("application/yaml", "application/x-yaml")), auth="jwt"),
                   body=_helm_values(ctx))
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("filter[status]", ctx.pick(("planned", "applied", "errored", "pending"))), ("page[number]", ctx.rng.randint(1, 9)), ("page[size]", 20)]
        if ctx.chance(0.5):
            pairs.append(("search[user]", _user(ctx)))
        if ctx.chance(0.3):
            pairs.append(("search[commit]", v.hex_token(ctx, 8)[:7]))
        return req("GET", f"/iacplan/api/workspaces/{ws}/runs", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs))
    if kind == "discard":
        body2 = {"comment": j(ctx, "comment", ctx.pick((_dev_note(ctx), "Plan shows a destroy of the prod DB -- NOT applying!", v.prose(ctx, 1, 2))))}
        return req("POST", f"/iacplan/api/runs/{seg(ctx, 'run', 'run-' + v.alnum_token(ctx, 16))}/actions/{ctx.pick(('discard', 'cancel', 'apply'))}",
                   site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    return req("DELETE", f"/iacplan/api/workspaces/{ws}/{ctx.pick(('vars', 'state-lock'))}/{seg(ctx, 'id', 'var-' + v.alnum_token(ctx, 16))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 9. OCI container registry: manifests, tags, catalog, tokens, blob mounts
# --------------------------------------------------------------------------

_OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
_OCI_INDEX = "application/vnd.oci.image.index.v1+json"
_PULL_ACCEPT = ", ".join((_OCI_INDEX, _OCI_MANIFEST, "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json"))


def _registry_headers(ctx: Ctx, accept: str | None = None, content_type: str | None = None, auth: str = "bearer") -> list[list[str]]:
    """Registry clients (docker, containerd, skopeo, crane, buildkit) with a registry token."""
    docker = (f"docker/{ctx.rng.randint(20, 27)}.0.{ctx.rng.randint(0, 9)} go/go1.{ctx.rng.randint(20, 23)}.{ctx.rng.randint(1, 9)} git-commit/{v.hex_token(ctx, 8)[:7]}"
              f" kernel/6.{ctx.rng.randint(1, 8)}.0 os/linux arch/amd64")
    ua = ctx.pick((docker,
                   f"containerd/v1.7.{ctx.rng.randint(0, 20)}", f"skopeo/1.{ctx.rng.randint(10, 16)}.0", f"go-containerregistry/v0.{ctx.rng.randint(15, 20)}.0", f"buildkit/v0.{ctx.rng.randint(10, 16)}"))
    h = [["User-Agent", header_slot(ctx, "User-Agent", ua)]]
    if accept:
        h.append(["Accept", accept])
    if content_type:
        h.append(["Content-Type", content_type])
    if auth == "bearer":
        h.append(["Authorization", "Bearer " + v.jwt(ctx)])
    elif auth == "basic":
        h.append(["Authorization", "Basic " + base64.b64encode(f"{ctx.fake.user_name()}:{v.alnum_token(ctx, 24)}".encode()).decode()])
    h.append(["Accept-Encoding", "gzip"])
    return h


def _descriptor(ctx: Ctx, media_type: str) -> dict[str, Any]:
    return {"mediaType": media_type, "digest": _digest(ctx), "size": ctx.rng.randint(400, 90_000_000)}


@template("train", ("/ocireg/",), weight=1.1)
def container_registry(ctx: Ctx) -> Request:
    """OCI distribution API: manifest pulls and pushes with annotations, image indexes, tag lists, catalog, token requests, blob mounts, repository descriptions."""
    kind = ctx.pick(("pull", "pull", "push", "index", "tags", "catalog", "token", "mount", "describe", "delete"))
    repo = ctx.pick((_service(ctx), f"{ctx.en.word()}/{_service(ctx)}", f"{ctx.pick(('platform', 'data', 'web', 'ml'))}/{ctx.en.word()}/{_service(ctx)}"))
    if kind == "token":
        pairs = [("service", "registry"), ("scope", f"repository:{repo}:{ctx.pick(('pull', 'pull,push', 'delete'))}"), ("account", ctx.fake.user_name())]
        if ctx.chance(0.3):
            pairs.append(("client_id", ctx.pick(("docker", "containerd", "crane"))))
        return req("GET", "/ocireg/token", _registry_headers(ctx, auth="basic"), qs(ctx, pairs, fixed=("service",)))
    if kind == "catalog":
        pairs = [("n", ctx.pick((100, 1000)))]
        if ctx.chance(0.5):
            pairs.append(("last", repo))
        return req("GET", "/ocireg/v2/_catalog", _registry_headers(ctx), qs(ctx, pairs))
    name = seg(ctx, "repository", repo)
    if kind == "pull":
        ref = seg(ctx, "reference", ctx.pick((_version(ctx), "latest", f"{_env(ctx)}-{v.hex_token(ctx, 8)[:7]}", _digest(ctx))))
        return req(ctx.pick(("GET", "HEAD")), f"/ocireg/v2/{name}/manifests/{ref}", _registry_headers(ctx, accept=_PULL_ACCEPT))
    if kind in ("push", "index"):
        first, last = v.person_name(ctx)
        annotations = {"org.opencontainers.image.created": v.iso_datetime(ctx), "org.opencontainers.image.revision": v.hex_token(ctx, 40),
                       "org.opencontainers.image.source": j(ctx, "annotations.source", f"https://github.com/{ctx.en.user_name()}/{repo.split('/')[-1]}"),
                       "org.opencontainers.image.title": j(ctx, "annotations.title", ctx.pick((repo.split("/")[-1], v.short_text(ctx)))),
                       "org.opencontainers.image.description": j(ctx, "annotations.description", ctx.pick((v.sentence(ctx), _dev_note(ctx), ctx.en.catch_phrase()))),
                       "org.opencontainers.image.authors": j(ctx, "annotations.authors", f"{first} {last} <{ctx.fake.email()}>")}
        tag = seg(ctx, "tag", ctx.pick((_version(ctx), "latest", f"sha-{v.hex_token(ctx, 8)[:7]}", f"{_branch(ctx).replace('/', '-')}")))
        if kind == "push":
            body: dict[str, Any] = {"schemaVersion": 2, "mediaType": _OCI_MANIFEST, "config": _descriptor(ctx, "application/vnd.oci.image.config.v1+json"),
                                    "layers": [_descriptor(ctx, "application/vnd.oci.image.layer.v1.tar+gzip") for _ in range(ctx.rng.randint(1, 6))], "annotations": annotations}
            ctype = _OCI_MANIFEST
        else:
            manifests = [{**_descriptor(ctx, _OCI_MANIFEST), "platform": {"architecture": arch, "os": "linux", **({"variant": "v8"} if arch == "arm64" else {})}}
                         for arch in ctx.rng.sample(["amd64", "arm64", "s390x", "ppc64le"], ctx.rng.randint(1, 3))]
            body = {"schemaVersion": 2, "mediaType": _OCI_INDEX, "manifests": manifests, "annotations": annotations}
            ctype = _OCI_INDEX
        return req("PUT", f"/ocireg/v2/{name}/manifests/{tag}", _registry_headers(ctx, content_type=ctype), body=dumps(ctx, body))
    if kind == "tags":
        pairs = [("n", ctx.pick((50, 100, 1000)))]
        if ctx.chance(0.4):
            pairs.append(("last", ctx.pick((_version(ctx), "latest"))))
        return req("GET", f"/ocireg/v2/{name}/tags/list", _registry_headers(ctx), qs(ctx, pairs))
    if kind == "mount":
        pairs = [("mount", _digest(ctx)), ("from", ctx.pick((f"{ctx.en.word()}/{_service(ctx)}", "library/" + ctx.pick(("alpine", "debian", "python", "node")))))]
        return req("POST", f"/ocireg/v2/{name}/blobs/uploads/", _registry_headers(ctx), qs(ctx, pairs, fixed=("mount",)))
    if kind == "describe":
        body = {"description": j(ctx, "description", ctx.pick((v.sentence(ctx), ctx.en.catch_phrase()))),
                "full_description": j(ctx, "full_description", f"# {repo}\n\n{v.prose(ctx, 1, 2)}\n\n```bash\ndocker run --rm -p 8080:8080 -e TZ={ctx.fake.timezone()}"
                                                                f" {repo}:{_version(ctx)}\n```\n\n{_dev_note(ctx)}"),
                "is_private": ctx.chance(0.5)}
        return req("PATCH", f"/ocireg/api/repositories/{name}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=v.site(ctx)), body=dumps(ctx, body))
    return req("DELETE", f"/ocireg/v2/{name}/manifests/{_digest(ctx)}", _registry_headers(ctx))


# --------------------------------------------------------------------------
# 10. Secrets manager: KV v2 reads and writes, policies in HCL, leases, logins
# --------------------------------------------------------------------------


def _secret_value(ctx: Ctx, key: str) -> str:
    """Secret values are full of symbols: passwords, DSNs with credentials, keys, PEM blocks."""
    if "URL" in key or "DSN" in key:
        pw = urllib.parse.quote(ctx.fake.password(length=ctx.rng.randint(10, 20)), safe="")
        return ctx.pick((f"postgres://{ctx.en.user_name()}:{pw}@db.{ctx.en.domain_name()}:5432/{ctx.en.word()}?sslmode=require",
                         f"redis://:{pw}@{_service(ctx)}-redis:6379/0", f"mysql://{ctx.en.user_name()}:{pw}@tcp({ctx.fake.ipv4_private()}:3306)/{ctx.en.word()}?parseTime=true"))
    if "KEY" in key and ctx.chance(0.4):
        body = "\n".join(base64.b64encode(ctx.rng.randbytes(48)).decode() for _ in range(ctx.rng.randint(2, 5)))
        kind = ctx.pick(("OPENSSH PRIVATE KEY", "RSA PRIVATE KEY", "PRIVATE KEY"))
        return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----\n"
    if "TOKEN" in key or "KEY" in key:
        return ctx.pick(("sk_live_", "xoxb-", "ghp_", "AKIA", "glpat-", "")) + v.alnum_token(ctx, ctx.rng.randint(20, 40))
    if "JSON" in key:
        return json.dumps({"type": "service_account", "project_id": ctx.en.slug(), "client_email": f"{ctx.en.word()}@{ctx.en.word()}.iam.gserviceaccount.com",
                           "private_key_id": v.hex_token(ctx, 40)})
    return ctx.fake.password(length=ctx.rng.randint(12, 32), special_chars=True)


_SECRET_KEYS = ("DB_PASSWORD", "DATABASE_URL", "REDIS_URL", "STRIPE_API_KEY", "SLACK_BOT_TOKEN", "SMTP_PASSWORD", "JWT_SIGNING_KEY", "GCP_SA_JSON",
                "DEPLOY_SSH_KEY", "SENTRY_DSN", "ADMIN_PASSWORD", "OAUTH_CLIENT_SECRET")


def _vault_headers(ctx: Ctx, profile: str, content_type: str | None = None) -> list[list[str]]:
    extra: tuple[tuple[str, str], ...] = (("X-Vault-Token", "hvs." + v.alnum_token(ctx, 24)), ("X-Vault-Request", "true"))
    if ctx.chance(0.3):
        extra += (("X-Vault-Namespace", header_slot(ctx, "X-Vault-Namespace", ctx.pick((f"{ctx.en.word()}/", "admin/" + ctx.en.word(), "team-" + ctx.en.word() + "/" + _env(ctx))))),)
    return headers_for(ctx, profile, content_type=content_type, extra=extra, cookies=False if profile == "xhr" else None)


def _vault_policy(ctx: Ctx) -> str:
    team = ctx.en.word()
    blocks = [f"# {ctx.pick((v.sentence(ctx), 'Read-only for the ' + team + ' team -- requested by ' + v.full_name(ctx), 'CI deploy role; see ' + ctx.en.url()))}",
              f'path "secret/data/{team}/*" {{\n  capabilities = {json.dumps(ctx.rng.sample(["create", "read", "update", "delete", "list", "patch"], ctx.rng.randint(1, 4)))}\n}}',
              f'path "secret/metadata/{team}/*" {{\n  capabilities = ["list"]\n}}']
    if ctx.chance(0.5):
        blocks.append(f'path "database/creds/{ctx.en.word()}-ro" {{\n  capabilities = ["read"]\n  allowed_parameters = {{\n    "ttl" = ["1h", "8h"]\n  }}\n}}')
    if ctx.chance(0.3):
        blocks.append('path "sys/leases/renew" {\n  capabilities = ["update"]\n}')
    return "\n\n".join(blocks) + "\n"


@template("train", ("/vaultkv/",), weight=1.2)
def secrets_vault(ctx: Ctx) -> Request:
    """Secrets manager: KV v2 reads, writes and merge patches, lists, ACL policies in HCL, lease renewals, logins, metadata, deletions."""
    kind = ctx.pick(("read", "write", "write", "patch", "list", "policy", "lease", "login", "metadata", "delete"))
    mount = ctx.pick(("secret", "kv", "apps"))
    path = seg(ctx, "path", "/".join((ctx.pick((ctx.en.word(), "team-" + ctx.en.word())), _service(ctx), _env(ctx)))) if kind not in ("policy", "lease", "login") else ""
    profile = ctx.pick(("sdk", "sdk", "xhr"))
    if kind == "read":
        q = qs(ctx, [("version", ctx.rng.randint(1, 40))]) if ctx.chance(0.3) else ""
        return req("GET", f"/vaultkv/v1/{mount}/data/{path}", _vault_headers(ctx, profile), q)
    if kind in ("write", "patch"):
        data = {}
        for i, key in enumerate(ctx.rng.sample(_SECRET_KEYS, ctx.rng.randint(1, 4))):
            data[key] = j(ctx, f"data.{key}", _secret_value(ctx, key))
        if ctx.chance(0.5):
            data["NOTES"] = j(ctx, "data.NOTES", ctx.pick((v.prose(ctx, 1, 2), v.prose(ctx, 1, 1), f"rotated by {v.full_name(ctx)} on {v.iso_date(ctx)} -- old one revoked")))
        body: dict[str, Any] = {"data": data}
        if ctx.chance(0.5):
            body["options"] = {"cas": ctx.rng.randint(0, 30)}
        if kind == "patch":
            return req("PATCH", f"/vaultkv/v1/{mount}/data/{path}", _vault_headers(ctx, profile, "application/merge-patch+json"), body=dumps(ctx, body))
        return req(ctx.pick(("POST", "PUT")), f"/vaultkv/v1/{mount}/data/{path}", _vault_headers(ctx, profile, "application/json"), body=dumps(ctx, body))
    if kind == "list":
        return req("GET", f"/vaultkv/v1/{mount}/metadata/{path}", _vault_headers(ctx, profile), qs(ctx, [("list", "true")], fixed=("list",)))
    if kind == "policy":
        name = seg(ctx, "policy", ctx.pick((f"{ctx.en.word()}-read", f"{_service(ctx)}-{_env(ctx)}", "ci-deploy")))
        return req("PUT", f"/vaultkv/v1/sys/policies/acl/{name}", _vault_headers(ctx, profile, "application/json"), body=dumps(ctx, {"policy": j(ctx, "policy", _vault_policy(ctx))}))
    if kind == "lease":
        body = {"lease_id": j(ctx, "lease_id", f"database/creds/{ctx.en.word()}-ro/{v.alnum_token(ctx, 24)}"), "increment": ctx.pick((3600, 28800, "1h"))}
        return req("PUT", "/vaultkv/v1/sys/leases/renew", _vault_headers(ctx, "sdk", "application/json"), body=dumps(ctx, body))
    if kind == "login":
        if ctx.chance(0.5):
            user = seg(ctx, "username", ctx.pick((ctx.fake.user_name(), ctx.fake.email())))
            body = {"password": j(ctx, "password", ctx.fake.password(length=ctx.rng.randint(10, 24), special_chars=True))}
            return req("POST", f"/vaultkv/v1/auth/userpass/login/{user}", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", origin=v.site(ctx)), body=dumps(ctx, body))
        body = {"role_id": ctx.fake.uuid4(), "secret_id": j(ctx, "secret_id", ctx.fake.uuid4())}
        return req("POST", "/vaultkv/v1/auth/approle/login", headers_for(ctx, "sdk", content_type="application/json"), body=dumps(ctx, body))
    if kind == "metadata":
        body = {"max_versions": ctx.pick((5, 10, 20)), "delete_version_after": ctx.pick(("0s", "720h")),
                "custom_metadata": {"owner": j(ctx, "custom_metadata.owner", ctx.pick((ctx.fake.email(), v.full_name(ctx)))),
                                    "description": j(ctx, "custom_metadata.description", ctx.pick((v.sentence(ctx), _dev_note(ctx).replace("\n", " ")[:500]))),
                                    "rotation": ctx.pick(("90d", "manual", "on leak"))}}
        return req("POST", f"/vaultkv/v1/{mount}/metadata/{path}", _vault_headers(ctx, profile, "application/json"), body=dumps(ctx, body))
    if ctx.chance(0.5):
        return req("DELETE", f"/vaultkv/v1/{mount}/metadata/{path}", _vault_headers(ctx, profile))
    return req("POST", f"/vaultkv/v1/{mount}/delete/{path}", _vault_headers(ctx, profile, "application/json"), body=dumps(ctx, {"versions": ctx.rng.sample(range(1, 30), ctx.rng.randint(1, 3))}))


# --------------------------------------------------------------------------
# 11. Status page: incidents in markdown, components, subscribers, alert webhooks
# --------------------------------------------------------------------------

_COMPONENT_STATES = ("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance")


def _incident_text(ctx: Ctx) -> str:
    """An incident update: status word, what is affected, markdown, numbers and comparisons."""
    svc = _service(ctx)
    r = ctx.rng.random()
    if r < 0.35:
        return ctx.pick((
            f"**Investigating** - We're seeing elevated error rates (HTTP 5xx > {ctx.rng.randint(1, 20)}%) on the `{svc}` API. Next update in {ctx.pick((15, 30, 60))} min.",
            f"**Identified** - A bad config push to {svc} caused timeouts; we're rolling back to {_version(ctx)}.",
            f"**Monitoring** - Fix deployed at {v.when(ctx):%H:%M} UTC; latency is back < {ctx.rng.randint(100, 500)}ms. We'll keep an eye on it.",
            f"**Resolved** - Root cause: a DB failover in {ctx.pick(('eu-west-1', 'us-east-1', 'fra1'))} -- queries queued & timed out. Post-mortem to follow.",
            f"Customers on the {ctx.pick(('EU', 'US', 'APAC'))} cluster can't log in or upload files; webhooks are delayed ~{ctx.rng.randint(5, 90)} min.",
        ))
    if r < 0.55:
        return v.prose(ctx, 1, 3, trap_rate=0.4)
    if r < 0.75:
        return f"**{ctx.pick(('Investigating', 'Update', 'Monitoring', 'Resolved'))}** - {v.prose(ctx, 1, 2, trap_rate=0.2)}"
    return v.markdown_post(ctx, code_rate=0.2)


@template("train", ("/svcstatus/",), weight=1.2)
def status_page(ctx: Ctx) -> Request:
    """Status page: incidents as JSON and as the admin form, updates, components, public subscribe form, CSV subscriber import, alert webhooks, summary reads."""
    kind = ctx.pick(("incident", "incident_form", "update", "component", "subscribe", "import", "summary", "webhook", "maintenance", "unsubscribe"))
    page = seg(ctx, "page", v.alnum_token(ctx, 12).lower()) if kind not in ("summary", "subscribe") else ""
    site = v.site(ctx)
    if kind == "incident":
        comps = {v.alnum_token(ctx, 12).lower(): ctx.pick(_COMPONENT_STATES[1:]) for _ in range(ctx.rng.randint(1, 3))}
        body: dict[str, Any] = {"incident": {"name": j(ctx, "incident.name", ctx.pick((f"Elevated errors on {_service(ctx)}", v.short_text(ctx), "Login & SSO issues", "Degraded performance -- EU"))),
                                             "status": ctx.pick(("investigating", "identified", "monitoring")), "impact_override": ctx.pick(("minor", "major", "critical")),
                                             "body": j(ctx, "incident.body", _incident_text(ctx)), "component_ids": list(comps), "components": comps, "deliver_notifications": ctx.chance(0.8)}}
        return req("POST", f"/svcstatus/v1/pages/{page}/incidents", headers_for(ctx, ctx.pick(("sdk", "mobile")), content_type="application/json", auth="apikey"), body=dumps(ctx, body))
    if kind == "incident_form":
        pairs: list[tuple[str, Any]] = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("incident[name]", ctx.pick((v.short_text(ctx), f"{_service(ctx)} outage"))),
                                        ("incident[status]", ctx.pick(("investigating", "identified"))), ("incident[body]", _incident_text(ctx))]
        pairs += [("incident[component_ids][]", v.alnum_token(ctx, 12).lower()) for _ in range(ctx.rng.randint(1, 3))]
        pairs += [("incident[deliver_notifications]", ctx.pick(("0", "1")))]
        return req("POST", f"/svcstatus/admin/pages/{page}/incidents", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=f"{site}/svcstatus/admin/pages"),
                   body=form(ctx, pairs, fixed=("authenticity_token",)))
    if kind == "update":
        body = {"incident": {"status": ctx.pick(("identified", "monitoring", "resolved")), "body": j(ctx, "incident.body", _incident_text(ctx)),
                             "components": {v.alnum_token(ctx, 12).lower(): ctx.pick(_COMPONENT_STATES)}}}
        return req("PATCH", f"/svcstatus/v1/pages/{page}/incidents/{seg(ctx, 'incident', v.alnum_token(ctx, 12).lower())}",
                   headers_for(ctx, ctx.pick(("xhr", "mobile", "sdk")), content_type="application/json", auth=ctx.pick(("apikey", "jwt"))), body=dumps(ctx, body))
    if kind == "component":
        body = {"component": {"name": j(ctx, "component.name", ctx.pick((f"{_service(ctx).capitalize()} API", "Web app", "Webhooks & integrations", ctx.fake.city() + " region"))),
                              "description": j(ctx, "component.description", ctx.pick(("", v.sentence(ctx)))), "status": ctx.pick(_COMPONENT_STATES), "only_show_if_degraded": ctx.chance(0.2)}}
        return req("PUT", f"/svcstatus/v1/pages/{page}/components/{seg(ctx, 'component', v.alnum_token(ctx, 12).lower())}",
                   headers_for(ctx, "xhr", content_type="application/json", auth="apikey", origin=site), body=dumps(ctx, body))
    if kind == "subscribe":
        pairs = [("csrf", v.hex_token(ctx, 32)), ("email", ctx.fake.email())]
        pairs += [("component_ids[]", v.alnum_token(ctx, 12).lower()) for _ in range(ctx.rng.randint(0, 3))]
        if ctx.chance(0.3):
            pairs.append(("phone_number", ctx.fake.phone_number()))
        return req("POST", "/svcstatus/subscriptions", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/svcstatus/"),
                   body=form(ctx, pairs, fixed=("csrf",)))
    if kind == "import":
        rows = ["email,name,components,skip_confirmation_notification"]
        for i in range(ctx.rng.randint(2, 6)):
            comps = ";".join(ctx.rng.sample(["API", "Web app", "Webhooks & integrations", "Payments (EU)"], ctx.rng.randint(1, 2)))
            name = v.full_name(ctx).replace('"', "'")
            rows.append(f'{ctx.fake.email()},"{ctx.slot("multipart", "csv.name", name) if i == 0 else name}","{comps}",{ctx.pick(("true", "false"))}')
        return req("POST", f"/svcstatus/v1/pages/{page}/subscribers/import", headers_for(ctx, "sdk", content_type="text/csv", auth="apikey"), body="\n".join(rows) + "\n")
    if kind == "summary":
        q = qs(ctx, [("lang", ctx.locale[:2])]) if ctx.chance(0.3) else ""
        page = seg(ctx, "page", ctx.pick((ctx.en.slug(), ctx.en.word(), v.alnum_token(ctx, 12).lower())))
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/svcstatus/p/{page}/" + ctx.pick(("api/v2/summary.json", "api/v2/incidents/unresolved.json", "history.rss")),
                   headers_for(ctx, ctx.pick(("nav", "sdk", "mobile")), accept=ctx.pick((None, "application/json"))), q)
    if kind == "webhook":
        alertname = ctx.pick(("HighErrorRate", "TargetDown", "DiskWillFillIn4Hours", "KubePodCrashLooping", "SLOBurnRateFast"))
        labels = {"alertname": alertname, "severity": ctx.pick(("critical", "warning")), "service": _service(ctx), "namespace": ctx.pick(_NAMESPACES)}
        expr = urllib.parse.quote_plus(_promql(ctx))
        body = {"version": "4", "groupKey": f'{{}}:{{alertname="{alertname}"}}', "status": ctx.pick(("firing", "resolved")), "receiver": "statuspage",
                "groupLabels": {"alertname": alertname}, "commonLabels": labels,
                "commonAnnotations": {"summary": j(ctx, "commonAnnotations.summary", ctx.pick((f"{labels['service']}: 5xx ratio above {ctx.rng.randint(1, 10)}%", v.sentence(ctx)))),
                                      "description": j(ctx, "commonAnnotations.description", _incident_text(ctx))},
                "externalURL": f"https://alertmanager.{ctx.en.domain_name()}",
                "alerts": [{"status": "firing", "labels": {**labels, "instance": f"{ctx.fake.ipv4_private()}:{ctx.pick((9100, 8080))}"}, "startsAt": v.iso_datetime(ctx), "endsAt": "0001-01-01T00:00:00Z",
                            "generatorURL": f"https://prometheus.{ctx.en.domain_name()}/graph?g0.expr={expr}&g0.tab=1", "fingerprint": v.hex_token(ctx, 16)}]}
        extra = (("X-Svcstatus-Signature", "sha256=" + v.hex_token(ctx, 64)),)
        return req("POST", f"/svcstatus/hooks/{page}/alertmanager", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if kind == "maintenance":
        body = {"incident": {"name": j(ctx, "incident.name", ctx.pick((f"Scheduled DB upgrade ({ctx.pick(('Postgres 15 -> 16', 'MySQL 8.0 -> 8.4'))})", v.short_text(ctx)))),
                             "status": "scheduled", "scheduled_for": v.iso_datetime(ctx), "scheduled_until": v.iso_datetime(ctx), "scheduled_remind_prior": True,
                             "body": j(ctx, "incident.body", ctx.pick((_incident_text(ctx), f"Expect < {ctx.rng.randint(1, 30)} min of read-only mode; writes will fail with HTTP 503.")))}}
        return req("POST", f"/svcstatus/v1/pages/{page}/incidents", headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=site), body=dumps(ctx, body))
    return req("DELETE", f"/svcstatus/v1/pages/{page}/subscribers/{seg(ctx, 'subscriber', v.alnum_token(ctx, 12).lower())}", headers_for(ctx, ctx.pick(("sdk", "xhr")), auth="apikey"))


# --------------------------------------------------------------------------
# 12. API gateway admin: routes with path regexes, header matchers, rewrite plugins
# --------------------------------------------------------------------------


def _route_path(ctx: Ctx) -> str:
    w = ctx.en.word()
    return ctx.pick((f"~/api/v(?<version>\\d+)/{w}s/(?<id>[0-9]+)$", f"/{w}", f"/{w}/v{ctx.rng.randint(1, 3)}/", f"~/{w}/(?<path>.*)", f"~^/(?:{w}|{ctx.en.word()})/[a-z0-9-]+/?$",
                     f"/legacy/{w}.php", "~/static/.+\\.(?:js|css|png|svg)$"))


def _gw_admin_headers(ctx: Ctx, content_type: str | None = None) -> list[list[str]]:
    profile = ctx.pick(("sdk", "sdk", "xhr"))
    if profile == "xhr":
        return headers_for(ctx, "xhr", content_type=content_type, origin=v.site(ctx), cookies=True)
    return headers_for(ctx, "sdk", content_type=content_type, auth=ctx.pick(("basic", None)), extra=(("Kong-Admin-Token", v.alnum_token(ctx, 32)),))


@template("train", ("/gwadmin/",), weight=1.2)
def gateway_admin(ctx: Ctx) -> Request:
    """API gateway admin: routes with regex paths and header matchers (JSON), plugins as dotted forms and JSON, consumers, lists, declarative YAML, deletions, preflights."""
    kind = ctx.pick(("route", "route", "patch", "plugin_form", "plugin_json", "consumer", "list", "config", "delete", "preflight"))
    svc = seg(ctx, "service", _service(ctx)) if kind in ("route", "plugin_form", "plugin_json") else ""
    if kind in ("route", "patch"):
        body: dict[str, Any] = {"name": j(ctx, "name", f"{ctx.en.word()}-{ctx.pick(('v1', 'v2', 'legacy', 'canary'))}"), "paths": [j(ctx, f"paths[{i}]", _route_path(ctx)) for i in range(ctx.rng.randint(1, 3))],
                                "methods": ctx.rng.sample(["GET", "POST", "PUT", "PATCH", "DELETE"], ctx.rng.randint(1, 3)), "strip_path": ctx.chance(0.5), "preserve_host": ctx.chance(0.3),
                                "regex_priority": ctx.rng.randint(0, 200), "protocols": ["https"],
                                "tags": [j(ctx, "tags", ctx.pick((ctx.en.word(), "team-" + ctx.en.word(), _env(ctx)))) for _ in range(ctx.rng.randint(0, 2))]}
        if ctx.chance(0.5):
            body["headers"] = {ctx.pick(("x-canary", "x-tenant", "x-api-version")): [j(ctx, "headers.value", ctx.pick(("~*^(true|1)$", ctx.en.word(), "2024-10-01", "~*" + ctx.en.word() + ".*")))]}
        if ctx.chance(0.4):
            body["hosts"] = [j(ctx, "hosts", ctx.pick((f"api.{ctx.en.domain_name()}", f"*.{ctx.en.domain_name()}")))]
        if kind == "patch":
            return req("PATCH", f"/gwadmin/routes/{seg(ctx, 'route', ctx.pick((ctx.fake.uuid4(), ctx.en.word() + '-v1')))}", _gw_admin_headers(ctx, "application/json"), body=dumps(ctx, body))
        return req("POST", f"/gwadmin/services/{svc}/routes", _gw_admin_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "plugin_form":
        plugin = ctx.pick(("request-transformer", "rate-limiting", "cors", "ip-restriction"))
        pairs: list[tuple[str, Any]] = [("name", plugin)]
        if plugin == "request-transformer":
            pairs += [("config.replace.uri", ctx.pick(("/v2/$(uri_captures.path)", "/$(uri_captures['version'])/items", "/internal/" + ctx.en.word()))),
                      ("config.add.headers", f"X-Forwarded-Prefix:/{ctx.en.word()}"), ("config.add.querystring", f"source:{ctx.pick(('gateway', 'mobile'))}"),
                      ("config.remove.headers", ctx.pick(("Cookie", "X-Debug", "Authorization")))]
        elif plugin == "rate-limiting":
            pairs += [("config.minute", ctx.pick((60, 100, 1000))), ("config.policy", ctx.pick(("local", "redis"))), ("config.limit_by", ctx.pick(("consumer", "ip", "header"))),
                      ("config.header_name", ctx.pick(("X-Tenant-Id", "X-API-Key")))]
        elif plugin == "cors":
            pairs += [("config.origins", v.site(ctx)), ("config.origins", ctx.pick(("*", v.site(ctx)))), ("config.methods", "GET,POST,PATCH"), ("config.credentials", "true")]
        else:
            pairs += [("config.allow", f"{ctx.fake.ipv4_private()}/{ctx.pick((8, 16, 24, 32))}"), ("config.message", ctx.pick(("Not allowed from your network", v.sentence(ctx))))]
        pairs.append(("tags[]", ctx.pick((ctx.en.word(), _env(ctx)))))
        return req("POST", f"/gwadmin/services/{svc}/plugins", _gw_admin_headers(ctx, "application/x-www-form-urlencoded"), body=form(ctx, pairs, fixed=("name",)))
    if kind == "plugin_json":
        name = ctx.pick(("request-termination", "ip-restriction", "jwt", "response-transformer"))
        if name == "request-termination":
            config: dict[str, Any] = {"status_code": 503, "message": j(ctx, "config.message", ctx.pick(("Down for maintenance -- back at 04:00 UTC", v.sentence(ctx), _incident_text(ctx))))}
        elif name == "ip-restriction":
            config = {"allow": [j(ctx, "config.allow", ctx.fake.ipv4_private() + "/24")], "deny": None, "status": 403, "message": j(ctx, "config.message", v.sentence(ctx))}
        elif name == "jwt":
            config = {"uri_param_names": ["jwt"], "claims_to_verify": ["exp"], "key_claim_name": "iss", "header_names": ["authorization"],
                      "anonymous": j(ctx, "config.anonymous", ctx.pick(("", ctx.fake.uuid4())))}
        else:
            config = {"add": {"headers": [j(ctx, "config.add.headers", f"X-Route:{ctx.en.word()}")], "json": [j(ctx, "config.add.json", f"source:{ctx.en.word()}")]}}
        body = {"name": name, "config": config, "enabled": ctx.chance(0.9), "tags": [j(ctx, "tags", ctx.en.word())]}
        return req(ctx.pick(("POST", "PUT")), f"/gwadmin/services/{svc}/plugins", _gw_admin_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "consumer":
        pairs = [("username", ctx.pick((ctx.fake.user_name(), ctx.fake.company()[:30], f"{ctx.en.word()}-integration"))), ("custom_id", ctx.pick((str(rid(ctx)), ctx.fake.uuid4())))]
        pairs += [("tags[]", ctx.pick(("partner", "internal", ctx.en.word())))]
        return req("POST", "/gwadmin/consumers", _gw_admin_headers(ctx, "application/x-www-form-urlencoded"), body=form(ctx, pairs))
    if kind == "list":
        pairs = [("size", ctx.pick((100, 1000))), ("tags", ctx.pick((ctx.en.word(), f"{ctx.en.word()},{_env(ctx)}", f"{ctx.en.word()}/{ctx.en.word()}")))]
        if ctx.chance(0.3):
            pairs.append(("offset", v.b64url(ctx.rng.randbytes(18))))
        return req("GET", f"/gwadmin/{ctx.pick(('routes', 'services', 'plugins', 'consumers'))}", _gw_admin_headers(ctx), qs(ctx, pairs))
    if kind == "config":
        svc_name, path = _service(ctx), _route_path(ctx)
        desc = _yq(str(ctx.slot("multipart", "config.description", ctx.pick((v.sentence(ctx), f"{v.full_name(ctx)}'s {ctx.en.word()} routes -- keep in sync with {_repo_file(ctx, 'yaml')}")))))
        text = (f'_format_version: "3.0"\n_info:\n  select_tags: ["{ctx.en.word()}"]\nservices:\n  - name: {svc_name}\n    url: http://{svc_name}.{ctx.pick(_NAMESPACES)}.svc:8080\n'
                f"    tags: [{_env(ctx)}]\n    routes:\n      - name: {svc_name}-main\n        paths:\n          - {_yq(path)}\n        strip_path: false\n        regex_priority: {ctx.rng.randint(0, 100)}\n"
                f"    plugins:\n      - name: rate-limiting\n        config: {{minute: {ctx.pick((60, 600))}, policy: local}}\n      - name: request-termination\n        enabled: false\n"
                f"        config:\n          status_code: 503\n          message: {desc}\n")
        return req("POST", "/gwadmin/config", _gw_admin_headers(ctx, ctx.pick(("text/yaml", "application/yaml"))), qs(ctx, [("check_hash", "1")], fixed=("check_hash",)), text)
    if kind == "delete":
        return req("DELETE", f"/gwadmin/{ctx.pick(('routes', 'plugins', 'consumers'))}/{seg(ctx, 'id', ctx.pick((ctx.fake.uuid4(), ctx.en.word() + '-v1')))}", _gw_admin_headers(ctx))
    return _preflight(ctx, f"/gwadmin/{ctx.pick(('routes', 'services', 'plugins'))}", ("content-type", "content-type,kong-admin-token", "authorization,content-type"))


DEVTOOLS: tuple[str, ...] = (
    "metrics_dashboard", "log_search", "error_tracker", "code_review", "paste_bin", "regex_tester",
    "api_client_collections", "iac_plans", "container_registry", "secrets_vault", "status_page", "gateway_admin",
)
