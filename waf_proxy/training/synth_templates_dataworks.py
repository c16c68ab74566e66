"""Train templates: data and developer tools whose content is code.

A warehouse query workbench, a dbt-style ELT model editor, a notebook kernel
gateway, an API reference "try it" console, a code snippet manager, a browser
IDE, a data-labelling tool and a GIS feature editor. Their users save, run,
format and share SQL with CTEs and comments, Jinja models, Python/R cells,
curl commands, shell pipelines, JSX, diffs, lint configs, label configs in XML,
GeoJSON and WKT: legitimate requests that a model which never saw such content
benign flags as SQL injection, XSS or command injection. Every value a user or
client controls is a slot; protocol constants (message types, versions, enums)
are not.
"""

from __future__ import annotations

import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    csv_cell, dumps, form, header_slot, j, json_param, multipart, preflight, qs, req, Request, rid, seg, site_headers, template, user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared value builders: identifiers, SQL, code in several languages
# --------------------------------------------------------------------------

_SCHEMAS = ("analytics", "marts", "staging", "raw", "finance", "growth", "core", "reporting", "scratch")
_TABLES = ("orders", "customers", "sessions", "events", "invoices", "subscriptions", "payments", "page_views", "tickets", "shipments", "refunds", "signups")
_DIMS = ("country", "channel", "plan", "device_type", "region", "utm_source", "product_line", "cohort_month", "status", "account_tier")
_MEASURES = ("revenue", "amount_usd", "quantity", "duration_s", "discount", "mrr", "gross_margin", "net_amount", "items")
_LITERALS = ("'DE'", "'O''Reilly Media'", "'paid'", "'St. John''s'", "'%@example.com'", "'2025-01-01'", "'trial'", "'EMEA'",
             "'Müller & Söhne GmbH'", "'it''s complicated'", "'N/A'", "'café'", "'--'", "'100%'", "'a/b test'")
_LANGS = ("python", "javascript", "typescript", "go", "rust", "bash", "powershell", "sql", "r")
_EXT = {"python": "py", "javascript": "js", "typescript": "tsx", "go": "go", "rust": "rs", "bash": "sh", "powershell": "ps1", "sql": "sql", "r": "R"}


def _ident(ctx: Ctx) -> str:
    """A snake_case name as people give columns, models and variables."""
    return f"{ctx.en.word()}_{ctx.pick((ctx.en.word(), 'id', 'at', 'count', 'total', 'flag', 'v2'))}"


