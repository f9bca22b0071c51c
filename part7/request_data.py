"""`RequestData`: what a handler can ask about its request."""

import json
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Generic
from urllib.parse import parse_qs

from .background_tasks import BackgroundTasks
from .exceptions import (
    ClientDisconnectedException,
    InvalidRequestDataException,
    PayloadTooLargeException,
)
from .types import (
    BODY_TYPE,
    QUERY_STRING_TYPE,
    BodyExtractor,
    QueryExtractor,
    Receive,
    Scope,
)

MAX_BODY_SIZE = 1_048_576  # 1 MiB: the most get_body() reads by default
MAX_JSON_DEPTH = 100  # deeper nesting of lists and objects is refused


class RequestData(Generic[QUERY_STRING_TYPE, BODY_TYPE]):
    """The request as a handler sees it, built from the scope and `receive`.

    The type parameters say what the route's extractors return. Every
    accessor is async. The body arrives once: stream it as it comes, or read
    it whole (up to max_body_size bytes) and it is kept for later calls.
    """

    def __init__(
        self,
        scope: Scope,
        receive: Receive,
        query_string_extractor: QueryExtractor[QUERY_STRING_TYPE]
        | None = None,
        body_extractor: BodyExtractor[BODY_TYPE] | None = None,
        max_body_size: int | None = MAX_BODY_SIZE,
        background_tasks: BackgroundTasks | None = None,
        path_params: Mapping[str, Any] | None = None,
    ) -> None:
        self._scope = scope
        self._receive = receive
        self._query_string_extractor = query_string_extractor
        self._body_extractor = body_extractor
        self._max_body_size = max_body_size
        self._background_tasks = background_tasks
        self._path_params = {} if path_params is None else path_params
        self._body: bytes | None = None  # the whole body, once read
        self._receiving = False  # True once the body started to arrive
        self._headers: dict[str, str] | None = None

    @property
    def scope(self) -> Scope:
        """The ASGI scope, for what no accessor covers: a middleware that
        logs the method and path, say. Read it; don't change it."""
        return self._scope

    async def get_query_string_params(
        self,
    ) -> QUERY_STRING_TYPE | dict[str, list[str]]:
        """Parse the query string into a dict of lists of values.

        Every key maps to all its values, in order, and blank values are
        kept: "?tag=a&tag=b&q=" gives {"tag": ["a", "b"], "q": [""]}. With a
        query-string extractor, return what it makes of that dict instead.
        """
        raw = self._scope.get("query_string", b"").decode("utf-8", "replace")
        params = parse_qs(raw, keep_blank_values=True, errors="replace")
        if self._query_string_extractor is None:
            return params
        return self._query_string_extractor(params)

    async def get_path_params(self) -> dict[str, Any]:
        """The values of the route's path parameters, converted: for
        /users/{user_id:int}, a request for /users/42 gives
        {"user_id": 42}. A new dict each time: editing it changes nothing
        for the next reader."""
        return dict(self._path_params)

    async def get_headers(self) -> dict[str, str]:
        """Return the headers with lower-case names. A repeated header's
        values are joined with ", ", as HTTP allows."""
        if self._headers is None:
            headers: dict[str, str] = {}
            for raw_name, raw_value in self._scope.get("headers", ()):
                name = raw_name.decode("latin-1").lower()
                value = raw_value.decode("latin-1")
                if name in headers:
                    value = f"{headers[name]}, {value}"
                headers[name] = value
            self._headers = headers
        return self._headers

    async def get_header_value(
        self, name: str, default: str | None = None
    ) -> str | None:
        """Return one header's value, looked up case-insensitively."""
        return (await self.get_headers()).get(name.lower(), default)

    async def get_state(self) -> dict[str, Any]:
        """The lifespan state: what the app's lifespan yielded at start-up.

        The server gives each request a shallow copy, so put mutable objects
        in it to share them. Empty when the server ran no lifespan.
        """
        state: dict[str, Any] = self._scope.get("state", {})
        return state

    async def get_background_tasks(self) -> BackgroundTasks:
        """The app's background tasks, to queue work the response need not
        wait for: `await tasks.add_tasks([create_task(handler)])`."""
        if self._background_tasks is None:
            raise RuntimeError(
                "this request was built without background tasks"
            )
        return self._background_tasks

    async def get_stream_body_bytes(self) -> AsyncIterator[bytes]:
        """Yield the body chunk by chunk, as it arrives, keeping none of it.

        An empty chunk with more_body=True is not the end. Raises
        ClientDisconnectedException if the client leaves first. A body
        already read whole is replayed; a stream cannot be read twice.
        """
        if self._body is None:
            async for chunk in self._receive_body(limit=None):
                yield chunk
        elif self._body:
            yield self._body

    async def get_body(self) -> BODY_TYPE | bytes:
        """Return the whole body, through the route's body extractor if any.

        Raises PayloadTooLargeException (413) for a body over max_body_size.
        """
        body = await self._read_body()
        if self._body_extractor is None:
            return body
        return self._body_extractor(body)

    async def get_json_body(self) -> object:
        """Return the body parsed as JSON, or None for an empty body.

        Raises InvalidRequestDataException (400) if the body is not UTF-8,
        not JSON, or nested more than MAX_JSON_DEPTH lists and objects deep.
        """
        body = await self._read_body()
        if not body:
            return None
        try:
            value = json.loads(
                body.decode("utf-8"),
                parse_constant=_reject_constant,
                parse_float=_parse_float,
            )
        except UnicodeDecodeError:
            raise InvalidRequestDataException(
                "Request body is not valid UTF-8"
            ) from None
        except RecursionError:
            raise _too_deep() from None
        except ValueError as exc:  # kept as the cause: it says where
            raise InvalidRequestDataException(
                "Request body is not valid JSON"
            ) from exc
        if _nested_deeper_than(MAX_JSON_DEPTH, value):
            raise _too_deep()
        return value

    async def _read_body(self) -> bytes:
        """Read the whole body once, within max_body_size, and keep it."""
        if self._body is None:
            limit = self._max_body_size
            chunks = [chunk async for chunk in self._receive_body(limit)]
            self._body = b"".join(chunks)
        return self._body

    async def _receive_body(self, limit: int | None) -> AsyncIterator[bytes]:
        """The body's chunks, straight from `receive`, in one pass only.

        With a limit, refuse a body over it (413): by its content-length
        before reading, or as soon as it grows past.
        """
        if self._receiving:
            raise RuntimeError(
                "The request body was already streamed: call get_body() "
                "before get_stream_body_bytes() to read it more than once"
            )
        self._receiving = True
        if limit is not None:
            declared = (await self.get_headers()).get("content-length", "")
            if declared.isdecimal() and int(declared) > limit:
                raise PayloadTooLargeException()
        size = 0
        more_body = True
        while more_body:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnectedException()
            more_body = message.get("more_body", False)
            chunk = message.get("body", b"")
            size += len(chunk)
            if limit is not None and size > limit:
                raise PayloadTooLargeException()
            if chunk:
                yield chunk


# A route's handler: an async function that takes the request's data.
HandlerType = Callable[[RequestData[Any, Any]], Awaitable[Any]]


# Python's json module reads NaN and Infinity, and turns 1e999 into
# infinity. None of them is a JSON number, and none could be sent back.
def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def _parse_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


def _nested_deeper_than(limit: int, value: object) -> bool:
    """Whether lists and dicts nest more than limit deep in value. It walks
    one level at a time, in a loop, so any depth is safe to check."""
    level = [value]
    for _depth in range(limit + 1):
        containers = [item for item in level if isinstance(item, list | dict)]
        if not containers:
            return False
        level = [
            child
            for item in containers
            for child in (item.values() if isinstance(item, dict) else item)
        ]
    return True


def _too_deep() -> InvalidRequestDataException:
    return InvalidRequestDataException(
        f"Request body is nested more than {MAX_JSON_DEPTH} levels deep"
    )
