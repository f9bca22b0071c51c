"""Apps and routers with many routes, built the same way for Part 3 and Starlette.

Route i is `/section-{i}/page`: every route differs in its first segment, so
the trie shares nothing between them, which is the least it can save.
"""

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import part3.api_router
import part3.app
import part3.http_responses

from .apps import PAGE

FRAMEWORKS = ("part3", "starlette")
MISSING_PATH = "/missing/page"


def route_path(index: int) -> str:
    return f"/section-{index}/page"


async def _part3_handler(
    request_data: Any,
) -> part3.http_responses.JsonResponse:
    return part3.http_responses.OK_JSONResponse(PAGE)


async def _starlette_handler(request: Request) -> JSONResponse:
    return JSONResponse(PAGE)


def part3_app(routes: int) -> part3.app.App:
    """A Part 3 App with GET routes 0 to routes-1, registered through an ApiRouter."""
    api_router = part3.api_router.ApiRouter()
    for index in range(routes):
        api_router.get(route_path(index))(_part3_handler)
    app = part3.app.App()
    app.include_routes([api_router])
    return app


def starlette_app(routes: int) -> Starlette:
    """A Starlette app with the same GET routes."""
    return Starlette(
        routes=[
            Route(route_path(i), _starlette_handler) for i in range(routes)
        ]
    )


BUILDERS = {"part3": part3_app, "starlette": starlette_app}
