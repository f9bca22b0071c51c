"""Part 7's router: everything Part 5's does (tests/router_suite.py), and Part 6's path
templates in the trie, which Part 7 keeps: converters, the most specific route first
with backtracking, conflicts refused when a route is added, and `match` with the
values. (Part 6's own tests of them are in tests/part6/test_router.py, bound to Part
6; these are Part 7's, until they become a shared suite.)"""

import re

import pytest

from part7.exceptions import MethodNotAllowedException
from part7.router import Router, parse_parameter, path_parameters
from tests.router_suite import router_tests

globals().update(router_tests("part7"))


async def handler(request_data):
    pass


async def other(request_data):
    pass


def router_with(*paths: str) -> Router:
    router = Router()
    for path in paths:
        router.add_route(path, handler)
    return router


def values(router: Router, path: str, method: str = "GET"):
    """The path parameters' values of the route path matches, or None."""
    found = router.match(path, method)
    return None if found is None else found[1]


@pytest.mark.parametrize(
    ("template", "path", "found"),
    [
        ("/users/{user_id}", "/users/42", {"user_id": "42"}),
        ("/users/{user_id}", "/users/café au lait/", {"user_id": "café au lait"}),
        ("/users/{user_id}", "/users", None),
        ("/users/{user_id}", "/users//", None),  # no empty segment to take
        ("/users/{user_id}", "/users/1/2", None),
        ("/users/{user_id:int}", "/users/007", {"user_id": 7}),
        ("/users/{user_id:int}", "/users/" + "1" * 4300, {"user_id": int("1" * 4300)}),
        ("/files/{rest:path}", "/files//home/a.txt", {"rest": "/home/a.txt"}),
        ("/files/{rest:path}", "/files/a/b/", {"rest": "a/b/"}),
        ("/files/{rest:path}", "//files/a//b", {"rest": "a//b"}),
        ("/files/{rest:path}", "/files/", None),  # something after the prefix
    ],
)
def test_each_converter_takes_its_segments(template, path, found) -> None:
    assert values(router_with(template), path) == found


@pytest.mark.parametrize(
    "segment", ["abc", "-1", "+1", "4.0", "1_000", " 7", "\u0661", "\uff11", "1" * 4301]
)
def test_an_int_parameter_refuses_anything_but_ascii_digits_python_can_convert(segment) -> None:
    # More than 4300 digits: int() raises ValueError, which escaped the app (a
    # crash under a server) before the fix; now it is a segment the converter
    # refuses, so a 404.
    assert values(router_with("/users/{user_id:int}"), f"/users/{segment}") is None


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/files/{rest:path}/raw", "{rest:path} must be the last segment"),
        ("/users/id{x}", "id{x}: a parameter is a whole segment"),
        ("/users/x}", "x}: a parameter is a whole segment"),
        ("/users/{1st}", "{1st}: '1st' is not a parameter name"),
        ("/users/{x:float}", "{x:float}: the converters are str, int, path"),
        ("/users/{x}/{x}", "/users/{x}/{x} names a parameter twice"),
    ],
)
def test_a_template_the_trie_cannot_hold_is_refused_when_the_route_is_added(path, message) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        router_with(path)


def test_parse_parameter_and_path_parameters() -> None:
    assert parse_parameter("users") is None
    assert parse_parameter("{user_id}") == ("user_id", "str")
    assert parse_parameter("{user_id:int}") == ("user_id", "int")
    assert path_parameters("/a/{x}/b/{rest:path}") == ["x", "rest"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("/users/{id}", "/users/{user_id}/posts"), ("/users/{id}", "/users/{id:int}")],
)
def test_another_parameter_at_the_same_place_is_refused_naming_both(first, second) -> None:
    router = router_with(first)
    with pytest.raises(ValueError) as info:
        router.add_route(second, other)
    assert first in str(info.value) and second in str(info.value)
    assert str(info.value).endswith("one parameter per position")
    router.add_route(first + "/more", other)  # the same parameter, declared alike


def test_a_static_segment_wins_and_a_dead_end_backtracks_to_the_parameter() -> None:
    router = Router()
    router.add_route("/users/{id}/posts", handler)
    router.add_route("/users/me", other)
    router.add_route("/users/me/profile", other)
    assert router.match("/users/me", "GET") == (router.get_route("/users/me", "GET"), {})
    assert router.get_route("/users/me", "GET").handler is other
    route, found = router.match("/users/me/posts", "GET")
    assert (route.handler, found) == (handler, {"id": "me"})


def test_backtracking_keeps_no_value_from_the_branch_it_left() -> None:
    router = Router()
    router.add_route("/p/q/{b}/z", other)
    router.add_route("/p/{a}/y/w", handler)
    assert values(router, "/p/q/y/w") == {"a": "q"}
    router = router_with("/s/{x}/deep/end", "/s/{x}/{y}", "/files/special", "/files/{rest:path}")
    assert values(router, "/s/1/deep") == {"x": "1", "y": "deep"}
    assert values(router, "/s/1/deep/other") is None
    assert values(router, "/files/special/x") == {"rest": "special/x"}


def test_405_and_allow_at_a_parameter_route_and_404_for_a_refused_segment() -> None:
    router = Router()
    router.add_route("/users/{id:int}", handler)
    router.add_route("/users/{id:int}", other, "DELETE")
    with pytest.raises(MethodNotAllowedException) as info:
        router.match("/users/42", "POST")
    assert info.value.allowed_methods == ("GET", "DELETE", "HEAD")
    assert router.match("/users/42", "HEAD")[0].handler is handler
    assert router.match("/users/abc", "POST") is None  # no node: 404, not 405
    assert router.get_route("/users/abc", "GET") is None
