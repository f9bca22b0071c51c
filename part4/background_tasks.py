"""Background tasks: work that runs beside the requests, on a bounded pool."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

# At shut-down, how long a cancelled task gets to stop. One that swallows its
# cancellation and goes on is abandoned after that, so the server can exit.
CANCEL_GRACE = 1.0


@dataclass(frozen=True, slots=True)
class TaskParams:
    """What a task handler receives: whatever the handler that queued it put
    in `data`."""

    data: Any = None


# What runs in the background: `async def handler(params) -> None`.
TaskHandlerType = Callable[[TaskParams], Awaitable[None]]


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
        # Workers abandoned at shut-down, kept referenced until they end.
        self._abandoned: set[asyncio.Task[None]] = set()
        self._running = 0  # tasks a worker is running right now
        self._closed = False  # True from shutdown(): no new tasks
        self._stopping = False  # True at the deadline: workers must stop

    async def add_tasks(self, tasks: Iterable[Task]) -> None:
        """Queue tasks to run in the background. Never waits for them.

        Without a lifespan (`uvicorn --lifespan off`), the first call starts
        the workers. After shutdown() it raises RuntimeError. Anything that
        is not a Task is refused (TypeError), and then none is queued.
        """
        if self._closed:
            raise RuntimeError(
                "background tasks are shut down: none can be added"
            )
        batch = list(tasks)
        for task in batch:
            if not isinstance(task, Task):
                kind = type(task).__name__
                raise TypeError(f"add_tasks takes Task objects, not {kind}")
        await self.start()
        for task in batch:
            self._queue.put_nowait(task)

    async def start(self) -> None:
        """Start the workers, with a new queue; if they run, start only
        what is missing, so max_running_tasks of them run in this loop."""
        loop = asyncio.get_running_loop()
        if any(worker.get_loop() is not loop for worker in self._workers):
            # Workers of an event loop that has ended (two asyncio.run()
            # calls in a row): they will never run again.
            self._workers.clear()
        if not self._workers:
            self._closed = self._stopping = False
            self._queue = asyncio.Queue()
        while len(self._workers) < self.max_running_tasks:
            self._start_worker()

    async def shutdown(self, timeout: float = 30.0) -> None:
        """Refuse new tasks, wait up to timeout seconds for the queued and
        running ones, then cancel what is left, saying how much that was.

        A task that ignores its cancellation gets CANCEL_GRACE seconds more,
        then is abandoned, still running, so that shut-down ends.
        """
        self._closed = True
        if not self._workers:
            return
        try:
            async with asyncio.timeout(timeout):
                await self._queue.join()
            running = queued = 0
        except TimeoutError:
            running, queued = self._running, self._queue.qsize()
        self._stopping = True  # no worker takes another task
        workers = list(self._workers)
        self._workers.clear()
        for worker in workers:
            worker.cancel()
        _, abandoned = await asyncio.wait(workers, timeout=CANCEL_GRACE)
        self._abandoned |= abandoned
        if running or queued:
            logger.warning(
                "Shut down after %ss: cancelled %d running task(s), "
                "abandoned %d that ignored the cancellation; %d queued "
                "task(s) never started",
                timeout,
                running - len(abandoned),
                len(abandoned),
                queued,
            )

    def _start_worker(self) -> None:
        worker = asyncio.create_task(self._work())
        # The set keeps a reference to each worker, so none can be
        # garbage-collected while it runs.
        self._workers.add(worker)
        worker.add_done_callback(self._worker_ended)

    def _worker_ended(self, worker: asyncio.Task[None]) -> None:
        """Forget a worker that ended. One that died of an error while the
        pool still works is logged and replaced. One cancelled from outside
        (its event loop ending) is replaced by the next add_tasks()."""
        self._workers.discard(worker)
        self._abandoned.discard(worker)
        if worker.cancelled() or self._stopping:
            return
        logger.error(
            "A background worker died; starting another",
            exc_info=worker.exception(),
        )
        self._start_worker()

    async def _work(self) -> None:
        """One worker: take the next task as soon as there is one, run it."""
        while not self._stopping:
            task = await self._queue.get()
            self._running += 1
            try:
                await self._run(task)
            finally:
                self._running -= 1
                self._queue.task_done()

    async def _run(self, task: Task) -> None:
        """Run task until an attempt succeeds or max_retries attempts failed.
        Once shut-down has begun, a failed attempt is not tried again."""
        name = getattr(task.handler, "__qualname__", repr(task.handler))
        for attempt in range(1, task.max_retries + 1):
            deadline = asyncio.timeout(task.timeout_after)
            try:
                async with deadline:
                    await task.handler(task.params)
                return
            except (Exception, asyncio.CancelledError) as exc:
                if isinstance(exc, asyncio.CancelledError) and _cancelled():
                    raise  # the worker is being stopped: not a failure
                _log_failure(name, task, attempt, deadline.expired())
            if self._closed:
                logger.error("Task %s not retried: shutting down", name)
                return
        logger.error(
            "Task %s dropped after %d attempts", name, task.max_retries
        )


def _cancelled() -> bool:
    """Whether the running asyncio task was asked to stop. A CancelledError
    raised inside the task's own code, with no such request, is a failure."""
    current = asyncio.current_task()
    return current is not None and current.cancelling() > 0


def _log_failure(
    name: str, task: Task, attempt: int, timed_out: bool
) -> None:
    """One failed attempt: a timeout, or an error with its traceback."""
    if timed_out:  # not a TimeoutError of the task's own
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
