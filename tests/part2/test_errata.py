"""Regression tests for the errata that apply to Part 2 (listed on the site's Errata page).

Where an erratum is a behaviour of the table in tests/behaviours.py, its test runs
those rows for Part 2, so the expected answers are written in one place.
"""

import pytest

from part2.api_router import ApiRouter
from part2.app import App
from tests.asgi import call, http_scope, response_of
from tests.behaviours import check_behaviours


async def test_erratum_02_non_http_scopes() -> None:
    await check_behaviours("part2", "lifespan", "websocket")


async def test_erratum_03_unknown_method_is_404_not_500() -> None:
    # HEAD, OPTIONS, TRACE and made-up methods: Part 2's limitation is a 404.
    await check_behaviours("part2", "wrong-method", "head")


async def test_erratum_04_request_data_sees_the_scope() -> None:
    await check_behaviours("part2", "query")


async def test_erratum_16_include_routes() -> None:
    # Routes keep their registration order (nothing is sorted) ...
    api = ApiRouter()
    for path in ("/b", "/a", "/c"):
        api.get(path)(_handler)
    assert [d.path for d in api.routes] == ["/b", "/a", "/c"]
    # ... a duplicate registration is an error, not a silent overwrite ...
    duplicate = ApiRouter()
    duplicate.get("/a")(_handler)
    app = App()
    with pytest.raises(ValueError, match="already registered"):
        app.include_routes([api, duplicate])
    # ... and an app called before include_routes answers 404, not 500.
    status, _, _ = response_of(await call(App(), http_scope("GET", "/a")))
    assert status == 404


async def _handler(request_data) -> None:
    pass
