"""Router tests, shared by Parts 3-7: Parts 3-5's router.py is the same file, and
Part 6's (which Part 7 keeps unchanged) keeps all of it, `get_route` too, and adds
path templates in the trie.

    router_tests(part)     the trie of static routes: root and slashes, 404 vs 405,
                           method slots made only where needed (Parts 3-7)
    templates_tests(part)  Part 6's path templates: converters, the most specific
                           route first with backtracking, conflicts refused when a
                           route is added, and `match` with the values (Parts 6-7)

`router_tests("part4")` returns the tests bound to Part 4's module; a test
module puts them in its namespace with `globals().update(...)`.
"""

import importlib
import re
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


def templates_tests(part: str) -> dict[str, Any]:
    """Path templates in the trie ({name}, {name:int}, {rest:path}), and match."""
    router_module = importlib.import_module(f"{part}.router")
    Router = router_module.Router
    parse_parameter = router_module.parse_parameter
    path_parameters = router_module.path_parameters
    MethodNotAllowedException = importlib.import_module(
        f"{part}.exceptions"
    ).MethodNotAllowedException

    def router_with(*paths: str) -> Any:
        router = Router()
        for path in paths:
            router.add_route(path, handler)
        return router

    def values(router: Any, path: str, method: str = "GET") -> dict[str, Any] | None:
        """The path parameters' values of the route path matches, or None."""
        found = router.match(path, method)
        return None if found is None else found[1]

    # --- Templates ---------------------------------------------------------------------

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

    @pytest.mark.parametrize(
        "segment", ["abc", "-1", "+1", "4.0", "1_000", " 7", "\u0661", "\uff11"]
    )
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
    def test_a_template_the_trie_cannot_hold_is_refused_when_the_route_is_added(
        path, message
    ) -> None:
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

    def test_a_refused_template_leaves_the_trie_as_it_was() -> None:
        router = router_with("/users/{id}")
        with pytest.raises(ValueError):
            router.add_route("/users/{user_id}/posts", other)
        router.add_route("/users/{id}/more", other)  # the same parameter, declared alike
        assert values(router, "/users/7/more") == {"id": "7"}
        assert values(router, "/users/7/posts") is None

    def test_routes_share_a_parameter_declared_the_same_way() -> None:
        router = router_with("/users/{id}", "/users/{id}/posts")
        assert values(router, "/users/7") == {"id": "7"}
        assert values(router, "/users/7/posts") == {"id": "7"}

    # --- Which route wins ----------------------------------------------------------------

    def test_a_static_segment_wins_over_a_parameter() -> None:
        router = Router()
        router.add_route("/users/{id}", handler)
        router.add_route("/users/me", other)
        assert router.match("/users/me", "GET") == (router.get_route("/users/me", "GET"), {})
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
        assert (route.handler, found) == (handler, {"a": "q"})  # no "b": its branch failed

    def test_backtracking_reaches_a_parameter_deeper_down() -> None:
        router = router_with("/s/{x}/deep/end", "/s/{x}/{y}")
        assert values(router, "/s/1/deep") == {"x": "1", "y": "deep"}  # deep has no route
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

    # --- Methods at the matched node -----------------------------------------------------

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

    return {name: test for name, test in locals().items() if name.startswith("test_")}
