"""part4/02-retry-backoff: a failed task is tried again after a wait that
doubles each time, up to a cap; the wait is not part of any attempt."""

import asyncio
import logging
import time

import pytest

from exercises import load
from part4.background_tasks import create_task

BackgroundTasks = load(__file__, "background_tasks").BackgroundTasks


class FakeSleep:
    """Records how long the workers asked to wait, and does not wait."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await asyncio.sleep(0)


def failing(times: int, error: Exception | None = None):
    """A task handler that fails its first `times` calls, then succeeds."""
    calls = []

    async def flaky(params) -> None:
        calls.append(params)
        if len(calls) <= times:
            raise error or ConnectionError("the mail server is down")

    flaky.calls = calls
    return flaky


async def run(tasks, *queued) -> None:
    """Start tasks, queue what is given, and wait until all of it ended."""
    await tasks.start()
    await tasks.add_tasks(queued)
    await asyncio.wait_for(tasks.shutdown(timeout=5), 10)


def test_the_delay_doubles_from_base_delay() -> None:
    """With base_delay=0.5, the waits after attempts 1, 2, 3, 4 are 0.5, 1.0,
    2.0 and 4.0 seconds."""
    tasks = BackgroundTasks(base_delay=0.5, max_delay=30.0)
    assert [tasks.delay_after(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]


def test_the_delay_never_exceeds_max_delay() -> None:
    """With base_delay=1 and max_delay=5, the waits are 1, 2, 4, 5, 5; even
    after attempt 5000 the wait is 5 (and computing it does not overflow)."""
    tasks = BackgroundTasks(base_delay=1.0, max_delay=5.0)
    assert [tasks.delay_after(n) for n in (1, 2, 3, 4, 5)] == [1, 2, 4, 5, 5]
    assert tasks.delay_after(5000) == 5.0


def test_the_defaults_are_half_a_second_and_thirty_seconds() -> None:
    """By default, base_delay is 0.5 s and max_delay 30 s."""
    tasks = BackgroundTasks()
    assert (tasks.delay_after(1), tasks.delay_after(100)) == (0.5, 30.0)


def test_impossible_delays_are_refused() -> None:
    """A negative base_delay, or a max_delay below base_delay, is a
    ValueError."""
    with pytest.raises(ValueError):
        BackgroundTasks(base_delay=-1.0)
    with pytest.raises(ValueError):
        BackgroundTasks(base_delay=2.0, max_delay=1.0)


async def test_a_task_that_recovers_waits_between_attempts() -> None:
    """A task that fails twice, then succeeds, runs 3 times, with waits of
    0.5 and 1.0 seconds in between."""
    sleep = FakeSleep()
    handler = failing(2)
    await run(BackgroundTasks(sleep=sleep), create_task(handler, max_retries=3))
    assert len(handler.calls) == 3
    assert sleep.delays == [0.5, 1.0]


async def test_no_wait_after_the_last_attempt(caplog) -> None:
    """A task that always fails, with max_retries=4, runs 4 times and waits
    3 times: 0.5, 1.0, 2.0. Then it is dropped, with an error logged."""
    sleep = FakeSleep()
    handler = failing(100)
    await run(BackgroundTasks(sleep=sleep), create_task(handler, max_retries=4))
    assert len(handler.calls) == 4
    assert sleep.delays == [0.5, 1.0, 2.0]
    assert caplog.records[-1].levelname == "ERROR"
    assert caplog.records[-1].getMessage().endswith("dropped after 4 attempts")


async def test_a_task_that_succeeds_never_waits() -> None:
    """A task whose first attempt succeeds runs once, and nothing waits."""
    sleep = FakeSleep()
    handler = failing(0)
    await run(BackgroundTasks(sleep=sleep), create_task(handler))
    assert (len(handler.calls), sleep.delays) == (1, [])


async def test_a_timed_out_attempt_is_followed_by_a_wait_too() -> None:
    """An attempt that times out counts as a failure: the next one comes after
    the wait."""
    sleep = FakeSleep()
    calls = []

    async def slow(params) -> None:
        calls.append(params)
        await asyncio.sleep(10)

    tasks = BackgroundTasks(sleep=sleep, base_delay=2.0)
    await run(tasks, create_task(slow, timeout_after=0.01, max_retries=3))
    assert len(calls) == 3
    assert sleep.delays == [2.0, 4.0]


async def test_the_wait_is_not_part_of_the_next_attempt(caplog) -> None:
    """With a real wait of 0.05 s and attempts limited to 0.03 s, a task that
    fails once then succeeds at once is not timed out: the wait runs outside
    any attempt's time limit."""
    handler = failing(1)
    tasks = BackgroundTasks(base_delay=0.05)
    await run(tasks, create_task(handler, timeout_after=0.03, max_retries=2))
    assert len(handler.calls) == 2
    assert "timed out" not in caplog.text
    assert "dropped" not in caplog.text


