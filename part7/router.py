"""A router that stores routes in a trie: one node per path segment.

A segment of a route's path may be a parameter: `{name}` (one segment, as
text), `{name:int}` (digits, as an int) or `{name:path}` (the rest of the
path, slashes included; last segment only).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .exceptions import MethodNotAllowedException
from .request_data import HandlerType
from .types import BodyExtractor, Methods, QueryExtractor


def _text(segment: str) -> str | None:
    return segment


def _integer(segment: str) -> int | None:
    """Digits 0-9 only: isdecimal() alone would let other scripts in."""
    if segment.isascii() and segment.isdecimal():
        try:
            return int(segment)
        except ValueError:  # more digits than Python converts (4300)
            return None
    return None


# The path parameters of a static route: none. One empty mapping, read-only,
# serves every request for one.
NO_PARAMS: Mapping[str, Any] = MappingProxyType({})

# What each converter makes of a segment; None means "no match here".
CONVERTERS: dict[str, Callable[[str], Any]] = {
    "str": _text,
    "int": _integer,
    "path": _text,
}


@dataclass(slots=True)
class _Route:
    """What a matched request runs, and how to read its data."""

    handler: HandlerType
    query_string_extractor: QueryExtractor[Any] | None = None
    body_extractor: BodyExtractor[Any] | None = None


class _NodeRoute:
    """One node of the trie: its static children by segment, at most one
    parameter child, and its routes by method."""

    __slots__ = ("children", "param", "routes")

    def __init__(self) -> None:
        self.children: dict[str, _NodeRoute] = {}
        self.param: _Param | None = None
        # One slot per method, filled when a route is registered here. Keyed
        # by the method string, so the scope's method looks up directly.
        self.routes: dict[str, _Route] = {}


@dataclass(slots=True)
class _Param:
    """A node's parameter child: its name, its converter, the node below,
    and the first route that declared it (to name it in an error)."""

    name: str
    converter: str
    node: _NodeRoute
    declared_by: str


class Router:
    """Maps a path and a method to a route, through a trie of path segments.

    After `router.add_route("/users/{user_id:int}", show_user)`, the call
    `router.match("/users/42", "GET")` returns that route and
    `{"user_id": 42}`, `router.match("/users/abc", "GET")` returns None,
    and `router.match("/users/42", "POST")` raises
    MethodNotAllowedException.
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
        """Register handler for method at path. Twice is an error, and so
        is a parameter that another route declares differently at the same
        place: the trie keeps one parameter per node."""
        method = Methods(method)  # ValueError for a method outside Methods
        segments = self.get_segments(path)
        names = path_parameters(path)
        if len(set(names)) != len(names):
            raise ValueError(f"{path} names a parameter twice")
        node = self._root
        for index, segment in enumerate(segments):
            parsed = parse_parameter(segment)
            if parsed is None:
                node = node.children.setdefault(segment, _NodeRoute())
                continue
            name, converter = parsed
            if converter == "path" and index != len(segments) - 1:
                raise ValueError(
                    f"{path}: {segment} must be the last segment"
                )
            if node.param is None:
                node.param = _Param(name, converter, _NodeRoute(), path)
            elif (node.param.name, node.param.converter) != parsed:
                other = node.param.declared_by
                raise ValueError(
                    f"{path} declares {segment} where {other} declares "
                    "another parameter: one parameter per position"
                )
            node = node.param.node
        if method in node.routes:
            raise ValueError(f"{method} {path} is already registered")
        node.routes[method] = _Route(
            handler, query_string_extractor, body_extractor
        )

    def match(
        self, path: str, method: str
    ) -> tuple[_Route, Mapping[str, Any]] | None:
        """Return the route for path and method, with the values of its
        path parameters.

        Return None when no route has this path. Raise
        MethodNotAllowedException when the path has routes, but none for
        method. HEAD uses the GET route.
        """
        segments = self.get_segments(path)
        params: Mapping[str, Any] = NO_PARAMS
        node: _NodeRoute | None = self._root
        for segment in segments:  # a static route: a plain walk, as before
            node = node.children.get(segment) if node else None
        if node is None or not node.routes:  # then try the parameters
            values: dict[str, Any] = {}
            node = self._search(self._root, segments, 0, path, values)
            if node is None:
                return None
            params = values
        route = node.routes.get(Methods.GET if method == "HEAD" else method)
        if route is None:
            allowed = list(node.routes)
            if Methods.GET in node.routes:
                allowed.append("HEAD")
            raise MethodNotAllowedException(allowed_methods=allowed)
        return route, params

    def get_route(self, path: str, method: str) -> _Route | None:
        """The route alone, as `match` finds it (the series' name)."""
        found = self.match(path, method)
        return None if found is None else found[0]

    def _search(
        self,
        node: _NodeRoute,
        segments: list[str],
        index: int,
        path: str,
        params: dict[str, Any],
    ) -> _NodeRoute | None:
        """The node with routes that segments[index:] lead to from node,
        trying at each segment the static child first, then the parameter
        child; the values of the parameters on the way go into params."""
        if index == len(segments):
            return node if node.routes else None
        child = node.children.get(segments[index])
        if child is not None:
            found = self._search(child, segments, index + 1, path, params)
            if found is not None:
                return found
        param = node.param
        if param is None:
            return None
        if param.converter == "path":  # the rest, as it arrived
            value: Any = _rest_of(path, index)
            found = param.node if param.node.routes else None
        else:
            value = CONVERTERS[param.converter](segments[index])
            if value is None:
                return None
            found = self._search(
                param.node, segments, index + 1, path, params
            )
        if found is not None:
            params[param.name] = value
        return found


def path_parameters(path: str) -> list[str]:
    """The names of a route path's parameters, in order."""
    return [
        parsed[0]
        for segment in Router.get_segments(path)
        if (parsed := parse_parameter(segment)) is not None
    ]


def parse_parameter(segment: str) -> tuple[str, str] | None:
    """("user_id", "int") for "{user_id:int}", None for a plain segment.
    A brace anywhere else, a bad name or an unknown converter: ValueError."""
    if not (segment.startswith("{") and segment.endswith("}")):
        if "{" in segment or "}" in segment:
            raise ValueError(f"{segment}: a parameter is a whole segment")
        return None
    name, _, converter = segment[1:-1].partition(":")
    converter = converter or "str"
    if not name.isidentifier():
        raise ValueError(f"{segment}: {name!r} is not a parameter name")
    if converter not in CONVERTERS:
        known = ", ".join(CONVERTERS)
        raise ValueError(f"{segment}: the converters are {known}")
    return name, converter


def _rest_of(path: str, count: int) -> str:
    """What follows the first count segments of path and one slash, as it
    arrived: _rest_of("/files//home/a.txt", 1) is "/home/a.txt"."""
    rest = path
    for _ in range(count):
        rest = rest.lstrip("/")  # the slashes before a segment
        rest = rest.partition("/")[2]  # past the segment and one slash
    return rest
