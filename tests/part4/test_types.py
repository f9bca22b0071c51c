"""Part 4's types: status codes and the ASGI boundary aliases (tests/types_suite.py)."""

from tests.types_suite import types_tests

globals().update(types_tests("part4"))
