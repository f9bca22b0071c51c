"""Part 3's sample app, through httpx's ASGITransport."""

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


async def test_delete_home_is_405_with_allow(client) -> None:
    response = await client.delete("/home")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


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


async def test_careers_rejects_invalid_json(client) -> None:
    response = await client.post("/about/careers", content=b"not json")
    assert response.status_code == 400
    assert response.text == "Request body is not valid JSON"


async def test_unknown_path_is_404(client) -> None:
    assert (await client.get("/jobs")).status_code == 404


def test_sample_extractors() -> None:
    assert keep_single_values({"a": ["1"], "b": ["1", "2"]}) == {"a": "1", "b": ["1", "2"]}
    assert decode_text(b"caf\xc3\xa9 \xff") == "café \ufffd"
