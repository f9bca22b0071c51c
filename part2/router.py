"""A router that stores routes in a trie: one node per path segment."""

from dataclasses import dataclass

from .types import BodyExtractor, HandlerType, Methods, QueryExtractor


# --8<-- [start:route]
@dataclass(slots=True)
class _Route:
    """What a matched request runs, and how to read its data."""

    handler: HandlerType
    query_string_extractor: QueryExtractor | None = None
    body_extractor: BodyExtractor | None = None


# --8<-- [end:route]


# --8<-- [start:node]
class _NodeRoute:
    """One node of the trie: its children by segment, and a slot per method."""

    __slots__ = ("children", "routes")

    def __init__(self) -> None:
        self.children: dict[str, _NodeRoute] = {}
        self.routes: dict[Methods, _Route | None] = dict.fromkeys(Methods)


# --8<-- [end:node]


# --8<-- [start:router]
class Router:
    """Maps a path and a method to a route.

    >>> router = Router()
    >>> router.add_route("/users", handler)
    >>> router.get_route("/users", "GET")   # the route
    >>> router.get_route("/users", "POST")  # None
    """

    def __init__(self) -> None:
        self._root = _NodeRoute()

    # --8<-- [start:get_segments]
    def get_segments(self, path: str) -> list[str]:
        """Split a path into segments: "/users/42" gives ["users", "42"].

        The split is deliberately naive: "/" gives [""], and "/users/"
        gives ["users", ""], so it does not match "/users".
        """
        return path.split("/")[1:]

    # --8<-- [end:get_segments]

    # --8<-- [start:add_route]
    def add_route(
        self,
        path: str,
        handler: HandlerType,
        method: Methods = Methods.GET,
        query_string_extractor: QueryExtractor | None = None,
        body_extractor: BodyExtractor | None = None,
    ) -> None:
        """Register handler for method at path. A second registration is an error."""
        method = Methods(method)  # ValueError for a method outside Methods
        node = self._root
        for segment in self.get_segments(path):
            node = node.children.setdefault(segment, _NodeRoute())
        if node.routes[method] is not None:
            raise ValueError(f"{method} {path} is already registered")
        node.routes[method] = _Route(handler, query_string_extractor, body_extractor)

    # --8<-- [end:add_route]

    # --8<-- [start:get_route]
    def get_route(self, path: str, method: str) -> _Route | None:
        """Return the route for path and method, or None if there is none."""
        node = self._root
        for segment in self.get_segments(path):
            node = node.children.get(segment)
            if node is None:
                return None
        return node.routes.get(method)

    # --8<-- [end:get_route]
    # --8<-- [end:router]
