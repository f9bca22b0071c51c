"""Response tests, shared by Parts 3-7: Parts 3-6's http_responses.py is the same
file, and Part 7's adds streaming responses (tested in tests/part7).

`http_responses_tests("part4")` returns the tests bound to Part 4's module; a
test module puts them in its namespace with `globals().update(...)`.
"""

import importlib
import json
from typing import Any

import pytest

from tests.asgi import Recorder, http_scope


def header_dict(response: Any) -> dict[bytes, bytes]:
    return dict(response.raw_headers)


def http_responses_tests(part: str) -> dict[str, Any]:
    """Responses are rendered once, with correct headers, and sent as two ASGI messages."""
    r = importlib.import_module(f"{part}.http_responses")

    @pytest.mark.parametrize("body", [[], {}, 0, False, "", None, [1, "two"], {"a": None}, 1.5])
    def test_json_body_is_always_valid_json(body) -> None:
        response = r.JsonResponse(body)
        assert json.loads(response.body) == body

    def test_json_none_is_null() -> None:
        assert r.JsonResponse(None).body == b"null"

    def test_json_is_compact_ascii_with_escapes_for_other_text() -> None:
        assert r.JsonResponse({"name": "Zoë"}).body == b'{"name":"Zo\\u00eb"}'
        assert json.loads(r.JsonResponse(["\ud800"]).body) == ["\ud800"]  # a lone surrogate too

    def test_json_refuses_nan_because_it_is_not_json() -> None:
        with pytest.raises(ValueError):
            r.JsonResponse(float("nan"))

    def test_json_content_type_and_length() -> None:
        response = r.JsonResponse({"ok": True})
        assert header_dict(response) == {
            b"content-type": b"application/json; charset=utf-8",
            b"content-length": b"11",
        }

    @pytest.mark.parametrize(
        ("body", "expected"),
        [(123, b"123"), ("", b""), (None, b""), (False, b"False"), ("hé", "hé".encode())],
    )
    def test_text_renders_str_of_the_body(body, expected) -> None:
        assert r.TextResponse(body).body == expected

    def test_text_charset_follows_encode() -> None:
        response = r.TextResponse("hi", encode="utf-16")
        assert header_dict(response)[b"content-type"] == b"text/plain; charset=utf-16"
        assert response.body == "hi".encode("utf-16")
        assert header_dict(response)[b"content-length"] == str(len(response.body)).encode()

    def test_base_response_takes_bytes_or_str_and_sets_no_content_type() -> None:
        assert r.BaseHTTPResponse(b"\x00\x01").body == b"\x00\x01"
        assert r.BaseHTTPResponse("é", encode="latin-1").body == b"\xe9"
        assert b"content-type" not in header_dict(r.BaseHTTPResponse(b""))
        with pytest.raises(TypeError, match="bytes or str"):
            r.BaseHTTPResponse(42)

    def test_status_code_is_kept_as_an_int() -> None:
        response = r.TextResponse("x", status_code=r.StatusCode.CREATED)
        assert response.status_code == 201
        assert type(response.status_code) is int

    def test_caller_headers_are_lower_cased_latin1_and_not_mutated() -> None:
        headers = {"X-Trace": "abc", "Content-Language": "fr"}
        response = r.JsonResponse([], headers=headers)
        assert headers == {"X-Trace": "abc", "Content-Language": "fr"}
        assert response.raw_headers[2:] == [(b"x-trace", b"abc"), (b"content-language", b"fr")]

    def test_caller_content_type_wins() -> None:
        response = r.TextResponse("abc", headers={"Content-Type": "text/csv"})
        assert response.raw_headers == [(b"content-length", b"3"), (b"content-type", b"text/csv")]

    @pytest.mark.parametrize("name", ["content-length", "Content-Length"])
    def test_content_length_is_always_computed_and_cannot_be_set(name) -> None:
        with pytest.raises(ValueError, match="computed from the body"):
            r.TextResponse("abc", headers={name: "999"})
        response = r.TextResponse("abc")
        with pytest.raises(ValueError, match="computed from the body"):
            response.add_header(name, "999")
        assert response.get_headers()["content-length"] == "3"

    def test_header_values_are_latin1() -> None:
        response = r.TextResponse("", headers={"x-name": "café"})
        assert (b"x-name", "café".encode("latin-1")) in response.raw_headers

    def test_the_body_cannot_be_replaced_so_content_length_cannot_lie() -> None:
        response = r.TextResponse("short")
        with pytest.raises(AttributeError, match="build a new response"):
            response.body += b" and much longer"
        assert response.body == response.get_body() == b"short"
        assert response.get_headers()["content-length"] == "5"

    def test_body_is_rendered_once(monkeypatch) -> None:
        renders = []
        original = r.JsonResponse.render

        def counting_render(self, body):
            renders.append(body)
            return original(self, body)

        monkeypatch.setattr(r.JsonResponse, "render", counting_render)
        response = r.JsonResponse({"a": 1})
        assert (response.body, response.body) == (b'{"a":1}', b'{"a":1}')  # read, not re-rendered
        assert renders == [{"a": 1}]

    async def test_response_is_an_asgi_callable_sending_two_messages() -> None:
        recorder = Recorder()
        await r.TextResponse("hi", status_code=404)(http_scope(), recorder.receive, recorder.send)
        assert recorder.sent == [
            {
                "type": "http.response.start",
                "status": 404,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", b"2"),
                ],
            },
            {"type": "http.response.body", "body": b"hi"},
        ]

    async def test_head_sends_the_headers_but_no_body() -> None:
        recorder = Recorder()
        await r.TextResponse("hello")(http_scope("HEAD"), recorder.receive, recorder.send)
        assert dict(recorder.sent[0]["headers"])[b"content-length"] == b"5"
        assert recorder.sent[1] == {"type": "http.response.body", "body": b""}

    json_helpers = [
        (r.OK_JSONResponse, 200, "OK"),
        (r.NOT_FOUND_JSONResponse, 404, "Not Found"),
        (r.BAD_REQUEST_JSONResponse, 400, "Bad Request"),
        (r.INTERNAL_SERVER_ERROR_JSONResponse, 500, "Internal Server Error"),
    ]
    text_helpers = [
        (r.OK_TEXTResponse, 200, "OK"),
        (r.NOT_FOUND_TEXTResponse, 404, "Not Found"),
        (r.BAD_REQUEST_TEXTResponse, 400, "Bad Request"),
        (r.METHOD_NOT_ALLOWED_TEXTResponse, 405, "Method Not Allowed"),
        (r.INTERNAL_SERVER_ERROR_TEXTResponse, 500, "Internal Server Error"),
    ]

    @pytest.mark.parametrize(("helper", "status", "phrase"), json_helpers)
    def test_json_helpers(helper, status, phrase) -> None:
        assert isinstance(helper(), r.JsonResponse)
        assert helper().status_code == status
        assert json.loads(helper().body) == {"detail": phrase}
        response = helper([1], {"x-a": "b"}, "utf-16")
        assert json.loads(response.body.decode("utf-16")) == [1]
        assert (b"x-a", b"b") in response.raw_headers
        assert json.loads(helper(0).body) == 0  # only None is replaced

    @pytest.mark.parametrize(("helper", "status", "phrase"), text_helpers)
    def test_text_helpers(helper, status, phrase) -> None:
        assert isinstance(helper(), r.TextResponse)
        assert helper().status_code == status
        assert helper().body == phrase.encode()
        response = helper("hi", {"x-a": "b"}, "utf-16")
        assert response.body == "hi".encode("utf-16")
        assert (b"x-a", b"b") in response.raw_headers
        assert helper("").body == b""

    def test_the_series_accessors_read_the_built_response() -> None:
        response = r.OK_JSONResponse({"a": 1}, headers={"X-Id": "7"})
        assert response.get_status_code() == 200
        assert response.get_body() == b'{"a":1}'
        assert response.get_headers() == {
            "content-type": "application/json; charset=utf-8",
            "content-length": "7",
            "x-id": "7",
        }

    def test_add_header_adds_or_replaces_in_the_built_list() -> None:
        response = r.TextResponse("hi")
        response.add_header("Server-Timing", "app;dur=1")
        response.add_header("content-type", "text/csv")
        assert response.raw_headers == [
            (b"content-length", b"2"),
            (b"server-timing", b"app;dur=1"),
            (b"content-type", b"text/csv"),
        ]

    def test_text_response_sends_bytes_as_they_are() -> None:
        assert r.TextResponse(b"hi").get_body() == b"hi"
        assert r.OK_TEXTResponse(b"\xff").get_body() == b"\xff"

    return {name: test for name, test in locals().items() if name.startswith("test_")}
