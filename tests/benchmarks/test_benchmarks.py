"""Smoke test: every benchmark runs at tiny size, so the scripts cannot rot.

Nothing here asserts a timing: only that each benchmark runs, measures what
it says, and writes the results and the tables. One quick run in one process
covers every benchmark the test group can run, and checks every app it can
load on the way: the in-process benchmark refuses to time an app that does not
answer the same JSON page as the others. What needs the bench group (the other
peers, uvicorn's httptools protocol and server, granian on uvloop, the plots)
is checked by bench_checks.py, which `make bench` runs before it measures. The
instruction counts run valgrind, whose start-up alone costs seconds of CPU per
run, so their wiring is checked without it.
"""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import (
    apps,
    instructions,
    lab,
    report,
    servers,
    websocket_echo,
)
from benchmarks.__main__ import BENCHMARKS, NEEDS_BENCH_GROUP
from benchmarks.harness import check_status, lifespan
from tests.asgi import call, http_scope, response_of

ROOT = Path(__file__).parents[2]
# What the quick run measures with the test group alone: all but the protocol
# (httptools, uvloop) and the valgrind counts (checked below without valgrind).
COUNTED = ("instructions", "lab")
ONLY = [name for name in BENCHMARKS if name not in (*NEEDS_BENCH_GROUP, *COUNTED)]


@pytest.mark.live
def test_quick_run_without_the_bench_group_writes_results_and_tables(tmp_path) -> None:
    # A separate process, as `make bench` runs it, out of reach of pytest's coverage tracer.
    command = [sys.executable, "-m", "benchmarks", "--quick", "--no-bench-group"]
    command += ["--out", tmp_path, "--plots", tmp_path, "--only", *ONLY]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr

    results = json.loads((tmp_path / "results.json").read_text())
    assert set(results) == {"machine", "load", "targets", "wall_seconds", *ONLY}
    # Every app the test group can load was checked (it answered its page) and timed.
    assert set(results["inprocess"]["requests_per_second"]) == set(apps.WITHOUT_BENCH_GROUP)
    parts = {"part3", "part4", "part5", "part6", "part7", apps.IDIOM}
    assert {*parts, *apps.TYPED, "starlette", "fastapi"} <= set(apps.WITHOUT_BENCH_GROUP)
    figures = results["servers"]["figures"]
    assert set(figures) == {"uvicorn-h11"}  # plain `pip install uvicorn`
    for measures in figures["uvicorn-h11"].values():
        assert measures["rps"]["median"] > 0
        assert measures["cpu_us"]["median"] >= 0
    growth = results["router_scaling"]["growth"]
    assert set(growth) == {"part3", "part6", "starlette"}
    assert set(growth["part3"]) == {"last route", "404"}
    requests = {"last route", "404", "parameter route"}
    assert set(growth["part6"]) == set(growth["starlette"]) == requests
    assert results["memory"]["bytes"]["part3"]["median"] > 0
    assert set(results["memory"]["ratios"]) == {
        "part3 / starlette",
        "part6 / starlette",
        "part6 parameter / starlette parameter",
    }
    # Part 7 under plain uvicorn: a stream that stays flat, and an echo that answers.
    stream = results["stream_memory"]
    assert (stream["http"], stream["mb"], stream["repetitions"]) == ("h11", 4, 1)
    assert stream["figures"]["whole_growth_mib"]["median"] > 2  # the control shows
    websocket = results["websocket"]
    assert websocket["server"].startswith("uvicorn (h11, --ws websockets-sansio)")
    for name in ("part7", "starlette"):
        assert websocket["samples"][name]["round_trips_per_second"][0] > 0
    middleware = results["middleware"]
    assert set(middleware["us_per_layer"]) == {"part5", "starlette", "asgi"}
    assert set(middleware["samples"]) == {
        f"{kind} x{n}" for kind in ("part5", "starlette", "asgi") for n in middleware["layers"]
    }
    assert set(results["profile"]) == {"in_process", "wall_seconds"}
    assert "Part 3" in results["profile"]["in_process"]["groups"]
    assert all(len(samples) >= 2 for samples in results["load"].values())
    targets = {target["target"] for target in results["targets"]}
    assert {
        "Memory, 100 routes: Part 3 / Starlette",
        "Memory, 100 routes: Part 6 / Starlette",
        "Memory, 100 parameter routes: Part 6 / Starlette",
        "Router, 10 to 100 routes: Part 3, 404",
        "Router, 10 to 100 routes: Part 6, parameter route",
        "Part 7: server memory growth, 4 MB streamed",
        "Part 7 / Starlette, WebSocket echo round trips/s",
    } <= targets
    for target in results["targets"]:
        assert target["ratio"]["min"] <= target["ratio"]["median"] <= target["ratio"]["max"]

    written = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.*")}
    # Counted by valgrind: no standing, no lab. And no plot without matplotlib.
    expected = {name for name, (_, needs) in report.tables().items() if needs in results}
    assert written == {"results.json", *expected}
    for filename in expected:
        assert (tmp_path / filename).read_text().startswith(report.HEADER)
    assert "part3/" in (tmp_path / "profile.md").read_text()
    parts_table = (tmp_path / "parts.md").read_text()
    assert "| Part 5 |" in parts_table and "| Part 7 |" in parts_table
    assert "| Part 6, returning a dict |" in parts_table
    assert "| FastAPI, typed route |" in (tmp_path / "typed.md").read_text()
    assert "| Part 7's sample |" in (tmp_path / "websocket.md").read_text()
    assert "| Starlette `BaseHTTPMiddleware` |" in (tmp_path / "middleware.md").read_text()
    assert "| Target | Goal | Measured | Met |" in run.stdout


