"""A Router with "*" routes, which match the rest of a path."""

from part1.router import HandlerType, Methods, _Route
from part1.router import Router as Part1Router

WILDCARD = "*"


class Router(Part1Router):
    """Part 1's Router, where a last segment "*" matches the rest of a path:
    /static/* matches /static/site.css and /static/css/site.css, but not
    /static itself.

    The most specific route wins: a route without "*" first, then the "*"
    route closest to the end of the path.
    """

    def add_route(
        self, path: str, handler: HandlerType, method: Methods = Methods.GET
    ) -> None:
        """Register handler for method at path. "*" may only come last."""
        if WILDCARD in self.get_segments(path)[:-1]:
            raise ValueError(f"{path}: '*' can only be the last segment")
        super().add_route(path, handler, method)

    def get_route(self, path: str, method: str) -> _Route | None:
        """Return the most specific route for path and method, or None."""
        node = self._root
        fallback = None  # the deepest "*" route passed on the way
        for segment in self.get_segments(path):
            wildcard = node.children.get(WILDCARD)
            if wildcard is not None:
                fallback = wildcard.routes.get(method, fallback)
            child = node.children.get(segment)
            if child is None:
                return fallback
            node = child
        return node.routes.get(method, fallback)
