"""Part 7's sample app. Run it with: uvicorn part7.sample:app --port 8001"""

import asyncio
import itertools
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from typing import Any

from .api_router import ApiRouter
from .app import App
from .background_tasks import TaskParams, create_task
from .exceptions import InvalidRequestDataException, WebSocketDisconnect
from .http_responses import (
    BaseHTTPResponse,
    EventStreamResponse,
    JsonResponse,
    OK_JSONResponse,
    ServerSentEvent,
)
from .middleware import BaseGlobalMiddleware, CallNext
from .request_data import RequestData
from .types import ASGIApp, Message, Methods, Receive, Scope, Send, StatusCode
from .websocket import WebSocket

# The framework only creates loggers; the application says where their lines
# go. Without this, a handler's traceback would reach Python's last-resort
# handler, with no level and no logger name.
logging.basicConfig(
    level=logging.INFO, format="%(levelname)s:     %(name)s - %(message)s"
)
logger = logging.getLogger(__name__)
access_logger = logging.getLogger(f"{__name__}.access")

Params = dict[str, str | list[str]]


def keep_single_values(params: dict[str, list[str]]) -> Params:
    """A query-string extractor: unwrap lone values, keep repeats as lists."""
    return {
        key: values[0] if len(values) == 1 else values
        for key, values in params.items()
    }


def decode_text(body: bytes) -> str:
    """A body extractor: the body as text, undecodable bytes replaced."""
    return body.decode("utf-8", "replace")


class VisitCounter:
    """Shared by every request: the lifespan puts one in the state."""

    def __init__(self) -> None:
        self.count = 0


class ChatRooms:
    """Who is in which chat room. It lives in this process only: under
    `--workers 2`, each process has rooms of its own, and joining them
    takes a broker between processes (Redis pub/sub, say)."""

    def __init__(self) -> None:
        self.members: dict[str, set[WebSocket]] = {}

    def join(self, room: str, websocket: WebSocket) -> None:
        self.members.setdefault(room, set()).add(websocket)

    def leave(self, room: str, websocket: WebSocket) -> None:
        """Forget websocket, and the room once it is empty: a client may
        name any room, and rooms nobody is in must not pile up."""
        self.members[room].discard(websocket)
        if not self.members[room]:
            del self.members[room]

    async def broadcast(self, room: str, text: str) -> None:
        """Send text to everyone in room, skipping who has just left."""
        for member in list(self.members.get(room, ())):
            if member.closed or member.client_left:
                continue
            with suppress(WebSocketDisconnect):  # left while we sent
                await member.send_text(text)


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, Any]]:
    """Start-up before the yield, shut-down after it."""
    visits = VisitCounter()
    logger.info("Start-up: the visit counter is ready")
    yield {"visits": visits, "rooms": ChatRooms()}
    logger.info("Shut-down: %d visit(s) counted", visits.count)


async def send_welcome(params: TaskParams) -> None:
    """A background task: pretend to send an email, not delaying the
    answer (it may start before the answer is sent, or after)."""
    await asyncio.sleep(0.1)
    logger.info("Welcome message sent to %s", params.data)


home_router = ApiRouter()
about_router = ApiRouter()


@home_router.get("/")
@home_router.get("/home")
async def home(request_data: RequestData[Any, Any]) -> JsonResponse:
    return OK_JSONResponse({"page": "home"})


@home_router.get("/visits")
async def count_visit(request_data: RequestData[Any, Any]) -> JsonResponse:
    visits: VisitCounter = (await request_data.get_state())["visits"]
    visits.count += 1
    return OK_JSONResponse({"visits": visits.count})


@home_router.post("/signup")
async def signup(request_data: RequestData[Any, Any]) -> JsonResponse:
    body = await request_data.get_json_body()
    if not isinstance(body, dict) or not isinstance(body.get("email"), str):
        raise InvalidRequestDataException('Send {"email": "..."}')
    tasks = await request_data.get_background_tasks()
    await tasks.add_tasks(
        [create_task(send_welcome, TaskParams(body["email"]))]
    )
    # 202 Accepted: the answer does not wait for the welcome message.
    return JsonResponse({"queued": "welcome"}, StatusCode.ACCEPTED)


@about_router.get("/about")
async def about(request_data: RequestData[Any, Any]) -> None:
    # Returns nothing. In Part 5 that was a 500; from Part 6 on, what a
    # handler returns is sent as JSON, so the answer is null.
    return None


@about_router.multi_methods(
    "/about/careers",
    [Methods.GET, Methods.POST],
    query_string_extractor=keep_single_values,
    body_extractor=decode_text,
)
async def careers(request_data: RequestData[Params, str]) -> JsonResponse:
    return OK_JSONResponse(
        {
            "query": await request_data.get_query_string_params(),
            "body": await request_data.get_body(),
            "json": await request_data.get_json_body(),  # invalid JSON: 400
        }
    )


