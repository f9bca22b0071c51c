"""The properties every answer must have, checked on one request to one target
(`check_request`), and for a streamed answer, with a client that may leave at any
piece (`check_stream`)."""

import asyncio
import dataclasses
from typing import Any

from tests.asgi import DISCONNECT, Recorder, response_of
from tests.reliability.strategies import Request
from tests.reliability.targets import (
    NO_RESPONSE,
    STAGE_STATUSES,
    STREAMS,
    Streamed,
    Target,
)

TIMEOUT = 1.0  # seconds; an in-process call takes well under a millisecond
# The pieces a stream may still send after the app has received the disconnect.
# SPEC 9 asks for none: Part 7's listener stops the stream the moment it hears the
# client leave.
LATE_PIECES = 0


class TracingRecorder(Recorder):
    """A Recorder that also notes how many messages the app had received at each send."""

    def __init__(self, messages: list[dict[str, Any]]) -> None:
        super().__init__(messages)
        self.received_at_send: list[int] = []

    async def send(self, message: dict[str, Any]) -> None:
        self.received_at_send.append(self.received)
        await super().send(message)

    def disconnect_received(self) -> bool:
        return any(m["type"] == "http.disconnect" for m in self.incoming[: self.received])

    def sent_after_disconnect(self) -> list[dict[str, Any]]:
        """The messages the app sent after it had been told the client was gone."""
        types = [m["type"] for m in self.incoming]
        if "http.disconnect" not in types:
            return []
        seen_by = types.index("http.disconnect") + 1
        return [m for m, n in zip(self.sent, self.received_at_send, strict=True) if n >= seen_by]


async def exchange(app: Any, scope: dict[str, Any], messages: list[dict[str, Any]]) -> Any:
    """Run app once, like a server: a hang becomes a TimeoutError, an exception escapes."""
    recorder = TracingRecorder(messages)
    await asyncio.wait_for(app(scope, recorder.receive, recorder.send), TIMEOUT)
    return recorder


def _checked_response(recorder: TracingRecorder) -> tuple[int, dict[str, str], bytes, list]:
    """One complete response with well-formed headers; content-length at most once."""
    status, headers, body = response_of(recorder)
    raw_headers = recorder.sent[0].get("headers", [])
    names = [name for name, _value in raw_headers]
    assert all(isinstance(n, bytes) and n == n.lower() for n in names), names
    assert names.count(b"content-length") <= 1
    return status, headers, body, raw_headers


async def check_request(target: Target, request: Request) -> str:
    """Send request to target and assert every property; return what happened, for statistics."""
    recorder = await exchange(target.app, request.scope(), request.messages())
    expected = target.expect(request)
    if isinstance(expected, Streamed):  # a stream the client leaves
        return _check_streamed(recorder, expected, left=request.body is None)
    assert recorder.sent_after_disconnect() == []
    if expected == NO_RESPONSE:
        assert recorder.disconnect_received()
        assert recorder.sent == [], "the client is gone: nothing may be sent"
        return "disconnected"

    status, headers, body, raw_headers = _checked_response(recorder)
    assert status in STAGE_STATUSES[target.part]
    assert status in expected, (status, expected)
    if target.part not in ("part1", "part2") and request.method == "HEAD":
        # Part 3 on answer HEAD with exactly the headers GET gets, content-length
        # included (a stream has none), and no body (where a header varies per
        # request, the same names). The GET's client stays to the end (HEAD reads
        # no body, so it did not notice a client that left, but a GET that streams
        # would).
        whole = dataclasses.replace(request, disconnect_after=None)
        get = await exchange(target.app, request.scope("GET"), whole.messages())
        get_status, _get_headers, get_body, get_raw_headers = _checked_response(get)
        assert (status, body) == (get_status, b"")
        if target.head_headers_as_get:
            assert raw_headers == get_raw_headers
        else:
            assert [name for name, _ in raw_headers] == [name for name, _ in get_raw_headers]
        if status == 200 and target.streams(request):  # in pieces: no length
            assert "content-length" not in headers
        else:
            assert int(headers["content-length"]) == len(get_body)
        body = get_body
    elif "content-length" in headers:
        assert int(headers["content-length"]) == len(body)
    target.check_body(request, status, headers, body)
    return str(status)


