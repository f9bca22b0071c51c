"""Exceptions that carry the response a client should get."""

from collections.abc import Iterable
from typing import Any

from .http_responses import (
    BAD_REQUEST_TEXTResponse,
    BaseHTTPResponse,
    JsonResponse,
    METHOD_NOT_ALLOWED_TEXTResponse,
    NOT_FOUND_TEXTResponse,
    TextResponse,
)
from .types import StatusCode


class InvalidRequest(Exception):
    """A request the client got wrong. The app answers `http_response`."""

    def __init__(self, message: str, http_response: BaseHTTPResponse) -> None:
        super().__init__(message)
        self.message = message
        self.http_response = http_response


class InvalidRequestDataException(InvalidRequest):
    """400: the request's data cannot be read, such as a body not in JSON."""

    def __init__(self, message: str) -> None:
        super().__init__(message, BAD_REQUEST_TEXTResponse(message))


class NotFoundException(InvalidRequest):
    """404: no route has this path."""

    def __init__(self, message: str = "Not found") -> None:
        super().__init__(message, NOT_FOUND_TEXTResponse(message))


class MethodNotAllowedException(InvalidRequest):
    """405: the path exists, but not for this method. See `Allow`."""

    def __init__(
        self,
        message: str = "Method not allowed",
        allowed_methods: Iterable[str] = (),
    ) -> None:
        self.allowed_methods = tuple(allowed_methods)
        headers = {"allow": ", ".join(self.allowed_methods)}
        response = METHOD_NOT_ALLOWED_TEXTResponse(message, headers)
        super().__init__(message, response)


class PayloadTooLargeException(InvalidRequest):
    """413: the body is larger than the app agrees to read into memory."""

    def __init__(self, message: str = "Request body too large") -> None:
        status = StatusCode.REQUEST_ENTITY_TOO_LARGE
        super().__init__(message, TextResponse(message, status))


class RequestValidationException(InvalidRequest):
    """422: values that do not fit the handler's parameters. It lists every
    problem, each a dict shaped as FastAPI shapes them: type, loc, msg and
    input, as in {"detail": [{"type": "missing", ...}]}."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        status = StatusCode.UNPROCESSABLE_ENTITY
        response = JsonResponse({"detail": errors}, status)
        super().__init__(f"{len(errors)} invalid value(s)", response)


class ClientDisconnectedException(Exception):
    """The client left before its body was read. Nobody is left to answer."""


class WebSocketDisconnect(Exception):
    """The WebSocket's client has gone. code and reason are those of its
    close frame: 1006 when it vanished without one (ASGI's rule)."""

    def __init__(self, code: int = 1000, reason: str = "") -> None:
        super().__init__(f"WebSocket closed: {code} {reason}".rstrip())
        self.code = code
        self.reason = reason
