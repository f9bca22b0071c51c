"""A Router that can say which methods a path has."""

from part1.router import Router as Part1Router


class Router(Part1Router):
    """Part 1's Router, which can also list the methods of a path.

    After `add_route("/users", list_users)` and
    `add_route("/users", add_user, Methods.POST)`,
    `get_allowed_methods("/users")` is ["GET", "POST"].
    """

    def get_allowed_methods(self, path: str) -> list[str]:
        """Return the methods registered at path, in registration order.

        Return [] when no route has exactly this path, also when the path
        is only on the way to other routes (/users, when only /users/42
        has routes).
        """
        node = self._root
        for segment in self.get_segments(path):
            child = node.children.get(segment)
            if child is None:
                return []
            node = child
        return list(node.routes)
