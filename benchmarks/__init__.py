"""Benchmarks for waf-proxy: load (proxy vs proxy vs ModSecurity, side by side) and engine.

Each benchmark is a script (`python benchmarks/load.py`, `python benchmarks/engine.py`);
the small modules here hold their pure, unit-tested parts.
"""
