"""`RequestData`: what a handler can ask about its request."""

import json
import math
from collections.abc import AsyncIterator
from typing import Generic
from urllib.parse import parse_qs

from .exceptions import ClientDisconnectedException, InvalidRequestDataException
from .types import BODY_TYPE, QUERY_STRING_TYPE, BodyExtractor, QueryExtractor, Receive, Scope


# --8<-- [start:json_numbers]
# Python's json module reads NaN and Infinity, and turns 1e999 into infinity.
# None of them is a JSON number, and none could be sent back as JSON.
def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def _parse_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


# --8<-- [end:json_numbers]


# --8<-- [start:request_data]
# --8<-- [start:init]
class RequestData(Generic[QUERY_STRING_TYPE, BODY_TYPE]):
    """The request as a handler sees it, built from the ASGI scope and `receive`.

    The type parameters say what the route's extractors return. Every accessor
    is async, and the body is read from `receive` at most once.
    """

    def __init__(
        self,
        scope: Scope,
        receive: Receive,
        query_string_extractor: QueryExtractor | None = None,
        body_extractor: BodyExtractor | None = None,
    ) -> None:
        self._scope = scope
        self._receive = receive
        self._query_string_extractor = query_string_extractor
        self._body_extractor = body_extractor
        self._chunks: list[bytes] = []  # the body chunks received so far
        self._body_complete = False  # True once the last chunk has arrived
        self._headers: dict[str, str] | None = None

    # --8<-- [end:init]
    # --8<-- [start:query_string]
    async def get_query_string_params(self) -> QUERY_STRING_TYPE | dict[str, list[str]]:
        """Parse the query string into a dict of lists of values.

        Every key maps to all its values, in order, and blank values are kept:
        "?tag=a&tag=b&q=" gives {"tag": ["a", "b"], "q": [""]}. With a
        query-string extractor, return what it makes of that dict instead.
        """
        raw = self._scope.get("query_string", b"").decode("utf-8", "replace")
        params = parse_qs(raw, keep_blank_values=True, errors="replace")
        if self._query_string_extractor is None:
            return params
        return self._query_string_extractor(params)

    # --8<-- [end:query_string]

    # --8<-- [start:headers]
    async def get_headers(self) -> dict[str, str]:
        """Return the headers with lower-case names. A repeated header's values
        are joined with ", ", as HTTP allows."""
        if self._headers is None:
            headers: dict[str, str] = {}
            for raw_name, raw_value in self._scope.get("headers", ()):
                name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
            self._headers = headers
        return self._headers

    async def get_header_value(self, name: str, default: str | None = None) -> str | None:
        """Return one header's value, looked up case-insensitively, or default."""
        return (await self.get_headers()).get(name.lower(), default)

    # --8<-- [end:headers]

    # --8<-- [start:body]
    async def get_stream_body_bytes(self) -> AsyncIterator[bytes]:
        """Yield the body chunk by chunk, as it arrives.

        Chunks already read are replayed from the cache first, so this can be
        called again, before or after the other body methods. An empty chunk
        with more_body=True is not the end. Raises ClientDisconnectedException
        if the client goes away first.
        """
        for chunk in self._chunks:
            yield chunk
        while not self._body_complete:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnectedException()
            self._body_complete = not message.get("more_body", False)
            chunk = message.get("body", b"")
            if chunk:
                self._chunks.append(chunk)
                yield chunk

    async def get_body(self) -> BODY_TYPE | bytes:
        """Return the whole body, passed through the route's body extractor if it has one."""
        body = await self._read_body()
        if self._body_extractor is None:
            return body
        return self._body_extractor(body)

    async def get_json_body(self) -> object:
        """Return the body parsed as JSON, or None for an empty body.

        Raises InvalidRequestDataException (400) if the body is not UTF-8 or not JSON.
        """
        body = await self._read_body()
        if not body:
            return None
        try:
            text = body.decode("utf-8")
            return json.loads(text, parse_constant=_reject_constant, parse_float=_parse_float)
        except UnicodeDecodeError:
            raise InvalidRequestDataException("Request body is not valid UTF-8") from None
        except (ValueError, RecursionError):
            raise InvalidRequestDataException("Request body is not valid JSON") from None

    async def _read_body(self) -> bytes:
        async for _ in self.get_stream_body_bytes():
            pass  # reading to the end fills the cache
        return b"".join(self._chunks)

    # --8<-- [end:body]
    # --8<-- [end:request_data]
