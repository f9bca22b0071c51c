"""Part 3's types: status codes and the ASGI boundary aliases."""

from http import HTTPStatus

from part3 import types


def test_status_code_is_the_standard_librarys() -> None:
    assert types.StatusCode.METHOD_NOT_ALLOWED == 405
    assert types.StatusCode.NOT_FOUND.phrase == "Not Found"
    assert types.StatusCode is HTTPStatus


def test_asgi_aliases_exist() -> None:
    for alias in (types.Scope, types.Message, types.Receive, types.Send):
        assert alias is not None
