"""Part 7's sample app, in process: the routes it keeps from Parts 3 and 4
(tests/sample_suite.py), Part 6's typed routes, and its own: the /events countdown
(Server-Sent Events), the /ws/echo and /ws/rooms/{room} WebSockets, and the /chat
page; and the ASGI access log, which sees WebSockets too. The same app under real
servers: test_live.py."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

import part7.sample
from part7.sample import (
    AccessLog,
    ChatRooms,
    NewUser,
    User,
    framework,
    lifespan,
)
from part7.sample import app as sample
from tests.asgi import (
    CONNECT,
    Conversation,
    Recorder,
    call,
    http_scope,
    websocket_scope,
    ws_bytes,
    ws_disconnect,
    ws_text,
)
from tests.sample_suite import lifespan_sample_tests, sample_tests

globals().update(sample_tests("part7"))
globals().update(lifespan_sample_tests("part7"))

ACCEPT = {"type": "websocket.accept", "subprotocol": None, "headers": []}
INT_PARSING = "Input should be a valid integer, unable to parse string as an integer"


def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=sample)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


def text(data: str) -> dict[str, Any]:
    return {"type": "websocket.send", "text": data}


# --- Part 6's typed routes ---------------------------------------------------------------


async def test_a_user_with_typed_path_and_query_values_or_a_404_or_a_422() -> None:
    async with client() as http:
        shown = await http.get("/users/42", params={"limit": "5", "verbose": "yes"})
        defaults = await http.get("/users/7")
        not_digits = await http.get("/users/abc")
        too_long = await http.get("/users/" + "1" * 5000)  # was an exception in the app
        refused = await http.get("/users/42", params={"limit": "ten"})
    assert shown.json() == {"user_id": 42, "limit": 5, "verbose": True}
    assert defaults.json() == {"user_id": 7, "limit": 10, "verbose": False}
    assert (not_digits.status_code, too_long.status_code) == (404, 404)
    assert (refused.status_code, refused.json()) == (
        422,
        {
            "detail": [
                {
                    "type": "int_parsing",
                    "loc": ["query", "limit"],
                    "msg": INT_PARSING,
                    "input": "ten",
                }
            ]
        },
    )
    assert refused.headers["server-timing"].startswith("app;dur=")  # timed too


async def test_creating_a_user_answers_201_or_a_422() -> None:
    async with client() as http:
        created = await http.post("/users", json={"name": "Ada", "email": "ada@example.com"})
        refused = await http.post("/users", json={"name": "Ada"})
    assert created.status_code == 201
    assert created.json() == {
        "name": "Ada",
        "email": "ada@example.com",
        "age": None,
        "id": created.json()["id"],
    }
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "email"]
    assert User("a", "b") == User("a", "b", None, 0) and isinstance(User("a", "b"), NewUser)


async def test_files_get_the_rest_of_the_path() -> None:
    async with client() as http:
        response = await http.get("/files//etc/hosts")
    assert (response.status_code, response.json()) == (200, {"path": "/etc/hosts"})


# --- /events: a countdown of Server-Sent Events ------------------------------------------


async def test_events_count_down_as_server_sent_events() -> None:
    async with client() as http:
        response = await http.get("/events", params={"start": "3", "every": "0"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert "content-length" not in response.headers
    assert response.headers["server-timing"].startswith("app;dur=")
    assert response.text == (
        "event: tick\nid: 3\ndata: 3\n\n"
        "event: tick\nid: 2\ndata: 2\n\n"
        "event: tick\nid: 1\ndata: 1\n\n"
        "event: done\ndata: liftoff\n\n"
    )


async def test_events_each_come_as_a_piece_of_their_own() -> None:
    recorder = await call(sample, http_scope("GET", "/events", b"start=2&every=0"))
    bodies = [m for m in recorder.sent if m["type"] == "http.response.body"]
    assert [(m["body"][:11], m.get("more_body", False)) for m in bodies] == [
        (b"event: tick", True),
        (b"event: tick", True),
        (b"event: done", True),
        (b"", False),
    ]


@pytest.mark.parametrize("query", [b"start=0", b"start=101", b"every=-1", b"every=61"])
async def test_events_out_of_range_are_a_400(query) -> None:
    async with client() as http:
        response = await http.get("/events?" + query.decode())
    assert (response.status_code, response.text) == (400, "start: 1 to 100; every: 0 to 60")


async def test_a_client_that_leaves_the_countdown_ends_it_unlogged(caplog) -> None:
    left = asyncio.Event()
    recorder = Recorder([{"type": "http.request", "body": b"", "more_body": False}])

    async def receive() -> dict[str, Any]:
        if recorder.received == 0:
            return await recorder.receive()
        await left.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        await recorder.send(message)
        if message.get("body", b"").startswith(b"event: tick"):
            left.set()  # the client leaves during the minute after the first event

    scope = http_scope("GET", "/events", b"start=100&every=60")  # a minute between events
    with caplog.at_level(logging.WARNING):
        await asyncio.wait_for(sample(scope, receive, send), 2)
    bodies = [m.get("body") for m in recorder.sent[1:]]
    assert bodies == [b"event: tick\nid: 100\ndata: 100\n\n"]  # and no clean end
    assert caplog.records == []


# --- /ws/echo and the access log ---------------------------------------------------------


async def test_echo_sends_each_text_back_until_the_client_leaves(caplog) -> None:
    messages = [CONNECT, ws_text("hello"), ws_text("wörld"), ws_disconnect(1001)]
    with caplog.at_level(logging.INFO, logger="part7.sample.access"):
        recorder = await call(sample, websocket_scope("/ws/echo"), messages)
    assert recorder.sent == [ACCEPT, text("hello"), text("wörld")]
    assert caplog.messages == ["WEBSOCKET /ws/echo -> 0"]  # 0: the client closed


async def test_the_asgi_middleware_logs_every_request_and_websocket(caplog) -> None:
    assert isinstance(sample, AccessLog) and sample.app is framework
    with caplog.at_level(logging.INFO, logger="part7.sample.access"):
        await call(sample, http_scope("GET", "/nope"))
        await call(sample, http_scope("GET", "/users/3", b"limit=x"))
        await call(sample, websocket_scope("/nope"), [CONNECT])
        await call(sample, websocket_scope("/ws/echo"), [CONNECT, ws_bytes(b"not text")])
    assert caplog.messages == [
        "GET /nope -> 404",
        "GET /users/3 -> 422",
        "WEBSOCKET /nope -> 1000",  # refused: the server answers 403
        "WEBSOCKET /ws/echo -> 1003",  # bytes to a text reader
    ]


async def test_the_asgi_middleware_passes_other_scopes_through() -> None:
    recorder = await call(sample, {"type": "something-new"}, [])
    assert recorder.sent == []


async def test_the_asgi_middleware_logs_a_request_whose_app_raised(caplog) -> None:
    async def crashes(scope, receive, send):
        raise RuntimeError("bug")

    with caplog.at_level(logging.INFO, logger="part7.sample.access"), pytest.raises(RuntimeError):
        await call(AccessLog(crashes), http_scope("GET", "/crash"))
    assert caplog.messages == ["GET /crash -> 500"]


# --- /ws/rooms/{room}: a chat ------------------------------------------------------------


class Member(Conversation):
    """A chat member's client. `gone`: its connection is over, and every send to it
    raises OSError. `slow_for`: sends of text that starts so wait until `released`."""

    def __init__(self, state: dict[str, Any], room: str, name: str) -> None:
        super().__init__()
        self.scope = websocket_scope(f"/ws/rooms/{room}", f"name={name}".encode())
        self.scope["state"] = dict(state)  # what a server gives each connection
        self.gone = False
        self.slow_for: str | None = None
        self.released = asyncio.Event()
        self.task: asyncio.Task | None = None

    async def join(self) -> None:
        self.task = asyncio.create_task(sample(self.scope, self.receive, self.send))
        self.say(CONNECT)
        assert await self.heard() == ACCEPT

    async def send(self, message: dict[str, Any]) -> None:
        if self.gone:
            raise ConnectionResetError("the client has gone")
        if self.slow_for and message.get("text", "").startswith(self.slow_for):
            await self.released.wait()
        await super().send(message)

    async def leave(self, code: int = 1001) -> None:
        self.say(ws_disconnect(code))
        await asyncio.wait_for(self.task, 2)


@asynccontextmanager
async def chat_state() -> AsyncIterator[dict[str, Any]]:
    """The sample's lifespan state, as a server keeps it between start-up and shut-down."""
    async with lifespan(framework) as state:
        yield state


