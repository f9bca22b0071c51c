"""Background tasks: work that runs after the response, on a bounded pool."""

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .types import TaskHandlerType

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TaskParams:
    """What a task handler receives: whatever the handler that queued it put
    in `data`."""

    data: Any = None


@dataclass(frozen=True, slots=True)
class Task:
    """One piece of work: a handler, its params, and how hard to try.

    Each attempt may last timeout_after seconds; a task that fails or times
    out is tried again, up to max_retries attempts in all.
    """

    handler: TaskHandlerType
    params: TaskParams
    timeout_after: float = 5.0
    max_retries: int = 3

    def __post_init__(self) -> None:
        if self.timeout_after <= 0:
            raise ValueError("timeout_after must be more than 0 seconds")
        if self.max_retries < 1:
            raise ValueError("max_retries counts attempts: at least 1")


def create_task(
    handler: TaskHandlerType,
    params: TaskParams | None = None,
    *,
    timeout_after: float = 5.0,
    max_retries: int = 3,
) -> Task:
    """A Task for handler; without params, it gets a new, empty TaskParams."""
    if params is None:
        params = TaskParams()
    return Task(handler, params, timeout_after, max_retries)


class BackgroundTasks:
    """A queue of tasks, and up to max_running_tasks workers that run them.

    `start()` starts the workers, `add_tasks()` queues tasks and returns at
    once, and `shutdown(timeout)` lets queued and running tasks finish for
    up to timeout seconds, then cancels the rest and logs what it cancelled.
    """

    def __init__(self, max_running_tasks: int = 2) -> None:
        if max_running_tasks < 1:
            raise ValueError("max_running_tasks must be at least 1")
        self.max_running_tasks = max_running_tasks
        self._queue: asyncio.Queue[Task] = asyncio.Queue()
        self._workers: set[asyncio.Task[None]] = set()
        self._running = 0  # tasks a worker is running right now
        self._closed = False  # True from shutdown(): no new tasks
        self._stopping = False  # True at the deadline: workers must stop

    async def add_tasks(self, tasks: Iterable[Task]) -> None:
        """Queue tasks to run in the background. Never waits for them.

        Without a lifespan (`uvicorn --lifespan off`), the first call starts
        the workers. After shutdown() it raises RuntimeError.
        """
        if self._closed:
            raise RuntimeError(
                "background tasks are shut down: none can be added"
            )
        if not self._workers:
            await self.start()
        for task in tasks:
            self._queue.put_nowait(task)

    async def start(self) -> None:
        """Start the workers, with a new queue. Does nothing if they run."""
        if self._workers:
            return
        self._closed = self._stopping = False
        self._queue = asyncio.Queue()
        for _ in range(self.max_running_tasks):
            # The set keeps a reference to each worker, so none can be
            # garbage-collected while it runs.
            self._workers.add(asyncio.create_task(self._work()))

    async def shutdown(self, timeout: float = 30.0) -> None:
        """Refuse new tasks, wait up to timeout seconds for the queued and
        running ones, then cancel what is left, saying how much that was."""
        self._closed = True
        if not self._workers:
            return
        try:
            async with asyncio.timeout(timeout):
                await self._queue.join()
        except TimeoutError:
            logger.warning(
                "Shut down after %ss: cancelled %d running task(s); "
                "%d queued task(s) never started",
                timeout,
                self._running,
                self._queue.qsize(),
            )
        self._stopping = True  # even a task that swallows its cancellation
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers.clear()

    async def _work(self) -> None:
        """One worker: take the next task as soon as there is one, run it."""
        while not self._stopping:
            task = await self._queue.get()
            self._running += 1
            try:
                await _run(task)
            finally:
                self._running -= 1
                self._queue.task_done()


async def _run(task: Task) -> None:
    """Run task until an attempt succeeds or max_retries attempts failed."""
    name = getattr(task.handler, "__qualname__", repr(task.handler))
    for attempt in range(1, task.max_retries + 1):
        deadline = asyncio.timeout(task.timeout_after)
        try:
            async with deadline:
                await task.handler(task.params)
            return
        except Exception:
            if deadline.expired():  # not a TimeoutError of the task's own
                logger.warning(
                    "Task %s timed out after %ss (attempt %d of %d)",
                    name,
                    task.timeout_after,
                    attempt,
                    task.max_retries,
                )
            else:
                logger.warning(
                    "Task %s failed (attempt %d of %d)",
                    name,
                    attempt,
                    task.max_retries,
                    exc_info=True,
                )
    logger.error("Task %s dropped after %d attempts", name, task.max_retries)
