"""Benchmarks for SPEC section 8: Part 3 against Starlette and a raw ASGI app.

Run them all with `make bench` (or `python -m benchmarks`).
"""
