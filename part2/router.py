"""A router that stores routes in a trie: one node per path segment."""

from dataclasses import dataclass
from typing import Any

from .request_data import HandlerType
from .types import BodyExtractor, Methods, QueryExtractor


@dataclass(slots=True)
class _Route:
    """What a matched request runs, and how to read its data."""

    handler: HandlerType
    query_string_extractor: QueryExtractor[Any] | None = None
    body_extractor: BodyExtractor[Any] | None = None


class _NodeRoute:
    """One node of the trie: its children by segment, its routes by method."""

    __slots__ = ("children", "routes")

    def __init__(self) -> None:
        self.children: dict[str, _NodeRoute] = {}
        # One slot per method, filled when a route is registered here. Keyed
        # by the method string, so the scope's method looks up directly.
        self.routes: dict[str, _Route] = {}


class Router:
    """Maps a path and a method to a route, through a trie of path segments.

    After `router.add_route("/users", list_users)`, the call
    `router.get_route("/users", "GET")` returns that route, and
    `router.get_route("/users", "POST")` returns None.
    """

    def __init__(self) -> None:
        self._root = _NodeRoute()

    @staticmethod
    def get_segments(path: str) -> list[str]:
        """Split a path into segments: "/users/42" gives ["users", "42"].

        The split is deliberately naive: "/" gives [""], and "/users/"
        gives ["users", ""], so it does not match "/users".
        """
        return path.split("/")[1:]

    def add_route(
        self,
        path: str,
        handler: HandlerType,
        method: Methods = Methods.GET,
        query_string_extractor: QueryExtractor[Any] | None = None,
        body_extractor: BodyExtractor[Any] | None = None,
    ) -> None:
        """Register handler for method at path. Twice is an error."""
        method = Methods(method)  # ValueError for a method outside Methods
        node = self._root
        for segment in self.get_segments(path):
            node = node.children.setdefault(segment, _NodeRoute())
        if method in node.routes:
            raise ValueError(f"{method} {path} is already registered")
        node.routes[method] = _Route(
            handler, query_string_extractor, body_extractor
        )

    def get_route(self, path: str, method: str) -> _Route | None:
        """Return the route for path and method, or None if there is none."""
        node = self._root
        for segment in self.get_segments(path):
            child = node.children.get(segment)
            if child is None:
                return None
            node = child
        return node.routes.get(method)
