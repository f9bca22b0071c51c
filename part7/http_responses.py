"""Response classes, rendered once or streamed, and helpers named after
status codes."""

import asyncio
import json
import re
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from .types import Message, Receive, Scope, Send, StatusCode

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


class StreamingResponse(BaseHTTPResponse):
    """A response whose body is sent piece by piece, as content yields it:
    bytes, or str (encoded with encode).

    It has no content-length, so the server sends it chunked, unless
    headers give one (a file of known size). While it streams, it listens
    for the client leaving: then it stops pulling from content and closes
    it, so a generator's `finally` runs, and nothing is logged. An error
    in content goes to the server, which closes the connection.
    """

    def __init__(
        self,
        content: AsyncIterable[bytes | str],
        status_code: int = StatusCode.OK,
        headers: Headers = None,
        media_type: str | None = None,
        encode: str = "utf-8",
    ) -> None:
        self.status_code = int(status_code)
        self.encode = encode
        self.content = content
        self.media_type = media_type or self.media_type
        self.raw_headers = []
        if self.media_type is not None:
            content_type = f"{self.media_type}; charset={encode}"
            self.raw_headers.append(
                (b"content-type", content_type.encode("latin-1"))
            )
        for name, value in (headers or {}).items():
            if name.lower() == "content-length":  # the caller knows the size
                length = value.encode("latin-1")
                self.raw_headers.append((b"content-length", length))
            else:
                self.add_header(name, value)

    @property
    def body(self) -> bytes:
        """Nothing to read: the body is sent as content yields it."""
        raise AttributeError("a StreamingResponse has no body in memory")

    @body.setter
    def body(self, value: bytes) -> None:
        raise AttributeError("a StreamingResponse has no body in memory")

    def get_body(self) -> bytes:
        return self.body

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        start = {
            "type": "http.response.start",
            "status": self.status_code,
            "headers": self.raw_headers,
        }
        if scope["method"] == "HEAD":  # the headers, and content unread
            await _close(self.content)
            if await _sent(send, start):
                await _sent(send, {"type": "http.response.body", "body": b""})
            return
        if not await _sent(send, start):  # the client has gone already
            await _close(self.content)
            return
        streaming = asyncio.create_task(self._send_content(send))
        listening = asyncio.create_task(
            _stop_if_client_leaves(receive, streaming)
        )
        try:
            await asyncio.wait((streaming,))  # sent, failed, or stopped
        finally:  # also when we are cancelled ourselves
            streaming.cancel()
            listening.cancel()
            await asyncio.wait((streaming, listening))
        if not streaming.cancelled():
            streaming.result()  # what content raised goes to the server

    async def _send_content(self, send: Send) -> None:
        """Send each piece with more_body, then the empty last one, until
        the client has gone."""
        try:
            async for piece in self.content:
                if isinstance(piece, str):
                    piece = piece.encode(self.encode)
                message = {"body": piece, "more_body": True}
                if not await _sent(
                    send, {"type": "http.response.body", **message}
                ):
                    return
            await _sent(send, {"type": "http.response.body", "body": b""})
        finally:
            await _close(self.content)


async def _sent(send: Send, message: Message) -> bool:
    """Send message; False if the client has gone. A send that raises
    OSError is a client that left (ASGI 2.4): not an error. (An OSError
    that content raises is its own, and goes to the server.)"""
    try:
        await send(message)
    except OSError:
        return False
    return True


async def _stop_if_client_leaves(
    receive: Receive, streaming: asyncio.Task[None]
) -> None:
    """Stop streaming the moment the client has gone: not one piece more.
    Body messages meanwhile are read and dropped: a streaming handler
    reads its body before it answers."""
    message: Message = await receive()
    while message["type"] != "http.disconnect":
        message = await receive()
    streaming.cancel()


async def _close(content: AsyncIterable[Any]) -> None:
    """Close content if it can be closed, as an async generator can: its
    `finally` runs now, not whenever it is garbage-collected."""
    aclose = getattr(content, "aclose", None)
    if aclose is not None:
        await aclose()


# A line break, as the event-stream format counts them: CRLF, LF or CR.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One event of a text/event-stream, encoded by the HTML standard's
    rules: data may hold line breaks (one `data:` line each); event and id
    may not, nor may id hold a NUL; retry is in milliseconds."""

    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def __post_init__(self) -> None:
        for name in ("event", "id"):
            value = getattr(self, name)
            if value is not None and _LINE_BREAK.search(value):
                raise ValueError(f"an event's {name} cannot hold a newline")
        if self.id is not None and "\0" in self.id:
            raise ValueError("an event's id cannot hold a NUL")
        if self.retry is not None and self.retry < 0:
            raise ValueError("retry is a number of milliseconds, 0 or more")

    def encode(self) -> str:
        """The event as the stream carries it, ending in a blank line."""
        lines = []
        if self.event is not None:
            lines.append(f"event: {self.event}")
        if self.id is not None:
            lines.append(f"id: {self.id}")
        if self.retry is not None:
            lines.append(f"retry: {self.retry}")
        lines += [f"data: {line}" for line in _LINE_BREAK.split(self.data)]
        return "\n".join(lines) + "\n\n"


class EventStreamResponse(StreamingResponse):
    """Server-Sent Events: each ServerSentEvent that events yields (or str:
    an event with just that data), as text/event-stream, never cached."""

    media_type = "text/event-stream"

    def __init__(
        self,
        events: AsyncIterable[ServerSentEvent | str],
        status_code: int = StatusCode.OK,
        headers: Headers = None,
    ) -> None:
        headers = {"cache-control": "no-cache", **(headers or {})}
        super().__init__(_encoded(events), status_code, headers)
        self.events = events

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:  # close the handler's events too, even unread (HEAD)
            await _close(self.events)


async def _encoded(
    events: AsyncIterable[ServerSentEvent | str],
) -> AsyncIterator[str]:
    async for event in events:
        if isinstance(event, str):
            event = ServerSentEvent(event)
        yield event.encode()
