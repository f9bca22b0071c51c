"""Part 6's ApiRouter: decorators collect route definitions (tests/api_router_suite.py),
each with the status_code of what its handler returns as plain data."""

import pytest

from part6.api_router import ApiRouter
from tests.api_router_suite import api_router_tests

(
    test_each_shortcut_registers_its_method,
    test_multi_methods_registers_one_definition_per_method,
    test_multi_methods_rejects_an_unknown_method,
    test_decorators_stack,
) = api_router_tests("part6")


async def handler() -> None:
    pass


@pytest.mark.parametrize("name", ["get", "post", "put", "patch", "delete"])
def test_each_shortcut_takes_a_status_code_and_defaults_to_200(name) -> None:
    api = ApiRouter()
    getattr(api, name)("/a", status_code=201)(handler)
    getattr(api, name)("/b")(handler)
    assert [d.status_code for d in api.routes] == [201, 200]


def test_multi_methods_gives_every_method_the_status_code() -> None:
    api = ApiRouter()
    api.multi_methods("/things", ["PUT", "PATCH"], status_code=202)(handler)
    assert [(d.method, d.status_code) for d in api.routes] == [
        ("PUT", 202),
        ("PATCH", 202),
    ]
