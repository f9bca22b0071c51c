"""Settings for the whole test session."""

from pathlib import Path

import pytest

# pytest shows the values of a failing assert in test files only. The shared suites
# (tests/*_suite.py) and the behaviour table hold asserts too: register them, before
# anything imports them, so their failures read as well as any test's.
pytest.register_assert_rewrite(
    "tests.behaviours",
    "tests.exchanges",
    *(f"tests.{path.stem}" for path in Path(__file__).parent.glob("*_suite.py")),
)
