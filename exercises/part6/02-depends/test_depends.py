"""part6/02-depends: a handler parameter whose default is Depends(f) gets what
f returns or yields; f reads the request as a handler does, may depend on
others, runs once per request, and every problem is in one 422."""

# A Depends(...) default is what the exercise is about.
# ruff: noqa: B008

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from exercises import load
from exercises.asgi import request
from part6.api_router import ApiRouter
from part6.exceptions import InvalidRequest
from part6.http_responses import JsonResponse
from part6.request_data import RequestData

Depends = load(__file__, "depends").Depends
App = load(__file__, "app").App

events: list[str] = []  # what the dependencies and handlers did, in order
calls = {"counter": 0}


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    events.clear()
    calls["counter"] = 0
    yield


class Db:
    """A stand-in for a database session."""

    def __init__(self, name: str) -> None:
        self.name = name


async def get_db(db_name: str = "main", pool: int = 5) -> AsyncIterator[Db]:
    events.append(f"open {db_name}")
    try:
        yield Db(db_name)
    except Exception as exc:
        events.append(f"{db_name} saw {type(exc).__name__}")
        raise
    finally:
        events.append(f"close {db_name}")


async def get_user(token: str, db: Db = Depends(get_db)) -> dict[str, Any]:
    events.append("user")
    if token == "bad":
        raise InvalidRequest("bad token", JsonResponse({"detail": "bad token"}, 401))
    return {"token": token, "db": db}


class Repo:
    def __init__(self, db: Db) -> None:
        self.db = db


async def get_repo(db: Db = Depends(get_db)) -> Repo:
    events.append("repo")
    return Repo(db)


async def count() -> int:
    calls["counter"] += 1
    return calls["counter"]


async def get_agent(request_data: RequestData[Any, Any], shout: bool = False) -> str:
    agent = await request_data.get_header_value("user-agent") or "nobody"
    return agent.upper() if shout else agent


async def get_item(item_id: int) -> dict[str, int]:
    return {"item_id": item_id}


async def first() -> AsyncIterator[str]:
    events.append("open first")
    yield "first"
    events.append("close first")


async def second() -> AsyncIterator[str]:
    events.append("open second")
    yield "second"
    events.append("close second")


@dataclass
class Note:
    text: str


router = ApiRouter()


@router.get("/items/{item_id}")
async def show_item(
    item_id: int,
    q: int,
    user: dict[str, Any] = Depends(get_user),
    repo: Repo = Depends(get_repo),
    db: Db = Depends(get_db),
) -> dict[str, Any]:
    events.append("handler")
    return {
        "item_id": item_id,
        "q": q,
        "token": user["token"],
        "db": db.name,
        "one_db": user["db"] is db and repo.db is db,
    }


@router.get("/count")
async def show_count(
    a: int = Depends(count), b: int = Depends(count), c: int = Depends(count, use_cache=False)
) -> dict[str, int]:
    return {"a": a, "b": b, "c": c}


@router.get("/agent")
async def show_agent(agent: str = Depends(get_agent)) -> str:
    return agent


@router.get("/things/{item_id}")
async def show_thing(item: dict[str, int] = Depends(get_item)) -> dict[str, int]:
    return item


@router.get("/two")
async def two(a: str = Depends(first), b: str = Depends(second)) -> list[str]:
    events.append("handler")
    return [a, b]


@router.get("/crash")
async def crash(db: Db = Depends(get_db)) -> None:
    events.append("handler")
    raise RuntimeError("a bug")


@router.post("/notes", status_code=201)
async def add_note(note: Note, user: dict[str, Any] = Depends(get_user)) -> dict[str, str]:
    return {"text": note.text, "by": user["token"]}


part6_routes = ApiRouter()  # no Depends


@part6_routes.get("/plain")
async def plain(request_data: RequestData[Any, Any]) -> dict[str, str]:
    return {"path": request_data.scope["path"]}


@part6_routes.get("/typed/{n:int}")
async def typed(n: int, limit: int = 10) -> dict[str, int]:
    return {"n": n, "limit": limit}


async def call(
    method: str, path: str, query: str = "", body: bytes = b"", headers=(), routes=router
) -> tuple[int, Any]:
    """One request to a new app with routes: the status and the JSON body."""
    app = App()
    app.include_routes([routes])
    sent = await request(
        app, method, path, query_string=query.encode(), body=body, headers=headers
    )
    is_json = (sent.header("content-type") or "").startswith("application/json")
    return sent.status, json.loads(sent.body) if is_json else sent.body


async def test_a_dependency_gives_the_handler_its_value() -> None:
    """GET /items/1?q=2&token=t: user is what get_user returned, with the
    token from the query, and db is what get_db yielded."""
    assert await call("GET", "/items/1", "q=2&token=t") == (
        200,
        {"item_id": 1, "q": 2, "token": "t", "db": "main", "one_db": True},
    )


async def test_a_dependency_reads_the_request_as_a_handler_does() -> None:
    """A dependency's own parameters come from the query (db_name=other,
    shout=yes), the path (item_id of /things/{item_id}, taken by the
    dependency alone), or are the request data itself."""
    status, body = await call("GET", "/items/1", "q=2&token=t&db_name=other")
    assert (status, body["db"]) == (200, "other")
    assert await call("GET", "/things/7") == (200, {"item_id": 7})
    agent = [(b"user-agent", b"curl/8")]
    assert await call("GET", "/agent", headers=agent) == (200, "curl/8")
    assert await call("GET", "/agent", "shout=yes", headers=agent) == (200, "CURL/8")


