"""Turn the results file into Markdown tables and the router-scaling plot."""

from pathlib import Path
from typing import Any

from .harness import paired_ratios

HEADER = "<!-- Written by `make bench` (python -m benchmarks) from results.json: do not edit. -->"

# SPEC section 8: (results section, ratio name, comparison, goal, what it means)
TARGETS = [
    ("inprocess", "part3 / starlette", ">=", 2.0, "In-process JSON GET, Part 3 / Starlette"),
    ("throughput", "part3 / raw ASGI", ">=", 0.9, "Under uvicorn, Part 3 / raw ASGI"),
    ("router_scaling", "last route", "<=", 1.2, "Part 3 router growth, last route"),
    ("router_scaling", "404", "<=", 1.2, "Part 3 router growth, 404"),
    ("memory", "part3 / starlette", "<=", 1.0, "Memory for the routes, Part 3 / Starlette"),
]


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each SPEC 8 target with its measured ratio (median, min, max) and whether it is met."""
    checked = []
    for section, name, comparison, goal, label in TARGETS:
        if section not in results:
            continue
        if section == "router_scaling":
            sizes = results[section]["sizes"]
            ratio = results[section]["growth"]["part3"][name]
            label = f"{label}, {sizes[0]:,} -> {sizes[-1]:,} routes"
        else:
            ratio = results[section]["ratios"][name]
        median = ratio["median"]
        met = median >= goal if comparison == ">=" else median <= goal
        checked.append(
            {"target": label, "goal": f"{comparison} {goal}", "ratio": ratio, "met": met}
        )
    return checked


def _ratio(spread: dict[str, float]) -> str:
    return f"{spread['median']:.2f}x ({spread['min']:.2f}-{spread['max']:.2f})"


def _count(spread: dict[str, float]) -> str:
    return f"{spread['median']:,.0f} ({spread['min']:,.0f}-{spread['max']:,.0f})"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _machine(results: dict[str, Any]) -> list[str]:
    machine = results["machine"]
    rows = [
        ["Date", machine["date"]],
        ["CPU", f"{machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable)"],
        ["Python", machine["python"]],
        ["OS", machine["os"]],
        [
            "Server",
            f"uvicorn {machine['uvicorn']} ({machine['uvicorn_http']}, "
            f"{machine['uvicorn_loop']} loop), 1 worker, access log off",
        ],
        ["Starlette", machine["starlette"]],
    ]
    if "throughput" in results:
        rows.append(["Load generator", results["throughput"]["client"]])
    return ["### Machine", "", *_table(["Machine", "Used"], rows)]


def _throughput_table(section: dict[str, Any], base: str) -> list[str]:
    samples = section["samples"]
    rows = []
    for name, spread in section["requests_per_second"].items():
        relative = paired_ratios(samples[name], samples[base])
        rows.append([name, _count(spread), _ratio(relative)])
    return _table(["App", "Requests/s: median (min-max)", f"Per repetition, / {base}"], rows)


def summary_markdown(results: dict[str, Any]) -> str:
    """The whole results file as Markdown: machine notes, targets, then one table per benchmark."""
    lines = [
        HEADER,
        "",
        *_machine(results),
    ]
    lines += ["### SPEC 8 targets", ""]
    lines += _table(
        ["Target", "Goal", "Measured: median (min-max)", "Met"],
        [
            [t["target"], t["goal"], _ratio(t["ratio"]), "yes" if t["met"] else "**no**"]
            for t in results["targets"]
        ],
    )
    if "inprocess" in results:
        section = results["inprocess"]
        lines += [
            "### In-process dispatch of a JSON GET",
            "",
            f"{section['repetitions']} interleaved repetitions, "
            f"batches of about {section['batch_seconds']} s per app.",
            "",
            *_throughput_table(section, "starlette"),
        ]
    if "throughput" in results:
        section = results["throughput"]
        lines += [
            "### Under uvicorn, over loopback",
            "",
            f"{section['client']}, {section['connections']} connections, "
            f"{section['repetitions']} interleaved runs of {section['seconds']} s per app.",
            "",
            *_throughput_table(section, "raw ASGI"),
        ]
    if "router_scaling" in results:
        section = results["router_scaling"]
        sizes = [str(size) for size in section["sizes"]]
        rows = []
        for framework, by_target in section["seconds_per_request"].items():
            for target, by_size in by_target.items():
                times = [f"{by_size[size]['median'] * 1e6:,.1f}" for size in sizes]
                growth = section["growth"][framework][target]
                rows.append([framework, target, *times, _ratio(growth)])
        lines += [
            "### Router scaling",
            "",
            f"Microseconds per request (medians of {section['repetitions']} interleaved "
            "repetitions), and the growth from the fewest to the most routes.",
            "",
            *_table(
                ["Framework", "Request", *[f"{int(size):,} routes" for size in sizes], "Growth"],
                rows,
            ),
        ]
    if "memory" in results:
        section = results["memory"]
        routes = section["routes"]
        rows = [
            [
                framework,
                f"{spread['median'] / 2**20:,.2f}",
                f"{spread['median'] / routes:,.0f}",
            ]
            for framework, spread in section["bytes"].items()
        ]
        lines += [
            f"### Memory for {routes:,} routes",
            "",
            "What tracemalloc sees allocated, and still held, by building the app.",
            "",
            *_table(["Framework", "MiB", "Bytes per route"], rows),
        ]
    return "\n".join(lines).rstrip() + "\n"


def profile_markdown(results: dict[str, Any]) -> str:
    """The profile of Part 3's request path as a Markdown table."""
    section = results["profile"]
    rows = [
        [
            f"`{row['function']}`",
            f"{row['calls_per_request']:g}",
            f"{row['own_share']:.0%}",
            f"{row['cumulative_share']:.0%}",
        ]
        for row in section["functions"]
    ]
    return (
        "\n".join(
            [
                HEADER,
                "",
                f"cProfile over {section['requests']:,} in-process `GET /home` requests to "
                "`part3.sample:app`, sorted by own time, as shares of the profiled total.",
                "",
                *_table(["Function", "Calls per request", "Own time", "With callees"], rows),
            ]
        ).rstrip()
        + "\n"
    )


