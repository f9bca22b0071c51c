"""The conformance matrix: ASGI and HTTP behaviours, checked against every part.

The check functions below are the one source of truth. Each takes a part's name,
builds that part's reference app (the same routes in each part, written with
what that part offers) and returns an `Outcome`. `compute()` runs every check on
every part, and `render()` turns the results into docs/conformance.md:

    python -m tests.reliability.conformance --write   # regenerate the page
    python -m tests.reliability.conformance --check   # exit 1 if the page is stale

tests/reliability/test_conformance.py fails if the committed page differs from
a fresh render, and if Part 3 fails any behaviour.
"""

import argparse
import asyncio
import importlib
import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.asgi import DISCONNECT, body_messages, http_scope, response_of
from tests.reliability.properties import TracingRecorder

PARTS = ("part1", "part2", "part3")
PAGE = Path(__file__).resolve().parents[2] / "docs" / "conformance.md"
COMMAND = "python -m tests.reliability.conformance --write"
SECRET = "secret-detail-c0ffee"  # raised by the reference app; must never reach a client
TIMEOUT = 1.0


# --- The reference app: the same routes in every part --------------------------------


@dataclass
class Reference:
    """A part's reference app, and what its handlers observed (their only way to
    report in Parts 1-2, whose responses are always "ok")."""

    app: Any
    observed: dict[str, Any] = field(default_factory=dict)


def reference_app(part: str) -> Reference:
    """GET /items, GET /a/b, POST /echo, POST /json, GET /query, GET /headers,
    GET /boom (raises) and GET /not-a-response, built with part's API."""
    app = importlib.import_module(f"{part}.app").App()
    ref = Reference(app)
    if part == "part1":
        _part1_routes(ref)
    elif part == "part2":
        _part2_routes(ref)
    else:
        _part3_routes(ref)
    return ref


def _part1_routes(ref: Reference) -> None:
    async def nothing() -> None:
        pass  # Part 1 handlers take no arguments and cannot answer themselves

    async def boom() -> None:
        raise RuntimeError(SECRET)

    async def not_a_response() -> dict:
        return {"detail": SECRET}

    for path in ("/items", "/a/b", "/query", "/headers"):
        ref.app.router.add_route(path, nothing)
    ref.app.router.add_route("/echo", nothing, "POST")
    ref.app.router.add_route("/json", nothing, "POST")
    ref.app.router.add_route("/boom", boom)
    ref.app.router.add_route("/not-a-response", not_a_response)


def _part2_routes(ref: Reference) -> None:
    api = importlib.import_module("part2.api_router").ApiRouter()

    async def nothing(request_data: Any) -> None:
        pass  # Part 2 has no body or header accessors, and ignores return values

    async def query(request_data: Any) -> None:
        ref.observed["query"] = await request_data.get_query_string_params()

    async def boom(request_data: Any) -> None:
        raise RuntimeError(SECRET)

    async def not_a_response(request_data: Any) -> dict:
        return {"detail": SECRET}

    for path in ("/items", "/a/b", "/headers"):
        api.get(path)(nothing)
    api.post("/echo")(nothing)
    api.post("/json")(nothing)
    api.get("/query")(query)
    api.get("/boom")(boom)
    api.get("/not-a-response")(not_a_response)
    ref.app.include_routes([api])


