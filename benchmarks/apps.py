"""The apps under test, each answering one GET route.

Parts 1-3 are their real sample apps. Part 3 and Starlette answer the same
JSON body; Parts 1-2 cannot send data yet, so they answer their text "ok".
The raw ASGI app is the floor: no routing, just the two response messages.
"""

import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import part1.sample
import part2.sample
import part3.sample

PATH = "/home"  # a GET route of the Part 2 and Part 3 samples; Part 1 has "/users"
PAGE = {"page": "home"}


async def raw_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A hand-written ASGI app: the least any framework can do for a JSON GET."""
    if scope["type"] != "http":
        return
    body = json.dumps(PAGE, separators=(",", ":")).encode("utf-8")  # the same bytes as the others
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _starlette_home(request: Request) -> JSONResponse:
    return JSONResponse(PAGE)


starlette_app = Starlette(routes=[Route(PATH, _starlette_home)])

# name -> (app, path to GET). Order is the order of the tables.
APPS = {
    "raw ASGI": (raw_app, PATH),
    "part1": (part1.sample.app, "/users"),
    "part2": (part2.sample.app, PATH),
    "part3": (part3.sample.app, PATH),
    "starlette": (starlette_app, PATH),
}


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
