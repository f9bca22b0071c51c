"""Names shared by every module of the framework."""

from collections.abc import Awaitable, Callable, MutableMapping
from enum import StrEnum
from http import HTTPStatus
from typing import Any, TypeVar


class Methods(StrEnum):
    """The HTTP methods a route can be registered for.

    Members are strings, so a member and the method string from the scope
    are equal and hash alike: `{Methods.GET: 1}["GET"]` works.
    """

    GET = "GET"
    POST = "POST"
    PUT = "PUT"
    PATCH = "PATCH"
    DELETE = "DELETE"


# What a route's extractors return, and so what RequestData hands out.
QUERY_STRING_TYPE = TypeVar("QUERY_STRING_TYPE")
BODY_TYPE = TypeVar("BODY_TYPE")

# What a route calls: an async function whose parameters say what it needs.
Endpoint = Callable[..., Awaitable[Any]]
QueryExtractor = Callable[[dict[str, list[str]]], QUERY_STRING_TYPE]
BodyExtractor = Callable[[bytes], BODY_TYPE]

# The standard library already names every status code and its phrase:
# StatusCode.NOT_FOUND == 404, and its .phrase is "Not Found".
StatusCode = HTTPStatus

# The ASGI boundary: every ASGI callable is `(scope, receive, send) -> None`.
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
# Any ASGI application: an App, or a middleware that wraps one.
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
