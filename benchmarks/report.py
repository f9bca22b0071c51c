"""Turn the results file into Markdown tables and the two plots the site shows.

Every table and plot is a function of results.json alone, so
`python -m benchmarks --render-only` redraws them without measuring.
"""

import json
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import lab
from .apps import FRAMEWORKS, IDIOM, PARTS, PEERS, TYPED

HEADER = "<!-- Written by `make bench` (python -m benchmarks) from results.json: do not edit. -->"

NAMES = {
    "prebuilt ASGI": "raw ASGI, response prebuilt",
    "raw ASGI": "raw ASGI",
    **{f"part{n}": f"Part {n}" for n in range(1, 8)},
    "part6 data": "Part 6, returning a dict",
    "part6 typed": "Part 6, typed route",
    "fastapi typed": "FastAPI, typed route",
    "starlette": "Starlette",
    "fastapi": "FastAPI",
    "litestar": "Litestar",
    "falcon": "Falcon (ASGI)",
    "blacksheep": "BlackSheep",
    "muffin": "Muffin",
    "asgineer": "asgineer",
}
LAYERS = [
    ("kernel", "kernel: sockets, polling (system time)", "#9e9e9e"),
    (
        "server",
        "uvicorn and uvloop (user time, prebuilt response)",
        "#64b5f6",
    ),
    ("response", "JSON body and headers (raw - prebuilt)", "#ffb74d"),
    ("framework", "the framework (app - raw)", "#e57373"),
]
LADDER = ["prebuilt ASGI", "raw ASGI", "part3", "starlette"]

LAYER_NAMES = {
    "part5": "Part 5 `BaseGlobalMiddleware`",
    "starlette": "Starlette `BaseHTTPMiddleware`",
    "asgi": "pure ASGI middleware",
}

SERVER_NAMES = {
    "uvicorn": "uvicorn (httptools, uvloop)",
    "granian": "granian",
    "uvicorn-h11": "uvicorn (h11, asyncio)",
}


def _range(low: str, high: str) -> str:
    """ "1.0-2.0", or "-0.2 to 0.4" when a hyphen would read as a minus."""
    return f"{low} to {high}" if low.startswith("-") else f"{low}-{high}"


def _spread(spread: dict[str, float], digits: str, suffix: str = "") -> str:
    median, low, high = (
        format(spread[key], digits) for key in ("median", "min", "max")
    )
    return f"{median}{suffix} ({_range(low, high)})"


def _ratio(spread: dict[str, float]) -> str:
    # Two decimals, or four for a ratio far below 1 (0.0024x).
    return _spread(
        spread, ".2f" if abs(spread["median"]) >= 0.1 else ".4f", "x"
    )


def _count(spread: dict[str, float]) -> str:
    return _spread(spread, ",.0f")


def _micros(spread: dict[str, float]) -> str:
    return _spread(spread, ".1f" if abs(spread["median"]) >= 1 else ".2f")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _document(lines: list[str]) -> str:
    return "\n".join([HEADER, "", *lines]).rstrip() + "\n"


# --- targets ------------------------------------------------------------------------------


def _counts(results: dict[str, Any], mode: str) -> dict[str, float]:
    """Instructions per request of each app in mode ("inprocess", "protocol")."""
    counts: dict[str, float] = (
        results.get("instructions", {}).get("per_request", {}).get(mode, {})
    )
    return counts


def _k(count: float) -> str:
    return f"{count / 1000:,.1f}k"


