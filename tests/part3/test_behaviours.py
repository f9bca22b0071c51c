"""The behaviour table (tests/behaviours.py), answered by Part 3's probe app.

test_behaviour runs the rows Part 3 passes; test_limitation, the rows where it
falls short on purpose, each asserting the limited answer the table writes down.
"""

from tests.behaviours import behaviour_tests

globals().update(behaviour_tests("part3"))
