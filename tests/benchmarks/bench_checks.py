"""The benchmark checks that need the bench group: `make bench` runs this file
(`pytest tests/benchmarks/bench_checks.py`) after installing the group, before
it measures. `make test` never installs the group, and its name keeps pytest
from collecting it there; test_benchmarks.py checks the rest without it.

One quick run covers every benchmark but the valgrind counts, with every app,
the peers included (each must answer the same JSON page before it is timed),
under every server (uvicorn with httptools and uvloop, granian, uvicorn with
h11), inside uvicorn's protocol, Part 7's stream and WebSocket echo under
uvicorn with httptools and uvloop, and with the plots drawn.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import apps, instructions, report
from benchmarks.__main__ import BENCHMARKS

ROOT = Path(__file__).parents[2]
ONLY = [name for name in BENCHMARKS if name not in ("instructions", "lab")]


@pytest.mark.live
def test_quick_run_with_every_peer_server_and_plot(tmp_path) -> None:
    command = [sys.executable, "-m", "benchmarks", "--quick", "--out", tmp_path]
    command += ["--plots", tmp_path, "--only", *ONLY]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr

    results = json.loads((tmp_path / "results.json").read_text())
    assert set(results) == {"machine", "load", "targets", "wall_seconds", *ONLY}
    assert set(results["inprocess"]["requests_per_second"]) == set(apps.APPS)
    assert set(results["protocol"]["cpu_us"]) == {"prebuilt ASGI", "raw ASGI", "part3"}
    figures = results["servers"]["figures"]
    assert set(figures) == {"uvicorn", "granian", "uvicorn-h11"}
    for by_name in figures.values():
        for measures in by_name.values():
            assert measures["rps"]["median"] > 0
    assert {"Part 3", "uvicorn (Python)"} <= set(results["profile"]["under_uvicorn"]["groups"])
    # Part 7 under uvicorn as `make bench` runs it: httptools and uvloop.
    assert results["websocket"]["server"].startswith("uvicorn (httptools,")
    assert results["stream_memory"]["http"] == "httptools"
    for name, (_, needs) in report.tables().items():
        if needs in results:
            assert (tmp_path / name).read_text().startswith(report.HEADER)
    for filename, (_, needs) in report.PLOTS.items():
        if needs in results:
            assert (tmp_path / filename).read_bytes().startswith(b"\x89PNG")
    versions = results["machine"]["versions"]
    assert "not installed" not in versions.values(), versions


@pytest.mark.parametrize("name", ["part3", "part7", *apps.TYPED])
def test_the_driver_serves_an_app_inside_uvicorns_protocol(name) -> None:
    instructions.main(name, "protocol", 2)


def test_the_lead_plot_draws_part3_among_its_peers(tmp_path) -> None:
    counts = {"raw ASGI": 20_000, "part3": 43_000, "muffin": 44_000, "starlette": 100_000}
    results = {"instructions": {"per_request": {"inprocess": counts}}}
    report.plot_instructions(results, tmp_path / "instructions.png")
    assert (tmp_path / "instructions.png").read_bytes().startswith(b"\x89PNG")