def _part3_routes(ref: Reference) -> None:
    api = importlib.import_module("part3.api_router").ApiRouter()
    responses = importlib.import_module("part3.http_responses")

    async def items(request_data: Any) -> Any:
        return responses.OK_TEXTResponse("items")

    async def echo(request_data: Any) -> Any:
        body = await request_data.get_body()
        again = await request_data.get_body()  # cached: must not wait on receive()
        return responses.BaseHTTPResponse(body if body == again else b"body changed")

    async def read_json(request_data: Any) -> Any:
        return responses.JsonResponse(await request_data.get_json_body())

    async def query(request_data: Any) -> Any:
        ref.observed["query"] = await request_data.get_query_string_params()
        return responses.OK_JSONResponse(ref.observed["query"])

    async def headers(request_data: Any) -> Any:
        ref.observed["token"] = await request_data.get_header_value("X-Token")
        return responses.OK_TEXTResponse("headers")

    async def boom(request_data: Any) -> Any:
        raise RuntimeError(SECRET)

    async def not_a_response(request_data: Any) -> Any:
        return {"detail": SECRET}

    api.get("/items")(items)
    api.get("/a/b")(items)
    api.post("/echo")(echo)
    api.post("/json")(read_json)
    api.get("/query")(query)
    api.get("/headers")(headers)
    api.get("/boom")(boom)
    api.get("/not-a-response")(not_a_response)
    ref.app.include_routes([api])


# --- Running one exchange, recording everything -----------------------------------------


@dataclass
class Trace:
    """One call of the app: what it received and sent, and what went wrong, if anything."""

    recorder: TracingRecorder
    error: str | None  # "hangs ..." or "<Exception> escapes the app"
    logs: list[logging.LogRecord]

    def response(self) -> tuple[int, dict[str, str], bytes] | None:
        """The one complete response the app sent, or None if it did not send exactly that."""
        try:
            return response_of(self.recorder)
        except (AssertionError, ValueError, KeyError):
            return None

    def describe(self) -> str:
        if self.error:
            return self.error
        response = self.response()
        if response is None:
            return "sends nothing" if not self.recorder.sent else "sends an incomplete response"
        status, _headers, body = response
        return f"answers {status} {_short(body)}"


