"""One probe app per part: the same routes in every part, built with what that part offers.

`probe(part)` builds a fresh app. The behaviour table (tests/behaviours.py), the
property tests (tests/reliability) and the live fault tests all send their
requests to it, so a route means the same thing everywhere:

    GET /items                 answers the text `items` (Parts 1-2: "ok", as always)
    GET /a/b                   the same; it makes /a a node with no handlers
    GET, POST /items/detail    the same, for two methods
    POST, PUT /echo            reads the body whole, twice, and sends it back
    POST /json                 reads the body as JSON, twice, and sends the value back
    GET, POST /stream          streams the body; answers the number of chunks and bytes
    POST /stream-then-body     streams the body, then asks for it whole: a programming error
    GET /query                 the query string, as the handler sees it
    GET /headers               the headers, and the X-Token header looked up by name
    GET, POST /boom            raises RuntimeError(SECRET)
    POST /boom-after-body      reads the body, then raises ValueError(SECRET)
    GET /not-a-response        returns a dict, not a response
    GET /partial               the same, from a functools.partial
    GET /callable              the same, from an object with __call__
                               (Part 6 sends plain data as JSON: there, the first
                               two return a dict and a list, and /callable a set,
                               which JSON cannot carry)
    GET /bad-request           raises a 400 (Part 3's InvalidRequestDataException)
    GET /missing               raises a 404 with its own message (NotFoundException)
    GET /deep/route/here       answers `plain`, as does GET /café/%

Parts 1 and 2 cannot do most of this: their handlers answer nothing (the app
always says "ok"), and Part 1's take no arguments. Each probe handler writes
what it observed into `Probe.seen`, which is how Parts 1-2 report at all.
Parts 4 to 7 are built like Part 3: the same decorators and responses, and
handlers that take `request_data` as Parts 3-5 do, which the typed handlers of
Parts 6 and 7 still serve. (Part 7's streamed responses and WebSockets have no
route here, since every part registers the same paths: tests/part7 and the
reliability targets test them.)
"""

import functools
import importlib
from dataclasses import dataclass, field
from typing import Any

SECRET = "secret-detail-c0ffee"  # what probe handlers raise with; it must never reach a client

GET, POST, PUT = "GET", "POST", "PUT"
# path: methods. Every part registers exactly these.
ROUTES: dict[str, tuple[str, ...]] = {
    "/items": (GET,),
    "/a/b": (GET,),
    "/items/detail": (GET, POST),
    "/echo": (POST, PUT),
    "/json": (POST,),
    "/stream": (GET, POST),
    "/stream-then-body": (POST,),
    "/query": (GET,),
    "/headers": (GET,),
    "/boom": (GET, POST),
    "/boom-after-body": (POST,),
    "/not-a-response": (GET,),
    "/partial": (GET,),
    "/callable": (GET,),
    "/bad-request": (GET,),
    "/missing": (GET,),
    "/deep/route/here": (GET,),
    "/café/%": (GET,),
}


def stage(part: str) -> str:
    """The part a package is: "part3" for part3, and for a copy of it such as the
    Performance lab's "part3_faster"."""
    return part.split("_")[0]


def sends_plain_data(part: str) -> bool:
    """Whether part sends what a handler returns as JSON (Part 6 on), where Parts
    3-5 answer anything but a response with a 500."""
    return int(stage(part).removeprefix("part")) >= 6


@dataclass
class Probe:
    """A part's probe app, and what its handlers observed during the last requests."""

    part: str
    app: Any
    seen: dict[str, Any] = field(default_factory=dict)


class NotAResponse:
    """A handler that is an object with `__call__` (no `__qualname__` on the instance).
    Part 1 calls it with nothing, later parts with the request data."""

    def __init__(self, probe: Probe, value: Any) -> None:
        self.probe = probe
        self.value = value

    async def __call__(self, request_data: Any = None) -> Any:
        self.probe.seen.setdefault("calls", []).append("/callable")
        return self.value


def probe(part: str, **options: Any) -> Probe:
    """A fresh probe app for part ("part1", "part2", "part3", and later parts); options
    go to its App, such as Part 3's max_body_size."""
    app = importlib.import_module(f"{part}.app").App(**options)
    result = Probe(part, app)
    handlers = {"part1": _part1_handlers, "part2": _part2_handlers}.get(part, _part3_handlers)
    routes = handlers(result)
    assert routes.keys() == ROUTES.keys(), "every part registers the same paths"
    if part == "part1":
        for path, methods in ROUTES.items():
            for method in methods:
                app.router.add_route(path, routes[path], method)
    else:
        api = importlib.import_module(f"{part}.api_router").ApiRouter()
        for path, methods in ROUTES.items():
            api.multi_methods(path, list(methods))(routes[path])
        app.include_routes([api])
    return result


def _calls(probe: Probe, path: str) -> None:
    probe.seen.setdefault("calls", []).append(path)