def closest_peer(counts: dict[str, float]) -> str | None:
    """The peer framework with the fewest instructions per request."""
    peers = [name for name in PEERS if name in counts]
    return min(peers, key=lambda name: counts[name], default=None)


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured ratio (median, min, max), the figures it
    divides, and whether it is met. Instruction counts are exact, so their
    ratio's min and max are its median. The streaming target's "ratio" is
    a quantity: the server's memory growth in MiB."""
    checked = []

    def add(
        label: str,
        goal: str,
        ratio: dict[str, float],
        met: bool,
        figures: str = "",
        measured: str = "",
    ) -> None:
        target = {"target": label, "goal": goal, "ratio": ratio, "met": met}
        target["measured"] = measured or _measured(ratio, figures)
        checked.append(target)

    def counted(
        label: str, goal: str, top: float, bottom: float, limit: float
    ) -> None:
        """A target on the ratio top / bottom of two instruction counts."""
        ratio = top / bottom
        met = {
            "<": ratio < limit,
            "<=": ratio <= limit,
            ">=": ratio >= limit,
        }[goal.split()[0]]
        exact = {"median": ratio, "min": ratio, "max": ratio}
        add(label, goal, exact, met, f"{_k(top)} / {_k(bottom)}")

    inprocess = _counts(results, "inprocess")
    if "part3" in inprocess:
        part3 = inprocess["part3"]
        closest = closest_peer(inprocess)
        if closest is not None:
            counted(
                f"Part 3 / {NAMES[closest]}, the closest peer",
                "< 1.00",
                part3,
                inprocess[closest],
                1.0,
            )
        if "starlette" in inprocess:
            counted(
                "Part 3 / Starlette",
                "<= 0.50",
                part3,
                inprocess["starlette"],
                0.5,
            )
    protocol = _counts(results, "protocol")
    if "part3" in protocol and "raw ASGI" in protocol:
        counted(
            "Inside uvicorn's protocol: raw ASGI / Part 3",
            ">= 0.83",
            protocol["raw ASGI"],
            protocol["part3"],
            0.83,
        )
    for part in PARTS[1:]:
        if part in inprocess and "part3" in inprocess:
            counted(
                f"{NAMES[part]} / Part 3, a plain route",
                "<= 1.05",
                inprocess[part],
                inprocess["part3"],
                1.05,
            )
    part6, fastapi = TYPED
    if part6 in inprocess and fastapi in inprocess:
        counted(
            "A typed route: Part 6 / FastAPI",
            "< 1/3",
            inprocess[part6],
            inprocess[fastapi],
            1 / 3,
        )
    layers = _instructions_per_layer(results)
    if "part5" in layers and "starlette" in layers:
        counted(
            "One middleware layer: Part 5's / Starlette's",
            "< 1.00",
            layers["part5"],
            layers["starlette"],
            1.0,
        )
    if "router_scaling" in results:
        section = results["router_scaling"]
        sizes = section["sizes"]
        for framework in ("part3", "part6"):
            for target, ratio in section["growth"].get(framework, {}).items():
                add(
                    f"Router, {sizes[0]:,} to {sizes[-1]:,} routes: "
                    f"{NAMES[framework]}, {target}",
                    "<= 1.2",
                    ratio,
                    ratio["median"] <= 1.2,
                )
    if "memory" in results:
        routes = results["memory"]["routes"]
        for name, ratio in results["memory"]["ratios"].items():
            add(
                f"Memory, {routes:,} {_routes_kind(name)}: "
                f"{_memory_ratio_name(name)}",
                "<= 1.2",
                ratio,
                ratio["median"] <= 1.2,
            )
    if "stream_memory" in results:
        section = results["stream_memory"]
        growth = section["figures"]["stream_growth_mib"]
        bound = section["bound_mib"]
        add(
            f"Part 7: server memory growth, {section['mb']} MB streamed",
            f"< {bound:g} MiB",
            growth,
            growth["median"] < bound,
            measured=_spread(growth, ".1f", " MiB"),
        )
    if "websocket" in results:
        ratio = results["websocket"]["ratios"]["part7 / starlette"]
        add(
            "Part 7 / Starlette, WebSocket echo round trips/s",
            ">= 1.00",
            ratio,
            ratio["median"] >= 1.0,
        )
    return checked


def _routes_kind(ratio_name: str) -> str:
    """ "parameter routes" or "routes", for a ratio of memory.RATIOS."""
    return "parameter routes" if "parameter" in ratio_name else "routes"


def _memory_ratio_name(ratio_name: str) -> str:
    """ "part6 parameter / starlette parameter" -> "Part 6 / Starlette"."""
    top, bottom = (
        NAMES[side.removesuffix(" parameter")]
        for side in ratio_name.split(" / ")
    )
    return f"{top} / {bottom}"


# --- summary: the machine and the targets -------------------------------------------------


def _load(results: dict[str, Any]) -> str:
    samples = [
        value
        for section in results.get("load", {}).values()
        for value in section
    ]
    if not samples:
        return "not recorded"
    middle = statistics.median(samples)
    return f"{middle:.2f} ({min(samples):.2f}-{max(samples):.2f}), 1-minute load average"


def _os(name: str) -> str:
    """ "Linux-6.1-x86_64-with-glibc2.36" -> "Linux-6.1-x86_64, glibc2.36":
    a break where the table needs one."""
    return name.replace("-with-", ", ")


def machine_markdown(results: dict[str, Any]) -> str:
    """Where and when the figures were taken, and how busy the machine was."""
    machine = results["machine"]
    versions = machine["versions"]
    rows = [
        ["Date", machine["date"]],
        [
            "CPU",
            f"{machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable)",
        ],
        ["Load during the run", _load(results)],
        ["Python", machine["python"]],
        ["OS", _os(machine["os"])],
        [
            "Servers",
            f"uvicorn {versions['uvicorn']} (httptools {versions['httptools']}, "
            f"uvloop {versions['uvloop']}; h11 {versions['h11']}), "
            f"granian {versions['granian']}; one worker each, no access log",
        ],
        [
            "Frameworks",
            ", ".join(
                f"{NAMES[name]} {versions[name]}"
                for name in FRAMEWORKS
                if name != "part3"
            ),
        ],
    ]
    if "servers" in results:
        rows.append(["Load generator", results["servers"]["client"]])
    return _document(_table(["", "Used"], rows))


def _measured(ratio: dict[str, float], figures: str) -> str:
    """ "0.98x (43.0k / 44.0k)" for a ratio of two counts, given as figures;
    "0.91x (0.83-1.10)", median (min-max), for a ratio of timings."""
    if not figures:
        return _ratio(ratio)
    digits = ".2f" if ratio["median"] >= 0.1 else ".4f"
    return f"{ratio['median']:{digits}}x ({figures})"


def targets_markdown(results: dict[str, Any]) -> str:
    """The targets, each with what was measured and whether it is met."""
    rows = [
        [
            t["target"],
            t["goal"],
            t["measured"],
            "yes" if t["met"] else "**no**",
        ]
        for t in results["targets"]
    ]
    return _document(_table(["Target", "Goal", "Measured", "Met"], rows))


# --- where Part 3 stands: instructions per request -----------------------------------------


def standing(results: dict[str, Any]) -> list[tuple[str, float]]:
    """The raw app, Part 3 and every peer counted in process, fewest first."""
    counts = _counts(results, "inprocess")
    names = [n for n in ["raw ASGI", "part3", *PEERS] if n in counts]
    return sorted(((n, counts[n]) for n in names), key=lambda item: item[1])