def _table(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.55:
        return f"{ctx.pick(_SCHEMAS)}.{ctx.pick(_TABLES)}"
    if r < 0.7:
        return f"`{ctx.en.word()}-prod.{ctx.pick(_SCHEMAS)}.{ctx.pick(_TABLES)}`"  # BigQuery
    if r < 0.8:
        return f'"{ctx.pick(_SCHEMAS).upper()}"."{ctx.pick(_TABLES).capitalize()}"'
    return ctx.pick(_TABLES)


def _who(ctx: Ctx) -> str:
    return ctx.pick((ctx.fake.email(), ctx.en.user_name(), f"{ctx.fake.first_name().lower()}.{ctx.en.last_name().lower()}"))


def _sql_comment(ctx: Ctx) -> str:
    text = ctx.pick((v.sentence(ctx), f"TODO({ctx.en.user_name()}): {ctx.en.sentence(nb_words=6)}", f"exclude test accounts -- see {ctx.en.url()}",
                     f"owner: {v.full_name(ctx)}", "don't DROP this table, finance reads it", f"union of web + app {ctx.pick(_TABLES)} (dedup below)"))
    return f"-- {text}" if ctx.chance(0.65) else f"/* {text} */"


def _predicate(ctx: Ctx) -> str:
    d, m = ctx.pick(_DIMS), ctx.pick(_MEASURES)
    return ctx.pick((
        f"{d} = {ctx.pick(_LITERALS)}",
        f"status IN ('paid', 'refunded', '{ctx.en.word()}')",
        f"email NOT LIKE '%@{ctx.en.domain_name()}'",
        f"created_at >= DATEADD(day, -{ctx.pick((7, 30, 90))}, CURRENT_DATE)",
        f"order_date BETWEEN '{v.iso_date(ctx)}' AND '{v.iso_date(ctx)}'",
        f"{m} > {ctx.rng.randint(0, 500)}",
        "deleted_at IS NULL",
        f"lower(utm_source) LIKE '%{ctx.en.word()}%'",
        "NOT is_internal",
        f"customer_name <> {ctx.pick(_LITERALS)}",
        f"{d} IS NOT NULL AND {m} <> 0",
    ))


def _window(ctx: Ctx) -> str:
    d, m = ctx.pick(_DIMS), ctx.pick(_MEASURES)
    return ctx.pick((
        f"ROW_NUMBER() OVER (PARTITION BY {d} ORDER BY {m} DESC) AS rn",
        f"SUM({m}) OVER (PARTITION BY {d} ORDER BY order_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS {m}_7d",
        f"LAG({m}, 1) OVER (PARTITION BY customer_id ORDER BY order_date) AS prev_{m}",
        f"NTILE(4) OVER (ORDER BY {m}) AS quartile",
        f"DENSE_RANK() OVER (PARTITION BY {d} ORDER BY {m} DESC) AS rank_in_{d}",
        f"{m} / NULLIF(SUM({m}) OVER (PARTITION BY {d}), 0) AS share_of_{d}",
        f"FIRST_VALUE(channel) OVER (PARTITION BY user_id ORDER BY event_ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS first_touch",
    ))


def _select(ctx: Ctx, source: str) -> str:
    d, m = ctx.pick(_DIMS), ctx.pick(_MEASURES)
    agg = ctx.pick((f"SUM({m})", f"AVG({m})", "COUNT(DISTINCT user_id)", f"MAX({m})", f"PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {m})", "COUNT(*)"))
    where = " AND ".join(_predicate(ctx) for _ in range(ctx.rng.randint(1, 3)))
    sql = f"SELECT\n    DATE_TRUNC('{ctx.pick(('week', 'month', 'day'))}', created_at) AS period,\n    {d},\n    {agg} AS {ctx.pick(('total', 'value', m + '_sum', 'n'))}"
    if ctx.chance(0.4):
        sql += f",\n    CASE WHEN {m} >= {ctx.rng.randint(10, 900)} THEN 'high' WHEN {m} > 0 THEN 'low' ELSE 'none' END AS bucket"
    sql += f"\nFROM {source}\nWHERE {where}"
    if ctx.chance(0.3):
        sql += f"  {_sql_comment(ctx)}"
    sql += f"\nGROUP BY {ctx.pick(('1, 2', 'ALL', 'period, ' + d))}"
    if ctx.chance(0.4):
        sql += f"\nHAVING COUNT(*) > {ctx.rng.randint(1, 50)}"
    return sql


def _warehouse_sql(ctx: Ctx) -> str:
    """Analytic SQL as people save it in a warehouse workbench: CTEs, windows, comments, UNION ALL, DDL and DML."""
    parts: list[str] = []
    if ctx.chance(0.5):
        parts.append(_sql_comment(ctx) if ctx.chance(0.6) else f"/*\n  Author: {v.full_name(ctx)}\n  Purpose: {v.sentence(ctx)}\n  Ticket: {ctx.pick(('DATA', 'BI', 'FIN'))}-{ctx.rng.randint(10, 9999)}\n*/")
    r = ctx.rng.random()
    src, src2 = _table(ctx), _table(ctx)
    if r < 0.4:
        parts.append(f"WITH base AS (\n{_select(ctx, src)}\n),\nranked AS (\n    SELECT *, {_window(ctx)}\n    FROM base\n)\nSELECT * FROM ranked\n"
                     f"WHERE {ctx.pick(('rn = 1', 'quartile = 4', 'TRUE'))}\nORDER BY {ctx.pick(('period DESC', '2, 3 DESC', 'total DESC NULLS LAST'))}\nLIMIT {ctx.pick((100, 500, 1000))}")
    elif r < 0.55:
        parts.append(f"{_select(ctx, src)}\nUNION ALL\n{_select(ctx, src2)}\nORDER BY 1")
    elif r < 0.68:
        parts.append(f"SELECT user_id, {_window(ctx)}, {_window(ctx)}\nFROM {src}\nWHERE {_predicate(ctx)}\nQUALIFY ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY created_at DESC) = 1")
    elif r < 0.8:
        tmp = f"scratch.tmp_{ctx.en.word()}"
        parts.append(f"DROP TABLE IF EXISTS {tmp};\nCREATE TABLE {tmp} AS\n{_select(ctx, src)};\n"
                     f"DELETE FROM {tmp} WHERE {_predicate(ctx)};  -- {ctx.pick(('dedupe', 'remove test rows', 'late arrivals'))}\nSELECT COUNT(*) FROM {tmp}")
    elif r < 0.9:
        t = ctx.pick(_TABLES)
        parts.append(f"MERGE INTO {ctx.pick(_SCHEMAS)}.{t} AS tgt\nUSING staging.{t}_updates AS src\n  ON tgt.id = src.id\n"
                     f"WHEN MATCHED AND src.op = 'D' THEN DELETE\nWHEN MATCHED THEN UPDATE SET {ctx.pick(_MEASURES)} = src.{ctx.pick(_MEASURES)}, updated_at = CURRENT_TIMESTAMP\n"
                     "WHEN NOT MATCHED THEN INSERT (id, created_at) VALUES (src.id, src.created_at)")
    else:
        parts.append(_select(ctx, src) + f"\nORDER BY 3 DESC\nLIMIT {ctx.pick((10, 50))}")
        if ctx.chance(0.5):
            parts.append(f"GRANT SELECT ON {ctx.pick(_SCHEMAS)}.{ctx.pick(_TABLES)} TO ROLE {ctx.pick(('analyst', 'reporter', 'bi_reader'))};")
    return "\n".join(parts) + (";" if ctx.chance(0.5) and not parts[-1].endswith(";") else "")


def _py_code(ctx: Ctx) -> str:
    w1, w2, m, d = ctx.en.word(), ctx.en.word(), ctx.pick(_MEASURES), ctx.pick(_DIMS)
    imports = ctx.rng.sample(["import pandas as pd", "import numpy as np", "import re", "from pathlib import Path", "import duckdb",
                              "import matplotlib.pyplot as plt", "import requests", "import polars as pl", "from datetime import datetime, timedelta"], ctx.rng.randint(0, 3))
    r = ctx.rng.random()
    if r < 0.22:
        imports = ["import pandas as pd"] + [i for i in imports if i != "import pandas as pd"]
        body = (f'df = pd.read_csv("s3://{w1}-lake/exports/{ctx.pick(_TABLES)}_{v.iso_date(ctx)}.csv", parse_dates=["created_at"])\n'
                f"top = (df.query(\"{m} > {ctx.rng.randint(0, 300)} and {d} != 'test'\")\n       .groupby(\"{d}\")[\"{m}\"].agg([\"sum\", \"mean\"])\n"
                f"       .sort_values(\"sum\", ascending=False)\n       .head({ctx.pick((5, 10, 20))}))\ntop")
    elif r < 0.38:
        body = f'con = duckdb.connect()\nres = con.sql("""\n{_warehouse_sql(ctx)}\n""").df()\nprint(res.shape, res.columns.tolist())'
    elif r < 0.5:
        body = (f"fig, ax = plt.subplots(figsize=({ctx.pick((8, 10, 12))}, 4))\nax.plot(df['period'], df['{m}'], label='{w1}')\n"
                f"ax.set_title(f\"{m} by week -- {{df['period'].min():%b %Y}}+\")\nax.legend(loc='upper left')\nplt.show()")
    elif r < 0.62:
        body = (f"def {w1}_{w2}(rows: list[dict]) -> dict[str, float]:\n    \"\"\"Sum '{m}' per {d}; rows without it are skipped.\"\"\"\n    out: dict[str, float] = {{}}\n"
                f"    for row in rows:\n        if row.get('{m}') is None or row['{d}'] in ('', 'N/A'):\n            continue\n"
                f"        out[row['{d}']] = out.get(row['{d}'], 0) + row['{m}']\n    return out")
    elif r < 0.72:
        body = (f'EMAIL = re.compile(r"^(?P<user>[\\w.+-]+)@(?P<domain>[\\w-]+\\.[\\w.]+)$")\n'
                f"df['domain'] = df['email'].str.extract(EMAIL)['domain']\ndf[df['domain'].isin(['{ctx.en.domain_name()}', 'gmail.com'])].head()")
    elif r < 0.8:
        body = (f"r = requests.get('https://api.{ctx.en.domain_name()}/v1/{w1}s', params={{'limit': 100, 'q': '{ctx.en.word()}'}},\n"
                f"                 headers={{'Authorization': f\"Bearer {{os.environ['API_TOKEN']}}\"}}, timeout=30)\nr.raise_for_status()\nitems = [i['{w2}'] for i in r.json()['data'] if i.get('{w2}')]")
    elif r < 0.9:
        body = (f"!pip install -q {ctx.pick(('great-expectations', 'pandera', 'pyarrow==16.1.0', 'scikit-learn>=1.4', 'dbt-duckdb'))}\n"
                f"!ls -la data/ | grep -i {w1} | head -n 5")
    else:
        body = (f"from IPython.display import HTML, display\nn = len(df)\ndisplay(HTML(f\"<b>{{n:,}}</b> rows in <code>{ctx.pick(_TABLES)}</code> -- "
                f"<a href='{ctx.en.url()}' target='_blank'>dashboard</a>\"))")
    return "\n".join(imports + ([""] if imports else []) + [body])


def _r_code(ctx: Ctx) -> str:
    m, d = ctx.pick(_MEASURES), ctx.pick(_DIMS)
    return ctx.pick((
        f"library(dplyr)\n\ndf %>%\n  filter({d} != \"test\", {m} > {ctx.rng.randint(0, 100)}) %>%\n  group_by({d}) %>%\n  summarise(n = n(), total = sum({m}, na.rm = TRUE)) |>\n  arrange(desc(total))",
        f"library(ggplot2)\nggplot(df, aes(x = period, y = {m}, colour = {d})) +\n  geom_line() +\n  labs(title = \"{ctx.en.sentence(nb_words=4)}\", y = \"{m} (USD)\")",
        f"df <- read.csv(\"~/data/{ctx.pick(_TABLES)}.csv\", stringsAsFactors = FALSE)\nsummary(lm({m} ~ {d} + log1p(items), data = df))",
        f"res <- DBI::dbGetQuery(con, \"SELECT {d}, SUM({m}) AS total FROM {ctx.pick(_TABLES)} WHERE {d} <> 'N/A' GROUP BY 1\")\nhead(res[order(-res$total), ], 10)",
    ))


def _js_code(ctx: Ctx, tsx: bool) -> str:
    w1, w2 = ctx.en.word(), ctx.en.word()
    name = w1.capitalize() + w2.capitalize()
    r = ctx.rng.random()
    if tsx or r < 0.35:
        typed = "{ items }: { items: Item[] }" if tsx else "{ items }"
        return (f"import {{ useState }} from 'react';\n\nexport default function {name}({typed}) {{\n  const [query, setQuery] = useState('');\n"
                f"  const shown = items.filter(i => i.{w2}.toLowerCase().includes(query.toLowerCase()));\n  return (\n    <div className=\"{w1}-list\">\n"
                f"      <input value={{query}} onChange={{e => setQuery(e.target.value)}} placeholder=\"Search {w1}s…\" />\n"
                f"      <ul>{{shown.map(i => <li key={{i.id}}>{{i.{w2}}} &mdash; <a href={{`/{w1}s/${{i.id}}`}}>open</a></li>)}}</ul>\n"
                f"      {{shown.length === 0 && <p className=\"empty\">No {w1}s match &quot;{{query}}&quot;</p>}}\n    </div>\n  );\n}}")
    if r < 0.7:
        return (f"const res = await fetch(`https://api.{ctx.en.domain_name()}/v2/{w1}s?limit=${{limit}}&q=${{encodeURIComponent(q)}}`, {{\n"
                f"  headers: {{ Authorization: `Bearer ${{process.env.API_TOKEN}}` }},\n}});\nif (!res.ok) throw new Error(`HTTP ${{res.status}}: ${{await res.text()}}`);\n"
                f"const {{ data }} = await res.json();\nconsole.table(data.map(({{ id, {w2} }}) => ({{ id, {w2} }})));")
    return (f"export const {w1}By{w2.capitalize()} = (rows) =>\n  rows.reduce((acc, r) => {{\n    (acc[r.{w2}] ??= []).push(r);\n    return acc;\n  }}, {{}});\n\n"
            f"// {v.sentence(ctx)}\nconsole.log(Object.keys({w1}By{w2.capitalize()}(rows)).length > {ctx.rng.randint(0, 9)} && 'ok');")


def _go_code(ctx: Ctx) -> str:
    w1, w2 = ctx.en.word(), ctx.en.word()
    if ctx.chance(0.5):
        return (f"package main\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n)\n\ntype {w1.capitalize()} struct {{\n\tID   int64  `json:\"id\"`\n"
                f"\tName string `json:\"{w2}_name,omitempty\"`\n}}\n\nfunc main() {{\n\tresp, err := http.Get(\"https://api.{ctx.en.domain_name()}/{w1}s?page=1\")\n"
                f"\tif err != nil {{\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}}\n\tdefer resp.Body.Close()\n\tvar out []{w1.capitalize()}\n"
                f"\tif err := json.NewDecoder(resp.Body).Decode(&out); err != nil {{\n\t\tpanic(err)\n\t}}\n\tfmt.Printf(\"%d {w1}s\\n\", len(out))\n}}")
    return (f"func (h *Handler) {w1.capitalize()}(w http.ResponseWriter, r *http.Request) {{\n\tq := r.URL.Query().Get(\"q\")\n"
            f"\trows, err := h.db.QueryContext(r.Context(), `SELECT id, {w2} FROM {ctx.pick(_TABLES)} WHERE {w2} ILIKE '%' || $1 || '%' LIMIT 50`, q)\n"
            f"\tif err != nil {{\n\t\thttp.Error(w, err.Error(), http.StatusInternalServerError)\n\t\treturn\n\t}}\n\tdefer rows.Close()\n}}")


def _rust_code(ctx: Ctx) -> str:
    w1, w2 = ctx.en.word(), ctx.en.word()
    if ctx.chance(0.5):
        return (f"use std::collections::HashMap;\nuse std::fs;\n\nfn main() -> Result<(), Box<dyn std::error::Error>> {{\n"
                f"    let text = fs::read_to_string(\"{ctx.pick(('data/', './', '/tmp/'))}{w1}.txt\")?;\n    let mut counts: HashMap<&str, usize> = HashMap::new();\n"
                f"    for word in text.split_whitespace().filter(|w| w.len() > {ctx.rng.randint(2, 5)}) {{\n        *counts.entry(word).or_insert(0) += 1;\n    }}\n"
                f"    let mut top: Vec<_> = counts.into_iter().collect();\n    top.sort_by(|a, b| b.1.cmp(&a.1));\n    println!(\"{{:?}}\", &top[..top.len().min(10)]);\n    Ok(())\n}}")
    return (f"#[derive(Debug, Serialize, Deserialize)]\n#[serde(rename_all = \"camelCase\")]\npub struct {w1.capitalize()} {{\n    pub id: u64,\n    pub {w2}: Option<String>,\n}}\n\n"
            f"impl {w1.capitalize()} {{\n    pub fn label(&self) -> &str {{\n        match &self.{w2} {{\n            Some(s) if !s.is_empty() => s.as_str(),\n            _ => \"<none>\",\n        }}\n    }}\n}}")


def _ps_code(ctx: Ctx) -> str:
    user = ctx.fake.first_name().replace(" ", "")
    return ctx.pick((
        f"Get-ChildItem -Path \"C:\\Users\\{user}\\Downloads\" -Filter *.log -Recurse |\n  Where-Object {{ $_.LastWriteTime -lt (Get-Date).AddDays(-{ctx.pick((7, 30, 90))}) }} |\n  Remove-Item -WhatIf",
        f"$headers = @{{ Authorization = \"Bearer $env:API_TOKEN\"; 'Content-Type' = 'application/json' }}\n$r = Invoke-RestMethod -Uri \"https://api.{ctx.en.domain_name()}/v1/{ctx.en.word()}s\" -Headers $headers\n$r.items | Select-Object id, name | Export-Csv -NoTypeInformation .\\{ctx.en.word()}.csv",
        f"Get-Process | Sort-Object CPU -Descending | Select-Object -First {ctx.pick((5, 10))} Name, Id, CPU | Format-Table -AutoSize",
        f"if (-not (Test-Path $env:TEMP\\{ctx.en.word()})) {{ New-Item -ItemType Directory -Path $env:TEMP\\{ctx.en.word()} | Out-Null }}\nwinget install --id Git.Git -e; git --version",
    ))


def _bash_code(ctx: Ctx) -> str:
    w = ctx.en.word()
    lines = ["#!/usr/bin/env bash", "set -euo pipefail"] if ctx.chance(0.5) else []
    lines.append(synth_tech.shell_line(ctx))
    lines.append(ctx.pick((
        f"find . -name '*.{ctx.pick(('log', 'tmp', 'pyc'))}' -mtime +{ctx.rng.randint(1, 30)} -print0 | xargs -0 rm -f",
        f"for f in $(ls data/{w}_*.csv); do\n  echo \"$f: $(wc -l < \"$f\") rows\"\ndone",
        f"psql \"$DATABASE_URL\" -c \"SELECT count(*) FROM {ctx.pick(_TABLES)} WHERE created_at > now() - interval '1 day';\"",
        f"sed -E -i.bak 's/^({w})=.*/\\1={ctx.en.word()}/' .env && grep -n '{w}' .env",
        f"awk -F, 'NR > 1 {{ s += $3 }} END {{ print s }}' {w}.csv",
        f"git log --since='2 weeks ago' --pretty='%h %an %s' | grep -iv 'merge' | head -n 20",
        f"curl -sS -H \"Authorization: Bearer $TOKEN\" 'https://api.{ctx.en.domain_name()}/v1/{w}?limit=5' | jq -r '.items[] | [.id, .name] | @tsv'",
    )))
    return "\n".join(lines)


def _code(ctx: Ctx, lang: str) -> str:
    """Source code in `lang`, built from parts so that no two snippets are alike."""
    if lang == "python":
        return _py_code(ctx)
    if lang in ("javascript", "typescript"):
        return _js_code(ctx, lang == "typescript")
    if lang == "go":
        return _go_code(ctx)
    if lang == "rust":
        return _rust_code(ctx)
    if lang == "powershell":
        return _ps_code(ctx)
    if lang == "sql":
        return _warehouse_sql(ctx)
    if lang == "r":
        return _r_code(ctx)
    return _bash_code(ctx)


def _yaml_block(text: str, indent: int) -> str:
    """Text as a YAML folded block scalar indented under its key."""
    pad = " " * indent
    return ">-\n" + "\n".join(pad + line if line.strip() else "" for line in str(text).splitlines() or [""])


def _csv(rows: list[list[Any]]) -> str:
    return "\n".join(",".join(f'"{csv_cell(str(c))}"' if any(ch in str(c) for ch in ',"\n') else str(c) for c in row) for row in rows) + "\n"


def _note(ctx: Ctx) -> str:
    """What data people write next to their code: prose, a code aside, markdown, a SQL fragment."""
    r = ctx.rng.random()
    if r < 0.6:
        return user_note(ctx)
    if r < 0.8:
        return synth_tech.with_code(ctx, v.prose(ctx, 1, 2))
    return ctx.pick((f"Numbers differ from the {ctx.pick(_TABLES)} dashboard because we UNION web + app and drop refunds (status = 'refunded').",
                     f"Use `{_predicate(ctx)}` -- otherwise test accounts leak in.", f"Replaced SELECT * with explicit columns; DELETE the old view after {v.iso_date(ctx)}.",
                     f"{v.full_name(ctx)}'s version; see {ctx.en.url()}{ctx.en.uri_path()} for the spec."))


# --------------------------------------------------------------------------
# 1. Warehouse query workbench: statements, saved queries, schedules, history, uploads
# --------------------------------------------------------------------------


def _trino_headers(ctx: Ctx) -> tuple[tuple[str, str], ...]:
    return (("X-Trino-User", header_slot(ctx, "X-Trino-User", _who(ctx))), ("X-Trino-Catalog", ctx.pick(("hive", "iceberg", "postgresql", "delta"))),
            ("X-Trino-Schema", ctx.pick(_SCHEMAS)), ("X-Trino-Source", ctx.pick(("dwbench-web", "dbeaver", "trino-python-client", "superset"))))


@template("train", ("/dwbench/",), weight=1.3)
def warehouse_workbench(ctx: Ctx) -> Request:
    """Query workbench: raw SQL statements (Trino-style) and JSON runs, saved queries, scheduled reports, history and results, CSV uploads."""
    kind = ctx.pick(("run", "run", "save", "schedule", "browse", "upload"))
    if kind == "run":
        if ctx.chance(0.5):
            body = str(ctx.slot("multipart", "statement", _warehouse_sql(ctx)))
            return req("POST", "/dwbench/v1/statement", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/plain; charset=utf-8", auth=ctx.pick(("basic", "jwt")),
                                                                    extra=_trino_headers(ctx)), body=body)
        params = [{"name": ctx.pick(("start_date", "country", "min_amount")), "value": j(ctx, "parameters[0].value", ctx.pick((v.iso_date(ctx), "O'Higgins", str(ctx.rng.randint(0, 999)))))}
                  ] if ctx.chance(0.4) else []
        run: dict[str, Any] = {"statement": j(ctx, "statement", _warehouse_sql(ctx)), "warehouse": ctx.pick(("COMPUTE_WH", "REPORTING_XS", "adhoc-m")),
                               "role": ctx.pick(("ANALYST", "SYSADMIN", "BI_READER")), "timeout": ctx.pick((60, 300, 900)), "resultFormat": ctx.pick(("json", "arrow")),
                               "parameters": params, "limit": ctx.pick((100, 1000, 10000)), "dryRun": ctx.chance(0.15)}
        return req("POST", "/dwbench/api/queries/run", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, run))
    if kind == "save":
        qid = ctx.pick((None, v.alnum_token(ctx, 10)))
        saved = {"name": j(ctx, "name", ctx.pick((v.short_text(ctx), f"{ctx.pick(_MEASURES)} by {ctx.pick(_DIMS)} (weekly)", f"{v.full_name(ctx)}'s scratch -- DO NOT DELETE"))),
                 "description": j(ctx, "description", ctx.pick(("", _note(ctx)))), "sql": j(ctx, "sql", _warehouse_sql(ctx)),
                 "folder": j(ctx, "folder", ctx.pick(("/Shared/Finance", "/Users/" + ctx.en.user_name(), "/Shared/Growth & Marketing", "/Drafts"))),
                 "tags": [j(ctx, f"tags[{i}]", ctx.pick(("kpi", "adhoc", ctx.en.word(), "q3-review", "pii"))) for i in range(ctx.rng.randint(0, 3))],
                 "visibility": ctx.pick(("private", "team", "org")), "dialect": ctx.pick(("snowflake", "bigquery", "trino", "postgres"))}
        path = "/dwbench/api/saved-queries" + (f"/{seg(ctx, 'query', qid)}" if qid else "")
        return req("PUT" if qid else "POST", path, site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, saved))
    if kind == "schedule":
        cron = ctx.pick(("0 7 * * 1-5", "*/30 * * * *", "0 6 1 * *", "15 9 * * MON"))
        message = ctx.pick((_note(ctx), "Hi all,\n\n{% if rows > 0 %}{{ rows }} new rows since last run.{% else %}Nothing new.{% endif %}\n\n-- BI team"))
        if ctx.chance(0.3):  # pause or reword an existing schedule
            return req("PATCH", f"/dwbench/api/schedules/{seg(ctx, 'schedule', str(rid(ctx)))}", site_headers(ctx, "xhr", "application/merge-patch+json", "jwt"),
                       body=dumps(ctx, {"paused": ctx.chance(0.5), "cron": j(ctx, "cron", cron), "message": j(ctx, "message", message)}))
        sched: dict[str, Any] = {
            "queryId": v.alnum_token(ctx, 10), "cron": j(ctx, "cron", cron), "timezone": ctx.fake.timezone(),
            "format": ctx.pick(("csv", "xlsx", "png")),
            "recipients": [j(ctx, f"recipients[{i}]", ctx.pick((ctx.fake.email(), "#" + ctx.en.word() + "-alerts", "finance-team@" + ctx.en.domain_name()))) for i in range(ctx.rng.randint(1, 3))],
            "subject": j(ctx, "subject", ctx.pick(("{{ query.name }} -- {{ run_date | date('%d %b') }}", f"Weekly {ctx.pick(_MEASURES)} report", v.short_text(ctx)))),
            "message": j(ctx, "message", message),
            "condition": {"column": ctx.pick(_MEASURES), "op": ctx.pick((">", "<", ">=", "!=")), "value": ctx.rng.randint(0, 1000)} if ctx.chance(0.4) else None,
            "paused": ctx.chance(0.1)}
        return req("POST", "/dwbench/api/schedules", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, sched))
    if kind == "browse":
        r = ctx.rng.random()
        if r < 0.5:
            pairs: list[tuple[str, Any]] = [("status", ctx.pick(("failed", "succeeded", "running", "all"))), ("user", _who(ctx)),
                                            ("q", ctx.pick(("DROP TABLE", "orders JOIN customers", "-- owner:", "QUALIFY", v.search_terms(ctx), "WHERE email LIKE '%@%'"))),
                                            ("warehouse", ctx.pick(("COMPUTE_WH", "adhoc-m"))), ("start_time", v.iso_datetime(ctx)), ("limit", ctx.pick((25, 50)))]
            return req("GET", "/dwbench/api/query-history", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs, fixed=("limit",)))
        if r < 0.8:
            pairs = [("format", ctx.pick(("csv", "json", "xlsx"))), ("filename", ctx.pick((f"{ctx.en.word()}-{v.iso_date(ctx)}.csv", "Q3 revenue (final).csv"))), ("header", "true")]
            return req("GET", f"/dwbench/api/queries/{seg(ctx, 'query', v.alnum_token(ctx, 10))}/results", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs, fixed=("header",)))
        target = ctx.pick(("saved-queries", "schedules"))
        return req("DELETE", f"/dwbench/api/{target}/{seg(ctx, 'id', v.alnum_token(ctx, 10))}", headers_for(ctx, "xhr", auth="jwt"))
    rows: list[list[Any]] = [["id", "name", "country", "note", "amount"]]
    for i in range(ctx.rng.randint(2, 6)):
        name, note = v.full_name(ctx), ctx.pick(("", v.sentence(ctx), "duplicate -- see row 2", "o'neill & co; \"VIP\""))
        if i == 0:
            name, note = ctx.slot("multipart", "csv.name", name), ctx.slot("multipart", "csv.note", note)
        rows.append([rid(ctx), name, ctx.fake.country_code(), note, v.money(ctx)])
    fields = [("table", f"{ctx.pick(('scratch', 'sandbox'))}.{_ident(ctx)}"), ("mode", ctx.pick(("create", "append", "replace"))), ("delimiter", ","),
              ("comment", ctx.pick(("", _note(ctx))))]
    ctype, body2 = multipart(ctx, fields, [("file", ctx.pick(("export.csv", f"{ctx.en.word()}_{v.iso_date(ctx)}.csv")), "text/csv", _csv(rows))])
    return req("POST", "/dwbench/api/uploads", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)


