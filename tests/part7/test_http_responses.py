"""Part 7's responses: Part 3's, rendered once (tests/http_responses_suite.py), and
the streamed ones, played as raw ASGI messages: StreamingResponse (pieces with
more_body, HEAD, a client that leaves, an error after the start, memory),
ServerSentEvent (the HTML standard's line rules) and EventStreamResponse."""

import asyncio
import dataclasses
import itertools
import logging
import tracemalloc

import pytest

from part7.api_router import ApiRouter
from part7.app import App
from part7.http_responses import (
    EventStreamResponse,
    ServerSentEvent,
    StreamingResponse,
)
from tests.asgi import DISCONNECT, Gone, Recorder, body_messages, http_scope
from tests.http_responses_suite import http_responses_tests

globals().update(http_responses_tests("part7"))

REQUEST = body_messages()[0]  # the request's (empty) body, all of it


def start_and_bodies(recorder: Recorder) -> tuple[dict, list[tuple[bytes, bool]]]:
    """The http.response.start message, and each body message as (body, more_body)."""
    start, *bodies = recorder.sent
    assert start["type"] == "http.response.start"
    assert all(message["type"] == "http.response.body" for message in bodies)
    return start, [(m["body"], m.get("more_body", False)) for m in bodies]


class Pieces:
    """An async iterable that is not a generator: it counts the pieces pulled from
    it and the calls to its aclose(), the way a file or a subscription would."""

    def __init__(self, *pieces: bytes | str) -> None:
        self.pieces = list(pieces)
        self.pulled = 0
        self.closed = 0

    def __aiter__(self):
        return self

    async def __anext__(self) -> bytes | str:
        if self.pulled == len(self.pieces):
            raise StopAsyncIteration
        self.pulled += 1
        return self.pieces[self.pulled - 1]

    async def aclose(self) -> None:
        self.closed += 1


class Feed:
    """An endless generator of pieces, "piece 0", "piece 1", ..., that notes what
    was pulled and whether its `finally` ran. After `pause_after` pieces it sets
    `paused` and waits for data that never comes, as a quiet feed does."""

    def __init__(self, pause_after: int | None = None) -> None:
        self.pause_after = pause_after
        self.pulled: list[int] = []
        self.finally_ran = False
        self.paused = asyncio.Event()

    async def __call__(self):
        try:
            for number in itertools.count():
                self.pulled.append(number)
                yield b"piece %d" % number
                if len(self.pulled) == self.pause_after:
                    self.paused.set()
                    await asyncio.Event().wait()
        finally:
            self.finally_ran = True


def leaving_when(event: asyncio.Event):
    """A receive(): the request's body, then http.disconnect once event is set."""
    messages = iter([REQUEST])

    async def receive() -> dict:
        message = next(messages, None)
        if message is not None:
            return message
        await event.wait()
        return DISCONNECT

    return receive


# --- StreamingResponse: the messages -----------------------------------------------------


async def test_pieces_are_sent_with_more_body_then_an_empty_last_body() -> None:
    recorder = Recorder(body_messages())
    response = StreamingResponse(Pieces(b"one", "two", b""), 201, {"x-kind": "stream"})
    await asyncio.wait_for(response(http_scope(), recorder.receive, recorder.send), 2)
    start, bodies = start_and_bodies(recorder)
    assert start["status"] == 201
    assert start["headers"] == [(b"x-kind", b"stream")]  # no content-length: chunked
    assert bodies == [(b"one", True), (b"two", True), (b"", True), (b"", False)]


async def test_str_pieces_are_encoded_with_the_responses_charset() -> None:
    recorder = Recorder(body_messages())
    response = StreamingResponse(Pieces("café", "€"), media_type="text/plain", encode="utf-8")
    latin = StreamingResponse(Pieces("café"), media_type="text/plain", encode="latin-1")
    await response(http_scope(), recorder.receive, recorder.send)
    await latin(http_scope(), recorder.receive, recorder.send)
    first, second = recorder.sent[:4], recorder.sent[4:]
    assert first[0]["headers"] == [(b"content-type", b"text/plain; charset=utf-8")]
    assert [m["body"] for m in first[1:]] == ["café".encode(), "€".encode(), b""]
    assert second[0]["headers"] == [(b"content-type", b"text/plain; charset=latin-1")]
    assert second[1]["body"] == b"caf\xe9"


