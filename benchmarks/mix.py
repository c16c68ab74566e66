"""A fixed, reproducible request mix drawn from the shared JSONL corpora.

Every target in one load run gets the same requests in the same order, so the
ratios compare WAFs, not workloads. Headers are cleaned so that the mix measures
inspection rather than known CRS defaults: no `Accept-Charset` (CRS 3.3.4 rule 920450
blocks it), no `Connection: close` (CSIC carries it; it would measure TCP setup), and
`Host: localhost` plus browser-like headers (CRS scores a numeric Host and, at PL2, a
missing Accept / User-Agent).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

DATASETS = Path("/work/shared/datasets")

# Held-out benign traffic that CRS PL1 passes once Accept-Charset is dropped (see
# shared/anchors/modsec/README.md): CSIC test split and HttpParams test split.
DEFAULT_BENIGN = ("csic2010/test_benign.jsonl", "httpparams/test.jsonl")
DEFAULT_ATTACK = ("httpparams/test.jsonl", "payloadsallthethings/attack.jsonl")

# Headers the load generator sets itself or that would change what is measured.
DROPPED_HEADERS = frozenset(
    {
        "host",
        "content-length",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "upgrade",
        "accept-charset",
        "expect",
    }
)

BROWSER_HEADERS: tuple[tuple[str, str], ...] = (
    ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("Accept-Language", "en-US,en;q=0.5"),
    ("Accept-Encoding", "gzip, deflate"),
)

ALLOWED_METHODS = frozenset({"GET", "POST"})  # CRS PL1 blocks PUT/PATCH/DELETE outright


@dataclass(frozen=True, slots=True)
class MixRequest:
    method: str
    target: str  # path + "?" + query, exactly as on the wire
    headers: tuple[tuple[str, str], ...]  # without Host / Content-Length
    body: bytes
    label: str  # "benign" or "attack"

    def to_wire(self, host: str = "localhost") -> bytes:
        """The HTTP/1.1 request bytes, keep-alive, as the asyncio generator sends them."""
        lines = [f"{self.method} {self.target} HTTP/1.1", f"Host: {host}"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        if self.body or self.method == "POST":
            lines.append(f"Content-Length: {len(self.body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        return head + self.body


def clean_headers(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Corpus headers minus DROPPED_HEADERS, with browser-like defaults for those missing."""
    kept: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, value in headers:
        low = name.lower()
        if low in DROPPED_HEADERS or low in seen:
            continue
        seen.add(low)
        kept.append((name, value))
    for name, value in BROWSER_HEADERS:
        if name.lower() not in seen:
            kept.append((name, value))
    return tuple(kept)


def from_record(record: dict) -> MixRequest:
    query = record.get("query") or ""
    target = record["path"] + ("?" + query if query else "")
    body = record.get("body") or ""
    return MixRequest(
        method=str(record["method"]).upper(),
        target=target,
        headers=clean_headers((str(n), str(v)) for n, v in record.get("headers", [])),
        body=body.encode("utf-8"),
        label=str(record.get("label", "benign")),
    )


def _records(path: Path, label: str) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("label") == label and str(record.get("method")).upper() in ALLOWED_METHODS:
                yield record


def sample(items: Iterable[dict], k: int, rng: random.Random) -> list[dict]:
    """Reservoir sample of k items in their original order (deterministic for a seeded rng)."""
    reservoir: list[tuple[int, dict]] = []
    for i, item in enumerate(items):
        if i < k:
            reservoir.append((i, item))
        else:
            j = rng.randint(0, i)
            if j < k:
                reservoir[j] = (i, item)
    return [item for _, item in sorted(reservoir, key=lambda pair: pair[0])]


def build_mix(
    n_benign: int = 380,
    n_attack: int = 20,
    *,
    seed: int = 1,
    datasets: Path = DATASETS,
    benign_files: Iterable[str] = DEFAULT_BENIGN,
    attack_files: Iterable[str] = DEFAULT_ATTACK,
) -> list[MixRequest]:
    """n_benign + n_attack requests, spread evenly over the files, shuffled with `seed`."""
    rng = random.Random(seed)
    chosen: list[MixRequest] = []
    for label, files, total in (("benign", list(benign_files), n_benign), ("attack", list(attack_files), n_attack)):
        for i, name in enumerate(files):
            share = total // len(files) + (1 if i < total % len(files) else 0)
            if share:
                chosen += [from_record(r) for r in sample(_records(datasets / name, label), share, rng)]
    rng.shuffle(chosen)
    return chosen


