"""The load mix: header cleaning, sampling, wire bytes and the generated wrk script."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from benchmarks.mix import MixRequest, build_mix, clean_headers, from_record, lua_string, sample, to_lua


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def _rec(i, label="benign", method="GET", **kw):
    base = {"id": str(i), "method": method, "path": f"/p{i}", "query": f"a={i}", "headers": [], "body": "", "label": label}
    return base | kw


def test_clean_headers_drops_crs_traps_and_adds_browser_defaults():
    out = clean_headers([("Accept-Charset", "utf-8"), ("Connection", "close"), ("Host", "x"), ("Cookie", "a=1"), ("cookie", "dup")])
    names = [n.lower() for n, _ in out]
    assert "accept-charset" not in names and "connection" not in names and "host" not in names
    assert names.count("cookie") == 1 and dict(out)["Cookie"] == "a=1"
    assert {"user-agent", "accept", "accept-language"} <= set(names)


def test_clean_headers_keeps_corpus_user_agent():
    out = dict(clean_headers([("User-Agent", "curl/8")]))
    assert out["User-Agent"] == "curl/8"


def test_sample_is_deterministic_ordered_and_sized():
    items = [{"i": i} for i in range(1000)]
    a = sample(items, 50, random.Random(3))
    b = sample(items, 50, random.Random(3))
    assert a == b and len(a) == 50
    assert [x["i"] for x in a] == sorted(x["i"] for x in a)
    assert sample(items[:10], 50, random.Random(3)) == items[:10]


def test_build_mix_counts_labels_and_methods(tmp_path):
    _write(tmp_path / "b.jsonl", [_rec(i) for i in range(100)] + [_rec(999, method="PUT")])
    _write(tmp_path / "a.jsonl", [_rec(i, "attack", "POST", body="x=' or 1=1") for i in range(30)])
    mix = build_mix(40, 5, seed=2, datasets=tmp_path, benign_files=["b.jsonl"], attack_files=["a.jsonl"])
    assert sum(r.label == "benign" for r in mix) == 40
    assert sum(r.label == "attack" for r in mix) == 5
    assert all(r.method in ("GET", "POST") for r in mix)
    assert mix == build_mix(40, 5, seed=2, datasets=tmp_path, benign_files=["b.jsonl"], attack_files=["a.jsonl"])


def test_to_wire_is_a_parseable_keepalive_request():
    req = from_record(_rec(1, method="POST", body="q=é", headers=[["Content-Type", "application/x-www-form-urlencoded"]]))
    wire = req.to_wire()
    head, _, body = wire.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"POST /p1?a=1 HTTP/1.1"
    assert b"Host: localhost" in lines
    assert f"Content-Length: {len('q=é'.encode())}".encode() in lines
    assert body == "q=é".encode()
    assert b"Connection: close" not in wire


def test_lua_string_escapes_quotes_backslashes_and_bytes():
    assert lua_string('a"b\\c') == '"a\\034b\\092c"'
    assert lua_string(b"\xc3\xa9\n") == '"\\195\\169\\010"'


@pytest.mark.skipif(shutil.which("luajit") is None and shutil.which("lua5.1") is None, reason="no Lua interpreter")
def test_generated_lua_parses():
    lua = shutil.which("luajit") or shutil.which("lua5.1")
    mix = [MixRequest("GET", "/x?y=\"1\"", (("User-Agent", "ü"),), b"", "benign")]
    out = subprocess.run([lua, "-e", to_lua(mix).replace("init = function", "local _ = function") + "\nprint(#specs)"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_to_lua_paced_follows_one_constant_rate_schedule():
    mix = [MixRequest("GET", "/", (), b"", "benign")]
    assert "delay = function" not in to_lua(mix)
    paced = to_lua(mix, rate=400)
    assert "interval_ms = 2.500000" in paced and "WRKSCHED" in paced


def _run_paced(rate: float, calls: str) -> list[float]:
    mix = [MixRequest("GET", "/", (), b"", "benign")]
    script = to_lua(mix, rate=rate).replace("init = function", "local _ = function") + "\n" + calls
    out = subprocess.run(["luajit", "-e", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return [float(x) for x in out.stdout.split()]


@pytest.mark.skipif(shutil.which("luajit") is None, reason="no LuaJIT (wrk's Lua) interpreter")
def test_paced_delays_are_slots_of_one_schedule():
    """Slot k is due k / rate after the first: a connection asking early waits for its slot."""
    a, b, c, late = _run_paced(1, "print(delay(), delay(), delay(), late)")
    assert a == 0  # the first slot is now
    assert 900 < b <= 1000 and 1900 < c <= 2000  # one second apart at 1 req/s
    assert late == 0


@pytest.mark.skipif(shutil.which("luajit") is None, reason="no LuaJIT (wrk's Lua) interpreter")
def test_paced_slot_missed_goes_at_once_and_counts_as_late():
    busy = "local t = os.clock(); while os.clock() - t < 0.03 do end"
    first, second, slots, late, late_max = _run_paced(
        1000, f"local a = delay(); {busy}; local b = delay(); print(a, b, slots, late, late_max_ms)"
    )
    assert first == 0 and second == 0  # slot 1 was due 1 ms in, asked for ~30 ms in
    assert slots == 2 and late == 1 and late_max >= 20
