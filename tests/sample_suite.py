"""Sample app tests, shared by the parts whose sample keeps a route as it was,
run in process.

    sample_tests(part)           /, /home, /about and /about/careers, with their
                                 extractors (Parts 3-7)
    lifespan_sample_tests(part)  /visits and /signup, which Part 4 added (Parts 4-7)

/about returns None: Parts 3-5 answer that with a logged 500, and Part 6 on, which
send plain returns as JSON, with 200 `null`; the suite expects each part's own
answer (`sends_plain_data`). Part 6's new routes are tested in tests/part6.

Part 5's sample answers only requests with its API key: pass
`headers={"x-api-key": API_KEY}` and every request sends them. What every app of
a part does (404, 405, 400 for bad JSON, ...) is in the behaviour table,
tests/behaviours.py. A test module puts the tests in its namespace with
`globals().update(...)`.
"""

import asyncio
import importlib
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from tests.asgi import body_messages, call, http_scope, response_of
from tests.probes import sends_plain_data


def client(app: Any, headers: dict[str, str]) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers)


def sample_tests(part: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """The routes every sample has had since Part 3."""
    sample = importlib.import_module(f"{part}.sample")
    headers = headers or {}

    @pytest.mark.parametrize("path", ["/", "/home", "/home/"])
    async def test_home_answers_json(path) -> None:
        async with client(sample.app, headers) as http:
            response = await http.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        assert response.json() == {"page": "home"}

    if sends_plain_data(part):

        async def test_about_returns_nothing_which_is_sent_as_json_null(caplog) -> None:
            with caplog.at_level(logging.ERROR, logger=f"{part}.app"):
                async with client(sample.app, headers) as http:
                    response = await http.get("/about")
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/json; charset=utf-8"
            assert response.content == b"null"
            assert caplog.records == []

    else:

        async def test_about_returns_nothing_so_the_app_answers_500(caplog) -> None:
            with caplog.at_level(logging.ERROR, logger=f"{part}.app"):
                async with client(sample.app, headers) as http:
                    response = await http.get("/about")
            assert response.status_code == 500
            assert response.text == "Internal Server Error"
            assert "about" in caplog.text

    async def test_careers_echoes_query_body_and_json() -> None:
        async with client(sample.app, headers) as http:
            response = await http.post(
                "/about/careers",
                params=[("team", "web"), ("tag", "a"), ("tag", "b")],
                json={"role": "dev"},
            )
        assert response.status_code == 200
        assert response.json() == {
            "query": {"team": "web", "tag": ["a", "b"]},
            "body": '{"role":"dev"}',
            "json": {"role": "dev"},
        }

    async def test_careers_get_without_body() -> None:
        async with client(sample.app, headers) as http:
            response = await http.get("/about/careers")
        assert response.json() == {"query": {}, "body": "", "json": None}

    async def test_careers_echoes_json_nested_as_deep_as_allowed() -> None:
        # The echo wraps the value in one more object: it must still encode, never a 500.
        deepest = "[" * 100 + "]" * 100
        async with client(sample.app, headers) as http:
            response = await http.post("/about/careers", content=deepest)
            too_deep = await http.post("/about/careers", content="[" + deepest + "]")
        assert response.status_code == 200
        assert response.json()["json"] == json.loads(deepest)
        assert (too_deep.status_code, too_deep.text) == (
            400,
            "Request body is nested more than 100 levels deep",
        )

    def test_sample_extractors() -> None:
        assert sample.keep_single_values({"a": ["1"], "b": ["1", "2"]}) == {
            "a": "1",
            "b": ["1", "2"],
        }
        assert sample.decode_text(b"caf\xc3\xa9 \xff") == "café \ufffd"

    return {name: test for name, test in locals().items() if name.startswith("test_")}


@asynccontextmanager
async def lifespan_running(app: Any) -> AsyncIterator[dict[str, Any]]:
    """A server's side of the lifespan: start-up before the block, shut-down
    (which drains the background tasks) after it. Yields the lifespan state."""
    state: dict[str, Any] = {}
    incoming: asyncio.Queue[dict] = asyncio.Queue()
    sent: asyncio.Queue[dict] = asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.4"}}
    running = asyncio.create_task(app({**scope, "state": state}, incoming.get, sent.put))
    await incoming.put({"type": "lifespan.startup"})
    assert await asyncio.wait_for(sent.get(), 2) == {"type": "lifespan.startup.complete"}
    try:
        yield state
    finally:
        await incoming.put({"type": "lifespan.shutdown"})
        await asyncio.wait_for(running, 2)
    assert await sent.get() == {"type": "lifespan.shutdown.complete"}


def lifespan_sample_tests(part: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """The routes Part 4's sample added: a counter in the lifespan state, and a
    sign-up that queues a background task."""
    sample = importlib.import_module(f"{part}.sample")
    raw_headers = [(name.encode(), value.encode()) for name, value in (headers or {}).items()]

    async def request(method: str, path: str, body: bytes = b"", state=None):
        scope = http_scope(method, path, headers=raw_headers)
        if state is not None:
            scope["state"] = dict(state)  # the server gives every request a shallow copy
        return response_of(await call(sample.app, scope, body_messages(body)))

    def sample_log(caplog) -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == f"{part}.sample"]

    async def test_visits_are_counted_in_the_lifespan_state(caplog) -> None:
        with caplog.at_level(logging.INFO, logger=f"{part}.sample"):
            async with lifespan_running(sample.app) as state:
                first = await request("GET", "/visits", state=state)
                second = await request("GET", "/visits", state=state)
        assert first[::2] == (200, b'{"visits":1}')
        assert second[::2] == (200, b'{"visits":2}')
        assert sample_log(caplog) == [
            "Start-up: the visit counter is ready",
            "Shut-down: 2 visit(s) counted",
        ]

    async def test_visits_without_a_lifespan_is_a_logged_500(caplog) -> None:
        # As under `uvicorn --lifespan off`: no start-up, so no counter in the state.
        with caplog.at_level(logging.ERROR, logger=f"{part}.app"):
            assert (await request("GET", "/visits"))[::2] == (500, b"Internal Server Error")
        [error] = caplog.records
        assert error.exc_info[0] is KeyError

    async def test_signup_answers_202_and_the_welcome_task_runs(caplog) -> None:
        with caplog.at_level(logging.INFO, logger=f"{part}.sample"):
            async with lifespan_running(sample.app) as state:
                answer = await request("POST", "/signup", b'{"email": "ada@example.com"}', state)
            # leaving the block shut the app down, which drained the task
        assert answer[::2] == (202, b'{"queued":"welcome"}')
        assert "Welcome message sent to ada@example.com" in sample_log(caplog)

    @pytest.mark.parametrize(
        "body",
        [b'{"name": "ada"}', b'{"email": 5}', b'["ada@example.com"]', b'"ada@example.com"', b""],
    )
    async def test_signup_without_an_email_string_is_a_400(body) -> None:
        assert (await request("POST", "/signup", body))[::2] == (400, b'Send {"email": "..."}')

    return {name: test for name, test in locals().items() if name.startswith("test_")}
