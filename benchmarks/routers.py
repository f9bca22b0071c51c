"""Apps with many routes, built the same way for Part 3, Part 6 and Starlette.

Static route i is `/section-{i}/page`: every route differs in its first
segment, so the trie shares nothing between them, which is the least it can
save. Parameter route i is `/section-{i}/{item_id:int}` (Part 6 and
Starlette; Part 3 has no parameters), requested as `/section-{i}/42`.
"""

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import part3.api_router
import part3.app
import part3.http_responses
import part6.api_router
import part6.app
import part6.http_responses

from .apps import PAGE

FRAMEWORKS = ("part3", "part6", "starlette")
MISSING_PATH = "/missing/page"
# The routes each kind of app has, and the request each target sends.
KINDS = ("static", "parameter")
# target -> the kind of routes it is sent to, and the status it gets
TARGETS = {
    "last route": ("static", 200),
    "404": ("static", 404),
    "parameter route": ("parameter", 200),
}


def route_path(index: int, kind: str = "static") -> str:
    """The path of route index, as registered."""
    if kind == "parameter":
        return f"/section-{index}/{{item_id:int}}"
    return f"/section-{index}/page"


def request_path(target: str, routes: int) -> str:
    """What target requests from an app of routes routes: the last one."""
    if target == "404":
        return MISSING_PATH
    if target == "parameter route":
        return f"/section-{routes - 1}/42"
    return route_path(routes - 1)


def targets(framework: str) -> list[str]:
    """The requests a framework is timed on: Part 3 has no parameters."""
    if framework == "part3":
        return [t for t, (kind, _) in TARGETS.items() if kind == "static"]
    return list(TARGETS)


async def _part3_handler(
    request_data: Any,
) -> part3.http_responses.JsonResponse:
    return part3.http_responses.OK_JSONResponse(PAGE)


async def _part6_handler(
    request_data: Any,
) -> part6.http_responses.JsonResponse:
    return part6.http_responses.OK_JSONResponse(PAGE)


async def _part6_item(item_id: int) -> dict[str, Any]:
    return {"item_id": item_id}


async def _starlette_handler(request: Request) -> JSONResponse:
    return JSONResponse(PAGE)


async def _starlette_item(request: Request) -> JSONResponse:
    return JSONResponse({"item_id": request.path_params["item_id"]})


def part3_app(routes: int, kind: str = "static") -> part3.app.App:
    """A Part 3 App with GET routes 0 to routes-1, registered through an ApiRouter."""
    if kind != "static":
        raise ValueError("Part 3 has no path parameters")
    api_router = part3.api_router.ApiRouter()
    for index in range(routes):
        api_router.get(route_path(index))(_part3_handler)
    app = part3.app.App()
    app.include_routes([api_router])
    return app


def part6_app(routes: int, kind: str = "static") -> part6.app.App:
    """A Part 6 App with the same GET routes, static or with a parameter:
    each handler gets its plan, as any Part 6 handler does."""
    handler = _part6_item if kind == "parameter" else _part6_handler
    api_router = part6.api_router.ApiRouter()
    for index in range(routes):
        api_router.get(route_path(index, kind))(handler)
    app = part6.app.App()
    app.include_routes([api_router])
    return app


def starlette_app(routes: int, kind: str = "static") -> Starlette:
    """A Starlette app with the same GET routes (`{item_id:int}` is a
    Starlette convertor too)."""
    handler = _starlette_item if kind == "parameter" else _starlette_handler
    return Starlette(
        routes=[Route(route_path(i, kind), handler) for i in range(routes)]
    )


BUILDERS = {
    "part3": part3_app,
    "part6": part6_app,
    "starlette": starlette_app,
}
