"""An App whose exceptions the application can answer itself."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from part3.app import App as Part3App
from part3.app import _route_path
from part3.exceptions import (
    ClientDisconnectedException,
    InvalidRequest,
    NotFoundException,
)
from part3.http_responses import (
    BaseHTTPResponse,
    INTERNAL_SERVER_ERROR_TEXTResponse,
)
from part3.request_data import MAX_BODY_SIZE, RequestData
from part3.types import Receive, Scope, Send

logger = logging.getLogger(__name__)

# A handler gets the scope and the exception, and returns the response.
ExceptionHandler = Callable[[Scope, Any], Awaitable[BaseHTTPResponse]]


class App(Part3App):
    """Part 3's App, where the application can answer exceptions itself,
    as with Starlette's `exception_handlers`.

    `app.add_exception_handler(NotFoundException, not_found_page)` makes
    every 404 the page not_found_page returns. For each exception, the
    handler of the nearest class in its MRO answers; with none, Part 3
    answers as before. A bug, an exception that only a handler for
    Exception expects, is still logged with its traceback.
    """

    def __init__(self, max_body_size: int | None = MAX_BODY_SIZE) -> None:
        super().__init__(max_body_size)
        self._handlers: dict[type[Exception], ExceptionHandler] = {}

    def add_exception_handler(
        self, exc_class: type[Exception], handler: ExceptionHandler
    ) -> None:
        """Answer exceptions of exc_class, and its subclasses, with handler.
        A second handler for the same class replaces the first."""
        if not (
            isinstance(exc_class, type) and issubclass(exc_class, Exception)
        ):
            raise TypeError(f"{exc_class!r} is not an exception class")
        self._handlers[exc_class] = handler

    async def _handle_http(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Answer one request. A failure's response comes from its handler,
        if it has one, except for a client that left."""
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
                name = getattr(route.handler, "__qualname__", route.handler)
                kind = type(response).__name__
                raise TypeError(
                    f"{name} returned {kind}, not a BaseHTTPResponse"
                )
        except ClientDisconnectedException:
            return
        except Exception as exc:
            response = await self._answer(scope, exc)
        await response(scope, receive, send)

    async def _answer(self, scope: Scope, exc: Exception) -> BaseHTTPResponse:
        """The response for exc, from the handler of the nearest class in
        its MRO. InvalidRequest and Exception have built-in handlers, Part
        3's: the exception's own http_response, and the generic 500."""
        handled_as = next(
            kind
            for kind in type(exc).__mro__
            if kind in self._handlers or kind in (InvalidRequest, Exception)
        )
        if handled_as is Exception:  # a bug, whoever answers it
            method, path = scope["method"], scope["path"]
            logger.error(
                "Error while handling %s %s", method, path, exc_info=exc
            )
        handler = self._handlers.get(handled_as)
        if handler is None:
            if isinstance(exc, InvalidRequest):
                return exc.http_response
            return INTERNAL_SERVER_ERROR_TEXTResponse()
        try:
            response = await handler(scope, exc)
            if not isinstance(response, BaseHTTPResponse):
                kind = type(response).__name__
                raise TypeError(f"returned {kind}, not a BaseHTTPResponse")
        except Exception:
            logger.exception("The handler for %s failed", handled_as.__name__)
            return INTERNAL_SERVER_ERROR_TEXTResponse()
        return response
