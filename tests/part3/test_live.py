"""Part 3's sample under real servers, started as a reader starts them (SPEC 9).

It starts, serves, refuses a websocket, stops on Ctrl+C, and the server's
output reports no warning, error or traceback. Mounted under a prefix, it
serves the prefixed paths, and its handler errors are logged with their level
and logger name, because the sample configures logging.
"""

import re

import httpx
import pytest

from tests.servers import (
    SERVERS,
    assert_stopped_cleanly,
    serve,
    websocket_status,
)

pytestmark = [pytest.mark.live, pytest.mark.no_cover]  # the server is another process


@pytest.mark.parametrize("server", SERVERS)
def test_sample_serves_and_stops_cleanly(server) -> None:
    with serve("part3.sample:app", server) as running:
        with httpx.Client(base_url=running.url, timeout=5) as client:
            home = client.get("/home")
            assert (home.status_code, home.json()) == (200, {"page": "home"})
            head = client.head("/home")
            assert (head.status_code, head.headers["content-length"], head.content) == (
                200,
                "15",
                b"",
            )
            careers = client.post("/about/careers?team=web", json=[1])
            assert careers.json() == {"query": {"team": "web"}, "body": "[1]", "json": [1]}
            assert client.get("/jobs").status_code == 404
        assert websocket_status(running) == 403
    assert_stopped_cleanly(running)


def test_under_a_root_path_with_the_traceback_logged_by_level_and_name() -> None:
    # --root-path /api is for an app behind a proxy that serves it at /api and strips
    # the prefix: the proxy asks uvicorn for /home, and uvicorn hands the app
    # path="/api/home" with root_path="/api", which Part 3 routes as /home.
    with serve("part3.sample:app", "uvicorn", "--root-path", "/api") as running:
        with httpx.Client(base_url=running.url, timeout=5) as client:
            home = client.get("/home")
            assert (home.status_code, home.json()) == (200, {"page": "home"})
            about = client.get("/about")  # returns no response, on purpose
            assert (about.status_code, about.text) == (500, "Internal Server Error")
        running.wait_for("TypeError: about returned NoneType")
    output = running.output()
    assert '"GET /api/home HTTP/1.1" 200' in output  # uvicorn's access log: the full path
    # logging.basicConfig in the sample: level and logger name, then the traceback.
    # (Python's last-resort handler would print the bare message, with neither.)
    assert re.search(
        r"^ERROR: +part3\.app - Error while handling GET /api/about\n"
        r"Traceback \(most recent call last\):\n",
        output,
        re.MULTILINE,
    ), output
    assert "TypeError: about returned NoneType, not a BaseHTTPResponse\n" in output
    assert running.process.returncode == 0
