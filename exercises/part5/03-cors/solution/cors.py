"""CORS, as an ASGI middleware that wraps the whole app."""

from collections.abc import Sequence

from part5.http_responses import BaseHTTPResponse, TextResponse
from part5.types import ASGIApp, Message, Receive, Scope, Send

Headers = list[tuple[bytes, bytes]]


class CORSMiddleware:
    """Lets pages from allow_origins call the app from a browser: answers
    their preflight requests, and marks the responses they may read.

    It wraps the whole app, `CORSMiddleware(app, allow_origins=[...])`,
    because a preflight is an OPTIONS request, which no route has: inside
    the framework it would be a 405 before any middleware ran. A request
    without an origin header is not a CORS request, and passes untouched.
    """

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
        if "*" in [*allow_methods, *allow_headers]:
            raise ValueError("only allow_origins can be '*'")
        if allow_credentials and "*" in allow_origins:
            raise ValueError("allow_credentials needs a list of origins")
        self.app = app
        self.allow_origins = list(allow_origins)
        self.allow_methods = [method.upper() for method in allow_methods]
        self.allow_headers = [name.lower() for name in allow_headers]
        self.allow_credentials = allow_credentials
        self.max_age = max_age

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":  # lifespan and websockets pass through
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", ())
        }
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
        elif (
            scope["method"] == "OPTIONS"
            and "access-control-request-method" in headers
        ):
            await self._preflight(origin, headers)(scope, receive, send)
        elif self._allows(origin):
            await self.app(scope, receive, self._marking(origin, send))
        else:  # the browser will not let the page read the answer
            await self.app(scope, receive, send)

    def _allows(self, origin: str) -> bool:
        return "*" in self.allow_origins or origin in self.allow_origins

    def _preflight(
        self, origin: str, headers: dict[str, str]
    ) -> BaseHTTPResponse:
        """The answer to a preflight: may origin send this request?"""
        method = headers["access-control-request-method"]
        asked = headers.get("access-control-request-headers", "")
        names = [name.strip().lower() for name in asked.split(",")]
        if not self._allows(origin):
            return TextResponse("Disallowed CORS origin", 400)
        if method not in self.allow_methods:
            return TextResponse("Disallowed CORS method", 400)
        if any(name and name not in self.allow_headers for name in names):
            return TextResponse("Disallowed CORS headers", 400)
        response = BaseHTTPResponse(b"")
        response.raw_headers += self._cors_headers(origin)
        response.add_header(
            "access-control-allow-methods", ", ".join(self.allow_methods)
        )
        if self.allow_headers:
            response.add_header(
                "access-control-allow-headers", ", ".join(self.allow_headers)
            )
        response.add_header("access-control-max-age", str(self.max_age))
        return response

    def _marking(self, origin: str, send: Send) -> Send:
        """send, with the CORS headers added to the response's start."""
        cors = self._cors_headers(origin)

        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                # A new message and a new list: the app's stay untouched.
                # ASGI makes "headers" optional.
                headers = [*message.get("headers", ()), *cors]
                message = {**message, "headers": _one_vary(headers)}
            await send(message)

        return send_marked

    def _cors_headers(self, origin: str) -> Headers:
        """The headers that let origin's page read a response."""
        if "*" in self.allow_origins:
            headers = [(b"access-control-allow-origin", b"*")]
        else:  # the answer depends on the origin: caches must know it
            headers = [
                (b"access-control-allow-origin", origin.encode("latin-1")),
                (b"vary", b"origin"),
            ]
        if self.allow_credentials:
            headers.append((b"access-control-allow-credentials", b"true"))
        return headers


def _one_vary(headers: Headers) -> Headers:
    """headers with their vary values joined into one header, at the end."""
    varies = [value for name, value in headers if name == b"vary"]
    if len(varies) < 2:
        return headers
    others = [(name, value) for name, value in headers if name != b"vary"]
    return [*others, (b"vary", b", ".join(varies))]
