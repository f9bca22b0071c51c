"""Part 7's typed handlers (params.py): Part 6's plan, read once when include_routes
adds a route, which Part 7 keeps and extends to WebSocket routes (the connection by
annotation or by the name `websocket`; no body).

Part 6's own tests of the plan are in tests/part6/test_params.py, bound to Part 6;
these are Part 7's, shorter, one table per rule, until they become a shared suite:
where each value comes from, the conversion rules and their exact errors, the order
of a 422's entries, bodies into dataclasses, what the plan refuses when the route is
added, plain returns as JSON, and handlers of Parts 1-5 unchanged.
"""

import functools
import inspect
import json
import logging
import re
import typing
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest

from part7.api_router import ApiRouter
from part7.app import App
from part7.http_responses import (
    BaseHTTPResponse,
    OK_TEXTResponse,
    TextResponse,
)
from part7.params import MESSAGES, HandlerPlan
from part7.request_data import RequestData
from part7.websocket import WebSocket
from tests.asgi import (
    CONNECT,
    DISCONNECT,
    Recorder,
    body_messages,
    call,
    http_scope,
    response_of,
    websocket_scope,
)

JSON = "application/json; charset=utf-8"


def app_of(api: ApiRouter, **options: Any) -> App:
    app = App(**options)
    app.include_routes([api])
    return app


async def answer(app: App, method: str, target: str, *chunks: bytes, headers=()) -> tuple[int, Any]:
    """Send one request; the status, and the body (parsed, if it is JSON)."""
    path, _, query = target.partition("?")
    scope = http_scope(method, path, query.encode(), headers)
    status, response_headers, body = response_of(await call(app, scope, body_messages(*chunks)))
    if response_headers.get("content-type") == JSON:
        return status, json.loads(body)
    return status, body


def error(kind: str, loc: list[Any], value: Any) -> dict[str, Any]:
    """One entry of a 422's detail, as FastAPI writes it."""
    return {"type": kind, "loc": loc, "msg": MESSAGES[kind], "input": value}


def invalid(*errors: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 422, {"detail": list(errors)}


@dataclass
class Point:
    x: int
    y: int = 0


# --- Where each value comes from ---------------------------------------------------------


async def test_path_query_body_and_request_data_each_from_its_source() -> None:
    api = ApiRouter()

    @api.post("/maps/{name}/{zoom:int}")
    async def place(
        zoom: int,
        point: Point,
        data: RequestData,
        name,  # unannotated: a str
        label: str | None = None,
        tags: list[str] | None = None,
        ids: list[int] = [],  # noqa: B006
    ) -> list[Any]:
        return [name, zoom, point.x, point.y, label, tags, ids, isinstance(data, RequestData)]

    @api.get("/by-name/{user_id:int}")
    async def by_name(request_data, user_id: int | None) -> list[Any]:
        return [await request_data.get_path_params(), user_id]

    app = app_of(api)
    got = await answer(app, "POST", "/maps/home/3?label=a&label=b&ids=1&ids=2", b'{"x": 1}')
    assert got == (200, ["home", 3, 1, 0, "b", None, [1, 2], True])  # the last label
    assert await answer(app, "GET", "/by-name/7") == (200, [{"user_id": 7}, 7])


async def test_a_value_without_a_default_is_required_and_a_bad_list_item_has_its_index() -> None:
    api = ApiRouter()

    @api.get("/need")
    async def need(q: str, ids: list[int]) -> None:
        return None

    app = app_of(api)
    assert await answer(app, "GET", "/need") == invalid(
        error("missing", ["query", "q"], None), error("missing", ["query", "ids"], None)
    )
    assert await answer(app, "GET", "/need?q=&ids=1&ids=x") == invalid(
        error("int_parsing", ["query", "ids", 1], "x")
    )


# --- Conversion rules --------------------------------------------------------------------


def converting_app() -> App:
    api = ApiRouter()
    for kind in (int, float, bool, str):

        async def convert(v: Any) -> Any:
            return v

        convert.__annotations__["v"] = kind
        api.get(f"/{kind.__name__}")(convert)
    return app_of(api)


CONVERTING = converting_app()


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("int", "42", 42),
        ("int", "-3", -3),
        ("int", "%2B7", 7),  # "+7": a + in a query string is a space unless escaped
        ("int", "1" * 4300, int("1" * 4300)),
        *[("bool", text, True) for text in ["true", "1", "yes", "on", "TRUE", "oN"]],
        *[("bool", text, False) for text in ["false", "0", "no", "off", "FALSE", "OfF"]],
        ("float", "1.5", 1.5),
        ("float", "-2", -2.0),
        ("float", "1e3", 1000.0),
        ("str", "%20x%20", " x "),
    ],
)
async def test_what_each_type_accepts(kind, text, value) -> None:
    status, got = await answer(CONVERTING, "GET", f"/{kind}?v={text}")
    assert (status, got, type(got)) == (200, value, type(value))