# --------------------------------------------------------------------------
# 2. ELT model editor: Jinja SQL models, YAML schema files, compiles, job runs, lineage
# --------------------------------------------------------------------------

_MODEL_LAYERS = ("staging", "intermediate", "marts/finance", "marts/marketing", "marts/core")


def _model_name(ctx: Ctx) -> str:
    return f"{ctx.pick(('stg', 'int', 'fct', 'dim', 'rpt'))}_{ctx.pick(_TABLES)}{ctx.pick(('', '', '_daily', '_enriched', '_' + ctx.en.word()))}"


def _jinja_model(ctx: Ctx) -> str:
    """A dbt-style model: config block, refs and sources, incremental filters, loops over values."""
    src = ctx.pick(("shopify", "stripe", "hubspot", "postgres_app", "ga4"))
    t, key = ctx.pick(_TABLES), ctx.pick(("id", "order_id", "event_id", "customer_id"))
    lines = [f"{{{{ config(materialized='{ctx.pick(('incremental', 'table', 'view', 'ephemeral'))}', unique_key='{key}', tags=['{ctx.pick(('nightly', 'hourly', 'finance'))}']) }}}}", ""]
    if ctx.chance(0.4):
        lines.insert(0, f"-- {v.sentence(ctx)}")
    lines += [f"with source as (\n\n    select * from {{{{ source('{src}', '{t}') }}}}",
              "    {% if is_incremental() %}\n    where updated_at > (select max(updated_at) from {{ this }})\n    {% endif %}\n\n),"]
    methods = ctx.rng.sample(["card", "paypal", "bank_transfer", "gift_card", "klarna", "apple_pay"], ctx.rng.randint(2, 4))
    lines.append(f"renamed as (\n\n    select\n        {key},\n        {{{{ dbt_utils.generate_surrogate_key(['{key}', 'shop_id']) }}}} as {t}_key,")
    if ctx.chance(0.6):
        lines.append(f"        {{% for method in {methods} %}}\n        sum(case when payment_method = '{{{{ method }}}}' then amount else 0 end) as {{{{ method }}}}_amount"
                     "{% if not loop.last %},{% endif %}\n        {% endfor %}")
    else:
        lines.append(f"        {{{{ cents_to_dollars('amount_cents') }}}} as amount,\n        coalesce(nullif(trim({ctx.pick(_DIMS)}), ''), 'unknown') as {ctx.pick(_DIMS)}")
    lines.append(f"    from source\n    left join {{{{ ref('{_model_name(ctx)}') }}}} using ({key})\n    where {_predicate(ctx)}  -- {ctx.en.sentence(nb_words=4)}\n    group by 1, 2\n\n)")
    lines.append("\nselect * from renamed" + ctx.pick(("", "\nwhere created_at >= '{{ var(\"start_date\", \"2024-01-01\") }}'")))
    return "\n".join(lines)


