"""Part 2's App, routing with Router.match and passing the path's parameters
to handlers.

Nothing to change here: it is Part 2's App.__call__, with match instead of
get_route and this package's RequestData.
"""

from part2.app import App as Part2App
from part2.app import Receive, Scope, Send, _send_text

from .request_data import RequestData
from .router import Router


class App(Part2App):
    """Part 2's App, whose router understands /users/{id}."""

    def __init__(self) -> None:
        super().__init__()
        self.router: Router = Router()

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        found = self.router.match(scope["path"], scope["method"])
        if found is None:
            await _send_text(send, 404, b"not found")
            return
        route, path_params = found
        extractor = route.query_string_extractor
        await route.handler(RequestData(scope, extractor, path_params))
        await _send_text(send, 200, b"ok")