async def test_members_of_a_room_see_each_others_messages_and_others_do_not(caplog) -> None:
    async with chat_state() as state:
        ada, bob = Member(state, "lobby", "ada"), Member(state, "lobby", "bob")
        eve = Member(state, "attic", "eve")
        await ada.join()
        assert await ada.heard() == text("ada joined")
        await eve.join()
        assert await eve.heard() == text("eve joined")
        await bob.join()
        assert [await bob.heard(), await ada.heard()] == [text("bob joined")] * 2
        bob.say(ws_text("hello"))
        assert [await ada.heard(), await bob.heard()] == [text("bob: hello")] * 2
        with caplog.at_level(logging.WARNING):
            await bob.leave()
            assert await ada.heard() == text("bob left")
            await ada.leave()
            await eve.leave(1000)
        assert caplog.records == []
        assert eve.sent == [ACCEPT, text("eve joined")]  # nothing from the lobby
        rooms: ChatRooms = state["rooms"]
        assert rooms.members == {}  # empty rooms are forgotten


async def test_a_broadcast_skips_a_member_whose_client_has_gone(caplog) -> None:
    async with chat_state() as state:
        ada, bob = Member(state, "lobby", "ada"), Member(state, "lobby", "bob")
        await ada.join()
        await ada.heard()
        await bob.join()
        await bob.heard(), await ada.heard()
        bob.gone = True  # the send to bob fails: not an error
        ada.say(ws_text("one"), ws_text("two"))  # the second skips bob: he has left
        assert [await ada.heard(), await ada.heard()] == [text("ada: one"), text("ada: two")]
        with caplog.at_level(logging.WARNING):
            await bob.leave(1006)  # the server tells bob's handler in the end
            assert await ada.heard() == text("bob left")
            await ada.leave()
        assert caplog.records == []


