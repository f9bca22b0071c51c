"""The apps under test, each answering one JSON GET route, and where to find them.

Parts 1-3 are their real sample apps. Parts 4 to 7 are apps with the same
route as Part 3's sample, written with their own part's API, with no
lifespan, no background task and no middleware. Parts 3-7, the raw apps and
every peer framework answer `GET /home` with the JSON body {"page":"home"};
Parts 1-2 cannot send data yet, so they answer their text "ok". Part 6 also
has its own idiom (a handler that returns a dict), and a typed route beside
FastAPI's: `GET /users/42?limit=5&active=true`.

Every app is named by an import string, as a server takes it, so that each
server process imports only the app it serves (the peers are in peers.py).
Starlette and FastAPI come with the test group; the other peers only with
the bench group, which `make bench` installs.
"""

import importlib
import json
from dataclasses import dataclass, field
from typing import Any

PATH = "/home"  # a route of the Part 2 and 3 samples; Part 1 has "/users"
PAGE = {"page": "home"}

# Built once, as Part 3 builds its encoder: the same options, the same bytes.
_ENCODER = json.JSONEncoder(
    ensure_ascii=True,
    allow_nan=False,
    separators=(",", ":"),
    check_circular=False,
)


async def raw_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """By hand: the least any framework can do for a JSON GET."""
    if scope["type"] != "http":
        return
    body = _ENCODER.encode(PAGE).encode("ascii")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
    ]
    await send(
        {"type": "http.response.start", "status": 200, "headers": headers}
    )
    await send({"type": "http.response.body", "body": body})


_BODY = _ENCODER.encode(PAGE).encode("ascii")
_START = {
    "type": "http.response.start",
    "status": 200,
    "headers": [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(_BODY)).encode("ascii")),
    ],
}
_END = {"type": "http.response.body", "body": _BODY}


async def prebuilt_app(
    scope: dict[str, Any], receive: Any, send: Any
) -> None:
    """The same response, built at import: what is left is the server's."""
    if scope["type"] == "http":
        await send(_START)
        await send(_END)


def part4_app() -> Any:
    """Part 4: Part 3's sample route, with no lifespan and no task."""
    from part4.api_router import ApiRouter
    from part4.app import App
    from part4.http_responses import JsonResponse, OK_JSONResponse
    from part4.request_data import RequestData

    router = ApiRouter()

    @router.get(PATH)
    async def home(request_data: RequestData[Any, Any]) -> JsonResponse:
        return OK_JSONResponse({"page": "home"})

    app = App()
    app.include_routes([router])
    return app


def part5_app(middlewares: list[Any] | None = None) -> Any:
    """Part 5: the same route, inside middlewares (by default, none)."""
    from part5.api_router import ApiRouter
    from part5.app import App
    from part5.http_responses import JsonResponse, OK_JSONResponse
    from part5.request_data import RequestData

    router = ApiRouter()

    @router.get(PATH)
    async def home(request_data: RequestData[Any, Any]) -> JsonResponse:
        return OK_JSONResponse({"page": "home"})

    app = App(middlewares=middlewares)
    app.include_routes([router])
    return app


def part6_app() -> Any:
    """Part 6: the same route, the same handler, which its plan leaves to
    the chain to call (it takes the request and returns a response)."""
    from part6.api_router import ApiRouter
    from part6.app import App
    from part6.http_responses import JsonResponse, OK_JSONResponse
    from part6.request_data import RequestData

    router = ApiRouter()

    @router.get(PATH)
    async def home(request_data: RequestData[Any, Any]) -> JsonResponse:
        return OK_JSONResponse({"page": "home"})

    app = App()
    app.include_routes([router])
    return app


def part6_data_app() -> Any:
    """Part 6's own idiom: a handler that takes nothing and returns a dict."""
    from part6.api_router import ApiRouter
    from part6.app import App

    router = ApiRouter()

    @router.get(PATH)
    async def home() -> dict[str, str]:
        return {"page": "home"}

    app = App()
    app.include_routes([router])
    return app


def part7_app() -> Any:
    """Part 7: the same route as Part 6's, with Part 7's API."""
    from part7.api_router import ApiRouter
    from part7.app import App
    from part7.http_responses import JsonResponse, OK_JSONResponse
    from part7.request_data import RequestData

    router = ApiRouter()

    @router.get(PATH)
    async def home(request_data: RequestData[Any, Any]) -> JsonResponse:
        return OK_JSONResponse({"page": "home"})

    app = App()
    app.include_routes([router])
    return app


# A typed route: an int path parameter and two typed query parameters.
TYPED_PATH = "/users/42?limit=5&active=true"
TYPED_PAGE = {"user_id": 42, "limit": 5, "active": True}


