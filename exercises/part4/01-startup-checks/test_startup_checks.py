"""part4/01-startup-checks: start-up checks run after the lifespan's start-up
code, and the first one that fails or hangs makes the start-up fail."""

import asyncio
import logging
from contextlib import asynccontextmanager

from exercises import load
from exercises.asgi import request
from part4.api_router import ApiRouter
from part4.http_responses import OK_TEXTResponse

app_module = load(__file__, "app")
App = app_module.App
StartupCheckFailed = app_module.StartupCheckFailed

events: list[str] = []


class Database:
    def __init__(self, reachable: bool) -> None:
        self.reachable = reachable


def lifespan_with(database: Database):
    @asynccontextmanager
    async def lifespan(app):
        events.append("lifespan opened")
        try:
            yield {"db": database}
        finally:
            events.append("lifespan closed")

    return lifespan


async def check_database(state) -> None:
    events.append("check_database")
    if not state["db"].reachable:
        raise ConnectionError("no database at db:5432")


async def check_cache(state) -> None:
    events.append("check_cache")


def make_app(lifespan=None):
    events.clear()
    router = ApiRouter()

    @router.get("/")
    async def home(data):
        return OK_TEXTResponse("home")

    app = App(lifespan=lifespan)
    app.include_routes([router])
    return app


async def run_lifespan(app) -> list[dict]:
    """Play a server's lifespan, with lifespan state: start-up, then (if it
    completed) shut-down. Return what the app sent."""
    sent: list[dict] = []
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive():
        return incoming.pop(0)

    async def send(message):
        events.append(message["type"])
        sent.append(message)

    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    await asyncio.wait_for(app(scope, receive, send), 5)
    return sent


async def test_passing_checks_let_the_app_start() -> None:
    """With checks that pass, start-up and shut-down complete as before."""
    app = make_app(lifespan_with(Database(reachable=True)))
    app.add_startup_check(check_database)
    app.add_startup_check(check_cache)
    sent = await run_lifespan(app)
    assert [m["type"] for m in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


async def test_checks_run_in_order_after_the_lifespan_start_up() -> None:
    """The checks run in the order added, after the lifespan's start-up code
    and before lifespan.startup.complete is sent."""
    app = make_app(lifespan_with(Database(reachable=True)))
    app.add_startup_check(check_cache)
    app.add_startup_check(check_database)
    await run_lifespan(app)
    assert events == [
        "lifespan opened",
        "check_cache",
        "check_database",
        "lifespan.startup.complete",
        "lifespan closed",
        "lifespan.shutdown.complete",
    ]


async def test_a_check_reads_the_lifespan_state() -> None:
    """A check gets the state the lifespan yielded."""
    seen = []
    database = Database(reachable=True)

    async def look(state) -> None:
        seen.append(dict(state))

    app = make_app(lifespan_with(database))
    app.add_startup_check(look)
    await run_lifespan(app)
    assert seen == [{"db": database}]


async def test_a_failing_check_fails_the_start_up_with_a_clear_message() -> None:
    """A check that raises ConnectionError("no database at db:5432") makes the
    start-up fail: lifespan.startup.failed, with a message that names the
    check and its error."""
    app = make_app(lifespan_with(Database(reachable=False)))
    app.add_startup_check(check_database)
    sent = await run_lifespan(app)
    assert sent == [
        {
            "type": "lifespan.startup.failed",
            "message": "StartupCheckFailed: check_database failed: "
            "ConnectionError: no database at db:5432",
        }
    ]


async def test_the_checks_after_a_failure_do_not_run() -> None:
    """After a failing check, the next ones are not run."""
    app = make_app(lifespan_with(Database(reachable=False)))
    app.add_startup_check(check_database)
    app.add_startup_check(check_cache)
    await run_lifespan(app)
    assert "check_cache" not in events


async def test_the_log_shows_the_check_error_as_the_cause(caplog) -> None:
    """The traceback in the log is a StartupCheckFailed raised from the
    check's own exception."""
    app = make_app(lifespan_with(Database(reachable=False)))
    app.add_startup_check(check_database)
    await run_lifespan(app)
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.getMessage() == "Lifespan startup failed"
    error = record.exc_info[1]
    assert isinstance(error, StartupCheckFailed)
    assert isinstance(error.__cause__, ConnectionError)


async def test_the_lifespan_is_closed_when_a_check_fails() -> None:
    """What the lifespan opened is closed: its finally runs, and then the
    failure is reported."""
    app = make_app(lifespan_with(Database(reachable=False)))
    app.add_startup_check(check_database)
    await run_lifespan(app)
    assert events == [
        "lifespan opened",
        "check_database",
        "lifespan closed",
        "lifespan.startup.failed",
    ]


async def test_a_check_that_hangs_fails_the_start_up() -> None:
    """A check slower than startup_check_timeout is stopped, and the start-up
    fails with "<check> took more than <timeout>s"."""

    async def check_slowly(state) -> None:
        await asyncio.sleep(10)

    app = make_app()
    app.startup_check_timeout = 0.01
    app.add_startup_check(check_slowly)
    sent = await run_lifespan(app)
    assert sent == [
        {
            "type": "lifespan.startup.failed",
            "message": "StartupCheckFailed: test_a_check_that_hangs_fails_the_start_up"
            ".<locals>.check_slowly took more than 0.01s",
        }
    ]


async def test_a_check_raising_timeout_error_failed_and_did_not_hang() -> None:
    """A check that raises TimeoutError itself is reported as failed, like any
    other exception, not as taking too long."""

    async def check_remote(state) -> None:
        raise TimeoutError("the remote service did not answer")

    app = make_app()
    app.add_startup_check(check_remote)
    [message] = await run_lifespan(app)
    assert message["message"] == (
        "StartupCheckFailed: test_a_check_raising_timeout_error_failed_and_did_not_hang"
        ".<locals>.check_remote failed: TimeoutError: the remote service did not answer"
    )


async def test_checks_run_without_a_lifespan_too() -> None:
    """With no lifespan, the checks run with an empty state, and can fail."""
    seen = []

    async def look(state) -> None:
        seen.append(dict(state))
        raise LookupError("no DATABASE_URL")

    app = make_app()
    app.add_startup_check(look)
    [message] = await run_lifespan(app)
    assert seen == [{}]
    assert message == {
        "type": "lifespan.startup.failed",
        "message": "StartupCheckFailed: test_checks_run_without_a_lifespan_too"
        ".<locals>.look failed: LookupError: no DATABASE_URL",
    }


async def test_requests_are_answered_as_before() -> None:
    """GET / answers 200 home; an app with checks serves like Part 4's."""
    app = make_app()
    app.add_startup_check(check_cache)
    sent = await request(app, "GET", "/")
    assert (sent.status, sent.body) == (200, b"home")
