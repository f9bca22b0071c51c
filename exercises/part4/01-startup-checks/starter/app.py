"""An App that checks what it depends on before it serves. Edit this file."""

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from part4.app import App as Part4App

# A check gets the lifespan state and raises if the app must not start.
StartupCheck = Callable[[Mapping[str, Any]], Awaitable[None]]


class StartupCheckFailed(RuntimeError):
    """A start-up check failed: the app must not serve."""


class App(Part4App):
    """Part 4's App, which runs its start-up checks before it serves."""

    startup_check_timeout = 5.0  # seconds each check may take

    def add_startup_check(self, check: StartupCheck) -> None:
        """Run check at start-up, after the lifespan's start-up code."""
        raise NotImplementedError("keep the check, run it at start-up")
