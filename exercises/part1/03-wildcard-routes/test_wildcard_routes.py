"""part1/03-wildcard-routes: a last segment "*" matches the rest of a path,
and the most specific route wins."""

import pytest

from exercises import load
from exercises.asgi import request
from part1.app import App

Router = load(__file__, "router").Router


async def static_files() -> None:
    pass


async def docs_files() -> None:
    pass


async def readme() -> None:
    pass


async def upload() -> None:
    pass


async def everything_else() -> None:
    pass


def handler_for(router, path: str, method: str = "GET"):
    route = router.get_route(path, method)
    return None if route is None else route.handler


def test_a_wildcard_matches_one_more_segment() -> None:
    """/static/* matches /static/site.css."""
    router = Router()
    router.add_route("/static/*", static_files)
    assert handler_for(router, "/static/site.css") is static_files


def test_a_wildcard_matches_many_more_segments() -> None:
    """/static/* matches /static/css/fonts/mono.woff2."""
    router = Router()
    router.add_route("/static/*", static_files)
    assert handler_for(router, "/static/css/fonts/mono.woff2") is static_files


def test_a_wildcard_needs_at_least_one_segment() -> None:
    """/static/* does not match /static, nor /other/site.css."""
    router = Router()
    router.add_route("/static/*", static_files)
    assert handler_for(router, "/static") is None
    assert handler_for(router, "/other/site.css") is None


def test_an_exact_route_wins_over_a_wildcard() -> None:
    """/static/readme beats /static/* for /static/readme."""
    router = Router()
    router.add_route("/static/*", static_files)
    router.add_route("/static/readme", readme)
    assert handler_for(router, "/static/readme") is readme
    assert handler_for(router, "/static/other") is static_files


def test_the_deepest_wildcard_wins() -> None:
    """/static/docs/* beats /static/* for /static/docs/a/b."""
    router = Router()
    router.add_route("/static/docs/*", docs_files)
    router.add_route("/static/*", static_files)
    assert handler_for(router, "/static/docs/a/b") is docs_files
    assert handler_for(router, "/static/img/a/b") is static_files


def test_a_dead_end_falls_back_on_the_wildcard_passed() -> None:
    """With /static/* and /static/docs/index, /static/docs/other and
    /static/docs/index/more go to /static/*."""
    router = Router()
    router.add_route("/static/*", static_files)
    router.add_route("/static/docs/index", readme)
    assert handler_for(router, "/static/docs/other") is static_files
    assert handler_for(router, "/static/docs/index/more") is static_files


def test_a_node_without_routes_falls_back_on_the_wildcard() -> None:
    """With /static/* and /static/docs/index, /static/docs goes to /static/*:
    the node docs has no route of its own."""
    router = Router()
    router.add_route("/static/*", static_files)
    router.add_route("/static/docs/index", readme)
    assert handler_for(router, "/static/docs") is static_files


def test_the_method_decides_which_route_is_most_specific() -> None:
    """POST /static/upload is exact; GET /static/upload goes to /static/*."""
    router = Router()
    router.add_route("/static/*", static_files)
    router.add_route("/static/upload", upload, method="POST")
    assert handler_for(router, "/static/upload", "POST") is upload
    assert handler_for(router, "/static/upload", "GET") is static_files
    assert handler_for(router, "/static/site.css", "POST") is None


def test_a_wildcard_at_the_root_catches_every_other_path() -> None:
    """/* catches /anything/at/all, while exact routes keep theirs."""
    router = Router()
    router.add_route("/*", everything_else)
    router.add_route("/static/readme", readme)
    assert handler_for(router, "/anything/at/all") is everything_else
    assert handler_for(router, "/static/readme") is readme
    assert handler_for(router, "/static/other") is everything_else


def test_a_wildcard_can_only_be_the_last_segment() -> None:
    """add_route("/static/*/site.css", ...) raises ValueError."""
    router = Router()
    with pytest.raises(ValueError):
        router.add_route("/static/*/site.css", static_files)


def test_routes_without_wildcards_work_as_before() -> None:
    """Without "*" routes, the router finds exactly what Part 1 finds."""
    router = Router()
    router.add_route("/static/readme", readme)
    assert handler_for(router, "/static/readme") is readme
    assert handler_for(router, "/static/readme", "POST") is None
    assert handler_for(router, "/static") is None


async def test_part_1_app_serves_wildcard_routes() -> None:
    """Part 1's App with this Router answers 200 under /static/, 404
    elsewhere."""
    app = App()
    app.router = Router()
    app.router.add_route("/static/*", static_files)
    assert (await request(app, "GET", "/static/css/site.css")).status == 200
    assert (await request(app, "GET", "/images/logo.png")).status == 404
