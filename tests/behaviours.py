"""The behaviour table: what each part answers to the same requests, limitations included.

Each row of BEHAVIOURS names a behaviour, the requests that show it, the answer
a complete framework gives (`goal`), and, for each part that falls short on
purpose, the answer that part gives instead (`limits`), written down so a test
pins it. A part not named in `limits` must give the goal answer.

Every request goes to the part's probe app (tests/probes.py). The rows are run
by tests/partN/test_behaviours.py, one test per row, so `pytest tests/part2`
checks Part 2 alone, and they render docs/conformance.md:

    python -m tests.behaviours --write   # regenerate the page
    python -m tests.behaviours --check   # exit 1 if the page is stale

tests/test_behaviour_table.py fails if the committed page is stale, or if a
behaviour one part passes is a limitation of a later part.

A row may describe only some parts (`parts`): where a later part does the job
another way by design, which is not a limitation (Parts 3-5 answer a handler's
non-response with a 500; Part 6 sends it as JSON), each way has its own row,
and `elsewhere` names the row for the parts left out, with the reason.
"""

import argparse
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.exchanges import Answer, Sent, http, other, run
from tests.probes import SECRET, probe, sends_plain_data, stage

PARTS = ("part1", "part2", "part3", "part4", "part5", "part6", "part7")
# What a handler returns that is not a response: ignored (Parts 1-2), a 500
# (Parts 3-5), or sent as JSON (Part 6 on).
RESPONSES_ONLY = tuple(part for part in PARTS if not sends_plain_data(part))
PLAIN_DATA = tuple(part for part in PARTS if sends_plain_data(part))
PAGE = Path(__file__).resolve().parents[1] / "docs" / "conformance.md"
COMMAND = "python -m tests.behaviours --write"
GENERIC_500 = b"Internal Server Error"
ANY_STATUS = range(100, 600)


# --- A row ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limitation:
    """What a part answers instead of the goal, and why (one sentence, for the page)."""

    answer: Answer | tuple[Answer, ...]
    why: str


@dataclass(frozen=True)
class Behaviour:
    id: str
    title: str
    sent: str  # what is sent, in words, for the page
    requests: tuple[Sent, ...]
    goal: Answer | tuple[Answer, ...]  # one for every request, or one per request
    limits: Mapping[str, Limitation] = field(default_factory=dict)
    parts: tuple[str, ...] = PARTS  # the parts this row describes
    # For the parts left out: the id of the row that describes them, and why.
    elsewhere: tuple[str, str] | None = None

    def answers(self, part: str) -> tuple[Answer, ...]:
        """The answer each request must get from part."""
        expected = self.limits[part].answer if part in self.limits else self.goal
        if isinstance(expected, Answer):
            return (expected,) * len(self.requests)
        assert len(expected) == len(self.requests), self.id
        return expected

    def goal_answers(self) -> tuple[Answer, ...]:
        return (self.goal,) * len(self.requests) if isinstance(self.goal, Answer) else self.goal


# --- The table ---------------------------------------------------------------------------

NOT_FOUND_TEXT = Answer(404, b"not found")  # Parts 1-2 answer this to anything unrouted
OK_TEXT = Answer(200, b"ok")  # ... and this to anything routed, whatever the handler did
NO_BODY_READ = Answer(200, b"ok", received=0)
BEFORE_PART3 = ("part1", "part2")


def before_part3(answer: Answer | tuple[Answer, ...], why: str) -> dict[str, Limitation]:
    """The same limitation for Parts 1 and 2."""
    return dict.fromkeys(BEFORE_PART3, Limitation(answer, why))


def _deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


LIFESPAN = {
    "type": "lifespan",
    "asgi": {"version": "3.0", "spec_version": "2.0"},
}
WEBSOCKET = {
    "type": "websocket",
    "path": "/items",
    "headers": [],
    "query_string": b"",
}
HALF_MIB = b"x" * 524_288
TOO_LONG = str(1_048_577).encode()  # one byte over Part 3's default max_body_size

