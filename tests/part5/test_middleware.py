"""Part 5's global middleware: the chain, its order, and what it sees."""

import logging

import pytest

from part5.api_router import ApiRouter
from part5.app import App
from part5.exceptions import InvalidRequestDataException, NotFoundException
from part5.http_responses import OK_TEXTResponse, TextResponse
from part5.middleware import BaseGlobalMiddleware
from tests.asgi import DISCONNECT, call, http_scope, response_of

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
    assert events == ["a before", "b before", "handler", "b after 200", "a after 200"]
    assert headers["x-a"] == headers["x-b"] == "seen"


async def test_a_middleware_can_answer_without_calling_the_handler() -> None:
    status, headers, body = await get(app_with(Note("a"), Refuse(), Note("b")))
    assert (status, body) == (403, b"go away")
    assert events == ["a before", "refused", "a after 403"]
    assert "x-b" not in headers


async def test_an_invalid_request_raised_by_a_middleware_gets_its_response() -> None:
    app = app_with(Raise(NotFoundException("no such tenant")))
    assert (await get(app))[::2] == (404, b"no such tenant")


async def test_any_other_middleware_error_is_a_logged_500_for_the_outer_layers(
    caplog,
) -> None:
    app = app_with(Note("a"), Raise(KeyError("secret")))
    with caplog.at_level(logging.ERROR, logger="part5.app"):
        status, headers, body = await get(app)
    assert (status, body) == (500, b"Internal Server Error")
    assert events == ["a before", "a after 500"]  # a's call_next returned the 500
    assert headers["x-a"] == "seen"
    assert caplog.records[0].getMessage() == "Error in Raise"
    assert caplog.records[0].exc_info[0] is KeyError


async def test_a_middleware_that_returns_no_response_is_a_logged_500(caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="part5.app"):
        status, headers, _ = await get(app_with(Note("a"), ReturnNothing()))
    assert (status, headers["x-a"]) == (500, "seen")
    message = str(caplog.records[0].exc_info[1])
    assert message == "ReturnNothing returned NoneType, not a BaseHTTPResponse"


async def test_call_next_returns_the_chain_object_built_once() -> None:
    app = app_with(Note("a"))
    chain = app.router.get_route("/hello", "GET").handler
    await get(app)
    await get(app)
    assert app.router.get_route("/hello", "GET").handler is chain


async def test_a_client_leaving_inside_the_chain_gets_nothing_sent() -> None:
    app = app_with(Note("a"))
    messages = [{"type": "http.request", "body": b"ab", "more_body": True}, DISCONNECT]
    recorder = await call(app, http_scope("POST", "/body"), messages)
    assert recorder.sent == []


def test_the_base_class_must_be_implemented() -> None:
    with pytest.raises(NotImplementedError):
        BaseGlobalMiddleware().__call__(None, None).send(None)


async def test_limitation_404_and_405_never_pass_through_middleware() -> None:
    # As in the series: middleware wraps the handlers of matched routes. An
    # ASGI middleware (see the sample's AccessLog) sees every request.
    app = app_with(Note("a"))
    for method, path, status in [("GET", "/nope", 404), ("DELETE", "/hello", 405)]:
        got, headers, _ = await get(app, path, method)
        assert got == status
        assert events == [] and "x-a" not in headers


async def test_a_route_added_to_the_router_by_hand_has_no_chain_but_errors_are_answered(
    caplog,
) -> None:
    # include_routes() stores each handler inside its chain; app.router.add_route,
    # Part 1's way, stores the bare handler. _handle_http still answers its failure.
    async def boom(request_data):
        raise RuntimeError("secret")

    app = app_with(Note("a"))
    app.router.add_route("/by-hand", boom)
    with caplog.at_level(logging.ERROR, logger="part5.app"):
        status, headers, body = await get(app, "/by-hand")
    assert (status, body) == (500, b"Internal Server Error")
    assert events == [] and "x-a" not in headers
    assert caplog.records[0].getMessage() == "Error while handling GET /by-hand"
    assert caplog.records[0].exc_info[0] is RuntimeError


async def test_without_middlewares_handler_errors_are_answered_as_before() -> None:
    api_errors = ApiRouter()

    @api_errors.get("/bad")
    async def bad(request_data):
        raise InvalidRequestDataException("bad page")

    app = App()
    app.include_routes([api_errors])
    assert response_of(await call(app, http_scope("GET", "/bad")))[::2] == (400, b"bad page")
