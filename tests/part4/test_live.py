"""Part 4 under real servers, started as a reader starts them: the sample with
its lifespan and tasks, a failing start-up, and Ctrl+C with a slow task."""

import subprocess
import sys
import time

import httpx
import pytest

from tests.servers import (
    ROOT,
    SERVERS,
    assert_stopped_cleanly,
    serve,
    websocket_status,
)

pytestmark = [pytest.mark.live, pytest.mark.no_cover]  # the server is another process


@pytest.mark.parametrize("server", SERVERS)
def test_sample_counts_visits_runs_tasks_and_stops_cleanly(server) -> None:
    with serve("part4.sample:app", server) as running:
        with httpx.Client(base_url=running.url, timeout=5, verify=False) as client:
            assert client.get("/visits").json() == {"visits": 1}
            assert client.get("/visits").json() == {"visits": 2}
            signup = client.post("/signup", json={"email": "ada@example.com"})
            assert (signup.status_code, signup.json()) == (202, {"queued": "welcome"})
        assert websocket_status(running) == 403
        running.wait_for("Welcome message sent to ada@example.com")
    assert_stopped_cleanly(running)
    assert "Shut-down: 2 visit(s) counted" in running.output()


def test_a_failing_startup_makes_uvicorn_exit_with_an_error() -> None:
    command = [sys.executable, "-m", "uvicorn", "tests.part4.apps:failing_startup"]
    process = subprocess.run(
        [*command, "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert process.returncode != 0
    assert "ConnectionError: database unreachable" in process.stderr
    assert "Application startup failed. Exiting." in process.stderr


def test_ctrl_c_with_a_slow_task_exits_at_the_drain_deadline() -> None:
    with serve("tests.part4.apps:slow_tasks") as running:
        assert httpx.post(f"{running.url}/slow", verify=False).text == "queued"
        running.wait_for("Application startup complete")
        time.sleep(0.2)  # the one worker takes the first task
        stopped_at = time.monotonic()
    elapsed = time.monotonic() - stopped_at  # serve() pressed Ctrl+C and waited
    output = running.output()
    assert running.process.returncode == 0, output
    assert elapsed < 5, f"took {elapsed:.1f}s with a drain deadline of 1s"
    assert (
        "cancelled 1 running task(s), abandoned 0 that ignored the cancellation; "
        "1 queued task(s) never started"
    ) in output
    assert "Application shutdown complete." in output


def test_ctrl_c_with_a_task_that_swallows_its_cancellation_exits_after_the_grace() -> None:
    # The drain deadline (1 s) cancels the task, which ignores it; one second of
    # grace (CANCEL_GRACE) later the app abandons it and uvicorn exits.
    with serve("tests.part4.apps:stubborn_task") as running:
        assert httpx.post(f"{running.url}/stubborn", verify=False).text == "queued"
        time.sleep(0.2)  # a worker takes the task
        stopped_at = time.monotonic()
    elapsed = time.monotonic() - stopped_at
    output = running.output()
    assert running.process.returncode == 0, output
    assert elapsed < 1.0 + 1.0 + 1.5, f"took {elapsed:.1f}s: deadline 1 s, grace 1 s"
    assert (
        "cancelled 0 running task(s), abandoned 1 that ignored the cancellation; "
        "0 queued task(s) never started"
    ) in output
    assert "Application shutdown complete." in output