@pytest.mark.parametrize(
    ("kind", "text", "problem"),
    [
        *[("int", text, "int_parsing") for text in ["ten", "", "4.0", "1_000", "%207", "0x1"]],
        ("int", "%D9%A1", "int_parsing"),  # an Arabic-Indic one: digits 0-9 only
        ("int", "1" * 4301, "int_parsing_size"),  # was a 500: int() refuses 4301 digits
        *[("bool", text, "bool_parsing") for text in ["t", "y", "2", ""]],
        *[("float", text, "float_parsing") for text in ["x", "", "1_0", "%201", "1%20"]],
        ("float", quote("\u0661"), "float_parsing"),  # float() reads it as 1.0
        ("float", quote("\uff11.5"), "float_parsing"),  # a fullwidth 1
        *[("float", text, "finite_number") for text in ["nan", "inf", "-inf", "1e400"]],
    ],
)
async def test_what_each_type_refuses_and_the_exact_error(kind, text, problem) -> None:
    status, got = await answer(CONVERTING, "GET", f"/{kind}?v={text}")
    sent_as_text = (await answer(CONVERTING, "GET", f"/str?v={text}"))[1]
    assert (status, got) == invalid(error(problem, ["query", "v"], sent_as_text))


def test_the_messages_are_pydantics() -> None:
    assert MESSAGES["int_parsing"] == (
        "Input should be a valid integer, unable to parse string as an integer"
    )
    assert MESSAGES["int_parsing_size"] == (
        "Unable to parse input string as an integer, exceeded maximum size"
    )
    assert MESSAGES["bool_parsing"] == "Input should be a valid boolean, unable to interpret input"
    assert MESSAGES["finite_number"] == "Input should be a finite number"


# --- Every problem at once, in FastAPI's order -------------------------------------------


async def test_every_problem_is_reported_path_then_query_then_body() -> None:
    api = ApiRouter()

    @api.post("/orders/{order_id}/{line:int}")
    async def update(point: Point, b: int, order_id: int, a: bool, line: int) -> None:
        return None

    got = await answer(app_of(api), "POST", "/orders/x/2?a=maybe&b=two", b'{"x": "3"}')
    assert got == invalid(
        error("int_parsing", ["path", "order_id"], "x"),
        error("int_parsing", ["query", "b"], "two"),  # signature order within each
        error("bool_parsing", ["query", "a"], "maybe"),
        error("int_type", ["body", "x"], "3"),
    )


@pytest.mark.parametrize(
    ("body", "position", "reason"),
    [
        (b"{nope", 1, "Expecting property name enclosed in double quotes"),
        (b"\xff", 0, "Request body is not valid UTF-8"),
        (b'{"x": NaN}', 0, "NaN is not valid JSON"),
    ],
)
async def test_a_body_that_is_not_json_is_json_invalid_with_the_reason(
    body, position, reason
) -> None:
    api = ApiRouter()

    @api.post("/points")
    async def create(point: Point) -> None:
        return None

    @api.post("/by-hand")
    async def by_hand(request_data: RequestData) -> Any:
        return await request_data.get_json_body()

    app = app_of(api)
    assert await answer(app, "POST", "/points", body) == invalid(
        {**error("json_invalid", ["body", position], {}), "ctx": {"error": reason}}
    )
    assert (await answer(app, "POST", "/by-hand", body))[0] == 400  # get_json_body: a 400


