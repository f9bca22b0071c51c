"""HEAD on every GET route. Edit this file: see README.md."""

from part1.app import App as Part1App
from part1.app import Receive, Scope, Send


class App(Part1App):
    """Part 1's App, which should also answer HEAD where GET has a route."""

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        # TODO: answer a HEAD as the GET it stands for, without the body.
        await super().__call__(scope, receive, send)