VARIED = (
    http("GET", "/items"),
    http("GET", "/nope"),
    http("BREW", "/items"),
    http("OPTIONS", "/"),
    http("GET", "//"),
    http("GET", "/%/../é"),
    http("GET", "/items", query=b"\xff=%zz&&"),
    http("POST", "/echo", b"a", b"", b"b"),
    http("POST", "/json", b"[1,", b"2]"),
)

BEHAVIOURS: list[Behaviour] = [
    Behaviour(
        "one-response",
        "One response per request",
        "A mix of requests: known and unknown paths, a made-up method, OPTIONS, odd paths, "
        "an undecodable query string, bodies in several chunks, and a HEAD.",
        (*VARIED, http("HEAD", "/items")),
        Answer(status=ANY_STATUS),
    ),
    Behaviour(
        "content-length",
        "Content-Length matches the body",
        "The same mix, HEAD aside (it has its own row).",
        VARIED,
        Answer(length_matches=True),
    ),
    Behaviour(
        "routed",
        "A registered route answers 200",
        "`GET /items`, `POST /items/detail` (a route with two methods), "
        "`GET /deep/route/here` and `GET /café/%`.",
        (
            http("GET", "/items"),
            http("POST", "/items/detail"),
            http("GET", "/deep/route/here"),
            http("GET", "/café/%"),
        ),
        Answer(200),
    ),
    Behaviour(
        "unknown-path",
        "Unknown path gives 404",
        "`GET /nope`, `GET /` (no root route), `GET /a` (a node on the way to `/a/b`, "
        "with no handlers of its own) and `GET /items/detail/more`.",
        (
            http("GET", "/nope"),
            http("GET", "/"),
            http("GET", "/a"),
            http("GET", "/items/detail/more"),
        ),
        Answer(404),
    ),
    Behaviour(
        "wrong-method",
        "Wrong method gives 405 with Allow",
        "`DELETE`, `OPTIONS`, `TRACE`, a made-up `BREW` and a lower-case `get` on "
        "`/items`, where only GET is registered.",
        tuple(http(method, "/items") for method in ("DELETE", "OPTIONS", "TRACE", "BREW", "get")),
        Answer(405, b"Method not allowed", {"allow": "GET, HEAD"}),
        before_part3(
            NOT_FOUND_TEXT,
            "A path asked with another method is not found (never a 500).",
        ),
    ),
    Behaviour(
        "head",
        "HEAD is GET without the body",
        "`HEAD /items` (`GET /items` answers the 5 bytes `items`).",
        (http("HEAD", "/items"),),
        Answer(200, b"", {"content-length": "5"}),
        before_part3(NOT_FOUND_TEXT, "HEAD is not among the registered methods."),
    ),
    Behaviour(
        "extra-slashes",
        "Extra slashes reach the route",
        "`GET /items/`, `GET //items` and `GET /a//b`.",
        (
            http("GET", "/items/"),
            http("GET", "//items"),
            http("GET", "/a//b"),
        ),
        Answer(200, b"items"),
        before_part3(
            NOT_FOUND_TEXT,
            "The path is split on every slash, empty segments kept.",
        ),
    ),
    Behaviour(
        "handler-response",
        "The handler chooses the response",
        "`GET /items`, whose handler returns the text `items`.",
        (http("GET", "/items"),),
        Answer(200, b"items"),
        before_part3(
            OK_TEXT,
            "What a handler returns is ignored: every match answers `ok`.",
        ),
    ),
    Behaviour(
        "query",
        "Query string reaches the handler",
        "`GET /query?x=1&x=2&y=&z=%ff`: repeated keys, a blank value, undecodable bytes.",
        (http("GET", "/query", query=b"x=1&x=2&y=&z=%ff"),),
        Answer(200, seen={"query": {"x": ["1", "2"], "y": [""], "z": ["\ufffd"]}}),
        {
            "part1": Limitation(
                Answer(200, seen={"calls": ["/query"]}),
                "A Part 1 handler takes no arguments: it has nothing to read.",
            )
        },
    ),
    Behaviour(
        "headers",
        "Headers reach the handler",
        "`GET /headers` with `x-token: abc` and `x-token: def`; the handler asks for `X-Token`.",
        (
            http(
                "GET",
                "/headers",
                headers=((b"x-token", b"abc"), (b"x-token", b"def")),
            ),
        ),
        Answer(200, seen={"token": "abc, def"}),
        before_part3(
            Answer(200, seen={"calls": ["/headers"]}),
            "The handler runs, but has no way to read a header.",
        ),
    ),
    Behaviour(
        "more-body",
        "more_body is honoured",
        "`POST /echo` as `ab` (more to come), an empty chunk (more to come), then `cd`; "
        "the handler reads the whole body.",
        (http("POST", "/echo", b"ab", b"", b"cd"),),
        Answer(200, b"abcd", received=3),
        before_part3(NO_BODY_READ, "The body is never read."),
    ),
    Behaviour(
        "empty-body",
        "An empty body is read once",
        "`POST /echo` with an empty body, which the handler reads twice.",
        (http("POST", "/echo"),),
        Answer(200, b"", received=1),
        before_part3(NO_BODY_READ, "The body is never read."),
    ),
    Behaviour(
        "disconnect",
        "Disconnect mid-body is handled",
        "`POST /echo` sends `ab` (more to come), then the client disconnects. Nobody is "
        "left to answer, so the app sends nothing.",
        (http("POST", "/echo", b"ab", disconnect=True),),
        Answer(sent=(), received=2),
        before_part3(NO_BODY_READ, "The body is never read, so the app never learns."),
    ),
    Behaviour(
        "invalid-json",
        "Invalid JSON gives 400",
        "`POST /json` with the body `{nope`, read with `get_json_body()`.",
        (http("POST", "/json", b"{nope"),),
        Answer(400, b"Request body is not valid JSON"),
        before_part3(OK_TEXT, "The body is never read."),
    ),
    Behaviour(
        "json-constants",
        "NaN and Infinity give 400",
        "`POST /json` with `NaN`, then `[1e999]`: not JSON numbers (RFC 8259), though "
        "Python's `json` reads them, and they could not be sent back.",
        (http("POST", "/json", b"NaN"), http("POST", "/json", b"[1e999]")),
        Answer(400, b"Request body is not valid JSON"),
        before_part3(OK_TEXT, "The body is never read."),
    ),
    Behaviour(
        "invalid-utf8",
        "Invalid UTF-8 gives 400",
        "`POST /json` with a body that is not UTF-8.",
        (http("POST", "/json", b'"\xff\xfe"'),),
        Answer(400, b"Request body is not valid UTF-8"),
        before_part3(OK_TEXT, "The body is never read."),
    ),
    Behaviour(
        "json-depth",
        "JSON nested too deep gives 400 that says so",
        "`POST /json` with lists nested 101 deep (valid JSON), then 100 deep.",
        (
            http("POST", "/json", _deep(101), label=" (101 deep)"),
            http("POST", "/json", _deep(100), label=" (100 deep)"),
        ),
        (
            Answer(400, b"Request body is nested more than 100 levels deep"),
            Answer(200, _deep(100)),
        ),
        before_part3((OK_TEXT, OK_TEXT), "The body is never read."),
    ),
    Behaviour(
        "declared-too-large",
        "A declared body over the limit gives 413 unread",
        "`POST /echo` with `content-length: 1048577`, one byte over the default "
        "`max_body_size` of 1 MiB.",
        (
            http(
                "POST",
                "/echo",
                b"x" * 16,
                headers=((b"content-length", TOO_LONG),),
            ),
        ),
        Answer(413, b"Request body too large", received=0),
        before_part3(NO_BODY_READ, "The body is never read."),
    ),
    Behaviour(
        "growing-too-large",
        "A body growing past the limit gives 413",
        "`POST /echo`, with no content-length: two chunks of 512 KiB, then one byte, "
        "then a chunk the app must not read.",
        (http("POST", "/echo", HALF_MIB, HALF_MIB, b"x", b"never read"),),
        Answer(413, b"Request body too large", received=3),
        before_part3(NO_BODY_READ, "The body is never read."),
    ),
    Behaviour(
        "handler-raises-http-error",
        "A handler can raise an HTTP error",
        "`GET /bad-request` raises a 400 with the message `bad input`; `GET /missing` a "
        "404 with `No such user`.",
        (http("GET", "/bad-request"), http("GET", "/missing")),
        (Answer(400, b"bad input"), Answer(404, b"No such user")),
        before_part3(
            (OK_TEXT, OK_TEXT),
            "There are no exceptions that carry a response yet.",
        ),
    ),
    Behaviour(
        "handler-error",
        "A handler error gives a generic 500",
        "`GET /boom` raises `RuntimeError`. The client gets a body that tells nothing of "
        "it; the traceback goes to the log.",
        (http("GET", "/boom"),),
        Answer(
            500,
            GENERIC_500,
            log=("Traceback (most recent call last)", f"RuntimeError: {SECRET}"),
        ),
        before_part3(
            Answer(raises="RuntimeError", sent=()),
            "The exception escapes the app: the server logs it and answers 500 itself.",
        ),
    ),
    Behaviour(
        "non-response",
        "A non-response gives 500, and the log names the handler",
        "`GET /not-a-response` returns a dict; so do `GET /partial`, whose handler is a "
        "`functools.partial` of `answer_with`, and `GET /callable`, a `NotAResponse` object "
        "with `__call__`. The log must name each.",
        (
            http("GET", "/not-a-response"),
            http("GET", "/partial"),
            http("GET", "/callable"),
        ),
        tuple(
            Answer(500, GENERIC_500, log=(name, "returned dict, not a BaseHTTPResponse"))
            for name in ("not_a_response", "answer_with", "NotAResponse")  # partial: its function
        ),
        before_part3(OK_TEXT, "What a handler returns is ignored."),
        parts=RESPONSES_ONLY,
        elsewhere=("plain-return", "Part 6 sends what a handler returns as JSON, by design."),
    ),
    Behaviour(
        "plain-return",
        "A plain return is sent as JSON",
        "`GET /not-a-response` returns a dict, and `GET /partial`, a `functools.partial` of "
        "`answer_with`, a list: plain data, which the handler means as the answer.",
        (http("GET", "/not-a-response"), http("GET", "/partial")),
        tuple(
            Answer(200, body, {"content-type": "application/json; charset=utf-8"})
            for body in (b'{"returned":"a dict"}', b'["a","list"]')
        ),
        parts=PLAIN_DATA,
        elsewhere=(
            "non-response",
            "Before Part 6, a handler returns a response: Parts 3-5 answer anything "
            "else with a 500, and Parts 1-2 ignore what it returns.",
        ),
    ),
    Behaviour(
        "unsendable-return",
        "A return JSON cannot carry gives a logged 500",
        "`GET /callable`, a `NotAResponse` object with `__call__`, returns a set. The "
        "client gets a body that tells nothing of it; the log names the handler and why.",
        (http("GET", "/callable"),),
        Answer(
            500,
            GENERIC_500,
            log=("in NotAResponse", "TypeError: Object of type set is not JSON serializable"),
        ),
        parts=PLAIN_DATA,
        elsewhere=(
            "non-response",
            "Before Part 6, a handler returns a response: Parts 3-5 answer anything "
            "else with a 500, and Parts 1-2 ignore what it returns.",
        ),
    ),
    Behaviour(
        "stream-then-body",
        "Reading the body whole after streaming it is a logged 500",
        "`POST /stream-then-body` with `abc`: the handler streams the body, then calls "
        "`get_body()`, which cannot have it any more.",
        (http("POST", "/stream-then-body", b"abc"),),
        Answer(
            500,
            GENERIC_500,
            log=("RuntimeError: The request body was already streamed",),
        ),
        before_part3(NO_BODY_READ, "The body is never read."),
    ),
    Behaviour(
        "root-path",
        "Mounted under a prefix, the app routes the rest",
        "`root_path` `/api`, with the path as uvicorn `--root-path /api` sends it "
        "(`/api/items`), as a server that strips the prefix sends it (`/items`), the mount "
        "point itself (`/api`), and a path that only starts with the same letters "
        "(`/apiitems`).",
        tuple(
            http("GET", path, root_path="/api", label=" (root_path `/api`)")
            for path in ("/api/items", "/items", "/api", "/apiitems")
        ),
        (
            Answer(200, b"items"),
            Answer(200, b"items"),
            Answer(404),
            Answer(404),
        ),
        before_part3(
            (NOT_FOUND_TEXT, OK_TEXT, NOT_FOUND_TEXT, NOT_FOUND_TEXT),
            "Routing uses the whole path; root_path is ignored.",
        ),
    ),
    Behaviour(
        "lifespan",
        "Lifespan phases are acknowledged",
        "A `lifespan` scope: `lifespan.startup`, then `lifespan.shutdown`.",
        (
            other(
                LIFESPAN,
                {"type": "lifespan.startup"},
                {"type": "lifespan.shutdown"},
            ),
        ),
        Answer(
            sent=(
                {"type": "lifespan.startup.complete"},
                {"type": "lifespan.shutdown.complete"},
            )
        ),
        before_part3(
            Answer(sent=(), received=0),
            "The app returns at once, which servers take as no lifespan support, quietly.",
        ),
    ),
    Behaviour(
        "websocket",
        "Websocket refused politely",
        "A `websocket` scope for `/items`, an HTTP route (Part 7 serves WebSockets on "
        "routes of their own), and `websocket.connect`: the app closes before accepting, "
        "which the server turns into a 403.",
        (other(WEBSOCKET, {"type": "websocket.connect"}),),
        Answer(sent=({"type": "websocket.close", "code": 1000},)),
    ),
    Behaviour(
        "unknown-scope",
        "An unknown scope type is ignored",
        "A scope of type `something-new`, which a later ASGI version might send.",
        (other({"type": "something-new"}),),
        Answer(sent=(), received=0),
    ),
]


