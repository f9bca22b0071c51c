"""The application: the callable that an ASGI server invokes for each connection."""

import logging

from .api_router import ApiRouter
from .exceptions import ClientDisconnectedException, InvalidRequest, NotFoundException
from .http_responses import BaseHTTPResponse, INTERNAL_SERVER_ERROR_TEXTResponse
from .request_data import RequestData
from .router import Router
from .types import Receive, Scope, Send

logger = logging.getLogger(__name__)


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
        if scope["type"] == "http":
            try:
                response = await self._get_response(scope, receive)
            except ClientDisconnectedException:
                return  # the client is gone: there is nobody to answer
            await response(scope, receive, send)
        elif scope["type"] == "lifespan":
            await _run_lifespan(receive, send)
        elif scope["type"] == "websocket":
            await _refuse_websocket(send)

    # --8<-- [end:call]
    # --8<-- [start:get_response]
    async def _get_response(self, scope: Scope, receive: Receive) -> BaseHTTPResponse:
        """Run the request, and turn any failure into a response."""
        try:
            return await self._run_handler(scope, receive)
        except InvalidRequest as exc:
            return exc.http_response
        except ClientDisconnectedException:
            raise
        except Exception:
            logger.exception("Error while handling %s %s", scope["method"], scope["path"])
            return INTERNAL_SERVER_ERROR_TEXTResponse()

    async def _run_handler(self, scope: Scope, receive: Receive) -> BaseHTTPResponse:
        """Route the request and run its handler: the path where nothing goes wrong."""
        route = self.router.get_route(scope["path"], scope["method"])
        if route is None:
            raise NotFoundException()
        request_data = RequestData(
            scope, receive, route.query_string_extractor, route.body_extractor
        )
        response = await route.handler(request_data)
        if not isinstance(response, BaseHTTPResponse):
            logger.error(
                "Handler %s returned %s, not a BaseHTTPResponse",
                route.handler.__qualname__,
                type(response).__name__,
            )
            return INTERNAL_SERVER_ERROR_TEXTResponse()
        return response

    # --8<-- [end:get_response]
    # --8<-- [end:app]


# --8<-- [start:lifespan]
async def _run_lifespan(receive: Receive, send: Send) -> None:
    """Answer the server's start-up and shut-down messages. There is no work to do yet."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


# --8<-- [end:lifespan]


# --8<-- [start:refuse_websocket]
async def _refuse_websocket(send: Send) -> None:
    """Decline a websocket politely: closing before accepting makes the server answer 403."""
    await send({"type": "websocket.close", "code": 1000})


# --8<-- [end:refuse_websocket]
