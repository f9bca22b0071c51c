"""Memory to hold many routes: what tracemalloc sees allocated by building the app.

Static routes for Part 3, Part 6 and Starlette; parameter routes for Part 6
and Starlette (routers.py). Part 6's figure includes each handler's plan,
which it reads from the signature when the route is added.
"""

import gc
import re
import tracemalloc
from typing import Any

from .harness import paired_ratios, spread
from .routers import BUILDERS

# case -> (framework, kind of routes)
CASES = {
    "part3": ("part3", "static"),
    "part6": ("part6", "static"),
    "starlette": ("starlette", "static"),
    "part6 parameter": ("part6", "parameter"),
    "starlette parameter": ("starlette", "parameter"),
}
# The ratios reported: each part's app over Starlette's with the same routes.
RATIOS = {
    "part3 / starlette": ("part3", "starlette"),
    "part6 / starlette": ("part6", "starlette"),
    "part6 parameter / starlette parameter": (
        "part6 parameter",
        "starlette parameter",
    ),
}


def _bytes_to_build(case: str, routes: int) -> int:
    framework, kind = CASES[case]
    re.purge()  # else Starlette could reuse patterns compiled before tracing began
    gc.collect()
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        app = BUILDERS[framework](routes, kind)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        if started_here:
            tracemalloc.stop()
    del app
    return held


def run(routes: int = 10_000, repetitions: int = 3) -> dict[str, Any]:
    """Bytes each case's app holds for routes GET routes, and each part over Starlette."""
    held: dict[str, list[float]] = {case: [] for case in CASES}
    for _ in range(repetitions):
        for case in CASES:
            held[case].append(_bytes_to_build(case, routes))
    return {
        "routes": routes,
        "repetitions": repetitions,
        "bytes": {case: spread(values) for case, values in held.items()},
        "samples": held,
        "ratios": {
            name: paired_ratios(held[top], held[bottom])
            for name, (top, bottom) in RATIOS.items()
        },
    }
