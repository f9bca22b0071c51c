"""Part 2's sample under a real uvicorn on 127.0.0.1."""

import logging

import httpx

from part2.sample import app
from tests.live import live_server


def test_sample_under_uvicorn() -> None:
    with live_server(app) as server:
        assert httpx.get(f"{server.url}/home").text == "ok"
        assert httpx.post(f"{server.url}/about/careers?team=web").status_code == 200
        assert httpx.delete(f"{server.url}/home").status_code == 404
        assert httpx.get(f"{server.url}/home/").status_code == 404
    assert server.logs.at_least(logging.WARNING) == []
