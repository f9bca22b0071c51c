"""Part 1's sample under a real uvicorn on 127.0.0.1."""

import logging

import httpx

from part1.sample import app
from tests.live import live_server


def test_sample_under_uvicorn() -> None:
    with live_server(app) as server:
        assert httpx.get(f"{server.url}/").text == "ok"
        assert httpx.get(f"{server.url}/users").status_code == 200
        assert httpx.get(f"{server.url}/missing").status_code == 404
        assert httpx.request("HEAD", f"{server.url}/users").status_code == 404
    assert server.logs.at_least(logging.WARNING) == []
