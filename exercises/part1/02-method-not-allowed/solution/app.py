"""An App that answers 405, not 404, for a known path and another method."""

from part1.app import App as Part1App
from part1.app import Receive, Scope, Send

from .router import Router


class App(Part1App):
    """Part 1's App, which tells "no such path" (404) from "no such method
    here" (405, with an allow header listing the methods the path has)."""

    def __init__(self) -> None:
        super().__init__()
        self.router: Router = Router()

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        route = self.router.get_route(scope["path"], scope["method"])
        if route is not None:
            await route.handler()
            await _send_text(send, 200, b"ok")
            return
        allowed = self.router.get_allowed_methods(scope["path"])
        if not allowed:
            await _send_text(send, 404, b"not found")
            return
        allow = ", ".join(allowed).encode("latin-1")
        await _send_text(
            send, 405, b"method not allowed", [(b"allow", allow)]
        )


async def _send_text(
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