def standing_markdown(results: dict[str, Any]) -> str:
    """Instructions per request in process: the raw app, Part 3, each peer."""
    part3 = _counts(results, "inprocess").get("part3")
    rows = [
        [
            f"**{NAMES[name]}**" if name == "part3" else NAMES[name],
            f"{count:,.0f}",
            "" if part3 is None else f"{count / part3:.2f}x",
        ]
        for name, count in standing(results)
    ]
    return _document(
        _table(["App", "Instructions per request", "Over Part 3's"], rows)
    )


COLOURS = {"part3": "#1f77b4", "raw ASGI": "#8c8c8c"}
PEER_COLOUR = "#f0a35e"


def plot_instructions(results: dict[str, Any], path: Path) -> None:
    """Horizontal bars, fewest instructions at the top: where Part 3 stands."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    from matplotlib.figure import Figure  # without pyplot: no global state

    ranked = standing(results)[::-1]  # barh draws the first at the bottom
    names = [NAMES[name] for name, _ in ranked]
    counts = [count / 1000 for _, count in ranked]
    # Large type: on a 390 px phone the picture is shown at half its size.
    figure = Figure(figsize=(6, 4.8), dpi=110, layout="constrained")
    figure.patch.set_facecolor("white")
    axes = figure.subplots()
    bars = axes.barh(
        names,
        counts,
        color=[COLOURS.get(name, PEER_COLOUR) for name, _ in ranked],
    )
    axes.bar_label(bars, [f" {c:,.1f}k" for c in counts], fontsize=14)
    for label in axes.get_yticklabels():
        label.set_fontsize(14)
        if label.get_text() == "Part 3":
            label.set_fontweight("bold")
    axes.set_xlim(0, max(counts) * 1.25)
    axes.tick_params(axis="x", labelsize=12)
    axes.set_xlabel("thousands of instructions per request", fontsize=14)
    axes.set_title("One JSON GET in process: fewer is better", fontsize=14)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Software": None})


# --- the lab: each step of "Make it faster" ------------------------------------------------


def lab_markdown(results: dict[str, Any]) -> str:
    """Instructions per request after each step, and what each step saved."""
    counts = results["lab"]["per_request"]
    rows, before = [], None
    for step, count in counts.items():
        title = lab.STEPS.get(step, "Part 3 as it is")
        change = "" if before is None else f"{count - before:+,.0f}"
        rows.append([title, f"{count:,.0f}", change])
        before = count
    first, last = counts["part3"], before or 0.0
    rows.append(
        [
            "**All the steps**",
            f"**{last:,.0f}**",
            f"**{last - first:+,.0f}**",
        ]
    )
    return _document(
        _table(["Step", "Instructions per request", "Change"], rows)
    )


def lab_step_markdown(step: str) -> Callable[[dict[str, Any]], str]:
    """One step's measured effect, as a sentence."""

    def render(results: dict[str, Any]) -> str:
        counts = results["lab"]["per_request"]
        names = list(counts)
        before = counts[names[names.index(step) - 1]]
        after = counts[step]
        saved = before - after
        return _document(
            [
                f"Measured: {before:,.0f} to {after:,.0f} instructions per "
                f"request, {saved:,.0f} fewer ({saved / before:.1%}).",
            ]
        )

    return render


# --- the ranking of frameworks ------------------------------------------------------------


def ranking_markdown(results: dict[str, Any]) -> str:
    """Part 3 and its peers, ranked in process and under uvicorn."""
    lines: list[str] = []
    if "inprocess" in results:
        section = results["inprocess"]
        rps = section["requests_per_second"]
        ranked = sorted(
            (name for name in FRAMEWORKS if name in rps),
            key=lambda n: -rps[n]["median"],
        )
        rows = [
            [
                str(rank),
                NAMES[name],
                _count(rps[name]),
                _ratio(section["part3_over"][name]),
            ]
            for rank, name in enumerate(ranked, 1)
        ]
        lines += [
            "**Ranking in process**",
            "",
            f"Requests per second of a JSON GET, no server; {section['repetitions']} "
            "interleaved repetitions. The last column is Part 3's requests/s over the "
            "framework's, repetition by repetition: above 1.00x, Part 3 is faster.",
            "",
            *_table(
                [
                    "Rank",
                    "Framework",
                    "Requests/s: median (min-max)",
                    "Part 3 / it",
                ],
                rows,
            ),
        ]
    if "servers" in results and "part3_over" in results["servers"]:
        section = results["servers"]
        figures = section["figures"]["uvicorn"]
        ranked = sorted(
            (name for name in FRAMEWORKS if name in figures),
            key=lambda n: figures[n]["cpu_us"]["median"],
        )
        rows = [
            [
                str(rank),
                NAMES[name],
                _micros(figures[name]["cpu_us"]),
                _count(figures[name]["rps"]),
                _ratio(section["part3_over"][name]),
            ]
            for rank, name in enumerate(ranked, 1)
        ]
        lines += [
            "**Ranking under uvicorn**",
            "",
            f"uvicorn with httptools and uvloop, one worker; {section['repetitions']} "
            "interleaved runs. Ranked by the server's CPU time per request; the last "
            "column is the framework's CPU per request over Part 3's, run by run: above "
            "1.00x, Part 3 costs less.",
            "",
            *_table(
                [
                    "Rank",
                    "Framework",
                    "CPU µs per request: median (min-max)",
                    "Requests/s",
                    "It / Part 3, CPU",
                ],
                rows,
            ),
        ]
    return _document(lines)


