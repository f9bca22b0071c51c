"""Names shared by every module of the framework."""

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar


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

QueryExtractor = Callable[[dict[str, list[str]]], QUERY_STRING_TYPE]
BodyExtractor = Callable[[bytes], BODY_TYPE]