async def test_a_content_length_given_in_headers_is_sent() -> None:
    # A file of known size: the server sends it as it is, not chunked.
    response = StreamingResponse(Pieces(b"12345"), headers={"Content-Length": "5"})
    assert response.get_headers() == {"content-length": "5"}
    recorder = Recorder(body_messages())
    await response(http_scope(), recorder.receive, recorder.send)
    assert start_and_bodies(recorder)[0]["headers"] == [(b"content-length", b"5")]
    with pytest.raises(ValueError, match="content-length is computed"):
        response.add_header("content-length", "6")  # only the constructor takes it


def test_a_streamed_body_is_never_in_memory_so_it_cannot_be_read_or_set() -> None:
    response = StreamingResponse(Pieces(b"a"))
    with pytest.raises(AttributeError, match="no body in memory"):
        response.body  # noqa: B018
    with pytest.raises(AttributeError, match="no body in memory"):
        response.get_body()
    with pytest.raises(AttributeError, match="no body in memory"):
        response.body = b"other"
    response.add_header("x-added", "later")  # headers are another matter
    assert response.get_headers() == {"x-added": "later"}
    assert response.get_status_code() == 200


async def test_head_gets_the_headers_and_the_content_is_closed_unread() -> None:
    pieces = Pieces(b"never", b"read")
    recorder = Recorder(body_messages())
    response = StreamingResponse(pieces, media_type="text/plain")
    await asyncio.wait_for(response(http_scope("HEAD"), recorder.receive, recorder.send), 2)
    start, bodies = start_and_bodies(recorder)
    assert start["headers"] == [(b"content-type", b"text/plain; charset=utf-8")]
    assert bodies == [(b"", False)]
    assert (pieces.pulled, pieces.closed) == (0, 1)


async def test_head_closes_a_generator_before_it_runs_a_line() -> None:
    feed = Feed()
    generator = feed()
    recorder = Recorder(body_messages())
    await StreamingResponse(generator)(http_scope("HEAD"), recorder.receive, recorder.send)
    assert generator.ag_frame is None  # closed: it will never run
    assert [piece async for piece in generator] == []
    assert feed.pulled == []


async def test_body_messages_that_arrive_while_streaming_are_read_and_dropped() -> None:
    recorder = Recorder(body_messages(b"more ", b"body"))
    response = StreamingResponse(Pieces(b"a", b"b"))
    await asyncio.wait_for(response(http_scope("POST"), recorder.receive, recorder.send), 2)
    assert start_and_bodies(recorder)[1] == [(b"a", True), (b"b", True), (b"", False)]


# --- StreamingResponse: a client that leaves ---------------------------------------------


async def test_a_client_that_leaves_stops_the_pulling_and_the_generators_finally_runs(
    caplog,
) -> None:
    feed = Feed(pause_after=2)
    recorder = Recorder()
    receive = leaving_when(feed.paused)  # the client leaves while the feed is quiet
    with caplog.at_level(logging.DEBUG):
        await asyncio.wait_for(StreamingResponse(feed())(http_scope(), receive, recorder.send), 2)
    assert start_and_bodies(recorder)[1] == [(b"piece 0", True), (b"piece 1", True)]
    assert feed.pulled == [0, 1]  # nothing pulled after the disconnect
    assert feed.finally_ran
    assert caplog.records == []  # a client that leaves is no error


async def test_a_client_that_leaves_while_a_send_waits_closes_the_suspended_generator(
    caplog,
) -> None:
    feed = Feed()
    left = asyncio.Event()
    sent = []

    async def send(message: dict) -> None:
        sent.append(message)
        if len(sent) == 3:  # the client stops reading: the send waits
            left.set()
            await asyncio.Event().wait()

    with caplog.at_level(logging.DEBUG):
        await asyncio.wait_for(StreamingResponse(feed())(http_scope(), leaving_when(left), send), 2)
    assert [m.get("body") for m in sent] == [None, b"piece 0", b"piece 1"]
    assert feed.pulled == [0, 1]
    assert feed.finally_ran  # closed at its yield, by aclose()
    assert caplog.records == []