# --- servers ------------------------------------------------------------------------------


def servers_markdown(results: dict[str, Any]) -> str:
    """For each server: requests/s and CPU per request of the raw apps, Part 3 and Starlette."""
    section = results["servers"]
    lines = [
        f"{section['client']}, {section['connections']} keep-alive connections, "
        f"{section['repetitions']} interleaved runs of {section['seconds']:g} s per app.",
        "",
    ]
    for server, by_name in section["figures"].items():
        ratios = section["ratios"][server]
        rows = []
        for name in (n for n in LADDER if n in by_name):
            figures = by_name[name]
            rows.append(
                [
                    NAMES[name],
                    _count(figures["rps"]),
                    _micros(figures["cpu_us"]),
                    f"{figures['user_us']['median']:.1f} + {figures['system_us']['median']:.1f}",
                    _ratio(ratios[name]["rps"]) if name in ratios else "",
                    _ratio(ratios[name]["cpu"]) if name in ratios else "",
                ]
            )
        lines += [
            f"**{SERVER_NAMES[server]}**",
            "",
            *_table(
                [
                    "App",
                    "Requests/s",
                    "CPU µs per request",
                    "User + system µs",
                    "Requests/s / raw",
                    "CPU: raw / app",
                ],
                rows,
            ),
        ]
    return _document(lines)


# --- where the microseconds go ------------------------------------------------------------


def ladder(
    results: dict[str, Any], server: str = "uvicorn"
) -> dict[str, dict[str, float]]:
    """Each app's server CPU per request, split into layers by subtracting the apps below it.

    The kernel layer is the app's own system time. The rest is user time: the
    server's share is the prebuilt app's (it does nothing else), the response
    is what the raw app adds to that, and the framework what the app adds to
    the raw app. Medians; a difference below zero (noise) counts as zero.
    """
    figures = results["servers"]["figures"][server]
    user = {
        name: figures[name]["user_us"]["median"]
        for name in LADDER
        if name in figures
    }
    layers = {}
    for name in (n for n in LADDER if n in figures):
        layers[name] = {
            "kernel": figures[name]["system_us"]["median"],
            "server": user["prebuilt ASGI"],
            "response": 0.0
            if name == "prebuilt ASGI"
            else user["raw ASGI"] - user["prebuilt ASGI"],
            "framework": user[name] - user["raw ASGI"]
            if name not in LADDER[:2]
            else 0.0,
        }
        layers[name] = {
            key: max(0.0, value) for key, value in layers[name].items()
        }
    return layers


def breakdown_markdown(results: dict[str, Any]) -> str:
    """The same request measured three ways: in process, in uvicorn's protocol, in the server."""
    lines: list[str] = []
    inprocess = results.get("inprocess", {}).get("requests_per_second", {})
    protocol = results.get("protocol", {}).get("cpu_us", {})
    servers = results.get("servers", {}).get("figures", {}).get("uvicorn", {})
    rows = []
    for name in LADDER:
        cells = [NAMES[name]]
        cells.append(
            f"{1e6 / inprocess[name]['median']:.1f}"
            if name in inprocess
            else ""
        )
        cells.append(
            f"{protocol[name]['median']:.1f}" if name in protocol else ""
        )
        if name in servers:
            figures = servers[name]
            cells += [
                f"{figures['user_us']['median']:.1f}",
                f"{figures['system_us']['median']:.1f}",
                f"{figures['cpu_us']['median']:.1f}",
            ]
        else:
            cells += ["", "", ""]
        rows.append(cells)
    lines += [
        "**One JSON GET, measured three ways**",
        "",
        "Microseconds of CPU per request, medians. In process: the app alone, called in a "
        "tight loop. Inside uvicorn's protocol: uvicorn's own HTTP protocol class parses the "
        "request bytes and runs the app in a task on uvloop, with no socket. Under uvicorn: "
        "the real server over loopback, user and system time of its process.",
        "",
        *_table(
            [
                "App",
                "In process",
                "Inside uvicorn's protocol",
                "Under uvicorn: user",
                "system",
                "total",
            ],
            rows,
        ),
    ]
    lines += _extra_over_raw(results)
    if "part3" in protocol and "raw ASGI" in protocol:
        section = results["protocol"]
        lines += [
            "Inside uvicorn's protocol, per repetition, raw's CPU over each app's "
            f"({section['repetitions']} interleaved repetitions):",
            "",
            *_table(
                ["App", "Raw / app"],
                [
                    [NAMES[name], _ratio(ratio)]
                    for name, ratio in section["raw_over"].items()
                ],
            ),
        ]
    if "instructions" in results:
        lines += _instructions_table(results["instructions"])
    return _document(lines)


