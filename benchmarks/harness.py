"""Timing in-process: drive ASGI apps in a tight loop, interleaved, and summarise.

Each app gets a pre-built scope, a `receive` that returns one empty request
body, and a `send` that does nothing, so the loop measures the app alone.
"""

import asyncio
import contextlib
import functools
import gc
import json
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
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


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Run app's lifespan start-up, as a server does before the first request, and
    its shut-down on leaving. An app that returns at once has none (that is allowed)."""
    messages: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    answers: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    scope = {
        "type": "lifespan",
        "asgi": {"version": "3.0", "spec_version": "2.0"},
        "state": {},
    }
    task = asyncio.create_task(app(scope, messages.get, answers.put))

    async def step(message: str) -> None:
        await messages.put({"type": message})
        answer = asyncio.create_task(answers.get())
        await asyncio.wait(
            [task, answer], return_when=asyncio.FIRST_COMPLETED
        )
        if answer.done() and answer.result()["type"] != f"{message}.complete":
            raise RuntimeError(
                f"{app!r} answered {answer.result()} to {message}"
            )
        answer.cancel()

    await step("lifespan.startup")
    try:
        yield
    finally:
        if not task.done():
            await step("lifespan.shutdown")
        await task


async def check_status(
    app: Any,
    scope: dict[str, Any],
    status: int,
    page: dict[str, Any] | None = None,
) -> None:
    """Fail loudly if app does not answer scope with status, or, if page is
    given, with that JSON body: never time a broken app, or one that does
    less than the others."""
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, _receive, send)
    if not sent or sent[0].get("status") != status:
        raise RuntimeError(
            f"{app!r} answered {sent[:1]} to {scope['path']}, not {status}"
        )
    if page is not None:
        headers = {
            key.lower(): value for key, value in sent[0].get("headers", [])
        }
        body = b"".join(message.get("body", b"") for message in sent[1:])
        media_type = headers.get(b"content-type", b"").split(b";")[0]
        if media_type != b"application/json" or json.loads(body) != page:
            raise RuntimeError(
                f"{app!r} answered {media_type!r} {body!r}, not {page}"
            )


Runner = Callable[
    [int], Awaitable[float]
]  # runs n requests, returns the CPU seconds taken


async def calibrate(run: Runner, batch_seconds: float) -> int:
    """How many requests take about batch_seconds (at least one)."""
    n = 1
    while True:
        elapsed = await run(n)
        if elapsed >= batch_seconds / 4 or n >= 1_000_000:
            return max(1, round(n * batch_seconds / max(elapsed, 1e-9)))
        n *= 4


async def interleave(
    runners: Mapping[str, Runner],
    repetitions: int,
    batch_seconds: float,
    slices: int = 5,
) -> dict[str, list[float]]:
    """Seconds per request of each runner, one value per repetition.

    A repetition gives every runner about batch_seconds, cut into slices
    that take turns, so the runners measured in one repetition shared the
    same moments of the machine: a busy moment slows them all alike. The
    order rotates from one repetition to the next.
    """
    sizes = {
        name: await calibrate(run, batch_seconds / slices)
        for name, run in runners.items()
    }
    names = list(runners)
    per_request: dict[str, list[float]] = {name: [] for name in names}
    for repetition in range(repetitions):
        shift = repetition % len(names)
        order = names[shift:] + names[:shift]
        gc.collect()  # start each round with no garbage left over from the last
        taken = dict.fromkeys(names, 0.0)
        for _ in range(slices):
            for name in order:
                taken[name] += await runners[name](sizes[name])
        for name in names:
            per_request[name].append(taken[name] / (sizes[name] * slices))
    return per_request


async def _interleaved(
    cases: Mapping[str, tuple[Any, dict[str, Any]]],
    repetitions: int,
    batch_seconds: float,
) -> dict[str, list[float]]:
    async with contextlib.AsyncExitStack() as stack:
        for app in {id(app): app for app, _ in cases.values()}.values():
            await stack.enter_async_context(lifespan(app))
        runners = {
            name: functools.partial(dispatch, app, scope)
            for name, (app, scope) in cases.items()
        }
        return await interleave(runners, repetitions, batch_seconds)


def time_interleaved(
    cases: Mapping[str, tuple[Any, dict[str, Any]]],
    repetitions: int,
    batch_seconds: float,
) -> dict[str, list[float]]:
    """Seconds per call of each app on its scope, one value per repetition (see interleave)."""
    return asyncio.run(_interleaved(cases, repetitions, batch_seconds))


def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max of values."""
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def paired_ratios(
    top: list[float],
    bottom: list[float],
    key: Callable[[float], float] = lambda x: x,
) -> dict[str, float]:
    """Spread of key(top[i]) / key(bottom[i]) over repetitions i."""
    return spread([key(a) / key(b) for a, b in zip(top, bottom, strict=True)])
