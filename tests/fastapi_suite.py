"""The typed handlers' 422s against a real FastAPI app, shared by Parts 6 and 7 (Part
7 keeps Part 6's params.py): the same endpoints in both, the same requests, the same
answers.

    fastapi_tests(part)  the same 422s where both refuse, the same values where both
                         accept, pydantic's messages, and where the part is stricter
                         on purpose (Parts 6-7)

Where both refuse an input, both answer 422 with the same `type`, `loc`, `msg` and
`input` (and `ctx` where both give one). Where Part 6 is stricter on purpose, FastAPI
(pydantic's lax mode) accepts what Part 6 refuses: those tests are named
`test_stricter_*`, and they are the differences the Part 6 page states. Of the tests
of Parts 6 and 7, only this suite imports FastAPI (tests/partN/test_fastapi.py runs
it). A test module puts the tests in its namespace with `globals().update(...)`.
"""

import importlib
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import pytest
from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import Field, TypeAdapter, ValidationError

JSON_BODY = {"content-type": "application/json"}  # FastAPI reads a body as JSON only then


@dataclass
class Inner:
    x: int


@dataclass
class Item:
    name: str
    count: int
    price: float = 1.0
    tags: list[str] = field(default_factory=list)
    inner: Inner | None = None


async def scalars(item_id: int, q: int, ratio: float, flag: bool, name: str) -> dict[str, Any]:
    return {"item_id": item_id, "q": q, "ratio": repr(ratio), "flag": flag, "name": name}


async def create(item: Item) -> dict[str, Any]:
    return {"name": item.name, "count": item.count, "price": item.price}


async def everything(item_id: int, item: Item, q: int) -> None:
    return None


async def many(ids: list[int]) -> list[int]:
    return ids


async def many_in_fastapi(ids: Annotated[list[int], Query()]) -> list[int]:
    return ids  # a list is a query parameter in FastAPI only when it says so


def fastapi_app() -> FastAPI:
    app = FastAPI()
    app.get("/items/{item_id}")(scalars)
    app.post("/items")(create)
    app.post("/all/{item_id}")(everything)
    app.get("/many")(many_in_fastapi)
    return app


FASTAPI = fastapi_app()  # one app for every part's tests
GOOD = "q=1&ratio=0.5&flag=true&name=n"  # every scalar query value, valid


async def ask(app: Any, method: str, target: str, body: bytes | None = None) -> tuple[int, Any]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        if body is None:
            response = await client.request(method, target)
        else:
            response = await client.request(method, target, content=body, headers=JSON_BODY)
    return response.status_code, response.json()


def comparable(detail: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: entry[key] for key in ("type", "loc", "msg", "input")} for entry in detail]


MESSAGE_CASES = [
    ("missing", Inner, {}),
    ("int_parsing", int, "x"),
    ("int_parsing_size", int, "1" * 4301),
    ("float_parsing", float, "x"),
    ("bool_parsing", bool, "x"),
    # FastAPI takes nan and inf as floats, so it never says this; pydantic
    # does, for a float that must be finite.
    ("finite_number", Annotated[float, Field(allow_inf_nan=False)], "inf"),
    ("string_type", str, 1),
    ("int_type", int, None),
    ("int_from_float", int, 1.5),
    ("float_type", float, None),
    ("bool_type", bool, None),
    ("list_type", list[int], 1),
    ("dataclass_type", Item, 1),
]


