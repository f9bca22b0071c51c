"""`make lint` passes: ruff, the 78-column format of the code a reader sees, and
mypy --strict on every part and every exercise's solution. It runs as a test so
that `make test` checks it beside the rest of the suite, not before it."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

pytestmark = pytest.mark.no_cover  # ruff and mypy are other processes


def test_make_lint_passes() -> None:
    # The tools of the environment running this test: .venv, or the VENV that
    # `make test VENV=...` was given; -o: as installed, never reinstalled here.
    command = ["make", "--no-print-directory", "-o", f"{sys.prefix}/.installed"]
    command += ["lint", f"VENV={sys.prefix}"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("path", "fails"),
    [
        ("exercises/part1/01-head-requests/starter/app.py", False),
        ("exercises/part1/01-head-requests/solution/app.py", True),
        ("part3/app.py", True),
    ],
    ids=["a-starter", "a-solution", "a-part"],
)
def test_a_reader_debugging_in_a_starter_does_not_fail_the_lint(path, fails) -> None:
    # Readers work on the exercises in place: a print in a starter is their
    # business, while the code the site shows is held to every rule.
    ruff = Path(sys.prefix) / "bin" / "ruff"
    command = [str(ruff), "check", "--force-exclude", "--stdin-filename", path, "-"]
    result = subprocess.run(
        command, cwd=ROOT, input='print("here")\n', capture_output=True, text=True, timeout=60
    )
    assert (result.returncode != 0) is fails, result.stdout + result.stderr
