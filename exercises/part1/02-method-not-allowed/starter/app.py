"""An App that answers 405 for a known path. Edit this file."""

from part1.app import App as Part1App
from part1.app import Receive, Scope, Send

from .router import Router


class App(Part1App):
    """Part 1's App, which should answer 405 when the path exists but the
    method does not."""

    def __init__(self) -> None:
        super().__init__()
        self.router: Router = Router()

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        # TODO: answer 405, with an allow header, instead of 404 when the
        # path has routes for other methods.
        await super().__call__(scope, receive, send)
