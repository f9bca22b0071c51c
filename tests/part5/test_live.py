"""Part 5's sample under real servers, started as a reader starts them: both
framework middlewares and the ASGI access log at work, and a clean stop."""

import httpx
import pytest

from part5.sample import API_KEY
from tests.servers import (
    SERVERS,
    assert_stopped_cleanly,
    serve,
    websocket_status,
)

pytestmark = [pytest.mark.live, pytest.mark.no_cover]  # the server is another process


@pytest.mark.parametrize("server", SERVERS)
def test_sample_serves_and_stops_cleanly(server) -> None:
    with serve("part5.sample:app", server) as running:
        with httpx.Client(base_url=running.url, timeout=5, verify=False) as client:
            key = {"x-api-key": API_KEY}
            refused = client.get("/home")
            assert refused.status_code == 401
            assert refused.headers["server-timing"].startswith("app;dur=")
            assert client.get("/home", headers=key).json() == {"page": "home"}
            assert client.get("/visits", headers=key).json() == {"visits": 1}
            signup = client.post("/signup", json={"email": "a@b.c"}, headers=key)
            assert signup.status_code == 202
            assert client.get("/nope").status_code == 404
        assert websocket_status(running) == 403
        running.wait_for("Welcome message sent to a@b.c")
    assert_stopped_cleanly(running)
    output = running.output()
    assert "part5.sample.access - GET /nope -> 404" in output  # 404s pass the ASGI layer
    assert "part5.sample.access - GET /home -> 401" in output


@pytest.mark.parametrize(
    ("app", "status", "body"),
    [("edits_in_place", 500, "Internal Server Error"), ("replaces", 200, "hello and more")],
)
def test_a_middleware_cannot_make_content_length_lie_under_uvicorn(app, status, body) -> None:
    # httpx's ASGITransport sends a body longer than its content-length as it is;
    # uvicorn refuses it mid-response, and the client got a truncated answer.
    with serve(f"tests.part5.apps:{app}") as running:
        answer = httpx.get(f"{running.url}/hello", timeout=5)
    assert (answer.status_code, answer.text) == (status, body)
    assert answer.headers["content-length"] == str(len(body))
    output = running.output()
    assert "Response content longer than Content-Length" not in output
    if app == "edits_in_place":
        assert "Error while handling GET /hello in AppendInPlace" in output
        assert "AttributeError: a response's body is rendered once" in output
    else:
        assert running.problems() == []
