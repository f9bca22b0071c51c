"""What the "Coming from FastAPI" page says about FastAPI, Starlette and uvicorn, run
against the installed versions (the benchmarks' dependencies), so that the page
cannot drift from what they really do:

- `BackgroundTasks` is a new object per request; its tasks run after the response
  has been sent, in the request's own asyncio task, and a `def` task in a thread;
- `app.add_middleware` and `@app.middleware("http")` make the last added the
  outermost, `Starlette(middleware=[...])` the first;
- Starlette's middleware sees the router's 404s and 405s;
- uvicorn's `--timeout-graceful-shutdown` cancels a background task still running
  at Ctrl+C once it has passed; without it, uvicorn waits.
"""

import asyncio
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request

import httpx
import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi import BackgroundTasks, FastAPI  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.middleware.base import BaseHTTPMiddleware  # noqa: E402
from starlette.responses import PlainTextResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402

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


def ctrl_c_with_a_task_running(folder, *options: str) -> tuple[float | None, str]:
    """Seconds from Ctrl+C to uvicorn's exit (None: still running after 6 s), and its log."""
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
        output, _ = process.communicate(timeout=6)
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
    took, log = ctrl_c_with_a_task_running(tmp_path)  # no deadline: uvicorn waits
    assert took is None, log
    assert "Waiting for background tasks to complete" in log
