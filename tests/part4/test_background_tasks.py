"""Part 4's BackgroundTasks: a bounded pool of workers fed by a queue
(tests/background_tasks_suite.py)."""

from tests.background_tasks_suite import background_tasks_tests

globals().update(background_tasks_tests("part4"))
