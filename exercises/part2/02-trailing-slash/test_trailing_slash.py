"""part2/02-trailing-slash: a path that misses its route only by a trailing
slash is redirected, 308, to the form that has the route."""

import httpx

from exercises import load
from exercises.asgi import request, start_and_stop
from part2.api_router import ApiRouter

App = load(__file__, "app").App

calls: list[str] = []


def make_app():
    router = ApiRouter()

    @router.get("/about")
    async def about(data) -> None:
        calls.append("about")

    @router.get("/docs/")
    async def docs(data) -> None:
        calls.append("docs")

    @router.post("/form")
    async def form(data) -> None:
        calls.append("form")

    @router.get("/café")
    async def cafe(data) -> None:
        calls.append("café")

    @router.get("/both")
    async def both(data) -> None:
        calls.append("both")

    @router.get("/both/")
    async def both_slash(data) -> None:
        calls.append("both/")

    app = App()
    app.include_routes([router])
    return app


async def test_an_extra_slash_is_redirected_away() -> None:
    """GET /about/ answers 308 with location: /about."""
    sent = await request(make_app(), "GET", "/about/")
    assert sent.status == 308
    assert sent.header("location") == "/about"


async def test_a_missing_slash_is_redirected_to() -> None:
    """GET /docs answers 308 with location: /docs/."""
    sent = await request(make_app(), "GET", "/docs")
    assert sent.status == 308
    assert sent.header("location") == "/docs/"


async def test_a_redirect_has_an_empty_body() -> None:
    """The 308 has an empty body, and content-length: 0."""
    sent = await request(make_app(), "GET", "/about/")
    assert sent.body == b""
    assert sent.header("content-length") == "0"


async def test_a_redirect_keeps_the_query_string() -> None:
    """GET /about/?tab=team&x=1 is sent to /about?tab=team&x=1."""
    sent = await request(make_app(), "GET", "/about/", query_string=b"tab=team&x=1")
    assert sent.header("location") == "/about?tab=team&x=1"


async def test_a_location_is_percent_encoded() -> None:
    """GET /café/ is sent to /caf%C3%A9: a header holds ASCII only."""
    sent = await request(make_app(), "GET", "/café/", raw_path=b"/caf%C3%A9/")
    assert sent.status == 308
    assert sent.header("location") == "/caf%C3%A9"


async def test_a_server_without_raw_path_still_gets_a_valid_location() -> None:
    """With no raw_path in the scope, /café/ is sent to /caf%C3%A9."""
    sent = await request(make_app(), "GET", "/café/", raw_path=None)
    assert sent.status == 308
    assert sent.header("location") == "/caf%C3%A9"


async def test_a_redirect_runs_no_handler() -> None:
    """No handler runs for a redirect."""
    calls.clear()
    sent = await request(make_app(), "GET", "/about/")
    assert sent.status == 308
    assert calls == []


async def test_a_post_is_redirected_with_308() -> None:
    """POST /form/ answers 308, which tells the client to POST again."""
    sent = await request(make_app(), "POST", "/form/")
    assert sent.status == 308
    assert sent.header("location") == "/form"


async def test_only_a_route_for_the_same_method_counts() -> None:
    """POST /about/ is a 404: /about has GET, not POST."""
    sent = await request(make_app(), "POST", "/about/")
    assert sent.status == 404


async def test_both_forms_registered_answer_for_themselves() -> None:
    """With /both and /both/ registered, each runs its own handler."""
    calls.clear()
    assert (await request(make_app(), "GET", "/both")).status == 200
    assert (await request(make_app(), "GET", "/both/")).status == 200
    assert calls == ["both", "both/"]


async def test_other_paths_still_answer_404() -> None:
    """GET /team/, GET /team and GET / are 404s, with no location."""
    for path in ("/team/", "/team", "/"):
        sent = await request(make_app(), "GET", path)
        assert sent.status == 404
        assert sent.header("location") is None


async def test_a_client_that_follows_redirects_gets_the_page() -> None:
    """httpx, following redirects, gets 200 from /about/ after one hop."""
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", follow_redirects=True
    ) as client:
        response = await client.get("/about/?tab=team")
    assert response.status_code == 200
    assert str(response.url) == "http://testserver/about?tab=team"
    assert [r.status_code for r in response.history] == [308]


async def test_other_scopes_are_left_to_part_2() -> None:
    """A lifespan scope is handled as Part 2 handles it: nothing sent."""
    assert await start_and_stop(make_app()) == []
