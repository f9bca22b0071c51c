"""`WebSocket`: one WebSocket conversation, as a handler holds it.

The ASGI messages, in order: the server sends `websocket.connect`; the app
answers `websocket.accept` (or `websocket.close`, a refusal the server
turns into a 403); then messages go both ways (`websocket.receive`,
`websocket.send`) until one side closes (`websocket.close`) or the client
leaves (`websocket.disconnect`, with its close code).
"""

import json
from collections.abc import AsyncIterator, Mapping
from typing import Any, cast

from .exceptions import WebSocketDisconnect
from .request_data import RequestData
from .types import Message, Receive, Scope, Send


class WebSocket:
    """A WebSocket connection: accept it, then send and receive text,
    bytes or JSON, and close it (or see the client leave).

    Receiving raises WebSocketDisconnect when the client has left, and so
    does sending to a client that has gone. Using the connection out of
    order (sending before accept(), receiving after a disconnect, a second
    accept() or close()) is a RuntimeError that says so.
    """

    def __init__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        path_params: Mapping[str, Any] | None = None,
    ) -> None:
        self._receive = receive
        self._send = send
        # The handshake's scope answers the accessors an HTTP request's
        # does (headers, query string, path parameters, state): a
        # RequestData of its own reads them, and no body ever.
        self._request: RequestData[Any, Any] = RequestData(
            scope, receive, path_params=path_params
        )
        self.accepted = False  # accept() was sent
        self.closed = False  # close() was sent
        self.client_left = False  # a disconnect came, or a send failed
        # After a websocket.disconnect, receive() has nothing more to give. A
        # failed send (perhaps another handler's, broadcasting) is different:
        # the server still has the disconnect for this handler to receive.
        self._disconnect_received = False

    async def get_headers(self) -> dict[str, str]:
        return await self._request.get_headers()

    async def get_header_value(
        self, name: str, default: str | None = None
    ) -> str | None:
        return await self._request.get_header_value(name, default)

    async def get_query_string_params(self) -> dict[str, list[str]]:
        params = await self._request.get_query_string_params()
        return cast(
            dict[str, list[str]], params
        )  # RequestData's, no extractor

    async def get_path_params(self) -> dict[str, Any]:
        return await self._request.get_path_params()

    async def get_state(self) -> dict[str, Any]:
        return await self._request.get_state()

    async def accept(
        self,
        subprotocol: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Take the handshake's `websocket.connect`, and accept it."""
        if self.accepted or self.closed:
            raise RuntimeError("accept() comes once, before close()")
        message = await self._receive_message()
        if message["type"] != "websocket.connect":
            raise RuntimeError(f"expected websocket.connect: {message}")
        raw_headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in (headers or {}).items()
        ]
        accept = {"subprotocol": subprotocol, "headers": raw_headers}
        await self._send_message({"type": "websocket.accept", **accept})
        self.accepted = True

    async def receive_text(self) -> str:
        """The next message, which must be text: a client that sends bytes
        is closed with 1003 (unsupported data), and the handler sees it
        leave."""
        return str(await self._receive_data("text", 1003))

    async def receive_bytes(self) -> bytes:
        """The next message, which must be bytes (1003 if it is text)."""
        return bytes(await self._receive_data("bytes", 1003))

    async def receive_json(self) -> Any:
        """The next text message, parsed as JSON: a client that sends
        anything else is closed with 1007 (invalid data)."""
        text = await self._receive_data("text", 1007)
        try:
            return json.loads(text)
        except ValueError:
            reason = "the message is not JSON"
            await self.close(1007, reason)
            raise WebSocketDisconnect(1007, reason) from None

    async def iter_text(self) -> AsyncIterator[str]:
        """Each text message, until the client leaves."""
        try:
            while True:
                yield await self.receive_text()
        except WebSocketDisconnect:
            return

    async def send_text(self, data: str) -> None:
        await self._send_data({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        await self._send_data({"type": "websocket.send", "bytes": data})

    async def send_json(self, data: Any) -> None:
        """data as compact JSON in a text message, non-ASCII text kept."""
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        await self.send_text(text)

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection; before accept(), that refuses it (403).
        Once the client has left, there is nothing to close."""
        if self.closed:
            raise RuntimeError("close() was called already")
        self.closed = True
        if not self.client_left:
            message = {"type": "websocket.close", "code": code}
            await self._send_message({**message, "reason": reason})

    async def _receive_data(self, kind: str, refusal: int) -> Any:
        """The next message's text or bytes; a message of the other kind
        closes the connection with the refusal code."""
        if not self.accepted:
            raise RuntimeError("accept() the connection before receiving")
        if self._disconnect_received or self.closed:
            raise RuntimeError("the connection is over: nothing to receive")
        message = await self._receive_message()
        if message.get(kind) is None:
            reason = f"this endpoint takes {kind}"
            await self.close(refusal, reason)
            raise WebSocketDisconnect(refusal, reason)
        return message[kind]

    async def _receive_message(self) -> Message:
        message = await self._receive()
        if message["type"] == "websocket.disconnect":
            self.client_left = self._disconnect_received = True
            code = message.get("code", 1005)
            raise WebSocketDisconnect(code, message.get("reason") or "")
        return message

    async def _send_data(self, message: Message) -> None:
        if not self.accepted:
            raise RuntimeError("accept() the connection before sending")
        if self.closed:
            raise RuntimeError("the connection is closed: nothing to send")
        await self._send_message(message)

    async def _send_message(self, message: Message) -> None:
        """Send, and turn a server's OSError (the client has gone, ASGI
        2.4) into the WebSocketDisconnect a handler expects."""
        try:
            await self._send(message)
        except OSError:
            self.client_left = True
            raise WebSocketDisconnect(1006) from None
