"""Part 3's sample app, in process (tests/sample_suite.py). What every Part 3 app does
(404, 405, 400 for bad JSON, ...) is in the behaviour table, tests/behaviours.py."""

from tests.sample_suite import sample_tests

globals().update(sample_tests("part3"))
