"""Part 3's App: routing, error handling, logging, bodies, non-HTTP scopes."""

import logging

import pytest

from part3.api_router import ApiRouter
from part3.app import App
from part3.exceptions import InvalidRequestDataException, NotFoundException
from part3.http_responses import (
    JsonResponse,
    OK_JSONResponse,
    OK_TEXTResponse,
)
from part3.types import Methods
from tests.asgi import (
    DISCONNECT,
    body_messages,
    call,
    http_scope,
    response_of,
)

api = ApiRouter()


@api.get("/hello")
async def hello(request_data):
    return OK_TEXTResponse("hello")


@api.post("/echo")
async def echo(request_data):
    return JsonResponse(await request_data.get_json_body())


@api.post("/stream")
async def stream(request_data):
    sizes = [len(chunk) async for chunk in request_data.get_stream_body_bytes()]
    return OK_JSONResponse(sizes)


@api.get("/nothing")
async def returns_nothing(request_data):
    return None


@api.get("/dict")
async def returns_a_dict(request_data):
    return {"not": "a response"}


@api.get("/boom")
async def boom(request_data):
    raise RuntimeError("secret detail")


@api.get("/missing")
async def raises_not_found(request_data):
    raise NotFoundException("No such user")


@api.get("/invalid")
async def raises_invalid(request_data):
    raise InvalidRequestDataException("page must be a number")


@api.multi_methods("/headers", [Methods.GET, Methods.PUT])
async def headers(request_data):
    return OK_JSONResponse(
        {
            "agent": await request_data.get_header_value("User-Agent"),
            "query": await request_data.get_query_string_params(),
        }
    )


app = App()
app.include_routes([api])


async def request(method, path, *chunks, query=b"", headers=()):
    recorder = await call(app, http_scope(method, path, query, headers), body_messages(*chunks))
    return response_of(recorder)


async def test_handler_response_is_sent() -> None:
    assert await request("GET", "/hello") == (
        200,
        {"content-type": "text/plain; charset=utf-8", "content-length": "5"},
        b"hello",
    )


async def test_json_body_round_trip_over_several_chunks() -> None:
    status, headers, body = await request("POST", "/echo", b'{"a": ', b"[1, 2]}")
    assert (status, body) == (200, b'{"a":[1,2]}')
    assert headers["content-type"] == "application/json; charset=utf-8"


async def test_streaming_handler_sees_each_chunk() -> None:
    assert (await request("POST", "/stream", b"ab", b"", b"cde"))[2] == b"[2,3]"


async def test_empty_body_is_null_json() -> None:
    assert (await request("POST", "/echo"))[::2] == (200, b"null")


async def test_invalid_json_is_400_with_a_short_message() -> None:
    status, _, body = await request("POST", "/echo", b"{oops")
    assert (status, body) == (400, b"Request body is not valid JSON")


async def test_invalid_utf8_is_400() -> None:
    status, _, body = await request("POST", "/echo", b'"\xff"')
    assert (status, body) == (400, b"Request body is not valid UTF-8")


async def test_unknown_path_is_404() -> None:
    assert (await request("GET", "/nope"))[::2] == (404, b"Not found")


async def test_wrong_method_is_405_with_allow() -> None:
    status, headers, body = await request("DELETE", "/headers")
    assert (status, body) == (405, b"Method not allowed")
    assert headers["allow"] == "GET, PUT, HEAD"


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "BREW", "get"])
async def test_method_outside_methods_on_an_existing_path_is_405(method) -> None:
    status, headers, _ = await request(method, "/hello")
    assert status == 405
    assert headers["allow"] == "GET, HEAD"


async def test_head_runs_the_get_handler_and_sends_no_body() -> None:
    status, headers, body = await request("HEAD", "/hello")
    assert (status, headers["content-length"], body) == (200, "5", b"")


async def test_handler_can_raise_an_invalid_request() -> None:
    assert (await request("GET", "/missing"))[::2] == (404, b"No such user")
    assert (await request("GET", "/invalid"))[::2] == (400, b"page must be a number")


@pytest.mark.parametrize("path", ["/nothing", "/dict"])
async def test_non_response_is_500_and_logs_the_handler(path, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="part3.app"):
        status, _, body = await request("GET", path)
    assert (status, body) == (500, b"Internal Server Error")
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    handler_name = "returns_nothing" if path == "/nothing" else "returns_a_dict"
    kind = "NoneType" if path == "/nothing" else "dict"
    assert str(record.exc_info[1]) == f"{handler_name} returned {kind}, not a BaseHTTPResponse"


async def test_exception_is_500_with_generic_body_and_traceback_in_log(caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="part3.app"):
        status, _, body = await request("GET", "/boom")
    assert (status, body) == (500, b"Internal Server Error")
    assert b"secret" not in body
    [record] = caplog.records
    assert record.message == "Error while handling GET /boom"
    assert record.exc_info[0] is RuntimeError
    assert "secret detail" in caplog.text  # the traceback goes to the log


async def test_headers_and_query_parameters_reach_the_handler() -> None:
    status, _, body = await request(
        "GET", "/headers", query=b"q=1&q=2", headers=[(b"user-agent", b"curl/8")]
    )
    assert (status, body) == (200, b'{"agent":"curl/8","query":{"q":["1","2"]}}')


async def test_disconnect_while_reading_the_body_sends_nothing() -> None:
    recorder = await call(
        app, http_scope("POST", "/echo"), [body_messages(b"{", b"}")[0], DISCONNECT]
    )
    assert recorder.sent == []


async def test_routes_are_usable_before_include_routes_is_called() -> None:
    status, _, _ = response_of(await call(App(), http_scope("GET", "/")))
    assert status == 404


def test_include_routes_twice_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="only be called once"):
        app.include_routes([ApiRouter()])


# Lifespan and websocket scopes: tests/behaviour_table.py and test_erratum_02.


async def test_unknown_scope_type_is_ignored() -> None:
    assert (await call(app, {"type": "something-new"}, [])).sent == []


@pytest.mark.parametrize(
    ("path", "root_path", "status"),
    [
        ("/api/hello", "/api", 200),  # uvicorn --root-path: the prefix is in path
        ("/hello", "/api", 200),  # servers that strip the prefix themselves
        ("/api", "/api", 404),  # the mount point itself is the app's root
        ("/apihello", "/api", 404),  # not under the prefix: routed as it is
        ("/api/hello", "", 404),  # no root_path: nothing is stripped
    ],
)
async def test_root_path_is_stripped_before_routing(path, root_path, status) -> None:
    scope = {**http_scope("GET", path), "root_path": root_path}
    assert response_of(await call(app, scope))[0] == status


async def test_a_body_over_max_body_size_is_413() -> None:
    small = App(max_body_size=4)
    small.include_routes([api])
    recorder = await call(small, http_scope("POST", "/echo"), body_messages(b"[1,", b"2]"))
    assert response_of(recorder)[::2] == (413, b"Request body too large")
