"""Part 7's App: its options and rules, and the lifespan state and background tasks as
a handler sees them (tests/app_suite.py), and where include_routes puts a WebSocket
route. What a request gets is in the behaviour table, tests/behaviours.py; a
WebSocket's conversation, in test_websocket.py."""

import logging

import pytest

from part7.api_router import ApiRouter
from part7.app import App
from part7.params import HandlerPlan
from part7.websocket import WebSocket
from tests.app_suite import app_tests, state_and_tasks_tests
from tests.asgi import CONNECT, call, http_scope, response_of, websocket_scope

globals().update(app_tests("part7"))
globals().update(state_and_tasks_tests("part7"))


async def test_websocket_routes_have_a_router_of_their_own() -> None:
    api = ApiRouter()

    @api.websocket("/ws")
    async def socket(websocket: WebSocket) -> None:
        pass

    app = App()
    app.include_routes([api])
    route, params = app.websocket_router.match("/ws", "GET")
    assert isinstance(route.handler, HandlerPlan)  # planned, and no middleware around it
    assert route.handler.handler is socket
    assert params == {}
    assert app.router.match("/ws", "GET") is None  # over HTTP: 404
    status, _, body = response_of(await call(app, http_scope("GET", "/ws")))
    assert (status, body) == (404, b"Not found")


async def test_a_websocket_route_mounted_under_a_root_path() -> None:
    api = ApiRouter()

    @api.websocket("/ws")
    async def socket(websocket: WebSocket) -> None:
        await websocket.accept()

    app = App()
    app.include_routes([api])
    scope = websocket_scope("/api/ws")
    scope["root_path"] = "/api"
    sent = (await call(app, scope, [CONNECT])).sent
    assert [message["type"] for message in sent] == ["websocket.accept", "websocket.close"]


def test_a_plain_def_websocket_handler_is_refused_when_its_route_is_added() -> None:
    api = ApiRouter()

    @api.websocket("/ws")
    def socket(websocket: WebSocket) -> None:
        pass

    with pytest.raises(TypeError, match="socket must be an async def function"):
        App().include_routes([api])


async def test_an_unknown_scope_type_is_ignored(caplog) -> None:
    with caplog.at_level(logging.DEBUG):
        recorder = await call(App(), {"type": "something-new"}, [])
    assert recorder.sent == [] and caplog.records == []
