"""Part 3's RequestData: streaming and caching the body, JSON, headers, query string
(tests/request_data_suite.py)."""

from tests.request_data_suite import request_data_tests

globals().update(request_data_tests("part3"))
