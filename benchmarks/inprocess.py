"""In-process dispatch: requests per second of a JSON GET, with no server and no network."""

import asyncio
from typing import Any

from .apps import APPS, http_scope
from .harness import check_status, paired_ratios, spread, time_interleaved


def run(repetitions: int = 15, batch_seconds: float = 0.1) -> dict[str, Any]:
    """Time every app of APPS on its GET route; return requests/s and the ratios."""
    cases = {name: (app, http_scope(path)) for name, (app, path) in APPS.items()}
    for app, scope in cases.values():
        asyncio.run(check_status(app, scope, 200))
    per_call = time_interleaved(cases, repetitions, batch_seconds)
    per_second = {name: [1 / seconds for seconds in values] for name, values in per_call.items()}
    return {
        "repetitions": repetitions,
        "batch_seconds": batch_seconds,
        "requests_per_second": {name: spread(values) for name, values in per_second.items()},
        "samples": per_second,
        "ratios": {
            "part3 / starlette": paired_ratios(per_second["part3"], per_second["starlette"]),
            "part3 / raw ASGI": paired_ratios(per_second["part3"], per_second["raw ASGI"]),
        },
    }
