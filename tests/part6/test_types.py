"""Part 6's types: status codes and the ASGI boundary aliases (tests/types_suite.py),
and Endpoint, the type of a typed handler."""

from collections.abc import Awaitable, Callable
from typing import Any

from part6.types import Endpoint
from tests.types_suite import types_tests

globals().update(types_tests("part6"))


def test_an_endpoint_is_any_async_callable_whatever_its_parameters() -> None:
    # A typed handler's parameters are its own: the plan (params.py) reads them.
    assert Endpoint == Callable[..., Awaitable[Any]]
