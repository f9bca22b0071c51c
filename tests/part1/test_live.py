"""Part 1's sample under real servers, started as a reader starts them (SPEC 9).

It starts, serves, refuses a websocket, stops on Ctrl+C, and the server's
output reports no warning, error or traceback.
"""

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
    with serve("part1.sample:app", server) as running:
        with httpx.Client(base_url=running.url, timeout=5) as client:
            assert (client.get("/").status_code, client.get("/").text) == (200, "ok")
            assert client.get("/users").status_code == 200
            assert client.get("/missing").status_code == 404
        assert websocket_status(running) == 403
    assert_stopped_cleanly(running)
