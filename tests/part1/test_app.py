"""Part 1's App, driven through httpx and with raw ASGI messages."""

import httpx
import pytest

from part1.app import App
from part1.sample import app as sample_app
from tests.asgi import call, http_scope, response_of
from tests.probes import probe


@pytest.fixture
def client():
    transport = httpx.ASGITransport(app=sample_app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_sample_answers_ok_on_its_routes(client) -> None:
    async with client:
        for path in ("/", "/users"):
            response = await client.get(path)
            assert response.status_code == 200
            assert response.text == "ok"


async def test_sample_answers_404_elsewhere(client) -> None:
    async with client:
        response = await client.get("/teams")
    assert response.status_code == 404
    assert response.text == "not found"


async def test_responses_carry_content_type_and_content_length(client) -> None:
    async with client:
        for path in ("/", "/missing"):
            response = await client.get(path)
            assert response.headers["content-type"] == "text/plain; charset=utf-8"
            assert int(response.headers["content-length"]) == len(response.content)


async def test_the_two_response_messages() -> None:
    recorder = await call(probe("part1").app, http_scope("GET", "/items"))
    assert recorder.sent == [
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"2")],
        },
        {"type": "http.response.body", "body": b"ok"},
    ]


async def test_the_matched_handler_runs() -> None:
    items = probe("part1")
    status, _, body = response_of(await call(items.app, http_scope("GET", "/items")))
    assert items.seen == {"calls": ["/items"]}
    assert (status, body) == (200, b"ok")


async def test_lookup_uses_the_scopes_method() -> None:
    items = probe("part1")
    status, _, _ = response_of(await call(items.app, http_scope("POST", "/items")))
    assert status == 404
    assert items.seen == {}


async def test_app_holds_its_router() -> None:
    app = App()
    assert app.router.get_route("/", "GET") is None