class Timer(BaseGlobalMiddleware):
    """Adds a server-timing header: how long the rest of the chain took."""

    async def __call__(
        self, request_data: RequestData[Any, Any], call_next: CallNext
    ) -> BaseHTTPResponse:
        start = time.perf_counter()
        response = await call_next(request_data)
        milliseconds = (time.perf_counter() - start) * 1000
        response.add_header("server-timing", f"app;dur={milliseconds:.2f}")
        return response


class AccessLog:
    """An ASGI middleware: it wraps the whole app, so it sees every request,
    404s, 405s and WebSockets included, which framework middlewares never
    see."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        # An HTTP answer's status; for a WebSocket, the code the app closed
        # with (0: the client left first).
        status = 0

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "websocket.close":
                status = message.get("code", 1000)
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        except Exception:
            status = status or 500  # what the server answers for a crash
            raise
        finally:  # logged even when the app raised
            method = scope.get("method", "WEBSOCKET")
            access_logger.info("%s %s -> %d", method, scope["path"], status)


@dataclass
class NewUser:
    """The JSON body of POST /users."""

    name: str
    email: str
    age: int | None = None


@dataclass
class User(NewUser):
    """A user, as the app sends it back: with its id."""

    id: int = 0


users_router = ApiRouter()
user_ids = itertools.count(1)


@users_router.get("/users/{user_id:int}")
async def show_user(
    user_id: int, limit: int = 10, verbose: bool = False
) -> dict[str, Any]:
    """Typed path and query values: /users/42?limit=5 gives 42 and 5."""
    return {"user_id": user_id, "limit": limit, "verbose": verbose}


@users_router.post("/users", status_code=201)
async def create_user(user: NewUser) -> User:
    """The JSON body, checked against NewUser; the answer is a 201."""
    return User(user.name, user.email, user.age, id=next(user_ids))


@users_router.get("/files/{rest:path}")
async def show_file(rest: str) -> dict[str, str]:
    """The rest of the path, slashes included: /files//etc/hosts."""
    return {"path": rest}


live_router = ApiRouter()


@live_router.get("/events")
async def countdown(
    start: int = 3, every: float = 1.0
) -> EventStreamResponse:
    """Server-Sent Events: a countdown, one event every `every` seconds."""
    if not (1 <= start <= 100 and 0 <= every <= 60):
        raise InvalidRequestDataException("start: 1 to 100; every: 0 to 60")

    async def events() -> AsyncIterator[ServerSentEvent]:
        for number in range(start, 0, -1):
            yield ServerSentEvent(str(number), event="tick", id=str(number))
            await asyncio.sleep(every)
        yield ServerSentEvent("liftoff", event="done")

    return EventStreamResponse(events())


@live_router.websocket("/ws/echo")
async def echo(websocket: WebSocket) -> None:
    """Each text message, sent back, until the client leaves."""
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(text)


@live_router.websocket("/ws/rooms/{room}")
async def chat(websocket: WebSocket, room: str, name: str = "guest") -> None:
    """A chat room: what one member says, every member gets."""
    rooms: ChatRooms = (await websocket.get_state())["rooms"]
    await websocket.accept()
    rooms.join(room, websocket)
    await rooms.broadcast(room, f"{name} joined")
    try:
        async for text in websocket.iter_text():
            await rooms.broadcast(room, f"{name}: {text}")
    finally:
        rooms.leave(room, websocket)
        await rooms.broadcast(room, f"{name} left")


class HTMLResponse(BaseHTTPResponse):
    media_type = "text/html"


@live_router.get("/chat")
async def chat_page() -> HTMLResponse:
    """A page that joins a room: /chat?room=lobby&name=ada."""
    return HTMLResponse(CHAT_PAGE)


CHAT_PAGE = """<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Chat</title>
<p>Room <b id="room"></b>, as <b id="name"></b>: <span id="state"></span></p>
<ul id="messages"></ul>
<form id="say">
  <input id="text" autocomplete="off"> <button>Send</button>
</form>
<script>
const query = new URLSearchParams(location.search);
const room = query.get("room") || "lobby";
const name = query.get("name") || "guest";
document.getElementById("room").textContent = room;
document.getElementById("name").textContent = name;
const scheme = location.protocol === "https:" ? "wss" : "ws";
const address = `${scheme}://${location.host}/ws/rooms/`
  + `${encodeURIComponent(room)}?name=${encodeURIComponent(name)}`;
const socket = new WebSocket(address);
const state = document.getElementById("state");
socket.onopen = () => { state.textContent = "connected"; };
socket.onclose = () => { state.textContent = "closed"; };
socket.onmessage = (event) => {
  const item = document.createElement("li");
  item.textContent = event.data;  // text, never HTML
  document.getElementById("messages").append(item);
};
document.getElementById("say").onsubmit = (event) => {
  event.preventDefault();
  const text = document.getElementById("text");
  socket.send(text.value);
  text.value = "";
};
</script>
</html>
"""

framework = App(lifespan=lifespan, middlewares=[Timer()])
framework.include_routes(
    [home_router, about_router, users_router, live_router]
)

# What the server runs: the framework app, inside an ASGI middleware.
app = AccessLog(framework)

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8001)