async def test_a_member_busy_broadcasting_when_its_client_goes_leaves_cleanly(caplog) -> None:
    # Regression: bob's handler is sending "bob: hi" to ada's slow client when
    # ada's handler, broadcasting, finds bob's client gone. bob's handler then
    # received again, and the framework called that a RuntimeError ("the connection
    # is over"): a logged 1011. The disconnect was not reported to bob's handler:
    # its receive gets it now.
    async with chat_state() as state:
        ada, bob = Member(state, "lobby", "ada"), Member(state, "lobby", "bob")
        await ada.join()
        await ada.heard()
        await bob.join()
        await bob.heard(), await ada.heard()
        ada.slow_for = "bob: hi"
        with caplog.at_level(logging.WARNING):
            bob.say(ws_text("hi"))
            await asyncio.sleep(0.01)  # bob's handler waits on ada's client
            bob.gone = True
            bob.say(ws_disconnect(1006))
            ada.say(ws_text("yo"))  # ada's broadcast to bob fails
            assert await ada.heard() == text("ada: yo")
            ada.released.set()
            assert await ada.heard() == text("bob: hi")
            assert await ada.heard() == text("bob left")
            await asyncio.wait_for(bob.task, 2)
            await ada.leave()
        assert caplog.records == []


async def test_the_chat_page_joins_a_room_by_websocket() -> None:
    async with client() as http:
        response = await http.get("/chat", params={"room": "lobby", "name": "ada"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert page.startswith("<!doctype html>")
    assert "new WebSocket(address)" in page and "/ws/rooms/" in page
    assert "item.textContent = event.data" in page  # text, never HTML
    assert page == part7.sample.CHAT_PAGE


async def test_rooms_nobody_is_in_do_not_pile_up() -> None:
    # A client may name any room: /ws/rooms/{anything}. Once everyone has left,
    # and for a broadcast to a room nobody is in, nothing is kept.
    async with chat_state() as state:
        rooms: ChatRooms = state["rooms"]
        for name in ("a", "b", "c"):
            member = Member(state, name, "ada")
            await member.join()
            await member.leave()
        await rooms.broadcast("nowhere", "anyone?")
        assert rooms.members == {}