def _extra_over_raw(results: dict[str, Any]) -> list[str]:
    """One sentence: what Part 3 adds to the raw app, in each setting that measured both."""

    def median(section: str, key: str, name: str) -> float | None:
        figures = results.get(section, {}).get(key, {})
        return figures[name]["median"] if name in figures else None

    parts = []
    rps = [
        median("inprocess", "requests_per_second", n)
        for n in ("part3", "raw ASGI")
    ]
    if None not in rps:
        parts.append(f"{1e6 / rps[0] - 1e6 / rps[1]:.1f} µs in process")
    inside = [median("protocol", "cpu_us", n) for n in ("part3", "raw ASGI")]
    if None not in inside:
        parts.append(
            f"{inside[0] - inside[1]:.1f} µs inside uvicorn's protocol"
        )
    uvicorn = results.get("servers", {}).get("figures", {}).get("uvicorn", {})
    if "part3" in uvicorn and "raw ASGI" in uvicorn:
        total = [
            uvicorn[n]["cpu_us"]["median"] for n in ("part3", "raw ASGI")
        ]
        parts.append(f"{total[0] - total[1]:.1f} µs under uvicorn")
    counts = results.get("instructions", {}).get("per_request", {})
    for mode, where in (
        ("inprocess", "in process"),
        ("protocol", "inside the protocol"),
    ):
        if "part3" in counts.get(mode, {}) and "raw ASGI" in counts[mode]:
            extra = counts[mode]["part3"] - counts[mode]["raw ASGI"]
            parts.append(f"{extra / 1000:,.1f}k instructions {where}")
    if not parts:
        return []
    return [
        f"What Part 3 adds to the raw app, per request (medians): {'; '.join(parts)}.",
        "",
    ]


def _instructions_table(section: dict[str, Any]) -> list[str]:
    counts = section["per_request"]
    names = [
        name
        for name in NAMES
        if any(name in by_name for by_name in counts.values())
    ]
    modes = [mode for mode in ("inprocess", "protocol") if mode in counts]
    headers = {
        "inprocess": "In process",
        "protocol": "Inside uvicorn's protocol",
    }
    rows = []
    for name in names:
        cells = [NAMES[name]]
        for mode in modes:
            count = counts[mode].get(name)
            part3 = counts[mode].get("part3")
            if count is None:
                cells.append("")
            elif part3 is None or name == "part3":
                cells.append(f"{count / 1000:,.1f}k")
            else:
                cells.append(
                    f"{count / 1000:,.1f}k ({count / part3:.2f}x Part 3's)"
                )
        rows.append(cells)
    few, many = section["requests"]
    return [
        "**Instructions per request**",
        "",
        "Machine instructions executed per request, counted by valgrind (cachegrind): "
        f"the difference between a run of {many:,} requests and one of {few:,}, divided by "
        f"{many - few:,}. Other jobs on the machine cannot change these counts.",
        "",
        *_table(["App", *(headers[mode] for mode in modes)], rows),
    ]


def plot_breakdown(results: dict[str, Any], path: Path) -> None:
    """Stacked bars: each app's server CPU per request under uvicorn, layer by layer."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    from matplotlib.figure import Figure  # without pyplot: no global state

    layers = ladder(results)
    names = list(layers)[::-1]  # the first app at the top
    figure = Figure(figsize=(8, 4), dpi=110, layout="constrained")
    axes = figure.subplots()
    left = [0.0] * len(names)
    for key, label, colour in LAYERS:
        widths = [layers[name][key] for name in names]
        axes.barh(
            [NAMES[n] for n in names],
            widths,
            left=left,
            color=colour,
            label=label,
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    room = 1.12
    for index, total in enumerate(left):
        name = names[index]
        # A framework that came out cheaper than the raw app in this run: noise.
        noise = name not in LADDER[:2] and layers[name]["framework"] == 0.0
        label = f" {total:.0f}" + (
            "\n (framework: below the noise)" if noise else ""
        )
        axes.text(
            total,
            index,
            label,
            va="center",
            fontsize="small" if noise else None,
        )
        if noise:
            room = 1.45  # space for the note
    axes.set_xlim(0, max(left) * room)
    axes.set_xlabel(
        "server CPU microseconds per request (medians of each layer)"
    )
    axes.set_title(
        "Under uvicorn (httptools, uvloop): one JSON GET, layer by layer"
    )
    figure.legend(
        loc="outside lower center", ncols=2, fontsize="small", frameon=False
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Software": None})


# --- Parts 4 and 5, and middleware ----------------------------------------------------


def _part_rows() -> list[str]:
    """PARTS, with Part 6's idiom right after Part 6."""
    rows = list(PARTS)
    rows.insert(rows.index("part6") + 1, IDIOM)
    return rows


def parts_markdown(results: dict[str, Any]) -> str:
    """Parts 3 to 7 with the same route, and Part 6's idiom: in process, in
    instructions, under uvicorn."""
    inprocess = results["inprocess"]
    counts = (
        results.get("instructions", {})
        .get("per_request", {})
        .get("inprocess", {})
    )
    uvicorn = results.get("servers", {}).get("figures", {}).get("uvicorn", {})
    over_uvicorn = results.get("servers", {}).get("part3_over", {})
    rows = []
    rps_of = inprocess["requests_per_second"]
    for name in (n for n in _part_rows() if n in rps_of):
        rps = inprocess["requests_per_second"][name]
        reference = name == "part3"  # the ratios are to it
        cells = [
            NAMES[name],
            _micros(
                {key: 1e6 / rps[other] for key, other in _INVERSE.items()}
            ),
            "" if reference else _ratio(inprocess["part3_over"][name]),
        ]
        if name in counts and "part3" in counts:
            ratio = (
                ""
                if reference
                else f" ({counts[name] / counts['part3']:.3f}x)"
            )
            cells.append(f"{counts[name] / 1000:,.1f}k{ratio}")
        else:
            cells.append("")
        if name in uvicorn and name in over_uvicorn:
            cells.append(_micros(uvicorn[name]["cpu_us"]))
            cells.append("" if reference else _ratio(over_uvicorn[name]))
        else:
            cells += ["", ""]
        rows.append(cells)
    lines = [
        "**Parts 4 to 7 against Part 3**",
        "",
        "The same `GET /home` route in each part, with no middleware and no task; "
        "Part 6 once more in its own idiom, a handler that takes nothing and returns "
        "a dict. Each "
        "ratio is the part's cost per request over Part 3's, repetition by repetition "
        f"(in process: {inprocess['repetitions']} interleaved repetitions"
        + (
            f"; under uvicorn: {results['servers']['repetitions']} interleaved runs"
            if uvicorn
            else ""
        )
        + "): above 1.00x, the part costs more. Instructions: counted by valgrind, "
        "in process, with the ratio to Part 3's count.",
        "",
        *_table(
            [
                "App",
                "In process: µs per request",
                "It / Part 3",
                "Instructions per request",
                "Under uvicorn: CPU µs per request",
                "It / Part 3",
            ],
            rows,
        ),
    ]
    return _document(lines)


