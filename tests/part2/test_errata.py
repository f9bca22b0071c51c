"""Regression tests for the errata of SPEC section 4 that apply to Part 2."""

import pytest

from part2.api_router import ApiRouter
from part2.app import App
from part2.sample import app as sample_app
from tests.asgi import call, http_scope, response_of


async def test_erratum_02_non_http_scopes() -> None:
    lifespan = await call(sample_app, {"type": "lifespan"}, [{"type": "lifespan.startup"}])
    assert lifespan.sent == []
    websocket = await call(sample_app, {"type": "websocket"}, [{"type": "websocket.connect"}])
    assert websocket.sent == [{"type": "websocket.close", "code": 1000}]


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "TRACE", "BREW"])
async def test_erratum_03_unknown_method_is_404_not_500(method: str) -> None:
    status, _, _ = response_of(await call(sample_app, http_scope(method, "/home")))
    assert status == 404


async def test_erratum_04_request_data_sees_the_scope() -> None:
    seen = []
    api = ApiRouter()

    @api.get("/q")
    async def handler(request_data) -> None:
        seen.append(await request_data.get_query_string_params())

    app = App()
    app.include_routes([api])
    await call(app, http_scope("GET", "/q", b"a=1"))
    assert seen == [{"a": ["1"]}]


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
