"""Security: the WAF cannot be turned against the app it protects.

No open proxy, no request smuggling, hop-by-hop headers neutralised, a client's
X-Forwarded-For not believed, the admin listener out of the proxy's reach, model
files never unpickled, and the WAF's own pages leaking nothing internal.
"""

from __future__ import annotations

import ast
import json
import pickle
import re
import time
from pathlib import Path

import pytest

from benchmarks.padding import PADDING_ATTACKS, detection
from tests.reliability.rawhttp import exchange, request_bytes

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "waf_proxy"
ATTACK_QUERY = "/search?q=1%27%20or%20%271%27=%271"
TRUSTED_PEER = "127.0.0.2"  # a load balancer, as far as the rate-limited proxy knows; tests connect from 127.0.0.1
RATE_LIMITED = {"ratelimit": {"enabled": True, "limit": "5/minute"}, "trusted_proxies": [f"{TRUSTED_PEER}/32"]}


def _landed(upstream, marker: str) -> list:
    return [r for r in upstream.records if marker.encode() in r.raw_path + b"?" + r.query]


# --- no open proxy ---------------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "http://evil.example/open-proxy-1",
    "HTTP://evil.example:8080/open-proxy-1",
    "https://evil.example/open-proxy-1",
    "http://127.0.0.1:1/open-proxy-1",
])
def test_absolute_form_target_goes_only_to_the_configured_upstream(proxy, upstream, target) -> None:
    marker = f"open-proxy-1?t={time.monotonic_ns()}"
    resp = exchange(proxy.port, request_bytes("GET", target.replace("open-proxy-1", marker), host="evil.example"))
    assert resp.status in (200, 400), resp
    if resp.status == 200:
        landed = _landed(upstream, marker.split("?")[1])
        assert len(landed) == 1, "the request must reach the configured upstream, exactly once"
        assert landed[0].raw_path == b"/open-proxy-1"
        assert json.loads(resp.body)["raw_path"] == "/open-proxy-1"  # the answer is our upstream's


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:1", "localhost:9090", "[::1]:22", "a" * 300])
def test_forged_host_cannot_redirect_traffic(proxy, upstream, host) -> None:
    marker = f"forged-host-{time.monotonic_ns()}"
    resp = exchange(proxy.port, request_bytes("GET", f"/{marker}", host=host))
    assert resp.status == 200
    assert len(_landed(upstream, marker)) == 1


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example/x", "@evil.example/x", "*"])
def test_odd_targets_stay_on_the_upstream(proxy, upstream, target) -> None:
    before = len(upstream.records)
    resp = exchange(proxy.port, request_bytes("GET", target))
    assert resp.status is not None and resp.status < 500
    if resp.status == 200:
        assert json.loads(resp.body)["raw_path"].startswith("/")
        assert len(upstream.records) == before + 1
    assert proxy.healthy()


def test_connect_is_not_a_tunnel(proxy) -> None:
    resp = exchange(proxy.port, b"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n", timeout=5)
    assert resp.status != 200 or b"raw_path" in resp.body, "CONNECT must never open a tunnel"
    assert proxy.healthy()


# --- request smuggling and hop-by-hop --------------------------------------------------------

SMUGGLED = b"GET /smuggled-%d HTTP/1.1\r\nHost: localhost\r\n\r\n"


@pytest.mark.parametrize("name,head", [
    ("cl-te", b"Content-Length: {n}\r\nTransfer-Encoding: chunked\r\n"),
    ("te-cl", b"Transfer-Encoding: chunked\r\nContent-Length: {n}\r\n"),
    ("dup-cl", b"Content-Length: {n}\r\nContent-Length: 0\r\n"),
    ("cl-list", b"Content-Length: {n}, 0\r\n"),
    ("cl-plus", b"Content-Length: +{n}\r\n"),
    ("te-identity", b"Transfer-Encoding: chunked, identity\r\nContent-Length: {n}\r\n"),
    ("te-xchunked", b"Transfer-Encoding: xchunked\r\nContent-Length: {n}\r\n"),
    ("te-space", b"Transfer-Encoding : chunked\r\nContent-Length: {n}\r\n"),
    ("te-tab", b"Transfer-Encoding:\tchunked\r\nContent-Length: {n}\r\n"),
])
def test_smuggling_is_rejected_or_neutralised(proxy, upstream, name, head) -> None:
    """A second request hidden in the first one's body must never reach the upstream on its own."""
    tag = time.monotonic_ns()
    hidden = SMUGGLED % tag
    body = b"0\r\n\r\n" + hidden
    head = head.replace(b"{n}", str(len(body)).encode())
    wire = b"POST /smuggle HTTP/1.1\r\nHost: localhost\r\n" + head + b"\r\n" + body
    resp = exchange(proxy.port, wire, timeout=5)
    time.sleep(0.2)
    assert not _landed(upstream, f"smuggled-{tag}"), f"{name}: the hidden request reached the upstream"
    assert resp.status is None or resp.status in (200, 400, 501), resp
    assert proxy.healthy()


