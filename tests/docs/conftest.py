"""Build the site once per test session, strictly, into a temporary folder."""

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
def built_site(tmp_path_factory) -> BuiltSite:
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return BuiltSite(site, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def site(built_site) -> BuiltSite:
    """The built site, for tests that need it to exist: fails if the build failed."""
    assert built_site.returncode == 0, built_site.output
    return built_site
