"""Router scaling: the time to dispatch to the last route, and to a 404, as routes grow.

Part 6 and Starlette are timed on parameter routes too: the last of n
`/section-{i}/{item_id:int}` routes, requested with a matching path.
"""

import asyncio
from typing import Any

from .apps import http_scope
from .harness import check_status, paired_ratios, spread, time_interleaved
from .routers import BUILDERS, FRAMEWORKS, TARGETS, request_path, targets


def run(
    sizes: tuple[int, ...] = (10, 100, 1_000, 10_000),
    repetitions: int = 9,
    batch_seconds: float = 0.05,
) -> dict[str, Any]:
    """Seconds per request for each framework, target and size, and growth first -> last size."""
    cases = {}
    for framework in FRAMEWORKS:
        for size in sizes:
            apps = {}  # one app per kind of routes, shared by its targets
            for target in targets(framework):
                kind, status = TARGETS[target]
                if kind not in apps:
                    apps[kind] = BUILDERS[framework](size, kind)
                app, scope = (
                    apps[kind],
                    http_scope(request_path(target, size)),
                )
                asyncio.run(check_status(app, scope, status))
                cases[f"{framework}|{target}|{size}"] = (app, scope)
    per_call = time_interleaved(cases, repetitions, batch_seconds)
    seconds: dict[str, dict[str, dict[str, list[float]]]] = {}
    for key, values in per_call.items():
        framework, target, size = key.split("|")
        seconds.setdefault(framework, {}).setdefault(target, {})[size] = (
            values
        )
    first, last = str(sizes[0]), str(sizes[-1])
    return {
        "sizes": list(sizes),
        "repetitions": repetitions,
        "batch_seconds": batch_seconds,
        "seconds_per_request": {
            framework: {
                target: {
                    size: spread(values) for size, values in by_size.items()
                }
                for target, by_size in by_target.items()
            }
            for framework, by_target in seconds.items()
        },
        "samples": seconds,
        "growth": {
            framework: {
                target: paired_ratios(by_size[last], by_size[first])
                for target, by_size in by_target.items()
            }
            for framework, by_target in seconds.items()
        },
    }
