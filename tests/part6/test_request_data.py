"""Part 6's RequestData: streaming and caching the body, JSON, headers, query string,
and the background tasks (tests/request_data_suite.py), and the path parameters."""

import json

from part6.api_router import ApiRouter
from part6.app import App
from part6.http_responses import OK_JSONResponse
from part6.request_data import RequestData
from tests.asgi import Recorder, call, http_scope, response_of
from tests.request_data_suite import accessor_tests, request_data_tests

globals().update(request_data_tests("part6"))
globals().update(accessor_tests("part6"))


async def test_path_params_are_empty_unless_given() -> None:
    data = RequestData(http_scope(), Recorder().receive)
    assert await data.get_path_params() == {}
    given = RequestData(http_scope(), Recorder().receive, path_params={"user_id": 42})
    assert await given.get_path_params() == {"user_id": 42}


async def test_a_handler_reads_the_converted_path_values() -> None:
    # Starlette's request.path_params: what the route's converters made of the path.
    api = ApiRouter()

    @api.get("/users/{user_id:int}/files/{rest:path}")
    async def show(user_id: int, rest: str, request_data: RequestData) -> object:
        return OK_JSONResponse(await request_data.get_path_params())

    app = App()
    app.include_routes([api])
    status, _, body = response_of(await call(app, http_scope("GET", "/users/42/files//a/b")))
    assert (status, json.loads(body)) == (
        200,
        {"user_id": 42, "rest": "/a/b"},
    )