# --- Bodies into dataclasses -------------------------------------------------------------


@dataclass
class Address:
    city: str
    zip_code: str | None = None


@dataclass
class Person:
    name: str
    age: int
    height: float = 1.7
    admin: bool = False
    tags: list[str] = field(default_factory=list)
    home: Address | None = None
    past: list[Address] = field(default_factory=list)


def people_app(**options: Any) -> App:
    api = ApiRouter()

    @api.post("/people")
    async def create(person: Person) -> Person:
        return person

    @api.post("/maybe")
    async def maybe(point: Point | None = None) -> Any:
        return point

    return app_of(api, **options)


PEOPLE = people_app()


async def test_a_body_fills_nested_dataclasses_and_leaves_defaults_to_the_dataclass() -> None:
    ada = {
        "name": "Ada",
        "age": 36.0,  # a whole float is an int, as in pydantic
        "tags": ["math"],
        "home": {"city": "London"},
        "past": [{"city": "Paris", "zip_code": "75001"}],
        "extra": "ignored",
    }
    assert await answer(PEOPLE, "POST", "/people", json.dumps(ada).encode()) == (
        200,
        {
            "name": "Ada",
            "age": 36,
            "height": 1.7,
            "admin": False,
            "tags": ["math"],
            "home": {"city": "London", "zip_code": None},
            "past": [{"city": "Paris", "zip_code": "75001"}],
        },
    )


async def test_every_field_that_does_not_fit_is_reported_where_it_is() -> None:
    body = {
        "name": 5,
        "age": 1.5,
        "height": "tall",
        "admin": 1,
        "tags": ["a", 2],
        "home": {"zip_code": 75},
        "past": "Rome",
    }
    assert await answer(PEOPLE, "POST", "/people", json.dumps(body).encode()) == invalid(
        error("string_type", ["body", "name"], 5),
        error("int_from_float", ["body", "age"], 1.5),
        error("float_type", ["body", "height"], "tall"),
        error("bool_type", ["body", "admin"], 1),
        error("string_type", ["body", "tags", 1], 2),
        error("missing", ["body", "home", "city"], {"zip_code": 75}),
        error("string_type", ["body", "home", "zip_code"], 75),
        error("list_type", ["body", "past"], "Rome"),
    )
    assert (await answer(PEOPLE, "POST", "/people", b'{"name": "A", "age": true}'))[1] == {
        "detail": [error("int_type", ["body", "age"], True)]  # true is not a number
    }


async def test_an_empty_body_is_missing_and_null_only_where_none_is_allowed() -> None:
    assert await answer(PEOPLE, "POST", "/people") == invalid(error("missing", ["body"], None))
    assert await answer(PEOPLE, "POST", "/people", b"[1]") == invalid(
        {
            **error("dataclass_type", ["body"], [1]),
            "msg": "Input should be a dictionary or an instance of Person",
            "ctx": {"class_name": "Person"},
        }
    )
    assert await answer(PEOPLE, "POST", "/maybe") == (200, None)  # the default
    assert await answer(PEOPLE, "POST", "/maybe", b"null") == (200, None)
    assert await answer(PEOPLE, "POST", "/maybe", b'{"x": 1}') == (200, {"x": 1, "y": 0})


async def test_the_size_limit_stays_a_413_and_a_client_that_leaves_gets_nothing() -> None:
    app = people_app(max_body_size=8)
    assert await answer(app, "POST", "/maybe", b'{"x": 1, "y": 2}') == (
        413,
        b"Request body too large",
    )
    messages = [{"type": "http.request", "body": b'{"x"', "more_body": True}, DISCONNECT]
    assert (await call(app, http_scope("POST", "/maybe"), messages)).sent == []


# --- What the plan refuses, when the route is added --------------------------------------


class NotADataclass:
    pass


def plain_def(q: str) -> str:
    return q


async def star_args(*args: str) -> None:
    pass


async def a_dict(q: dict[str, str]) -> None:
    pass


async def a_class(q: NotADataclass) -> None:
    pass


async def two_types(q: int | str) -> None:
    pass


async def a_list_of_dataclasses(q: list[Point]) -> None:
    pass


