"""The apps the properties run against, each with an oracle: what a request may get.

The samples of Parts 1-3, 6 and 7 are targets, plus the Part 3 probe app
(tests/probes.py), which exercises what the sample does not: streaming the body,
reading JSON, headers and the query string, handlers that raise or return
something that is not a response; an app of typed handlers (below), built with
Part 6 and with Part 7, whose path templates, conversions and dataclass bodies
the oracle models on its own; and a Part 7 app of streamed responses, whose
client may leave between any two pieces. An oracle returns the statuses a
request may get, NO_RESPONSE when the app must send nothing (the client left
while the body was read), or a `Streamed` answer: the pieces of a streamed
response, of which a client that leaves may get only the first few.
"""

import asyncio
import dataclasses
import importlib
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

from hypothesis import reject
from hypothesis import strategies as st

import part1.sample
import part2.sample
import part3.sample
import part6.sample
import part7.sample
from part7.api_router import ApiRouter as Part7Router
from part7.app import App as Part7App
from part7.exceptions import (
    InvalidRequestDataException as Part7InvalidRequest,
)
from part7.http_responses import (
    EventStreamResponse,
    ServerSentEvent,
    StreamingResponse,
)
from tests.probes import ROUTES, SECRET, probe
from tests.reliability.strategies import (
    Request,
    json_field_values,
    typed_bodies,
    typed_queries,
)

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
    "part6": {200, 201, 202, 400, 404, 405, 413, 422, 500},
    "part7": {200, 201, 202, 400, 404, 405, 413, 422, 500},
}


@dataclass(frozen=True)
class Streamed:
    """A streamed answer: its status, and the body's pieces, each sent as an
    http.response.body of its own with more_body, then an empty last one. A
    client that leaves mid-stream gets the first few pieces, and no end."""

    status: int
    pieces: tuple[bytes, ...]

    @property
    def body(self) -> bytes:
        return b"".join(self.pieces)


Expected = set[int] | str | Streamed
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
    queries: st.SearchStrategy[bytes] | None = None  # for typed handlers
    bodies: st.SearchStrategy[bytes] | None = None
    routes: list[tuple[str, str]] = field(default_factory=list)  # (method, path), often
    # HEAD gets exactly GET's headers; not so where a header or a count varies
    # from one request to the next (a timing header, a visit counter).
    head_headers_as_get: bool = True
    # Whether the route a request reaches answers a GET with a stream when it
    # answers 200 (Part 7).
    streams: Callable[[Request], bool] = lambda request: False


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


# --- Part 6: path templates and typed handlers, modelled here on their own ---
#
# The oracle does not call Part 6's code: it resolves the templates, converts the
# texts and checks the JSON bodies by the rules SPEC 3c states, and predicts the
# exact answer, 422s included.

INT_MAX_DIGITS = sys.get_int_max_str_digits() or sys.maxsize  # what int() converts
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)
_MESSAGES = {
    "missing": "Field required",
    "int_parsing": "Input should be a valid integer, unable to parse string as an integer",
    "int_parsing_size": "Unable to parse input string as an integer, exceeded maximum size",
    "float_parsing": "Input should be a valid number, unable to parse string as a number",
    "bool_parsing": "Input should be a valid boolean, unable to interpret input",
    "finite_number": "Input should be a finite number",
    "string_type": "Input should be a valid string",
    "int_type": "Input should be a valid integer",
    "int_from_float": "Input should be a valid integer, got a number with a fractional part",
    "float_type": "Input should be a valid number",
    "bool_type": "Input should be a valid boolean",
    "list_type": "Input should be a valid list",
    "dataclass_type": "Input should be a dictionary or an instance of {}",
}


class _Refused(Exception):
    def __init__(self, kind: str) -> None:
        self.kind = kind


def _entry(kind: str, loc: list[Any], value: Any, class_name: str = "") -> dict[str, Any]:
    entry = {"type": kind, "loc": loc, "msg": _MESSAGES[kind].format(class_name), "input": value}
    return {**entry, "ctx": {"class_name": class_name}} if class_name else entry


