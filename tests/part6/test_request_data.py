"""Part 6's RequestData: streaming and caching the body, JSON, headers, query string,
and the background tasks (tests/request_data_suite.py), and the path parameters."""

from tests.request_data_suite import (
    accessor_tests,
    path_params_tests,
    request_data_tests,
)

globals().update(request_data_tests("part6"))
globals().update(accessor_tests("part6"))
globals().update(path_params_tests("part6"))
