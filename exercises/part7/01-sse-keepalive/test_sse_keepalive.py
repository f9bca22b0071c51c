"""part7/01-sse-keepalive: an event stream sends the comment `: ping`
whenever no event came for ping_every seconds, without delaying events,
and stops when the events end or the client leaves.

Time here is a Clock the tests move on by hand: nothing waits for real,
except in the last test, which uses asyncio.sleep with a 1 ms interval."""

import asyncio
import logging
import math

import pytest

from exercises import load
from part7.api_router import ApiRouter
from part7.app import App
from part7.http_responses import ServerSentEvent

KeepAliveEventStreamResponse = load(
    __file__, "http_responses"
).KeepAliveEventStreamResponse

PING = b": ping\n\n"
TICK = ServerSentEvent("1", event="tick", id="1")
TICK_SENT = b"event: tick\nid: 1\ndata: 1\n\n"
END = b""  # the last, empty body message
EVENT_STREAM = "text/event-stream; charset=utf-8"


class Clock:
    """Time that only moves when a test says so: sleep(seconds) returns
    once advance() has moved the clock that far."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleepers: list[tuple[float, asyncio.Future[None]]] = []

    async def sleep(self, seconds: float) -> None:
        wake = asyncio.get_running_loop().create_future()
        sleeper = (self.now + seconds, wake)
        self.sleepers.append(sleeper)
        try:
            await wake
        finally:  # woken, or cancelled
            self.sleepers.remove(sleeper)

    @property
    def waiting(self) -> list[float]:
        """How long each sleep in progress has still to go."""
        return [deadline - self.now for deadline, _ in self.sleepers]

    def advance(self, seconds: float) -> None:
        self.now += seconds
        for deadline, wake in self.sleepers:
            if deadline <= self.now and not wake.done():
                wake.set_result(None)


class Source:
    """The events a handler streams, handed out by the test: give() one
    event, end() the stream. `closed`: the generator's finally ran."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue = asyncio.Queue()
        self.closed = False

    def give(self, *events: ServerSentEvent | str | Exception) -> None:
        for event in events:
            self.queue.put_nowait(event)

    def end(self) -> None:
        self.queue.put_nowait(None)

    async def events(self):
        try:
            while (event := await self.queue.get()) is not None:
                if isinstance(event, Exception):
                    raise event
                yield event
        finally:
            self.closed = True


running: list[asyncio.Task[None]] = []


class Client:
    """A client of app's GET /events, in a task of its own: `bodies` is
    what the stream sent so far; leave() makes the client go."""

    def __init__(self, app, method: str = "GET") -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": "/events",
            "raw_path": b"/events",
            "query_string": b"",
            "root_path": "",
            "headers": [],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8001),
        }
        self.messages: list[dict] = []
        self.asked = False
        self.left = asyncio.Event()
        self.task = asyncio.create_task(app(scope, self.receive, self.send))
        running.append(self.task)

    async def receive(self) -> dict:
        if not self.asked:  # the request, with no body
            self.asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.left.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict) -> None:
        self.messages.append(message)

    def leave(self) -> None:
        self.left.set()

    @property
    def headers(self) -> dict[str, str]:
        return {
            name.decode(): value.decode()
            for name, value in self.messages[0]["headers"]
        }

    @property
    def bodies(self) -> list[bytes]:
        return [
            message["body"]
            for message in self.messages
            if message["type"] == "http.response.body"
        ]


async def settle() -> None:
    """Let every task run until it waits: for a sleep, a client, or an
    event. (Many turns of the event loop, and no time at all.)"""
    for _ in range(100):
        await asyncio.sleep(0)


@pytest.fixture(autouse=True)
async def stop_what_is_left():
    """After each test, stop the app calls that have not ended."""
    yield
    for task in running:
        task.cancel()
    await asyncio.gather(*running, return_exceptions=True)
    running.clear()


def make_app(source: Source, **settings) -> App:
    router = ApiRouter()

    @router.get("/events")
    async def events() -> KeepAliveEventStreamResponse:
        return KeepAliveEventStreamResponse(source.events(), **settings)

    app = App()
    app.include_routes([router])
    return app


def errors(caplog) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
    ]


async def test_events_go_out_as_part_7_sends_them() -> None:
    """Events that come one after another go out at once, as Part 7's
    EventStreamResponse sends them (text/event-stream, never cached), then
    the empty last piece: no ping between them."""
    clock, source = Clock(), Source()
    source.give(TICK, "two")
    source.end()
    client = Client(make_app(source, sleep=clock.sleep))
    await settle()
    assert client.bodies == [TICK_SENT, b"data: two\n\n", END]
    assert client.headers["content-type"] == EVENT_STREAM
    assert client.headers["cache-control"] == "no-cache"
    assert client.task.done(), "the app is still answering"


async def test_a_ping_after_ping_every_seconds_without_an_event() -> None:
    """No event for ping_every seconds (15 here): the stream sends the
    comment line `: ping` and a blank line; and again every 15 seconds
    while no event comes."""
    clock, source = Clock(), Source()
    source.give(TICK)
    client = Client(make_app(source, ping_every=15, sleep=clock.sleep))
    await settle()
    assert client.bodies == [TICK_SENT]
    clock.advance(14)
    await settle()
    assert client.bodies == [TICK_SENT]
    clock.advance(1)  # 15 s after the event
    await settle()
    assert client.bodies == [TICK_SENT, PING]
    clock.advance(15)
    await settle()
    assert client.bodies == [TICK_SENT, PING, PING]