@pytest.mark.live
def test_the_echo_servers_are_stopped_when_a_run_fails(tmp_path) -> None:
    with (
        pytest.raises(RuntimeError, match="a run failed"),
        websocket_echo.serving("h11", tmp_path) as echo_servers,
    ):
        processes = [server.process for server in echo_servers.values()]
        assert all(server.port > 0 for server in echo_servers.values())
        raise RuntimeError("a run failed")
    assert all(process.poll() is not None for process in processes)


async def test_an_app_that_answers_another_page_is_not_timed() -> None:
    async def other_page(scope, receive, send) -> None:
        body = b'{"page":"about"}'
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    scope = apps.http_scope(apps.PATH)
    await check_status(other_page, scope, 200)  # the status alone is right
    with pytest.raises(RuntimeError, match=r"not \{'page': 'home'\}"):
        await check_status(other_page, scope, 200, apps.PAGE)
    await check_status(apps.raw_app, scope, 200, apps.PAGE)


@pytest.mark.parametrize("name", ["prebuilt ASGI", "raw ASGI", *apps.PARTS, apps.IDIOM])
async def test_the_raw_apps_and_parts_3_to_7_send_the_same_bytes(name) -> None:
    app = apps.APPS[name].load()
    async with lifespan(app):
        _, headers, body = response_of(await call(app, http_scope("GET", "/home")))
    assert body == b'{"page":"home"}'
    assert headers["content-length"] == "15"


async def test_the_typed_route_answers_the_same_bytes_in_part6_and_fastapi() -> None:
    answers = []
    for name in apps.TYPED:
        contender = apps.APPS[name]
        app, scope = contender.load(), apps.http_scope(contender.path)
        async with lifespan(app):
            await check_status(app, scope, 200, contender.page)
            answers.append(response_of(await call(app, scope)))
    (status, headers, body), (fastapi_status, fastapi_headers, fastapi_body) = answers
    assert body == fastapi_body == b'{"user_id":42,"limit":5,"active":true}'
    assert status == fastapi_status == 200
    assert headers["content-type"].startswith("application/json")
    assert fastapi_headers["content-type"].startswith("application/json")


