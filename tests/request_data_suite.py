"""RequestData tests, shared by Parts 3-7: Parts 4 and 5 keep Part 3's
request_data.py whole and add two accessors; Part 6 adds get_path_params(), and
Part 7 keeps Part 6's.

    request_data_tests(part)  Part 3's RequestData (Parts 3-7)
    accessor_tests(part)      the accessors Part 4 added (Parts 4-7)
    path_params_tests(part)   Part 6's get_path_params() (Parts 6-7)

A test module puts them in its namespace with `globals().update(...)`.
"""

import asyncio
import importlib
import json
import tracemalloc
from typing import Any

import pytest

from tests.asgi import (
    DISCONNECT,
    Recorder,
    body_messages,
    call,
    http_scope,
    response_of,
)


def request_data_tests(part: str) -> dict[str, Any]:
    """Streaming and caching the body, JSON, headers, the query string, the size limit."""
    RequestData = importlib.import_module(f"{part}.request_data").RequestData
    exceptions = importlib.import_module(f"{part}.exceptions")
    ClientDisconnectedException = exceptions.ClientDisconnectedException
    InvalidRequestDataException = exceptions.InvalidRequestDataException
    PayloadTooLargeException = exceptions.PayloadTooLargeException

    def request_data(
        messages, *, headers=(), query_string=b"", body_extractor=None, query_extractor=None
    ):
        recorder = Recorder(messages)
        scope = http_scope("POST", "/", query_string, headers)
        data = RequestData(scope, recorder.receive, query_extractor, body_extractor)
        return data, recorder

    async def collect(data: RequestData) -> list[bytes]:
        return [chunk async for chunk in data.get_stream_body_bytes()]

    async def test_stream_yields_chunks_as_they_arrive() -> None:
        data, _ = request_data(body_messages(b"ab", b"cd", b"e"))
        assert await collect(data) == [b"ab", b"cd", b"e"]

    async def test_empty_chunk_with_more_body_is_not_the_end() -> None:
        data, _ = request_data(body_messages(b"", b"ab", b"", b"cd"))
        assert await data.get_body() == b"abcd"

    async def test_missing_more_body_means_the_last_chunk() -> None:
        data, recorder = request_data([{"type": "http.request", "body": b"x"}])
        assert await data.get_body() == b"x"
        assert recorder.received == 1

    async def test_missing_body_key_is_an_empty_chunk() -> None:
        data, _ = request_data(
            [{"type": "http.request", "more_body": True}, {"type": "http.request", "body": b"z"}]
        )
        assert await data.get_body() == b"z"

    async def test_body_is_read_once_and_cached_for_every_accessor() -> None:
        data, recorder = request_data(body_messages(b'{"a"', b": 1}"))
        assert await data.get_json_body() == {"a": 1}
        assert await data.get_body() == b'{"a": 1}'
        assert await collect(data) == [b'{"a": 1}']  # read whole, so replayed whole
        assert await data.get_json_body() == {"a": 1}
        assert recorder.received == 2

    async def test_empty_body_is_read_once_and_never_waited_on_again() -> None:
        data, recorder = request_data(body_messages(b""))
        for _ in range(3):
            assert await asyncio.wait_for(data.get_body(), 1) == b""
            assert await asyncio.wait_for(collect(data), 1) == []
        assert recorder.received == 1

    async def test_streaming_keeps_nothing() -> None:
        """Twenty 1 MiB chunks stream through while about one is held at a time."""
        size, count, received = 1_048_576, 20, 0

        async def receive() -> dict:
            nonlocal received
            received += 1  # each chunk is made when asked for, as a server would
            return {"type": "http.request", "body": b"x" * size, "more_body": received < count}

        data = RequestData(http_scope("POST"), receive)
        tracemalloc.start()
        try:
            total = 0
            async for chunk in data.get_stream_body_bytes():
                total += len(chunk)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert total == size * count
        assert peak < 4 * size  # kept chunks would make it 20 MiB

    async def test_reading_whole_after_streaming_is_a_clear_runtime_error() -> None:
        data, recorder = request_data(body_messages(b"a", b"b", b"c"))
        async for chunk in data.get_stream_body_bytes():
            assert chunk == b"a"
            break
        with pytest.raises(RuntimeError, match="already streamed"):
            await data.get_body()
        with pytest.raises(RuntimeError, match="already streamed"):
            await collect(data)
        assert recorder.received == 1

    async def test_disconnect_raises_a_dedicated_exception() -> None:
        data, _ = request_data([*body_messages(b"a", b"b")[:1], DISCONNECT])
        with pytest.raises(ClientDisconnectedException):
            await data.get_body()

    async def test_disconnect_before_any_body() -> None:
        data, _ = request_data([DISCONNECT])
        with pytest.raises(ClientDisconnectedException):
            await collect(data)

    async def test_body_extractor_gets_the_whole_body() -> None:
        data, _ = request_data(body_messages(b"4", b"2"), body_extractor=int)
        assert await data.get_body() == 42

    async def test_json_body_of_an_empty_body_is_none() -> None:
        data, _ = request_data(body_messages())
        assert await data.get_json_body() is None

    async def test_json_numbers_are_python_numbers() -> None:
        data, _ = request_data(body_messages(b'[1, -2.5, 1e300, {"n": 0.0}]'))
        assert await data.get_json_body() == [1, -2.5, 1e300, {"n": 0.0}]

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (b"{not json", "Request body is not valid JSON"),
            (b"\xff\xfe{}", "Request body is not valid UTF-8"),
            (b"[" * 100_000, "Request body is nested more than 100 levels deep"),
            (b"[" * 101 + b"]" * 101, "Request body is nested more than 100 levels deep"),
            (b"NaN", "Request body is not valid JSON"),
            (b"[1e999]", "Request body is not valid JSON"),
            (b'{"x": -Infinity}', "Request body is not valid JSON"),
            (b"\xef\xbb\xbf{}", "Request body is not valid JSON"),
        ],
    )
    async def test_bad_json_body_is_a_400(body, message) -> None:
        data, _ = request_data(body_messages(body))
        with pytest.raises(InvalidRequestDataException) as info:
            await data.get_json_body()
        assert info.value.http_response.status_code == 400
        assert str(info.value) == message

    async def test_headers_are_lower_case_str_and_repeats_are_joined() -> None:
        headers = [
            (b"Content-Type", b"application/json"),
            (b"accept", b"a"),
            (b"Accept", b"b"),
            (b"x-name", b"caf\xe9"),
        ]
        data, _ = request_data(body_messages(), headers=headers)
        assert await data.get_headers() == {
            "content-type": "application/json",
            "accept": "a, b",
            "x-name": "café",
        }

    async def test_get_header_value_is_case_insensitive_with_a_default() -> None:
        data, _ = request_data(body_messages(), headers=[(b"x-token", b"t")])
        assert await data.get_header_value("X-Token") == "t"
        assert await data.get_header_value("x-missing") is None
        assert await data.get_header_value("x-missing", "none") == "none"

    async def test_query_string_works_as_in_part2() -> None:
        data, _ = request_data(body_messages(), query_string=b"a=1&a=2&b=")
        assert await data.get_query_string_params() == {"a": ["1", "2"], "b": [""]}
        data, _ = request_data(body_messages(), query_string=b"a=1", query_extractor=len)
        assert await data.get_query_string_params() == 1

    async def test_scope_without_headers_or_query_string() -> None:
        data = RequestData({"type": "http"}, Recorder().receive)
        assert await data.get_headers() == {}
        assert await data.get_query_string_params() == {}

    def limited(messages, limit, headers=()):
        recorder = Recorder(messages)
        scope = http_scope("POST", "/", b"", headers)
        return RequestData(scope, recorder.receive, max_body_size=limit), recorder

    async def test_a_declared_length_over_the_limit_is_413_before_reading() -> None:
        data, recorder = limited(body_messages(b"x" * 11), 10, [(b"content-length", b"11")])
        with pytest.raises(PayloadTooLargeException) as info:
            await data.get_body()
        assert info.value.http_response.status_code == 413
        assert recorder.received == 0  # refused before anything was read

    async def test_a_body_growing_past_the_limit_is_413_when_it_does() -> None:
        data, recorder = limited(body_messages(b"12345", b"67890", b"1", b"never read"), 10)
        with pytest.raises(PayloadTooLargeException):
            await data.get_json_body()
        assert recorder.received == 3  # stopped at the chunk that crossed the limit

    async def test_a_body_at_the_limit_is_read_and_none_means_no_limit() -> None:
        data, _ = limited(body_messages(b"12345", b"67890"), 10, [(b"content-length", b"10")])
        assert await data.get_body() == b"1234567890"
        data, _ = limited(body_messages(b"x" * 100), None, [(b"content-length", b"100")])
        assert await data.get_body() == b"x" * 100

    async def test_streaming_has_no_limit() -> None:
        data, _ = limited(body_messages(b"x" * 8, b"y" * 8), 10, [(b"content-length", b"16")])
        assert await collect(data) == [b"x" * 8, b"y" * 8]

    async def test_a_malformed_content_length_is_left_to_the_size_check() -> None:
        data, _ = limited(body_messages(b"abc"), 10, [(b"content-length", b"1e9")])
        assert await data.get_body() == b"abc"

    async def test_reading_whole_after_streaming_is_a_runtime_error_whatever_the_length() -> None:
        data, _ = limited(body_messages(b"x"), 10, [(b"content-length", b"2000000")])
        assert await collect(data) == [b"x"]
        with pytest.raises(RuntimeError, match="already streamed"):
            await data.get_body()

    return {name: test for name, test in locals().items() if name.startswith("test_")}


