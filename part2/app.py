"""The application: the callable that an ASGI server invokes for each connection."""

from collections.abc import Awaitable, Callable
from typing import Any

from .api_router import ApiRouter
from .request_data import RequestData
from .router import Router

# --8<-- [start:asgi]
# The ASGI boundary. Part 3 moves these aliases into types.py.
Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
# --8<-- [end:asgi]


# --8<-- [start:app]
class App:
    """An ASGI application that answers HTTP requests through its `router`."""

    def __init__(self) -> None:
        self.router = Router()
        self._routes_included = False

    # --8<-- [start:include_routes]
    def include_routes(self, routers: list[ApiRouter]) -> None:
        """Add every route of routers to this app's router. Call it once, with all of them."""
        if self._routes_included:
            raise RuntimeError("include_routes() was already called: pass every ApiRouter at once")
        self._routes_included = True
        for api_router in routers:
            for definition in api_router.routes:
                self.router.add_route(*definition)

    # --8<-- [end:include_routes]

    # --8<-- [start:call]
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
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

    # --8<-- [end:call]
    # --8<-- [end:app]


# --8<-- [start:send_text]
async def _send_text(send: Send, status: int, body: bytes) -> None:
    """Send a complete plain-text response: the start message, then the body."""
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode("latin-1")),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --8<-- [end:send_text]


# --8<-- [start:refuse_websocket]
async def _refuse_websocket(send: Send) -> None:
    """Decline a websocket politely: closing before accepting makes the server answer 403."""
    await send({"type": "websocket.close", "code": 1000})


# --8<-- [end:refuse_websocket]
