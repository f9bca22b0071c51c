"""Run every benchmark, print the tables, and write the results, the tables and the plot.

    python -m benchmarks            # the full run behind `make bench` (a few minutes)
    python -m benchmarks --quick    # tiny sizes, seconds: checks the scripts still work
    python -m benchmarks --render-only   # redo the tables and the plot from results.json

Outputs: <out>/results.json (everything measured, machine-readable),
<out>/summary.md and <out>/profile.md (Markdown tables, included by the site)
and the router-scaling plot.
"""

import argparse
import json
import time
from pathlib import Path
from typing import Any

from . import (
    inprocess,
    machine,
    memory,
    profile_part3,
    report,
    router_scaling,
    throughput,
)

ROOT = Path(__file__).resolve().parents[1]

FULL = {
    "inprocess": {"repetitions": 15, "batch_seconds": 0.1},
    "throughput": {"repetitions": 7, "seconds": 2.0, "connections": 16},
    "router_scaling": {"sizes": (10, 100, 1_000, 10_000), "repetitions": 11, "batch_seconds": 0.05},
    "memory": {"routes": 10_000, "repetitions": 3},
    "profile": {"requests": 100_000},
}
QUICK = {
    "inprocess": {"repetitions": 3, "batch_seconds": 0.002},
    "throughput": {
        "repetitions": 1,
        "seconds": 0.1,
        "connections": 2,
        "client": "python",
        "warm_up": False,
        "names": ["raw ASGI", "part3"],  # the pair SPEC 8 compares: fewer servers to start
    },
    "router_scaling": {"sizes": (10, 100), "repetitions": 3, "batch_seconds": 0.002},
    "memory": {"routes": 100, "repetitions": 1},
    "profile": {"requests": 200},
}
BENCHMARKS = {
    "inprocess": inprocess.run,
    "throughput": throughput.run,
    "router_scaling": router_scaling.run,
    "memory": memory.run,
    "profile": profile_part3.run,
}


def run_all(settings: dict[str, dict[str, Any]], only: list[str]) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine.describe()}
    for name, benchmark in BENCHMARKS.items():
        if name in only:
            started = time.perf_counter()
            print(f"running {name} ...", flush=True)
            results[name] = benchmark(**settings[name])
            results[name]["wall_seconds"] = round(time.perf_counter() - started, 1)
    results["targets"] = report.check_targets(results)
    return results


def write_outputs(results: dict[str, Any], out: Path, plot: Path) -> str:
    """Write results.json, summary.md, profile.md and the plot; return the summary."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    summary = report.summary_markdown(results)
    (out / "summary.md").write_text(summary)
    if "profile" in results:
        (out / "profile.md").write_text(report.profile_markdown(results))
    if "router_scaling" in results:
        report.plot_router_scaling(results, plot)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument(
        "--plot", type=Path, default=ROOT / "docs" / "assets" / "router-scaling.png"
    )
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), default=list(BENCHMARKS))
    parser.add_argument(
        "--client", choices=["auto", "wrk", "python"], help="load generator under uvicorn"
    )
    parser.add_argument(
        "--render-only", action="store_true", help="measure nothing: redo the tables and plot"
    )
    args = parser.parse_args(argv)
    settings = {name: dict(values) for name, values in (QUICK if args.quick else FULL).items()}
    if args.client:
        settings["throughput"]["client"] = args.client
    if args.render_only:
        results = json.loads((args.out / "results.json").read_text())
    else:
        results = run_all(settings, args.only)
    summary = write_outputs(results, args.out, args.plot)
    print()
    print(summary)
    if "profile" in results:
        print(report.profile_markdown(results))
    print(f"wrote {args.out}/results.json, summary.md, profile.md and {args.plot}")
    missed = [target["target"] for target in results["targets"] if not target["met"]]
    if missed and not args.quick:
        print("SPEC 8 targets missed:", "; ".join(missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
