"""A Router with "*" routes, which match the rest of a path. Edit this."""

from part1.router import HandlerType, Methods, _Route
from part1.router import Router as Part1Router


class Router(Part1Router):
    """Part 1's Router, where a last segment "*" matches the rest of a path:
    /static/* matches /static/site.css and /static/css/site.css."""

    def add_route(
        self, path: str, handler: HandlerType, method: Methods = Methods.GET
    ) -> None:
        """Register handler for method at path. "*" may only come last."""
        # TODO: refuse a "*" anywhere but in the last segment.
        super().add_route(path, handler, method)

    def get_route(self, path: str, method: str) -> _Route | None:
        """Return the most specific route for path and method, or None."""
        # TODO: fall back on the deepest "*" route that matches.
        return super().get_route(path, method)