def _macro(ctx: Ctx) -> str:
    name = ctx.pick(("cents_to_dollars", "safe_divide", "grant_select", "limit_in_dev", _ident(ctx)))
    return (f"{{% macro {name}(column_name, precision=2) %}}\n    {{# {v.sentence(ctx)} #}}\n    {{% if target.name == 'dev' %}}\n"
            f"    ({{{{ column_name }}}} / 100)::numeric(16, {{{{ precision }}}})\n    {{% else %}}\n    round({{{{ column_name }}}} / 100.0, {{{{ precision }}}})\n    {{% endif %}}\n{{% endmacro %}}")


def _schema_yaml(ctx: Ctx) -> str:
    """A schema.yml: models with descriptions (slots, raw), column tests, relationships."""
    out = ["version: 2", "", "models:"]
    for i in range(ctx.rng.randint(1, 2)):
        desc = ctx.slot("multipart", f"models[{i}].description", ctx.pick((_note(ctx), v.prose(ctx, 1, 2), f"One row per {ctx.pick(_TABLES)[:-1]}; excludes test accounts (is_internal = true).")))
        out += [f"  - name: {_model_name(ctx)}", f"    description: {_yaml_block(desc, 6)}", "    config:", f"      tags: [\"{ctx.pick(('finance', 'pii', 'nightly'))}\"]", "    columns:"]
        for c in range(ctx.rng.randint(1, 3)):
            col = ctx.pick(("order_id", "customer_id", "status", _ident(ctx), ctx.pick(_MEASURES)))
            out += [f"      - name: {col}", f"        description: {json.dumps(ctx.pick((v.sentence(ctx), 'PK', 'FK to dim_customers -- nullable for guests', '')), ensure_ascii=False)}",
                    "        tests:", "          - not_null"]
            if ctx.chance(0.4):
                out += ["          - accepted_values:", f"              values: ['placed', 'shipped', 'completed', '{ctx.en.word()}']"]
            elif ctx.chance(0.4):
                out += ["          - relationships:", f"              to: ref('{_model_name(ctx)}')", f"              field: {col}"]
    return "\n".join(out) + "\n"


_DBT_STEPS = ("dbt build --select state:modified+ --defer --state ./prod-artifacts", "dbt run -s +{m} --full-refresh", "dbt test --select tag:nightly --exclude source:*",
              "dbt run-operation grant_select --args '{{role: reporter}}'", "dbt source freshness", "dbt seed --select {m} && dbt run -s {m}+",
              "dbt run --select path:models/marts --vars '{{\"start_date\": \"2025-01-01\"}}'")


