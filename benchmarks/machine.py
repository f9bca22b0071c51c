"""What the benchmarks ran on, for the notes next to the figures."""

import datetime
import importlib.metadata
import os
import platform
from pathlib import Path
from typing import Any


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def loadavg() -> tuple[float, float, float]:
    """The 1, 5 and 15-minute load averages: how busy the machine was."""
    one, five, fifteen = os.getloadavg()
    return one, five, fifteen


PACKAGES = [
    "uvicorn",
    "httptools",
    "uvloop",
    "h11",
    "granian",
    "starlette",
    "fastapi",
    "litestar",
    "falcon",
    "blacksheep",
    "muffin",
    "asgineer",
    "websockets",
]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def describe() -> dict[str, Any]:
    """CPU, cores, Python, OS, the machine's load and the versions of servers and frameworks."""
    uses_cores = (
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else None
    )
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime(
            "%Y-%m-%d %H:%M UTC"
        ),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": uses_cores,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(terse=True),
        "loadavg_at_start": loadavg(),
        "versions": {package: _version(package) for package in PACKAGES},
    }