def test_hop_by_hop_headers_are_not_forwarded(proxy, upstream) -> None:
    marker = f"hop-{time.monotonic_ns()}"
    resp = exchange(proxy.port, request_bytes("GET", f"/{marker}", headers=[
        ("Connection", "close, X-Secret-Hop"), ("X-Secret-Hop", "1"), ("Keep-Alive", "timeout=99"),
        ("TE", "trailers"), ("Trailer", "X-T"), ("Upgrade", "h2c"), ("Proxy-Authorization", "Basic c2VjcmV0"),
        ("Proxy-Connection", "keep-alive"), ("X-End-To-End", "kept"),
    ]))
    assert resp.status == 200
    names = {k.lower() for k, _ in json.loads(resp.body)["headers"]}
    for hop in ("x-secret-hop", "keep-alive", "te", "trailer", "upgrade", "proxy-authorization",
                "proxy-connection"):
        assert hop not in names, hop
    assert "x-end-to-end" in names


# --- X-Forwarded-For from an untrusted peer -----------------------------------------------------

def test_client_xff_is_not_believed_upstream(proxy) -> None:
    resp = exchange(proxy.port, request_bytes("GET", "/xff", headers=[
        ("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-Host", "evil.example"), ("Forwarded", "for=6.6.6.6"),
        ("X-Real-IP", "6.6.6.6")]))
    headers = json.loads(resp.body)["headers"]
    xff = [v for k, v in headers if k == "x-forwarded-for"]
    assert xff == ["127.0.0.1"], xff
    assert ["x-forwarded-host", "evil.example"] not in headers
    assert all(k != "forwarded" for k, _ in headers)


def test_xff_from_untrusted_peer_ignored_by_rate_limit(proxy_factory) -> None:
    limited = proxy_factory(**RATE_LIMITED)
    statuses = []
    for i in range(8):
        resp = exchange(limited.port, request_bytes("GET", f"/rl-{i}",
                                                    headers=[("X-Forwarded-For", f"10.1.2.{i}")]))
        statuses.append(resp.status)
    if 429 not in statuses:
        pytest.skip("rate limiting is not wired into the proxy yet")
    # (the fixture's readiness probe already spent one of the 5 from this peer)
    assert set(statuses) <= {200, 429} and statuses.count(200) <= 5
    assert statuses[-3:] == [429] * 3, "rotating X-Forwarded-For must not dodge the limit"
    retry = exchange(limited.port, request_bytes("GET", "/rl-x"))
    assert retry.status == 429 and retry.header("retry-after")


def test_xff_from_untrusted_peer_not_logged_as_client(proxy) -> None:
    rid = f"xfflog{time.monotonic_ns()}"
    exchange(proxy.port, request_bytes("GET", ATTACK_QUERY, headers=[
        ("X-Forwarded-For", "6.6.6.6"), ("X-Request-ID", rid)]))
    time.sleep(0.3)
    events = [e for e in proxy.log_events() if e.get("request_id") == rid]
    if not events:
        pytest.skip("the proxy does not log decisions as JSON yet")
    for event in events:
        text = json.dumps(event)
        assert "6.6.6.6" not in text, event
        for key in ("client", "client_ip", "remote_addr"):
            if key in event:
                assert event[key] == "127.0.0.1"


# --- the admin listener is out of reach ----------------------------------------------------------

@pytest.mark.parametrize("method,path", [("GET", "/metrics"), ("POST", "/reload"), ("GET", "/readyz"),
                                         ("GET", "/healthz"), ("POST", "/reload?path=/tmp")])
def test_admin_paths_via_proxy_port_go_upstream(proxy, upstream, method, path) -> None:
    before = len(upstream.records)
    host = f"127.0.0.1:{proxy.admin_port or 9090}"
    resp = exchange(proxy.port, request_bytes(method, path, host=host, body=b'{"path": "/tmp"}'
                                              if method == "POST" else b""))
    assert resp.status in (200, 403)
    assert b"waf_requests" not in resp.body and b"# TYPE" not in resp.body
    assert b"reloaded" not in resp.body and b"model_version" not in resp.body
    if resp.status == 200:
        assert len(upstream.records) == before + 1
        assert json.loads(resp.body)["raw_path"] == path.split("?")[0]


