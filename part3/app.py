"""The application: the callable an ASGI server calls for every request."""

import logging
from typing import Any

from .api_router import ApiRouter
from .exceptions import (
    ClientDisconnectedException,
    InvalidRequest,
    NotFoundException,
)
from .http_responses import (
    BaseHTTPResponse,
    INTERNAL_SERVER_ERROR_TEXTResponse,
)
from .request_data import MAX_BODY_SIZE, RequestData
from .router import Router
from .types import Receive, Scope, Send

logger = logging.getLogger(__name__)


class App:
    """An ASGI application that answers HTTP requests through its `router`.

    max_body_size caps what `RequestData.get_body()` reads into memory, in
    bytes (None: no cap). A handler that streams the body decides for itself.
    """

    def __init__(self, max_body_size: int | None = MAX_BODY_SIZE) -> None:
        self.router = Router()
        self.max_body_size = max_body_size
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
        if scope["type"] == "http":
            await self._handle_http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await _run_lifespan(receive, send)
        elif scope["type"] == "websocket":
            await _refuse_websocket(send)

    async def _handle_http(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Route the request, run its handler, send its response. Every
        failure becomes a response, except a client that left: nobody is
        there to read it."""
        try:
            route = self.router.get_route(_route_path(scope), scope["method"])
            if route is None:
                raise NotFoundException()
            request_data: RequestData[Any, Any] = RequestData(
                scope,
                receive,
                route.query_string_extractor,
                route.body_extractor,
                self.max_body_size,
            )
            response = await route.handler(request_data)
            if not isinstance(response, BaseHTTPResponse):
                # A partial or a callable object has no __qualname__.
                name = getattr(route.handler, "__qualname__", route.handler)
                kind = type(response).__name__
                raise TypeError(
                    f"{name} returned {kind}, not a BaseHTTPResponse"
                )
        except ClientDisconnectedException:
            return
        except InvalidRequest as exc:
            response = exc.http_response
        except Exception:
            method, path = scope["method"], scope["path"]
            logger.exception("Error while handling %s %s", method, path)
            response = INTERNAL_SERVER_ERROR_TEXTResponse()
        await response(scope, receive, send)


def _route_path(scope: Scope) -> str:
    """The path to route on, without the prefix the app is mounted under.

    Behind `uvicorn --root-path /api`, a request for /api/home arrives with
    path "/api/home" and root_path "/api"; some servers send path "/home".
    Both route on "/home".
    """
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if root_path and (path == root_path or path.startswith(root_path + "/")):
        return path[len(root_path) :]
    return path


async def _run_lifespan(receive: Receive, send: Send) -> None:
    """Answer the server's start-up and shut-down. No work to do yet."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _refuse_websocket(send: Send) -> None:
    """Decline a websocket politely: a close before the accept is a 403."""
    await send({"type": "websocket.close", "code": 1000})
