"""Part 5's sample app, in process: the routes it keeps from Parts 3 and 4, called with
its API key (tests/sample_suite.py), and its middlewares: two framework middlewares
and one ASGI middleware. What every Part 5 app does (404, 405, 400 for bad JSON, ...)
is in the behaviour table, tests/behaviours.py."""

import logging

import pytest

import part5.sample
from part5.sample import API_KEY, AccessLog, framework
from part5.sample import app as sample
from tests.asgi import call, http_scope, response_of
from tests.sample_suite import lifespan_sample_tests, sample_tests

KEY = [(b"x-api-key", API_KEY.encode())]

globals().update(sample_tests("part5", headers={"x-api-key": API_KEY}))
globals().update(lifespan_sample_tests("part5", headers={"x-api-key": API_KEY}))


async def test_without_the_key_the_answer_is_401_and_the_handler_never_runs() -> None:
    status, headers, body = response_of(await call(sample, http_scope("GET", "/home")))
    assert (status, body) == (401, b'{"detail":"Send the x-api-key header"}')
    assert headers["server-timing"].startswith("app;dur=")  # Timer is outermost


async def test_with_the_key_the_handler_answers_and_is_timed() -> None:
    status, headers, body = response_of(await call(sample, http_scope("GET", "/home", headers=KEY)))
    assert (status, body) == (200, b'{"page":"home"}')
    milliseconds = float(headers["server-timing"].removeprefix("app;dur="))
    assert milliseconds >= 0


async def test_the_asgi_middleware_logs_every_request_even_404s(caplog) -> None:
    assert isinstance(sample, AccessLog) and sample.app is framework
    with caplog.at_level(logging.INFO, logger="part5.sample.access"):
        await call(sample, http_scope("GET", "/nope"))
        await call(sample, http_scope("GET", "/home", headers=KEY))
    assert caplog.messages == ["GET /nope -> 404", "GET /home -> 200"]


async def test_the_asgi_middleware_passes_other_scopes_through() -> None:
    recorder = await call(sample, {"type": "websocket"}, [{"type": "websocket.connect"}])
    assert recorder.sent == [{"type": "websocket.close", "code": 1000}]


async def test_the_asgi_middleware_logs_a_request_whose_app_raised(caplog) -> None:
    async def crashes(scope, receive, send):
        raise RuntimeError("bug")

    with caplog.at_level(logging.INFO, logger="part5.sample.access"), pytest.raises(RuntimeError):
        await call(AccessLog(crashes), http_scope("GET", "/crash"))
    assert caplog.messages == ["GET /crash -> 500"]  # what the server answers


async def test_the_key_is_compared_in_constant_time(monkeypatch) -> None:
    compared = []

    def compare_digest(a, b):
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(part5.sample.secrets, "compare_digest", compare_digest)
    status = response_of(await call(sample, http_scope("GET", "/home", headers=KEY)))[0]
    assert status == 200
    assert compared == [(API_KEY.encode(), API_KEY.encode())]


async def test_a_key_with_non_ascii_bytes_is_refused_not_a_500() -> None:
    headers = [(b"x-api-key", "clé".encode("latin-1"))]
    assert response_of(await call(sample, http_scope("GET", "/home", headers=headers)))[0] == 401
