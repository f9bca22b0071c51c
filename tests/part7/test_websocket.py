"""Part 7's WebSockets, as raw ASGI messages: the handshake (accept or refuse), messages
both ways (text, bytes, JSON), close codes, disconnects, what is out of order (a
RuntimeError), and the app around a handler: its routes, its plan for path and query
values, and what it closes with when the handler returns or fails."""

import asyncio
import logging
from typing import Any

import pytest

from part7.api_router import ApiRouter
from part7.app import App
from part7.exceptions import WebSocketDisconnect
from part7.http_responses import OK_TEXTResponse
from part7.websocket import WebSocket
from tests.asgi import (
    CONNECT,
    Gone,
    Recorder,
    call,
    http_scope,
    response_of,
    websocket_scope,
    ws_bytes,
    ws_disconnect,
    ws_text,
)

ACCEPT = {"type": "websocket.accept", "subprotocol": None, "headers": []}


def close(code: int = 1000, reason: str = "") -> dict[str, Any]:
    return {"type": "websocket.close", "code": code, "reason": reason}


def text(data: str) -> dict[str, Any]:
    return {"type": "websocket.send", "text": data}


seen: list[Any] = []  # what the handlers below saw, for the tests to check

api = ApiRouter()


@api.get("/page")
async def page() -> OK_TEXTResponse:
    return OK_TEXTResponse("a page, over HTTP only")


@api.websocket("/echo")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for message in websocket.iter_text():
        await websocket.send_text(message)
    seen.append("the client left")


@api.websocket("/chat")
async def subprotocol(websocket: WebSocket) -> None:
    await websocket.accept(subprotocol="chat.v1", headers={"X-Server": "ours"})


@api.websocket("/bytes")
async def reverse_bytes(websocket: WebSocket) -> None:
    await websocket.accept()
    data = await websocket.receive_bytes()
    await websocket.send_bytes(data[::-1])


@api.websocket("/json")
async def json_echo(websocket: WebSocket) -> None:
    await websocket.accept()
    data = await websocket.receive_json()
    await websocket.send_json({"got": data, "ok": True})


@api.websocket("/text")
async def one_text(websocket: WebSocket) -> None:
    await websocket.accept()
    seen.append(await websocket.receive_text())


