"""Regression tests for the errata of the series' Part 4 (lifespan and
background tasks), each named after its entry on the site's Errata page."""

import asyncio
import functools
import logging
import subprocess
import sys

import pytest

import part4.sample
from part4.api_router import ApiRouter
from part4.app import App
from part4.background_tasks import (
    BackgroundTasks,
    Task,
    TaskParams,
    create_task,
)
from part4.http_responses import OK_TEXTResponse
from tests.asgi import call, http_scope, response_of
from tests.background_tasks_suite import eventually

LOGGER = "part4.background_tasks"


async def started(max_running_tasks: int = 2) -> BackgroundTasks:
    tasks = BackgroundTasks(max_running_tasks)
    await tasks.start()
    return tasks


async def test_erratum_18_matched_routes_answer_and_tasks_run_with_them() -> None:
    ran = asyncio.Event()

    async def note(params: TaskParams) -> None:
        ran.set()

    api = ApiRouter()

    @api.get("/queue")
    async def queue(request_data):
        await (await request_data.get_background_tasks()).add_tasks([create_task(note)])
        return OK_TEXTResponse("queued")

    app = App()
    app.include_routes([api])
    assert response_of(await call(app, http_scope("GET", "/queue")))[::2] == (200, b"queued")
    assert response_of(await call(app, http_scope("DELETE", "/queue")))[0] == 405
    await asyncio.wait_for(ran.wait(), 1)
    await app.background_tasks.shutdown(timeout=1)


async def test_erratum_19_every_route_answers_on_python_3_11() -> None:
    # The series checked `assert method in Methods`, a TypeError for a str on
    # Python 3.11 (the default here, where this suite runs first). Part 4 has
    # no assert on the request path (tests/test_framework_code.py checks it).
    for method, path, status in [("GET", "/home", 200), ("GET", "/", 200), ("PUT", "/", 405)]:
        recorder = await call(part4.sample.app, http_scope(method, path))
        assert response_of(recorder)[0] == status, (method, path)


async def test_erratum_20_each_app_owns_its_background_tasks() -> None:
    seen: list[str] = []

    async def record(params: TaskParams) -> None:
        seen.append(params.data)

    first, second = App(), App()  # the series raised "BackgroundTasks already created"
    assert first.background_tasks is not second.background_tasks
    await first.background_tasks.add_tasks([create_task(record, TaskParams("first"))])
    await first.background_tasks.shutdown(timeout=1)
    await second.background_tasks.shutdown(timeout=1)
    assert seen == ["first"]


async def test_erratum_21_tasks_start_at_once_without_polling() -> None:
    started_at: list[float] = []
    loop = asyncio.get_running_loop()

    async def note(params: TaskParams) -> None:
        started_at.append(loop.time())

    tasks = await started(max_running_tasks=2)
    queued_at = loop.time()
    # Twenty no-op tasks on two workers took the series 5 s (a 0.5 s poll).
    await tasks.add_tasks([create_task(note) for _ in range(20)])
    await asyncio.wait_for(tasks.shutdown(timeout=5), 1)
    assert len(started_at) == 20
    assert max(started_at) - queued_at < 0.25  # the series polled every 0.5 s: a wait of 0 to 0.5 s


async def test_erratum_22_workers_are_referenced_and_end_at_shutdown() -> None:
    tasks = await started(max_running_tasks=3)
    workers = set(tasks._workers)
    assert len(workers) == 3 and workers <= asyncio.all_tasks()
    await tasks.shutdown(timeout=1)
    assert all(worker.done() for worker in workers)
    assert not workers & asyncio.all_tasks()  # nothing runs on after shut-down


