"""Background tasks that wait longer after each failure. Edit this file."""

import asyncio
from collections.abc import Awaitable, Callable

from part4.background_tasks import BackgroundTasks as Part4BackgroundTasks
from part4.background_tasks import Task

# How the workers wait: asyncio.sleep, unless a test passes its own.
Sleep = Callable[[float], Awaitable[None]]


class BackgroundTasks(Part4BackgroundTasks):
    """Part 4's BackgroundTasks, which wait between a task's attempts:
    base_delay seconds after the first failure, then twice as long after
    each next one, never more than max_delay."""

    def __init__(
        self,
        max_running_tasks: int = 2,
        *,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__(max_running_tasks)
        # TODO: check and keep the arguments.

    def delay_after(self, attempt: int) -> float:
        """Seconds to wait after attempt number `attempt` (1, 2, ...) failed,
        before the next one."""
        raise NotImplementedError("base_delay, doubled, at most max_delay")

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
        raise NotImplementedError("Part 4's _run, with a wait between tries")
