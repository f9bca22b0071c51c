"""part3/02-cookies: read the cookies a client sends, set and delete
cookies on any response."""

import httpx
import pytest

from exercises import load
from exercises.asgi import request, start_and_stop
from part3.api_router import ApiRouter
from part3.http_responses import OK_JSONResponse, OK_TEXTResponse

App = load(__file__, "app").App
RequestData = load(__file__, "request_data").RequestData
cookies = load(__file__, "cookies")
set_cookie = cookies.set_cookie
delete_cookie = cookies.delete_cookie


async def cookies_sent(*values: bytes) -> dict[str, str]:
    """What get_cookies gives for a request with these cookie headers."""
    scope = {"type": "http", "headers": [(b"cookie", value) for value in values]}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    return await RequestData(scope, receive).get_cookies()


def set_cookie_headers(response) -> list[tuple[str, str, dict[str, str]]]:
    """Each set-cookie header as (name, value, {attribute: value}), the
    attribute names in lower case."""
    found = []
    for name, raw in response.raw_headers:
        if name == b"set-cookie":
            pair, *attributes = raw.decode("latin-1").split("; ")
            key, _, value = pair.partition("=")
            options = dict(a.partition("=")[::2] for a in attributes)
            found.append((key, value, {k.lower(): v for k, v in options.items()}))
    return found


async def test_cookies_are_read_by_name() -> None:
    """cookie: session=abc; theme=dark gives both cookies."""
    sent = await cookies_sent(b"session=abc; theme=dark")
    assert sent == {"session": "abc", "theme": "dark"}


async def test_no_cookie_header_gives_no_cookies() -> None:
    """A request without a cookie header has no cookies: {}."""
    assert await cookies_sent() == {}


async def test_every_cookie_header_counts() -> None:
    """Two cookie headers, as HTTP/2 clients send them, give both cookies."""
    assert await cookies_sent(b"a=1", b"b=2") == {"a": "1", "b": "2"}


async def test_a_value_may_hold_equals_signs() -> None:
    """token=abc== gives "abc==": only the first "=" separates."""
    assert await cookies_sent(b"token=abc==") == {"token": "abc=="}


async def test_spaces_and_quotes_are_trimmed() -> None:
    """ a = 1 ;b="two" gives {"a": "1", "b": "two"}."""
    assert await cookies_sent(b' a = 1 ;b="two"') == {"a": "1", "b": "two"}


async def test_broken_pairs_are_skipped() -> None:
    """junk; =nameless; ok=1 gives only {"ok": "1"}."""
    assert await cookies_sent(b"junk; =nameless; ok=1") == {"ok": "1"}


async def test_the_first_of_a_repeated_name_wins() -> None:
    """id=1; id=2 gives "1": browsers send the most specific cookie first."""
    assert await cookies_sent(b"id=1; id=2") == {"id": "1"}


def test_set_cookie_has_safe_defaults() -> None:
    """set_cookie(response, "session", "abc") sends session=abc with Path=/,
    HttpOnly and SameSite=Lax, and no Max-Age or Secure."""
    response = OK_TEXTResponse()
    set_cookie(response, "session", "abc")
    assert set_cookie_headers(response) == [
        ("session", "abc", {"path": "/", "httponly": "", "samesite": "Lax"})
    ]


def test_set_cookie_takes_its_options() -> None:
    """max_age, path, secure, http_only and same_site set the attributes."""
    response = OK_TEXTResponse()
    set_cookie(
        response,
        "theme",
        "dark",
        max_age=3600,
        path="/app",
        secure=True,
        http_only=False,
        same_site="strict",
    )
    [(name, value, attributes)] = set_cookie_headers(response)
    assert (name, value) == ("theme", "dark")
    assert attributes == {
        "path": "/app",
        "max-age": "3600",
        "secure": "",
        "samesite": "Strict",
    }


def test_every_cookie_gets_its_own_header() -> None:
    """Two set_cookie calls send two set-cookie headers; other headers stay."""
    response = OK_TEXTResponse()
    set_cookie(response, "a", "1")
    set_cookie(response, "b", "2")
    assert [cookie[:2] for cookie in set_cookie_headers(response)] == [
        ("a", "1"),
        ("b", "2"),
    ]
    assert response.get_headers()["content-type"] == "text/plain; charset=utf-8"


