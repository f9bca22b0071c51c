"""Run an app under a real ASGI server in its own process, as a reader runs it from a shell.

    with serve("part3.sample:app", "granian") as server:
        httpx.get(f"{server.url}/home")
    assert_stopped_cleanly(server)

The server binds 127.0.0.1 on a free port, its output (stdout and stderr) is
collected as it comes, and it is always stopped: with Ctrl+C (SIGINT) as a
reader would, then killed if it does not exit in time. (tests/live.py runs
uvicorn in a thread of the test process instead, where the test can watch the
app's log records; this module tests the real commands.)
"""

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVERS = ("uvicorn", "granian")  # SPEC 9: uvicorn and at least one other server
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
# A line a server (or Python) writes for a problem: a level of WARNING or worse, or a traceback.
PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b|Traceback|Exception")
UVICORN_PORT = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")
STOPPED = {"uvicorn": "Application shutdown complete.", "granian": "Granian shutdown completed"}


@dataclass
class Served:
    server: str
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return "".join(self.lines)

    def problems(self) -> list[str]:
        """The output lines that report a warning, an error or a traceback."""
        return [line.rstrip() for line in self.lines if PROBLEM.search(line)]

    def wait_for(self, pattern: str | re.Pattern[str], timeout: float = 5.0) -> re.Match[str]:
        """Wait until a line of output matches pattern; return the match."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if match := re.search(pattern, line):
                    return match
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"{self.server}: no line matches {pattern!r}:\n{self.output()}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command(app: str, server: str, port: int, args: tuple[str, ...]) -> list[str]:
    if server == "uvicorn":  # --port 0: uvicorn binds a free port and logs it
        return [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", "0", *args]
    if server == "granian":  # granian logs the port it was given, so give it a free one
        interface = ["--interface", "asgi", "--host", "127.0.0.1", "--port", str(port)]
        return [sys.executable, "-m", "granian", *interface, *args, app]
    raise ValueError(f"unknown server {server!r}")


def _collect(process: subprocess.Popen[str], lines: list[str]) -> None:
    for line in process.stdout:  # until the process closes its output
        lines.append(line)


def _accepts(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


@contextlib.contextmanager
def serve(app: str, server: str = "uvicorn", *args: str) -> Iterator[Served]:
    """Run `app` ("module:attribute") under server with extra command-line args."""
    port = 0 if server == "uvicorn" else _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        _command(app, server, port, args),
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    served = Served(server, process, port=port)
    reader = threading.Thread(target=_collect, args=(process, served.lines), daemon=True)
    reader.start()
    try:
        if server == "uvicorn":
            served.port = int(served.wait_for(UVICORN_PORT, START_TIMEOUT)[1])
        deadline = time.monotonic() + START_TIMEOUT
        while not _accepts(served.port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{server} did not start:\n{served.output()}")
            time.sleep(0.02)
        yield served
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl+C: a clean shutdown
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(STOP_TIMEOUT)


def assert_stopped_cleanly(served: Served) -> None:
    """The server shut down on Ctrl+C, and its output reports no problem at all."""
    assert served.process.returncode == 0, served.output()
    assert STOPPED[served.server] in served.output()
    assert served.problems() == [], served.output()


def websocket_status(served: Served) -> int:
    """The status a websocket handshake gets (the samples refuse websockets: 403)."""
    request = (
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as client:
        client.sendall(request.encode("ascii"))
        response = http.client.HTTPResponse(client)
        response.begin()
        return response.status
