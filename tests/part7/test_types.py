"""Part 7's types: status codes and the ASGI boundary aliases (tests/types_suite.py),
and Endpoint, the type of a typed handler (a WebSocket handler too)."""

from collections.abc import Awaitable, Callable
from typing import Any

from part7.types import Endpoint
from tests.types_suite import types_tests

globals().update(types_tests("part7"))


def test_an_endpoint_is_any_async_callable_whatever_its_parameters() -> None:
    assert Endpoint == Callable[..., Awaitable[Any]]
