"""The server's memory while a Part 7 app streams a large response.

    python -m benchmarks.stream_memory              # 100 MB, the figure SPEC 8 asks for
    python -m benchmarks.stream_memory --mb 8 --json --http h11

`make bench` runs it three times (repeated(), below) for the Performance page.

It starts `uvicorn benchmarks.stream_memory:app` as its own process on 127.0.0.1
(a free port, read from uvicorn's log), then downloads twice, each time
resetting the process's peak resident memory (Linux: /proc/<pid>/clear_refs)
and reporting how far the peak (VmHWM) rose above the memory it had before
(VmRSS), as benchmarks/upload_memory.py does for uploads:

1. stream: a StreamingResponse whose generator makes each 64 KiB piece as it
   goes. Only a few pieces are ever held, so the peak stays flat, whatever the
   size.
2. whole: the control, a body of `--whole-mb` MB rendered in memory first, as
   every response before Part 7 is. Its growth shows that the measure sees a
   body held whole.

The client (httpx) reads each download as it arrives and keeps nothing. The
exit status is 1 if the stream rose by 16 MB or more, or a download came
short.
"""

import argparse
import importlib.util
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

from part7.api_router import ApiRouter
from part7.app import App
from part7.http_responses import (
    BaseHTTPResponse,
    StreamingResponse,
    TextResponse,
)

from .harness import spread

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000
CHUNK = 65_536  # what the generator yields at a time
BOUND = 16 * 1024 * 1024  # the most streaming may add to the server's peak

router = ApiRouter()


@router.get("/stream")
async def stream(size: int) -> StreamingResponse:
    async def pieces() -> AsyncIterator[bytes]:
        for start in range(0, size, CHUNK):
            yield b"x" * min(CHUNK, size - start)  # a new piece each time

    return StreamingResponse(pieces(), media_type="application/octet-stream")


@router.get("/whole")
async def whole(size: int) -> BaseHTTPResponse:
    return TextResponse(b"x" * size)  # the whole body, in memory


app = App()
app.include_routes([router])


# --- The server ------------------------------------------------------------------------


