"""Part 4's responses: rendered once, with correct headers, sent as two ASGI messages
(tests/http_responses_suite.py)."""

from tests.http_responses_suite import http_responses_tests

globals().update(http_responses_tests("part4"))
