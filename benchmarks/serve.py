"""Serve one app of `benchmarks.apps.APPS` under uvicorn, for the server benchmarks.

    python -m benchmarks.serve httptools part3
    python -m benchmarks.serve h11 part3.sample:app
    python -m benchmarks.serve httptools benchmarks.apps:starlette_echo_app --factory

It binds 127.0.0.1 on a free port itself, prints the port on stdout, and
serves with one worker and no access log until it is terminated.
"""

import argparse
import socket

import uvicorn

from .apps import APPS, Contender

# What `pip install uvicorn[standard]` runs (its C parser and event loop), and
# what plain `pip install uvicorn` runs (pure-Python h11 on asyncio's loop).
UVICORN = {"httptools": ("httptools", "uvloop"), "h11": ("h11", "asyncio")}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve")
    parser.add_argument("flavour", choices=list(UVICORN))
    parser.add_argument(
        "name", help="an app of APPS, or an import string: module:app"
    )
    parser.add_argument(
        "--factory",
        action="store_true",
        help="the import string names a function that builds the app",
    )
    parser.add_argument(
        "--ws",
        default="auto",
        help="uvicorn's WebSocket implementation (default: auto)",
    )
    args = parser.parse_args()
    http, loop = UVICORN[args.flavour]
    # IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY only on connections whose
    # proto says TCP. Without it, Nagle's algorithm and delayed ACKs hold back the body
    # (uvicorn writes it after the headers) for about 40 ms per request.
    sock = socket.socket(
        socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP
    )
    sock.bind(("127.0.0.1", 0))
    contender = APPS.get(args.name) or Contender(
        args.name, factory=args.factory
    )
    config = uvicorn.Config(
        contender.target,
        factory=contender.factory,
        http=http,
        loop=loop,
        ws=args.ws,
        access_log=False,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    print(sock.getsockname()[1], flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
