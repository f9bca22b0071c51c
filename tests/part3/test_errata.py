"""Regression tests for the errata that apply to Part 3 (listed on the site's Errata page).

Where an erratum is a behaviour of the table in tests/behaviours.py, its test runs
those rows for Part 3, so the expected answers are written in one place.
"""

import ast
import pathlib
import subprocess
import sys

import pytest

from part3 import http_responses
from part3.api_router import ApiRouter
from part3.app import App
from part3.exceptions import MethodNotAllowedException, NotFoundException
from part3.http_responses import JsonResponse, OK_JSONResponse, TextResponse
from part3.router import Router
from tests.asgi import body_messages, call, http_scope, response_of
from tests.behaviours import check_behaviours

PART3 = pathlib.Path(__file__).parents[2] / "part3"


async def ok(request_data):
    return OK_JSONResponse({"ok": True})


async def test_erratum_02_non_http_scopes() -> None:
    await check_behaviours("part3", "lifespan", "websocket")


async def test_erratum_03_wrong_method_is_405_not_404() -> None:
    await check_behaviours("part3", "wrong-method")


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
    await check_behaviours("part3", "handler-response")


def test_erratum_06_exceptions_carry_http_response() -> None:
    assert NotFoundException().http_response.status_code == 404
    assert MethodNotAllowedException(allowed_methods=["GET"]).http_response.status_code == 405


async def test_erratum_06_wrong_method_does_not_crash_the_app() -> None:
    await check_behaviours("part3", "unknown-path", "wrong-method")


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
    await check_behaviours("part3", "unknown-path")  # GET /a, on the way to /a/b


async def test_erratum_09_head_options_and_unknown_methods() -> None:
    await check_behaviours("part3", "head", "wrong-method")


async def test_erratum_10_empty_body_read_once() -> None:
    await check_behaviours("part3", "empty-body")


async def test_erratum_11_more_body_and_disconnect() -> None:
    await check_behaviours("part3", "more-body", "disconnect")


async def test_erratum_12_json_body_errors() -> None:
    await check_behaviours("part3", "invalid-json", "invalid-utf8")


@pytest.mark.parametrize("body", [[], {}, 0, False, ""])
def test_erratum_13_falsy_bodies(body) -> None:
    assert JsonResponse(body).body != b""
    assert TextResponse(123).body == b"123"


def test_erratum_14_render_once_and_headers_copied(monkeypatch) -> None:
    dumps = []
    encode = http_responses._JSON_ENCODER.encode
    monkeypatch.setattr(
        http_responses._JSON_ENCODER,
        "encode",
        lambda o: dumps.append(o) or encode(o),
    )
    headers = {"X-Id": "7"}
    response = JsonResponse({"a": 1}, headers=headers)
    assert dumps == [{"a": 1}]
    assert headers == {"X-Id": "7"}
    assert (b"x-id", b"7") in response.raw_headers


def test_erratum_15_header_encoding_and_charset() -> None:
    response = TextResponse("hi", encode="utf-16", headers={"X-Name": "café"})
    names = [name for name, _ in response.raw_headers]
    assert names == [
        b"content-type",
        b"content-length",
        b"x-name",
    ]  # no BOM in a name
    assert (
        b"content-type",
        b"text/plain; charset=utf-16",
    ) in response.raw_headers
    assert (b"x-name", b"caf\xe9") in response.raw_headers


async def test_erratum_16_include_routes() -> None:
    first, second = ApiRouter(), ApiRouter()
    first.get("/b")(ok)
    first.get("/a")(ok)
    second.get("/a")(ok)
    assert [d.path for d in first.routes] == [
        "/b",
        "/a",
    ]  # kept in order, never sorted
    with pytest.raises(ValueError, match="already registered"):
        App().include_routes([first, second])
    assert response_of(await call(App(), http_scope("GET", "/a")))[0] == 404


async def test_erratum_17_errors_logged(capsys) -> None:
    await check_behaviours("part3", "handler-error")  # a 500, and the traceback logged
    assert capsys.readouterr() == ("", "")  # nothing printed