# --- Running the rows --------------------------------------------------------------------


def behaviour(behaviour_id: str) -> Behaviour:
    [row] = [row for row in BEHAVIOURS if row.id == behaviour_id]
    return row


async def check_behaviours(part: str, *ids: str) -> None:
    """Assert part gives the answers the rows with these ids write down for it."""
    for behaviour_id in ids:
        await _check(behaviour(behaviour_id), part)


async def _check(row: Behaviour, part: str) -> None:
    traces = [await run(probe(part), sent) for sent in row.requests]
    wrong = [
        f"{sent.label}: {problem}"
        for sent, answer, trace in zip(row.requests, row.answers(part), traces, strict=True)
        for problem in answer.problems(trace)
    ]
    assert not wrong, f"{part}, {row.title}: " + "; ".join(wrong)
    if part in row.limits:
        # A limitation must still be one: once the part gives the goal answer,
        # remove it from `limits`, and the page will say "pass".
        misses = [
            problem
            for answer, trace in zip(row.goal_answers(), traces, strict=True)
            for problem in answer.problems(trace)
        ]
        assert misses, f"{part} now passes {row.title!r}: remove its limitation"


def behaviour_tests(part: str) -> dict[str, Any]:
    """The table's rows as tests for part: `test_behaviour` for the rows it passes, and
    `test_limitation` for those where it falls short on purpose (if any). Put them in a
    test module with `globals().update(behaviour_tests("partN"))`."""
    rows = [row for row in BEHAVIOURS if stage(part) in row.parts]
    passed = [row for row in rows if part not in row.limits]
    limited = [row for row in rows if part in row.limits]

    @pytest.mark.parametrize("row", passed, ids=[row.id for row in passed])
    async def test_behaviour(row: Behaviour) -> None:
        await _check(row, part)

    @pytest.mark.parametrize("row", limited, ids=[row.id for row in limited])
    async def test_limitation(row: Behaviour) -> None:
        await _check(row, part)

    tests = {"test_behaviour": test_behaviour, "test_limitation": test_limitation}
    return tests if limited else {"test_behaviour": test_behaviour}


