"""Part 2's router: the same trie, with Methods now in types.py and extractors on routes."""

import pytest

from part2.router import Router
from part2.types import Methods


async def handler(request_data) -> None:
    pass


def extract_query(params):
    return params


def extract_body(body):
    return body


def test_route_keeps_its_extractors() -> None:
    router = Router()
    router.add_route("/jobs", handler, Methods.POST, extract_query, extract_body)
    route = router.get_route("/jobs", "POST")
    assert route.handler is handler
    assert route.query_string_extractor is extract_query
    assert route.body_extractor is extract_body


def test_extractors_default_to_none() -> None:
    router = Router()
    router.add_route("/jobs", handler)
    route = router.get_route("/jobs", "GET")
    assert route.query_string_extractor is None
    assert route.body_extractor is None


def test_limitation_wrong_method_is_no_route() -> None:
    router = Router()
    router.add_route("/jobs", handler)
    assert router.get_route("/jobs", "DELETE") is None


def test_limitation_trailing_slash_is_another_path() -> None:
    router = Router()
    router.add_route("/jobs", handler)
    assert router.get_segments("/jobs/") == ["jobs", ""]
    assert router.get_route("/jobs/", "GET") is None


def test_duplicate_registration_is_an_error() -> None:
    router = Router()
    router.add_route("/jobs", handler)
    with pytest.raises(ValueError, match="already registered"):
        router.add_route("/jobs", handler)
