"""Part 5's global middleware: the chain, its order, and what it sees
(tests/middleware_suite.py)."""

from tests.middleware_suite import middleware_tests

globals().update(middleware_tests("part5"))
