"""Pure parts of the load benchmark: wrk output, extra configs, metrics parsing."""

from __future__ import annotations

import pytest

from benchmarks.load import batch_stats, lru_hit_rate, metric_totals, parse_extra, parse_wrk, run_metrics, wrk_command


def test_parse_wrk_reads_the_lua_json_line():
    out = (
        "Running 10s test\n"
        'WRKJSON {"requests": 5000, "duration_us": 2000000, "bytes": 1, "errors": {"connect": 1, "read": 2, '
        '"write": 0, "status": 7, "timeout": 3}, "latency_us": {"p50": 1500, "p90": 2000, "p95": 2500, '
        '"p99": 9000, "max": 12000, "mean": 1600.0}}\n'
    )
    row = parse_wrk(out)
    assert row["rps"] == 2500 and row["p99_ms"] == 9.0 and row["non2xx"] == 7 and row["errors"] == 6


def test_parse_wrk_reads_the_schedule_of_a_paced_run():
    out = (
        'WRKSCHED {"slots": 2000, "late": 30, "late_max_ms": 12.5}\n'
        'WRKJSON {"requests": 1990, "duration_us": 2000000, "bytes": 1, "errors": {"connect": 0, "read": 0, '
        '"write": 0, "status": 0, "timeout": 0}, "latency_us": {"p50": 1500, "p90": 2000, "p95": 2500, '
        '"p99": 9000, "max": 12000, "mean": 1600.0}}\n'
    )
    row = parse_wrk(out)
    assert row["late_pct"] == 1.5 and row["late_max_ms"] == 12.5 and row["requests"] == 1990


def test_parse_wrk_without_summary_raises():
    with pytest.raises(ValueError):
        parse_wrk("Usage: wrk <options> <url>")


def test_wrk_command_whole_seconds_one_thread(tmp_path):
    cmd = wrk_command(8080, 64, 0.4, tmp_path / "m.lua")
    assert "-t1" in cmd and "-c64" in cmd and "-d1s" in cmd and cmd[-1] == "http://127.0.0.1:8080/"


def test_parse_extra():
    assert parse_extra(["cache:WAF_A=1,WAF_B__C=x"]) == {"cache": {"WAF_A": "1", "WAF_B__C": "x"}}
    with pytest.raises(ValueError):
        parse_extra(["nocolon"])
    with pytest.raises(ValueError):
        parse_extra(["x:NOTWAF=1"])


def test_batch_stats_mean_from_histogram():
    text = "\n".join([
        "# HELP waf_batch_size requests per batch",
        'waf_batch_size_bucket{le="1.0"} 3.0',
        "waf_batch_size_sum 120.0",
        "waf_batch_size_count 10.0",
        "other_sum 5",
    ])
    assert batch_stats(text) == {"waf_batch_size": 12.0}


def test_run_metrics_reports_deltas_of_one_run():
    before = metric_totals("waf_batch_size_sum 10\nwaf_batch_size_count 5\nwaf_inference_seconds_sum 0.5\n")
    after = metric_totals(
        "waf_batch_size_sum 74\nwaf_batch_size_count 7\nwaf_inference_seconds_sum 0.54\n"
        'waf_requests_total{outcome="allow"} 7\nwaf_requests_total{outcome="fail_open"} 3\n'
        'waf_batch_size_bucket{le="1.0"} 3\n'
    )
    out = run_metrics(before, after)
    assert out["batch_mean"] == 32.0 and out["infer_ms_per_batch"] == 20.0 and out["unscored_pct"] == 30.0
    assert "waf_batch_size_bucket" not in after
    assert run_metrics(after, after) == {}


def test_lru_hit_rate_cycle_longer_than_cache_never_hits():
    keys = [str(i) for i in range(10)]
    assert lru_hit_rate(keys, 20) == 1.0
    assert lru_hit_rate(keys, 5) == 0.0  # LRU evicts each key before it comes round again
    assert lru_hit_rate(["a", "a", "b", "b"], 1) == 0.5


def test_cache_hit_rate_counts_requests_equal_after_normalisation():
    from benchmarks.load import cache_hit_rate
    from benchmarks.mix import MixRequest

    mix = [MixRequest("GET", f"/item?id={i}", (("User-Agent", "x"),), b"", "benign") for i in range(30)]
    mix.append(MixRequest("GET", "/search?q=shoes", (), b"", "benign"))
    out = cache_hit_rate(mix, size=8)
    assert out["requests"] == 31 and out["distinct_normalised"] == 2
    assert out["steady_hit_rate"] > 0.9
