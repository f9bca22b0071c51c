"""Part 6's App: its options and rules, and the lifespan state and background tasks as
a handler sees them (tests/app_suite.py). What a request gets is in the behaviour
table, tests/behaviours.py; what include_routes makes of a handler, in test_params.py."""

from tests.app_suite import app_tests, state_and_tasks_tests

globals().update(app_tests("part6"))
globals().update(state_and_tasks_tests("part6"))
