"""Part 6's sample under real servers, started as a reader starts them: typed path and
query values, a 404 for a path its converter refuses, a 422 with FastAPI's messages,
a 201 from a dataclass body, the rest of a path, and a clean stop."""

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
def test_sample_serves_typed_handlers_and_stops_cleanly(server) -> None:
    with serve("part6.sample:app", server) as running:
        with httpx.Client(base_url=running.url, timeout=5) as client:
            user = client.get("/users/42?limit=5&verbose=on")
            assert user.json() == {"user_id": 42, "limit": 5, "verbose": True}
            assert user.headers["server-timing"].startswith("app;dur=")
            assert client.get("/users/abc").status_code == 404
            bad = client.get("/users/42?limit=ten")
            assert bad.status_code == 422
            assert bad.json() == {
                "detail": [
                    {
                        "type": "int_parsing",
                        "loc": ["query", "limit"],
                        "msg": "Input should be a valid integer, unable to parse string as an "
                        "integer",
                        "input": "ten",
                    }
                ]
            }
            created = client.post("/users", json={"name": "Ada", "email": "ada@example.com"})
            assert created.status_code == 201
            assert created.json() == {
                "name": "Ada",
                "email": "ada@example.com",
                "age": None,
                "id": 1,
            }
            assert client.get("/files//etc/hosts").json() == {"path": "/etc/hosts"}
            assert (client.get("/about").status_code, client.get("/about").text) == (200, "null")
            assert client.get("/home").json() == {"page": "home"}  # no API key in Part 6
        assert websocket_status(running) == 403
    assert_stopped_cleanly(running)
    output = running.output()
    assert "part6.sample.access - GET /users/abc -> 404" in output
    assert "part6.sample.access - GET /users/42 -> 422" in output
    assert "part6.sample.access - POST /users -> 201" in output
