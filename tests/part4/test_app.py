"""Part 4's App: lifespan state and background tasks, as a handler sees them."""

import asyncio

import pytest

from part4.api_router import ApiRouter
from part4.app import App
from part4.background_tasks import TaskParams, create_task
from part4.http_responses import OK_JSONResponse, OK_TEXTResponse
from part4.request_data import RequestData
from tests.asgi import Recorder, call, http_scope, response_of

api = ApiRouter()
events: list[str] = []


async def after_the_response(params: TaskParams) -> None:
    events.append(f"task ran for {params.data}")


@api.get("/state")
async def show_state(request_data):
    return OK_JSONResponse(await request_data.get_state())


@api.post("/queue")
async def queue(request_data):
    tasks = await request_data.get_background_tasks()
    await tasks.add_tasks([create_task(after_the_response, TaskParams("/queue"))])
    return OK_TEXTResponse("queued")


def make_app() -> App:
    app = App()
    app.include_routes([api])
    return app


async def test_a_handler_reads_the_lifespan_state_from_its_scope() -> None:
    scope = {**http_scope("GET", "/state"), "state": {"greeting": "hello"}}
    assert response_of(await call(make_app(), scope))[2] == b'{"greeting":"hello"}'


async def test_without_lifespan_state_the_state_is_empty() -> None:
    assert response_of(await call(make_app(), http_scope("GET", "/state")))[2] == b"{}"


async def test_a_task_runs_after_its_response_is_sent() -> None:
    events.clear()

    class Recording(Recorder):
        async def send(self, message) -> None:
            events.append(message["type"])
            await super().send(message)

    app = make_app()
    recorder = Recording([{"type": "http.request", "body": b""}])
    await app(http_scope("POST", "/queue"), recorder.receive, recorder.send)
    await app.background_tasks.shutdown(timeout=1)
    assert events == [
        "http.response.start",
        "http.response.body",
        "task ran for /queue",
    ]


async def test_request_data_built_without_background_tasks_says_so() -> None:
    data = RequestData(http_scope(), Recorder().receive)
    with pytest.raises(RuntimeError, match="without background tasks"):
        await data.get_background_tasks()


async def test_the_sample_with_its_lifespan_counts_visits() -> None:
    from part4.sample import app as sample

    state: dict = {}
    incoming: asyncio.Queue[dict] = asyncio.Queue()
    sent: asyncio.Queue[dict] = asyncio.Queue()
    lifespan = asyncio.create_task(
        sample({"type": "lifespan", "state": state}, incoming.get, sent.put)
    )
    await incoming.put({"type": "lifespan.startup"})
    assert await sent.get() == {"type": "lifespan.startup.complete"}
    for expected in (b'{"visits":1}', b'{"visits":2}'):
        # The server gives every request a shallow copy of the state.
        scope = {**http_scope("GET", "/visits"), "state": dict(state)}
        assert response_of(await call(sample, scope))[2] == expected
    await incoming.put({"type": "lifespan.shutdown"})
    assert await sent.get() == {"type": "lifespan.shutdown.complete"}
    await lifespan
