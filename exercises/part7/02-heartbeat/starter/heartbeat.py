"""A heartbeat for a WebSocket: ping the client every so often, and close
the connection when it stops answering. Edit this file."""

import asyncio
from collections.abc import Awaitable, Callable

from part7.websocket import WebSocket

PING = {"type": "ping"}  # sent as the text {"type":"ping"}
PONG = {"type": "pong"}  # what the client answers, as JSON text

Sleep = Callable[[float], Awaitable[None]]
OnText = Callable[[str], Awaitable[None]]


class Heartbeat:
    """Pings the client of an accepted WebSocket every `every` seconds
    and closes the connection (1011) when its pong has not come within
    `timeout` seconds, while the handler goes on with the conversation.
    Waiting is sleep's."""

    def __init__(
        self,
        websocket: WebSocket,
        *,
        every: float = 20.0,
        timeout: float = 10.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.websocket = websocket
        self.every = every
        self.timeout = timeout
        self.sleep = sleep

    async def run(self, on_text: OnText) -> None:
        """Call on_text with each text message the client sends, pongs
        left out, until the client leaves or stops answering pings."""
        # TODO: ping, wait for the pong, close with 1011 when it is late.
        async for text in self.websocket.iter_text():
            await on_text(text)
