"""part5/02-gzip: responses of at least minimum_size bytes are sent gzip-
compressed to clients whose accept-encoding allows it, with the headers
that say so and a content-length that matches."""

import gzip

import pytest

from exercises import load
from exercises.asgi import request
from part5.api_router import ApiRouter
from part5.app import App
from part5.http_responses import JsonResponse, TextResponse

GZipMiddleware = load(__file__, "middleware").GZipMiddleware

BIG = "hello, world! " * 100  # 1400 bytes, and it compresses well
RECORDS = [{"id": n, "name": f"user {n}"} for n in range(100)]
GZIP = [(b"accept-encoding", b"gzip")]


def make_app(minimum_size=500):
    router = ApiRouter()

    @router.get("/big")
    async def big(data):
        return TextResponse(BIG, 201, headers={"x-powered-by": "part5"})

    @router.get("/json")
    async def as_json(data):
        return JsonResponse(RECORDS)

    @router.get("/size")
    async def size(data):
        length = int((await data.get_query_string_params())["n"][0])
        return TextResponse("x" * length)

    @router.get("/cookies")
    async def cookies(data):
        response = TextResponse(BIG)
        response.raw_headers.append((b"set-cookie", b"a=1"))
        response.raw_headers.append((b"set-cookie", b"b=2"))
        return response

    @router.get("/vary")
    async def vary(data):
        return TextResponse(BIG, headers={"vary": "Origin"})

    @router.get("/encoded")
    async def encoded(data):
        return TextResponse(BIG, headers={"content-encoding": "br"})

    app = App(middlewares=[GZipMiddleware(minimum_size)])
    app.include_routes([router])
    return app


async def test_a_large_response_is_compressed() -> None:
    """GET /big with accept-encoding: gzip answers its 1400 bytes compressed:
    content-encoding: gzip, a body that gzip.decompress turns back into the
    text, and a content-length that is the compressed body's."""
    sent = await request(make_app(), "GET", "/big", headers=GZIP)
    assert sent.header("content-encoding") == "gzip"
    assert gzip.decompress(sent.body) == BIG.encode()
    assert sent.header("content-length") == str(len(sent.body))
    assert len(sent.body) < 200


async def test_the_status_and_other_headers_are_kept() -> None:
    """The compressed response keeps its status (201), its content-type and
    its other headers."""
    sent = await request(make_app(), "GET", "/big", headers=GZIP)
    assert sent.status == 201
    assert sent.header("content-type") == "text/plain; charset=utf-8"
    assert sent.header("x-powered-by") == "part5"
    json = await request(make_app(), "GET", "/json", headers=GZIP)
    assert json.header("content-type") == "application/json; charset=utf-8"
    assert gzip.decompress(json.body) == JsonResponse(RECORDS).get_body()


async def test_repeated_headers_stay_repeated() -> None:
    """Two set-cookie headers are still two set-cookie headers."""
    sent = await request(make_app(), "GET", "/cookies", headers=GZIP)
    assert sent.header("content-encoding") == "gzip"
    cookies = [value for name, value in sent.headers if name == b"set-cookie"]
    assert cookies == [b"a=1", b"b=2"]


async def test_each_header_is_sent_once() -> None:
    """The compressed response has one content-length, one content-type and
    one content-encoding."""
    sent = await request(make_app(), "GET", "/big", headers=GZIP)
    names = [name for name, _ in sent.headers]
    for name in (b"content-length", b"content-type", b"content-encoding", b"vary"):
        assert names.count(name) == 1, name


async def test_a_client_that_does_not_ask_gets_the_plain_body() -> None:
    """Without accept-encoding, GET /big is sent as it is, with no
    content-encoding, but with vary: accept-encoding, as a cache needs."""
    sent = await request(make_app(), "GET", "/big")
    assert sent.body == BIG.encode()
    assert sent.header("content-length") == "1400"
    assert sent.header("content-encoding") is None
    assert sent.header("vary") == "accept-encoding"


