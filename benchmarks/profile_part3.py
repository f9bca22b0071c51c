"""Where Part 3's time goes: cProfile over many in-process JSON GETs of its sample app."""

import asyncio
import cProfile
import pstats
from pathlib import Path
from typing import Any

from .apps import APPS, http_scope
from .harness import dispatch

ROOT = Path(__file__).resolve().parents[1]


def _name(function: tuple[str, int, str]) -> str:
    filename, line, name = function
    if filename == "~":  # a built-in, such as "<method 'encode' of 'str' objects>"
        return name
    path = Path(filename).resolve()
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path(*path.parts[-2:])
    return f"{shown.as_posix()}:{line} {name}"


def run(requests: int = 100_000, rows: int = 12) -> dict[str, Any]:
    """Profile requests dispatches; return the top rows by own time, as shares of the total."""
    app, path = APPS["part3"]
    scope = http_scope(path)
    profiler = cProfile.Profile()

    async def profiled() -> None:
        profiler.enable()
        await dispatch(app, scope, requests)
        profiler.disable()

    asyncio.run(profiled())
    stats = pstats.Stats(profiler).stats  # {function: (calls, primitive, own, cumulative, _)}
    total = sum(own for _, _, own, _, _ in stats.values())
    # The loop that drives the app is ours, not Part 3's: leave it out of the table.
    stats = {f: row for f, row in stats.items() if not f[0].startswith(str(ROOT / "benchmarks"))}
    top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:rows]
    return {
        "requests": requests,
        "functions": [
            {
                "function": _name(function),
                "calls_per_request": calls / requests,
                "own_share": own / total,
                "cumulative_share": cumulative / total,
            }
            for function, (calls, _, own, cumulative, _) in top
        ],
    }
