"""Memory to hold many routes: what tracemalloc sees allocated by building the app."""

import gc
import re
import tracemalloc
from typing import Any

from .harness import paired_ratios, spread
from .routers import BUILDERS, FRAMEWORKS


def _bytes_to_build(framework: str, routes: int) -> int:
    re.purge()  # else Starlette could reuse patterns compiled before tracing began
    gc.collect()
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        app = BUILDERS[framework](routes)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        if started_here:
            tracemalloc.stop()
    del app
    return held


def run(routes: int = 10_000, repetitions: int = 3) -> dict[str, Any]:
    """Bytes each framework's app holds for routes GET routes, and Part 3 / Starlette."""
    held: dict[str, list[float]] = {framework: [] for framework in FRAMEWORKS}
    for _ in range(repetitions):
        for framework in FRAMEWORKS:
            held[framework].append(_bytes_to_build(framework, routes))
    return {
        "routes": routes,
        "repetitions": repetitions,
        "bytes": {
            framework: spread(values) for framework, values in held.items()
        },
        "samples": held,
        "ratios": {
            "part3 / starlette": paired_ratios(
                held["part3"], held["starlette"]
            )
        },
    }
