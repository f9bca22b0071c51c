"""part2/03-path-params: /users/{id} in the trie, static segments first,
and the values handed to the handler."""

import pytest

from exercises import load
from exercises.asgi import request, start_and_stop
from part2.api_router import ApiRouter

App = load(__file__, "app").App
Router = load(__file__, "router").Router


async def me(data) -> None:
    pass


async def user(data) -> None:
    pass


async def posts(data) -> None:
    pass


async def settings(data) -> None:
    pass


def found(router, path: str, method: str = "GET"):
    """(handler, params) for path, or None."""
    match = router.match(path, method)
    return None if match is None else (match[0].handler, match[1])


def test_a_parameter_matches_one_segment() -> None:
    """/users/{id} matches /users/42, with {"id": "42"}."""
    router = Router()
    router.add_route("/users/{id}", user)
    assert found(router, "/users/42") == (user, {"id": "42"})


def test_several_parameters_come_in_path_order() -> None:
    """/users/{user_id}/posts/{post_id} gives both values, in path order."""
    router = Router()
    router.add_route("/users/{user_id}/posts/{post_id}", posts)
    handler, params = found(router, "/users/7/posts/99")
    assert handler is posts
    assert list(params.items()) == [("user_id", "7"), ("post_id", "99")]


def test_a_parameter_matches_exactly_one_non_empty_segment() -> None:
    """/users/{id} matches neither /users/, /users nor /users/42/extra."""
    router = Router()
    router.add_route("/users/{id}", user)
    assert found(router, "/users/") is None
    assert found(router, "/users") is None
    assert found(router, "/users/42/extra") is None


def test_a_static_segment_wins_over_a_parameter() -> None:
    """With /users/{id} and /users/me, /users/me goes to the static route,
    in whichever order they were added."""
    for first, second in [("/users/{id}", "/users/me"), ("/users/me", "/users/{id}")]:
        router = Router()
        router.add_route(first, user if "{" in first else me)
        router.add_route(second, user if "{" in second else me)
        assert found(router, "/users/me") == (me, {})
        assert found(router, "/users/7") == (user, {"id": "7"})


def test_a_dead_end_goes_back_to_the_parameter() -> None:
    """With /users/me/settings and /users/{id}/posts, /users/me/posts goes to
    the second, with {"id": "me"}."""
    router = Router()
    router.add_route("/users/me/settings", settings)
    router.add_route("/users/{id}/posts", posts)
    assert found(router, "/users/me/posts") == (posts, {"id": "me"})
    assert found(router, "/users/me/settings") == (settings, {})


def test_the_method_counts_when_choosing() -> None:
    """With POST /users/me and GET /users/{id}, GET /users/me goes to the
    parameter route."""
    router = Router()
    router.add_route("/users/me", me, method="POST")
    router.add_route("/users/{id}", user)
    assert found(router, "/users/me", "GET") == (user, {"id": "me"})
    assert found(router, "/users/me", "POST") == (me, {})
    assert found(router, "/users/me", "DELETE") is None


def test_one_place_has_one_parameter_name() -> None:
    """Adding /users/{name}/settings after /users/{id} raises ValueError;
    reusing {id} there is fine."""
    router = Router()
    router.add_route("/users/{id}", user)
    router.add_route("/users/{id}/posts", posts)
    with pytest.raises(ValueError):
        router.add_route("/users/{name}/settings", settings)


def test_a_parameter_needs_a_valid_name() -> None:
    """/users/{} and /users/{1st} raise ValueError."""
    router = Router()
    for path in ("/users/{}", "/users/{1st}"):
        with pytest.raises(ValueError):
            router.add_route(path, user)


def test_get_route_still_answers() -> None:
    """get_route finds static and parameter routes, as Part 2's does."""
    router = Router()
    router.add_route("/users/me", me)
    router.add_route("/users/{id}", user)
    assert router.get_route("/users/me", "GET").handler is me
    assert router.get_route("/users/42", "GET").handler is user
    assert router.get_route("/teams", "GET") is None


def test_a_very_long_path_is_no_match_and_no_crash() -> None:
    """A path of 5,000 segments finds nothing, without a RecursionError."""
    router = Router()
    router.add_route("/users/{id}", user)
    assert found(router, "/users" + "/a" * 5000) is None


async def test_handlers_get_the_values() -> None:
    """Through App, the handler of /users/{id} reads {"id": "42"} with
    get_path_params, and a static route reads {}."""
    seen = []
    router = ApiRouter()

    @router.get("/users/{id}")
    async def show_user(data) -> None:
        seen.append(await data.get_path_params())

    @router.get("/users/me")
    async def show_me(data) -> None:
        seen.append(await data.get_path_params())

    app = App()
    app.include_routes([router])
    assert (await request(app, "GET", "/users/42")).status == 200
    assert (await request(app, "GET", "/users/me")).status == 200
    assert (await request(app, "GET", "/users/")).status == 404
    assert seen == [{"id": "42"}, {}]


def test_a_route_is_registered_once() -> None:
    """Adding /users/{id} for GET twice raises ValueError, as in Part 2."""
    router = Router()
    router.add_route("/users/{id}", user)
    with pytest.raises(ValueError):
        router.add_route("/users/{id}", user)


async def test_other_scopes_are_left_to_part_2() -> None:
    """A lifespan scope is handled as Part 2 handles it: nothing sent."""
    assert await start_and_stop(App()) == []
