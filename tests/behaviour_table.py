"""One behaviour suite, run against every part, with each part's expected answer.

Each part's tests/partN/test_shared_behaviour.py runs the rows below for its part,
so `pytest tests/part2` checks Part 2 alone. A row says what a request gets
from the same small app built with each part: the limitations of Parts 1-2
are written down here next to the Part 3 answer that fixes them.
"""

import importlib
from typing import Any

import pytest

from tests.asgi import call, http_scope, response_of

PARTS = ("part1", "part2", "part3")


async def _no_args() -> None:
    """A Part 1 handler: takes nothing, returns nothing."""


async def _ignores_request(request_data: Any) -> None:
    """A Part 2 handler: the return value is ignored anyway."""


def build_app(part: str) -> Any:
    """The same three routes, built with the given part's API:
    GET /items, GET+POST /items/detail, and GET /a/b (so /a is a node with no handlers)."""
    app_module = importlib.import_module(f"{part}.app")
    app = app_module.App()
    if part == "part1":
        app.router.add_route("/items", _no_args)
        app.router.add_route("/items/detail", _no_args)
        app.router.add_route("/items/detail", _no_args, "POST")
        app.router.add_route("/a/b", _no_args)
        return app
    api = importlib.import_module(f"{part}.api_router").ApiRouter()
    methods = importlib.import_module(f"{part}.types").Methods
    if part == "part2":
        handler = _ignores_request
    else:
        responses = importlib.import_module("part3.http_responses")

        async def handler(request_data: Any) -> Any:
            return responses.OK_TEXTResponse("ok")

    api.get("/items")(handler)
    api.multi_methods("/items/detail", [methods.GET, methods.POST])(handler)
    api.get("/a/b")(handler)
    app.include_routes([api])
    return app


# Each row: (id, method, path, {part: (status, body)}). `None` as body: not checked.
HTTP_ROWS = [
    ("matched route", "GET", "/items", {p: (200, b"ok") for p in PARTS}),
    ("nested route", "POST", "/items/detail", {p: (200, b"ok") for p in PARTS}),
    ("unknown path", "GET", "/nope", {p: (404, None) for p in PARTS}),
    ("root with no route", "GET", "/", {p: (404, None) for p in PARTS}),
    (
        "node with no handlers",
        "GET",
        "/a",
        {p: (404, None) for p in PARTS},
    ),
    (
        "wrong method on a known path",
        "DELETE",
        "/items",
        {"part1": (404, b"not found"), "part2": (404, b"not found"), "part3": (405, None)},
    ),
    (
        "HEAD on a GET route",
        "HEAD",
        "/items",
        {"part1": (404, b"not found"), "part2": (404, b"not found"), "part3": (200, b"")},
    ),
    (
        "OPTIONS",
        "OPTIONS",
        "/items",
        {"part1": (404, b"not found"), "part2": (404, b"not found"), "part3": (405, None)},
    ),
    (
        "made-up method",
        "BREW",
        "/items",
        {"part1": (404, b"not found"), "part2": (404, b"not found"), "part3": (405, None)},
    ),
    (
        "trailing slash",
        "GET",
        "/items/",
        {"part1": (404, b"not found"), "part2": (404, b"not found"), "part3": (200, b"ok")},
    ),
    (
        "repeated slash",
        "GET",
        "//items",
        {"part1": (404, b"not found"), "part2": (404, b"not found"), "part3": (200, b"ok")},
    ),
    (
        "lower-case method",
        "get",
        "/items",
        {"part1": (404, b"not found"), "part2": (404, b"not found"), "part3": (405, None)},
    ),
]

# What a non-HTTP scope gets: the messages the app sends, given what it receives.
LIFESPAN_MESSAGES = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
OTHER_SCOPE_ROWS = [
    (
        "lifespan",
        {"type": "lifespan", "asgi": {"version": "3.0"}},
        LIFESPAN_MESSAGES,
        {
            # Parts 1-2 return at once, which servers accept as "no lifespan support".
            "part1": [],
            "part2": [],
            "part3": [
                {"type": "lifespan.startup.complete"},
                {"type": "lifespan.shutdown.complete"},
            ],
        },
    ),
    (
        "websocket",
        {"type": "websocket", "path": "/items", "headers": [], "query_string": b""},
        [{"type": "websocket.connect"}],
        {p: [{"type": "websocket.close", "code": 1000}] for p in PARTS},
    ),
]


def behaviour_tests(part: str):
    """The shared tests, for one part. Assign the results in a test module."""

    @pytest.mark.parametrize(
        ("method", "path", "expected"),
        [pytest.param(m, p, exp[part], id=name) for name, m, p, exp in HTTP_ROWS],
    )
    async def test_http_behaviour(method: str, path: str, expected: tuple) -> None:
        status, _headers, body = response_of(await call(build_app(part), http_scope(method, path)))
        expected_status, expected_body = expected
        assert status == expected_status
        if expected_body is not None:
            assert body == expected_body

    @pytest.mark.parametrize(
        ("scope", "incoming", "expected"),
        [pytest.param(s, i, exp[part], id=name) for name, s, i, exp in OTHER_SCOPE_ROWS],
    )
    async def test_other_scope_behaviour(scope: dict, incoming: list, expected: list) -> None:
        recorder = await call(build_app(part), scope, incoming)
        assert recorder.sent == expected

    return test_http_behaviour, test_other_scope_behaviour
