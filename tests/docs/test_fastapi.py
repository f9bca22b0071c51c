"""What the "Coming from FastAPI" page says about FastAPI, Starlette and uvicorn, run
against the installed versions (dependencies of the test group), so that the page
cannot drift from what they really do:

- `BackgroundTasks` is a new object per request; its tasks run after the response
  has been sent, in the request's own asyncio task, and a `def` task in a thread;
- `app.add_middleware` and `@app.middleware("http")` make the last added the
  outermost, `Starlette(middleware=[...])` the first;
- Starlette's middleware sees the router's 404s and 405s;
- uvicorn's `--timeout-graceful-shutdown` cancels a background task still running
  at Ctrl+C once it has passed; without it, uvicorn waits.

Parts 6 and 7 (what the page says FastAPI and Starlette do; what ours does is in
tests/part6 and tests/part7):

- a template's convertor refuses with a 404, an annotation with a 422; `path`
  gives `/files/` an empty rest; `request.path_params` is converted by the
  template only; a bare `list[int]` is the body until `Query()` says otherwise;
- the 422's shape, the values pydantic's lax mode accepts, and the exception
  handler that can replace it; a dataclass body, two of them embedded by name;
- `response_model` and a return annotation filter what a handler returns;
  `status_code=`; a `def` handler runs in AnyIO's thread pool;
- the first route declared wins, and a path whose method does not match goes on
  to the next route;
- Starlette's `StreamingResponse` listens for the client only below ASGI 2.4,
  never calls `aclose()`, takes a plain iterator, and makes a HEAD's body;
- `fastapi.sse`: JSON `data`, its headers, and a ping after 15 quiet seconds;
- Starlette's `WebSocket` and `WebSocketDisconnect`; a handler that raises, a
  frame of the wrong type, values that fail validation, an unknown path: in raw
  ASGI messages, then what a client sees under uvicorn.
"""

import asyncio
import inspect
import json
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from dataclasses import dataclass
from typing import Annotated, Any

import httpx
import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi import (  # noqa: E402
    APIRouter,
    BackgroundTasks,
    FastAPI,
    Query,
    Request,
    WebSocket,
    WebSocketDisconnect,
)
from fastapi import routing as fastapi_routing  # noqa: E402
from fastapi import sse as fastapi_sse  # noqa: E402
from fastapi.exceptions import (  # noqa: E402
    RequestValidationError,
    WebSocketRequestValidationError,
)
from fastapi.sse import EventSourceResponse, ServerSentEvent  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.middleware.base import BaseHTTPMiddleware  # noqa: E402
from starlette.requests import ClientDisconnect  # noqa: E402
from starlette.responses import (  # noqa: E402
    JSONResponse,
    PlainTextResponse,
    StreamingResponse,
)
from starlette.routing import Route  # noqa: E402

from tests.live import live_server  # noqa: E402

pytestmark = pytest.mark.no_cover  # nothing of ours runs here


async def home(request) -> PlainTextResponse:
    return PlainTextResponse("home")


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def test_background_tasks_are_per_request_and_run_after_the_response() -> None:
    app = FastAPI()
    objects: list[BackgroundTasks] = []
    runs: list[dict] = []
    request: dict = {}

    async def async_task() -> None:
        runs.append(
            {
                "kind": "async",
                "after_body": request["body_sent"],
                "own_task": asyncio.current_task() is request["task"],
                "loop_thread": threading.current_thread() is threading.main_thread(),
            }
        )

    def def_task() -> None:
        runs.append(
            {
                "kind": "def",
                "after_body": request["body_sent"],
                "loop_thread": threading.current_thread() is threading.main_thread(),
            }
        )

    @app.get("/")
    async def endpoint(tasks: BackgroundTasks) -> dict:
        objects.append(tasks)
        tasks.add_task(async_task)
        tasks.add_task(def_task)
        return {}

    async def watched(scope, receive, send) -> None:
        """The app, noting its asyncio task and when the last body message went."""
        request.update(task=asyncio.current_task(), body_sent=False)

        async def watch(message) -> None:
            if message["type"] == "http.response.body" and not message.get("more_body"):
                request["body_sent"] = True
            await send(message)

        await app(scope, receive, watch)

    async with client(watched) as http:
        for _ in range(2):
            assert (await http.get("/")).status_code == 200
    assert len(objects) == 2 and objects[0] is not objects[1]  # one per request
    assert [run["kind"] for run in runs] == ["async", "def"] * 2
    assert all(run["after_body"] for run in runs)  # after the response was sent
    assert all(run["own_task"] for run in runs if run["kind"] == "async")
    assert [run["loop_thread"] for run in runs] == [True, False] * 2  # def: a thread


