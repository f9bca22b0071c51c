"""What one middleware layer costs: the same route inside 0, 1, 5 and 10 layers.

Three kinds of layer, each passing every request through untouched:

- Part 5's framework middleware, a `BaseGlobalMiddleware` subclass;
- Starlette's `BaseHTTPMiddleware`, what FastAPI's `@app.middleware("http")`
  builds;
- a pure ASGI middleware class around Part 5's app, as the sample's
  `AccessLog` wraps it.

The apps run in process, interleaved, as in inprocess.py. Within each
repetition, a least-squares line through the layer counts gives the
cost of one layer, its slope; the spread of the slopes over repetitions is
the spread of the figure.
"""

import asyncio
import statistics
from typing import Any

from starlette.middleware import Middleware
from starlette.middleware.base import (
    BaseHTTPMiddleware,
    RequestResponseEndpoint,
)
from starlette.requests import Request
from starlette.responses import Response

from part5.http_responses import BaseHTTPResponse
from part5.middleware import BaseGlobalMiddleware, CallNext
from part5.request_data import RequestData
from part5.types import ASGIApp, Receive, Scope, Send

from .apps import PAGE, PATH, http_scope, part5_app, starlette_app
from .harness import (
    check_status,
    lifespan,
    paired_ratios,
    spread,
    time_interleaved,
)

LAYERS = (0, 1, 5, 10)


class PassThrough(BaseGlobalMiddleware):
    """Part 5: a framework middleware that hands the request on."""

    async def __call__(
        self, request_data: RequestData[Any, Any], call_next: CallNext
    ) -> BaseHTTPResponse:
        return await call_next(request_data)


class StarlettePassThrough(BaseHTTPMiddleware):
    """Starlette: the same, as a `BaseHTTPMiddleware`."""

    async def dispatch(
        self, request: Request, call_next: RequestResponseEndpoint
    ) -> Response:
        return await call_next(request)


class AsgiPassThrough:
    """A pure ASGI middleware: it calls the app it wraps."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        await self.app(scope, receive, send)


def part5_layers(layers: int) -> Any:
    """Part 5's app inside that many framework middlewares."""
    return part5_app([PassThrough() for _ in range(layers)])


def starlette_layers(layers: int) -> Any:
    """Starlette's app inside that many `BaseHTTPMiddleware`s."""
    return starlette_app(
        [Middleware(StarlettePassThrough) for _ in range(layers)]
    )


def asgi_layers(layers: int) -> Any:
    """Part 5's app, with no middleware, inside that many ASGI middlewares."""
    app = part5_app()
    for _ in range(layers):
        app = AsgiPassThrough(app)
    return app


# kind -> the builder of its app with n layers. Order is the order of the tables.
KINDS = {
    "part5": part5_layers,
    "starlette": starlette_layers,
    "asgi": asgi_layers,
}
# kind -> the app of APPS that is its app with no layer, built the same way.
BARE = {"part5": "part5", "starlette": "starlette", "asgi": "part5"}


def case(name: str) -> tuple[str, int]:
    """ "part5 x10" -> ("part5", 10): the names the instruction counts use."""
    kind, _, layers = name.partition(" x")
    if kind not in KINDS or not layers.isdigit():
        raise KeyError(name)
    return kind, int(layers)


def slope(layers: tuple[int, ...], values: list[float]) -> float:
    """The least-squares slope of values against layers: the cost of a layer."""
    return statistics.linear_regression(layers, values).slope


async def _check(app: Any, scope: dict[str, Any]) -> None:
    async with lifespan(app):
        await check_status(app, scope, 200, PAGE)


def run(
    repetitions: int = 15,
    batch_seconds: float = 0.1,
    layers: tuple[int, ...] = LAYERS,
    kinds: list[str] | None = None,
) -> dict[str, Any]:
    """Microseconds per request of every kind at every layer count, and per layer."""
    kinds = kinds or list(KINDS)
    scope = http_scope(PATH)
    cases = {
        f"{kind} x{n}": (KINDS[kind](n), scope)
        for kind in kinds
        for n in layers
    }
    for app, _ in cases.values():
        asyncio.run(_check(app, scope))
    per_call = time_interleaved(cases, repetitions, batch_seconds)
    micros = {
        name: [s * 1e6 for s in values] for name, values in per_call.items()
    }
    per_layer = {
        kind: [
            slope(layers, [micros[f"{kind} x{n}"][r] for n in layers])
            for r in range(repetitions)
        ]
        for kind in kinds
    }
    result: dict[str, Any] = {
        "repetitions": repetitions,
        "batch_seconds": batch_seconds,
        "layers": list(layers),
        "us_per_request": {
            kind: {str(n): spread(micros[f"{kind} x{n}"]) for n in layers}
            for kind in kinds
        },
        "us_per_layer": {
            kind: spread(values) for kind, values in per_layer.items()
        },
        "samples": micros,
    }
    if "starlette" in per_layer:
        # Per repetition, a kind's cost per layer over Starlette's: below 1, it costs less.
        starlette = per_layer["starlette"]
        result["over_starlette"] = {
            kind: paired_ratios(values, starlette)
            for kind, values in per_layer.items()
        }
    return result
