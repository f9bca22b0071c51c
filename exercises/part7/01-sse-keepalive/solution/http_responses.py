"""Server-Sent Events that keep an idle connection open: a comment line
whenever no event came for a while."""

import asyncio
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable

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
        if not ping_every > 0:  # 0 or less would ping in a loop; nan too
            raise ValueError("ping_every is a number of seconds over 0")
        super().__init__(events, status_code, headers)
        self.ping_every = ping_every
        self.sleep = sleep
        self.content = self._with_pings(self.content)

    async def _with_pings(
        self, content: AsyncIterable[bytes | str]
    ) -> AsyncIterator[bytes | str]:
        """Each piece of content as soon as it comes, and PING after each
        ping_every seconds without one.

        The next piece is awaited in a task of its own, which a ping does
        not disturb: cancelling it would cancel the handler's generator.
        """
        pieces = aiter(content)
        coming = asyncio.ensure_future(anext(pieces, None))
        try:
            while True:
                idle = asyncio.ensure_future(self.sleep(self.ping_every))
                try:
                    await asyncio.wait(
                        (coming, idle), return_when=asyncio.FIRST_COMPLETED
                    )
                finally:  # whichever won, or we are cancelled: end the wait
                    idle.cancel()
                if not coming.done():
                    yield PING
                    continue
                piece = coming.result()  # what content raised goes on
                if piece is None:
                    return  # the events ended: no more pings
                yield piece
                coming = asyncio.ensure_future(anext(pieces, None))
        finally:  # the events ended, or the client left: stop waiting
            coming.cancel()
            await asyncio.wait((coming,))
            aclose = getattr(pieces, "aclose", None)
            if aclose is not None:
                await aclose()
