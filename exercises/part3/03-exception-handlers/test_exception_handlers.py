"""part3/03-exception-handlers: the application answers exceptions itself,
the nearest handler wins, and what nobody expected is still logged."""

import logging

import pytest

from exercises import load
from exercises.asgi import request
from part3.api_router import ApiRouter
from part3.exceptions import (
    InvalidRequest,
    MethodNotAllowedException,
    NotFoundException,
)
from part3.http_responses import JsonResponse, OK_TEXTResponse

App = load(__file__, "app").App


class OutOfStock(Exception):
    """A failure the application expects, and answers with a 409."""


class SoldOut(OutOfStock):
    pass


raised: list[Exception] = []


def make_app():
    router = ApiRouter()

    @router.get("/items")
    async def items(data):
        return OK_TEXTResponse("items")

    @router.get("/buy")
    async def buy(data):
        raised.append(OutOfStock("no more apples"))
        raise raised[-1]

    @router.get("/sold-out")
    async def sold_out(data):
        raise SoldOut("none left")

    @router.get("/crash")
    async def crash(data):
        raise RuntimeError("a bug")

    @router.get("/forgetful")
    async def forgetful(data):
        return None  # a forgotten return: a bug too

    @router.post("/echo")
    async def echo(data):
        return JsonResponse(await data.get_json_body())

    app = App()
    app.include_routes([router])
    return app


async def not_found_page(scope, exc):
    return JsonResponse({"error": f"no page at {scope['path']}"}, 404)


async def invalid_request_page(scope, exc):
    status = exc.http_response.get_status_code()
    return JsonResponse({"error": str(exc), "kind": "invalid"}, status)


async def out_of_stock_page(scope, exc):
    return JsonResponse({"error": str(exc)}, 409)


async def error_page(scope, exc):
    return JsonResponse({"error": "sorry, try again later"}, 503)