class LeavingClient(TracingRecorder):
    """A client that leaves once `after` pieces of the response body have reached
    it: by a disconnect (`receive` returns http.disconnect, once the request's own
    messages are used up), or by going (every send from then on raises OSError, as
    an ASGI 2.4 server's does). `leave` None: it stays to the end."""

    def __init__(self, messages: list[dict[str, Any]], leave: tuple[str, int] | None) -> None:
        super().__init__(messages)
        self.how, self.after = leave or ("stays", 0)
        self.pieces = 0  # body messages that reached the client
        self.refused = 0  # sends that raised
        self.piece_sent = asyncio.Event()

    async def receive(self) -> dict[str, Any]:
        if self.how == "disconnect" and self.received == len(self.incoming):
            while self.pieces < self.after:
                self.piece_sent.clear()
                await self.piece_sent.wait()
            self.incoming.append(DISCONNECT)
        return await super().receive()

    async def send(self, message: dict[str, Any]) -> None:
        body = message["type"] == "http.response.body"
        if self.refused or (self.how == "gone" and body and self.pieces >= self.after):
            self.refused += 1
            raise ConnectionResetError("the client has gone")
        await super().send(message)
        if body:
            self.pieces += 1
            self.piece_sent.set()

    def left(self) -> bool:
        return self.refused > 0 or self.disconnect_received()


async def check_stream(target: Target, request: Request, leave: tuple[str, int] | None) -> str:
    """Send request to a target whose 200s are streamed, with a client that may
    leave at any piece (`leave`), and assert every property: exactly one
    http.response.start, then the expected pieces in order, each its own message,
    ended only if the client stayed; nothing after a send that raised; every
    iterable the app made closed; nothing escapes, nothing hangs."""
    STREAMS.clear()
    expected = target.expect(request)
    if not isinstance(expected, Streamed):  # HEAD, an error, or no answer at all
        outcome = await check_request(target, request)
        assert all(stream.closed for stream in STREAMS), "an iterable was left open"
        return outcome
    client = LeavingClient(request.messages(), leave)
    await asyncio.wait_for(target.app(request.scope(), client.receive, client.send), TIMEOUT)
    assert STREAMS and all(stream.closed for stream in STREAMS), "an iterable was left open"
    assert client.refused <= 1, "the app sent again after a send raised OSError"
    outcome = _check_streamed(client, expected, client.left())
    if outcome == "streamed":
        status, headers, body = response_of(client)
        target.check_body(request, status, headers, body)
    return outcome


def _check_streamed(recorder: TracingRecorder, expected: Streamed, left: bool) -> str:
    """One start, then a prefix of the expected pieces, each its own message with
    more_body, then the empty last one, which a client that left may miss."""
    start, *bodies = recorder.sent
    assert start["type"] == "http.response.start"
    assert start["status"] == expected.status
    names = [name for name, _value in start.get("headers", [])]
    assert all(isinstance(n, bytes) and n == n.lower() for n in names), names
    assert b"content-length" not in names
    assert all(message["type"] == "http.response.body" for message in bodies)
    pieces = [message.get("body", b"") for message in bodies]
    ended = bool(bodies) and not bodies[-1].get("more_body", False)
    if ended:
        assert pieces.pop() == b""
    assert all(message.get("more_body", False) for message in bodies[: len(pieces)])
    assert pieces == list(expected.pieces[: len(pieces)]), "not the stream's pieces, in order"
    late = [m for m in recorder.sent_after_disconnect() if m.get("more_body", False)]
    assert len(late) <= LATE_PIECES, f"{len(late)} pieces after the client left"
    if not left:
        assert ended and pieces == list(expected.pieces), "a client that stayed got it all"
        return "streamed"
    if ended:
        return "left at the end"
    return "left mid-stream" if pieces else "left before the first piece"
