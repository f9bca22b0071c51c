"""Serve one app of `benchmarks.apps.APPS` under uvicorn, for the throughput benchmark.

    python -m benchmarks.serve part3

It binds 127.0.0.1 on a free port itself, prints the port on stdout, and
serves with one worker and no access log until it is terminated.
"""

import socket
import sys

import uvicorn

from .apps import APPS


def main(name: str) -> None:
    app, _ = APPS[name]
    # IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY only on connections whose
    # proto says TCP. Without it, Nagle's algorithm and delayed ACKs hold back the body
    # (uvicorn writes it after the headers) for about 40 ms per request.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, access_log=False, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    print(sock.getsockname()[1], flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main(sys.argv[1])
