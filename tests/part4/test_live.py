"""Part 4 under a real uvicorn: the sample, a failing start-up, and Ctrl+C."""

import logging
import os
import re
import signal
import subprocess
import sys
import time

import httpx

from part4.sample import app
from tests.live import live_server

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_sample_counts_visits_runs_tasks_and_stops_cleanly() -> None:
    with (
        live_server(app, logger_names=("uvicorn", "part4")) as server,
        httpx.Client(base_url=server.url, verify=False) as client,  # plain HTTP: no TLS set-up
    ):
        assert client.get("/visits").json() == {"visits": 1}
        assert client.get("/visits").json() == {"visits": 2}
        response = client.post("/signup", json={"email": "ada@example.com"})
        assert (response.status_code, response.json()) == (202, {"queued": "welcome"})
    messages = [r.getMessage() for r in server.logs.records]
    assert "Welcome message sent to ada@example.com" in messages  # drained at shut-down
    assert "Shut-down: 2 visit(s) counted" in messages
    assert server.logs.at_least(logging.WARNING) == []


def start_uvicorn(target: str, *extra: str) -> tuple[subprocess.Popen, str]:
    """uvicorn on 127.0.0.1 and a free port, as a process; returns it and its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", "0", *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break  # the process ended
        lines.append(line)
        match = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line)
        if match:
            return process, match[1]
    process.kill()
    raise AssertionError("uvicorn did not start:\n" + "".join(lines))


def finish(process: subprocess.Popen, timeout: float) -> str:
    """Wait for the process to end (killing it if it does not); return its output."""
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise AssertionError(f"still running after {timeout}s:\n{output}") from None
    return output


def test_a_failing_startup_makes_uvicorn_exit_with_an_error() -> None:
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "tests.part4.apps:failing_startup",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert process.returncode != 0
    assert "ConnectionError: database unreachable" in process.stderr
    assert "Application startup failed. Exiting." in process.stderr


def test_ctrl_c_with_a_slow_task_exits_at_the_drain_deadline() -> None:
    process, url = start_uvicorn("tests.part4.apps:slow_tasks")
    try:
        assert httpx.post(f"{url}/slow", verify=False).text == "queued"
        time.sleep(0.2)  # the worker takes the first task
        stopped_at = time.monotonic()
        process.send_signal(signal.SIGINT)  # Ctrl+C
        output = finish(process, timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    elapsed = time.monotonic() - stopped_at
    assert process.returncode == 0, output
    assert elapsed < 5, f"took {elapsed:.1f}s with a drain deadline of 1s"
    assert "cancelled 1 running task(s); 1 queued task(s) never started" in output
    assert "Application shutdown complete." in output