# --- The page ----------------------------------------------------------------------------


def _number(part: str) -> str:
    return part.removeprefix("part")


def _describe(row: Behaviour, answers: Answer | tuple[Answer, ...]) -> str:
    if isinstance(answers, Answer):
        return answers.describe()
    return "; ".join(
        f"{sent.label} {answer.describe()}"
        for sent, answer in zip(row.requests, answers, strict=True)
    )


def _cell(row: Behaviour, part: str) -> str:
    if part not in row.parts:
        return "—"
    return "not yet" if part in row.limits else "pass"


def _columns() -> list[tuple[str, ...]]:
    """The page's columns: PARTS in runs of neighbours that every row marks alike
    (Parts 3-5, say), one column per run, so that the table fits the page."""
    columns: list[tuple[str, ...]] = []
    for part in PARTS:
        if columns and all(_cell(row, part) == _cell(row, columns[-1][0]) for row in BEHAVIOURS):
            columns[-1] += (part,)
        else:
            columns.append((part,))
    return columns


def _heading(column: tuple[str, ...]) -> str:
    if len(column) == 1:
        return f"Part {_number(column[0])}"
    return f"Parts {_number(column[0])}-{_number(column[-1])}"


def render() -> str:
    """docs/conformance.md, from the table."""
    columns = _columns()

    lines = [
        "# Conformance",
        "",
        f"<!-- Generated by `{COMMAND}`. Do not edit: change the table instead. -->",
        "",
        "Which ASGI and HTTP behaviours each part gets right. Every row is a row of the",
        "behaviour table in `tests/behaviours.py`: the requests it sends, the answer a",
        "complete framework gives, and what each part that falls short answers instead.",
        "The requests go to each part's probe app (`tests/probes.py`): the same routes,",
        "built with what the part offers. `tests/partN/test_behaviours.py` checks every",
        "answer below, so `make test` fails if a part answers otherwise, or if this page",
        'is out of date. "not yet" marks what a later part adds: Parts 1 and 2 are',
        "limited on purpose, and their pages say why. A dash marks a part that does",
        "the job another way by design: another row describes it, and the row's",
        "details below name that row. Neighbouring parts that every row marks alike",
        "share a column.",
        "",
        "| Behaviour | " + " | ".join(_heading(column) for column in columns) + " |",
        "|-----------|" + "|".join(":------:" for _ in columns) + "|",
    ]
    for row in BEHAVIOURS:
        marks = " | ".join(_cell(row, column[0]) for column in columns)
        lines.append(f"| {row.title} | {marks} |")
    lines += [
        "",
        "The property-based tests in `tests/reliability/` go further: they send the",
        "samples, the Part 3 probe, an app of typed handlers (built with Part 6 and",
        "with Part 7) and a Part 7 app of streamed responses hundreds of generated",
        "requests per run (any method token, odd paths, paths that reach parameter",
        "routes, arbitrary query bytes and headers, bodies in any chunking,",
        "disconnects mid-body, clients that leave a streamed response after any",
        "piece) and check every answer. `make fuzz` runs many more.",
        "",
        "## What each row sends and expects",
    ]
    for row in BEHAVIOURS:
        lines += ["", f"### {row.title}", "", f"**Sent:** {row.sent}", ""]
        groups: list[tuple[Limitation | None, list[str]]] = []  # parts with the same answer
        for part in row.parts:
            limit, name = row.limits.get(part), f"Part {_number(part)}"
            same = [names for other, names in groups if other == limit]
            if same:
                same[0].append(name)
            else:
                groups.append((limit, [name]))
        for limit, names in groups:
            who = ", ".join(names)
            if limit is None:
                lines.append(f"- **{who}**, pass: {_describe(row, row.goal)}.")
            else:
                lines.append(f"- **{who}**, not yet: {_describe(row, limit.answer)}. {limit.why}")
        left_out = [f"Part {_number(part)}" for part in PARTS if part not in row.parts]
        if left_out and row.elsewhere is not None:
            other_id, why = row.elsewhere
            lines.append(
                f"- **{', '.join(left_out)}**, another way: see "
                f"*{behaviour(other_id).title}*. {why}"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help=f"write {PAGE.name}")
    action.add_argument("--check", action="store_true", help=f"exit 1 if {PAGE.name} is stale")
    args = parser.parse_args(argv)
    page = render()
    if args.write:
        PAGE.write_text(page, encoding="utf-8")
        print(f"wrote {PAGE}")
    elif args.check and PAGE.read_text(encoding="utf-8") != page:
        print(f"{PAGE} is stale: run {COMMAND}", file=sys.stderr)
        return 1
    elif not args.check:
        print(page, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
