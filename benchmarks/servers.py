"""Under real servers: each app in its own server process on 127.0.0.1, driven over loopback.

The servers are uvicorn as `pip install uvicorn[standard]` runs it (httptools
and uvloop), granian, and uvicorn as plain `pip install uvicorn` runs it (h11
on asyncio). The load generator is `wrk` when it is installed (Debian:
`apt-get install wrk`), otherwise a small asyncio client in this process.

Every server runs for the whole benchmark; the load runs are interleaved
across all of them, each lasts a fixed time, and each measures two things:
requests per second, and the CPU time the server process spent per request
(user and system, read from /proc), which other jobs on the machine disturb
far less than they disturb throughput.
"""

import asyncio
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .apps import APPS, PARTS, PATH, Contender
from .harness import paired_ratios, spread
from .machine import loadavg

ROOT = Path(__file__).resolve().parents[1]

# server -> what it is, as the tables name it
SERVERS = {
    "uvicorn": "uvicorn, httptools + uvloop (`uvicorn[standard]`)",
    "granian": "granian, ASGI interface, uvloop",
    "uvicorn-h11": "uvicorn, h11 + asyncio (plain `uvicorn`)",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_command(server: str, name: str) -> tuple[list[str], int]:
    """The command that serves app `name` under server, and its port (0: printed on stdout)."""
    if server in ("uvicorn", "uvicorn-h11"):
        flavour = "h11" if server == "uvicorn-h11" else "httptools"
        return [sys.executable, "-m", "benchmarks.serve", flavour, name], 0
    if server == "granian":
        contender, port = APPS.get(name) or Contender(name), _free_port()
        command = [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--workers",
            "1",
        ]
        command += [
            "--loop",
            "uvloop",
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        command += ["--host", "127.0.0.1", "--port", str(port)]
        command += ["--factory"] if contender.factory else []
        return [*command, contender.target], port
    raise ValueError(f"unknown server {server!r}")


@dataclass
class Running:
    """A server process serving one app."""

    server: str
    name: str
    process: subprocess.Popen[str]
    port: int = 0

    @property
    def path(self) -> str:
        return APPS[self.name].path if self.name in APPS else PATH

    def cpu_seconds(self) -> tuple[float, float]:
        """User and system CPU seconds used so far by the server and its child processes."""
        return process_tree_cpu(self.process.pid)


def process_tree_cpu(pid: int) -> tuple[float, float]:
    """User and system CPU seconds of pid and its living descendants, from /proc."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                # After "pid (name) ": state, ppid, ... utime and stime are the 12th and 13th.
                fields = (
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()
                )
                stats[int(entry.name)] = (
                    int(fields[1]),
                    int(fields[11]),
                    int(fields[12]),
                )
    tree, user, system = {pid}, 0, 0
    for child in sorted(stats):  # a child's pid is usually above its parent's
        if stats[child][0] in tree:
            tree.add(child)
    for member in tree:
        if member in stats:
            user += stats[member][1]
            system += stats[member][2]
    ticks = os.sysconf("SC_CLK_TCK")
    return user / ticks, system / ticks


# With two cores or more, each server runs on one core and wrk on another, so
# neither takes the other's time slices or caches: the server's CPU time per
# request is much steadier than when the scheduler moves them around.
SERVER_CPU, CLIENT_CPU = 0, 1


def on_cpu(index: int) -> Callable[[], None] | None:
    """A preexec_fn that keeps a child process on one CPU (the index-th of
    those this process may use); None on a machine with a single CPU."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None
    cpu = cpus[index]
    return lambda: os.sched_setaffinity(0, {cpu})


@contextlib.contextmanager
def running(plan: list[tuple[str, str]]) -> Iterator[list[Running]]:
    """Start a server process for each (server, app name); yield them listening; stop them."""
    paths = [
        str(ROOT),
        *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep)),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    started: list[Running] = []
    try:
        for server, name in plan:
            command, port = server_command(server, name)
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
                preexec_fn=on_cpu(SERVER_CPU),
            )
            started.append(Running(server, name, process, port))
        for entry in started:
            if entry.port == 0:  # our uvicorn prints the port it bound
                assert entry.process.stdout is not None
                line = entry.process.stdout.readline()
                if not line.strip().isdigit():
                    raise RuntimeError(
                        f"{entry.server} for {entry.name} did not start"
                    )
                entry.port = int(line)
        for entry in started:
            _wait_until_serving(entry)
        yield started
    finally:
        for entry in started:
            entry.process.terminate()
        for entry in started:
            try:
                entry.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                entry.process.kill()
                entry.process.wait()
            if entry.process.stdout is not None:
                entry.process.stdout.close()


