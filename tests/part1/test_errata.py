"""Regression tests for the errata of SPEC section 4 that apply to Part 1."""

from part1.router import Methods
from part1.sample import app
from tests.asgi import call, http_scope, response_of


async def test_erratum_01_method_lookup() -> None:
    # The method enum holds the strings the scope carries, and the app passes
    # the scope's method to the router, so a matched route answers 200, not 500.
    assert Methods("GET") is Methods.GET
    status, _, body = response_of(await call(app, http_scope("GET", "/users")))
    assert (status, body) == (200, b"ok")


async def test_erratum_02_non_http_scopes() -> None:
    lifespan = await call(app, {"type": "lifespan"}, [{"type": "lifespan.startup"}])
    assert lifespan.sent == []
    websocket = await call(app, {"type": "websocket", "path": "/"}, [{"type": "websocket.connect"}])
    assert websocket.sent == [{"type": "websocket.close", "code": 1000}]