def plot_router_scaling(results: dict[str, Any], path: Path) -> None:
    """Log-log plot of microseconds per request against routes, with min-max bars."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    from matplotlib.figure import (
        Figure,  # without pyplot: no global state, faster import
    )

    section = results["router_scaling"]
    sizes = section["sizes"]
    styles = {"part3": ("tab:blue", "Part 3"), "starlette": ("tab:orange", "Starlette")}
    figure = Figure(figsize=(7, 4.2), dpi=110)
    axes = figure.subplots()
    for framework, by_target in section["seconds_per_request"].items():
        colour, label = styles[framework]
        for target, by_size in by_target.items():
            medians = [by_size[str(size)]["median"] * 1e6 for size in sizes]
            low = [m - by_size[str(s)]["min"] * 1e6 for m, s in zip(medians, sizes, strict=True)]
            high = [by_size[str(s)]["max"] * 1e6 - m for m, s in zip(medians, sizes, strict=True)]
            axes.errorbar(
                sizes,
                medians,
                yerr=[low, high],
                color=colour,
                linestyle="-" if target == "last route" else "--",
                marker="o" if target == "last route" else "s",
                capsize=3,
                label=f"{label}, {target}",
            )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xticks(sizes, [f"{size:,}" for size in sizes])
    axes.minorticks_off()
    axes.set_xlabel("routes registered")
    axes.set_ylabel("microseconds per request")
    axes.set_title("Dispatch time as the routes grow (in-process, lower is better)")
    axes.grid(True, which="major", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Software": None})