def _part1_handlers(probe: Probe) -> dict[str, Any]:
    """Part 1: handlers take nothing and return nothing that matters."""

    def runs(path: str) -> Any:
        async def handler() -> None:
            _calls(probe, path)

        return handler

    async def boom() -> None:
        raise RuntimeError(SECRET)

    async def not_a_response() -> dict[str, str]:
        return {"detail": SECRET}

    async def answer_with(value: Any) -> Any:
        return value

    routes = {path: runs(path) for path in ROUTES}
    routes.update(
        {
            "/boom": boom,
            "/boom-after-body": boom,
            "/not-a-response": not_a_response,
            "/partial": functools.partial(answer_with, {"detail": SECRET}),
            "/callable": NotAResponse(probe, {"detail": SECRET}),
        }
    )
    return routes


def _part2_handlers(probe: Probe) -> dict[str, Any]:
    """Part 2: handlers get a RequestData with the query string, and nothing else."""

    def runs(path: str) -> Any:
        async def handler(request_data: Any) -> None:
            _calls(probe, path)

        return handler

    async def query(request_data: Any) -> None:
        probe.seen["query"] = await request_data.get_query_string_params()

    async def boom(request_data: Any) -> None:
        raise RuntimeError(SECRET)

    async def not_a_response(request_data: Any) -> dict[str, str]:
        return {"detail": SECRET}

    async def answer_with(value: Any, request_data: Any) -> Any:
        return value

    routes = {path: runs(path) for path in ROUTES}
    routes.update(
        {
            "/query": query,
            "/boom": boom,
            "/boom-after-body": boom,
            "/not-a-response": not_a_response,
            "/partial": functools.partial(answer_with, {"detail": SECRET}),
            "/callable": NotAResponse(probe, {"detail": SECRET}),
        }
    )
    return routes


def _part3_handlers(probe: Probe) -> dict[str, Any]:
    """Part 3 and later: handlers read the request and return the response."""
    part = probe.part
    r = importlib.import_module(f"{part}.http_responses")
    exceptions = importlib.import_module(f"{part}.exceptions")

    async def items(request_data: Any) -> Any:
        return r.OK_TEXTResponse("items")

    async def echo(request_data: Any) -> Any:
        body = await request_data.get_body()
        again = await request_data.get_body()  # kept: must not wait on receive() again
        return r.BaseHTTPResponse(body if body == again else b"the body changed")

    async def read_json(request_data: Any) -> Any:
        value = await request_data.get_json_body()
        await request_data.get_json_body()  # kept: must not wait on receive() again
        return r.JsonResponse(value)

    async def stream(request_data: Any) -> Any:
        chunks = lengths = 0
        try:
            async for chunk in request_data.get_stream_body_bytes():
                chunks, lengths = chunks + 1, lengths + len(chunk)
        finally:
            probe.seen["streamed"] = lengths  # also when the client leaves half-way
        return r.OK_JSONResponse({"chunks": chunks, "length": lengths})

    async def stream_then_body(request_data: Any) -> Any:
        async for _chunk in request_data.get_stream_body_bytes():
            pass
        return r.BaseHTTPResponse(await request_data.get_body())  # RuntimeError

    async def query(request_data: Any) -> Any:
        probe.seen["query"] = await request_data.get_query_string_params()
        return r.OK_JSONResponse(probe.seen["query"])

    async def headers(request_data: Any) -> Any:
        probe.seen["token"] = await request_data.get_header_value("X-Token")
        all_headers = await request_data.get_headers()
        return r.OK_JSONResponse({"headers": all_headers, "token": probe.seen["token"]})

    async def boom(request_data: Any) -> Any:
        raise RuntimeError(SECRET)

    async def boom_after_body(request_data: Any) -> Any:
        await request_data.get_body()
        raise ValueError(SECRET)

    # What a handler returns that is not a response. Parts 3-5 answer it with a
    # 500 that must not show it; Part 6 sends plain data as JSON, so its probe
    # returns plain data, and a set, which JSON cannot carry.
    returned = (
        ({"returned": "a dict"}, ["a", "list"], {"a set"})
        if sends_plain_data(part)
        else ({"detail": SECRET},) * 3
    )

    async def not_a_response(request_data: Any) -> Any:
        return returned[0]

    async def answer_with(value: Any, request_data: Any) -> Any:
        return value

    async def bad_request(request_data: Any) -> Any:
        raise exceptions.InvalidRequestDataException("bad input")

    async def missing(request_data: Any) -> Any:
        raise exceptions.NotFoundException("No such user")

    async def plain(request_data: Any) -> Any:
        return r.OK_TEXTResponse("plain")

    return {
        "/items": items,
        "/a/b": items,
        "/items/detail": items,
        "/echo": echo,
        "/json": read_json,
        "/stream": stream,
        "/stream-then-body": stream_then_body,
        "/query": query,
        "/headers": headers,
        "/boom": boom,
        "/boom-after-body": boom_after_body,
        "/not-a-response": not_a_response,
        "/partial": functools.partial(answer_with, returned[1]),
        "/callable": NotAResponse(probe, returned[2]),
        "/bad-request": bad_request,
        "/missing": missing,
        "/deep/route/here": plain,
        "/café/%": plain,
    }