def recording(name: str, order: list[str]) -> type[BaseHTTPMiddleware]:
    class Record(BaseHTTPMiddleware):
        async def dispatch(self, request, call_next):
            order.append(name)
            return await call_next(request)

    return Record


async def test_which_middleware_is_outermost() -> None:
    order: list[str] = []
    added = Starlette(routes=[Route("/", home)])
    added.add_middleware(recording("first added", order))
    added.add_middleware(recording("second added", order))
    async with client(added) as http:
        await http.get("/")
    assert order == ["second added", "first added"]  # the last added is outermost

    order.clear()
    decorated = FastAPI()

    @decorated.get("/")
    async def root() -> dict:
        return {}

    for name in ("first decorated", "second decorated"):

        @decorated.middleware("http")
        async def record(request, call_next, name=name):
            order.append(name)
            return await call_next(request)

    async with client(decorated) as http:
        await http.get("/")
    assert order == ["second decorated", "first decorated"]

    order.clear()
    listed = Starlette(
        routes=[Route("/", home)],
        middleware=[
            Middleware(recording("first in the list", order)),
            Middleware(recording("second in the list", order)),
        ],
    )
    async with client(listed) as http:
        await http.get("/")
    assert order == ["first in the list", "second in the list"]  # the first is outermost


async def test_starlette_middleware_sees_404_and_405() -> None:
    class Stamp(BaseHTTPMiddleware):
        async def dispatch(self, request, call_next):
            response = await call_next(request)
            response.headers["x-seen"] = "yes"
            return response

    app = Starlette(routes=[Route("/", home, methods=["GET"])], middleware=[Middleware(Stamp)])
    async with client(app) as http:
        missing = await http.get("/nowhere")
        wrong = await http.delete("/")
    assert (missing.status_code, missing.headers.get("x-seen")) == (404, "yes")
    assert (wrong.status_code, wrong.headers.get("x-seen")) == (405, "yes")


SLOW_APP = """
import asyncio
from fastapi import BackgroundTasks, FastAPI

app = FastAPI()

async def slow():
    await asyncio.sleep(60)

@app.get("/")
async def root(tasks: BackgroundTasks):
    tasks.add_task(slow)
    return {}
"""


def ctrl_c_with_a_task_running(
    folder, *options: str, wait: float = 6
) -> tuple[float | None, str]:
    """Seconds from Ctrl+C to uvicorn's exit (None: still running after `wait` s), and its
    log."""
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "slow:app", "--port", "0", *options],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        running = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if running:
            break
    else:
        pytest.fail("uvicorn did not start:\n" + "".join(lines))
    with urllib.request.urlopen(f"http://127.0.0.1:{running[1]}/") as response:
        assert response.status == 200
    time.sleep(0.2)  # the task is running now
    start = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=wait)
        took: float | None = time.monotonic() - start
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        took = None
    return took, "".join(lines) + output


@pytest.mark.live
def test_uvicorn_timeout_graceful_shutdown_cancels_a_running_background_task(tmp_path) -> None:
    (tmp_path / "slow.py").write_text(textwrap.dedent(SLOW_APP))
    took, log = ctrl_c_with_a_task_running(tmp_path, "--timeout-graceful-shutdown", "1")
    assert took is not None and took < 4, log
    assert "Cancel 1 running task(s), timeout graceful shutdown exceeded" in log
    # No deadline: uvicorn waits for the 60 s task, still there well past 1 s.
    took, log = ctrl_c_with_a_task_running(tmp_path, wait=2.5)
    assert took is None, log
    assert "Waiting for background tasks to complete" in log


# --- Part 6: path parameters and typed handlers ----------------------------------------


async def show_path_params(request) -> JSONResponse:
    return JSONResponse(request.path_params)


