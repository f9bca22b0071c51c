"""App tests for what later parts keep of an earlier part's App, run against each
part that has it. What a request gets is in the behaviour table
(tests/behaviours.py); here are the App's own options and rules.

    app_tests(part)              Part 3's: max_body_size, include_routes once (Parts 3-7)
    state_and_tasks_tests(part)  Part 4's: lifespan state and background tasks,
                                 as a handler sees them (Parts 4-7)

A test module puts them in its namespace with `globals().update(...)`.
"""

import asyncio
import importlib
from typing import Any

import pytest

from tests.asgi import Recorder, body_messages, call, http_scope, response_of
from tests.probes import probe

ONE_MIB = 1_048_576


async def post_echo(app, *chunks: bytes, headers=()) -> tuple[int, bytes]:
    scope = http_scope("POST", "/echo", headers=headers)
    status, _headers, body = response_of(await call(app, scope, body_messages(*chunks)))
    return status, body


def app_tests(part: str) -> dict[str, Any]:
    """The App's options and rules since Part 3."""
    ApiRouter = importlib.import_module(f"{part}.api_router").ApiRouter

    async def test_max_body_size_sets_the_limit() -> None:
        app = probe(part, max_body_size=4).app
        assert await post_echo(app, b"12", b"34") == (200, b"1234")
        assert await post_echo(app, b"12", b"345") == (413, b"Request body too large")
        assert await post_echo(app, b"1", headers=[(b"content-length", b"5")]) == (
            413,
            b"Request body too large",
        )

    async def test_max_body_size_none_reads_any_size() -> None:
        app = probe(part, max_body_size=None).app
        big = b"x" * (ONE_MIB + 1)
        declared = [(b"content-length", str(2 * len(big)).encode())]
        assert await post_echo(app, big, big, headers=declared) == (200, big + big)

    def test_include_routes_twice_is_a_clear_error() -> None:
        app = probe(part).app
        with pytest.raises(RuntimeError, match="only be called once"):
            app.include_routes([ApiRouter()])

    return {name: test for name, test in locals().items() if name.startswith("test_")}


def state_and_tasks_tests(part: str) -> dict[str, Any]:
    """Lifespan state and background tasks, as a handler sees them (since Part 4)."""
    ApiRouter = importlib.import_module(f"{part}.api_router").ApiRouter
    App = importlib.import_module(f"{part}.app").App
    background_tasks = importlib.import_module(f"{part}.background_tasks")
    TaskParams, create_task = background_tasks.TaskParams, background_tasks.create_task
    responses = importlib.import_module(f"{part}.http_responses")

    events: list[str] = []
    api = ApiRouter()

    async def after_the_response(params: TaskParams) -> None:
        events.append(f"task ran for {params.data}")

    @api.get("/state")
    async def show_state(request_data):
        return responses.OK_JSONResponse(await request_data.get_state())

    @api.post("/queue")
    async def queue(request_data):
        tasks = await request_data.get_background_tasks()
        await tasks.add_tasks([create_task(after_the_response, TaskParams("/queue"))])
        return responses.OK_TEXTResponse("queued")

    def make_app() -> Any:
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

    def test_one_app_runs_its_tasks_under_two_event_loops_in_a_row() -> None:
        # No lifespan, one request per asyncio.run(), as tests and notebooks do:
        # the first loop's workers end with it, and the second run starts its own.
        events.clear()
        app = make_app()

        async def one_request() -> None:
            await call(app, http_scope("POST", "/queue"), [{"type": "http.request"}])
            async with asyncio.timeout(2):
                while "task ran for /queue" not in events:
                    await asyncio.sleep(0.005)
            events.clear()

        asyncio.run(one_request())
        asyncio.run(one_request())  # the task of the second run ran too

    return {name: test for name, test in locals().items() if name.startswith("test_")}