def part6_typed_app() -> Any:
    """Part 6's typed route, as its sample writes one (FastAPI's twin is
    in peers.py)."""
    from part6.api_router import ApiRouter
    from part6.app import App

    router = ApiRouter()

    @router.get("/users/{user_id:int}")
    async def user(
        user_id: int, limit: int = 10, active: bool = False
    ) -> dict[str, Any]:
        return {"user_id": user_id, "limit": limit, "active": active}

    app = App()
    app.include_routes([router])
    return app


def starlette_app(middleware: list[Any] | None = None) -> Any:
    """Starlette, the toolkit under FastAPI: one route, the usual way,
    inside middleware (by default, none)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def home(request: Request) -> JSONResponse:
        return JSONResponse(PAGE)

    return Starlette(routes=[Route(PATH, home)], middleware=middleware)


def starlette_echo_app() -> Any:
    """Starlette's twin of Part 7's sample `/ws/echo`: each text message,
    sent back, until the client leaves (benchmarks/websocket_echo.py)."""
    from starlette.applications import Starlette
    from starlette.routing import WebSocketRoute
    from starlette.websockets import WebSocket

    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        async for text in websocket.iter_text():
            await websocket.send_text(text)

    return Starlette(routes=[WebSocketRoute("/ws/echo", echo)])


@dataclass(frozen=True)
class Contender:
    """An app to measure: its import string, how to load it, what to GET."""

    target: str  # "module:attribute", as uvicorn and granian take it
    factory: bool = False  # the attribute builds the app when called
    path: str = PATH
    framework: bool = True  # ranked among the frameworks (not a raw floor)
    # The JSON it answers; None: not JSON (Parts 1-2).
    page: Any = field(default_factory=lambda: PAGE)
    bench_group: bool = False  # its framework comes with the bench group only

    def load(self) -> Any:
        module, _, attribute = self.target.partition(":")
        app = getattr(importlib.import_module(module), attribute)
        return app() if self.factory else app


# name -> Contender. Order is the order of the tables.
APPS = {
    "prebuilt ASGI": Contender(
        "benchmarks.apps:prebuilt_app", framework=False
    ),
    "raw ASGI": Contender("benchmarks.apps:raw_app", framework=False),
    "part1": Contender(
        "part1.sample:app", path="/users", framework=False, page=None
    ),
    "part2": Contender("part2.sample:app", framework=False, page=None),
    "part3": Contender("part3.sample:app"),
    "part4": Contender(
        "benchmarks.apps:part4_app", factory=True, framework=False
    ),
    "part5": Contender(
        "benchmarks.apps:part5_app", factory=True, framework=False
    ),
    "part6": Contender(
        "benchmarks.apps:part6_app", factory=True, framework=False
    ),
    "part6 data": Contender(
        "benchmarks.apps:part6_data_app", factory=True, framework=False
    ),
    "part7": Contender(
        "benchmarks.apps:part7_app", factory=True, framework=False
    ),
    "part6 typed": Contender(
        "benchmarks.apps:part6_typed_app",
        factory=True,
        path=TYPED_PATH,
        framework=False,
        page=TYPED_PAGE,
    ),
    "fastapi typed": Contender(
        "benchmarks.peers:fastapi_typed_app",
        factory=True,
        path=TYPED_PATH,
        framework=False,
        page=TYPED_PAGE,
    ),
    "starlette": Contender("benchmarks.apps:starlette_app", factory=True),
    "fastapi": Contender("benchmarks.peers:fastapi_app", factory=True),
    "litestar": Contender(
        "benchmarks.peers:litestar_app", factory=True, bench_group=True
    ),
    "falcon": Contender(
        "benchmarks.peers:falcon_app", factory=True, bench_group=True
    ),
    "blacksheep": Contender(
        "benchmarks.peers:blacksheep_app", factory=True, bench_group=True
    ),
    "muffin": Contender(
        "benchmarks.peers:muffin_app", factory=True, bench_group=True
    ),
    "asgineer": Contender(
        "benchmarks.peers:asgineer_app", factory=True, bench_group=True
    ),
}
FRAMEWORKS = [name for name, contender in APPS.items() if contender.framework]
PEERS = [name for name in FRAMEWORKS if name != "part3"]
# The apps the test group can run, without the bench group.
WITHOUT_BENCH_GROUP = [
    name for name, contender in APPS.items() if not contender.bench_group
]
# The stages compared with Part 3: a later part joins its row of the targets
# and tables by being added here and to APPS, its app built like part5_app.
PARTS = ["part3", "part4", "part5", "part6", "part7"]
# Part 6's idiom for the same route (a context row beside the parts), and the
# typed route in Part 6 and in FastAPI.
IDIOM = "part6 data"
TYPED = ["part6 typed", "fastapi typed"]


def http_scope(target: str, method: str = "GET") -> dict[str, Any]:
    """The scope uvicorn builds for a bare `GET target`, a path with an
    optional query string: "/users/42?limit=5"."""
    path, _, query = target.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("ascii"),
        "query_string": query.encode("ascii"),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