def accessor_tests(part: str) -> dict[str, Any]:
    """What Part 4 added to RequestData and Part 5 keeps: get_state() (its use by a
    handler is in tests/app_suite.py) and get_background_tasks()."""
    RequestData = importlib.import_module(f"{part}.request_data").RequestData

    async def test_request_data_built_without_background_tasks_says_so() -> None:
        data = RequestData(http_scope(), Recorder().receive)
        with pytest.raises(RuntimeError, match="without background tasks"):
            await data.get_background_tasks()

    return {name: test for name, test in locals().items() if name.startswith("test_")}


def path_params_tests(part: str) -> dict[str, Any]:
    """get_path_params(): the values the route's converters made of the path
    (Starlette's request.path_params), since Part 6."""
    RequestData = importlib.import_module(f"{part}.request_data").RequestData
    ApiRouter = importlib.import_module(f"{part}.api_router").ApiRouter
    App = importlib.import_module(f"{part}.app").App
    OK_JSONResponse = importlib.import_module(f"{part}.http_responses").OK_JSONResponse

    async def test_path_params_are_empty_unless_given() -> None:
        data = RequestData(http_scope(), Recorder().receive)
        assert await data.get_path_params() == {}
        given = RequestData(http_scope(), Recorder().receive, path_params={"user_id": 42})
        assert await given.get_path_params() == {"user_id": 42}

    async def test_a_handler_reads_the_converted_path_values() -> None:
        api = ApiRouter()

        @api.get("/users/{user_id:int}/files/{rest:path}")
        async def show(user_id: int, rest: str, request_data) -> object:
            return OK_JSONResponse(await request_data.get_path_params())

        app = App()
        app.include_routes([api])
        recorder = await call(app, http_scope("GET", "/users/42/files//a/b"))
        status, _, body = response_of(recorder)
        assert (status, json.loads(body)) == (200, {"user_id": 42, "rest": "/a/b"})

    async def test_path_params_are_a_new_dict_each_time_for_static_routes_too() -> None:
        api = ApiRouter()
        seen: list[Any] = []

        @api.get("/static")
        async def static(request_data) -> object:
            first = await request_data.get_path_params()
            first["added"] = True  # a handler's own copy: nothing else sees it
            seen.append(await request_data.get_path_params())
            return OK_JSONResponse(first)

        @api.get("/users/{user_id:int}")
        async def user(user_id: int, request_data) -> object:
            (await request_data.get_path_params())["user_id"] = "changed"
            return OK_JSONResponse(await request_data.get_path_params())

        app = App()
        app.include_routes([api])
        for _ in range(2):  # the second request sees nothing the first one did
            status, _, body = response_of(await call(app, http_scope("GET", "/static")))
            assert (status, json.loads(body)) == (200, {"added": True})
        assert seen == [{}, {}] and all(type(value) is dict for value in seen)
        status, _, body = response_of(await call(app, http_scope("GET", "/users/7")))
        assert (status, json.loads(body)) == (200, {"user_id": 7})

    return {name: test for name, test in locals().items() if name.startswith("test_")}
