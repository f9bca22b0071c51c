"""Part 6's responses: Part 5's file, unchanged; plain returns become its JsonResponse
(tests/http_responses_suite.py; the plain returns are in test_params.py)."""

from tests.http_responses_suite import http_responses_tests

globals().update(http_responses_tests("part6"))
