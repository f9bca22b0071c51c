"""BackgroundTasks tests, shared by Parts 4-7, whose background_tasks.py is
the same file: a bounded pool of workers fed by a queue.

`background_tasks_tests("part5")` returns the tests bound to Part 5's module; a
test module puts them in its namespace with `globals().update(...)`.
"""

import asyncio
import contextlib
import importlib
import logging
from typing import Any

import pytest


async def eventually(condition, timeout: float = 2) -> None:
    """Wait until condition() is true, checking every few milliseconds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.005)


class WorkerKiller(BaseException):
    """Not an Exception: a task raising it ends the worker that runs it."""


def background_tasks_tests(part: str) -> dict[str, Any]:
    """Tasks run after add_tasks() returns, at most max_running_tasks at once,
    with retries and timeouts, and shutdown() drains them."""
    module = importlib.import_module(f"{part}.background_tasks")
    BackgroundTasks, TaskParams = module.BackgroundTasks, module.TaskParams
    create_task = module.create_task
    logger_name = f"{part}.background_tasks"

    async def started(max_running_tasks: int = 2) -> BackgroundTasks:
        tasks = BackgroundTasks(max_running_tasks)
        await tasks.start()
        return tasks

    async def test_tasks_run_with_their_params_after_add_tasks_returns() -> None:
        seen: list[object] = []

        async def record(params: TaskParams) -> None:
            seen.append(params.data)

        tasks = await started()
        await tasks.add_tasks([create_task(record, TaskParams("a")), create_task(record)])
        assert seen == []  # add_tasks only queues: nothing ran yet
        await tasks.shutdown(timeout=1)
        assert seen == ["a", None]

    async def test_add_tasks_returns_at_once_even_for_slow_tasks() -> None:
        gate = asyncio.Event()

        async def wait_for_gate(params: TaskParams) -> None:
            await gate.wait()

        tasks = await started()
        await asyncio.wait_for(
            tasks.add_tasks([create_task(wait_for_gate) for _ in range(10)]), 0.5
        )
        gate.set()
        await tasks.shutdown(timeout=1)

    async def test_never_more_than_max_running_tasks_at_once() -> None:
        running, most = 0, 0

        async def busy(params: TaskParams) -> None:
            nonlocal running, most
            running += 1
            most = max(most, running)
            await asyncio.sleep(0.01)
            running -= 1

        tasks = await started(max_running_tasks=3)
        await tasks.add_tasks([create_task(busy) for _ in range(12)])
        await tasks.shutdown(timeout=2)
        assert most == 3

    async def test_a_timeout_counts_as_a_failed_attempt(caplog) -> None:
        attempts = 0

        async def hangs_once(params: TaskParams) -> None:
            nonlocal attempts
            attempts += 1
            if attempts == 1:
                await asyncio.sleep(10)

        tasks = await started()
        with caplog.at_level(logging.WARNING, logger=logger_name):
            await tasks.add_tasks([create_task(hangs_once, timeout_after=0.05)])
            await eventually(lambda: attempts == 2)  # before shut-down: no retry in it
            await tasks.shutdown(timeout=1)
        assert attempts == 2  # timed out once, then succeeded
        [warning] = caplog.records
        assert warning.getMessage() == (
            f"Task {hangs_once.__qualname__} timed out after 0.05s (attempt 1 of 3)"
        )

    async def test_shutdown_waits_for_queued_tasks_within_the_timeout() -> None:
        done: list[int] = []

        async def quick(params: TaskParams) -> None:
            await asyncio.sleep(0.01)
            done.append(params.data)

        tasks = await started(max_running_tasks=1)
        await tasks.add_tasks([create_task(quick, TaskParams(n)) for n in range(5)])
        await tasks.shutdown(timeout=2)
        assert done == [0, 1, 2, 3, 4]

    async def test_no_task_is_added_after_shutdown() -> None:
        tasks = await started()
        await tasks.shutdown()
        with pytest.raises(RuntimeError, match="shut down"):
            await tasks.add_tasks([create_task(asyncio.sleep)])

    async def test_shutdown_before_any_start_refuses_tasks_all_the_same() -> None:
        tasks = BackgroundTasks()
        await tasks.shutdown(timeout=0)
        with pytest.raises(RuntimeError, match="shut down"):
            await tasks.add_tasks([create_task(asyncio.sleep)])

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lambda: BackgroundTasks(0), "max_running_tasks must be at least 1"),
            (lambda: create_task(asyncio.sleep, max_retries=0), "counts attempts: at least 1"),
            (lambda: create_task(asyncio.sleep, timeout_after=-1), "more than 0 seconds"),
        ],
        ids=["no-workers", "no-attempts", "no-time"],
    )
    def test_settings_that_could_never_run_a_task_are_refused(make, message) -> None:
        with pytest.raises(ValueError, match=message):
            make()

    async def test_a_task_raising_its_own_timeout_error_failed_and_did_not_time_out(caplog) -> None:
        async def socket_timeout(params: TaskParams) -> None:
            raise TimeoutError("the mail server did not answer")

        tasks = await started()
        with caplog.at_level(logging.WARNING, logger=logger_name):
            await tasks.add_tasks([create_task(socket_timeout, max_retries=1, timeout_after=30)])
            await tasks.shutdown(timeout=1)
        warning = caplog.records[0]
        assert warning.getMessage() == f"Task {socket_timeout.__qualname__} failed (attempt 1 of 1)"
        assert warning.exc_info[0] is TimeoutError

    async def test_a_task_that_swallows_its_cancellation_cannot_hang_shutdown() -> None:
        ran: list[int] = []

        async def stubborn(params: TaskParams) -> None:
            ran.append(params.data)
            # A badly behaved task: cancelled, it returns instead of stopping.
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.sleep(60)

        tasks = await started(max_running_tasks=1)
        await tasks.add_tasks(
            [create_task(stubborn, TaskParams(n), timeout_after=120) for n in (1, 2)]
        )
        await asyncio.sleep(0)  # let the worker take the first
        await asyncio.wait_for(tasks.shutdown(timeout=0.05), 1)
        assert ran == [1]  # the queued task never started: the worker stopped

    async def test_add_tasks_refuses_anything_but_a_task_and_queues_none_of_the_batch() -> None:
        seen: list[str] = []

        async def record(params: TaskParams) -> None:
            seen.append(params.data)

        tasks = await started()
        with pytest.raises(TypeError, match="add_tasks takes Task objects, not function"):
            await tasks.add_tasks([create_task(record, TaskParams("first")), record])
        await tasks.add_tasks([create_task(record, TaskParams("later"))])
        await tasks.shutdown(timeout=1)
        assert seen == ["later"]  # "first" was refused with its batch

    async def test_a_cancelled_error_from_inside_a_task_is_a_failed_attempt(caplog) -> None:
        # Awaiting a future that something else cancelled raises CancelledError in the
        # task, though nobody is stopping the worker: it must not end the worker.
        attempts: list[int] = []
        done = asyncio.Event()

        async def awaits_a_cancelled_future(params: TaskParams) -> None:
            attempts.append(1)
            if len(attempts) == 1:
                future = asyncio.get_running_loop().create_future()
                future.cancel()
                await future
            done.set()

        tasks = await started(max_running_tasks=1)
        with caplog.at_level(logging.WARNING, logger=logger_name):
            await tasks.add_tasks([create_task(awaits_a_cancelled_future)])
            await asyncio.wait_for(done.wait(), 2)  # the second attempt ran
        await tasks.shutdown(timeout=1)
        assert len(attempts) == 2
        [warning] = caplog.records
        assert warning.getMessage() == (
            f"Task {awaits_a_cancelled_future.__qualname__} failed (attempt 1 of 3)"
        )
        assert warning.exc_info[0] is asyncio.CancelledError

    async def test_a_worker_that_dies_is_logged_and_replaced(caplog) -> None:
        running, most = 0, 0

        async def dies(params: TaskParams) -> None:
            raise WorkerKiller()

        async def busy(params: TaskParams) -> None:
            nonlocal running, most
            running += 1
            most = max(most, running)
            await asyncio.sleep(0.02)
            running -= 1

        tasks = await started(max_running_tasks=2)
        with caplog.at_level(logging.ERROR, logger=logger_name):
            await tasks.add_tasks([create_task(dies), create_task(dies)])
            await eventually(lambda: len(caplog.records) == 2)
        assert [r.getMessage() for r in caplog.records] == [
            "A background worker died; starting another"
        ] * 2
        assert caplog.records[0].exc_info[0] is WorkerKiller
        # Both were replaced: two tasks still run side by side.
        await tasks.add_tasks([create_task(busy) for _ in range(4)])
        await tasks.shutdown(timeout=2)
        assert most == 2

    def test_the_same_tasks_run_again_under_a_second_event_loop() -> None:
        # Tests and notebooks call asyncio.run() more than once with one object.
        seen: list[int] = []
        tasks = BackgroundTasks()  # no lifespan: add_tasks starts the workers

        async def record(params: TaskParams) -> None:
            seen.append(params.data)

        async def one_run(number: int) -> None:
            await tasks.add_tasks([create_task(record, TaskParams(number))])
            await eventually(lambda: number in seen)

        asyncio.run(one_run(1))
        asyncio.run(one_run(2))  # the first loop's workers are gone with it
        assert seen == [1, 2]

    def test_workers_left_in_a_loop_that_stopped_are_replaced() -> None:
        # A loop stopped without cancelling its tasks (run_until_complete, then
        # another loop): its workers are still there, but will never run here.
        seen: list[int] = []
        tasks = BackgroundTasks()

        async def record(params: TaskParams) -> None:
            seen.append(params.data)

        async def one_run() -> None:
            await tasks.add_tasks([create_task(record, TaskParams(1))])
            await eventually(lambda: seen == [1])

        old = asyncio.new_event_loop()
        old.run_until_complete(tasks.start())
        stale = set(tasks._workers)
        try:
            asyncio.run(one_run())
            assert not stale & tasks._workers
        finally:
            for worker in stale:
                worker.cancel()
            old.run_until_complete(asyncio.gather(*stale, return_exceptions=True))
            old.close()

    async def test_a_task_that_fails_every_attempt_is_dropped_and_logged(caplog) -> None:
        attempts: list[int] = []

        async def fails(params: TaskParams) -> None:
            attempts.append(1)
            raise ValueError("still down")

        tasks = await started()
        with caplog.at_level(logging.WARNING, logger=logger_name):
            await tasks.add_tasks([create_task(fails, max_retries=2)])
            await eventually(lambda: len(caplog.records) == 3)
            await tasks.shutdown(timeout=1)
        assert attempts == [1, 1]
        assert caplog.messages[-1] == f"Task {fails.__qualname__} dropped after 2 attempts"

    async def test_nothing_is_retried_once_shutdown_has_begun(caplog) -> None:
        attempts: list[str] = []
        inside = asyncio.Event()
        leave = asyncio.Event()

        async def queues_more_during_the_drain(params: TaskParams) -> None:
            attempts.append("run")
            inside.set()
            await leave.wait()
            await tasks.add_tasks([create_task(queues_more_during_the_drain)])

        tasks = await started()
        await tasks.add_tasks([create_task(queues_more_during_the_drain)])
        await asyncio.wait_for(inside.wait(), 1)
        with caplog.at_level(logging.WARNING, logger=logger_name):
            draining = asyncio.create_task(tasks.shutdown(timeout=2))
            await asyncio.sleep(0.01)
            leave.set()  # its add_tasks() now meets the closed queue
            await asyncio.wait_for(draining, 2)
        assert attempts == ["run"]  # the RuntimeError was not retried
        name = queues_more_during_the_drain.__qualname__
        assert caplog.messages == [
            f"Task {name} failed (attempt 1 of 3)",
            f"Task {name} not retried: shutting down",
        ]
        assert caplog.records[0].exc_info[0] is RuntimeError

    async def test_a_task_that_swallows_its_cancellation_is_abandoned_after_the_grace(
        caplog, monkeypatch
    ) -> None:
        monkeypatch.setattr(module, "CANCEL_GRACE", 0.1)
        release = asyncio.Event()

        async def stubborn(params: TaskParams) -> None:
            try:
                await asyncio.sleep(60)
            except asyncio.CancelledError:
                await release.wait()  # swallows it, and goes on working

        tasks = await started(max_running_tasks=2)
        await tasks.add_tasks([create_task(stubborn, timeout_after=120)] * 3)
        await asyncio.sleep(0.01)  # two run, one waits in the queue
        loop = asyncio.get_running_loop()
        began = loop.time()
        with caplog.at_level(logging.WARNING, logger=logger_name):
            await asyncio.wait_for(tasks.shutdown(timeout=0.05), 2)
        assert loop.time() - began < 1  # the deadline, then the 0.1 s grace
        assert caplog.messages == [
            "Shut down after 0.05s: cancelled 0 running task(s), abandoned 2 that "
            "ignored the cancellation; 1 queued task(s) never started"
        ]
        # Abandoned, not forgotten: the pool keeps a reference until they end.
        assert len(tasks._abandoned) == 2
        release.set()  # let the abandoned tasks end with the test
        await eventually(lambda: not tasks._abandoned)

    return {name: test for name, test in locals().items() if name.startswith("test_")}
