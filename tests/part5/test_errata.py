"""Regression tests for the errata of the series' Part 5 (middleware and
logging), each named after its entry on the site's Errata page."""

import inspect
import logging
import textwrap

import part5.middleware
from part5.api_router import ApiRouter
from part5.app import App
from part5.exceptions import InvalidRequestDataException
from part5.http_responses import OK_JSONResponse, OK_TEXTResponse
from part5.middleware import BaseGlobalMiddleware
from part5.sample import API_KEY
from part5.sample import app as sample
from tests.asgi import body_messages, call, http_scope, response_of

KEY = [(b"x-api-key", API_KEY.encode())]


class Stamp(BaseGlobalMiddleware):
    async def __call__(self, request_data, call_next):
        response = await call_next(request_data)
        response.add_header("x-stamp", "yes")
        return response


async def test_erratum_28_the_chain_is_built_once_per_route(monkeypatch) -> None:
    builds = []
    build = App._build_chain
    monkeypatch.setattr(App, "_build_chain", lambda self, h: builds.append(h) or build(self, h))
    api = ApiRouter()

    @api.get("/a")
    async def a(request_data):
        return OK_TEXTResponse("a")

    app = App(middlewares=[Stamp(), Stamp()])
    app.include_routes([api])
    assert builds == [a]
    for _ in range(3):
        assert response_of(await call(app, http_scope("GET", "/a")))[0] == 200
    assert builds == [a]  # requests reuse the chain; the series rebuilt it each time


async def test_erratum_28_the_docstring_example_runs_as_written() -> None:
    # cleandoc: Python 3.13 strips a docstring's indentation, 3.11 keeps it
    doc = inspect.cleandoc(part5.middleware.BaseGlobalMiddleware.__doc__ or "")
    example = textwrap.dedent(doc.split("For example:\n")[1].split("\n\n`App(")[0])
    namespace = vars(part5.middleware).copy()
    exec(example, namespace)  # the series' example is a SyntaxError as written
    api = ApiRouter()

    @api.get("/")
    async def home(request_data):
        return OK_TEXTResponse("home")

    app = App(middlewares=[namespace["PoweredBy"]()])
    app.include_routes([api])
    _, headers, _ = response_of(await call(app, http_scope("GET", "/")))
    assert headers["x-powered-by"] == "part5"


async def test_erratum_29_middleware_sees_handler_errors_as_responses(caplog) -> None:
    api = ApiRouter()

    @api.get("/bad")
    async def bad(request_data):
        raise InvalidRequestDataException("bad page")

    @api.get("/boom")
    async def boom(request_data):
        raise RuntimeError("secret")

    @api.get("/none")
    async def none(request_data):
        return None  # the series' middleware then failed on add_header

    app = App(middlewares=[Stamp()])
    app.include_routes([api])
    with caplog.at_level(logging.ERROR, logger="part5.app"):
        for path, status in [("/bad", 400), ("/boom", 500), ("/none", 500)]:
            got, headers, _ = response_of(await call(app, http_scope("GET", path)))
            assert (got, headers["x-stamp"]) == (status, "yes")
    assert [r.getMessage() for r in caplog.records] == [
        f"Error while handling GET /{name} in "
        f"test_erratum_29_middleware_sees_handler_errors_as_responses.<locals>.{name}"
        for name in ("boom", "none")
    ]


async def test_erratum_30_headers_and_query_strings_read_as_in_part3() -> None:
    api = ApiRouter()

    @api.get("/echo", query_string_extractor=lambda params: params)
    async def echo(request_data):
        return OK_JSONResponse(
            {
                "query": await request_data.get_query_string_params(),
                "accept": await request_data.get_header_value("ACCEPT"),
                "name": await request_data.get_header_value("x-name"),
            }
        )

    app = App()
    app.include_routes([api])
    headers = [(b"accept", b"a"), (b"Accept", b"b"), (b"x-name", b"caf\xe9")]
    query = b"token=a=b&next=/x?y=1&debug"
    status, _, body = response_of(await call(app, http_scope("GET", "/echo", query, headers)))
    assert status == 200
    assert body == (
        b'{"query":{"token":["a=b"],"next":["/x?y=1"],"debug":[""]},'
        b'"accept":"a, b","name":"caf\\u00e9"}'
    )


async def test_erratum_31_head_options_and_chunked_bodies_work_at_the_end() -> None:
    head = await call(sample, http_scope("HEAD", "/home", headers=KEY))
    assert response_of(head)[::2] == (200, b"")
    options = await call(sample, http_scope("OPTIONS", "/home", headers=KEY))
    assert response_of(options)[0] == 405
    careers = await call(
        sample,
        http_scope("POST", "/about/careers", headers=KEY),
        body_messages(b'{"role": ', b'"dev"}'),
    )
    status, _, body = response_of(careers)
    assert status == 200
    assert body == b'{"query":{},"body":"{\\"role\\": \\"dev\\"}","json":{"role":"dev"}}'