def typed_markdown(results: dict[str, Any]) -> str:
    """The typed route in Part 6 and in FastAPI: instructions and in-process time."""
    from .apps import APPS  # the route and its answer

    inprocess = results["inprocess"]
    counts = _counts(results, "inprocess")
    part6, fastapi = TYPED
    rows = []
    for name in (n for n in TYPED if n in inprocess["requests_per_second"]):
        rps = inprocess["requests_per_second"][name]
        cells = [
            NAMES[name],
            f"{counts[name]:,.0f}" if name in counts else "",
            f"{counts[name] / counts[fastapi]:.2f}x"
            if name != fastapi and name in counts and fastapi in counts
            else "",
            _micros(
                {key: 1e6 / rps[other] for key, other in _INVERSE.items()}
            ),
        ]
        rows.append(cells)
    contender = APPS[part6]
    body = json.dumps(contender.page, separators=(",", ":"))
    lines = [
        "**A typed route: Part 6 and FastAPI**",
        "",
        f"`GET {contender.path}`, in process; both answer `{body}`, checked before "
        "they are timed or counted. Instructions: counted by valgrind. Time: medians "
        f"of {inprocess['repetitions']} interleaved repetitions, with their range.",
        "",
        *_table(
            [
                "App",
                "Instructions per request",
                "Over FastAPI's",
                "In process: µs per request",
            ],
            rows,
        ),
    ]
    return _document(lines)


# --- Part 7: streaming memory and WebSocket echo -------------------------------------------


def streaming_markdown(results: dict[str, Any]) -> str:
    """The server's memory growth while a Part 7 app streams, and the control."""
    section = results["stream_memory"]
    figures = section["figures"]
    rows = [
        [
            f"`StreamingResponse`, {section['chunk'] // 1024} KiB pieces",
            f"{section['mb']} MB",
            _spread(figures["stream_growth_mib"], ".1f"),
            _spread(figures["stream_mb_per_second"], ",.0f"),
        ],
        [
            "The control: a body rendered whole",
            f"{section['whole_mb']} MB",
            _spread(figures["whole_growth_mib"], ".1f"),
            "",
        ],
    ]
    lines = [
        "**Streaming: the server's memory**",
        "",
        f"Part 7 under uvicorn (`--http {section['http']}`), in its own process; "
        f"{section['repetitions']} runs, each with a new server. The growth is how far "
        "the server's peak resident memory (VmHWM, reset before each download) rose "
        "above its resident memory before the download "
        f"(median {figures['rss_before_mib']['median']:.1f} MiB). The client reads "
        "as it receives and keeps nothing.",
        "",
        *_table(
            ["Response", "Sent", "Peak growth, MiB", "MB/s"],
            rows,
        ),
    ]
    return _document(lines)


WEBSOCKET_NAMES = {
    "part7": "Part 7's sample",
    "starlette": "Starlette",
}


def websocket_markdown(results: dict[str, Any]) -> str:
    """WebSocket echo round trips per second under uvicorn: Part 7 and Starlette."""
    section = results["websocket"]
    ratios = section["ratios"]
    rows = []
    for name, figures in section["figures"].items():
        reference = name == "starlette"
        rows.append(
            [
                WEBSOCKET_NAMES[name],
                _count(figures["round_trips_per_second"]),
                "" if reference else _ratio(ratios["part7 / starlette"]),
                _micros(figures["cpu_us"]),
                ""
                if reference or "starlette / part7, cpu" not in ratios
                else _ratio(ratios["starlette / part7, cpu"]),
            ]
        )
    lines = [
        "**WebSocket echo under uvicorn**",
        "",
        f"{section['server']}; the client: {section['client']}, one connection per "
        f"app and run, {section['round_trips']:,} round trips in a row of the text "
        f"`{section['message']}` to `/ws/echo` (Part 7's sample; Starlette's "
        f"`WebSocketRoute`); {section['runs']} interleaved runs. Ratios are taken run "
        "by run; the server's CPU time per round trip is read from `/proc` (10 ms "
        "ticks).",
        "",
        *_table(
            [
                "App",
                "Round trips/s",
                "Part 7 / Starlette",
                "CPU µs per round trip",
                "CPU: Starlette / Part 7",
            ],
            rows,
        ),
    ]
    return _document(lines)


# A time's median, min and max from a rate's: the slowest rate is the longest time.
_INVERSE = {"median": "median", "min": "max", "max": "min"}


def _instructions_per_layer(results: dict[str, Any]) -> dict[str, float]:
    """Instructions one layer adds: the count with one layer minus the count with none."""
    from .middleware import BARE  # imports Starlette: only when needed

    counts = (
        results.get("instructions", {})
        .get("per_request", {})
        .get("inprocess", {})
    )
    per_layer = {}
    for kind, bare in BARE.items():
        layered = f"{kind} x1"
        if layered in counts and bare in counts:
            per_layer[kind] = counts[layered] - counts[bare]
    return per_layer


