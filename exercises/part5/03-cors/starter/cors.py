"""CORS, as an ASGI middleware that wraps the whole app. Edit this file."""

from collections.abc import Sequence

from part5.types import ASGIApp, Receive, Scope, Send


class CORSMiddleware:
    """Lets pages from allow_origins call the app from a browser: answers
    their preflight requests, and marks the responses they may read."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allow_origins: Sequence[str] = (),
        allow_methods: Sequence[str] = ("GET",),
        allow_headers: Sequence[str] = (),
        allow_credentials: bool = False,
        max_age: int = 600,
    ) -> None:
        self.app = app
        # TODO: check and keep the settings.

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        # TODO: answer preflights, add the headers to CORS responses.
        await self.app(scope, receive, send)
