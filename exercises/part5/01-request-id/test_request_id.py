"""part5/01-request-id: every request gets an id, the client's or a new one;
the response carries it, and handlers and log lines see it."""

import asyncio
import logging
import re

from exercises import load
from exercises.asgi import request
from part5.api_router import ApiRouter
from part5.app import App
from part5.exceptions import InvalidRequestDataException
from part5.http_responses import JsonResponse, OK_TEXTResponse
from part5.middleware import BaseGlobalMiddleware

middleware = load(__file__, "middleware")
RequestId = middleware.RequestId
RequestIdFilter = middleware.RequestIdFilter
request_id = middleware.request_id

NEW_ID = re.compile(r"[0-9a-f]{32}")  # uuid.uuid4().hex
logger = logging.getLogger("exercise.request_id")
both_waiting = asyncio.Event()
waiting: list[str] = []


class RequireToken(BaseGlobalMiddleware):
    """Answers 401 itself without an x-token header."""

    async def __call__(self, request_data, call_next):
        if await request_data.get_header_value("x-token") is None:
            return JsonResponse({"detail": "no token"}, 401)
        return await call_next(request_data)


def make_app(*middlewares):
    router = ApiRouter()

    @router.get("/")
    async def home(data):
        logger.warning("handling home")
        return OK_TEXTResponse(f"id {request_id.get()}")

    @router.get("/crash")
    async def crash(data):
        raise RuntimeError("a bug")

    @router.get("/bad")
    async def bad(data):
        raise InvalidRequestDataException("bad input")

    @router.get("/wait")
    async def wait(data):
        waiting.append(request_id.get())
        if len(waiting) == 2:
            both_waiting.set()
        await both_waiting.wait()
        return OK_TEXTResponse(f"id {request_id.get()}")

    app = App(middlewares=[RequestId(), *middlewares])
    app.include_routes([router])
    return app


def with_id(value: str) -> list[tuple[bytes, bytes]]:
    return [(b"x-request-id", value.encode("latin-1"))]


async def test_a_request_without_an_id_gets_a_new_one() -> None:
    """GET / without x-request-id answers with a new one: 32 hex digits,
    uuid4().hex."""
    sent = await request(make_app(), "GET", "/")
    assert sent.status == 200
    assert NEW_ID.fullmatch(sent.header("x-request-id") or "")


async def test_every_request_gets_its_own_id() -> None:
    """Three requests without an id get three different ids."""
    app = make_app()
    ids = {(await request(app, "GET", "/")).header("x-request-id") for _ in range(3)}
    assert len(ids) == 3


async def test_the_client_id_is_kept() -> None:
    """A client's x-request-id "req-42.retry_1" comes back unchanged."""
    sent = await request(make_app(), "GET", "/", headers=with_id("req-42.retry_1"))
    assert sent.header("x-request-id") == "req-42.retry_1"


async def test_a_client_id_of_128_characters_is_kept() -> None:
    """A client's id may have up to 128 letters, digits, "-", "_" and "."."""
    long_id = "A1-_." * 25 + "xyz"
    sent = await request(make_app(), "GET", "/", headers=with_id(long_id))
    assert sent.header("x-request-id") == long_id


async def test_a_client_id_that_is_not_sensible_is_replaced() -> None:
    """An empty id, one of 129 characters, or one with a space, a newline,
    a quote or a non-ASCII letter gets a new id instead."""
    for bad in ["", "a" * 129, "req 42", "req\nINFO fake line", 'req"42', "réq"]:
        sent = await request(make_app(), "GET", "/", headers=with_id(bad))
        assert NEW_ID.fullmatch(sent.header("x-request-id") or ""), bad


async def test_the_handler_sees_the_id() -> None:
    """During the request, request_id.get() is the id the response carries."""
    sent = await request(make_app(), "GET", "/")
    assert sent.body == f"id {sent.header('x-request-id')}".encode()
    sent = await request(make_app(), "GET", "/", headers=with_id("abc"))
    assert sent.body == b"id abc"


async def test_after_the_request_the_id_is_what_it_was() -> None:
    """After the request, request_id is back to what it was before it: the
    middleware resets it, rather than setting it to None."""
    token = request_id.set("outer")
    try:
        await request(make_app(), "GET", "/", headers=with_id("inner"))
        assert request_id.get() == "outer"
    finally:
        request_id.reset(token)
    await request(make_app(), "GET", "/")
    assert request_id.get() is None


async def test_errors_carry_the_id_too() -> None:
    """The 500 of a handler that crashed, the 400 of one that refused its
    input and the 401 of an inner middleware carry the client's id."""
    app = make_app(RequireToken())
    token = [(b"x-token", b"t")]
    crash = await request(app, "GET", "/crash", headers=with_id("c1") + token)
    bad = await request(app, "GET", "/bad", headers=with_id("b1") + token)
    refused = await request(app, "GET", "/", headers=with_id("r1"))
    assert (crash.status, crash.header("x-request-id")) == (500, "c1")
    assert (bad.status, bad.header("x-request-id")) == (400, "b1")
    assert (refused.status, refused.header("x-request-id")) == (401, "r1")


async def test_concurrent_requests_see_their_own_ids() -> None:
    """Two requests handled at the same time, each waiting for the other,
    see each its own id: the id lives in the request's context, not in a
    global variable."""
    app = make_app()
    waiting.clear()
    both_waiting.clear()
    first, second = await asyncio.wait_for(
        asyncio.gather(
            request(app, "GET", "/wait", headers=with_id("first")),
            request(app, "GET", "/wait", headers=with_id("second")),
        ),
        5,
    )
    assert sorted(waiting) == ["first", "second"]
    assert (first.body, second.body) == (b"id first", b"id second")


class Lines(logging.Handler):
    """A log handler that keeps each formatted line."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(request_id)s %(name)s: %(message)s"))
        self.addFilter(RequestIdFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


async def test_log_lines_carry_the_id() -> None:
    """With RequestIdFilter on a log handler, %(request_id)s is the id: in
    the handler's own lines, and in Part 5's "Error while handling" line for the
    500; outside a request it is "-"."""
    lines = Lines()
    for name in ("exercise.request_id", "part5.app"):
        logging.getLogger(name).addHandler(lines)
    try:
        app = make_app()
        await request(app, "GET", "/", headers=with_id("home-1"))
        await request(app, "GET", "/crash", headers=with_id("crash-1"))
        logger.warning("between requests")
    finally:
        for name in ("exercise.request_id", "part5.app"):
            logging.getLogger(name).removeHandler(lines)
    assert [line.splitlines()[0] for line in lines.lines] == [
        "home-1 exercise.request_id: handling home",
        "crash-1 part5.app: Error while handling GET /crash in make_app.<locals>.crash",
        "- exercise.request_id: between requests",
    ]


def test_the_filter_keeps_every_record() -> None:
    """The filter adds request_id and never drops a record: filter() is
    True."""
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    assert RequestIdFilter().filter(record) is True
    assert record.request_id == "-"
