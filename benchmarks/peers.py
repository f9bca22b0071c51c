"""The frameworks a reader might pick instead, each with the same JSON GET route.

Each builder imports its framework when it is called, so a server process
imports only the framework it serves. Each app is written the way the
framework's own documentation writes a JSON route, with default settings.
"""

import logging
from typing import Any

from .apps import PAGE, PATH


def fastapi_app() -> Any:
    from fastapi import FastAPI

    app = FastAPI()

    @app.get(PATH)
    async def home() -> dict[str, str]:
        return PAGE

    return app


def litestar_app() -> Any:
    from litestar import Litestar, get

    @get(PATH)
    async def home() -> dict[str, str]:
        return PAGE

    return Litestar(route_handlers=[home])


def falcon_app() -> Any:
    import falcon.asgi

    class Home:
        async def on_get(
            self, request: falcon.asgi.Request, response: falcon.asgi.Response
        ) -> None:
            response.media = PAGE

    app = falcon.asgi.App()
    app.add_route(PATH, Home())
    return app


def blacksheep_app() -> Any:
    from blacksheep import Application, json

    app = Application()

    @app.router.get(PATH)
    async def home() -> Any:
        return json(PAGE)

    return app


def muffin_app() -> Any:
    import muffin

    app = muffin.Application()

    @app.route(PATH, methods=["GET"])
    async def home(request: muffin.Request) -> dict[str, str]:
        return PAGE

    return app


def asgineer_app() -> Any:
    import asgineer

    # It logs its start-up at INFO, and Part 3's sample sends INFO to stderr.
    logging.getLogger("asgineer").setLevel(logging.WARNING)

    # asgineer has no router: a handler looks at the path itself.
    @asgineer.to_asgi
    async def app(request: asgineer.HttpRequest) -> Any:
        if request.path == PATH and request.method == "GET":
            return PAGE
        return 404, {}, "Not Found"

    return app


def fastapi_typed_app() -> Any:
    """The typed route of apps.part6_typed_app, as FastAPI's tutorial writes
    one: the path parameter's type from the annotation, the query parameters
    from the other arguments, and no response model."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/users/{user_id}")
    async def user(user_id: int, limit: int = 10, active: bool = False):
        return {"user_id": user_id, "limit": limit, "active": active}

    return app
