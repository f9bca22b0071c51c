"""Run an app under a real uvicorn on 127.0.0.1, on a free port, and always stop it."""

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn


class LogRecorder(logging.Handler):
    """Keeps every record that reaches the loggers it is attached to."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def at_least(self, level: int) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def text(self) -> str:
        return "\n".join(self.format(r) if r.exc_info else r.getMessage() for r in self.records)


class LiveServer:
    def __init__(self, server: uvicorn.Server, port: int, logs: LogRecorder) -> None:
        self.server = server
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.logs = logs


@contextlib.contextmanager
def live_server(app, logger_names=("uvicorn", "part1", "part2", "part3")) -> Iterator[LiveServer]:
    """Serve app with uvicorn in a thread; yield a LiveServer with its URL and its logs."""
    logs = LogRecorder()
    logs.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    loggers = [logging.getLogger(name) for name in logger_names]
    saved_levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(logs)
        logger.setLevel(logging.INFO)
    # IPPROTO_TCP, not the default 0: asyncio only sets TCP_NODELAY on sockets that say so.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="auto")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start:\n{logs.text()}")
            time.sleep(0.01)
        yield LiveServer(server, sock.getsockname()[1], logs)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        for logger, level in zip(loggers, saved_levels, strict=True):
            logger.removeHandler(logs)
            logger.setLevel(level)
