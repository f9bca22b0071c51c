"""Drive an ASGI app by hand: build a scope, play request messages, record what it sends.

This is what a server does for the app, minus the network. `receive()` blocks
once the scripted messages are used up, as a real server's does while it waits
for the client, so an app that reads too far hangs here too; `call` turns a
hang into a TimeoutError.
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
