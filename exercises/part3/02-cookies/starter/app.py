"""Part 3's App, handing handlers the RequestData of request_data.py.

Nothing to change here: it is Part 3's App._run_handler with one
difference, the RequestData it builds.
"""

from part3.app import App as Part3App
from part3.app import _route_path
from part3.exceptions import NotFoundException
from part3.http_responses import BaseHTTPResponse
from part3.types import Receive, Scope

from .request_data import RequestData


class App(Part3App):
    """Part 3's App, whose handlers get this package's RequestData."""

    async def _run_handler(
        self, scope: Scope, receive: Receive
    ) -> BaseHTTPResponse:
        route = self.router.get_route(_route_path(scope), scope["method"])
        if route is None:
            raise NotFoundException()
        request_data = RequestData(
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
            raise TypeError(f"{name} returned {kind}, not a BaseHTTPResponse")
        return response