async def test_a_shared_dependency_runs_once_per_request() -> None:
    """get_db is asked for by get_user, get_repo and the handler: it runs
    once, and all three get the same Db. The next request runs it again."""
    await call("GET", "/items/1", "q=2&token=t")
    assert events == ["open main", "user", "repo", "handler", "close main"]
    await call("GET", "/items/1", "q=2&token=t")
    assert events.count("open main") == 2


async def test_use_cache_false_calls_it_again() -> None:
    """Depends(count) twice gives the same value; Depends(count,
    use_cache=False) calls count again."""
    assert await call("GET", "/count") == (200, {"a": 1, "b": 1, "c": 2})


async def test_every_problem_is_in_one_422_and_nothing_runs() -> None:
    """Bad values for the dependencies and for the handler come in one 422:
    the dependencies' first (get_db's pool, through get_user, then
    get_user's token), then the handler's path and query, as FastAPI orders
    them. get_db is shared, and its problem is listed once (FastAPI lists it
    once for each user). No dependency runs: nothing was opened."""
    status, body = await call("GET", "/items/x", "pool=big&q=a")
    assert status == 422
    assert [(entry["loc"], entry["type"]) for entry in body["detail"]] == [
        (["query", "pool"], "int_parsing"),
        (["query", "token"], "missing"),
        (["path", "item_id"], "int_parsing"),
        (["query", "q"], "int_parsing"),
    ]
    assert body["detail"][0] == {
        "type": "int_parsing",
        "loc": ["query", "pool"],
        "msg": "Input should be a valid integer, unable to parse string as an integer",
        "input": "big",
    }
    assert events == []


async def test_what_a_dependency_yields_is_closed_after_the_handler() -> None:
    """A dependency that yields gives the handler what it yielded; the code
    after its yield runs when the handler has returned, the last opened
    closed first."""
    assert await call("GET", "/two") == (200, ["first", "second"])
    assert events == ["open first", "open second", "handler", "close second", "close first"]


async def test_a_handler_that_fails_closes_its_dependencies() -> None:
    """When the handler raises, the exception is raised at the dependency's
    yield (so it can roll back), its finally runs, and the answer is Part 6's
    500."""
    status, _ = await call("GET", "/crash")
    assert status == 500
    assert events == ["open main", "handler", "main saw RuntimeError", "close main"]


async def test_a_dependency_can_refuse_the_request() -> None:
    """get_user raises an InvalidRequest with a 401: that is the answer, the
    handler never runs, and get_db, opened before, is closed."""
    assert await call("GET", "/items/1", "q=2&token=bad") == (401, {"detail": "bad token"})
    assert events == ["open main", "user", "main saw InvalidRequest", "close main"]


async def test_a_body_and_a_dependency_together() -> None:
    """POST /notes with a JSON body and a dependency: both are read, and the
    route's status_code is used."""
    assert await call("POST", "/notes", "token=t", b'{"text": "hi"}') == (
        201,
        {"text": "hi", "by": "t"},
    )


async def test_handlers_without_dependencies_work_as_in_part_6() -> None:
    """A handler that takes request_data, or typed values, is served as in
    Part 6, 422 included."""
    assert await call("GET", "/plain", routes=part6_routes) == (200, {"path": "/plain"})
    typed = await call("GET", "/typed/4", "limit=2", routes=part6_routes)
    assert typed == (200, {"n": 4, "limit": 2})
    status, body = await call("GET", "/typed/4", "limit=two", routes=part6_routes)
    assert (status, body["detail"][0]["loc"]) == (422, ["query", "limit"])


def sync_dependency() -> int:
    return 1


async def sync_user(n: int = Depends(sync_dependency)) -> None:
    return None


async def get_options(options: dict[str, str]) -> None:
    return None


async def with_options(value: None = Depends(get_options)) -> None:
    return None


async def takes_nothing(item: dict[str, int] = Depends(count)) -> None:
    return None


def sync_handler(n: int = Depends(count)) -> None:
    return None


async def yielding_handler() -> AsyncIterator[int]:
    yield 1


def test_what_cannot_be_served_is_refused_when_the_route_is_added() -> None:
    """include_routes raises TypeError, naming the function: for a plain def
    dependency or handler, a handler that yields, a dependency parameter
    the plan cannot serve (naming the parameter too), and a path parameter
    neither the handler nor any dependency takes."""
    for path, handler, error in [
        ("/a", sync_user, "sync_dependency must be an async def function"),
        ("/a", with_options, "get_options, parameter options: "),
        ("/a/{item_id}", takes_nothing, "takes_nothing takes no item_id for /a/{item_id}"),
        ("/a", sync_handler, "sync_handler must be an async def function"),
        ("/a", yielding_handler, "yielding_handler must be an async def function"),
    ]:
        routes = ApiRouter()
        routes.get(path)(handler)
        with pytest.raises(TypeError, match=error):
            App().include_routes([routes])