def _wait_until_serving(entry: Running, timeout: float = 30.0) -> None:
    """Wait until the app answers its GET with 200 (refuse to time a broken app)."""
    deadline = time.monotonic() + timeout
    while True:
        if entry.process.poll() is not None:
            raise RuntimeError(f"{entry.server} for {entry.name} exited")
        try:
            status = asyncio.run(_get_once(entry.port, entry.path))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
            continue
        if status != 200:
            raise RuntimeError(
                f"{entry.name} under {entry.server} answered {status}"
            )
        return


async def _get_once(port: int, path: str) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(_request(path))
        return await _read_response(reader)
    finally:
        writer.close()
        await writer.wait_closed()


def _request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii")


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one response with a content-length; return its status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    match = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    await reader.readexactly(int(match[1]) if match else 0)
    return status


# --- load generators: each returns (requests done, seconds taken) -------------------------


def wrk_version() -> str | None:
    """`wrk`'s version line, or None if it is not installed."""
    if shutil.which("wrk") is None:
        return None
    result = subprocess.run(
        ["wrk", "--version"], capture_output=True, text=True, timeout=10
    )
    return (result.stdout or result.stderr).splitlines()[0].split(" [")[0]


def parse_wrk(output: str) -> tuple[int, float]:
    """Requests done and seconds taken, from wrk's report; refuse a run with any failure."""
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw failed requests:\n{output}")
    match = re.search(r"(\d+) requests in ([\d.]+)(m?s)", output)
    if match is None:
        raise RuntimeError(f"no request count in wrk's output:\n{output}")
    seconds = float(match[2]) / (1000 if match[3] == "ms" else 1)
    return int(match[1]), seconds


def run_wrk(
    port: int, path: str, seconds: float, connections: int
) -> tuple[int, float]:
    duration = f"-d{max(1, round(seconds))}s"  # wrk takes whole seconds only
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        duration,
        f"http://127.0.0.1:{port}{path}",
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        preexec_fn=on_cpu(CLIENT_CPU),
    )
    return parse_wrk(result.stdout)


async def _python_load(
    port: int, path: str, seconds: float, connections: int
) -> tuple[int, float]:
    request = _request(path)
    deadline = time.perf_counter() + seconds
    counts = [0] * connections

    async def client(index: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                writer.write(request)
                if await _read_response(reader) != 200:
                    raise RuntimeError(f"GET {path} did not answer 200")
                counts[index] += 1
        finally:
            writer.close()
            await writer.wait_closed()

    start = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(client(i) for i in range(connections))), seconds + 30
    )
    return sum(counts), time.perf_counter() - start


def run_python_client(
    port: int, path: str, seconds: float, connections: int
) -> tuple[int, float]:
    """A keep-alive asyncio client: slower than wrk, so it understates every app alike."""
    return asyncio.run(_python_load(port, path, seconds, connections))


def choose_client(
    client: str,
) -> tuple[Callable[[int, str, float, int], tuple[int, float]], str]:
    version = wrk_version()
    if client == "auto":
        client = "wrk" if version else "python"
    if client == "wrk":
        pinned = ", pinned to another core" if on_cpu(CLIENT_CPU) else ""
        return run_wrk, f"{version}, 1 thread{pinned}"
    return run_python_client, "asyncio client" + (
        "" if version else " (no wrk)"
    )