async def test_a_compressed_response_varies_on_accept_encoding() -> None:
    """The compressed response has vary: accept-encoding too."""
    sent = await request(make_app(), "GET", "/big", headers=GZIP)
    assert sent.header("vary") == "accept-encoding"


async def test_an_existing_vary_is_extended() -> None:
    """A response with vary: Origin is sent with vary: Origin,
    accept-encoding."""
    sent = await request(make_app(), "GET", "/vary", headers=GZIP)
    assert sent.header("vary") == "Origin, accept-encoding"


@pytest.mark.parametrize(
    ("length", "compressed"), [(499, False), (500, True), (0, False)]
)
async def test_minimum_size_is_the_smallest_body_compressed(length, compressed) -> None:
    """With minimum_size=500, a body of 500 bytes is compressed, one of 499
    is not (and gets no vary either)."""
    sent = await request(
        make_app(), "GET", "/size", query_string=f"n={length}".encode(), headers=GZIP
    )
    assert (sent.header("content-encoding") == "gzip") is compressed
    assert (sent.header("vary") is not None) is compressed


async def test_minimum_size_can_be_changed() -> None:
    """GZipMiddleware(minimum_size=10) compresses a body of 10 bytes."""
    sent = await request(make_app(10), "GET", "/size", query_string=b"n=10", headers=GZIP)
    assert gzip.decompress(sent.body) == b"x" * 10


def test_a_negative_minimum_size_is_refused() -> None:
    """GZipMiddleware(minimum_size=-1) is a ValueError."""
    with pytest.raises(ValueError):
        GZipMiddleware(minimum_size=-1)


async def test_an_encoded_response_is_left_alone() -> None:
    """A response that already has a content-encoding is not compressed
    again."""
    sent = await request(make_app(), "GET", "/encoded", headers=GZIP)
    assert sent.header("content-encoding") == "br"
    assert sent.body == BIG.encode()


@pytest.mark.parametrize(
    ("accept_encoding", "compressed"),
    [
        ("gzip", True),
        ("GZip", True),
        ("deflate, gzip;q=0.5", True),
        ("br;q=1.0, gzip; q=0.001", True),
        ("*", True),
        ("br, *;q=0.1", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("identity", False),
        ("br, deflate", False),
        ("", False),
        ("gzip;q=high", False),
        ("gzip;q=2", False),
    ],
)
async def test_accept_encoding_decides(accept_encoding, compressed) -> None:
    """gzip is sent when accept-encoding names it (in any case) with a q
    above 0, or does not name it but accepts "*"; a q that is not a number
    from 0 to 1 counts as 0."""
    headers = [(b"accept-encoding", accept_encoding.encode())]
    sent = await request(make_app(), "GET", "/big", headers=headers)
    assert (sent.header("content-encoding") == "gzip") is compressed
    expected = gzip.decompress(sent.body) if compressed else sent.body
    assert expected == BIG.encode()


async def test_the_same_body_compresses_to_the_same_bytes() -> None:
    """The gzip header holds no time (mtime 0), so two requests get the very
    same bytes, which caches and ETags rely on."""
    first = await request(make_app(), "GET", "/big", headers=GZIP)
    second = await request(make_app(), "GET", "/big", headers=GZIP)
    assert first.body[4:8] == b"\x00\x00\x00\x00"  # the gzip header's mtime
    assert first.body == second.body


async def test_head_gets_the_compressed_length() -> None:
    """HEAD /big with gzip gets the headers of the compressed GET, its
    content-length included, and no body."""
    get = await request(make_app(), "GET", "/big", headers=GZIP)
    head = await request(make_app(), "HEAD", "/big", headers=GZIP)
    assert head.body == b""
    assert head.header("content-encoding") == "gzip"
    assert head.header("content-length") == str(len(get.body))
