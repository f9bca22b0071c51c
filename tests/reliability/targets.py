"""The apps the properties run against, each with an oracle: what a request may get.

Every part's sample app is a target, plus the Part 3 probe app (tests/probes.py),
which exercises what the sample does not: streaming the body, reading JSON,
headers and the query string, handlers that raise or return something that is
not a response. An oracle returns the statuses a request may get, or NO_RESPONSE
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
from tests.probes import ROUTES, SECRET, probe
from tests.reliability.strategies import Request

NO_RESPONSE = "no response"
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
    "part3": {200, 400, 404, 405, 413, 500},
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
    share: float = 1.0  # of the hypothesis profile's max_examples (see below)


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


MAX_BODY_SIZE = 1_048_576  # Part 3's default: what get_body() reads at most

# How a Part 3 handler reads the body: not at all, as a stream, whole (get_body or
# get_json_body), or streamed and then asked for whole (a programming error).
NO_BODY, STREAM, WHOLE, STREAM_THEN_WHOLE = "no body", "stream", "whole", "stream, then whole"


@dataclass(frozen=True)
class _Part3Route:
    methods: frozenset[str]
    body: str = NO_BODY
    statuses: Callable[[Request], set[int]] = lambda request: {200}


def _declared_too_large(request: Request) -> bool:
    """Whether the content-length (repeats joined with ", ", as HTTP allows) is a
    number over the limit: get_body() refuses such a body before reading it."""
    values = [v.decode("latin-1") for n, v in request.headers if n.lower() == b"content-length"]
    declared = ", ".join(values)
    return declared.isdecimal() and int(declared) > MAX_BODY_SIZE


def _part3_oracle(routes: dict[tuple[str, ...], _Part3Route]) -> Callable[[Request], Expected]:
    def expect(request: Request) -> Expected:
        route = routes.get(request.segments)
        if route is None:
            return {404}
        if ("GET" if request.method == "HEAD" else request.method) not in route.methods:
            return {405}
        if route.body == WHOLE and _declared_too_large(request):
            return {413}  # refused before reading, so a disconnect is never seen
        if route.body != NO_BODY and request.body is None:
            return NO_RESPONSE
        return route.statuses(request)  # after streaming, get_body() is a 500, whatever the size

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
        frozenset({"GET", "POST"}), WHOLE, statuses=lambda r: json_statuses(r.body)
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


# --- The Part 3 probe (tests/probes.py): body reading, headers and failures ---

probe_app = probe("part3").app

_BOTH = frozenset({"GET", "POST"})
_POST = frozenset({"POST"})
PROBE_ROUTES = {
    ("items",): _Part3Route(_GET),
    ("a", "b"): _Part3Route(_GET),
    ("items", "detail"): _Part3Route(_BOTH),
    ("echo",): _Part3Route(frozenset({"POST", "PUT"}), WHOLE),
    ("json",): _Part3Route(_POST, WHOLE, statuses=lambda r: json_statuses(r.body)),
    ("stream",): _Part3Route(_BOTH, STREAM),
    ("stream-then-body",): _Part3Route(_POST, STREAM_THEN_WHOLE, statuses=lambda r: {500}),
    ("query",): _Part3Route(_GET),
    ("headers",): _Part3Route(_GET),
    ("boom",): _Part3Route(_BOTH, statuses=lambda r: {500}),
    ("boom-after-body",): _Part3Route(_POST, WHOLE, statuses=lambda r: {500}),
    ("not-a-response",): _Part3Route(_GET, statuses=lambda r: {500}),
    ("partial",): _Part3Route(_GET, statuses=lambda r: {500}),
    ("callable",): _Part3Route(_GET, statuses=lambda r: {500}),
    ("bad-request",): _Part3Route(_GET, statuses=lambda r: {400}),
    ("missing",): _Part3Route(_GET, statuses=lambda r: {404}),
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
    route = request.segments
    if route == ("missing",) and status == 404:
        assert body == b"No such user"
    else:
        _part3_common_checks(PROBE_ROUTES)(request, status, headers, body)
    assert SECRET.encode() not in body
    if status == 400:
        assert body in (JSON_ERRORS if route == ("json",) else {b"bad input"})
    if status == 413:
        assert body == b"Request body too large"
    if status != 200:
        return
    if route in {("items",), ("a", "b"), ("items", "detail")}:
        assert body == b"items"
    elif route == ("stream",):
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
        assert json.loads(body) == (json.loads(request.body) if request.body else None)
    else:
        assert body == b"plain"


# How many examples each target gets, as a share of the profile's max_examples.
# The apps of Parts 1 and 2 never read the body or the headers (Part 2's sample
# reads only the query string, through its extractor), so their answer depends on
# the method and the path alone: a small space that a quarter of the examples
# covers. Part 3's sample has four routes, one reading the body: half. The probe
# has every body-reading path and every failure: all of them.
SAMPLE_BEFORE_PART3, SAMPLE_PART3 = 0.25, 0.5

TARGETS = [
    Target(
        "part1-sample",
        "part1",
        part1.sample.app,
        ["/", "/users"],
        _exact_routes_oracle({("GET", "/"), ("GET", "/users")}),
        _ok_or_not_found,
        share=SAMPLE_BEFORE_PART3,
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
        share=SAMPLE_BEFORE_PART3,
    ),
    Target(
        "part3-sample",
        "part3",
        part3.sample.app,
        ["/", "/home", "/about", "/about/careers"],
        _part3_oracle(_SAMPLE3_ROUTES),
        _check_sample3,
        focus_paths=["/about/careers"],
        share=SAMPLE_PART3,
    ),
    Target(
        "part3-probe",
        "part3",
        probe_app,
        list(ROUTES),
        _part3_oracle(PROBE_ROUTES),
        _check_probe,
        focus_paths=["/stream", "/json", "/echo", "/boom-after-body", "/stream-then-body"],
    ),
]
