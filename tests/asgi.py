"""Drive an ASGI app by hand: build a scope, play request messages, record what it sends.

This is what a server does for the app, minus the network. `receive()` blocks
once the scripted messages are used up, as a real server's does while it waits
for the client, so an app that reads too far hangs here too; `call` turns a
hang into a TimeoutError.

For WebSockets (Part 7): `websocket_scope`, the client's messages (`CONNECT`,
`ws_text`, `ws_bytes`, `ws_disconnect`), `Gone` (a client that has left: every send
raises OSError) and `Conversation` (a client that talks back and forth with the app).
"""

import asyncio
from collections.abc import Iterable
from typing import Any


def http_scope(
    method: str = "GET",
    path: str = "/",
    query_string: bytes = b"",
    headers: Iterable[tuple[bytes, bytes]] = (),
) -> dict[str, Any]:
    """An HTTP scope with the keys uvicorn sends."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8"),
        "query_string": query_string,
        "root_path": "",
        "headers": list(headers),
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


def body_messages(*chunks: bytes) -> list[dict[str, Any]]:
    """http.request messages carrying chunks, the last with more_body=False."""
    chunks = chunks or (b"",)
    return [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]


DISCONNECT = {"type": "http.disconnect"}


class Recorder:
    """Plays scripted messages through `receive` and records what the app sends."""

    def __init__(self, messages: Iterable[dict[str, Any]] = ()) -> None:
        self.incoming = list(messages)
        self.received = 0
        self.sent: list[dict[str, Any]] = []

    async def receive(self) -> dict[str, Any]:
        if self.received < len(self.incoming):
            self.received += 1
            return self.incoming[self.received - 1]
        await asyncio.Event().wait()  # nothing more to say: block, like a server
        raise AssertionError("unreachable")  # pragma: no cover

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)


async def call(app, scope, messages=None, timeout: float = 2.0) -> Recorder:
    """Run app on scope, playing messages (default: one empty body); return the recorder."""
    recorder = Recorder(body_messages() if messages is None else messages)
    await asyncio.wait_for(app(scope, recorder.receive, recorder.send), timeout)
    return recorder


def response_of(recorder: Recorder) -> tuple[int, dict[str, str], bytes]:
    """Check the sent messages form one complete response; return status, headers, body."""
    start, *bodies = recorder.sent
    assert start["type"] == "http.response.start"
    assert bodies, "no http.response.body was sent"
    assert all(message["type"] == "http.response.body" for message in bodies)
    assert all(message.get("more_body", False) for message in bodies[:-1])
    assert not bodies[-1].get("more_body", False)
    headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in start["headers"]}
    body = b"".join(message.get("body", b"") for message in bodies)
    return start["status"], headers, body


# --- WebSockets --------------------------------------------------------------------------


def websocket_scope(
    path: str = "/",
    query_string: bytes = b"",
    headers: Iterable[tuple[bytes, bytes]] = (),
    subprotocols: Iterable[str] = (),
) -> dict[str, Any]:
    """A WebSocket scope with the keys uvicorn sends: no method, since a handshake
    is always a GET, and the subprotocols the client offers."""
    return {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode("utf-8"),
        "query_string": query_string,
        "root_path": "",
        "headers": list(headers),
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "subprotocols": list(subprotocols),
    }


CONNECT = {"type": "websocket.connect"}


def ws_text(text: str) -> dict[str, Any]:
    """A text message from the client."""
    return {"type": "websocket.receive", "text": text}


def ws_bytes(data: bytes) -> dict[str, Any]:
    """A binary message from the client."""
    return {"type": "websocket.receive", "bytes": data}


def ws_disconnect(code: int = 1000, reason: str = "") -> dict[str, Any]:
    """The client has gone: its close frame's code and reason (1006: no frame)."""
    return {"type": "websocket.disconnect", "code": code, "reason": reason}


class Gone(Recorder):
    """A Recorder whose client leaves after `sends` messages: every send from then on
    raises OSError, as an ASGI 2.4 server's send does for a connection that is over."""

    def __init__(self, messages: Iterable[dict[str, Any]] = (), sends: int = 0) -> None:
        super().__init__(messages)
        self.sends = sends

    async def send(self, message: dict[str, Any]) -> None:
        if len(self.sent) >= self.sends:
            raise ConnectionResetError("the client has gone")
        await super().send(message)


class Conversation:
    """One client of a WebSocket, in process, for talks that go back and forth: the
    test says what the client sends (`say`) and waits for what the app sends
    (`heard`), while the app runs in a task of its own."""

    def __init__(self) -> None:
        self.incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.outgoing: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.sent: list[dict[str, Any]] = []

    async def receive(self) -> dict[str, Any]:
        return await self.incoming.get()

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)
        self.outgoing.put_nowait(message)

    def say(self, *messages: dict[str, Any]) -> None:
        for message in messages:
            self.incoming.put_nowait(message)

    async def heard(self, timeout: float = 2.0) -> dict[str, Any]:
        """The next message the app sends."""
        return await asyncio.wait_for(self.outgoing.get(), timeout)