# --- the benchmark ------------------------------------------------------------------------


def measure(
    entry: Running,
    load: Callable[..., tuple[int, float]],
    seconds: float,
    connections: int,
) -> dict[str, float]:
    """One load run against entry: requests/s and the server's CPU microseconds per request."""
    user_before, system_before = entry.cpu_seconds()
    requests, taken = load(entry.port, entry.path, seconds, connections)
    user_after, system_after = entry.cpu_seconds()
    if requests == 0:
        raise RuntimeError(
            f"no request completed for {entry.name} under {entry.server}"
        )
    if (
        entry.process.poll() is not None
    ):  # then another process answered on its port
        raise RuntimeError(f"{entry.server} for {entry.name} exited")
    user = (user_after - user_before) / requests * 1e6
    system = (system_after - system_before) / requests * 1e6
    return {
        "rps": requests / taken,
        "cpu_us": user + system,
        "user_us": user,
        "system_us": system,
    }


def run(
    plan: dict[str, list[str]],
    repetitions: int = 5,
    seconds: float = 2.0,
    connections: int = 16,
    client: str = "auto",
    warm_up: bool = True,
) -> dict[str, Any]:
    """Measure every app of plan[server] under each server, interleaved; return the spreads."""
    load, label = choose_client(client)
    pairs = [
        (server, name) for server, names in plan.items() for name in names
    ]
    samples: dict[str, dict[str, dict[str, list[float]]]] = {
        server: {name: {} for name in names} for server, names in plan.items()
    }
    loads: list[float] = []
    with running(pairs) as entries:
        for entry in (
            entries if warm_up else ()
        ):  # first connections, imports, caches
            load(entry.port, entry.path, min(seconds, 1.0), connections)
        for repetition in range(repetitions):
            # Rotate the order, so that no app always runs first or right after another.
            shift = repetition % len(entries)
            loads.append(loadavg()[0])
            for entry in entries[shift:] + entries[:shift]:
                figures = measure(entry, load, seconds, connections)
                for key, value in figures.items():
                    samples[entry.server][entry.name].setdefault(
                        key, []
                    ).append(value)
        loads.append(loadavg()[0])
    result: dict[str, Any] = {
        "client": label,
        "servers": {server: SERVERS[server] for server in plan},
        "repetitions": repetitions,
        "seconds": seconds,
        "connections": connections,
        "loadavg_samples": loads,
        "figures": {
            server: {
                name: {key: spread(values) for key, values in by_key.items()}
                for name, by_key in by_name.items()
            }
            for server, by_name in samples.items()
        },
        "samples": samples,
        "ratios": {
            server: _ratios(by_name) for server, by_name in samples.items()
        },
    }
    uvicorn = samples.get("uvicorn", {})
    if "part3" in uvicorn:
        # Per run, each framework's (or part's) CPU per request over Part 3's: above 1,
        # Part 3 costs less.
        result["part3_over"] = {
            name: paired_ratios(figures["cpu_us"], uvicorn["part3"]["cpu_us"])
            for name, figures in uvicorn.items()
            if name in APPS and (APPS[name].framework or name in PARTS)
        }
    return result


def _ratios(
    by_name: dict[str, dict[str, list[float]]],
) -> dict[str, dict[str, Any]]:
    """Per repetition, each app against the raw app: requests/s, and CPU as raw's / the app's."""
    if "raw ASGI" not in by_name:
        return {}
    raw = by_name["raw ASGI"]
    return {
        name: {
            "rps": paired_ratios(figures["rps"], raw["rps"]),
            "cpu": paired_ratios(raw["cpu_us"], figures["cpu_us"]),
        }
        for name, figures in by_name.items()
    }
