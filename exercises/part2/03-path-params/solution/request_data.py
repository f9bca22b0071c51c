"""RequestData that also carries the path's parameters.

Nothing to change here: the router finds the values, App passes them in.
"""

from typing import Any

from part2.request_data import RequestData as Part2RequestData
from part2.types import QueryExtractor


class RequestData(Part2RequestData[Any, Any]):
    """Part 2's RequestData, plus the values of the route's {parameters}."""

    def __init__(
        self,
        scope: dict[str, Any],
        query_string_extractor: QueryExtractor[Any] | None = None,
        path_params: dict[str, str] | None = None,
    ) -> None:
        super().__init__(scope, query_string_extractor)
        self._path_params = dict(path_params or {})

    async def get_path_params(self) -> dict[str, str]:
        """The values of the route's parameters: for the route /users/{id}
        and the path /users/42, {"id": "42"}."""
        return dict(self._path_params)