@api.websocket("/close")
async def closes(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.close(4000, "that is all")


@api.websocket("/returns")
async def returns(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("bye")


@api.websocket("/never-accepts")
async def never_accepts(websocket: WebSocket) -> None:
    pass


@api.websocket("/raises")
async def raises(websocket: WebSocket) -> None:
    await websocket.accept()
    raise ValueError("a bug in the handler")


@api.websocket("/raises-before-accept")
async def raises_before_accept(websocket: WebSocket) -> None:
    raise ValueError("a bug before the handshake")


@api.websocket("/disconnect")
async def notes_the_disconnect(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        await websocket.receive_text()
    except WebSocketDisconnect as exc:
        seen.append((exc.code, exc.reason))
        raise  # and lets it escape: no error


@api.websocket("/raises-disconnect")
async def raises_disconnect(websocket: WebSocket, accept: bool = False) -> None:
    # A handler's own WebSocketDisconnect, while both ends are still there: a send
    # to another connection that had gone, say, left uncaught.
    if accept:
        await websocket.accept()
    raise WebSocketDisconnect(1006)


@api.websocket("/sends")
async def sends_to_a_client_that_left(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        await websocket.send_text("anyone there?")
    except WebSocketDisconnect as exc:
        seen.append((exc.code, websocket.client_left))
        raise


@api.websocket("/items/{item_id:int}")
async def item(websocket: WebSocket, item_id: int, count: int = 1, tag: str | None = None) -> None:
    await websocket.accept()
    await websocket.send_json({"item_id": item_id, "count": count, "tag": tag})


@api.websocket("/required")
async def required(websocket: WebSocket, token: str) -> None:
    await websocket.accept()


@api.websocket("/by-annotation")
async def by_annotation(connection: WebSocket, q: str = "") -> None:
    await connection.accept()
    await connection.send_text(f"annotation {q}")


@api.websocket("/by-name")
async def by_name(websocket, q: str = "") -> None:
    await websocket.accept()
    await websocket.send_text(f"name {q}")


@api.websocket("/nothing")
async def takes_nothing() -> None:
    seen.append("called with nothing")


app = App()
app.include_routes([api])


async def talk(path: str, *messages: dict[str, Any], query_string: bytes = b"") -> list[dict]:
    """What the app sends for a WebSocket at path, when the client sends messages."""
    seen.clear()
    scope = websocket_scope(path, query_string)
    return (await call(app, scope, list(messages))).sent


# --- The handshake -----------------------------------------------------------------------


async def test_the_handshake_is_connect_then_accept() -> None:
    assert await talk("/echo", CONNECT, ws_disconnect()) == [ACCEPT]


async def test_accept_sends_a_subprotocol_and_headers() -> None:
    sent = await talk("/chat", CONNECT)
    accept = {"type": "websocket.accept", "subprotocol": "chat.v1"}
    assert sent == [{**accept, "headers": [(b"x-server", b"ours")]}, close()]


@pytest.mark.parametrize("path", ["/nope", "/", "/items", "/items/abc", "/page"])
async def test_an_unknown_or_http_only_path_is_refused_before_accept(path, caplog) -> None:
    # A close as the first message is a refusal: the server answers 403.
    with caplog.at_level(logging.DEBUG):
        assert await talk(path, CONNECT) == [{"type": "websocket.close", "code": 1000}]
    assert caplog.records == []


async def test_a_page_and_a_websocket_may_share_a_path() -> None:
    shared = ApiRouter()

    @shared.get("/live")
    async def live_page() -> OK_TEXTResponse:
        return OK_TEXTResponse("the page")

    @shared.websocket("/live")
    async def live_socket(websocket: WebSocket) -> None:
        await websocket.accept()

    both = App()
    both.include_routes([shared])
    assert (await call(both, websocket_scope("/live"), [CONNECT])).sent == [ACCEPT, close()]
    assert response_of(await call(both, http_scope("GET", "/live")))[2] == b"the page"


# --- Messages both ways ------------------------------------------------------------------


async def test_text_both_ways_until_the_client_leaves() -> None:
    sent = await talk("/echo", CONNECT, ws_text("one"), ws_text("två"), ws_disconnect(1001))
    assert sent == [ACCEPT, text("one"), text("två")]  # the client left: no close
    assert seen == ["the client left"]  # iter_text ended, the handler went on


async def test_bytes_both_ways() -> None:
    sent = await talk("/bytes", CONNECT, ws_bytes(b"\x00\x01\xff"))
    assert sent == [ACCEPT, {"type": "websocket.send", "bytes": b"\xff\x01\x00"}, close()]


async def test_json_is_sent_compact_with_non_ascii_text_kept() -> None:
    sent = await talk("/json", CONNECT, ws_text('{"name": "Zoë", "n": [1, 2]}'))
    assert sent == [ACCEPT, text('{"got":{"name":"Zoë","n":[1,2]},"ok":true}'), close()]


async def test_a_message_may_carry_both_keys_one_of_them_none() -> None:
    # ASGI allows {"bytes": None, "text": "..."}: the one that is set counts.
    sent = await talk("/text", CONNECT, {"type": "websocket.receive", "bytes": None, "text": "hi"})
    assert seen == ["hi"]
    assert sent == [ACCEPT, close()]


# --- Close codes -------------------------------------------------------------------------


async def test_the_handlers_close_code_and_reason() -> None:
    assert await talk("/close", CONNECT) == [ACCEPT, close(4000, "that is all")]


async def test_a_handler_that_returns_without_closing_is_closed_with_1000() -> None:
    assert await talk("/returns", CONNECT) == [ACCEPT, text("bye"), close(1000)]


async def test_a_handler_that_never_accepts_is_refused() -> None:
    assert await talk("/never-accepts", CONNECT) == [close(1000)]


async def test_a_handler_that_raises_is_logged_with_its_traceback_and_closed_1011(caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="part7.app"):
        assert await talk("/raises", CONNECT) == [ACCEPT, close(1011)]
    [record] = caplog.records
    assert record.getMessage() == "Error in the WebSocket of /raises"
    assert record.exc_info[1].args == ("a bug in the handler",)


async def test_a_handler_that_raises_before_accept_is_logged_and_refused(caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="part7.app"):
        assert await talk("/raises-before-accept", CONNECT) == [close(1011)]
    assert [r.getMessage() for r in caplog.records] == [
        "Error in the WebSocket of /raises-before-accept"
    ]
    assert caplog.records[0].exc_info is not None


async def test_bytes_sent_to_a_text_reader_close_it_with_1003(caplog) -> None:
    with caplog.at_level(logging.DEBUG):
        sent = await talk("/text", CONNECT, ws_bytes(b"binary"))
    assert sent == [ACCEPT, close(1003, "this endpoint takes text")]
    assert caplog.records == []  # the client's mistake, not the server's


async def test_text_sent_to_a_bytes_reader_closes_it_with_1003() -> None:
    sent = await talk("/bytes", CONNECT, ws_text("text"))
    assert sent == [ACCEPT, close(1003, "this endpoint takes bytes")]


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (ws_text("{not json"), "the message is not JSON"),
        (ws_bytes(b"{}"), "this endpoint takes text"),
    ],
)
async def test_a_json_reader_closes_what_is_not_json_text_with_1007(message, reason) -> None:
    assert await talk("/json", CONNECT, message) == [ACCEPT, close(1007, reason)]


# --- Disconnects -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "code", "reason"),
    [
        (ws_disconnect(1001, "going away"), 1001, "going away"),
        (ws_disconnect(4100), 4100, ""),
        ({"type": "websocket.disconnect", "code": 1000, "reason": None}, 1000, ""),
        ({"type": "websocket.disconnect"}, 1005, ""),  # no code: none was given
    ],
)
async def test_websocket_disconnect_carries_the_clients_code_and_reason(
    message, code, reason, caplog
) -> None:
    with caplog.at_level(logging.DEBUG):
        sent = await talk("/disconnect", CONNECT, message)
    assert seen == [(code, reason)]
    assert sent == [ACCEPT]  # the handler let it escape: nothing sent, nothing logged
    assert caplog.records == []


async def test_a_send_to_a_client_that_has_gone_is_a_disconnect_with_1006(caplog) -> None:
    recorder = Gone([CONNECT], sends=1)  # the accept goes; then the client is gone
    seen.clear()
    with caplog.at_level(logging.DEBUG):
        await asyncio.wait_for(app(websocket_scope("/sends"), recorder.receive, recorder.send), 2)
    assert seen == [(1006, True)]
    assert recorder.sent == [ACCEPT]  # and no close to a client that is not there
    assert caplog.records == []


async def test_a_client_that_leaves_before_the_handshake() -> None:
    assert await talk("/echo", ws_disconnect(1001)) == []


@pytest.mark.parametrize(
    ("query", "sent"), [(b"", [close(1000)]), (b"accept=1", [ACCEPT, close(1000)])]
)
async def test_a_handlers_own_websocket_disconnect_closes_with_1000_not_an_error(
    query, sent, caplog
) -> None:
    # Before the fix, the app returned without a word: uvicorn logged "ASGI callable
    # returned without sending handshake" and answered 500 (or dropped an accepted
    # connection without a close frame).
    with caplog.at_level(logging.DEBUG):
        assert await talk("/raises-disconnect", CONNECT, query_string=query) == sent
    assert caplog.records == []


def test_websocket_disconnect_defaults_and_message() -> None:
    assert (WebSocketDisconnect().code, WebSocketDisconnect().reason) == (1000, "")
    assert str(WebSocketDisconnect(1001, "going away")) == "WebSocket closed: 1001 going away"
    assert str(WebSocketDisconnect(1006)) == "WebSocket closed: 1006"


# --- Out of order: RuntimeError ----------------------------------------------------------


def connection(*messages: dict[str, Any]) -> tuple[WebSocket, Recorder]:
    recorder = Recorder(messages)
    return WebSocket(websocket_scope("/"), recorder.receive, recorder.send), recorder


@pytest.mark.parametrize("name", ["receive_text", "receive_bytes", "receive_json"])
async def test_receiving_before_accept_is_a_runtime_error(name) -> None:
    websocket, recorder = connection(CONNECT, ws_text("{}"))
    with pytest.raises(RuntimeError, match=r"accept\(\) the connection before receiving"):
        await getattr(websocket, name)()
    assert recorder.received == 0


async def test_receiving_after_a_disconnect_was_reported_is_a_runtime_error() -> None:
    websocket, _ = connection(CONNECT, ws_disconnect(1001))
    await websocket.accept()
    with pytest.raises(WebSocketDisconnect):
        await websocket.receive_text()
    assert websocket.client_left
    with pytest.raises(RuntimeError, match="the connection is over: nothing to receive"):
        await websocket.receive_text()


async def test_receiving_after_close_is_a_runtime_error() -> None:
    websocket, _ = connection(CONNECT, ws_text("late"))
    await websocket.accept()
    await websocket.close()
    with pytest.raises(RuntimeError, match="the connection is over"):
        await websocket.receive_text()


@pytest.mark.parametrize(
    ("name", "data"), [("send_text", "a"), ("send_bytes", b"a"), ("send_json", {"a": 1})]
)
async def test_sending_before_accept_or_after_close_is_a_runtime_error(name, data) -> None:
    websocket, recorder = connection(CONNECT)
    with pytest.raises(RuntimeError, match=r"accept\(\) the connection before sending"):
        await getattr(websocket, name)(data)
    await websocket.accept()
    await websocket.close()
    with pytest.raises(RuntimeError, match="the connection is closed: nothing to send"):
        await getattr(websocket, name)(data)
    assert recorder.sent == [ACCEPT, close()]


async def test_a_second_accept_is_a_runtime_error_and_so_is_accept_after_close() -> None:
    websocket, recorder = connection(CONNECT)
    await websocket.accept()
    with pytest.raises(RuntimeError, match=r"accept\(\) comes once, before close\(\)"):
        await websocket.accept()
    refused, _ = connection(CONNECT)
    await refused.close()  # before accept: a refusal
    with pytest.raises(RuntimeError, match=r"accept\(\) comes once"):
        await refused.accept()
    assert recorder.sent == [ACCEPT]


async def test_a_second_close_is_a_runtime_error() -> None:
    websocket, recorder = connection(CONNECT)
    await websocket.accept()
    await websocket.close(1001)
    with pytest.raises(RuntimeError, match=r"close\(\) was called already"):
        await websocket.close()
    assert recorder.sent == [ACCEPT, close(1001)]


async def test_accept_expects_the_connect_message() -> None:
    websocket, _ = connection(ws_text("too early"))
    with pytest.raises(RuntimeError, match=r"expected websocket\.connect"):
        await websocket.accept()
    assert not websocket.accepted


async def test_closing_after_the_client_left_sends_nothing() -> None:
    websocket, recorder = connection(CONNECT, ws_disconnect())
    await websocket.accept()
    with pytest.raises(WebSocketDisconnect):
        await websocket.receive_bytes()
    await websocket.close()
    assert websocket.closed
    assert recorder.sent == [ACCEPT]


async def test_a_misused_connection_in_a_handler_is_logged_and_closed_1011(caplog) -> None:
    misused = ApiRouter()

    @misused.websocket("/early")
    async def sends_early(websocket: WebSocket) -> None:
        await websocket.send_text("before accept")

    broken = App()
    broken.include_routes([misused])
    with caplog.at_level(logging.ERROR, logger="part7.app"):
        sent = (await call(broken, websocket_scope("/early"), [CONNECT])).sent
    assert sent == [close(1011)]  # refused: it had not accepted
    assert "accept() the connection before sending" in caplog.text


# --- The handshake's request: accessors --------------------------------------------------


async def test_the_accessors_read_the_handshakes_request() -> None:
    scope = websocket_scope(
        "/items/7",
        b"tag=a&tag=b&q=",
        [(b"Origin", b"http://example.com"), (b"x-two", b"1"), (b"x-two", b"2")],
    )
    scope["state"] = {"rooms": "shared"}
    websocket = WebSocket(scope, Recorder().receive, Recorder().send, {"item_id": 7})
    assert await websocket.get_headers() == {"origin": "http://example.com", "x-two": "1, 2"}
    assert await websocket.get_header_value("ORIGIN") == "http://example.com"
    assert await websocket.get_header_value("x-none", "default") == "default"
    assert await websocket.get_query_string_params() == {"tag": ["a", "b"], "q": [""]}
    assert await websocket.get_path_params() == {"item_id": 7}
    assert await websocket.get_state() == {"rooms": "shared"}
    bare = WebSocket(websocket_scope(), Recorder().receive, Recorder().send)
    assert (await bare.get_path_params(), await bare.get_state()) == ({}, {})


# --- Path and query values, by Part 6's plan ---------------------------------------------


async def test_path_and_query_values_are_converted_by_the_plan() -> None:
    sent = await talk("/items/42", CONNECT, query_string=b"count=3&tag=red")
    assert sent == [ACCEPT, text('{"item_id":42,"count":3,"tag":"red"}'), close()]
    sent = await talk("/items/42", CONNECT)
    assert sent[1] == text('{"item_id":42,"count":1,"tag":null}')


@pytest.mark.parametrize(
    ("path", "query"), [("/items/1", b"count=three"), ("/required", b""), ("/items/1", b"count=")]
)
async def test_values_that_fail_the_plan_are_refused_with_1008(path, query, caplog) -> None:
    with caplog.at_level(logging.DEBUG):
        assert await talk(path, CONNECT, query_string=query) == [close(1008)]
    assert caplog.records == []  # the client's mistake


@pytest.mark.parametrize(
    ("path", "greeting"), [("/by-annotation", "annotation"), ("/by-name", "name")]
)
async def test_the_websocket_comes_by_annotation_or_by_the_name_websocket(path, greeting) -> None:
    sent = await talk(path, CONNECT, query_string=b"q=hi")
    assert sent == [ACCEPT, text(f"{greeting} hi"), close()]


async def test_a_handler_may_take_no_websocket_at_all() -> None:
    assert await talk("/nothing", CONNECT) == [close(1000)]  # it cannot accept: refused
    assert seen == ["called with nothing"]


async def test_after_a_failed_send_the_disconnect_is_still_there_to_receive() -> None:
    # The failed send may be another handler's (a broadcast): this handler has not
    # been told yet, and its next receive tells it. Only then is receiving an error.
    recorder = Gone([CONNECT, ws_disconnect(1006)], sends=1)
    websocket = WebSocket(websocket_scope("/"), recorder.receive, recorder.send)
    await websocket.accept()
    with pytest.raises(WebSocketDisconnect) as failed:
        await websocket.send_text("anyone?")
    assert (failed.value.code, websocket.client_left) == (1006, True)
    with pytest.raises(WebSocketDisconnect) as received:
        await websocket.receive_text()
    assert received.value.code == 1006
    with pytest.raises(RuntimeError, match="the connection is over"):
        await websocket.receive_text()
