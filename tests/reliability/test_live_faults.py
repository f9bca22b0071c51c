"""Faults under a real uvicorn on 127.0.0.1: clients that misbehave, load, and handlers that fail.

After each fault the server must still answer a plain request normally, and
uvicorn itself must log no error: the app handled everything.
"""

import asyncio
import logging
import socket
import time

import httpx
import pytest
import websockets.exceptions
import websockets.sync.client

import part1.sample
import part2.sample
import part3.sample
from part3.api_router import ApiRouter
from part3.app import App
from part3.exceptions import ClientDisconnectedException
from part3.http_responses import (
    BaseHTTPResponse,
    OK_JSONResponse,
    OK_TEXTResponse,
)
from tests.live import live_server

SECRET = "secret-detail-5b1c"

faults = ApiRouter()
disconnects_seen: list[int] = []  # bytes read when the client left, one entry per disconnect


@faults.get("/ok")
async def ok(request_data):
    return OK_TEXTResponse("ok")


@faults.post("/upload")
async def upload(request_data):
    sizes = []
    try:
        async for chunk in request_data.get_stream_body_bytes():
            sizes.append(len(chunk))
    except ClientDisconnectedException:
        disconnects_seen.append(sum(sizes))
        raise
    return OK_JSONResponse({"length": sum(sizes), "chunks": len(sizes)})


@faults.post("/echo")
async def echo(request_data):
    return BaseHTTPResponse(await request_data.get_body())


@faults.post("/json")
async def read_json(request_data):
    return OK_JSONResponse({"json": await request_data.get_json_body()})


@faults.get("/boom")
async def boom(request_data):
    raise RuntimeError(SECRET)


fault_app = App()
fault_app.include_routes([faults])


def uvicorn_errors(server) -> list[str]:
    """What uvicorn itself logged at ERROR or above (the app's own log lines excluded)."""
    return [
        r.getMessage()
        for r in server.logs.records
        if r.name.startswith("uvicorn") and r.levelno >= logging.ERROR
    ]


def assert_still_answers(server) -> None:
    response = httpx.get(f"{server.url}/ok", timeout=5)
    assert (response.status_code, response.text) == (200, "ok")


def test_client_that_disconnects_mid_body() -> None:
    disconnects_seen.clear()
    with live_server(fault_app) as server:
        head = b"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as client:
            client.sendall(head + b"x" * 10)  # 10 of the 1000 bytes promised, then leave
            time.sleep(0.05)  # give the app a moment to start reading
        deadline = time.monotonic() + 5
        while not disconnects_seen and time.monotonic() < deadline:
            time.sleep(0.01)
        # The app saw the disconnect (how many bytes it read first depends on timing).
        assert len(disconnects_seen) == 1
        assert disconnects_seen[0] <= 10
        assert_still_answers(server)
    assert uvicorn_errors(server) == []
    assert server.logs.at_least(logging.WARNING) == []


def test_slow_chunked_upload() -> None:
    def slow_body():
        for piece in (b"first,", b"", b"second,", b"third"):
            time.sleep(0.05)
            yield piece

    with live_server(fault_app) as server:
        response = httpx.post(f"{server.url}/upload", content=slow_body(), timeout=5)
        assert response.request.headers["transfer-encoding"] == "chunked"
        assert response.status_code == 200
        assert response.json()["length"] == len(b"first,second,third")
        assert response.json()["chunks"] >= 1
        assert_still_answers(server)
    assert server.logs.at_least(logging.WARNING) == []


async def test_200_concurrent_requests() -> None:
    limits = httpx.Limits(max_connections=20)
    with live_server(fault_app) as server:
        async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=10) as client:

            async def one(index: int) -> tuple[int, bytes]:
                response = await client.post("/echo", content=f"request {index}".encode())
                return response.status_code, response.content

            answers = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(200))), 30)
        assert answers == [(200, f"request {i}".encode()) for i in range(200)]
        assert_still_answers(server)
    assert server.logs.at_least(logging.WARNING) == []


def test_handler_that_raises_gets_a_generic_500_and_a_logged_traceback() -> None:
    with live_server(fault_app) as server:
        response = httpx.get(f"{server.url}/boom", timeout=5)
        assert (response.status_code, response.text) == (500, "Internal Server Error")
        assert SECRET not in response.text
        assert response.headers["content-length"] == str(len("Internal Server Error"))
        assert_still_answers(server)
    assert uvicorn_errors(server) == []
    [record] = [r for r in server.logs.records if r.levelno >= logging.ERROR]
    assert (record.name, record.getMessage()) == ("part3.app", "Error while handling GET /boom")
    log_text = server.logs.text()
    assert "Traceback (most recent call last)" in log_text
    assert f"RuntimeError: {SECRET}" in log_text


def test_bad_input_gets_a_clear_4xx() -> None:
    with live_server(fault_app) as server:
        url = server.url
        not_json = httpx.post(f"{url}/json", content=b"{nope", timeout=5)
        assert (not_json.status_code, not_json.text) == (400, "Request body is not valid JSON")
        not_utf8 = httpx.post(f"{url}/json", content=b'"\xff\xfe"', timeout=5)
        assert (not_utf8.status_code, not_utf8.text) == (400, "Request body is not valid UTF-8")
        wrong_method = httpx.delete(f"{url}/json", timeout=5)
        assert (wrong_method.status_code, wrong_method.headers["allow"]) == (405, "POST")
        unknown = httpx.get(f"{url}/no/such/page", timeout=5)
        assert (unknown.status_code, unknown.text) == (404, "Not found")
        assert_still_answers(server)
    assert server.logs.at_least(logging.WARNING) == []


@pytest.mark.parametrize("part", ["part1", "part2", "part3"])
def test_lifespan_and_websocket_never_make_uvicorn_log_an_error(part: str) -> None:
    app = {"part1": part1.sample.app, "part2": part2.sample.app, "part3": part3.sample.app}[part]
    with live_server(app) as server:
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            websockets.sync.client.connect(f"ws://127.0.0.1:{server.port}/", open_timeout=5)
        assert refused.value.response.status_code == 403
        home = "/" if part == "part1" else "/home"
        assert httpx.get(f"{server.url}{home}", timeout=5).status_code == 200
    assert server.logs.at_least(logging.ERROR) == []
    assert server.logs.at_least(logging.WARNING) == []
    messages = [r.getMessage() for r in server.logs.records if r.name.startswith("uvicorn")]
    # Part 3 answers both lifespan phases; Parts 1-2 return at once, which
    # uvicorn accepts quietly. Either way startup and shutdown complete.
    assert "Application startup complete." in messages
    assert "Application shutdown complete." in messages
    assert "connection rejected (403 Forbidden)" in messages
    assert not any("lifespan" in message and "unsupported" in message for message in messages)
