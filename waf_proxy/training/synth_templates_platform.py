"""Train templates: developer platforms and integrations.

APIs that developers and their tools call: an LLM chat-completion API, a search
service with a JSON query DSL, S3-style object storage, a package registry,
inbound webhooks from payment / code-hosting / messaging providers, chatops
slash commands, an OpenID Connect provider, an OTLP/JSON telemetry exporter,
a notebook server, a headless CMS, a product-analytics SDK and a link
shortener. Their traffic is full of things a naive filter reads as attacks:
prompts with SQL and shell in them, `db.statement` span attributes, readmes
with install commands, notebook cells with `!pip install`, URLs as values,
signatures and base64 blobs in headers. Every value a client controls is a
slot; fixed protocol values (enums, versions, signatures) are not.
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
# Small value builders
# --------------------------------------------------------------------------

_TABLES = ("orders", "customers", "invoices", "events", "line_items", "accounts", "sessions", "products", "payments", "audit_log")
_COLS = ("id", "created_at", "status", "email", "total", "country", "customer_id", "name", "amount", "updated_at", "plan")


def _sql(ctx: Ctx, placeholders: bool = False) -> str:
    """An everyday SQL statement as people paste it into prompts and spans record it."""
    t1, t2 = ctx.rng.sample(_TABLES, 2)
    cols = ", ".join(ctx.rng.sample(_COLS, ctx.rng.randint(1, 4)))
    val = ctx.pick(("$1", "?", "%s", ":id")) if placeholders else ctx.pick((str(ctx.rng.randint(1, 999)), f"'{v.iso_date(ctx)}'", "'active'", "NOW() - INTERVAL '7 days'"))
    r = ctx.rng.random()
    if r < 0.35:
        sql = f"SELECT {cols} FROM {t1} WHERE {ctx.pick(_COLS)} {ctx.pick(('=', '>=', '<', '<>'))} {val} ORDER BY {ctx.pick(_COLS)} {ctx.pick(('DESC', 'ASC'))} LIMIT {ctx.pick((10, 50, 100))}"
    elif r < 0.55:
        sql = (f"SELECT c.name, COUNT(*) AS n, SUM(o.total) FROM {t1} o JOIN {t2} c ON c.id = o.{ctx.pick(('customer_id', 'account_id'))}"
               f" WHERE o.created_at >= {val} GROUP BY c.name HAVING COUNT(*) > {ctx.rng.randint(1, 9)} ORDER BY n DESC")
    elif r < 0.7:
        sql = f"UPDATE {t1} SET status = {ctx.pick(('$2', chr(39) + 'archived' + chr(39), '?'))}, updated_at = now() WHERE id = {val}"
    elif r < 0.8:
        sql = f"INSERT INTO {t1} ({cols}) VALUES ({', '.join(ctx.pick(('?', '$1', '%s')) for _ in cols.split(','))})"
    elif r < 0.9:
        sql = f"DELETE FROM {t1} WHERE created_at < {val}"
    else:
        sql = f"WITH recent AS (SELECT * FROM {t1} WHERE created_at > {val}) SELECT {cols} FROM recent LEFT JOIN {t2} USING (id)"
    return sql + (";" if ctx.chance(0.5) else "")


_PROMPT_TASKS = (
    "Explain what this query does and whether it needs an index:", "Why is this slow on Postgres 15?", "Rewrite this in SQLAlchemy:",
    "Can you convert this to a bash one-liner?", "What does this command do, step by step?", "Fix the bug in this snippet:",
    "Write unit tests for this:", "Review this and suggest improvements (keep it short):", "Translate the comments to English:",
    "Is this safe to run in production?", "Add type hints and a docstring:", "Turn this into a GitHub issue description:",
)


def _prompt(ctx: Ctx) -> str:
    """A user prompt: a task, often with code, SQL, shell or a stack trace in it."""
    r = ctx.rng.random()
    task = ctx.pick(_PROMPT_TASKS)
    if r < 0.2:
        return f"{task}\n\n```sql\n{_sql(ctx)}\n```"
    if r < 0.35:
        return f"{task}\n\n```bash\n{synth_tech.shell_line(ctx)}\n```" if ctx.chance(0.7) else f"{task} `{synth_tech.shell_line(ctx)}`"
    if r < 0.5:
        return synth_tech.with_code(ctx, task + " " + v.prose(ctx, 0, 1))
    if r < 0.6:
        fn = ctx.en.word()
        return (f"I get this error when I run `python {ctx.en.file_path(depth=2, absolute=False, extension='py')}`:\n\n```\nTraceback (most recent call last):\n"
                f"  File \"{v.file_path(ctx)}\", line {ctx.rng.randint(3, 400)}, in {fn}\n    return data['{ctx.en.word()}']\n"
                f"KeyError: '{ctx.en.word()}'\n```\n{ctx.pick(('Any idea?', 'What am I missing?', ''))}").rstrip()
    if r < 0.72:
        return f"{ctx.pick(('Summarize this in 3 bullet points:', 'Translate to English:', 'Make this sound more polite:', 'Proofread:'))}\n\n{v.prose(ctx, 2, 5, trap_rate=0.4)}"
    if r < 0.82:
        return v.markdown_post(ctx, code_rate=0.5)
    if r < 0.9:
        return f"Write a {ctx.pick(('regex', 'cron expression', 'jq filter', 'SQL query', 'Dockerfile'))} that {ctx.pick(('matches', 'selects', 'deletes', 'finds'))} {ctx.en.sentence(nb_words=6).rstrip('.').lower()}"
    return v.prose(ctx, 1, 3, trap_rate=0.5)


def _object_key(ctx: Ctx) -> str:
    """An object key: folders, dates, spaces, parentheses, non-ASCII."""
    r = ctx.rng.random()
    if r < 0.3:
        return f"{ctx.pick(('exports', 'backups', 'reports', 'raw'))}/{v.iso_date(ctx).replace('-', '/')}/{ctx.en.file_name(category=ctx.pick(('text', 'office')))}"
    if r < 0.5:
        return f"uploads/{ctx.fake.uuid4()}/{ctx.fake.file_name()}"
    if r < 0.7:
        return f"{ctx.pick(('Shared', 'Team Docs', 'clients'))}/{ctx.fake.company()}/{ctx.pick(('Q3 report (final).pdf', 'notes v2.txt', 'invoice #12.pdf', ctx.fake.file_name()))}"
    if r < 0.85:
        return f"static/{ctx.pick(('js', 'css', 'img'))}/{ctx.en.word()}.{v.hex_token(ctx, 8)}.{ctx.pick(('js', 'css', 'webp', 'svg'))}"
    return f"logs/{ctx.pick(('app', 'nginx', 'worker'))}/{v.iso_date(ctx)}/part-{ctx.rng.randint(0, 9999):05d}.json.gz"


def _long_url(ctx: Ctx) -> str:
    """A URL as people shorten or share it: query strings, tracking tags, fragments."""
    base = f"https://{ctx.pick(('www.', 'blog.', 'docs.', 'shop.', ''))}{ctx.en.domain_name()}/{ctx.en.uri_path(deep=ctx.rng.randint(1, 3))}"
    r = ctx.rng.random()
    if r < 0.3:
        base += f"?utm_source={ctx.pick(('newsletter', 'twitter', 'linkedin'))}&utm_medium={ctx.pick(('email', 'social'))}&utm_campaign={ctx.en.word()}-{ctx.rng.randint(2023, 2026)}"
    elif r < 0.5:
        base += f"?q={ctx.en.word()}+{ctx.en.word()}&page={ctx.rng.randint(1, 9)}"
    elif r < 0.6:
        base += f"?ref={ctx.en.user_name()}&lang={ctx.locale[:2]}#section-{ctx.rng.randint(1, 9)}"
    elif r < 0.7:
        base += "/" + ctx.fake.slug() + "/"
    return base


def _readme(ctx: Ctx, name: str) -> str:
    """A package readme: headline, install commands, usage code, a table."""
    parts = [f"# {name}", v.prose(ctx, 1, 2, trap_rate=0.2), "## Install",
             f"```bash\n{ctx.pick(('npm install ', 'pip install ', 'yarn add ', 'pnpm add '))}{name}\n```"]
    if ctx.chance(0.6):
        lang, code = synth_tech.tech_snippet(ctx)
        parts += ["## Usage", f"```{lang}\n{code}\n```"]
    if ctx.chance(0.4):
        parts.append("| Option | Default | Description |\n|---|---|---|\n" + "\n".join(
            f"| `{ctx.en.word()}` | `{ctx.pick(('true', 'null', '100', chr(34) + ctx.en.word() + chr(34)))}` | {ctx.en.sentence(nb_words=5)} |" for _ in range(ctx.rng.randint(1, 3))))
    if ctx.chance(0.3):
        parts.append(f"See [CONTRIBUTING.md](./CONTRIBUTING.md) -- and `{synth_tech.shell_line(ctx)}` before opening a PR.")
    return "\n\n".join(parts)


def _trace_id(ctx: Ctx) -> str:
    return v.hex_token(ctx, 32)


def _span_id(ctx: Ctx) -> str:
    return v.hex_token(ctx, 16)


def _nanos(ctx: Ctx) -> int:
    return ctx.rng.randrange(1_700_000_000, 1_760_000_000) * 1_000_000_000 + ctx.rng.randrange(0, 10**9)


def _log_message(ctx: Ctx) -> str:
    """A log line an app emits: paths, SQL, durations, quoted values."""
    return ctx.pick((
        f"GET {v.app_path(ctx)} 200 in {ctx.rng.randint(2, 900)}ms",
        f"slow query ({ctx.rng.randint(200, 9000)}ms): {_sql(ctx, placeholders=True)}",
        f"user '{ctx.fake.user_name()}' signed in from {ctx.fake.ipv4_public()}",
        f"failed to open {v.file_path(ctx)}: permission denied",
        f"retrying job {ctx.en.word()}:{rid(ctx)} (attempt {ctx.rng.randint(2, 5)}/5) -- {ctx.pick(('timeout', 'connection reset', 'HTTP 503'))}",
        f"cache miss for key \"{ctx.en.word()}:{rid(ctx)}\"",
        f"ran `{synth_tech.shell_line(ctx)}` exit=0",
        v.sentence(ctx),
    ))


# ==========================================================================
# 1. LLM chat-completion API
# ==========================================================================


@template("train", ("/llm/v1/",), weight=1.5)
def llm_chat_completion(ctx: Ctx) -> Request:
    """Chat completions, embeddings and model listing; prompts carry code, SQL and shell."""
    key = "sk-" + ctx.pick(("proj-", "", "live-")) + v.alnum_token(ctx, 40)
    extra = (("Authorization", f"Bearer {key}"),) + ((("OpenAI-Organization", "org-" + v.alnum_token(ctx, 24)),) if ctx.chance(0.3) else ())
    profile = ctx.pick(("sdk", "sdk", "xhr"))
    kind = ctx.rng.random()
    if kind < 0.1:
        return req("GET", "/llm/v1/models", headers_for(ctx, profile, extra=extra))
    if kind < 0.25:
        inputs = [j(ctx, f"input[{i}]", ctx.pick((v.sentence(ctx), v.search_terms(ctx), _sql(ctx), v.prose(ctx, 1, 2)))) for i in range(ctx.rng.randint(1, 4))]
        body: dict[str, Any] = {"model": ctx.pick(("text-embedding-3-small", "text-embedding-3-large", "nomic-embed-text")),
                                "input": inputs if len(inputs) > 1 or ctx.chance(0.5) else inputs[0]}
        if ctx.chance(0.3):
            body["dimensions"] = ctx.pick((256, 512, 1024))
        return req("POST", "/llm/v1/embeddings", headers_for(ctx, profile, content_type="application/json", extra=extra), body=dumps(ctx, body))
    messages: list[dict[str, Any]] = []
    if ctx.chance(0.6):
        messages.append({"role": ctx.pick(("system", "developer")), "content": j(ctx, "system", ctx.pick((
            "You are a helpful assistant.", f"You are a senior {ctx.pick(('Python', 'Go', 'SQL', 'DevOps'))} engineer. Answer concisely and use code blocks.",
            f"Answer in {ctx.fake.language_name()}. Be brief.", "You review pull requests. Point out bugs, don't rewrite everything.")))})
    for turn in range(ctx.rng.randint(0, 2)):
        messages.append({"role": "user", "content": j(ctx, f"messages[{turn}].user", _prompt(ctx))})
        messages.append({"role": "assistant", "content": j(ctx, f"messages[{turn}].assistant", v.markdown_post(ctx, code_rate=0.6))})
    if ctx.chance(0.2):  # multimodal: text part + an inline image
        messages.append({"role": "user", "content": [{"type": "text", "text": j(ctx, "content[].text", _prompt(ctx))},
                                                     {"type": "image_url", "image_url": {"url": synth_tech.data_uri(ctx), "detail": ctx.pick(("low", "auto"))}}]})
    else:
        messages.append({"role": "user", "content": j(ctx, "prompt", _prompt(ctx))})
    body = {"model": ctx.pick(("gpt-4o-mini", "gpt-4.1", "llama-3.1-70b-instruct", "mistral-large-latest", "qwen2.5-coder:14b")), "messages": messages}
    if ctx.chance(0.5):
        body["temperature"] = ctx.pick((0, 0.2, 0.7, 1))
    if ctx.chance(0.4):
        body["max_tokens"] = ctx.pick((256, 1024, 4096))
    if ctx.chance(0.3):
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    if ctx.chance(0.2):
        body["stop"] = ["\n\n###", "</answer>"]
    if ctx.chance(0.25):
        body["tools"] = [{"type": "function", "function": {
            "name": ctx.pick(("run_sql", "search_docs", "get_weather", "create_ticket")),
            "description": j(ctx, "tools[].description", v.sentence(ctx)),
            "parameters": {"type": "object", "properties": {"query": {"type": "string", "description": "The query to run"}, "limit": {"type": "integer"}},
                           "required": ["query"]}}}]
        body["tool_choice"] = "auto"
    if ctx.chance(0.2):
        body["response_format"] = {"type": "json_object"}
    if ctx.chance(0.3):
        body["user"] = j(ctx, "user", ctx.pick((ctx.fake.email(), "user-" + str(rid(ctx)))))
    return req("POST", "/llm/v1/chat/completions", headers_for(ctx, profile, content_type="application/json", extra=extra,
                                                               accept="text/event-stream" if body.get("stream") else None), body=dumps(ctx, body))


# ==========================================================================
# 2. Search service with a JSON query DSL
# ==========================================================================


@template("train", ("/idx-api/",), weight=1.3)
def search_cluster_dsl(ctx: Ctx) -> Request:
    """Elasticsearch/OpenSearch-style: bool/match/range queries, aggregations, doc CRUD, URI search."""
    index = ctx.pick(("products", "logs-2024.10", "articles_v3", "customers", "kb-docs"))
    auth = ctx.pick(("basic", "apikey", None))
    extra: tuple[tuple[str, str], ...] = ()
    if auth == "apikey":
        extra, auth = (("Authorization", "ApiKey " + base64.b64encode(f"{v.alnum_token(ctx, 20)}:{v.alnum_token(ctx, 22)}".encode()).decode()),), None
    r = ctx.rng.random()
    ipath = seg(ctx, "index", index)
    if r < 0.45:
        must: list[Any] = [{"match": {ctx.pick(("title", "description", "body", "message")): {"query": j(ctx, "match", v.search_terms(ctx)), "operator": ctx.pick(("and", "or"))}}}]
        if ctx.chance(0.4):
            must.append({"multi_match": {"query": j(ctx, "multi_match", ctx.pick((v.tricky_search(ctx), v.search_terms(ctx)))), "fields": ["title^3", "body", "tags"]}})
        if ctx.chance(0.3):
            must.append({"query_string": {"query": j(ctx, "query_string", f"{ctx.pick(('status', 'level', 'type'))}:{ctx.en.word()} AND NOT {ctx.en.word()}"), "default_operator": "AND"}})
        flt: list[Any] = [{"range": {ctx.pick(("@timestamp", "created_at", "price")): {"gte": j(ctx, "range.gte", ctx.pick((v.iso_date(ctx), "now-7d/d"))), "lt": "now"}}}]
        if ctx.chance(0.5):
            flt.append({"term": {ctx.pick(("status.keyword", "country", "level")): j(ctx, "term", ctx.pick(("published", "error", ctx.fake.country_code())))}})
        if ctx.chance(0.3):
            flt.append({"terms": {"tags": [j(ctx, "terms", ctx.en.word()) for _ in range(ctx.rng.randint(1, 3))]}})
        body: dict[str, Any] = {"query": {"bool": {"must": must, "filter": flt, "must_not": [{"exists": {"field": "deleted_at"}}] if ctx.chance(0.3) else [],
                                                   "minimum_should_match": ctx.pick((None, 1))}},
                                "size": ctx.pick((0, 10, 20, 50)), "from": ctx.pick((0, 20, 40))}
        if ctx.chance(0.5):
            body["aggs"] = {"by_" + ctx.pick(("country", "status", "day")): {"terms": {"field": ctx.pick(("country", "status.keyword")), "size": 10},
                                                                              "aggs": {"avg_total": {"avg": {"field": "total"}}}},
                            "per_day": {"date_histogram": {"field": "@timestamp", "calendar_interval": ctx.pick(("1d", "1h", "week"))}}}
        if ctx.chance(0.4):
            body["sort"] = [{ctx.pick(("created_at", "_score", "price")): {"order": ctx.pick(("desc", "asc"))}}]
        if ctx.chance(0.3):
            body["highlight"] = {"fields": {"body": {}}, "pre_tags": ["<em>"], "post_tags": ["</em>"]}
        if ctx.chance(0.2):
            body["_source"] = ["title", "url", "updated_at"]
        q = qs(ctx, [("track_total_hits", ctx.pick(("true", "10000")))]) if ctx.chance(0.3) else ""
        return req("POST", f"/idx-api/{ipath}/_search", headers_for(ctx, "sdk", content_type="application/json", auth=auth, extra=extra), q, dumps(ctx, body))
    if r < 0.6:  # URI search with Lucene syntax
        pairs = [("q", f"{ctx.pick(('title', 'message', 'author'))}:\"{v.search_terms(ctx)}\""), ("size", ctx.pick((10, 25))),
                 ("sort", ctx.pick(("created_at:desc", "_score", "price:asc"))), ("_source_includes", ctx.pick(("title,url", "id,name,email")))]
        return req("GET", f"/idx-api/{ipath}/_search", headers_for(ctx, ctx.pick(("sdk", "xhr")), auth=auth, extra=extra), qs(ctx, pairs))
    if r < 0.85:  # index or update a document
        doc_id = seg(ctx, "doc_id", ctx.pick((str(rid(ctx)), ctx.fake.uuid4(), v.slug(ctx))))
        doc = {"title": j(ctx, "title", v.short_text(ctx)), "body": j(ctx, "body", v.free_text(ctx)), "author": j(ctx, "author", v.full_name(ctx)),
               "tags": [j(ctx, "tags", ctx.en.word()) for _ in range(ctx.rng.randint(0, 3))], "created_at": v.iso_datetime(ctx),
               "url": j(ctx, "url", _long_url(ctx)), "lang": ctx.locale[:2]}
        if ctx.chance(0.4):
            return req("POST", f"/idx-api/{ipath}/_update/{doc_id}", headers_for(ctx, "sdk", content_type="application/json", auth=auth, extra=extra),
                       qs(ctx, [("refresh", "wait_for")], fixed=("refresh",)), dumps(ctx, {"doc": doc, "doc_as_upsert": True}))
        return req("PUT", f"/idx-api/{ipath}/_doc/{doc_id}", headers_for(ctx, "sdk", content_type="application/json", auth=auth, extra=extra), body=dumps(ctx, doc))
    if r < 0.93:
        return req(ctx.pick(("HEAD", "GET")), f"/idx-api/{ipath}", headers_for(ctx, "sdk", auth=auth, extra=extra))
    return req("DELETE", f"/idx-api/{ipath}/_doc/{seg(ctx, 'doc_id', str(rid(ctx)))}", headers_for(ctx, "sdk", auth=auth, extra=extra))


# ==========================================================================
# 3. Object storage with S3-style parameters
# ==========================================================================


def _aws_headers(ctx: Ctx) -> tuple[tuple[str, str], ...]:
    date = v.when(ctx).strftime("%Y%m%dT%H%M%SZ")
    cred = f"AKIA{v.alnum_token(ctx, 16).upper()}/{date[:8]}/{ctx.pick(('us-east-1', 'eu-west-1', 'auto'))}/s3/aws4_request"
    auth = f"AWS4-HMAC-SHA256 Credential={cred}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={v.hex_token(ctx, 64)}"
    return (("x-amz-date", date), ("x-amz-content-sha256", ctx.pick(("UNSIGNED-PAYLOAD", v.hex_token(ctx, 64)))), ("Authorization", auth))


@template("train", ("/objstore/",), weight=1.3)
def object_storage_s3(ctx: Ctx) -> Request:
    """ListObjectsV2, GET/PUT/HEAD/DELETE objects, presigned URLs, multi-delete XML, tagging."""
    bucket = seg(ctx, "bucket", ctx.pick(("assets", "backups-prod", ctx.en.word() + "-uploads", "data-lake", "user-content")))
    r = ctx.rng.random()
    sdk_ua = ctx.pick(("aws-sdk-js/3.6", "Boto3/1.34", "aws-cli/2.15", "rclone/v1.66", "MinIO (linux; amd64) minio-go/v7"))
    extra = _aws_headers(ctx) + (("X-Amz-User-Agent", sdk_ua),)
    if r < 0.25:
        pairs: list[tuple[str, Any]] = [("list-type", "2"), ("prefix", ctx.pick((_object_key(ctx).rsplit("/", 1)[0] + "/", "", ctx.fake.company() + "/"))),
                                        ("delimiter", "/") if ctx.chance(0.6) else ("delimiter", None), ("max-keys", ctx.pick((100, 1000)))]
        if ctx.chance(0.3):
            pairs.append(("continuation-token", v.b64url(ctx.rng.randbytes(40))))
        if ctx.chance(0.2):
            pairs.append(("start-after", _object_key(ctx)))
        pairs.append(("encoding-type", "url"))
        return req("GET", f"/objstore/{bucket}", headers_for(ctx, "sdk", accept="application/xml", extra=extra), qs(ctx, pairs, fixed=("list-type", "encoding-type")))
    if r > 0.9:  # multi-object delete
        keys = "".join(f"<Object><Key>{enc_xml(str(ctx.slot('xml', f'Key{i}', _object_key(ctx))))}</Key></Object>" for i in range(ctx.rng.randint(1, 4)))
        body = f'<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>{keys}</Delete>'
        return req("POST", f"/objstore/{bucket}", headers_for(ctx, "sdk", content_type="application/xml", extra=extra + (("Content-MD5", base64.b64encode(ctx.rng.randbytes(16)).decode()),)),
                   "delete=", body)
    key = seg(ctx, "key", _object_key(ctx))
    path = f"/objstore/{bucket}/{key}"
    if r < 0.4:  # presigned GET from a browser
        date = v.when(ctx).strftime("%Y%m%dT%H%M%SZ")
        pairs = [("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", f"AKIA{v.alnum_token(ctx, 16).upper()}/{date[:8]}/us-east-1/s3/aws4_request"),
                 ("X-Amz-Date", date), ("X-Amz-Expires", ctx.pick((300, 3600, 604800))), ("X-Amz-SignedHeaders", "host")]
        if ctx.chance(0.5):
            pairs.append(("response-content-disposition", f'{ctx.pick(("attachment", "inline"))}; filename="{ctx.fake.file_name()}"'))
        if ctx.chance(0.2):
            pairs.append(("response-content-type", ctx.pick(("application/pdf", "text/csv; charset=utf-8", "image/png"))))
        pairs.append(("X-Amz-Signature", v.hex_token(ctx, 64)))
        return req("GET", path, headers_for(ctx, "nav", referer=v.site(ctx) + "/"), qs(ctx, pairs, fixed=("X-Amz-Algorithm", "X-Amz-Signature", "X-Amz-SignedHeaders")))
    if r < 0.65:  # PUT an object with user metadata
        kind = ctx.pick(("csv", "txt", "json", "svg"))
        if kind == "csv":
            rows = ["id,name,comment,amount"]
            for i in range(ctx.rng.randint(1, 5)):
                comment = str(ctx.pick((v.sentence(ctx), v.tricky_search(ctx), ""))).replace('"', "'")
                rows.append(f'{rid(ctx)},"{ctx.fake.name()}","{ctx.slot("multipart", "row0.comment", comment) if i == 0 else comment}",{v.price(ctx)}')
            ctype, body = "text/csv", "\n".join(rows)
        elif kind == "txt":
            ctype, body = "text/plain; charset=utf-8", str(ctx.slot("multipart", "object", v.long_prose(ctx)))
        elif kind == "json":
            ctype, body = "application/json", dumps(ctx, {"name": j(ctx, "name", ctx.fake.catch_phrase()), "notes": j(ctx, "notes", v.prose(ctx, 1, 2)), "v": ctx.rng.randint(1, 9)})
        else:
            ctype, body = "image/svg+xml", synth_tech.svg_image(ctx)
        meta = (("x-amz-meta-original-name", header_slot(ctx, "x-amz-meta-original-name", ctx.fake.file_name())),
                ("x-amz-meta-uploaded-by", header_slot(ctx, "x-amz-meta-uploaded-by", ctx.fake.name())))
        if ctx.chance(0.3):
            meta += (("x-amz-storage-class", ctx.pick(("STANDARD_IA", "GLACIER_IR"))), ("Cache-Control", "max-age=31536000, immutable"))
        if ctx.chance(0.3):
            meta += (("x-amz-tagging", f"project={ctx.en.word()}&env={ctx.pick(('prod', 'staging'))}"),)
        return req("PUT", path, headers_for(ctx, "sdk", content_type=ctype, extra=extra + meta), body=body)
    if r < 0.75:
        return req("HEAD", path, headers_for(ctx, "sdk", extra=extra + ((("If-None-Match", f'"{v.hex_token(ctx, 32)}"'),) if ctx.chance(0.3) else ())))
    if r < 0.85:
        q = qs(ctx, [("versionId", v.alnum_token(ctx, 32))]) if ctx.chance(0.3) else ""
        return req("DELETE", path, headers_for(ctx, "sdk", extra=extra), q)
    tags = "".join(f"<Tag><Key>{k}</Key><Value>{enc_xml(str(ctx.slot('xml', k, val)))}</Value></Tag>"
                   for k, val in (("owner", ctx.fake.name()), ("note", v.short_text(ctx))))
    body = f"<Tagging><TagSet>{tags}</TagSet></Tagging>"
    return req("PUT", path, headers_for(ctx, "sdk", content_type="application/xml", extra=extra), "tagging=", body)


# ==========================================================================
# 4. Package registry
# ==========================================================================


@template("train", ("/pkgreg/",), weight=1.2)
def package_registry(ctx: Ctx) -> Request:
    """npm-style publish and search, a scoped metadata fetch, a PyPI-style multipart upload."""
    scope = ctx.pick(("", "", "@" + ctx.en.word() + "/"))
    name = scope + ctx.pick((ctx.en.word(), ctx.en.word() + "-" + ctx.pick(("utils", "cli", "js", "parser", "sdk")), "py" + ctx.en.word()))
    version = f"{ctx.rng.randint(0, 5)}.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 20)}" + ctx.pick(("", "", "-beta.1", "-rc.2"))
    token = ctx.pick(("npm_", "pypi-")) + v.alnum_token(ctx, 36)
    r = ctx.rng.random()
    if r < 0.25:
        pairs = [("text", ctx.pick((v.search_terms(ctx), f"keywords:{ctx.en.word()}", f"author:{ctx.fake.user_name()}", "scope:" + ctx.en.word()))),
                 ("size", ctx.pick((20, 50))), ("from", ctx.pick((0, 20))), ("quality", ctx.pick((0.65, 1.0))), ("popularity", ctx.pick((0.98, 0.5)))]
        return req("GET", "/pkgreg/-/v1/search", headers_for(ctx, ctx.pick(("sdk", "xhr"))), qs(ctx, pairs))
    if r < 0.4:
        encoded = seg(ctx, "package", name.replace("/", "%2F") if ctx.chance(0.5) else name)
        return req("GET", f"/pkgreg/{encoded}", headers_for(ctx, "sdk", accept=ctx.pick(("application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*", "application/json"))))
    if r < 0.5:
        return req("DELETE", f"/pkgreg/{seg(ctx, 'package', name)}/-rev/{ctx.rng.randint(1, 40)}-{v.hex_token(ctx, 32)}",
                   headers_for(ctx, "sdk", extra=(("Authorization", "Bearer " + token),)))
    first, last = v.person_name(ctx)
    if r < 0.8:
        tarball = base64.b64encode(ctx.rng.randbytes(ctx.rng.randint(60, 400))).decode()
        description = j(ctx, "description", ctx.pick((v.sentence(ctx), ctx.en.catch_phrase(), f"Tiny {ctx.en.word()} helper -- zero deps, works with Node & Deno")))
        manifest = {
            "name": name, "version": version, "description": description,
            "keywords": [j(ctx, "keywords", ctx.en.word()) for _ in range(ctx.rng.randint(0, 4))],
            "main": ctx.pick(("index.js", "dist/index.cjs", "lib/main.js")),
            "scripts": {"test": j(ctx, "scripts.test", ctx.pick(("jest --coverage", "vitest run", "node --test test/", "mocha 'test/**/*.spec.js'"))),
                        "build": j(ctx, "scripts.build", ctx.pick(("tsc -p .", "rollup -c && cp README.md dist/", "esbuild src/index.ts --bundle --outdir=dist")))},
            "author": {"name": j(ctx, "author.name", f"{first} {last}"), "email": j(ctx, "author.email", ctx.fake.email())},
            "repository": {"type": "git", "url": j(ctx, "repository.url", f"git+https://github.com/{ctx.fake.user_name()}/{name.split('/')[-1]}.git")},
            "license": ctx.pick(("MIT", "ISC", "Apache-2.0", "BSD-3-Clause")),
            "dependencies": {ctx.en.word(): ctx.pick(("^1.2.0", "~4.17.21", ">=2 <4", "latest")) for _ in range(ctx.rng.randint(0, 3))},
            "readme": j(ctx, "readme", _readme(ctx, name)),
        }
        body = {"_id": name, "name": name, "dist-tags": {"latest": version},
                "versions": {version: manifest}, "access": ctx.pick((None, "public")),
                "_attachments": {f"{name}-{version}.tgz": {"content_type": "application/octet-stream", "data": tarball, "length": len(tarball)}}}
        return req("PUT", f"/pkgreg/{seg(ctx, 'package', name)}", headers_for(ctx, "sdk", content_type="application/json", extra=(("Authorization", "Bearer " + token), ("npm-command", "publish"))),
                   body=dumps(ctx, body))
    fields = [(":action", "file_upload"), ("protocol_version", "1"), ("name", name.lstrip("@").replace("/", "-")), ("version", version),
              ("summary", v.sentence(ctx)), ("description", _readme(ctx, name)), ("description_content_type", "text/markdown"),
              ("author", f"{first} {last}"), ("author_email", ctx.fake.email()), ("home_page", _long_url(ctx)),
              ("keywords", ", ".join(ctx.en.words(ctx.rng.randint(1, 4)))), ("requires_python", ctx.pick((">=3.8", ">=3.10,<4")))]
    pkg_info = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {ctx.en.sentence(nb_words=5)}\n"
    ctype, body = multipart(ctx, fields, [("content", f"{name.split('/')[-1]}-{version}.tar.gz", "application/octet-stream", pkg_info)])
    cred = base64.b64encode(f"__token__:{token}".encode()).decode()
    return req("POST", "/pkgreg/legacy/", headers_for(ctx, "sdk", content_type=ctype, extra=(("Authorization", "Basic " + cred),)), body=body)


# ==========================================================================
# 5. Inbound webhooks from providers
# ==========================================================================


@template("train", ("/hooks/inbound/",), weight=1.3)
def provider_webhooks(ctx: Ctx) -> Request:
    """Signed webhook deliveries: code hosting (JSON), payments (JSON), SMS (form), shop orders (JSON)."""
    provider = ctx.pick(("codehost", "codehost", "payments", "sms", "shop"))
    ts = ctx.rng.randrange(1_700_000_000, 1_760_000_000)
    if provider == "codehost":
        event = ctx.pick(("issue_comment", "issues", "pull_request", "push"))
        user = ctx.fake.user_name()
        repo = {"full_name": f"{user}/{ctx.en.word()}-{ctx.pick(('api', 'web', 'cli'))}", "private": ctx.chance(0.3), "default_branch": "main"}
        if event == "push":
            body: dict[str, Any] = {"ref": j(ctx, "ref", "refs/heads/" + ctx.pick(("main", f"fix/{ctx.en.word()}-{ctx.en.word()}", "feature/" + ctx.en.slug()))),
                                    "before": v.hex_token(ctx, 40), "after": v.hex_token(ctx, 40), "repository": repo,
                                    "commits": [{"id": v.hex_token(ctx, 40), "message": j(ctx, f"commits[{i}].message", ctx.pick((
                                        f"fix: handle {ctx.en.word()} == null in {ctx.en.file_name(extension='py')}", f"Merge branch '{ctx.en.word()}' into main",
                                        v.short_text(ctx), f"chore(deps): bump {ctx.en.word()} from 1.2.3 to 1.3.0", f"docs: update README -- `{synth_tech.shell_line(ctx)}`"))),
                                        "author": {"name": j(ctx, f"commits[{i}].author", ctx.fake.name()), "email": ctx.fake.email()},
                                        "modified": [ctx.en.file_path(depth=2, absolute=False) for _ in range(ctx.rng.randint(1, 3))]} for i in range(ctx.rng.randint(1, 3))],
                                    "pusher": {"name": user}}
        else:
            item = {"number": ctx.rng.randint(1, 9000), "title": j(ctx, "title", v.short_text(ctx)), "body": j(ctx, "body", v.markdown_post(ctx, code_rate=0.5)),
                    "user": {"login": user, "id": rid(ctx)}, "labels": [{"name": ctx.pick(("bug", "needs triage", "good first issue"))}], "state": "open"}
            body = {"action": ctx.pick(("created", "opened", "edited", "closed")), "repository": repo, "sender": {"login": user}}
            body["pull_request" if event == "pull_request" else "issue"] = item
            if event == "issue_comment":
                body["comment"] = {"id": rid(ctx), "body": j(ctx, "comment.body", synth_tech.with_code(ctx, v.prose(ctx, 1, 2)) if ctx.chance(0.4) else v.dashy_text(ctx))}
        extra = (("X-GitHub-Event", event), ("X-GitHub-Delivery", ctx.fake.uuid4()), ("X-Hub-Signature-256", "sha256=" + v.hex_token(ctx, 64)))
        return req("POST", "/hooks/inbound/codehost", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if provider == "payments":
        first, last = v.person_name(ctx)
        body = {"event_id": "evt_" + v.hex_token(ctx, 24), "event_type": ctx.pick(("transaction.completed", "subscription.updated", "refund.created", "payout.paid")),
                "occurred_at": v.iso_datetime(ctx),
                "data": {"id": "txn_" + v.alnum_token(ctx, 26), "status": ctx.pick(("completed", "past_due", "paid")),
                         "customer": {"name": j(ctx, "customer.name", f"{first} {last}"), "email": j(ctx, "customer.email", ctx.fake.email()),
                                      "address": {"line1": j(ctx, "address.line1", ctx.fake.street_address()), "city": ctx.fake.city(), "country_code": ctx.fake.country_code()}},
                         "items": [{"price_id": "pri_" + v.alnum_token(ctx, 20), "quantity": ctx.rng.randint(1, 5),
                                    "description": j(ctx, f"items[{i}].description", ctx.fake.catch_phrase())} for i in range(ctx.rng.randint(1, 3))],
                         "totals": {"subtotal": str(ctx.rng.randrange(100, 99999)), "currency_code": ctx.pick(("USD", "EUR", "GBP"))},
                         "custom_data": {"order_ref": j(ctx, "custom_data.order_ref", f"#{rid(ctx)}"), "note": j(ctx, "custom_data.note", v.prose(ctx, 0, 1))}}}
        extra = (("Paddle-Signature", f"ts={ts};h1={v.hex_token(ctx, 64)}"),)
        return req("POST", "/hooks/inbound/payments", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if provider == "sms":
        pairs = [("ToCountry", ctx.fake.country_code()), ("SmsMessageSid", "SM" + v.hex_token(ctx, 32)), ("NumMedia", "0"), ("SmsSid", "SM" + v.hex_token(ctx, 32)),
                 ("Body", ctx.pick((v.prose(ctx, 1, 2), "STOP", "yes pls", f"Can I move my appointment to {v.iso_date(ctx)}? -- {ctx.fake.first_name()}", v.tricky_search(ctx)))),
                 ("From", ctx.fake.phone_number()), ("To", ctx.fake.phone_number()), ("FromCity", ctx.fake.city()), ("AccountSid", "AC" + v.hex_token(ctx, 32)), ("ApiVersion", "2010-04-01")]
        extra = (("X-Twilio-Signature", base64.b64encode(ctx.rng.randbytes(20)).decode()), ("I-Twilio-Idempotency-Token", ctx.fake.uuid4()))
        return req("POST", "/hooks/inbound/sms", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", extra=extra),
                   body=form(ctx, pairs, fixed=("SmsMessageSid", "NumMedia", "SmsSid", "AccountSid", "ApiVersion")))
    first, last = v.person_name(ctx)
    body = {"id": rid(ctx) * 1000, "name": f"#{ctx.rng.randint(1000, 99999)}", "email": j(ctx, "email", ctx.fake.email()),
            "note": j(ctx, "note", ctx.pick((None, v.prose(ctx, 1, 2, trap_rate=0.5), "Leave at the back door -- dog's friendly!"))),
            "note_attributes": [{"name": "gift_message", "value": j(ctx, "note_attributes.value", v.prose(ctx, 1, 1))}] if ctx.chance(0.4) else [],
            "shipping_address": {"first_name": j(ctx, "first_name", first), "last_name": j(ctx, "last_name", last), "address1": j(ctx, "address1", ctx.fake.street_address()),
                                 "address2": ctx.pick((None, "Apt 3", "c/o " + ctx.fake.company())), "city": ctx.fake.city(), "zip": ctx.fake.postcode()},
            "line_items": [{"title": j(ctx, f"line_items[{i}].title", ctx.fake.catch_phrase()), "quantity": ctx.rng.randint(1, 3), "price": f"{v.price(ctx):.2f}",
                            "properties": [{"name": "Engraving", "value": j(ctx, f"line_items[{i}].engraving", ctx.pick(("J & M forever", f"{first} '{ctx.rng.randint(10, 99)}", "<3")))}]}
                           for i in range(ctx.rng.randint(1, 3))],
            "tags": ", ".join(ctx.en.words(ctx.rng.randint(0, 3)))}
    extra = (("X-Shopify-Topic", ctx.pick(("orders/create", "orders/updated", "orders/paid"))), ("X-Shopify-Hmac-Sha256", base64.b64encode(ctx.rng.randbytes(32)).decode()),
             ("X-Shopify-Shop-Domain", ctx.en.domain_word() + ".myshopify.com"), ("X-Shopify-Webhook-Id", ctx.fake.uuid4()))
    return req("POST", "/hooks/inbound/shop", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))


# ==========================================================================
# 6. Chatops: slash commands and interactive payloads
# ==========================================================================


@template("train", ("/chatops/",), weight=1.2)
def chatops_commands(ctx: Ctx) -> Request:
    """Slash commands (form), interactive callbacks (form with a JSON `payload`), JSON interactions."""
    kind = ctx.pick(("slash", "slash", "interactive", "interaction"))
    team = "T" + v.alnum_token(ctx, 10).upper()
    user = ctx.fake.user_name()
    extra = (("X-Slack-Request-Timestamp", str(ctx.rng.randrange(1_700_000_000, 1_760_000_000))), ("X-Slack-Signature", "v0=" + v.hex_token(ctx, 64)))
    if kind == "slash":
        command = ctx.pick(("/deploy", "/oncall", "/remind", "/poll", "/incident", "/standup", "/lunch"))
        text = {
            "/deploy": lambda: f"{ctx.en.word()}-api {ctx.pick(('staging', 'prod'))} --ref {ctx.pick(('main', 'v' + str(ctx.rng.randint(1, 9)) + '.2.0'))}",
            "/oncall": lambda: ctx.pick(("who", "swap @" + ctx.fake.user_name() + " next week", "")),
            "/remind": lambda: f"me to {ctx.en.sentence(nb_words=4).rstrip('.').lower()} {ctx.pick(('tomorrow at 9am', 'in 20 minutes', 'every Monday'))}",
            "/poll": lambda: f"\"{v.short_text(ctx)}?\" \"{ctx.en.word()}\" \"{ctx.en.word()}\" \"{ctx.pick(('neither', 'both', 'who cares'))}\"",
            "/incident": lambda: f"declare sev{ctx.rng.randint(1, 3)} {v.sentence(ctx)}",
            "/standup": lambda: v.prose(ctx, 1, 3, trap_rate=0.5),
            "/lunch": lambda: ctx.pick(("pizza & beer?", "Mario's -- 12:30", "sushi, thai or O'Malley's?")),
        }[command]()
        pairs = [("token", v.alnum_token(ctx, 24)), ("team_id", team), ("team_domain", ctx.en.domain_word()), ("channel_id", "C" + v.alnum_token(ctx, 10).upper()),
                 ("channel_name", ctx.pick(("general", "ops", "dev-" + ctx.en.word(), "directmessage"))), ("user_id", "U" + v.alnum_token(ctx, 10).upper()),
                 ("user_name", user), ("command", command), ("text", text), ("api_app_id", "A" + v.alnum_token(ctx, 10).upper()), ("is_enterprise_install", "false"),
                 ("response_url", f"https://hooks.example-chat.com/commands/{team}/{rid(ctx)}/{v.alnum_token(ctx, 24)}"), ("trigger_id", f"{rid(ctx)}.{rid(ctx)}.{v.hex_token(ctx, 32)}")]
        return req("POST", "/chatops/slack/commands", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", extra=extra),
                   body=form(ctx, pairs, fixed=("token", "team_id", "api_app_id", "is_enterprise_install", "trigger_id", "command")))
    if kind == "interactive":
        # The whole callback is one form field holding JSON; its leaves are not slots (no slot kind
        # encodes JSON inside a form body), so only the headers carry payloads here.
        payload = {"type": ctx.pick(("block_actions", "view_submission", "shortcut")), "user": {"id": "U" + v.alnum_token(ctx, 10).upper(), "username": user},
                   "team": {"id": team}, "trigger_id": f"{rid(ctx)}.{v.hex_token(ctx, 16)}",
                   "actions": [{"action_id": ctx.pick(("approve", "reject", "ack_incident")), "block_id": v.alnum_token(ctx, 5), "type": "button",
                                "value": ctx.pick((f"deploy:{rid(ctx)}", "yes", json.dumps({"id": rid(ctx)})))}],
                   "view": {"state": {"values": {"notes": {"input": {"type": "plain_text_input", "value": v.prose(ctx, 1, 2, trap_rate=0.5)}}}}} if ctx.chance(0.5) else None,
                   "response_url": f"https://hooks.example-chat.com/actions/{team}/{rid(ctx)}/{v.alnum_token(ctx, 24)}"}
        text = json.dumps(payload, ensure_ascii=ctx.json_ascii, separators=(",", ":"))
        return req("POST", "/chatops/slack/interactive", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", extra=extra), body="payload=" + ctx.fenc(text))
    opts = [{"name": "summary", "type": 3, "value": j(ctx, "options.summary", v.short_text(ctx))}]
    if ctx.chance(0.5):
        opts.append({"name": "details", "type": 3, "value": j(ctx, "options.details", v.free_text(ctx))})
    if ctx.chance(0.3):
        opts.append({"name": "priority", "type": 4, "value": ctx.rng.randint(1, 4)})
    body = {"type": 2, "id": str(rid(ctx) * 10**10), "application_id": str(rid(ctx) * 10**9), "token": v.alnum_token(ctx, 80), "version": 1,
            "guild_id": str(rid(ctx) * 10**11), "channel_id": str(rid(ctx) * 10**11), "locale": ctx.locale.replace("_", "-"),
            "member": {"user": {"id": str(rid(ctx)), "username": j(ctx, "username", user), "global_name": j(ctx, "global_name", ctx.fake.name())}},
            "data": {"name": ctx.pick(("ticket", "bug", "feedback")), "type": 1, "options": opts}}
    extra2 = (("X-Signature-Ed25519", v.hex_token(ctx, 128)), ("X-Signature-Timestamp", str(ctx.rng.randrange(1_700_000_000, 1_760_000_000))))
    return req("POST", "/chatops/discord/interactions", headers_for(ctx, "sdk", content_type="application/json", extra=extra2), body=dumps(ctx, body))


# ==========================================================================
# 7. OAuth 2 / OpenID Connect provider
# ==========================================================================


@template("train", ("/idp/",), weight=1.3)
def oidc_provider(ctx: Ctx) -> Request:
    """Authorize redirects, token/introspect/revoke forms, PKCE, device flow, userinfo, client registration."""
    client_id = ctx.pick((v.alnum_token(ctx, 22), ctx.fake.uuid4(), f"{ctx.en.word()}-web"))
    app = v.site(ctx)
    redirect = ctx.pick((app + "/auth/callback", app + "/oauth2/callback?tenant=" + ctx.en.word(), "com." + ctx.en.word() + ".app:/oauthredirect", "http://127.0.0.1:" + str(ctx.rng.randint(8000, 60000)) + "/"))
    r = ctx.rng.random()
    if r < 0.25:
        pairs: list[tuple[str, Any]] = [("response_type", ctx.pick(("code", "code", "code id_token"))), ("client_id", client_id), ("redirect_uri", redirect),
                                        ("scope", ctx.pick(("openid profile email", "openid offline_access", "openid email api://" + ctx.en.word() + "/read"))),
                                        ("state", v.b64url(ctx.rng.randbytes(24))), ("nonce", v.alnum_token(ctx, 22)),
                                        ("code_challenge", v.b64url(ctx.rng.randbytes(32))), ("code_challenge_method", "S256")]
        if ctx.chance(0.3):
            pairs.append(("login_hint", ctx.fake.email()))
        if ctx.chance(0.3):
            pairs.append(("ui_locales", f"{ctx.locale.replace('_', '-')} en"))
        if ctx.chance(0.2):
            pairs.append(("prompt", ctx.pick(("login", "consent", "select_account", "none"))))
        if ctx.chance(0.2):
            claims = {"userinfo": {"given_name": {"essential": True}, "email": None}, "id_token": {"acr": {"values": [ctx.slot("json_query", "claims.acr", "urn:mace:incommon:iap:silver")]}}}
            pairs.append(("claims", json.dumps(claims, ensure_ascii=ctx.json_ascii, separators=(",", ":"))))
            q = qs(ctx, pairs, fixed=("response_type", "code_challenge_method", "claims"))
        else:
            q = qs(ctx, pairs, fixed=("response_type", "code_challenge_method"))
        return req("GET", "/idp/oauth2/authorize", headers_for(ctx, "nav", referer=app + "/"), q)
    if r < 0.5:
        grant = ctx.pick(("authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange", "client_credentials"))
        pairs = [("grant_type", grant), ("client_id", client_id)]
        if grant == "authorization_code":
            pairs += [("code", v.alnum_token(ctx, 43)), ("redirect_uri", redirect), ("code_verifier", v.b64url(ctx.rng.randbytes(48)))]
        elif grant == "refresh_token":
            pairs += [("refresh_token", v.b64url(ctx.rng.randbytes(40))), ("scope", "openid offline_access")]
        elif grant.endswith("device_code"):
            pairs.append(("device_code", v.alnum_token(ctx, 40)))
        elif grant.endswith("token-exchange"):
            pairs += [("subject_token", v.jwt(ctx)), ("subject_token_type", "urn:ietf:params:oauth:token-type:jwt"), ("audience", ctx.pick(("https://api." + ctx.en.domain_name(), ctx.en.word() + "-service")))]
        else:
            pairs += [("client_secret", v.alnum_token(ctx, 40)), ("scope", ctx.pick(("read:reports write:reports", "https://graph." + ctx.en.domain_name() + "/.default")))]
        return req("POST", "/idp/oauth2/token", headers_for(ctx, ctx.pick(("sdk", "mobile", "xhr")), content_type="application/x-www-form-urlencoded;charset=UTF-8",
                                                            auth=ctx.pick((None, "basic"))), body=form(ctx, pairs, fixed=("grant_type",)))
    if r < 0.62:
        endpoint = ctx.pick(("introspect", "revoke"))
        pairs = [("token", ctx.pick((v.jwt(ctx), v.b64url(ctx.rng.randbytes(32))))), ("token_type_hint", ctx.pick(("access_token", "refresh_token")))]
        return req("POST", f"/idp/oauth2/{endpoint}", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", auth="basic"), body=form(ctx, pairs, fixed=("token_type_hint",)))
    if r < 0.72:
        path = ctx.pick(("/idp/.well-known/openid-configuration", "/idp/.well-known/jwks.json", "/idp/oauth2/userinfo"))
        return req("GET", path, headers_for(ctx, ctx.pick(("sdk", "mobile")), auth="jwt" if path.endswith("userinfo") else None))
    if r < 0.8:
        pairs = [("id_token_hint", v.jwt(ctx)), ("post_logout_redirect_uri", app + ctx.pick(("/", "/signed-out", "/login?reason=logout"))), ("state", v.alnum_token(ctx, 16))]
        return req("GET", "/idp/oauth2/logout", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs))
    if r < 0.88:
        pairs = [("client_id", client_id), ("scope", "openid profile offline_access")]
        if ctx.chance(0.5):  # the user typing the code shown on their TV
            pairs = [("user_code", f"{v.alnum_token(ctx, 4).upper()}-{v.alnum_token(ctx, 4).upper()}")]
            return req("POST", "/idp/device/verify", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=app, cookies=True), body=form(ctx, pairs))
        return req("POST", "/idp/device/code", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded"), body=form(ctx, pairs))
    body = {"client_name": j(ctx, "client_name", ctx.pick((f"{ctx.fake.company()} Portal", f"{ctx.fake.last_name()}'s dashboard", "CLI (dev) -- local"))),
            "redirect_uris": [j(ctx, "redirect_uris", redirect)], "grant_types": ["authorization_code", "refresh_token"], "token_endpoint_auth_method": ctx.pick(("client_secret_basic", "none", "private_key_jwt")),
            "logo_uri": j(ctx, "logo_uri", f"https://cdn.{ctx.en.domain_name()}/logo.png"), "policy_uri": j(ctx, "policy_uri", _long_url(ctx)),
            "contacts": [j(ctx, "contacts", ctx.fake.email()) for _ in range(ctx.rng.randint(1, 2))], "application_type": ctx.pick(("web", "native"))}
    if ctx.chance(0.5):
        body["description"] = j(ctx, "description", v.prose(ctx, 1, 2))
    return req("POST", "/idp/connect/register", headers_for(ctx, "sdk", content_type="application/json", auth="jwt"), body=dumps(ctx, body))


# ==========================================================================
# 8. OpenTelemetry OTLP/JSON exporter
# ==========================================================================


def _attr(ctx: Ctx, key: str, value: Any, slot: bool = True) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"key": key, "value": {"boolValue": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    if isinstance(value, float):
        return {"key": key, "value": {"doubleValue": value}}
    return {"key": key, "value": {"stringValue": j(ctx, key, value) if slot else value}}


def _resource(ctx: Ctx) -> dict[str, Any]:
    return {"attributes": [_attr(ctx, "service.name", ctx.pick(("checkout", "api-gateway", "billing-worker", ctx.en.word() + "-svc")), slot=False),
                           _attr(ctx, "service.version", f"{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 9)}", slot=False),
                           _attr(ctx, "deployment.environment", ctx.pick(("production", "staging")), slot=False),
                           _attr(ctx, "telemetry.sdk.language", ctx.pick(("python", "nodejs", "go", "java")), slot=False),
                           _attr(ctx, "host.name", f"ip-{ctx.fake.ipv4_private().replace('.', '-')}", slot=False)]}


@template("train", ("/otlp/",), weight=1.2)
def otlp_json_exporter(ctx: Ctx) -> Request:
    """Traces (with db.statement SQL and URLs), metrics and logs in OTLP/JSON."""
    kind = ctx.pick(("traces", "traces", "metrics", "logs"))
    scope = {"name": ctx.pick(("opentelemetry.instrumentation.flask", "@opentelemetry/instrumentation-http", "go.opentelemetry.io/contrib/net/http", "io.opentelemetry.jdbc")),
             "version": f"0.{ctx.rng.randint(40, 55)}b0"}
    if kind == "traces":
        trace = _trace_id(ctx)
        spans = []
        for i in range(ctx.rng.randint(1, 4)):
            start = _nanos(ctx)
            sk = ctx.pick(("http", "db", "internal", "error"))
            if sk == "http":
                attrs = [_attr(ctx, "http.request.method", ctx.pick(("GET", "POST", "PUT")), slot=False), _attr(ctx, "url.full", f"https://api.{ctx.en.domain_name()}{v.app_path(ctx)}"),
                         _attr(ctx, "http.response.status_code", ctx.pick((200, 201, 404, 500))), _attr(ctx, "user_agent.original", v.user_agent(ctx, ctx.pick(("xhr", "mobile"))))]
                name = ctx.pick(("GET /api/orders/{id}", "POST /checkout", "HTTP GET"))
            elif sk == "db":
                attrs = [_attr(ctx, "db.system", ctx.pick(("postgresql", "mysql", "sqlite")), slot=False), _attr(ctx, "db.statement", _sql(ctx, placeholders=ctx.chance(0.7))),
                         _attr(ctx, "db.name", ctx.pick(("app", "shop_prod", "analytics")), slot=False)]
                name = ctx.pick(("SELECT", "UPDATE", "INSERT", "postgresql.query"))
            elif sk == "error":
                attrs = [_attr(ctx, "exception.type", ctx.pick(("ValueError", "TypeError", "java.lang.NullPointerException")), slot=False),
                         _attr(ctx, "exception.message", ctx.pick((f"invalid literal for int() with base 10: '{ctx.en.word()}'", f"Cannot read properties of undefined (reading '{ctx.en.word()}')", v.sentence(ctx)))),
                         _attr(ctx, "exception.stacktrace", f"Traceback (most recent call last):\n  File \"{v.file_path(ctx)}\", line {ctx.rng.randint(1, 500)}, in {ctx.en.word()}\n    {ctx.en.word()}()\nValueError")]
                name = ctx.en.word() + "." + ctx.en.word()
            else:
                attrs = [_attr(ctx, "app.user.email", ctx.fake.email()), _attr(ctx, "app.cart.items", ctx.rng.randint(0, 12)), _attr(ctx, "app.feature_flag", ctx.chance(0.5))]
                name = ctx.pick(("render_template", "compute_total", "enqueue_job"))
            span: dict[str, Any] = {"traceId": trace, "spanId": _span_id(ctx), "name": name, "kind": ctx.pick((1, 2, 3)), "startTimeUnixNano": str(start),
                                    "endTimeUnixNano": str(start + ctx.rng.randrange(10**5, 10**9)), "attributes": attrs,
                                    "status": {"code": 2, "message": j(ctx, f"spans[{i}].status", v.sentence(ctx))} if sk == "error" else {}}
            if i:
                span["parentSpanId"] = _span_id(ctx)
            if ctx.chance(0.2):
                span["events"] = [{"timeUnixNano": str(start + 1000), "name": "log", "attributes": [_attr(ctx, "message", _log_message(ctx))]}]
            spans.append(span)
        body: dict[str, Any] = {"resourceSpans": [{"resource": _resource(ctx), "scopeSpans": [{"scope": scope, "spans": spans}]}]}
    elif kind == "metrics":
        points = [{"attributes": [_attr(ctx, "http.route", ctx.pick(("/api/orders/{id}", "/login", "/search", v.app_path(ctx)))),
                                  _attr(ctx, "http.response.status_code", ctx.pick((200, 404, 500)))],
                   "startTimeUnixNano": str(_nanos(ctx)), "timeUnixNano": str(_nanos(ctx)), ctx.pick(("asInt", "asDouble")): ctx.rng.randint(0, 5000)}
                  for _ in range(ctx.rng.randint(1, 3))]
        metric = {"name": ctx.pick(("http.server.request.count", "queue.depth", "db.client.connections.usage")), "unit": ctx.pick(("1", "{request}", "ms")),
                  "description": ctx.pick(("", "Number of requests", "Open connections")),
                  "sum": {"dataPoints": points, "aggregationTemporality": 2, "isMonotonic": True}}
        body = {"resourceMetrics": [{"resource": _resource(ctx), "scopeMetrics": [{"scope": scope, "metrics": [metric]}]}]}
    else:
        records = [{"timeUnixNano": str(_nanos(ctx)), "severityNumber": ctx.pick((9, 13, 17)), "severityText": ctx.pick(("INFO", "WARN", "ERROR")),
                    "body": {"stringValue": j(ctx, f"logs[{i}].body", _log_message(ctx))}, "traceId": _trace_id(ctx) if ctx.chance(0.5) else "",
                    "attributes": [_attr(ctx, "code.filepath", ctx.en.file_path(depth=2, absolute=False, extension="py")), _attr(ctx, "code.lineno", ctx.rng.randint(1, 900))]}
                   for i in range(ctx.rng.randint(1, 4))]
        body = {"resourceLogs": [{"resource": _resource(ctx), "scopeLogs": [{"scope": scope, "logRecords": records}]}]}
    extra: tuple[tuple[str, str], ...] = ()
    if ctx.chance(0.5):
        extra = ((ctx.pick(("x-honeycomb-team", "DD-API-KEY", "api-key", "signoz-access-token")), v.alnum_token(ctx, 32)),)
    return req("POST", f"/otlp/v1/{kind}", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))


# ==========================================================================
# 9. Notebook server (Jupyter-style contents API)
# ==========================================================================


def _code_cell_source(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.2:
        return f"!pip install {' '.join(ctx.rng.sample(['pandas', 'numpy', 'matplotlib', 'scikit-learn', 'polars', 'duckdb', 'requests'], 2))}"
    if r < 0.35:
        return f"%%sql\n{_sql(ctx)}"
    if r < 0.5:
        return f"%%bash\n{synth_tech.shell_line(ctx)}"
    if r < 0.7:
        return (f"import pandas as pd\ndf = pd.read_csv('{ctx.pick(('data/', '../', '~/'))}{ctx.en.file_name(extension='csv')}')\n"
                f"df[df['{ctx.pick(_COLS)}'] {ctx.pick(('>', '<=', '=='))} {ctx.rng.randint(0, 100)}].groupby('{ctx.pick(_COLS)}').size()")
    if r < 0.8:
        return "%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot(x, y, '--o')\nplt.title('" + ctx.en.sentence(nb_words=3).rstrip(".") + "')"
    return synth_tech.tech_snippet(ctx)[1]


@template("train", ("/nbhub/",), weight=1.2)
def notebook_contents(ctx: Ctx) -> Request:
    """Save a notebook (code and markdown cells, outputs), list, rename, delete, start a session."""
    folder = ctx.pick(("", "work/", "projects/" + ctx.en.word() + "/", "Untitled Folder/", "shared/" + ctx.fake.last_name() + "/"))
    nb_name = ctx.pick(("Untitled" + str(ctx.rng.randint(1, 9)), ctx.en.word() + "-analysis", "EDA " + v.iso_date(ctx), ctx.fake.word() + "_notebook"))
    xsrf = (("X-XSRFToken", v.alnum_token(ctx, 40)),)
    r = ctx.rng.random()
    if r < 0.5:
        cells = []
        for i in range(ctx.rng.randint(1, 5)):
            if ctx.chance(0.4):
                md = ctx.pick((v.markdown_post(ctx, code_rate=0.3), "# " + v.short_text(ctx), f"The loss is $L = -\\sum_i y_i \\log(p_i)$ -- {v.sentence(ctx)}", v.prose(ctx, 1, 3)))
                cells.append({"cell_type": "markdown", "id": v.hex_token(ctx, 8), "metadata": {}, "source": j(ctx, f"cells[{i}].markdown", md)})
                continue
            cell: dict[str, Any] = {"cell_type": "code", "id": v.hex_token(ctx, 8), "execution_count": ctx.pick((None, ctx.rng.randint(1, 80))), "metadata": {"tags": []},
                                    "source": j(ctx, f"cells[{i}].source", _code_cell_source(ctx)), "outputs": []}
            if ctx.chance(0.5):
                cell["outputs"].append({"output_type": "stream", "name": "stdout", "text": [f"{ctx.en.word()}: {ctx.rng.randint(0, 999)}\n", f"done in {ctx.rng.random():.2f}s\n"]})
            if ctx.chance(0.3):
                rows = "".join(f"<tr><th>{k}</th><td>{ctx.en.word()}</td><td>{v.price(ctx)}</td></tr>" for k in range(ctx.rng.randint(1, 3)))
                cell["outputs"].append({"output_type": "execute_result", "execution_count": 3, "metadata": {},
                                        "data": {"text/plain": [f"   {ctx.en.word()}  {ctx.en.word()}\n"], "text/html": [f'<table border="1" class="dataframe"><tbody>{rows}</tbody></table>']}})
            cells.append(cell)
        content = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                                                "language_info": {"name": "python", "version": f"3.{ctx.rng.randint(9, 12)}.{ctx.rng.randint(0, 9)}"}},
                   "nbformat": 4, "nbformat_minor": 5}
        body = {"type": "notebook", "format": "json", "content": content}
        return req("PUT", f"/nbhub/api/contents/{seg(ctx, 'path', folder + nb_name + '.ipynb')}", headers_for(ctx, "xhr", content_type="application/json", cookies=True, origin=v.site(ctx), extra=xsrf),
                   body=dumps(ctx, body))
    if r < 0.65:
        pairs = [("type", "directory"), ("content", "1"), ("hash", "0")] if ctx.chance(0.6) else [("content", "0")]
        pairs.append(("_", ctx.rng.randrange(1_700_000_000_000, 1_760_000_000_000)))
        return req("GET", f"/nbhub/api/contents/{seg(ctx, 'path', folder.rstrip('/'))}", headers_for(ctx, "xhr", cookies=True), qs(ctx, pairs, fixed=("type", "content", "hash")))
    if r < 0.78:
        body = {"path": j(ctx, "path", folder + ctx.pick((ctx.en.word(), ctx.fake.word(), "final (v2)", "copy of " + nb_name)) + ".ipynb")}
        return req("PATCH", f"/nbhub/api/contents/{seg(ctx, 'path', folder + nb_name + '.ipynb')}", headers_for(ctx, "xhr", content_type="application/json", cookies=True, extra=xsrf),
                   body=dumps(ctx, body))
    if r < 0.86:
        return req("DELETE", f"/nbhub/api/contents/{seg(ctx, 'path', folder + nb_name + '.ipynb')}", headers_for(ctx, "xhr", cookies=True, extra=xsrf))
    if r < 0.94:
        body = {"path": j(ctx, "path", folder + nb_name + ".ipynb"), "name": j(ctx, "name", nb_name + ".ipynb"), "type": "notebook",
                "kernel": {"name": ctx.pick(("python3", "ir", "julia-1.10"))}}
        return req("POST", "/nbhub/api/sessions", headers_for(ctx, "xhr", content_type="application/json", cookies=True, extra=xsrf), body=dumps(ctx, body))
    ctype, body = multipart(ctx, [("path", folder)], [("file", ctx.en.file_name(extension="py"), "text/x-python", _code_cell_source(ctx))])
    return req("POST", "/nbhub/api/upload", headers_for(ctx, "xhr", content_type=ctype, cookies=True, extra=xsrf), body=body)


# ==========================================================================
# 10. Headless CMS: content delivery and management
# ==========================================================================


def _rich_text_doc(ctx: Ctx, name: str) -> dict[str, Any]:
    """A rich-text document tree (nodeType/content/marks) as headless CMSs store it."""
    nodes = []
    for i in range(ctx.rng.randint(1, 4)):
        marks = ctx.pick(([], [{"type": "bold"}], [{"type": "code"}], [{"type": "italic"}]))
        text = synth_tech.shell_line(ctx) if marks == [{"type": "code"}] else v.prose(ctx, 1, 2, trap_rate=0.4)
        node_type = ctx.pick(("paragraph", "paragraph", "heading-2", "blockquote"))
        nodes.append({"nodeType": node_type, "data": {}, "content": [{"nodeType": "text", "value": j(ctx, f"{name}[{i}]", text), "marks": marks, "data": {}}]})
    if ctx.chance(0.3):
        nodes.append({"nodeType": "hyperlink", "data": {"uri": j(ctx, f"{name}.uri", _long_url(ctx))}, "content": [{"nodeType": "text", "value": ctx.en.word(), "marks": [], "data": {}}]})
    return {"nodeType": "document", "data": {}, "content": nodes}


@template("train", ("/content-api/",), weight=1.3)
def headless_cms(ctx: Ctx) -> Request:
    """Delivery queries with dotted and bracketed operators or a JSON filter; entry updates with rich text."""
    space = seg(ctx, "space", v.alnum_token(ctx, 12).lower())
    env = ctx.pick(("master", "staging", "preview"))
    locale = ctx.locale.replace("_", "-")
    token = (("Authorization", "Bearer " + v.alnum_token(ctx, 43)),)
    r = ctx.rng.random()
    if r < 0.35:
        pairs: list[tuple[str, Any]] = [("content_type", ctx.pick(("blogPost", "landingPage", "product", "author", "faqItem"))),
                                        ("fields.slug", v.slug(ctx)) if ctx.chance(0.3) else ("fields.slug", None),
                                        ("fields.title[match]", v.search_terms(ctx)) if ctx.chance(0.4) else ("fields.title[match]", None),
                                        ("fields.tags[in]", ",".join(ctx.en.words(ctx.rng.randint(1, 3)))) if ctx.chance(0.3) else ("fields.tags", None),
                                        ("sys.createdAt[gte]", v.iso_datetime(ctx)) if ctx.chance(0.3) else ("sys.createdAt", None),
                                        ("fields.author.sys.id", v.alnum_token(ctx, 22)) if ctx.chance(0.2) else ("fields.author", None),
                                        ("order", ctx.pick(("-sys.createdAt", "fields.title", "-fields.publishDate,sys.id"))),
                                        ("select", ctx.pick(("fields.title,fields.slug,sys.id", "fields", "sys.id"))) if ctx.chance(0.4) else ("select", None),
                                        ("include", ctx.rng.randint(0, 3)), ("limit", ctx.pick((10, 25, 100))), ("skip", ctx.pick((0, 25, 100))), ("locale", locale)]
        return req("GET", f"/content-api/spaces/{space}/environments/{env}/entries", headers_for(ctx, ctx.pick(("xhr", "sdk")), extra=token), qs(ctx, pairs))
    if r < 0.5:  # Directus-style JSON filter in the query string
        flt: dict[str, Any] = {"_and": [{"status": {"_eq": "published"}}, {ctx.pick(("title", "summary", "name")): {"_icontains": ctx.slot("json_query", "filter.contains", v.search_terms(ctx))}}]}
        if ctx.chance(0.4):
            flt["_and"].append({"date_published": {"_lte": "$NOW"}})
        pairs = [("filter", json.dumps(flt, ensure_ascii=ctx.json_ascii, separators=(",", ":"))), ("fields", ctx.pick(("*,author.name,translations.*", "id,title,slug"))),
                 ("sort", ctx.pick(("-date_published", "sort,-id"))), ("limit", ctx.pick((10, 20))), ("meta", "filter_count")]
        return req("GET", f"/content-api/spaces/{space}/items/{ctx.pick(('articles', 'pages', 'docs'))}", headers_for(ctx, ctx.pick(("xhr", "sdk")), extra=token),
                   qs(ctx, pairs, fixed=("filter", "meta")))
    if r < 0.6:
        q = qs(ctx, [("locale", locale), ("include", 2)]) if ctx.chance(0.5) else ""
        return req("GET", f"/content-api/spaces/{space}/environments/{env}/entries/{seg(ctx, 'entry', v.alnum_token(ctx, 22))}", headers_for(ctx, "sdk", extra=token), q)
    entry = seg(ctx, "entry", v.alnum_token(ctx, 22))
    mgmt = token + (("X-Contentful-Version", str(ctx.rng.randint(1, 60))), ("X-Contentful-Content-Type", ctx.pick(("blogPost", "landingPage", "faqItem"))))
    if r < 0.85:
        first, last = v.person_name(ctx)
        fields = {"title": {locale: j(ctx, "title", v.short_text(ctx))}, "slug": {locale: j(ctx, "slug", v.slug(ctx))},
                  "summary": {locale: j(ctx, "summary", v.sentence(ctx))}, "body": {locale: _rich_text_doc(ctx, "body")},
                  "authorName": {locale: j(ctx, "authorName", f"{first} {last}")}, "seoTags": {locale: [j(ctx, "seoTags", ctx.en.word()) for _ in range(ctx.rng.randint(0, 3))]}}
        if ctx.chance(0.3):
            fields["canonicalUrl"] = {locale: j(ctx, "canonicalUrl", _long_url(ctx))}
        return req("PUT", f"/content-api/spaces/{space}/environments/{env}/entries/{entry}",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/vnd.contentful.management.v1+json", extra=mgmt), body=dumps(ctx, {"fields": fields}))
    if r < 0.93:
        return req(ctx.pick(("PUT", "DELETE")), f"/content-api/spaces/{space}/environments/{env}/entries/{entry}/published", headers_for(ctx, "sdk", extra=mgmt))
    return req("DELETE", f"/content-api/spaces/{space}/environments/{env}/entries/{entry}", headers_for(ctx, "xhr", extra=mgmt))


# ==========================================================================
# 11. Product analytics SDK batch endpoint
# ==========================================================================


def _event_props(ctx: Ctx, prefix: str) -> dict[str, Any]:
    event = ctx.pick(("Order Completed", "Product Viewed", "Signed Up", "Search Performed", "Feedback Submitted", "$pageview", "file_exported"))
    props: dict[str, Any] = {}
    if event == "Order Completed":
        props = {"order_id": j(ctx, f"{prefix}.order_id", f"#{rid(ctx)}"), "revenue": v.price(ctx, 5, 900), "currency": ctx.pick(("USD", "EUR")), "coupon": j(ctx, f"{prefix}.coupon", ctx.pick(("", "SPRING-25", "WELCOME10"))),
                 "products": [{"sku": ctx.fake.bothify("??-####").upper(), "name": j(ctx, f"{prefix}.products[{i}].name", ctx.fake.catch_phrase()), "price": v.price(ctx)} for i in range(ctx.rng.randint(1, 3))]}
    elif event == "Product Viewed":
        props = {"name": j(ctx, f"{prefix}.name", ctx.pick((ctx.fake.catch_phrase(), "Levi's 501 -- 32/34", "Ben & Jerry's pint"))), "category": ctx.pick(("Shoes", "Home & Garden", "Kids' toys"))}
    elif event == "Search Performed":
        props = {"query": j(ctx, f"{prefix}.query", v.search_terms(ctx)), "results": ctx.rng.randint(0, 300)}
    elif event == "Feedback Submitted":
        props = {"score": ctx.rng.randint(0, 10), "comment": j(ctx, f"{prefix}.comment", v.prose(ctx, 1, 3, trap_rate=0.5))}
    elif event == "$pageview":
        props = {"$current_url": j(ctx, f"{prefix}.$current_url", v.site(ctx) + v.app_path(ctx)), "$pathname": j(ctx, f"{prefix}.$pathname", v.app_path(ctx))}
    else:
        props = {"format": ctx.pick(("csv", "pdf", "xlsx")), "file_name": j(ctx, f"{prefix}.file_name", ctx.fake.file_name())}
    return {"event": event, "properties": props}


@template("train", ("/evtsdk/",), weight=1.2)
def product_events_sdk(ctx: Ctx) -> Request:
    """Segment-style batch (track/identify/page), a base64 `data=` GET, feature-flag evaluation."""
    site = v.site(ctx)
    anon = ctx.fake.uuid4()
    uid = ctx.pick((None, str(rid(ctx)), ctx.fake.email()))
    r = ctx.rng.random()
    if r < 0.6:
        batch = []
        for i in range(ctx.rng.randint(1, 4)):
            typ = ctx.pick(("track", "track", "identify", "page"))
            msg: dict[str, Any] = {"type": typ, "messageId": "ajs-next-" + v.hex_token(ctx, 32), "anonymousId": anon, "userId": uid, "timestamp": v.iso_datetime(ctx),
                                   "context": {"library": {"name": ctx.pick(("analytics.js", "analytics-python", "analytics-ios")), "version": f"{ctx.rng.randint(1, 5)}.{ctx.rng.randint(0, 40)}.0"},
                                               "locale": ctx.locale.replace("_", "-"), "timezone": ctx.fake.timezone(),
                                               "page": {"path": j(ctx, f"batch[{i}].context.page.path", v.app_path(ctx)), "referrer": j(ctx, f"batch[{i}].context.page.referrer", ctx.pick(("", "https://www.google.com/", _long_url(ctx)))),
                                                        "title": j(ctx, f"batch[{i}].context.page.title", v.short_text(ctx))},
                                               "campaign": {"source": "newsletter", "medium": "email", "name": ctx.en.word()} if ctx.chance(0.2) else {}}}
            if typ == "track":
                msg.update(_event_props(ctx, f"batch[{i}]"))
            elif typ == "identify":
                first, last = v.person_name(ctx)
                msg["traits"] = {"name": j(ctx, f"batch[{i}].traits.name", f"{first} {last}"), "email": j(ctx, f"batch[{i}].traits.email", ctx.fake.email()),
                                 "company": {"name": j(ctx, f"batch[{i}].traits.company", ctx.fake.company()), "plan": ctx.pick(("free", "team", "enterprise"))},
                                 "title": j(ctx, f"batch[{i}].traits.title", ctx.fake.job())}
            else:
                msg["name"] = j(ctx, f"batch[{i}].name", ctx.pick(("Pricing", "Docs", "Home", v.short_text(ctx))))
            batch.append(msg)
        body = {"batch": batch, "sentAt": v.iso_datetime(ctx), "writeKey": v.alnum_token(ctx, 32)}
        profile = ctx.pick(("xhr", "sdk", "mobile"))
        ctype = ctx.pick(("application/json", "text/plain")) if profile == "xhr" else "application/json"
        return req("POST", "/evtsdk/v1/batch", headers_for(ctx, profile, content_type=ctype, origin=site if profile == "xhr" else None), body=dumps(ctx, body))
    if r < 0.8:  # the payload itself travels base64-encoded (not a slot); the rest are parameters
        data = {"event": ctx.pick(("Viewed Page", "Clicked CTA")), "properties": {"token": v.hex_token(ctx, 32), "distinct_id": anon, "$current_url": site + v.app_path(ctx)}}
        pairs = [("data", base64.b64encode(json.dumps(data).encode()).decode()), ("ip", ctx.pick(("0", "1"))), ("verbose", "1"), ("_", ctx.rng.randrange(1_700_000_000_000, 1_760_000_000_000))]
        if ctx.chance(0.4):
            pairs.append(("page_title", v.short_text(ctx)))
        return req("GET", "/evtsdk/track", headers_for(ctx, "nav", accept="*/*", referer=site + "/"), qs(ctx, pairs, fixed=("data", "verbose")))
    first, _ = v.person_name(ctx)
    body = {"api_key": "phc_" + v.alnum_token(ctx, 43), "distinct_id": j(ctx, "distinct_id", uid or anon), "groups": {"company": j(ctx, "groups.company", ctx.fake.company())} if ctx.chance(0.4) else {},
            "person_properties": {"email": j(ctx, "person_properties.email", ctx.fake.email()), "first_name": j(ctx, "person_properties.first_name", first),
                                  "$initial_referrer": j(ctx, "person_properties.$initial_referrer", ctx.pick(("$direct", "https://www.google.com/", _long_url(ctx))))}}
    q = qs(ctx, [("v", ctx.pick((2, 3))), ("config", "true")], fixed=("config",))
    return req("POST", "/evtsdk/decide/", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", origin=site), q, dumps(ctx, body))


# ==========================================================================
# 12. URL shortener and link previews
# ==========================================================================


@template("train", ("/lnk/",), weight=1.2)
def link_shortener(ctx: Ctx) -> Request:
    """Create/update/list short links, follow a short link, unfurl a preview, QR codes, CORS preflight."""
    site = v.site(ctx)
    r = ctx.rng.random()
    code = ctx.pick((v.alnum_token(ctx, 7), ctx.en.slug(), f"{ctx.en.word()}-{ctx.rng.randint(2023, 2026)}"))
    headers_api = lambda method: headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json" if method in ("POST", "PATCH") else None,  # noqa: E731
                                             auth=ctx.pick(("jwt", "apikey")), origin=site if ctx.chance(0.5) else None)
    if r < 0.3:
        body: dict[str, Any] = {"long_url": j(ctx, "long_url", _long_url(ctx)), "domain": ctx.pick(("go.example.io", "s.example.link", "lnk.to")),
                                "title": j(ctx, "title", ctx.pick((v.short_text(ctx), ctx.fake.catch_phrase(), "Q&A: what's new in " + ctx.en.word()))),
                                "tags": [j(ctx, "tags", ctx.pick((ctx.en.word(), "spring '25", "r&d"))) for _ in range(ctx.rng.randint(0, 3))]}
        if ctx.chance(0.4):
            body["custom_back_half"] = j(ctx, "custom_back_half", code)
        if ctx.chance(0.3):
            body["expires_at"] = v.iso_datetime(ctx)
        if ctx.chance(0.2):
            body["utm"] = {"source": j(ctx, "utm.source", ctx.pick(("newsletter", "partner site"))), "campaign": j(ctx, "utm.campaign", ctx.en.word() + " launch")}
        return req("POST", "/lnk/api/links", headers_api("POST"), body=dumps(ctx, body))
    if r < 0.45:
        body = {"title": j(ctx, "title", v.short_text(ctx)), "archived": ctx.chance(0.2)}
        if ctx.chance(0.5):
            body["long_url"] = j(ctx, "long_url", _long_url(ctx))
        if ctx.chance(0.3):
            body["notes"] = j(ctx, "notes", v.prose(ctx, 1, 2))
        return req("PATCH", f"/lnk/api/links/{seg(ctx, 'code', code)}", headers_api("PATCH"), body=dumps(ctx, body))
    if r < 0.55:
        pairs: list[tuple[str, Any]] = [("query", v.search_terms(ctx)) if ctx.chance(0.5) else ("query", None), ("size", ctx.pick((25, 50))),
                                        ("created_after", v.iso_date(ctx)) if ctx.chance(0.3) else ("created_after", None)]
        pairs += [("tag[]", ctx.en.word()) for _ in range(ctx.rng.randint(0, 2))]
        return req("GET", "/lnk/api/links", headers_api("GET"), qs(ctx, pairs))
    if r < 0.75:  # someone following a short link
        q = qs(ctx, [("utm_source", ctx.pick(("qr", "sms", "twitter")))]) if ctx.chance(0.2) else ""
        referer = ctx.pick((None, "https://t.co/", "https://www.linkedin.com/", site + "/"))
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/lnk/{seg(ctx, 'code', code)}", headers_for(ctx, "nav", referer=referer, cookies=ctx.chance(0.3)), q)
    if r < 0.85:
        pairs = [("url", _long_url(ctx)), ("lang", ctx.locale[:2]), ("oembed", ctx.pick(("true", "false")))]
        return req("GET", "/lnk/api/preview", headers_for(ctx, "sdk"), qs(ctx, pairs))
    if r < 0.92:
        pairs = [("size", ctx.pick((128, 256, 512))), ("format", ctx.pick(("svg", "png"))), ("fg", ctx.pick(("#000000", "#1a73e8", "#" + v.hex_token(ctx, 6)))),
                 ("logo", ctx.pick(("", f"https://cdn.{ctx.en.domain_name()}/logo.png")))]
        return req("GET", f"/lnk/api/links/{seg(ctx, 'code', code)}/qr", headers_for(ctx, "xhr", auth="jwt", accept="image/svg+xml,image/*"), qs(ctx, pairs))
    if r < 0.96:
        return req("DELETE", f"/lnk/api/links/{seg(ctx, 'code', code)}", headers_api("DELETE"))
    headers = [["Accept", "*/*"], ["Access-Control-Request-Method", ctx.pick(("POST", "PATCH", "DELETE"))],
               ["Access-Control-Request-Headers", ctx.pick(("authorization,content-type", "content-type,x-api-key"))], ["Origin", site],
               ["User-Agent", header_slot(ctx, "User-Agent", v.user_agent(ctx, "xhr"))], ["Sec-Fetch-Mode", "cors"]]
    return req("OPTIONS", ctx.pick(("/lnk/api/links", "/lnk/api/links/" + v.alnum_token(ctx, 7))), headers)


PLATFORM_TRAIN: tuple[str, ...] = (
    "llm_chat_completion", "search_cluster_dsl", "object_storage_s3", "package_registry", "provider_webhooks", "chatops_commands",
    "oidc_provider", "otlp_json_exporter", "notebook_contents", "headless_cms", "product_events_sdk", "link_shortener",
)
