"""part5/03-cors: an ASGI middleware answers CORS preflights itself and adds
the access-control headers to the responses an allowed origin may read."""

import pytest

from exercises import load
from exercises.asgi import request, start_and_stop
from part5.api_router import ApiRouter
from part5.app import App
from part5.http_responses import OK_JSONResponse, TextResponse
from part5.types import Methods

CORSMiddleware = load(__file__, "cors").CORSMiddleware

SITE = "https://shop.example.com"
ELSEWHERE = "https://evil.example.net"
reached: list[str] = []  # the requests that got past the middleware


def make_framework_app():
    router = ApiRouter()

    @router.multi_methods("/items", [Methods.GET, Methods.POST])
    async def items(data):
        return OK_JSONResponse({"items": []})

    @router.get("/varies")
    async def varies(data):
        return TextResponse("by language", headers={"vary": "accept-language"})

    app = App()
    app.include_routes([router])

    async def counted(scope, receive, send):
        if scope["type"] == "http":
            reached.append(f"{scope['method']} {scope['path']}")
        await app(scope, receive, send)

    return counted


def make_app(**settings):
    reached.clear()
    settings.setdefault("allow_origins", [SITE])
    return CORSMiddleware(make_framework_app(), **settings)


def preflight(method="POST", headers="", origin=SITE):
    asked = [(b"origin", origin.encode()), (b"access-control-request-method", method.encode())]
    if headers:
        asked.append((b"access-control-request-headers", headers.encode()))
    return asked


def cors_headers(sent) -> dict[str, str]:
    return {
        name.decode(): value.decode()
        for name, value in sent.headers
        if name.startswith(b"access-control-") or name == b"vary"
    }


async def test_a_request_without_origin_is_untouched() -> None:
    """GET /items with no origin header gets the app's answer, with exactly
    the app's headers."""
    plain = await request(make_framework_app(), "GET", "/items")
    sent = await request(make_app(), "GET", "/items")
    assert (sent.status, sent.headers, sent.body) == (plain.status, plain.headers, plain.body)


async def test_an_allowed_origin_may_read_the_response() -> None:
    """GET /items from an allowed origin: the app's answer, plus
    access-control-allow-origin with that origin, and vary: origin."""
    sent = await request(make_app(), "GET", "/items", headers=[(b"origin", SITE.encode())])
    assert (sent.status, sent.body) == (200, b'{"items":[]}')
    assert cors_headers(sent) == {"access-control-allow-origin": SITE, "vary": "origin"}
    assert sent.header("content-type") == "application/json; charset=utf-8"


async def test_any_origin_gets_a_star() -> None:
    """With allow_origins=["*"], any origin gets access-control-allow-origin:
    *, and no vary (the answer is the same for all)."""
    sent = await request(
        make_app(allow_origins=["*"]), "GET", "/items", headers=[(b"origin", ELSEWHERE.encode())]
    )
    assert cors_headers(sent) == {"access-control-allow-origin": "*"}


async def test_another_origin_gets_no_cors_headers() -> None:
    """GET /items from an origin not allowed still reaches the app and gets
    its answer (CORS is no access control), but with no access-control
    header, so the browser keeps it from the page."""
    sent = await request(make_app(), "GET", "/items", headers=[(b"origin", ELSEWHERE.encode())])
    assert (sent.status, sent.body) == (200, b'{"items":[]}')
    assert cors_headers(sent) == {}
    assert reached == ["GET /items"]


async def test_an_existing_vary_is_extended() -> None:
    """A response with vary: accept-language gets one vary header,
    "accept-language, origin"."""
    sent = await request(make_app(), "GET", "/varies", headers=[(b"origin", SITE.encode())])
    varies = [value for name, value in sent.headers if name == b"vary"]
    assert varies == [b"accept-language, origin"]


async def test_a_preflight_is_answered_without_the_app() -> None:
    """OPTIONS /items with origin and access-control-request-method: POST is
    answered 200 by the middleware, with an empty body, the allowed
    methods and headers, the max-age and vary: origin; the app never
    sees it."""
    app = make_app(allow_methods=["GET", "POST"], allow_headers=["Content-Type", "X-API-Key"])
    sent = await request(app, "OPTIONS", "/items", headers=preflight("POST", "content-type"))
    assert (sent.status, sent.body) == (200, b"")
    assert sent.header("content-length") == "0"
    assert cors_headers(sent) == {
        "access-control-allow-origin": SITE,
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "content-type, x-api-key",
        "access-control-max-age": "600",
        "vary": "origin",
    }
    assert reached == []


