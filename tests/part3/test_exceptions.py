"""Part 3's exceptions carry the response the client gets (tests/exceptions_suite.py)."""

from tests.exceptions_suite import exceptions_tests

globals().update(exceptions_tests("part3"))
