"""Part 4's sample app, in process (tests/sample_suite.py). What every Part 4 app does
(404, 405, 400 for bad JSON, ...) is in the behaviour table, tests/behaviours.py."""

from tests.sample_suite import lifespan_sample_tests, sample_tests

globals().update(sample_tests("part4"))
globals().update(lifespan_sample_tests("part4"))
