"""Background tasks that wait longer after each failure."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from part4.background_tasks import BackgroundTasks as Part4BackgroundTasks
from part4.background_tasks import Task

logger = logging.getLogger(__name__)

# How the workers wait: asyncio.sleep, unless a test passes its own.
Sleep = Callable[[float], Awaitable[None]]


class BackgroundTasks(Part4BackgroundTasks):
    """Part 4's BackgroundTasks, which wait between a task's attempts:
    base_delay seconds after the first failure, then twice as long after
    each next one, never more than max_delay.

    A service that is down gets a moment to come back, instead of every
    retry at once. A task keeps its worker while it waits, and shutdown()
    cancels a wait like a running attempt.
    """

    def __init__(
        self,
        max_running_tasks: int = 2,
        *,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__(max_running_tasks)
        if base_delay < 0:
            raise ValueError("base_delay cannot be negative")
        if max_delay < base_delay:
            raise ValueError("max_delay cannot be less than base_delay")
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._sleep = sleep

    def delay_after(self, attempt: int) -> float:
        """Seconds to wait after attempt number `attempt` (1, 2, ...) failed,
        before the next one: base_delay * 2 ** (attempt - 1), capped.

        It doubles step by step, and stops at the cap: a formula would need
        2 ** 4999 after attempt 5000, too large to become a float.
        """
        delay = self.base_delay
        for _ in range(1, attempt):
            if not 0 < delay < self.max_delay:
                break  # at the cap (or 0): doubling changes nothing now
            delay *= 2
        return min(delay, self.max_delay)

    async def _work(self) -> None:
        """Part 4's worker, which runs each task with self._run instead of
        the module's _run. Nothing to change here."""
        while not self._stopping:
            task = await self._queue.get()
            self._running += 1
            try:
                await self._run(task)
            finally:
                self._running -= 1
                self._queue.task_done()

    async def _run(self, task: Task) -> None:
        """Run task until an attempt succeeds or max_retries attempts failed,
        waiting delay_after(attempt) seconds after each failed attempt."""
        name = getattr(task.handler, "__qualname__", repr(task.handler))
        for attempt in range(1, task.max_retries + 1):
            deadline = asyncio.timeout(task.timeout_after)
            try:
                async with deadline:
                    await task.handler(task.params)
                return
            except Exception:
                more = attempt < task.max_retries
                delay = self.delay_after(attempt)
                then = f"; next attempt in {delay}s" if more else ""
                if deadline.expired():  # not a TimeoutError of the task's own
                    logger.warning(
                        "Task %s timed out after %ss (attempt %d of %d)%s",
                        name,
                        task.timeout_after,
                        attempt,
                        task.max_retries,
                        then,
                    )
                else:
                    logger.warning(
                        "Task %s failed (attempt %d of %d)%s",
                        name,
                        attempt,
                        task.max_retries,
                        then,
                        exc_info=True,
                    )
                if more:  # after the attempt's deadline: waiting is no try
                    await self._sleep(delay)
        logger.error(
            "Task %s dropped after %d attempts", name, task.max_retries
        )
