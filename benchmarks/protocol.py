"""uvicorn without the network: its HTTP protocol fed request bytes in process.

A real server's CPU time per request mixes the kernel (socket reads and
writes, waiting for events), the event loop, the server's own Python code
and the app. Here uvicorn's httptools protocol, the same class the server
runs, parses a `GET` from bytes, builds the scope, runs the app in a task on
uvloop and writes the answer to a transport that keeps only a count. With no
socket, the difference between two apps here is what the app costs inside
the server, without the kernel's noise.
"""

import asyncio
import contextlib
import functools
import time
from typing import Any

import uvloop
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from .apps import APPS
from .harness import interleave, lifespan, paired_ratios, spread


class _Transport(asyncio.Transport):
    """A transport with no socket: it counts what uvicorn writes."""

    def __init__(self) -> None:
        super().__init__()
        self.written = b""

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        addresses = {
            "sockname": ("127.0.0.1", 8000),
            "peername": ("127.0.0.1", 50000),
        }
        return addresses.get(name, default)

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written = bytes(data)  # the last write: the body

    def is_closing(self) -> bool:
        return False

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def close(self) -> None:
        pass


def uvicorn_protocol(app: Any) -> tuple[HttpToolsProtocol, ServerState]:
    config = Config(
        app,
        http="httptools",
        loop="none",
        access_log=False,
        log_level="warning",
    )
    config.load()
    state = ServerState()
    # What uvicorn adds to every response, as its main loop does each second.
    state.default_headers = [
        (b"date", b"Tue, 24 Nov 2026 12:00:00 GMT"),
        (b"server", b"uvicorn"),
    ]
    protocol = HttpToolsProtocol(config, state, app_state={})
    protocol.connection_made(_Transport())
    return protocol, state


def request_bytes(path: str) -> bytes:
    """A bare GET, as wrk sends it."""
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii")


async def serve(
    protocol: HttpToolsProtocol, state: ServerState, request: bytes, n: int
) -> float:
    """Feed n requests, each answered before the next; return the CPU
    seconds they took."""
    tasks = state.tasks
    start = time.process_time()
    for _ in range(n):
        protocol.data_received(request)
        await tasks.pop()  # the task uvicorn started for this request
    return time.process_time() - start


async def _measure(
    names: list[str], repetitions: int, batch_seconds: float
) -> dict[str, list[float]]:
    async with contextlib.AsyncExitStack() as stack:
        runners = {}
        for name in names:
            app = APPS[name].load()
            await stack.enter_async_context(lifespan(app))
            protocol, state = uvicorn_protocol(app)
            request = request_bytes(APPS[name].path)
            await serve(protocol, state, request, 1)
            transport: Any = protocol.transport
            if not transport.written:
                raise RuntimeError(
                    f"{name} sent nothing through uvicorn's protocol"
                )
            runners[name] = functools.partial(serve, protocol, state, request)
        return await interleave(runners, repetitions, batch_seconds)


def run(
    names: list[str], repetitions: int = 15, batch_seconds: float = 0.1
) -> dict[str, Any]:
    """Microseconds of CPU per request of each app inside uvicorn's protocol, interleaved."""
    per_request = uvloop.run(_measure(names, repetitions, batch_seconds))
    micros = {
        name: [seconds * 1e6 for seconds in values]
        for name, values in per_request.items()
    }
    result: dict[str, Any] = {
        "repetitions": repetitions,
        "batch_seconds": batch_seconds,
        "cpu_us": {name: spread(values) for name, values in micros.items()},
        "samples": micros,
    }
    if "raw ASGI" in micros:
        raw = micros["raw ASGI"]
        # Per repetition, raw's CPU over each app's: 0.9 means the app costs 1/0.9 of raw.
        result["raw_over"] = {
            name: paired_ratios(raw, values)
            for name, values in micros.items()
        }
    return result