@template("train", ("/eltstudio/",), weight=1.3)
def elt_model_editor(ctx: Ctx) -> Request:
    """dbt-style IDE: Jinja SQL models and macros saved as files, schema YAML, compile previews, job runs with selectors, lineage lookups."""
    kind = ctx.pick(("model", "model", "schema", "compile", "run", "lineage"))
    project = seg(ctx, "project", str(ctx.rng.randint(100, 99999))) if kind != "run" else ""
    if kind == "model":
        layer = ctx.pick(_MODEL_LAYERS)
        if ctx.chance(0.25):
            name, content = f"macros/{ctx.pick(('utils', 'grants', 'finance'))}.sql", _macro(ctx)
        else:
            name, content = f"models/{layer}/{_model_name(ctx)}.sql", _jinja_model(ctx)
        path = f"/eltstudio/api/projects/{project}/files/{seg(ctx, 'file', name)}"
        if ctx.chance(0.5):
            return req("PUT", path, site_headers(ctx, "xhr", "text/plain; charset=utf-8", "jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)),
                       body=str(ctx.slot("multipart", "content", content)))
        if ctx.chance(0.2):
            return req("DELETE", path, headers_for(ctx, "xhr", auth="jwt"))
        body = {"content": j(ctx, "content", content), "encoding": "utf-8", "commit": {"message": j(ctx, "commit.message", ctx.pick((v.short_text(ctx), f"fix {_model_name(ctx)}: dedupe on {ctx.pick(_DIMS)}")))}}
        return req("PATCH", path, site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "schema":
        path = f"/eltstudio/api/projects/{project}/files/{seg(ctx, 'file', 'models/' + ctx.pick(_MODEL_LAYERS) + '/' + ctx.pick(('schema.yml', '_models.yml', 'sources.yml')))}"
        return req("PUT", path, site_headers(ctx, "xhr", ctx.pick(("application/x-yaml", "text/yaml", "application/yaml")), "jwt"), body=_schema_yaml(ctx))
    if kind == "compile":
        body2: dict[str, Any] = {"sql": j(ctx, "sql", ctx.pick((_jinja_model(ctx), "select * from {{ ref('" + _model_name(ctx) + "') }} limit 100", _warehouse_sql(ctx)))),
                                 "target": ctx.pick(("dev", "ci", "prod")), "vars": {"start_date": j(ctx, "vars.start_date", v.iso_date(ctx))}, "limit": ctx.pick((100, 500)),
                                 "preview": ctx.chance(0.7)}
        return req("POST", f"/eltstudio/api/projects/{project}/compile", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "run":
        m = _model_name(ctx)
        steps = [j(ctx, f"steps_override[{i}]", ctx.pick(_DBT_STEPS).format(m=m)) for i in range(ctx.rng.randint(1, 3))]
        body2 = {"cause": j(ctx, "cause", ctx.pick((f"Triggered via API by {_who(ctx)}", "Airflow DAG nightly_elt -- retry 2", v.sentence(ctx)))),
                 "git_branch": j(ctx, "git_branch", ctx.pick(("main", f"feature/{ctx.en.slug()}", f"{ctx.en.user_name()}/fix-{m}"))),
                 "schema_override": j(ctx, "schema_override", ctx.pick((f"dbt_{ctx.en.user_name()}", f"pr_{ctx.rng.randint(1, 999)}"))), "steps_override": steps,
                 "threads_override": ctx.pick((4, 8, 16))}
        path = f"/eltstudio/api/v2/accounts/{seg(ctx, 'account', str(ctx.rng.randint(1000, 99999)))}/jobs/{ctx.rng.randint(10, 99999)}/run/"
        return req("POST", path, headers_for(ctx, "sdk", content_type="application/json", extra=(("Authorization", f"Token dbtc_{v.alnum_token(ctx, 40)}"),)), body=dumps(ctx, body2))
    pairs: list[tuple[str, Any]] = [("select", ctx.pick((f"+{_model_name(ctx)}+", f"tag:{ctx.pick(('nightly', 'finance'))}", f"path:models/{ctx.pick(_MODEL_LAYERS)}/*", f"2+{_model_name(ctx)}"))),
                                    ("exclude", ctx.pick(("", "tag:deprecated", "source:*"))), ("resource_type", ctx.pick(("model", "model,seed,snapshot", "test")))]
    if ctx.chance(0.4):
        pairs.append(("search", ctx.pick((v.search_terms(ctx), "{{ ref(", "is_incremental()", ctx.pick(_TABLES)))))
    return req("GET", f"/eltstudio/api/projects/{project}/lineage", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs))


# --------------------------------------------------------------------------
# 3. Notebook kernel gateway: kernels, Jupyter execute messages, command API, input replies
# --------------------------------------------------------------------------

_KERNELS = (("python3", "python"), ("ir", "r"), ("python3", "sql"), ("pyspark", "python"), ("xpython", "python"))


def _cell(ctx: Ctx, lang: str) -> str:
    if lang == "r":
        return _r_code(ctx)
    if lang == "sql":
        return ctx.pick(("%%sql\n", "%%bigquery df\n", "")) + _warehouse_sql(ctx)
    code = _py_code(ctx)
    return ctx.pick(("", "", "%%time\n", "%matplotlib inline\n", "%load_ext autoreload\n%autoreload 2\n")) + code


def _msg_header(ctx: Ctx, msg_type: str, session: str) -> dict[str, Any]:
    return {"msg_id": f"{v.hex_token(ctx, 32)}_{ctx.rng.randint(1000, 99999)}_{ctx.rng.randint(1, 99)}", "username": j(ctx, "header.username", ctx.pick(("username", _who(ctx)))),
            "session": session, "date": v.iso_datetime(ctx), "msg_type": msg_type, "version": "5.3"}


@template("train", ("/kernelgw/",), weight=1.3)
def kernel_gateway(ctx: Ctx) -> Request:
    """Hosted kernel gateway: start kernels and sessions, execute_request messages with Python/R/SQL cells, a form-based command API, completions and stdin replies, lifecycle calls."""
    kind = ctx.pick(("start", "execute", "execute", "command", "complete", "lifecycle"))
    kernel_name, lang = ctx.pick(_KERNELS)
    kid = ctx.fake.uuid4()
    token = (("Authorization", f"token {v.hex_token(ctx, 48)}"),)
    if kind == "start":
        if ctx.chance(0.5):
            body: dict[str, Any] = {"name": kernel_name, "env": {"KERNEL_USERNAME": j(ctx, "env.KERNEL_USERNAME", _who(ctx)),
                                                                  "KERNEL_WORKING_DIR": j(ctx, "env.KERNEL_WORKING_DIR", f"/home/jovyan/work/{ctx.en.word()}"),
                                                                  "SPARK_OPTS": j(ctx, "env.SPARK_OPTS", f"--conf spark.executor.memory={ctx.pick((2, 4, 8))}g --conf spark.sql.shuffle.partitions={ctx.pick((64, 200))}")}}
            return req("POST", "/kernelgw/api/kernels", headers_for(ctx, "sdk", content_type="application/json", extra=token), body=dumps(ctx, body))
        nb = f"{ctx.pick(('notebooks', 'Untitled Folder', 'shared/' + ctx.en.word()))}/{ctx.pick((ctx.en.word(), 'Untitled', ctx.fake.last_name() + ' analysis'))}.ipynb"
        body = {"path": j(ctx, "path", nb), "name": j(ctx, "name", nb.rsplit("/", 1)[-1]), "type": "notebook", "kernel": {"name": kernel_name}}
        return req("POST", "/kernelgw/api/sessions", site_headers(ctx, "xhr", "application/json", None, cookies=True, extra=(("X-XSRFToken", v.alnum_token(ctx, 32)),)), body=dumps(ctx, body))
    if kind == "execute":
        session = ctx.fake.uuid4()
        msg = {"header": _msg_header(ctx, "execute_request", session), "parent_header": {}, "metadata": {"cellId": ctx.fake.uuid4(), "deletedCells": [], "recordTiming": False},
               "content": {"code": j(ctx, "content.code", _cell(ctx, lang)), "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": ctx.chance(0.5),
                           "stop_on_error": True}, "buffers": [], "channel": "shell"}
        return req("POST", f"/kernelgw/api/kernels/{seg(ctx, 'kernel', kid)}/execute", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", extra=token), body=dumps(ctx, msg))
    if kind == "command":  # the Databricks-style 1.2 command API: urlencoded
        pairs: list[tuple[str, Any]] = [("language", lang), ("clusterId", f"{ctx.rng.randint(1000, 9999)}-{ctx.rng.randint(100000, 999999)}-{v.alnum_token(ctx, 8).lower()}"),
                                        ("contextId", str(ctx.rng.randrange(10**17, 10**18))), ("command", _cell(ctx, lang))]
        return req("POST", "/kernelgw/api/1.2/commands/execute", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", auth="jwt"),
                   body=form(ctx, pairs, fixed=("language", "clusterId", "contextId")))
    if kind == "complete":
        session = ctx.fake.uuid4()
        if ctx.chance(0.4):
            msg = {"header": _msg_header(ctx, "input_reply", session), "parent_header": {}, "metadata": {}, "channel": "stdin",
                   "content": {"value": j(ctx, "content.value", ctx.pick((ctx.fake.password(length=12), v.file_path(ctx), "y", v.sentence(ctx), "SELECT 1;")))}}
        else:
            code = _cell(ctx, lang)
            mtype = ctx.pick(("complete_request", "inspect_request"))
            content: dict[str, Any] = {"code": j(ctx, "content.code", code), "cursor_pos": len(code)}
            if mtype == "inspect_request":
                content["detail_level"] = 0
            msg = {"header": _msg_header(ctx, mtype, session), "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}
        return req("POST", f"/kernelgw/api/kernels/{seg(ctx, 'kernel', kid)}/messages", site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, msg))
    r = ctx.rng.random()
    if r < 0.35:
        return req("POST", f"/kernelgw/api/kernels/{seg(ctx, 'kernel', kid)}/{ctx.pick(('interrupt', 'restart'))}",
                   headers_for(ctx, "xhr", content_type="application/json", cookies=True, extra=(("X-XSRFToken", v.alnum_token(ctx, 32)),)), body="{}")
    if r < 0.55:
        return req("DELETE", f"/kernelgw/api/kernels/{seg(ctx, 'kernel', kid)}", headers_for(ctx, ctx.pick(("xhr", "sdk")), extra=token))
    if r < 0.75:  # rename a notebook's session or switch its kernel
        body = {"path": j(ctx, "path", f"{ctx.pick(('notebooks', 'shared/' + ctx.en.word()))}/{ctx.pick((ctx.en.word(), ctx.fake.last_name() + ' (copy)'))}.ipynb"), "kernel": {"name": kernel_name}}
        return req("PATCH", f"/kernelgw/api/sessions/{seg(ctx, 'session', ctx.fake.uuid4())}", site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    pairs = [("name", ctx.pick(("", kernel_name))), ("user", _who(ctx))]
    return req("GET", f"/kernelgw/api/{ctx.pick(('kernels', 'kernelspecs', 'sessions'))}", headers_for(ctx, ctx.pick(("xhr", "sdk")), extra=token), qs(ctx, pairs))


# --------------------------------------------------------------------------
# 4. API reference "try it" console: proxied requests, saved examples with curl, specs, feedback
# --------------------------------------------------------------------------


def _example_json(ctx: Ctx) -> dict[str, Any]:
    first, last = v.person_name(ctx)
    return ctx.pick((
        {"name": f"{first} {last}", "email": ctx.fake.email(), "metadata": {"source": ctx.en.word(), "note": v.sentence(ctx)}},
        {"query": f"status:active AND email:*@{ctx.en.domain_name()}", "limit": 25, "expand": ["customer", "invoice.lines"]},
        {"url": f"https://{ctx.en.domain_name()}/hooks/{ctx.en.word()}", "events": ["order.created", "order.refunded"], "description": v.short_text(ctx)},
        {"amount": ctx.rng.randint(100, 99999), "currency": ctx.pick(("usd", "eur")), "description": f"Invoice #{rid(ctx)} -- {ctx.fake.company()}"},
        {"template": "Hi {{first_name}}, your code is {{code}}", "to": ctx.fake.phone_number(), "variables": {"first_name": first}},
    ))


def _curl(ctx: Ctx, method: str, url: str, payload: dict[str, Any] | None) -> str:
    parts = [f"curl {'-X ' + method + ' ' if method != 'GET' else ''}{ctx.pick((chr(39) + url + chr(39), chr(34) + url + chr(34)))}",
             f"  -H 'Authorization: Bearer {ctx.pick(('$API_KEY', '${TOKEN}', 'sk_test_' + v.alnum_token(ctx, 24)))}'"]
    if payload is not None:
        parts += ["  -H 'Content-Type: application/json'", "  -d '" + json.dumps(payload, ensure_ascii=False).replace("'", "'\\''") + "'"]
    tail = ctx.pick(("", "", " | jq '.data[] | {id, name}'", " -sS -w '%{http_code}\\n'", " -o response.json && cat response.json"))
    return " \\\n".join(parts) + tail


@template("train", ("/apiref/",), weight=1.2)
def api_docs_console(ctx: Ctx) -> Request:
    """API reference console: proxied "try it" calls (method, URL, headers and a raw JSON body), saved examples with curl, OpenAPI uploads, page feedback, preflights."""
    kind = ctx.pick(("tryit", "tryit", "example", "spec", "feedback", "preflight"))
    res = ctx.pick(("customers", "invoices", "webhooks", "messages", "charges", ctx.en.word() + "s"))
    method = ctx.pick(("GET", "POST", "POST", "PATCH", "DELETE"))
    url = f"https://api.{ctx.en.domain_name()}/v{ctx.rng.randint(1, 3)}/{res}" + ctx.pick(("", f"/{ctx.pick(('cus_', 'in_', 'wh_'))}{v.alnum_token(ctx, 14)}", f"?limit=10&starting_after={v.alnum_token(ctx, 10)}"))
    payload = _example_json(ctx) if method in ("POST", "PATCH") else None
    if kind == "tryit":
        body: dict[str, Any] = {"operationId": f"{method.lower()}{res.capitalize()}", "method": method, "url": j(ctx, "url", url),
                                "headers": [{"name": "Authorization", "value": j(ctx, "headers.Authorization", ctx.pick(("Bearer " + v.alnum_token(ctx, 32), "Basic " + v.b64url(ctx.rng.randbytes(18)))))},
                                            {"name": ctx.pick(("Idempotency-Key", "X-Request-Id")), "value": j(ctx, "headers.value", ctx.fake.uuid4())}],
                                "query": [{"name": "expand[]", "value": j(ctx, "query.expand", ctx.pick(("customer", "data.invoice", "lines")))}] if ctx.chance(0.4) else []}
        if payload is not None:
            body["body"] = j(ctx, "body", json.dumps(payload, indent=ctx.pick((None, 2)), ensure_ascii=False))
            body["headers"].append({"name": "Content-Type", "value": "application/json"})
        return req("POST", "/apiref/console/proxy", site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "example":
        if ctx.chance(0.2):
            return req("DELETE", f"/apiref/api/examples/{seg(ctx, 'example', v.alnum_token(ctx, 12))}", headers_for(ctx, "xhr", cookies=True))
        body = {"operationId": f"{method.lower()}{res.capitalize()}", "title": j(ctx, "title", ctx.pick((f"{method} {res} -- happy path", v.short_text(ctx), f"Create a {res[:-1]} with metadata"))),
                "description": j(ctx, "description", ctx.pick(("", v.markdown_post(ctx, code_rate=0.5), _note(ctx)))),
                "curl": j(ctx, "curl", _curl(ctx, method, url, payload)),
                "snippets": {"python": j(ctx, "snippets.python", f"import requests\n\nr = requests.{method.lower()}(\"{url}\", headers={{\"Authorization\": f\"Bearer {{API_KEY}}\"}}"
                                                                  + (f", json={json.dumps(payload, ensure_ascii=False)}" if payload else "") + ")\nprint(r.status_code, r.json())"),
                             "node": j(ctx, "snippets.node", f"const res = await fetch('{url}', {{ method: '{method}', headers: {{ Authorization: `Bearer ${{API_KEY}}` }} }});\nconsole.log(await res.json());")},
                "response": {"status": ctx.pick((200, 201, 400, 404, 422)), "body": j(ctx, "response.body", json.dumps({"error": {"type": "invalid_request_error", "message": f"No such {res[:-1]}: '{v.alnum_token(ctx, 8)}'"}}
                                                                                                                           if ctx.chance(0.4) else {"id": v.alnum_token(ctx, 14), "object": res[:-1]}))}}
        return req(ctx.pick(("POST", "PUT")), f"/apiref/api/examples{ctx.pick(('', '/' + v.alnum_token(ctx, 12)))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "spec":
        desc = ctx.slot("multipart", "spec.description", ctx.pick((v.prose(ctx, 1, 2), _note(ctx), "Use `Authorization: Bearer <token>`; rate limit is 100 req/min -- see <a href=\"/docs/limits\">limits</a>.")))
        spec = (f"openapi: 3.1.0\ninfo:\n  title: {ctx.fake.company()} API\n  version: {ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 30)}.0\n  description: {_yaml_block(desc, 4)}\n"
                f"paths:\n  /{res}:\n    {method.lower()}:\n      operationId: {method.lower()}{res.capitalize()}\n      x-codeSamples:\n        - lang: cURL\n          source: |\n"
                + "\n".join("            " + line for line in _curl(ctx, method, url, payload).splitlines()) + "\n      responses:\n        '200':\n          description: OK\n")
        fields = [("version", f"v{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 30)}"), ("changelog", ctx.pick(("", _note(ctx), f"- Added `{res}` filters\n- Deprecated `?expand=*`"))), ("publish", ctx.pick(("true", "false")))]
        ctype, body2 = multipart(ctx, fields, [("spec", ctx.pick(("openapi.yaml", "api.yml")), ctx.pick(("application/yaml", "text/yaml")), spec)])
        return req("POST", "/apiref/api/specs", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctype, auth="apikey"), body=body2)
    if kind == "feedback":
        pairs = [("page", f"/apiref/reference/{res}/{method.lower()}"), ("helpful", ctx.pick(("yes", "no"))),
                 ("comment", ctx.pick(("", v.prose(ctx, 1, 2), f"The curl example is missing -H 'Content-Type: application/json' && the 422 body differs.", _note(ctx)))),
                 ("email", ctx.pick(("", ctx.fake.email())))]
        site = v.site(ctx)
        return req("POST", "/apiref/feedback", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + f"/apiref/reference/{res}"),
                   body=form(ctx, pairs))
    if ctx.chance(0.5):
        return preflight(ctx, "/apiref/console/proxy", ("POST",), ("content-type", "content-type,x-csrf-token"))
    pairs2: list[tuple[str, Any]] = [("q", ctx.pick((v.search_terms(ctx), "idempotency", "expand[]", "webhook signature"))), ("lang", ctx.pick(("curl", "python", "node", "go")))]
    return req("GET", "/apiref/api/search", headers_for(ctx, "xhr"), qs(ctx, pairs2, fixed=("lang",)))


# --------------------------------------------------------------------------
# 5. Code snippet manager: gists in many languages, edits, web form, CLI upload, search
# --------------------------------------------------------------------------


def _snippet_file(ctx: Ctx, lang: str) -> str:
    base = ctx.pick((ctx.en.word(), _ident(ctx), "main", "script", "query"))
    return f"{base}.{_EXT[lang]}" if lang != "typescript" else f"{base.capitalize()}.tsx"


@template("train", ("/snipbox/",), weight=1.3)
def snippet_manager(ctx: Ctx) -> Request:
    """Snippet manager: gist-style JSON creates and edits (files keyed by name), a Rails web form, CLI multipart uploads, search and raw fetches."""
    kind = ctx.pick(("create", "create", "edit", "web", "cli", "browse"))
    lang = ctx.pick(_LANGS)
    if kind == "create":
        files = {}
        for i in range(ctx.rng.randint(1, 3)):
            lang_i = lang if i == 0 else ctx.pick(_LANGS)
            name = _snippet_file(ctx, lang_i)
            if name in files:  # a second file of the same name would drop the first one's slot
                name = f"{i}-{name}"
            files[name] = {"content": j(ctx, f"files[{i}].content", _code(ctx, lang_i))}
        body = {"description": j(ctx, "description", ctx.pick((v.short_text(ctx), _note(ctx), f"{lang} one-liner: {ctx.en.sentence(nb_words=5)}"))), "public": ctx.chance(0.6), "files": files}
        return req("POST", "/snipbox/api/gists", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="jwt",
                                                              accept="application/vnd.github+json"), body=dumps(ctx, body))
    if kind == "edit":
        old = _snippet_file(ctx, lang)
        files2: dict[str, Any] = {old: {"filename": j(ctx, "files.filename", _snippet_file(ctx, lang)), "content": j(ctx, "files.content", _code(ctx, lang))}}
        if ctx.chance(0.3):
            files2[f"{ctx.en.word()}.txt"] = None  # deletes the file
        body2 = {"description": j(ctx, "description", v.short_text(ctx)), "files": files2}
        return req("PATCH", f"/snipbox/api/gists/{seg(ctx, 'gist', v.hex_token(ctx, 32))}", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body2))
    if kind == "web":
        pairs: list[tuple[str, Any]] = [("authenticity_token", v.b64url(ctx.rng.randbytes(48))), ("snippet[title]", ctx.pick((v.short_text(ctx), f"{ctx.en.word()} helper")))]
        for _ in range(ctx.rng.randint(1, 2)):
            pairs += [("snippet[files][][name]", _snippet_file(ctx, lang)), ("snippet[files][][language]", lang), ("snippet[files][][content]", _code(ctx, lang))]
        pairs += [("snippet[visibility]", ctx.pick(("public", "secret", "internal"))), ("snippet[tag_list]", ", ".join(ctx.rng.sample([lang, "cli", "snippet", ctx.en.word(), "til"], 2))), ("commit", "Create snippet")]
        site = v.site(ctx)
        return req("POST", "/snipbox/snippets", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=site, referer=site + "/snipbox/snippets/new", cookies=True),
                   body=form(ctx, pairs, fixed=("authenticity_token", "snippet[files][][language]", "commit")))
    if kind == "cli":
        file_lang = ctx.pick(_LANGS)
        content = str(ctx.slot("multipart", "file.content", _code(ctx, file_lang)))
        fields = [("description", ctx.pick((v.short_text(ctx), f"from {v.file_path(ctx)}"))), ("visibility", ctx.pick(("public", "secret")))]
        ctype, body3 = multipart(ctx, fields, [("file", _snippet_file(ctx, file_lang), ctx.pick(("text/plain", "application/octet-stream", "text/x-" + file_lang)), content)])
        return req("POST", "/snipbox/api/uploads", headers_for(ctx, "sdk", content_type=ctype, auth="apikey"), body=body3)
    r = ctx.rng.random()
    if r < 0.5:
        pairs = [("q", ctx.pick((f"language:{lang} {ctx.en.word()}", "unwrap()", "Get-ChildItem", "xargs -0", "WITH RECURSIVE", "useEffect(", v.search_terms(ctx)))),
                 ("sort", ctx.pick(("updated", "stars", "created"))), ("page", ctx.rng.randint(1, 5))]
        return req("GET", "/snipbox/api/search", headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile")), auth="jwt"), qs(ctx, pairs, fixed=("page",)))
    if r < 0.8:
        return req("GET", f"/snipbox/{seg(ctx, 'user', ctx.en.user_name())}/{v.hex_token(ctx, 32)}/raw/{seg(ctx, 'filename', _snippet_file(ctx, lang))}",
                   headers_for(ctx, "sdk", accept="text/plain"))
    return req("DELETE", f"/snipbox/api/gists/{seg(ctx, 'gist', v.hex_token(ctx, 32))}{ctx.pick(('', '/star'))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 6. Browser IDE: file saves, formatter runs, diffs and commits, workspace search, tasks
# --------------------------------------------------------------------------


def _lint_config(ctx: Ctx) -> tuple[str, str]:
    """(file name, content) of a lint or formatter config."""
    r = ctx.rng.random()
    if r < 0.35:
        cfg = {"root": True, "extends": ["eslint:recommended", "plugin:react/recommended", "prettier"], "ignorePatterns": ["dist/**", "**/*.min.js", "coverage/"],
               "rules": {"no-console": ["warn", {"allow": ["warn", "error"]}], "eqeqeq": ["error", "smart"], "no-restricted-syntax": ["error", "WithStatement"],
                         "max-len": ["warn", {"code": ctx.pick((100, 120)), "ignorePattern": "^import .*"}]},
               "overrides": [{"files": ["*.test.ts", "src/**/__tests__/**"], "env": {"jest": True}}]}
        return ".eslintrc.json", json.dumps(cfg, indent=2)
    if r < 0.65:
        return "ruff.toml", (f"line-length = {ctx.pick((88, 100, 120))}\ntarget-version = \"py312\"\nextend-exclude = [\"migrations/*\", \"notebooks/**/*.ipynb\"]\n\n"
                             f"[lint]\nselect = [\"E\", \"F\", \"I\", \"B\", \"S\"]\nignore = [\"E501\", \"S101\"]  # {ctx.en.sentence(nb_words=4)}\n\n"
                             "[lint.per-file-ignores]\n\"tests/**/*.py\" = [\"S\"]\n")
    if r < 0.85:
        return ".prettierrc.yaml", f"printWidth: {ctx.pick((80, 100))}\nsingleQuote: {ctx.pick(('true', 'false'))}\ntrailingComma: all\noverrides:\n  - files: \"*.{{md,mdx}}\"\n    options:\n      proseWrap: always\n"
    return ".editorconfig", "root = true\n\n[*]\nindent_style = space\nindent_size = 2\nend_of_line = lf\n\n[*.{py,rs}]\nindent_size = 4\n\n[Makefile]\nindent_style = tab\n"


def _diff(ctx: Ctx, path: str, code: str) -> str:
    lines = code.splitlines() or [""]
    i = ctx.rng.randrange(len(lines))
    new = ctx.pick((lines[i] + "  # fixed", lines[i].replace("'", '"'), f"    // {v.sentence(ctx)}", lines[i].rstrip(";") + ";"))
    before, after = lines[max(0, i - 2):i], lines[i + 1:i + 3]
    hunk = [f"@@ -{i + 1 - len(before)},{len(before) + 1 + len(after)} +{i + 1 - len(before)},{len(before) + 1 + len(after)} @@"]
    hunk += [" " + line for line in before] + ["-" + lines[i], "+" + new] + [" " + line for line in after]
    return f"diff --git a/{path} b/{path}\nindex {v.hex_token(ctx, 8)}..{v.hex_token(ctx, 8)} 100644\n--- a/{path}\n+++ b/{path}\n" + "\n".join(hunk) + "\n"


def _src_path(ctx: Ctx, lang: str) -> str:
    top = ctx.pick(("src", "app", "lib", "scripts", "src/components", "internal", "tools"))
    return f"{top}/{_snippet_file(ctx, lang)}"


@template("train", ("/webide/",), weight=1.3)
def browser_ide(ctx: Ctx) -> Request:
    """Browser IDE: file saves (source, lint configs) and deletes, formatter runs, git diffs and commits, regex/glob workspace search, task runs."""
    kind = ctx.pick(("save", "save", "format", "git", "search", "task"))
    ws = seg(ctx, "workspace", f"{ctx.en.word()}-{ctx.en.word()}-{v.alnum_token(ctx, 5).lower()}")
    lang = ctx.pick(("python", "typescript", "javascript", "go", "rust", "bash", "sql"))
    if kind == "save":
        if ctx.chance(0.15):
            path = f"/webide/api/workspaces/{ws}/fs/{seg(ctx, 'file', _src_path(ctx, lang))}"
            return req("DELETE", path, headers_for(ctx, "xhr", auth="jwt"), qs(ctx, [("recursive", "false"), ("reason", ctx.pick(("", "moved to lib/", v.sentence(ctx))))], fixed=("recursive",)))
        name, content = _lint_config(ctx) if ctx.chance(0.3) else (_src_path(ctx, lang), _code(ctx, lang))
        path = f"/webide/api/workspaces/{ws}/fs/{seg(ctx, 'file', name)}"
        content = str(ctx.slot("multipart", "content", content))
        return req("PUT", path, site_headers(ctx, "xhr", ctx.pick(("text/plain; charset=utf-8", "application/octet-stream")), "jwt", extra=(("If-Match", f'W/"{v.hex_token(ctx, 12)}"'),)), body=content)
    if kind == "format":
        tool = {"python": "ruff", "typescript": "prettier", "javascript": "prettier", "go": "gofmt", "rust": "rustfmt", "bash": "shfmt", "sql": "sqlfluff"}[lang]
        body = {"formatter": tool, "language": lang, "filepath": j(ctx, "filepath", _src_path(ctx, lang)), "source": j(ctx, "source", _code(ctx, lang)),
                "options": {"printWidth": ctx.pick((80, 100, 120)), "tabWidth": ctx.pick((2, 4)), "singleQuote": ctx.chance(0.5)},
                "range": {"start": 0, "end": ctx.rng.randint(50, 900)} if ctx.chance(0.3) else None}
        return req("POST", f"/webide/api/workspaces/{ws}/format", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "git":
        path = _src_path(ctx, lang)
        patch = _diff(ctx, path, _code(ctx, lang))
        if ctx.chance(0.4):
            return req("POST", f"/webide/api/workspaces/{ws}/git/apply", site_headers(ctx, "xhr", "text/x-diff", "jwt"), qs(ctx, [("check", ctx.pick(("true", "false")))], fixed=("check",)),
                       body=str(ctx.slot("multipart", "patch", patch)))
        body2 = {"message": j(ctx, "message", ctx.pick((f"{ctx.pick(('fix', 'feat', 'chore', 'refactor'))}({ctx.en.word()}): {ctx.en.sentence(nb_words=5).rstrip('.').lower()}", v.short_text(ctx),
                                                        f"Revert \"{v.short_text(ctx)}\"\n\nThis reverts commit {v.hex_token(ctx, 40)}."))),
                 "files": [j(ctx, "files[0]", path)] + [_src_path(ctx, ctx.pick(_LANGS)) for _ in range(ctx.rng.randint(0, 2))],
                 "author": {"name": j(ctx, "author.name", v.full_name(ctx)), "email": j(ctx, "author.email", ctx.fake.email())}, "amend": ctx.chance(0.1),
                 "branch": j(ctx, "branch", ctx.pick(("main", f"feature/{ctx.en.slug()}", f"{ctx.en.user_name()}/wip")))}
        return req("POST", f"/webide/api/workspaces/{ws}/git/commit", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "search":
        regex = ctx.chance(0.5)
        query = ctx.pick((r"useState\(.*\)", r"^import .* from ['\"]\.\./", r"TODO|FIXME", r"SELECT .+ FROM \w+", r"\$\{[A-Z_]+\}", r"<(\w+)[^>]*/>")) if regex else ctx.pick((
            "DROP TABLE", "fetch(", ctx.en.word(), "os.environ[", "<Route path=", "&& rm -rf build", "{{ ref("))
        pairs: list[tuple[str, Any]] = [("query", query), ("isRegex", str(regex).lower()), ("matchCase", ctx.pick(("true", "false"))),
                                        ("include", ctx.pick(("src/**/*.{ts,tsx}", "**/*.py", "", "app/**, lib/**", "*.sql"))),
                                        ("exclude", ctx.pick(("**/node_modules/**", "**/{dist,build}/**", ".venv/**", ""))), ("maxResults", ctx.pick((200, 2000)))]
        return req("GET", f"/webide/api/workspaces/{ws}/search", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs, fixed=("isRegex", "matchCase", "maxResults")))
    body3 = {"task": ctx.pick(("npm: build", "npm: test", "make lint", "shell", "cargo: clippy")), "command": j(ctx, "command", ctx.pick((synth_tech.shell_line(ctx), _bash_code(ctx).splitlines()[-1]))),
             "cwd": j(ctx, "cwd", ctx.pick(("/workspace", f"/workspace/{ctx.en.word()}", "${workspaceFolder}/packages/" + ctx.en.word()))),
             "env": {"NODE_OPTIONS": "--max-old-space-size=4096", ctx.pick(("DEBUG", "RUST_LOG", "LOG_LEVEL")): j(ctx, "env.value", ctx.pick(("*", "info", "app:*,-app:db")))}}
    return req("POST", f"/webide/api/workspaces/{ws}/tasks/run", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body3))


# --------------------------------------------------------------------------
# 7. Data-labelling tool: annotations (spans, boxes, text), label configs, task filters, imports, exports
# --------------------------------------------------------------------------

_NER = ("PER", "ORG", "LOC", "DATE", "PRODUCT", "MONEY", "CODE", "EMAIL")
_BOX = ("car", "pedestrian", "traffic light", "bicycle", "dog", "damage", "logo", "text-block")


def _label_text(ctx: Ctx) -> str:
    """A text to label: a review, support ticket, commit message, code-mixed chat."""
    return ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.4), f"{v.full_name(ctx)} from {ctx.fake.company()} wrote on {v.iso_date(ctx)}: {v.sentence(ctx)}",
                     synth_tech.with_aside(ctx, v.prose(ctx, 1, 1)), f"Customer says `{_predicate(ctx)}` returns nothing; {v.sentence(ctx)}",
                     v.markdown_post(ctx, code_rate=0.4)))


