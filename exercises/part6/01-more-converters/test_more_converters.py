"""part6/01-more-converters: `{name:float}` and `{name:uuid}` in the trie, and
uuid.UUID handler parameters, with Part 6's rules: a segment the converter
refuses does not match (404), a value the handler cannot take is a 422."""

import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from exercises import load
from exercises.asgi import request
from part6.api_router import ApiRouter
from part6.request_data import RequestData

converters = load(__file__, "converters")
App = load(__file__, "app").App

ID = "12345678-1234-5678-9abc-1234567890ab"
OTHER = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

floats = ApiRouter()  # each group of routes needs one converter, or none
uuids = ApiRouter()
typed = ApiRouter()


@floats.get("/prices/{amount:float}")
async def price(amount: float, request_data: RequestData[Any, Any]) -> Any:
    path = await request_data.get_path_params()
    return {"amount": amount, "from_the_path": path["amount"]}


@uuids.get("/things/{thing_id:uuid}")
async def thing(thing_id: uuid.UUID, request_data: RequestData[Any, Any]) -> Any:
    path = await request_data.get_path_params()
    return {
        "thing_id": str(thing_id),
        "handler_gets": type(thing_id).__name__,
        "path_params_give": type(path["thing_id"]).__name__,
    }


@uuids.get("/files/{file_id:uuid}/raw")
async def raw_file(file_id: uuid.UUID) -> Any:
    return {"file_id": str(file_id)}


@uuids.get("/{section}/{name}/raw")
async def raw_page(section: str, name: str) -> Any:
    return {"section": section, "name": name}


@typed.get("/orders/{order_id}")
async def orders(
    order_id: uuid.UUID,
    limit: int = 10,
    owner: uuid.UUID | None = None,
    tags: list[uuid.UUID] | None = None,
) -> Any:
    return {
        "order_id": str(order_id),
        "limit": limit,
        "owner": owner if owner is None else str(owner),
        "tags": tags if tags is None else [str(tag) for tag in tags],
    }


@typed.get("/search")
async def search(owner: uuid.UUID) -> Any:
    return {"owner": str(owner), "type": type(owner).__name__}


@dataclass
class Note:
    text: str


@typed.post("/notes", status_code=201)
async def add_note(note: Note) -> Any:
    return {"text": note.text}


@typed.get("/docs/{rest:path}")
async def docs(rest: str) -> Any:
    return {"rest": rest}


async def get(routes: ApiRouter, path: str, query: str = "") -> tuple[int, Any]:
    """A GET to a new app with routes: the status, and the JSON body (None
    for a 404)."""
    app = App()
    app.include_routes([routes])
    sent = await request(app, "GET", path, query_string=query.encode())
    return sent.status, None if sent.status == 404 else json.loads(sent.body)


async def test_a_float_segment_matches() -> None:
    """/prices/{amount:float} matches /prices/1.5 and /prices/3: the handler
    and get_path_params() get 1.5 and 3.0, floats."""
    assert await get(floats, "/prices/1.5") == (200, {"amount": 1.5, "from_the_path": 1.5})
    assert await get(floats, "/prices/3") == (200, {"amount": 3.0, "from_the_path": 3.0})
    assert await get(floats, "/prices/007.250") == (200, {"amount": 7.25, "from_the_path": 7.25})


async def test_a_float_segment_refuses_the_rest() -> None:
    """Digits, perhaps a dot and more digits, and nothing else: no sign, no
    exponent, no nan or inf, ASCII digits only, and nothing too large for a
    float. float_segment gives None, and the path does not match: 404."""
    refused = ["-1.5", "+2", "1e3", ".5", "1.", "1.5.2", "nan", "inf", "1_000", "١٢", "1" * 400]
    for segment in refused:
        assert converters.float_segment(segment) is None, segment
        assert (await get(floats, f"/prices/{segment}"))[0] == 404, segment


async def test_a_uuid_segment_matches() -> None:
    """/things/{thing_id:uuid} matches a UUID with or without its hyphens,
    in either case: the handler and get_path_params() get a uuid.UUID."""
    expected = {"thing_id": ID, "handler_gets": "UUID", "path_params_give": "UUID"}
    for segment in (ID, ID.upper(), ID.replace("-", "")):
        assert await get(uuids, f"/things/{segment}") == (200, expected), segment