async def test_a_send_that_raises_oserror_is_a_client_that_left(caplog) -> None:
    feed = Feed()
    recorder = Gone(body_messages(), sends=2)  # start and one piece, then gone
    with caplog.at_level(logging.DEBUG):
        await asyncio.wait_for(
            StreamingResponse(feed())(http_scope(), recorder.receive, recorder.send), 2
        )
    assert start_and_bodies(recorder)[1] == [(b"piece 0", True)]
    assert feed.pulled == [0, 1]  # the piece whose send failed, and no more
    assert feed.finally_ran
    assert caplog.records == []


@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_a_client_gone_before_the_headers_gets_nothing_and_nothing_escapes(
    method, caplog
) -> None:
    # The very first send raises OSError: the content is closed unread.
    feed = Feed()
    recorder = Gone(body_messages(), sends=0)
    with caplog.at_level(logging.DEBUG):
        response = StreamingResponse(feed())
        await asyncio.wait_for(response(http_scope(method), recorder.receive, recorder.send), 2)
    assert recorder.sent == []
    assert feed.pulled == []
    assert caplog.records == []


async def test_the_end_of_the_stream_stops_listening_for_the_client() -> None:
    # The listener waits on receive(), which blocks until the client leaves:
    # the stream's end cancels it, and the call returns.
    recorder = Recorder(body_messages())
    await asyncio.wait_for(
        StreamingResponse(Pieces(b"a"))(http_scope(), recorder.receive, recorder.send), 2
    )
    assert recorder.received == 1


# --- StreamingResponse: an error after the start -----------------------------------------


def streaming_app(content_factory) -> App:
    api = ApiRouter()

    @api.get("/stream")
    async def stream() -> StreamingResponse:
        return StreamingResponse(content_factory(), media_type="text/plain")

    app = App()
    app.include_routes([api])
    return app


@pytest.mark.parametrize(
    "error", [ValueError("the source went away"), ConnectionResetError("upstream")]
)
async def test_an_error_in_the_content_after_the_start_goes_to_the_server_unlogged(
    error, caplog
) -> None:
    # The 200 is gone: the server logs the exception and breaks the connection.
    # An OSError from the content is the content's own, not a client that left.
    closed = []

    async def breaks():
        try:
            yield b"first"
            raise error
        finally:
            closed.append(True)

    recorder = Recorder(body_messages())
    app = streaming_app(breaks)
    with caplog.at_level(logging.DEBUG), pytest.raises(type(error)) as raised:
        await asyncio.wait_for(
            app(http_scope("GET", "/stream"), recorder.receive, recorder.send), 2
        )
    assert raised.value is error
    start, bodies = start_and_bodies(recorder)
    assert start["status"] == 200
    assert bodies == [(b"first", True)]  # and no clean end
    assert closed == [True]
    assert caplog.records == []  # logged once, by the server


async def test_a_long_stream_holds_one_piece_at_a_time() -> None:
    count, size = 10_000, 1024
    received = 0

    async def pieces():
        for _ in range(count):
            yield b"x" * size

    async def send(message: dict) -> None:
        nonlocal received
        received += len(message.get("body", b""))

    recorder = Recorder(body_messages())
    tracemalloc.start()
    try:
        await StreamingResponse(pieces())(http_scope(), recorder.receive, send)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert received == count * size
    assert peak < 100 * size  # 10 MB streamed, and a few pieces held at most


# --- ServerSentEvent ---------------------------------------------------------------------


def test_an_event_with_data_alone_is_one_data_line_and_a_blank_line() -> None:
    assert ServerSentEvent("hello").encode() == "data: hello\n\n"
    assert ServerSentEvent("").encode() == "data: \n\n"