async def test_a_convertor_refuses_with_404_an_annotation_with_422() -> None:
    starlette = Starlette(routes=[Route("/users/{user_id:int}", show_path_params)])
    app = FastAPI()

    @app.get("/items/{item_id}")
    async def item(item_id: int) -> dict:
        return {"item_id": item_id}

    @app.get("/users/{user_id:int}")  # FastAPI hands the template to Starlette
    async def user(user_id: int) -> dict:
        return {"user_id": user_id}

    async with client(starlette) as http:
        assert (await http.get("/users/42")).json() == {"user_id": 42}
        assert (await http.get("/users/abc")).status_code == 404
    async with client(app) as http:
        assert (await http.get("/users/abc")).status_code == 404
        refused = await http.get("/items/abc")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["path", "item_id"]


async def test_starlettes_path_convertor_takes_an_empty_rest_and_it_has_five() -> None:
    from starlette.convertors import CONVERTOR_TYPES

    app = Starlette(routes=[Route("/files/{rest:path}", show_path_params)])
    async with client(app) as http:
        assert (await http.get("/files//home/a.txt")).json() == {"rest": "/home/a.txt"}
        assert (await http.get("/files/")).json() == {"rest": ""}  # ours: 404
    assert sorted(CONVERTOR_TYPES) == ["float", "int", "path", "str", "uuid"]


async def test_path_params_are_converted_by_the_template_not_the_annotation() -> None:
    app = FastAPI()

    @app.get("/plain/{user_id}")
    async def plain(user_id: int, request: Request) -> dict:
        return {"argument": user_id, "path_params": request.path_params}

    @app.get("/converted/{user_id:int}")
    async def converted(user_id: int, request: Request) -> dict:
        return {"argument": user_id, "path_params": request.path_params}

    async with client(app) as http:
        plain_answer = (await http.get("/plain/42")).json()
        converted_answer = (await http.get("/converted/42")).json()
    assert plain_answer == {"argument": 42, "path_params": {"user_id": "42"}}
    assert converted_answer == {"argument": 42, "path_params": {"user_id": 42}}


async def test_a_bare_list_is_the_body_until_query_says_otherwise() -> None:
    app = FastAPI()

    @app.get("/bare")
    async def bare(ids: list[int]) -> list[int]:
        return ids

    @app.get("/marked")
    async def marked(ids: Annotated[list[int], Query()]) -> list[int]:
        return ids

    async with client(app) as http:
        from_query = await http.get("/bare?ids=1&ids=2")
        from_body = await http.request("GET", "/bare", json=[1, 2])
        marked_answer = await http.get("/marked?ids=1&ids=2")
    assert from_query.status_code == 422
    assert from_query.json()["detail"][0]["loc"] == ["body"]
    assert (from_body.status_code, from_body.json()) == (200, [1, 2])
    assert (marked_answer.status_code, marked_answer.json()) == (200, [1, 2])


@dataclass
class Counted:
    n: int
    x: float = 1.0


