"""A request id: in the response, for handlers, and in every log line."""

import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

from part5.http_responses import BaseHTTPResponse
from part5.middleware import BaseGlobalMiddleware, CallNext
from part5.request_data import RequestData

# The id of the request being answered, None outside a request.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# What a client's id may be: short, and nothing that could forge a log line.
_SENSIBLE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")


class RequestId(BaseGlobalMiddleware):
    """Gives every request an id: the client's x-request-id if it is a
    sensible one, a new one otherwise. The response carries it back.

    While the rest of the chain runs, `request_id.get()` is the id, for
    the handler and for every log line (see RequestIdFilter). Put it
    first in `App(middlewares=[...])`, so that it covers the others.
    """

    async def __call__(
        self, request_data: RequestData[Any, Any], call_next: CallNext
    ) -> BaseHTTPResponse:
        sent = await request_data.get_header_value("x-request-id") or ""
        this_id = sent if _SENSIBLE_ID.fullmatch(sent) else uuid.uuid4().hex
        token = request_id.set(this_id)
        try:
            response = await call_next(request_data)
        finally:
            request_id.reset(token)  # what it was before, not None
        response.add_header("x-request-id", this_id)
        return response


class RequestIdFilter(logging.Filter):
    """Adds the request id to every log record, as record.request_id: "-"
    outside a request. Attach it to a handler, and use %(request_id)s in
    the handler's format."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True  # a filter that only adds, never drops a record
