"""Part 6's global middleware: the chain, its order, and what it sees
(tests/middleware_suite.py), and typed handlers inside it: the middleware sees a
response either way, a 422 and plain data sent as JSON included."""

import json
import logging

from part6.api_router import ApiRouter
from part6.app import App
from part6.middleware import BaseGlobalMiddleware
from tests.asgi import call, http_scope, response_of
from tests.middleware_suite import middleware_tests

globals().update(middleware_tests("part6"))


class Note(BaseGlobalMiddleware):
    """Notes the status its call_next returned, and stamps the response."""

    def __init__(self) -> None:
        self.seen: list[int] = []

    async def __call__(self, request_data, call_next):
        response = await call_next(request_data)
        self.seen.append(response.get_status_code())
        response.add_header("x-seen", "yes")
        return response


async def test_the_after_code_runs_for_a_422_a_plain_return_and_a_set(
    caplog,
) -> None:
    api = ApiRouter()

    @api.get("/count")
    async def count(n: int) -> dict[str, int]:
        return {"n": n}

    @api.get("/set")
    async def unsendable() -> set[int]:
        return {1}

    note = Note()
    app = App(middlewares=[note])
    app.include_routes([api])
    answers = []
    with caplog.at_level(logging.ERROR, logger="part6.app"):
        for path, query in [
            ("/count", b"n=ten"),
            ("/count", b"n=3"),
            ("/set", b""),
        ]:
            status, headers, body = response_of(await call(app, http_scope("GET", path, query)))
            answers.append(
                (
                    status,
                    headers["x-seen"],
                    json.loads(body) if status < 500 else body,
                )
            )
    assert [(status, seen) for status, seen, _ in answers] == [
        (422, "yes"),
        (200, "yes"),
        (500, "yes"),
    ]
    assert answers[0][2]["detail"][0]["loc"] == ["query", "n"]
    assert answers[1][2] == {"n": 3}
    assert answers[2][2] == b"Internal Server Error"
    assert note.seen == [422, 200, 500]
    assert caplog.records[0].exc_info[0] is TypeError  # a set: not JSON
