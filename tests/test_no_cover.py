"""`pytest.mark.no_cover` pauses coverage, in an xdist worker too (the fix in
tests/conftest.py). Under `make test` this test runs with coverage on; run alone
without `--cov`, nothing is running either, and it passes as well."""

import coverage
import pytest


@pytest.mark.no_cover
def test_no_coverage_runs_during_a_no_cover_test() -> None:
    assert coverage.Coverage.current() is None


def test_coverage_runs_during_other_tests(request) -> None:
    if request.config.getoption("cov_source", None):
        assert coverage.Coverage.current() is not None
