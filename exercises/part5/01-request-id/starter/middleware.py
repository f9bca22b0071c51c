"""A request id: in the response, for handlers, and in every log line.
Edit this file."""

import logging
from contextvars import ContextVar
from typing import Any

from part5.http_responses import BaseHTTPResponse
from part5.middleware import BaseGlobalMiddleware, CallNext
from part5.request_data import RequestData

# The id of the request being answered, None outside a request.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


class RequestId(BaseGlobalMiddleware):
    """Gives every request an id: the client's x-request-id if it is a
    sensible one, a new one otherwise. The response carries it back."""

    async def __call__(
        self, request_data: RequestData[Any, Any], call_next: CallNext
    ) -> BaseHTTPResponse:
        raise NotImplementedError("choose the id, set request_id, call_next")


class RequestIdFilter(logging.Filter):
    """Adds the request id to every log record, as record.request_id."""

    def filter(self, record: logging.LogRecord) -> bool:
        raise NotImplementedError("set record.request_id, keep the record")
