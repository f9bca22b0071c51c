"""An App that redirects /about/ to /about, and /docs to /docs/."""

from urllib.parse import quote

from part2.app import App as Part2App
from part2.app import Receive, Scope, Send
from part2.request_data import RequestData


class App(Part2App):
    """Part 2's App with a trailing-slash policy.

    A path with no route, whose other form (trailing slash added or
    removed) has a route for the method, is answered 308 Permanent Redirect
    to that form, keeping the query string. 308, unlike 301, tells the
    client to repeat the same method with the same body.
    """

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        route = self.router.get_route(scope["path"], scope["method"])
        if route is not None:
            await route.handler(
                RequestData(scope, route.query_string_extractor)
            )
            await _send(send, 200, b"ok")
            return
        location = self._other_form(scope)
        if location is None:
            await _send(send, 404, b"not found")
        else:
            await _send(send, 308, b"", [(b"location", location)])

    def _other_form(self, scope: Scope) -> bytes | None:
        """The URL of the path with its trailing slash added or removed,
        if that path has a route for the method; else None."""
        path: str = scope["path"]
        if path == "/":  # the root has no form without its slash
            return None
        other = path[:-1] if path.endswith("/") else path + "/"
        if self.router.get_route(other, scope["method"]) is None:
            return None
        # A header holds ASCII: the path goes back percent-encoded.
        location = quote(other).encode("ascii")
        query_string: bytes = scope.get("query_string", b"")
        return location + b"?" + query_string if query_string else location


async def _send(
    send: Send,
    status: int,
    body: bytes,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """Send a whole plain-text response, with any extra headers."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode("latin-1")),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
