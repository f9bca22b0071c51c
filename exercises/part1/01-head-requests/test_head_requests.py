"""part1/01-head-requests: a HEAD gets what a GET gets, minus the body."""

from exercises import load
from exercises.asgi import request

App = load(__file__, "app").App

calls: list[str] = []


async def home() -> None:
    calls.append("home")


async def create_user() -> None:
    calls.append("create_user")


def make_app():
    app = App()
    app.router.add_route("/", home)
    app.router.add_route("/users", create_user, method="POST")
    return app


async def test_a_head_on_a_get_route_answers_200() -> None:
    """HEAD / answers 200, because / has a GET route."""
    sent = await request(make_app(), "HEAD", "/")
    assert sent.status == 200


async def test_a_head_gets_exactly_the_headers_of_the_get() -> None:
    """HEAD / sends the same headers as GET /, content-length: 2 included."""
    head = await request(make_app(), "HEAD", "/")
    get = await request(make_app(), "GET", "/")
    assert head.headers == get.headers
    assert head.header("content-length") == "2"


async def test_a_head_gets_an_empty_body() -> None:
    """HEAD / sends no body bytes at all."""
    sent = await request(make_app(), "HEAD", "/")
    assert sent.body == b""


async def test_a_head_is_still_two_messages() -> None:
    """HEAD sends http.response.start, then one http.response.body."""
    sent = await request(make_app(), "HEAD", "/")
    assert sent.status == 200
    kinds = [message["type"] for message in sent.messages]
    assert kinds == ["http.response.start", "http.response.body"]


async def test_a_head_runs_the_get_handler() -> None:
    """HEAD / runs the handler of GET /, once, as a GET would."""
    calls.clear()
    await request(make_app(), "HEAD", "/")
    assert calls == ["home"]


async def test_a_head_on_an_unknown_path_is_a_404_without_body() -> None:
    """HEAD /missing answers 404 with the 404's headers and no body."""
    sent = await request(make_app(), "HEAD", "/missing")
    assert sent.status == 404
    assert sent.header("content-length") == str(len(b"not found"))
    assert sent.body == b""


async def test_a_head_on_a_path_without_get_is_a_404() -> None:
    """HEAD /users is a 404 with no body: /users has POST, but no GET."""
    calls.clear()
    sent = await request(make_app(), "HEAD", "/users")
    assert sent.status == 404
    assert sent.body == b""
    assert calls == []


async def test_a_get_still_gets_its_body() -> None:
    """GET / still answers 200 with the body ok."""
    sent = await request(make_app(), "GET", "/")
    assert (sent.status, sent.body) == (200, b"ok")