def _label_config(ctx: Ctx, slot: str | None) -> str:
    """A labelling-interface config in XML; label values are slots when `slot` names them (kind xml)."""
    def val(name: str, value: str) -> str:
        return enc_xml(str(ctx.slot("xml", f"{slot}.{name}", value))) if slot else enc_xml(value)

    hint = val("hint", ctx.pick(("Mark every person & org -- not pronouns", "Box only fully visible objects (> 50%)", v.sentence(ctx))))
    if ctx.chance(0.5):
        labels = ctx.rng.sample(_NER, ctx.rng.randint(2, 5))
        body = "\n".join(f'    <Label value="{val(f"label[{i}]", lab) if i == 0 else lab}" background="#{v.hex_token(ctx, 6)}"/>' for i, lab in enumerate(labels))
        return (f'<View>\n  <Header value="{hint}"/>\n  <Text name="text" value="$text" granularity="word"/>\n  <Labels name="label" toName="text">\n{body}\n  </Labels>\n'
                f'  <TextArea name="notes" toName="text" placeholder="Anything odd? e.g. code, SQL, sarcasm" rows="3"/>\n</View>')
    boxes = "\n".join(f'    <Label value="{b}"/>' for b in ctx.rng.sample(_BOX, 3))
    return (f'<View>\n  <Image name="image" value="$image" zoom="true"/>\n  <Header value="{hint}"/>\n  <RectangleLabels name="box" toName="image" strokeWidth="2">\n{boxes}\n  </RectangleLabels>\n'
            f'  <Choices name="quality" toName="image" choice="single">\n    <Choice value="ok"/>\n    <Choice value="blurry"/>\n  </Choices>\n</View>')


