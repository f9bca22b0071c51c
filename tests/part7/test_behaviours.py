"""The behaviour table (tests/behaviours.py), answered by Part 7's probe app."""

from tests.behaviours import behaviour_tests

globals().update(behaviour_tests("part7"))