def _short(body: bytes) -> str:
    if not body:
        return "with an empty body"
    return f"`{body.decode('latin-1')}`" if len(body) <= 40 else f"{len(body)} bytes"


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def run(app: Any, scope: dict[str, Any], messages: list | None = None) -> Trace:
    """Call app like a server would, with a timeout, capturing the framework's log."""
    recorder = TracingRecorder(body_messages() if messages is None else messages)
    capture = _Capture()
    loggers = [logging.getLogger(part) for part in PARTS]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(capture)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False  # keep expected tracebacks out of other logs
    error = None
    try:
        await asyncio.wait_for(app(scope, recorder.receive, recorder.send), TIMEOUT)
    except TimeoutError:
        error = "hangs waiting on `receive()`"
    except Exception as exc:
        error = f"`{type(exc).__name__}` escapes the app"
    finally:
        for logger, (level, propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(capture)
            logger.setLevel(level)
            logger.propagate = propagate
    return Trace(recorder, error, capture.records)


def chunked(*chunks: bytes) -> list[dict[str, Any]]:
    """The body as http.request messages, the last with more_body=False."""
    return body_messages(*chunks)


# --- The behaviours ---------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    passed: bool
    note: str


@dataclass(frozen=True)
class Behaviour:
    title: str
    check: Callable[[str], Awaitable[Outcome]]

    @property
    def name(self) -> str:
        return self.check.__name__

    @property
    def description(self) -> str:
        return " ".join((self.check.__doc__ or "").split())


BEHAVIOURS: list[Behaviour] = []


def behaviour(title: str) -> Callable:
    """Register a check function as a row of the matrix, in definition order."""

    def register(check: Callable[[str], Awaitable[Outcome]]) -> Callable:
        BEHAVIOURS.append(Behaviour(title, check))
        return check

    return register


# Requests of every kind, for the behaviours every request must have.
VARIED_REQUESTS = [
    ("GET", "/items", b"", chunked()),
    ("GET", "/nope", b"", chunked()),
    ("BREW", "/items", b"", chunked()),
    ("HEAD", "/items", b"", chunked()),
    ("OPTIONS", "/", b"", chunked()),
    ("GET", "//", b"", chunked()),
    ("GET", "/%/../é", b"", chunked()),
    ("GET", "/items", b"\xff=%zz&&", chunked()),
    ("POST", "/echo", b"", chunked(b"a", b"", b"b")),
    ("POST", "/json", b"", chunked(b"[1,", b"2]")),
]


async def _varied_traces(part: str) -> list[tuple[str, Trace]]:
    traces = []
    for method, path, query, messages in VARIED_REQUESTS:
        trace = await run(reference_app(part).app, http_scope(method, path, query), messages)
        traces.append((f"{method} {path}", trace))
    return traces


@behaviour("One response per request")
async def one_response_per_request(part: str) -> Outcome:
    """For a mix of requests (known and unknown paths, made-up methods, HEAD, OPTIONS,
    odd paths, undecodable query strings, chunked bodies) the app sends exactly one
    `http.response.start`, then body messages ending with `more_body` false, and no
    exception escapes."""
    for label, trace in await _varied_traces(part):
        if trace.error or trace.response() is None:
            return Outcome(False, f"{label}: {trace.describe()}")
    return Outcome(True, f"{len(VARIED_REQUESTS)} kinds of request, each answered once")


@behaviour("Content-Length matches the body")
async def content_length_matches(part: str) -> Outcome:
    """Every response of the mix above, HEAD aside (it has its own row), carries
    `content-length`, equal to the length of the body sent."""
    for label, trace in await _varied_traces(part):
        response = trace.response()
        if response is None:
            return Outcome(False, f"{label}: {trace.describe()}")
        _status, headers, body = response
        if label.startswith("HEAD "):
            continue
        if headers.get("content-length") != str(len(body)):
            return Outcome(False, f"{label}: content-length {headers.get('content-length')}")
    return Outcome(True, "always present and right")


@behaviour("Unknown path gives 404")
async def unknown_path_404(part: str) -> Outcome:
    """`GET /nope` (no such path) and `GET /a` (a node on the way to `/a/b`, with no
    handlers of its own) both answer 404."""
    answers = []
    for path in ("/nope", "/a"):
        trace = await run(reference_app(part).app, http_scope("GET", path))
        response = trace.response()
        answers.append(f"{path}: {trace.describe()}")
        if response is None or response[0] != 404:
            return Outcome(False, "; ".join(answers))
    return Outcome(True, "; ".join(answers))


@behaviour("Unknown method is not a 500")
async def unknown_method_not_500(part: str) -> Outcome:
    """Methods outside GET, POST, PUT, PATCH and DELETE (`BREW`, `OPTIONS`, a lower-case
    `get`, `TRACE`) on an existing path get a 4xx answer, never a 500 or an exception."""
    statuses = []
    for method in ("BREW", "OPTIONS", "get", "TRACE"):
        trace = await run(reference_app(part).app, http_scope(method, "/items"))
        response = trace.response()
        if response is None or response[0] >= 500:
            return Outcome(False, f"{method}: {trace.describe()}")
        statuses.append(f"{method} {response[0]}")
    return Outcome(True, ", ".join(statuses))


@behaviour("Wrong method gives 405 with Allow")
async def wrong_method_405_with_allow(part: str) -> Outcome:
    """`DELETE /items`, where only GET is registered, answers 405 with an `Allow`
    header that lists GET."""
    trace = await run(reference_app(part).app, http_scope("DELETE", "/items"))
    response = trace.response()
    if response is None or response[0] != 405:
        return Outcome(False, trace.describe())
    allow = response[1].get("allow", "")
    return Outcome("GET" in allow.split(", "), f"405, `Allow: {allow}`")


@behaviour("HEAD is GET without the body")
async def head_is_get_without_body(part: str) -> Outcome:
    """`HEAD /items` gets the status and headers `GET /items` gets, `content-length`
    included, and an empty body."""
    head = await run(reference_app(part).app, http_scope("HEAD", "/items"))
    get = await run(reference_app(part).app, http_scope("GET", "/items"))
    head_response, get_response = head.response(), get.response()
    if head_response is None or get_response is None:
        return Outcome(False, f"HEAD {head.describe()}")
    same = head_response[:2] == get_response[:2] and get_response[0] == 200
    if not same or head_response[2] != b"":
        return Outcome(False, f"HEAD {head.describe()}, GET {get.describe()}")
    return Outcome(True, f"200, content-length {head_response[1]['content-length']}, no body")


@behaviour("Extra slashes reach the route")
async def extra_slashes_reach_the_route(part: str) -> Outcome:
    """`/items/` and `//items` reach the `/items` route."""
    for path in ("/items/", "//items"):
        trace = await run(reference_app(part).app, http_scope("GET", path))
        response = trace.response()
        if response is None or response[0] != 200:
            return Outcome(False, f"{path}: {trace.describe()}")
    return Outcome(True, "both answer 200")


@behaviour("Query string reaches the handler")
async def query_string_reaches_handler(part: str) -> Outcome:
    """The handler of `GET /query?x=1&x=2&y=&z=%ff` sees every value in order, blank
    values kept, and undecodable bytes replaced rather than crashing."""
    ref = reference_app(part)
    trace = await run(ref.app, http_scope("GET", "/query", b"x=1&x=2&y=&z=%ff"))
    expected = {"x": ["1", "2"], "y": [""], "z": ["\ufffd"]}
    seen = ref.observed.get("query")
    if trace.error or seen is None:
        return Outcome(False, f"the handler gets no request data; {trace.describe()}")
    return Outcome(seen == expected, f"the handler sees `{seen!a}`")


@behaviour("Headers reach the handler")
async def headers_reach_handler(part: str) -> Outcome:
    """The handler of `GET /headers`, sent `x-token: abc` and `x-token: def`, reads
    `X-Token` case-insensitively and gets `abc, def`."""
    ref = reference_app(part)
    headers = [(b"x-token", b"abc"), (b"x-token", b"def")]
    trace = await run(ref.app, http_scope("GET", "/headers", headers=headers))
    if "token" not in ref.observed:
        return Outcome(False, f"the handler cannot read headers; {trace.describe()}")
    return Outcome(ref.observed["token"] == "abc, def", f"`{ref.observed['token']}`")


@behaviour("The handler chooses the response")
async def handler_chooses_the_response(part: str) -> Outcome:
    """What `GET /items`'s handler returns (the text `items` in Part 3) is what the
    client gets."""
    trace = await run(reference_app(part).app, http_scope("GET", "/items"))
    response = trace.response()
    return Outcome(response is not None and response[2] == b"items", trace.describe())


@behaviour("more_body is honoured")
async def more_body_honoured(part: str) -> Outcome:
    """`POST /echo` sent as `ab` (more to come), an empty chunk (more to come), then
    `cd`: the handler reads the whole body `abcd`, and the app reads all three
    messages."""
    trace = await run(
        reference_app(part).app, http_scope("POST", "/echo"), chunked(b"ab", b"", b"cd")
    )
    response = trace.response()
    if response is None or response[2] != b"abcd":
        return Outcome(False, f"{trace.describe()}: the body is never read")
    return Outcome(trace.recorder.received == 3, f"{trace.describe()}")


@behaviour("An empty body is read once")
async def empty_body_read_once(part: str) -> Outcome:
    """`POST /echo` with an empty body, read twice by the handler: the app calls
    `receive()` once, and answers instead of waiting for a message that never comes."""
    trace = await run(reference_app(part).app, http_scope("POST", "/echo"), chunked(b""))
    response = trace.response()
    if trace.error:
        return Outcome(False, trace.describe())
    if response is None or response[2] != b"":
        return Outcome(False, f"{trace.describe()}: the body is never read")
    received = trace.recorder.received
    return Outcome(received == 1, f"{trace.describe()} after {received} `receive()`")


@behaviour("Disconnect mid-body is handled")
async def disconnect_mid_body_handled(part: str) -> Outcome:
    """`POST /echo` sends `ab` (more to come), then the client disconnects: the app
    stops reading, sends nothing (nobody is listening), and raises nothing."""
    messages = [{"type": "http.request", "body": b"ab", "more_body": True}, DISCONNECT]
    trace = await run(reference_app(part).app, http_scope("POST", "/echo"), messages)
    if trace.error:
        return Outcome(False, trace.describe())
    if not trace.recorder.disconnect_received():
        return Outcome(False, f"{trace.describe()} without reading: it never learns")
    return Outcome(trace.recorder.sent == [], f"{trace.describe()} after the disconnect")


async def _post_json(part: str, body: bytes) -> Outcome:
    trace = await run(reference_app(part).app, http_scope("POST", "/json"), chunked(body))
    response = trace.response()
    if response is None or response[0] != 400:
        return Outcome(False, trace.describe())
    short = len(response[2]) <= 60 and b"Traceback" not in response[2]
    return Outcome(short, trace.describe())


@behaviour("Invalid JSON gives 400")
async def invalid_json_400(part: str) -> Outcome:
    """`POST /json` with the body `{nope`, read with `get_json_body()`: 400 with a
    short message."""
    return await _post_json(part, b"{nope")


@behaviour("NaN and Infinity give 400")
async def json_constants_400(part: str) -> Outcome:
    """`POST /json` with the body `NaN`: not JSON (RFC 8259), though Python's `json`
    module accepts it. 400 with a short message, not a 500 when the value cannot be
    sent back."""
    return await _post_json(part, b"NaN")


@behaviour("Invalid UTF-8 gives 400")
async def invalid_utf8_400(part: str) -> Outcome:
    """`POST /json` with a body that is not UTF-8: 400 with a short message."""
    return await _post_json(part, b'"\xff\xfe"')


@behaviour("A handler error gives a generic 500")
async def handler_error_generic_500(part: str) -> Outcome:
    """`GET /boom` raises `RuntimeError`: the client gets 500 with a generic body that
    leaks nothing of the exception, and the traceback goes to the log."""
    trace = await run(reference_app(part).app, http_scope("GET", "/boom"))
    response = trace.response()
    if response is None or response[0] != 500:
        return Outcome(False, trace.describe())
    leaks = SECRET.encode() in response[2] or b"Traceback" in response[2]
    logged = any(r.exc_info and SECRET in str(r.exc_info[1]) for r in trace.logs)
    log = "the traceback is logged" if logged else "no traceback in the log"
    return Outcome(not leaks and logged, f"{trace.describe()}; {log}")


@behaviour("A non-response gives 500")
async def non_response_500(part: str) -> Outcome:
    """`GET /not-a-response` returns a dict, not a response: 500 with a generic body,
    and a log line that names the handler."""
    trace = await run(reference_app(part).app, http_scope("GET", "/not-a-response"))
    response = trace.response()
    if response is None or response[0] != 500:
        return Outcome(False, f"{trace.describe()}: the return value is ignored")
    named = any("not_a_response" in logging.Formatter().format(r) for r in trace.logs)
    leaks = SECRET.encode() in response[2]
    log = "the log names the handler" if named else "the log does not name the handler"
    return Outcome(named and not leaks, f"{trace.describe()}; {log}")


LIFESPAN = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}}
LIFESPAN_MESSAGES = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]