def middleware_markdown(results: dict[str, Any]) -> str:
    """Microseconds per request with 0, 1, 5, 10 layers of each kind, and per layer."""
    section = results["middleware"]
    layers = section["layers"]
    instructions = _instructions_per_layer(results)
    rows = []
    for kind, by_layers in section["us_per_request"].items():
        cells = [LAYER_NAMES[kind]]
        cells.append(
            " / ".join(f"{by_layers[str(n)]['median']:,.1f}" for n in layers)
        )
        cells.append(_micros(section["us_per_layer"][kind]))
        over = section.get("over_starlette", {})
        cells.append(
            _ratio(over[kind]) if kind in over and kind != "starlette" else ""
        )
        cells.append(
            f"{instructions[kind] / 1000:,.1f}k"
            if kind in instructions
            else ""
        )
        rows.append(cells)
    lines = [
        "**What one middleware layer costs**",
        "",
        "In process, microseconds per request (medians of "
        f"{section['repetitions']} interleaved repetitions) with "
        f"{', '.join(str(n) for n in layers)} pass-through layers; the cost of one "
        "layer is the slope of a least-squares line "
        "through them, repetition by repetition, then over Starlette's in the same "
        "repetition. Instructions per layer: valgrind's count per request with one layer "
        "minus the count with none.",
        "",
        *_table(
            [
                "Layer",
                "µs per request, by layers",
                "µs per layer",
                "It / Starlette's",
                "Instructions per layer",
            ],
            rows,
        ),
    ]
    return _document(lines)


def plot_middleware(results: dict[str, Any], path: Path) -> None:
    """Horizontal bars, log scale: what one layer of each kind costs, with min-max bars."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    from matplotlib.figure import Figure  # without pyplot: no global state

    per_layer = results["middleware"]["us_per_layer"]
    kinds = list(per_layer)[::-1]  # the first kind at the top
    medians = [per_layer[kind]["median"] for kind in kinds]
    # A log axis cannot show zero or less: a slope lost in the noise is drawn at the floor.
    floor = min((m for m in medians if m > 0), default=1.0) / 10
    shown = [max(m, floor) for m in medians]
    low = [
        s - max(per_layer[k]["min"], floor)
        for s, k in zip(shown, kinds, strict=True)
    ]
    high = [
        max(per_layer[k]["max"], s) - s
        for s, k in zip(shown, kinds, strict=True)
    ]
    figure = Figure(figsize=(7, 2.6), dpi=110, layout="constrained")
    axes = figure.subplots()
    colours = {
        "part5": "tab:blue",
        "starlette": "tab:orange",
        "asgi": "tab:green",
    }
    axes.barh(
        [LAYER_NAMES[kind].replace("`", "") for kind in kinds],
        shown,
        xerr=[low, high],
        color=[colours[kind] for kind in kinds],
        capsize=3,
    )
    for index, median in enumerate(medians):
        # After the end of the bar or of its min-max line, whichever is further.
        right = shown[index] + high[index]
        digits = ".0f" if median >= 100 else ".1f" if median >= 10 else ".2f"
        axes.text(right * 1.3, index, f"{median:,{digits}} µs", va="center")
    axes.set_xscale("log")
    axes.set_xlim(
        floor, max(s + h for s, h in zip(shown, high, strict=True)) * 30
    )
    axes.set_xlabel(
        "microseconds per layer, per request (log scale; lower is better)"
    )
    axes.set_title(
        "What one pass-through middleware layer costs (in process)"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Software": None})


# --- profiles -----------------------------------------------------------------------------


def _profile_table(section: dict[str, Any]) -> list[str]:
    groups = _table(
        ["Part of the stack", "Share of the profiled time"],
        [
            [name, f"{share:.0%}"]
            for name, share in section["groups"].items()
            if share >= 0.005
        ],
    )
    functions = _table(
        ["Function", "Part", "Calls per request", "Own time"],
        [
            [
                f"`{row['function']}`",
                row["group"],
                f"{row['calls_per_request']:g}",
                f"{row['own_share']:.0%}",
            ]
            for row in section["functions"]
        ],
    )
    return [*groups, *functions]


def profile_markdown(results: dict[str, Any]) -> str:
    """The two cProfile runs: Part 3 alone, and Part 3 inside uvicorn's protocol."""
    profile = results["profile"]
    lines: list[str] = []
    if "under_uvicorn" in profile:  # it needs the bench group
        lines += [
            "**Inside uvicorn's protocol**",
            "",
            f"cProfile over {profile['under_uvicorn']['requests']:,} `GET /home` "
            "requests to `part3.sample:app`, parsed and answered by uvicorn's "
            "httptools protocol on uvloop, with no socket. Own time of each "
            "function, a built-in's counted for its caller.",
            "",
            *_profile_table(profile["under_uvicorn"]),
        ]
    lines += [
        "**Part 3 alone, in process**",
        "",
        f"cProfile over {profile['in_process']['requests']:,} in-process `GET /home` "
        "requests to `part3.sample:app`.",
        "",
        *_profile_table(profile["in_process"]),
    ]
    return _document(lines)


# --- router scaling and memory ------------------------------------------------------------