@pytest.mark.parametrize("data", ["one\r\ntwo\nthree\rfour", "one\ntwo\nthree\nfour"])
def test_multi_line_data_is_one_data_line_per_line_crlf_lf_and_cr_alike(data) -> None:
    expected = "data: one\ndata: two\ndata: three\ndata: four\n\n"
    assert ServerSentEvent(data).encode() == expected


def test_blank_lines_inside_data_are_kept_as_empty_data_lines() -> None:
    # A blank line would end the event early; an empty data line keeps it whole.
    assert ServerSentEvent("a\n\nb\n").encode() == "data: a\ndata: \ndata: b\ndata: \n\n"


def test_event_id_and_retry_come_before_the_data() -> None:
    event = ServerSentEvent("3", event="tick", id="3", retry=1500)
    assert event.encode() == "event: tick\nid: 3\nretry: 1500\ndata: 3\n\n"
    assert ServerSentEvent("x", retry=0).encode() == "retry: 0\ndata: x\n\n"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"event": "a\nb"}, "an event's event cannot hold a newline"),
        ({"event": "a\rb"}, "an event's event cannot hold a newline"),
        ({"id": "1\r\n2"}, "an event's id cannot hold a newline"),
        ({"id": "1\n"}, "an event's id cannot hold a newline"),
        ({"id": "1\x002"}, "an event's id cannot hold a NUL"),
        ({"retry": -1}, "retry is a number of milliseconds, 0 or more"),
    ],
)
def test_a_field_that_would_break_the_stream_is_refused_when_the_event_is_made(
    fields, message
) -> None:
    with pytest.raises(ValueError) as raised:
        ServerSentEvent("data", **fields)
    assert str(raised.value) == message


def test_an_event_cannot_change_once_made() -> None:
    event = ServerSentEvent("data")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.id = "1\n"  # type: ignore[misc]


# --- EventStreamResponse -----------------------------------------------------------------


async def test_an_event_stream_is_text_event_stream_never_cached() -> None:
    async def events():
        yield ServerSentEvent("3", event="tick", id="3")
        yield "plain text"

    recorder = Recorder(body_messages())
    await EventStreamResponse(events())(http_scope(), recorder.receive, recorder.send)
    start, bodies = start_and_bodies(recorder)
    assert dict(start["headers"]) == {
        b"content-type": b"text/event-stream; charset=utf-8",
        b"cache-control": b"no-cache",
    }
    assert bodies == [
        (b"event: tick\nid: 3\ndata: 3\n\n", True),
        (b"data: plain text\n\n", True),
        (b"", False),
    ]


def test_an_event_stream_takes_headers_and_may_change_the_caching() -> None:
    response = EventStreamResponse(Pieces(), 202, {"x-accel-buffering": "no"})
    assert response.get_status_code() == 202
    assert response.get_headers()["x-accel-buffering"] == "no"
    private = EventStreamResponse(Pieces(), headers={"cache-control": "private"})
    assert private.get_headers()["cache-control"] == "private"


async def test_a_client_that_leaves_closes_the_handlers_generator() -> None:
    quiet, sent, closed = asyncio.Event(), [], []

    async def countdown():  # the handler's generator, inside the response's own
        try:
            for number in itertools.count():
                sent.append(number)
                yield ServerSentEvent(str(number))
                quiet.set()
                await asyncio.Event().wait()
        finally:
            closed.append(True)

    recorder = Recorder()
    response = EventStreamResponse(countdown())
    await asyncio.wait_for(response(http_scope(), leaving_when(quiet), recorder.send), 2)
    assert start_and_bodies(recorder)[1] == [(b"data: 0\n\n", True)]
    assert (sent, closed) == ([0], [True])


@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_the_handlers_events_are_closed_once_read_or_unread(method) -> None:
    # HEAD reads nothing: the handler's iterable is closed all the same
    # (before the fix, only the response's own generator was).
    events = Pieces("a")
    recorder = Recorder(body_messages())
    await EventStreamResponse(events)(http_scope(method), recorder.receive, recorder.send)
    assert (events.pulled, events.closed) == ((1, 1) if method == "GET" else (0, 1))