@behaviour("Lifespan raises no error")
async def lifespan_no_error(part: str) -> Outcome:
    """A `lifespan` scope (start-up, then shut-down) neither raises nor hangs, and the
    app reports no failure. A server then logs no error."""
    trace = await run(reference_app(part).app, LIFESPAN, LIFESPAN_MESSAGES)
    failed = [m for m in trace.recorder.sent if m["type"].endswith(".failed")]
    if trace.error or failed:
        return Outcome(False, trace.error or "reports a failure")
    return Outcome(True, "returns cleanly")


@behaviour("Lifespan phases are acknowledged")
async def lifespan_acknowledged(part: str) -> Outcome:
    """The app answers `lifespan.startup` with `lifespan.startup.complete` and
    `lifespan.shutdown` with `lifespan.shutdown.complete`, then returns."""
    trace = await run(reference_app(part).app, LIFESPAN, LIFESPAN_MESSAGES)
    sent = [m["type"] for m in trace.recorder.sent]
    expected = ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    if trace.error:
        return Outcome(False, trace.describe())
    if sent == []:
        return Outcome(False, "returns at once without a reply, which uvicorn accepts")
    return Outcome(sent == expected, ", then ".join(f"`{t}`" for t in sent))


@behaviour("Websocket closed politely")
async def websocket_closed_politely(part: str) -> Outcome:
    """A `websocket` scope is refused by sending `websocket.close` before accepting
    (the server turns that into a 403), without raising."""
    scope = {"type": "websocket", "path": "/items", "headers": [], "query_string": b""}
    trace = await run(reference_app(part).app, scope, [{"type": "websocket.connect"}])
    if trace.error:
        return Outcome(False, trace.describe())
    sent = [m["type"] for m in trace.recorder.sent]
    return Outcome(sent == ["websocket.close"], f"sends {', '.join(sent) or 'nothing'}")


