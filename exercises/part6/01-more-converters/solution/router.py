"""Part 6's trie, with the converters of converters.py.

Nothing to change here. Part 6 keeps its converters in a table of its own
module, which its add_route and _search read; so this Router repeats them,
word for word, reading the table of converters.py instead.
"""

from typing import Any

from part6.request_data import HandlerType
from part6.router import Router as Part6Router
from part6.router import _NodeRoute, _Param, _rest_of, _Route
from part6.types import BodyExtractor, Methods, QueryExtractor

from .converters import CONVERTERS


class Router(Part6Router):
    """Part 6's Router, whose parameters may use every converter of
    converters.CONVERTERS."""

    def add_route(
        self,
        path: str,
        handler: HandlerType,
        method: Methods = Methods.GET,
        query_string_extractor: QueryExtractor[Any] | None = None,
        body_extractor: BodyExtractor[Any] | None = None,
    ) -> None:
        """Part 6's add_route."""
        method = Methods(method)
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

    def _search(
        self,
        node: _NodeRoute,
        segments: list[str],
        index: int,
        path: str,
        params: dict[str, Any],
    ) -> _NodeRoute | None:
        """Part 6's _search: the static child first, then the parameter."""
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
    """Part 6's path_parameters: the names of a path's parameters."""
    return [
        parsed[0]
        for segment in Router.get_segments(path)
        if (parsed := parse_parameter(segment)) is not None
    ]


def parse_parameter(segment: str) -> tuple[str, str] | None:
    """Part 6's parse_parameter, which knows the converters of
    converters.py: ("price", "float") for "{price:float}"."""
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