async def test_a_uuid_segment_refuses_the_rest() -> None:
    """Braces, a urn: prefix, a digit too few or too many, hyphens in the
    wrong places, and what uuid.UUID() itself would take ("1234_678...",
    "+2345678...") give None, and do not match: 404."""
    for segment in [
        "abc",
        "{" + ID + "}",
        "urn:uuid:" + ID,
        ID[:-1],
        ID + "0",
        ID.replace("-", "")[:-1],
        "12345678-12345678-9abc-1234567890ab",
        "1234_678123456789abc1234567890ab",
        "+2345678123456789abc1234567890ab",
        ID[:-1] + "g",
    ]:
        assert converters.uuid_segment(segment) is None, segment
        assert (await get(uuids, f"/things/{segment}"))[0] == 404, segment


async def test_a_refused_segment_lets_the_trie_backtrack() -> None:
    """With /files/{file_id:uuid}/raw and /{section}/{name}/raw, the path
    /files/notes/raw is no file (notes is no UUID): the trie tries the other
    route, as Part 6 does for a refused int."""
    assert await get(uuids, f"/files/{ID}/raw") == (200, {"file_id": ID})
    assert await get(uuids, "/files/notes/raw") == (200, {"section": "files", "name": "notes"})


def test_parse_uuid_reads_both_forms_in_either_case() -> None:
    """parse_uuid returns the uuid.UUID of a hyphenated or a plain UUID, in
    lower or upper case."""
    for text in (ID, ID.upper(), ID.replace("-", ""), ID.replace("-", "").upper()):
        assert converters.parse_uuid(text) == uuid.UUID(ID), text


def test_parse_uuid_says_why_in_pydantic_words() -> None:
    """Anything else is a ValueError with pydantic's reason: the first
    character that is neither a hex digit nor "-" (counted from 0), else the
    length (no hyphen), else the number of groups, else the first group of
    the wrong length (counted from 0)."""
    for text, reason in [
        ("xyz", "invalid character: found `x` at 0"),
        (" " + ID[1:], "invalid character: found ` ` at 0"),
        ("{" + ID + "}", "invalid character: found `{` at 0"),
        ("1234_678123456789abc1234567890ab", "invalid character: found `_` at 4"),
        (ID[:-1] + "é", "invalid character: found `é` at 35"),
        ("abc", "invalid length: found 3"),
        ("", "invalid length: found 0"),
        (ID.replace("-", "") + "0", "invalid length: found 33"),
        ("12345678-12345678-9abc-1234567890ab", "invalid group count: expected 5, found 4"),
        ("1-2-3-4-5-6", "invalid group count: expected 5, found 6"),
        ("1234567-8" + ID[9:], "invalid group length in group 0: expected 8, found 7"),
        (ID + "c", "invalid group length in group 4: expected 12, found 13"),
    ]:
        with pytest.raises(ValueError) as refused:
            converters.parse_uuid(text)
        assert str(refused.value) == reason


async def test_a_uuid_query_parameter() -> None:
    """owner: uuid.UUID reads ?owner=... into a uuid.UUID, whichever form the
    client sent."""
    for text in (ID, ID.upper(), ID.replace("-", "")):
        assert await get(typed, "/search", f"owner={text}") == (
            200,
            {"owner": ID, "type": "UUID"},
        )


async def test_optional_and_list_uuid_parameters() -> None:
    """uuid.UUID | None is None when not sent; list[uuid.UUID] reads every
    value of a repeated key."""
    assert await get(typed, f"/orders/{ID}") == (
        200,
        {"order_id": ID, "limit": 10, "owner": None, "tags": None},
    )
    assert await get(typed, f"/orders/{ID}", f"owner={OTHER}&tags={OTHER}&tags={ID}") == (
        200,
        {"order_id": ID, "limit": 10, "owner": OTHER, "tags": [OTHER, ID]},
    )


async def test_a_bad_uuid_in_the_query_is_a_422() -> None:
    """?owner=abc answers 422 with FastAPI's entry: type uuid_parsing, the
    reason in msg and in ctx."""
    assert await get(typed, "/search", "owner=abc") == (
        422,
        {
            "detail": [
                {
                    "type": "uuid_parsing",
                    "loc": ["query", "owner"],
                    "msg": "Input should be a valid UUID, invalid length: found 3",
                    "input": "abc",
                    "ctx": {"error": "invalid length: found 3"},
                }
            ]
        },
    )


async def test_every_problem_comes_in_one_422() -> None:
    """/orders/{order_id}, a str segment, with order_id: uuid.UUID: a bad id
    is a 422, not a 404, and it comes with every other problem, in FastAPI's
    order (path, then query in signature order); a list item's loc ends with
    its index."""
    status, body = await get(typed, "/orders/nope", f"limit=ten&owner=abc&tags={ID}&tags=xyz")
    assert status == 422
    assert [(entry["loc"], entry["type"], entry["input"]) for entry in body["detail"]] == [
        (["path", "order_id"], "uuid_parsing", "nope"),
        (["query", "limit"], "int_parsing", "ten"),
        (["query", "owner"], "uuid_parsing", "abc"),
        (["query", "tags", 1], "uuid_parsing", "xyz"),
    ]
    assert body["detail"][0]["msg"] == (
        "Input should be a valid UUID, invalid character: found `n` at 0"
    )


