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
