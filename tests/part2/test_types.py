"""Part 2's types module."""

from typing import TypeVar

from part2 import request_data, types


def test_methods_moved_to_types_with_string_values() -> None:
    assert [m.value for m in types.Methods] == ["GET", "POST", "PUT", "PATCH", "DELETE"]


def test_unknown_method_strings_are_not_members_without_a_type_error() -> None:
    # `"HEAD" in Methods` raises TypeError on Python 3.11; the value map does not.
    assert "GET" in types.Methods._value2member_map_
    assert "HEAD" not in types.Methods._value2member_map_


def test_type_variables_and_aliases_exist() -> None:
    assert isinstance(types.QUERY_STRING_TYPE, TypeVar)
    assert isinstance(types.BODY_TYPE, TypeVar)
    for alias in (request_data.HandlerType, types.QueryExtractor, types.BodyExtractor):
        assert alias is not None
