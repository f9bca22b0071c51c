"""Part 7's exceptions carry the response the client gets (tests/exceptions_suite.py):
Part 6's RequestValidationException, the 422 that lists every problem, and
WebSocketDisconnect (its code and reason: test_websocket.py)."""

import json

from part7.exceptions import (
    InvalidRequest,
    RequestValidationException,
    WebSocketDisconnect,
)
from tests.exceptions_suite import exceptions_tests

globals().update(exceptions_tests("part7"))


def test_request_validation_is_a_422_listing_every_problem_as_json() -> None:
    errors = [
        {"type": "missing", "loc": ["query", "q"], "msg": "Field required", "input": None},
        {"type": "missing", "loc": ["body"], "msg": "Field required", "input": None},
    ]
    exc = RequestValidationException(errors)
    assert isinstance(exc, InvalidRequest)
    assert exc.errors is errors
    assert str(exc) == "2 invalid value(s)"
    assert exc.http_response.status_code == 422
    assert json.loads(exc.http_response.body) == {"detail": errors}


def test_websocket_disconnect_is_not_an_invalid_request() -> None:
    # It carries no HTTP answer: a WebSocket that is over has nobody to answer.
    assert not issubclass(WebSocketDisconnect, InvalidRequest)
    assert issubclass(WebSocketDisconnect, Exception)
