"""part7/03-presence: a chat room tells its members who is in it, on
every join and leave; a name is taken once per room, and a second client
asking for it is refused with 4409; a member who leaves or vanishes while
a message goes round breaks nothing."""

import asyncio
import json
import logging

import pytest

from exercises import load
from part7.app import App

chat = load(__file__, "chat")

running: list[asyncio.Task[None]] = []


class Client:
    """A WebSocket client of app, in a task of its own, joining room as
    name. say() sends a text, leave() closes from the client's side,
    vanish() makes every later send of the server fail (the network is
    gone), hold() makes the server's sends wait until release(). `heard`
    is what the app sent, as JSON; `closed` the code and reason of its
    close (None before)."""

    def __init__(self, app, state, room: str, name: str) -> None:
        path = f"/ws/rooms/{room}"
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "scheme": "ws",
            "path": path,
            "raw_path": path.encode(),
            "query_string": f"name={name}".encode(),
            "root_path": "",
            "headers": [],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "subprotocols": [],
            "state": state,  # the lifespan state, as a server passes it
        }
        self.incoming: asyncio.Queue[dict] = asyncio.Queue()
        self.incoming.put_nowait({"type": "websocket.connect"})
        self.messages: list[dict] = []
        self.gone = False
        self.released = asyncio.Event()
        self.released.set()
        self.task = asyncio.create_task(app(scope, self.receive, self.send))
        running.append(self.task)

    async def receive(self) -> dict:
        return await self.incoming.get()

    async def send(self, message: dict) -> None:
        await self.released.wait()
        if self.gone:  # an ASGI 2.4 server's send, once the client left
            raise ConnectionResetError("the client has gone")
        self.messages.append(message)

    def say(self, text: str) -> None:
        self.incoming.put_nowait({"type": "websocket.receive", "text": text})

    def send_bytes(self, data: bytes) -> None:
        message = {"type": "websocket.receive", "bytes": data}
        self.incoming.put_nowait(message)

    def leave(self, code: int = 1001) -> None:
        self.gone = True
        message = {"type": "websocket.disconnect", "code": code}
        self.incoming.put_nowait({**message, "reason": ""})

    def vanish(self) -> None:
        self.gone = True

    def hold(self) -> None:
        self.released.clear()

    def release(self) -> None:
        self.released.set()

    @property
    def accepted(self) -> bool:
        return any(m["type"] == "websocket.accept" for m in self.messages)

    @property
    def heard(self) -> list:
        return [
            json.loads(message["text"])
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
    """Let every task run until it waits for a client. (Many turns of the
    event loop, and no time at all.)"""
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


class Chat:
    """The app, with its rooms in the lifespan state; join() connects a
    client and lets it settle in."""

    def __init__(self) -> None:
        self.app = App()
        self.app.include_routes([chat.router])
        self.rooms = chat.Rooms()
        self.state = {"rooms": self.rooms}

    async def join(self, name: str, room: str = "lobby") -> Client:
        client = Client(self.app, self.state, room, name)
        await settle()
        return client


def members(*names: str) -> dict:
    return {"type": "members", "members": list(names)}


def said(name: str, text: str) -> dict:
    return {"type": "message", "from": name, "text": text}


def errors(caplog) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
    ]


async def test_a_member_hears_who_is_in_the_room() -> None:
    """Whoever joins, and everyone already in the room, gets a "members"
    message listing the room's members in the order they joined."""
    room = Chat()
    ada = await room.join("ada")
    assert ada.accepted
    assert ada.heard == [members("ada")]
    bob = await room.join("bob")
    assert ada.heard == [members("ada"), members("ada", "bob")]
    assert bob.heard == [members("ada", "bob")]


async def test_a_message_goes_to_everyone_in_the_room() -> None:
    """A member's text goes to every member of its room, the sender too,
    as {"type": "message", "from": ..., "text": ...}; another room hears
    nothing of it."""
    room = Chat()
    ada, bob = await room.join("ada"), await room.join("bob")
    cy = await room.join("cy", room="kitchen")
    ada.say("hi, all")
    await settle()
    assert ada.heard[-1:] == [said("ada", "hi, all")]
    assert bob.heard[-1:] == [said("ada", "hi, all")]
    assert cy.heard == [members("cy")]


async def test_leaving_tells_the_others() -> None:
    """A member who leaves: the others get the members without them,
    once."""
    room = Chat()
    ada, bob = await room.join("ada"), await room.join("bob")
    cy = await room.join("cy")
    bob.leave()
    await settle()
    assert bob.task.done(), "bob's handler is still running"
    all_three, without_bob = members("ada", "bob", "cy"), members("ada", "cy")
    assert ada.heard[-2:] == [all_three, without_bob]
    assert cy.heard == [all_three, without_bob]


