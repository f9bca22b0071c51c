"""RequestData with one query parameter at a time."""

from typing import Any
from urllib.parse import parse_qs

from part2.request_data import RequestData as Part2RequestData


class RequestData(Part2RequestData[Any, Any]):
    """Part 2's RequestData, which can also hand out one query parameter.

    For "?tag=a&tag=b&q=&debug": get_query_param("tag") is "b" (the last
    value wins), get_query_param_list("tag") is ["a", "b"], and "q" and
    "debug" are "" (present, blank), while an absent name gives the default.
    The route's query-string extractor plays no part here.
    """

    async def get_query_param(
        self, name: str, default: str | None = None
    ) -> str | None:
        """Return the last value of name in the query string, or default."""
        values = self._parse_query_string().get(name)
        return values[-1] if values else default

    async def get_query_param_list(self, name: str) -> list[str]:
        """Return every value of name, in order: [] when it is absent."""
        return self._parse_query_string().get(name, [])

    def _parse_query_string(self) -> dict[str, list[str]]:
        """The query string as get_query_string_params parses it, before
        any extractor."""
        raw = self._scope.get("query_string", b"").decode("utf-8", "replace")
        return parse_qs(raw, keep_blank_values=True, errors="replace")
