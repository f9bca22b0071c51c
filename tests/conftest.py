"""Settings for the whole test session.

Speed: nbformat (the notebooks, the site's notebook pages) imports jsonschema,
whose format checkers import optional packages when they are installed
(jupyterlab's dependencies bring them): rfc3987_syntax builds a parser for "iri"
strings, and isoduration imports arrow for "duration" strings, together about
4 s of CPU in every test process. No test validates those formats, so the test
processes do without them: jsonschema skips a format whose import fails.
"""

import sys
from pathlib import Path

import pytest

for _unused in ("rfc3987_syntax", "isoduration"):
    sys.modules.setdefault(_unused, None)  # None in sys.modules: importing it fails

# pytest shows the values of a failing assert in test files only. The shared suites
# (tests/*_suite.py) and the behaviour table hold asserts too: register them, before
# anything imports them, so their failures read as well as any test's.
pytest.register_assert_rewrite(
    "tests.behaviours",
    "tests.exchanges",
    *(f"tests.{path.stem}" for path in Path(__file__).parent.glob("*_suite.py")),
)
