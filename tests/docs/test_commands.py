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

One client is interactive: `python -m websockets URI`, the `websockets` package's
WebSocket client, which prompts with `> `, prints each message it receives after `< `
and closes the connection at end of input. Its output on the page is a terminal
screen, with what the reader types after each `> `. The test runs it in a
pseudo-terminal, types each of those lines once the screen shows what the page shows
before it, presses Ctrl+D (end of input) once all but the last line are on screen,
and compares the screen it ends with, drawn from the client's cursor movements.
"""

import os
import pty
import re
import select
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


# Python 3.13 took RFC 9110's names for 413 and 422, which the pages show;
# uvicorn prints whatever name the running Python has (3.11, 3.12: the older
# ones, Request Entity Too Large and Unprocessable Entity).
RFC_9110_PHRASES = {
    "413 Content Too Large": f"413 {HTTPStatus(413).phrase}",
    "422 Unprocessable Content": f"422 {HTTPStatus(422).phrase}",
}


def as_this_python_says(line: str) -> str:
    """line, with RFC 9110's status names as the running Python prints them."""
    for name, here in RFC_9110_PHRASES.items():
        line = line.replace(name, here)
    return line


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


INTERACTIVE = re.compile(r"(?:^|/)python -m websockets ")
PROMPT = "> "


def is_interactive(command: Command) -> bool:
    return INTERACTIVE.search(command.text) is not None


class Screen:
    """The lines a terminal shows for what the websockets client writes: text,
    CR, LF, and the few VT100 controls it uses to print above its prompt."""

    CONTROL = re.compile(r"\x1b(?:7|8|\[[ABLK])|\r|\n|[^\x1b\r\n]+")

    def __init__(self) -> None:
        self.rows: list[str] = [""]
        self.row = self.column = 0
        self.saved = (0, 0)

    def feed(self, text: str) -> None:
        for token in self.CONTROL.findall(text):
            if token == "\r":
                self.column = 0
            elif token == "\n":
                self.row += 1
            elif token == "\x1b7":
                self.saved = (self.row, self.column)
            elif token == "\x1b8":
                self.row, self.column = self.saved
            elif token == "\x1b[A":
                self.row = max(self.row - 1, 0)
            elif token == "\x1b[B":
                self.row += 1
            elif token == "\x1b[L":  # insert a blank line, push the rest down
                self.rows.insert(self.row, "")
            elif token == "\x1b[K":  # erase to the end of the line
                self.rows[self.row] = self.rows[self.row][: self.column]
            else:
                self._write(token)
            while len(self.rows) <= self.row:
                self.rows.append("")

    def _write(self, text: str) -> None:
        line = self.rows[self.row].ljust(self.column)
        self.rows[self.row] = line[: self.column] + text + line[self.column + len(text) :]
        self.column += len(text)

    def lines(self) -> list[str]:
        return trimmed([row.rstrip() for row in self.rows])


def shows(screen: Screen, expected: list[str]) -> bool:
    """The screen begins with the expected lines (a prompt's trailing space aside)."""
    lines = screen.lines()
    return len(lines) >= len(expected) and all(
        matches(e.rstrip(), a) for e, a in zip(expected, lines, strict=False)
    )


def run_interactive(command: Command, port: str, timeout: float = 10) -> list[str]:
    """Run the command in a pseudo-terminal and type what the page shows typed."""
    text = command.text.replace(f"127.0.0.1:{SAMPLE_PORT}", f"127.0.0.1:{port}")
    text = text.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
    expected = [
        line.replace(f"127.0.0.1:{SAMPLE_PORT}", f"127.0.0.1:{port}")
        for line in trimmed(command.expected)
    ]
    # What the reader types, after the lines the screen shows before it.
    steps = [
        ([*expected[:index], PROMPT], line[len(PROMPT) :] + "\n")
        for index, line in enumerate(expected)
        if line.startswith(PROMPT)
    ]
    steps.append((expected[:-1], "\x04"))  # Ctrl+D, once the answer is there
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        ["bash", "-c", f"exec {text}"],
        cwd=ROOT,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        start_new_session=True,
    )
    os.close(terminal)
    screen, deadline = Screen(), time.monotonic() + timeout
    try:
        for before, typed in steps:
            wait_until = time.monotonic() + timeout / 2
            while not shows(screen, before) and time.monotonic() < wait_until:
                if not _read_into(screen, controller, 0.05):
                    break
            time.sleep(0.1)  # as a person would, a moment after it shows
            _read_into(screen, controller, 0)
            try:
                os.write(controller, typed.encode())
            except OSError:  # the client has exited already
                break
        while time.monotonic() < deadline and _read_into(screen, controller, 0.05):
            pass
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
        process.wait()
    return screen.lines()


def _read_into(screen: Screen, controller: int, wait: float) -> bool:
    """Feed what the client wrote within `wait` seconds; False once it has exited."""
    ready, _, _ = select.select([controller], [], [], wait)
    if not ready:
        return True
    try:
        data = os.read(controller, 4096)
    except OSError:  # EIO: the client has exited and closed the terminal
        return False
    screen.feed(data.decode("utf-8", "replace"))
    return bool(data)


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
                if is_interactive(command):
                    actual = run_interactive(command, server.port)
                else:
                    actual = run_client(command, server.port)
                expected = [  # the server's port, where a client prints it
                    as_this_python_says(line).replace(
                        f"127.0.0.1:{SAMPLE_PORT}", f"127.0.0.1:{server.port}"
                    )
                    for line in trimmed(command.expected)
                ]
                assert len(actual) == len(expected) and all(
                    matches(e, a) for e, a in zip(expected, actual, strict=True)
                ), f"{page.name}: `{command.text}` printed:\n" + "\n".join(actual)
            server.settle()
        finally:
            server.stop()
        expected_log = [
            as_this_python_says(line).replace(f":{SAMPLE_PORT}", f":{server.port}")
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