def _from_text(kind: type, text: str) -> Any:
    """A query or path text as kind, by SPEC 3c's rules, or _Refused."""
    if kind is int:
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise _Refused("int_parsing")
        if len(text.lstrip("+-")) > INT_MAX_DIGITS:
            raise _Refused("int_parsing_size")
        return int(text)
    if kind is float:
        if _NOT_FINITE.fullmatch(text):
            raise _Refused("finite_number")
        if not _DECIMAL.fullmatch(text):
            raise _Refused("float_parsing")
        if float(text) in (float("inf"), float("-inf")):
            raise _Refused("finite_number")  # 1e400
        return float(text)
    if kind is bool:
        words = {"true": True, "1": True, "yes": True, "on": True}
        words.update({"false": False, "0": False, "no": False, "off": False})
        if text.lower() not in words:
            raise _Refused("bool_parsing")
        return words[text.lower()]
    return text


def _query_values(
    request: Request, params: list[tuple[str, Any, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The values of query parameters (name, type, default), and the errors.
    A type `list[X]` is written [X]; the last of a repeated key counts."""
    query = _parsed_query(request)
    values: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for name, kind, default in params:
        texts = query.get(name, [])
        if not texts:
            values[name] = default
            continue
        loc: list[Any] = ["query", name]
        items = [(text, [*loc, index]) for index, text in enumerate(texts)]
        if not isinstance(kind, list):
            items = [(texts[-1], loc)]
        converted = []
        for text, where in items:
            try:
                converted.append(_from_text(kind[0] if isinstance(kind, list) else kind, text))
            except _Refused as refused:
                errors.append(_entry(refused.kind, where, text))
        if isinstance(kind, list):
            values[name] = converted
        elif converted:
            values[name] = converted[0]
    return values, errors


def _json_value(shape: Any, value: Any, loc: list[Any], errors: list[Any]) -> Any:
    """A JSON value checked against shape: a type, `[shape]` for a list,
    `(shape, None)` for `shape | None`, or a dataclass; JSON types kept."""
    if isinstance(shape, tuple):
        return None if value is None else _json_value(shape[0], value, loc, errors)
    if isinstance(shape, list):
        if not isinstance(value, list):
            errors.append(_entry("list_type", loc, value))
            return None
        return [_json_value(shape[0], item, [*loc, i], errors) for i, item in enumerate(value)]
    if dataclasses.is_dataclass(shape):
        if not isinstance(value, dict):
            errors.append(_entry("dataclass_type", loc, value, shape.__name__))
            return None
        result = {}
        for item in dataclasses.fields(shape):
            where = [*loc, item.name]
            if item.name in value:
                result[item.name] = _json_value(
                    _FIELD_SHAPES[shape][item.name], value[item.name], where, errors
                )
            elif item.default is not dataclasses.MISSING:
                result[item.name] = item.default
            elif item.default_factory is not dataclasses.MISSING:
                result[item.name] = item.default_factory()
            else:
                errors.append(_entry("missing", where, value))
        return result
    if shape is str:
        if not isinstance(value, str):
            errors.append(_entry("string_type", loc, value))
        return value
    if shape is bool:
        if not isinstance(value, bool):
            errors.append(_entry("bool_type", loc, value))
        return value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if shape is int:
        if not number:
            errors.append(_entry("int_type", loc, value))
        elif value != int(value):
            errors.append(_entry("int_from_float", loc, value))
        else:
            return int(value)
        return None
    try:
        if number:
            return float(value)
    except OverflowError:  # an integer past the largest float
        pass
    errors.append(_entry("float_type", loc, value))
    return None


NOT_JSON = object()
JSON_INVALID = {"type": "json_invalid"}  # its position and reason are Python's


def _part6_json(body: bytes) -> Any:
    """What get_json_body() makes of a body, or NOT_JSON where it answers 400:
    not UTF-8, not JSON, NaN or Infinity, a number past the largest float, a
    BOM (which Python's json refuses in text), nesting deeper than 100."""
    if not body:
        return None
    if body.startswith(b"\xef\xbb\xbf") or json_statuses(body) == {400}:
        return NOT_JSON
    value = json.loads(body)
    return NOT_JSON if _has_infinity(value) else value


def _has_infinity(value: Any) -> bool:
    """Whether a number in value was too big for a float (1e999 reads as inf)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and item in (float("inf"), float("-inf")):
            return True
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return False


def _json_body(request: Request, shape: type, loc: list[Any], errors: list[Any]) -> Any:
    """The body as shape: missing when empty, json_invalid when not JSON."""
    if not request.body:
        errors.append(_entry("missing", loc, None))
        return None
    value = _part6_json(request.body)
    if value is NOT_JSON:
        errors.append(JSON_INVALID)
        return None
    return _json_value(shape, value, loc, errors)


def _check_422_detail(detail: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    if not expected or expected[-1] != JSON_INVALID:
        assert detail == expected, (detail, expected)
        return
    *exact, _ = expected  # the body comes last
    assert detail[:-1] == exact, (detail, expected)
    entry = detail[-1]
    assert (entry["type"], entry["loc"][0]) == ("json_invalid", "body")
    assert entry["msg"] == "JSON decode error"
    assert isinstance(entry["loc"][1], int) and len(entry["loc"]) == 2
    assert entry["input"] == {} and isinstance(entry["ctx"]["error"], str)


@dataclass(frozen=True)
class _Part6Route:
    """A route as the oracle sees it: its methods, whether it reads the body,
    and what a request that reaches it gets: the statuses it may answer, and
    the body parsed from JSON, a 422's detail, or a check of the body."""

    methods: frozenset[str]
    answer: Callable[[Request, tuple[str, ...]], tuple[set[int], Any]]
    reads_body: bool = False


def _part6_oracle(
    resolve: Callable[[tuple[str, ...]], _Part6Route | None],
) -> tuple[Callable[[Request], Expected], BodyCheck]:
    """The expected statuses, and the body check, from a route resolver."""

    def expect(request: Request) -> Expected:
        route = resolve(request.segments)
        if route is None:
            return {404}
        if ("GET" if request.method == "HEAD" else request.method) not in route.methods:
            return {405}
        if route.reads_body and _declared_too_large(request):
            return {413}
        if route.reads_body and request.body is None:
            return NO_RESPONSE
        statuses, answer = route.answer(request, request.segments)
        streamed = isinstance(answer, Streamed) and request.method != "HEAD"
        if streamed and request.body is None:  # the client leaves while it streams
            return answer
        return statuses

    def check(request: Request, status: int, headers: dict[str, str], body: bytes) -> None:
        route = resolve(request.segments)
        if status == 404:
            assert body == b"Not found"
        elif status == 405:
            methods = set(route.methods) | ({"HEAD"} if "GET" in route.methods else set())
            assert set(headers["allow"].split(", ")) == methods
        elif status == 413:
            assert body == b"Request body too large"
        elif status in (200, 201, 202, 400, 422):
            _statuses, expected = route.answer(request, request.segments)
            if status == 422:
                _check_422_detail(json.loads(body)["detail"], expected)
            elif isinstance(expected, Streamed):
                assert "content-length" not in headers
                assert body == expected.body
            elif callable(expected):
                expected(status, body)
            else:
                assert json.loads(body) == expected, (body, expected)

    return expect, check


def _digits(segment: str) -> bool:
    """What `{name:int}` takes: ASCII digits, as many as int() converts."""
    return segment.isascii() and segment.isdecimal() and len(segment) <= INT_MAX_DIGITS


def _rest(request: Request, prefix: str) -> str:
    """What `{rest:path}` after /prefix takes: the rest, as it arrived."""
    return re.fullmatch(rf"/*{prefix}/(.*)", request.path, re.DOTALL)[1]


def _typed_answer(values: dict[str, Any], errors: list[Any], status: int = 200) -> Any:
    return ({422}, errors) if errors else ({status}, values)


# The samples of Parts 6 and 7 (part6/sample.py, part7/sample.py), served with the
# lifespan state their /visits needs, as a server with lifespan support gives every
# request.


def _with_state(sample: ModuleType) -> Any:
    state = {"visits": sample.VisitCounter()}
    app = sample.app

    async def serve(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await app({**scope, "state": dict(state)}, receive, send)

    return serve


def _sample6_careers(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
    def check(status: int, body: bytes) -> None:
        if status == 400:
            assert body in JSON_ERRORS
        else:
            _check_sample3(request, status, {}, body)

    return ({400} if _part6_json(request.body) is NOT_JSON else {200}), check


def _sample6_signup(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
    value = _part6_json(request.body)
    ok = isinstance(value, dict) and isinstance(value.get("email"), str)

    def check(status: int, body: bytes) -> None:
        if status == 400:
            assert body in {*JSON_ERRORS, b'Send {"email": "..."}'}
        else:
            assert json.loads(body) == {"queued": "welcome"}

    return ({202} if ok else {400}), check


def _sample6_user(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
    values, errors = _query_values(request, [("limit", int, 10), ("verbose", bool, False)])
    return _typed_answer({"user_id": int(segments[1]), **values}, errors)


def _new_user(sample: ModuleType) -> Callable[[Request, tuple[str, ...]], tuple[set[int], Any]]:
    """POST /users of a sample: its NewUser body, answered with a 201."""

    def answer(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
        errors: list[Any] = []
        user = _json_body(request, sample.NewUser, ["body"], errors)

        def created(status: int, body: bytes) -> None:
            answer = json.loads(body)
            assert isinstance(answer.pop("id"), int)
            assert answer == user

        return ({422}, errors) if errors else ({201}, created)

    return answer


_GET6 = frozenset({"GET"})


def _counted(status: int, body: bytes) -> None:
    visits = json.loads(body)["visits"]
    assert isinstance(visits, int) and visits >= 1


def _sample_resolver(sample: ModuleType) -> Callable[[tuple[str, ...]], _Part6Route | None]:
    """The routes of Part 6's sample, as the sample module given has them."""
    new_user = _new_user(sample)

    def resolve(segments: tuple[str, ...]) -> _Part6Route | None:
        return _resolve_sample6(segments, new_user)

    return resolve


def _resolve_sample6(
    segments: tuple[str, ...], new_user: Callable[[Request, tuple[str, ...]], Any]
) -> _Part6Route | None:
    static = {
        (): _Part6Route(_GET6, lambda r, s: ({200}, {"page": "home"})),
        ("home",): _Part6Route(_GET6, lambda r, s: ({200}, {"page": "home"})),
        ("visits",): _Part6Route(_GET6, lambda r, s: ({200}, _counted)),
        ("signup",): _Part6Route(frozenset({"POST"}), _sample6_signup, reads_body=True),
        ("about",): _Part6Route(_GET6, lambda r, s: ({200}, None)),
        ("about", "careers"): _Part6Route(_BOTH, _sample6_careers, reads_body=True),
        ("users",): _Part6Route(frozenset({"POST"}), new_user, reads_body=True),
    }
    if segments in static:
        return static[segments]
    if len(segments) == 2 and segments[0] == "users" and _digits(segments[1]):
        return _Part6Route(_GET6, _sample6_user)
    if len(segments) >= 2 and segments[0] == "files":
        return _Part6Route(_GET6, lambda r, s: ({200}, {"path": _rest(r, "files")}))
    return None


# An app of typed handlers: every converter, every query type, a static route
# beside a parameter, backtracking, a nested dataclass body, a 201, and a
# handler of Parts 1-5.


@dataclass
class Line:
    sku: str
    quantity: int = 1


@dataclass
class Order:
    customer: str
    lines: list[Line]
    total: float
    gift: bool = False
    note: str | None = None
    codes: list[int] = field(default_factory=list)


_FIELD_SHAPES: dict[type, dict[str, Any]] = {
    Line: {"sku": str, "quantity": int},
    Order: {
        "customer": str,
        "lines": [Line],
        "total": float,
        "gift": bool,
        "note": (str, None),
        "codes": [int],
    },
    part6.sample.NewUser: {"name": str, "email": str, "age": (int, None)},
    part7.sample.NewUser: {"name": str, "email": str, "age": (int, None)},
}


def _typed_app(part: str) -> Any:
    """The typed handlers, built with part's ApiRouter and App (Parts 6-7)."""
    api = importlib.import_module(f"{part}.api_router").ApiRouter()
    ok_json = importlib.import_module(f"{part}.http_responses").OK_JSONResponse

    @api.get("/orders/{order_id:int}")
    async def show_order(
        order_id: int,
        limit: int = 10,
        ratio: float | None = None,
        flag: bool = False,
        ids: list[int] | None = None,
        q: str = "",
    ) -> dict[str, Any]:
        return {
            "order_id": order_id,
            "limit": limit,
            "ratio": ratio,
            "flag": flag,
            "ids": ids,
            "q": q,
        }

    @api.get("/orders/latest")
    async def latest(request_data: Any) -> Any:
        return ok_json({"latest": True})

    @api.post("/orders", status_code=201)
    async def create(order: Order, dry_run: bool = False) -> dict[str, Any]:
        assert all(isinstance(line, Line) for line in order.lines)
        return {**dataclasses.asdict(order), "dry_run": dry_run}

    @api.get("/users/me/profile")
    async def profile() -> str:
        return "me"

    @api.get("/users/{name}/orders/{order_id:int}")
    async def user_order(order_id: int, name: str) -> list[Any]:
        return [name, order_id]

    @api.get("/files/{rest:path}")
    async def show_file(rest):  # unannotated: a str
        return rest

    app = importlib.import_module(f"{part}.app").App()
    app.include_routes([api])
    return app


def _typed_order(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
    names = [("limit", int, 10), ("ratio", float, None), ("flag", bool, False)]
    values, errors = _query_values(request, [*names, ("ids", [int], None), ("q", str, "")])
    return _typed_answer({"order_id": int(segments[1]), **values}, errors)


def _typed_create(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
    values, errors = _query_values(request, [("dry_run", bool, False)])
    order = _json_body(request, Order, ["body"], errors)
    return _typed_answer({**(order or {}), **values}, errors, 201)


def _resolve_typed(segments: tuple[str, ...]) -> _Part6Route | None:
    match segments:
        case ("orders",):
            return _Part6Route(frozenset({"POST"}), _typed_create, reads_body=True)
        case ("orders", "latest"):
            return _Part6Route(_GET6, lambda r, s: ({200}, {"latest": True}))
        case ("orders", order_id) if _digits(order_id):
            return _Part6Route(_GET6, _typed_order)
        case ("users", "me", "profile"):
            return _Part6Route(_GET6, lambda r, s: ({200}, "me"))
        case ("users", _name, "orders", order_id) if _digits(order_id):  # "me" too
            return _Part6Route(_GET6, lambda r, s: ({200}, [s[1], int(s[3])]))
        case ("files", _, *_):
            return _Part6Route(_GET6, lambda r, s: ({200}, _rest(r, "files")))
    return None


# The Part 7 sample: Part 6's routes, /chat, and /events, a countdown of Server-Sent
# Events (its WebSocket routes are not HTTP routes: a 404). The countdown sleeps
# `every` seconds between events: the routed requests send every=0 or a value it
# refuses (_SAMPLE7_QUERIES), and the oracle turns away any other request that
# would wait longer than the property's timeout.

COUNTDOWN_WAIT = 0.2  # seconds a countdown may take in process, at most
_EVENTS_RANGE = b"start: 1 to 100; every: 0 to 60"


def _countdown(start: int) -> tuple[bytes, ...]:
    """The events of /events?start=..., as the HTML standard encodes them."""
    ticks = [f"event: tick\nid: {n}\ndata: {n}\n\n".encode() for n in range(start, 0, -1)]
    return (*ticks, b"event: done\ndata: liftoff\n\n")


def _sample7_events(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
    values, errors = _query_values(request, [("start", int, 3), ("every", float, 1.0)])
    if errors:
        return {422}, errors
    start, every = values["start"], values["every"]
    if not (1 <= start <= 100 and 0 <= every <= 60):

        def out_of_range(status: int, body: bytes) -> None:
            assert body == _EVENTS_RANGE

        return {400}, out_of_range
    if start * every > COUNTDOWN_WAIT:
        reject()  # a real countdown: too slow for an in-process property
    return {200}, Streamed(200, _countdown(start))


def _chat_page(status: int, body: bytes) -> None:
    assert body == part7.sample.CHAT_PAGE.encode()


_resolve_sample6_routes = _sample_resolver(part6.sample)
_resolve_sample7_routes = _sample_resolver(part7.sample)


def _resolve_sample7(segments: tuple[str, ...]) -> _Part6Route | None:
    if segments == ("chat",):
        return _Part6Route(_GET6, lambda r, s: ({200}, _chat_page))
    if segments == ("events",):
        return _Part6Route(_GET6, _sample7_events)
    return _resolve_sample7_routes(segments)


_sample6_expect, _sample6_check = _part6_oracle(_resolve_sample6_routes)
_sample7_expect, _sample7_check = _part6_oracle(_resolve_sample7)
_typed_expect, _typed_check = _part6_oracle(_resolve_typed)
# The route resolvers of the templated apps, by target (a test checks them against
# each app's router).
RESOLVERS = {
    "part6-sample": _resolve_sample6_routes,
    "part6-typed": _resolve_typed,
    "part7-sample": _resolve_sample7,
    "part7-typed": _resolve_typed,
}

# Texts each query parameter's type accepts or refuses, the corners included.
_NUMBERS = ["1", "-2", "+3", "007", "4.0", "1_0", " 7", "7 ", "", "x", "\u0661", "1" * 4301]
_FLOATS = ["1.5", ".5", "5.", "1e3", "nan", "-inf", "Infinity", "1e400", "0x1", "\uff11"]
_BOOLS = ["true", "False", "1", "0", "yes", "NO", "on", "Off", "t", "y", "2", ""]
_SAMPLE6_QUERIES = typed_queries({"limit": _NUMBERS, "verbose": _BOOLS})
_TYPED_QUERIES = typed_queries(
    {
        "limit": _NUMBERS,
        "ratio": _NUMBERS + _FLOATS,
        "flag": _BOOLS,
        "ids": _NUMBERS,
        "q": ["", "x"],
        "dry_run": _BOOLS,
    }
)
_TEXT = st.text(max_size=6)
_LINE = st.fixed_dictionaries(
    {"sku": _TEXT}, optional={"quantity": st.integers() | json_field_values}
)
_ORDERS = typed_bodies(
    {
        "customer": _TEXT,
        "lines": st.lists(_LINE, max_size=3) | st.lists(_LINE | json_field_values, max_size=3),
        "total": st.floats(allow_nan=False, allow_infinity=False) | st.integers(),
        "gift": st.booleans(),
        "note": st.none() | _TEXT,
        "codes": st.lists(st.integers(), max_size=3),
    },
    required=["customer", "lines", "total"],
)
_NEW_USERS = typed_bodies(
    {"name": _TEXT, "email": _TEXT, "age": st.none() | st.integers()},
    required=["name", "email"],
)
# Part 7's sample: Part 6's, and the countdown's start; every routed request ends
# with an `every` that is 0 or refused (the last of a repeated key counts).
_NO_WAIT = ["0", "0", "0", "0.0", "-0", "0e9", "-1", "61", "nan", ""]
_STARTS = ["1", "2", "3", "3", "007", "100", "101", "0", "-2", "x"]
_SAMPLE7_QUERIES = st.builds(
    lambda query, every: b"&".join(q for q in (query, b"every=" + every.encode()) if q),
    typed_queries({"limit": _NUMBERS, "verbose": _BOOLS, "start": _STARTS}),
    st.sampled_from(_NO_WAIT),
)


# --- Part 7: streamed responses, whose client may leave between any two pieces ---
#
# The app's iterables note whether they were closed (`STREAMS`); the property
# (properties.py, check_stream) runs each request with a client that may leave
# after any number of pieces, by a disconnect or by a send that raises OSError.


class Pieces:
    """An async iterable of pieces that notes whether it was closed. It gives the
    loop a turn before each piece, as a source waiting on I/O does, so a client
    can leave between any two."""

    def __init__(self, pieces: Iterable[Any]) -> None:
        self.pieces = list(pieces)
        self.closed = False
        STREAMS.append(self)

    def __aiter__(self) -> "Pieces":
        return self

    async def __anext__(self) -> Any:
        await asyncio.sleep(0)
        if self.closed or not self.pieces:
            raise StopAsyncIteration
        return self.pieces.pop(0)

    async def aclose(self) -> None:
        self.closed = True


STREAMS: list[Pieces] = []  # every iterable the stream app made since it was cleared
MAX_PIECES, MAX_PIECE_SIZE = 16, 64


def _piece(index: int, size: int) -> bytes | str:
    """/pieces' pieces: bytes and text in turn (text is sent UTF-8 encoded)."""
    return b"x" * size if index % 2 == 0 else "\u00e9" * size


def _stream_app() -> Part7App:
    api = Part7Router()

    @api.get("/pieces")
    async def pieces(size: list[int] | None = None) -> StreamingResponse:
        sizes = size or []
        if len(sizes) > MAX_PIECES or not all(0 <= n <= MAX_PIECE_SIZE for n in sizes):
            raise Part7InvalidRequest("at most 16 sizes, each 0 to 64")
        content = Pieces(_piece(index, n) for index, n in enumerate(sizes))
        return StreamingResponse(content, media_type="text/plain")

    @api.post("/echo")
    async def echo(request_data: Any) -> StreamingResponse:
        chunks = [chunk async for chunk in request_data.get_stream_body_bytes()]
        return StreamingResponse(Pieces(chunks))  # each chunk a piece, as it came

    @api.get("/events")
    async def events(data: list[str] | None = None) -> EventStreamResponse:
        texts = data or []
        return EventStreamResponse(
            Pieces(ServerSentEvent(text, id=str(index)) for index, text in enumerate(texts))
        )

    app = Part7App()
    app.include_routes([api])
    return app


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # an event's data: one `data:` line each


def _stream_pieces(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
    values, errors = _query_values(request, [("size", [int], [])])
    sizes = values["size"] or []
    if errors:
        return {422}, errors
    if len(sizes) > MAX_PIECES or not all(0 <= n <= MAX_PIECE_SIZE for n in sizes):

        def refused(status: int, body: bytes) -> None:
            assert body == b"at most 16 sizes, each 0 to 64"

        return {400}, refused
    pieces = [_piece(index, n) for index, n in enumerate(sizes)]
    return {200}, Streamed(200, tuple(p if isinstance(p, bytes) else p.encode() for p in pieces))


def _stream_echo(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
    return {200}, Streamed(200, tuple(chunk for chunk in request.chunks if chunk))


def _stream_events(request: Request, segments: tuple[str, ...]) -> tuple[set[int], Any]:
    texts = _parsed_query(request).get("data", [])
    pieces = []
    for index, text in enumerate(texts):
        lines = [f"data: {line}\n" for line in _LINE_BREAK.split(text)]
        pieces.append(f"id: {index}\n{''.join(lines)}\n".encode())
    return {200}, Streamed(200, tuple(pieces))


STREAM_MEDIA_TYPES = {
    ("pieces",): "text/plain; charset=utf-8",
    ("echo",): None,
    ("events",): "text/event-stream; charset=utf-8",
}


def _resolve_stream(segments: tuple[str, ...]) -> _Part6Route | None:
    match segments:
        case ("pieces",):
            return _Part6Route(_GET6, _stream_pieces)
        case ("echo",):
            return _Part6Route(frozenset({"POST"}), _stream_echo, reads_body=True)
        case ("events",):
            return _Part6Route(_GET6, _stream_events)
    return None


_stream_expect, _stream_check = _part6_oracle(_resolve_stream)


def _expect_stream(request: Request) -> Expected:
    """As for the other templated apps, but a 200 to GET or POST is always a
    Streamed answer: the property checks its pieces one by one."""
    expected = _stream_expect(request)
    if expected == {200} and request.method != "HEAD":
        return _resolve_stream(request.segments).answer(request, request.segments)[1]
    return expected


def _check_stream_body(request: Request, status: int, headers: dict[str, str], body: bytes) -> None:
    _stream_check(request, status, headers, body)
    if status == 200:
        assert headers.get("content-type") == STREAM_MEDIA_TYPES[request.segments]
        if request.segments == ("events",):
            assert headers["cache-control"] == "no-cache"


RESOLVERS["part7-stream"] = _resolve_stream
_STREAM_QUERIES = typed_queries(
    {
        "size": ["0", "1", "3", "64", "65", "-1", "x", ""],
        "data": ["", "a", "a\nb", "x\r\ny\rz", "\n", "\u00e9t\u00e9", ": not a comment"],
    }
)


# How many examples each target gets, as a share of the profile's max_examples.
# The apps of Parts 1 and 2 never read the body or the headers (Part 2's sample
# reads only the query string, through its extractor), so their answer depends on
# the method and the path alone: a small space that a quarter of the examples
# covers. Part 3's sample has four routes, one reading the body: half. The probe
# has every body-reading path and every failure: all of them. The samples of
# Parts 6 and 7 and the typed app (in each part) get half each: their answers turn
# on the query and the body as much as on the path, but their code past the router
# is what the Part 3 probe already runs, and a typed request costs twice an
# untyped one. The stream app gets half too: three routes, each request drawn
# with a client that may leave at any piece.
SAMPLE_BEFORE_PART3, SAMPLE_PART3, PART6, PART7_STREAMS = 0.25, 0.5, 0.5, 0.5
TYPED_PATHS = [
    "/orders",
    "/orders/latest",
    "/orders/12",
    "/users/me/profile",
    "/users/me/orders/3",
    "/users/ada/orders/4",
    "/files/a/b",
]
TYPED_ROUTES = [
    ("GET", "/orders/12"),
    ("HEAD", "/orders/7"),
    ("POST", "/orders"),
    ("POST", "/orders/"),
    ("GET", "/users/me/orders/3"),
    ("GET", "//files//a/b/"),
]
SAMPLE6_PATHS = [
    "/",
    "/home",
    "/visits",
    "/about",
    "/about/careers",
    "/users",
    "/users/42",
    "/files/a",
]

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
    Target(
        "part6-sample",
        "part6",
        _with_state(part6.sample),
        SAMPLE6_PATHS,
        _sample6_expect,
        _sample6_check,
        focus_paths=["/users/7", "/users", "/files//etc/hosts"],
        share=PART6,
        queries=_SAMPLE6_QUERIES,
        bodies=_NEW_USERS,
        routes=[
            ("GET", "/users/7"),
            ("HEAD", "/users/0042"),
            ("POST", "/users"),
            ("POST", "/users"),
        ],
        head_headers_as_get=False,  # server-timing; /visits counts
    ),
    Target(
        "part6-typed",
        "part6",
        _typed_app("part6"),
        TYPED_PATHS,
        _typed_expect,
        _typed_check,
        focus_paths=["/orders/12", "/orders", "/users/me/orders/3"],
        share=PART6,
        queries=_TYPED_QUERIES,
        bodies=_ORDERS,
        routes=TYPED_ROUTES,
    ),
    Target(
        "part7-sample",
        "part7",
        _with_state(part7.sample),
        # Not /events: reached only with a query made for it (routes below).
        [*SAMPLE6_PATHS, "/chat", "/ws/echo", "/ws/rooms/lobby"],
        _sample7_expect,
        _sample7_check,
        focus_paths=["/users/7", "/users", "/chat", "/ws/echo"],
        share=PART6,
        queries=_SAMPLE7_QUERIES,
        bodies=_NEW_USERS,
        routes=[
            ("GET", "/events"),
            ("GET", "/events/"),
            ("HEAD", "/events"),
            ("GET", "/users/7"),
            ("POST", "/users"),
        ],
        head_headers_as_get=False,  # server-timing; /visits counts
        streams=lambda request: request.segments == ("events",),
    ),
    Target(
        "part7-typed",
        "part7",
        _typed_app("part7"),
        TYPED_PATHS,
        _typed_expect,
        _typed_check,
        focus_paths=["/orders/12", "/orders", "/users/me/orders/3"],
        share=PART6,
        queries=_TYPED_QUERIES,
        bodies=_ORDERS,
        routes=TYPED_ROUTES,
    ),
    Target(
        "part7-stream",
        "part7",
        _stream_app(),
        ["/pieces", "/echo", "/events"],
        _expect_stream,
        _check_stream_body,
        share=PART7_STREAMS,
        queries=_STREAM_QUERIES,
        streams=lambda request: True,
        routes=[
            ("GET", "/pieces"),
            ("GET", "/pieces"),
            ("HEAD", "/pieces"),
            ("POST", "/echo"),
            ("POST", "/echo"),
            ("GET", "/events"),
        ],
    ),
]
