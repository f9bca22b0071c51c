"""The behaviour table itself: well formed, monotonic across parts, and its page current.

The rows are run against each part by tests/partN/test_behaviours.py.
"""

import itertools

import pytest

from tests.behaviours import BEHAVIOURS, COMMAND, PAGE, PARTS, render


def test_row_ids_are_unique() -> None:
    ids = [row.id for row in BEHAVIOURS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("row", BEHAVIOURS, ids=[row.id for row in BEHAVIOURS])
def test_a_behaviour_once_passed_stays_passed(row) -> None:
    """The stages only add: a part may fall short only where every earlier part does."""
    assert set(row.limits) <= set(PARTS), f"unknown part in {row.id}"
    for earlier, later in itertools.pairwise(PARTS):
        assert earlier in row.limits or later not in row.limits, (
            row.id,
            earlier,
            later,
        )


@pytest.mark.parametrize("row", BEHAVIOURS, ids=[row.id for row in BEHAVIOURS])
def test_every_part_has_one_answer_per_request(row) -> None:
    for part in PARTS:
        assert len(row.answers(part)) == len(row.requests)


def test_the_committed_page_is_current() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(), f"stale: run {COMMAND}"
