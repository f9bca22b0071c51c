"""WebSocket echo round trips per second under uvicorn: Part 7's sample against Starlette.

    python -m benchmarks.websocket_echo                  # what `make bench` runs
    python -m benchmarks.websocket_echo --round-trips 200 --runs 2 --flavour h11

Each app runs in its own uvicorn process on 127.0.0.1, on a free port
(benchmarks/serve.py): Part 7's sample as it is (`part7.sample:app`, its
access-log middleware included) and Starlette's echo app with a
`WebSocketRoute` (benchmarks/apps.py), both at `/ws/echo`. The client is the
`websockets` library, in this process: one connection to each app per run,
a short text message sent and its echo awaited, N times in a row, timed
from the first send to the last echo. A run measures every app once, in an
order that rotates from run to run. Each app is checked first: its echo must
be the message sent. Every connection has a deadline, and the servers are
always stopped, even when a run fails.

Besides round trips per second, a run reads the server process's CPU time
(/proc) before and after the round trips: CPU microseconds per round trip,
which other jobs on a shared machine disturb less than they disturb the
rate.
"""

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .harness import paired_ratios, spread
from .servers import CLIENT_CPU, SERVER_CPU, on_cpu, process_tree_cpu

ROOT = Path(__file__).resolve().parents[1]
PATH = "/ws/echo"
MESSAGE = "hello, echo"
# name -> (import string, whether it names a factory)
ECHO_APPS = {
    "part7": ("part7.sample:app", False),
    "starlette": ("benchmarks.apps:starlette_echo_app", True),
}
# uvicorn's own choice when the websockets library is installed (--ws auto).
WS = "websockets-sansio"
DEADLINE = 60.0  # seconds: the most one connection may take


@dataclass
class EchoServer:
    """A uvicorn process serving one echo app; its log goes to a file."""

    name: str
    process: subprocess.Popen[str]
    log: Path
    port: int = 0

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def serving(flavour: str, folder: Path) -> Iterator[dict[str, EchoServer]]:
    """Start one uvicorn per app of ECHO_APPS, yield them listening, and
    stop them (terminate, then kill after 15 s), whatever happens."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started: dict[str, EchoServer] = {}
    try:
        for name, (target, factory) in ECHO_APPS.items():
            log = folder / f"{name}.log"
            command = [sys.executable, "-m", "benchmarks.serve", flavour]
            command += [
                target,
                "--ws",
                WS,
                *(["--factory"] if factory else []),
            ]
            with log.open("w") as stderr:
                process = subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    text=True,
                    preexec_fn=on_cpu(SERVER_CPU),
                )
            started[name] = EchoServer(name, process, log)
        for server in started.values():
            assert server.process.stdout is not None
            line = (
                server.process.stdout.readline()
            )  # serve.py prints its port
            if not line.strip().isdigit():
                raise RuntimeError(
                    f"uvicorn for {server.name} did not start:\n{server.output()}"
                )
            server.port = int(line)
        yield started
    finally:
        for server in started.values():
            server.process.terminate()
        for server in started.values():
            try:
                server.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()
            if server.process.stdout is not None:
                server.process.stdout.close()


async def _connect(server: EchoServer) -> Any:
    """A connection to /ws/echo, retried while the server starts up."""
    from websockets.asyncio.client import connect

    uri = f"ws://127.0.0.1:{server.port}{PATH}"
    deadline = time.monotonic() + 30
    while True:
        try:
            # No compression: the frameworks' work, not zlib's, on both sides.
            return await connect(uri, compression=None, open_timeout=10)
        except OSError:
            if server.process.poll() is not None:
                raise RuntimeError(
                    f"uvicorn for {server.name} exited:\n{server.output()}"
                ) from None
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)


async def _round_trips(connection: Any, n: int) -> float:
    """Send MESSAGE and await its echo, n times; return the seconds taken."""
    started = time.perf_counter()
    for _ in range(n):
        await connection.send(MESSAGE)
        echo = await connection.recv()
        if echo != MESSAGE:
            raise RuntimeError(f"sent {MESSAGE!r}, got {echo!r} back")
    return time.perf_counter() - started


async def _one_run(
    server: EchoServer, n: int, warm_up: int
) -> dict[str, float]:
    """One connection: warm-up round trips, then n timed ones."""
    async with asyncio.timeout(DEADLINE):
        connection = await _connect(server)
        try:
            await _round_trips(connection, warm_up)
            user, system = process_tree_cpu(server.process.pid)
            seconds = await _round_trips(connection, n)
            user_after, system_after = process_tree_cpu(server.process.pid)
        finally:
            await connection.close()
    if server.process.poll() is not None:  # then another process answered
        raise RuntimeError(f"uvicorn for {server.name} exited")
    cpu = (user_after - user) + (system_after - system)
    return {"round_trips_per_second": n / seconds, "cpu_us": cpu / n * 1e6}


@contextlib.contextmanager
def _client_on_its_own_cpu() -> Iterator[None]:
    """Keep this thread (the client) off the servers' CPU while it runs."""
    keep = on_cpu(CLIENT_CPU)
    if keep is None or not hasattr(os, "sched_getaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    keep()
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def run(
    round_trips: int = 4_000,
    runs: int = 11,
    warm_up: int = 100,
    flavour: str = "httptools",
) -> dict[str, Any]:
    """Round trips per second and server CPU per round trip of each echo
    app, runs interleaved; Part 7's over Starlette's, run by run."""
    import websockets

    samples: dict[str, dict[str, list[float]]] = {
        name: {} for name in ECHO_APPS
    }
    with (
        tempfile.TemporaryDirectory() as folder,
        serving(flavour, Path(folder)) as servers,
        _client_on_its_own_cpu(),
    ):
        names = list(servers)
        for index in range(runs):
            shift = index % len(names)
            for name in names[shift:] + names[:shift]:
                figures = asyncio.run(
                    _one_run(servers[name], round_trips, warm_up)
                )
                for key, value in figures.items():
                    samples[name].setdefault(key, []).append(value)
        logs = {name: server.output() for name, server in servers.items()}
    for name, log in logs.items():
        if "Traceback" in log or "ERROR" in log:
            raise RuntimeError(f"uvicorn for {name} logged an error:\n{log}")
    part7, starlette = samples["part7"], samples["starlette"]
    ratios = {
        "part7 / starlette": paired_ratios(
            part7["round_trips_per_second"],
            starlette["round_trips_per_second"],
        )
    }
    # CPU: Starlette's over Part 7's, so that above 1 Part 7 is cheaper. A
    # run too short for one tick of the CPU clock (the quick run) has none.
    if all(part7["cpu_us"]):
        ratios["starlette / part7, cpu"] = paired_ratios(
            starlette["cpu_us"], part7["cpu_us"]
        )
    return {
        "server": f"uvicorn ({flavour}, --ws {WS}), one worker",
        "client": f"websockets {websockets.__version__}, no compression",
        "message": MESSAGE,
        "round_trips": round_trips,
        "runs": runs,
        "figures": {
            name: {key: spread(values) for key, values in by_key.items()}
            for name, by_key in samples.items()
        },
        "samples": samples,
        "ratios": ratios,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round-trips", type=int, default=4_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument(
        "--flavour", choices=["httptools", "h11"], default="httptools"
    )
    args = parser.parse_args(argv)
    results = run(args.round_trips, args.runs, flavour=args.flavour)
    print(
        json.dumps(
            {k: v for k, v in results.items() if k != "samples"}, indent=1
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