async def test_a_taken_name_is_refused_with_4409(caplog) -> None:
    """A second "ada" in the same room is accepted, then closed with 4409
    and reason "name taken", so that its page can say why. The members
    hear nothing of it, and the first ada stays, heard and hearing."""
    room = Chat()
    ada, bob = await room.join("ada"), await room.join("bob")
    impostor = await room.join("ada")
    assert impostor.accepted
    assert impostor.closed == (4409, "name taken")
    assert impostor.heard == []
    assert impostor.task.done(), "the refused handler is still running"
    assert ada.heard == [members("ada"), members("ada", "bob")]
    ada.say("still me")
    await settle()
    assert bob.heard[-1:] == [said("ada", "still me")]
    assert list(room.rooms.rooms["lobby"]) == ["ada", "bob"]
    assert errors(caplog) == []


async def test_names_are_unique_per_room_only() -> None:
    """An "ada" in the kitchen does not stop one in the lobby; and a name
    is free again once its member has left."""
    room = Chat()
    lobby_ada = await room.join("ada")
    kitchen_ada = await room.join("ada", room="kitchen")
    assert kitchen_ada.closed is None
    assert kitchen_ada.heard == [members("ada")]
    lobby_ada.leave()
    await settle()
    ada_again = await room.join("ada")
    assert ada_again.closed is None
    assert ada_again.heard == [members("ada")]


async def test_an_empty_room_is_forgotten() -> None:
    """Once its last member has left, a room is no longer in Rooms.rooms:
    a server that saw a million rooms today keeps none of them."""
    room = Chat()
    ada, bob = await room.join("ada"), await room.join("bob")
    await room.join("cy", room="kitchen")
    ada.leave()
    bob.leave()
    await settle()
    assert list(room.rooms.rooms) == ["kitchen"]


async def test_a_member_who_vanished_mid_broadcast(caplog) -> None:
    """bob's network is gone, and the server has not said so yet: a
    message to the room still reaches everyone else, bob is taken out at
    once and the others are told, once; when his disconnect comes at
    last, nothing more happens. Nothing is logged."""
    room = Chat()
    ada, bob = await room.join("ada"), await room.join("bob")
    cy = await room.join("cy")
    bob.vanish()
    ada.say("hi")
    await settle()
    assert ada.heard[-2:] == [said("ada", "hi"), members("ada", "cy")]
    assert cy.heard[-2:] == [said("ada", "hi"), members("ada", "cy")]
    bob.leave(1006)
    await settle()
    assert bob.task.done(), "bob's handler is still running"
    assert ada.heard[-2:] == [said("ada", "hi"), members("ada", "cy")]
    assert cy.heard[-2:] == [said("ada", "hi"), members("ada", "cy")]
    assert errors(caplog) == []


async def test_a_member_who_leaves_while_a_broadcast_waits(caplog) -> None:
    """A message is on its way round, waiting on bob's slow connection,
    and cy leaves meanwhile: the broadcast goes on without cy (no "dict
    changed size during iteration"), and everyone still in the room hears
    the message and who is left. Nothing is logged."""
    room = Chat()
    ada, bob = await room.join("ada"), await room.join("bob")
    cy = await room.join("cy")
    bob.hold()
    ada.say("hi")
    await settle()
    cy.leave()
    await settle()
    bob.release()
    await settle()
    assert ada.heard[-2:] == [said("ada", "hi"), members("ada", "bob")]
    assert bob.heard[-2:] == [said("ada", "hi"), members("ada", "bob")]
    assert cy.task.done(), "cy's handler is still running"
    assert not ada.task.done(), "ada's handler has ended"
    ada.say("still here?")
    await settle()
    assert bob.heard[-1:] == [said("ada", "still here?")]
    assert errors(caplog) == []


async def test_a_member_being_closed_is_skipped(caplog) -> None:
    """bob sent bytes, so Part 7 is closing his connection (1003), slowly:
    a message that goes round meanwhile skips him (a send after close()
    is Part 7's RuntimeError) and reaches the others; once he is out,
    they are told. Nothing is logged."""
    room = Chat()
    ada, bob = await room.join("ada"), await room.join("bob")
    cy = await room.join("cy")
    bob.hold()
    bob.send_bytes(b"\x00")
    await settle()
    ada.say("hi")
    await settle()
    assert ada.heard[-1:] == [said("ada", "hi")]
    assert cy.heard[-1:] == [said("ada", "hi")]
    bob.release()
    await settle()
    assert bob.closed == (1003, "this endpoint takes text")
    assert bob.heard == [members("ada", "bob"), members("ada", "bob", "cy")]
    assert ada.heard[-2:] == [said("ada", "hi"), members("ada", "cy")]
    assert cy.heard[-2:] == [said("ada", "hi"), members("ada", "cy")]
    assert errors(caplog) == []