async def test_a_preflight_with_no_allowed_headers_says_none() -> None:
    """With no allow_headers, a preflight that asks for none is allowed, and
    the answer has no access-control-allow-headers; max_age is honoured."""
    sent = await request(make_app(max_age=60), "OPTIONS", "/items", headers=preflight("GET"))
    assert sent.status == 200
    assert "access-control-allow-headers" not in cors_headers(sent)
    assert sent.header("access-control-max-age") == "60"


async def test_the_requested_headers_are_matched_loosely() -> None:
    """access-control-request-headers is matched without regard to case or
    spaces: "X-API-Key , content-type" is allowed."""
    app = make_app(allow_methods=["POST"], allow_headers=["content-type", "x-api-key"])
    asked = preflight("POST", "X-API-Key , content-type")
    sent = await request(app, "OPTIONS", "/items", headers=asked)
    assert sent.status == 200


@pytest.mark.parametrize(
    ("asked", "reason"),
    [
        (preflight("GET", origin=ELSEWHERE), b"Disallowed CORS origin"),
        (preflight("DELETE"), b"Disallowed CORS method"),
        (preflight("POST", "content-type, x-secret"), b"Disallowed CORS headers"),
    ],
)
async def test_a_preflight_that_is_not_allowed_is_a_400(asked, reason) -> None:
    """A preflight from another origin, for a method not allowed, or with a
    header not allowed, is a 400 that says which (origin, method, headers,
    checked in that order); the app never sees it."""
    app = make_app(allow_methods=["GET", "POST"], allow_headers=["content-type"])
    sent = await request(app, "OPTIONS", "/items", headers=asked)
    assert (sent.status, sent.body) == (400, reason)
    assert "access-control-allow-origin" not in cors_headers(sent)
    assert reached == []


async def test_options_without_a_requested_method_is_no_preflight() -> None:
    """OPTIONS with an origin but no access-control-request-method is an
    ordinary request: it reaches the app (Part 5 answers 405), and gets the
    CORS headers."""
    sent = await request(make_app(), "OPTIONS", "/items", headers=[(b"origin", SITE.encode())])
    assert sent.status == 405
    assert reached == ["OPTIONS /items"]
    assert sent.header("access-control-allow-origin") == SITE


async def test_a_404_gets_the_headers_too() -> None:
    """An ASGI middleware sees every response: a 404, which no framework
    middleware sees, carries access-control-allow-origin too."""
    sent = await request(make_app(), "GET", "/nowhere", headers=[(b"origin", SITE.encode())])
    assert sent.status == 404
    assert sent.header("access-control-allow-origin") == SITE


async def test_credentials_are_allowed_when_asked() -> None:
    """With allow_credentials=True, the response and the preflight say
    access-control-allow-credentials: true."""
    app = make_app(allow_credentials=True)
    sent = await request(app, "GET", "/items", headers=[(b"origin", SITE.encode())])
    answered = await request(app, "OPTIONS", "/items", headers=preflight("GET"))
    for response in (sent, answered):
        assert response.header("access-control-allow-credentials") == "true"
        assert response.header("access-control-allow-origin") == SITE


def test_settings_that_make_no_sense_are_refused() -> None:
    """allow_credentials with allow_origins=["*"] (which browsers refuse),
    and "*" in allow_methods or allow_headers, are a ValueError."""
    for settings in (
        {"allow_origins": ["*"], "allow_credentials": True},
        {"allow_methods": ["*"]},
        {"allow_headers": ["*"]},
    ):
        with pytest.raises(ValueError):
            make_app(**settings)


async def test_the_app_messages_are_not_changed_in_place() -> None:
    """The middleware sends a new start message with a new header list: the
    app's own message and list are left as they were. An app may also send
    a start message with no headers key at all (ASGI allows it)."""
    own_headers = [(b"content-type", b"text/plain")]
    own_messages = []

    async def raw_app(scope, receive, send):
        for message in (
            {"type": "http.response.start", "status": 200, "headers": own_headers},
            {"type": "http.response.body", "body": b"hi"},
        ):
            own_messages.append(message)
            await send(message)

    async def bare_app(scope, receive, send):
        await send({"type": "http.response.start", "status": 204})
        await send({"type": "http.response.body", "body": b""})

    origin = [(b"origin", SITE.encode())]
    sent = await request(CORSMiddleware(raw_app, allow_origins=[SITE]), headers=origin)
    assert sent.header("access-control-allow-origin") == SITE
    assert own_headers == [(b"content-type", b"text/plain")]
    assert "access-control-allow-origin" not in str(own_messages)
    bare = await request(CORSMiddleware(bare_app, allow_origins=[SITE]), headers=origin)
    assert (bare.status, bare.header("access-control-allow-origin")) == (204, SITE)


async def test_the_lifespan_passes_through() -> None:
    """Wrapping the app keeps its lifespan: start-up and shut-down complete."""
    sent = await start_and_stop(make_app())
    assert [message["type"] for message in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]