def _annotation_results(ctx: Ctx) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    text = _label_text(ctx)
    words = text.split(" ")
    for i in range(ctx.rng.randint(1, 3)):  # spans cover whole words, as the labelling UI snaps them
        first = ctx.rng.randrange(len(words))
        last = min(len(words), first + ctx.rng.randint(1, 4))
        start = len(" ".join(words[:first])) + (1 if first else 0)
        end = start + len(" ".join(words[first:last]))
        out.append({"id": v.alnum_token(ctx, 10), "from_name": "label", "to_name": "text", "type": "labels", "origin": ctx.pick(("manual", "prediction")),
                    "value": {"start": start, "end": end, "text": j(ctx, f"result[{i}].value.text", text[start:end]), "labels": [ctx.pick(_NER)]}})
    if ctx.chance(0.5):
        w, h = ctx.pick(((1920, 1080), (1280, 720), (4032, 3024)))
        for i in range(ctx.rng.randint(1, 3)):
            x, y = round(ctx.rng.uniform(0, 90), 4), round(ctx.rng.uniform(0, 90), 4)
            out.append({"id": v.alnum_token(ctx, 10), "from_name": "box", "to_name": "image", "type": "rectanglelabels", "original_width": w, "original_height": h,
                        "image_rotation": 0, "value": {"x": x, "y": y, "width": round(ctx.rng.uniform(1, 100 - x), 4), "height": round(ctx.rng.uniform(1, 100 - y), 4),
                                                       "rotation": ctx.pick((0, 0, 90)), "rectanglelabels": [j(ctx, f"box[{i}].label", ctx.pick(_BOX))]}})
    if ctx.chance(0.6):
        out.append({"id": v.alnum_token(ctx, 10), "from_name": "notes", "to_name": "text", "type": "textarea",
                    "value": {"text": [j(ctx, "notes.text", ctx.pick((_note(ctx), "Contains a SQL snippet -- label as CODE?", v.sentence(ctx))))]}})
    return out


@template("train", ("/labelhub/",), weight=1.3)
def labeling_tool(ctx: Ctx) -> Request:
    """Data labelling: annotations with spans, boxes and free text, label configs (XML in JSON or raw), task lists with JSON filters, task imports (JSON arrays, CSV), exports and deletes."""
    kind = ctx.pick(("annotate", "annotate", "config", "tasks", "import", "export"))
    project = str(ctx.rng.randint(1, 900))
    if kind == "annotate":
        body: dict[str, Any] = {"result": _annotation_results(ctx), "was_cancelled": False, "ground_truth": ctx.chance(0.1), "lead_time": round(ctx.rng.uniform(2, 600), 3),
                                "task": int(rid(ctx)), "project": int(project), "draft_id": ctx.pick((0, rid(ctx)))}
        if ctx.chance(0.3):
            return req("PATCH", f"/labelhub/api/annotations/{seg(ctx, 'annotation', str(rid(ctx)))}", site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
        return req("POST", f"/labelhub/api/tasks/{seg(ctx, 'task', str(rid(ctx)))}/annotations", site_headers(ctx, "xhr", "application/json", None, cookies=True), qs(ctx, [("project", project)]), dumps(ctx, body))
    if kind == "config":
        if ctx.chance(0.4):
            xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + _label_config(ctx, "config")
            return req("PUT", f"/labelhub/api/projects/{seg(ctx, 'project', project)}/label-config", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")), auth="apikey"), body=xml)
        body2 = {"title": j(ctx, "title", ctx.pick((v.short_text(ctx), f"NER -- {ctx.fake.company()} tickets", "Street scenes v3 (boxes)"))),
                 "label_config": j(ctx, "label_config", _label_config(ctx, None)),
                 "expert_instruction": j(ctx, "expert_instruction", ctx.pick((v.rich_html(ctx), "<p>Label <b>product names</b> only; skip code like <code>SELECT * FROM t</code>.</p>", _note(ctx)))),
                 "maximum_annotations": ctx.pick((1, 2, 3)), "show_skip_button": ctx.chance(0.5)}
        return req("PATCH", f"/labelhub/api/projects/{seg(ctx, 'project', project)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "tasks":
        items = [{"filter": "filter:tasks:data.text", "operator": ctx.pick(("contains", "not_contains", "regex")),
                  "value": ctx.slot("json_query", "filters.items[0].value", ctx.pick((ctx.en.word(), "SELECT", r"\b(DROP|DELETE)\b", "O'Brien", v.search_terms(ctx)))), "type": "String"}]
        if ctx.chance(0.5):
            items.append({"filter": "filter:tasks:completed_at", "operator": "greater", "value": v.iso_datetime(ctx), "type": "Datetime"})
        q = qs(ctx, [("project", project), ("page", ctx.rng.randint(1, 40)), ("page_size", ctx.pick((30, 100)))], fixed=("page_size",))
        q += "&" + json_param(ctx, "filters", {"conjunction": ctx.pick(("and", "or")), "items": items})
        if ctx.chance(0.5):
            q += "&" + qs(ctx, [("ordering", ctx.pick(("-tasks:completed_at", "tasks:id", "-tasks:total_annotations")))])
        return req("GET", "/labelhub/api/tasks", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), q)
    if kind == "import":
        if ctx.chance(0.5):
            tasks = [{"data": {"text": j(ctx, f"[{i}].data.text", _label_text(ctx)), "meta": {"source": j(ctx, f"[{i}].data.meta.source", ctx.pick((ctx.en.url(), v.file_path(ctx), "zendesk")))}},
                      **({"predictions": [{"model_version": f"ner-{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 9)}", "score": round(ctx.rng.random(), 3), "result": []}]} if ctx.chance(0.3) else {})}
                     for i in range(ctx.rng.randint(1, 4))]
            return req("POST", f"/labelhub/api/projects/{seg(ctx, 'project', project)}/import", headers_for(ctx, "sdk", content_type="application/json", auth="apikey"), body=dumps(ctx, tasks))
        rows: list[list[Any]] = [["image", "text", "source"]]
        for i in range(ctx.rng.randint(2, 5)):
            text = _label_text(ctx)
            if i == 0:
                text = ctx.slot("multipart", "csv.text", text)
            rows.append([f"s3://{ctx.en.word()}-labels/{ctx.pick(('raw', 'batch-' + str(ctx.rng.randint(1, 99))))}/IMG_{ctx.rng.randint(1000, 9999)}.jpg", text, ctx.pick(("web", "app", "email"))])
        ctype, body3 = multipart(ctx, [("commit_to_project", ctx.pick(("true", "false")))], [("file", ctx.pick(("tasks.csv", "batch (2).csv")), "text/csv", _csv(rows))])
        return req("POST", f"/labelhub/api/projects/{seg(ctx, 'project', project)}/import", site_headers(ctx, "xhr", ctype, None, cookies=True), body=body3)
    if ctx.chance(0.6):
        pairs: list[tuple[str, Any]] = [("exportType", ctx.pick(("JSON", "JSON_MIN", "CSV", "COCO", "YOLO", "CONLL2003"))), ("download_all_tasks", ctx.pick(("true", "false"))),
                                        ("annotator", ctx.pick(("", _who(ctx))))]
        return req("GET", f"/labelhub/api/projects/{seg(ctx, 'project', project)}/export", headers_for(ctx, ctx.pick(("sdk", "nav")), auth="apikey"), qs(ctx, pairs, fixed=("download_all_tasks",)))
    return req("DELETE", f"/labelhub/api/{ctx.pick(('annotations', 'tasks', 'predictions'))}/{seg(ctx, 'id', str(rid(ctx)))}", headers_for(ctx, "xhr", cookies=True))


# --------------------------------------------------------------------------
# 8. GIS feature editor: GeoJSON features, WKT edits, ArcGIS-style queries and edits, WFS-T, CQL
# --------------------------------------------------------------------------

_LAYERS = ("parcels", "street_trees", "hydrants", "bike_lanes", "zoning", "building_footprints", "parks", "survey_points")


def _ring(ctx: Ctx, lon: float, lat: float) -> list[list[float]]:
    pts = [[round(lon + ctx.rng.uniform(-0.01, 0.01), 6), round(lat + ctx.rng.uniform(-0.01, 0.01), 6)] for _ in range(ctx.rng.randint(3, 6))]
    return pts + [pts[0]]


def _geometry(ctx: Ctx) -> dict[str, Any]:
    lon, lat = round(ctx.rng.uniform(-122.6, 30.5), 5), round(ctx.rng.uniform(-38, 59), 5)
    kind = ctx.pick(("Point", "LineString", "Polygon", "MultiPolygon"))
    if kind == "Point":
        return {"type": "Point", "coordinates": [lon, lat]}
    if kind == "LineString":
        return {"type": "LineString", "coordinates": _ring(ctx, lon, lat)[:-1]}
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(ctx, lon, lat)]}
    return {"type": "MultiPolygon", "coordinates": [[_ring(ctx, lon, lat)], [_ring(ctx, lon + 0.02, lat)]]}


