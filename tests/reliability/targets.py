"""The apps the properties run against, each with an oracle: what a request may get.

Every part's sample app is a target, plus `probe_app`, a Part 3 app built to
exercise what the sample does not: streaming the body, reading JSON, headers
and the query string, handlers that raise or return something that is not a
response. An oracle returns the statuses a request may get, or NO_RESPONSE
when the app must send nothing (the client left while the body was read).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import part1.sample
import part2.sample
import part3.sample
from part3.api_router import ApiRouter
from part3.app import App
from part3.exceptions import InvalidRequestDataException
from part3.http_responses import (
    BaseHTTPResponse,
    OK_JSONResponse,
    OK_TEXTResponse,
)
from part3.types import Methods
from tests.reliability.strategies import Request

NO_RESPONSE = "no response"
SECRET = "secret-detail-7f3a"  # what probe handlers raise with; it must never reach a client
GENERIC_500 = b"Internal Server Error"
JSON_ERRORS = {
    b"Request body is not valid JSON",
    b"Request body is not valid UTF-8",
    b"Request body is nested more than 100 levels deep",
}

# The statuses each stage can send at all.
STAGE_STATUSES = {
    "part1": {200, 404},
    "part2": {200, 404},
    "part3": {200, 400, 404, 405, 500},
}

Expected = set[int] | str
BodyCheck = Callable[[Request, int, dict[str, str], bytes], None]


def _no_body_check(request: Request, status: int, headers: dict[str, str], body: bytes) -> None:
    pass


@dataclass
class Target:
    """An app, the paths it knows (to aim requests at), and its oracle."""

    name: str
    part: str
    app: Any
    known_paths: list[str]
    expect: Callable[[Request], Expected]
    check_body: BodyCheck = field(default=_no_body_check)
    focus_paths: list[str] = field(default_factory=list)  # aimed at more often


# --- Parts 1 and 2: exact string matching, so the oracle is a set lookup ---


def _exact_routes_oracle(routes: set[tuple[str, str]]) -> Callable[[Request], Expected]:
    def expect(request: Request) -> Expected:
        return {200} if (request.method, request.path) in routes else {404}

    return expect


def _ok_or_not_found(request: Request, status: int, headers: dict[str, str], body: bytes) -> None:
    assert body == (b"ok" if status == 200 else b"not found")
    assert headers["content-type"] == "text/plain; charset=utf-8"


# --- Part 3: the router drops empty segments, HEAD uses GET, errors carry responses ---


def json_statuses(body: bytes) -> set[int]:
    """What get_json_body may lead to: 200 for JSON, 400 for anything that is not.

    NaN and Infinity are not JSON (RFC 8259), though Python's json accepts them.
    A number too big for a float, a lone surrogate escape or a leading BOM are
    corners where a framework may either accept or refuse: never a 500.
    """
    if not body:
        return {200}
    if body.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM: refusing it is fine too
        return json_statuses(body[3:]) | {400}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return {400}
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return {400}
    if _depth(value) > JSON_DEPTH_LIMIT:
        return {400}
    return {200, 400} if _has_corner(value) else {200}


JSON_DEPTH_LIMIT = 100  # Part 3 refuses lists and objects nested deeper


def _depth(value: Any) -> int:
    """How deep lists and dicts nest in value (a scalar is 0), walked with a stack."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, list | dict):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _has_corner(value: Any) -> bool:
    # A loop, not recursion: Python 3.13's json parses nesting deeper than the
    # interpreter's recursion limit, so a recursive walk would fail first.
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and item in (float("inf"), float("-inf")):
            return True
        if isinstance(item, str) and any("\ud800" <= ch <= "\udfff" for ch in item):
            return True
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
    return False


@dataclass(frozen=True)
class _Part3Route:
    methods: frozenset[str]
    reads_body: bool = False
    statuses: Callable[[Request], set[int]] = lambda request: {200}


def _part3_oracle(routes: dict[tuple[str, ...], _Part3Route]) -> Callable[[Request], Expected]:
    def expect(request: Request) -> Expected:
        route = routes.get(request.segments)
        if route is None:
            return {404}
        if ("GET" if request.method == "HEAD" else request.method) not in route.methods:
            return {405}
        if route.reads_body and request.body is None:
            return NO_RESPONSE
        return route.statuses(request)

    return expect


def _part3_common_checks(
    routes: dict[tuple[str, ...], _Part3Route],
) -> Callable[[Request, int, dict[str, str], bytes], None]:
    """Checks every Part 3 app's error responses must pass."""

    def check(request: Request, status: int, headers: dict[str, str], body: bytes) -> None:
        if status == 404:
            assert body == b"Not found"
        elif status == 405:
            methods = set(routes[request.segments].methods)
            if "GET" in methods:
                methods.add("HEAD")
            assert set(headers["allow"].split(", ")) == methods
        elif status == 500:
            assert body == GENERIC_500, body

    return check


# --- The samples ---


def _keep_single_values(params: dict[str, list[str]]) -> dict[str, Any]:
    return {key: values[0] if len(values) == 1 else values for key, values in params.items()}


def _parsed_query(request: Request) -> dict[str, list[str]]:
    raw = request.query_string.decode("utf-8", "replace")
    return parse_qs(raw, keep_blank_values=True, errors="replace")


_GET = frozenset({"GET"})
_SAMPLE3_ROUTES = {
    (): _Part3Route(_GET),
    ("home",): _Part3Route(_GET),
    ("about",): _Part3Route(_GET, statuses=lambda request: {500}),
    ("about", "careers"): _Part3Route(
        frozenset({"GET", "POST"}), reads_body=True, statuses=lambda r: json_statuses(r.body)
    ),
}


