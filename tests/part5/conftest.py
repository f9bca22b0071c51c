"""Part 5's tests: most come from suites shared with other parts (tests/*_suite.py).
pytest rewrites the asserts of test files only; registering the suites makes a
failing assert there show its values too. (Registered before they are imported.)"""

import pytest

pytest.register_assert_rewrite(
    "tests.app_suite",
    "tests.background_tasks_suite",
    "tests.exceptions_suite",
    "tests.http_responses_suite",
    "tests.lifespan_suite",
    "tests.request_data_suite",
    "tests.router_suite",
    "tests.sample_suite",
    "tests.types_suite",
)
