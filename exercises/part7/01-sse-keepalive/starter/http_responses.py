"""Server-Sent Events that keep an idle connection open: a comment line
whenever no event came for a while. Edit this file."""

import asyncio
from collections.abc import AsyncIterable, Awaitable, Callable

from part7.http_responses import EventStreamResponse, Headers, ServerSentEvent
from part7.types import StatusCode

# A comment line, and the blank line after it. EventSource ignores it, but
# it is traffic: no proxy on the way closes the connection as idle.
PING = ": ping\n\n"

Sleep = Callable[[float], Awaitable[None]]


class KeepAliveEventStreamResponse(EventStreamResponse):
    """Part 7's EventStreamResponse, plus PING whenever no event came for
    ping_every seconds. An event goes out as soon as it comes; the pings
    stop when the events end or the client leaves. Waiting is sleep's."""

    def __init__(
        self,
        events: AsyncIterable[ServerSentEvent | str],
        status_code: int = StatusCode.OK,
        headers: Headers = None,
        *,
        ping_every: float = 15.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__(events, status_code, headers)
        self.ping_every = ping_every
        self.sleep = sleep
        # TODO: refuse a ping_every that is not over 0, and stream
        # self.content (Part 7's encoded events) with PING in the gaps.
