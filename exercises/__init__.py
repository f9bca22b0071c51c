"""Exercises: each folder holds a task, a starter, its tests and a solution.

An exercise's tests load the code under test with `load`: the reader's
`starter/` package, or the reference `solution/` when `target` says so.
Run one exercise with `python -m exercises part1/01-head-requests`, and the
both-ways check of every exercise with `python -m exercises`.
"""

import hashlib
import importlib
import importlib.util
import os
import re
import sys
from pathlib import Path
from types import ModuleType

TARGETS = ("starter", "solution")

# The package the tests load: the reader's starter, unless told otherwise
# (EXERCISE_TARGET=solution, or the check, which runs both in turn).
target = os.environ.get("EXERCISE_TARGET", "starter")

# Target folders whose code `load` reads from another folder: while the
# both-ways check runs, each starter/ maps to a temporary copy of it as
# committed in git, so that a reader's work in progress is not what it checks.
read_from: dict[Path, Path] = {}


def load(test_file: str, module: str) -> ModuleType:
    """Import module from the target package of test_file's exercise.

    In exercises/part1/01-head-requests/test_head_requests.py,
    `load(__file__, "app")` imports starter/app.py (or solution/app.py).
    Starter and solution get distinct module names, so both can be loaded
    in one process without mixing.
    """
    if target not in TARGETS:
        raise ValueError(f"EXERCISE_TARGET must be one of {TARGETS}")
    folder = Path(test_file).resolve().parent / target
    folder = read_from.get(folder, folder)
    package = _package_name(folder)
    if package not in sys.modules:
        init = folder / "__init__.py"
        if not init.is_file():
            raise ImportError(f"{folder} has no __init__.py")
        spec = importlib.util.spec_from_file_location(
            package, init, submodule_search_locations=[str(folder)]
        )
        assert spec is not None and spec.loader is not None  # a file exists
        sys.modules[package] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[package])
    return importlib.import_module(f"{package}.{module}")


def _package_name(folder: Path) -> str:
    """A module name for an exercise's starter or solution folder, unique to
    that folder: .../part1/01-head-requests/starter gives
    "exercise_part1_01_head_requests_starter_" and a short hash of its
    path."""
    readable = re.sub(r"\W", "_", "_".join(folder.parts[-3:]))
    unique = hashlib.sha256(str(folder).encode()).hexdigest()[:8]
    return f"exercise_{readable}_{unique}"
