"""The demo app behind `waf-proxy demo`, and the lines it prints."""

from __future__ import annotations

import argparse

import httpx

from waf_proxy.demo import curl_lines, demo_app, run_demo


async def test_demo_app_endpoints():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo_app()), base_url="http://d") as c:
        assert "Demo shop" in (await c.get("/")).text
        assert (await c.get("/search", params={"q": "shoes"})).json()["results"][0]["name"] == "blue shoes"
        assert (await c.post("/api/items", json={"name": "lamp"})).status_code == 201
        assert (await c.post("/api/items", content=b"{bad")).status_code == 400
        assert "Welcome, ann" in (await c.post("/login", data={"username": "ann", "password": "x"})).text
        assert "&lt;b&gt;" in (await c.post("/login", data={"username": "<b>", "password": "x"})).text


def test_curl_lines_point_at_the_proxy():
    passes, blocked = curl_lines(8080)
    assert "127.0.0.1:8080/search?q=blue+shoes" in passes
    assert "UNION+SELECT" in blocked and "127.0.0.1:8080" in blocked


def test_demo_without_a_model_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WAF_MODEL__PATH", str(tmp_path))
    monkeypatch.delenv("WAF_CONFIG", raising=False)
    assert run_demo(argparse.Namespace(port=0, app_port=0, config=None)) == 1
    assert "no model" in capsys.readouterr().err
