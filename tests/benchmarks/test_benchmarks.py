"""Smoke test: every benchmark runs at tiny size, so the scripts cannot rot.

Nothing here asserts a timing: only that each benchmark runs, measures what
it says, and writes the results, the tables and the plots.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import apps, instructions, report, servers
from benchmarks.harness import lifespan
from tests.asgi import call, http_scope, response_of

ROOT = Path(__file__).parents[2]
JSON_APPS = [name for name, contender in apps.APPS.items() if contender.json]


@pytest.mark.parametrize("name", JSON_APPS)
async def test_every_json_app_answers_the_same_page(name) -> None:
    contender = apps.APPS[name]
    app = contender.load()
    async with lifespan(app):
        status, headers, body = response_of(await call(app, http_scope("GET", contender.path)))
    assert (status, headers["content-type"].split(";")[0]) == (
        200,
        "application/json",
    )
    assert json.loads(body) == apps.PAGE


@pytest.mark.parametrize("name", ["prebuilt ASGI", "raw ASGI", "part3"])
async def test_the_raw_apps_and_part3_send_the_same_bytes(name) -> None:
    _, _, body = response_of(await call(apps.APPS[name].load(), http_scope("GET", "/home")))
    assert body == b'{"page":"home"}'


@pytest.mark.live
def test_quick_run_writes_results_tables_and_plots(tmp_path) -> None:
    # A separate process, as `make bench` runs it, out of reach of pytest's coverage tracer.
    # The instruction counts run valgrind: the next test covers them, alongside this one.
    only = [
        "inprocess",
        "protocol",
        "servers",
        "router_scaling",
        "memory",
        "profile",
    ]
    command = [
        sys.executable,
        "-m",
        "benchmarks",
        "--quick",
        "--out",
        tmp_path,
    ]
    command += ["--plots", tmp_path, "--only", *only]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr

    results = json.loads((tmp_path / "results.json").read_text())
    assert set(results) >= {
        "machine",
        "load",
        "targets",
        "inprocess",
        "protocol",
        "servers",
    }
    assert set(results) >= {"router_scaling", "memory", "profile"}
    assert {"raw ASGI", "part3", "starlette"} <= set(results["inprocess"]["requests_per_second"])
    assert set(results["protocol"]["cpu_us"]) == {
        "prebuilt ASGI",
        "raw ASGI",
        "part3",
    }
    figures = results["servers"]["figures"]
    assert set(figures) == {"uvicorn", "granian", "uvicorn-h11"}
    for by_name in figures.values():
        for measures in by_name.values():
            assert measures["rps"]["median"] > 0
            assert measures["cpu_us"]["median"] >= 0
    assert set(results["router_scaling"]["growth"]) == {"part3", "starlette"}
    assert results["memory"]["bytes"]["part3"]["median"] > 0
    assert {"Part 3", "uvicorn (Python)"} <= set(results["profile"]["under_uvicorn"]["groups"])
    assert all(len(samples) >= 2 for samples in results["load"].values())
    for target in results["targets"]:
        assert target["ratio"]["min"] <= target["ratio"]["median"] <= target["ratio"]["max"]

    for filename in report.TABLES:
        assert (tmp_path / filename).read_text().startswith(report.HEADER)
    assert "### Targets" in (tmp_path / "summary.md").read_text()
    assert "part3/" in (tmp_path / "profile.md").read_text()
    for filename in report.PLOTS:
        assert (tmp_path / filename).read_bytes().startswith(b"\x89PNG")
    assert "### Targets" in run.stdout


def test_instructions_per_request_are_counted(tmp_path) -> None:
    if instructions.available():
        counted = instructions.run({"inprocess": ["raw ASGI"]}, requests=(1, 2))
        assert counted["per_request"]["inprocess"]["raw ASGI"] > 1_000
    else:  # without valgrind, the full run says so and goes on
        command = [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--only",
            "instructions",
        ]
        command += ["--out", tmp_path, "--plots", tmp_path]
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert "skipping instructions: valgrind is not installed" in run.stdout


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
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
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
    for filename, (render, _) in report.TABLES.items():
        assert (ROOT / "benchmarks/results" / filename).read_text() == render(results)


def test_performance_page_shows_every_table_and_plot() -> None:
    page = (ROOT / "docs/performance.md").read_text()
    for filename in report.TABLES:
        assert f'--8<-- "benchmarks/results/{filename}"' in page
    for filename in report.PLOTS:
        assert f"](assets/{filename})" in page
        assert (ROOT / "docs/assets" / filename).read_bytes().startswith(b"\x89PNG")
    assert "SPEC" not in page
