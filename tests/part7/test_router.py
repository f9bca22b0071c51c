"""Part 7's router: Part 6's, unchanged (tests/router_suite.py, shared with Part 6):
everything Part 5's does, and path templates in the trie: converters, the most
specific route first with backtracking, conflicts refused when a route is added, and
`match` with the values. (WebSocket routes have a router of their own, the same class:
test_app.py.)"""

from tests.router_suite import router_tests, templates_tests

globals().update(router_tests("part7"))
globals().update(templates_tests("part7"))
