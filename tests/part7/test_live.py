"""Part 7's sample under real servers, started as a reader starts them: uvicorn with
each of its WebSocket implementations (`--ws websockets`, `--ws wsproto`) and granian.
A real WebSocket client (the `websockets` library) talks to /ws/echo and to a chat
room, an unknown path and an HTTP-only path are refused with a 403, `curl -N` prints
the /events countdown as it happens, a client that leaves mid-stream is no error, and
the server stops cleanly. One server per configuration, shared by its checks.
"""

import asyncio
import contextlib
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import websockets

from tests.servers import assert_stopped_cleanly, serve, websocket_status

pytestmark = [pytest.mark.live, pytest.mark.no_cover]  # the server is another process

# Each server, and the command-line arguments that choose its WebSocket implementation.
CONFIGURATIONS = {
    "uvicorn-websockets": ("uvicorn", "--ws", "websockets"),
    "uvicorn-wsproto": ("uvicorn", "--ws", "wsproto"),
    "granian": ("granian",),
}
CURL = shutil.which("curl")
TIMEOUT = 5  # seconds, for any one exchange
COUNTDOWN = (
    "event: tick\nid: 3\ndata: 3\n\n"
    "event: tick\nid: 2\ndata: 2\n\n"
    "event: tick\nid: 1\ndata: 1\n\n"
    "event: done\ndata: liftoff\n\n"
)
EVENTS_LOGGED = "part7.sample.access - GET /events -> 200"  # the access log's line


@contextlib.contextmanager
def streamed_lines(url: str) -> Iterator[Iterator[str]]:
    """The lines of a response as they arrive, read by `curl -N` as a reader would
    (by httpx's streaming client where curl is not installed). Leaving the block
    before the end is a client that leaves: curl is stopped."""
    if CURL is None:  # pragma: no cover - curl is installed where the suite runs
        with httpx.stream("GET", url, timeout=TIMEOUT) as response:
            yield (line + "\n" for line in response.iter_lines())
        return
    curl = subprocess.Popen([CURL, "-sSN", url], stdout=subprocess.PIPE, text=True)
    try:
        yield iter(curl.stdout.readline, "")
    finally:
        curl.terminate()  # nothing, if it has ended
        curl.wait(TIMEOUT)
        curl.stdout.close()


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def ws_url(base: str, path: str) -> str:
    return base.replace("http://", "ws://", 1) + path


async def talk(base: str) -> None:
    """Echo, a chat room of two, and a refusal, with the `websockets` client."""
    async with asyncio.timeout(TIMEOUT):
        async with websockets.connect(ws_url(base, "/ws/echo")) as echo:
            await echo.send("hello")
            await echo.send("wörld")
            assert [await echo.recv(), await echo.recv()] == ["hello", "wörld"]
        lobby = ws_url(base, "/ws/rooms/lobby")
        async with websockets.connect(f"{lobby}?name=ada") as ada:
            assert await ada.recv() == "ada joined"
            async with websockets.connect(f"{lobby}?name=bob") as bob:
                assert [await bob.recv(), await ada.recv()] == ["bob joined"] * 2
                await bob.send("hi ada")
                assert [await ada.recv(), await bob.recv()] == ["bob: hi ada"] * 2
                await ada.send("hi bob")
                assert [await ada.recv(), await bob.recv()] == ["ada: hi bob"] * 2
            assert await ada.recv() == "bob left"
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(ws_url(base, "/nope")):
                pass  # pragma: no cover - refused before this
        assert refused.value.response.status_code == 403


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_the_sample_streams_talks_and_stops_cleanly(configuration) -> None:
    server, *args = CONFIGURATIONS[configuration]
    with serve("part7.sample:app", server, *args) as running:
        asyncio.run(talk(running.url))
        assert websocket_status(running) == 403  # "/" answers HTTP only
        # The countdown, whole, as curl prints it.
        with streamed_lines(f"{running.url}/events?start=3&every=0.05") as lines:
            assert "".join(lines) == COUNTDOWN
        # As it happens: with a minute between events, the first arrives long
        # before the stream could end. Then the client leaves mid-stream, and the
        # app notices (the access log line comes now, not in a minute).
        with streamed_lines(f"{running.url}/events?start=3&every=60") as lines:
            assert [next(lines) for _ in range(4)] == [
                "event: tick\n",
                "id: 3\n",
                "data: 3\n",
                "\n",
            ]
        wait_until(lambda: running.output().count(EVENTS_LOGGED) == 2)
    assert_stopped_cleanly(running)
    output = running.output()
    assert "part7.sample.access - WEBSOCKET /ws/echo -> " in output  # the ASGI layer sees it
    assert "part7.sample.access - WEBSOCKET /nope -> 1000" in output  # refused
    assert "part7.sample.access - WEBSOCKET / -> 1000" in output


@pytest.mark.parametrize("server", ["uvicorn", "granian"])
def test_a_client_that_leaves_mid_stream_closes_the_generator_and_is_no_error(server) -> None:
    with serve("tests.part7.apps:app", server) as running:
        with httpx.stream("GET", f"{running.url}/feed?every=0.05", timeout=TIMEOUT) as response:
            lines = response.iter_lines()
            assert [next(lines) for _ in range(3)] == ["piece 0", "piece 1", "piece 2"]
        # The client has gone: the app stops pulling, and the generator's finally runs.
        running.wait_for(r"tests\.part7\.apps - The feed's finally ran after \d+ piece", TIMEOUT)
    assert_stopped_cleanly(running)  # and nothing in the log is an error
