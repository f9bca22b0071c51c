"""part7/02-heartbeat: a WebSocket echo pings its client every `every`
seconds and closes with 1011 when no pong comes within `timeout` seconds,
echoing the client's messages all the while.

Time here is a Clock the tests move on by hand: nothing waits for real,
except in the last test, which uses asyncio.sleep with 1 ms intervals."""

import asyncio
import json
import logging
import math

import pytest

from exercises import load
from part7.api_router import ApiRouter
from part7.app import App
from part7.websocket import WebSocket

Heartbeat = load(__file__, "heartbeat").Heartbeat

PING = '{"type":"ping"}'
PONG = '{"type":"pong"}'
NO_PONG = (1011, "keepalive ping timeout")


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


running: list[asyncio.Task[None]] = []


class Client:
    """A WebSocket client of app, in a task of its own: say() sends a
    text, leave() closes the connection from the client's side, vanish()
    makes every later send of the server fail (the network is gone).
    `texts` is what the app sent, `closed` the code and reason of its
    close (None before)."""

    def __init__(self, app, path: str = "/ws/echo") -> None:
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "scheme": "ws",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "subprotocols": [],
        }
        self.incoming: asyncio.Queue[dict] = asyncio.Queue()
        self.incoming.put_nowait({"type": "websocket.connect"})
        self.messages: list[dict] = []
        self.gone = False
        self.task = asyncio.create_task(app(scope, self.receive, self.send))
        running.append(self.task)

    async def receive(self) -> dict:
        return await self.incoming.get()

    async def send(self, message: dict) -> None:
        if self.gone:  # an ASGI 2.4 server's send, once the client left
            raise ConnectionResetError("the client has gone")
        self.messages.append(message)

    def say(self, text: str) -> None:
        self.incoming.put_nowait({"type": "websocket.receive", "text": text})

    def leave(self, code: int = 1001) -> None:
        self.gone = True
        message = {"type": "websocket.disconnect", "code": code}
        self.incoming.put_nowait({**message, "reason": ""})

    def vanish(self) -> None:
        self.gone = True

    @property
    def accepted(self) -> bool:
        return any(m["type"] == "websocket.accept" for m in self.messages)

    @property
    def texts(self) -> list[str]:
        return [
            message["text"]
            for message in self.messages
            if message["type"] == "websocket.send"
        ]

    @property
    def closed(self) -> tuple[int, str] | None:
        for message in self.messages:
            if message["type"] == "websocket.close":
                return message["code"], message.get("reason", "")
        return None


async def settle() -> None:
    """Let every task run until it waits: for a sleep, a client, or a
    message. (Many turns of the event loop, and no time at all.)"""
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


after_run: list[str] = []  # what the handler did once run() returned


def make_app(**settings) -> App:
    """An app whose /ws/echo sends each text back, with a heartbeat."""
    after_run.clear()
    router = ApiRouter()

    @router.websocket("/ws/echo")
    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        await Heartbeat(websocket, **settings).run(websocket.send_text)
        after_run.append("returned")

    app = App()
    app.include_routes([router])
    return app


def errors(caplog) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
    ]


async def test_messages_are_echoed() -> None:
    """Each text message comes back at once, as from Part 7's echo, and
    no ping goes out before `every` seconds."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    client.say("hi")
    client.say("héllo, 世界")
    await settle()
    assert client.accepted
    assert client.texts == ["hi", "héllo, 世界"]


async def test_the_first_ping_comes_after_every_seconds() -> None:
    """`every` seconds after the handler called run() (20 here), the
    client gets the text {"type":"ping"}, compact JSON."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    await settle()
    clock.advance(19)
    await settle()
    assert client.texts == []
    clock.advance(1)
    await settle()
    assert client.texts == [PING]
    assert json.loads(client.texts[0]) == {"type": "ping"}


