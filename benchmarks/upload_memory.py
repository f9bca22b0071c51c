"""The server's memory while a client uploads a large body to a Part 3 app.

    python -m benchmarks.upload_memory              # 200 MB, the figure the issue asks for
    python -m benchmarks.upload_memory --mb 8 --json --http h11

It starts `uvicorn benchmarks.upload_memory:app` as its own process on 127.0.0.1
(a free port, read from uvicorn's log), then runs three uploads, each time
resetting the process's peak resident memory (Linux: /proc/<pid>/clear_refs) and
reporting how far the peak (VmHWM) rose above the memory it had before (VmRSS):

1. stream: a chunked upload (httpx, sending from a generator) to a handler that
   counts the bytes with `get_stream_body_bytes()`. Streaming keeps nothing, so
   the peak stays near one chunk, whatever the size.
2. declared: `content-length` says the size, and the handler calls `get_body()`.
   The app answers 413 before reading any of it.
3. chunked: the same, with no `content-length`. `get_body()` reads until the
   body passes `max_body_size` (1 MiB), then the app answers 413. The client
   stops sending when the answer arrives; how much it had sent by then shows
   the rest was never read.

The exit status is 1 if streaming rose by 64 MB or more, or a 413 did not come.
"""

import argparse
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from part3.api_router import ApiRouter
from part3.app import App
from part3.http_responses import JsonResponse, OK_JSONResponse
from part3.request_data import RequestData

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000
CHUNK = 65_536  # what the client writes at a time
BOUND = 64 * 1024 * 1024  # the most streaming may add to the server's peak

router = ApiRouter()


@router.post("/stream")
async def stream(request_data: RequestData[Any, Any]) -> JsonResponse:
    size = 0
    async for chunk in request_data.get_stream_body_bytes():
        size += len(chunk)
    return OK_JSONResponse({"bytes": size})


@router.post("/whole")
async def whole(request_data: RequestData[Any, Any]) -> JsonResponse:
    body = (
        await request_data.get_body()
    )  # at most max_body_size bytes, or 413
    return OK_JSONResponse({"bytes": len(body)})


app = App()  # max_body_size: Part 3's default, 1 MiB
app.include_routes([router])


# --- The server ------------------------------------------------------------------------


