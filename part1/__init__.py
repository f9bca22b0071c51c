"""Part 1: the ASGI contract and a first router.

An `App` that an ASGI server such as uvicorn can call, and a `Router` that
stores handlers in a tree of path segments. Every matched route answers 200.
"""