async def two_bodies(first: Point, second: Address) -> None:
    pass


async def two_requests(request_data: RequestData, again: RequestData) -> None:
    pass


async def no_user_id(request_data: RequestData) -> None:
    pass


async def a_listed_path(user_id: list[int]) -> None:
    pass


async def query_and_extractor(q: int) -> None:
    pass


async def body_and_extractor(point: Point) -> None:
    pass


async def a_websocket_over_http(socket: WebSocket) -> None:
    pass


REFUSED = [
    (plain_def, "/", {}, "plain_def must be an async def function"),
    (star_args, "/", {}, "star_args, parameter args: *args, **kwargs and positional-only"),
    (a_dict, "/", {}, "a_dict, parameter q: dict[str, str] is not served"),
    (a_class, "/", {}, f"a_class, parameter q: {NotADataclass} is not served"),
    (two_types, "/", {}, "two_types, parameter q: int | str: one type, or one type | None"),
    (a_list_of_dataclasses, "/", {}, "a_list_of_dataclasses, parameter q: a query list holds"),
    (two_bodies, "/", {}, "two_bodies, parameter second: a second dataclass, one body at most"),
    (two_requests, "/", {}, "two_requests, parameter again: the request's data a second time"),
    (no_user_id, "/users/{user_id}", {}, "no_user_id takes no user_id for /users/{user_id}"),
    (a_listed_path, "/u/{user_id}", {}, "a_listed_path, parameter user_id: a path parameter is"),
    (
        query_and_extractor,
        "/",
        {"query_string_extractor": len},
        "query_and_extractor, parameter q: typed query parameters, or an extractor",
    ),
    (
        body_and_extractor,
        "/",
        {"body_extractor": bytes.upper},
        "body_and_extractor, parameter point: a dataclass body, or a body extractor",
    ),
    (a_websocket_over_http, "/", {}, "a_websocket_over_http, parameter socket: <class"),
]


@pytest.mark.parametrize(
    ("handler", "path", "extractors", "message"),
    REFUSED,
    ids=[handler.__name__ for handler, *_ in REFUSED],
)
def test_what_the_plan_cannot_serve_is_a_type_error_when_the_route_is_added(
    handler, path, extractors, message
) -> None:
    api = ApiRouter()
    api.get(path, **extractors)(handler)
    with pytest.raises(TypeError, match=re.escape(message)):
        App().include_routes([api])


# --- WebSocket routes --------------------------------------------------------------------


async def a_websocket_with_a_body(websocket: WebSocket, point: Point) -> None:
    pass


async def two_websockets(websocket, other: WebSocket) -> None:
    pass


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (
            a_websocket_with_a_body,
            "a_websocket_with_a_body, parameter point: a WebSocket handshake has no body",
        ),
        (two_websockets, "two_websockets, parameter other: the request's data a second time"),
    ],
)
def test_what_a_websocket_route_cannot_serve_is_a_type_error_too(handler, message) -> None:
    api = ApiRouter()
    api.websocket("/ws")(handler)
    with pytest.raises(TypeError, match=re.escape(message)):
        App().include_routes([api])


async def test_a_websocket_routes_plan_gives_the_connection_and_typed_values() -> None:
    api = ApiRouter()
    got: list[Any] = []

    @api.websocket("/ws/{room}")
    async def by_annotation(socket: WebSocket, room: str, n: int = 0) -> None:
        got.append((type(socket).__name__, room, n))

    @api.websocket("/ws/{room}/raw")
    async def by_name(websocket, room, request_data: str = "") -> None:
        # request_data is nothing special here: a query parameter like any other
        got.append((type(websocket).__name__, room, request_data))

    app = app_of(api)
    plan = app.websocket_router.get_route("/ws/a", "GET").handler
    assert isinstance(plan, HandlerPlan) and plan.request_name == "socket"
    await call(app, websocket_scope("/ws/a", b"n=2"), [CONNECT])
    await call(app, websocket_scope("/ws/b/raw", b"request_data=x"), [CONNECT])
    assert got == [("WebSocket", "a", 2), ("WebSocket", "b", "x")]


