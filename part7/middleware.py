"""Global middleware: code that runs around every matched route's handler.

This module holds the contract a middleware implements. The app builds the
chain that runs them, once per route (`App._build_chain` in app.py).
"""

from collections.abc import Awaitable, Callable
from typing import Any

from .http_responses import BaseHTTPResponse
from .request_data import RequestData

# What a middleware calls to run the rest of the chain: the next
# middleware, and at the end the route's handler. It always returns a
# response, even when the handler failed.
CallNext = Callable[[RequestData[Any, Any]], Awaitable[BaseHTTPResponse]]


class BaseGlobalMiddleware:
    """A layer around the handlers of every route of the app.

    A subclass implements `__call__`: it may work before the handler, run
    the rest of the chain with `await call_next(request_data)`, work on the
    response (say, `response.add_header(...)`), and return a response.
    It may also answer on its own, without calling call_next. For example:

        class PoweredBy(BaseGlobalMiddleware):
            async def __call__(self, request_data, call_next):
                response = await call_next(request_data)
                response.add_header("x-powered-by", "part5")
                return response

    `App(middlewares=[first, second])` makes `first` the outermost layer.
    call_next comes second, by position: name that parameter as you like.
    """

    async def __call__(
        self, request_data: RequestData[Any, Any], call_next: CallNext
    ) -> BaseHTTPResponse:
        raise NotImplementedError("a middleware implements __call__")