def _wkt(geom: dict[str, Any]) -> str:
    """WKT for a GeoJSON geometry (what editors show and paste)."""
    def pts(ring: list[list[float]]) -> str:
        return ", ".join(f"{x} {y}" for x, y in ring)

    c, t = geom["coordinates"], geom["type"]
    if t == "Point":
        return f"POINT ({c[0]} {c[1]})"
    if t == "LineString":
        return f"LINESTRING ({pts(c)})"
    if t == "Polygon":
        return "POLYGON (" + ", ".join(f"({pts(r)})" for r in c) + ")"
    return "MULTIPOLYGON (" + ", ".join("(" + ", ".join(f"({pts(r)})" for r in p) + ")" for p in c) + ")"


def _place_name(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.fake.street_name()} {ctx.pick(('Park', 'Reservoir', 'Depot', 'Greenway'))}", f"O'{ctx.en.last_name()} Playground", f"St. {ctx.fake.first_name()}'s Churchyard",
                     f"Lot {ctx.rng.randint(1, 400)}/{ctx.rng.randint(1, 30)} -- {ctx.fake.street_name()}", f"{ctx.fake.city()} & {ctx.fake.city()} Rd (B{ctx.rng.randint(1000, 9999)})"))


def _gis_note(ctx: Ctx) -> str:
    return ctx.pick((v.prose(ctx, 1, 2), _note(ctx), f"Digitised from the {ctx.rng.randint(1998, 2024)} survey; accuracy < {ctx.rng.randint(1, 10)}m -- re-check on site.",
                     f"Split from parcel {ctx.rng.randint(100, 9999)}/{ctx.rng.randint(1, 99)}; old geometry was {ctx.pick(('invalid (self-intersecting)', 'a MULTIPOLYGON', 'off by ~3m'))}."))


def _props(ctx: Ctx, prefix: str) -> dict[str, Any]:
    return {"name": j(ctx, f"{prefix}.name", _place_name(ctx)), "status": ctx.pick(("active", "proposed", "removed", "under review")),
            "notes": j(ctx, f"{prefix}.notes", _gis_note(ctx)), "surveyor": j(ctx, f"{prefix}.surveyor", v.full_name(ctx)), "updated": v.iso_datetime(ctx),
            "species" if ctx.chance(0.5) else "zoning_code": ctx.pick(("Quercus robur", "Acer platanoides 'Crimson King'", "R-2", "C-1/MU", "B-3 (overlay)"))}


_WHERE = ("STATUS = 'active' AND NAME LIKE '{name}%'", "OWNER_NAME = '{quoted}'", "CREATED_DATE >= DATE '{date}'", "1=1",
          "ZONING IN ('R-1', 'R-2') AND AREA_SQM > {n}", "UPPER(STREET) LIKE '%{street}%' AND NOT (CONDITION = 'poor')")


@template("train", ("/geoedit/",), weight=1.3)
def gis_feature_editor(ctx: Ctx) -> Request:
    """GIS editor: GeoJSON feature saves, WKT geometry edits, ArcGIS-style SQL `where` queries and applyEdits forms, WFS-T XML transactions, CQL filters."""
    kind = ctx.pick(("geojson", "geojson", "wkt", "arcgis", "wfst", "cql"))
    layer = ctx.pick(_LAYERS)
    if kind == "geojson":
        feats = [{"type": "Feature", "id": ctx.pick((None, rid(ctx))), "geometry": _geometry(ctx), "properties": _props(ctx, f"features[{i}].properties")} for i in range(ctx.rng.randint(1, 3))]
        if len(feats) == 1 and ctx.chance(0.5):
            return req("PUT", f"/geoedit/api/layers/{seg(ctx, 'layer', layer)}/features/{rid(ctx)}", site_headers(ctx, "xhr", "application/geo+json", "jwt"), body=dumps(ctx, feats[0]))
        fc = {"type": "FeatureCollection", "features": feats, "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}}
        return req("POST", f"/geoedit/api/layers/{seg(ctx, 'layer', layer)}/features", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/geo+json", "jwt"), body=dumps(ctx, fc))
    if kind == "wkt":
        geom = _geometry(ctx)
        if ctx.chance(0.4):
            return req("DELETE", f"/geoedit/api/layers/{seg(ctx, 'layer', layer)}/features/{seg(ctx, 'feature', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"),
                       qs(ctx, [("reason", ctx.pick(("duplicate", "tree felled -- storm damage", v.sentence(ctx))))]))
        body = {"geometry_wkt": j(ctx, "geometry_wkt", ("SRID=4326;" if ctx.chance(0.3) else "") + _wkt(geom)), "attributes": {"notes": j(ctx, "attributes.notes", _gis_note(ctx)),
                "name": j(ctx, "attributes.name", _place_name(ctx))}, "snap_tolerance_m": ctx.pick((0, 0.5, 1)), "validate": True}
        return req("PATCH", f"/geoedit/api/layers/{seg(ctx, 'layer', layer)}/features/{rid(ctx)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "arcgis":
        base = f"/geoedit/arcgis/rest/services/{seg(ctx, 'service', ctx.pick(('Public_Works', 'Parks', 'Planning', ctx.en.word().capitalize())))}/FeatureServer/{ctx.rng.randint(0, 5)}"
        if ctx.chance(0.5):
            where = ctx.pick(_WHERE).format(name=ctx.fake.street_name(), quoted=f"O''{ctx.en.last_name()}", date=v.iso_date(ctx), n=ctx.rng.randint(50, 5000),
                                            street=ctx.en.word().upper())
            pairs: list[tuple[str, Any]] = [("where", where), ("outFields", ctx.pick(("*", "OBJECTID,NAME,STATUS", "OBJECTID"))), ("returnGeometry", ctx.pick(("true", "false"))),
                                            ("geometry", ctx.pick(("", f"{ctx.rng.uniform(-122, 20):.4f},{ctx.rng.uniform(-30, 55):.4f},{ctx.rng.uniform(-121, 21):.4f},{ctx.rng.uniform(-29, 56):.4f}"))),
                                            ("geometryType", "esriGeometryEnvelope"), ("inSR", "4326"), ("f", ctx.pick(("json", "geojson", "pjson")))]
            return req("GET", base + "/query", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick((None, "jwt"))), qs(ctx, pairs, fixed=("geometryType", "inSR", "f")))
        geom = _geometry(ctx)
        attrs = {"OBJECTID": rid(ctx), "NAME": _place_name(ctx), "NOTES": _gis_note(ctx), "EDITOR": _who(ctx)}
        edits = json.dumps([{"attributes": attrs, "geometry": {"rings" if geom["type"] == "Polygon" else "paths": [geom["coordinates"]]} if geom["type"] != "Point"
                             else {"x": geom["coordinates"][0], "y": geom["coordinates"][1]}}], ensure_ascii=False, separators=(",", ":"))
        pairs = [("f", "json"), (ctx.pick(("adds", "updates")), edits), ("rollbackOnFailure", "true"), ("gdbVersion", ctx.pick(("", f"{ctx.en.user_name().upper()}.edits")))]
        return req("POST", base + "/applyEdits", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/x-www-form-urlencoded", auth="jwt"),
                   body=form(ctx, pairs, fixed=("f", "rollbackOnFailure")))
    if kind == "wfst":
        geom = _geometry(ctx)
        ring = geom["coordinates"] if geom["type"] == "LineString" else [geom["coordinates"]] if geom["type"] == "Point" else geom["coordinates"][0] if geom["type"] == "Polygon" else geom["coordinates"][0][0]
        pos = " ".join(f"{y} {x}" for x, y in ring)
        name = enc_xml(str(ctx.slot("xml", "name", _place_name(ctx))))
        notes = enc_xml(str(ctx.slot("xml", "notes", _gis_note(ctx))))
        if ctx.chance(0.5):
            op = (f"  <wfs:Insert>\n    <ns:{layer}>\n      <ns:name>{name}</ns:name>\n      <ns:notes>{notes}</ns:notes>\n      <ns:geom>\n"
                  f"        <gml:LineString srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:posList>{pos}</gml:posList></gml:LineString>\n      </ns:geom>\n    </ns:{layer}>\n  </wfs:Insert>")
        else:
            op = (f"  <wfs:Update typeName=\"ns:{layer}\">\n    <wfs:Property><wfs:ValueReference>name</wfs:ValueReference><wfs:Value>{name}</wfs:Value></wfs:Property>\n"
                  f"    <wfs:Property><wfs:ValueReference>notes</wfs:ValueReference><wfs:Value>{notes}</wfs:Value></wfs:Property>\n"
                  f"    <fes:Filter><fes:ResourceId rid=\"{layer}.{rid(ctx)}\"/></fes:Filter>\n  </wfs:Update>")
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<wfs:Transaction service="WFS" version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0" '
               'xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:ns="https://geo.example.org/ns">\n' + op + "\n</wfs:Transaction>\n")
        return req("POST", "/geoedit/geoserver/wfs", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctx.pick(("application/xml", "text/xml")), auth="basic"), body=xml)
    geom = _geometry(ctx)
    cql = ctx.pick((f"name ILIKE '%{ctx.en.word()}%'", f"status = 'active' AND INTERSECTS(geom, {_wkt(geom)})", f"owner = 'O''{ctx.en.last_name()}'",
                    f"DWITHIN(geom, POINT({geom['coordinates'][0] if geom['type'] == 'Point' else 0} 51.5), {ctx.rng.randint(10, 500)}, meters)", f"updated AFTER {v.iso_datetime(ctx)}"))
    pairs = [("service", "WFS"), ("version", "2.0.0"), ("request", "GetFeature"), ("typeNames", f"ns:{layer}"), ("cql_filter", cql),
             ("outputFormat", ctx.pick(("application/json", "GML3", "csv"))), ("count", ctx.pick((100, 1000))), ("srsName", "EPSG:4326")]
    return req(ctx.pick(("GET", "GET", "HEAD")), "/geoedit/geoserver/ows", headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile")), auth=ctx.pick((None, "basic"))),
               qs(ctx, pairs, fixed=("service", "version", "request", "outputFormat", "count", "srsName")))


DATAWORKS: tuple[str, ...] = (
    "warehouse_workbench", "elt_model_editor", "kernel_gateway", "api_docs_console", "snippet_manager", "browser_ide", "labeling_tool", "gis_feature_editor",
)
