"""Part 3's sample app, through httpx's ASGITransport.

What every Part 3 app does (404, 405, 400 for bad JSON, ...) is in the behaviour
table, tests/behaviours.py; here are the sample's own routes.
"""

import json
import logging

import httpx
import pytest

from part3.sample import app, decode_text, keep_single_values


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/home", "/home/"])
async def test_home_answers_json(client, path) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {"page": "home"}


async def test_about_returns_nothing_so_the_app_answers_500(client, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="part3.app"):
        response = await client.get("/about")
    assert response.status_code == 500
    assert response.text == "Internal Server Error"
    assert "about" in caplog.text


async def test_careers_echoes_query_body_and_json(client) -> None:
    response = await client.post(
        "/about/careers", params=[("team", "web"), ("tag", "a"), ("tag", "b")], json={"role": "dev"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "query": {"team": "web", "tag": ["a", "b"]},
        "body": '{"role":"dev"}',
        "json": {"role": "dev"},
    }


async def test_careers_get_without_body(client) -> None:
    response = await client.get("/about/careers")
    assert response.json() == {"query": {}, "body": "", "json": None}


async def test_careers_echoes_json_nested_as_deep_as_allowed(client) -> None:
    # The echo wraps the value in one more object: it must still encode, never a 500.
    deepest = "[" * 100 + "]" * 100
    response = await client.post("/about/careers", content=deepest)
    assert response.status_code == 200
    assert response.json()["json"] == json.loads(deepest)
    too_deep = await client.post("/about/careers", content="[" + deepest + "]")
    assert (too_deep.status_code, too_deep.text) == (
        400,
        "Request body is nested more than 100 levels deep",
    )


def test_sample_extractors() -> None:
    assert keep_single_values({"a": ["1"], "b": ["1", "2"]}) == {"a": "1", "b": ["1", "2"]}
    assert decode_text(b"caf\xc3\xa9 \xff") == "café \ufffd"
