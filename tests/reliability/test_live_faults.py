"""Faults under a real uvicorn on 127.0.0.1: clients that misbehave, and load.

One server runs the Part 3 probe app (tests/probes.py) for the whole module.
After each fault it must still answer a plain request, and log no warning or
error: the app handled everything. (What each request gets is the behaviour
table's business, tests/behaviours.py; each sample under several servers is
tests/partN/test_live.py's.)
"""

import asyncio
import logging
import socket
import time

import httpx
import pytest

from tests.live import live_server
from tests.probes import probe

# The server runs in this process, but its time goes to uvicorn and the faulty
# clients: the parts' lines it reaches are covered by the in-process tests.
pytestmark = [pytest.mark.live, pytest.mark.no_cover]


@pytest.fixture(scope="module")
def target():
    return probe("part3")


@pytest.fixture(scope="module")
def server(target):
    with live_server(target.app) as running:
        yield running


def assert_still_answers_and_logs_nothing(server) -> None:
    response = httpx.get(f"{server.url}/items", timeout=5)
    assert (response.status_code, response.text) == (200, "items")
    assert server.logs.at_least(logging.WARNING) == []


def test_client_that_disconnects_mid_body(server, target) -> None:
    target.seen.clear()
    head = b"POST /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as client:
        client.sendall(head + b"x" * 10)  # 10 of the 1000 bytes promised, then leave
        time.sleep(0.05)  # give the app a moment to start reading
    deadline = time.monotonic() + 5
    while "streamed" not in target.seen and time.monotonic() < deadline:
        time.sleep(0.01)
    # The handler saw the disconnect (how many bytes it read first depends on timing).
    assert target.seen["streamed"] <= 10
    assert_still_answers_and_logs_nothing(server)


def test_slow_chunked_upload(server) -> None:
    def slow_body():
        for piece in (b"first,", b"", b"second,", b"third"):
            time.sleep(0.05)
            yield piece

    response = httpx.post(f"{server.url}/stream", content=slow_body(), timeout=5)
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert response.status_code == 200
    assert response.json()["length"] == len(b"first,second,third")
    assert response.json()["chunks"] >= 1
    assert_still_answers_and_logs_nothing(server)


async def test_100_concurrent_requests_over_20_connections(server) -> None:
    limits = httpx.Limits(max_connections=20)
    async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=10) as client:

        async def one(index: int) -> tuple[int, bytes]:
            response = await client.post("/echo", content=f"request {index}".encode())
            return response.status_code, response.content

        answers = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(100))), 30)
    assert answers == [(200, f"request {i}".encode()) for i in range(100)]
    assert_still_answers_and_logs_nothing(server)
