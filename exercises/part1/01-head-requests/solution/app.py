"""HEAD on every GET route: the same status and headers, and no body."""

from part1.app import App as Part1App
from part1.app import Message, Receive, Scope, Send


class App(Part1App):
    """Part 1's App, which also answers HEAD wherever GET has a route.

    A HEAD is routed and handled as a GET, and its response keeps every
    header, content-length included, but sends an empty body.
    """

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await super().__call__(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        # A copy: the scope belongs to the server, so it is not changed.
        as_get = {**scope, "method": "GET"}
        await super().__call__(as_get, receive, send_without_body)
