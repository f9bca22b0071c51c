"""Part 6's router: everything Part 5's does (tests/router_suite.py), and path templates
in the trie: converters, the most specific route first with backtracking, conflicts
refused when a route is added, and `match` with the values."""

import re

import pytest

from part6.exceptions import MethodNotAllowedException
from part6.router import Router, parse_parameter, path_parameters
from tests.router_suite import router_tests

globals().update(router_tests("part6"))


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


# --- Templates --------------------------------------------------------------------------


def test_a_str_parameter_takes_one_non_empty_segment_as_text() -> None:
    router = router_with("/users/{user_id}")
    assert values(router, "/users/42") == {"user_id": "42"}
    assert values(router, "/users/caf\u00e9 au lait/") == {"user_id": "caf\u00e9 au lait"}
    assert values(router, "/users") is None
    assert values(router, "/users//") is None  # no empty segment to take
    assert values(router, "/users/1/2") is None


def test_an_int_parameter_takes_digits_and_gives_an_int() -> None:
    router = router_with("/users/{user_id:int}")
    assert values(router, "/users/42") == {"user_id": 42}
    assert values(router, "/users/007") == {"user_id": 7}


@pytest.mark.parametrize("segment", ["abc", "-1", "+1", "4.0", "1_000", " 7", "\u0661", "\uff11"])
def test_an_int_parameter_refuses_anything_but_ascii_digits(segment) -> None:
    assert values(router_with("/users/{user_id:int}"), f"/users/{segment}") is None


def test_an_int_parameter_too_long_for_python_is_no_match_not_an_error() -> None:
    # Regression: int() refuses more than 4300 digits with ValueError, which escaped
    # the app. Such a segment is one the converter refuses: no match, so a 404.
    router = router_with("/users/{user_id:int}")
    assert values(router, "/users/" + "1" * 4300) == {"user_id": int("1" * 4300)}
    assert values(router, "/users/" + "1" * 4301) is None


@pytest.mark.parametrize(
    ("path", "rest"),
    [
        ("/files//home/a.txt", "/home/a.txt"),  # as Starlette's docs show
        ("/files/a.txt", "a.txt"),
        ("/files/a/b/", "a/b/"),
        ("//files/a//b", "a//b"),
        ("/files/%2F/..", "%2F/.."),
    ],
)
def test_a_path_parameter_takes_the_rest_of_the_path_as_it_arrived(path, rest) -> None:
    assert values(router_with("/files/{rest:path}"), path) == {"rest": rest}


def test_a_path_parameter_needs_something_after_its_prefix() -> None:
    router = router_with("/files/{rest:path}")
    assert values(router, "/files") is None
    assert values(router, "/files/") is None


def test_a_path_parameter_only_as_the_last_segment() -> None:
    with pytest.raises(ValueError, match=re.escape("{rest:path} must be the last segment")):
        router_with("/files/{rest:path}/raw")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/users/id{x}", "id{x}: a parameter is a whole segment"),
        ("/users/{x}.json", "{x}.json: a parameter is a whole segment"),
        ("/users/x}", "x}: a parameter is a whole segment"),
        ("/users/{1st}", "{1st}: '1st' is not a parameter name"),
        ("/users/{}", "{}: '' is not a parameter name"),
        ("/users/{user-id}", "{user-id}: 'user-id' is not a parameter name"),
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
    [
        ("/users/{id}", "/users/{user_id}/posts"),  # another name
        ("/users/{id}", "/users/{id:int}"),  # another converter
        ("/files/{rest:path}", "/files/{name}"),
    ],
)
def test_another_parameter_at_the_same_place_is_refused_naming_both_templates(
    first, second
) -> None:
    router = router_with(first)
    with pytest.raises(ValueError) as info:
        router.add_route(second, other)
    assert first in str(info.value) and second in str(info.value)
    assert str(info.value).endswith("one parameter per position")


def test_routes_share_a_parameter_declared_the_same_way() -> None:
    router = router_with("/users/{id}", "/users/{id}/posts")
    assert values(router, "/users/7") == {"id": "7"}
    assert values(router, "/users/7/posts") == {"id": "7"}


# --- Which route wins ---------------------------------------------------------------------


def test_a_static_segment_wins_over_a_parameter() -> None:
    router = Router()
    router.add_route("/users/{id}", handler)
    router.add_route("/users/me", other)
    assert router.match("/users/me", "GET") == (
        router.get_route("/users/me", "GET"),
        {},
    )
    assert router.get_route("/users/me", "GET").handler is other
    assert router.get_route("/users/you", "GET").handler is handler


def test_a_static_branch_that_leads_nowhere_backtracks_to_the_parameter() -> None:
    router = Router()
    router.add_route("/users/me/profile", other)
    router.add_route("/users/{id}/posts", handler)
    assert router.get_route("/users/me/profile", "GET").handler is other
    route, found = router.match("/users/me/posts", "GET")
    assert (route.handler, found) == (handler, {"id": "me"})


def test_backtracking_keeps_no_value_from_the_branch_it_left() -> None:
    router = Router()
    router.add_route("/p/q/{b}/z", other)
    router.add_route("/p/{a}/y/w", handler)
    route, found = router.match("/p/q/y/w", "GET")
    assert (route.handler, found) == (
        handler,
        {"a": "q"},
    )  # no "b": its branch failed


def test_backtracking_reaches_a_parameter_deeper_down() -> None:
    router = router_with("/s/{x}/deep/end", "/s/{x}/{y}")
    assert values(router, "/s/1/deep") == {
        "x": "1",
        "y": "deep",
    }  # deep has no route
    assert values(router, "/s/1/deep/end") == {"x": "1"}
    assert values(router, "/s/1/deep/other") is None


def test_a_path_parameter_takes_what_a_static_sibling_could_not() -> None:
    router = router_with("/files/special", "/files/{rest:path}")
    assert values(router, "/files/special") == {}
    assert values(router, "/files/special/x") == {"rest": "special/x"}


def test_a_segment_the_converter_refuses_falls_through_to_nothing() -> None:
    router = router_with("/users/{user_id:int}")
    assert router.match("/users/abc", "GET") is None
    assert router.match("/users/abc", "POST") is None  # no node: 404, not 405


# --- Methods at the matched node ----------------------------------------------------------


def test_405_and_allow_at_a_parameter_route() -> None:
    router = Router()
    router.add_route("/users/{id:int}", handler)
    router.add_route("/users/{id:int}", other, "DELETE")
    with pytest.raises(MethodNotAllowedException) as info:
        router.match("/users/42", "POST")
    assert info.value.allowed_methods == ("GET", "DELETE", "HEAD")
    assert router.match("/users/42", "HEAD")[0].handler is handler


def test_405_is_decided_at_the_most_specific_node_not_by_searching_on() -> None:
    # /users/me matches the static node, which has GET only: POST is a 405 there,
    # even though /users/{id} takes POST. (FastAPI tries its routes in order and
    # would run the POST handler.)
    router = Router()
    router.add_route("/users/me", handler)
    router.add_route("/users/{id}", other, "POST")
    with pytest.raises(MethodNotAllowedException) as info:
        router.match("/users/me", "POST")
    assert info.value.allowed_methods == ("GET", "HEAD")
    assert router.match("/users/you", "POST")[0].handler is other


def test_get_route_is_match_without_the_values() -> None:
    router = router_with("/users/{user_id:int}")
    route, _ = router.match("/users/1", "GET")
    assert router.get_route("/users/1", "GET") is route
    assert router.get_route("/users/x", "GET") is None