def routers_markdown(results: dict[str, Any]) -> str:
    """Router scaling and memory for many routes."""
    lines: list[str] = []
    if "router_scaling" in results:
        section = results["router_scaling"]
        sizes = [str(size) for size in section["sizes"]]
        rows = []
        for framework, by_target in section["seconds_per_request"].items():
            for target, by_size in by_target.items():
                times = [
                    f"{by_size[size]['median'] * 1e6:,.1f}" for size in sizes
                ]
                growth = section["growth"][framework][target]
                rows.append(
                    [f"{NAMES[framework]}, {target}", *times, _ratio(growth)]
                )
        lines += [
            "**Router scaling**",
            "",
            f"Microseconds per request (medians of {section['repetitions']} interleaved "
            "repetitions) with each number of routes, and the growth from the fewest "
            "to the most routes. The last route and the 404 are asked of an app of "
            "static routes, the parameter route of an app of parameter routes.",
            "",
            *_table(
                [
                    "Request",
                    *[f"{int(size):,}" for size in sizes],
                    "Growth",
                ],
                rows,
            ),
        ]
    if "memory" in results:
        section = results["memory"]
        routes = section["routes"]
        over = {
            top: ratio
            for name, ratio in section["ratios"].items()
            for top in [name.split(" / ")[0]]
        }
        rows = [
            [
                _memory_case(case),
                f"{spread['median'] / 2**20:,.2f}",
                f"{spread['median'] / routes:,.0f}",
                f"{over[case]['median']:.2f}x" if case in over else "",
            ]
            for case, spread in section["bytes"].items()
        ]
        lines += [
            f"**Memory for {routes:,} routes**",
            "",
            "What tracemalloc sees allocated, and still held, by building the app "
            "(Part 6's includes each handler's plan); the last column is over "
            "Starlette's, with the same routes.",
            "",
            *_table(
                [
                    "App and routes",
                    "MiB",
                    "Bytes per route",
                    "Over Starlette's",
                ],
                rows,
            ),
        ]
    return _document(lines)


def _memory_case(case: str) -> str:
    """ "part6 parameter" -> "Part 6, parameter routes"."""
    name, _, kind = case.partition(" ")
    return f"{NAMES[name]}, {kind or 'static'} routes"


def plot_router_scaling(results: dict[str, Any], path: Path) -> None:
    """Log-log plot of microseconds per request against routes, with min-max bars."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    from matplotlib.figure import Figure  # without pyplot: no global state

    section = results["router_scaling"]
    sizes = section["sizes"]
    styles = {
        "part3": ("tab:blue", "Part 3"),
        "part6": ("tab:green", "Part 6"),
        "starlette": ("tab:orange", "Starlette"),
    }
    lines = {
        "last route": ("-", "o"),
        "404": ("--", "s"),
        "parameter route": (":", "^"),
    }
    figure = Figure(figsize=(7, 5.2), dpi=110, layout="constrained")
    axes = figure.subplots()
    for framework, by_target in section["seconds_per_request"].items():
        colour, label = styles[framework]
        for target, by_size in by_target.items():
            medians = [by_size[str(size)]["median"] * 1e6 for size in sizes]
            low = [
                m - by_size[str(s)]["min"] * 1e6
                for m, s in zip(medians, sizes, strict=True)
            ]
            high = [
                by_size[str(s)]["max"] * 1e6 - m
                for m, s in zip(medians, sizes, strict=True)
            ]
            linestyle, marker = lines[target]
            axes.errorbar(
                sizes,
                medians,
                yerr=[low, high],
                color=colour,
                linestyle=linestyle,
                marker=marker,
                capsize=3,
                label=f"{label}, {target}",
            )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xticks(sizes, [f"{size:,}" for size in sizes])
    axes.minorticks_off()
    axes.set_xlabel("routes registered")
    axes.set_ylabel("microseconds per request")
    axes.set_title(
        "Dispatch time as the routes grow (in-process, lower is better)"
    )
    axes.grid(True, which="major", alpha=0.3)
    # Below the plot: inside, it would hide Starlette's lines at 10 routes.
    figure.legend(
        loc="outside lower center", ncols=3, fontsize="small", frameon=False
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Software": None})


Render = Callable[[dict[str, Any]], str]

# name -> (function, what it needs in results): the Markdown files written next to results.json
TABLES: dict[str, tuple[Render, str]] = {
    "standing.md": (standing_markdown, "instructions"),
    "targets.md": (targets_markdown, "machine"),
    "machine.md": (machine_markdown, "machine"),
    "lab.md": (lab_markdown, "lab"),
    "ranking.md": (ranking_markdown, "inprocess"),
    "servers.md": (servers_markdown, "servers"),
    "breakdown.md": (breakdown_markdown, "machine"),
    "profile.md": (profile_markdown, "profile"),
    "routers.md": (routers_markdown, "router_scaling"),
    "parts.md": (parts_markdown, "inprocess"),
    "typed.md": (typed_markdown, "inprocess"),
    "streaming.md": (streaming_markdown, "stream_memory"),
    "websocket.md": (websocket_markdown, "websocket"),
    "middleware.md": (middleware_markdown, "middleware"),
}


def tables() -> dict[str, tuple[Render, str]]:
    """TABLES, and one sentence per step of the lab: lab/<step>.md."""
    steps = {
        f"lab/{step}.md": (lab_step_markdown(step), "lab")
        for step in lab.STEPS
    }
    return {**TABLES, **steps}


PLOTS = {
    "instructions.png": (plot_instructions, "instructions"),
    "request-breakdown.png": (plot_breakdown, "servers"),
    "router-scaling.png": (plot_router_scaling, "router_scaling"),
    "middleware-layers.png": (plot_middleware, "middleware"),
}
