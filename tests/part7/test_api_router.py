"""Part 7's ApiRouter: decorators collect route definitions (tests/api_router_suite.py),
each with the status_code of what its handler returns as plain data, and
`websocket()`, which marks a definition as a WebSocket route."""

from part7.api_router import ApiRouter, RouteDefinition
from part7.types import Methods
from tests.api_router_suite import api_router_tests, status_code_tests

(
    test_each_shortcut_registers_its_method,
    test_multi_methods_registers_one_definition_per_method,
    test_multi_methods_rejects_an_unknown_method,
    test_decorators_stack,
) = api_router_tests("part7")
(
    test_each_shortcut_takes_a_status_code_and_defaults_to_200,
    test_multi_methods_gives_every_method_the_status_code,
) = status_code_tests("part7")


async def handler() -> None:
    pass


def test_websocket_registers_a_get_definition_marked_websocket() -> None:
    api = ApiRouter()
    decorated = api.websocket("/ws/rooms/{room}")(handler)
    assert decorated is handler  # the decorator hands the function back
    api.get("/rooms")(handler)  # an HTTP route is not one
    assert api.routes == [
        RouteDefinition("/ws/rooms/{room}", handler, Methods.GET, None, None, websocket=True),
        RouteDefinition("/rooms", handler, Methods.GET, None, None, websocket=False),
    ]
