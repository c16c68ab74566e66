"""The normaliser: each decoding step, structure extraction, placeholders, bounds."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from waf_proxy.engine import normalize as n
from waf_proxy.inspect import RequestView


def test_percent_decoding_is_repeated_but_bounded() -> None:
    assert n.percent_decode("%2527") == "'"  # double encoding
    assert n.percent_decode("%252527") == "'"  # triple
    assert n.percent_decode("%25252527") == "%27"  # a fourth layer stays: bounded
    assert n.percent_decode("a+b", plus_as_space=True) == "a b"
    assert n.percent_decode("a+b") == "a+b"


def test_percent_decoding_utf8_and_latin1() -> None:
    assert n.percent_decode("caf%C3%A9") == "café"
    assert n.percent_decode("Jam%F3n") == "Jamón"  # CSIC sends Latin-1


def test_percent_u_and_backslash_escapes() -> None:
    assert n.percent_decode("%u0027or") == "'or"
    assert n.unescape_backslashes("\\u003cscript\\x3e") == "<script>"


def test_html_entities() -> None:
    assert n.unescape_html("&lt;script&gt;") == "<script>"
    assert n.unescape_html("&amp;lt;b&amp;gt;") == "<b>"  # double-encoded
    assert n.unescape_html("&#x27;&#39;") == "''"


def test_sql_comments_become_separators() -> None:
    assert n.normalize_value("union/**/select") == "union select"
    assert n.normalize_value("/*!50000union*/ select") == "union select"
    assert n.normalize_value("union%23x%0aselect") == "union select"
    assert n.normalize_value("1' or 1=1-- ") == "<num>' or <num>=<num>--"


def test_case_nfkc_controls_whitespace() -> None:
    assert n.normalize_value("SeLeCt") == "select"
    assert n.normalize_value("\uff53\uff45\uff4c") == "sel"  # full-width letters
    assert n.normalize_value("a\x00b\t\t  c") == "a b c"
    assert n.normalize_value("a%0d%0aSet-Cookie: x") == "a <nl> set-cookie: x"


def test_paths_collapse_dot_and_double_slash_but_keep_traversal() -> None:
    assert n.normalize_path("/a//b/./c") == "/a/b/c"
    assert n.normalize_path("/a/%2e%2e/%2e%2e/etc/passwd") == "/a/../../etc/passwd"


def test_volatile_values_become_placeholders() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    assert n.normalize_value(jwt) == "<jwt>"
    assert n.normalize_value("123e4567-e89b-12d3-a456-426614174000") == "<uuid>"
    assert n.normalize_value("jane.doe@example.com") == "<email>"
    assert n.normalize_value("2024-05-01T10:00:00Z") == "<date>"
    assert n.normalize_value("10.0.0.1") == "<ip>"
    assert n.normalize_value("deadbeef0123") == "<hex>"
    assert n.normalize_value("aGVsbG8gd29ybGQgdGhpcyBpcyBCYXNlNjQ=") == "<blob>"
    assert n.normalize_value("price 12.50") == "price <num>"
    # a path is not a blob: no mixed case, or starts with "/"
    assert n.normalize_value("/tienda1/publico/anadir.jsp") == "/tienda<num>/publico/anadir.jsp"
    assert n.normalize_value("/api/v2/bookings/BK12abCDefGHijKLmnOP").startswith("/api/v<num>/bookings/")


def test_query_form_json_become_key_value_fields() -> None:
    view = RequestView(
        "POST", "/api/users", "page=2&q=o%27brien",
        (("content-type", "application/json"),),
        b'{"user": {"name": "O\'Neil", "tags": ["a", "b"]}, "age": 42}',
    )
    out = n.normalize_view(view)
    assert out.startswith("POST /api/users ? page=<num> q=o'brien |")
    assert "user.name=o'neil" in out and "user.tags[]=a" in out and "age=<num>" in out
    assert out.endswith("ct: application/json")


def test_form_multipart_xml() -> None:
    form = RequestView("POST", "/login", "", (("content-type", "application/x-www-form-urlencoded"),), b"user=bob+smith&pw=x%27")
    assert "user=bob smith pw=x'" in n.normalize_view(form)
    body = b'--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nHello\r\n--XyZ\r\nContent-Disposition: form-data; name="f"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG...\r\n--XyZ--\r\n'
    multi = RequestView("POST", "/up", "", (("content-type", "multipart/form-data; boundary=XyZ"),), body)
    out = n.normalize_view(multi)
    assert "title=hello" in out and "f.filename=a.png" in out and "f=<file>" in out
    xml = RequestView("POST", "/x", "", (("content-type", "application/xml"),),
                      b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a><b>&x;</b></a>')
    out = n.normalize_view(xml)
    assert "entity x system" in out and "file:///etc/passwd" in out


def test_only_inspected_headers_are_read() -> None:
    view = RequestView("GET", "/", "", (("user-agent", "curl/8.0"), ("x-secret", "s3cr3t"), ("cookie", "sid=abc; theme=dark")))
    out = n.normalize_view(view)
    assert "ua: curl/<num>" in out and "cookie: sid=abc; theme=dark" in out and "s3cr3t" not in out
    assert "x-secret: s<num>cr<num>t" in n.normalize_view(view, headers=("x-secret",))


def test_deep_invalid_and_huge_inputs_are_bounded() -> None:
    deep = b'{"a":' * 5000 + b"1" + b"}" * 5000
    views = [
        RequestView("POST", "/", "", (("content-type", "application/json"),), deep),
        RequestView("POST", "/", "", (("content-type", "application/json"),), b"\xff\xfe{bad"),
        RequestView("GET", "/" + "a" * 200_000, "x=" + "%25" * 50_000),
    ]
    for view in views:
        start = time.perf_counter()
        out = n.normalize_view(view)
        assert len(out) <= n.MAX_OUTPUT_CHARS
        assert time.perf_counter() - start < 1.0


def test_encodings_of_one_payload_normalise_alike() -> None:
    plain = n.normalize_value("<script>alert(1)</script>")
    for variant in ("%3Cscript%3Ealert(1)%3C/script%3E", "%253Cscript%253Ealert(1)%253C%252Fscript%253E",
                    "&lt;script&gt;alert(1)&lt;/script&gt;", "\\u003cScRiPt\\u003ealert(1)\\u003c/script\\u003e",
                    "%u003cscript%u003ealert(1)%u003c/script%u003e"):
        assert n.normalize_value(variant) == plain


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.binary(max_size=300), st.text(max_size=200))
def test_any_bytes_in_gives_a_bounded_string_quickly(body: bytes, query: bytes, path: str) -> None:
    view = RequestView("POST", "/" + path, query.decode("latin-1"), (("content-type", "application/json"),), body)
    start = time.perf_counter()
    out = n.normalize_view(view)
    assert time.perf_counter() - start < 0.5
    assert len(out) <= n.MAX_OUTPUT_CHARS
    out.encode("utf-8")
    assert n.normalize_view(view) == out


def test_padding_cannot_push_a_field_out_of_the_normalised_text() -> None:
    """Benign fields or bulk before an attack: the attack still reaches the model (up to 64 KiB)."""
    pad = "&".join(f"f{i}=value{i}" for i in range(120))
    assert "q=<script>" in n.normalize_view(RequestView("GET", "/s", pad + "&q=%3Cscript%3E"))
    body = ("note=" + "lorem+ipsum+" * 4000 + "&q=%3Cscript%3E").encode()  # ~48 KB of form body
    view = RequestView("POST", "/c", "", (("content-type", "application/x-www-form-urlencoded"),), body)
    assert "q=<script>" in n.normalize_view(view)


# mask_volatile skips patterns whose required character is absent (speed). The shipped
# model was trained on this normaliser's output, so that shortcut must change nothing:
# compare with the plain loop over every pattern.
def _mask_volatile_reference(text: str) -> str:
    if not text:
        return text
    for pattern, repl in n._VOLATILE:
        text = pattern.sub(repl, text)
    return n._WS_RE.sub(" ", text).strip()


_MASK_CASES = [
    "", "abc", "id=42", "x" * 30, "eyJhbGciOi.eyJzdWIiOi.abc-_", "deadbeef-dead-beef-dead-beefdeadbeef",
    "a@b.co", "mail user@example.org now", "2024-01-02T10:20:30Z", "1/2/2024", "10.0.0.1", "٣٤٥",
    "abc٣def", "AbCdEfGhIjKlMnOpQrStUv1", "deadbeef00", "cafebabe", "1,234.56", "a-b-c", "@@@", "eyJ",
    "v1.2.3 and 4", "<num> <hex>", "   spaced   out  ",
]


@given(st.text(alphabet="aZ09-@._/+=eyJ ٣x\t", max_size=60))
@settings(max_examples=400, deadline=None)
def test_mask_volatile_matches_the_plain_pattern_loop(text: str) -> None:
    assert n.mask_volatile(text) == _mask_volatile_reference(text)


def test_mask_volatile_matches_on_hand_cases() -> None:
    for text in _MASK_CASES:
        assert n.mask_volatile(text) == _mask_volatile_reference(text), text


def test_normalize_view_unchanged_on_corpus_requests(monkeypatch) -> None:
    """A few thousand real requests (shared corpora, when present) normalise byte-identically."""
    import itertools
    import json
    from pathlib import Path

    import pytest

    root = Path("/work/shared/datasets")
    files = ["csic2010/test_benign.jsonl", "csic2010/test_attack.jsonl", "httpparams/test.jsonl",
             "fwaf/attack.jsonl", "payloadsallthethings/attack.jsonl"]  # fmt: skip
    views = []
    for name in files:
        if (root / name).exists():
            with (root / name).open(encoding="utf-8") as fh:
                views += [RequestView.from_record(json.loads(line)) for line in itertools.islice(fh, 800)]
    if len(views) < 1000:
        pytest.skip("shared corpora not available")
    n._MEMO.clear(), n._MEMO_PLUS.clear()
    cold = [n.normalize_view(v) for v in views]
    warm = [n.normalize_view(v) for v in views]  # values now come from the memo
    monkeypatch.setattr(n, "mask_volatile", _mask_volatile_reference)
    monkeypatch.setattr(n, "MEMO_MAX_CHARS", -1)  # no memo
    reference = [n.normalize_view(v) for v in views]
    assert cold == reference and warm == reference


def test_value_memo_is_bounded_and_keeps_plus_apart(monkeypatch) -> None:
    monkeypatch.setattr(n, "MEMO_LIMIT", 4)
    n._MEMO.clear(), n._MEMO_PLUS.clear()
    assert n.normalize_value("a+b") == "a+b" and n.normalize_value("a+b", True) == "a b"
    assert n.normalize_value("a+b") == "a+b"  # the plus_as_space result is not served for the other
    for i in range(10):
        n.normalize_value(f"v{i}x")
    assert len(n._MEMO) <= 4
    assert n.normalize_value("x" * (n.MEMO_MAX_CHARS + 1)) == "x" * (n.MEMO_MAX_CHARS + 1)  # not memoised
    assert len(n._MEMO) <= 4


def test_standard_xml_prolog_is_dropped_but_other_declarations_kept() -> None:
    def pairs(body: str) -> list[tuple[str, str]]:
        return list(n.xml_pairs(body))

    assert pairs('<?xml version="1.0" encoding="UTF-8"?>\n<a>1</a>') == [("a", "1")]
    assert pairs("<?xml version='1.0' standalone='yes' ?><a>1</a>") == [("a", "1")]
    # anything beyond the fixed prolog syntax is still read: XXE and stylesheet PIs live there
    assert ("xml!", '<?xml version="1.0" onload="x"?>') in pairs('<?xml version="1.0" onload="x"?><a>1</a>')
    assert ("xml!", '<?xml-stylesheet href="http://e/x.xsl"?>') in pairs('<?xml-stylesheet href="http://e/x.xsl"?><a>1</a>')
    xxe = pairs('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')
    assert xxe[0] == ("xml!", '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">')


def test_headers_come_out_in_one_order_whatever_order_they_arrive_in() -> None:
    """wrk, curl and browsers order headers differently; the model must see one request."""
    ua = ("user-agent", "Mozilla/5.0 (X11; Linux x86_64)")
    cookie = ("cookie", "sid=abc123")
    ctype = ("content-type", "application/x-www-form-urlencoded")
    referer = ("referer", "https://shop.example/cart")
    views = [RequestView("POST", "/cart", "", order, b"qty=1") for order in
             ((ua, referer, cookie, ctype), (ctype, cookie, referer, ua), (cookie, ua, ctype, referer))]
    texts = {n.normalize_view(v) for v in views}
    assert len(texts) == 1
    text = texts.pop()
    assert text.index("ua:") < text.index("ref:") < text.index("cookie:") < text.index("ct:")
    # an operator's extra header follows the model's own, in the configured order
    extra = [RequestView("GET", "/", "", (("x-b", "2"), ("x-a", "1"), ua)),
             RequestView("GET", "/", "", (ua, ("x-a", "1"), ("x-b", "2")))]
    names = ("user-agent", "x-a", "x-b")
    assert n.normalize_view(extra[0], names) == n.normalize_view(extra[1], names) == "GET / ua: mozilla/<num> (x<num>; linux x<num>_<num>) x-a: <num> x-b: <num>"


def test_excluded_parameters_are_left_out_and_nothing_else() -> None:
    from waf_proxy.exclusions import ParamFilter

    skip = ParamFilter(["answers[].source", "note", "<body>", "title"])
    js = RequestView("POST", "/quiz", "note=drop+table+x&page=2", (("content-type", "application/json"),),
                     b'{"answers": [{"source": "SELECT * FROM t;", "id": "q1"}], "elapsed": 5}')
    out = n.normalize_view(js, skip=skip)
    assert "select" not in out and "drop" not in out  # the excluded values are gone, names too
    assert "page=<num>" in out and "answers[].id=q<num>" in out and "elapsed=<num>" in out
    assert n.normalize_view(js) != out and "select * from t" in n.normalize_view(js)
    # names are matched decoded: an encoded name does not slip past its exclusion
    encoded = RequestView("GET", "/quiz", "n%6fte=1+union+select+2&q=x")
    assert n.normalize_view(encoded, skip=skip) == "GET /quiz ? q=x"
    form = RequestView("POST", "/f", "", (("content-type", "application/x-www-form-urlencoded"),), b"no%74e=a%27b&keep=1")
    assert n.normalize_view(form, skip=skip) == "POST /f | keep=<num> ct: application/x-www-form-urlencoded"
    text = RequestView("POST", "/ci", "", (("content-type", "text/yaml"),), b"script: curl x | sh")
    assert "curl" in n.normalize_view(text) and "curl" not in n.normalize_view(text, skip=skip)
    body = b'--B\r\nContent-Disposition: form-data; name="title"\r\n\r\n<script>x</script>\r\n--B\r\nContent-Disposition: form-data; name="tag"\r\n\r\nok\r\n--B--\r\n'
    multi = RequestView("POST", "/up", "", (("content-type", "multipart/form-data; boundary=B"),), body)
    assert "script" not in n.normalize_view(multi, skip=skip) and "tag=ok" in n.normalize_view(multi, skip=skip)


def test_exclusions_never_hide_xml_declarations() -> None:
    from waf_proxy.exclusions import ParamFilter

    xml = RequestView("POST", "/x", "", (("content-type", "application/xml"),),
                      b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a><b>&x;</b></a>')
    out = n.normalize_view(xml, skip=ParamFilter(["*"]))
    assert "file:///etc/passwd" in out and "b=" not in out


def test_excluded_cookies_are_left_out_by_name() -> None:
    from waf_proxy.exclusions import ParamFilter

    view = RequestView("GET", "/", "", (("cookie", "sid=abc; prefs={\"q\":\"' or 1=1\"}; theme=dark"),))
    out = n.normalize_view(view, skip=ParamFilter(["cookie:prefs"]))
    assert "cookie: sid=abc; theme=dark" in out and "or" not in out
    assert "' or <num>=<num>" in n.normalize_view(view)


def test_field_texts_read_each_field_on_its_own_after_method_and_path() -> None:
    from waf_proxy.engine.normalize import field_texts

    view = RequestView(
        "POST", "/api/posts/7", "draft=1&tag=a%20b",
        (("user-agent", "curl/8.4"), ("cookie", "sid=abc; theme=dark"), ("content-type", "application/json")),
        b'{"title": "Hello", "body": {"text": "it\'s fine"}}',
    )
    texts = field_texts(view)
    head = "POST /api/posts/<num>"
    assert texts[0] == head
    assert f"{head} ? draft=<num>" in texts and f"{head} ? tag=a b" in texts
    assert f"{head} | title=hello" in texts and f"{head} | body.text=it's fine" in texts
    assert f"{head} ua: curl/<num>" in texts and f"{head} ct: application/json" in texts
    assert f"{head} cookie: sid=abc" in texts and f"{head} cookie: theme=dark" in texts
    assert all(t.startswith(head) for t in texts)
    # every field of the whole text is read alone, and nothing else is
    whole = n.normalize_view(view)
    assert all(t[len(head):].lstrip(" ?|").split(": ", 1)[-1] in whole for t in texts[1:])


def test_field_texts_follow_exclusions_dedupe_and_are_bounded() -> None:
    from waf_proxy.engine.normalize import MAX_FIELD_VIEWS, field_texts

    view = RequestView("GET", "/s", "q=1'+or+'1'='1&page=2&page=2")
    texts = field_texts(view, skip=lambda name: name == "q")
    assert texts == ["GET /s", "GET /s ? page=<num>"]  # q excluded, the repeated field read once
    names = [a + b for a in "abcdefghij" for b in "klmnopqrst"]  # 100 distinct fields (numbers would be masked alike)
    many = RequestView("GET", "/s", "&".join(f"{k}={k}" for k in names))
    assert len(field_texts(many)) == MAX_FIELD_VIEWS < 1 + len(names)
    assert field_texts(RequestView("GET", "/")) == ["GET /"]
