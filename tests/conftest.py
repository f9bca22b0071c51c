"""Settings for the whole test session."""

from pathlib import Path

import coverage
import pytest

# pytest shows the values of a failing assert in test files only. The shared suites
# (tests/*_suite.py) and the behaviour table hold asserts too: register them, before
# anything imports them, so their failures read as well as any test's.
pytest.register_assert_rewrite(
    "tests.behaviours",
    "tests.exchanges",
    *(f"tests.{path.stem}" for path in Path(__file__).parent.glob("*_suite.py")),
)


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Make `pytest.mark.no_cover` work in xdist workers.

    pytest-cov 7.1 starts coverage twice in a worker: first as if the worker were
    the main process, then as the worker. Pausing coverage for a `no_cover` test
    stops the second, and the first takes over: the test is traced anyway, and
    what it records is thrown away (the property tests took twice the CPU). Stop
    the first, keep the second. Where coverage runs once, this changes nothing.
    """
    if not hasattr(session.config, "workerinput"):
        return  # not an xdist worker
    worker = coverage.Coverage.current()
    if worker is None:
        return  # coverage is off
    worker.stop()
    first = coverage.Coverage.current()
    if first is not None:
        first.stop()
    worker.start()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that wait on other processes first: the browser, then the live
    servers, then the rest of the no_cover tests (kernels, the site build,
    hypothesis), then everything else. With `--dist loadfile` each worker takes
    the next file as it frees up, so the waiting overlaps other work and the
    quick in-process tests even out the end of the run."""

    def rank(item: pytest.Item) -> int:
        for number, mark in enumerate(("browser", "live", "no_cover")):
            if item.get_closest_marker(mark):
                return number
        return 3

    items.sort(key=rank)  # stable: each file keeps its order
