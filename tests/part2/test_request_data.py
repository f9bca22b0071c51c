"""Part 2's RequestData: the query string, parsed from the scope."""

from hypothesis import given
from hypothesis import strategies as st

from part2.request_data import RequestData
from tests.asgi import http_scope


def request_data(query_string: bytes, extractor=None) -> RequestData:
    return RequestData(http_scope("GET", "/", query_string), extractor)


async def test_query_string_gives_lists_of_values() -> None:
    params = await request_data(b"tag=a&tag=b&q=&page=2").get_query_string_params()
    assert params == {"tag": ["a", "b"], "q": [""], "page": ["2"]}


async def test_key_without_equals_sign_is_kept_blank() -> None:
    assert await request_data(b"flag").get_query_string_params() == {"flag": [""]}


async def test_empty_query_string_gives_an_empty_dict() -> None:
    assert await request_data(b"").get_query_string_params() == {}


async def test_percent_escapes_and_plus_are_decoded() -> None:
    params = await request_data(b"name=J%C3%BCrgen+M&x=%zz").get_query_string_params()
    assert params == {"name": ["Jürgen M"], "x": ["%zz"]}


async def test_invalid_utf8_is_replaced_not_an_error() -> None:
    params = await request_data(b"a=%ff&b=\xff").get_query_string_params()
    assert params == {"a": ["\ufffd"], "b": ["\ufffd"]}


async def test_extractor_gets_the_parsed_dict_and_its_result_is_returned() -> None:
    seen = []

    def extractor(params):
        seen.append(params)
        return int(params["page"][0])

    assert await request_data(b"page=3", extractor).get_query_string_params() == 3
    assert seen == [{"page": ["3"]}]


async def test_missing_query_string_key_is_treated_as_empty() -> None:
    assert await RequestData({"type": "http"}).get_query_string_params() == {}


@given(st.binary(max_size=200))
async def test_any_query_string_parses_without_error(raw: bytes) -> None:
    params = await request_data(raw).get_query_string_params()
    assert all(isinstance(v, list) and v for v in params.values())


def test_limitation_part2_has_no_body_methods() -> None:
    public = {name for name in dir(RequestData) if not name.startswith("_")}
    assert public == {"get_query_string_params"}