# --- Plain returns -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "body"),
    [
        ({"a": [1, None]}, b'{"a":[1,null]}'),
        ("text", b'"text"'),
        (None, b"null"),
        (Address("Oslo"), b'{"city":"Oslo","zip_code":null}'),
    ],
    ids=lambda value: type(value).__name__,
)
async def test_plain_data_is_sent_as_json_with_the_decorators_status(value, body) -> None:
    api = ApiRouter()

    @api.post("/made", status_code=201)
    async def made() -> Any:
        return value

    recorder = await call(app_of(api), http_scope("POST", "/made"))
    assert response_of(recorder) == (
        201,
        {"content-type": JSON, "content-length": str(len(body))},
        body,
    )


async def test_a_response_is_sent_as_it_is_and_what_json_cannot_carry_is_a_logged_500(
    caplog,
) -> None:
    api = ApiRouter()

    @api.post("/made", status_code=201)
    async def made() -> BaseHTTPResponse:
        return TextResponse("teapot", 418)

    @api.get("/odd/{n:int}")
    async def odd(n: int) -> Any:
        return {"a set"}

    app = app_of(api)
    assert await answer(app, "POST", "/made") == (418, b"teapot")
    with caplog.at_level(logging.ERROR, logger="part7.app"):
        assert await answer(app, "GET", "/odd/1") == (500, b"Internal Server Error")
    [record] = caplog.records
    assert record.getMessage() == f"Error while handling GET /odd/1 in {odd.__qualname__}"
    assert record.exc_info[0] is TypeError


# --- Read once; Part 1-5 handlers unchanged ----------------------------------------------


async def test_no_signature_is_read_per_request(monkeypatch) -> None:
    api = ApiRouter()

    @api.post("/people/{group}")
    async def create(group: str, person: Person, notify: bool = False) -> list[Any]:
        return [group, person.name, notify]

    @api.websocket("/ws/{room}")
    async def chat(websocket: WebSocket, room: str) -> None:
        await websocket.accept()
        await websocket.send_text(room)

    app = app_of(api)  # every signature is read here

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a signature was read for a request")

    for module, name in [(inspect, "signature"), (typing, "get_type_hints")]:
        monkeypatch.setattr(module, name, refuse)
    got = await answer(app, "POST", "/people/staff?notify=1", b'{"name": "A", "age": 1}')
    assert got == (200, ["staff", "A", True])
    sent = (await call(app, websocket_scope("/ws/lobby"), [CONNECT])).sent
    assert sent[1] == {"type": "websocket.send", "text": "lobby"}


async def test_a_part5_handler_is_called_with_the_request_data_and_nothing_read() -> None:
    api = ApiRouter()

    @api.post("/careers", query_string_extractor=len)
    async def careers(request_data: RequestData[int, bytes]) -> BaseHTTPResponse:
        return OK_TEXTResponse(b"%d" % await request_data.get_query_string_params())

    @api.get("/fast")
    async def fast(request_data):
        return OK_TEXTResponse("fast")

    app = app_of(api)
    recorder = await call(app, http_scope("POST", "/careers", b"a=1&b=2"), [])
    assert response_of(recorder)[::2] == (200, b"2")
    assert recorder.received == 0  # a plan that read the body would wait forever
    plan = app.router.get_route("/fast", "GET").handler
    assert plan.typed == [] and plan.request_name == "request_data"
    coroutine = plan(RequestData(http_scope(), Recorder().receive))
    assert coroutine.cr_code is fast.__code__  # the handler's own: no wrapper in between
    assert (await coroutine).body == b"fast"


async def test_partials_and_callable_objects_are_handlers_too() -> None:
    class Greeter:
        async def __call__(self, name: str) -> str:
            return f"hi {name}"

    async def greet(greeting: str, name: str) -> str:
        return f"{greeting} {name}"

    api = ApiRouter()
    api.get("/object/{name}")(Greeter())
    api.get("/partial/{name}")(functools.partial(greet, "hello"))
    app = app_of(api)
    assert await answer(app, "GET", "/object/ada") == (200, "hi ada")
    assert await answer(app, "GET", "/partial/ada") == (200, "hello ada")
