"""A heartbeat for a WebSocket: ping the client every so often, and close
the connection when it stops answering."""

import asyncio
import json
from collections.abc import Awaitable, Callable

from part7.exceptions import WebSocketDisconnect
from part7.websocket import WebSocket

PING = {"type": "ping"}  # sent as the text {"type":"ping"}
PONG = {"type": "pong"}  # what the client answers, as JSON text
# 1011, "internal error": what the websockets library closes with when a
# ping of its own goes unanswered. Not 1001, "going away": that says this
# side is leaving (a server shutting down), and the server is staying.
NO_PONG = 1011
NO_PONG_REASON = "keepalive ping timeout"

Sleep = Callable[[float], Awaitable[None]]
OnText = Callable[[str], Awaitable[None]]


def is_pong(text: str) -> bool:
    """Whether a client's text message is a pong: JSON that reads as
    {"type": "pong"}, however it is spaced."""
    try:
        return bool(json.loads(text) == PONG)
    except (ValueError, RecursionError):  # not JSON, or nested too deep
        return False


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
        if not (every > 0 and timeout > 0):  # nan is neither
            raise ValueError("every and timeout are seconds, over 0")
        self.websocket = websocket
        self.every = every
        self.timeout = timeout
        self.sleep = sleep

    async def run(self, on_text: OnText) -> None:
        """Call on_text with each text message the client sends, pongs
        left out, until the client leaves or stops answering pings.

        One task does it all, so on_text, the pings and the close never
        send at the same time. The next message is awaited in a task of
        its own, kept while the timer runs out, so that none is lost.
        """
        receiving: asyncio.Task[str] | None = None
        timer: asyncio.Future[None] | None = None
        pinged = False  # a ping is waiting for its pong
        try:
            while True:
                if receiving is None:
                    receiving = asyncio.create_task(
                        self.websocket.receive_text()
                    )
                if timer is None:
                    seconds = self.timeout if pinged else self.every
                    timer = asyncio.ensure_future(self.sleep(seconds))
                await asyncio.wait(
                    (receiving, timer), return_when=asyncio.FIRST_COMPLETED
                )
                if receiving.done():  # a message first, if both are done
                    text = receiving.result()  # or the client has left
                    receiving = None
                    if not is_pong(text):
                        await on_text(text)
                    elif pinged:  # in time: the next ping in `every` s
                        pinged = False
                        timer.cancel()
                        timer = None
                elif pinged:  # the time is up, and no pong came
                    await self.websocket.close(NO_PONG, NO_PONG_REASON)
                    return
                else:
                    await self.websocket.send_json(PING)
                    pinged, timer = True, None
        except WebSocketDisconnect:
            return  # the client left, or a ping found it gone
        finally:
            left = [task for task in (receiving, timer) if task is not None]
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)
