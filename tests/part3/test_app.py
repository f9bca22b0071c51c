"""Part 3's App: what the behaviour table (tests/behaviours.py) does not cover.

The table sends every kind of request to the Part 3 probe app; here are the
App's own options and rules.
"""

import pytest

from part3.api_router import ApiRouter
from tests.asgi import body_messages, call, http_scope, response_of
from tests.probes import probe

ONE_MIB = 1_048_576


async def post_echo(app, *chunks: bytes, headers=()) -> tuple[int, bytes]:
    scope = http_scope("POST", "/echo", headers=headers)
    status, _headers, body = response_of(await call(app, scope, body_messages(*chunks)))
    return status, body


async def test_max_body_size_sets_the_limit() -> None:
    app = probe("part3", max_body_size=4).app
    assert await post_echo(app, b"12", b"34") == (200, b"1234")
    assert await post_echo(app, b"12", b"345") == (413, b"Request body too large")
    assert await post_echo(app, b"1", headers=[(b"content-length", b"5")]) == (
        413,
        b"Request body too large",
    )


async def test_max_body_size_none_reads_any_size() -> None:
    app = probe("part3", max_body_size=None).app
    big = b"x" * (ONE_MIB + 1)
    declared = [(b"content-length", str(2 * len(big)).encode())]
    assert await post_echo(app, big, big, headers=declared) == (200, big + big)


def test_include_routes_twice_is_a_clear_error() -> None:
    app = probe("part3").app
    with pytest.raises(RuntimeError, match="only be called once"):
        app.include_routes([ApiRouter()])
