"""Part 6's exceptions carry the response the client gets (tests/exceptions_suite.py),
and RequestValidationException, the 422 that lists every problem."""

import json

from part6.exceptions import InvalidRequest, RequestValidationException
from tests.exceptions_suite import exceptions_tests

globals().update(exceptions_tests("part6"))


def test_request_validation_is_a_422_listing_every_problem_as_json() -> None:
    errors = [
        {
            "type": "missing",
            "loc": ["query", "q"],
            "msg": "Field required",
            "input": None,
        },
        {
            "type": "missing",
            "loc": ["body"],
            "msg": "Field required",
            "input": None,
        },
    ]
    exc = RequestValidationException(errors)
    assert isinstance(exc, InvalidRequest)
    assert exc.errors is errors
    assert str(exc) == "2 invalid value(s)"
    response = exc.http_response
    assert response.status_code == 422
    assert response.get_headers()["content-type"] == "application/json; charset=utf-8"
    assert json.loads(response.body) == {"detail": errors}
