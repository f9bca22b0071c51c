"""Part 6's lifespan, played by hand: the messages a server sends and gets back
(tests/lifespan_suite.py)."""

from tests.lifespan_suite import lifespan_tests

globals().update(lifespan_tests("part6"))
