"""Part 4's RequestData: streaming and caching the body, JSON, headers, query string,
and the background tasks (tests/request_data_suite.py)."""

from tests.request_data_suite import accessor_tests, request_data_tests

globals().update(request_data_tests("part4"))
globals().update(accessor_tests("part4"))
