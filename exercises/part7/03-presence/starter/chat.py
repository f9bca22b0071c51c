"""A chat room that knows who is in it: unique names, and a "members"
message to everyone whenever someone joins or leaves. Edit this file."""

from typing import Any

from part7.api_router import ApiRouter
from part7.websocket import WebSocket

router = ApiRouter()


class Rooms:
    """Who is in which room: room name -> member name -> connection, in
    the order they joined. It lives in this process (see Part 7)."""

    def __init__(self) -> None:
        self.rooms: dict[str, dict[str, WebSocket]] = {}

    async def broadcast(self, room: str, message: dict[str, Any]) -> None:
        """Send message to everyone in room."""
        for member in self.rooms.get(room, {}).values():
            await member.send_json(message)


@router.websocket("/ws/rooms/{room}")
async def chat(websocket: WebSocket, room: str, name: str) -> None:
    """A chat room: what one member says, every member gets."""
    rooms: Rooms = (await websocket.get_state())["rooms"]
    await websocket.accept()
    # TODO: refuse a name taken in this room; tell everyone who is in the
    # room when someone joins or leaves; forget a room once it is empty.
    members = rooms.rooms.setdefault(room, {})
    members[name] = websocket
    try:
        async for text in websocket.iter_text():
            message = {"type": "message", "from": name, "text": text}
            await rooms.broadcast(room, message)
    finally:
        del members[name]
