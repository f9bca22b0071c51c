"""Part 7's typed handlers (params.py): Part 6's plan, read once when include_routes
adds a route, which Part 7 keeps whole (tests/params_suite.py, shared with Part 6; the
FastAPI parity: test_fastapi.py), and extends to WebSocket routes: the connection by
annotation or by the name `websocket`, path and query values, and no body.
"""

import inspect
import re
import typing
from dataclasses import dataclass
from typing import Any

import pytest

from part7.api_router import ApiRouter
from part7.app import App
from part7.params import HandlerPlan
from part7.websocket import WebSocket
from tests.asgi import CONNECT, call, websocket_scope
from tests.params_suite import params_tests

globals().update(params_tests("part7"))


def app_of(api: ApiRouter) -> App:
    app = App()
    app.include_routes([api])
    return app


@dataclass
class Point:
    x: int


async def a_websocket_over_http(socket: WebSocket) -> None:
    pass


def test_a_websocket_parameter_on_an_http_route_is_a_type_error() -> None:
    api = ApiRouter()
    api.get("/")(a_websocket_over_http)
    message = "a_websocket_over_http, parameter socket: <class"
    with pytest.raises(TypeError, match=re.escape(message)):
        App().include_routes([api])


async def a_websocket_with_a_body(websocket: WebSocket, point: Point) -> None:
    pass


async def two_websockets(websocket, other: WebSocket) -> None:
    pass


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (
            a_websocket_with_a_body,
            "a_websocket_with_a_body, parameter point: a WebSocket handshake has no body",
        ),
        (two_websockets, "two_websockets, parameter other: the request's data a second time"),
    ],
)
def test_what_a_websocket_route_cannot_serve_is_a_type_error_too(handler, message) -> None:
    api = ApiRouter()
    api.websocket("/ws")(handler)
    with pytest.raises(TypeError, match=re.escape(message)):
        App().include_routes([api])


async def test_a_websocket_routes_plan_gives_the_connection_and_typed_values() -> None:
    api = ApiRouter()
    got: list[Any] = []

    @api.websocket("/ws/{room}")
    async def by_annotation(socket: WebSocket, room: str, n: int = 0) -> None:
        got.append((type(socket).__name__, room, n))

    @api.websocket("/ws/{room}/raw")
    async def by_name(websocket, room, request_data: str = "") -> None:
        # request_data is nothing special here: a query parameter like any other
        got.append((type(websocket).__name__, room, request_data))

    app = app_of(api)
    plan = app.websocket_router.get_route("/ws/a", "GET").handler
    assert isinstance(plan, HandlerPlan) and plan.request_name == "socket"
    await call(app, websocket_scope("/ws/a", b"n=2"), [CONNECT])
    await call(app, websocket_scope("/ws/b/raw", b"request_data=x"), [CONNECT])
    assert got == [("WebSocket", "a", 2), ("WebSocket", "b", "x")]


async def test_no_signature_is_read_per_websocket(monkeypatch) -> None:
    api = ApiRouter()

    @api.websocket("/ws/{room}")
    async def chat(websocket: WebSocket, room: str, n: int = 1) -> None:
        await websocket.accept()
        await websocket.send_text(room * n)

    app = app_of(api)  # every signature is read here

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a signature was read for a connection")

    for module, name in [
        (inspect, "signature"),
        (typing, "get_type_hints"),
        (typing, "get_origin"),
        (typing, "get_args"),
    ]:
        monkeypatch.setattr(module, name, refuse)
    sent = (await call(app, websocket_scope("/ws/lobby", b"n=2"), [CONNECT])).sent
    assert sent[1] == {"type": "websocket.send", "text": "lobbylobby"}
