"""A chat room that knows who is in it: unique names, and a "members"
message to everyone whenever someone joins or leaves."""

from typing import Any

from part7.api_router import ApiRouter
from part7.exceptions import WebSocketDisconnect
from part7.websocket import WebSocket

# 4000-4999 is the application's own range (RFC 6455); 4000 plus an HTTP
# status is a common convention (graphql-ws closes with 4409 too): 409,
# Conflict, the name is taken. The client reads the code in its onclose.
NAME_TAKEN = 4409

router = ApiRouter()


class Rooms:
    """Who is in which room: room name -> member name -> connection, in
    the order they joined. It lives in this process (see Part 7)."""

    def __init__(self) -> None:
        self.rooms: dict[str, dict[str, WebSocket]] = {}

    def join(self, room: str, name: str, websocket: WebSocket) -> bool:
        """Add websocket to room as name; False if the name is taken."""
        members = self.rooms.setdefault(room, {})
        if name in members:
            return False
        members[name] = websocket
        return True

    def leave(self, room: str, name: str, websocket: WebSocket) -> bool:
        """Take websocket out of room; False if it was not in it (it was
        refused, or has been taken out already). An empty room goes."""
        members = self.rooms.get(room, {})
        if members.get(name) is not websocket:
            return False
        del members[name]
        if not members:
            del self.rooms[room]
        return True

    async def announce(self, room: str) -> None:
        """Tell everyone in room who is in it."""
        names = list(self.rooms.get(room, {}))
        await self.broadcast(room, {"type": "members", "members": names})

    async def broadcast(self, room: str, message: dict[str, Any]) -> None:
        """Send message to everyone in room when it starts. Who leaves
        meanwhile is skipped, and who is found gone is taken out, and the
        others are told."""
        members = self.rooms.get(room, {})
        gone = []
        for name, member in list(members.items()):  # it changes as we send
            if members.get(name) is not member:
                continue  # left while we sent to the others
            if member.closed or member.client_left:
                continue  # leaving: its handler takes it out
            try:
                await member.send_json(message)
            except WebSocketDisconnect:
                gone.append((name, member))
        taken_out = [self.leave(room, name, ws) for name, ws in gone]
        if any(taken_out):
            await self.announce(room)


@router.websocket("/ws/rooms/{room}")
async def chat(websocket: WebSocket, room: str, name: str) -> None:
    """A chat room: what one member says, every member gets, and all of
    them know who is there."""
    rooms: Rooms = (await websocket.get_state())["rooms"]
    await websocket.accept()  # first, so that a refusal can say why
    if not rooms.join(room, name, websocket):
        await websocket.close(NAME_TAKEN, "name taken")
        return
    try:
        await rooms.announce(room)
        async for text in websocket.iter_text():
            message = {"type": "message", "from": name, "text": text}
            await rooms.broadcast(room, message)
    finally:
        if rooms.leave(room, name, websocket):  # not if a broadcast did
            await rooms.announce(room)