class Server:
    """uvicorn serving this module's app in its own process."""

    def __init__(self, http: str) -> None:
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.upload_memory:app",
        ]
        command += [
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--http",
            http,
            "--no-access-log",
        ]
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
        while time.monotonic() < deadline and self.process.poll() is None:
            for line in list(self.lines):
                if match := re.search(
                    r"running on http://127\.0\.0\.1:(\d+)", line
                ):
                    return int(match[1])
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("uvicorn did not start:\n" + "".join(self.lines))

    def memory(self) -> dict[str, int]:
        """VmRSS (now) and VmHWM (peak since the last reset), in bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return {
            name: int(
                re.search(rf"^{name}:\s+(\d+) kB", status, re.MULTILINE)[1]
            )
            * 1024
            for name in ("VmRSS", "VmHWM")
        }

    def reset_peak(self) -> None:
        Path(f"/proc/{self.process.pid}/clear_refs").write_text(
            "5"
        )  # VmHWM := VmRSS

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(10)


# --- The uploads -----------------------------------------------------------------------


def _measured(server: Server, upload: Any) -> dict[str, Any]:
    """Run upload() between a peak reset and a peak reading; add the growth."""
    server.reset_peak()
    before = server.memory()["VmRSS"]
    result = upload()
    peak = server.memory()["VmHWM"]
    return {
        **result,
        "rss_before": before,
        "peak": peak,
        "growth": peak - before,
    }


def upload_streamed(port: int, size: int) -> dict[str, Any]:
    chunk = b"x" * CHUNK

    def body():
        for start in range(0, size, CHUNK):
            yield chunk[: min(CHUNK, size - start)]

    started = time.perf_counter()
    response = httpx.post(
        f"http://127.0.0.1:{port}/stream", content=body(), timeout=300
    )
    seconds = time.perf_counter() - started
    return {
        "status": response.status_code,
        "answer": response.json(),
        "seconds": seconds,
    }


def _send_until_answered(
    sock: socket.socket, size: int, chunked: bool
) -> tuple[int, bytes]:
    """Send up to size body bytes, stopping as soon as an answer can be read."""
    piece = b"x" * CHUNK
    framed = b"%x\r\n%b\r\n" % (CHUNK, piece) if chunked else piece
    sent = 0
    while sent < size:
        if select.select([sock], [], [], 0)[0]:
            break  # the server has answered: stop sending
        try:
            sock.sendall(framed)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += CHUNK
    sock.settimeout(30)
    answer = b""
    while b"\r\n\r\n" not in answer:
        try:
            data = sock.recv(65536)
        except ConnectionResetError:
            break
        if not data:
            break
        answer += data
    return sent, answer


def upload_refused(port: int, size: int, chunked: bool) -> dict[str, Any]:
    length = (
        b"transfer-encoding: chunked"
        if chunked
        else b"content-length: %d" % size
    )
    head = b"POST /whole HTTP/1.1\r\nhost: 127.0.0.1\r\n%b\r\n\r\n" % length
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head)
        if not chunked:
            time.sleep(
                0.05
            )  # the answer needs no body: give it the time to come first
        sent, answer = _send_until_answered(sock, size, chunked)
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    status = (
        int(status_line.split()[1]) if status_line.startswith("HTTP/") else 0
    )
    return {"status": status, "sent_before_answer": sent}


def run(size: int, http: str) -> dict[str, Any]:
    server = Server(http)
    try:
        upload_streamed(
            server.port, 1 * MB
        )  # warm up: imports and buffers, once
        upload_refused(server.port, 2 * MB, chunked=True)
        results = {
            "size": size,
            "http": http,
            "stream": _measured(
                server, lambda: upload_streamed(server.port, size)
            ),
            "declared": _measured(
                server, lambda: upload_refused(server.port, size, False)
            ),
            "chunked": _measured(
                server, lambda: upload_refused(server.port, size, True)
            ),
        }
    finally:
        server.stop()
    results["server_output"] = "".join(server.lines)
    return results


def _mib(value: int) -> str:
    return f"{value / 1024 / 1024:.1f} MiB"


def report(results: dict[str, Any]) -> str:
    stream, declared, chunked = (
        results["stream"],
        results["declared"],
        results["chunked"],
    )
    size = results["size"]
    rate = size / MB / stream["seconds"]
    return "\n".join(
        [
            f"Upload of {size / MB:g} MB to a Part 3 app under uvicorn (--http {results['http']})",
            f"server RSS before the uploads: {_mib(stream['rss_before'])}",
            "",
            "| upload | answer | server peak growth |",
            "|---|---|---|",
            f"| streamed, chunked ({rate:.0f} MB/s) | {stream['status']} "
            f"{stream['answer']} | {_mib(stream['growth'])} |",
            f"| get_body(), content-length {size} | {declared['status']}, after "
            f"{declared['sent_before_answer']} body bytes sent | {_mib(declared['growth'])} |",
            f"| get_body(), chunked | {chunked['status']}, after "
            f"{_mib(chunked['sent_before_answer'])} sent | {_mib(chunked['growth'])} |",
            "",
            f"streaming growth under {_mib(BOUND)}: {stream['growth'] < BOUND}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mb", type=int, default=200, help="upload size in MB (default 200)"
    )
    parser.add_argument(
        "--http", default="auto", choices=["auto", "h11", "httptools"]
    )
    parser.add_argument(
        "--json", action="store_true", help="print the results as JSON"
    )
    args = parser.parse_args(argv)
    results = run(args.mb * MB, args.http)
    print(json.dumps(results, indent=2) if args.json else report(results))
    ok = (
        results["stream"]["growth"] < BOUND
        and results["stream"]["answer"] == {"bytes": args.mb * MB}
        and results["declared"]["status"]
        == results["chunked"]["status"]
        == 413
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
