"""The apps under test, each answering one JSON GET route, and where to find them.

Parts 1-3 are their real sample apps. Parts 4 and 5 are apps with the same
route as Part 3's sample, written with their own part's API, with no
lifespan, no background task and no middleware. Parts 3-5, the raw apps and
every peer framework answer `GET /home` with the JSON body {"page":"home"};
Parts 1-2 cannot send data yet, so they answer their text "ok".

Every app is named by an import string, as a server takes it, so that each
server process imports only the app it serves (the peers are in peers.py).
Starlette and FastAPI come with the test group; the other peers only with
the bench group, which `make bench` installs.
"""

import importlib
import json
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Contender:
    """An app to measure: its import string, how to load it, what to GET."""

    target: str  # "module:attribute", as uvicorn and granian take it
    factory: bool = False  # the attribute builds the app when called
    path: str = PATH
    framework: bool = True  # ranked among the frameworks (not a raw floor)
    json: bool = True  # answers {"page":"home"}
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
        "part1.sample:app", path="/users", framework=False, json=False
    ),
    "part2": Contender("part2.sample:app", framework=False, json=False),
    "part3": Contender("part3.sample:app"),
    "part4": Contender(
        "benchmarks.apps:part4_app", factory=True, framework=False
    ),
    "part5": Contender(
        "benchmarks.apps:part5_app", factory=True, framework=False
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
PARTS = ["part3", "part4", "part5"]


def http_scope(path: str, method: str = "GET") -> dict[str, Any]:
    """The scope uvicorn builds for a bare `GET path`."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("ascii"),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
