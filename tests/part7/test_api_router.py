"""Part 7's ApiRouter: decorators collect route definitions (tests/api_router_suite.py),
each with the status_code of what its handler returns as plain data, and
`websocket()`, which marks a definition as a WebSocket route."""

import pytest

from part7.api_router import ApiRouter, RouteDefinition
from part7.types import Methods
from tests.api_router_suite import api_router_tests

(
    test_each_shortcut_registers_its_method,
    test_multi_methods_registers_one_definition_per_method,
    test_multi_methods_rejects_an_unknown_method,
    test_decorators_stack,
) = api_router_tests("part7")


async def handler() -> None:
    pass


@pytest.mark.parametrize("name", ["get", "post", "put", "patch", "delete"])
def test_each_shortcut_takes_a_status_code_and_defaults_to_200(name) -> None:
    api = ApiRouter()
    getattr(api, name)("/a", status_code=201)(handler)
    getattr(api, name)("/b")(handler)
    assert [d.status_code for d in api.routes] == [201, 200]
    assert not any(d.websocket for d in api.routes)


def test_websocket_registers_a_get_definition_marked_websocket() -> None:
    api = ApiRouter()
    decorated = api.websocket("/ws/rooms/{room}")(handler)
    assert decorated is handler  # the decorator hands the function back
    assert api.routes == [
        RouteDefinition("/ws/rooms/{room}", handler, Methods.GET, None, None, websocket=True)
    ]