def errors_logged(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_a_handler_answers_its_exception() -> None:
    """With a handler for NotFoundException, GET /missing gets its 404 page,
    which can use the scope."""
    app = make_app()
    app.add_exception_handler(NotFoundException, not_found_page)
    sent = await request(app, "GET", "/missing")
    assert sent.status == 404
    assert sent.body == b'{"error":"no page at /missing"}'


async def test_a_handler_answers_subclasses_too() -> None:
    """A handler for InvalidRequest answers the 404, the 405 and the 400."""
    app = make_app()
    app.add_exception_handler(InvalidRequest, invalid_request_page)
    missing = await request(app, "GET", "/missing")
    wrong_method = await request(app, "DELETE", "/items")
    bad_json = await request(app, "POST", "/echo", body=b"{not json")
    assert (missing.status, wrong_method.status, bad_json.status) == (404, 405, 400)
    for sent in (missing, wrong_method, bad_json):
        assert b'"kind":"invalid"' in sent.body


async def test_the_nearest_handler_wins() -> None:
    """With handlers for InvalidRequest and NotFoundException, in either
    order, a 404 gets the NotFoundException one and a 405 the other."""
    for handlers in [
        [(InvalidRequest, invalid_request_page), (NotFoundException, not_found_page)],
        [(NotFoundException, not_found_page), (InvalidRequest, invalid_request_page)],
    ]:
        app = make_app()
        for exc_class, handler in handlers:
            app.add_exception_handler(exc_class, handler)
        assert b"no page at" in (await request(app, "GET", "/missing")).body
        assert b"invalid" in (await request(app, "DELETE", "/items")).body


async def test_the_handler_gets_the_exception_itself() -> None:
    """The handler receives the very exception the route raised."""
    seen = []

    async def keep(scope, exc):
        seen.append(exc)
        return OK_TEXTResponse("kept")

    raised.clear()
    app = make_app()
    app.add_exception_handler(OutOfStock, keep)
    await request(app, "GET", "/buy")
    assert seen == raised


async def test_an_expected_exception_is_answered_and_not_logged(caplog) -> None:
    """OutOfStock, and its subclass SoldOut, get the 409 of their handler,
    and nothing is logged as an error."""
    app = make_app()
    app.add_exception_handler(OutOfStock, out_of_stock_page)
    buy = await request(app, "GET", "/buy")
    sold_out = await request(app, "GET", "/sold-out")
    assert (buy.status, buy.body) == (409, b'{"error":"no more apples"}')
    assert (sold_out.status, sold_out.body) == (409, b'{"error":"none left"}')
    assert errors_logged(caplog) == []


async def test_without_a_handler_part_3_answers(caplog) -> None:
    """With no handler, a bug is Part 3's logged 500, and a 404 is its 404."""
    app = make_app()
    crash = await request(app, "GET", "/crash")
    missing = await request(app, "GET", "/missing")
    assert (crash.status, crash.body) == (500, b"Internal Server Error")
    assert (missing.status, missing.body) == (404, b"Not found")
    [record] = errors_logged(caplog)
    assert isinstance(record.exc_info[1], RuntimeError)


async def test_a_handler_that_returns_no_response_is_a_logged_500(caplog) -> None:
    """A handler that returns None is a bug, as in Part 3: a 500, and the
    log says which handler returned what."""
    app = make_app()
    forgetful = await request(app, "GET", "/forgetful")
    assert (forgetful.status, forgetful.body) == (500, b"Internal Server Error")
    [record] = errors_logged(caplog)
    assert "forgetful returned NoneType, not a BaseHTTPResponse" in str(record.exc_info[1])


async def test_a_handler_for_exception_replaces_the_500_and_logs(caplog) -> None:
    """A handler for Exception answers a bug with its own page, and the
    traceback is still logged; a 404 keeps Part 3's answer."""
    app = make_app()
    app.add_exception_handler(Exception, error_page)
    crash = await request(app, "GET", "/crash")
    assert (crash.status, crash.body) == (503, b'{"error":"sorry, try again later"}')
    [record] = errors_logged(caplog)
    assert isinstance(record.exc_info[1], RuntimeError)
    missing = await request(app, "GET", "/missing")
    assert (missing.status, missing.body) == (404, b"Not found")


async def test_a_failing_handler_gives_the_generic_500(caplog) -> None:
    """A handler that raises, or returns no response, gives Part 3's 500,
    and the log says so."""

    async def broken(scope, exc):
        raise KeyError("oops")

    async def forgetful(scope, exc):
        return {"error": "not a response"}

    for handler in (broken, forgetful):
        caplog.clear()
        app = make_app()
        app.add_exception_handler(OutOfStock, handler)
        sent = await request(app, "GET", "/buy")
        assert (sent.status, sent.body) == (500, b"Internal Server Error")
        assert errors_logged(caplog)


async def test_a_client_that_left_gets_nothing() -> None:
    """When the client leaves while its body is read, nothing is sent and no
    handler runs, not even one for Exception."""
    calls = []

    async def record(scope, exc):
        calls.append(exc)
        return OK_TEXTResponse("never sent")

    app = make_app()
    app.add_exception_handler(Exception, record)
    sent = []
    scope = {"type": "http", "method": "POST", "path": "/echo", "headers": []}

    async def receive():
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    assert sent == []
    assert calls == []


def test_only_exception_classes_can_be_handled() -> None:
    """add_exception_handler refuses an instance, or a class that is not an
    exception, with TypeError."""
    app = make_app()
    for not_a_class in (ValueError("x"), str, 404):
        with pytest.raises(TypeError):
            app.add_exception_handler(not_a_class, error_page)


async def test_a_second_handler_replaces_the_first() -> None:
    """Registering a class twice keeps the last handler."""
    app = make_app()
    app.add_exception_handler(OutOfStock, error_page)
    app.add_exception_handler(OutOfStock, out_of_stock_page)
    assert (await request(app, "GET", "/buy")).status == 409


async def test_a_405_handler_can_still_say_allow() -> None:
    """A handler for MethodNotAllowedException can read allowed_methods."""

    async def method_page(scope, exc):
        response = JsonResponse({"allowed": list(exc.allowed_methods)}, 405)
        response.add_header("allow", ", ".join(exc.allowed_methods))
        return response

    app = make_app()
    app.add_exception_handler(MethodNotAllowedException, method_page)
    sent = await request(app, "DELETE", "/items")
    assert sent.status == 405
    assert sent.header("allow") == "GET, HEAD"
    assert sent.body == b'{"allowed":["GET","HEAD"]}'


async def test_requests_that_succeed_are_unchanged() -> None:
    """GET /items still answers 200 items, with handlers registered."""
    app = make_app()
    app.add_exception_handler(Exception, error_page)
    sent = await request(app, "GET", "/items")
    assert (sent.status, sent.body) == (200, b"items")
