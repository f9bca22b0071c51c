"""Small Part 4 apps for the live tests, importable by a uvicorn subprocess."""

import asyncio
from contextlib import asynccontextmanager

from part4.api_router import ApiRouter
from part4.app import App
from part4.background_tasks import TaskParams, create_task
from part4.http_responses import OK_TEXTResponse


@asynccontextmanager
async def failing_lifespan(app):
    raise ConnectionError("database unreachable")
    yield  # pragma: no cover


failing_startup = App(lifespan=failing_lifespan)

api = ApiRouter()


async def sleep_a_minute(params: TaskParams) -> None:
    await asyncio.sleep(60)


@api.post("/slow")
async def queue_a_slow_task(request_data):
    tasks = await request_data.get_background_tasks()
    await tasks.add_tasks([create_task(sleep_a_minute, timeout_after=120)] * 2)
    return OK_TEXTResponse("queued")


# One worker, so of the two slow tasks one runs and one waits in the queue.
slow_tasks = App(max_running_tasks=1, shutdown_timeout=1.0)
slow_tasks.include_routes([api])


async def swallow_the_cancellation(params: TaskParams) -> None:
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        # A badly behaved task: cancelled at the drain deadline, it goes on.
        await asyncio.sleep(30)


stubborn_api = ApiRouter()


@stubborn_api.post("/stubborn")
async def queue_a_stubborn_task(request_data):
    tasks = await request_data.get_background_tasks()
    await tasks.add_tasks([create_task(swallow_the_cancellation, timeout_after=120)])
    return OK_TEXTResponse("queued")


stubborn_task = App(shutdown_timeout=1.0)
stubborn_task.include_routes([stubborn_api])
