"""part3/01-html-and-redirect: HTMLResponse and RedirectResponse, sent by
Part 3's App."""

import httpx
import pytest

from exercises import load
from part3.api_router import ApiRouter
from part3.app import App

responses = load(__file__, "http_responses")
HTMLResponse = responses.HTMLResponse
RedirectResponse = responses.RedirectResponse


def client_for(response, follow_redirects: bool = False) -> httpx.AsyncClient:
    """A client of a Part 3 app whose /old route returns response, and
    whose /new route returns a small page."""
    router = ApiRouter()

    @router.get("/old")
    async def old(data):
        return response

    @router.get("/new")
    async def new(data):
        return HTMLResponse("<h1>New</h1>")

    app = App()
    app.include_routes([router])
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        follow_redirects=follow_redirects,
    )


async def test_an_html_response_is_sent_as_html() -> None:
    """HTMLResponse("<h1>Hi</h1>") answers 200, text/html; charset=utf-8."""
    async with client_for(HTMLResponse("<h1>Hi</h1>")) as client:
        response = await client.get("/old")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text == "<h1>Hi</h1>"
    assert response.headers["content-length"] == "11"


def test_an_html_response_takes_what_text_takes() -> None:
    """HTMLResponse sends bytes as they are, and None as an empty page."""
    assert HTMLResponse(b"<p>hi</p>").get_body() == b"<p>hi</p>"
    assert HTMLResponse(None).get_body() == b""


def test_an_html_response_keeps_status_and_charset() -> None:
    """HTMLResponse("<p>é</p>", 404, encode="latin-1") is a latin-1 404."""
    response = HTMLResponse("<p>é</p>", 404, encode="latin-1")
    assert response.get_status_code() == 404
    assert response.get_headers()["content-type"] == "text/html; charset=latin-1"
    assert response.get_body() == "<p>é</p>".encode("latin-1")


async def test_a_redirect_is_a_307_with_a_location() -> None:
    """RedirectResponse("/new") answers 307 with location: /new."""
    async with client_for(RedirectResponse("/new")) as client:
        response = await client.get("/old")
    assert response.status_code == 307
    assert response.headers["location"] == "/new"


def test_a_redirect_has_no_body_and_no_content_type() -> None:
    """A redirect's body is empty: content-length 0, and no content-type."""
    response = RedirectResponse("/new")
    assert response.get_body() == b""
    headers = response.get_headers()
    assert headers["content-length"] == "0"
    assert "content-type" not in headers


def test_a_redirect_takes_every_redirect_status() -> None:
    """301, 302, 303, 307 and 308 are redirects."""
    for status in (301, 302, 303, 307, 308):
        assert RedirectResponse("/new", status).get_status_code() == status


def test_a_redirect_refuses_other_statuses() -> None:
    """200, 304, 404 and 500 raise ValueError: they are not redirects."""
    for status in (200, 304, 404, 500):
        with pytest.raises(ValueError):
            RedirectResponse("/new", status)


def test_a_location_is_percent_encoded() -> None:
    """Non-ASCII and spaces are percent-encoded; what a URL may hold, and
    escapes already made, are kept."""
    location = {
        "/search?q=café au lait": "/search?q=caf%C3%A9%20au%20lait",
        "/a%20b?x=1&y=2#top": "/a%20b?x=1&y=2#top",
        "https://example.com/über/": "https://example.com/%C3%BCber/",
    }
    for url, expected in location.items():
        assert RedirectResponse(url).get_headers()["location"] == expected


def test_a_redirect_keeps_the_callers_headers() -> None:
    """headers={"cache-control": "no-store"} is sent with the location."""
    response = RedirectResponse("/new", headers={"cache-control": "no-store"})
    headers = response.get_headers()
    assert headers["cache-control"] == "no-store"
    assert headers["location"] == "/new"


async def test_a_client_follows_the_redirect() -> None:
    """httpx, following redirects, goes from /old to the page at /new."""
    async with client_for(RedirectResponse("/new"), follow_redirects=True) as client:
        response = await client.get("/old")
    assert response.status_code == 200
    assert response.text == "<h1>New</h1>"
    assert [r.status_code for r in response.history] == [307]
