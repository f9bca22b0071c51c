"""Part 5's sample: two framework middlewares and one ASGI middleware."""

import logging

from part5.sample import API_KEY, AccessLog, framework
from part5.sample import app as sample
from tests.asgi import call, http_scope, response_of

KEY = [(b"x-api-key", API_KEY.encode())]


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
