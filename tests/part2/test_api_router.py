"""Part 2's ApiRouter: decorators collect route definitions."""

import pytest

from part2.api_router import ApiRouter, RouteDefinition
from part2.types import Methods


async def handler(request_data) -> None:
    pass


def extract(value):
    return value


@pytest.mark.parametrize("name", ["get", "post", "put", "patch", "delete"])
def test_each_shortcut_registers_its_method(name: str) -> None:
    api = ApiRouter()
    decorated = getattr(api, name)("/things", extract, extract)(handler)
    assert decorated is handler  # the decorator hands the function back unchanged
    assert api.routes == [
        RouteDefinition("/things", handler, Methods(name.upper()), extract, extract)
    ]


def test_multi_methods_registers_one_definition_per_method() -> None:
    api = ApiRouter()
    api.multi_methods("/things", [Methods.GET, "POST"], query_string_extractor=extract)(handler)
    assert [(d.path, d.method) for d in api.routes] == [("/things", "GET"), ("/things", "POST")]
    assert all(d.query_string_extractor is extract and d.body_extractor is None for d in api.routes)


def test_multi_methods_rejects_an_unknown_method() -> None:
    with pytest.raises(ValueError):
        ApiRouter().multi_methods("/things", ["BREW"])(handler)


def test_decorators_stack() -> None:
    api = ApiRouter()
    api.get("/a")(api.get("/b")(handler))
    assert [d.path for d in api.routes] == ["/b", "/a"]
