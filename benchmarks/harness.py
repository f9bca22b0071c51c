"""Timing in-process: drive ASGI apps in a tight loop, interleaved, and summarise.

Each app gets a pre-built scope, a `receive` that returns one empty request
body, and a `send` that does nothing, so the loop measures the app alone.
"""

import asyncio
import gc
import statistics
import time
from collections.abc import Callable, Mapping
from typing import Any

REQUEST = {"type": "http.request", "body": b"", "more_body": False}


async def _receive() -> dict[str, Any]:
    return REQUEST


async def _send(message: dict[str, Any]) -> None:
    pass


async def dispatch(app: Any, scope: dict[str, Any], n: int) -> float:
    """Call app n times on scope; return the CPU seconds it took.

    The process's CPU clock, not the wall clock: while other jobs on a shared
    machine have the core, this loop is not running and the clock stops too.
    """
    start = time.process_time()
    for _ in range(n):
        await app(scope, _receive, _send)
    return time.process_time() - start


async def check_status(app: Any, scope: dict[str, Any], status: int) -> None:
    """Fail loudly if app does not answer scope with status: never time a broken app."""
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, _receive, send)
    if not sent or sent[0].get("status") != status:
        raise RuntimeError(f"{app!r} answered {sent[:1]} to {scope['path']}, not {status}")


async def calibrate(app: Any, scope: dict[str, Any], batch_seconds: float) -> int:
    """How many calls take about batch_seconds (at least one)."""
    n = 1
    while True:
        elapsed = await dispatch(app, scope, n)
        if elapsed >= batch_seconds / 4 or n >= 1_000_000:
            return max(1, round(n * batch_seconds / max(elapsed, 1e-9)))
        n *= 4


async def _interleaved(
    cases: Mapping[str, tuple[Any, dict[str, Any]]], repetitions: int, batch_seconds: float
) -> dict[str, list[float]]:
    sizes = {
        name: await calibrate(app, scope, batch_seconds) for name, (app, scope) in cases.items()
    }
    names = list(cases)
    per_call: dict[str, list[float]] = {name: [] for name in names}
    for repetition in range(repetitions):
        # Rotate the order, so that no case always runs first (or right after another).
        shift = repetition % len(names)
        gc.collect()  # start each round with no garbage left over from the last
        for name in names[shift:] + names[:shift]:
            app, scope = cases[name]
            per_call[name].append(await dispatch(app, scope, sizes[name]) / sizes[name])
    return per_call


def time_interleaved(
    cases: Mapping[str, tuple[Any, dict[str, Any]]], repetitions: int, batch_seconds: float
) -> dict[str, list[float]]:
    """Seconds per call of each case, one value per repetition.

    Every repetition times every case once, one batch of about batch_seconds
    each, so a slow moment on the machine hits all the cases alike.
    """
    return asyncio.run(_interleaved(cases, repetitions, batch_seconds))


def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max of values."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def paired_ratios(
    top: list[float], bottom: list[float], key: Callable[[float], float] = lambda x: x
) -> dict[str, float]:
    """Spread of key(top[i]) / key(bottom[i]) over repetitions i."""
    return spread([key(a) / key(b) for a, b in zip(top, bottom, strict=True)])
