"""Router tests, shared by Parts 3-7: Parts 3-5's router.py is the same file, and
Part 6's (which Part 7 keeps) keeps all of this, `get_route` too, and adds path
templates and `match`, tested in tests/part6/test_router.py.

`router_tests("part4")` returns the tests bound to Part 4's module; a test
module puts them in its namespace with `globals().update(...)`.
"""

import importlib
from typing import Any

import pytest


async def handler(request_data):
    pass


async def other(request_data):
    pass


def router_tests(part: str) -> dict[str, Any]:
    """The router: root and slashes, 404 vs 405, method slots made only where needed."""
    Router = importlib.import_module(f"{part}.router").Router
    MethodNotAllowedException = importlib.import_module(
        f"{part}.exceptions"
    ).MethodNotAllowedException
    Methods = importlib.import_module(f"{part}.types").Methods

    @pytest.mark.parametrize(
        ("path", "segments"),
        [
            ("", []),
            ("/", []),
            ("//", []),
            ("/a/b", ["a", "b"]),
            ("/a/b/", ["a", "b"]),
            ("//a//b", ["a", "b"]),
        ],
    )
    def test_get_segments_ignores_empty_segments(path, segments) -> None:
        assert Router().get_segments(path) == segments

    def test_root_route_matches_empty_and_slash() -> None:
        router = Router()
        router.add_route("/", handler)
        assert router.get_route("", "GET").handler is handler
        assert router.get_route("/", "GET").handler is handler

    def test_trailing_and_repeated_slashes_match() -> None:
        router = Router()
        router.add_route("/users/active", handler)
        for path in ("/users/active/", "//users/active", "/users//active"):
            assert router.get_route(path, "GET").handler is handler

    def test_unknown_path_is_none() -> None:
        router = Router()
        router.add_route("/users", handler)
        assert router.get_route("/teams", "GET") is None
        assert router.get_route("/users/1", "GET") is None

    def test_node_without_handlers_is_none_even_for_other_methods() -> None:
        router = Router()
        router.add_route("/users/active", handler)
        assert router.get_route("/users", "POST") is None
        assert router.get_route("/", "GET") is None

    def test_other_method_raises_405_listing_the_allowed_methods() -> None:
        router = Router()
        router.add_route("/users", handler, Methods.POST)
        router.add_route("/users", other, Methods.PUT)
        with pytest.raises(MethodNotAllowedException) as info:
            router.get_route("/users", "DELETE")
        assert info.value.allowed_methods == ("POST", "PUT")

    def test_allow_includes_head_when_get_is_registered() -> None:
        router = Router()
        router.add_route("/users", handler)
        with pytest.raises(MethodNotAllowedException) as info:
            router.get_route("/users", "OPTIONS")
        assert info.value.allowed_methods == ("GET", "HEAD")

    def test_head_uses_the_get_route() -> None:
        router = Router()
        router.add_route("/users", handler)
        assert router.get_route("/users", "HEAD").handler is handler

    def test_head_without_get_is_405() -> None:
        router = Router()
        router.add_route("/users", handler, Methods.POST)
        with pytest.raises(MethodNotAllowedException):
            router.get_route("/users", "HEAD")

    @pytest.mark.parametrize("method", ["BREW", "get", "", "GET "])
    def test_any_method_string_is_handled_without_crashing(method) -> None:
        router = Router()
        router.add_route("/users", handler)
        with pytest.raises(MethodNotAllowedException):
            router.get_route("/users", method)

    def test_method_slots_are_created_only_where_a_route_is_registered() -> None:
        router = Router()
        router.add_route("/a/b/c", handler)
        a = router._root.children["a"]
        assert router._root.routes == {}
        assert a.routes == {}
        assert a.children["b"].routes == {}
        assert list(a.children["b"].children["c"].routes) == ["GET"]

    def test_duplicate_registration_is_an_error_and_keeps_the_first() -> None:
        router = Router()
        router.add_route("/users", handler)
        with pytest.raises(ValueError, match="already registered"):
            router.add_route("/users/", other)
        assert router.get_route("/users", "GET").handler is handler

    def test_add_route_validates_the_method() -> None:
        with pytest.raises(ValueError):
            Router().add_route("/users", handler, "HEAD")
        router = Router()
        router.add_route("/users", handler, "POST")  # a plain string is fine when valid
        assert router.get_route("/users", "POST").handler is handler

    return {name: test for name, test in locals().items() if name.startswith("test_")}
