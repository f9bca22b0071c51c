"""Run every benchmark, print the tables, and write the results, the tables and the plots.

    python -m benchmarks            # the full run behind `make bench` (a few minutes)
    python -m benchmarks --quick    # tiny sizes, seconds: checks the scripts still work
    python -m benchmarks --quick --no-bench-group   # the same, with the test group only
    python -m benchmarks --render-only   # redo the tables and the plots from results.json

Outputs: <out>/results.json (everything measured, machine-readable), the
Markdown tables next to it (report.TABLES, included by the site) and the
plots (report.PLOTS) in <plots>.
"""

import argparse
import json
import time
from pathlib import Path
from typing import Any

from . import (
    inprocess,
    instructions,
    lab,
    machine,
    memory,
    middleware,
    profiles,
    report,
    router_scaling,
    servers,
    stream_memory,
    websocket_echo,
)
from .apps import FRAMEWORKS, IDIOM, PARTS, PEERS, TYPED, WITHOUT_BENCH_GROUP

ROOT = Path(__file__).resolve().parents[1]

RAW = ["prebuilt ASGI", "raw ASGI"]
FULL: dict[str, dict[str, Any]] = {
    "inprocess": {"repetitions": 15, "batch_seconds": 0.1},
    "protocol": {
        "names": [*RAW, "part3", "starlette"],
        "repetitions": 15,
        "batch_seconds": 0.2,
    },
    "servers": {
        "plan": {
            "uvicorn": [*RAW, *FRAMEWORKS, *PARTS[1:]],
            "granian": [*RAW, "part3", "starlette"],
            "uvicorn-h11": ["raw ASGI", "part3", "starlette"],
        },
        "repetitions": 7,
        "seconds": 1.0,
        "connections": 16,
    },
    "router_scaling": {
        "sizes": (10, 100, 1_000, 10_000),
        "repetitions": 11,
        "batch_seconds": 0.05,
    },
    "memory": {"routes": 10_000, "repetitions": 3},
    "stream_memory": {"mb": 100, "whole_mb": 32, "repetitions": 3},
    "websocket": {"round_trips": 4_000, "runs": 11},
    "middleware": {"repetitions": 15, "batch_seconds": 0.05},
    "profile": {"requests": 50_000},
    "instructions": {
        "names": {
            "inprocess": [
                *["raw ASGI", *PARTS, IDIOM, *TYPED, *PEERS],
                # One layer of each kind; with none, they are part5 and starlette.
                *[f"{kind} x1" for kind in middleware.KINDS],
            ],
            "protocol": [*RAW, "part3"],
        },
        # Thousands: three counts of Part 3 from 200 and 700 requests spread
        # from 43.0k to 44.4k per request; from 1,000 and 3,000, 43.30k-43.35k.
        "requests": (1_000, 3_000),
    },
    "lab": {"requests": (1_000, 3_000)},
}
QUICK: dict[str, dict[str, Any]] = {
    # Every app, so that each is checked: it answers the same page as the others.
    "inprocess": {"repetitions": 2, "batch_seconds": 0.002},
    "protocol": {
        "names": [*RAW, "part3"],
        "repetitions": 2,
        "batch_seconds": 0.002,
    },
    "servers": {
        # Every server, and the apps the breakdown needs, once each, briefly.
        "plan": {
            "uvicorn": [*RAW, "part3"],
            "granian": ["part3"],
            "uvicorn-h11": ["part3"],
        },
        "repetitions": 1,
        "seconds": 0.25,  # at least a few ticks of the CPU clock
        "connections": 2,
        "client": "python",
        "warm_up": False,
    },
    "router_scaling": {
        "sizes": (10, 100),
        "repetitions": 2,
        "batch_seconds": 0.002,
    },
    "memory": {"routes": 100, "repetitions": 1},
    "stream_memory": {"mb": 4, "whole_mb": 4, "repetitions": 1},
    "websocket": {"round_trips": 20, "runs": 1, "warm_up": 2},
    "middleware": {
        "repetitions": 2,
        "batch_seconds": 0.002,
        "layers": (0, 1),
    },
    "profile": {"requests": 200},
    "instructions": {
        "names": {"inprocess": ["raw ASGI"]},
        "requests": (1, 2),
    },
    "lab": {"requests": (1, 2)},
}


# Benchmarks that cannot run without the bench group: uvicorn's httptools
# protocol on uvloop.
NEEDS_BENCH_GROUP = ("protocol",)


