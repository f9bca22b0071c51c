"""Throughput under uvicorn: one worker per app on 127.0.0.1, driven over loopback.

The load generator is `wrk` when it is installed (Debian: `apt-get install
wrk`), otherwise a small asyncio client in this process. Every app runs in
its own uvicorn process for the whole benchmark; the load runs are
interleaved across the apps and each one lasts a fixed time.
"""

import asyncio
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .apps import APPS
from .harness import paired_ratios, spread

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def uvicorn_processes(names: list[str]) -> Iterator[dict[str, int]]:
    """Start `python -m benchmarks.serve NAME` for each name; yield their ports; stop them."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = {
        name: subprocess.Popen(
            [sys.executable, "-m", "benchmarks.serve", name],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in names
    }
    try:
        ports = {}
        for name, process in processes.items():
            line = process.stdout.readline()  # the port, printed before serving
            if not line.strip().isdigit():
                raise RuntimeError(f"uvicorn for {name} did not start (exit {process.poll()})")
            ports[name] = int(line)
        for port in ports.values():
            _wait_until_listening(port)
        yield ports
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()


def _wait_until_listening(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            asyncio.run(_get_once(port, "/"))
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


async def _get_once(port: int, path: str) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(_request(path))
        await _read_response(reader)
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


# --- load generators: each returns requests per second -----------------------------------


def wrk_version() -> str | None:
    """`wrk`'s version line, or None if it is not installed."""
    if shutil.which("wrk") is None:
        return None
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10)
    return (result.stdout or result.stderr).splitlines()[0].split(" [")[0]


def parse_wrk(output: str) -> float:
    """Requests/sec from wrk's report; refuse a run with errors or non-2xx answers."""
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw failed requests:\n{output}")
    match = re.search(r"Requests/sec:\s*([\d.]+)", output)
    if match is None:
        raise RuntimeError(f"no Requests/sec in wrk's output:\n{output}")
    return float(match[1])


def run_wrk(port: int, path: str, seconds: float, connections: int) -> float:
    duration = f"-d{max(1, round(seconds))}s"  # wrk takes whole seconds only
    command = ["wrk", "-t1", f"-c{connections}", duration, f"http://127.0.0.1:{port}{path}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    return parse_wrk(result.stdout)


async def _python_load(port: int, path: str, seconds: float, connections: int) -> float:
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
    await asyncio.wait_for(asyncio.gather(*(client(i) for i in range(connections))), seconds + 30)
    return sum(counts) / (time.perf_counter() - start)


def run_python_client(port: int, path: str, seconds: float, connections: int) -> float:
    """A keep-alive asyncio client: slower than wrk, so it understates every app alike."""
    return asyncio.run(_python_load(port, path, seconds, connections))


# --- the benchmark ------------------------------------------------------------------------


def run(
    repetitions: int = 5,
    seconds: float = 2.0,
    connections: int = 16,
    client: str = "auto",
    names: list[str] | None = None,
    warm_up: bool = True,
) -> dict[str, Any]:
    """Requests/s of each app under uvicorn, interleaved across apps, and the ratios."""
    names = names or list(APPS)
    version = wrk_version()
    if client == "auto":
        client = "wrk" if version else "python"
    if client == "wrk":
        load, label = run_wrk, f"{version}, 1 thread"
    else:
        load, label = run_python_client, "asyncio client" + ("" if version else " (no wrk)")
    per_second: dict[str, list[float]] = {name: [] for name in names}
    with uvicorn_processes(names) as ports:
        for name in names if warm_up else ():  # first connections, first imports, caches
            load(ports[name], APPS[name][1], min(seconds, 1.0), connections)
        for repetition in range(repetitions):
            shift = repetition % len(names)
            for name in names[shift:] + names[:shift]:
                per_second[name].append(load(ports[name], APPS[name][1], seconds, connections))
    result: dict[str, Any] = {
        "client": label,
        "repetitions": repetitions,
        "seconds": seconds,
        "connections": connections,
        "requests_per_second": {name: spread(values) for name, values in per_second.items()},
        "samples": per_second,
        "ratios": {},
    }
    if "part3" in names and "raw ASGI" in names:
        result["ratios"]["part3 / raw ASGI"] = paired_ratios(
            per_second["part3"], per_second["raw ASGI"]
        )
    if "part3" in names and "starlette" in names:
        result["ratios"]["part3 / starlette"] = paired_ratios(
            per_second["part3"], per_second["starlette"]
        )
    return result
