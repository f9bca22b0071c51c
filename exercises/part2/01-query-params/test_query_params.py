"""part2/01-query-params: one query parameter at a time, with a clear
policy for repeated keys and blank values."""

from exercises import load
from exercises.asgi import request, start_and_stop
from part2.api_router import ApiRouter

App = load(__file__, "app").App
RequestData = load(__file__, "request_data").RequestData


def request_data(query_string: bytes, extractor=None):
    scope = {"type": "http", "method": "GET", "path": "/"}
    return RequestData({**scope, "query_string": query_string}, extractor)


async def test_a_parameter_gives_its_value() -> None:
    """?page=2 gives get_query_param("page") == "2"."""
    data = request_data(b"page=2")
    assert await data.get_query_param("page") == "2"


async def test_an_absent_parameter_gives_the_default() -> None:
    """An absent name gives None, or the default passed."""
    data = request_data(b"page=2")
    assert await data.get_query_param("sort") is None
    assert await data.get_query_param("sort", "name") == "name"


async def test_the_last_of_repeated_values_wins() -> None:
    """?tag=a&tag=b gives "b": the last value wins, as in Starlette."""
    data = request_data(b"tag=a&tag=b")
    assert await data.get_query_param("tag") == "b"


async def test_a_blank_value_is_present_and_empty() -> None:
    """?q= and ?debug give "", not the default: the key was sent."""
    data = request_data(b"q=&debug")
    assert await data.get_query_param("q", "default") == ""
    assert await data.get_query_param("debug", "default") == ""


async def test_the_list_has_every_value_in_order() -> None:
    """?tag=b&tag=a&tag=b gives ["b", "a", "b"]."""
    data = request_data(b"tag=b&tag=a&tag=b")
    assert await data.get_query_param_list("tag") == ["b", "a", "b"]


async def test_the_list_of_an_absent_name_is_empty() -> None:
    """get_query_param_list of an absent name is []."""
    data = request_data(b"tag=a")
    assert await data.get_query_param_list("page") == []


async def test_values_are_decoded() -> None:
    """?q=fish+%26+chips gives "fish & chips"."""
    data = request_data(b"q=fish+%26+chips")
    assert await data.get_query_param("q") == "fish & chips"


async def test_the_routes_extractor_does_not_change_them() -> None:
    """With a query-string extractor on the route, these two methods still
    read the query string itself."""
    data = request_data(b"page=2&page=3", extractor=lambda params: "extracted")
    assert await data.get_query_string_params() == "extracted"
    assert await data.get_query_param("page") == "3"
    assert await data.get_query_param_list("page") == ["2", "3"]


async def test_handlers_get_them_through_the_app() -> None:
    """A handler of App reads ?page=3&tag=x&tag=y with the new methods."""
    seen = []
    router = ApiRouter()

    @router.get("/items")
    async def items(data) -> None:
        seen.append(await data.get_query_param("page"))
        seen.append(await data.get_query_param_list("tag"))

    app = App()
    app.include_routes([router])
    sent = await request(app, "GET", "/items", query_string=b"page=3&tag=x&tag=y")
    assert sent.status == 200
    assert seen == ["3", ["x", "y"]]


async def test_the_app_still_answers_as_part_2_does() -> None:
    """Through App, an unknown path is a 404, and a lifespan scope sends
    nothing."""
    app = App()
    app.include_routes([ApiRouter()])
    sent = await request(app, "GET", "/items", query_string=b"page=3")
    assert (sent.status, sent.body) == (404, b"not found")
    assert await start_and_stop(app) == []
