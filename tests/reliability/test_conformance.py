"""The conformance matrix: Part 3 passes every behaviour, and docs/conformance.md is current."""

import itertools

import pytest

from tests.reliability.conformance import (
    BEHAVIOURS,
    COMMAND,
    PAGE,
    PARTS,
    compute,
    render,
)


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=[b.name for b in BEHAVIOURS])
async def test_part3_passes(behaviour) -> None:
    outcome = await behaviour.check("part3")
    assert outcome.passed, outcome.note


async def test_a_behaviour_once_passed_stays_passed() -> None:
    """Each part keeps what the part before it got right: the stages only add."""
    matrix = await compute()
    for name, row in matrix.items():
        for earlier, later in itertools.pairwise(PARTS):
            assert row[later].passed or not row[earlier].passed, (name, earlier, later)


async def test_the_committed_page_is_current() -> None:
    expected = render(await compute())
    assert PAGE.read_text(encoding="utf-8") == expected, f"stale: run {COMMAND}"
