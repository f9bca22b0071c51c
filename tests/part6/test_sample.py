"""Part 6's sample app, in process: the routes it keeps from Parts 3 and 4
(tests/sample_suite.py; its /about now answers `null`, since plain returns are JSON),
its three typed routes, and its middlewares. Part 5's API-key check is left out, so
a browser can use the sample. What every Part 6 app does (404, 405, 400 for bad
JSON, ...) is in the behaviour table, tests/behaviours.py."""

import logging

import httpx
import pytest

from part6.sample import AccessLog, NewUser, User, framework
from part6.sample import app as sample
from tests.asgi import call, http_scope
from tests.sample_suite import lifespan_sample_tests, sample_tests

globals().update(sample_tests("part6"))
globals().update(lifespan_sample_tests("part6"))

INT_PARSING = "Input should be a valid integer, unable to parse string as an integer"


def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=sample)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_a_user_with_typed_path_and_query_values() -> None:
    async with client() as http:
        response = await http.get("/users/42", params={"limit": "5", "verbose": "yes"})
        defaults = await http.get("/users/7")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {"user_id": 42, "limit": 5, "verbose": True}
    assert defaults.json() == {"user_id": 7, "limit": 10, "verbose": False}


@pytest.mark.parametrize("path", ["/users/abc", "/users/-1", "/users/4.0", "/users/1/2"])
async def test_a_user_id_that_is_not_digits_is_not_found(path) -> None:
    async with client() as http:
        response = await http.get(path)
    assert (response.status_code, response.text) == (404, "Not found")


async def test_bad_query_values_are_one_422_listing_each() -> None:
    async with client() as http:
        response = await http.get("/users/42", params={"limit": "ten", "verbose": "maybe"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "type": "int_parsing",
                "loc": ["query", "limit"],
                "msg": INT_PARSING,
                "input": "ten",
            },
            {
                "type": "bool_parsing",
                "loc": ["query", "verbose"],
                "msg": "Input should be a valid boolean, unable to interpret input",
                "input": "maybe",
            },
        ]
    }


async def test_creating_a_user_answers_201_with_the_new_user() -> None:
    async with client() as http:
        first = await http.post("/users", json={"name": "Ada", "email": "ada@example.com"})
        second = await http.post("/users", json={"name": "Bo", "email": "bo@b.c", "age": 30})
    assert first.status_code == second.status_code == 201
    ada, bo = first.json(), second.json()
    assert ada == {
        "name": "Ada",
        "email": "ada@example.com",
        "age": None,
        "id": ada["id"],
    }
    assert bo == {
        "name": "Bo",
        "email": "bo@b.c",
        "age": 30,
        "id": ada["id"] + 1,
    }


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            b'{"name": "Ada"}',
            [
                {
                    "type": "missing",
                    "loc": ["body", "email"],
                    "msg": "Field required",
                    "input": {"name": "Ada"},
                }
            ],
        ),
        (
            b"",
            [
                {
                    "type": "missing",
                    "loc": ["body"],
                    "msg": "Field required",
                    "input": None,
                }
            ],
        ),
        (
            b'{"name": "Ada", "email": "a@b.c", "age": "old"}',
            [
                {
                    "type": "int_type",
                    "loc": ["body", "age"],
                    "msg": "Input should be a valid integer",
                    "input": "old",
                }
            ],
        ),
    ],
    ids=["no-email", "no-body", "age-as-text"],
)
async def test_a_new_user_that_does_not_fit_is_a_422(body, detail) -> None:
    async with client() as http:
        response = await http.post("/users", content=body)
    assert (response.status_code, response.json()) == (
        422,
        {"detail": detail},
    )


def test_the_user_classes() -> None:
    assert User("a", "b") == User("a", "b", None, 0)
    assert isinstance(User("a", "b"), NewUser)


@pytest.mark.parametrize(
    ("path", "rest"),
    [
        ("/files//etc/hosts", "/etc/hosts"),
        ("/files/notes/today.txt", "notes/today.txt"),
    ],
)
async def test_files_get_the_rest_of_the_path(path, rest) -> None:
    async with client() as http:
        response = await http.get(path)
    assert (response.status_code, response.json()) == (200, {"path": rest})


async def test_typed_routes_are_timed_too() -> None:
    async with client() as http:
        for response in [
            await http.get("/users/1"),
            await http.get("/users/1?limit=x"),
        ]:
            assert response.headers["server-timing"].startswith("app;dur=")


async def test_the_asgi_middleware_logs_every_request_even_404s(
    caplog,
) -> None:
    assert isinstance(sample, AccessLog) and sample.app is framework
    with caplog.at_level(logging.INFO, logger="part6.sample.access"):
        await call(sample, http_scope("GET", "/nope"))
        await call(sample, http_scope("GET", "/users/3"))
        await call(sample, http_scope("GET", "/users/3", b"limit=x"))
    assert caplog.messages == [
        "GET /nope -> 404",
        "GET /users/3 -> 200",
        "GET /users/3 -> 422",
    ]


async def test_the_asgi_middleware_passes_other_scopes_through() -> None:
    recorder = await call(sample, {"type": "websocket"}, [{"type": "websocket.connect"}])
    assert recorder.sent == [{"type": "websocket.close", "code": 1000}]


async def test_the_asgi_middleware_logs_a_request_whose_app_raised(
    caplog,
) -> None:
    async def crashes(scope, receive, send):
        raise RuntimeError("bug")

    with (
        caplog.at_level(logging.INFO, logger="part6.sample.access"),
        pytest.raises(RuntimeError),
    ):
        await call(AccessLog(crashes), http_scope("GET", "/crash"))
    assert caplog.messages == ["GET /crash -> 500"]
