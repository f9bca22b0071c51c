"""Smoke test: every benchmark runs at tiny size, so the scripts cannot rot.

Nothing here asserts a timing: only that each benchmark runs, measures what
it says, and writes the results, the tables and the plot.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import apps, report, throughput
from tests.asgi import call, http_scope, response_of

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("name", ["raw ASGI", "part3", "starlette"])
async def test_the_json_apps_answer_the_same_bytes(name) -> None:
    app, path = apps.APPS[name]
    status, headers, body = response_of(await call(app, http_scope("GET", path)))
    assert (status, headers["content-type"].split(";")[0]) == (200, "application/json")
    assert body == b'{"page":"home"}'


@pytest.mark.live
def test_quick_run_writes_results_tables_and_plot(tmp_path) -> None:
    # A separate process, as `make bench` runs it, out of reach of pytest's coverage tracer.
    plot = tmp_path / "router-scaling.png"
    command = [sys.executable, "-m", "benchmarks", "--quick", "--out", tmp_path, "--plot", plot]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr

    results = json.loads((tmp_path / "results.json").read_text())
    assert set(results) >= {"machine", "inprocess", "throughput", "router_scaling", "memory"}
    assert set(results["inprocess"]["requests_per_second"]) == set(apps.APPS)
    assert set(results["throughput"]["requests_per_second"]) == {"raw ASGI", "part3"}
    assert all(len(v) == 1 for v in results["throughput"]["samples"].values())
    assert set(results["router_scaling"]["growth"]) == {"part3", "starlette"}
    assert results["memory"]["bytes"]["part3"]["median"] > 0
    assert len(results["targets"]) == 5
    for target in results["targets"]:
        assert target["ratio"]["min"] <= target["ratio"]["median"] <= target["ratio"]["max"]

    summary = (tmp_path / "summary.md").read_text()
    for heading in ("Machine", "SPEC 8 targets", "In-process", "Under uvicorn", "Router", "Memory"):
        assert f"### {heading}" in summary
    assert "part3/" in (tmp_path / "profile.md").read_text()
    assert plot.read_bytes().startswith(b"\x89PNG")
    assert "### SPEC 8 targets" in run.stdout


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
    assert throughput.parse_wrk(WRK_REPORT) == 12089.51


@pytest.mark.parametrize(
    "failure", ["  Non-2xx or 3xx responses: 24180\n", "  Socket errors: connect 0, read 3\n"]
)
def test_wrk_report_with_failed_requests_is_refused(failure) -> None:
    with pytest.raises(RuntimeError, match="failed requests"):
        throughput.parse_wrk(WRK_REPORT.replace("Requests/sec", failure + "Requests/sec"))


def test_committed_tables_are_rendered_from_the_committed_results() -> None:
    results = json.loads((ROOT / "benchmarks/results/results.json").read_text())
    tables = ROOT / "benchmarks/results"
    assert (tables / "summary.md").read_text() == report.summary_markdown(results)
    assert (tables / "profile.md").read_text() == report.profile_markdown(results)


def test_performance_page_shows_the_tables_the_profile_and_the_plot() -> None:
    page = (ROOT / "docs/performance.md").read_text()
    assert '--8<-- "benchmarks/results/summary.md"' in page
    assert '--8<-- "benchmarks/results/profile.md"' in page
    assert "](assets/router-scaling.png)" in page
    assert (ROOT / "docs/assets/router-scaling.png").read_bytes().startswith(b"\x89PNG")
