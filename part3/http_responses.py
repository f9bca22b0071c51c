"""Response classes, rendered once, and helpers named after their status codes."""

import json
from collections.abc import Callable, Mapping
from typing import Any

from .types import Receive, Scope, Send, StatusCode

# --8<-- [start:encoder]
# Built once and reused. allow_nan=False keeps every body valid JSON, and
# ensure_ascii writes non-ASCII text as \u escapes: the body is plain ASCII,
# so it encodes in any charset, even a lone surrogate from a client's JSON.
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":"))

Headers = Mapping[str, str] | None
# --8<-- [end:encoder]


# --8<-- [start:base]
class BaseHTTPResponse:
    """A complete response: the body is rendered and the headers are built once, here.

    Subclasses set `media_type` and override `render`. The response is itself
    an ASGI callable: `await response(scope, receive, send)` sends it.
    """

    media_type: str | None = None

    def __init__(
        self,
        body: Any,
        status_code: int = StatusCode.OK,
        headers: Headers = None,
        encode: str = "utf-8",
    ) -> None:
        self.status_code = int(status_code)
        self.encode = encode
        self.body = self.render(body)
        self.raw_headers = self._build_headers(headers or {})

    def render(self, body: Any) -> bytes:
        """Turn body into bytes. The base class takes bytes or str."""
        if isinstance(body, bytes):
            return body
        if isinstance(body, str):
            return body.encode(self.encode)
        raise TypeError(f"{type(self).__name__} takes bytes or str, not {type(body).__name__}")

    def _build_headers(self, headers: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
        # ASGI wants lower-case latin-1 byte pairs. We compute content-length
        # ourselves, so a caller's value can never disagree with the body.
        raw: list[tuple[bytes, bytes]] = []
        names = {name.lower() for name in headers}
        if self.media_type is not None and "content-type" not in names:
            content_type = f"{self.media_type}; charset={self.encode}"
            raw.append((b"content-type", content_type.encode("latin-1")))
        raw.append((b"content-length", str(len(self.body)).encode("latin-1")))
        for name, value in headers.items():
            if name.lower() != "content-length":
                raw.append((name.lower().encode("latin-1"), value.encode("latin-1")))
        return raw

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        # HEAD gets the headers GET would get, content-length included, but no body.
        body = b"" if scope["method"] == "HEAD" else self.body
        await send({"type": "http.response.body", "body": body})


# --8<-- [end:base]


# --8<-- [start:subclasses]
class TextResponse(BaseHTTPResponse):
    """Plain text: any body becomes `str(body)`, and None becomes an empty body."""

    media_type = "text/plain"

    def render(self, body: Any) -> bytes:
        return ("" if body is None else str(body)).encode(self.encode)


class JsonResponse(BaseHTTPResponse):
    """JSON: every body is serialised, so [], {}, 0, False and "" stay valid JSON,
    and None becomes `null`."""

    media_type = "application/json"

    def render(self, body: Any) -> bytes:
        return _JSON_ENCODER.encode(body).encode(self.encode)


# --8<-- [end:subclasses]


# --8<-- [start:helpers]
def _json_helper(status: StatusCode) -> Callable[..., JsonResponse]:
    """Make a JSON helper for status. With body=None it sends {"detail": <phrase>}."""

    def helper(body: Any = None, headers: Headers = None, encode: str = "utf-8") -> JsonResponse:
        body = {"detail": status.phrase} if body is None else body
        return JsonResponse(body, status, headers, encode)

    return helper


def _text_helper(status: StatusCode) -> Callable[..., TextResponse]:
    """Make a text helper for status. With body=None it sends the phrase, e.g. "Not Found"."""

    def helper(body: Any = None, headers: Headers = None, encode: str = "utf-8") -> TextResponse:
        body = status.phrase if body is None else body
        return TextResponse(body, status, headers, encode)

    return helper


OK_JSONResponse = _json_helper(StatusCode.OK)
NOT_FOUND_JSONResponse = _json_helper(StatusCode.NOT_FOUND)
BAD_REQUEST_JSONResponse = _json_helper(StatusCode.BAD_REQUEST)
INTERNAL_SERVER_ERROR_JSONResponse = _json_helper(StatusCode.INTERNAL_SERVER_ERROR)

OK_TEXTResponse = _text_helper(StatusCode.OK)
NOT_FOUND_TEXTResponse = _text_helper(StatusCode.NOT_FOUND)
BAD_REQUEST_TEXTResponse = _text_helper(StatusCode.BAD_REQUEST)
METHOD_NOT_ALLOWED_TEXTResponse = _text_helper(StatusCode.METHOD_NOT_ALLOWED)
INTERNAL_SERVER_ERROR_TEXTResponse = _text_helper(StatusCode.INTERNAL_SERVER_ERROR)
# --8<-- [end:helpers]
