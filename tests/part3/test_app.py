"""Part 3's App: its options and rules (tests/app_suite.py). What a request gets is in
the behaviour table, tests/behaviours.py."""

from tests.app_suite import app_tests

globals().update(app_tests("part3"))