def _check_sample3(request: Request, status: int, headers: dict[str, str], body: bytes) -> None:
    _part3_common_checks(_SAMPLE3_ROUTES)(request, status, headers, body)
    if status == 200 and request.segments == ("about", "careers"):
        answer = json.loads(body)
        assert answer["query"] == _keep_single_values(_parsed_query(request))
        assert answer["body"] == request.body.decode("utf-8", "replace")
        if request.body:
            assert answer["json"] == json.loads(request.body)
        else:
            assert answer["json"] is None
    elif status == 200:
        assert json.loads(body) == {"page": "home"}


# --- A Part 3 app built to probe body reading, headers and failures ---

probes = ApiRouter()


@probes.multi_methods("/stream", [Methods.GET, Methods.POST])
async def stream(request_data):
    chunks = [chunk async for chunk in request_data.get_stream_body_bytes()]
    return OK_JSONResponse({"chunks": len(chunks), "length": sum(map(len, chunks))})


@probes.post("/json")
async def read_json(request_data):
    value = await request_data.get_json_body()
    await request_data.get_json_body()  # cached: a second read must not wait on receive()
    return OK_TEXTResponse(type(value).__name__)


@probes.multi_methods("/echo", [Methods.POST, Methods.PUT])
async def echo(request_data):
    return BaseHTTPResponse(await request_data.get_body())


@probes.get("/headers")
async def headers(request_data):
    return OK_JSONResponse(
        {
            "headers": await request_data.get_headers(),
            "token": await request_data.get_header_value("X-Token"),
        }
    )


@probes.get("/query")
async def query(request_data):
    return OK_JSONResponse(await request_data.get_query_string_params())


@probes.multi_methods("/raise", [Methods.GET, Methods.POST])
async def raise_at_once(request_data):
    raise RuntimeError(SECRET)


@probes.post("/raise-after-body")
async def raise_after_body(request_data):
    await request_data.get_body()
    raise ValueError(SECRET)


@probes.get("/not-a-response")
async def not_a_response(request_data):
    return {"detail": SECRET}


@probes.get("/bad-request")
async def bad_request(request_data):
    raise InvalidRequestDataException("bad input")


@probes.get("/deep/route/here")
@probes.get("/café/%")
async def plain(request_data):
    return OK_TEXTResponse("plain")


probe_app = App()
probe_app.include_routes([probes])

_POST = frozenset({"POST"})
_PROBE_ROUTES = {
    ("stream",): _Part3Route(frozenset({"GET", "POST"}), reads_body=True),
    ("json",): _Part3Route(_POST, reads_body=True, statuses=lambda r: json_statuses(r.body)),
    ("echo",): _Part3Route(frozenset({"POST", "PUT"}), reads_body=True),
    ("headers",): _Part3Route(_GET),
    ("query",): _Part3Route(_GET),
    ("raise",): _Part3Route(frozenset({"GET", "POST"}), statuses=lambda request: {500}),
    ("raise-after-body",): _Part3Route(_POST, reads_body=True, statuses=lambda r: {500}),
    ("not-a-response",): _Part3Route(_GET, statuses=lambda request: {500}),
    ("bad-request",): _Part3Route(_GET, statuses=lambda request: {400}),
    ("deep", "route", "here"): _Part3Route(_GET),
    ("café", "%"): _Part3Route(_GET),
}


def _model_headers(request: Request) -> dict[str, str]:
    model: dict[str, str] = {}
    for raw_name, raw_value in request.headers:
        name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
        model[name] = f"{model[name]}, {value}" if name in model else value
    return model


def _check_probe(request: Request, status: int, headers: dict[str, str], body: bytes) -> None:
    _part3_common_checks(_PROBE_ROUTES)(request, status, headers, body)
    assert SECRET.encode() not in body
    route = request.segments
    if status == 400:
        assert body in (JSON_ERRORS if route == ("json",) else {b"bad input"})
    if status != 200:
        return
    if route == ("stream",):
        assert json.loads(body) == {
            "chunks": sum(1 for chunk in request.chunks if chunk),
            "length": len(request.body),
        }
    elif route == ("echo",):
        assert body == request.body
    elif route == ("headers",):
        model = _model_headers(request)
        assert json.loads(body) == {"headers": model, "token": model.get("x-token")}
    elif route == ("query",):
        assert json.loads(body) == _parsed_query(request)
    elif route == ("json",):
        expected = type(json.loads(request.body)).__name__ if request.body else "NoneType"
        assert body == expected.encode()


TARGETS = [
    Target(
        "part1-sample",
        "part1",
        part1.sample.app,
        ["/", "/users"],
        _exact_routes_oracle({("GET", "/"), ("GET", "/users")}),
        _ok_or_not_found,
    ),
    Target(
        "part2-sample",
        "part2",
        part2.sample.app,
        ["/home", "/about", "/about/careers"],
        _exact_routes_oracle(
            {
                ("GET", "/home"),
                ("GET", "/about"),
                ("GET", "/about/careers"),
                ("POST", "/about/careers"),
            }
        ),
        _ok_or_not_found,
        focus_paths=["/about/careers"],
    ),
    Target(
        "part3-sample",
        "part3",
        part3.sample.app,
        ["/", "/home", "/about", "/about/careers"],
        _part3_oracle(_SAMPLE3_ROUTES),
        _check_sample3,
        focus_paths=["/about/careers"],
    ),
    Target(
        "part3-probes",
        "part3",
        probe_app,
        ["/" + "/".join(route) for route in _PROBE_ROUTES],
        _part3_oracle(_PROBE_ROUTES),
        _check_probe,
        focus_paths=["/stream", "/json", "/echo", "/raise-after-body"],
    ),
]