def test_a_query_string_in_a_path_goes_to_the_scope() -> None:
    scope = apps.http_scope("/users/42?limit=5&active=true")
    assert (scope["path"], scope["raw_path"]) == ("/users/42", b"/users/42")
    assert scope["query_string"] == b"limit=5&active=true"
    assert apps.http_scope("/home")["query_string"] == b""


# --- the instruction counts, without valgrind -------------------------------------------


def test_valgrind_takes_the_options_the_counts_use(tmp_path) -> None:
    if instructions.available():
        help_text = subprocess.run(
            [*instructions.VALGRIND[:2], "--help"], capture_output=True, text=True, timeout=30
        ).stdout
        assert "--cache-sim=yes|no" in help_text
        assert "--cachegrind-out-file=<file>" in help_text
    else:  # without valgrind, the full run says so and goes on
        command = [sys.executable, "-m", "benchmarks", "--quick", "--only", "instructions"]
        command += ["--out", tmp_path, "--plots", tmp_path]
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert "skipping instructions: valgrind is not installed" in run.stdout


def test_the_command_valgrind_runs_serves_an_app_inside_middleware(tmp_path) -> None:
    command = instructions.command("part5 x1", "inprocess", 3, tmp_path / "out")
    assert command[: len(instructions.VALGRIND)] == instructions.VALGRIND
    assert command[len(instructions.VALGRIND)] == f"--cachegrind-out-file={tmp_path / 'out'}"
    python = command[len(instructions.VALGRIND) + 1 :]  # what valgrind runs and counts
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(python, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize(
    "name",
    ["part3", "part7", *apps.TYPED, "starlette x1", "asgi x1", "part3.sample:app"],
)
def test_the_driver_serves_each_kind_of_app_in_process(name) -> None:
    instructions.main(name, "inprocess", 2)  # the protocol: bench_checks.py


def test_the_driver_refuses_to_count_an_app_that_answers_another_page(monkeypatch) -> None:
    typed = apps.APPS["part6 typed"]
    wrong = dataclasses.replace(typed, page={**typed.page, "limit": 6})
    monkeypatch.setitem(apps.APPS, "part6 typed", wrong)
    with pytest.raises(RuntimeError, match=r"not \{'user_id': 42, 'limit': 6"):
        instructions.main("part6 typed", "inprocess", 2)


def test_an_unknown_app_or_mode_is_refused() -> None:
    with pytest.raises(KeyError):
        instructions.load("part5 x")
    with pytest.raises(SystemExit, match="mode is one of"):
        instructions.main("part3", "server", 1)


def test_instructions_per_request_are_the_difference_between_two_runs(monkeypatch) -> None:
    start_up, per_request = 300_000_000, {"part3": 40_000, "part5 x1": 43_000}

    def count(name: str, mode: str, requests: int, path: tuple[str, ...]) -> int:
        return start_up + per_request[name] * requests * (3 if mode == "protocol" else 1)

    monkeypatch.setattr(instructions, "_count", count)
    counted = instructions.run(
        {"inprocess": ["part3", "part5 x1"], "protocol": ["part3"]}, requests=(200, 700)
    )
    assert counted == {
        "requests": [200, 700],
        "per_request": {
            "inprocess": {"part3": 40_000, "part5 x1": 43_000},
            "protocol": {"part3": 120_000},
        },
    }


CACHEGRIND_OUTPUT = """\
desc: I1 cache:         32768 B, 64 B, 8-way associative
cmd: python -m benchmarks.instructions part3 inprocess 200
events: Ir
fl=./csu/../csu/libc-start.c
fn=__libc_start_main@@GLIBC_2.34
128 2
summary: 41267220
"""


def test_the_count_is_read_from_cachegrinds_summary_line() -> None:
    assert instructions.summary(CACHEGRIND_OUTPUT) == 41_267_220
    with pytest.raises(RuntimeError, match="no summary"):
        instructions.summary(CACHEGRIND_OUTPUT.replace("summary:", "totals:"))


# --- the report ---------------------------------------------------------------------------


COUNTS = {
    "inprocess": {
        "raw ASGI": 20_000,
        "part3": 43_000,
        "part4": 43_500,
        "part5": 45_500,
        "starlette": 100_000,
        "muffin": 44_000,
        "fastapi": 150_000,
        "part5 x1": 49_000,
        "starlette x1": 730_000,
        "part6 typed": 150_000,
        "fastapi typed": 600_000,
    },
    "protocol": {"raw ASGI": 128_000, "part3": 152_000},
}


def test_the_targets_are_set_on_instruction_counts() -> None:
    targets = report.check_targets({"instructions": {"per_request": COUNTS}})
    rows = {target["target"]: (target["measured"], target["met"]) for target in targets}
    assert rows == {
        "Part 3 / Muffin, the closest peer": ("0.98x (43.0k / 44.0k)", True),
        "Part 3 / Starlette": ("0.43x (43.0k / 100.0k)", True),
        "Inside uvicorn's protocol: raw ASGI / Part 3": ("0.84x (128.0k / 152.0k)", True),
        "Part 4 / Part 3, a plain route": ("1.01x (43.5k / 43.0k)", True),
        "Part 5 / Part 3, a plain route": ("1.06x (45.5k / 43.0k)", False),
        "One middleware layer: Part 5's / Starlette's": ("0.0056x (3.5k / 630.0k)", True),
        "A typed route: Part 6 / FastAPI": ("0.25x (150.0k / 600.0k)", True),
    }
    counts = {"inprocess": {**COUNTS["inprocess"], "part6 typed": 201_000}}
    targets = report.check_targets({"instructions": {"per_request": counts}})
    typed = next(t for t in targets if t["target"] == "A typed route: Part 6 / FastAPI")
    assert (typed["measured"], typed["met"]) == ("0.34x (201.0k / 600.0k)", False)


def test_parts_6_and_7_get_their_rows_by_joining_parts() -> None:
    assert apps.PARTS == ["part3", "part4", "part5", "part6", "part7"]
    counts = {"inprocess": {**COUNTS["inprocess"], "part6": 48_600, "part7": 43_100}}
    targets = report.check_targets({"instructions": {"per_request": counts}})
    rows = {target["target"]: (target["measured"], target["met"]) for target in targets}
    assert rows["Part 6 / Part 3, a plain route"] == ("1.13x (48.6k / 43.0k)", False)
    assert rows["Part 7 / Part 3, a plain route"] == ("1.00x (43.1k / 43.0k)", True)


def _spread(median: float, low: float, high: float) -> dict[str, float]:
    return {"median": median, "min": low, "max": high}


def test_the_router_memory_streaming_and_websocket_targets() -> None:
    flat, steep = _spread(1.01, 0.98, 1.03), _spread(1.25, 1.1, 1.3)
    results = {
        "router_scaling": {
            "sizes": [10, 10_000],
            "growth": {
                "part3": {"last route": flat, "404": flat},
                "part6": {"last route": flat, "404": flat, "parameter route": steep},
                "starlette": {"last route": _spread(350, 340, 360)},  # not a target
            },
        },
        "memory": {
            "routes": 10_000,
            "ratios": {
                "part3 / starlette": _spread(0.7, 0.7, 0.7),
                "part6 / starlette": _spread(0.85, 0.85, 0.85),
                "part6 parameter / starlette parameter": _spread(1.21, 1.2, 1.22),
            },
        },
        "stream_memory": {
            "mb": 100,
            "bound_mib": 16.0,
            "figures": {"stream_growth_mib": _spread(0.04, 0.0, 0.1)},
        },
        "websocket": {"ratios": {"part7 / starlette": _spread(0.99, 0.9, 1.1)}},
    }
    rows = {
        target["target"]: (target["goal"], target["measured"], target["met"])
        for target in report.check_targets(results)
    }
    router = "Router, 10 to 10,000 routes:"
    assert rows == {
        f"{router} Part 3, last route": ("<= 1.2", "1.01x (0.98-1.03)", True),
        f"{router} Part 3, 404": ("<= 1.2", "1.01x (0.98-1.03)", True),
        f"{router} Part 6, last route": ("<= 1.2", "1.01x (0.98-1.03)", True),
        f"{router} Part 6, 404": ("<= 1.2", "1.01x (0.98-1.03)", True),
        f"{router} Part 6, parameter route": ("<= 1.2", "1.25x (1.10-1.30)", False),
        "Memory, 10,000 routes: Part 3 / Starlette": ("<= 1.2", "0.70x (0.70-0.70)", True),
        "Memory, 10,000 routes: Part 6 / Starlette": ("<= 1.2", "0.85x (0.85-0.85)", True),
        "Memory, 10,000 parameter routes: Part 6 / Starlette": (
            "<= 1.2",
            "1.21x (1.20-1.22)",
            False,
        ),
        "Part 7: server memory growth, 100 MB streamed": ("< 16 MiB", "0.0 MiB (0.0-0.1)", True),
        "Part 7 / Starlette, WebSocket echo round trips/s": (">= 1.00", "0.99x (0.90-1.10)", False),
    }


def test_the_standing_ranks_part3_among_the_raw_app_and_its_peers() -> None:
    table = report.standing_markdown({"instructions": {"per_request": COUNTS}})
    rows = [line for line in table.splitlines() if line.startswith("| ")][1:]
    assert rows == [
        "| raw ASGI | 20,000 | 0.47x |",
        "| **Part 3** | 43,000 | 1.00x |",
        "| Muffin | 44,000 | 1.02x |",
        "| Starlette | 100,000 | 2.33x |",
        "| FastAPI | 150,000 | 3.49x |",
    ]


def test_the_lab_counts_a_copy_before_and_after_each_step(monkeypatch) -> None:
    seen = []

    def count(name: str, mode: str, requests: int, path: tuple[str, ...]) -> int:
        package = name.partition(".")[0]  # part3_stepN: N steps applied
        assert (Path(path[0]) / package / "sample.py").is_file()
        seen.append(name)
        return 1_000_000 + (50_000 - 1_000 * int(package.removeprefix("part3_step"))) * requests

    monkeypatch.setattr(instructions, "_count", count)
    counted = lab.run(requests=(2, 4))
    assert counted["per_request"] == {
        step: 50_000 - 1_000 * number for number, step in enumerate(["part3", *lab.STEPS])
    }
    assert len(seen) == 2 * (len(lab.STEPS) + 1)
    results = {"lab": counted}
    assert report.lab_step_markdown("02-content-type-once")(results).endswith(
        "Measured: 49,000 to 48,000 instructions per request, 1,000 fewer (2.0%).\n"
    )
    assert f"| **{50_000 - 1_000 * len(lab.STEPS):,}** |" in report.lab_markdown(results)


def test_the_lab_makes_a_copy_with_the_first_steps(tmp_path, capsys) -> None:
    from benchmarks.lab.__main__ import main

    assert main(["--copy", str(tmp_path), "--steps", "1"]) == 0
    router = (tmp_path / "part3_faster" / "router.py").read_text()
    assert 'for segment in path.split("/"):' in router
    assert "_content_type" not in (tmp_path / "part3_faster" / "http_responses.py").read_text()
    assert "01-walk-the-split" in capsys.readouterr().out
    assert main(["--copy", str(tmp_path), "--package", "again"]) == 0
    assert "_content_type" in (tmp_path / "again" / "http_responses.py").read_text()


def test_the_ladder_splits_each_request_into_layers() -> None:
    def measured(user: float, system: float) -> dict[str, dict[str, float]]:
        values = {
            "user_us": user,
            "system_us": system,
            "cpu_us": user + system,
        }
        return {key: {"median": v, "min": v, "max": v} for key, v in values.items()}

    figures = {
        "prebuilt ASGI": measured(20, 10),
        "raw ASGI": measured(24, 10),
        "part3": measured(27, 11),
    }
    layers = report.ladder({"servers": {"figures": {"uvicorn": figures}}})
    assert layers["part3"] == {
        "kernel": 11,
        "server": 20,
        "response": 4,
        "framework": 3,
    }
    assert layers["prebuilt ASGI"] == {
        "kernel": 10,
        "server": 20,
        "response": 0,
        "framework": 0,
    }


def test_the_cost_of_a_layer_is_the_slope_through_the_layer_counts() -> None:
    from benchmarks import middleware

    assert middleware.slope((0, 1, 5, 10), [7.0, 7.5, 9.5, 12.0]) == pytest.approx(0.5)
    assert middleware.case("starlette x10") == ("starlette", 10)
    per_request = {
        "inprocess": {
            "part5": 42_000,
            "part5 x1": 43_500,
            "starlette": 99_000,
            "starlette x1": 734_000,
            "asgi x1": 42_400,
        }
    }
    assert report._instructions_per_layer({"instructions": {"per_request": per_request}}) == {
        "part5": 1_500,
        "starlette": 635_000,
        "asgi": 400,
    }


def test_a_range_below_zero_is_not_written_with_a_hyphen() -> None:
    assert report._ratio({"median": 0.97, "min": 0.95, "max": 1.02}) == "0.97x (0.95-1.02)"
    assert report._ratio({"median": 0.0024, "min": 0.0021, "max": 0.0025}) == (
        "0.0024x (0.0021-0.0025)"
    )
    assert report._micros({"median": 0.07, "min": -0.22, "max": 0.36}) == "0.07 (-0.22 to 0.36)"


WRK_REPORT = """\
Running 2s test @ http://127.0.0.1:40000/home
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.31ms  120.00us   3.10ms   90.00%
    Req/Sec    12.10k   300.00    12.50k    80.00%
  24180 requests in 2.00s, 3.30MB read
Requests/sec:  12089.51
Transfer/sec:      1.65MB
"""


def test_wrk_report_is_parsed() -> None:
    assert servers.parse_wrk(WRK_REPORT) == (24180, 2.0)
    assert servers.parse_wrk(WRK_REPORT.replace("2.00s,", "998.50ms,")) == (
        24180,
        0.9985,
    )


@pytest.mark.parametrize(
    "failure",
    [
        "  Non-2xx or 3xx responses: 24180\n",
        "  Socket errors: connect 0, read 3\n",
    ],
)
def test_wrk_report_with_failed_requests_is_refused(failure) -> None:
    with pytest.raises(RuntimeError, match="failed requests"):
        servers.parse_wrk(WRK_REPORT.replace("Requests/sec", failure + "Requests/sec"))


def test_cpu_time_of_a_process_tree_is_read_from_proc() -> None:
    child = subprocess.Popen(["sleep", "30"])
    try:
        user, system = servers.process_tree_cpu(os.getpid())  # this process and the child
        alone = servers.process_tree_cpu(child.pid)
    finally:
        child.kill()
        child.wait()
    assert user > 0 and system >= 0
    assert user >= alone[0] and system >= alone[1]


def test_committed_tables_are_rendered_from_the_committed_results() -> None:
    results = json.loads((ROOT / "benchmarks/results/results.json").read_text())
    assert report.check_targets(results) == results["targets"]
    for filename, (render, _) in report.tables().items():
        assert (ROOT / "benchmarks/results" / filename).read_text() == render(results)
    # Every step of the lab, as it is now, was measured.
    assert list(results["lab"]["per_request"]) == ["part3", *lab.STEPS]


def test_performance_page_shows_every_table_plot_and_step() -> None:
    page = (ROOT / "docs/performance.md").read_text()
    for filename in report.tables():
        assert f'--8<-- "benchmarks/results/{filename}"' in page
    for filename in report.PLOTS:
        assert f"](assets/{filename})" in page
        assert (ROOT / "docs/assets" / filename).read_bytes().startswith(b"\x89PNG")
    for step in lab.STEPS:
        assert f'--8<-- "benchmarks/lab/{step}.diff"' in page
    assert "make faster" in page
    assert "SPEC" not in page
