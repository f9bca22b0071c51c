"""The shared behaviour table (tests/behaviour_table.py), answered by Part 3."""

from tests.behaviour_table import behaviour_tests

test_http_behaviour, test_other_scope_behaviour = behaviour_tests("part3")
