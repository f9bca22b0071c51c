"""The application: the callable an ASGI server calls for every request."""

from collections.abc import Awaitable, Callable
from typing import Any

from .api_router import ApiRouter
from .request_data import RequestData
from .router import Router

# The ASGI boundary. Part 3 moves these aliases into types.py.
Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class App:
    """An ASGI application that answers HTTP requests through its `router`."""

    def __init__(self) -> None:
        self.router = Router()
        self._routes_included = False

    def include_routes(self, routers: list[ApiRouter]) -> None:
        """Add the routes of every ApiRouter to this app. Call it once."""
        if self._routes_included:
            raise RuntimeError("include_routes() can only be called once")
        self._routes_included = True
        for api_router in routers:
            for route in api_router.routes:
                self.router.add_route(
                    route.path,
                    route.handler,
                    route.method,
                    query_string_extractor=route.query_string_extractor,
                    body_extractor=route.body_extractor,
                )

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] == "websocket":
            await _refuse_websocket(send)
        if scope["type"] != "http":
            return  # lifespan needs no work yet: returning is a valid answer
        route = self.router.get_route(scope["path"], scope["method"])
        if route is None:
            await _send_text(send, 404, b"not found")
            return
        await route.handler(RequestData(scope, route.query_string_extractor))
        await _send_text(send, 200, b"ok")


async def _send_text(send: Send, status: int, body: bytes) -> None:
    """Send a whole plain-text response: the start message, then the body."""
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode("latin-1")),
    ]
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": headers,
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})


async def _refuse_websocket(send: Send) -> None:
    """Decline a websocket politely: a close before the accept is a 403."""
    await send({"type": "websocket.close", "code": 1000})