async def test_no_pong_in_time_closes_with_1011() -> None:
    """No pong within `timeout` seconds of the ping (10 here): the server
    closes with 1011, reason "keepalive ping timeout", as the websockets
    library does; run() returns, and nothing else is sent."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    await settle()
    clock.advance(20)
    await settle()
    clock.advance(9)
    await settle()
    assert client.closed is None
    clock.advance(1)
    await settle()
    assert client.closed == NO_PONG
    assert client.texts == [PING]
    assert client.task.done(), "the handler is still running"
    assert after_run == ["returned"]
    assert clock.waiting == []


async def test_a_pong_in_time_keeps_the_connection_open() -> None:
    """A pong within `timeout` seconds: no close; the next ping comes
    `every` seconds after the pong, and the pong is not echoed."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    await settle()
    clock.advance(20)  # the ping, at 20 s
    await settle()
    clock.advance(9)
    client.say(PONG)  # at 29 s
    await settle()
    clock.advance(19)  # 48 s: past the time-out, before the next ping
    await settle()
    assert client.closed is None
    assert client.texts == [PING]
    clock.advance(1)  # 49 s: 20 s after the pong
    await settle()
    assert client.texts == [PING, PING]
    client.say(PONG)
    await settle()
    clock.advance(15)
    await settle()
    assert client.closed is None


async def test_messages_are_echoed_while_a_pong_is_awaited() -> None:
    """While a ping waits for its pong, the client's messages are echoed
    as usual; then a pong keeps the connection open."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    await settle()
    clock.advance(20)
    await settle()
    client.say("a")
    client.say("b")
    await settle()
    assert client.texts == [PING, "a", "b"]
    clock.advance(5)
    client.say(PONG)
    await settle()
    clock.advance(5)
    await settle()
    assert client.closed is None


async def test_a_message_is_no_pong() -> None:
    """A message other than a pong does not answer a ping: it is echoed,
    and the connection is closed when the time is up all the same."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    await settle()
    clock.advance(20)
    await settle()
    client.say("still here")
    await settle()
    clock.advance(10)
    await settle()
    assert client.texts == [PING, "still here"]
    assert client.closed == NO_PONG


async def test_what_counts_as_a_pong() -> None:
    """A pong is JSON equal to {"type": "pong"}, however spaced; other
    JSON, plain text and JSON nested too deep to parse are echoed."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    deep = "[" * 100_000  # json.loads raises RecursionError
    for text in ['{"type":"chat"}', '"pong"', "pong", deep]:
        client.say(text)
    await settle()
    assert client.texts == ['{"type":"chat"}', '"pong"', "pong", deep]
    clock.advance(20)
    await settle()
    client.say('{ "type" : "pong" }')
    await settle()
    clock.advance(10)
    await settle()
    assert client.closed is None
    assert client.texts[4:] == [PING]


async def test_a_pong_nobody_asked_for_is_dropped() -> None:
    """A pong that comes with no ping waiting is neither echoed nor taken
    for the next ping's answer."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    await settle()
    clock.advance(5)
    client.say(PONG)
    await settle()
    assert client.texts == []
    clock.advance(15)  # the ping, at 20 s
    await settle()
    clock.advance(10)
    await settle()
    assert client.texts == [PING]
    assert client.closed == NO_PONG


async def test_a_client_that_leaves_ends_run(caplog) -> None:
    """The client leaves: run() returns, no sleep is left waiting, no
    ping or close is sent, and nothing is logged."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    client.say("bye")
    await settle()
    client.leave()
    await settle()
    assert client.task.done(), "the handler is still running"
    assert after_run == ["returned"]
    assert clock.waiting == []
    clock.advance(60)
    await settle()
    assert client.texts == ["bye"]
    assert client.closed is None
    assert errors(caplog) == []


async def test_a_ping_to_a_client_that_vanished(caplog) -> None:
    """The network is gone (the server's send raises OSError) and the
    server has not said so yet: the ping finds out, run() returns, and
    nothing is logged."""
    clock = Clock()
    client = Client(make_app(every=20, timeout=10, sleep=clock.sleep))
    await settle()
    client.vanish()
    clock.advance(20)
    await settle()
    assert client.task.done(), "the handler is still running"
    assert after_run == ["returned"]
    assert clock.waiting == []
    assert errors(caplog) == []


def test_every_and_timeout_must_be_more_than_zero() -> None:
    """`every` or `timeout` of 0, -1 or nan is a ValueError."""
    for bad in (0, -1, math.nan):
        with pytest.raises(ValueError):
            Heartbeat(None, every=bad)
        with pytest.raises(ValueError):
            Heartbeat(None, timeout=bad)


async def test_it_waits_with_asyncio_sleep_by_default() -> None:
    """Without a sleep of the test's, it waits with asyncio.sleep: with 1
    ms for both, a silent client is pinged and closed within
    milliseconds."""
    client = Client(make_app(every=0.001, timeout=0.001))
    await asyncio.wait_for(client.task, 0.5)
    assert client.texts == [PING]
    assert client.closed == NO_PONG
