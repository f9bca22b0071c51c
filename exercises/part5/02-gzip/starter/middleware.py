"""Compress large responses for clients that accept gzip. Edit this file."""

from typing import Any

from part5.http_responses import BaseHTTPResponse
from part5.middleware import BaseGlobalMiddleware, CallNext
from part5.request_data import RequestData


class GZipMiddleware(BaseGlobalMiddleware):
    """Sends responses of at least minimum_size bytes gzip-compressed to
    the clients whose accept-encoding allows it."""

    def __init__(self, minimum_size: int = 500) -> None:
        self.minimum_size = minimum_size

    async def __call__(
        self, request_data: RequestData[Any, Any], call_next: CallNext
    ) -> BaseHTTPResponse:
        # TODO: compress what is worth it, for clients that accept gzip.
        return await call_next(request_data)
