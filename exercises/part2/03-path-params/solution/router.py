"""A Router with path parameters, such as /users/{id}."""

from typing import Any

from part2.request_data import HandlerType
from part2.router import Router as Part2Router
from part2.router import _Route
from part2.types import BodyExtractor, Methods, QueryExtractor


class _Node:
    """A trie node: static children by segment, at most one parameter
    child, and routes by method."""

    __slots__ = ("children", "param", "param_name", "routes")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.param: _Node | None = None  # the child for any one segment
        self.param_name = ""
        self.routes: dict[str, _Route] = {}


class Router(Part2Router):
    """Part 2's Router, on nodes that can also hold a parameter: a segment
    written {name} matches any one non-empty segment.

    A static segment wins over a parameter. When it leads nowhere for the
    method, the parameter is tried instead: with /users/me/settings and
    /users/{id}/posts, the path /users/me/posts matches the second.
    """

    def __init__(self) -> None:
        super().__init__()
        self._tree = _Node()

    def add_route(
        self,
        path: str,
        handler: HandlerType,
        method: Methods = Methods.GET,
        query_string_extractor: QueryExtractor[Any] | None = None,
        body_extractor: BodyExtractor[Any] | None = None,
    ) -> None:
        """Register handler for method at path. Twice is an error, and so
        are two parameter names at one place (/a/{x} and /a/{y})."""
        method = Methods(method)  # ValueError for a method outside Methods
        node = self._tree
        for segment in self.get_segments(path):
            name = _param_name(segment, path)
            if name is None:
                node = node.children.setdefault(segment, _Node())
                continue
            if node.param is None:
                node.param, node.param_name = _Node(), name
            elif node.param_name != name:
                raise ValueError(
                    f"{path}: {{{name}}} is already {{{node.param_name}}}"
                )
            node = node.param
        if method in node.routes:
            raise ValueError(f"{method} {path} is already registered")
        node.routes[method] = _Route(
            handler, query_string_extractor, body_extractor
        )

    def get_route(self, path: str, method: str) -> _Route | None:
        """Return the route for path and method, or None."""
        found = self.match(path, method)
        return None if found is None else found[0]

    def match(
        self, path: str, method: str
    ) -> tuple[_Route, dict[str, str]] | None:
        """Return the route for path and method with the values of its
        parameters, in path order, or None."""
        values: list[tuple[str, str]] = []
        segments = self.get_segments(path)
        route = _find(self._tree, segments, 0, method, values)
        if route is None:
            return None
        return route, dict(reversed(values))  # found from the end back


def _param_name(segment: str, path: str) -> str | None:
    """The name in a {name} segment; None for a static segment."""
    if not (segment.startswith("{") and segment.endswith("}")):
        return None
    name = segment[1:-1]
    if not name.isidentifier():
        raise ValueError(f"{path}: {segment} is not a valid parameter")
    return name


def _find(
    node: _Node,
    segments: list[str],
    index: int,
    method: str,
    values: list[tuple[str, str]],
) -> _Route | None:
    """The route for segments[index:] under node, static children first.

    It only goes down existing nodes, so it recurses no deeper than the
    trie, however long the path. values gets the parameters of the route
    found, last first.
    """
    if index == len(segments):
        return node.routes.get(method)
    segment = segments[index]
    child = node.children.get(segment)
    if child is not None:
        route = _find(child, segments, index + 1, method, values)
        if route is not None:
            return route
    if node.param is not None and segment:
        route = _find(node.param, segments, index + 1, method, values)
        if route is not None:
            values.append((node.param_name, segment))
            return route
    return None
