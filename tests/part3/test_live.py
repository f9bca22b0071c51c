"""Part 3's sample under a real uvicorn on 127.0.0.1: the curl checks of the README."""

import logging

import httpx

from part3.sample import app
from tests.live import live_server


def test_sample_under_uvicorn() -> None:
    with live_server(app) as server:
        home = httpx.get(f"{server.url}/home")
        assert (home.status_code, home.json()) == (200, {"page": "home"})
        delete = httpx.delete(f"{server.url}/home")
        assert (delete.status_code, delete.headers["allow"]) == (405, "GET, HEAD")
        bad = httpx.post(f"{server.url}/about/careers", content=b"{nope")
        assert (bad.status_code, bad.text) == (400, "Request body is not valid JSON")
        assert httpx.get(f"{server.url}/jobs").status_code == 404
        head = httpx.head(f"{server.url}/home")
        assert (head.status_code, head.headers["content-length"], head.content) == (200, "15", b"")
        careers = httpx.post(f"{server.url}/about/careers?team=web", json=[1])
        assert careers.json() == {"query": {"team": "web"}, "body": "[1]", "json": [1]}
    uvicorn_logs = [r for r in server.logs.records if r.name.startswith("uvicorn")]
    assert [r.getMessage() for r in uvicorn_logs if r.levelno >= logging.WARNING] == []
    messages = [r.getMessage() for r in uvicorn_logs]
    assert "Application startup complete." in messages
    assert "Application shutdown complete." in messages
    assert not any("lifespan" in m and "unsupported" in m for m in messages)


def test_sample_500_is_logged_by_the_app_not_uvicorn() -> None:
    with live_server(app) as server:
        response = httpx.get(f"{server.url}/about")
    assert (response.status_code, response.text) == (500, "Internal Server Error")
    errors = [r for r in server.logs.records if r.levelno >= logging.ERROR]
    assert [(r.name, r.getMessage()) for r in errors] == [
        ("part3.app", "Error while handling GET /about")
    ]
    assert str(errors[0].exc_info[1]) == "about returned NoneType, not a BaseHTTPResponse"
