"""Types tests, shared by Parts 3-7: the names Part 3's types.py added, which
Parts 4-7 keep as they are (each of them adds names of its own).

`types_tests("part4")` returns the tests bound to Part 4's module; a test module
puts them in its namespace with `globals().update(...)`.
"""

import importlib
from collections.abc import Awaitable, Callable, MutableMapping
from http import HTTPStatus
from typing import Any


def types_tests(part: str) -> dict[str, Any]:
    """Status codes and the ASGI boundary aliases."""
    types = importlib.import_module(f"{part}.types")

    def test_status_code_is_the_standard_librarys() -> None:
        assert types.StatusCode.METHOD_NOT_ALLOWED == 405
        assert types.StatusCode.NOT_FOUND.phrase == "Not Found"
        assert types.StatusCode is HTTPStatus

    def test_asgi_aliases_are_the_shapes_of_the_asgi_interface() -> None:
        message = MutableMapping[str, Any]
        assert types.Scope == types.Message == message
        assert types.Receive == Callable[[], Awaitable[message]]
        assert types.Send == Callable[[message], Awaitable[None]]

    return {name: test for name, test in locals().items() if name.startswith("test_")}
