"""Part 7's global middleware: the chain, its order, and what it sees
(tests/middleware_suite.py); typed handlers inside it (a 422 and plain data are
responses too); a streamed response, whose after-code runs at the first byte; and
WebSocket handlers, which no framework middleware wraps."""

import json
import logging

from part7.api_router import ApiRouter
from part7.app import App
from part7.http_responses import StreamingResponse
from part7.middleware import BaseGlobalMiddleware
from part7.websocket import WebSocket
from tests.asgi import (
    CONNECT,
    call,
    http_scope,
    response_of,
    websocket_scope,
    ws_text,
)
from tests.middleware_suite import middleware_tests

globals().update(middleware_tests("part7"))


class Note(BaseGlobalMiddleware):
    """Notes the path and the status its call_next returned, and stamps the response."""

    def __init__(self, events: list[str] | None = None) -> None:
        self.events = [] if events is None else events

    async def __call__(self, request_data, call_next):
        response = await call_next(request_data)
        self.events.append(f"after {request_data.scope['path']} {response.get_status_code()}")
        response.add_header("x-seen", "yes")
        return response


async def test_the_after_code_runs_for_a_422_and_a_plain_return() -> None:
    api = ApiRouter()

    @api.get("/count")
    async def count(n: int) -> dict[str, int]:
        return {"n": n}

    note = Note()
    app = App(middlewares=[note])
    app.include_routes([api])
    refused = response_of(await call(app, http_scope("GET", "/count", b"n=ten")))
    answered = response_of(await call(app, http_scope("GET", "/count", b"n=3")))
    assert (refused[0], refused[1]["x-seen"]) == (422, "yes")
    assert json.loads(refused[2])["detail"][0]["loc"] == ["query", "n"]
    assert (answered[0], answered[1]["x-seen"], answered[2]) == (200, "yes", b'{"n":3}')
    assert note.events == ["after /count 422", "after /count 200"]


async def test_the_after_code_of_a_streamed_response_runs_at_the_first_byte() -> None:
    # The middleware gets the response object before its body streams: its
    # after-code runs before the first piece, not after the last.
    events: list[str] = []
    api = ApiRouter()

    @api.get("/stream")
    async def stream() -> StreamingResponse:
        async def pieces():
            for number in range(2):
                events.append(f"piece {number}")
                yield b"."

        return StreamingResponse(pieces())

    app = App(middlewares=[Note(events)])
    app.include_routes([api])
    status, headers, body = response_of(await call(app, http_scope("GET", "/stream")))
    assert events == ["after /stream 200", "piece 0", "piece 1"]
    assert (status, headers["x-seen"], body) == (200, "yes", b"..")


async def test_no_framework_middleware_wraps_a_websocket_handler(caplog) -> None:
    api = ApiRouter()

    @api.websocket("/ws")
    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(await websocket.receive_text())

    @api.get("/page")
    async def page() -> dict[str, str]:
        return {"page": "yes"}

    note = Note()
    app = App(middlewares=[note])
    app.include_routes([api])
    with caplog.at_level(logging.DEBUG):
        sent = (await call(app, websocket_scope("/ws"), [CONNECT, ws_text("hi")])).sent
    assert [m["type"] for m in sent] == ["websocket.accept", "websocket.send", "websocket.close"]
    assert note.events == []  # as Starlette's BaseHTTPMiddleware, it sees HTTP only
    assert caplog.records == []
    response_of(await call(app, http_scope("GET", "/page")))
    assert note.events == ["after /page 200"]
