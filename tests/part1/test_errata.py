"""Regression tests for the errata that apply to Part 1 (listed on the site's Errata page).

Where an erratum is a behaviour of the table in tests/behaviours.py, its test runs
those rows for Part 1, so the expected answers are written in one place.
"""

from part1.router import Methods
from part1.sample import app
from tests.asgi import call, http_scope, response_of
from tests.behaviours import check_behaviours


async def test_erratum_01_method_lookup() -> None:
    # The method enum holds the strings the scope carries, and the app passes
    # the scope's method to the router, so a matched route answers 200, not 500.
    assert Methods("GET") is Methods.GET
    status, _, body = response_of(await call(app, http_scope("GET", "/users")))
    assert (status, body) == (200, b"ok")


async def test_erratum_02_non_http_scopes() -> None:
    await check_behaviours("part1", "lifespan", "websocket")
