"""Instructions per request, counted by valgrind: a figure no other job can disturb.

Timings on a shared machine move with everything else that runs on it. The
number of machine instructions an app executes per request does not: it
depends only on the code. valgrind's cachegrind counts them. Each app runs
twice, with a small and a larger number of requests, and the difference
divided by the difference in requests is what one request costs, start-up
and imports cancelling out. Instructions are not time (a cache miss costs
more than an addition), but a change that removes work shows here exactly.

    python -m benchmarks.instructions part3 inprocess 1000   # what valgrind runs
    python -m benchmarks.instructions "part5 x1" inprocess 1000   # one middleware layer
    python -m benchmarks.instructions my_copy.sample:app inprocess 1000   # any app, GET /home
"""

import asyncio
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .apps import APPS, PAGE, PATH, Contender, http_scope

ROOT = Path(__file__).resolve().parents[1]
MODES = ("inprocess", "protocol")


def available() -> bool:
    return shutil.which("valgrind") is not None


VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]


def command(name: str, mode: str, requests: int, out: Path) -> list[str]:
    """valgrind's command line: this module's main(), counted into the file out."""
    driver = [
        sys.executable,
        "-m",
        "benchmarks.instructions",
        name,
        mode,
        str(requests),
    ]
    return [*VALGRIND, f"--cachegrind-out-file={out}", *driver]


def summary(output: str) -> int:
    """The total instruction count in a cachegrind output file."""
    found = re.search(r"^summary:\s+(\d+)", output, re.MULTILINE)
    if found is None:
        raise RuntimeError("no summary line in cachegrind's output")
    return int(found[1])


def _count(
    name: str, mode: str, requests: int, path: tuple[str, ...] = ()
) -> int:
    """Instructions executed by a whole run of `python -m benchmarks.instructions`,
    with the folders of path importable too."""
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "cachegrind.out"
        # A fixed hash seed: the same dictionary layouts, the same count every run.
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), *path]),
            "PYTHONHASHSEED": "0",
        }
        subprocess.run(
            command(name, mode, requests, out),
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=900,
        )
        return summary(out.read_text())


def run(
    names: dict[str, list[str]],
    requests: tuple[int, int] = (1_000, 3_000),
    jobs: int = 2,
    path: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Instructions per request of each app, for each mode: {mode: {app: count}}.

    An app is a name of APPS, a middleware case ("part5 x1"), or an import
    string ("module:app") found on the repo root or in the folders of path.
    """
    few, many = requests
    runs = [
        (mode, name, n)
        for mode, apps in names.items()
        for name in apps
        for n in (few, many)
    ]
    with ThreadPoolExecutor(jobs) as pool:
        counts = list(
            pool.map(lambda run: _count(run[1], run[0], run[2], path), runs)
        )
    totals = dict(zip(runs, counts, strict=True))
    per_request = {
        mode: {
            name: (totals[mode, name, many] - totals[mode, name, few])
            / (many - few)
            for name in apps
        }
        for mode, apps in names.items()
    }
    return {"requests": list(requests), "per_request": per_request}


def load(name: str) -> tuple[Any, str, Any]:
    """The app called name, the path it answers and the JSON it answers
    (None: not JSON): an app of APPS, an app of middleware.py inside layers
    of middleware, such as "part5 x10", or an import string such as
    "part3.sample:app" (it answers GET /home)."""
    if name in APPS:
        contender = APPS[name]
        return contender.load(), contender.path, contender.page
    if ":" in name:
        return Contender(name).load(), PATH, PAGE
    from .middleware import KINDS, case

    kind, layers = case(name)
    return KINDS[kind](layers), PATH, PAGE


async def _drive(name: str, mode: str, requests: int) -> None:
    from .harness import check_status, dispatch, lifespan

    app, path, page = load(name)
    async with lifespan(app):
        # Never count an app that answers less than the others: the same
        # check in both runs, so its instructions cancel out.
        await check_status(app, http_scope(path), 200, page)
        # What start-up built is old, as in a server that has run for a
        # while: frozen, a full collection does not walk it. Unfrozen, whether
        # one falls in the longer run or not moved Muffin's count from 43.8k
        # to 45.9k per request over three runs; frozen, it repeats.
        gc.collect()
        gc.freeze()
        if mode == "inprocess":
            await dispatch(app, http_scope(path), requests)
        else:
            from . import protocol  # uvicorn and uvloop: only when needed

            server, state = protocol.uvicorn_protocol(app)
            request = protocol.request_bytes(path)
            await protocol.serve(server, state, request, requests)


def main(name: str, mode: str, requests: int) -> None:
    """Serve requests GETs to app name, in process or through uvicorn's protocol."""
    if mode not in MODES:
        raise SystemExit(f"mode is one of {MODES}")
    if mode == "protocol":
        import uvloop

        uvloop.run(_drive(name, mode, requests))
    else:
        asyncio.run(_drive(name, mode, requests))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
