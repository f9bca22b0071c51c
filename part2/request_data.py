"""`RequestData`: what a handler can ask about its request."""

from collections.abc import Awaitable, Callable
from typing import Any, Generic
from urllib.parse import parse_qs

from .types import BODY_TYPE, QUERY_STRING_TYPE, QueryExtractor


class RequestData(Generic[QUERY_STRING_TYPE, BODY_TYPE]):
    """The request as a handler sees it, built from the ASGI scope.

    The type parameters say what the route's extractors return.
    """

    def __init__(
        self,
        scope: dict[str, Any],
        query_string_extractor: QueryExtractor[QUERY_STRING_TYPE]
        | None = None,
    ) -> None:
        self._scope = scope
        self._query_string_extractor = query_string_extractor

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


# A route's handler: an async function that takes the request's data.
HandlerType = Callable[[RequestData[Any, Any]], Awaitable[Any]]