async def test_the_log_says_when_the_next_attempt_comes(caplog) -> None:
    """Each failed attempt but the last is logged with the wait that follows;
    the last one as in Part 4, then "dropped after 3 attempts"."""
    caplog.set_level(logging.WARNING)

    async def send_mail(params) -> None:
        raise ConnectionError("the mail server is down")

    tasks = BackgroundTasks(sleep=FakeSleep(), base_delay=0.25)
    await run(tasks, create_task(send_mail, max_retries=3))
    name = "test_the_log_says_when_the_next_attempt_comes.<locals>.send_mail"
    assert [record.getMessage() for record in caplog.records] == [
        f"Task {name} failed (attempt 1 of 3); next attempt in 0.25s",
        f"Task {name} failed (attempt 2 of 3); next attempt in 0.5s",
        f"Task {name} failed (attempt 3 of 3)",
        f"Task {name} dropped after 3 attempts",
    ]
    assert [record.levelname for record in caplog.records] == [
        "WARNING",
        "WARNING",
        "WARNING",
        "ERROR",
    ]
    assert all(record.exc_info for record in caplog.records[:3])


async def test_a_time_out_is_logged_with_the_wait(caplog) -> None:
    """A timed-out attempt says so, and when the next attempt comes."""
    caplog.set_level(logging.WARNING)

    async def slow(params) -> None:
        await asyncio.sleep(10)

    tasks = BackgroundTasks(sleep=FakeSleep(), base_delay=1.0)
    await run(tasks, create_task(slow, timeout_after=0.01, max_retries=2))
    name = "test_a_time_out_is_logged_with_the_wait.<locals>.slow"
    assert [record.getMessage() for record in caplog.records] == [
        f"Task {name} timed out after 0.01s (attempt 1 of 2); next attempt in 1.0s",
        f"Task {name} timed out after 0.01s (attempt 2 of 2)",
        f"Task {name} dropped after 2 attempts",
    ]


async def test_shutdown_cancels_a_task_that_is_waiting(caplog) -> None:
    """A task waiting 60 s before its next attempt does not hold up shutdown:
    at the deadline (0.05 s) the wait is cancelled like a running attempt."""
    handler = failing(100)
    tasks = BackgroundTasks(base_delay=60.0, max_delay=60.0)
    await tasks.start()
    await tasks.add_tasks([create_task(handler)])
    started = time.monotonic()
    await asyncio.wait_for(tasks.shutdown(timeout=0.05), 5)
    assert time.monotonic() - started < 2
    assert len(handler.calls) == 1
    assert "cancelled 1 running task(s)" in caplog.text


async def test_other_workers_keep_working_while_one_waits() -> None:
    """With two workers, a task waiting before its retry leaves the other
    worker free: a second task runs meanwhile."""
    waiting = asyncio.Event()
    done = []

    async def wait(delay: float) -> None:
        waiting.set()
        await asyncio.sleep(10)

    async def quick(params) -> None:
        await waiting.wait()
        done.append("quick")

    tasks = BackgroundTasks(max_running_tasks=2, sleep=wait)
    await tasks.start()
    await tasks.add_tasks([create_task(failing(100)), create_task(quick)])
    for _ in range(100):
        if done:
            break
        await asyncio.sleep(0.001)
    await tasks.shutdown(timeout=0.01)
    assert done == ["quick"]