class Server:
    """uvicorn serving this module's app in its own process."""

    def __init__(self, http: str) -> None:
        command = [sys.executable, "-m", "uvicorn"]
        command += ["benchmarks.stream_memory:app", "--host", "127.0.0.1"]
        command += ["--port", "0", "--http", http, "--no-access-log"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "PYTHONUNBUFFERED": "1",
            },
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = self._wait_for_port()

    def _read(self) -> None:
        for line in self.process.stdout or ():
            self.lines.append(line)

    def _wait_for_port(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        pattern = r"running on http://127\.0\.0\.1:(\d+)"
        while time.monotonic() < deadline and self.process.poll() is None:
            for line in list(self.lines):
                if match := re.search(pattern, line):
                    return int(match[1])
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("uvicorn did not start:\n" + "".join(self.lines))

    def memory(self) -> dict[str, int]:
        """VmRSS (now) and VmHWM (peak since the last reset), in bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = {
            name: re.search(rf"^{name}:\s+(\d+) kB", status, re.MULTILINE)
            for name in ("VmRSS", "VmHWM")
        }
        return {name: int(m[1]) * 1024 for name, m in found.items() if m}

    def reset_peak(self) -> None:
        path = Path(f"/proc/{self.process.pid}/clear_refs")
        path.write_text("5")  # VmHWM := VmRSS

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(10)


# --- The downloads ---------------------------------------------------------------------


def download(port: int, route: str, size: int) -> dict[str, Any]:
    """GET route?size=size, reading the body as it comes and keeping none."""
    # httpx logs every request at INFO: not a line per download in the output.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    received = pieces = 0
    started = time.perf_counter()
    url = f"http://127.0.0.1:{port}{route}"
    params = {"size": str(size)}
    with httpx.stream("GET", url, params=params, timeout=60) as response:
        for chunk in response.iter_raw():
            received += len(chunk)
            pieces += 1
        headers = dict(response.headers)
    return {
        "status": response.status_code,
        "received": received,
        "reads": pieces,
        "chunked": headers.get("transfer-encoding") == "chunked",
        "seconds": time.perf_counter() - started,
    }


def _measured(server: Server, route: str, size: int) -> dict[str, Any]:
    """Download between a peak reset and a peak reading; add the growth."""
    server.reset_peak()
    before = server.memory()["VmRSS"]
    result = download(server.port, route, size)
    peak = server.memory()["VmHWM"]
    return {
        **result,
        "size": size,
        "rss_before": before,
        "peak": peak,
        "growth": peak - before,
    }


def run(size: int, whole_size: int, http: str) -> dict[str, Any]:
    server = Server(http)
    try:
        download(server.port, "/stream", 4 * MB)  # warm up: imports, buffers
        results = {
            "http": http,
            "stream": _measured(server, "/stream", size),
            "whole": _measured(server, "/whole", whole_size),
        }
    finally:
        server.stop()
    results["server_output"] = "".join(server.lines)
    return results


def repeated(
    mb: int = 100,
    whole_mb: int = 32,
    repetitions: int = 3,
    http: str = "auto",
) -> dict[str, Any]:
    """run() repetitions times, each with a server of its own, for `python -m
    benchmarks` (`make bench`): the growth of each download in MiB, and the
    stream's rate in MB/s, as spreads. A download that came short, a status
    other than 200 or a traceback in the server's log is an error."""
    samples: dict[str, list[float]] = {}
    for _ in range(repetitions):
        results = run(mb * MB, whole_mb * MB, http)
        stream, whole = results["stream"], results["whole"]
        if (stream["status"], whole["status"]) != (200, 200) or (
            stream["received"],
            whole["received"],
        ) != (mb * MB, whole_mb * MB):
            raise RuntimeError(f"a download came short: {stream}, {whole}")
        if "Traceback" in results["server_output"]:
            raise RuntimeError(results["server_output"])
        figures = {
            "stream_growth_mib": stream["growth"] / 1024 / 1024,
            "whole_growth_mib": whole["growth"] / 1024 / 1024,
            "stream_mb_per_second": mb / stream["seconds"],
            "rss_before_mib": stream["rss_before"] / 1024 / 1024,
        }
        for key, value in figures.items():
            samples.setdefault(key, []).append(value)
    if http == "auto":  # what uvicorn picks: httptools if it is installed
        http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return {
        "http": http,
        "mb": mb,
        "whole_mb": whole_mb,
        "chunk": CHUNK,
        "bound_mib": BOUND / 1024 / 1024,
        "repetitions": repetitions,
        "figures": {key: spread(values) for key, values in samples.items()},
        "samples": samples,
    }


def _mib(value: int) -> str:
    return f"{value / 1024 / 1024:.1f} MiB"


def report(results: dict[str, Any]) -> str:
    stream, whole = results["stream"], results["whole"]
    rate = stream["size"] / MB / stream["seconds"]
    return "\n".join(
        [
            f"A Part 7 app under uvicorn (--http {results['http']}): "
            "the server's memory while it sends",
            f"server RSS before: {_mib(stream['rss_before'])}",
            "",
            "| response | sent | server peak growth |",
            "|---|---|---|",
            f"| StreamingResponse, 64 KiB pieces ({rate:.0f} MB/s) | "
            f"{stream['received'] / MB:g} MB | {_mib(stream['growth'])} |",
            f"| the control: a body rendered whole | "
            f"{whole['received'] / MB:g} MB | {_mib(whole['growth'])} |",
            "",
            f"streaming growth under {_mib(BOUND)}: {stream['growth'] < BOUND}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mb", type=int, default=100, help="stream size in MB (default 100)"
    )
    parser.add_argument(
        "--whole-mb",
        type=int,
        default=32,
        help="the control's size in MB (default 32)",
    )
    parser.add_argument(
        "--http", default="auto", choices=["auto", "h11", "httptools"]
    )
    parser.add_argument(
        "--json", action="store_true", help="print the results as JSON"
    )
    args = parser.parse_args(argv)
    results = run(args.mb * MB, args.whole_mb * MB, args.http)
    print(json.dumps(results, indent=2) if args.json else report(results))
    stream, whole = results["stream"], results["whole"]
    ok = (
        stream["growth"] < BOUND
        and stream["status"] == whole["status"] == 200
        and stream["received"] == args.mb * MB
        and whole["received"] == args.whole_mb * MB
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
