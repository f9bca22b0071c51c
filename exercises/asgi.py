"""Call an ASGI app the way a server does, and look at what it sent.

The exercises' tests use this where the exact messages matter; elsewhere
they use httpx, as a client would.
"""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

Message = dict[str, Any]
ASGIApp = Callable[..., Awaitable[None]]
AS_SENT = b"<as the client sent it>"  # raw_path: the path, percent-encoded


@dataclass
class Sent:
    """What the app sent: every message, and the response they make up."""

    messages: list[Message] = field(default_factory=list)

    @property
    def status(self) -> int:
        return int(self.messages[0]["status"])

    @property
    def headers(self) -> list[tuple[bytes, bytes]]:
        return list(self.messages[0].get("headers", []))

    def header(self, name: str) -> str | None:
        """The value of header name (lower case), or None if not sent."""
        values = [v for n, v in self.headers if n == name.encode("latin-1")]
        return values[0].decode("latin-1") if values else None

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages[1:])


async def request(
    app: ASGIApp,
    method: str = "GET",
    path: str = "/",
    *,
    query_string: bytes = b"",
    headers: Iterable[tuple[bytes, bytes]] = (),
    body: bytes = b"",
    raw_path: bytes | None = AS_SENT,
) -> Sent:
    """Send one HTTP request to app, with the scope keys uvicorn sets.

    path is decoded, as servers pass it; raw_path is what the client sent,
    by default the path percent-encoded (None: a server that cannot say).
    The body arrives in one message; after it, the client has gone.
    """
    if raw_path is AS_SENT:
        raw_path = quote(path).encode("ascii")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": raw_path,
        "query_string": query_string,
        "root_path": "",
        "headers": list(headers),
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8001),
    }
    sent = Sent()

    incoming = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.messages.append(message)

    await app(scope, receive, send)
    return sent


async def start_and_stop(app: ASGIApp) -> list[Message]:
    """Play a server's lifespan: startup, then shutdown. Return what the app
    sent (Parts 1 and 2 send nothing: returning at once is a valid answer)."""
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    await app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
    return sent
