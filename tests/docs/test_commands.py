"""The "run it" blocks of the pages and the README are true: run them, compare the output.

A page shows a session as `console` blocks titled "Terminal 1..." (the server) and
"Terminal 2..." (the client). Each `$ ` line is a command (a line ending in a
backslash continues it); the lines under it are what it prints. `...` in an expected
line stands for any text (a date, a process id, a client port).

For every session, this test runs the Terminal 1 command as written, except that the
server binds a free port instead of 8001, runs each Terminal 2 command against it, and
compares what curl prints with the page, line by line. Then, once the server has been
quiet for a moment (as a reader would wait), it stops the server with Ctrl+C (SIGINT)
and checks that the lines the page says the server printed appear in its output, in
order.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import pytest

from tests.docs.conftest import ROOT

pytestmark = [pytest.mark.live, pytest.mark.no_cover]

PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,})(?P<info>.*)$")
TITLE = re.compile(r'title="(?P<title>[^"]*)"')
SAMPLE_PORT = "8001"


@dataclass
class Command:
    text: str  # as shown, continuation lines included
    expected: list[str] = field(default_factory=list)


@dataclass
class Session:
    server: Command
    server_output: list[str] = field(default_factory=list)
    clients: list[Command] = field(default_factory=list)


def console_blocks(text: str) -> list[tuple[str, list[str]]]:
    """(title, lines) of every console block, indented ones (in lists, boxes) too."""
    blocks, lines, index = [], text.splitlines(), 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = len(match["indent"]), match["fence"]
        end = index + 1
        while lines[end].strip() != fence:
            end += 1
        if match["info"].strip().startswith("console"):
            title = TITLE.search(match["info"])
            body = [line[indent:] for line in lines[index + 1 : end]]
            blocks.append((title["title"] if title else "", body))
        index = end + 1
    return blocks


def commands(lines: list[str]) -> tuple[list[str], list[Command]]:
    """The lines before the first `$ ` line, and each command with its output."""
    before: list[str] = []
    found: list[Command] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("$ "):
            text = [line[2:]]
            while text[-1].endswith("\\"):
                index += 1
                text.append(lines[index])
            found.append(Command("\n".join(text)))
        elif found:
            found[-1].expected.append(line)
        else:
            before.append(line)
        index += 1
    return before, found


def sessions_of(page: Path) -> list[Session]:
    sessions: list[Session] = []
    for title, lines in console_blocks(page.read_text()):
        before, found = commands(lines)
        if title.startswith("Terminal 1"):
            if found:  # a new server
                assert len(found) == 1 and not before, f"{page.name}: one server per block"
                sessions.append(Session(found[0], list(found[0].expected)))
            else:  # more of the running server's output
                assert sessions, f"{page.name}: server output before any server"
                sessions[-1].server_output += ["...", *before]
        elif title.startswith("Terminal 2"):
            assert sessions, f"{page.name}: a client block before any server block"
            assert found and not before, f"{page.name}: a client block must start with $"
            sessions[-1].clients += found
        else:
            pytest.fail(f"{page.name}: a console block titled {title!r}, not Terminal 1 or 2")
    return sessions


def matches(expected: str, actual: str) -> bool:
    """`...` is any text; everything else is literal."""
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual) is not None


# Python 3.13 took RFC 9110's name for 413, which the pages show; uvicorn
# prints whatever name the running Python has (3.11, 3.12: the older one).
PHRASE_413 = f"413 {HTTPStatus(413).phrase}"


def trimmed(lines: list[str]) -> list[str]:
    lines = [line.rstrip("\r") for line in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


class Server:
    """The Terminal 1 command, on a free port, with its output collected.

    It is ready, as a reader would see it, once uvicorn says where it runs. With
    `--workers N`, the parent says so before its N processes serve anything (until
    then a connection is refused), so it is ready once N of them completed their
    start-up."""

    def __init__(self, command: str) -> None:
        assert f"--port {SAMPLE_PORT}" in command, command
        command = command.replace(f"--port {SAMPLE_PORT}", "--port 0")
        command = command.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
        workers = re.search(r"--workers (\d+)", command)
        self._processes = int(workers[1]) if workers else 1
        self.lines: list[str] = []
        self.port: str | None = None
        self._started = threading.Event()
        self.process = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},  # as a terminal shows it
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._started.wait(timeout=20) or self.port is None:
            self.stop()
            pytest.fail("the server did not start:\n" + "\n".join(self.lines))

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            running = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", line)
            if running:
                self.port = running[1]
            started = self.lines.count("INFO:     Application startup complete.")
            if self.port and (self._processes == 1 or started >= self._processes):
                self._started.set()
        self._started.set()

    def settle(self, quiet: float = 0.3, limit: float = 3.0) -> None:
        """Wait until the server has printed nothing new for `quiet` seconds, as a
        reader does before pressing Ctrl+C (a background task may still be logging)."""
        deadline = time.monotonic() + limit
        seen = -1
        while len(self.lines) != seen and time.monotonic() < deadline:
            seen = len(self.lines)
            time.sleep(quiet)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl+C, as the page says
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)


def run_client(command: Command, port: str) -> list[str]:
    text = command.text.replace(f"127.0.0.1:{SAMPLE_PORT}", f"127.0.0.1:{port}")
    result = subprocess.run(
        ["bash", "-c", text], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    return trimmed(result.stdout.splitlines())


def check_in_order(expected: list[str], actual: list[str]) -> str | None:
    """Each expected line (`...` skips any number of lines) matches, in order."""
    position = 0
    for line in expected:
        if line == "...":
            continue
        while position < len(actual) and not matches(line, actual[position]):
            position += 1
        if position == len(actual):
            return line
        position += 1
    return None


PAGES_WITH_SESSIONS = [page for page in PAGES if "Terminal 1" in page.read_text()]


@pytest.mark.parametrize(
    "page", PAGES_WITH_SESSIONS, ids=lambda p: str(p.relative_to(ROOT)).removeprefix("docs/")
)
def test_run_it_blocks_print_what_the_page_says(page: Path) -> None:
    sessions = sessions_of(page)
    assert sessions
    for session in sessions:
        server = Server(session.server.text)
        assert server.port is not None
        try:
            for command in session.clients:
                actual = run_client(command, server.port)
                expected = [
                    line.replace("413 Content Too Large", PHRASE_413)
                    for line in trimmed(command.expected)
                ]
                assert len(actual) == len(expected) and all(
                    matches(e, a) for e, a in zip(expected, actual, strict=True)
                ), f"{page.name}: `{command.text}` printed:\n" + "\n".join(actual)
            server.settle()
        finally:
            server.stop()
        expected_log = [
            line.replace(f":{SAMPLE_PORT}", f":{server.port}")
            for line in trimmed(session.server_output)
        ]
        missing = check_in_order(expected_log, server.lines)
        assert missing is None, (
            f"{page.name}: the server never printed {missing!r}; it printed:\n"
            + "\n".join(server.lines)
        )


def test_every_page_session_has_a_server_and_a_client() -> None:
    for page in PAGES_WITH_SESSIONS:
        for session in sessions_of(page):
            assert session.clients, f"{page.name}: `{session.server.text}` has no client"