async def test_pings_before_the_first_event_too() -> None:
    """A stream whose first event is slow to come is idle too: the first
    ping comes ping_every seconds after the response started."""
    clock, source = Clock(), Source()
    client = Client(make_app(source, ping_every=5, sleep=clock.sleep))
    await settle()
    assert client.messages[0]["type"] == "http.response.start"
    assert client.bodies == []
    clock.advance(5)
    await settle()
    assert client.bodies == [PING]


async def test_an_event_is_never_delayed_and_restarts_the_count() -> None:
    """An event goes out as soon as it comes, whatever the pings are
    doing; the next ping comes ping_every seconds after the last event
    (or ping), not after the one before."""
    clock, source = Clock(), Source()
    source.give(TICK)
    client = Client(make_app(source, ping_every=15, sleep=clock.sleep))
    await settle()
    clock.advance(10)
    source.give("at 10 s")
    await settle()
    assert client.bodies == [TICK_SENT, b"data: at 10 s\n\n"]
    clock.advance(10)  # 20 s: 10 s after the last event
    await settle()
    assert client.bodies == [TICK_SENT, b"data: at 10 s\n\n"]
    clock.advance(5)  # 25 s: 15 s after it
    await settle()
    assert client.bodies == [TICK_SENT, b"data: at 10 s\n\n", PING]
    clock.advance(3)
    source.give("at 28 s")
    await settle()
    clock.advance(14)
    await settle()
    assert client.bodies[3:] == [b"data: at 28 s\n\n"]
    clock.advance(1)
    await settle()
    assert client.bodies[3:] == [b"data: at 28 s\n\n", PING]


async def test_the_end_of_the_events_ends_the_pings() -> None:
    """When the events end, the stream ends at once, and no ping follows:
    no sleep is left waiting."""
    clock, source = Clock(), Source()
    source.give(TICK)
    client = Client(make_app(source, ping_every=15, sleep=clock.sleep))
    await settle()
    clock.advance(15)
    await settle()
    source.end()
    await settle()
    assert client.bodies == [TICK_SENT, PING, END]
    assert client.task.done(), "the app is still answering"
    assert clock.waiting == []
    clock.advance(60)
    await settle()
    assert client.bodies == [TICK_SENT, PING, END]


async def test_a_client_that_leaves_stops_everything(caplog) -> None:
    """A client that leaves while the stream is idle: the response ends,
    the handler's generator is closed (its finally runs), no sleep is left
    waiting, and nothing is logged."""
    clock, source = Clock(), Source()
    source.give(TICK)
    client = Client(make_app(source, ping_every=15, sleep=clock.sleep))
    await settle()
    clock.advance(15)
    await settle()
    client.leave()
    await settle()
    assert client.task.done(), "the app is still answering"
    assert client.bodies == [TICK_SENT, PING]
    assert source.closed
    assert clock.waiting == []
    assert errors(caplog) == []


async def test_head_sends_the_headers_and_no_ping() -> None:
    """HEAD /events: the headers, an empty body, and nothing more; the
    handler's events are not read."""
    clock, source = Clock(), Source()
    source.give(TICK)
    client = Client(make_app(source, sleep=clock.sleep), method="HEAD")
    await settle()
    assert client.headers["content-type"] == EVENT_STREAM
    assert client.bodies == [END]
    assert client.task.done(), "the app is still answering"
    assert clock.waiting == []
    assert source.queue.qsize() == 1  # TICK, unread


async def test_an_error_in_the_events_goes_to_the_server() -> None:
    """An exception in the handler's generator goes to the server, as in
    Part 7: the stream breaks, it does not end cleanly."""
    clock, source = Clock(), Source()
    source.give(TICK)
    client = Client(make_app(source, ping_every=15, sleep=clock.sleep))
    await settle()
    source.give(RuntimeError("the feed broke"))
    await settle()
    assert client.bodies == [TICK_SENT]
    with pytest.raises(RuntimeError, match="the feed broke"):
        await client.task
    assert clock.waiting == []


def test_ping_every_must_be_more_than_zero() -> None:
    """ping_every of 0, -1 or nan is a ValueError: a stream that pings
    without pause is no keep-alive."""
    source = Source()
    for bad in (0, -1, math.nan):
        with pytest.raises(ValueError):
            KeepAliveEventStreamResponse(source.events(), ping_every=bad)


async def test_it_pings_with_asyncio_sleep_by_default() -> None:
    """Without a sleep of the test's, it waits with asyncio.sleep: with
    ping_every=0.001 and no event, pings come within milliseconds."""
    source = Source()
    client = Client(make_app(source, ping_every=0.001))
    give_up = asyncio.get_running_loop().time() + 0.5
    while client.bodies.count(PING) < 2 and (
        asyncio.get_running_loop().time() < give_up
    ):
        await asyncio.sleep(0.001)
    client.leave()
    await asyncio.wait_for(client.task, 1)
    assert set(client.bodies) == {PING}
    assert len(client.bodies) >= 2
    assert source.closed