# --- model files are never unpickled -----------------------------------------------------------

def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Name):
        return node.id
    return "?"


UNSAFE = {"pickle.load", "pickle.loads", "pickle.Unpickler", "cPickle.load", "dill.load", "dill.loads",
          "joblib.load", "marshal.load", "marshal.loads", "shelve.open", "torch.jit.load", "pd.read_pickle",
          "pandas.read_pickle"}


def test_package_never_unpickles() -> None:
    """Every torch.load passes weights_only=True; no pickle-family loader is called at all."""
    problems = []
    files = sorted(PACKAGE.rglob("*.py"))
    assert files
    for path in files:
        tree = ast.parse(path.read_text(), filename=str(path))
        for call in _calls(tree):
            name = _dotted(call.func)
            where = f"{path.relative_to(REPO)}:{call.lineno}"
            if name in UNSAFE:
                problems.append(f"{where} calls {name}")
            if name.endswith("torch.load") or name == "load" and isinstance(call.func, ast.Name):
                kw = {k.arg: k.value for k in call.keywords}
                safe = isinstance(kw.get("weights_only"), ast.Constant) and kw["weights_only"].value is True
                if name.endswith("torch.load") and not safe:
                    problems.append(f"{where} torch.load without weights_only=True")
            if name.endswith("np.load") or name.endswith("numpy.load"):
                kw = {k.arg: k.value for k in call.keywords}
                if isinstance(kw.get("allow_pickle"), ast.Constant) and kw["allow_pickle"].value is True:
                    problems.append(f"{where} np.load(allow_pickle=True)")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in ("pickle", "dill", "joblib", "cPickle"):
                if any(alias.name in ("load", "loads", "Unpickler") for alias in node.names):
                    problems.append(f"{path.relative_to(REPO)}:{node.lineno} imports a pickle loader")
    assert not problems, "\n".join(problems)


