"""ApiRouter tests, shared by Parts 2-7: Parts 2-5's api_router.py registers the same
definitions, and Part 6's adds a status_code to each (`status_code_tests`), which
Part 7 keeps."""

import importlib

import pytest


async def handler(request_data) -> None:
    pass


def extract(value):
    return value


def api_router_tests(part: str):
    """The ApiRouter tests for one part. Assign the results in a test module."""
    module = importlib.import_module(f"{part}.api_router")
    ApiRouter, RouteDefinition = module.ApiRouter, module.RouteDefinition
    Methods = importlib.import_module(f"{part}.types").Methods

    @pytest.mark.parametrize("name", ["get", "post", "put", "patch", "delete"])
    def test_each_shortcut_registers_its_method(name: str) -> None:
        api = ApiRouter()
        decorated = getattr(api, name)("/things", extract, extract)(handler)
        assert decorated is handler  # the decorator hands the function back unchanged
        method = Methods(name.upper())
        assert api.routes == [RouteDefinition("/things", handler, method, extract, extract)]

    def test_multi_methods_registers_one_definition_per_method() -> None:
        api = ApiRouter()
        api.multi_methods("/things", [Methods.GET, "POST"], query_string_extractor=extract)(handler)
        assert [(d.path, d.method) for d in api.routes] == [("/things", "GET"), ("/things", "POST")]
        assert all(d.query_string_extractor is extract for d in api.routes)
        assert all(d.body_extractor is None for d in api.routes)

    def test_multi_methods_rejects_an_unknown_method() -> None:
        with pytest.raises(ValueError):
            ApiRouter().multi_methods("/things", ["BREW"])(handler)

    def test_decorators_stack() -> None:
        api = ApiRouter()
        api.get("/a")(api.get("/b")(handler))
        assert [d.path for d in api.routes] == ["/b", "/a"]

    return (
        test_each_shortcut_registers_its_method,
        test_multi_methods_registers_one_definition_per_method,
        test_multi_methods_rejects_an_unknown_method,
        test_decorators_stack,
    )


def status_code_tests(part: str):
    """Part 6's status_code on every decorator (Parts 6-7). Assign the results."""
    ApiRouter = importlib.import_module(f"{part}.api_router").ApiRouter

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

    return (
        test_each_shortcut_takes_a_status_code_and_defaults_to_200,
        test_multi_methods_gives_every_method_the_status_code,
    )
