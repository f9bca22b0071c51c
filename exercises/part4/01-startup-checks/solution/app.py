"""An App that checks what it depends on before it serves."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from part4.app import App as Part4App
from part4.app import Lifespan
from part4.request_data import MAX_BODY_SIZE

# A check gets the lifespan state and raises if the app must not start.
StartupCheck = Callable[[Mapping[str, Any]], Awaitable[None]]


class StartupCheckFailed(RuntimeError):
    """A start-up check failed: the app must not serve."""


class App(Part4App):
    """Part 4's App, which runs its start-up checks before it serves.

    `app.add_startup_check(check_database)` makes start-up fail, and so
    uvicorn exit, when `await check_database(state)` raises or takes more
    than startup_check_timeout seconds. The checks run in order, after
    the lifespan's start-up code and before the first request.
    """

    startup_check_timeout = 5.0  # seconds each check may take

    def __init__(
        self,
        lifespan: Lifespan | None = None,
        *,
        max_running_tasks: int = 2,
        max_body_size: int | None = MAX_BODY_SIZE,
        shutdown_timeout: float = 5.0,
    ) -> None:
        super().__init__(
            lifespan,
            max_running_tasks=max_running_tasks,
            max_body_size=max_body_size,
            shutdown_timeout=shutdown_timeout,
        )
        self.startup_checks: list[StartupCheck] = []

    def add_startup_check(self, check: StartupCheck) -> None:
        """Run check at start-up, after the lifespan's start-up code."""
        self.startup_checks.append(check)

    @asynccontextmanager
    async def _lifespan_context(
        self,
    ) -> AsyncIterator[Mapping[str, Any] | None]:
        """Part 4's lifespan context, with the checks run inside it: a
        failing check leaves it, so the lifespan's clean-up runs."""
        async with super()._lifespan_context() as state:
            for check in self.startup_checks:
                await self._run_check(check, state or {})
            yield state

    async def _run_check(
        self, check: StartupCheck, state: Mapping[str, Any]
    ) -> None:
        """Run one check; raise StartupCheckFailed if it fails or hangs."""
        name = getattr(check, "__qualname__", repr(check))
        limit = self.startup_check_timeout
        deadline = asyncio.timeout(limit)
        try:
            async with deadline:
                await check(state)
        except Exception as exc:
            if deadline.expired():  # not a TimeoutError of the check's own
                message = f"{name} took more than {limit}s"
            else:
                message = f"{name} failed: {type(exc).__name__}: {exc}"
            raise StartupCheckFailed(message) from exc