async def test_erratum_23_the_drain_deadline_is_the_apps_and_nothing_vanishes(caplog) -> None:
    cancelled: list[str] = []

    async def slow(params: TaskParams) -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.append(params.data)
            raise

    assert App(shutdown_timeout=0.5).shutdown_timeout == 0.5  # not a hard-coded 30 s
    tasks = await started(max_running_tasks=1)
    await tasks.add_tasks([create_task(slow, TaskParams(n), timeout_after=120) for n in "abc"])
    await asyncio.sleep(0)  # let the worker take "a"
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        await asyncio.wait_for(tasks.shutdown(timeout=0.1), 1)
    assert cancelled == ["a"]
    assert caplog.messages == [
        "Shut down after 0.1s: cancelled 1 running task(s), abandoned 0 that ignored the "
        "cancellation; 2 queued task(s) never started"
    ]


async def test_erratum_24_tasks_run_without_a_lifespan_and_after_a_restart() -> None:
    seen: list[str] = []

    async def record(params: TaskParams) -> None:
        seen.append(params.data)

    tasks = BackgroundTasks()  # as with `uvicorn --lifespan off`: nobody calls start()
    await tasks.add_tasks([create_task(record, TaskParams("no lifespan"))])
    await tasks.shutdown(timeout=1)
    await tasks.start()  # a second start-up takes new tasks again
    await tasks.add_tasks([create_task(record, TaskParams("restarted"))])
    await tasks.shutdown(timeout=1)
    assert seen == ["no lifespan", "restarted"]


async def test_erratum_25_retries_cover_exceptions_and_count_attempts(caplog) -> None:
    attempts: list[str] = []

    async def fails(params: TaskParams) -> None:
        attempts.append(params.data)
        raise ValueError("smtp is down")

    task = create_task(fails, TaskParams("x"), max_retries=3)
    tasks = await started()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        await tasks.add_tasks([task, task])  # the same Task twice: two runs
        await eventually(lambda: len(caplog.records) == 8)  # no retry once shut down
        await tasks.shutdown(timeout=1)
    assert attempts == ["x"] * 6  # 3 attempts in all, for each of the two
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 6
    assert warnings[0].getMessage() == f"Task {fails.__qualname__} failed (attempt 1 of 3)"
    assert all(r.exc_info[0] is ValueError for r in warnings)  # type and traceback
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [f"Task {fails.__qualname__} dropped after 3 attempts"] * 2


async def test_erratum_26_defaults_partials_and_impossible_settings(caplog) -> None:
    first, second = create_task(asyncio.sleep), create_task(asyncio.sleep)
    assert first.params == TaskParams() and first.params is not second.params
    assert create_task(asyncio.sleep, timeout_after=1.5, max_retries=2) == Task(
        asyncio.sleep, TaskParams(), 1.5, 2
    )

    class Sender:
        async def __call__(self, params: TaskParams) -> None:
            raise RuntimeError("down")

    async def greet(greeting: str, params: TaskParams) -> None:
        raise RuntimeError(greeting)

    tasks = await started()
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        # Handlers with no __name__: the series failed halfway through such a batch.
        batch = [functools.partial(greet, "hi"), Sender()]
        await tasks.add_tasks([create_task(handler, max_retries=1) for handler in batch])
        await tasks.shutdown(timeout=1)
    assert len(caplog.records) == 2
    assert "functools.partial" in caplog.messages[0]
    assert "Sender object" in caplog.messages[1]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: BackgroundTasks(0), "max_running_tasks must be at least 1"),
        (lambda: create_task(asyncio.sleep, max_retries=0), "at least 1"),
        (lambda: create_task(asyncio.sleep, timeout_after=0), "more than 0"),
    ],
    ids=["no-workers", "no-attempts", "no-time"],
)
def test_erratum_26_settings_that_could_never_run_a_task_are_refused(make, message) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_erratum_27_the_sample_configures_logging_and_prints_nothing() -> None:
    code = (
        "import logging, part4.sample\n"
        "logging.getLogger('part4.background_tasks').warning('a warning')\n"
        "logging.getLogger('part4.background_tasks').debug('a debug line')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == ""  # the framework never prints
    # Level and logger name, not Python's bare last-resort "a warning".
    assert result.stderr == "WARNING:     part4.background_tasks - a warning\n"
    assert part4.sample.logger.name == "part4.sample"
