"""A router that stores routes in a trie: one node per path segment."""

from dataclasses import dataclass
from typing import Any

from .exceptions import MethodNotAllowedException
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
    `router.get_route("/users/", "GET")` returns that route,
    `router.get_route("/nope", "GET")` returns None, and
    `router.get_route("/users", "POST")` raises MethodNotAllowedException.
    """

    def __init__(self) -> None:
        self._root = _NodeRoute()

    @staticmethod
    def get_segments(path: str) -> list[str]:
        """Split a path into segments: "/users/42" gives ["users", "42"].

        Empty segments are dropped, so "" and "/" are the root (no segments),
        and "/users/", "//users" and "/users" are the same path.
        """
        return [segment for segment in path.split("/") if segment]

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
        """Return the route for path and method.

        Return None when no route has this path. Raise
        MethodNotAllowedException when the path has routes, but none for
        method. HEAD uses the GET route.
        """
        node = self._root
        for segment in self.get_segments(path):
            child = node.children.get(segment)
            if child is None:
                return None
            node = child
        if not node.routes:  # a node on the way to other routes
            return None
        route = node.routes.get(Methods.GET if method == "HEAD" else method)
        if route is None:
            allowed = list(node.routes)
            if Methods.GET in node.routes:
                allowed.append("HEAD")
            raise MethodNotAllowedException(allowed_methods=allowed)
        return route
