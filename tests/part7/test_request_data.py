"""Part 7's RequestData: streaming and caching the body, JSON, headers, query string,
and the background tasks (tests/request_data_suite.py), and Part 6's path parameters."""

import json

from part7.api_router import ApiRouter
from part7.app import App
from part7.http_responses import OK_JSONResponse
from part7.request_data import RequestData
from tests.asgi import Recorder, call, http_scope, response_of
from tests.request_data_suite import accessor_tests, request_data_tests

globals().update(request_data_tests("part7"))
globals().update(accessor_tests("part7"))


async def test_path_params_are_empty_unless_given() -> None:
    data = RequestData(http_scope(), Recorder().receive)
    assert await data.get_path_params() == {}
    given = RequestData(http_scope(), Recorder().receive, path_params={"user_id": 42})
    assert await given.get_path_params() == {"user_id": 42}


async def test_a_handler_reads_the_converted_path_values() -> None:
    api = ApiRouter()

    @api.get("/users/{user_id:int}/files/{rest:path}")
    async def show(user_id: int, rest: str, request_data: RequestData) -> OK_JSONResponse:
        return OK_JSONResponse(await request_data.get_path_params())

    app = App()
    app.include_routes([api])
    recorder = await call(app, http_scope("GET", "/users/7/files//etc/hosts"))
    status, _, body = response_of(recorder)
    assert (status, json.loads(body)) == (200, {"user_id": 7, "rest": "/etc/hosts"})
