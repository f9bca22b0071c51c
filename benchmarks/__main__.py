"""Run every benchmark, print the tables, and write the results, the tables and the plots.

    python -m benchmarks            # the full run behind `make bench` (a few minutes)
    python -m benchmarks --quick    # tiny sizes, seconds: checks the scripts still work
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
    machine,
    memory,
    middleware,
    profiles,
    protocol,
    report,
    router_scaling,
    servers,
)
from .apps import FRAMEWORKS, PARTS

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
            "uvicorn": [*RAW, *FRAMEWORKS, "part4", "part5"],
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
    "middleware": {"repetitions": 15, "batch_seconds": 0.05},
    "profile": {"requests": 50_000},
    "instructions": {
        "names": {
            "inprocess": [
                *["raw ASGI", *PARTS, "starlette", "muffin", "asgineer"],
                # One layer of each kind; with none, they are part5 and starlette.
                *[f"{kind} x1" for kind in middleware.KINDS],
            ],
            "protocol": [*RAW, "part3"],
        },
        "requests": (200, 700),
    },
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
        "seconds": 0.05,
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
}


def _profile(requests: int) -> dict[str, Any]:
    return {
        "in_process": profiles.in_process(requests),
        "under_uvicorn": profiles.under_uvicorn(requests),
    }


BENCHMARKS = {
    "inprocess": inprocess.run,
    "protocol": protocol.run,
    "servers": servers.run,
    "router_scaling": router_scaling.run,
    "memory": memory.run,
    "middleware": middleware.run,
    "profile": _profile,
    "instructions": instructions.run,
}


def run_all(
    settings: dict[str, dict[str, Any]], only: list[str]
) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine.describe(), "load": {}}
    for name, benchmark in BENCHMARKS.items():
        if name == "instructions" and not instructions.available():
            print("skipping instructions: valgrind is not installed")
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
    results: dict[str, Any], out: Path, plots: Path
) -> list[Path]:
    """Write results.json, every table and every plot the results allow; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "results.json"]
    written[0].write_text(json.dumps(results, indent=1) + "\n")
    for filename, (render, needs) in report.TABLES.items():
        if needs in results:
            (out / filename).write_text(render(results))
            written.append(out / filename)
    for filename, (plot, needs) in report.PLOTS.items():
        if needs in results:
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
    if args.client:
        settings["servers"]["client"] = args.client
    if args.render_only:
        results = json.loads((args.out / "results.json").read_text())
    else:
        results = run_all(settings, args.only)
        results["wall_seconds"] = round(time.perf_counter() - started, 1)
    written = write_outputs(results, args.out, args.plots)
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
