"""Small Part 7 apps for the live tests, importable by a server subprocess.

`feed`: an endless StreamingResponse, a piece every `every` seconds, whose
generator logs when its `finally` runs: the line a test waits for after its
client leaves mid-stream.
"""

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator

from part7.api_router import ApiRouter
from part7.app import App
from part7.http_responses import StreamingResponse

# The app says where its lines go, as the sample does: the server's output.
logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s - %(message)s")
logger = logging.getLogger(__name__)

api = ApiRouter()


@api.get("/feed")
async def feed(every: float = 0.05) -> StreamingResponse:
    async def pieces() -> AsyncIterator[str]:
        sent = 0
        try:
            for number in itertools.count():
                yield f"piece {number}\n"
                sent += 1
                await asyncio.sleep(every)
        finally:
            logger.info("The feed's finally ran after %d piece(s)", sent)

    return StreamingResponse(pieces(), media_type="text/plain")


app = App()
app.include_routes([api])
