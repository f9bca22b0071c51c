"""Exception tests, shared by Parts 3-7: Parts 3-5's exceptions.py is the same file;
Part 6's adds RequestValidationException (tests/part6/test_exceptions.py), and
Part 7's WebSocketDisconnect.

`exceptions_tests("part4")` returns the tests bound to Part 4's module; a test
module puts them in its namespace with `globals().update(...)`.
"""

import importlib
from typing import Any


def exceptions_tests(part: str) -> dict[str, Any]:
    """The exceptions carry the response the client gets."""
    e = importlib.import_module(f"{part}.exceptions")

    def test_invalid_request_data_is_400_with_its_message() -> None:
        exc = e.InvalidRequestDataException("Body is not JSON")
        assert isinstance(exc, e.InvalidRequest)
        assert str(exc) == exc.message == "Body is not JSON"
        assert exc.http_response.status_code == 400
        assert exc.http_response.body == b"Body is not JSON"

    def test_not_found_is_404() -> None:
        exc = e.NotFoundException()
        assert str(exc) == "Not found"
        assert exc.http_response.status_code == 404
        assert e.NotFoundException("No such user").http_response.body == b"No such user"

    def test_method_not_allowed_is_405_with_allow() -> None:
        exc = e.MethodNotAllowedException(allowed_methods=["GET", "POST"])
        assert str(exc) == "Method not allowed"
        assert exc.allowed_methods == ("GET", "POST")
        assert exc.http_response.status_code == 405
        assert (b"allow", b"GET, POST") in exc.http_response.raw_headers

    def test_method_not_allowed_defaults_to_an_empty_allow() -> None:
        assert (b"allow", b"") in e.MethodNotAllowedException().http_response.raw_headers

    def test_client_disconnected_is_not_an_invalid_request() -> None:
        assert not issubclass(e.ClientDisconnectedException, e.InvalidRequest)

    return {name: test for name, test in locals().items() if name.startswith("test_")}
