"""part1/02-method-not-allowed: 404 for an unknown path, 405 for a known
path asked with a method it does not have."""

from exercises import load
from exercises.asgi import request, start_and_stop

App = load(__file__, "app").App
Router = load(__file__, "router").Router

calls: list[str] = []


async def list_users() -> None:
    calls.append("list_users")


async def delete_user() -> None:
    calls.append("delete_user")


def make_app():
    app = App()
    app.router.add_route("/users", list_users)
    app.router.add_route("/users/42", delete_user, method="DELETE")
    app.router.add_route("/users/42", list_users)
    return app


def test_allowed_methods_come_in_registration_order() -> None:
    """get_allowed_methods lists a path's methods in the order they were
    added."""
    router = Router()
    router.add_route("/users", list_users, method="PUT")
    router.add_route("/users", list_users)
    router.add_route("/users", delete_user, method="DELETE")
    assert router.get_allowed_methods("/users") == ["PUT", "GET", "DELETE"]


def test_allowed_methods_of_an_unknown_path_are_none() -> None:
    """get_allowed_methods is [] for a path the router has never seen."""
    router = Router()
    router.add_route("/users", list_users)
    assert router.get_allowed_methods("/teams") == []
    assert router.get_allowed_methods("/users/42") == []


def test_a_path_on_the_way_to_routes_has_no_methods() -> None:
    """get_allowed_methods("/users") is [] when only /users/42 has routes."""
    router = Router()
    router.add_route("/users/42", list_users)
    assert router.get_allowed_methods("/users") == []


async def test_a_known_path_with_another_method_answers_405() -> None:
    """POST /users answers 405 "method not allowed": /users has only GET."""
    sent = await request(make_app(), "POST", "/users")
    assert sent.status == 405
    assert sent.body == b"method not allowed"


async def test_the_405_says_which_methods_the_path_has() -> None:
    """The 405 for /users/42 carries allow: DELETE, GET."""
    sent = await request(make_app(), "PATCH", "/users/42")
    assert sent.status == 405
    assert sent.header("allow") == "DELETE, GET"


async def test_the_405_has_the_headers_of_every_response() -> None:
    """The 405 also carries content-type and a right content-length."""
    sent = await request(make_app(), "POST", "/users")
    assert sent.status == 405
    assert sent.header("content-type") == "text/plain; charset=utf-8"
    assert sent.header("content-length") == str(len(sent.body))
    assert sent.body


async def test_a_method_outside_methods_also_gets_405() -> None:
    """BREW /users answers 405 too, not 404 and never 500."""
    sent = await request(make_app(), "BREW", "/users")
    assert sent.status == 405
    assert sent.header("allow") == "GET"


async def test_a_405_runs_no_handler() -> None:
    """No handler runs for a 405."""
    calls.clear()
    sent = await request(make_app(), "POST", "/users")
    assert sent.status == 405
    assert calls == []


async def test_an_unknown_path_still_answers_404() -> None:
    """GET /teams answers 404 "not found", with no allow header."""
    sent = await request(make_app(), "GET", "/teams")
    assert (sent.status, sent.body) == (404, b"not found")
    assert sent.header("allow") is None


async def test_a_path_on_the_way_to_routes_answers_404() -> None:
    """POST /users/42/posts answers 404: that path has no routes at all."""
    sent = await request(make_app(), "POST", "/users/42/posts")
    assert sent.status == 404


async def test_the_right_method_still_answers_200() -> None:
    """DELETE /users/42 runs its handler and answers 200 ok."""
    calls.clear()
    sent = await request(make_app(), "DELETE", "/users/42")
    assert (sent.status, sent.body) == (200, b"ok")
    assert calls == ["delete_user"]


async def test_other_scopes_are_left_to_part_1() -> None:
    """A lifespan scope is handled as Part 1 handles it: nothing sent."""
    assert await start_and_stop(make_app()) == []