def lua_string(data: str | bytes) -> str:
    """A double-quoted Lua string literal for arbitrary bytes (decimal escapes, no surprises)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    out = []
    for byte in raw:
        if byte in (0x22, 0x5C) or byte < 0x20 or byte > 0x7E:
            out.append(f"\\{byte:03d}")
        else:
            out.append(chr(byte))
    return '"' + "".join(out) + '"'


LUA_TEMPLATE = """-- generated by benchmarks/mix.py: a fixed request mix, JSON summary on done()
local specs = {
%(specs)s
}
local reqs = {}
local idx = 0

init = function(args)
  for i, s in ipairs(specs) do
    local headers = {}
    for j = 1, #s[3], 2 do headers[s[3][j]] = s[3][j + 1] end
    headers["Host"] = %(host)s
    reqs[i] = wrk.format(s[1], s[2], headers, s[4])
  end
  idx = math.random(#reqs) - 1
end

request = function()
  idx = idx %% #reqs + 1
  return reqs[idx]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}, ' ..
    '"latency_us": {"p50": %%d, "p90": %%d, "p95": %%d, "p99": %%d, "max": %%d, "mean": %%.1f}}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
"""


# A constant request rate for wrk (wrk2 is not packaged): every connection of the one
# wrk thread takes the next slot of one shared schedule (slot k at start + k / rate) and
# waits for it, via wrk's delay() and LuaJIT's FFI clock. The load offered is then the
# rate, whatever the latency, as long as a connection is free at each slot; a slot no
# connection was free for is sent late, and wrk's latency (from the send) would hide
# that wait, so late slots are counted and reported instead of silently lowering the load.
LUA_PACED = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } waf_bench_timespec;
int clock_gettime(int clk_id, waf_bench_timespec *tp);
]]
local ts = ffi.new("waf_bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local interval_ms = %(interval_ms).6f
local t0 = nil
slots, late, late_max_ms = 0, 0, 0

delay = function()
  local now = now_ms()
  if t0 == nil then t0 = now end
  local wait = t0 + slots * interval_ms - now
  slots = slots + 1
  if wait < -1 then
    late = late + 1
    if -wait > late_max_ms then late_max_ms = -wait end
  end
  if wait <= 0 then return 0 end
  return wait
end

local threads = {}
setup = function(thread) table.insert(threads, thread) end
"""

# With the schedule, done() also prints how many slots were sent late (see LUA_PACED).
LUA_PACED_DONE = """
local base_done = done
done = function(summary, latency, requests)
  local s, l, m = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("slots")
    l = l + t:get("late")
    if t:get("late_max_ms") > m then m = t:get("late_max_ms") end
  end
  io.write(string.format('WRKSCHED {"slots": %d, "late": %d, "late_max_ms": %.1f}\\n', s, l, m))
  base_done(summary, latency, requests)
end
"""


def to_lua(mix: list[MixRequest], host: str = "localhost", rate: float = 0.0) -> str:
    """A wrk script that cycles through the mix (each thread from a random offset).

    With `rate` (requests/s), the requests follow a constant-rate schedule shared by all
    connections (LUA_PACED): an open-loop load generated in C, not by a Python process
    competing for the cores. Run it with one wrk thread (`-t1`): each thread keeps its
    own schedule.
    """
    specs = []
    for req in mix:
        flat = ", ".join(f"{lua_string(n)}, {lua_string(v)}" for n, v in req.headers)
        body = lua_string(req.body) if (req.body or req.method == "POST") else "nil"
        specs.append(f"  {{{lua_string(req.method)}, {lua_string(req.target)}, {{{flat}}}, {body}}},")
    script = LUA_TEMPLATE % {"specs": "\n".join(specs), "host": lua_string(host)}
    if rate > 0:
        script += LUA_PACED % {"interval_ms": 1000.0 / rate} + LUA_PACED_DONE
    return script
