"""Global middleware tests, shared by every part that has Part 5's middleware: the
chain, its order, what it sees, and the mistakes refused when the app is built.

`middleware_tests("part5")` returns the tests bound to Part 5's modules; a test module
puts them in its namespace with `globals().update(...)`.
"""

import importlib
import logging
import re
from typing import Any

import pytest

from tests.asgi import DISCONNECT, call, http_scope, response_of


def middleware_tests(part: str) -> dict[str, Any]:
    """The chain built once, the first middleware outermost, errors as responses."""
    ApiRouter = importlib.import_module(f"{part}.api_router").ApiRouter
    App = importlib.import_module(f"{part}.app").App
    exceptions = importlib.import_module(f"{part}.exceptions")
    InvalidRequestDataException = exceptions.InvalidRequestDataException
    NotFoundException = exceptions.NotFoundException
    responses = importlib.import_module(f"{part}.http_responses")
    OK_TEXTResponse, TextResponse = (
        responses.OK_TEXTResponse,
        responses.TextResponse,
    )
    BaseGlobalMiddleware = importlib.import_module(
        f"{part}.middleware"
    ).BaseGlobalMiddleware

    events: list[str] = []

    class Note(BaseGlobalMiddleware):
        """Notes when it runs, before and after the rest of the chain."""

        def __init__(self, name: str) -> None:
            self.name = name

        async def __call__(self, request_data, call_next):
            events.append(f"{self.name} before")
            response = await call_next(request_data)
            events.append(f"{self.name} after {response.get_status_code()}")
            response.add_header(f"x-{self.name}", "seen")
            return response

    class Refuse(BaseGlobalMiddleware):
        """Answers on its own: the rest of the chain never runs."""

        async def __call__(self, request_data, call_next):
            events.append("refused")
            return TextResponse("go away", 403)

    class Raise(BaseGlobalMiddleware):
        def __init__(self, exc: Exception) -> None:
            self.exc = exc

        async def __call__(self, request_data, call_next):
            raise self.exc

    class ReturnNothing(BaseGlobalMiddleware):
        async def __call__(self, request_data, call_next):
            await call_next(request_data)

    api = ApiRouter()

    @api.get("/hello")
    async def hello(request_data):
        events.append("handler")
        return OK_TEXTResponse("hello")

    @api.post("/body")
    async def read_body(request_data):
        return OK_TEXTResponse(await request_data.get_body())

    def app_with(*middlewares: BaseGlobalMiddleware) -> App:
        app = App(middlewares=list(middlewares))
        app.include_routes([api])
        return app

    async def get(app: App, path: str = "/hello", method: str = "GET"):
        events.clear()
        return response_of(await call(app, http_scope(method, path)))

    async def test_the_first_middleware_is_the_outermost() -> None:
        status, headers, body = await get(app_with(Note("a"), Note("b")))
        assert (status, body) == (200, b"hello")
        assert events == [
            "a before",
            "b before",
            "handler",
            "b after 200",
            "a after 200",
        ]
        assert headers["x-a"] == headers["x-b"] == "seen"

    async def test_a_middleware_can_answer_without_calling_the_handler() -> (
        None
    ):
        status, headers, body = await get(
            app_with(Note("a"), Refuse(), Note("b"))
        )
        assert (status, body) == (403, b"go away")
        assert events == ["a before", "refused", "a after 403"]
        assert "x-b" not in headers

    async def test_an_invalid_request_raised_by_a_middleware_gets_its_response() -> (
        None
    ):
        app = app_with(Raise(NotFoundException("no such tenant")))
        assert (await get(app))[::2] == (404, b"no such tenant")

    async def test_any_other_middleware_error_is_a_logged_500_for_the_outer_layers(
        caplog,
    ) -> None:
        app = app_with(Note("a"), Raise(KeyError("secret")))
        with caplog.at_level(logging.ERROR, logger=f"{part}.app"):
            status, headers, body = await get(app)
        assert (status, body) == (500, b"Internal Server Error")
        assert events == [
            "a before",
            "a after 500",
        ]  # a's call_next returned the 500
        assert headers["x-a"] == "seen"
        assert (
            caplog.records[0].getMessage()
            == "Error while handling GET /hello in Raise"
        )
        assert caplog.records[0].exc_info[0] is KeyError

    async def test_a_middleware_that_returns_no_response_is_a_logged_500(
        caplog,
    ) -> None:
        with caplog.at_level(logging.ERROR, logger=f"{part}.app"):
            status, headers, _ = await get(
                app_with(Note("a"), ReturnNothing())
            )
        assert (status, headers["x-a"]) == (500, "seen")
        message = str(caplog.records[0].exc_info[1])
        assert (
            message
            == "ReturnNothing returned NoneType, not a BaseHTTPResponse"
        )

    async def test_call_next_returns_the_chain_object_built_once() -> None:
        app = app_with(Note("a"))
        chain = app.router.get_route("/hello", "GET").handler
        await get(app)
        await get(app)
        assert app.router.get_route("/hello", "GET").handler is chain

    async def test_a_client_leaving_inside_the_chain_gets_nothing_sent() -> (
        None
    ):
        app = app_with(Note("a"))
        messages = [
            {"type": "http.request", "body": b"ab", "more_body": True},
            DISCONNECT,
        ]
        recorder = await call(app, http_scope("POST", "/body"), messages)
        assert recorder.sent == []

    def test_the_base_class_must_be_implemented() -> None:
        with pytest.raises(NotImplementedError):
            BaseGlobalMiddleware().__call__(None, None).send(None)

    async def test_limitation_404_and_405_never_pass_through_middleware() -> (
        None
    ):
        # As in the series: middleware wraps the handlers of matched routes. An
        # ASGI middleware (see the sample's AccessLog) sees every request.
        app = app_with(Note("a"))
        for method, path, status in [
            ("GET", "/nope", 404),
            ("DELETE", "/hello", 405),
        ]:
            got, headers, _ = await get(app, path, method)
            assert got == status
            assert events == [] and "x-a" not in headers

    async def test_a_route_added_to_the_router_by_hand_has_no_chain_but_errors_are_answered(
        caplog,
    ) -> None:
        # include_routes() stores each handler inside its chain; app.router.add_route,
        # Part 1's way, stores the bare handler. The app still answers its failure.
        async def boom(request_data):
            raise RuntimeError("secret")

        app = app_with(Note("a"))
        app.router.add_route("/by-hand", boom)
        with caplog.at_level(logging.ERROR, logger=f"{part}.app"):
            status, headers, body = await get(app, "/by-hand")
        assert (status, body) == (500, b"Internal Server Error")
        assert events == [] and "x-a" not in headers
        assert caplog.records[0].getMessage() == (
            f"Error while handling GET /by-hand in {boom.__qualname__}"
        )
        assert caplog.records[0].exc_info[0] is RuntimeError

    async def test_without_middlewares_handler_errors_are_answered_as_before() -> (
        None
    ):
        api_errors = ApiRouter()

        @api_errors.get("/bad")
        async def bad(request_data):
            raise InvalidRequestDataException("bad page")

        app = App()
        app.include_routes([api_errors])
        assert response_of(await call(app, http_scope("GET", "/bad")))[
            ::2
        ] == (400, b"bad page")

    async def test_a_middleware_may_name_call_next_as_it_likes() -> None:
        class Renamed(BaseGlobalMiddleware):
            async def __call__(
                self, request, then
            ):  # call_next comes by position
                response = await then(request)
                response.add_header("x-renamed", "yes")
                return response

        status, headers, _ = await get(app_with(Renamed()))
        assert (status, headers["x-renamed"]) == (200, "yes")

    @pytest.mark.parametrize(
        ("middleware", "message"),
        [
            (Note, "Note is a class: pass an instance, Note()"),
            (object(), "is not a BaseGlobalMiddleware"),
            (
                BaseGlobalMiddleware(),
                "BaseGlobalMiddleware does not implement __call__",
            ),
        ],
        ids=["a-class", "not-a-middleware", "no-call"],
    )
    def test_a_middleware_that_could_never_run_is_refused_when_the_app_is_built(
        middleware, message
    ) -> None:
        with pytest.raises(TypeError, match=re.escape(message)):
            App(middlewares=[middleware])

    async def test_a_middleware_cannot_change_a_body_after_it_is_rendered() -> (
        None
    ):
        # content-length was computed from the body: a new body would make it lie.
        class Append(BaseGlobalMiddleware):
            async def __call__(self, request_data, call_next):
                response = await call_next(request_data)
                response.body += b" and more"
                return response

        status, headers, body = await get(app_with(Append()))
        assert (status, body) == (500, b"Internal Server Error")
        assert headers["content-length"] == str(len(body))

    return {
        name: test
        for name, test in locals().items()
        if name.startswith("test_")
    }
