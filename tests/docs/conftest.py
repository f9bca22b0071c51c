"""Build the site once per test run, strictly, into a temporary folder.

The site's test files may run on different xdist workers, so the build is shared
through the run's temporary folder: the first worker to take the lock builds the
site, and every other worker reuses it.
"""

import fcntl
import json
import os
import pathlib
import subprocess
import sys
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).parents[2]


@dataclass
class BuiltSite:
    path: pathlib.Path
    returncode: int
    output: str

    def page(self, url: str) -> str:
        """The HTML of a page, by its URL path: "part3/" or "" for the home page."""
        return (self.path / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> BuiltSite:
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # each worker has its own folder in the run's folder
        shared = shared.parent
    site, record = shared / "site", shared / "site-build.json"
    with open(shared / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not record.exists():
            result = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                cwd=ROOT,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                capture_output=True,
                text=True,
                timeout=180,
            )
            output = result.stdout + result.stderr
            record.write_text(json.dumps({"returncode": result.returncode, "output": output}))
    built = json.loads(record.read_text())
    return BuiltSite(site, built["returncode"], built["output"])


@pytest.fixture(scope="session")
def site(built_site) -> BuiltSite:
    """The built site, for tests that need it to exist: fails if the build failed."""
    assert built_site.returncode == 0, built_site.output
    return built_site
