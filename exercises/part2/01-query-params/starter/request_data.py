"""RequestData with one query parameter at a time. Edit this file."""

from typing import Any

from part2.request_data import RequestData as Part2RequestData


class RequestData(Part2RequestData[Any, Any]):
    """Part 2's RequestData, which can also hand out one query parameter."""

    async def get_query_param(
        self, name: str, default: str | None = None
    ) -> str | None:
        """Return the last value of name in the query string, or default."""
        raise NotImplementedError("parse the query string, pick the value")

    async def get_query_param_list(self, name: str) -> list[str]:
        """Return every value of name, in order: [] when it is absent."""
        raise NotImplementedError("parse the query string, list the values")
