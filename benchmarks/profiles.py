"""Where Part 3's time goes: cProfile in process, and inside uvicorn's protocol.

In process, the profile covers Part 3 alone: many JSON GETs of its sample
app, driven in a loop. Inside uvicorn, its httptools protocol parses each
request from bytes and runs the app in a task, as the server does, so the
profile shows the server's own Python work next to the app's. In both, each
function's own time is kept; a built-in (a C function such as `str.encode`)
counts for the function that called it, so that the time lands with the code
that asked for the work.
"""

import asyncio
import cProfile
import pstats
from pathlib import Path
from typing import Any

from .apps import APPS, http_scope
from .harness import dispatch, lifespan

ROOT = Path(__file__).resolve().parents[1]
SITE_PACKAGES = "site-packages/"

Function = tuple[
    str, int, str
]  # (file name, line, name), as pstats keys them


def _name(function: Function) -> str:
    filename, line, name = function
    if (
        filename == "~"
    ):  # a built-in, such as "<method 'encode' of 'str' objects>"
        return name
    path = Path(filename).resolve()
    if SITE_PACKAGES in filename:  # uvicorn/protocols/http/httptools_impl.py
        shown = filename.split(SITE_PACKAGES, 1)[1]
    elif path.is_relative_to(ROOT):  # part3/app.py
        shown = path.relative_to(ROOT).as_posix()
    else:  # the standard library: json/encoder.py
        shown = Path(*path.parts[-2:]).as_posix()
    return f"{shown}:{line} {name}"


def group(function: Function) -> str:
    """The part of the stack a function belongs to, as the breakdown names it."""
    filename, _, name = function
    if filename == "~":
        if (
            "uvloop.loop.Loop" in name
        ):  # run_until_complete: the loop itself, in C
            return "event loop (uvloop, kernel)"
        if "write' of 'uvloop" in name:
            return "socket writes (kernel)"
        if "feed_data" in name:
            return "HTTP parsing (httptools)"
        return "built-in"
    path = Path(filename).as_posix()
    for marker, label in [
        ("/part3/", "Part 3"),
        ("/uvicorn/", "uvicorn (Python)"),
        ("/json/", "JSON encoding"),
        ("/asyncio/", "asyncio (Python)"),
    ]:
        if marker in path:
            return label
    return "other"


def _own_times(stats: dict[Function, Any]) -> dict[Function, float]:
    """Own seconds per function, with each plain built-in's time moved to its callers."""
    own: dict[Function, float] = {}
    for function, (_, _, tottime, _, callers) in stats.items():
        if group(function) != "built-in" or not callers:
            own[function] = own.get(function, 0.0) + tottime
            continue
        for caller, (_, _, caller_tottime, _) in callers.items():
            own[caller] = own.get(caller, 0.0) + caller_tottime
    return own


def _summarise(
    stats: dict[Function, Any],
    requests: int,
    rows: int,
    skip: str | None = None,
) -> dict[str, Any]:
    own = _own_times(stats)
    if skip is not None:
        own = {f: t for f, t in own.items() if not f[0].startswith(skip)}
    total = sum(own.values())
    groups: dict[str, float] = {}
    for function, seconds in own.items():
        groups[group(function)] = groups.get(group(function), 0.0) + seconds
    top = sorted(own.items(), key=lambda item: item[1], reverse=True)[:rows]
    calls = {function: row[0] for function, row in stats.items()}
    return {
        "requests": requests,
        "groups": {
            name: seconds / total
            for name, seconds in sorted(
                groups.items(), key=lambda item: -item[1]
            )
        },
        "functions": [
            {
                "function": _name(function),
                "group": group(function),
                "calls_per_request": calls.get(function, 0) / requests,
                "own_share": seconds / total,
            }
            for function, seconds in top
        ],
    }


def in_process(requests: int = 100_000, rows: int = 12) -> dict[str, Any]:
    """Profile requests in-process dispatches of Part 3's sample app."""
    app = APPS["part3"].load()
    scope = http_scope(APPS["part3"].path)
    profiler = cProfile.Profile()

    async def profiled() -> None:
        async with lifespan(app):
            profiler.enable()
            await dispatch(app, scope, requests)
            profiler.disable()

    asyncio.run(profiled())
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    # The loop that drives the app is ours, not Part 3's: leave it out.
    return _summarise(stats, requests, rows, skip=str(ROOT / "benchmarks"))


def under_uvicorn(requests: int = 50_000, rows: int = 14) -> dict[str, Any]:
    """Profile Part 3's sample app inside uvicorn's httptools protocol, on uvloop.

    The same path as in the server, from the parsing of the request bytes to
    the writes of the answer, with no socket: the profile has no wait in it,
    and no other process runs on a socket write (see protocol.py).
    """
    import uvloop  # with httptools, the bench group's

    from . import protocol

    app = APPS["part3"].load()
    profiler = cProfile.Profile()

    async def profiled() -> None:
        async with lifespan(app):
            server, state = protocol.uvicorn_protocol(app)
            request = protocol.request_bytes(APPS["part3"].path)
            await protocol.serve(server, state, request, 100)
            profiler.enable()
            await protocol.serve(server, state, request, requests)
            profiler.disable()

    uvloop.run(profiled())
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return _summarise(stats, requests, rows, skip=str(ROOT / "benchmarks"))
