"""Part 2's App: include_routes, RequestData for handlers, and the sample.

Part 2's limitations as a client sees them (a wrong method or a trailing slash
is a 404, the handler's result is ignored) are rows of tests/behaviours.py.
"""

import httpx
import pytest

from part2.api_router import ApiRouter
from part2.app import App
from part2.sample import app as sample_app
from part2.sample import keep_single_values
from tests.asgi import call, http_scope, response_of


def sample_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=sample_app), base_url="http://t")


async def test_sample_routes_answer_ok() -> None:
    async with sample_client() as client:
        assert (await client.get("/home")).text == "ok"
        assert (await client.get("/about")).text == "ok"
        assert (await client.get("/about/careers")).status_code == 200
        assert (await client.post("/about/careers")).status_code == 200
        assert (await client.get("/nope")).status_code == 404


async def test_sample_careers_uses_the_query_extractor(capsys) -> None:
    async with sample_client() as client:
        await client.get("/about/careers", params=[("team", "web"), ("tag", "a"), ("tag", "b")])
    assert capsys.readouterr().out == "careers query: {'team': 'web', 'tag': ['a', 'b']}\n"


def test_sample_extractor_unwraps_single_values() -> None:
    assert keep_single_values({"a": ["1"], "b": ["1", "2"], "c": [""]}) == {
        "a": "1",
        "b": ["1", "2"],
        "c": "",
    }


async def test_handler_receives_request_data_for_its_scope() -> None:
    received = []
    api = ApiRouter()

    @api.get("/search", query_string_extractor=lambda params: params["q"])
    async def search(request_data) -> None:
        received.append(await request_data.get_query_string_params())

    app = App()
    app.include_routes([api])
    status, _, _ = response_of(await call(app, http_scope("GET", "/search", b"q=asgi&q=wsgi")))
    assert status == 200
    assert received == [["asgi", "wsgi"]]


async def test_include_routes_takes_several_routers() -> None:
    first, second = ApiRouter(), ApiRouter()

    @first.get("/one")
    @second.post("/two")
    async def handler(request_data) -> None:
        pass

    app = App()
    app.include_routes([first, second])
    assert app.router.get_route("/one", "GET").handler is handler
    assert app.router.get_route("/two", "POST").handler is handler


def test_include_routes_twice_is_a_clear_error() -> None:
    app = App()
    app.include_routes([ApiRouter()])
    with pytest.raises(RuntimeError, match="only be called once"):
        app.include_routes([ApiRouter()])


async def test_limitation_body_extractor_is_stored_but_not_called() -> None:
    calls = []
    api = ApiRouter()

    @api.post("/upload", body_extractor=lambda body: calls.append(body))
    async def upload(request_data) -> None:
        pass

    app = App()
    app.include_routes([api])
    assert app.router.get_route("/upload", "POST").body_extractor is not None
    status, _, _ = response_of(await call(app, http_scope("POST", "/upload")))
    assert status == 200
    assert calls == []  # Part 2 does not read the body; Part 3 does
