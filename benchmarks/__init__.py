"""Benchmarks for SPEC section 8: Part 3 against a raw ASGI app, Starlette and other
frameworks; Parts 4 and 5 against Part 3; what a middleware layer costs.

Run them all with `make bench` (or `python -m benchmarks`).
"""