def fastapi_tests(part: str) -> dict[str, Any]:
    """The same endpoints in FastAPI and in part, compared request by request."""
    ApiRouter = importlib.import_module(f"{part}.api_router").ApiRouter
    App = importlib.import_module(f"{part}.app").App
    MESSAGES = importlib.import_module(f"{part}.params").MESSAGES

    def our_app() -> Any:
        api = ApiRouter()
        api.get("/items/{item_id}")(scalars)
        api.post("/items")(create)
        api.post("/all/{item_id}")(everything)
        api.get("/many")(many)
        app = App()
        app.include_routes([api])
        return app

    APPS = {"fastapi": FASTAPI, "ours": our_app()}

    async def both(
        method: str, target: str, body: bytes | None = None
    ) -> dict[str, tuple[int, Any]]:
        return {name: await ask(app, method, target, body) for name, app in APPS.items()}

    async def assert_same_422(method: str, target: str, body: bytes | None = None) -> list[Any]:
        """Both answer 422 with the same entries, and the same ctx where both give one."""
        answers = await both(method, target, body)
        (fast_status, fast), (ours_status, ours) = answers["fastapi"], answers["ours"]
        assert (fast_status, ours_status) == (422, 422), answers
        assert comparable(ours["detail"]) == comparable(fast["detail"])
        for mine, theirs in zip(ours["detail"], fast["detail"], strict=True):
            if "ctx" in mine and "ctx" in theirs:
                assert mine["ctx"] == theirs["ctx"]
        return ours["detail"]

    # --- Where both refuse: the same 422 ---------------------------------------------------

    @pytest.mark.parametrize(
        ("target", "kind"),
        [
            (f"/items/abc?{GOOD}", "int_parsing"),  # a path value
            ("/items/1?q=ten&ratio=0.5&flag=true&name=n", "int_parsing"),
            ("/items/1?q=4.5&ratio=0.5&flag=true&name=n", "int_parsing"),
            ("/items/1?q=%D9%A1&ratio=0.5&flag=true&name=n", "int_parsing"),
            ("/items/1?q=1&ratio=x&flag=true&name=n", "float_parsing"),
            ("/items/1?q=1&ratio=%D9%A1&flag=true&name=n", "float_parsing"),  # Part 6's fix
            ("/items/1?q=1&ratio=0x1&flag=true&name=n", "float_parsing"),
            ("/items/1?q=1&ratio=0.5&flag=maybe&name=n", "bool_parsing"),
            ("/items/1?q=1&ratio=0.5&flag=&name=n", "bool_parsing"),
            ("/items/1?q=1&ratio=0.5&flag=2&name=n", "bool_parsing"),
            ("/items/1?ratio=0.5&flag=true&name=n", "missing"),
            (f"/items/1?q={'1' * 4301}&ratio=0.5&flag=true&name=n", "int_parsing_size"),
        ],
    )
    async def test_a_query_or_path_value_both_refuse(target, kind) -> None:
        [entry] = await assert_same_422("GET", target)
        assert entry["type"] == kind

    async def test_every_missing_query_value_in_signature_order() -> None:
        detail = await assert_same_422("GET", "/items/1")
        assert [entry["loc"] for entry in detail] == [
            ["query", "q"],
            ["query", "ratio"],
            ["query", "flag"],
            ["query", "name"],
        ]

    async def test_a_bad_list_item_at_its_index() -> None:
        detail = await assert_same_422("GET", "/many?ids=1&ids=x&ids=2&ids=y")
        assert [entry["loc"] for entry in detail] == [["query", "ids", 1], ["query", "ids", 3]]
        await assert_same_422("GET", "/many")  # missing

    @pytest.mark.parametrize(
        ("body", "kinds"),
        [
            (b"", ["missing"]),
            (b"{}", ["missing", "missing"]),
            (b'{"name": "a", "count": 1, "inner": {}}', ["missing"]),
            (b'{"name": 5, "count": 1}', ["string_type"]),
            (b'{"name": "a", "count": 1, "tags": ["a", 1, null]}', ["string_type", "string_type"]),
            (b'{"name": "a", "count": 1.5}', ["int_from_float"]),
            (b'{"name": "a", "count": 1, "tags": "a"}', ["list_type"]),
            (b'{"name": "a", "count": 1, "tags": {"a": 1}}', ["list_type"]),
            (b"null", ["dataclass_type"]),
            (b"[1]", ["dataclass_type"]),
            (b'"s"', ["dataclass_type"]),
            (b"3", ["dataclass_type"]),
            (b'{"name": "a", "count": 1, "inner": 3}', ["dataclass_type"]),
            (b'{"name": "a", "count": 1, "price": 1' + b"0" * 400 + b"}", ["float_type"]),
            (b"{nope", ["json_invalid"]),
            (b"[1,", ["json_invalid"]),
            (b'{"name": "a",}', ["json_invalid"]),
        ],
    )
    async def test_a_body_both_refuse(body, kinds) -> None:
        detail = await assert_same_422("POST", "/items", body)
        assert [entry["type"] for entry in detail] == kinds

    async def test_the_dataclass_and_json_errors_carry_the_same_context() -> None:
        [entry] = await assert_same_422("POST", "/items", b"[1]")
        assert entry["ctx"] == {"class_name": "Item"}
        [entry] = await assert_same_422("POST", "/items", b"{nope")
        assert entry["ctx"] == {"error": "Expecting property name enclosed in double quotes"}
        assert (entry["loc"], entry["input"]) == (["body", 1], {})

    async def test_errors_come_path_then_query_then_body() -> None:
        body = b'{"name": 1, "count": "x"}'
        answers = await both("POST", "/all/abc?q=ten", body)
        ours, fast = answers["ours"][1]["detail"], answers["fastapi"][1]["detail"]
        # FastAPI parses "x" for an int and says int_parsing; Part 6 takes no string
        # for a number and says int_type (see the stricter tests below). The order holds.
        assert (
            [entry["loc"] for entry in ours]
            == [entry["loc"] for entry in fast]
            == [
                ["path", "item_id"],
                ["query", "q"],
                ["body", "name"],
                ["body", "count"],
            ]
        )
        assert comparable(ours[:3]) == comparable(fast[:3])

    async def test_values_both_accept_come_out_the_same() -> None:
        target = "/items/7?q=-3&ratio=1e3&flag=OFF&name=caf%C3%A9&q=4"  # the last q wins
        answers = await both("GET", target)
        assert (
            answers["ours"]
            == answers["fastapi"]
            == (
                200,
                {"item_id": 7, "q": 4, "ratio": "1000.0", "flag": False, "name": "café"},
            )
        )
        body = b'{"name": "a", "count": 2.0, "price": 3, "extra": true}'
        answers = await both("POST", "/items", body)
        assert (
            answers["ours"]
            == answers["fastapi"]
            == (
                200,
                {"name": "a", "count": 2, "price": 3.0},
            )
        )

    @pytest.mark.parametrize(("kind", "annotation", "value"), MESSAGE_CASES)
    def test_every_message_is_pydantics(kind, annotation, value) -> None:
        # json_invalid's "JSON decode error" is FastAPI's own: test_a_body_both_refuse.
        with pytest.raises(ValidationError) as info:
            TypeAdapter(annotation).validate_python(value)
        [problem] = info.value.errors()
        assert (problem["type"], problem["msg"]) == (kind, MESSAGES[kind].format("Item"))

    def test_every_message_of_the_part_is_checked_here() -> None:
        assert set(MESSAGES) == {"json_invalid", *(case[0] for case in MESSAGE_CASES)}

    # --- Where Part 6 is stricter on purpose: FastAPI accepts, the part refuses ----------

    async def stricter(target: str, body: bytes | None = None, method: str = "GET") -> list[Any]:
        answers = await both(method, target, body)
        assert answers["fastapi"][0] == 200, answers
        assert answers["ours"][0] == 422, answers
        return answers["ours"][1]["detail"]

    @pytest.mark.parametrize("text", ["4.0", "1_000", "%207", "7%20"])
    async def test_stricter_an_int_is_a_sign_and_digits_only(text) -> None:
        [entry] = await stricter(f"/items/1?q={text}&ratio=0.5&flag=true&name=n")
        assert entry["type"] == "int_parsing"

    @pytest.mark.parametrize("text", ["t", "y", "f", "n", "T", "N"])
    async def test_stricter_a_bool_is_a_whole_word_or_1_or_0(text) -> None:
        [entry] = await stricter(f"/items/1?q=1&ratio=0.5&flag={text}&name=n")
        assert entry["type"] == "bool_parsing"

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("nan", "finite_number"),
            ("inf", "finite_number"),
            ("-inf", "finite_number"),
            ("1e400", "finite_number"),
            ("1_0", "float_parsing"),
            ("1_0.5", "float_parsing"),
            ("%201", "float_parsing"),
        ],
    )
    async def test_stricter_a_float_is_finite_and_written_plainly(text, kind) -> None:
        [entry] = await stricter(f"/items/1?q=1&ratio={text}&flag=true&name=n")
        assert entry["type"] == kind

    @pytest.mark.parametrize(
        ("body", "kind"),
        [
            (b'{"name": "a", "count": "3"}', "int_type"),  # a JSON string is not a number
            (b'{"name": "a", "count": true}', "int_type"),  # nor is true
            (b'{"name": "a", "count": 1, "price": "2.5"}', "float_type"),
            (b'{"name": "a", "count": 1, "price": false}', "float_type"),
            (b'{"name": "a", "count": 1, "inner": {"x": "4"}}', "int_type"),
        ],
    )
    async def test_stricter_a_json_value_keeps_its_json_type(body, kind) -> None:
        [entry] = await stricter("/items", body, "POST")
        assert entry["type"] == kind
        assert entry["msg"] == MESSAGES[kind]

    async def test_stricter_a_json_string_for_a_number_is_int_type_not_int_parsing() -> None:
        # Both refuse "x" for an int field, but FastAPI tried to parse it (int_parsing),
        # where the part refuses any string there (int_type, pydantic's strict-mode error).
        answers = await both("POST", "/items", b'{"name": "a", "count": "x"}')
        [fast], [ours] = answers["fastapi"][1]["detail"], answers["ours"][1]["detail"]
        assert (fast["type"], ours["type"]) == ("int_parsing", "int_type")
        assert (fast["loc"], fast["input"]) == (ours["loc"], ours["input"])
        assert (ours["loc"], ours["input"]) == (["body", "count"], "x")

    async def test_an_int_from_a_json_float_that_is_whole_is_accepted_by_both() -> None:
        answers = await both("POST", "/items", b'{"name": "a", "count": 1e2}')
        assert (
            answers["ours"]
            == answers["fastapi"]
            == (200, {"name": "a", "count": 100, "price": 1.0})
        )

    async def test_different_a_dict_from_a_handler_annotated_as_a_response() -> None:
        # FastAPI sends it as JSON all the same; the part takes the annotation at its
        # word, calls such a handler as Part 5 did, and answers Part 5's 500.
        JsonResponse = importlib.import_module(f"{part}.http_responses").JsonResponse
        RequestData = importlib.import_module(f"{part}.request_data").RequestData

        async def theirs(request: Request) -> JSONResponse:
            return {"a": 1}  # type: ignore[return-value]

        async def ours(request_data: RequestData) -> JsonResponse:  # type: ignore[valid-type]
            return {"a": 1}  # type: ignore[return-value]

        fastapi = FastAPI()
        fastapi.get("/liar")(theirs)
        api = ApiRouter()
        api.get("/liar")(ours)
        app = App()
        app.include_routes([api])
        answers = []
        for server in (fastapi, app):
            transport = httpx.ASGITransport(app=server)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                response = await client.get("/liar")
            answers.append((response.status_code, response.text))
        assert answers == [(200, '{"a":1}'), (500, "Internal Server Error")]

    return {name: test for name, test in locals().items() if name.startswith("test_")}
