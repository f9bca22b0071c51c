"""Compress large responses for clients that accept gzip."""

import gzip
from typing import Any

from part5.http_responses import BaseHTTPResponse
from part5.middleware import BaseGlobalMiddleware, CallNext
from part5.request_data import RequestData


class GZipMiddleware(BaseGlobalMiddleware):
    """Sends responses of at least minimum_size bytes gzip-compressed to
    the clients whose accept-encoding allows it.

    Such a response gets `vary: accept-encoding` whether it is compressed
    or not, so that a cache keeps the two forms apart. A response that
    already has a content-encoding, or is smaller, is left alone.
    """

    def __init__(self, minimum_size: int = 500) -> None:
        if minimum_size < 0:
            raise ValueError("minimum_size cannot be negative")
        self.minimum_size = minimum_size

    async def __call__(
        self, request_data: RequestData[Any, Any], call_next: CallNext
    ) -> BaseHTTPResponse:
        response = await call_next(request_data)
        headers = response.get_headers()
        if (
            "content-encoding" in headers
            or len(response.get_body()) < self.minimum_size
        ):
            return response
        accepted = await request_data.get_header_value("accept-encoding")
        if accepts_gzip(accepted or ""):
            response = _compressed(response)
        response.add_header("vary", _vary(headers.get("vary")))
        return response


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether a client that sent accept_encoding takes gzip: it names gzip
    (in any case) with a q above 0, or does not name it and accepts "*".

    "deflate, gzip;q=0.5" is a yes, "gzip;q=0, *" a no. A q that is not
    a number from 0 to 1 counts as 0: when in doubt, do not compress.
    """
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, _, parameters = item.partition(";")
        weights.setdefault(coding.strip().lower(), _quality(parameters))
    return weights.get("gzip", weights.get("*", 0.0)) > 0


def _quality(parameters: str) -> float:
    """The q of "q=0.5" (parameters of one coding); 1.0 when not given."""
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                return 0.0
            return quality if 0 <= quality <= 1 else 0.0
    return 1.0


def _compressed(response: BaseHTTPResponse) -> BaseHTTPResponse:
    """The response with its body compressed.

    content-length is computed from the body when a response is built, so
    this is a new response, with every other header copied as raw pairs
    (two set-cookie headers stay two). mtime=0 leaves the time out of the
    gzip header: the same body always compresses to the same bytes.
    """
    body = gzip.compress(response.get_body(), mtime=0)
    compressed = BaseHTTPResponse(body, response.get_status_code())
    compressed.raw_headers += [
        (name, value)
        for name, value in response.raw_headers
        if name != b"content-length"
    ]
    compressed.add_header("content-encoding", "gzip")
    return compressed


def _vary(vary: str | None) -> str:
    """The vary header, with accept-encoding added if it is not there."""
    if vary is None:
        return "accept-encoding"
    names = [name.strip().lower() for name in vary.split(",")]
    return vary if "accept-encoding" in names else f"{vary}, accept-encoding"
