"""Regression tests for the errata of SPEC section 4 that apply to Part 3."""

import ast
import asyncio
import logging
import pathlib
import subprocess
import sys

import pytest

from part3 import http_responses
from part3.api_router import ApiRouter
from part3.app import App
from part3.exceptions import MethodNotAllowedException, NotFoundException
from part3.http_responses import JsonResponse, OK_JSONResponse, TextResponse
from part3.request_data import RequestData
from part3.router import Router
from part3.sample import app as sample_app
from tests.asgi import (
    DISCONNECT,
    Recorder,
    body_messages,
    call,
    http_scope,
    response_of,
)

PART3 = pathlib.Path(__file__).parents[2] / "part3"


async def ok(request_data):
    return OK_JSONResponse({"ok": True})


def app_with(*routes: tuple[str, str]) -> App:
    api = ApiRouter()
    for method, path in routes:
        api.multi_methods(path, [method])(ok)
    app = App()
    app.include_routes([api])
    return app


async def test_erratum_02_non_http_scopes() -> None:
    messages = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    lifespan = await call(sample_app, {"type": "lifespan"}, messages)
    assert lifespan.sent == [
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.complete"},
    ]
    websocket = await call(sample_app, {"type": "websocket"}, [{"type": "websocket.connect"}])
    assert websocket.sent == [{"type": "websocket.close", "code": 1000}]


async def test_erratum_03_wrong_method_is_405_not_404() -> None:
    status, headers, _ = response_of(await call(sample_app, http_scope("POST", "/home")))
    assert (status, headers["allow"]) == (405, "GET, HEAD")


async def test_erratum_04_body_extractor_gets_the_real_body() -> None:
    seen = []
    api = ApiRouter()

    @api.post("/upload", body_extractor=lambda body: seen.append(body) or len(body))
    async def upload(request_data):
        return OK_JSONResponse(await request_data.get_body())

    app = App()
    app.include_routes([api])
    recorder = await call(app, http_scope("POST", "/upload"), body_messages(b"abc", b"de"))
    assert response_of(recorder)[2] == b"5"
    assert seen == [b"abcde"]


async def test_erratum_05_handler_result_check() -> None:
    # A handler returning a real response gets it sent (the original always sent 500).
    status, _, body = response_of(await call(app_with(("GET", "/x")), http_scope("GET", "/x")))
    assert (status, body) == (200, b'{"ok":true}')


def test_erratum_06_exceptions_carry_http_response() -> None:
    assert NotFoundException().http_response.status_code == 404
    assert MethodNotAllowedException(allowed_methods=["GET"]).http_response.status_code == 405


async def test_erratum_06_wrong_method_does_not_crash_the_app() -> None:
    recorder = await call(app_with(("GET", "/x")), http_scope("PUT", "/x"))
    assert response_of(recorder)[0] == 405


def test_erratum_07_method_check_without_assert() -> None:
    router = Router()
    router.add_route("/x", ok, "GET")  # a str works on 3.11, where `"GET" in Methods` raises
    with pytest.raises(ValueError):
        router.add_route("/x", ok, "FETCH")
    tree = ast.parse((PART3 / "router.py").read_text())
    assert not any(isinstance(node, ast.Assert) for node in ast.walk(tree))


def test_erratum_07_check_survives_python_O() -> None:
    code = (
        "from part3.router import Router\n"
        "try:\n"
        "    Router().add_route('/x', None, 'FETCH')\n"
        "except ValueError:\n"
        "    print('rejected')\n"
    )
    result = subprocess.run(
        [sys.executable, "-O", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PART3.parent,
    )
    assert result.stdout.strip() == "rejected"


async def test_erratum_08_node_without_handlers_is_404() -> None:
    app = app_with(("GET", "/users/active"))
    for method in ("GET", "POST"):
        recorder = await call(app, http_scope(method, "/users"))
        assert response_of(recorder)[0] == 404


@pytest.mark.parametrize(("method", "status"), [("HEAD", 200), ("OPTIONS", 405), ("BREW", 405)])
async def test_erratum_09_head_options_and_unknown_methods(method, status) -> None:
    recorder = await call(sample_app, http_scope(method, "/home"))
    assert response_of(recorder)[0] == status


async def test_erratum_10_empty_body_read_once() -> None:
    recorder = Recorder(body_messages(b""))
    data = RequestData(http_scope("POST"), recorder.receive)
    # receive() would block forever on a second call, as under uvicorn.
    assert await asyncio.wait_for(data.get_body(), 1) == b""
    assert await asyncio.wait_for(data.get_json_body(), 1) is None
    assert recorder.received == 1


async def test_erratum_11_more_body_and_disconnect() -> None:
    data = RequestData(http_scope("POST"), Recorder(body_messages(b"a", b"", b"b", b"c")).receive)
    assert await data.get_body() == b"abc"
    recorder = await call(
        sample_app, http_scope("POST", "/about/careers"), [body_messages(b"{", b"}")[0], DISCONNECT]
    )
    assert recorder.sent == []


@pytest.mark.parametrize(("body", "status"), [(b"\xff", 400), (b"{", 400), (b"", 200)])
async def test_erratum_12_json_body_errors(body, status) -> None:
    recorder = await call(sample_app, http_scope("POST", "/about/careers"), body_messages(body))
    assert response_of(recorder)[0] == status


@pytest.mark.parametrize("body", [[], {}, 0, False, ""])
def test_erratum_13_falsy_bodies(body) -> None:
    assert JsonResponse(body).body != b""
    assert TextResponse(123).body == b"123"


def test_erratum_14_render_once_and_headers_copied(monkeypatch) -> None:
    dumps = []
    encode = http_responses._JSON_ENCODER.encode
    monkeypatch.setattr(
        http_responses._JSON_ENCODER, "encode", lambda o: dumps.append(o) or encode(o)
    )
    headers = {"X-Id": "7"}
    response = JsonResponse({"a": 1}, headers=headers)
    assert dumps == [{"a": 1}]
    assert headers == {"X-Id": "7"}
    assert (b"x-id", b"7") in response.raw_headers


def test_erratum_15_header_encoding_and_charset() -> None:
    response = TextResponse("hi", encode="utf-16", headers={"X-Name": "café"})
    names = [name for name, _ in response.raw_headers]
    assert names == [b"content-type", b"content-length", b"x-name"]  # no BOM in a name
    assert (b"content-type", b"text/plain; charset=utf-16") in response.raw_headers
    assert (b"x-name", b"caf\xe9") in response.raw_headers


async def test_erratum_16_include_routes() -> None:
    first, second = ApiRouter(), ApiRouter()
    first.get("/b")(ok)
    first.get("/a")(ok)
    second.get("/a")(ok)
    assert [d.path for d in first.routes] == ["/b", "/a"]  # kept in order, never sorted
    with pytest.raises(ValueError, match="already registered"):
        App().include_routes([first, second])
    assert response_of(await call(App(), http_scope("GET", "/a")))[0] == 404


async def test_erratum_17_errors_logged(caplog, capsys) -> None:
    api = ApiRouter()

    @api.get("/fail")
    async def fail(request_data):
        raise KeyError("detail")

    app = App()
    app.include_routes([api])
    with caplog.at_level(logging.ERROR, logger="part3.app"):
        assert response_of(await call(app, http_scope("GET", "/fail")))[0] == 500
    assert caplog.records[0].exc_info[0] is KeyError
    assert capsys.readouterr() == ("", "")  # nothing printed
