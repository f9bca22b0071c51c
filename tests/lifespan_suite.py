"""Lifespan tests, shared by Parts 4-7, whose App runs the lifespan with the
same code: the messages a server sends and gets back, played by hand.

`lifespan_tests("part5")` returns the tests bound to Part 5's App; a test module
puts them in its namespace with `globals().update(...)`.
"""

import asyncio
import importlib
import logging
from contextlib import asynccontextmanager
from typing import Any

import pytest

from tests.asgi import Recorder

STARTUP, SHUTDOWN = {"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}


def lifespan_scope(state: dict | None = None) -> dict:
    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.4"}}
    if state is not None:
        scope["state"] = state  # servers that support lifespan state send a dict
    return scope


async def run_lifespan(app: Any, scope: dict) -> Recorder:
    recorder = Recorder([STARTUP, SHUTDOWN])
    await asyncio.wait_for(app(scope, recorder.receive, recorder.send), 2)
    return recorder


def lifespan_tests(part: str) -> dict[str, Any]:
    """Start-up, shut-down, the state, failures, and the background workers."""
    App = importlib.import_module(f"{part}.app").App
    background_tasks = importlib.import_module(f"{part}.background_tasks")
    TaskParams, create_task = background_tasks.TaskParams, background_tasks.create_task

    async def test_without_a_lifespan_both_phases_complete() -> None:
        recorder = await run_lifespan(App(), lifespan_scope({}))
        assert recorder.sent == [
            {"type": "lifespan.startup.complete"},
            {"type": "lifespan.shutdown.complete"},
        ]

    async def test_startup_runs_before_the_yield_and_shutdown_after() -> None:
        events: list[str] = []

        @asynccontextmanager
        async def lifespan(app):
            events.append("startup")
            yield
            events.append("shutdown")

        class Watching(Recorder):
            async def send(self, message) -> None:
                events.append(message["type"])
                await super().send(message)

        recorder = Watching([STARTUP, SHUTDOWN])
        await App(lifespan=lifespan)(lifespan_scope({}), recorder.receive, recorder.send)
        assert events == [
            "startup",
            "lifespan.startup.complete",
            "shutdown",
            "lifespan.shutdown.complete",
        ]

    async def test_the_lifespan_gets_the_app_and_what_it_yields_becomes_the_state() -> None:
        app = App()
        seen = []

        @asynccontextmanager
        async def lifespan(given):
            seen.append(given)
            yield {"db": "connection"}

        app.lifespan = lifespan
        state: dict = {}
        await run_lifespan(app, lifespan_scope(state))
        assert seen == [app]
        assert state == {"db": "connection"}

    async def test_a_failing_startup_is_reported_and_logged(caplog) -> None:
        @asynccontextmanager
        async def lifespan(app):
            raise ConnectionError("database unreachable")
            yield  # pragma: no cover

        with caplog.at_level(logging.ERROR, logger=f"{part}.app"):
            recorder = await run_lifespan(App(lifespan=lifespan), lifespan_scope({}))
        assert recorder.sent == [
            {
                "type": "lifespan.startup.failed",
                "message": "ConnectionError: database unreachable",
            }
        ]
        assert caplog.records[0].getMessage() == "Lifespan startup failed"
        assert caplog.records[0].exc_info[0] is ConnectionError

    async def test_a_failing_shutdown_is_reported_and_logged(caplog) -> None:
        @asynccontextmanager
        async def lifespan(app):
            yield
            raise OSError("could not flush")

        with caplog.at_level(logging.ERROR, logger=f"{part}.app"):
            recorder = await run_lifespan(App(lifespan=lifespan), lifespan_scope({}))
        assert recorder.sent == [
            {"type": "lifespan.startup.complete"},
            {"type": "lifespan.shutdown.failed", "message": "OSError: could not flush"},
        ]
        assert caplog.records[0].getMessage() == "Lifespan shutdown failed"

    async def test_state_on_a_server_without_lifespan_state_fails_startup_clearly() -> None:
        @asynccontextmanager
        async def lifespan(app):
            yield {"db": "connection"}

        recorder = await run_lifespan(App(lifespan=lifespan), lifespan_scope(state=None))
        assert recorder.sent == [
            {
                "type": "lifespan.startup.failed",
                "message": "RuntimeError: the server has no lifespan state",
            }
        ]

    async def test_startup_starts_the_workers_and_shutdown_drains_them() -> None:
        done: list[str] = []

        async def work(params: TaskParams) -> None:
            await asyncio.sleep(0.01)
            done.append(params.data)

        @asynccontextmanager
        async def lifespan(app):
            yield
            done.append("after the drain")  # the code after yield runs last

        app = App(lifespan=lifespan)
        incoming: asyncio.Queue[dict] = asyncio.Queue()
        sent: asyncio.Queue[dict] = asyncio.Queue()
        running = asyncio.create_task(app(lifespan_scope({}), incoming.get, sent.put))
        await incoming.put(STARTUP)
        assert await sent.get() == {"type": "lifespan.startup.complete"}
        await app.background_tasks.add_tasks([create_task(work, TaskParams(n)) for n in "ab"])
        await incoming.put(SHUTDOWN)  # the server asks to shut down
        await asyncio.wait_for(running, 2)
        assert done == ["a", "b", "after the drain"]
        assert await sent.get() == {"type": "lifespan.shutdown.complete"}

    async def test_a_task_queued_by_the_startup_code_itself_runs() -> None:
        # add_tasks() starts the workers; the start-up's own start() then keeps
        # them, and the queue with the task in it.
        ran: list[str] = []

        async def warm_cache(params: TaskParams) -> None:
            ran.append(params.data)

        @asynccontextmanager
        async def lifespan(app):
            await app.background_tasks.add_tasks([create_task(warm_cache, TaskParams("cache"))])
            yield

        recorder = await run_lifespan(App(lifespan=lifespan), lifespan_scope({}))
        assert recorder.sent[-1] == {"type": "lifespan.shutdown.complete"}
        assert ran == ["cache"]

    async def test_a_failed_startup_stops_the_workers_and_tasks_it_started(caplog) -> None:
        cancelled: list[str] = []

        async def slow(params: TaskParams) -> None:
            try:
                await asyncio.sleep(60)
            except asyncio.CancelledError:
                cancelled.append(params.data)
                raise

        @asynccontextmanager
        async def lifespan(app):
            await app.background_tasks.add_tasks(
                [create_task(slow, TaskParams(n), timeout_after=120) for n in "abc"]
            )
            await asyncio.sleep(0.01)  # the two workers take "a" and "b"
            raise ConnectionError("database unreachable")
            yield  # pragma: no cover

        app = App(lifespan=lifespan)
        with caplog.at_level(logging.WARNING):
            recorder = await run_lifespan(app, lifespan_scope({}))
        assert recorder.sent[0]["type"] == "lifespan.startup.failed"
        assert sorted(cancelled) == ["a", "b"]
        assert caplog.messages == [
            "Lifespan startup failed",
            "Shut down after 0s: cancelled 2 running task(s), abandoned 0 that ignored "
            "the cancellation; 1 queued task(s) never started",
        ]

    def test_everything_after_lifespan_is_keyword_only() -> None:
        # App(None, 4) cannot mean one option in one part and another in the next.
        with pytest.raises(TypeError, match="positional argument"):
            App(None, 4)

    return {name: test for name, test in locals().items() if name.startswith("test_")}
