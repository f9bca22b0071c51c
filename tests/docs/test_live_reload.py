"""`make serve` rebuilds the site whenever a file is written under a folder it
watches (MkDocs 1.6's `mkdocs serve` polls docs/, mkdocs.yml and the `watch:`
folders, and any file event but a folder's own starts a rebuild; it has no
ignore list). `make test` turns bytecode caches on, so it must write them
elsewhere: with them in the part folders' __pycache__, a test run rebuilt the
site again and again while a reader had it open.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.docs.conftest import ROOT


@pytest.mark.parametrize(
    "target", ["test", "exercises", "exercise NAME=part1/01-head-requests"]
)
def test_make_test_keeps_bytecode_out_of_the_watched_folders(target) -> None:
    # -n: print the recipe, run nothing; -o: the environment counts as installed.
    make = ["make", "--no-print-directory", "-s", "-n", "-o", f"{sys.prefix}/.installed"]
    recipe = subprocess.run(
        [*make, *target.split()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if target == "test":
        assert "PYTHONDONTWRITEBYTECODE= " in recipe  # caches on, as the Makefile says
    prefix = re.search(r"PYTHONPYCACHEPREFIX=(\S+)", recipe)
    assert prefix, recipe
    cache = Path(prefix[1]).resolve()
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.UnsafeLoader)
    watched = [ROOT / config.get("docs_dir", "docs"), *(ROOT / w for w in config["watch"])]
    for folder in watched:
        assert not cache.is_relative_to(folder.resolve()), (cache, folder)
    assert cache.is_relative_to(ROOT.resolve() / ".cache")  # which `make clean` removes
