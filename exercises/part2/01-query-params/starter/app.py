"""Part 2's App, handing handlers the RequestData of request_data.py.

Nothing to change here: it is Part 2's App.__call__ with one difference,
the RequestData it builds.
"""

from part2.app import App as Part2App
from part2.app import Receive, Scope, Send, _send_text

from .request_data import RequestData


class App(Part2App):
    """Part 2's App, whose handlers get this package's RequestData."""

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        route = self.router.get_route(scope["path"], scope["method"])
        if route is None:
            await _send_text(send, 404, b"not found")
            return
        await route.handler(RequestData(scope, route.query_string_extractor))
        await _send_text(send, 200, b"ok")
