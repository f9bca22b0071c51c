"""Part 1's router, tested alone with plain strings."""

import pytest

from part1.router import Methods, Router


async def handler() -> None:
    pass


async def other() -> None:
    pass


def test_methods_values_are_the_method_strings() -> None:
    assert [m.value for m in Methods] == ["GET", "POST", "PUT", "PATCH", "DELETE"]
    assert Methods.GET == "GET"


def test_get_segments_splits_after_the_leading_slash() -> None:
    router = Router()
    assert router.get_segments("/users/42") == ["users", "42"]
    assert router.get_segments("/") == [""]


def test_limitation_get_segments_keeps_the_empty_segment_of_a_trailing_slash() -> None:
    assert Router().get_segments("/users/") == ["users", ""]


def test_get_route_finds_the_handler_for_path_and_method() -> None:
    router = Router()
    router.add_route("/users", handler)
    router.add_route("/users", other, Methods.POST)
    assert router.get_route("/users", "GET").handler is handler
    assert router.get_route("/users", "POST").handler is other


def test_add_route_defaults_to_get() -> None:
    router = Router()
    router.add_route("/", handler)
    assert router.get_route("/", Methods.GET).handler is handler


def test_get_route_returns_none_for_an_unknown_path() -> None:
    router = Router()
    router.add_route("/users", handler)
    assert router.get_route("/teams", "GET") is None
    assert router.get_route("/users/42", "GET") is None


def test_get_route_returns_none_for_a_method_with_no_handler() -> None:
    router = Router()
    router.add_route("/users", handler)
    assert router.get_route("/users", "DELETE") is None


def test_get_route_returns_none_for_an_unknown_method() -> None:
    router = Router()
    router.add_route("/users", handler)
    assert router.get_route("/users", "HEAD") is None
    assert router.get_route("/users", "BREW") is None


def test_a_node_on_the_way_to_a_route_has_no_handler() -> None:
    router = Router()
    router.add_route("/users/active", handler)
    assert router.get_route("/users", "GET") is None
    assert router.get_route("/users/active", "GET").handler is handler


def test_method_slots_are_filled_only_where_a_route_is_registered() -> None:
    router = Router()
    router.add_route("/users/active", handler)
    users = router._root.children["users"]
    assert users.routes == {}
    assert list(users.children["active"].routes) == ["GET"]


def test_registering_the_same_path_and_method_twice_is_an_error() -> None:
    router = Router()
    router.add_route("/users", handler)
    with pytest.raises(ValueError, match="already registered"):
        router.add_route("/users", other)
    assert router.get_route("/users", "GET").handler is handler


def test_add_route_rejects_a_method_outside_methods() -> None:
    with pytest.raises(ValueError):
        Router().add_route("/users", handler, "BREW")
