"""Part 4's router: root and slashes, 404 vs 405, lazy method slots (tests/router_suite.py)."""

from tests.router_suite import router_tests

globals().update(router_tests("part4"))
