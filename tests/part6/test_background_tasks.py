"""Part 6's BackgroundTasks: Part 5's file, unchanged (tests/background_tasks_suite.py)."""

from tests.background_tasks_suite import background_tasks_tests

globals().update(background_tasks_tests("part6"))
