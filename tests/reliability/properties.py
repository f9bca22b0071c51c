"""The properties every answer must have, checked on one request to one target."""

import asyncio
from typing import Any

from tests.asgi import Recorder, response_of
from tests.reliability.strategies import Request
from tests.reliability.targets import NO_RESPONSE, STAGE_STATUSES, Target

TIMEOUT = 1.0  # seconds; an in-process call takes well under a millisecond


class TracingRecorder(Recorder):
    """A Recorder that also notes how many messages the app had received at each send."""

    def __init__(self, messages: list[dict[str, Any]]) -> None:
        super().__init__(messages)
        self.received_at_send: list[int] = []

    async def send(self, message: dict[str, Any]) -> None:
        self.received_at_send.append(self.received)
        await super().send(message)

    def disconnect_received(self) -> bool:
        return any(m["type"] == "http.disconnect" for m in self.incoming[: self.received])

    def sent_after_disconnect(self) -> list[dict[str, Any]]:
        """The messages the app sent after it had been told the client was gone."""
        types = [m["type"] for m in self.incoming]
        if "http.disconnect" not in types:
            return []
        seen_by = types.index("http.disconnect") + 1
        return [m for m, n in zip(self.sent, self.received_at_send, strict=True) if n >= seen_by]


async def exchange(app: Any, scope: dict[str, Any], messages: list[dict[str, Any]]) -> Any:
    """Run app once, like a server: a hang becomes a TimeoutError, an exception escapes."""
    recorder = TracingRecorder(messages)
    await asyncio.wait_for(app(scope, recorder.receive, recorder.send), TIMEOUT)
    return recorder


def _checked_response(recorder: TracingRecorder) -> tuple[int, dict[str, str], bytes, list]:
    """One complete response with well-formed headers; content-length at most once."""
    status, headers, body = response_of(recorder)
    raw_headers = recorder.sent[0].get("headers", [])
    names = [name for name, _value in raw_headers]
    assert all(isinstance(n, bytes) and n == n.lower() for n in names), names
    assert names.count(b"content-length") <= 1
    return status, headers, body, raw_headers


async def check_request(target: Target, request: Request) -> str:
    """Send request to target and assert every property; return what happened, for statistics."""
    recorder = await exchange(target.app, request.scope(), request.messages())
    assert recorder.sent_after_disconnect() == []
    expected = target.expect(request)
    if expected == NO_RESPONSE:
        assert recorder.disconnect_received()
        assert recorder.sent == [], "the client is gone: nothing may be sent"
        return "disconnected"

    status, headers, body, raw_headers = _checked_response(recorder)
    assert status in STAGE_STATUSES[target.part]
    assert status in expected, (status, expected)
    if target.part not in ("part1", "part2") and request.method == "HEAD":
        # Part 3 on answer HEAD with exactly the headers GET gets, content-length
        # included, and no body (where a header varies per request, the same names).
        get = await exchange(target.app, request.scope("GET"), request.messages())
        get_status, _get_headers, get_body, get_raw_headers = _checked_response(get)
        assert (status, body) == (get_status, b"")
        if target.head_headers_as_get:
            assert raw_headers == get_raw_headers
            assert int(headers["content-length"]) == len(get_body)
        else:
            assert [name for name, _ in raw_headers] == [name for name, _ in get_raw_headers]
        body = get_body
    elif "content-length" in headers:
        assert int(headers["content-length"]) == len(body)
    target.check_body(request, status, headers, body)
    return str(status)
