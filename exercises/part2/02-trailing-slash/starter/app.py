"""An App that redirects /about/ to /about, and back. Edit this file."""

from part2.app import App as Part2App
from part2.app import Receive, Scope, Send


class App(Part2App):
    """Part 2's App, which should redirect a path that misses its route
    only by a trailing slash."""

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        # TODO: answer 308 with a location when the path, with its trailing
        # slash added or removed, has a route for this method.
        await super().__call__(scope, receive, send)