async def test_the_422_shape_and_what_pydantics_lax_mode_accepts() -> None:
    app = FastAPI()

    @app.get("/query")
    async def query(n: int = 0, b: bool = False, x: float = 0.0) -> dict:
        return {"n": n, "b": b, "x": repr(x)}

    @app.post("/body")
    async def body(counted: Counted) -> dict:
        return {"n": counted.n, "x": counted.x}

    async with client(app) as http:
        refused = await http.get("/query?n=ten")
        assert refused.status_code == 422
        assert refused.json() == {
            "detail": [
                {
                    "type": "int_parsing",
                    "loc": ["query", "n"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "ten",
                }
            ]
        }
        # Each of these is a 422 in Parts 6 and 7 (tests/fastapi_suite.py).
        for target, value in [
            ("n=4.0", {"n": 4}),
            ("n=1_000", {"n": 1000}),
            ("n=%207", {"n": 7}),
            *((f"b={word}", {"b": word in "ty"}) for word in "tyfn"),
            ("x=nan", {"x": "nan"}),
            ("x=inf", {"x": "inf"}),
        ]:
            accepted = await http.get(f"/query?{target}")
            assert accepted.status_code == 200, target
            assert value.items() <= accepted.json().items(), target
        json_values = [({"n": "4"}, {"n": 4}), ({"n": True}, {"n": 1}), ({"x": "1.5"}, {"x": 1.5})]
        for sent, value in json_values:
            accepted = await http.post("/body", json={"n": 1} | sent)
            assert accepted.status_code == 200, sent
            assert value.items() <= accepted.json().items(), sent


async def test_a_handler_of_your_own_can_replace_the_422() -> None:
    app = FastAPI()

    @app.get("/query")
    async def query(n: int) -> int:
        return n

    @app.exception_handler(RequestValidationError)
    async def mine(request, exc: RequestValidationError) -> PlainTextResponse:
        return PlainTextResponse(f"{len(exc.errors())} problem(s)", status_code=400)

    async with client(app) as http:
        answer = await http.get("/query?n=ten")
    assert (answer.status_code, answer.text) == (400, "1 problem(s)")


@dataclass
class Other:
    y: int


async def test_a_dataclass_is_a_body_and_two_are_embedded_by_name() -> None:
    app = FastAPI()

    @app.post("/one")
    async def one(counted: Counted) -> Counted:
        return counted

    @app.post("/two")
    async def two(counted: Counted, other: Other) -> dict:
        return {"n": counted.n, "y": other.y}

    async with client(app) as http:
        assert (await http.post("/one", json={"n": 3})).json() == {"n": 3, "x": 1.0}
        both = await http.post("/two", json={"counted": {"n": 3}, "other": {"y": 4}})
    assert (both.status_code, both.json()) == (200, {"n": 3, "y": 4})  # ours: a TypeError


@dataclass
class PublicUser:
    name: str


async def test_response_model_and_a_return_annotation_filter_what_is_returned() -> None:
    app = FastAPI()
    user = {"name": "ada", "password": "secret"}

    @app.post("/model", status_code=201, response_model=PublicUser)
    async def model() -> dict:
        return user

    @app.post("/annotated", status_code=201)
    async def annotated() -> PublicUser:
        return user  # FastAPI validates the dict into the model

    @app.post("/unfiltered")
    async def unfiltered() -> Any:
        return user

    @app.get("/nothing")
    async def nothing() -> None:
        return None

    async with client(app) as http:
        for path in ("/model", "/annotated"):
            answer = await http.post(path)
            assert (answer.status_code, answer.json()) == (201, {"name": "ada"}), path
        assert (await http.post("/unfiltered")).json() == user
        assert (await http.get("/nothing")).text == "null"


async def test_a_def_handler_runs_in_anyios_thread_pool() -> None:
    app = FastAPI()

    @app.get("/")
    def blocking() -> dict:
        thread = threading.current_thread()
        return {"main": thread is threading.main_thread(), "name": thread.name}

    async with client(app) as http:
        answer = (await http.get("/")).json()
    assert answer == {"main": False, "name": "AnyIO worker thread"}


async def test_the_first_route_declared_wins_and_a_wrong_method_goes_on() -> None:
    app = FastAPI()

    @app.get("/users/{user_id}")
    async def by_id(user_id: str) -> dict:
        return {"route": "by_id", "user_id": user_id}

    @app.get("/users/me")
    async def me() -> dict:
        return {"route": "me"}

    @app.post("/teams/core")
    async def create_core() -> dict:
        return {"route": "create_core"}

    @app.get("/teams/{team}")
    async def team(team: str) -> dict:
        return {"route": "team", "team": team}

    async with client(app) as http:
        first = (await http.get("/users/me")).json()
        next_route = await http.get("/teams/core")
    assert first == {"route": "by_id", "user_id": "me"}  # ours: me, in any order
    assert next_route.status_code == 200  # ours: 405, allow: POST
    assert next_route.json() == {"route": "team", "team": "core"}


# --- Part 7: streaming -----------------------------------------------------------------


class Pieces:
    """An async iterator of n pieces that notes how many were pulled, and aclose()."""

    def __init__(self, n: int = 1000) -> None:
        self.n, self.pulled, self.closed = n, 0, False

    def __aiter__(self) -> "Pieces":
        return self

    async def __anext__(self) -> bytes:
        if self.pulled == self.n:
            raise StopAsyncIteration
        self.pulled += 1
        return b"x"

    async def aclose(self) -> None:
        self.closed = True


def http_scope(spec_version: str, method: str = "GET") -> dict:
    asgi = {"version": "3.0", "spec_version": spec_version}
    return {"type": "http", "method": method, "asgi": asgi}


async def test_starlette_listens_for_the_client_only_below_asgi_2_4_and_never_acloses() -> None:
    # ASGI 2.3, uvicorn's: a task listens for http.disconnect and cancels the sending.
    pieces, listened = Pieces(), []
    stuck = asyncio.Event()  # never set: the client stopped reading

    async def leaves():
        listened.append(True)
        await asyncio.sleep(0.01)
        return {"type": "http.disconnect"}

    async def slow_send(message) -> None:
        if message["type"] == "http.response.body":
            await stuck.wait()

    await asyncio.wait_for(StreamingResponse(pieces)(http_scope("2.3"), leaves, slow_send), 1)
    assert listened and pieces.pulled == 1 and not pieces.closed  # left open

    # ASGI 2.4: no listening; a send that raises OSError ends it, as ClientDisconnect.
    pieces, listened = Pieces(), []

    async def gone(message) -> None:
        if message["type"] == "http.response.body":
            raise OSError("the client has gone")

    with pytest.raises(ClientDisconnect):
        await StreamingResponse(pieces)(http_scope("2.4"), leaves, gone)
    assert not listened and not pieces.closed


async def test_starlette_streams_a_plain_iterator_and_makes_a_heads_body() -> None:
    sent: list[dict] = []

    async def receive():
        await asyncio.sleep(3600)

    async def send(message) -> None:
        sent.append(message)

    arguments = list(inspect.signature(StreamingResponse).parameters)
    assert arguments[:4] == ["content", "status_code", "headers", "media_type"]  # as ours
    await StreamingResponse(iter([b"a", b"b"]))(http_scope("2.4"), receive, send)
    assert [m.get("body") for m in sent] == [None, b"a", b"b", b""]  # in a thread
    sent.clear()
    pieces = Pieces(3)
    await StreamingResponse(pieces)(http_scope("2.4", "HEAD"), receive, send)
    assert pieces.pulled == 3 and len(sent) == 5  # made whole; the server drops it


async def test_fastapi_sse_sends_json_data_its_headers_and_pings(monkeypatch) -> None:
    assert fastapi_sse._PING_INTERVAL == 15.0  # seconds without an event
    monkeypatch.setattr(fastapi_routing, "_PING_INTERVAL", 0.05)
    app = FastAPI()

    @app.get("/events", response_class=EventSourceResponse)
    async def events():
        yield ServerSentEvent(data="hi", event="tick", id="1")
        yield ServerSentEvent(raw_data="as it is")
        await asyncio.sleep(0.08)  # quiet for longer than the (patched) interval
        yield {"n": 1}

    async with client(app) as http:
        answer = await http.get("/events")
    assert answer.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert answer.headers["cache-control"] == "no-cache"
    assert answer.headers["x-accel-buffering"] == "no"
    # While the stream is quiet, a ping each interval: one, or more on a slow machine.
    start = 'event: tick\ndata: "hi"\nid: 1\n\n' + "data: as it is\n\n"  # "hi": JSON
    end = 'data: {"n": 1}\n\n'
    assert answer.text.startswith(start) and answer.text.endswith(end), answer.text
    quiet = answer.text.removeprefix(start).removesuffix(end)
    assert quiet and quiet == ": ping\n\n" * quiet.count(": ping"), quiet


# --- Part 7: WebSockets ----------------------------------------------------------------


def websocket_app() -> FastAPI:
    app = FastAPI()

    @app.websocket("/raises")
    async def raises(websocket: WebSocket) -> None:
        await websocket.accept()
        raise RuntimeError("boom")

    @app.websocket("/raises-before-accept")
    async def raises_before_accept(websocket: WebSocket) -> None:
        raise RuntimeError("boom")

    @app.websocket("/text")
    async def text(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_text()

    @app.websocket("/json")
    async def json_message(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.receive_json()

    @app.websocket("/rooms/{room}")
    async def room(websocket: WebSocket, room: int, limit: int = 5) -> None:
        await websocket.accept()

    @app.websocket("/send")
    async def send_one(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hello")

    return app


async def talk(app, path: str, *messages: dict, query: bytes = b"", send_raises=None):
    """Raw ASGI: the client's messages (after websocket.connect), what the app sent,
    and what escaped it (None if nothing)."""
    incoming = [{"type": "websocket.connect"}, *messages]
    sent: list[dict] = []

    async def receive():
        if incoming:
            return incoming.pop(0)
        await asyncio.sleep(3600)  # the client says nothing more

    async def send(message) -> None:
        if send_raises and message["type"] == "websocket.send":
            raise send_raises
        sent.append(message)

    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [],
        "subprotocols": [],
        "server": ("testserver", 80),
        "client": ("testclient", 50000),
    }
    try:
        await asyncio.wait_for(app(scope, receive, send), 2)
    except Exception as exc:  # what escapes is the point
        return sent, exc
    return sent, None


ACCEPT = {"type": "websocket.accept", "subprotocol": None, "headers": []}


async def test_a_websocket_handler_that_raises_leaves_it_to_the_server() -> None:
    app = websocket_app()
    sent, escaped = await talk(app, "/raises")
    assert sent == [ACCEPT] and isinstance(escaped, RuntimeError)  # no close sent
    sent, escaped = await talk(app, "/raises-before-accept")
    assert sent == [] and isinstance(escaped, RuntimeError)


async def test_a_message_of_the_wrong_kind_fails_the_handler() -> None:
    app = websocket_app()
    sent, escaped = await talk(app, "/text", {"type": "websocket.receive", "bytes": b"x"})
    assert sent == [ACCEPT] and isinstance(escaped, KeyError) and escaped.args == ("text",)
    sent, escaped = await talk(app, "/json", {"type": "websocket.receive", "text": "nope"})
    assert sent == [ACCEPT] and isinstance(escaped, json.JSONDecodeError)


async def test_values_that_fail_validation_close_1008_with_the_errors_as_reason() -> None:
    app = websocket_app()
    assert WebSocketRequestValidationError in app.exception_handlers
    sent, escaped = await talk(app, "/rooms/abc", query=b"limit=ten")
    assert escaped is None
    [close] = sent  # before any accept: a refusal
    assert (close["type"], close["code"]) == ("websocket.close", 1008)
    assert [error["loc"] for error in close["reason"]] == [["path", "room"], ["query", "limit"]]


async def test_an_unknown_path_is_refused_and_websocketdisconnect_both_ways() -> None:
    app = websocket_app()
    sent, escaped = await talk(app, "/nowhere")
    assert sent == [{"type": "websocket.close", "code": 1000, "reason": ""}] and escaped is None
    left = {"type": "websocket.disconnect", "code": 1001, "reason": "bye"}
    sent, escaped = await talk(app, "/text", left)  # a receive, when the client leaves
    assert isinstance(escaped, WebSocketDisconnect)
    assert (escaped.code, escaped.reason) == (1001, "bye")
    sent, escaped = await talk(app, "/send", send_raises=OSError("the client has gone"))
    assert isinstance(escaped, WebSocketDisconnect) and escaped.code == 1006


def test_starlettes_websocket_has_our_methods_and_more() -> None:
    ours = [
        *("accept", "receive_text", "receive_bytes", "receive_json", "iter_text"),
        *("send_text", "send_bytes", "send_json", "close"),
    ]
    assert all(callable(getattr(WebSocket, name)) for name in ours)
    assert callable(WebSocket.iter_bytes) and callable(WebSocket.iter_json)
    accept = inspect.signature(WebSocket.accept).parameters
    assert accept["headers"].annotation == "Iterable[tuple[bytes, bytes]] | None"
    assert callable(FastAPI.websocket) and callable(APIRouter.websocket)
    assert {"headers", "query_params", "path_params", "state"} <= set(dir(WebSocket))
    disconnect = inspect.signature(WebSocketDisconnect).parameters
    assert (disconnect["code"].default, disconnect["reason"].default) == (1000, None)


async def close_code(url: str, message: bytes | None = None) -> int:
    """The code a websockets client sees, or the HTTP status of a refused handshake."""
    import websockets
    from websockets.asyncio.client import connect

    try:
        async with connect(url) as websocket:
            if message is not None:
                await websocket.send(message)
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(websocket.recv(), 5)
            return websocket.close_code
    except websockets.InvalidStatus as refused:
        return refused.response.status_code


@pytest.mark.live
def test_under_uvicorn_a_raise_is_1006_or_500_and_a_refusal_403() -> None:
    with live_server(websocket_app(), logger_names=("uvicorn",)) as server:
        base = server.url.replace("http", "ws")
        codes = {
            path: asyncio.run(close_code(base + path, message))
            for path, message in [
                ("/raises", None),
                ("/raises-before-accept", None),
                ("/text", b"bytes"),
                ("/rooms/abc", None),
                ("/nowhere", None),
            ]
        }
        errors = server.logs.at_least(40)
    assert codes == {
        "/raises": 1006,  # no close frame: the connection dropped
        "/raises-before-accept": 500,
        "/text": 1006,
        "/rooms/abc": 403,
        "/nowhere": 403,
    }
    assert errors == ["Exception in ASGI application\n"] * 3
