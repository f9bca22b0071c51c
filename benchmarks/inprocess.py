"""In-process dispatch: requests per second of a JSON GET, with no server and no network."""

import asyncio
from typing import Any

from .apps import APPS, http_scope
from .harness import (
    check_status,
    lifespan,
    paired_ratios,
    spread,
    time_interleaved,
)


async def _check(app: Any, scope: dict[str, Any], page: Any) -> None:
    async with lifespan(app):
        await check_status(app, scope, 200, page)


def run(
    repetitions: int = 15,
    batch_seconds: float = 0.1,
    names: list[str] | None = None,
) -> dict[str, Any]:
    """Time every app of APPS on its GET route; return requests/s and the ratios."""
    names = names or list(APPS)
    cases = {
        name: (APPS[name].load(), http_scope(APPS[name].path))
        for name in names
    }
    for name, (app, scope) in cases.items():
        asyncio.run(_check(app, scope, APPS[name].page))
    per_call = time_interleaved(cases, repetitions, batch_seconds)
    per_second = {
        name: [1 / seconds for seconds in values]
        for name, values in per_call.items()
    }
    part3 = per_second["part3"]
    return {
        "repetitions": repetitions,
        "batch_seconds": batch_seconds,
        "requests_per_second": {
            name: spread(values) for name, values in per_second.items()
        },
        "samples": per_second,
        # Per repetition, Part 3's requests/s over each app's: above 1, Part 3 is faster.
        "part3_over": {
            name: paired_ratios(part3, values)
            for name, values in per_second.items()
        },
    }