async def test_a_missing_uuid_is_field_required() -> None:
    """A required uuid.UUID parameter not sent is Part 6's missing entry."""
    missing = {"type": "missing", "loc": ["query", "owner"], "msg": "Field required", "input": None}
    assert await get(typed, "/search") == (422, {"detail": [missing]})


async def test_the_rest_of_part_6_still_works() -> None:
    """{rest:path} takes the rest of the path as it arrived; a dataclass body
    is read, and a body that is not JSON is a json_invalid entry."""
    assert await get(typed, "/docs//etc/hosts") == (200, {"rest": "/etc/hosts"})
    app = App()
    app.include_routes([typed])
    sent = await request(app, "POST", "/notes", body=b'{"text": "hi"}')
    assert (sent.status, sent.body) == (201, b'{"text":"hi"}')
    sent = await request(app, "POST", "/notes", body=b"{")
    assert (sent.status, json.loads(sent.body)["detail"][0]["type"]) == (422, "json_invalid")


def test_new_converters_follow_part_6_registration_rules() -> None:
    """{amount:float} where another route has {amount:int} is a ValueError
    (one parameter per position); an unknown converter is a ValueError that
    lists the known ones, float and uuid included."""
    clash = ApiRouter()
    clash.get("/n/{amount:int}")(price)
    clash.get("/n/{amount:float}/x")(price)
    with pytest.raises(ValueError, match="one parameter per position"):
        App().include_routes([clash])
    unknown = ApiRouter()
    unknown.get("/n/{amount:decimal}")(price)
    with pytest.raises(ValueError) as refused:
        App().include_routes([unknown])
    assert str(refused.value) == "{amount:decimal}: the converters are str, int, path, float, uuid"


@dataclass
class Tagged:
    tag: uuid.UUID


async def plain(request_data: RequestData[Any, Any]) -> None:
    return None


async def with_x(x: str) -> None:
    return None


async def with_rest(rest: str) -> None:
    return None


def sync(limit: int) -> None:
    return None


async def twice(request_data: RequestData[Any, Any], again: RequestData[Any, Any]) -> None:
    return None


async def two_bodies(first: Note, second: Note) -> None:
    return None


async def typed_query(limit: int) -> None:
    return None


async def typed_body(note: Note) -> None:
    return None


async def uuids_from_the_path(ids: list[uuid.UUID]) -> None:
    return None


async def uuid_in_a_body(body: Tagged) -> None:
    return None


def test_part_6_registration_rules_still_hold() -> None:
    """What Part 6 refuses when a route is added is still refused: a bad
    template (ValueError), a handler the plan cannot serve (TypeError, which
    names the handler), a list of UUIDs from the path or a UUID in a body
    dataclass among them."""
    for path, handler, options, error in [
        ("/a/{ids}", uuids_from_the_path, {}, "uuids_from_the_path, parameter ids: "),
        ("/a", uuid_in_a_body, {}, "uuid_in_a_body, parameter body: "),
        ("/a/{x}/{x}", with_x, {}, "names a parameter twice"),
        ("/a/{rest:path}/b", with_rest, {}, "must be the last segment"),
        ("/a/b{x}", plain, {}, "a parameter is a whole segment"),
        ("/a/{1x}", plain, {}, "is not a parameter name"),
        ("/a", sync, {}, "must be an async def function"),
        ("/a/{x}", plain, {}, "takes no x for /a/{x}"),
        ("/a", twice, {}, "takes the request's data twice"),
        ("/a", two_bodies, {}, "one body at most"),
        ("/a", typed_query, {"query_string_extractor": dict}, "typed query parameters, or"),
        ("/a", typed_body, {"body_extractor": bytes}, "a dataclass body, or"),
    ]:
        router = ApiRouter()
        router.get(path, **options)(handler)
        with pytest.raises((ValueError, TypeError), match=error):
            App().include_routes([router])


def test_routes_are_included_once() -> None:
    """A route registered twice is a ValueError, and a second include_routes a
    RuntimeError, as in Part 6."""
    router = ApiRouter()
    router.get("/a")(plain)
    router.get("/a")(plain)
    with pytest.raises(ValueError, match="already registered"):
        App().include_routes([router])
    app = App()
    app.include_routes([])
    with pytest.raises(RuntimeError):
        app.include_routes([])