def test_same_site_none_needs_secure() -> None:
    """same_site="none" raises ValueError unless secure=True; then it is sent
    as SameSite=None."""
    response = OK_TEXTResponse()
    with pytest.raises(ValueError):
        set_cookie(response, "a", "1", same_site="none")
    set_cookie(response, "a", "1", same_site="none", secure=True)
    [(_, _, attributes)] = set_cookie_headers(response)
    assert attributes["samesite"] == "None"


def test_what_a_cookie_cannot_hold_is_refused() -> None:
    """Names with spaces or "=", values with ";", spaces, quotes or non-ASCII,
    and an unknown same_site all raise ValueError."""
    response = OK_TEXTResponse()
    for key, value in [("bad name", "1"), ("a=b", "1"), ("", "1")]:
        with pytest.raises(ValueError):
            set_cookie(response, key, value)
    for value in ["a;b", "a b", 'a"b', "café", "a,b"]:
        with pytest.raises(ValueError):
            set_cookie(response, "key", value)
    with pytest.raises(ValueError):
        set_cookie(response, "key", "1", same_site="sometimes")
    with pytest.raises(ValueError):
        set_cookie(response, "key", "1", path="/a;b")
    assert set_cookie_headers(response) == []


def test_delete_cookie_expires_it_at_once() -> None:
    """delete_cookie(response, "session") sends session= with Max-Age=0, at
    the same path."""
    response = OK_TEXTResponse()
    delete_cookie(response, "session", path="/app")
    [(name, value, attributes)] = set_cookie_headers(response)
    assert (name, value) == ("session", "")
    assert attributes["max-age"] == "0"
    assert attributes["path"] == "/app"


async def test_a_browser_like_client_round_trip() -> None:
    """Through App: /login sets a cookie, httpx keeps it and sends it back,
    /me reads it; /logout deletes it."""
    router = ApiRouter()

    @router.post("/login")
    async def login(data):
        response = OK_TEXTResponse("welcome")
        set_cookie(response, "session", "abc123")
        return response

    @router.get("/me")
    async def me(data):
        return OK_JSONResponse(await data.get_cookies())

    @router.post("/logout")
    async def logout(data):
        response = OK_TEXTResponse("bye")
        delete_cookie(response, "session")
        return response

    app = App()
    app.include_routes([router])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await client.post("/login")
        assert client.cookies.get("session") == "abc123"
        assert (await client.get("/me")).json() == {"session": "abc123"}
        await client.post("/logout")
        assert client.cookies.get("session") is None
        assert (await client.get("/me")).json() == {}


async def test_an_app_without_cookies_still_works() -> None:
    """A request with no cookie header gets {} from /me, with status 200."""
    router = ApiRouter()

    @router.get("/me")
    async def me(data):
        return OK_JSONResponse(await data.get_cookies())

    app = App()
    app.include_routes([router])
    sent = await request(app, "GET", "/me")
    assert (sent.status, sent.body) == (200, b"{}")


async def test_the_app_still_answers_as_part_3_does() -> None:
    """Through App, an unknown path is a 404, a handler that returns no
    response is a 500, and the lifespan is answered."""
    router = ApiRouter()

    @router.get("/forgetful")
    async def forgetful(data):
        await data.get_cookies()

    app = App()
    app.include_routes([router])
    assert (await request(app, "GET", "/missing")).status == 404
    assert (await request(app, "GET", "/forgetful")).status == 500
    assert await start_and_stop(app) == [
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.complete"},
    ]


async def test_a_client_that_left_gets_no_answer() -> None:
    """Through App, as in Part 3: a client that leaves before its body is
    read gets nothing sent."""
    router = ApiRouter()

    @router.post("/upload")
    async def upload(data):
        return OK_TEXTResponse(await data.get_body())

    app = App()
    app.include_routes([router])
    sent: list[dict] = []

    async def receive():
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/upload", "headers": []}
    await app(scope, receive, send)
    assert sent == []