class _Trap:
    """Unpickling this writes a marker file: proof that someone unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "unpickled"))


def _pickle_dir(tmp_path: Path, marker: Path) -> Path:
    model_dir = tmp_path / "evil-model"
    model_dir.mkdir()
    payload = pickle.dumps({"state": _Trap(marker)})
    artifacts = pytest.importorskip("waf_proxy.engine.artifacts")
    fmt = getattr(artifacts, "FORMAT_VERSION", 1)
    (model_dir / "config.json").write_text(json.dumps({"format_version": fmt, "threshold": 0.5, "version": "evil"}))
    for name in ("model.safetensors", "tokenizer.json", "model.pt", "pytorch_model.bin", "weights.pkl"):
        (model_dir / name).write_bytes(payload)
    return model_dir


def test_pickle_bearing_model_dir_is_refused(tmp_path: Path) -> None:
    artifacts = pytest.importorskip("waf_proxy.engine.artifacts")
    marker = tmp_path / "unpickled.txt"
    model_dir = _pickle_dir(tmp_path, marker)
    with pytest.raises(Exception) as info:
        artifacts.load_scorer(model_dir)
    assert not marker.exists(), "a model file was unpickled"
    assert "Traceback" not in str(info.value)


def test_default_model_dir_with_extra_pickles_loads_without_unpickling(tmp_path: Path) -> None:
    import shutil

    artifacts = pytest.importorskip("waf_proxy.engine.artifacts")
    default = REPO / "models" / "default"
    if not (default / "config.json").exists():
        pytest.skip("models/default is not trained yet")
    model_dir = tmp_path / "model"
    shutil.copytree(default, model_dir)
    marker = tmp_path / "unpickled.txt"
    for name in ("model.pt", "pytorch_model.bin", "weights.pkl", "scorer.joblib"):
        (model_dir / name).write_bytes(pickle.dumps(_Trap(marker)))
    scorer = artifacts.load_scorer(model_dir)
    assert scorer.score_batch([__import__("waf_proxy.inspect").inspect.RequestView("GET", "/")])
    assert not marker.exists()


def test_admin_reload_refuses_pickle_dir(tmp_path: Path, proxy_factory) -> None:
    admin = proxy_factory()
    if admin.admin_port is None:
        pytest.skip("no admin listener")
    marker = tmp_path / "unpickled.txt"
    model_dir = _pickle_dir(tmp_path, marker)
    resp = exchange(admin.admin_port, request_bytes("POST", "/reload", body=json.dumps({"path": str(model_dir)}).encode(),
                                                    headers=[("Content-Type", "application/json")]), timeout=30)
    assert resp.status is not None and resp.status >= 400
    assert not marker.exists()
    assert admin.healthy()


# --- the WAF's own pages leak nothing ------------------------------------------------------------

LEAKS = re.compile(
    rb"Traceback|File \"|waf_proxy|site-packages|\.py\b|torch|uvicorn/|httpx|aiohttp|models/|safetensors"
    rb"|threshold|score|127\.0\.0\.1:\d+|Exception|Error\(",
    re.I,
)


def _assert_no_leak(resp, upstream_port: int | None = None) -> None:
    assert resp.status is not None
    assert not LEAKS.search(resp.body), resp.body
    if upstream_port:
        assert str(upstream_port).encode() not in resp.body
    for name, value in resp.headers:
        assert name.lower() not in ("x-powered-by", "x-waf-score", "x-waf-model")
        if name.lower() == "server":
            assert not re.search(r"\d+\.\d+", value), f"Server header names a version: {value}"


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_block_page_leaks_nothing(proxy, upstream, accept) -> None:
    resp = exchange(proxy.port, request_bytes("GET", ATTACK_QUERY, headers=[
        ("Accept", accept), ("X-Request-ID", "<script>alert(1)</script>")]))
    assert resp.status == 403
    _assert_no_leak(resp, upstream.port)
    assert b"<script>" not in resp.body
    rid = resp.header("x-request-id")
    assert rid and re.fullmatch(r"[A-Za-z0-9._-]{1,128}", rid) and rid.encode() in resp.body


def test_error_pages_leak_nothing(proxy_factory, upstream) -> None:
    from tests.reliability.upstream import refused_url

    down = proxy_factory(upstream={"url": refused_url()})
    for accept in ("application/json", "text/html"):
        resp = exchange(down.port, request_bytes("GET", "/x", headers=[("Accept", accept)]))
        assert resp.status == 502
        _assert_no_leak(resp)
    slow = proxy_factory()  # read_timeout_s 1.0
    resp = exchange(slow.port, request_bytes("GET", "/__slow?3"))
    assert resp.status == 504
    _assert_no_leak(resp, upstream.port)
    bad = exchange(slow.port, b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
    assert bad.status == 400
    _assert_no_leak(bad, upstream.port)
    too_slow = exchange(slow.port, [b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n", b"a"],
                        pause_s=5, timeout=8)
    assert too_slow.status == 408
    _assert_no_leak(too_slow, upstream.port)
    huge_head = exchange(slow.port, request_bytes("GET", "/x", [("X-Big", "a" * 200_000)]))
    if huge_head.status is not None:
        _assert_no_leak(huge_head, upstream.port)
    capped = proxy_factory(max_body_bytes=2**20)
    too_big = exchange(capped.port, b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999\r\n\r\n")
    assert too_big.status == 413
    _assert_no_leak(too_big, upstream.port)
    limited = proxy_factory(**RATE_LIMITED)
    for _ in range(6):
        flood = exchange(limited.port, request_bytes("GET", "/flood"))
    assert flood.status == 429
    _assert_no_leak(flood, upstream.port)


def test_fail_closed_page_leaks_nothing(proxy_factory) -> None:
    closed = proxy_factory(fail_mode="closed")
    resp = exchange(closed.port, request_bytes("GET", "/x?m=__waf_raise__"))
    assert resp.status == 503
    _assert_no_leak(resp)
    assert b"fake model failure" not in resp.body and b"ModelError" not in resp.body


# --- path rules cannot be dodged by path tricks the upstream would undo -------------------------

BLOCK_VARIANTS = ["/admin", "/admin/", "/Admin", "/%61dmin", "//admin", "/./admin", "/x/../admin", "/admin;jsessionid=1",
                  "/admin;/", "/x/..;/admin", "/%2e/admin", "/admin%2f", "/admin\\", "/admin%00.html", "/admin.",
                  "/admin%20", "/%252e%252e/admin"]


@pytest.mark.parametrize("path", BLOCK_VARIANTS)
def test_block_paths_cannot_be_dodged(proxy_factory, upstream, path) -> None:
    ruled = proxy_factory()  # base settings: block_paths ["/admin"], exempt_paths ["/health"]
    before = len(upstream.records)
    resp = exchange(ruled.port, request_bytes("GET", path))
    assert resp.status in (400, 403), f"{path} reached the upstream"
    assert len(upstream.records) == before


@pytest.mark.parametrize("path", ["/health/../search", "/health/..;/search", "/health;/../search",
                                  "/health%2f..%2fsearch", "/health/%2e%2e/search", "/health\\..\\search"])
def test_exempt_paths_cannot_be_borrowed(proxy_factory, path) -> None:
    """An exempt prefix is not a pass for whatever path the upstream resolves it to."""
    ruled = proxy_factory()  # base settings: block_paths ["/admin"], exempt_paths ["/health"]
    resp = exchange(ruled.port, request_bytes("GET", path + "?q=1%27%20or%20%271%27=%271"))
    assert resp.status in (400, 403), f"{path}: an attack was waved through as exempt"


def test_exempt_path_itself_still_exempt(proxy_factory) -> None:
    ruled = proxy_factory()  # base settings: block_paths ["/admin"], exempt_paths ["/health"]
    resp = exchange(ruled.port, request_bytes("GET", "/health?q=1%27%20or%20%271%27=%271"))
    assert resp.status == 200  # exempt: not scored, by the operator's choice
    assert exchange(ruled.port, request_bytes("GET", "/healthy?q=1%27%20or%20%271%27=%271")).status == 403


# --- padding: an attack must not hide behind benign bulk ------------------------------------------

@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason=(
    "known gap: the scorer reads long requests as windows and the model is trained on serving-shaped windows, "
    "but a padded attack is still caught less often than plain; waf-default-9 on these 12: plain 100 %, after "
    "60 params 75 %, between 30+30 75 %, after 10 KB of prose 58 % (waf-default-8: 100 / 83 / 83 / 67 %); on 400 "
    "held-out corpus payloads 100 / 95.8 / 94.8 / 91.5 % (REPORT.md; benchmarks/padding.py)"))
def test_padding_does_not_hide_attacks_from_the_default_model() -> None:
    """The same attacks, padded with benign bulk, are caught about as often as plain."""
    default = REPO / "models" / "default"
    if not (default / "config.json").exists():
        pytest.skip("models/default is not trained yet")
    from waf_proxy.engine.artifacts import load_scorer

    table = detection(load_scorer(default, threads=1), PADDING_ATTACKS)
    print("padding detection:", {k: f"{v:.0%}" for k, v in table.items()})
    for name, rate in table.items():
        assert rate >= table["plain"] - 0.10, f"{name}: {rate:.0%} vs plain {table['plain']:.0%}"


def test_ipv6_clients_cannot_rotate_addresses_within_their_prefix(proxy_factory) -> None:
    """One IPv6 host owns a whole /64: counting per address would let it dodge any limit."""
    limited = proxy_factory(**RATE_LIMITED)
    statuses = [
        exchange(limited.port, request_bytes("GET", f"/v6-{i}", headers=[
            ("X-Forwarded-For", f"2001:db8:1:2:{i:x}::{i + 1:x}")]), source=TRUSTED_PEER).status
        for i in range(8)
    ]
    assert set(statuses) <= {200, 429}
    assert statuses[-3:] == [429] * 3, f"rotating addresses in one /64 dodged the limit: {statuses}"
    other = exchange(limited.port, request_bytes("GET", "/v6-other", headers=[("X-Forwarded-For", "2001:db8:9::1")]),
                     source=TRUSTED_PEER)
    assert other.status == 200, "another /64 has its own budget"


@pytest.mark.slow
def test_the_shipped_serve_command_keeps_its_guards(upstream, tmp_path) -> None:
    """`waf-proxy serve` itself (not the test launcher): XFF not believed, head deadline applied."""
    import os
    import socket
    import subprocess
    import sys

    from tests.reliability.upstream import refused_url

    port = int(refused_url().rsplit(":", 1)[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAF_")}
    env.update({"WAF_ADMIN__ENABLED": "false", "WAF_CLIENT_HEADER_TIMEOUT_S": "1.0", "WAF_LOG__LEVEL": "warning"})
    proc = subprocess.Popen([sys.executable, "-m", "waf_proxy", "serve", "--mode", "off", "--upstream", upstream.url,
                             "--host", "127.0.0.1", "--port", str(port)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(tmp_path / "serve.log", "wb"))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                resp = exchange(port, request_bytes("GET", "/serve-xff", headers=[("X-Forwarded-For", "6.6.6.6")]))
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        assert resp.status == 200
        assert [v for k, v in json.loads(resp.body)["headers"] if k == "x-forwarded-for"] == ["127.0.0.1"]
        silent = socket.create_connection(("127.0.0.1", port))
        silent.settimeout(4)
        start = time.monotonic()
        try:
            assert silent.recv(100) == b""
        except ConnectionResetError:
            pass
        assert time.monotonic() - start < 3, "a silent connection outlived client_header_timeout_s"
        silent.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
