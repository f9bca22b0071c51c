"""Part 3's App, handing handlers the RequestData of request_data.py.

Nothing to change here: it is Part 3's App._handle_http with one
difference, the RequestData it builds.
"""

import logging

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
from part3.types import Receive, Scope, Send

from .request_data import RequestData

logger = logging.getLogger(__name__)


class App(Part3App):
    """Part 3's App, whose handlers get this package's RequestData."""

    async def _handle_http(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        try:
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