def without_bench_group(settings: dict[str, dict[str, Any]]) -> None:
    """Narrow settings, in place, to what the test group can run: no peers but
    Starlette and FastAPI, no httptools or uvloop (so uvicorn only as plain
    `pip install uvicorn` runs it, and no profile inside its protocol), and
    no matplotlib (no plots: main() skips them)."""
    settings["inprocess"]["names"] = WITHOUT_BENCH_GROUP
    settings["servers"]["plan"] = {
        "uvicorn-h11": [*RAW, "part3", "starlette"]
    }
    settings["profile"]["under_uvicorn"] = False
    settings["stream_memory"]["http"] = "h11"
    settings["websocket"]["flavour"] = "h11"


def _profile(requests: int, under_uvicorn: bool = True) -> dict[str, Any]:
    result = {"in_process": profiles.in_process(requests)}
    if under_uvicorn:
        result["under_uvicorn"] = profiles.under_uvicorn(requests)
    return result


def _protocol(**settings: Any) -> dict[str, Any]:
    from . import protocol  # httptools and uvloop: the bench group

    return protocol.run(**settings)


BENCHMARKS = {
    "inprocess": inprocess.run,
    "protocol": _protocol,
    "servers": servers.run,
    "router_scaling": router_scaling.run,
    "memory": memory.run,
    "stream_memory": stream_memory.repeated,
    "websocket": websocket_echo.run,
    "middleware": middleware.run,
    "profile": _profile,
    "instructions": instructions.run,
    "lab": lab.run,
}
COUNTED = ("instructions", "lab")  # by valgrind


def run_all(
    settings: dict[str, dict[str, Any]], only: list[str]
) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine.describe(), "load": {}}
    for name, benchmark in BENCHMARKS.items():
        if name in COUNTED and not instructions.available():
            print(f"skipping {name}: valgrind is not installed")
        elif name in only:
            started = time.perf_counter()
            print(f"running {name} ...", flush=True)
            load = [machine.loadavg()[0]]
            results[name] = benchmark(**settings[name])
            results[name]["wall_seconds"] = round(
                time.perf_counter() - started, 1
            )
            load += results[name].pop("loadavg_samples", [])
            results["load"][name] = [*load, machine.loadavg()[0]]
    results["targets"] = report.check_targets(results)
    return results


def write_outputs(
    results: dict[str, Any], out: Path, plots: Path | None
) -> list[Path]:
    """Write results.json, every table and every plot the results allow (no
    plot if plots is None); return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "results.json"]
    written[0].write_text(json.dumps(results, indent=1) + "\n")
    for filename, (render, needs) in report.tables().items():
        if needs in results:
            (out / filename).parent.mkdir(exist_ok=True)
            (out / filename).write_text(render(results))
            written.append(out / filename)
    for filename, (plot, needs) in report.PLOTS.items():
        if needs in results and plots is not None:
            plot(results, plots / filename)
            written.append(plots / filename)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes: a smoke test"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results"
    )
    parser.add_argument(
        "--plots", type=Path, default=ROOT / "docs" / "assets"
    )
    parser.add_argument(
        "--no-bench-group",
        action="store_true",
        help="only what the test group installs: no other peers than "
        "Starlette and FastAPI, no uvicorn protocol, no plots",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(BENCHMARKS),
        default=list(BENCHMARKS),
    )
    parser.add_argument(
        "--client",
        choices=["auto", "wrk", "python"],
        help="load generator for the servers",
    )
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="measure nothing: redo the tables and plots",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    settings = {
        name: dict(values)
        for name, values in (QUICK if args.quick else FULL).items()
    }
    only = args.only
    if args.no_bench_group:
        without_bench_group(settings)
        only = [name for name in only if name not in NEEDS_BENCH_GROUP]
    if args.client:
        settings["servers"]["client"] = args.client
    if args.render_only:
        results = json.loads((args.out / "results.json").read_text())
    else:
        results = run_all(settings, only)
        results["wall_seconds"] = round(time.perf_counter() - started, 1)
    plots = None if args.no_bench_group else args.plots
    written = write_outputs(results, args.out, plots)
    print()
    for path in written:
        if path.suffix == ".md":
            print(path.read_text())
    print("wrote", ", ".join(str(path) for path in written))
    missed = [
        target["target"] for target in results["targets"] if not target["met"]
    ]
    if missed and not args.quick:
        print("targets missed:", "; ".join(missed))
    print(f"took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