# --- The matrix and the page ---------------------------------------------------------------


async def compute() -> dict[str, dict[str, Outcome]]:
    """Run every check on every part: {behaviour name: {part: outcome}}."""
    return {b.name: {part: await b.check(part) for part in PARTS} for b in BEHAVIOURS}


def render(matrix: dict[str, dict[str, Outcome]]) -> str:
    """docs/conformance.md, from the computed matrix."""

    def cell(outcome: Outcome) -> str:
        return "pass" if outcome.passed else "not yet"

    lines = [
        "# Conformance",
        "",
        f"<!-- Generated by `{COMMAND}`. Do not edit: change the checks instead. -->",
        "",
        "Which ASGI and HTTP behaviours each part gets right. Every cell below is the",
        "result of running a check function from `tests/reliability/conformance.py`",
        "against that part's reference app: the same routes, built with what the part",
        "offers. `make test` fails if this page is out of date, or if Part 3 fails a",
        'behaviour. "not yet" marks what a later part adds: Parts 1 and 2 are limited',
        "on purpose, and their pages say why.",
        "",
        "| Behaviour | Part 1 | Part 2 | Part 3 |",
        "|-----------|:------:|:------:|:------:|",
    ]
    for b in BEHAVIOURS:
        row = matrix[b.name]
        lines.append(f"| {b.title} | " + " | ".join(cell(row[p]) for p in PARTS) + " |")
    lines += [
        "",
        "The property-based tests in `tests/reliability/` go further: they send each part's",
        "sample app hundreds of generated requests per run (any method token, odd paths,",
        "arbitrary query bytes and headers, bodies in any chunking, disconnects mid-body)",
        "and check every answer. `make fuzz` runs many more.",
        "",
        "## What each check does",
    ]
    for b in BEHAVIOURS:
        lines += ["", f"### {b.title}", "", b.description, ""]
        for number, part in enumerate(PARTS, start=1):
            outcome = matrix[b.name][part]
            lines.append(f"- **Part {number}**, {cell(outcome)}: {outcome.note}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help=f"write {PAGE.name}")
    action.add_argument("--check", action="store_true", help=f"exit 1 if {PAGE.name} is stale")
    args = parser.parse_args(argv)
    page = render(asyncio.run(compute()))
    if args.write:
        PAGE.write_text(page, encoding="utf-8")
        print(f"wrote {PAGE}")
    elif args.check:
        if PAGE.read_text(encoding="utf-8") != page:
            print(f"{PAGE} is stale: run {COMMAND}", file=sys.stderr)
            return 1
    else:
        print(page, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
