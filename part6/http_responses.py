"""Response classes, rendered once, and helpers named after status codes."""

import json
from collections.abc import Mapping
from typing import Any

from .types import Receive, Scope, Send, StatusCode

# Built once and reused. allow_nan=False keeps every body valid JSON, and
# ensure_ascii writes non-ASCII text as \u escapes: the body is plain ASCII,
# so it encodes in any charset, even a lone surrogate from a client's JSON.
_JSON_ENCODER = json.JSONEncoder(
    ensure_ascii=True, allow_nan=False, separators=(",", ":")
)

Headers = Mapping[str, str] | None


class BaseHTTPResponse:
    """A complete response, its body rendered and its headers built once.

    Subclasses set `media_type` and override `render`. The response is
    itself an ASGI callable: `await response(scope, receive, send)` sends it.
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
        self._body = self.render(body)
        # ASGI wants lower-case latin-1 byte pairs. content-length comes from
        # the rendered body, which cannot change: no caller can make the two
        # disagree.
        self.raw_headers: list[tuple[bytes, bytes]] = []
        if self.media_type is not None:
            content_type = f"{self.media_type}; charset={encode}"
            self.raw_headers.append(
                (b"content-type", content_type.encode("latin-1"))
            )
        length = str(len(self._body)).encode("latin-1")
        self.raw_headers.append((b"content-length", length))
        if headers:
            for name, value in headers.items():
                self.add_header(name, value)

    @property
    def body(self) -> bytes:
        """The rendered body: the bytes that will be sent."""
        return self._body

    @body.setter
    def body(self, value: bytes) -> None:
        raise AttributeError(
            "a response's body is rendered once, and its content-length "
            "with it: build a new response to send another body"
        )

    def render(self, body: Any) -> bytes:
        """Turn body into bytes. The base class takes bytes or str."""
        if isinstance(body, bytes):
            return body
        if isinstance(body, str):
            return body.encode(self.encode)
        kind = type(body).__name__
        raise TypeError(
            f"{type(self).__name__} takes bytes or str, not {kind}"
        )

    def add_header(self, key: str, value: str) -> None:
        """Set a header, replacing any of the same name (in any case).

        content-length is computed from the body: setting it is an error.
        """
        name = key.lower().encode("latin-1")
        if name == b"content-length":
            raise ValueError("content-length is computed from the body")
        self.raw_headers = [h for h in self.raw_headers if h[0] != name]
        self.raw_headers.append((name, value.encode("latin-1")))

    def get_headers(self) -> dict[str, str]:
        """The headers that will be sent, with lower-case names."""
        return {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in self.raw_headers
        }

    def get_status_code(self) -> int:
        return self.status_code

    def get_body(self) -> bytes:
        """The rendered body: the bytes that will be sent."""
        return self._body

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": self.raw_headers,
            }
        )
        # HEAD gets the headers GET gets, content-length too, but no body.
        body = b"" if scope["method"] == "HEAD" else self._body
        await send({"type": "http.response.body", "body": body})


class TextResponse(BaseHTTPResponse):
    """Plain text: bytes are sent as they are, None as an empty body, and
    anything else as `str(body)`."""

    media_type = "text/plain"

    def render(self, body: Any) -> bytes:
        if body is None:
            return b""
        return super().render(body if isinstance(body, bytes) else str(body))


class JsonResponse(BaseHTTPResponse):
    """JSON: every body is serialised, so [], {}, 0, False and "" stay valid
    JSON, and None becomes `null`."""

    media_type = "application/json"

    def render(self, body: Any) -> bytes:
        return _JSON_ENCODER.encode(body).encode(self.encode)


def _json(
    status: int, body: Any, headers: Headers, encode: str
) -> JsonResponse:
    """The JSON helpers' shared work: with no body, {"detail": <phrase>}."""
    body = {"detail": StatusCode(status).phrase} if body is None else body
    return JsonResponse(body, status, headers, encode)


def _text(
    status: int, body: Any, headers: Headers, encode: str
) -> TextResponse:
    """The text helpers' shared work: with no body, the phrase."""
    body = StatusCode(status).phrase if body is None else body
    return TextResponse(body, status, headers, encode)


def OK_JSONResponse(
    body: Any = None, headers: Headers = None, encode: str = "utf-8"
) -> JsonResponse:
    return _json(200, body, headers, encode)


def NOT_FOUND_JSONResponse(
    body: Any = None, headers: Headers = None, encode: str = "utf-8"
) -> JsonResponse:
    return _json(404, body, headers, encode)


def BAD_REQUEST_JSONResponse(
    body: Any = None, headers: Headers = None, encode: str = "utf-8"
) -> JsonResponse:
    return _json(400, body, headers, encode)


def INTERNAL_SERVER_ERROR_JSONResponse(
    body: Any = None, headers: Headers = None, encode: str = "utf-8"
) -> JsonResponse:
    return _json(500, body, headers, encode)


def OK_TEXTResponse(
    body: Any = None, headers: Headers = None, encode: str = "utf-8"
) -> TextResponse:
    return _text(200, body, headers, encode)


def NOT_FOUND_TEXTResponse(
    body: Any = None, headers: Headers = None, encode: str = "utf-8"
) -> TextResponse:
    return _text(404, body, headers, encode)


def BAD_REQUEST_TEXTResponse(
    body: Any = None, headers: Headers = None, encode: str = "utf-8"
) -> TextResponse:
    return _text(400, body, headers, encode)


def METHOD_NOT_ALLOWED_TEXTResponse(
    body: Any = None, headers: Headers = None, encode: str = "utf-8"
) -> TextResponse:
    return _text(405, body, headers, encode)


def INTERNAL_SERVER_ERROR_TEXTResponse(
    body: Any = None, headers: Headers = None, encode: str = "utf-8"
) -> TextResponse:
    return _text(500, body, headers, encode)
