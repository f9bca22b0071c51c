"""Part 6's router: everything Part 5's does, and path templates in the trie
(tests/router_suite.py, both suites shared with Part 7): converters, the most specific
route first with backtracking, conflicts refused when a route is added, and `match`
with the values."""

from tests.router_suite import router_tests, templates_tests

globals().update(router_tests("part6"))
globals().update(templates_tests("part6"))
