"""part4/03-combined-lifespans: several lifespans as one, started in order,
shut down in reverse, states merged, and every shut-down run whatever
fails."""

import asyncio
from contextlib import asynccontextmanager

import pytest

from exercises import load
from part4.app import App

combine_lifespans = load(__file__, "lifespans").combine_lifespans

events: list[str] = []


def lifespan(name, state=None, start_error=None, stop_error=None):
    """A lifespan written as the Starlette docs write them: its shut-down is
    the code after the yield, with no try/finally around it."""

    @asynccontextmanager
    async def run(app):
        events.append(f"{name} start")
        if start_error:
            raise start_error
        yield state
        events.append(f"{name} stop")
        if stop_error:
            raise stop_error

    run.__qualname__ = name
    return run


@pytest.fixture(autouse=True)
def no_events():
    events.clear()


async def test_start_ups_in_order_and_shut_downs_in_reverse() -> None:
    """combine_lifespans(a, b, c) starts a, b, c and shuts down c, b, a."""
    combined = combine_lifespans(lifespan("a"), lifespan("b"), lifespan("c"))
    async with combined(App()):
        events.append("serving")
    assert events == ["a start", "b start", "c start", "serving", "c stop", "b stop", "a stop"]


async def test_each_lifespan_gets_the_app() -> None:
    """Each lifespan is called with the app, as Part 4 calls one."""
    apps = []

    @asynccontextmanager
    async def keep(app):
        apps.append(app)
        yield

    app = App()
    async with combine_lifespans(keep, keep)(app):
        pass
    assert apps == [app, app]


async def test_the_states_are_merged() -> None:
    """The combined state holds what each lifespan yielded; one that yields
    None adds nothing."""
    combined = combine_lifespans(
        lifespan("database", {"db": "postgres"}),
        lifespan("metrics"),
        lifespan("cache", {"cache": "redis", "ttl": 60}),
    )
    async with combined(App()) as state:
        assert state == {"db": "postgres", "cache": "redis", "ttl": 60}


async def test_no_lifespans_is_an_empty_state() -> None:
    """combine_lifespans() starts and stops, with an empty state."""
    async with combine_lifespans()(App()) as state:
        assert state == {}


async def test_a_key_yielded_twice_fails_the_start_up() -> None:
    """Two lifespans that both yield "db" make the start-up fail with a
    ValueError that names the key and both lifespans, after closing both."""
    combined = combine_lifespans(
        lifespan("database", {"db": 1}),
        lifespan("metrics"),
        lifespan("replica", {"db": 2}),
        lifespan("cache"),
    )
    with pytest.raises(ValueError) as caught:
        async with combined(App()):
            events.append("serving")
    assert str(caught.value) == "'db' is yielded by both database and replica"
    assert events == [
        "database start",
        "metrics start",
        "replica start",
        "replica stop",
        "metrics stop",
        "database stop",
    ]


async def test_a_failed_start_up_closes_what_is_open() -> None:
    """When b's start-up fails, a is shut down (the code after its yield
    runs), c never starts, and the error is b's own exception."""
    error = ConnectionError("no cache")
    combined = combine_lifespans(
        lifespan("a"), lifespan("b", start_error=error), lifespan("c")
    )
    with pytest.raises(ConnectionError) as caught:
        async with combined(App()):
            events.append("serving")
    assert caught.value is error
    assert events == ["a start", "b start", "a stop"]


async def test_every_shut_down_runs_when_one_fails() -> None:
    """When c's shut-down fails, b and a still shut down (the code after
    their yield runs), and then c's exception is raised."""
    error = RuntimeError("c would not close")
    combined = combine_lifespans(lifespan("a"), lifespan("b"), lifespan("c", stop_error=error))
    with pytest.raises(RuntimeError) as caught:
        async with combined(App()):
            pass
    assert caught.value is error
    assert events == ["a start", "b start", "c start", "c stop", "b stop", "a stop"]


async def test_several_failures_are_one_exception_group() -> None:
    """When a's and c's shut-downs both fail, the error is an ExceptionGroup
    of both, in the order they happened: c's, then a's."""
    first, second = RuntimeError("c failed"), OSError("a failed")
    combined = combine_lifespans(
        lifespan("a", stop_error=second), lifespan("b"), lifespan("c", stop_error=first)
    )
    with pytest.raises(ExceptionGroup) as caught:
        async with combined(App()):
            pass
    assert caught.value.exceptions == (first, second)
    assert events[-3:] == ["c stop", "b stop", "a stop"]


async def test_a_failed_start_up_and_a_failed_close_are_grouped() -> None:
    """If b's start-up fails and then closing a fails too, the error is an
    ExceptionGroup: b's error, then a's."""
    start_error, stop_error = ConnectionError("b"), RuntimeError("a")
    combined = combine_lifespans(
        lifespan("a", stop_error=stop_error), lifespan("b", start_error=start_error)
    )
    with pytest.raises(ExceptionGroup) as caught:
        async with combined(App()):
            pass
    assert caught.value.exceptions == (start_error, stop_error)


async def test_an_error_while_serving_still_shuts_everything_down() -> None:
    """If the app fails while the lifespans run, every shut-down still runs,
    and the app's error goes on."""
    combined = combine_lifespans(lifespan("a"), lifespan("b"))
    with pytest.raises(KeyError):
        async with combined(App()):
            raise KeyError("state")
    assert events == ["a start", "b start", "b stop", "a stop"]


async def test_each_start_up_starts_the_lifespans_afresh() -> None:
    """The combined lifespan can run twice (two servers, or a test suite):
    each run calls every lifespan again."""
    combined = combine_lifespans(lifespan("a"), lifespan("b"))
    for _ in range(2):
        async with combined(App()):
            pass
    assert events == ["a start", "b start", "b stop", "a stop"] * 2


async def lifespan_messages(app, state) -> list[dict]:
    sent = []
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive():
        return incoming.pop(0)

    async def send(message):
        sent.append(message)

    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": state}
    await asyncio.wait_for(app(scope, receive, send), 5)
    return sent


async def test_part_4_runs_the_combined_lifespan() -> None:
    """App(lifespan=combine_lifespans(...)) completes its start-up and
    shut-down, and the server's state gets every lifespan's items."""
    app = App(
        lifespan=combine_lifespans(
            lifespan("database", {"db": "postgres"}), lifespan("cache", {"cache": "redis"})
        )
    )
    state: dict = {}
    sent = await lifespan_messages(app, state)
    assert sent == [
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.complete"},
    ]
    assert state == {"db": "postgres", "cache": "redis"}


async def test_part_4_reports_a_combined_failure() -> None:
    """A shut-down failure reaches the server as lifespan.shutdown.failed,
    after every shut-down ran."""
    app = App(
        lifespan=combine_lifespans(
            lifespan("a"), lifespan("b", stop_error=RuntimeError("b would not close"))
        )
    )
    sent = await lifespan_messages(app, {})
    assert sent == [
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.failed", "message": "RuntimeError: b would not close"},
    ]
    assert events == ["a start", "b start", "b stop", "a stop"]
